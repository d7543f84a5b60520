//! Scrollable text in a bordered box (the detail pane, the Studio tab, help): the offset never
//! goes past the last line (no scrolling into blank rows), and the bottom border says "more below"
//! while lines are hidden below, so an operator knows there is more and which key shows it.
//! `update` clamps its offsets with [`max_offset`]; drawing clamps again, so a resize never shows
//! blank rows either.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::tui::theme::Theme;

/// Rows `lines` take wrapped (at word boundaries, as drawn) to `width` columns.
pub fn content_rows(lines: &[Line<'_>], width: u16) -> u16 {
    if width == 0 {
        return 0;
    }
    let rows = Paragraph::new(lines.to_vec())
        .wrap(Wrap { trim: false })
        .line_count(width);
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// The largest useful offset: the last line sits on the last of `rows` visible rows.
pub fn max_offset(lines: &[Line<'_>], width: u16, rows: u16) -> u16 {
    content_rows(lines, width).saturating_sub(rows)
}

/// The rows and columns inside a bordered box drawn in `area`.
pub fn inner(area: Rect) -> (u16, u16) {
    (area.width.saturating_sub(2), area.height.saturating_sub(2))
}

/// Draws `lines` in `block` scrolled by `offset` (clamped to [`max_offset`]); the bottom border
/// carries "more below ↓ KEY" while lines are hidden below, and "end · back up ↑ KEY" once
/// scrolled to the end.
pub fn draw(
    f: &mut Frame,
    area: Rect,
    block: Block<'_>,
    lines: Vec<Line<'static>>,
    offset: u16,
    keys: (&str, &str),
    theme: Theme,
) {
    let (width, rows) = inner(area);
    let max = max_offset(&lines, width, rows);
    let offset = offset.min(max);
    let hint = if offset < max {
        Some(format!(" more below ↓ {} ", keys.0))
    } else if offset > 0 {
        Some(format!(" end · back up ↑ {} ", keys.1))
    } else {
        None
    };
    let block = match hint {
        Some(text) => {
            block.title_bottom(Line::styled(text, theme.heading()).alignment(Alignment::Right))
        }
        None => block,
    };
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((offset, 0)),
        area,
    );
}
