//! `kwebcast golive|end|recording pause|recording resume|redirect`: running the event from the
//! command line, each one `liveStream.update` (`webcast::actions`). The event is polled first
//! so the question can name it and say what attendees will see; an action that makes no sense
//! now is refused before anything is sent; on a terminal the operator answers y/N (twice when
//! there is a warning), elsewhere `--yes` is required; the result is the event as the re-poll
//! after the update saw it.

use super::confirm;
use super::context::{Context, api_failure, notice};
use super::failure::Failure;
use super::output::Output;
use super::present::{alerts_of, event_json, event_lines, state_key, time};
use crate::webcast::actions::{ControlFacts, Preflight, preflight, recording_word};
use crate::webcast::snapshot::EventSnapshot;
use crate::webcast::{EventState, LiveAction};
use serde_json::json;

/// A checked request: the IDs are valid and the question can be answered (or `--yes` was given).
#[derive(Debug, Clone)]
pub struct LiveRequest {
    /// The live entry.
    pub entry: String,
    /// What to do.
    pub action: LiveAction,
    /// `--yes`: do not ask.
    pub yes: bool,
}

/// Checks the arguments before connecting anywhere: IDs are validated like every command's,
/// and without `--yes` there must be a terminal to ask on (usage error, exit 2, otherwise).
pub fn request(
    command: &str,
    entry: &str,
    action: LiveAction,
    yes: bool,
) -> Result<LiveRequest, Failure> {
    let entry = super::checked_entry_id(entry)?;
    if let LiveAction::Redirect { recording } = &action {
        crate::webcast::entry_id::check(recording).map_err(|e| {
            Failure::Usage(format!(
                "RECORDING: {e}; give the entry ID of one of the event's recordings (`kwebcast status {entry}` lists them)"
            ))
        })?;
    }
    if !yes && !confirm::interactive() {
        return Err(Failure::Usage(format!(
            "`kwebcast {command}` changes what attendees see and asks first, but there is no terminal to ask on: run it on a terminal, or pass --yes to confirm without asking"
        )));
    }
    Ok(LiveRequest { entry, action, yes })
}

/// Polls, decides, asks, sends, prints.
pub async fn run(req: LiveRequest, ctx: &Context, out: &Output) -> Result<(), Failure> {
    notice(ctx, out);
    let before = poll_one(ctx, &req.entry).await?;
    if let Some(p) = before.problem.as_ref().filter(|p| p.code.is_some()) {
        return Err(Failure::Api {
            message: p.message.clone(),
            code: p.code.clone(),
        });
    }
    let facts = ControlFacts::from_snapshot(&before);
    let pf = preflight(&facts, &req.action);
    let who = format!("{} ({})", display_name(&before), before.id());
    let title = req.action.title();
    if let Some(refusal) = &pf.refusal {
        return Err(Failure::Refused(format!(
            "{title} for {who}: {refusal}; nothing was sent"
        )));
    }
    if req.yes {
        if let (Some(w), false) = (&pf.warning, out.json) {
            out.warning(w);
        }
    } else {
        ask(&req.action, &who, &before, &pf, out).await?;
    }
    let outcome = ctx
        .webcast
        .run_action(&req.entry, &req.action, Some(&before))
        .await
        .map_err(api_failure)?;
    let after = outcome.event;
    if let Some(e) = &outcome.repoll_error {
        // Kaltura applied the action; only reading the event again failed.
        out.warning(format!(
            "{title} was applied, but reading {} again failed: {e}; `kwebcast status {}` shows it",
            after.id(),
            after.id()
        ));
    }
    let alerts = alerts_of(&after, &ctx.watchdog());
    print(&req.action, &after, &alerts, &pf, out);
    Ok(())
}

async fn poll_one(ctx: &Context, id: &str) -> Result<EventSnapshot, Failure> {
    ctx.webcast
        .poll(&[id.to_string()])
        .await
        .map_err(api_failure)?
        .pop()
        .ok_or_else(|| Failure::Runtime(anyhow::anyhow!("the poll did not return {id}")))
}

fn display_name(s: &EventSnapshot) -> &str {
    if s.entry.name.is_empty() {
        s.id()
    } else {
        &s.entry.name
    }
}

/// The question on stderr: the event, its state, what attendees will see, the warning and
/// the note; a second question when there is a warning.
async fn ask(
    action: &LiveAction,
    who: &str,
    before: &EventSnapshot,
    pf: &Preflight,
    out: &Output,
) -> Result<(), Failure> {
    out.tell(format!(
        "{}: {who}, now {}",
        action.title(),
        before.state.label()
    ));
    out.tell(format!("Attendees will see: {}", pf.attendees));
    if let Some(w) = &pf.warning {
        out.tell(format!("Warning: {w}"));
    }
    if let Some(n) = &pf.note {
        out.tell(format!("Note: {n}"));
    }
    let cancelled = || {
        Failure::Cancelled(format!(
            "{} for {who} was not confirmed: nothing was sent",
            action.title()
        ))
    };
    if !confirm::ask(out, &format!("{}? [y/N] ", question(action))).await {
        return Err(cancelled());
    }
    if pf.warning.is_some()
        && !confirm::ask(
            out,
            &format!(
                "{} anyway, while attendees get {}? [y/N] ",
                question(action),
                pf.attendees
            ),
        )
        .await
    {
        return Err(cancelled());
    }
    Ok(())
}

fn question(action: &LiveAction) -> String {
    match action {
        LiveAction::GoLive => "Go live".into(),
        LiveAction::End => "End it for attendees".into(),
        LiveAction::PauseRecording => "Pause the recording".into(),
        LiveAction::ResumeRecording => "Resume the recording".into(),
        LiveAction::Redirect { recording } => format!("Send viewers to {recording}"),
        LiveAction::ClearRedirect => "Stop sending viewers to a recording".into(),
    }
}

/// What to say after the action beyond its name: End while the encoder pushes.
fn message(action: &LiveAction, after: &EventSnapshot) -> Option<&'static str> {
    (*action == LiveAction::End && after.state == EventState::EndedFeedOn)
        .then_some("ended for attendees, encoder still connected")
}

fn print(
    action: &LiveAction,
    after: &EventSnapshot,
    alerts: &[crate::webcast::Alert],
    pf: &Preflight,
    out: &Output,
) {
    let facts = ControlFacts::from_snapshot(after);
    let attendees = facts.describe(&after.playback);
    let message = message(action, after);
    let recording = recording_word(facts.recording_status);
    let redirect = Some(after.entry.redirect_entry_id.as_str()).filter(|r| !r.is_empty());
    if out.json {
        out.json(json!({
            "action": action.key(),
            "entry_id": after.id(),
            "name": after.entry.name,
            "state": state_key(after.state),
            "label": after.state.label(),
            "attendees": attendees,
            "play_entry_id": after.playback.entry_id,
            "playback_reason": after.playback.reason,
            "encoder_connected": facts.live.encoder_connected(),
            "view_mode": if facts.live.view_mode == 1 { "ALLOW_ALL" } else { "PREVIEW" },
            "recording": recording,
            "redirect_entry_id": redirect,
            "message": message,
            "warning": pf.warning,
            "note": pf.note,
            "at": after.polled_at,
            "event": event_json(after, after.viewers, alerts),
        }));
        return;
    }
    let mut head = format!(
        "{} ({}) {} by you at {}",
        display_name(after),
        after.id(),
        action.done(),
        time(after.polled_at)
    );
    if let Some(m) = message {
        head.push_str(&format!(": {m}"));
    }
    out.line(head);
    for line in event_lines(after, after.viewers, alerts) {
        out.line(line);
    }
    out.line(format!("  attendees see: {attendees}"));
    if let Some(r) = recording.filter(|_| !facts.recording_off()) {
        out.line(format!("  recording: {r}"));
    }
    if let Some(r) = redirect {
        out.line(format!(
            "  viewers are sent to {r} once the event is not live"
        ));
    }
    if let Some(n) = &pf.note {
        out.line(format!("  note: {n}"));
    }
}
