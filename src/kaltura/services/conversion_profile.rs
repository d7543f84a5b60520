//! `conversionProfile`: finds the live transcoding profile (`Default_Live`, shown as "Cloud
//! transcode", or the account's default live profile) and the Studio's slides profile
//! (`KMS54_NEW_DOC_CONV_IMAGE_WIDE`).

use super::{Pager, list_request};
use crate::kaltura::types::ConversionProfileType;
use crate::kaltura::wire::ApiRequest;
use serde::Serialize;

/// `KalturaConversionProfileFilter`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversionProfileFilter {
    /// One profile by ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_equal: Option<i64>,
    /// A profile by display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_equal: Option<String>,
    /// A profile by stable name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_name_equal: Option<String>,
    /// Media or live profiles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_equal: Option<ConversionProfileType>,
}

/// `conversionProfile.list(filter: KalturaConversionProfileFilter, pager)`.
pub fn list(filter: &ConversionProfileFilter, pager: Option<&Pager>) -> ApiRequest {
    list_request(
        "conversionProfile",
        "KalturaConversionProfileFilter",
        filter,
        pager,
    )
}

/// The profiles with this display name (the seed looks up `Cloud transcode`).
pub fn list_by_name(name: &str) -> ApiRequest {
    list(
        &ConversionProfileFilter {
            name_equal: Some(name.to_string()),
            ..Default::default()
        },
        None,
    )
}

/// The LIVE_STREAM profile with this system name (Kaltura's sample looks up `Default_Live`);
/// without the type a name lookup can answer a VOD profile, which a live entry refuses.
pub fn list_live_by_system_name(system_name: &str) -> ApiRequest {
    list(
        &ConversionProfileFilter {
            system_name_equal: Some(system_name.to_string()),
            type_equal: Some(ConversionProfileType::LiveStream),
            ..Default::default()
        },
        None,
    )
}

/// `conversionProfile.getDefault(type)`: the account's default profile of that type (the one
/// a live entry added without a profile gets). Read-only.
pub fn get_default(profile_type: ConversionProfileType) -> ApiRequest {
    ApiRequest::new("conversionProfile", "getDefault")
        .param("type", profile_type.code())
        .read_only(true)
}

/// `conversionProfile.get(id)`.
pub fn get(id: i64) -> ApiRequest {
    ApiRequest::new("conversionProfile", "get").param("id", id)
}

/// The profile with this system name.
pub fn list_by_system_name(system_name: &str) -> ApiRequest {
    list(
        &ConversionProfileFilter {
            system_name_equal: Some(system_name.to_string()),
            ..Default::default()
        },
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lookups_by_name_and_system_name() {
        assert_eq!(
            list_by_name("Cloud transcode").params["filter"],
            json!({"objectType": "KalturaConversionProfileFilter", "nameEqual": "Cloud transcode"})
        );
        let req = list(
            &ConversionProfileFilter {
                type_equal: Some(ConversionProfileType::LiveStream),
                ..Default::default()
            },
            None,
        );
        assert_eq!(req.params["filter"]["typeEqual"], "2");
        assert_eq!(
            list_by_system_name("KMS54_NEW_DOC_CONV_IMAGE_WIDE").params["filter"]["systemNameEqual"],
            "KMS54_NEW_DOC_CONV_IMAGE_WIDE"
        );
        assert_eq!(req.wire_service(), "conversionprofile");
        assert_eq!(
            list_live_by_system_name("Default_Live").params["filter"],
            json!({"objectType": "KalturaConversionProfileFilter",
                   "systemNameEqual": "Default_Live", "typeEqual": "2"})
        );
        let default = get_default(ConversionProfileType::LiveStream);
        assert_eq!(default.name(), "conversionProfile.getDefault");
        assert_eq!(default.params["type"], "2");
        assert!(default.read_only);
        assert_eq!(get(5).params["id"], 5);
    }
}
