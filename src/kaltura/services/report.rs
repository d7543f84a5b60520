//! `report`: Kaltura's analytics. kwebcast asks one report, the realtime audience of a live
//! entry (`USERS_OVERVIEW_REALTIME`, 10005), as Kaltura's live analytics page does.

use crate::kaltura::wire::ApiRequest;
use serde::Serialize;

/// `KalturaReportType` 10005 USERS_OVERVIEW_REALTIME: viewers of live entries in 10-second
/// buckets (a string enum on the wire).
pub const USERS_OVERVIEW_REALTIME: &str = "10005";

/// `KalturaEndUserReportInputFilter`: which entries and which time window.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndUserReportInputFilter {
    /// Comma-separated entry IDs.
    pub entry_id_in: String,
    /// Start, Unix seconds.
    pub from_date: i64,
    /// End, Unix seconds.
    pub to_date: i64,
    /// Bucket size: `ten_seconds` for the realtime reports.
    pub interval: String,
    /// Minutes to add to UTC to get the local time, negated (JavaScript's
    /// `getTimezoneOffset()`: -120 for UTC+2), as Kaltura's front ends send it.
    pub time_zone_offset: i64,
}

/// `KalturaReportResponseOptions`: how graph points are written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportResponseOptions {
    /// Between a point's time and value (`|`).
    pub delimiter: String,
    /// False: buckets without data come as 0, so the graph has no holes.
    pub skip_empty_dates: bool,
}

/// `report.getGraphs(reportType, reportInputFilter, responseOptions)` → an array of
/// `KalturaReportGraph`. Read-only (a poll carrying it may be retried).
pub fn get_graphs(
    report_type: &str,
    filter: &EndUserReportInputFilter,
    options: &ReportResponseOptions,
) -> ApiRequest {
    ApiRequest::new("report", "getGraphs")
        .param("reportType", report_type)
        .object(
            "reportInputFilter",
            "KalturaEndUserReportInputFilter",
            filter,
        )
        .object("responseOptions", "KalturaReportResponseOptions", options)
        .read_only(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn asks_the_realtime_audience_as_the_live_analytics_page_does() {
        let req = get_graphs(
            USERS_OVERVIEW_REALTIME,
            &EndUserReportInputFilter {
                entry_id_in: "0_a".into(),
                from_date: 800,
                to_date: 970,
                interval: "ten_seconds".into(),
                time_zone_offset: -120,
            },
            &ReportResponseOptions {
                delimiter: "|".into(),
                skip_empty_dates: false,
            },
        );
        assert!(req.read_only);
        assert_eq!(
            Value::Object(req.params),
            json!({"reportType": "10005",
                "reportInputFilter": {"objectType": "KalturaEndUserReportInputFilter", "entryIdIn": "0_a",
                    "fromDate": 800, "toDate": 970, "interval": "ten_seconds", "timeZoneOffset": -120},
                "responseOptions": {"objectType": "KalturaReportResponseOptions", "delimiter": "|",
                    "skipEmptyDates": false}})
        );
    }
}
