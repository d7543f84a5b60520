//! The sandbox's short-link service (`shortlink_shortlink`) and its `/tiny/{id}` redirect, as
//! kaltura/server's short-link plugin and Apache configuration serve them.

mod sandbox_support;

use sandbox_support::{Env, assert_error, now};
use serde_json::json;

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

const FULL: &str = "https://cdnapisec.kaltura.com/p/1000/embedPlaykitJs/uiconf_id/1?iframeembed=true&entry_id=0_abcdefgh&ks=djJ8MTAwMHw";

#[tokio::test]
async fn add_then_tiny_redirects_to_the_full_url() {
    let env = Env::start().await;
    let expires = now() + 3600;
    let link = env
        .call(
            "shortlink_shortlink",
            "add",
            json!({"shortLink": {"objectType": "KalturaShortLink", "fullUrl": FULL,
                "expiresAt": expires, "name": "attendee", "systemName": "kwebcast-attendee"}}),
        )
        .await;
    assert_eq!(link["objectType"], "KalturaShortLink", "{link}");
    let id = link["id"].as_str().expect("an ID").to_string();
    assert_eq!(id.len(), 4, "Kaltura's short IDs are 4 characters: {id}");
    assert!(
        id.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
    );
    assert_eq!(link["status"], 2, "ENABLED by default");
    assert_eq!(
        link["userId"], "admin@example.com",
        "the KS's user by default"
    );
    assert_eq!(link["expiresAt"], expires);
    assert_eq!(link["fullUrl"], FULL);

    let http = no_redirects();
    let tiny = http
        .get(env.url(&format!("/tiny/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(tiny.status(), 301, "Apache's RedirectMatch permanent");
    let goto = tiny.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(
        goto,
        format!("/api_v3/index.php?service=shortLink_shortLink&action=goto&id={id}")
    );
    let resp = http.get(env.url(&goto)).send().await.unwrap();
    assert_eq!(resp.status(), 302, "goto sends Location");
    assert_eq!(resp.headers()["location"].to_str().unwrap(), FULL);

    // A client that follows redirects lands on the full URL's host (not reachable here): check
    // the chain instead, and that get answers the same link.
    let got = env
        .call("shortlink_shortlink", "get", json!({"id": id}))
        .await;
    assert_eq!(got["fullUrl"], FULL);
    let listed = env
        .call(
            "shortlink_shortlink",
            "list",
            json!({"filter": {"objectType": "KalturaShortLinkFilter", "systemNameEqual": "kwebcast-attendee"}}),
        )
        .await;
    assert_eq!(listed["totalCount"], 1, "{listed}");
    assert_eq!(listed["objectType"], "KalturaShortLinkListResponse");
}

#[tokio::test]
async fn expired_and_deleted_links_still_redirect_as_kaltura_does() {
    // Kaltura's gotoAction checks neither expiresAt nor status: the KS inside the full URL is
    // what expires.
    let env = Env::start().await;
    let link = env
        .call(
            "shortlink_shortlink",
            "add",
            json!({"shortLink": {"objectType": "KalturaShortLink", "fullUrl": FULL,
                "expiresAt": now() - 10, "systemName": "old"}}),
        )
        .await;
    let id = link["id"].as_str().unwrap().to_string();
    let deleted = env
        .call("shortlink_shortlink", "delete", json!({"id": id}))
        .await;
    assert_eq!(deleted["status"], 3);
    let resp = no_redirects()
        .get(env.url(&format!(
            "/api_v3/index.php?service=shortLink_shortLink&action=goto&id={id}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 302);
    assert_eq!(resp.headers()["location"].to_str().unwrap(), FULL);
}

#[tokio::test]
async fn unknown_ids_and_bad_input_get_kalturas_errors() {
    let env = Env::start().await;
    let http = no_redirects();
    let resp = http
        .get(env.url("/api_v3/index.php?service=shortlink_shortlink&action=goto&id=zzzz&format=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_error(&body, "INVALID_OBJECT_ID");
    assert_eq!(body["message"], "Invalid object id [zzzz]");
    for path in ["/tiny/toolong", "/tiny/AB12", "/tiny/ab"] {
        let resp = http.get(env.url(path)).send().await.unwrap();
        assert_eq!(
            resp.status(),
            404,
            "{path}: RedirectMatch wants [0-9a-z]{{4}}"
        );
    }
    let v = env
        .call("shortlink_shortlink", "get", json!({"id": "zzzz"}))
        .await;
    assert_error(&v, "INVALID_OBJECT_ID");
    let v = env
        .call(
            "shortlink_shortlink",
            "add",
            json!({"shortLink": {"objectType": "KalturaShortLink", "fullUrl": "http://x", "systemName": "abc"}}),
        )
        .await;
    assert_error(&v, "PROPERTY_VALIDATION_MIN_LENGTH");
    assert_eq!(v["args"]["PROP_NAME"], "fullUrl");
    assert_eq!(v["args"]["MIN_LEN"], "10");
    let v = env
        .call(
            "shortlink_shortlink",
            "add",
            json!({"shortLink": {"objectType": "KalturaShortLink", "fullUrl": FULL}}),
        )
        .await;
    assert_error(&v, "PROPERTY_VALIDATION_CANNOT_BE_NULL");
    let user = env.user_ks("viewer", "");
    let v = env
        .call_ks(
            Some(&user),
            "shortlink_shortlink",
            "add",
            json!({"shortLink": {"objectType": "KalturaShortLink", "fullUrl": FULL, "systemName": "abc"}}),
        )
        .await;
    assert_error(&v, "SERVICE_FORBIDDEN");
    assert_eq!(v["args"]["SERVICE"], "shortlink_shortlink->add");
}

#[tokio::test]
async fn an_account_without_the_plugin_answers_service_forbidden() {
    let env = Env::start().await;
    env.set_faults(json!({"missing_plugins": ["shortLink"]}))
        .await;
    let v = env
        .call(
            "shortlink_shortlink",
            "add",
            json!({"shortLink": {"objectType": "KalturaShortLink", "fullUrl": FULL, "systemName": "abc"}}),
        )
        .await;
    assert_error(&v, "SERVICE_FORBIDDEN");
    assert_eq!(
        v["message"],
        "The access to service [shortlink_shortlink->add] is forbidden"
    );
}
