//! The command line's rough edges a newcomer met in the first hour (issue 12, "Command line"),
//! through the real binary: times (`--start` alone, a past start, a DST gap, the schedule in
//! the event's zone), `--ref` under another name, messages said once and in the right syntax,
//! `--sandbox` over a half-configured account, grouped `--help`, `--presenter-title`, one
//! sentence for an unknown entry, `(no name)`, and an ended event not called "not live yet".

mod cli_support;

use cli_support::{Home, SECRET, SpawnedSandbox, control, json_line};
use predicates::prelude::*;

fn create(home: &Home, sandbox: &SpawnedSandbox, extra: &[&str]) -> std::process::Output {
    home.account_cmd(sandbox, SECRET)
        .args(["create", "--name", "Town hall"])
        .args(extra)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A JSON POST over a plain socket to the spawned sandbox's API.
fn api(url: &str, service_action: &str, body: &serde_json::Value) -> serde_json::Value {
    use std::io::{Read, Write};
    let addr = url.strip_prefix("http://").expect("http URL");
    let body = body.to_string();
    let mut stream = std::net::TcpStream::connect(addr).expect("connect to the sandbox");
    write!(
        stream,
        "POST /api_v3/service/{service_action} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    let json = answer.split_once("\r\n\r\n").expect("a body").1;
    serde_json::from_str(json).expect("a JSON answer")
}

fn admin_ks(home: &Home, sandbox: &SpawnedSandbox) -> String {
    let out = home
        .account_cmd(sandbox, SECRET)
        .args(["ks", "--type", "admin", "--json"])
        .output()
        .unwrap();
    json_line(&out.stdout)["ks"].as_str().unwrap().to_string()
}

// ---- create: times ----

#[test]
fn a_start_without_an_end_makes_an_hour_long_event() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let out = create(
        &home,
        &sandbox,
        &[
            "--start",
            "2030-03-01 10:00",
            "--timezone",
            "Europe/Paris",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v = json_line(&out.stdout);
    assert_eq!(v["start"], 1_898_586_000);
    assert_eq!(v["end"], 1_898_586_000 + 3600);
    assert_eq!(v["warnings"], serde_json::json!([]));
}

#[test]
fn a_start_in_the_past_is_warned_about_not_refused() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let start = jiff::Timestamp::now().as_second() - 50 * 60;
    let start = jiff::Timestamp::from_second(start).unwrap().to_string();
    let out = create(&home, &sandbox, &["--start", &start, "--timezone", "UTC"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("is 50 minutes ago; the event is registered as already under way"),
        "{stderr}"
    );
    assert!(text(&out.stdout).contains("created event"));
}

#[test]
fn a_start_in_a_dst_gap_is_named_as_such() {
    let home = Home::new();
    home.cmd()
        .args([
            "create",
            "--name",
            "x",
            "--start",
            "2026-03-29 02:30",
            "--end",
            "2026-03-29 03:30",
            "--timezone",
            "Europe/Paris",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--start 2026-03-29 02:30 does not exist in Europe/Paris (clocks jump forward from \
             02:00 to 03:00)",
        ))
        .stderr(predicate::str::contains("is not after").not());
}

#[test]
fn the_schedule_is_printed_in_the_event_zone() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let out = create(
        &home,
        &sandbox,
        &[
            "--start",
            "2030-12-01 10:00",
            "--end",
            "2030-12-01 11:30",
            "--timezone",
            "Europe/Paris",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout
            .contains("scheduled 2030-12-01 10:00+01:00 to 2030-12-01 11:30+01:00 (Europe/Paris)"),
        "{stdout}"
    );
    // `status` says it the same way.
    let id = stdout
        .split_whitespace()
        .find(|w| w.starts_with("0_"))
        .unwrap()
        .to_string();
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["status", &id])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(
        stdout
            .contains("scheduled 2030-12-01 10:00+01:00 to 2030-12-01 11:30+01:00 (Europe/Paris)"),
        "{stdout}"
    );
}

// ---- create: --ref, presenter ----

#[test]
fn a_ref_reused_under_another_name_says_so_naming_both() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let first = create(&home, &sandbox, &["--ref", "q3", "--json"]);
    assert_eq!(first.status.code(), Some(0));
    let id = json_line(&first.stdout)["entry_id"]
        .as_str()
        .unwrap()
        .to_string();
    let again = home
        .account_cmd(&sandbox, SECRET)
        .args(["create", "--name", "Board meeting", "--ref", "q3"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0));
    let stderr = text(&again.stderr);
    assert!(
        stderr.contains(&format!(
            "warning: --ref q3 already made event {id} named \"Town hall\"; it was reused as it \
             is, not renamed to \"Board meeting\""
        )),
        "{stderr}"
    );
    let json = home
        .account_cmd(&sandbox, SECRET)
        .args(["create", "--name", "Board meeting", "--ref", "q3", "--json"])
        .output()
        .unwrap();
    let v = json_line(&json.stdout);
    assert_eq!(v["reused"], true);
    assert!(
        v["warnings"][0]
            .as_str()
            .is_some_and(|w| w.contains("\"Board meeting\"")),
        "{v}"
    );
    // The same name again: nothing to warn about.
    let same = create(&home, &sandbox, &["--ref", "q3"]);
    assert!(
        !text(&same.stderr).contains("warning"),
        "{}",
        text(&same.stderr)
    );
}

#[test]
fn presenter_title_reaches_the_event_metadata() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let out = create(
        &home,
        &sandbox,
        &["--presenter", "Ada", "--presenter-title", "CTO", "--json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let id = json_line(&out.stdout)["entry_id"]
        .as_str()
        .unwrap()
        .to_string();
    let ks = admin_ks(&home, &sandbox);
    let list = api(
        &sandbox.url,
        "metadata_metadata/action/list",
        &serde_json::json!({"format": 1, "ks": ks,
            "filter": {"objectType": "KalturaMetadataFilter", "metadataObjectTypeEqual": 1,
                "objectIdEqual": id}}),
    );
    let xml: String = list["objects"]
        .as_array()
        .unwrap_or_else(|| panic!("metadata records: {list}"))
        .iter()
        .filter_map(|o| o["xml"].as_str())
        .collect();
    assert!(xml.contains("<PresenterName>Ada</PresenterName>"), "{xml}");
    assert!(
        xml.contains("<PresenterTitle>CTO</PresenterTitle>"),
        "{xml}"
    );
}

// ---- messages ----

#[test]
fn a_busy_port_is_said_once_with_what_to_do() {
    let home = Home::new();
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = busy.local_addr().unwrap().to_string();
    let out = home
        .cmd()
        .args(["sandbox", "--bind", &addr])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!("cannot listen on {addr}")),
        "{stderr}"
    );
    assert_eq!(stderr.matches("cannot listen").count(), 1, "{stderr}");
    assert!(!stderr.contains("os error"), "{stderr}");
    assert!(stderr.contains("--bind 127.0.0.1:0"), "{stderr}");
}

#[test]
fn a_partner_id_alone_in_the_environment_gets_variable_names_and_sandbox_ignores_it() {
    let home = Home::new();
    let out = home
        .cmd()
        .env("KALTURA_PARTNER_ID", "123")
        .args(["status", "0_abcdefgh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("set KALTURA_APP_TOKEN_ID and KALTURA_APP_TOKEN"),
        "{stderr}"
    );
    assert!(!stderr.contains("= \"PATH\""), "{stderr}");
    // `--sandbox` forces the sandbox, as the README says, whatever is half-configured.
    for args in [
        vec!["--sandbox", "create", "--name", "x", "--json"],
        vec!["create", "--name", "x", "--json", "--sandbox"],
    ] {
        let out = home
            .cmd()
            .env("KALTURA_PARTNER_ID", "123")
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert_eq!(json_line(&out.stdout)["sandbox"], true);
    }
}

#[test]
fn a_bad_poll_interval_is_said_once() {
    let home = Home::new();
    let out = home
        .cmd()
        .env("KWEBCAST_POLL_INTERVAL", "banana")
        .args(["status", "0_abcdefgh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.matches("such as \"15m\"").count(), 1, "{stderr}");
    assert!(stderr.contains("KWEBCAST_POLL_INTERVAL=30s"), "{stderr}");
}

#[test]
fn a_misspelt_table_gets_a_did_you_mean() {
    let home = Home::new();
    let path = home.write("c.toml", "[profile.x]\npartner_id = 1\n", 0o600);
    home.cmd()
        .args(["--config", path.to_str().unwrap(), "status", "0_abcdefgh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown key `profile` (did you mean `profiles`?)",
        ));
}

#[test]
fn links_copy_says_how_once() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let out = create(&home, &sandbox, &["--json"]);
    let id = json_line(&out.stdout)["entry_id"]
        .as_str()
        .unwrap()
        .to_string();
    let out = home
        .account_cmd(&sandbox, SECRET)
        .env("KWEBCAST_CLIPBOARD", "osc52")
        .args(["links", &id, "--copy"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("attendee link:"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert_eq!(line.matches("OSC 52").count(), 1, "{line}");
    assert!(!line.contains("osc52"), "{line}");
}

// ---- help ----

#[test]
fn help_groups_options_and_sandbox_takes_no_account_flags() {
    let home = Home::new();
    let out = home.cmd().args(["sandbox", "--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    for flag in ["--sandbox", "--profile", "--config", "--service-url"] {
        assert!(!help.contains(flag), "{flag} in {help}");
    }
    assert!(help.contains("Global options:"), "{help}");
    let out = home.cmd().args(["status", "--help"]).output().unwrap();
    let help = text(&out.stdout);
    let own = help.find("Options:").expect("own options");
    let account = help.find("Account:").expect("an Account heading");
    let global = help.find("Global options:").expect("a Global heading");
    assert!(own < account && account < global, "{help}");
    let account_part = &help[account..global];
    for flag in ["--config", "--profile", "--sandbox", "--partner-id"] {
        assert!(account_part.contains(flag), "{flag} under Account: {help}");
    }
    assert!(!help[own..account].contains("--profile"), "{help}");
    // Given to `sandbox` anyway: a usage error that says why.
    home.cmd()
        .args(["--sandbox", "sandbox"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`kwebcast sandbox` serves its own",
        ));
    home.cmd()
        .args(["sandbox", "--profile", "x"])
        .assert()
        .code(2);
    // Before or after the command, still.
    for args in [
        vec!["--sandbox", "status", "0_abcdefgh", "--json"],
        vec!["status", "0_abcdefgh", "--json", "--sandbox"],
    ] {
        let out = home.cmd().args(&args).output().unwrap();
        assert_eq!(json_line(&out.stdout)["sandbox"], true, "{args:?}");
    }
}

// ---- unknown entries, names, ended events ----

#[test]
fn an_unknown_entry_gets_the_same_sentence_from_status_links_and_studio() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let sentence = format!(
        "entry 0_zzzzzzzz was not found on partner {} (ENTRY_ID_NOT_FOUND: deleted, or not a \
         live entry of this account)",
        cli_support::PARTNER
    );
    for command in ["status", "links", "studio"] {
        let out = home
            .account_cmd(&sandbox, SECRET)
            .args([command, "0_zzzzzzzz"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{command}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(&format!("error: {sentence}")),
            "{command}: {stderr}"
        );
        assert!(!stderr.contains("Kaltura refused"), "{command}: {stderr}");
        let out = home
            .account_cmd(&sandbox, SECRET)
            .args([command, "0_zzzzzzzz", "--json"])
            .output()
            .unwrap();
        let v = json_line(&out.stderr);
        assert_eq!(v["error"]["code"], "ENTRY_ID_NOT_FOUND", "{command}");
        assert_eq!(v["error"]["message"], sentence.as_str(), "{command}");
    }
    // No name: said in words, as on the board, not `""`.
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["status", "0_zzzzzzzz"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("0_zzzzzzzz  ✖ ERROR  (no name)"),
        "{stdout}"
    );
    assert!(!stdout.contains("\"\""), "{stdout}");
}

#[test]
fn an_existing_event_with_an_empty_name_is_no_name_in_status() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let out = create(&home, &sandbox, &["--json"]);
    let id = json_line(&out.stdout)["entry_id"]
        .as_str()
        .unwrap()
        .to_string();
    // Anyone with an editor KS can blank the name.
    let answer = api(
        &sandbox.url,
        "liveStream/action/update",
        &serde_json::json!({
            "ks": admin_ks(&home, &sandbox),
            "format": 1,
            "entryId": id,
            "liveStreamEntry": {"objectType": "KalturaLiveStreamEntry", "name": ""}
        }),
    );
    assert_eq!(answer["name"], "", "{answer}");
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["status", &id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with(&format!("{id}  ○ OFFLINE  (no name)\n")),
        "{stdout}"
    );
    assert!(!stdout.contains("\"\""), "{stdout}");
    // JSON keeps the name as Kaltura has it: scripts tell "" from a name.
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["status", &id, "--json"])
        .output()
        .unwrap();
    assert_eq!(json_line(&out.stdout)["events"][0]["name"], "");
}

#[test]
fn an_ended_event_is_not_called_not_live_yet() {
    let home = Home::new();
    // Speed 0.01: the recording takes 100 minutes to process, the event stays ENDED.
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "0.01"]);
    let out = create(&home, &sandbox, &["--json"]);
    let id = json_line(&out.stdout)["entry_id"]
        .as_str()
        .unwrap()
        .to_string();
    control(&sandbox.url, &format!("/sandbox/entries/{id}/broadcast"));
    control(&sandbox.url, &format!("/sandbox/entries/{id}/end"));
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["status", &id])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(stdout.contains("■ ENDED"), "{stdout}");
    assert!(!stdout.contains("not live yet"), "{stdout}");
    assert!(
        stdout.contains("ended; no recording ready yet (offline slate)"),
        "{stdout}"
    );
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["links", &id])
        .output()
        .unwrap();
    assert!(!text(&out.stdout).contains("not live yet"));
}

#[test]
fn a_bad_watch_id_is_the_same_usage_error_as_a_bad_status_id() {
    let home = Home::new();
    let watch = home.cmd().args(["--watch", "bad-id"]).output().unwrap();
    let status = home.cmd().args(["status", "bad-id"]).output().unwrap();
    assert_eq!(watch.status.code(), Some(2));
    assert_eq!(status.status.code(), Some(2));
    let (w, s) = (text(&watch.stderr), text(&status.stderr));
    assert!(
        w.starts_with("error: --watch: \"bad-id\" is not a Kaltura entry ID"),
        "{w}"
    );
    // The same sentence after the flag's name.
    assert_eq!(
        w.trim_start_matches("error: --watch: "),
        s.trim_start_matches("error: ENTRY: ")
    );
}
