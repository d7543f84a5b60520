//! Shared helpers for the sandbox tests: a sandbox on 127.0.0.1:0, KSs signed with its secret,
//! and raw HTTP calls with reqwest (never our client: the sandbox is tested as Kaltura is).
#![allow(dead_code)]

use kwebcast::kaltura::ks::{self, KsSpec, KsVersion, SessionType};
use kwebcast::sandbox::{Sandbox, SandboxOptions};
use serde_json::{Value, json};
use std::time::Duration;

/// A running sandbox and an HTTP client for it.
pub struct Env {
    pub sb: Sandbox,
    pub http: reqwest::Client,
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Options for a fast test sandbox (speed 1000: lifecycle delays of milliseconds).
pub fn fast_options() -> SandboxOptions {
    SandboxOptions {
        speed: 1000.0,
        ..SandboxOptions::default()
    }
}

impl Env {
    pub async fn start() -> Env {
        Env::start_with(fast_options()).await
    }

    pub async fn start_with(opts: SandboxOptions) -> Env {
        let sb = Sandbox::start(opts).await.expect("sandbox starts");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .expect("client");
        Env { sb, http }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.sb.url(), path)
    }

    pub fn ks(&self, typ: SessionType, user: &str, privileges: &str, version: KsVersion) -> String {
        let spec = KsSpec {
            partner_id: self.sb.partner_id(),
            user_id: user,
            session_type: typ,
            expires_at: now() + 3600,
            privileges,
        };
        ks::sign(self.sb.admin_secret(), &spec, version)
    }

    pub fn admin_ks(&self) -> String {
        self.ks(
            SessionType::Admin,
            "admin@example.com",
            "disableentitlement",
            KsVersion::V2,
        )
    }

    pub fn user_ks(&self, user: &str, privileges: &str) -> String {
        self.ks(SessionType::User, user, privileges, KsVersion::V2)
    }

    /// A JSON POST to `/api_v3/service/{s}/action/{a}` as the Node client sends it.
    pub async fn call_ks(
        &self,
        ks: Option<&str>,
        service: &str,
        action: &str,
        mut params: Value,
    ) -> Value {
        params["format"] = json!(1);
        if let Some(ks) = ks {
            params["ks"] = json!(ks);
        }
        let resp = self
            .http
            .post(self.url(&format!("/api_v3/service/{service}/action/{action}")))
            .json(&params)
            .send()
            .await
            .expect("request");
        assert_eq!(resp.status(), 200, "{service}.{action} answers HTTP 200");
        resp.json().await.expect("JSON answer")
    }

    /// A call with the admin KS.
    pub async fn call(&self, service: &str, action: &str, params: Value) -> Value {
        let ks = self.admin_ks();
        self.call_ks(Some(&ks), service, action, params).await
    }

    /// A form-encoded POST to any path.
    pub async fn form(&self, path: &str, pairs: &[(&str, &str)]) -> Value {
        let resp = self
            .http
            .post(self.url(path))
            .form(pairs)
            .send()
            .await
            .expect("request");
        assert_eq!(resp.status(), 200);
        resp.json().await.expect("JSON answer")
    }

    /// `POST /sandbox/...` without a body.
    pub async fn control(&self, path: &str) -> (u16, Value) {
        let resp = self
            .http
            .post(self.url(path))
            .send()
            .await
            .expect("request");
        let status = resp.status().as_u16();
        (status, resp.json().await.expect("JSON answer"))
    }

    pub async fn set_faults(&self, faults: Value) -> Value {
        let resp = self
            .http
            .post(self.url("/sandbox/faults"))
            .json(&faults)
            .send()
            .await
            .expect("request");
        assert_eq!(resp.status(), 200);
        resp.json().await.expect("JSON")
    }

    pub async fn stats(&self) -> Value {
        self.http
            .get(self.url("/sandbox/stats"))
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("JSON")
    }

    /// The seed's live entry (reference section 3, step 2).
    pub async fn add_live(&self, name: &str) -> Value {
        self.add_live_ks(&self.admin_ks(), name).await
    }

    pub async fn add_live_ks(&self, ks: &str, name: &str) -> Value {
        let entry = self
            .call_ks(Some(ks), "livestream", "add", json!({
                "liveStreamEntry": {
                    "objectType": "KalturaLiveStreamEntry", "name": name, "description": "d",
                    "mediaType": 201, "sourceType": "32", "dvrStatus": 1, "dvrWindow": 60,
                    "recordStatus": 2, "explicitLive": 1, "pushPublishEnabled": 0,
                    "adminTags": "vpaas-webcast", "entitledUsersEdit": "moderator",
                    "recordingOptions": {"objectType": "KalturaLiveEntryRecordingOptions",
                        "shouldCopyEntitlement": 1, "shouldMakeHidden": 1, "shouldAutoArchive": 1},
                },
                "sourceType": "32",
            }))
            .await;
        assert_eq!(entry["objectType"], "KalturaLiveStreamEntry", "{entry}");
        entry
    }

    /// Polls `f` until it returns Some, for at most ~10 s (the sandbox runs at speed 1000).
    pub async fn wait_for<T, F, Fut>(&self, what: &str, mut f: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Option<T>>,
    {
        for _ in 0..400 {
            if let Some(v) = f().await {
                return v;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("timed out waiting for {what}");
    }
}

/// Asserts an exception with this code, returns it.
pub fn assert_error(v: &Value, code: &str) {
    assert_eq!(
        v["objectType"], "KalturaAPIException",
        "expected {code}, got {v}"
    );
    assert_eq!(v["code"], code, "{v}");
}
