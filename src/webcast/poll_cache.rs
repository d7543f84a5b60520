//! What polls remember between cycles so that a steady poll's answer stays small: each event's
//! slow-changing fields (description, recording mode, stream name, ingest URLs and keys) and its
//! schedule, re-read only when Kaltura says they changed.
//!
//! - **Details** are read once per event (`liveStream.list(idIn)` with [`DETAIL_FIELDS`]) and
//!   again in the next poll after the entry's `updatedAt` moved (every update of an entry moves
//!   it, so an edited description shows one poll later), and at least every
//!   [`DETAILS_MAX_AGE`] seconds (`updatedAt` counts seconds: an edit in the same second as
//!   the read leaves it unchanged).
//! - **Schedules** (`KMS_EVENTS3` records) are tracked by their `version`: each poll lists only
//!   `objectId,version` of the event profile's records; the XML is read for events never seen
//!   and, in the next poll, for those whose version changed.
//!
//! - **Viewers** (`liveStream.getLiveStreamStats`) are asked only for events the previous poll
//!   saw LIVE (or never saw), at most every `viewers_interval` (Kaltura caches the figure ~20 s
//!   and advises asking every 30 s); between asks a live event shows the last figure read.
//!
//! - **Streams** of the ingest points (`KalturaLiveStreamParams`: bitrate, resolution...; most
//!   of a node's bytes, and Kaltura rewrites them only when the bitrate moves by 10%) are read
//!   with the nodes at most every `viewers_interval`, and in the next poll for a chunk where a
//!   point shows up broadcasting without known streams; polls in between read the nodes' status
//!   only and take the streams from here.
//!
//! The cache only grows with the events polled (a board's watched set), a few hundred bytes each.

use super::xml::{self, Schedule};
use crate::kaltura::types::{
    EntryServerNodeType, LiveEntryServerNode, LiveStatus, LiveStreamEntry, LiveStreamParams,
    Metadata, RecordStatus,
};
use std::collections::HashMap;

/// A live entry's fields read once and after each change of the entry (see the module docs).
pub const DETAIL_FIELDS: &[&str] = &[
    "id",
    "updatedAt",
    "description",
    "recordStatus",
    "streamName",
    "streamPassword",
    "primaryBroadcastingUrl",
    "secondaryBroadcastingUrl",
    "primarySecuredBroadcastingUrl",
    "primarySrtBroadcastingUrl",
    "secondarySrtBroadcastingUrl",
    "primarySrtStreamId",
    "srtPass",
];

/// Details older than this (seconds) are read again even if `updatedAt` did not move.
pub const DETAILS_MAX_AGE: i64 = 60;

/// One event's details as last read.
#[derive(Debug, Clone, Default, PartialEq)]
struct Details {
    /// The entry's `updatedAt` when they were read.
    read_at_update: i64,
    /// When they were read (Unix seconds, this machine's clock).
    read_at: i64,
    /// The entry has changed since: read them again next poll.
    stale: bool,
    description: String,
    record_status: Option<RecordStatus>,
    stream_name: String,
    stream_password: String,
    primary_broadcasting_url: String,
    secondary_broadcasting_url: String,
    primary_secured_broadcasting_url: String,
    primary_srt_broadcasting_url: String,
    secondary_srt_broadcasting_url: String,
    primary_srt_stream_id: String,
    srt_pass: String,
}

impl Details {
    fn of(e: &LiveStreamEntry, now: i64) -> Self {
        Details {
            read_at_update: e.updated_at,
            read_at: now,
            stale: false,
            description: e.description.clone(),
            record_status: e.record_status,
            stream_name: e.stream_name.clone(),
            stream_password: e.stream_password.clone(),
            primary_broadcasting_url: e.primary_broadcasting_url.clone(),
            secondary_broadcasting_url: e.secondary_broadcasting_url.clone(),
            primary_secured_broadcasting_url: e.primary_secured_broadcasting_url.clone(),
            primary_srt_broadcasting_url: e.primary_srt_broadcasting_url.clone(),
            secondary_srt_broadcasting_url: e.secondary_srt_broadcasting_url.clone(),
            primary_srt_stream_id: e.primary_srt_stream_id.clone(),
            srt_pass: e.srt_pass.clone(),
        }
    }

    fn fill(&self, e: &mut LiveStreamEntry) {
        e.description.clone_from(&self.description);
        e.record_status = self.record_status;
        e.stream_name.clone_from(&self.stream_name);
        e.stream_password.clone_from(&self.stream_password);
        e.primary_broadcasting_url
            .clone_from(&self.primary_broadcasting_url);
        e.secondary_broadcasting_url
            .clone_from(&self.secondary_broadcasting_url);
        e.primary_secured_broadcasting_url
            .clone_from(&self.primary_secured_broadcasting_url);
        e.primary_srt_broadcasting_url
            .clone_from(&self.primary_srt_broadcasting_url);
        e.secondary_srt_broadcasting_url
            .clone_from(&self.secondary_srt_broadcasting_url);
        e.primary_srt_stream_id
            .clone_from(&self.primary_srt_stream_id);
        e.srt_pass.clone_from(&self.srt_pass);
    }
}

/// One event's schedule record: the version whose XML was read, and the latest version seen.
#[derive(Debug, Clone, Default, PartialEq)]
struct ScheduleRecord {
    read_version: i64,
    seen_version: i64,
    schedule: Option<Schedule>,
}

/// One event's audience as last read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct AudienceMemo {
    /// Whether the last poll saw the event LIVE (`None`: never polled).
    live: Option<bool>,
    /// When its viewers were last asked (Unix seconds).
    asked_at: Option<i64>,
    /// The figure then.
    viewers: Option<i64>,
}

/// One event's ingest streams as last read.
#[derive(Debug, Clone, Default, PartialEq)]
struct IngestMemo {
    /// When its nodes were last read with their streams (Unix seconds).
    read_at: Option<i64>,
    /// A point showed up broadcasting since, without known streams: read them next poll.
    stale: bool,
    /// The streams per point (`serverType` "0"/"1").
    streams: Vec<(String, Vec<LiveStreamParams>)>,
}

fn server_type(n: &LiveEntryServerNode) -> String {
    n.server_type
        .as_ref()
        .map(EntryServerNodeType::code)
        .unwrap_or_default()
        .to_string()
}

/// The memory of past polls, shared by every clone of a [`super::Webcast`].
#[derive(Debug, Default)]
pub struct PollCache {
    details: HashMap<String, Details>,
    schedules: HashMap<String, ScheduleRecord>,
    audience: HashMap<String, AudienceMemo>,
    ingest: HashMap<String, IngestMemo>,
    /// The `KMS_EVENTS3` metadata profile's ID, once found.
    events_profile: Option<i64>,
}

impl PollCache {
    /// The IDs among `ids` whose details must be read now (never read, changed since, or read
    /// more than [`DETAILS_MAX_AGE`] seconds before `now`).
    pub fn details_wanted(&self, ids: &[String], now: i64) -> Vec<String> {
        ids.iter()
            .filter(|id| {
                self.details
                    .get(*id)
                    .is_none_or(|d| d.stale || now - d.read_at >= DETAILS_MAX_AGE)
            })
            .cloned()
            .collect()
    }

    /// The IDs among `ids` whose schedule XML must be read now.
    pub fn schedules_wanted(&self, ids: &[String]) -> Vec<String> {
        ids.iter()
            .filter(|id| {
                self.schedules
                    .get(*id)
                    .is_none_or(|s| s.seen_version != s.read_version)
            })
            .cloned()
            .collect()
    }

    /// The `KMS_EVENTS3` profile's ID, when known.
    pub fn events_profile(&self) -> Option<i64> {
        self.events_profile
    }

    /// Remembers the events profile's ID.
    pub fn set_events_profile(&mut self, id: i64) {
        self.events_profile = Some(id);
    }

    /// Stores details just read, at `now`.
    pub fn store_details(&mut self, read: &[LiveStreamEntry], now: i64) {
        for e in read {
            self.details.insert(e.id.clone(), Details::of(e, now));
        }
    }

    /// Puts the known details into freshly polled entries, and marks those whose entry has
    /// changed since they were read.
    pub fn fill_details(&mut self, entries: &mut [LiveStreamEntry]) {
        for e in entries {
            if let Some(d) = self.details.get_mut(&e.id) {
                if d.read_at_update != e.updated_at {
                    d.stale = true;
                }
                d.fill(e);
            }
        }
    }

    /// Records the versions of the events profile's records listed for `ids` (an event absent
    /// from `versions` has none: version 0).
    pub fn store_versions(&mut self, ids: &[String], versions: &[Metadata]) {
        for id in ids {
            let seen = versions
                .iter()
                .filter(|m| &m.object_id == id)
                .map(|m| m.version)
                .max()
                .unwrap_or(0);
            self.schedules.entry(id.clone()).or_default().seen_version = seen;
        }
    }

    /// Stores the schedule records just read for `asked` (an event absent from `read` has no
    /// schedule).
    pub fn store_schedules(&mut self, asked: &[String], read: &[Metadata]) {
        for id in asked {
            let record = read
                .iter()
                .filter(|m| &m.object_id == id)
                .max_by_key(|m| m.version);
            let slot = self.schedules.entry(id.clone()).or_default();
            slot.read_version = record.map_or(0, |m| m.version);
            slot.seen_version = slot.seen_version.max(slot.read_version);
            slot.schedule = record.and_then(|m| xml::parse_schedule(&m.xml));
        }
    }

    /// Forgets `id`'s details and schedule (after kwebcast changed them): the next poll reads
    /// them again instead of waiting to notice the change.
    pub fn forget(&mut self, id: &str) {
        self.details.remove(id);
        self.schedules.remove(id);
    }

    /// The schedule known for `id`.
    pub fn schedule(&self, id: &str) -> Option<Schedule> {
        self.schedules.get(id).and_then(|s| s.schedule.clone())
    }

    /// The IDs among `ids` whose viewers to ask now: never polled, or LIVE at the last poll and
    /// not asked for `every` seconds (or not since it went live).
    pub fn viewers_wanted(&self, ids: &[String], now: i64, every: i64) -> Vec<String> {
        ids.iter()
            .filter(|id| match self.audience.get(*id) {
                None => true,
                Some(m) => {
                    m.live == Some(true) && m.asked_at.is_none_or(|t| now - t >= every.max(1))
                }
            })
            .cloned()
            .collect()
    }

    /// Stores a viewer count just read for `id` at `now`.
    pub fn store_viewers(&mut self, id: &str, viewers: i64, now: i64) {
        let m = self.audience.entry(id.to_string()).or_default();
        m.viewers = Some(viewers.max(0));
        m.asked_at = Some(now);
    }

    /// Whether this poll of `ids` (one chunk) should read the nodes' streams: some event's were
    /// never read, are `every` seconds old, or a point of it appeared without them.
    pub fn streams_wanted(&self, ids: &[String], now: i64, every: i64) -> bool {
        ids.iter().any(|id| match self.ingest.get(id) {
            None => true,
            Some(m) => m.stale || m.read_at.is_none_or(|t| now - t >= every.max(1)),
        })
    }

    /// Stores the streams of the nodes just read with them, for every event of `ids` (an event
    /// without nodes has none).
    pub fn store_streams(&mut self, ids: &[String], nodes: &[LiveEntryServerNode], now: i64) {
        for id in ids {
            let streams = nodes
                .iter()
                .filter(|n| &n.entry_id == id)
                .map(|n| (server_type(n), n.streams.clone()))
                .collect();
            self.ingest.insert(
                id.clone(),
                IngestMemo {
                    read_at: Some(now),
                    stale: false,
                    streams,
                },
            );
        }
    }

    /// Puts the known streams into nodes read without them; flags the events whose broadcasting
    /// points have none known, so the next poll reads them.
    pub fn fill_streams(&mut self, nodes: &mut [LiveEntryServerNode]) {
        for n in nodes.iter_mut() {
            let kind = server_type(n);
            let memo = self.ingest.entry(n.entry_id.clone()).or_default();
            match memo.streams.iter().find(|(t, _)| *t == kind) {
                Some((_, known)) if !known.is_empty() => n.streams.clone_from(known),
                _ => {
                    if matches!(
                        n.status,
                        Some(LiveStatus::Playable | LiveStatus::Broadcasting)
                    ) {
                        memo.stale = true;
                    }
                }
            }
        }
    }

    /// Records whether the poll saw `id` LIVE (`asked_now`: its viewers came in the same poll)
    /// and returns its viewers: the last figure while LIVE, `None` otherwise. An event that just
    /// went live is asked at the next poll, whatever the interval.
    pub fn note_live(&mut self, id: &str, live: bool, asked_now: bool) -> Option<i64> {
        let m = self.audience.entry(id.to_string()).or_default();
        if live && m.live != Some(true) && !asked_now {
            m.asked_at = None;
            m.viewers = None;
        }
        if !live {
            m.viewers = None;
        }
        m.live = Some(live);
        m.viewers.filter(|_| live)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, version: i64, start: i64) -> Metadata {
        Metadata {
            object_id: id.into(),
            version,
            xml: format!(
                "<metadata><StartTime>{start}</StartTime><EndTime>{}</EndTime><Timezone>UTC</Timezone></metadata>",
                start + 60
            ),
            ..Metadata::default()
        }
    }

    #[test]
    fn schedules_are_read_again_only_after_their_version_moves() {
        let ids = vec!["0_a".to_string(), "0_b".to_string()];
        let mut c = PollCache::default();
        assert_eq!(c.schedules_wanted(&ids), ids);
        c.store_versions(&ids, &[record("0_a", 1, 100)]);
        c.store_schedules(&ids, &[record("0_a", 1, 100)]);
        assert!(c.schedules_wanted(&ids).is_empty());
        assert_eq!(c.schedule("0_a").map(|s| s.start), Some(100));
        assert_eq!(c.schedule("0_b"), None);
        // 0_a edited, 0_b gets a record: both read again next time.
        c.store_versions(&ids, &[record("0_a", 2, 0), record("0_b", 1, 0)]);
        assert_eq!(c.schedules_wanted(&ids), ids);
        assert_eq!(
            c.schedule("0_a").map(|s| s.start),
            Some(100),
            "kept until re-read"
        );
    }

    #[test]
    fn viewers_are_asked_for_live_events_at_the_interval_and_at_once_when_one_goes_live() {
        let ids = vec!["0_live".to_string(), "0_off".to_string()];
        let mut c = PollCache::default();
        assert_eq!(c.viewers_wanted(&ids, 100, 30), ids, "never polled: asked");
        c.store_viewers("0_live", 12, 100);
        c.store_viewers("0_off", 0, 100);
        assert_eq!(c.note_live("0_live", true, true), Some(12));
        assert_eq!(c.note_live("0_off", false, true), None);
        assert!(c.viewers_wanted(&ids, 129, 30).is_empty());
        assert_eq!(c.viewers_wanted(&ids, 130, 30), ["0_live"]);
        // Between asks, the last figure.
        assert_eq!(c.note_live("0_live", true, false), Some(12));
        // 0_off goes live: asked at the next poll, no stale figure meanwhile.
        assert_eq!(c.note_live("0_off", true, false), None);
        assert_eq!(c.viewers_wanted(&ids, 131, 30), ids);
        // Ended: no figure, not asked.
        assert_eq!(c.note_live("0_live", false, false), None);
        assert_eq!(c.viewers_wanted(&ids, 500, 30), ["0_off"]);
    }

    #[test]
    fn streams_are_read_at_the_interval_and_when_a_point_appears_without_them() {
        use crate::kaltura::types::LiveStreamParams;
        let ids = vec!["0_a".to_string(), "0_b".to_string()];
        let node = |id: &str, t: &str, status: i64, kbps: i64| LiveEntryServerNode {
            entry_id: id.into(),
            server_type: Some(EntryServerNodeType::from(t)),
            status: Some(LiveStatus::from(status)),
            streams: (kbps > 0)
                .then(|| LiveStreamParams {
                    bitrate: kbps,
                    ..LiveStreamParams::default()
                })
                .into_iter()
                .collect(),
            ..LiveEntryServerNode::default()
        };
        let mut c = PollCache::default();
        assert!(c.streams_wanted(&ids, 100, 30), "never read");
        c.store_streams(&ids, &[node("0_a", "0", 1, 2500)], 100);
        assert!(!c.streams_wanted(&ids, 129, 30));
        assert!(c.streams_wanted(&ids, 130, 30), "at the interval");
        // A light read: the known streams are filled in.
        let mut light = vec![node("0_a", "0", 1, 0)];
        c.fill_streams(&mut light);
        assert_eq!(light[0].streams[0].bitrate, 2500);
        assert!(!c.streams_wanted(&ids, 110, 30));
        // A backup shows up broadcasting: its streams are read next poll.
        let mut light = vec![node("0_a", "0", 1, 0), node("0_a", "1", 2, 0)];
        c.fill_streams(&mut light);
        assert!(light[1].streams.is_empty());
        assert!(c.streams_wanted(&ids, 111, 30));
        // One only authenticated does not count (it reports no streams yet).
        c.store_streams(&ids, &[], 112);
        let mut light = vec![node("0_b", "0", 3, 0)];
        c.fill_streams(&mut light);
        assert!(!c.streams_wanted(&ids, 113, 30));
    }

    #[test]
    fn details_are_read_again_after_the_entry_changes() {
        let mut c = PollCache::default();
        let ids = vec!["0_a".to_string()];
        let read = LiveStreamEntry {
            id: "0_a".into(),
            updated_at: 10,
            description: "d".into(),
            stream_password: "k".into(),
            ..LiveStreamEntry::default()
        };
        c.store_details(std::slice::from_ref(&read), 1000);
        let mut polled = vec![LiveStreamEntry {
            id: "0_a".into(),
            updated_at: 10,
            ..LiveStreamEntry::default()
        }];
        c.fill_details(&mut polled);
        assert_eq!(
            (
                polled[0].description.as_str(),
                polled[0].stream_password.as_str()
            ),
            ("d", "k")
        );
        assert!(
            c.details_wanted(&ids, 1000 + DETAILS_MAX_AGE - 1)
                .is_empty()
        );
        assert_eq!(
            c.details_wanted(&ids, 1000 + DETAILS_MAX_AGE),
            ids,
            "too old"
        );
        polled[0].updated_at = 11;
        c.fill_details(&mut polled);
        assert_eq!(c.details_wanted(&ids, 1000), ids, "changed");
    }
}
