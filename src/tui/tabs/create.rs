//! The Create tab: the form with inline validation and, after success, the new event's links and
//! Studio launch details.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::tui::fmt::{clip, clip_words};
use crate::tui::state::AppState;
use crate::tui::theme::Theme;
use crate::tui::widgets::{popup, scroll};
use crate::webcast::Severity;

const LABEL_W: u16 = 17;

/// Columns kept right of the inputs for inline errors (" ✖ 1 to 1440 (whole minutes)").
const ERROR_ROOM: u16 = 28;

/// Draws the tab.
pub fn draw(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    let form = &state.form;
    let show_errors = |touched: bool| touched || form.attempted;
    let message = match form.fields.get(form.focus) {
        Some(field) => match (&field.error, show_errors(field.touched), &field.warning) {
            (Some(err), true, _) => {
                Line::styled(format!("{}: {err}", field.label), theme.invalid())
            }
            (_, _, Some(warning)) => Line::styled(
                format!("{}: {warning}", field.label),
                theme.alert(Severity::Warning),
            ),
            _ => Line::styled(format!("{}: {}", field.label, field.hint), theme.dim()),
        },
        None if form.edit.is_some() => Line::styled("Enter saves the changes", theme.dim()),
        None => Line::styled("Enter creates the event", theme.dim()),
    };
    // A message too long for one row (a long error) gets a second, wrapped at words.
    let message_h = if message.width() > area.width.saturating_sub(2) as usize {
        2
    } else {
        1
    };
    // Fields, a blank row, the button, a blank row, the message, the border; on a short
    // terminal the blank rows give way to the result (a create's links and where to find them
    // whole would be cut off otherwise).
    let result = result_lines(state, area.width.saturating_sub(2) as usize, theme);
    let result_h = scroll::content_rows(&result, area.width.saturating_sub(2)) + 2;
    // After a create, even the field's hint gives way: the links are what the operator came for.
    let fields = form.fields.len() as u16;
    let fits =
        |gap: u16, message_h: u16| fields + 3 + 2 * gap + message_h + result_h <= area.height;
    let (gap, message_h) = if fits(1, message_h) {
        (1, message_h)
    } else if fits(0, message_h) || form.created.is_none() {
        (0, message_h)
    } else {
        (0, 0)
    };
    let form_h = fields + 3 + 2 * gap + message_h;
    let [top, bottom] = Layout::vertical([
        Constraint::Length(form_h.min(area.height)),
        Constraint::Fill(1),
    ])
    .areas(area);
    let title = match &form.edit {
        Some(t) => format!(" Edit {} ({}) ", t.source.name, t.source.id),
        None => " New webcast event ".to_string(),
    };
    let block = Block::bordered().title(title);
    let inner = block.inner(top);
    f.render_widget(block, top);
    // The inputs give way to the errors on narrow terminals (they scroll sideways as typed).
    let input_w = inner
        .width
        .saturating_sub(LABEL_W + 1 + ERROR_ROOM)
        .clamp(20, 48)
        .min(inner.width.saturating_sub(LABEL_W + 1));
    for (i, field) in form.fields.iter().enumerate() {
        let y = inner.y + i as u16;
        if y >= inner.bottom() {
            break;
        }
        let focused = i == form.focus;
        let marker = if focused { "▶" } else { " " };
        let label = format!("{marker}{:>w$} ", field.label, w = LABEL_W as usize - 2);
        let scroll = field.input.visual_scroll(input_w as usize);
        let value: String = field
            .input
            .value()
            .chars()
            .skip(scroll)
            .take(input_w as usize)
            .collect();
        let padded = format!("{value:<w$}", w = input_w as usize);
        let value_style = if focused {
            theme.selected()
        } else {
            theme.text()
        };
        let mut spans = vec![
            Span::styled(label, theme.heading()),
            Span::styled(padded, value_style),
        ];
        let room = inner.width.saturating_sub(LABEL_W + input_w + 1) as usize;
        if let (Some(err), true) = (&field.error, show_errors(field.touched)) {
            // Whole words only; the message rows below the button say all of it.
            spans.push(Span::styled(
                clip_words(&format!(" ✖ {err}"), room),
                theme.invalid(),
            ));
        } else if let Some(warning) = field.warning.as_ref().filter(|_| field.error.is_none()) {
            spans.push(Span::styled(
                clip_words(&format!(" {} {warning}", Severity::Warning.symbol()), room),
                theme.alert(Severity::Warning),
            ));
        } else if field.error.is_none() && field.touched {
            spans.push(Span::styled(clip(" ✔", room), theme.ok()));
        }
        f.render_widget(
            Paragraph::new(Line::from(spans)),
            Rect {
                x: inner.x,
                y,
                width: inner.width,
                height: 1,
            },
        );
        if focused && state.search.is_none() {
            let cx =
                inner.x + LABEL_W + (field.input.visual_cursor().saturating_sub(scroll)) as u16;
            f.set_cursor_position((cx.min(inner.right().saturating_sub(1)), y));
        }
    }
    let n = form.fields.len() as u16;
    let saving = form.edit.as_ref().map(|t| t.pending.is_some());
    let button = match (saving, form.pending.is_some()) {
        (Some(true), _) => "[ Saving… ]",
        (Some(false), _) => "[ Save changes ]",
        (None, true) => "[ Creating… ]",
        (None, false) => "[ Create ]",
    };
    let button_hint = if form.edit.is_some() {
        "  Ctrl-S saves the changes from any field"
    } else {
        "  Ctrl-S creates from any field"
    };
    let button_style = if form.on_button() {
        theme.selected()
    } else {
        theme.heading()
    };
    let button_line = Line::from(vec![
        Span::raw(format!(
            "{:w$}",
            if form.on_button() { "▶" } else { " " },
            w = LABEL_W as usize
        )),
        Span::styled(button, button_style),
        Span::styled(button_hint, theme.dim()),
    ]);
    let (button_row, message_row) = (n + gap, n + 1 + 2 * gap);
    if inner.height > button_row {
        f.render_widget(
            Paragraph::new(button_line),
            Rect {
                x: inner.x,
                y: inner.y + button_row,
                width: inner.width,
                height: 1,
            },
        );
    }
    if inner.height > message_row && message_h > 0 {
        f.render_widget(
            Paragraph::new(message).wrap(Wrap { trim: true }),
            Rect {
                x: inner.x,
                y: inner.y + message_row,
                width: inner.width,
                height: (inner.height - message_row).min(message_h),
            },
        );
    }
    draw_result(f, bottom, result);
    if let Some(q) = &form.confirm {
        let text = vec![
            Line::raw(format!(
                "An event named \"{}\" is already on the board ({}).",
                q.existing.0, q.existing.1
            )),
            Line::raw(""),
            Line::styled(
                format!("Create another one named \"{}\"? y/N", q.event.name),
                theme.heading(),
            ),
            Line::styled(
                "y creates it; any other key goes back to the form",
                theme.dim(),
            ),
        ];
        popup::question(f, area, " Same name ", text, theme);
    }
}

/// The result box's lines for a box `width` columns wide inside.
fn result_lines(state: &AppState, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let form = &state.form;
    if let Some(t) = &form.edit {
        match (&form.failure, t.pending.is_some()) {
            (_, true) => vec![Line::raw("Saving the changes…")],
            (Some(err), false) => vec![
                Line::styled(format!("✖ Not saved: {err}"), theme.invalid()),
                Line::raw(
                    "Fix the form and press Ctrl-S again, or Esc to leave it (Ctrl-R starts a new event).",
                ),
            ],
            (None, false) => vec![Line::styled(
                "Change the fields; Ctrl-S sends only what changed. Kaltura refuses recording changes while an encoder is connected.",
                theme.dim(),
            )],
        }
    } else if let Some(c) = &form.created {
        // Links are one line each, cut with "…": whole, they take a screen (a KS is ~400
        // characters), and the Links tab shows them whole, with their QR codes, to copy.
        let link = |label: &'static str, url: &str| {
            let room = width.saturating_sub(label.chars().count());
            Line::from(vec![
                Span::styled(label, theme.heading()),
                Span::raw(clip(url, room)),
            ])
        };
        let mut v = vec![Line::styled(
            format!(
                "✔ Created {} ({}); the form is ready for the next event.",
                c.name, c.id
            ),
            theme.ok(),
        )];
        for note in &c.notes {
            v.push(Line::styled(format!("! {note}"), theme.invalid()));
        }
        v.push(link("Attendee:  ", &c.links.attendee_url));
        v.push(link("Moderator: ", &c.links.moderator_url));
        let pointer = "3: both links whole, QR codes, copy · 4: Studio launch, downloads";
        let pointer = if pointer.chars().count() <= width {
            pointer
        } else {
            "3: links whole, QR codes, copy · 4: Studio"
        };
        v.push(Line::styled(pointer, theme.dim()));
        v
    } else if let Some(err) = &form.failure {
        vec![
            Line::styled(format!("✖ Not created: {err}"), theme.invalid()),
            Line::raw("Nothing was lost: fix the form and press Ctrl-S again."),
        ]
    } else if form.pending.is_some() {
        vec![Line::raw("Creating the event…")]
    } else {
        vec![Line::styled(
            "Fill in the form; Ctrl-S (or Enter on [ Create ]) creates the event.",
            theme.dim(),
        )]
    }
}

fn draw_result(f: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
    if area.height < 3 {
        return;
    }
    f.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(" Result "))
            .wrap(Wrap { trim: true }),
        area,
    );
}
