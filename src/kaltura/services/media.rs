//! `media`: media entries, i.e. the recordings of webcast sessions.

use super::{EntryFilter, Pager, list_request};
use crate::kaltura::wire::ApiRequest;

/// `media.get(entryId)`.
pub fn get(entry_id: &str) -> ApiRequest {
    ApiRequest::new("media", "get").param("entryId", entry_id)
}

/// `media.delete(entryId)`: deletes a media entry (Kaltura answers `ENTRY_ID_NOT_FOUND` for an
/// entry of another type).
pub fn delete(entry_id: &str) -> ApiRequest {
    ApiRequest::new("media", "delete").param("entryId", entry_id)
}

/// `media.list(filter: KalturaMediaEntryFilter, pager)`.
pub fn list(filter: &EntryFilter, pager: Option<&Pager>) -> ApiRequest {
    list_request("media", "KalturaMediaEntryFilter", filter, pager)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_uses_the_media_filter_type() {
        let req = list(&EntryFilter::ids(&["0_a"]), None);
        assert_eq!(
            req.params["filter"]["objectType"],
            "KalturaMediaEntryFilter"
        );
        assert_eq!(req.wire_service(), "media");
        assert_eq!(get("0_a").name(), "media.get");
        assert_eq!(delete("0_a").name(), "media.delete");
        assert!(!delete("0_a").read_only);
    }
}
