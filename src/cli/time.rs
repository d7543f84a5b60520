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
            return dt
                .to_zoned(zone.tz.clone())
                .map(|z| z.timestamp().as_second())
                .map_err(|e| format!("{flag} {t:?} does not exist in {}: {e}", zone.name));
        }
    }
    Err(format!(
        "{flag} {t:?} is not a time; write RFC 3339 (2026-12-01T15:00:00Z) or \"YYYY-MM-DD HH:MM\" in --timezone"
    ))
}

/// Parses `--start`/`--end` together and checks their order.
pub fn parse_window(start: &str, end: &str, zone: &Zone) -> Result<(i64, i64), String> {
    let s = parse("--start", start, zone)?;
    let e = parse("--end", end, zone)?;
    if e <= s {
        return Err(format!(
            "--end {end:?} is not after --start {start:?}; give an end later than the start"
        ));
    }
    Ok((s, e))
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
    fn end_must_follow_start() {
        let utc = zone(Some("UTC")).unwrap();
        let err = parse_window("2026-01-01 10:00", "2026-01-01 09:00", &utc).unwrap_err();
        assert!(err.contains("is not after --start"), "{err}");
        assert!(zone(Some("Mars/Olympus")).is_err());
    }
}
