//! The watchdog: trouble an operator must hear about before attendees notice — the 14:00 town
//! hall with no encoder at 14:03, an encoder up that nobody let attendees in to, an event still
//! live an hour after its end, a stream that stopped playing while attendees watch, a session
//! whose recording never turned up.
//!
//! Pure, and computed from what a poll already fetched (no request of its own): the schedule of
//! the event's `KMS_EVENTS3` record (StartTime/EndTime), the live entry (state, `liveStatus`,
//! `viewMode`, the recording settings), its recordings and, when known, its ingest points'
//! health. [`check`] says which alerts hold at a moment; [`AlertTracker`] says which of them are
//! new since the last poll (an alert that clears and comes back is new again), so the faces log
//! each once.
//!
//! | alert | severity | holds when |
//! |---|---|---|
//! | `late_start` | alert | grace past the scheduled start (until the end), no encoder connected, no session ended since the start |
//! | `not_live` | alert | grace past the start (until the end), the stream PLAYABLE but attendees not let in (explicit live, PREVIEW) |
//! | `overrun` | alert | grace past the scheduled end, attendees still watching (LIVE) |
//! | `encoder_lost` | alert | attendees let in during this session, an encoder connected, and no ingest point PLAYABLE any more |
//! | `no_recording` | alert | the session ended more than the recording wait ago (15 min, ÷ the sandbox's speed), recording on, its recording not READY |
//! | `starting_soon` | warning | from 10 min before the start until the grace after it, no encoder connected |

use super::actions::LiveAction;
use super::health::StreamHealth;
use super::snapshot::{EventSnapshot, live_facts};
use super::state::{EventState, LiveFacts};
use crate::kaltura::types::LiveStatus;
use serde::Serialize;
use std::collections::HashMap;

/// How long after the scheduled start (or end) before the start (or the end) is late, by default.
pub const DEFAULT_GRACE_SECS: i64 = 120;
/// How long a session's recording may take to turn READY before it is missed, by default
/// (Kaltura's processing takes minutes).
pub const DEFAULT_RECORDING_WAIT_SECS: i64 = 15 * 60;
/// How long before the start an event with no encoder is worth a warning.
pub const STARTING_SOON_SECS: i64 = 10 * 60;

/// How serious an alert is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Something is wrong now: attendees are (or will be) affected.
    Alert,
    /// Worth knowing ahead of time; nothing is wrong yet.
    Warning,
}

impl Severity {
    /// `alert` / `warning` (`--json`).
    pub fn word(self) -> &'static str {
        match self {
            Severity::Alert => "alert",
            Severity::Warning => "warning",
        }
    }

    /// A symbol distinct in shape for each severity (readable without colour): ⚠ and △.
    pub fn symbol(self) -> &'static str {
        match self {
            Severity::Alert => "⚠",
            Severity::Warning => "△",
        }
    }
}

/// What the watchdog can say about an event. The order is the order of importance (the board
/// and `status` list an event's alerts in it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// Past the start plus the grace, and no encoder.
    LateStart,
    /// Past the start plus the grace, the stream plays, attendees are not let in.
    NotLive,
    /// Attendees let in, and nothing playable any more.
    EncoderLost,
    /// Past the end plus the grace, still live.
    Overrun,
    /// The session ended long ago and its recording is not READY.
    NoRecording,
    /// The start is near and no encoder is connected (a warning).
    StartingSoon,
}

impl AlertKind {
    /// Every kind, in order of importance.
    pub const ALL: [AlertKind; 6] = [
        AlertKind::LateStart,
        AlertKind::NotLive,
        AlertKind::EncoderLost,
        AlertKind::Overrun,
        AlertKind::NoRecording,
        AlertKind::StartingSoon,
    ];

    /// The machine name (`--json`): `late_start`, `not_live`, ...
    pub fn name(self) -> &'static str {
        match self {
            AlertKind::LateStart => "late_start",
            AlertKind::NotLive => "not_live",
            AlertKind::EncoderLost => "encoder_lost",
            AlertKind::Overrun => "overrun",
            AlertKind::NoRecording => "no_recording",
            AlertKind::StartingSoon => "starting_soon",
        }
    }

    /// The name in words, for people: `late start`, `not live`, ...
    pub fn words(self) -> &'static str {
        match self {
            AlertKind::LateStart => "late start",
            AlertKind::NotLive => "not live",
            AlertKind::EncoderLost => "encoder lost",
            AlertKind::Overrun => "overrun",
            AlertKind::NoRecording => "no recording",
            AlertKind::StartingSoon => "starts soon",
        }
    }

    /// Alert or warning: only `starting_soon` is a warning.
    pub fn severity(self) -> Severity {
        match self {
            AlertKind::StartingSoon => Severity::Warning,
            _ => Severity::Alert,
        }
    }

    /// Symbol and words together, e.g. `⚠ late start` (never colour alone).
    pub fn label(self) -> String {
        format!("{} {}", self.severity().symbol(), self.words())
    }

    /// What the operator should do, in a few words. The faces add how ([`AlertKind::action`]
    /// names the live action whose key or command they show).
    pub fn todo(self) -> &'static str {
        match self {
            AlertKind::LateStart | AlertKind::StartingSoon => "start the encoder",
            AlertKind::NotLive => "press Go Live",
            AlertKind::Overrun => "press End",
            AlertKind::EncoderLost => "check the encoder",
            AlertKind::NoRecording => {
                "check the recording in KMC, or wait: Kaltura may take minutes"
            }
        }
    }

    /// The live action that settles the alert, when there is one (Go Live for `not_live`, End
    /// for `overrun`): the board shows its key, the CLI its command.
    pub fn action(self) -> Option<LiveAction> {
        match self {
            AlertKind::NotLive => Some(LiveAction::GoLive),
            AlertKind::Overrun => Some(LiveAction::End),
            _ => None,
        }
    }

    /// Reads a machine name back.
    pub fn from_name(name: &str) -> Option<AlertKind> {
        AlertKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// One alert on one event at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    /// Which.
    pub kind: AlertKind,
    /// When its situation began (Unix seconds): the start plus the grace, the session's end
    /// plus the recording wait... `None` when the poll cannot tell (a stream that stopped
    /// playing); [`AlertTracker`] then puts the time it was first seen.
    pub since: Option<i64>,
    /// What is wrong, in one line (`no encoder connected 3 min after the scheduled start`).
    pub message: String,
}

impl Alert {
    /// Its severity.
    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }
}

/// The watchdog's knobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WatchdogConfig {
    /// Seconds past the scheduled start (or end) before the start is late (or the event
    /// overruns): `watchdog_grace`.
    pub grace_secs: i64,
    /// Seconds a session's recording may take to turn READY: `watchdog_recording_wait`,
    /// already divided by the in-process sandbox's speed.
    pub recording_wait_secs: i64,
}

impl Default for WatchdogConfig {
    fn default() -> Self {
        WatchdogConfig {
            grace_secs: DEFAULT_GRACE_SECS,
            recording_wait_secs: DEFAULT_RECORDING_WAIT_SECS,
        }
    }
}

impl WatchdogConfig {
    /// The knobs for a backend: against the in-process sandbox (`sandbox_speed` given), the
    /// recording wait is divided by its speed, since the sandbox processes recordings that much
    /// faster than Kaltura (at least one second). The grace is about the schedule, which is
    /// real time everywhere: it is never scaled.
    pub fn new(grace_secs: i64, recording_wait_secs: i64, sandbox_speed: Option<f64>) -> Self {
        let wait = match sandbox_speed {
            Some(speed) if speed.is_finite() && speed > 1.0 => {
                ((recording_wait_secs as f64 / speed).ceil() as i64).max(1)
            }
            _ => recording_wait_secs,
        };
        WatchdogConfig {
            grace_secs: grace_secs.max(0),
            recording_wait_secs: wait.max(0),
        }
    }
}

/// What the ingest points say, when their health was read (`entryServerNode.list`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IngestFacts {
    /// An encoder is connected to some ingest point (primary or backup).
    pub connected: bool,
    /// Some ingest point is PLAYABLE.
    pub playable: bool,
}

impl IngestFacts {
    /// What the poll's `entryServerNode.list` said of the event's ingest points.
    pub fn from_health(h: &StreamHealth) -> Self {
        let nodes = [h.primary.as_ref(), h.backup.as_ref()];
        IngestFacts {
            connected: !h.is_empty(),
            playable: nodes
                .iter()
                .flatten()
                .any(|n| n.status == LiveStatus::Playable),
        }
    }
}

/// What the watchdog reads of an event: a narrow view, so the rules are testable without the
/// API's types.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WatchFacts {
    /// The planned (start, end), Unix seconds, from the event's metadata.
    pub schedule: Option<(i64, i64)>,
    /// The derived state.
    pub state: EventState,
    /// When that state began.
    pub since: Option<i64>,
    /// The live entry's fields the state depends on.
    pub live: LiveFacts,
    /// Sessions are recorded (`recordStatus` not DISABLED and `recordingStatus` not DISABLED;
    /// true while unknown).
    pub recording_on: bool,
    /// The ingest points' health, when read.
    pub ingest: Option<IngestFacts>,
}

impl WatchFacts {
    /// The facts of a polled event.
    pub fn from_snapshot(s: &EventSnapshot) -> Self {
        let record_off = s.entry.record_status.is_some_and(|r| r.code() == 0);
        let recording_disabled = s.entry.recording_status.is_some_and(|r| r.code() == 3);
        WatchFacts {
            schedule: s.schedule.as_ref().map(|sc| (sc.start, sc.end)),
            state: s.state,
            since: s.since,
            live: live_facts(&s.entry),
            recording_on: !(record_off || recording_disabled),
            ingest: s.health.as_ref().map(IngestFacts::from_health),
        }
    }

    /// An encoder is connected (the entry says so, or an ingest point does).
    fn connected(&self) -> bool {
        self.live.encoder_connected() || self.ingest.is_some_and(|i| i.connected)
    }

    /// Something plays: an ingest point PLAYABLE when their health is known, else the entry's
    /// `liveStatus` PLAYABLE.
    fn playable(&self) -> bool {
        match self.ingest {
            Some(i) => i.playable,
            None => self.live.playable(),
        }
    }

    /// Attendees were let in during the current session: with explicit live, `viewMode` is
    /// ALLOW_ALL and the stream played since the encoder connected (an early Go Live before
    /// the encoder is not a loss); without, the stream played since the encoder connected.
    fn let_in_this_session(&self) -> bool {
        let l = &self.live;
        let session = l.current_broadcast_start_time;
        if session <= 0 {
            return false;
        }
        let played = l.last_broadcast >= session || l.broadcast_time >= session;
        played && (!l.explicit_live || l.view_mode == 1)
    }
}

/// The alerts that hold for an event at `now`, most important first. An event in ERROR has
/// none: its state already says what is wrong.
pub fn check(f: &WatchFacts, now: i64, cfg: &WatchdogConfig) -> Vec<Alert> {
    let mut alerts = Vec::new();
    if f.state == EventState::Error {
        return alerts;
    }
    let grace = cfg.grace_secs;
    let connected = f.connected();
    if let Some((start, end)) = f.schedule {
        let late_from = start + grace;
        // A session that ended after the start: the event happened (and ended early).
        let ran_since_start = f.live.last_broadcast_end_time >= start;
        let in_window = now < end;
        if now >= late_from && in_window && !connected && !ran_since_start {
            alerts.push(Alert {
                kind: AlertKind::LateStart,
                since: Some(late_from),
                message: format!(
                    "no encoder connected {} after the scheduled start",
                    span(now - start)
                ),
            });
        }
        if now >= late_from && in_window && f.state == EventState::Preview {
            alerts.push(Alert {
                kind: AlertKind::NotLive,
                since: Some(f.since.map_or(late_from, |s| s.max(late_from))),
                message: format!(
                    "the stream plays but attendees are not let in, {} after the scheduled start",
                    span(now - start)
                ),
            });
        }
        if now >= end + grace && f.state == EventState::Live {
            alerts.push(Alert {
                kind: AlertKind::Overrun,
                since: Some(f.since.map_or(end + grace, |s| s.max(end + grace))),
                message: format!(
                    "attendees still watching {} after the scheduled end",
                    span(now - end)
                ),
            });
        }
        if now >= start - STARTING_SOON_SECS
            && now < late_from
            && in_window
            && !connected
            && !ran_since_start
        {
            let message = if now < start {
                format!(
                    "starts in {} and no encoder is connected",
                    span(start - now)
                )
            } else {
                format!(
                    "started {} ago and no encoder is connected",
                    span(now - start)
                )
            };
            alerts.push(Alert {
                kind: AlertKind::StartingSoon,
                since: Some(start - STARTING_SOON_SECS),
                message,
            });
        }
    }
    if connected && f.let_in_this_session() && !f.playable() {
        alerts.push(Alert {
            kind: AlertKind::EncoderLost,
            since: None,
            message: if f.ingest.is_some() {
                "attendees are let in but no ingest point is PLAYABLE".into()
            } else {
                "attendees are let in but the stream is not PLAYABLE".into()
            },
        });
    }
    let ended_at = f.live.last_broadcast_end_time;
    if f.state == EventState::Ended
        && f.recording_on
        && ended_at > 0
        && now - ended_at > cfg.recording_wait_secs
    {
        alerts.push(Alert {
            kind: AlertKind::NoRecording,
            since: Some(ended_at + cfg.recording_wait_secs),
            message: format!(
                "the session ended {} ago and its recording is not ready",
                span(now - ended_at)
            ),
        });
    }
    alerts.sort_by_key(|a| a.kind);
    alerts
}

/// A duration in words for alert messages: `40 s`, `3 min`, `2 h 05 min`, `3 d`.
pub fn span(secs: i64) -> String {
    let s = secs.max(0);
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min", s / 60),
        3600..=86_399 => format!("{} h {:02} min", s / 3600, s % 3600 / 60),
        _ => format!("{} d", s / 86_400),
    }
}

/// Which alerts each event had at the last poll, so each is reported once when it appears (and
/// again if it clears and comes back), with the time it was first seen when its situation does
/// not say when it began. Shared by the board and `kwebcast watchdog`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlertTracker {
    active: HashMap<String, Vec<(AlertKind, i64)>>,
}

/// What [`AlertTracker::observe`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Observed {
    /// Every alert holding now, with `since` always set.
    pub current: Vec<Alert>,
    /// Those that were not holding at the previous poll.
    pub new: Vec<Alert>,
}

impl AlertTracker {
    /// Records the alerts of `event` seen at `now` and says which are new.
    pub fn observe(&mut self, event: &str, alerts: Vec<Alert>, now: i64) -> Observed {
        let before = self.active.remove(event).unwrap_or_default();
        let mut observed = Observed::default();
        let mut after = Vec::with_capacity(alerts.len());
        for mut alert in alerts {
            let seen = before
                .iter()
                .find(|(k, _)| *k == alert.kind)
                .map(|(_, t)| *t);
            let since = alert.since.or(seen).unwrap_or(now);
            alert.since = Some(since);
            after.push((alert.kind, since));
            if seen.is_none() {
                observed.new.push(alert.clone());
            }
            observed.current.push(alert);
        }
        if !after.is_empty() {
            self.active.insert(event.to_string(), after);
        }
        observed
    }

    /// Forgets an event (no longer watched): if it comes back, its alerts are new again.
    pub fn forget(&mut self, event: &str) {
        self.active.remove(event);
    }

    /// The kinds holding for an event at the last poll.
    pub fn active(&self, event: &str) -> Vec<AlertKind> {
        self.active
            .get(event)
            .map(|v| v.iter().map(|(k, _)| *k).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: i64 = 1_800_000_000;
    const END: i64 = START + 3600;
    const GRACE: i64 = DEFAULT_GRACE_SECS;

    fn cfg() -> WatchdogConfig {
        WatchdogConfig::default()
    }

    fn offline() -> WatchFacts {
        WatchFacts {
            schedule: Some((START, END)),
            state: EventState::Offline,
            since: Some(START - 86_400),
            live: LiveFacts {
                id: "0_live".into(),
                status: 2,
                explicit_live: true,
                created_at: START - 86_400,
                updated_at: START - 86_400,
                ..LiveFacts::default()
            },
            recording_on: true,
            ingest: None,
        }
    }

    /// Connected and PLAYABLE since `at` (the session began 2 s earlier), in preview.
    fn preview(at: i64) -> WatchFacts {
        let mut f = offline();
        f.state = EventState::Preview;
        f.since = Some(at);
        f.live.live_status = 1;
        f.live.current_broadcast_start_time = at - 2;
        f.live.first_broadcast = at;
        f.live.last_broadcast = at;
        f
    }

    /// Let in at `at`.
    fn live(at: i64) -> WatchFacts {
        let mut f = preview(at - 10);
        f.state = EventState::Live;
        f.since = Some(at);
        f.live.view_mode = 1;
        f.live.broadcast_time = at;
        f.live.updated_at = at;
        f
    }

    /// The session ended at `at`, its recording not READY.
    fn ended(at: i64) -> WatchFacts {
        let mut f = live(at - 600);
        f.state = EventState::Ended;
        f.since = Some(at);
        f.live.live_status = 0;
        f.live.view_mode = 0;
        f.live.current_broadcast_start_time = 0;
        f.live.last_broadcast_end_time = at;
        f.live.recorded_entry_id = "0_rec".into();
        f.live.redirect_entry_id = "0_rec".into();
        f
    }

    fn kinds(f: &WatchFacts, now: i64) -> Vec<AlertKind> {
        check(f, now, &cfg()).into_iter().map(|a| a.kind).collect()
    }

    #[test]
    fn names_severities_and_labels() {
        let names: Vec<&str> = AlertKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(
            names,
            [
                "late_start",
                "not_live",
                "encoder_lost",
                "overrun",
                "no_recording",
                "starting_soon"
            ]
        );
        for k in AlertKind::ALL {
            assert_eq!(AlertKind::from_name(k.name()), Some(k));
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::json!(k.name())
            );
        }
        assert_eq!(AlertKind::StartingSoon.severity(), Severity::Warning);
        assert!(
            AlertKind::ALL[..5]
                .iter()
                .all(|k| k.severity() == Severity::Alert)
        );
        assert_eq!(AlertKind::LateStart.label(), "⚠ late start");
        assert_eq!(AlertKind::StartingSoon.label(), "△ starts soon");
        assert_eq!(AlertKind::NotLive.action(), Some(LiveAction::GoLive));
        assert_eq!(AlertKind::Overrun.action(), Some(LiveAction::End));
        assert_eq!(AlertKind::LateStart.todo(), "start the encoder");
        // The board's Alerts column holds a label and a "+N" in 16 characters.
        assert!(
            AlertKind::ALL
                .iter()
                .all(|k| k.label().chars().count() <= 14)
        );
    }

    #[test]
    fn late_start_from_the_grace_to_the_end() {
        let f = offline();
        assert_eq!(kinds(&f, START + GRACE - 1), [AlertKind::StartingSoon]);
        let at = check(&f, START + GRACE, &cfg());
        assert_eq!(at.len(), 1);
        assert_eq!(at[0].kind, AlertKind::LateStart);
        assert_eq!(at[0].since, Some(START + GRACE));
        assert_eq!(
            at[0].message,
            "no encoder connected 2 min after the scheduled start"
        );
        assert_eq!(kinds(&f, END - 1), [AlertKind::LateStart]);
        // The planned window is over: the event did not happen, nothing to start any more.
        assert!(kinds(&f, END).is_empty());
    }

    #[test]
    fn the_grace_is_configurable() {
        let f = offline();
        let tight = WatchdogConfig::new(0, DEFAULT_RECORDING_WAIT_SECS, None);
        assert_eq!(check(&f, START, &tight)[0].kind, AlertKind::LateStart);
        let loose = WatchdogConfig::new(600, DEFAULT_RECORDING_WAIT_SECS, None);
        assert_eq!(
            check(&f, START + 599, &loose)[0].kind,
            AlertKind::StartingSoon
        );
        assert_eq!(check(&f, START + 600, &loose)[0].kind, AlertKind::LateStart);
    }

    #[test]
    fn no_late_start_with_an_encoder_or_after_a_session_since_the_start() {
        let mut connecting = offline();
        connecting.state = EventState::Connecting;
        connecting.live.live_status = 3;
        connecting.live.current_broadcast_start_time = START + 100;
        assert!(kinds(&connecting, START + 300).is_empty());
        // The encoder is reported by an ingest point before the entry says so.
        let mut by_node = offline();
        by_node.ingest = Some(IngestFacts {
            connected: true,
            playable: false,
        });
        assert!(kinds(&by_node, START + 300).is_empty());
        // Ended early: a session ended after the start.
        let early = ended(START + 60);
        assert!(!kinds(&early, START + 300).contains(&AlertKind::LateStart));
        // A rehearsal that ended before the start does not count.
        let mut rehearsal = ended(START - 600);
        rehearsal.state = EventState::RecordingReady;
        assert_eq!(kinds(&rehearsal, START + GRACE), [AlertKind::LateStart]);
    }

    #[test]
    fn starting_soon_is_a_warning_ten_minutes_ahead() {
        let f = offline();
        assert!(kinds(&f, START - STARTING_SOON_SECS - 1).is_empty());
        let soon = check(&f, START - STARTING_SOON_SECS, &cfg());
        assert_eq!(soon.len(), 1);
        assert_eq!(soon[0].kind, AlertKind::StartingSoon);
        assert_eq!(soon[0].severity(), Severity::Warning);
        assert_eq!(
            soon[0].message,
            "starts in 10 min and no encoder is connected"
        );
        assert_eq!(soon[0].since, Some(START - STARTING_SOON_SECS));
        assert_eq!(
            check(&f, START + 30, &cfg())[0].message,
            "started 30 s ago and no encoder is connected"
        );
        // An encoder connected: nothing to warn about.
        assert!(kinds(&preview(START - 300), START - 200).is_empty());
        // Without a schedule there is nothing to be early or late for.
        let mut unscheduled = offline();
        unscheduled.schedule = None;
        assert!(kinds(&unscheduled, START + 600).is_empty());
    }

    #[test]
    fn not_live_when_the_stream_plays_in_preview() {
        let f = preview(START - 300);
        assert!(kinds(&f, START + GRACE - 1).is_empty());
        let at = check(&f, START + GRACE, &cfg());
        assert_eq!(at[0].kind, AlertKind::NotLive);
        assert_eq!(at[0].since, Some(START + GRACE));
        assert_eq!(kinds(&f, END - 1), [AlertKind::NotLive]);
        assert!(kinds(&f, END).is_empty());
        // A preview that began after the grace: the alert begins with it.
        let late = preview(START + 900);
        assert_eq!(
            check(&late, START + 1000, &cfg())[0].since,
            Some(START + 900)
        );
        // Let in, or ended for attendees with the feed on: not an alert.
        assert!(kinds(&live(START), START + 600).is_empty());
        let mut feed_on = live(START);
        feed_on.state = EventState::EndedFeedOn;
        feed_on.live.view_mode = 0;
        assert!(kinds(&feed_on, START + 600).is_empty());
    }

    #[test]
    fn overrun_after_the_end_and_the_grace() {
        let f = live(START);
        assert!(kinds(&f, END + GRACE - 1).is_empty());
        let at = check(&f, END + GRACE, &cfg());
        assert_eq!(at[0].kind, AlertKind::Overrun);
        assert_eq!(at[0].since, Some(END + GRACE));
        assert_eq!(
            at[0].message,
            "attendees still watching 2 min after the scheduled end"
        );
        assert_eq!(
            check(&f, END + 3600 + 300, &cfg())[0].message,
            "attendees still watching 1 h 05 min after the scheduled end"
        );
        // Ended for attendees, the encoder still on: nobody is watching.
        let mut feed_on = f.clone();
        feed_on.state = EventState::EndedFeedOn;
        assert!(kinds(&feed_on, END + 600).is_empty());
    }

    #[test]
    fn encoder_lost_without_node_health() {
        // Let in, then the stream stopped playing while the encoder stays connected.
        let mut f = live(START);
        f.state = EventState::Connecting;
        f.live.live_status = 2;
        let at = check(&f, START + 60, &cfg());
        assert_eq!(at.len(), 1);
        assert_eq!(at[0].kind, AlertKind::EncoderLost);
        assert_eq!(at[0].since, None);
        // An early Go Live with the encoder still connecting is not a loss: the stream has not
        // played in this session yet.
        let mut early = offline();
        early.state = EventState::Connecting;
        early.live.live_status = 3;
        early.live.view_mode = 1;
        early.live.current_broadcast_start_time = START - 5;
        early.live.last_broadcast = START - 4000;
        early.live.broadcast_time = START - 3990;
        assert!(kinds(&early, START - 1).is_empty());
        // In preview nobody was let in: not a loss either.
        let mut previewing = preview(START - 60);
        previewing.state = EventState::Connecting;
        previewing.live.live_status = 2;
        assert!(kinds(&previewing, START - 30).is_empty());
        // Disconnected altogether: the session ended (Kaltura sets viewMode back).
        assert!(!kinds(&ended(START + 60), START + 70).contains(&AlertKind::EncoderLost));
        // Not explicit live: attendees are in whenever it plays.
        let mut plain = live(START);
        plain.live.explicit_live = false;
        plain.live.broadcast_time = 0;
        plain.state = EventState::Connecting;
        plain.live.live_status = 2;
        assert_eq!(kinds(&plain, START + 60), [AlertKind::EncoderLost]);
    }

    #[test]
    fn encoder_lost_with_node_health() {
        let mut f = live(START);
        f.ingest = Some(IngestFacts {
            connected: true,
            playable: true,
        });
        assert!(kinds(&f, START + 60).is_empty());
        f.ingest = Some(IngestFacts {
            connected: true,
            playable: false,
        });
        let at = check(&f, START + 60, &cfg());
        assert_eq!(at[0].kind, AlertKind::EncoderLost);
        assert_eq!(
            at[0].message,
            "attendees are let in but no ingest point is PLAYABLE"
        );
    }

    #[test]
    fn ingest_facts_from_the_points_health() {
        use super::super::health::NodeHealth;
        let node = |status| {
            Some(NodeHealth {
                status,
                streams: Vec::new(),
            })
        };
        let none = StreamHealth::default();
        assert_eq!(
            IngestFacts::from_health(&none),
            IngestFacts {
                connected: false,
                playable: false
            }
        );
        let stalled = StreamHealth {
            primary: node(LiveStatus::Broadcasting),
            backup: None,
        };
        assert_eq!(
            IngestFacts::from_health(&stalled),
            IngestFacts {
                connected: true,
                playable: false
            }
        );
        // The backup carries the stream while the primary is stalled: nothing lost.
        let failover = StreamHealth {
            primary: node(LiveStatus::Broadcasting),
            backup: node(LiveStatus::Playable),
        };
        assert!(IngestFacts::from_health(&failover).playable);
        let mut f = live(START);
        f.ingest = Some(IngestFacts::from_health(&failover));
        assert!(kinds(&f, START + 60).is_empty());
        f.ingest = Some(IngestFacts::from_health(&stalled));
        assert_eq!(kinds(&f, START + 60), [AlertKind::EncoderLost]);
    }

    #[test]
    fn no_recording_after_the_wait() {
        let f = ended(START + 1800);
        let wait = DEFAULT_RECORDING_WAIT_SECS;
        assert!(kinds(&f, START + 1800 + wait).is_empty());
        let at = check(&f, START + 1800 + wait + 1, &cfg());
        assert_eq!(at[0].kind, AlertKind::NoRecording);
        assert_eq!(at[0].since, Some(START + 1800 + wait));
        assert_eq!(
            at[0].message,
            "the session ended 15 min ago and its recording is not ready"
        );
        // Recording off: nothing was to be recorded.
        let mut off = f.clone();
        off.recording_on = false;
        assert!(kinds(&off, START + 1800 + wait + 1).is_empty());
        // A READY recording: the state is RECORDING READY.
        let mut ready = f.clone();
        ready.state = EventState::RecordingReady;
        assert!(kinds(&ready, START + 1800 + wait + 1).is_empty());
    }

    #[test]
    fn the_recording_wait_is_scaled_by_the_sandbox_speed() {
        let four = WatchdogConfig::new(GRACE, DEFAULT_RECORDING_WAIT_SECS, Some(4.0));
        assert_eq!(four.recording_wait_secs, 225);
        assert_eq!(four.grace_secs, GRACE);
        let f = ended(START);
        assert!(check(&f, START + 225, &four).is_empty());
        assert_eq!(
            check(&f, START + 226, &four)[0].kind,
            AlertKind::NoRecording
        );
        // An account (no speed) and speed 1 wait the whole time; absurd speeds wait a second.
        let account = WatchdogConfig::new(GRACE, 900, None);
        assert_eq!(account.recording_wait_secs, 900);
        assert_eq!(
            WatchdogConfig::new(GRACE, 900, Some(1.0)).recording_wait_secs,
            900
        );
        assert_eq!(
            WatchdogConfig::new(GRACE, 900, Some(1e9)).recording_wait_secs,
            1
        );
        assert_eq!(
            WatchdogConfig::new(GRACE, 900, Some(f64::NAN)).recording_wait_secs,
            900
        );
    }

    #[test]
    fn an_event_in_error_has_no_alerts() {
        let mut f = offline();
        f.state = EventState::Error;
        assert!(kinds(&f, START + 600).is_empty());
    }

    #[test]
    fn alerts_come_most_important_first() {
        // Not possible together on a real entry, but the order must not depend on the rules'.
        let mut f = ended(START + 60);
        f.state = EventState::Ended;
        f.live.live_status = 2;
        f.live.view_mode = 1;
        f.live.current_broadcast_start_time = START + 100;
        f.live.last_broadcast = START + 101;
        let got = kinds(&f, START + 60 + DEFAULT_RECORDING_WAIT_SECS + 10);
        assert_eq!(got, [AlertKind::EncoderLost, AlertKind::NoRecording]);
    }

    #[test]
    fn spans_read_as_words() {
        assert_eq!(span(-5), "0 s");
        assert_eq!(span(59), "59 s");
        assert_eq!(span(60), "1 min");
        assert_eq!(span(3599), "59 min");
        assert_eq!(span(3600), "1 h 00 min");
        assert_eq!(span(86_400 * 2), "2 d");
    }

    #[test]
    fn the_tracker_reports_each_alert_once_and_again_after_it_clears() {
        let mut t = AlertTracker::default();
        let late = |since| Alert {
            kind: AlertKind::LateStart,
            since,
            message: "x".into(),
        };
        let lost = Alert {
            kind: AlertKind::EncoderLost,
            since: None,
            message: "y".into(),
        };
        let first = t.observe("0_a", vec![late(Some(100))], 200);
        assert_eq!(first.new.len(), 1);
        assert_eq!(first.current[0].since, Some(100));
        assert!(t.observe("0_a", vec![late(Some(100))], 205).new.is_empty());
        // Another event is tracked apart.
        assert_eq!(t.observe("0_b", vec![late(Some(100))], 205).new.len(), 1);
        // An alert without a known beginning keeps the time it was first seen.
        let seen = t.observe("0_a", vec![late(Some(100)), lost.clone()], 210);
        assert_eq!(seen.new.len(), 1);
        assert_eq!(seen.new[0].kind, AlertKind::EncoderLost);
        assert_eq!(seen.new[0].since, Some(210));
        let again = t.observe("0_a", vec![lost.clone()], 215);
        assert!(again.new.is_empty());
        assert_eq!(again.current[0].since, Some(210));
        assert_eq!(t.active("0_a"), [AlertKind::EncoderLost]);
        // Cleared, then back: new again, first seen anew.
        assert!(t.observe("0_a", vec![], 220).current.is_empty());
        assert!(t.active("0_a").is_empty());
        let back = t.observe("0_a", vec![lost.clone()], 225);
        assert_eq!(back.new.len(), 1);
        assert_eq!(back.new[0].since, Some(225));
        t.forget("0_a");
        assert_eq!(t.observe("0_a", vec![lost], 230).new.len(), 1);
    }
}
