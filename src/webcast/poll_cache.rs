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
//! The cache only grows with the events polled (a board's watched set), a few hundred bytes each.

use super::xml::{self, Schedule};
use crate::kaltura::types::{LiveStreamEntry, Metadata, RecordStatus};
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

/// The memory of past polls, shared by every clone of a [`super::Webcast`].
#[derive(Debug, Default)]
pub struct PollCache {
    details: HashMap<String, Details>,
    schedules: HashMap<String, ScheduleRecord>,
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
