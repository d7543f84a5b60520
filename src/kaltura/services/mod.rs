//! One module per Kaltura service, each a set of functions that build [`ApiRequest`]s with
//! Kaltura's exact parameter names. Nothing here performs a call: hand the requests to
//! [`crate::kaltura::client::KalturaClient::call`] or batch them in a multirequest.
//!
//! Public API (all return [`ApiRequest`]):
//! - [`session::start`], [`session::start_widget_session`], [`session::get`]
//! - [`app_token::add`], [`app_token::get`], [`app_token::list`], [`app_token::update`],
//!   [`app_token::delete`], [`app_token::start_session`]
//! - [`live_stream::add`], [`live_stream::get`], [`live_stream::list`], [`live_stream::update`],
//!   [`live_stream::delete`], [`live_stream::is_live`], [`live_stream::get_live_stream_stats`]
//! - [`entry_server_node::list`]; [`report::get_graphs`]
//! - [`base_entry::get`], [`base_entry::list`], [`base_entry::delete`]; [`media::get`],
//!   [`media::list`], [`media::delete`]
//! - [`metadata::add`], [`metadata::update`], [`metadata::update_if_version`],
//!   [`metadata::get`], [`metadata::list`],
//!   [`metadata::list_for_object`]
//! - [`metadata_profile::get`], [`metadata_profile::list`], [`metadata_profile::list_by_system_name`]
//! - [`ui_conf::get`], [`ui_conf::list`], [`ui_conf::list_templates`]
//! - [`conversion_profile::list`], [`conversion_profile::list_by_name`],
//!   [`conversion_profile::list_by_system_name`], [`conversion_profile::list_live_by_system_name`],
//!   [`conversion_profile::get`], [`conversion_profile::get_default`]
//! - [`short_link::add`], [`short_link::get`] (`shortlink_shortlink`)
//!
//! Filters: [`filter::EntryFilter`], [`filter::Pager`], [`metadata::MetadataFilter`],
//! [`metadata_profile::MetadataProfileFilter`], [`ui_conf::UiConfFilter`],
//! [`conversion_profile::ConversionProfileFilter`].

pub mod app_token;
pub mod base_entry;
pub mod conversion_profile;
pub mod entry_server_node;
pub mod filter;
pub mod live_stream;
pub mod media;
pub mod metadata;
pub mod metadata_profile;
pub mod report;
pub mod session;
pub mod short_link;
pub mod ui_conf;

pub use filter::{EntryFilter, Pager};

use crate::kaltura::wire::ApiRequest;
use serde::Serialize;

/// A `list` call: `filter` under its `objectType`, and the pager when given (Kaltura wants an
/// unset pager omitted).
pub(crate) fn list_request(
    service: &str,
    filter_type: &str,
    filter: &impl Serialize,
    pager: Option<&Pager>,
) -> ApiRequest {
    let req = ApiRequest::new(service, "list").object("filter", filter_type, filter);
    match pager {
        Some(p) => req.object("pager", Pager::OBJECT_TYPE, p),
        None => req,
    }
}
