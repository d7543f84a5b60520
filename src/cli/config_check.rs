//! `kwebcast config check`: the configuration is valid (or `load` would have refused it), and,
//! with one harmless read-only call, the credentials work.
//!
//! The call is `liveStream.list` with a page of one: it needs a valid admin KS for this partner
//! (so it proves the secret and the partner ID together, and the service URL), changes nothing,
//! and answers fast. With `use_session_start` the KS comes from `session.start`, which the same
//! call exercises first. With an app token, the session is opened with the token first (the
//! widget session and `appToken.startSession`), and `session.get` then says what the token
//! allows: its session type, user, privileges and expiry. A token that gives user sessions is a
//! failure: creating and listing events needs an admin session.

use super::context::{Context, api_failure};
use super::failure::Failure;
use super::output::Output;
use super::present::time;
use crate::kaltura::client::AuthMethod;
use crate::kaltura::ks::SessionType;
use crate::kaltura::services::filter::{EntryFilter, Pager};
use crate::kaltura::services::{live_stream, session};
use crate::kaltura::types::{ListResponse, SessionInfo};
use serde_json::{Value, json};

/// The call that proves the credentials.
const PROBE: &str = "liveStream.list";

/// Checks and reports.
pub async fn run(ctx: &Context, out: &Output) -> Result<(), Failure> {
    let s = &ctx.settings;
    let request = live_stream::list(&EntryFilter::default(), Some(&Pager::first(1)));
    let answer: Result<ListResponse<Value>, _> = ctx.client.call_as(&request).await;
    let config_file = s.config_file.as_ref().map(|p| p.display().to_string());
    let sandbox_url = ctx.backend.sandbox_url();
    if !out.json {
        if let Some(url) = &sandbox_url {
            out.sandbox_notice(url);
        }
        out.line(format!(
            "config file: {}",
            config_file
                .as_deref()
                .unwrap_or("none (defaults and environment)")
        ));
        out.line(format!(
            "profile: {}",
            s.profile.as_deref().unwrap_or("none")
        ));
        match (&sandbox_url, &s.app_token) {
            (Some(_), _) => out.line(format!(
                "account: none configured; the built-in sandbox (partner {}) stands in",
                ctx.partner_id()
            )),
            (None, Some(token)) => out.line(format!(
                "account: partner {} at {} (app token {} from {}, hash {}{})",
                ctx.partner_id(),
                s.service_url,
                token.id,
                s.app_token_source.as_deref().unwrap_or("?"),
                token.hash,
                if s.admin_secret.is_some() {
                    "; an admin secret is configured too and left unused"
                } else {
                    ""
                }
            )),
            (None, None) => out.line(format!(
                "account: partner {} at {} (secret from {})",
                ctx.partner_id(),
                s.service_url,
                s.secret_source.as_deref().unwrap_or("?")
            )),
        }
        out.line(format!("signs in with: {}", ctx.client.auth_method()));
    }
    let partner = ctx.partner_id();
    let list = answer.map_err(|e| {
        let failure = api_failure(e);
        let hint = match failure.code() {
            _ if s.app_token.is_some() => String::new(),
            Some("INVALID_KS") | Some("START_SESSION_ERROR") | Some("INVALID_PARTNER_ID") => {
                format!("; check that the admin secret belongs to partner {partner}")
            }
            _ => String::new(),
        };
        Failure::Api {
            message: format!("the credentials check failed: {}{hint}", failure.message()),
            code: failure.code().map(str::to_string),
        }
    })?;
    let token_session = match ctx.client.auth_method() {
        AuthMethod::AppToken { id } => Some((id, token_session(ctx).await?)),
        _ => None,
    };
    let how = match (&token_session, s.use_session_start) {
        (Some(_), _) => "the app token's session, then liveStream.list",
        (None, true) => "session.start, then liveStream.list",
        (None, false) => "a locally signed admin KS, then liveStream.list",
    };
    let auth = match &token_session {
        Some((id, info)) => json!({
            "method": "app_token",
            "app_token_id": id,
            "source": s.app_token_source,
            "session": {
                "type": info.kind().to_string(),
                "user_id": info.user_id,
                "privileges": info.privileges,
                "expires_at": info.expiry,
            },
        }),
        None => json!({
            "method": "admin_secret",
            "source": s.secret_source,
            "session": null,
        }),
    };
    if out.json {
        out.json(json!({
            "config_file": config_file,
            "profile": s.profile,
            "partner_id": ctx.partner_id(),
            "service_url": s.service_url,
            "secret_source": s.secret_source,
            "check": {
                "ok": true,
                "call": PROBE,
                "live_entries": list.total_count,
            },
            "auth": auth,
        }));
    } else {
        out.line(format!(
            "credentials: OK ({how} answered: {} live entr{} on the account)",
            list.total_count,
            if list.total_count == 1 { "y" } else { "ies" }
        ));
        if let Some((id, info)) = &token_session {
            out.line(format!(
                "app token {id} allows: {} sessions for user {:?}, privileges {:?}, this one until {}",
                info.kind(),
                info.user_id,
                info.privileges,
                time(info.expiry)
            ));
        }
    }
    Ok(())
}

/// What the token's session is (`session.get` on it); a user session is refused.
async fn token_session(ctx: &Context) -> Result<SessionInfo, Failure> {
    let user_session = |user: &str| Failure::Api {
        message: format!(
            "the app token signs in, but gives user sessions{user}; kwebcast needs an admin session to create and list events: ask the account's administrator for a token with sessionType 2 (ADMIN)"
        ),
        code: None,
    };
    let info: SessionInfo = match ctx.client.call_as(&session::get(None)).await {
        Ok(info) => info,
        // Kaltura keeps session.get from user sessions.
        Err(e) if e.code() == Some("SERVICE_FORBIDDEN") => return Err(user_session("")),
        Err(e) => return Err(api_failure(e)),
    };
    if info.kind() != SessionType::Admin {
        return Err(user_session(&format!(" (user {:?})", info.user_id)));
    }
    Ok(info)
}
