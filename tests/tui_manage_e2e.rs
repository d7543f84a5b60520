//! End to end under tmux, the real binary against a spawned sandbox standing in for an account:
//! `e` edits an event's name through the form and the board shows the new name (and Kaltura
//! has it); `D` asks, naming the event, and deletes it; `F` forgets one without touching
//! Kaltura. Bounded polling of the screen, no fixed sleeps.

mod cli_support;
mod needs_support;
mod tmux_support;

use cli_support::{Home, SECRET, SpawnedSandbox, json_line};
use needs_support::Need;
use std::time::Duration;
use tmux_support::Tmux;

const UI_TIMEOUT: Duration = Duration::from_secs(40);

fn created(home: &Home, sandbox: &SpawnedSandbox, name: &str) -> String {
    let out = home
        .account_cmd(sandbox, SECRET)
        .args(["create", "--name", name, "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    json_line(&out.stdout)["entry_id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// `kwebcast status ID --json`: (exit code, the event's name or the error code).
fn status(home: &Home, sandbox: &SpawnedSandbox, id: &str) -> (i32, String) {
    let out = home
        .account_cmd(sandbox, SECRET)
        .args(["status", id, "--json"])
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    if code == 0 {
        let v = json_line(&out.stdout);
        (code, v["events"][0]["name"].as_str().unwrap().to_string())
    } else {
        let v = json_line(&out.stderr);
        (code, v["error"]["code"].as_str().unwrap_or("").to_string())
    }
}

fn dashboard(t: &Tmux, home: &Home, sandbox: &SpawnedSandbox) {
    let script = format!(
        "env -u SSH_CONNECTION -u SSH_TTY -u DISPLAY -u WAYLAND_DISPLAY HOME='{home}' \
         KALTURA_SERVICE_URL='{url}' KALTURA_PARTNER_ID='{pid}' KALTURA_ADMIN_SECRET='{SECRET}' \
         KWEBCAST_POLL_INTERVAL=1s KWEBCAST_CLIPBOARD=off NO_COLOR=1 '{bin}'; echo EXITED $?; sleep 600",
        home = home.dir.path().display(),
        url = sandbox.url,
        pid = sandbox.partner,
        bin = env!("CARGO_BIN_EXE_kwebcast"),
    );
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
                "140",
                "-y",
                "40"
            ])
            .args(["sh", "-c", &script])
            .status()
            .unwrap()
            .success()
    );
}

/// The events table's row showing `id` (the event log names IDs too, never beside a state).
fn row<'a>(screen: &'a str, id: &str) -> Option<&'a str> {
    screen
        .lines()
        .find(|l| l.contains(&format!(" {id} ")) && l.contains("○ OFFLINE"))
}

fn edit_a_name_through_the_form_then_delete_and_forget_from_the_board() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let edited = created(&home, &sandbox, "Board town hall");
    let deleted = created(&home, &sandbox, "Board rehearsal");
    let forgotten = created(&home, &sandbox, "Board dry run");

    let t = Tmux::new(format!("kwebcast-manage-{}", std::process::id()), "d");
    dashboard(&t, &home, &sandbox);
    t.wait("the three events polled", UI_TIMEOUT, |s| {
        [&edited, &deleted, &forgotten]
            .iter()
            .all(|id| row(s, id).is_some_and(|r| r.contains("OFFLINE")))
    });

    // e on the first event: the form opens filled, titled as an edit.
    t.keys(&["g", "e"]);
    let screen = t.wait_for(&format!("Edit Board town hall ({edited})"), UI_TIMEOUT);
    assert!(screen.contains("[ Save changes ]"), "{screen}");
    t.keys(&["C-u"]);
    t.keys(&["-l", "Board town hall (moved to 3pm)"]);
    t.keys(&["C-s"]);
    let screen = t.wait(&format!("{edited} renamed on the board"), UI_TIMEOUT, |s| {
        s.contains("[1 Events]")
            && row(s, &edited).is_some_and(|r| r.contains("Board town hall (moved to 3pm)"))
    });
    assert!(
        screen.contains("renamed from") && screen.contains("by you"),
        "the event log says so:\n{screen}"
    );
    assert_eq!(
        status(&home, &sandbox, &edited),
        (0, "Board town hall (moved to 3pm)".to_string()),
        "Kaltura has the new name"
    );

    // D on the second: the question names it; y deletes it.
    t.keys(&["j", "D"]);
    let screen = t.wait_for("Delete this event?", UI_TIMEOUT);
    assert!(
        screen.contains(&format!("Board rehearsal ({deleted})")),
        "{screen}"
    );
    assert!(screen.contains("It has no recordings."), "{screen}");
    t.keys(&["y"]);
    t.wait(&format!("{deleted} off the board"), UI_TIMEOUT, |s| {
        row(s, &deleted).is_none() && s.contains("deleted by you")
    });
    assert_eq!(
        status(&home, &sandbox, &deleted),
        (1, "ENTRY_ID_NOT_FOUND".to_string())
    );

    // F on the one now selected (the third): asked, forgotten, still on Kaltura.
    t.wait(&format!("{forgotten} selected"), UI_TIMEOUT, |s| {
        row(s, &forgotten).is_some_and(|r| r.contains('▶'))
    });
    t.keys(&["F"]);
    t.wait_for("Forget this event?", UI_TIMEOUT);
    t.keys(&["y"]);
    t.wait(&format!("{forgotten} off the board"), UI_TIMEOUT, |s| {
        row(s, &forgotten).is_none() && s.contains("forgotten by you")
    });
    assert_eq!(
        status(&home, &sandbox, &forgotten),
        (0, "Board dry run".to_string())
    );

    // A restart watches only what is left.
    t.keys(&["q"]);
    t.wait_for("EXITED 0", UI_TIMEOUT);
    t.ok(&["kill-server"]);
    let t = Tmux::new(format!("kwebcast-manage2-{}", std::process::id()), "d");
    dashboard(&t, &home, &sandbox);
    let screen = t.wait("the board after a restart", UI_TIMEOUT, |s| {
        row(s, &edited).is_some_and(|r| r.contains("OFFLINE"))
    });
    assert!(screen.contains("[Watched 1]"), "{screen}");
    assert!(row(&screen, &deleted).is_none() && row(&screen, &forgotten).is_none());
    t.keys(&["q"]);
    t.wait_for("EXITED 0", UI_TIMEOUT);
}

/// The tests, each with the programs it needs: a missing one makes the test ignored with the
/// reason (a failure under `CI=true`), which the default harness cannot show.
fn main() {
    needs_support::run(vec![needs_support::test(
        "edit_a_name_through_the_form_then_delete_and_forget_from_the_board",
        &[Need::Tmux],
        edit_a_name_through_the_form_then_delete_and_forget_from_the_board,
    )]);
}
