//! Removing an event: from Kaltura (`delete`) or only from this machine (`forget`).
//!
//! **Delete.** [`Webcast::delete_plan`] reads, in one multirequest, the live entry and every
//! recording whose `rootEntryId` is it (visible and hidden ones, any status but deleted): what
//! the operator confirms. [`Webcast::delete`] then sends `liveStream.delete`; only once Kaltura
//! took it are the recordings deleted too (`baseEntry.delete` each, in one multirequest), and
//! only when asked: a refused delete leaves everything in place. Recordings are kept by default
//! (Kaltura keeps them as entries of their own; their `rootEntryId` still names the event). The
//! journal gets a record that the event was deleted, and which recordings went or stayed.
//!
//! **Forget.** [`Webcast::forget`] appends a record that takes the event off the board and out
//! of the journal's watched events without any call to Kaltura.

use super::api::Webcast;
use super::batch::Batch;
use super::journal::{Journal, JournalError, JournalRecord, Removal, RemovalKind};
use super::time::now_unix;
use crate::kaltura::error::Error;
use crate::kaltura::services::{EntryFilter, Pager, base_entry, live_stream};
use crate::kaltura::types::{EntryType, ListResponse, LiveStreamEntry, MediaEntry};
use std::path::PathBuf;

/// Entry statuses a recording can be in, all but DELETED (3): a recording still processing or
/// one that failed is a recording of the event too.
const ANY_BUT_DELETED: &str = "-2,-1,0,1,2,4,5,6,7";

/// Recordings read per list; an event has a handful (one per session).
const RECORDINGS_PAGE: i64 = 500;

/// What a delete would remove, for the operator to confirm.
#[derive(Debug, Clone)]
pub struct DeletePlan {
    /// The live entry.
    pub entry: LiveStreamEntry,
    /// Its recordings, newest first.
    pub recordings: Vec<MediaEntry>,
}

/// What a delete did.
#[derive(Debug, Clone)]
pub struct Deleted {
    /// The deleted live entry's ID.
    pub entry_id: String,
    /// Its name.
    pub name: String,
    /// Recordings deleted with it.
    pub recordings_deleted: Vec<String>,
    /// Recordings left on the service (kept, or whose delete failed).
    pub recordings_kept: Vec<String>,
    /// Recordings Kaltura refused to delete: (ID, code, message).
    pub recording_failures: Vec<(String, Option<String>, String)>,
    /// The live entry was already gone when the delete was sent.
    pub already_gone: bool,
    /// The journal record written, when the event was journaled.
    pub journal_record: Option<JournalRecord>,
}

/// Why a delete did not happen (or was not recorded).
#[derive(Debug, thiserror::Error)]
pub enum DeleteError {
    /// Kaltura refused the delete (or could not be reached): nothing was deleted.
    #[error("event {entry_id} was not deleted: {source}")]
    Refused {
        /// The entry.
        entry_id: String,
        /// Kaltura's error.
        #[source]
        source: Error,
    },
    /// The journal could not be read.
    #[error(transparent)]
    JournalRead(JournalError),
    /// The event was deleted on the service but the journal could not say so.
    #[error(
        "event {entry_id} WAS deleted on the service, but recording it in the journal failed: {source}"
    )]
    JournalWrite {
        /// The entry.
        entry_id: String,
        /// The journal failure.
        #[source]
        source: JournalError,
    },
}

impl DeleteError {
    /// Kaltura's code, when the service gave one.
    pub fn code(&self) -> Option<&str> {
        match self {
            DeleteError::Refused { source, .. } => source.code(),
            _ => None,
        }
    }
}

/// Why a forget did nothing.
#[derive(Debug, thiserror::Error)]
pub enum ForgetError {
    /// The journal holds no watched event with this ID on this account.
    #[error(
        "event {entry_id} is not in the journal {path} for this account (or was already removed from it)"
    )]
    NotInJournal {
        /// The entry.
        entry_id: String,
        /// The journal consulted.
        path: PathBuf,
    },
    /// Reading or writing the journal failed.
    #[error(transparent)]
    Journal(#[from] JournalError),
}

/// A recordings list of `root`: visible or hidden ones (Kaltura lists hidden entries only when
/// asked), any status but deleted.
fn recordings_of(root: &str, hidden: bool) -> crate::kaltura::wire::ApiRequest {
    base_entry::list(
        &EntryFilter {
            root_entry_id_equal: Some(root.to_string()),
            status_in: Some(ANY_BUT_DELETED.into()),
            type_equal: Some(EntryType::MediaClip),
            display_in_search_equal: hidden.then_some(-1),
            order_by: Some("-createdAt".into()),
            ..EntryFilter::default()
        },
        Some(&Pager::first(RECORDINGS_PAGE)),
    )
}

impl Webcast {
    /// Reads the event and its recordings (one multirequest): what a delete would remove.
    pub async fn delete_plan(&self, entry_id: &str) -> Result<DeletePlan, Error> {
        let entry_id = entry_id.trim();
        let mut batch = Batch::new();
        let live = batch.push(live_stream::get(entry_id));
        let visible = batch.push(recordings_of(entry_id, false));
        let hidden = batch.push(recordings_of(entry_id, true));
        let mut answers = batch.send(&self.client).await?;
        let entry: LiveStreamEntry = answers.take(live)?;
        let mut recordings: Vec<MediaEntry> = Vec::new();
        for slot in [visible, hidden] {
            let list: ListResponse<MediaEntry> = answers.take(slot)?;
            for r in list.objects {
                // Checked here too: only the event's own recordings, never the event itself.
                if r.root_entry_id() == Some(entry.id.as_str())
                    && !recordings.iter().any(|x| x.id == r.id)
                {
                    recordings.push(r);
                }
            }
        }
        recordings.sort_by_key(|r| std::cmp::Reverse(r.created_at));
        Ok(DeletePlan { entry, recordings })
    }

    /// Deletes the event `plan` names, with its recordings when `with_recordings`, and journals
    /// it. Kaltura's refusal of the event's delete is an error and nothing is deleted.
    pub async fn delete(
        &self,
        plan: &DeletePlan,
        with_recordings: bool,
        journal: &Journal,
    ) -> Result<Deleted, DeleteError> {
        let id = plan.entry.id.clone();
        let (partner, service) = (self.client.partner_id(), self.journal_service());
        let record = journal
            .find_entry(partner, service, &id)
            .map_err(DeleteError::JournalRead)?;
        let already_gone = match self.client.call(&live_stream::delete(&id)).await {
            Ok(_) => false,
            Err(e) if e.code() == Some("ENTRY_ID_NOT_FOUND") => true,
            Err(source) => {
                return Err(DeleteError::Refused {
                    entry_id: id,
                    source,
                });
            }
        };
        let ids: Vec<String> = plan.recordings.iter().map(|r| r.id.clone()).collect();
        let mut deleted = Deleted {
            entry_id: id.clone(),
            name: plan.entry.name.clone(),
            recordings_deleted: Vec::new(),
            recordings_kept: Vec::new(),
            recording_failures: Vec::new(),
            already_gone,
            journal_record: None,
        };
        if with_recordings && !ids.is_empty() {
            let mut batch = Batch::new();
            let slots: Vec<_> = ids
                .iter()
                .map(|r| (r.clone(), batch.push(base_entry::delete(r))))
                .collect();
            match batch.send(&self.client).await {
                Ok(mut answers) => {
                    for (rec, slot) in slots {
                        match answers.take_value(slot) {
                            Ok(_) => deleted.recordings_deleted.push(rec),
                            Err(e) if e.code() == Some("ENTRY_ID_NOT_FOUND") => {
                                deleted.recordings_deleted.push(rec)
                            }
                            Err(e) => {
                                deleted.recordings_kept.push(rec.clone());
                                deleted.recording_failures.push((
                                    rec,
                                    e.code().map(str::to_string),
                                    e.to_string(),
                                ));
                            }
                        }
                    }
                }
                Err(e) => {
                    for rec in ids {
                        deleted.recordings_kept.push(rec.clone());
                        deleted.recording_failures.push((
                            rec,
                            e.code().map(str::to_string),
                            e.to_string(),
                        ));
                    }
                }
            }
        } else {
            deleted.recordings_kept = ids;
        }
        self.forget_cached(&id);
        if let Some(previous) = record.filter(JournalRecord::is_watched) {
            let next = previous.removed(Removal {
                kind: RemovalKind::Deleted,
                at: now_unix(),
                recordings_deleted: deleted.recordings_deleted.clone(),
                recordings_kept: deleted.recordings_kept.clone(),
            });
            journal
                .append_async(&next)
                .await
                .map_err(|source| DeleteError::JournalWrite {
                    entry_id: id.clone(),
                    source,
                })?;
            deleted.journal_record = Some(next);
        }
        Ok(deleted)
    }

    /// Takes `entry_id` off the board and out of the journal's watched events; Kaltura is not
    /// asked anything. The journal keeps the event's history (a superseding record says it was
    /// forgotten).
    pub async fn forget(
        &self,
        entry_id: &str,
        journal: &Journal,
    ) -> Result<JournalRecord, ForgetError> {
        let entry_id = entry_id.trim();
        let (partner, service) = (self.client.partner_id(), self.journal_service());
        let record = journal
            .find_entry(partner, service, entry_id)?
            .filter(JournalRecord::is_watched)
            .ok_or_else(|| ForgetError::NotInJournal {
                entry_id: entry_id.to_string(),
                path: journal.path().to_path_buf(),
            })?;
        let next = record.removed(Removal {
            kind: RemovalKind::Forgotten,
            at: now_unix(),
            recordings_deleted: Vec::new(),
            recordings_kept: Vec::new(),
        });
        journal.append_async(&next).await?;
        self.forget_cached(entry_id);
        Ok(next)
    }
}
