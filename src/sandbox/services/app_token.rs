//! `appToken.add/get/list/update/delete/startSession`, as kaltura/server's `AppTokenService`
//! (with `KalturaAppToken`, the `AppToken` model and `kSessionBase`) does them:
//!
//! - managing tokens takes an admin KS; a token is `{dc}_{8 alphanumerics}`, its value 32 hex
//!   characters (`bin2hex(openssl_random_pseudo_bytes(16))`), its `sessionDuration` the partner's
//!   KS maximum (a day) unless given, its `hashType` SHA1 unless given, its status ACTIVE (2);
//!   `delete` marks it DELETED (3) and logs out the sessions it opened (`sessionid` privilege);
//! - `startSession` takes any valid KS (the widget session, usually): unknown token →
//!   `APP_TOKEN_ID_NOT_FOUND`; not ACTIVE → `APP_TOKEN_NOT_ACTIVE`; `tokenHash` ≠
//!   `hash(hashType, callerKs . token)` → `INVALID_APP_TOKEN_HASH`; past its `expiry` →
//!   `APP_TOKEN_EXPIRED`. The session lives `min(expiry asked or the token's duration, duration,
//!   token expiry − now)`; the token's `sessionType` and `sessionUserId` win over the call's (USER
//!   when neither says); its privileges are `sessionid:{id},apptoken:{id}`, then the token's
//!   `sessionPrivileges`, then those of the call's `sessionPrivileges` whose names are neither
//!   server-reserved nor already there (`ks::retrieveAllowedAppSessionPrivileges`). Every KS is
//!   signed with the admin secret, as `ks::toSecureString` does whatever the session type.

use super::super::app::Ctx;
use super::super::errors::{self, ApiError};
use super::super::params::{self, Params};
use super::super::store::{Obj, Store, random_alnum, random_hex};
use super::{Pager, check_filter_type, field_eq, order, split_list};
use crate::kaltura::app_token::TokenHash;
use crate::kaltura::ks::{self, KsSpec, KsVersion, SessionType};
use serde_json::{Map, Value, json};

/// `KalturaAppTokenStatus`.
const ACTIVE: i64 = 2;
const DELETED: i64 = 3;

/// The partner's longest KS (`Partner::getKsMaxExpiryInSeconds`, a day by default): a new
/// token's `sessionDuration` when none is given.
const PARTNER_KS_MAX_EXPIRY: i64 = 86_400;

/// `kSessionBase`'s `PRIVILEGE_*` constants: privileges only the server grants, which a caller's
/// `sessionPrivileges` can never add to an app-token session.
pub const SERVER_PRIVILEGES: &[&str] = &[
    "edit",
    "sview",
    "list",
    "download",
    "downloadasset",
    "editplaylist",
    "sviewplaylist",
    "actionslimit",
    "setrole",
    "limitentry",
    "iprestrict",
    "urirestrict",
    "enableentitlement",
    "disableentitlement",
    "disableentitlementforentry",
    "disableentitlementforplaylist",
    "privacycontext",
    "enablecategorymoderation",
    "reftime",
    "sessionkey",
    "preview",
    "sessionid",
    "jobtype",
    "apptoken",
    "enablechangeaccount",
    "edituser",
    "enablecaptionmoderation",
    "editadmintags",
    "restrictexplicitliveview",
    "virtualeventid",
    "searchcontext",
];

/// The fields of `KalturaAppToken` a client may set, in the object's order.
const WRITABLE: &[&str] = &[
    "expiry",
    "sessionType",
    "sessionUserId",
    "sessionDuration",
    "sessionPrivileges",
    "hashType",
    "description",
];

fn token_input<'a>(ctx: &'a Ctx<'_>) -> Result<&'a Params, ApiError> {
    let input = params::opt_obj(ctx.params, "appToken")
        .ok_or_else(|| errors::missing_parameter("appToken"))?;
    match params::opt_str(input, "objectType") {
        Some(t) if t != "KalturaAppToken" => Err(errors::invalid_object_type(&t)),
        _ => Ok(input),
    }
}

/// Validates and copies the writable fields of `input` into `obj` (unset ones are left alone).
fn apply(obj: &mut Obj, input: &Params) -> Result<(), ApiError> {
    for field in WRITABLE {
        let Some(raw) = input.get(*field) else {
            continue;
        };
        let value = match *field {
            "expiry" | "sessionDuration" => match params::opt_int(input, field)? {
                Some(n) => json!(n),
                None => Value::Null,
            },
            "sessionType" => {
                match params::opt_enum_int(input, field, &[0, 2], "KalturaSessionType")? {
                    Some(n) => json!(n),
                    None => Value::Null,
                }
            }
            "hashType" => match params::opt_str(input, field) {
                None => Value::Null,
                Some(h) => match TokenHash::parse(&h).filter(|t| t.name() == h) {
                    Some(t) => json!(t.name()),
                    None => return Err(errors::invalid_enum(&h, field, "KalturaAppTokenHashType")),
                },
            },
            _ => params::text(raw).map_or(Value::Null, Value::String),
        };
        if value.is_null() {
            obj.remove(*field);
        } else {
            obj.insert((*field).to_string(), value);
        }
    }
    Ok(())
}

/// The object as answered: the stored fields in Kaltura's order, `hashType` SHA1 when unset.
fn view(obj: &Obj) -> Value {
    let mut out = Map::new();
    for field in [
        "id",
        "token",
        "partnerId",
        "createdAt",
        "updatedAt",
        "status",
        "expiry",
        "sessionType",
        "sessionUserId",
        "sessionDuration",
        "sessionPrivileges",
        "hashType",
        "description",
    ] {
        if let Some(v) = obj.get(field) {
            out.insert(field.to_string(), v.clone());
        } else if field == "hashType" {
            out.insert(field.to_string(), json!("SHA1"));
        }
    }
    out.insert("objectType".into(), json!("KalturaAppToken"));
    Value::Object(out)
}

fn find<'a>(store: &'a Store, id: &str) -> Result<&'a Obj, ApiError> {
    store
        .app_tokens
        .iter()
        .find(|t| field_eq(t, "id", id))
        .ok_or_else(|| errors::app_token_not_found(id))
}

/// `appToken.add(appToken)`.
pub fn add(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let input = token_input(ctx)?;
    let mut obj = Obj::new();
    apply(&mut obj, input)?;
    ctx.authorize(true)?;
    let id = loop {
        let id = format!("0_{}", random_alnum(8));
        if !store.app_tokens.iter().any(|t| field_eq(t, "id", &id)) {
            break id;
        }
    };
    let now = ctx.now();
    obj.insert("id".into(), json!(id));
    obj.insert("token".into(), json!(random_hex(32)));
    obj.insert("partnerId".into(), json!(store.partner_id));
    obj.insert("createdAt".into(), json!(now));
    obj.insert("updatedAt".into(), json!(now));
    obj.insert("status".into(), json!(ACTIVE));
    obj.entry("sessionDuration")
        .or_insert(json!(PARTNER_KS_MAX_EXPIRY));
    let answer = view(&obj);
    store.app_tokens.push(obj);
    store.touch();
    Ok(answer)
}

/// `appToken.get(id)`.
pub fn get(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let id = params::req_str(ctx.params, "id")?;
    ctx.authorize(true)?;
    find(store, &id).map(view)
}

/// `appToken.list(filter, pager)` by `idEqual`, `idIn`, `statusEqual`, `statusIn`,
/// `sessionUserIdEqual`.
pub fn list(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let empty = Params::new();
    let f = params::opt_obj(ctx.params, "filter").unwrap_or(&empty);
    check_filter_type(f, "AppTokenFilter")?;
    let pager = Pager::from_params(ctx.params)?;
    ctx.authorize(true)?;
    let id_in = params::opt_str(f, "idIn").map(|s| split_list(&s));
    let status_in = params::opt_str(f, "statusIn").map(|s| split_list(&s));
    let mut objs: Vec<Obj> = store
        .app_tokens
        .iter()
        .filter(|t| {
            [
                ("idEqual", "id"),
                ("statusEqual", "status"),
                ("sessionUserIdEqual", "sessionUserId"),
            ]
            .iter()
            .all(|(filter, field)| {
                params::opt_str(f, filter).is_none_or(|v| field_eq(t, field, &v))
            })
        })
        .filter(|t| {
            id_in
                .as_ref()
                .is_none_or(|l| l.iter().any(|v| field_eq(t, "id", v)))
        })
        .filter(|t| {
            status_in
                .as_ref()
                .is_none_or(|l| l.iter().any(|v| field_eq(t, "status", v)))
        })
        .cloned()
        .collect();
    order(
        &mut objs,
        params::opt_str(f, "orderBy").as_deref(),
        "+createdAt",
    );
    Ok(pager.respond(
        objs.iter().map(view).collect(),
        "KalturaAppTokenListResponse",
    ))
}

/// `appToken.update(id, appToken)`.
pub fn update(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let id = params::req_str(ctx.params, "id")?;
    let input = token_input(ctx)?;
    ctx.authorize(true)?;
    find(store, &id)?;
    let now = ctx.now();
    let obj = store
        .app_tokens
        .iter_mut()
        .find(|t| field_eq(t, "id", &id))
        .ok_or_else(|| errors::app_token_not_found(&id))?;
    apply(obj, input)?;
    obj.insert("updatedAt".into(), json!(now));
    let answer = view(obj);
    store.touch();
    Ok(answer)
}

/// `appToken.delete(id)`: DELETED, and its sessions logged out (see `app.rs`).
pub fn delete(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let id = params::req_str(ctx.params, "id")?;
    ctx.authorize(true)?;
    find(store, &id)?;
    let now = ctx.now();
    if let Some(obj) = store.app_tokens.iter_mut().find(|t| field_eq(t, "id", &id)) {
        obj.insert("status".into(), json!(DELETED));
        obj.insert("updatedAt".into(), json!(now));
    }
    store.touch();
    Ok(Value::Null)
}

/// True when `id` names a deleted token: its sessions are logged out.
pub fn is_revoked(store: &Store, id: &str) -> bool {
    store
        .app_tokens
        .iter()
        .any(|t| field_eq(t, "id", id) && t.get("status").and_then(Value::as_i64) == Some(DELETED))
}

/// `appToken.startSession(id, tokenHash, userId, type, expiry, sessionPrivileges)`.
pub fn start_session(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let p = ctx.params;
    let id = params::req_str(p, "id")?;
    let token_hash = params::req_str(p, "tokenHash")?;
    let user_id = params::opt_str(p, "userId");
    let asked_type = params::opt_enum_int(p, "type", &[0, 2], "KalturaSessionType")?;
    let asked_expiry = params::opt_int(p, "expiry")?;
    let asked_privileges = params::opt_str(p, "sessionPrivileges");
    ctx.authorize(false)?;
    let token = find(store, &id)?;
    if token.get("status").and_then(Value::as_i64) != Some(ACTIVE) {
        return Err(errors::app_token_not_active(&id));
    }
    let hash = token
        .get("hashType")
        .and_then(Value::as_str)
        .and_then(TokenHash::parse)
        .unwrap_or(TokenHash::Sha1);
    let caller_ks = params::opt_str(p, "ks").unwrap_or_default();
    let secret = token.get("token").and_then(Value::as_str).unwrap_or("");
    let expected = hash.hex(format!("{caller_ks}{secret}").as_bytes());
    if expected != token_hash {
        return Err(errors::invalid_app_token_hash());
    }
    let now = ctx.now();
    let int = |field: &str| token.get(field).and_then(Value::as_i64);
    let mut token_expiry = int("sessionDuration").unwrap_or(0);
    if let Some(expiry) = int("expiry") {
        token_expiry = token_expiry.min(expiry - now);
        if token_expiry < 0 {
            return Err(errors::app_token_expired(&id));
        }
    }
    let expiry = match asked_expiry {
        Some(e) if e != 0 => e.min(token_expiry),
        _ => token_expiry,
    };
    let session_type = int("sessionType").or(asked_type).unwrap_or(0);
    let user = token
        .get("sessionUserId")
        .and_then(params::text)
        .or(user_id)
        .unwrap_or_default();
    let privileges = session_privileges(
        &id,
        token.get("sessionPrivileges").and_then(Value::as_str),
        asked_privileges.as_deref(),
    );
    let spec = KsSpec {
        partner_id: store.partner_id,
        user_id: &user,
        session_type: SessionType::from_code(session_type),
        expires_at: now + expiry,
        privileges: &privileges,
    };
    let signed = ks::sign(&ctx.app.admin_secret, &spec, KsVersion::V2);
    let mut info = Map::new();
    info.insert("ks".into(), json!(signed));
    info.insert("sessionType".into(), json!(session_type));
    info.insert("partnerId".into(), json!(store.partner_id));
    if !user.is_empty() {
        info.insert("userId".into(), json!(user));
    }
    info.insert("expiry".into(), json!(now + expiry));
    info.insert("privileges".into(), json!(privileges));
    info.insert("objectType".into(), json!("KalturaSessionInfo"));
    Ok(Value::Object(info))
}

/// Privileges as `ks::parsePrivileges` reads them: name → values (split on `/`), in first-seen
/// order, repeated names merged.
fn parse(text: &str, into: &mut Vec<(String, Vec<String>)>) {
    for item in text.split(',') {
        let (name, value) = match item.split_once(':') {
            Some((n, v)) => (n, Some(v)),
            None => (item, None),
        };
        let values: Vec<String> = value
            .filter(|v| !v.is_empty())
            .map(|v| v.split('/').map(str::to_string).collect())
            .unwrap_or_default();
        match into.iter_mut().find(|(n, _)| n == name) {
            Some((_, have)) => have.extend(values),
            None => into.push((name.to_string(), values)),
        }
    }
}

/// The session's privileges: the token's bookkeeping, the token's own, then the call's that are
/// allowed; built as `ks::buildPrivileges` does (`name:v1/v2`, bare names alone).
fn session_privileges(id: &str, token: Option<&str>, asked: Option<&str>) -> String {
    let mut all = vec![
        ("sessionid".to_string(), vec![id.to_string()]),
        ("apptoken".to_string(), vec![id.to_string()]),
    ];
    if let Some(t) = token.filter(|t| !t.is_empty()) {
        parse(t, &mut all);
    }
    if let Some(a) = asked.filter(|a| !a.is_empty()) {
        let mut extra = Vec::new();
        parse(a, &mut extra);
        for (name, values) in extra {
            let name_trim = name.trim();
            if !SERVER_PRIVILEGES.contains(&name_trim)
                && !all.iter().any(|(n, _)| n.trim() == name_trim)
            {
                all.push((name, values));
            }
        }
    }
    all.iter()
        .map(|(n, v)| {
            if v.is_empty() {
                n.clone()
            } else {
                format!("{n}:{}", v.join("/"))
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn privileges_merge_as_kaltura_builds_them() {
        assert_eq!(
            session_privileges("0_t", Some("sview:0_a,enableentitlement"), None),
            "sessionid:0_t,apptoken:0_t,sview:0_a,enableentitlement"
        );
        assert_eq!(
            session_privileges(
                "0_t",
                Some("appid:k"),
                Some("sview:0_b,appid:other,appdomain:x.org,setrole:R,custom:1/2")
            ),
            "sessionid:0_t,apptoken:0_t,appid:k,appdomain:x.org,custom:1/2",
            "server-reserved names and names the token sets are dropped"
        );
        assert_eq!(
            session_privileges("0_t", Some("sview:0_a,sview:0_b"), None),
            "sessionid:0_t,apptoken:0_t,sview:0_a/0_b"
        );
    }
}
