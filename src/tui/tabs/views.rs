//! The Events tab's list titles (Watched, Upcoming, Live now, Past, the shown one in brackets)
//! and the table of an account view: its rows as read so far, what is being read, and why a
//! view is empty.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table, Wrap};

use super::events::{Column, cell, first_row, fit, title};
use crate::tui::fmt::clock;
use crate::tui::state::{AccountList, AppState, EventsView};
use crate::tui::theme::Theme;
use crate::webcast::AccountView;

/// The columns of an account view, least useful dropped first on narrow terminals.
fn view_columns(view: AccountView, inner_width: u16, wide: bool) -> Vec<Column> {
    use Column as C;
    let cols = match view {
        AccountView::Upcoming => vec![C::Marker, C::Name, C::Id, C::Starts, C::State, C::Board],
        AccountView::LiveNow => vec![
            C::Marker,
            C::Name,
            C::Id,
            C::State,
            C::Since,
            C::Audience,
            C::Board,
        ],
        AccountView::Past => vec![
            C::Marker,
            C::Name,
            C::Id,
            C::Ended,
            C::State,
            C::Recordings,
            C::Board,
        ],
    };
    fit(
        cols,
        &[C::Since, C::Audience, C::Board, C::Recordings, C::Id],
        inner_width,
        wide,
    )
}

/// The count shown beside a list's title, when known.
fn count(state: &AppState, view: EventsView) -> Option<String> {
    match view {
        EventsView::Watched => Some(state.events.len().to_string()),
        EventsView::Account(v) => state.account_list(v)?.total.map(|t| t.to_string()),
    }
}

/// The table's title: every list, the shown one in brackets (and styled), with its count.
pub fn title_line(state: &AppState, theme: Theme) -> Line<'static> {
    let mut spans = Vec::new();
    if state.view == EventsView::ALL[0] {
        spans.push(Span::raw(" "));
    }
    for view in EventsView::ALL {
        let label = match count(state, view) {
            Some(n) => format!("{} {n}", view.title()),
            None => view.title().to_string(),
        };
        if view == state.view {
            spans.push(Span::styled(format!("[{label}]"), theme.active_tab()));
        } else {
            spans.push(Span::styled(format!(" {label} "), theme.dim()));
        }
    }
    if state.view == EventsView::ALL[EventsView::ALL.len() - 1] {
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}

/// What the bottom border says: which rows are shown of how many, when the view was read, and
/// what is being read.
fn footer_line(list: &AccountList, state: &AppState, theme: Theme) -> Line<'static> {
    let mut parts = Vec::new();
    if let Some(total) = list.total
        && !list.is_empty()
    {
        let page = list.page_of(list.selected);
        let start = list.page_start(page) + 1;
        let end = start + list.pages.get(page as usize - 1).map_or(0, Vec::len) - 1;
        parts.push(format!("{start}–{end} of {total}"));
    }
    if let Some((_, page)) = list.pending {
        parts.push(format!("reading page {page}…"));
    } else if list.has_more {
        parts.push("> more".into());
    }
    if list.beyond_limit > 0 {
        parts.push(format!(
            "{} beyond Kaltura's 10,000 limit",
            list.beyond_limit
        ));
    }
    if let Some(at) = list.loaded_at {
        parts.push(format!("read {}", clock(at, &state.tz)));
    }
    if parts.is_empty() {
        return Line::raw("");
    }
    Line::from(Span::styled(
        format!(" {} ", parts.join(" · ")),
        theme.dim(),
    ))
}

/// Why an account view shows no row.
fn empty_text(view: AccountView, list: Option<&AccountList>) -> Vec<Line<'static>> {
    let reading = list.is_some_and(|l| l.pending.is_some());
    if let Some(e) = list.and_then(|l| l.error.as_ref()) {
        return vec![
            Line::raw(format!("{} could not be read: {e}", view.title())),
            Line::raw("r tries again."),
        ];
    }
    if reading || list.is_none_or(|l| l.total.is_none()) {
        return vec![Line::raw(format!(
            "Reading {} from the account…",
            view.title()
        ))];
    }
    let text = match view {
        AccountView::Upcoming => {
            "No upcoming webcast on the account (none whose KMS_EVENTS3 end time is ahead)."
        }
        AccountView::LiveNow => "No webcast of the account has an encoder connected.",
        AccountView::Past => "No past webcast on the account.",
    };
    vec![
        Line::raw(text),
        Line::raw("r reads the list again; ] shows the next one."),
    ]
}

/// Draws an account view's table.
pub fn draw_table(f: &mut Frame, area: Rect, state: &AppState, view: AccountView, theme: Theme) {
    let list = state.account_list(view);
    let mut block = Block::bordered().title(title_line(state, theme));
    if let Some(l) = list {
        block = block.title_bottom(footer_line(l, state, theme));
    }
    let Some(list) = list.filter(|l| !l.is_empty()) else {
        f.render_widget(
            Paragraph::new(empty_text(view, list))
                .block(block)
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    };
    let wide = area.width >= 110;
    let cols = view_columns(view, area.width.saturating_sub(2), wide);
    let header = Row::new(cols.iter().map(|c| title(*c))).style(theme.heading());
    let visible = area.height.saturating_sub(3) as usize;
    let offset = first_row(state, visible);
    let rows = list
        .rows()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, v)| {
            let selected = i == list.selected;
            let row = Row::new(
                cols.iter()
                    .map(|c| cell(*c, &v.id, Some(v), state, selected, wide, theme))
                    .collect::<Vec<_>>(),
            );
            if selected {
                row.style(theme.selected())
            } else {
                row
            }
        });
    f.render_widget(
        Table::new(rows, super::events::widths(&cols, wide))
            .header(header)
            .block(block),
        area,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_views_keep_name_state_and_time() {
        let past = view_columns(AccountView::Past, 58, false);
        assert!(past.contains(&Column::Name) && past.contains(&Column::Ended));
        assert!(past.contains(&Column::State));
        assert!(!past.contains(&Column::Id), "{past:?}");
        let up = view_columns(AccountView::Upcoming, 78, false);
        assert_eq!(
            up,
            [
                Column::Marker,
                Column::Name,
                Column::Id,
                Column::Starts,
                Column::State,
                Column::Board
            ]
        );
    }
}
