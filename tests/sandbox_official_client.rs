//! The proof that the sandbox speaks Kaltura: Kaltura's official clients, run unchanged against
//! it — the Node client (npm `kaltura-client`, JSON) and the Python client (PyPI
//! `KalturaApiClient`, form-encoded requests and XML answers) — perform the seed app's call
//! sequence (`seed_flow.*`) and show the server behaviour the sandbox copies from Kaltura
//! (`fidelity.*`). Versions are pinned in tests/official_client/{package.json,
//! package-lock.json,requirements.txt}. Install with `npm ci --prefix tests/official_client` and
//! `pip install -r tests/official_client/requirements.txt`.
//!
//! A client that is not installed cannot prove anything: its tests are reported **ignored, with
//! the reason** in cargo's summary (this is a `harness = false` test on `libtest-mimic`, which
//! can ignore a test at run time), never as passed. Under CI (`CI=true`) a missing client or
//! interpreter is a failure.

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
}

impl Client {
    fn program(self) -> &'static str {
        match self {
            Client::Node => "node",
            Client::Python => "python3",
        }
    }

    fn install(self) -> &'static str {
        match self {
            Client::Node => "npm ci --prefix tests/official_client",
            Client::Python => "pip install -r tests/official_client/requirements.txt",
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
        };
        match probe {
            Ok(o) if o.status.success() => None,
            Ok(_) if matches!(self, Client::Python) => {
                Some("the official Kaltura Python client is not importable by python3".into())
            }
            Ok(_) | Err(_) => Some(format!("`{}` cannot run", self.program())),
        }
    }
}

/// Runs `script` with `client` against a fresh sandbox; returns the sandbox (for its counters)
/// and the script's JSON summary line.
async fn run_script(client: Client, script: &str) -> Result<(Env, Value), String> {
    let env = Env::start_with(fast_options()).await;
    let dir = client_dir();
    let child = tokio::process::Command::new(client.program())
        .arg(dir.join(script))
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
    if summary["ok"] != true {
        return Err(format!("{script}: {summary}"));
    }
    Ok((env, summary))
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

/// One official-client test: ignored (with the reason) when the client cannot run, except
/// under CI where that fails.
fn trial(name: &str, client: Client, script: &'static str, seed: bool) -> Trial {
    Trial::ignorable_test(name, move || {
        if let Some(why) = client.missing() {
            let reason = format!(
                "{why}: run `{}` to test the sandbox with it",
                client.install()
            );
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                return Err(Failed::from(reason));
            }
            return Ok(Completion::ignored_with(reason));
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| Failed::from(e.to_string()))?;
        runtime
            .block_on(async {
                let (env, summary) = run_script(client, script).await?;
                if seed {
                    check_seed_effects(&env, &summary).await?;
                }
                Ok::<_, String>(())
            })
            .map_err(Failed::from)?;
        Ok(Completion::Completed)
    })
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
        Trial::test(
            "a_missing_client_is_ignored_with_its_reason",
            a_missing_client_is_ignored_with_its_reason,
        ),
    ];
    libtest_mimic::run(&args, trials).exit();
}
