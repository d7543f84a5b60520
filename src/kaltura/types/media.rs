//! `KalturaMediaEntry` / `KalturaBaseEntry`: recordings, and any entry a `baseEntry.list` returns.
//!
//! One struct serves both because we only read the base fields; `object_type` tells a live entry
//! from a media entry when `baseEntry.list(rootEntryIdEqual)` mixes them.

use super::enums::{EntryStatus, EntryType, MediaType, SourceType};
use super::lenient::{self, non_empty};
use serde::{Deserialize, Serialize};

/// A media (or base) entry: what a webcast session's recording is.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MediaEntry {
    /// `objectType` (`KalturaMediaEntry`, `KalturaLiveStreamEntry`...).
    #[serde(deserialize_with = "lenient::string")]
    pub object_type: String,
    /// The entry ID.
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    /// The owning partner.
    #[serde(deserialize_with = "lenient::int")]
    pub partner_id: i64,
    /// Its name (a recording: the live name plus a session number or date).
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    /// Its description.
    #[serde(deserialize_with = "lenient::multiline")]
    pub description: String,
    /// The owner.
    #[serde(deserialize_with = "lenient::string")]
    pub user_id: String,
    /// Entry status: a recording is playable once READY.
    #[serde(deserialize_with = "lenient::opt")]
    pub status: Option<EntryStatus>,
    /// Entry type (`type`; 1 for a recording).
    #[serde(rename = "type", deserialize_with = "lenient::opt")]
    pub entry_type: Option<EntryType>,
    /// Media type (1 video).
    #[serde(deserialize_with = "lenient::opt")]
    pub media_type: Option<MediaType>,
    /// Source type (`"36"` for a live session's recording).
    #[serde(deserialize_with = "lenient::opt")]
    pub source_type: Option<SourceType>,
    /// The live entry a recording belongs to (an entry's own ID otherwise).
    #[serde(deserialize_with = "lenient::id")]
    pub root_entry_id: String,
    /// Our reference, if set.
    #[serde(deserialize_with = "lenient::string")]
    pub reference_id: String,
    /// Duration, seconds.
    #[serde(deserialize_with = "lenient::int")]
    pub duration: i64,
    /// Creation time, Unix seconds (recordings are ordered by it).
    #[serde(deserialize_with = "lenient::int")]
    pub created_at: i64,
    /// Last update, Unix seconds.
    #[serde(deserialize_with = "lenient::int")]
    pub updated_at: i64,
    /// `KalturaEntryDisplayInSearchType`: -1 hidden (a recording before archiving), 1 shown.
    #[serde(deserialize_with = "lenient::opt_int")]
    pub display_in_search: Option<i64>,
    /// Public tags.
    #[serde(deserialize_with = "lenient::string")]
    pub tags: String,
    /// Admin tags.
    #[serde(deserialize_with = "lenient::string")]
    pub admin_tags: String,
    /// Thumbnail URL.
    #[serde(deserialize_with = "lenient::string")]
    pub thumbnail_url: String,
    /// Play count.
    #[serde(deserialize_with = "lenient::int")]
    pub plays: i64,
    /// View count.
    #[serde(deserialize_with = "lenient::int")]
    pub views: i64,
}

/// `KalturaBaseEntry` reads the same fields we need.
pub type BaseEntry = MediaEntry;

impl MediaEntry {
    /// The live entry this recording came from, if it names one other than itself.
    pub fn root_entry_id(&self) -> Option<&str> {
        non_empty(&self.root_entry_id).filter(|root| *root != self.id)
    }

    /// Our reference, if one was set.
    pub fn reference_id(&self) -> Option<&str> {
        non_empty(&self.reference_id)
    }

    /// True once the entry can be played.
    pub fn is_ready(&self) -> bool {
        self.status == Some(EntryStatus::Ready)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_a_recording() {
        let v = json!({"objectType": "KalturaMediaEntry", "id": "0_rec00001", "name": "Town hall 1",
            "status": "7", "type": "1", "mediaType": 1, "sourceType": 36, "rootEntryId": "0_live0001",
            "duration": "3600", "createdAt": "1550667000", "displayInSearch": -1, "flavorParamsIds": "0,1"});
        let m: MediaEntry = serde_json::from_value(v).unwrap();
        assert_eq!(m.status, Some(EntryStatus::NoContent));
        assert!(!m.is_ready());
        assert_eq!(m.entry_type, Some(EntryType::MediaClip));
        assert_eq!(m.source_type, Some(SourceType::KalturaRecordedLive));
        assert_eq!(m.root_entry_id(), Some("0_live0001"));
        assert_eq!(m.duration, 3600);
        assert_eq!(m.display_in_search, Some(-1));
        let live: MediaEntry =
            serde_json::from_value(json!({"id": "0_live0001", "rootEntryId": "0_live0001"}))
                .unwrap();
        assert_eq!(live.root_entry_id(), None);
    }
}
