//! Try the dashboard on an in-process sandbox without any account, before the CLI wires
//! `kwebcast` to `tui::run`: `cargo run --example tui_sandbox`.
//!
//! Env (the names the CLI uses): `KWEBCAST_SANDBOX_SPEED` (lifecycle speed-up, default 1),
//! `KWEBCAST_DATA_DIR` (journal directory; default a fresh temp dir), `KWEBCAST_POLL_INTERVAL`
//! (seconds, default 2), `KWEBCAST_CLIPBOARD` (auto, osc52, system, off).

use std::time::Duration;

use kwebcast::kaltura::client::{ClientConfig, KalturaClient, KsProvider};
use kwebcast::kaltura::ks::{KsVersion, SessionType};
use kwebcast::kaltura::secret::AdminSecret;
use kwebcast::sandbox::{Sandbox, SandboxOptions};
use kwebcast::tui::{DashboardOptions, run};
use kwebcast::webcast::{ClipboardPolicy, Journal, Webcast, WebcastSettings};

fn env_num(name: &str, default: f64) -> f64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let speed = env_num("KWEBCAST_SANDBOX_SPEED", 1.0);
    let sb = Sandbox::start(SandboxOptions {
        speed,
        ..SandboxOptions::default()
    })
    .await?;
    let secret = AdminSecret::new(sb.admin_secret());
    let ks = KsProvider::Local {
        secret: secret.clone(),
        partner_id: sb.partner_id(),
        user_id: "operator@example.com".into(),
        session_type: SessionType::Admin,
        privileges: "disableentitlement".into(),
        ttl_secs: 86_400,
        version: KsVersion::V2,
    };
    let client = KalturaClient::new(ClientConfig::new(sb.url(), sb.partner_id(), ks))?;
    let mut settings = WebcastSettings::new(sb.partner_id(), sb.url(), secret);
    settings.sandbox = true;
    let data_dir = match std::env::var("KWEBCAST_DATA_DIR") {
        Ok(p) => std::path::PathBuf::from(p),
        Err(_) => std::env::temp_dir().join(format!("kwebcast-example-{}", std::process::id())),
    };
    let clipboard = std::env::var("KWEBCAST_CLIPBOARD")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(ClipboardPolicy::Auto);
    let opts = DashboardOptions {
        sandbox_url: Some(sb.url()),
        watch: Vec::new(),
        mouse: std::env::args().any(|a| a == "--mouse"),
        no_color: std::env::args().any(|a| a == "--no-color"),
        poll_interval: Duration::from_secs_f64(env_num("KWEBCAST_POLL_INTERVAL", 2.0)),
        clipboard,
        bell: true,
        journal: Journal::in_dir(&data_dir),
        log_file: std::env::temp_dir().join("kwebcast-example.log"),
    };
    run(Webcast::new(client, settings), opts).await
}
