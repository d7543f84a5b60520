//! The Studio tab: where to download the Kaltura Webcasting Studio and the URL that launches it on
//! the selected event. The Studio KS in the parameters is shortened on screen. The text scrolls
//! (PgDn/PgUp): the parameters and the launch URL rarely fit an 80×24 terminal.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::tui::fmt::clip;
use crate::tui::state::AppState;
use crate::tui::theme::Theme;
use crate::tui::widgets::scroll;

/// The tab's text for the selected event.
fn lines(state: &AppState, theme: Theme) -> Vec<Line<'static>> {
    let Some(w) = state.selected_event() else {
        return Vec::new();
    };
    match state.studio.get(&w.id) {
        None if state.studio_pending.is_some() => vec![Line::raw("fetching Studio details…")],
        None => vec![Line::raw("no Studio details yet")],
        Some(s) => {
            let label = |t: &str| Span::styled(format!("{t}: "), theme.heading());
            let mut v = vec![
                Line::from(vec![
                    label("Windows download"),
                    Span::raw(s.windows_url.clone()),
                ]),
                Line::from(vec![label("macOS download"), Span::raw(s.mac_url.clone())]),
                Line::from(vec![
                    label("Launch"),
                    Span::raw(format!(
                        "c copies the {}-character KalturaWebcast: URL (it opens the installed Studio)",
                        s.launch_url.chars().count()
                    )),
                ]),
                Line::styled("Parameters:", theme.heading()),
            ];
            for (k, val) in &s.params {
                let shown = if k == "ks" {
                    format!("{} (in the launch URL)", clip(val, 12))
                } else {
                    val.clone()
                };
                v.push(Line::raw(format!("  {k} = {shown}")));
            }
            v.push(Line::styled("Launch URL:", theme.heading()));
            v.push(Line::raw(s.launch_url.clone()));
            v
        }
    }
}

/// The furthest the tab scrolls on a terminal of `state.size`.
pub fn max_scroll(state: &AppState) -> u16 {
    let (width, rows) = scroll::inner(crate::tui::draw::body_area(state));
    scroll::max_offset(&lines(state, Theme { color: false }), width, rows)
}

/// Draws the tab.
pub fn draw(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    let Some(w) = state.selected_event() else {
        let p =
            Paragraph::new("No event selected: create one (2) or pick one on the Events tab (1).")
                .block(Block::bordered().title(" Studio "))
                .wrap(Wrap { trim: true });
        f.render_widget(p, area);
        return;
    };
    let name = w.view.as_ref().map_or("…", |v| v.name.as_str());
    let title = clip(
        &format!(" Studio: {name} ({}) ", w.id),
        area.width.saturating_sub(4) as usize,
    );
    scroll::draw(
        f,
        area,
        Block::bordered().title(title),
        lines(state, theme),
        state.studio_scroll,
        ("PgDn", "PgUp"),
        theme,
    );
}
