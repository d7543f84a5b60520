//! Attendee and moderator links, with least-privilege KSs.
//!
//! A KS printed in a link or a QR code is effectively public (browser history, referrers, proxy
//! logs), so the attendee KS carries `sview` of the one entry to play and expires soon after the
//! event; the moderator KS carries the seed's producer role for one entry. What each KS must be
//! is said here ([`attendee_request`], [`moderator_request`]); the workflows have the client
//! issue them (signed locally with the admin secret, or minted with an app token — see
//! `link_flow.rs`) and [`assemble`] the links. [`build`] does both at once with the secret in the
//! settings, for tools and tests. Privilege strings are the seed's, character for character,
//! because Kaltura's player and moderator app were written against them.

use super::encode::{python_quote_plus, python_urlencode};
use super::settings::{ModeratorScope, WebcastSettings};
use super::time::iso_utc;
use super::xml::Schedule;
use crate::kaltura::client::{IssuedKs, LinkKsRequest};
use crate::kaltura::ks::{self, KsSpec, SessionType};
use serde::Serialize;

/// Links for one event, ready to print, copy or encode as QR codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Links {
    /// The live entry (what the moderator link opens).
    pub entry_id: String,
    /// The entry the attendee link plays (the recording after the event).
    pub play_entry_id: String,
    /// The v7 player iframe page: one URL an attendee can open on a phone.
    pub attendee_url: String,
    /// The attendee link without its KS, when it has one: plays only a public entry (no access
    /// control demanding a KS, and not an `explicitLive` entry before Go Live), but makes a
    /// much smaller QR code. The operator chooses it; kwebcast cannot tell whether it plays.
    pub attendee_url_without_ks: Option<String>,
    /// The attendee link shortened with Kaltura's short-link service, when the account has it
    /// and `short_links` is on.
    pub attendee_short: Option<ShortUrl>,
    /// Why there is no short link (`short_links` off, the account lacks the service, the call
    /// failed), for the faces to say.
    pub short_link_note: Option<String>,
    /// The same player as an HTML `<iframe>` snippet for a web page.
    pub embed_html: String,
    /// The attendee KS's expiry (Unix seconds), or `None` without an attendee KS.
    pub attendee_expires_at: Option<i64>,
    /// The moderator (Q&A) page for the live entry.
    pub moderator_url: String,
    /// The moderator KS's expiry (Unix seconds).
    pub moderator_expires_at: i64,
    /// What the moderator link can do, until when, on which events.
    pub moderator_reach: ModeratorReach,
    /// The earliest expiry of the two links (what the operator must watch).
    pub expires_at: i64,
}

/// A short link: `{service}/tiny/{id}`, redirecting to the full link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShortUrl {
    /// `{service}/tiny/{id}`.
    pub url: String,
    /// Kaltura's short-link ID.
    pub id: String,
    /// Its `expiresAt` (the attendee KS's expiry), `None` for a link without a KS.
    pub expires_at: Option<i64>,
}

/// What the attendee QR code encodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QrTarget {
    /// The short link (small code: fits 80×24).
    ShortLink,
    /// The full attendee link (with its KS when it has one).
    FullLink,
    /// The attendee link without a KS (public entries only).
    LinkWithoutKs,
}

impl QrTarget {
    /// Words for the faces ("short link").
    pub fn label(self) -> &'static str {
        match self {
            QrTarget::ShortLink => "short link",
            QrTarget::FullLink => "full link",
            QrTarget::LinkWithoutKs => "link without KS",
        }
    }

    /// The key in `--json` output.
    pub fn key(self) -> &'static str {
        match self {
            QrTarget::ShortLink => "short_link",
            QrTarget::FullLink => "full_link",
            QrTarget::LinkWithoutKs => "link_without_ks",
        }
    }
}

/// What a moderator link can do, for how long, on which events: stated wherever the link is
/// shown or copied, because its KS (`setrole:WEBCAST_PRODUCER_DEVICE_ROLE`, `sview:*`) is an
/// editor's — it moderates Q&A, and it can also change the event and read its stream key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModeratorReach {
    /// `shared` or `event` (the `moderator_scope` setting).
    pub scope: &'static str,
    /// The KS's user.
    pub user: String,
    /// The role the KS runs under.
    pub role: &'static str,
    /// The event it was made for.
    pub entry_id: String,
    /// When it stops working (Unix seconds).
    pub expires_at: i64,
}

impl ModeratorReach {
    /// What the link can do, in one sentence without the expiry (the faces print that in their
    /// own time format).
    pub fn can(&self) -> String {
        let what = "moderate Q&A, change the event and read its stream key";
        if self.scope == ModeratorScope::Event.word() {
            format!(
                "{what}, on event {} only (its own moderator user {}; moderator_scope = \"event\")",
                self.entry_id, self.user
            )
        } else {
            format!(
                "{what}, on every event whose entitledUsersEdit lists {} (moderator_scope = \"shared\"; \"event\" confines a link to its event)",
                self.user
            )
        }
    }
}

impl Links {
    /// The attendee QR's choices, in order of preference: the short link (when there is one),
    /// the full link, the link without a KS (when the full one has a KS).
    pub fn qr_targets(&self) -> Vec<QrTarget> {
        let mut out = Vec::with_capacity(3);
        if self.attendee_short.is_some() {
            out.push(QrTarget::ShortLink);
        }
        out.push(QrTarget::FullLink);
        if self.attendee_url_without_ks.is_some() {
            out.push(QrTarget::LinkWithoutKs);
        }
        out
    }

    /// What the attendee QR encodes unless the operator chose otherwise: the short link when
    /// there is one, else the full link.
    pub fn default_qr_target(&self) -> QrTarget {
        self.qr_targets()[0]
    }

    /// The URL a target encodes, `None` when this link has no such form.
    pub fn qr_url(&self, target: QrTarget) -> Option<&str> {
        match target {
            QrTarget::ShortLink => self.attendee_short.as_ref().map(|s| s.url.as_str()),
            QrTarget::FullLink => Some(&self.attendee_url),
            QrTarget::LinkWithoutKs => self.attendee_url_without_ks.as_deref(),
        }
    }
}

impl ModeratorReach {
    /// The reach in a few words: "this event only" or "every event listing USER".
    pub fn short(&self) -> String {
        if self.scope == ModeratorScope::Event.word() {
            "this event only".into()
        } else {
            format!("every event listing {}", self.user)
        }
    }
}

/// The reach of the moderator link of `entry_id` signed at `now`.
pub fn moderator_reach(
    settings: &WebcastSettings,
    entry_id: &str,
    expires_at: i64,
) -> ModeratorReach {
    ModeratorReach {
        scope: settings.moderator_scope.word(),
        user: settings.moderator_for(entry_id),
        role: PRODUCER_ROLE,
        entry_id: entry_id.to_string(),
        expires_at,
    }
}

/// The partner role the producer KSs (moderator page, Studio) run under.
pub const PRODUCER_ROLE: &str = "WEBCAST_PRODUCER_DEVICE_ROLE";

/// Why links could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// No player uiConf configured and no v7 player found on the account.
    #[error(
        "no v7 player: the account has no player uiConf tagged `kalturaPlayerJs` (older v2 players cannot play these links); create a v7 player in KMC, or set `uiconf_id` in the configuration to one"
    )]
    NoPlayer,
    /// The link KSs could not be had (without the admin secret, Kaltura refused to mint them or
    /// would only mint broader ones): one sentence saying why.
    #[error("{0}")]
    Session(String),
}

/// The seed's attendee privileges for `play_id`.
pub fn attendee_privileges(settings: &WebcastSettings, play_id: &str) -> String {
    format!(
        "sview:{play_id},restrictexplicitliveview:{play_id},enableentitlement,appid:{},appdomain:{},sessionkey:{}",
        settings.app_id, settings.app_domain, settings.user_id
    )
}

/// The seed's producer privileges for the live entry (Studio launch and moderator page).
pub fn moderator_privileges(entry_id: &str) -> String {
    format!("setrole:{PRODUCER_ROLE},sview:*,list:{entry_id},download:{entry_id}")
}

/// Signs a USER KS for `user_id` with the account's secret.
pub fn sign_user_ks(
    settings: &WebcastSettings,
    user_id: &str,
    privileges: &str,
    expires_at: i64,
) -> String {
    let spec = KsSpec {
        partner_id: settings.partner_id,
        user_id,
        session_type: SessionType::User,
        expires_at,
        privileges,
    };
    ks::sign(settings.secret.expose(), &spec, settings.ks_version)
}

/// The attendee KS `play_id`'s link needs: the attendee, the seed's privileges, an expiry after
/// the event.
pub fn attendee_request(
    settings: &WebcastSettings,
    play_id: &str,
    schedule: Option<&Schedule>,
    now: i64,
) -> LinkKsRequest {
    LinkKsRequest {
        user_id: settings.user_id.clone(),
        privileges: attendee_privileges(settings, play_id),
        expires_at: settings
            .attendee_expiry
            .expires_at(now, schedule.map(|s| s.end)),
        purpose: format!("attendee link for {play_id}"),
    }
}

/// The moderator KS the live entry's moderator link needs: its moderator user (shared, or the
/// event's own with `moderator_scope = "event"`), the producer privileges of that entry.
pub fn moderator_request(settings: &WebcastSettings, entry_id: &str, now: i64) -> LinkKsRequest {
    LinkKsRequest {
        user_id: settings.moderator_for(entry_id),
        privileges: moderator_privileges(entry_id),
        expires_at: now + settings.moderator_ks_ttl,
        purpose: format!("moderator link for {entry_id}"),
    }
}

/// The Studio KS the live entry's launch needs: the broadcaster, the same producer privileges.
pub fn broadcaster_request(settings: &WebcastSettings, entry_id: &str, now: i64) -> LinkKsRequest {
    LinkKsRequest {
        user_id: settings.broadcaster_user.clone(),
        privileges: moderator_privileges(entry_id),
        expires_at: now + settings.moderator_ks_ttl,
        purpose: format!("Studio launch for {entry_id}"),
    }
}

/// Signs a request locally with the settings' secret.
fn sign_request(settings: &WebcastSettings, req: &LinkKsRequest) -> IssuedKs {
    IssuedKs {
        ks: sign_user_ks(settings, &req.user_id, &req.privileges, req.expires_at),
        expires_at: req.expires_at,
    }
}

/// The attendee KS for `play_id`, with its expiry, signed with the settings' secret.
pub fn attendee_ks(
    settings: &WebcastSettings,
    play_id: &str,
    schedule: Option<&Schedule>,
    now: i64,
) -> (String, i64) {
    let issued = sign_request(
        settings,
        &attendee_request(settings, play_id, schedule, now),
    );
    (issued.ks, issued.expires_at)
}

/// The moderator KS for the live entry (its moderator user: shared or the event's own), with
/// its expiry, signed with the settings' secret.
pub fn moderator_ks(settings: &WebcastSettings, entry_id: &str, now: i64) -> (String, i64) {
    let issued = sign_request(settings, &moderator_request(settings, entry_id, now));
    (issued.ks, issued.expires_at)
}

/// The Studio KS for the live entry: the broadcaster's, with the same producer privileges,
/// signed with the settings' secret.
pub fn broadcaster_ks(settings: &WebcastSettings, entry_id: &str, now: i64) -> (String, i64) {
    let issued = sign_request(settings, &broadcaster_request(settings, entry_id, now));
    (issued.ks, issued.expires_at)
}

/// The v7 iframe page URL: `{cdn}/p/{pid}/embedPlaykitJs/uiconf_id/{uiconf}?iframeembed=true&entry_id=…[&ks=…]`.
pub fn player_url(
    settings: &WebcastSettings,
    uiconf_id: i64,
    play_id: &str,
    ks: Option<&str>,
) -> String {
    let mut url = format!(
        "{}/p/{}/embedPlaykitJs/uiconf_id/{}?iframeembed=true&entry_id={}",
        settings.cdn_base(),
        settings.partner_id,
        uiconf_id,
        python_quote_plus(play_id)
    );
    if let Some(ks) = ks {
        url.push_str("&ks=");
        url.push_str(&python_quote_plus(ks));
    }
    url
}

/// An `<iframe>` snippet for `url` (attribute-escaped), sized 16:9 and allowed to go fullscreen.
pub fn embed_html(url: &str, title: &str) -> String {
    format!(
        "<iframe src=\"{}\" width=\"640\" height=\"360\" title=\"{}\" \
         allow=\"autoplay *; fullscreen *; encrypted-media *\" allowfullscreen frameborder=\"0\"></iframe>",
        super::xml::escape(url),
        super::xml::escape(title)
    )
}

/// The moderator page URL for the live entry, as the seed builds it (Python `urlencode`).
pub fn moderator_url(
    settings: &WebcastSettings,
    entry_id: &str,
    ks: &str,
    ks_expiry: i64,
    schedule: Option<&Schedule>,
) -> String {
    let s = |v: &str| v.to_string();
    let mut pairs = vec![
        (s("MediaEntryId"), s(entry_id)),
        (s("ks"), s(ks)),
        (s("ks_expiry"), iso_utc(ks_expiry)),
        (s("qnaModeratorMode"), s("True")),
        (s("serverAddress"), s(settings.service_base())),
    ];
    if let Some(schedule) = schedule {
        pairs.push((s("fromDate"), iso_utc(schedule.start)));
        pairs.push((s("toDate"), iso_utc(schedule.end)));
    }
    format!(
        "{}?{}",
        settings.moderator_url.trim_end_matches('?'),
        python_urlencode(&pairs)
    )
}

/// All links for a live entry `entry_id` whose attendees should play `play_id`, with KSs signed
/// with the settings' secret.
pub fn build(
    settings: &WebcastSettings,
    uiconf_id: Option<i64>,
    entry_id: &str,
    title: &str,
    play_id: &str,
    schedule: Option<&Schedule>,
    now: i64,
) -> Result<Links, LinkError> {
    uiconf_id.ok_or(LinkError::NoPlayer)?;
    let attendee = settings.attendee_ks.then(|| {
        sign_request(
            settings,
            &attendee_request(settings, play_id, schedule, now),
        )
    });
    let moderator = sign_request(settings, &moderator_request(settings, entry_id, now));
    assemble(
        settings,
        uiconf_id,
        entry_id,
        title,
        play_id,
        schedule,
        attendee.as_ref(),
        &moderator,
    )
}

/// All links for a live entry `entry_id` whose attendees should play `play_id`, with KSs issued
/// for [`attendee_request`] (`None` without an attendee KS) and [`moderator_request`].
#[allow(clippy::too_many_arguments)]
pub fn assemble(
    settings: &WebcastSettings,
    uiconf_id: Option<i64>,
    entry_id: &str,
    title: &str,
    play_id: &str,
    schedule: Option<&Schedule>,
    attendee: Option<&IssuedKs>,
    moderator: &IssuedKs,
) -> Result<Links, LinkError> {
    let uiconf_id = uiconf_id.ok_or(LinkError::NoPlayer)?;
    let attendee_url = player_url(
        settings,
        uiconf_id,
        play_id,
        attendee.map(|a| a.ks.as_str()),
    );
    let (mod_ks, mod_exp) = (&moderator.ks, moderator.expires_at);
    let attendee_expires_at = attendee.map(|a| a.expires_at);
    Ok(Links {
        entry_id: entry_id.to_string(),
        attendee_url_without_ks: attendee.map(|_| player_url(settings, uiconf_id, play_id, None)),
        attendee_short: None,
        short_link_note: None,
        play_entry_id: play_id.to_string(),
        embed_html: embed_html(&attendee_url, title),
        attendee_url,
        attendee_expires_at,
        moderator_url: moderator_url(settings, entry_id, mod_ks, mod_exp, schedule),
        moderator_expires_at: mod_exp,
        moderator_reach: moderator_reach(settings, entry_id, mod_exp),
        expires_at: attendee_expires_at.map_or(mod_exp, |a| a.min(mod_exp)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kaltura::secret::AdminSecret;

    fn settings() -> WebcastSettings {
        let mut s =
            WebcastSettings::new(1000, "https://www.kaltura.com", AdminSecret::new("s3cret"));
        s.app_id = "app".into();
        s.app_domain = "example.org".into();
        s.user_id = "viewer".into();
        s.moderator_user = "producer".into();
        s
    }

    #[test]
    fn attendee_ks_has_exactly_the_seed_privileges() {
        let s = settings();
        let sched = Schedule {
            start: 1000,
            end: 5000,
            timezone: "UTC".into(),
        };
        let (ks, exp) = attendee_ks(&s, "0_rec", Some(&sched), 900);
        assert_eq!(exp, 5000 + 7200);
        let info = ks::verify(&ks, "s3cret").unwrap();
        assert_eq!(info.user_id, "viewer");
        assert_eq!(info.session_type, SessionType::User);
        assert_eq!(info.expires_at, exp);
        assert_eq!(
            info.privileges_string(),
            "sview:0_rec,restrictexplicitliveview:0_rec,enableentitlement,appid:app,appdomain:example.org,sessionkey:viewer"
        );
    }

    #[test]
    fn links_have_the_documented_shapes() {
        let s = settings();
        let sched = Schedule {
            start: 1_800_000_000,
            end: 1_800_003_600,
            timezone: "UTC".into(),
        };
        let l = build(
            &s,
            Some(4242),
            "0_live",
            "A & B",
            "0_rec",
            Some(&sched),
            1_799_000_000,
        )
        .unwrap();
        assert!(l.attendee_url.starts_with(
            "https://cdnapisec.kaltura.com/p/1000/embedPlaykitJs/uiconf_id/4242?iframeembed=true&entry_id=0_rec&ks=djJ8"
        ));
        assert!(l.embed_html.contains("title=\"A &amp; B\""));
        assert!(
            l.embed_html
                .contains("?iframeembed=true&amp;entry_id=0_rec")
        );
        assert!(l.moderator_url.starts_with(
            "https://www.kaltura.com/apps/webcast/vlatest/index.html?MediaEntryId=0_live&ks=djJ8"
        ));
        assert!(l.moderator_url.contains("&qnaModeratorMode=True&serverAddress=https%3A%2F%2Fwww.kaltura.com&fromDate=2027-01-15T08%3A00%3A00%2B00%3A00&toDate=2027-01-15T09%3A00%3A00%2B00%3A00"));
        assert_eq!(l.moderator_expires_at, 1_799_000_000 + 86_400);
        assert_eq!(
            l.expires_at,
            l.moderator_expires_at.min(l.attendee_expires_at.unwrap())
        );
    }

    #[test]
    fn public_entries_get_no_attendee_ks() {
        let mut s = settings();
        s.attendee_ks = false;
        let l = build(&s, Some(1), "0_live", "t", "0_live", None, 100).unwrap();
        assert!(!l.attendee_url.contains("ks="));
        assert_eq!(l.attendee_expires_at, None);
        assert_eq!(
            build(&s, None, "0_live", "t", "0_live", None, 100),
            Err(LinkError::NoPlayer)
        );
    }

    #[test]
    fn the_moderator_link_states_its_reach() {
        let mut s = settings();
        let l = build(&s, Some(1), "0_live", "t", "0_live", None, 100).unwrap();
        assert_eq!(l.moderator_reach.scope, "shared");
        assert_eq!(l.moderator_reach.expires_at, l.moderator_expires_at);
        assert!(
            l.moderator_reach
                .can()
                .contains("every event whose entitledUsersEdit lists producer"),
            "{}",
            l.moderator_reach.can()
        );
        s.moderator_scope = ModeratorScope::Event;
        let l = build(&s, Some(1), "0_live", "t", "0_live", None, 100).unwrap();
        assert_eq!(l.moderator_reach.user, "producer-0_live");
        assert!(l.moderator_reach.can().contains("on event 0_live only"));
        let ks = url::Url::parse(&l.moderator_url)
            .unwrap()
            .query_pairs()
            .find(|(k, _)| k == "ks")
            .map(|(_, v)| v.into_owned())
            .unwrap();
        assert_eq!(
            ks::verify(&ks, "s3cret").unwrap().user_id,
            "producer-0_live"
        );
        assert_eq!(
            broadcaster_request(&s, "0_live", 100).user_id,
            "webcast-broadcaster",
            "the Studio stays the broadcaster's"
        );
    }

    #[test]
    fn issued_kss_go_into_the_links_as_given() {
        let s = settings();
        let attendee = attendee_request(&s, "0_rec", None, 100);
        assert_eq!(attendee.user_id, "viewer");
        assert_eq!(attendee.privileges, attendee_privileges(&s, "0_rec"));
        assert_eq!(attendee.expires_at, 100 + 86_400);
        assert_eq!(attendee.purpose, "attendee link for 0_rec");
        let moderator = moderator_request(&s, "0_live", 100);
        assert_eq!(moderator.privileges, moderator_privileges("0_live"));
        assert_eq!(moderator.purpose, "moderator link for 0_live");
        let a = IssuedKs {
            ks: "minted-attendee".into(),
            expires_at: 5_000,
        };
        let m = IssuedKs {
            ks: "minted-moderator".into(),
            expires_at: 4_000,
        };
        let l = assemble(&s, Some(9), "0_live", "t", "0_rec", None, Some(&a), &m).unwrap();
        assert!(
            l.attendee_url.ends_with("&ks=minted-attendee"),
            "{}",
            l.attendee_url
        );
        assert!(
            l.moderator_url.contains("ks=minted-moderator"),
            "{}",
            l.moderator_url
        );
        assert_eq!(
            (l.attendee_expires_at, l.moderator_expires_at, l.expires_at),
            (Some(5_000), 4_000, 4_000)
        );
        assert_eq!(
            assemble(&s, None, "0_live", "t", "0_rec", None, Some(&a), &m),
            Err(LinkError::NoPlayer)
        );
    }

    #[test]
    fn moderator_ks_privileges() {
        let (ks, exp) = moderator_ks(&settings(), "0_live", 10);
        let info = ks::verify(&ks, "s3cret").unwrap();
        assert_eq!(info.user_id, "producer");
        assert_eq!(exp, 10 + 86_400);
        assert_eq!(
            info.privileges_string(),
            "setrole:WEBCAST_PRODUCER_DEVICE_ROLE,sview:*,list:0_live,download:0_live"
        );
    }
}
