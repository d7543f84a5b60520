//! The in-process sandbox keeps its state in the data directory: with no account configured,
//! `create` in one process and `status`, `links`, `studio` in the next see the same event, two
//! concurrent creates both survive, `sandbox --reset` starts over, and the standalone sandbox
//! keeps its admin secret in its `--state` file across restarts.

mod cli_support;

use cli_support::{Home, decode_half_block_qr, json_line};
use std::io::{BufRead, BufReader};
use std::process::Stdio;

fn run_ok(home: &Home, args: &[&str]) -> std::process::Output {
    let out = home.cmd().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn create(home: &Home, name: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["create", "--name", name, "--json"];
    args.extend_from_slice(extra);
    json_line(&run_ok(home, &args).stdout)
}

fn state_file(home: &Home) -> std::path::PathBuf {
    home.dir.path().join(".local/share/kwebcast/sandbox.json")
}

#[test]
fn create_then_status_links_and_studio_in_separate_processes() {
    let home = Home::new();
    let created = create(&home, "Across commands", &[]);
    let id = created["entry_id"].as_str().unwrap().to_string();

    let status = json_line(&run_ok(&home, &["status", &id, "--json"]).stdout);
    assert_eq!(status["events"][0]["id"], id.as_str(), "{status}");
    assert_eq!(status["events"][0]["name"], "Across commands");

    let links = json_line(&run_ok(&home, &["links", &id, "--json"]).stdout);
    assert_eq!(links["entry_id"], id.as_str());
    assert!(
        links["attendee_short_url"]
            .as_str()
            .unwrap()
            .contains("/tiny/")
    );

    let studio = json_line(&run_ok(&home, &["studio", &id, "--json"]).stdout);
    assert_eq!(studio["entry_id"], id.as_str());

    // The text QR of `links --qr` scans to the short link, which the shared state holds with
    // the full attendee link it leads to.
    let out = run_ok(&home, &["links", &id, "--qr"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("  QR code: the short link"))
        .expect("the QR encodes the short link");
    let qr: Vec<String> = lines[at + 1..]
        .iter()
        .take_while(|l| !l.starts_with("embed:"))
        .map(|l| l.to_string())
        .collect();
    assert!(qr.len() <= 21, "fits 80×24: {} rows", qr.len());
    let short = decode_half_block_qr(&qr);
    let id4 = short.rsplit('/').next().unwrap().to_string();
    let state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(state_file(&home)).unwrap()).unwrap();
    let stored = state["short_links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == id4.as_str())
        .expect("the short link is in the shared state");
    let full = stored["fullUrl"].as_str().unwrap();
    assert!(full.contains(&format!("entry_id={id}&ks=")), "{full}");
    let attendee_line = lines
        .iter()
        .position(|l| l.starts_with("attendee ("))
        .unwrap();
    assert_eq!(lines[attendee_line + 1].trim(), full);

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(state_file(&home))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "the state holds secrets and stream keys"
        );
    }
}

#[test]
fn the_secret_and_the_journal_scope_survive_runs() {
    let home = Home::new();
    let first = create(&home, "Keep", &["--ref", "keep-1"]);
    let state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(state_file(&home)).unwrap()).unwrap();
    let secret = state["admin_secret"].as_str().unwrap().to_string();
    assert_eq!(secret.len(), 32);
    // A repeated create with the same reference finds the first in the journal (scoped by the
    // sandbox's instance, not its URL, which changed).
    let again = create(&home, "Keep", &["--ref", "keep-1"]);
    assert_eq!(again["entry_id"], first["entry_id"], "{again}");
    let state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(state_file(&home)).unwrap()).unwrap();
    assert_eq!(
        state["admin_secret"],
        secret.as_str(),
        "the secret is stable"
    );
    let out = run_ok(&home, &["create", "--name", "Keep", "--ref", "keep-1"]);
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains(&secret)
            && !String::from_utf8_lossy(&out.stderr).contains(&secret)
    );
}

#[test]
fn concurrent_creates_from_two_processes_both_survive() {
    let home = Home::new();
    // A first command makes the state file, so both racers share one partner.
    create(&home, "First", &[]);
    let bin = assert_cmd::cargo::cargo_bin("kwebcast");
    let spawn = |name: &str| {
        let mut cmd = std::process::Command::new(&bin);
        for key in cli_support::host_vars() {
            cmd.env_remove(key);
        }
        cmd.args(["create", "--name", name, "--json"])
            .env("HOME", home.dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let children: Vec<_> = (0..2).map(|i| spawn(&format!("Racer {i}"))).collect();
    let mut ids = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        ids.push(
            json_line(&out.stdout)["entry_id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    assert_ne!(ids[0], ids[1]);
    let out = run_ok(&home, &["status", &ids[0], &ids[1], "--json"]);
    let text = String::from_utf8_lossy(&out.stdout);
    for id in &ids {
        assert!(text.contains(id.as_str()), "{id} survived: {text}");
    }
    assert!(!text.contains("ENTRY_ID_NOT_FOUND"), "{text}");
}

#[test]
fn sandbox_reset_starts_over() {
    let home = Home::new();
    let created = create(&home, "Before reset", &["--ref", "r-1"]);
    let id = created["entry_id"].as_str().unwrap().to_string();
    let out = run_ok(&home, &["sandbox", "--reset"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("reset the built-in sandbox"), "{said}");
    assert!(!state_file(&home).exists());
    let out = home.cmd().args(["status", &id]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("ENTRY_ID_NOT_FOUND")
            || String::from_utf8_lossy(&out.stdout).contains("ENTRY_ID_NOT_FOUND")
            || String::from_utf8_lossy(&out.stdout).contains("not found"),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The old journal record belongs to the old sandbox: the same reference makes a new event.
    let after = create(&home, "Before reset", &["--ref", "r-1"]);
    assert_ne!(after["entry_id"], created["entry_id"]);
    let out = run_ok(&home, &["sandbox", "--reset"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("deleted"));
    let out = run_ok(&home, &["sandbox", "--reset"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing to reset"));
}

/// Reads the admin secret a standalone sandbox prints on stderr.
fn spawn_standalone(
    home: &Home,
    state: &std::path::Path,
    extra: &[&str],
) -> (std::process::Child, String) {
    let bin = assert_cmd::cargo::cargo_bin("kwebcast");
    let mut cmd = std::process::Command::new(bin);
    for key in cli_support::host_vars() {
        cmd.env_remove(key);
    }
    let mut child = cmd
        .args(["sandbox", "--bind", "127.0.0.1:0", "--state"])
        .arg(state)
        .args(extra)
        .env("HOME", home.dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stderr.take().unwrap());
    let mut secret = None;
    for _ in 0..10 {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if let Some(rest) = line.trim_end().split("KALTURA_ADMIN_SECRET=").nth(1) {
            secret = Some(rest.to_string());
            break;
        }
    }
    (child, secret.expect("the secret is printed"))
}

#[test]
fn the_standalone_sandbox_keeps_its_secret_in_its_state_file() {
    let home = Home::new();
    let state = home.dir.path().join("standalone.json");
    let mut secrets = Vec::new();
    for extra in [&[][..], &[], &["--reset"]] {
        let (mut child, secret) = spawn_standalone(&home, &state, extra);
        let _ = child.kill();
        let _ = child.wait();
        secrets.push(secret);
    }
    assert_eq!(
        secrets[0], secrets[1],
        "a restart on the same --state keeps the secret"
    );
    assert_ne!(
        secrets[1], secrets[2],
        "--reset with --state starts over: a new secret"
    );
}

/// `edit`, `forget` and `delete` find the journal's record of an event made by an earlier
/// process of the in-process sandbox (records are scoped by the sandbox's instance, not by its
/// port, which changes every run).
#[test]
fn edit_forget_and_delete_find_the_journal_record_across_processes() {
    let home = Home::new();
    let first = create(&home, "Scoped first", &[]);
    let second = create(&home, "Scoped second", &[]);
    let (a, b) = (
        first["entry_id"].as_str().unwrap().to_string(),
        second["entry_id"].as_str().unwrap().to_string(),
    );
    run_ok(&home, &["edit", &a, "--name", "Scoped renamed", "--json"]);
    let journal =
        std::fs::read_to_string(home.dir.path().join(".local/share/kwebcast/events.jsonl"))
            .unwrap();
    let renamed = journal
        .lines()
        .rev()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|r| r["entry_id"] == a.as_str())
        .expect("the edit superseded the event's record");
    assert_eq!(renamed["name"], "Scoped renamed", "{journal}");
    // The journal knew the event: forget succeeds (it refuses events the journal lacks).
    run_ok(&home, &["forget", &a, "--json"]);
    run_ok(&home, &["delete", &b, "--yes", "--json"]);
    let journal =
        std::fs::read_to_string(home.dir.path().join(".local/share/kwebcast/events.jsonl"))
            .unwrap();
    for id in [&a, &b] {
        let last = journal
            .lines()
            .rev()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|r| r["entry_id"] == id.as_str())
            .unwrap();
        assert!(!last["removed"].is_null(), "{id} removed: {journal}");
    }
}
