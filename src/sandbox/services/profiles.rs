//! Read-only fixtures: `metadataProfile.list/get`, `uiConf.listTemplates/list/get`.

use super::super::app::Ctx;
use super::super::errors::{self, ApiError};
use super::super::params::{self, Params};
use super::super::store::{Obj, Store};
use super::{Pager, check_filter_type, field_eq, order};
use serde_json::Value;

fn filter_of<'a>(ctx: &'a Ctx<'_>, empty: &'a Params) -> Result<&'a Params, ApiError> {
    let f = params::opt_obj(ctx.params, "filter").unwrap_or(empty);
    check_filter_type(f, "Filter")?;
    Ok(f)
}

/// Keeps the objects matching every `{field}Equal` filter named in `fields`.
fn select(objs: &[Obj], f: &Params, fields: &[(&str, &str)]) -> Result<Vec<Obj>, ApiError> {
    let mut wanted = Vec::new();
    for (filter_name, field) in fields {
        if let Some(v) = f
            .get(*filter_name)
            .and_then(params::text)
            .filter(|s| !s.is_empty())
        {
            wanted.push((*field, v));
        }
    }
    let ids_in: Option<Vec<String>> = params::opt_str(f, "idIn").map(|s| super::split_list(&s));
    Ok(objs
        .iter()
        .filter(|o| wanted.iter().all(|(field, v)| field_eq(o, field, v)))
        .filter(|o| {
            ids_in
                .as_ref()
                .is_none_or(|l| l.iter().any(|id| field_eq(o, "id", id)))
        })
        .cloned()
        .collect())
}

fn respond(mut objs: Vec<Obj>, ctx: &Ctx<'_>, f: &Params, kind: &str) -> Result<Value, ApiError> {
    let pager = Pager::from_params(ctx.params)?;
    ctx.authorize(false)?;
    order(
        &mut objs,
        params::opt_str(f, "orderBy").as_deref(),
        "-createdAt",
    );
    Ok(pager.respond(objs.into_iter().map(Value::Object).collect(), kind))
}

/// `metadataProfile.list(filter, pager)` by `systemNameEqual` and friends.
pub fn metadata_profiles(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let empty = Params::new();
    let f = filter_of(ctx, &empty)?;
    let objs = select(
        &store.metadata_profiles,
        f,
        &[
            ("idEqual", "id"),
            ("systemNameEqual", "systemName"),
            ("nameEqual", "name"),
            ("metadataObjectTypeEqual", "metadataObjectType"),
            ("statusEqual", "status"),
        ],
    )?;
    respond(objs, ctx, f, "KalturaMetadataProfileListResponse")
}

/// `metadataProfile.get(id)`.
pub fn metadata_profile(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let id = params::req_int(ctx.params, "id")?;
    ctx.authorize(false)?;
    store
        .metadata_profiles
        .iter()
        .find(|o| o.get("id").and_then(Value::as_i64) == Some(id))
        .map(|o| Value::Object(o.clone()))
        .ok_or_else(|| errors::metadata_profile_not_found(&id.to_string()))
}

/// `uiConf.listTemplates` (the system's, partner 0) or `uiConf.list` (the partner's own).
pub fn ui_confs(store: &mut Store, ctx: &Ctx<'_>, templates: bool) -> Result<Value, ApiError> {
    let empty = Params::new();
    let f = filter_of(ctx, &empty)?;
    params::opt_enum_int(
        f,
        "objTypeEqual",
        &[
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
        ],
        "KalturaUiConfObjType",
    )?;
    let owner = if templates { 0 } else { store.partner_id };
    let own: Vec<Obj> = store
        .ui_confs
        .iter()
        .filter(|o| o.get("partnerId").and_then(Value::as_i64) == Some(owner))
        .cloned()
        .collect();
    let mut objs = select(
        &own,
        f,
        &[
            ("idEqual", "id"),
            ("objTypeEqual", "objType"),
            ("partnerIdEqual", "partnerId"),
        ],
    )?;
    // `tagsMultiLikeOr`: any of the comma-separated values inside `tags` (SQL LIKE '%v%',
    // case-insensitive as MySQL compares).
    if let Some(any) = params::opt_str(f, "tagsMultiLikeOr") {
        let wanted: Vec<String> = super::split_list(&any.to_lowercase());
        if !wanted.is_empty() {
            objs.retain(|o| {
                let tags = o
                    .get("tags")
                    .and_then(params::text)
                    .unwrap_or_default()
                    .to_lowercase();
                wanted.iter().any(|w| tags.contains(w.as_str()))
            });
        }
    }
    respond(objs, ctx, f, "KalturaUiConfListResponse")
}

/// `uiConf.get(id)`: the partner's own or a system template.
pub fn ui_conf(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let id = params::req_int(ctx.params, "id")?;
    ctx.authorize(false)?;
    store
        .ui_confs
        .iter()
        .find(|o| o.get("id").and_then(Value::as_i64) == Some(id))
        .map(|o| Value::Object(o.clone()))
        .ok_or_else(|| errors::uiconf_not_found(&id.to_string()))
}
