//! How events look in text and in `--json` (the keys documented in `docs/cli.md`). The JSON is
//! built here, key by key, so the contract does not move when a library type gains a field.

use crate::webcast::health::{self, Node, StreamHealth};
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

/// The `health` object of an event: each ingest point's status as a word (`null` when no
/// encoder is connected to it) and the streams they receive, each naming its point.
pub fn health_json(h: &StreamHealth) -> Value {
    let status = |n: Node| h.node(n).map(|n| health::status_word(n.status));
    let streams: Vec<Value> = [Node::Primary, Node::Backup]
        .into_iter()
        .flat_map(|n| {
            h.node(n).into_iter().flat_map(move |node| {
                node.streams.iter().map(move |s| {
                    json!({"node": n.word(), "bitrate_kbps": s.bitrate_kbps, "width": s.width,
                        "height": s.height, "frame_rate": s.frame_rate, "codec": s.codec})
                })
            })
        })
        .collect();
    json!({"primary": status(Node::Primary), "backup": status(Node::Backup), "streams": streams})
}

/// One event as a JSON object; `peak_viewers` is the highest audience the command saw (its
/// current figure for a one-shot status); `alerts` are the watchdog's (see [`alerts_of`]), by
/// name.
pub fn event_json(s: &EventSnapshot, peak_viewers: Option<i64>, alerts: &[Alert]) -> Value {
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
        "viewers": s.viewers,
        "peak_viewers": peak_viewers,
        "health": s.health.as_ref().map(health_json),
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
/// attendees get and why, the audience while live, the ingest while an encoder is connected,
/// then the watchdog's alerts.
pub fn event_lines(s: &EventSnapshot, peak_viewers: Option<i64>, alerts: &[Alert]) -> Vec<String> {
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
    if let Some(v) = s.viewers {
        let peak = peak_viewers
            .filter(|p| *p > v)
            .map_or(String::new(), |p| format!(" (peak {p})"));
        lines.push(format!("  viewers: {v}{peak}"));
    }
    if let Some(h) = s.health.as_ref().filter(|h| !h.is_empty()) {
        let point = |n: Node| {
            let kbps = h
                .node(n)
                .map(|node| node.bitrate_kbps())
                .filter(|k| *k > 0)
                .map_or(String::new(), |k| format!(" {k} kbps"));
            format!("{} {}{kbps}", n.word(), h.describe(n))
        };
        lines.push(format!(
            "  ingest: {}; {}",
            point(Node::Primary),
            point(Node::Backup)
        ));
    }
    if let Some(p) = &s.problem {
        lines.push(format!("  problem: {}", p.message));
    }
    lines.extend(alerts.iter().map(|a| alert_line(a, s.id())));
    lines
}
