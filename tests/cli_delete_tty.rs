//! `kwebcast delete` on a real terminal (tmux), against a spawned sandbox standing in for an
//! account: it names the event and its recordings and whether they are kept, no is the default
//! (nothing deleted, exit 1), `y` deletes the event and keeps the recordings.

mod cli_support;
mod live_support;
mod needs_support;
mod tmux_support;

use cli_support::{Home, SECRET, SpawnedSandbox, control, host_vars};
use live_support::*;
use needs_support::Need;
use std::time::Duration;
use tmux_support::Tmux;

const UI_TIMEOUT: Duration = Duration::from_secs(40);

/// A tmux session running `kwebcast COMMAND` against the spawned sandbox, then `EXIT <code>`.
fn start(name: &str, home: &Home, sandbox: &SpawnedSandbox, command: &str) -> Tmux {
    let unset: String = host_vars().iter().map(|k| format!(" -u {k}")).collect();
    let script = format!(
        "env{unset} HOME='{home}' KALTURA_SERVICE_URL='{url}' KALTURA_PARTNER_ID='{pid}' \\
         KALTURA_ADMIN_SECRET='{SECRET}' NO_COLOR=1 '{bin}' {command}; echo EXIT $?; sleep 600",
        home = home.dir.path().display(),
        url = sandbox.url,
        pid = sandbox.partner,
        bin = env!("CARGO_BIN_EXE_kwebcast"),
    );
    let t = Tmux::new(
        format!("kwebcast-delete-{name}-{}", std::process::id()),
        "s",
    );
    let ok = t
        .cmd()
        .args(["-f", "/dev/null", "new-session", "-d", "-s", "s"])
        .args(["-x", "160", "-y", "40", "sh", "-c", &script])
        .status()
        .unwrap()
        .success();
    assert!(ok, "tmux new-session");
    t
}

fn delete_names_the_recordings_asks_and_no_is_the_default() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let id = created(&home, &sandbox, "Rehearsal");
    encoder_on(&home, &sandbox, &id);
    control(&sandbox.url, &format!("/sandbox/entries/{id}/end"));
    let event = wait_state(&home, &sandbox, &id, "RECORDING_READY");
    let recording = event["recordings"][0]["id"].as_str().unwrap().to_string();

    let t = start("no", &home, &sandbox, &format!("delete {id}"));
    let screen = t.wait_for(&format!("Delete \"Rehearsal\" ({id})? [y/N]"), UI_TIMEOUT);
    assert!(
        screen.contains("Its 1 recording(s), they are kept (--with-recordings deletes them):"),
        "{screen}"
    );
    assert!(screen.contains(&recording), "{screen}");
    t.keys(&["Enter"]);
    let screen = t.wait_for("EXIT", UI_TIMEOUT);
    assert!(screen.contains("EXIT 1"), "{screen}");
    assert!(screen.contains("nothing was deleted"), "{screen}");
    assert_eq!(status_json(&home, &sandbox, &id)["id"], id.as_str());

    let t = start("yes", &home, &sandbox, &format!("delete {id}"));
    t.wait_for("[y/N]", UI_TIMEOUT);
    t.keys(&["y", "Enter"]);
    let screen = t.wait_for("EXIT", UI_TIMEOUT);
    assert!(screen.contains("EXIT 0"), "{screen}");
    assert!(
        screen.contains(&format!("deleted event {id} \"Rehearsal\"")),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("recordings kept: {recording}")),
        "{screen}"
    );
}

/// The tests, each with the programs it needs: a missing one makes the test ignored with the
/// reason (a failure under `CI=true`), which the default harness cannot show.
fn main() {
    needs_support::run(vec![needs_support::test(
        "delete_names_the_recordings_asks_and_no_is_the_default",
        &[Need::Tmux],
        delete_names_the_recordings_asks_and_no_is_the_default,
    )]);
}
