//! `baseEntry`: entries of any type; how the seed finds a live entry's recordings
//! (`rootEntryIdEqual`), and how they are deleted with it.

use super::{EntryFilter, Pager, list_request};
use crate::kaltura::wire::ApiRequest;

/// `baseEntry.get(entryId)`.
pub fn get(entry_id: &str) -> ApiRequest {
    ApiRequest::new("baseEntry", "get").param("entryId", entry_id)
}

/// `baseEntry.delete(entryId)`: deletes an entry of any type (a recording, when its live
/// event's recordings go with it); Kaltura answers `null`.
pub fn delete(entry_id: &str) -> ApiRequest {
    ApiRequest::new("baseEntry", "delete").param("entryId", entry_id)
}

/// `baseEntry.list(filter: KalturaBaseEntryFilter, pager)`.
pub fn list(filter: &EntryFilter, pager: Option<&Pager>) -> ApiRequest {
    list_request("baseEntry", "KalturaBaseEntryFilter", filter, pager)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn list_by_root_entry() {
        let req = list(&EntryFilter::recordings_of("0_live"), None);
        assert_eq!(req.name(), "baseEntry.list");
        assert_eq!(
            serde_json::Value::Object(req.params),
            json!({"filter": {"objectType": "KalturaBaseEntryFilter", "rootEntryIdEqual": "0_live",
                "orderBy": "-createdAt"}})
        );
        assert_eq!(get("0_x").params["entryId"], "0_x");
        let del = delete("0_x");
        assert_eq!(del.name(), "baseEntry.delete");
        assert!(!del.read_only, "a delete is never retried blindly");
    }
}
