//! The dashboard (release or debug binary, under tmux) against a spawned sandbox whose faults are
//! switched on: it keeps answering keys while every poll fails slowly, shows the error naming
//! the call, and recovers by itself when the faults end — proven by a transition (OFFLINE →
//! PREVIEW) that happened on the service during the fault and shows up afterwards without any key.

mod cli_support;
mod needs_support;
mod tmux_support;

use cli_support::{Home, SECRET, SpawnedSandbox, control};
use needs_support::Need;
use std::io::{Read, Write};
use std::time::Duration;
use tmux_support::Tmux;

const UI_TIMEOUT: Duration = Duration::from_secs(30);

fn set_faults(url: &str, body: &str) {
    let addr = url.strip_prefix("http://").unwrap();
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST /sandbox/faults HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

fn row<'a>(screen: &'a str, id: &str) -> Option<&'a str> {
    screen.lines().find(|l| l.contains(id) && l.contains('│'))
}

fn the_dashboard_answers_keys_shows_the_error_and_recovers_by_itself() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["create", "--name", "Steady", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let id = cli_support::json_line(&out.stdout)["entry_id"]
        .as_str()
        .unwrap()
        .to_string();
    let script = format!(
        "env -u SSH_CONNECTION -u SSH_TTY -u DISPLAY -u WAYLAND_DISPLAY HOME='{home}' \
         KALTURA_SERVICE_URL='{url}' KALTURA_PARTNER_ID='{pid}' KALTURA_ADMIN_SECRET='{SECRET}' \
         KWEBCAST_POLL_INTERVAL=1s KWEBCAST_CLIPBOARD=off NO_COLOR=1 '{bin}'; echo EXITED $?; sleep 600",
        home = home.dir.path().display(),
        url = sandbox.url,
        pid = sandbox.partner,
        bin = env!("CARGO_BIN_EXE_kwebcast"),
    );
    let t = Tmux::new(format!("kwebcast-faultdash-{}", std::process::id()), "d");
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
                "40"
            ])
            .args(["sh", "-c", &script])
            .status()
            .unwrap()
            .success()
    );
    t.wait("the event OFFLINE", UI_TIMEOUT, |s| {
        row(s, &id).is_some_and(|r| r.contains("OFFLINE"))
    });

    // Every poll now fails, slowly: 1.5 s of latency then HTTP 5xx.
    set_faults(&sandbox.url, r#"{"fail_rate": 1.0, "latency_ms": 1500}"#);
    let err = t.wait("the error bar", UI_TIMEOUT, |s| s.contains("HTTP 50"));
    assert!(
        err.contains("multirequest(liveStream.list") || err.contains("liveStream"),
        "the error names the call:\n{err}"
    );
    // Keys are answered while polls hang and fail: help opens and closes, tabs switch.
    for _ in 0..3 {
        t.keys(&["?"]);
        t.wait("help", UI_TIMEOUT, |s| s.contains("Help: keys"));
        t.keys(&["Escape"]);
        t.wait("help closed", UI_TIMEOUT, |s| !s.contains("Help: keys"));
    }
    t.keys(&["3"]);
    t.wait("the links tab", UI_TIMEOUT, |s| s.contains("[3 Links]"));
    t.keys(&["1"]);
    t.wait("the board", UI_TIMEOUT, |s| s.contains("[1 Events]"));

    // The event goes to PREVIEW on the service while the dashboard cannot see it...
    control(&sandbox.url, &format!("/sandbox/entries/{id}/broadcast"));
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        row(&t.screen(), &id).is_some_and(|r| r.contains("OFFLINE")),
        "still the last known state during the fault"
    );
    // ...and once the faults end the board catches up by itself (no key pressed).
    set_faults(&sandbox.url, "{}");
    t.wait("PREVIEW after recovery", UI_TIMEOUT, |s| {
        row(s, &id).is_some_and(|r| r.contains("PREVIEW"))
    });

    t.keys(&["q"]);
    let end = t.wait("the exit", UI_TIMEOUT, |s| s.contains("EXITED"));
    assert!(end.contains("EXITED 0"), "{end}");
}

/// The tests, each with the programs it needs: a missing one makes the test ignored with the
/// reason (a failure under `CI=true`), which the default harness cannot show.
fn main() {
    needs_support::run(vec![needs_support::test(
        "the_dashboard_answers_keys_shows_the_error_and_recovers_by_itself",
        &[Need::Tmux],
        the_dashboard_answers_keys_shows_the_error_and_recovers_by_itself,
    )]);
}
