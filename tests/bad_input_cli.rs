//! Bad input to the `kwebcast` binary: every flag with a value of the wrong type, empty, huge
//! and not UTF-8; every config-file knob with a wrong type, empty, 1 MB and non-UTF-8 bytes;
//! environment variables likewise; entry IDs that do not exist or are malformed; event text with
//! control characters. Each time: a clear error (exit 2 for usage and configuration, 1 with
//! Kaltura's code for the API), short, never a panic, and never the secret.
//!
//! Linux refuses a single argument or variable above 128 KiB (`MAX_ARG_STRLEN`), so "huge" is
//! 100 KB on the command line and in the environment, and 1 MB in the config file.

mod cli_support;

use cli_support::{Home, SECRET, SpawnedSandbox, json_line};
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

const HUGE_ARG: usize = 100_000;
const HUGE_FILE: usize = 1_000_000;

fn non_utf8() -> OsString {
    OsString::from_vec(b"bad\xff\xfename".to_vec())
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(mut cmd: assert_cmd::Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Exit `code`, an `error:` first line, no panic, no secret, no echo of a huge value.
fn assert_clear(what: &str, r: &Run, code: i32) {
    assert!(
        r.stderr.len() < 4_000,
        "{what}: the message echoes the input ({} bytes): {}",
        r.stderr.len(),
        short(&r.stderr)
    );
    assert_eq!(
        r.code,
        code,
        "{what}: exit code; stderr: {}",
        short(&r.stderr)
    );
    assert!(
        !r.stderr.contains("panicked"),
        "{what}: {}",
        short(&r.stderr)
    );
    assert!(
        !r.stderr.contains("RUST_BACKTRACE"),
        "{what}: {}",
        short(&r.stderr)
    );
    assert!(
        r.stderr.trim_start().starts_with("error:") || r.stderr.trim_start().starts_with('{'),
        "{what}: an error line: {}",
        short(&r.stderr)
    );
    assert!(
        !r.stderr.contains(SECRET) && !r.stdout.contains(SECRET),
        "{what}"
    );
}

fn short(s: &str) -> String {
    s.chars().take(400).collect()
}

#[test]
fn flags_with_wrong_types_empty_huge_and_non_utf8_values_exit_2() {
    let home = Home::new();
    let huge = "9".repeat(HUGE_ARG);
    let cases: Vec<Vec<OsString>> = [
        vec!["status", "0_abcd1234", "--partner-id", "abc"],
        vec!["status", "0_abcd1234", "--partner-id", ""],
        vec!["status", "0_abcd1234", "--partner-id", &huge],
        vec!["status", "0_abcd1234", "--partner-id", "-5"],
        vec!["links", "0_abcd1234", "--uiconf-id", "1.5"],
        vec!["status", "0_abcd1234", "--watch", "--interval", "soon"],
        vec!["status", "0_abcd1234", "--interval", "5"],
        vec!["status"],
        vec!["ks", "--type", "root"],
        vec!["ks", "--type", "user", "--expiry", "0"],
        vec!["ks", "--type", "user", "--expiry", "-1"],
        vec!["ks", "--type", "user", "--expiry", &huge],
        vec!["ks", "--type", "user", "--format", "v9"],
        vec!["sandbox", "--bind", "localhost"],
        vec!["sandbox", "--bind", ""],
        vec!["sandbox", "--speed", "fast"],
        vec!["sandbox", "--speed", "-1"],
        vec!["sandbox", "--speed", "NaN"],
        vec!["sandbox", "--fail-rate", "2"],
        vec!["sandbox", "--latency-ms", "-3"],
        vec!["sandbox", "--auto-live-after", "x"],
        vec!["sandbox", "--admin-secret", ""],
        vec!["create", "--name", ""],
        vec!["create", "--name", "   "],
        vec!["create", "--name", "x", "--start", ""],
        vec![
            "create", "--name", "x", "--start", "tomorrow", "--end", "later",
        ],
        vec![
            "create",
            "--name",
            "x",
            "--start",
            "2030-01-01 10:00",
            "--end",
            "2029-01-01 10:00",
            "--timezone",
            "UTC",
        ],
        vec!["create", "--name", "x", "--timezone", "Mars/Olympus"],
        vec!["create", "--name", "x", "--ref", "r\u{1b}]0;PWNED\u{7}"],
        vec!["create", "--name", "x", "--ref", "ab\u{202e}c"],
        vec!["--watch", "0_ab\u{1b}[2J"],
        vec!["create", "--name", "x", "--timezone", ""],
        vec!["create", "--name", "x", "--timezone", &huge],
        vec!["create", "--name", "x", "--service-url", ""],
        vec![
            "create",
            "--name",
            "x",
            "--service-url",
            "ftp://example.com",
        ],
        vec!["create", "--name", "x", "--service-url", &huge],
        vec!["--profile", "nosuch", "ks", "--type", "user"],
        vec!["--profile", "", "ks", "--type", "user"],
        vec![
            "--config",
            "/nonexistent/kwebcast.toml",
            "ks",
            "--type",
            "user",
        ],
        vec!["--config", "", "ks", "--type", "user"],
        vec!["--bogus-flag"],
        vec!["nosuchcommand"],
    ]
    .into_iter()
    .map(|args| args.into_iter().map(OsString::from).collect())
    .collect();
    for args in &cases {
        let mut cmd = home.cmd();
        cmd.args(args);
        let what = short(&format!("{args:?}"));
        assert_clear(&what, &run(cmd), 2);
        // The same in --json mode: one JSON error on stderr.
        if args.first().is_some_and(|a| a != "sandbox") && !args.iter().any(|a| a == "--json") {
            let mut cmd = home.cmd();
            cmd.args(args).arg("--json");
            let r = run(cmd);
            assert_clear(&format!("{what} --json"), &r, 2);
            let v: serde_json::Value = serde_json::from_str(r.stderr.trim())
                .unwrap_or_else(|e| panic!("{what} --json: not JSON ({e}): {}", short(&r.stderr)));
            assert_eq!(v["error"]["exit_code"], 2, "{v}");
        }
    }

    // Non-UTF-8 bytes in every kind of position.
    let bad = non_utf8();
    let non_utf8_cases: Vec<Vec<OsString>> = vec![
        vec!["create".into(), "--name".into(), bad.clone()],
        vec![
            "create".into(),
            "--name".into(),
            "x".into(),
            "--timezone".into(),
            bad.clone(),
        ],
        vec!["status".into(), bad.clone()],
        vec!["links".into(), bad.clone()],
        vec![
            "status".into(),
            "0_abcd1234".into(),
            "--service-url".into(),
            bad.clone(),
        ],
        vec![
            "ks".into(),
            "--type".into(),
            "user".into(),
            "--privileges".into(),
            bad.clone(),
        ],
        vec![
            "--profile".into(),
            bad.clone(),
            "ks".into(),
            "--type".into(),
            "user".into(),
        ],
        vec![bad.clone()],
    ];
    for args in &non_utf8_cases {
        let mut cmd = home.cmd();
        cmd.args(args);
        let r = run(cmd);
        assert_clear(&format!("{args:?}"), &r, 2);
        assert!(
            r.stderr.contains("UTF-8")
                || r.stderr.contains("invalid")
                || r.stderr.contains("unrecognized"),
            "{args:?}: says what is wrong: {}",
            short(&r.stderr)
        );
    }
    // A non-UTF-8 config path is a path like any other: it does not exist.
    let mut cmd = home.cmd();
    cmd.arg("--config").arg(&bad).args(["ks", "--type", "user"]);
    assert_clear("--config <non-UTF-8>", &run(cmd), 2);
}

/// A value of the wrong type for each kind of knob (TOML text).
fn wrong_type_for(kind: &str) -> &'static str {
    match kind {
        "Int" => "\"twelve\"",
        "Bool" => "\"maybe\"",
        "Duration" => "\"5 fortnights\"",
        k if k.starts_with("Choice") => "\"purple\"",
        _ => "[1, 2]",
    }
}

#[test]
fn every_config_knob_wrong_empty_huge_or_non_utf8_is_a_clear_error() {
    let home = Home::new();
    let huge = "x".repeat(HUGE_FILE);
    let mut checked = 0;
    for knob in kwebcast::config::KNOBS {
        let kind = format!("{:?}", knob.kind);
        let base = |line: &str| {
            let mut text = String::new();
            if knob.key != "partner_id" {
                text.push_str("partner_id = 77\n");
            }
            if !knob.key.starts_with("admin_secret") {
                text.push_str(&format!("admin_secret = \"{SECRET}\"\n"));
            }
            text.push_str(line);
            text.push('\n');
            text
        };
        let variants = [
            (
                "wrong type",
                base(&format!("{} = {}", knob.key, wrong_type_for(&kind))),
            ),
            ("empty", base(&format!("{} = \"\"", knob.key))),
            ("huge", base(&format!("{} = \"{huge}\"", knob.key))),
        ];
        for (label, text) in variants {
            let file = home.write("knob.toml", &text, 0o600);
            let mut cmd = home.cmd();
            cmd.arg("--config")
                .arg(&file)
                .args(["ks", "--type", "user", "--json"]);
            let r = run(cmd);
            let what = format!("{} ({kind}) {label}", knob.key);
            if label == "wrong type" {
                assert_clear(&what, &r, 2);
            }
            assert!(r.code == 0 || r.code == 2, "{what}: {}", short(&r.stderr));
            if r.code == 2 {
                assert_clear(&what, &r, 2);
                assert!(
                    r.stderr.contains(knob.key),
                    "{what}: names the key: {}",
                    short(&r.stderr)
                );
            } else {
                assert!(!r.stderr.contains("panicked"), "{what}");
                assert!(!r.stdout.contains(SECRET), "{what}");
            }
            checked += 1;
        }

        // The same knob through its environment variable: wrong, huge.
        if knob.kind_is_text_like() {
            continue;
        }
        let mut cmd = home.cmd();
        cmd.env("KALTURA_PARTNER_ID", "77")
            .env("KALTURA_ADMIN_SECRET", SECRET)
            .env(knob.env, "definitely not valid ][")
            .args(["ks", "--type", "user"]);
        let r = run(cmd);
        assert_clear(&format!("{} wrong", knob.env), &r, 2);
        assert!(
            r.stderr.contains(knob.env),
            "{}: {}",
            knob.env,
            short(&r.stderr)
        );
    }
    assert_eq!(checked, kwebcast::config::KNOBS.len() * 3);

    // Bytes that are not UTF-8 in the file, and a file that is not TOML at all.
    for (label, bytes) in [
        (
            "non-UTF-8",
            b"partner_id = 77\nadmin_email = \"\xff\xfe\"\n".to_vec(),
        ),
        ("binary", vec![0u8, 159, 146, 150, 0, 1, 2]),
        ("not TOML", b"partner_id: 77\n[[[".to_vec()),
        ("unknown key", b"partner_idd = 77\n".to_vec()),
    ] {
        let path = home.dir.path().join("bytes.toml");
        std::fs::write(&path, &bytes).unwrap();
        let mut cmd = home.cmd();
        cmd.arg("--config")
            .arg(&path)
            .args(["ks", "--type", "user"]);
        let r = run(cmd);
        assert_clear(label, &r, 2);
        assert!(
            r.stderr.contains("bytes.toml"),
            "{label}: names the file: {}",
            short(&r.stderr)
        );
    }
}

trait TextLike {
    fn kind_is_text_like(&self) -> bool;
}

impl TextLike for kwebcast::config::Knob {
    /// Free-text knobs accept any string from the environment.
    fn kind_is_text_like(&self) -> bool {
        let kind = format!("{:?}", self.kind);
        matches!(kind.as_str(), "Text" | "Secret" | "Path") || self.key == "admin_secret_file"
    }
}

#[test]
fn environment_values_not_utf8_or_huge_are_not_silently_used() {
    let home = Home::new();
    let huge = "7".repeat(HUGE_ARG);
    let mut cmd = home.cmd();
    cmd.env("KALTURA_PARTNER_ID", &huge)
        .env("KALTURA_ADMIN_SECRET", SECRET)
        .args(["ks", "--type", "user"]);
    let r = run(cmd);
    assert_clear("huge KALTURA_PARTNER_ID", &r, 2);
    assert!(
        r.stderr.contains("KALTURA_PARTNER_ID"),
        "{}",
        short(&r.stderr)
    );

    // A secret that is not UTF-8 must not be mistaken for "no account" (which would silently
    // switch to the sandbox): the partner without a usable secret is a configuration error.
    let mut cmd = home.cmd();
    cmd.env("KALTURA_PARTNER_ID", "77")
        .env("KALTURA_ADMIN_SECRET", non_utf8())
        .args(["ks", "--type", "user"]);
    let r = run(cmd);
    assert_clear("non-UTF-8 KALTURA_ADMIN_SECRET", &r, 2);
}

#[test]
fn unknown_entry_ids_exit_1_with_kalturas_code() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    for id in ["0_nosuch00", "1_abcdefgh", "x"] {
        for command in ["links", "studio"] {
            let r = run({
                let mut c = home.account_cmd(&sandbox, SECRET);
                c.args([command, id]);
                c
            });
            let what = format!("{command} {id:?}");
            assert_clear(&what, &r, 1);
            assert!(
                r.stderr.contains("ENTRY_ID_NOT_FOUND") || r.stderr.contains("INVALID_ENTRY_ID"),
                "{what}: Kaltura's code: {}",
                short(&r.stderr)
            );
        }
        let r = run({
            let mut c = home.account_cmd(&sandbox, SECRET);
            c.args(["status", id, "--json"]);
            c
        });
        let what = format!("status {id:?}");
        assert_eq!(r.code, 1, "{what}: {}", short(&r.stderr));
        let all = format!("{}{}", r.stdout, r.stderr);
        assert!(
            all.contains("ENTRY_ID_NOT_FOUND"),
            "{what}: the code is reported: {}",
            short(&all)
        );
    }
}

/// A text no entry ID can be is refused before any request (exit 2, one sentence): inside a
/// request it could widen an `idIn` filter (`,`) or be read as a reference to another call.
#[test]
fn malformed_entry_ids_are_usage_errors_before_any_request() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let long = format!("0_{}", "a".repeat(HUGE_ARG));
    let ids = [
        "0_ab'; DROP TABLE",
        "../../etc/passwd",
        "0_ü∂ƒ©˙∆˚",
        "0_abc,0_def",
        "{1:result:id}",
        long.as_str(),
    ];
    for id in ids {
        for command in ["links", "studio", "status", "finish"] {
            let r = run({
                let mut c = home.account_cmd(&sandbox, SECRET);
                c.args([command, id]);
                c
            });
            let what = format!("{command} {:?}", short(id));
            assert_clear(&what, &r, 2);
            assert!(
                r.stderr.contains("is not a Kaltura entry ID"),
                "{what}: {}",
                short(&r.stderr)
            );
        }
    }
    let stats: serde_json::Value = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            reqwest::get(format!("{}/sandbox/stats", sandbox.url))
                .await
                .unwrap()
                .json()
                .await
                .unwrap()
        });
    assert_eq!(stats["http_requests"], 0, "no request was made: {stats}");
}

#[test]
fn control_characters_in_event_text_do_not_reach_the_terminal() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let name = "Evil\u{1b}]52;c;cGF5bG9hZA==\u{7}\u{1b}[2J\r\nname\u{9b}31m";
    let r = run({
        let mut c = home.account_cmd(&sandbox, SECRET);
        c.args([
            "create",
            "--name",
            name,
            "--description",
            "\u{1b}[31mred",
            "--json",
        ]);
        c
    });
    assert_eq!(r.code, 0, "{}", short(&r.stderr));
    let id = json_line(r.stdout.as_bytes())["entry_id"]
        .as_str()
        .unwrap()
        .to_string();
    for args in [
        vec!["status", id.as_str()],
        vec!["links", id.as_str()],
        vec!["studio", id.as_str()],
    ] {
        let r = run({
            let mut c = home.account_cmd(&sandbox, SECRET);
            c.args(&args);
            c
        });
        assert_eq!(r.code, 0, "{args:?}: {}", short(&r.stderr));
        for (stream, text) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{9b}'),
                "{args:?} {stream} passes terminal control characters through: {:?}",
                short(text)
            );
        }
    }
}

/// An entry ID shaped like a multirequest reference (`{1:result:id}`) would be resolved as a
/// token by Kaltura inside the poll's multirequest: it is refused before any request.
#[test]
fn a_reference_shaped_entry_id_is_reported_as_not_found() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let r = run({
        let mut c = home.account_cmd(&sandbox, SECRET);
        c.args(["status", "{1:result:id}", "--json"]);
        c
    });
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(
        all.contains("ENTRY_ID_NOT_FOUND") || all.contains("not a Kaltura entry ID"),
        "{all}"
    );
}

/// Clap quotes a bad flag value in its error: a 100 KB value must not make a 100 KB message.
#[test]
fn huge_flag_values_are_not_echoed_in_full() {
    let home = Home::new();
    let mut cmd = home.cmd();
    cmd.args([
        "status",
        "0_abcd1234",
        "--partner-id",
        &"9".repeat(HUGE_ARG),
    ]);
    assert_clear("huge --partner-id", &run(cmd), 2);
}

/// A blank ID is a usage error (exit 2), not a silent empty answer.
#[test]
fn a_blank_entry_id_is_a_usage_error() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let r = run({
        let mut c = home.account_cmd(&sandbox, SECRET);
        c.args(["status", " "]);
        c
    });
    assert_clear("status \" \"", &r, 2);
}

/// A service, CDN or moderator URL with a user name or password is a configuration error that
/// never echoes the password (not on the terminal, not in the log); http:// to another machine
/// is refused unless `allow_insecure_http`, and then warned about on every start.
#[test]
fn urls_with_passwords_or_plain_http_exit_2_without_echoing_secrets() {
    let home = Home::new();
    let account = |cmd: &mut assert_cmd::Command| {
        cmd.env("KALTURA_PARTNER_ID", "4242")
            .env("KALTURA_ADMIN_SECRET", SECRET);
    };
    let file = home.write(
        "pw.toml",
        "moderator_url = \"https://mod:hunter2pw@kaltura.example.edu/apps/webcast/\"\n",
        0o600,
    );
    type Setup = Box<dyn Fn(&mut assert_cmd::Command)>;
    let cases: Vec<(&str, Setup)> = vec![
        (
            "KALTURA_SERVICE_URL",
            Box::new(|c: &mut assert_cmd::Command| {
                c.env(
                    "KALTURA_SERVICE_URL",
                    "https://admin:hunter2pw@www.kaltura.com/",
                );
            }),
        ),
        (
            "--service-url",
            Box::new(|c: &mut assert_cmd::Command| {
                c.args(["--service-url", "http://admin:hunter2pw@127.0.0.1:1/"]);
            }),
        ),
        (
            "KALTURA_CDN_URL",
            Box::new(|c: &mut assert_cmd::Command| {
                c.env("KALTURA_CDN_URL", "https://hunter2pw@cdn.example.edu");
            }),
        ),
        (
            "moderator_url in the file",
            Box::new(move |c: &mut assert_cmd::Command| {
                c.arg("--config").arg(&file);
            }),
        ),
    ];
    for (what, setup) in &cases {
        for json in [false, true] {
            let mut cmd = home.cmd();
            account(&mut cmd);
            cmd.args(["status", "0_abcd1234"]);
            if json {
                cmd.arg("--json");
            }
            setup(&mut cmd);
            let r = run(cmd);
            assert_clear(what, &r, 2);
            assert!(
                r.stderr.contains("carries a user name or password"),
                "{what}: {}",
                r.stderr
            );
            for text in [&r.stdout, &r.stderr, &home.log()] {
                assert!(
                    !text.contains("hunter2pw"),
                    "{what}: the password leaked: {text}"
                );
            }
        }
    }

    let mut cmd = home.cmd();
    account(&mut cmd);
    cmd.env("KALTURA_SERVICE_URL", "http://kaltura.example.edu/")
        .args(["ks", "--type", "user"]);
    let r = run(cmd);
    assert_clear("plain http", &r, 2);
    assert!(
        r.stderr.contains("uses http:// to kaltura.example.edu")
            && r.stderr.contains("allow_insecure_http"),
        "{}",
        r.stderr
    );
    let mut cmd = home.cmd();
    account(&mut cmd);
    cmd.env("KALTURA_SERVICE_URL", "http://kaltura.example.edu/")
        .env("KWEBCAST_ALLOW_INSECURE_HTTP", "1")
        .args(["ks", "--type", "user"]);
    let r = run(cmd);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "warning: service_url uses http:// to kaltura.example.edu (allow_insecure_http = true)"
        ),
        "{}",
        r.stderr
    );
}

/// A journal with garbage, escapes, a 10 MB "entry ID" and an ID with escapes: the command that
/// reads it says once how many lines it skipped, names them in the log, shows no escape, and
/// still works.
#[test]
fn a_corrupted_journal_is_announced_once_and_named_in_the_log() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let dir = home.dir.path().join(".local/share/kwebcast");
    std::fs::create_dir_all(&dir).unwrap();
    let record = |id: &str| {
        serde_json::json!({"entry_id": id, "name": "Evil\u{1b}]0;PWNED\u{7}", "start": 1,
            "end": 2, "partner_id": 4242, "service_url": sandbox.url, "recorded_at": 3,
            "reference": "ref-1"})
        .to_string()
    };
    let text = format!(
        "garbage\n\u{1b}]52;c;ZXZpbA==\u{7}\n{}\n{}\n",
        record(&"9".repeat(10_000_000)),
        record("0_ab\u{1b}[2J")
    );
    std::fs::write(dir.join("events.jsonl"), text).unwrap();
    let r = run({
        let mut c = home.account_cmd(&sandbox, SECRET);
        c.args(["create", "--name", "After", "--ref", "ref-1"]);
        c
    });
    assert_eq!(r.code, 0, "{}", r.stderr);
    let notices: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains("unreadable journal lines skipped"))
        .collect();
    assert_eq!(notices.len(), 1, "{}", r.stderr);
    assert!(
        notices[0].starts_with("warning: 4 unreadable journal lines skipped, see the log"),
        "{}",
        r.stderr
    );
    // The record with the reference had a malformed ID: skipped, so a new event was made.
    assert!(r.stdout.contains("created event 0_"), "{}", r.stdout);
    for text in [&r.stdout, &r.stderr] {
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
    }
    let log = home.log();
    for line in 1..=4 {
        assert!(log.contains(&format!("line={line}")), "line {line}:\n{log}");
    }
    assert!(log.len() < 100_000, "the 10 MB line is not logged");
}
