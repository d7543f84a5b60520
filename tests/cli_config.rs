//! `kwebcast config check` and `kwebcast sandbox`: the sandbox path, a real account (a spawned
//! sandbox standing in for Kaltura over loopback HTTP), and wrong credentials.

mod cli_support;

use cli_support::{
    Home, PARTNER, SECRET, SpawnedSandbox, assert_keys, assert_no_secret, json_line,
};
use predicates::prelude::*;

#[test]
fn config_check_on_the_sandbox_says_so() {
    let home = Home::new();
    let out = home.cmd().args(["config", "check"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("sandbox: using the built-in Kaltura sandbox"),
        "{stdout}"
    );
    assert!(stdout.contains("account: none configured; the built-in sandbox (partner 1000)"));
    assert!(stdout.contains("credentials: OK"), "{stdout}");

    let out = home
        .cmd()
        .args(["config", "check", "--json"])
        .output()
        .unwrap();
    let v = json_line(&out.stdout);
    assert_keys(
        &v,
        &[
            "schema",
            "sandbox",
            "config_file",
            "profile",
            "partner_id",
            "service_url",
            "secret_source",
            "check",
            "auth",
        ],
    );
    assert_keys(&v["check"], &["ok", "call", "live_entries"]);
    assert_eq!(v["auth"]["method"], "admin_secret");
    assert_eq!(v["auth"]["source"], "the in-process sandbox");
    assert_eq!(v["auth"]["session"], serde_json::Value::Null);
    assert_eq!(v["schema"], 1);
    assert_eq!(v["sandbox"], true);
    assert_eq!(v["partner_id"], 1000);
    assert_eq!(v["check"]["ok"], true);
    assert_eq!(v["check"]["call"], "liveStream.list");
}

#[test]
fn forced_sandbox_ignores_the_account() {
    let home = Home::new();
    let out = home
        .cmd()
        .args(["config", "check", "--json", "--sandbox"])
        .env("KALTURA_PARTNER_ID", "55")
        .env("KALTURA_ADMIN_SECRET", "forced-secret-xyz")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json_line(&out.stdout)["sandbox"], true);
    assert_no_secret(&out, "forced-secret-xyz");
}

#[test]
fn the_sandbox_command_announces_itself_exactly() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let port = sandbox
        .url
        .strip_prefix("http://127.0.0.1:")
        .and_then(|p| p.parse::<u16>().ok())
        .expect("a loopback URL with a port");
    assert!(port > 0);
    assert_eq!(
        sandbox.first_line,
        format!("sandbox listening on http://127.0.0.1:{port} (partner {PARTNER})")
    );
}

#[cfg(unix)]
#[test]
fn the_sandbox_command_stops_cleanly_on_sigterm() {
    let home = Home::new();
    let mut sandbox = SpawnedSandbox::start(&home, &[]);
    let pid = libc::pid_t::try_from(sandbox.child.id()).expect("a pid");
    // SAFETY: plain kill(2) on the child this test spawned.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let status = sandbox.child.wait().expect("wait");
    assert_eq!(status.code(), Some(0), "SIGTERM is a clean stop");
}

#[test]
fn the_sandbox_refuses_remote_binds_without_the_flag() {
    let home = Home::new();
    home.cmd()
        .args(["sandbox", "--bind", "0.0.0.0:0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--allow-remote"));
    home.cmd()
        .args(["sandbox", "--speed", "0"])
        .assert()
        .code(2);
}

#[test]
fn config_check_proves_real_credentials() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["config", "check"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout.contains("sandbox"),
        "a real account is not labelled sandbox: {stdout}"
    );
    assert!(
        stdout.contains(&format!("account: partner {PARTNER} at {}", sandbox.url)),
        "{stdout}"
    );
    assert!(stdout.contains("secret from environment variable KALTURA_ADMIN_SECRET"));
    assert!(stdout.contains("credentials: OK (a locally signed admin KS, then liveStream.list"));
    assert_no_secret(&out, SECRET);

    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["config", "check", "--json"])
        .env("KWEBCAST_USE_SESSION_START", "true")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json_line(&out.stdout);
    assert_eq!(v["sandbox"], false);
    assert_eq!(v["partner_id"], PARTNER);
    assert_eq!(v["service_url"], sandbox.url.as_str());
    assert_no_secret(&out, SECRET);
}

#[test]
fn wrong_credentials_fail_with_kalturas_code_and_no_secret() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let wrong = "wrong-secret-0000000000000000";
    let out = home
        .account_cmd(&sandbox, wrong)
        .args(["config", "check", "--json", "-v"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = json_line(&out.stderr);
    assert_eq!(err["error"]["kind"], "api");
    assert_eq!(err["error"]["code"], "INVALID_KS");
    assert_eq!(err["error"]["exit_code"], 1);
    let message = err["error"]["message"].as_str().unwrap();
    assert!(message.contains("credentials check failed"), "{message}");
    assert!(
        message.contains(&format!("belongs to partner {PARTNER}")),
        "{message}"
    );
    for word in message.split(|c: char| !(c.is_ascii_alphanumeric() || "-_=+/".contains(c))) {
        assert!(
            word.len() < 80,
            "Kaltura's INVALID_KS echo is cut to a redacted KS: {word}"
        );
    }
    assert_no_secret(&out, wrong);
    let log = home.log();
    assert!(
        log.contains("credentials check failed"),
        "the failure is logged: {log}"
    );
    assert!(!log.contains(wrong), "the log never holds the secret");

    let out = home
        .account_cmd(&sandbox, wrong)
        .args(["config", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: the credentials check failed"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}
