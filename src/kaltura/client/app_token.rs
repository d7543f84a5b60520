//! The operator's own session from an application token, without the admin secret:
//! `session.startWidgetSession("_{partnerId}")` gives an anonymous widget KS, then
//! `appToken.startSession(id, hex(HASH(widgetKs + token)), userId, type, expiry)` — sent with that
//! very widget KS — gives the session, whose real type, user and expiry Kaltura decides from the
//! token. Two round-trips per session; `current_ks` opens one per run and renews it before it
//! expires. Kaltura's refusals become one sentence each ([`Error::Credentials`]) naming the
//! token's ID and where it came from, never its value.

use super::{KalturaClient, KsProvider, decode, now};
use crate::kaltura::app_token::{AppTokenCredentials, token_hash};
use crate::kaltura::error::Error;
use crate::kaltura::ks::SessionType;
use crate::kaltura::services::app_token::{self, SessionAsk};
use crate::kaltura::services::session;
use crate::kaltura::types::{SessionInfo, WidgetSession};

/// How long the widget session lives: it is used at once, only to compute the token hash, and a
/// short life bounds how long a captured `tokenHash` could be replayed with it.
const WIDGET_SESSION_SECS: i64 = 300;

/// A session opened with the token: the KS, when it expires, and the life Kaltura granted.
pub(super) struct TokenSession {
    pub ks: String,
    pub expires_at: i64,
    pub life: i64,
}

/// How a client authenticates, for `config check` and the start-up log line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthMethod {
    /// KSs signed here with the admin secret.
    AdminSecretLocal,
    /// KSs from `session.start` with the admin secret.
    AdminSecretSessionStart,
    /// An application token (its ID; not a secret).
    AppToken {
        /// The token's ID.
        id: String,
    },
    /// A KS given as is.
    FixedKs,
}

impl std::fmt::Display for AuthMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AuthMethod::AdminSecretLocal => f.write_str("the admin secret (KSs signed locally)"),
            AuthMethod::AdminSecretSessionStart => {
                f.write_str("the admin secret (KSs from session.start)")
            }
            AuthMethod::AppToken { id } => write!(f, "the app token {id}"),
            AuthMethod::FixedKs => f.write_str("a fixed KS"),
        }
    }
}

impl KalturaClient {
    /// How this client authenticates.
    pub fn auth_method(&self) -> AuthMethod {
        match &self.inner.ks.provider {
            KsProvider::Fixed(_) => AuthMethod::FixedKs,
            KsProvider::Local { .. } => AuthMethod::AdminSecretLocal,
            KsProvider::SessionStart { .. } => AuthMethod::AdminSecretSessionStart,
            KsProvider::AppToken { credentials, .. } => AuthMethod::AppToken {
                id: credentials.id.clone(),
            },
        }
    }

    /// Opens a session with the configured token (two round-trips, within the deadline of the
    /// call that needed it).
    pub(super) async fn app_token_session(
        &self,
        deadline: tokio::time::Instant,
    ) -> Result<TokenSession, Error> {
        let KsProvider::AppToken {
            credentials,
            user_id,
            session_type,
            ttl_secs,
            source,
        } = &self.inner.ks.provider
        else {
            return Err(Error::Config(
                "this client has no app token to open a session with".into(),
            ));
        };
        let explain = |e: Error| explain(e, credentials, source, self.partner_id());
        let widget_req = session::start_widget_session(self.partner_id(), WIDGET_SESSION_SECS);
        let widget: WidgetSession = self
            .send_call(&widget_req, None, deadline)
            .await
            .and_then(|v| decode(&widget_req, v))
            .map_err(explain)?;
        if widget.ks.is_empty() {
            return Err(Error::Decode {
                call: widget_req.name(),
                detail: "the answer has no KS".into(),
            });
        }
        let hash = token_hash(credentials.hash, &widget.ks, &credentials.token);
        let ask = SessionAsk {
            user_id: Some(user_id.clone()).filter(|u| !u.is_empty()),
            session_type: Some(*session_type),
            expiry_secs: Some(*ttl_secs),
            session_privileges: None,
        };
        let req = app_token::start_session(&credentials.id, &hash, &widget.ks, &ask);
        let info: SessionInfo = self
            .send_call(&req, Some(&widget.ks), deadline)
            .await
            .and_then(|v| decode(&req, v))
            .map_err(explain)?;
        if info.ks.is_empty() {
            return Err(Error::Decode {
                call: req.name(),
                detail: "the answer has no KS".into(),
            });
        }
        let started = now();
        let expires_at = if info.expiry > 0 {
            info.expiry
        } else {
            started.saturating_add(*ttl_secs)
        };
        let life = (expires_at - started).max(1);
        tracing::info!(
            target: "kwebcast::kaltura",
            token = %credentials.id,
            session_type = %info.kind(),
            user = %info.user_id,
            expires_at,
            "opened a session with the app token"
        );
        if info.kind() != SessionType::Admin && *session_type == SessionType::Admin {
            tracing::warn!(
                target: "kwebcast::kaltura",
                token = %credentials.id,
                "the app token gives user sessions; creating and listing events needs an admin session"
            );
        }
        Ok(TokenSession {
            ks: info.ks,
            expires_at,
            life,
        })
    }

    /// A session logged out by Kaltura (its app token was deleted) as one sentence; any other
    /// error unchanged.
    pub(super) fn explain_logout(&self, e: Error) -> Error {
        let Some(credentials) = self.inner.ks.provider.app_token() else {
            return e;
        };
        match &e {
            Error::Api { call, exception } if exception.is_logged_out() => Error::Credentials {
                call: call.clone(),
                code: Some(exception.code.clone()),
                message: format!(
                    "Kaltura logged out the session of the app token {}: the token was revoked \
                     (deleted); ask the account's administrator for a new token",
                    credentials.id
                ),
            },
            _ => e,
        }
    }
}

/// Turns Kaltura's refusal of the token into one sentence; other errors pass unchanged.
fn explain(e: Error, token: &AppTokenCredentials, source: &str, partner_id: i64) -> Error {
    let Error::Api { call, exception } = &e else {
        return e;
    };
    let id = &token.id;
    let message = match exception.code.as_str() {
        "APP_TOKEN_ID_NOT_FOUND" => format!(
            "Kaltura has no app token {id} on partner {partner_id} (app_token_id from {source}): \
             check app_token_id and partner_id against what the account's administrator gave you"
        ),
        "APP_TOKEN_NOT_ACTIVE" => format!(
            "the app token {id} (from {source}) is no longer active: it was revoked or disabled; \
             ask the account's administrator for a new token"
        ),
        "APP_TOKEN_EXPIRED" => format!(
            "the app token {id} (from {source}) has expired; ask the account's administrator for \
             a new token or a later expiry"
        ),
        "INVALID_APP_TOKEN_HASH" => format!(
            "Kaltura refused the app token {id} (from {source}): the token value does not match \
             it, or app_token_hash ({}) is not the token's hash type (a token created without one \
             uses SHA1); check app_token and app_token_hash",
            token.hash
        ),
        "INVALID_WIDGET_ID" | "START_WIDGET_SESSION_ERROR" | "INVALID_PARTNER_ID" => format!(
            "Kaltura would not open the widget session that app-token sign-in starts with on \
             partner {partner_id} ({}); check partner_id and service_url",
            exception.code
        ),
        _ => return e,
    };
    Error::Credentials {
        call: call.clone(),
        code: Some(exception.code.clone()),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kaltura::app_token::TokenHash;
    use crate::kaltura::error::ApiException;
    use crate::kaltura::secret::AppTokenSecret;
    use std::collections::BTreeMap;

    fn refusal(code: &str) -> Error {
        Error::Api {
            call: "appToken.startSession".into(),
            exception: ApiException {
                code: code.into(),
                message: "m".into(),
                args: BTreeMap::new(),
            },
        }
    }

    #[test]
    fn each_refusal_is_one_sentence_without_the_token() {
        let token = AppTokenCredentials {
            id: "0_tok12345".into(),
            token: AppTokenSecret::new("deadbeefdeadbeefdeadbeefdeadbeef"),
            hash: TokenHash::Sha256,
        };
        for code in [
            "APP_TOKEN_ID_NOT_FOUND",
            "APP_TOKEN_NOT_ACTIVE",
            "APP_TOKEN_EXPIRED",
            "INVALID_APP_TOKEN_HASH",
            "INVALID_WIDGET_ID",
        ] {
            let e = explain(refusal(code), &token, "environment variable X", 42);
            let text = e.to_string();
            assert_eq!(e.code(), Some(code));
            assert!(matches!(e, Error::Credentials { .. }), "{code}");
            assert!(!text.contains("deadbeef"), "{text}");
            assert!(!text.contains('\n'), "{text}");
            assert!(text.contains("0_tok12345") || text.contains("42"), "{text}");
        }
        assert!(matches!(
            explain(refusal("ENTRY_ID_NOT_FOUND"), &token, "x", 1),
            Error::Api { .. }
        ));
    }
}
