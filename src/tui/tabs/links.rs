//! The Links tab: the selected event's attendee or moderator link as text and as a QR code. When
//! the QR does not fit, the text stays and a line says what size the QR needs. The codes were
//! encoded when the links arrived (`SignedLinks`): drawing only lays them out.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::tui::fmt::{ago, clip, datetime};
use crate::tui::state::{AppState, LinkKind};
use crate::tui::theme::Theme;
use crate::tui::widgets::qr::{QrWidget, cells, centered};
use crate::webcast::qr::QrMatrix;

/// Draws the tab. No border: a QR code of a link with a KS needs nearly every row of a
/// 120×40 terminal, and the text column carries the title instead.
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
    let (url, links) = (signed.url(state.link_kind), &signed.view);
    let expiry = if links.expires_at > state.now {
        format!(
            "KS expires {} (in {})",
            datetime(links.expires_at, &state.tz),
            ago(links.expires_at, state.now)
        )
    } else {
        format!(
            "KS expired {}: links are re-signed on the next poll",
            datetime(links.expires_at, &state.tz)
        )
    };
    let mut text = vec![
        title,
        Line::raw(""),
        Line::raw(url.to_string()),
        Line::raw(""),
        Line::styled(expiry, theme.dim()),
        Line::styled(format!("plays {}", links.playback_id), theme.dim()),
    ];
    if state.link_kind == LinkKind::Moderator {
        // The moderator KS is an editor's: say what it reaches wherever it is shown.
        text.push(Line::raw(""));
        text.push(Line::styled(
            format!(
                "This link can, until {}: {}",
                datetime(links.moderator_expires_at, &state.tz),
                links.moderator_reach
            ),
            theme.heading(),
        ));
    }
    let matrix = match signed.qr(state.link_kind) {
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
    let width = area.width.max(1);
    let text_lines: u16 = text
        .iter()
        .map(|l| (l.width() as u16).div_ceil(width).max(1))
        .sum();
    let [text_area, qr_area] =
        Layout::vertical([Constraint::Length(text_lines), Constraint::Fill(1)]).areas(area);
    f.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), text_area);
    draw_qr(f, qr_area, matrix, theme);
}

/// Draws the QR centred in `area`, or says how much room it needs (the text stays visible).
fn draw_qr(f: &mut Frame, area: Rect, matrix: &QrMatrix, theme: Theme) {
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
        let text = format!(
            "The QR code needs {w}×{h} cells; {}×{} are free here. Enlarge the terminal, \
             or press f: full screen needs a {w}×{} terminal.",
            area.width,
            area.height,
            h + 1
        );
        f.render_widget(
            Paragraph::new(text)
                .style(theme.dim())
                .wrap(Wrap { trim: true }),
            area,
        );
    }
}

/// The full-screen QR view: a caption line and the code, nothing else, for the easiest scan.
pub fn draw_fullscreen(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    let Some(signed) = state.selected_event().and_then(|w| state.links.get(&w.id)) else {
        return;
    };
    let [caption, rest] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let text = format!(
        " {} · Esc closes · t switches · c copies",
        state.link_kind.label()
    );
    f.render_widget(
        Paragraph::new(clip(&text, area.width as usize)).style(theme.heading()),
        caption,
    );
    match signed.qr(state.link_kind) {
        Ok(matrix) => draw_qr(f, rest, matrix, theme),
        Err(e) => f.render_widget(Paragraph::new(e).wrap(Wrap { trim: true }), rest),
    }
}
