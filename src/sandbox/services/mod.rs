//! The simulated services, one file each, and what they share: per-caller entry views, entry
//! filters, pagers and list responses.

mod app_token;
mod broadcasting;
mod conversion;
mod deletion;
mod entries;
mod live_health;
mod live_stream;
mod metadata;
mod metadata_schema;
mod profiles;
mod session;
pub mod short_link;

use super::app::Ctx;
use super::auth::Caller;
use super::errors::{self, ApiError};
use super::params::{self, Params};
use super::store::{Entry, Obj, Store};

pub use app_token::is_revoked;
use serde_json::{Value, json};

/// Runs a resolved `service.action` (names are canonical; see `app::resolve`).
pub fn dispatch(
    service: &str,
    action: &str,
    store: &mut Store,
    ctx: &Ctx<'_>,
) -> Result<Value, ApiError> {
    match (service, action) {
        ("session", "start") => session::start(store, ctx),
        ("session", "get") => session::get(ctx),
        ("session", "startWidgetSession") => session::start_widget_session(store, ctx),
        ("appToken", "add") => app_token::add(store, ctx),
        ("appToken", "get") => app_token::get(store, ctx),
        ("appToken", "list") => app_token::list(store, ctx),
        ("appToken", "update") => app_token::update(store, ctx),
        ("appToken", "delete") => app_token::delete(store, ctx),
        ("appToken", "startSession") => app_token::start_session(store, ctx),
        ("liveStream", "add") => live_stream::add(store, ctx),
        ("liveStream", "get") => entries::get(store, ctx, Some(7)),
        ("liveStream", "update") => live_stream::update(store, ctx),
        ("liveStream", "delete") => deletion::delete(store, ctx, Some(7)),
        ("liveStream", "list") => {
            entries::list(store, ctx, Some(7), "KalturaLiveStreamListResponse")
        }
        ("liveStream", "isLive") => live_stream::is_live(store, ctx),
        ("liveStream", "getLiveStreamStats") => live_health::get_live_stream_stats(store, ctx),
        ("entryServerNode", "list") => live_health::entry_server_node_list(store, ctx),
        ("report", "getGraphs") => live_health::report_get_graphs(store, ctx),
        ("baseEntry", "get") => entries::get(store, ctx, None),
        ("baseEntry", "list") => entries::list(store, ctx, None, "KalturaBaseEntryListResponse"),
        ("baseEntry", "delete") => deletion::delete(store, ctx, None),
        ("media", "get") => entries::get(store, ctx, Some(1)),
        ("media", "list") => entries::list(store, ctx, Some(1), "KalturaMediaListResponse"),
        ("media", "delete") => deletion::delete(store, ctx, Some(1)),
        ("conversionProfile", "list") => conversion::list(store, ctx),
        ("conversionProfile", "get") => conversion::get(store, ctx),
        ("conversionProfile", "getDefault") => conversion::get_default(store, ctx),
        ("conversionProfile", "update") => conversion::update(store, ctx),
        ("metadataProfile", "list") => profiles::metadata_profiles(store, ctx),
        ("metadataProfile", "get") => profiles::metadata_profile(store, ctx),
        ("uiConf", "listTemplates") => profiles::ui_confs(store, ctx, true),
        ("uiConf", "list") => profiles::ui_confs(store, ctx, false),
        ("uiConf", "get") => profiles::ui_conf(store, ctx),
        ("metadata", "add") => metadata::add(store, ctx),
        ("metadata", "update") => metadata::update(store, ctx),
        ("metadata", "list") => metadata::list(store, ctx),
        ("metadata", "get") => metadata::get(store, ctx),
        ("shortLink", "add") => short_link::add(store, ctx),
        ("shortLink", "get") => short_link::get(store, ctx),
        ("shortLink", "list") => short_link::list(store, ctx),
        ("shortLink", "update") => short_link::update(store, ctx),
        ("shortLink", "delete") => short_link::delete(store, ctx),
        ("shortLink", "goto") => short_link::goto(store, ctx),
        _ => Err(errors::action_not_exists(
            &action.to_ascii_lowercase(),
            &service.to_ascii_lowercase(),
        )),
    }
}

/// Fields only an admin, the producer or an `edit:{id}` KS may read: the stream keys.
const INGEST_FIELDS: &[&str] = &[
    "streamPassword",
    "primaryBroadcastingUrl",
    "secondaryBroadcastingUrl",
    "primarySecuredBroadcastingUrl",
    "secondarySecuredBroadcastingUrl",
    "primaryRtspBroadcastingUrl",
    "secondaryRtspBroadcastingUrl",
    "primarySrtBroadcastingUrl",
    "secondarySrtBroadcastingUrl",
    "primarySrtStreamId",
    "secondarySrtStreamId",
    "srtPass",
];

/// The entry as this caller sees it: stream keys nulled (omitted, as Kaltura omits nulls)
/// for everyone but admin, producer and `edit:{id}`.
pub fn entry_view(entry: &Entry, caller: &Caller) -> Value {
    let mut obj = entry.obj.clone();
    if !caller.sees_ingest(entry) {
        for f in INGEST_FIELDS {
            obj.remove(*f);
        }
    }
    Value::Object(obj)
}

/// The `objectType` of a list filter, checked against what the action takes.
pub fn check_filter_type(filter: &Params, allowed_suffix: &str) -> Result<(), ApiError> {
    match params::opt_str(filter, "objectType") {
        Some(t) if !(t.starts_with("Kaltura") && t.ends_with(allowed_suffix)) => {
            Err(errors::invalid_object_type(&t))
        }
        _ => Ok(()),
    }
}

/// A Kaltura pager: `pageSize` default 30, max 500; `pageIndex` 1-based.
#[derive(Debug, Clone, Copy)]
pub struct Pager {
    size: usize,
    index: usize,
}

impl Pager {
    /// Reads `pager` from the call's parameters.
    pub fn from_params(p: &Params) -> Result<Pager, ApiError> {
        let (mut size, mut index) = (30, 1);
        if let Some(pager) = params::opt_obj(p, "pager") {
            if let Some(s) = params::opt_int(pager, "pageSize")? {
                size = if s <= 0 { 30 } else { s.min(500) };
            }
            if let Some(i) = params::opt_int(pager, "pageIndex")? {
                index = i.max(1);
            }
        }
        Ok(Pager {
            size: size as usize,
            index: index as usize,
        })
    }

    /// A list response of `kind` holding this page of `items`; `totalCount` counts them all.
    pub fn respond(self, items: Vec<Value>, kind: &str) -> Value {
        let total = items.len();
        let page: Vec<Value> = items
            .into_iter()
            .skip((self.index - 1).saturating_mul(self.size))
            .take(self.size)
            .collect();
        json!({"objects": page, "totalCount": total, "objectType": kind})
    }
}

/// `orderBy` on an object list: `+field`/`-field` over integer or string fields.
pub fn order(objs: &mut [Obj], order_by: Option<&str>, default: &str) {
    let spec = order_by.unwrap_or(default);
    let (desc, field) = match spec.split_at_checked(1) {
        Some(("-", f)) => (true, f),
        Some(("+", f)) => (false, f),
        _ => (false, spec),
    };
    objs.sort_by(|a, b| {
        let ord = compare(a.get(field), b.get(field));
        if desc { ord.reverse() } else { ord }
    });
}

fn compare(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .unwrap_or(0.0)
            .total_cmp(&y.as_f64().unwrap_or(0.0)),
        (Some(x), Some(y)) => params::text(x).cmp(&params::text(y)),
        (x, y) => x.is_some().cmp(&y.is_some()),
    }
}

/// Whether a string field equals the filter value (text comparison, numbers allowed).
pub fn field_eq(obj: &Obj, field: &str, want: &str) -> bool {
    obj.get(field).and_then(params::text).as_deref() == Some(want)
}

/// Splits a comma-separated `…In` filter value.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// Normalises booleans sent as `1`/`0`/`"true"` into JSON booleans for the stored object.
pub fn as_json_bool(v: &Value) -> Option<Value> {
    params::bool_of(v).ok().flatten().map(Value::Bool)
}
