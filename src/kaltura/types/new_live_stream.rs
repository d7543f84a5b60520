//! What we send to create or change a live entry: `liveStream.add`'s and `liveStream.update`'s
//! `liveStreamEntry` object.
//!
//! Only set fields are written (Kaltura treats a sent null as "clear it"), nullable booleans as
//! `1`/`0`, enums as Kaltura's numbers or strings, and nested objects with their `objectType`.
//! The services add the outer `objectType: KalturaLiveStreamEntry`.

use super::enums::{
    DvrStatus, LivePublishStatus, MediaType, RecordStatus, RecordingStatus, SourceType, ViewMode,
};
use super::lenient::ser_nullable_bool;
use super::live_stream::RecordingOptions;
use crate::kaltura::wire;
use serde::{Serialize, Serializer};

/// Kaltura's class name for live entries, sent as `objectType`.
pub const LIVE_STREAM_ENTRY: &str = "KalturaLiveStreamEntry";

/// A live entry to create. Start from [`NewLiveStream::new`] and set what the event needs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewLiveStream {
    /// The event's title (required by Kaltura).
    pub name: String,
    /// The event's description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// 201 for any pushed live source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_type: Option<MediaType>,
    /// `"32"`; [`crate::kaltura::services::live_stream::add`] also sends it as a parameter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_type: Option<SourceType>,
    /// DVR on or off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dvr_status: Option<DvrStatus>,
    /// DVR window in minutes (max 1440).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dvr_window: Option<i64>,
    /// How sessions are recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record_status: Option<RecordStatus>,
    /// Hold attendees in preview until Go Live (sent as `1`/`0`).
    #[serde(
        serialize_with = "ser_nullable_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub explicit_live: Option<bool>,
    /// Push publishing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub push_publish_enabled: Option<LivePublishStatus>,
    /// Admin tags (`vpaas-webcast`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_tags: Option<String>,
    /// Public tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<String>,
    /// The live transcoding profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversion_profile_id: Option<i64>,
    /// What to do with recordings.
    #[serde(
        serialize_with = "ser_recording_options",
        skip_serializing_if = "Option::is_none"
    )]
    pub recording_options: Option<RecordingOptions>,
    /// Users who may produce.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entitled_users_edit: Option<String>,
    /// Users who may view.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entitled_users_view: Option<String>,
    /// Our reference (lets a retried create find the entry it already made).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
}

impl NewLiveStream {
    /// A live entry fed by a pushed stream (`mediaType` 201, `sourceType` "32") with this name.
    pub fn new(name: impl Into<String>) -> Self {
        NewLiveStream {
            name: name.into(),
            media_type: Some(MediaType::LiveStreamFlash),
            source_type: Some(SourceType::LiveStream),
            ..Default::default()
        }
    }
}

/// Changes to a live entry (`liveStream.update`): set fields are changed, `clear` names fields to
/// empty (sent as `field__null`), everything else is left alone.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LiveStreamUpdate {
    /// New title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Go Live is `AllowAll` (with `recording_status: Active`), as the Studio does it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub view_mode: Option<ViewMode>,
    /// Start or stop recording the session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recording_status: Option<RecordingStatus>,
    /// Preview-before-live on or off.
    #[serde(
        serialize_with = "ser_nullable_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub explicit_live: Option<bool>,
    /// Our reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
    /// Admin tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_tags: Option<String>,
    /// Public tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<String>,
    /// Users who may produce.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entitled_users_edit: Option<String>,
    /// Where players go instead of the live entry once it is not live (a recording's ID); to
    /// stop sending them there, name `redirectEntryId` in `clear`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_entry_id: Option<String>,
    /// Wire names of fields to clear (`referenceId`, `description`...).
    #[serde(skip)]
    pub clear: Vec<String>,
}

fn ser_recording_options<S: Serializer>(
    v: &Option<RecordingOptions>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match v {
        Some(o) => wire::to_object(RecordingOptions::OBJECT_TYPE, o).serialize(s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn new_live_stream_writes_only_set_fields_in_wire_form() {
        let entry = NewLiveStream {
            description: Some("Quarterly".into()),
            dvr_status: Some(DvrStatus::Enabled),
            dvr_window: Some(60),
            record_status: Some(RecordStatus::PerSession),
            explicit_live: Some(true),
            push_publish_enabled: Some(LivePublishStatus::Disabled),
            conversion_profile_id: Some(8),
            recording_options: Some(RecordingOptions {
                should_copy_entitlement: Some(true),
                should_make_hidden: Some(true),
                should_auto_archive: Some(true),
                ..Default::default()
            }),
            ..NewLiveStream::new("Town hall")
        };
        let v = wire::to_object(LIVE_STREAM_ENTRY, &entry);
        assert_eq!(
            serde_json::Value::Object(v),
            json!({"objectType": "KalturaLiveStreamEntry", "name": "Town hall",
                "description": "Quarterly", "mediaType": 201, "sourceType": "32", "dvrStatus": 1,
                "dvrWindow": 60, "recordStatus": 2, "explicitLive": 1, "pushPublishEnabled": 0,
                "conversionProfileId": 8,
                "recordingOptions": {"objectType": "KalturaLiveEntryRecordingOptions",
                    "shouldCopyEntitlement": 1, "shouldMakeHidden": 1, "shouldAutoArchive": 1}})
        );
    }

    #[test]
    fn update_skips_clear_list() {
        let u = LiveStreamUpdate {
            view_mode: Some(ViewMode::AllowAll),
            recording_status: Some(RecordingStatus::Active),
            clear: vec!["referenceId".into()],
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&u).unwrap(),
            json!({"viewMode": 1, "recordingStatus": 2})
        );
    }
}
