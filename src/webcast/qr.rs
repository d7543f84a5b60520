//! QR codes for links, drawn with half-block characters so a phone can scan them off a terminal.
//!
//! Two modules stack in one character cell (`▀`, `▄`, `█`, space), so a code is as tall as it is
//! wide on a typical 1:2 cell. Error correction is L (7%): a screen is not a crumpled poster, and
//! L keeps a 300-character attendee link near version 11–13 instead of 17+. A 4-module quiet zone
//! surrounds the code, as the standard requires for reliable scanning.
//!
//! Terminals are usually light text on a dark background, so by default the *light* modules are
//! drawn as ink ([`Ink::LightModules`]), which makes the code appear dark-on-light as scanners
//! expect. [`Ink::DarkModules`] is for light-background terminals.

use qrcode::{Color, EcLevel, QrCode};

/// Modules of light margin around the code, as ISO/IEC 18004 asks.
pub const QUIET_ZONE: usize = 4;

/// Why a text cannot become a QR code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    /// Longer than a version-40 code holds at level L (2,953 bytes).
    #[error("the text is too long for a QR code ({len} bytes; the limit is about 2,953)")]
    TooLong {
        /// Byte length of the text.
        len: usize,
    },
    /// Any other refusal from the encoder.
    #[error("cannot encode a QR code: {0}")]
    Encode(String),
}

/// Which modules are printed as block characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ink {
    /// Blocks where the code is light: right for light-on-dark terminals (the common case).
    #[default]
    LightModules,
    /// Blocks where the code is dark: right for dark-on-light terminals and for paper.
    DarkModules,
}

/// A QR code's module grid, including the quiet zone, for callers that draw it themselves (the
/// dashboard) or check it (tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    size: usize,
    version: i16,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Modules per side, quiet zone included.
    pub fn size(&self) -> usize {
        self.size
    }

    /// The QR version (1–40); it grows with the text's length.
    pub fn version(&self) -> i16 {
        self.version
    }

    /// True where the module is dark; outside the grid counts as light (quiet zone).
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.size && y < self.size && self.dark[y * self.size + x]
    }

    /// Terminal columns the half-block rendering takes (one per module).
    pub fn columns(&self) -> usize {
        self.size
    }

    /// Terminal rows the half-block rendering takes (two modules per row).
    pub fn rows(&self) -> usize {
        self.size.div_ceil(2)
    }
}

/// Encodes `text` at level L and returns the module grid with its quiet zone.
pub fn modules(text: &str) -> Result<QrMatrix, QrError> {
    let code =
        QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L).map_err(|e| match e {
            qrcode::types::QrError::DataTooLong => QrError::TooLong { len: text.len() },
            other => QrError::Encode(other.to_string()),
        })?;
    let inner = code.width();
    let version = match code.version() {
        qrcode::Version::Normal(v) | qrcode::Version::Micro(v) => v,
    };
    let colors = code.to_colors();
    let size = inner + 2 * QUIET_ZONE;
    let mut dark = vec![false; size * size];
    for y in 0..inner {
        for x in 0..inner {
            dark[(y + QUIET_ZONE) * size + x + QUIET_ZONE] = colors[y * inner + x] == Color::Dark;
        }
    }
    Ok(QrMatrix {
        size,
        version,
        dark,
    })
}

/// Renders `text` as lines of half-block characters with the default [`Ink`].
pub fn render_half_blocks(text: &str) -> Result<Vec<String>, QrError> {
    render_half_blocks_with(text, Ink::default())
}

/// Renders `text` as lines of half-block characters with the chosen [`Ink`].
pub fn render_half_blocks_with(text: &str, ink: Ink) -> Result<Vec<String>, QrError> {
    Ok(render_matrix(&modules(text)?, ink))
}

/// Renders an already encoded matrix (the dashboard caches matrices per link).
pub fn render_matrix(matrix: &QrMatrix, ink: Ink) -> Vec<String> {
    let inked = |x: usize, y: usize| -> bool {
        let dark = matrix.is_dark(x, y);
        match ink {
            Ink::DarkModules => dark,
            // Beyond the last row (odd sizes) is page background, never ink.
            Ink::LightModules => y < matrix.size && !dark,
        }
    };
    (0..matrix.rows())
        .map(|row| {
            (0..matrix.size)
                .map(|x| match (inked(x, 2 * row), inked(x, 2 * row + 1)) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_zone_is_light_and_sizes_follow_the_version() {
        let m = modules("https://example.com/").unwrap();
        assert_eq!(m.size(), 17 + 4 * m.version() as usize + 2 * QUIET_ZONE);
        for i in 0..m.size() {
            for q in 0..QUIET_ZONE {
                assert!(!m.is_dark(i, q) && !m.is_dark(q, i));
                assert!(!m.is_dark(i, m.size() - 1 - q) && !m.is_dark(m.size() - 1 - q, i));
            }
        }
        // The finder pattern's corner starts right after the quiet zone.
        assert!(m.is_dark(QUIET_ZONE, QUIET_ZONE));
        let lines = render_half_blocks("https://example.com/").unwrap();
        assert_eq!(lines.len(), m.rows());
        assert!(lines.iter().all(|l| l.chars().count() == m.columns()));
    }

    #[test]
    fn only_half_block_characters_are_used() {
        for ink in [Ink::LightModules, Ink::DarkModules] {
            let lines = render_half_blocks_with("hello", ink).unwrap();
            assert!(
                lines
                    .iter()
                    .flat_map(|l| l.chars())
                    .all(|c| matches!(c, '▀' | '▄' | '█' | ' '))
            );
        }
    }

    #[test]
    fn too_long_text_is_a_clear_error() {
        let err = modules(&"x".repeat(5000)).unwrap_err();
        assert_eq!(err, QrError::TooLong { len: 5000 });
    }
}
