//! Files that hold the operator's data — the event journal, the sandbox's state, the log —
//! created readable by their owner only (0600, directories 0700).
//!
//! Why: the journal and the sandbox state hold stream keys and event details, the log holds
//! request traces; on a shared machine a default umask (0644) would hand them to every user.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// Creates `dir` and its missing parents with mode 0700. Directories that already exist keep
/// their mode: `~` or a directory the operator chose is not ours to change.
pub fn create_private_dir_all(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Open options that create a file with mode 0600 (an existing file keeps its mode; see
/// [`make_private`]).
pub fn private_options() -> OpenOptions {
    #[allow(unused_mut)]
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// Takes group and other permissions away from an existing file of ours (a journal written by
/// an older version under a 0644 umask). Returns true when it changed something.
pub fn make_private(file: &std::fs::File) -> io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = file.metadata()?.permissions().mode();
        if mode & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(mode & 0o700))?;
            return Ok(true);
        }
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(false)
}

/// What identifies one version of a file on disk (device, inode, length, modification time):
/// one `stat` tells whether a file another process may write changed since it was last read,
/// so a reader polling it (the sandbox's state file, the dashboard following the journal) reads
/// it again only when it did. An append changes the length and the time; a save by rename
/// changes the inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    dev: u64,
    ino: u64,
    len: u64,
    mtime_ns: i128,
}

impl FileStamp {
    /// The stamp of `path` now, or `None` when it cannot be read (missing, no permission).
    pub fn of(path: &Path) -> Option<FileStamp> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(FileStamp {
                dev: meta.dev(),
                ino: meta.ino(),
                len: meta.len(),
                mtime_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
            })
        }
        #[cfg(not(unix))]
        {
            // Without inodes a same-length rewrite within the clock's resolution could be
            // missed: compare what there is.
            let mtime_ns = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i128);
            Some(FileStamp {
                dev: 0,
                ino: 0,
                len: meta.len(),
                mtime_ns,
            })
        }
    }
}

/// The lock file beside a shared file (`sandbox.json` → `sandbox.json.lock`).
pub fn lock_path(state: &Path) -> PathBuf {
    let mut name = state
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "sandbox.json".into());
    name.push(".lock");
    state.with_file_name(name)
}

/// An exclusive advisory lock on a file shared by several kwebcast processes (the sandbox's
/// state, the kept link tokens), released when dropped (closing the file
/// releases a `flock`).
pub struct FileLock {
    _file: File,
}

/// Takes the lock, waiting for other processes to release it.
pub fn lock(state: &Path) -> std::io::Result<FileLock> {
    if let Some(dir) = state.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::files::create_private_dir_all(dir)?;
    }
    let file = crate::files::private_options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(lock_path(state))?;
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        loop {
            // SAFETY: flock on a descriptor this function owns; no memory is touched.
            let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
            if rc == 0 {
                break;
            }
            let err = std::io::Error::last_os_error();
            if err.kind() != std::io::ErrorKind::Interrupted {
                return Err(err);
            }
        }
    }
    Ok(FileLock { _file: file })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn created_private_and_existing_files_tightened() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b");
        create_private_dir_all(&dir).unwrap();
        assert_eq!(mode(&tmp.path().join("a")), 0o700);
        assert_eq!(mode(&dir), 0o700);
        let path = dir.join("f");
        private_options()
            .create(true)
            .append(true)
            .open(&path)
            .unwrap();
        assert_eq!(mode(&path), 0o600);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let f = std::fs::File::open(&path).unwrap();
        assert!(make_private(&f).unwrap());
        assert_eq!(mode(&path), 0o600);
        assert!(!make_private(&f).unwrap());
    }
}
