//! The IO task answers every request with its tag, even when the job panics.

use std::time::Duration;

use crate::tui::action::{IoKind, IoRequest, IoResult, Msg, SimAction};
use crate::tui::backend::Backend;
use crate::tui::io_task;
use crate::tui::view::{
    CreatedView, EventView, LinksView, NewEvent, RealtimeAudience, RealtimeFailure, RecoveryView,
    StudioView,
};
use crate::webcast::LiveAction;

/// A backend whose poll panics (a bug we must survive) and whose other calls fail plainly.
#[derive(Clone)]
struct Broken;

impl Backend for Broken {
    async fn poll(&self, _ids: Vec<String>) -> Result<Vec<EventView>, String> {
        panic!("bug in a poll")
    }
    async fn create(&self, _event: NewEvent) -> Result<CreatedView, String> {
        Err("refused".into())
    }
    async fn links(&self, _id: String) -> Result<LinksView, String> {
        Err("refused".into())
    }
    async fn studio(&self, _id: String) -> Result<StudioView, String> {
        Err("refused".into())
    }
    async fn search(&self, _text: String) -> Result<Vec<EventView>, String> {
        Ok(Vec::new())
    }
    async fn simulate(&self, _id: String, _action: SimAction) -> Result<(), String> {
        Err("refused".into())
    }
    async fn live_action(&self, _id: String, _action: LiveAction) -> Result<EventView, String> {
        Err("refused".into())
    }
    async fn recover(&self) -> Result<Vec<RecoveryView>, String> {
        Err("refused".into())
    }
    async fn realtime(&self, _id: String) -> Result<RealtimeAudience, RealtimeFailure> {
        Err(RealtimeFailure::Failed("refused".into()))
    }
}

#[tokio::test]
async fn a_panicking_job_still_gets_a_tagged_answer() {
    let (req_tx, req_rx) = tokio::sync::mpsc::unbounded_channel();
    let (msg_tx, mut msg_rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(io_task::run(Broken, req_rx, msg_tx));
    req_tx
        .send(IoRequest {
            tag: 7,
            kind: IoKind::Poll {
                ids: vec!["0_a".into()],
            },
        })
        .expect("send");
    let msg = tokio::time::timeout(Duration::from_secs(10), msg_rx.recv())
        .await
        .expect("answer")
        .expect("open");
    let Msg::Io(reply) = msg else {
        panic!("an IO answer")
    };
    assert_eq!(reply.tag, 7);
    assert!(
        matches!(&reply.result, IoResult::Polled(Err(e))
            if e == "an IO job failed unexpectedly; see the log" && !e.contains("bug in a poll")),
        "{:?}",
        reply.result
    );
}
