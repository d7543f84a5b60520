//! `metadataProfile` (`metadata_metadataprofile` on the wire): finds the schemas the Studio uses
//! (`KMS_KWEBCAST2`, `KMS_EVENTS3`) by system name.

use super::{Pager, list_request};
use crate::kaltura::wire::ApiRequest;
use serde::Serialize;

/// `KalturaMetadataProfileFilter`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetadataProfileFilter {
    /// One profile by ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_equal: Option<i64>,
    /// A profile by its stable name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_name_equal: Option<String>,
    /// Profiles for entries (`"1"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata_object_type_equal: Option<String>,
}

/// `metadataProfile.get(id)`.
pub fn get(id: i64) -> ApiRequest {
    ApiRequest::new("metadataProfile", "get").param("id", id)
}

/// `metadataProfile.list(filter: KalturaMetadataProfileFilter, pager)`.
pub fn list(filter: &MetadataProfileFilter, pager: Option<&Pager>) -> ApiRequest {
    list_request(
        "metadataProfile",
        "KalturaMetadataProfileFilter",
        filter,
        pager,
    )
}

/// The profile with this system name (a list of zero or one).
pub fn list_by_system_name(system_name: &str) -> ApiRequest {
    list(
        &MetadataProfileFilter {
            system_name_equal: Some(system_name.to_string()),
            ..Default::default()
        },
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn by_system_name() {
        let req = list_by_system_name("KMS_EVENTS3");
        assert_eq!(req.wire_service(), "metadata_metadataprofile");
        assert_eq!(req.name(), "metadataProfile.list");
        assert_eq!(
            req.params["filter"],
            json!({"objectType": "KalturaMetadataProfileFilter", "systemNameEqual": "KMS_EVENTS3"})
        );
        assert_eq!(get(3).params["id"], 3);
    }
}
