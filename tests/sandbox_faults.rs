//! Injected faults and request counters.

mod sandbox_support;

use kwebcast::sandbox::SandboxOptions;
use sandbox_support::{Env, fast_options};
use serde_json::json;

fn list_body(env: &Env) -> serde_json::Value {
    json!({"format": 1, "ks": env.admin_ks()})
}

async fn raw_list(env: &Env) -> Result<reqwest::Response, reqwest::Error> {
    env.http
        .post(env.url("/api_v3/service/livestream/action/list"))
        .json(&list_body(env))
        .send()
        .await
}

#[tokio::test]
async fn fail_rate_one_answers_5xx() {
    let env = Env::start().await;
    let r = env.set_faults(json!({"fail_rate": 1.0})).await;
    assert_eq!(r["faults"]["fail_rate"], 1.0);
    for _ in 0..5 {
        let status = raw_list(&env).await.unwrap().status().as_u16();
        assert!(status == 500 || status == 503, "{status}");
    }
    env.set_faults(json!({})).await;
    assert_eq!(raw_list(&env).await.unwrap().status(), 200);
}

#[tokio::test]
async fn fail_rate_option_applies_from_the_start() {
    let env = Env::start_with(SandboxOptions {
        fail_rate: 1.0,
        ..fast_options()
    })
    .await;
    assert!(raw_list(&env).await.unwrap().status().is_server_error());
}

#[tokio::test]
async fn reset_closes_the_connection_without_an_answer() {
    let env = Env::start().await;
    env.set_faults(json!({"reset_rate": 1.0})).await;
    for _ in 0..3 {
        let err = raw_list(&env).await.expect_err("no answer at all");
        assert!(!err.is_status(), "{err}");
    }
    env.set_faults(json!({})).await;
    assert_eq!(raw_list(&env).await.unwrap().status(), 200, "healthy again");
}

#[tokio::test]
async fn truncate_declares_the_full_length_and_sends_half() {
    let env = Env::start().await;
    env.set_faults(json!({"truncate_rate": 1.0})).await;
    let resp = raw_list(&env).await.unwrap();
    assert_eq!(resp.status(), 200);
    let declared: usize = resp.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(declared > 10);
    assert!(resp.bytes().await.is_err(), "the body is cut short");
}

#[tokio::test]
async fn non_json_rate_serves_an_html_page() {
    let env = Env::start().await;
    env.set_faults(json!({"non_json_rate": 1.0})).await;
    let resp = raw_list(&env).await.unwrap();
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let text = resp.text().await.unwrap();
    assert!(text.contains("<html>"));
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_err());
}

#[tokio::test]
async fn slow_body_and_latency_still_deliver_the_answer() {
    let env = Env::start().await;
    env.set_faults(json!({"slow_body_ms": 80, "latency_ms": 20}))
        .await;
    let resp = raw_list(&env).await.unwrap();
    let v: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(v["objectType"], "KalturaLiveStreamListResponse");
}

#[tokio::test]
async fn bad_fault_settings_are_refused() {
    let env = Env::start().await;
    for body in [json!({"fail_rate": 2.0}), json!({"no_such_fault": 1})] {
        let resp = env
            .http
            .post(env.url("/sandbox/faults"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 400);
        let v: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(v["ok"], false);
    }
}

#[tokio::test]
async fn stats_count_requests_calls_and_multirequests() {
    let env = Env::start().await;
    let e = env.add_live("counted").await;
    let id = e["id"].as_str().unwrap();
    let ks = env.admin_ks();
    env.call("liveStream", "get", json!({"entryId": id})).await;
    env.http
        .post(env.url("/api_v3/service/multirequest"))
        .json(&json!({"format": 1, "ks": ks,
            "0": {"service": "liveStream", "action": "get", "entryId": id},
            "1": {"service": "livestream", "action": "isLive", "id": id},
            "2": {"service": "baseentry", "action": "list"}}))
        .send()
        .await
        .unwrap();
    env.control(&format!("/sandbox/entries/{id}/broadcast"))
        .await;
    let s = env.stats().await;
    assert_eq!(s["http_requests"], 3, "{s}");
    assert_eq!(s["multirequests"], 1);
    assert_eq!(s["calls"]["liveStream.add"], 1);
    assert_eq!(s["calls"]["liveStream.get"], 2);
    assert_eq!(s["calls"]["liveStream.isLive"], 1);
    assert_eq!(s["calls"]["baseEntry.list"], 1);
    assert!(s["response_bytes"].as_u64().unwrap_or(0) > 100, "{s}");
    let (status, _) = env.control("/sandbox/stats/reset").await;
    assert_eq!(status, 200);
    let s = env.stats().await;
    assert_eq!(
        s,
        json!({"http_requests": 0, "calls": {}, "multirequests": 0, "response_bytes": 0})
    );
}
