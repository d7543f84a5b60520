//! `session.start`, `session.startWidgetSession` and `session.get`: KSs made by the server, v2 as
//! Kaltura issues them today, each signed with the admin secret (`ks::toSecureString` signs with
//! the partner's admin secret whatever the session type; the user secret only opens USER
//! sessions in `session.start`).

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

/// `session.startWidgetSession(widgetId, expiry)` → `KalturaStartWidgetSessionResponse`: an
/// anonymous USER session (user `"0"`, privileges `view:*,widget:1`) for the partner's default
/// widget `_{partnerId}`, the only widget a partner has here. Needs no KS and no partner.
pub fn start_widget_session(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let widget = params::req_str(ctx.params, "widgetId")?;
    let expiry = params::opt_int(ctx.params, "expiry")?.unwrap_or(86_400);
    ctx.authorize_optional()?;
    if widget != format!("_{}", store.partner_id) {
        return Err(errors::invalid_widget_id(&widget));
    }
    let spec = KsSpec {
        partner_id: store.partner_id,
        user_id: "0",
        session_type: SessionType::User,
        expires_at: ctx.now() + expiry,
        privileges: "view:*,widget:1",
    };
    Ok(json!({
        "partnerId": store.partner_id,
        "ks": ks::sign(&ctx.app.admin_secret, &spec, KsVersion::V2),
        "userId": "0",
        "objectType": "KalturaStartWidgetSessionResponse",
    }))
}

/// `session.get(session)` → `KalturaSessionInfo` of the given KS (or the caller's): any KS
/// signed with the partner's admin or user secret, expired or not.
pub fn get(ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let other = params::opt_str(ctx.params, "session");
    ctx.authorize(true)?;
    let app = ctx.app;
    let info = match &other {
        Some(ks_text) => ks::decode(ks_text)
            .ok()
            .filter(|env| env.partner_id() == app.partner_id)
            .and_then(|env| {
                [&app.admin_secret, &app.user_secret]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .find_map(|s| env.open(s).ok())
            })
            .ok_or_else(|| errors::invalid_ks(ks_text))?,
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
