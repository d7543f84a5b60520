//! Event times as operators type them: RFC 3339 (`2026-12-01T15:00:00Z`) or a wall-clock
//! `YYYY-MM-DD HH:MM` in `--timezone` (the machine's zone by default).

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;

/// A time zone as the operator named it, with the IANA name Kaltura's event metadata wants.
#[derive(Debug, Clone)]
pub struct Zone {
    /// The zone itself.
    pub tz: TimeZone,
    /// Its IANA name (`Europe/Paris`), or `UTC` when the system zone has none.
    pub name: String,
}

/// Looks `--timezone` up, or takes the system's zone.
pub fn zone(name: Option<&str>) -> Result<Zone, String> {
    match name {
        Some(n) => TimeZone::get(n)
            .map(|tz| Zone {
                tz,
                name: n.to_string(),
            })
            .map_err(|_| {
                format!("--timezone {n:?} is not a known time zone; use an IANA name such as Europe/Paris or UTC")
            }),
        None => {
            let tz = TimeZone::system();
            let name = tz.iana_name().unwrap_or("UTC").to_string();
            Ok(Zone { tz, name })
        }
    }
}

/// Parses one time flag into Unix seconds.
pub fn parse(flag: &str, text: &str, zone: &Zone) -> Result<i64, String> {
    let t = text.trim();
    if let Ok(ts) = t.parse::<Timestamp>() {
        return Ok(ts.as_second());
    }
    for format in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(dt) = DateTime::strptime(format, t) {
            // A time clocks skip is refused by name, not moved an hour (which made an end in
            // the gap equal its start and read "--end is not after --start").
            return crate::webcast::time::wall_clock_to_unix(dt, &zone.tz, &zone.name)
                .map_err(|e| format!("{flag} {e}"));
        }
    }
    Err(format!(
        "{flag} {t:?} is not a time; write RFC 3339 (2026-12-01T15:00:00Z) or \"YYYY-MM-DD HH:MM\" in --timezone"
    ))
}

/// Parses `--start` and the optional `--end` (an hour after the start without one, as the
/// dashboard's form does) and checks their order.
pub fn parse_window(
    start: &str,
    end: Option<&str>,
    zone: &Zone,
    default_length: i64,
) -> Result<(i64, i64), String> {
    let s = parse("--start", start, zone)?;
    let Some(end) = end else {
        return Ok((s, s + default_length));
    };
    let e = parse("--end", end, zone)?;
    if e <= s {
        return Err(format!(
            "--end {end:?} is not after --start {start:?}; give an end later than the start"
        ));
    }
    Ok((s, e))
}

/// Unix seconds as a wall-clock time in the zone named `zone` with its offset
/// (`2026-12-01 10:00+01:00`), so a schedule reads in the event's own zone; in UTC (RFC 3339)
/// when the zone is unknown here.
pub fn in_zone(unix: i64, zone: &str) -> String {
    match (jiff::Timestamp::from_second(unix), TimeZone::get(zone)) {
        (Ok(t), Ok(tz)) => t.to_zoned(tz).strftime("%Y-%m-%d %H:%M%:z").to_string(),
        _ => super::present::time(unix),
    }
}

/// A length of time in words, rounded down to its largest unit ("50 minutes", "2 hours").
pub fn span(secs: i64) -> String {
    let secs = secs.max(0);
    let (n, unit) = match secs {
        0..=119 => (secs, "second"),
        120..=7199 => (secs / 60, "minute"),
        7200..=172_799 => (secs / 3600, "hour"),
        _ => (secs / 86_400, "day"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_and_wall_clock_times() {
        let paris = zone(Some("Europe/Paris")).unwrap();
        assert_eq!(
            parse("--start", "2026-01-01T00:00:00Z", &paris),
            Ok(1_767_225_600)
        );
        assert_eq!(
            parse("--start", "2026-01-01 01:00", &paris),
            Ok(1_767_225_600)
        );
        let utc = zone(Some("UTC")).unwrap();
        assert_eq!(
            parse("--start", "2026-01-01 00:00", &utc),
            Ok(1_767_225_600)
        );
        assert!(
            parse("--start", "tomorrow", &utc)
                .unwrap_err()
                .contains("is not a time")
        );
    }

    #[test]
    fn end_must_follow_start_and_defaults_to_an_hour() {
        let utc = zone(Some("UTC")).unwrap();
        let err =
            parse_window("2026-01-01 10:00", Some("2026-01-01 09:00"), &utc, 3600).unwrap_err();
        assert!(err.contains("is not after --start"), "{err}");
        assert_eq!(
            parse_window("2026-01-01 10:00", None, &utc, 3600),
            Ok((1_767_261_600, 1_767_265_200))
        );
        assert!(zone(Some("Mars/Olympus")).is_err());
    }

    #[test]
    fn a_start_in_a_dst_gap_is_named_not_taken_for_an_order_error() {
        let paris = zone(Some("Europe/Paris")).unwrap();
        let err =
            parse_window("2026-03-29 02:30", Some("2026-03-29 03:30"), &paris, 3600).unwrap_err();
        assert_eq!(
            err,
            "--start 2026-03-29 02:30 does not exist in Europe/Paris (clocks jump forward from \
             02:00 to 03:00); pick a time outside the jump"
        );
    }

    #[test]
    fn spans_in_words() {
        assert_eq!(span(1), "1 second");
        assert_eq!(span(3000), "50 minutes");
        assert_eq!(span(3 * 3600 + 5), "3 hours");
        assert_eq!(span(5 * 86_400), "5 days");
    }

    #[test]
    fn schedules_read_in_the_event_zone() {
        assert_eq!(
            in_zone(1_764_579_600, "Europe/Paris"),
            "2025-12-01 10:00+01:00"
        );
        assert_eq!(in_zone(1_764_579_600, "UTC"), "2025-12-01 09:00+00:00");
        assert_eq!(
            in_zone(1_764_579_600, "Nowhere/Else"),
            "2025-12-01T09:00:00Z"
        );
    }
}
