//! Multirequests: order, references to earlier results, failures in their slot, common
//! parameters, the always-an-array answer, and both encodings.

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

#[tokio::test]
async fn references_resolve_and_failures_stay_in_their_slot() {
    let env = Env::start().await;
    let e = env.add_live("Ref target").await;
    let id = e["id"].as_str().unwrap();
    let ks = env.admin_ks();
    let r = multi(
        &env,
        json!({
            "format": 1, "ks": ks,
            "0": {"service": "liveStream", "action": "list", "filter": {"idIn": id}},
            "1": {"service": "liveStream", "action": "get", "entryId": "{1:result:objects:0:id}"},
            "2": {"service": "liveStream", "action": "get", "entryId": "0_nosuch00"},
            "3": {"service": "baseEntry", "action": "list", "filter": {"rootEntryIdEqual": "{2:result:id}"}},
            "4": {"service": "liveStream", "action": "isLive", "id": "{3:result:id}"},
        }),
    )
    .await;
    let slots = r.as_array().expect("an array");
    assert_eq!(slots.len(), 5);
    assert_eq!(slots[0]["totalCount"], 1);
    assert_eq!(
        slots[1]["id"], id,
        "reference through fields and an array index"
    );
    assert_error(&slots[2], "ENTRY_ID_NOT_FOUND");
    // The root-entry filter resolved to the live entry, which is never listed under itself.
    assert_eq!(slots[3]["totalCount"], 0, "{}", slots[3]);
    // A path the result lacks resolves to "", so isLive has no id.
    assert_error(&slots[4], "MISSING_MANDATORY_PARAMETER");
}

#[tokio::test]
async fn a_reference_to_a_failed_call_widens_a_filter() {
    let env = Env::start().await;
    env.add_live("one").await;
    env.add_live("two").await;
    let r = multi(
        &env,
        json!({
            "format": 1, "ks": env.admin_ks(),
            "0": {"service": "liveStream", "action": "get", "entryId": "0_nosuch00"},
            "1": {"service": "liveStream", "action": "list", "filter": {"idEqual": "{1:result:id}"}},
        }),
    )
    .await;
    assert_error(&r[0], "ENTRY_ID_NOT_FOUND");
    assert_eq!(
        r[1]["totalCount"], 2,
        "an empty filter field is ignored, as Kaltura does"
    );
}

#[tokio::test]
async fn bad_ks_still_answers_an_array_and_stops_at_a_gap() {
    let env = Env::start().await;
    let r = multi(
        &env,
        json!({
            "format": 1, "ks": "garbage",
            "0": {"service": "liveStream", "action": "list"},
            "1": {"service": "baseEntry", "action": "list"},
            "3": {"service": "baseEntry", "action": "list"},
        }),
    )
    .await;
    let slots = r.as_array().expect("an array");
    assert_eq!(slots.len(), 2, "stops at the first missing index");
    for s in slots {
        assert_error(s, "INVALID_KS");
    }
    let r = multi(&env, json!({"format": 1, "ks": env.admin_ks()})).await;
    assert_eq!(r, json!([]));
}

#[tokio::test]
async fn form_encoded_multirequest_from_index_1_with_sub_call_ks() {
    let env = Env::start().await;
    let e = env.add_live("form multi").await;
    let id = e["id"].as_str().unwrap();
    let ks = env.admin_ks();
    let r = env
        .form(
            "/api_v3/index.php?service=multirequest",
            &[
                ("format", "1"),
                ("1:service", "livestream"),
                ("1:action", "get"),
                ("1:ks", &ks),
                ("1:entryId", id),
                ("2:service", "baseentry"),
                ("2:action", "list"),
                ("2:filter:rootEntryIdEqual", "{1:result:id}"),
            ],
        )
        .await;
    assert_eq!(r[0]["id"], id);
    // The second call has no KS of its own and none at the top level.
    assert_error(&r[1], "MISSING_KS");
}
