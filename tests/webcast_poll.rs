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
    // ⌈120/50⌉ multirequests, plus one for each chunk whose list left an ID out (chunks 1 and
    // 3 here): the search index lags writes, so `liveStream.get` confirms before "missing".
    assert_eq!((http, multi), (5, 5), "{calls}");
    assert_eq!(calls["liveStream.get"], 2, "{calls}");

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

#[tokio::test]
async fn search_finds_what_an_operator_types_though_kaltura_matches_whole_words() {
    let sb = sandbox(1000.0).await;
    let wc = webcast(&sb);
    let dir = tempfile::tempdir().unwrap();
    let town = wc
        .create(&request("Quarterly Town Hall", None), &journal(&dir))
        .await
        .unwrap();
    wc.create(&request("Board review", None), &journal(&dir))
        .await
        .unwrap();
    for typed in ["town", "Town Hall", "tow", "own ha", "QUARTER"] {
        reset_stats(&sb).await;
        let found = wc.search(typed).await.unwrap();
        assert_eq!(stats(&sb).await.0, 2, "{typed}: the search, then one poll");
        let ids: Vec<&str> = found.iter().map(|s| s.id()).collect();
        assert_eq!(ids, [town.entry_id()], "{typed}");
    }
}

/// Starts a sandbox on a state file with a fixed secret, so it can be stopped, edited and
/// started again with the same account.
async fn sandbox_on(path: &std::path::Path) -> kwebcast::sandbox::Sandbox {
    kwebcast::sandbox::Sandbox::start(kwebcast::sandbox::SandboxOptions {
        speed: 1000.0,
        state_file: Some(path.to_path_buf()),
        admin_secret: "busy-account-secret".into(),
        ..kwebcast::sandbox::SandboxOptions::default()
    })
    .await
    .expect("sandbox starts")
}

#[tokio::test]
async fn a_busy_event_does_not_hide_an_older_events_recording() {
    use kwebcast::webcast::simulator::SimulatorControl;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let sb = sandbox_on(&path).await;
    let wc = webcast(&sb);
    let sim = SimulatorControl::new(&sb.url());
    let old = wc
        .create(&request("Older event", None), &journal(&dir))
        .await
        .unwrap()
        .entry_id()
        .to_string();
    let busy = wc
        .create(&request("Busy event", None), &journal(&dir))
        .await
        .unwrap()
        .entry_id()
        .to_string();
    sim.broadcast(&old).await.unwrap();
    wait_for(400, || async {
        let s = wc.resolve_playback(&old).await.unwrap();
        (s.entry.first_broadcast > 0).then_some(())
    })
    .await;
    encoder_stops(&sb, &old).await;
    // Ready and archived: found only through the root-entry lists.
    let alone = wait_for(400, || async {
        let s = wc.poll(std::slice::from_ref(&old)).await.unwrap().remove(0);
        (s.state == EventState::RecordingReady && s.entry.recorded_entry_id.is_empty()).then_some(s)
    })
    .await;
    assert_eq!(alone.playback.reason, PlaybackReason::NewestRecording);
    let recording = alone.playback.entry_id.clone();
    sb.shutdown().await;

    // 600 newer READY recordings of the busy event: more than one page of the shared lists.
    let mut state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let entries = state["entries"].as_array_mut().unwrap();
    let template = entries
        .iter()
        .find(|e| e["obj"]["id"] == recording.as_str())
        .expect("the older event's recording")
        .clone();
    let created = template["obj"]["createdAt"].as_i64().unwrap();
    let seq = entries
        .iter()
        .filter_map(|e| e["seq"].as_u64())
        .max()
        .unwrap();
    for i in 0..600u64 {
        let mut e = template.clone();
        e["seq"] = (seq + 1 + i).into();
        e["obj"]["id"] = format!("0_zz{i:06}").into();
        e["obj"]["rootEntryId"] = busy.as_str().into();
        e["obj"]["name"] = format!("Busy event {i}").into();
        e["obj"]["createdAt"] = (created + 10 + i as i64).into();
        e["obj"]["updatedAt"] = (created + 10 + i as i64).into();
        entries.push(e);
    }
    std::fs::write(&path, serde_json::to_vec(&state).unwrap()).unwrap();

    let sb = sandbox_on(&path).await;
    let wc = webcast(&sb);
    reset_stats(&sb).await;
    let snaps = wc.poll(&[old.clone(), busy.clone()]).await.unwrap();
    assert_eq!(snaps[0].id(), old);
    assert_eq!(snaps[0].state, EventState::RecordingReady, "{:?}", snaps[0]);
    assert_eq!(snaps[0].playback, alone.playback);
    let links = wc.links(&snaps[0]).await.unwrap();
    assert!(
        links
            .attendee_url
            .contains(&format!("entry_id={recording}"))
    );
    assert_eq!(snaps[1].id(), busy);
    assert_eq!(snaps[1].playback.entry_id, "0_zz000599", "the newest");
    let (http, _, calls) = stats(&sb).await;
    assert_eq!(
        http, 3,
        "one more round-trip for the overflowing chunk (and the links' short link): {calls}"
    );
    assert_eq!(calls["shortLink.add"], 1, "{calls}");

    // Alone, the older event fits the page: still one round-trip.
    reset_stats(&sb).await;
    let again = wc.poll(std::slice::from_ref(&old)).await.unwrap();
    assert_eq!(stats(&sb).await.0, 1);
    assert_eq!(again[0].playback, alone.playback);
}
