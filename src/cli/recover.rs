//! `kwebcast recover`: settles the creates the journal holds as pending (a killed `create`, a
//! dashboard stopped mid-create, an answer lost on the way): each is looked up by its reference;
//! an entry found is completed and journaled, one the service does not have is marked not
//! created once it is old enough. Exits 0 when nothing is left pending, 1 otherwise.

use super::context::{Context, notice};
use super::failure::Failure;
use super::output::Output;
use crate::bootstrap;
use crate::webcast::{Recovered, Recovery};
use serde_json::json;

/// Recovers and prints.
pub async fn run(ctx: &Context, out: &Output) -> Result<(), Failure> {
    let journal = bootstrap::journal(&ctx.settings);
    let recoveries = ctx
        .webcast
        .recover(&journal)
        .await
        .map_err(|e| Failure::Runtime(anyhow::Error::new(e).context("cannot recover")))?;
    print(&recoveries, ctx, out);
    let left: Vec<&str> = recoveries
        .iter()
        .filter(|r| matches!(r.outcome, Recovered::StillPending(_)))
        .map(|r| r.attempt.reference.as_str())
        .collect();
    if left.is_empty() {
        Ok(())
    } else {
        Err(Failure::Runtime(anyhow::anyhow!(
            "{} create(s) still pending (reference {}): run `kwebcast recover` again later",
            left.len(),
            left.join(", ")
        )))
    }
}

fn print(recoveries: &[Recovery], ctx: &Context, out: &Output) {
    if out.json {
        let items: Vec<_> = recoveries
            .iter()
            .map(|r| {
                let (outcome, entry_id, why) = match &r.outcome {
                    Recovered::Recorded(c) => ("recorded", Some(c.entry_id().to_string()), None),
                    Recovered::NotCreated => ("not_created", None, None),
                    Recovered::StillPending(why) => ("pending", None, Some(why.clone())),
                };
                json!({
                    "reference": r.attempt.reference,
                    "name": r.attempt.name,
                    "outcome": outcome,
                    "entry_id": entry_id,
                    "why": why,
                    "sent_at": r.attempt.recorded_at,
                })
            })
            .collect();
        out.json(json!({
            "recovered": items,
            "journal": ctx.settings.journal_path().display().to_string(),
        }));
        return;
    }
    notice(ctx, out);
    if recoveries.is_empty() {
        out.line("no interrupted creates: the journal has nothing pending");
        return;
    }
    for r in recoveries {
        let (name, reference) = (&r.attempt.name, &r.attempt.reference);
        match &r.outcome {
            Recovered::Recorded(c) => {
                out.line(format!(
                    "recorded {} {name:?} (reference {reference}): the interrupted create made it",
                    c.entry_id()
                ));
                for p in &c.pending {
                    out.line(format!(
                        "  NOT DONE: {}: {}; {}",
                        p.step.label(),
                        p.error,
                        p.how_to_finish
                    ));
                }
            }
            Recovered::NotCreated => out.line(format!(
                "not created: {name:?} (reference {reference}): the service has no such event"
            )),
            Recovered::StillPending(why) => out.line(format!(
                "still pending: {name:?} (reference {reference}): {why}"
            )),
        }
    }
}
