//! Watching many events and resolving one: state, playback, recordings and schedule in as few
//! HTTP requests as the protocol allows.
//!
//! **Cost.** `poll(ids)` splits the IDs into chunks of 50 and sends one multirequest per chunk,
//! so N events usually cost ⌈N/50⌉ HTTP requests (chunks run concurrently; see *Busy
//! accounts* below). Each multirequest holds:
//! 1. `liveStream.list(idIn: the chunk, statusIn: every status but DELETED, pageSize 50)`;
//! 2. `baseEntry.list(rootEntryIdIn: the chunk, typeEqual 1, statusIn: all, -createdAt, 500)`:
//!    the visible recordings;
//! 3. the same with `displayInSearchEqual -1`: recordings still hidden (`shouldMakeHidden`)
//!    before auto-archive, which lists otherwise skip;
//! 4. `metadata.list(objectIdIn: the chunk, metadataObjectTypeEqual 1, 500)`: the schedules;
//! 5. only while no player uiConf is known: `uiConf.list(objTypeEqual 1, tagsMultiLikeOr
//!    kalturaPlayerJs, -createdAt)`, of which the newest v7 player is kept;
//! 6. `entryServerNode.list(entryIdIn: the chunk)`: each event's ingest points (primary,
//!    backup) — the stream health ([`super::health`]); their streams (bitrate, resolution) at
//!    most every `viewers_interval`, from the cache in between ([`super::poll_cache`]);
//! 7. `liveStream.getLiveStreamStats(entryId)` for each event the previous poll saw LIVE (or
//!    never saw) and whose viewers were not read for `viewers_interval` seconds: the audience
//!    ([`super::audience`]). A steady board of N events adds one call per live event every
//!    30 s, none for the others;
//!
//! The realtime audience graph of one event (`report.getGraphs` 10005) is a request of its own
//! ([`Webcast::realtime_audience`]): Kaltura's analytics can take far longer to answer than a
//! list, and a poll must not wait for it.
//!
//! Health and viewers are best effort: a failed sub-call leaves them unknown (`None`) and
//! never fails the poll.
//!
//! **Bytes.** Every call of a poll carries a response profile (`KalturaDetachedResponseProfile`,
//! INCLUDE_FIELDS) naming only the fields kwebcast reads ([`LIVE_FIELDS`], [`RECORDING_FIELDS`]):
//! a live entry answers ~90 fields, the board needs ~15 each cycle. Slower fields (description,
//! ingest URLs and keys: [`DETAIL_FIELDS`]) and the schedules' XML are read once per event and
//! again only after they changed, by more calls in the same multirequest (see
//! [`super::poll_cache`]); the schedules' changes are seen from their records' `version`
//! (`metadata.list` of the `KMS_EVENTS3` profile, `objectId,version` only).
//!
//! An ID missing from (1) is deleted or not this partner's: it comes back as an ERROR snapshot
//! with that reason; the poll itself fails only when a whole chunk cannot be read.
//!
//! **Busy accounts.** Lists (2) and (3) read at most 500 recordings per chunk, newest first,
//! shared by the chunk's events: one event with many recordings can push another's out of the
//! page. When a list says it has more (`totalCount` above what came back), one more
//! multirequest asks, for each event of the chunk that got no READY recording, for its newest
//! READY one (`baseEntry.list(rootEntryIdEqual, statusEqual 2, -createdAt, pageSize 1)`,
//! visible and hidden). So the common case stays at ⌈N/50⌉ HTTP requests, and a chunk whose
//! recordings overflow the page costs one more.
//!
//! `resolve_playback(id)` is one multirequest with `liveStream.get` (so a bad ID surfaces as
//! `ENTRY_ID_NOT_FOUND`), `baseEntry.get` of `{1:result:redirectEntryId}` and
//! `{1:result:recordedEntryId}` (used only when the live entry really names them: an empty
//! reference must not be trusted), the two recording lists and the metadata list.

use super::api::Webcast;
use super::audience::{self, RealtimeAudience};
use super::batch::{Answers, Batch, Slot};
use super::entry_id;
use super::health::StreamHealth;
use super::poll_cache::DETAIL_FIELDS;
use super::settings::EVENTS_PROFILE;
use super::snapshot::{EventSnapshot, Problem};
use super::state::EventState;
use super::time::now_unix;
use super::xml::{self, Schedule};
use crate::kaltura::error::Error;
use crate::kaltura::services::metadata::MetadataFilter;
use crate::kaltura::services::{
    EntryFilter, Pager, base_entry, entry_server_node, live_stream, metadata, metadata_profile,
};
use crate::kaltura::types::{
    EntryStatus, EntryType, ListResponse, LiveEntryServerNode, LiveStreamEntry, LiveStreamStats,
    MediaEntry, Metadata, MetadataObjectType, MetadataProfile, ReportGraph,
};
use crate::kaltura::wire::ApiRequest;
use std::collections::{HashMap, HashSet};
use std::sync::PoisonError;

/// IDs per multirequest: Kaltura's comfortable `idIn` length and our pager size.
pub const POLL_CHUNK: usize = 50;
/// Every entry status except DELETED (3): lists default to READY only, which would hide a
/// failed entry or a recording still processing.
const ALL_BUT_DELETED: &str = "-2,-1,0,1,2,4,5,6,7";
/// Recordings and metadata records read per chunk.
const PAGE: i64 = 500;

/// What every poll reads of a live entry: its state and the board's row (the slower fields are
/// in [`DETAIL_FIELDS`]).
pub const LIVE_FIELDS: &[&str] = &[
    "id",
    "name",
    "status",
    "liveStatus",
    "explicitLive",
    "viewMode",
    "recordingStatus",
    "createdAt",
    "updatedAt",
    "firstBroadcast",
    "lastBroadcast",
    "currentBroadcastStartTime",
    "lastBroadcastEndTime",
    "broadcastTime",
    "redirectEntryId",
    "recordedEntryId",
];
/// What a poll reads of a recording.
pub const RECORDING_FIELDS: &[&str] = &[
    "id",
    "name",
    "status",
    "rootEntryId",
    "createdAt",
    "updatedAt",
];
/// What a poll reads of a metadata record (the schedule is in the XML).
pub const METADATA_FIELDS: &[&str] = &["objectId", "xml"];
/// What a poll reads of an ingest point (`KalturaLiveEntryServerNode`) when its streams are due
/// (see [`super::poll_cache`]).
pub const NODE_FIELDS: &[&str] = &["entryId", "serverType", "status", "streams"];
/// What the polls in between read of it: the streams come from the cache.
pub const NODE_STATUS_FIELDS: &[&str] = &["entryId", "serverType", "status"];
/// Ingest points read per chunk: two per event at most (primary and backup).
const NODES_PAGE: i64 = 2 * POLL_CHUNK as i64;

/// The calls a poll adds for the live side of its events: ingest points and viewers.
struct LiveQueue {
    nodes: Slot,
    /// The nodes are read with their streams.
    with_streams: bool,
    viewers: Vec<(String, Slot)>,
}

/// Which live entries a recordings or metadata list is about.
enum Roots<'a> {
    One(&'a str),
    Many(&'a [String]),
}

/// What [`Webcast::take_details`] read.
struct Details {
    recordings: Vec<MediaEntry>,
    schedules: HashMap<String, Schedule>,
    /// A recordings list had more than its page held.
    overflowed: bool,
}

struct Queued {
    visible: Slot,
    hidden: Slot,
    metadata: Option<Slot>,
    player: Option<Slot>,
}

/// What the `KMS_EVENTS3` profile lookup of a poll found.
enum ProfileLookup {
    /// Known before (`None`) or found now (`Some(id)`).
    Known(Option<i64>),
    /// The account has no such profile.
    Absent,
    /// The lookup failed.
    Failed,
}

/// The calls a trimmed poll adds for what [`super::poll_cache::PollCache`] lacks.
struct CachedQueue {
    details: Option<Slot>,
    profile: Option<Slot>,
    versions: Slot,
    schedules: Option<(Slot, Vec<String>)>,
}

/// `req` asking only for `fields`, unless whole answers are wanted.
fn trimmed(req: ApiRequest, full: bool, fields: &[&str]) -> ApiRequest {
    if full { req } else { req.only_fields(fields) }
}

fn recordings_request(roots: &Roots<'_>, hidden: bool) -> ApiRequest {
    let filter = EntryFilter {
        status_in: Some(ALL_BUT_DELETED.into()),
        type_equal: Some(EntryType::MediaClip),
        display_in_search_equal: hidden.then_some(-1),
        order_by: Some("-createdAt".into()),
        root_entry_id_equal: match roots {
            Roots::One(id) => Some(id.to_string()),
            Roots::Many(_) => None,
        },
        root_entry_id_in: match roots {
            Roots::One(_) => None,
            Roots::Many(ids) => Some(ids.join(",")),
        },
        ..EntryFilter::default()
    };
    base_entry::list(&filter, Some(&Pager::first(PAGE)))
}

impl Webcast {
    /// Queues the recordings lists, the player lookup and, with `with_metadata`, every
    /// metadata record of `roots` (the schedules, read whole).
    fn queue_details(&self, batch: &mut Batch, roots: &Roots<'_>, with_metadata: bool) -> Queued {
        let full = self.full_answers;
        let visible = batch.push(trimmed(
            recordings_request(roots, false),
            full,
            RECORDING_FIELDS,
        ));
        let hidden = batch.push(trimmed(
            recordings_request(roots, true),
            full,
            RECORDING_FIELDS,
        ));
        let filter = MetadataFilter {
            metadata_object_type_equal: Some(MetadataObjectType::Entry),
            object_id_equal: match roots {
                Roots::One(id) => Some(id.to_string()),
                Roots::Many(_) => None,
            },
            object_id_in: match roots {
                Roots::One(_) => None,
                Roots::Many(ids) => Some(ids.join(",")),
            },
            ..MetadataFilter::default()
        };
        let metadata = with_metadata.then(|| {
            batch.push(trimmed(
                metadata::list(&filter, Some(&Pager::first(PAGE))),
                full,
                METADATA_FIELDS,
            ))
        });
        let player = self.queue_player_lookup(batch);
        Queued {
            visible,
            hidden,
            metadata,
            player,
        }
    }

    /// Reads the recordings (both lists), schedules and player uiConf answers.
    fn take_details(&self, answers: &mut Answers, q: &Queued) -> Result<Details, Error> {
        let visible: ListResponse<MediaEntry> = answers.take(q.visible)?;
        let hidden: ListResponse<MediaEntry> = answers.take(q.hidden)?;
        let overflowed = [&visible, &hidden]
            .iter()
            .any(|l| l.total_count > l.objects.len() as i64);
        let mut recordings = visible.objects;
        recordings.extend(hidden.objects);
        let schedules = match q.metadata {
            Some(slot) => answers
                .take_list::<Metadata>(slot)?
                .into_iter()
                .filter_map(|m| xml::parse_schedule(&m.xml).map(|s| (m.object_id, s)))
                .collect(),
            None => HashMap::new(),
        };
        self.take_player_lookup(answers, q.player);
        Ok(Details {
            recordings,
            schedules,
            overflowed,
        })
    }

    /// Queues what the poll cache lacks for `ids`: details never read or changed, the events
    /// profile's ID when unknown, the schedule records' versions, and the schedules' XML never
    /// read or changed.
    fn queue_cached(&self, batch: &mut Batch, ids: &[String]) -> CachedQueue {
        let (want_details, want_schedules, known_profile) = {
            let cache = self
                .poll_cache
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            (
                cache.details_wanted(ids, now_unix()),
                cache.schedules_wanted(ids),
                cache.events_profile(),
            )
        };
        let details = (!want_details.is_empty()).then(|| {
            let filter = EntryFilter {
                status_in: Some(ALL_BUT_DELETED.into()),
                ..EntryFilter::ids(&want_details)
            };
            batch.push(
                live_stream::list(&filter, Some(&Pager::first(POLL_CHUNK as i64)))
                    .only_fields(DETAIL_FIELDS),
            )
        });
        let (profile, profile_id): (Option<Slot>, serde_json::Value) = match known_profile {
            Some(id) => (None, id.into()),
            None => {
                let slot = batch.push(
                    metadata_profile::list_by_system_name(EVENTS_PROFILE).only_fields(&["id"]),
                );
                (Some(slot), slot.reference(&["objects", "0", "id"]).into())
            }
        };
        let records = |of: &[String], fields: &[&str]| {
            let filter = MetadataFilter {
                metadata_object_type_equal: Some(MetadataObjectType::Entry),
                object_id_in: Some(of.join(",")),
                ..MetadataFilter::default()
            };
            let mut req = metadata::list(&filter, Some(&Pager::first(PAGE))).only_fields(fields);
            req.set_nested("filter", "metadataProfileIdEqual", profile_id.clone());
            req
        };
        let versions = batch.push(records(ids, &["objectId", "version"]));
        let schedules = (!want_schedules.is_empty()).then(|| {
            let slot = batch.push(records(&want_schedules, &["objectId", "version", "xml"]));
            (slot, want_schedules)
        });
        CachedQueue {
            details,
            profile,
            versions,
            schedules,
        }
    }

    /// Reads what [`Webcast::queue_cached`] asked, updates the cache, fills the polled entries'
    /// details and returns the schedules of `ids`. Details are best effort (asked again next
    /// poll); a failed metadata list fails the chunk, as in a whole poll.
    fn take_cached(
        &self,
        answers: &mut Answers,
        q: CachedQueue,
        ids: &[String],
        entries: &mut [LiveStreamEntry],
    ) -> Result<HashMap<String, Schedule>, Error> {
        let details = q
            .details
            .and_then(|s| answers.take_list::<LiveStreamEntry>(s).ok());
        let profile = match q.profile {
            None => ProfileLookup::Known(None),
            Some(slot) => match answers.take_list::<MetadataProfile>(slot) {
                Ok(found) => match found.first() {
                    Some(p) => ProfileLookup::Known(Some(p.id)),
                    None => ProfileLookup::Absent,
                },
                Err(_) => ProfileLookup::Failed,
            },
        };
        let versions: Vec<Metadata> = answers.take_list(q.versions)?;
        let read = match q.schedules {
            Some((slot, asked)) => Some((answers.take_list::<Metadata>(slot)?, asked)),
            None => None,
        };
        let mut cache = self
            .poll_cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(read) = details {
            cache.store_details(&read, now_unix());
        }
        cache.fill_details(entries);
        match profile {
            ProfileLookup::Known(found) => {
                if let Some(id) = found {
                    cache.set_events_profile(id);
                }
                cache.store_versions(ids, &versions);
                if let Some((read, asked)) = read {
                    cache.store_schedules(&asked, &read);
                }
            }
            // No events profile: no event of this account has a schedule (the records listed
            // were another profile's, the filter being empty).
            ProfileLookup::Absent => {
                cache.store_versions(ids, &[]);
                if let Some((_, asked)) = read {
                    cache.store_schedules(&asked, &[]);
                }
            }
            // Not known this time: keep what was known.
            ProfileLookup::Failed => {}
        }
        Ok(ids
            .iter()
            .filter_map(|id| cache.schedule(id).map(|s| (id.clone(), s)))
            .collect())
    }

    /// Queues the ingest points of `ids` and the viewers of those the cache says to ask.
    fn queue_live(&self, batch: &mut Batch, ids: &[String]) -> LiveQueue {
        let now = now_unix();
        let every = self.settings.viewers_interval;
        let (wanted, with_streams) = {
            let cache = self
                .poll_cache
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            (
                cache.viewers_wanted(ids, now, every),
                self.full_answers || cache.streams_wanted(ids, now, every),
            )
        };
        let fields = if with_streams {
            NODE_FIELDS
        } else {
            NODE_STATUS_FIELDS
        };
        let nodes = batch.push(trimmed(
            entry_server_node::list(ids, Some(&Pager::first(NODES_PAGE))),
            self.full_answers,
            fields,
        ));
        let viewers = wanted
            .into_iter()
            .map(|id| {
                let slot = batch.push(live_stream::get_live_stream_stats(&id));
                (id, slot)
            })
            .collect();
        LiveQueue {
            nodes,
            with_streams,
            viewers,
        }
    }

    /// Reads what [`Webcast::queue_live`] asked into the snapshots (health, viewers). Never
    /// fails: what could not be read stays unknown.
    fn take_live(
        &self,
        answers: &mut Answers,
        q: LiveQueue,
        snapshots: &mut [EventSnapshot],
        polled_at: i64,
    ) {
        let mut nodes = answers.take_list::<LiveEntryServerNode>(q.nodes).ok();
        let mut cache = self
            .poll_cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(nodes) = nodes.as_mut() {
            if q.with_streams {
                let ids: Vec<String> = snapshots.iter().map(|s| s.entry.id.clone()).collect();
                cache.store_streams(&ids, nodes, polled_at);
            } else {
                cache.fill_streams(nodes);
            }
        }
        let mut asked = HashSet::new();
        for (id, slot) in q.viewers {
            if let Ok(stats) = answers.take::<LiveStreamStats>(slot) {
                cache.store_viewers(&id, stats.live_viewers, polled_at);
                asked.insert(id);
            }
        }
        for snap in snapshots.iter_mut() {
            // An entry the account does not have has no ingest and no audience.
            if snap.problem.as_ref().is_some_and(|p| p.code.is_some()) {
                continue;
            }
            let id = snap.entry.id.clone();
            snap.health = nodes.as_ref().map(|n| StreamHealth::from_nodes(&id, n));
            snap.viewers =
                cache.note_live(&id, snap.state == EventState::Live, asked.contains(&id));
        }
    }

    /// Kaltura's realtime audience of one live event (`report.getGraphs` 10005, the last ~3
    /// minutes in 10-second points), as its live analytics page reads it: one HTTP request. An
    /// account without realtime analytics answers an API error (`Error::Api`, Kaltura's code).
    pub async fn realtime_audience(&self, id: &str) -> Result<RealtimeAudience, Error> {
        let id = entry_id::check(id.trim()).map_err(|e| Error::Decode {
            call: "report.getGraphs".into(),
            detail: e.to_string(),
        })?;
        let req = audience::realtime_request(id, now_unix(), audience::local_tz_offset_minutes());
        let graphs: Vec<ReportGraph> = self.client.call_as(&req).await?;
        Ok(audience::realtime_from_graphs(id, &graphs))
    }

    /// The live entries of `ids` that the search index did not list, read from the database in
    /// one multirequest of `liveStream.get`s: those Kaltura refuses (`ENTRY_ID_NOT_FOUND`:
    /// deleted, or not this account's) are left out, and only they are missing.
    async fn read_unlisted(&self, ids: &[&str]) -> Result<Vec<LiveStreamEntry>, Error> {
        let mut batch = Batch::new();
        let slots: Vec<Slot> = ids
            .iter()
            .map(|id| batch.push(live_stream::get(id)))
            .collect();
        let mut answers = batch.send(&self.client).await?;
        let mut found = Vec::new();
        for slot in slots {
            // Kaltura's refusal of one (ENTRY_ID_NOT_FOUND, or not a live entry) leaves it
            // missing, as before; only the whole request failing fails the poll.
            if let Ok(entry) = answers.take::<LiveStreamEntry>(slot) {
                found.push(entry);
            }
        }
        Ok(found)
    }

    /// The newest READY recording (visible or hidden) of each of `roots`, in one multirequest:
    /// for events whose own recordings fell off a shared page.
    async fn newest_ready_recordings(&self, roots: &[&str]) -> Result<Vec<MediaEntry>, Error> {
        let mut batch = Batch::new();
        let slots: Vec<Slot> = roots
            .iter()
            .flat_map(|root| [false, true].map(|hidden| (root, hidden)))
            .map(|(root, hidden)| {
                let filter = EntryFilter {
                    status_equal: Some(EntryStatus::Ready),
                    type_equal: Some(EntryType::MediaClip),
                    display_in_search_equal: hidden.then_some(-1),
                    order_by: Some("-createdAt".into()),
                    root_entry_id_equal: Some(root.to_string()),
                    ..EntryFilter::default()
                };
                batch.push(trimmed(
                    base_entry::list(&filter, Some(&Pager::first(1))),
                    self.full_answers,
                    RECORDING_FIELDS,
                ))
            })
            .collect();
        let mut answers = batch.send(&self.client).await?;
        let mut found = Vec::new();
        for slot in slots {
            found.extend(answers.take_list::<MediaEntry>(slot)?);
        }
        Ok(found)
    }

    /// Snapshots of many events: ⌈N/50⌉ HTTP requests, one more per chunk whose recordings
    /// overflow a page (see the module docs). Order follows `ids`; duplicates are polled once
    /// and repeated in the answer.
    pub async fn poll(&self, ids: &[String]) -> Result<Vec<EventSnapshot>, Error> {
        let mut unique: Vec<String> = Vec::new();
        let mut found: HashMap<String, EventSnapshot> = HashMap::new();
        for id in ids.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
            match entry_id::check(id) {
                Ok(id) if !unique.iter().any(|u| u == id) => unique.push(id.to_string()),
                Ok(_) => {}
                // Never sent: inside a request it could widen a filter or read as a reference.
                Err(e) => {
                    let problem = Problem {
                        code: None,
                        message: e.to_string(),
                    };
                    found.insert(
                        id.to_string(),
                        EventSnapshot::missing(id, problem, now_unix()),
                    );
                }
            }
        }
        let chunks = unique.chunks(POLL_CHUNK).map(|c| self.poll_chunk(c));
        for chunk in futures::future::try_join_all(chunks).await? {
            found.extend(chunk.into_iter().map(|s| (s.entry.id.clone(), s)));
        }
        Ok(ids
            .iter()
            .filter_map(|id| found.get(id.trim()).cloned())
            .collect())
    }

    async fn poll_chunk(&self, ids: &[String]) -> Result<Vec<EventSnapshot>, Error> {
        let mut batch = Batch::new();
        let filter = EntryFilter {
            status_in: Some(ALL_BUT_DELETED.into()),
            ..EntryFilter::ids(ids)
        };
        let full = self.full_answers;
        let pager = Pager::first(POLL_CHUNK as i64);
        let live = batch.push(trimmed(
            live_stream::list(&filter, Some(&pager)),
            full,
            LIVE_FIELDS,
        ));
        let cached = (!full).then(|| self.queue_cached(&mut batch, ids));
        let queued = self.queue_details(&mut batch, &Roots::Many(ids), full);
        let live_q = self.queue_live(&mut batch, ids);
        let mut answers = batch.send(&self.client).await?;
        let polled_at = now_unix();
        let mut entries: Vec<LiveStreamEntry> = answers.take_list(live)?;
        let details = self.take_details(&mut answers, &queued)?;
        let mut schedules = details.schedules;
        if let Some(cached) = cached {
            schedules = self.take_cached(&mut answers, cached, ids, &mut entries)?;
        }
        let mut by_root: HashMap<String, Vec<MediaEntry>> = HashMap::new();
        for r in details.recordings {
            by_root.entry(r.root_entry_id.clone()).or_default().push(r);
        }
        if details.overflowed {
            // The shared page was full: events without a READY recording in it may have one
            // further down.
            let starved: Vec<&str> = entries
                .iter()
                .map(|e| e.id.as_str())
                .filter(|id| {
                    !by_root.get(*id).is_some_and(|recs| {
                        recs.iter().any(|r| r.status == Some(EntryStatus::Ready))
                    })
                })
                .collect();
            if !starved.is_empty() {
                for r in self.newest_ready_recordings(&starved).await? {
                    by_root.entry(r.root_entry_id.clone()).or_default().push(r);
                }
            }
        }
        let mut entries: HashMap<String, LiveStreamEntry> =
            entries.into_iter().map(|e| (e.id.clone(), e)).collect();
        // The list is answered by Kaltura's search index, which lags writes: an event just
        // created (or just re-indexed) may be absent from it. Only `liveStream.get`, read from
        // the database, may say an event is gone; one more request, only when one is absent.
        let unlisted: Vec<&str> = ids
            .iter()
            .map(String::as_str)
            .filter(|id| !entries.contains_key(*id))
            .collect();
        if !unlisted.is_empty() {
            for entry in self.read_unlisted(&unlisted).await? {
                entries.insert(entry.id.clone(), entry);
            }
        }
        let mut snapshots: Vec<EventSnapshot> = ids
            .iter()
            .map(|id| match entries.remove(id) {
                Some(entry) => EventSnapshot::derive(
                    entry,
                    by_root.remove(id).unwrap_or_default(),
                    schedules.remove(id),
                    polled_at,
                ),
                None => EventSnapshot::missing(
                    id,
                    Problem {
                        code: Some("ENTRY_ID_NOT_FOUND".into()),
                        message: not_found_message(id, self.client.partner_id()),
                    },
                    polled_at,
                ),
            })
            .collect();
        self.take_live(&mut answers, live_q, &mut snapshots, polled_at);
        Ok(snapshots)
    }

    /// One event, resolved in one HTTP request; a bad ID is an error with Kaltura's code
    /// (`ENTRY_ID_NOT_FOUND`), unlike in [`Webcast::poll`].
    pub async fn resolve_playback(&self, id: &str) -> Result<EventSnapshot, Error> {
        let id = id.trim();
        let mut batch = Batch::new();
        let live = batch.push(live_stream::get(id));
        let redirect = batch.push(base_entry::get(&live.reference(&["redirectEntryId"])));
        let recorded = batch.push(base_entry::get(&live.reference(&["recordedEntryId"])));
        let queued = self.queue_details(&mut batch, &Roots::One(id), true);
        let mut answers = batch.send(&self.client).await?;
        let polled_at = now_unix();
        let entry: LiveStreamEntry = answers.take(live)?;
        let Details {
            mut recordings,
            mut schedules,
            ..
        } = self.take_details(&mut answers, &queued)?;
        // Only trust a referenced entry when the live entry really names it.
        for (slot, named) in [
            (redirect, entry.redirect_entry_id.clone()),
            (recorded, entry.recorded_entry_id.clone()),
        ] {
            let Ok(e) = answers.take::<MediaEntry>(slot) else {
                continue;
            };
            if !named.is_empty() && e.id == named && !recordings.iter().any(|r| r.id == e.id) {
                recordings.push(e);
            }
        }
        let schedule = schedules.remove(&entry.id);
        Ok(EventSnapshot::derive(
            entry, recordings, schedule, polled_at,
        ))
    }

    /// Events matching what an operator typed (or the entry with that ID), as snapshots: two
    /// HTTP requests (the search, then one poll of up to 50 results).
    ///
    /// Kaltura's `nameLike` goes through its search index and matches whole words ("town"
    /// finds "Town hall", "tow" finds nothing), so the search is one multirequest of two
    /// lists: `nameLike` (Kaltura's word matches, anywhere in the account, newest first), and
    /// the names of the [`RECENT_FOR_SEARCH`] newest live entries, matched here by any part of
    /// the name, case-insensitively. Word matches come first, then the others; empty text
    /// lists the newest events.
    pub async fn search(&self, text: &str) -> Result<Vec<EventSnapshot>, Error> {
        let text = text.trim();
        let newest = |n: usize| {
            let filter = EntryFilter {
                order_by: Some("-createdAt".into()),
                ..EntryFilter::default()
            };
            live_stream::list(&filter, Some(&Pager::first(n as i64)))
        };
        let ids: Vec<String> = if looks_like_entry_id(text) || text.is_empty() {
            let req = if text.is_empty() {
                newest(POLL_CHUNK)
            } else {
                live_stream::list(&EntryFilter::ids(&[text]), Some(&Pager::first(1)))
            };
            let list: ListResponse<LiveStreamEntry> =
                self.client.call_as(&req.only_fields(&["id"])).await?;
            list.objects.into_iter().map(|e| e.id).collect()
        } else {
            let mut batch = Batch::new();
            let by_word = EntryFilter {
                name_like: Some(text.to_string()),
                order_by: Some("-createdAt".into()),
                ..EntryFilter::default()
            };
            let words = batch.push(
                live_stream::list(&by_word, Some(&Pager::first(POLL_CHUNK as i64)))
                    .only_fields(&["id"]),
            );
            let recent = batch.push(newest(RECENT_FOR_SEARCH).only_fields(&["id", "name"]));
            let mut answers = batch.send(&self.client).await?;
            let words: Vec<LiveStreamEntry> = answers.take_list(words)?;
            let recent: Vec<LiveStreamEntry> = answers.take_list(recent)?;
            search_results(text, &words, &recent)
        };
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.poll(&ids).await
    }
}

/// Live entries whose names a search also reads, newest first, to find what Kaltura's
/// whole-word `nameLike` cannot (part of a word).
pub const RECENT_FOR_SEARCH: usize = 500;

/// The search's results: Kaltura's word matches first, then the recent entries whose name
/// holds `text` anywhere (case-insensitive), without repeats, at most one poll's worth.
fn search_results(
    text: &str,
    words: &[LiveStreamEntry],
    recent: &[LiveStreamEntry],
) -> Vec<String> {
    let needle = text.to_lowercase();
    let mut ids: Vec<String> = Vec::new();
    let parts = recent
        .iter()
        .filter(|e| e.name.to_lowercase().contains(&needle));
    for e in words.iter().chain(parts) {
        if ids.len() < POLL_CHUNK && !ids.contains(&e.id) {
            ids.push(e.id.clone());
        }
    }
    ids
}

/// Kaltura entry IDs look like `1_abcd1234`.
pub fn looks_like_entry_id(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[0].is_ascii_digit()
        && b[1] == b'_'
        && b[2..]
            .iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// The one sentence every face says for an entry the account does not have (`status`, `links`,
/// `studio`, the board's ERROR rows).
pub fn not_found_message(id: &str, partner_id: i64) -> String {
    format!(
        "entry {id} was not found on partner {partner_id} (ENTRY_ID_NOT_FOUND: deleted, or not a live entry of this account)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_id_shape() {
        assert!(looks_like_entry_id("1_rdwhia6e"));
        assert!(!looks_like_entry_id("town hall"));
        assert!(!looks_like_entry_id("1_RDWHIA6E"));
    }

    #[test]
    fn search_puts_word_matches_first_then_parts_of_names() {
        let entry = |id: &str, name: &str| LiveStreamEntry {
            id: id.into(),
            name: name.into(),
            ..LiveStreamEntry::default()
        };
        let words = [entry("0_old", "")];
        let recent = [
            entry("0_new", "Quarterly TOWN hall"),
            entry("0_other", "Board meeting"),
            entry("0_old", "Town hall 2019"),
        ];
        assert_eq!(search_results("tow", &words, &recent), ["0_old", "0_new"]);
        assert_eq!(search_results("hall 20", &[], &recent), ["0_old"]);
        assert!(search_results("xyz", &[], &recent).is_empty());
    }

    #[test]
    fn recordings_filter_for_many_roots() {
        let ids = vec!["0_a".to_string(), "0_b".to_string()];
        let req = recordings_request(&Roots::Many(&ids), true);
        assert_eq!(req.params["filter"]["rootEntryIdIn"], "0_a,0_b");
        assert_eq!(req.params["filter"]["displayInSearchEqual"], -1);
        assert_eq!(req.params["filter"]["statusIn"], ALL_BUT_DELETED);
        let one = recordings_request(&Roots::One("0_a"), false);
        assert_eq!(one.params["filter"]["rootEntryIdEqual"], "0_a");
        assert!(one.params["filter"].get("displayInSearchEqual").is_none());
    }
}
