//! `KalturaShortLink` as Kaltura answers it (the fields kwebcast reads).

use super::lenient;
use serde::Deserialize;

/// A short link: `{service}/tiny/{id}` redirects to `full_url`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShortLink {
    /// The short ID (4 characters `[0-9a-z]` on Kaltura's servers).
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: String,
    /// Where it leads.
    #[serde(default, deserialize_with = "lenient::exact")]
    pub full_url: String,
    /// When it is no longer wanted (0: never).
    #[serde(default, deserialize_with = "lenient::int")]
    pub expires_at: i64,
    /// 1 DISABLED, 2 ENABLED, 3 DELETED.
    #[serde(default, deserialize_with = "lenient::int")]
    pub status: i64,
}
