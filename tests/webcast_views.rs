//! The account's views (Upcoming, Live now, Past) over a sandbox holding 1,200 webcasts, through
//! our real client on loopback: each page is in the view's order across the whole account, costs
//! two HTTP requests (counted by `/sandbox/stats`), and the search index's 10,000-match limit is
//! Kaltura's error on the sandbox and a plain refusal in the library.

mod webcast_support;

use kwebcast::kaltura::client::KalturaClient;
use kwebcast::kaltura::services::{live_stream, metadata, metadata_profile};
use kwebcast::kaltura::types::{ListResponse, MetadataProfile, NewLiveStream};
use kwebcast::sandbox::Sandbox;
use kwebcast::webcast::account_views::{MAX_LISTED, VIEW_PAGE};
use kwebcast::webcast::xml::events_xml;
use kwebcast::webcast::{AccountView, Presenter, Schedule, ViewError};
use std::collections::HashSet;
use webcast_support::*;

/// One seeded event.
#[derive(Clone, Debug)]
struct Seeded {
    id: String,
    start: i64,
    end: i64,
    seq: usize,
}

/// Adds `count` live entries with `tags` and, when `scheduled`, a KMS_EVENTS3 record each, 100
/// per multirequest (`liveStream.add` then `metadata.add` of `{N:result:id}`). Event `i` starts
/// at `start_of(i)` and lasts an hour.
async fn seed(
    client: &KalturaClient,
    count: usize,
    tags: Option<&str>,
    start_of: impl Fn(usize) -> i64,
) -> Vec<Seeded> {
    let profiles: ListResponse<MetadataProfile> = client
        .call_as(&metadata_profile::list_by_system_name("KMS_EVENTS3"))
        .await
        .expect("profile");
    let profile = profiles.objects[0].id;
    let mut out = Vec::new();
    for chunk in (0..count).collect::<Vec<_>>().chunks(100) {
        let mut reqs = Vec::new();
        for &i in chunk {
            let entry = NewLiveStream {
                admin_tags: tags.map(str::to_string),
                ..NewLiveStream::new(format!("Event {i:04}"))
            };
            reqs.push(live_stream::add(&entry));
            let start = start_of(i);
            let xml = events_xml(
                &Schedule {
                    start,
                    end: start + 3600,
                    timezone: "UTC".into(),
                },
                &Presenter::default(),
            );
            let token = format!("{{{}:result:id}}", reqs.len());
            reqs.push(metadata::add(profile, &token, &xml));
        }
        let answers = client.multirequest(&reqs).await.expect("multirequest");
        for (k, &i) in chunk.iter().enumerate() {
            let entry = answers[2 * k].as_ref().expect("added");
            answers[2 * k + 1].as_ref().expect("metadata added");
            let start = start_of(i);
            out.push(Seeded {
                id: entry["id"].as_str().unwrap().to_string(),
                start,
                end: start + 3600,
                seq: out.len(),
            });
        }
    }
    out
}

/// Scrambles creation order against schedule order: event `i` starts `((i * 7919) % 1200) - 600`
/// ten-minute steps from `now`.
fn scrambled(now: i64) -> impl Fn(usize) -> i64 {
    move |i| now + (((i * 7919) % 1200) as i64 - 600) * 600
}

async fn broadcast(sb: &Sandbox, id: &str) {
    let answer = post_json(&format!("{}/sandbox/entries/{id}/broadcast", sb.url())).await;
    assert_eq!(answer["ok"], true, "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_views_page_through_1200_webcasts_in_order_at_two_requests_a_page() {
    let sb = sandbox(1000.0).await;
    let client = admin_client(&sb);
    let now = now();
    let webcasts = seed(
        &client,
        1200,
        Some("kms-webcast-event,vpaas-webcast"),
        scrambled(now),
    )
    .await;
    // Not webcasts: no tags, or tags that only look alike.
    let others = seed(&client, 20, None, |_| now + 60).await;
    let lookalike = seed(&client, 5, Some("webcast-kms-other"), |_| now + 60).await;
    // Webcasts by one tag only are webcasts too (KMS writes the first, the seed the second).
    let kms_only = seed(&client, 3, Some("kms-webcast-event"), |_| now + 120).await;
    let all_webcasts: Vec<Seeded> = webcasts
        .iter()
        .cloned()
        .chain(kms_only.iter().cloned().map(|mut s| {
            s.seq += 10_000;
            s
        }))
        .collect();
    let webcast = webcast(&sb);

    // Upcoming: every webcast not over yet, soonest start first (newest first among equals).
    let mut expected: Vec<&Seeded> = all_webcasts.iter().filter(|s| s.end > now).collect();
    expected.sort_by_key(|s| (s.start, std::cmp::Reverse(s.seq)));
    let expected: Vec<&str> = expected.iter().map(|s| s.id.as_str()).collect();
    reset_stats(&sb).await;
    let first = webcast
        .view_page(AccountView::Upcoming, 1, now)
        .await
        .expect("page 1");
    let (http, _, calls) = stats(&sb).await;
    assert_eq!(http, 2, "a page is two requests: {calls}");
    assert_eq!(calls["metadataProfile.list"], 1, "looked up once: {calls}");
    assert_eq!(first.total, expected.len() as i64);
    assert_eq!(first.events.len(), VIEW_PAGE as usize);
    assert!(first.has_more);
    let mut seen: Vec<String> = first.events.iter().map(|e| e.entry.id.clone()).collect();
    let mut page = 1;
    reset_stats(&sb).await;
    while seen.len() < expected.len() {
        page += 1;
        let p = webcast
            .view_page(AccountView::Upcoming, page, now)
            .await
            .expect("next page");
        assert!(!p.events.is_empty());
        assert_eq!(p.has_more, seen.len() + p.events.len() < expected.len());
        seen.extend(p.events.iter().map(|e| e.entry.id.clone()));
    }
    let (http, _, calls) = stats(&sb).await;
    assert_eq!(
        http,
        2 * i64::from(page - 1),
        "two requests per further page, the profile remembered: {calls}"
    );
    assert!(calls.get("metadataProfile.list").is_none(), "{calls}");
    assert_eq!(seen, expected, "the whole account, in start order");
    // The rows are the board's own snapshots: schedule read, state derived.
    let soonest = &first.events[0];
    assert!(soonest.schedule.as_ref().is_some_and(|s| s.end > now));
    assert_eq!(soonest.state.word(), "OFFLINE");

    // Past: over, the most recently ended first.
    let mut past: Vec<&Seeded> = all_webcasts.iter().filter(|s| s.end <= now).collect();
    past.sort_by_key(|s| (std::cmp::Reverse(s.end), std::cmp::Reverse(s.seq)));
    let p1 = webcast
        .view_page(AccountView::Past, 1, now)
        .await
        .expect("past");
    assert_eq!(p1.total, past.len() as i64);
    let got: Vec<&str> = p1.events.iter().map(|e| e.entry.id.as_str()).collect();
    let want: Vec<&str> = past.iter().take(50).map(|s| s.id.as_str()).collect();
    assert_eq!(got, want);

    // Live now: webcasts with an encoder connected, never other live entries.
    for s in [&webcasts[3], &webcasts[700], &others[0], &lookalike[0]] {
        broadcast(&sb, &s.id).await;
    }
    reset_stats(&sb).await;
    let live = webcast
        .view_page(AccountView::LiveNow, 1, now)
        .await
        .expect("live");
    let (http, _, _) = stats(&sb).await;
    assert_eq!(http, 2);
    let ids: HashSet<&str> = live.events.iter().map(|e| e.entry.id.as_str()).collect();
    assert_eq!(
        ids,
        HashSet::from([webcasts[3].id.as_str(), webcasts[700].id.as_str()])
    );
    assert_eq!(live.total, 2);
    assert!(!live.has_more);

    // Tag look-alikes and untagged entries are in no view.
    let everywhere: HashSet<String> = seen
        .into_iter()
        .chain(p1.events.iter().map(|e| e.entry.id.clone()))
        .collect();
    for s in others.iter().chain(&lookalike) {
        assert!(!everywhere.contains(&s.id), "{} is not a webcast", s.id);
    }
    for s in &kms_only {
        assert!(everywhere.contains(&s.id), "{} is a KMS webcast", s.id);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_past_the_search_index_limit_is_refused_without_a_request() {
    let sb = sandbox(1000.0).await;
    let webcast = webcast(&sb);
    let last_page = (MAX_LISTED / VIEW_PAGE) as u32;
    reset_stats(&sb).await;
    match webcast
        .view_page(AccountView::Upcoming, last_page + 1, now())
        .await
    {
        Err(ViewError::PastIndexLimit { page, .. }) => assert_eq!(page, last_page + 1),
        other => panic!("expected the limit, got {other:?}"),
    }
    assert_eq!(stats(&sb).await.0, 0);
    // The last page before the limit is asked (and empty here).
    let p = webcast
        .view_page(AccountView::Past, last_page, now())
        .await
        .expect("last page");
    assert!(p.events.is_empty() && !p.has_more);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watching_and_vanishing_are_remembered_in_the_journal() {
    use kwebcast::webcast::RemovalKind;
    use kwebcast::webcast::watch_list::Watched;
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = journal(&dir);
    let webcast = webcast(&sb);
    let made = webcast
        .create(&request("Made here", None), &journal)
        .await
        .expect("create");
    let made_id = made.entry.id.clone();
    let theirs = "0_theirs01";
    // `w` on an event not in the journal: a record without a request joins the board.
    assert_eq!(
        webcast
            .watch(theirs, "Their webinar", Some((100, 200)), &journal)
            .await
            .unwrap(),
        Watched::Added
    );
    assert_eq!(
        webcast
            .watch(theirs, "Their webinar", None, &journal)
            .await
            .unwrap(),
        Watched::AlreadyWatched
    );
    assert_eq!(
        webcast
            .watch(&made_id, "Made here", None, &journal)
            .await
            .unwrap(),
        Watched::AlreadyWatched,
        "a created event is watched already"
    );
    let load = journal.load().unwrap();
    let watched: Vec<String> = load.watched().into_iter().map(|r| r.entry_id).collect();
    assert_eq!(watched, [made_id.clone(), theirs.to_string()]);
    let rec = load
        .latest()
        .into_iter()
        .find(|r| r.entry_id == theirs)
        .unwrap();
    assert!(rec.request.is_none() && rec.reference.is_none());
    assert_eq!(
        (rec.start, rec.end, rec.name.as_str()),
        (100, 200, "Their webinar")
    );
    assert_eq!(rec.service_url, webcast.journal_service());

    // Forgotten, then watched again: back, with what the journal knew (its request too).
    webcast.forget(&made_id, &journal).await.expect("forget");
    assert_eq!(
        webcast
            .watch(&made_id, "Made here", None, &journal)
            .await
            .unwrap(),
        Watched::Restored
    );
    let back = journal
        .load()
        .unwrap()
        .latest()
        .into_iter()
        .find(|r| r.entry_id == made_id)
        .unwrap();
    assert!(back.removed.is_none() && back.request.is_some());

    // Gone from the account: recorded once; an event the journal does not watch is not.
    assert!(webcast.record_vanished(theirs, &journal).await.unwrap());
    assert!(!webcast.record_vanished(theirs, &journal).await.unwrap());
    assert!(
        !webcast
            .record_vanished("0_unknown1", &journal)
            .await
            .unwrap()
    );
    let load = journal.load().unwrap();
    let gone = load
        .latest()
        .into_iter()
        .find(|r| r.entry_id == theirs)
        .unwrap();
    assert_eq!(gone.removed.map(|r| r.kind), Some(RemovalKind::Vanished));
    let watched: Vec<String> = load.watched().into_iter().map(|r| r.entry_id).collect();
    assert_eq!(watched, [made_id]);
}
