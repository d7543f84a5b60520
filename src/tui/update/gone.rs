//! Watched events the service no longer has leave the board with a note, instead of staying in
//! ERROR forever.
//!
//! A poll that reads an event as missing (Kaltura's `ENTRY_ID_NOT_FOUND`: absent from the
//! `idIn` answer, or DELETED) shows it in ERROR and remembers since when. If it is still missing
//! [`GONE_AFTER_SECS`] later (a later poll: a single answer is not trusted with the operator's
//! board), it leaves: one line in the event log and on the status line, and an
//! `IoKind::RecordGone` so the journal remembers and the next start does not show it again.
//! `kwebcast status` of the ID still asks Kaltura and reports its error.

use super::Outcome;
use crate::tui::action::{Effect, IoKind, IoRequest};
use crate::tui::state::AppState;
use crate::tui::view::EventView;

/// Seconds an event must stay missing (seen by at least two polls) before it leaves the board.
pub const GONE_AFTER_SECS: i64 = 10;

/// Notes a polled view: clears the watch on an event that reads fine, and lets one that has
/// been missing long enough go. Returns `true` when it left the board.
pub(super) fn check(state: &mut AppState, view: &EventView, out: &mut Outcome) -> bool {
    if !view.missing {
        state.missing_since.remove(&view.id);
        return false;
    }
    if !state.is_watched(&view.id) {
        return false;
    }
    let first = *state
        .missing_since
        .entry(view.id.clone())
        .or_insert(state.now);
    if state.now - first < GONE_AFTER_SECS {
        return false;
    }
    let Some(w) = state.drop_watched(&view.id) else {
        return false;
    };
    // The last name the board knew (the missing entry itself has none).
    let name = w
        .view
        .as_ref()
        .map(|v| v.name.as_str())
        .filter(|n| !n.is_empty() && *n != "(no name)")
        .unwrap_or("an event")
        .to_string();
    let note = format!(
        "removed from the board: {name} ({}) was deleted on the account (Kaltura: ENTRY_ID_NOT_FOUND)",
        w.id
    );
    state.push_log(note.clone());
    state.set_status(note);
    let tag = state.tag();
    out.effects.push(Effect::Io(IoRequest {
        tag,
        kind: IoKind::RecordGone { id: w.id },
    }));
    out.redraw = true;
    true
}
