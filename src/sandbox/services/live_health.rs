//! What Kaltura tells about a running live event (reference section 9):
//! `liveStream.getLiveStreamStats` (the audience now, cached as Kaltura caches it),
//! `entryServerNode.list` (the ingest points and their streams) and `report.getGraphs` of the
//! realtime audience (report type 10005).

use super::super::app::Ctx;
use super::super::audience;
use super::super::encoder;
use super::super::errors::{self, ApiError};
use super::super::params::{self, Params};
use super::super::store::{Store, now_ms};
use super::{check_filter_type, split_list};
use serde_json::{Value, json};

/// How long Kaltura keeps a `getLiveStreamStats` answer, seconds (divided by `--speed`).
pub const STATS_CACHE_S: f64 = 20.0;

/// `liveStream.getLiveStreamStats(entryId)` → `KalturaLiveStreamStats {liveViewers}`. Works
/// with any KS or none (the partner comes from the entry, as for `isLive`); an unknown or
/// non-live entry is `INVALID_ENTRY_ID`; the figure is cached per entry for 20 s ÷ speed.
pub fn get_live_stream_stats(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let id = params::req_str(ctx.params, "entryId")?;
    ctx.authorize_optional()?;
    if store.entry(&id).is_none_or(|e| e.entry_type() != 7) {
        return Err(errors::invalid_entry_id(&id));
    }
    let ttl_ms = super::super::lifecycle::delay_ms(STATS_CACHE_S, ctx.app.speed);
    let viewers = {
        let mut cache = ctx.app.stats_cache.lock().map_err(|_| errors::internal())?;
        match cache.get(&id) {
            Some(&(v, at)) if ctx.now_ms - at < ttl_ms => v,
            _ => {
                let v = audience::viewers(store, &id, ctx.now_ms, ctx.app.speed);
                if cache.len() > 10_000 {
                    cache.clear(); // bound the memory; the cache is only a cost saving
                }
                cache.insert(id.clone(), (v, ctx.now_ms));
                v
            }
        }
    };
    Ok(json!({"liveViewers": viewers, "objectType": "KalturaLiveStreamStats"}))
}

/// `entryServerNode.list(filter, pager)`: the connected ingest points of live entries. As
/// Kaltura's `KalturaEntryServerNodeFilter::getListResponse`: a filter on neither entries nor
/// server type is `MUST_FILTER_ON_ENTRY_AND_SERVER_TYPE`; an unknown `entryIdEqual` is
/// `ENTRY_ID_NOT_FOUND`, so is an `entryIdIn` naming no known entry; the pager is not applied.
pub fn entry_server_node_list(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let empty = Params::new();
    let filter = params::opt_obj(ctx.params, "filter").unwrap_or(&empty);
    check_filter_type(filter, "EntryServerNodeFilter")?;
    let entry_equal = params::opt_str(filter, "entryIdEqual").filter(|s| !s.is_empty());
    let entry_in = params::opt_str(filter, "entryIdIn").filter(|s| !s.is_empty());
    let server_type = params::opt_enum_str(
        filter,
        "serverTypeEqual",
        &["0", "1", "2", "3"],
        "KalturaEntryServerNodeType",
    )?;
    let status_equal = params::opt_int(filter, "statusEqual")?;
    ctx.authorize(false)?;
    if entry_equal.is_none() && entry_in.is_none() && server_type.is_none() {
        return Err(errors::must_filter_on_entry_and_server_type());
    }
    let known = |id: &str| store.entry(id).is_some();
    if let Some(id) = &entry_equal
        && !known(id)
    {
        return Err(errors::entry_not_found(id));
    }
    let ids: Option<Vec<String>> = entry_in.as_deref().map(|s| {
        let mut ids = split_list(s);
        ids.truncate(500);
        ids
    });
    if let (Some(ids), Some(raw)) = (&ids, &entry_in)
        && !ids.iter().any(|id| known(id))
    {
        return Err(errors::entry_not_found(raw));
    }
    let objects: Vec<Value> = store
        .server_nodes
        .iter()
        .filter(|n| {
            let entry = n.get("entryId").and_then(Value::as_str).unwrap_or("");
            known(entry)
                && entry_equal.as_deref().is_none_or(|e| e == entry)
                && ids
                    .as_ref()
                    .is_none_or(|ids| ids.iter().any(|i| i == entry))
                && server_type
                    .as_deref()
                    .is_none_or(|t| n.get("serverType").and_then(Value::as_str) == Some(t))
                && status_equal.is_none_or(|s| n.get("status").and_then(Value::as_i64) == Some(s))
        })
        .map(|n| Value::Object(n.clone()))
        .collect();
    Ok(json!({
        "totalCount": objects.len(),
        "objects": objects,
        "objectType": "KalturaEntryServerNodeListResponse",
    }))
}

/// The graphs of report 10005, as Kaltura's KAVA reports name them.
const REALTIME_GRAPHS: &[&str] = &[
    "view_unique_audience",
    "view_unique_engaged_users",
    "views",
    "avg_view_engagement",
];
/// Points one graph may hold (Kaltura caps report results too).
const MAX_POINTS: i64 = 1000;

/// `report.getGraphs(reportType, reportInputFilter, dimension, objectIds, responseOptions)` for
/// report 10005 (USERS_OVERVIEW_REALTIME): the simulated audience of `entryIdIn` in buckets of
/// `interval` (`ten_seconds`, the default here, or `minutes`) from `fromDate` to `toDate`, as
/// `KalturaReportGraph` objects (`"time|value;…"` with the delimiter asked, Unix seconds).
/// Other report types are not simulated (`INVALID_ENUM_VALUE`).
pub fn report_get_graphs(store: &mut Store, ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let report_type = params::opt_str(ctx.params, "reportType")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| errors::missing_parameter("reportType"))?;
    let filter = params::opt_obj(ctx.params, "reportInputFilter")
        .ok_or_else(|| errors::missing_parameter("reportInputFilter"))?;
    if let Some(t) = params::opt_str(filter, "objectType")
        && !(t.starts_with("Kaltura") && t.ends_with("ReportInputFilter"))
    {
        return Err(errors::invalid_object_type(&t));
    }
    let from = params::opt_int(filter, "fromDate")?.unwrap_or(0);
    let to = params::opt_int(filter, "toDate")?.unwrap_or(0);
    let step = match params::opt_str(filter, "interval").as_deref() {
        None | Some("") | Some("ten_seconds") => 10,
        Some("minutes") => 60,
        Some(other) => {
            return Err(errors::invalid_enum(
                other,
                "interval",
                "KalturaReportInterval",
            ));
        }
    };
    let ids = split_list(&params::opt_str(filter, "entryIdIn").unwrap_or_default());
    let options = params::opt_obj(ctx.params, "responseOptions");
    let delimiter = options
        .and_then(|o| params::opt_str(o, "delimiter"))
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| ",".into());
    let skip_empty = match options {
        Some(o) => params::opt_bool(o, "skipEmptyDates")?.unwrap_or(false),
        None => false,
    };
    ctx.authorize(false)?;
    if report_type != "10005" {
        return Err(errors::invalid_enum(
            &report_type,
            "reportType",
            "KalturaReportType",
        ));
    }
    let now = now_ms();
    for id in &ids {
        audience::observe(store, id, now, ctx.app.speed);
    }
    let start = from.div_euclid(step) * step;
    let buckets = ((to - start) / step + 1).clamp(0, MAX_POINTS);
    let points: Vec<(i64, i64)> = (0..buckets)
        .map(|i| start + i * step)
        .filter(|t| *t * 1000 <= now)
        .map(|t| {
            // A bucket counts who watched during it: the audience at its end (or now).
            let at = ((t + step) * 1000 - 1).min(now);
            let viewers = ids
                .iter()
                .filter_map(|id| store.entry(id))
                .filter(|e| e.entry_type() == 7)
                .map(|e| audience::level_at(e, at, ctx.app.speed))
                .sum::<i64>();
            (t, viewers)
        })
        .filter(|(_, v)| !skip_empty || *v > 0)
        .collect();
    let graph = |id: &str, value: &dyn Fn(i64) -> String| {
        let data: String = points
            .iter()
            .map(|(t, v)| format!("{t}{delimiter}{};", value(*v)))
            .collect();
        json!({"id": id, "data": data, "objectType": "KalturaReportGraph"})
    };
    let graphs: Vec<Value> = REALTIME_GRAPHS
        .iter()
        .map(|id| match *id {
            "view_unique_audience" => graph(id, &|v| v.to_string()),
            "view_unique_engaged_users" => graph(id, &|v| (v * 4 / 5).to_string()),
            "views" => graph(id, &|v| ((v + 5) / 6).to_string()),
            _ => graph(id, &|v| if v > 0 { "0.8".into() } else { "0".into() }),
        })
        .collect();
    Ok(Value::Array(graphs))
}

/// The ingest points of a deleted entry go with it.
pub fn forget_entry(store: &mut Store, id: &str) {
    encoder::remove_all(store, id);
}
