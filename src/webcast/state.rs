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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EventState {
    /// Never broadcast.
    #[default]
    Offline,
    /// An encoder is connecting (`liveStatus` 3 AUTHENTICATED or 2 BROADCASTING): nothing is
    /// playable yet, neither for the producer nor for attendees.
    Connecting,
    /// The stream is playable (`liveStatus` 1 PLAYABLE), attendees are not let in yet (explicit
    /// live before Go Live).
    Preview,
    /// Attendees can play the live stream (PLAYABLE and let in).
    Live,
    /// The producer ended the event for attendees (`viewMode` back to PREVIEW after Go Live)
    /// while the encoder keeps pushing: not live for anyone but the producer, and the session
    /// (and its recording) ends only when the encoder disconnects.
    EndedFeedOn,
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
            EventState::Connecting => "CONNECTING",
            EventState::Preview => "PREVIEW",
            EventState::Live => "LIVE",
            EventState::EndedFeedOn => "ENDED (FEED ON)",
            EventState::Ended => "ENDED",
            EventState::RecordingReady => "RECORDING READY",
            EventState::Error => "ERROR",
        }
    }

    /// A symbol distinct in shape for each state (readable without colour).
    pub fn symbol(self) -> &'static str {
        match self {
            EventState::Offline => "○",
            EventState::Connecting => "◔",
            EventState::Preview => "◐",
            EventState::Live => "●",
            EventState::EndedFeedOn => "▣",
            EventState::Ended => "■",
            EventState::RecordingReady => "▶",
            EventState::Error => "✖",
        }
    }

    /// What the state means for the operator, in one sentence (CLI text, the detail pane).
    pub fn meaning(self) -> &'static str {
        match self {
            EventState::Offline => "no encoder has connected yet",
            EventState::Connecting => "an encoder is connecting; the stream is not playable yet",
            EventState::Preview => {
                "the stream plays for the producer only; Go Live lets attendees in"
            }
            EventState::Live => "attendees are watching the live stream",
            EventState::EndedFeedOn => {
                "ended for attendees, encoder still connected: stop the encoder to end the session and its recording"
            }
            EventState::Ended => "the session ended; its recording is not ready yet",
            EventState::RecordingReady => "a recording is ready; attendee links play it",
            EventState::Error => "the entry failed or is gone",
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
    /// `broadcastTime`: when the entry was last let in (`viewMode` ALLOW_ALL while playable);
    /// 0 when never or unknown.
    pub broadcast_time: i64,
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

    /// The stream can be played: `liveStatus` 1 PLAYABLE. AUTHENTICATED (3) and BROADCASTING
    /// (2) are an encoder connecting, not yet playable.
    pub fn playable(&self) -> bool {
        self.live_status == 1
    }

    /// Attendees can play it: PLAYABLE and let in.
    pub fn live_for_attendees(&self) -> bool {
        self.playable() && (!self.explicit_live || self.view_mode == 1)
    }

    /// The producer let attendees in during the current session (Go Live sets `broadcastTime`)
    /// and has since ended it for them (`viewMode` back to PREVIEW) while the encoder is still
    /// connected.
    pub fn ended_while_connected(&self) -> bool {
        self.explicit_live
            && self.view_mode == 0
            && self.encoder_connected()
            && self.broadcast_time > 0
            && self.broadcast_time >= self.current_broadcast_start_time
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
    if live.ended_while_connected() {
        // End is an update of the entry: its time is the best witness.
        return (
            EventState::EndedFeedOn,
            nonzero(live.updated_at.max(live.broadcast_time)),
        );
    }
    if live.playable() {
        return (
            EventState::Preview,
            nonzero(live.last_broadcast).or(nonzero(live.current_broadcast_start_time)),
        );
    }
    if live.encoder_connected() {
        return (
            EventState::Connecting,
            nonzero(live.current_broadcast_start_time),
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
        let all = [
            EventState::Offline,
            EventState::Connecting,
            EventState::Preview,
            EventState::Live,
            EventState::EndedFeedOn,
            EventState::Ended,
            EventState::RecordingReady,
            EventState::Error,
        ];
        let symbols: std::collections::HashSet<_> = all.iter().map(|s| s.symbol()).collect();
        let words: std::collections::HashSet<_> = all.iter().map(|s| s.word()).collect();
        assert_eq!((symbols.len(), words.len()), (8, 8));
        // The board's State column holds a symbol, a space and 15 characters.
        assert!(all.iter().all(|s| s.label().chars().count() <= 17));
        assert_eq!(EventState::EndedFeedOn.label(), "▣ ENDED (FEED ON)");
        assert_eq!(EventState::Connecting.to_string(), "◔ CONNECTING");
    }

    #[test]
    fn lifecycle() {
        let mut e = created();
        assert_eq!(derive_state(&e, &[]), (EventState::Offline, Some(100)));

        e.live_status = 3;
        e.current_broadcast_start_time = 200;
        e.recorded_entry_id = "0_rec1".into();
        let recs = [rec("0_rec1", 7, 200)];
        assert_eq!(derive_state(&e, &recs), (EventState::Connecting, Some(200)));
        e.live_status = 2;
        assert_eq!(derive_state(&e, &recs), (EventState::Connecting, Some(200)));

        e.live_status = 1;
        e.first_broadcast = 203;
        e.last_broadcast = 203;
        assert_eq!(derive_state(&e, &recs), (EventState::Preview, Some(203)));

        e.view_mode = 1;
        e.updated_at = 250;
        e.broadcast_time = 250;
        assert_eq!(derive_state(&e, &recs), (EventState::Live, Some(250)));

        // End for attendees while the encoder keeps pushing.
        e.view_mode = 0;
        e.updated_at = 300;
        assert_eq!(
            derive_state(&e, &recs),
            (EventState::EndedFeedOn, Some(300))
        );

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
        assert_eq!(derive_state(&e, &[]).0, EventState::Connecting);
        e.live_status = 2;
        assert_eq!(derive_state(&e, &[]).0, EventState::Connecting);
        e.live_status = 1;
        e.last_broadcast = 203;
        assert_eq!(derive_state(&e, &[]), (EventState::Live, Some(203)));
    }

    #[test]
    fn broadcasting_is_not_live_yet() {
        // liveStatus 2 BROADCASTING with viewMode ALLOW_ALL: connecting, not LIVE.
        let mut e = created();
        e.live_status = 2;
        e.view_mode = 1;
        e.current_broadcast_start_time = 200;
        assert!(!e.live_for_attendees());
        assert_eq!(derive_state(&e, &[]), (EventState::Connecting, Some(200)));
    }

    #[test]
    fn a_preview_of_a_new_session_is_not_ended_by_an_older_go_live() {
        // Go Live happened in an earlier session (broadcastTime before this session began).
        let mut e = created();
        e.live_status = 1;
        e.broadcast_time = 150;
        e.current_broadcast_start_time = 200;
        e.last_broadcast = 202;
        assert_eq!(derive_state(&e, &[]), (EventState::Preview, Some(202)));
        // Not explicit live: viewMode is always ALLOW_ALL, there is no preview to go back to.
        let mut e = created();
        e.explicit_live = false;
        e.view_mode = 1;
        e.live_status = 1;
        e.broadcast_time = 250;
        e.current_broadcast_start_time = 200;
        assert_eq!(derive_state(&e, &[]).0, EventState::Live);
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
