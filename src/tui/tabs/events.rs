//! The Events tab (home): the watched events table, the selected event's details and the
//! transition log. Wide terminals show details and log side by side; 80×24 toggles them (`o`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, Wrap};

use crate::tui::fmt::{ago, clip, clock, datetime, mask};
use crate::tui::state::AppState;
use crate::tui::theme::Theme;
use crate::tui::view::EventView;

/// Whether the terminal is big enough for details and log side by side.
pub fn is_wide(state: &AppState) -> bool {
    state.size.0 >= 110 && state.size.1 >= 30
}

fn table_height(state: &AppState, body_height: u16) -> u16 {
    (state.events.len() as u16 + 3).clamp(5, body_height / 2)
}

/// First event shown in a table with room for `visible` rows: the selection stays in view.
fn first_row(state: &AppState, visible: usize) -> usize {
    (state.selected + 1).saturating_sub(visible)
}

/// The event drawn at screen row `y` when the body starts at `body_top` (for mouse clicks);
/// mirrors `draw`.
pub fn row_at(state: &AppState, body_top: u16, body_height: u16, y: u16) -> Option<usize> {
    let table_h = table_height(state, body_height);
    let first_data = body_top + 2;
    let visible = table_h.saturating_sub(3) as usize;
    if y < first_data || y >= first_data + visible as u16 {
        return None;
    }
    let index = first_row(state, visible) + (y - first_data) as usize;
    (index < state.events.len()).then_some(index)
}

/// Draws the tab.
pub fn draw(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    let table_h = table_height(state, area.height);
    let [top, bottom] =
        Layout::vertical([Constraint::Length(table_h), Constraint::Fill(1)]).areas(area);
    draw_table(f, top, state, theme);
    if is_wide(state) {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Fill(1)]).areas(bottom);
        draw_detail(f, left, state, theme);
        draw_log(f, right, state, theme);
    } else if state.show_log {
        draw_log(f, bottom, state, theme);
    } else {
        draw_detail(f, bottom, state, theme);
    }
}

fn draw_table(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    let title = format!(" Events ({}) ", state.events.len());
    let block = Block::bordered().title(title);
    if state.events.is_empty() {
        let text = vec![
            Line::raw("No events watched yet."),
            Line::raw("Press n to create one, or / to search the account."),
        ];
        f.render_widget(
            Paragraph::new(text).block(block).wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let header = Row::new([
        "",
        "Name",
        "Entry ID",
        "State",
        "Since",
        "Attendees get",
        "Polled",
    ])
    .style(theme.heading());
    let visible = area.height.saturating_sub(3) as usize;
    let wide_table = area.width >= 110;
    let offset = first_row(state, visible);
    let rows = state
        .events
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, w)| {
            let marker = if i == state.selected { "▶" } else { " " };
            let row = match &w.view {
                Some(v) => Row::new(vec![
                    Cell::from(marker),
                    Cell::from(v.name.clone()),
                    Cell::from(v.id.clone()),
                    Cell::from(format!("{} {}", v.status.symbol(), v.status.word()))
                        .style(theme.status(v.status)),
                    Cell::from(
                        v.since
                            .map(|t| ago(state.now, t))
                            .unwrap_or_else(|| "-".into()),
                    ),
                    Cell::from(if wide_table {
                        v.audience.clone()
                    } else {
                        v.audience.replacen("recording ", "rec. ", 1)
                    }),
                    Cell::from(format!("{} ago", ago(state.now, v.polled_at))),
                ]),
                None => Row::new(vec![
                    Cell::from(marker),
                    Cell::from("…"),
                    Cell::from(w.id.clone()),
                    Cell::from("… not polled yet"),
                    Cell::from("-"),
                    Cell::from("-"),
                    Cell::from("-"),
                ]),
            };
            if i == state.selected {
                row.style(theme.selected())
            } else {
                row
            }
        });
    let widths = [
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(10),
        Constraint::Length(17),
        Constraint::Length(5),
        Constraint::Length(if wide_table { 22 } else { 15 }),
        Constraint::Length(7),
    ];
    f.render_widget(Table::new(rows, widths).header(header).block(block), area);
}

/// Masks known secrets, and the `t=`/`p=` tokens ingest URLs carry, until the operator reveals.
fn masked(text: &str, secrets: &[&str], reveal: bool) -> String {
    let mut out = text.to_string();
    if reveal {
        return out;
    }
    for s in secrets.iter().filter(|s| !s.is_empty()) {
        out = out.replace(s, &mask(s));
    }
    for key in ["&t=", "?t=", ",p="] {
        if let Some(at) = out.find(key) {
            let start = at + key.len();
            let end = out[start..]
                .find(['&', ','])
                .map_or(out.len(), |e| start + e);
            let secret = out[start..end].to_string();
            if !secret.starts_with('•') {
                out.replace_range(start..end, &mask(&secret));
            }
        }
    }
    out
}

fn detail_lines(v: &EventView, state: &AppState, theme: Theme) -> Vec<Line<'static>> {
    let label = |s: &str| Span::styled(format!("{s}: "), theme.heading());
    let mut lines = Vec::new();
    let since = v
        .since
        .map(|t| format!(" since {} ({} ago)", clock(t, &state.tz), ago(state.now, t)))
        .unwrap_or_default();
    lines.push(Line::from(vec![
        label("State"),
        Span::styled(
            format!("{} {}", v.status.symbol(), v.status.word()),
            theme.status(v.status),
        ),
        Span::raw(since),
    ]));
    lines.push(Line::from(vec![
        label("Attendees get"),
        Span::raw(v.audience.clone()),
    ]));
    // A description keeps its line breaks (the decode turned every kind into `\n`): one
    // screen line each, under the label.
    for (i, text) in v.detail.description.lines().enumerate() {
        let head = if i == 0 {
            label("Description")
        } else {
            Span::raw(" ".repeat("Description: ".len()))
        };
        lines.push(Line::from(vec![head, Span::raw(text.to_string())]));
    }
    for (name, t) in &v.detail.times {
        lines.push(Line::from(vec![
            label(name),
            Span::raw(datetime(*t, &state.tz)),
        ]));
    }
    for (name, value) in &v.detail.facts {
        lines.push(Line::from(vec![label(name), Span::raw(value.clone())]));
    }
    if v.detail.recordings.is_empty() {
        lines.push(Line::from(vec![label("Recordings"), Span::raw("none yet")]));
    } else {
        lines.push(Line::from(label("Recordings")));
        for r in &v.detail.recordings {
            lines.push(Line::raw(format!("  {} {} {}", r.id, r.status, r.name)));
        }
    }
    let ing = &v.detail.ingest;
    let key = ing.stream_key.clone().unwrap_or_default();
    let pass = ing.srt_pass.clone().unwrap_or_default();
    let secrets = [key.as_str(), pass.as_str()];
    for (name, url) in ing.rtmp.iter().chain(ing.srt.iter()) {
        lines.push(Line::from(vec![
            label(name),
            Span::raw(masked(url, &secrets, state.reveal_key)),
        ]));
    }
    let hint = if state.reveal_key {
        " (K hides)"
    } else {
        " (K reveals)"
    };
    if !key.is_empty() {
        let shown = if state.reveal_key {
            key.clone()
        } else {
            mask(&key)
        };
        lines.push(Line::from(vec![
            label("Stream key"),
            Span::raw(shown),
            Span::styled(hint, theme.dim()),
        ]));
    }
    if !pass.is_empty() {
        let shown = if state.reveal_key {
            pass.clone()
        } else {
            mask(&pass)
        };
        lines.push(Line::from(vec![
            label("SRT passphrase"),
            Span::raw(shown),
            Span::styled(hint, theme.dim()),
        ]));
    }
    lines
}

fn draw_detail(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    let Some(w) = state.selected_event() else {
        f.render_widget(
            Paragraph::new("").block(Block::bordered().title(" Details ")),
            area,
        );
        return;
    };
    let (title, lines) = match &w.view {
        Some(v) => (
            format!(" {} ({}) ", v.name, v.id),
            detail_lines(v, state, theme),
        ),
        None => (
            format!(" {} ", w.id),
            vec![Line::raw("waiting for the first poll…")],
        ),
    };
    let title = clip(&title, area.width.saturating_sub(4) as usize);
    f.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(title))
            .wrap(Wrap { trim: false })
            .scroll((state.detail_scroll, 0)),
        area,
    );
}

fn draw_log(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    let block = Block::bordered().title(" Event log ");
    let height = area.height.saturating_sub(2) as usize;
    let lines: Vec<Line> = if state.log.is_empty() {
        vec![Line::styled("transitions appear here", theme.dim())]
    } else {
        let skip = state.log.len().saturating_sub(height);
        state
            .log
            .iter()
            .skip(skip)
            .map(|e| {
                Line::from(vec![
                    Span::styled(clock(e.at, &state.tz), theme.dim()),
                    Span::raw(format!(" {}", e.text)),
                ])
            })
            .collect()
    };
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
