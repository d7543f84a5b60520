//! Running kwebcast without the admin secret: an account administrator makes an app token with
//! Kaltura's official Node client (`tests/official_client/app_token.js`), and the real binary,
//! with that token and no admin secret anywhere in its environment or config, checks the
//! configuration, creates an event, reads its status, hands out links and the Studio launch, and
//! finishes it, against a spawned `kwebcast sandbox` standing in for the account. The link KSs
//! are decoded with the sandbox's secret: USER sessions with the seed's least privileges, `sview`
//! of the one entry to play. A wrong, a revoked and an expired token each give one sentence and
//! exit 1; the token never reaches stdout, stderr, the log or the journal.

mod app_token_support;
mod cli_support;
mod needs_support;

use app_token_support::{Token, assert_no_token, issue, node, operator_token, stats, token_cmd};
use cli_support::{Home, SECRET, SpawnedSandbox, assert_keys, control, json_line};
use kwebcast::kaltura::ks::{self, KsInfo, SessionType};
use needs_support::Need;
use serde_json::{Value, json};

fn ks_param(url: &str) -> String {
    let query = url.split_once('?').expect("a query").1;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "ks")
        .map(|(_, v)| v.into_owned())
        .expect("a ks parameter")
}

/// Opens a KS the sandbox made: every KS Kaltura makes is signed with the admin secret.
fn open(ks_text: &str) -> KsInfo {
    ks::verify(ks_text, SECRET).expect("the KS verifies with the sandbox's admin secret")
}

/// Runs a command, expects `code`, checks the token is in neither stream, returns stdout.
fn run(cmd: &mut assert_cmd::Command, code: i32, token: &Token) -> (String, String) {
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert_no_token("stdout", &stdout, token);
    assert_no_token("stderr", &stderr, token);
    assert!(!stdout.contains(SECRET) && !stderr.contains(SECRET));
    (stdout, stderr)
}

fn every_command_works_with_an_app_token_and_no_admin_secret() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let token = operator_token(&sandbox);
    let cmd = || token_cmd(&home, &sandbox, &token);

    // config check says which way it signs in, and what the token allows.
    let (text, _) = run(cmd().args(["config", "check", "-vv"]), 0, &token);
    assert!(
        text.contains(&format!("signs in with: the app token {}", token.id)),
        "{text}"
    );
    assert!(
        text.contains(&format!("app token {} allows: admin sessions", token.id)),
        "{text}"
    );
    assert!(text.contains("disableentitlement"), "{text}");
    let (out, _) = run(cmd().args(["config", "check", "--json"]), 0, &token);
    let v = json_line(out.as_bytes());
    assert_eq!(v["auth"]["method"], "app_token");
    assert_eq!(v["auth"]["app_token_id"], token.id.as_str());
    assert_eq!(
        v["auth"]["source"],
        "environment variable KALTURA_APP_TOKEN_ID"
    );
    assert_eq!(v["auth"]["session"]["type"], "admin");
    assert!(v["auth"]["session"]["expires_at"].as_i64().unwrap() > 0);
    assert_eq!(v["secret_source"], Value::Null);

    // create: the event and its Studio launch, whose KS was minted without the secret.
    let (out, _) = run(
        cmd().args(["create", "--name", "Token town hall", "--json", "-vv"]),
        0,
        &token,
    );
    let created = json_line(out.as_bytes());
    assert_eq!(created["complete"], true, "{created}");
    let id = created["entry_id"].as_str().unwrap().to_string();
    let launch = created["studio"]["launch_url"]
        .as_str()
        .expect("a Studio launch");
    assert!(launch.starts_with("KalturaWebcast:"), "{launch}");

    // status.
    let (out, _) = run(cmd().args(["status", &id, "--json"]), 0, &token);
    assert_eq!(json_line(out.as_bytes())["events"][0]["id"], id.as_str());

    // links, counted: the whole command's requests, the link KSs among them.
    control(&sandbox.url, "/sandbox/stats/reset");
    let (out, _) = run(cmd().args(["links", &id, "--json", "-vv"]), 0, &token);
    let counted = stats(&sandbox.url);
    let links = json_line(out.as_bytes());
    let play = links["play_entry_id"].as_str().unwrap();
    let attendee = open(&ks_param(links["attendee_url"].as_str().unwrap()));
    assert_eq!(attendee.session_type, SessionType::User);
    assert_eq!(attendee.user_id, "kwebcast-attendee");
    assert_eq!(
        attendee.privilege_values("sview").collect::<Vec<_>>(),
        [play]
    );
    let link_token = attendee.privilege("apptoken").expect("minted from a token");
    assert_ne!(
        link_token, token.id,
        "from a single-purpose token, not the operator's"
    );
    assert_eq!(
        attendee.privileges_string(),
        format!(
            "sessionid:{link_token},apptoken:{link_token},sview:{play},restrictexplicitliveview:{play},enableentitlement,appid:kwebcast,appdomain:localhost,sessionkey:kwebcast-attendee"
        )
    );
    assert_eq!(
        links["attendee_expires_at"].as_i64(),
        Some(attendee.expires_at)
    );
    let moderator = open(&ks_param(links["moderator_url"].as_str().unwrap()));
    assert_eq!(moderator.session_type, SessionType::User);
    assert_eq!(moderator.user_id, "kwebcast-moderator");
    assert_eq!(
        moderator.privilege("setrole"),
        Some("WEBCAST_PRODUCER_DEVICE_ROLE")
    );
    assert_eq!(moderator.privilege("list"), Some(id.as_str()));
    // Sign-in (widget session + startSession), the resolution, then one multirequest of
    // appToken.add (the attendee's and moderator's tokens: the Studio's was kept by `create`)
    // and one of appToken.startSession for the attendee, moderator and Studio KSs, then the
    // attendee short link (it wraps the minted KS, so it cannot join those multirequests).
    assert_eq!(counted["http_requests"], 6, "{counted}");
    assert_eq!(counted["calls"]["shortLink.add"], 1, "{counted}");
    assert_eq!(counted["calls"]["appToken.add"], 2, "{counted}");
    assert_eq!(counted["calls"]["appToken.startSession"], 4, "{counted}");
    assert_eq!(
        counted["calls"]["session.startWidgetSession"], 1,
        "{counted}"
    );

    // attendee_ks = false (public entries): no attendee KS; the moderator's and the Studio's come
    // from the tokens the last run kept (no new token).
    control(&sandbox.url, "/sandbox/stats/reset");
    let (out, _) = run(
        cmd()
            .env("KWEBCAST_ATTENDEE_KS", "false")
            .args(["links", &id, "--json"]),
        0,
        &token,
    );
    let public = json_line(out.as_bytes());
    assert!(
        !public["attendee_url"].as_str().unwrap().contains("ks="),
        "{public}"
    );
    assert_eq!(public["attendee_expires_at"], Value::Null);
    open(&ks_param(public["moderator_url"].as_str().unwrap()));
    assert_eq!(stats(&sandbox.url)["calls"]["appToken.add"], Value::Null);

    // studio: the launch parameters carry a minted moderator KS.
    let (out, _) = run(cmd().args(["studio", &id, "--json"]), 0, &token);
    let studio = json_line(out.as_bytes());
    let studio_ks = open(studio["params"]["ks"].as_str().unwrap());
    assert_eq!(studio_ks.session_type, SessionType::User);
    assert_eq!(
        studio_ks.privilege("setrole"),
        Some("WEBCAST_PRODUCER_DEVICE_ROLE")
    );

    // finish: nothing pending, but it runs its lookups with the token's session.
    run(cmd().args(["finish", &id]), 0, &token);

    // The log (at -vv) and the journal never hold the token.
    assert!(
        home.log().contains("opened a session with the app token"),
        "{}",
        home.log()
    );
    assert_no_token("log file", &home.log(), &token);
    let journal =
        std::fs::read_to_string(home.dir.path().join(".local/share/kwebcast/events.jsonl"))
            .expect("the journal is written");
    assert!(journal.contains(&id));
    assert_no_token("journal", &journal, &token);
}

fn a_token_in_a_private_file_signs_in_and_an_open_one_is_refused() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let token = operator_token(&sandbox);
    let file = home.write("token", &format!("{}\n", token.token), 0o600);
    let config = home.write(
        "config.toml",
        &format!(
            "service_url = \"{}\"\npartner_id = {}\napp_token_id = \"{}\"\napp_token_file = \"{}\"\napp_token_hash = \"SHA256\"\n",
            sandbox.url,
            sandbox.partner,
            token.id,
            file.display()
        ),
        0o644,
    );
    let (text, _) = run(
        home.cmd()
            .arg("--config")
            .arg(&config)
            .args(["config", "check"]),
        0,
        &token,
    );
    assert!(
        text.contains("credentials: OK (the app token's session"),
        "{text}"
    );
    home.write("token", &token.token, 0o644);
    let (_, err) = run(
        home.cmd()
            .arg("--config")
            .arg(&config)
            .args(["config", "check"]),
        2,
        &token,
    );
    assert!(err.contains("app token file"), "{err}");
    assert!(
        err.contains("can be read by other users; run `chmod 600"),
        "{err}"
    );
}

/// One sentence on stderr, exit 1, the token nowhere.
fn refused(home: &Home, sandbox: &SpawnedSandbox, token: &Token, says: &str) {
    for args in [&["config", "check"][..], &["status", "0_abcdefgh"][..]] {
        let (_, err) = run(token_cmd(home, sandbox, token).args(args), 1, token);
        let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "one sentence: {err}");
        assert!(lines[0].starts_with("error: "), "{err}");
        assert!(lines[0].contains(says), "{args:?}: {err}");
        assert!(lines[0].contains(&token.id), "names the token: {err}");
    }
    assert_no_token("log file", &home.log(), token);
}

fn a_wrong_a_revoked_and_an_expired_token_each_say_so_in_one_sentence() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);

    let good = operator_token(&sandbox);
    let wrong = Token {
        id: good.id.clone(),
        token: "0123456789abcdef0123456789abcdef".into(),
    };
    refused(&home, &sandbox, &wrong, "Kaltura refused the app token");
    let unknown = Token {
        id: "0_zzzzzzzz".into(),
        token: good.token.clone(),
    };
    refused(
        &home,
        &sandbox,
        &unknown,
        "Kaltura has no app token 0_zzzzzzzz",
    );

    let revoked = operator_token(&sandbox);
    node(&sandbox, &["delete", &revoked.id]).expect("appToken.delete");
    refused(&home, &sandbox, &revoked, "is no longer active");

    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let expired = issue(
        &sandbox,
        json!({"sessionType": 2, "hashType": "SHA256", "expiry": now - 60}),
    );
    refused(&home, &sandbox, &expired, "has expired");

    // A token whose hash type is not the configured one is the hash sentence too.
    let sha1 = issue(&sandbox, json!({"sessionType": 2}));
    refused(&home, &sandbox, &sha1, "app_token_hash (SHA256)");
    let (_, _) = run(
        token_cmd(&home, &sandbox, &sha1)
            .env("KALTURA_APP_TOKEN_HASH", "sha1")
            .args(["config", "check"]),
        0,
        &sha1,
    );
}

fn a_user_token_is_no_operator_and_config_check_says_why() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let user = issue(
        &sandbox,
        json!({"sessionType": 0, "sessionUserId": "viewer", "hashType": "SHA256"}),
    );
    let (_, err) = run(
        token_cmd(&home, &sandbox, &user).args(["config", "check"]),
        1,
        &user,
    );
    assert!(err.contains("gives user sessions"), "{err}");
    assert!(err.contains("sessionType 2 (ADMIN)"), "{err}");
}

fn config_check_json_keys_with_a_token() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let token = operator_token(&sandbox);
    let (out, _) = run(
        token_cmd(&home, &sandbox, &token).args(["config", "check", "--json"]),
        0,
        &token,
    );
    let v = json_line(out.as_bytes());
    assert_keys(
        &v,
        &[
            "schema",
            "sandbox",
            "config_file",
            "profile",
            "partner_id",
            "service_url",
            "secret_source",
            "check",
            "auth",
        ],
    );
    assert_keys(&v["auth"], &["method", "app_token_id", "source", "session"]);
    assert_keys(
        &v["auth"]["session"],
        &["type", "user_id", "privileges", "expires_at"],
    );
    let privileges = v["auth"]["session"]["privileges"].as_str().unwrap();
    assert_eq!(
        privileges,
        format!("sessionid:{0},apptoken:{0},disableentitlement", token.id)
    );
}

/// `kwebcast sandbox --state FILE`: the user secret is printed with the connect line, kept in
/// the state file, and the same after a restart.
fn the_sandbox_prints_its_user_secret_and_keeps_it_in_the_state_file() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let home = Home::new();
    let state = home.dir.path().join("state.json");
    let user_secret = || {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kwebcast"))
            .args(["sandbox", "--bind", "127.0.0.1:0", "--state"])
            .arg(&state)
            .env("HOME", home.dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn kwebcast sandbox");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(first.starts_with("sandbox listening on "), "{first}");
        let secret = BufReader::new(child.stderr.take().unwrap())
            .lines()
            .map_while(Result::ok)
            .find_map(|l| {
                l.strip_prefix("user secret (session.start of USER sessions): ")
                    .map(str::to_string)
            })
            .expect("the user secret line");
        let pid = libc::pid_t::try_from(child.id()).unwrap();
        // SAFETY: plain kill(2) on the child this test spawned.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        assert_eq!(child.wait().unwrap().code(), Some(0));
        secret
    };
    let first = user_secret();
    assert_eq!(first.len(), 32, "{first}");
    assert!(std::fs::read_to_string(&state).unwrap().contains(&first));
    assert_eq!(user_secret(), first, "kept across restarts");
}

/// The tests, each with the programs it needs: a missing one makes the test ignored with the
/// reason (a failure under `CI=true`), which the default harness cannot show.
fn main() {
    needs_support::run(vec![
        needs_support::test(
            "every_command_works_with_an_app_token_and_no_admin_secret",
            &[Need::NodeClient],
            every_command_works_with_an_app_token_and_no_admin_secret,
        ),
        needs_support::test(
            "a_token_in_a_private_file_signs_in_and_an_open_one_is_refused",
            &[Need::NodeClient],
            a_token_in_a_private_file_signs_in_and_an_open_one_is_refused,
        ),
        needs_support::test(
            "a_wrong_a_revoked_and_an_expired_token_each_say_so_in_one_sentence",
            &[Need::NodeClient],
            a_wrong_a_revoked_and_an_expired_token_each_say_so_in_one_sentence,
        ),
        needs_support::test(
            "a_user_token_is_no_operator_and_config_check_says_why",
            &[Need::NodeClient],
            a_user_token_is_no_operator_and_config_check_says_why,
        ),
        needs_support::test(
            "config_check_json_keys_with_a_token",
            &[Need::NodeClient],
            config_check_json_keys_with_a_token,
        ),
        needs_support::test(
            "the_sandbox_prints_its_user_secret_and_keeps_it_in_the_state_file",
            &[],
            the_sandbox_prints_its_user_secret_and_keeps_it_in_the_state_file,
        ),
        needs_support::self_check(
            "config_check_json_keys_with_a_token",
            "node is not installed or cannot run (apt install nodejs)",
        ),
    ]);
}
