//! Changing an event after it was created: its name and description (the live entry), its
//! schedule and presenter (the `KMS_EVENTS3` record), its recording and DVR (the live entry,
//! fields Kaltura locks while an encoder is connected).
//!
//! **Round-trips.** Two: one multirequest reads the entry, the `KMS_EVENTS3` profile and the
//! entry's record of it ([`Webcast::edit_source`]); one writes `liveStream.update` and
//! `metadata.update` (or `metadata.add` when the event has no record yet) together. The record
//! is merged, not replaced ([`super::xml_merge`]): fields KMS or the Studio wrote stay, and the
//! update carries the `version` read, so a change made by someone else in between is refused by
//! Kaltura (`INVALID_METADATA_VERSION`) instead of being overwritten.
//!
//! **Refusals.** Kaltura refuses to change recording or DVR while an encoder is connected
//! (`CANNOT_UPDATE_FIELDS_WHILE_ENTRY_BROADCASTING`); names, descriptions and schedules change at
//! any time. When the read shows a connected encoder and the edit touches a locked field, the
//! entry update is sent first, alone, so that Kaltura's refusal leaves the schedule unchanged
//! too: a refused edit changes nothing. Otherwise the parts travel together and each slot is
//! judged on its own: a part Kaltura refused is reported with its code while the other stays
//! applied ([`Edited::failures`]).
//!
//! **Journal.** A journaled event gets a superseding record carrying the new name, schedule and
//! request; the board and `finish` read that one from then on.

use super::api::Webcast;
use super::batch::{Batch, Slot};
use super::journal::{Journal, JournalError, JournalRecord};
use super::request::CreateRequest;
use super::settings::EVENTS_PROFILE;
use super::time::{is_known_time_zone, iso_utc, now_unix, wall_clock};
use super::xml::{self, Schedule};
use super::xml_merge::{PresenterEdit, merge_events};
use crate::kaltura::error::Error;
use crate::kaltura::services::{live_stream, metadata, metadata_profile};
use crate::kaltura::types::{
    DvrStatus, ListResponse, LiveStatus, LiveStreamEntry, LiveStreamUpdate, Metadata,
    MetadataProfile, RecordStatus,
};
use crate::kaltura::wire::ApiRequest;
use serde::Serialize;

/// What an edit changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventEdit {
    /// New title.
    pub name: Option<String>,
    /// New description (empty clears it).
    pub description: Option<String>,
    /// New start, Unix seconds; alone, the event keeps its length.
    pub start: Option<i64>,
    /// New end, Unix seconds; alone, the event keeps its start.
    pub end: Option<i64>,
    /// New IANA time zone for the metadata (the times do not move).
    pub timezone: Option<String>,
    /// The presenter's name and title.
    pub presenter: PresenterEdit,
    /// Record sessions (PER_SESSION) or not; locked while an encoder is connected.
    pub recording: Option<bool>,
    /// DVR (a 60-minute window) or not; locked while an encoder is connected.
    pub dvr: Option<bool>,
}

impl EventEdit {
    /// True when the edit asks for nothing.
    pub fn is_empty(&self) -> bool {
        *self == EventEdit::default()
    }

    /// Checks what can be checked before any call: a name that is not blank, an end after the
    /// start, a zone this machine knows.
    pub fn validate(&self) -> Result<(), String> {
        if self.name.as_deref().is_some_and(|n| n.trim().is_empty()) {
            return Err("the new name is empty; an event needs a name".into());
        }
        if let (Some(s), Some(e)) = (self.start, self.end)
            && e <= s
        {
            return Err(format!(
                "the event would end ({}) before it starts ({})",
                iso_utc(e),
                iso_utc(s)
            ));
        }
        if let Some(tz) = &self.timezone
            && !is_known_time_zone(tz)
        {
            return Err(format!(
                "unknown time zone {tz:?}: use an IANA name such as Europe/Paris or UTC"
            ));
        }
        Ok(())
    }
}

/// What Kaltura holds of an event now, read in one round-trip: what an edit starts from (and
/// what the dashboard fills its edit form with).
#[derive(Debug, Clone)]
pub struct EditSource {
    /// The live entry.
    pub entry: LiveStreamEntry,
    /// The `KMS_EVENTS3` profile's ID, or why it is unknown.
    pub events_profile: Result<i64, String>,
    /// The entry's `KMS_EVENTS3` record, if it has one.
    pub record: Option<Metadata>,
    /// The schedule read from the record.
    pub schedule: Option<Schedule>,
    /// The (first) presenter's name in the record.
    pub presenter_name: String,
    /// The (first) presenter's title in the record.
    pub presenter_title: String,
}

impl EditSource {
    /// True while an encoder is connected: Kaltura then locks recording and DVR.
    pub fn encoder_connected(&self) -> bool {
        !matches!(self.entry.live_status, None | Some(LiveStatus::Stopped))
    }

    /// Whether sessions are recorded now.
    pub fn recording(&self) -> bool {
        !matches!(
            self.entry.record_status,
            None | Some(RecordStatus::Disabled)
        )
    }

    /// Whether DVR is on now.
    pub fn dvr(&self) -> bool {
        self.entry.dvr_status == Some(DvrStatus::Enabled)
    }
}

/// Which object a change is written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EditPart {
    /// The live entry (`liveStream.update`).
    Entry,
    /// The `KMS_EVENTS3` record (`metadata.update` or `metadata.add`).
    Metadata,
}

/// One change an edit made (or tried to make), as the journal, the log and `--json` say it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum Change {
    /// The title.
    Name {
        /// Before.
        from: String,
        /// After.
        to: String,
    },
    /// The description.
    Description {
        /// Before.
        from: String,
        /// After.
        to: String,
    },
    /// Start, end or time zone.
    Schedule {
        /// Before (`None` when the event had no schedule).
        from: Option<Schedule>,
        /// After.
        to: Schedule,
    },
    /// The presenter's name.
    PresenterName {
        /// Before.
        from: String,
        /// After.
        to: String,
    },
    /// The presenter's title.
    PresenterTitle {
        /// Before.
        from: String,
        /// After.
        to: String,
    },
    /// Recording on or off.
    Recording {
        /// After.
        to: bool,
    },
    /// DVR on or off.
    Dvr {
        /// After.
        to: bool,
    },
}

impl Change {
    /// Where the change is written.
    pub fn part(&self) -> EditPart {
        match self {
            Change::Name { .. }
            | Change::Description { .. }
            | Change::Recording { .. }
            | Change::Dvr { .. } => EditPart::Entry,
            _ => EditPart::Metadata,
        }
    }

    /// The change in a few words ("renamed from \"A\" to \"B\""), times in the event's zone.
    pub fn describe(&self) -> String {
        let on = |b: &bool| if *b { "on" } else { "off" };
        match self {
            Change::Name { from, to } => format!("renamed from {from:?} to {to:?}"),
            Change::Description { to, .. } if to.is_empty() => "description cleared".into(),
            Change::Description { .. } => "description changed".into(),
            Change::Schedule { to, .. } => format!(
                "rescheduled to {} – {} ({})",
                wall_clock(to.start, &to.timezone),
                wall_clock(to.end, &to.timezone),
                to.timezone
            ),
            Change::PresenterName { to, .. } => format!("presenter now {to:?}"),
            Change::PresenterTitle { to, .. } => format!("presenter title now {to:?}"),
            Change::Recording { to } => format!("recording {}", on(to)),
            Change::Dvr { to } => format!("DVR {}", on(to)),
        }
    }
}

/// A part of an edit that Kaltura refused (or that could not be sent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditFailure {
    /// Which part.
    pub part: EditPart,
    /// Kaltura's code (`CANNOT_UPDATE_FIELDS_WHILE_ENTRY_BROADCASTING`), when it gave one.
    pub code: Option<String>,
    /// One sentence.
    pub message: String,
    /// The changes that were therefore not made.
    pub not_applied: Vec<Change>,
}

/// What an edit did.
#[derive(Debug, Clone)]
pub struct Edited {
    /// The live entry as Kaltura answered the update (or as read, when it was not updated).
    pub entry: LiveStreamEntry,
    /// The changes made.
    pub changes: Vec<Change>,
    /// The parts refused; empty when everything asked for was made.
    pub failures: Vec<EditFailure>,
    /// The schedule now (as written, or as it was).
    pub schedule: Option<Schedule>,
    /// The record's version after the write, when it was written.
    pub metadata_version: Option<i64>,
    /// The journal record written, when the event is journaled and something changed.
    pub journal_record: Option<JournalRecord>,
}

/// Why an edit changed nothing.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// Refused before any call (an empty name, an end before the start, an unknown zone).
    #[error("{0}")]
    Invalid(String),
    /// The event could not be read (`ENTRY_ID_NOT_FOUND`, a network failure...).
    #[error("cannot read event {entry_id}: {source}")]
    Read {
        /// The entry.
        entry_id: String,
        /// Kaltura's error.
        #[source]
        source: Error,
    },
    /// Kaltura refused the whole edit (or it could not be sent), so nothing changed.
    #[error("event {entry_id} was not changed: {message}")]
    Refused {
        /// The entry.
        entry_id: String,
        /// Kaltura's code (`CANNOT_UPDATE_FIELDS_WHILE_ENTRY_BROADCASTING`), when it gave one.
        code: Option<String>,
        /// One sentence.
        message: String,
    },
    /// The journal could not be read.
    #[error(transparent)]
    JournalRead(JournalError),
    /// Kaltura took the change but the journal write failed.
    #[error(
        "event {entry_id} WAS changed on the service, but recording it in the journal failed: {source}"
    )]
    JournalWrite {
        /// The entry.
        entry_id: String,
        /// The journal failure.
        #[source]
        source: JournalError,
    },
}

impl EditError {
    /// Kaltura's code, when the service gave one.
    pub fn code(&self) -> Option<&str> {
        match self {
            EditError::Read { source, .. } => source.code(),
            EditError::Refused { code, .. } => code.as_deref(),
            _ => None,
        }
    }
}

/// The calls an edit writes, and the changes each carries.
struct Writes {
    entry: Option<(ApiRequest, Vec<Change>)>,
    metadata: Option<(ApiRequest, Vec<Change>)>,
    metadata_problem: Option<EditFailure>,
    schedule: Option<Schedule>,
}

impl Webcast {
    /// Reads what an edit needs, in one multirequest: the entry, the `KMS_EVENTS3` profile and
    /// the entry's record of it (filtered by the profile found; the answer is checked against
    /// it, since a failed lookup would leave the filter empty and Kaltura would ignore it).
    pub async fn edit_source(&self, entry_id: &str) -> Result<EditSource, Error> {
        let entry_id = entry_id.trim();
        let known_profile = self.poll_cache_events_profile();
        let mut batch = Batch::new();
        let live = batch.push(live_stream::get(entry_id));
        let profile_slot: Option<Slot> = known_profile
            .is_none()
            .then(|| batch.push(metadata_profile::list_by_system_name(EVENTS_PROFILE)));
        let profile_ref = match (known_profile, profile_slot) {
            (Some(id), _) => serde_json::Value::from(id),
            (None, Some(slot)) => slot.reference(&["objects", "0", "id"]).into(),
            (None, None) => unreachable!("the profile is known or looked up"),
        };
        let mut records = metadata::list(
            &metadata::MetadataFilter {
                metadata_object_type_equal: Some(crate::kaltura::types::MetadataObjectType::Entry),
                object_id_equal: Some(entry_id.to_string()),
                ..Default::default()
            },
            None,
        );
        records.set_nested("filter", "metadataProfileIdEqual", profile_ref);
        let records = batch.push(records);
        let mut answers = batch.send(&self.client).await?;
        let entry: LiveStreamEntry = answers.take(live)?;
        let events_profile = match (known_profile, profile_slot) {
            (Some(id), _) => Ok(id),
            (None, Some(slot)) => match answers.take::<ListResponse<MetadataProfile>>(slot) {
                Ok(list) => list.objects.first().map(|p| p.id).ok_or_else(|| {
                    format!("the metadata profile {EVENTS_PROFILE} was not found on this account")
                }),
                Err(e) => Err(format!(
                    "looking up the metadata profile {EVENTS_PROFILE} failed: {e}"
                )),
            },
            (None, None) => unreachable!("the profile is known or looked up"),
        };
        let record = match &events_profile {
            Ok(pid) => answers
                .take_list::<Metadata>(records)?
                .into_iter()
                .filter(|m| m.object_id == entry.id && m.metadata_profile_id == *pid)
                .max_by_key(|m| m.version),
            Err(_) => None,
        };
        if let Ok(pid) = &events_profile {
            self.remember_events_profile(*pid);
        }
        let xml_text = record.as_ref().map(|r| r.xml.as_str()).unwrap_or("");
        let field = |tag: &str| {
            crate::text::line_owned(xml::element_text(xml_text, tag).unwrap_or_default())
        };
        Ok(EditSource {
            schedule: record.as_ref().and_then(|r| xml::parse_schedule(&r.xml)),
            presenter_name: field("PresenterName"),
            presenter_title: field("PresenterTitle"),
            entry,
            events_profile,
            record,
        })
    }

    /// Edits `entry_id` (reading it first) and journals the outcome.
    pub async fn edit(
        &self,
        entry_id: &str,
        edit: &EventEdit,
        journal: &Journal,
    ) -> Result<Edited, EditError> {
        edit.validate().map_err(EditError::Invalid)?;
        let source = self
            .edit_source(entry_id)
            .await
            .map_err(|source| EditError::Read {
                entry_id: entry_id.trim().to_string(),
                source,
            })?;
        self.edit_from(&source, edit, journal).await
    }

    /// Edits the event `source` describes (as read by [`Webcast::edit_source`]).
    pub async fn edit_from(
        &self,
        source: &EditSource,
        edit: &EventEdit,
        journal: &Journal,
    ) -> Result<Edited, EditError> {
        edit.validate().map_err(EditError::Invalid)?;
        let id = source.entry.id.clone();
        let record = journal
            .find_entry(self.client.partner_id(), self.journal_service(), &id)
            .map_err(EditError::JournalRead)?;
        let writes = plan(
            source,
            edit,
            record.as_ref().and_then(|r| r.request.as_ref()),
        )?;
        let mut edited = Edited {
            entry: source.entry.clone(),
            changes: Vec::new(),
            failures: writes.metadata_problem.clone().into_iter().collect(),
            schedule: source.schedule.clone(),
            metadata_version: None,
            journal_record: None,
        };
        let locked = writes.entry.as_ref().is_some_and(|(_, changes)| {
            changes
                .iter()
                .any(|c| matches!(c, Change::Recording { .. } | Change::Dvr { .. }))
        });
        let Writes {
            entry: entry_write,
            metadata: metadata_write,
            schedule,
            ..
        } = writes;
        let mut metadata_write = metadata_write;
        if locked && source.encoder_connected() {
            // Kaltura decides, before anything else is sent: its refusal changes nothing.
            if let Some((req, changes)) = entry_write {
                match self.client.call_as::<LiveStreamEntry>(&req).await {
                    Ok(entry) => {
                        edited.entry = entry;
                        edited.changes.extend(changes);
                    }
                    Err(e) => {
                        return Err(EditError::Refused {
                            entry_id: id,
                            code: e.code().map(str::to_string),
                            message: e.to_string(),
                        });
                    }
                }
            }
            self.send_parts(None, metadata_write.take(), schedule, &mut edited)
                .await;
        } else {
            self.send_parts(entry_write, metadata_write, schedule, &mut edited)
                .await;
        }
        if edited.changes.is_empty() && !edited.failures.is_empty() {
            let first = edited.failures.remove(0);
            return Err(EditError::Refused {
                entry_id: id,
                code: first.code,
                message: first.message,
            });
        }
        self.forget_cached(&id);
        if !edited.changes.is_empty()
            && let Some(previous) = record.filter(JournalRecord::is_watched)
        {
            let next = superseding(previous, &edited);
            journal
                .append_async(&next)
                .await
                .map_err(|source| EditError::JournalWrite {
                    entry_id: id.clone(),
                    source,
                })?;
            edited.journal_record = Some(next);
        }
        Ok(edited)
    }

    /// Sends the entry and metadata writes in one multirequest and judges each slot.
    async fn send_parts(
        &self,
        entry_write: Option<(ApiRequest, Vec<Change>)>,
        metadata_write: Option<(ApiRequest, Vec<Change>)>,
        schedule: Option<Schedule>,
        edited: &mut Edited,
    ) {
        if entry_write.is_none() && metadata_write.is_none() {
            return;
        }
        let mut batch = Batch::new();
        let entry_slot = entry_write.map(|(req, changes)| (batch.push(req), changes));
        let meta_slot = metadata_write.map(|(req, changes)| (batch.push(req), changes));
        let mut answers = match batch.send(&self.client).await {
            Ok(a) => a,
            Err(e) => {
                for (part, changes) in [
                    (EditPart::Entry, entry_slot.map(|s| s.1)),
                    (EditPart::Metadata, meta_slot.map(|s| s.1)),
                ] {
                    if let Some(changes) = changes {
                        edited.failures.push(failure(part, &e, changes));
                    }
                }
                return;
            }
        };
        if let Some((slot, changes)) = entry_slot {
            match answers.take::<LiveStreamEntry>(slot) {
                Ok(entry) => {
                    edited.entry = entry;
                    edited.changes.extend(changes);
                }
                Err(e) => edited.failures.push(failure(EditPart::Entry, &e, changes)),
            }
        }
        if let Some((slot, changes)) = meta_slot {
            match answers.take::<Metadata>(slot) {
                Ok(record) => {
                    edited.metadata_version = Some(record.version);
                    if let Some(s) = xml::parse_schedule(&record.xml).or(schedule) {
                        edited.schedule = Some(s);
                    }
                    edited.changes.extend(changes);
                }
                Err(e) => edited
                    .failures
                    .push(failure(EditPart::Metadata, &e, changes)),
            }
        }
    }

    fn poll_cache_events_profile(&self) -> Option<i64> {
        self.poll_cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .events_profile()
    }

    fn remember_events_profile(&self, id: i64) {
        self.poll_cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .set_events_profile(id);
    }

    /// Drops what polls remember of `id`, so the next poll reads its new details and schedule.
    pub(crate) fn forget_cached(&self, id: &str) {
        self.poll_cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .forget(id);
    }
}

fn failure(part: EditPart, e: &Error, not_applied: Vec<Change>) -> EditFailure {
    EditFailure {
        part,
        code: e.code().map(str::to_string),
        message: e.to_string(),
        not_applied,
    }
}

/// The writes `edit` needs against what `source` holds; `saved` (the journal's request) fills a
/// schedule the event's record lacks.
fn plan(
    source: &EditSource,
    edit: &EventEdit,
    saved: Option<&CreateRequest>,
) -> Result<Writes, EditError> {
    let entry = &source.entry;
    let mut entry_changes = Vec::new();
    let mut update = LiveStreamUpdate::default();
    if let Some(name) = edit.name.as_deref().map(str::trim)
        && name != entry.name
    {
        update.name = Some(name.to_string());
        entry_changes.push(Change::Name {
            from: entry.name.clone(),
            to: name.to_string(),
        });
    }
    if let Some(d) = &edit.description
        && *d != entry.description
    {
        update.description = Some(d.clone());
        entry_changes.push(Change::Description {
            from: entry.description.clone(),
            to: d.clone(),
        });
    }
    let mut req = live_stream::update(&entry.id, &update);
    if let Some(on) = edit.recording.filter(|on| *on != source.recording()) {
        let status = if on {
            RecordStatus::PerSession
        } else {
            RecordStatus::Disabled
        };
        req.set_nested("liveStreamEntry", "recordStatus", status.code());
        entry_changes.push(Change::Recording { to: on });
    }
    if let Some(on) = edit.dvr.filter(|on| *on != source.dvr()) {
        let status = if on {
            DvrStatus::Enabled
        } else {
            DvrStatus::Disabled
        };
        req.set_nested("liveStreamEntry", "dvrStatus", status.code());
        if on {
            req.set_nested("liveStreamEntry", "dvrWindow", 60);
        }
        entry_changes.push(Change::Dvr { to: on });
    }

    // The schedule: what is given, the rest from the record (or the journal's request).
    let current = source.schedule.clone().or_else(|| {
        saved.map(|r| Schedule {
            start: r.start,
            end: r.end,
            timezone: r.timezone.clone(),
        })
    });
    let wanted = if edit.start.is_none() && edit.end.is_none() && edit.timezone.is_none() {
        None
    } else {
        let (start, end) = match (edit.start, edit.end, &current) {
            (Some(s), Some(e), _) => (s, e),
            (Some(s), None, Some(c)) => (s, s + (c.end - c.start)),
            (None, Some(e), Some(c)) => (c.start, e),
            (None, None, Some(c)) => (c.start, c.end),
            (_, _, None) => {
                return Err(EditError::Invalid(format!(
                    "event {} has no schedule yet: give both --start and --end",
                    entry.id
                )));
            }
        };
        if end <= start {
            return Err(EditError::Invalid(format!(
                "the event would end ({}) before it starts ({})",
                iso_utc(end),
                iso_utc(start)
            )));
        }
        let timezone = edit
            .timezone
            .clone()
            .or_else(|| current.as_ref().map(|c| c.timezone.clone()))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "UTC".into());
        Some(Schedule {
            start,
            end,
            timezone,
        })
        .filter(|s| source.schedule.as_ref() != Some(s))
    };
    let mut meta_changes = Vec::new();
    if let Some(to) = &wanted {
        meta_changes.push(Change::Schedule {
            from: source.schedule.clone(),
            to: to.clone(),
        });
    }
    let mut presenter = PresenterEdit::default();
    if let Some(n) = edit.presenter.name.as_deref().map(str::trim)
        && n != source.presenter_name
    {
        presenter.name = Some(n.to_string());
        meta_changes.push(Change::PresenterName {
            from: source.presenter_name.clone(),
            to: n.to_string(),
        });
    }
    if let Some(t) = edit.presenter.title.as_deref().map(str::trim)
        && t != source.presenter_title
    {
        presenter.title = Some(t.to_string());
        meta_changes.push(Change::PresenterTitle {
            from: source.presenter_title.clone(),
            to: t.to_string(),
        });
    }

    let mut metadata_problem = None;
    let metadata = if meta_changes.is_empty() {
        None
    } else {
        let base = source
            .record
            .as_ref()
            .map_or("<metadata/>", |r| r.xml.as_str());
        let merged = merge_events(base, wanted.as_ref(), &presenter).map_err(EditError::Invalid)?;
        match (&source.record, &source.events_profile) {
            (Some(r), _) => Some((
                metadata::update_if_version(r.id, &merged, r.version),
                meta_changes,
            )),
            (None, Ok(pid)) => Some((metadata::add(*pid, &entry.id, &merged), meta_changes)),
            (None, Err(why)) => {
                metadata_problem = Some(EditFailure {
                    part: EditPart::Metadata,
                    code: Some("METADATA_PROFILE_NOT_FOUND".into()),
                    message: why.clone(),
                    not_applied: meta_changes,
                });
                None
            }
        }
    };
    Ok(Writes {
        entry: (!entry_changes.is_empty()).then_some((req, entry_changes)),
        metadata,
        metadata_problem,
        schedule: wanted,
    })
}

/// The journal record after an edit: the previous one with the new name, schedule and request.
fn superseding(previous: JournalRecord, edited: &Edited) -> JournalRecord {
    let mut next = previous;
    next.recorded_at = now_unix();
    let mut request = next.request.take();
    for change in &edited.changes {
        match change {
            Change::Name { to, .. } => {
                next.name = to.clone();
                if let Some(r) = request.as_mut() {
                    r.name = to.clone();
                }
            }
            Change::Description { to, .. } => {
                if let Some(r) = request.as_mut() {
                    r.description = to.clone();
                }
            }
            Change::Schedule { to, .. } => {
                next.start = to.start;
                next.end = to.end;
                if let Some(r) = request.as_mut() {
                    r.start = to.start;
                    r.end = to.end;
                    r.timezone = to.timezone.clone();
                }
            }
            Change::PresenterName { to, .. } => {
                if let Some(r) = request.as_mut() {
                    r.presenter.name = to.clone();
                }
            }
            Change::PresenterTitle { to, .. } => {
                if let Some(r) = request.as_mut() {
                    r.presenter.title = to.clone();
                }
            }
            Change::Recording { to } => {
                if let Some(r) = request.as_mut() {
                    r.recording = *to;
                }
            }
            Change::Dvr { to } => {
                if let Some(r) = request.as_mut() {
                    r.dvr = *to;
                }
            }
        }
    }
    next.request = request;
    next
}
