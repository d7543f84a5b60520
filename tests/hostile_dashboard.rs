//! The dashboard under tmux with hostile data: an event renamed on the service (by anyone with an
//! editor's KS) to a terminal payload — OSC 52 clipboard write, screen clear, window title, C1
//! CSI/OSC, bidi override, zero-width characters, CRLF — with a description of the same, and a
//! corrupted journal (garbage, escapes, a 10 MB "entry ID", an ID with escapes).
//!
//! Everything the dashboard writes to the pty is captured with `pipe-pane` and must hold no BEL,
//! no OSC/DCS, no C1 and no bidi or zero-width character; tmux (with `set-clipboard on`, so an
//! OSC 52 would land) must hold no paste buffer and the pane title must be unchanged. The board
//! says, once, how many journal lines it skipped; the log names them.

mod cli_support;
mod hostile_support;
mod needs_support;
mod tmux_support;

use cli_support::{Home, PARTNER, SECRET, SpawnedSandbox, json_line};
use hostile_support::{PAYLOAD, PAYLOAD_DESCRIPTION, assert_inert, rename};
use needs_support::Need;
use std::io::Write;
use std::time::Duration;
use tmux_support::Tmux;

const UI_TIMEOUT: Duration = Duration::from_secs(30);
const TITLE: &str = "kwebcast-hostile-test";

fn hostile_names_and_a_corrupted_journal_never_reach_the_terminal() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["create", "--name", "Plain", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let id = json_line(&out.stdout)["entry_id"]
        .as_str()
        .unwrap()
        .to_string();
    rename(
        &sandbox.url,
        PARTNER,
        SECRET,
        &id,
        PAYLOAD,
        PAYLOAD_DESCRIPTION,
    );

    // Four unusable lines after the good one.
    let journal = home.dir.path().join(".local/share/kwebcast/events.jsonl");
    let record = |entry_id: &str| {
        serde_json::json!({"entry_id": entry_id, "name": PAYLOAD, "start": 1, "end": 2,
            "partner_id": PARTNER, "service_url": sandbox.url, "recorded_at": 3})
        .to_string()
    };
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&journal)
        .unwrap();
    writeln!(f, "not json at all").unwrap();
    writeln!(
        f,
        "\u{1b}]52;c;Y3VybCBldmlsIHwgc2g=\u{7}\u{1b}]0;PWNED\u{7}"
    )
    .unwrap();
    writeln!(f, "{}", record(&"7".repeat(10_000_000))).unwrap();
    writeln!(f, "{}", record("0_ab\u{1b}]0;PWNED\u{7}")).unwrap();
    drop(f);

    let dir = home.dir.path();
    let capture = dir.join("pty.bytes");
    let go = dir.join("go");
    let log = dir.join("dash.log");
    let script = format!(
        "while [ ! -e '{go}' ]; do sleep 0.05; done; \
         env -u SSH_CONNECTION -u SSH_TTY -u DISPLAY -u WAYLAND_DISPLAY HOME='{home}' \
         KALTURA_SERVICE_URL='{url}' KALTURA_PARTNER_ID='{PARTNER}' KALTURA_ADMIN_SECRET='{SECRET}' \
         KWEBCAST_LOG_FILE='{log}' KWEBCAST_POLL_INTERVAL=1s KWEBCAST_CLIPBOARD=off \
         '{bin}'; echo EXITED $?; sleep 600",
        go = go.display(),
        home = dir.display(),
        url = sandbox.url,
        log = log.display(),
        bin = env!("CARGO_BIN_EXE_kwebcast"),
    );
    let t = Tmux::new(format!("kwebcast-hostile-{}", std::process::id()), "s");
    let conf = dir.join("tmux.conf");
    // set-clipboard on: an OSC 52 from the application would become a paste buffer.
    std::fs::write(&conf, "set -g status off\nset -g set-clipboard on\n").unwrap();
    t.ok(&[
        "-f",
        conf.to_str().unwrap(),
        "new-session",
        "-d",
        "-s",
        "s",
        "-x",
        "160",
        "-y",
        "50",
        "sh",
        "-c",
        &script,
    ]);
    t.ok(&["select-pane", "-t", "s", "-T", TITLE]);
    t.ok(&[
        "pipe-pane",
        "-t",
        "s",
        "-o",
        &format!("cat >> '{}'", capture.display()),
    ]);
    std::fs::write(&go, b"").unwrap();

    let board = t.wait("the renamed event and a notice", UI_TIMEOUT, |s| {
        s.contains("Evil") && s.contains("skipped")
    });
    assert!(
        board.contains("Evil�]52;c;"),
        "the placeholder shows:\n{board}"
    );
    assert!(
        board.contains("4 unreadable journal lines skipped, see the log"),
        "{board}"
    );
    assert!(
        !board.contains("7777777777"),
        "the 10 MB ID is not watched:\n{board}"
    );
    let mut screens = vec![board];
    // Every tab that shows the name.
    for (key, what) in [("3", "[3 Links]"), ("4", "[4 Studio]"), ("1", "[1 Events]")] {
        t.keys(&[key]);
        screens.push(t.wait_for(what, UI_TIMEOUT));
    }
    screens.push(t.wait("the description, line by line", UI_TIMEOUT, |s| {
        s.contains("Description: first") && s.contains("second�]52;c;ZXZpbA==�")
    }));
    t.keys(&["q"]);
    screens.push(t.wait_for("EXITED", UI_TIMEOUT));
    assert!(
        screens.last().unwrap().contains("EXITED 0"),
        "{}",
        screens.last().unwrap()
    );

    let bytes = std::fs::read(&capture).expect("pipe-pane captured the pty");
    assert!(bytes.len() > 1000, "the capture holds the frames");
    assert!(bytes.windows(4).any(|w| w == b"Evil"), "the name was drawn");
    assert_inert("the pty", &bytes, true);
    for (i, s) in screens.iter().enumerate() {
        assert_inert(&format!("screen {i}"), s.as_bytes(), false);
    }
    let buffers = t.cmd().args(["list-buffers"]).output().unwrap();
    assert!(
        buffers.stdout.is_empty(),
        "a paste buffer appeared: {}",
        String::from_utf8_lossy(&buffers.stdout)
    );
    let title = t
        .cmd()
        .args(["display-message", "-p", "-t", "s", "#{pane_title}"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&title.stdout).trim(), TITLE);

    // The log names the skipped lines (the create's pending line and its record are lines 1-2).
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    for line in 3..=6 {
        assert!(
            text.contains(&format!("line={line}")) && text.contains("journal line skipped"),
            "line {line} in the log:\n{text}"
        );
    }
    assert_inert("the log", text.as_bytes(), false);
    assert!(text.len() < 100_000, "the 10 MB line is not in the log");
}

/// The tests, each with the programs it needs: a missing one makes the test ignored with the
/// reason (a failure under `CI=true`), which the default harness cannot show.
fn main() {
    needs_support::run(vec![needs_support::test(
        "hostile_names_and_a_corrupted_journal_never_reach_the_terminal",
        &[Need::Tmux],
        hostile_names_and_a_corrupted_journal_never_reach_the_terminal,
    )]);
}
