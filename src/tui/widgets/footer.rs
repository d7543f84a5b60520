//! The footer: the short-lived status line, then the key hints that work *here*, generated from
//! the keymap so they can never go stale.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::keymap::{self, Scope};
use crate::tui::state::{AppState, Tab};
use crate::tui::theme::Theme;

/// The hints for the current view.
fn hints(state: &AppState) -> Vec<(String, &'static str)> {
    if state.qr_fullscreen {
        return vec![
            ("Esc".into(), "close"),
            ("t".into(), "attendee/moderator"),
            ("c".into(), "copy"),
        ];
    }
    if state.search.is_some() {
        return vec![
            ("Enter".into(), "search / watch"),
            ("↑↓".into(), "pick"),
            ("Esc".into(), "close"),
        ];
    }
    if state.show_errors {
        return vec![("Esc".into(), "close")];
    }
    let scope = match state.tab {
        Tab::Events => Scope::Events,
        Tab::Create => Scope::Create,
        Tab::Links => Scope::Links,
        Tab::Studio => Scope::Studio,
        Tab::Help => {
            return vec![
                ("Esc".into(), "close help"),
                ("↑↓".into(), "scroll"),
                ("q".into(), "quit"),
            ];
        }
    };
    keymap::footer_hints(scope, state.sandbox)
}

/// Draws the one-line footer.
pub fn draw(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    let mut spans = Vec::new();
    let mut used = 0usize;
    let width = area.width as usize;
    if let Some(status) = &state.status {
        let text = format!(" {} ", status.text);
        used += text.chars().count();
        spans.push(Span::styled(text, theme.ok()));
        spans.push(Span::raw("│"));
        used += 1;
    }
    for (key, hint) in hints(state) {
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
