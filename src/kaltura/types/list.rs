//! `Kaltura…ListResponse`: one page of a list and the total behind it.

use super::lenient;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// One page of objects (`objects`) and how many match in all (`totalCount`), so callers can tell
/// a short page from the end of the list.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(
    rename_all = "camelCase",
    bound(deserialize = "T: DeserializeOwned", serialize = "T: Serialize")
)]
pub struct ListResponse<T> {
    /// The page.
    #[serde(default, deserialize_with = "lenient::list")]
    pub objects: Vec<T>,
    /// Matches in all pages.
    #[serde(default, deserialize_with = "lenient::int")]
    pub total_count: i64,
}

impl<T> Default for ListResponse<T> {
    fn default() -> Self {
        ListResponse {
            objects: Vec::new(),
            total_count: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kaltura::types::MediaEntry;
    use serde_json::json;

    #[test]
    fn reads_a_list_and_an_empty_one() {
        let v = json!({"objectType": "KalturaBaseEntryListResponse", "totalCount": "2",
            "objects": [{"id": "0_a", "status": 2}, {"id": "0_b", "objectType": "KalturaMediaEntry"}]});
        let l: ListResponse<MediaEntry> = serde_json::from_value(v).unwrap();
        assert_eq!(l.total_count, 2);
        assert_eq!(l.objects[1].id, "0_b");
        let empty: ListResponse<MediaEntry> = serde_json::from_value(
            json!({"objectType": "KalturaMediaListResponse", "objects": null}),
        )
        .unwrap();
        assert!(empty.objects.is_empty());
        assert!(serde_json::from_value::<ListResponse<MediaEntry>>(json!({"objects": 5})).is_err());
    }
}
