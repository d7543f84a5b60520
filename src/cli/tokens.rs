//! `kwebcast tokens prune`: deletes the expired app tokens kwebcast minted link KSs from when it
//! signs in with an app token (no admin secret). Each link gets a single-purpose token; once
//! its links have expired it is of no use and only clutters the account's token list.

use super::args::PruneArgs;
use super::confirm;
use super::context::{Context, api_failure, notice};
use super::failure::Failure;
use super::output::Output;
use super::present::time;
use crate::webcast::time::now_unix;
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
    let expired = ctx
        .webcast
        .expired_link_tokens(now_unix())
        .await
        .map_err(api_failure)?;
    if expired.is_empty() {
        if out.json {
            out.json(json!({"found": 0, "deleted": [], "failed": []}));
        } else {
            out.line("no expired link tokens on the account: nothing to delete");
        }
        return Ok(());
    }
    if !args.yes {
        out.tell(format!(
            "{} expired link token(s) kwebcast made are still on the account:",
            expired.len()
        ));
        for t in &expired {
            out.tell(format!("  {} (expired {})", t.id, time(t.expiry)));
        }
        let question = format!("Delete these {} app token(s)? [y/N] ", expired.len());
        if !confirm::ask(out, &question).await {
            return Err(Failure::Cancelled(
                "pruning was not confirmed: no token was deleted".into(),
            ));
        }
    }
    let ids: Vec<String> = expired.iter().map(|t| t.id.clone()).collect();
    let pruned = ctx
        .webcast
        .delete_link_tokens(&ids)
        .await
        .map_err(api_failure)?;
    if out.json {
        out.json(json!({
            "found": expired.len(),
            "deleted": pruned.deleted,
            "failed": pruned.failed.iter().map(|(id, e)| json!({
                "id": id, "code": e.code(), "message": out.clean(&e.to_string()),
            })).collect::<Vec<_>>(),
        }));
    } else {
        out.line(format!(
            "deleted {} expired link token(s) from the account",
            pruned.deleted.len()
        ));
    }
    match pruned.failed.first() {
        None => Ok(()),
        Some((id, e)) => Err(Failure::Api {
            message: format!(
                "{} of {} expired link token(s) were not deleted (first: {id}: {e})",
                pruned.failed.len(),
                expired.len()
            ),
            code: e.code().map(str::to_string),
        }),
    }
}
