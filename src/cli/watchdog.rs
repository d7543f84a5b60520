//! `kwebcast watchdog [--json] [--exit-on-alert] [ENTRY...]`: watches what the dashboard would
//! watch (the journal's events on this account, plus the IDs given) with the same poll (⌈N/50⌉
//! round-trips every `poll_interval`) and prints each alert of the watchdog once, when it
//! appears: for cron, CI or a chat hook. Runs until Ctrl-C or SIGTERM (exit 0); with
//! `--exit-on-alert`, exits 3 after printing the first alert (warnings do not count).
//!
//! The journal is read again every cycle, so events created meanwhile (by the dashboard, another
//! shell's `create`) are watched from their first poll.

use super::args::WatchdogArgs;
use super::context::{Context, api_failure, notice};
use super::failure::Failure;
use super::output::Output;
use super::present::{alert_todo, alerts_of, quoted_name, time};
use super::signals::StopSignal;
use crate::bootstrap;
use crate::webcast::snapshot::EventSnapshot;
use crate::webcast::watchdog::{Alert, AlertTracker, Severity};
use serde_json::json;
use std::time::Duration;

/// Watches until stopped, or until the first alert with `--exit-on-alert`.
pub async fn run(args: &WatchdogArgs, ctx: &Context, out: &Output) -> Result<(), Failure> {
    notice(ctx, out);
    let cfg = ctx.watchdog();
    let every = ctx.settings.poll_interval.max(Duration::from_secs(1));
    let journal = bootstrap::journal(&ctx.settings);
    let (partner, service) = (ctx.partner_id(), ctx.webcast.journal_service().to_string());
    let mut tracker = AlertTracker::default();
    let mut watched: Vec<String> = Vec::new();
    let mut told_skipped = false;
    let mut told_empty = false;
    let stop = StopSignal::install()
        .map_err(|e| Failure::Runtime(e.into()))?
        .wait();
    tokio::pin!(stop);
    loop {
        let mut ids = match journal.load() {
            Ok(load) => {
                if let Some(n) = load.skipped_notice().filter(|_| !told_skipped) {
                    told_skipped = true;
                    warn(out, &format!("{n} ({})", journal.path().display()), None);
                }
                load.board_ids(partner, &service)
            }
            Err(e) => {
                warn(out, &format!("{e}; watching the given entries only"), None);
                Vec::new()
            }
        };
        for id in &args.entries {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        for gone in watched.iter().filter(|w| !ids.contains(w)) {
            tracker.forget(gone);
        }
        watched = ids;
        if watched.is_empty() && !told_empty {
            told_empty = true;
            warn(
                out,
                &format!(
                    "no events to watch yet: give ENTRY IDs, or create an event (the journal {} lists none on this account); waiting",
                    journal.path().display()
                ),
                None,
            );
        }
        if !watched.is_empty() {
            let polled = tokio::select! {
                _ = &mut stop => return Ok(()),
                polled = ctx.webcast.poll(&watched) => polled,
            };
            match polled {
                Ok(snapshots) => {
                    let mut alerted = None;
                    for s in &snapshots {
                        let observed = tracker.observe(s.id(), alerts_of(s, &cfg), s.polled_at);
                        for alert in &observed.new {
                            print_alert(s, alert, out);
                            if alert.severity() == Severity::Alert && alerted.is_none() {
                                alerted = Some(format!(
                                    "{} on {} ({})",
                                    alert.kind.name(),
                                    s.id(),
                                    alert.message
                                ));
                            }
                        }
                    }
                    if let Some(what) = alerted.filter(|_| args.exit_on_alert) {
                        return Err(Failure::Alerted(format!(
                            "stopped at the first alert: {what}"
                        )));
                    }
                }
                Err(e) => {
                    // A watchdog outlives network hiccups: say so and try again next cycle.
                    let failure = api_failure(e);
                    let message = out.clean(&failure.message());
                    tracing::warn!("watchdog poll failed: {message}");
                    warn(
                        out,
                        &format!("{message}; retrying in {}s", every.as_secs()),
                        failure.code(),
                    );
                }
            }
        }
        tokio::select! {
            _ = &mut stop => return Ok(()),
            _ = tokio::time::sleep(every) => {}
        }
    }
}

/// A problem that does not stop the watch: `warning: ...` on stderr, or a `warning` object.
fn warn(out: &Output, message: &str, code: Option<&str>) {
    if out.json {
        out.json(json!({"warning": {"message": out.clean(message), "code": code}}));
    } else {
        out.warning(message);
    }
}

/// One line per alert: text, or one JSON object.
fn print_alert(s: &EventSnapshot, a: &Alert, out: &Output) {
    if out.json {
        out.json(json!({
            "event": s.id(),
            "name": s.entry.name,
            "alert": a.kind.name(),
            "severity": a.severity().word(),
            "since": a.since,
            "message": a.message,
            "todo": alert_todo(a.kind, s.id()),
            "at": s.polled_at,
        }));
    } else {
        out.line(format!(
            "{}  {}  {}  {}: {}; {}",
            time(s.polled_at),
            s.id(),
            a.kind.label(),
            quoted_name(&s.entry.name),
            a.message,
            alert_todo(a.kind, s.id())
        ));
    }
}
