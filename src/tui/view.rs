//! View-model types: what the dashboard shows, decoupled from the API's objects.
//!
//! The drawing code and `update` only know these types, so they stay pure and testable with fixed
//! values; `backend.rs` is the single place that converts `webcast` results into them.

/// An event's state as the operator reads it: always a word *and* a symbol, never colour alone.
/// The workflow layer's own state, so the board and the CLI can never disagree on a word.
pub use crate::webcast::EventState as Status;

/// An event's ingest points (primary, backup) and their streams, as the poll read them.
pub use crate::webcast::StreamHealth;

/// Kaltura's realtime audience graph of one event.
pub use crate::webcast::audience::RealtimeAudience;

use crate::webcast::{Alert, ControlFacts, WatchFacts};

/// What the attendee QR encodes (short link, full link, link without a KS): the workflow
/// layer's own choices.
pub use crate::webcast::QrTarget;

/// One recording of a live event, as listed in the detail pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordingView {
    /// Entry ID of the recording.
    pub id: String,
    /// Its name (Kaltura renames it on auto-archive).
    pub name: String,
    /// Human word for its status ("READY", "PROCESSING", ...).
    pub status: String,
    /// When it was created (unix seconds): the session it recorded.
    pub created_at: i64,
}

/// Ingest details; secrets are kept here but masked by the drawing code until revealed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ingest {
    /// (label, URL) pairs for RTMP(S) ingest.
    pub rtmp: Vec<(String, String)>,
    /// (label, URL) pairs for SRT ingest; the stream ID carries the password, so it is masked too.
    pub srt: Vec<(String, String)>,
    /// The RTMP stream key (Kaltura's `streamName`/`streamPassword` pair rendered as one key).
    pub stream_key: Option<String>,
    /// The SRT passphrase.
    pub srt_pass: Option<String>,
}

/// The detail pane's content for one event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventDetail {
    /// The event description.
    pub description: String,
    /// Labelled times (unix seconds): created, scheduled start/end, last broadcast...
    pub times: Vec<(String, i64)>,
    /// Labelled facts from the entry and its metadata (recording mode, explicit live, ...).
    pub facts: Vec<(String, String)>,
    /// Recordings of this event, newest first.
    pub recordings: Vec<RecordingView>,
    /// Ingest URLs and keys.
    pub ingest: Ingest,
}

/// One watched event after a poll.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventView {
    /// The live entry ID.
    pub id: String,
    /// The event name.
    pub name: String,
    /// The derived state.
    pub status: Status,
    /// When the current state began (unix seconds), if known.
    pub since: Option<i64>,
    /// What attendees get right now, in a few words ("live", "recording 0_abc").
    pub audience: String,
    /// The entry an attendee link plays now; links are re-signed when it changes.
    pub playback_id: String,
    /// When this view was polled (unix seconds).
    pub polled_at: i64,
    /// Viewers now while LIVE (`None`: not live, or not read yet).
    pub viewers: Option<i64>,
    /// The ingest points (`None`: not read).
    pub health: Option<StreamHealth>,
    /// Everything shown in the detail pane.
    pub detail: EventDetail,
    /// What the live actions (Go Live, End, recording, redirect) decide from, in `update`.
    pub control: ControlFacts,
    /// The service answered that it has no such entry (`ENTRY_ID_NOT_FOUND`: deleted, or not
    /// this account's): the board lets it go after a second look.
    pub missing: bool,
    /// What the watchdog reads of the event (schedule, entry, recording), in `update`.
    pub watch: WatchFacts,
    /// The watchdog's alerts, most important first: set by `update` when the poll arrives
    /// (empty in a fresh view), each with the time its situation began.
    pub alerts: Vec<Alert>,
}

/// The label of the detail-pane fact that says why an event is in ERROR.
pub const PROBLEM_FACT: &str = "Problem";

impl EventView {
    /// The planned (start, end) from the `KMS_EVENTS3` record (unix seconds), when known: what
    /// the watchdog reads, and the account views' Starts and Ended columns show.
    pub fn schedule(&self) -> Option<(i64, i64)> {
        self.watch.schedule
    }

    /// Why the event is in ERROR, as the detail pane says it.
    pub fn problem(&self) -> Option<&str> {
        self.detail
            .facts
            .iter()
            .find(|(label, _)| label == PROBLEM_FACT)
            .map(|(_, text)| text.as_str())
    }
}

/// One page of an account view (Upcoming, Live now, Past), as the board shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewPageView {
    /// The rows, in the view's order.
    pub rows: Vec<EventView>,
    /// How many events the view holds in all.
    pub total: i64,
    /// Whether a next page exists.
    pub has_more: bool,
    /// Events beyond Kaltura's listing limit (10,000 matches), which no page can show.
    pub beyond_limit: i64,
}

/// Why the realtime audience graph could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RealtimeFailure {
    /// Kaltura refused (an account without realtime analytics): not asked again.
    Unavailable(String),
    /// The request failed (network, timeout): asked again later.
    Failed(String),
}

/// The two links an operator hands out for an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinksView {
    /// The URL attendees open (player page with a viewer KS).
    pub attendee_url: String,
    /// The URL moderators open (webcast app in moderator mode).
    pub moderator_url: String,
    /// When the first KS inside the links expires (unix seconds): when the board re-signs.
    pub expires_at: i64,
    /// The entry the attendee link plays; lets the board notice when links must follow a recording.
    pub playback_id: String,
    /// The live entry: what the moderator link opens.
    pub entry_id: String,
    /// The attendee KS's expiry, `None` without one.
    pub attendee_expires_at: Option<i64>,
    /// The moderator KS's own expiry (a day by default).
    pub moderator_expires_at: i64,
    /// What the moderator link can do and on which events (one sentence, without the expiry).
    pub moderator_reach: String,
    /// The same in a few words, for the status line after a copy.
    pub moderator_reach_short: String,
    /// The attendee link shortened (`{service}/tiny/{id}`), when the account could.
    pub attendee_short_url: Option<String>,
    /// The attendee link without its KS (public entries only), when it has a KS.
    pub attendee_url_without_ks: Option<String>,
    /// Why there is no short link, when there is none.
    pub short_link_note: Option<String>,
}

impl LinksView {
    /// What the attendee QR may encode, in order of preference (short link first).
    pub fn qr_targets(&self) -> Vec<QrTarget> {
        let mut out = Vec::with_capacity(3);
        if self.attendee_short_url.is_some() {
            out.push(QrTarget::ShortLink);
        }
        out.push(QrTarget::FullLink);
        if self.attendee_url_without_ks.is_some() {
            out.push(QrTarget::LinkWithoutKs);
        }
        out
    }

    /// The attendee URL a target encodes, `None` when this link has no such form.
    pub fn qr_url(&self, target: QrTarget) -> Option<&str> {
        match target {
            QrTarget::ShortLink => self.attendee_short_url.as_deref(),
            QrTarget::FullLink => Some(&self.attendee_url),
            QrTarget::LinkWithoutKs => self.attendee_url_without_ks.as_deref(),
        }
    }

    /// The operator's choice when this link has it, else the first of [`LinksView::qr_targets`].
    pub fn qr_target(&self, chosen: Option<QrTarget>) -> QrTarget {
        chosen
            .filter(|t| self.qr_url(*t).is_some())
            .unwrap_or_else(|| self.qr_targets()[0])
    }
}

/// What an operator needs to broadcast from the Kaltura Webcasting Studio.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StudioView {
    /// Studio download for Windows.
    pub windows_url: String,
    /// Studio download for macOS.
    pub mac_url: String,
    /// The `KalturaWebcast:` URL that opens the installed Studio on this event.
    pub launch_url: String,
    /// The launch parameters, for operators who paste them by hand.
    pub params: Vec<(String, String)>,
    /// When the moderator KS inside the launch URL expires (unix seconds); the board re-signs
    /// before then, as for links.
    pub expires_at: i64,
}

/// The result of the create workflow, shown under the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreatedView {
    /// The new live entry ID.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its links.
    pub links: LinksView,
    /// Its Studio details, when they could be fetched.
    pub studio: Option<StudioView>,
    /// Steps that did not complete and how to finish them (the event exists regardless).
    pub notes: Vec<String>,
}

/// A validated create-form submission, independent of the API's request type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEvent {
    /// Event name (required).
    pub name: String,
    /// Free text description.
    pub description: String,
    /// Scheduled start, unix seconds.
    pub start: i64,
    /// Scheduled end, unix seconds.
    pub end: i64,
    /// IANA time zone name the operator scheduled in.
    pub timezone: String,
    /// Presenter's name (may be empty).
    pub presenter_name: String,
    /// Presenter's title (may be empty).
    pub presenter_title: String,
    /// Record each session, so attendee links follow the recording after the event.
    pub recording: bool,
    /// The reference the entry will carry, decided when the form was submitted so that every
    /// message about an interrupted create can name it.
    pub reference: Option<String>,
}

/// What became of one create the journal held as pending, found at start (or later).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryView {
    /// The attempt's reference.
    pub reference: String,
    /// The event name.
    pub name: String,
    /// When the attempt was sent (unix seconds).
    pub sent_at: i64,
    /// The outcome.
    pub outcome: RecoveryOutcome,
}

/// The outcome of one recovery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecoveryOutcome {
    /// The entry exists and is journaled now.
    Recorded {
        /// Its entry ID.
        id: String,
    },
    /// The service has no such entry.
    NotCreated,
    /// Still unknown, and why.
    StillPending {
        /// One sentence.
        why: String,
    },
}
