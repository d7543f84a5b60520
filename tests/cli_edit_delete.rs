//! `kwebcast edit`, `delete` and `forget` through the real binary against a spawned sandbox
//! standing in for an account: what `status` and Kaltura's own answers show afterwards, the
//! journal's records, Kaltura's refusal of a locked field while broadcasting (exit 1, its code),
//! `--yes` required off a terminal (exit 2), recordings kept unless asked, and forget leaving
//! Kaltura untouched.

mod cli_support;
mod live_support;

use cli_support::{Home, SECRET, SpawnedSandbox, control, json_line};
use live_support::*;
use serde_json::{Value, json};

fn run(home: &Home, sandbox: &SpawnedSandbox, args: &[&str]) -> (i32, String, String) {
    let out = home
        .account_cmd(sandbox, SECRET)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok_json(home: &Home, sandbox: &SpawnedSandbox, args: &[&str]) -> Value {
    let (code, stdout, stderr) = run(home, sandbox, args);
    assert_eq!(code, 0, "{args:?}\nstdout: {stdout}\nstderr: {stderr}");
    json_line(stdout.as_bytes())
}

/// A Kaltura API call with an admin KS, answered as Kaltura answers it.
fn api(home: &Home, sandbox: &SpawnedSandbox, service: &str, action: &str, params: Value) -> Value {
    let mut body = params;
    body["format"] = json!(1);
    body["ks"] = json!(admin_ks(home, sandbox));
    post_json(
        &sandbox.url,
        &format!("/api_v3/service/{service}/action/{action}"),
        &body,
    )
}

/// The journal's lines for `id`, oldest first.
fn journal_lines(path: &str, id: &str) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["entry_id"] == id)
        .collect()
}

#[test]
fn rename_and_reschedule_round_trip_through_status_kaltura_and_the_journal() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let id = created(&home, &sandbox, "Quarterly all hands");

    let edited = ok_json(
        &home,
        &sandbox,
        &["edit", &id, "--name", "Quarterly all hands (Q3)", "--json"],
    );
    assert_eq!(edited["schema"], 1);
    assert_eq!(edited["changed"], true);
    assert_eq!(
        edited["changes"],
        json!([{"field": "name", "from": "Quarterly all hands", "to": "Quarterly all hands (Q3)"}])
    );
    assert_eq!(edited["failures"], json!([]));
    assert_eq!(edited["journaled"], true);
    assert_eq!(
        status_json(&home, &sandbox, &id)["name"],
        "Quarterly all hands (Q3)",
        "status shows the new name"
    );

    // Reschedule in a zone; the metadata's StartTime/EndTime read back from Kaltura.
    let edited = ok_json(
        &home,
        &sandbox,
        &[
            "edit",
            &id,
            "--start",
            "2031-03-04 15:00",
            "--end",
            "2031-03-04 16:30",
            "--timezone",
            "Europe/Paris",
            "--presenter",
            "Dana Q. Smith",
            "--json",
        ],
    );
    let (start, end) = (1_930_399_200_i64, 1_930_404_600_i64); // 14:00Z, 15:30Z
    assert_eq!(
        edited["schedule"],
        json!({"start": start, "end": end, "timezone": "Europe/Paris"})
    );
    let fields: Vec<&str> = edited["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["schedule", "presenter_name"]);
    let records = api(
        &home,
        &sandbox,
        "metadata",
        "list",
        json!({"filter": {"metadataObjectTypeEqual": "1", "objectIdEqual": id}}),
    );
    let events_xml = records["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["xml"].as_str())
        .find(|x| x.contains("<StartTime>"))
        .expect("the KMS_EVENTS3 record")
        .to_string();
    assert!(
        events_xml.contains(&format!("<StartTime>{start}</StartTime>")),
        "{events_xml}"
    );
    assert!(
        events_xml.contains(&format!("<EndTime>{end}</EndTime>")),
        "{events_xml}"
    );
    assert!(events_xml.contains("<Timezone>Europe/Paris</Timezone>"));
    assert!(events_xml.contains("<PresenterName>Dana Q. Smith</PresenterName>"));
    let schedule = &status_json(&home, &sandbox, &id)["schedule"];
    assert_eq!(schedule["start"], start);
    assert_eq!(schedule["end"], end);

    // Moving only the start keeps the length; text mode says what changed.
    let (code, stdout, stderr) = run(
        &home,
        &sandbox,
        &["edit", &id, "--start", "2031-03-05T14:00:00Z"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(
            "rescheduled to 2031-03-05 15:00+01:00 – 2031-03-05 16:30+01:00 (Europe/Paris)"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("journal updated"), "{stdout}");

    // The journal: appended superseding records, the newest with the new name and schedule.
    let lines = journal_lines(edited["journal"].as_str().unwrap(), &id);
    assert_eq!(lines.len(), 4, "create + three edits");
    let last = lines.last().unwrap();
    assert_eq!(last["name"], "Quarterly all hands (Q3)");
    assert_eq!(last["start"], start + 86_400);
    assert_eq!(last["end"], end + 86_400);
    assert_eq!(last["request"]["presenter"]["name"], "Dana Q. Smith");
    assert_eq!(last["request"]["timezone"], "Europe/Paris");

    // Usage errors cost nothing: no flag, an end before the start, an unknown zone.
    for (args, says) in [
        (vec!["edit", id.as_str()], "nothing to change"),
        (
            vec![
                "edit",
                id.as_str(),
                "--start",
                "2031-01-02T10:00:00Z",
                "--end",
                "2031-01-02T09:00:00Z",
            ],
            "before it starts",
        ),
        (
            vec!["edit", id.as_str(), "--timezone", "Mars/Base"],
            "not a known time zone",
        ),
        (vec!["edit", id.as_str(), "--name", "  "], "empty"),
    ] {
        let (code, _, stderr) = run(&home, &sandbox, &args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    // An unknown entry is Kaltura's code, exit 1.
    let (code, _, stderr) = run(
        &home,
        &sandbox,
        &["edit", "0_nosuch00", "--name", "x", "--json"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        json_line(stderr.as_bytes())["error"]["code"],
        "ENTRY_ID_NOT_FOUND"
    );
}

#[test]
fn a_locked_field_while_broadcasting_gets_kalturas_code_and_exit_1() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let id = created(&home, &sandbox, "On air");
    encoder_on(&home, &sandbox, &id);
    let (code, stdout, stderr) = run(
        &home,
        &sandbox,
        &[
            "edit",
            &id,
            "--recording",
            "off",
            "--name",
            "Renamed",
            "--json",
        ],
    );
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout.is_empty(),
        "nothing changed, nothing printed: {stdout}"
    );
    let err = json_line(stderr.as_bytes())["error"].clone();
    assert_eq!(err["code"], "CANNOT_UPDATE_FIELDS_WHILE_ENTRY_BROADCASTING");
    assert_eq!(err["kind"], "api");
    assert_eq!(status_json(&home, &sandbox, &id)["name"], "On air");
    let (code, _, stderr) = run(&home, &sandbox, &["edit", &id, "--dvr", "off"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("[CANNOT_UPDATE_FIELDS_WHILE_ENTRY_BROADCASTING]")
            || stderr.contains("CANNOT_UPDATE_FIELDS_WHILE_ENTRY_BROADCASTING"),
        "{stderr}"
    );
    // The name alone changes while broadcasting, as on Kaltura.
    let edited = ok_json(
        &home,
        &sandbox,
        &["edit", &id, "--name", "Renamed", "--json"],
    );
    assert_eq!(edited["name"], "Renamed");
    // Once the encoder stops, recording can be switched off.
    control(&sandbox.url, &format!("/sandbox/entries/{id}/end"));
    wait_event(&home, &sandbox, &id, "encoder stopped", |e| {
        e["state"] != "PREVIEW" && e["state"] != "CONNECTING"
    });
    let edited = ok_json(
        &home,
        &sandbox,
        &["edit", &id, "--recording", "off", "--json"],
    );
    assert_eq!(
        edited["changes"],
        json!([{"field": "recording", "to": false}])
    );
    let entry = api(&home, &sandbox, "liveStream", "get", json!({"entryId": id}));
    assert_eq!(entry["recordStatus"], 0);
}

#[test]
fn delete_asks_keeps_recordings_unless_asked_and_forget_leaves_kaltura_alone() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let kept = created(&home, &sandbox, "Rehearsal");
    let purged = created(&home, &sandbox, "Dry run");
    let forgotten = created(&home, &sandbox, "Someone else's");
    let mut recordings = Vec::new();
    for id in [&kept, &purged] {
        encoder_on(&home, &sandbox, id);
        control(&sandbox.url, &format!("/sandbox/entries/{id}/end"));
        let event = wait_state(&home, &sandbox, id, "RECORDING_READY");
        recordings.push(event["recordings"][0]["id"].as_str().unwrap().to_string());
    }

    // Off a terminal without --yes: exit 2 before anything is sent.
    let (code, _, stderr) = run(&home, &sandbox, &["delete", &kept]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("pass --yes"), "{stderr}");
    assert_eq!(status_json(&home, &sandbox, &kept)["id"], kept.as_str());

    let deleted = ok_json(&home, &sandbox, &["delete", &kept, "--yes", "--json"]);
    assert_eq!(deleted["deleted"], true);
    assert_eq!(deleted["recordings_kept"], json!([recordings[0]]));
    assert_eq!(deleted["recordings_deleted"], json!([]));
    assert_eq!(deleted["recordings"][0]["id"], recordings[0].as_str());
    assert_eq!(deleted["journaled"], true);
    let (code, _, stderr) = run(&home, &sandbox, &["status", &kept, "--json"]);
    assert_eq!(code, 1);
    assert_eq!(
        json_line(stderr.as_bytes())["error"]["code"],
        "ENTRY_ID_NOT_FOUND"
    );
    let rec = api(
        &home,
        &sandbox,
        "baseEntry",
        "get",
        json!({"entryId": recordings[0]}),
    );
    assert_eq!(
        rec["rootEntryId"],
        kept.as_str(),
        "the recording stays, naming its event"
    );
    let lines = journal_lines(deleted["journal"].as_str().unwrap(), &kept);
    let removed = &lines.last().unwrap()["removed"];
    assert_eq!(removed["kind"], "deleted");
    assert_eq!(removed["recordings_kept"], json!([recordings[0]]));

    let (code, stdout, stderr) = run(
        &home,
        &sandbox,
        &["delete", &purged, "--with-recordings", "--yes"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(&format!("recordings deleted: {}", recordings[1])),
        "{stdout}"
    );
    let rec = api(
        &home,
        &sandbox,
        "baseEntry",
        "get",
        json!({"entryId": recordings[1]}),
    );
    assert_eq!(rec["code"], "ENTRY_ID_NOT_FOUND");

    // Forget: only the journal; the event is still on Kaltura, and `status` still reads it.
    let stats_before = stats_calls(&sandbox);
    let (code, stdout, stderr) = run(&home, &sandbox, &["forget", &forgotten]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("nothing changed on Kaltura"), "{stdout}");
    assert_eq!(
        stats_calls(&sandbox),
        stats_before,
        "forget sent no API call"
    );
    assert_eq!(
        status_json(&home, &sandbox, &forgotten)["name"],
        "Someone else's"
    );
    let (code, _, stderr) = run(&home, &sandbox, &["forget", &forgotten, "--json"]);
    assert_eq!(code, 1, "already forgotten");
    assert!(
        json_line(stderr.as_bytes())["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not in the journal")
    );
    // Deleting what is gone is Kaltura's code.
    let (code, _, stderr) = run(&home, &sandbox, &["delete", &kept, "--yes", "--json"]);
    assert_eq!(code, 1);
    assert_eq!(
        json_line(stderr.as_bytes())["error"]["code"],
        "ENTRY_ID_NOT_FOUND"
    );
}

/// The sandbox's count of Kaltura API calls (`/sandbox/stats`).
fn stats_calls(sandbox: &SpawnedSandbox) -> i64 {
    use std::io::{Read, Write};
    let addr = sandbox.url.strip_prefix("http://").unwrap();
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET /sandbox/stats HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    let body: Value = serde_json::from_str(answer.split_once("\r\n\r\n").unwrap().1).unwrap();
    body["http_requests"].as_i64().unwrap()
}
