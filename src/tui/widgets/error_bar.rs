//! The persistent error bar: the newest error stays until Esc; `E` shows the history.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::tui::fmt::clip_words;
use crate::tui::state::AppState;
use crate::tui::theme::Theme;

/// Draws the error bar when an error is visible.
pub fn draw(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    let Some(err) = state.errors.last() else {
        return;
    };
    let repeats = if err.count > 1 {
        format!(" (×{})", err.count)
    } else {
        String::new()
    };
    let suffix = format!(
        "{repeats} [Esc dismiss · E history ({})]",
        state.errors.len()
    );
    let room = (area.width as usize).saturating_sub(suffix.chars().count() + 3);
    let text = format!(" ✖ {}{suffix}", clip_words(&err.text, room));
    f.render_widget(Paragraph::new(Line::from(text)).style(theme.error()), area);
}
