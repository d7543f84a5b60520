//! The dashboard under tmux with hostile terminal input: a 10×5 (and 1×1) terminal, keys pressed
//! while it is that small, a bracketed paste full of control characters into the create form,
//! then back to 80×24. It must keep running (no panic), tell the operator the terminal is too
//! small when it is, draw the board again afterwards, and exit 0 with the terminal restored.

mod needs_support;
mod tmux_support;

use needs_support::Need;
use std::time::Duration;
use tmux_support::Tmux;

const UI_TIMEOUT: Duration = Duration::from_secs(20);

fn tiny_terminals_and_control_characters_never_crash_the_dashboard() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let script = format!(
        "env -u KALTURA_PARTNER_ID -u KALTURA_ADMIN_SECRET -u KALTURA_ADMIN_SECRET_FILE \
         -u KALTURA_SERVICE_URL -u SSH_CONNECTION -u SSH_TTY -u DISPLAY -u WAYLAND_DISPLAY \
         HOME='{home}' XDG_CONFIG_HOME='{home}/.config' XDG_DATA_HOME='{home}/.local/share' \
         XDG_STATE_HOME='{home}/.local/state' KWEBCAST_POLL_INTERVAL=1s KWEBCAST_CLIPBOARD=off \
         NO_COLOR=1 RUST_BACKTRACE=1 '{bin}'; echo EXITED $?; sleep 600",
        home = home.display(),
        bin = env!("CARGO_BIN_EXE_kwebcast"),
    );
    let t = Tmux::start(
        format!("kwebcast-badterm-{}", std::process::id()),
        dir.path(),
        (80, 24),
        &script,
    );
    t.wait("the board", UI_TIMEOUT, |s| s.contains("[1 Events]"));

    // 10×5 and 1×1, with keys pressed while that small.
    t.resize(10, 5);
    let tiny = t.wait("a too-small notice", UI_TIMEOUT, |s| {
        s.to_lowercase().contains("small") || s.to_lowercase().contains("tiny")
    });
    assert!(
        !tiny.contains("panicked") && !tiny.contains("EXITED"),
        "{tiny}"
    );
    for key in ["j", "k", "Tab", "?", "Escape", "Down", "Up", "Escape"] {
        t.ok(&["send-keys", "-t", "s", key]);
        std::thread::sleep(Duration::from_millis(30));
    }
    t.resize(1, 1);
    std::thread::sleep(Duration::from_millis(300));
    t.resize(200, 3);
    std::thread::sleep(Duration::from_millis(300));
    t.resize(80, 24);
    let s = t.wait("the board again", UI_TIMEOUT, |s| s.contains("[1 Events]"));
    assert!(!s.contains("EXITED"), "still running:\n{s}");

    // A bracketed paste with escape sequences, BEL, backspace, DEL and a C1 CSI into the form's
    // name field.
    t.ok(&["send-keys", "-t", "s", "n"]);
    t.wait("the form", UI_TIMEOUT, |s| s.contains("New webcast event"));
    t.ok(&[
        "set-buffer",
        "Evil\u{1b}[2J\u{1b}]52;c;cGF5bG9hZA==\u{7}\u{8}\u{7f}\u{9b}31m name",
    ]);
    t.ok(&["paste-buffer", "-p", "-t", "s"]);
    std::thread::sleep(Duration::from_millis(300));
    let s = t.screen();
    assert!(
        !s.contains("EXITED"),
        "the paste did not end the dashboard:\n{s}"
    );
    assert!(
        s.contains("New webcast event"),
        "the form is still open:\n{s}"
    );
    t.ok(&["send-keys", "-t", "s", "C-s"]);
    let created = t.wait("the created event", UI_TIMEOUT, |s| {
        s.lines()
            .any(|l| l.contains("Created ") && l.contains("Evil"))
    });
    assert!(!created.contains("EXITED"), "{created}");
    let line = created
        .lines()
        .find(|l| l.contains("Created ") && l.contains("Evil"))
        .unwrap_or_default();
    // Had ESC reached the terminal, `ESC[2J` would have cleared the screen and `ESC]52` would
    // have set the clipboard: the frame is intact and the text shows as inert characters.
    assert!(line.contains("Evil"), "{created}");
    assert!(
        created.contains("kwebcast"),
        "the title bar survived:\n{created}"
    );
    assert!(
        !created.contains('\u{1b}') && !created.contains('\u{7}'),
        "{created}"
    );
    t.ok(&["send-keys", "-t", "s", "Escape"]);
    std::thread::sleep(Duration::from_millis(200));
    t.resize(10, 5);
    std::thread::sleep(Duration::from_millis(300));
    t.resize(80, 24);
    t.wait("the board after all that", UI_TIMEOUT, |s| {
        s.contains("[1 Events]")
    });

    t.ok(&["send-keys", "-t", "s", "q"]);
    let end = t.wait("the exit", UI_TIMEOUT, |s| s.contains("EXITED"));
    assert!(end.contains("EXITED 0"), "clean exit:\n{end}");
    assert!(!end.contains("panicked"), "{end}");
}

/// The tests, each with the programs it needs: a missing one makes the test ignored with the
/// reason (a failure under `CI=true`), which the default harness cannot show.
fn main() {
    needs_support::run(vec![needs_support::test(
        "tiny_terminals_and_control_characters_never_crash_the_dashboard",
        &[Need::Tmux],
        tiny_terminals_and_control_characters_never_crash_the_dashboard,
    )]);
}
