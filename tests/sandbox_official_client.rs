//! The proof that the sandbox speaks Kaltura: Kaltura's official clients, run unchanged against
//! it — the Node client (npm `kaltura-client`, JSON) and the Python client (PyPI
//! `KalturaApiClient`: JSON bodies whose values are all strings, XML answers) — perform the seed
//! app's call sequence (`seed_flow.*`) and show the server behaviour the sandbox copies from
//! Kaltura (`fidelity.*`) and a live event's telemetry (`telemetry.py`: audience, ingest points,
//! the realtime report); `KalturaApiClient` 16.0.0, the version Kaltura's Python webcasting
//! sample pins, performs that sample's calls (`sample_flow_py16.py`) with a service URL ending
//! in `/`. Versions are pinned in tests/official_client/{package.json,
//! package-lock.json,requirements.txt,requirements-py16.txt}. Install with `npm ci --prefix tests/official_client` and
//! `pip install -r tests/official_client/requirements.txt`.
//!
//! A client that is not installed cannot prove anything: its tests are reported **ignored, with
//! the reason** in cargo's summary (this is a `harness = false` test on `libtest-mimic`, which
//! can ignore a test at run time), never as passed. Under CI (`CI=true`) a missing client or
//! interpreter is a failure.

mod needs_support;
mod sandbox_support;

use libtest_mimic::{Arguments, Completion, Failed, Trial};
use sandbox_support::{Env, fast_options};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::Duration;

/// Where the client scripts and the Node client live; `KWEBCAST_OFFICIAL_CLIENT_DIR` points
/// elsewhere (the self-check below uses an empty directory: a client not installed).
fn client_dir() -> PathBuf {
    std::env::var_os("KWEBCAST_OFFICIAL_CLIENT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/official_client"))
}

/// Runs this very test binary on one Node test with no Node client installed (outside CI):
/// cargo's summary must show it ignored with the reason, never passed.
fn a_missing_client_is_ignored_with_its_reason() -> Result<(), Failed> {
    let empty = tempfile::tempdir().map_err(|e| Failed::from(e.to_string()))?;
    let me = std::env::current_exe().map_err(|e| Failed::from(e.to_string()))?;
    let out = std::process::Command::new(me)
        .args(["--exact", "official_node_client_runs_the_seed_flow"])
        .env("KWEBCAST_OFFICIAL_CLIENT_DIR", empty.path())
        .env_remove("CI")
        .output()
        .map_err(|e| Failed::from(e.to_string()))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let shown = out.status.success()
        && stdout.contains(
            "official_node_client_runs_the_seed_flow ... ignored (the official Kaltura Node client is not installed: run `npm ci --prefix tests/official_client`",
        )
        && stdout.contains("0 passed; 0 failed; 1 ignored");
    if shown {
        Ok(())
    } else {
        Err(Failed::from(format!("not shown as ignored:\n{stdout}")))
    }
}

/// An official client and how to tell whether it can run here.
#[derive(Clone, Copy)]
enum Client {
    Node,
    Python,
    /// `KalturaApiClient` 16.0.0, the version Kaltura's Python webcasting sample pins, in its
    /// own virtualenv (`tests/official_client/py16`, made by `.ci/run`).
    Python16,
}

impl Client {
    fn program(self) -> String {
        match self {
            Client::Node => "node".into(),
            Client::Python => "python3".into(),
            Client::Python16 => client_dir()
                .join("py16/bin/python")
                .to_string_lossy()
                .into_owned(),
        }
    }

    fn install(self) -> &'static str {
        match self {
            Client::Node => "npm ci --prefix tests/official_client",
            Client::Python => "pip install -r tests/official_client/requirements.txt",
            Client::Python16 => {
                "python3 -m venv tests/official_client/py16 && tests/official_client/py16/bin/pip install -r tests/official_client/requirements-py16.txt"
            }
        }
    }

    /// Why this client cannot run here, or `None` when it can.
    fn missing(self) -> Option<String> {
        let probe = match self {
            Client::Node => {
                if !client_dir()
                    .join("node_modules/kaltura-client/package.json")
                    .exists()
                {
                    return Some("the official Kaltura Node client is not installed".into());
                }
                std::process::Command::new("node").arg("--version").output()
            }
            Client::Python => std::process::Command::new("python3")
                .args(["-c", "import KalturaClient, lxml"])
                .output(),
            Client::Python16 => std::process::Command::new(self.program())
                .args(["-c", "import KalturaClient"])
                .output(),
        };
        match probe {
            Ok(o) if o.status.success() => None,
            Ok(_) if matches!(self, Client::Python) => {
                Some("the official Kaltura Python client is not importable by python3".into())
            }
            Ok(_) | Err(_) if matches!(self, Client::Python16) => Some(
                "the official Kaltura Python client 16.0.0 virtualenv is missing (tests/official_client/py16)"
                    .into(),
            ),
            Ok(_) | Err(_) => Some(format!("`{}` cannot run", self.program())),
        }
    }
}

/// Runs `script` with `client` against a fresh sandbox; returns the sandbox (for its counters)
/// and the script's JSON summary line.
async fn run_script(client: Client, script: &str) -> Result<(Env, Value), String> {
    let env = Env::start_with(fast_options()).await;
    let summary = run_script_in(&env, client, script, &[]).await?;
    Ok((env, summary))
}

/// Runs `script ARGS` with `client` against `env`'s sandbox; returns its JSON summary line (whose
/// `ok`, when present, must be true).
async fn run_script_in(
    env: &Env,
    client: Client,
    script: &str,
    args: &[&str],
) -> Result<Value, String> {
    let dir = client_dir();
    let child = tokio::process::Command::new(client.program())
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
        Ok(Err(e)) => return Err(format!("cannot run {}: {e}", client.program())),
        Err(_) => return Err(format!("{script} did not finish within 90 s")),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!(
            "{script} failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
        ));
    }
    let summary: Value = stdout
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str(l).ok())
        .ok_or_else(|| format!("{script} printed no JSON summary:\n{stdout}"))?;
    if summary.get("ok").is_some_and(|ok| ok != true) {
        return Err(format!("{script}: {summary}"));
    }
    Ok(summary)
}

/// What a seed flow must have left behind: its calls counted, the recording archived.
async fn check_seed_effects(env: &Env, summary: &Value) -> Result<(), String> {
    let stats = env.stats().await;
    for (call, n) in [
        ("session.start", 1),
        ("liveStream.add", 1),
        ("metadata.add", 2),
        ("metadataProfile.list", 2),
        ("conversionProfile.list", 2),
        ("uiConf.listTemplates", 1),
    ] {
        if stats["calls"][call] != n {
            return Err(format!("expected {n} × {call}: {stats}"));
        }
    }
    if stats["multirequests"].as_u64().unwrap_or(0) < 1 {
        return Err(format!("no multirequest: {stats}"));
    }
    let rec_id = summary["recordingId"].as_str().ok_or("no recording id")?;
    let rec = env
        .call("baseEntry", "get", json!({"entryId": rec_id}))
        .await;
    if rec["rootEntryId"] != summary["entryId"] || rec["status"] != 2 || rec["sourceType"] != "36" {
        return Err(format!("the recording is not what Kaltura makes: {rec}"));
    }
    Ok(())
}

/// One official-client test running `script` (and, for a seed flow, checking its effects).
fn trial(name: &str, client: Client, script: &'static str, seed: bool) -> Trial {
    trial_with(name, client, move || async move {
        let (env, summary) = run_script(client, script).await?;
        if seed {
            check_seed_effects(&env, &summary).await?;
        }
        Ok(())
    })
}

/// One official-client test: ignored (with the reason) when the client cannot run, except
/// under CI where that fails (the policy of `needs_support`, shared with the tmux tests); otherwise `body` runs on its own runtime.
fn trial_with<F, Fut>(name: &str, client: Client, body: F) -> Trial
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    Trial::ignorable_test(name, move || {
        if let Some(why) = client.missing() {
            let reason = format!(
                "{why}: run `{}` to test the sandbox with it",
                client.install()
            );
            return needs_support::unrunnable(reason, needs_support::under_ci());
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| Failed::from(e.to_string()))?;
        runtime.block_on(body()).map_err(Failed::from)?;
        Ok(Completion::Completed)
    })
}

/// Checks `cond`, or fails with `what` and the value shown.
fn ensure(cond: bool, what: &str, shown: &Value) -> Result<(), String> {
    if cond {
        Ok(())
    } else {
        Err(format!("{what}: {shown}"))
    }
}

/// The app-token sign-in as Kaltura documents it, done by the official Node client: an
/// administrator's `appToken.add`, then with the token only: the widget session, the token hash
/// (Node's crypto), `appToken.startSession`, and calls with the new KS.
async fn node_client_signs_in_with_an_app_token() -> Result<(), String> {
    let env = Env::start_with(fast_options()).await;
    for hash in ["SHA256", "SHA1", "MD5", "SHA512"] {
        let fields =
            json!({"sessionType": 2, "hashType": hash, "sessionUserId": "desk@example.com"});
        let token = run_script_in(
            &env,
            Client::Node,
            "app_token.js",
            &["add", &fields.to_string()],
        )
        .await?;
        let id = token["id"].as_str().ok_or("no token id")?;
        let value = token["token"].as_str().ok_or("no token")?;
        ensure(token["hashType"] == hash, "hash type", &token)?;
        let flow = run_script_in(
            &env,
            Client::Node,
            "app_token.js",
            &["flow", id, value, hash],
        )
        .await?;
        ensure(flow["sessionType"] == 2, "session type", &flow)?;
        ensure(
            flow["userId"] == "desk@example.com",
            "the token's user wins",
            &flow,
        )?;
        ensure(
            flow["privileges"] == format!("sessionid:{id},apptoken:{id}"),
            "privileges",
            &flow,
        )?;
        ensure(
            flow["sessionGet"]["userId"] == "desk@example.com",
            "session.get",
            &flow,
        )?;
        ensure(flow["listed"].as_i64().is_some(), "a list call", &flow)?;
    }
    let stats = env.stats().await;
    ensure(
        stats["calls"]["session.startWidgetSession"] == 4,
        "4 widget sessions",
        &stats,
    )?;
    ensure(
        stats["calls"]["appToken.startSession"] == 4,
        "4 token sessions",
        &stats,
    )
}

/// The same with the official Python client (XML answers), its hash from Python's hashlib.
async fn python_client_signs_in_with_an_app_token() -> Result<(), String> {
    let (_env, summary) = run_script(Client::Python, "app_token.py").await?;
    let id = summary["tokenId"].as_str().ok_or("no token id")?;
    ensure(summary["sessionType"] == 2, "session type", &summary)?;
    ensure(summary["userId"] == "py@example.com", "user", &summary)?;
    ensure(
        summary["privileges"] == format!("sessionid:{id},apptoken:{id}"),
        "privileges",
        &summary,
    )?;
    ensure(
        summary["wrongHash"] == "INVALID_APP_TOKEN_HASH",
        "a wrong hash is refused",
        &summary,
    )
}

/// Runs Kaltura's webcasting sample flow (our script, the sample's calls) with the client the
/// sample pins; the service URL ends in `/`, as the sample configures it.
async fn run_sample(env: &Env) -> Result<Value, String> {
    let dir = client_dir();
    let child = tokio::process::Command::new(Client::Python16.program())
        .arg(dir.join("sample_flow_py16.py"))
        .current_dir(&dir)
        .env("KALTURA_SERVICE_URL", format!("{}/", env.sb.url()))
        .env("SANDBOX_CONTROL_URL", env.sb.url())
        .env("KALTURA_PARTNER_ID", env.sb.partner_id().to_string())
        .env("KALTURA_ADMIN_SECRET", env.sb.admin_secret())
        .kill_on_drop(true)
        .output();
    let output = match tokio::time::timeout(Duration::from_secs(90), child).await {
        Ok(Ok(o)) => o,
        Ok(Err(e)) => return Err(format!("cannot run the Python 16 client: {e}")),
        Err(_) => return Err("sample_flow_py16.py did not finish within 90 s".into()),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!(
            "sample_flow_py16.py failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
        ));
    }
    let summary: Value = stdout
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str(l).ok())
        .ok_or_else(|| format!("no JSON summary:\n{stdout}"))?;
    ensure(summary["ok"] == true, "the sample's summary", &summary)?;
    Ok(summary)
}

/// Kaltura's Python webcasting sample runs unchanged: every call through `//api_v3/...`, the
/// live profile by system name (then, once renamed, the account's default), both metadata
/// profiles, the Studio template, the recording by root.
async fn kalturas_python_webcasting_sample_runs_unchanged() -> Result<(), String> {
    let env = Env::start_with(fast_options()).await;
    let summary = run_sample(&env).await?;
    let stats = env.stats().await;
    let calls = &stats["calls"];
    for (call, n) in [
        ("conversionProfile.list", 2),
        ("liveStream.add", 1),
        ("metadataProfile.list", 2),
        ("metadata.add", 2),
        ("uiConf.listTemplates", 1),
    ] {
        ensure(calls[call] == n, &format!("{n} × {call}"), &stats)?;
    }
    ensure(
        calls.get("conversionProfile.getDefault").is_none(),
        "no getDefault while Default_Live exists",
        &stats,
    )?;
    ensure(
        calls["baseEntry.list"].as_u64().unwrap_or(0) >= 1,
        "baseEntry.list by root",
        &stats,
    )?;
    ensure(
        calls["session.start"].as_u64().unwrap_or(0) >= 5,
        "a session per client, as the sample makes them",
        &stats,
    )?;
    ensure(
        stats["multirequests"] == 0,
        "the sample sends every call alone",
        &stats,
    )?;
    ensure(
        summary["liveProfileFoundBy"] == "list",
        "found by system name",
        &summary,
    )?;
    let live = env
        .call("conversionprofile", "getDefault", json!({"type": "2"}))
        .await;
    ensure(
        summary["liveProfileId"] == live["id"] && live["systemName"] == "Default_Live",
        "the entry's profile is Default_Live",
        &summary,
    )?;
    let entry = env
        .call("livestream", "get", json!({"entryId": summary["entryId"]}))
        .await;
    ensure(
        entry["adminTags"] == "kms-webcast-event,vpaas-webcast"
            && entry["entitledUsersEdit"] == "sample-moderator,sample-broadcaster",
        "the entry as the sample made it",
        &entry,
    )?;
    let rec = env
        .call(
            "baseEntry",
            "get",
            json!({"entryId": summary["recordingId"]}),
        )
        .await;
    ensure(
        rec["rootEntryId"] == summary["entryId"],
        "the recording found by root",
        &rec,
    )?;

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
    let again = run_sample(&env).await?;
    ensure(
        again["liveProfileFoundBy"] == "getDefault" && again["liveProfileId"] == live["id"],
        "the default live profile",
        &again,
    )?;
    let stats = env.stats().await;
    ensure(
        stats["calls"]["conversionProfile.getDefault"] == 1,
        "one getDefault",
        &stats,
    )
}

fn main() {
    let args = Arguments::from_args();
    let trials = vec![
        trial(
            "official_node_client_runs_the_seed_flow",
            Client::Node,
            "seed_flow.js",
            true,
        ),
        trial(
            "official_python_client_runs_the_seed_flow",
            Client::Python,
            "seed_flow.py",
            true,
        ),
        trial(
            "official_node_client_sees_kaltura_behaviour",
            Client::Node,
            "fidelity.js",
            false,
        ),
        trial(
            "official_python_client_sees_kaltura_behaviour",
            Client::Python,
            "fidelity.py",
            false,
        ),
        trial(
            "official_python_client_reads_a_live_events_telemetry",
            Client::Python,
            "telemetry.py",
            false,
        ),
        trial_with(
            "official_node_client_signs_in_with_an_app_token",
            Client::Node,
            node_client_signs_in_with_an_app_token,
        ),
        trial_with(
            "official_python_client_signs_in_with_an_app_token",
            Client::Python,
            python_client_signs_in_with_an_app_token,
        ),
        trial_with(
            "kalturas_python_webcasting_sample_runs_unchanged_with_client_16",
            Client::Python16,
            kalturas_python_webcasting_sample_runs_unchanged,
        ),
        Trial::test(
            "a_missing_client_is_ignored_with_its_reason",
            a_missing_client_is_ignored_with_its_reason,
        ),
    ];
    libtest_mimic::run(&args, trials).exit();
}
