//! Creating a webcast event (the seed's `/create`) without ever losing or duplicating one.
//!
//! **Round-trips.** With the live conversion profile known (`conversion_profile_id`, or
//! remembered from an earlier create on this account, see [`super::memory`]) one multirequest:
//! the lookups (slides conversion profile, both metadata profiles, the Studio's template),
//! `liveStream.add` with the profile's ID, both `metadata.add` by reference. Otherwise two: the
//! lookups first — the live profile by system name (`Default_Live`, LIVE_STREAM only) and the
//! account's default live profile — then the add with checked IDs. A profile ID is never sent
//! by reference: an empty one is 0 to Kaltura, which refuses the add (and the metadata with it).
//! A remembered ID that Kaltura refuses is forgotten and looked up again.
//!
//! **A reference for every create.** A create without one gets a generated one
//! (`kwebcast-<hex>`, see [`PreparedCreate`]), so a lost answer can be settled by looking the
//! entry up. With an operator's reference the journal and then the service are asked first.
//!
//! **Nothing lost.** Before the request is sent the journal gets a *pending* attempt holding the
//! reference; once `liveStream.add` has answered with an ID the entry is appended (fsynced)
//! before anything is returned, and failed later steps travel with it as [`PendingStep`]s that
//! [`Webcast::finish`] completes. When the answer is lost, the reference is looked up (patiently:
//! Kaltura's search index lags writes); a process killed mid-create leaves the pending attempt
//! for [`Webcast::recover`]. A create of the same event as an unsettled attempt settles that
//! attempt first, so two creates under lost answers never make two events silently.

use super::api::Webcast;
use super::batch::Batch;
use super::journal::{AttemptState, CreateAttempt, Journal, JournalError, JournalRecord};
use super::memory::AccountMemory;
use super::metadata_step::{MetadataOutcome, judge};
use super::profiles::{self, Profiles};
use super::request::{CreateRequest, CreateStep, PendingStep};
use super::settings::{ADMIN_TAGS, ModeratorScope, WebcastSettings};
use super::studio::StudioInfo;
use super::time::now_unix;
use super::xml;
use crate::kaltura::error::Error;
use crate::kaltura::services::{live_stream, metadata};
use crate::kaltura::types::{
    DvrStatus, LivePublishStatus, LiveStreamEntry, LiveStreamUpdate, NewLiveStream, RecordStatus,
    RecordingOptions,
};

/// The result of a create: the entry (new or found again), what is still missing, and the
/// Studio details when the lookups ran.
#[derive(Debug, Clone)]
pub struct Created {
    /// The live entry as the service returned it.
    pub entry: LiveStreamEntry,
    /// True when an earlier entry with the same reference was found and no new one was made.
    pub reused: bool,
    /// True when the entry was made by an earlier create that was interrupted (a killed
    /// process, a lost answer) and found again by its reference.
    pub recovered: bool,
    /// The reference the entry carries (the operator's, or generated).
    pub reference: String,
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
    /// The pending attempt could not be written, so nothing was sent: a create the journal
    /// does not know of could be lost.
    #[error(
        "cannot record the create in the journal before sending it ({0}); nothing was sent to the service"
    )]
    JournalPending(#[source] JournalError),
    /// Looking for an earlier event with this reference failed (timeout, 5xx...): whether one
    /// exists is unknown, so nothing was created rather than risk a duplicate. Try again later.
    #[error(
        "cannot check the service for an earlier event with reference {reference} ({source}); nothing was created: try again"
    )]
    Lookup {
        /// The reference looked for.
        reference: String,
        /// The failure.
        #[source]
        source: Error,
    },
    /// An earlier create of this same event was interrupted and the service cannot be asked
    /// whether it made the entry: nothing new was sent, so no duplicate can appear.
    #[error(
        "an earlier create of this event (reference {reference}) was interrupted and the service cannot be asked about it now ({source}); nothing was created: try again, or run `kwebcast recover`"
    )]
    Unsettled {
        /// The earlier attempt's reference.
        reference: String,
        /// Why the service could not be asked.
        #[source]
        source: Error,
    },
    /// Kaltura did not create the entry (nothing exists, nothing to clean up).
    #[error("the event was not created: {0}")]
    NotCreated(#[source] Error),
    /// No live conversion profile could be found or read: nothing was sent, rather than an
    /// empty profile ID that Kaltura would refuse.
    #[error(
        "the event was not created: {0}; set conversion_profile_id to the live conversion profile to use"
    )]
    NoConversionProfile(String),
    /// No clear answer (timeout, dropped connection, 5xx, a garbled body) after the request may
    /// have reached the service, and the reference could not be looked up either: the event may
    /// exist. The journal keeps the attempt pending.
    #[error(
        "no clear answer from the service ({source}); the event MAY have been created with reference {reference}: the journal keeps it pending; `kwebcast recover` looks it up (creating the same event again finds it instead of making a second)"
    )]
    Unknown {
        /// The transport failure.
        #[source]
        source: Error,
        /// The reference the entry would carry.
        reference: String,
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

impl CreateError {
    /// The reference of a create whose outcome is uncertain (it may exist on the service).
    pub fn uncertain_reference(&self) -> Option<&str> {
        match self {
            CreateError::Unknown { reference, .. } | CreateError::Unsettled { reference, .. } => {
                Some(reference)
            }
            _ => None,
        }
    }
}

/// A create request with its reference decided: the operator's, or a generated one. Prepared
/// before the create starts, so a face that is interrupted mid-create can still name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedCreate {
    request: CreateRequest,
    /// The reference was generated now: nothing on the service can carry it yet.
    fresh: bool,
}

impl PreparedCreate {
    /// Keeps the operator's reference, or gives the request a fresh generated one.
    pub fn new(mut request: CreateRequest) -> Self {
        let fresh = request.reference().is_none();
        if fresh {
            request.reference = Some(generated_reference());
        }
        PreparedCreate { request, fresh }
    }

    /// A request whose reference the caller generated itself and knows to be new (the
    /// dashboard derives its references from a random seed).
    pub fn with_fresh_reference(mut request: CreateRequest, reference: String) -> Self {
        request.reference = Some(reference);
        PreparedCreate {
            request,
            fresh: true,
        }
    }

    /// The reference the entry will carry.
    pub fn reference(&self) -> &str {
        self.request.reference().unwrap_or_default()
    }

    /// The request, reference included.
    pub fn request(&self) -> &CreateRequest {
        &self.request
    }
}

/// The `liveStreamEntry` the seed sends: DVR and recording as asked, explicit live, the webcast
/// admin tags, the entitled editors given, and the checked live conversion profile.
pub fn new_live_stream(req: &CreateRequest, entitled_editors: &str, profile: i64) -> NewLiveStream {
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
        admin_tags: Some(ADMIN_TAGS.to_string()),
        conversion_profile_id: Some(profile),
        recording_options: Some(RecordingOptions {
            should_copy_entitlement: Some(true),
            should_make_hidden: Some(true),
            should_auto_archive: Some(true),
            ..RecordingOptions::default()
        }),
        entitled_users_edit: Some(entitled_editors.to_string()),
        reference_id: req.reference().map(str::to_string),
        ..NewLiveStream::new(req.name.clone())
    }
}

/// The editors a new entry is created with: moderator and broadcaster, or with per-event
/// moderators the broadcaster alone (the moderator's name needs the entry ID, set right after).
fn editors_at_add(settings: &WebcastSettings) -> String {
    match settings.moderator_scope {
        ModeratorScope::Shared => settings.entitled_editors(""),
        ModeratorScope::Event => settings.broadcaster_user.clone(),
    }
}

/// A reference for a create that was given none: `kwebcast-` and 12 random hex digits, unique
/// enough to find one entry on an account by `referenceIdEqual`.
pub fn generated_reference() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 6];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("kwebcast-{}", hex::encode(bytes))
}

/// Where the live conversion profile of a one-round-trip create came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KnownProfile {
    /// `conversion_profile_id`: the operator's word, never second-guessed.
    Configured(i64),
    /// Found by an earlier create: re-checked when Kaltura refuses it.
    Remembered(i64),
}

impl Webcast {
    /// Creates the event, or finds the one an earlier create with the same reference made.
    /// Without a reference one is generated (see [`PreparedCreate`]).
    pub async fn create(
        &self,
        req: &CreateRequest,
        journal: &Journal,
    ) -> Result<Created, CreateError> {
        self.create_prepared(&PreparedCreate::new(req.clone()), journal)
            .await
    }

    /// [`Webcast::create`] with the reference already decided.
    pub async fn create_prepared(
        &self,
        prepared: &PreparedCreate,
        journal: &Journal,
    ) -> Result<Created, CreateError> {
        let req = prepared.request();
        req.validate().map_err(CreateError::Invalid)?;
        let reference = prepared.reference();
        if let Some(found) = self.settle_earlier(req, reference, journal).await? {
            return Ok(found);
        }
        if !prepared.fresh
            && let Some(found) = self.find_by_reference(req, reference, journal).await?
        {
            return Ok(found);
        }
        let attempt = self.attempt(req, reference, AttemptState::Pending);
        journal
            .append_attempt_async(&attempt)
            .await
            .map_err(CreateError::JournalPending)?;
        match self.create_batch(req, journal).await {
            // The batch may have created the entry before the answer was lost: the reference
            // says, once the search index has caught up.
            Err(CreateError::Unknown { source, .. }) => {
                let looked = self.find_references(&[reference.to_string()], true).await;
                match looked.found.into_iter().next() {
                    Some((_, entry)) => {
                        let mut found = self.record_found(entry, req, journal).await?;
                        found.reused = false;
                        Ok(found)
                    }
                    None if looked.error.is_none() => {
                        self.settle_not_created(req, reference, journal).await;
                        Err(CreateError::NotCreated(source))
                    }
                    None => Err(CreateError::Unknown {
                        source,
                        reference: reference.to_string(),
                    }),
                }
            }
            Err(e @ (CreateError::NotCreated(_) | CreateError::NoConversionProfile(_))) => {
                self.settle_not_created(req, reference, journal).await;
                Err(e)
            }
            other => other,
        }
    }

    /// A journal line about an attempt at `req` on this account.
    pub(crate) fn attempt(
        &self,
        req: &CreateRequest,
        reference: &str,
        state: AttemptState,
    ) -> CreateAttempt {
        CreateAttempt {
            attempt: state,
            reference: reference.to_string(),
            name: req.name.clone(),
            partner_id: self.client.partner_id(),
            service_url: self.journal_service().to_string(),
            recorded_at: now_unix(),
            request: req.clone(),
        }
    }

    /// Records that the service has no entry for this attempt. Best effort: a pending line
    /// left behind is only looked up again by `recover`.
    pub(crate) async fn settle_not_created(
        &self,
        req: &CreateRequest,
        reference: &str,
        journal: &Journal,
    ) {
        let line = self.attempt(req, reference, AttemptState::NotCreated);
        if let Err(e) = journal.append_attempt_async(&line).await {
            tracing::warn!(reference, "cannot mark the attempt not created: {e}");
        }
    }

    /// Settles the unsettled attempts of this same event (same reference, or
    /// [`CreateRequest::same_event`] under another reference) before anything new is sent: one
    /// found on the service is this event, made by a create that was interrupted.
    async fn settle_earlier(
        &self,
        req: &CreateRequest,
        reference: &str,
        journal: &Journal,
    ) -> Result<Option<Created>, CreateError> {
        let (partner, service) = (self.client.partner_id(), self.journal_service());
        let same: Vec<CreateAttempt> = journal
            .unsettled(partner, service)
            .map_err(CreateError::JournalRead)?
            .into_iter()
            .filter(|a| a.reference == reference || a.request.same_event(req))
            .collect();
        if same.is_empty() {
            return Ok(None);
        }
        let refs: Vec<String> = same.iter().map(|a| a.reference.clone()).collect();
        let looked = self.find_references(&refs, true).await;
        if let Some(attempt) = same
            .iter()
            .find(|a| looked.found.contains_key(&a.reference))
        {
            let entry = looked.found[&attempt.reference].clone();
            let mut found = self.record_found(entry, &attempt.request, journal).await?;
            found.recovered = true;
            return Ok(Some(found));
        }
        match looked.error {
            Some(source) => Err(CreateError::Unsettled {
                reference: refs.join(", "),
                source,
            }),
            None => Ok(None),
        }
    }

    /// The journal first, then the service (`liveStream.list(referenceIdEqual)`, once).
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
                        recovered: false,
                        reference: reference.to_string(),
                        pending: record.pending.clone(),
                        studio: None,
                        journal_record: record,
                    }));
                }
                // Deleted since: look on the service, then make a new one.
                Err(e) if e.code() == Some("ENTRY_ID_NOT_FOUND") => {}
                // The journal says it exists; we just could not see it now.
                Err(source) => {
                    return Err(CreateError::Lookup {
                        reference: reference.to_string(),
                        source,
                    });
                }
            }
        }
        let looked = self.find_references(&[reference.to_string()], false).await;
        if let Some(source) = looked.error {
            return Err(CreateError::Lookup {
                reference: reference.to_string(),
                source,
            });
        }
        match looked.found.into_iter().next() {
            Some((_, entry)) => Ok(Some(self.record_found(entry, req, journal).await?)),
            None => Ok(None),
        }
    }

    /// An entry found on the service by its reference but not (or no longer) in the journal:
    /// made complete, then journaled.
    pub(crate) async fn record_found(
        &self,
        entry: LiveStreamEntry,
        req: &CreateRequest,
        journal: &Journal,
    ) -> Result<Created, CreateError> {
        let pending = match self.complete(&entry.id, req).await {
            Ok(done) => done.pending,
            Err(e) => [CreateStep::KwebcastMetadata, CreateStep::EventsMetadata]
                .into_iter()
                .map(|step| PendingStep::new(step, &entry.id, e.code(), e.to_string()))
                .collect(),
        };
        let record = self.journal_record(&entry.id, req, pending.clone());
        journal
            .append_async(&record)
            .await
            .map_err(|source| CreateError::JournalWrite {
                entry_id: entry.id.clone(),
                source,
            })?;
        Ok(Created {
            reference: req.reference().unwrap_or_default().to_string(),
            entry,
            reused: true,
            recovered: false,
            pending,
            studio: None,
            journal_record: record,
        })
    }

    /// The live conversion profile known without asking: configured, or remembered.
    fn known_profile(&self, memory: &AccountMemory) -> Option<KnownProfile> {
        if let Some(id) = self.settings.conversion_profile_id {
            return Some(KnownProfile::Configured(id));
        }
        memory
            .live_profile(self.client.partner_id(), self.journal_service())
            .map(KnownProfile::Remembered)
    }

    /// The create itself: one round-trip with a known profile, else two.
    async fn create_batch(
        &self,
        req: &CreateRequest,
        journal: &Journal,
    ) -> Result<Created, CreateError> {
        let memory = AccountMemory::beside(journal);
        let (partner, service) = (self.client.partner_id(), self.journal_service());
        match self.known_profile(&memory) {
            Some(KnownProfile::Configured(id)) => {
                return self.send_create(req, journal, id, None).await;
            }
            Some(KnownProfile::Remembered(id)) => {
                match self.send_create(req, journal, id, None).await {
                    Err(CreateError::NotCreated(e))
                        if e.code() == Some("CONVERSION_PROFILE_ID_NOT_FOUND") =>
                    {
                        tracing::info!(
                            profile = id,
                            "the remembered live conversion profile was refused; looking it up again"
                        );
                        memory.forget_live_profile(partner, service);
                    }
                    other => return other,
                }
            }
            None => {}
        }
        let mut found = self.look_up_profiles().await?;
        let live = match (&found.live_conversion, found.live_lookup_error.take()) {
            (Some(Ok(id)), _) => *id,
            // Kaltura refused the lookup (a KS without the permission...): its error says why.
            (_, Some(refused)) => return Err(CreateError::NotCreated(refused)),
            (Some(Err(why)), None) => return Err(CreateError::NoConversionProfile(why.clone())),
            (None, None) => return Err(CreateError::NoConversionProfile("not looked up".into())),
        };
        memory.remember_live_profile(partner, service, live);
        self.send_create(req, journal, live, Some(found)).await
    }

    /// The first round-trip of a create with an unknown profile: every lookup, nothing written.
    async fn look_up_profiles(&self) -> Result<Profiles, CreateError> {
        let name = &self.settings.conversion_profile;
        let mut batch = Batch::new();
        let lookups = profiles::queue(&mut batch, Some(name));
        let player = self.queue_player_lookup(&mut batch);
        let mut answers = batch
            .send(&self.client)
            .await
            .map_err(CreateError::NotCreated)?;
        let found = profiles::take(&mut answers, &lookups, name);
        self.take_player_lookup(&mut answers, player);
        Ok(found)
    }

    /// `liveStream.add` with the checked profile and both `metadata.add`s; with the lookups
    /// already `found` their IDs are sent as they are, else the lookups ride along and the
    /// records refer to them. Journals the entry before returning.
    async fn send_create(
        &self,
        req: &CreateRequest,
        journal: &Journal,
        live_profile: i64,
        found: Option<Profiles>,
    ) -> Result<Created, CreateError> {
        let settings = &self.settings;
        let mut batch = Batch::new();
        let lookups = found.is_none().then(|| profiles::queue(&mut batch, None));
        let add = batch.push(live_stream::add(&new_live_stream(
            req,
            &editors_at_add(settings),
            live_profile,
        )));
        let entry_ref = add.reference(&["id"]);
        let records = [
            (CreateStep::KwebcastMetadata, xml::kwebcast_xml(true)),
            (
                CreateStep::EventsMetadata,
                xml::events_xml(&req.schedule(), &req.presenter),
            ),
        ];
        let mut record_slots = Vec::new();
        for (step, data) in &records {
            let profile = match (&lookups, &found) {
                (Some(l), _) => {
                    let slot = if *step == CreateStep::KwebcastMetadata {
                        l.kwebcast
                    } else {
                        l.events
                    };
                    Some(slot.reference(&["objects", "0", "id"]))
                }
                (None, Some(f)) => {
                    let id = if *step == CreateStep::KwebcastMetadata {
                        &f.kwebcast
                    } else {
                        &f.events
                    };
                    id.as_ref().ok().map(|id| id.to_string())
                }
                (None, None) => None,
            };
            record_slots.push(profile.map(|p| batch.push(metadata::add(p, &entry_ref, data))));
        }
        let player = self.queue_player_lookup(&mut batch);

        let mut answers = batch.send(&self.client).await.map_err(|e| match e {
            // Nothing was sent: certainly not created. A connection that failed after the
            // request went out (`Interrupted`) may have carried it out: that is `Unknown`.
            Error::Connect { .. } | Error::Config(_) | Error::Ks(_) | Error::Credentials { .. } => {
                CreateError::NotCreated(e)
            }
            _ => CreateError::Unknown {
                source: e,
                reference: req.reference().unwrap_or_default().to_string(),
            },
        })?;
        let found = match (found, &lookups) {
            (Some(f), _) => f,
            (None, Some(l)) => profiles::take(&mut answers, l, ""),
            (None, None) => unreachable!("lookups are queued when nothing was found before"),
        };
        self.take_player_lookup(&mut answers, player);
        // Kaltura's refusal means nothing was made; an answer we cannot read (an entry ID with
        // escapes in it, a garbled object) came after the add ran, so the event may exist.
        let entry: LiveStreamEntry = answers.take(add).map_err(|e| match e {
            Error::Api { .. } => CreateError::NotCreated(e),
            other => CreateError::Unknown {
                source: other,
                reference: req.reference().unwrap_or_default().to_string(),
            },
        })?;
        if entry.id.is_empty() {
            return Err(CreateError::NotCreated(Error::Decode {
                call: "liveStream.add".into(),
                detail: "the answer has no entry ID".into(),
            }));
        }

        let mut pending = Vec::new();
        if let Some(p) = conversion_pending(&entry, &Ok(live_profile)) {
            pending.push(p);
        }
        for ((step, _), slot) in records.iter().zip(record_slots) {
            let profile = if *step == CreateStep::KwebcastMetadata {
                &found.kwebcast
            } else {
                &found.events
            };
            let answer = match slot {
                Some(slot) => answers.take_value(slot),
                None => Err(Error::Config("not sent: no metadata profile".into())),
            };
            // A brand-new entry cannot already have records; "exists" would still be complete.
            if let MetadataOutcome::Pending(p) = judge(*step, &entry.id, profile, answer) {
                pending.push(p);
            }
        }
        if let Some(p) = self.entitle_moderator(&entry).await {
            pending.push(p);
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
            reference: req.reference().unwrap_or_default().to_string(),
            entry,
            reused: false,
            recovered: false,
            pending,
            studio,
            journal_record: record,
        })
    }

    /// With per-event moderators, the new entry's own moderator user joins its editors (its
    /// name holds the entry ID, so it cannot go with the add). `None` when done or not needed.
    async fn entitle_moderator(&self, entry: &LiveStreamEntry) -> Option<PendingStep> {
        if self.settings.moderator_scope != ModeratorScope::Event {
            return None;
        }
        let update = LiveStreamUpdate {
            entitled_users_edit: Some(self.settings.entitled_editors(&entry.id)),
            ..LiveStreamUpdate::default()
        };
        match self
            .client
            .call(&live_stream::update(&entry.id, &update))
            .await
        {
            Ok(_) => None,
            Err(e) => Some(PendingStep::new(
                CreateStep::ModeratorEntitlement,
                &entry.id,
                e.code(),
                e.to_string(),
            )),
        }
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
            removed: None,
        }
    }
}

/// The conversion-profile step: pending when the lookup failed or the entry did not get it.
pub(crate) fn conversion_pending(
    entry: &LiveStreamEntry,
    wanted: &Result<i64, String>,
) -> Option<PendingStep> {
    match wanted {
        Err(why) => Some(PendingStep::new(
            CreateStep::ConversionProfile,
            &entry.id,
            None,
            format!("{why}; the entry keeps its conversion profile"),
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
