//! `kwebcast finish ENTRY`: completes an event whose create failed midway (a metadata record or
//! the conversion profile missing), from the request kept in the journal. Exits 0 when nothing is
//! left pending, 1 when a step still fails or the journal does not know the entry.

use super::args::FinishArgs;
use super::context::{Context, journal_notice, notice};
use super::failure::Failure;
use super::output::Output;
use crate::bootstrap;
use crate::webcast::{FinishError, Finished};
use serde_json::json;

/// Checks the argument before connecting anywhere: an empty or malformed ID is a usage error.
pub fn entry_id(args: &FinishArgs) -> Result<String, Failure> {
    super::checked_entry_id(&args.entry)
}

/// Finishes and prints. Steps still failing are printed, then make the command exit 1.
pub async fn run(entry_id: &str, ctx: &Context, out: &Output) -> Result<(), Failure> {
    let journal = bootstrap::journal(&ctx.settings);
    journal_notice(&journal, out);
    let finished = ctx
        .webcast
        .finish(entry_id, &journal)
        .await
        .map_err(finish_failure)?;
    print(&finished, ctx, out);
    match finished.pending.first() {
        None => Ok(()),
        Some(first) => Err(Failure::Api {
            message: format!(
                "event {} still has {} step(s) pending (first: {}: {}); once the account is fixed, {}",
                finished.entry.id,
                finished.pending.len(),
                first.step.label(),
                first.error,
                first.how_to_finish
            ),
            code: first.code.clone(),
        }),
    }
}

fn finish_failure(e: FinishError) -> Failure {
    match e {
        FinishError::NotInJournal { entry_id, path } => Failure::Runtime(anyhow::anyhow!(
            "event {entry_id} is not in the journal {} for this account: check the entry ID and \
             use the account (--profile, partner ID, service URL) that created it; only events \
             made by `kwebcast create` can be finished",
            path.display()
        )),
        FinishError::Api { .. } => Failure::Api {
            message: e.to_string(),
            code: e.code().map(str::to_string),
        },
        FinishError::Journal(_) => Failure::Runtime(e.into()),
    }
}

fn print(finished: &Finished, ctx: &Context, out: &Output) {
    let id = &finished.entry.id;
    if out.json {
        out.json(json!({
            "entry_id": id,
            "name": finished.entry.name,
            "complete": finished.pending.is_empty(),
            "done": finished.done.iter().map(|s| json!({"step": s, "label": s.label()}))
                .collect::<Vec<_>>(),
            "pending": finished.pending.iter().map(|p| json!({
                "step": p.step, "label": p.step.label(), "code": p.code,
                "error": p.error, "how_to_finish": p.how_to_finish,
            })).collect::<Vec<_>>(),
            "journal": ctx.settings.journal_path().display().to_string(),
        }));
        return;
    }
    notice(ctx, out);
    let summary = match finished.pending.len() {
        0 => "complete, nothing pending".to_string(),
        n => format!("{n} step(s) still pending"),
    };
    out.line(format!(
        "event {id} {}: {summary}",
        super::present::quoted_name(&finished.entry.name)
    ));
    for step in &finished.done {
        out.line(format!("  done: {}", step.label()));
    }
    for p in &finished.pending {
        let code = p
            .code
            .as_deref()
            .map_or(String::new(), |c| format!(" [{c}]"));
        out.line(format!("  PENDING: {}{code}: {}", p.step.label(), p.error));
    }
}
