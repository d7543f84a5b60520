//! The watchdog through the real binary, against a spawned sandbox standing in for an account:
//! each alert arranged by its situation — a start already past (created so, with a warning and
//! no refusal), the encoder connected or not, Go Live past the end, a session whose recording
//! the sandbox holds un-READY — and read back from `status` (`--json` `alerts`, and text), and
//! `kwebcast watchdog`, which prints each alert once as it appears and exits 3 on the first with
//! `--exit-on-alert`.

mod cli_support;
mod live_support;

use cli_support::{Home, SECRET, SpawnedSandbox, control, json_line};
use live_support::{encoder_on, status_json, wait_event, wait_state};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

fn rfc3339(unix: i64) -> String {
    jiff::Timestamp::from_second(unix).unwrap().to_string()
}

/// `kwebcast create` scheduled from `start` to `end` (Unix seconds); the entry ID.
fn scheduled(home: &Home, sandbox: &SpawnedSandbox, name: &str, start: i64, end: i64) -> String {
    let out = home
        .account_cmd(sandbox, SECRET)
        .args(["create", "--name", name, "--json", "--timezone", "UTC"])
        .args(["--start", &rfc3339(start), "--end", &rfc3339(end)])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "a start in the past is not refused: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_line(&out.stdout)["entry_id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn alerts(event: &Value) -> Vec<String> {
    event["alerts"]
        .as_array()
        .unwrap_or_else(|| panic!("no alerts array: {event}"))
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect()
}

/// Whether `text` has a line starting with `head` and ending with `tail` (the minutes between
/// them depend on how fast the machine ran the test).
fn has_line(text: &str, head: &str, tail: &str) -> bool {
    text.lines()
        .any(|l| l.starts_with(head) && l.ends_with(tail))
}

fn status_text(home: &Home, sandbox: &SpawnedSandbox, id: &str) -> String {
    let out = home
        .account_cmd(sandbox, SECRET)
        .args(["status", id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn late_start_and_starting_soon_from_the_schedule() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "100"]);
    let t = now();
    // Registered while already under way: 10 minutes past its start, no encoder.
    let late = scheduled(&home, &sandbox, "Town hall", t - 600, t + 3000);
    let soon = scheduled(&home, &sandbox, "Board meeting", t + 300, t + 3900);
    let later = scheduled(&home, &sandbox, "Offsite", t + 7200, t + 9000);

    let late_event = status_json(&home, &sandbox, &late);
    assert_eq!(alerts(&late_event), ["late_start"]);
    assert_eq!(
        alerts(&status_json(&home, &sandbox, &soon)),
        ["starting_soon"]
    );
    assert!(alerts(&status_json(&home, &sandbox, &later)).is_empty());

    let text = status_text(&home, &sandbox, &late);
    assert!(
        has_line(
            &text,
            "  ⚠ late start: no encoder connected 1",
            " min after the scheduled start; start the encoder"
        ),
        "{text}"
    );
    let text = status_text(&home, &sandbox, &soon);
    assert!(
        has_line(
            &text,
            "  △ starts soon: starts in ",
            " min and no encoder is connected; start the encoder"
        ),
        "{text}"
    );

    // The encoder connects: no longer late; in preview past the grace, attendees wait.
    encoder_on(&home, &sandbox, &late);
    let previewing = status_json(&home, &sandbox, &late);
    assert_eq!(previewing["state"], "PREVIEW");
    assert_eq!(alerts(&previewing), ["not_live"]);
    let text = status_text(&home, &sandbox, &late);
    assert!(
        has_line(
            &text,
            "  ⚠ not live: the stream plays but attendees are not let in, 1",
            &format!(" min after the scheduled start; press Go Live: kwebcast golive {late}")
        ),
        "{text}"
    );
    // Go Live settles it.
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["golive", &late, "--yes", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let acted = json_line(&out.stdout);
    assert_eq!(acted["event"]["state"], "LIVE");
    assert!(alerts(&acted["event"]).is_empty(), "{acted}");

    // The encoder for the soon one: the warning goes.
    encoder_on(&home, &sandbox, &soon);
    assert!(alerts(&status_json(&home, &sandbox, &soon)).is_empty());
}

#[test]
fn the_grace_comes_from_the_configuration() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let t = now();
    let id = scheduled(&home, &sandbox, "Town hall", t - 300, t + 3300);
    let with_grace = |grace: &str| {
        let out = home
            .account_cmd(&sandbox, SECRET)
            .env("KWEBCAST_WATCHDOG_GRACE", grace)
            .args(["status", &id, "--json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        alerts(&json_line(&out.stdout)["events"][0])
    };
    assert_eq!(with_grace("2m"), ["late_start"]);
    assert_eq!(with_grace("10m"), ["starting_soon"]);
    assert_eq!(with_grace("0"), ["late_start"]);
    let out = home
        .account_cmd(&sandbox, SECRET)
        .env("KWEBCAST_WATCHDOG_GRACE", "3d")
        .args(["status", &id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("longer than a day"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn overrun_when_live_past_the_end() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "100"]);
    let t = now();
    // An event that should have ended ten minutes ago.
    let id = scheduled(&home, &sandbox, "Town hall", t - 4200, t - 600);
    assert!(alerts(&status_json(&home, &sandbox, &id)).is_empty());
    encoder_on(&home, &sandbox, &id);
    // In preview past the end: not an alert (the window is over).
    assert!(alerts(&status_json(&home, &sandbox, &id)).is_empty());
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["golive", &id, "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        has_line(
            &stdout,
            "  ⚠ overrun: attendees still watching 1",
            &format!(" min after the scheduled end; press End: kwebcast end {id}")
        ),
        "{stdout}"
    );
    let event = status_json(&home, &sandbox, &id);
    assert_eq!(event["state"], "LIVE");
    assert_eq!(alerts(&event), ["overrun"]);
    // End settles it.
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["end", &id, "--yes", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(alerts(&json_line(&out.stdout)["event"]).is_empty());
}

#[test]
fn no_recording_when_the_sandbox_holds_it_unready() {
    let home = Home::new();
    // Speed 100: the recording would be READY 0.6 s after the end, were it not held.
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "100"]);
    let t = now();
    let id = scheduled(&home, &sandbox, "Town hall", t - 600, t + 3000);
    encoder_on(&home, &sandbox, &id);
    control(
        &sandbox.url,
        &format!("/sandbox/entries/{id}/hold-recording"),
    );
    control(&sandbox.url, &format!("/sandbox/entries/{id}/end"));
    let status = |wait: &str| {
        let out = home
            .account_cmd(&sandbox, SECRET)
            .env("KWEBCAST_WATCHDOG_RECORDING_WAIT", wait)
            .args(["status", &id, "--json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        json_line(&out.stdout)["events"][0].clone()
    };
    // Within the default 15 minutes: ENDED, waiting, no alert.
    let event = status("15m");
    assert_eq!(event["state"], "ENDED");
    assert!(alerts(&event).is_empty(), "{event}");
    // A wait of a second: after it, the recording is missed (and stays so while held).
    let start = Instant::now();
    let missed = loop {
        let event = status("1s");
        if !alerts(&event).is_empty() {
            break event;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "{event}");
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(missed["state"], "ENDED");
    assert_eq!(alerts(&missed), ["no_recording"]);
    assert_eq!(missed["recordings"][0]["ready"], false);
    // Released, the recording finishes: RECORDING READY, no alert.
    control(
        &sandbox.url,
        &format!("/sandbox/entries/{id}/release-recording"),
    );
    let ready = wait_state(&home, &sandbox, &id, "RECORDING_READY");
    assert!(alerts(&ready).is_empty());
    // Recording off: nothing to miss.
    let quiet = {
        let out = home
            .account_cmd(&sandbox, SECRET)
            .args(["create", "--name", "No rec", "--no-recording", "--json"])
            .output()
            .unwrap();
        json_line(&out.stdout)["entry_id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    encoder_on(&home, &sandbox, &quiet);
    control(&sandbox.url, &format!("/sandbox/entries/{quiet}/end"));
    wait_event(&home, &sandbox, &quiet, "ended", |e| {
        e["state"] != "PREVIEW"
    });
    std::thread::sleep(Duration::from_millis(1100));
    let out = home
        .account_cmd(&sandbox, SECRET)
        .env("KWEBCAST_WATCHDOG_RECORDING_WAIT", "1s")
        .args(["status", &quiet, "--json"])
        .output()
        .unwrap();
    assert!(alerts(&json_line(&out.stdout)["events"][0]).is_empty());
}

#[test]
fn watchdog_exits_3_on_the_first_alert_after_printing_it() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let t = now();
    let soon = scheduled(&home, &sandbox, "Board meeting", t + 300, t + 3900);
    let late = scheduled(&home, &sandbox, "Town hall", t - 600, t + 3000);
    // Watches the journal's events (created above), as the board does.
    let out = home
        .account_cmd(&sandbox, SECRET)
        .env("KWEBCAST_POLL_INTERVAL", "1s")
        .args(["watchdog", "--exit-on-alert", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    for line in &lines {
        cli_support::assert_keys(
            line,
            &[
                "schema", "sandbox", "event", "name", "alert", "severity", "since", "message",
                "todo", "at",
            ],
        );
        assert_eq!(line["schema"], 1);
        assert_eq!(line["sandbox"], false);
    }
    // The warning is printed too, in the journal's order, but only the alert stops the watch.
    assert_eq!(lines[0]["event"], soon.as_str());
    assert_eq!(lines[0]["alert"], "starting_soon");
    assert_eq!(lines[0]["severity"], "warning");
    assert_eq!(lines[0]["since"], json!(t + 300 - 600));
    assert_eq!(lines[1]["event"], late.as_str());
    assert_eq!(lines[1]["name"], "Town hall");
    assert_eq!(lines[1]["alert"], "late_start");
    assert_eq!(lines[1]["severity"], "alert");
    assert_eq!(lines[1]["since"], json!(t - 600 + 120));
    assert_eq!(lines[1]["todo"], "start the encoder");
    assert!(
        lines[1]["message"]
            .as_str()
            .unwrap()
            .starts_with("no encoder connected 1"),
        "{}",
        lines[1]
    );

    // Text mode, given an ID the journal does not hold (another shell's event): one line.
    let other_home = Home::new();
    let out = other_home
        .account_cmd(&sandbox, SECRET)
        .env("KWEBCAST_POLL_INTERVAL", "1s")
        .args(["watchdog", "--exit-on-alert", &late])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.contains(&format!(
            "  {late}  ⚠ late start  \"Town hall\": no encoder connected 1"
        )) && stdout
            .trim_end()
            .ends_with(" min after the scheduled start; start the encoder"),
        "{stdout}"
    );
}

#[test]
fn watchdog_prints_each_alert_once_until_stopped() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "100"]);
    let t = now();
    let id = scheduled(&home, &sandbox, "Town hall", t - 600, t + 3000);
    let bin = assert_cmd::cargo::cargo_bin("kwebcast");
    let mut cmd = std::process::Command::new(bin);
    for key in cli_support::host_vars() {
        cmd.env_remove(key);
    }
    let mut child = cmd
        .env("HOME", home.dir.path())
        .env("NO_COLOR", "1")
        .env("KALTURA_SERVICE_URL", &sandbox.url)
        .env("KALTURA_PARTNER_ID", sandbox.partner.to_string())
        .env("KALTURA_ADMIN_SECRET", SECRET)
        .env("KWEBCAST_POLL_INTERVAL", "1s")
        .args(["watchdog", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<Value>();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(serde_json::from_str(&line).unwrap());
        }
    });
    let next = |what: &str| {
        rx.recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("no line for {what}"))
    };
    let first = next("late_start");
    assert_eq!(first["alert"], "late_start");
    assert_eq!(first["event"], id.as_str());
    // The encoder connects: late start clears, not live appears (in preview past the grace).
    encoder_on(&home, &sandbox, &id);
    let second = next("not_live");
    assert_eq!(second["alert"], "not_live");
    assert_eq!(
        second["todo"],
        format!("press Go Live: kwebcast golive {id}")
    );
    // Several polls later nothing more was printed: each alert once.
    std::thread::sleep(Duration::from_secs(3));
    assert!(rx.try_recv().is_err(), "an alert printed twice");
    // Go Live; the stream stalls (encoder lost), plays again, stalls again: printed each time
    // it appears.
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["golive", &id, "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    for round in 0..2 {
        control(&sandbox.url, &format!("/sandbox/entries/{id}/stall"));
        let lost = next("encoder_lost");
        assert_eq!(lost["alert"], "encoder_lost", "round {round}: {lost}");
        control(&sandbox.url, &format!("/sandbox/entries/{id}/unstall"));
        // Wait until a poll saw it cleared before stalling again.
        wait_event(&home, &sandbox, &id, "playing again", |e| {
            e["health"]["primary"] == "PLAYABLE"
        });
        std::thread::sleep(Duration::from_secs(4));
    }
    assert!(rx.try_recv().is_err(), "nothing else printed");
    // SIGTERM stops it cleanly: exit 0.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    reader.join().unwrap();
    let mut stderr = String::new();
    use std::io::Read;
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(stderr.is_empty(), "{stderr}");
}

/// `GET /sandbox/stats`.
fn stats(url: &str) -> Value {
    use std::io::{Read, Write};
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

#[test]
fn the_watchdog_costs_no_request_beyond_the_poll() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let t = now();
    let late = scheduled(&home, &sandbox, "Town hall", t - 600, t + 3000);
    // Fifty more live entries, made with the API (no schedule: no alert), given as ENTRY.
    let ks = live_support::admin_ks(&home, &sandbox);
    let others: Vec<String> = (0..50)
        .map(|i| {
            let e = live_support::post_json(
                &sandbox.url,
                "/api_v3/service/livestream/action/add",
                &json!({"format": 1, "ks": ks, "sourceType": "32", "liveStreamEntry": {
                    "objectType": "KalturaLiveStreamEntry", "name": format!("Other {i}"),
                    "mediaType": 201, "sourceType": "32", "explicitLive": 1}}),
            );
            e["id"].as_str().expect("an entry").to_string()
        })
        .collect();
    control(&sandbox.url, "/sandbox/stats/reset");
    // 51 events: two multirequests (50 + 1) for the poll, and the alerts from what they read.
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["watchdog", "--exit-on-alert", "--json"])
        .args(&others)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(json_line(&out.stdout)["event"], late.as_str());
    let s = stats(&sandbox.url);
    assert_eq!(s["http_requests"], 2, "{s}");
    assert_eq!(s["multirequests"], 2, "{s}");
    // The same through status: the alerts cost nothing either.
    control(&sandbox.url, "/sandbox/stats/reset");
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["status", "--json", &late])
        .args(&others)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = json_line(&out.stdout);
    assert_eq!(v["events"][0]["alerts"], json!(["late_start"]));
    assert_eq!(v["events"][1]["alerts"], json!([]));
    assert_eq!(stats(&sandbox.url)["http_requests"], 2);
}

#[test]
fn encoder_lost_when_the_stream_stops_playing_while_attendees_watch() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "100"]);
    let t = now();
    let id = scheduled(&home, &sandbox, "Town hall", t - 600, t + 3000);
    encoder_on(&home, &sandbox, &id);
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["golive", &id, "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(alerts(&status_json(&home, &sandbox, &id)).is_empty());
    // The encoder stays connected but its stream stops being playable.
    control(&sandbox.url, &format!("/sandbox/entries/{id}/stall"));
    let event = status_json(&home, &sandbox, &id);
    assert_eq!(event["health"]["primary"], "BROADCASTING", "{event}");
    assert_eq!(alerts(&event), ["encoder_lost"]);
    let text = status_text(&home, &sandbox, &id);
    assert!(
        text.contains(
            "  ⚠ encoder lost: attendees are let in but no ingest point is PLAYABLE; check the encoder"
        ),
        "{text}"
    );
    // The watchdog stops at it; its beginning is when it was first seen.
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["watchdog", "--exit-on-alert", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let line = json_line(&out.stdout);
    assert_eq!(line["alert"], "encoder_lost");
    assert_eq!(line["since"], line["at"]);
    // A backup that plays carries the event: nothing lost.
    control(
        &sandbox.url,
        &format!("/sandbox/entries/{id}/broadcast?node=backup"),
    );
    let carried = wait_event(&home, &sandbox, &id, "the backup playing", |e| {
        e["health"]["backup"] == "PLAYABLE"
    });
    assert!(alerts(&carried).is_empty(), "{carried}");
    control(
        &sandbox.url,
        &format!("/sandbox/entries/{id}/disconnect?node=backup"),
    );
    assert_eq!(alerts(&status_json(&home, &sandbox, &id)), ["encoder_lost"]);
    // The primary plays again.
    control(&sandbox.url, &format!("/sandbox/entries/{id}/unstall"));
    assert!(alerts(&status_json(&home, &sandbox, &id)).is_empty());
}
