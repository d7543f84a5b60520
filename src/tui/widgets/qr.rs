//! Draws a `webcast::qr::QrMatrix` (encoded once, when the links arrive) into the buffer. The
//! encoding, the 4-module quiet zone and the half-block mapping all live in `webcast::qr`: light
//! modules as ink, so the code reads correctly on the usual dark terminal background and over SSH.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use crate::webcast::qr::{Ink, QrMatrix, render_matrix};

/// Terminal cells a code takes, quiet zone included: (columns, rows).
pub fn cells(matrix: &QrMatrix) -> (u16, u16) {
    let cols = u16::try_from(matrix.columns()).unwrap_or(u16::MAX);
    let rows = u16::try_from(matrix.rows()).unwrap_or(u16::MAX);
    (cols, rows)
}

/// Draws a code at the top-left of its area (the caller centres it), clipped to the area.
pub struct QrWidget<'a> {
    /// The code.
    pub matrix: &'a QrMatrix,
    /// Style for the cells.
    pub style: Style,
}

impl Widget for QrWidget<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let lines = render_matrix(self.matrix, Ink::LightModules);
        for (row, line) in (0..area.height).zip(&lines) {
            for (col, ch) in (0..area.width).zip(line.chars()) {
                if let Some(cell) = buf.cell_mut((area.x + col, area.y + row)) {
                    cell.set_char(ch).set_style(self.style);
                }
            }
        }
    }
}

/// Centres a `w`×`h` box inside `area` (clamped to it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
