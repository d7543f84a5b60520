//! `kwebcast tokens prune`: deletes the app tokens kwebcast minted link KSs from (signed in with
//! an app token, no admin secret) that serve no link any more. Each link gets a single-purpose
//! token; once it has expired, or its event is deleted, it only clutters the account's token
//! list.

use super::args::PruneArgs;
use super::confirm;
use super::context::{Context, api_failure, notice};
use super::failure::Failure;
use super::output::Output;
use super::present::time;
use crate::webcast::time::now_unix;
use crate::webcast::token_prune::{PrunableToken, PruneReason};
use serde_json::json;

/// Checks before connecting: a terminal to ask on, or `--yes`.
pub fn check(args: &PruneArgs) -> Result<(), Failure> {
    if !args.yes && !confirm::interactive() {
        return Err(Failure::Usage(
            "`kwebcast tokens prune` deletes app tokens from the account and asks first, but \
             there is no terminal to ask on: run it on a terminal, or pass --yes to delete \
             without asking"
                .into(),
        ));
    }
    Ok(())
}

/// Lists, asks, deletes, prints.
pub async fn prune(args: &PruneArgs, ctx: &Context, out: &Output) -> Result<(), Failure> {
    notice(ctx, out);
    // Events the journal saw deleted: the only ones whose unexpired tokens may go.
    let deleted_here = crate::bootstrap::journal(&ctx.settings)
        .load()
        .map(|load| load.deleted_ids(ctx.partner_id(), ctx.webcast.journal_service()))
        .unwrap_or_default();
    let found = ctx
        .webcast
        .prunable_link_tokens(now_unix(), &deleted_here)
        .await
        .map_err(api_failure)?;
    if found.is_empty() {
        if out.json {
            out.json(json!({"found": 0, "tokens": [], "deleted": [], "failed": []}));
        } else {
            out.line("no expired or orphaned link tokens on the account: nothing to delete");
        }
        return Ok(());
    }
    if !args.yes {
        out.tell(format!(
            "{} link token(s) kwebcast made serve no link any more:",
            found.len()
        ));
        for t in &found {
            out.tell(format!("  {}", why(t)));
        }
        let question = format!("Delete these {} app token(s)? [y/N] ", found.len());
        if !confirm::ask(out, &question).await {
            return Err(Failure::Cancelled(
                "pruning was not confirmed: no token was deleted".into(),
            ));
        }
    }
    let ids: Vec<String> = found.iter().map(|t| t.id.clone()).collect();
    let pruned = ctx
        .webcast
        .delete_link_tokens(&ids)
        .await
        .map_err(api_failure)?;
    if out.json {
        out.json(json!({
            "found": found.len(),
            "tokens": found.iter().map(|t| json!({
                "id": t.id, "reason": t.reason.as_str(), "entry_id": t.entry_id,
                "expiry": t.expiry,
            })).collect::<Vec<_>>(),
            "deleted": pruned.deleted,
            "failed": pruned.failed.iter().map(|(id, e)| json!({
                "id": id, "code": e.code(), "message": out.clean(&e.to_string()),
            })).collect::<Vec<_>>(),
        }));
    } else {
        out.line(format!(
            "deleted {} link token(s) from the account",
            pruned.deleted.len()
        ));
    }
    match pruned.failed.first() {
        None => Ok(()),
        Some((id, e)) => Err(Failure::Api {
            message: format!(
                "{} of {} link token(s) were not deleted (first: {id}: {e})",
                pruned.failed.len(),
                found.len()
            ),
            code: e.code().map(str::to_string),
        }),
    }
}

/// One token in the question: its ID and why it can go.
fn why(t: &PrunableToken) -> String {
    match (t.reason, &t.entry_id) {
        (PruneReason::Expired, _) => format!("{} (expired {})", t.id, time(t.expiry)),
        (PruneReason::EntryGone, Some(entry)) => format!("{} (entry {entry} is gone)", t.id),
        (PruneReason::EntryGone, None) => format!("{} (its entry is gone)", t.id),
    }
}
