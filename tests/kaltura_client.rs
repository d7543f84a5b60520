//! `KalturaClient` over real HTTP on loopback, against tiny throwaway servers that play Kaltura's
//! part (or fail the way networks and servers fail). The full simulator lives in `sandbox/`; these
//! servers exist to produce each fault on demand and to record exactly what the client sent.

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use kwebcast::kaltura::client::{ClientConfig, KalturaClient, KsProvider};
use kwebcast::kaltura::error::Error;
use kwebcast::kaltura::ks::{self, KsVersion, SessionType};
use kwebcast::kaltura::secret::AdminSecret;
use kwebcast::kaltura::services::{EntryFilter, Pager, base_entry, live_stream};
use kwebcast::kaltura::types::{
    EntryStatus, ListResponse, LiveStatus, LiveStreamEntry, MediaEntry, PlaybackProtocol,
};
use kwebcast::kaltura::wire::result_ref;
use serde_json::{Value, json};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SECRET: &str = "0123456789abcdef-admin-secret";
const PARTNER: i64 = 1000;

/// What the server saw: one (path, JSON body) per request.
type Seen = Arc<Mutex<Vec<(String, Value)>>>;

/// Serves `answer(n, path, body)` for the n-th request (0-based) and records every request.
async fn serve<F, Fut>(answer: F) -> (String, Seen)
where
    F: Fn(usize, String, Value) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response> + Send + 'static,
{
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let app = Router::new().fallback(move |uri: Uri, headers: HeaderMap, body: Bytes| {
        let answer = answer.clone();
        let log = log.clone();
        async move {
            assert_eq!(
                headers.get("content-type").and_then(|v| v.to_str().ok()),
                Some("application/json")
            );
            let json: Value = serde_json::from_slice(&body).expect("the client sends JSON");
            let n = {
                let mut log = log.lock().unwrap();
                log.push((uri.path().to_string(), json.clone()));
                log.len() - 1
            };
            answer(n, uri.path().to_string(), json).await
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), seen)
}

fn json_response(v: Value) -> Response {
    (
        [
            ("content-type", "application/json"),
            ("x-me", "api-host-7"),
            ("x-kaltura-session", "123456789"),
        ],
        v.to_string(),
    )
        .into_response()
}

fn local_provider(ttl_secs: i64) -> KsProvider {
    KsProvider::Local {
        secret: AdminSecret::new(SECRET),
        partner_id: PARTNER,
        user_id: "admin@example.com".into(),
        session_type: SessionType::Admin,
        privileges: "disableentitlement".into(),
        ttl_secs,
        version: KsVersion::V2,
    }
}

fn client(url: &str, provider: KsProvider) -> KalturaClient {
    let mut config = ClientConfig::new(url, PARTNER, provider);
    config.timeout = Duration::from_secs(5);
    config.retry_backoff = Duration::from_millis(10);
    KalturaClient::new(config).unwrap()
}

/// An error's texts (Display and Debug) never hold the secret or any whole KS we sent.
fn assert_clean(err: &Error, seen: &Seen) {
    let texts = [err.to_string(), format!("{err:?}")];
    for text in &texts {
        assert!(!text.contains(SECRET), "secret leaked: {text}");
        for (_, body) in seen.lock().unwrap().iter() {
            if let Some(ks) = body.get("ks").and_then(Value::as_str) {
                assert!(!text.contains(ks), "KS leaked: {text}");
            }
        }
    }
}

fn live_entry_json() -> Value {
    json!({"objectType": "KalturaLiveStreamEntry", "id": "0_abcd1234", "partnerId": "1000",
        "name": "Town hall", "status": "2", "type": 7, "liveStatus": "1", "explicitLive": true,
        "viewMode": 1, "recordedEntryId": "", "redirectEntryId": "", "someNewField": [1]})
}

#[tokio::test]
async fn a_call_is_encoded_like_the_node_client_and_parsed_leniently() {
    let (url, seen) = serve(|_, _, _| async { json_response(live_entry_json()) }).await;
    // An on-prem style URL: a path prefix and a trailing slash.
    let c = client(&format!("{url}/kaltura/"), local_provider(3600));
    let entry: LiveStreamEntry = c.call_as(&live_stream::get("0_abcd1234")).await.unwrap();
    assert_eq!(entry.id, "0_abcd1234");
    assert_eq!(entry.status, Some(EntryStatus::Ready));
    assert_eq!(entry.live_status, Some(LiveStatus::Playable));
    assert!(entry.is_live_for_attendees());
    assert_eq!(entry.recorded_entry_id(), None);

    let (path, body) = seen.lock().unwrap()[0].clone();
    assert_eq!(path, "/kaltura/api_v3/service/livestream/action/get");
    assert_eq!(body["format"], 1);
    assert_eq!(body["entryId"], "0_abcd1234");
    assert_eq!(body["apiVersion"], "21.20.0");
    assert!(body["clientTag"].as_str().unwrap().starts_with("kwebcast:"));
    let info = ks::verify(body["ks"].as_str().unwrap(), SECRET).unwrap();
    assert_eq!(info.partner_id, PARTNER);
    assert_eq!(info.session_type, SessionType::Admin);
    assert_eq!(info.privilege("disableentitlement"), Some(""));
}

#[tokio::test]
async fn scalar_answers_and_decode_errors() {
    let (url, seen) = serve(|n, _, _| async move {
        json_response(if n == 0 {
            json!(true)
        } else {
            json!({"objects": "nope"})
        })
    })
    .await;
    let c = client(&url, local_provider(3600));
    let live: bool = c
        .call_as(&live_stream::is_live("0_abcd1234", PlaybackProtocol::Auto))
        .await
        .unwrap();
    assert!(live);
    assert_eq!(seen.lock().unwrap()[0].1["id"], "0_abcd1234");
    let err = c
        .call_as::<ListResponse<MediaEntry>>(&base_entry::list(&EntryFilter::default(), None))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Decode { call, .. } if call == "baseEntry.list"),
        "{err}"
    );
    assert!(!err.is_transient());
    assert_clean(&err, &seen);
}

#[tokio::test]
async fn kaltura_exceptions_become_api_errors_without_the_ks() {
    let (url, seen) = serve(|_, _, body: Value| async move {
        let ks = body["ks"].as_str().unwrap_or_default().to_string();
        json_response(
            json!({"code": "INVALID_KS", "objectType": "KalturaAPIException",
            "message": format!("Invalid KS \"{ks}\", Error \"-1,INVALID_STR\""),
            "args": {"KSID": ks, "ERR_CODE": -1, "ERR_DESC": "INVALID_STR"}}),
        )
    })
    .await;
    let c = client(&url, local_provider(3600));
    let err = c.call(&live_stream::get("0_abcd1234")).await.unwrap_err();
    assert_eq!(err.code(), Some("INVALID_KS"));
    assert_eq!(err.call(), Some("liveStream.get"));
    assert!(err.to_string().starts_with("liveStream.get: "), "{err}");
    let exception = err.exception().unwrap();
    assert_eq!(exception.args["ERR_CODE"], "-1");
    assert!(!err.is_expired_ks(), "a bad signature is not an expiry");
    assert_eq!(
        seen.lock().unwrap().len(),
        1,
        "exceptions are answers: no retry"
    );
    assert_clean(&err, &seen);
}

#[tokio::test]
async fn a_read_is_retried_after_503_and_500() {
    let (url, seen) = serve(|n, _, _| async move {
        match n {
            0 => StatusCode::SERVICE_UNAVAILABLE.into_response(),
            1 => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            _ => json_response(live_entry_json()),
        }
    })
    .await;
    let c = client(&url, local_provider(3600));
    let entry: LiveStreamEntry = c.call_as(&live_stream::get("0_abcd1234")).await.unwrap();
    assert_eq!(entry.name, "Town hall");
    assert_eq!(seen.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn retries_stop_at_the_configured_count() {
    let (url, seen) = serve(|_, _, _| async { StatusCode::BAD_GATEWAY.into_response() }).await;
    let c = client(&url, local_provider(3600));
    let err = c.call(&live_stream::get("0_abcd1234")).await.unwrap_err();
    assert!(
        matches!(err, Error::HttpStatus { status: 502, .. }),
        "{err}"
    );
    assert!(err.is_transient());
    assert_eq!(seen.lock().unwrap().len(), 3, "1 try + 2 retries");
    assert_clean(&err, &seen);
}

#[tokio::test]
async fn a_write_is_never_retried() {
    let (url, seen) =
        serve(|_, _, _| async { StatusCode::INTERNAL_SERVER_ERROR.into_response() }).await;
    let c = client(&url, local_provider(3600));
    let err = c
        .call(&live_stream::delete("0_abcd1234"))
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::HttpStatus { status: 500, call } if call == "liveStream.delete"));
    assert_eq!(seen.lock().unwrap().len(), 1);
    assert_clean(&err, &seen);
}

#[tokio::test]
async fn a_non_json_answer_is_not_json() {
    let (url, seen) = serve(|_, _, _| async {
        (
            [("content-type", "text/html")],
            "<html><body>Maintenance</body></html>",
        )
            .into_response()
    })
    .await;
    let c = client(&url, local_provider(3600));
    let err = c.call(&live_stream::get("0_abcd1234")).await.unwrap_err();
    assert!(
        matches!(&err, Error::NotJson { call } if call == "liveStream.get"),
        "{err}"
    );
    assert_eq!(seen.lock().unwrap().len(), 1, "not transient: no retry");
    assert_clean(&err, &seen);
}

#[tokio::test]
async fn half_a_json_answer_is_truncated_and_retried_for_reads() {
    let (url, seen) = serve(|_, _, _| async {
        (
            [("content-type", "application/json")],
            "{\"objectType\":\"KalturaLiveStreamEntry\",\"id\":\"0_ab",
        )
            .into_response()
    })
    .await;
    let c = client(&url, local_provider(3600));
    let err = c.call(&live_stream::get("0_abcd1234")).await.unwrap_err();
    assert!(
        matches!(&err, Error::Truncated { call } if call == "liveStream.get"),
        "{err}"
    );
    assert_eq!(seen.lock().unwrap().len(), 3);
    assert_clean(&err, &seen);
}

/// A raw server that promises more bytes than it sends, then hangs up.
#[tokio::test]
async fn a_body_shorter_than_its_content_length_is_truncated() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buf = vec![0u8; 65536];
                let mut got = Vec::new();
                // Read the headers and the declared body, then answer.
                loop {
                    let n = sock.read(&mut buf).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    got.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&got).to_string();
                    if let Some(head_end) = text.find("\r\n\r\n") {
                        let len = text[..head_end]
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                            })
                            .unwrap_or(0);
                        if got.len() >= head_end + 4 + len {
                            break;
                        }
                    }
                }
                let body = "{\"id\":\"0_abcd1234\",";
                let reply = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{body}"
                );
                let _ = sock.write_all(reply.as_bytes()).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    let c = client(&format!("http://{addr}"), local_provider(3600));
    let err = c.call(&live_stream::get("0_abcd1234")).await.unwrap_err();
    assert!(
        matches!(&err, Error::Truncated { call } if call == "liveStream.get"),
        "{err}"
    );
    assert!(err.is_transient());
}

#[tokio::test]
async fn a_dead_port_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let c = client(&format!("http://{addr}"), local_provider(3600));
    let err = c.call(&live_stream::get("0_abcd1234")).await.unwrap_err();
    assert!(
        matches!(&err, Error::Connect { call, .. } if call == "liveStream.get"),
        "{err}"
    );
    assert!(err.is_transient());
    let text = err.to_string();
    assert!(text.contains("refused"), "{text}");
    assert!(!text.contains(SECRET));
}

#[tokio::test]
async fn a_slow_server_is_a_timeout() {
    let (url, seen) = serve(|_, _, _| async {
        tokio::time::sleep(Duration::from_secs(30)).await;
        json_response(json!(true))
    })
    .await;
    let mut config = ClientConfig::new(&url, PARTNER, local_provider(3600));
    config.timeout = Duration::from_millis(200);
    config.read_retries = 1;
    config.retry_backoff = Duration::from_millis(1);
    let c = KalturaClient::new(config).unwrap();
    let err = c
        .call(&live_stream::is_live("0_abcd1234", PlaybackProtocol::Auto))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Timeout { call, .. } if call == "liveStream.isLive"),
        "{err}"
    );
    assert!(err.to_string().contains("within 0.2 s"), "{err}");
    // One deadline for the call, retries included: the first try used it all, so no second
    // try holds the caller another 200 ms (a slow-loris server once held `status` 3 × 30 s).
    assert_eq!(seen.lock().unwrap().len(), 1, "no retry past the deadline");
    assert_clean(&err, &seen);
}

fn expired() -> Value {
    json!({"code": "INVALID_KS", "objectType": "KalturaAPIException",
        "message": "Invalid KS \"EXPIRED\", Error \"-1,INVALID_STR\"",
        "args": {"KSID": "EXPIRED", "ERR_CODE": -1, "ERR_DESC": "INVALID_STR"}})
}

#[tokio::test]
async fn an_expired_ks_is_re_signed_and_the_call_retried_once() {
    let (url, seen) = serve(|n, _, _| async move {
        json_response(if n == 0 { expired() } else { live_entry_json() })
    })
    .await;
    let c = client(&url, local_provider(3600));
    // A write: the KS check happens before the action, so the retry is safe.
    let entry: LiveStreamEntry = c
        .call_as(&live_stream::update("0_abcd1234", &Default::default()))
        .await
        .unwrap();
    assert_eq!(entry.id, "0_abcd1234");
    let seen_now = seen.lock().unwrap().clone();
    assert_eq!(seen_now.len(), 2);
    assert_ne!(seen_now[0].1["ks"], seen_now[1].1["ks"], "a fresh KS");

    // Always expired: one renewal, then the error.
    let (url, seen) = serve(|_, _, _| async { json_response(expired()) }).await;
    let c = client(&url, local_provider(3600));
    let err = c.call(&live_stream::get("0_abcd1234")).await.unwrap_err();
    assert!(err.is_expired_ks());
    assert_eq!(seen.lock().unwrap().len(), 2);

    // A fixed KS cannot be renewed: no second try.
    let (url, seen) = serve(|_, _, _| async { json_response(expired()) }).await;
    let c = client(&url, KsProvider::Fixed("djJ8MTAwMHxfixedks".into()));
    let err = c.call(&live_stream::get("0_abcd1234")).await.unwrap_err();
    assert!(err.is_expired_ks());
    assert_eq!(seen.lock().unwrap().len(), 1);
    assert_eq!(seen.lock().unwrap()[0].1["ks"], "djJ8MTAwMHxfixedks");
}

#[tokio::test]
async fn a_local_ks_with_a_tiny_ttl_is_re_signed_between_calls() {
    let (url, seen) = serve(|_, _, _| async { json_response(json!(false)) }).await;
    let c = client(&url, local_provider(1));
    let req = live_stream::is_live("0_abcd1234", PlaybackProtocol::Auto);
    c.call(&req).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    c.call(&req).await.unwrap();
    let seen = seen.lock().unwrap().clone();
    let (a, b) = (
        seen[0].1["ks"].as_str().unwrap(),
        seen[1].1["ks"].as_str().unwrap(),
    );
    assert_ne!(a, b);
    let (ia, ib) = (
        ks::verify(a, SECRET).unwrap(),
        ks::verify(b, SECRET).unwrap(),
    );
    assert!(ib.expires_at > ia.expires_at);
}

#[tokio::test]
async fn multirequest_encodes_slots_and_splits_answers() {
    let (url, seen) = serve(|_, _, _| async {
        json_response(json!([
            live_entry_json(),
            {"code": "INVALID_ENTRY_ID", "message": "Invalid entry id [\"0_abcd1234\"]",
             "objectType": "KalturaAPIException", "args": {"ENTRY_ID": "0_abcd1234"}},
            {"objectType": "KalturaBaseEntryListResponse", "totalCount": 1,
             "objects": [{"id": "0_rec00001", "status": 2, "rootEntryId": "0_abcd1234"}]}
        ]))
    })
    .await;
    let c = client(&url, local_provider(3600));
    let reqs = vec![
        live_stream::get("0_abcd1234"),
        live_stream::is_live("0_abcd1234", PlaybackProtocol::Auto),
        base_entry::list(
            &EntryFilter {
                root_entry_id_equal: Some(result_ref(1, &["id"])),
                ..Default::default()
            },
            Some(&Pager::first(10)),
        ),
    ];
    let slots = c.multirequest(&reqs).await.unwrap();
    assert_eq!(slots.len(), 3);
    let entry: LiveStreamEntry =
        kwebcast::kaltura::client::decode(&reqs[0], slots[0].as_ref().unwrap().clone()).unwrap();
    assert_eq!(entry.id, "0_abcd1234");
    let err = slots[1].as_ref().unwrap_err();
    assert_eq!(err.code(), Some("INVALID_ENTRY_ID"));
    assert_eq!(err.call(), Some("liveStream.isLive"));
    let list: ListResponse<MediaEntry> =
        kwebcast::kaltura::client::decode(&reqs[2], slots[2].as_ref().unwrap().clone()).unwrap();
    assert_eq!(list.objects[0].root_entry_id(), Some("0_abcd1234"));

    let (path, body) = seen.lock().unwrap()[0].clone();
    assert_eq!(path, "/api_v3/service/multirequest");
    assert_eq!(body["format"], 1);
    assert!(body["ks"].is_string());
    assert_eq!(body["0"]["service"], "livestream");
    assert_eq!(body["0"]["action"], "get");
    assert_eq!(body["1"]["action"], "isLive");
    assert_eq!(body["1"]["id"], "0_abcd1234");
    assert_eq!(body["2"]["service"], "baseentry");
    assert_eq!(body["2"]["filter"]["rootEntryIdEqual"], "{1:result:id}");
    assert_eq!(body["2"]["pager"]["objectType"], "KalturaFilterPager");
    assert!(body.get("3").is_none());
}

#[tokio::test]
async fn multirequest_failures_as_a_whole() {
    let (url, seen) = serve(|n, _, _| async move {
        match n {
            0 => json_response(json!({"objectType": "KalturaLiveStreamEntry"})),
            1 => StatusCode::SERVICE_UNAVAILABLE.into_response(),
            2 => json_response(json!([expired(), expired()])),
            _ => json_response(json!([true, false])),
        }
    })
    .await;
    let c = client(&url, local_provider(3600));
    let reads = vec![
        live_stream::is_live("0_a", PlaybackProtocol::Auto),
        live_stream::is_live("0_b", PlaybackProtocol::Auto),
    ];
    let err = c.multirequest(&reads).await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode { call, .. } if call.starts_with("multirequest(")),
        "{err}"
    );
    assert_clean(&err, &seen);
    // 503 → retried (all reads); then every slot expired → re-signed → answered.
    let slots = c.multirequest(&reads).await.unwrap();
    assert_eq!(slots[0].as_ref().unwrap(), &json!(true));
    assert_eq!(slots[1].as_ref().unwrap(), &json!(false));
    let seen_now = seen.lock().unwrap().clone();
    assert_eq!(seen_now.len(), 4);
    assert_ne!(seen_now[2].1["ks"], seen_now[3].1["ks"]);
    assert!(c.multirequest(&[]).await.unwrap().is_empty());
    assert_eq!(
        seen.lock().unwrap().len(),
        4,
        "an empty batch sends nothing"
    );
}

#[tokio::test]
async fn a_batch_with_a_write_is_not_retried() {
    let (url, seen) =
        serve(|_, _, _| async { StatusCode::SERVICE_UNAVAILABLE.into_response() }).await;
    let c = client(&url, local_provider(3600));
    let err = c
        .multirequest(&[live_stream::get("0_a"), live_stream::delete("0_a")])
        .await
        .unwrap_err();
    assert!(matches!(err, Error::HttpStatus { status: 503, .. }));
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn session_start_provider_opens_one_session_and_reuses_it() {
    let server_ks = ks::sign(
        SECRET,
        &ks::KsSpec {
            partner_id: PARTNER,
            user_id: "admin@example.com",
            session_type: SessionType::Admin,
            expires_at: 4_000_000_000,
            privileges: "",
        },
        KsVersion::V2,
    );
    let answer_ks = server_ks.clone();
    let (url, seen) = serve(move |_, path: String, body: Value| {
        let ks = answer_ks.clone();
        async move {
            if path.ends_with("/session/action/start") {
                assert!(body.get("ks").is_none(), "session.start goes without a KS");
                if body["secret"] != SECRET || body["partnerId"] != PARTNER {
                    return json_response(json!({"code": "START_SESSION_ERROR",
                        "message": "Error while starting session for partner [1000]"}));
                }
                json_response(json!(ks))
            } else {
                json_response(json!(body["ks"] == json!(ks)))
            }
        }
    })
    .await;
    let provider = KsProvider::SessionStart {
        secret: AdminSecret::new(SECRET),
        user_id: "admin@example.com".into(),
        session_type: SessionType::Admin,
        privileges: String::new(),
        ttl_secs: 86_400,
    };
    let c = client(&url, provider);
    let req = live_stream::is_live("0_a", PlaybackProtocol::Auto);
    assert!(c.call_as::<bool>(&req).await.unwrap());
    assert!(c.call_as::<bool>(&req).await.unwrap());
    let paths: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|(p, _)| p.clone())
        .collect();
    assert_eq!(
        paths,
        [
            "/api_v3/service/session/action/start",
            "/api_v3/service/livestream/action/isLive",
            "/api_v3/service/livestream/action/isLive"
        ]
    );
    assert_eq!(seen.lock().unwrap()[0].1["type"], 2);

    // A wrong secret: the error names session.start and never shows the secret.
    let bad = KsProvider::SessionStart {
        secret: AdminSecret::new("wrong-secret-value"),
        user_id: "admin@example.com".into(),
        session_type: SessionType::Admin,
        privileges: String::new(),
        ttl_secs: 86_400,
    };
    let err = client(&url, bad).call(&req).await.unwrap_err();
    assert_eq!(err.code(), Some("START_SESSION_ERROR"));
    assert_eq!(err.call(), Some("session.start"));
    assert!(!err.to_string().contains("wrong-secret-value"));
}

#[tokio::test]
async fn link_kss_are_signed_with_the_configured_secret() {
    let c = client("http://127.0.0.1:9", local_provider(3600));
    assert!(c.can_sign());
    let ks = c
        .sign_ks(
            "attendee-1",
            SessionType::User,
            "sview:0_abcd1234",
            1_900_000_000,
        )
        .unwrap();
    let info = ks::verify(&ks, SECRET).unwrap();
    assert_eq!(info.session_type, SessionType::User);
    assert_eq!(info.privilege("sview"), Some("0_abcd1234"));
    assert_eq!(info.expires_at, 1_900_000_000);
    assert_eq!(info.partner_id, PARTNER);
}

/// The debug log names the call, status and Kaltura's `X-Me`, and never the KS or the secret.
#[tokio::test]
async fn the_debug_log_has_headers_but_no_secrets() {
    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let (url, seen) = serve(|_, _, _| async { json_response(live_entry_json()) }).await;
    let c = client(&url, local_provider(3600));
    c.call(&live_stream::get("0_abcd1234")).await.unwrap();
    let log = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("liveStream.get"), "{log}");
    assert!(log.contains("api-host-7"), "{log}");
    assert!(log.contains("123456789"), "{log}");
    assert!(log.contains("status=200"), "{log}");
    assert!(!log.contains(SECRET));
    let sent_ks = seen.lock().unwrap()[0].1["ks"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!log.contains(&sent_ks));
}

#[tokio::test]
async fn a_redirect_is_reported_not_followed() {
    let (url, seen) = serve(|_, _, _| async {
        (
            StatusCode::FOUND,
            [("location", "https://elsewhere.example/api_v3/")],
        )
            .into_response()
    })
    .await;
    let c = client(&url, local_provider(3600));
    let err = c.call(&live_stream::get("0_abcd1234")).await.unwrap_err();
    assert!(
        matches!(err, Error::HttpStatus { status: 302, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("service URL"), "{err}");
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn the_client_debug_shows_no_ks_or_secret() {
    let (url, seen) = serve(|_, _, _| async { json_response(json!(true)) }).await;
    let c = client(&url, local_provider(3600));
    c.call(&live_stream::is_live("0_a", PlaybackProtocol::Auto))
        .await
        .unwrap();
    let text = format!("{c:?}");
    let sent = seen.lock().unwrap()[0].1["ks"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!text.contains(&sent), "{text}");
    assert!(!text.contains(SECRET), "{text}");
}
