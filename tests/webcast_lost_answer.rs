//! Nothing lost when the create's answer is: a proxy lets the create multirequest reach the
//! sandbox (so the entry is made) but answers HTTP 504 instead of passing the answer on. With a
//! reference, the create finds the entry it made, completes it, journals it and returns it;
//! a retry then makes no duplicate.

mod webcast_support;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use kwebcast::kaltura::client::KsProvider;
use kwebcast::kaltura::ks::{KsVersion, SessionType};
use kwebcast::kaltura::secret::AdminSecret;
use kwebcast::kaltura::services::{EntryFilter, Pager, live_stream};
use kwebcast::kaltura::types::{ListResponse, LiveStreamEntry};
use kwebcast::sandbox::Sandbox;
use kwebcast::webcast::Webcast;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use webcast_support::*;

struct Proxy {
    upstream: String,
    http: reqwest::Client,
    /// Swallow the answer of the next request that carries `liveStream.add`.
    lose_next_add: AtomicBool,
    /// Once a `liveStream.update` went through, refuse every later request with a Kaltura
    /// exception (the re-poll after an action fails; the action itself was applied).
    refuse_after_update: AtomicBool,
    /// Set when an update went through while `refuse_after_update` was on.
    updated: AtomicBool,
    /// An entry ID every list answer leaves out, as a lagging search index would.
    unlisted: std::sync::Mutex<Option<String>>,
}

/// Removes objects with `id` from every `objects` array of a (multi)request answer.
fn drop_from_lists(answer: &mut serde_json::Value, id: &str) {
    match answer {
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| drop_from_lists(v, id)),
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Array(objects)) = map.get_mut("objects") {
                objects.retain(|o| o["id"] != id);
            }
        }
        _ => {}
    }
}

async fn forward(
    State(p): State<Arc<Proxy>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let text = String::from_utf8_lossy(&body).to_ascii_lowercase();
    let is_add = text.contains("\"livestream\"") && text.contains("\"add\"");
    if p.updated.load(Ordering::SeqCst) {
        return (
            StatusCode::OK,
            [("content-type", "application/json")],
            r#"{"objectType":"KalturaAPIException","code":"INTERNAL_SERVERL_ERROR","message":"Internal server error occurred","args":[]}"#,
        )
            .into_response();
    }
    let path = uri.to_string().to_ascii_lowercase();
    let is_update = (path.contains("livestream") || text.contains("\"livestream\""))
        && (path.contains("update") || text.contains("\"update\""));
    let mut req = p.http.post(format!("{}{}", p.upstream, uri));
    if let Some(ct) = headers.get("content-type") {
        req = req.header("content-type", ct.as_bytes());
    }
    let upstream = match req.body(body.clone()).send().await {
        Ok(r) => r,
        Err(_) => return StatusCode::BAD_GATEWAY.into_response(),
    };
    let status = upstream.status().as_u16();
    let answer = upstream.bytes().await.unwrap_or_default();
    if is_update && p.refuse_after_update.load(Ordering::SeqCst) {
        p.updated.store(true, Ordering::SeqCst);
    }
    if is_add && p.lose_next_add.swap(false, Ordering::SeqCst) {
        // The sandbox made the entry; the client never hears of it.
        return StatusCode::GATEWAY_TIMEOUT.into_response();
    }
    let unlisted = p.unlisted.lock().unwrap().clone();
    let answer = match (
        unlisted,
        serde_json::from_slice::<serde_json::Value>(&answer),
    ) {
        (Some(id), Ok(mut v)) => {
            drop_from_lists(&mut v, &id);
            Bytes::from(serde_json::to_vec(&v).unwrap())
        }
        _ => answer,
    };
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY),
        [("content-type", "application/json")],
        answer,
    )
        .into_response()
}

async fn start_proxy(sb: &Sandbox) -> (String, Arc<Proxy>) {
    let proxy = Arc::new(Proxy {
        upstream: sb.url(),
        http: reqwest::Client::new(),
        lose_next_add: AtomicBool::new(true),
        refuse_after_update: AtomicBool::new(false),
        updated: AtomicBool::new(false),
        unlisted: std::sync::Mutex::new(None),
    });
    let app = axum::Router::new()
        .fallback(forward)
        .with_state(proxy.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, proxy)
}

fn webcast_via(sb: &Sandbox, url: &str) -> Webcast {
    let mut config = kwebcast::kaltura::client::ClientConfig::new(
        url,
        sb.partner_id(),
        KsProvider::Local {
            secret: AdminSecret::new(sb.admin_secret()),
            partner_id: sb.partner_id(),
            user_id: "admin@example.com".into(),
            session_type: SessionType::Admin,
            privileges: "disableentitlement".into(),
            ttl_secs: 86_400,
            version: KsVersion::V2,
        },
    );
    config.timeout = std::time::Duration::from_secs(20);
    let client = kwebcast::kaltura::client::KalturaClient::new(config).unwrap();
    let mut s = settings(sb);
    s.service_url = url.to_string();
    Webcast::new(client, s)
}

async fn entries_with_ref(wc: &Webcast, reference: &str) -> Vec<LiveStreamEntry> {
    let filter = EntryFilter {
        reference_id_equal: Some(reference.into()),
        ..EntryFilter::default()
    };
    let list: ListResponse<LiveStreamEntry> = wc
        .client()
        .call_as(&live_stream::list(&filter, Some(&Pager::first(50))))
        .await
        .unwrap();
    list.objects
}

#[tokio::test]
async fn a_lost_create_answer_is_recovered_by_reference() {
    let sb = sandbox(1000.0).await;
    let (url, proxy) = start_proxy(&sb).await;
    let wc = webcast_via(&sb, &url);
    let dir = tempfile::tempdir().unwrap();
    let journal = journal(&dir);
    let req = request("Recovered event", Some("lost-answer-1"));

    let created = wc.create(&req, &journal).await.unwrap();
    assert!(
        !proxy.lose_next_add.load(Ordering::SeqCst),
        "the answer was lost"
    );
    assert!(!created.reused, "this call made it");
    assert!(created.is_complete(), "{:?}", created.pending);
    let rec = journal
        .find_by_ref(sb.partner_id(), &url, "lost-answer-1")
        .unwrap()
        .expect("journaled");
    assert_eq!(rec.entry_id, created.entry_id());

    let again = wc.create(&req, &journal).await.unwrap();
    assert!(again.reused);
    assert_eq!(again.entry_id(), created.entry_id());
    assert_eq!(entries_with_ref(&wc, "lost-answer-1").await.len(), 1);
}

#[tokio::test]
async fn without_a_reference_a_lost_answer_is_still_found_by_a_generated_one() {
    let sb = sandbox(1000.0).await;
    let (url, proxy) = start_proxy(&sb).await;
    let wc = webcast_via(&sb, &url);
    let dir = tempfile::tempdir().unwrap();
    let journal = journal(&dir);
    let created = wc
        .create(&request("Unknown fate", None), &journal)
        .await
        .expect("the entry made before the answer was lost is found");
    assert!(
        !proxy.lose_next_add.load(Ordering::SeqCst),
        "the answer was lost"
    );
    let reference = created.entry.reference_id().expect("a generated reference");
    assert!(reference.starts_with("kwebcast-"), "{reference}");
    assert_eq!(entries_with_ref(&wc, reference).await.len(), 1);
    let records = journal.load().unwrap().records;
    assert_eq!(records.len(), 1, "journaled once: {records:?}");
    assert_eq!(records[0].entry_id, created.entry_id());
}

#[tokio::test]
async fn the_lookup_after_a_lost_answer_waits_out_the_search_index_lag() {
    let sb = sandbox(1000.0).await;
    // Kaltura's search index runs behind writes: a referenceIdEqual list right after the add
    // does not see the new entry yet.
    reqwest::Client::new()
        .post(format!("{}/sandbox/faults", sb.url()))
        .json(&serde_json::json!({"index_lag_ms": 1500}))
        .send()
        .await
        .unwrap();
    let (url, proxy) = start_proxy(&sb).await;
    let wc = webcast_via(&sb, &url);
    let dir = tempfile::tempdir().unwrap();
    let journal = journal(&dir);
    let req = request("Lagging index", Some("lag-ref-1"));

    let created = wc
        .create(&req, &journal)
        .await
        .expect("found once the index caught up, not declared \"not created\"");
    assert!(
        !proxy.lose_next_add.load(Ordering::SeqCst),
        "the answer was lost"
    );
    assert_eq!(created.entry.reference_id, "lag-ref-1");
    assert!(journal.unsettled(sb.partner_id(), &url).unwrap().is_empty());
    // A retry finds it in the journal: still one entry.
    let again = wc.create(&req, &journal).await.unwrap();
    assert_eq!(again.entry_id(), created.entry_id());
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    assert_eq!(entries_with_ref(&wc, "lag-ref-1").await.len(), 1);
}

/// Go Live is applied (Kaltura answered the update) but the re-poll fails: the action is not
/// reported as failed; the event comes from the update's answer over what was known before,
/// with the re-poll's failure beside it.
#[tokio::test]
async fn a_failed_re_poll_after_an_action_does_not_make_it_a_failure() {
    use kwebcast::webcast::simulator::SimulatorControl;
    use kwebcast::webcast::{EventState, LiveAction};
    let sb = sandbox(20.0).await;
    let direct = webcast(&sb);
    let dir = tempfile::tempdir().unwrap();
    let id = direct
        .create(&request("Town hall", None), &journal(&dir))
        .await
        .unwrap()
        .entry_id()
        .to_string();
    SimulatorControl::new(&sb.url())
        .broadcast(&id)
        .await
        .unwrap();
    let known = wait_for(400, || async {
        let s = direct.resolve_playback(&id).await.unwrap();
        (s.state == EventState::Preview).then_some(s)
    })
    .await;
    let (url, proxy) = start_proxy(&sb).await;
    proxy.lose_next_add.store(false, Ordering::SeqCst);
    proxy.refuse_after_update.store(true, Ordering::SeqCst);
    let wc = webcast_via(&sb, &url);
    let outcome = wc
        .run_action(&id, &LiveAction::GoLive, Some(&known))
        .await
        .expect("the update was answered: the action happened");
    assert!(
        proxy.updated.load(Ordering::SeqCst),
        "the re-poll was refused"
    );
    let e = outcome.repoll_error.expect("the re-poll's failure is said");
    assert_eq!(e.code(), Some("INTERNAL_SERVERL_ERROR"));
    assert_eq!(
        outcome.event.state,
        EventState::Live,
        "from the update's answer"
    );
    assert_eq!(outcome.event.id(), id);
    // Kaltura has it: read directly, the event is LIVE.
    let now = direct.resolve_playback(&id).await.unwrap();
    assert_eq!(now.state, EventState::Live);
}

/// The poll's list comes from Kaltura's search index, which lags writes: an event the index
/// does not list yet is read from the database, never reported missing (a board would
/// otherwise let it go, and journal it gone for every other board). A proxy leaves the event
/// out of every list answer, as a lagging index would.
#[tokio::test]
async fn an_event_the_search_index_has_not_listed_yet_is_not_missing() {
    use kwebcast::webcast::EventState;
    let sb = sandbox(1000.0).await;
    let (url, proxy) = start_proxy(&sb).await;
    proxy.lose_next_add.store(false, Ordering::SeqCst);
    let wc = webcast_via(&sb, &url);
    let dir = tempfile::tempdir().unwrap();
    let mut ids = Vec::new();
    for name in ["Indexed event", "Unindexed event"] {
        let created = wc
            .create(&request(name, None), &journal(&dir))
            .await
            .unwrap();
        ids.push(created.entry_id().to_string());
    }
    *proxy.unlisted.lock().unwrap() = Some(ids[1].clone());
    let mut asked = ids.clone();
    asked.push("0_nosuch00".into());
    let snaps = wc.poll(&asked).await.unwrap();
    let by_id = |want: &str| snaps.iter().find(|s| s.id() == want).unwrap();
    let fresh = by_id(&ids[1]);
    assert!(fresh.problem.is_none(), "{:?}", fresh.problem);
    assert_eq!(fresh.entry.name, "Unindexed event");
    assert_eq!(fresh.state, EventState::Offline);
    assert!(by_id(&ids[0]).problem.is_none());
    let gone = by_id("0_nosuch00");
    assert_eq!(
        gone.problem.as_ref().and_then(|p| p.code.as_deref()),
        Some("ENTRY_ID_NOT_FOUND")
    );
}
