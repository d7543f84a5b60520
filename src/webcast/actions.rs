//! Running a live event (reference section 9): Go Live, End, pausing and resuming the recording,
//! sending viewers to a recording — each one `liveStream.update`, exactly what Kaltura's own
//! consoles send, so the same code runs on an account and on the sandbox.
//!
//! This file is pure: what each action changes ([`LiveAction::update`]), and before it runs,
//! whether it makes sense for the event now and what attendees will see after it
//! ([`preflight`]), so both faces can ask the operator a question that names the consequence.
//! `action_flow.rs` performs it.

use super::playback::{self, Playback, PlaybackReason};
use super::snapshot::{EventSnapshot, live_facts, recording_facts};
use super::state::{EventState, LiveFacts, RecordingFacts};
use crate::kaltura::types::{LiveStreamUpdate, RecordingStatus, ViewMode};
use serde::Serialize;

/// Kaltura's `RecordStatus.DISABLED`: the entry records nothing.
const RECORD_DISABLED: i64 = 0;

/// What the operator asks of a live event.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LiveAction {
    /// Let attendees in: `viewMode` ALLOW_ALL, `recordingStatus` ACTIVE.
    GoLive,
    /// Take attendees off: `viewMode` PREVIEW, `recordingStatus` STOPPED (the encoder may go on).
    End,
    /// `recordingStatus` PAUSED while live.
    PauseRecording,
    /// `recordingStatus` ACTIVE again.
    ResumeRecording,
    /// `redirectEntryId`: players go to this recording once the event is not live.
    Redirect {
        /// The recording's entry ID.
        recording: String,
    },
    /// Clear `redirectEntryId` (`redirectEntryId__null`, as Kaltura's clients send a null).
    ClearRedirect,
}

impl LiveAction {
    /// The machine name (`--json` `action`, logs).
    pub fn key(&self) -> &'static str {
        match self {
            LiveAction::GoLive => "golive",
            LiveAction::End => "end",
            LiveAction::PauseRecording => "recording_pause",
            LiveAction::ResumeRecording => "recording_resume",
            LiveAction::Redirect { .. } => "redirect",
            LiveAction::ClearRedirect => "redirect_clear",
        }
    }

    /// The action as a title ("Go Live", "Send viewers to a recording").
    pub fn title(&self) -> &'static str {
        match self {
            LiveAction::GoLive => "Go Live",
            LiveAction::End => "End the event for attendees",
            LiveAction::PauseRecording => "Pause the recording",
            LiveAction::ResumeRecording => "Resume the recording",
            LiveAction::Redirect { .. } => "Send viewers to a recording",
            LiveAction::ClearRedirect => "Stop sending viewers to a recording",
        }
    }

    /// What happened, for the event log ("went live", "viewers sent to recording 0_x").
    pub fn done(&self) -> String {
        match self {
            LiveAction::GoLive => "went live".into(),
            LiveAction::End => "ended".into(),
            LiveAction::PauseRecording => "recording paused".into(),
            LiveAction::ResumeRecording => "recording resumed".into(),
            LiveAction::Redirect { recording } => format!("viewers sent to recording {recording}"),
            LiveAction::ClearRedirect => "viewers no longer sent to a recording".into(),
        }
    }

    /// The `liveStream.update` object: the fields this action changes, nothing else.
    pub fn update(&self) -> LiveStreamUpdate {
        let mut u = LiveStreamUpdate::default();
        match self {
            LiveAction::GoLive => {
                u.view_mode = Some(ViewMode::AllowAll);
                u.recording_status = Some(RecordingStatus::Active);
            }
            LiveAction::End => {
                u.view_mode = Some(ViewMode::Preview);
                u.recording_status = Some(RecordingStatus::Stopped);
            }
            LiveAction::PauseRecording => u.recording_status = Some(RecordingStatus::Paused),
            LiveAction::ResumeRecording => u.recording_status = Some(RecordingStatus::Active),
            LiveAction::Redirect { recording } => u.redirect_entry_id = Some(recording.clone()),
            LiveAction::ClearRedirect => u.clear = vec!["redirectEntryId".into()],
        }
        u
    }

    /// The live facts as they will be once Kaltura applied the action (the encoder unchanged).
    fn apply_to(&self, live: &LiveFacts) -> LiveFacts {
        let mut after = live.clone();
        match self {
            LiveAction::GoLive => after.view_mode = 1,
            LiveAction::End => after.view_mode = 0,
            LiveAction::Redirect { recording } => after.redirect_entry_id = recording.clone(),
            LiveAction::ClearRedirect => after.redirect_entry_id.clear(),
            LiveAction::PauseRecording | LiveAction::ResumeRecording => {}
        }
        after
    }
}

/// A recording an operator can send viewers to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordingChoice {
    /// What state and playback need of it (ID, status, times).
    pub facts: RecordingFacts,
    /// Its name.
    pub name: String,
}

/// What the actions need to know of an event: small enough for the dashboard to keep one per
/// watched event and decide in `update`, without a network call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ControlFacts {
    /// The event's name.
    pub name: String,
    /// Its derived state.
    pub state: EventState,
    /// The live entry's fields the state depends on.
    pub live: LiveFacts,
    /// Its recordings, newest first.
    pub recordings: Vec<RecordingChoice>,
    /// `recordStatus` (0 DISABLED, 1 APPENDED, 2 PER_SESSION), when known.
    pub record_status: Option<i64>,
    /// `recordingStatus` (0 STOPPED, 1 PAUSED, 2 ACTIVE, 3 DISABLED), when known.
    pub recording_status: Option<i64>,
    /// Why the entry is in ERROR, if it is.
    pub problem: Option<String>,
}

impl ControlFacts {
    /// The facts of a polled event.
    pub fn from_snapshot(s: &EventSnapshot) -> Self {
        ControlFacts {
            name: s.entry.name.clone(),
            state: s.state,
            live: live_facts(&s.entry),
            recordings: s
                .recordings
                .iter()
                .map(|r| RecordingChoice {
                    facts: recording_facts(r),
                    name: r.name.clone(),
                })
                .collect(),
            record_status: s.entry.record_status.map(|r| r.code()),
            recording_status: s.entry.recording_status.map(|r| r.code()),
            problem: s.problem.as_ref().map(|p| p.message.clone()),
        }
    }

    fn recording_facts(&self) -> Vec<RecordingFacts> {
        self.recordings.iter().map(|r| r.facts.clone()).collect()
    }

    fn recording(&self, id: &str) -> Option<&RecordingChoice> {
        self.recordings.iter().find(|r| r.facts.id == id)
    }

    /// What attendee links play now.
    pub fn playback(&self) -> Playback {
        playback::choose(&self.live, &self.recording_facts())
    }

    /// The recording is off for the entry (`recordStatus` or `recordingStatus` DISABLED).
    pub fn recording_off(&self) -> bool {
        self.record_status == Some(RECORD_DISABLED) || self.recording_status == Some(3)
    }

    /// Describes what a playback decision shows attendees ("the live stream", "recording
    /// 0_abc (Town hall 1)").
    pub fn describe(&self, p: &Playback) -> String {
        match p.reason {
            PlaybackReason::LiveNow => "the live stream".into(),
            PlaybackReason::NothingYet => "the offline slate".into(),
            PlaybackReason::EntryUnavailable => "nothing (the entry is unavailable)".into(),
            PlaybackReason::Redirect
            | PlaybackReason::RecordedEntry
            | PlaybackReason::NewestRecording => match self.recording(&p.entry_id) {
                Some(r) if !r.name.is_empty() => format!("recording {} ({:?})", p.entry_id, r.name),
                _ => format!("recording {}", p.entry_id),
            },
        }
    }
}

/// `recordingStatus` as a word (`--json` `recording`, text output).
pub fn recording_word(status: Option<i64>) -> Option<&'static str> {
    status.map(|s| match s {
        0 => "STOPPED",
        1 => "PAUSED",
        2 => "ACTIVE",
        3 => "DISABLED",
        _ => "UNKNOWN",
    })
}

/// Whether an action makes sense now and what it will do, decided before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preflight {
    /// Why the action is refused (nothing is sent), in one sentence.
    pub refusal: Option<String>,
    /// What attendees will see once it is done ("the live stream", "the offline slate").
    pub attendees: String,
    /// A consequence the operator must accept with a second confirmation (Go Live without a
    /// playable stream).
    pub warning: Option<String>,
    /// Something to know, without a second question (the encoder stays connected after End).
    pub note: Option<String>,
}

impl Preflight {
    /// The action may be sent.
    pub fn allowed(&self) -> bool {
        self.refusal.is_none()
    }
}

/// Decides whether `action` makes sense for the event described by `facts`, and what attendees
/// will see after it.
pub fn preflight(facts: &ControlFacts, action: &LiveAction) -> Preflight {
    let after = action.apply_to(&facts.live);
    let attendees = facts.describe(&playback::choose(&after, &facts.recording_facts()));
    let mut p = Preflight {
        refusal: refusal(facts, action),
        attendees,
        warning: None,
        note: None,
    };
    match action {
        LiveAction::GoLive if !facts.live.playable() => {
            p.warning = Some(format!(
                "no encoder stream is playable yet (the event is {}): attendees will get the offline slate until the stream plays",
                facts.state.word()
            ));
        }
        LiveAction::End if facts.live.encoder_connected() => {
            p.note = Some(
                "the encoder is still connected: the event shows ENDED (FEED ON) until it stops; stop the encoder to end the session and its recording".into(),
            );
        }
        LiveAction::Redirect { recording } => {
            if facts.live.encoder_connected() {
                p.note = Some(
                    "the encoder is connected: while the event is live attendees keep the live stream, and get the recording after".into(),
                );
            } else if facts
                .recording(recording)
                .is_some_and(|r| !r.facts.is_ready())
            {
                p.note = Some(format!(
                    "recording {recording} is not ready yet: attendee links follow it once it is"
                ));
            }
        }
        _ => {}
    }
    p
}

fn refusal(facts: &ControlFacts, action: &LiveAction) -> Option<String> {
    if facts.state == EventState::Error {
        return Some(format!(
            "the event is in error: {}",
            facts
                .problem
                .as_deref()
                .unwrap_or("the entry failed or is gone")
        ));
    }
    let live = &facts.live;
    match action {
        LiveAction::GoLive if !live.explicit_live => Some(
            "nothing to let attendees in to: this event has no preview (explicitLive is off), they see the stream as soon as it plays".into(),
        ),
        LiveAction::GoLive if live.view_mode == 1 => {
            Some("attendees are already let in (Go Live was pressed and not ended since)".into())
        }
        LiveAction::End if !live.explicit_live => Some(
            "stop the encoder to end it: this event has no preview (explicitLive is off), attendees see the stream while the encoder pushes".into(),
        ),
        LiveAction::End if live.view_mode != 1 => {
            Some("nothing to end: attendees are not let in (no Go Live since the last End)".into())
        }
        LiveAction::PauseRecording | LiveAction::ResumeRecording => {
            recording_refusal(facts, action == &LiveAction::PauseRecording)
        }
        LiveAction::Redirect { recording } => {
            if live.encoder_connected() && !facts.recording_off() {
                // Kaltura points players at the session's recording when the encoder stops
                // (`LiveEntry::unsetMediaServer`), replacing whatever was chosen before.
                Some("the encoder is still connected: when it stops, Kaltura sends viewers to this session's recording instead; choose a recording once the session has ended".into())
            } else if facts.recording(recording).is_none() {
                let known: Vec<&str> = facts.recordings.iter().map(|r| r.facts.id.as_str()).collect();
                Some(if known.is_empty() {
                    format!("{recording} is not a recording of this event (it has none yet)")
                } else {
                    format!(
                        "{recording} is not a recording of this event (its recordings: {})",
                        known.join(", ")
                    )
                })
            } else if live.redirect_entry_id == *recording {
                Some(format!("viewers are already sent to {recording}"))
            } else {
                None
            }
        }
        LiveAction::ClearRedirect if live.redirect_entry_id.is_empty() => {
            Some("viewers are not sent to a recording (no redirect is set)".into())
        }
        _ => None,
    }
}

fn recording_refusal(facts: &ControlFacts, pause: bool) -> Option<String> {
    let verb = if pause { "paused" } else { "resumed" };
    if facts.recording_off() {
        return Some("recording is off for this event (recordStatus DISABLED)".into());
    }
    if facts.state != EventState::Live {
        return Some(format!(
            "the recording can be {verb} only while the event is LIVE (it is {})",
            facts.state.word()
        ));
    }
    match (pause, facts.recording_status) {
        (true, Some(1)) => Some("the recording is already paused".into()),
        (true, Some(s)) if s != 2 => Some(format!(
            "the recording is not running ({})",
            recording_word(Some(s)).unwrap_or("UNKNOWN")
        )),
        (false, Some(2)) => Some("the recording is already running".into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: &str, status: i64, created: i64) -> RecordingChoice {
        RecordingChoice {
            facts: RecordingFacts {
                id: id.into(),
                root_entry_id: "0_live".into(),
                status,
                created_at: created,
                updated_at: created,
            },
            name: format!("Town hall {id}"),
        }
    }

    /// An explicit-live event in PREVIEW: encoder playable, attendees not let in.
    fn preview() -> ControlFacts {
        ControlFacts {
            name: "Town hall".into(),
            state: EventState::Preview,
            live: LiveFacts {
                id: "0_live".into(),
                status: 2,
                live_status: 1,
                explicit_live: true,
                view_mode: 0,
                current_broadcast_start_time: 100,
                first_broadcast: 102,
                last_broadcast: 102,
                recorded_entry_id: "0_rec2".into(),
                ..LiveFacts::default()
            },
            recordings: vec![rec("0_rec2", 7, 100), rec("0_rec1", 2, 50)],
            record_status: Some(2),
            recording_status: Some(0),
            problem: None,
        }
    }

    fn live() -> ControlFacts {
        let mut f = preview();
        f.state = EventState::Live;
        f.live.view_mode = 1;
        f.recording_status = Some(2);
        f
    }

    #[test]
    fn updates_are_what_kalturas_console_sends() {
        let json = |a: LiveAction| serde_json::to_value(a.update()).unwrap();
        assert_eq!(
            json(LiveAction::GoLive),
            serde_json::json!({"viewMode": 1, "recordingStatus": 2})
        );
        assert_eq!(
            json(LiveAction::End),
            serde_json::json!({"viewMode": 0, "recordingStatus": 0})
        );
        assert_eq!(
            json(LiveAction::PauseRecording),
            serde_json::json!({"recordingStatus": 1})
        );
        assert_eq!(
            json(LiveAction::ResumeRecording),
            serde_json::json!({"recordingStatus": 2})
        );
        assert_eq!(
            json(LiveAction::Redirect {
                recording: "0_r".into()
            }),
            serde_json::json!({"redirectEntryId": "0_r"})
        );
        assert_eq!(
            LiveAction::ClearRedirect.update().clear,
            vec!["redirectEntryId"]
        );
    }

    #[test]
    fn go_live_from_preview_shows_the_live_stream() {
        let p = preflight(&preview(), &LiveAction::GoLive);
        assert!(p.allowed(), "{p:?}");
        assert_eq!(p.attendees, "the live stream");
        assert_eq!(p.warning, None);
    }

    #[test]
    fn go_live_without_a_playable_stream_warns_of_the_offline_slate() {
        let mut f = preview();
        f.state = EventState::Offline;
        f.live.live_status = 0;
        f.recordings.clear();
        let p = preflight(&f, &LiveAction::GoLive);
        assert!(p.allowed());
        assert_eq!(p.attendees, "the offline slate");
        let warning = p.warning.expect("a second confirmation");
        assert!(warning.contains("offline slate"), "{warning}");
        assert!(warning.contains("OFFLINE"), "{warning}");
        f.state = EventState::Connecting;
        f.live.live_status = 3;
        assert!(
            preflight(&f, &LiveAction::GoLive)
                .warning
                .unwrap()
                .contains("CONNECTING")
        );
    }

    #[test]
    fn go_live_twice_or_without_preview_is_refused() {
        let refusal = preflight(&live(), &LiveAction::GoLive).refusal.unwrap();
        assert!(refusal.contains("already let in"), "{refusal}");
        let mut f = preview();
        f.live.explicit_live = false;
        f.live.view_mode = 1;
        assert!(
            preflight(&f, &LiveAction::GoLive)
                .refusal
                .unwrap()
                .contains("explicitLive is off")
        );
        assert!(
            preflight(&f, &LiveAction::End)
                .refusal
                .unwrap()
                .contains("stop the encoder")
        );
    }

    #[test]
    fn end_says_the_encoder_is_still_connected() {
        let p = preflight(&live(), &LiveAction::End);
        assert!(p.allowed());
        // The session's recording is still processing and the older one is READY.
        assert_eq!(p.attendees, "recording 0_rec1 (\"Town hall 0_rec1\")");
        assert!(p.note.unwrap().contains("ENDED (FEED ON)"));
        let refusal = preflight(&preview(), &LiveAction::End).refusal.unwrap();
        assert!(refusal.contains("not let in"), "{refusal}");
    }

    #[test]
    fn the_recording_pauses_and_resumes_only_while_live_and_recording() {
        assert!(preflight(&live(), &LiveAction::PauseRecording).allowed());
        let refusal = preflight(&live(), &LiveAction::ResumeRecording)
            .refusal
            .unwrap();
        assert!(refusal.contains("already running"), "{refusal}");
        let refusal = preflight(&preview(), &LiveAction::PauseRecording)
            .refusal
            .unwrap();
        assert_eq!(
            refusal,
            "the recording can be paused only while the event is LIVE (it is PREVIEW)"
        );
        let mut paused = live();
        paused.recording_status = Some(1);
        assert!(preflight(&paused, &LiveAction::ResumeRecording).allowed());
        assert!(
            preflight(&paused, &LiveAction::PauseRecording)
                .refusal
                .unwrap()
                .contains("already paused")
        );
        let mut off = live();
        off.record_status = Some(0);
        assert_eq!(
            preflight(&off, &LiveAction::PauseRecording)
                .refusal
                .unwrap(),
            "recording is off for this event (recordStatus DISABLED)"
        );
        let p = preflight(&live(), &LiveAction::PauseRecording);
        assert_eq!(p.attendees, "the live stream");
    }

    #[test]
    fn redirect_names_a_recording_of_the_event_and_attendees_follow_it() {
        let mut ended = preview();
        ended.state = EventState::RecordingReady;
        ended.live.live_status = 0;
        ended.recordings = vec![rec("0_rec2", 2, 100), rec("0_rec1", 2, 50)];
        ended.live.redirect_entry_id = "0_rec2".into();
        let to_old = LiveAction::Redirect {
            recording: "0_rec1".into(),
        };
        let p = preflight(&ended, &to_old);
        assert!(p.allowed(), "{p:?}");
        assert_eq!(p.attendees, "recording 0_rec1 (\"Town hall 0_rec1\")");
        let p = preflight(
            &ended,
            &LiveAction::Redirect {
                recording: "0_rec2".into(),
            },
        );
        assert_eq!(p.refusal.unwrap(), "viewers are already sent to 0_rec2");
        let p = preflight(
            &ended,
            &LiveAction::Redirect {
                recording: "0_other".into(),
            },
        );
        assert_eq!(
            p.refusal.unwrap(),
            "0_other is not a recording of this event (its recordings: 0_rec2, 0_rec1)"
        );
        // Clearing: attendees fall back to the session recording (recordedEntryId).
        let p = preflight(&ended, &LiveAction::ClearRedirect);
        assert!(p.allowed());
        assert_eq!(p.attendees, "recording 0_rec2 (\"Town hall 0_rec2\")");
        ended.live.redirect_entry_id.clear();
        assert!(
            preflight(&ended, &LiveAction::ClearRedirect)
                .refusal
                .unwrap()
                .contains("no redirect is set")
        );
        // While the encoder is connected, the session's end would replace the choice: refused,
        // unless the event records nothing (then it waits for the end of the live stream).
        let refusal = preflight(&live(), &to_old).refusal.unwrap();
        assert!(refusal.contains("once the session has ended"), "{refusal}");
        let mut unrecorded = live();
        unrecorded.record_status = Some(0);
        let p = preflight(&unrecorded, &to_old);
        assert!(p.allowed(), "{p:?}");
        assert_eq!(p.attendees, "the live stream");
        assert!(p.note.unwrap().contains("keep the live stream"));
        // A recording not READY yet is said so.
        let mut processing = ended.clone();
        processing.recordings[0].facts.status = 7;
        let p = preflight(
            &processing,
            &LiveAction::Redirect {
                recording: "0_rec2".into(),
            },
        );
        assert!(p.note.unwrap().contains("not ready yet"));
    }

    #[test]
    fn an_event_in_error_is_never_touched() {
        let mut f = live();
        f.state = EventState::Error;
        f.problem = Some("entry 0_live was not found".into());
        for a in [
            LiveAction::GoLive,
            LiveAction::End,
            LiveAction::PauseRecording,
            LiveAction::ClearRedirect,
        ] {
            assert_eq!(
                preflight(&f, &a).refusal.as_deref(),
                Some("the event is in error: entry 0_live was not found")
            );
        }
    }
}
