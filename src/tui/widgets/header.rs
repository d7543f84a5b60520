//! The header: product name, tabs, the SANDBOX badge and the polling state.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::state::{AppState, Tab};
use crate::tui::theme::Theme;

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
