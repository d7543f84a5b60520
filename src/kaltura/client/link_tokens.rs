//! The single-purpose app tokens kwebcast minted link KSs from, kept between runs in an
//! owner-only file in the data directory (`link_tokens.json`), so the next run re-opens a link's
//! session with one `appToken.startSession` (one multirequest for all of an event's links)
//! instead of creating a new token first.
//!
//! Why a file: without it every run is cold — a multirequest of `appToken.add`, then one of
//! `appToken.startSession` — and leaves one more token per link on the account. The file is a
//! hint only: a token Kaltura no longer knows, has disabled or that has expired is forgotten and
//! minted again; an unreadable, oversized or damaged file costs a round-trip, never a link.
//! Each entry is validated as it is read (the file could have been edited), and the token values
//! it holds (each opens one link's session) never reach a log or an output.

use crate::kaltura::app_token::TokenHash;
use crate::kaltura::secret::AppTokenSecret;
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The file's name, in the data directory (beside the journal).
pub const FILE_NAME: &str = "link_tokens.json";

/// The most read of the file: a token takes ~300 bytes, thousands of them fit.
const MAX_BYTES: u64 = 1 << 20;

/// The most tokens kept (the oldest are dropped first): a bound on the file's size.
const MAX_TOKENS: usize = 2_000;

/// One kept token, as written in the file.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    /// `"{service URL}#{partner}"`: tokens of one account only serve that account.
    account: String,
    id: String,
    token: String,
    hash_type: String,
    user_id: String,
    privileges: String,
    /// The token's own expiry, Unix seconds.
    expiry: i64,
}

#[derive(Default, Serialize, Deserialize)]
struct File {
    #[serde(default)]
    tokens: Vec<Entry>,
}

/// A token found for a link: what `appToken.startSession` needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptToken {
    /// The token's ID.
    pub id: String,
    /// Its value (a secret: `Debug` redacts it).
    pub token: AppTokenSecret,
    /// How its hash is computed.
    pub hash: TokenHash,
    /// The user its sessions are for.
    pub user_id: String,
    /// Its sessions' privileges.
    pub privileges: String,
    /// When it stops opening sessions, Unix seconds.
    pub expiry: i64,
}

/// The kept-tokens file of one data directory.
#[derive(Debug, Clone)]
pub struct LinkTokenStore {
    path: PathBuf,
}

fn account(service_url: &str, partner_id: i64) -> String {
    format!(
        "{}#{partner_id}",
        service_url.trim_end_matches('/').to_ascii_lowercase()
    )
}

fn is_id(text: &str) -> bool {
    (1..=64).contains(&text.len())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn is_clean(text: &str, max: usize) -> bool {
    text.len() <= max && !text.chars().any(|c| c.is_control())
}

/// An entry read from the file, if it is sane.
fn validate(e: Entry) -> Option<(String, KeptToken)> {
    let hash = TokenHash::parse(&e.hash_type)?;
    let token_ok =
        (8..=256).contains(&e.token.len()) && e.token.chars().all(|c| c.is_ascii_alphanumeric());
    (is_id(&e.id)
        && token_ok
        && e.expiry > 0
        && !e.user_id.is_empty()
        && is_clean(&e.user_id, 256)
        && is_clean(&e.privileges, 4096)
        && is_clean(&e.account, 1024))
    .then(|| {
        let token = AppTokenSecret::new(e.token);
        crate::kaltura::secret::hold_runtime_secret(&token);
        (
            e.account,
            KeptToken {
                id: e.id,
                token,
                hash,
                user_id: e.user_id,
                privileges: e.privileges,
                expiry: e.expiry,
            },
        )
    })
}

impl LinkTokenStore {
    /// The store in `dir` (the data directory).
    pub fn in_dir(dir: &Path) -> Self {
        LinkTokenStore {
            path: dir.join(FILE_NAME),
        }
    }

    /// Where the tokens are kept.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn read(&self) -> Vec<(String, KeptToken)> {
        let Ok(file) = std::fs::File::open(&self.path) else {
            return Vec::new();
        };
        let _ = crate::files::make_private(&file);
        let mut bytes = Vec::new();
        if file.take(MAX_BYTES + 1).read_to_end(&mut bytes).is_err()
            || bytes.len() as u64 > MAX_BYTES
        {
            tracing::warn!(path = %self.path.display(), "kept link tokens unreadable or too large, ignored");
            return Vec::new();
        }
        match serde_json::from_slice::<File>(&bytes) {
            Ok(f) => f.tokens.into_iter().filter_map(validate).collect(),
            Err(_) => {
                // Not the serde message: it may quote the file's content.
                tracing::warn!(path = %self.path.display(), "kept link tokens damaged, ignored");
                Vec::new()
            }
        }
    }

    /// The file's advisory lock (`link_tokens.json.lock`), held across a read-change-write;
    /// `None` (said in the log) when it cannot be taken: the tokens are then not kept, which
    /// costs a mint next time, never a broken file.
    fn lock(&self) -> Option<crate::files::FileLock> {
        crate::files::lock(&self.path)
            .inspect_err(|e| {
                tracing::warn!(path = %self.path.display(), "cannot lock the link tokens: {e}");
            })
            .ok()
    }

    fn write(&self, tokens: &[(String, KeptToken)]) {
        if let Err(e) = self.try_write(tokens) {
            tracing::warn!(path = %self.path.display(), "cannot keep the link tokens: {e}");
        }
    }

    /// Writes a temporary file (owner-only, named for this process) and renames it over the old.
    fn try_write(&self, tokens: &[(String, KeptToken)]) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            crate::files::create_private_dir_all(dir)?;
        }
        let file = File {
            tokens: tokens
                .iter()
                .map(|(account, t)| Entry {
                    account: account.clone(),
                    id: t.id.clone(),
                    token: t.token.expose().to_string(),
                    hash_type: t.hash.name().to_string(),
                    user_id: t.user_id.clone(),
                    privileges: t.privileges.clone(),
                    expiry: t.expiry,
                })
                .collect(),
        };
        let tmp = self
            .path
            .with_extension(format!("json.{}.tmp", std::process::id()));
        let mut out = crate::files::private_options()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        out.write_all(&serde_json::to_vec_pretty(&file).map_err(std::io::Error::other)?)?;
        out.sync_all()?;
        std::fs::rename(&tmp, &self.path)
    }

    /// Every kept token of the account still valid at `now`.
    pub fn tokens(&self, service_url: &str, partner_id: i64, now: i64) -> Vec<KeptToken> {
        let account = account(service_url, partner_id);
        self.read()
            .into_iter()
            .filter(|(a, t)| *a == account && t.expiry > now)
            .map(|(_, t)| t)
            .collect()
    }

    /// Keeps `new` tokens of the account; drops expired ones (and the oldest past the cap).
    pub fn remember(&self, service_url: &str, partner_id: i64, new: &[KeptToken], now: i64) {
        if new.is_empty() {
            return;
        }
        let account = account(service_url, partner_id);
        // Read, change and write under the file's lock: two runs (or two tasks of a board)
        // keeping tokens at once must not lose each other's, nor interleave their writes.
        let Some(_lock) = self.lock() else {
            return;
        };
        let mut all = self.read();
        all.retain(|(_, t)| t.expiry > now && !new.iter().any(|n| n.id == t.id));
        all.extend(new.iter().map(|t| (account.clone(), t.clone())));
        if all.len() > MAX_TOKENS {
            all.drain(..all.len() - MAX_TOKENS);
        }
        self.write(&all);
    }

    /// Forgets tokens by ID (Kaltura refused them, or they were deleted).
    pub fn forget(&self, ids: &[&str]) {
        let Some(_lock) = self.lock() else {
            return;
        };
        let mut all = self.read();
        let before = all.len();
        all.retain(|(_, t)| !ids.contains(&t.id.as_str()));
        if all.len() != before {
            self.write(&all);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(id: &str, expiry: i64) -> KeptToken {
        KeptToken {
            id: id.into(),
            token: AppTokenSecret::new("0123456789abcdef0123456789abcdef"),
            hash: TokenHash::Sha256,
            user_id: "viewer".into(),
            privileges: "sview:0_a,enableentitlement".into(),
            expiry,
        }
    }

    #[test]
    fn keeps_per_account_forgets_and_drops_expired() {
        let dir = tempfile::tempdir().unwrap();
        let store = LinkTokenStore::in_dir(&dir.path().join("data"));
        assert!(store.tokens("https://a.example", 1, 100).is_empty());
        store.remember("https://A.example/", 1, &[token("0_a", 200)], 100);
        store.remember("https://a.example", 2, &[token("0_b", 500)], 100);
        assert_eq!(
            store.tokens("https://a.example", 1, 100),
            [token("0_a", 200)]
        );
        assert!(
            store.tokens("https://a.example", 1, 300).is_empty(),
            "expired"
        );
        store.remember("https://a.example", 1, &[token("0_c", 900)], 300);
        let text = std::fs::read_to_string(store.path()).unwrap();
        assert!(
            !text.contains("\"0_a\""),
            "expired tokens are dropped on write"
        );
        store.forget(&["0_b"]);
        assert!(store.tokens("https://a.example", 2, 100).is_empty());
        assert_eq!(store.tokens("https://a.example", 1, 300).len(), 1);
        assert!(!format!("{:?}", token("0_x", 1)).contains("0123456789abcdef"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(store.path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn tokens_kept_at_once_by_several_tasks_are_all_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = LinkTokenStore::in_dir(&dir.path().join("data"));
        std::thread::scope(|scope| {
            for t in 0..8 {
                let store = &store;
                scope.spawn(move || {
                    for n in 0..25 {
                        let id = format!("0_t{t}n{n}");
                        store.remember("https://a.example", 1, &[token(&id, 900)], 100);
                    }
                });
            }
        });
        assert_eq!(store.tokens("https://a.example", 1, 100).len(), 200);
    }

    #[test]
    fn hostile_or_damaged_files_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let store = LinkTokenStore::in_dir(dir.path());
        store.remember("https://a.example", 1, &[token("0_a", 900)], 100);
        let good = std::fs::read_to_string(store.path()).unwrap();
        for (from, to) in [
            ("\"0_a\"", "\"0_a\\u001b[2J\""),
            ("\"viewer\"", "\"\""),
            ("\"SHA256\"", "\"ROT13\""),
            ("0123456789abcdef0123456789abcdef", "short"),
            ("900", "0"),
        ] {
            std::fs::write(store.path(), good.replace(from, to)).unwrap();
            assert!(store.tokens("https://a.example", 1, 100).is_empty(), "{to}");
        }
        std::fs::write(store.path(), b"not json").unwrap();
        assert!(store.tokens("https://a.example", 1, 100).is_empty());
        let mut huge = good.into_bytes();
        huge.extend(std::iter::repeat_n(b' ', MAX_BYTES as usize));
        std::fs::write(store.path(), &huge).unwrap();
        assert!(store.tokens("https://a.example", 1, 100).is_empty());
    }
}
