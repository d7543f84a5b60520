//! `responseProfile`: a `KalturaDetachedResponseProfile` given with a call trims the objects
//! of its answer, as Kaltura's generated `fromObject` maps do: `type` 1 INCLUDE_FIELDS keeps
//! only the listed properties, anything else (2 EXCLUDE_FIELDS, or no type) drops them;
//! `fields` is split on commas and compared exactly (Kaltura does not trim the names).
//! `objectType` is always kept; a list keeps its wrapper (`objects`, `totalCount`) and trims
//! each object; nested objects (`recordingOptions`) are kept or dropped whole. Errors and
//! bare values (a KS string, `isLive`'s boolean) are never trimmed. In a multirequest each
//! sub-call names its own profile: the top level's is not inherited.

use super::errors::ApiError;
use super::params::{self, Params};
use serde_json::{Map, Value};

/// A response profile read from a call's parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseProfile {
    include: bool,
    fields: Vec<String>,
}

impl ResponseProfile {
    /// The call's `responseProfile`, if it has one; a bad `type` is Kaltura's enum error.
    pub fn read(p: &Params) -> Result<Option<ResponseProfile>, ApiError> {
        let Some(rp) = params::opt_obj(p, "responseProfile") else {
            return Ok(None);
        };
        let kind = params::opt_enum_int(rp, "type", &[1, 2], "KalturaResponseProfileType")?;
        let fields = params::opt_str(rp, "fields")
            .map(|f| f.split(',').map(str::to_string).collect())
            .unwrap_or_default();
        Ok(Some(ResponseProfile {
            include: kind == Some(1),
            fields,
        }))
    }

    /// Trims an answer in place.
    pub fn apply(&self, answer: &mut Value) {
        let Value::Object(obj) = answer else { return };
        let kind = obj.get("objectType").and_then(Value::as_str).unwrap_or("");
        if kind == "KalturaAPIException" {
            return;
        }
        if kind.ends_with("ListResponse") {
            if let Some(Value::Array(items)) = obj.get_mut("objects") {
                for item in items {
                    if let Value::Object(o) = item {
                        self.trim(o);
                    }
                }
            }
            return;
        }
        if !kind.is_empty() {
            self.trim(obj);
        }
    }

    fn trim(&self, obj: &mut Map<String, Value>) {
        let listed = |k: &str| self.fields.iter().any(|f| f == k);
        obj.retain(|k, _| k == "objectType" || listed(k) == self.include);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn profile(v: Value) -> Option<ResponseProfile> {
        let Value::Object(p) = json!({ "responseProfile": v }) else {
            unreachable!()
        };
        ResponseProfile::read(&p).unwrap()
    }

    #[test]
    fn include_exclude_lists_and_errors() {
        let inc = profile(
            json!({"objectType": "KalturaDetachedResponseProfile", "type": 1, "fields": "id,name"}),
        )
        .unwrap();
        let mut entry = json!({"id": "0_a", "name": "n", "status": 2, "recordingOptions": {"x": 1}, "objectType": "KalturaLiveStreamEntry"});
        inc.apply(&mut entry);
        assert_eq!(
            entry,
            json!({"id": "0_a", "name": "n", "objectType": "KalturaLiveStreamEntry"})
        );

        let exc = profile(json!({"type": "2", "fields": "recordingOptions,status"})).unwrap();
        let mut list = json!({"objects": [{"id": "0_a", "status": 2, "recordingOptions": {}, "objectType": "KalturaMediaEntry"}],
            "totalCount": 1, "objectType": "KalturaMediaListResponse"});
        exc.apply(&mut list);
        assert_eq!(
            list,
            json!({"objects": [{"id": "0_a", "objectType": "KalturaMediaEntry"}],
            "totalCount": 1, "objectType": "KalturaMediaListResponse"})
        );

        let mut err =
            json!({"code": "X", "message": "m", "objectType": "KalturaAPIException", "args": []});
        let before = err.clone();
        inc.apply(&mut err);
        assert_eq!(err, before);
        let mut ks = json!("djJ8...");
        inc.apply(&mut ks);
        assert_eq!(ks, json!("djJ8..."));
    }

    #[test]
    fn names_are_not_trimmed_and_a_bad_type_is_refused() {
        let inc = profile(json!({"type": 1, "fields": "id, name"})).unwrap();
        let mut entry = json!({"id": "0_a", "name": "n", "objectType": "KalturaBaseEntry"});
        inc.apply(&mut entry);
        assert_eq!(
            entry,
            json!({"id": "0_a", "objectType": "KalturaBaseEntry"})
        );
        let Value::Object(p) = json!({"responseProfile": {"type": 7}}) else {
            unreachable!()
        };
        assert_eq!(
            ResponseProfile::read(&p).unwrap_err().code,
            "INVALID_ENUM_VALUE"
        );
    }
}
