//! Live actions on the board: a key opens the question (or says why the action makes no sense
//! now), y sends it (a second y when it has a warning), anything else cancels; the answer is the
//! event as the immediate re-poll saw it, logged as done "by you".

use crossterm::event::{KeyCode, KeyEvent};

use super::{Outcome, ensure_tab_data, io::merge_view};
use crate::tui::action::{Effect, IoKind, IoRequest};
use crate::tui::keymap::Action;
use crate::tui::prompt::{ActionPrompt, PickRow, Prompt, RecordingPicker};
use crate::tui::state::AppState;
use crate::tui::view::{EventView, Status};
use crate::webcast::LiveAction;
use crate::webcast::actions::preflight;

/// The selected event's latest view, or why there is none (said on the status line).
fn selected_view(state: &mut AppState) -> Option<EventView> {
    let Some(w) = state.selected_event() else {
        state.set_status("select an event first (create one with n)");
        return None;
    };
    match &w.view {
        Some(v) => Some(v.clone()),
        None => {
            let id = w.id.clone();
            state.set_status(format!(
                "{id} has not been polled yet: try again in a moment"
            ));
            None
        }
    }
}

/// A live-action key on the selected event: opens its question, the recordings picker, or
/// says on the status line why not.
pub(super) fn open(state: &mut AppState, key: Action) {
    if let Some((_, id)) = &state.action_pending {
        let id = id.clone();
        state.set_status(format!("still sending the last action for {id}…"));
        return;
    }
    let Some(view) = selected_view(state) else {
        return;
    };
    let action = match key {
        Action::GoLive => LiveAction::GoLive,
        Action::EndLive => LiveAction::End,
        Action::ToggleRecording if view.control.recording_status == Some(1) => {
            LiveAction::ResumeRecording
        }
        Action::ToggleRecording => LiveAction::PauseRecording,
        Action::SendToRecording => {
            open_picker(state, &view);
            return;
        }
        _ => return,
    };
    ask(state, &view, action);
}

/// Opens the y/N question for `action` on `view`, unless the action is refused now.
fn ask(state: &mut AppState, view: &EventView, action: LiveAction) {
    let p = preflight(&view.control, &action);
    if let Some(refusal) = &p.refusal {
        state.set_status(format!("{}: {refusal}", action.title()));
        return;
    }
    state.prompt = Some(Prompt::Confirm(ActionPrompt {
        id: view.id.clone(),
        name: view.name.clone(),
        state: view.status.word().to_string(),
        action,
        preflight: p,
        warned: false,
    }));
}

/// A poll changed event `id` while its y/N question is open: the question follows the event,
/// so it never asks about a state that has passed. What attendees will see and the warning are
/// worked out again (an encoder that became playable lifts the "offline slate" warning and its
/// second question); an action that no longer makes sense closes the question with the reason.
pub(super) fn refresh_prompt(state: &mut AppState, id: &str) {
    let Some(Prompt::Confirm(p)) = &state.prompt else {
        return;
    };
    if p.id != id {
        return;
    }
    let Some(view) = state
        .events
        .iter()
        .find(|w| w.id == id)
        .and_then(|w| w.view.as_ref())
    else {
        return;
    };
    let fresh = preflight(&view.control, &p.action);
    let word = view.status.word().to_string();
    if let Some(refusal) = &fresh.refusal {
        let text = format!("{}: no longer asked, {refusal}", p.action.title());
        state.prompt = None;
        state.set_status(text);
        return;
    }
    if let Some(Prompt::Confirm(p)) = &mut state.prompt {
        p.warned = p.warned && fresh.warning.is_some();
        p.state = word;
        p.preflight = fresh;
    }
}

fn open_picker(state: &mut AppState, view: &EventView) {
    let current = view.control.live.redirect_entry_id.clone();
    let mut rows = Vec::new();
    if !current.is_empty() {
        rows.push(PickRow::Clear);
    }
    rows.extend(
        view.detail
            .recordings
            .iter()
            .cloned()
            .map(PickRow::Recording),
    );
    if rows.is_empty() {
        state.set_status(format!(
            "{} has no recordings yet: nothing to send viewers to",
            view.name
        ));
        return;
    }
    // Start on the newest recording, not on "clear".
    let selected = usize::from(!current.is_empty() && rows.len() > 1);
    state.prompt = Some(Prompt::PickRecording(RecordingPicker {
        id: view.id.clone(),
        name: view.name.clone(),
        current,
        rows,
        selected,
    }));
}

/// A key while a question is open: it goes to the question, never to the board.
pub(super) fn on_prompt_key(state: &mut AppState, key: KeyEvent, out: &mut Outcome) {
    let Some(prompt) = state.prompt.take() else {
        return;
    };
    match prompt {
        Prompt::Remove(p) => super::manage::on_remove_key(state, p, key, out),
        Prompt::Confirm(mut p) => {
            if !matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                state.set_status(format!(
                    "{} not sent: nothing changed (the answer was no)",
                    p.action.title()
                ));
                return;
            }
            if !p.ready() {
                p.warned = true;
                state.prompt = Some(Prompt::Confirm(p));
                return;
            }
            send(state, p.id, p.action, out);
        }
        Prompt::PickRecording(mut picker) => match key.code {
            KeyCode::Up | KeyCode::Char('k') => {
                picker.selected = picker.selected.saturating_sub(1);
                state.prompt = Some(Prompt::PickRecording(picker));
            }
            KeyCode::Down | KeyCode::Char('j') => {
                picker.selected = (picker.selected + 1).min(picker.rows.len().saturating_sub(1));
                state.prompt = Some(Prompt::PickRecording(picker));
            }
            KeyCode::Enter => {
                let view = state
                    .events
                    .iter()
                    .find(|w| w.id == picker.id)
                    .and_then(|w| w.view.clone());
                match (picker.chosen(), view) {
                    (Some(action), Some(view)) => ask(state, &view, action),
                    _ => state.set_status("that event is no longer on the board"),
                }
            }
            KeyCode::Esc | KeyCode::Char('q') => {
                state.set_status("nothing changed: no recording chosen");
            }
            _ => {
                out.redraw = false;
                state.prompt = Some(Prompt::PickRecording(picker));
            }
        },
    }
}

fn send(state: &mut AppState, id: String, action: LiveAction, out: &mut Outcome) {
    let tag = state.tag();
    state.set_status(format!("{}: sending for {id}…", action.title()));
    state.action_pending = Some((tag, id.clone()));
    out.effects.push(Effect::Io(IoRequest {
        tag,
        kind: IoKind::LiveAction { id, action },
    }));
}

/// A live action's answer: the event log says what was done by you (or the error bar gives
/// Kaltura's refusal with its code), and the event shows the state the re-poll saw.
pub(super) fn on_acted(
    state: &mut AppState,
    tag: u64,
    id: String,
    action: LiveAction,
    result: Result<Box<EventView>, String>,
    out: &mut Outcome,
) {
    if state
        .action_pending
        .as_ref()
        .is_some_and(|(t, _)| *t == tag)
    {
        state.action_pending = None;
    }
    out.redraw = true;
    let name = state
        .events
        .iter()
        .find(|w| w.id == id)
        .and_then(|w| w.view.as_ref())
        .map_or_else(|| id.clone(), |v| v.name.clone());
    match result {
        Ok(view) => {
            let mut text = format!("{name} ({id}) {} by you", action.done());
            if action == LiveAction::End && view.status == Status::EndedFeedOn {
                text.push_str(": ended for attendees, encoder still connected");
            }
            state.set_status(text.clone());
            state.push_log(text);
            // The log already says it: the state change is not logged again as a transition.
            merge_view(state, *view, out, true);
            ensure_tab_data(state, out);
        }
        Err(e) => state.push_error(format!("{} for {name} ({id}) failed: {e}", action.title())),
    }
}
