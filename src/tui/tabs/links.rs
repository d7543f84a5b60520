//! The Links tab: the selected event's attendee or moderator link as text and as a QR code. When
//! the QR does not fit, the text (the link itself included) takes the room and a line below says
//! what size the QR needs. The codes were
//! encoded when the links arrived (`SignedLinks`): drawing only lays them out.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::tui::fmt::{ago, clip, datetime};
use crate::tui::state::{AppState, LinkKind, SignedLinks};
use crate::tui::theme::Theme;
use crate::tui::view::QrTarget;
use crate::tui::widgets::qr::{QrWidget, cells, centered};
use crate::tui::widgets::scroll;
use crate::webcast::qr::QrMatrix;

/// Draws the tab. No border, so the attendee's short-link code (37×19 cells) fits beside its
/// text at 80×24; the text column carries the title instead.
pub fn draw(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    let Some(w) = state.selected_event() else {
        let p =
            Paragraph::new("No event selected: create one (2) or pick one on the Events tab (1).")
                .block(Block::bordered().title(" Links "))
                .wrap(Wrap { trim: true });
        f.render_widget(p, area);
        return;
    };
    let name = w.view.as_ref().map_or("…", |v| v.name.as_str());
    let kinds = match state.link_kind {
        LinkKind::Attendee => "[attendee] moderator",
        LinkKind::Moderator => "attendee [moderator]",
    };
    let title = Line::styled(format!("{kinds}: {name} ({})", w.id), theme.heading());
    let Some(signed) = state.links.get(&w.id) else {
        let text = if state.links_pending.is_some() {
            "signing links…"
        } else {
            "no links yet"
        };
        f.render_widget(Paragraph::new(vec![title, Line::raw(text)]), area);
        return;
    };
    let text = describe(state, signed, title, theme);
    let matrix = match signed.qr(state.link_kind, state.qr_target) {
        Ok(m) => m,
        Err(e) => {
            f.render_widget(Paragraph::new(e).wrap(Wrap { trim: true }), area);
            return;
        }
    };
    let (qw, qh) = cells(matrix);
    if area.width >= qw + 31 && area.height >= qh {
        // Wide: text on the left, the code on the right at full height.
        let [text_area, _, qr_area] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(qw),
        ])
        .areas(area);
        f.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), text_area);
        f.render_widget(
            QrWidget {
                matrix,
                style: theme.qr(),
            },
            centered(qr_area, qw, qh),
        );
        return;
    }
    let text_rows = scroll::content_rows(&text, area.width);
    let text_rows = if qw <= area.width && qh + 4 <= area.height {
        // The code fits below at least the first lines: they give it the room it needs.
        text_rows.min(area.height - qh)
    } else {
        // It cannot fit: the text (the link itself included) keeps every row but those of the
        // line saying what size the code needs.
        let note = needs_room(qw, qh, area.width, area.height, false);
        let note_rows = Paragraph::new(note)
            .wrap(Wrap { trim: true })
            .line_count(area.width) as u16;
        text_rows.min(area.height.saturating_sub(note_rows))
    };
    let [text_area, qr_area] =
        Layout::vertical([Constraint::Length(text_rows), Constraint::Fill(1)]).areas(area);
    f.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), text_area);
    draw_qr(f, qr_area, matrix, theme, false);
}

/// The lines beside the code: what it encodes and how long that is, the link's own expiry, what
/// it opens, then the link itself (the full one last: it is long, and may be cut off).
fn describe<'a>(
    state: &AppState,
    signed: &'a SignedLinks,
    title: Line<'a>,
    theme: Theme,
) -> Vec<Line<'a>> {
    let links = &signed.view;
    let expiry = |at: Option<i64>, what: &str| match at {
        None => format!("{what}: no KS (a public entry)"),
        Some(at) if at > state.now => format!(
            "{what} expires {} (in {})",
            datetime(at, &state.tz),
            ago(at, state.now)
        ),
        Some(at) => format!(
            "{what} expired {}: links are re-signed on the next poll",
            datetime(at, &state.tz)
        ),
    };
    let mut lines = vec![title];
    match state.link_kind {
        LinkKind::Attendee => {
            let target = signed.attendee_target(state.qr_target);
            let qr_url = signed.qr_url(LinkKind::Attendee, state.qr_target);
            let switch = if links.qr_targets().len() > 1 {
                " · s switches"
            } else {
                ""
            };
            lines.push(Line::styled(
                format!(
                    "QR: the {} ({} characters){switch}",
                    target.label(),
                    qr_url.chars().count()
                ),
                theme.heading(),
            ));
            lines.push(Line::styled(
                expiry(links.attendee_expires_at, "attendee KS"),
                theme.dim(),
            ));
            lines.push(Line::styled(
                format!("plays {}", links.playback_id),
                theme.dim(),
            ));
            if target == QrTarget::LinkWithoutKs {
                lines.push(Line::styled(
                    "without a KS it plays only a public entry (no access control demanding one)",
                    theme.dim(),
                ));
            } else if let Some(note) = &links.short_link_note {
                lines.push(Line::styled(note.clone(), theme.dim()));
            }
            lines.push(Line::raw(""));
            lines.push(Line::raw(qr_url.to_string()));
            if target != QrTarget::FullLink {
                lines.push(Line::raw(""));
                lines.push(Line::styled("full link (c copies it):", theme.dim()));
                lines.push(Line::raw(links.attendee_url.clone()));
            }
        }
        LinkKind::Moderator => {
            lines.push(Line::styled(
                format!(
                    "QR: the full link ({} characters)",
                    links.moderator_url.chars().count()
                ),
                theme.heading(),
            ));
            lines.push(Line::styled(
                expiry(Some(links.moderator_expires_at), "moderator KS"),
                theme.dim(),
            ));
            lines.push(Line::styled(
                format!("opens the live entry {}: Q&A moderation", links.entry_id),
                theme.dim(),
            ));
            lines.push(Line::styled(
                "never shortened: a short ID is guessable, and this link carries a producer KS",
                theme.dim(),
            ));
            // The moderator KS is an editor's: say what it reaches wherever it is shown.
            lines.push(Line::styled(
                format!(
                    "This link can, until {}: {}",
                    datetime(links.moderator_expires_at, &state.tz),
                    links.moderator_reach
                ),
                theme.heading(),
            ));
            lines.push(Line::raw(""));
            lines.push(Line::raw(links.moderator_url.clone()));
        }
    }
    lines
}

/// Draws the QR centred in `area`, or says how much room it needs (the text stays visible);
/// `fullscreen` when already in the full-screen view (nothing more to press there).
fn draw_qr(f: &mut Frame, area: Rect, matrix: &QrMatrix, theme: Theme, fullscreen: bool) {
    let (w, h) = cells(matrix);
    if w <= area.width && h <= area.height {
        f.render_widget(
            QrWidget {
                matrix,
                style: theme.qr(),
            },
            centered(area, w, h),
        );
    } else {
        let text = needs_room(w, h, area.width, area.height, fullscreen);
        f.render_widget(
            Paragraph::new(text)
                .style(theme.dim())
                .wrap(Wrap { trim: true }),
            area,
        );
    }
}

/// What a `w`×`h`-cell code needs when only `free_w`×`free_h` cells are free, and how to get it
/// (`fullscreen` when already in the full-screen view: nothing more to press there).
fn needs_room(w: u16, h: u16, free_w: u16, free_h: u16, fullscreen: bool) -> String {
    if fullscreen {
        format!(
            "The QR code needs {w}×{h} cells; {free_w}×{free_h} are free. Enlarge the terminal \
             to {w}×{} or more.",
            h + 1
        )
    } else {
        format!(
            "The QR code needs {w}×{h} cells; {free_w}×{free_h} are free here. Enlarge the \
             terminal, or press f: full screen needs a {w}×{} terminal.",
            h + 1
        )
    }
}

/// The full-screen QR view: a caption line and the code, nothing else, for the easiest scan.
pub fn draw_fullscreen(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    let Some(signed) = state.selected_event().and_then(|w| state.links.get(&w.id)) else {
        return;
    };
    let [caption, rest] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let what = match state.link_kind {
        LinkKind::Attendee => signed.attendee_target(state.qr_target).label(),
        LinkKind::Moderator => "full link",
    };
    let text = format!(
        " {}: the {what} · Esc closes · t/s switch · c copies",
        state.link_kind.label()
    );
    f.render_widget(
        Paragraph::new(clip(&text, area.width as usize)).style(theme.heading()),
        caption,
    );
    match signed.qr(state.link_kind, state.qr_target) {
        Ok(matrix) => draw_qr(f, rest, matrix, theme, true),
        Err(e) => f.render_widget(Paragraph::new(e).wrap(Wrap { trim: true }), rest),
    }
}
