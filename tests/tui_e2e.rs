//! End-to-end: the real `kwebcast` binary in a real terminal (tmux), on the in-process sandbox.
//!
//! Each test runs its own tmux server (`-L` unique socket) with `set-clipboard on`, drives keys
//! with `send-keys`, and reads the screen with bounded polling of `capture-pane` (no fixed
//! sleeps). The dashboard runs under `sh` so the tests can see what it leaves behind on exit.
//!
//! They drive the built `kwebcast` binary; `KWEBCAST_E2E_BIN` may point the same steps at
//! another build. `KWEBCAST_SANDBOX_SPEED=20` is passed for a CLI that forwards it to the
//! in-process sandbox; without it the recording takes the sandbox's 60 s (the waits allow 150).

mod needs_support;

use needs_support::Need;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const UI_TIMEOUT: Duration = Duration::from_secs(20);
/// The simulated recording turns READY after the sandbox's processing delay (60 s at speed 1;
/// the tests ask for speed 20 but stay correct if a build ignores it).
const LIFECYCLE_TIMEOUT: Duration = Duration::from_secs(150);

fn binary() -> PathBuf {
    std::env::var_os("KWEBCAST_E2E_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_kwebcast")))
}

/// The environment the dashboard runs with under `dir` (its own HOME, data and log): the
/// same for a second command "in another shell".
fn session_env(dir: &Path) -> Vec<(&'static str, String)> {
    let home = dir.join("home");
    std::fs::create_dir_all(&home).expect("home");
    vec![
        ("HOME", home.display().to_string()),
        (
            "XDG_CONFIG_HOME",
            home.join(".config").display().to_string(),
        ),
        (
            "XDG_DATA_HOME",
            home.join(".local/share").display().to_string(),
        ),
        (
            "XDG_STATE_HOME",
            home.join(".local/state").display().to_string(),
        ),
        ("KWEBCAST_DATA_DIR", home.join("data").display().to_string()),
        (
            "KWEBCAST_LOG_FILE",
            dir.join("kwebcast.log").display().to_string(),
        ),
        ("KWEBCAST_SANDBOX_SPEED", "20".to_string()),
        ("KWEBCAST_POLL_INTERVAL", "1s".to_string()),
        ("KWEBCAST_CLIPBOARD", "osc52".to_string()),
        ("NO_COLOR", "1".to_string()),
    ]
}

/// One tmux server with one window running the dashboard; killed on drop.
struct Tmux {
    socket: String,
    _dir: tempfile::TempDir,
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("tmux runs")
}

impl Tmux {
    fn start(name: &str, width: u16, height: u16, script: impl Fn(&Path) -> String) -> Tmux {
        let dir = tempfile::tempdir().expect("temp dir");
        let socket = format!("kwebcast-e2e-{name}-{}", std::process::id());
        let conf = dir.path().join("tmux.conf");
        std::fs::write(
            &conf,
            "set -g set-clipboard on\nset -g remain-on-exit on\nset -g status off\n",
        )
        .expect("tmux.conf");
        let env = session_env(dir.path());
        let mut command = String::from(
            "env -u KALTURA_PARTNER_ID -u KALTURA_ADMIN_SECRET -u KALTURA_ADMIN_SECRET_FILE -u KALTURA_SERVICE_URL -u SSH_CONNECTION -u SSH_TTY -u DISPLAY -u WAYLAND_DISPLAY",
        );
        for (k, v) in &env {
            command.push_str(&format!(" {k}='{v}'"));
        }
        command.push_str(&format!(
            " sh -c '{}'",
            script(&binary()).replace('\'', "'\\''")
        ));
        let tmux = Tmux { socket, _dir: dir };
        let out = run(tmux.cmd().args(["-f"]).arg(&conf).args([
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            &command,
        ]));
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        tmux
    }

    /// The dashboard's environment, for another kwebcast command "in another shell".
    fn env(&self) -> Vec<(&'static str, String)> {
        session_env(self._dir.path())
    }

    fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket]);
        c
    }

    fn keys(&self, keys: &[&str]) {
        let out = run(self.cmd().args(["send-keys", "-t", "e2e"]).args(keys));
        assert!(out.status.success(), "send-keys {keys:?}");
    }

    fn text(&self, text: &str) {
        let out = run(self.cmd().args(["send-keys", "-t", "e2e", "-l", text]));
        assert!(out.status.success(), "send-keys -l {text:?}");
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&run(self.cmd().args(["capture-pane", "-p", "-t", "e2e"])).stdout)
            .into_owned()
    }

    fn display(&self, format: &str) -> String {
        let out = run(self
            .cmd()
            .args(["display-message", "-p", "-t", "e2e", format]));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Polls the screen until `pred` holds, or fails with the last screen after `timeout`.
    fn wait(&self, what: &str, timeout: Duration, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < timeout,
                "timed out waiting for {what}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn wait_for(&self, text: &str, timeout: Duration) -> String {
        self.wait(&format!("{text:?}"), timeout, |s| s.contains(text))
    }

    /// A key that must not be glued to the next one (Esc followed by a key reads as Alt-key).
    fn esc(&self) {
        self.keys(&["Escape"]);
        std::thread::sleep(Duration::from_millis(150));
    }

    fn buffer(&self) -> String {
        String::from_utf8_lossy(&run(self.cmd().args(["show-buffer"])).stdout).into_owned()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").output();
    }
}

fn dashboard_then_report(bin: &Path) -> String {
    format!(
        "{}; echo EXITED $?; stty -a | tr \" ;\" \"\\n\\n\" | grep -x -e icanon -e -icanon -e echo -e -echo; sleep 600",
        bin.display()
    )
}

/// The row of the events table that shows `id`.
fn row<'a>(screen: &'a str, id: &str) -> Option<&'a str> {
    screen.lines().find(|l| l.contains(id) && l.contains('│'))
}

/// Decodes the QR code drawn with half blocks (light modules as ink) on a captured screen; None
/// while there is none (or a capture caught the terminal mid-redraw).
fn decode_qr(screen: &str) -> Option<String> {
    let lines: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    let is_qr_row = |l: &Vec<char>| l.iter().filter(|c| **c == '█').count() >= 10;
    let top = lines
        .iter()
        .position(is_qr_row)
        .expect("a QR code on screen");
    let bottom = lines
        .iter()
        .rposition(is_qr_row)
        .expect("a QR code on screen");
    let left = lines[top].iter().position(|c| *c == '█').expect("top row");
    let right = lines[top].iter().rposition(|c| *c == '█').expect("top row");
    let (w, h) = (right - left + 1, bottom - top + 1);
    let (scale, margin) = (4usize, 16usize);
    let (pw, ph) = (w * scale + 2 * margin, h * 2 * scale + 2 * margin);
    let mut img = vec![255u8; pw * ph];
    for y in 0..h * 2 {
        for x in 0..w {
            let ch = lines[top + y / 2].get(left + x).copied().unwrap_or(' ');
            let light = matches!((ch, y % 2), ('█', _) | ('▀', 0) | ('▄', 1));
            if !light {
                for dy in 0..scale {
                    for dx in 0..scale {
                        img[(margin + y * scale + dy) * pw + margin + x * scale + dx] = 0;
                    }
                }
            }
        }
    }
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(pw, ph, |x, y| img[y * pw + x]);
    let grids = prepared.detect_grids();
    match &grids[..] {
        [grid] => grid.decode().ok().map(|(_, text)| text),
        _ => None,
    }
}

/// One GET over loopback without following redirects: (status, Location).
fn get_location(url: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").expect("an http URL");
    let (addr, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = std::net::TcpStream::connect(addr).expect("connect to the sandbox");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let location = answer
        .lines()
        .find_map(|l| {
            l.strip_prefix("location: ")
                .or_else(|| l.strip_prefix("Location: "))
        })
        .unwrap_or("")
        .trim()
        .to_string();
    (status, location)
}

/// Follows a sandbox short link as a phone would: `/tiny/{id}` → 301 to `goto` → 302 to the
/// full link (not fetched: the player's host).
fn follow_short_link(short: &str) -> String {
    let (status, goto) = get_location(short);
    assert_eq!(status, 301, "{short}");
    let origin = &short[..short.find("/tiny/").expect("a /tiny/ link")];
    let (status, full) = get_location(&format!("{origin}{goto}"));
    assert_eq!(status, 302, "{goto}");
    full
}

fn lifecycle_links_qr_and_copy_on_the_sandbox() {
    let t = Tmux::start("life", 160, 50, dashboard_then_report);
    t.wait("the SANDBOX dashboard", UI_TIMEOUT, |s| {
        s.contains("SANDBOX") && s.contains("[1 Events]")
    });

    // Create through the form.
    t.keys(&["n"]);
    t.wait_for("New webcast event", UI_TIMEOUT);
    t.text("E2E town hall");
    t.keys(&["C-s"]);
    let screen = t.wait_for("Created E2E town hall (", UI_TIMEOUT);
    let id: String = screen
        .split("Created E2E town hall (")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .expect("the new entry ID")
        .to_string();
    assert!(id.len() == 10 && id.starts_with("0_"), "entry id {id:?}");
    t.esc();
    t.wait(&format!("{id} OFFLINE on the board"), UI_TIMEOUT, |s| {
        s.contains("[1 Events]") && row(s, &id).is_some_and(|r| r.contains("○ OFFLINE"))
    });

    // The simulated encoder connects: PREVIEW. Go Live (the real update, after y) → LIVE.
    t.keys(&["b"]);
    t.wait(&format!("{id} PREVIEW"), LIFECYCLE_TIMEOUT, |s| {
        row(s, &id).is_some_and(|r| r.contains("◐ PREVIEW"))
    });
    t.keys(&["v"]);
    t.wait_for("Attendees will see: the live stream", UI_TIMEOUT);
    t.keys(&["y"]);
    let screen = t.wait(&format!("{id} LIVE"), LIFECYCLE_TIMEOUT, |s| {
        row(s, &id).is_some_and(|r| r.contains("● LIVE"))
    });
    assert!(
        screen.contains("went live by you"),
        "the event log records the action:\n{screen}"
    );

    // End for attendees (after y): the encoder keeps pushing.
    t.keys(&["x"]);
    t.wait_for("End the event for attendees?", UI_TIMEOUT);
    t.keys(&["y"]);
    t.wait(&format!("{id} ENDED (FEED ON)"), LIFECYCLE_TIMEOUT, |s| {
        row(s, &id).is_some_and(|r| r.contains("▣ ENDED (FEED ON)"))
    });
    // Nothing plays for attendees: the link is the event's own (its player's offline slate);
    // the recording path is in `live_actions_tty.rs`, where the test stops the encoder.

    // Links tab, full-screen QR, decoded back to the attendee URL.
    t.keys(&["3"]);
    // The links are signed (and the attendee's shortened) before `f` has a code to show.
    t.wait("the signed links", UI_TIMEOUT, |s| {
        s.contains("[attendee] moderator:") && s.contains("QR: the ")
    });
    t.keys(&["f"]);
    let screen = t.wait("a QR code that decodes", UI_TIMEOUT, |s| {
        s.contains("Esc closes") && decode_qr(s).is_some()
    });
    let short = decode_qr(&screen).unwrap_or_default();
    assert!(
        short.contains("/tiny/"),
        "the QR holds the short link: {short}"
    );
    let url = follow_short_link(&short);
    assert!(
        url.contains("/embedPlaykitJs/"),
        "attendee player URL: {url}"
    );
    assert!(
        url.contains(&format!("entry_id={id}")),
        "the attendee link plays the event: {url}"
    );
    assert!(url.contains("&ks="), "carries a viewer KS: {url}");

    // Copy: OSC 52 lands in tmux's buffer.
    t.esc();
    t.wait_for("[attendee] moderator:", UI_TIMEOUT);
    t.keys(&["c"]);
    t.wait_for(
        "copied via OSC 52 (unconfirmed: paste to check): the attendee link",
        UI_TIMEOUT,
    );
    let start = Instant::now();
    while t.buffer() != url {
        assert!(
            start.elapsed() < UI_TIMEOUT,
            "tmux buffer {:?} != {url:?}",
            t.buffer()
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // The moderator link is one key away, and also scans.
    t.keys(&["t"]);
    let screen = t.wait("the moderator QR code", UI_TIMEOUT, |s| {
        s.contains("attendee [moderator]:") && decode_qr(s).is_some_and(|u| u != short)
    });
    let moderator = decode_qr(&screen).unwrap_or_default();
    assert!(
        moderator.contains(&format!("MediaEntryId={id}")),
        "{moderator}"
    );
    assert!(moderator.contains("qnaModeratorMode=True"), "{moderator}");

    // Quit: the terminal comes back cooked (canonical mode, echo on) and the exit code is 0.
    t.keys(&["q"]);
    let screen = t.wait_for("EXITED", UI_TIMEOUT);
    assert!(screen.contains("EXITED 0"), "{screen}");
    let after = t.wait("stty output", UI_TIMEOUT, |s| {
        s.lines().any(|l| l.trim() == "echo" || l.trim() == "-echo")
    });
    assert!(
        after.lines().any(|l| l.trim() == "icanon"),
        "canonical mode restored:\n{after}"
    );
    assert!(
        after.lines().any(|l| l.trim() == "echo"),
        "echo restored:\n{after}"
    );
    assert!(
        !after.contains("[1 Events]"),
        "the alternate screen was left:\n{after}"
    );
}

fn compact_layout_resize_too_small_and_sigterm() {
    let t = Tmux::start("small", 80, 24, dashboard_then_report);
    t.wait("the 80x24 dashboard", UI_TIMEOUT, |s| {
        s.contains("SANDBOX") && s.contains("[Watched 0]")
    });
    t.keys(&["?"]);
    t.wait_for("Help: keys", UI_TIMEOUT);
    t.esc();
    t.wait_for("[1 Events]", UI_TIMEOUT);
    let out = run(t
        .cmd()
        .args(["resize-window", "-t", "e2e", "-x", "20", "-y", "8"]));
    assert!(out.status.success());
    t.wait_for("terminal too small", UI_TIMEOUT);
    let out = run(t
        .cmd()
        .args(["resize-window", "-t", "e2e", "-x", "80", "-y", "24"]));
    assert!(out.status.success());
    t.wait_for("[1 Events]", UI_TIMEOUT);

    // SIGTERM: the dashboard exits and restores the terminal.
    let shell = t.display("#{pane_pid}");
    let child = Command::new("pgrep")
        .args(["-P", &shell])
        .output()
        .expect("pgrep");
    let pid = String::from_utf8_lossy(&child.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    assert!(!pid.is_empty(), "the dashboard's pid");
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill")
            .success()
    );
    let after = t.wait("exit after SIGTERM", UI_TIMEOUT, |s| {
        s.lines().any(|l| l.trim() == "echo" || l.trim() == "-echo")
    });
    assert!(after.contains("EXITED 0"), "{after}");
    assert!(
        after.lines().any(|l| l.trim() == "icanon"),
        "canonical mode restored:\n{after}"
    );
    assert!(
        !after.contains("[1 Events]"),
        "the alternate screen was left:\n{after}"
    );
}

fn ctrl_z_suspends_to_the_shell_and_fg_resumes() {
    let t = Tmux::start("suspend", 100, 30, |_| {
        "PS1=\"shell> \" exec bash --norc --noprofile -i".into()
    });
    t.wait_for("shell>", UI_TIMEOUT);
    t.text(&binary().display().to_string());
    t.keys(&["Enter"]);
    t.wait("the dashboard", UI_TIMEOUT, |s| {
        s.contains("SANDBOX") && s.contains("[1 Events]")
    });
    t.keys(&["C-z"]);
    let screen = t.wait_for("Stopped", UI_TIMEOUT);
    assert!(
        !screen.contains("[1 Events]"),
        "the shell's screen is back:\n{screen}"
    );
    t.text("fg");
    t.keys(&["Enter"]);
    t.wait("the dashboard again", UI_TIMEOUT, |s| {
        s.contains("[1 Events]") && !s.contains("Stopped")
    });
    t.keys(&["2"]);
    t.wait_for("New webcast event", UI_TIMEOUT);
    t.keys(&["C-c"]);
    t.wait("the prompt after Ctrl-C", UI_TIMEOUT, |s| {
        !s.contains("New webcast event") && s.contains("shell> ")
    });
}

fn network_errors_go_to_the_error_bar_and_the_board_keeps_running() {
    // An account whose service refuses connections (port 9, discard, is closed on loopback).
    let t = Tmux::start("neterr", 100, 30, |bin| {
        format!(
            "KALTURA_PARTNER_ID=1234 KALTURA_ADMIN_SECRET=0123456789abcdef0123456789abcdef \
             KALTURA_SERVICE_URL=http://127.0.0.1:9 {}",
            dashboard_then_report(bin).replacen(
                &bin.display().to_string(),
                &format!("{} --watch 0_abcdefgh", bin.display()),
                1
            )
        )
    });
    let screen = t.wait_for("✖ poll failed", UI_TIMEOUT);
    assert!(!screen.contains("SANDBOX"), "account mode:\n{screen}");
    assert!(
        screen.contains("partner 1234"),
        "the header names the account:\n{screen}"
    );
    assert!(
        row(&screen, "0_abcdefgh").is_some(),
        "the watched event stays on the board:\n{screen}"
    );
    // Esc dismisses the bar; the history keeps the error.
    t.esc();
    t.wait("the bar dismissed", UI_TIMEOUT, |s| {
        !s.contains("[Esc dismiss")
    });
    t.keys(&["E"]);
    t.wait_for("Error history", UI_TIMEOUT);
    // The next cycles fail the same way: counted in the history, the bar stays dismissed.
    t.wait("a repeated poll failure in the history", UI_TIMEOUT, |s| {
        s.contains("poll failed") && s.contains("(×")
    });
    t.esc();
    let screen = t.wait_for("[1 Events]", UI_TIMEOUT);
    assert!(
        !screen.contains("[Esc dismiss"),
        "a repeated error does not bring the bar back:\n{screen}"
    );
    // Still responsive: the help screen opens, and q quits cleanly.
    t.keys(&["?"]);
    t.wait_for("Help: keys", UI_TIMEOUT);
    t.keys(&["q"]);
    let screen = t.wait_for("EXITED", UI_TIMEOUT);
    assert!(screen.contains("EXITED 0"), "{screen}");
}

/// A QR code that fits a normal terminal: an event made by `kwebcast create` in an earlier
/// process (the in-process sandbox keeps its state in the data directory) is on the board, and
/// its Links tab shows the attendee QR whole at 80×24 and at 100×30; it scans to the short link,
/// whose redirect yields the full attendee link.
fn the_links_tab_shows_a_scannable_qr_at_80x24_and_100x30() {
    let t = Tmux::start("fit", 80, 24, |bin| {
        format!(
            "{bin} create --name \"Fits\" > /dev/null 2>&1; {bin}; echo EXITED $?; sleep 600",
            bin = bin.display()
        )
    });
    let screen = t.wait("the board with the event made before it", UI_TIMEOUT, |s| {
        s.contains("[1 Events]") && s.contains("Fits") && s.contains("OFFLINE")
    });
    let id = screen
        .lines()
        .find_map(|l| {
            l.split_whitespace()
                .find(|w| w.starts_with("0_") && w.len() == 10)
        })
        .expect("the entry ID on the board")
        .to_string();
    t.keys(&["3"]);
    for (w, h) in [(80u16, 24u16), (100, 30)] {
        let out = run(t.cmd().args([
            "resize-window",
            "-t",
            "e2e",
            "-x",
            &w.to_string(),
            "-y",
            &h.to_string(),
        ]));
        assert!(out.status.success());
        let screen = t.wait(&format!("a scannable QR at {w}×{h}"), UI_TIMEOUT, |s| {
            s.lines().count() <= h as usize
                && s.contains("QR: the short link")
                && decode_qr(s).is_some()
        });
        assert_eq!(
            t.display("#{window_width}x#{window_height}"),
            format!("{w}x{h}")
        );
        assert!(!screen.contains("The QR code needs"), "{screen}");
        let short = decode_qr(&screen).unwrap_or_default();
        assert!(short.contains("/tiny/"), "{short}");
        let full = follow_short_link(&short);
        assert!(
            full.contains(&format!("entry_id={id}&ks=")),
            "the short link leads to the attendee link of {id}: {full}"
        );
        assert!(screen.contains("attendee KS expires"), "{screen}");
    }
    // The moderator link is not shortened: its code does not fit 100×30, and the tab says so.
    t.keys(&["t"]);
    let screen = t.wait_for("opens the live entry", UI_TIMEOUT);
    assert!(screen.contains("moderator KS expires"), "{screen}");
    assert!(screen.contains("press f"), "{screen}");
    t.keys(&["f"]);
    let screen = t.wait("the full-screen view", UI_TIMEOUT, |s| {
        s.contains("Esc closes") && s.contains("The QR code needs")
    });
    assert!(!screen.contains("press f"), "{screen}");
    t.esc();
    t.keys(&["q"]);
    t.wait_for("EXITED 0", UI_TIMEOUT);
}

/// An event made by `kwebcast create` in another shell while the board runs: the board's own
/// in-process sandbox reloads the shared state, so searching its ID finds it, and its links work.
fn a_create_in_another_shell_is_found_by_a_running_board() {
    let t = Tmux::start("shell", 80, 24, dashboard_then_report);
    t.wait("the empty SANDBOX board", UI_TIMEOUT, |s| {
        s.contains("SANDBOX") && s.contains("[1 Events]")
    });
    let mut other = Command::new(binary());
    for key in [
        "KALTURA_PARTNER_ID",
        "KALTURA_ADMIN_SECRET",
        "KALTURA_SERVICE_URL",
    ] {
        other.env_remove(key);
    }
    let out = run(other
        .envs(t.env())
        .args(["create", "--name", "From another shell", "--json"]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let created: serde_json::Value =
        serde_json::from_slice(out.stdout.trim_ascii_end()).expect("JSON");
    let id = created["entry_id"]
        .as_str()
        .expect("an entry ID")
        .to_string();

    t.keys(&["/"]);
    t.wait_for("Search", UI_TIMEOUT);
    t.text(&id);
    t.keys(&["Enter"]);
    t.wait_for("From another shell", UI_TIMEOUT);
    t.keys(&["Enter"]);
    t.wait(&format!("{id} watched"), UI_TIMEOUT, |s| {
        row(s, &id).is_some_and(|r| r.contains("OFFLINE"))
    });
    t.keys(&["3"]);
    let screen = t.wait("its attendee QR", UI_TIMEOUT, |s| {
        s.contains("QR: the short link") && decode_qr(s).is_some()
    });
    let full = follow_short_link(&decode_qr(&screen).unwrap_or_default());
    assert!(full.contains(&format!("entry_id={id}&ks=")), "{full}");
    t.keys(&["q"]);
    t.wait_for("EXITED 0", UI_TIMEOUT);
}

/// The tests, each with the programs it needs: a missing one makes the test ignored with the
/// reason (a failure under `CI=true`), which the default harness cannot show.
fn main() {
    needs_support::run(vec![
        needs_support::test(
            "lifecycle_links_qr_and_copy_on_the_sandbox",
            &[Need::Tmux],
            lifecycle_links_qr_and_copy_on_the_sandbox,
        ),
        needs_support::test(
            "compact_layout_resize_too_small_and_sigterm",
            &[Need::Tmux],
            compact_layout_resize_too_small_and_sigterm,
        ),
        needs_support::test(
            "ctrl_z_suspends_to_the_shell_and_fg_resumes",
            &[Need::Tmux],
            ctrl_z_suspends_to_the_shell_and_fg_resumes,
        ),
        needs_support::test(
            "network_errors_go_to_the_error_bar_and_the_board_keeps_running",
            &[Need::Tmux],
            network_errors_go_to_the_error_bar_and_the_board_keeps_running,
        ),
        needs_support::test(
            "the_links_tab_shows_a_scannable_qr_at_80x24_and_100x30",
            &[Need::Tmux],
            the_links_tab_shows_a_scannable_qr_at_80x24_and_100x30,
        ),
        needs_support::test(
            "a_create_in_another_shell_is_found_by_a_running_board",
            &[Need::Tmux],
            a_create_in_another_shell_is_found_by_a_running_board,
        ),
    ]);
}
