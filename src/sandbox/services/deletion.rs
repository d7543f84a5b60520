//! `liveStream.delete`, `media.delete` and `baseEntry.delete`, as Kaltura's
//! `KalturaEntryService::deleteEntry` and `myEntryUtils::deleteEntry` do them:
//!
//! - the entry must exist and, for `liveStream`/`media`, be of the service's type: otherwise
//!   `ENTRY_ID_NOT_FOUND` (Kaltura checks `getType() != $entryType` with that same error);
//! - the caller needs edit rights on it (`@validateUser entry entryId edit`): an admin KS, the
//!   owner or a user in `entitledUsersEdit`, else `INVALID_KS` `-4,INVALID_TYPE`;
//! - the entry turns DELETED (status 3) and is found by no call after (`ENTRY_ID_NOT_FOUND`);
//!   its metadata records are deleted with it (`kMetadataObjectDeletedHandler`);
//! - nothing else is touched: a live entry's recordings are entries of their own and keep their
//!   `rootEntryId` (and go on processing), and a recording's live entry keeps pointing at it.
//!
//! The answer is `null`, as Kaltura's void actions answer.

use super::super::app::Ctx;
use super::super::errors::{self, ApiError};
use super::super::lifecycle::Step;
use super::super::params;
use super::super::store::Store;
use super::metadata;
use serde_json::{Value, json};

/// `{service}.delete(entryId)`; `want_type` is 7 for liveStream, 1 for media, `None` for
/// baseEntry.
pub fn delete(store: &mut Store, ctx: &Ctx<'_>, want_type: Option<i64>) -> Result<Value, ApiError> {
    let id = params::req_str(ctx.params, "entryId")?;
    ctx.authorize(false)?;
    let entry = store
        .entry(&id)
        .filter(|e| ctx.caller.can_view(e) || ctx.caller.can_edit(e))
        .filter(|e| want_type.is_none_or(|t| e.entry_type() == t))
        .ok_or_else(|| errors::entry_not_found(&id))?;
    if !ctx.caller.can_edit(entry) {
        return Err(errors::invalid_ks_type());
    }
    // The encoder's steps stop with the entry; a recording's processing does not (it is the
    // recording's own, and Kaltura finishes it).
    store.timers.retain(|t| {
        t.entry_id != id
            || matches!(
                t.step,
                Step::RecordingReady { .. } | Step::AutoArchive { .. }
            )
    });
    // Its ingest points go with it (the media server drops a deleted entry's streams).
    super::live_health::forget_entry(store, &id);
    let now = ctx.now();
    if let Some(e) = store.entry_mut(&id) {
        e.obj.insert("status".into(), json!(3));
        e.obj.insert("updatedAt".into(), json!(now));
    }
    metadata::delete_records_of(store, &id);
    store.touch();
    Ok(Value::Null)
}
