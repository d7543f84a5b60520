//! Changing and removing an event from the board: the question `D` and `F` open (plain data,
//! changed by `update/manage.rs`, drawn by `widgets/remove_popup.rs`) and what the IO task
//! answers to an edit, a delete's plan and a delete. The edit form itself is the Create form in
//! edit mode (`form/edit.rs`).

use super::view::RecordingView;

/// What a removal question is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RemoveKind {
    /// Delete the event from Kaltura; `recordings` are the event's, read just before asking.
    Delete {
        /// Its recordings, newest first.
        recordings: Vec<RecordingView>,
    },
    /// Drop the event from the board and the journal; Kaltura is not touched.
    Forget,
}

/// A removal waiting for the operator's answer (no by default).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemovePrompt {
    /// The event's entry ID.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Delete or forget.
    pub kind: RemoveKind,
}

impl RemovePrompt {
    /// Whether `a` (delete with the recordings) is offered: a delete of an event that has some.
    pub fn offers_recordings(&self) -> bool {
        matches!(&self.kind, RemoveKind::Delete { recordings } if !recordings.is_empty())
    }
}

/// What the IO task read of an event for the edit form: Kaltura's values now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditFormSource {
    /// The entry ID.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// Start, end (Unix seconds) and IANA zone, when the event has a schedule.
    pub schedule: Option<(i64, i64, String)>,
    /// The presenter's name.
    pub presenter_name: String,
    /// The presenter's title.
    pub presenter_title: String,
    /// Whether sessions are recorded.
    pub recording: bool,
}

/// What an edit did, in the board's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditedView {
    /// The event's name now.
    pub name: String,
    /// One line per change made ("renamed from \"A\" to \"B\"").
    pub changes: Vec<String>,
    /// One line per part Kaltura refused, with its code.
    pub failures: Vec<String>,
}

/// A delete's outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeletedView {
    /// Recordings deleted with the event.
    pub recordings_deleted: Vec<String>,
    /// Recordings left on Kaltura.
    pub recordings_kept: Vec<String>,
    /// Recordings Kaltura refused to delete, with why.
    pub failures: Vec<String>,
}

/// What `e`, `D` and `F` ask of the IO task, about one event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ManageRequest {
    /// Read the event for the edit form.
    LoadForEdit,
    /// Send the changes of the edit form.
    Edit(crate::webcast::EventEdit),
    /// Read the event's recordings, to name them in the delete question.
    PlanDelete,
    /// Delete the event (and its recordings when asked).
    Delete {
        /// The recordings go too.
        with_recordings: bool,
    },
    /// Drop the event from the journal.
    Forget,
}

impl ManageRequest {
    /// The failure answer for this request (its job died).
    pub fn failed(&self, error: String) -> ManageAnswer {
        match self {
            ManageRequest::LoadForEdit => ManageAnswer::Loaded(Err(error)),
            ManageRequest::Edit(_) => ManageAnswer::Edited(Err(error)),
            ManageRequest::PlanDelete => ManageAnswer::Planned(Err(error)),
            ManageRequest::Delete { .. } => ManageAnswer::Deleted(Err(error)),
            ManageRequest::Forget => ManageAnswer::Forgot(Err(error)),
        }
    }
}

/// The IO task's answers to [`ManageRequest`]s; errors are one readable sentence each.
#[derive(Debug)]
pub enum ManageAnswer {
    /// The event as Kaltura holds it, for the form.
    Loaded(Result<EditFormSource, String>),
    /// The edit's outcome.
    Edited(Result<EditedView, String>),
    /// The event's name and recordings, for the delete question.
    Planned(Result<(String, Vec<RecordingView>), String>),
    /// The delete's outcome.
    Deleted(Result<DeletedView, String>),
    /// The forget's outcome.
    Forgot(Result<(), String>),
}

/// Runs one request against the backend.
pub async fn run<B: super::backend::Backend>(
    backend: &B,
    id: String,
    request: ManageRequest,
) -> ManageAnswer {
    match request {
        ManageRequest::LoadForEdit => ManageAnswer::Loaded(backend.edit_source(id).await),
        ManageRequest::Edit(edit) => ManageAnswer::Edited(backend.edit(id, edit).await),
        ManageRequest::PlanDelete => ManageAnswer::Planned(backend.delete_plan(id).await),
        ManageRequest::Delete { with_recordings } => {
            ManageAnswer::Deleted(backend.delete(id, with_recordings).await)
        }
        ManageRequest::Forget => ManageAnswer::Forgot(backend.forget(id).await),
    }
}
