//! The IO task: receives tagged requests, runs each concurrently against the `Backend`, and sends
//! tagged answers back. It never touches the state; the UI decides what a (late) answer means.
//! Every request gets an answer, even when its job panics, so the board never waits forever
//! (a poll without an answer would stop polling for good).

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use super::action::{IoKind, IoReply, IoRequest, IoResult, Msg};
use super::backend::Backend;
use super::terminal::contained;

/// Serves requests until the UI drops its sender.
pub async fn run<B: Backend>(
    backend: B,
    mut requests: UnboundedReceiver<IoRequest>,
    replies: UnboundedSender<Msg>,
) {
    while let Some(req) = requests.recv().await {
        let backend = backend.clone();
        let replies = replies.clone();
        tokio::spawn(async move {
            let kind = req.kind.clone();
            let job = tokio::spawn(contained(async move { execute(&backend, req.kind).await }));
            let result = match job.await {
                Ok(result) => result,
                Err(e) => {
                    tracing::error!(tag = req.tag, "IO job failed: {e}");
                    failed(kind, job_failure_message(&e))
                }
            };
            // The UI may have quit meanwhile; nobody is left to tell.
            let _ = replies.send(Msg::Io(Box::new(IoReply {
                tag: req.tag,
                result,
            })));
        });
    }
}

/// Runs one request.
pub async fn execute<B: Backend>(backend: &B, kind: IoKind) -> IoResult {
    match kind {
        IoKind::Poll { ids } => IoResult::Polled(backend.poll(ids).await),
        IoKind::Create(event) => IoResult::Created(backend.create(event).await),
        IoKind::Links { id } => IoResult::Links {
            result: backend.links(id.clone()).await,
            id,
        },
        IoKind::Studio { id } => IoResult::Studio {
            result: backend.studio(id.clone()).await,
            id,
        },
        IoKind::Search { text } => IoResult::Searched(backend.search(text).await),
        IoKind::Simulate { id, action } => IoResult::Simulated {
            result: backend.simulate(id.clone(), action).await,
            id,
            action,
        },
        IoKind::LiveAction { id, action } => IoResult::LiveActed {
            result: backend
                .live_action(id.clone(), action.clone())
                .await
                .map(Box::new),
            id,
            action,
        },
        IoKind::Recover => IoResult::Recovered(backend.recover().await),
        IoKind::ViewPage { view, page } => IoResult::ViewPaged {
            result: backend.view_page(view, page).await,
            view,
            page,
        },
        IoKind::RememberWatch { id, name, schedule } => {
            IoResult::Journaled(backend.remember_watch(id, name, schedule).await)
        }
        IoKind::RecordGone { id } => IoResult::Journaled(backend.record_gone(id).await),
        IoKind::Manage { id, request } => IoResult::Managed {
            answer: super::manage::run(backend, id.clone(), request).await,
            id,
        },
        IoKind::Realtime { id } => IoResult::Realtime {
            result: backend.realtime(id.clone()).await,
            id,
        },
        IoKind::FollowJournal => IoResult::JournalFollowed(backend.follow_journal().await),
    }
}

/// What the board shows for a job that died. A panic's payload may hold anything (a URL with a
/// KS, a request body), so it goes only to the log, which is scrubbed.
pub fn job_failure_message(e: &tokio::task::JoinError) -> String {
    if e.is_panic() {
        "an IO job failed unexpectedly; see the log".to_string()
    } else {
        format!("internal error ({e}); see the log")
    }
}

/// The failure answer for a request whose job died.
pub fn failed(kind: IoKind, error: String) -> IoResult {
    match kind {
        IoKind::Poll { .. } => IoResult::Polled(Err(error)),
        IoKind::Create(_) => IoResult::Created(Err(error)),
        IoKind::Links { id } => IoResult::Links {
            id,
            result: Err(error),
        },
        IoKind::Studio { id } => IoResult::Studio {
            id,
            result: Err(error),
        },
        IoKind::Search { .. } => IoResult::Searched(Err(error)),
        IoKind::Simulate { id, action } => IoResult::Simulated {
            id,
            action,
            result: Err(error),
        },
        IoKind::LiveAction { id, action } => IoResult::LiveActed {
            id,
            action,
            result: Err(error),
        },
        IoKind::Recover => IoResult::Recovered(Err(error)),
        IoKind::ViewPage { view, page } => IoResult::ViewPaged {
            view,
            page,
            result: Err(error),
        },
        IoKind::RememberWatch { .. } | IoKind::RecordGone { .. } => IoResult::Journaled(Err(error)),
        IoKind::Manage { id, request } => IoResult::Managed {
            answer: request.failed(error),
            id,
        },
        IoKind::Realtime { id } => IoResult::Realtime {
            id,
            result: Err(crate::tui::view::RealtimeFailure::Failed(error)),
        },
        IoKind::FollowJournal => IoResult::JournalFollowed(Err(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_job_shows_no_payload() {
        let job = tokio::spawn(async {
            if std::hint::black_box(true) {
                panic!("leaked ks=djJ8SECRETKS and secret hunter2");
            }
        });
        let e = job.await.expect_err("the job panicked");
        let shown = job_failure_message(&e);
        assert_eq!(shown, "an IO job failed unexpectedly; see the log");
        assert!(!shown.contains("hunter2") && !shown.contains("djJ8"));
    }

    #[tokio::test]
    async fn a_cancelled_job_says_so() {
        let job = tokio::spawn(std::future::pending::<()>());
        job.abort();
        let e = job.await.expect_err("the job was cancelled");
        assert!(job_failure_message(&e).starts_with("internal error ("));
    }
}
