//! Time formats the Kaltura webcast apps expect.
//!
//! The Studio and the moderator page read dates as `YYYY-MM-DDThh:mm:ss+00:00` (always UTC, an
//! explicit offset rather than `Z`, because that is what their date parser was written against).
//! Kaltura itself speaks Unix seconds everywhere else.

/// Formats Unix seconds as `YYYY-MM-DDThh:mm:ss+00:00`, the form the Studio's `fromDate`,
/// `toDate` and `ks_expiry` parameters and the moderator page expect. Out-of-range times (which
/// no real event has) fall back to the Unix epoch rather than failing a whole link.
pub fn iso_utc(unix: i64) -> String {
    let ts = jiff::Timestamp::from_second(unix).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    ts.strftime("%Y-%m-%dT%H:%M:%S+00:00").to_string()
}

/// The current time in Unix seconds: one place to read the clock, so the pure parts of this
/// module can take `now` as a parameter and be tested at fixed times.
pub fn now_unix() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// Checks that `tz` is an IANA time zone name this machine knows (`Europe/Paris`), so a typo is
/// caught before it is written into the event's metadata where the Studio would trip over it.
pub fn is_known_time_zone(tz: &str) -> bool {
    !tz.is_empty() && jiff::tz::TimeZone::get(tz).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_with_explicit_offset() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00+00:00");
        assert_eq!(iso_utc(1_700_000_000), "2023-11-14T22:13:20+00:00");
    }

    #[test]
    fn time_zone_names_are_checked() {
        assert!(is_known_time_zone("UTC"));
        assert!(!is_known_time_zone("Mars/Olympus_Mons"));
        assert!(!is_known_time_zone(""));
    }
}
