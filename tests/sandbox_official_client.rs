//! The proof that the sandbox speaks Kaltura: Kaltura's official Node client (npm
//! `kaltura-client`, pinned in tests/official_client/package.json, run unchanged) performs the
//! seed app's call sequence against it. Install with `npm ci --prefix tests/official_client`.
//! Under CI (`CI=true`) a missing client or node is a failure, never a skip.

mod sandbox_support;

use sandbox_support::{Env, fast_options};
use std::path::PathBuf;
use std::time::Duration;

fn client_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/official_client")
}

fn missing(what: &str) {
    let msg = format!(
        "{what}: run `npm ci --prefix tests/official_client` (needs node and npm) to test the sandbox with Kaltura's official client"
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{msg}");
    }
    eprintln!(
        "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n!!! SKIPPED: {msg}\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_node_client_runs_the_seed_flow() {
    let dir = client_dir();
    if !dir
        .join("node_modules/kaltura-client/package.json")
        .exists()
    {
        return missing("the official Kaltura Node client is not installed");
    }
    let env = Env::start_with(fast_options()).await;
    let child = tokio::process::Command::new("node")
        .arg(dir.join("seed_flow.js"))
        .current_dir(&dir)
        .env("KALTURA_SERVICE_URL", env.sb.url())
        .env("KALTURA_PARTNER_ID", env.sb.partner_id().to_string())
        .env("KALTURA_ADMIN_SECRET", env.sb.admin_secret())
        .kill_on_drop(true)
        .output();
    let output = match tokio::time::timeout(Duration::from_secs(60), child).await {
        Ok(Ok(o)) => o,
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return missing("`node` is not on PATH");
        }
        Ok(Err(e)) => panic!("cannot run node: {e}"),
        Err(_) => panic!("the official client script did not finish within 60 s"),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "official client failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let summary: serde_json::Value = stdout
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str(l).ok())
        .expect("a JSON summary line");
    assert_eq!(summary["ok"], true);
    // The client's calls really reached the sandbox, batched where the script batched them.
    let stats = env.stats().await;
    assert_eq!(stats["calls"]["liveStream.add"], 1, "{stats}");
    assert_eq!(stats["calls"]["metadata.add"], 2, "{stats}");
    assert_eq!(stats["calls"]["conversionProfile.list"], 2, "{stats}");
    assert!(stats["multirequests"].as_u64().unwrap_or(0) >= 1, "{stats}");
    // The recording the client found is the one the sandbox made, archived and visible.
    let rec_id = summary["recordingId"].as_str().expect("recording id");
    let rec = env
        .call("baseEntry", "get", serde_json::json!({"entryId": rec_id}))
        .await;
    assert_eq!(rec["rootEntryId"], summary["entryId"]);
    assert_eq!(rec["status"], 2);
}
