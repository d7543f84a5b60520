//! `kwebcast sandbox`: serve the built-in Kaltura API simulator until Ctrl-C or SIGTERM, for
//! the official client libraries, other tools, or a second kwebcast pointed at it.

use super::args::SandboxArgs;
use super::failure::Failure;
use super::signals::StopSignal;
use crate::sandbox::{Sandbox, SandboxError, SandboxOptions};
use std::io::Write;
use std::time::Duration;

/// Starts, announces, serves, stops.
pub async fn run(args: &SandboxArgs) -> Result<(), Failure> {
    let opts = options(args)?;
    // Listen for SIGTERM before announcing, so a supervisor that stops us right after the
    // announcement gets a clean stop, not the default kill.
    let stop = StopSignal::install().map_err(|e| Failure::Runtime(e.into()))?;
    let random_secret = args.admin_secret.is_none();
    let secret = opts.admin_secret.clone();
    let sandbox = Sandbox::start(opts).await.map_err(|e| match e {
        SandboxError::NonLoopback(_) | SandboxError::InvalidOption(_) => {
            Failure::Usage(e.to_string())
        }
        other => Failure::Runtime(other.into()),
    })?;
    {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(
            stdout,
            "sandbox listening on {} (partner {})",
            sandbox.url(),
            sandbox.partner_id()
        );
        let _ = stdout.flush();
    }
    eprintln!(
        "connect with: KALTURA_SERVICE_URL={} KALTURA_PARTNER_ID={} KALTURA_ADMIN_SECRET={}",
        sandbox.url(),
        sandbox.partner_id(),
        if random_secret {
            // A throwaway secret made for this run: the only way to use the sandbox.
            secret.as_str()
        } else {
            "(the --admin-secret you chose)"
        }
    );
    tracing::info!(url = %sandbox.url(), partner = sandbox.partner_id(), "sandbox serving");
    stop.wait().await;
    tracing::info!("sandbox stopping");
    sandbox.shutdown().await;
    Ok(())
}

fn options(args: &SandboxArgs) -> Result<SandboxOptions, Failure> {
    let defaults = SandboxOptions::default();
    if !(args.speed.is_finite() && args.speed > 0.0) {
        return Err(Failure::Usage(format!(
            "--speed {} must be above zero; use 1 for real time or 10 for ten times faster",
            args.speed
        )));
    }
    if !(0.0..=1.0).contains(&args.fail_rate) {
        return Err(Failure::Usage(format!(
            "--fail-rate {} must be between 0 and 1; use 0.1 to fail one call in ten",
            args.fail_rate
        )));
    }
    let auto_live_after = match args.auto_live_after {
        None => None,
        Some(secs) if secs.is_finite() && secs >= 0.0 => Some(Duration::from_secs_f64(secs)),
        Some(secs) => {
            return Err(Failure::Usage(format!(
                "--auto-live-after {secs} must be a number of seconds, zero or more"
            )));
        }
    };
    if !args.bind.ip().is_loopback() && !args.allow_remote {
        return Err(Failure::Usage(format!(
            "--bind {} is not a loopback address and the sandbox has no real security; add --allow-remote if you mean it",
            args.bind
        )));
    }
    Ok(SandboxOptions {
        bind: args.bind,
        partner_id: args.partner_id.unwrap_or(defaults.partner_id),
        admin_secret: args.admin_secret.clone().unwrap_or(defaults.admin_secret),
        user_secret: defaults.user_secret,
        speed: args.speed,
        auto_live_after,
        latency: Duration::from_millis(args.latency_ms),
        fail_rate: args.fail_rate,
        index_lag: args
            .index_lag_ms
            .map(Duration::from_millis)
            .unwrap_or_else(|| crate::sandbox::interactive_index_lag(args.speed)),
        state_file: args.state.clone(),
        allow_remote: args.allow_remote,
    })
}
