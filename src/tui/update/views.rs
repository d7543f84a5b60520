//! The Events tab's lists: the board (Watched) and the account's views (Upcoming, Live now,
//! Past). An account view is read page by page (50 rows, see `webcast::account_views`) when
//! first shown and when the operator reaches its end; pages stay as read until `r` reads the
//! view again from its first page. Nothing here is polled.

use super::{Outcome, poll_soon};
use crate::tui::action::{Effect, IoKind, IoRequest};
use crate::tui::keymap::Action;
use crate::tui::state::{AccountList, AppState, EventsView, Watched};
use crate::tui::view::ViewPageView;
use crate::webcast::AccountView;

/// `]` / `[`: the next or previous list.
pub(super) fn switch(state: &mut AppState, forward: bool, out: &mut Outcome) {
    let all = EventsView::ALL;
    let at = all.iter().position(|v| *v == state.view).unwrap_or(0);
    let next = if forward {
        (at + 1) % all.len()
    } else {
        (at + all.len() - 1) % all.len()
    };
    show(state, all[next], out);
}

/// Shows `view`, reading its first page if nothing of it has been read yet.
pub(super) fn show(state: &mut AppState, view: EventsView, out: &mut Outcome) {
    if state.view != view {
        state.view = view;
        state.detail_scroll = 0;
        state.reveal_key = false;
    }
    let Some(v) = view.account() else {
        return;
    };
    let list = state.account_views.entry(v).or_default();
    if list.pages.is_empty() && list.pending.is_none() {
        request_page(state, v, 1, out);
    }
}

fn request_page(state: &mut AppState, view: AccountView, page: u32, out: &mut Outcome) {
    let tag = state.tag();
    let list = state.account_views.entry(view).or_default();
    list.pending = Some((tag, page));
    out.effects.push(Effect::Io(IoRequest {
        tag,
        kind: IoKind::ViewPage { view, page },
    }));
}

fn list_mut(state: &mut AppState) -> Option<(AccountView, &mut AccountList)> {
    let v = state.account_view()?;
    Some((v, state.account_views.entry(v).or_default()))
}

/// Moves the highlight of the shown account view to `index` (clamped); reaching the last row
/// read asks for the next page, and going past it moves there once the page arrives.
pub(super) fn select(state: &mut AppState, index: usize, out: &mut Outcome) {
    let Some((view, list)) = list_mut(state) else {
        return;
    };
    if list.is_empty() {
        return;
    }
    let last = list.len() - 1;
    let before = list.selected;
    list.selected = index.min(last);
    let wants_next = list.selected == last && list.has_more && list.pending.is_none();
    if index > last && list.has_more && index != usize::MAX {
        list.jump_to = Some(last + 1);
    }
    let next_page = list.pages.len() as u32 + 1;
    if list.selected != before {
        state.detail_scroll = 0;
        state.reveal_key = false;
    }
    if wants_next {
        request_page(state, view, next_page, out);
    }
}

/// `>`: the first row of the next page, read first when needed.
pub(super) fn next_page(state: &mut AppState, out: &mut Outcome) {
    let Some((view, list)) = list_mut(state) else {
        state.set_status("pages are for the account views: ] shows Upcoming, Live now and Past");
        return;
    };
    let target = list.page_of(list.selected) + 1;
    if (target as usize) <= list.pages.len() {
        list.selected = list.page_start(target);
        state.detail_scroll = 0;
        state.reveal_key = false;
    } else if list.pending.is_some() {
        list.jump_to = Some(list.len());
        state.set_status("reading the next page…");
    } else if list.has_more {
        list.jump_to = Some(list.len());
        request_page(state, view, target, out);
    } else {
        let text = if list.beyond_limit > 0 {
            format!(
                "last page Kaltura can list: {} more beyond its 10,000-match limit",
                list.beyond_limit
            )
        } else {
            "this is the last page".to_string()
        };
        state.set_status(text);
    }
}

/// `<`: the first row of the previous page (or of this one).
pub(super) fn prev_page(state: &mut AppState) {
    let Some((_, list)) = list_mut(state) else {
        state.set_status("pages are for the account views: ] shows Upcoming, Live now and Past");
        return;
    };
    let page = list.page_of(list.selected);
    list.selected = list.page_start(page.saturating_sub(1).max(1));
    state.detail_scroll = 0;
    state.reveal_key = false;
}

/// `r` in an account view: reads it again from its first page (the pages read so far stay on
/// screen until the answer replaces them).
pub(super) fn refresh(state: &mut AppState, out: &mut Outcome) {
    let Some((view, list)) = list_mut(state) else {
        return;
    };
    if list.pending.is_some() {
        state.set_status(format!("{} is being read…", view.title()));
        return;
    }
    request_page(state, view, 1, out);
}

/// `w`: the highlighted event joins the board (and the journal, so the next start shows it).
pub(super) fn watch_selected(state: &mut AppState, out: &mut Outcome) {
    let Some(row) = state
        .account_view()
        .and_then(|v| state.account_list(v))
        .and_then(AccountList::selected_row)
        .cloned()
    else {
        state.set_status("nothing highlighted to watch");
        return;
    };
    if state.is_watched(&row.id) {
        state.set_status(format!("{} ({}) is on the board already", row.name, row.id));
        return;
    }
    state.set_status(format!(
        "watching {} ({}): on the board, ] to see it there",
        row.name, row.id
    ));
    state.push_log(format!("{} ({}) watched by you", row.name, row.id));
    let tag = state.tag();
    out.effects.push(Effect::Io(IoRequest {
        tag,
        kind: IoKind::RememberWatch {
            id: row.id.clone(),
            name: row.name.clone(),
            schedule: row.schedule(),
        },
    }));
    state.events.push(Watched {
        id: row.id.clone(),
        view: Some(row),
    });
    poll_soon(state, out);
}

/// The actions that work on the board's events only: in an account view they would act on a
/// row the operator does not see.
pub(super) fn board_only(action: Action) -> bool {
    matches!(
        action,
        Action::GoLive
            | Action::EndLive
            | Action::ToggleRecording
            | Action::SendToRecording
            | Action::Broadcast
            | Action::BroadcastBackup
            | Action::DisconnectPrimary
            | Action::DisconnectBackup
            | Action::Unwatch
            | Action::EditEvent
            | Action::DeleteEvent
            | Action::ForgetEvent
    )
}

/// A page arrived: stored if it is the one still wanted (page 1 replaces every page read).
pub(super) fn on_page(
    state: &mut AppState,
    tag: u64,
    view: AccountView,
    page: u32,
    result: Result<ViewPageView, String>,
    out: &mut Outcome,
) {
    let now = state.now;
    let Some(list) = state.account_views.get_mut(&view) else {
        return;
    };
    if list.pending != Some((tag, page)) {
        return;
    }
    list.pending = None;
    out.redraw = true;
    match result {
        Ok(p) => {
            list.error = None;
            list.total = Some(p.total);
            list.has_more = p.has_more;
            list.beyond_limit = p.beyond_limit;
            let at = page as usize - 1;
            if page == 1 {
                list.pages = vec![p.rows];
                list.loaded_at = Some(now);
            } else if at < list.pages.len() {
                list.pages[at] = p.rows;
            } else if at == list.pages.len() {
                list.pages.push(p.rows);
            }
            if let Some(j) = list.jump_to.take()
                && j < list.len()
            {
                list.selected = j;
            }
            list.selected = list.selected.min(list.len().saturating_sub(1));
        }
        Err(e) => {
            list.error = Some(e.clone());
            list.jump_to = None;
            state.push_error(format!("{}: {e}", view.title()));
        }
    }
}
