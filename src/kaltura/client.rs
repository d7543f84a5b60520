//! `KalturaClient`: sends [`ApiRequest`]s to a Kaltura server, alone or batched, with a KS.
//!
//! One pooled HTTPS client (rustls) per `KalturaClient`, shared by its clones. Every call has
//! one deadline (`timeout`) that its retries share, so a server that dribbles its answer out
//! holds a command for `timeout`, not `timeout × tries`; and every answer is read with a cap on
//! its decompressed size (`max_answer_bytes`). Read-only requests are retried on transient faults
//! (timeout, refused connection, 5xx/429, cut-short body) with exponential backoff and jitter, or
//! after the `Retry-After` a 429/503 asks for when that is at most [`MAX_RETRY_AFTER`] and fits
//! the deadline (a longer one is [`Error::Throttled`] at once); writes are never retried, since a
//! write that timed out may have happened. The KS comes from a [`KsProvider`] and is renewed
//! before it expires, and once more if Kaltura still says `INVALID_KS "EXPIRED"`.
//!
//! Public API:
//! - [`ClientConfig`] (`ClientConfig::new(service_url, partner_id, ks)` fills the defaults)
//! - [`KsProvider`]: `Fixed(ks)`, `Local {..}` (signed here), `SessionStart {..}` (`session.start`),
//!   `AppToken {..}` (an application token: no admin secret needed)
//! - `KalturaClient::new(config) -> Result<Self, Error>`
//! - `call(&req) -> Result<Value, Error>`, `call_as::<T>(&req) -> Result<T, Error>`
//! - `multirequest(&[req]) -> Result<Vec<Result<Value, Error>>, Error>`, [`decode`] for its slots
//! - `current_ks() -> Result<Option<String>, Error>`, `sign_ks(user, type, privileges, expires_at)`,
//!   `partner_id()`, `service_url()`, `ks_version()`, `auth_method()`
//! - `issue_user_kss(&[LinkKsRequest]) -> Result<Vec<IssuedKs>, Error>`: link KSs, signed here
//!   with the admin secret or minted with an app token (`link_ks.rs`)

mod app_token;
mod ks_provider;
mod link_ks;
mod link_tokens;
mod transport;

pub use app_token::AuthMethod;
pub use ks_provider::KsProvider;
pub use link_ks::{IssuedKs, LINK_TOKEN_DESCRIPTION, LinkKsRequest};
pub use link_tokens::LinkTokenStore;

use crate::kaltura::error::{Error, scrub};
use crate::kaltura::ks::{self, KsSpec, KsVersion, SessionType};
use crate::kaltura::services::session;
use crate::kaltura::wire::{self, ApiRequest, Common};
use ks_provider::KsCache;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;
use transport::Exchange;

/// The longest `Retry-After` we honour by waiting; a server asking for more gets
/// [`Error::Throttled`] instead of a hung command.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);

/// The default cap on one answer's decompressed body: a poll of 50 events with 500 recordings is
/// well under 2 MiB; more than this is a runaway or hostile answer.
pub const DEFAULT_MAX_ANSWER_BYTES: u64 = 8 << 20;

/// What a client needs to talk to one Kaltura account.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The account's base URL (`https://www.kaltura.com`, an on-prem host, the sandbox).
    pub service_url: String,
    /// The partner (account) ID.
    pub partner_id: i64,
    /// Where the KS comes from.
    pub ks: KsProvider,
    /// Our `clientTag` (`kwebcast:VERSION` by default).
    pub client_tag: String,
    /// The deadline of one call, connection to last byte, retries and their waits included.
    pub timeout: Duration,
    /// The most bytes of one answer (after decompression) read before failing with
    /// [`Error::TooLarge`].
    pub max_answer_bytes: u64,
    /// Extra tries for a read-only request after a transient fault.
    pub read_retries: u32,
    /// First backoff delay; doubled each retry (capped at 5 s) plus up to 50% jitter.
    pub retry_backoff: Duration,
    /// Where the single-purpose link tokens minted with an app token are kept between runs
    /// (`None`: in memory only, every run mints anew).
    pub link_tokens: Option<LinkTokenStore>,
}

impl ClientConfig {
    /// A configuration with the defaults: our client tag, a 30 s deadline per call, answers up to
    /// 8 MiB, 2 read retries, 250 ms first backoff.
    pub fn new(service_url: impl Into<String>, partner_id: i64, ks: KsProvider) -> Self {
        ClientConfig {
            service_url: service_url.into(),
            partner_id,
            ks,
            client_tag: wire::default_client_tag(),
            timeout: Duration::from_secs(30),
            max_answer_bytes: DEFAULT_MAX_ANSWER_BYTES,
            read_retries: 2,
            retry_backoff: Duration::from_millis(250),
            link_tokens: None,
        }
    }
}

/// A Kaltura API client. Cheap to clone (an `Arc` inside); clones share the connection pool and
/// the KS.
#[derive(Clone, Debug)]
pub struct KalturaClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    service_url: String,
    partner_id: i64,
    client_tag: String,
    timeout: Duration,
    max_answer_bytes: u64,
    read_retries: u32,
    retry_backoff: Duration,
    ks: KsCache,
    /// Serialises `session.start` so concurrent calls do not each open a session.
    session_start: tokio::sync::Mutex<()>,
    /// Link KSs minted with an app token, reused while comfortably valid.
    link_kss: link_ks::LinkKsCache,
    /// The link tokens kept between runs (see `link_tokens.rs`).
    link_tokens: Option<LinkTokenStore>,
}

/// Unix time now, seconds.
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl KalturaClient {
    /// Builds the client; fails on a service URL that is not http(s) or carries a user name or
    /// password (never echoed), a zero timeout or a zero answer cap.
    pub fn new(config: ClientConfig) -> Result<Self, Error> {
        let service_url = config.service_url.trim().trim_end_matches('/').to_string();
        // The URL is not echoed: it may hold a password.
        let parsed = url::Url::parse(&service_url)
            .map_err(|e| Error::Config(format!("the service URL is not a URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::Config(
                "the service URL must start with https:// or http://".into(),
            ));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(Error::Config(
                "the service URL must not carry a user name or password".into(),
            ));
        }
        if config.timeout.is_zero() {
            return Err(Error::Config(
                "the request timeout must be above zero".into(),
            ));
        }
        if config.max_answer_bytes == 0 {
            return Err(Error::Config(
                "the answer size limit must be above zero".into(),
            ));
        }
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(config.timeout.min(Duration::from_secs(10)))
            .pool_idle_timeout(Duration::from_secs(90))
            .user_agent(config.client_tag.clone())
            // A redirected POST would come back as a bodiless GET: report it instead.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(KalturaClient {
            inner: Arc::new(Inner {
                http,
                service_url,
                partner_id: config.partner_id,
                client_tag: config.client_tag,
                timeout: config.timeout,
                max_answer_bytes: config.max_answer_bytes,
                read_retries: config.read_retries,
                retry_backoff: config.retry_backoff,
                ks: KsCache::new(config.ks),
                session_start: tokio::sync::Mutex::new(()),
                link_kss: link_ks::LinkKsCache::default(),
                link_tokens: config.link_tokens,
            }),
        })
    }

    /// The partner this client acts for.
    pub fn partner_id(&self) -> i64 {
        self.inner.partner_id
    }

    /// The base URL, without a trailing slash (links and the Studio need it).
    pub fn service_url(&self) -> &str {
        &self.inner.service_url
    }

    /// The KS format used for signing (v2 unless a local provider says otherwise).
    pub fn ks_version(&self) -> KsVersion {
        match &self.inner.ks.provider {
            KsProvider::Local { version, .. } => *version,
            _ => KsVersion::V2,
        }
    }

    /// True when this client holds the admin secret and can sign link KSs.
    pub fn can_sign(&self) -> bool {
        self.inner.ks.provider.secret().is_some()
    }

    /// Signs a KS for someone else (an attendee, the moderator, the Studio) with the configured
    /// secret, so the webcast layer never has to hold the secret itself.
    pub fn sign_ks(
        &self,
        user_id: &str,
        session_type: SessionType,
        privileges: &str,
        expires_at: i64,
    ) -> Result<String, Error> {
        let secret = self.inner.ks.provider.secret().ok_or_else(|| {
            Error::Config("signing a KS needs the admin secret, and this client has none".into())
        })?;
        Ok(ks::sign(
            secret.expose(),
            &KsSpec {
                partner_id: self.inner.partner_id,
                user_id,
                session_type,
                expires_at,
                privileges,
            },
            self.ks_version(),
        ))
    }

    /// The KS the next call will carry, renewing it if due (`session.start` or the app-token
    /// steps may be called). Every provider yields `Some`; the `Option` leaves room for anonymous
    /// calls. For display, pass it through [`ks::redact`].
    pub async fn current_ks(&self) -> Result<Option<String>, Error> {
        self.current_ks_by(self.deadline()).await
    }

    /// The deadline of a call starting now.
    fn deadline(&self) -> Instant {
        Instant::now() + self.inner.timeout
    }

    /// [`KalturaClient::current_ks`] within a call's deadline (a `session.start` it needs shares it).
    async fn current_ks_by(&self, deadline: Instant) -> Result<Option<String>, Error> {
        let cache = &self.inner.ks;
        let now = now();
        if let Some(ks) = cache.fresh(now).or_else(|| cache.local_at(now)) {
            return Ok(Some(ks));
        }
        if matches!(cache.provider, KsProvider::AppToken { .. }) {
            let _guard = self.inner.session_start.lock().await;
            if let Some(ks) = cache.fresh(self::now()) {
                return Ok(Some(ks));
            }
            let session = self.app_token_session(deadline).await?;
            cache.store(session.ks.clone(), session.expires_at, session.life);
            return Ok(Some(session.ks));
        }
        let KsProvider::SessionStart {
            secret,
            user_id,
            session_type,
            privileges,
            ttl_secs,
        } = &cache.provider
        else {
            return Ok(None);
        };
        let _guard = self.inner.session_start.lock().await;
        if let Some(ks) = cache.fresh(now) {
            return Ok(Some(ks));
        }
        let req = session::start(
            secret,
            user_id,
            *session_type,
            self.inner.partner_id,
            *ttl_secs,
            privileges,
        );
        let expires_at = now.saturating_add(*ttl_secs);
        match self.send_call(&req, None, deadline).await? {
            Value::String(ks) if !ks.is_empty() => {
                cache.store(ks.clone(), expires_at, *ttl_secs);
                Ok(Some(ks))
            }
            other => Err(Error::Decode {
                call: req.name(),
                detail: format!("expected a KS string, got {}", kind_of(&other)),
            }),
        }
    }

    /// Sends one call and returns Kaltura's answer (an object, a string, a boolean or null), or
    /// the exception as [`Error::Api`].
    pub async fn call(&self, req: &ApiRequest) -> Result<Value, Error> {
        let deadline = self.deadline();
        let mut renewed = false;
        loop {
            let ks = if req.needs_ks() {
                self.current_ks_by(deadline).await?
            } else {
                None
            };
            match self.send_call(req, ks.as_deref(), deadline).await {
                Err(e) if e.is_expired_ks() && !renewed && self.inner.ks.provider.renewable() => {
                    tracing::debug!(target: "kwebcast::kaltura", call = %req.name(), "KS expired; renewing");
                    self.inner.ks.invalidate(ks.as_deref());
                    renewed = true;
                }
                other => return other.map_err(|e| self.explain_logout(e)),
            }
        }
    }

    /// Sends one call and reads the answer as `T` (a typed object, `bool`, `String`...).
    pub async fn call_as<T: DeserializeOwned>(&self, req: &ApiRequest) -> Result<T, Error> {
        decode(req, self.call(req).await?)
    }

    /// Sends several calls in one round-trip. Each slot holds its call's value or exception; the
    /// outer error is for the batch as a whole (transport, a non-array answer). Retried on
    /// transient faults only when every call is read-only. An empty batch sends nothing.
    pub async fn multirequest(
        &self,
        reqs: &[ApiRequest],
    ) -> Result<Vec<Result<Value, Error>>, Error> {
        if reqs.is_empty() {
            return Ok(Vec::new());
        }
        let name = transport::batch_name(reqs);
        let read_only = reqs.iter().all(|r| r.read_only);
        let url = wire::multirequest_url(&self.inner.service_url);
        let deadline = self.deadline();
        let mut renewed = false;
        loop {
            let ks = self.current_ks_by(deadline).await?;
            let body = wire::multirequest_body(reqs, &self.common(ks.as_deref()));
            let secrets = self.secrets(ks.as_deref());
            let answer = self
                .post_with_retries(&name, &url, &body, &secrets, read_only, deadline)
                .await?;
            let slots = transport::split_multi(&name, reqs, answer, &secrets)?;
            let all_expired = slots
                .iter()
                .all(|s| s.as_ref().is_err_and(Error::is_expired_ks));
            if all_expired && !renewed && self.inner.ks.provider.renewable() {
                tracing::debug!(target: "kwebcast::kaltura", call = %name, "KS expired; renewing");
                self.inner.ks.invalidate(ks.as_deref());
                renewed = true;
                continue;
            }
            let all_logged_out = slots.iter().all(|s| {
                s.as_ref()
                    .is_err_and(|e| e.exception().is_some_and(|x| x.is_logged_out()))
            });
            if all_logged_out && self.inner.ks.provider.app_token().is_some() {
                if let Some(Err(e)) = slots.into_iter().next() {
                    return Err(self.explain_logout(e));
                }
                return Ok(Vec::new());
            }
            return Ok(slots);
        }
    }

    fn common<'a>(&'a self, ks: Option<&'a str>) -> Common<'a> {
        Common {
            ks,
            client_tag: &self.inner.client_tag,
            api_version: wire::API_VERSION,
        }
    }

    fn secrets<'a>(&'a self, ks: Option<&'a str>) -> Vec<&'a str> {
        let mut secrets: Vec<&str> = ks.into_iter().collect();
        if let Some(secret) = self.inner.ks.provider.secret() {
            secrets.push(secret.expose());
        }
        if let Some(token) = self.inner.ks.provider.app_token() {
            secrets.push(token.token.expose());
        }
        secrets
    }

    /// One call with a given KS: encode, send (with retries when read-only), check for an
    /// exception.
    async fn send_call(
        &self,
        req: &ApiRequest,
        ks: Option<&str>,
        deadline: Instant,
    ) -> Result<Value, Error> {
        let name = req.name();
        let url = wire::call_url(&self.inner.service_url, req);
        let body = wire::call_body(req, &self.common(ks));
        let secrets = self.secrets(ks);
        let answer = self
            .post_with_retries(&name, &url, &body, &secrets, req.read_only, deadline)
            .await?;
        transport::check_exception(&name, answer, &secrets)
    }

    /// Sends until an answer, a non-transient failure, the last retry or the deadline. Only
    /// read-only requests are retried; the wait is the backoff, or the server's `Retry-After`
    /// when it gave one that is at most [`MAX_RETRY_AFTER`] and ends before the deadline.
    async fn post_with_retries(
        &self,
        call: &str,
        url: &str,
        body: &Value,
        secrets: &[&str],
        read_only: bool,
        deadline: Instant,
    ) -> Result<Value, Error> {
        let mut attempt = 1;
        loop {
            let exchange = Exchange {
                call,
                url,
                body,
                secrets,
                attempt,
                max_answer_bytes: self.inner.max_answer_bytes,
            };
            let outcome = tokio::time::timeout_at(
                deadline,
                transport::post_json(&self.inner.http, &exchange),
            )
            .await
            .unwrap_or_else(|_| transport::Outcome {
                result: Err(Error::Timeout {
                    call: call.to_string(),
                    limit: self.inner.timeout,
                }),
                retry_after: None,
            });
            let error = match outcome.result {
                Ok(value) => return Ok(value),
                Err(e) => e,
            };
            if let (Some(wait), Error::HttpStatus { status, .. }) = (outcome.retry_after, &error) {
                let left = deadline.saturating_duration_since(Instant::now());
                if wait > MAX_RETRY_AFTER || wait >= left {
                    tracing::debug!(target: "kwebcast::kaltura", call, attempt, status,
                        retry_after_secs = wait.as_secs(), "Retry-After beyond what we wait");
                    return Err(Error::Throttled {
                        call: call.to_string(),
                        status: *status,
                        retry_after_secs: wait.as_secs(),
                        waits_secs: MAX_RETRY_AFTER.min(left).as_secs(),
                    });
                }
            }
            if !(read_only && error.is_transient() && attempt <= self.inner.read_retries) {
                return Err(error);
            }
            let delay = outcome
                .retry_after
                .unwrap_or_else(|| backoff(self.inner.retry_backoff, attempt));
            if Instant::now() + delay >= deadline {
                // No time left for another try: the fault we have is the answer.
                return Err(error);
            }
            tracing::debug!(target: "kwebcast::kaltura", call, attempt, error = %error,
                delay_ms = delay.as_millis() as u64, "transient fault; retrying");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }
}

/// The delay before retry number `attempt` (1-based): `base × 2^(attempt-1)`, capped at 5 s, plus
/// up to half as much again at random so that many clients do not retry in step.
fn backoff(base: Duration, attempt: u32) -> Duration {
    use rand::Rng;
    let exp = base
        .saturating_mul(1u32 << (attempt - 1).min(16))
        .min(Duration::from_secs(5));
    let jitter_ms = exp.as_millis() as u64 / 2;
    exp + Duration::from_millis(rand::thread_rng().gen_range(0..=jitter_ms))
}

/// Reads an answer (a [`KalturaClient::call`] result or a multirequest slot) as `T`; a shape
/// that does not fit is [`Error::Decode`] naming `req`.
pub fn decode<T: DeserializeOwned>(req: &ApiRequest, value: Value) -> Result<T, Error> {
    serde_json::from_value(value).map_err(|e| Error::Decode {
        call: req.name(),
        detail: scrub(&e.to_string(), &[]),
    })
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "an empty string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let base = Duration::from_millis(100);
        let first = backoff(base, 1);
        assert!(first >= base && first <= base * 3 / 2);
        let third = backoff(base, 3);
        assert!(third >= base * 4 && third <= base * 6);
        assert!(backoff(base, 30) <= Duration::from_millis(7_500));
    }

    #[test]
    fn bad_configs_are_refused() {
        let ks = || KsProvider::Fixed("x".into());
        assert!(matches!(
            KalturaClient::new(ClientConfig::new("www.kaltura.com", 1, ks())),
            Err(Error::Config(_))
        ));
        assert!(matches!(
            KalturaClient::new(ClientConfig::new("ftp://x", 1, ks())),
            Err(Error::Config(_))
        ));
        let mut zero = ClientConfig::new("https://x", 1, ks());
        zero.timeout = Duration::ZERO;
        assert!(matches!(KalturaClient::new(zero), Err(Error::Config(_))));
        let mut no_answer = ClientConfig::new("https://x", 1, ks());
        no_answer.max_answer_bytes = 0;
        assert!(matches!(
            KalturaClient::new(no_answer),
            Err(Error::Config(_))
        ));
        match KalturaClient::new(ClientConfig::new("https://op:hunter2@x.example", 1, ks())) {
            Err(Error::Config(m)) => assert!(!m.contains("hunter2") && !m.contains("op:"), "{m}"),
            other => panic!("{other:?}"),
        }
        let ok =
            KalturaClient::new(ClientConfig::new("https://www.kaltura.com/", 7, ks())).unwrap();
        assert_eq!(ok.service_url(), "https://www.kaltura.com");
        assert_eq!(ok.partner_id(), 7);
        assert!(!ok.can_sign());
        assert!(matches!(
            ok.sign_ks("u", SessionType::User, "", 1),
            Err(Error::Config(_))
        ));
    }
}
