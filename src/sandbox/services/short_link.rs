//! `shortLink.add/get/list/update/delete/goto` (`shortlink_shortlink`), as kaltura/server's
//! short-link plugin (`plugins/short_link`: `ShortLinkService`, `KalturaShortLink`, `ShortLink`,
//! the permissions in `deployment/permissions/service.shortlink.shortlink.ini`) does them:
//!
//! - `add` needs an admin KS (a user session lacks the `SHORT_LINK_*` permissions); `systemName`
//!   and `fullUrl` are mandatory (`PROPERTY_VALIDATION_CANNOT_BE_NULL`) with at least 3 and 10
//!   characters (`PROPERTY_VALIDATION_MIN_LENGTH`); `status` defaults to ENABLED (2), `userId`
//!   to the KS's user; the ID is 4 characters of `[0-9a-z]` (a data-centre character and
//!   `kString::generateStringId(3)`);
//! - `get`, `update`, `delete` of an unknown ID: `INVALID_OBJECT_ID`; `delete` sets DELETED (3);
//!   `get` and `list` take a user KS too;
//! - `goto` takes no KS and redirects (HTTP 302) to `fullUrl` of any link it finds — Kaltura's
//!   `gotoAction` checks neither `status` nor `expiresAt`, so an expired or deleted link still
//!   redirects, and what stops an expired attendee link is the expired KS inside it;
//! - the public form `{service}/tiny/{id}` is Apache's `RedirectMatch permanent
//!   ^/tiny/([0-9a-z]{4})$ /api_v3/index.php?service=shortLink_shortLink&action=goto&id=$1`
//!   (a 301 to `goto`), served by `server.rs`.

use super::super::app::Ctx;
use super::super::errors::{self, ApiError};
use super::super::params::{self, Params};
use super::super::store::{Obj, Store};
use super::{Pager, check_filter_type, field_eq, order, split_list};
use serde_json::{Map, Value, json};

/// `KalturaShortLinkStatus`.
const DISABLED: i64 = 1;
const ENABLED: i64 = 2;
const DELETED: i64 = 3;

/// The fields a client may set, in `KalturaShortLink`'s order.
const WRITABLE: &[&str] = &[
    "expiresAt",
    "userId",
    "name",
    "systemName",
    "fullUrl",
    "status",
];

/// Characters of a short link ID (`kString::generateStringId`'s alphabet).
const ID_CHARS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// True for an ID the `/tiny/` redirect accepts (`[0-9a-z]{4}`).
pub fn is_tiny_id(id: &str) -> bool {
    id.len() == 4 && id.bytes().all(|b| ID_CHARS.contains(&b))
}

fn input<'a>(ctx: &'a Ctx<'_>) -> Result<&'a Params, ApiError> {
    let input = params::opt_obj(ctx.params, "shortLink")
        .ok_or_else(|| errors::missing_parameter("shortLink"))?;
    match params::opt_str(input, "objectType") {
        Some(t) if t != "KalturaShortLink" => Err(errors::invalid_object_type(&t)),
        _ => Ok(input),
    }
}

/// Validates and copies the writable fields of `input` into `obj` (unset ones stay).
fn apply(obj: &mut Obj, input: &Params) -> Result<(), ApiError> {
    for field in WRITABLE {
        if input.get(*field).is_none() {
            continue;
        }
        let value = match *field {
            "expiresAt" => params::opt_int(input, field)?.map_or(Value::Null, |n| json!(n)),
            "status" => params::opt_enum_int(
                input,
                field,
                &[DISABLED, ENABLED, DELETED],
                "KalturaShortLinkStatus",
            )?
            .map_or(Value::Null, |n| json!(n)),
            _ => params::opt_str(input, field).map_or(Value::Null, Value::String),
        };
        if value.is_null() {
            obj.remove(*field);
        } else {
            obj.insert((*field).to_string(), value);
        }
    }
    Ok(())
}

fn check_length(obj: &Obj, field: &str, min: usize) -> Result<(), ApiError> {
    match obj.get(field).and_then(Value::as_str) {
        None => Err(errors::cannot_be_null(field)),
        Some(v) if v.chars().count() < min => Err(errors::min_length(field, min)),
        Some(_) => Ok(()),
    }
}

/// The object as answered, in Kaltura's field order; unset fields omitted (as Kaltura omits
/// nulls).
fn view(obj: &Obj) -> Value {
    let mut out = Map::new();
    for field in [
        "id",
        "createdAt",
        "updatedAt",
        "expiresAt",
        "partnerId",
        "userId",
        "name",
        "systemName",
        "fullUrl",
        "status",
    ] {
        if let Some(v) = obj.get(field) {
            out.insert(field.to_string(), v.clone());
        }
    }
    out.insert("objectType".into(), json!("KalturaShortLink"));
    Value::Object(out)
}

/// The stored link with this ID (any status: Kaltura's peer has no default filter).
pub fn find<'a>(store: &'a Store, id: &str) -> Option<&'a Obj> {
    store.short_links.iter().find(|l| field_eq(l, "id", id))
}

fn find_mut<'a>(store: &'a mut Store, id: &str) -> Result<&'a mut Obj, ApiError> {
    store
        .short_links
        .iter_mut()
        .find(|l| field_eq(l, "id", id))
        .ok_or_else(|| errors::invalid_object_id(id))
}

fn new_id(store: &Store) -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    loop {
        let id: String = (0..4)
            .map(|_| ID_CHARS[rng.gen_range(0..ID_CHARS.len())] as char)
            .collect();
        if find(store, &id).is_none() {
            return id;
        }
    }
}

/// `shortLink.add(shortLink)`.
pub fn add(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let input = input(ctx)?;
    let mut obj = Obj::new();
    apply(&mut obj, input)?;
    check_length(&obj, "systemName", 3)?;
    check_length(&obj, "fullUrl", 10)?;
    ctx.authorize(true)?;
    let now = ctx.now();
    obj.insert("id".into(), json!(new_id(store)));
    obj.insert("createdAt".into(), json!(now));
    obj.insert("updatedAt".into(), json!(now));
    obj.insert("partnerId".into(), json!(store.partner_id));
    if obj.get("status").and_then(Value::as_i64).unwrap_or(0) == 0 {
        obj.insert("status".into(), json!(ENABLED));
    }
    if obj
        .get("userId")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        obj.insert("userId".into(), json!(ctx.caller.user_id()));
    }
    let answer = view(&obj);
    store.short_links.push(obj);
    store.touch();
    Ok(answer)
}

/// `shortLink.get(id)`.
pub fn get(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let id = params::req_str(ctx.params, "id")?;
    ctx.authorize(false)?;
    find(store, &id)
        .map(view)
        .ok_or_else(|| errors::invalid_object_id(&id))
}

/// `shortLink.list(filter, pager)` by `idEqual`/`idIn`, `userIdEqual`/`userIdIn`,
/// `systemNameEqual`/`systemNameIn`, `statusEqual`/`statusIn`, `expiresAt…`, `orderBy`.
pub fn list(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let empty = Params::new();
    let f = params::opt_obj(ctx.params, "filter").unwrap_or(&empty);
    check_filter_type(f, "ShortLinkFilter")?;
    let pager = Pager::from_params(ctx.params)?;
    let expires_gte = params::opt_int(f, "expiresAtGreaterThanOrEqual")?;
    let expires_lte = params::opt_int(f, "expiresAtLessThanOrEqual")?;
    ctx.authorize(false)?;
    let equal = [
        ("idEqual", "id"),
        ("userIdEqual", "userId"),
        ("systemNameEqual", "systemName"),
        ("statusEqual", "status"),
    ];
    let any_of = [
        ("idIn", "id"),
        ("userIdIn", "userId"),
        ("systemNameIn", "systemName"),
        ("statusIn", "status"),
    ];
    let mut objs: Vec<Obj> = store
        .short_links
        .iter()
        .filter(|l| {
            equal
                .iter()
                .all(|(k, field)| params::opt_str(f, k).is_none_or(|v| field_eq(l, field, &v)))
        })
        .filter(|l| {
            any_of.iter().all(|(k, field)| {
                params::opt_str(f, k)
                    .is_none_or(|v| split_list(&v).iter().any(|v| field_eq(l, field, v)))
            })
        })
        .filter(|l| {
            let at = l.get("expiresAt").and_then(Value::as_i64);
            expires_gte.is_none_or(|g| at.is_some_and(|a| a >= g))
                && expires_lte.is_none_or(|g| at.is_some_and(|a| a <= g))
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
        "KalturaShortLinkListResponse",
    ))
}

/// `shortLink.update(id, shortLink)`.
pub fn update(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let id = params::req_str(ctx.params, "id")?;
    let input = input(ctx)?;
    ctx.authorize(true)?;
    let now = ctx.now();
    let obj = find_mut(store, &id)?;
    apply(obj, input)?;
    obj.insert("updatedAt".into(), json!(now));
    let answer = view(obj);
    store.touch();
    Ok(answer)
}

/// `shortLink.delete(id)`: DELETED, and answered.
pub fn delete(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let id = params::req_str(ctx.params, "id")?;
    ctx.authorize(true)?;
    let now = ctx.now();
    let obj = find_mut(store, &id)?;
    obj.insert("status".into(), json!(DELETED));
    obj.insert("updatedAt".into(), json!(now));
    let answer = view(obj);
    store.touch();
    Ok(answer)
}

/// `shortLink.goto(id)`: where the link leads, for the HTTP face to redirect to (`server.rs`);
/// no KS needed, status and expiry not checked (as Kaltura's `gotoAction`).
pub fn goto(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let id = params::req_str(ctx.params, "id")?;
    ctx.authorize_optional()?;
    find(store, &id)
        .and_then(|l| l.get("fullUrl").cloned())
        .ok_or_else(|| errors::invalid_object_id(&id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiny_ids_are_four_lowercase_alphanumerics() {
        assert!(is_tiny_id("a0z9"));
        for bad in ["", "abc", "abcde", "ABCD", "ab-d", "ab/d"] {
            assert!(!is_tiny_id(bad), "{bad}");
        }
    }
}
