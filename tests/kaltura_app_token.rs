//! `KalturaClient` signing in with an application token against the built-in sandbox (whose
//! app tokens are proven with Kaltura's official clients): one session per run opened with two
//! round-trips and shared by concurrent calls, renewed before the life the token granted runs
//! out and once more when Kaltura says it expired; link KSs minted in two round-trips for any
//! number of links and then served from the cache; a session that may not create tokens, and a
//! token revoked while running, each said in one sentence.

use kwebcast::kaltura::app_token::{AppTokenCredentials, TokenHash};
use kwebcast::kaltura::client::{ClientConfig, KalturaClient, KsProvider, LinkKsRequest};
use kwebcast::kaltura::error::Error;
use kwebcast::kaltura::ks::{self, KsVersion, SessionType};
use kwebcast::kaltura::secret::{AdminSecret, AppTokenSecret};
use kwebcast::kaltura::services::app_token::{self, NewAppToken};
use kwebcast::kaltura::services::{EntryFilter, Pager, live_stream};
use kwebcast::kaltura::types::{AppTokenObject, ListResponse};
use kwebcast::sandbox::{Sandbox, SandboxOptions};
use serde_json::Value;
use std::time::{Duration, Instant};

async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxOptions {
        speed: 1000.0,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox starts")
}

fn client(sb: &Sandbox, provider: KsProvider) -> KalturaClient {
    let mut config = ClientConfig::new(sb.url(), sb.partner_id(), provider);
    config.retry_backoff = Duration::from_millis(5);
    KalturaClient::new(config).unwrap()
}

fn admin(sb: &Sandbox) -> KalturaClient {
    client(
        sb,
        KsProvider::Local {
            secret: AdminSecret::new(sb.admin_secret()),
            partner_id: sb.partner_id(),
            user_id: "admin@example.com".into(),
            session_type: SessionType::Admin,
            privileges: "disableentitlement".into(),
            ttl_secs: 3600,
            version: KsVersion::V2,
        },
    )
}

/// An administrator's token.
async fn token(sb: &Sandbox, fields: NewAppToken) -> AppTokenCredentials {
    let made: AppTokenObject = admin(sb)
        .call_as(&app_token::add(&fields))
        .await
        .expect("appToken.add");
    AppTokenCredentials {
        id: made.id,
        token: made.token,
        hash: TokenHash::parse(&made.hash_type).expect("a hash type"),
    }
}

fn operator_fields(duration: Option<i64>) -> NewAppToken {
    NewAppToken {
        session_type: Some(SessionType::Admin),
        hash_type: Some(TokenHash::Sha256),
        session_duration: duration,
        ..NewAppToken::default()
    }
}

fn with_token(sb: &Sandbox, credentials: AppTokenCredentials) -> KalturaClient {
    client(
        sb,
        KsProvider::AppToken {
            credentials,
            user_id: "op@example.com".into(),
            session_type: SessionType::Admin,
            ttl_secs: 86_400,
            source: "the test".into(),
        },
    )
}

async fn stats(sb: &Sandbox) -> Value {
    reqwest::get(format!("{}/sandbox/stats", sb.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn count(sb: &Sandbox, call: &str) -> u64 {
    stats(sb).await["calls"][call].as_u64().unwrap_or(0)
}

async fn list(c: &KalturaClient) -> Result<ListResponse<Value>, Error> {
    c.call_as(&live_stream::list(
        &EntryFilter::default(),
        Some(&Pager::first(1)),
    ))
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_session_for_concurrent_calls_renewed_by_the_life_granted() {
    let sb = sandbox().await;
    // Asked for a day, granted 4 s by the token: renewed from 3 s on (a quarter of its life).
    let c = with_token(&sb, token(&sb, operator_fields(Some(4))).await);
    let calls: Vec<_> = (0..8).map(|_| list(&c)).collect();
    for r in futures::future::join_all(calls).await {
        r.expect("listed with the token's session");
    }
    assert_eq!(
        count(&sb, "appToken.startSession").await,
        1,
        "one session for all"
    );
    assert_eq!(count(&sb, "session.startWidgetSession").await, 1);
    let first = c.current_ks().await.unwrap().unwrap();
    let info = ks::verify(&first, sb.admin_secret()).unwrap();
    assert_eq!(info.session_type, SessionType::Admin);
    assert_eq!(info.user_id, "op@example.com");

    let deadline = Instant::now() + Duration::from_secs(30);
    while count(&sb, "appToken.startSession").await < 2 {
        assert!(Instant::now() < deadline, "never renewed");
        list(&c)
            .await
            .expect("calls keep working across the renewal");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_ne!(
        c.current_ks().await.unwrap().unwrap(),
        first,
        "a new session"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_kaltura_calls_expired_is_renewed_once() {
    let sb = sandbox().await;
    let c = with_token(&sb, token(&sb, operator_fields(None)).await);
    // From now on the sandbox treats a KS first seen over a second ago as expired.
    let faults = serde_json::json!({"ks_ttl_secs": 1});
    reqwest::Client::new()
        .post(format!("{}/sandbox/faults", sb.url()))
        .json(&faults)
        .send()
        .await
        .unwrap();
    list(&c).await.unwrap();
    tokio::time::sleep(Duration::from_millis(2100)).await;
    list(&c).await.expect("renewed after INVALID_KS EXPIRED");
    assert_eq!(count(&sb, "appToken.startSession").await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn link_kss_cost_two_round_trips_for_all_then_none_while_cached() {
    let sb = sandbox().await;
    let c = with_token(&sb, token(&sb, operator_fields(None)).await);
    list(&c).await.unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let reqs: Vec<LinkKsRequest> = (0..3)
        .map(|i| LinkKsRequest {
            user_id: format!("viewer{i}"),
            privileges: format!("sview:0_e{i},enableentitlement"),
            expires_at: now + 7200,
            purpose: format!("attendee link {i}"),
        })
        .collect();
    let before = stats(&sb).await["http_requests"].as_u64().unwrap();
    let issued = c.issue_user_kss(&reqs).await.expect("minted");
    let after = stats(&sb).await["http_requests"].as_u64().unwrap();
    assert_eq!(
        after - before,
        2,
        "one multirequest of adds, one of startSessions"
    );
    assert_eq!(issued.len(), 3);
    for (i, k) in issued.iter().enumerate() {
        let info = ks::verify(&k.ks, sb.admin_secret()).unwrap();
        assert_eq!(info.session_type, SessionType::User);
        assert_eq!(info.user_id, format!("viewer{i}"));
        assert_eq!(
            info.privilege_values("sview").collect::<Vec<_>>(),
            [format!("0_e{i}")]
        );
        assert!(
            (now + 7190..=now + 7210).contains(&k.expires_at),
            "{}",
            k.expires_at
        );
        assert_eq!(k.expires_at, info.expires_at);
    }
    let again = c.issue_user_kss(&reqs).await.unwrap();
    assert_eq!(
        stats(&sb).await["http_requests"].as_u64().unwrap(),
        after,
        "served from the cache"
    );
    assert_eq!(again, issued);
    // A link that must not outlive a shorter expiry is minted anew.
    let shorter = LinkKsRequest {
        expires_at: now + 600,
        ..reqs[0].clone()
    };
    let fresh = c.issue_user_kss(&[shorter]).await.unwrap();
    assert_ne!(fresh[0].ks, issued[0].ks);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_that_may_not_create_tokens_cannot_mint_links_and_says_so() {
    let sb = sandbox().await;
    let user_token = token(
        &sb,
        NewAppToken {
            session_type: Some(SessionType::User),
            hash_type: Some(TokenHash::Sha256),
            ..NewAppToken::default()
        },
    )
    .await;
    let c = with_token(&sb, user_token);
    let req = LinkKsRequest {
        user_id: "viewer".into(),
        privileges: "sview:0_x".into(),
        expires_at: 4_000_000_000,
        purpose: "attendee link for 0_x".into(),
    };
    let e = c.issue_user_kss(&[req]).await.unwrap_err();
    let text = e.to_string();
    assert!(matches!(e, Error::Credentials { .. }), "{e:?}");
    assert_eq!(e.code(), Some("SERVICE_FORBIDDEN"));
    assert!(
        text.starts_with("cannot make the attendee link for 0_x without the admin secret"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_revoked_while_running_logs_the_session_out_in_one_sentence() {
    let sb = sandbox().await;
    let credentials = token(&sb, operator_fields(None)).await;
    let id = credentials.id.clone();
    let c = with_token(&sb, credentials);
    list(&c).await.unwrap();
    admin(&sb)
        .call(&app_token::delete(&id))
        .await
        .expect("appToken.delete");
    let e = list(&c).await.unwrap_err();
    assert!(matches!(e, Error::Credentials { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!(
            "Kaltura logged out the session of the app token {id}: the token was revoked (deleted); ask the account's administrator for a new token"
        )
    );
    // And a fresh start is refused as not active, in its own sentence.
    let again = with_token(
        &sb,
        AppTokenCredentials {
            id: id.clone(),
            token: AppTokenSecret::new("00000000000000000000000000000000"),
            hash: TokenHash::Sha256,
        },
    );
    let e = list(&again).await.unwrap_err();
    assert_eq!(e.code(), Some("APP_TOKEN_NOT_ACTIVE"));
}
