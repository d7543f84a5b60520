//! [`EventSnapshot`]: one event as a poll or a resolution saw it — the entry, its derived state,
//! what attendees should play, its recordings and schedule — and how it turns into links.

use super::health::StreamHealth;
use super::playback::{self, Playback, PlaybackReason};
use super::state::{self, EventState, LiveFacts, RecordingFacts};
use super::xml::Schedule;
use crate::kaltura::types::{LiveStreamEntry, MediaEntry};
use serde::Serialize;

/// What every face shows for an event without a name (Kaltura allows an empty one, and an entry
/// that could not be read has none): the same words on the board, in `status` and in `links`.
pub const NO_NAME: &str = "(no name)";

/// An event's name as shown: [`NO_NAME`] when it is empty or blank.
pub fn shown_name(name: &str) -> &str {
    if name.trim().is_empty() {
        NO_NAME
    } else {
        name
    }
}

/// One event at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct EventSnapshot {
    /// The live entry as the admin KS sees it (for a missing entry: only `id` is set).
    pub entry: LiveStreamEntry,
    /// The derived state.
    pub state: EventState,
    /// When that state began (Unix seconds), from the entry's timestamps.
    pub since: Option<i64>,
    /// What attendee links play and why.
    pub playback: Playback,
    /// The event's recordings (any status, hidden ones included), newest first.
    pub recordings: Vec<MediaEntry>,
    /// The planned schedule from the `KMS_EVENTS3` record, if present.
    pub schedule: Option<Schedule>,
    /// Why the state is ERROR, in one sentence (`ENTRY_ID_NOT_FOUND`, a failed entry...).
    pub problem: Option<Problem>,
    /// When this snapshot was taken (Unix seconds).
    pub polled_at: i64,
    /// Viewers now (`liveStream.getLiveStreamStats`) while LIVE; `None` when not live or not
    /// known (a poll asks at most every `viewers_interval`, and only for live events).
    pub viewers: Option<i64>,
    /// The ingest points (`entryServerNode.list`); `None` when not read (a resolution, or the
    /// list failed).
    pub health: Option<StreamHealth>,
}

/// What is wrong with an event in ERROR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Kaltura's code when the service gave one.
    pub code: Option<String>,
    /// One sentence.
    pub message: String,
}

/// The serialisable face of a snapshot, for `--json` and logs (no stream keys in it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventSummary {
    /// Live entry ID.
    pub id: String,
    /// Event name.
    pub name: String,
    /// `LIVE`, `RECORDING_READY`...
    pub state: EventState,
    /// The state as shown (`● LIVE`).
    pub label: String,
    /// When the state began.
    pub since: Option<i64>,
    /// The entry attendee links play.
    pub play_entry_id: String,
    /// Why.
    pub playback_reason: PlaybackReason,
    /// Recording IDs, newest first.
    pub recordings: Vec<String>,
    /// The planned schedule.
    pub schedule: Option<Schedule>,
    /// Why it is in ERROR.
    pub problem: Option<Problem>,
    /// When polled.
    pub polled_at: i64,
}

impl EventSnapshot {
    /// The live entry's ID.
    pub fn id(&self) -> &str {
        &self.entry.id
    }

    /// What attendee links play, in words fit for the event's state ("live now", "ended; no
    /// recording ready yet (offline slate)").
    pub fn playback_words(&self) -> &'static str {
        self.playback.reason.describe_for(self.state)
    }

    /// A serialisable summary.
    pub fn summary(&self) -> EventSummary {
        EventSummary {
            id: self.entry.id.clone(),
            name: self.entry.name.clone(),
            state: self.state,
            label: self.state.label(),
            since: self.since,
            play_entry_id: self.playback.entry_id.clone(),
            playback_reason: self.playback.reason,
            recordings: self.recordings.iter().map(|r| r.id.clone()).collect(),
            schedule: self.schedule.clone(),
            problem: self.problem.clone(),
            polled_at: self.polled_at,
        }
    }

    /// What links need of this snapshot (the entry's ID and name, what attendees play, the
    /// schedule), without the rest of the entry and the recordings: for a face that keeps one
    /// snapshot per watched event (a whole one holds every field Kaltura answered).
    pub fn for_links(&self) -> EventSnapshot {
        EventSnapshot {
            entry: LiveStreamEntry {
                id: self.entry.id.clone(),
                name: self.entry.name.clone(),
                ..LiveStreamEntry::default()
            },
            state: self.state,
            since: self.since,
            playback: self.playback.clone(),
            recordings: Vec::new(),
            schedule: self.schedule.clone(),
            problem: None,
            polled_at: self.polled_at,
            viewers: None,
            health: None,
        }
    }

    /// A snapshot of an entry that could not be read: ERROR with the reason.
    pub fn missing(id: &str, problem: Problem, polled_at: i64) -> Self {
        EventSnapshot {
            entry: LiveStreamEntry {
                id: id.to_string(),
                ..LiveStreamEntry::default()
            },
            state: EventState::Error,
            since: None,
            playback: Playback {
                entry_id: id.to_string(),
                reason: PlaybackReason::EntryUnavailable,
            },
            recordings: Vec::new(),
            schedule: None,
            problem: Some(problem),
            polled_at,
            viewers: None,
            health: None,
        }
    }

    /// Derives state and playback from the entry and its recordings (any order, any status).
    pub fn derive(
        entry: LiveStreamEntry,
        mut recordings: Vec<MediaEntry>,
        schedule: Option<Schedule>,
        polled_at: i64,
    ) -> Self {
        recordings.retain(|r| r.id != entry.id);
        recordings.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        recordings.dedup_by(|a, b| a.id == b.id);
        let live = live_facts(&entry);
        let recs: Vec<RecordingFacts> = recordings.iter().map(recording_facts).collect();
        let (state, since) = state::derive_state(&live, &recs);
        let playback = playback::choose(&live, &recs);
        let problem = (state == EventState::Error).then(|| Problem {
            code: None,
            message: format!(
                "the entry is in error (status {}, liveStatus {})",
                live.status, live.live_status
            ),
        });
        EventSnapshot {
            entry,
            state,
            since,
            playback,
            recordings,
            schedule,
            problem,
            polled_at,
            viewers: None,
            health: None,
        }
    }
}

/// The narrow view of a live entry the pure derivation needs.
pub fn live_facts(e: &LiveStreamEntry) -> LiveFacts {
    LiveFacts {
        id: e.id.clone(),
        status: e.status.map_or(0, |s| s.code()),
        live_status: e.live_status.map_or(0, |s| s.code()),
        explicit_live: e.explicit_live == Some(true),
        // An explicit-live entry without a view mode has not been let in yet.
        view_mode: e
            .view_mode
            .map_or(i64::from(e.explicit_live != Some(true)), |v| v.code()),
        created_at: e.created_at,
        updated_at: e.updated_at,
        first_broadcast: e.first_broadcast,
        last_broadcast: e.last_broadcast,
        current_broadcast_start_time: unix_seconds(e.current_broadcast_start_time),
        last_broadcast_end_time: unix_seconds(e.last_broadcast_end_time),
        broadcast_time: unix_seconds(e.broadcast_time),
        redirect_entry_id: e.redirect_entry_id.clone(),
        recorded_entry_id: e.recorded_entry_id.clone(),
    }
}

/// A timestamp in Unix seconds: Kaltura documents `currentBroadcastStartTime` in milliseconds
/// (a float) while other times are seconds, so anything past the year 5138 in seconds is taken
/// as milliseconds.
fn unix_seconds(t: i64) -> i64 {
    if t > 100_000_000_000 { t / 1000 } else { t }
}

/// The narrow view of a recording.
pub fn recording_facts(r: &MediaEntry) -> RecordingFacts {
    RecordingFacts {
        id: r.id.clone(),
        root_entry_id: r.root_entry_id.clone(),
        status: r.status.map_or(0, |s| s.code()),
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}
