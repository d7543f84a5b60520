//! The dashboard's rough edges (issue 12), end to end: the real binary in tmux on the
//! in-process sandbox, driven as a newcomer would at 80×24. A create clears the form and the
//! same name again asks y/N; keys typed while the terminal is too small do nothing; the footer
//! says `p resume` while paused; the Studio tab and help scroll with a hint and stop at their
//! end; at 60 columns the table keeps Name and the whole state word.

mod cli_support;
mod needs_support;
mod tmux_support;

use cli_support::{Home, SECRET, SpawnedSandbox, control, json_line};
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
    let t = Tmux::start(
        format!("kwebcast-edges-{name}-{}", std::process::id()),
        dir,
        (80, 24),
        &script,
    );
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
    // The board counts what it ignored: every key was read while small before the resize.
    t.wait("the ignored keys counted", UI_TIMEOUT, |s| {
        s.replace('\n', " ").contains("5 keys ignored")
    });
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
    needs_support::run(vec![
        needs_support::test(
            "a_newcomer_meets_no_rough_edges_at_80x24",
            &[Need::Tmux],
            a_newcomer_meets_no_rough_edges_at_80x24,
        ),
        needs_support::test(
            "an_account_board_at_80x24_shows_whole_words_errors_and_a_stable_since",
            &[Need::Tmux],
            an_account_board_at_80x24_shows_whole_words_errors_and_a_stable_since,
        ),
    ]);
}

// ---- The same board on an account (a spawned sandbox the test can also reach) ----

/// `kwebcast create --name NAME --json` on the spawned sandbox: the new entry's ID.
fn created(home: &Home, sandbox: &SpawnedSandbox, name: &str) -> String {
    let out = home
        .account_cmd(sandbox, SECRET)
        .args(["create", "--name", name, "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    json_line(&out.stdout)["entry_id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A Kaltura API call with the admin KS `kwebcast ks` hands out, over plain loopback HTTP, as
/// any script holding an editor KS could make it.
fn api(home: &Home, sandbox: &SpawnedSandbox, service_action: &str, mut body: serde_json::Value) {
    let out = home
        .account_cmd(sandbox, SECRET)
        .args(["ks", "--type", "admin", "--json"])
        .output()
        .unwrap();
    body["ks"] = json_line(&out.stdout)["ks"].clone();
    body["format"] = 1.into();
    let (status, answer) = cli_support::post_json(
        &sandbox.url,
        &format!("/api_v3/service/{service_action}"),
        &body,
    );
    assert_eq!(status, 200, "{answer}");
    assert!(
        answer.get("objectType") != Some(&"KalturaAPIException".into()),
        "{service_action}: {answer}"
    );
}

/// The dashboard on the spawned sandbox at 80×24, in its own tmux server.
fn start_on_account(name: &str, home: &Home, sandbox: &SpawnedSandbox) -> Tmux {
    let h = home.dir.path().display();
    let script = format!(
        "env -u KALTURA_ADMIN_SECRET_FILE -u KALTURA_APP_TOKEN_ID -u KALTURA_APP_TOKEN \
         -u KWEBCAST_DATA_DIR -u KWEBCAST_CONFIG -u SSH_CONNECTION -u SSH_TTY -u DISPLAY \
         -u WAYLAND_DISPLAY HOME='{h}' XDG_CONFIG_HOME='{h}/.config' \
         XDG_DATA_HOME='{h}/.local/share' XDG_STATE_HOME='{h}/.local/state' \
         KALTURA_SERVICE_URL='{url}' KALTURA_PARTNER_ID='{pid}' KALTURA_ADMIN_SECRET='{SECRET}' \
         KWEBCAST_POLL_INTERVAL=1s KWEBCAST_CLIPBOARD=osc52 NO_COLOR=1 '{bin}'; \
         echo EXITED $?; sleep 600",
        url = sandbox.url,
        pid = sandbox.partner,
        bin = env!("CARGO_BIN_EXE_kwebcast"),
    );
    let t = Tmux::start(
        format!("kwebcast-edges-{name}-{}", std::process::id()),
        home.dir.path(),
        (80, 24),
        &script,
    );
    t.wait("the board", UI_TIMEOUT, |s| s.contains("[1 Events]"));
    t
}

/// The events table's row of `id` (the table shows IDs beside a state word).
fn board_row<'a>(screen: &'a str, id: &str) -> Option<&'a str> {
    screen
        .lines()
        .take_while(|l| !l.starts_with('└'))
        .find(|l| l.contains(&format!(" {id} ")))
}

/// Moves the board's selection to `id` (rows are in the order the events were watched).
fn select(t: &Tmux, id: &str) {
    // Each key's own effect is waited for, not any change (a clock on screen changes too).
    // The entry ID of the selected row only: its "Polled … ago" moves on its own.
    let selected = |s: &str| {
        s.lines()
            .take_while(|l| !l.starts_with('└'))
            .find(|l| l.starts_with("│▶"))
            .and_then(|l| l.split_whitespace().find(|w| w.starts_with("0_")))
            .map(str::to_string)
    };
    t.keys(&["g"]);
    // The table's first event row (under the tab bar, its top border and its header).
    let mut s = t.wait("the first row selected", UI_TIMEOUT, |s| {
        s.lines().nth(3).is_some_and(|l| l.starts_with("│▶"))
    });
    for _ in 0..6 {
        if board_row(&s, id).is_some_and(|r| r.starts_with("│▶")) {
            return;
        }
        let before = selected(&s);
        t.keys(&["Down"]);
        s = t.wait("the selection to move", UI_TIMEOUT, |now| {
            selected(now) != before
        });
    }
    t.wait(&format!("{id} selected"), UI_TIMEOUT, |s| {
        board_row(s, id).is_some_and(|r| r.starts_with("│▶"))
    });
}

/// The first line inside the detail pane (the box below the table).
fn detail_top(screen: &str) -> String {
    let rows: Vec<&str> = screen.lines().collect();
    let table_end = rows.iter().position(|l| l.starts_with('└')).unwrap_or(0);
    rows.get(table_end + 2)
        .copied()
        .unwrap_or_default()
        .to_string()
}

/// `HH:MM:SS` after "since " on the detail pane's state line.
fn since(screen: &str) -> Option<String> {
    let line = screen.lines().find(|l| l.starts_with("│State: "))?;
    let at = line.find(" since ")? + " since ".len();
    Some(line[at..].chars().take(8).collect())
}

/// The seconds in "(Ns ago)" on the detail pane's state line.
fn ago(screen: &str) -> Option<u64> {
    let line = screen.lines().find(|l| l.starts_with("│State: "))?;
    let at = line.find('(')? + 1;
    let digits: String = line[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    line[at + digits.len()..]
        .starts_with("s ago")
        .then(|| digits.parse().ok())
        .flatten()
}

fn an_account_board_at_80x24_shows_whole_words_errors_and_a_stable_since() {
    let home = Home::new();
    // Speed 100: a recording is processed in under a second.
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "100"]);
    let hall = created(&home, &sandbox, "Quarterly all hands");
    let gone = created(&home, &sandbox, "Gone soon");
    let blank = created(&home, &sandbox, "Blank");
    api(
        &home,
        &sandbox,
        "liveStream/action/update",
        serde_json::json!({
            "entryId": blank,
            "liveStreamEntry": {"objectType": "KalturaLiveStreamEntry", "name": ""}
        }),
    );
    let t = start_on_account("account", &home, &sandbox);

    // An event with an empty name is "(no name)" on the board.
    let s = t.wait("three rows", UI_TIMEOUT, |s| {
        [&hall, &gone, &blank]
            .iter()
            .all(|id| board_row(s, id).is_some_and(|r| r.contains("OFFLINE")))
    });
    assert!(
        board_row(&s, &blank).is_some_and(|r| r.contains("(no name)")),
        "{s}"
    );

    // The detail pane starts at the top for every newly selected event.
    select(&t, &hall);
    t.wait("the first details", UI_TIMEOUT, |s| {
        detail_top(s).starts_with("│State: ○ OFFLINE") && s.contains("more below ↓ PgDn")
    });
    t.keys(&["NPage", "NPage"]);
    t.wait("the details scrolled", UI_TIMEOUT, |s| {
        !detail_top(s).starts_with("│State: ")
    });
    t.keys(&["Down"]);
    let s = t.wait("the next event's details from the top", UI_TIMEOUT, |s| {
        s.contains("┌ Gone soon (")
    });
    assert!(detail_top(&s).starts_with("│State: ○ OFFLINE"), "{s}");

    // An event deleted on the account is in ERROR until it has been missing long enough to
    // leave; paused, it stays, and `E` lists it with the reason.
    api(
        &home,
        &sandbox,
        "liveStream/action/delete",
        serde_json::json!({"entryId": gone}),
    );
    t.wait("the deleted event in ERROR", UI_TIMEOUT, |s| {
        board_row(s, &gone).is_some_and(|r| r.contains("✖ ERROR"))
    });
    t.keys(&["p"]);
    t.wait("paused", UI_TIMEOUT, |s| footer(s).contains("p resume"));
    t.keys(&["E"]);
    let s = t.wait("the error view", UI_TIMEOUT, |s| {
        s.contains("Events in ERROR (1):")
    });
    assert!(s.contains(&format!("✖ Gone soon ({gone}): ")), "{s}");
    assert!(!s.contains("no errors so far"), "{s}");
    t.keys(&["Escape"]);
    t.wait("the error view closed", UI_TIMEOUT, |s| {
        !s.contains("Events in ERROR")
    });
    t.keys(&["p"]);
    t.wait("the deleted event gone", UI_TIMEOUT, |s| {
        board_row(s, &gone).is_none() && s.contains("[Watched 2]")
    });

    // The copy message fits an 80-column footer whole.
    select(&t, &hall);
    t.keys(&["3"]);
    t.wait("the Links tab", UI_TIMEOUT, |s| s.contains("[3 Links]"));
    t.keys(&["t"]);
    let s = t.wait("the moderator link", UI_TIMEOUT, |s| {
        s.contains("attendee [moderator]")
    });
    // Its code cannot fit 80×24: the link itself and what it can reach stay on screen.
    assert!(s.contains("The QR code needs"), "{s}");
    assert!(s.contains("This link can, until"), "{s}");
    assert!(
        s.lines()
            .any(|l| l.starts_with("https://www.kaltura.com/apps/webcast/")),
        "{s}"
    );
    t.keys(&["c"]);
    let s = t.wait("the copy message", UI_TIMEOUT, |s| {
        footer(s).contains("copied via OSC 52")
    });
    assert!(
        footer(&s).contains("copied via OSC 52 (unconfirmed: paste to check): the moderator link"),
        "{s}"
    );

    // A form error shows whole; the create result keeps the moderator link on its line.
    t.keys(&["2"]);
    t.wait("the form", UI_TIMEOUT, |s| s.contains("New webcast event"));
    t.keys(&["-l", "Board meeting"]);
    t.keys(&["Tab", "Tab", "Tab", "C-u"]);
    t.keys(&["-l", "abc"]);
    t.keys(&["C-s"]);
    let s = t.wait("the duration error", UI_TIMEOUT, |s| {
        s.contains("Duration (min): ") && s.lines().any(|l| l.contains("abc") && l.contains("✖"))
    });
    assert!(
        s.lines()
            .any(|l| l.contains("abc") && l.contains("✖ 1 to 1440 (whole minutes) │")),
        "the inline error is whole:\n{s}"
    );
    assert!(
        s.contains("│Duration (min): 1 to 1440 (whole minutes)"),
        "{s}"
    );
    t.keys(&["C-u"]);
    t.keys(&["-l", "60"]);
    t.keys(&["C-s"]);
    let s = t.wait("the create result", UI_TIMEOUT, |s| {
        s.contains("✔ Created Board meeting")
    });
    let rows: Vec<&str> = s.lines().collect();
    let moderator = rows
        .iter()
        .position(|l| l.starts_with("│Moderator: https://"))
        .unwrap_or_else(|| panic!("the moderator link's line:\n{s}"));
    // One line, ended by an ellipsis where the box ends (never a word broken onto the next
    // line), and the pointer to the whole link right below.
    assert!(rows[moderator].ends_with("…│"), "{s}");
    assert!(
        rows[moderator + 1].starts_with("│3: both links whole"),
        "{s}"
    );
    t.keys(&["Escape"]);
    t.wait("the board", UI_TIMEOUT, |s| s.contains("[1 Events]"));

    // End (`x`, `y`) is logged as ended, never "dropped"; first refused in words while there
    // is nothing to end.
    control(&sandbox.url, &format!("/sandbox/entries/{hall}/broadcast"));
    select(&t, &hall);
    t.wait("the preview", UI_TIMEOUT, |s| {
        board_row(s, &hall).is_some_and(|r| r.contains("PREVIEW"))
    });
    t.keys(&["x"]);
    t.wait("the refusal", UI_TIMEOUT, |s| {
        footer(s).contains("nothing to end")
    });
    t.keys(&["v"]);
    t.wait("the Go Live question", UI_TIMEOUT, |s| {
        footer(s).contains("y yes")
    });
    t.keys(&["y"]);
    t.wait("live", UI_TIMEOUT, |s| {
        board_row(s, &hall).is_some_and(|r| r.contains("● LIVE"))
    });
    t.keys(&["x"]);
    t.wait("the End question", UI_TIMEOUT, |s| {
        footer(s).contains("y yes")
    });
    t.keys(&["y"]);
    t.wait("ended", UI_TIMEOUT, |s| {
        board_row(s, &hall).is_some_and(|r| r.contains("ENDED"))
    });
    // The encoder stops: the session is over and its recording is processed.
    control(&sandbox.url, &format!("/sandbox/entries/{hall}/end"));
    t.wait("the recording", UI_TIMEOUT, |s| {
        board_row(s, &hall).is_some_and(|r| r.contains("RECORDING READY"))
    });
    t.keys(&["o"]);
    let s = t.wait("the event log", UI_TIMEOUT, |s| {
        s.contains("┌ Event log") && s.contains("RECORDING READY (links")
    });
    assert!(s.contains("ended by you"), "{s}");
    assert!(!s.contains("dropped"), "{s}");
    t.keys(&["o"]);

    // RECORDING READY's "since" stays where it was first seen across polls.
    let s = t.wait("the recording's since", UI_TIMEOUT, |s| {
        s.contains("State: ▶ RECORDING READY since ") && ago(s).is_some()
    });
    let (first, then) = (since(&s).unwrap(), ago(&s).unwrap());
    let s = t.wait("three polls later", UI_TIMEOUT, |s| {
        ago(s).is_some_and(|a| a >= then + 3)
    });
    assert_eq!(since(&s).as_deref(), Some(first.as_str()), "{s}");

    t.keys(&["q"]);
    let end = t.wait("the exit", UI_TIMEOUT, |s| s.contains("EXITED"));
    assert!(end.contains("EXITED 0"), "{end}");
}
