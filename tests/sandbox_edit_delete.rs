//! The sandbox's rules for changing and removing events, over raw HTTP as Kaltura's clients
//! call it: `liveStream.update` of names while broadcasting, `liveStream.delete`,
//! `baseEntry.delete`/`media.delete`, and `metadata.update` with versions and the profile's XSD.

mod sandbox_support;

use sandbox_support::{Env, assert_error};
use serde_json::{Value, json};

async fn events_profile(env: &Env) -> Value {
    let p = env
        .call(
            "metadataProfile",
            "list",
            json!({"filter": {"systemNameEqual": "KMS_EVENTS3"}}),
        )
        .await;
    p["objects"][0]["id"].clone()
}

async fn add_record(env: &Env, entry: &str, xml: &str) -> Value {
    let pid = events_profile(env).await;
    let m = env
        .call(
            "metadata",
            "add",
            json!({"metadataProfileId": pid, "objectType": "1", "objectId": entry, "xmlData": xml}),
        )
        .await;
    assert_eq!(m["objectType"], "KalturaMetadata", "{m}");
    m
}

/// Connects the simulated encoder and waits for PLAYABLE; returns the session's recording.
async fn broadcast(env: &Env, id: &str) -> String {
    env.control(&format!("/sandbox/entries/{id}/broadcast"))
        .await;
    env.wait_for("PLAYABLE", || async {
        let e = env.call("liveStream", "get", json!({"entryId": id})).await;
        (e["liveStatus"] == 1).then(|| e["recordedEntryId"].as_str().unwrap_or("").to_string())
    })
    .await
}

#[tokio::test]
async fn names_change_while_broadcasting_but_locked_fields_do_not() {
    let env = Env::start().await;
    let e = env.add_live("Before").await;
    let id = e["id"].as_str().unwrap();
    broadcast(&env, id).await;
    let r = env
        .call(
            "liveStream",
            "update",
            json!({"entryId": id, "liveStreamEntry": {"objectType": "KalturaLiveStreamEntry",
                "name": "After", "description": "new words"}}),
        )
        .await;
    assert_eq!(r["name"], "After", "{r}");
    assert_eq!(r["description"], "new words");
    let r = env
        .call(
            "liveStream",
            "update",
            json!({"entryId": id, "liveStreamEntry": {"objectType": "KalturaLiveStreamEntry",
                "name": "Not applied", "recordStatus": 0}}),
        )
        .await;
    assert_error(&r, "CANNOT_UPDATE_FIELDS_WHILE_ENTRY_BROADCASTING");
    assert_eq!(r["args"]["FIELD"], "recordStatus");
    let got = env.call("liveStream", "get", json!({"entryId": id})).await;
    assert_eq!(got["name"], "After", "a refused update changes nothing");
    assert_eq!(got["recordStatus"], 2);
}

#[tokio::test]
async fn a_deleted_live_entry_is_gone_and_its_recordings_stay_with_their_root() {
    let env = Env::start().await;
    let e = env.add_live("To delete").await;
    let id = e["id"].as_str().unwrap().to_string();
    let record = add_record(
        &env,
        &id,
        "<metadata><StartTime>1</StartTime><EndTime>2</EndTime></metadata>",
    )
    .await;
    let recording = broadcast(&env, &id).await;
    assert!(!recording.is_empty());
    env.control(&format!("/sandbox/entries/{id}/end")).await;

    // The wrong service for the type: ENTRY_ID_NOT_FOUND, as Kaltura's deleteEntry says it.
    let r = env.call("media", "delete", json!({"entryId": id})).await;
    assert_error(&r, "ENTRY_ID_NOT_FOUND");
    let r = env
        .call("liveStream", "delete", json!({"entryId": recording}))
        .await;
    assert_error(&r, "ENTRY_ID_NOT_FOUND");
    // Someone without edit rights on it: INVALID_KS -4.
    let stranger = env.user_ks("stranger", "");
    let r = env
        .call_ks(
            Some(&stranger),
            "liveStream",
            "delete",
            json!({"entryId": id}),
        )
        .await;
    assert_error(&r, "INVALID_KS");

    let r = env
        .call("liveStream", "delete", json!({"entryId": id}))
        .await;
    assert_eq!(r, Value::Null);
    for (service, action, params) in [
        ("liveStream", "get", json!({"entryId": id})),
        ("baseEntry", "get", json!({"entryId": id})),
        ("liveStream", "delete", json!({"entryId": id})),
        (
            "liveStream",
            "update",
            json!({"entryId": id, "liveStreamEntry": {"objectType": "KalturaLiveStreamEntry", "name": "x"}}),
        ),
    ] {
        let r = env.call(service, action, params).await;
        assert_error(&r, "ENTRY_ID_NOT_FOUND");
    }
    let r = env
        .call("liveStream", "list", json!({"filter": {"idIn": id}}))
        .await;
    assert_eq!(r["totalCount"], 0);
    // Its metadata went with it.
    let r = env
        .call("metadata", "get", json!({"id": record["id"]}))
        .await;
    assert_error(&r, "METADATA_NOT_FOUND");
    let r = env
        .call(
            "metadata",
            "update",
            json!({"id": record["id"], "xmlData": "<metadata/>"}),
        )
        .await;
    assert_error(&r, "METADATA_NOT_FOUND");
    // The recording is an entry of its own: still there, still naming its live entry, and it
    // finishes processing.
    let rec = env
        .wait_for("the recording READY", || async {
            let r = env
                .call("media", "get", json!({"entryId": recording}))
                .await;
            (r["status"] == 2).then_some(r)
        })
        .await;
    assert_eq!(rec["rootEntryId"], id);
    let listed = env
        .call(
            "baseEntry",
            "list",
            // Hidden until archived, and archiving needs the live entry: asked for as hidden.
            json!({"filter": {"rootEntryIdEqual": id, "statusIn": "-2,-1,0,1,2,4,5,6,7",
                "displayInSearchEqual": -1}}),
        )
        .await;
    assert_eq!(listed["totalCount"], 1, "{listed}");

    // baseEntry.delete takes any type; the deleted recording is gone too.
    let r = env
        .call("baseEntry", "delete", json!({"entryId": recording}))
        .await;
    assert_eq!(r, Value::Null);
    let r = env
        .call("media", "get", json!({"entryId": recording}))
        .await;
    assert_error(&r, "ENTRY_ID_NOT_FOUND");
}

#[tokio::test]
async fn metadata_update_keeps_kalturas_versions_and_checks_the_schema() {
    let env = Env::start().await;
    let e = env.add_live("Scheduled").await;
    let id = e["id"].as_str().unwrap();
    let xml = "<metadata><StartTime>100</StartTime><EndTime>200</EndTime><Timezone>UTC</Timezone></metadata>";
    let m = add_record(&env, id, xml).await;
    assert_eq!(m["version"], 1);
    let mid = m["id"].clone();

    // The same XML again: nothing changes, not even the version.
    let r = env
        .call("metadata", "update", json!({"id": mid, "xmlData": xml}))
        .await;
    assert_eq!(r["version"], 1, "{r}");
    // New XML with the version read: accepted, version 2.
    let moved = "<metadata><StartTime>300</StartTime><EndTime>400</EndTime><Timezone>UTC</Timezone></metadata>";
    let r = env
        .call(
            "metadata",
            "update",
            json!({"id": mid, "xmlData": moved, "version": 1}),
        )
        .await;
    assert_eq!(r["version"], 2, "{r}");
    assert_eq!(r["xml"], moved);
    // A writer still holding version 1 is refused, and told the current one.
    let r = env
        .call(
            "metadata",
            "update",
            json!({"id": mid, "xmlData": xml, "version": 1}),
        )
        .await;
    assert_error(&r, "INVALID_METADATA_VERSION");
    assert_eq!(r["message"], "invalid metadata version [2]");
    // The profile's XSD decides what a record may hold.
    for bad in [
        "<metadata><EndTime>1</EndTime><StartTime>2</StartTime></metadata>",
        "<metadata><StartTime>tomorrow</StartTime></metadata>",
        "<metadata><Nonsense/></metadata>",
        "<metadata><StartTime>1</metadata>",
    ] {
        let r = env
            .call("metadata", "update", json!({"id": mid, "xmlData": bad}))
            .await;
        assert_error(&r, "INVALID_METADATA_DATA");
        assert!(
            r["message"]
                .as_str()
                .unwrap()
                .starts_with("invalid metadata data: "),
            "{r}"
        );
    }
    let r = env.call("metadata", "get", json!({"id": mid})).await;
    assert_eq!(r["xml"], moved, "refused updates change nothing");
    assert_eq!(r["version"], 2);
    let r = env
        .call("metadata", "update", json!({"id": 987654, "xmlData": xml}))
        .await;
    assert_error(&r, "METADATA_NOT_FOUND");
    assert_eq!(r["message"], "metadata not found, id [987654]");
    // metadata.add checks the schema as well.
    let pid = events_profile(&env).await;
    let other = env.add_live("Other").await;
    let r = env
        .call(
            "metadata",
            "add",
            json!({"metadataProfileId": pid, "objectType": "1", "objectId": other["id"],
                "xmlData": "<metadata><Bogus>1</Bogus></metadata>"}),
        )
        .await;
    assert_error(&r, "INVALID_METADATA_DATA");
}
