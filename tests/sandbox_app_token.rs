//! The sandbox's application tokens, called over real HTTP as Kaltura's clients call them and
//! checked against kaltura/server's rules (`AppTokenService`, `KalturaAppToken`, `AppToken`,
//! `SessionService::startWidgetSession`, `kSessionBase`): who may manage tokens, their shape,
//! the four hash types (computed here with the hash crates directly, not with kwebcast's code),
//! how a token's type, user, expiry and privileges bound the session it starts, the four
//! refusals with Kaltura's messages, deleting a token logging its sessions out, `session.get`
//! on the sessions, and tokens and the user secret kept in the state file.

mod sandbox_support;

use kwebcast::kaltura::ks::{self, SessionType};
use kwebcast::sandbox::{Sandbox, SandboxOptions};
use sandbox_support::{Env, fast_options, now};
use serde_json::{Value, json};
use sha1::Digest;

fn hex_hash(kind: &str, text: &str) -> String {
    let bytes = text.as_bytes();
    match kind {
        "MD5" => hex::encode(md5::Md5::digest(bytes)),
        "SHA1" => hex::encode(sha1::Sha1::digest(bytes)),
        "SHA256" => hex::encode(sha2::Sha256::digest(bytes)),
        "SHA512" => hex::encode(sha2::Sha512::digest(bytes)),
        other => panic!("no hash {other}"),
    }
}

async fn add(env: &Env, fields: Value) -> Value {
    let mut token = json!({"objectType": "KalturaAppToken"});
    token
        .as_object_mut()
        .unwrap()
        .extend(fields.as_object().unwrap().clone());
    let made = env
        .call("appToken", "add", json!({"appToken": token}))
        .await;
    assert_eq!(made["objectType"], "KalturaAppToken", "{made}");
    made
}

async fn widget_ks(env: &Env) -> String {
    let w = env
        .call_ks(
            None,
            "session",
            "startWidgetSession",
            json!({"widgetId": format!("_{}", env.sb.partner_id())}),
        )
        .await;
    assert_eq!(w["objectType"], "KalturaStartWidgetSessionResponse", "{w}");
    w["ks"].as_str().unwrap().to_string()
}

/// `appToken.startSession` the documented way: a widget session, the hash over it.
async fn start(env: &Env, token: &Value, extra: Value) -> Value {
    let ks = widget_ks(env).await;
    let kind = token["hashType"].as_str().unwrap();
    let hash = hex_hash(kind, &format!("{ks}{}", token["token"].as_str().unwrap()));
    let mut params = json!({"id": token["id"], "tokenHash": hash});
    params
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    env.call_ks(Some(&ks), "appToken", "startSession", params)
        .await
}

#[tokio::test]
async fn managing_tokens_takes_an_admin_session_and_answers_kalturas_shape() {
    let env = Env::start().await;
    let token = json!({"appToken": {"objectType": "KalturaAppToken"}});
    let none = env.call_ks(None, "appToken", "add", token.clone()).await;
    assert_eq!(none["code"], "MISSING_KS");
    let user = env.user_ks("someone", "");
    let forbidden = env.call_ks(Some(&user), "appToken", "add", token).await;
    assert_eq!(forbidden["code"], "SERVICE_FORBIDDEN");
    assert_eq!(
        forbidden["message"],
        "The access to service [apptoken->add] is forbidden"
    );

    let before = now();
    let made = add(&env, json!({"description": "desk"})).await;
    let id = made["id"].as_str().unwrap();
    assert!(
        id.len() == 10
            && id.starts_with("0_")
            && id[2..].bytes().all(|b| b.is_ascii_alphanumeric()),
        "{id}"
    );
    let value = made["token"].as_str().unwrap();
    assert!(
        value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit()),
        "{value}"
    );
    assert_eq!(made["status"], 2, "ACTIVE");
    assert_eq!(made["hashType"], "SHA1", "Kaltura's default");
    assert_eq!(made["sessionDuration"], 86_400, "the partner's KS maximum");
    assert_eq!(made["partnerId"], env.sb.partner_id());
    assert!(made["createdAt"].as_i64().unwrap() >= before);
    assert!(
        made.get("sessionType").is_none(),
        "unset fields are omitted"
    );
    let keys: Vec<&str> = made
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.last(), Some(&"objectType"));

    let got = env.call("appToken", "get", json!({"id": id})).await;
    assert_eq!(got, made);
    let bad = env
        .call(
            "appToken",
            "add",
            json!({"appToken": {"objectType": "KalturaAppToken", "hashType": "SHA384"}}),
        )
        .await;
    assert_eq!(bad["code"], "INVALID_ENUM_VALUE", "{bad}");

    let updated = env
        .call(
            "appToken",
            "update",
            json!({"id": id, "appToken": {"objectType": "KalturaAppToken", "hashType": "SHA512", "sessionType": 2}}),
        )
        .await;
    assert_eq!(updated["hashType"], "SHA512");
    assert_eq!(updated["sessionType"], 2);
    assert_eq!(updated["token"], made["token"], "the value never changes");

    let second = add(&env, json!({})).await;
    let all = env.call("appToken", "list", json!({})).await;
    assert_eq!(all["objectType"], "KalturaAppTokenListResponse");
    assert_eq!(all["totalCount"], 2);
    assert_eq!(
        env.call("appToken", "delete", json!({"id": second["id"]}))
            .await,
        Value::Null
    );
    let active = env
        .call(
            "appToken",
            "list",
            json!({"filter": {"objectType": "KalturaAppTokenFilter", "statusEqual": 2}}),
        )
        .await;
    assert_eq!(active["totalCount"], 1);
    assert_eq!(active["objects"][0]["id"], id);
    let deleted = env
        .call("appToken", "get", json!({"id": second["id"]}))
        .await;
    assert_eq!(deleted["status"], 3, "DELETED, still readable");

    let missing = env
        .call("appToken", "get", json!({"id": "0_nosuch00"}))
        .await;
    assert_eq!(missing["code"], "APP_TOKEN_ID_NOT_FOUND");
    assert_eq!(
        missing["message"],
        "Application token id \"0_nosuch00\" not found"
    );
    assert_eq!(missing["args"], json!({"ID": "0_nosuch00"}));
}

#[tokio::test]
async fn the_widget_session_is_anonymous_and_needs_no_ks() {
    let env = Env::start().await;
    let ks_text = widget_ks(&env).await;
    let info = ks::verify(&ks_text, env.sb.admin_secret()).unwrap();
    assert_eq!(info.session_type, SessionType::User);
    assert_eq!(info.user_id, "0");
    assert_eq!(info.privileges_string(), "view:*,widget:1");
    assert!(info.expires_at > now() + 86_000, "a day by default");
    let other = env
        .call_ks(
            None,
            "session",
            "startWidgetSession",
            json!({"widgetId": "_999"}),
        )
        .await;
    assert_eq!(other["code"], "INVALID_WIDGET_ID");
    assert_eq!(other["message"], "Unknown widget [_999]");
    let widget_cannot_manage = env
        .call_ks(Some(&ks_text), "appToken", "list", json!({}))
        .await;
    assert_eq!(widget_cannot_manage["code"], "SERVICE_FORBIDDEN");
}

#[tokio::test]
async fn each_hash_type_opens_a_session_bounded_by_the_token() {
    let env = Env::start().await;
    for kind in ["MD5", "SHA1", "SHA256", "SHA512"] {
        let token = add(
            &env,
            json!({"hashType": kind, "sessionType": 2, "sessionUserId": "ops@example.com",
            "sessionPrivileges": "disableentitlement", "sessionDuration": 600}),
        )
        .await;
        let info = start(
            &env,
            &token,
            json!({"userId": "someone-else", "type": 0, "expiry": 86400,
                   "sessionPrivileges": "sview:0_x,appid:desk,disableentitlement"}),
        )
        .await;
        assert_eq!(info["objectType"], "KalturaSessionInfo", "{kind}: {info}");
        assert_eq!(info["sessionType"], 2, "the token's type wins");
        assert_eq!(info["userId"], "ops@example.com", "the token's user wins");
        let id = token["id"].as_str().unwrap();
        assert_eq!(
            info["privileges"],
            format!("sessionid:{id},apptoken:{id},disableentitlement,appid:desk"),
            "server-reserved and already-set privileges are not added"
        );
        let expiry = info["expiry"].as_i64().unwrap();
        assert!(
            (now() + 595..=now() + 601).contains(&expiry),
            "the token's duration caps it"
        );
        let opened = ks::verify(info["ks"].as_str().unwrap(), env.sb.admin_secret()).unwrap();
        assert_eq!(opened.session_type, SessionType::Admin);
        assert_eq!(opened.expires_at, expiry);
        let listed = env
            .call_ks(info["ks"].as_str(), "liveStream", "list", json!({}))
            .await;
        assert_eq!(
            listed["objectType"], "KalturaLiveStreamListResponse",
            "{listed}"
        );
    }
}

#[tokio::test]
async fn an_open_token_leaves_type_and_user_to_the_call_and_defaults_to_user() {
    let env = Env::start().await;
    let token = add(&env, json!({"hashType": "SHA256", "expiry": now() + 120})).await;
    let info = start(&env, &token, json!({"userId": "viewer", "type": 0})).await;
    assert_eq!(info["sessionType"], 0);
    assert_eq!(info["userId"], "viewer");
    let expiry = info["expiry"].as_i64().unwrap();
    assert!(
        expiry <= now() + 121,
        "the token's own expiry caps the session"
    );
    let bare = start(&env, &token, json!({})).await;
    assert_eq!(bare["sessionType"], 0, "USER when neither says");
    assert!(
        bare.get("userId").is_none(),
        "no user: omitted, as PHP's null"
    );
    let admin = start(&env, &token, json!({"type": 2})).await;
    assert_eq!(
        admin["sessionType"], 2,
        "a token without a type lets the call choose"
    );
}

#[tokio::test]
async fn the_four_refusals_have_kalturas_codes_and_messages() {
    let env = Env::start().await;
    let ks_text = widget_ks(&env).await;
    let unknown = env
        .call_ks(
            Some(&ks_text),
            "appToken",
            "startSession",
            json!({"id": "0_nosuch00", "tokenHash": "x"}),
        )
        .await;
    assert_eq!(unknown["code"], "APP_TOKEN_ID_NOT_FOUND");

    let token = add(&env, json!({"hashType": "SHA256"})).await;
    let id = token["id"].as_str().unwrap();
    let wrong = env
        .call_ks(
            Some(&ks_text),
            "appToken",
            "startSession",
            json!({"id": id, "tokenHash": hex_hash("SHA256", "nope")}),
        )
        .await;
    assert_eq!(wrong["code"], "INVALID_APP_TOKEN_HASH");
    assert_eq!(wrong["message"], "Invalid application token hash");
    assert_eq!(wrong["args"], json!([]));
    // The hash is over the KS of the call itself: another KS's hash does not do.
    let other = widget_ks(&env).await;
    let stale = hex_hash(
        "SHA256",
        &format!("{other}{}", token["token"].as_str().unwrap()),
    );
    let replayed = env
        .call_ks(
            Some(&ks_text),
            "appToken",
            "startSession",
            json!({"id": id, "tokenHash": stale}),
        )
        .await;
    assert_eq!(replayed["code"], "INVALID_APP_TOKEN_HASH");
    let upper = hex_hash(
        "SHA256",
        &format!("{ks_text}{}", token["token"].as_str().unwrap()),
    )
    .to_uppercase();
    let upper = env
        .call_ks(
            Some(&ks_text),
            "appToken",
            "startSession",
            json!({"id": id, "tokenHash": upper}),
        )
        .await;
    assert_eq!(
        upper["code"], "INVALID_APP_TOKEN_HASH",
        "compared as PHP's lower-case hex"
    );
    let no_ks = env
        .call_ks(
            None,
            "appToken",
            "startSession",
            json!({"id": id, "tokenHash": "x"}),
        )
        .await;
    assert_eq!(no_ks["code"], "MISSING_KS");

    let expired = add(&env, json!({"hashType": "SHA1", "expiry": now() - 5})).await;
    let refused = start(&env, &expired, json!({})).await;
    assert_eq!(refused["code"], "APP_TOKEN_EXPIRED");
    assert_eq!(
        refused["message"],
        format!(
            "Application token id \"{}\" expired",
            expired["id"].as_str().unwrap()
        )
    );

    let session = start(&env, &token, json!({"type": 2})).await;
    let session_ks = session["ks"].as_str().unwrap().to_string();
    assert_eq!(
        env.call("appToken", "delete", json!({"id": id})).await,
        Value::Null
    );
    let inactive = start(&env, &token, json!({})).await;
    assert_eq!(inactive["code"], "APP_TOKEN_NOT_ACTIVE");
    assert_eq!(
        inactive["message"],
        format!("Application token id \"{id}\" not active")
    );
    // Deleting the token logged its sessions out.
    let out = env
        .call_ks(Some(&session_ks), "liveStream", "list", json!({}))
        .await;
    assert_eq!(out["code"], "INVALID_KS", "{out}");
    assert_eq!(out["args"]["ERR_CODE"], "-6");
    assert_eq!(out["args"]["ERR_DESC"], "LOGOUT");
}

#[tokio::test]
async fn session_get_reads_every_session_the_sandbox_made() {
    let env = Env::start().await;
    let widget = widget_ks(&env).await;
    let token = add(
        &env,
        json!({"hashType": "SHA256", "sessionType": 0, "sessionUserId": "viewer",
        "sessionPrivileges": "sview:0_abc"}),
    )
    .await;
    let minted = start(&env, &token, json!({})).await;
    for (ks_text, kind, user) in [
        (widget.as_str(), 0, "0"),
        (minted["ks"].as_str().unwrap(), 0, "viewer"),
    ] {
        let info = env
            .call("session", "get", json!({"session": ks_text}))
            .await;
        assert_eq!(info["objectType"], "KalturaSessionInfo", "{info}");
        assert_eq!(info["sessionType"], kind);
        assert_eq!(info["userId"], user);
    }
    let user_secret_ks = ks::sign(
        env.sb.user_secret(),
        &ks::KsSpec {
            partner_id: env.sb.partner_id(),
            user_id: "u",
            session_type: SessionType::User,
            expires_at: now() + 60,
            privileges: "",
        },
        ks::KsVersion::V2,
    );
    let info = env
        .call("session", "get", json!({"session": user_secret_ks}))
        .await;
    assert_eq!(info["userId"], "u", "{info}");
}

#[tokio::test]
async fn tokens_and_the_user_secret_survive_a_restart_on_the_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let opts = || SandboxOptions {
        state_file: Some(path.clone()),
        ..fast_options()
    };
    let env = Env::start_with(opts()).await;
    let token = add(&env, json!({"hashType": "SHA256", "sessionType": 2})).await;
    let user_secret = env.sb.user_secret().to_string();
    let by_user_secret = env
        .call_ks(
            None,
            "session",
            "start",
            json!({"secret": user_secret, "partnerId": env.sb.partner_id(), "type": 0, "userId": "u"}),
        )
        .await;
    assert!(
        by_user_secret
            .as_str()
            .is_some_and(|k| k.starts_with("djJ8")),
        "{by_user_secret}"
    );
    let admin_by_user_secret = env
        .call_ks(
            None,
            "session",
            "start",
            json!({"secret": user_secret, "partnerId": env.sb.partner_id(), "type": 2}),
        )
        .await;
    assert_eq!(admin_by_user_secret["code"], "ADMIN_KS_REQUIRED");
    env.sb.shutdown().await;

    let restarted = Sandbox::start(opts()).await.unwrap();
    assert_eq!(
        restarted.user_secret(),
        user_secret,
        "kept in the state file"
    );
    let again = Env {
        sb: restarted,
        http: reqwest::Client::new(),
    };
    let got = again
        .call("appToken", "get", json!({"id": token["id"]}))
        .await;
    assert_eq!(got["token"], token["token"]);
    let info = start(&again, &got, json!({})).await;
    assert_eq!(info["sessionType"], 2, "{info}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("app_tokens") && text.contains("user_secret"));
}
