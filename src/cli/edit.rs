//! `kwebcast edit ENTRY [--name] [--description] [--start] [--end] [--timezone] [--presenter]
//! [--presenter-title] [--recording on|off] [--dvr on|off]`: changes an event on Kaltura (the
//! live entry and its `KMS_EVENTS3` record, see `webcast::edit`) and in the journal. Flags are
//! checked before anything starts (usage errors exit 2); a part Kaltura refuses is printed with
//! its code and makes the command exit 1, whatever else was changed.

use super::args::EditArgs;
use super::context::{Context, journal_notice, notice};
use super::failure::Failure;
use super::output::Output;
use super::present::quoted_name;
use super::time::{parse, zone};
use crate::bootstrap;
use crate::webcast::xml_merge::PresenterEdit;
use crate::webcast::{Change, EditError, Edited, EventEdit};
use serde_json::json;

/// A checked edit of one entry.
#[derive(Debug, Clone)]
pub struct EditCommand {
    /// The live entry.
    pub entry: String,
    /// What to change.
    pub edit: EventEdit,
}

/// Checks the flags into an edit, before connecting anywhere.
pub fn request(args: &EditArgs) -> Result<EditCommand, Failure> {
    let entry = super::checked_entry_id(&args.entry)?;
    let zone = zone(args.timezone.as_deref()).map_err(Failure::Usage)?;
    let start = args
        .start
        .as_deref()
        .map(|t| parse("--start", t, &zone))
        .transpose()
        .map_err(Failure::Usage)?;
    let end = args
        .end
        .as_deref()
        .map(|t| parse("--end", t, &zone))
        .transpose()
        .map_err(Failure::Usage)?;
    let edit = EventEdit {
        name: args.name.as_deref().map(|n| n.trim().to_string()),
        description: args.description.clone(),
        start,
        end,
        timezone: args.timezone.as_ref().map(|_| zone.name.clone()),
        presenter: PresenterEdit {
            name: args.presenter.clone(),
            title: args.presenter_title.clone(),
        },
        recording: args.recording.map(|v| v.is_on()),
        dvr: args.dvr.map(|v| v.is_on()),
    };
    if edit.is_empty() {
        return Err(Failure::Usage(
            "nothing to change: give at least one of --name, --description, --start, --end, \
             --timezone, --presenter, --presenter-title, --recording, --dvr"
                .into(),
        ));
    }
    edit.validate().map_err(Failure::Usage)?;
    Ok(EditCommand { entry, edit })
}

/// Edits and prints; a refused part makes the command exit 1 after printing what changed.
pub async fn run(cmd: EditCommand, ctx: &Context, out: &Output) -> Result<(), Failure> {
    let journal = bootstrap::journal(&ctx.settings);
    journal_notice(&journal, out);
    let edited = ctx
        .webcast
        .edit(&cmd.entry, &cmd.edit, &journal)
        .await
        .map_err(edit_failure)?;
    print(&edited, ctx, out);
    match edited.failures.first() {
        None => Ok(()),
        Some(first) => Err(Failure::Api {
            message: format!(
                "event {} was only partly changed: {} was not ({})",
                edited.entry.id,
                first
                    .not_applied
                    .iter()
                    .map(field_word)
                    .collect::<Vec<_>>()
                    .join(", "),
                first.message
            ),
            code: first.code.clone(),
        }),
    }
}

fn edit_failure(e: EditError) -> Failure {
    match e {
        EditError::Invalid(m) => Failure::Usage(m),
        EditError::Read { .. } | EditError::Refused { .. } => Failure::Api {
            code: e.code().map(str::to_string),
            message: e.to_string(),
        },
        other => Failure::Runtime(other.into()),
    }
}

/// The field a change is about, as the flags name it.
fn field_word(c: &Change) -> &'static str {
    match c {
        Change::Name { .. } => "name",
        Change::Description { .. } => "description",
        Change::Schedule { .. } => "schedule",
        Change::PresenterName { .. } => "presenter",
        Change::PresenterTitle { .. } => "presenter title",
        Change::Recording { .. } => "recording",
        Change::Dvr { .. } => "DVR",
    }
}

fn print(edited: &Edited, ctx: &Context, out: &Output) {
    let id = &edited.entry.id;
    if out.json {
        out.json(json!({
            "entry_id": id,
            "name": edited.entry.name,
            "changed": !edited.changes.is_empty(),
            "changes": edited.changes,
            "failures": edited.failures,
            "schedule": edited.schedule,
            "metadata_version": edited.metadata_version,
            "journaled": edited.journal_record.is_some(),
            "journal": ctx.settings.journal_path().display().to_string(),
        }));
        return;
    }
    notice(ctx, out);
    if edited.changes.is_empty() && edited.failures.is_empty() {
        out.line(format!(
            "event {id} {}: nothing to change (Kaltura already has these values)",
            quoted_name(&edited.entry.name)
        ));
        return;
    }
    out.line(format!(
        "event {id} {} edited",
        quoted_name(&edited.entry.name)
    ));
    for c in &edited.changes {
        out.line(format!("  {}", c.describe()));
    }
    for f in &edited.failures {
        let code = f
            .code
            .as_deref()
            .map_or(String::new(), |c| format!(" [{c}]"));
        let fields: Vec<&str> = f.not_applied.iter().map(field_word).collect();
        out.line(format!(
            "  NOT CHANGED: {}{code}: {}",
            fields.join(", "),
            f.message
        ));
    }
    if edited.journal_record.is_some() {
        out.line(format!(
            "  journal updated ({})",
            ctx.settings.journal_path().display()
        ));
    } else if !edited.changes.is_empty() {
        out.line("  not in this account's journal: only Kaltura was changed");
    }
}
