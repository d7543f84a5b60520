//! The Kaltura Webcasting Studio: download links and the launch URL.
//!
//! The Studio is a desktop app the producer broadcasts from. Its downloads come from the
//! WEBCASTING uiConf template's `config` JSON; the browser launcher (`KAppLauncher.js`) starts it
//! with `KalturaWebcast:` + base64 of the parameters encoded as jQuery's `$.param` does. We build
//! the same string so the installed Studio opens the event exactly as from KMS.

use super::encode::jquery_param;
use super::links::{broadcaster_request, sign_user_ks};
use super::settings::WebcastSettings;
use super::time::iso_utc;
use super::xml::Schedule;
use crate::kaltura::client::IssuedKs;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;

/// The URL scheme the Studio registers.
pub const LAUNCH_SCHEME: &str = "KalturaWebcast:";

/// Everything needed to start broadcasting an event from the Studio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StudioInfo {
    /// Studio installer for Windows.
    pub windows_url: String,
    /// Studio installer for macOS.
    pub mac_url: String,
    /// `KalturaWebcast:…` for a desktop with the Studio installed.
    pub launch_url: String,
    /// The launch parameters in order (they carry the broadcaster's KS: treat as secret-ish).
    pub params: Vec<(String, String)>,
    /// When the Studio KS inside the parameters expires (Unix seconds).
    pub expires_at: i64,
}

/// The Studio downloads read from the template's `config` JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StudioDownloads {
    /// `config.windows.recommendedVersionUrl`.
    pub windows_url: String,
    /// `config.osx.recommendedVersionUrl`.
    pub mac_url: String,
}

/// Reads the download URLs from a WEBCASTING uiConf's `config` (a JSON string, kept exact by the
/// decode so it parses); `None` when it is not JSON or has neither URL. The URLs are shown, so
/// they are cleaned here, where they leave the JSON ([`crate::text::line`]).
pub fn parse_downloads(config: &str) -> Option<StudioDownloads> {
    let v: serde_json::Value = serde_json::from_str(config).ok()?;
    let url = |os: &str| {
        let raw = v
            .get(os)
            .and_then(|o| o.get("recommendedVersionUrl"))
            .and_then(|u| u.as_str())
            .unwrap_or_default();
        crate::text::line(raw).trim().to_string()
    };
    let d = StudioDownloads {
        windows_url: url("windows"),
        mac_url: url("osx"),
    };
    (!d.windows_url.is_empty() || !d.mac_url.is_empty()).then_some(d)
}

/// Profile and uiConf IDs the Studio needs, found on the account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StudioIds {
    /// The WEBCASTING uiConf (the Studio's own UI configuration).
    pub studio_uiconf_id: Option<i64>,
    /// The player uiConf the Studio previews with.
    pub player_uiconf_id: Option<i64>,
    /// `KMS_EVENTS3` metadata profile.
    pub events_profile_id: Option<i64>,
    /// `KMS_KWEBCAST2` metadata profile.
    pub kwebcast_profile_id: Option<i64>,
    /// Slides conversion profile.
    pub slides_profile_id: Option<i64>,
}

fn id_text(id: Option<i64>) -> String {
    id.map(|i| i.to_string()).unwrap_or_default()
}

/// The launch parameters in the order the reference lists them (section 3, step 6), with the
/// broadcaster's KS signed with the settings' secret.
pub fn launch_params(
    settings: &WebcastSettings,
    entry_id: &str,
    ids: &StudioIds,
    schedule: Option<&Schedule>,
    now: i64,
) -> (Vec<(String, String)>, i64) {
    let req = broadcaster_request(settings, entry_id, now);
    let ks = IssuedKs {
        ks: sign_user_ks(settings, &req.user_id, &req.privileges, req.expires_at),
        expires_at: req.expires_at,
    };
    launch_params_with(settings, entry_id, ids, schedule, &ks)
}

/// The launch parameters with the broadcaster's KS issued for
/// [`broadcaster_request`](super::links::broadcaster_request).
pub fn launch_params_with(
    settings: &WebcastSettings,
    entry_id: &str,
    ids: &StudioIds,
    schedule: Option<&Schedule>,
    broadcaster: &IssuedKs,
) -> (Vec<(String, String)>, i64) {
    let (ks, expires_at) = (broadcaster.ks.clone(), broadcaster.expires_at);
    let t = |b: bool| if b { "true" } else { "false" }.to_string();
    let s = |v: &str| v.to_string();
    let params = vec![
        (s("ks"), ks),
        (s("ks_expiry"), iso_utc(expires_at)),
        (s("MediaEntryId"), s(entry_id)),
        (s("uiConfID"), id_text(ids.studio_uiconf_id)),
        (s("serverAddress"), s(settings.service_base())),
        (s("eventsMetadataProfileId"), id_text(ids.events_profile_id)),
        (
            s("kwebcastMetadataProfileId"),
            id_text(ids.kwebcast_profile_id),
        ),
        (s("appName"), s(&settings.app_name)),
        (s("logoUrl"), s(&settings.logo_url)),
        (s("instanceProfile"), s(&settings.app_name)),
        (
            s("fromDate"),
            schedule.map(|x| iso_utc(x.start)).unwrap_or_default(),
        ),
        (
            s("toDate"),
            schedule.map(|x| iso_utc(x.end)).unwrap_or_default(),
        ),
        (s("userId"), s(&settings.broadcaster_user)),
        (s("userRole"), s("adminRole")),
        (s("QnAEnabled"), t(true)),
        (s("pollsEnabled"), t(true)),
        (s("selfServeEnabled"), t(true)),
        (s("verifySSL"), t(true)),
        (s("debuggingMode"), t(false)),
        (s("playerUIConf"), id_text(ids.player_uiconf_id)),
        (
            s("presentationConversionProfileId"),
            id_text(ids.slides_profile_id),
        ),
        (s("referer"), s(&settings.app_domain)),
        (s("appHostUrl"), s(&settings.app_domain)),
    ];
    (params, expires_at)
}

/// `KalturaWebcast:` + base64 (standard, padded: what the browser's `btoa` gives) of the
/// jQuery-encoded parameters.
pub fn launch_url(params: &[(String, String)]) -> String {
    format!("{LAUNCH_SCHEME}{}", STANDARD.encode(jquery_param(params)))
}

/// Assembles [`StudioInfo`] with the broadcaster's KS signed with the settings' secret.
pub fn build(
    settings: &WebcastSettings,
    entry_id: &str,
    downloads: &StudioDownloads,
    ids: &StudioIds,
    schedule: Option<&Schedule>,
    now: i64,
) -> StudioInfo {
    let (params, expires_at) = launch_params(settings, entry_id, ids, schedule, now);
    studio_info(downloads, params, expires_at)
}

/// Assembles [`StudioInfo`] with the broadcaster's issued KS.
pub fn build_with(
    settings: &WebcastSettings,
    entry_id: &str,
    downloads: &StudioDownloads,
    ids: &StudioIds,
    schedule: Option<&Schedule>,
    broadcaster: &IssuedKs,
) -> StudioInfo {
    let (params, expires_at) = launch_params_with(settings, entry_id, ids, schedule, broadcaster);
    studio_info(downloads, params, expires_at)
}

fn studio_info(
    downloads: &StudioDownloads,
    params: Vec<(String, String)>,
    expires_at: i64,
) -> StudioInfo {
    StudioInfo {
        windows_url: downloads.windows_url.clone(),
        mac_url: downloads.mac_url.clone(),
        launch_url: launch_url(&params),
        params,
        expires_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kaltura::secret::AdminSecret;

    #[test]
    fn downloads_from_template_config() {
        let cfg = r#"{"osx":{"recommendedVersion":"2.1","recommendedVersionUrl":"https://x/mac.dmg"},
                      "windows":{"recommendedVersionUrl":"https://x/win.exe"}}"#;
        let d = parse_downloads(cfg).unwrap();
        assert_eq!(d.mac_url, "https://x/mac.dmg");
        assert_eq!(d.windows_url, "https://x/win.exe");
        assert_eq!(parse_downloads("not json"), None);
        assert_eq!(parse_downloads("{}"), None);
    }

    #[test]
    fn launch_url_decodes_to_the_parameters() {
        let s = WebcastSettings::new(7, "https://www.kaltura.com/", AdminSecret::new("k"));
        let ids = StudioIds {
            studio_uiconf_id: Some(21),
            events_profile_id: Some(3),
            ..StudioIds::default()
        };
        let sched = Schedule {
            start: 0,
            end: 3600,
            timezone: "UTC".into(),
        };
        let info = build(
            &s,
            "0_abc",
            &StudioDownloads::default(),
            &ids,
            Some(&sched),
            100,
        );
        let b64 = info.launch_url.strip_prefix(LAUNCH_SCHEME).unwrap();
        let query = String::from_utf8(STANDARD.decode(b64).unwrap()).unwrap();
        let decoded: Vec<(String, String)> = serde_urlencoded::from_str(&query).unwrap();
        assert_eq!(decoded, info.params);
        assert!(query.contains(
            "&MediaEntryId=0_abc&uiConfID=21&serverAddress=https%3A%2F%2Fwww.kaltura.com&"
        ));
        assert!(query.contains(
            "&fromDate=1970-01-01T00%3A00%3A00%2B00%3A00&toDate=1970-01-01T01%3A00%3A00%2B00%3A00&"
        ));
        assert!(query.contains("&QnAEnabled=true&pollsEnabled=true&selfServeEnabled=true&verifySSL=true&debuggingMode=false&"));
        assert_eq!(info.expires_at, 100 + 86_400);
    }

    #[test]
    fn the_studio_runs_as_the_broadcaster() {
        let mut s = WebcastSettings::new(7, "https://www.kaltura.com/", AdminSecret::new("k"));
        s.moderator_user = "mod".into();
        s.broadcaster_user = "cast".into();
        let (params, _) = launch_params(&s, "0_abc", &StudioIds::default(), None, 100);
        let get = |k: &str| params.iter().find(|(n, _)| n == k).unwrap().1.clone();
        assert_eq!(get("userId"), "cast");
        let info = crate::kaltura::ks::verify(&get("ks"), "k").unwrap();
        assert_eq!(info.user_id, "cast");
        assert_eq!(
            info.privileges_string(),
            "setrole:WEBCAST_PRODUCER_DEVICE_ROLE,sview:*,list:0_abc,download:0_abc"
        );
    }
}
