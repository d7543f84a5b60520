//! Conversion profiles as Kaltura seeds and checks them, paths with repeated slashes, and the
//! search index's lag behind writes — each against Kaltura's server source (see docs/sandbox.md).

mod sandbox_support;

use sandbox_support::{Env, assert_error};
use serde_json::{Value, json};
use std::time::Duration;

async fn profiles(env: &Env, filter: Value) -> Vec<Value> {
    let mut filter = filter;
    filter["objectType"] = json!("KalturaConversionProfileFilter");
    let list = env
        .call("conversionprofile", "list", json!({ "filter": filter }))
        .await;
    list["objects"].as_array().cloned().unwrap_or_default()
}

async fn live_default_id(env: &Env) -> i64 {
    let found = profiles(
        env,
        json!({"systemNameEqual": "Default_Live", "typeEqual": "2"}),
    )
    .await;
    found[0]["id"].as_i64().expect("Default_Live has an id")
}

fn live_entry(name: &str, extra: Value) -> Value {
    let mut entry = json!({
        "objectType": "KalturaLiveStreamEntry", "name": name, "mediaType": 201,
        "sourceType": "32", "explicitLive": 1,
    });
    if let (Value::Object(e), Value::Object(more)) = (&mut entry, extra) {
        e.extend(more);
    }
    entry
}

#[tokio::test]
async fn a_fresh_partner_holds_the_init_data_profiles() {
    let env = Env::start().await;
    let all = profiles(&env, json!({})).await;
    let names: Vec<(&str, &str, &str)> = all
        .iter()
        .map(|p| {
            (
                p["systemName"].as_str().unwrap(),
                p["name"].as_str().unwrap(),
                p["type"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("Default", "Default", "1"),
            ("Passthrough_Live", "Passthrough", "2"),
            ("Default_Live", "Cloud transcode", "2"),
            (
                "KMS54_NEW_DOC_CONV_IMAGE_WIDE",
                "KMS54_NEW_DOC_CONV_IMAGE_WIDE",
                "1"
            ),
        ]
    );
    for p in &all {
        assert_eq!(p["objectType"], "KalturaConversionProfile");
        assert_eq!(p["status"], "2", "ENABLED");
    }
    // Kaltura's current sample: by system name and type. The display name finds it too.
    let live = profiles(
        &env,
        json!({"systemNameEqual": "Default_Live", "typeEqual": 2}),
    )
    .await;
    assert_eq!(live.len(), 1);
    assert_eq!(live[0]["name"], "Cloud transcode");
    assert_eq!(live[0]["isDefault"], true);
    // A name lookup without the type can return a VOD profile: here the VOD default.
    let vod = profiles(&env, json!({"systemNameEqual": "Default"})).await;
    assert_eq!(vod[0]["type"], "1");
    let lives = profiles(&env, json!({"typeIn": "2"})).await;
    assert_eq!(lives.len(), 2, "Passthrough_Live and Default_Live");
}

#[tokio::test]
async fn get_get_default_and_update() {
    let env = Env::start().await;
    let live_id = live_default_id(&env).await;
    let live = env
        .call("conversionprofile", "getDefault", json!({"type": "2"}))
        .await;
    assert_eq!(live["id"], live_id);
    assert_eq!(live["systemName"], "Default_Live");
    let vod = env.call("conversionprofile", "getDefault", json!({})).await;
    assert_eq!(vod["type"], "1", "the type defaults to MEDIA: {vod}");
    assert_eq!(vod["systemName"], "Default");

    let got = env
        .call("conversionprofile", "get", json!({"id": live_id}))
        .await;
    assert_eq!(got, live);
    let missing = env
        .call("conversionprofile", "get", json!({"id": 999_999}))
        .await;
    assert_error(&missing, "CONVERSION_PROFILE_ID_NOT_FOUND");
    assert_eq!(
        missing["message"],
        "Conversion profile id \"999999\" not found"
    );
    assert_eq!(missing["args"]["ID"], "999999");

    let renamed = env
        .call(
            "conversionprofile",
            "update",
            json!({"id": live_id, "conversionProfile": {
                "objectType": "KalturaConversionProfile", "name": "Live HD"}}),
        )
        .await;
    assert_eq!(renamed["name"], "Live HD");
    assert_eq!(renamed["systemName"], "Default_Live", "untouched");
    let empty = env
        .call(
            "conversionprofile",
            "update",
            json!({"id": live_id, "conversionProfile": {"name": ""}}),
        )
        .await;
    assert_error(&empty, "PROPERTY_VALIDATION_MIN_LENGTH");
    // A user KS may not manage profiles.
    let user = env.user_ks("someone", "");
    let refused = env
        .call_ks(
            Some(&user),
            "conversionprofile",
            "getDefault",
            json!({"type": 2}),
        )
        .await;
    assert_error(&refused, "SERVICE_FORBIDDEN");
}

#[tokio::test]
async fn live_entries_get_a_checked_live_profile() {
    let env = Env::start().await;
    let live_id = live_default_id(&env).await;
    // Omitted: the partner's default live profile.
    let plain = env
        .call(
            "livestream",
            "add",
            json!({"liveStreamEntry": live_entry("plain", json!({})), "sourceType": "32"}),
        )
        .await;
    assert_eq!(plain["conversionProfileId"], live_id, "{plain}");
    // Empty is 0, which does not exist: what a `{1:result:objects:0:id}` through an empty list
    // sends.
    let empty = env
        .call(
            "livestream",
            "add",
            json!({"liveStreamEntry": live_entry("empty", json!({"conversionProfileId": ""})),
                   "sourceType": "32"}),
        )
        .await;
    assert_error(&empty, "CONVERSION_PROFILE_ID_NOT_FOUND");
    assert_eq!(empty["args"]["ID"], "0");
    // A VOD profile on a live entry: refused the same way.
    let vod_id = profiles(&env, json!({"systemNameEqual": "Default"})).await[0]["id"].clone();
    let vod = env
        .call(
            "livestream",
            "add",
            json!({"liveStreamEntry": live_entry("vod", json!({"conversionProfileId": vod_id})),
                   "sourceType": "32"}),
        )
        .await;
    assert_error(&vod, "CONVERSION_PROFILE_ID_NOT_FOUND");
    let passthrough =
        profiles(&env, json!({"systemNameEqual": "Passthrough_Live"})).await[0]["id"].clone();
    let ok = env
        .call(
            "livestream",
            "add",
            json!({"liveStreamEntry": live_entry("pt", json!({"conversionProfileId": passthrough})),
                   "sourceType": "32"}),
        )
        .await;
    assert_eq!(ok["conversionProfileId"], passthrough);
    // Update is checked too; the entry keeps its profile when refused.
    let id = ok["id"].as_str().unwrap();
    let refused = env
        .call(
            "livestream",
            "update",
            json!({"entryId": id, "liveStreamEntry": {
                "objectType": "KalturaLiveStreamEntry", "conversionProfileId": vod_id}}),
        )
        .await;
    assert_error(&refused, "CONVERSION_PROFILE_ID_NOT_FOUND");
    let moved = env
        .call(
            "livestream",
            "update",
            json!({"entryId": id, "liveStreamEntry": {
                "objectType": "KalturaLiveStreamEntry", "conversionProfileId": live_id}}),
        )
        .await;
    assert_eq!(moved["conversionProfileId"], live_id);
    // The seed's old lookup by a name nobody has any more, by reference in one multirequest:
    // the empty result takes the add down, and the metadata calls that refer to it.
    let ks = env.admin_ks();
    let batch: Value = env
        .http
        .post(env.url("/api_v3/service/multirequest"))
        .json(&json!({
            "format": 1, "ks": ks,
            "0": {"service": "conversionprofile", "action": "list",
                  "filter": {"objectType": "KalturaConversionProfileFilter",
                             "nameEqual": "No such profile"}},
            "1": {"service": "livestream", "action": "add", "sourceType": "32",
                  "liveStreamEntry": live_entry("by reference",
                      json!({"conversionProfileId": "{1:result:objects:0:id}"}))},
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_error(&batch[1], "CONVERSION_PROFILE_ID_NOT_FOUND");
}

#[tokio::test]
async fn repeated_slashes_in_the_path_are_served() {
    let env = Env::start().await;
    let ks = env.admin_ks();
    for path in [
        "//api_v3/service/conversionprofile/action/getDefault",
        "/api_v3//service//conversionprofile/action/getDefault",
    ] {
        let answer: Value = env
            .http
            .post(format!("{}{path}?type=2", env.sb.url()))
            .json(&json!({"format": 1, "ks": ks}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(answer["systemName"], "Default_Live", "{path}: {answer}");
    }
}

async fn by_reference(env: &Env, reference: &str) -> Vec<Value> {
    let list = env
        .call(
            "livestream",
            "list",
            json!({"filter": {"objectType": "KalturaLiveStreamEntryFilter",
                              "referenceIdEqual": reference}}),
        )
        .await;
    list["objects"].as_array().cloned().unwrap_or_default()
}

async fn by_name(env: &Env, name: &str) -> Vec<String> {
    let list = env
        .call(
            "baseentry",
            "list",
            json!({"filter": {"objectType": "KalturaBaseEntryFilter", "nameEqual": name}}),
        )
        .await;
    list["objects"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|o| o["id"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn lists_by_anything_but_ids_lag_behind_writes() {
    let env = Env::start().await;
    let r = env.set_faults(json!({"index_lag_ms": 1500})).await;
    assert_eq!(r["faults"]["index_lag_ms"], 1500);
    let entry = env
        .call(
            "livestream",
            "add",
            json!({"liveStreamEntry": live_entry("Lagging", json!({"referenceId": "ref-lag"})),
                   "sourceType": "32"}),
        )
        .await;
    let id = entry["id"].as_str().unwrap().to_string();
    // Not in the index yet: the reference lookup misses it...
    assert!(by_reference(&env, "ref-lag").await.is_empty());
    // ...while a list by ID (the database) and a get see it at once.
    let by_id = env
        .call(
            "livestream",
            "list",
            json!({"filter": {"objectType": "KalturaLiveStreamEntryFilter", "idIn": id}}),
        )
        .await;
    assert_eq!(by_id["totalCount"], 1, "{by_id}");
    // Then the index catches up.
    let found = env
        .wait_for("the index to see the new entry", || async {
            let l = by_reference(&env, "ref-lag").await;
            (!l.is_empty()).then_some(l)
        })
        .await;
    assert_eq!(found[0]["id"], id.as_str());

    // A rename: the index matches the old name for a while, and answers the stored object.
    env.call(
        "livestream",
        "update",
        json!({"entryId": id, "liveStreamEntry": {"objectType": "KalturaLiveStreamEntry",
                                                  "name": "Renamed"}}),
    )
    .await;
    assert!(by_name(&env, "Renamed").await.is_empty());
    let old = env
        .call(
            "baseentry",
            "list",
            json!({"filter": {"objectType": "KalturaBaseEntryFilter", "nameEqual": "Lagging"}}),
        )
        .await;
    assert_eq!(old["objects"][0]["name"], "Renamed", "{old}");
    env.wait_for("the index to see the new name", || async {
        (by_name(&env, "Renamed").await == [id.clone()]).then_some(())
    })
    .await;
    assert!(by_name(&env, "Lagging").await.is_empty());

    // Without the fault there is no lag.
    env.set_faults(json!({})).await;
    env.call(
        "livestream",
        "add",
        json!({"liveStreamEntry": live_entry("Now", json!({"referenceId": "ref-now"})),
               "sourceType": "32"}),
    )
    .await;
    assert_eq!(by_reference(&env, "ref-now").await.len(), 1);
    tokio::time::sleep(Duration::from_millis(1)).await;
}
