//! Interrupted creates are never lost: the journal holds each create as pending before it is
//! sent; `recover` looks pending ones up by reference and records what it finds (or marks it not
//! created once it is old enough), and a create of the same event settles an interrupted one
//! first — so two creates under truncated answers make one event, not two.

mod webcast_support;

use kwebcast::kaltura::services::{EntryFilter, Pager, live_stream};
use kwebcast::kaltura::types::{ListResponse, LiveStreamEntry};
use kwebcast::sandbox::Sandbox;
use kwebcast::webcast::{
    AttemptState, CreateAttempt, CreateError, Journal, Recovered, Webcast, WebcastSettings,
};
use serde_json::json;
use std::time::Duration;
use webcast_support::*;

async fn set_faults(sb: &Sandbox, faults: serde_json::Value) {
    reqwest::Client::new()
        .post(format!("{}/sandbox/faults", sb.url()))
        .json(&faults)
        .send()
        .await
        .unwrap();
}

async fn entries_named(wc: &Webcast, name: &str) -> Vec<LiveStreamEntry> {
    let filter = EntryFilter {
        name_equal: Some(name.into()),
        ..EntryFilter::default()
    };
    let list: ListResponse<LiveStreamEntry> = wc
        .client()
        .call_as(&live_stream::list(&filter, Some(&Pager::first(50))))
        .await
        .unwrap();
    list.objects
}

fn attempt(sb: &Sandbox, reference: &str, name: &str, age_secs: i64) -> CreateAttempt {
    let mut req = request(name, Some(reference));
    req.reference = Some(reference.into());
    CreateAttempt {
        attempt: AttemptState::Pending,
        reference: reference.into(),
        name: name.into(),
        partner_id: sb.partner_id(),
        service_url: sb.url(),
        recorded_at: now() - age_secs,
        request: req,
    }
}

/// What a create that reached the service but never came back left there: a bare entry with
/// the reference (no metadata yet).
async fn entry_made_elsewhere(sb: &Sandbox, reference: &str, name: &str) -> String {
    let wc = webcast(sb);
    let mut new = kwebcast::webcast::create::new_live_stream(
        &request(name, Some(reference)),
        "producer@example.com,webcast-broadcaster",
        0,
    );
    new.conversion_profile_id = None;
    let entry: LiveStreamEntry = wc.client().call_as(&live_stream::add(&new)).await.unwrap();
    entry.id
}

fn quick(sb: &Sandbox) -> Webcast {
    let mut s: WebcastSettings = settings(sb);
    s.index_lag_window = Duration::from_millis(300);
    Webcast::new(admin_client(sb), s)
}

#[tokio::test]
async fn recover_records_what_it_finds_and_settles_the_rest() {
    let sb = sandbox(1000.0).await;
    let wc = quick(&sb);
    let dir = tempfile::tempdir().unwrap();
    let journal = journal(&dir);
    let found_id = entry_made_elsewhere(&sb, "kwebcast-found", "Made").await;
    journal
        .append_attempt(&attempt(&sb, "kwebcast-found", "Made", 30))
        .unwrap();
    journal
        .append_attempt(&attempt(&sb, "kwebcast-never", "Never sent", 600))
        .unwrap();
    journal
        .append_attempt(&attempt(&sb, "kwebcast-young", "Just sent", 5))
        .unwrap();

    let mut out = wc.recover(&journal).await.unwrap();
    out.sort_by(|a, b| a.attempt.reference.cmp(&b.attempt.reference));
    let by = |r: &str| out.iter().find(|x| x.attempt.reference == r).unwrap();
    match &by("kwebcast-found").outcome {
        Recovered::Recorded(c) => {
            assert_eq!(c.entry_id(), found_id);
            assert!(c.recovered);
            assert!(c.is_complete(), "completed: {:?}", c.pending);
        }
        other => panic!("expected Recorded, got {other:?}"),
    }
    assert!(matches!(
        by("kwebcast-never").outcome,
        Recovered::NotCreated
    ));
    match &by("kwebcast-young").outcome {
        Recovered::StillPending(why) => assert!(why.contains("may still be working"), "{why}"),
        other => panic!("expected StillPending, got {other:?}"),
    }
    // Exactly one journaled entry, and it exists on the service.
    let records = journal.load().unwrap().latest();
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0].entry_id, found_id);
    assert!(wc.resolve_playback(&found_id).await.is_ok());
    let left: Vec<String> = journal
        .unsettled(sb.partner_id(), &sb.url())
        .unwrap()
        .into_iter()
        .map(|a| a.reference)
        .collect();
    assert_eq!(left, ["kwebcast-young"]);

    // A service that cannot be asked leaves it pending, and says why.
    set_faults(&sb, json!({"fail_rate": 1.0})).await;
    let out = wc.recover(&journal).await.unwrap();
    assert_eq!(out.len(), 1);
    assert!(
        matches!(&out[0].outcome, Recovered::StillPending(why) if why.contains("could not be asked")),
        "{:?}",
        out[0].outcome
    );
}

#[tokio::test]
async fn two_creates_under_truncated_answers_make_one_event() {
    let sb = sandbox(1000.0).await;
    let wc = webcast(&sb);
    let dir = tempfile::tempdir().unwrap();
    let journal = journal(&dir);
    // Warm up: the live profile is remembered, so each create is a single request, the add.
    wc.create(&request("Warm-up", None), &journal)
        .await
        .unwrap();

    set_faults(&sb, json!({"truncate_rate": 1.0})).await;
    let first = wc
        .create(&request("Twice", None), &journal)
        .await
        .unwrap_err();
    let reference = first
        .uncertain_reference()
        .expect("an uncertain create names its reference")
        .to_string();
    assert!(first.to_string().contains(&reference), "{first}");
    // The same event again while the answers are still cut: the earlier attempt cannot be
    // settled, so nothing new is sent.
    reset_stats(&sb).await;
    let second = wc
        .create(&request("Twice", None), &journal)
        .await
        .unwrap_err();
    assert!(
        matches!(&second, CreateError::Unsettled { reference: r, .. } if r == &reference),
        "{second:?}"
    );
    let (_, _, calls) = stats(&sb).await;
    assert!(calls.get("liveStream.add").is_none(), "{calls}");

    // Answers whole again: the third create finds the event the first one made.
    set_faults(&sb, json!({})).await;
    let third = wc.create(&request("Twice", None), &journal).await.unwrap();
    assert!(third.recovered, "found, not made");
    assert_eq!(third.reference, reference);
    assert!(third.is_complete(), "{:?}", third.pending);
    assert_eq!(entries_named(&wc, "Twice").await.len(), 1, "one event");
    let twice: Vec<_> = journal
        .load()
        .unwrap()
        .latest()
        .into_iter()
        .filter(|r| r.name == "Twice")
        .collect();
    assert_eq!(twice.len(), 1);
    assert!(
        journal
            .unsettled(sb.partner_id(), &sb.url())
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_create_refused_by_the_service_is_settled_not_created() {
    let sb = sandbox(1000.0).await;
    let mut s = settings(&sb);
    s.conversion_profile_id = Some(424_242);
    let wc = Webcast::new(admin_client(&sb), s);
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::in_dir(dir.path());
    let err = wc
        .create(&request("Refused", None), &journal)
        .await
        .unwrap_err();
    assert!(matches!(err, CreateError::NotCreated(_)), "{err:?}");
    let load = journal.load().unwrap();
    let states: Vec<AttemptState> = load.attempts.iter().map(|a| a.attempt).collect();
    assert_eq!(states, [AttemptState::Pending, AttemptState::NotCreated]);
    assert!(
        journal
            .unsettled(sb.partner_id(), &sb.url())
            .unwrap()
            .is_empty()
    );
}
