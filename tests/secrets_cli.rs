//! The admin secret and admin KSs never leave the process: every command of the CLI, in text and
//! `--json`, with tracing at `-vv`, run against a sandbox that knows the secret; stdout, stderr
//! and the log file are searched for the secret and for any KS (also percent-encoded) that opens
//! as an ADMIN session. Link KSs are decoded and checked for exactly the seed's privileges, the
//! right user and the intended expiry. Also: the config-permission warning and error, Debug
//! output and panic messages of everything that holds the secret, and the sandbox's refusal of
//! non-loopback binds.

mod cli_support;

use cli_support::{Home, SECRET, SpawnedSandbox, json_line};
use kwebcast::kaltura::ks::{self, KsInfo, SessionType};

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Every KS in `text` (plain or percent-encoded) that verifies with the secret.
fn kss_in(text: &str) -> Vec<(String, KsInfo)> {
    let decoded = percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned();
    let mut found: Vec<(String, KsInfo)> = Vec::new();
    for source in [text, decoded.as_str()] {
        // `=` separates (`ks=djJ8...`); padding is tried back on.
        for word in source
            .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '-' | '_')))
        {
            if word.len() < 40 {
                continue;
            }
            for padded in [word.to_string(), format!("{word}="), format!("{word}==")] {
                if let Ok(info) = ks::verify(&padded, SECRET) {
                    if !found
                        .iter()
                        .any(|(k, _)| k.as_str().trim_end_matches('=') == word)
                    {
                        found.push((padded, info));
                    }
                    break;
                }
            }
        }
    }
    found
}

/// No secret, no admin KS; returns the (user) KSs seen.
fn assert_clean(what: &str, text: &str) -> Vec<(String, KsInfo)> {
    assert!(
        !text.contains(SECRET),
        "{what}: the secret is shown:\n{text}"
    );
    let kss = kss_in(text);
    for (ks, info) in &kss {
        assert_eq!(
            info.session_type,
            SessionType::User,
            "{what}: an admin KS is shown ({}):\n{text}",
            ks::redact(ks)
        );
    }
    kss
}

fn run(home: &Home, sandbox: &SpawnedSandbox, args: &[&str]) -> (i32, String, String) {
    let out = home
        .account_cmd(sandbox, SECRET)
        .arg("-vv")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn no_command_shows_the_secret_or_an_admin_ks() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let (code, stdout, stderr) = run(&home, &sandbox, &["create", "--name", "Secret", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let id = json_line(stdout.as_bytes())["entry_id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut user_kss = 0;
    let commands: Vec<Vec<&str>> = vec![
        vec!["create", "--name", "Secret text"],
        vec!["create", "--name", "Secret text", "--ref", "s-1", "--json"],
        vec!["status", &id],
        vec!["status", &id, "--json"],
        vec!["links", &id],
        vec!["links", &id, "--json"],
        vec!["links", &id, "--qr"],
        vec!["studio", &id],
        vec!["studio", &id, "--json"],
        vec!["config", "check"],
        vec!["config", "check", "--json"],
        vec!["ks", "--type", "user", "--privileges", "sview:*"],
        vec!["ks", "--type", "user", "--json"],
        // Failures too: Kaltura's INVALID_KS echoes the KS it got.
        vec!["status", "0_nosuch00", "--json"],
        vec!["links", "0_nosuch00"],
        vec!["studio", "0_nosuch01"],
    ];
    for args in &commands {
        let (code, stdout, stderr) = run(&home, &sandbox, args);
        assert!(code == 0 || code == 1, "{args:?}: {code} {stderr}");
        user_kss += assert_clean(&format!("{args:?} stdout"), &stdout).len();
        assert_clean(&format!("{args:?} stderr"), &stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    assert!(user_kss >= 6, "links and studio print user KSs: {user_kss}");
    // A wrong KS reaching the server (a bad secret) is echoed by Kaltura: still not shown.
    let out = home
        .account_cmd(&sandbox, "wrong-secret-but-long-enough")
        .args(["status", &id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("INVALID_KS"), "{stderr}");
    assert!(!stderr.contains("wrong-secret-but-long-enough"), "{stderr}");

    let log = home.log();
    assert!(
        log.contains("kaltura call"),
        "-vv traced the calls to the log:\n{log}"
    );
    assert_clean("log file", &log);
}

#[test]
fn link_kss_carry_exactly_the_intended_privileges_and_expiry() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let start = now() + 3600;
    let end = start + 5400;
    let iso = |t: i64| {
        jiff::Timestamp::from_second(t)
            .unwrap()
            .strftime("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    };
    let (code, stdout, stderr) = run(
        &home,
        &sandbox,
        &[
            "create",
            "--name",
            "Privileges",
            "--start",
            &iso(start),
            "--end",
            &iso(end),
            "--timezone",
            "UTC",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let id = json_line(stdout.as_bytes())["entry_id"]
        .as_str()
        .unwrap()
        .to_string();
    let before = now();
    let (code, stdout, stderr) = run(&home, &sandbox, &["links", &id, "--json"]);
    let after = now();
    assert_eq!(code, 0, "{stderr}");
    let v = json_line(stdout.as_bytes());
    let attendee = kss_in(v["attendee_url"].as_str().unwrap());
    let moderator = kss_in(v["moderator_url"].as_str().unwrap());
    assert_eq!(attendee.len(), 1, "one KS in the attendee link: {v}");
    assert!(!moderator.is_empty(), "a KS in the moderator link");

    let a = &attendee[0].1;
    assert_eq!(a.session_type, SessionType::User);
    assert_eq!(a.user_id, "kwebcast-attendee");
    assert_eq!(a.partner_id, sandbox.partner);
    assert_eq!(
        a.privileges_string(),
        format!(
            "sview:{id},restrictexplicitliveview:{id},enableentitlement,appid:kwebcast,\
             appdomain:localhost,sessionkey:kwebcast-attendee"
        )
    );
    assert_eq!(
        a.expires_at,
        end + 2 * 3600,
        "the event's end plus the margin"
    );
    assert_eq!(v["attendee_expires_at"], a.expires_at);

    let m = &moderator[0].1;
    assert_eq!(m.session_type, SessionType::User);
    assert_eq!(m.user_id, "kwebcast-moderator");
    assert_eq!(
        m.privileges_string(),
        format!("setrole:WEBCAST_PRODUCER_DEVICE_ROLE,sview:*,list:{id},download:{id}")
    );
    assert!(
        (before + 86_400..=after + 86_400).contains(&m.expires_at),
        "moderator KS lives 24 h: {} not in {}..={}",
        m.expires_at,
        before + 86_400,
        after + 86_400
    );
    for info in [a, m] {
        assert!(!info.is_expired(after));
        assert!(info.privilege("disableentitlement").is_none());
        assert!(info.privilege("*").is_none() && info.privilege("all").is_none());
    }

    // The Studio KS: the broadcaster's, with the producer privileges, never an admin session.
    let (code, stdout, _) = run(&home, &sandbox, &["studio", &id, "--json"]);
    assert_eq!(code, 0);
    let studio = assert_clean("studio --json", &stdout);
    assert!(!studio.is_empty(), "the launch parameters carry a KS");
    for (_, info) in &studio {
        assert_eq!(info.user_id, "kwebcast-broadcaster");
        assert_eq!(
            info.privilege("setrole"),
            Some("WEBCAST_PRODUCER_DEVICE_ROLE")
        );
    }

    // A configured attendee expiry replaces the event-based one.
    let out = home
        .account_cmd(&sandbox, SECRET)
        .env("KWEBCAST_ATTENDEE_KS_EXPIRY", "15m")
        .args(["links", &id, "--json"])
        .output()
        .unwrap();
    let v = json_line(&out.stdout);
    let fixed = kss_in(v["attendee_url"].as_str().unwrap());
    let t = now();
    assert!(
        (t - 5 + 900..=t + 900).contains(&fixed[0].1.expires_at),
        "{}",
        fixed[0].1.expires_at
    );
}

#[cfg(unix)]
#[test]
fn open_config_files_warn_and_open_secret_files_are_refused() {
    let home = Home::new();
    let body = format!("partner_id = 77\nadmin_secret = \"{SECRET}\"\n");
    for (mode, warns) in [(0o644, true), (0o640, true), (0o600, false)] {
        let file = home.write(&format!("c{mode:o}.toml"), &body, mode);
        let out = home
            .cmd()
            .args(["ks", "--type", "user", "--config"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            stderr.contains("can be read by other users"),
            warns,
            "mode {mode:o}: {stderr}"
        );
        assert!(!stderr.contains(SECRET) && !String::from_utf8_lossy(&out.stdout).contains(SECRET));
    }
    let secret_file = home.write("secret.txt", SECRET, 0o644);
    let out = home
        .cmd()
        .env("KALTURA_PARTNER_ID", "77")
        .env("KALTURA_ADMIN_SECRET_FILE", &secret_file)
        .args(["ks", "--type", "user"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("chmod 600"), "{stderr}");
    assert!(!stderr.contains(SECRET), "{stderr}");
    std::fs::set_permissions(
        &secret_file,
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .unwrap();
    let out = home
        .cmd()
        .env("KALTURA_PARTNER_ID", "77")
        .env("KALTURA_ADMIN_SECRET_FILE", &secret_file)
        .args(["ks", "--type", "user", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains(SECRET));
}

#[test]
fn the_sandbox_binds_loopback_only_unless_told() {
    let home = Home::new();
    for addr in ["0.0.0.0:0", "[::]:0", "192.0.2.1:8089"] {
        let out = home
            .cmd()
            .args(["sandbox", "--bind", addr])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{addr}: {stderr}");
        assert!(stderr.contains("--allow-remote"), "{addr}: {stderr}");
        assert!(!stderr.contains("panicked"));
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        for addr in ["0.0.0.0:0", "10.1.2.3:0"] {
            let err = kwebcast::sandbox::Sandbox::start(kwebcast::sandbox::SandboxOptions {
                bind: addr.parse().unwrap(),
                ..Default::default()
            })
            .await
            .err()
            .expect("refused");
            assert!(
                matches!(err, kwebcast::sandbox::SandboxError::NonLoopback(_)),
                "{err}"
            );
        }
        for addr in ["127.0.0.1:0", "[::1]:0"] {
            if let Ok(sb) = kwebcast::sandbox::Sandbox::start(kwebcast::sandbox::SandboxOptions {
                bind: addr.parse().unwrap(),
                ..Default::default()
            })
            .await
            {
                assert!(sb.local_addr().ip().is_loopback());
                sb.shutdown().await;
            }
        }
    });
}

/// What a panic message would carry: the Debug form of everything that holds the secret.
#[test]
fn debug_output_and_panic_messages_hold_no_secret() {
    use kwebcast::kaltura::client::{ClientConfig, KalturaClient, KsProvider};
    use kwebcast::kaltura::ks::KsVersion;
    use kwebcast::kaltura::secret::AdminSecret;
    use kwebcast::webcast::{Webcast, WebcastSettings};

    let secret = AdminSecret::new(SECRET);
    let provider = KsProvider::Local {
        secret: secret.clone(),
        partner_id: 77,
        user_id: "admin@example.com".into(),
        session_type: SessionType::Admin,
        privileges: "disableentitlement".into(),
        ttl_secs: 600,
        version: KsVersion::V2,
    };
    let config = ClientConfig::new("http://127.0.0.1:9", 77, provider.clone());
    let client = KalturaClient::new(config.clone()).unwrap();
    let settings = WebcastSettings::new(77, "http://127.0.0.1:9", secret.clone());
    let webcast = Webcast::new(client.clone(), settings.clone());
    let env = |k: &str| match k {
        "KALTURA_PARTNER_ID" => Some("77".to_string()),
        "KALTURA_ADMIN_SECRET" => Some(SECRET.to_string()),
        "HOME" => Some(std::env::temp_dir().display().to_string()),
        _ => None,
    };
    let loaded = kwebcast::config::load(&kwebcast::config::GlobalArgs::default(), &env)
        .expect("settings from the environment");
    let session = KsProvider::SessionStart {
        secret: secret.clone(),
        user_id: "u".into(),
        session_type: SessionType::Admin,
        privileges: String::new(),
        ttl_secs: 60,
    };
    let shown = [
        format!("{secret:?} {secret}"),
        format!("{provider:?} {session:?}"),
        format!("{config:?}"),
        format!("{client:?}"),
        format!("{settings:?}"),
        format!("{webcast:?}"),
        format!("{loaded:?}"),
    ];
    for text in &shown {
        assert!(!text.contains(SECRET), "Debug shows the secret: {text}");
    }
    assert!(kss_in(&shown.join(" ")).is_empty());

    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        panic!("failed with {loaded:?} and {webcast:?}");
    }));
    std::panic::set_hook(previous);
    let payload = caught.expect_err("it panicked");
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(message.contains("failed with"), "{message}");
    assert!(!message.contains(SECRET), "{message}");
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// The journal, the log and the sandbox's state hold stream keys and traces: created 0600 in
/// 0700 directories, whatever the umask.
#[cfg(unix)]
#[test]
fn journal_log_and_sandbox_state_are_created_private() {
    let home = Home::new();
    let state = home.dir.path().join("state.json");
    let sandbox = SpawnedSandbox::start(&home, &["--state", state.to_str().unwrap()]);
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["create", "--name", "Private"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let data = home.dir.path().join(".local/share/kwebcast");
    let logs = home.dir.path().join(".local/state/kwebcast");
    assert_eq!(mode(&data.join("events.jsonl")), 0o600);
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&home.dir.path().join(".local/share")), 0o700);
    assert_eq!(mode(&logs.join("kwebcast.log")), 0o600);
    assert_eq!(mode(&logs), 0o700);
    // The sandbox saves its state on a clean stop (SIGTERM).
    let mut sandbox = sandbox;
    // SAFETY: signalling our own child.
    unsafe { libc::kill(sandbox.child.id() as libc::pid_t, libc::SIGTERM) };
    let _ = sandbox.child.wait();
    assert_eq!(mode(&state), 0o600);
}

/// A process holding the secret writes no core file: its core limit is 0 (and it is not
/// dumpable, which `/proc` cannot show to root; the unit test in `cli/hardening.rs` checks it).
#[cfg(target_os = "linux")]
#[test]
fn core_dumps_are_off_in_a_process_holding_the_secret() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", sandbox.child.id())).unwrap();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .expect("a core limit line");
    let fields: Vec<&str> = core.split_whitespace().collect();
    assert_eq!(&fields[4..6], ["0", "0"], "{core}");
}

/// `kwebcast sandbox` takes its secret from a file or the environment, so it never shows in
/// `ps`; an open or empty file is refused.
#[cfg(unix)]
#[test]
fn the_sandbox_takes_its_secret_from_a_file_or_the_environment() {
    use std::io::{BufRead, BufReader};
    let home = Home::new();
    let file = home.write("sandbox.secret", &format!("{SECRET}\n"), 0o600);
    let spawn = |args: &[&str], env: Option<&str>| {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("kwebcast"));
        for key in cli_support::host_vars() {
            cmd.env_remove(key);
        }
        if let Some(secret) = env {
            cmd.env("KWEBCAST_SANDBOX_ADMIN_SECRET", secret);
        }
        cmd.env("HOME", home.dir.path())
            .args(["sandbox", "--bind", "127.0.0.1:0", "--partner-id", "4242"])
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    for (args, env) in [
        (vec!["--admin-secret-file", file.to_str().unwrap()], None),
        (vec![], Some(SECRET)),
    ] {
        let mut child = spawn(&args, env);
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .strip_prefix("sandbox listening on ")
            .and_then(|r| r.split(' ').next())
            .unwrap_or_else(|| panic!("{line}"))
            .to_string();
        let cmdline = std::fs::read(format!("/proc/{}/cmdline", child.id())).unwrap();
        assert!(
            !String::from_utf8_lossy(&cmdline).contains(SECRET),
            "the secret is not in the command line"
        );
        let out = home
            .cmd()
            .env("KALTURA_SERVICE_URL", &url)
            .env("KALTURA_PARTNER_ID", "4242")
            .env("KALTURA_ADMIN_SECRET", SECRET)
            .args(["config", "check"])
            .output()
            .unwrap();
        let _ = child.kill();
        let stderr = child.wait_with_output().unwrap().stderr;
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: the sandbox knows the secret: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8_lossy(&stderr);
        assert!(
            stderr.contains("(the secret you chose)") && !stderr.contains(SECRET),
            "{stderr}"
        );
    }
    let open = home.write("open.secret", SECRET, 0o644);
    let empty = home.write("empty.secret", "\n", 0o600);
    for (path, phrase) in [(&open, "chmod 600"), (&empty, "is empty")] {
        let out = home
            .cmd()
            .args(["sandbox", "--bind", "127.0.0.1:0", "--admin-secret-file"])
            .arg(path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(phrase) && !stderr.contains(SECRET),
            "{stderr}"
        );
    }
}
