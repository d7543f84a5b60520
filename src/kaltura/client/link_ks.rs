//! KSs for someone else — an attendee, the moderator, the Studio — each a USER session with the
//! least privileges its link needs.
//!
//! With the admin secret they are signed here, no round-trip. With an application token there is
//! no secret, and Kaltura will not put server-reserved privileges (`sview`, `setrole`,
//! `enableentitlement`, `restrictexplicitliveview`...) asked for in `appToken.startSession`'s
//! `sessionPrivileges` into the session: it drops them ("ignored if … the privilege is server
//! reserved"). A token's own `sessionPrivileges` are kept whole, though. So each link KS is
//! minted from a single-purpose token made for it, with the operator's admin session: a USER
//! token holding exactly the link's user and privileges, expiring with the link — one
//! multirequest of `appToken.add`, one of `appToken.startSession` (whatever the number of links),
//! every minted session checked against what was asked, and kept until near its expiry. The
//! tokens are kept between runs (`link_tokens.rs`), so a later run skips the adds: one
//! multirequest of `appToken.startSession` for all of an event's links. Deleting such a token
//! revokes its link (Kaltura logs out sessions of a deleted token); `kwebcast tokens prune`
//! deletes the expired ones.

use super::link_tokens::KeptToken;
use super::{KalturaClient, KsProvider, decode, now};
use crate::kaltura::app_token::{BOOKKEEPING_PRIVILEGES, TokenHash, token_hash};
use crate::kaltura::error::Error;
use crate::kaltura::ks::{self, Privilege, SessionType};
use crate::kaltura::services::app_token::{self, NewAppToken, SessionAsk};
use crate::kaltura::types::{AppTokenObject, SessionInfo};
use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

/// One link KS to make: a USER session for `user_id` with exactly `privileges`, until
/// `expires_at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkKsRequest {
    /// The session's user (the attendee ID, the moderator).
    pub user_id: String,
    /// Kaltura's privilege string, comma-separated.
    pub privileges: String,
    /// Absolute expiry, Unix seconds.
    pub expires_at: i64,
    /// What the link is for, in a few words (`attendee link for 0_abc`): names the minting token
    /// on the account and the link in messages.
    pub purpose: String,
}

/// A KS made for a link, and when it really expires (an account may grant less than asked).
#[derive(Clone, PartialEq, Eq)]
pub struct IssuedKs {
    /// The KS.
    pub ks: String,
    /// Its expiry, Unix seconds.
    pub expires_at: i64,
}

impl fmt::Debug for IssuedKs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "IssuedKs({}, expires_at: {})",
            ks::redact(&self.ks),
            self.expires_at
        )
    }
}

/// Minted link KSs by (user, privileges).
#[derive(Debug, Default)]
pub(super) struct LinkKsCache {
    minted: Mutex<HashMap<(String, String), IssuedKs>>,
}

/// Reuse a minted KS while it keeps at least three quarters of the life asked for now, and never
/// when it would outlive what is asked (a link must not live longer than configured).
fn reusable(have: &IssuedKs, want: &LinkKsRequest, now: i64) -> bool {
    let wanted = (want.expires_at - now).max(1);
    let left = have.expires_at - now;
    have.expires_at <= want.expires_at + 60 && left.saturating_mul(4) >= wanted.saturating_mul(3)
}

impl LinkKsCache {
    fn get(&self, want: &LinkKsRequest, now: i64) -> Option<IssuedKs> {
        let map = self.minted.lock().unwrap_or_else(|p| p.into_inner());
        map.get(&(want.user_id.clone(), want.privileges.clone()))
            .filter(|have| reusable(have, want, now))
            .cloned()
    }

    fn put(&self, want: &LinkKsRequest, issued: &IssuedKs, now: i64) {
        let mut map = self.minted.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, v| v.expires_at > now);
        map.insert(
            (want.user_id.clone(), want.privileges.clone()),
            issued.clone(),
        );
    }
}

impl KalturaClient {
    /// True when link KSs cost round-trips (minted with the app token, no admin secret): callers
    /// then ask for every KS they will need in one [`KalturaClient::issue_user_kss`].
    pub fn mints_link_kss(&self) -> bool {
        matches!(self.inner.ks.provider, KsProvider::AppToken { .. })
    }

    /// Forgets kept link tokens by ID (deleted from the account).
    pub fn forget_link_tokens(&self, ids: &[&str]) {
        if let Some(store) = &self.inner.link_tokens
            && !ids.is_empty()
        {
            store.forget(ids);
        }
    }

    /// Link KSs, one per request, in order: signed here when the client holds the admin secret
    /// (no round-trip), minted with the app token otherwise (two round-trips for all of them,
    /// none for those still cached). A KS that Kaltura would make other than asked (another
    /// type or user, a privilege missing or added) is refused with one sentence rather than
    /// handed out.
    pub async fn issue_user_kss(&self, reqs: &[LinkKsRequest]) -> Result<Vec<IssuedKs>, Error> {
        match &self.inner.ks.provider {
            KsProvider::Local { .. } | KsProvider::SessionStart { .. } => reqs
                .iter()
                .map(|r| {
                    self.sign_ks(&r.user_id, SessionType::User, &r.privileges, r.expires_at)
                        .map(|ks| IssuedKs {
                            ks,
                            expires_at: r.expires_at,
                        })
                })
                .collect(),
            KsProvider::AppToken { .. } => self.mint_with_tokens(reqs).await,
            KsProvider::Fixed(_) => Err(Error::Config(
                "link KSs need the admin secret or an app token, and this client has a fixed KS"
                    .into(),
            )),
        }
    }

    async fn mint_with_tokens(&self, reqs: &[LinkKsRequest]) -> Result<Vec<IssuedKs>, Error> {
        let cache = &self.inner.link_kss;
        let start = now();
        let mut out: Vec<Option<IssuedKs>> = reqs.iter().map(|r| cache.get(r, start)).collect();
        let missing: Vec<&LinkKsRequest> = reqs
            .iter()
            .zip(&out)
            .filter(|(_, have)| have.is_none())
            .map(|(r, _)| r)
            .collect();
        if !missing.is_empty() {
            let minted = self.mint(&missing, start).await?;
            let mut minted = minted.into_iter();
            for (slot, req) in out.iter_mut().zip(reqs) {
                if slot.is_none() {
                    let issued = minted.next().ok_or_else(|| Error::Decode {
                        call: "appToken.startSession".into(),
                        detail: "fewer sessions than asked".into(),
                    })?;
                    cache.put(req, &issued, start);
                    *slot = Some(issued);
                }
            }
        }
        Ok(out.into_iter().flatten().collect())
    }

    /// The kept token that can open `req`'s session now: same user and privileges, and a
    /// session from it would be what [`reusable`] accepts.
    fn kept_token(&self, kept: &[KeptToken], req: &LinkKsRequest, now: i64) -> Option<KeptToken> {
        kept.iter()
            .filter(|t| t.user_id == req.user_id && t.privileges == req.privileges)
            .filter(|t| {
                let session = IssuedKs {
                    ks: String::new(),
                    expires_at: t.expiry,
                };
                reusable(&session, req, now)
            })
            .max_by_key(|t| t.expiry)
            .cloned()
    }

    /// One session per request: from a token kept by an earlier run where one fits (no
    /// `appToken.add`), from a new single-purpose token otherwise (one multirequest of adds for
    /// all of them), then one multirequest of `appToken.startSession` for them all. A kept
    /// token Kaltura refuses (gone, disabled, expired) is forgotten and minted again, once.
    async fn mint(&self, reqs: &[&LinkKsRequest], now: i64) -> Result<Vec<IssuedKs>, Error> {
        let store = self.inner.link_tokens.as_ref();
        let (service, partner) = (self.service_url(), self.partner_id());
        let kept = store.map_or_else(Vec::new, |s| s.tokens(service, partner, now));
        let mut tokens: Vec<Option<(KeptToken, bool)>> = reqs
            .iter()
            .map(|r| self.kept_token(&kept, r, now).map(|t| (t, true)))
            .collect();
        let mut issued: Vec<Option<IssuedKs>> = vec![None; reqs.len()];
        for attempt in 0..2 {
            let need: Vec<usize> = (0..reqs.len()).filter(|&i| tokens[i].is_none()).collect();
            if !need.is_empty() {
                let asked: Vec<&LinkKsRequest> = need.iter().map(|&i| reqs[i]).collect();
                let made = self.add_tokens(&asked, now).await?;
                if let Some(store) = store {
                    store.remember(service, partner, &made, now);
                }
                for (i, t) in need.into_iter().zip(made) {
                    tokens[i] = Some((t, false));
                }
            }
            let open: Vec<usize> = (0..reqs.len()).filter(|&i| issued[i].is_none()).collect();
            let ready: Vec<&KeptToken> = open
                .iter()
                .filter_map(|&i| tokens[i].as_ref().map(|(t, _)| t))
                .collect();
            let answers = self.start_sessions(&ready, &open, reqs, now).await?;
            let mut stale = Vec::new();
            for (i, answer) in open.into_iter().zip(answers) {
                let (token, was_kept) = tokens[i].clone().ok_or_else(|| Error::Decode {
                    call: "appToken.startSession".into(),
                    detail: "a link without a token".into(),
                })?;
                match answer {
                    Ok(info) => {
                        if let Err(e) = check_minted(&info, reqs[i], &token.id) {
                            if let Some(store) = store {
                                store.forget(&[token.id.as_str()]);
                            }
                            // The token opens a broader session than the link may carry: it
                            // must not stay usable on the account (best effort; said if not).
                            if let Err(d) = self.call(&app_token::delete(&token.id)).await {
                                tracing::warn!(target: "kwebcast::kaltura", token = %token.id, "a link token that opens too broad a session could not be deleted: {d}");
                            }
                            return Err(e);
                        }
                        issued[i] = Some(IssuedKs {
                            ks: info.ks,
                            expires_at: if info.expiry > 0 {
                                info.expiry
                            } else {
                                reqs[i].expires_at
                            },
                        });
                    }
                    Err(e) if was_kept && attempt == 0 && is_stale(&e) => {
                        tracing::info!(target: "kwebcast::kaltura", token = %token.id, "a kept link token was refused ({}): minting a new one", e.code().unwrap_or_default());
                        stale.push(token.id.clone());
                        tokens[i] = None;
                    }
                    Err(e) => {
                        return Err(Error::Credentials {
                            call: "appToken.startSession".into(),
                            code: e.code().map(str::to_string),
                            message: format!(
                                "Kaltura would not start the session for the {} from the token \
                                 kwebcast made for it: {e}",
                                reqs[i].purpose
                            ),
                        });
                    }
                }
            }
            if stale.is_empty() {
                break;
            }
            if let Some(store) = store {
                let ids: Vec<&str> = stale.iter().map(String::as_str).collect();
                store.forget(&ids);
            }
        }
        let issued: Vec<IssuedKs> = issued.into_iter().flatten().collect();
        if issued.len() != reqs.len() {
            return Err(Error::Decode {
                call: "appToken.startSession".into(),
                detail: "fewer sessions than asked".into(),
            });
        }
        let new_tokens = tokens.iter().flatten().filter(|(_, kept)| !kept).count();
        tracing::info!(target: "kwebcast::kaltura", links = issued.len(), new_tokens, "minted link KSs with app tokens");
        Ok(issued)
    }

    /// One single-purpose USER token per request, in one multirequest of `appToken.add`.
    async fn add_tokens(&self, reqs: &[&LinkKsRequest], now: i64) -> Result<Vec<KeptToken>, Error> {
        let adds: Vec<_> = reqs
            .iter()
            .map(|r| {
                app_token::add(&NewAppToken {
                    expiry: Some(r.expires_at),
                    session_type: Some(SessionType::User),
                    session_user_id: Some(r.user_id.clone()),
                    session_duration: Some((r.expires_at - now).max(60)),
                    session_privileges: Some(r.privileges.clone()),
                    hash_type: Some(TokenHash::Sha256),
                    description: Some(format!("{LINK_TOKEN_DESCRIPTION}{}", r.purpose)),
                })
            })
            .collect();
        let mut tokens = Vec::with_capacity(reqs.len());
        for ((slot, req), add) in self
            .multirequest(&adds)
            .await?
            .into_iter()
            .zip(reqs)
            .zip(&adds)
        {
            let token: AppTokenObject = slot
                .and_then(|v| decode(add, v))
                .map_err(|e| cannot_create(e, req))?;
            if token.id.is_empty() || token.token.is_empty() {
                return Err(Error::Decode {
                    call: add.name(),
                    detail: "the new token has no ID or value".into(),
                });
            }
            crate::kaltura::secret::hold_runtime_secret(&token.token);
            tokens.push(KeptToken {
                id: token.id,
                token: token.token,
                hash: TokenHash::Sha256,
                user_id: req.user_id.clone(),
                privileges: req.privileges.clone(),
                expiry: if token.expiry > 0 {
                    token.expiry
                } else {
                    req.expires_at
                },
            });
        }
        Ok(tokens)
    }

    /// One multirequest of `appToken.startSession`, one per token (`open[k]` is the request
    /// `tokens[k]` serves); each answer on its own.
    async fn start_sessions(
        &self,
        tokens: &[&KeptToken],
        open: &[usize],
        reqs: &[&LinkKsRequest],
        now: i64,
    ) -> Result<Vec<Result<SessionInfo, Error>>, Error> {
        // The hash is over the KS the startSession calls carry: pin it on each of them.
        let ks = self.current_ks().await?.unwrap_or_default();
        let starts: Vec<_> = tokens
            .iter()
            .zip(open)
            .map(|(t, &i)| {
                let hash = token_hash(t.hash, &ks, &t.token);
                let ask = SessionAsk {
                    expiry_secs: Some((reqs[i].expires_at - now).max(60)),
                    ..SessionAsk::default()
                };
                app_token::start_session(&t.id, &hash, &ks, &ask)
            })
            .collect();
        Ok(self
            .multirequest(&starts)
            .await?
            .into_iter()
            .zip(&starts)
            .map(|(slot, start)| slot.and_then(|v| decode(start, v)))
            .collect())
    }
}

/// What starts the description of every token kwebcast mints for a link (`kwebcast tokens
/// prune` finds them by it).
pub const LINK_TOKEN_DESCRIPTION: &str = "kwebcast: ";

/// A kept token Kaltura no longer honours: forget it and mint a new one.
fn is_stale(e: &Error) -> bool {
    matches!(
        e.code(),
        Some(
            "APP_TOKEN_ID_NOT_FOUND"
                | "APP_TOKEN_EXPIRED"
                | "APP_TOKEN_NOT_ACTIVE"
                | "INVALID_APP_TOKEN_HASH"
        )
    )
}

/// `appToken.add` refused: most often a session that may not create tokens.
fn cannot_create(e: Error, req: &LinkKsRequest) -> Error {
    Error::Credentials {
        call: "appToken.add".into(),
        code: e.code().map(str::to_string),
        message: format!(
            "cannot make the {} without the admin secret: Kaltura refused to create the \
             single-purpose app token it is minted from ({e}); the app token's session must be \
             an admin session allowed to call appToken.add",
            req.purpose
        ),
    }
}

/// Checks a minted session against the request: a USER session for the asked user with exactly
/// the asked privileges, plus Kaltura's `sessionid`/`apptoken` bookkeeping for its token.
fn check_minted(info: &SessionInfo, req: &LinkKsRequest, token_id: &str) -> Result<(), Error> {
    let refuse = |what: String| Error::Credentials {
        call: "appToken.startSession".into(),
        code: None,
        message: format!(
            "refusing the {}: Kaltura made its KS {what}, not the least-privilege session asked for",
            req.purpose
        ),
    };
    if info.ks.is_empty() {
        return Err(refuse("without a KS".into()));
    }
    if info.kind() != SessionType::User {
        return Err(refuse(format!("a {} session", info.kind())));
    }
    if info.user_id != req.user_id {
        return Err(refuse("for another user".into()));
    }
    let got: Vec<String> = info
        .privilege_list()
        .iter()
        .map(|p| p.to_string())
        .collect();
    let asked: Vec<String> = Privilege::parse_list(&req.privileges)
        .iter()
        .map(|p| p.to_string())
        .collect();
    let missing: Vec<&str> = asked
        .iter()
        .filter(|a| !got.contains(a))
        .map(|a| a.split(':').next().unwrap_or(a))
        .collect();
    if !missing.is_empty() {
        return Err(refuse(format!("without {}", missing.join(", "))));
    }
    let extra: Vec<&str> = got
        .iter()
        .filter(|g| !asked.contains(g))
        .filter(|g| {
            !BOOKKEEPING_PRIVILEGES
                .iter()
                .any(|b| **g == format!("{b}:{token_id}"))
        })
        .map(|g| g.split(':').next().unwrap_or(g))
        .collect();
    if !extra.is_empty() {
        return Err(refuse(format!("broader (with {})", extra.join(", "))));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(expires_at: i64) -> LinkKsRequest {
        LinkKsRequest {
            user_id: "viewer".into(),
            privileges: "sview:0_rec,enableentitlement".into(),
            expires_at,
            purpose: "attendee link for 0_live".into(),
        }
    }

    fn info(kind: i64, user: &str, privileges: &str) -> SessionInfo {
        SessionInfo {
            ks: "djJ8".into(),
            session_type: kind,
            user_id: user.into(),
            privileges: privileges.into(),
            ..SessionInfo::default()
        }
    }

    #[test]
    fn a_minted_ks_must_be_exactly_what_was_asked() {
        let r = req(1000);
        let ok = info(
            0,
            "viewer",
            "sessionid:0_t,apptoken:0_t,sview:0_rec,enableentitlement",
        );
        assert!(check_minted(&ok, &r, "0_t").is_ok());
        for (bad, says) in [
            (
                info(2, "viewer", "sview:0_rec,enableentitlement"),
                "admin session",
            ),
            (
                info(0, "someone", "sview:0_rec,enableentitlement"),
                "another user",
            ),
            (
                info(0, "viewer", "sessionid:0_t,apptoken:0_t"),
                "without sview",
            ),
            (
                info(0, "viewer", "sview:0_rec,enableentitlement,sview:*"),
                "broader",
            ),
            (
                info(
                    0,
                    "viewer",
                    "sview:0_rec,enableentitlement,apptoken:0_other",
                ),
                "broader",
            ),
        ] {
            let e = check_minted(&bad, &r, "0_t").unwrap_err();
            let text = e.to_string();
            assert!(text.contains(says), "{text}");
            assert!(text.contains("attendee link for 0_live"), "{text}");
        }
    }

    #[test]
    fn cached_kss_are_reused_only_while_comfortably_valid() {
        let have = IssuedKs {
            ks: "k".into(),
            expires_at: 1_000 + 86_400,
        };
        let mut want = req(1_000 + 86_400);
        assert!(reusable(&have, &want, 1_000));
        want.expires_at = 10_000 + 86_400;
        assert!(reusable(&have, &want, 10_000), "lost a tenth of its life");
        want.expires_at = 30_000 + 86_400;
        assert!(!reusable(&have, &want, 30_000), "lost a third: mint again");
        want.expires_at = 1_000 + 3_600;
        assert!(!reusable(&have, &want, 1_000), "would outlive the link");
        assert!(!format!("{have:?}").contains("\"k\""));
    }
}
