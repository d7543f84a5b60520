//! The watchdog on the board: every polled view gets its alerts (computed from what the poll
//! fetched, at the board's clock), each new alert is logged once (with the bell for alerts, not
//! warnings), and `!` puts the events with alerts at the top of the table.

use super::Outcome;
use crate::tui::action::Effect;
use crate::tui::fmt::alert_todo;
use crate::tui::state::{AppState, Watched};
use crate::tui::view::EventView;
use crate::webcast::watchdog::{self, Alert, Severity};

/// Sets `view.alerts` and returns those that are new since the event's last poll.
pub(super) fn observe(state: &mut AppState, view: &mut EventView) -> Vec<Alert> {
    let alerts = watchdog::check(&view.watch, state.now, &state.watchdog);
    let observed = state.alert_tracker.observe(&view.id, alerts, state.now);
    view.alerts = observed.current;
    observed.new
}

/// Logs each new alert of an event once; rings for alerts (not warnings) when the bell is on.
pub(super) fn report(
    state: &mut AppState,
    name: &str,
    id: &str,
    new: Vec<Alert>,
    out: &mut Outcome,
) {
    let mut ring = false;
    for a in new {
        state.push_log(format!(
            "{name} ({id}) {}: {}; {}",
            a.kind.label(),
            a.message,
            alert_todo(a.kind)
        ));
        ring |= a.severity() == Severity::Alert;
    }
    if ring && state.bell && !out.effects.contains(&Effect::Bell) {
        out.effects.push(Effect::Bell);
    }
}

/// Where an event goes when alerts come first: alerts, then warnings, then the rest.
pub fn rank(w: &Watched) -> u8 {
    let worst = w
        .view
        .as_ref()
        .and_then(|v| v.alerts.iter().map(Alert::severity).min());
    match worst {
        Some(Severity::Alert) => 0,
        Some(Severity::Warning) => 1,
        None => 2,
    }
}

/// Sorts the table (stable: within a rank the order stays), keeping the selected event selected.
fn sort_by(state: &mut AppState, key: impl Fn(&Watched) -> usize) {
    let selected = state.selected_event().map(|w| w.id.clone());
    state.events.sort_by_key(|w| key(w));
    if let Some(id) = selected {
        state.selected = state.events.iter().position(|w| w.id == id).unwrap_or(0);
    }
}

/// Re-sorts after a poll changed an event's rank, while alerts come first.
pub(super) fn resort(state: &mut AppState) {
    if state.alerts_first {
        sort_by(state, |w| usize::from(rank(w)));
    }
}

/// `!`: alerts first, or back to the order the table had before.
pub(super) fn toggle_sort(state: &mut AppState) {
    if state.alerts_first {
        state.alerts_first = false;
        let before = state.order_before_sort.take().unwrap_or_default();
        // Events added meanwhile keep their place after the others.
        sort_by(state, |w| {
            before
                .iter()
                .position(|id| *id == w.id)
                .unwrap_or(usize::MAX)
        });
        state.set_status("events in their usual order (! puts alerts first)");
    } else {
        state.alerts_first = true;
        state.order_before_sort = Some(state.events.iter().map(|w| w.id.clone()).collect());
        resort(state);
        state.set_status("events with alerts first (! for the usual order)");
    }
}
