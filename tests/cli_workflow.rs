//! The workflow commands against a spawned `kwebcast sandbox` standing in for a Kaltura account
//! (real HTTP on loopback): create (and --ref), status (and --watch), links (--qr, --copy) and
//! studio, in text and --json; the secret never appears.

mod cli_support;

use cli_support::{
    Home, SECRET, SpawnedSandbox, assert_keys, assert_no_secret, control, decode_half_block_qr,
    json_line,
};
use kwebcast::kaltura::ks::{self, SessionType};
use predicates::prelude::*;
use std::io::{BufRead, BufReader};

/// Creates an event on the spawned sandbox and returns its entry ID.
fn create(home: &Home, sandbox: &SpawnedSandbox, extra: &[&str]) -> serde_json::Value {
    let out = home
        .account_cmd(sandbox, SECRET)
        .args(["create", "--name", "Town hall", "--json"])
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_no_secret(&out, SECRET);
    json_line(&out.stdout)
}

fn ks_param(url: &str) -> String {
    let query = url.split_once('?').expect("a query").1;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "ks")
        .map(|(_, v)| v.into_owned())
        .expect("a ks parameter")
}

#[test]
fn create_then_create_again_with_the_same_ref_reuses() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let first = create(
        &home,
        &sandbox,
        &[
            "--start",
            "2030-03-01 10:00",
            "--end",
            "2030-03-01 11:30",
            "--timezone",
            "Europe/Paris",
            "--presenter",
            "Ada",
            "--ref",
            "th-2030",
            "--dvr",
        ],
    );
    assert_keys(
        &first,
        &[
            "schema",
            "sandbox",
            "entry_id",
            "name",
            "reused",
            "recovered",
            "reference",
            "start",
            "end",
            "timezone",
            "complete",
            "pending",
            "studio",
            "journal",
            "warnings",
        ],
    );
    assert_keys(
        &first["studio"],
        &["launch_url", "windows_url", "mac_url", "expires_at"],
    );
    assert_eq!(first["schema"], 1);
    assert_eq!(first["sandbox"], false);
    assert_eq!(first["reused"], false);
    assert_eq!(first["complete"], true);
    assert_eq!(first["pending"], serde_json::json!([]));
    assert_eq!(first["start"], 1_898_586_000);
    assert_eq!(first["end"], 1_898_591_400);
    assert_eq!(first["timezone"], "Europe/Paris");
    assert!(
        first["studio"]["launch_url"]
            .as_str()
            .unwrap()
            .starts_with("KalturaWebcast:")
    );
    let id = first["entry_id"].as_str().unwrap();
    assert!(id.starts_with("0_"), "{id}");

    let again = create(&home, &sandbox, &["--ref", "th-2030"]);
    assert_eq!(again["reused"], true);
    assert_eq!(again["entry_id"], id);
    let journal =
        std::fs::read_to_string(home.dir.path().join(".local/share/kwebcast/events.jsonl"))
            .expect("the journal is written");
    assert!(journal.contains(id));
}

#[test]
fn bad_times_are_usage_errors() {
    let home = Home::new();
    home.cmd()
        .args([
            "create",
            "--name",
            "x",
            "--start",
            "2030-01-01 10:00",
            "--end",
            "2030-01-01 09:00",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not after --start"));
    // `--start` alone is fine (an hour long): tests/cli_edges.rs.
    home.cmd()
        .args(["create", "--name", "x", "--start", "soon", "--end", "later"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a time"));
    let out = home
        .cmd()
        .args(["create", "--name", "x", "--json", "--timezone", "Mars/Base"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json_line(&out.stderr)["error"]["kind"], "usage");
}

#[test]
fn status_follows_the_lifecycle_and_reports_unknown_entries() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "100"]);
    let id = create(&home, &sandbox, &[])["entry_id"]
        .as_str()
        .unwrap()
        .to_string();
    let status = |extra: &[&str]| {
        home.account_cmd(&sandbox, SECRET)
            .arg("status")
            .arg(&id)
            .args(extra)
            .output()
            .unwrap()
    };
    let out = status(&["--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json_line(&out.stdout);
    assert_keys(&v, &["schema", "sandbox", "events"]);
    assert_keys(
        &v["events"][0],
        &[
            "id",
            "name",
            "state",
            "label",
            "since",
            "play_entry_id",
            "playback_reason",
            "playback",
            "recordings",
            "schedule",
            "problem",
            "polled_at",
            "viewers",
            "peak_viewers",
            "health",
            "alerts",
        ],
    );
    assert_eq!(v["events"][0]["id"], id.as_str());
    // Created to start now with no encoder: the watchdog's warning.
    assert_eq!(
        v["events"][0]["alerts"],
        serde_json::json!(["starting_soon"])
    );
    assert_eq!(v["events"][0]["state"], "OFFLINE");
    assert_eq!(v["events"][0]["playback_reason"], "nothing_yet");

    control(&sandbox.url, &format!("/sandbox/entries/{id}/broadcast"));
    control(&sandbox.url, &format!("/sandbox/entries/{id}/golive"));
    // The simulated encoder needs a moment (sped up 100x) to become playable: poll until LIVE.
    let mut text = String::new();
    for _ in 0..200 {
        let out = status(&[]);
        assert_eq!(out.status.code(), Some(0));
        text = String::from_utf8_lossy(&out.stdout).to_string();
        if text.contains("LIVE") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(
        text.contains(&format!("{id}  ● LIVE  \"Town hall\"")),
        "{text}"
    );
    assert!(text.contains(&format!("plays {id}: live now")), "{text}");

    let out = status(&["0_nosuch00", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json_line(&out.stdout);
    assert_eq!(v["events"][1]["state"], "ERROR");
    let err = json_line(&out.stderr);
    assert_eq!(err["error"]["code"], "ENTRY_ID_NOT_FOUND");
    assert_no_secret(&out, SECRET);
}

#[test]
fn status_watch_prints_each_transition() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let id = create(&home, &sandbox, &[])["entry_id"]
        .as_str()
        .unwrap()
        .to_string();
    let bin = assert_cmd::cargo::cargo_bin("kwebcast");
    let mut command = std::process::Command::new(bin);
    for key in cli_support::host_vars() {
        command.env_remove(key);
    }
    let mut child = command
        .args(["status", &id, "--watch", "--interval", "1", "--json"])
        .env("HOME", home.dir.path())
        .env("KALTURA_SERVICE_URL", &sandbox.url)
        .env("KALTURA_PARTNER_ID", sandbox.partner.to_string())
        .env("KALTURA_ADMIN_SECRET", SECRET)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut next = || -> serde_json::Value {
        serde_json::from_str(&lines.next().expect("a line").expect("read")).expect("JSON")
    };
    let first = next();
    assert_keys(&first, &["schema", "sandbox", "at", "event"]);
    assert_eq!(first["schema"], 1);
    assert_eq!(first["event"]["state"], "OFFLINE");
    assert_eq!(first["event"]["previous"], serde_json::Value::Null);
    control(&sandbox.url, &format!("/sandbox/entries/{id}/broadcast"));
    control(&sandbox.url, &format!("/sandbox/entries/{id}/golive"));
    // PREVIEW may or may not be seen between two polls; LIVE must come, after something else.
    let mut seen = vec!["OFFLINE".to_string()];
    loop {
        let line = next();
        assert!(line["at"].as_i64().unwrap() > 0);
        assert_eq!(line["event"]["previous"], seen.last().unwrap().as_str());
        let state = line["event"]["state"].as_str().unwrap().to_string();
        seen.push(state.clone());
        if state == "LIVE" {
            break;
        }
    }
    // Interrupting the watch is its normal end: exit 0.
    let pid = libc::pid_t::try_from(child.id()).expect("a pid");
    // SAFETY: plain kill(2) on the child this test spawned.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    assert_eq!(child.wait().expect("wait").code(), Some(0));
}

#[test]
fn links_carry_least_privilege_kss_and_print_scannable_qr_codes() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let id = create(&home, &sandbox, &[])["entry_id"]
        .as_str()
        .unwrap()
        .to_string();
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["links", &id, "--json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_no_secret(&out, SECRET);
    let v = json_line(&out.stdout);
    assert_keys(
        &v,
        &[
            "schema",
            "sandbox",
            "entry_id",
            "state",
            "play_entry_id",
            "playback_reason",
            "attendee_url",
            "attendee_expires_at",
            "attendee_short_url",
            "attendee_url_without_ks",
            "short_link_note",
            "qr_encodes",
            "qr_url",
            "embed_html",
            "moderator_url",
            "moderator_expires_at",
            "moderator_reach",
            "expires_at",
            "copied",
        ],
    );
    // The moderator link's reach: what it can do, for how long, on which events.
    assert_keys(
        &v["moderator_reach"],
        &["scope", "user", "role", "can", "expires_at"],
    );
    assert_eq!(v["moderator_reach"]["scope"], "shared");
    assert_eq!(v["moderator_reach"]["user"], "kwebcast-moderator");
    assert_eq!(
        v["moderator_reach"]["expires_at"],
        v["moderator_expires_at"]
    );
    assert!(
        v["moderator_reach"]["can"]
            .as_str()
            .unwrap()
            .contains("every event whose entitledUsersEdit lists kwebcast-moderator")
    );
    assert_eq!(v["entry_id"], id.as_str());
    assert_eq!(v["play_entry_id"], id.as_str());
    assert_eq!(v["copied"], serde_json::Value::Null);
    let attendee = v["attendee_url"].as_str().unwrap();
    let info = ks::verify(&ks_param(attendee), SECRET).expect("the attendee KS verifies");
    assert_eq!(info.session_type, SessionType::User);
    assert_eq!(info.privilege("sview"), Some(id.as_str()));
    assert_eq!(info.expires_at, v["attendee_expires_at"].as_i64().unwrap());
    let moderator = ks::verify(&ks_param(v["moderator_url"].as_str().unwrap()), SECRET).unwrap();
    assert_eq!(
        moderator.privilege("setrole"),
        Some("WEBCAST_PRODUCER_DEVICE_ROLE")
    );
    assert!(v["embed_html"].as_str().unwrap().starts_with("<iframe"));

    let short = v["attendee_short_url"].as_str().expect("a short link");
    assert_eq!(v["qr_encodes"], "short_link");
    assert_eq!(v["qr_url"], short);
    assert_eq!(
        short,
        format!("{}/tiny/{}", sandbox.url, &short[short.len() - 4..])
    );

    // The QR code scans to the short link by default, to the full link with --full (each run
    // signs its own attendee KS, so its own short link: compare within one output).
    for (flag, short_wanted) in [(None, true), (Some("--full"), false)] {
        let mut cmd = home.account_cmd(&sandbox, SECRET);
        cmd.args(["links", &id, "--qr"]);
        if let Some(flag) = flag {
            cmd.arg(flag);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let lines: Vec<&str> = text.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.starts_with("  QR code: the "))
            .unwrap();
        let qr: Vec<String> = lines[at + 1..]
            .iter()
            .take_while(|l| !l.starts_with("embed:"))
            .map(|l| l.to_string())
            .collect();
        let full = lines[lines
            .iter()
            .position(|l| l.starts_with("attendee ("))
            .unwrap()
            + 1]
        .trim();
        let short = lines
            .iter()
            .find_map(|l| l.trim().strip_prefix("short link: "))
            .and_then(|l| l.split(' ').next())
            .expect("the short link is printed");
        let want = if short_wanted { short } else { full };
        assert_eq!(
            decode_half_block_qr(&qr),
            want,
            "the attendee QR code ({flag:?}) scans to the link: {}",
            lines[at]
        );
        let reach = lines
            .iter()
            .find(|l| l.trim_start().starts_with("reach: until "))
            .expect("the moderator link states its reach");
        assert!(
            reach.contains("change the event and read its stream key"),
            "{reach}"
        );
    }
}

#[test]
fn a_per_event_moderator_link_reaches_its_event_only() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let scoped = |cmd: &mut assert_cmd::Command| {
        cmd.env("KWEBCAST_MODERATOR_SCOPE", "event");
    };
    let mut ids = Vec::new();
    for name in ["Event A", "Event B"] {
        let mut cmd = home.account_cmd(&sandbox, SECRET);
        scoped(&mut cmd);
        let out = cmd
            .args(["create", "--name", name, "--json"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
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
    let mut cmd = home.account_cmd(&sandbox, SECRET);
    scoped(&mut cmd);
    let out = cmd.args(["links", &ids[0], "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = json_line(&out.stdout);
    let user = format!("kwebcast-moderator-{}", ids[0]);
    assert_eq!(v["moderator_reach"]["scope"], "event");
    assert_eq!(v["moderator_reach"]["user"], user.as_str());
    let ks = ks_param(v["moderator_url"].as_str().unwrap());
    assert_eq!(ks::verify(&ks, SECRET).unwrap().user_id, user);
    // With that KS: event A can be changed, event B cannot, and B's stream key stays hidden.
    let call =
        |action: &str, params: serde_json::Value| live_call(&sandbox.url, &ks, action, params);
    let rename = |id: &str| {
        call(
            "update",
            serde_json::json!({"entryId": id, "liveStreamEntry": {
                "objectType": "KalturaLiveStreamEntry", "name": "renamed"}}),
        )
    };
    assert_eq!(rename(&ids[0])["name"], "renamed");
    let refused = rename(&ids[1]);
    assert_eq!(refused["code"], "INVALID_KS", "{refused}");
    assert_eq!(refused["args"]["ERR_CODE"], "-4");
    let own = call("get", serde_json::json!({"entryId": ids[0]}));
    assert!(own["streamPassword"].is_string(), "{own}");
    let other = call("get", serde_json::json!({"entryId": ids[1]}));
    assert_eq!(
        other["id"],
        ids[1].as_str(),
        "sview:* still lets it read the event"
    );
    assert!(other.get("streamPassword").is_none(), "{other}");
    assert!(other.get("primaryBroadcastingUrl").is_none(), "{other}");

    // Shared (the default): the same kind of link reaches every event.
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["create", "--name", "Event C", "--json"])
        .output()
        .unwrap();
    let c = json_line(&out.stdout)["entry_id"]
        .as_str()
        .unwrap()
        .to_string();
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["links", &ids[0], "--json"])
        .output()
        .unwrap();
    let shared_ks = ks_param(json_line(&out.stdout)["moderator_url"].as_str().unwrap());
    assert_eq!(
        ks::verify(&shared_ks, SECRET).unwrap().user_id,
        "kwebcast-moderator"
    );
    let renamed = live_call(
        &sandbox.url,
        &shared_ks,
        "update",
        serde_json::json!({"entryId": c, "liveStreamEntry": {
            "objectType": "KalturaLiveStreamEntry", "name": "reached"}}),
    );
    assert_eq!(
        renamed["name"], "reached",
        "a shared moderator link reaches event C too"
    );
}

/// A `liveStream` call with `ks`, as Kaltura's Node client sends it, over a bare connection.
fn live_call(url: &str, ks: &str, action: &str, params: serde_json::Value) -> serde_json::Value {
    use std::io::{Read, Write};
    let mut body = params;
    body["ks"] = serde_json::json!(ks);
    body["format"] = serde_json::json!(1);
    let text = body.to_string();
    let addr = url.strip_prefix("http://").unwrap();
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST /api_v3/service/livestream/action/{action} HTTP/1.1\r\nHost: {addr}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {answer}"))
}

#[test]
fn links_copy_says_how_it_copied() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let id = create(&home, &sandbox, &[])["entry_id"]
        .as_str()
        .unwrap()
        .to_string();
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["links", &id, "--copy", "--json"])
        .env("KWEBCAST_CLIPBOARD", "osc52")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = json_line(&out.stdout);
    assert_eq!(v["copied"]["path"], "osc52");
    assert_eq!(v["copied"]["trusted"], false);
    // Without a controlling terminal the OSC 52 sequence goes to stderr, never into stdout.
    use base64::Engine;
    let encoded =
        base64::engine::general_purpose::STANDARD.encode(v["attendee_url"].as_str().unwrap());
    let stderr = String::from_utf8_lossy(&out.stderr);
    if std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/tty")
        .is_err()
    {
        assert!(
            stderr.contains(&format!("\x1b]52;c;{encoded}\x07")),
            "{stderr:?}"
        );
    }
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\x1b]52"));

    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["links", &id, "--copy"])
        .env("KWEBCAST_CLIPBOARD", "off")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("attendee link: clipboard is off (policy)")
    );
}

#[test]
fn studio_prints_the_launch_url_and_unknown_entries_fail() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let id = create(&home, &sandbox, &[])["entry_id"]
        .as_str()
        .unwrap()
        .to_string();
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["studio", &id, "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = json_line(&out.stdout);
    assert_keys(
        &v,
        &[
            "schema",
            "sandbox",
            "entry_id",
            "launch_url",
            "windows_url",
            "mac_url",
            "expires_at",
            "params",
        ],
    );
    assert_eq!(v["params"]["MediaEntryId"], id.as_str());
    assert_eq!(v["params"]["serverAddress"], sandbox.url.as_str());
    assert!(
        v["launch_url"]
            .as_str()
            .unwrap()
            .starts_with("KalturaWebcast:")
    );
    assert!(v["windows_url"].as_str().unwrap().starts_with("https://"));
    assert_no_secret(&out, SECRET);

    for cmd in ["studio", "links"] {
        let out = home
            .account_cmd(&sandbox, SECRET)
            .args([cmd, "0_nosuch00", "--json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        assert_eq!(
            json_line(&out.stderr)["error"]["code"],
            "ENTRY_ID_NOT_FOUND"
        );
    }
}

#[test]
fn without_credentials_create_runs_on_the_in_process_sandbox() {
    let home = Home::new();
    let out = home
        .cmd()
        .args(["create", "--name", "Try it", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json_line(&out.stdout);
    assert_eq!(v["sandbox"], true);
    assert_eq!(v["complete"], true);
    let out = home
        .cmd()
        .args(["create", "--name", "Try it"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("sandbox: using the built-in Kaltura sandbox"),
        "{text}"
    );
}
