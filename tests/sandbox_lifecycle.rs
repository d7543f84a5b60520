//! The live lifecycle (reference section 6) driven through /sandbox/ at speed 1000: connect,
//! preview, Go Live, end, recording READY, auto-archive; who sees "live"; auto-live.

mod sandbox_support;

use kwebcast::sandbox::SandboxOptions;
use sandbox_support::{Env, fast_options};
use serde_json::{Value, json};
use std::time::Duration;

async fn get(env: &Env, id: &str) -> Value {
    env.call("liveStream", "get", json!({"entryId": id})).await
}

async fn is_live(env: &Env, ks: Option<&str>, id: &str) -> Value {
    env.call_ks(ks, "liveStream", "isLive", json!({"id": id}))
        .await
}

#[tokio::test]
async fn the_whole_lifecycle() {
    let env = Env::start().await;
    let e = env.add_live("Quarterly").await;
    let id = e["id"].as_str().unwrap().to_string();
    let admin = env.admin_ks();
    let attendee = env.user_ks(
        "attendee",
        &format!("sview:{id},restrictexplicitliveview:{id},enableentitlement"),
    );
    let moderator = env.user_ks("moderator", "");

    // Connect: AUTHENTICATED at once, a hidden NO_CONTENT recording is created.
    let (status, body) = env
        .control(&format!("/sandbox/entries/{id}/broadcast"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["ok"], true);
    assert!(matches!(body["entry"]["liveStatus"].as_i64(), Some(1..=3)));
    assert!(body["entry"]["currentBroadcastStartTime"].as_i64().unwrap() > 0);
    let rec_id = body["entry"]["recordedEntryId"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!rec_id.is_empty());
    let rec = env.call("media", "get", json!({"entryId": rec_id})).await;
    assert_eq!(rec["status"], 7);
    assert_eq!(rec["sourceType"], "36");
    assert_eq!(rec["type"], 1);
    assert_eq!(rec["mediaType"], 1);
    assert_eq!(rec["rootEntryId"], id);
    assert_eq!(rec["displayInSearch"], -1);
    assert_eq!(rec["name"], "Quarterly 1");

    // BROADCASTING → PLAYABLE; lastBroadcast/firstBroadcast set.
    let live = env
        .wait_for("PLAYABLE", || async {
            let e = get(&env, &id).await;
            (e["liveStatus"] == 1).then_some(e)
        })
        .await;
    assert!(live["firstBroadcast"].as_i64().unwrap() > 0);
    assert_eq!(live["viewMode"], 0, "still in preview");

    // Preview: admin and the entitled editor see it live; the attendee does not.
    assert_eq!(is_live(&env, Some(&admin), &id).await, json!(true));
    assert_eq!(is_live(&env, Some(&moderator), &id).await, json!(true));
    assert_eq!(is_live(&env, Some(&attendee), &id).await, json!(false));
    assert_eq!(is_live(&env, None, &id).await, json!(false));

    // Go Live the Kaltura way.
    let r = env
        .call(
            "liveStream",
            "update",
            json!({"entryId": id, "liveStreamEntry": {"viewMode": 1, "recordingStatus": 2}}),
        )
        .await;
    assert_eq!(r["viewMode"], 1);
    assert_eq!(is_live(&env, Some(&attendee), &id).await, json!(true));
    assert_eq!(is_live(&env, None, &id).await, json!(true));

    // End: STOPPED, back to preview, redirect to the recording.
    let (_, body) = env.control(&format!("/sandbox/entries/{id}/end")).await;
    let ended = &body["entry"];
    assert_eq!(ended["liveStatus"], 0);
    assert_eq!(ended["viewMode"], 0);
    assert_eq!(ended["recordingStatus"], 0);
    assert_eq!(ended["currentBroadcastStartTime"], 0);
    assert!(ended["lastBroadcastEndTime"].as_i64().unwrap() > 0);
    assert_eq!(ended["redirectEntryId"], rec_id);
    assert_eq!(is_live(&env, Some(&admin), &id).await, json!(false));

    // READY after processing, then auto-archived: renamed, visible, detached from the live entry.
    let archived = env
        .wait_for("auto-archive", || async {
            let r = env
                .call(
                    "baseEntry",
                    "list",
                    json!({"filter": {"rootEntryIdEqual": id, "orderBy": "-createdAt"}}),
                )
                .await;
            r["objects"]
                .as_array()
                .and_then(|a| a.iter().find(|o| o["id"] == rec_id.as_str()).cloned())
        })
        .await;
    assert_eq!(archived["status"], 2);
    assert_eq!(archived["displayInSearch"], 1);
    let name = archived["name"].as_str().unwrap();
    assert!(
        name.starts_with("Quarterly ") && name.len() > "Quarterly 1".len(),
        "{name}"
    );
    let live = get(&env, &id).await;
    assert_eq!(live["redirectEntryId"], "");
    assert_eq!(live["recordedEntryId"], "");

    // A second session makes a second recording.
    env.control(&format!("/sandbox/entries/{id}/broadcast"))
        .await;
    let live = get(&env, &id).await;
    let second = live["recordedEntryId"].as_str().unwrap();
    assert!(!second.is_empty() && second != rec_id);
    let r = env.call("media", "get", json!({"entryId": second})).await;
    assert_eq!(r["name"], "Quarterly 2");
    // /redirect points at the newest recording.
    let (_, body) = env
        .control(&format!("/sandbox/entries/{id}/redirect"))
        .await;
    assert_eq!(body["entry"]["redirectEntryId"], second);
}

#[tokio::test]
async fn golive_endpoint_and_unknown_entries() {
    let env = Env::start().await;
    let e = env.add_live("x").await;
    let id = e["id"].as_str().unwrap();
    let (status, body) = env.control(&format!("/sandbox/entries/{id}/golive")).await;
    assert_eq!(status, 200);
    assert_eq!(body["entry"]["viewMode"], 1);
    let (status, body) = env.control("/sandbox/entries/0_nosuch00/broadcast").await;
    assert_eq!(status, 404);
    assert_eq!(body["ok"], false);
    assert!(body["error"].as_str().unwrap().contains("0_nosuch00"));
}

#[tokio::test]
async fn auto_live_after_starts_broadcasting_by_itself() {
    let env = Env::start_with(SandboxOptions {
        auto_live_after: Some(Duration::from_secs(2)),
        ..fast_options()
    })
    .await;
    let e = env.add_live("auto").await;
    let id = e["id"].as_str().unwrap();
    assert_eq!(e["liveStatus"], 0);
    env.wait_for("auto broadcast", || async {
        (get(&env, id).await["liveStatus"] == 1).then_some(())
    })
    .await;
}

#[tokio::test]
async fn without_explicit_live_attendees_see_it_at_once() {
    let env = Env::start().await;
    let e = env
        .call(
            "liveStream",
            "add",
            json!({"liveStreamEntry": {"mediaType": 201, "name": "open", "recordStatus": 0}}),
        )
        .await;
    let id = e["id"].as_str().unwrap();
    assert_eq!(e["viewMode"], 1);
    assert_eq!(e["recordingStatus"], 3);
    env.control(&format!("/sandbox/entries/{id}/broadcast"))
        .await;
    assert_eq!(
        get(&env, id).await["recordedEntryId"],
        "",
        "no recording when disabled"
    );
    env.wait_for("live for everyone", || async {
        (is_live(&env, None, id).await == json!(true)).then_some(())
    })
    .await;
}

/// APPENDED (recordStatus 1) keeps one recording for sessions within a day of the last end; a
/// session more than a day later starts a new one. The day passes by editing the state file.
#[tokio::test]
async fn appended_reuses_its_recording_for_a_day_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let opts = SandboxOptions {
        state_file: Some(path.clone()),
        admin_secret: "appended-secret".into(),
        ..fast_options()
    };
    let env = Env::start_with(opts.clone()).await;
    let e = env
        .call(
            "liveStream",
            "add",
            json!({
                "liveStreamEntry": {
                    "objectType": "KalturaLiveStreamEntry", "name": "Appended", "mediaType": 201,
                    "sourceType": "32", "recordStatus": 1, "explicitLive": 1,
                },
                "sourceType": "32",
            }),
        )
        .await;
    let id = e["id"].as_str().expect("an entry").to_string();
    let session = |env: &Env| {
        let id = id.clone();
        let env_url = (
            env.url(&format!("/sandbox/entries/{id}/broadcast")),
            env.url(&format!("/sandbox/entries/{id}/end")),
        );
        let http = env.http.clone();
        async move {
            let started: Value = http
                .post(&env_url.0)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(started["ok"], true, "{started}");
            let ended: Value = http
                .post(&env_url.1)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(ended["ok"], true, "{ended}");
            started["entry"]["recordedEntryId"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let first = session(&env).await;
    assert!(!first.is_empty());
    assert_eq!(session(&env).await, first, "the same day: appended");
    env.sb.shutdown().await;

    // The last session ended a day and a second ago.
    let mut state: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let entry = state["entries"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["obj"]["id"] == id.as_str())
        .unwrap();
    let end = entry["last_end_ms"].as_i64().expect("the end is recorded");
    entry["last_end_ms"] = json!(end - 86_401_000);
    std::fs::write(&path, serde_json::to_vec(&state).unwrap()).unwrap();

    let env = Env::start_with(opts).await;
    let next = session(&env).await;
    assert!(!next.is_empty());
    assert_ne!(next, first, "more than a day later: a new recording");
    let old = env.call("media", "get", json!({"entryId": first})).await;
    assert_eq!(
        old["id"],
        first.as_str(),
        "the old recording is kept: {old}"
    );
}

async fn media(env: &Env, id: &str) -> Value {
    env.call("media", "get", json!({"entryId": id})).await
}

/// `hold-recording` keeps an event's recording un-READY past its processing time (as a stalled
/// conversion queue would), across a restart on the state file; `release-recording` lets it
/// finish at once. For the watchdog's `no_recording`.
#[tokio::test]
async fn a_held_recording_stays_unready_until_released() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let opts = || SandboxOptions {
        state_file: Some(state.clone()),
        admin_secret: "held-recording-secret-0123456789".into(),
        ..fast_options()
    };
    let env = Env::start_with(opts()).await;
    let id = env.add_live("Held").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, body) = env
        .control(&format!("/sandbox/entries/{id}/hold-recording"))
        .await;
    assert_eq!((status, &body["ok"]), (200, &json!(true)), "{body}");
    env.control(&format!("/sandbox/entries/{id}/broadcast"))
        .await;
    env.wait_for("PLAYABLE", || async {
        (get(&env, &id).await["liveStatus"] == 1).then_some(())
    })
    .await;
    let (_, ended) = env.control(&format!("/sandbox/entries/{id}/end")).await;
    let rec = ended["entry"]["recordedEntryId"]
        .as_str()
        .unwrap()
        .to_string();
    // Processing takes 60 ms at speed 1000: ten times that, and still not READY.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(media(&env, &rec).await["status"], 7);
    // Held across a restart on the state file.
    drop(env);
    let env = Env::start_with(opts()).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(media(&env, &rec).await["status"], 7);
    // Released: the recording is READY by the time the control answers.
    let (status, _) = env
        .control(&format!("/sandbox/entries/{id}/release-recording"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(media(&env, &rec).await["status"], 2);
    // Not a live entry: 404, as for the other steps; an unknown step names the new ones.
    let (status, body) = env
        .control(&format!("/sandbox/entries/{rec}/hold-recording"))
        .await;
    assert_eq!(status, 404, "{body}");
    let (status, body) = env.control(&format!("/sandbox/entries/{id}/explode")).await;
    assert_eq!(status, 404);
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("hold-recording or release-recording"),
        "{body}"
    );
}

async fn node_status(env: &Env, id: &str, server_type: &str) -> Option<i64> {
    let list = env
        .call(
            "entryservernode",
            "list",
            json!({"filter": {"objectType": "KalturaLiveEntryServerNodeFilter", "entryIdEqual": id}}),
        )
        .await;
    list["objects"]
        .as_array()
        .unwrap_or_else(|| panic!("{list}"))
        .iter()
        .find(|n| n["serverType"] == server_type)
        .and_then(|n| n["status"].as_i64())
}

/// `stall` leaves a point connected but not playable (BROADCASTING), the entry's `liveStatus`
/// following it; `unstall` plays again; with a backup PLAYABLE the entry stays PLAYABLE. For the
/// watchdog's `encoder_lost`.
#[tokio::test]
async fn a_stalled_point_stays_connected_but_not_playable() {
    let env = Env::start().await;
    let id = env.add_live("Stall").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    env.control(&format!("/sandbox/entries/{id}/broadcast"))
        .await;
    env.wait_for("PLAYABLE", || async {
        (get(&env, &id).await["liveStatus"] == 1).then_some(())
    })
    .await;
    let (status, body) = env.control(&format!("/sandbox/entries/{id}/stall")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["entry"]["liveStatus"], 2, "{body}");
    assert_eq!(node_status(&env, &id, "0").await, Some(2));
    // Stalled it stays: no timer brings it back.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(get(&env, &id).await["liveStatus"], 2);
    let (_, body) = env.control(&format!("/sandbox/entries/{id}/unstall")).await;
    assert_eq!(body["entry"]["liveStatus"], 1, "{body}");
    assert_eq!(node_status(&env, &id, "0").await, Some(1));
    // A backup carries the stream while the primary stalls.
    env.control(&format!("/sandbox/entries/{id}/broadcast?node=backup"))
        .await;
    env.wait_for("the backup PLAYABLE", || async {
        (node_status(&env, &id, "1").await == Some(1)).then_some(())
    })
    .await;
    let (_, body) = env.control(&format!("/sandbox/entries/{id}/stall")).await;
    assert_eq!(body["entry"]["liveStatus"], 1, "{body}");
    assert_eq!(node_status(&env, &id, "0").await, Some(2));
    // A point that is not connected, or an entry that is not live.
    let (status, _) = env
        .control(&format!("/sandbox/entries/{id}/stall?node=bogus"))
        .await;
    assert_eq!(status, 400);
    let (status, _) = env.control("/sandbox/entries/0_nothere1/stall").await;
    assert_eq!(status, 404);
}
