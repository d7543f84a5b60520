//! Finishing a half-made event: fill in the metadata (and conversion profile, and editors) a
//! create could not, from the request kept in the journal.
//!
//! One multirequest looks the profiles up and adds both records by reference; a record that
//! already exists (`METADATA_ALREADY_EXISTS`) is settled in a second one: `KMS_EVENTS3` is
//! updated to the requested schedule, `KMS_KWEBCAST2` is left alone (the Studio writes its
//! slides entry into it). A conversion profile the entry did not get (unless
//! `conversion_profile_id` names the one it has), or a moderator/broadcaster missing from its
//! `entitledUsersEdit`, is set with `liveStream.update` in that second request too. The outcome
//! is journaled.

use super::api::Webcast;
use super::batch::Batch;
use super::create::conversion_pending;
use super::journal::{Journal, JournalError};
use super::metadata_step::{MetadataOutcome, judge};
use super::profiles::{self, Profiles};
use super::request::{CreateRequest, CreateStep, PendingStep};
use super::settings::WebcastSettings;
use super::xml;
use crate::kaltura::error::Error;
use crate::kaltura::services::{live_stream, metadata};
use crate::kaltura::types::{LiveStreamEntry, LiveStreamUpdate};
use crate::kaltura::wire::ApiRequest;
use std::path::PathBuf;

/// What a finish did.
#[derive(Debug, Clone)]
pub struct Finished {
    /// The live entry (as read at the start of the finish).
    pub entry: LiveStreamEntry,
    /// Steps completed now (or found already complete).
    pub done: Vec<CreateStep>,
    /// Steps still failing, with reasons.
    pub pending: Vec<PendingStep>,
}

/// Why a finish could not run.
#[derive(Debug, thiserror::Error)]
pub enum FinishError {
    /// Without the original request there is no schedule to write.
    #[error(
        "event {entry_id} is not in the journal {path}: finishing needs the original request (name, times, presenter)"
    )]
    NotInJournal {
        /// The entry asked for.
        entry_id: String,
        /// The journal consulted.
        path: PathBuf,
    },
    /// Reading or writing the journal failed.
    #[error(transparent)]
    Journal(#[from] JournalError),
    /// The service refused or could not be reached (e.g. `ENTRY_ID_NOT_FOUND`).
    #[error("finishing event {entry_id}: {source}")]
    Api {
        /// The entry.
        entry_id: String,
        /// Kaltura's error.
        #[source]
        source: Error,
    },
}

impl FinishError {
    /// Kaltura's error code, if the service gave one.
    pub fn code(&self) -> Option<&str> {
        match self {
            FinishError::Api { source, .. } => source.code(),
            _ => None,
        }
    }
}

impl Webcast {
    /// Completes `entry_id` from the request recorded in the journal, and journals the result.
    pub async fn finish(&self, entry_id: &str, journal: &Journal) -> Result<Finished, FinishError> {
        let record = journal
            .find_entry(self.client.partner_id(), self.journal_service(), entry_id)?
            .and_then(|r| r.request)
            .ok_or_else(|| FinishError::NotInJournal {
                entry_id: entry_id.to_string(),
                path: journal.path().to_path_buf(),
            })?;
        self.finish_with(entry_id, &record, journal).await
    }

    /// Completes `entry_id` with the given request (for entries made elsewhere), and journals it.
    pub async fn finish_with(
        &self,
        entry_id: &str,
        req: &CreateRequest,
        journal: &Journal,
    ) -> Result<Finished, FinishError> {
        let finished = self
            .complete(entry_id, req)
            .await
            .map_err(|source| FinishError::Api {
                entry_id: entry_id.to_string(),
                source,
            })?;
        journal
            .append_async(&self.journal_record(entry_id, req, finished.pending.clone()))
            .await?;
        Ok(finished)
    }

    /// The finishing work without the journal (also used when a reference finds an entry).
    pub(crate) async fn complete(
        &self,
        entry_id: &str,
        req: &CreateRequest,
    ) -> Result<Finished, Error> {
        let settings = &self.settings;
        let mut batch = Batch::new();
        let live = batch.push(live_stream::get(entry_id));
        let lookups = profiles::queue(&mut batch, Some(&settings.conversion_profile));
        let add_by_ref = |slot: super::batch::Slot, xml_data: &str| {
            metadata::add(slot.reference(&["objects", "0", "id"]), entry_id, xml_data)
        };
        let events_xml = xml::events_xml(&req.schedule(), &req.presenter);
        let kwebcast = batch.push(add_by_ref(lookups.kwebcast, &xml::kwebcast_xml(true)));
        let events = batch.push(add_by_ref(lookups.events, &events_xml));
        let mut answers = batch.send(&self.client).await?;
        let entry: LiveStreamEntry = answers.take(live)?;
        let found: Profiles = profiles::take(&mut answers, &lookups, &settings.conversion_profile);
        let wanted = match settings.conversion_profile_id {
            Some(id) => Ok(id),
            None => found
                .live_conversion
                .clone()
                .unwrap_or_else(|| Err("not looked up".into())),
        };

        let mut done = Vec::new();
        let mut pending = Vec::new();
        let mut fixes: Vec<(CreateStep, ApiRequest)> = Vec::new();
        match (conversion_pending(&entry, &wanted), &wanted) {
            (Some(_), Ok(id)) => {
                let mut update = live_stream::update(entry_id, &Default::default());
                update.set_nested("liveStreamEntry", "conversionProfileId", *id);
                fixes.push((CreateStep::ConversionProfile, update));
            }
            (Some(p), _) => pending.push(p),
            (None, _) => done.push(CreateStep::ConversionProfile),
        }
        match missing_editors(&entry, settings) {
            Some(editors) => {
                let update = LiveStreamUpdate {
                    entitled_users_edit: Some(editors),
                    ..LiveStreamUpdate::default()
                };
                fixes.push((
                    CreateStep::ModeratorEntitlement,
                    live_stream::update(entry_id, &update),
                ));
            }
            None => done.push(CreateStep::ModeratorEntitlement),
        }
        for (step, profile, slot) in [
            (CreateStep::KwebcastMetadata, &found.kwebcast, kwebcast),
            (CreateStep::EventsMetadata, &found.events, events),
        ] {
            match judge(step, entry_id, profile, answers.take_value(slot)) {
                MetadataOutcome::Added => done.push(step),
                MetadataOutcome::Exists(_) if step == CreateStep::KwebcastMetadata => {
                    done.push(step)
                }
                MetadataOutcome::Exists(id) => {
                    fixes.push((step, metadata::update(id, &events_xml)))
                }
                MetadataOutcome::Pending(p) => pending.push(p),
            }
        }

        if !fixes.is_empty() {
            let mut batch = Batch::new();
            let slots: Vec<_> = fixes
                .into_iter()
                .map(|(step, req)| (step, batch.push(req)))
                .collect();
            match batch.send(&self.client).await {
                Ok(mut answers) => {
                    for (step, slot) in slots {
                        match answers.take_value(slot) {
                            Ok(_) => done.push(step),
                            Err(e) => pending.push(PendingStep::new(
                                step,
                                entry_id,
                                e.code(),
                                e.to_string(),
                            )),
                        }
                    }
                }
                Err(e) => {
                    for (step, _) in slots {
                        pending.push(PendingStep::new(step, entry_id, e.code(), e.to_string()));
                    }
                }
            }
        }
        Ok(Finished {
            entry,
            done,
            pending,
        })
    }
}

/// The `entitledUsersEdit` the entry should have when its moderator or broadcaster is missing
/// from it: what it has, plus them. `None` when nothing is missing.
fn missing_editors(entry: &LiveStreamEntry, settings: &WebcastSettings) -> Option<String> {
    let mut users: Vec<String> = entry
        .entitled_users_edit
        .split(',')
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_string)
        .collect();
    let before = users.len();
    for needed in [
        settings.moderator_for(&entry.id),
        settings.broadcaster_user.clone(),
    ] {
        if !users.iter().any(|u| u.eq_ignore_ascii_case(&needed)) {
            users.push(needed);
        }
    }
    (users.len() != before).then(|| users.join(","))
}
