//! The sandbox does what Kaltura's server does where the notes it was first written from said
//! otherwise (kaltura-api.md section 10): locked fields while broadcasting, root-entry lists,
//! what multirequest sub-calls inherit, and response profiles that trim answers.

mod sandbox_support;

use sandbox_support::{Env, assert_error};
use serde_json::{Value, json};

async fn multi(env: &Env, body: Value) -> Value {
    let resp = env
        .http
        .post(env.url("/api_v3/service/multirequest"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

async fn broadcasting(env: &Env, name: &str) -> String {
    let e = env.add_live(name).await;
    let id = e["id"].as_str().unwrap().to_string();
    let (status, _) = env
        .control(&format!("/sandbox/entries/{id}/broadcast"))
        .await;
    assert_eq!(status, 200);
    id
}

#[tokio::test]
async fn locked_fields_cannot_change_while_the_encoder_is_connected() {
    let env = Env::start().await;
    let id = broadcasting(&env, "Locked").await;
    let entry = env.call("liveStream", "get", json!({"entryId": id})).await;
    assert_ne!(entry["liveStatus"], 0);
    for (field, value) in [
        ("dvrStatus", json!(0)),
        ("dvrWindow", json!(120)),
        ("recordStatus", json!(1)),
        (
            "conversionProfileId",
            json!(entry["conversionProfileId"].as_i64().unwrap() + 1),
        ),
        ("segmentDuration", json!(4000)),
        ("explicitLive", json!(0)),
    ] {
        let r = env
            .call(
                "liveStream",
                "update",
                json!({"entryId": id, "liveStreamEntry": {"objectType": "KalturaLiveStreamEntry", field: value}}),
            )
            .await;
        assert_eq!(
            r["code"], "CANNOT_UPDATE_FIELDS_WHILE_ENTRY_BROADCASTING",
            "{field}: {r}"
        );
        assert_eq!(
            r["message"],
            format!("Cannot update [{field}] while entry is broadcasting")
        );
        assert_eq!(r["args"], json!({"FIELD": field}));
    }
    let r = env
        .call(
            "liveStream",
            "update",
            json!({"entryId": id, "liveStreamEntry": {"recordingOptions": {"objectType": "KalturaLiveEntryRecordingOptions", "shouldCopyEntitlement": 0}}}),
        )
        .await;
    assert_error(&r, "CANNOT_UPDATE_FIELDS_WHILE_ENTRY_BROADCASTING");
    // The same value again, and what an operator changes while live, are accepted.
    let r = env
        .call(
            "liveStream",
            "update",
            json!({"entryId": id, "liveStreamEntry": {"dvrStatus": entry["dvrStatus"], "explicitLive": 1,
                "viewMode": 1, "recordingStatus": 2, "name": "Renamed live"}}),
        )
        .await;
    assert_eq!(r["name"], "Renamed live", "{r}");
    assert_eq!(r["viewMode"], 1);
    // Once the encoder disconnects, they can change again.
    env.control(&format!("/sandbox/entries/{id}/end")).await;
    let r = env
        .call(
            "liveStream",
            "update",
            json!({"entryId": id, "liveStreamEntry": {"dvrStatus": 0, "dvrWindow": 120}}),
        )
        .await;
    assert_eq!(
        (r["dvrStatus"].clone(), r["dvrWindow"].clone()),
        (json!(0), json!(120)),
        "{r}"
    );
}

#[tokio::test]
async fn a_root_entry_list_never_returns_the_root_itself() {
    let env = Env::start().await;
    let quiet = env.add_live("Never broadcast").await;
    let quiet = quiet["id"].as_str().unwrap();
    let id = broadcasting(&env, "With a recording").await;
    for filter in [
        json!({"rootEntryIdEqual": quiet}),
        json!({"rootEntryIdIn": quiet}),
    ] {
        let r = env
            .call("baseEntry", "list", json!({"filter": filter}))
            .await;
        assert_eq!(r["totalCount"], 0, "{filter}: {r}");
    }
    let r = env
        .call(
            "baseEntry",
            "list",
            json!({"filter": {"rootEntryIdIn": format!("{quiet},{id}"), "statusIn": "7,2", "displayInSearchEqual": -1}}),
        )
        .await;
    let ids: Vec<&str> = r["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 1, "{r}");
    assert!(!ids.contains(&id.as_str()) && !ids.contains(&quiet));
}

#[tokio::test]
async fn a_response_profile_trims_objects_lists_and_xml() {
    let env = Env::start().await;
    let e = env.add_live("Trimmed").await;
    let id = e["id"].as_str().unwrap();
    let include = json!({"objectType": "KalturaDetachedResponseProfile", "type": 1, "fields": "id,name,liveStatus"});
    let got = env
        .call(
            "liveStream",
            "get",
            json!({"entryId": id, "responseProfile": include}),
        )
        .await;
    assert_eq!(
        got,
        json!({"id": id, "name": "Trimmed", "liveStatus": 0, "objectType": "KalturaLiveStreamEntry"})
    );
    let list = env
        .call(
            "liveStream",
            "list",
            json!({"filter": {"idIn": id}, "responseProfile": {"type": 2, "fields": "streamPassword,primaryBroadcastingUrl,recordingOptions"}}),
        )
        .await;
    assert_eq!(list["objectType"], "KalturaLiveStreamListResponse");
    assert_eq!(list["totalCount"], 1);
    let obj = &list["objects"][0];
    assert_eq!(obj["objectType"], "KalturaLiveStreamEntry");
    assert_eq!(obj["id"], id);
    for gone in [
        "streamPassword",
        "primaryBroadcastingUrl",
        "recordingOptions",
    ] {
        assert!(obj.get(gone).is_none(), "{gone}: {obj}");
    }
    assert!(obj.get("secondaryBroadcastingUrl").is_some());
    // An error is never trimmed.
    let err = env
        .call(
            "liveStream",
            "get",
            json!({"entryId": "0_nosuch00", "responseProfile": include}),
        )
        .await;
    assert_error(&err, "ENTRY_ID_NOT_FOUND");
    assert!(err.get("message").is_some());
    // Form-encoded, answered as XML: the same trimming.
    let ks = env.admin_ks();
    let resp = env
        .http
        .post(env.url("/api_v3/service/livestream/action/get"))
        .form(&[
            ("format", "2"),
            ("ks", ks.as_str()),
            ("entryId", id),
            (
                "responseProfile:objectType",
                "KalturaDetachedResponseProfile",
            ),
            ("responseProfile:type", "1"),
            ("responseProfile:fields", "id,name"),
        ])
        .send()
        .await
        .unwrap();
    let xml = resp.text().await.unwrap();
    assert!(xml.contains(&format!("<id>{id}</id>")), "{xml}");
    assert!(!xml.contains("<streamPassword>"), "{xml}");
    assert!(!xml.contains("<status>"), "{xml}");
}

#[tokio::test]
async fn multirequest_sub_calls_inherit_only_ks_partner_and_client_tag() {
    let env = Env::start().await;
    let e = env.add_live("Inherit").await;
    let id = e["id"].as_str().unwrap();
    let r = multi(
        &env,
        json!({
            "format": 1, "ks": env.admin_ks(), "clientTag": "kwebcast-test",
            "responseProfile": {"objectType": "KalturaDetachedResponseProfile", "type": 1, "fields": "id"},
            "0": {"service": "liveStream", "action": "get", "entryId": id},
            "1": {"service": "liveStream", "action": "get", "entryId": id,
                  "responseProfile": {"objectType": "KalturaDetachedResponseProfile", "type": 1, "fields": "id,liveStatus"}},
        }),
    )
    .await;
    // The top-level profile applies to no sub-call; the sub-call's own does.
    assert_eq!(r[0]["name"], "Inherit", "{}", r[0]);
    assert_eq!(
        r[1],
        json!({"id": id, "liveStatus": 0, "objectType": "KalturaLiveStreamEntry"})
    );
}
