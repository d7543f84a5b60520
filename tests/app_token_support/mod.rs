//! Shared helpers for the app-token tests: tokens made by Kaltura's official Node client
//! (`tests/official_client/app_token.js`, with the sandbox's admin secret in *its* environment
//! only), a `kwebcast` command that signs in with a token and has no admin secret anywhere, and
//! the sandbox's request counters. The tests that need the Node client declare it
//! (`needs_support::Need::NodeClient`): without it they are reported ignored, with the reason.
#![allow(dead_code)]

use crate::cli_support::{Home, SECRET, SpawnedSandbox};
use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;
use std::time::Duration;

/// A token as `appToken.add` returned it.
#[derive(Debug, Clone)]
pub struct Token {
    pub id: String,
    pub token: String,
}

fn client_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/official_client")
}

/// Runs `node app_token.js ARGS` against the sandbox; `Ok(json)` on success, `Err(stderr)` when
/// the script failed (a Kaltura refusal, with its code).
pub fn node(sandbox: &SpawnedSandbox, args: &[&str]) -> Result<Value, String> {
    let mut cmd = std::process::Command::new("node");
    cmd.arg(client_dir().join("app_token.js"))
        .args(args)
        .current_dir(client_dir())
        .env("KALTURA_SERVICE_URL", &sandbox.url)
        .env("KALTURA_PARTNER_ID", sandbox.partner.to_string())
        .env("KALTURA_ADMIN_SECRET", SECRET);
    let out = cmd.output().expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let line = stdout.lines().last().unwrap_or_default();
    Ok(serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}")))
}

/// An administrator's `appToken.add` through the official client: `fields` are
/// `KalturaAppToken`'s (`sessionType`, `hashType`, `expiry`...).
pub fn issue(sandbox: &SpawnedSandbox, fields: Value) -> Token {
    let v = node(sandbox, &["add", &fields.to_string()]).expect("appToken.add");
    Token {
        id: v["id"].as_str().expect("id").to_string(),
        token: v["token"].as_str().expect("token").to_string(),
    }
}

/// The operator's token as README tells an administrator to make it.
pub fn operator_token(sandbox: &SpawnedSandbox) -> Token {
    issue(
        sandbox,
        serde_json::json!({"sessionType": 2, "hashType": "SHA256",
            "sessionPrivileges": "disableentitlement", "description": "kwebcast operator"}),
    )
}

/// `kwebcast` signing in with `token`: service URL, partner, token ID and token in the
/// environment, and no admin secret anywhere (the host's KALTURA_* are removed by `Home::cmd`).
pub fn token_cmd(home: &Home, sandbox: &SpawnedSandbox, token: &Token) -> Command {
    let mut cmd = home.cmd();
    cmd.env("KALTURA_SERVICE_URL", &sandbox.url)
        .env("KALTURA_PARTNER_ID", sandbox.partner.to_string())
        .env("KALTURA_APP_TOKEN_ID", &token.id)
        .env("KALTURA_APP_TOKEN", &token.token)
        .env_remove("KALTURA_ADMIN_SECRET")
        .env_remove("KALTURA_ADMIN_SECRET_FILE");
    cmd
}

/// `GET /sandbox/stats`.
pub fn stats(url: &str) -> Value {
    use std::io::{Read, Write};
    let addr = url.strip_prefix("http://").expect("http URL");
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET /sandbox/stats HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    serde_json::from_str(body).unwrap_or_else(|e| panic!("stats ({e}): {answer}"))
}

/// Fails the test if `text` holds the token.
pub fn assert_no_token(what: &str, text: &str, token: &Token) {
    assert!(
        !text.contains(&token.token),
        "{what} shows the app token:\n{text}"
    );
}
