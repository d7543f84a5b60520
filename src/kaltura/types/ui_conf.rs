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
    /// HTML5 player URL.
    #[serde(deserialize_with = "lenient::string")]
    pub html5_url: String,
}

impl UiConf {
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
}
