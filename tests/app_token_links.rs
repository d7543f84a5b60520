//! Link KSs without the admin secret, through the real binary against a spawned sandbox: what
//! they cost in round-trips cold (no token kept) and warm (the single-purpose tokens an earlier
//! run made and kept in `link_tokens.json`), a kept token revoked on the account (forgotten and
//! minted again), `kwebcast tokens prune`, the live actions with an ADMIN app token, and a token
//! that cannot make least-privilege link KSs (one `error:` line, exit 1, no KS at all).
//!
//! The tokens are made with `appToken.add` over the sandbox's JSON API with an admin KS from
//! `kwebcast ks` (a separate process holding the secret); the commands under test have only the
//! token. Kaltura's official client makes them in `app_token_cli.rs`.

mod cli_support;
mod live_support;

use cli_support::{Home, SECRET, SpawnedSandbox, control, json_line};
use kwebcast::kaltura::ks::{self, KsInfo, SessionType};
use live_support::{admin_ks, encoder_on, post_json, token_cmd, user_token, wait_event};
use serde_json::{Value, json};

type Token = (String, String);

/// An operator's ADMIN token, as README tells an administrator to make it.
fn operator_token(home: &Home, sandbox: &SpawnedSandbox) -> Token {
    let answer = post_json(
        &sandbox.url,
        "/api_v3/service/apptoken/action/add",
        &json!({"format": 1, "ks": admin_ks(home, sandbox), "appToken": {
            "objectType": "KalturaAppToken", "sessionType": 2, "hashType": "SHA256",
            "sessionPrivileges": "disableentitlement", "description": "kwebcast operator"}}),
    );
    (
        answer["id"].as_str().expect("a token id").to_string(),
        answer["token"].as_str().expect("a token").to_string(),
    )
}

/// `GET /sandbox/stats`, reset after reading.
fn take_stats(sandbox: &SpawnedSandbox) -> Value {
    use std::io::{Read, Write};
    let addr = sandbox.url.strip_prefix("http://").expect("http URL");
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET /sandbox/stats HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    let stats: Value =
        serde_json::from_str(body).unwrap_or_else(|e| panic!("stats ({e}): {answer}"));
    control(&sandbox.url, "/sandbox/stats/reset");
    stats
}

fn calls(stats: &Value, call: &str) -> i64 {
    stats["calls"][call].as_i64().unwrap_or(0)
}

fn link_tokens_path(home: &Home) -> std::path::PathBuf {
    home.dir
        .path()
        .join(".local/share/kwebcast/link_tokens.json")
}

/// The token values kwebcast keeps (each opens one link's session).
fn kept_values(home: &Home) -> Vec<String> {
    let text = std::fs::read_to_string(link_tokens_path(home)).unwrap_or_default();
    let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    v["tokens"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|t| t["token"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Runs a command expecting `code`; neither stream holds the operator's token, a kept link
/// token or the admin secret. Returns (stdout, stderr).
fn run(home: &Home, cmd: &mut assert_cmd::Command, code: i32, token: &Token) -> (String, String) {
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let mut secrets = kept_values(home);
    secrets.push(token.1.clone());
    secrets.push(SECRET.to_string());
    for s in &secrets {
        assert!(
            !stdout.contains(s.as_str()),
            "stdout shows a secret:\n{stdout}"
        );
        assert!(
            !stderr.contains(s.as_str()),
            "stderr shows a secret:\n{stderr}"
        );
        assert!(!home.log().contains(s.as_str()), "the log shows a secret");
    }
    (stdout, stderr)
}

fn ks_param(url: &str) -> String {
    let query = url.split_once('?').expect("a query").1;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "ks")
        .map(|(_, v)| v.into_owned())
        .expect("a ks parameter")
}

fn open(ks_text: &str) -> KsInfo {
    ks::verify(ks_text, SECRET).expect("the KS verifies with the sandbox's admin secret")
}

#[test]
fn an_events_links_cost_one_round_trip_for_their_kss_when_their_tokens_were_kept() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let token = operator_token(&home, &sandbox);
    let cmd = || token_cmd(&home, &sandbox, &token);
    let (out, _) = run(
        &home,
        cmd().args(["create", "--name", "Kept", "--json"]),
        0,
        &token,
    );
    let id = json_line(out.as_bytes())["entry_id"]
        .as_str()
        .unwrap()
        .to_string();
    // Cold: nothing kept.
    std::fs::remove_file(link_tokens_path(&home)).expect("create kept the Studio's token");
    take_stats(&sandbox);

    let (out, _) = run(
        &home,
        cmd().args(["links", &id, "--json", "-vv"]),
        0,
        &token,
    );
    let cold = take_stats(&sandbox);
    // Sign-in (widget session, startSession), the resolution, one multirequest of appToken.add
    // (attendee, moderator, Studio), one of appToken.startSession, the short link.
    assert_eq!(cold["http_requests"], 6, "{cold}");
    assert_eq!(calls(&cold, "appToken.add"), 3, "{cold}");
    assert_eq!(calls(&cold, "appToken.startSession"), 1 + 3, "{cold}");
    let first = json_line(out.as_bytes());
    assert_eq!(kept_values(&home).len(), 3);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(link_tokens_path(&home))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // Warm: no appToken.add, one multirequest of startSession for the three KSs.
    let (out, _) = run(&home, cmd().args(["links", &id, "--json"]), 0, &token);
    let warm = take_stats(&sandbox);
    assert_eq!(warm["http_requests"], 5, "{warm}");
    assert_eq!(calls(&warm, "appToken.add"), 0, "{warm}");
    assert_eq!(calls(&warm, "appToken.startSession"), 1 + 3, "{warm}");
    let links = json_line(out.as_bytes());
    let play = links["play_entry_id"].as_str().unwrap();
    let attendee = open(&ks_param(links["attendee_url"].as_str().unwrap()));
    assert_eq!(attendee.session_type, SessionType::User);
    assert_eq!(
        attendee.privilege_values("sview").collect::<Vec<_>>(),
        [play]
    );
    let first_attendee = open(&ks_param(first["attendee_url"].as_str().unwrap()));
    let attendee_token = attendee.privilege("apptoken").unwrap().to_string();
    assert_eq!(
        Some(attendee_token.as_str()),
        first_attendee.privilege("apptoken"),
        "the same kept token"
    );
    assert_eq!(
        open(&ks_param(links["moderator_url"].as_str().unwrap())).privilege("setrole"),
        Some("WEBCAST_PRODUCER_DEVICE_ROLE")
    );

    // The Studio's KS was minted with the links: `studio` adds no token either.
    let (out, _) = run(&home, cmd().args(["studio", &id, "--json"]), 0, &token);
    let studio = take_stats(&sandbox);
    assert_eq!(calls(&studio, "appToken.add"), 0, "{studio}");
    assert_eq!(calls(&studio, "appToken.startSession"), 1 + 1, "{studio}");
    let studio_ks = open(json_line(out.as_bytes())["params"]["ks"].as_str().unwrap());
    assert_eq!(studio_ks.session_type, SessionType::User);

    // A kept token revoked on the account is forgotten and minted again, once.
    post_json(
        &sandbox.url,
        "/api_v3/service/apptoken/action/delete",
        &json!({"format": 1, "ks": admin_ks(&home, &sandbox), "id": attendee_token}),
    );
    take_stats(&sandbox);
    let (out, _) = run(&home, cmd().args(["links", &id, "--json"]), 0, &token);
    let again = take_stats(&sandbox);
    assert_eq!(calls(&again, "appToken.add"), 1, "{again}");
    assert_eq!(calls(&again, "appToken.startSession"), 1 + 3 + 1, "{again}");
    let renewed = open(&ks_param(
        json_line(out.as_bytes())["attendee_url"].as_str().unwrap(),
    ));
    assert_ne!(renewed.privilege("apptoken"), Some(attendee_token.as_str()));
    let file = std::fs::read_to_string(link_tokens_path(&home)).unwrap();
    assert!(
        !file.contains(&attendee_token),
        "the revoked token is forgotten"
    );
}

#[test]
fn golive_and_end_with_an_admin_app_token_and_no_secret() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let token = operator_token(&home, &sandbox);
    let cmd = || token_cmd(&home, &sandbox, &token);
    let (out, _) = run(
        &home,
        cmd().args(["create", "--name", "Token live", "--json"]),
        0,
        &token,
    );
    let id = json_line(out.as_bytes())["entry_id"]
        .as_str()
        .unwrap()
        .to_string();
    encoder_on(&home, &sandbox, &id);
    let (out, _) = run(
        &home,
        cmd().args(["golive", &id, "--yes", "--json"]),
        0,
        &token,
    );
    let v = json_line(out.as_bytes());
    assert_eq!(v["action"], "golive");
    assert_eq!(v["state"], "LIVE", "{v}");
    let (out, _) = run(&home, cmd().args(["status", &id, "--json"]), 0, &token);
    assert_eq!(json_line(out.as_bytes())["events"][0]["state"], "LIVE");

    let (out, _) = run(&home, cmd().args(["end", &id, "--yes"]), 0, &token);
    assert!(
        out.contains(&format!("Token live ({id}) ended by you at ")),
        "{out}"
    );
    wait_event(&home, &sandbox, &id, "the end", |e| {
        e["state"] == "ENDED_FEED_ON"
    });
    assert!(home.log().contains("opened a session with the app token"));
    let journal =
        std::fs::read_to_string(home.dir.path().join(".local/share/kwebcast/events.jsonl"))
            .unwrap();
    assert!(!journal.contains(&token.1), "the journal holds the token");
}

#[test]
fn a_token_that_cannot_make_least_privilege_link_kss_is_one_error_and_no_ks() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let admin = operator_token(&home, &sandbox);
    let (out, _) = run(
        &home,
        token_cmd(&home, &sandbox, &admin).args(["create", "--name", "Guarded", "--json"]),
        0,
        &admin,
    );
    let id = json_line(out.as_bytes())["entry_id"]
        .as_str()
        .unwrap()
        .to_string();
    // A USER token: its sessions may not create the single-purpose tokens link KSs come from.
    let user = user_token(&home, &sandbox, "kwebcast-guest");
    for json_mode in [false, true] {
        let mut cmd = token_cmd(&home, &sandbox, &user);
        cmd.args(["links", &id]);
        if json_mode {
            cmd.arg("--json");
        }
        let (stdout, stderr) = run(&home, &mut cmd, 1, &user);
        assert!(stdout.trim().is_empty(), "no link at all: {stdout}");
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "one line: {stderr}");
        let message = if json_mode {
            json_line(stderr.as_bytes())["error"]["message"]
                .as_str()
                .unwrap()
                .to_string()
        } else {
            assert!(lines[0].starts_with("error: "), "{stderr}");
            lines[0].to_string()
        };
        assert!(
            message.contains("cannot make the moderator link for")
                && message.contains("allowed to call appToken.add"),
            "{message}"
        );
        assert!(!stderr.contains("djJ8"), "no KS of any kind: {stderr}");
    }
    // attendee_ks = false does not help the moderator link: still refused, not broadened.
    let (_, stderr) = run(
        &home,
        token_cmd(&home, &sandbox, &user)
            .env("KWEBCAST_ATTENDEE_KS", "false")
            .args(["links", &id]),
        1,
        &user,
    );
    assert!(stderr.starts_with("error: "), "{stderr}");
}

/// `appToken.add` as the administrator, with `fields` of `KalturaAppToken`; the new ID.
fn add_token(home: &Home, sandbox: &SpawnedSandbox, fields: Value) -> String {
    let mut token = json!({"objectType": "KalturaAppToken", "hashType": "SHA256"});
    token
        .as_object_mut()
        .unwrap()
        .extend(fields.as_object().unwrap().clone());
    let answer = post_json(
        &sandbox.url,
        "/api_v3/service/apptoken/action/add",
        &json!({"format": 1, "ks": admin_ks(home, sandbox), "appToken": token}),
    );
    answer["id"].as_str().expect("a token id").to_string()
}

/// A token's status as `appToken.get` answers it (2 ACTIVE, 3 DELETED).
fn token_status(home: &Home, sandbox: &SpawnedSandbox, id: &str) -> i64 {
    post_json(
        &sandbox.url,
        "/api_v3/service/apptoken/action/get",
        &json!({"format": 1, "ks": admin_ks(home, sandbox), "id": id}),
    )["status"]
        .as_i64()
        .expect("a status")
}

#[test]
fn tokens_prune_deletes_only_link_tokens_kwebcast_made_that_serve_no_link() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let token = operator_token(&home, &sandbox);
    let cmd = || token_cmd(&home, &sandbox, &token);
    let event = |name: &str| {
        let (out, _) = run(
            &home,
            cmd().args(["create", "--name", name, "--json"]),
            0,
            &token,
        );
        let id = json_line(out.as_bytes())["entry_id"]
            .as_str()
            .unwrap()
            .to_string();
        let (out, _) = run(&home, cmd().args(["links", &id, "--json"]), 0, &token);
        let link_token = open(&ks_param(
            json_line(out.as_bytes())["attendee_url"].as_str().unwrap(),
        ))
        .privilege("apptoken")
        .unwrap()
        .to_string();
        (id, link_token)
    };
    let (id, live_link) = event("Tidy");
    let (gone, gone_link) = event("Gone");
    run(&home, cmd().args(["delete", &gone, "--yes"]), 0, &token);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let expired: Vec<String> = (0..3)
        .map(|i| {
            add_token(
                &home,
                &sandbox,
                json!({"sessionType": 0, "sessionUserId": "kwebcast-attendee",
                    "sessionPrivileges": format!("sview:0_old{i},enableentitlement"),
                    "description": format!("kwebcast: attendee link for 0_old{i}"),
                    "expiry": now - 3_600 * (i + 1)}),
            )
        })
        .collect();
    let not_ours = add_token(
        &home,
        &sandbox,
        json!({"sessionType": 0, "description": "someone's kiosk", "expiry": now - 60}),
    );
    // Named like ours, but an ADMIN token: never kwebcast's to delete.
    let admin_alike = add_token(
        &home,
        &sandbox,
        json!({"sessionType": 2, "sessionPrivileges": "sview:0_old0",
            "description": "kwebcast: attendee link for 0_old0", "expiry": now - 60}),
    );

    // Off a terminal, without --yes: a usage error before anything is sent.
    let (_, err) = run(&home, cmd().args(["tokens", "prune"]), 2, &token);
    assert!(err.contains("pass --yes"), "{err}");
    assert_eq!(token_status(&home, &sandbox, &expired[0]), 2);

    let (out, _) = run(
        &home,
        cmd().args(["tokens", "prune", "--yes", "--json"]),
        0,
        &token,
    );
    let v = json_line(out.as_bytes());
    // The three expired ones, and the deleted event's attendee, moderator and Studio tokens.
    assert_eq!(v["found"], 6, "{v}");
    let tokens = v["tokens"].as_array().unwrap();
    let ids = |reason: &str| -> Vec<String> {
        let mut ids: Vec<String> = tokens
            .iter()
            .filter(|t| t["reason"] == reason)
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    let mut want = expired.clone();
    want.sort();
    assert_eq!(ids("expired"), want, "{v}");
    let orphans = ids("entry_gone");
    assert_eq!(orphans.len(), 3, "{v}");
    assert!(orphans.contains(&gone_link), "{v}");
    assert!(
        tokens
            .iter()
            .filter(|t| t["reason"] == "entry_gone")
            .all(|t| t["entry_id"] == gone.as_str()),
        "{v}"
    );
    let mut deleted: Vec<String> = serde_json::from_value(v["deleted"].clone()).unwrap();
    deleted.sort();
    let mut all: Vec<String> = want.iter().chain(&orphans).cloned().collect();
    all.sort();
    assert_eq!(deleted, all);
    assert_eq!(v["failed"], json!([]));
    for t in &all {
        assert_eq!(token_status(&home, &sandbox, t), 3, "{t} deleted");
    }
    assert_eq!(
        token_status(&home, &sandbox, &admin_alike),
        2,
        "an ADMIN token named like ours is kept"
    );
    assert_eq!(
        token_status(&home, &sandbox, &not_ours),
        2,
        "not kwebcast's"
    );
    assert_eq!(
        token_status(&home, &sandbox, &live_link),
        2,
        "its event is there"
    );
    assert_eq!(token_status(&home, &sandbox, &token.0), 2, "the operator's");
    let kept = std::fs::read_to_string(link_tokens_path(&home)).unwrap();
    assert!(!kept.contains(&gone_link), "pruned tokens are forgotten");
    assert!(kept.contains(&live_link));

    let (out, _) = run(&home, cmd().args(["tokens", "prune", "--yes"]), 0, &token);
    assert!(out.contains("nothing to delete"), "{out}");
    // The remaining event's links still come from its kept tokens.
    take_stats(&sandbox);
    run(&home, cmd().args(["links", &id, "--json"]), 0, &token);
    assert_eq!(calls(&take_stats(&sandbox), "appToken.add"), 0);
}
