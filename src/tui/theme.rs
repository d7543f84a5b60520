//! Styles. With `NO_COLOR` every style drops its colours and keeps only attributes (bold,
//! reverse), which is why no state is ever conveyed by colour alone: words and symbols carry it.

use ratatui::style::{Color, Modifier, Style};

use super::view::Status;

/// The palette, or its absence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Colours allowed.
    pub color: bool,
}

impl Theme {
    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// Plain text.
    pub fn text(self) -> Style {
        Style::new()
    }

    /// Secondary text (hints, ages).
    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    /// Headings and labels.
    pub fn heading(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The selected row or focused field.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// The active tab title.
    pub fn active_tab(self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// The SANDBOX badge.
    pub fn badge(self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        }
    }

    /// The error bar.
    pub fn error(self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        }
    }

    /// Inline validation errors.
    pub fn invalid(self) -> Style {
        self.fg(Color::Red)
    }

    /// Success messages.
    pub fn ok(self) -> Style {
        self.fg(Color::Green)
    }

    /// An event state; the word and symbol are always drawn with it.
    pub fn status(self, s: Status) -> Style {
        match s {
            Status::Live => self.fg(Color::Green).add_modifier(Modifier::BOLD),
            Status::Connecting => self.fg(Color::Blue),
            Status::Preview => self.fg(Color::Yellow),
            Status::EndedFeedOn => self.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            Status::Ended => self.fg(Color::Magenta),
            Status::RecordingReady => self.fg(Color::Cyan),
            Status::Error => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Status::Offline => self.dim(),
        }
    }

    /// A watchdog alert or warning; its symbol and words are always drawn with it.
    pub fn alert(self, s: crate::webcast::Severity) -> Style {
        match s {
            crate::webcast::Severity::Alert => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            crate::webcast::Severity::Warning => self.fg(Color::Yellow),
        }
    }

    /// QR modules: explicit light-on-dark when colours are allowed, the terminal's own otherwise.
    pub fn qr(self) -> Style {
        if self.color {
            Style::new().fg(Color::White).bg(Color::Black)
        } else {
            Style::new()
        }
    }
}
