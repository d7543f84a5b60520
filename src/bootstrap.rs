//! Choosing the backend: the configured Kaltura account, or — with no credentials, or with
//! `--sandbox` — the built-in sandbox started in-process on a free loopback port.
//!
//! Everything after the bootstrap sees the same [`Settings`] either way (partner, secret and
//! service URL filled in), so the CLI and the dashboard never branch on "is this the sandbox"
//! except to say so.

use crate::config::Settings;
use crate::kaltura::client::{ClientConfig, KalturaClient, KsProvider, LinkTokenStore};
use crate::kaltura::ks::SessionType;
use crate::kaltura::secret::AdminSecret;
use crate::sandbox::{Sandbox, SandboxError, SandboxOptions};
use crate::webcast::{AttendeeExpiry, Journal, WatchdogConfig, Webcast, WebcastSettings};

/// Privileges of the operator's admin KS: entitlement off, as Kaltura's own tools do, so the
/// operator sees every event of the account.
pub const ADMIN_PRIVILEGES: &str = "disableentitlement";

pub use crate::webcast::journal::SANDBOX_JOURNAL_SCHEME;

/// What the settings point at.
pub enum Backend {
    /// A real Kaltura account (SaaS or on-prem).
    Account,
    /// The in-process sandbox; it stops when this value is dropped.
    Sandbox(Sandbox),
}

impl Backend {
    /// True for the sandbox.
    pub fn is_sandbox(&self) -> bool {
        matches!(self, Backend::Sandbox(_))
    }

    /// The sandbox's URL, for the dashboard's SANDBOX label and its broadcast keys.
    pub fn sandbox_url(&self) -> Option<String> {
        match self {
            Backend::Sandbox(s) => Some(s.url()),
            Backend::Account => None,
        }
    }

    /// Stops the sandbox cleanly (writes nothing for an account).
    pub async fn shutdown(self) {
        if let Backend::Sandbox(s) = self {
            s.shutdown().await;
        }
    }
}

/// Starts the sandbox when the settings hold no account (or `--sandbox` was given) and returns
/// the settings completed with the backend's URL, partner and secret.
pub async fn connect(mut settings: Settings) -> Result<(Backend, Settings), SandboxError> {
    if settings.has_account() {
        return Ok((Backend::Account, settings));
    }
    // Its data lives beside the journal and is shared by every command of this data directory
    // (`create` in one shell, `links` in the next, the dashboard beside them), with its secrets.
    let state_file = crate::sandbox::in_process_state_file(&settings.data_dir);
    let sandbox = Sandbox::start(SandboxOptions {
        speed: settings.sandbox_speed,
        state_file: Some(state_file),
        shared: true,
        admin_secret_from_state: true,
        index_lag: crate::sandbox::interactive_index_lag(settings.sandbox_speed),
        ..SandboxOptions::default()
    })
    .await?;
    tracing::info!(url = %sandbox.url(), partner = sandbox.partner_id(), "started the in-process sandbox");
    settings.partner_id = Some(sandbox.partner_id());
    settings.admin_secret = Some(AdminSecret::new(sandbox.admin_secret()));
    settings.secret_source = Some("the in-process sandbox".into());
    // A token configured for an account means nothing to the sandbox (`--sandbox`).
    settings.app_token = None;
    settings.app_token_source = None;
    settings.service_url = sandbox.url();
    settings.sandbox_instance = Some(sandbox.instance_id().to_string());
    Ok((Backend::Sandbox(sandbox), settings))
}

/// Builds the API client for the connected settings: an admin session opened with the app token
/// when one is configured (it wins over the admin secret), otherwise an admin KS signed locally
/// (or obtained with `session.start` when `use_session_start` is set); renewed before it expires.
/// The log says which way was chosen.
pub fn client(settings: &Settings) -> Result<KalturaClient, crate::kaltura::error::Error> {
    let client = build_client(settings)?;
    tracing::info!(partner = client.partner_id(), auth = %client.auth_method(), "signing in");
    Ok(client)
}

fn build_client(settings: &Settings) -> Result<KalturaClient, crate::kaltura::error::Error> {
    let Some(partner_id) = settings.partner_id else {
        return Err(crate::kaltura::error::Error::Config(
            "no partner: call bootstrap::connect first".into(),
        ));
    };
    if let Some(token) = &settings.app_token {
        let ks = KsProvider::AppToken {
            credentials: token.clone(),
            user_id: settings.admin_email.clone(),
            session_type: SessionType::Admin,
            ttl_secs: settings.admin_ks_expiry,
            source: settings
                .app_token_source
                .clone()
                .unwrap_or_else(|| "the settings".into()),
        };
        let mut config = ClientConfig::new(settings.service_url.clone(), partner_id, ks);
        config.timeout = settings.request_timeout;
        config.max_answer_bytes = settings.max_answer_bytes;
        config.link_tokens = Some(LinkTokenStore::in_dir(&settings.data_dir));
        return KalturaClient::new(config);
    }
    let Some(secret) = settings.admin_secret.clone() else {
        return Err(crate::kaltura::error::Error::Config(
            "no admin secret and no app token: call bootstrap::connect first".into(),
        ));
    };
    let ks = if settings.use_session_start {
        KsProvider::SessionStart {
            secret,
            user_id: settings.admin_email.clone(),
            session_type: SessionType::Admin,
            privileges: ADMIN_PRIVILEGES.into(),
            ttl_secs: settings.admin_ks_expiry,
        }
    } else {
        KsProvider::Local {
            secret,
            partner_id,
            user_id: settings.admin_email.clone(),
            session_type: SessionType::Admin,
            privileges: ADMIN_PRIVILEGES.into(),
            ttl_secs: settings.admin_ks_expiry,
            version: settings.ks_version,
        }
    };
    let mut config = ClientConfig::new(settings.service_url.clone(), partner_id, ks);
    config.timeout = settings.request_timeout;
    config.max_answer_bytes = settings.max_answer_bytes;
    KalturaClient::new(config)
}

/// The webcast workflows' settings, from ours; `sandbox` makes every face label its output. The
/// workflows get link KSs from the client (`KalturaClient::issue_user_kss`); the secret copied
/// here serves only the pure link builders, and is empty when the app token signs in.
pub fn webcast_settings(settings: &Settings, sandbox: bool) -> Option<WebcastSettings> {
    let partner_id = settings.partner_id?;
    let secret = match (&settings.app_token, &settings.admin_secret) {
        (None, Some(secret)) => secret.clone(),
        (Some(_), _) => AdminSecret::new(""),
        (None, None) => return None,
    };
    let mut w = WebcastSettings::new(partner_id, settings.service_url.clone(), secret);
    w.uiconf_id = settings.uiconf_id;
    w.user_id = settings.user_id.clone();
    w.moderator_user = settings.moderator_user.clone();
    w.moderator_scope = settings.moderator_scope;
    w.broadcaster_user = settings.broadcaster_user.clone();
    w.app_name = settings.app_name.clone();
    w.app_id = settings.app_id.clone();
    w.app_domain = settings.app_domain.clone();
    w.cdn_url = settings.cdn_url.clone();
    w.moderator_url = settings.moderator_url.clone();
    w.ks_version = settings.ks_version;
    if let Some(ttl_secs) = settings.attendee_ks_expiry {
        w.attendee_expiry = AttendeeExpiry::Fixed { ttl_secs };
    }
    w.moderator_ks_ttl = settings.moderator_ks_expiry;
    w.attendee_ks = settings.attendee_ks;
    w.conversion_profile = settings.conversion_profile.clone();
    w.conversion_profile_id = settings.conversion_profile_id;
    if sandbox {
        // The in-process sandbox lags as Kaltura does, faster by its speed: a few times that.
        let lag = crate::sandbox::interactive_index_lag(settings.sandbox_speed);
        w.index_lag_window = (lag * 4).max(std::time::Duration::from_secs(1));
    }
    w.sandbox = sandbox;
    w.viewers_interval = i64::try_from(settings.viewers_interval.as_secs())
        .unwrap_or(i64::MAX)
        .max(1);
    w.journal_service = settings
        .sandbox_instance
        .as_ref()
        .map(|instance| format!("{SANDBOX_JOURNAL_SCHEME}{instance}"));
    w.short_links = settings.short_links;
    Some(w)
}

/// The webcast handle over a connected client.
pub fn webcast(settings: &Settings, client: KalturaClient, sandbox: bool) -> Option<Webcast> {
    webcast_settings(settings, sandbox).map(|w| Webcast::new(client, w))
}

/// The watchdog's knobs for the connected backend: against the in-process sandbox the wait for
/// a recording is divided by its speed, as its processing is.
pub fn watchdog_config(settings: &Settings, sandbox: bool) -> WatchdogConfig {
    let secs = |d: std::time::Duration| i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
    WatchdogConfig::new(
        secs(settings.watchdog_grace),
        secs(settings.watchdog_recording_wait),
        sandbox.then_some(settings.sandbox_speed),
    )
}

/// The event journal in the configured data directory.
pub fn journal(settings: &Settings) -> Journal {
    Journal::in_dir(&settings.data_dir)
}
