//! The default command: the dashboard. Without a terminal it refuses (exit 2); in a terminal
//! (tmux) it opens on the sandbox, labelled SANDBOX, and quits cleanly with `q`; a bad config is
//! reported before the terminal is taken over.

mod cli_support;
mod needs_support;

use cli_support::Home;
use needs_support::Need;
use predicates::prelude::*;
use std::process::Command;

fn without_a_terminal_the_dashboard_refuses() {
    let home = Home::new();
    home.cmd()
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the dashboard needs a terminal"));
}

/// A tmux server of our own (its socket named for this test), killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(socket: &str, command: &str) -> Tmux {
        let status = Command::new("tmux")
            .args([
                "-L",
                socket,
                "new-session",
                "-d",
                "-x",
                "100",
                "-y",
                "30",
                command,
            ])
            .status()
            .expect("tmux is installed (.ci/run installs it)");
        assert!(status.success());
        Tmux {
            socket: socket.to_string(),
        }
    }

    fn capture(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p"])
            .output()
            .expect("capture");
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    fn keys(&self, keys: &str) {
        Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", keys])
            .status()
            .expect("send-keys");
    }

    /// Polls the pane until `text` shows (bounded: the test fails rather than hangs).
    fn wait_for(&self, text: &str) -> String {
        for _ in 0..300 {
            let screen = self.capture();
            if screen.contains(text) {
                return screen;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("{text:?} never appeared; screen:\n{}", self.capture());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

fn shell_command(home: &Home, args: &str) -> String {
    let bin = assert_cmd::cargo::cargo_bin("kwebcast");
    let unset: String = cli_support::host_vars()
        .iter()
        .map(|k| format!("-u {k} "))
        .collect();
    format!(
        "env {unset}HOME={} {} {args}; echo KWEBCAST-EXIT=$?; sleep 60",
        home.dir.path().display(),
        bin.display()
    )
}

fn the_dashboard_opens_on_the_sandbox_and_quits() {
    let home = Home::new();
    let tmux = Tmux::start(
        &format!("kwebcast-cli-{}", std::process::id()),
        &shell_command(&home, ""),
    );
    let screen = tmux.wait_for("SANDBOX");
    assert!(screen.contains("Events"), "{screen}");
    tmux.keys("q");
    let screen = tmux.wait_for("KWEBCAST-EXIT=");
    assert!(screen.contains("KWEBCAST-EXIT=0"), "{screen}");
}

fn a_bad_config_is_reported_before_the_terminal_is_taken() {
    let home = Home::new();
    let file = home.write("bad.toml", "poll_interval = \"often\"\n", 0o600);
    let tmux = Tmux::start(
        &format!("kwebcast-cli-bad-{}", std::process::id()),
        &shell_command(&home, &format!("--config {}", file.display())),
    );
    let screen = tmux.wait_for("KWEBCAST-EXIT=");
    assert!(screen.contains("KWEBCAST-EXIT=2"), "{screen}");
    assert!(screen.contains("`poll_interval` must be"), "{screen}");
    assert!(!screen.contains("SANDBOX"), "{screen}");
}

/// The tests, each with the programs it needs: a missing one makes the test ignored with the
/// reason (a failure under `CI=true`), which the default harness cannot show.
fn main() {
    needs_support::run(vec![
        needs_support::test(
            "without_a_terminal_the_dashboard_refuses",
            &[],
            without_a_terminal_the_dashboard_refuses,
        ),
        needs_support::test(
            "the_dashboard_opens_on_the_sandbox_and_quits",
            &[Need::Tmux],
            the_dashboard_opens_on_the_sandbox_and_quits,
        ),
        needs_support::test(
            "a_bad_config_is_reported_before_the_terminal_is_taken",
            &[Need::Tmux],
            a_bad_config_is_reported_before_the_terminal_is_taken,
        ),
        needs_support::self_check(
            "the_dashboard_opens_on_the_sandbox_and_quits",
            "tmux is not installed (apt install tmux)",
        ),
    ]);
}
