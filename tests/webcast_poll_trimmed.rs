//! A poll asks Kaltura only for the fields kwebcast reads (a response profile per sub-call) and
//! reads the ingest URLs once per event: the steady-state answer is at most a quarter of the
//! whole objects', and the snapshots are the same.

mod webcast_support;

use kwebcast::webcast::{EventSnapshot, Webcast};
use webcast_support::*;

async fn poll_bytes(
    sb: &kwebcast::sandbox::Sandbox,
    wc: &Webcast,
    ids: &[String],
) -> (i64, Vec<EventSnapshot>) {
    reset_stats(sb).await;
    let snaps = wc.poll(ids).await.unwrap();
    let (requests, _, calls) = stats(sb).await;
    assert_eq!(
        requests,
        1,
        "one multirequest for {} events: {calls}",
        ids.len()
    );
    let v = get_json(&format!("{}/sandbox/stats", sb.url())).await;
    (v["response_bytes"].as_i64().unwrap(), snaps)
}

#[tokio::test]
async fn a_steady_poll_costs_a_quarter_of_the_bytes_and_shows_the_same() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().unwrap();
    let maker = webcast(&sb);
    let mut ids = Vec::new();
    for i in 0..12 {
        let created = maker
            .create(&request(&format!("Bytes {i}"), None), &journal(&dir))
            .await
            .unwrap();
        ids.push(created.entry_id().to_string());
    }
    // A recording for some, as a real board has.
    let sim = kwebcast::webcast::simulator::SimulatorControl::new(&sb.url());
    for id in &ids[..4] {
        sim.broadcast(id).await.unwrap();
    }

    let trimmed = webcast(&sb);
    let full = webcast(&sb).with_full_answers();
    // The first poll also reads the ingest URLs once.
    let (first, _) = poll_bytes(&sb, &trimmed, &ids).await;
    let (steady, snaps) = poll_bytes(&sb, &trimmed, &ids).await;
    let (whole, full_snaps) = poll_bytes(&sb, &full, &ids).await;
    eprintln!(
        "bytes per event: first {} steady {} whole {}",
        first / 12,
        steady / 12,
        whole / 12
    );
    assert!(steady * 4 <= whole, "steady {steady} vs whole {whole}");
    assert!(first < whole, "first {first} vs whole {whole}");
    for (t, f) in snaps.iter().zip(&full_snaps) {
        assert_eq!(
            (t.state, &t.playback, &t.schedule),
            (f.state, &f.playback, &f.schedule)
        );
        assert_eq!(t.entry.name, f.entry.name);
        assert_eq!(
            t.entry.primary_broadcasting_url,
            f.entry.primary_broadcasting_url
        );
        assert_eq!(t.entry.stream_password, f.entry.stream_password);
        assert_eq!(t.entry.primary_srt_stream_id, f.entry.primary_srt_stream_id);
        assert!(!t.entry.stream_password.is_empty());
        let ids = |s: &EventSnapshot| {
            s.recordings
                .iter()
                .map(|r| (r.id.clone(), r.status))
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(t), ids(f));
    }
}

#[tokio::test]
async fn edits_show_within_two_polls() {
    use kwebcast::kaltura::services::{live_stream, metadata};
    use kwebcast::kaltura::types::{ListResponse, LiveStreamUpdate, Metadata};
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().unwrap();
    let wc = webcast(&sb);
    let created = wc
        .create(&request("Editable", None), &journal(&dir))
        .await
        .unwrap();
    let id = created.entry_id().to_string();
    let ids = vec![id.clone()];
    let first = wc.poll(&ids).await.unwrap();
    // `updatedAt` counts seconds: edit in a later second than the details were read.
    wait_for(100, || async {
        (now() > first[0].entry.updated_at).then_some(())
    })
    .await;
    let start = first[0].schedule.as_ref().expect("schedule").start;
    // Someone edits the description in KMC and moves the event by an hour in KMS.
    let change = LiveStreamUpdate {
        description: Some("Moved to the big room".into()),
        ..LiveStreamUpdate::default()
    };
    wc.client()
        .call(&live_stream::update(&id, &change))
        .await
        .unwrap();
    let records: ListResponse<Metadata> = wc
        .client()
        .call_as(&metadata::list(
            &metadata::MetadataFilter {
                object_id_equal: Some(id.clone()),
                metadata_object_type_equal: Some(
                    kwebcast::kaltura::types::MetadataObjectType::Entry,
                ),
                ..Default::default()
            },
            None,
        ))
        .await
        .unwrap();
    let events = records
        .objects
        .iter()
        .find(|m| m.xml.contains("<StartTime>"))
        .expect("the KMS_EVENTS3 record");
    let moved = events.xml.replace(
        &format!("<StartTime>{start}</StartTime>"),
        &format!("<StartTime>{}</StartTime>", start + 3600),
    );
    wc.client()
        .call(&metadata::update(events.id, &moved))
        .await
        .unwrap();
    wc.poll(&ids).await.unwrap();
    let second = wc.poll(&ids).await.unwrap();
    assert_eq!(second[0].entry.description, "Moved to the big room");
    assert_eq!(
        second[0].schedule.as_ref().map(|s| s.start),
        Some(start + 3600)
    );
}
