//! The partner's data: entries, metadata, profiles, uiConfs and the pending lifecycle timers.
//! Objects are kept as Kaltura-shaped JSON so that what is stored is what is answered.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One JSON object as Kaltura shows it.
pub type Obj = Map<String, Value>;

/// Everything one sandbox partner holds; serialised as the `--state` file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Store {
    /// The partner these objects belong to (a state file of another partner is refused).
    pub partner_id: i64,
    /// Entries (live and media), in creation order.
    pub entries: Vec<Entry>,
    /// `KalturaMetadataProfile` objects.
    pub metadata_profiles: Vec<Obj>,
    /// `KalturaMetadata` records.
    pub metadata: Vec<Obj>,
    /// `KalturaConversionProfile` objects.
    pub conversion_profiles: Vec<Obj>,
    /// `KalturaUiConf` objects: the partner's and the system templates (partner 0).
    pub ui_confs: Vec<Obj>,
    /// Next integer ID for profiles, metadata and uiConfs.
    pub next_int_id: i64,
    /// Lifecycle steps not yet due (see `lifecycle`).
    pub timers: Vec<super::lifecycle::Timer>,
    /// `KalturaLiveEntryServerNode` objects: one per connected ingest point (primary, backup)
    /// of a live entry, removed when its encoder disconnects (see `encoder`).
    #[serde(default)]
    pub server_nodes: Vec<Obj>,
    /// `KalturaAppToken` objects (deleted ones stay, with status 3).
    #[serde(default)]
    pub app_tokens: Vec<Obj>,
    /// The partner's user secret (`session.start` of USER sessions), kept so that a restart on
    /// the same state file keeps it.
    #[serde(default)]
    pub user_secret: Option<String>,
    /// The partner's admin secret, kept so that a restart on the same state file keeps it (the
    /// secret a script exported stays valid); absent in files written before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_secret: Option<String>,
    /// Names this sandbox's data, new after a reset: the journal scopes the in-process sandbox's
    /// events by it (its URL changes every run, its data does not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// `KalturaShortLink` objects (`shortLink.add`), served at `/tiny/{id}`.
    #[serde(default)]
    pub short_links: Vec<Obj>,
    /// Bumped by every change, so the persister knows when to write.
    #[serde(skip)]
    pub generation: u64,
    /// The clock and index lag of the call being served (set before every call), so changes
    /// reach the simulated search index `index_lag_ms` late.
    #[serde(skip)]
    pub index_clock: IndexClock,
}

/// When "now" is and how far the search index runs behind, for the call being served.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexClock {
    /// Wall-clock milliseconds.
    pub now_ms: i64,
    /// `index_lag_ms` of the faults in force.
    pub lag_ms: i64,
}

/// What Kaltura's search index knows of an entry while a change has not reached it yet.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexView {
    /// The version the index matches filters against; `None` for an entry not indexed yet.
    pub obj: Option<Obj>,
    /// When the index catches up with the entry as stored, milliseconds.
    pub until_ms: i64,
}

/// An entry and the bookkeeping of its live sessions.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// The object as answered (before per-caller masking).
    pub obj: Obj,
    /// Creation order, to break `createdAt` ties.
    pub seq: u64,
    /// Live sessions so far (names recordings `"{name} N"`).
    #[serde(default)]
    pub sessions: u32,
    /// When the last session ended, milliseconds: a reconnect within 180 s is the same session.
    #[serde(default)]
    pub last_end_ms: Option<i64>,
    /// The simulated audience's memory (see `audience`).
    #[serde(default)]
    pub audience: super::audience::AudienceSim,
    /// Milliseconds the current session's recording has grown by so far: only while an encoder
    /// is connected and `recordingStatus` is ACTIVE (a paused or stopped recording skips).
    #[serde(default)]
    pub recorded_ms: i64,
    /// Since when (milliseconds) the recording grows, while it does.
    #[serde(default)]
    pub recording_since_ms: Option<i64>,
    /// `/sandbox/entries/{id}/hold-recording`: the event's recordings do not finish processing
    /// (they stay un-READY, as behind a stalled conversion queue) until released.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub recording_held: bool,
    /// The search index's older view while a change is not indexed yet (see `index_lag_ms`).
    #[serde(skip)]
    pub index: Option<IndexView>,
}

impl Entry {
    /// The entry ID.
    pub fn id(&self) -> &str {
        self.obj.get("id").and_then(Value::as_str).unwrap_or("")
    }

    /// An integer field (0 when absent).
    pub fn int(&self, field: &str) -> i64 {
        self.obj.get(field).and_then(Value::as_i64).unwrap_or(0)
    }

    /// A string field ("" when absent).
    pub fn str(&self, field: &str) -> &str {
        self.obj.get(field).and_then(Value::as_str).unwrap_or("")
    }

    /// Kaltura's entry type (7 live, 1 media).
    pub fn entry_type(&self) -> i64 {
        self.int("type")
    }

    /// Deleted entries stay stored (status 3) but are found by no one.
    pub fn is_deleted(&self) -> bool {
        self.int("status") == 3
    }

    /// The version a list answered from the search index matches against at `now_ms`: the
    /// stored object once the index caught up, the older one (or nothing, for an entry not
    /// indexed yet) before.
    pub fn indexed(&self, now_ms: i64) -> Option<&Obj> {
        match &self.index {
            Some(view) if now_ms < view.until_ms => view.obj.as_ref(),
            _ => Some(&self.obj),
        }
    }

    /// Records that the entry is about to change: the index keeps showing the version before
    /// the first of a run of changes until `lag_ms` after the last one.
    fn will_change(&mut self, clock: IndexClock) {
        if clock.lag_ms <= 0 {
            return;
        }
        let until_ms = clock.now_ms + clock.lag_ms;
        match &mut self.index {
            Some(view) if clock.now_ms < view.until_ms => view.until_ms = until_ms,
            _ => {
                self.index = Some(IndexView {
                    obj: Some(self.obj.clone()),
                    until_ms,
                })
            }
        }
    }
}

impl Store {
    /// Finds a live (not deleted) entry.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.id() == id && !e.is_deleted())
    }

    /// Finds a live (not deleted) entry to change it (the search index sees the change late).
    pub fn entry_mut(&mut self, id: &str) -> Option<&mut Entry> {
        let clock = self.index_clock;
        let entry = self
            .entries
            .iter_mut()
            .find(|e| e.id() == id && !e.is_deleted())?;
        entry.will_change(clock);
        Some(entry)
    }

    /// A fresh entry ID: `0_` and 8 lowercase alphanumerics, unique in this store.
    pub fn new_entry_id(&self) -> String {
        loop {
            let id = format!("0_{}", random_alnum(8));
            if !self.entries.iter().any(|e| e.id() == id) {
                return id;
            }
        }
    }

    /// A fresh integer ID for profiles, metadata and uiConfs.
    pub fn new_int_id(&mut self) -> i64 {
        let id = self.next_int_id;
        self.next_int_id += 1;
        id
    }

    /// Adds an entry (the search index sees it `index_lag_ms` later).
    pub fn push_entry(&mut self, obj: Obj) {
        let seq = self.entries.len() as u64 + 1;
        let clock = self.index_clock;
        self.entries.push(Entry {
            obj,
            seq,
            sessions: 0,
            last_end_ms: None,
            audience: Default::default(),
            recorded_ms: 0,
            recording_since_ms: None,
            recording_held: false,
            index: (clock.lag_ms > 0).then_some(IndexView {
                obj: None,
                until_ms: clock.now_ms + clock.lag_ms,
            }),
        });
        self.touch();
    }

    /// Records that something changed.
    pub fn touch(&mut self) {
        self.generation += 1;
    }
}

/// Random lowercase alphanumerics (IDs, stream keys).
pub fn random_alnum(n: usize) -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::thread_rng();
    (0..n)
        .map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char)
        .collect()
}

/// Random lowercase hex (stream passwords, tokens).
pub fn random_hex(n: usize) -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"0123456789abcdef";
    let mut rng = rand::thread_rng();
    (0..n)
        .map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char)
        .collect()
}

/// Wall-clock time in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
