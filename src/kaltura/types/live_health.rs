//! What Kaltura says about a live event while it runs: its audience
//! (`KalturaLiveStreamStats`, from `liveStream.getLiveStreamStats`) and its ingest points
//! (`KalturaLiveEntryServerNode`, from `entryServerNode.list`), each with the streams the media
//! server reports (`KalturaLiveStreamParams`).

use super::enums::{EntryServerNodeType, LiveStatus};
use super::lenient;
use serde::{Deserialize, Serialize};

/// `KalturaLiveStreamStats`: how many people watch the live stream now. Kaltura caches it for
/// about 20 seconds and answers 0 when it has no figure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LiveStreamStats {
    /// Viewers now.
    #[serde(deserialize_with = "lenient::int")]
    pub live_viewers: i64,
}

/// `KalturaLiveEntryServerNode`: one ingest point (primary or backup) of a live entry and what
/// its encoder is doing. A node exists only while an encoder is connected to that point.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LiveEntryServerNode {
    /// `objectType` (`KalturaLiveEntryServerNode`; other node kinds exist for other entries).
    #[serde(deserialize_with = "lenient::string")]
    pub object_type: String,
    /// The live entry.
    #[serde(deserialize_with = "lenient::id")]
    pub entry_id: String,
    /// Primary (`"0"`) or backup (`"1"`).
    #[serde(deserialize_with = "lenient::opt")]
    pub server_type: Option<EntryServerNodeType>,
    /// What this point's encoder is doing (AUTHENTICATED → BROADCASTING → PLAYABLE).
    #[serde(deserialize_with = "lenient::opt")]
    pub status: Option<LiveStatus>,
    /// The streams the media server receives, when it reported them.
    #[serde(deserialize_with = "lenient::list")]
    pub streams: Vec<LiveStreamParams>,
    /// Unix seconds.
    #[serde(deserialize_with = "lenient::int")]
    pub created_at: i64,
    /// Unix seconds.
    #[serde(deserialize_with = "lenient::int")]
    pub updated_at: i64,
}

/// `KalturaLiveStreamParams`: one stream an ingest point receives.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LiveStreamParams {
    /// Kilobits per second.
    #[serde(deserialize_with = "lenient::int")]
    pub bitrate: i64,
    /// The flavor asset it feeds, if any.
    #[serde(deserialize_with = "lenient::string")]
    pub flavor_id: String,
    /// Pixels.
    #[serde(deserialize_with = "lenient::int")]
    pub width: i64,
    /// Pixels.
    #[serde(deserialize_with = "lenient::int")]
    pub height: i64,
    /// Codec name (`avc1`...).
    #[serde(deserialize_with = "lenient::string")]
    pub codec: String,
    /// Frames per second.
    #[serde(deserialize_with = "lenient::int")]
    pub frame_rate: i64,
    /// Language code, if any.
    #[serde(deserialize_with = "lenient::string")]
    pub language: String,
}

/// `KalturaReportGraph`: one metric of a report over time, as `"time|value;time|value;…"`
/// (the delimiter between time and value is the one the call asked for).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReportGraph {
    /// The metric (`view_unique_audience`...).
    #[serde(deserialize_with = "lenient::string")]
    pub id: String,
    /// The points.
    #[serde(deserialize_with = "lenient::exact")]
    pub data: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_nodes_stats_and_graphs_leniently() {
        let node: LiveEntryServerNode = serde_json::from_value(json!({
            "objectType": "KalturaLiveEntryServerNode", "entryId": "0_abcd1234", "serverType": "1",
            "status": "1", "createdAt": 5, "streams": [
                {"objectType": "KalturaLiveStreamParams", "bitrate": "2500", "width": 1280,
                 "height": 720, "frameRate": 30, "codec": "avc1", "flavorId": "32"}],
            "recordingInfo": []}))
        .unwrap();
        assert_eq!(node.server_type, Some(EntryServerNodeType::LiveBackup));
        assert_eq!(node.status, Some(LiveStatus::Playable));
        assert_eq!(node.streams[0].bitrate, 2500);
        let bare: LiveEntryServerNode =
            serde_json::from_value(json!({"entryId": "0_abcd1234", "streams": null})).unwrap();
        assert!(bare.streams.is_empty() && bare.status.is_none());
        let stats: LiveStreamStats = serde_json::from_value(
            json!({"objectType": "KalturaLiveStreamStats", "liveViewers": "7"}),
        )
        .unwrap();
        assert_eq!(stats.live_viewers, 7);
        let g: Vec<ReportGraph> = serde_json::from_value(json!([
            {"objectType": "KalturaReportGraph", "id": "view_unique_audience", "data": "1|2;3|4;"}]))
        .unwrap();
        assert_eq!(g[0].data, "1|2;3|4;");
    }
}
