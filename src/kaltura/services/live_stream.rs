//! `liveStream`: create, read, change, delete and probe webcast events.

use super::{EntryFilter, Pager, list_request};
use crate::kaltura::types::{
    LIVE_STREAM_ENTRY, LiveStreamUpdate, NewLiveStream, PlaybackProtocol, SourceType,
};
use crate::kaltura::wire::{self, ApiRequest};
use serde_json::Value;

/// `liveStream.add(liveStreamEntry, sourceType)`: creates the event. `sourceType` also travels as
/// a parameter (it wins over the object's), `"32"` unless the entry says otherwise.
pub fn add(entry: &NewLiveStream) -> ApiRequest {
    let source = entry.source_type.clone().unwrap_or(SourceType::LiveStream);
    ApiRequest::new("liveStream", "add")
        .object("liveStreamEntry", LIVE_STREAM_ENTRY, entry)
        .param("sourceType", source.code())
}

/// `liveStream.get(entryId)`.
pub fn get(entry_id: &str) -> ApiRequest {
    ApiRequest::new("liveStream", "get").param("entryId", entry_id)
}

/// `liveStream.list(filter: KalturaLiveStreamEntryFilter, pager)`.
pub fn list(filter: &EntryFilter, pager: Option<&Pager>) -> ApiRequest {
    list_request("liveStream", "KalturaLiveStreamEntryFilter", filter, pager)
}

/// `liveStream.update(entryId, liveStreamEntry)`: sets the given fields and clears those in
/// `changes.clear` (`field__null`).
pub fn update(entry_id: &str, changes: &LiveStreamUpdate) -> ApiRequest {
    let mut object = wire::to_object(LIVE_STREAM_ENTRY, changes);
    for field in &changes.clear {
        object.insert(wire::null_key(field), Value::from(""));
    }
    ApiRequest::new("liveStream", "update")
        .param("entryId", entry_id)
        .param("liveStreamEntry", Value::Object(object))
}

/// `liveStream.delete(entryId)`.
pub fn delete(entry_id: &str) -> ApiRequest {
    ApiRequest::new("liveStream", "delete").param("entryId", entry_id)
}

/// `liveStream.isLive(id, protocol)` (the parameter is `id`, not `entryId`). It answers for the
/// caller's KS: an admin KS sees a preview as live, so do not use it to decide what attendees see.
pub fn is_live(entry_id: &str, protocol: PlaybackProtocol) -> ApiRequest {
    ApiRequest::new("liveStream", "isLive")
        .param("id", entry_id)
        .param("protocol", protocol.code())
}

/// `liveStream.getLiveStreamStats(entryId)` → `KalturaLiveStreamStats {liveViewers}`: the
/// audience now (cached by Kaltura for about 20 s). One entry per call: batch them.
pub fn get_live_stream_stats(entry_id: &str) -> ApiRequest {
    ApiRequest::new("liveStream", "getLiveStreamStats")
        .param("entryId", entry_id)
        .read_only(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kaltura::types::{RecordingStatus, ViewMode};
    use serde_json::json;

    #[test]
    fn add_sends_source_type_twice_and_the_object() {
        let req = add(&NewLiveStream {
            explicit_live: Some(true),
            ..NewLiveStream::new("Town hall")
        });
        assert!(!req.read_only);
        assert_eq!(req.params["sourceType"], "32");
        assert_eq!(
            req.params["liveStreamEntry"],
            json!({"objectType": "KalturaLiveStreamEntry", "name": "Town hall", "mediaType": 201,
                "sourceType": "32", "explicitLive": 1})
        );
    }

    #[test]
    fn update_clears_fields_with_null_keys() {
        let req = update(
            "0_abc",
            &LiveStreamUpdate {
                view_mode: Some(ViewMode::AllowAll),
                recording_status: Some(RecordingStatus::Active),
                clear: vec!["referenceId".into()],
                ..Default::default()
            },
        );
        assert_eq!(req.name(), "liveStream.update");
        assert_eq!(
            Value::Object(req.params),
            json!({"entryId": "0_abc", "liveStreamEntry": {"objectType": "KalturaLiveStreamEntry",
                "viewMode": 1, "recordingStatus": 2, "referenceId__null": ""}})
        );
    }

    #[test]
    fn is_live_takes_id_and_protocol_and_list_takes_its_filter() {
        let req = is_live("0_abc", PlaybackProtocol::Auto);
        assert!(req.read_only);
        assert_eq!(
            Value::Object(req.params),
            json!({"id": "0_abc", "protocol": "auto"})
        );
        let req = list(&EntryFilter::ids(&["0_a", "0_b"]), Some(&Pager::first(50)));
        assert_eq!(
            Value::Object(req.params),
            json!({"filter": {"objectType": "KalturaLiveStreamEntryFilter", "idIn": "0_a,0_b"},
                "pager": {"objectType": "KalturaFilterPager", "pageSize": 50, "pageIndex": 1}})
        );
        assert_eq!(get("0_a").params["entryId"], "0_a");
        let stats = get_live_stream_stats("0_a");
        assert!(stats.read_only);
        assert_eq!(stats.name(), "liveStream.getLiveStreamStats");
        assert_eq!(Value::Object(stats.params), json!({"entryId": "0_a"}));
        assert!(!delete("0_a").read_only);
    }
}
