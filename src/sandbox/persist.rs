//! The `--state` file: written atomically (temporary file, fsync, rename, directory fsync) so a
//! crash leaves the old or the new state, never half of one; a file that does not parse is an
//! error, never silently replaced. The file is created readable by its owner only (0600).

use super::SandboxError;
use super::store::Store;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Reads the state; `Ok(None)` when the file does not exist yet.
pub fn load(path: &Path) -> Result<Option<Store>, SandboxError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(SandboxError::StateRead {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    serde_json::from_slice(&bytes)
        .map(|mut store: Store| {
            super::seed::upgrade(&mut store);
            Some(store)
        })
        .map_err(|e| SandboxError::StateCorrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })
}

/// Writes `bytes` to `path` atomically.
pub fn save(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state".into());
    let tmp = dir.join(format!(".{name}.tmp.{}", std::process::id()));
    let result = (|| {
        // Created 0600: the state holds every event's stream keys.
        let mut f = crate::files::private_options()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all(); // not every filesystem allows fsync on a directory
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
