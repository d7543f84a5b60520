//! The real backend's edits, deletes and forgets: the `webcast` workflows, their results turned
//! into the board's words (`manage.rs`). Runs on the IO task only.

use super::manage::{DeletedView, EditFormSource, EditedView};
use super::view::RecordingView;
use crate::kaltura::types::EntryStatus;
use crate::webcast::{EventEdit, Journal, Webcast};

/// The event as Kaltura holds it now, for the edit form.
pub async fn edit_source(webcast: &Webcast, id: String) -> Result<EditFormSource, String> {
    let s = webcast.edit_source(&id).await.map_err(|e| e.to_string())?;
    Ok(EditFormSource {
        recording: s.recording(),
        id: s.entry.id.clone(),
        name: s.entry.name.clone(),
        description: s.entry.description.clone(),
        schedule: s.schedule.map(|sc| (sc.start, sc.end, sc.timezone)),
        presenter_name: s.presenter_name,
        presenter_title: s.presenter_title,
    })
}

/// Sends the edit and says what it did; a refusal of the whole edit is an error.
pub async fn edit(
    webcast: &Webcast,
    journal: &Journal,
    id: String,
    edit: EventEdit,
) -> Result<EditedView, String> {
    let done = webcast
        .edit(&id, &edit, journal)
        .await
        .map_err(|e| e.to_string())?;
    Ok(EditedView {
        name: done.entry.name.clone(),
        changes: done.changes.iter().map(|c| c.describe()).collect(),
        failures: done
            .failures
            .iter()
            .map(|f| match &f.code {
                Some(code) => format!("{} [{code}]", f.message),
                None => f.message.clone(),
            })
            .collect(),
    })
}

/// The event's name and recordings, for the delete question.
pub async fn delete_plan(
    webcast: &Webcast,
    id: String,
) -> Result<(String, Vec<RecordingView>), String> {
    let plan = webcast.delete_plan(&id).await.map_err(|e| e.to_string())?;
    Ok((
        plan.entry.name.clone(),
        plan.recordings
            .iter()
            .map(|r| RecordingView {
                id: r.id.clone(),
                name: r.name.clone(),
                status: match r.status {
                    Some(EntryStatus::Ready) => "READY".into(),
                    _ => "NOT READY".into(),
                },
                created_at: r.created_at,
            })
            .collect(),
    ))
}

/// Deletes (reading the recordings again, so what is deleted is what exists now).
pub async fn delete(
    webcast: &Webcast,
    journal: &Journal,
    id: String,
    with_recordings: bool,
) -> Result<DeletedView, String> {
    let plan = webcast.delete_plan(&id).await.map_err(|e| e.to_string())?;
    let done = webcast
        .delete(&plan, with_recordings, journal)
        .await
        .map_err(|e| e.to_string())?;
    Ok(DeletedView {
        recordings_deleted: done.recordings_deleted,
        recordings_kept: done.recordings_kept,
        failures: done
            .recording_failures
            .into_iter()
            .map(|(rec, _, message)| format!("recording {rec} was not deleted: {message}"))
            .collect(),
    })
}

/// Drops the event from the journal.
pub async fn forget(webcast: &Webcast, journal: &Journal, id: String) -> Result<(), String> {
    webcast
        .forget(&id, journal)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}
