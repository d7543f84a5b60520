//! QR codes drawn with half blocks: two modules per terminal cell vertically, light modules as
//! ink, so the code reads correctly on the usual dark terminal background and over SSH.

use qrcode::{Color as QrColor, EcLevel, QrCode};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

/// Light modules drawn around the code; phones need a quiet zone to find it.
pub const QUIET_ZONE: usize = 2;

/// A QR code as a square grid of modules (`true` = dark), quiet zone included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrGrid {
    /// Modules per side, quiet zone included.
    pub size: usize,
    /// Row-major modules.
    pub dark: Vec<bool>,
}

impl QrGrid {
    /// Encodes `text` at the lowest error-correction level, which keeps long KS links scannable.
    pub fn encode(text: &str) -> Result<QrGrid, String> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L)
            .map_err(|e| format!("cannot encode a QR code: {e}"))?;
        let n = code.width();
        let size = n + 2 * QUIET_ZONE;
        let colors = code.to_colors();
        let mut dark = vec![false; size * size];
        for y in 0..n {
            for x in 0..n {
                dark[(y + QUIET_ZONE) * size + x + QUIET_ZONE] = colors[y * n + x] == QrColor::Dark;
            }
        }
        Ok(QrGrid { size, dark })
    }

    /// Terminal cells needed: (columns, rows).
    pub fn cells(&self) -> (u16, u16) {
        let w = u16::try_from(self.size).unwrap_or(u16::MAX);
        (w, w.div_ceil(2))
    }

    fn is_dark(&self, x: usize, y: usize) -> bool {
        // Below the last row counts as light: it is part of the quiet zone.
        y < self.size && self.dark[y * self.size + x]
    }
}

/// Draws a `QrGrid` at the top-left of its area (the caller centres it).
pub struct QrWidget<'a> {
    /// The code.
    pub grid: &'a QrGrid,
    /// Style for the cells.
    pub style: Style,
}

impl Widget for QrWidget<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (w, h) = self.grid.cells();
        for row in 0..h.min(area.height) {
            for col in 0..w.min(area.width) {
                let (x, y) = (col as usize, row as usize * 2);
                let top_light = !self.grid.is_dark(x, y);
                let bottom_light = !self.grid.is_dark(x, y + 1);
                let symbol = match (top_light, bottom_light) {
                    (true, true) => "█",
                    (true, false) => "▀",
                    (false, true) => "▄",
                    (false, false) => " ",
                };
                if let Some(cell) = buf.cell_mut((area.x + col, area.y + row)) {
                    cell.set_symbol(symbol).set_style(self.style);
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
