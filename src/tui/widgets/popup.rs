//! Popups drawn over the body: the search box, the error history, and the question asked
//! before quitting with a create in flight.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::qr::centered;
use crate::tui::fmt::{clip, clock};
use crate::tui::state::{AppState, SearchState};
use crate::tui::theme::Theme;
use crate::tui::view::Status;

/// The search popup: an input line and the results.
pub fn search(f: &mut Frame, area: Rect, s: &SearchState, theme: Theme) {
    let rect = centered(
        area,
        area.width.saturating_sub(8).min(90),
        area.height.saturating_sub(4).min(16),
    );
    f.render_widget(Clear, rect);
    let block = Block::bordered().title(" Search the account by name or entry ID ");
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let width = inner.width.saturating_sub(4) as usize;
    let scroll = s.input.visual_scroll(width);
    let shown: String = s.input.value().chars().skip(scroll).take(width).collect();
    let mut lines = vec![
        Line::from(vec![Span::styled("> ", theme.heading()), Span::raw(shown)]),
        Line::raw(""),
    ];
    match (&s.results, s.pending) {
        (_, Some(_)) => lines.push(Line::styled("searching…", theme.dim())),
        (None, None) => lines.push(Line::styled("Enter searches; Esc closes", theme.dim())),
        (Some(r), None) if r.is_empty() => lines.push(Line::raw("no live events match")),
        (Some(r), None) => {
            for (i, v) in r.iter().enumerate() {
                let text = format!(
                    "{} {:<10} {} {:<15} {}",
                    if i == s.selected { "▶" } else { " " },
                    v.id,
                    v.status.symbol(),
                    v.status.word(),
                    v.name
                );
                let text = clip(&text, inner.width as usize);
                let style = if i == s.selected {
                    theme.selected()
                } else {
                    theme.text()
                };
                lines.push(Line::styled(text, style));
            }
            lines.push(Line::styled(
                "Enter watches the highlighted event",
                theme.dim(),
            ));
        }
    }
    f.render_widget(Paragraph::new(lines), inner);
    let x = inner.x + 2 + (s.input.visual_cursor().saturating_sub(scroll)) as u16;
    f.set_cursor_position((x.min(inner.right().saturating_sub(1)), inner.y));
}

/// The error history popup, newest last, after the events whose rows show ✖ ERROR and why:
/// their problems are not errors of the board, but an operator pressing `E` is looking for them.
pub fn errors(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    let rect = centered(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    f.render_widget(Clear, rect);
    let block = Block::bordered().title(" Error history (Esc closes) ");
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let mut lines: Vec<Line> = Vec::new();
    let failed: Vec<_> = state
        .events
        .iter()
        .filter_map(|w| w.view.as_ref())
        .filter(|v| v.status == Status::Error)
        .collect();
    if !failed.is_empty() {
        lines.push(Line::styled(
            format!("Events in ERROR ({}):", failed.len()),
            theme.heading(),
        ));
        for v in failed {
            let why = v.problem().unwrap_or("no reason given");
            lines.push(Line::raw(format!("✖ {} ({}): {why}", v.name, v.id)));
        }
        lines.push(Line::styled("Errors of the board:", theme.heading()));
    }
    if state.errors.is_empty() {
        let none = if lines.is_empty() {
            "no errors so far"
        } else {
            "none"
        };
        lines.push(Line::styled(none, theme.dim()));
    } else {
        // The newest that fit below the events' lines.
        let room = (inner.height as usize).saturating_sub(lines.len()).max(1);
        let skip = state.errors.len().saturating_sub(room);
        lines.extend(state.errors.iter().skip(skip).map(|e| {
            let repeats = if e.count > 1 {
                format!(" (×{})", e.count)
            } else {
                String::new()
            };
            Line::raw(format!("{} {}{repeats}", clock(e.at, &state.tz), e.text))
        }));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// A question over the body (`y` answers yes; the caller handles the keys).
pub fn question(f: &mut Frame, area: Rect, title: &str, lines: Vec<Line<'_>>, theme: Theme) {
    let width = area.width.saturating_sub(8).min(76);
    let height = super::scroll::content_rows(&lines, width.saturating_sub(2)) + 2;
    let rect = centered(area, width, height);
    f.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(title.to_string())
        .border_style(theme.heading());
    f.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        rect,
    );
}

/// Asked when the operator quits while a create is in flight: quitting cannot lose the event
/// (the journal holds it as pending), but it is not settled until the next start or
/// `kwebcast recover`.
pub fn confirm_quit(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    let rect = centered(
        area,
        area.width.saturating_sub(8).min(76),
        9.min(area.height),
    );
    f.render_widget(Clear, rect);
    let block = Block::bordered().title(" Quit while creating? ");
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let (reference, name) = state
        .form
        .pending_create
        .clone()
        .unwrap_or_else(|| ("?".into(), "an event".into()));
    let lines = vec![
        Line::raw(format!(
            "{name:?} is being created (reference {reference})."
        )),
        Line::raw(""),
        Line::raw(
            "If you quit now the journal keeps it pending: the next start (or \
             `kwebcast recover`) looks it up and records it.",
        ),
        Line::raw(""),
        Line::from(vec![
            Span::styled("y", theme.heading()),
            Span::raw(" quits · any other key stays (N)"),
        ]),
    ];
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}
