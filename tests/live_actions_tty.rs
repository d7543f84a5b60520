//! The live actions on a real terminal (tmux), against a spawned sandbox standing in for an
//! account: the CLI asks y/N on the terminal (no by default, twice when attendees would get the
//! offline slate), and the dashboard asks before Go Live and End — `n` cancels, `y` goes live —
//! shows the state the action led to, logs it as done by you, and sends viewers to a recording
//! picked from the event's recordings, the attendee QR code following it.

mod cli_support;
mod live_support;
mod needs_support;
mod tmux_support;

use cli_support::{Home, SECRET, SpawnedSandbox, control, host_vars};
use live_support::*;
use needs_support::Need;
use std::time::Duration;
use tmux_support::Tmux;

const UI_TIMEOUT: Duration = Duration::from_secs(40);

/// A tmux session of its own running `command` (shell words) with kwebcast pointed at the
/// spawned sandbox as an account, then printing `EXIT <code>` and waiting.
fn start(name: &str, home: &Home, sandbox: &SpawnedSandbox, command: &str) -> Tmux {
    let unset: String = host_vars().iter().map(|k| format!(" -u {k}")).collect();
    let script = format!(
        "env{unset} -u SSH_CONNECTION -u SSH_TTY -u DISPLAY -u WAYLAND_DISPLAY HOME='{home}' \\
         KALTURA_SERVICE_URL='{url}' KALTURA_PARTNER_ID='{pid}' KALTURA_ADMIN_SECRET='{secret}' \\
         KWEBCAST_POLL_INTERVAL=1s KWEBCAST_CLIPBOARD=off NO_COLOR=1 '{bin}' {command}; \\
         echo EXIT $?; sleep 600",
        home = home.dir.path().display(),
        url = sandbox.url,
        pid = sandbox.partner,
        secret = SECRET,
        bin = env!("CARGO_BIN_EXE_kwebcast"),
    );
    let t = Tmux::new(format!("kwebcast-live-{name}-{}", std::process::id()), "s");
    let ok = t
        .cmd()
        .args(["-f", "/dev/null", "new-session", "-d", "-s", "s"])
        .args(["-x", "160", "-y", "50", "sh", "-c", &script])
        .status()
        .unwrap()
        .success();
    assert!(ok, "tmux new-session");
    t
}

fn the_cli_asks_on_a_terminal_and_no_is_the_default() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let id = created(&home, &sandbox, "Town hall");
    encoder_on(&home, &sandbox, &id);

    let t = start("no", &home, &sandbox, &format!("golive {id}"));
    let screen = t.wait_for("Go live? [y/N]", UI_TIMEOUT);
    assert!(
        screen.contains(&format!("Go Live: Town hall ({id}), now ◐ PREVIEW")),
        "{screen}"
    );
    assert!(
        screen.contains("Attendees will see: the live stream"),
        "{screen}"
    );
    t.keys(&["Enter"]);
    let screen = t.wait_for("EXIT", UI_TIMEOUT);
    assert!(screen.contains("EXIT 1"), "{screen}");
    assert!(
        screen.contains("was not confirmed: nothing was sent"),
        "{screen}"
    );
    assert_eq!(status_json(&home, &sandbox, &id)["state"], "PREVIEW");

    let t = start("yes", &home, &sandbox, &format!("golive {id}"));
    t.wait_for("Go live? [y/N]", UI_TIMEOUT);
    t.keys(&["y", "Enter"]);
    let screen = t.wait_for("EXIT", UI_TIMEOUT);
    assert!(screen.contains("EXIT 0"), "{screen}");
    assert!(
        screen.contains(&format!("Town hall ({id}) went live by you at ")),
        "{screen}"
    );
    assert!(screen.contains("● LIVE"), "{screen}");
    assert_eq!(status_json(&home, &sandbox, &id)["state"], "LIVE");

    // With --json the question is still on the terminal, the result alone on stdout.
    let t = start(
        "json",
        &home,
        &sandbox,
        &format!("recording pause {id} --json 2>/dev/tty"),
    );
    t.wait_for("Pause the recording? [y/N]", UI_TIMEOUT);
    t.keys(&["yes", "Enter"]);
    let screen = t.wait_for("EXIT", UI_TIMEOUT);
    assert!(screen.contains("EXIT 0"), "{screen}");
    assert!(screen.contains("\"recording\":\"PAUSED\""), "{screen}");
}

fn the_cli_asks_twice_when_attendees_would_get_the_offline_slate() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let id = created(&home, &sandbox, "Too early");
    let t = start("twice", &home, &sandbox, &format!("golive {id}"));
    let screen = t.wait_for("Go live? [y/N]", UI_TIMEOUT);
    assert!(
        screen.contains("Warning: no encoder stream is playable yet (the event is OFFLINE)"),
        "{screen}"
    );
    t.keys(&["y", "Enter"]);
    t.wait_for(
        "Go live anyway, while attendees get the offline slate? [y/N]",
        UI_TIMEOUT,
    );
    t.keys(&["n", "Enter"]);
    let screen = t.wait_for("EXIT", UI_TIMEOUT);
    assert!(screen.contains("EXIT 1"), "{screen}");
    let event = status_json(&home, &sandbox, &id);
    assert_eq!(event["state"], "OFFLINE");
}

/// The row of the events table that shows `id`.
fn row<'a>(screen: &'a str, id: &str) -> Option<&'a str> {
    screen.lines().find(|l| l.contains(id) && l.contains('│'))
}

fn the_dashboard_asks_before_go_live_and_end_and_logs_them_by_you() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let id = created(&home, &sandbox, "Board hall");
    let t = start("board", &home, &sandbox, &format!("--watch {id}"));
    t.wait(&format!("{id} OFFLINE on the board"), UI_TIMEOUT, |s| {
        row(s, &id).is_some_and(|r| r.contains("○ OFFLINE"))
    });
    let screen = t.screen();
    assert!(!screen.contains("SANDBOX"), "an account: {screen}");
    assert!(
        screen.contains("v go live"),
        "the key is in the footer: {screen}"
    );
    control(&sandbox.url, &format!("/sandbox/entries/{id}/broadcast"));
    t.wait(&format!("{id} PREVIEW"), UI_TIMEOUT, |s| {
        row(s, &id).is_some_and(|r| r.contains("◐ PREVIEW"))
    });

    // v asks; n cancels and nothing changes.
    t.keys(&["v"]);
    let screen = t.wait_for("Go Live?", UI_TIMEOUT);
    assert!(screen.contains(&format!("Board hall ({id})")), "{screen}");
    assert!(
        screen.contains("Attendees will see: the live stream"),
        "{screen}"
    );
    assert!(screen.contains("y goes live"), "{screen}");
    t.keys(&["n"]);
    let screen = t.wait("the question closed", UI_TIMEOUT, |s| {
        !s.contains("Go Live?")
    });
    assert!(screen.contains("not sent"), "{screen}");
    assert_eq!(status_json(&home, &sandbox, &id)["state"], "PREVIEW");

    // v, y: LIVE, logged as done by you.
    t.keys(&["v"]);
    t.wait_for("Go Live?", UI_TIMEOUT);
    t.keys(&["y"]);
    let screen = t.wait(&format!("{id} LIVE"), UI_TIMEOUT, |s| {
        row(s, &id).is_some_and(|r| r.contains("● LIVE"))
    });
    assert!(
        screen.contains(&format!("Board hall ({id}) went live by you")),
        "the event log says who: {screen}"
    );
    assert_eq!(status_json(&home, &sandbox, &id)["state"], "LIVE");

    // x, y: ended for attendees while the encoder pushes.
    t.keys(&["x"]);
    let screen = t.wait_for("End the event for attendees?", UI_TIMEOUT);
    assert!(screen.contains("ENDED (FEED ON)"), "the note: {screen}");
    t.keys(&["y"]);
    let screen = t.wait(&format!("{id} ENDED (FEED ON)"), UI_TIMEOUT, |s| {
        row(s, &id).is_some_and(|r| r.contains("▣ ENDED (FEED ON)"))
    });
    assert!(
        screen.contains("ended by you: ended for attendees, encoder still"),
        "{screen}"
    );

    // The encoder stops; once archived, viewers are sent to the recording picked on the board.
    control(&sandbox.url, &format!("/sandbox/entries/{id}/end"));
    let event = wait_event(&home, &sandbox, &id, "archived", |e| {
        e["state"] == "RECORDING_READY" && e["playback_reason"] == "newest_recording"
    });
    let recording = event["play_entry_id"].as_str().unwrap().to_string();
    t.wait(&format!("{id} RECORDING READY"), UI_TIMEOUT, |s| {
        row(s, &id).is_some_and(|r| r.contains("▶ RECORDING READY"))
    });
    t.keys(&["V"]);
    let screen = t.wait_for("to a recording", UI_TIMEOUT);
    assert!(screen.contains(&recording), "the picker lists it: {screen}");
    assert!(screen.contains("READY"), "{screen}");
    t.keys(&["Enter"]);
    let screen = t.wait_for("Send viewers to a recording?", UI_TIMEOUT);
    assert!(
        screen.contains(&format!("Attendees will see: recording {recording}")),
        "{screen}"
    );
    t.keys(&["y"]);
    t.wait_for(
        &format!("viewers sent to recording {recording} by you"),
        UI_TIMEOUT,
    );
    let event = status_json(&home, &sandbox, &id);
    assert_eq!(event["playback_reason"], "redirect");
    assert_eq!(event["play_entry_id"], recording.as_str());

    t.keys(&["q"]);
    let screen = t.wait_for("EXIT", UI_TIMEOUT);
    assert!(screen.contains("EXIT 0"), "{screen}");
}

/// The tests, each with the programs it needs: a missing one makes the test ignored with the
/// reason (a failure under `CI=true`), which the default harness cannot show.
fn main() {
    needs_support::run(vec![
        needs_support::test(
            "the_cli_asks_on_a_terminal_and_no_is_the_default",
            &[Need::Tmux],
            the_cli_asks_on_a_terminal_and_no_is_the_default,
        ),
        needs_support::test(
            "the_cli_asks_twice_when_attendees_would_get_the_offline_slate",
            &[Need::Tmux],
            the_cli_asks_twice_when_attendees_would_get_the_offline_slate,
        ),
        needs_support::test(
            "the_dashboard_asks_before_go_live_and_end_and_logs_them_by_you",
            &[Need::Tmux],
            the_dashboard_asks_before_go_live_and_end_and_logs_them_by_you,
        ),
    ]);
}
