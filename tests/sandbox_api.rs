//! The sandbox's Kaltura API over real HTTP: request forms, objects, errors, filters, pagers.

mod sandbox_support;

use kwebcast::kaltura::ks::{KsVersion, SessionType};
use sandbox_support::{Env, assert_error};
use serde_json::json;

#[tokio::test]
async fn live_stream_add_and_get_look_like_kaltura() {
    let env = Env::start().await;
    let e = env.add_live("Town hall").await;
    let id = e["id"].as_str().unwrap();
    assert!(id.starts_with("0_") && id.len() == 10, "{id}");
    assert_eq!(e["status"], 2);
    assert_eq!(e["type"], 7);
    assert_eq!(e["mediaType"], 201);
    assert_eq!(e["sourceType"], "32");
    assert_eq!(e["liveStatus"], 0);
    assert_eq!(e["viewMode"], 0);
    assert_eq!(e["recordingStatus"], 0);
    assert_eq!(e["explicitLive"], true);
    assert_eq!(e["recordingOptions"]["shouldMakeHidden"], true);
    assert_eq!(e["rootEntryId"], id);
    assert_eq!(e["recordedEntryId"], "");
    assert_eq!(e["redirectEntryId"], "");
    assert_eq!(e["userId"], "admin@example.com");
    assert_eq!(e["streamPassword"].as_str().unwrap().len(), 8);
    assert!(e["createdAt"].as_i64().unwrap() > 1_600_000_000);
    let got = env
        .call("liveStream", "get", json!({"entryId": id, "version": -1}))
        .await;
    assert_eq!(got["id"], id);
    assert_eq!(got["name"], "Town hall");
}
