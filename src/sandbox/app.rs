//! The shared state of a running sandbox and the dispatcher that runs one Kaltura call through
//! Kaltura's checks in Kaltura's order: service/action exist → KS parses → parameters
//! deserialise → KS valid (expiry) → ownership → permission → the action.

use super::auth::{self, Caller};
use super::errors::{self, ApiError};
use super::faults::Faults;
use super::params::{self, Params};
use super::services;
use super::stats::Stats;
use super::store::{Store, now_ms};
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

/// Everything the request handlers share.
pub struct App {
    /// The partner's objects; a plain mutex: every action is short and never awaits.
    pub store: Mutex<Store>,
    /// Injected faults now in force.
    pub faults: Mutex<Faults>,
    /// Request counters.
    pub stats: Stats,
    /// When each KS was first seen (for `ks_ttl_secs`), milliseconds.
    pub ks_first_seen: Mutex<HashMap<String, i64>>,
    /// The partner's admin secret.
    pub admin_secret: String,
    /// The partner's user secret.
    pub user_secret: String,
    /// Divides lifecycle delays.
    pub speed: f64,
    /// `--auto-live-after`.
    pub auto_live_after: Option<Duration>,
    /// Where to persist the store, if anywhere.
    pub state_file: Option<PathBuf>,
    /// Serialises state writes; holds the generation last written.
    pub persisted: Mutex<u64>,
    /// `http://host:port` of this sandbox (thumbnail URLs).
    pub base_url: String,
    /// The partner (constant; kept here so KSs are verified outside the store lock).
    pub partner_id: i64,
    /// KSs already verified (decryption and hashing skipped on reuse, as Kaltura caches them).
    pub ks_cache: Mutex<HashMap<String, auth::Caller>>,
    /// `liveStream.getLiveStreamStats` answers per entry: (viewers, when, ms), kept 20 s ÷ speed
    /// as Kaltura's cache keeps them.
    pub stats_cache: Mutex<HashMap<String, (i64, i64)>>,
    /// The in-process sandbox's state file, shared with other kwebcast processes (reloaded and
    /// saved around every request); `None` for a sandbox of its own.
    pub shared: Option<super::shared::SharedFile>,
}

/// The service names Kaltura knows here, as clients send them (lower-cased, plugin prefix
/// stripped) → canonical camelCase name and its actions (lower-cased → canonical).
fn resolve(service: &str, action: &str) -> Result<(&'static str, &'static str), ApiError> {
    let s = service.to_ascii_lowercase();
    let key = s
        .strip_prefix("metadata_")
        .or_else(|| s.strip_prefix("shortlink_"))
        .unwrap_or(&s);
    let (canonical, actions): (&'static str, &'static [&'static str]) = match key {
        "session" => ("session", &["start", "get", "startWidgetSession"]),
        "apptoken" => (
            "appToken",
            &["add", "get", "list", "update", "delete", "startSession"],
        ),
        "livestream" => (
            "liveStream",
            &[
                "add",
                "get",
                "update",
                "delete",
                "list",
                "isLive",
                "getLiveStreamStats",
            ],
        ),
        "entryservernode" => ("entryServerNode", &["list"]),
        "report" => ("report", &["getGraphs"]),
        "baseentry" => ("baseEntry", &["get", "list", "delete"]),
        "media" => ("media", &["get", "list", "delete"]),
        "conversionprofile" => (
            "conversionProfile",
            &["list", "get", "getDefault", "update"],
        ),
        "metadataprofile" => ("metadataProfile", &["list", "get"]),
        "metadata" => ("metadata", &["add", "update", "list", "get"]),
        "uiconf" => ("uiConf", &["listTemplates", "list", "get"]),
        "shortlink" => (
            "shortLink",
            &["add", "get", "list", "update", "delete", "goto"],
        ),
        _ => return Err(errors::service_not_exists(&s)),
    };
    let a = action.to_ascii_lowercase();
    let a = if a == "deleteaction" {
        "delete".to_string()
    } else {
        a
    };
    actions
        .iter()
        .find(|x| x.eq_ignore_ascii_case(&a))
        .map(|x| (canonical, *x))
        .ok_or_else(|| errors::action_not_exists(&a, &s))
}

/// `service->action` in lower case, as `SERVICE_FORBIDDEN` names it (a plugin's service by its
/// plugin-prefixed ID, e.g. `shortlink_shortlink->add`).
fn forbidden_name(service: &str, action: &str) -> String {
    let service = service.to_ascii_lowercase();
    let service = match service.as_str() {
        "shortlink" => "shortlink_shortlink".to_string(),
        _ => service,
    };
    format!("{service}->{}", action.to_ascii_lowercase())
}

/// One call being executed: who calls, with what, when.
pub struct Ctx<'a> {
    /// The caller after the KS was parsed and verified.
    pub caller: Caller,
    /// The call's parameters.
    pub params: &'a Params,
    /// Wall-clock milliseconds.
    pub now_ms: i64,
    /// The app (options, secrets).
    pub app: &'a App,
    /// The canonical service name.
    pub service: &'static str,
    /// The canonical action name.
    pub action: &'static str,
    /// Whether the KS is treated as expired (real expiry or `ks_ttl_secs`).
    expired: bool,
    /// Whether the KS was logged out (its app token was deleted).
    revoked: bool,
}

impl Ctx<'_> {
    /// Wall-clock seconds.
    pub fn now(&self) -> i64 {
        self.now_ms / 1000
    }

    /// `service->action` in lower case, as `SERVICE_FORBIDDEN` names it.
    fn forbidden_name(&self) -> String {
        forbidden_name(self.service, self.action)
    }

    /// The "KS valid" and "permission" steps: expiry, then a KS (or a partner) at all, then
    /// actions a user KS may not call. Actions call it right after reading their parameters.
    pub fn authorize(&self, admin_only: bool) -> Result<(), ApiError> {
        match &self.caller {
            Caller::Anonymous => Err(errors::missing_ks()),
            Caller::PartnerOnly => Err(errors::service_forbidden(&self.forbidden_name())),
            Caller::Session(_) if self.expired => Err(errors::expired_ks()),
            Caller::Session(_) if self.revoked => Err(self.logged_out()),
            Caller::Session(_) if admin_only && !self.caller.is_admin() => {
                Err(errors::service_forbidden(&self.forbidden_name()))
            }
            Caller::Session(_) => Ok(()),
        }
    }

    /// Like [`Ctx::authorize`] for actions that also work without any KS (`isLive`).
    pub fn authorize_optional(&self) -> Result<(), ApiError> {
        match &self.caller {
            Caller::Session(_) if self.expired => Err(errors::expired_ks()),
            Caller::Session(_) if self.revoked => Err(self.logged_out()),
            _ => Ok(()),
        }
    }

    fn logged_out(&self) -> ApiError {
        errors::logged_out_ks(&params::opt_str(self.params, "ks").unwrap_or_default())
    }
}

impl App {
    /// Runs one call and returns its result or its exception object (never fails).
    pub fn call(&self, service: &str, action: &str, params: &Params) -> Value {
        match self.try_call(service, action, params) {
            Ok(v) => v,
            Err(e) => e.to_value(),
        }
    }

    fn try_call(&self, service: &str, action: &str, params: &Params) -> Result<Value, ApiError> {
        let resolved = resolve(service, action);
        match &resolved {
            Ok((s, a)) => self.stats.call(s, a),
            Err(_) => self.stats.call(service, action),
        }
        let (svc, act) = resolved?;
        let missing_plugin = self
            .faults
            .lock()
            .map(|f| {
                f.missing_plugins
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case(svc))
            })
            .unwrap_or(false);
        if missing_plugin {
            return Err(errors::service_forbidden(&forbidden_name(svc, act)));
        }
        let partner_id = self.partner_id;
        let ks_raw = params::opt_str(params, "ks");
        let caller = self.caller(ks_raw.as_deref(), params, partner_id)?;
        let now = now_ms();
        let expired = match caller.ks() {
            Some(info) => info.is_expired(now / 1000) || self.ks_too_old(ks_raw.as_deref(), now),
            None => false,
        };
        let profile = super::response_profile::ResponseProfile::read(params)?;
        let mut answer = self.with_store(|store| {
            store.index_clock = self.index_clock(now);
            super::lifecycle::advance(store, now, self.speed);
            let revoked = caller
                .ks()
                .and_then(|k| k.privilege("sessionid"))
                .is_some_and(|id| services::is_revoked(store, id));
            let ctx = Ctx {
                caller,
                params,
                now_ms: now,
                app: self,
                service: svc,
                action: act,
                expired,
                revoked,
            };
            services::dispatch(svc, act, store, &ctx)
        })??;
        if let Some(profile) = profile {
            profile.apply(&mut answer);
        }
        Ok(answer)
    }

    /// Runs `f` on the partner's store: under the state file's lock, brought up to date first
    /// and saved after, when the file is shared with other processes (`shared.rs`); an
    /// unreadable file is an internal error (logged), never overwritten.
    pub fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> Result<R, ApiError> {
        match &self.shared {
            Some(shared) => shared
                .section(&self.store, self.partner_id, f)
                .map_err(|e| {
                    tracing::warn!("sandbox state: {e}");
                    errors::internal()
                }),
            None => {
                let mut store = self.store.lock().map_err(|_| errors::internal())?;
                Ok(f(&mut store))
            }
        }
    }

    /// Parses and verifies the KS, from the cache when this exact string verified before.
    fn caller(
        &self,
        ks: Option<&str>,
        params: &Params,
        partner_id: i64,
    ) -> Result<Caller, ApiError> {
        let cacheable = ks.filter(|k| !k.trim().is_empty());
        if let Some(k) = cacheable
            && let Some(hit) = self.ks_cache.lock().ok().and_then(|c| c.get(k).cloned())
        {
            return Ok(hit);
        }
        let caller = auth::parse_ks(
            ks,
            params::opt_str(params, "partnerId").is_some(),
            partner_id,
            [&self.admin_secret, &self.user_secret],
        )?;
        if let (Some(k), Ok(mut cache)) = (cacheable, self.ks_cache.lock()) {
            if cache.len() >= 10_000 {
                cache.clear(); // bound the memory; verification is only a cost, never a state
            }
            cache.insert(k.to_string(), caller.clone());
        }
        Ok(caller)
    }

    /// The clock and search-index lag a call (or a control step) at `now_ms` runs with.
    pub fn index_clock(&self, now_ms: i64) -> super::store::IndexClock {
        let lag = self.faults.lock().map(|f| f.index_lag_ms).unwrap_or(0);
        super::store::IndexClock {
            now_ms,
            lag_ms: i64::try_from(lag).unwrap_or(i64::MAX / 2),
        }
    }

    /// `ks_ttl_secs`: a KS first seen longer ago than the TTL is treated as expired.
    fn ks_too_old(&self, ks: Option<&str>, now: i64) -> bool {
        let ttl = self.faults.lock().map(|f| f.ks_ttl_secs).unwrap_or(0);
        let (Some(ks), true) = (ks, ttl > 0) else {
            return false;
        };
        let Ok(mut seen) = self.ks_first_seen.lock() else {
            return false;
        };
        if seen.len() > 100_000 {
            seen.clear(); // bound the memory of a long-running sandbox
        }
        let first = *seen.entry(ks.to_string()).or_insert(now);
        now - first > (ttl as i64) * 1000
    }

    /// A multirequest: sub-calls in numeric order, `{N:result:...}` references resolved
    /// against earlier results, the common parameters copied in; always an array.
    pub fn multirequest(&self, params: &Params) -> Value {
        self.stats.multirequest();
        let calls = super::multirequest::split(params);
        let mut results: Vec<Value> = Vec::with_capacity(calls.len());
        for (service, action, mut sub) in calls {
            super::multirequest::resolve_refs(&mut sub, &results);
            let result = self.call(&service, &action, &sub);
            results.push(result);
        }
        Value::Array(results)
    }
}
