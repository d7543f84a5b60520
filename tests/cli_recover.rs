//! An interrupted create is never lost, through the real binary against a spawned sandbox:
//! SIGINT/SIGTERM mid-create leave a pending record and say so with the reference; `kwebcast
//! recover` turns it into exactly one journaled entry that exists on the service; two creates
//! under truncated answers make one event, not two.

mod cli_support;

use cli_support::{Home, SECRET, SpawnedSandbox, json_line};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn set_faults(url: &str, body: &str) {
    let addr = url.strip_prefix("http://").unwrap();
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST /sandbox/faults HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

fn stats(url: &str) -> serde_json::Value {
    let addr = url.strip_prefix("http://").unwrap();
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET /sandbox/stats HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    serde_json::from_str(answer.split("\r\n\r\n").nth(1).unwrap()).unwrap()
}

fn journal_path(home: &Home) -> PathBuf {
    home.dir.path().join(".local/share/kwebcast/events.jsonl")
}

fn journal_lines(home: &Home) -> Vec<serde_json::Value> {
    std::fs::read_to_string(journal_path(home))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

fn create_json(home: &Home, sandbox: &SpawnedSandbox, name: &str) -> std::process::Output {
    home.account_cmd(sandbox, SECRET)
        .args(["create", "--name", name, "--json"])
        .output()
        .unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Waits for `pred` on the journal's lines, up to a generous bound.
fn wait_journal(home: &Home, what: &str, pred: impl Fn(&[serde_json::Value]) -> bool) {
    let start = Instant::now();
    while !pred(&journal_lines(home)) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}: {:?}",
            journal_lines(home)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_signal_mid_create_leaves_it_pending_and_recover_records_it_once() {
    for (signal, name) in [(libc::SIGTERM, "Termed"), (libc::SIGINT, "Interrupted")] {
        let home = Home::new();
        let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
        // Warm up: the live profile is remembered, so the next create is one request, the add.
        assert_eq!(
            create_json(&home, &sandbox, "Warm-up").status.code(),
            Some(0)
        );
        set_faults(&sandbox.url, r#"{"latency_ms": 2500}"#);

        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("kwebcast"));
        for key in cli_support::host_vars() {
            cmd.env_remove(key);
        }
        let child = cmd
            .args(["create", "--name", name])
            .env("HOME", home.dir.path())
            .env("NO_COLOR", "1")
            .env("KALTURA_SERVICE_URL", &sandbox.url)
            .env("KALTURA_PARTNER_ID", sandbox.partner.to_string())
            .env("KALTURA_ADMIN_SECRET", SECRET)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The pending record is written before the request goes out.
        wait_journal(&home, "the pending record", |lines| {
            lines
                .iter()
                .any(|l| l["attempt"] == "pending" && l["name"] == name)
        });
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let reference = journal_lines(&home)
            .iter()
            .find(|l| l["attempt"] == "pending" && l["name"] == name)
            .and_then(|l| l["reference"].as_str().map(str::to_string))
            .expect("a pending record with its reference");
        let err = stderr(&out);
        assert!(
            err.contains(&reference),
            "the message names the reference: {err}"
        );
        assert!(err.contains("kwebcast recover"), "{err}");
        assert!(
            !journal_lines(&home)
                .iter()
                .any(|l| l["name"] == name && l["entry_id"].is_string()),
            "no entry journaled yet"
        );

        // The sandbox finishes the call it received; recover finds and records it.
        set_faults(&sandbox.url, "{}");
        let out = home
            .account_cmd(&sandbox, SECRET)
            .args(["recover", "--json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v = json_line(&out.stdout);
        let items = v["recovered"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{v}");
        assert_eq!(items[0]["reference"], reference.as_str());
        assert_eq!(items[0]["outcome"], "recorded");
        let id = items[0]["entry_id"].as_str().unwrap().to_string();
        // Exactly one journaled entry for it, and it exists on the service.
        let entries: Vec<_> = journal_lines(&home)
            .into_iter()
            .filter(|l| l["name"] == name && l["entry_id"].is_string())
            .collect();
        assert_eq!(entries.len(), 1, "{entries:?}");
        assert_eq!(entries[0]["entry_id"], id.as_str());
        assert_eq!(entries[0]["reference"], reference.as_str());
        let status = home
            .account_cmd(&sandbox, SECRET)
            .args(["status", &id, "--json"])
            .output()
            .unwrap();
        assert_eq!(status.status.code(), Some(0), "{}", stderr(&status));
        assert_eq!(
            stats(&sandbox.url)["calls"]["liveStream.add"],
            2,
            "warm-up and this one"
        );

        // Nothing left: recover says so.
        let out = home
            .account_cmd(&sandbox, SECRET)
            .args(["recover"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&out.stdout).contains("nothing pending"));
    }
}

#[test]
fn two_creates_under_truncated_answers_make_one_event() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    assert_eq!(
        create_json(&home, &sandbox, "Warm-up").status.code(),
        Some(0)
    );
    set_faults(&sandbox.url, r#"{"truncate_rate": 1.0}"#);

    let first = create_json(&home, &sandbox, "Twice");
    assert_eq!(first.status.code(), Some(1));
    let reference = journal_lines(&home)
        .iter()
        .find(|l| l["attempt"] == "pending" && l["name"] == "Twice")
        .and_then(|l| l["reference"].as_str().map(str::to_string))
        .expect("pending");
    assert!(stderr(&first).contains(&reference), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("MAY have been created"),
        "{}",
        stderr(&first)
    );

    let second = create_json(&home, &sandbox, "Twice");
    assert_eq!(second.status.code(), Some(1));
    assert!(stderr(&second).contains(&reference), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("nothing was created"),
        "{}",
        stderr(&second)
    );
    assert_eq!(
        stats(&sandbox.url)["calls"]["liveStream.add"],
        2,
        "the second create sent nothing"
    );

    set_faults(&sandbox.url, "{}");
    let third = create_json(&home, &sandbox, "Twice");
    assert_eq!(third.status.code(), Some(0), "{}", stderr(&third));
    let v = json_line(&third.stdout);
    assert_eq!(v["recovered"], true);
    assert_eq!(v["reference"], reference.as_str());
    assert_eq!(
        stats(&sandbox.url)["calls"]["liveStream.add"],
        2,
        "one event"
    );
    let entries: Vec<_> = journal_lines(&home)
        .into_iter()
        .filter(|l| l["name"] == "Twice" && l["entry_id"].is_string())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["entry_id"], v["entry_id"]);
}

#[test]
fn create_turns_dvr_off_only_when_asked() {
    use kwebcast::kaltura::ks::{self, KsSpec, KsVersion, SessionType};
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let admin = ks::sign(
        SECRET,
        &KsSpec {
            partner_id: sandbox.partner,
            user_id: "admin",
            session_type: SessionType::Admin,
            expires_at: 4_000_000_000,
            privileges: "",
        },
        KsVersion::V2,
    );
    for (flags, dvr) in [(&[][..], 1), (&["--no-dvr"][..], 0)] {
        let out = home
            .account_cmd(&sandbox, SECRET)
            .args(["create", "--name", "DVR", "--json"])
            .args(flags)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let id = json_line(&out.stdout)["entry_id"]
            .as_str()
            .unwrap()
            .to_string();
        let body = serde_json::json!({"ks": admin, "format": 1, "entryId": id}).to_string();
        let addr = sandbox.url.strip_prefix("http://").unwrap();
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        write!(
            s,
            "POST /api_v3/service/livestream/action/get HTTP/1.1\r\nHost: {addr}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
        let entry: serde_json::Value =
            serde_json::from_str(answer.split("\r\n\r\n").nth(1).unwrap()).unwrap();
        assert_eq!(entry["dvrStatus"], dvr, "{flags:?}: {entry}");
        assert_eq!(entry["adminTags"], "kms-webcast-event,vpaas-webcast");
        assert_eq!(
            entry["entitledUsersEdit"],
            "kwebcast-moderator,kwebcast-broadcaster"
        );
    }
}
