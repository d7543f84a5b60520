//! The messages `update` consumes and the effects it asks for.
//!
//! `update` never performs IO: it returns `Effect`s. IO effects are tagged; the answer carries the
//! tag back so answers to requests the user has since abandoned can be recognised and dropped.

use crossterm::event::{KeyEvent, MouseEvent};

use super::view::{
    CreatedView, EventView, LinksView, NewEvent, RealtimeAudience, RealtimeFailure, RecoveryView,
    StudioView, ViewPageView,
};
use crate::webcast::clipboard::CopyOutcome;
use crate::webcast::journal::follow::BoardChange;
use crate::webcast::{AccountView, LiveAction};

/// Everything that can change the dashboard's state.
#[derive(Debug)]
pub enum Msg {
    /// A key press from the terminal.
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste).
    Paste(String),
    /// A mouse event (only when mouse capture was asked for).
    Mouse(MouseEvent),
    /// The terminal was resized to (columns, rows).
    Resize(u16, u16),
    /// The slow clock: advances "x s ago" displays, expires the status line, schedules polls.
    Tick,
    /// An answer from the IO task.
    Io(Box<IoReply>),
    /// The system clipboard's answer to a copy run off the UI task.
    SystemCopied(Box<SystemCopy>),
}

/// A system-clipboard copy that finished on a blocking thread (arboard may stall on a slow or
/// broken display, so it never runs on the UI task).
#[derive(Debug)]
pub struct SystemCopy {
    /// The text copied.
    pub text: String,
    /// What it is, for the status line ("attendee link").
    pub what: String,
    /// On failure send OSC 52 instead (policy `auto`) rather than report an error.
    pub fallback_to_osc52: bool,
    /// The outcome, or why the system clipboard refused.
    pub result: Result<CopyOutcome, String>,
}

/// An IO request for the IO task; `tag` comes back in the reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IoRequest {
    /// Unique per request, increasing.
    pub tag: u64,
    /// What to do.
    pub kind: IoKind,
}

/// The IO jobs the dashboard can ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IoKind {
    /// Poll all watched events in one batched cycle.
    Poll {
        /// Entry IDs to poll.
        ids: Vec<String>,
    },
    /// Run the create workflow.
    Create(NewEvent),
    /// Sign fresh links for an event (from the IO task's latest snapshot of it).
    Links {
        /// Entry ID.
        id: String,
    },
    /// Fetch Studio downloads and the launch URL for an event.
    Studio {
        /// Entry ID.
        id: String,
    },
    /// Search the account by name or ID.
    Search {
        /// What the operator typed.
        text: String,
    },
    /// Drive the sandbox's simulated encoder.
    Simulate {
        /// Entry ID.
        id: String,
        /// Which step.
        action: SimAction,
    },
    /// Run a live action through the Kaltura API (the operator confirmed it).
    LiveAction {
        /// Entry ID.
        id: String,
        /// Which action.
        action: LiveAction,
    },
    /// Settle the creates the journal holds as pending.
    Recover,
    /// Read one page of an account view.
    ViewPage {
        /// Which view.
        view: AccountView,
        /// 1-based page.
        page: u32,
    },
    /// Remember in the journal that the operator watches an event (`w`), so the next start
    /// shows it too.
    RememberWatch {
        /// Entry ID.
        id: String,
        /// Its name.
        name: String,
        /// Its planned (start, end), when known.
        schedule: Option<(i64, i64)>,
    },
    /// Remember in the journal that an event left the board because the service no longer has
    /// it, so the next start does not show it again.
    RecordGone {
        /// Entry ID.
        id: String,
    },
    /// Edit, delete or forget an event (`e`, `D`, `F`).
    Manage {
        /// Entry ID.
        id: String,
        /// What to do.
        request: super::manage::ManageRequest,
    },
    /// Read Kaltura's realtime audience graph of the selected live event.
    Realtime {
        /// Entry ID.
        id: String,
    },
    /// Check whether the journal changed (one `stat`) and, if so, what joined or left the
    /// board there (another kwebcast's create, `w`, forget or delete).
    FollowJournal,
}

impl IoKind {
    /// A short name for the log.
    pub fn name(&self) -> &'static str {
        match self {
            IoKind::Poll { .. } => "poll",
            IoKind::Create(_) => "create",
            IoKind::Links { .. } => "links",
            IoKind::Studio { .. } => "studio",
            IoKind::Search { .. } => "search",
            IoKind::Simulate { .. } => "simulate",
            IoKind::LiveAction { .. } => "live action",
            IoKind::Recover => "recover",
            IoKind::ViewPage { .. } => "view page",
            IoKind::RememberWatch { .. } => "remember watch",
            IoKind::RecordGone { .. } => "record gone",
            IoKind::Manage { .. } => "manage",
            IoKind::Realtime { .. } => "realtime",
            IoKind::FollowJournal => "follow journal",
        }
    }
}

/// What the sandbox's simulated encoder does (sandbox only): what an operator does goes
/// through the Kaltura API instead ([`IoKind::LiveAction`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SimAction {
    /// The encoder connects (PREVIEW for an explicit-live event).
    Broadcast,
    /// A backup encoder connects to the backup ingest point.
    BroadcastBackup,
    /// The primary encoder disconnects (the backup carries on if connected; without one the
    /// session ends).
    DisconnectPrimary,
    /// The backup encoder disconnects.
    DisconnectBackup,
}

impl SimAction {
    /// Words for the status line.
    pub fn describe(self) -> &'static str {
        match self {
            SimAction::Broadcast => "simulated encoder connected",
            SimAction::BroadcastBackup => "simulated backup encoder connected",
            SimAction::DisconnectPrimary => "simulated primary encoder disconnected",
            SimAction::DisconnectBackup => "simulated backup encoder disconnected",
        }
    }
}

/// An answer from the IO task.
#[derive(Debug)]
pub struct IoReply {
    /// The tag of the request this answers.
    pub tag: u64,
    /// The outcome.
    pub result: IoResult,
}

/// Outcomes, one per `IoKind`; errors are already one readable sentence.
#[derive(Debug)]
pub enum IoResult {
    /// Poll outcome.
    Polled(Result<Vec<EventView>, String>),
    /// Create outcome.
    Created(Result<CreatedView, String>),
    /// Links outcome.
    Links {
        /// Entry ID asked about.
        id: String,
        /// The links.
        result: Result<LinksView, String>,
    },
    /// Studio outcome.
    Studio {
        /// Entry ID asked about.
        id: String,
        /// The Studio details.
        result: Result<StudioView, String>,
    },
    /// Search outcome.
    Searched(Result<Vec<EventView>, String>),
    /// A live action's outcome: the event as the re-poll after it saw it, or Kaltura's refusal.
    LiveActed {
        /// Entry ID.
        id: String,
        /// The action.
        action: LiveAction,
        /// The event now (boxed: a view is large), or the error (with Kaltura's code).
        result: Result<Box<EventView>, String>,
    },
    /// Simulator outcome.
    Simulated {
        /// Entry ID.
        id: String,
        /// The step.
        action: SimAction,
        /// Success or the error.
        result: Result<(), String>,
    },
    /// Recovery outcome: one line per pending create.
    Recovered(Result<Vec<RecoveryView>, String>),
    /// A page of an account view.
    ViewPaged {
        /// The view.
        view: AccountView,
        /// The page asked for.
        page: u32,
        /// The page, or why it could not be read.
        result: Result<ViewPageView, String>,
    },
    /// A journal write for the board (`RememberWatch`, `RecordGone`): nothing to show unless
    /// it failed.
    Journaled(Result<(), String>),
    /// An edit's, a delete's or a forget's outcome (or what they read first).
    Managed {
        /// Entry ID.
        id: String,
        /// The answer.
        answer: super::manage::ManageAnswer,
    },
    /// Realtime graph outcome.
    Realtime {
        /// Entry ID asked about.
        id: String,
        /// The graph, or why not.
        result: Result<RealtimeAudience, RealtimeFailure>,
    },
    /// What joined or left the board in the journal since the last check (`None`: nothing),
    /// or why the journal could not be read.
    JournalFollowed(Result<Option<BoardChange>, String>),
}

/// What `update` asks the outside world to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Send to the IO task.
    Io(IoRequest),
    /// Copy text per the clipboard policy: OSC 52 is written by the UI task (it owns the
    /// terminal), the system clipboard is set on a blocking thread that answers with
    /// `Msg::SystemCopied`.
    Copy {
        /// The text.
        text: String,
        /// What it is, for the status line ("attendee link").
        what: String,
    },
    /// Send OSC 52 after the system clipboard failed (policy `auto`).
    Osc52Fallback {
        /// The text.
        text: String,
        /// What it is, for the status line.
        what: String,
    },
    /// Ring the terminal bell.
    Bell,
    /// Suspend the process (Ctrl-Z): restore the terminal, stop, and take it back on resume.
    Suspend,
}
