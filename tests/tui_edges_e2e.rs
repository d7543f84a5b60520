//! The dashboard's rough edges (issue 12), end to end: the real binary in tmux on the
//! in-process sandbox, driven as a newcomer would at 80×24. A create clears the form and the
//! same name again asks y/N; keys typed while the terminal is too small do nothing; the footer
//! says `p resume` while paused; the Studio tab and help scroll with a hint and stop at their
//! end; at 60 columns the table keeps Name and the whole state word.

mod needs_support;
mod tmux_support;

use needs_support::Need;
use std::time::Duration;
use tmux_support::Tmux;

const UI_TIMEOUT: Duration = Duration::from_secs(30);

/// The dashboard in its own tmux server, with a clean home.
fn start(name: &str, dir: &std::path::Path) -> Tmux {
    let home = dir.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let script = format!(
        "env -u KALTURA_PARTNER_ID -u KALTURA_ADMIN_SECRET -u KALTURA_ADMIN_SECRET_FILE \
         -u KALTURA_SERVICE_URL -u KALTURA_APP_TOKEN_ID -u KALTURA_APP_TOKEN -u SSH_CONNECTION \
         -u SSH_TTY -u DISPLAY -u WAYLAND_DISPLAY HOME='{home}' XDG_CONFIG_HOME='{home}/.config' \
         XDG_DATA_HOME='{home}/.local/share' XDG_STATE_HOME='{home}/.local/state' \
         KWEBCAST_DATA_DIR='{home}/data' KWEBCAST_POLL_INTERVAL=1s KWEBCAST_CLIPBOARD=off \
         NO_COLOR=1 '{bin}'; echo EXITED $?; sleep 600",
        home = home.display(),
        bin = env!("CARGO_BIN_EXE_kwebcast"),
    );
    let t = Tmux::new(format!("kwebcast-edges-{name}-{}", std::process::id()), "s");
    let conf = dir.join("tmux.conf");
    std::fs::write(&conf, "set -g status off\nset -g remain-on-exit on\n").unwrap();
    t.ok(&[
        "-f",
        conf.to_str().unwrap(),
        "new-session",
        "-d",
        "-s",
        "s",
        "-x",
        "80",
        "-y",
        "24",
        "sh",
        "-c",
        &script,
    ]);
    t.wait("the board", UI_TIMEOUT, |s| s.contains("[1 Events]"));
    t
}

/// The text after the label of a form field ("Name") on screen, trimmed.
fn field(screen: &str, label: &str) -> String {
    screen
        .lines()
        .find_map(|l| {
            let at = l.find(label)?;
            l[..at]
                .trim_start_matches(['│', ' ', '▶'])
                .is_empty()
                .then(|| {
                    // The input, without the inline mark after it (✖ error, ✔ valid).
                    let rest = l[at + label.len()..].trim_end_matches('│');
                    rest.split(['✖', '✔'])
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_string()
                })
        })
        .unwrap_or_default()
}

fn footer(screen: &str) -> String {
    screen
        .lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .to_string()
}

fn a_newcomer_meets_no_rough_edges_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let t = start("newcomer", dir.path());

    // Create an event: the form is cleared and says so.
    t.keys(&["n"]);
    t.wait("the form", UI_TIMEOUT, |s| s.contains("New webcast event"));
    t.keys(&["-l", "Town hall"]);
    t.keys(&["C-s"]);
    let s = t.wait("the created event", UI_TIMEOUT, |s| {
        s.contains("✔ Created Town hall")
    });
    assert!(s.contains("the form is ready for the next event"), "{s}");
    assert_eq!(field(&s, "Name"), "", "the form was cleared:\n{s}");
    assert!(
        s.contains("Moderator: https://"),
        "the moderator link has its line:\n{s}"
    );

    // Ctrl-S again with the same name: asked, and `n` sends nothing.
    t.keys(&["-l", "Town hall"]);
    t.keys(&["C-s"]);
    let s = t.wait("the same-name question", UI_TIMEOUT, |s| s.contains("y/N"));
    assert!(s.contains("already on the board"), "{s}");
    t.keys(&["n"]);
    t.wait("the question gone", UI_TIMEOUT, |s| !s.contains("y/N"));
    t.keys(&["Escape"]);
    let s = t.wait("the board with one event", UI_TIMEOUT, |s| {
        s.contains("[Watched 1]") && s.contains("OFFLINE")
    });
    assert!(!s.contains("[Watched 2]"), "{s}");

    // Too small: keys typed there do nothing.
    t.keys(&["n"]);
    t.wait("the form again", UI_TIMEOUT, |s| {
        s.contains("New webcast event")
    });
    t.keys(&["C-u"]);
    t.resize(50, 10);
    t.wait("the too-small notice", UI_TIMEOUT, |s| {
        s.contains("too small")
    });
    t.keys(&["-l", "zz"]);
    t.keys(&["C-s", "1", "y"]);
    std::thread::sleep(Duration::from_millis(500));
    t.resize(80, 24);
    let s = t.wait("the form after the resize", UI_TIMEOUT, |s| {
        s.contains("[2 Create]")
    });
    assert_eq!(field(&s, "Name"), "", "nothing was typed unseen:\n{s}");
    assert!(!s.contains("EXITED"), "{s}");
    t.keys(&["Escape"]);
    t.wait("the board", UI_TIMEOUT, |s| s.contains("[1 Events]"));

    // Paused: the footer offers to resume (once the status line has gone).
    t.keys(&["p"]);
    let s = t.wait("the resume hint", UI_TIMEOUT, |s| {
        footer(s).contains("p resume")
    });
    assert!(!footer(&s).contains("p pause"), "{s}");
    t.keys(&["p"]);
    t.wait("the pause hint again", UI_TIMEOUT, |s| {
        footer(s).contains("p pause")
    });

    // Studio: more below, and scrolling stops at the end.
    t.keys(&["4"]);
    t.wait("the Studio hint", UI_TIMEOUT, |s| {
        s.contains("more below ↓ PgDn")
    });
    for _ in 0..20 {
        t.keys(&["NPage"]);
    }
    let s = t.wait("the end of the Studio tab", UI_TIMEOUT, |s| {
        s.contains("back up ↑ PgUp")
    });
    assert!(
        s.contains("Launch URL:") || s.contains("KalturaWebcast:"),
        "{s}"
    );

    // Help stops at its last line.
    t.keys(&["?"]);
    t.wait("help", UI_TIMEOUT, |s| s.contains("[? Help]"));
    for _ in 0..80 {
        t.keys(&["j"]);
    }
    let s = t.wait("the end of help", UI_TIMEOUT, |s| s.contains("back up ↑ k"));
    let rows: Vec<&str> = s.lines().collect();
    let bottom = rows
        .iter()
        .rposition(|l| l.starts_with('└'))
        .expect("the help box");
    assert!(rows[bottom - 1].contains("States:"), "{s}");
    // Esc alone: glued to the next key it would read as Alt-key.
    t.keys(&["Escape"]);
    t.wait("help closed", UI_TIMEOUT, |s| !s.contains("Help: keys"));

    // 60 columns: the name and the whole state word stay.
    t.keys(&["1"]);
    t.resize(60, 20);
    let s = t.wait("the narrow board", UI_TIMEOUT, |s| {
        s.lines()
            .any(|l| l.contains("Town hall") && l.contains("○ OFFLINE"))
    });
    assert!(!s.contains("Polled"), "{s}");

    t.keys(&["q"]);
    let end = t.wait("the exit", UI_TIMEOUT, |s| s.contains("EXITED"));
    assert!(end.contains("EXITED 0"), "{end}");
}

/// The tests, each with the programs it needs: a missing one makes the test ignored with the
/// reason (a failure under `CI=true`), which the default harness cannot show.
fn main() {
    needs_support::run(vec![needs_support::test(
        "a_newcomer_meets_no_rough_edges_at_80x24",
        &[Need::Tmux],
        a_newcomer_meets_no_rough_edges_at_80x24,
    )]);
}
