//! The audience of a live event: how many watch now (`liveStream.getLiveStreamStats`, asked in
//! the poll's own multirequest for live events only), the peak and the last 30 minutes as the
//! polls saw them ([`AudienceHistory`], bounded), and Kaltura's realtime audience graph of one
//! event (`report.getGraphs` 10005, [`RealtimeAudience`]) when the account has it.

use crate::kaltura::services::report::{
    self, EndUserReportInputFilter, ReportResponseOptions, USERS_OVERVIEW_REALTIME,
};
use crate::kaltura::types::ReportGraph;
use crate::kaltura::wire::ApiRequest;
use std::collections::VecDeque;

/// How far back the history (and the board's sparkline) reaches, seconds.
pub const HISTORY_SECS: i64 = 30 * 60;
/// Samples closer than this to the previous one are not kept, seconds: the history holds at
/// most `HISTORY_SECS / SAMPLE_GAP_SECS` samples per event, whatever the poll interval.
pub const SAMPLE_GAP_SECS: i64 = 10;
/// The most samples one history keeps (a clock jumping back cannot grow it either).
pub const MAX_SAMPLES: usize = (HISTORY_SECS / SAMPLE_GAP_SECS) as usize + 1;
/// Kaltura's guidance: ask for viewer counts about every 30 seconds (it caches them ~20 s).
pub const DEFAULT_VIEWERS_INTERVAL_SECS: i64 = 30;

/// `1234567` → `1,234,567`: viewer counts and bitrates as people read them.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// The highest audience seen, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Peak {
    /// Viewers.
    pub viewers: i64,
    /// Unix seconds.
    pub at: i64,
}

/// One event's audience as successive polls saw it: the last 30 minutes (at most one sample
/// per 10 s) and the peak since watching began.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AudienceHistory {
    samples: VecDeque<(i64, i64)>,
    peak: Option<Peak>,
}

impl AudienceHistory {
    /// Records `viewers` seen at `at` (Unix seconds). The peak always counts it; the history
    /// keeps it unless the last sample is under [`SAMPLE_GAP_SECS`] old (then the higher of
    /// the two stays), and forgets samples older than [`HISTORY_SECS`].
    pub fn record(&mut self, at: i64, viewers: i64) {
        let viewers = viewers.max(0);
        if self.peak.is_none_or(|p| viewers > p.viewers) {
            self.peak = Some(Peak { viewers, at });
        }
        match self.samples.back_mut() {
            Some(last) if at - last.0 < SAMPLE_GAP_SECS => last.1 = last.1.max(viewers),
            _ => self.samples.push_back((at, viewers)),
        }
        while self
            .samples
            .front()
            .is_some_and(|(t, _)| at - t > HISTORY_SECS)
            || self.samples.len() > MAX_SAMPLES
        {
            self.samples.pop_front();
        }
    }

    /// The peak since watching began.
    pub fn peak(&self) -> Option<Peak> {
        self.peak
    }

    /// The latest sample.
    pub fn latest(&self) -> Option<(i64, i64)> {
        self.samples.back().copied()
    }

    /// How many samples are kept (for the bound's test).
    pub fn len(&self) -> usize {
        self.samples.len()
    }

    /// True before the first sample.
    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }

    /// The last [`HISTORY_SECS`] before `now` in `width` equal buckets, oldest first: each the
    /// highest sample in it, or `None` where no poll saw the event live.
    pub fn buckets(&self, now: i64, width: usize) -> Vec<Option<i64>> {
        let mut out = vec![None; width];
        if width == 0 {
            return out;
        }
        let start = now - HISTORY_SECS;
        for &(t, v) in &self.samples {
            if t < start || t > now {
                continue;
            }
            let i = (((t - start) as i128 * width as i128) / HISTORY_SECS as i128) as usize;
            let slot = &mut out[i.min(width - 1)];
            *slot = Some(slot.map_or(v, |old: i64| old.max(v)));
        }
        out
    }
}

/// Bars from low to high.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A text sparkline of `values`, scaled to their highest: `▁` is zero, `█` the highest, a space
/// where there is no value.
pub fn sparkline(values: &[Option<i64>]) -> String {
    let top = values.iter().flatten().copied().max().unwrap_or(0).max(1);
    values
        .iter()
        .map(|v| match v {
            None => ' ',
            Some(v) => {
                let level = (v.max(&0) * (BARS.len() as i64 - 1) + top - 1) / top;
                BARS[level.clamp(0, BARS.len() as i64 - 1) as usize]
            }
        })
        .collect()
}

/// Kaltura's realtime audience of one event (report 10005, `view_unique_audience`): points 10
/// seconds apart over the last ~3 minutes, as its live analytics page shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RealtimeAudience {
    /// The live entry.
    pub entry_id: String,
    /// (Unix seconds, viewers), oldest first.
    pub points: Vec<(i64, i64)>,
}

impl RealtimeAudience {
    /// Viewers now by Kaltura's realtime report: the last point.
    pub fn now(&self) -> Option<i64> {
        self.points.last().map(|p| p.1)
    }
}

/// The graph a realtime audience is read from.
pub const AUDIENCE_GRAPH: &str = "view_unique_audience";
/// The delimiter asked between a point's time and value.
const POINT_DELIMITER: &str = "|";

/// `report.getGraphs` of the realtime audience of `entry_id` at `now`, as Kaltura's live
/// analytics page asks it: from 200 s ago to 30 s ago (rounded down to 10 s: the last buckets
/// are still filling), 10-second buckets, no holes. `tz_offset_minutes` is JavaScript's
/// `getTimezoneOffset()` (UTC minus local time).
pub fn realtime_request(entry_id: &str, now: i64, tz_offset_minutes: i64) -> ApiRequest {
    report::get_graphs(
        USERS_OVERVIEW_REALTIME,
        &EndUserReportInputFilter {
            entry_id_in: entry_id.to_string(),
            from_date: now - 200,
            to_date: (now - 30).div_euclid(10) * 10,
            interval: "ten_seconds".into(),
            time_zone_offset: tz_offset_minutes,
        },
        &ReportResponseOptions {
            delimiter: POINT_DELIMITER.into(),
            skip_empty_dates: false,
        },
    )
}

/// This machine's offset as JavaScript's `getTimezoneOffset()` gives it (UTC minus local, in
/// minutes): what Kaltura's front ends send as `timeZoneOffset`.
pub fn local_tz_offset_minutes() -> i64 {
    let now = jiff::Timestamp::now();
    let offset = jiff::tz::TimeZone::system().to_offset(now);
    -i64::from(offset.seconds()) / 60
}

/// The realtime audience of `entry_id` from a `getGraphs` answer: the `view_unique_audience`
/// graph's points (`time|value;…`; times in Unix seconds or `YYYYMMDDhhmmss`, values may be
/// decimals). Unreadable points are skipped; no such graph gives no points.
pub fn realtime_from_graphs(entry_id: &str, graphs: &[ReportGraph]) -> RealtimeAudience {
    let points = graphs
        .iter()
        .find(|g| g.id == AUDIENCE_GRAPH)
        .map(|g| parse_points(&g.data))
        .unwrap_or_default();
    RealtimeAudience {
        entry_id: entry_id.to_string(),
        points,
    }
}

fn parse_points(data: &str) -> Vec<(i64, i64)> {
    let mut points: Vec<(i64, i64)> = data
        .split(';')
        .filter_map(|p| {
            let (t, v) = p.split_once(POINT_DELIMITER)?;
            let value: f64 = v.trim().parse().ok()?;
            (value.is_finite() && value >= 0.0)
                .then_some((parse_time(t.trim())?, value.round() as i64))
        })
        .take(1000)
        .collect();
    points.sort_by_key(|p| p.0);
    points
}

/// Unix seconds, or `YYYYMMDDhhmmss` (UTC) as some Kaltura reports write times.
fn parse_time(t: &str) -> Option<i64> {
    if t.len() == 14 && t.bytes().all(|b| b.is_ascii_digit()) {
        let n = |r: std::ops::Range<usize>| t[r].parse::<i16>().ok();
        let dt = jiff::civil::DateTime::new(
            n(0..4)?,
            n(4..6)? as i8,
            n(6..8)? as i8,
            n(8..10)? as i8,
            n(10..12)? as i8,
            n(12..14)? as i8,
            0,
        )
        .ok()?;
        return dt
            .to_zoned(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp().as_second());
    }
    t.parse().ok()
}

/// True when Kaltura's refusal of the realtime graph means the account (or the session) has
/// no realtime analytics at all — the plugin is missing or the service is forbidden — so asking
/// again would not change it. Any other refusal (an expired KS, an internal error, a bad
/// argument) may pass: it is asked again at the next interval.
pub fn realtime_never_available(code: &str) -> bool {
    matches!(
        code,
        "SERVICE_FORBIDDEN"
            | "SERVICE_FORBIDDEN_CONTENT_BLOCKED"
            | "SERVICE_DOES_NOT_EXISTS"
            | "ACTION_DOES_NOT_EXISTS"
            | "FEATURE_FORBIDDEN"
            | "SERVICE_ACCESS_CONTROL_RESTRICTED"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_with_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(-1234567), "-1,234,567");
    }

    #[test]
    fn the_peak_counts_every_sample_and_the_history_stays_bounded() {
        let mut h = AudienceHistory::default();
        h.record(1000, 5);
        h.record(1003, 9);
        assert_eq!(h.len(), 1, "samples closer than 10 s merge");
        assert_eq!(h.latest(), Some((1000, 9)));
        h.record(1010, 4);
        assert_eq!(
            h.peak(),
            Some(Peak {
                viewers: 9,
                at: 1003
            })
        );
        // Two hours of polls every second: at most one sample per 10 s of the last 30 min.
        for t in 1011..1011 + 7200 {
            h.record(t, t % 50);
        }
        assert!(h.len() <= MAX_SAMPLES, "{}", h.len());
        assert!(h.len() >= MAX_SAMPLES - 2);
        assert_eq!(h.peak().map(|p| p.viewers), Some(49));
        // A clock jumping back does not grow it either.
        for t in 0..500 {
            h.record(t * 20, 1);
        }
        assert!(h.len() <= MAX_SAMPLES);
    }

    #[test]
    fn buckets_cover_the_last_half_hour_and_the_sparkline_scales_to_the_top() {
        let mut h = AudienceHistory::default();
        let now = 10_000;
        h.record(now - HISTORY_SECS - 5, 99); // too old for the window
        h.record(now - 1790, 10);
        h.record(now - 900, 40);
        h.record(now, 80);
        let b = h.buckets(now, 6);
        assert_eq!(b, [Some(10), None, None, Some(40), None, Some(80)]);
        assert_eq!(sparkline(&b), "▂  ▅ █");
        assert_eq!(sparkline(&[Some(0), Some(0)]), "▁▁");
        assert_eq!(sparkline(&[]), "");
        assert!(h.buckets(now, 0).is_empty());
    }

    #[test]
    fn realtime_points_come_from_the_audience_graph() {
        let graphs = vec![
            ReportGraph {
                id: "view_unique_engaged_users".into(),
                data: "1700000010|1;".into(),
            },
            ReportGraph {
                id: AUDIENCE_GRAPH.into(),
                data: "1700000020|12.0;1700000010|7;bad;1700000030|x;20231114221320|3;".into(),
            },
        ];
        let r = realtime_from_graphs("0_a", &graphs);
        assert_eq!(
            r.points,
            [(1_700_000_000, 3), (1_700_000_010, 7), (1_700_000_020, 12)]
        );
        assert_eq!(r.now(), Some(12));
        assert!(realtime_from_graphs("0_a", &[]).points.is_empty());
    }

    #[test]
    fn the_realtime_request_looks_back_200_to_30_seconds() {
        let req = realtime_request("0_a", 1_000_005, -60);
        let f = &req.params["reportInputFilter"];
        assert_eq!(f["fromDate"], 999_805);
        assert_eq!(f["toDate"], 999_970);
        assert_eq!(f["timeZoneOffset"], -60);
        assert_eq!(req.params["reportType"], "10005");
    }

    #[test]
    fn only_a_missing_or_forbidden_service_stops_the_realtime_graph() {
        for code in [
            "SERVICE_FORBIDDEN",
            "SERVICE_DOES_NOT_EXISTS",
            "ACTION_DOES_NOT_EXISTS",
        ] {
            assert!(realtime_never_available(code), "{code}");
        }
        for code in [
            "INVALID_KS",
            "INTERNAL_SERVERL_ERROR",
            "MISSING_MANDATORY_PARAMETER",
        ] {
            assert!(!realtime_never_available(code), "{code}");
        }
    }
}
