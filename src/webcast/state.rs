//! kwebcast's event states, derived from the entry as the reference's section 6 defines them.
//!
//! The state is computed from the entry's own fields, never from `liveStream.isLive` with the
//! admin KS (which says "live" during the producer's preview, when attendees cannot play). Each
//! state has a word and a symbol so that no one has to tell states apart by colour alone.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Kaltura's `EntryStatus.READY`.
pub const STATUS_READY: i64 = 2;

/// What an event is doing, as the operator needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EventState {
    /// Never broadcast.
    Offline,
    /// The encoder is connected, attendees are not let in yet (explicit live before Go Live).
    Preview,
    /// Attendees can play the live stream.
    Live,
    /// A session ended; its recording is not READY yet.
    Ended,
    /// A READY recording exists; attendee links follow it.
    RecordingReady,
    /// The entry failed (status < 0, `liveStatus` -1) or is gone.
    Error,
}

impl EventState {
    /// The state as a word, for screens, logs and screen readers.
    pub fn word(self) -> &'static str {
        match self {
            EventState::Offline => "OFFLINE",
            EventState::Preview => "PREVIEW",
            EventState::Live => "LIVE",
            EventState::Ended => "ENDED",
            EventState::RecordingReady => "RECORDING READY",
            EventState::Error => "ERROR",
        }
    }

    /// A symbol distinct in shape for each state (readable without colour).
    pub fn symbol(self) -> &'static str {
        match self {
            EventState::Offline => "○",
            EventState::Preview => "◐",
            EventState::Live => "●",
            EventState::Ended => "■",
            EventState::RecordingReady => "▶",
            EventState::Error => "✖",
        }
    }

    /// Symbol and word together, e.g. `● LIVE`.
    pub fn label(self) -> String {
        format!("{} {}", self.symbol(), self.word())
    }
}

impl fmt::Display for EventState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.symbol(), self.word())
    }
}

/// The live entry's fields the state depends on (a narrow view, so derivation is a pure
/// function testable without the API types).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveFacts {
    /// Entry ID.
    pub id: String,
    /// `EntryStatus` number.
    pub status: i64,
    /// `liveStatus` (EntryServerNodeStatus) number.
    pub live_status: i64,
    /// `explicitLive`: the producer must press Go Live before attendees see anything.
    pub explicit_live: bool,
    /// `viewMode`: 1 ALLOW_ALL after Go Live.
    pub view_mode: i64,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub updated_at: i64,
    /// First time the entry was ever PLAYABLE (0 never).
    pub first_broadcast: i64,
    /// Last time it turned PLAYABLE.
    pub last_broadcast: i64,
    /// When the current session's encoder connected (0 when none).
    pub current_broadcast_start_time: i64,
    /// When the last session ended.
    pub last_broadcast_end_time: i64,
    /// The session's recording after the end ("" when none).
    pub redirect_entry_id: String,
    /// The current/last session's recording ("" when none).
    pub recorded_entry_id: String,
}

impl LiveFacts {
    /// The encoder is connected (AUTHENTICATED, BROADCASTING or PLAYABLE).
    pub fn encoder_connected(&self) -> bool {
        matches!(self.live_status, 1..=3)
    }

    /// Attendees can play it: PLAYABLE (or BROADCASTING while warming up) and let in.
    pub fn live_for_attendees(&self) -> bool {
        matches!(self.live_status, 1 | 2) && (!self.explicit_live || self.view_mode == 1)
    }

    /// It has broadcast at least once.
    pub fn ever_broadcast(&self) -> bool {
        self.first_broadcast > 0
            || self.last_broadcast > 0
            || self.last_broadcast_end_time > 0
            || !self.recorded_entry_id.is_empty()
            || !self.redirect_entry_id.is_empty()
    }
}

/// A recording's fields the state and playback depend on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordingFacts {
    /// Entry ID.
    pub id: String,
    /// The live entry it records.
    pub root_entry_id: String,
    /// `EntryStatus` number.
    pub status: i64,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds; for a READY recording, close to when it became READY.
    pub updated_at: i64,
}

impl RecordingFacts {
    /// Playable.
    pub fn is_ready(&self) -> bool {
        self.status == STATUS_READY
    }
}

/// Derives the state and when it began (`since`, Unix seconds) from the live entry and the
/// recordings known for it (any status; those not belonging to it are ignored).
pub fn derive_state(live: &LiveFacts, recordings: &[RecordingFacts]) -> (EventState, Option<i64>) {
    let nonzero = |t: i64| (t > 0).then_some(t);
    if live.status < 0 || live.live_status == -1 {
        return (EventState::Error, nonzero(live.updated_at));
    }
    if live.live_for_attendees() {
        // Go Live is an update of the entry; with explicit live its time is the best witness.
        let since = if live.explicit_live {
            live.last_broadcast.max(live.updated_at)
        } else {
            live.last_broadcast.max(live.current_broadcast_start_time)
        };
        return (EventState::Live, nonzero(since));
    }
    if live.encoder_connected() {
        return (
            EventState::Preview,
            nonzero(live.current_broadcast_start_time).or(nonzero(live.last_broadcast)),
        );
    }
    let own: Vec<&RecordingFacts> = recordings
        .iter()
        .filter(|r| r.id != live.id && (r.root_entry_id.is_empty() || r.root_entry_id == live.id))
        .collect();
    // The latest session's recording, when the entry still points at it.
    let latest_id = [&live.redirect_entry_id, &live.recorded_entry_id]
        .into_iter()
        .find(|id| !id.is_empty());
    let latest = latest_id.and_then(|id| own.iter().find(|r| &r.id == id));
    let latest_pending = match (latest_id, latest) {
        (Some(_), Some(r)) => !r.is_ready(),
        // Pointed at but not found: not readable yet, count it as processing.
        (Some(_), None) => true,
        (None, _) => false,
    };
    let newest_ready = own
        .iter()
        .filter(|r| r.is_ready())
        .max_by_key(|r| r.created_at);
    if live.ever_broadcast() && latest_pending {
        return (EventState::Ended, nonzero(live.last_broadcast_end_time));
    }
    if let Some(r) = newest_ready {
        let since = nonzero(r.updated_at).or(nonzero(live.last_broadcast_end_time));
        return (EventState::RecordingReady, since);
    }
    if live.ever_broadcast() {
        return (EventState::Ended, nonzero(live.last_broadcast_end_time));
    }
    (EventState::Offline, nonzero(live.created_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn created() -> LiveFacts {
        LiveFacts {
            id: "0_live".into(),
            status: 2,
            explicit_live: true,
            created_at: 100,
            updated_at: 100,
            ..LiveFacts::default()
        }
    }

    fn rec(id: &str, status: i64, created: i64) -> RecordingFacts {
        RecordingFacts {
            id: id.into(),
            root_entry_id: "0_live".into(),
            status,
            created_at: created,
            updated_at: created + 5,
        }
    }

    #[test]
    fn words_and_symbols() {
        assert_eq!(EventState::Live.to_string(), "● LIVE");
        assert_eq!(EventState::RecordingReady.label(), "▶ RECORDING READY");
        let symbols: std::collections::HashSet<_> = [
            EventState::Offline,
            EventState::Preview,
            EventState::Live,
            EventState::Ended,
            EventState::RecordingReady,
            EventState::Error,
        ]
        .iter()
        .map(|s| s.symbol())
        .collect();
        assert_eq!(symbols.len(), 6);
    }

    #[test]
    fn lifecycle() {
        let mut e = created();
        assert_eq!(derive_state(&e, &[]), (EventState::Offline, Some(100)));

        e.live_status = 1;
        e.current_broadcast_start_time = 200;
        e.first_broadcast = 203;
        e.last_broadcast = 203;
        e.recorded_entry_id = "0_rec1".into();
        let recs = [rec("0_rec1", 7, 200)];
        assert_eq!(derive_state(&e, &recs), (EventState::Preview, Some(200)));

        e.view_mode = 1;
        e.updated_at = 250;
        assert_eq!(derive_state(&e, &recs), (EventState::Live, Some(250)));

        e.live_status = 0;
        e.view_mode = 0;
        e.current_broadcast_start_time = 0;
        e.last_broadcast_end_time = 400;
        e.redirect_entry_id = "0_rec1".into();
        assert_eq!(derive_state(&e, &recs), (EventState::Ended, Some(400)));

        let ready = [rec("0_rec1", 2, 200)];
        assert_eq!(
            derive_state(&e, &ready),
            (EventState::RecordingReady, Some(205))
        );

        // Auto-archive clears the pointers; the recording is still found by root entry.
        e.redirect_entry_id.clear();
        e.recorded_entry_id.clear();
        assert_eq!(
            derive_state(&e, &ready),
            (EventState::RecordingReady, Some(205))
        );
    }

    #[test]
    fn non_explicit_live_is_live_as_soon_as_playable() {
        let mut e = created();
        e.explicit_live = false;
        e.live_status = 3;
        e.current_broadcast_start_time = 200;
        assert_eq!(derive_state(&e, &[]).0, EventState::Preview);
        e.live_status = 1;
        e.last_broadcast = 203;
        assert_eq!(derive_state(&e, &[]), (EventState::Live, Some(203)));
    }

    #[test]
    fn a_new_session_processing_shows_ended_even_with_an_older_ready_recording() {
        let mut e = created();
        e.first_broadcast = 150;
        e.last_broadcast_end_time = 500;
        e.redirect_entry_id = "0_rec2".into();
        let recs = [rec("0_rec1", 2, 150), rec("0_rec2", 7, 450)];
        assert_eq!(derive_state(&e, &recs), (EventState::Ended, Some(500)));
    }

    #[test]
    fn ended_without_recording_stays_ended() {
        let mut e = created();
        e.first_broadcast = 150;
        e.last_broadcast_end_time = 500;
        assert_eq!(derive_state(&e, &[]), (EventState::Ended, Some(500)));
    }

    #[test]
    fn errors() {
        let mut e = created();
        e.status = -1;
        assert_eq!(derive_state(&e, &[]).0, EventState::Error);
        let mut e = created();
        e.live_status = -1;
        assert_eq!(derive_state(&e, &[]).0, EventState::Error);
    }

    #[test]
    fn the_live_entry_itself_is_never_its_recording() {
        let mut e = created();
        e.first_broadcast = 150;
        let mut itself = rec("0_live", 2, 100);
        itself.root_entry_id = "0_live".into();
        assert_eq!(derive_state(&e, &[itself]).0, EventState::Ended);
    }
}
