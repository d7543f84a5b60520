//! The in-process sandbox's state file, shared by every kwebcast process of one data directory.
//!
//! Why: with no account configured each command starts its own sandbox, so `create` in one shell
//! and `links` in the next, or a dashboard and a CLI command side by side, must see the same
//! partner, as they would on a real account. Each process keeps its own copy of the store and
//! brings it up to date around every request:
//!
//! 1. take an advisory lock (`flock` on `FILE.lock`, beside the state file) — other processes
//!    wait, never read half a write;
//! 2. if the file changed since this process last read or wrote it (device, inode, length,
//!    modification time: every save is a rename, so a new inode), read it again;
//! 3. run the request on the store;
//! 4. if the request changed the store, write the file (atomically, 0600: see `persist`);
//! 5. release the lock.
//!
//! A missing file under the lock means a reset (`kwebcast sandbox --reset`): the store starts
//! over. A file that does not parse is never replaced: the request fails and the log says why.

use super::SandboxError;
use super::persist;
use super::store::Store;
use crate::files::FileStamp;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub use crate::files::lock;

/// Deletes the state file (under the lock): `kwebcast sandbox --reset`. Returns whether there was
/// one. Processes still running on it start over at their next request.
pub fn reset(state: &Path) -> std::io::Result<bool> {
    let _lock = lock(state)?;
    match std::fs::remove_file(state) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// One process's view of the shared file.
pub struct SharedFile {
    path: PathBuf,
    /// The version of the file this process's store matches; `None` before the first read.
    seen: Mutex<Option<FileStamp>>,
    /// How to start over when the file is gone (partner, secrets).
    fresh: Box<dyn Fn() -> Store + Send + Sync>,
}

impl std::fmt::Debug for SharedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedFile")
            .field("path", &self.path)
            .finish()
    }
}

/// Why a request could not bring its store up to date.
#[derive(Debug, thiserror::Error)]
pub enum SharedError {
    /// Locking, reading or writing failed.
    #[error("sandbox state file {path}: {source}")]
    Io {
        /// The state file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file does not parse (left untouched) or belongs to another partner.
    #[error("{0}")]
    Bad(SandboxError),
}

impl SharedFile {
    /// A view of `path`; `fresh` makes the store a reset starts from.
    pub fn new(path: PathBuf, fresh: impl Fn() -> Store + Send + Sync + 'static) -> Self {
        SharedFile {
            path,
            seen: Mutex::new(None),
            fresh: Box::new(fresh),
        }
    }

    fn io(&self, source: std::io::Error) -> SharedError {
        SharedError::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// Runs `f` on the up-to-date store under the file lock, and saves what it changed.
    /// `partner_id` is checked against a file read again.
    pub fn section<R>(
        &self,
        store: &Mutex<Store>,
        partner_id: i64,
        f: impl FnOnce(&mut Store) -> R,
    ) -> Result<R, SharedError> {
        // In-process first: one thread at a time takes the file lock (two descriptors of one
        // process would block each other) — and the store lock is held the whole section.
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        let _lock = lock(&self.path).map_err(|e| self.io(e))?;
        let mut store = store.lock().unwrap_or_else(|p| p.into_inner());
        let now = FileStamp::of(&self.path);
        if now.is_none() || now != *seen {
            let fresh = match persist::load(&self.path).map_err(SharedError::Bad)? {
                Some(s) if s.partner_id != partner_id => {
                    return Err(SharedError::Bad(SandboxError::PartnerMismatch {
                        path: self.path.clone(),
                        found: s.partner_id,
                        wanted: partner_id,
                    }));
                }
                Some(s) => s,
                None => {
                    tracing::info!(path = %self.path.display(), "sandbox state file gone (reset): starting over");
                    let mut s = (self.fresh)();
                    s.touch();
                    s
                }
            };
            *store = fresh;
            *seen = now;
        }
        let before = store.generation;
        let result = f(&mut store);
        if store.generation != before || seen.is_none() {
            let bytes = serde_json::to_vec_pretty(&*store).map_err(|e| self.io(e.into()))?;
            persist::save(&self.path, &bytes).map_err(|e| self.io(e))?;
            *seen = FileStamp::of(&self.path);
        }
        Ok(result)
    }
}
