//! A create whose connection fails after the request went out must never be reported "not
//! created": the service may have made the entry, and a retry would then make a duplicate.
//! Only a connection that was never made proves nothing happened.

mod webcast_support;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use kwebcast::kaltura::error::Error;
use kwebcast::kaltura::services::{EntryFilter, Pager, live_stream};
use kwebcast::kaltura::types::{ListResponse, LiveStreamEntry};
use kwebcast::sandbox::Sandbox;
use kwebcast::webcast::{CreateError, Webcast};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use webcast_support::*;

async fn set_faults(sb: &Sandbox, faults: Value) {
    let resp = reqwest::Client::new()
        .post(format!("{}/sandbox/faults", sb.url()))
        .json(&faults)
        .send()
        .await
        .expect("POST /sandbox/faults");
    assert_eq!(resp.status(), 200);
}

/// Closes the connection without an answer, the way the sandbox's `reset_rate` fault does.
fn reset() -> Response {
    let chunks: Vec<Result<Bytes, std::io::Error>> =
        vec![Err(std::io::Error::other("proxy: connection reset"))];
    let mut resp = Response::new(Body::from_stream(futures::stream::iter(chunks)));
    resp.headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from_static("64"));
    resp
}

struct Proxy {
    upstream: String,
    http: reqwest::Client,
    /// Let the next `liveStream.add` reach the sandbox, then drop the connection.
    reset_next_add: AtomicBool,
}

async fn forward(
    State(p): State<Arc<Proxy>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let text = String::from_utf8_lossy(&body).to_ascii_lowercase();
    let is_add = text.contains("\"livestream\"") && text.contains("\"add\"");
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
    if is_add && p.reset_next_add.swap(false, Ordering::SeqCst) {
        return reset();
    }
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY),
        [("content-type", "application/json")],
        answer,
    )
        .into_response()
}

async fn webcast_via_resetting_proxy(sb: &Sandbox) -> (Webcast, Arc<Proxy>, String) {
    let proxy = Arc::new(Proxy {
        upstream: sb.url(),
        http: reqwest::Client::new(),
        reset_next_add: AtomicBool::new(true),
    });
    let app = axum::Router::new()
        .fallback(forward)
        .with_state(proxy.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let mut config = kwebcast::kaltura::client::ClientConfig::new(
        url.as_str(),
        sb.partner_id(),
        admin_client_provider(sb),
    );
    config.timeout = std::time::Duration::from_secs(20);
    let client = kwebcast::kaltura::client::KalturaClient::new(config).unwrap();
    let mut s = settings(sb);
    s.service_url = url.clone();
    (Webcast::new(client, s), proxy, url)
}

fn admin_client_provider(sb: &Sandbox) -> kwebcast::kaltura::client::KsProvider {
    use kwebcast::kaltura::ks::{KsVersion, SessionType};
    kwebcast::kaltura::client::KsProvider::Local {
        secret: kwebcast::kaltura::secret::AdminSecret::new(sb.admin_secret()),
        partner_id: sb.partner_id(),
        user_id: "admin@example.com".into(),
        session_type: SessionType::Admin,
        privileges: "disableentitlement".into(),
        ttl_secs: 86_400,
        version: KsVersion::V2,
    }
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
async fn a_create_cut_off_by_a_reset_is_unknown_not_not_created() {
    let sb = sandbox(1000.0).await;
    let wc = webcast(&sb);
    let dir = tempfile::tempdir().unwrap();
    // A first create remembers the live profile: the next one is a single request, the add.
    wc.create(&request("Warm-up", None), &journal(&dir))
        .await
        .unwrap();
    set_faults(&sb, json!({"reset_rate": 1.0})).await;
    let err = wc
        .create(&request("Reset event", None), &journal(&dir))
        .await
        .unwrap_err();
    let reference = err.uncertain_reference().map(str::to_string);
    match err {
        CreateError::Unknown { source, reference } => {
            assert!(
                matches!(source, Error::Interrupted { .. }),
                "a reset after sending is not a failure to connect: {source:?}"
            );
            assert!(source.is_transient());
            assert!(reference.starts_with("kwebcast-"), "{reference}");
        }
        other => panic!("expected Unknown, got {other:?}"),
    }
    // The journal keeps it pending, by that reference.
    let unsettled = journal(&dir).unsettled(sb.partner_id(), &sb.url()).unwrap();
    assert_eq!(
        unsettled
            .iter()
            .map(|a| Some(a.reference.clone()))
            .collect::<Vec<_>>(),
        [reference]
    );
}

#[tokio::test]
async fn a_reset_after_the_entry_was_made_is_recovered_by_reference() {
    let sb = sandbox(1000.0).await;
    let (wc, proxy, url) = webcast_via_resetting_proxy(&sb).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = journal(&dir);
    let req = request("Reset but made", Some("reset-ref-1"));

    let created = wc.create(&req, &journal).await.unwrap();
    assert!(
        !proxy.reset_next_add.load(Ordering::SeqCst),
        "the add's connection was reset"
    );
    assert!(!created.reused, "this call made it");
    let rec = journal
        .find_by_ref(sb.partner_id(), &url, "reset-ref-1")
        .unwrap()
        .expect("journaled");
    assert_eq!(rec.entry_id, created.entry_id());

    let again = wc.create(&req, &journal).await.unwrap();
    assert!(again.reused);
    assert_eq!(again.entry_id(), created.entry_id());
    assert_eq!(entries_with_ref(&wc, "reset-ref-1").await.len(), 1);
}

#[tokio::test]
async fn a_dead_port_is_certainly_not_created() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let sb = sandbox(1000.0).await;
    let mut config = kwebcast::kaltura::client::ClientConfig::new(
        format!("http://{addr}"),
        sb.partner_id(),
        admin_client_provider(&sb),
    );
    config.timeout = std::time::Duration::from_secs(20);
    let client = kwebcast::kaltura::client::KalturaClient::new(config).unwrap();
    let wc = Webcast::new(client, settings(&sb));
    let dir = tempfile::tempdir().unwrap();
    let err = wc
        .create(&request("Nowhere", None), &journal(&dir))
        .await
        .unwrap_err();
    assert!(
        matches!(err, CreateError::NotCreated(Error::Connect { .. })),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_journaled_event_that_cannot_be_fetched_is_not_reported_not_created() {
    let sb = sandbox(1000.0).await;
    let wc = webcast(&sb);
    let dir = tempfile::tempdir().unwrap();
    let journal = journal(&dir);
    let req = request("Journaled", Some("journaled-ref-1"));
    let created = wc.create(&req, &journal).await.unwrap();

    set_faults(&sb, json!({"fail_rate": 1.0})).await;
    let err = wc.create(&req, &journal).await.unwrap_err();
    assert!(
        matches!(err, CreateError::Lookup { ref source, .. } if source.is_transient()),
        "{err:?}"
    );
    assert!(!err.to_string().contains("was not created"), "{err}");

    set_faults(&sb, json!({})).await;
    let again = wc.create(&req, &journal).await.unwrap();
    assert!(again.reused);
    assert_eq!(again.entry_id(), created.entry_id());
    assert_eq!(entries_with_ref(&wc, "journaled-ref-1").await.len(), 1);
}
