//! `update`: the only place the state changes. Pure (no IO, no clock reads): it takes a message
//! and the current time, mutates the state and returns effects plus whether a redraw is needed.
//! Key handling lives in `keys`, IO answers in `io`.

mod alerts;
mod follow;
mod gone;
mod io;
mod keys;
mod live;
mod manage;
mod views;

pub use gone::GONE_AFTER_SECS;

use io::on_io;
use keys::{on_key, type_into};

use crossterm::event::{MouseButton, MouseEventKind};
use tui_input::InputRequest;

use crate::tui::action::{Effect, IoKind, IoRequest, Msg, SimAction, SystemCopy};
use crate::tui::fmt::ago;
use crate::tui::form::DuplicateQuestion;
use crate::tui::keymap::Action;
use crate::tui::state::{AppState, LinkKind, SearchState, Tab, Watched};
use crate::tui::view::{EventView, NewEvent, QrTarget, Status};

/// Seconds before a KS in links or the Studio launch URL expires when the tab showing them asks
/// for fresh ones.
const LINK_RENEW_MARGIN: i64 = 120;

/// What `update` asks of the event loop.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Effects to run.
    pub effects: Vec<Effect>,
    /// Whether anything visible changed.
    pub redraw: bool,
}

/// Applies one message at time `now`.
pub fn update(state: &mut AppState, msg: Msg, now: i64) -> Outcome {
    let before = clock_fingerprint(state);
    state.now = now;
    let mut out = Outcome::default();
    match msg {
        Msg::Key(key) => on_key(state, key, &mut out),
        // Nothing but the "too small" notice is on screen, or a question is open (only keys
        // answer it): input would act unseen.
        Msg::Paste(_) if crate::tui::draw::too_small(state.size) => {
            state.ignored_keys = state.ignored_keys.saturating_add(1);
            out.redraw = true;
        }
        Msg::Paste(_) | Msg::Mouse(_)
            if crate::tui::draw::too_small(state.size)
                || state.prompt.is_some()
                || state.form.confirm.is_some() => {}
        Msg::Paste(text) => {
            for c in text.chars().filter(|c| !c.is_control()) {
                type_into(state, InputRequest::InsertChar(c), &mut out);
            }
        }
        Msg::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => apply(state, Action::Down, &mut out),
            MouseEventKind::ScrollUp => apply(state, Action::Up, &mut out),
            MouseEventKind::Down(MouseButton::Left) => on_click(state, m.column, m.row, &mut out),
            _ => {}
        },
        Msg::Resize(w, h) => {
            state.size = (w, h);
            if !crate::tui::draw::too_small(state.size) {
                state.ignored_keys = 0;
            }
            out.redraw = true;
        }
        Msg::Tick => on_tick(state, &mut out),
        Msg::Io(reply) => on_io(state, *reply, &mut out),
        Msg::SystemCopied(done) => on_system_copied(state, *done, &mut out),
    }
    if !out.redraw && clock_fingerprint(state) != before {
        out.redraw = true;
    }
    if out.redraw {
        clamp_scrolls(state);
    }
    out
}

/// Keeps every scroll offset within its text, for the terminal's current size: scrolling stops
/// at the last line instead of running into blank rows, and a resize or a shorter text pulls
/// the offset back.
fn clamp_scrolls(state: &mut AppState) {
    if crate::tui::draw::too_small(state.size) {
        return;
    }
    state.detail_scroll = state
        .detail_scroll
        .min(crate::tui::tabs::events::max_detail_scroll(state));
    state.studio_scroll = state
        .studio_scroll
        .min(crate::tui::tabs::studio::max_scroll(state));
    state.help_scroll = state
        .help_scroll
        .min(crate::tui::tabs::help::max_scroll(state));
}

/// The time-dependent texts on screen; a tick redraws only when one of them changed.
fn clock_fingerprint(state: &AppState) -> Vec<String> {
    let mut v: Vec<String> = state
        .events
        .iter()
        .filter_map(|w| w.view.as_ref())
        .flat_map(|e| [Some(e.polled_at), e.since].into_iter().flatten())
        .map(|t| ago(state.now, t))
        .collect();
    if let Some(t) = state.poll.last_ok {
        v.push(ago(state.now, t));
    }
    if let Some(list) = state.account_view().and_then(|a| state.account_list(a)) {
        v.extend(
            list.rows()
                .filter_map(|e| e.since)
                .map(|t| ago(state.now, t)),
        );
    }
    v
}

fn on_tick(state: &mut AppState, out: &mut Outcome) {
    if state.status.as_ref().is_some_and(|s| state.now >= s.until) {
        state.status = None;
        out.redraw = true;
    }
    if !state.poll.paused && state.poll.in_flight.is_none() && state.now >= state.poll.next_at {
        start_poll(state, out);
    }
    follow::on_tick(state, out);
    if state.recover.next_at.is_some_and(|t| state.now >= t) {
        start_recovery(state, out);
    }
}

/// A left click: a tab title switches tabs, an events row selects it. Only with `--mouse`.
fn on_click(state: &mut AppState, x: u16, y: u16, out: &mut Outcome) {
    if state.qr_fullscreen || state.search.is_some() || state.show_errors {
        return;
    }
    if y == 0 {
        if let Some(tab) = crate::tui::widgets::header::tab_at(state, x) {
            set_tab(state, tab, out);
            out.redraw = true;
        }
        return;
    }
    if state.tab == Tab::Events {
        let body_height = state
            .size
            .1
            .saturating_sub(2 + u16::from(state.error_visible && !state.errors.is_empty()));
        if let Some(i) = crate::tui::tabs::events::row_at(state, 1, body_height, y) {
            if state.account_view().is_some() {
                views::select(state, i, out);
            } else {
                select(state, i, out);
            }
            out.redraw = true;
        }
    }
}

fn start_poll(state: &mut AppState, out: &mut Outcome) {
    if state.events.is_empty() {
        state.poll.next_at = state.now + state.poll.interval;
        return;
    }
    let tag = state.tag();
    state.poll.in_flight = Some(tag);
    let ids = state.events.iter().map(|w| w.id.clone()).collect();
    out.effects.push(Effect::Io(IoRequest {
        tag,
        kind: IoKind::Poll { ids },
    }));
    out.redraw = true;
}

/// Adds a search result to the board (or selects it if already there) and polls at once.
fn watch(state: &mut AppState, view: EventView, out: &mut Outcome) {
    let index = match state.events.iter().position(|w| w.id == view.id) {
        Some(i) => i,
        None => {
            state.set_status(format!("watching {} ({})", view.name, view.id));
            state.events.push(Watched {
                id: view.id.clone(),
                view: Some(view),
            });
            state.events.len() - 1
        }
    };
    set_selected(state, index);
    poll_soon(state, out);
}

/// Polls now if no cycle is running, otherwise as soon as the running one answers.
fn poll_soon(state: &mut AppState, out: &mut Outcome) {
    state.poll.next_at = state.now;
    if state.poll.in_flight.is_none() && !state.poll.paused {
        start_poll(state, out);
    }
}

fn select(state: &mut AppState, index: usize, out: &mut Outcome) {
    if state.events.is_empty() {
        return;
    }
    set_selected(state, index.min(state.events.len() - 1));
    ensure_tab_data(state, out);
}

/// The one place the selection moves: another event's details start at their top, and its
/// stream key masked.
fn set_selected(state: &mut AppState, index: usize) {
    if index != state.selected {
        state.selected = index;
        state.reveal_key = false;
        state.detail_scroll = 0;
        state.studio_scroll = 0;
    }
}

fn set_tab(state: &mut AppState, tab: Tab, out: &mut Outcome) {
    if tab == Tab::Help {
        if state.tab != Tab::Help {
            state.back_tab = state.tab;
        }
    } else {
        state.qr_fullscreen = false;
    }
    state.tab = tab;
    ensure_tab_data(state, out);
}

/// Asks for what the visible tab needs for the selected event (links, Studio details).
fn ensure_tab_data(state: &mut AppState, out: &mut Outcome) {
    let Some(w) = state.selected_event() else {
        return;
    };
    let id = w.id.clone();
    let playback = w.view.as_ref().map(|v| v.playback_id.clone());
    match state.tab {
        Tab::Links => {
            // Links are re-signed when attendees should now play another entry, or shortly
            // before their KSs expire (an operator may keep the QR on screen for hours).
            let fresh = state.links.get(&id).map(|l| &l.view).is_some_and(|l| {
                l.expires_at > state.now + LINK_RENEW_MARGIN
                    && playback.as_ref().is_none_or(|p| *p == l.playback_id)
            });
            let asked = state.links_pending.as_ref().is_some_and(|(_, p)| *p == id);
            if !fresh && !asked {
                let tag = state.tag();
                state.links_pending = Some((tag, id.clone()));
                out.effects.push(Effect::Io(IoRequest {
                    tag,
                    kind: IoKind::Links { id },
                }));
            }
        }
        Tab::Events => ensure_realtime(state, out),
        Tab::Studio => {
            // Re-signed like links: the moderator KS lasts a day, and boards stay open longer.
            let fresh = state
                .studio
                .get(&id)
                .is_some_and(|s| s.expires_at > state.now + LINK_RENEW_MARGIN);
            let asked = state.studio_pending.as_ref().is_some_and(|(_, p)| *p == id);
            if !fresh && !asked {
                let tag = state.tag();
                state.studio_pending = Some((tag, id.clone()));
                out.effects.push(Effect::Io(IoRequest {
                    tag,
                    kind: IoKind::Studio { id },
                }));
            }
        }
        _ => {}
    }
}

/// Asks Kaltura's realtime audience graph of the selected event when it is LIVE, the account
/// has the report, and the last one is older than the viewers' interval: one request of its
/// own, for one event, never for the whole board.
fn ensure_realtime(state: &mut AppState, out: &mut Outcome) {
    let Some(id) = state
        .selected_event()
        .filter(|w| w.view.as_ref().is_some_and(|v| v.status == Status::Live))
        .map(|w| w.id.clone())
    else {
        return;
    };
    if !state.live.realtime_due(&id, state.now) {
        return;
    }
    let tag = state.tag();
    state.live.realtime_pending = Some((tag, id.clone()));
    state.live.realtime_asked = Some((id.clone(), state.now));
    out.effects.push(Effect::Io(IoRequest {
        tag,
        kind: IoKind::Realtime { id },
    }));
}

const TABS: [Tab; 4] = [Tab::Events, Tab::Create, Tab::Links, Tab::Studio];

fn apply(state: &mut AppState, action: Action, out: &mut Outcome) {
    out.redraw = true;
    let in_view = state.tab == Tab::Events && state.account_view().is_some();
    if in_view && views::board_only(action) {
        state.set_status(
            "that acts on the board's events: w watches the highlighted one, ] goes back to the board",
        );
        return;
    }
    match action {
        Action::Quit => request_quit(state),
        Action::NextTab | Action::PrevTab => {
            let i = TABS.iter().position(|t| *t == state.tab).unwrap_or(0);
            let n = TABS.len();
            let next = if action == Action::NextTab {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            set_tab(state, TABS[next], out);
        }
        Action::TabEvents => set_tab(state, Tab::Events, out),
        Action::TabCreate => set_tab(state, Tab::Create, out),
        Action::TabLinks => set_tab(state, Tab::Links, out),
        Action::TabStudio => set_tab(state, Tab::Studio, out),
        Action::Help => set_tab(state, Tab::Help, out),
        Action::Dismiss => {
            if state.error_visible {
                state.error_visible = false;
            } else if state.tab == Tab::Create {
                set_tab(state, Tab::Events, out);
            } else {
                out.redraw = false;
            }
        }
        Action::ErrorHistory => state.show_errors = true,
        Action::Up if state.tab == Tab::Help => {
            state.help_scroll = state.help_scroll.saturating_sub(1)
        }
        Action::Down if state.tab == Tab::Help => {
            state.help_scroll = state.help_scroll.saturating_add(1)
        }
        Action::Up | Action::Down | Action::Top | Action::Bottom if in_view => {
            let at = state
                .account_view()
                .and_then(|v| state.account_list(v))
                .map_or(0, |l| l.selected);
            let to = match action {
                Action::Up => at.saturating_sub(1),
                Action::Down => at + 1,
                Action::Top => 0,
                _ => usize::MAX,
            };
            views::select(state, to, out);
        }
        Action::Up => select(state, state.selected.saturating_sub(1), out),
        Action::Down => select(state, state.selected + 1, out),
        Action::Top => select(state, 0, out),
        Action::Bottom => select(state, usize::MAX, out),
        Action::Refresh if in_view => views::refresh(state, out),
        Action::NextView | Action::PrevView => {
            if state.tab != Tab::Events {
                set_tab(state, Tab::Events, out);
            }
            views::switch(state, action == Action::NextView, out);
        }
        Action::WatchSelected => views::watch_selected(state, out),
        Action::NextPage => views::next_page(state, out),
        Action::PrevPage => views::prev_page(state),
        Action::Refresh => {
            if state.poll.in_flight.is_some() {
                state.set_status("a poll is already running");
            } else {
                state.poll.next_at = state.now;
                start_poll(state, out);
            }
        }
        Action::TogglePause => {
            state.poll.paused = !state.poll.paused;
            let word = if state.poll.paused {
                "polling paused (p resumes)"
            } else {
                "polling resumed"
            };
            state.set_status(word);
        }
        Action::Search => state.search = Some(SearchState::default()),
        Action::Unwatch => {
            if state.selected < state.events.len() {
                let w = state.events.remove(state.selected);
                state.missing_since.remove(&w.id);
                state.alert_tracker.forget(&w.id);
                state.live.forget(&w.id);
                state.set_status(format!("stopped watching {}", w.id));
                // The row below moves up into the selection: it is another event.
                state.reveal_key = false;
                state.detail_scroll = 0;
                state.studio_scroll = 0;
                state.selected = state.selected.min(state.events.len().saturating_sub(1));
            }
        }
        Action::EditEvent => manage::open_edit(state, out),
        Action::DeleteEvent => manage::open_delete(state, out),
        Action::ForgetEvent => manage::open_forget(state),
        Action::RevealKey => state.reveal_key = !state.reveal_key,
        Action::DetailDown if state.tab == Tab::Studio => {
            state.studio_scroll = state.studio_scroll.saturating_add(5)
        }
        Action::DetailUp if state.tab == Tab::Studio => {
            state.studio_scroll = state.studio_scroll.saturating_sub(5)
        }
        Action::DetailDown => state.detail_scroll = state.detail_scroll.saturating_add(5),
        Action::DetailUp => state.detail_scroll = state.detail_scroll.saturating_sub(5),
        Action::ToggleLog => state.show_log = !state.show_log,
        Action::ToggleAlertSort => alerts::toggle_sort(state),
        Action::Broadcast => simulate(state, SimAction::Broadcast, out),
        Action::BroadcastBackup => simulate(state, SimAction::BroadcastBackup, out),
        Action::DisconnectPrimary => simulate(state, SimAction::DisconnectPrimary, out),
        Action::DisconnectBackup => simulate(state, SimAction::DisconnectBackup, out),
        Action::GoLive | Action::EndLive | Action::ToggleRecording | Action::SendToRecording => {
            live::open(state, action)
        }
        Action::ToggleLinkKind => {
            state.link_kind = match state.link_kind {
                LinkKind::Attendee => LinkKind::Moderator,
                LinkKind::Moderator => LinkKind::Attendee,
            }
        }
        Action::CycleQrTarget => cycle_qr_target(state),
        Action::FullscreenQr => {
            if shown_link(state).is_some() {
                state.qr_fullscreen = true;
            } else {
                state.set_status("no link yet for the selected event");
            }
        }
        Action::Copy => copy(state, out),
        Action::NextField => state.form.next(),
        Action::PrevField => state.form.prev(),
        Action::Submit => submit(state, out),
        Action::ClearForm => {
            // A create in flight and the last result survive: only the fields start over.
            let mut fresh = state.form.cleared(state.now, &state.tz);
            fresh.pending = state.form.pending;
            fresh.pending_create = state.form.pending_create.take();
            fresh.created = state.form.created.take();
            state.form = fresh;
        }
    }
}

/// The next form of the attendee link for its QR (short → full → without KS → short), among
/// those the selected event's link has.
fn cycle_qr_target(state: &mut AppState) {
    let Some(signed) = state.selected_event().and_then(|w| state.links.get(&w.id)) else {
        state.set_status("no link yet for the selected event");
        return;
    };
    if state.link_kind == LinkKind::Moderator {
        state.set_status("the moderator link is never shortened: its QR holds the full link");
        return;
    }
    let targets = signed.view.qr_targets();
    let now = signed.attendee_target(state.qr_target);
    let at = targets.iter().position(|t| *t == now).unwrap_or(0);
    let next = targets[(at + 1) % targets.len()];
    let note = match next {
        QrTarget::LinkWithoutKs => ": plays only if the entry is public",
        QrTarget::FullLink if signed.view.attendee_short_url.is_none() => {
            ": the only form this link has"
        }
        _ => "",
    };
    state.set_status(format!(
        "the attendee QR encodes the {}{note}",
        next.label()
    ));
    state.qr_target = Some(next);
}

/// Quits, unless a create is in flight: then the operator is asked first (y/N), since quitting
/// leaves the create pending in the journal to be settled by the next start or `kwebcast recover`.
pub(super) fn request_quit(state: &mut AppState) {
    if state.form.pending.is_some() {
        state.confirm_quit = true;
    } else {
        state.quit = true;
    }
}

/// Starts the board: asks for the creates the journal holds as pending to be settled.
pub fn start(state: &mut AppState, now: i64) -> Outcome {
    state.now = now;
    let mut out = Outcome::default();
    start_recovery(state, &mut out);
    out
}

fn start_recovery(state: &mut AppState, out: &mut Outcome) {
    if state.recover.in_flight.is_some() {
        return;
    }
    let tag = state.tag();
    state.recover.in_flight = Some(tag);
    state.recover.next_at = None;
    out.effects.push(Effect::Io(IoRequest {
        tag,
        kind: IoKind::Recover,
    }));
}

fn selected_links(state: &AppState) -> Option<&crate::tui::view::LinksView> {
    let w = state.selected_event()?;
    Some(&state.links.get(&w.id)?.view)
}

/// The link the Links tab shows for the selected event.
pub fn shown_link(state: &AppState) -> Option<&str> {
    let w = state.selected_event()?;
    Some(state.links.get(&w.id)?.url(state.link_kind))
}

fn copy(state: &mut AppState, out: &mut Outcome) {
    let (text, what) = match state.tab {
        Tab::Studio => {
            let launch = state
                .selected_event()
                .and_then(|w| state.studio.get(&w.id))
                .map(|s| s.launch_url.clone());
            (launch, "Studio launch URL".to_string())
        }
        _ => {
            let what = match (state.link_kind, selected_links(state)) {
                (LinkKind::Moderator, Some(l)) => format!(
                    "moderator link (reach: {}, until {})",
                    l.moderator_reach_short,
                    crate::tui::fmt::datetime(l.moderator_expires_at, &state.tz)
                ),
                (kind, _) => kind.label().to_string(),
            };
            (shown_link(state).map(str::to_string), what)
        }
    };
    match text {
        Some(text) => out.effects.push(Effect::Copy { text, what }),
        None => state.set_status("nothing to copy yet"),
    }
}

/// The system clipboard answered: say so, fall back to OSC 52 (policy `auto`), or report.
fn on_system_copied(state: &mut AppState, done: SystemCopy, out: &mut Outcome) {
    out.redraw = true;
    match done.result {
        Ok(outcome) => state.set_status(crate::tui::copy::status(&done.what, &outcome)),
        Err(_) if done.fallback_to_osc52 => out.effects.push(Effect::Osc52Fallback {
            text: done.text,
            what: done.what,
        }),
        Err(e) => state.push_error(format!("copy failed: {e}")),
    }
}

fn simulate(state: &mut AppState, action: SimAction, out: &mut Outcome) {
    if !state.sandbox {
        return;
    }
    let Some(id) = state.selected_event().map(|w| w.id.clone()) else {
        state.set_status("select an event first (create one with n)");
        return;
    };
    let tag = state.tag();
    out.effects.push(Effect::Io(IoRequest {
        tag,
        kind: IoKind::Simulate { id, action },
    }));
}

fn submit(state: &mut AppState, out: &mut Outcome) {
    if state.form.edit.is_some() {
        manage::submit_edit(state, out);
        return;
    }
    if state.form.pending.is_some() {
        state.set_status("creating… please wait");
        return;
    }
    state.form.attempted = true;
    match state.form.validate(state.now) {
        Some(event) => match same_name_on_board(state, &event.name) {
            Some(existing) => {
                state.form.confirm = Some(DuplicateQuestion { event, existing });
            }
            None => send_create(state, event, out),
        },
        None => {
            if let Some(i) = state.form.first_error() {
                state.form.focus = i;
            }
        }
    }
}

/// The event on the board (or just created) named `name`, ignoring case and outer spaces:
/// (name, entry ID).
fn same_name_on_board(state: &AppState, name: &str) -> Option<(String, String)> {
    let same = |other: &str| other.trim().to_lowercase() == name.trim().to_lowercase();
    state
        .events
        .iter()
        .filter_map(|w| w.view.as_ref())
        .find(|v| same(&v.name))
        .map(|v| (v.name.clone(), v.id.clone()))
        .or_else(|| {
            state
                .form
                .created
                .as_ref()
                .filter(|c| same(&c.name))
                .map(|c| (c.name.clone(), c.id.clone()))
        })
}

/// Sends the create, remembering what the form held so a success can clear exactly that.
fn send_create(state: &mut AppState, mut event: NewEvent, out: &mut Outcome) {
    let tag = state.tag();
    let reference = state.create_reference(tag);
    event.reference = Some(reference.clone());
    state.form.pending = Some(tag);
    state.form.pending_create = Some((reference, event.name.clone()));
    state.form.failure = None;
    state.form.submitted = Some(state.form.texts());
    out.effects.push(Effect::Io(IoRequest {
        tag,
        kind: IoKind::Create(event),
    }));
}

/// The operator's answer to the same-name question: `y` creates, anything else goes back to
/// the form with nothing sent.
pub(super) fn answer_duplicate(state: &mut AppState, yes: bool, out: &mut Outcome) {
    let Some(question) = state.form.confirm.take() else {
        return;
    };
    if yes {
        send_create(state, question.event, out);
    } else {
        state.set_status("not created: change the name, or Ctrl-S and y to create it anyway");
    }
}
