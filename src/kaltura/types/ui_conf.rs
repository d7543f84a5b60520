//! `KalturaUiConf`: player and Studio configurations. The WEBCASTING template's `config` (a JSON
//! string) holds the Studio's download URLs.

use super::enums::UiConfObjType;
use super::lenient;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A uiConf (player or Studio configuration).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UiConf {
    /// The uiConf ID (a player embed names it).
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// Display name.
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    /// What it configures.
    #[serde(deserialize_with = "lenient::opt")]
    pub obj_type: Option<UiConfObjType>,
    /// The configuration, a JSON document in a string; see [`UiConf::config_json`].
    #[serde(deserialize_with = "lenient::exact")]
    pub config: String,
    /// Extra variables (JSON in a string).
    #[serde(deserialize_with = "lenient::exact")]
    pub conf_vars: String,
    /// Tags.
    #[serde(deserialize_with = "lenient::string")]
    pub tags: String,
    /// Legacy player URL.
    #[serde(deserialize_with = "lenient::string")]
    pub swf_url: String,
    /// HTML5 player URL (set on v2 players, whose HTML5 library it names).
    #[serde(deserialize_with = "lenient::string")]
    pub html5_url: String,
    /// Creation time, Unix seconds.
    #[serde(deserialize_with = "lenient::int")]
    pub created_at: i64,
}

/// The tag that marks a v7 (Kaltura Player JS) player: what `embedPlaykitJs` can load, and how
/// KMC tells v7 players from v2 ones.
pub const V7_PLAYER_TAG: &str = "kalturaPlayerJs";

impl UiConf {
    /// A v7 player: a PLAYER uiConf tagged `kalturaPlayerJs` (tags are comma-separated and
    /// compared whole, case-insensitively). A v2 player (`html5Url` set, no such tag) makes
    /// `embedPlaykitJs` fail.
    pub fn is_v7_player(&self) -> bool {
        self.obj_type == Some(super::enums::UiConfObjType::Player)
            && self
                .tags
                .split(',')
                .any(|t| t.trim().eq_ignore_ascii_case(V7_PLAYER_TAG))
    }

    /// The `config` string parsed, or `None` when it is empty or not JSON.
    pub fn config_json(&self) -> Option<Value> {
        serde_json::from_str(&self.config).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_studio_template() {
        let u: UiConf = serde_json::from_value(json!({"id": "4567", "objType": 21,
            "config": "{\"osx\":{\"recommendedVersionUrl\":\"https://x/mac.dmg\"}}"}))
        .unwrap();
        assert_eq!(u.obj_type, Some(UiConfObjType::Webcasting));
        assert_eq!(
            u.config_json().unwrap()["osx"]["recommendedVersionUrl"],
            "https://x/mac.dmg"
        );
        assert_eq!(UiConf::default().config_json(), None);
    }

    #[test]
    fn tells_v7_players_from_v2_ones() {
        let v7: UiConf = serde_json::from_value(json!({"id": 1, "objType": 1,
            "tags": "player, kalturaPlayerJs ,ovp", "createdAt": 5}))
        .unwrap();
        assert!(v7.is_v7_player());
        assert_eq!(v7.created_at, 5);
        let v2: UiConf = serde_json::from_value(json!({"id": 2, "objType": 1,
            "tags": "html5studio,player,kalturaPlayerJsLegacy", "html5Url": "/html5/html5lib/v2.101/mwEmbedLoader.php"}))
        .unwrap();
        assert!(!v2.is_v7_player());
        let studio: UiConf =
            serde_json::from_value(json!({"id": 3, "objType": 21, "tags": "kalturaPlayerJs"}))
                .unwrap();
        assert!(!studio.is_v7_player());
    }
}
