//! Editing, deleting and forgetting events from the board.
//!
//! - `e` reads the selected event as Kaltura holds it, then opens the Create form in edit mode
//!   filled with it; Ctrl-S sends only what changed; the event log says what was changed "by
//!   you" (or the error bar gives Kaltura's refusal with its code).
//! - `D` reads the event's recordings, then asks y/N naming the event and its recordings and
//!   whether they are kept (`y` keeps them, `a` deletes them too, anything else cancels).
//! - `F` asks y/N, then drops the event from the board and the journal; Kaltura is untouched.
//!
//! One such request at a time (`AppState::manage_pending`); answers whose tag is no longer the
//! one wanted are dropped.

use crossterm::event::{KeyCode, KeyEvent};

use super::{Outcome, poll_soon, set_tab};
use crate::tui::action::{Effect, IoKind, IoRequest};
use crate::tui::form::CreateForm;
use crate::tui::manage::{ManageAnswer, ManageRequest, RemoveKind, RemovePrompt};
use crate::tui::prompt::Prompt;
use crate::tui::state::{AppState, Tab};

/// The selected event's ID and name (its ID until polled), or `None` with the reason said.
fn selected(state: &mut AppState) -> Option<(String, String)> {
    let Some(w) = state.selected_event() else {
        state.set_status("select an event first (create one with n)");
        return None;
    };
    let name = w
        .view
        .as_ref()
        .map_or_else(|| w.id.clone(), |v| v.name.clone());
    Some((w.id.clone(), name))
}

fn busy(state: &mut AppState) -> bool {
    if let Some((_, id)) = &state.manage_pending {
        let id = id.clone();
        state.set_status(format!("still waiting for Kaltura about {id}…"));
        return true;
    }
    false
}

fn send(state: &mut AppState, id: String, request: ManageRequest, out: &mut Outcome) {
    let tag = state.tag();
    state.manage_pending = Some((tag, id.clone()));
    out.effects.push(Effect::Io(IoRequest {
        tag,
        kind: IoKind::Manage { id, request },
    }));
}

/// `e`: reads the selected event for the edit form.
pub(super) fn open_edit(state: &mut AppState, out: &mut Outcome) {
    if busy(state) {
        return;
    }
    let Some((id, name)) = selected(state) else {
        return;
    };
    if state.form.pending.is_some() {
        state.set_status("a create is in flight: edit when it is done");
        return;
    }
    state.set_status(format!("reading {name} ({id}) for editing…"));
    send(state, id, ManageRequest::LoadForEdit, out);
}

/// `D`: reads the selected event's recordings, then asks.
pub(super) fn open_delete(state: &mut AppState, out: &mut Outcome) {
    if busy(state) {
        return;
    }
    let Some((id, name)) = selected(state) else {
        return;
    };
    state.set_status(format!("reading {name} ({id}) and its recordings…"));
    send(state, id, ManageRequest::PlanDelete, out);
}

/// `F`: asks whether to forget the selected event.
pub(super) fn open_forget(state: &mut AppState) {
    if busy(state) {
        return;
    }
    let Some((id, name)) = selected(state) else {
        return;
    };
    state.prompt = Some(Prompt::Remove(RemovePrompt {
        id,
        name,
        kind: RemoveKind::Forget,
    }));
}

/// Ctrl-S on the form in edit mode: sends what changed.
pub(super) fn submit_edit(state: &mut AppState, out: &mut Outcome) {
    let Some(target) = &state.form.edit else {
        return;
    };
    if target.pending.is_some() {
        state.set_status("saving… please wait");
        return;
    }
    let id = target.source.id.clone();
    state.form.attempted = true;
    let Some(event) = state.form.validate(state.now) else {
        if let Some(i) = state.form.first_error() {
            state.form.focus = i;
        }
        return;
    };
    let edit = state.form.changes(&event);
    if edit.is_empty() {
        state.set_status("nothing to save: every field is as Kaltura has it");
        return;
    }
    let tag = state.tag();
    if let Some(t) = state.form.edit.as_mut() {
        t.pending = Some(tag);
    }
    state.form.failure = None;
    out.effects.push(Effect::Io(IoRequest {
        tag,
        kind: IoKind::Manage {
            id,
            request: ManageRequest::Edit(edit),
        },
    }));
}

/// A key while a removal question is open: `y` (and `a` for a delete with recordings) goes
/// on, anything else cancels.
pub(super) fn on_remove_key(
    state: &mut AppState,
    p: RemovePrompt,
    key: KeyEvent,
    out: &mut Outcome,
) {
    let who = format!("{} ({})", p.name, p.id);
    let request = match (&p.kind, key.code) {
        (RemoveKind::Delete { .. }, KeyCode::Char('y') | KeyCode::Char('Y')) => {
            ManageRequest::Delete {
                with_recordings: false,
            }
        }
        (RemoveKind::Delete { .. }, KeyCode::Char('a')) if p.offers_recordings() => {
            ManageRequest::Delete {
                with_recordings: true,
            }
        }
        (RemoveKind::Forget, KeyCode::Char('y') | KeyCode::Char('Y')) => ManageRequest::Forget,
        (RemoveKind::Delete { .. }, _) => {
            state.set_status(format!("{who} not deleted: the answer was no"));
            return;
        }
        (RemoveKind::Forget, _) => {
            state.set_status(format!("{who} not forgotten: the answer was no"));
            return;
        }
    };
    let verb = match &request {
        ManageRequest::Forget => "forgetting",
        _ => "deleting",
    };
    state.set_status(format!("{verb} {who}…"));
    send(state, p.id, request, out);
}

/// An answer to `e`, `D` or `F`.
pub(super) fn on_answer(
    state: &mut AppState,
    tag: u64,
    id: String,
    answer: ManageAnswer,
    out: &mut Outcome,
) {
    if let ManageAnswer::Edited(result) = answer {
        on_edited(state, tag, id, result, out);
        return;
    }
    if state.manage_pending.as_ref() != Some(&(tag, id.clone())) {
        return;
    }
    state.manage_pending = None;
    out.redraw = true;
    let name = name_of(state, &id);
    match answer {
        ManageAnswer::Loaded(Ok(source)) => {
            let name = source.name.clone();
            state.form = CreateForm::for_edit(source, state.now, &state.tz);
            set_tab(state, Tab::Create, out);
            state.set_status(format!(
                "editing {name} ({id}): change the fields, Ctrl-S saves, Esc leaves"
            ));
        }
        ManageAnswer::Loaded(Err(e)) => {
            state.push_error(format!("cannot edit {name} ({id}): {e}"));
        }
        ManageAnswer::Planned(Ok((kaltura_name, recordings))) => {
            state.prompt = Some(Prompt::Remove(RemovePrompt {
                id,
                name: if kaltura_name.is_empty() {
                    name
                } else {
                    kaltura_name
                },
                kind: RemoveKind::Delete { recordings },
            }));
        }
        ManageAnswer::Planned(Err(e)) => {
            state.push_error(format!("cannot delete {name} ({id}): {e}"));
        }
        ManageAnswer::Deleted(Ok(done)) => {
            let mut text = format!("{name} ({id}) deleted by you");
            match (done.recordings_deleted.len(), done.recordings_kept.len()) {
                (0, 0) => {}
                (0, kept) => text.push_str(&format!(
                    "; its {kept} recording(s) kept: {}",
                    done.recordings_kept.join(", ")
                )),
                (gone, 0) => text.push_str(&format!(" with its {gone} recording(s)")),
                (gone, kept) => text.push_str(&format!(
                    " with {gone} recording(s); {kept} kept: {}",
                    done.recordings_kept.join(", ")
                )),
            }
            state.push_log(text.clone());
            state.set_status(text);
            for f in done.failures {
                state.push_error(format!("{name} ({id}): {f}"));
            }
            drop_event(state, &id);
        }
        ManageAnswer::Deleted(Err(e)) => {
            state.push_error(format!("{name} ({id}) was not deleted: {e}"));
        }
        ManageAnswer::Forgot(Ok(())) => {
            let text = format!(
                "{name} ({id}) forgotten by you: off the board and the journal, Kaltura untouched"
            );
            state.push_log(text.clone());
            state.set_status(text);
            drop_event(state, &id);
        }
        ManageAnswer::Forgot(Err(e)) => {
            state.push_error(format!("cannot forget {name} ({id}): {e}"));
        }
        ManageAnswer::Edited(_) => unreachable!("handled above"),
    }
}

fn on_edited(
    state: &mut AppState,
    tag: u64,
    id: String,
    result: Result<crate::tui::manage::EditedView, String>,
    out: &mut Outcome,
) {
    let Some(target) = state
        .form
        .edit
        .as_mut()
        .filter(|t| t.pending == Some(tag) && t.source.id == id)
    else {
        return;
    };
    target.pending = None;
    out.redraw = true;
    let before = target.source.name.clone();
    match result {
        Ok(done) => {
            for change in &done.changes {
                state.push_log(format!("{} ({id}) {change} by you", done.name));
            }
            if done.failures.is_empty() {
                state.set_status(format!("saved {} ({id})", done.name));
                state.form = CreateForm::new(state.now, &state.tz);
                set_tab(state, Tab::Events, out);
            } else {
                let why = done.failures.join("; ");
                state.push_error(format!("{} ({id}) only partly saved: {why}", done.name));
                state.form.failure = Some(why);
            }
            poll_soon(state, out);
        }
        Err(e) => {
            state.push_error(format!("{before} ({id}) was not changed: {e}"));
            state.form.failure = Some(e);
        }
    }
}

fn name_of(state: &AppState, id: &str) -> String {
    state
        .events
        .iter()
        .find(|w| w.id == id)
        .and_then(|w| w.view.as_ref())
        .map_or_else(|| id.to_string(), |v| v.name.clone())
}

/// Takes a deleted or forgotten event off the board (and what the board kept for it).
pub(super) fn drop_event(state: &mut AppState, id: &str) {
    state.drop_watched(id);
    if state.form.edit.as_ref().is_some_and(|t| t.source.id == id) {
        state.form = CreateForm::new(state.now, &state.tz);
    }
}
