//! A test that cannot run here (tmux or Kaltura's official Node client missing) must show as
//! ignored with its reason in cargo's summary, never as passed, and fail under `CI=true`
//! (`tests/needs_support`). This checks the decision itself, and that every test file keeps to
//! the policy: a file that drives tmux or the Node client is a `harness = false` test declaring
//! what it needs, and no such file holds a `#[test]` (which that harness would never run).

mod needs_support;

use libtest_mimic::Completion;
use needs_support::{Need, unrunnable};
use std::path::{Path, PathBuf};

#[test]
fn outside_ci_a_missing_program_is_ignored_with_its_reason() {
    match unrunnable("tmux is not installed (apt install tmux)".into(), false) {
        Ok(Completion::Ignored { reason }) => assert_eq!(
            reason.as_deref(),
            Some("tmux is not installed (apt install tmux)")
        ),
        Ok(Completion::Completed) => panic!("reported as passed"),
        Err(e) => panic!("failed outside CI: {:?}", e.message()),
    }
}

#[test]
fn under_ci_a_missing_program_is_a_failure_that_says_why() {
    let failed = unrunnable("tmux is not installed (apt install tmux)".into(), true)
        .err()
        .expect("a failure under CI");
    let message = failed.message().unwrap_or_default();
    assert!(
        message.contains("tmux is not installed (apt install tmux)") && message.contains("CI=true"),
        "{message}"
    );
}

#[test]
fn the_programs_installed_here_are_found() {
    // This machine and CI have them all; a probe that always says "missing" would turn every
    // test into an ignored one.
    if needs_support::under_ci() {
        for need in [Need::Tmux, Need::NodeClient] {
            assert_eq!(need.missing(), None, "{need:?}");
        }
    }
    let empty = tempfile::tempdir().unwrap();
    let reason = needs_support::node_client_missing(empty.path());
    assert!(
        reason.is_some_and(|r| r.contains("not installed")),
        "an empty client directory has no Node client"
    );
}

/// `tests/NAME.rs` for each `[[test]]` declared `harness = false` in Cargo.toml.
fn custom_harness_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: toml::Table = std::fs::read_to_string(root.join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    manifest["test"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t.get("harness").and_then(|h| h.as_bool()) == Some(false))
        .map(|t| root.join(format!("tests/{}.rs", t["name"].as_str().unwrap())))
        .collect()
}

#[test]
fn every_test_that_needs_tmux_or_node_declares_it_and_nothing_hides_in_a_test_attribute() {
    let custom = custom_harness_files();
    assert!(custom.len() >= 18, "{custom:?}");
    let tests_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(&tests_dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "unrunnable_tests.rs" {
            continue; // this file names the markers it looks for
        }
        let is_custom = custom.contains(&path);
        let attributes = text
            .lines()
            .filter(|l| l.trim_start().starts_with("#[test]") || l.contains("#[tokio::test"))
            .count();
        if is_custom && attributes > 0 {
            problems.push(format!(
                "{name} is `harness = false`: its {attributes} #[test] function(s) never run; list them in its main"
            ));
        }
        let needs = [
            (
                text.contains("mod tmux_support;") || text.contains("Command::new(\"tmux\")"),
                "Need::Tmux",
            ),
            (text.contains("mod app_token_support;"), "Need::NodeClient"),
        ];
        for (uses, need) in needs {
            if uses && !(is_custom && text.contains(need)) {
                problems.push(format!(
                    "{name} needs a program `cargo test` does not provide: make it `harness = false` on tests/needs_support and declare {need}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
