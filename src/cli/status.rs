//! `kwebcast status ENTRY...`: each event's state, what attendee links play and why. All entries
//! are polled together (one batched request per 50 entries). `--watch` keeps polling and prints
//! each state change with a timestamp until Ctrl-C.

use super::args::StatusArgs;
use super::context::{Context, api_failure, notice};
use super::failure::Failure;
use super::output::Output;
use super::present::{alerts_of, event_json, event_lines, state_key, time};
use super::signals::StopSignal;
use crate::webcast::EventState;
use crate::webcast::snapshot::EventSnapshot;
use serde_json::json;
use std::collections::HashMap;
use std::time::Duration;

/// Polls once, or watches.
pub async fn run(args: &StatusArgs, ctx: &Context, out: &Output) -> Result<(), Failure> {
    notice(ctx, out);
    if args.watch {
        let every = args
            .interval
            .map(Duration::from_secs)
            .unwrap_or(ctx.settings.poll_interval)
            .max(Duration::from_secs(1));
        return watch(&args.entries, every, ctx, out).await;
    }
    let snapshots = ctx.webcast.poll(&args.entries).await.map_err(api_failure)?;
    let cfg = ctx.watchdog();
    if out.json {
        let events: Vec<_> = snapshots
            .iter()
            .map(|s| event_json(s, s.viewers, &alerts_of(s, &cfg)))
            .collect();
        out.json(json!({ "events": events }));
    } else {
        for s in &snapshots {
            for line in event_lines(s, s.viewers, &alerts_of(s, &cfg)) {
                out.line(line);
            }
        }
    }
    missing_failure(&snapshots)
}

/// An entry the service does not know is a failure of the command (exit 1, Kaltura's code), once
/// everything else has been printed.
fn missing_failure(snapshots: &[EventSnapshot]) -> Result<(), Failure> {
    let missing: Vec<&EventSnapshot> = snapshots
        .iter()
        .filter(|s| s.problem.as_ref().is_some_and(|p| p.code.is_some()))
        .collect();
    match missing.first().and_then(|s| s.problem.as_ref()) {
        None => Ok(()),
        Some(problem) => Err(Failure::Api {
            message: if missing.len() == 1 {
                problem.message.clone()
            } else {
                format!(
                    "{} of the entries could not be read ({}); the first: {}",
                    missing.len(),
                    missing
                        .iter()
                        .map(|s| s.id())
                        .collect::<Vec<_>>()
                        .join(", "),
                    problem.message
                )
            },
            code: problem.code.clone(),
        }),
    }
}

/// Polls every `every` and prints transitions (the first poll prints every event's state).
async fn watch(
    ids: &[String],
    every: Duration,
    ctx: &Context,
    out: &Output,
) -> Result<(), Failure> {
    let mut last: HashMap<String, EventState> = HashMap::new();
    let cfg = ctx.watchdog();
    let mut peaks: HashMap<String, i64> = HashMap::new();
    let stop = StopSignal::install()
        .map_err(|e| Failure::Runtime(e.into()))?
        .wait();
    tokio::pin!(stop);
    loop {
        match ctx.webcast.poll(ids).await {
            Ok(snapshots) => {
                for s in &snapshots {
                    if let Some(v) = s.viewers {
                        let peak = peaks.entry(s.id().to_string()).or_insert(v);
                        *peak = (*peak).max(v);
                    }
                    let previous = last.insert(s.id().to_string(), s.state);
                    if previous != Some(s.state) {
                        print_transition(s, previous, peaks.get(s.id()).copied(), &cfg, out);
                    }
                }
            }
            Err(e) => {
                // A watch outlives network hiccups: say so and try again next cycle.
                let failure = api_failure(e);
                let message = out.clean(&failure.message());
                tracing::warn!("status --watch poll failed: {message}");
                if out.json {
                    out.json(json!({"warning": {"message": message, "code": failure.code()}}));
                } else {
                    out.warning(format!("{message}; retrying in {}s", every.as_secs()));
                }
            }
        }
        tokio::select! {
            _ = &mut stop => return Ok(()),
            _ = tokio::time::sleep(every) => {}
        }
    }
}

fn print_transition(
    s: &EventSnapshot,
    previous: Option<EventState>,
    peak_viewers: Option<i64>,
    cfg: &crate::webcast::WatchdogConfig,
    out: &Output,
) {
    if out.json {
        let mut event = event_json(s, peak_viewers, &alerts_of(s, cfg));
        if let Some(obj) = event.as_object_mut() {
            obj.insert("previous".into(), json!(previous.map(state_key)));
        }
        out.json(json!({ "at": s.polled_at, "event": event }));
    } else {
        let was = previous.map_or(String::new(), |p| format!(" (was {})", p.word()));
        let viewers = s
            .viewers
            .map_or(String::new(), |v| format!("  viewers {v}"));
        out.line(format!(
            "{}  {}  {}{}  plays {}: {}{viewers}",
            time(s.polled_at),
            s.id(),
            s.state.label(),
            was,
            s.playback.entry_id,
            s.playback_words()
        ));
    }
}
