//! The header: product name, tabs, the SANDBOX badge, the INSECURE badge (an `http://` URL to
//! another machine, let through by `allow_insecure_http`) and the polling state.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::state::{AppState, Tab};
use crate::tui::theme::Theme;

/// Where the tab titles start: after the product name and the SANDBOX badge.
fn tabs_start(state: &AppState) -> usize {
    " kwebcast ".len() + if state.sandbox { " SANDBOX  ".len() } else { 0 }
}

/// The tab whose title is at column `x` of the header (for mouse clicks); mirrors `draw`.
pub fn tab_at(state: &AppState, x: u16) -> Option<Tab> {
    let mut start = tabs_start(state);
    for tab in Tab::ALL {
        let end = start + tab.title().chars().count() + 2;
        if (start..end).contains(&(x as usize)) {
            return Some(tab);
        }
        start = end;
    }
    None
}

/// Draws the one-line header.
pub fn draw(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    let mut spans = vec![Span::styled(" kwebcast ", theme.heading())];
    if state.sandbox {
        spans.push(Span::styled(" SANDBOX ", theme.badge()));
        spans.push(Span::raw(" "));
    }
    for tab in Tab::ALL {
        let style = if tab == state.tab {
            theme.active_tab()
        } else {
            theme.dim()
        };
        let title = if tab == state.tab {
            format!("[{}]", tab.title())
        } else {
            format!(" {} ", tab.title())
        };
        spans.push(Span::styled(title, style));
    }
    let mut poll = if state.poll.paused {
        "‖ paused".to_string()
    } else if state.poll.in_flight.is_some() {
        "⟳ polling".to_string()
    } else {
        format!("every {}s", state.poll.interval)
    };
    if let Some(why) = &state.insecure {
        let badge = format!(" INSECURE: {why} ");
        let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
        if used + badge.chars().count() < area.width as usize {
            spans.push(Span::styled(badge, theme.error()));
        } else {
            spans.push(Span::styled(" INSECURE ", theme.error()));
        }
    }
    let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
    if let Some(account) = state.account.as_ref().filter(|_| !state.sandbox) {
        let with = format!("{account} · {poll}");
        if used + with.chars().count() < area.width as usize {
            poll = with;
        }
    }
    let room = (area.width as usize).saturating_sub(used + 1);
    if room >= poll.chars().count() {
        spans.push(Span::raw(" ".repeat(room - poll.chars().count())));
        spans.push(Span::styled(poll, theme.dim()));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
