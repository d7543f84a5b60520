//! The board under tmux (the real binary): the audience set with the sandbox's control shows in
//! the Viewers column and the detail pane; a failover (primary disconnected with a backup
//! connected) shows in the Ingest column, the detail pane and the event log — on an account (a
//! spawned sandbox), and driven by the simulated encoder's keys on the built-in sandbox.

mod cli_support;
mod needs_support;
mod tmux_support;

use cli_support::{Home, SECRET, SpawnedSandbox, control, json_line, post_json};
use needs_support::Need;
use std::time::Duration;
use tmux_support::Tmux;

const UI_TIMEOUT: Duration = Duration::from_secs(60);

fn row<'a>(screen: &'a str, id: &str) -> Option<&'a str> {
    screen.lines().find(|l| l.contains(id) && l.contains('│'))
}

fn start(t: &Tmux, script: &str) {
    assert!(
        t.cmd()
            .args([
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "d",
                "-x",
                "160",
                "-y",
                "45"
            ])
            .args(["sh", "-c", script])
            .status()
            .unwrap()
            .success()
    );
}

fn the_board_shows_the_audience_and_a_failover_on_an_account() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["create", "--name", "Audience test", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = json_line(&out.stdout)["entry_id"]
        .as_str()
        .unwrap()
        .to_string();
    control(&sandbox.url, &format!("/sandbox/entries/{id}/broadcast"));
    control(&sandbox.url, &format!("/sandbox/entries/{id}/golive"));
    let (status, body) = post_json(
        &sandbox.url,
        &format!("/sandbox/entries/{id}/viewers"),
        &serde_json::json!({"count": 4321}),
    );
    assert_eq!(status, 200, "{body}");

    let script = format!(
        "env -u SSH_CONNECTION -u SSH_TTY -u DISPLAY -u WAYLAND_DISPLAY HOME='{home}' \
         KALTURA_SERVICE_URL='{url}' KALTURA_PARTNER_ID='{pid}' KALTURA_ADMIN_SECRET='{SECRET}' \
         KWEBCAST_POLL_INTERVAL=1s KWEBCAST_VIEWERS_INTERVAL=1s KWEBCAST_CLIPBOARD=off NO_COLOR=1 \
         '{bin}'; echo EXITED $?; sleep 600",
        home = home.dir.path().display(),
        url = sandbox.url,
        pid = sandbox.partner,
        bin = env!("CARGO_BIN_EXE_kwebcast"),
    );
    let t = Tmux::new(format!("kwebcast-audience-{}", std::process::id()), "d");
    start(&t, &script);
    let screen = t.wait("LIVE with 4,321 viewers", UI_TIMEOUT, |s| {
        row(s, &id).is_some_and(|r| r.contains("● LIVE") && r.contains("4,321"))
    });
    assert!(
        row(&screen, &id).unwrap().contains("P● B—"),
        "the ingest mark:\n{screen}"
    );
    t.wait("the detail pane's audience", UI_TIMEOUT, |s| {
        s.contains("Viewers: 4,321 now · peak 4,321")
            && s.contains("last 30 min (polls)")
            && s.contains("Primary: ● PLAYABLE")
    });

    // The figure moves: the board follows, the peak stays.
    post_json(
        &sandbox.url,
        &format!("/sandbox/entries/{id}/viewers"),
        &serde_json::json!({"count": 1200}),
    );
    t.wait("1,200 now, peak 4,321", UI_TIMEOUT, |s| {
        s.contains("Viewers: 1,200 now · peak 4,321")
    });

    // A backup connects, then the primary drops: the backup takes over, the event stays LIVE.
    control(
        &sandbox.url,
        &format!("/sandbox/entries/{id}/broadcast?node=backup"),
    );
    t.wait("both points", UI_TIMEOUT, |s| {
        row(s, &id).is_some_and(|r| r.contains("P● B●"))
    });
    control(
        &sandbox.url,
        &format!("/sandbox/entries/{id}/disconnect?node=primary"),
    );
    let screen = t.wait("the failover", UI_TIMEOUT, |s| {
        row(s, &id).is_some_and(|r| r.contains("P— B●") && r.contains("● LIVE"))
            && s.contains("primary encoder lost")
            && s.contains("backup took over")
    });
    assert!(screen.contains("Primary: — not connected"), "{screen}");
    assert!(screen.contains("Backup: ● PLAYABLE"), "{screen}");

    t.keys(&["q"]);
    let end = t.wait("the exit", UI_TIMEOUT, |s| s.contains("EXITED"));
    assert!(end.contains("EXITED 0"), "{end}");
}

fn the_simulated_encoder_keys_fail_over_on_the_built_in_sandbox() {
    let home = Home::new();
    let script = format!(
        "env -u KALTURA_PARTNER_ID -u KALTURA_ADMIN_SECRET -u KALTURA_ADMIN_SECRET_FILE \
         -u KALTURA_SERVICE_URL -u SSH_CONNECTION -u SSH_TTY -u DISPLAY -u WAYLAND_DISPLAY \
         HOME='{home}' KWEBCAST_SANDBOX_SPEED=50 KWEBCAST_POLL_INTERVAL=1s \
         KWEBCAST_VIEWERS_INTERVAL=1s KWEBCAST_CLIPBOARD=off NO_COLOR=1 \
         '{bin}'; echo EXITED $?; sleep 600",
        home = home.dir.path().display(),
        bin = env!("CARGO_BIN_EXE_kwebcast"),
    );
    let t = Tmux::new(format!("kwebcast-simkeys-{}", std::process::id()), "d");
    start(&t, &script);
    t.wait("the SANDBOX board", UI_TIMEOUT, |s| s.contains("SANDBOX"));
    t.keys(&["n"]);
    t.wait_for("New webcast event", UI_TIMEOUT);
    t.keys(&["-l", "Failover drill"]);
    t.keys(&["C-s"]);
    let screen = t.wait_for("Created Failover drill (", UI_TIMEOUT);
    let id: String = screen
        .split("Created Failover drill (")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .expect("the new entry ID")
        .to_string();
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(200));
    t.wait("the event on the board", UI_TIMEOUT, |s| {
        row(s, &id).is_some_and(|r| r.contains("OFFLINE"))
    });
    // b: the primary connects; B: a backup too; v y: Go Live (through the API), attendees in.
    t.keys(&["b"]);
    t.wait("PREVIEW", UI_TIMEOUT, |s| {
        row(s, &id).is_some_and(|r| r.contains("PREVIEW"))
    });
    t.keys(&["B"]);
    t.wait("both points", UI_TIMEOUT, |s| {
        row(s, &id).is_some_and(|r| r.contains("P● B●"))
    });
    t.keys(&["v"]);
    t.wait("the Go Live question", UI_TIMEOUT, |s| {
        s.contains("y goes live")
    });
    t.keys(&["y"]);
    t.wait("LIVE with an audience", UI_TIMEOUT, |s| {
        row(s, &id).is_some_and(|r| r.contains("● LIVE")) && s.contains("Viewers: ")
    });
    // z: the primary drops; the backup carries the event.
    t.keys(&["z"]);
    let screen = t.wait("the failover", UI_TIMEOUT, |s| {
        row(s, &id).is_some_and(|r| r.contains("P— B●") && r.contains("● LIVE"))
            && s.contains("primary encoder lost")
            && s.contains("backup took over")
    });
    assert!(screen.contains("Backup: ● PLAYABLE"), "{screen}");
    // Z: the last point goes, and with it the session.
    t.keys(&["Z"]);
    t.wait("the end of the session", UI_TIMEOUT, |s| {
        row(s, &id).is_some_and(|r| r.contains("ENDED") || r.contains("RECORDING READY"))
    });
    t.keys(&["q"]);
    let end = t.wait("the exit", UI_TIMEOUT, |s| s.contains("EXITED"));
    assert!(end.contains("EXITED 0"), "{end}");
}

/// The tests, each with the programs it needs: a missing one makes the test ignored with the
/// reason (a failure under `CI=true`), which the default harness cannot show.
fn main() {
    needs_support::run(vec![
        needs_support::test(
            "the_board_shows_the_audience_and_a_failover_on_an_account",
            &[Need::Tmux],
            the_board_shows_the_audience_and_a_failover_on_an_account,
        ),
        needs_support::test(
            "the_simulated_encoder_keys_fail_over_on_the_built_in_sandbox",
            &[Need::Tmux],
            the_simulated_encoder_keys_fail_over_on_the_built_in_sandbox,
        ),
    ]);
}
