//! The sandbox's Kaltura API over real HTTP: request forms, objects, errors, filters, pagers.

mod sandbox_support;

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

#[tokio::test]
async fn unknown_service_action_and_missing_parameters_use_kalturas_messages() {
    let env = Env::start().await;
    let r = env.call("noSuchService", "list", json!({})).await;
    assert_error(&r, "SERVICE_DOES_NOT_EXISTS");
    assert_eq!(r["message"], "Service \"nosuchservice\" does not exists");
    let r = env.call("liveStream", "explode", json!({})).await;
    assert_error(&r, "ACTION_DOES_NOT_EXISTS");
    assert_eq!(
        r["message"],
        "Action \"explode\" does not exists for service \"livestream\""
    );
    assert_eq!(
        r["args"],
        json!({"ACTION_NAME": "explode", "SERVICE_NAME": "livestream"})
    );
    let r = env.call("liveStream", "get", json!({})).await;
    assert_error(&r, "MISSING_MANDATORY_PARAMETER");
    assert_eq!(r["message"], "Missing parameter \"entryId\"");
    let r = env.call("liveStream", "add", json!({})).await;
    assert_eq!(r["args"]["PARAM_NAME"], "liveStreamEntry");
    let r = env
        .call(
            "liveStream",
            "add",
            json!({"liveStreamEntry": {"name": "no media type"}}),
        )
        .await;
    assert_error(&r, "PROPERTY_VALIDATION_CANNOT_BE_NULL");
    assert_eq!(r["message"], "The property \"mediaType\" cannot be null");
    let r = env
        .call(
            "liveStream",
            "add",
            json!({"liveStreamEntry": {"mediaType": 999}}),
        )
        .await;
    assert_error(&r, "INVALID_ENUM_VALUE");
    assert_eq!(
        r["message"],
        "Invalid enumeration value \"999\" for parameter \"mediaType\", expecting enumeration type \"KalturaMediaType\""
    );
    let r = env
        .call(
            "liveStream",
            "add",
            json!({"liveStreamEntry": {"objectType": "KalturaNoSuchThing", "mediaType": 201}}),
        )
        .await;
    assert_error(&r, "INVALID_OBJECT_TYPE");
    assert_eq!(r["message"], "Invalid object type \"KalturaNoSuchThing\"");
    let r = env
        .call("liveStream", "get", json!({"entryId": "0_nosuch00"}))
        .await;
    assert_error(&r, "ENTRY_ID_NOT_FOUND");
    assert_eq!(r["message"], "Entry id \"0_nosuch00\" not found");
    assert_eq!(r["args"], json!({"ENTRY_ID": "0_nosuch00"}));
    let r = env
        .call("liveStream", "isLive", json!({"id": "0_nosuch00"}))
        .await;
    assert_error(&r, "INVALID_ENTRY_ID");
    assert_eq!(r["message"], "Invalid entry id [\"0_nosuch00\"]");
    let r = env.call("metadataProfile", "get", json!({"id": 1})).await;
    assert_error(&r, "METADATA_PROFILE_NOT_FOUND");
    let r = env.call("uiConf", "get", json!({"id": "12"})).await;
    assert_error(&r, "UICONF_ID_NOT_FOUND");
    let r = env
        .call("liveStream", "list", json!({"pager": {"pageSize": "many"}}))
        .await;
    assert_error(&r, "PROPERTY_VALIDATION_NUMERIC_VALUE");
}

#[tokio::test]
async fn entry_types_and_deletion() {
    let env = Env::start().await;
    let e = env.add_live("to delete").await;
    let id = e["id"].as_str().unwrap();
    env.control(&format!("/sandbox/entries/{id}/broadcast"))
        .await;
    let rec_id = env.call("liveStream", "get", json!({"entryId": id})).await["recordedEntryId"]
        .as_str()
        .unwrap()
        .to_string();
    let r = env
        .call("liveStream", "get", json!({"entryId": rec_id}))
        .await;
    assert_error(&r, "INVALID_ENTRY_TYPE");
    let r = env.call("media", "get", json!({"entryId": rec_id})).await;
    assert_eq!(r["objectType"], "KalturaMediaEntry");
    let r = env.call("baseEntry", "get", json!({"entryId": id})).await;
    assert_eq!(r["objectType"], "KalturaLiveStreamEntry");
    let r = env
        .call("liveStream", "delete", json!({"entryId": id}))
        .await;
    assert_eq!(r, serde_json::Value::Null);
    let r = env.call("liveStream", "get", json!({"entryId": id})).await;
    assert_error(&r, "ENTRY_ID_NOT_FOUND");
}

#[tokio::test]
async fn every_request_form_is_understood() {
    let env = Env::start().await;
    let ks = env.admin_ks();
    // Form-encoded with flattened `obj:field` keys and lower-case names, as the Python client.
    let e = env
        .form(
            "/api_v3/service/livestream/action/add",
            &[
                ("format", "1"),
                ("ks", &ks),
                ("liveStreamEntry:objectType", "KalturaLiveStreamEntry"),
                ("liveStreamEntry:name", "Form entry"),
                ("liveStreamEntry:mediaType", "201"),
                ("liveStreamEntry:explicitLive", "1"),
                ("liveStreamEntry:recordStatus", "2"),
                (
                    "liveStreamEntry:recordingOptions:objectType",
                    "KalturaLiveEntryRecordingOptions",
                ),
                ("liveStreamEntry:recordingOptions:shouldMakeHidden", "1"),
                ("sourceType", "32"),
                ("kalsig", "ignored"),
                ("apiVersion", "21.20.0"),
            ],
        )
        .await;
    assert_eq!(e["name"], "Form entry", "{e}");
    assert_eq!(e["explicitLive"], true);
    assert_eq!(e["recordingOptions"]["shouldMakeHidden"], true);
    let id = e["id"].as_str().unwrap().to_string();
    // service/action as parameters to index.php.
    let r = env
        .form(
            "/api_v3/index.php",
            &[
                ("service", "liveStream"),
                ("action", "get"),
                ("ks", &ks),
                ("entryId", &id),
                ("format", "1"),
            ],
        )
        .await;
    assert_eq!(r["id"], id);
    // GET with everything in the query string, to /api_v3/.
    let url = env.url(&format!(
        "/api_v3/?service=baseentry&action=get&format=1&ks={ks}&entryId={id}"
    ));
    let r: serde_json::Value = env
        .http
        .get(url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["id"], id);
    // multipart/form-data.
    let boundary = "----kwebcastBoundary7MA4YWxkTrZu0gW";
    let mut body = String::new();
    for (k, v) in [
        ("format", "1"),
        ("ks", ks.as_str()),
        ("filter:objectType", "KalturaLiveStreamEntryFilter"),
        ("filter:idIn", id.as_str()),
    ] {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    let r: serde_json::Value = env
        .http
        .post(env.url("/api_v3/service/livestream/action/list"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["totalCount"], 1, "{r}");
    // Plugin service names and `field__null`.
    let r = env
        .call(
            "metadata_metadataprofile",
            "list",
            json!({"filter": {"systemNameEqual": "KMS_EVENTS3"}}),
        )
        .await;
    assert_eq!(r["objects"][0]["systemName"], "KMS_EVENTS3");
    assert!(
        r["objects"][0]["xsd"]
            .as_str()
            .unwrap()
            .contains("PresenterName")
    );
    let r = env
        .call("LIVESTREAM", "UPDATE", json!({"entryId": id, "liveStreamEntry": {"objectType": "KalturaLiveStreamEntry", "description": "set"}}))
        .await;
    assert_eq!(r["description"], "set");
    let r = env
        .call(
            "liveStream",
            "update",
            json!({"entryId": id, "liveStreamEntry": {"description__null": ""}}),
        )
        .await;
    assert!(r.get("description").is_none(), "{r}");
}

#[tokio::test]
async fn lists_filter_page_and_order_like_kaltura() {
    let env = Env::start().await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let e = env.add_live(&format!("Event {i}")).await;
        ids.push(e["id"].as_str().unwrap().to_string());
    }
    let r = env.call("liveStream", "list", json!({})).await;
    assert_eq!(r["totalCount"], 5);
    assert_eq!(r["objects"][0]["id"], ids[4], "newest first");
    let r = env
        .call("liveStream", "list", json!({"filter": {"orderBy": "+createdAt"}, "pager": {"objectType": "KalturaFilterPager", "pageSize": 2, "pageIndex": 2}}))
        .await;
    assert_eq!(r["totalCount"], 5);
    assert_eq!(r["objects"].as_array().unwrap().len(), 2);
    assert_eq!(r["objects"][0]["id"], ids[2]);
    let r = env
        .call(
            "liveStream",
            "list",
            json!({"filter": {"idIn": format!("{},{}", ids[0], ids[3])}}),
        )
        .await;
    assert_eq!(r["totalCount"], 2);
    let r = env
        .call(
            "liveStream",
            "list",
            json!({"filter": {"nameLike": "event 3"}}),
        )
        .await;
    assert_eq!(r["totalCount"], 1);
    let r = env
        .call("liveStream", "list", json!({"pager": {"pageSize": 100000}}))
        .await;
    assert_eq!(r["objects"].as_array().unwrap().len(), 5);
    let r = env
        .call(
            "conversionProfile",
            "list",
            json!({"filter": {"nameEqual": "Cloud transcode"}}),
        )
        .await;
    assert_eq!(r["totalCount"], 1);
    assert_eq!(r["objects"][0]["type"], "2");
    let r = env
        .call(
            "conversionProfile",
            "list",
            json!({"filter": {"systemNameEqual": "KMS54_NEW_DOC_CONV_IMAGE_WIDE"}}),
        )
        .await;
    assert_eq!(r["totalCount"], 1);
    let r = env
        .call(
            "uiconf",
            "listTemplates",
            json!({"filter": {"objTypeEqual": "21"}}),
        )
        .await;
    assert_eq!(r["objectType"], "KalturaUiConfListResponse");
    let t = &r["objects"][0];
    assert_eq!(t["partnerId"], 0);
    let config: serde_json::Value = serde_json::from_str(t["config"].as_str().unwrap()).unwrap();
    assert!(config["osx"]["recommendedVersionUrl"].is_string());
    assert!(config["windows"]["recommendedVersion"].is_string());
    let r = env
        .call("uiConf", "list", json!({"filter": {"objTypeEqual": 1}}))
        .await;
    // An old v2 player first, then the v7 one; `tagsMultiLikeOr` finds the v7 one.
    assert_eq!(r["totalCount"], 2);
    assert_ne!(r["objects"][0]["html5Url"], "");
    let r = env
        .call(
            "uiConf",
            "list",
            json!({"filter": {"objTypeEqual": 1, "tagsMultiLikeOr": "kalturaplayerjs"}}),
        )
        .await;
    assert_eq!(r["totalCount"], 1);
    let player = r["objects"][0]["id"].clone();
    let r = env.call("uiConf", "get", json!({"id": player})).await;
    assert_eq!(r["objType"], 1);
}

#[tokio::test]
async fn metadata_one_record_per_object_and_profile() {
    let env = Env::start().await;
    let e = env.add_live("with metadata").await;
    let id = e["id"].as_str().unwrap();
    let p = env
        .call(
            "metadataProfile",
            "list",
            json!({"filter": {"systemNameEqual": "KMS_KWEBCAST2"}}),
        )
        .await;
    let pid = p["objects"][0]["id"].clone();
    let xml = "<metadata><IsKwebcastEntry>1</IsKwebcastEntry></metadata>";
    let m = env
        .call(
            "metadata_metadata",
            "add",
            json!({"metadataProfileId": pid, "objectType": "1", "objectId": id, "xmlData": xml}),
        )
        .await;
    assert_eq!(m["objectType"], "KalturaMetadata");
    let r = env
        .call(
            "metadata",
            "add",
            json!({"metadataProfileId": pid, "objectType": "1", "objectId": id, "xmlData": xml}),
        )
        .await;
    assert_error(&r, "METADATA_ALREADY_EXISTS");
    assert_eq!(
        r["message"],
        format!("Metadata already exists id [{}]", m["id"])
    );
    let u = env
        .call(
            "metadata",
            "update",
            json!({"id": m["id"], "xmlData": "<metadata/>"}),
        )
        .await;
    assert_eq!(u["version"], 2);
    let r = env
        .call("metadata", "list", json!({"filter": {"objectIdEqual": id}}))
        .await;
    assert_error(&r, "MUST_FILTER_ON_OBJECT_TYPE");
    let r = env
        .call(
            "metadata",
            "list",
            json!({"filter": {"metadataObjectTypeEqual": "1"}}),
        )
        .await;
    assert_error(&r, "MUST_FILTER_ON_OBJECT_ID");
    let r = env
        .call("metadata", "list", json!({"filter": {"metadataObjectTypeEqual": "1", "objectIdIn": id, "metadataProfileIdEqual": pid}}))
        .await;
    assert_eq!(r["totalCount"], 1);
    assert_eq!(r["objects"][0]["xml"], "<metadata/>");
    let r = env.call("metadata", "get", json!({"id": m["id"]})).await;
    assert_eq!(r["objectId"], id);
    let r = env
        .call(
            "metadata",
            "add",
            json!({"metadataProfileId": 1, "objectType": "1", "objectId": id, "xmlData": xml}),
        )
        .await;
    assert_error(&r, "METADATA_PROFILE_NOT_FOUND");
}

#[tokio::test]
async fn the_source_type_parameter_wins_over_the_objects() {
    let env = Env::start().await;
    let e = env
        .call(
            "liveStream",
            "add",
            json!({"liveStreamEntry": {"mediaType": 201, "sourceType": "33"}, "sourceType": "32"}),
        )
        .await;
    assert_eq!(e["sourceType"], "32");
    let e = env
        .call(
            "liveStream",
            "add",
            json!({"liveStreamEntry": {"mediaType": 201, "sourceType": 33}}),
        )
        .await;
    assert_eq!(e["sourceType"], "33", "a number is taken for a string enum");
    let r = env
        .call(
            "liveStream",
            "add",
            json!({"liveStreamEntry": {"mediaType": 201}, "sourceType": "nope"}),
        )
        .await;
    assert_error(&r, "INVALID_ENUM_VALUE");
}
