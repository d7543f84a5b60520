//! The live actions' questions, drawn over the body: the y/N confirmation (what attendees will
//! see, the warning and its second question) and the recordings picker.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::qr::centered;
use crate::tui::fmt::{clip, datetime};
use crate::tui::prompt::{ActionPrompt, PickRow, Prompt, RecordingPicker};
use crate::tui::state::AppState;
use crate::tui::theme::Theme;

/// Draws the open question, if any.
pub fn draw(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    match &state.prompt {
        Some(Prompt::Confirm(p)) => confirm(f, area, p, theme),
        Some(Prompt::PickRecording(p)) => picker(f, area, p, state, theme),
        Some(Prompt::Remove(p)) => super::remove_popup::draw(f, area, p, theme),
        None => {}
    }
}

fn confirm(f: &mut Frame, area: Rect, p: &ActionPrompt, theme: Theme) {
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{} ({})", p.name, p.id), theme.heading()),
            Span::raw(format!(" — now {}", p.state)),
        ]),
        Line::raw(""),
        Line::from(vec![
            Span::raw("Attendees will see: "),
            Span::styled(p.preflight.attendees.clone(), theme.heading()),
        ]),
    ];
    if let Some(w) = &p.preflight.warning {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!("⚠ Warning: {w}"), theme.error()));
    }
    if let Some(n) = &p.preflight.note {
        lines.push(Line::raw(""));
        lines.push(Line::raw(format!("Note: {n}")));
    }
    lines.push(Line::raw(""));
    if p.warned {
        lines.push(Line::styled(
            "Asking again because of the warning.",
            theme.error(),
        ));
    }
    lines.push(Line::from(vec![
        Span::styled("y", theme.heading()),
        Span::raw(format!(" {} · any other key cancels (N)", p.yes_does())),
    ]));
    let title = if p.warned {
        format!(" {} anyway? ", p.action.title())
    } else {
        format!(" {}? ", p.action.title())
    };
    let width = area.width.saturating_sub(8).min(84);
    // Borders, and the lines wrapped at words as they are drawn, at the popup's inner width.
    let height = super::scroll::content_rows(&lines, width.saturating_sub(2)) + 2;
    let rect = centered(area, width, height.min(area.height));
    f.render_widget(Clear, rect);
    let block = Block::bordered().title(title);
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

fn picker(f: &mut Frame, area: Rect, p: &RecordingPicker, state: &AppState, theme: Theme) {
    let rect = centered(
        area,
        area.width.saturating_sub(8).min(96),
        (p.rows.len() as u16 + 4).min(area.height),
    );
    f.render_widget(Clear, rect);
    let block = Block::bordered().title(format!(" Send viewers of {} to a recording ", p.name));
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    for (i, row) in p.rows.iter().enumerate() {
        let mark = if i == p.selected { "▶" } else { " " };
        let text = match row {
            PickRow::Clear => format!(
                "{mark} stop sending viewers to {} (attendees follow the event again)",
                p.current
            ),
            PickRow::Recording(r) => {
                let now = if r.id == p.current {
                    "  (viewers sent here now)"
                } else {
                    ""
                };
                format!(
                    "{mark} {:<10} {:<10} {}  {}{now}",
                    r.id,
                    r.status,
                    datetime(r.created_at, &state.tz),
                    r.name
                )
            }
        };
        let style = if i == p.selected {
            theme.selected()
        } else {
            theme.text()
        };
        lines.push(Line::styled(clip(&text, width), style));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "↑/↓ choose · Enter picks (then asks y/N) · Esc cancels",
        theme.dim(),
    ));
    f.render_widget(Paragraph::new(lines), inner);
}
