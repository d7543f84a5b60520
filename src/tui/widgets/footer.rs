//! The footer: the short-lived status line, then the key hints that work *here*, generated from
//! the keymap so they can never go stale.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::fmt::clip_words;
use crate::tui::keymap::{self, Scope};
use crate::tui::prompt::Prompt;
use crate::tui::state::{AppState, Tab};
use crate::tui::theme::Theme;

/// The hints for the current view, and how many at the end must survive truncation.
fn hints(state: &AppState) -> (Vec<(String, &'static str)>, usize) {
    let fixed = |v: Vec<(String, &'static str)>| {
        let n = v.len();
        (v, n)
    };
    if state.form.confirm.is_some() {
        return fixed(vec![
            ("y".into(), "create another"),
            ("any other key".into(), "back to the form"),
        ]);
    }
    if state.qr_fullscreen {
        return fixed(vec![
            ("Esc".into(), "close"),
            ("t".into(), "attendee/moderator"),
            ("c".into(), "copy"),
        ]);
    }
    if state.search.is_some() {
        return fixed(vec![
            ("Enter".into(), "search / watch"),
            ("↑↓".into(), "pick"),
            ("Esc".into(), "close"),
        ]);
    }
    if state.show_errors {
        return fixed(vec![("Esc".into(), "close")]);
    }
    match &state.prompt {
        Some(Prompt::Confirm(_)) => {
            return fixed(vec![
                ("y".into(), "yes"),
                ("any other key".into(), "no (cancel)"),
            ]);
        }
        Some(Prompt::Remove(p)) => {
            let mut keys = vec![("y".into(), "yes")];
            if p.offers_recordings() {
                keys.push(("a".into(), "delete with recordings"));
            }
            keys.push(("any other key".into(), "no (cancel)"));
            return fixed(keys);
        }
        Some(Prompt::PickRecording(_)) => {
            return fixed(vec![
                ("↑↓".into(), "choose"),
                ("Enter".into(), "pick"),
                ("Esc".into(), "cancel"),
            ]);
        }
        None => {}
    }
    let scope = match state.tab {
        Tab::Events => Scope::Events,
        Tab::Create => Scope::Create,
        Tab::Links => Scope::Links,
        Tab::Studio => Scope::Studio,
        Tab::Help => {
            return fixed(vec![
                ("Esc".into(), "close help"),
                ("↑↓".into(), "scroll"),
                ("q".into(), "quit"),
            ]);
        }
    };
    let paused = state.poll.paused;
    let keep = if scope == Scope::Create {
        0
    } else {
        keymap::footer_hints(Scope::Global, state.sandbox, paused).len()
    };
    (keymap::footer_hints(scope, state.sandbox, paused), keep)
}

/// Draws the one-line footer.
pub fn draw(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    let mut spans = Vec::new();
    let mut used = 0usize;
    let width = area.width as usize;
    if let Some(status) = &state.status {
        // A status longer than the line loses whole words, never half of one.
        let text = format!(" {} ", clip_words(&status.text, width.saturating_sub(3)));
        used += text.chars().count();
        spans.push(Span::styled(text, theme.ok()));
        spans.push(Span::raw("│"));
        used += 1;
    }
    let (mut hints, global) = hints(state);
    // Drop the least important hints first: the global ones (quit, help) sit at the end and stay.
    let global = global.min(hints.len());
    let cost = |h: &[(String, &str)]| {
        h.iter()
            .map(|(k, t)| k.chars().count() + t.chars().count() + 3)
            .sum::<usize>()
    };
    while cost(&hints) + used > width && hints.len() > global {
        hints.remove(hints.len() - global - 1);
    }
    for (key, hint) in hints {
        let piece = format!(" {key} {hint} ");
        let n = piece.chars().count();
        if used + n > width {
            break;
        }
        used += n;
        spans.push(Span::styled(format!(" {key}"), theme.heading()));
        spans.push(Span::styled(format!(" {hint} "), theme.dim()));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
