//! The list filters the account views use, over raw HTTP as Kaltura's clients send them: admin
//! tags matched word by word (`adminTagsLike`, `…MultiLikeOr/And`), `isLive`, a
//! `KalturaMetadataSearchItem` in `advancedSearch` (kaltura/server's `MetadataSearchFilter`
//! rules), and the search index's 10,000-match limit.

mod sandbox_support;

use sandbox_support::*;
use serde_json::{Value, json};
use std::collections::HashSet;

const START: &str = "/*[local-name()='metadata']/*[local-name()='StartTime']";
const END: &str = "/*[local-name()='metadata']/*[local-name()='EndTime']";
const TIMEZONE: &str = "/*[local-name()='metadata']/*[local-name()='Timezone']";

async fn add_tagged(env: &Env, name: &str, tags: &str) -> String {
    let entry = env
        .call(
            "livestream",
            "add",
            json!({
                "liveStreamEntry": {"objectType": "KalturaLiveStreamEntry", "name": name,
                    "mediaType": 201, "sourceType": "32", "adminTags": tags},
                "sourceType": "32",
            }),
        )
        .await;
    entry["id"].as_str().expect("an ID").to_string()
}

async fn events_profile(env: &Env) -> i64 {
    let list = env
        .call("metadata_metadataprofile", "list", json!({
            "filter": {"objectType": "KalturaMetadataProfileFilter", "systemNameEqual": "KMS_EVENTS3"}
        }))
        .await;
    list["objects"][0]["id"].as_i64().expect("profile")
}

async fn schedule(env: &Env, profile: i64, id: &str, start: i64) {
    let xml = format!(
        "<metadata><StartTime>{start}</StartTime><EndTime>{}</EndTime><Timezone>UTC</Timezone></metadata>",
        start + 3600
    );
    let rec = env
        .call(
            "metadata_metadata",
            "add",
            json!({
                "metadataProfileId": profile, "objectType": "1", "objectId": id, "xmlData": xml,
            }),
        )
        .await;
    assert_eq!(rec["objectType"], "KalturaMetadata", "{rec}");
}

async fn list(env: &Env, service: &str, filter: Value, pager: Value) -> Value {
    let mut filter = filter;
    filter["objectType"] = json!("KalturaLiveStreamEntryFilter");
    env.call(service, "list", json!({"filter": filter, "pager": pager}))
        .await
}

fn ids(answer: &Value) -> Vec<String> {
    answer["objects"]
        .as_array()
        .unwrap_or_else(|| panic!("a list: {answer}"))
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect()
}

fn set(answer: &Value) -> HashSet<String> {
    ids(answer).into_iter().collect()
}

#[tokio::test]
async fn admin_tags_match_words_as_the_search_index_does() {
    let env = Env::start().await;
    let both = add_tagged(&env, "a", "kms-webcast-event,vpaas-webcast").await;
    let kms = add_tagged(&env, "b", "kms-webcast-event").await;
    let vpaas = add_tagged(&env, "c", "vpaas-webcast,other").await;
    // Every word of `kms-webcast-event`, in another order: Sphinx matches the words.
    let shuffled = add_tagged(&env, "d", "event-kms,webcast").await;
    let partial = add_tagged(&env, "e", "webcast").await;
    let none = add_tagged(&env, "f", "").await;
    let all = HashSet::from([
        both.clone(),
        kms.clone(),
        vpaas.clone(),
        shuffled.clone(),
        partial.clone(),
        none.clone(),
    ]);
    let any = list(
        &env,
        "livestream",
        json!({"adminTagsMultiLikeOr": "kms-webcast-event,vpaas-webcast"}),
        json!({}),
    )
    .await;
    assert_eq!(
        set(&any),
        HashSet::from([both.clone(), kms.clone(), vpaas.clone(), shuffled.clone()])
    );
    let each = list(
        &env,
        "livestream",
        json!({"adminTagsMultiLikeAnd": "kms-webcast-event,vpaas-webcast"}),
        json!({}),
    )
    .await;
    assert_eq!(set(&each), HashSet::from([both.clone()]));
    let like = list(
        &env,
        "livestream",
        json!({"adminTagsLike": "VPAAS-webcast"}),
        json!({}),
    )
    .await;
    assert_eq!(set(&like), HashSet::from([both.clone(), vpaas.clone()]));
    // Empty values are dropped; nothing left is no filter at all.
    let empty = list(
        &env,
        "livestream",
        json!({"adminTagsMultiLikeOr": ",,"}),
        json!({}),
    )
    .await;
    assert_eq!(set(&empty), all);
    // The same through baseEntry, form-encoded as the Python and PHP clients send it.
    let ks = env.admin_ks();
    let form = env
        .form(
            "/api_v3/service/baseentry/action/list",
            &[
                ("format", "1"),
                ("ks", &ks),
                ("filter:objectType", "KalturaBaseEntryFilter"),
                ("filter:adminTagsMultiLikeOr", "kms-webcast-event,"),
            ],
        )
        .await;
    assert_eq!(set(&form), HashSet::from([both, kms, shuffled]), "{form}");
}

#[tokio::test]
async fn is_live_lists_the_entries_with_an_encoder_connected() {
    let env = Env::start().await;
    let on = add_tagged(&env, "on air", "kms-webcast-event").await;
    let off = add_tagged(&env, "off air", "kms-webcast-event").await;
    let (status, answer) = env
        .control(&format!("/sandbox/entries/{on}/broadcast"))
        .await;
    assert_eq!(status, 200, "{answer}");
    // Still a preview (explicit live): an encoder is what `isLive` is about.
    let live = list(&env, "livestream", json!({"isLive": 1}), json!({})).await;
    assert_eq!(set(&live), HashSet::from([on.clone()]));
    let idle = list(&env, "livestream", json!({"isLive": 0}), json!({})).await;
    assert_eq!(set(&idle), HashSet::from([off.clone()]));
    let null = list(&env, "livestream", json!({"isLive": -1}), json!({})).await;
    assert_eq!(set(&null).len(), 2, "NULL is no filter");
    // Not a baseEntry filter field: ignored there.
    let base = env
        .call(
            "baseentry",
            "list",
            json!({"filter": {"objectType": "KalturaBaseEntryFilter",
            "isLive": 1}}),
        )
        .await;
    assert_eq!(set(&base), HashSet::from([on, off]));
}

#[tokio::test]
async fn metadata_search_filters_and_sorts_by_searchable_fields_only() {
    let env = Env::start().await;
    let profile = events_profile(&env).await;
    let t = 1_900_000_000;
    let late = add_tagged(&env, "late", "").await;
    let early = add_tagged(&env, "early", "").await;
    let middle = add_tagged(&env, "middle", "").await;
    let unscheduled = add_tagged(&env, "no record", "").await;
    schedule(&env, profile, &late, t + 300).await;
    schedule(&env, profile, &early, t + 100).await;
    schedule(&env, profile, &middle, t + 200).await;
    let search = |items: Value, order: Option<String>| {
        let mut s = json!({"objectType": "KalturaMetadataSearchItem",
            "metadataProfileId": profile, "type": 1, "items": items});
        if let Some(o) = order {
            s["orderBy"] = json!(o);
        }
        json!({"advancedSearch": s})
    };
    let cond = |field: &str, comparison: &str, value: i64| {
        json!({"objectType": "KalturaSearchComparableCondition", "field": field,
            "comparison": comparison, "value": value.to_string()})
    };
    // StartTime > t+150, soonest first.
    let ahead = list(
        &env,
        "livestream",
        search(
            json!([cond(START, "2", t + 150)]),
            Some(format!("+{START}")),
        ),
        json!({}),
    )
    .await;
    assert_eq!(ids(&ahead), [middle.clone(), late.clone()]);
    assert_eq!(ahead["totalCount"], 2);
    // Every scheduled event by EndTime, latest first; the unscheduled one has no EndTime.
    let by_end = list(
        &env,
        "livestream",
        search(json!([cond(END, "5", t + 10_000)]), Some(format!("-{END}"))),
        json!({"objectType": "KalturaFilterPager", "pageSize": 2, "pageIndex": 1}),
    )
    .await;
    assert_eq!(ids(&by_end), [late.clone(), middle.clone()]);
    assert_eq!(by_end["totalCount"], 3);
    // `<` never matches an entry without the field (Kaltura adds `AND field <> 0`).
    let below = list(
        &env,
        "livestream",
        search(json!([cond(START, "4", t + 150)]), None),
        json!({}),
    )
    .await;
    assert_eq!(set(&below), HashSet::from([early.clone()]));
    // OR of two conditions.
    let mut either = search(
        json!([cond(START, "1", t + 100), cond(START, "1", t + 300)]),
        None,
    );
    either["advancedSearch"]["type"] = json!(2);
    let either = list(&env, "livestream", either, json!({})).await;
    assert_eq!(set(&either), HashSet::from([early.clone(), late.clone()]));
    // A field the schema does not mark searchable matches nothing (`1 <> 1`), as does an
    // unknown profile or a non-numeric value on a date field.
    for filter in [
        search(json!([cond(TIMEZONE, "2", 0)]), None),
        {
            let mut f = search(json!([cond(START, "2", 0)]), None);
            f["advancedSearch"]["metadataProfileId"] = json!(999_999);
            f
        },
        search(
            json!([{"objectType": "KalturaSearchComparableCondition", "field": START,
                "comparison": "2", "value": "soon"}]),
            None,
        ),
    ] {
        let none = list(&env, "livestream", filter.clone(), json!({})).await;
        assert_eq!(none["totalCount"], 0, "{filter} → {none}");
    }
    // A comparison Kaltura does not know is skipped: the list is not narrowed by it.
    let skipped = list(
        &env,
        "livestream",
        search(json!([cond(START, "9", t)]), None),
        json!({}),
    )
    .await;
    assert_eq!(skipped["totalCount"], 4);
    // Ordering by a non-searchable field is ignored: newest first stays.
    let unordered = list(
        &env,
        "livestream",
        search(json!([]), Some(format!("+{TIMEZONE}"))),
        json!({}),
    )
    .await;
    assert_eq!(
        ids(&unordered),
        [unscheduled, middle.clone(), early.clone(), late.clone()]
    );
    // Form-encoded, items keyed by index as the Python client sends an array.
    let ks = env.admin_ks();
    let (v, order) = ((t + 150).to_string(), format!("-{START}"));
    let form = env
        .form(
            "/api_v3/service/livestream/action/list",
            &[
                ("format", "1"),
                ("ks", &ks),
                ("filter:objectType", "KalturaLiveStreamEntryFilter"),
                (
                    "filter:advancedSearch:objectType",
                    "KalturaMetadataSearchItem",
                ),
                (
                    "filter:advancedSearch:metadataProfileId",
                    &profile.to_string(),
                ),
                ("filter:advancedSearch:type", "1"),
                ("filter:advancedSearch:orderBy", &order),
                (
                    "filter:advancedSearch:items:0:objectType",
                    "KalturaSearchComparableCondition",
                ),
                ("filter:advancedSearch:items:0:field", START),
                ("filter:advancedSearch:items:0:comparison", "3"),
                ("filter:advancedSearch:items:0:value", &v),
            ],
        )
        .await;
    assert_eq!(ids(&form), [late, middle], "{form}");
    // An advanced search the sandbox does not simulate is refused, never ignored.
    let other = list(
        &env,
        "livestream",
        json!({"advancedSearch": {"objectType": "KalturaESearchOperator"}}),
        json!({}),
    )
    .await;
    assert_error(&other, "INVALID_OBJECT_TYPE");
}

#[tokio::test]
async fn index_lists_stop_at_the_10000th_match_and_id_lists_do_not() {
    let env = Env::start().await;
    let id = add_tagged(&env, "one", "kms-webcast-event").await;
    let pager = |size: i64, index: i64| json!({"objectType": "KalturaFilterPager", "pageSize": size, "pageIndex": index});
    let tags = json!({"adminTagsMultiLikeOr": "kms-webcast-event"});
    let last = list(&env, "livestream", tags.clone(), pager(50, 200)).await;
    assert_eq!(last["totalCount"], 1, "offset 9,950 is listed: {last}");
    let past = list(&env, "livestream", tags.clone(), pager(50, 201)).await;
    assert_error(&past, "QUERY_EXCEEDED_MAX_MATCHES_ALLOWED");
    assert_eq!(
        past["message"],
        "Unable to generate list. max matches value was reached"
    );
    assert_eq!(past["args"], json!([]));
    // pageSize is clamped to 500 first: page 21 of 500 starts at 10,000.
    let clamped = list(&env, "livestream", tags.clone(), pager(1000, 21)).await;
    assert_error(&clamped, "QUERY_EXCEEDED_MAX_MATCHES_ALLOWED");
    let fine = list(&env, "livestream", tags, pager(1000, 20)).await;
    assert_eq!(fine["objectType"], "KalturaLiveStreamListResponse");
    // By ID the database answers: no such limit.
    let by_id = list(&env, "livestream", json!({"idIn": id}), pager(50, 500)).await;
    assert_eq!(
        by_id["objectType"], "KalturaLiveStreamListResponse",
        "{by_id}"
    );
    assert_eq!(by_id["totalCount"], 1);
}
