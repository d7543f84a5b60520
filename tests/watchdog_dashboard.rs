//! The watchdog on the dashboard, in a real terminal (tmux), against a spawned sandbox standing in
//! for an account: events arranged into each situation — a start already past with no encoder, a
//! start ten minutes ahead, an encoder up in preview past the start, Go Live past the end, a
//! session whose recording the sandbox holds un-READY, a stream that stalls while attendees watch
//! — show their alerts in the Alerts column (in words and symbols), in the title's count, in the event log and in the detail pane with what to
//! do; `!` puts them first; they clear when the situation does; the column stays at 80 columns.

mod cli_support;
mod live_support;
mod needs_support;
mod tmux_support;

use cli_support::{Home, SECRET, SpawnedSandbox, control, host_vars, json_line};
use live_support::{encoder_on, wait_state};
use needs_support::Need;
use std::time::Duration;
use tmux_support::Tmux;

const UI_TIMEOUT: Duration = Duration::from_secs(60);

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

fn scheduled(home: &Home, sandbox: &SpawnedSandbox, name: &str, start: i64, end: i64) -> String {
    let at = |t: i64| jiff::Timestamp::from_second(t).unwrap().to_string();
    let out = home
        .account_cmd(sandbox, SECRET)
        .args(["create", "--name", name, "--json", "--timezone", "UTC"])
        .args(["--start", &at(start), "--end", &at(end)])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_line(&out.stdout)["entry_id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The dashboard in a tmux session of its own, pointed at the spawned sandbox as an account.
fn dashboard(home: &Home, sandbox: &SpawnedSandbox) -> Tmux {
    let unset: String = host_vars().iter().map(|k| format!(" -u {k}")).collect();
    let script = format!(
        "env{unset} -u SSH_CONNECTION -u SSH_TTY -u DISPLAY -u WAYLAND_DISPLAY HOME='{home}' \\
         KALTURA_SERVICE_URL='{url}' KALTURA_PARTNER_ID='{pid}' KALTURA_ADMIN_SECRET='{secret}' \\
         KWEBCAST_POLL_INTERVAL=1s KWEBCAST_WATCHDOG_RECORDING_WAIT=1s KWEBCAST_CLIPBOARD=off \\
         NO_COLOR=1 '{bin}'; echo EXIT $?; sleep 600",
        home = home.dir.path().display(),
        url = sandbox.url,
        pid = sandbox.partner,
        secret = SECRET,
        bin = env!("CARGO_BIN_EXE_kwebcast"),
    );
    let t = Tmux::new(format!("kwebcast-watchdog-{}", std::process::id()), "s");
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

/// The table row of the event named `name` (the first screen line holding it).
fn row<'a>(screen: &'a str, name: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(name))
        .unwrap_or_else(|| panic!("no row for {name}:\n{screen}"))
}

fn row_has(screen: &str, name: &str, text: &str) -> bool {
    screen
        .lines()
        .find(|l| l.contains(name))
        .is_some_and(|l| l.contains(text))
}

fn each_alert_shows_on_the_board_and_clears_with_its_situation() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "100"]);
    let t0 = now();
    let late = scheduled(&home, &sandbox, "Late talk", t0 - 600, t0 + 3000);
    let _soon = scheduled(&home, &sandbox, "Soon talk", t0 + 300, t0 + 3900);
    let preview = scheduled(&home, &sandbox, "Preview talk", t0 - 600, t0 + 3000);
    let long = scheduled(&home, &sandbox, "Long talk", t0 - 7200, t0 - 600);
    let lost = scheduled(&home, &sandbox, "Lost rec talk", t0 - 1800, t0 + 1800);
    let _calm = scheduled(&home, &sandbox, "Calm talk", t0 + 10_800, t0 + 14_400);
    let stalled = scheduled(&home, &sandbox, "Stalled talk", t0 - 300, t0 + 3300);

    encoder_on(&home, &sandbox, &preview);
    encoder_on(&home, &sandbox, &long);
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["golive", &long, "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    encoder_on(&home, &sandbox, &stalled);
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["golive", &stalled, "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    control(&sandbox.url, &format!("/sandbox/entries/{stalled}/stall"));
    encoder_on(&home, &sandbox, &lost);
    control(
        &sandbox.url,
        &format!("/sandbox/entries/{lost}/hold-recording"),
    );
    control(&sandbox.url, &format!("/sandbox/entries/{lost}/end"));
    wait_state(&home, &sandbox, &lost, "ENDED");

    let t = dashboard(&home, &sandbox);
    let screen = t.wait("every alert on the board", UI_TIMEOUT, |s| {
        row_has(s, "Late talk", "⚠ late start")
            && row_has(s, "Soon talk", "△ starts soon")
            && row_has(s, "Preview talk", "⚠ not live")
            && row_has(s, "Long talk", "⚠ overrun")
            && row_has(s, "Lost rec talk", "⚠ no recording")
            && row_has(s, "Stalled talk", "⚠ encoder lost")
    });
    assert!(screen.contains("Alerts"), "{screen}");
    assert!(
        screen.contains("[Watched 7]") && screen.contains("Past · ⚠ 5 alerts · △ 1 warning"),
        "{screen}"
    );
    assert!(row(&screen, "Calm talk").contains("○ OFFLINE"));
    assert!(!row(&screen, "Calm talk").contains('⚠'), "{screen}");
    // Each new alert once in the event log, with what to do (the board's keys).
    // (The log wraps at words: the advice may start a line of its own.)
    assert!(screen.contains("press Go Live (v)"), "{screen}");
    assert!(screen.contains("press End (x)"), "{screen}");
    // The first row is selected: its detail says what is wrong and what to do.
    assert!(
        screen.contains("⚠ late start: no encoder connected 1"),
        "{screen}"
    );
    assert!(screen.contains("→ start the encoder"), "{screen}");

    // ! puts the alerts first: the calm event (no alert) and the warning sink to the bottom.
    t.keys(&["!"]);
    let screen = t.wait_for("alerts first", UI_TIMEOUT);
    let order: Vec<usize> = [
        "Late talk",
        "Preview talk",
        "Long talk",
        "Lost rec talk",
        "Stalled talk",
        "Soon talk",
        "Calm talk",
    ]
    .iter()
    .map(|n| screen.find(n).unwrap_or_else(|| panic!("{n}:\n{screen}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{screen}");

    // The situations settle: Go Live for the preview, the recording released, the stalled stream
    // plays again, the late one's encoder connects.
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["golive", &preview, "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    control(
        &sandbox.url,
        &format!("/sandbox/entries/{lost}/release-recording"),
    );
    control(&sandbox.url, &format!("/sandbox/entries/{stalled}/unstall"));
    encoder_on(&home, &sandbox, &late);
    let screen = t.wait("the alerts cleared", UI_TIMEOUT, |s| {
        row_has(s, "Preview talk", "● LIVE")
            && !row_has(s, "Preview talk", "⚠")
            && row_has(s, "Lost rec talk", "▶ RECORDING READY")
            && !row_has(s, "Lost rec talk", "⚠")
            && !row_has(s, "Late talk", "⚠ late start")
            && row_has(s, "Stalled talk", "● LIVE")
            && !row_has(s, "Stalled talk", "⚠")
    });
    // Late talk is in preview past its start now: not live instead of late.
    let screen = if row_has(&screen, "Late talk", "⚠ not live") {
        screen
    } else {
        t.wait("late talk not live", UI_TIMEOUT, |s| {
            row_has(s, "Late talk", "⚠ not live")
        })
    };
    assert!(row_has(&screen, "Long talk", "⚠ overrun"), "{screen}");

    // 80 columns: the alerts stay beside the state; less useful columns went.
    t.resize(80, 24);
    let screen = t.wait("the narrow board", UI_TIMEOUT, |s| {
        row_has(s, "Long talk", "● LIVE") && row_has(s, "Long talk", "⚠ overrun")
    });
    assert!(!screen.contains("Polled"), "{screen}");

    t.keys(&["q"]);
    let end = t.wait("the exit", UI_TIMEOUT, |s| s.contains("EXIT"));
    assert!(end.contains("EXIT 0"), "{end}");
}

/// The tests, each with the programs it needs: a missing one makes the test ignored with the
/// reason (a failure under `CI=true`), which the default harness cannot show.
fn main() {
    needs_support::run(vec![needs_support::test(
        "each_alert_shows_on_the_board_and_clears_with_its_situation",
        &[Need::Tmux],
        each_alert_shows_on_the_board_and_clears_with_its_situation,
    )]);
}
