//! What an attendee link should play, decided as the seed's `/view` does it, but right.
//!
//! The seed asks `isLive` with the admin KS (true during the producer's preview, when attendees
//! cannot play) and takes whatever recording comes first. We decide from the entry (live for
//! attendees), then the session's recording via `redirectEntryId`/`recordedEntryId` only if
//! READY, then the newest READY recording by root entry, and otherwise the live entry itself
//! (the player shows its offline slate). The reason travels with the choice so the operator sees
//! why a link points where it does.

use super::state::{LiveFacts, RecordingFacts};
use serde::{Deserialize, Serialize};

/// Why a given entry was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaybackReason {
    /// The event is live for attendees: play the live entry.
    LiveNow,
    /// The live entry redirects to its READY session recording.
    Redirect,
    /// The live entry's `recordedEntryId` is READY.
    RecordedEntry,
    /// The newest READY recording found by `rootEntryId` (after auto-archive cleared the links).
    NewestRecording,
    /// Nothing playable yet: the live entry, whose player shows the offline slate.
    NothingYet,
    /// The entry could not be read (missing, deleted, failed): the link points at it anyway.
    EntryUnavailable,
}

impl PlaybackReason {
    /// One short phrase for the dashboard and `--json` consumers.
    pub fn describe(self) -> &'static str {
        match self {
            PlaybackReason::LiveNow => "live now",
            PlaybackReason::Redirect => "session recording (redirect)",
            PlaybackReason::RecordedEntry => "session recording",
            PlaybackReason::NewestRecording => "newest recording",
            PlaybackReason::NothingYet => "not live yet (offline slate)",
            PlaybackReason::EntryUnavailable => "entry unavailable",
        }
    }
}

impl PlaybackReason {
    /// [`PlaybackReason::describe`], said for the event's state: an event that has ended with
    /// no recording ready yet plays the offline slate too, but "not live yet" would tell the
    /// operator it has not started.
    pub fn describe_for(self, state: super::state::EventState) -> &'static str {
        use super::state::EventState as S;
        match (self, state) {
            (PlaybackReason::NothingYet, S::Ended) => {
                "ended; no recording ready yet (offline slate)"
            }
            (PlaybackReason::NothingYet, S::EndedFeedOn) => "ended for attendees (offline slate)",
            (PlaybackReason::NothingYet, S::Error) => "nothing playable (offline slate)",
            _ => self.describe(),
        }
    }
}

/// The entry to play and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Playback {
    /// The entry ID the attendee KS and player get (`PLAY_ID`).
    pub entry_id: String,
    /// Why it was chosen.
    pub reason: PlaybackReason,
}

/// Chooses what to play from the live entry and the recordings known for it (any status).
pub fn choose(live: &LiveFacts, recordings: &[RecordingFacts]) -> Playback {
    let pick = |entry_id: &str, reason| Playback {
        entry_id: entry_id.to_string(),
        reason,
    };
    if live.live_for_attendees() {
        return pick(&live.id, PlaybackReason::LiveNow);
    }
    let ready = |id: &str| {
        !id.is_empty() && id != live.id && recordings.iter().any(|r| r.id == id && r.is_ready())
    };
    if ready(&live.redirect_entry_id) {
        return pick(&live.redirect_entry_id, PlaybackReason::Redirect);
    }
    if ready(&live.recorded_entry_id) {
        return pick(&live.recorded_entry_id, PlaybackReason::RecordedEntry);
    }
    let newest = recordings
        .iter()
        .filter(|r| r.is_ready() && r.id != live.id && r.root_entry_id == live.id)
        .max_by_key(|r| (r.created_at, r.id.clone()));
    match newest {
        Some(r) => pick(&r.id, PlaybackReason::NewestRecording),
        None => pick(&live.id, PlaybackReason::NothingYet),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn live() -> LiveFacts {
        LiveFacts {
            id: "0_live".into(),
            status: 2,
            explicit_live: true,
            ..LiveFacts::default()
        }
    }

    fn rec(id: &str, status: i64, created: i64) -> RecordingFacts {
        RecordingFacts {
            id: id.into(),
            root_entry_id: "0_live".into(),
            status,
            created_at: created,
            updated_at: created,
        }
    }

    #[test]
    fn an_ended_event_is_not_called_not_live_yet() {
        use crate::webcast::state::EventState;
        let words = PlaybackReason::NothingYet.describe_for(EventState::Ended);
        assert!(!words.contains("not live yet"), "{words}");
        assert!(words.starts_with("ended"), "{words}");
        assert_eq!(
            PlaybackReason::NothingYet.describe_for(EventState::Offline),
            "not live yet (offline slate)"
        );
        assert_eq!(
            PlaybackReason::LiveNow.describe_for(EventState::Live),
            "live now"
        );
    }

    #[test]
    fn preview_is_not_live_for_attendees() {
        let mut e = live();
        e.live_status = 1;
        assert_eq!(choose(&e, &[]).reason, PlaybackReason::NothingYet);
        e.view_mode = 1;
        assert_eq!(
            choose(&e, &[]),
            Playback {
                entry_id: "0_live".into(),
                reason: PlaybackReason::LiveNow
            }
        );
    }

    #[test]
    fn order_redirect_recorded_newest_itself() {
        let mut e = live();
        e.redirect_entry_id = "0_r".into();
        e.recorded_entry_id = "0_c".into();
        let all = [rec("0_r", 2, 10), rec("0_c", 2, 20), rec("0_n", 2, 30)];
        assert_eq!(choose(&e, &all).reason, PlaybackReason::Redirect);
        let not_ready_redirect = [rec("0_r", 7, 10), rec("0_c", 2, 20), rec("0_n", 2, 30)];
        assert_eq!(choose(&e, &not_ready_redirect).entry_id, "0_c");
        let only_newest = [
            rec("0_r", 7, 10),
            rec("0_c", 4, 20),
            rec("0_n", 2, 30),
            rec("0_o", 2, 5),
        ];
        assert_eq!(
            choose(&e, &only_newest),
            Playback {
                entry_id: "0_n".into(),
                reason: PlaybackReason::NewestRecording
            }
        );
        assert_eq!(
            choose(&e, &[rec("0_r", 7, 10)]).reason,
            PlaybackReason::NothingYet
        );
    }

    #[test]
    fn the_live_entry_and_others_recordings_are_skipped() {
        let e = live();
        let mut itself = rec("0_live", 2, 50);
        itself.root_entry_id = "0_live".into();
        let mut foreign = rec("0_x", 2, 60);
        foreign.root_entry_id = "0_other".into();
        assert_eq!(
            choose(&e, &[itself, foreign]).reason,
            PlaybackReason::NothingYet
        );
    }
}
