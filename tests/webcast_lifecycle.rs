//! The after-event path against the sandbox: broadcast, Go Live (the real `liveStream.update`),
//! end, recording ready — the state, the playback choice and the attendee link follow, with the
//! KSs checked.

mod webcast_support;

use kwebcast::kaltura::ks::{self, SessionType};
use kwebcast::webcast::simulator::{SimulatorControl, SimulatorError};
use kwebcast::webcast::{EventState, LiveAction, PlaybackReason};
use webcast_support::*;

#[tokio::test]
async fn state_and_links_follow_the_event_to_its_recording() {
    // Speed 10: playable in 0.2 s, the recording READY 6 s after the end — wide enough to see
    // ENDED, short enough for a test.
    let sb = sandbox(10.0).await;
    let wc = webcast(&sb);
    let sim = SimulatorControl::new(&sb.url());
    let dir = tempfile::tempdir().unwrap();
    let req = request("Launch event", None);
    let created = wc.create(&req, &journal(&dir)).await.unwrap();
    let id = created.entry_id().to_string();

    reset_stats(&sb).await;
    let snap = wc.resolve_playback(&id).await.unwrap();
    assert_eq!(stats(&sb).await.0, 1, "one round-trip per resolution");
    assert_eq!(snap.state, EventState::Offline);
    assert_eq!(snap.playback.reason, PlaybackReason::NothingYet);
    assert_eq!(snap.playback.entry_id, id);
    assert_eq!(snap.schedule.as_ref().map(|s| s.end), Some(req.end));
    assert_eq!(snap.since, Some(snap.entry.created_at));

    sim.broadcast(&id).await.unwrap();
    let snap = wait_for(200, || async {
        let s = wc.resolve_playback(&id).await.unwrap();
        (s.state == EventState::Preview && s.entry.first_broadcast > 0).then_some(s)
    })
    .await;
    // Preview: the encoder is on, attendees still get the offline slate.
    assert_eq!(snap.playback.reason, PlaybackReason::NothingYet);
    assert!(snap.since.is_some());

    wc.run_action(&id, &LiveAction::GoLive, None).await.unwrap();
    let snap = wc.resolve_playback(&id).await.unwrap();
    assert_eq!(snap.state, EventState::Live);
    assert_eq!(snap.state.label(), "● LIVE");
    assert_eq!(snap.playback.reason, PlaybackReason::LiveNow);
    let links = wc.links(&snap).await.unwrap();
    let info = ks::verify(&ks_of(&links.attendee_url), sb.admin_secret()).unwrap();
    assert_eq!(info.privilege("sview"), Some(id.as_str()));

    encoder_stops(&sb, &id).await;
    let ended = wc.resolve_playback(&id).await.unwrap();
    assert_eq!(ended.state, EventState::Ended, "{:?}", ended.recordings);
    assert!(ended.since.is_some_and(|t| t >= snap.entry.first_broadcast));
    assert_eq!(ended.playback.reason, PlaybackReason::NothingYet);
    assert_eq!(
        ended.recordings.len(),
        1,
        "the session's recording, still processing"
    );

    let ready = wait_for(400, || async {
        let s = wc.resolve_playback(&id).await.unwrap();
        (s.state == EventState::RecordingReady).then_some(s)
    })
    .await;
    let recording = ready.recordings[0].id.clone();
    assert_ne!(recording, id);
    assert_eq!(ready.playback.entry_id, recording);
    assert!(matches!(
        ready.playback.reason,
        PlaybackReason::Redirect | PlaybackReason::RecordedEntry | PlaybackReason::NewestRecording
    ));

    // The attendee link now plays the recording, with exactly the seed's privileges.
    let now = now();
    let links = wc.links_at(&ready, now).await.unwrap();
    assert!(
        links
            .attendee_url
            .contains(&format!("entry_id={recording}"))
    );
    let info = ks::verify(&ks_of(&links.attendee_url), sb.admin_secret()).unwrap();
    assert_eq!(info.session_type, SessionType::User);
    assert_eq!(info.user_id, "attendee-1");
    assert_eq!(
        info.privileges_string(),
        format!(
            "sview:{recording},restrictexplicitliveview:{recording},enableentitlement,appid:kwebcast-tests,appdomain:events.example.org,sessionkey:attendee-1"
        )
    );
    // The event is in the future (planned end + 2 h margin).
    assert_eq!(info.expires_at, req.end + 7200);
    assert_eq!(links.attendee_expires_at, Some(info.expires_at));

    // Moderator link: the producer's KS for the live entry, the seed's parameters.
    let m: Vec<(String, String)> =
        serde_urlencoded::from_str(links.moderator_url.split_once('?').unwrap().1).unwrap();
    let get = |k: &str| {
        m.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(get("MediaEntryId"), id);
    assert_eq!(get("qnaModeratorMode"), "True");
    assert_eq!(get("serverAddress"), sb.url());
    assert_eq!(get("fromDate"), kwebcast::webcast::time::iso_utc(req.start));
    assert_eq!(get("toDate"), kwebcast::webcast::time::iso_utc(req.end));
    let minfo = ks::verify(&get("ks"), sb.admin_secret()).unwrap();
    assert_eq!(minfo.user_id, "producer@example.com");
    assert_eq!(minfo.session_type, SessionType::User);
    assert_eq!(
        minfo.privileges_string(),
        format!("setrole:WEBCAST_PRODUCER_DEVICE_ROLE,sview:*,list:{id},download:{id}")
    );
    assert_eq!(minfo.expires_at, now + 86_400);
    assert_eq!(
        get("ks_expiry"),
        kwebcast::webcast::time::iso_utc(now + 86_400)
    );

    // After auto-archive the entry no longer points at it; the root-entry list still finds it.
    let archived = wait_for(400, || async {
        let s = wc.resolve_playback(&id).await.unwrap();
        (s.entry.redirect_entry_id.is_empty() && s.entry.recorded_entry_id.is_empty()).then_some(s)
    })
    .await;
    assert_eq!(archived.state, EventState::RecordingReady);
    assert_eq!(archived.playback.entry_id, recording);
    assert_eq!(archived.playback.reason, PlaybackReason::NewestRecording);

    // poll() agrees with resolve_playback().
    let polled = wc.poll(std::slice::from_ref(&id)).await.unwrap();
    assert_eq!(polled[0].state, EventState::RecordingReady);
    assert_eq!(polled[0].playback, archived.playback);
    assert_eq!(polled[0].schedule, archived.schedule);
}

#[tokio::test]
async fn an_encoder_connecting_is_not_live_and_broadcasting_is_not_playable() {
    // Speed 0.05: AUTHENTICATED for 20 s, BROADCASTING until 40 s — long enough to look.
    let sb = sandbox(0.05).await;
    let wc = webcast(&sb);
    let sim = SimulatorControl::new(&sb.url());
    let dir = tempfile::tempdir().unwrap();
    let created = wc
        .create(&request("Connecting", None), &journal(&dir))
        .await
        .unwrap();
    let id = created.entry_id().to_string();
    sim.broadcast(&id).await.unwrap();
    let snap = wc.resolve_playback(&id).await.unwrap();
    assert_eq!(snap.entry.live_status.map(|s| s.code()), Some(3));
    assert_eq!(snap.state, EventState::Connecting);
    assert_eq!(snap.state.label(), "◔ CONNECTING");
    // Go Live while the encoder is still connecting: attendees are let in, but nothing plays.
    wc.run_action(&id, &LiveAction::GoLive, None).await.unwrap();
    let polled = wc.poll(std::slice::from_ref(&id)).await.unwrap();
    assert_eq!(polled[0].state, EventState::Connecting);
    assert_eq!(polled[0].playback.reason, PlaybackReason::NothingYet);
}

#[tokio::test]
async fn end_for_attendees_while_the_encoder_pushes_is_not_live_nor_preview() {
    let sb = sandbox(10.0).await;
    let wc = webcast(&sb);
    let sim = SimulatorControl::new(&sb.url());
    let dir = tempfile::tempdir().unwrap();
    let created = wc
        .create(&request("Ended while pushing", None), &journal(&dir))
        .await
        .unwrap();
    let id = created.entry_id().to_string();
    sim.broadcast(&id).await.unwrap();
    wait_for(200, || async {
        let s = wc.resolve_playback(&id).await.unwrap();
        (s.state == EventState::Preview).then_some(s)
    })
    .await;
    wc.run_action(&id, &LiveAction::GoLive, None).await.unwrap();
    assert_eq!(
        wc.resolve_playback(&id).await.unwrap().state,
        EventState::Live
    );
    // End, as Kaltura's live console sends it: viewMode PREVIEW, recording stopped.
    let after = wc
        .run_action(&id, &LiveAction::End, None)
        .await
        .unwrap()
        .event;
    assert_eq!(after.state, EventState::EndedFeedOn, "the re-poll sees it");
    let snap = wc.resolve_playback(&id).await.unwrap();
    assert_eq!(
        snap.entry.live_status.map(|s| s.code()),
        Some(1),
        "still PLAYABLE"
    );
    assert_eq!(snap.state, EventState::EndedFeedOn);
    assert_eq!(snap.state.label(), "▣ ENDED (FEED ON)");
    assert_ne!(snap.playback.reason, PlaybackReason::LiveNow);
    let polled = wc.poll(std::slice::from_ref(&id)).await.unwrap();
    assert_eq!(polled[0].state, EventState::EndedFeedOn);
    // The encoder stops: an ordinary end.
    encoder_stops(&sb, &id).await;
    let snap = wc.resolve_playback(&id).await.unwrap();
    assert_eq!(snap.state, EventState::Ended);
}

#[tokio::test]
async fn the_simulator_reports_unknown_entries() {
    let sb = sandbox(1000.0).await;
    let sim = SimulatorControl::new(&sb.url());
    match sim.broadcast("0_nosuch00").await {
        Err(SimulatorError::Refused { status, .. }) => assert_eq!(status, 404),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// The attendee link's `ks` query value, percent-decoded.
fn ks_of(url: &str) -> String {
    let query = url.split_once('?').expect("a query").1;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap();
    pairs
        .into_iter()
        .find(|(k, _)| k == "ks")
        .map(|(_, v)| v)
        .expect("a KS in the link")
}
