//! Custom metadata: `KalturaMetadataProfile` (a schema) and `KalturaMetadata` (a record on an
//! entry). The webcast Studio reads its settings from two such records per event.

use super::enums::MetadataObjectType;
use super::lenient;
use serde::{Deserialize, Serialize};

/// A custom metadata schema (`KMS_KWEBCAST2`, `KMS_EVENTS3`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetadataProfile {
    /// The profile ID the Studio and `metadata.add` need.
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// The owning partner.
    #[serde(deserialize_with = "lenient::int")]
    pub partner_id: i64,
    /// What it attaches to (entries).
    #[serde(deserialize_with = "lenient::opt")]
    pub metadata_object_type: Option<MetadataObjectType>,
    /// Display name.
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    /// The stable name we look it up by.
    #[serde(deserialize_with = "lenient::string")]
    pub system_name: String,
    /// Description.
    #[serde(deserialize_with = "lenient::multiline")]
    pub description: String,
    /// 1 = ACTIVE.
    #[serde(deserialize_with = "lenient::opt_int")]
    pub status: Option<i64>,
    /// The XSD describing the records.
    #[serde(deserialize_with = "lenient::exact")]
    pub xsd: String,
    /// Schema version.
    #[serde(deserialize_with = "lenient::int")]
    pub version: i64,
    /// How it may be created/edited.
    #[serde(deserialize_with = "lenient::opt_int")]
    pub create_mode: Option<i64>,
}

/// A metadata record: one profile's XML on one object.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Metadata {
    /// The record ID (`metadata.update` takes it).
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// The owning partner.
    #[serde(deserialize_with = "lenient::int")]
    pub partner_id: i64,
    /// The schema.
    #[serde(deserialize_with = "lenient::int")]
    pub metadata_profile_id: i64,
    /// What it is attached to (entries).
    #[serde(deserialize_with = "lenient::opt")]
    pub metadata_object_type: Option<MetadataObjectType>,
    /// The entry ID it is attached to.
    #[serde(deserialize_with = "lenient::id")]
    pub object_id: String,
    /// Record version.
    #[serde(deserialize_with = "lenient::int")]
    pub version: i64,
    /// The XML itself.
    #[serde(deserialize_with = "lenient::exact")]
    pub xml: String,
    /// Record status.
    #[serde(deserialize_with = "lenient::opt_int")]
    pub status: Option<i64>,
    /// Creation time, Unix seconds.
    #[serde(deserialize_with = "lenient::int")]
    pub created_at: i64,
    /// Last update, Unix seconds.
    #[serde(deserialize_with = "lenient::int")]
    pub updated_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_profile_and_record() {
        let p: MetadataProfile = serde_json::from_value(json!({"objectType": "KalturaMetadataProfile",
            "id": 12, "metadataObjectType": 1, "systemName": "KMS_EVENTS3", "status": 1, "xsd": "<xsd/>"}))
        .unwrap();
        assert_eq!(p.id, 12);
        assert_eq!(p.metadata_object_type, Some(MetadataObjectType::Entry));
        let m: Metadata = serde_json::from_value(json!({"id": "99", "metadataProfileId": "12",
            "metadataObjectType": "1", "objectId": "0_abc", "xml": "<metadata/>"}))
        .unwrap();
        assert_eq!(m.metadata_profile_id, 12);
        assert_eq!(m.object_id, "0_abc");
    }
}
