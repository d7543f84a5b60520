//! `metadata.add/update/list/get` (the `metadata_metadata` plugin service): one record per
//! object and profile, XML checked against the profile's XSD ([`super::metadata_schema`]) and
//! kept as given, versions as Kaltura keeps them (`MetadataService::updateImpl`: a `version`
//! that is not the record's is `INVALID_METADATA_VERSION`; the same XML again keeps the version).
//! Records of a deleted entry are deleted with it (`kMetadataObjectDeletedHandler`): no call
//! finds them any more.

use super::super::app::Ctx;
use super::super::errors::{self, ApiError};
use super::super::params::{self, Params};
use super::super::store::{Obj, Store};
use super::{Pager, check_filter_type, metadata_schema, split_list};
use serde_json::{Value, json};

/// KalturaMetadataObjectType values (string enum).
const OBJECT_TYPES: &[&str] = &["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];

fn int_field(o: &Obj, f: &str) -> i64 {
    o.get(f)
        .and_then(|v| params::int_of(v).ok().flatten())
        .unwrap_or(0)
}

/// `KalturaMetadataStatus::DELETED`: such records are found by no call.
pub const DELETED: i64 = 3;

/// Whether a record is still there (not deleted with its entry).
fn alive(m: &Obj) -> bool {
    int_field(m, "status") != DELETED
}

/// The XML checked against the profile's XSD, as Kaltura validates it before storing it.
fn check_xml(profile: &Obj, xml: &str) -> Result<(), ApiError> {
    let xsd = profile.get("xsd").and_then(Value::as_str).unwrap_or("");
    metadata_schema::validate(xsd, xml).map_err(|why| errors::invalid_metadata_data(&why))
}

/// Marks the records of a deleted entry deleted, as Kaltura does when the entry goes.
pub fn delete_records_of(store: &mut Store, object_id: &str) {
    for m in store
        .metadata
        .iter_mut()
        .filter(|m| m.get("objectId").and_then(Value::as_str) == Some(object_id))
    {
        m.insert("status".into(), json!(DELETED));
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
    if let Some(existing) = store.metadata.iter().filter(|m| alive(m)).find(|m| {
        int_field(m, "metadataProfileId") == profile_id
            && m.get("objectId").and_then(Value::as_str) == Some(object_id.as_str())
    }) {
        return Err(errors::metadata_exists(int_field(existing, "id")));
    }
    check_xml(&profile, &xml)?;
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

/// `metadata.update(id, xmlData, version)`, in Kaltura's order: the record must exist
/// (`METADATA_NOT_FOUND`), `version` (when given and not 0) must be its current one
/// (`INVALID_METADATA_VERSION` naming the current one), the XML must pass the profile's XSD
/// (`INVALID_METADATA_DATA`). The same XML again changes nothing (Kaltura compares the stored
/// file's MD5); new XML bumps `version`. No `xmlData` returns the record unchanged.
pub fn update(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let p = ctx.params;
    let id = params::req_int(p, "id")?;
    let xml = params::opt_str(p, "xmlData").filter(|x| !x.is_empty());
    let version = params::opt_int(p, "version")?;
    ctx.authorize(false)?;
    let record = store
        .metadata
        .iter()
        .filter(|m| alive(m))
        .find(|m| int_field(m, "id") == id)
        .cloned()
        .ok_or_else(|| errors::metadata_not_found(&id.to_string()))?;
    let text = |f: &str| record.get(f).and_then(params::text).unwrap_or_default();
    check_entry(store, ctx, &text("metadataObjectType"), &text("objectId"))?;
    let current = int_field(&record, "version");
    if let Some(v) = version.filter(|v| *v != 0)
        && v != current
    {
        return Err(errors::invalid_metadata_version(current));
    }
    let profile_id = int_field(&record, "metadataProfileId");
    let profile = store
        .metadata_profiles
        .iter()
        .find(|o| int_field(o, "id") == profile_id)
        .cloned()
        .ok_or_else(|| errors::metadata_profile_not_found(&profile_id.to_string()))?;
    let Some(xml) = xml else {
        return Ok(Value::Object(record));
    };
    check_xml(&profile, &xml)?;
    if record.get("xml").and_then(Value::as_str) == Some(xml.as_str()) {
        return Ok(Value::Object(record));
    }
    let now = ctx.now();
    let stored = store
        .metadata
        .iter_mut()
        .filter(|m| alive(m))
        .find(|m| int_field(m, "id") == id)
        .ok_or_else(|| errors::metadata_not_found(&id.to_string()))?;
    stored.insert("xml".into(), json!(xml));
    stored.insert("version".into(), json!(current + 1));
    stored.insert(
        "metadataProfileVersion".into(),
        json!(int_field(&profile, "version")),
    );
    stored.insert("updatedAt".into(), json!(now));
    let out = Value::Object(stored.clone());
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
        .filter(|m| alive(m))
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
        .filter(|m| alive(m))
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
