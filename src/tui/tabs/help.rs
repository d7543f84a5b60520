//! The Help tab, generated from `keymap::BINDINGS`: the same declarations drive the footer.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use crate::tui::fmt::wrap_words;
use crate::tui::keymap;
use crate::tui::state::AppState;
use crate::tui::theme::Theme;
use crate::tui::widgets::scroll;

/// The columns of the keys before each description ("  " and 16 for the keys).
const KEYS_WIDTH: usize = 18;
/// Below this many columns for the descriptions, they wrap at the box's edge instead.
const MIN_TEXT_WIDTH: usize = 20;

/// All help lines (also used to bound scrolling).
pub fn lines(state: &AppState, theme: Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    // Descriptions wrap under themselves, not under the keys.
    let (width, _) = scroll::inner(crate::tui::draw::body_area(state));
    let room = usize::from(width)
        .saturating_sub(KEYS_WIDTH)
        .max(MIN_TEXT_WIDTH);
    for (title, entries) in keymap::help_sections(state.sandbox) {
        out.push(Line::styled(title.to_string(), theme.heading()));
        for (keys, help) in entries {
            let mut rows = wrap_words(help, room).into_iter();
            out.push(Line::from(vec![
                Span::styled(format!("  {keys:<16}"), theme.active_tab()),
                Span::raw(rows.next().unwrap_or_default()),
            ]));
            out.extend(rows.map(|row| Line::raw(format!("{:KEYS_WIDTH$}{row}", ""))));
        }
    }
    out.push(Line::raw(""));
    if let Some(log) = &state.log_file {
        out.push(Line::raw(format!("Logs: {log}")));
    }
    out.push(Line::styled(
        "States: ○ OFFLINE  ◐ PREVIEW  ● LIVE  ■ ENDED  ▶ RECORDING READY  ✖ ERROR".to_string(),
        theme.text(),
    ));
    out
}

/// The furthest help scrolls on a terminal of `state.size`: its last line on the last row.
pub fn max_scroll(state: &AppState) -> u16 {
    let (width, rows) = scroll::inner(crate::tui::draw::body_area(state));
    scroll::max_offset(&lines(state, Theme { color: false }), width, rows)
}

/// Draws the tab, scrolled by `state.help_scroll`.
pub fn draw(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    scroll::draw(
        f,
        area,
        Block::bordered().title(" Help: keys (Esc closes, ↑↓ scroll) "),
        lines(state, theme),
        state.help_scroll,
        ("j", "k"),
        theme,
    );
}
