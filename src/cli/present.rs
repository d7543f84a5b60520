//! How events look in text and in `--json` (the keys documented in `docs/cli.md`). The JSON is
//! built here, key by key, so the contract does not move when a library type gains a field.

use crate::webcast::snapshot::EventSnapshot;
use crate::webcast::watchdog::{self, Alert, AlertKind, WatchFacts, WatchdogConfig};
use crate::webcast::{EventState, LiveAction};
use serde_json::{Value, json};

/// A Unix time as RFC 3339 UTC (`2026-11-25T13:30:00Z`), or the number when out of range.
pub fn time(unix: i64) -> String {
    jiff::Timestamp::from_second(unix)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| unix.to_string())
}

/// The state key used in JSON: `OFFLINE`, `CONNECTING`, `PREVIEW`, `LIVE`, `ENDED_FEED_ON`,
/// `ENDED`, `RECORDING_READY`, `ERROR`.
pub fn state_key(state: EventState) -> &'static str {
    match state {
        EventState::Offline => "OFFLINE",
        EventState::Connecting => "CONNECTING",
        EventState::Preview => "PREVIEW",
        EventState::Live => "LIVE",
        EventState::EndedFeedOn => "ENDED_FEED_ON",
        EventState::Ended => "ENDED",
        EventState::RecordingReady => "RECORDING_READY",
        EventState::Error => "ERROR",
    }
}

/// The watchdog's alerts on a polled event, at the time of its poll.
pub fn alerts_of(s: &EventSnapshot, cfg: &WatchdogConfig) -> Vec<Alert> {
    watchdog::check(&WatchFacts::from_snapshot(s), s.polled_at, cfg)
}

/// What to do about an alert, with the command that does it when there is one
/// (`press Go Live: kwebcast golive 1_abcd1234`).
pub fn alert_todo(kind: AlertKind, entry_id: &str) -> String {
    match kind.action() {
        Some(LiveAction::GoLive) => format!("{}: kwebcast golive {entry_id}", kind.todo()),
        Some(LiveAction::End) => format!("{}: kwebcast end {entry_id}", kind.todo()),
        _ => kind.todo().to_string(),
    }
}

/// One alert as a text line (indented under its event): the label (symbol and words), what
/// is wrong, what to do.
pub fn alert_line(a: &Alert, entry_id: &str) -> String {
    format!(
        "  {}: {}; {}",
        a.kind.label(),
        a.message,
        alert_todo(a.kind, entry_id)
    )
}

/// One event as a JSON object; `alerts` are the watchdog's (see [`alerts_of`]), by name.
pub fn event_json(s: &EventSnapshot, alerts: &[Alert]) -> Value {
    json!({
        "id": s.entry.id,
        "name": s.entry.name,
        "state": state_key(s.state),
        "label": s.state.label(),
        "since": s.since,
        "play_entry_id": s.playback.entry_id,
        "playback_reason": s.playback.reason,
        "playback": s.playback_words(),
        "recordings": s.recordings.iter().map(|r| json!({
            "id": r.id,
            "ready": r.status.is_some_and(|st| st.code() == 2),
            "created_at": r.created_at,
        })).collect::<Vec<_>>(),
        "schedule": s.schedule.as_ref().map(|sc| json!({
            "start": sc.start, "end": sc.end, "timezone": sc.timezone,
        })),
        "problem": s.problem.as_ref().map(|p| json!({"code": p.code, "message": p.message})),
        "polled_at": s.polled_at,
        "alerts": alerts.iter().map(|a| a.kind.name()).collect::<Vec<_>>(),
    })
}

/// An event's name for text output: quoted, or `(no name)` (the board's words) when it has
/// none, rather than `""`.
pub fn quoted_name(name: &str) -> String {
    if name.trim().is_empty() {
        crate::webcast::snapshot::NO_NAME.to_string()
    } else {
        format!("{name:?}")
    }
}

/// One event as text lines: the state first (word and symbol, never colour alone), then what
/// attendees get and why, then the watchdog's alerts.
pub fn event_lines(s: &EventSnapshot, alerts: &[Alert]) -> Vec<String> {
    let mut lines = vec![format!(
        "{}  {}  {}",
        s.entry.id,
        s.state.label(),
        quoted_name(&s.entry.name)
    )];
    if let Some(since) = s.since {
        lines.push(format!("  since {}", time(since)));
    }
    lines.push(format!("  {}", s.state.meaning()));
    lines.push(format!(
        "  plays {}: {}",
        s.playback.entry_id,
        s.playback_words()
    ));
    if let Some(sc) = &s.schedule {
        lines.push(format!(
            "  scheduled {} to {} ({})",
            super::time::in_zone(sc.start, &sc.timezone),
            super::time::in_zone(sc.end, &sc.timezone),
            sc.timezone
        ));
    }
    if !s.recordings.is_empty() {
        let ids: Vec<String> = s
            .recordings
            .iter()
            .map(|r| {
                let ready = r.status.is_some_and(|st| st.code() == 2);
                format!("{}{}", r.id, if ready { " (ready)" } else { "" })
            })
            .collect();
        lines.push(format!("  recordings: {}", ids.join(", ")));
    }
    if let Some(p) = &s.problem {
        lines.push(format!("  problem: {}", p.message));
    }
    lines.extend(alerts.iter().map(|a| alert_line(a, s.id())));
    lines
}
