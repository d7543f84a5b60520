//! IO answers: applied only when their tag is the one still wanted; stale ones are dropped.

use super::{Outcome, ensure_tab_data, poll_soon};
use crate::tui::action::{Effect, IoReply, IoResult};
use crate::tui::state::{AppState, Watched};
use crate::tui::view::{EventView, RealtimeFailure, RecoveryOutcome, RecoveryView, Status};
use crate::webcast::recover::SETTLE_AFTER_SECS;

pub(super) fn on_io(state: &mut AppState, reply: IoReply, out: &mut Outcome) {
    let tag = reply.tag;
    match reply.result {
        IoResult::Managed { id, answer } => super::manage::on_answer(state, tag, id, answer, out),
        IoResult::ViewPaged { view, page, result } => {
            super::views::on_page(state, tag, view, page, result, out)
        }
        IoResult::JournalFollowed(result) => super::follow::on_answer(state, tag, result, out),
        IoResult::Journaled(result) => {
            if let Err(e) = result {
                out.redraw = true;
                state.push_error(e);
            }
        }
        IoResult::Realtime { id, result } => {
            if state.live.realtime_pending.as_ref() != Some(&(tag, id.clone())) {
                return;
            }
            state.live.realtime_pending = None;
            out.redraw = true;
            match result {
                Ok(graph) => state.live.realtime = Some(graph),
                Err(RealtimeFailure::Unavailable(why)) => {
                    tracing::info!("realtime audience not available on this account: {why}");
                    state.set_status(
                        "Kaltura's realtime audience is not available on this account; the \
                         sparkline of kwebcast's polls stays",
                    );
                    state.live.realtime_unavailable = Some(why);
                }
                Err(RealtimeFailure::Failed(e)) => {
                    state.push_error(format!("realtime audience of {id}: {e}"))
                }
            }
        }
        IoResult::Polled(result) => {
            if state.poll.in_flight != Some(tag) {
                return;
            }
            state.poll.in_flight = None;
            state.poll.next_at = state.now + state.poll.interval;
            out.redraw = true;
            match result {
                Ok(views) => {
                    state.poll.last_ok = Some(state.now);
                    for view in views {
                        if !super::gone::check(state, &view, out) {
                            merge_view(state, view, out, false);
                        }
                    }
                    ensure_tab_data(state, out);
                }
                Err(e) => state.push_error(format!("poll failed: {e}")),
            }
        }
        IoResult::Created(result) => {
            if state.form.pending != Some(tag) {
                return;
            }
            state.form.pending = None;
            state.form.pending_create = None;
            if state.confirm_quit {
                state.confirm_quit = false;
            }
            out.redraw = true;
            match result {
                Ok(created) => {
                    let id = created.id.clone();
                    state.set_links(id.clone(), created.links.clone());
                    if let Some(s) = &created.studio {
                        state.studio.insert(id.clone(), s.clone());
                    }
                    if !state.events.iter().any(|w| w.id == id) {
                        state.events.push(Watched {
                            id: id.clone(),
                            view: None,
                        });
                    }
                    let index = state.events.iter().position(|w| w.id == id).unwrap_or(0);
                    super::set_selected(state, index);
                    state.set_status(format!("created {} ({id})", created.name));
                    state.push_log(format!("{} ({id}) created", created.name));
                    // The next Ctrl-S must not make the same event again: the form starts over,
                    // unless the operator already edited it while the create ran.
                    let sent = state.form.submitted.take();
                    if sent.is_some_and(|texts| texts == state.form.texts()) {
                        state.form = state.form.cleared(state.now, &state.tz);
                    }
                    state.form.created = Some(created);
                    poll_soon(state, out);
                }
                Err(e) => {
                    state.form.submitted = None;
                    state.form.failure = Some(e.clone());
                    state.push_error(format!("create failed: {e}"));
                }
            }
        }
        IoResult::Links { id, result } => {
            if state.links_pending.as_ref() != Some(&(tag, id.clone())) {
                return;
            }
            state.links_pending = None;
            out.redraw = true;
            match result {
                Ok(links) => state.set_links(id, links),
                Err(e) => state.push_error(format!("links for {id}: {e}")),
            }
        }
        IoResult::Studio { id, result } => {
            if state.studio_pending.as_ref() != Some(&(tag, id.clone())) {
                return;
            }
            state.studio_pending = None;
            out.redraw = true;
            match result {
                Ok(s) => {
                    state.studio.insert(id, s);
                }
                Err(e) => state.push_error(format!("Studio details for {id}: {e}")),
            }
        }
        IoResult::Searched(result) => {
            let Some(search) = state.search.as_mut().filter(|s| s.pending == Some(tag)) else {
                return;
            };
            search.pending = None;
            out.redraw = true;
            match result {
                Ok(found) => {
                    search.results = Some(found);
                    search.selected = 0;
                }
                Err(e) => state.push_error(format!("search failed: {e}")),
            }
        }
        IoResult::LiveActed { id, action, result } => {
            super::live::on_acted(state, tag, id, action, result, out);
        }
        IoResult::Recovered(result) => {
            if state.recover.in_flight != Some(tag) {
                return;
            }
            state.recover.in_flight = None;
            out.redraw = true;
            match result {
                Ok(list) => on_recovered(state, list, out),
                Err(e) => {
                    state.push_error(format!("cannot settle interrupted creates: {e}"));
                    state.recover.next_at = Some(state.now + RECOVER_RETRY_SECS);
                }
            }
        }
        IoResult::Simulated { id, action, result } => {
            out.redraw = true;
            match result {
                Ok(()) => {
                    state.set_status(format!("sandbox: {id} {}", action.describe()));
                    poll_soon(state, out);
                }
                Err(e) => state.push_error(format!("sandbox {}: {e}", action.describe())),
            }
        }
    }
}

/// Seconds before asking again about creates still pending.
const RECOVER_RETRY_SECS: i64 = 60;

/// Logs what became of each interrupted create, watches the ones found, and asks again later
/// about those still pending (once they are old enough to be concluded).
fn on_recovered(state: &mut AppState, list: Vec<RecoveryView>, out: &mut Outcome) {
    let mut recorded = 0;
    let mut next_at: Option<i64> = None;
    for r in list {
        let (name, reference) = (&r.name, &r.reference);
        match &r.outcome {
            RecoveryOutcome::Recorded { id } => {
                recorded += 1;
                state.push_log(format!(
                    "{name} ({id}) recovered: an interrupted create made it (reference {reference})"
                ));
                if !state.events.iter().any(|w| &w.id == id) {
                    state.events.push(Watched {
                        id: id.clone(),
                        view: None,
                    });
                }
            }
            RecoveryOutcome::NotCreated => state.push_log(format!(
                "{name} was not created: the interrupted create never reached the service (reference {reference})"
            )),
            RecoveryOutcome::StillPending { why } => {
                state.push_log(format!(
                    "{name}: interrupted create still pending (reference {reference}): {why}"
                ));
                let at = (r.sent_at + SETTLE_AFTER_SECS + 1).max(state.now + RECOVER_RETRY_SECS);
                next_at = Some(next_at.map_or(at, |n| n.min(at)));
            }
        }
    }
    state.recover.next_at = next_at;
    if recorded > 0 {
        state.set_status(format!(
            "recovered {recorded} event(s) from interrupted creates: see the event log (o)"
        ));
        poll_soon(state, out);
    }
}

/// Stores a polled view, logging a transition (and ringing) when the state changed, unless
/// `quiet` (the operator's own action already said it).
pub(super) fn merge_view(state: &mut AppState, view: EventView, out: &mut Outcome, quiet: bool) {
    if !state.events.iter().any(|w| w.id == view.id) {
        return;
    }
    // Failovers, lost encoders and bitrate drops go to the event log (no bell: the state's
    // own transitions ring).
    for change in state.live.observe(&view) {
        state.push_log(format!("{} ({}) {change}", view.name, view.id));
    }
    let mut view = view;
    if view.missing
        && let Some(known) = state
            .events
            .iter()
            .find(|w| w.id == view.id)
            .and_then(|w| w.view.as_ref())
    {
        // The service has no such entry now: keep what the board knew of it to name it.
        view.name.clone_from(&known.name);
        view.watch.schedule = known.watch.schedule;
    }
    let new_alerts = super::alerts::observe(state, &mut view);
    let name = view.name.clone();
    let Some(w) = state.events.iter_mut().find(|w| w.id == view.id) else {
        return;
    };
    let rank_before = super::alerts::rank(w);
    let old = w
        .view
        .as_ref()
        .map(|v| (v.status, v.playback_id.clone(), v.since));
    let id = view.id.clone();
    let mut logged = None;
    let mut playback_moved = false;
    if let Some((old_status, old_playback, old_since)) = old {
        if old_status != view.status {
            if !quiet {
                let what = transition_words(old_status, view.status);
                logged = Some(format!("{} ({}) {what}", view.name, view.id));
            }
        } else if old_since.is_some() {
            // The same state as last time: it began when first seen. A later poll's timestamp
            // can move (a READY recording's `updatedAt` moves when it is archived or edited),
            // and "since" must not.
            view.since = old_since;
        }
        playback_moved = old_playback != view.playback_id;
    }
    w.view = Some(view);
    let rank_moved = super::alerts::rank(w) != rank_before;
    if let Some(text) = logged {
        state.push_log(text);
        if state.bell {
            out.effects.push(Effect::Bell);
        }
    }
    super::alerts::report(state, &name, &id, new_alerts, out);
    if rank_moved {
        super::alerts::resort(state);
    }
    if playback_moved {
        state.links.remove(&id);
    }
    super::live::refresh_prompt(state, &id);
}

/// The log's words for a transition: what happened, never who did it (the board cannot tell an
/// operator's End from an encoder that stopped; actions taken from the board log their own
/// lines), and never a judgement such as "dropped" for an event that ended as planned.
fn transition_words(old: Status, new: Status) -> String {
    match (old, new) {
        (_, Status::Live) => "went LIVE".into(),
        (_, Status::EndedFeedOn) => {
            "ended for attendees; the encoder is still connected (ENDED (FEED ON))".into()
        }
        (Status::EndedFeedOn, Status::Ended) => {
            "ended: the encoder disconnected, the session is over (ENDED)".into()
        }
        (Status::Live, Status::Ended) => "ended: the broadcast stopped (ENDED)".into(),
        (Status::Preview | Status::Connecting, Status::Ended) => {
            "ended before attendees were let in (ENDED)".into()
        }
        (Status::Preview | Status::Connecting, Status::Offline) => {
            "went OFFLINE: the encoder disconnected before the stream played".into()
        }
        (_, Status::RecordingReady) => "RECORDING READY (links follow it)".into(),
        (_, Status::Error) => "is in ERROR (E shows why)".into(),
        (_, s) => format!("is now {}", s.word()),
    }
}
