//! The local journal of created events: `events.jsonl`, one JSON record per line.
//!
//! Why: an event that exists on the service but nowhere in the operator's notes is lost work
//! (and a stream key someone may still be using). Every create is recorded as a *pending*
//! attempt holding its reference before the request is sent, and every created entry is
//! appended, flushed and fsynced *before* the create returns; a create repeated with the same
//! reference finds it here first, and a pending attempt whose outcome never arrived (a killed
//! process, a lost answer) is settled later by looking the reference up (`Webcast::recover`).
//! The file is append-only: a later record for the same entry (e.g. after `finish` or `edit`)
//! supersedes the earlier one when reading; `delete` and `forget` append one carrying
//! [`Removal`], which takes the event off the board ([`JournalLoad::watched`]) while its history
//! stays readable, and an entry record (or a `not_created` attempt) with an
//! attempt's reference settles it. A torn last line (a crash mid-write), a garbled line, one
//! longer than a record can be, or a record whose entry ID is malformed is skipped, counted,
//! logged with its line number, and announced once ([`JournalLoad::skipped_notice`]); every
//! other line is kept, its text cleaned (see `journal/read.rs`). The file is created 0600 in a
//! 0700 directory: it holds what the operator made.

use super::request::{CreateRequest, PendingStep};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
pub mod follow;
mod read;

pub use read::MAX_LINE_BYTES;

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The journal's file name inside the data directory.
pub const FILE_NAME: &str = "events.jsonl";

/// How journal records of the in-process sandbox name their "service": its URL changes every
/// run, so they are scoped by the instance kept in its state file instead.
pub const SANDBOX_JOURNAL_SCHEME: &str = "kwebcast-sandbox:";

/// One journal line: an entry we created and what is known about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalRecord {
    /// The live entry's ID.
    pub entry_id: String,
    /// The event name.
    pub name: String,
    /// Planned start, Unix seconds.
    pub start: i64,
    /// Planned end, Unix seconds.
    pub end: i64,
    /// The partner the entry belongs to: records are scoped by partner and service.
    pub partner_id: i64,
    /// The service URL it was created on (a sandbox's and a real account's IDs never mix); for
    /// the in-process sandbox, whose URL changes every run, `kwebcast-sandbox:{instance}`.
    pub service_url: String,
    /// The operator's reference (`referenceId`), if any.
    #[serde(default)]
    pub reference: Option<String>,
    /// When this line was written, Unix seconds.
    pub recorded_at: i64,
    /// The full request, so `finish` can rebuild the metadata without asking again.
    #[serde(default)]
    pub request: Option<CreateRequest>,
    /// Steps that failed and still need finishing; empty when the event is complete.
    #[serde(default)]
    pub pending: Vec<PendingStep>,
    /// Set when the event left the board: deleted on the service, or forgotten here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed: Option<Removal>,
}

/// Why a journaled event is no longer watched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalKind {
    /// `liveStream.delete` succeeded (or the entry was already gone from the service).
    Deleted,
    /// The operator dropped it from the board and the journal; Kaltura was not touched.
    Forgotten,
    /// The service no longer has it (deleted in KMC or by another tool): the board saw it
    /// missing twice and let it go.
    Vanished,
    /// Made on a built-in sandbox that has since been reset: its events went with its data.
    SandboxReset,
}

/// An event's removal, recorded so that a later read knows why it left (and what went with it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    /// Deleted or forgotten.
    pub kind: RemovalKind,
    /// When, Unix seconds.
    pub at: i64,
    /// Recordings deleted with the event (`--with-recordings`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recordings_deleted: Vec<String>,
    /// Recordings the event left behind on the service (kept, or a delete that failed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recordings_kept: Vec<String>,
}

impl JournalRecord {
    /// True when this record belongs to `partner_id` on `service_url`.
    pub fn is_scoped_to(&self, partner_id: i64, service_url: &str) -> bool {
        self.partner_id == partner_id && same_service(&self.service_url, service_url)
    }

    /// True while the event is on the board: neither deleted nor forgotten.
    pub fn is_watched(&self) -> bool {
        self.removed.is_none()
    }

    /// A record superseding this one that says the event left the board, and why.
    pub fn removed(&self, removal: Removal) -> JournalRecord {
        JournalRecord {
            recorded_at: removal.at,
            removed: Some(removal),
            ..self.clone()
        }
    }
}

/// What the journal knows of a create attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptState {
    /// About to be sent, or sent without a clear answer: the event may exist.
    Pending,
    /// Settled: the service has no entry with this reference.
    NotCreated,
}

/// A create attempt, by the reference it gave the entry: written before the request is sent so
/// that an interrupted create can always be looked up again. Its lines carry `attempt`, never
/// `entry_id`, so they never read as entry records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateAttempt {
    /// Pending or not created.
    pub attempt: AttemptState,
    /// The entry's `referenceId`, by which the service is asked.
    pub reference: String,
    /// The event name, for messages.
    pub name: String,
    /// The partner the create went to.
    pub partner_id: i64,
    /// The service URL it went to.
    pub service_url: String,
    /// When this line was written, Unix seconds.
    pub recorded_at: i64,
    /// The full request, so a found entry can be completed and journaled like any other.
    pub request: CreateRequest,
}

impl CreateAttempt {
    /// True when this attempt went to `partner_id` on `service_url`.
    pub fn is_scoped_to(&self, partner_id: i64, service_url: &str) -> bool {
        self.partner_id == partner_id && same_service(&self.service_url, service_url)
    }
}

/// A line that could not be read, reported so the operator knows (nothing is silently lost).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedLine {
    /// 1-based line number.
    pub line: usize,
    /// True for an unterminated last line (an interrupted write).
    pub torn: bool,
    /// Why it was skipped.
    pub reason: String,
}

/// Everything read from the journal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JournalLoad {
    /// Every readable record, in file order.
    pub records: Vec<JournalRecord>,
    /// Every create attempt line, in file order.
    pub attempts: Vec<CreateAttempt>,
    /// Lines that were not readable.
    pub skipped: Vec<SkippedLine>,
}

impl JournalLoad {
    /// The one line the operator sees when lines were skipped ("3 unreadable journal lines
    /// skipped, see the log"), or `None` when every line was read.
    pub fn skipped_notice(&self) -> Option<String> {
        match self.skipped.len() {
            0 => None,
            1 => Some("1 unreadable journal line skipped, see the log".into()),
            n => Some(format!("{n} unreadable journal lines skipped, see the log")),
        }
    }

    /// The newest record per entry (file order decides), in first-seen order.
    pub fn latest(&self) -> Vec<JournalRecord> {
        // Indexed by entry ID: the dashboard following the journal and `kwebcast watchdog` read
        // it again whenever it changes, and a long journal must not cost its square.
        let mut slots: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut out: Vec<JournalRecord> = Vec::new();
        for rec in &self.records {
            match slots.get(rec.entry_id.as_str()) {
                Some(&i) => out[i] = rec.clone(),
                None => {
                    slots.insert(&rec.entry_id, out.len());
                    out.push(rec.clone());
                }
            }
        }
        out
    }

    /// The newest record of every event still on the board (neither deleted nor forgotten), in
    /// first-seen order: what the dashboard watches at start.
    pub fn watched(&self) -> Vec<JournalRecord> {
        self.latest()
            .into_iter()
            .filter(JournalRecord::is_watched)
            .collect()
    }

    /// The attempts on this partner and service still pending: the newest line of each
    /// reference says pending, and no entry record carries that reference.
    pub fn unsettled(&self, partner_id: i64, service_url: &str) -> Vec<CreateAttempt> {
        let mut newest: Vec<&CreateAttempt> = Vec::new();
        for a in self
            .attempts
            .iter()
            .filter(|a| a.is_scoped_to(partner_id, service_url))
        {
            match newest.iter_mut().find(|n| n.reference == a.reference) {
                Some(slot) => *slot = a,
                None => newest.push(a),
            }
        }
        newest
            .into_iter()
            .filter(|a| a.attempt == AttemptState::Pending)
            .filter(|a| {
                !self.records.iter().any(|r| {
                    r.is_scoped_to(partner_id, service_url)
                        && r.reference.as_deref() == Some(a.reference.as_str())
                })
            })
            .cloned()
            .collect()
    }

    /// The entry IDs a board on this partner and service watches at start (neither deleted nor
    /// forgotten), in first-seen order: what the dashboard and `kwebcast watchdog` watch besides
    /// the IDs they are given.
    pub fn board_ids(&self, partner_id: i64, service_url: &str) -> Vec<String> {
        self.watched()
            .into_iter()
            .filter(|r| r.is_scoped_to(partner_id, service_url))
            .map(|r| r.entry_id)
            .collect()
    }

    /// The events of this account the journal last saw deleted — by kwebcast (`delete`, `D`)
    /// or found gone from the account by a board — the positive proof `tokens prune` wants
    /// before it revokes an event's link tokens (Kaltura's `ENTRY_ID_NOT_FOUND` alone may
    /// only mean the session is not entitled to the entry).
    pub fn deleted_ids(&self, partner_id: i64, service_url: &str) -> HashSet<String> {
        self.latest()
            .into_iter()
            .filter(|r| r.is_scoped_to(partner_id, service_url))
            .filter(|r| {
                r.removed
                    .as_ref()
                    .is_some_and(|m| matches!(m.kind, RemovalKind::Deleted | RemovalKind::Vanished))
            })
            .map(|r| r.entry_id)
            .collect()
    }
}

/// Journal IO failures; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// The file or its directory could not be opened, written or synced.
    #[error("journal {path}: {source}")]
    Io {
        /// The journal file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A record could not be serialised (not expected; kept for honesty).
    #[error("journal {path}: cannot encode a record: {detail}")]
    Encode {
        /// The journal file.
        path: PathBuf,
        /// serde's message.
        detail: String,
    },
}

/// The journal file. Cheap to clone; appends from clones in one process are serialised.
#[derive(Debug, Clone)]
pub struct Journal {
    path: PathBuf,
    lock: Arc<Mutex<()>>,
}

impl Journal {
    /// A journal at `path` (created on first append). Tests pass a temp dir path.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Journal {
            path: path.into(),
            lock: Arc::new(Mutex::new(())),
        }
    }

    /// `events.jsonl` in the XDG data directory (`~/.local/share/kwebcast/`), or `None` when the
    /// platform has no home directory to put it in.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "kwebcast").map(|d| d.data_dir().join(FILE_NAME))
    }

    /// The journal in a given data directory.
    pub fn in_dir(dir: &Path) -> Self {
        Self::new(dir.join(FILE_NAME))
    }

    /// Where the journal lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn io(&self, source: std::io::Error) -> JournalError {
        JournalError::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// [`Journal::append`] for async callers: the write and fsyncs run on tokio's blocking
    /// pool, so a slow disk does not stall the runtime (and the dashboard with it). Same
    /// guarantees and errors; a blocking task that cannot finish is an IO error.
    pub async fn append_async(&self, record: &JournalRecord) -> Result<(), JournalError> {
        let (journal, record) = (self.clone(), record.clone());
        tokio::task::spawn_blocking(move || journal.append(&record))
            .await
            .map_err(|e| self.io(std::io::Error::other(format!("journal write task: {e}"))))?
    }

    /// Appends one record and returns only after it is flushed and fsynced. If the file ends in
    /// a torn line, a newline is written first so the new record stays readable. Blocking: from
    /// async code use [`Journal::append_async`].
    pub fn append(&self, record: &JournalRecord) -> Result<(), JournalError> {
        let mut line = self.encode(record)?;
        if line.len() > MAX_LINE_BYTES {
            // The reader would skip it: keep the event, lose only the saved request's bulk.
            tracing::warn!(entry = %record.entry_id, bytes = line.len(),
                "journal record too long; writing it without the saved request");
            let mut slim = record.clone();
            slim.request = None;
            slim.name = slim.name.chars().take(1000).collect();
            line = self.encode(&slim)?;
        }
        self.write_line(line)
    }

    /// [`Journal::append_attempt`] off the runtime thread, as [`Journal::append_async`].
    pub async fn append_attempt_async(&self, attempt: &CreateAttempt) -> Result<(), JournalError> {
        let (journal, attempt) = (self.clone(), attempt.clone());
        tokio::task::spawn_blocking(move || journal.append_attempt(&attempt))
            .await
            .map_err(|e| self.io(std::io::Error::other(format!("journal write task: {e}"))))?
    }

    /// Appends a create attempt line, flushed and fsynced like a record. Blocking.
    pub fn append_attempt(&self, attempt: &CreateAttempt) -> Result<(), JournalError> {
        let mut line = self.encode(attempt)?;
        if line.len() > MAX_LINE_BYTES {
            // The reader would skip it, and the attempt could never be settled: keep what the
            // lookup needs (the reference) and the name; the request's bulk goes.
            let mut slim = attempt.clone();
            slim.request.description.clear();
            slim.request.presenter = Default::default();
            slim.request.name = slim.request.name.chars().take(1000).collect();
            slim.name = slim.request.name.clone();
            line = self.encode(&slim)?;
        }
        self.write_line(line)
    }

    /// Writes one encoded line, flushed and fsynced (a torn last line is ended first).
    fn write_line(&self, mut line: String) -> Result<(), JournalError> {
        line.push('\n');
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::files::create_private_dir_all(dir).map_err(|e| self.io(e))?;
        }
        let mut file = crate::files::private_options()
            .create(true)
            .append(true)
            .read(true)
            .open(&self.path)
            .map_err(|e| self.io(e))?;
        if crate::files::make_private(&file).map_err(|e| self.io(e))? {
            tracing::warn!(path = %self.path.display(), "the journal could be read by other users; made it private (0600)");
        }
        let len = file.metadata().map_err(|e| self.io(e))?.len();
        if len > 0 {
            let mut last = [0u8; 1];
            file.seek(SeekFrom::Start(len - 1))
                .map_err(|e| self.io(e))?;
            file.read_exact(&mut last).map_err(|e| self.io(e))?;
            if last[0] != b'\n' {
                line.insert(0, '\n');
            }
        }
        file.write_all(line.as_bytes()).map_err(|e| self.io(e))?;
        file.flush().map_err(|e| self.io(e))?;
        file.sync_all().map_err(|e| self.io(e))?;
        if len == 0 {
            // A new file is durable only once its directory entry is: sync the directory too.
            self.sync_dir()?;
        }
        Ok(())
    }

    fn encode(&self, record: &impl Serialize) -> Result<String, JournalError> {
        serde_json::to_string(record).map_err(|e| JournalError::Encode {
            path: self.path.clone(),
            detail: e.to_string(),
        })
    }

    #[cfg(unix)]
    fn sync_dir(&self) -> Result<(), JournalError> {
        let dir = match self.path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| self.io(e))
    }

    #[cfg(not(unix))]
    fn sync_dir(&self) -> Result<(), JournalError> {
        Ok(())
    }

    /// Reads every record; a missing file is an empty journal. Skipped lines are logged (the
    /// first [`LOGGED_SKIPS`] of them one by one, with their line numbers).
    pub fn load(&self) -> Result<JournalLoad, JournalError> {
        let file = match std::fs::File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(JournalLoad::default()),
            Err(e) => return Err(self.io(e)),
        };
        let load = read::read(std::io::BufReader::new(file)).map_err(|e| self.io(e))?;
        for s in load.skipped.iter().take(LOGGED_SKIPS) {
            tracing::warn!(path = %self.path.display(), line = s.line, torn = s.torn,
                "journal line skipped: {}", s.reason);
        }
        if load.skipped.len() > LOGGED_SKIPS {
            tracing::warn!(path = %self.path.display(), skipped = load.skipped.len(),
                "more journal lines skipped than logged one by one");
        }
        Ok(load)
    }

    /// The newest record of every entry created on this partner and service.
    pub fn entries(
        &self,
        partner_id: i64,
        service_url: &str,
    ) -> Result<Vec<JournalRecord>, JournalError> {
        Ok(self
            .load()?
            .latest()
            .into_iter()
            .filter(|r| r.is_scoped_to(partner_id, service_url))
            .collect())
    }

    /// The newest record with this reference on this partner and service.
    pub fn find_by_ref(
        &self,
        partner_id: i64,
        service_url: &str,
        reference: &str,
    ) -> Result<Option<JournalRecord>, JournalError> {
        Ok(self
            .entries(partner_id, service_url)?
            .into_iter()
            .rev()
            .find(|r| r.reference.as_deref() == Some(reference)))
    }

    /// The create attempts on this partner and service whose outcome is not known yet.
    pub fn unsettled(
        &self,
        partner_id: i64,
        service_url: &str,
    ) -> Result<Vec<CreateAttempt>, JournalError> {
        Ok(self.load()?.unsettled(partner_id, service_url))
    }

    /// The newest record of one entry on this partner and service.
    pub fn find_entry(
        &self,
        partner_id: i64,
        service_url: &str,
        entry_id: &str,
    ) -> Result<Option<JournalRecord>, JournalError> {
        Ok(self
            .entries(partner_id, service_url)?
            .into_iter()
            .find(|r| r.entry_id == entry_id))
    }
}

/// How many skipped lines one load logs one by one (a journal of garbage must not flood the log).
pub const LOGGED_SKIPS: usize = 50;

/// Service URLs compare without a trailing slash and case-insensitively in scheme and host.
fn same_service(a: &str, b: &str) -> bool {
    a.trim_end_matches('/')
        .eq_ignore_ascii_case(b.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: &str, reference: Option<&str>, partner: i64) -> JournalRecord {
        JournalRecord {
            entry_id: id.into(),
            name: format!("event {id}"),
            start: 100,
            end: 200,
            partner_id: partner,
            service_url: "http://127.0.0.1:1".into(),
            reference: reference.map(str::to_string),
            recorded_at: 50,
            request: None,
            pending: Vec::new(),
            removed: None,
        }
    }

    #[test]
    fn a_removal_supersedes_and_takes_the_event_off_the_board_only() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::in_dir(dir.path());
        j.append(&rec("0_a", None, 1)).unwrap();
        j.append(&rec("0_b", None, 1)).unwrap();
        let gone = rec("0_a", None, 1).removed(Removal {
            kind: RemovalKind::Forgotten,
            at: 99,
            recordings_deleted: Vec::new(),
            recordings_kept: vec!["0_rec00001".into()],
        });
        j.append(&gone).unwrap();
        let load = j.load().unwrap();
        let watched: Vec<_> = load.watched().into_iter().map(|r| r.entry_id).collect();
        assert_eq!(watched, ["0_b"]);
        let latest = load.latest();
        assert_eq!(latest.len(), 2, "the history stays readable");
        assert_eq!(
            latest[0].removed.as_ref().unwrap().kind,
            RemovalKind::Forgotten
        );
        assert_eq!(latest[0].recorded_at, 99);
        // A record of an older kwebcast (no `removed`) still reads; a removal line round-trips.
        let line = std::fs::read_to_string(j.path()).unwrap();
        assert!(!line.lines().next().unwrap().contains("removed"));
        assert!(line.lines().nth(2).unwrap().contains(
            r#""removed":{"kind":"forgotten","at":99,"recordings_kept":["0_rec00001"]}"#
        ));
    }

    #[test]
    fn append_then_load_and_find() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::in_dir(&dir.path().join("nested"));
        j.append(&rec("0_a", Some("r1"), 1000)).unwrap();
        j.append(&rec("0_b", Some("r2"), 1000)).unwrap();
        j.append(&rec("0_c", Some("r1"), 2000)).unwrap();
        let found = j.find_by_ref(1000, "http://127.0.0.1:1/", "r1").unwrap();
        assert_eq!(found.unwrap().entry_id, "0_a");
        assert_eq!(j.find_by_ref(1000, "http://other", "r1").unwrap(), None);
        assert_eq!(j.entries(2000, "http://127.0.0.1:1").unwrap().len(), 1);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn append_async_writes_off_the_runtime_thread_with_the_same_errors() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::in_dir(&dir.path().join("nested"));
        j.append_async(&rec("0_a", Some("r1"), 1000)).await.unwrap();
        j.append_async(&rec("0_b", None, 1000)).await.unwrap();
        let found = j.find_by_ref(1000, "http://127.0.0.1:1", "r1").unwrap();
        assert_eq!(found.unwrap().entry_id, "0_a");
        assert_eq!(j.entries(1000, "http://127.0.0.1:1").unwrap().len(), 2);
        // A journal "directory" that is a file: the same Io error, naming the journal.
        let blocker = dir.path().join("a-file");
        std::fs::write(&blocker, b"x").unwrap();
        let bad = Journal::in_dir(&blocker);
        match bad.append_async(&rec("0_c", None, 1)).await {
            Err(JournalError::Io { path, .. }) => assert_eq!(path, bad.path()),
            other => panic!("expected an Io error, got {other:?}"),
        }
    }

    #[test]
    fn later_record_supersedes_earlier() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::in_dir(dir.path());
        let mut first = rec("0_a", None, 1);
        first.pending.push(PendingStep {
            step: crate::webcast::request::CreateStep::EventsMetadata,
            code: Some("X".into()),
            error: "x".into(),
            how_to_finish: "y".into(),
        });
        j.append(&first).unwrap();
        j.append(&rec("0_a", None, 1)).unwrap();
        let entries = j.entries(1, "http://127.0.0.1:1").unwrap();
        assert_eq!(entries.len(), 1);
        assert!(entries[0].pending.is_empty());
    }

    #[test]
    fn torn_last_line_is_reported_and_the_rest_kept_then_repaired_on_append() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::in_dir(dir.path());
        j.append(&rec("0_a", None, 1)).unwrap();
        j.append(&rec("0_b", None, 1)).unwrap();
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(j.path())
            .unwrap();
        f.write_all(b"{\"entry_id\":\"0_c\",\"na").unwrap();
        drop(f);
        let load = j.load().unwrap();
        assert_eq!(load.records.len(), 2);
        assert_eq!(load.skipped.len(), 1);
        assert!(load.skipped[0].torn);
        assert_eq!(load.skipped[0].line, 3);

        j.append(&rec("0_d", None, 1)).unwrap();
        let load = j.load().unwrap();
        let ids: Vec<_> = load.records.iter().map(|r| r.entry_id.as_str()).collect();
        assert_eq!(ids, ["0_a", "0_b", "0_d"]);
        assert_eq!(load.skipped.len(), 1);
        assert!(
            !load.skipped[0].torn,
            "now terminated, it is a bad line in the middle"
        );
    }

    fn attempt(reference: &str, state: AttemptState, partner: i64) -> CreateAttempt {
        CreateAttempt {
            attempt: state,
            reference: reference.into(),
            name: format!("event {reference}"),
            partner_id: partner,
            service_url: "http://127.0.0.1:1".into(),
            recorded_at: 40,
            request: CreateRequest {
                name: format!("event {reference}"),
                description: String::new(),
                start: 100,
                end: 200,
                timezone: "UTC".into(),
                presenter: Default::default(),
                recording: true,
                dvr: true,
                reference: Some(reference.into()),
            },
        }
    }

    #[test]
    fn pending_attempts_are_settled_by_an_entry_or_a_not_created_line() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::in_dir(dir.path());
        for (reference, partner) in [("r1", 1), ("r2", 1), ("r3", 1), ("r4", 2)] {
            j.append_attempt(&attempt(reference, AttemptState::Pending, partner))
                .unwrap();
        }
        j.append(&rec("0_a", Some("r1"), 1)).unwrap();
        j.append_attempt(&attempt("r2", AttemptState::NotCreated, 1))
            .unwrap();
        let load = j.load().unwrap();
        assert!(load.skipped.is_empty(), "{:?}", load.skipped);
        assert_eq!(load.attempts.len(), 5);
        assert_eq!(load.latest().len(), 1, "attempts are not entries");
        let left: Vec<String> = j
            .unsettled(1, "http://127.0.0.1:1/")
            .unwrap()
            .into_iter()
            .map(|a| a.reference)
            .collect();
        assert_eq!(left, ["r3"]);
        let line = std::fs::read_to_string(j.path()).unwrap();
        assert!(
            line.starts_with("{\"attempt\":\"pending\",\"reference\":\"r1\""),
            "{line}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_journal_is_private_and_an_oversized_record_still_lands() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::in_dir(&dir.path().join("data"));
        let mut big = rec("0_big", None, 1);
        big.request = Some(CreateRequest {
            name: "n".into(),
            description: "d".repeat(MAX_LINE_BYTES),
            start: 1,
            end: 2,
            timezone: "UTC".into(),
            presenter: Default::default(),
            recording: true,
            dvr: true,
            reference: None,
        });
        j.append(&big).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(j.path()), 0o600);
        assert_eq!(mode(&dir.path().join("data")), 0o700);
        let load = j.load().unwrap();
        assert_eq!(load.records.len(), 1);
        assert_eq!(load.records[0].entry_id, "0_big");
        assert!(load.records[0].request.is_none());
        assert_eq!(load.skipped_notice(), None);
        std::fs::write(j.path(), "garbage\nmore garbage\n").unwrap();
        std::fs::set_permissions(j.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(
            j.load().unwrap().skipped_notice().as_deref(),
            Some("2 unreadable journal lines skipped, see the log")
        );
        j.append(&rec("0_c", None, 1)).unwrap();
        assert_eq!(mode(j.path()), 0o600, "an old 0644 journal is made private");
    }

    #[test]
    fn missing_file_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::in_dir(dir.path());
        assert_eq!(j.load().unwrap(), JournalLoad::default());
    }
}
