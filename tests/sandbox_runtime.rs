//! Starting and stopping: loopback-only binding, the state file (atomic, round trip, corrupt
//! file refused), shutdown.

mod sandbox_support;

use kwebcast::sandbox::{Sandbox, SandboxError, SandboxOptions};
use sandbox_support::{Env, fast_options};
use serde_json::json;
use std::net::SocketAddr;

#[tokio::test]
async fn a_non_loopback_bind_is_refused_unless_allowed() {
    let opts = SandboxOptions {
        bind: "0.0.0.0:0".parse::<SocketAddr>().unwrap(),
        ..fast_options()
    };
    let err = Sandbox::start(opts).await.err().expect("refused");
    assert!(matches!(err, SandboxError::NonLoopback(_)), "{err}");
    assert!(err.to_string().contains("--allow-remote"), "{err}");
}

#[tokio::test]
async fn url_partner_and_secret_are_reported() {
    let opts = SandboxOptions {
        partner_id: 4242,
        admin_secret: "s3cr3t".into(),
        ..fast_options()
    };
    let sb = Sandbox::start(opts).await.unwrap();
    assert!(sb.url().starts_with("http://127.0.0.1:"));
    assert_ne!(sb.local_addr().port(), 0);
    assert_eq!(sb.partner_id(), 4242);
    assert_eq!(sb.admin_secret(), "s3cr3t");
    let url = sb.url();
    sb.shutdown().await;
    let after = reqwest::Client::new()
        .get(format!("{url}/sandbox/stats"))
        .send()
        .await;
    assert!(after.is_err(), "the server stopped");
}

#[tokio::test]
async fn state_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox-state.json");
    let opts = SandboxOptions {
        state_file: Some(path.clone()),
        admin_secret: "persist-secret".into(),
        ..fast_options()
    };
    let env = Env::start_with(opts.clone()).await;
    let e = env.add_live("Survivor").await;
    let id = e["id"].as_str().unwrap().to_string();
    env.sb.shutdown().await;
    assert!(path.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|d| d.ok())
        .filter(|d| d.file_name().to_string_lossy().contains(".tmp."))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left behind");
    let env = Env::start_with(opts).await;
    let got = env.call("liveStream", "get", json!({"entryId": id})).await;
    assert_eq!(got["name"], "Survivor", "{got}");
}

#[tokio::test]
async fn a_corrupt_state_file_is_an_error_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    std::fs::write(&path, b"{ this is not json").unwrap();
    let opts = SandboxOptions {
        state_file: Some(path.clone()),
        ..fast_options()
    };
    let err = Sandbox::start(opts).await.err().expect("refused");
    assert!(matches!(err, SandboxError::StateCorrupt { .. }), "{err}");
    assert!(err.to_string().contains("state.json"));
    assert_eq!(std::fs::read(&path).unwrap(), b"{ this is not json");
}

#[tokio::test]
async fn a_state_file_of_another_partner_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let first = SandboxOptions {
        state_file: Some(path.clone()),
        partner_id: 1000,
        ..fast_options()
    };
    Sandbox::start(first).await.unwrap().shutdown().await;
    let second = SandboxOptions {
        state_file: Some(path),
        partner_id: 2000,
        ..fast_options()
    };
    let err = Sandbox::start(second).await.err().expect("refused");
    assert!(
        matches!(
            err,
            SandboxError::PartnerMismatch {
                found: 1000,
                wanted: 2000,
                ..
            }
        ),
        "{err}"
    );
}
