//! `kwebcast config check`: the configuration is valid (or `load` would have refused it), and,
//! with one harmless read-only call, the credentials work.
//!
//! The call is `liveStream.list` with a page of one: it needs a valid admin KS for this partner
//! (so it proves the secret and the partner ID together, and the service URL), changes nothing,
//! and answers fast. With `use_session_start` the KS comes from `session.start`, which the same
//! call exercises first.

use super::context::{Context, api_failure};
use super::failure::Failure;
use super::output::Output;
use crate::kaltura::services::filter::{EntryFilter, Pager};
use crate::kaltura::services::live_stream;
use crate::kaltura::types::ListResponse;
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
        match &sandbox_url {
            Some(_) => out.line(format!(
                "account: none configured; the built-in sandbox (partner {}) stands in",
                ctx.partner_id()
            )),
            None => out.line(format!(
                "account: partner {} at {} (secret from {})",
                ctx.partner_id(),
                s.service_url,
                s.secret_source.as_deref().unwrap_or("?")
            )),
        }
    }
    let partner = ctx.partner_id();
    let list = answer.map_err(|e| {
        let failure = api_failure(e);
        let hint = match failure.code() {
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
    let how = if s.use_session_start {
        "session.start, then liveStream.list"
    } else {
        "a locally signed admin KS, then liveStream.list"
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
        }));
    } else {
        out.line(format!(
            "credentials: OK ({how} answered: {} live entr{} on the account)",
            list.total_count,
            if list.total_count == 1 { "y" } else { "ies" }
        ));
    }
    Ok(())
}
