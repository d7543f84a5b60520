//! The questions the board asks before it runs a live action: a y/N confirmation naming the
//! event and what attendees will see (twice when the action has a warning), and the picker of
//! the event's recordings for "send viewers to a recording". Plain data: `update/live.rs`
//! changes it, `widgets/action_popup.rs` draws it.

use super::view::RecordingView;
use crate::webcast::{LiveAction, Preflight};

/// An action waiting for the operator's y (anything else cancels: the default is no).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionPrompt {
    /// The event's entry ID.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its state word when the question was asked ("PREVIEW").
    pub state: String,
    /// What would be sent.
    pub action: LiveAction,
    /// What attendees will see, and the warning or note, if any.
    pub preflight: Preflight,
    /// The first y was given to an action with a warning: the question now asks again.
    pub warned: bool,
}

impl ActionPrompt {
    /// Whether the next y sends the action (no warning, or the warning was accepted once).
    pub fn ready(&self) -> bool {
        self.preflight.warning.is_none() || self.warned
    }

    /// What y does, in a few words ("goes live", "sends viewers to 0_abc").
    pub fn yes_does(&self) -> String {
        let anyway = if self.warned { " anyway" } else { "" };
        match &self.action {
            LiveAction::GoLive => format!("goes live{anyway}"),
            LiveAction::End => "ends it for attendees".into(),
            LiveAction::PauseRecording => "pauses the recording".into(),
            LiveAction::ResumeRecording => "resumes the recording".into(),
            LiveAction::Redirect { recording } => format!("sends viewers to {recording}"),
            LiveAction::ClearRedirect => "stops sending viewers to a recording".into(),
        }
    }
}

/// One row of the recordings picker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickRow {
    /// Stop sending viewers to a recording (shown when a redirect is set).
    Clear,
    /// Send viewers to this recording.
    Recording(RecordingView),
}

/// Choosing which recording viewers of an event are sent to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordingPicker {
    /// The event's entry ID.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The recording viewers are sent to now ("" when none).
    pub current: String,
    /// The rows: the clear row first when a redirect is set, then the recordings, newest first.
    pub rows: Vec<PickRow>,
    /// The highlighted row.
    pub selected: usize,
}

impl RecordingPicker {
    /// The action the highlighted row stands for.
    pub fn chosen(&self) -> Option<LiveAction> {
        match self.rows.get(self.selected)? {
            PickRow::Clear => Some(LiveAction::ClearRedirect),
            PickRow::Recording(r) => Some(LiveAction::Redirect {
                recording: r.id.clone(),
            }),
        }
    }
}

/// The question open over the board, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Prompt {
    /// A y/N confirmation.
    Confirm(ActionPrompt),
    /// The recordings picker.
    PickRecording(RecordingPicker),
    /// Deleting or forgetting an event (`D`, `F`): y/N, naming the event and its recordings.
    Remove(super::manage::RemovePrompt),
}
