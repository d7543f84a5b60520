//! `metadata.add/update/list/get` (the `metadata_metadata` plugin service): one record per
//! object and profile, XML kept as given.

use super::super::app::Ctx;
use super::super::errors::{self, ApiError};
use super::super::params::{self, Params};
use super::super::store::{Obj, Store};
use super::{Pager, check_filter_type, split_list};
use serde_json::{Value, json};

/// KalturaMetadataObjectType values (string enum).
const OBJECT_TYPES: &[&str] = &["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];

fn int_field(o: &Obj, f: &str) -> i64 {
    o.get(f)
        .and_then(|v| params::int_of(v).ok().flatten())
        .unwrap_or(0)
}

/// Minimal well-formedness check: an XML document is an element (the server parses it).
fn check_xml(xml: &str) -> Result<(), ApiError> {
    let t = xml.trim();
    if t.starts_with('<') && t.ends_with('>') {
        Ok(())
    } else {
        Err(ApiError {
            code: "INVALID_METADATA_DATA",
            message: "invalid metadata data: the XML is not well formed".into(),
            args: vec![("ERR_MSG", "the XML is not well formed".into())],
        })
    }
}

/// Checks the caller may change metadata of this entry (objectType ENTRY).
fn check_entry(
    store: &Store,
    ctx: &Ctx<'_>,
    object_type: &str,
    object_id: &str,
) -> Result<(), ApiError> {
    if object_type != "1" {
        return Ok(());
    }
    let entry = store
        .entry(object_id)
        .filter(|e| ctx.caller.can_view(e) || ctx.caller.can_edit(e))
        .ok_or_else(|| errors::entry_not_found(object_id))?;
    if !ctx.caller.can_edit(entry) {
        return Err(errors::invalid_ks_type());
    }
    Ok(())
}

/// `metadata.add(metadataProfileId, objectType, objectId, xmlData)`.
pub fn add(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let p = ctx.params;
    let profile_id = params::req_int(p, "metadataProfileId")?;
    let object_type =
        params::opt_enum_str(p, "objectType", OBJECT_TYPES, "KalturaMetadataObjectType")?
            .ok_or_else(|| errors::missing_parameter("objectType"))?;
    let object_id = params::req_str(p, "objectId")?;
    let xml = params::req_str(p, "xmlData")?;
    ctx.authorize(false)?;
    let profile = store
        .metadata_profiles
        .iter()
        .find(|o| int_field(o, "id") == profile_id)
        .cloned()
        .ok_or_else(|| errors::metadata_profile_not_found(&profile_id.to_string()))?;
    check_entry(store, ctx, &object_type, &object_id)?;
    if let Some(existing) = store.metadata.iter().find(|m| {
        int_field(m, "metadataProfileId") == profile_id
            && m.get("objectId").and_then(Value::as_str) == Some(object_id.as_str())
    }) {
        return Err(errors::metadata_exists(int_field(existing, "id")));
    }
    check_xml(&xml)?;
    let now = ctx.now();
    let id = store.new_int_id();
    let record = json!({
        "id": id, "partnerId": store.partner_id, "metadataProfileId": profile_id,
        "metadataProfileVersion": int_field(&profile, "version"), "metadataObjectType": object_type,
        "objectId": object_id, "version": 1, "createdAt": now, "updatedAt": now, "status": 1,
        "xml": xml, "objectType": "KalturaMetadata",
    });
    if let Value::Object(o) = &record {
        store.metadata.push(o.clone());
    }
    store.touch();
    Ok(record)
}

/// `metadata.update(id, xmlData, version)`.
pub fn update(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let p = ctx.params;
    let id = params::req_int(p, "id")?;
    let xml = params::opt_str(p, "xmlData");
    params::opt_int(p, "version")?;
    ctx.authorize(false)?;
    let (object_type, object_id) = store
        .metadata
        .iter()
        .find(|m| int_field(m, "id") == id)
        .map(|m| {
            (
                m.get("metadataObjectType")
                    .and_then(params::text)
                    .unwrap_or_default(),
                m.get("objectId").and_then(params::text).unwrap_or_default(),
            )
        })
        .ok_or_else(|| errors::metadata_not_found(&id.to_string()))?;
    check_entry(store, ctx, &object_type, &object_id)?;
    if let Some(x) = &xml {
        check_xml(x)?;
    }
    let now = ctx.now();
    let record = store
        .metadata
        .iter_mut()
        .find(|m| int_field(m, "id") == id)
        .ok_or_else(|| errors::metadata_not_found(&id.to_string()))?;
    if let Some(x) = xml {
        record.insert("xml".into(), json!(x));
        let version = int_field(record, "version") + 1;
        record.insert("version".into(), json!(version));
    }
    record.insert("updatedAt".into(), json!(now));
    let out = Value::Object(record.clone());
    store.touch();
    Ok(out)
}

/// `metadata.get(id)`.
pub fn get(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let id = params::req_int(ctx.params, "id")?;
    ctx.authorize(false)?;
    store
        .metadata
        .iter()
        .find(|m| int_field(m, "id") == id)
        .map(|m| Value::Object(m.clone()))
        .ok_or_else(|| errors::metadata_not_found(&id.to_string()))
}

/// `metadata.list(filter, pager)`: needs `metadataObjectTypeEqual`, and for entries an object
/// ID filter, as Kaltura demands.
pub fn list(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let empty = Params::new();
    let f = params::opt_obj(ctx.params, "filter").unwrap_or(&empty);
    check_filter_type(f, "Filter")?;
    let object_type = params::opt_enum_str(
        f,
        "metadataObjectTypeEqual",
        OBJECT_TYPES,
        "KalturaMetadataObjectType",
    )?;
    let profile = params::opt_int(f, "metadataProfileIdEqual")?;
    let mut ids = params::opt_str(f, "objectIdIn").map(|s| split_list(&s));
    if let Some(one) = params::opt_str(f, "objectIdEqual") {
        ids.get_or_insert_with(Vec::new).push(one);
    }
    let id_equal = params::opt_int(f, "idEqual")?;
    let pager = Pager::from_params(ctx.params)?;
    ctx.authorize(false)?;
    let object_type = object_type.ok_or_else(errors::must_filter_object_type)?;
    if object_type == "1" && ids.is_none() {
        return Err(errors::must_filter_object_id());
    }
    let objs: Vec<Value> = store
        .metadata
        .iter()
        .rev()
        .filter(|m| {
            m.get("metadataObjectType")
                .and_then(params::text)
                .as_deref()
                == Some(object_type.as_str())
        })
        .filter(|m| profile.is_none_or(|p| int_field(m, "metadataProfileId") == p))
        .filter(|m| id_equal.is_none_or(|i| int_field(m, "id") == i))
        .filter(|m| {
            ids.as_ref().is_none_or(|l| {
                let oid = m.get("objectId").and_then(Value::as_str).unwrap_or("");
                l.iter().any(|x| x == oid)
            })
        })
        .map(|m| Value::Object(m.clone()))
        .collect();
    Ok(pager.respond(objs, "KalturaMetadataListResponse"))
}
