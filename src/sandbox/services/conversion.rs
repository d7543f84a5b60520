//! `conversionProfile.list/get/getDefault/update`, and the check Kaltura runs on a live entry's
//! `conversionProfileId` (`KalturaLiveEntry::validateConversionProfile`): it must name an
//! existing LIVE_STREAM profile; a VOD profile or an unknown ID is `CONVERSION_PROFILE_ID_NOT_FOUND`.

use super::super::app::Ctx;
use super::super::errors::{self, ApiError};
use super::super::params::{self, Params};
use super::super::store::{Obj, Store};
use super::{Pager, check_filter_type, field_eq, order, split_list};
use serde_json::{Value, json};

/// `KalturaConversionProfileType` values: MEDIA and LIVE_STREAM.
const TYPES: &[&str] = &["1", "2"];
/// The live type, the only one a live entry may use.
const LIVE: &str = "2";
/// `conversionProfile2::CONVERSION_PROFILE_NONE`: "no profile", accepted without a lookup.
const NONE: i64 = -1;

fn find(store: &Store, id: i64) -> Option<&Obj> {
    store
        .conversion_profiles
        .iter()
        .find(|o| o.get("id").and_then(Value::as_i64) == Some(id))
}

/// `conversionProfile.list(filter, pager)`: `idEqual`/`idIn`, `nameEqual`, `systemNameEqual`/
/// `systemNameIn`, `typeEqual`/`typeIn`, `statusEqual`; ordered by ID.
pub fn list(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let empty = Params::new();
    let f = params::opt_obj(ctx.params, "filter").unwrap_or(&empty);
    check_filter_type(f, "Filter")?;
    params::opt_enum_str(f, "typeEqual", TYPES, "KalturaConversionProfileType")?;
    let pager = Pager::from_params(ctx.params)?;
    ctx.authorize(true)?;
    let one = |name: &str| params::opt_str(f, name);
    let many = |name: &str| params::opt_str(f, name).map(|s| split_list(&s));
    let equal = [
        ("idEqual", "id"),
        ("nameEqual", "name"),
        ("systemNameEqual", "systemName"),
        ("typeEqual", "type"),
        ("statusEqual", "status"),
    ];
    let within = [
        ("idIn", "id"),
        ("systemNameIn", "systemName"),
        ("typeIn", "type"),
        ("statusIn", "status"),
    ];
    let mut objs: Vec<Obj> = store
        .conversion_profiles
        .iter()
        .filter(|o| {
            equal
                .iter()
                .all(|(filter, field)| one(filter).is_none_or(|v| field_eq(o, field, &v)))
                && within.iter().all(|(filter, field)| {
                    many(filter).is_none_or(|l| l.iter().any(|v| field_eq(o, field, v)))
                })
        })
        .cloned()
        .collect();
    order(&mut objs, params::opt_str(f, "orderBy").as_deref(), "+id");
    Ok(pager.respond(
        objs.into_iter().map(Value::Object).collect(),
        "KalturaConversionProfileListResponse",
    ))
}

/// `conversionProfile.get(id)`.
pub fn get(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let id = params::req_int(ctx.params, "id")?;
    ctx.authorize(true)?;
    find(store, id)
        .map(|o| Value::Object(o.clone()))
        .ok_or_else(|| errors::conversion_profile_not_found(&id.to_string()))
}

/// `conversionProfile.getDefault(type)`: the partner's default of that type (MEDIA when the
/// type is not given), as Kaltura answers from the partner's default (live) profile ID.
pub fn get_default(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let kind = params::opt_enum_str(ctx.params, "type", TYPES, "KalturaConversionProfileType")?
        .unwrap_or_else(|| "1".into());
    ctx.authorize(true)?;
    store
        .conversion_profiles
        .iter()
        .find(|o| field_eq(o, "type", &kind) && o.get("isDefault") == Some(&Value::Bool(true)))
        .map(|o| Value::Object(o.clone()))
        .ok_or_else(|| errors::conversion_profile_not_found("0"))
}

/// Text fields `conversionProfile.update` changes.
const UPDATABLE: &[&str] = &[
    "name",
    "systemName",
    "description",
    "tags",
    "flavorParamsIds",
];

/// `conversionProfile.update(id, conversionProfile)`: name (at least one character), system
/// name, description, tags and flavor params; `type` is insert-only and ignored.
pub fn update(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let id = params::req_int(ctx.params, "id")?;
    let input = params::opt_obj(ctx.params, "conversionProfile")
        .ok_or_else(|| errors::missing_parameter("conversionProfile"))?;
    if let Some(t) = params::opt_str(input, "objectType")
        && t != "KalturaConversionProfile"
    {
        return Err(errors::invalid_object_type(&t));
    }
    ctx.authorize(true)?;
    if input
        .get("name")
        .and_then(params::text)
        .is_some_and(|n| n.is_empty())
    {
        return Err(errors::min_length("name", 1));
    }
    let now = ctx.now();
    let profile = store
        .conversion_profiles
        .iter_mut()
        .find(|o| o.get("id").and_then(Value::as_i64) == Some(id))
        .ok_or_else(|| errors::conversion_profile_not_found(&id.to_string()))?;
    for field in UPDATABLE {
        if let Some(v) = input.get(*field).and_then(params::text) {
            profile.insert((*field).to_string(), json!(v));
        }
    }
    profile.insert("updatedAt".into(), json!(now));
    let answer = Value::Object(profile.clone());
    store.touch();
    Ok(answer)
}

/// A live entry's `conversionProfileId` as sent: `None` when the field is absent (the
/// partner's default live profile then applies), `Some(id)` otherwise, an empty string being 0
/// as Kaltura's integer deserialiser makes it.
pub fn requested_id(input: &Params) -> Result<Option<i64>, ApiError> {
    match input.get("conversionProfileId") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(Some(0)),
        Some(v) => params::int_of(v)
            .map(|n| n.or(Some(0)))
            .map_err(|()| errors::not_numeric("conversionProfileId")),
    }
}

/// Checks a live entry's requested profile: -1 (none) passes, anything else must be a live
/// profile of the partner.
pub fn check_live(store: &Store, id: i64) -> Result<(), ApiError> {
    if id == NONE {
        return Ok(());
    }
    match find(store, id) {
        Some(p) if field_eq(p, "type", LIVE) => Ok(()),
        _ => Err(errors::conversion_profile_not_found(&id.to_string())),
    }
}

/// The partner's default live profile, which an entry added without a profile gets.
pub fn default_live(store: &Store) -> Option<i64> {
    store
        .conversion_profiles
        .iter()
        .find(|o| field_eq(o, "type", LIVE) && o.get("isDefault") == Some(&Value::Bool(true)))
        .and_then(|o| o.get("id").and_then(Value::as_i64))
}
