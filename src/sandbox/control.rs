//! kwebcast's own control surface under `/sandbox/` (reference section 8): drive the live
//! lifecycle without an encoder, inject faults, read request counters. Loopback peers only.

use super::app::App;
use super::audience;
use super::encoder::NodeKind;
use super::faults::Faults;
use super::lifecycle;
use super::store::now_ms;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

/// The `/sandbox/` routes.
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/sandbox/entries/{id}/{step}", post(entry_step))
        .route("/sandbox/faults", post(set_faults).get(get_faults))
        .route("/sandbox/stats", get(stats))
        .route("/sandbox/stats/reset", post(reset_stats))
}

fn forbidden() -> Response {
    reply(
        StatusCode::FORBIDDEN,
        json!({"ok": false, "error": "the sandbox control endpoints answer loopback clients only"}),
    )
}

fn reply(status: StatusCode, body: Value) -> Response {
    (status, axum::Json(body)).into_response()
}

/// The body of `POST /sandbox/entries/{id}/viewers`: `{"count": N}` (a whole number ≥ 0), or
/// `{"count": null}` to give the simulated audience back.
fn viewers_body(body: &[u8]) -> Result<Option<i64>, String> {
    let usage =
        "the body must be {\"count\": N} with N a whole number from 0, or {\"count\": null}";
    let v: Value = serde_json::from_slice(body).map_err(|e| format!("{usage} ({e})"))?;
    match v.get("count") {
        Some(Value::Null) => Ok(None),
        Some(n) => n
            .as_i64()
            .filter(|n| *n >= 0)
            .map(Some)
            .ok_or_else(|| usage.to_string()),
        None => Err(usage.to_string()),
    }
}

async fn entry_step(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((id, step)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    if !peer.ip().is_loopback() {
        return forbidden();
    }
    let known = [
        "broadcast",
        "disconnect",
        "golive",
        "end",
        "redirect",
        "viewers",
        "hold-recording",
        "release-recording",
        "stall",
        "unstall",
    ];
    if !known.contains(&step.as_str()) {
        return reply(
            StatusCode::NOT_FOUND,
            json!({"ok": false, "error": format!("unknown step {step:?}: use broadcast, disconnect, stall, unstall, golive, end, redirect, viewers, hold-recording or release-recording")}),
        );
    }
    let bad = |e: String| reply(StatusCode::BAD_REQUEST, json!({"ok": false, "error": e}));
    let node = match NodeKind::from_query(query.get("node").map(String::as_str)) {
        Ok(n) => n,
        Err(e) => return bad(e),
    };
    let count = if step == "viewers" {
        match viewers_body(&body) {
            Ok(c) => c,
            Err(e) => return bad(e),
        }
    } else {
        None
    };
    let result = app.with_store(|store| {
        let now = now_ms();
        store.index_clock = app.index_clock(now);
        lifecycle::advance(store, now, app.speed);
        let done = match step.as_str() {
            "broadcast" => lifecycle::connect(store, &id, node, now, app.speed),
            "disconnect" => lifecycle::disconnect(store, &id, node, now, app.speed),
            "stall" => lifecycle::stall(store, &id, node, true, now),
            "unstall" => lifecycle::stall(store, &id, node, false, now),
            "golive" => lifecycle::go_live(store, &id, now),
            "end" => lifecycle::end(store, &id, now, app.speed),
            "redirect" => lifecycle::redirect_to_newest(store, &id),
            "hold-recording" => lifecycle::hold_recording(store, &id, true),
            "release-recording" => {
                let found = lifecycle::hold_recording(store, &id, false);
                lifecycle::advance(store, now, app.speed);
                found
            }
            _ if store.entry(&id).is_some_and(|e| e.entry_type() == 7) => {
                audience::observe(store, &id, now, app.speed);
                audience::set(store, &id, count, now);
                true
            }
            _ => false,
        };
        if done {
            Ok(store
                .entry(&id)
                .map(|e| Value::Object(e.obj.clone()))
                .unwrap_or(Value::Null))
        } else {
            Err(format!("no live entry {id:?} in this sandbox"))
        }
    });
    let Ok(result) = result else {
        return reply(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"ok": false, "error": "store unavailable"}),
        );
    };
    app.persist().await;
    match result {
        Ok(entry) => reply(StatusCode::OK, json!({"ok": true, "entry": entry})),
        Err(e) => reply(StatusCode::NOT_FOUND, json!({"ok": false, "error": e})),
    }
}

async fn set_faults(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> Response {
    if !peer.ip().is_loopback() {
        return forbidden();
    }
    let parsed: Result<Faults, String> = if body.iter().all(u8::is_ascii_whitespace) {
        Ok(Faults::default())
    } else {
        serde_json::from_slice(&body).map_err(|e| format!("bad faults body: {e}"))
    };
    let faults = match parsed.and_then(|f| f.validate().map(|()| f)) {
        Ok(f) => f,
        Err(e) => return reply(StatusCode::BAD_REQUEST, json!({"ok": false, "error": e})),
    };
    if let Ok(mut seen) = app.ks_first_seen.lock() {
        seen.clear();
    }
    match app.faults.lock() {
        Ok(mut current) => {
            *current = faults.clone();
            reply(StatusCode::OK, json!({"ok": true, "faults": faults}))
        }
        Err(_) => reply(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"ok": false, "error": "faults unavailable"}),
        ),
    }
}

async fn get_faults(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Response {
    if !peer.ip().is_loopback() {
        return forbidden();
    }
    let faults = app.faults.lock().map(|f| f.clone()).unwrap_or_default();
    reply(StatusCode::OK, json!({"ok": true, "faults": faults}))
}

async fn stats(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Response {
    if !peer.ip().is_loopback() {
        return forbidden();
    }
    reply(StatusCode::OK, app.stats.snapshot())
}

async fn reset_stats(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Response {
    if !peer.ip().is_loopback() {
        return forbidden();
    }
    app.stats.reset();
    reply(StatusCode::OK, json!({"ok": true}))
}
