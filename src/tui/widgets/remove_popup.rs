//! The delete and forget questions, drawn over the body: the event, what happens to it and to
//! its recordings, and which key does what (no by default).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::qr::centered;
use crate::tui::fmt::clip;
use crate::tui::manage::{RemoveKind, RemovePrompt};
use crate::tui::theme::Theme;

/// Recordings listed one by one; more are counted.
const LISTED: usize = 6;

/// Draws the question.
pub fn draw(f: &mut Frame, area: Rect, p: &RemovePrompt, theme: Theme) {
    let width = area.width.saturating_sub(8).min(90);
    let inner_w = width.saturating_sub(2).max(1) as usize;
    let mut lines = vec![
        Line::styled(format!("{} ({})", p.name, p.id), theme.heading()),
        Line::raw(""),
    ];
    let title = match &p.kind {
        RemoveKind::Forget => {
            lines.push(Line::raw(
                "It leaves the board and the journal. Nothing changes on Kaltura: the event, its links and its recordings stay.",
            ));
            lines.push(Line::raw(""));
            lines.push(Line::from(vec![
                Span::styled("y", theme.heading()),
                Span::raw(" forgets it · any other key cancels (N)"),
            ]));
            " Forget this event? "
        }
        RemoveKind::Delete { recordings } => {
            lines.push(Line::styled(
                "It is deleted from Kaltura: its attendee and moderator links stop working.",
                theme.error(),
            ));
            if recordings.is_empty() {
                lines.push(Line::raw("It has no recordings."));
            } else {
                lines.push(Line::raw(format!(
                    "Its {} recording(s), kept unless you press a:",
                    recordings.len()
                )));
                for r in recordings.iter().take(LISTED) {
                    lines.push(Line::raw(clip(
                        &format!("  {}  {}  ({})", r.id, r.name, r.status),
                        inner_w,
                    )));
                }
                if recordings.len() > LISTED {
                    lines.push(Line::raw(format!(
                        "  … and {} more",
                        recordings.len() - LISTED
                    )));
                }
            }
            lines.push(Line::raw(""));
            let mut keys = vec![
                Span::styled("y", theme.heading()),
                Span::raw(if recordings.is_empty() {
                    " deletes it"
                } else {
                    " deletes it, keeps the recordings"
                }),
            ];
            if !recordings.is_empty() {
                keys.push(Span::raw(" · "));
                keys.push(Span::styled("a", theme.heading()));
                keys.push(Span::raw(" deletes it and the recordings"));
            }
            keys.push(Span::raw(" · any other key cancels (N)"));
            lines.push(Line::from(keys));
            " Delete this event? "
        }
    };
    // Borders, and the lines wrapped at words as they are drawn.
    let height = super::scroll::content_rows(&lines, inner_w as u16) + 2;
    let rect = centered(area, width, height.min(area.height));
    f.render_widget(Clear, rect);
    let block = Block::bordered().title(title);
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
