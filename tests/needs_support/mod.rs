//! Tests that need a program from outside Rust (tmux, Kaltura's official Node client, `man`):
//! when it is missing here, such a test cannot prove anything, so cargo's summary must show it
//! **ignored, with the reason** — never passed, and never failed with a confusing panic. Under
//! CI (`CI=true`, which `.ci/run` exports after installing everything) a missing program is a
//! failure instead.
//!
//! The default test harness cannot ignore a test at run time, so a test file that uses this is
//! a `harness = false` test on `libtest-mimic` (declared in Cargo.toml): its test functions carry
//! no `#[test]` and its `main` lists them with [`test`] and the programs each needs.
//! `tests/unrunnable_tests.rs` checks that every such file keeps to this.

#![allow(dead_code)]

use libtest_mimic::{Arguments, Completion, Failed, Trial};
use std::path::PathBuf;

/// A program a test needs that `cargo test` alone does not provide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// tmux: the dashboard's end-to-end tests drive it in a real terminal.
    Tmux,
    /// `node` and Kaltura's official Node client (`tests/official_client/node_modules`).
    NodeClient,
    /// `man`: renders the generated man page.
    Man,
}

impl Need {
    /// Why this program cannot run here, or `None` when it can.
    pub fn missing(self) -> Option<String> {
        match self {
            Need::Tmux => (!runs("tmux", &["-V"]))
                .then(|| "tmux is not installed (apt install tmux)".to_string()),
            Need::NodeClient => node_client_missing(&official_client_dir()),
            Need::Man => (!runs("man", &["--version"]))
                .then(|| "man is not installed (apt install man-db)".to_string()),
        }
    }
}

/// Where Kaltura's official client scripts and the Node client live.
pub fn official_client_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/official_client")
}

/// Why Kaltura's official Node client in `dir` cannot run here, or `None` when it can.
pub fn node_client_missing(dir: &std::path::Path) -> Option<String> {
    if !runs("node", &["--version"]) {
        return Some("node is not installed or cannot run (apt install nodejs)".into());
    }
    (!dir.join("node_modules/kaltura-client/package.json").exists()).then(|| {
        "the official Kaltura Node client is not installed: run `npm ci --prefix tests/official_client`"
            .to_string()
    })
}

/// True when `program ARGS` runs and succeeds.
fn runs(program: &str, args: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// True under CI (`CI=true`), where every program a test needs is installed.
pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// What a test that cannot run (`why`) reports: ignored with the reason, or a failure under CI.
pub fn unrunnable(why: String, ci: bool) -> Result<Completion, Failed> {
    if ci {
        Err(Failed::from(format!(
            "{why} (CI=true: every test must run here)"
        )))
    } else {
        Ok(Completion::ignored_with(why))
    }
}

/// A test named `name` running `body` (which fails by panicking, as a `#[test]` does) when
/// every program in `needs` is here; otherwise ignored with the reason (failed under CI).
pub fn test(name: &str, needs: &'static [Need], body: fn()) -> Trial {
    Trial::ignorable_test(name, move || {
        if let Some(why) = needs.iter().find_map(|n| n.missing()) {
            return unrunnable(why, under_ci());
        }
        body();
        Ok(Completion::Completed)
    })
}

/// Runs `trials` as cargo's test harness would (filters, `--exact`, `--list`, ...) and exits.
pub fn run(trials: Vec<Trial>) -> ! {
    libtest_mimic::run(&Arguments::from_args(), trials).exit()
}

/// Runs this very test binary on the one test `name` with PATH pointing to an empty directory
/// (so tmux, node and man are missing), with or without `CI=true`; its exit success and stdout.
pub fn run_self_without_programs(name: &str, ci: bool) -> (bool, String) {
    let empty = tempfile::tempdir().expect("temp dir");
    let me = std::env::current_exe().expect("current test binary");
    let mut cmd = std::process::Command::new(me);
    cmd.args(["--exact", name]).env("PATH", empty.path());
    if ci {
        cmd.env("CI", "true");
    } else {
        cmd.env_remove("CI");
    }
    let out = cmd.output().expect("the test binary runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// The proof, through the real harness, that this binary's test `probe` (which needs a program
/// on the PATH) is reported ignored with `reason` when its programs are missing, and fails under
/// `CI=true`: the binary runs itself on `probe` with an empty PATH, once each way.
pub fn self_check(probe: &'static str, reason: &'static str) -> Trial {
    Trial::test(
        "a_missing_program_is_ignored_with_its_reason_and_fails_under_ci",
        move || {
            let (ok, stdout) = run_self_without_programs(probe, false);
            let ignored = format!("{probe} ... ignored ({reason}");
            if !(ok
                && stdout.contains(&ignored)
                && stdout.contains("0 passed; 0 failed; 1 ignored"))
            {
                return Err(format!("outside CI, not shown as `{ignored}`:\n{stdout}").into());
            }
            let (ok, stdout) = run_self_without_programs(probe, true);
            if ok || !stdout.contains("0 passed; 1 failed; 0 ignored") {
                return Err(format!("under CI=true, not a failure:\n{stdout}").into());
            }
            Ok(())
        },
    )
}
