//! The pager and the entry filter shared by `liveStream.list`, `baseEntry.list` and `media.list`.
//!
//! Each list action wants its own filter `objectType` (`KalturaLiveStreamEntryFilter`...), but the
//! fields we use are the same, so one struct serves and the service names the type.

use crate::kaltura::types::lenient::ser_nullable_bool;
use crate::kaltura::types::{EntryStatus, EntryType, MediaType};
use serde::Serialize;
use serde_json::Value;

/// `KalturaFilterPager`: which page of a list (1-based), and how big (Kaltura: default 30, max 500).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pager {
    /// Objects per page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    /// 1-based page number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_index: Option<i64>,
}

impl Pager {
    /// Kaltura's class name, sent as `objectType`.
    pub const OBJECT_TYPE: &'static str = "KalturaFilterPager";

    /// The first page of `size` objects.
    pub fn first(size: i64) -> Self {
        Pager {
            page_size: Some(size),
            page_index: Some(1),
        }
    }
}

/// Entry filter fields (`Kaltura{LiveStream,Base,Media}EntryFilter`); unset fields are omitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryFilter {
    /// One entry by ID (also lifts the READY-only default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_equal: Option<String>,
    /// Many entries by ID, comma-separated: how a poll fetches a whole board in one call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_in: Option<String>,
    /// Entries whose root is this live entry (its recordings, and itself).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root_entry_id_equal: Option<String>,
    /// Entries rooted at any of these live entries, comma-separated: every board's recordings
    /// in one call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root_entry_id_in: Option<String>,
    /// Entries carrying our reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_id_equal: Option<String>,
    /// Entries carrying any of these references, comma-separated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_id_in: Option<String>,
    /// Entries whose name contains this text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_like: Option<String>,
    /// Entries with this exact name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_equal: Option<String>,
    /// Entries with this status (lists default to READY otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_equal: Option<EntryStatus>,
    /// Entries with any of these statuses, comma-separated codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_in: Option<String>,
    /// Entries of this type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_equal: Option<EntryType>,
    /// Entries of this media type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_type_equal: Option<MediaType>,
    /// Entries carrying these admin tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_tags_like: Option<String>,
    /// Entries carrying any of these admin tags, comma-separated: how Kaltura's consoles find
    /// webcasts (`kms-webcast-event,vpaas-webcast`). Matched by the search index, word by word.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_tags_multi_like_or: Option<String>,
    /// Live entries with an encoder connected (`true`) or without (`false`): Kaltura's
    /// `KalturaLiveEntryFilter.isLive`, indexed as "has a media server", whatever attendees see.
    #[serde(
        serialize_with = "ser_nullable_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_live: Option<bool>,
    /// A `KalturaMetadataSearchItem` (see [`super::metadata::MetadataSearch`]): entries whose
    /// custom metadata matches, in its order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advanced_search: Option<Value>,
    /// `KalturaEntryDisplayInSearchType` to include hidden entries (-1) in a list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_in_search_equal: Option<i64>,
    /// Sort order, e.g. `-createdAt` (newest first) or `+createdAt`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_by: Option<String>,
}

impl EntryFilter {
    /// The entries with these IDs.
    pub fn ids<S: AsRef<str>>(ids: &[S]) -> Self {
        EntryFilter {
            id_in: Some(ids.iter().map(|s| s.as_ref()).collect::<Vec<_>>().join(",")),
            ..Default::default()
        }
    }

    /// The entries rooted at a live entry, newest first: its recordings (and itself).
    pub fn recordings_of(live_entry_id: &str) -> Self {
        EntryFilter {
            root_entry_id_equal: Some(live_entry_id.to_string()),
            order_by: Some("-createdAt".into()),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn filters_serialise_set_fields_only() {
        let f = EntryFilter {
            status_equal: Some(EntryStatus::Ready),
            ..EntryFilter::recordings_of("0_live")
        };
        assert_eq!(
            serde_json::to_value(&f).unwrap(),
            json!({"rootEntryIdEqual": "0_live", "statusEqual": 2, "orderBy": "-createdAt"})
        );
        assert_eq!(
            serde_json::to_value(EntryFilter::ids(&["0_a", "0_b"])).unwrap(),
            json!({"idIn": "0_a,0_b"})
        );
        assert_eq!(serde_json::to_value(Pager::default()).unwrap(), json!({}));
        let many = EntryFilter {
            root_entry_id_in: Some("0_a,0_b".into()),
            reference_id_in: Some("r1,r2".into()),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&many).unwrap(),
            json!({"rootEntryIdIn": "0_a,0_b", "referenceIdIn": "r1,r2"})
        );
        let webcasts = EntryFilter {
            admin_tags_multi_like_or: Some("kms-webcast-event,vpaas-webcast".into()),
            is_live: Some(true),
            advanced_search: Some(json!({"objectType": "KalturaMetadataSearchItem"})),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&webcasts).unwrap(),
            json!({"adminTagsMultiLikeOr": "kms-webcast-event,vpaas-webcast", "isLive": 1,
                "advancedSearch": {"objectType": "KalturaMetadataSearchItem"}})
        );
    }
}
