//! `KalturaConversionProfile`: the transcoding profiles a live entry and the Studio's slides need.

use super::enums::ConversionProfileType;
use super::lenient;
use serde::{Deserialize, Serialize};

/// A conversion (transcoding) profile.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ConversionProfile {
    /// The profile ID (`liveStream.add` takes it as `conversionProfileId`).
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// Display name (`Cloud transcode`).
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    /// Stable name (`KMS54_NEW_DOC_CONV_IMAGE_WIDE`).
    #[serde(deserialize_with = "lenient::string")]
    pub system_name: String,
    /// Media or live.
    #[serde(rename = "type", deserialize_with = "lenient::opt")]
    pub profile_type: Option<ConversionProfileType>,
    /// Status (a string enum: `"2"` enabled).
    #[serde(deserialize_with = "lenient::string")]
    pub status: String,
    /// Whether it is the partner's default.
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub is_default: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_a_live_profile() {
        let p: ConversionProfile =
            serde_json::from_value(json!({"id": 8, "name": "Cloud transcode",
            "type": "2", "status": 2, "isDefault": "0"}))
            .unwrap();
        assert_eq!(p.profile_type, Some(ConversionProfileType::LiveStream));
        assert_eq!(p.status, "2");
        assert_eq!(p.is_default, Some(false));
    }
}
