//! The board follows the journal: events another kwebcast adds to it (`kwebcast create` in
//! another shell, a `w` on another board) join, and events it takes off (`forget`, `delete`, an
//! event another board saw vanish) leave, each with one line in the event log.
//!
//! Once per poll interval (paused with polling) the IO task is asked whether the journal
//! changed (`IoKind::FollowJournal`): one `stat` when it did not. The board's own writes are
//! never answered as changes (the backend notes them), and an answer about an event the board
//! already shows, or no longer shows, changes nothing: no duplicate rows, no duplicate lines.

use super::{Outcome, poll_soon};
use crate::tui::action::{Effect, IoKind, IoRequest};
use crate::tui::state::{AppState, Watched};
use crate::webcast::RemovalKind;
use crate::webcast::journal::follow::{BoardChange, Joined, Left};

/// Asks whether the journal changed, when a check is due.
pub(super) fn on_tick(state: &mut AppState, out: &mut Outcome) {
    if state.poll.paused || state.follow.in_flight.is_some() || state.now < state.follow.next_at {
        return;
    }
    let tag = state.tag();
    state.follow.in_flight = Some(tag);
    state.follow.next_at = state.now + state.poll.interval;
    out.effects.push(Effect::Io(IoRequest {
        tag,
        kind: IoKind::FollowJournal,
    }));
}

/// The answer to a check.
pub(super) fn on_answer(
    state: &mut AppState,
    tag: u64,
    result: Result<Option<BoardChange>, String>,
    out: &mut Outcome,
) {
    if state.follow.in_flight != Some(tag) {
        return;
    }
    state.follow.in_flight = None;
    match result {
        Ok(None) => {}
        Ok(Some(change)) => apply(state, change, out),
        Err(e) => {
            // The same failure every check is counted, not repeated (see `push_error`).
            state.push_error(format!("following the journal: {e}"));
            out.redraw = true;
        }
    }
}

fn apply(state: &mut AppState, change: BoardChange, out: &mut Outcome) {
    let mut last = None;
    let mut joined = false;
    for j in change.joined {
        if state.is_watched(&j.id) {
            continue;
        }
        let line = joined_line(&j);
        state.events.push(Watched {
            id: j.id,
            view: None,
        });
        joined = true;
        state.push_log(line.clone());
        last = Some(line);
    }
    for l in change.left {
        if !state.is_watched(&l.id) {
            continue;
        }
        let line = left_line(state, &l);
        super::manage::drop_event(state, &l.id);
        state.push_log(line.clone());
        last = Some(line);
    }
    if let Some(line) = last {
        state.set_status(line);
        out.redraw = true;
    }
    if joined {
        poll_soon(state, out);
    }
}

fn joined_line(j: &Joined) -> String {
    let name = if j.name.is_empty() {
        "an event"
    } else {
        &j.name
    };
    let how = if j.created { "created" } else { "watched" };
    format!(
        "{name} ({}) {how} in another kwebcast: now on the board",
        j.id
    )
}

fn left_line(state: &AppState, l: &Left) -> String {
    let name = state
        .events
        .iter()
        .find(|w| w.id == l.id)
        .and_then(|w| w.view.as_ref())
        .map(|v| v.name.as_str())
        .filter(|n| !n.is_empty() && *n != "(no name)")
        .unwrap_or("an event");
    let why = match l.kind {
        Some(RemovalKind::Deleted) => "deleted by another kwebcast",
        Some(RemovalKind::Forgotten) => "forgotten by another kwebcast (Kaltura untouched)",
        Some(RemovalKind::Vanished) => "gone from the account, as another kwebcast saw",
        Some(RemovalKind::SandboxReset) => "gone with a sandbox reset",
        None => "no longer in the journal",
    };
    format!("removed from the board: {name} ({}) {why}", l.id)
}
