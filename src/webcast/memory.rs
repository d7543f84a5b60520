//! What kwebcast remembers about an account between runs, beside the journal: the live
//! conversion profile a create found, so the next create needs no lookup round-trip.
//!
//! Why a file: a create without a known profile takes two round-trips (look it up, then add),
//! with it one. The remembered ID is only a hint: when Kaltura refuses it
//! (`CONVERSION_PROFILE_ID_NOT_FOUND`: deleted, or the account changed) it is forgotten and
//! looked up again. Unreadable or unwritable memory costs a round-trip, never a create.

use super::journal::Journal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The memory file's name, in the journal's directory.
pub const FILE_NAME: &str = "accounts.json";

/// The most read of the file: a few accounts take a few hundred bytes; anything larger is not
/// ours (or is damaged) and is ignored rather than read whole.
const MAX_BYTES: u64 = 1 << 20;

/// What is remembered of one account (partner on a service).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Account {
    /// The live conversion profile new events get.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    live_conversion_profile_id: Option<i64>,
}

/// The whole file: accounts keyed `"{service URL}#{partner}"`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Memory {
    #[serde(default)]
    accounts: BTreeMap<String, Account>,
}

/// The memory file beside a journal.
#[derive(Debug, Clone)]
pub struct AccountMemory {
    path: PathBuf,
}

fn key(partner_id: i64, service_url: &str) -> String {
    format!(
        "{}#{partner_id}",
        service_url.trim_end_matches('/').to_ascii_lowercase()
    )
}

impl AccountMemory {
    /// The memory kept in the same directory as `journal`.
    pub fn beside(journal: &Journal) -> Self {
        let dir = journal.path().parent().unwrap_or(Path::new("."));
        AccountMemory {
            path: dir.join(FILE_NAME),
        }
    }

    /// Where the memory lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn read(&self) -> Memory {
        use std::io::Read;
        let Ok(file) = std::fs::File::open(&self.path) else {
            return Memory::default();
        };
        let mut bytes = Vec::new();
        if let Err(e) = file.take(MAX_BYTES + 1).read_to_end(&mut bytes) {
            tracing::warn!(path = %self.path.display(), "account memory unreadable, ignored: {e}");
            return Memory::default();
        }
        if bytes.len() as u64 > MAX_BYTES {
            tracing::warn!(path = %self.path.display(), "account memory larger than {MAX_BYTES} bytes, ignored");
            return Memory::default();
        }
        serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            tracing::warn!(path = %self.path.display(), "account memory unreadable, ignored: {e}");
            Memory::default()
        })
    }

    fn write(&self, memory: &Memory) {
        if let Err(e) = self.try_write(memory) {
            tracing::warn!(path = %self.path.display(), "cannot write the account memory: {e}");
        }
    }

    /// Writes a temporary file (owner-only) and renames it over the old one.
    fn try_write(&self, memory: &Memory) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            crate::files::create_private_dir_all(dir)?;
        }
        let tmp = self.path.with_extension("json.tmp");
        let mut file = crate::files::private_options()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        file.write_all(&serde_json::to_vec_pretty(memory).map_err(std::io::Error::other)?)?;
        file.sync_all()?;
        std::fs::rename(&tmp, &self.path)
    }

    /// The live conversion profile remembered for this account.
    pub fn live_profile(&self, partner_id: i64, service_url: &str) -> Option<i64> {
        self.read()
            .accounts
            .get(&key(partner_id, service_url))
            .and_then(|a| a.live_conversion_profile_id)
    }

    /// Remembers the account's live conversion profile (best effort).
    pub fn remember_live_profile(&self, partner_id: i64, service_url: &str, id: i64) {
        let mut memory = self.read();
        let account = memory
            .accounts
            .entry(key(partner_id, service_url))
            .or_default();
        if account.live_conversion_profile_id != Some(id) {
            account.live_conversion_profile_id = Some(id);
            self.write(&memory);
        }
    }

    /// Forgets the account's live conversion profile (Kaltura refused it).
    pub fn forget_live_profile(&self, partner_id: i64, service_url: &str) {
        let mut memory = self.read();
        if let Some(account) = memory.accounts.get_mut(&key(partner_id, service_url))
            && account.live_conversion_profile_id.take().is_some()
        {
            self.write(&memory);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_per_account_and_forgets() {
        let dir = tempfile::tempdir().unwrap();
        let memory = AccountMemory::beside(&Journal::in_dir(&dir.path().join("data")));
        assert_eq!(memory.live_profile(1, "https://a.example/"), None);
        memory.remember_live_profile(1, "https://A.example/", 77);
        memory.remember_live_profile(2, "https://a.example", 88);
        assert_eq!(memory.live_profile(1, "https://a.example"), Some(77));
        assert_eq!(memory.live_profile(2, "https://a.example/"), Some(88));
        assert_eq!(memory.live_profile(1, "https://b.example"), None);
        memory.forget_live_profile(1, "https://a.example");
        assert_eq!(memory.live_profile(1, "https://a.example"), None);
        assert_eq!(memory.live_profile(2, "https://a.example"), Some(88));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(memory.path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(memory.path(), b"not json").unwrap();
        assert_eq!(memory.live_profile(2, "https://a.example"), None, "ignored");
    }

    #[test]
    fn a_huge_memory_file_is_ignored_not_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let memory = AccountMemory::beside(&Journal::in_dir(&dir.path().join("data")));
        memory.remember_live_profile(1, "https://a.example", 77);
        // Valid JSON, padded past the cap: a file this size is not ours.
        let mut body = std::fs::read(memory.path()).unwrap();
        body.extend(std::iter::repeat_n(b' ', MAX_BYTES as usize));
        std::fs::write(memory.path(), &body).unwrap();
        assert_eq!(memory.live_profile(1, "https://a.example"), None);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("data"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o700, "the data directory is private");
        }
    }
}
