//! `session.start` and `session.get`: KSs made by the server, v2 as Kaltura issues them today.

use super::super::app::Ctx;
use super::super::errors::{self, ApiError};
use super::super::params;
use super::super::store::Store;
use crate::kaltura::ks::{self, KsSpec, KsVersion, SessionType};
use serde_json::{Value, json};

/// `session.start(secret, userId, type, partnerId, expiry, privileges)` → a KS string.
pub fn start(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let p = ctx.params;
    let secret = params::req_str(p, "secret")?;
    let user_id = params::opt_str(p, "userId").unwrap_or_default();
    let typ = params::opt_enum_int(p, "type", &[0, 2], "KalturaSessionType")?.unwrap_or(0);
    let partner = params::opt_int(p, "partnerId")?;
    let expiry = params::opt_int(p, "expiry")?
        .filter(|e| *e > 0)
        .unwrap_or(86_400);
    let privileges = params::opt_str(p, "privileges").unwrap_or_default();
    ctx.authorize_optional()?;
    let partner = match partner {
        Some(pid) => pid,
        None => ctx
            .caller
            .ks()
            .map(|k| k.partner_id)
            .ok_or_else(|| errors::missing_parameter("partnerId"))?,
    };
    if partner != store.partner_id {
        return Err(errors::invalid_partner_id(&partner.to_string()));
    }
    let app = ctx.app;
    let session_type = SessionType::from_code(typ);
    let is_admin_secret = secret == app.admin_secret;
    let is_user_secret = !app.user_secret.is_empty() && secret == app.user_secret;
    if !is_admin_secret && !is_user_secret {
        return Err(errors::start_session_error(partner));
    }
    if session_type == SessionType::Admin && !is_admin_secret {
        return Err(errors::admin_ks_required());
    }
    let spec = KsSpec {
        partner_id: partner,
        user_id: &user_id,
        session_type,
        expires_at: ctx.now() + expiry,
        privileges: &privileges,
    };
    Ok(json!(ks::sign(&app.admin_secret, &spec, KsVersion::V2)))
}

/// `session.get(session)` → `KalturaSessionInfo` of the given KS (or the caller's).
pub fn get(ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let other = params::opt_str(ctx.params, "session");
    ctx.authorize(true)?;
    let info = match &other {
        Some(ks_text) => ks::decode(ks_text)
            .and_then(|env| env.open(&ctx.app.admin_secret))
            .map_err(|_| errors::invalid_ks(ks_text))?,
        None => ctx.caller.ks().cloned().ok_or_else(errors::missing_ks)?,
    };
    let ks_text = other
        .or_else(|| params::opt_str(ctx.params, "ks"))
        .unwrap_or_default();
    Ok(json!({
        "ks": ks_text, "sessionType": info.session_type.code(), "partnerId": info.partner_id,
        "userId": info.user_id, "expiry": info.expires_at, "privileges": info.privileges_string(),
        "objectType": "KalturaSessionInfo",
    }))
}
