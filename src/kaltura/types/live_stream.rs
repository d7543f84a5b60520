//! `KalturaLiveStreamEntry` and its `KalturaLiveEntryRecordingOptions`, as read from answers.
//!
//! Holds every field the webcast layer reads (kaltura-api.md section 4); the ~60 others a real
//! answer carries are ignored. Ingest URLs, `streamPassword` and `srtPass` are the event's stream
//! keys: they are kept verbatim here and masked by whatever displays them.

use super::enums::{
    DvrStatus, EntryStatus, EntryType, LiveStatus, MediaType, RecordStatus, RecordingStatus,
    SourceType, ViewMode,
};
use super::lenient::{self, non_empty};
use serde::{Deserialize, Serialize};

/// A live stream entry: one webcast event. Serialises back to Kaltura's field names (for `--json`
/// output), stream keys included: mask them before showing.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LiveStreamEntry {
    /// `objectType` (`KalturaLiveStreamEntry`; a list may mix in others).
    #[serde(deserialize_with = "lenient::string")]
    pub object_type: String,
    /// The entry ID (`1_rdwhia6e`).
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    /// The owning partner.
    #[serde(deserialize_with = "lenient::int")]
    pub partner_id: i64,
    /// The event's title.
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    /// The event's description.
    #[serde(deserialize_with = "lenient::multiline")]
    pub description: String,
    /// The owner (the KS user of `add`).
    #[serde(deserialize_with = "lenient::string")]
    pub user_id: String,
    /// Who created it.
    #[serde(deserialize_with = "lenient::string")]
    pub creator_id: String,
    /// Admin-only tags (`vpaas-webcast` marks webcasts).
    #[serde(deserialize_with = "lenient::string")]
    pub admin_tags: String,
    /// Public tags.
    #[serde(deserialize_with = "lenient::string")]
    pub tags: String,
    /// Entry status (READY right after creation).
    #[serde(deserialize_with = "lenient::opt")]
    pub status: Option<EntryStatus>,
    /// Entry type (`type`, 7 for live).
    #[serde(rename = "type", deserialize_with = "lenient::opt")]
    pub entry_type: Option<EntryType>,
    /// Media type (201).
    #[serde(deserialize_with = "lenient::opt")]
    pub media_type: Option<MediaType>,
    /// Source type (`"32"`).
    #[serde(deserialize_with = "lenient::opt")]
    pub source_type: Option<SourceType>,
    /// Creation time, Unix seconds.
    #[serde(deserialize_with = "lenient::int")]
    pub created_at: i64,
    /// Last update, Unix seconds.
    #[serde(deserialize_with = "lenient::int")]
    pub updated_at: i64,
    /// The live transcoding profile.
    #[serde(deserialize_with = "lenient::opt_int")]
    pub conversion_profile_id: Option<i64>,
    /// Our own reference (we keep the journal's key here); see [`LiveStreamEntry::reference_id`].
    #[serde(deserialize_with = "lenient::string")]
    pub reference_id: String,
    /// The entry itself for a live entry.
    #[serde(deserialize_with = "lenient::id")]
    pub root_entry_id: String,
    /// Where players go instead (the last recording after a session); may be `""`.
    #[serde(deserialize_with = "lenient::id")]
    pub redirect_entry_id: String,
    /// The current or last session's recording; may be `""`.
    #[serde(deserialize_with = "lenient::id")]
    pub recorded_entry_id: String,
    /// How sessions are recorded.
    #[serde(deserialize_with = "lenient::opt")]
    pub record_status: Option<RecordStatus>,
    /// What happens to recordings.
    #[serde(deserialize_with = "lenient::opt_object")]
    pub recording_options: Option<RecordingOptions>,
    /// DVR on or off.
    #[serde(deserialize_with = "lenient::opt")]
    pub dvr_status: Option<DvrStatus>,
    /// DVR window, minutes.
    #[serde(deserialize_with = "lenient::opt_int")]
    pub dvr_window: Option<i64>,
    /// True when the producer must press Go Live before attendees see anything.
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub explicit_live: Option<bool>,
    /// Preview or everyone.
    #[serde(deserialize_with = "lenient::opt")]
    pub view_mode: Option<ViewMode>,
    /// Whether the session is being recorded now.
    #[serde(deserialize_with = "lenient::opt")]
    pub recording_status: Option<RecordingStatus>,
    /// What the encoder is doing.
    #[serde(deserialize_with = "lenient::opt")]
    pub live_status: Option<LiveStatus>,
    /// First time it became playable (0 = never).
    #[serde(deserialize_with = "lenient::int")]
    pub first_broadcast: i64,
    /// Last time it became playable.
    #[serde(deserialize_with = "lenient::int")]
    pub last_broadcast: i64,
    /// When the current session started (0 when none; Kaltura sends a float).
    #[serde(deserialize_with = "lenient::int")]
    pub current_broadcast_start_time: i64,
    /// When the last session ended.
    #[serde(deserialize_with = "lenient::int")]
    pub last_broadcast_end_time: i64,
    /// When the entry was let in (`viewMode` ALLOW_ALL while playable); 0 when never.
    #[serde(deserialize_with = "lenient::int")]
    pub broadcast_time: i64,
    /// The RTMP stream name (`{id}_%i`).
    #[serde(deserialize_with = "lenient::string")]
    pub stream_name: String,
    /// The stream key: a secret of the event.
    #[serde(deserialize_with = "lenient::string")]
    pub stream_password: String,
    /// Primary RTMP ingest URL (carries the `t=` token).
    #[serde(deserialize_with = "lenient::string")]
    pub primary_broadcasting_url: String,
    /// Backup RTMP ingest URL.
    #[serde(deserialize_with = "lenient::string")]
    pub secondary_broadcasting_url: String,
    /// Primary RTMPS ingest URL.
    #[serde(deserialize_with = "lenient::string")]
    pub primary_secured_broadcasting_url: String,
    /// Backup RTMPS ingest URL.
    #[serde(deserialize_with = "lenient::string")]
    pub secondary_secured_broadcasting_url: String,
    /// Primary RTSP ingest URL.
    #[serde(deserialize_with = "lenient::string")]
    pub primary_rtsp_broadcasting_url: String,
    /// Backup RTSP ingest URL.
    #[serde(deserialize_with = "lenient::string")]
    pub secondary_rtsp_broadcasting_url: String,
    /// Primary SRT ingest URL.
    #[serde(deserialize_with = "lenient::string")]
    pub primary_srt_broadcasting_url: String,
    /// Primary SRT stream ID (`#:::e={id},st=0,p={streamPassword}`).
    #[serde(deserialize_with = "lenient::string")]
    pub primary_srt_stream_id: String,
    /// Backup SRT ingest URL.
    #[serde(deserialize_with = "lenient::string")]
    pub secondary_srt_broadcasting_url: String,
    /// Backup SRT stream ID.
    #[serde(deserialize_with = "lenient::string")]
    pub secondary_srt_stream_id: String,
    /// SRT passphrase: a secret of the event.
    #[serde(deserialize_with = "lenient::string")]
    pub srt_pass: String,
    /// Users who may produce (comma-separated).
    #[serde(deserialize_with = "lenient::string")]
    pub entitled_users_edit: String,
    /// Users who may view (comma-separated).
    #[serde(deserialize_with = "lenient::string")]
    pub entitled_users_view: String,
    /// Thumbnail URL.
    #[serde(deserialize_with = "lenient::string")]
    pub thumbnail_url: String,
    /// Duration, seconds.
    #[serde(deserialize_with = "lenient::int")]
    pub duration: i64,
    /// Play count.
    #[serde(deserialize_with = "lenient::int")]
    pub plays: i64,
    /// View count.
    #[serde(deserialize_with = "lenient::int")]
    pub views: i64,
}

impl LiveStreamEntry {
    /// The recording players are redirected to, if any (Kaltura sends `""` for none).
    pub fn redirect_entry_id(&self) -> Option<&str> {
        non_empty(&self.redirect_entry_id)
    }

    /// The current or last session's recording, if any.
    pub fn recorded_entry_id(&self) -> Option<&str> {
        non_empty(&self.recorded_entry_id)
    }

    /// Our reference, if one was set.
    pub fn reference_id(&self) -> Option<&str> {
        non_empty(&self.reference_id)
    }

    /// True when attendees can play it now: playable and not held in preview. Never decide this
    /// with `isLive` under an admin KS, which also says true during the producer's preview.
    pub fn is_live_for_attendees(&self) -> bool {
        let playable = self.live_status == Some(LiveStatus::Playable);
        let released =
            self.explicit_live != Some(true) || self.view_mode == Some(ViewMode::AllowAll);
        playable && released
    }
}

/// `KalturaLiveEntryRecordingOptions`: what Kaltura does with each session's recording. Read from
/// answers and sent in `liveStream.add` (nullable booleans as `1`/`0`, unset ones omitted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RecordingOptions {
    /// Give the recording the live entry's entitlements.
    #[serde(
        deserialize_with = "lenient::opt_bool",
        serialize_with = "lenient::ser_nullable_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub should_copy_entitlement: Option<bool>,
    /// Copy scheduling.
    #[serde(
        deserialize_with = "lenient::opt_bool",
        serialize_with = "lenient::ser_nullable_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub should_copy_scheduling: Option<bool>,
    /// Copy the thumbnail.
    #[serde(
        deserialize_with = "lenient::opt_bool",
        serialize_with = "lenient::ser_nullable_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub should_copy_thumbnail: Option<bool>,
    /// Hide the recording from searches until it is archived.
    #[serde(
        deserialize_with = "lenient::opt_bool",
        serialize_with = "lenient::ser_nullable_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub should_make_hidden: Option<bool>,
    /// Rename and un-hide the recording once processed (PER_SESSION).
    #[serde(
        deserialize_with = "lenient::opt_bool",
        serialize_with = "lenient::ser_nullable_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub should_auto_archive: Option<bool>,
}

impl RecordingOptions {
    /// Kaltura's class name, sent as `objectType`.
    pub const OBJECT_TYPE: &'static str = "KalturaLiveEntryRecordingOptions";
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_a_real_shaped_answer_with_strings_numbers_and_unknowns() {
        let v = json!({
            "objectType": "KalturaLiveStreamEntry", "id": "1_rdwhia6e", "partnerId": "1000",
            "name": "Town hall", "status": "2", "type": 7, "mediaType": 201, "sourceType": "32",
            "createdAt": 1550663808, "conversionProfileId": "8", "recordStatus": 2,
            "recordingOptions": {"objectType": "KalturaLiveEntryRecordingOptions",
                "shouldMakeHidden": true, "shouldAutoArchive": "1", "shouldCopyEntitlement": 1},
            "dvrStatus": 1, "dvrWindow": "60", "explicitLive": 1, "viewMode": 0,
            "recordingStatus": "0", "liveStatus": 1, "firstBroadcast": 1550663900,
            "currentBroadcastStartTime": 1550663901.5, "redirectEntryId": "",
            "recordedEntryId": "1_rec00001", "streamPassword": "a1b2c3d4",
            "primarySrtStreamId": "#:::e=1_rdwhia6e,st=0,p=a1b2c3d4", "entitledUsersEdit": "mod",
            "someFutureField": {"nested": [1, 2]}, "msDuration": 0, "referenceId": null
        });
        let e: LiveStreamEntry = serde_json::from_value(v).unwrap();
        assert_eq!(e.id, "1_rdwhia6e");
        assert_eq!(e.partner_id, 1000);
        assert_eq!(e.status, Some(EntryStatus::Ready));
        assert_eq!(e.entry_type, Some(EntryType::LiveStream));
        assert_eq!(e.source_type, Some(SourceType::LiveStream));
        assert_eq!(e.conversion_profile_id, Some(8));
        assert_eq!(e.dvr_window, Some(60));
        assert_eq!(e.explicit_live, Some(true));
        assert_eq!(e.view_mode, Some(ViewMode::Preview));
        assert_eq!(e.recording_status, Some(RecordingStatus::Stopped));
        assert_eq!(e.current_broadcast_start_time, 1550663901);
        assert_eq!(e.redirect_entry_id(), None);
        assert_eq!(e.recorded_entry_id(), Some("1_rec00001"));
        assert_eq!(e.reference_id(), None);
        let opts = e.recording_options.clone().unwrap();
        assert_eq!(opts.should_make_hidden, Some(true));
        assert_eq!(opts.should_auto_archive, Some(true));
        assert_eq!(opts.should_copy_scheduling, None);
        assert!(!e.is_live_for_attendees(), "explicit live in preview");
        let released = LiveStreamEntry {
            view_mode: Some(ViewMode::AllowAll),
            ..e
        };
        assert!(released.is_live_for_attendees());
    }

    #[test]
    fn missing_fields_default() {
        let e: LiveStreamEntry = serde_json::from_value(json!({"id": "0_x"})).unwrap();
        assert_eq!(e.status, None);
        assert_eq!(e.live_status, None);
        assert_eq!(e.first_broadcast, 0);
        assert!(e.recording_options.is_none());
        let e: LiveStreamEntry = serde_json::from_value(
            json!({"id": "0_x", "recordingOptions": [], "liveStatus": null}),
        )
        .unwrap();
        assert!(e.recording_options.is_none());
    }

    #[test]
    fn recording_options_write_nullable_booleans_as_numbers() {
        let o = RecordingOptions {
            should_make_hidden: Some(true),
            should_copy_entitlement: Some(false),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&o).unwrap(),
            json!({"shouldCopyEntitlement": 0, "shouldMakeHidden": 1})
        );
    }
}
