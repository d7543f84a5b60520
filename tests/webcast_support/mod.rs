//! Shared helpers for the webcast tests: a sandbox on 127.0.0.1:0, a `Webcast` over our real
//! client, a journal in a temp dir, the sandbox's request counters, and bounded waiting.
#![allow(dead_code)]

use kwebcast::kaltura::client::{ClientConfig, KalturaClient, KsProvider};
use kwebcast::kaltura::ks::{KsVersion, SessionType};
use kwebcast::kaltura::secret::AdminSecret;
use kwebcast::sandbox::{Sandbox, SandboxOptions};
use kwebcast::webcast::{CreateRequest, Journal, Presenter, Webcast, WebcastSettings};
use serde_json::Value;
use std::time::Duration;

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

pub async fn sandbox(speed: f64) -> Sandbox {
    Sandbox::start(SandboxOptions {
        speed,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox starts")
}

pub fn admin_client(sb: &Sandbox) -> KalturaClient {
    client_with(
        sb,
        KsProvider::Local {
            secret: AdminSecret::new(sb.admin_secret()),
            partner_id: sb.partner_id(),
            user_id: "admin@example.com".into(),
            session_type: SessionType::Admin,
            privileges: "disableentitlement".into(),
            ttl_secs: 86_400,
            version: KsVersion::V2,
        },
    )
}

pub fn client_with(sb: &Sandbox, ks: KsProvider) -> KalturaClient {
    let mut config = ClientConfig::new(sb.url(), sb.partner_id(), ks);
    config.timeout = Duration::from_secs(20);
    KalturaClient::new(config).expect("client")
}

pub fn settings(sb: &Sandbox) -> WebcastSettings {
    let mut s = WebcastSettings::new(
        sb.partner_id(),
        sb.url(),
        AdminSecret::new(sb.admin_secret()),
    );
    s.user_id = "attendee-1".into();
    s.moderator_user = "producer@example.com".into();
    s.app_id = "kwebcast-tests".into();
    s.app_domain = "events.example.org".into();
    s.sandbox = true;
    s
}

pub fn webcast(sb: &Sandbox) -> Webcast {
    Webcast::new(admin_client(sb), settings(sb))
}

pub fn journal(dir: &tempfile::TempDir) -> Journal {
    Journal::in_dir(dir.path())
}

pub fn request(name: &str, reference: Option<&str>) -> CreateRequest {
    let start = now() + 3600;
    CreateRequest {
        name: name.into(),
        description: "Quarterly <update> & Q&A".into(),
        start,
        end: start + 5400,
        timezone: "Europe/Paris".into(),
        presenter: Presenter {
            name: "Ann O'Neil & Co".into(),
            title: "CEO".into(),
            ..Presenter::default()
        },
        recording: true,
        dvr: true,
        reference: reference.map(str::to_string),
    }
}

pub async fn get_json(url: &str) -> Value {
    reqwest::get(url)
        .await
        .expect("GET")
        .json()
        .await
        .expect("JSON")
}

pub async fn post_json(url: &str) -> Value {
    reqwest::Client::new()
        .post(url)
        .send()
        .await
        .expect("POST")
        .json()
        .await
        .expect("JSON")
}

/// The simulated encoder disconnects (`/sandbox/entries/{id}/end`, a script's control): the
/// session ends and its recording turns READY after processing.
pub async fn encoder_stops(sb: &Sandbox, id: &str) {
    let answer = post_json(&format!("{}/sandbox/entries/{id}/end", sb.url())).await;
    assert_eq!(answer["ok"], true, "{answer}");
}

/// `/sandbox/stats`: (HTTP requests, multirequests).
pub async fn stats(sb: &Sandbox) -> (i64, i64, Value) {
    let v = get_json(&format!("{}/sandbox/stats", sb.url())).await;
    (
        v["http_requests"].as_i64().unwrap_or(-1),
        v["multirequests"].as_i64().unwrap_or(-1),
        v["calls"].clone(),
    )
}

pub async fn reset_stats(sb: &Sandbox) {
    post_json(&format!("{}/sandbox/stats/reset", sb.url())).await;
}

/// Re-runs `probe` until it returns `Some`, at most `tries` times 50 ms apart (a bound, not a
/// timing assertion: the condition is what is checked).
pub async fn wait_for<T, F, Fut>(tries: usize, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    for _ in 0..tries {
        if let Some(v) = probe().await {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("condition not reached after {tries} tries");
}
