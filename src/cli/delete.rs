//! `kwebcast delete ENTRY [--with-recordings] [--yes]` and `kwebcast forget ENTRY`.
//!
//! `delete` reads the event and its recordings first (`webcast::delete`), names them in the
//! question (and whether they are kept), asks on a terminal (no by default), then deletes: the
//! live entry, and its recordings only with `--with-recordings`. Without a terminal `--yes` is
//! required (usage error, exit 2, before anything is sent). `forget` only writes the journal:
//! the event leaves the board, Kaltura is not asked anything.

use super::args::{DeleteArgs, ForgetArgs};
use super::confirm;
use super::context::{Context, api_failure, journal_notice, notice};
use super::failure::Failure;
use super::output::Output;
use crate::bootstrap;
use crate::kaltura::types::MediaEntry;
use crate::webcast::{DeleteError, DeletePlan, Deleted, ForgetError};
use serde_json::json;

/// A checked delete request.
#[derive(Debug, Clone)]
pub struct DeleteCommand {
    /// The live entry.
    pub entry: String,
    /// Its recordings go too.
    pub with_recordings: bool,
    /// Do not ask.
    pub yes: bool,
}

/// Checks the arguments before connecting: a valid ID, and a terminal to ask on or `--yes`.
pub fn request(args: &DeleteArgs) -> Result<DeleteCommand, Failure> {
    let entry = super::checked_entry_id(&args.entry)?;
    if !args.yes && !confirm::interactive() {
        return Err(Failure::Usage(
            "`kwebcast delete` removes the event from Kaltura and asks first, but there is no \
             terminal to ask on: run it on a terminal, or pass --yes to delete without asking"
                .into(),
        ));
    }
    Ok(DeleteCommand {
        entry,
        with_recordings: args.with_recordings,
        yes: args.yes,
    })
}

fn recording_words(r: &MediaEntry) -> String {
    let ready = if r.is_ready() { "ready" } else { "not ready" };
    format!("{} {:?} ({ready})", r.id, r.name)
}

/// Plans, asks, deletes, prints.
pub async fn run(cmd: DeleteCommand, ctx: &Context, out: &Output) -> Result<(), Failure> {
    notice(ctx, out);
    let journal = bootstrap::journal(&ctx.settings);
    journal_notice(&journal, out);
    let plan = ctx
        .webcast
        .delete_plan(&cmd.entry)
        .await
        .map_err(api_failure)?;
    let who = format!("{:?} ({})", plan.entry.name, plan.entry.id);
    if !cmd.yes {
        out.tell(format!("Delete {who} from Kaltura."));
        match (plan.recordings.len(), cmd.with_recordings) {
            (0, _) => out.tell("It has no recordings."),
            (n, keep) => {
                let fate = if keep {
                    "they are DELETED with it"
                } else {
                    "they are kept (--with-recordings deletes them)"
                };
                out.tell(format!("Its {n} recording(s), {fate}:"));
                for r in &plan.recordings {
                    out.tell(format!("  {}", recording_words(r)));
                }
            }
        }
        let question = if cmd.with_recordings && !plan.recordings.is_empty() {
            format!(
                "Delete {who} and its {} recording(s)? [y/N] ",
                plan.recordings.len()
            )
        } else {
            format!("Delete {who}? [y/N] ")
        };
        if !confirm::ask(out, &question).await {
            return Err(Failure::Cancelled(format!(
                "deleting {who} was not confirmed: nothing was deleted"
            )));
        }
    }
    let deleted = ctx
        .webcast
        .delete(&plan, cmd.with_recordings, &journal)
        .await
        .map_err(delete_failure)?;
    print(&plan, &deleted, ctx, out);
    match deleted.recording_failures.first() {
        None => Ok(()),
        Some((rec, code, message)) => Err(Failure::Api {
            message: format!(
                "event {} was deleted, but {} of its recordings were not (first: {rec}: {message})",
                deleted.entry_id,
                deleted.recording_failures.len()
            ),
            code: code.clone(),
        }),
    }
}

fn delete_failure(e: DeleteError) -> Failure {
    match e {
        DeleteError::Refused { .. } => Failure::Api {
            code: e.code().map(str::to_string),
            message: e.to_string(),
        },
        other => Failure::Runtime(other.into()),
    }
}

fn print(plan: &DeletePlan, deleted: &Deleted, ctx: &Context, out: &Output) {
    if out.json {
        out.json(json!({
            "entry_id": deleted.entry_id,
            "name": deleted.name,
            "deleted": true,
            "already_gone": deleted.already_gone,
            "recordings": plan.recordings.iter().map(|r| json!({
                "id": r.id,
                "name": r.name,
                "ready": r.is_ready(),
                "deleted": deleted.recordings_deleted.contains(&r.id),
            })).collect::<Vec<_>>(),
            "recordings_deleted": deleted.recordings_deleted,
            "recordings_kept": deleted.recordings_kept,
            "recording_failures": deleted.recording_failures.iter().map(|(id, code, message)| {
                json!({"id": id, "code": code, "message": message})
            }).collect::<Vec<_>>(),
            "journaled": deleted.journal_record.is_some(),
            "journal": ctx.settings.journal_path().display().to_string(),
        }));
        return;
    }
    let gone = if deleted.already_gone {
        " (it was already gone)"
    } else {
        ""
    };
    out.line(format!(
        "deleted event {} {:?}{gone}",
        deleted.entry_id, deleted.name
    ));
    if !deleted.recordings_deleted.is_empty() {
        out.line(format!(
            "  recordings deleted: {}",
            deleted.recordings_deleted.join(", ")
        ));
    }
    if !deleted.recordings_kept.is_empty() {
        out.line(format!(
            "  recordings kept: {} (each still names {} as its rootEntryId)",
            deleted.recordings_kept.join(", "),
            deleted.entry_id
        ));
    }
    for (id, code, message) in &deleted.recording_failures {
        let code = code.as_deref().map_or(String::new(), |c| format!(" [{c}]"));
        out.line(format!("  NOT DELETED: recording {id}{code}: {message}"));
    }
    if deleted.journal_record.is_some() {
        out.line(format!(
            "  journal: recorded as deleted ({})",
            ctx.settings.journal_path().display()
        ));
    }
}

/// `kwebcast forget ENTRY`: one journal line, no call to Kaltura.
pub async fn forget(args: &ForgetArgs, ctx: &Context, out: &Output) -> Result<(), Failure> {
    let journal = bootstrap::journal(&ctx.settings);
    journal_notice(&journal, out);
    let record = ctx
        .webcast
        .forget(&args.entry, &journal)
        .await
        .map_err(|e| match e {
            ForgetError::NotInJournal { .. } => Failure::Runtime(anyhow::anyhow!(
                "{e}: nothing to forget (check the entry ID and the account: --profile, partner ID, service URL)"
            )),
            other => Failure::Runtime(other.into()),
        })?;
    if out.json {
        out.json(json!({
            "entry_id": record.entry_id,
            "name": record.name,
            "forgotten": true,
            "journal": ctx.settings.journal_path().display().to_string(),
        }));
        return Ok(());
    }
    notice(ctx, out);
    out.line(format!(
        "forgot event {} {:?}: off the board and out of the journal's events; nothing changed on Kaltura",
        record.entry_id, record.name
    ));
    Ok(())
}
