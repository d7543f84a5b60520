//! The `kwebcast` binary against hostile servers: a sandbox whose event was renamed to a
//! terminal payload, and a loopback server of the test's own that sends a gzip bomb, an endless
//! body, a 100 MB body, a body one byte at a time, 429/503 with `Retry-After`, exceptions whose
//! message and code carry escapes and a KS, and an entry ID with escapes in it.
//!
//! Each time: a clear error naming the call (or the right output), stdout and stderr free of
//! ESC, BEL, C1, bidi and zero-width bytes, no KS that is not a link's, and memory bounded.

mod cli_support;
mod hostile_support;

use cli_support::{Home, PARTNER, SECRET, SpawnedSandbox, host_vars, json_line};
use hostile_support::{
    Answer, HostileServer, PAYLOAD, PAYLOAD_DESCRIPTION, assert_inert, rename, run_measured,
};
use kwebcast::kaltura::ks::{self, KsSpec, KsVersion, SessionType};
use serde_json::{Value, json};
use std::time::Duration;

/// `kwebcast ARGS` pointed at `url` as if it were the account's Kaltura.
fn kwebcast(home: &Home, url: &str, args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("kwebcast"));
    for key in host_vars() {
        cmd.env_remove(key);
    }
    cmd.env("HOME", home.dir.path())
        .env("NO_COLOR", "1")
        .env("KALTURA_SERVICE_URL", url)
        .env("KALTURA_PARTNER_ID", PARTNER.to_string())
        .env("KALTURA_ADMIN_SECRET", SECRET)
        .args(args);
    cmd
}

fn output(mut cmd: std::process::Command) -> (i32, String, String) {
    let out = cmd.output().expect("kwebcast runs");
    assert_inert("stdout", &out.stdout, false);
    assert_inert("stderr", &out.stderr, false);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const MIB: i64 = 1024;

#[test]
fn bodies_without_end_stop_at_the_limit_and_memory_stays_bounded() {
    let home = Home::new();
    for (what, answer) in [
        ("a gzip bomb", Answer::GzipBomb),
        ("an endless chunked body", Answer::EndlessChunked),
        ("a 100 MB body", Answer::Huge(100_000_000)),
    ] {
        let server = HostileServer::start(move |_| answer.clone());
        let m = run_measured(
            kwebcast(&home, &server.url, &["status", "0_abcd1234"]),
            Duration::from_secs(120),
        );
        let stderr = m.stderr_text();
        // Shown with --nocapture: the figures docs/reliability.md quotes.
        eprintln!(
            "{what}: peak RSS {} KiB (VmHWM last read {} KiB)",
            m.max_rss_kib, m.vm_hwm_kib
        );
        assert_eq!(m.code, 1, "{what}: {stderr}");
        assert!(
            stderr.contains("multirequest(liveStream.list")
                && stderr.contains("larger than the limit of 8 MiB (max_answer_mb)"),
            "{what}: {stderr}"
        );
        assert!(
            m.max_rss_kib < 100 * MIB && m.vm_hwm_kib < 100 * MIB,
            "{what}: peak memory {} KiB (VmHWM {} KiB)",
            m.max_rss_kib,
            m.vm_hwm_kib
        );
        assert_eq!(
            server.count(),
            1,
            "{what}: a too-large answer is not retried"
        );
        assert_inert(what, &m.stderr, false);
    }
    // The limit is the operator's to raise (or lower).
    let server = HostileServer::start(|_| Answer::GzipBomb);
    let mut cmd = kwebcast(&home, &server.url, &["status", "0_abcd1234"]);
    cmd.env("KWEBCAST_MAX_ANSWER_MB", "1");
    let m = run_measured(cmd, Duration::from_secs(120));
    assert!(
        m.stderr_text().contains("larger than the limit of 1 MiB"),
        "{}",
        m.stderr_text()
    );
}

#[test]
fn a_slow_loris_server_holds_a_command_for_one_deadline_not_one_per_try() {
    let home = Home::new();
    let server = HostileServer::start(|_| Answer::SlowLoris);
    let mut cmd = kwebcast(&home, &server.url, &["status", "0_abcd1234"]);
    cmd.env("KWEBCAST_REQUEST_TIMEOUT", "2s");
    let (code, _, stderr) = output(cmd);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("did not answer within 2 s (the limit for one call, retries included)"),
        "{stderr}"
    );
    assert_eq!(
        server.count(),
        1,
        "the deadline is the call's: no retry once it ran out"
    );
}

#[test]
fn retry_after_is_honoured_up_to_a_bound_then_a_clear_error() {
    let home = Home::new();
    // Asked to wait two minutes: say so at once, one request, no retry storm.
    let server = HostileServer::start(|_| Answer::Status(429, "120"));
    let (code, _, stderr) = output(kwebcast(&home, &server.url, &["config", "check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("liveStream.list: Kaltura is busy (HTTP 429) and asked to wait 120 s"),
        "{stderr}"
    );
    assert_eq!(server.count(), 1);

    // Asked to wait a second: wait it, then succeed.
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    let server = HostileServer::start(move |n| {
        log.lock().unwrap().push(std::time::Instant::now());
        if n == 1 {
            Answer::Status(503, "1")
        } else {
            Answer::Json(json!({"objectType": "KalturaLiveStreamListResponse",
                "objects": [], "totalCount": 0}))
        }
    });
    let (code, stdout, stderr) = output(kwebcast(&home, &server.url, &["config", "check"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("credentials: OK"), "{stdout}");
    let times = seen.lock().unwrap().clone();
    assert_eq!(times.len(), 2, "one retry");
    assert!(
        times[1] - times[0] >= Duration::from_millis(900),
        "the retry waited for Retry-After: {:?}",
        times[1] - times[0]
    );
}

fn foreign_admin_ks() -> String {
    ks::sign(
        "a-secret-that-is-not-ours",
        &KsSpec {
            partner_id: PARTNER,
            user_id: "root@example.com",
            session_type: SessionType::Admin,
            expires_at: 2_000_000_000,
            privileges: "disableentitlement",
        },
        KsVersion::V2,
    )
}

#[test]
fn exceptions_carrying_escapes_and_a_ks_are_cleaned_and_redacted() {
    let home = Home::new();
    let foreign = foreign_admin_ks();
    let exception = json!({"objectType": "KalturaAPIException",
        "code": format!("EVIL\u{1b}]52;c;ZXZpbA==\u{7}{foreign}"),
        "message": format!("{PAYLOAD} {foreign}"), "args": {"X": PAYLOAD}});
    let server = HostileServer::start(move |_| Answer::Json(exception.clone()));
    for args in [
        vec!["status", "0_abcd1234"],
        vec!["status", "0_abcd1234", "--json"],
        vec!["links", "0_abcd1234"],
        vec!["links", "0_abcd1234", "--json"],
        vec!["studio", "0_abcd1234"],
        vec!["config", "check"],
        vec!["config", "check", "--json"],
        vec!["create", "--name", "Town hall"],
        vec!["create", "--name", "Town hall", "--json"],
        vec!["golive", "0_abcd1234", "--yes"],
        vec!["end", "0_abcd1234", "--yes", "--json"],
    ] {
        let (code, stdout, stderr) = output(kwebcast(&home, &server.url, &args));
        assert_eq!(code, 1, "{args:?}: {stderr}");
        for text in [&stdout, &stderr] {
            assert!(!text.contains(&foreign), "{args:?}: a KS got out: {text}");
        }
        if args.contains(&"--json") {
            let v: Value =
                serde_json::from_str(stderr.trim()).unwrap_or_else(|e| panic!("{e}: {stderr}"));
            let code = v["error"]["code"].as_str().expect("a code");
            assert!(code.starts_with("EVIL�]52;c;ZXZpbA==�djJ8"), "{code}");
            assert!(code.contains("…[") && !code.contains(&foreign), "{code}");
        } else {
            assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
            assert!(
                stderr.contains("Evil�]52;c;"),
                "{args:?}: the placeholder shows: {stderr}"
            );
        }
    }

    // `status --watch` prints each failure as a warning and carries on: the same guard.
    for json_mode in [false, true] {
        let mut args = vec!["status", "0_abcd1234", "--watch", "--interval", "1"];
        if json_mode {
            args.push("--json");
        }
        let child = kwebcast(&home, &server.url, &args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let before = server.count();
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while server.count() < before + 2 {
            assert!(std::time::Instant::now() < deadline, "the watch polls");
            std::thread::sleep(Duration::from_millis(50));
        }
        // SAFETY: signalling our own child.
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
        let out = child.wait_with_output().unwrap();
        assert_inert("watch stdout", &out.stdout, false);
        assert_inert("watch stderr", &out.stderr, false);
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(all.contains("warning"), "{all}");
        assert!(!all.contains(&foreign), "{all}");
    }
}

#[test]
fn a_created_entry_id_with_escapes_is_refused_not_printed_or_journaled() {
    let home = Home::new();
    let entry = json!({"objectType": "KalturaLiveStreamEntry", "id": "0_ab\u{1b}]0;PWNED\u{7}",
        "name": "x", "status": 2});
    let server = HostileServer::start(move |_| Answer::Json(json!(vec![entry.clone(); 12])));
    // The live profile configured: the create is one request, answered with that entry.
    let mut cmd = kwebcast(&home, &server.url, &["create", "--name", "Town hall"]);
    cmd.env("KALTURA_CONVERSION_PROFILE_ID", "1");
    let (code, stdout, stderr) = output(cmd);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("is not an entry ID") && stderr.contains("MAY have been created"),
        "{stderr}"
    );
    let journal = home.dir.path().join(".local/share/kwebcast/events.jsonl");
    let text = std::fs::read_to_string(&journal).unwrap_or_default();
    assert!(!text.contains("PWNED"), "journaled: {text}");
}

#[test]
fn names_set_on_the_service_to_terminal_payloads_never_reach_the_terminal() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let (code, stdout, stderr) = output(kwebcast(
        &home,
        &sandbox.url,
        &["create", "--name", "Plain", "--json"],
    ));
    assert_eq!(code, 0, "{stderr}");
    let id = json_line(stdout.as_bytes())["entry_id"]
        .as_str()
        .unwrap()
        .to_string();
    rename(
        &sandbox.url,
        PARTNER,
        SECRET,
        &id,
        PAYLOAD,
        PAYLOAD_DESCRIPTION,
    );
    for args in [
        vec!["status", id.as_str()],
        vec!["status", id.as_str(), "--json"],
        vec!["links", id.as_str()],
        vec!["links", id.as_str(), "--json"],
        vec!["studio", id.as_str()],
    ] {
        let (code, stdout, stderr) = output(kwebcast(&home, &sandbox.url, &args));
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert!(!stdout.contains('\r'), "{args:?}: raw CR: {stdout:?}");
        if args.contains(&"--json") {
            let v = json_line(stdout.as_bytes());
            let name = v["events"][0]["name"].as_str().or(v["embed_html"].as_str());
            assert!(name.is_some_and(|n| n.contains("Evil")), "{v}");
        } else if args[0] != "studio" {
            assert!(stdout.contains("Evil�]52;c;"), "{args:?}: {stdout}");
        }
        if args == ["links", id.as_str()] {
            // The name sits inside the embed's title attribute: one line, no CR/LF, no U+202E.
            let embed = stdout
                .lines()
                .find(|l| l.contains("<iframe"))
                .expect("an embed line");
            assert!(
                embed.contains("title=\"Evil") && embed.trim_end().ends_with("</iframe>"),
                "{embed}"
            );
            assert!(embed.contains("gnp.exe line2"), "{embed}");
        }
    }
}
