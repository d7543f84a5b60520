//! `kwebcast status ENTRY...`: each event's state, what attendee links play and why. All entries
//! are polled together (one batched request per 50 entries). `--watch` keeps polling and prints
//! each state change with a timestamp until Ctrl-C.

use super::args::StatusArgs;
use super::context::{Context, api_failure, notice};
use super::failure::Failure;
use super::output::Output;
use super::present::{alerts_of, event_json, event_lines, state_key, time};
use super::signals::StopSignal;
use crate::webcast::account_views::VIEW_PAGE;
use crate::webcast::snapshot::EventSnapshot;
use crate::webcast::time::now_unix;
use crate::webcast::{AccountView, EventState};
use serde_json::json;
use std::collections::HashMap;
use std::time::Duration;

/// Polls once, or watches; or prints a page of one of the account's views.
pub async fn run(args: &StatusArgs, ctx: &Context, out: &Output) -> Result<(), Failure> {
    notice(ctx, out);
    let view = [
        (args.upcoming, AccountView::Upcoming),
        (args.live, AccountView::LiveNow),
        (args.past, AccountView::Past),
    ]
    .into_iter()
    .find_map(|(on, v)| on.then_some(v));
    if let Some(view) = view {
        return account_view(view, args.page.unwrap_or(1), ctx, out).await;
    }
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

/// One page of an account view (`--upcoming`, `--live`, `--past`): the same library call as
/// the dashboard's views, two HTTP requests.
async fn account_view(
    view: AccountView,
    page: u32,
    ctx: &Context,
    out: &Output,
) -> Result<(), Failure> {
    let p = ctx
        .webcast
        .view_page(view, page, now_unix())
        .await
        .map_err(|e| Failure::Api {
            message: e.to_string(),
            code: e.code().map(str::to_string),
        })?;
    let first = (i64::from(page) - 1) * VIEW_PAGE + 1;
    let cfg = ctx.watchdog();
    if out.json {
        out.json(json!({
            "view": view.key(), "page": page, "total": p.total, "has_more": p.has_more,
            "beyond_limit": p.beyond_limit,
            "events": p.events.iter().map(|s| event_json(s, s.viewers, &alerts_of(s, &cfg))).collect::<Vec<_>>(),
        }));
        return Ok(());
    }
    if p.events.is_empty() {
        out.line(format!(
            "{}: no event on page {page} (of {} in all)",
            view.title(),
            p.total
        ));
        return Ok(());
    }
    let last = first + p.events.len() as i64 - 1;
    let more = if p.has_more {
        format!("; --page {} for more", page + 1)
    } else {
        String::new()
    };
    out.line(format!(
        "{}: {first}–{last} of {}{more}",
        view.title(),
        p.total
    ));
    for s in &p.events {
        for line in event_lines(s, s.viewers, &alerts_of(s, &cfg)) {
            out.line(line);
        }
    }
    if p.beyond_limit > 0 {
        out.warning(format!(
            "{} more are beyond Kaltura's listing limit of 10,000 matches",
            p.beyond_limit
        ));
    }
    Ok(())
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
