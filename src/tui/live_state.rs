//! What the board remembers of its live events between polls: each event's audience (the
//! sparkline's history and the peak since watching), each event's ingest (to log failovers and
//! bitrate drops), and Kaltura's realtime audience graph of the selected event. Owned by the
//! UI task with the rest of `AppState`; bounded by the watched events.

use std::collections::HashMap;

use super::view::{EventView, RealtimeAudience, Status};
use crate::webcast::audience::AudienceHistory;
use crate::webcast::health::HealthWatch;

/// The live side of the board.
#[derive(Clone, Debug, Default)]
pub struct LiveState {
    /// Seconds between two reads of the realtime graph (the viewers' own interval).
    pub viewers_secs: i64,
    /// Each watched event's audience as the polls saw it.
    pub audience: HashMap<String, AudienceHistory>,
    /// Each watched event's ingest, to tell what changed.
    pub health: HashMap<String, HealthWatch>,
    /// The last realtime graph read (of one event).
    pub realtime: Option<RealtimeAudience>,
    /// Which event's graph was last asked, and when (Unix seconds), answered or not.
    pub realtime_asked: Option<(String, i64)>,
    /// (tag, id) of the graph request still wanted.
    pub realtime_pending: Option<(u64, String)>,
    /// Why the account gives no realtime graph (Kaltura's refusal): not asked again.
    pub realtime_unavailable: Option<String>,
}

impl LiveState {
    /// A fresh memory; graphs are read at most every `viewers_secs`.
    pub fn new(viewers_secs: i64) -> Self {
        LiveState {
            viewers_secs: viewers_secs.max(1),
            ..LiveState::default()
        }
    }

    /// Takes a polled view into the memory: its audience (while LIVE) and its ingest. Returns
    /// the ingest changes worth a line in the event log.
    pub fn observe(&mut self, view: &EventView) -> Vec<String> {
        if let Some(v) = view.viewers.filter(|_| view.status == Status::Live) {
            self.audience
                .entry(view.id.clone())
                .or_default()
                .record(view.polled_at, v);
        }
        match &view.health {
            Some(h) => self
                .health
                .entry(view.id.clone())
                .or_default()
                .observe(h, view.polled_at)
                .iter()
                .map(|c| c.describe())
                .collect(),
            None => Vec::new(),
        }
    }

    /// Forgets an event no longer watched.
    pub fn forget(&mut self, id: &str) {
        self.audience.remove(id);
        self.health.remove(id);
        if self.realtime.as_ref().is_some_and(|r| r.entry_id == id) {
            self.realtime = None;
        }
    }

    /// Whether event `id`'s realtime graph should be asked now: the account has it, none is in
    /// flight, and it was not asked for `viewers_secs` (or another event's was).
    pub fn realtime_due(&self, id: &str, now: i64) -> bool {
        self.realtime_unavailable.is_none()
            && self.realtime_pending.is_none()
            && self
                .realtime_asked
                .as_ref()
                .is_none_or(|(asked, at)| asked != id || now - at >= self.viewers_secs)
    }

    /// The realtime graph of `id`, when the last one read is of it.
    pub fn realtime_of(&self, id: &str) -> Option<&RealtimeAudience> {
        self.realtime.as_ref().filter(|r| r.entry_id == id)
    }
}
