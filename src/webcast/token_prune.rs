//! [`Webcast::prunable_link_tokens`] and [`Webcast::delete_link_tokens`]: the single-purpose app
//! tokens kwebcast minted link KSs from (no admin secret) stay on the account after their links
//! expire, or after their event is deleted; `kwebcast tokens prune` finds them by kwebcast's
//! description prefix (`kwebcast: attendee link for 0_…`) — expired, or naming an entry
//! `baseEntry.get` says is gone (`ENTRY_ID_NOT_FOUND`) — and deletes them, ⌈N/50⌉
//! multirequests each way.

use super::api::Webcast;
use crate::kaltura::client::LINK_TOKEN_DESCRIPTION;
use crate::kaltura::error::Error;
use crate::kaltura::services::Pager;
use crate::kaltura::services::app_token::{self, AppTokenFilter};
use crate::kaltura::services::base_entry;
use crate::kaltura::types::lenient::is_entry_id;
use crate::kaltura::types::{AppTokenObject, ListResponse};

/// Tokens listed per page (Kaltura's most is 500).
const PAGE: i64 = 500;
/// Pages read at most: 10,000 active tokens is far past any account kwebcast serves.
const MAX_PAGES: i64 = 20;
/// Calls per multirequest.
const BATCH: usize = 50;
/// `KalturaAppTokenStatus::ACTIVE`.
const ACTIVE: i64 = 2;

/// A link token found on the account that serves no link any more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrunableToken {
    /// Its ID (checked: letters, digits, `_`, `-`).
    pub id: String,
    /// When it expires (or expired), Unix seconds.
    pub expiry: i64,
    /// The entry its description names (checked), if any.
    pub entry_id: Option<String>,
    /// Why it can go.
    pub reason: PruneReason,
}

/// Why a link token can be deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PruneReason {
    /// Past its expiry: it opens no session.
    Expired,
    /// Its entry is gone from the account: its link plays nothing.
    EntryGone,
}

impl PruneReason {
    /// The `--json` spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PruneReason::Expired => "expired",
            PruneReason::EntryGone => "entry_gone",
        }
    }
}

/// What became of one deletion.
#[derive(Debug)]
pub struct Pruned {
    /// Deleted (or already gone).
    pub deleted: Vec<String>,
    /// Refused: the ID and Kaltura's error.
    pub failed: Vec<(String, Error)>,
}

/// `KalturaSessionType` USER: every link token kwebcast mints.
const USER_SESSION: i64 = 0;

fn is_token_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A listed active token kwebcast minted for a link (`None` for any other token), with the
/// entry its description names and whether it has expired by `now`.
fn link_token(t: &AppTokenObject, now: i64) -> Option<PrunableToken> {
    let purpose = t.description.strip_prefix(LINK_TOKEN_DESCRIPTION)?;
    // Only what kwebcast mints: an active USER token (a description anyone can write is not
    // enough: an ADMIN token or another app's named alike is never ours to delete).
    if t.status != ACTIVE || !is_token_id(&t.id) || t.session_type != USER_SESSION {
        return None;
    }
    let entry_id = purpose
        .rsplit_once(" for ")
        .map(|(_, id)| id.trim())
        .filter(|id| is_entry_id(id))
        .map(str::to_string);
    // Its privileges name the entry its description names (sview/list/download of it).
    if let Some(id) = &entry_id
        && !t
            .session_privileges
            .split(',')
            .any(|p| p.split_once(':').is_some_and(|(_, v)| v == id))
    {
        return None;
    }
    Some(PrunableToken {
        id: t.id.clone(),
        expiry: t.expiry,
        entry_id,
        reason: if t.expiry > 0 && t.expiry <= now {
            PruneReason::Expired
        } else {
            PruneReason::EntryGone
        },
    })
}

impl Webcast {
    /// The active app tokens kwebcast minted for links that serve none any more: expired, or
    /// naming an entry the account no longer has. Expired first, oldest first.
    ///
    /// An unexpired token is deleted only for an entry the journal saw deleted (`deleted_here`)
    /// and Kaltura answers `ENTRY_ID_NOT_FOUND` for: Kaltura's answer alone could mean the
    /// session is not entitled to the entry, and revoking a live event's links must not happen
    /// on a guess.
    pub async fn prunable_link_tokens(
        &self,
        now: i64,
        deleted_here: &std::collections::HashSet<String>,
    ) -> Result<Vec<PrunableToken>, Error> {
        let filter = AppTokenFilter {
            status_equal: Some(ACTIVE),
            ..AppTokenFilter::default()
        };
        let mut found = Vec::new();
        for page in 1..=MAX_PAGES {
            let pager = Pager {
                page_size: Some(PAGE),
                page_index: Some(page),
            };
            let listed: ListResponse<AppTokenObject> = self
                .client
                .call_as(&app_token::list(&filter, Some(&pager)))
                .await?;
            let count = listed.objects.len() as i64;
            found.extend(listed.objects.iter().filter_map(|t| link_token(t, now)));
            if count < PAGE || page * PAGE >= listed.total_count {
                break;
            }
        }
        // A token listed on two pages (the list moved while read) counts once.
        let mut seen = std::collections::HashSet::new();
        found.retain(|t| seen.insert(t.id.clone()));
        found.sort_by_key(|t| (t.reason == PruneReason::EntryGone, t.expiry));
        let (expired, live): (Vec<_>, Vec<_>) = found
            .into_iter()
            .partition(|t| t.reason == PruneReason::Expired);
        let live: Vec<PrunableToken> = live
            .into_iter()
            .filter(|t| {
                t.entry_id
                    .as_ref()
                    .is_some_and(|e| deleted_here.contains(e))
            })
            .collect();
        let gone = self.gone_entries(&live).await?;
        Ok(expired
            .into_iter()
            .chain(live.into_iter().filter(|t| {
                t.entry_id
                    .as_ref()
                    .is_some_and(|e| gone.contains(e.as_str()))
            }))
            .collect())
    }

    /// The entries named by `tokens` that Kaltura answers `ENTRY_ID_NOT_FOUND` for (deleted):
    /// `baseEntry.get` of each, 50 per multirequest. Any other answer keeps the token.
    async fn gone_entries(
        &self,
        tokens: &[PrunableToken],
    ) -> Result<std::collections::BTreeSet<String>, Error> {
        let mut ids: Vec<&str> = tokens
            .iter()
            .filter_map(|t| t.entry_id.as_deref())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut gone = std::collections::BTreeSet::new();
        for chunk in ids.chunks(BATCH) {
            let calls: Vec<_> = chunk
                .iter()
                .map(|id| base_entry::get(id).only_fields(&["id"]))
                .collect();
            for (id, slot) in chunk.iter().zip(self.client.multirequest(&calls).await?) {
                if slot.is_err_and(|e| e.code() == Some("ENTRY_ID_NOT_FOUND")) {
                    gone.insert(id.to_string());
                }
            }
        }
        Ok(gone)
    }

    /// Deletes tokens by ID, 50 per multirequest; one already gone (`APP_TOKEN_ID_NOT_FOUND`)
    /// counts as deleted. Deleted tokens are forgotten from the kept link tokens too.
    pub async fn delete_link_tokens(&self, ids: &[String]) -> Result<Pruned, Error> {
        let mut pruned = Pruned {
            deleted: Vec::new(),
            failed: Vec::new(),
        };
        for chunk in ids.chunks(BATCH) {
            let calls: Vec<_> = chunk.iter().map(|id| app_token::delete(id)).collect();
            for (id, slot) in chunk.iter().zip(self.client.multirequest(&calls).await?) {
                match slot {
                    Ok(_) => pruned.deleted.push(id.clone()),
                    Err(e) if e.code() == Some("APP_TOKEN_ID_NOT_FOUND") => {
                        pruned.deleted.push(id.clone())
                    }
                    Err(e) => pruned.failed.push((id.clone(), e)),
                }
            }
        }
        let gone: Vec<&str> = pruned.deleted.iter().map(String::as_str).collect();
        self.client.forget_link_tokens(&gone);
        Ok(pruned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(id: &str, description: &str, status: i64, expiry: i64) -> AppTokenObject {
        serde_json::from_value(serde_json::json!({
            "id": id, "description": description, "status": status, "expiry": expiry,
            "token": "x", "hashType": "SHA256", "sessionType": 0,
            "sessionPrivileges": "sview:0_abcdefgh,enableentitlement"
        }))
        .unwrap()
    }

    #[test]
    fn only_active_tokens_kwebcast_minted_are_considered() {
        let now = 1_000;
        let ours = "kwebcast: attendee link for 0_abcdefgh";
        let t = link_token(&token("0_a", ours, 2, 999), now).unwrap();
        assert_eq!(t.reason, PruneReason::Expired);
        assert_eq!(t.entry_id.as_deref(), Some("0_abcdefgh"));
        for expiry in [1_001, 0] {
            let t = link_token(&token("0_a", ours, 2, expiry), now).unwrap();
            assert_eq!(
                t.reason,
                PruneReason::EntryGone,
                "only if its entry is gone"
            );
        }
        let odd = link_token(&token("0_a", "kwebcast: x for ../../\u{1b}[2J", 2, 5), 9).unwrap();
        assert_eq!(
            odd.entry_id, None,
            "a name that is no entry ID is not looked up"
        );
        assert!(link_token(&token("0_a", ours, 3, 999), now).is_none());
        assert!(link_token(&token("0_a", "kwebcast operator", 2, 999), now).is_none());
        assert!(link_token(&token("0_a\u{1b}[2J", ours, 2, 999), now).is_none());
        // Named like ours but not as kwebcast mints: an ADMIN token, or privileges on another
        // entry than the one named.
        let mut admin = token("0_a", ours, 2, 999);
        admin.session_type = 2;
        assert!(link_token(&admin, now).is_none());
        let other = token("0_a", "kwebcast: attendee link for 0_zzzzzzzz", 2, 999);
        assert!(link_token(&other, now).is_none());
    }
}
