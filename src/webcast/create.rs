//! Creating a webcast event (the seed's `/create`) in one multirequest, without ever losing or
//! duplicating one.
//!
//! **One round-trip** (no reference given): `conversionProfile.list` ×2, `metadataProfile.list`
//! ×2, `liveStream.add` (its `conversionProfileId` a `{1:result:objects:0:id}` reference),
//! `metadata.add` ×2 (profile and entry by reference), `uiConf.listTemplates(21)`. With a
//! reference, one more request first: `liveStream.list(referenceIdEqual)`, unless the journal
//! already knows it. A create without a reference gets a generated one (`kwebcast-<hex>`), so a
//! lost answer can still be settled by looking the entry up.
//!
//! **Checked slots.** A reference through a failed or empty lookup yields `""`. So every
//! dependent answer is judged with the lookup it used: a missing metadata profile makes that
//! step *pending* (never "done"), a missing conversion profile is reported because the entry
//! then runs on the account's default profile.
//!
//! **Nothing lost.** Once `liveStream.add` has answered with an ID, the entry is appended to the
//! journal (fsynced) before anything is returned; failed later steps travel with it as
//! [`PendingStep`]s and [`Webcast::finish`] completes them.

use super::api::Webcast;
use super::batch::Batch;
use super::journal::{Journal, JournalError, JournalRecord};
use super::metadata_step::{MetadataOutcome, judge};
use super::profiles::{self, Profiles};
use super::request::{CreateRequest, CreateStep, PendingStep};
use super::settings::ADMIN_TAG;
use super::studio::StudioInfo;
use super::time::now_unix;
use super::xml;
use crate::kaltura::error::Error;
use crate::kaltura::services::{EntryFilter, Pager, live_stream, metadata};
use crate::kaltura::types::{
    DvrStatus, LivePublishStatus, LiveStreamEntry, NewLiveStream, RecordStatus, RecordingOptions,
};

/// The result of a create: the entry (new or found again), what is still missing, and the
/// Studio details when the lookups ran.
#[derive(Debug, Clone)]
pub struct Created {
    /// The live entry as the service returned it.
    pub entry: LiveStreamEntry,
    /// True when an earlier entry with the same reference was found and no new one was made.
    pub reused: bool,
    /// Steps that failed; empty when the event is complete.
    pub pending: Vec<PendingStep>,
    /// Studio downloads and launch parameters (absent when a journal hit made no lookups).
    pub studio: Option<StudioInfo>,
    /// What was written to the journal.
    pub journal_record: JournalRecord,
}

impl Created {
    /// The live entry's ID.
    pub fn entry_id(&self) -> &str {
        &self.entry.id
    }

    /// True when nothing is left to finish.
    pub fn is_complete(&self) -> bool {
        self.pending.is_empty()
    }
}

/// Why a create did not produce an event. Failures *after* the entry exists are not errors:
/// they are [`Created::pending`] steps.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    /// The request was refused before any call (empty name, end before start, unknown zone).
    #[error("invalid event: {0}")]
    Invalid(String),
    /// The journal could not be read to look for the reference.
    #[error("cannot check the journal for an earlier event: {0}")]
    JournalRead(#[source] JournalError),
    /// Looking for an earlier event with this reference failed (timeout, 5xx...): whether one
    /// exists is unknown, so nothing was created rather than risk a duplicate. Try again later.
    #[error(
        "cannot check the service for an earlier event with this reference ({0}); nothing was created: try again"
    )]
    Lookup(#[source] Error),
    /// Kaltura did not create the entry (nothing exists, nothing to clean up).
    #[error("the event was not created: {0}")]
    NotCreated(#[source] Error),
    /// No clear answer (timeout, dropped connection, 5xx, a garbled body) after the request may
    /// have reached the service: the event may exist. Without a reference we cannot tell, so we
    /// say so rather than guess; with one, `create` looks it up itself before giving this up.
    #[error(
        "no clear answer from the service ({source}); the event MAY have been created: look for it before trying again, or create with a reference so a retry finds it"
    )]
    Unknown {
        /// The transport failure.
        #[source]
        source: Error,
    },
    /// The entry exists but the journal write failed: the ID is in the message so it is not lost.
    #[error(
        "event {entry_id} WAS created on the service, but recording it in the journal failed: {source}"
    )]
    JournalWrite {
        /// The created entry.
        entry_id: String,
        /// The journal failure.
        #[source]
        source: JournalError,
    },
}

/// The `liveStreamEntry` the seed sends, for this request (conversion profile set by reference).
pub fn new_live_stream(req: &CreateRequest, moderator_user: &str) -> NewLiveStream {
    NewLiveStream {
        description: Some(req.description.clone()).filter(|d| !d.is_empty()),
        dvr_status: Some(if req.dvr {
            DvrStatus::Enabled
        } else {
            DvrStatus::Disabled
        }),
        dvr_window: req.dvr.then_some(60),
        record_status: Some(if req.recording {
            RecordStatus::PerSession
        } else {
            RecordStatus::Disabled
        }),
        explicit_live: Some(true),
        push_publish_enabled: Some(LivePublishStatus::Disabled),
        admin_tags: Some(ADMIN_TAG.to_string()),
        recording_options: Some(RecordingOptions {
            should_copy_entitlement: Some(true),
            should_make_hidden: Some(true),
            should_auto_archive: Some(true),
            ..RecordingOptions::default()
        }),
        entitled_users_edit: Some(moderator_user.to_string()),
        reference_id: req.reference().map(str::to_string),
        ..NewLiveStream::new(req.name.clone())
    }
}

/// A reference for a create that was given none: `kwebcast-` and 12 random hex digits, unique
/// enough to find one entry on an account by `referenceIdEqual`.
fn generated_reference() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 6];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("kwebcast-{}", hex::encode(bytes))
}

impl Webcast {
    /// Creates the event, or finds the one an earlier create with the same reference made.
    /// Without a reference one is generated (see [`generated_reference`]).
    pub async fn create(
        &self,
        req: &CreateRequest,
        journal: &Journal,
    ) -> Result<Created, CreateError> {
        req.validate().map_err(CreateError::Invalid)?;
        let with_generated;
        let req = match req.reference() {
            Some(reference) => {
                if let Some(found) = self.find_by_reference(req, reference, journal).await? {
                    return Ok(found);
                }
                req
            }
            // No reference: give the entry a fresh one, so that if the answer is lost after
            // Kaltura made the entry, the lookup below finds it instead of leaving it unknown.
            // It is new, so there is nothing to look up beforehand (no extra round-trip).
            None => {
                with_generated = CreateRequest {
                    reference: Some(generated_reference()),
                    ..req.clone()
                };
                &with_generated
            }
        };
        match (self.create_batch(req, journal).await, req.reference()) {
            // The batch may have created the entry before the answer was lost: with a
            // reference we can find out instead of guessing.
            (Err(CreateError::Unknown { source }), Some(reference)) => {
                match self.find_by_reference(req, reference, journal).await {
                    Ok(Some(mut found)) => {
                        found.reused = false;
                        Ok(found)
                    }
                    Ok(None) => Err(CreateError::NotCreated(source)),
                    // Could not look: the create's fate is still unknown.
                    Err(CreateError::Lookup(_)) => Err(CreateError::Unknown { source }),
                    Err(other) => Err(other),
                }
            }
            (other, _) => other,
        }
    }

    /// The journal first, then the service (`liveStream.list(referenceIdEqual)`).
    async fn find_by_reference(
        &self,
        req: &CreateRequest,
        reference: &str,
        journal: &Journal,
    ) -> Result<Option<Created>, CreateError> {
        let (partner, service) = (self.client.partner_id(), self.journal_service());
        let known = journal
            .find_by_ref(partner, service, reference)
            .map_err(CreateError::JournalRead)?;
        if let Some(record) = known {
            match self
                .client
                .call_as::<LiveStreamEntry>(&live_stream::get(&record.entry_id))
                .await
            {
                Ok(entry) => {
                    return Ok(Some(Created {
                        entry,
                        reused: true,
                        pending: record.pending.clone(),
                        studio: None,
                        journal_record: record,
                    }));
                }
                // Deleted since: look on the service, then make a new one.
                Err(e) if e.code() == Some("ENTRY_ID_NOT_FOUND") => {}
                // The journal says it exists; we just could not see it now.
                Err(e) => return Err(CreateError::Lookup(e)),
            }
        }
        let filter = EntryFilter {
            reference_id_equal: Some(reference.to_string()),
            status_in: Some("-2,-1,0,1,2,4,5,6,7".into()),
            order_by: Some("+createdAt".into()),
            ..EntryFilter::default()
        };
        let list: crate::kaltura::types::ListResponse<LiveStreamEntry> = self
            .client
            .call_as(&live_stream::list(&filter, Some(&Pager::first(10))))
            .await
            .map_err(CreateError::Lookup)?;
        // Guard against a filter the server ignored: only exact matches count.
        let Some(entry) = list
            .objects
            .into_iter()
            .find(|e| e.reference_id.as_str() == reference)
        else {
            return Ok(None);
        };
        // Found on the service but not (or no longer) in our journal: make sure it is complete,
        // then journal it.
        let pending = match self.complete(&entry.id, req).await {
            Ok(done) => done.pending,
            Err(e) => vec![
                PendingStep::new(
                    CreateStep::KwebcastMetadata,
                    &entry.id,
                    e.code(),
                    e.to_string(),
                ),
                PendingStep::new(
                    CreateStep::EventsMetadata,
                    &entry.id,
                    e.code(),
                    e.to_string(),
                ),
            ],
        };
        let record = self.journal_record(&entry.id, req, pending.clone());
        journal
            .append_async(&record)
            .await
            .map_err(|source| CreateError::JournalWrite {
                entry_id: entry.id.clone(),
                source,
            })?;
        Ok(Some(Created {
            entry,
            reused: true,
            pending,
            studio: None,
            journal_record: record,
        }))
    }

    /// The one-multirequest create.
    async fn create_batch(
        &self,
        req: &CreateRequest,
        journal: &Journal,
    ) -> Result<Created, CreateError> {
        let settings = &self.settings;
        let mut batch = Batch::new();
        let lookups = profiles::queue(&mut batch, Some(&settings.conversion_profile));
        let mut add = live_stream::add(&new_live_stream(req, &settings.moderator_user));
        if let Some(conv) = lookups.live_conversion {
            add.set_nested(
                "liveStreamEntry",
                "conversionProfileId",
                conv.reference(&["objects", "0", "id"]),
            );
        }
        let add = batch.push(add);
        let entry_ref = add.reference(&["id"]);
        let kwebcast = batch.push(metadata::add(
            lookups.kwebcast.reference(&["objects", "0", "id"]),
            &entry_ref,
            &xml::kwebcast_xml(true),
        ));
        let events = batch.push(metadata::add(
            lookups.events.reference(&["objects", "0", "id"]),
            &entry_ref,
            &xml::events_xml(&req.schedule(), &req.presenter),
        ));
        let player = self.queue_player_lookup(&mut batch);

        let mut answers = batch.send(&self.client).await.map_err(|e| match e {
            // Nothing was sent: certainly not created. A connection that failed after the
            // request went out (`Interrupted`) may have carried it out: that is `Unknown`.
            Error::Connect { .. } | Error::Config(_) | Error::Ks(_) | Error::Credentials { .. } => {
                CreateError::NotCreated(e)
            }
            _ => CreateError::Unknown { source: e },
        })?;
        let found = profiles::take(&mut answers, &lookups, &settings.conversion_profile);
        self.take_player_lookup(&mut answers, player);
        // Kaltura's refusal means nothing was made; an answer we cannot read (an entry ID with
        // escapes in it, a garbled object) came after the add ran, so the event may exist.
        let entry: LiveStreamEntry = answers.take(add).map_err(|e| match e {
            Error::Api { .. } => CreateError::NotCreated(e),
            other => CreateError::Unknown { source: other },
        })?;
        if entry.id.is_empty() {
            return Err(CreateError::NotCreated(Error::Decode {
                call: "liveStream.add".into(),
                detail: "the answer has no entry ID".into(),
            }));
        }

        let mut pending = Vec::new();
        if let Some(p) = conversion_pending(&entry, &found) {
            pending.push(p);
        }
        for (step, profile, slot) in [
            (CreateStep::KwebcastMetadata, &found.kwebcast, kwebcast),
            (CreateStep::EventsMetadata, &found.events, events),
        ] {
            // A brand-new entry cannot already have records; "exists" would still be complete.
            if let MetadataOutcome::Pending(p) =
                judge(step, &entry.id, profile, answers.take_value(slot))
            {
                pending.push(p);
            }
        }

        let record = self.journal_record(&entry.id, req, pending.clone());
        journal
            .append_async(&record)
            .await
            .map_err(|source| CreateError::JournalWrite {
                entry_id: entry.id.clone(),
                source,
            })?;

        // The event exists and is journalled: a Studio KS that cannot be had costs the Studio
        // launch only (`kwebcast studio` retries it), never the event.
        let studio = self
            .studio_info(
                &entry.id,
                &found.downloads(),
                &found.studio_ids(self.player_uiconf()),
                Some(&req.schedule()),
            )
            .await
            .inspect_err(|e| tracing::warn!(entry = %entry.id, "no Studio launch: {e}"))
            .ok();
        Ok(Created {
            entry,
            reused: false,
            pending,
            studio,
            journal_record: record,
        })
    }

    pub(crate) fn journal_record(
        &self,
        entry_id: &str,
        req: &CreateRequest,
        pending: Vec<PendingStep>,
    ) -> JournalRecord {
        JournalRecord {
            entry_id: entry_id.to_string(),
            name: req.name.clone(),
            start: req.start,
            end: req.end,
            partner_id: self.client.partner_id(),
            service_url: self.journal_service().to_string(),
            reference: req.reference().map(str::to_string),
            recorded_at: now_unix(),
            request: Some(req.clone()),
            pending,
        }
    }
}

/// The conversion-profile step: pending when the lookup failed or the entry did not get it.
pub(crate) fn conversion_pending(entry: &LiveStreamEntry, found: &Profiles) -> Option<PendingStep> {
    match found.live_conversion.as_ref()? {
        Err(why) => Some(PendingStep::new(
            CreateStep::ConversionProfile,
            &entry.id,
            None,
            format!("{why}; the entry uses the account's default conversion profile"),
        )),
        Ok(id) if entry.conversion_profile_id.is_some_and(|c| c != *id) => Some(PendingStep::new(
            CreateStep::ConversionProfile,
            &entry.id,
            None,
            format!(
                "the entry got conversion profile {:?} instead of {id}",
                entry.conversion_profile_id
            ),
        )),
        Ok(_) => None,
    }
}
