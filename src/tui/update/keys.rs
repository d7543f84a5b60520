//! Key handling: modal layers first (full-screen QR, popups, the form), then the keymap.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_input::InputRequest;

use super::{Outcome, apply, watch};
use crate::tui::action::{Effect, IoKind, IoRequest};
use crate::tui::keymap::{self, Action, Scope};
use crate::tui::state::{AppState, Tab};

fn is_press(key: &KeyEvent) -> bool {
    matches!(key.kind, KeyEventKind::Press | KeyEventKind::Repeat)
}

pub(super) fn on_key(state: &mut AppState, key: KeyEvent, out: &mut Outcome) {
    if !is_press(&key) {
        return;
    }
    out.redraw = true;
    if state.confirm_quit {
        // y quits (so does a second Ctrl-C); anything else keeps the board open.
        let ctrl_c =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
        if ctrl_c || matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
            state.quit = true;
        } else {
            state.confirm_quit = false;
            state.set_status("not quitting: the create goes on");
        }
        return;
    }
    if crate::tui::draw::too_small(state.size) {
        on_key_too_small(state, key, out);
        return;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        match key.code {
            KeyCode::Char('c') => {
                super::request_quit(state);
                return;
            }
            KeyCode::Char('z') => {
                out.effects.push(Effect::Suspend);
                return;
            }
            _ => {}
        }
    }
    if state.prompt.is_some() {
        super::live::on_prompt_key(state, key, out);
        return;
    }
    if state.form.confirm.is_some() {
        let yes = matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y'));
        super::answer_duplicate(state, yes, out);
        return;
    }
    if state.qr_fullscreen {
        match key.code {
            KeyCode::Esc | KeyCode::Char('f') | KeyCode::Char('q') => state.qr_fullscreen = false,
            KeyCode::Char('t') | KeyCode::Char('m') => apply(state, Action::ToggleLinkKind, out),
            KeyCode::Char('c') => apply(state, Action::Copy, out),
            KeyCode::Char('s') => apply(state, Action::CycleQrTarget, out),
            _ => out.redraw = false,
        }
        return;
    }
    if state.show_errors {
        if matches!(
            key.code,
            KeyCode::Esc | KeyCode::Char('E') | KeyCode::Char('q')
        ) {
            state.show_errors = false;
        }
        return;
    }
    if state.search.is_some() {
        on_search_key(state, key, out);
        return;
    }
    match state.tab {
        Tab::Help => {
            if matches!(key.code, KeyCode::Esc | KeyCode::Char('?') | KeyCode::F(1)) {
                state.tab = state.back_tab;
                return;
            }
            match keymap::lookup(Scope::Global, &key, state.sandbox) {
                Some(a) => apply(state, a, out),
                None => out.redraw = false,
            }
        }
        Tab::Create => on_form_key(state, key, out),
        tab => {
            let scope = match tab {
                Tab::Links => Scope::Links,
                Tab::Studio => Scope::Studio,
                _ if state.account_view().is_some() => Scope::Views,
                _ => Scope::Events,
            };
            match keymap::lookup(scope, &key, state.sandbox) {
                Some(a) => apply(state, a, out),
                None => out.redraw = false,
            }
        }
    }
}

/// The screen only says the terminal is too small: `q` and Ctrl-C quit, Ctrl-Z suspends, and
/// every other key is ignored (it would switch tabs, type into the form or create an event
/// nobody can see).
fn on_key_too_small(state: &mut AppState, key: KeyEvent, out: &mut Outcome) {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('c') if ctrl => super::request_quit(state),
        KeyCode::Char('z') if ctrl => out.effects.push(Effect::Suspend),
        KeyCode::Char('q') if !ctrl => super::request_quit(state),
        _ => {
            // Ignored, and said so: the notice counts what went nowhere.
            state.ignored_keys = state.ignored_keys.saturating_add(1);
            out.redraw = true;
        }
    }
}

fn on_form_key(state: &mut AppState, key: KeyEvent, out: &mut Outcome) {
    if let Some(action) = keymap::lookup(Scope::Create, &key, state.sandbox) {
        apply(state, action, out);
        return;
    }
    if key.code == KeyCode::Enter {
        if state.form.on_button() {
            apply(state, Action::Submit, out);
        } else {
            state.form.next();
        }
        return;
    }
    if key.code == KeyCode::F(1) {
        apply(state, Action::Help, out);
        return;
    }
    match input_request(&key) {
        Some(req) => type_into(state, req, out),
        None => out.redraw = false,
    }
}

/// Maps editing keys to `tui_input` requests (the crate's crossterm helper is not compiled in).
fn input_request(key: &KeyEvent) -> Option<InputRequest> {
    use InputRequest as R;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    Some(match key.code {
        KeyCode::Backspace if alt => R::DeletePrevWord,
        KeyCode::Backspace => R::DeletePrevChar,
        KeyCode::Delete => R::DeleteNextChar,
        KeyCode::Left if ctrl => R::GoToPrevWord,
        KeyCode::Left => R::GoToPrevChar,
        KeyCode::Right if ctrl => R::GoToNextWord,
        KeyCode::Right => R::GoToNextChar,
        KeyCode::Home => R::GoToStart,
        KeyCode::End => R::GoToEnd,
        KeyCode::Char('a') if ctrl => R::GoToStart,
        KeyCode::Char('e') if ctrl => R::GoToEnd,
        KeyCode::Char('u') if ctrl => R::DeleteLine,
        KeyCode::Char('w') if ctrl => R::DeletePrevWord,
        KeyCode::Char('k') if ctrl => R::DeleteTillEnd,
        KeyCode::Char(_) if ctrl || alt => return None,
        KeyCode::Char(c) => R::InsertChar(c),
        _ => return None,
    })
}

pub(super) fn type_into(state: &mut AppState, req: InputRequest, out: &mut Outcome) {
    if let Some(search) = state.search.as_mut() {
        if search.input.handle(req).is_some() {
            search.results = None;
            search.selected = 0;
            out.redraw = true;
        }
    } else if state.tab == Tab::Create && state.form.edit(req, state.now) {
        out.redraw = true;
    }
}

fn on_search_key(state: &mut AppState, key: KeyEvent, out: &mut Outcome) {
    let Some(search) = state.search.as_mut() else {
        return;
    };
    match key.code {
        KeyCode::Esc => state.search = None,
        KeyCode::Down => {
            let n = search.results.as_ref().map_or(0, Vec::len);
            if n > 0 {
                search.selected = (search.selected + 1).min(n - 1);
            }
        }
        KeyCode::Up => search.selected = search.selected.saturating_sub(1),
        KeyCode::Enter => {
            let picked = search
                .results
                .as_ref()
                .and_then(|r| r.get(search.selected))
                .cloned();
            match picked {
                Some(view) => {
                    state.search = None;
                    watch(state, view, out);
                }
                None => {
                    let text = search.input.value().trim().to_string();
                    if text.is_empty() {
                        return;
                    }
                    let tag = state.tag();
                    if let Some(s) = state.search.as_mut() {
                        s.pending = Some(tag);
                    }
                    out.effects.push(Effect::Io(IoRequest {
                        tag,
                        kind: IoKind::Search { text },
                    }));
                }
            }
        }
        _ => match input_request(&key) {
            Some(req) => type_into(state, req, out),
            None => out.redraw = false,
        },
    }
}
