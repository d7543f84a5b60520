//! `shortlink_shortlink` (Kaltura's short-link plugin): `add` makes a short ID that
//! `{service}/tiny/{id}` redirects to a full URL. kwebcast shortens attendee links with it so
//! their QR codes fit a normal terminal (see `webcast::short_link`).

use crate::kaltura::wire::ApiRequest;
use serde::Serialize;

/// The service as Kaltura's official clients name it (plugin prefix included).
pub const SERVICE: &str = "shortlink_shortlink";
/// The object type of a short link on the wire.
pub const OBJECT_TYPE: &str = "KalturaShortLink";

/// The writable fields of `KalturaShortLink` for `add`; unset fields are omitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewShortLink {
    /// Where the short link leads (at least 10 characters).
    pub full_url: String,
    /// Unix time after which the link is no longer wanted (Kaltura keeps redirecting: the
    /// full URL's own KS expiry is what stops it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// A name shown in the KMC's list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A programmatic name (at least 3 characters), for lookups and clean-ups.
    pub system_name: String,
    /// The owner; Kaltura defaults it to the KS's user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// `shortLink.add(shortLink)`: answers the new `KalturaShortLink` with its `id`.
pub fn add(link: &NewShortLink) -> ApiRequest {
    ApiRequest::new(SERVICE, "add").object("shortLink", OBJECT_TYPE, link)
}

/// `shortLink.get(id)`.
pub fn get(id: &str) -> ApiRequest {
    ApiRequest::new(SERVICE, "get").param("id", id)
}

/// `{service}/tiny/{id}`: the public form of a short link.
pub fn tiny_url(service_url: &str, id: &str) -> String {
    format!("{}/tiny/{id}", service_url.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiny_urls_join_cleanly() {
        assert_eq!(
            tiny_url("https://www.kaltura.com/", "ab12"),
            "https://www.kaltura.com/tiny/ab12"
        );
        assert_eq!(
            tiny_url("http://127.0.0.1:9", "zz00"),
            "http://127.0.0.1:9/tiny/zz00"
        );
    }
}
