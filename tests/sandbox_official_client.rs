//! The proof that the sandbox speaks Kaltura: Kaltura's official clients, run unchanged, perform
//! the seed app's call sequence against it — the Node client (npm `kaltura-client`, JSON) and
//! the Python client (PyPI `KalturaApiClient`, XML). Versions are pinned in
//! tests/official_client/{package.json,package-lock.json,requirements.txt}. Install with
//! `npm ci --prefix tests/official_client` and `pip install -r tests/official_client/requirements.txt`.
//! Under CI (`CI=true`) a missing client or interpreter is a failure, never a skip.

mod sandbox_support;

use sandbox_support::{Env, fast_options};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::Duration;

fn client_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/official_client")
}

fn missing(what: &str, install: &str) {
    let msg = format!("{what}: run `{install}` to test the sandbox with Kaltura's official client");
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{msg}");
    }
    eprintln!(
        "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n!!! SKIPPED: {msg}\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
    );
}

/// Runs `program script` against a fresh sandbox; `None` when the interpreter is missing.
async fn run_script(env: &Env, program: &str, script: &str) -> Option<Value> {
    run_script_with(env, program, script, &[]).await
}

/// [`run_script`] with arguments.
async fn run_script_with(env: &Env, program: &str, script: &str, args: &[&str]) -> Option<Value> {
    let dir = client_dir();
    let child = tokio::process::Command::new(program)
        .arg(dir.join(script))
        .args(args)
        .current_dir(&dir)
        .env("KALTURA_SERVICE_URL", env.sb.url())
        .env("KALTURA_PARTNER_ID", env.sb.partner_id().to_string())
        .env("KALTURA_ADMIN_SECRET", env.sb.admin_secret())
        .kill_on_drop(true)
        .output();
    let output = match tokio::time::timeout(Duration::from_secs(90), child).await {
        Ok(Ok(o)) => o,
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Ok(Err(e)) => panic!("cannot run {program}: {e}"),
        Err(_) => panic!("{script} did not finish within 90 s"),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{script} failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let summary: Value = stdout
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str(l).ok())
        .expect("a JSON summary line");
    if summary.get("ok").is_some() {
        assert_eq!(summary["ok"], true);
    }
    Some(summary)
}

/// What both clients must have left behind: their calls counted, the recording archived.
async fn check_effects(env: &Env, summary: &Value) {
    let stats = env.stats().await;
    assert_eq!(stats["calls"]["session.start"], 1, "{stats}");
    assert_eq!(stats["calls"]["liveStream.add"], 1, "{stats}");
    assert_eq!(stats["calls"]["metadata.add"], 2, "{stats}");
    assert_eq!(stats["calls"]["metadataProfile.list"], 2, "{stats}");
    assert_eq!(stats["calls"]["conversionProfile.list"], 2, "{stats}");
    assert_eq!(stats["calls"]["uiConf.listTemplates"], 1, "{stats}");
    assert!(stats["multirequests"].as_u64().unwrap_or(0) >= 1, "{stats}");
    let rec_id = summary["recordingId"].as_str().expect("recording id");
    let rec = env
        .call("baseEntry", "get", json!({"entryId": rec_id}))
        .await;
    assert_eq!(rec["rootEntryId"], summary["entryId"]);
    assert_eq!(rec["status"], 2);
    assert_eq!(rec["sourceType"], "36");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_node_client_runs_the_seed_flow() {
    let install = "npm ci --prefix tests/official_client";
    if !client_dir()
        .join("node_modules/kaltura-client/package.json")
        .exists()
    {
        return missing("the official Kaltura Node client is not installed", install);
    }
    let env = Env::start_with(fast_options()).await;
    match run_script(&env, "node", "seed_flow.js").await {
        Some(summary) => check_effects(&env, &summary).await,
        None => missing("`node` is not on PATH", install),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_python_client_runs_the_seed_flow() {
    let install = "pip install -r tests/official_client/requirements.txt";
    let probe = tokio::process::Command::new("python3")
        .args(["-c", "import KalturaClient, lxml"])
        .output()
        .await;
    if !probe.is_ok_and(|o| o.status.success()) {
        return missing(
            "the official Kaltura Python client is not importable by python3",
            install,
        );
    }
    let env = Env::start_with(fast_options()).await;
    match run_script(&env, "python3", "seed_flow.py").await {
        Some(summary) => check_effects(&env, &summary).await,
        None => missing("`python3` is not on PATH", install),
    }
}

/// The app-token sign-in as Kaltura documents it, done by the official Node client: an
/// administrator's `appToken.add`, then with the token only: the widget session, the token hash
/// (Node's crypto), `appToken.startSession`, and calls with the new KS.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_node_client_signs_in_with_an_app_token() {
    let install = "npm ci --prefix tests/official_client";
    if !client_dir()
        .join("node_modules/kaltura-client/package.json")
        .exists()
    {
        return missing("the official Kaltura Node client is not installed", install);
    }
    let env = Env::start_with(fast_options()).await;
    for hash in ["SHA256", "SHA1", "MD5", "SHA512"] {
        let fields =
            json!({"sessionType": 2, "hashType": hash, "sessionUserId": "desk@example.com"});
        let Some(token) =
            run_script_with(&env, "node", "app_token.js", &["add", &fields.to_string()]).await
        else {
            return missing("`node` is not on PATH", install);
        };
        let id = token["id"].as_str().expect("id");
        let value = token["token"].as_str().expect("token");
        assert_eq!(token["hashType"], hash);
        let flow = run_script_with(&env, "node", "app_token.js", &["flow", id, value, hash])
            .await
            .expect("node ran above");
        assert_eq!(flow["sessionType"], 2, "{flow}");
        assert_eq!(
            flow["userId"], "desk@example.com",
            "the token's user wins: {flow}"
        );
        assert_eq!(flow["privileges"], format!("sessionid:{id},apptoken:{id}"));
        assert_eq!(flow["sessionGet"]["userId"], "desk@example.com");
        assert!(flow["listed"].as_i64().is_some(), "{flow}");
    }
    let stats = env.stats().await;
    assert_eq!(stats["calls"]["session.startWidgetSession"], 4, "{stats}");
    assert_eq!(stats["calls"]["appToken.startSession"], 4, "{stats}");
}

/// The same with the official Python client (XML answers), its hash from Python's hashlib.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_python_client_signs_in_with_an_app_token() {
    let install = "pip install -r tests/official_client/requirements.txt";
    let probe = tokio::process::Command::new("python3")
        .args(["-c", "import KalturaClient, lxml"])
        .output()
        .await;
    if !probe.is_ok_and(|o| o.status.success()) {
        return missing(
            "the official Kaltura Python client is not importable by python3",
            install,
        );
    }
    let env = Env::start_with(fast_options()).await;
    let Some(summary) = run_script(&env, "python3", "app_token.py").await else {
        return missing("`python3` is not on PATH", install);
    };
    let id = summary["tokenId"].as_str().expect("token id");
    assert_eq!(summary["sessionType"], 2, "{summary}");
    assert_eq!(summary["userId"], "py@example.com");
    assert_eq!(
        summary["privileges"],
        format!("sessionid:{id},apptoken:{id}")
    );
    assert_eq!(summary["wrongHash"], "INVALID_APP_TOKEN_HASH");
}
