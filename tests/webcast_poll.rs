//! Polling many events: ⌈N/50⌉ HTTP requests, missing entries as ERROR snapshots.

mod webcast_support;

use kwebcast::kaltura::services::live_stream;
use kwebcast::kaltura::types::{LiveStreamEntry, NewLiveStream};
use kwebcast::webcast::{EventState, PlaybackReason};
use webcast_support::*;

#[tokio::test]
async fn polling_120_events_takes_3_requests() {
    let sb = sandbox(1000.0).await;
    let wc = webcast(&sb);
    let adds: Vec<_> = (0..120)
        .map(|i| live_stream::add(&NewLiveStream::new(format!("event {i}"))))
        .collect();
    let answers = wc.client().multirequest(&adds).await.unwrap();
    let mut ids: Vec<String> = answers
        .into_iter()
        .map(|a| {
            serde_json::from_value::<LiveStreamEntry>(a.unwrap())
                .unwrap()
                .id
        })
        .collect();
    // One deleted and one made-up ID among them.
    wc.client()
        .call(&live_stream::delete(&ids[7]))
        .await
        .unwrap();
    ids[100] = "0_nosuch00".into();

    reset_stats(&sb).await;
    let snaps = wc.poll(&ids).await.unwrap();
    let (http, multi, calls) = stats(&sb).await;
    assert_eq!((http, multi), (3, 3), "⌈120/50⌉ multirequests: {calls}");

    assert_eq!(snaps.len(), 120);
    for (snap, id) in snaps.iter().zip(&ids) {
        assert_eq!(snap.id(), id, "order follows the request");
    }
    for i in [7, 100] {
        let s = &snaps[i];
        assert_eq!(s.state, EventState::Error);
        assert_eq!(s.playback.reason, PlaybackReason::EntryUnavailable);
        let problem = s.problem.as_ref().expect("a reason");
        assert_eq!(problem.code.as_deref(), Some("ENTRY_ID_NOT_FOUND"));
        assert!(problem.message.contains(&ids[i]), "{}", problem.message);
    }
    let offline = snaps
        .iter()
        .filter(|s| s.state == EventState::Offline)
        .count();
    assert_eq!(offline, 118);
    assert_eq!(snaps[0].entry.name, "event 0");

    // The summary is what --json prints.
    let json = serde_json::to_value(snaps[0].summary()).unwrap();
    assert_eq!(json["state"], "OFFLINE");
    assert_eq!(json["label"], "○ OFFLINE");

    // An empty poll costs nothing.
    reset_stats(&sb).await;
    assert!(wc.poll(&[]).await.unwrap().is_empty());
    assert_eq!(stats(&sb).await.0, 0);
}

#[tokio::test]
async fn search_finds_by_name_and_by_id() {
    let sb = sandbox(1000.0).await;
    let wc = webcast(&sb);
    let dir = tempfile::tempdir().unwrap();
    let a = wc
        .create(&request("Alpha all-hands", None), &journal(&dir))
        .await
        .unwrap();
    wc.create(&request("Beta review", None), &journal(&dir))
        .await
        .unwrap();
    let found = wc.search("all-hands").await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id(), a.entry_id());
    assert!(found[0].schedule.is_some());
    let by_id = wc.search(a.entry_id()).await.unwrap();
    assert_eq!(by_id.len(), 1);
    assert!(wc.search("no such event").await.unwrap().is_empty());
}
