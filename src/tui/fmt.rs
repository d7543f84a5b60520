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

/// "Wed 25 14:00" in the display zone: when an event starts or ended, in a table cell.
pub fn when(at: i64, tz: &TimeZone) -> String {
    strf(at, tz, "%a %d %H:%M")
}

/// "14:00" in the display zone.
pub fn hour(at: i64, tz: &TimeZone) -> String {
    strf(at, tz, "%H:%M")
}

fn strf(at: i64, tz: &TimeZone, f: &str) -> String {
    Timestamp::from_second(at)
        .map(|t| t.to_zoned(tz.clone()).strftime(f).to_string())
        .unwrap_or_else(|_| "?".into())
}

/// What to do about an alert, with the board's key for it when a live action settles it
/// (`press Go Live (v)`).
pub fn alert_todo(kind: crate::webcast::AlertKind) -> String {
    use crate::tui::keymap::{Action, key_for};
    use crate::webcast::LiveAction;
    let key = match kind.action() {
        Some(LiveAction::GoLive) => key_for(Action::GoLive),
        Some(LiveAction::End) => key_for(Action::EndLive),
        _ => None,
    };
    match key {
        Some(k) => format!("{} ({k})", kind.todo()),
        None => kind.todo().to_string(),
    }
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

/// Splits text into lines of at most `width` characters at spaces, for a column that must keep
/// its own indent (help's descriptions): ratatui's wrap would start continuations at the box's
/// edge. A word longer than `width` gets a line of its own and is left to the box to cut.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let fits = line.chars().count() + 1 + word.chars().count() <= width;
        if line.is_empty() {
            line.push_str(word);
        } else if fits {
            line.push(' ');
            line.push_str(word);
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Shortens text to `width` characters at a word boundary, with an ellipsis: a sentence that
/// does not fit loses whole words, never half of one. A single word longer than `width` (a URL)
/// is cut like [`clip`].
pub fn clip_words(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    // Room for the ellipsis; cut before the last space that leaves it room.
    let head: String = text.chars().take(width - 1).collect();
    let next_is_space = text.chars().nth(width - 1).is_some_and(char::is_whitespace);
    let cut = if next_is_space {
        head.trim_end().to_string()
    } else {
        match head.rfind(char::is_whitespace) {
            Some(at) => head[..at].trim_end().to_string(),
            None => return clip(text, width),
        }
    };
    let cut = cut
        .trim_end_matches([',', ';', ':', '(', '-', '–', '—'])
        .trim_end();
    if cut.is_empty() {
        return clip(text, width);
    }
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_words_never_cuts_a_word() {
        let text = "a whole number of minutes, 1 to 1440";
        assert_eq!(clip_words(text, 100), text);
        assert_eq!(clip_words(text, 13), "a whole…");
        assert_eq!(clip_words(text, 27), "a whole number of minutes…");
        assert_eq!(clip_words(text, 26), "a whole number of…");
        // One long word: cut as a whole, marked.
        assert_eq!(clip_words("https://example.com/x", 10), "https://e…");
        assert_eq!(clip_words("abc", 0), "");
        for w in 2..text.len() {
            let out = clip_words(text, w);
            assert!(out.chars().count() <= w, "{w}: {out}");
            let kept = out.trim_end_matches('…');
            // What is kept is the text's start, ending where a word ends.
            assert!(text.starts_with(kept), "{w}: {out}");
            let after = text[kept.len()..].chars().next();
            assert!(after.is_none_or(|c| c == ' ' || c == ','), "{w}: {out}");
        }
    }
}
