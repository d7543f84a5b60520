//! Small text formatters shared by drawing and by `update`'s redraw decision.

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// "5s", "3m", "2h", "4d": compact ages for tables that must fit 80 columns.
pub fn ago(now: i64, at: i64) -> String {
    let d = (now - at).max(0);
    match d {
        0..=59 => format!("{d}s"),
        60..=3599 => format!("{}m", d / 60),
        3600..=86_399 => format!("{}h", d / 3600),
        _ => format!("{}d", d / 86_400),
    }
}

/// "HH:MM:SS" in the display zone, for the event log.
pub fn clock(at: i64, tz: &TimeZone) -> String {
    strf(at, tz, "%H:%M:%S")
}

/// "YYYY-MM-DD HH:MM" in the display zone, for the detail pane.
pub fn datetime(at: i64, tz: &TimeZone) -> String {
    strf(at, tz, "%Y-%m-%d %H:%M")
}

fn strf(at: i64, tz: &TimeZone, f: &str) -> String {
    Timestamp::from_second(at)
        .map(|t| t.to_zoned(tz.clone()).strftime(f).to_string())
        .unwrap_or_else(|_| "?".into())
}

/// Masks a secret, keeping its length class visible so the operator knows one exists.
pub fn mask(secret: &str) -> String {
    if secret.is_empty() {
        String::new()
    } else {
        "•".repeat(secret.chars().count().clamp(4, 12))
    }
}

/// Shortens text to `width` characters with an ellipsis.
pub fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut s: String = text.chars().take(width - 1).collect();
    s.push('…');
    s
}
