//! Running the event from the command line, through the real binary against a spawned sandbox
//! standing in for an account: `golive`, `end`, `recording pause|resume` and `redirect`, their
//! `--json` (schema 1), refusals before anything is sent (exit 1, kind `refused`), Kaltura's
//! refusal of a user without edit rights (exit 1, its code in the message and in `--json`), and
//! `--yes` required off a terminal (exit 2). The terminal's question is in `live_actions_tty.rs`.

mod cli_support;
mod live_support;

use cli_support::{Home, SECRET, SpawnedSandbox, assert_keys, json_line};
use live_support::*;
use serde_json::Value;

/// Runs a command; returns (exit code, stdout, stderr).
fn run(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn live(home: &Home, sandbox: &SpawnedSandbox, args: &[&str]) -> (i32, String, String) {
    run(home.account_cmd(sandbox, SECRET).args(args))
}

fn ok_json(home: &Home, sandbox: &SpawnedSandbox, args: &[&str]) -> Value {
    let (code, stdout, stderr) = live(home, sandbox, args);
    assert_eq!(code, 0, "{args:?}\nstdout: {stdout}\nstderr: {stderr}");
    json_line(stdout.as_bytes())
}

/// The `--json` error object on stderr.
fn error_json(stderr: &str) -> Value {
    json_line(stderr.as_bytes())["error"].clone()
}

const RESULT_KEYS: &[&str] = &[
    "schema",
    "sandbox",
    "action",
    "entry_id",
    "name",
    "state",
    "label",
    "attendees",
    "play_entry_id",
    "playback_reason",
    "encoder_connected",
    "view_mode",
    "recording",
    "redirect_entry_id",
    "message",
    "warning",
    "note",
    "at",
    "event",
];

#[test]
fn golive_pause_resume_and_end_through_the_binary() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let id = created(&home, &sandbox, "Town hall");
    encoder_on(&home, &sandbox, &id);

    // Off a terminal and without --yes: a usage error, and nothing is sent.
    let (code, stdout, stderr) = live(&home, &sandbox, &["golive", &id]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stderr.contains("pass --yes"), "{stderr}");
    assert!(stderr.contains("no terminal"), "{stderr}");
    let (code, _, stderr) = live(&home, &sandbox, &["golive", &id, "--json"]);
    assert_eq!(code, 2);
    assert_eq!(error_json(&stderr)["kind"], "usage");
    assert_eq!(status_json(&home, &sandbox, &id)["state"], "PREVIEW");
    // Nothing to end before Go Live.
    let (code, _, stderr) = live(&home, &sandbox, &["end", &id, "--yes", "--json"]);
    assert_eq!(code, 1);
    let err = error_json(&stderr);
    assert_eq!(err["kind"], "refused");
    assert!(
        err["message"].as_str().unwrap().contains("nothing to end"),
        "{err}"
    );

    let v = ok_json(&home, &sandbox, &["golive", &id, "--yes", "--json"]);
    assert_keys(&v, RESULT_KEYS);
    assert_eq!(v["schema"], 1);
    assert_eq!(v["action"], "golive");
    assert_eq!(v["entry_id"], id.as_str());
    assert_eq!(v["name"], "Town hall");
    assert_eq!(v["state"], "LIVE");
    assert_eq!(v["label"], "● LIVE");
    assert_eq!(v["attendees"], "the live stream");
    assert_eq!(v["play_entry_id"], id.as_str());
    assert_eq!(v["playback_reason"], "live_now");
    assert_eq!(v["encoder_connected"], true);
    assert_eq!(v["view_mode"], "ALLOW_ALL");
    assert_eq!(v["recording"], "ACTIVE");
    assert_eq!(v["redirect_entry_id"], Value::Null);
    assert_eq!(v["warning"], Value::Null);
    assert_eq!(v["event"]["state"], "LIVE");
    assert_eq!(status_json(&home, &sandbox, &id)["state"], "LIVE");

    // Twice is refused before anything is sent.
    let (code, _, stderr) = live(&home, &sandbox, &["golive", &id, "--yes"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("already let in"), "{stderr}");
    assert!(stderr.contains("nothing was sent"), "{stderr}");
    let (code, _, stderr) = live(&home, &sandbox, &["golive", &id, "--yes", "--json"]);
    assert_eq!(code, 1);
    assert_eq!(error_json(&stderr)["kind"], "refused");

    let (code, stdout, stderr) = live(&home, &sandbox, &["recording", "pause", &id, "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(&format!("Town hall ({id}) recording paused by you at ")),
        "{stdout}"
    );
    assert!(stdout.contains("recording: PAUSED"), "{stdout}");
    assert!(
        stdout.contains("● LIVE"),
        "attendees keep watching: {stdout}"
    );
    let v = ok_json(
        &home,
        &sandbox,
        &["recording", "resume", &id, "--yes", "--json"],
    );
    let (code, _, stderr) = live(&home, &sandbox, &["recording", "resume", &id, "--yes"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("already running"), "{stderr}");
    assert_eq!(v["action"], "recording_resume");
    assert_eq!(v["recording"], "ACTIVE");

    // A redirect now would be undone when the encoder stops: refused.
    let session = v["event"]["recordings"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (code, _, stderr) = live(&home, &sandbox, &["redirect", &id, &session, "--yes"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("once the session has ended"), "{stderr}");

    let (code, stdout, stderr) = live(&home, &sandbox, &["end", &id, "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(&format!("Town hall ({id}) ended by you at "))
            && stdout.contains(": ended for attendees, encoder still connected"),
        "{stdout}"
    );
    assert!(stdout.contains("▣ ENDED (FEED ON)"), "{stdout}");
    let event = status_json(&home, &sandbox, &id);
    assert_eq!(event["state"], "ENDED_FEED_ON");

    // Paused only while live.
    let (code, _, stderr) = live(
        &home,
        &sandbox,
        &["recording", "pause", &id, "--yes", "--json"],
    );
    assert_eq!(code, 1);
    let err = error_json(&stderr);
    assert_eq!(err["kind"], "refused");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("only while the event is LIVE (it is ENDED (FEED ON))"),
        "{err}"
    );
}

#[test]
fn end_with_json_says_the_encoder_is_still_connected() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let id = created(&home, &sandbox, "Feed on");
    encoder_on(&home, &sandbox, &id);
    ok_json(&home, &sandbox, &["golive", &id, "--yes", "--json"]);
    let v = ok_json(&home, &sandbox, &["end", &id, "--yes", "--json"]);
    assert_keys(&v, RESULT_KEYS);
    assert_eq!(v["action"], "end");
    assert_eq!(v["state"], "ENDED_FEED_ON");
    assert_eq!(v["message"], "ended for attendees, encoder still connected");
    assert_eq!(v["encoder_connected"], true);
    assert_eq!(v["view_mode"], "PREVIEW");
    assert_eq!(v["recording"], "STOPPED");
    assert!(v["note"].as_str().unwrap().contains("stop the encoder"));
    assert_eq!(v["attendees"], "the offline slate");
}

#[test]
fn golive_without_a_playable_stream_warns_and_goes_with_yes() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let id = created(&home, &sandbox, "Early");
    let (code, stdout, stderr) = live(&home, &sandbox, &["golive", &id, "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "warning: no encoder stream is playable yet (the event is OFFLINE): attendees will get the offline slate until the stream plays"
        ),
        "{stderr}"
    );
    assert!(
        stdout.contains("attendees see: the offline slate"),
        "{stdout}"
    );
    let v = ok_json(&home, &sandbox, &["end", &id, "--yes", "--json"]);
    assert_eq!(v["state"], "OFFLINE");
    let v = ok_json(&home, &sandbox, &["golive", &id, "--yes", "--json"]);
    assert!(
        v["warning"].as_str().unwrap().contains("offline slate"),
        "{v}"
    );
    // The encoder connects later: attendees are in as soon as it plays.
    encoder_on_and_live(&home, &sandbox, &id);
}

fn encoder_on_and_live(home: &Home, sandbox: &SpawnedSandbox, id: &str) {
    cli_support::control(&sandbox.url, &format!("/sandbox/entries/{id}/broadcast"));
    let event = wait_state(home, sandbox, id, "LIVE");
    assert_eq!(event["playback_reason"], "live_now");
}

#[test]
fn a_user_without_edit_rights_gets_kalturas_refusal() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let id = created(&home, &sandbox, "Not theirs");
    encoder_on(&home, &sandbox, &id);
    let token = user_token(&home, &sandbox, "guest@example.com");

    let (code, stdout, stderr) =
        run(token_cmd(&home, &sandbox, &token).args(["golive", &id, "--yes"]));
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stderr.contains("liveStream.update"), "{stderr}");
    assert!(stderr.contains("(INVALID_KS)"), "{stderr}");
    assert!(!stderr.contains(&token.1), "the token never shows");

    let (code, _, stderr) =
        run(token_cmd(&home, &sandbox, &token).args(["golive", &id, "--yes", "--json"]));
    assert_eq!(code, 1);
    let err = error_json(&stderr);
    assert_eq!(err["kind"], "api");
    assert_eq!(err["code"], "INVALID_KS");
    assert_eq!(err["exit_code"], 1);
    assert_eq!(
        status_json(&home, &sandbox, &id)["state"],
        "PREVIEW",
        "nothing changed"
    );
}

#[test]
fn end_and_pause_by_a_user_without_edit_rights_get_kalturas_refusal() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let id = created(&home, &sandbox, "Live, not theirs");
    encoder_on(&home, &sandbox, &id);
    ok_json(&home, &sandbox, &["golive", &id, "--yes", "--json"]);
    let token = user_token(&home, &sandbox, "guest@example.com");
    for args in [
        vec!["end", id.as_str(), "--yes"],
        vec!["recording", "pause", id.as_str(), "--yes"],
    ] {
        let (code, stdout, stderr) = run(token_cmd(&home, &sandbox, &token).args(&args));
        assert_eq!(code, 1, "{args:?}: {stdout}{stderr}");
        assert!(stderr.contains("liveStream.update"), "{args:?}: {stderr}");
        assert!(stderr.contains("(INVALID_KS)"), "{args:?}: {stderr}");
        assert!(!stderr.contains(&token.1), "the token never shows");
    }
    let event = status_json(&home, &sandbox, &id);
    assert_eq!(event["state"], "LIVE", "nothing changed: {event}");
}
