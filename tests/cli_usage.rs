//! Exit codes and messages of the command line itself: help, usage errors, bad configurations.

mod cli_support;

use cli_support::{Home, json_line};
use predicates::prelude::*;

#[test]
fn help_exits_zero_for_every_command() {
    let home = Home::new();
    home.cmd()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "Exit codes: 0 success, 1 API or runtime failure, 2 usage",
        ));
    for cmd in [
        vec!["sandbox"],
        vec!["ks"],
        vec!["config", "check"],
        vec!["config"],
    ] {
        let mut args = cmd.clone();
        args.push("--help");
        home.cmd()
            .args(&args)
            .assert()
            .code(0)
            .stdout(predicate::str::contains("Usage:"));
    }
    home.cmd()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("kwebcast"));
}

#[test]
fn usage_errors_exit_two() {
    let home = Home::new();
    home.cmd().arg("--no-such-flag").assert().code(2);
    home.cmd()
        .args(["ks"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--type"));
    home.cmd().args(["ks", "--type", "root"]).assert().code(2);
    home.cmd()
        .args(["ks", "--type", "admin", "--expiry", "0"])
        .assert()
        .code(2);
    home.cmd().args(["nonsense"]).assert().code(2);
    home.cmd()
        .args(["sandbox", "--bind", "not-an-address"])
        .assert()
        .code(2);
    home.cmd().args(["config"]).assert().code(2);
}

#[test]
fn usage_errors_in_json_mode_are_json_on_stderr() {
    let home = Home::new();
    let out = home
        .cmd()
        .args(["ks", "--type", "root", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = json_line(&out.stderr);
    cli_support::assert_keys(&err, &["schema", "sandbox", "error"]);
    cli_support::assert_keys(&err["error"], &["kind", "message", "code", "exit_code"]);
    assert_eq!(err["schema"], 1);
    assert_eq!(err["error"]["kind"], "usage");
    assert_eq!(err["error"]["exit_code"], 2);
    assert!(err["error"]["message"].as_str().unwrap().contains("root"));
}

#[test]
fn a_bad_config_file_exits_two_naming_file_key_and_fix() {
    let home = Home::new();
    let file = home.write(
        "bad.toml",
        "partner_id = 5\nadmin_secret = \"x\"\ntheme = 3\n",
        0o600,
    );
    let out = home
        .cmd()
        .args(["config", "check", "--config"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("error: config file "), "{stderr}");
    assert!(stderr.contains("bad.toml"), "{stderr}");
    assert!(
        stderr.contains("`theme` must be one of \"dark\", \"light\" or \"mono\""),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    assert!(
        home.log().contains("`theme` must be one of"),
        "config errors are logged too"
    );

    let unknown = home.write("unknown.toml", "colour = \"red\"\n", 0o600);
    home.cmd()
        .args(["ks", "--type", "admin", "--config"])
        .arg(&unknown)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown key `colour`"));
}

#[test]
fn config_errors_in_json_mode_are_json() {
    let home = Home::new();
    let out = home
        .cmd()
        .args(["config", "check", "--json", "--profile", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = json_line(&out.stderr);
    assert_eq!(err["error"]["kind"], "config");
    assert_eq!(err["error"]["code"], serde_json::Value::Null);
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("profile `nope`")
    );
}

#[test]
fn environment_errors_name_the_variable() {
    let home = Home::new();
    home.cmd()
        .args(["ks", "--type", "admin"])
        .env("KALTURA_PARTNER_ID", "12ab")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "environment variable KALTURA_PARTNER_ID",
        ));
    home.cmd()
        .args(["ks", "--type", "admin"])
        .env("KALTURA_PARTNER_ID", "12")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "sets partner_id but no admin secret",
        ));
}

#[test]
fn a_world_readable_config_with_a_secret_warns_in_one_line() {
    let home = Home::new();
    let file = home.write(
        "open.toml",
        "partner_id = 77\nadmin_secret = \"open-secret-value\"\n",
        0o644,
    );
    let out = home
        .cmd()
        .args(["ks", "--type", "admin", "--config"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let warnings: Vec<_> = stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(warnings[0].contains("chmod 600"));
    cli_support::assert_no_secret(&out, "open-secret-value");
}
