//! The settings every face of kwebcast runs with, after flags, environment, file and defaults have
//! been merged and checked.

use crate::kaltura::app_token::AppTokenCredentials;
use crate::kaltura::ks::KsVersion;
use crate::kaltura::secret::AdminSecret;
use std::path::PathBuf;
use std::time::Duration;

/// Kaltura's SaaS service, the seed app's default.
pub const DEFAULT_SERVICE_URL: &str = "https://www.kaltura.com/";
/// The player CDN for the SaaS service; on-prem installs serve the player from their service host.
pub const SAAS_CDN_URL: &str = "https://cdnapisec.kaltura.com";
/// The moderator (Q&A) app, the only documented form.
pub const DEFAULT_MODERATOR_URL: &str = "https://www.kaltura.com/apps/webcast/vlatest/index.html";

/// The in-process sandbox runs four times faster than Kaltura by default, so a new user sees a
/// whole event (live, ended, recording ready) within a minute; `kwebcast sandbox` keeps speed 1.
pub const DEFAULT_SANDBOX_SPEED: i64 = 4;

/// The deadline of one API call, retries included, seconds (`request_timeout`).
pub const DEFAULT_REQUEST_TIMEOUT_SECS: i64 = 30;

/// The cap on one answer's decompressed size, MiB (`max_answer_mb`).
pub const DEFAULT_MAX_ANSWER_MB: i64 = 8;

/// How the dashboard and `links --copy` put text on the clipboard: the workflow layer's own
/// policy, so the setting reaches it unchanged.
pub use crate::webcast::ClipboardPolicy;

/// Who a moderator link can reach: the workflow layer's own setting.
pub use crate::webcast::ModeratorScope;

/// The dashboard's colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Light text on a dark terminal.
    #[default]
    Dark,
    /// Dark text on a light terminal.
    Light,
    /// No colours at all (as with `NO_COLOR`); states stay readable as words and symbols.
    Mono,
}

impl Theme {
    /// Reads the word used in the file (already checked against the knob's choices).
    pub fn from_word(word: &str) -> Self {
        match word {
            "light" => Theme::Light,
            "mono" => Theme::Mono,
            _ => Theme::Dark,
        }
    }

    /// The word used in the file.
    pub fn word(self) -> &'static str {
        match self {
            Theme::Dark => "dark",
            Theme::Light => "light",
            Theme::Mono => "mono",
        }
    }
}

/// Everything kwebcast runs with. Built by [`crate::config::load`]; the bootstrap fills in the
/// sandbox's URL, partner and secret when no account is configured.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The profile in use (`--profile`, `KWEBCAST_PROFILE` or the file's `default_profile`).
    pub profile: Option<String>,
    /// The Kaltura partner (account) ID; `None` means the built-in sandbox.
    pub partner_id: Option<i64>,
    /// The partner's admin secret, which signs every KS locally.
    pub admin_secret: Option<AdminSecret>,
    /// Where the secret came from, for `config check` (never the secret itself).
    pub secret_source: Option<String>,
    /// The application token (ID, value, hash type): when set, kwebcast signs in with it and
    /// never uses the admin secret, even if one is configured too.
    pub app_token: Option<AppTokenCredentials>,
    /// Where the token's ID came from, for messages (never the token itself).
    pub app_token_source: Option<String>,
    /// The user of the admin KS (the seed's `admin_email`).
    pub admin_email: String,
    /// The Kaltura API base URL (SaaS by default, on-prem URLs work).
    pub service_url: String,
    /// The player CDN; `None` derives it from the service URL (see [`Settings::player_cdn_url`]).
    pub cdn_url: Option<String>,
    /// The moderator (Q&A) application's URL.
    pub moderator_url: String,
    /// The player uiConf for attendee links; `None` lets the webcast layer pick the account's.
    pub uiconf_id: Option<i64>,
    /// The attendee's user ID in attendee KSs.
    pub user_id: String,
    /// The moderator user (moderator KSs, `entitledUsersEdit`).
    pub moderator_user: String,
    /// Whether each event gets its own moderator user (`moderator_scope`).
    pub moderator_scope: ModeratorScope,
    /// The broadcaster: the Studio's user (Studio KS and launch `userId`), an entitled editor.
    pub broadcaster_user: String,
    /// The application name shown by the Studio (`appName`, `instanceProfile`).
    pub app_name: String,
    /// Analytics tag `appid` in attendee KSs.
    pub app_id: String,
    /// Analytics tag `appdomain` in attendee KSs, and the Studio's `referer`.
    pub app_domain: String,
    /// The KS format we sign.
    pub ks_version: KsVersion,
    /// Lifetime of the admin KS, seconds (renewed before it runs out).
    pub admin_ks_expiry: i64,
    /// Lifetime of attendee KSs, seconds from when the link is made. `None` (the default): until
    /// the event's end plus two hours, or 24 hours when the end is unknown or past — a link in a
    /// QR code is public, so it should not outlive the event by much.
    pub attendee_ks_expiry: Option<i64>,
    /// Lifetime of moderator and Studio KSs, seconds.
    pub moderator_ks_expiry: i64,
    /// Whether attendee links carry a KS (off for public entries: shorter links and QR codes).
    pub attendee_ks: bool,
    /// How often the dashboard and `status --watch` poll.
    pub poll_interval: Duration,
    /// How long past an event's scheduled start (or end) before the watchdog calls the start
    /// late (or the event overrun): `watchdog_grace`, 2 min by default, may be zero.
    pub watchdog_grace: Duration,
    /// How long a session's recording may take to turn READY before the watchdog misses it:
    /// `watchdog_recording_wait`, 15 min by default (divided by the in-process sandbox's speed).
    pub watchdog_recording_wait: Duration,
    /// How often a live event's viewers (and the board's realtime audience graph) are read:
    /// Kaltura caches the figure ~20 s and advises 30 s.
    pub viewers_interval: Duration,
    /// Clipboard policy.
    pub clipboard: ClipboardPolicy,
    /// Dashboard theme.
    pub theme: Theme,
    /// Ring the terminal bell when an event changes state.
    pub bell: bool,
    /// Obtain the admin KS with `session.start` instead of signing it locally.
    pub use_session_start: bool,
    /// The live conversion profile's system name to look up (`Default_Live`, shown as "Cloud
    /// transcode"); when the account has none, its default live profile.
    pub conversion_profile: String,
    /// The live conversion profile to use, without any lookup (wins over `conversion_profile`).
    pub conversion_profile_id: Option<i64>,
    /// How much faster than real time the in-process sandbox runs its lifecycle delays (the
    /// encoder warming up, a recording's processing): 10 shows a whole event in seconds.
    pub sandbox_speed: f64,
    /// The deadline of one API call, retries and their waits included: a server that dribbles
    /// its answer out cannot hold a command longer.
    pub request_timeout: Duration,
    /// The most bytes of one answer, after decompression, read before the call fails: a gzip
    /// bomb or an endless stream cannot eat the memory. Raise for accounts that list huge pages.
    pub max_answer_bytes: u64,
    /// Let `http://` URLs to other machines through (KSs then cross the network in clear text);
    /// warned about on every start.
    pub allow_insecure_http: bool,
    /// Where the event journal lives.
    pub data_dir: PathBuf,
    /// The log file.
    pub log_file: PathBuf,
    /// The config file actually read, if any.
    pub config_file: Option<PathBuf>,
    /// `--sandbox`: use the in-process sandbox even when an account is configured.
    pub force_sandbox: bool,
    /// Problems worth one line on stderr that do not stop the run (a readable secret file...).
    pub warnings: Vec<String>,
    /// Set by the bootstrap for the in-process sandbox: what names its data (kept in its state
    /// file), so the journal scopes its events by it rather than by its URL, which changes
    /// every run.
    pub sandbox_instance: Option<String>,
    /// Create short links for attendee QR codes (`short_links`), so they fit a normal terminal.
    pub short_links: bool,
}

impl Settings {
    /// True when a real account is configured and not overridden by `--sandbox`.
    pub fn has_account(&self) -> bool {
        !self.force_sandbox
            && self.partner_id.is_some()
            && (self.admin_secret.is_some() || self.app_token.is_some())
    }

    /// The player CDN: `cdn_url` if set; Kaltura's CDN for the SaaS service; otherwise the service
    /// host itself, which is where an on-prem install serves the player.
    pub fn player_cdn_url(&self) -> String {
        if let Some(cdn) = &self.cdn_url {
            return cdn.trim_end_matches('/').to_string();
        }
        let host = url::Url::parse(&self.service_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string));
        match host.as_deref() {
            Some("www.kaltura.com") | Some("kaltura.com") => SAAS_CDN_URL.to_string(),
            _ => self.service_url.trim_end_matches('/').to_string(),
        }
    }

    /// The `http://` URLs to other machines in use (allowed by `allow_insecure_http`), as
    /// `(key, host)`: the dashboard shows them in its header.
    pub fn insecure_urls(&self) -> Vec<(&'static str, String)> {
        let urls = [
            ("service_url", Some(self.service_url.as_str())),
            ("cdn_url", self.cdn_url.as_deref()),
            ("moderator_url", Some(self.moderator_url.as_str())),
        ];
        urls.into_iter()
            .filter_map(|(key, url)| Some((key, super::values::insecure_host(url?)?)))
            .collect()
    }

    /// The event journal's path.
    pub fn journal_path(&self) -> PathBuf {
        self.data_dir.join("events.jsonl")
    }
}
