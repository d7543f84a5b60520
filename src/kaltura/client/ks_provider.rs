//! Where the client's KS comes from, and keeping it fresh.
//!
//! A fixed KS is used as given. A local one is signed with the admin secret (no round-trip) and
//! re-signed well before it expires; a server one comes from `session.start`, or — without the
//! admin secret — from an application token (`session.startWidgetSession`, then
//! `appToken.startSession`, see `client/app_token.rs`), and is renewed the same way. Any of them
//! is dropped and renewed once when Kaltura says `INVALID_KS "EXPIRED"`.

use crate::kaltura::app_token::AppTokenCredentials;
use crate::kaltura::ks::{self, KsSpec, KsVersion, SessionType};
use crate::kaltura::secret::AdminSecret;
use std::fmt;
use std::sync::Mutex;

/// How the client obtains the KS it sends with every call.
#[derive(Clone)]
pub enum KsProvider {
    /// A KS made elsewhere; never renewed (when it expires, calls fail with `INVALID_KS`).
    Fixed(String),
    /// Signed locally with the admin secret, as the official clients' `generateSession` does.
    Local {
        /// The partner's admin secret.
        secret: AdminSecret,
        /// The partner the KS is for.
        partner_id: i64,
        /// The session's user (the operator's email for the admin KS).
        user_id: String,
        /// Admin for the operator's own calls.
        session_type: SessionType,
        /// Kaltura's privilege string (`disableentitlement` is common for tools).
        privileges: String,
        /// Lifetime of each KS, seconds.
        ttl_secs: i64,
        /// KS format.
        version: KsVersion,
    },
    /// Obtained from `session.start` (for accounts that want server-made sessions); the partner
    /// is the client's.
    SessionStart {
        /// The partner's admin secret (sent to `session.start`).
        secret: AdminSecret,
        /// The session's user.
        user_id: String,
        /// Admin or user.
        session_type: SessionType,
        /// Kaltura's privilege string.
        privileges: String,
        /// Lifetime of each KS, seconds (`expiry`).
        ttl_secs: i64,
    },
    /// Opened with an application token, so the admin secret is never needed: one widget
    /// session and one `appToken.startSession` per session, renewed before it expires. The
    /// token's own type, user and limits win over what is asked here.
    AppToken {
        /// The token's ID, value and hash type.
        credentials: AppTokenCredentials,
        /// The user asked for (the operator's email); a token with a user of its own overrides it.
        user_id: String,
        /// The type asked for (admin); a token with a type of its own overrides it.
        session_type: SessionType,
        /// The lifetime asked for, seconds; the token may cap it.
        ttl_secs: i64,
        /// Where the token came from, for messages (`environment variable KALTURA_APP_TOKEN_ID`).
        source: String,
    },
}

impl fmt::Debug for KsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KsProvider::Fixed(ks) => write!(f, "KsProvider::Fixed({})", ks::redact(ks)),
            KsProvider::Local {
                partner_id,
                user_id,
                session_type,
                ttl_secs,
                version,
                ..
            } => write!(
                f,
                "KsProvider::Local {{ partner_id: {partner_id}, user_id: {user_id:?}, \
                 session_type: {session_type}, ttl_secs: {ttl_secs}, version: {version:?} }}"
            ),
            KsProvider::SessionStart {
                user_id,
                session_type,
                ttl_secs,
                ..
            } => write!(
                f,
                "KsProvider::SessionStart {{ user_id: {user_id:?}, session_type: {session_type}, \
                 ttl_secs: {ttl_secs} }}"
            ),
            KsProvider::AppToken {
                credentials,
                user_id,
                session_type,
                ttl_secs,
                ..
            } => write!(
                f,
                "KsProvider::AppToken {{ id: {:?}, hash: {}, user_id: {user_id:?}, \
                 session_type: {session_type}, ttl_secs: {ttl_secs} }}",
                credentials.id, credentials.hash
            ),
        }
    }
}

impl KsProvider {
    /// The admin secret, when this provider has one (to sign link KSs with it).
    pub fn secret(&self) -> Option<&AdminSecret> {
        match self {
            KsProvider::Fixed(_) | KsProvider::AppToken { .. } => None,
            KsProvider::Local { secret, .. } | KsProvider::SessionStart { secret, .. } => {
                Some(secret)
            }
        }
    }

    /// The application token, when this provider authenticates with one.
    pub fn app_token(&self) -> Option<&AppTokenCredentials> {
        match self {
            KsProvider::AppToken { credentials, .. } => Some(credentials),
            _ => None,
        }
    }

    /// True when a fresh KS can be had (so an expired one is worth one retry).
    pub fn renewable(&self) -> bool {
        !matches!(self, KsProvider::Fixed(_))
    }

    fn ttl(&self) -> i64 {
        match self {
            KsProvider::Fixed(_) => i64::MAX,
            KsProvider::Local { ttl_secs, .. }
            | KsProvider::SessionStart { ttl_secs, .. }
            | KsProvider::AppToken { ttl_secs, .. } => *ttl_secs,
        }
    }
}

/// A KS in hand, when it stops working, and how long it was made to live (an app token may
/// grant less than asked, so the renewal margin follows the life actually granted).
#[derive(Clone)]
struct Cached {
    ks: String,
    expires_at: i64,
    life: i64,
}

impl fmt::Debug for Cached {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Cached({}, expires_at: {})",
            ks::redact(&self.ks),
            self.expires_at
        )
    }
}

/// The provider and the KS it last produced.
#[derive(Debug)]
pub(crate) struct KsCache {
    pub(crate) provider: KsProvider,
    current: Mutex<Option<Cached>>,
}

/// How long before expiry a KS is replaced: a quarter of its life, at most ten minutes, so a call
/// never leaves with a KS about to lapse and clocks a little apart do not matter.
fn refresh_margin(ttl: i64) -> i64 {
    (ttl / 4).clamp(0, 600)
}

impl KsCache {
    pub(crate) fn new(provider: KsProvider) -> Self {
        KsCache {
            provider,
            current: Mutex::new(None),
        }
    }

    /// The cached KS if it is still comfortably valid at `now`.
    pub(crate) fn fresh(&self, now: i64) -> Option<String> {
        if let KsProvider::Fixed(ks) = &self.provider {
            return Some(ks.clone());
        }
        let guard = self.current.lock().unwrap_or_else(|p| p.into_inner());
        guard
            .as_ref()
            .filter(|c| now < c.expires_at - refresh_margin(c.life.min(self.provider.ttl())))
            .map(|c| c.ks.clone())
    }

    /// Keeps a KS obtained elsewhere (from `session.start` or an app token) that was made to
    /// live `life` seconds and expires at `expires_at`.
    pub(crate) fn store(&self, ks: String, expires_at: i64, life: i64) {
        let mut guard = self.current.lock().unwrap_or_else(|p| p.into_inner());
        *guard = Some(Cached {
            ks,
            expires_at,
            life,
        });
    }

    /// Forgets the KS `rejected`, so the next call gets a new one (after Kaltura said it
    /// expired). A KS already replaced by a concurrent call is left alone, so parallel failures
    /// renew once, not once each.
    pub(crate) fn invalidate(&self, rejected: Option<&str>) {
        let mut guard = self.current.lock().unwrap_or_else(|p| p.into_inner());
        if rejected.is_none() || guard.as_ref().map(|c| c.ks.as_str()) == rejected {
            *guard = None;
        }
    }

    /// For a local provider: the KS to use at `now`, signing a new one when needed. `None` for
    /// providers that cannot sign by themselves.
    pub(crate) fn local_at(&self, now: i64) -> Option<String> {
        if let Some(ks) = self.fresh(now) {
            return Some(ks);
        }
        let KsProvider::Local {
            secret,
            partner_id,
            user_id,
            session_type,
            privileges,
            ttl_secs,
            version,
        } = &self.provider
        else {
            return None;
        };
        let expires_at = now.saturating_add(*ttl_secs);
        let ks = ks::sign(
            secret.expose(),
            &KsSpec {
                partner_id: *partner_id,
                user_id,
                session_type: *session_type,
                expires_at,
                privileges,
            },
            *version,
        );
        self.store(ks.clone(), expires_at, *ttl_secs);
        Some(ks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(ttl: i64) -> KsCache {
        KsCache::new(KsProvider::Local {
            secret: AdminSecret::new("s3cr3t"),
            partner_id: 1000,
            user_id: "admin@example.com".into(),
            session_type: SessionType::Admin,
            privileges: "disableentitlement".into(),
            ttl_secs: ttl,
            version: KsVersion::V2,
        })
    }

    #[test]
    fn a_huge_ttl_saturates_instead_of_overflowing() {
        let cache = local(i64::MAX);
        let ks = cache.local_at(1_000).unwrap();
        assert_eq!(ks::verify(&ks, "s3cr3t").unwrap().expires_at, i64::MAX);
        assert_eq!(cache.local_at(2_000).unwrap(), ks, "still fresh: reused");
    }

    #[test]
    fn local_signs_caches_and_re_signs_before_expiry() {
        let cache = local(100);
        let first = cache.local_at(1_000).unwrap();
        let info = ks::verify(&first, "s3cr3t").unwrap();
        assert_eq!(info.expires_at, 1_100);
        assert_eq!(info.user_id, "admin@example.com");
        assert_eq!(info.privilege("disableentitlement"), Some(""));
        assert_eq!(cache.local_at(1_070).unwrap(), first, "still fresh: reused");
        let second = cache.local_at(1_080).unwrap();
        assert_ne!(second, first, "within the margin (25 s): re-signed");
        assert_eq!(ks::verify(&second, "s3cr3t").unwrap().expires_at, 1_180);
        cache.invalidate(Some(&first));
        assert_eq!(
            cache.local_at(1_081).unwrap(),
            second,
            "an old KS's failure changes nothing"
        );
        cache.invalidate(Some(&second));
        assert_ne!(
            cache.local_at(1_081).unwrap(),
            second,
            "invalidated: re-signed"
        );
    }

    #[test]
    fn tiny_ttl_re_signs_every_time_and_fixed_never_does() {
        let cache = local(1);
        let a = cache.local_at(5_000).unwrap();
        let b = cache.local_at(5_001).unwrap();
        assert_ne!(a, b);
        let fixed = KsCache::new(KsProvider::Fixed("abc".into()));
        assert_eq!(fixed.fresh(i64::MAX - 1).as_deref(), Some("abc"));
        assert!(!fixed.provider.renewable());
    }

    #[test]
    fn a_session_granted_less_than_asked_is_renewed_by_its_own_life() {
        use crate::kaltura::app_token::{AppTokenCredentials, TokenHash};
        use crate::kaltura::secret::AppTokenSecret;
        let cache = KsCache::new(KsProvider::AppToken {
            credentials: AppTokenCredentials {
                id: "0_tok".into(),
                token: AppTokenSecret::new("feedfacefeedfacefeedfacefeedface"),
                hash: TokenHash::Sha256,
            },
            user_id: "op".into(),
            session_type: SessionType::Admin,
            ttl_secs: 86_400,
            source: "test".into(),
        });
        assert!(cache.fresh(1_000).is_none(), "nothing yet");
        assert!(cache.local_at(1_000).is_none(), "a token cannot sign");
        // Asked for a day, granted 40 s by the token: renewed 10 s before the end, not 10 min.
        cache.store("ks-a".into(), 1_040, 40);
        assert_eq!(cache.fresh(1_029).as_deref(), Some("ks-a"));
        assert!(cache.fresh(1_031).is_none());
        assert!(cache.provider.renewable());
        assert!(cache.provider.secret().is_none());
        let text = format!("{:?}", cache.provider);
        assert!(
            text.contains("0_tok") && !text.contains("feedface"),
            "{text}"
        );
    }

    #[test]
    fn debug_never_shows_secret_or_ks() {
        let ks = local(100).local_at(1).unwrap();
        let fixed = format!("{:?}", KsProvider::Fixed(ks.clone()));
        assert!(!fixed.contains(&ks));
        let cache = local(100);
        let ks = cache.local_at(1).unwrap();
        let text = format!("{cache:?}");
        assert!(!text.contains("s3cr3t"), "{text}");
        assert!(!text.contains(&ks), "{text}");
    }
}
