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
    let dir = client_dir();
    let child = tokio::process::Command::new(program)
        .arg(dir.join(script))
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
    assert_eq!(summary["ok"], true);
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

/// The interpreter of the Python 16 virtualenv `.ci/run` makes.
fn py16() -> PathBuf {
    client_dir().join("py16/bin/python")
}

/// Runs Kaltura's webcasting sample flow (our script, the sample's calls) with the client the
/// sample pins; the service URL ends in `/`, as the sample configures it.
async fn run_sample(env: &Env) -> Value {
    let dir = client_dir();
    let child = tokio::process::Command::new(py16())
        .arg(dir.join("sample_flow_py16.py"))
        .current_dir(&dir)
        .env("KALTURA_SERVICE_URL", format!("{}/", env.sb.url()))
        .env("SANDBOX_CONTROL_URL", env.sb.url())
        .env("KALTURA_PARTNER_ID", env.sb.partner_id().to_string())
        .env("KALTURA_ADMIN_SECRET", env.sb.admin_secret())
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(90), child)
        .await
        .expect("the sample finishes within 90 s")
        .expect("the Python 16 interpreter runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "sample_flow_py16.py failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let summary: Value = stdout
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str(l).ok())
        .expect("a JSON summary line");
    assert_eq!(summary["ok"], true);
    summary
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kalturas_python_webcasting_sample_runs_unchanged_with_client_16() {
    let install = "python3 -m venv tests/official_client/py16 && tests/official_client/py16/bin/pip install -r tests/official_client/requirements-py16.txt";
    if !py16().exists() {
        return missing(
            "the Python 16 client virtualenv is missing (tests/official_client/py16)",
            install,
        );
    }
    let env = Env::start_with(fast_options()).await;
    let summary = run_sample(&env).await;
    // Every call of the sample went through `//api_v3/...` and was served.
    let stats = env.stats().await;
    let calls = &stats["calls"];
    assert_eq!(calls["conversionProfile.list"], 2, "{stats}");
    assert!(
        calls.get("conversionProfile.getDefault").is_none(),
        "{stats}"
    );
    assert_eq!(calls["liveStream.add"], 1, "{stats}");
    assert_eq!(calls["metadataProfile.list"], 2, "{stats}");
    assert_eq!(calls["metadata.add"], 2, "{stats}");
    assert_eq!(calls["uiConf.listTemplates"], 1, "{stats}");
    assert!(
        calls["baseEntry.list"].as_u64().unwrap_or(0) >= 1,
        "{stats}"
    );
    assert!(calls["session.start"].as_u64().unwrap_or(0) >= 5, "{stats}");
    assert_eq!(
        stats["multirequests"], 0,
        "the sample sends every call alone"
    );
    assert_eq!(summary["liveProfileFoundBy"], "list");
    let live = env
        .call("conversionprofile", "getDefault", json!({"type": "2"}))
        .await;
    assert_eq!(summary["liveProfileId"], live["id"]);
    assert_eq!(live["systemName"], "Default_Live");
    let entry = env
        .call("livestream", "get", json!({"entryId": summary["entryId"]}))
        .await;
    assert_eq!(entry["adminTags"], "kms-webcast-event,vpaas-webcast");
    assert_eq!(
        entry["entitledUsersEdit"],
        "sample-moderator,sample-broadcaster"
    );
    let rec = env
        .call(
            "baseEntry",
            "get",
            json!({"entryId": summary["recordingId"]}),
        )
        .await;
    assert_eq!(rec["rootEntryId"], summary["entryId"]);

    // An account whose live profile has another system name: the sample falls back to the
    // account's default live profile.
    env.call(
        "conversionprofile",
        "update",
        json!({"id": live["id"], "conversionProfile": {
            "objectType": "KalturaConversionProfile", "systemName": "Renamed_Live"}}),
    )
    .await;
    env.control("/sandbox/stats/reset").await;
    let again = run_sample(&env).await;
    assert_eq!(again["liveProfileFoundBy"], "getDefault");
    assert_eq!(again["liveProfileId"], live["id"]);
    assert_eq!(
        env.stats().await["calls"]["conversionProfile.getDefault"],
        1
    );
}
