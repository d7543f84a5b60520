//! Fields of a live entry that cannot change while an encoder is connected, as Kaltura's
//! `KalturaLiveEntry::validateForUpdate` refuses them: `dvrStatus`, `dvrWindow`,
//! `recordingOptions.shouldCopyEntitlement`, `recordStatus`, `conversionProfileId`,
//! `segmentDuration`, `explicitLive` → `CANNOT_UPDATE_FIELDS_WHILE_ENTRY_BROADCASTING` when the
//! value changes and `liveStatus` is not STOPPED.

use super::super::errors::{self, ApiError};
use super::super::params::{self, Params};
use super::super::store::Entry;
use serde_json::Value;

/// Integer fields, in the order Kaltura checks them (`recordingOptions` comes after
/// `dvrWindow`, see [`refuse_while_broadcasting`]).
const BEFORE_OPTIONS: &[&str] = &["dvrStatus", "dvrWindow"];
const AFTER_OPTIONS: &[&str] = &["recordStatus", "conversionProfileId", "segmentDuration"];

/// Refuses an update of `entry` by `input` (the `liveStreamEntry` object) that changes one of
/// the locked fields while the encoder is connected (`liveStatus` ≠ 0). Kaltura compares with
/// PHP's `!==` and may refuse a resent unchanged value too; the sandbox refuses real changes
/// only, so a client must not rely on resending them either.
pub fn refuse_while_broadcasting(entry: &Entry, input: &Params) -> Result<(), ApiError> {
    if entry.int("liveStatus") == 0 {
        return Ok(());
    }
    let int_changed = |field: &str| -> Result<bool, ApiError> {
        let stored = entry.obj.get(field).and_then(Value::as_i64).unwrap_or(0);
        Ok(params::opt_int(input, field)?.is_some_and(|v| v != stored))
    };
    for field in BEFORE_OPTIONS {
        if int_changed(field)? {
            return Err(errors::cannot_update_while_broadcasting(field));
        }
    }
    if let Some(opts) = params::opt_obj(input, "recordingOptions") {
        let stored = entry
            .obj
            .get("recordingOptions")
            .and_then(|o| o.get("shouldCopyEntitlement"))
            .and_then(Value::as_bool);
        if let Some(wanted) = params::opt_bool(opts, "shouldCopyEntitlement")?
            && stored != Some(wanted)
        {
            return Err(errors::cannot_update_while_broadcasting("recordingOptions"));
        }
    }
    for field in AFTER_OPTIONS {
        if int_changed(field)? {
            return Err(errors::cannot_update_while_broadcasting(field));
        }
    }
    let stored = entry.obj.get("explicitLive").and_then(Value::as_bool);
    if params::opt_bool(input, "explicitLive")?.is_some_and(|v| Some(v) != stored) {
        return Err(errors::cannot_update_while_broadcasting("explicitLive"));
    }
    Ok(())
}
