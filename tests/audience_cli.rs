//! `kwebcast status` through the real binary against a spawned sandbox: each event's
//! `viewers` (set with the sandbox's control, read back), `peak_viewers` (the current figure
//! for a one-shot status, the highest seen while watching), and `health` (primary and backup
//! ingest, their streams, a failover); and the round-trips with all of it included: 120 events
//! cost 3 requests, counted by `/sandbox/stats`.

mod cli_support;

use cli_support::{
    Home, SECRET, SpawnedSandbox, assert_keys, control, json_line, post_json, sandbox_stats,
};
use kwebcast::kaltura::ks::{self, KsSpec, KsVersion, SessionType};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::time::{Duration, Instant};

fn admin_ks(sandbox: &SpawnedSandbox) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    ks::sign(
        SECRET,
        &KsSpec {
            partner_id: sandbox.partner,
            user_id: "admin@example.com",
            session_type: SessionType::Admin,
            expires_at: now + 3600,
            privileges: "disableentitlement",
        },
        KsVersion::V2,
    )
}

/// `n` explicit-live events made in one multirequest (the CLI's create is tested elsewhere).
fn make(sandbox: &SpawnedSandbox, n: usize) -> Vec<String> {
    let mut body = json!({"format": 1, "ks": admin_ks(sandbox)});
    for i in 0..n {
        body[i.to_string()] = json!({"service": "livestream", "action": "add", "sourceType": "32",
            "liveStreamEntry": {"objectType": "KalturaLiveStreamEntry", "name": format!("Event {i}"),
                "mediaType": 201, "explicitLive": 1, "recordStatus": 2}});
    }
    let (status, answer) = post_json(&sandbox.url, "/api_v3/service/multirequest", &body);
    assert_eq!(status, 200);
    answer
        .as_array()
        .expect("an array")
        .iter()
        .map(|e| e["id"].as_str().expect("an entry").to_string())
        .collect()
}

fn set_viewers(sandbox: &SpawnedSandbox, id: &str, count: i64) {
    let (status, body) = post_json(
        &sandbox.url,
        &format!("/sandbox/entries/{id}/viewers"),
        &json!({ "count": count }),
    );
    assert_eq!(status, 200, "{body}");
}

/// Connects the primary, lets attendees in, and waits until the entry is PLAYABLE.
fn go_live(sandbox: &SpawnedSandbox, id: &str) {
    control(&sandbox.url, &format!("/sandbox/entries/{id}/broadcast"));
    control(&sandbox.url, &format!("/sandbox/entries/{id}/golive"));
}

fn status(home: &Home, sandbox: &SpawnedSandbox, args: &[&str]) -> std::process::Output {
    home.account_cmd(sandbox, SECRET)
        .env("KWEBCAST_VIEWERS_INTERVAL", "1s")
        .arg("status")
        .args(args)
        .output()
        .unwrap()
}

/// Runs `status --json` until `pred` holds for the first event (bounded).
fn status_until(
    home: &Home,
    sandbox: &SpawnedSandbox,
    id: &str,
    what: &str,
    pred: impl Fn(&Value) -> bool,
) -> Value {
    let start = Instant::now();
    loop {
        let out = status(home, sandbox, &[id, "--json"]);
        assert_eq!(out.status.code(), Some(0));
        let event = json_line(&out.stdout)["events"][0].clone();
        if pred(&event) {
            return event;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}: {event}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn status_json_reads_back_the_audience_set_with_the_control_and_the_ingest() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let ids = make(&sandbox, 2);
    let (id, idle) = (&ids[0], &ids[1]);
    go_live(&sandbox, id);
    set_viewers(&sandbox, id, 4321);
    let event = status_until(&home, &sandbox, id, "LIVE with 4321 viewers", |e| {
        e["state"] == "LIVE" && e["viewers"] == 4321
    });
    assert_keys(
        &event,
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
    assert_eq!(event["peak_viewers"], 4321, "one-shot: the current figure");
    assert_keys(&event["health"], &["primary", "backup", "streams"]);
    assert_eq!(event["health"]["primary"], "PLAYABLE");
    assert_eq!(event["health"]["backup"], Value::Null);
    let stream = &event["health"]["streams"][0];
    assert_keys(
        stream,
        &[
            "node",
            "bitrate_kbps",
            "width",
            "height",
            "frame_rate",
            "codec",
        ],
    );
    assert_eq!(stream["node"], "primary");
    assert!(stream["bitrate_kbps"].as_i64().unwrap() > 0);

    // Not live: no figure, no ingest.
    let out = status(&home, &sandbox, &[idle, "--json"]);
    let quiet = &json_line(&out.stdout)["events"][0];
    assert_eq!(quiet["viewers"], Value::Null);
    assert_eq!(quiet["peak_viewers"], Value::Null);
    assert_eq!(
        quiet["health"],
        json!({"primary": null, "backup": null, "streams": []})
    );

    // Text: the audience of a live event, and its ingest.
    let out = status(&home, &sandbox, &[id]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("  viewers: 4321"), "{text}");
    assert!(
        text.contains("  ingest: primary ● PLAYABLE") && text.contains("backup — not connected"),
        "{text}"
    );

    // A failover: the backup connects, the primary drops; the event stays LIVE.
    control(
        &sandbox.url,
        &format!("/sandbox/entries/{id}/broadcast?node=backup"),
    );
    status_until(&home, &sandbox, id, "a playable backup", |e| {
        e["health"]["backup"] == "PLAYABLE"
    });
    control(
        &sandbox.url,
        &format!("/sandbox/entries/{id}/disconnect?node=primary"),
    );
    let event = status_until(&home, &sandbox, id, "the primary gone", |e| {
        e["health"]["primary"].is_null()
    });
    assert_eq!(event["state"], "LIVE");
    assert_eq!(event["health"]["backup"], "PLAYABLE");
    assert!(
        event["health"]["streams"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["node"] == "backup")
    );
}

#[test]
fn status_of_120_events_with_audience_and_health_is_3_requests() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let ids = make(&sandbox, 120);
    for id in &ids[..8] {
        go_live(&sandbox, id);
    }
    control(
        &sandbox.url,
        &format!("/sandbox/entries/{}/broadcast?node=backup", ids[0]),
    );
    status_until(&home, &sandbox, &ids[7], "the last one LIVE", |e| {
        e["state"] == "LIVE"
    });
    control(&sandbox.url, "/sandbox/stats/reset");
    let mut args: Vec<&str> = ids.iter().map(String::as_str).collect();
    args.push("--json");
    let out = status(&home, &sandbox, &args);
    assert_eq!(out.status.code(), Some(0));
    let stats = sandbox_stats(&sandbox.url);
    assert_eq!(stats["http_requests"], 3, "⌈120/50⌉: {stats}");
    assert_eq!(stats["multirequests"], 3);
    assert_eq!(stats["calls"]["entryServerNode.list"], 3);
    assert_eq!(stats["calls"]["liveStream.getLiveStreamStats"], 120);
    let events = json_line(&out.stdout)["events"].as_array().unwrap().clone();
    assert_eq!(events.len(), 120);
    let live = events.iter().filter(|e| e["state"] == "LIVE").count();
    assert_eq!(live, 8);
    assert!(events[..8].iter().all(|e| e["viewers"].is_i64()));
    assert!(events[8..].iter().all(|e| e["viewers"].is_null()));
    assert!(events[0]["health"]["backup"].is_string(), "{}", events[0]);
    assert!(events[8..].iter().all(|e| e["health"]["primary"].is_null()));
}

#[test]
fn status_watch_reports_the_peak_seen_while_watching() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let id = make(&sandbox, 1).remove(0);
    set_viewers(&sandbox, &id, 10);
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
        .env("KWEBCAST_VIEWERS_INTERVAL", "1s")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut next = || -> Value {
        serde_json::from_str(&lines.next().expect("a line").expect("read")).expect("JSON")
    };
    assert_eq!(next()["event"]["state"], "OFFLINE");
    go_live(&sandbox, &id);
    // Wait for LIVE on the watch's own lines.
    loop {
        if next()["event"]["state"] == "LIVE" {
            break;
        }
    }
    // The audience peaks at 900 while watched (the watch reads it at least twice: one read
    // at least is past the sandbox's 20 ms cache), then falls back.
    let reads_after = |what: &str| {
        control(&sandbox.url, "/sandbox/stats/reset");
        let start = Instant::now();
        while sandbox_stats(&sandbox.url)["calls"]["liveStream.getLiveStreamStats"]
            .as_i64()
            .unwrap_or(0)
            < 2
        {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no reads of {what}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    set_viewers(&sandbox, &id, 900);
    reads_after("900");
    set_viewers(&sandbox, &id, 20);
    reads_after("20");
    control(&sandbox.url, &format!("/sandbox/entries/{id}/end"));
    let ended = loop {
        let line = next();
        if line["event"]["state"] != "LIVE" {
            break line;
        }
    };
    assert_eq!(ended["event"]["viewers"], Value::Null, "not live any more");
    assert_eq!(ended["event"]["peak_viewers"], 900, "{ended}");
    let pid = libc::pid_t::try_from(child.id()).expect("a pid");
    // SAFETY: plain kill(2) on the child this test spawned.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    assert_eq!(child.wait().expect("wait").code(), Some(0));
}
