//! The sandbox's live-event telemetry (reference section 9), over raw HTTP as Kaltura's clients
//! call it: `liveStream.getLiveStreamStats` (a simulated audience while LIVE, set exactly by
//! `/sandbox/entries/{id}/viewers`, cached 20 s ÷ speed), `entryServerNode.list` (primary and
//! backup ingest points from the simulated encoder, failover with `?node=`), and
//! `report.getGraphs` 10005 from the same audience.

mod sandbox_support;

use kwebcast::sandbox::SandboxOptions;
use sandbox_support::{Env, assert_error, fast_options};
use serde_json::{Value, json};

async fn get(env: &Env, id: &str) -> Value {
    env.call("liveStream", "get", json!({"entryId": id})).await
}

async fn stats(env: &Env, ks: Option<&str>, id: &str) -> Value {
    env.call_ks(
        ks,
        "livestream",
        "getLiveStreamStats",
        json!({"entryId": id}),
    )
    .await
}

async fn nodes(env: &Env, filter: Value) -> Value {
    env.call("entryservernode", "list", json!({ "filter": filter }))
        .await
}

async fn set_viewers(env: &Env, id: &str, body: Value) -> (u16, Value) {
    let resp = env
        .http
        .post(env.url(&format!("/sandbox/entries/{id}/viewers")))
        .json(&body)
        .send()
        .await
        .expect("request");
    let status = resp.status().as_u16();
    (status, resp.json().await.expect("JSON"))
}

/// An explicit-live entry, connected (primary) and let in: LIVE.
async fn live_entry(env: &Env, name: &str) -> String {
    let id = env.add_live(name).await["id"].as_str().unwrap().to_string();
    env.control(&format!("/sandbox/entries/{id}/broadcast"))
        .await;
    env.wait_for("PLAYABLE", || async {
        (get(env, &id).await["liveStatus"] == 1).then_some(())
    })
    .await;
    let e = env
        .call(
            "liveStream",
            "update",
            json!({"entryId": id, "liveStreamEntry": {"objectType": "KalturaLiveStreamEntry", "viewMode": 1}}),
        )
        .await;
    assert_eq!(e["viewMode"], 1, "{e}");
    id
}

#[tokio::test]
async fn the_audience_rises_while_live_can_be_set_exactly_and_falls_after_the_end() {
    // Speed 20: the cache lasts 1 s, the audience rises over a few real seconds.
    let env = Env::start_with(SandboxOptions {
        speed: 20.0,
        ..fast_options()
    })
    .await;
    let off = env.add_live("Not yet").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let s = stats(&env, None, &off).await;
    assert_eq!(
        s,
        json!({"liveViewers": 0, "objectType": "KalturaLiveStreamStats"})
    );

    let id = live_entry(&env, "Town hall").await;
    // No KS needed, as for isLive; the figure rises from 0.
    let rising = env
        .wait_for("a rising audience", || async {
            let v = stats(&env, None, &id).await["liveViewers"]
                .as_i64()
                .unwrap();
            (v > 0).then_some(v)
        })
        .await;
    assert!(rising > 0);

    // Set exactly: the figure holds (once the cached answer is older than 20 s ÷ 20).
    let (status, body) = set_viewers(&env, &id, json!({"count": 4321})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["ok"], true);
    env.wait_for("the set audience", || async {
        (stats(&env, None, &id).await["liveViewers"] == 4321).then_some(())
    })
    .await;
    // Cached as Kaltura caches it: a new figure is not seen at once.
    let (status, _) = set_viewers(&env, &id, json!({"count": 7})).await;
    assert_eq!(status, 200);
    let cached = stats(&env, Some(&env.admin_ks()), &id).await["liveViewers"].clone();
    assert!(cached == 4321 || cached == 7, "{cached}");
    env.wait_for("the new figure", || async {
        (stats(&env, None, &id).await["liveViewers"] == 7).then_some(())
    })
    .await;

    // Back to the simulation, then the end: it falls to nothing.
    let (status, _) = set_viewers(&env, &id, json!({"count": null})).await;
    assert_eq!(status, 200);
    env.wait_for("the simulated audience again", || async {
        let v = stats(&env, None, &id).await["liveViewers"]
            .as_i64()
            .unwrap();
        (v != 7).then_some(())
    })
    .await;
    env.control(&format!("/sandbox/entries/{id}/end")).await;
    env.wait_for("the audience to fall to 0", || async {
        (stats(&env, None, &id).await["liveViewers"] == 0).then_some(())
    })
    .await;

    // The control refuses bad bodies and unknown entries.
    for bad in [json!({"count": -1}), json!({"count": "many"}), json!({})] {
        let (status, body) = set_viewers(&env, &id, bad).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["ok"], false);
    }
    let (status, _) = set_viewers(&env, "0_nosuch00", json!({"count": 1})).await;
    assert_eq!(status, 404);
    // Kaltura's error for an entry it does not know.
    assert_error(&stats(&env, None, "0_nosuch00").await, "INVALID_ENTRY_ID");
}

#[tokio::test]
async fn ingest_points_fail_over_and_the_last_one_ends_the_session() {
    let env = Env::start().await;
    let id = live_entry(&env, "Failover").await;
    let other = env.add_live("Quiet").await["id"]
        .as_str()
        .unwrap()
        .to_string();

    let listed = nodes(
        &env,
        json!({"objectType": "KalturaLiveEntryServerNodeFilter", "entryIdIn": format!("{id},{other}")}),
    )
    .await;
    assert_eq!(listed["objectType"], "KalturaEntryServerNodeListResponse");
    assert_eq!(listed["totalCount"], 1, "{listed}");
    let primary = &listed["objects"][0];
    assert_eq!(primary["objectType"], "KalturaLiveEntryServerNode");
    assert_eq!(primary["entryId"], id.as_str());
    assert_eq!(primary["serverType"], "0");
    assert_eq!(primary["status"], 1);
    assert_eq!(
        primary["streams"][0]["objectType"],
        "KalturaLiveStreamParams"
    );
    assert!(primary["streams"][0]["bitrate"].as_i64().unwrap() > 500);
    assert_eq!(primary["streams"][0]["height"], 720);

    // A backup encoder joins: AUTHENTICATED → BROADCASTING → PLAYABLE on its own; the entry
    // stays PLAYABLE (the highest of its nodes).
    let (status, _) = env
        .control(&format!("/sandbox/entries/{id}/broadcast?node=backup"))
        .await;
    assert_eq!(status, 200);
    let both = env
        .wait_for("a playable backup", || async {
            let l = nodes(
                &env,
                json!({"objectType": "KalturaLiveEntryServerNodeFilter", "entryIdEqual": id}),
            )
            .await;
            let backup_ready = l["objects"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["serverType"] == "1" && n["status"] == 1);
            backup_ready.then_some(l)
        })
        .await;
    assert_eq!(both["totalCount"], 2);
    assert_eq!(get(&env, &id).await["liveStatus"], 1);

    // The primary drops: the backup carries on, the entry stays PLAYABLE and LIVE.
    let (status, body) = env
        .control(&format!("/sandbox/entries/{id}/disconnect?node=primary"))
        .await;
    assert_eq!(status, 200, "{body}");
    let left = nodes(&env, json!({"entryIdIn": id})).await;
    assert_eq!(left["totalCount"], 1);
    assert_eq!(left["objects"][0]["serverType"], "1");
    let e = get(&env, &id).await;
    assert_eq!(e["liveStatus"], 1);
    assert_eq!(e["viewMode"], 1);
    assert_eq!(e["lastBroadcastEndTime"], 0, "no session ended");

    // Filters: by server type alone, and nothing at all.
    let backups = nodes(&env, json!({"serverTypeEqual": "1"})).await;
    assert_eq!(backups["totalCount"], 1);
    assert_error(
        &nodes(&env, json!({})).await,
        "MUST_FILTER_ON_ENTRY_AND_SERVER_TYPE",
    );
    assert_error(
        &nodes(&env, json!({"entryIdEqual": "0_nosuch00"})).await,
        "ENTRY_ID_NOT_FOUND",
    );
    assert_error(
        &nodes(&env, json!({"entryIdIn": "0_nosuch00,0_nosuch01"})).await,
        "ENTRY_ID_NOT_FOUND",
    );

    // The last point disconnects: the session ends as Kaltura ends it.
    let (status, body) = env
        .control(&format!("/sandbox/entries/{id}/disconnect?node=backup"))
        .await;
    assert_eq!(status, 200, "{body}");
    let e = get(&env, &id).await;
    assert_eq!(e["liveStatus"], 0);
    assert_eq!(e["viewMode"], 0);
    assert!(e["lastBroadcastEndTime"].as_i64().unwrap() > 0);
    assert_eq!(e["redirectEntryId"], e["recordedEntryId"]);
    assert_eq!(nodes(&env, json!({"entryIdIn": id})).await["totalCount"], 0);
    let (status, body) = env
        .control(&format!("/sandbox/entries/{id}/disconnect?node=sideways"))
        .await;
    assert_eq!(status, 400, "{body}");
}

#[tokio::test]
async fn the_realtime_report_draws_the_same_audience() {
    let env = Env::start().await;
    let id = live_entry(&env, "Graphs").await;
    set_viewers(&env, &id, json!({"count": 42})).await;
    let now = sandbox_support::now();
    let graphs = env
        .call(
            "report",
            "getGraphs",
            json!({
                "reportType": "10005",
                "reportInputFilter": {"objectType": "KalturaEndUserReportInputFilter",
                    "entryIdIn": id, "fromDate": now - 200, "toDate": now, "interval": "ten_seconds",
                    "timeZoneOffset": -60},
                "responseOptions": {"objectType": "KalturaReportResponseOptions", "delimiter": "|",
                    "skipEmptyDates": false},
            }),
        )
        .await;
    let graphs = graphs.as_array().unwrap_or_else(|| panic!("{graphs}"));
    let audience = graphs
        .iter()
        .find(|g| g["id"] == "view_unique_audience")
        .expect("view_unique_audience");
    assert_eq!(audience["objectType"], "KalturaReportGraph");
    let points: Vec<(i64, i64)> = audience["data"]
        .as_str()
        .unwrap()
        .split(';')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (t, v) = p.split_once('|').unwrap();
            (t.parse().unwrap(), v.parse().unwrap())
        })
        .collect();
    assert!(points.len() >= 15, "{points:?}");
    assert!(points.windows(2).all(|w| w[1].0 - w[0].0 == 10));
    assert_eq!(points.last().unwrap().1, 42, "{points:?}");
    assert!(
        points.iter().any(|p| p.1 != 42),
        "before the set figure: {points:?}"
    );
    assert_error(
        &env.call("report", "getGraphs", json!({"reportType": "10005"}))
            .await,
        "MISSING_MANDATORY_PARAMETER",
    );
}

#[tokio::test]
async fn the_telemetry_rides_in_one_multirequest_and_is_counted_once() {
    let env = Env::start().await;
    let id = live_entry(&env, "Batched").await;
    env.http
        .post(env.url("/sandbox/stats/reset"))
        .send()
        .await
        .unwrap();
    let answer: Value = env
        .http
        .post(env.url("/api_v3/service/multirequest"))
        .json(&json!({"format": 1, "ks": env.admin_ks(),
            "0": {"service": "entryservernode", "action": "list",
                  "filter": {"objectType": "KalturaLiveEntryServerNodeFilter", "entryIdIn": id},
                  "responseProfile": {"objectType": "KalturaDetachedResponseProfile", "type": 1,
                                      "fields": "entryId,serverType,status,streams"}},
            "1": {"service": "livestream", "action": "getLiveStreamStats", "entryId": id}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let trimmed = &answer[0]["objects"][0];
    let keys: Vec<&str> = trimmed
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["entryId", "status", "serverType", "streams", "objectType"]
    );
    assert_eq!(answer[1]["objectType"], "KalturaLiveStreamStats");
    let s = env.stats().await;
    assert_eq!(s["http_requests"], 1);
    assert_eq!(s["calls"]["entryServerNode.list"], 1);
    assert_eq!(s["calls"]["liveStream.getLiveStreamStats"], 1);
}
