//! Shared helpers for the live-action tests through the real binary: an event made with
//! `kwebcast create`, its state read back with `kwebcast status --json`, the simulated encoder
//! driven through the sandbox's controls, an app token for a user without edit rights, and an
//! event with two recordings.
#![allow(dead_code)]

use crate::cli_support::{Home, SECRET, SpawnedSandbox, control, json_line};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// A JSON POST over a plain socket; returns the answer's JSON body.
pub fn post_json(url: &str, path: &str, body: &Value) -> Value {
    use std::io::{Read, Write};
    let addr = url.strip_prefix("http://").expect("http URL");
    let body = body.to_string();
    let mut stream = std::net::TcpStream::connect(addr).expect("connect to the sandbox");
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    let json = answer.split_once("\r\n\r\n").expect("a body").1;
    serde_json::from_str(json).expect("a JSON answer")
}

/// `kwebcast create --name NAME --json` against the spawned sandbox; the new entry ID.
pub fn created(home: &Home, sandbox: &SpawnedSandbox, name: &str) -> String {
    let out = home
        .account_cmd(sandbox, SECRET)
        .args(["create", "--name", name, "--json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_line(&out.stdout)["entry_id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The event as `kwebcast status ID --json` shows it.
pub fn status_json(home: &Home, sandbox: &SpawnedSandbox, id: &str) -> Value {
    let out = home
        .account_cmd(sandbox, SECRET)
        .args(["status", id, "--json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_line(&out.stdout)["events"][0].clone()
}

/// Polls `status --json` until `pred` holds (generous deadline, no fixed sleeps).
pub fn wait_event(
    home: &Home,
    sandbox: &SpawnedSandbox,
    id: &str,
    what: &str,
    pred: impl Fn(&Value) -> bool,
) -> Value {
    let start = Instant::now();
    loop {
        let event = status_json(home, sandbox, id);
        if pred(&event) {
            return event;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "timed out waiting for {what}: {event}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Waits for a state name (`PREVIEW`, `RECORDING_READY`...).
pub fn wait_state(home: &Home, sandbox: &SpawnedSandbox, id: &str, state: &str) -> Value {
    wait_event(home, sandbox, id, state, |e| e["state"] == state)
}

/// The simulated encoder connects and the event reaches PREVIEW.
pub fn encoder_on(home: &Home, sandbox: &SpawnedSandbox, id: &str) {
    control(&sandbox.url, &format!("/sandbox/entries/{id}/broadcast"));
    wait_state(home, sandbox, id, "PREVIEW");
}

/// An admin KS from `kwebcast ks`.
pub fn admin_ks(home: &Home, sandbox: &SpawnedSandbox) -> String {
    let out = home
        .account_cmd(sandbox, SECRET)
        .args(["ks", "--type", "admin", "--json"])
        .output()
        .unwrap();
    json_line(&out.stdout)["ks"].as_str().unwrap().to_string()
}

/// An app token giving USER sessions of `user`, who is neither the owner nor an entitled editor
/// of any event: `appToken.add` as an account administrator sends it.
pub fn user_token(home: &Home, sandbox: &SpawnedSandbox, user: &str) -> (String, String) {
    let ks = admin_ks(home, sandbox);
    let answer = post_json(
        &sandbox.url,
        "/api_v3/service/apptoken/action/add",
        &json!({"format": 1, "ks": ks, "appToken": {"objectType": "KalturaAppToken",
            "sessionType": 0, "sessionUserId": user, "hashType": "SHA256",
            "description": "a guest without edit rights"}}),
    );
    (
        answer["id"].as_str().expect("a token id").to_string(),
        answer["token"].as_str().expect("a token").to_string(),
    )
}

/// `kwebcast` signing in with an app token and no admin secret.
pub fn token_cmd(
    home: &Home,
    sandbox: &SpawnedSandbox,
    (id, token): &(String, String),
) -> assert_cmd::Command {
    let mut cmd = home.cmd();
    cmd.env("KALTURA_SERVICE_URL", &sandbox.url)
        .env("KALTURA_PARTNER_ID", sandbox.partner.to_string())
        .env("KALTURA_APP_TOKEN_ID", id)
        .env("KALTURA_APP_TOKEN", token);
    cmd
}

/// An event with two READY recordings, newest first: two sessions more than 180 s apart (the
/// sandbox is restarted on its state file with the first session's end forgotten). Returns the
/// running sandbox, the event, and its recordings (newer, older).
pub fn two_recordings(home: &Home, name: &str) -> (SpawnedSandbox, String, String, String) {
    let state = home.dir.path().join("sandbox-state.json");
    let state_arg = state.display().to_string();
    let args = ["--speed", "1000", "--state", state_arg.as_str()];
    let sandbox = SpawnedSandbox::start(home, &args);
    let id = created(home, &sandbox, name);
    let session = |sandbox: &SpawnedSandbox| {
        encoder_on(home, sandbox, &id);
        control(&sandbox.url, &format!("/sandbox/entries/{id}/end"));
        wait_state(home, sandbox, &id, "RECORDING_READY");
    };
    session(&sandbox);
    drop(sandbox);
    let mut saved: Value =
        serde_json::from_str(&std::fs::read_to_string(&state).expect("the state file")).unwrap();
    for e in saved["entries"].as_array_mut().unwrap() {
        if e["obj"]["id"] == id.as_str() {
            e["last_end_ms"] = Value::Null;
        }
    }
    std::fs::write(&state, saved.to_string()).unwrap();
    let sandbox = SpawnedSandbox::start(home, &args);
    session(&sandbox);
    let event = wait_event(home, &sandbox, &id, "two READY recordings", |e| {
        e["recordings"]
            .as_array()
            .is_some_and(|r| r.len() == 2 && r.iter().all(|r| r["ready"] == true))
    });
    let newer = event["recordings"][0]["id"].as_str().unwrap().to_string();
    let older = event["recordings"][1]["id"].as_str().unwrap().to_string();
    (sandbox, id, newer, older)
}
