//! `kwebcast finish` against a spawned `kwebcast sandbox` standing in for a Kaltura account: a
//! create that fails midway (the account lacks the KMS_EVENTS3 metadata profile) leaves a pending
//! step; finish reports it while the profile is still missing (exit 1, Kaltura's code) and
//! completes it once the profile is back (exit 0). An entry the journal does not know is refused
//! with a sentence saying how to proceed.
//!
//! The account is broken and repaired the way `tests/webcast_finish.rs` does it: the sandbox is
//! stopped, its state file edited (the profile renamed away and back), and restarted on the same
//! port, so the journal's records (scoped by partner and service URL) still apply.

mod cli_support;

use cli_support::{
    Home, PARTNER, SECRET, SpawnedSandbox, assert_keys, assert_no_secret, json_line,
};
use predicates::prelude::*;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

/// `kwebcast sandbox --bind BIND --state STATE` with [`PARTNER`] and [`SECRET`].
fn spawn(home: &Home, bind: &str, state: &Path) -> SpawnedSandbox {
    let bin = assert_cmd::cargo::cargo_bin("kwebcast");
    let mut command = std::process::Command::new(bin);
    for key in cli_support::host_vars() {
        command.env_remove(key);
    }
    let mut child = command
        .args(["sandbox", "--bind", bind, "--partner-id"])
        .arg(PARTNER.to_string())
        .args(["--admin-secret", SECRET, "--state"])
        .arg(state)
        .env("HOME", home.dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn kwebcast sandbox");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read the announcement");
    let first_line = line.trim_end().to_string();
    let url = first_line
        .strip_prefix("sandbox listening on ")
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("unexpected announcement {first_line:?}"))
        .to_string();
    SpawnedSandbox {
        child,
        url,
        partner: PARTNER,
        first_line,
    }
}

/// Stops the sandbox with SIGTERM (a clean stop: the state file is complete).
fn stop(mut sandbox: SpawnedSandbox) {
    let pid = libc::pid_t::try_from(sandbox.child.id()).expect("a pid");
    // SAFETY: plain kill(2) on the child this test spawned.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let status = sandbox.child.wait().expect("wait");
    assert_eq!(status.code(), Some(0), "SIGTERM is a clean stop");
}

/// Renames every object whose `systemName` equals `from`; returns how many.
fn rename(v: &mut Value, from: &str, to: &str) -> usize {
    match v {
        Value::Object(map) => {
            let mut n = 0;
            if map.get("systemName").and_then(Value::as_str) == Some(from) {
                map.insert("systemName".into(), Value::from(to));
                n += 1;
            }
            n + map.values_mut().map(|c| rename(c, from, to)).sum::<usize>()
        }
        Value::Array(items) => items.iter_mut().map(|c| rename(c, from, to)).sum(),
        _ => 0,
    }
}

/// Renames the metadata profile `from` to `to` in the (stopped) sandbox's state file.
fn rename_profile(state: &Path, from: &str, to: &str) {
    let mut value: Value = serde_json::from_slice(&std::fs::read(state).unwrap()).unwrap();
    assert_eq!(rename(&mut value, from, to), 1, "one profile renamed");
    std::fs::write(state, serde_json::to_vec(&value).unwrap()).unwrap();
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn steps(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|s| s["step"].as_str().expect("a step"))
        .collect()
}

/// The event's schedule as `kwebcast status` reads it from its KMS_EVENTS3 record.
fn schedule(home: &Home, sandbox: &SpawnedSandbox, id: &str) -> Value {
    let out = home
        .account_cmd(sandbox, SECRET)
        .args(["status", id, "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    json_line(&out.stdout)["events"][0]["schedule"].clone()
}

#[test]
fn finish_completes_a_create_that_failed_midway() {
    let home = Home::new();
    let state = home.dir.path().join("sandbox.json");
    let first = spawn(&home, "127.0.0.1:0", &state);
    let bind = first
        .url
        .strip_prefix("http://")
        .expect("an http URL")
        .to_string();
    stop(first);
    rename_profile(&state, "KMS_EVENTS3", "KMS_EVENTS3_RETIRED");

    // The account lacks KMS_EVENTS3: the entry is made, the schedule record is not.
    let broken = spawn(&home, &bind, &state);
    let out = home
        .account_cmd(&broken, SECRET)
        .args(["create", "--name", "Half-made town hall", "--json"])
        .args([
            "--start",
            "2030-03-01T10:00:00Z",
            "--end",
            "2030-03-01T11:30:00Z",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let created = json_line(&out.stdout);
    let id = created["entry_id"]
        .as_str()
        .expect("an entry ID")
        .to_string();
    assert_eq!(created["complete"], false);
    assert_eq!(steps(&created["pending"]), ["events_metadata"]);
    let hint = created["pending"][0]["how_to_finish"].as_str().unwrap();
    assert_eq!(
        hint,
        format!("run `kwebcast finish {id}` to fill in what is missing")
    );
    assert_eq!(schedule(&home, &broken, &id), Value::Null);

    // Finishing while the profile is still missing: reported, Kaltura's code, exit 1.
    let out = home
        .account_cmd(&broken, SECRET)
        .args(["finish", &id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("event {id} ")), "{text}");
    assert!(text.contains("1 step(s) still pending"), "{text}");
    assert!(text.contains("done: KMS_KWEBCAST2 metadata"), "{text}");
    assert!(
        text.contains("PENDING: KMS_EVENTS3 metadata [METADATA_PROFILE_NOT_FOUND]"),
        "{text}"
    );
    let err = stderr(&out);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains(&format!("kwebcast finish {id}")), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    let out = home
        .account_cmd(&broken, SECRET)
        .args(["finish", &id, "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let still = json_line(&out.stdout);
    assert_eq!(still["complete"], false);
    assert_eq!(steps(&still["pending"]), ["events_metadata"]);
    assert_eq!(still["pending"][0]["code"], "METADATA_PROFILE_NOT_FOUND");
    assert!(steps(&still["done"]).contains(&"kwebcast_metadata"));
    let error = json_line(&out.stderr);
    assert_eq!(error["error"]["kind"], "api");
    assert_eq!(error["error"]["code"], "METADATA_PROFILE_NOT_FOUND");
    assert_eq!(error["error"]["exit_code"], 1);
    assert_no_secret(&out, SECRET);
    stop(broken);

    // The account admin restores the profile: finish completes the event.
    rename_profile(&state, "KMS_EVENTS3_RETIRED", "KMS_EVENTS3");
    let repaired = spawn(&home, &bind, &state);
    let out = home
        .account_cmd(&repaired, SECRET)
        .args(["finish", &id, "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_no_secret(&out, SECRET);
    let finished = json_line(&out.stdout);
    assert_keys(
        &finished,
        &[
            "schema", "sandbox", "entry_id", "name", "complete", "done", "pending", "journal",
        ],
    );
    assert_eq!(finished["schema"], 1);
    assert_eq!(finished["sandbox"], false);
    assert_eq!(finished["entry_id"], id.as_str());
    assert_eq!(finished["name"], "Half-made town hall");
    assert_eq!(finished["complete"], true);
    assert_eq!(finished["pending"], serde_json::json!([]));
    assert!(steps(&finished["done"]).contains(&"events_metadata"));
    assert_keys(&finished["done"][0], &["step", "label"]);
    assert_eq!(finished["journal"], created["journal"]);
    let written = schedule(&home, &repaired, &id);
    assert_eq!(written["start"], created["start"], "{written}");
    assert_eq!(written["end"], created["end"], "{written}");

    // Finishing a complete event again changes nothing and says so.
    home.account_cmd(&repaired, SECRET)
        .args(["finish", &id])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(format!(
            "event {id} \"Half-made town hall\": complete, nothing pending"
        )));
}

#[test]
fn an_entry_the_journal_does_not_know_exits_one_saying_how_to_proceed() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    home.account_cmd(&sandbox, SECRET)
        .args(["finish", "1_notours9"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "error: event 1_notours9 is not in the journal",
        ))
        .stderr(predicate::str::contains("check the entry ID"));

    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["finish", "1_notours9", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "stdout stays empty on an error");
    let error = json_line(&out.stderr);
    assert_eq!(error["error"]["exit_code"], 1);
    assert_eq!(error["error"]["code"], Value::Null);
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains("is not in the journal"), "{message}");
    assert_eq!(message.lines().count(), 1, "{message}");
}

#[test]
fn help_and_usage_errors() {
    let home = Home::new();
    home.cmd()
        .args(["finish", "--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Usage:").and(predicate::str::contains("ENTRY")));
    home.cmd()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("finish"));
    home.cmd().arg("finish").assert().code(2);
    home.cmd().args(["finish", "1_a", "1_b"]).assert().code(2);
    // An empty ID is refused before anything starts.
    let out = home.cmd().args(["finish", " ", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let error = json_line(&out.stderr);
    assert_eq!(error["error"]["kind"], "usage");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("entry ID is empty"),
        "{error}"
    );
}
