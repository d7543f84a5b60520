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

/// Unix seconds as a wall-clock time in the IANA zone `zone`, with its offset
/// (`2026-12-01 10:00+01:00`): how a schedule reads in the event's own zone. RFC 3339 UTC when
/// the zone is unknown here.
pub fn wall_clock(unix: i64, zone: &str) -> String {
    match (
        jiff::Timestamp::from_second(unix),
        jiff::tz::TimeZone::get(zone),
    ) {
        (Ok(t), Ok(tz)) => t.to_zoned(tz).strftime("%Y-%m-%d %H:%M%:z").to_string(),
        _ => iso_utc(unix),
    }
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

/// A wall-clock time (`2026-03-29 02:30`) in `tz` (named `zone_name` in messages) as Unix
/// seconds. A time the zone skips (the hour clocks jump forward over) does not exist: it is
/// refused with a sentence that says so and names the jump, rather than silently moved an hour
/// (which made an end in the gap equal to its start). A time the zone repeats (clocks going
/// back) takes its first occurrence, as the Studio and KMS do.
pub fn wall_clock_to_unix(
    dt: jiff::civil::DateTime,
    tz: &jiff::tz::TimeZone,
    zone_name: &str,
) -> Result<i64, String> {
    use jiff::tz::AmbiguousOffset;
    let ambiguous = tz.to_ambiguous_timestamp(dt);
    if let AmbiguousOffset::Gap { before, after } = ambiguous.offset() {
        let shown = dt.strftime("%Y-%m-%d %H:%M");
        // The jump happens at one instant: the first transition after the time read with the
        // later offset (which lands before it).
        let jump = before
            .to_timestamp(dt)
            .ok()
            .zip(after.to_timestamp(dt).ok())
            .map(|(a, b)| a.min(b))
            .and_then(|t| tz.following(t).next())
            .map(|tr| {
                format!(
                    "clocks jump forward from {} to {}",
                    before.to_datetime(tr.timestamp()).strftime("%H:%M"),
                    after.to_datetime(tr.timestamp()).strftime("%H:%M")
                )
            })
            .unwrap_or_else(|| "clocks jump forward".to_string());
        return Err(format!(
            "{shown} does not exist in {zone_name} ({jump}); pick a time outside the jump"
        ));
    }
    ambiguous.compatible().map(|t| t.as_second()).map_err(|e| {
        format!(
            "{} cannot be placed in {zone_name}: {e}",
            dt.strftime("%Y-%m-%d %H:%M")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_clocks_skip_is_refused_and_the_jump_named() {
        let paris = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
        let gap = jiff::civil::date(2026, 3, 29).at(2, 30, 0, 0);
        let err = wall_clock_to_unix(gap, &paris, "Europe/Paris").unwrap_err();
        assert_eq!(
            err,
            "2026-03-29 02:30 does not exist in Europe/Paris (clocks jump forward from 02:00 to \
             03:00); pick a time outside the jump"
        );
        // Either side of the gap is fine; a repeated time (October) takes its first occurrence.
        let before = jiff::civil::date(2026, 3, 29).at(1, 59, 0, 0);
        assert_eq!(
            wall_clock_to_unix(before, &paris, "Europe/Paris"),
            Ok(1_774_745_940)
        );
        let fold = jiff::civil::date(2026, 10, 25).at(2, 30, 0, 0);
        assert_eq!(
            wall_clock_to_unix(fold, &paris, "Europe/Paris"),
            Ok(1_792_888_200)
        );
    }

    #[test]
    fn formats_utc_with_explicit_offset() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00+00:00");
        assert_eq!(iso_utc(1_700_000_000), "2023-11-14T22:13:20+00:00");
    }

    #[test]
    fn wall_clock_times_read_in_the_events_zone() {
        assert_eq!(
            wall_clock(1_764_579_600, "Europe/Paris"),
            "2025-12-01 10:00+01:00"
        );
        assert_eq!(wall_clock(0, "Nowhere/Else"), "1970-01-01T00:00:00+00:00");
    }

    #[test]
    fn time_zone_names_are_checked() {
        assert!(is_known_time_zone("UTC"));
        assert!(!is_known_time_zone("Mars/Olympus_Mons"));
        assert!(!is_known_time_zone(""));
    }
}
