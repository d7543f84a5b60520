//! [`Webcast::expired_link_tokens`] and [`Webcast::delete_link_tokens`]: the single-purpose app
//! tokens kwebcast minted link KSs from (no admin secret) stay on the account after their links
//! expire; `kwebcast tokens prune` finds the expired ones by kwebcast's description prefix and
//! deletes them, ⌈N/50⌉ multirequests each way.

use super::api::Webcast;
use crate::kaltura::client::LINK_TOKEN_DESCRIPTION;
use crate::kaltura::error::Error;
use crate::kaltura::services::Pager;
use crate::kaltura::services::app_token::{self, AppTokenFilter};
use crate::kaltura::types::{AppTokenObject, ListResponse};

/// Tokens listed per page (Kaltura's most is 500).
const PAGE: i64 = 500;
/// Pages read at most: 10,000 active tokens is far past any account kwebcast serves.
const MAX_PAGES: i64 = 20;
/// Calls per multirequest.
const BATCH: usize = 50;
/// `KalturaAppTokenStatus::ACTIVE`.
const ACTIVE: i64 = 2;

/// An expired link token found on the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiredToken {
    /// Its ID (checked: letters, digits, `_`, `-`).
    pub id: String,
    /// When it expired, Unix seconds.
    pub expiry: i64,
}

/// What became of one deletion.
#[derive(Debug)]
pub struct Pruned {
    /// Deleted (or already gone).
    pub deleted: Vec<String>,
    /// Refused: the ID and Kaltura's error.
    pub failed: Vec<(String, Error)>,
}

fn is_token_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A listed token kwebcast minted for a link, expired by `now`.
fn expired_link_token(t: &AppTokenObject, now: i64) -> Option<ExpiredToken> {
    (t.description.starts_with(LINK_TOKEN_DESCRIPTION)
        && t.status == ACTIVE
        && t.expiry > 0
        && t.expiry <= now
        && is_token_id(&t.id))
    .then(|| ExpiredToken {
        id: t.id.clone(),
        expiry: t.expiry,
    })
}

impl Webcast {
    /// The active app tokens kwebcast minted for links that have expired, oldest first.
    pub async fn expired_link_tokens(&self, now: i64) -> Result<Vec<ExpiredToken>, Error> {
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
            found.extend(
                listed
                    .objects
                    .iter()
                    .filter_map(|t| expired_link_token(t, now)),
            );
            if count < PAGE || page * PAGE >= listed.total_count {
                break;
            }
        }
        found.sort_by_key(|t| t.expiry);
        found.dedup_by(|a, b| a.id == b.id);
        Ok(found)
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
            "token": "x", "hashType": "SHA256"
        }))
        .unwrap()
    }

    #[test]
    fn only_expired_active_tokens_kwebcast_minted_are_pruned() {
        let now = 1_000;
        let ours = "kwebcast: attendee link for 0_a";
        assert!(expired_link_token(&token("0_a", ours, 2, 999), now).is_some());
        assert!(expired_link_token(&token("0_a", ours, 2, 1_001), now).is_none());
        assert!(expired_link_token(&token("0_a", ours, 2, 0), now).is_none());
        assert!(expired_link_token(&token("0_a", ours, 3, 999), now).is_none());
        assert!(expired_link_token(&token("0_a", "kwebcast operator", 2, 999), now).is_none());
        assert!(expired_link_token(&token("0_a\u{1b}[2J", ours, 2, 999), now).is_none());
    }
}
