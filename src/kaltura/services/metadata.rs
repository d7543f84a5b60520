//! `metadata` (`metadata_metadata` on the wire): the custom-metadata records the Studio reads.

use super::{Pager, list_request};
use crate::kaltura::types::MetadataObjectType;
use crate::kaltura::wire::ApiRequest;
use serde::Serialize;
use serde_json::Value;

/// `KalturaMetadataFilter`. Kaltura insists on `metadataObjectTypeEqual` and, for entries, an
/// object ID filter; [`list_for_object`] sets both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetadataFilter {
    /// Records of this schema.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata_profile_id_equal: Option<i64>,
    /// What the records attach to (required by Kaltura).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata_object_type_equal: Option<MetadataObjectType>,
    /// Records of this entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object_id_equal: Option<String>,
    /// Records of these entries, comma-separated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object_id_in: Option<String>,
}

/// `metadata.add(metadataProfileId, objectType "1", objectId, xmlData)`: attaches a record to an
/// entry. Fails with `METADATA_ALREADY_EXISTS` when one exists: use [`update`] then. The profile
/// ID may be a number or a multirequest `{N:result:…}` token.
pub fn add(metadata_profile_id: impl Into<Value>, object_id: &str, xml: &str) -> ApiRequest {
    ApiRequest::new("metadata", "add")
        .param("metadataProfileId", metadata_profile_id)
        .param("objectType", MetadataObjectType::Entry.code())
        .param("objectId", object_id)
        .param("xmlData", xml)
}

/// `metadata.update(id, xmlData)`: replaces a record's XML (the ID may be a `{N:result}` token).
pub fn update(metadata_id: impl Into<Value>, xml: &str) -> ApiRequest {
    ApiRequest::new("metadata", "update")
        .param("id", metadata_id)
        .param("xmlData", xml)
}

/// `metadata.update(id, xmlData, version)`: replaces a record's XML only if its version is still
/// `version` (the one read): Kaltura refuses with `INVALID_METADATA_VERSION` when another
/// process (KMS, the Studio) changed the record since, so a read-merge-write never loses their
/// change.
pub fn update_if_version(metadata_id: i64, xml: &str, version: i64) -> ApiRequest {
    update(metadata_id, xml).param("version", version)
}

/// `metadata.get(id)`.
pub fn get(metadata_id: i64) -> ApiRequest {
    ApiRequest::new("metadata", "get").param("id", metadata_id)
}

/// `metadata.list(filter: KalturaMetadataFilter, pager)`.
pub fn list(filter: &MetadataFilter, pager: Option<&Pager>) -> ApiRequest {
    list_request("metadata", "KalturaMetadataFilter", filter, pager)
}

/// The records of one schema on one entry (zero or one).
pub fn list_for_object(metadata_profile_id: i64, object_id: &str) -> ApiRequest {
    list(
        &MetadataFilter {
            metadata_profile_id_equal: Some(metadata_profile_id),
            metadata_object_type_equal: Some(MetadataObjectType::Entry),
            object_id_equal: Some(object_id.to_string()),
            object_id_in: None,
        },
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn add_uses_kalturas_names_and_string_object_type() {
        let req = add(12, "0_abc", "<metadata/>");
        assert_eq!(req.wire_service(), "metadata_metadata");
        assert!(!req.read_only);
        assert_eq!(
            Value::Object(req.params),
            json!({"metadataProfileId": 12, "objectType": "1", "objectId": "0_abc",
                "xmlData": "<metadata/>"})
        );
        assert_eq!(
            Value::Object(update(99, "<m/>").params),
            json!({"id": 99, "xmlData": "<m/>"})
        );
        assert_eq!(
            Value::Object(update_if_version(99, "<m/>", 4).params),
            json!({"id": 99, "xmlData": "<m/>", "version": 4})
        );
    }

    #[test]
    fn list_for_object_sets_the_required_filters() {
        assert_eq!(
            list_for_object(12, "0_abc").params["filter"],
            json!({"objectType": "KalturaMetadataFilter", "metadataProfileIdEqual": 12,
                "metadataObjectTypeEqual": "1", "objectIdEqual": "0_abc"})
        );
        assert_eq!(get(5).params["id"], 5);
        assert_eq!(
            add("{1:result:objects:0:id}", "{2:result:id}", "<m/>").params["metadataProfileId"],
            "{1:result:objects:0:id}"
        );
    }
}
