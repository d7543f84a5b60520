//! Running the event through the Kaltura API against the sandbox (reference section 9): Go Live,
//! End, pausing and resuming the recording and sending viewers to a recording are each one
//! `liveStream.update` and a re-poll; the sandbox answers as Kaltura does (`broadcastTime` on the
//! first switch, a paused recording that does not grow, `redirectEntryId` stored and cleared);
//! a KS without edit rights is refused with Kaltura's code.

mod webcast_support;

use kwebcast::kaltura::client::KsProvider;
use kwebcast::kaltura::ks::{KsVersion, SessionType};
use kwebcast::kaltura::secret::AdminSecret;
use kwebcast::kaltura::services::{base_entry, live_stream};
use kwebcast::kaltura::types::{LiveStreamUpdate, RecordingStatus, ViewMode};
use kwebcast::sandbox::{Sandbox, SandboxOptions};
use kwebcast::webcast::simulator::SimulatorControl;
use kwebcast::webcast::{EventState, LiveAction, PlaybackReason, Webcast};
use std::time::{Duration, Instant};
use webcast_support::*;

async fn created(wc: &Webcast, name: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    wc.create(&request(name, None), &journal(&dir))
        .await
        .unwrap()
        .entry_id()
        .to_string()
}

async fn until_state(wc: &Webcast, id: &str, want: EventState) {
    wait_for(400, || async {
        let s = wc.resolve_playback(id).await.unwrap();
        (s.state == want).then_some(())
    })
    .await;
}

#[tokio::test]
async fn go_live_end_pause_and_resume_are_updates_followed_by_a_re_poll() {
    let sb = sandbox(20.0).await;
    let wc = webcast(&sb);
    let sim = SimulatorControl::new(&sb.url());
    let id = created(&wc, "Town hall").await;
    sim.broadcast(&id).await.unwrap();
    until_state(&wc, &id, EventState::Preview).await;

    reset_stats(&sb).await;
    let live = wc
        .run_action(&id, &LiveAction::GoLive, None)
        .await
        .unwrap()
        .event;
    let (requests, _, calls) = stats(&sb).await;
    assert_eq!(requests, 2, "the update, then one poll");
    assert_eq!(calls["liveStream.update"], 1);
    assert_eq!(live.state, EventState::Live);
    assert_eq!(live.playback.reason, PlaybackReason::LiveNow);
    assert_eq!(live.entry.view_mode, Some(ViewMode::AllowAll));
    assert_eq!(live.entry.recording_status, Some(RecordingStatus::Active));
    let let_in = live.entry.broadcast_time;
    assert!(let_in > 0, "Go Live while playable sets broadcastTime");

    // Resending ALLOW_ALL is no new switch: broadcastTime stays (Kaltura sets it on the first).
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let again = LiveStreamUpdate {
        view_mode: Some(ViewMode::AllowAll),
        ..LiveStreamUpdate::default()
    };
    wc.client()
        .call(&live_stream::update(&id, &again))
        .await
        .unwrap();
    let snap = wc.resolve_playback(&id).await.unwrap();
    assert_eq!(snap.entry.broadcast_time, let_in);

    let paused = wc
        .run_action(&id, &LiveAction::PauseRecording, None)
        .await
        .unwrap()
        .event;
    assert_eq!(paused.state, EventState::Live, "attendees keep watching");
    assert_eq!(paused.entry.recording_status, Some(RecordingStatus::Paused));
    let resumed = wc
        .run_action(&id, &LiveAction::ResumeRecording, None)
        .await
        .unwrap()
        .event;
    assert_eq!(
        resumed.entry.recording_status,
        Some(RecordingStatus::Active)
    );

    let ended = wc
        .run_action(&id, &LiveAction::End, None)
        .await
        .unwrap()
        .event;
    assert_eq!(ended.state, EventState::EndedFeedOn);
    assert_eq!(ended.entry.view_mode, Some(ViewMode::Preview));
    assert_eq!(ended.entry.recording_status, Some(RecordingStatus::Stopped));
    assert_eq!(
        ended.entry.live_status.map(|s| s.code()),
        Some(1),
        "the encoder keeps pushing: still PLAYABLE"
    );
    assert_ne!(ended.playback.reason, PlaybackReason::LiveNow);
    encoder_stops(&sb, &id).await;
    until_state(&wc, &id, EventState::Ended).await;
}

#[tokio::test]
async fn the_recording_grows_only_while_live_and_not_paused() {
    // Speed 100: playable within 20 ms; the recording READY 0.6 s after the end.
    let sb = sandbox(100.0).await;
    let wc = webcast(&sb);
    let sim = SimulatorControl::new(&sb.url());
    let id = created(&wc, "Paused").await;
    let connected = Instant::now();
    sim.broadcast(&id).await.unwrap();
    until_state(&wc, &id, EventState::Preview).await;
    // A second of preview: the producer's rehearsal is not recorded.
    tokio::time::sleep(Duration::from_millis(1000)).await;

    let t0 = Instant::now();
    wc.run_action(&id, &LiveAction::GoLive, None).await.unwrap();
    wc.run_action(&id, &LiveAction::PauseRecording, None)
        .await
        .unwrap();
    let first = t0.elapsed();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let t1 = Instant::now();
    wc.run_action(&id, &LiveAction::ResumeRecording, None)
        .await
        .unwrap();
    wc.run_action(&id, &LiveAction::End, None).await.unwrap();
    let second = t1.elapsed();
    encoder_stops(&sb, &id).await;
    let whole = connected.elapsed();

    let snap = wc.resolve_playback(&id).await.unwrap();
    let recording = snap.recordings[0].id.clone();
    let rec = wc
        .client()
        .call(&base_entry::get(&recording))
        .await
        .unwrap();
    let ms = rec["msDuration"].as_i64().unwrap();
    let active = (first + second).as_millis() as i64;
    assert!(
        ms <= active,
        "recorded {ms} ms, but the recording ran at most {active} ms"
    );
    assert!(
        (ms as u128) + 2400 < whole.as_millis(),
        "the preview and the pause are not in it ({ms} ms of {} ms)",
        whole.as_millis()
    );
}

/// Two recordings of one event: two sessions more than 180 s apart, the second after a
/// restart of the sandbox on its state file with the first session's end forgotten.
async fn two_sessions() -> (Sandbox, Webcast, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let opts = SandboxOptions {
        speed: 100.0,
        admin_secret: "actions-test-secret-0123456789ab".into(),
        state_file: Some(dir.path().join("state.json")),
        ..SandboxOptions::default()
    };
    let sb = Sandbox::start(opts.clone()).await.unwrap();
    let wc = webcast(&sb);
    let id = created(&wc, "Two sessions").await;
    let session = |sb: &Sandbox, wc: &Webcast| {
        let url = sb.url();
        let sim = SimulatorControl::new(&url);
        let (wc, id) = (wc.clone(), id.clone());
        async move {
            sim.broadcast(&id).await.unwrap();
            until_state(&wc, &id, EventState::Preview).await;
            let stopped = post_json(&format!("{url}/sandbox/entries/{id}/end")).await;
            assert_eq!(stopped["ok"], true, "{stopped}");
            until_state(&wc, &id, EventState::RecordingReady).await;
        }
    };
    session(&sb, &wc).await;
    sb.shutdown().await;
    let path = dir.path().join("state.json");
    let mut state: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for e in state["entries"].as_array_mut().unwrap() {
        if e["obj"]["id"] == id.as_str() {
            e["last_end_ms"] = serde_json::Value::Null;
        }
    }
    std::fs::write(&path, state.to_string()).unwrap();
    let sb = Sandbox::start(opts).await.unwrap();
    let wc = webcast(&sb);
    session(&sb, &wc).await;
    (sb, wc, id, dir)
}

#[tokio::test]
async fn viewers_follow_a_redirect_to_an_older_recording_and_back() {
    let (sb, wc, id, _dir) = two_sessions().await;
    // Auto-archive clears the entry's pointers: attendees get the newest READY recording.
    let snap = wait_for(400, || async {
        let s = wc.resolve_playback(&id).await.unwrap();
        (s.recordings.len() == 2 && s.entry.redirect_entry_id.is_empty()).then_some(s)
    })
    .await;
    let (newer, older) = (snap.recordings[0].id.clone(), snap.recordings[1].id.clone());
    assert_eq!(snap.playback.entry_id, newer);

    let to_older = LiveAction::Redirect {
        recording: older.clone(),
    };
    let redirected = wc.run_action(&id, &to_older, None).await.unwrap().event;
    assert_eq!(redirected.entry.redirect_entry_id, older);
    assert_eq!(redirected.state, EventState::RecordingReady);
    assert_eq!(redirected.playback.entry_id, older);
    assert_eq!(redirected.playback.reason, PlaybackReason::Redirect);
    let links = wc.links(&redirected).await.unwrap();
    assert!(
        links.attendee_url.contains(&format!("entry_id={older}")),
        "the attendee link plays the chosen recording: {}",
        links.attendee_url
    );
    // A poll agrees (the redirect is stored, not only answered).
    let polled = wc.poll(std::slice::from_ref(&id)).await.unwrap();
    assert_eq!(polled[0].playback.entry_id, older);

    let cleared = wc
        .run_action(&id, &LiveAction::ClearRedirect, None)
        .await
        .unwrap()
        .event;
    assert_eq!(cleared.entry.redirect_entry_id, "");
    assert_eq!(cleared.playback.entry_id, newer);
    assert_eq!(cleared.playback.reason, PlaybackReason::NewestRecording);
    let raw = wc.client().call(&live_stream::get(&id)).await.unwrap();
    assert!(
        raw.get("redirectEntryId").is_none(),
        "redirectEntryId__null clears it, and Kaltura then omits it: {raw}"
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn a_user_ks_without_edit_rights_is_refused_with_kalturas_code() {
    let sb = sandbox(20.0).await;
    let wc = webcast(&sb);
    let id = created(&wc, "Not yours").await;
    let guest = Webcast::new(
        client_with(
            &sb,
            KsProvider::Local {
                secret: AdminSecret::new(sb.admin_secret()),
                partner_id: sb.partner_id(),
                user_id: "guest@example.com".into(),
                session_type: SessionType::User,
                privileges: String::new(),
                ttl_secs: 3600,
                version: KsVersion::V2,
            },
        ),
        settings(&sb),
    );
    let err = guest
        .run_action(&id, &LiveAction::GoLive, None)
        .await
        .expect_err("a guest cannot let attendees in");
    assert_eq!(err.code(), Some("INVALID_KS"), "{err}");
    assert!(err.to_string().contains("liveStream.update"), "{err}");
    let snap = wc.resolve_playback(&id).await.unwrap();
    assert_eq!(
        snap.entry.view_mode,
        Some(ViewMode::Preview),
        "nothing changed"
    );

    // The event's producer (a user in `entitledUsersEdit`) may: the same call with their KS.
    let producer = snap
        .entry
        .entitled_users_edit
        .split(',')
        .next()
        .unwrap()
        .trim()
        .to_string();
    assert!(!producer.is_empty(), "create names the producers");
    let producer = Webcast::new(
        client_with(
            &sb,
            KsProvider::Local {
                secret: AdminSecret::new(sb.admin_secret()),
                partner_id: sb.partner_id(),
                user_id: producer,
                session_type: SessionType::User,
                privileges: String::new(),
                ttl_secs: 3600,
                version: KsVersion::V2,
            },
        ),
        settings(&sb),
    );
    let live = producer
        .run_action(&id, &LiveAction::GoLive, None)
        .await
        .unwrap()
        .event;
    assert_eq!(live.entry.view_mode, Some(ViewMode::AllowAll));
}
