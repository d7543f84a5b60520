//! What an operator asks for when creating an event, and the named steps of creation.
//!
//! Kept apart from the workflow so the journal can store a request (to finish a half-made event
//! later) without depending on the network code.

use super::xml::{Presenter, Schedule};
use serde::{Deserialize, Serialize};

/// A webcast event to create (the seed's `/create` form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateRequest {
    /// The event title (the entry's name).
    pub name: String,
    /// Free text shown to attendees.
    #[serde(default)]
    pub description: String,
    /// Planned start, Unix seconds.
    pub start: i64,
    /// Planned end, Unix seconds.
    pub end: i64,
    /// IANA time zone the event was planned in (`Europe/Paris`), for KMS and the Studio.
    pub timezone: String,
    /// Who presents.
    #[serde(default)]
    pub presenter: Presenter,
    /// Record each session (PER_SESSION); false disables recording.
    #[serde(default = "yes")]
    pub recording: bool,
    /// Let attendees rewind (DVR, 60-minute window), as the seed does; on unless asked off.
    #[serde(default = "yes")]
    pub dvr: bool,
    /// The operator's own ID for the event (the entry's `referenceId`): makes a repeated create
    /// find the first one instead of making a duplicate.
    #[serde(default)]
    pub reference: Option<String>,
}

fn yes() -> bool {
    true
}

impl CreateRequest {
    /// The schedule part, as written to the `KMS_EVENTS3` record.
    pub fn schedule(&self) -> Schedule {
        Schedule {
            start: self.start,
            end: self.end,
            timezone: self.timezone.clone(),
        }
    }

    /// The reference, with blank treated as none (a blank `referenceId` matches nothing useful).
    pub fn reference(&self) -> Option<&str> {
        self.reference
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
    }

    /// Whether `other` asks for the same event, whatever its reference: same name, text,
    /// presenter, zone, recording and DVR, the same length, and starts within an hour of each
    /// other (a command repeated without `--start` starts "now" again). Used to settle an
    /// interrupted create of the same event before making a new one.
    pub fn same_event(&self, other: &CreateRequest) -> bool {
        const START_TOLERANCE_SECS: i64 = 3600;
        self.name == other.name
            && self.description == other.description
            && self.timezone == other.timezone
            && self.presenter == other.presenter
            && self.recording == other.recording
            && self.dvr == other.dvr
            && self.end - self.start == other.end - other.start
            && (self.start - other.start).abs() <= START_TOLERANCE_SECS
    }

    /// Checks the request before any call is made, so bad input never leaves a half-made event.
    pub fn validate(&self) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("the event needs a name".into());
        }
        if self.end <= self.start {
            return Err(format!(
                "the event ends ({}) before it starts ({})",
                super::time::iso_utc(self.end),
                super::time::iso_utc(self.start)
            ));
        }
        if !super::time::is_known_time_zone(&self.timezone) {
            return Err(format!(
                "unknown time zone {:?}: use an IANA name such as Europe/Paris or UTC",
                self.timezone
            ));
        }
        Ok(())
    }
}

/// The steps of creation that can fail after the entry exists, each finishable later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CreateStep {
    /// The entry did not get the live conversion profile looked up (`Default_Live`, else the
    /// account's default live profile, or `conversion_profile_id`).
    ConversionProfile,
    /// The `KMS_KWEBCAST2` record (marks the entry as a webcast for KMS and the Studio).
    KwebcastMetadata,
    /// The `KMS_EVENTS3` record (schedule and presenter).
    EventsMetadata,
    /// With `moderator_scope = "event"`: the event's own moderator user in its
    /// `entitledUsersEdit` (set right after the add, since its name holds the entry ID).
    ModeratorEntitlement,
}

impl CreateStep {
    /// A short name for messages and the journal.
    pub fn label(self) -> &'static str {
        match self {
            CreateStep::ConversionProfile => "conversion profile",
            CreateStep::KwebcastMetadata => "KMS_KWEBCAST2 metadata",
            CreateStep::EventsMetadata => "KMS_EVENTS3 metadata",
            CreateStep::ModeratorEntitlement => "moderator entitlement",
        }
    }
}

/// A step that failed, with what the service said and how to complete it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingStep {
    /// Which step.
    pub step: CreateStep,
    /// Kaltura's error code, when the service gave one (`METADATA_PROFILE_NOT_FOUND`).
    #[serde(default)]
    pub code: Option<String>,
    /// The error as one sentence (never a KS or secret).
    pub error: String,
    /// What to run to finish it.
    pub how_to_finish: String,
}

impl PendingStep {
    /// A failed step of `entry_id` with Kaltura's code (if any) and a one-sentence error.
    pub fn new(step: CreateStep, entry_id: &str, code: Option<&str>, error: String) -> Self {
        PendingStep {
            step,
            code: code.map(str::to_string),
            error,
            how_to_finish: finish_hint(entry_id),
        }
    }
}

/// The command that completes a half-made event (`Webcast::finish` does the same from code);
/// written for the operator, so it names the command, not the function.
pub fn finish_hint(entry_id: &str) -> String {
    format!("run `kwebcast finish {entry_id}` to fill in what is missing")
}
