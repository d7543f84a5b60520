//! KS checks as Kaltura makes them: signature, expiry, admin vs user, privileges, and the
//! order of the checks.

mod sandbox_support;

use kwebcast::kaltura::ks::{self, KsSpec, KsVersion, SessionType};
use sandbox_support::{Env, assert_error, now};
use serde_json::json;

fn sign(env: &Env, secret: &str, typ: SessionType, expires_at: i64, v: KsVersion) -> String {
    let spec = KsSpec {
        partner_id: env.sb.partner_id(),
        user_id: "someone",
        session_type: typ,
        expires_at,
        privileges: "",
    };
    ks::sign(secret, &spec, v)
}

#[tokio::test]
async fn v1_and_v2_admin_kss_both_work() {
    let env = Env::start().await;
    for v in [KsVersion::V1, KsVersion::V2] {
        let ks = env.ks(SessionType::Admin, "a@b", "", v);
        let r = env
            .call_ks(Some(&ks), "liveStream", "list", json!({}))
            .await;
        assert_eq!(
            r["objectType"], "KalturaLiveStreamListResponse",
            "{v:?}: {r}"
        );
    }
}

#[tokio::test]
async fn bad_signature_is_invalid_ks_echoing_the_ks() {
    let env = Env::start().await;
    for v in [KsVersion::V1, KsVersion::V2] {
        let ks = sign(&env, "not-the-secret", SessionType::Admin, now() + 600, v);
        let r = env
            .call_ks(Some(&ks), "liveStream", "list", json!({}))
            .await;
        assert_error(&r, "INVALID_KS");
        assert_eq!(
            r["message"],
            format!("Invalid KS \"{ks}\", Error \"-1,INVALID_STR\"")
        );
        assert_eq!(r["args"]["KSID"], ks);
        assert_eq!(r["args"]["ERR_CODE"], "-1");
        assert_eq!(r["args"]["ERR_DESC"], "INVALID_STR");
    }
    let r = env
        .call_ks(Some("garbage!!"), "liveStream", "list", json!({}))
        .await;
    assert_error(&r, "INVALID_KS");
}

#[tokio::test]
async fn expired_ks_is_invalid_ks_expired() {
    let env = Env::start().await;
    let ks = sign(
        &env,
        env.sb.admin_secret(),
        SessionType::Admin,
        now() - 10,
        KsVersion::V2,
    );
    let r = env
        .call_ks(Some(&ks), "liveStream", "list", json!({}))
        .await;
    assert_error(&r, "INVALID_KS");
    assert_eq!(
        r["message"],
        "Invalid KS \"EXPIRED\", Error \"-1,INVALID_STR\""
    );
}

#[tokio::test]
async fn checks_run_in_kalturas_order() {
    let env = Env::start().await;
    let expired = sign(
        &env,
        env.sb.admin_secret(),
        SessionType::Admin,
        now() - 10,
        KsVersion::V2,
    );
    // Unknown service beats a bad KS.
    let r = env
        .call_ks(Some("garbage"), "nosuch", "list", json!({}))
        .await;
    assert_error(&r, "SERVICE_DOES_NOT_EXISTS");
    // A bad KS beats a missing parameter.
    let r = env
        .call_ks(Some("garbage"), "liveStream", "get", json!({}))
        .await;
    assert_error(&r, "INVALID_KS");
    assert_ne!(r["args"]["KSID"], "EXPIRED");
    // A missing parameter beats expiry.
    let r = env
        .call_ks(Some(&expired), "liveStream", "get", json!({}))
        .await;
    assert_error(&r, "MISSING_MANDATORY_PARAMETER");
    // Expiry beats permission.
    let user_expired = sign(
        &env,
        env.sb.admin_secret(),
        SessionType::User,
        now() - 10,
        KsVersion::V2,
    );
    let r = env
        .call_ks(
            Some(&user_expired),
            "liveStream",
            "add",
            json!({"liveStreamEntry": {"mediaType": 201}}),
        )
        .await;
    assert_eq!(r["args"]["KSID"], "EXPIRED", "{r}");
}

#[tokio::test]
async fn user_ks_cannot_create_entries_or_read_sessions() {
    let env = Env::start().await;
    let user = env.user_ks("viewer", "");
    let r = env
        .call_ks(
            Some(&user),
            "liveStream",
            "add",
            json!({"liveStreamEntry": {"mediaType": 201, "name": "x"}}),
        )
        .await;
    assert_error(&r, "SERVICE_FORBIDDEN");
    assert_eq!(
        r["message"],
        "The access to service [livestream->add] is forbidden"
    );
    assert_eq!(r["args"]["SERVICE"], "livestream->add");
    let r = env.call_ks(Some(&user), "session", "get", json!({})).await;
    assert_error(&r, "SERVICE_FORBIDDEN");
    assert_eq!(r["args"]["SERVICE"], "session->get");
}

#[tokio::test]
async fn sview_lets_a_user_see_that_entry_only() {
    let env = Env::start().await;
    let a = env.add_live("A").await;
    let b = env.add_live("B").await;
    let (a, b) = (a["id"].as_str().unwrap(), b["id"].as_str().unwrap());
    let attendee = env.user_ks(
        "attendee",
        &format!("sview:{a},restrictexplicitliveview:{a},enableentitlement,appid:kwebcast,appdomain:example.com,sessionkey:attendee"),
    );
    let r = env
        .call_ks(Some(&attendee), "liveStream", "get", json!({"entryId": a}))
        .await;
    assert_eq!(r["id"], a);
    assert!(
        r.get("streamPassword").is_none(),
        "stream key hidden from attendees: {r}"
    );
    assert!(r.get("primaryBroadcastingUrl").is_none());
    let r = env
        .call_ks(Some(&attendee), "liveStream", "get", json!({"entryId": b}))
        .await;
    assert_error(&r, "ENTRY_ID_NOT_FOUND");
    let r = env
        .call_ks(Some(&attendee), "baseEntry", "list", json!({}))
        .await;
    assert_eq!(r["totalCount"], 1, "{r}");
    // The entitled editor (entitledUsersEdit) and `edit:{id}` get the stream key.
    let moderator = env.user_ks("moderator", "setrole:WEBCAST_PRODUCER_DEVICE_ROLE,sview:*");
    let r = env
        .call_ks(Some(&moderator), "liveStream", "get", json!({"entryId": b}))
        .await;
    assert_eq!(r["streamPassword"].as_str().map(str::len), Some(8), "{r}");
    let editor = env.user_ks("other", &format!("edit:{a}"));
    let r = env
        .call_ks(Some(&editor), "liveStream", "get", json!({"entryId": a}))
        .await;
    assert!(r.get("streamPassword").is_some(), "{r}");
}

#[tokio::test]
async fn another_users_entry_cannot_be_changed() {
    let env = Env::start().await;
    let e = env.add_live("mine").await;
    let id = e["id"].as_str().unwrap();
    let stranger = env.user_ks("stranger", "");
    let r = env
        .call_ks(
            Some(&stranger),
            "liveStream",
            "update",
            json!({"entryId": id, "liveStreamEntry": {"name": "hacked"}}),
        )
        .await;
    assert_error(&r, "INVALID_KS");
    assert_eq!(r["message"], "Invalid KS \"\", Error \"-4,INVALID_TYPE\"");
    let moderator = env.user_ks("moderator", "");
    let r = env
        .call_ks(
            Some(&moderator),
            "liveStream",
            "update",
            json!({"entryId": id, "liveStreamEntry": {"name": "renamed"}}),
        )
        .await;
    assert_eq!(r["name"], "renamed", "the entitled editor may update: {r}");
    // Users are matched as Kaltura matches them: case does not matter.
    let shouting = env.user_ks("MODERATOR", "setrole:WEBCAST_PRODUCER_DEVICE_ROLE,sview:*");
    let r = env
        .call_ks(
            Some(&shouting),
            "liveStream",
            "update",
            json!({"entryId": id, "liveStreamEntry": {"name": "again"}}),
        )
        .await;
    assert_eq!(r["name"], "again", "{r}");
    let r = env
        .call_ks(Some(&shouting), "liveStream", "get", json!({"entryId": id}))
        .await;
    assert!(r.get("streamPassword").is_some(), "{r}");
}

#[tokio::test]
async fn a_producer_ks_reaches_only_the_events_that_list_its_user() {
    let env = Env::start().await;
    let admin = env.admin_ks();
    // Two events, each with its own moderator (moderator_scope = "event").
    let mut ids = Vec::new();
    for name in ["one", "two"] {
        let e = env.add_live(name).await;
        let id = e["id"].as_str().unwrap().to_string();
        env.call_ks(
            Some(&admin),
            "liveStream",
            "update",
            json!({"entryId": id, "liveStreamEntry": {
                "entitledUsersEdit": format!("moderator-{id},broadcaster")}}),
        )
        .await;
        ids.push(id);
    }
    let (one, two) = (&ids[0], &ids[1]);
    let link_ks = env.user_ks(
        &format!("moderator-{one}"),
        &format!("setrole:WEBCAST_PRODUCER_DEVICE_ROLE,sview:*,list:{one},download:{one}"),
    );
    let update = |id: &str| {
        json!({"entryId": id, "liveStreamEntry": {"objectType": "KalturaLiveStreamEntry",
                                                  "name": "moderated"}})
    };
    let r = env
        .call_ks(Some(&link_ks), "liveStream", "update", update(one))
        .await;
    assert_eq!(r["name"], "moderated", "{r}");
    let r = env
        .call_ks(Some(&link_ks), "liveStream", "update", update(two))
        .await;
    assert_error(&r, "INVALID_KS");
    assert_eq!(r["args"]["ERR_CODE"], "-4");
    let r = env
        .call_ks(Some(&link_ks), "liveStream", "get", json!({"entryId": two}))
        .await;
    assert_eq!(r["id"], two.as_str(), "sview:* sees it");
    assert!(
        r.get("streamPassword").is_none(),
        "but not its stream key: {r}"
    );
    assert!(r.get("primarySrtStreamId").is_none(), "{r}");
    // The shared broadcaster (the Studio's user) reaches both.
    let studio = env.user_ks(
        "broadcaster",
        "setrole:WEBCAST_PRODUCER_DEVICE_ROLE,sview:*",
    );
    for id in [one, two] {
        let r = env
            .call_ks(Some(&studio), "liveStream", "get", json!({"entryId": id}))
            .await;
        assert!(r.get("streamPassword").is_some(), "{r}");
    }
}

#[tokio::test]
async fn without_a_ks_only_session_start_and_is_live_work() {
    let env = Env::start().await;
    let e = env.add_live("public").await;
    let r = env.call_ks(None, "liveStream", "list", json!({})).await;
    assert_error(&r, "MISSING_KS");
    assert_eq!(r["message"], "Missing KS, session not established");
    let r = env
        .call_ks(
            None,
            "liveStream",
            "list",
            json!({"partnerId": env.sb.partner_id()}),
        )
        .await;
    assert_error(&r, "SERVICE_FORBIDDEN");
    let r = env
        .call_ks(None, "liveStream", "isLive", json!({"id": e["id"]}))
        .await;
    assert_eq!(r, json!(false));
}

#[tokio::test]
async fn session_start_checks_the_secret_and_returns_a_working_v2_ks() {
    let env = Env::start().await;
    let pid = env.sb.partner_id();
    let ks = env
        .call_ks(
            None,
            "session",
            "start",
            json!({"secret": env.sb.admin_secret(), "userId": "op", "type": 2, "partnerId": pid}),
        )
        .await;
    let ks = ks.as_str().expect("a KS string").to_string();
    assert!(ks.starts_with("djJ8"), "{ks}");
    let info = env.call_ks(Some(&ks), "session", "get", json!({})).await;
    assert_eq!(info["objectType"], "KalturaSessionInfo");
    assert_eq!(info["userId"], "op");
    assert_eq!(info["sessionType"], 2);
    assert!((info["expiry"].as_i64().unwrap() - now() - 86_400).abs() < 5);
    let r = env
        .call_ks(
            None,
            "session",
            "start",
            json!({"secret": "wrong", "type": 2, "partnerId": pid}),
        )
        .await;
    assert_error(&r, "START_SESSION_ERROR");
    let r = env
        .call_ks(
            None,
            "session",
            "start",
            json!({"secret": env.sb.admin_secret(), "partnerId": 999}),
        )
        .await;
    assert_error(&r, "INVALID_PARTNER_ID");
    let r = env
        .call_ks(None, "session", "start", json!({"partnerId": pid}))
        .await;
    assert_error(&r, "MISSING_MANDATORY_PARAMETER");
    assert_eq!(r["message"], "Missing parameter \"secret\"");
}

#[tokio::test]
async fn ks_ttl_fault_expires_kss_early() {
    let env = Env::start().await;
    let ks = env.admin_ks();
    env.set_faults(json!({"ks_ttl_secs": 1})).await;
    let r = env
        .call_ks(Some(&ks), "liveStream", "list", json!({}))
        .await;
    assert_eq!(
        r["objectType"], "KalturaLiveStreamListResponse",
        "fresh KS works: {r}"
    );
    // Bounded poll: the KS turns "expired" once it is more than a second old.
    let expired = env
        .wait_for("the KS to age past ks_ttl_secs", || async {
            let r = env
                .call_ks(Some(&ks), "liveStream", "list", json!({}))
                .await;
            (r["code"] == "INVALID_KS").then_some(r)
        })
        .await;
    assert_eq!(expired["args"]["KSID"], "EXPIRED");
    env.set_faults(json!({})).await;
    let r = env
        .call_ks(Some(&ks), "liveStream", "list", json!({}))
        .await;
    assert_eq!(r["objectType"], "KalturaLiveStreamListResponse");
}

#[tokio::test]
async fn the_user_secret_starts_user_sessions_only() {
    let opts = kwebcast::sandbox::SandboxOptions {
        user_secret: "user-secret".into(),
        ..sandbox_support::fast_options()
    };
    let env = Env::start_with(opts).await;
    let pid = env.sb.partner_id();
    let ks = env
        .call_ks(
            None,
            "session",
            "start",
            json!({"secret": "user-secret", "userId": "viewer", "type": 0, "partnerId": pid}),
        )
        .await;
    let ks = ks.as_str().expect("a user KS").to_string();
    let r = env.call_ks(Some(&ks), "baseEntry", "list", json!({})).await;
    assert_eq!(r["objectType"], "KalturaBaseEntryListResponse", "{r}");
    let r = env
        .call_ks(
            None,
            "session",
            "start",
            json!({"secret": "user-secret", "type": "2", "partnerId": pid}),
        )
        .await;
    assert_error(&r, "ADMIN_KS_REQUIRED");
    let r = env
        .call_ks(
            None,
            "session",
            "start",
            json!({"secret": "user-secret", "type": 5, "partnerId": pid}),
        )
        .await;
    assert_error(&r, "INVALID_ENUM_VALUE");
}
