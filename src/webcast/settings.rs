//! What the workflows need to know about the account and the apps, apart from the API client.
//!
//! The CLI's `Settings` carries much more (theme, poll interval...); the faces build this from it
//! so `webcast/` never depends on how configuration is read.

use crate::kaltura::ks::KsVersion;
use crate::kaltura::secret::AdminSecret;

/// The SaaS moderator page (the only documented form; on-prem installs set their own).
pub const DEFAULT_MODERATOR_URL: &str = "https://www.kaltura.com/apps/webcast/vlatest/index.html";
/// Where the SaaS service serves players from.
pub const SAAS_CDN_URL: &str = "https://cdnapisec.kaltura.com";
/// The live conversion profile Kaltura's sample looks up, by system name (type LIVE_STREAM):
/// Kaltura's default live profile, shown as "Cloud transcode".
pub const DEFAULT_CONVERSION_PROFILE: &str = "Default_Live";
/// The Studio's slides conversion profile, by system name.
pub const SLIDES_CONVERSION_PROFILE: &str = "KMS54_NEW_DOC_CONV_IMAGE_WIDE";
/// The metadata profile that marks an entry as a webcast.
pub const KWEBCAST_PROFILE: &str = "KMS_KWEBCAST2";
/// The metadata profile holding the schedule and presenter.
pub const EVENTS_PROFILE: &str = "KMS_EVENTS3";
/// The admin tags of a webcast entry: KMC shows webcast analytics, and Kaltura's analytics
/// attribute views to webcasting, only with `kms-webcast-event`; `vpaas-webcast` marks the source.
pub const ADMIN_TAGS: &str = "kms-webcast-event,vpaas-webcast";

/// Whose moderator link can touch which events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ModeratorScope {
    /// One moderator user for every event (the seed's way): a moderator link of one event
    /// works on every event whose `entitledUsersEdit` lists that user.
    #[default]
    Shared,
    /// Each event its own moderator user (the configured one, `-`, the entry ID), kept in the
    /// event's `entitledUsersEdit` and its moderator KS: a link reaches that event only.
    Event,
}

impl ModeratorScope {
    /// The word used in the configuration (`moderator_scope`).
    pub fn word(self) -> &'static str {
        match self {
            ModeratorScope::Shared => "shared",
            ModeratorScope::Event => "event",
        }
    }
}

/// How long an attendee KS lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttendeeExpiry {
    /// Until the event's end plus `margin_secs`; once that is past (links to the recording), or
    /// when the schedule is unknown, `fallback_ttl_secs` from now.
    AfterEventEnd {
        /// Seconds after the planned end.
        margin_secs: i64,
        /// Seconds from now when the end is unknown or past.
        fallback_ttl_secs: i64,
    },
    /// A fixed number of seconds from when the link is made (the seed: 86,400).
    Fixed {
        /// Seconds from now.
        ttl_secs: i64,
    },
}

impl Default for AttendeeExpiry {
    fn default() -> Self {
        AttendeeExpiry::AfterEventEnd {
            margin_secs: 2 * 3600,
            fallback_ttl_secs: 86_400,
        }
    }
}

impl AttendeeExpiry {
    /// The absolute expiry for a link made at `now` for an event ending at `event_end`.
    pub fn expires_at(self, now: i64, event_end: Option<i64>) -> i64 {
        match self {
            AttendeeExpiry::Fixed { ttl_secs } => now + ttl_secs,
            AttendeeExpiry::AfterEventEnd {
                margin_secs,
                fallback_ttl_secs,
            } => match event_end.map(|end| end + margin_secs) {
                Some(at) if at > now => at,
                _ => now + fallback_ttl_secs,
            },
        }
    }
}

/// Account, users and app identity for the webcast workflows.
#[derive(Debug, Clone)]
pub struct WebcastSettings {
    /// The partner (account) ID.
    pub partner_id: i64,
    /// The service URL (`https://www.kaltura.com`, or the sandbox's loopback URL).
    pub service_url: String,
    /// The admin secret, for the pure link builders (`links::build`, `studio::build`) only (never
    /// shown): the workflows get their link KSs from the client, which signs them with its own
    /// secret or mints them with an app token. Empty when signed in with an app token.
    pub secret: AdminSecret,
    /// Player uiConf for attendee links; `None` → the account's first player uiConf, looked up
    /// in the same multirequest as the first poll or resolution.
    pub uiconf_id: Option<i64>,
    /// The attendee user ID (the seed's `user_id`).
    pub user_id: String,
    /// The moderator user (entitled editor, moderator KSs); see [`WebcastSettings::moderator_for`].
    pub moderator_user: String,
    /// Whether each event gets its own moderator user.
    pub moderator_scope: ModeratorScope,
    /// The broadcaster: the Studio's user (Studio KS and launch `userId`), an entitled editor.
    pub broadcaster_user: String,
    /// App name shown by the Studio (`appName`, `instanceProfile`).
    pub app_name: String,
    /// Analytics app ID (`appid:` privilege).
    pub app_id: String,
    /// Analytics app domain (`appdomain:` privilege, the Studio's `referer`).
    pub app_domain: String,
    /// Player CDN; `None` → `https://cdnapisec.kaltura.com` for kaltura.com, the service host
    /// otherwise.
    pub cdn_url: Option<String>,
    /// Base URL of the moderator page.
    pub moderator_url: String,
    /// Logo the Studio shows.
    pub logo_url: String,
    /// KS format for links made by the pure builders (the client signs in its own format).
    pub ks_version: KsVersion,
    /// Attendee KS lifetime.
    pub attendee_expiry: AttendeeExpiry,
    /// Moderator and Studio KS lifetime in seconds from when the link is made.
    pub moderator_ks_ttl: i64,
    /// False for public entries: attendee links carry no KS (much smaller QR codes).
    pub attendee_ks: bool,
    /// System name of the live conversion profile to look up (`Default_Live`); when it is not
    /// found, the account's default live profile.
    pub conversion_profile: String,
    /// A live conversion profile ID that wins over any lookup (`conversion_profile_id`).
    pub conversion_profile_id: Option<i64>,
    /// How long a lookup that decides "not created" keeps asking across the search index's lag
    /// (Kaltura's index runs seconds behind writes): 10 s on a real account.
    pub index_lag_window: std::time::Duration,
    /// True when talking to the built-in sandbox (the faces label it).
    pub sandbox: bool,
    /// Seconds between two reads of a live event's viewers (and of the board's realtime
    /// graph): Kaltura caches the figure ~20 s and advises 30.
    pub viewers_interval: i64,
    /// What the journal scopes this account's events by besides the partner: the service URL,
    /// or for the in-process sandbox (whose URL changes every run) `kwebcast-sandbox:{instance}`.
    pub journal_service: Option<String>,
    /// Shorten attendee links with Kaltura's short-link service for their QR codes.
    pub short_links: bool,
}

impl WebcastSettings {
    /// Settings with the seed's defaults for everything but the account.
    pub fn new(partner_id: i64, service_url: impl Into<String>, secret: AdminSecret) -> Self {
        WebcastSettings {
            partner_id,
            service_url: service_url.into(),
            secret,
            uiconf_id: None,
            user_id: "attendee".into(),
            moderator_user: "webcast-producer".into(),
            moderator_scope: ModeratorScope::Shared,
            broadcaster_user: "webcast-broadcaster".into(),
            app_name: "kwebcast".into(),
            app_id: "kwebcast".into(),
            app_domain: "localhost".into(),
            cdn_url: None,
            moderator_url: DEFAULT_MODERATOR_URL.into(),
            logo_url: String::new(),
            ks_version: KsVersion::V2,
            attendee_expiry: AttendeeExpiry::default(),
            moderator_ks_ttl: 86_400,
            attendee_ks: true,
            conversion_profile: DEFAULT_CONVERSION_PROFILE.into(),
            conversion_profile_id: None,
            index_lag_window: std::time::Duration::from_secs(10),
            sandbox: false,
            viewers_interval: super::audience::DEFAULT_VIEWERS_INTERVAL_SECS,
            journal_service: None,
            short_links: true,
        }
    }

    /// The player CDN base, without a trailing slash.
    pub fn cdn_base(&self) -> String {
        if let Some(cdn) = self.cdn_url.as_deref().filter(|c| !c.trim().is_empty()) {
            return cdn.trim_end_matches('/').to_string();
        }
        let service = self.service_url.trim_end_matches('/');
        let host = url::Url::parse(service)
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase));
        match host.as_deref() {
            Some("www.kaltura.com") | Some("kaltura.com") => SAAS_CDN_URL.to_string(),
            _ => service.to_string(),
        }
    }

    /// The moderator user of one event: the configured one, or with `moderator_scope = "event"`
    /// the configured one followed by `-` and the entry ID.
    pub fn moderator_for(&self, entry_id: &str) -> String {
        match self.moderator_scope {
            ModeratorScope::Shared => self.moderator_user.clone(),
            ModeratorScope::Event => format!("{}-{entry_id}", self.moderator_user),
        }
    }

    /// The event's `entitledUsersEdit`: its moderator and the broadcaster.
    pub fn entitled_editors(&self, entry_id: &str) -> String {
        let moderator = self.moderator_for(entry_id);
        if moderator == self.broadcaster_user {
            moderator
        } else {
            format!("{moderator},{}", self.broadcaster_user)
        }
    }

    /// The service URL without a trailing slash (what the Studio and moderator page get).
    pub fn service_base(&self) -> &str {
        self.service_url.trim_end_matches('/')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdn_defaults() {
        let mut s = WebcastSettings::new(1, "https://www.kaltura.com/", AdminSecret::new("x"));
        assert_eq!(s.cdn_base(), SAAS_CDN_URL);
        s.service_url = "https://video.example.org/".into();
        assert_eq!(s.cdn_base(), "https://video.example.org");
        s.cdn_url = Some("https://cdn.example.org/".into());
        assert_eq!(s.cdn_base(), "https://cdn.example.org");
    }

    #[test]
    fn moderator_users_by_scope() {
        let mut s = WebcastSettings::new(1, "https://www.kaltura.com/", AdminSecret::new("x"));
        s.moderator_user = "mod".into();
        s.broadcaster_user = "cast".into();
        assert_eq!(s.moderator_for("0_abc"), "mod");
        assert_eq!(s.entitled_editors("0_abc"), "mod,cast");
        s.moderator_scope = ModeratorScope::Event;
        assert_eq!(s.moderator_for("0_abc"), "mod-0_abc");
        assert_eq!(s.entitled_editors("0_abc"), "mod-0_abc,cast");
        s.moderator_scope = ModeratorScope::Shared;
        s.broadcaster_user = "mod".into();
        assert_eq!(s.entitled_editors("0_abc"), "mod", "no duplicate");
    }

    #[test]
    fn attendee_expiry_follows_the_event_then_falls_back() {
        let e = AttendeeExpiry::AfterEventEnd {
            margin_secs: 100,
            fallback_ttl_secs: 1000,
        };
        assert_eq!(e.expires_at(50, Some(500)), 600);
        assert_eq!(e.expires_at(700, Some(500)), 1700);
        assert_eq!(e.expires_at(50, None), 1050);
        assert_eq!(
            AttendeeExpiry::Fixed { ttl_secs: 9 }.expires_at(1, Some(500)),
            10
        );
    }
}
