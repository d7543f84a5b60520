//! End to end under tmux, the real binary: the account's views on the Events tab (`]` to
//! Upcoming, `w` puts a colleague's event on the board and in the journal, Past lists what
//! ended), an event deleted on the account by someone else leaving the board once with a note
//! (the journal remembers; `status` still reports Kaltura's error), and the events of a reset
//! built-in sandbox leaving at the next start. Bounded polling of the screen, no fixed sleeps.

mod cli_support;
mod needs_support;
mod tmux_support;

use cli_support::{Home, SECRET, SpawnedSandbox, json_line};
use needs_support::Need;
use serde_json::Value;
use std::time::Duration;
use tmux_support::Tmux;

const UI_TIMEOUT: Duration = Duration::from_secs(40);

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// RFC 3339 for `--start`.
fn at(t: i64) -> String {
    jiff::Timestamp::from_second(t).unwrap().to_string()
}

/// `kwebcast create` on the account from `home`: the event's ID.
fn created(home: &Home, sandbox: &SpawnedSandbox, name: &str, start: i64) -> String {
    let out = home
        .account_cmd(sandbox, SECRET)
        .args(["create", "--name", name, "--start", &at(start), "--json"])
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

/// The latest journal record of `id` in `home`'s journal.
fn journaled(home: &Home, id: &str) -> Option<Value> {
    let text = std::fs::read_to_string(home.dir.path().join(".local/share/kwebcast/events.jsonl"))
        .unwrap_or_default();
    text.lines()
        .rev()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|v| v["entry_id"] == id)
}

fn start_dashboard(t: &Tmux, home: &Home, account: Option<&SpawnedSandbox>) {
    let account = account.map_or(String::new(), |sb| {
        format!(
            "KALTURA_SERVICE_URL='{}' KALTURA_PARTNER_ID='{}' KALTURA_ADMIN_SECRET='{SECRET}' ",
            sb.url, sb.partner
        )
    });
    let script = format!(
        "env -u SSH_CONNECTION -u SSH_TTY -u DISPLAY -u WAYLAND_DISPLAY HOME='{home}' {account}\
         KWEBCAST_POLL_INTERVAL=1s KWEBCAST_CLIPBOARD=off NO_COLOR=1 '{bin}'; echo EXITED $?; sleep 600",
        home = home.dir.path().display(),
        bin = env!("CARGO_BIN_EXE_kwebcast"),
    );
    assert!(
        t.cmd()
            .args(["-f", "/dev/null", "new-session", "-d", "-s", "d"])
            .args(["-x", "140", "-y", "40", "sh", "-c", &script])
            .status()
            .unwrap()
            .success()
    );
}

/// The table row showing `id` beside a state (the event log names IDs too, never beside one).
fn row<'a>(screen: &'a str, id: &str) -> Option<&'a str> {
    screen
        .lines()
        .find(|l| l.contains(&format!(" {id} ")) && (l.contains("OFFLINE") || l.contains("ENDED")))
}

fn w_watches_a_colleagues_event_from_upcoming_and_a_deleted_event_leaves_with_a_note() {
    let home = Home::new();
    let colleague = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let now = now();
    let mine = created(&home, &sandbox, "Board all-hands", now + 7200);
    let doomed = created(&home, &sandbox, "Doomed rehearsal", now + 10_800);
    let theirs = created(&colleague, &sandbox, "Partner webinar", now + 3600);
    let old = created(&colleague, &sandbox, "Kick-off last week", now - 7 * 86_400);

    let t = Tmux::new(format!("kwebcast-views-{}", std::process::id()), "d");
    start_dashboard(&t, &home, Some(&sandbox));
    t.wait("the board's two events", UI_TIMEOUT, |s| {
        row(s, &mine).is_some() && row(s, &doomed).is_some() && s.contains("[Watched 2]")
    });

    // Upcoming: the account's webcasts not over yet, soonest first: the colleague's first.
    t.keys(&["]"]);
    let screen = t.wait("Upcoming read", UI_TIMEOUT, |s| {
        s.contains("[Upcoming 3]") && row(s, &theirs).is_some_and(|r| r.contains('▶'))
    });
    assert!(row(&screen, &old).is_none(), "over: not upcoming\n{screen}");
    assert!(
        row(&screen, &mine).is_some_and(|r| r.contains('✓')),
        "on the board already:\n{screen}"
    );
    t.keys(&["w"]);
    t.wait_for(&format!("watching Partner webinar ({theirs})"), UI_TIMEOUT);
    // Past lists the colleague's old event.
    t.keys(&["]", "]"]);
    t.wait("Past read", UI_TIMEOUT, |s| {
        s.contains("[Past 1]") && row(s, &old).is_some()
    });
    // Back on the board: three events now.
    t.keys(&["]"]);
    t.wait("the watched event on the board", UI_TIMEOUT, |s| {
        s.contains("[Watched 3]") && row(s, &theirs).is_some()
    });
    let record = journaled(&home, &theirs).expect("journaled by w");
    assert!(record["removed"].is_null(), "{record}");
    assert_eq!(record["name"], "Partner webinar");

    // The colleague deletes the rehearsal: it leaves the board with one note.
    let out = colleague
        .account_cmd(&sandbox, SECRET)
        .args(["delete", &doomed, "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let note = format!("Doomed rehearsal ({doomed}) was deleted on the account");
    let screen = t.wait("the note", UI_TIMEOUT, |s| {
        s.contains(&note) && row(s, &doomed).is_none()
    });
    assert!(screen.contains("[Watched 2]"), "{screen}");
    let record = journaled(&home, &doomed).expect("journaled");
    assert_eq!(record["removed"]["kind"], "vanished", "{record}");
    // `status` still asks Kaltura and says what it answers.
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["status", &doomed, "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        json_line(&out.stderr)["error"]["code"],
        "ENTRY_ID_NOT_FOUND"
    );

    // A restart shows the same board, and no note again.
    t.keys(&["q"]);
    t.wait_for("EXITED 0", UI_TIMEOUT);
    t.ok(&["kill-server"]);
    let t = Tmux::new(format!("kwebcast-views2-{}", std::process::id()), "d");
    start_dashboard(&t, &home, Some(&sandbox));
    let screen = t.wait("the board after a restart", UI_TIMEOUT, |s| {
        row(s, &mine).is_some() && row(s, &theirs).is_some()
    });
    assert!(screen.contains("[Watched 2]"), "{screen}");
    assert!(!screen.contains("was deleted on the account"), "{screen}");
    t.keys(&["q"]);
    t.wait_for("EXITED 0", UI_TIMEOUT);
}

fn events_of_a_reset_built_in_sandbox_leave_the_board_once_with_a_note() {
    let home = Home::new();
    let out = home
        .cmd()
        .args(["create", "--name", "Sandbox rehearsal", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let id = json_line(&out.stdout)["entry_id"]
        .as_str()
        .unwrap()
        .to_string();

    // The built-in sandbox keeps its events across runs: the board shows it.
    let t = Tmux::new(format!("kwebcast-reset1-{}", std::process::id()), "d");
    start_dashboard(&t, &home, None);
    t.wait("the sandbox's event", UI_TIMEOUT, |s| row(s, &id).is_some());
    t.keys(&["q"]);
    t.wait_for("EXITED 0", UI_TIMEOUT);
    t.ok(&["kill-server"]);

    let out = home.cmd().args(["sandbox", "--reset"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let t = Tmux::new(format!("kwebcast-reset2-{}", std::process::id()), "d");
    start_dashboard(&t, &home, None);
    let note = format!("Sandbox rehearsal ({id}) was made on a built-in sandbox");
    let screen = t.wait("the note", UI_TIMEOUT, |s| {
        s.contains("[Watched 0]") && s.contains(&note) && s.contains("since been reset")
    });
    assert!(row(&screen, &id).is_none(), "{screen}");
    let record = journaled(&home, &id).expect("journaled");
    assert_eq!(record["removed"]["kind"], "sandbox_reset", "{record}");
    t.keys(&["q"]);
    t.wait_for("EXITED 0", UI_TIMEOUT);
    t.ok(&["kill-server"]);

    // Said once: the next start is quiet.
    let t = Tmux::new(format!("kwebcast-reset3-{}", std::process::id()), "d");
    start_dashboard(&t, &home, None);
    let screen = t.wait_for("[Watched 0]", UI_TIMEOUT);
    assert!(!screen.contains("since been reset"), "{screen}");
    t.keys(&["q"]);
    t.wait_for("EXITED 0", UI_TIMEOUT);
}

/// The tests, each with the programs it needs: a missing one makes the test ignored with the
/// reason (a failure under `CI=true`), which the default harness cannot show.
fn main() {
    needs_support::run(vec![
        needs_support::test(
            "w_watches_a_colleagues_event_from_upcoming_and_a_deleted_event_leaves_with_a_note",
            &[Need::Tmux],
            w_watches_a_colleagues_event_from_upcoming_and_a_deleted_event_leaves_with_a_note,
        ),
        needs_support::test(
            "events_of_a_reset_built_in_sandbox_leave_the_board_once_with_a_note",
            &[Need::Tmux],
            events_of_a_reset_built_in_sandbox_leave_the_board_once_with_a_note,
        ),
    ]);
}
