//! The simulated encoder's ingest points: one `KalturaLiveEntryServerNode` per connected point
//! (primary `serverType` "0", backup "1") of a live entry, as Kaltura's media servers register
//! them (reference section 9). A node is created AUTHENTICATED when its encoder connects, turns
//! BROADCASTING then PLAYABLE (lifecycle timers), reports its streams once broadcasting, and is
//! removed when its encoder disconnects. The entry's `liveStatus` is the highest of its nodes'
//! statuses in the order STOPPED < AUTHENTICATED < BROADCASTING < PLAYABLE.

use super::store::{Obj, Store};
use serde_json::{Value, json};

/// Which ingest point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// `primaryBroadcastingUrl`, `serverType` "0" (LIVE_PRIMARY).
    Primary,
    /// `secondaryBroadcastingUrl`, `serverType` "1" (LIVE_BACKUP).
    Backup,
}

impl NodeKind {
    /// Kaltura's `KalturaEntryServerNodeType` string.
    pub fn server_type(self) -> &'static str {
        match self {
            NodeKind::Primary => "0",
            NodeKind::Backup => "1",
        }
    }

    /// The kind from a `serverType` string ("0"/"1").
    pub fn from_server_type(t: &str) -> Option<NodeKind> {
        match t {
            "0" => Some(NodeKind::Primary),
            "1" => Some(NodeKind::Backup),
            _ => None,
        }
    }

    /// The kind from the control surface's `?node=` (primary when absent).
    pub fn from_query(node: Option<&str>) -> Result<NodeKind, String> {
        match node.map(str::trim) {
            None | Some("") | Some("primary") => Ok(NodeKind::Primary),
            Some("backup") => Ok(NodeKind::Backup),
            Some(other) => Err(format!("unknown node {other:?}: use primary or backup")),
        }
    }
}

/// A status's place in the order an entry's `liveStatus` takes the highest of:
/// STOPPED < AUTHENTICATED < BROADCASTING < PLAYABLE (anything else counts as STOPPED).
fn rank(status: i64) -> u8 {
    match status {
        3 => 1,
        2 => 2,
        1 => 3,
        _ => 0,
    }
}

fn is_of(node: &Obj, entry_id: &str) -> bool {
    node.get("entryId").and_then(Value::as_str) == Some(entry_id)
}

fn kind_of(node: &Obj) -> Option<NodeKind> {
    node.get("serverType")
        .and_then(Value::as_str)
        .and_then(NodeKind::from_server_type)
}

fn status_of(node: &Obj) -> i64 {
    node.get("status").and_then(Value::as_i64).unwrap_or(0)
}

/// The connected nodes of entry `id`.
pub fn nodes_of<'a>(store: &'a Store, id: &'a str) -> impl Iterator<Item = &'a Obj> + 'a {
    store.server_nodes.iter().filter(move |n| is_of(n, id))
}

/// Whether any encoder is connected to entry `id`.
pub fn has_nodes(store: &Store, id: &str) -> bool {
    nodes_of(store, id).next().is_some()
}

/// The status of one point of entry `id`, when connected.
pub fn node_status(store: &Store, id: &str, kind: NodeKind) -> Option<i64> {
    nodes_of(store, id)
        .find(|n| kind_of(n) == Some(kind))
        .map(status_of)
}

/// The entry's `liveStatus` as its nodes make it (0 STOPPED without any).
pub fn live_status_of(store: &Store, id: &str) -> i64 {
    nodes_of(store, id)
        .map(status_of)
        .max_by_key(|s| rank(*s))
        .filter(|s| rank(*s) > 0)
        .unwrap_or(0)
}

/// What a point receives once broadcasting: a 720p30 H.264 video and an AAC audio stream, the
/// backup's a little leaner (encoders often send it at a lower rate).
fn streams(kind: NodeKind) -> Value {
    let video = match kind {
        NodeKind::Primary => 2500,
        NodeKind::Backup => 2200,
    };
    json!([
        {"bitrate": video, "width": 1280, "height": 720, "codec": "avc1", "frameRate": 30,
         "keyFrameInterval": 2.0, "language": "und", "objectType": "KalturaLiveStreamParams"},
        {"bitrate": 128, "width": 0, "height": 0, "codec": "mp4a", "frameRate": 0,
         "keyFrameInterval": 0.0, "language": "und", "objectType": "KalturaLiveStreamParams"},
    ])
}

/// Registers a point of entry `id` as AUTHENTICATED (its encoder just connected).
pub fn add_node(store: &mut Store, id: &str, kind: NodeKind, now_ms: i64) {
    let node_id = store.new_int_id();
    let secs = now_ms / 1000;
    let view_mode = store.entry(id).map_or(0, |e| e.int("viewMode"));
    let node = json!({
        "id": node_id, "entryId": id,
        "serverNodeId": match kind { NodeKind::Primary => 1, NodeKind::Backup => 2 },
        "partnerId": store.partner_id, "createdAt": secs, "updatedAt": secs, "status": 3,
        "serverType": kind.server_type(), "streams": [], "recordingInfo": [],
        "isPlayableUser": true, "viewMode": view_mode,
        "objectType": "KalturaLiveEntryServerNode",
    });
    if let Value::Object(obj) = node {
        store.server_nodes.push(obj);
    }
    store.touch();
}

/// Moves a point to `status` if it is in one of `from`; once BROADCASTING it reports its
/// streams. Returns whether it changed.
pub fn set_status(
    store: &mut Store,
    id: &str,
    kind: NodeKind,
    from: &[i64],
    status: i64,
    now_ms: i64,
) -> bool {
    let Some(node) = store
        .server_nodes
        .iter_mut()
        .find(|n| is_of(n, id) && kind_of(n) == Some(kind))
    else {
        return false;
    };
    if !from.contains(&status_of(node)) {
        return false;
    }
    node.insert("status".into(), json!(status));
    node.insert("updatedAt".into(), json!(now_ms / 1000));
    if matches!(status, 1 | 2) {
        node.insert("streams".into(), streams(kind));
    }
    store.touch();
    true
}

/// Removes a point (its encoder disconnected). Returns whether it was connected.
pub fn remove_node(store: &mut Store, id: &str, kind: NodeKind) -> bool {
    let before = store.server_nodes.len();
    store
        .server_nodes
        .retain(|n| !(is_of(n, id) && kind_of(n) == Some(kind)));
    let removed = store.server_nodes.len() != before;
    if removed {
        store.touch();
    }
    removed
}

/// Removes every point of entry `id` (the session ended, or the entry was deleted).
pub fn remove_all(store: &mut Store, id: &str) {
    let before = store.server_nodes.len();
    store.server_nodes.retain(|n| !is_of(n, id));
    if store.server_nodes.len() != before {
        store.touch();
    }
}

/// A state file written before nodes existed may hold a connected entry without any: its
/// encoder is then the primary, at the entry's `liveStatus`.
pub fn ensure_legacy_primary(store: &mut Store, id: &str, now_ms: i64) {
    let Some(status) = store.entry(id).map(|e| e.int("liveStatus")) else {
        return;
    };
    if rank(status) == 0 || has_nodes(store, id) {
        return;
    }
    add_node(store, id, NodeKind::Primary, now_ms);
    set_status(store, id, NodeKind::Primary, &[3], status, now_ms);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::seed;

    #[test]
    fn the_entry_status_is_the_highest_of_its_nodes() {
        let mut store = seed::fresh(1, 0);
        assert_eq!(live_status_of(&store, "0_a"), 0);
        add_node(&mut store, "0_a", NodeKind::Primary, 1000);
        add_node(&mut store, "0_a", NodeKind::Backup, 1000);
        add_node(&mut store, "0_b", NodeKind::Primary, 1000);
        assert_eq!(live_status_of(&store, "0_a"), 3);
        assert!(set_status(
            &mut store,
            "0_a",
            NodeKind::Backup,
            &[3],
            2,
            2000
        ));
        assert_eq!(live_status_of(&store, "0_a"), 2);
        assert!(
            !set_status(&mut store, "0_a", NodeKind::Backup, &[3], 1, 2000),
            "not from 2"
        );
        assert!(set_status(
            &mut store,
            "0_a",
            NodeKind::Primary,
            &[2, 3],
            1,
            3000
        ));
        assert_eq!(live_status_of(&store, "0_a"), 1);
        assert_eq!(node_status(&store, "0_a", NodeKind::Backup), Some(2));
        let primary = nodes_of(&store, "0_a")
            .find(|n| kind_of(n) == Some(NodeKind::Primary))
            .unwrap();
        assert_eq!(primary["streams"][0]["bitrate"], 2500);
        assert!(remove_node(&mut store, "0_a", NodeKind::Primary));
        assert_eq!(live_status_of(&store, "0_a"), 2);
        remove_all(&mut store, "0_a");
        assert!(!has_nodes(&store, "0_a"));
        assert!(has_nodes(&store, "0_b"));
        assert_eq!(NodeKind::from_query(Some("backup")), Ok(NodeKind::Backup));
        assert_eq!(NodeKind::from_query(None), Ok(NodeKind::Primary));
        assert!(NodeKind::from_query(Some("tertiary")).is_err());
    }
}
