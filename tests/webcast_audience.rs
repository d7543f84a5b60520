//! The poll's audience and stream health, over real HTTP against the sandbox: still ⌈N/50⌉
//! requests with them included; viewers asked for live events only, at most every
//! `viewers_interval`; each event's primary and backup ingest; the realtime graph of one event in
//! one request of its own.

mod webcast_support;

use kwebcast::kaltura::services::live_stream;
use kwebcast::kaltura::types::{LiveStatus, LiveStreamEntry, NewLiveStream};
use kwebcast::webcast::simulator::{SimulatedAction, SimulatorControl};
use kwebcast::webcast::{EventState, Webcast};
use webcast_support::*;

async fn make(wc: &Webcast, n: usize) -> Vec<String> {
    let adds: Vec<_> = (0..n)
        .map(|i| {
            live_stream::add(&NewLiveStream {
                explicit_live: Some(true),
                ..NewLiveStream::new(format!("event {i}"))
            })
        })
        .collect();
    wc.client()
        .multirequest(&adds)
        .await
        .unwrap()
        .into_iter()
        .map(|a| {
            serde_json::from_value::<LiveStreamEntry>(a.unwrap())
                .unwrap()
                .id
        })
        .collect()
}

fn calls(v: &serde_json::Value, name: &str) -> i64 {
    v[name].as_i64().unwrap_or(0)
}

#[tokio::test]
async fn audience_and_health_ride_in_the_polls_multirequests() {
    let sb = sandbox(1000.0).await;
    let mut first_settings = settings(&sb);
    first_settings.viewers_interval = 2;
    let wc = Webcast::new(admin_client(&sb), first_settings);
    let ids = make(&wc, 120).await;
    let sim = SimulatorControl::new(&sb.url());
    // Events 0..10 live, 0..3 with a backup encoder too; 10..12 in preview.
    for id in &ids[..12] {
        sim.broadcast(id).await.unwrap();
    }
    for id in &ids[..3] {
        sim.run(id, SimulatedAction::BroadcastBackup).await.unwrap();
    }
    for (i, id) in ids[..10].iter().enumerate() {
        post_json(&format!("{}/sandbox/entries/{id}/golive", sb.url())).await;
        sim.set_viewers(id, Some(100 + i as u64)).await.unwrap();
    }
    wait_for(200, || async {
        let snaps = wc.poll(&ids[..12]).await.unwrap();
        snaps
            .iter()
            .all(|s| {
                s.health.as_ref().is_some_and(|h| {
                    h.primary
                        .as_ref()
                        .is_some_and(|p| p.status == LiveStatus::Playable)
                })
            })
            .then_some(())
    })
    .await;

    // A first poll by a fresh handle: it knows no state, so it asks every event's viewers —
    // still 3 requests for 120 events.
    let mut fresh_settings = settings(&sb);
    fresh_settings.viewers_interval = 2;
    let fresh = Webcast::new(admin_client(&sb), fresh_settings);
    reset_stats(&sb).await;
    let snaps = fresh.poll(&ids).await.unwrap();
    let (http, multi, calls_made) = stats(&sb).await;
    assert_eq!((http, multi), (3, 3), "⌈120/50⌉: {calls_made}");
    assert_eq!(calls(&calls_made, "entryServerNode.list"), 3);
    assert_eq!(calls(&calls_made, "liveStream.getLiveStreamStats"), 120);
    for (i, s) in snaps.iter().enumerate() {
        let h = s.health.as_ref().expect("health read");
        match i {
            0..10 => {
                assert_eq!(s.state, EventState::Live, "{i}");
                assert_eq!(s.viewers, Some(100 + i as i64), "{i}");
                assert!(h.primary.is_some());
                assert_eq!(h.backup.is_some(), i < 3, "{i}");
                assert!(h.primary.as_ref().unwrap().bitrate_kbps() > 0);
            }
            10..12 => {
                assert_eq!(s.state, EventState::Preview);
                assert_eq!(s.viewers, None, "not live: no figure");
                assert!(h.primary.is_some());
            }
            _ => {
                assert_eq!(s.viewers, None);
                assert!(h.is_empty(), "{i}: no encoder");
            }
        }
    }

    // The next poll, within the interval: no viewer counts asked at all.
    reset_stats(&sb).await;
    let again = fresh.poll(&ids).await.unwrap();
    let (http, _, calls_made) = stats(&sb).await;
    assert_eq!(http, 3);
    assert_eq!(
        calls(&calls_made, "liveStream.getLiveStreamStats"),
        0,
        "{calls_made}"
    );
    assert_eq!(again[4].viewers, Some(104), "the last figure in between");
    // Nodes are read without their streams in between; the streams come from the cache.
    for (a, b) in again.iter().zip(&snaps) {
        assert_eq!(a.health, b.health, "{}", a.id());
    }

    // After the interval: only the 10 live events are asked.
    sim.set_viewers(&ids[4], Some(5000)).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    reset_stats(&sb).await;
    let later = fresh.poll(&ids).await.unwrap();
    let (http, _, calls_made) = stats(&sb).await;
    assert_eq!(http, 3);
    assert_eq!(
        calls(&calls_made, "liveStream.getLiveStreamStats"),
        10,
        "{calls_made}"
    );
    assert_eq!(later[4].viewers, Some(5000));

    // Failover: the primary of event 0 drops, its backup carries on.
    sim.run(&ids[0], SimulatedAction::DisconnectPrimary)
        .await
        .unwrap();
    let after = fresh.poll(&ids[..1]).await.unwrap();
    let h = after[0].health.as_ref().unwrap();
    assert!(h.primary.is_none());
    assert_eq!(h.backup.as_ref().unwrap().status, LiveStatus::Playable);
    assert_eq!(after[0].state, EventState::Live, "the backup keeps it live");
}

#[tokio::test]
async fn the_realtime_graph_of_one_event_is_one_request() {
    let sb = sandbox(1000.0).await;
    let wc = webcast(&sb);
    let ids = make(&wc, 2).await;
    let sim = SimulatorControl::new(&sb.url());
    let target = ids[1].clone();
    sim.broadcast(&target).await.unwrap();
    wait_for(200, || async {
        let s = wc.poll(std::slice::from_ref(&target)).await.unwrap();
        (s[0].state == EventState::Preview).then_some(())
    })
    .await;
    post_json(&format!("{}/sandbox/entries/{target}/golive", sb.url())).await;
    reset_stats(&sb).await;
    let realtime = wc.realtime_audience(&target).await.unwrap();
    let (http, _, calls_made) = stats(&sb).await;
    assert_eq!(http, 1, "{calls_made}");
    assert_eq!(calls(&calls_made, "report.getGraphs"), 1);
    assert_eq!(realtime.entry_id, target);
    assert!(realtime.points.len() >= 15, "{:?}", realtime.points);
    assert!(realtime.points.windows(2).all(|w| w[1].0 - w[0].0 == 10));
    // A bad ID is never sent.
    reset_stats(&sb).await;
    assert!(wc.realtime_audience("0_a,0_b").await.is_err());
    assert_eq!(stats(&sb).await.0, 0);
}
