//! `liveStream.add/update/isLive` (`delete` is in `deletion`): live entries shaped as Kaltura
//! creates them (reference sections 4 and 6), the live event's controls through
//! `liveStream.update` (section 9: `viewMode`, `recordingStatus`, `redirectEntryId`),
//! `field__null` clearing, the
//! conversion profile checked as Kaltura checks it (see `conversion`).

use super::super::app::Ctx;
use super::super::errors::{self, ApiError};
use super::super::lifecycle;
use super::super::params::{self, Params};
use super::super::store::{Obj, Store, random_hex};
use super::{as_json_bool, conversion, entry_view};
use serde_json::{Value, json};

const MEDIA_TYPES: &[i64] = &[1, 2, 5, 201, 202, 203, 204];
const SOURCE_TYPES: &[&str] = &["1", "2", "5", "6", "29", "32", "33", "34", "35", "36", "42"];
const NULLABLE_BOOLEANS: &[&str] = &["explicitLive"];
const RECORDING_OPTION_BOOLEANS: &[&str] = &[
    "shouldCopyEntitlement",
    "shouldMakeHidden",
    "shouldAutoArchive",
    "shouldCopyScheduling",
    "shouldCopyThumbnail",
];
/// Plain string fields a client may set.
const STRING_FIELDS: &[&str] = &[
    "name",
    "description",
    "tags",
    "adminTags",
    "referenceId",
    "partnerData",
    "entitledUsersEdit",
    "entitledUsersView",
    "entitledUsersPublish",
    "categories",
    "categoriesIds",
    "startDate",
    "endDate",
    "redirectEntryId",
];

/// Validates the entry object and copies the fields a client may set into `obj`.
fn apply_fields(obj: &mut Obj, input: &Params, admin: bool) -> Result<(), ApiError> {
    if let Some(t) = params::opt_str(input, "objectType") {
        if t == "KalturaLiveEntry" || t == "KalturaBaseEntry" {
            return Err(errors::invalid_object_type(&t));
        }
        if t != "KalturaLiveStreamEntry" && t != "KalturaLiveStreamAdminEntry" {
            return Err(errors::invalid_object_type(&t));
        }
    }
    for f in STRING_FIELDS {
        if let Some(v) = input.get(*f).and_then(params::text) {
            obj.insert((*f).to_string(), json!(v));
        }
    }
    if let Some(m) = params::opt_enum_int(input, "mediaType", MEDIA_TYPES, "KalturaMediaType")? {
        obj.insert("mediaType".into(), json!(m));
    }
    if let Some(s) = params::opt_enum_str(input, "sourceType", SOURCE_TYPES, "KalturaSourceType")? {
        obj.insert("sourceType".into(), json!(s));
    }
    for (f, allowed, enum_type) in [
        ("dvrStatus", &[0, 1][..], "KalturaDVRStatus"),
        ("recordStatus", &[0, 1, 2][..], "KalturaRecordStatus"),
        (
            "pushPublishEnabled",
            &[0, 1][..],
            "KalturaLivePublishStatus",
        ),
        ("viewMode", &[0, 1][..], "KalturaViewMode"),
        (
            "recordingStatus",
            &[0, 1, 2, 3][..],
            "KalturaRecordingStatus",
        ),
        (
            "displayInSearch",
            &[-2, -1, 0, 1, 2][..],
            "KalturaEntryDisplayInSearchType",
        ),
    ] {
        if let Some(v) = params::opt_enum_int(input, f, allowed, enum_type)? {
            obj.insert(f.into(), json!(v));
        }
    }
    for f in [
        "conversionProfileId",
        "dvrWindow",
        "accessControlId",
        "segmentDuration",
    ] {
        if let Some(v) = params::opt_int(input, f)? {
            obj.insert(f.into(), json!(v));
        }
    }
    if let Some(w) = obj.get("dvrWindow").and_then(Value::as_i64)
        && !(0..=1440).contains(&w)
    {
        return Err(errors::invalid_enum(
            &w.to_string(),
            "dvrWindow",
            "int (0-1440)",
        ));
    }
    for f in NULLABLE_BOOLEANS {
        if let Some(b) = params::opt_bool(input, f)? {
            obj.insert((*f).to_string(), json!(b));
        }
    }
    if let Some(opts) = params::opt_obj(input, "recordingOptions") {
        let mut out = obj
            .get("recordingOptions")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for f in RECORDING_OPTION_BOOLEANS {
            if let Some(v) = opts.get(*f) {
                match as_json_bool(v) {
                    Some(b) => out.insert((*f).to_string(), b),
                    None => out.remove(*f),
                };
            }
        }
        out.insert(
            "objectType".into(),
            json!("KalturaLiveEntryRecordingOptions"),
        );
        obj.insert("recordingOptions".into(), Value::Object(out));
    }
    if admin && let Some(u) = params::opt_str(input, "userId") {
        obj.insert("userId".into(), json!(u));
    }
    // `field__null` clears a field (Kaltura then omits it).
    for key in input.keys() {
        if let Some(field) = key.strip_suffix("__null") {
            obj.remove(field);
        }
    }
    Ok(())
}

/// `liveStream.add(liveStreamEntry, sourceType)`.
pub fn add(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let input = params::opt_obj(ctx.params, "liveStreamEntry")
        .ok_or_else(|| errors::missing_parameter("liveStreamEntry"))?;
    let source_param =
        params::opt_enum_str(ctx.params, "sourceType", SOURCE_TYPES, "KalturaSourceType")?;
    let mut obj = Obj::new();
    apply_fields(&mut obj, input, ctx.caller.is_admin())?;
    ctx.authorize(true)?;
    if !obj.contains_key("mediaType") {
        return Err(errors::cannot_be_null("mediaType"));
    }
    // Absent: the partner's default live profile; present (even "", which is 0): checked.
    let profile = match conversion::requested_id(input)? {
        Some(id) => {
            conversion::check_live(store, id)?;
            id
        }
        None => conversion::default_live(store).unwrap_or(0),
    };
    obj.insert("conversionProfileId".into(), json!(profile));
    let now = ctx.now();
    let id = store.new_entry_id();
    let pid = store.partner_id;
    let user = ctx.caller.user_id().to_string();
    // The `sourceType` parameter wins over the object's.
    let source = source_param
        .or_else(|| obj.get("sourceType").and_then(params::text))
        .unwrap_or_else(|| "32".into());
    let explicit = obj.get("explicitLive").and_then(Value::as_bool) == Some(true);
    let record_status = obj.get("recordStatus").and_then(Value::as_i64).unwrap_or(0);
    let password = random_hex(8);
    let token = random_hex(8);
    let base = |host: &str, scheme: &str, port: u16, i: u8| {
        format!(
            "{scheme}://{id}.{host}.kpublish.kaltura.com:{port}/kLive/?p={pid}&e={id}&i={i}&t={token}"
        )
    };
    let mut entry = json!({
        "id": id, "partnerId": pid, "userId": user, "creatorId": user,
        "name": "", "description": "", "tags": "", "adminTags": "",
        "status": 2, "moderationStatus": 6, "type": 7, "sourceType": source,
        "createdAt": now, "updatedAt": now, "rootEntryId": id,
        "redirectEntryId": "", "recordedEntryId": "", "referenceId": "",
        "conversionProfileId": 0, "dvrStatus": 0, "dvrWindow": 0, "recordStatus": record_status,
        "explicitLive": explicit, "viewMode": if explicit { 0 } else { 1 },
        "recordingStatus": if explicit { 0 } else if record_status != 0 { 2 } else { 3 },
        "liveStatus": 0, "firstBroadcast": 0, "lastBroadcast": 0,
        "currentBroadcastStartTime": 0, "lastBroadcastEndTime": 0,
        "pushPublishEnabled": 0, "displayInSearch": 1,
    });
    let ingest = json!({
        "streamName": format!("{id}_%i"), "streamPassword": password,
        "primaryBroadcastingUrl": base("p", "rtmp", 1935, 0),
        "secondaryBroadcastingUrl": base("b", "rtmp", 1935, 1),
        "primarySecuredBroadcastingUrl": base("p", "rtmps", 443, 0),
        "secondarySecuredBroadcastingUrl": base("b", "rtmps", 443, 1),
        "primaryRtspBroadcastingUrl": format!("rtsp://{id}.p.kpublish.kaltura.com:554/kLive/{id}_%i?p={pid}&e={id}&i=0&t={token}"),
        "secondaryRtspBroadcastingUrl": format!("rtsp://{id}.b.kpublish.kaltura.com:554/kLive/{id}_%i?p={pid}&e={id}&i=1&t={token}"),
        "primarySrtBroadcastingUrl": format!("srt://{id}.p.kpublish.kaltura.com:7045"),
        "secondarySrtBroadcastingUrl": format!("srt://{id}.b.kpublish.kaltura.com:7045"),
        "primarySrtStreamId": format!("#:::e={id},st=0,p={password}"),
        "secondarySrtStreamId": format!("#:::e={id},st=1,p={password}"),
        "srtPass": random_hex(16),
        "entitledUsersEdit": "", "entitledUsersView": "", "entitledUsersPublish": "",
        "thumbnailUrl": format!("{}/p/{pid}/sp/{pid}00/thumbnail/entry_id/{id}/version/0", ctx.app.base_url),
        "duration": 0, "msDuration": 0, "plays": 0, "views": 0, "version": 0,
        "objectType": "KalturaLiveStreamEntry",
    });
    if let (Value::Object(e), Value::Object(more)) = (&mut entry, ingest) {
        e.extend(more);
        for (k, v) in obj {
            if k == "sourceType" {
                continue;
            }
            e.insert(k, v);
        }
        store.push_entry(e.clone());
    }
    if let Some(after) = ctx.app.auto_live_after {
        let due = ctx.now_ms + lifecycle::delay_ms(after.as_secs_f64(), ctx.app.speed);
        lifecycle::schedule_auto_broadcast(store, &id, due);
    }
    let stored = store.entry(&id).ok_or_else(errors::internal)?;
    Ok(entry_view(stored, &ctx.caller))
}

/// Finds a live entry the caller may change: not found → ENTRY_ID_NOT_FOUND, another type →
/// INVALID_ENTRY_TYPE, another user's → INVALID_KS `-4,INVALID_TYPE`.
fn editable_live(store: &Store, ctx: &Ctx<'_>, id: &str) -> Result<(), ApiError> {
    let entry = store
        .entry(id)
        .filter(|e| ctx.caller.can_view(e) || ctx.caller.can_edit(e))
        .ok_or_else(|| errors::entry_not_found(id))?;
    if entry.entry_type() != 7 {
        return Err(errors::invalid_entry_type(id, entry.entry_type(), 7));
    }
    if !ctx.caller.can_edit(entry) {
        return Err(errors::invalid_ks_type());
    }
    Ok(())
}

/// `liveStream.update(entryId, liveStreamEntry)`; `viewMode: 1` is Go Live, `viewMode: 0` End
/// (the encoder may go on), `recordingStatus` 1/2 pause and resume the recording,
/// `redirectEntryId` (or `redirectEntryId__null`) sends players to a recording. Kaltura stores
/// `redirectEntryId` as given (`entry::setRedirectEntryId` checks nothing), and so does this.
pub fn update(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let id = params::req_str(ctx.params, "entryId")?;
    let input = params::opt_obj(ctx.params, "liveStreamEntry")
        .ok_or_else(|| errors::missing_parameter("liveStreamEntry"))?;
    let mut probe = Obj::new();
    apply_fields(&mut probe, input, ctx.caller.is_admin())?;
    ctx.authorize(false)?;
    editable_live(store, ctx, &id)?;
    if let Some(entry) = store.entry(&id) {
        super::broadcasting::refuse_while_broadcasting(entry, input)?;
    }
    let profile = conversion::requested_id(input)?;
    if let Some(profile) = profile {
        conversion::check_live(store, profile)?;
    }
    let admin = ctx.caller.is_admin();
    let entry = store
        .entry_mut(&id)
        .ok_or_else(|| errors::entry_not_found(&id))?;
    let view_mode_was = entry.int("viewMode");
    apply_fields(&mut entry.obj, input, admin)?;
    if let Some(profile) = profile {
        entry
            .obj
            .insert("conversionProfileId".into(), json!(profile));
    }
    entry.obj.insert("updatedAt".into(), json!(ctx.now()));
    // Go Live is this update with `viewMode` 1: attendees are let in (`broadcastTime`), and a
    // `recordingStatus` change starts, pauses or stops the recording's growth.
    lifecycle::let_in(store, &id, view_mode_was, ctx.now_ms);
    lifecycle::sync_recording(store, &id, ctx.now_ms);
    store.touch();
    let stored = store
        .entry(&id)
        .ok_or_else(|| errors::entry_not_found(&id))?;
    Ok(entry_view(stored, &ctx.caller))
}

/// `liveStream.isLive(id, protocol)`: answered for the caller (reference section 6).
pub fn is_live(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let id = params::req_str(ctx.params, "id")?;
    params::opt_enum_str(
        ctx.params,
        "protocol",
        &[
            "auto",
            "hls",
            "applehttp",
            "hds",
            "rtmp",
            "rtsp",
            "sl",
            "url",
            "http",
            "https",
            "mpegdash",
            "multicast_silverlight",
            "hdnetworkmanifest",
            "hdnetwork",
            "akamai_hd",
            "akamai_hds",
            "live_dash",
            "applehttp_to_mc",
            "hls_to_mc",
        ],
        "KalturaPlaybackProtocol",
    )?;
    ctx.authorize_optional()?;
    let entry = store
        .entry(&id)
        .filter(|e| e.entry_type() == 7)
        .ok_or_else(|| errors::invalid_entry_id(&id))?;
    let playable = entry.int("liveStatus") == 1;
    let explicit = entry.obj.get("explicitLive").and_then(Value::as_bool) == Some(true);
    let open = !explicit || entry.int("viewMode") == 1;
    Ok(Value::Bool(
        playable && (open || ctx.caller.sees_preview(entry)),
    ))
}
