//! `kwebcast sandbox`: serve the built-in Kaltura API simulator until Ctrl-C or SIGTERM, for
//! the official client libraries, other tools, or a second kwebcast pointed at it.
//!
//! The admin secret comes from `--admin-secret-file FILE` or `--admin-secret` (which `ps`
//! shows), else the environment (`KWEBCAST_SANDBOX_ADMIN_SECRET`), else the `--state` file's
//! (so a restart keeps the secret scripts were given), else a random one, printed.
//!
//! `--reset` starts over: alone, it deletes the in-process sandbox's state in the data directory
//! (what commands run without an account share) and exits; with `--state FILE`, it empties FILE
//! before serving.

use super::args::SandboxArgs;
use super::failure::Failure;
use super::output::Output;
use super::signals::StopSignal;
use crate::config::Settings;
use crate::sandbox::{Sandbox, SandboxError, SandboxOptions};
use std::io::Write;
use std::time::Duration;

/// The environment variable the sandbox's admin secret may come from.
pub const SECRET_ENV: &str = "KWEBCAST_SANDBOX_ADMIN_SECRET";

/// Starts, announces, serves, stops (or, with `--reset` alone, resets the in-process state).
pub async fn run(args: &SandboxArgs, settings: &Settings, out: &Output) -> Result<(), Failure> {
    if args.reset {
        let path = match &args.state {
            Some(path) => path.clone(),
            None => crate::sandbox::in_process_state_file(&settings.data_dir),
        };
        let removed = crate::sandbox::reset_state(&path).map_err(|e| {
            Failure::Runtime(
                anyhow::Error::new(e)
                    .context(format!("cannot reset the sandbox state {}", path.display())),
            )
        })?;
        if args.state.is_none() {
            return reset_in_process(&path, removed, out);
        }
    }
    let chosen = chosen_secret(args, std::env::var(SECRET_ENV).ok())?;
    let random_secret = chosen.is_none();
    let opts = options(args, chosen)?;
    // Listen for SIGTERM before announcing, so a supervisor that stops us right after the
    // announcement gets a clean stop, not the default kill.
    let stop = StopSignal::install().map_err(|e| Failure::Runtime(e.into()))?;
    let sandbox = Sandbox::start(opts).await.map_err(|e| match e {
        SandboxError::NonLoopback(_) | SandboxError::InvalidOption(_) => {
            Failure::Usage(e.to_string())
        }
        SandboxError::Bind { addr, source } if source.kind() == std::io::ErrorKind::AddrInUse => {
            Failure::Runtime(anyhow::anyhow!(
                "cannot listen on {addr}: another program (perhaps another `kwebcast sandbox`) \
                 already uses that port; stop it, or pick another port with --bind \
                 127.0.0.1:0 (any free one) or --bind 127.0.0.1:PORT"
            ))
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
            // Not chosen by the operator (random, or kept in the --state file): the only way to
            // use the sandbox.
            sandbox.admin_secret()
        } else {
            "(the secret you chose)"
        }
    );
    if random_secret && args.state.is_some() {
        eprintln!(
            "the admin secret is kept in the --state file: a restart with the same file keeps it"
        );
    }
    // Not chosen by the user (a new one per state file), so always shown: with it, session.start
    // opens USER sessions, as with a real partner's user secret.
    eprintln!(
        "user secret (session.start of USER sessions): {}",
        sandbox.user_secret()
    );
    tracing::info!(url = %sandbox.url(), partner = sandbox.partner_id(), "sandbox serving");
    stop.wait().await;
    tracing::info!("sandbox stopping");
    sandbox.shutdown().await;
    Ok(())
}

/// The secret the operator chose: `--admin-secret`, `--admin-secret-file` (which must be
/// private and not empty) or the environment, in that order; `None` for a random one.
fn chosen_secret(args: &SandboxArgs, env: Option<String>) -> Result<Option<String>, Failure> {
    if let Some(secret) = &args.admin_secret {
        return Ok(Some(secret.clone()));
    }
    if let Some(path) = &args.admin_secret_file {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Failure::Usage(format!(
                "cannot read --admin-secret-file {}: {e}; check the path",
                path.display()
            ))
        })?;
        if crate::config::readable_by_others(path) {
            return Err(Failure::Usage(format!(
                "--admin-secret-file {} can be read by other users; run `chmod 600 {}`",
                path.display(),
                path.display()
            )));
        }
        let secret = text.trim();
        if secret.is_empty() {
            return Err(Failure::Usage(format!(
                "--admin-secret-file {} is empty; put the secret in it",
                path.display()
            )));
        }
        return Ok(Some(secret.to_string()));
    }
    Ok(env.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()))
}

fn options(args: &SandboxArgs, secret: Option<String>) -> Result<SandboxOptions, Failure> {
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
        admin_secret: secret.clone().unwrap_or(defaults.admin_secret),
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
        shared: false,
        // A secret the operator chose wins (and is kept); otherwise the file's, if any.
        admin_secret_from_state: secret.is_none(),
    })
}

/// `kwebcast sandbox --reset` without `--state`: says what was reset.
fn reset_in_process(path: &std::path::Path, removed: bool, out: &Output) -> Result<(), Failure> {
    if removed {
        out.line(format!(
            "reset the built-in sandbox: deleted {} (its events, short links and secrets); \
             the next command starts a fresh one",
            path.display()
        ));
        out.line(
            "events it held stay in the journal but are no longer shown: they belonged to the old sandbox",
        );
    } else {
        out.line(format!(
            "nothing to reset: no built-in sandbox state at {}",
            path.display()
        ));
    }
    Ok(())
}
