//! `kwebcast create`: the seed's `/create` — a live entry with the webcast metadata, ready for the
//! Studio. Times and flags are checked before any call (a bad one is a usage error, exit 2);
//! `--ref` makes a repeated create find the first event instead of making a second one. Every
//! create carries a reference (generated without `--ref`) and is journaled as pending before it
//! is sent: Ctrl-C or SIGTERM mid-create leaves it pending and says so, with the reference, and
//! `kwebcast recover` settles it.

use super::args::CreateArgs;
use super::context::{Context, api_failure, journal_notice, notice};
use super::failure::Failure;
use super::output::Output;
use super::signals::StopSignal;
use super::time::{in_zone, parse_window, zone};
use crate::bootstrap;
use crate::webcast::create::{CreateError, Created, PreparedCreate};
use crate::webcast::{CreateRequest, Presenter};
use serde_json::json;

/// Default length of an event created without `--end` (the dashboard's form says an hour too).
const DEFAULT_LENGTH_SECS: i64 = 3600;

/// A start this far in the past (seconds) is worth a warning: clock skew and the time it takes
/// to type the command are not.
const PAST_START_SLACK_SECS: i64 = 60;

/// Checked flags: the request, and warnings to print before it is sent.
pub struct Checked {
    /// What to create.
    pub request: CreateRequest,
    /// Things the operator should know but that do not stop the create (a start in the past).
    pub warnings: Vec<String>,
}

/// Checks the flags into a request, before connecting anywhere.
pub fn request(args: &CreateArgs) -> Result<Checked, Failure> {
    let zone = zone(args.timezone.as_deref()).map_err(Failure::Usage)?;
    let now = jiff::Timestamp::now().as_second();
    let mut warnings = Vec::new();
    let (start, end) = match &args.start {
        Some(s) => parse_window(s, args.end.as_deref(), &zone, DEFAULT_LENGTH_SECS)
            .map_err(Failure::Usage)?,
        None => (now, now + DEFAULT_LENGTH_SECS),
    };
    if start < now - PAST_START_SLACK_SECS {
        // Operators register events already under way: said, not refused.
        warnings.push(format!(
            "--start {} is {} ago; the event is registered as already under way",
            in_zone(start, &zone.name),
            super::time::span(now - start)
        ));
    }
    if args.name.trim().is_empty() {
        return Err(Failure::Usage(
            "--name is empty; give the event a name".into(),
        ));
    }
    // The reference is matched against what Kaltura sends back, which is cleaned on the way in:
    // one with controls or invisible characters could never be found again.
    if args
        .reference
        .as_deref()
        .is_some_and(|r| !crate::text::is_clean_line(r))
    {
        return Err(Failure::Usage(
            "--ref contains a control, line-break or invisible (bidi, zero-width) character; use plain text".into(),
        ));
    }
    let request = CreateRequest {
        name: args.name.trim().to_string(),
        description: args.description.clone().unwrap_or_default(),
        start,
        end,
        timezone: zone.name,
        presenter: Presenter {
            name: args
                .presenter
                .clone()
                .unwrap_or_default()
                .trim()
                .to_string(),
            title: args
                .presenter_title
                .clone()
                .unwrap_or_default()
                .trim()
                .to_string(),
            ..Presenter::default()
        },
        recording: !args.no_recording,
        dvr: !args.no_dvr,
        reference: args.reference.clone(),
    };
    Ok(Checked { request, warnings })
}

/// Creates and prints. Steps that failed after the entry exists are printed with how to finish
/// them, and make the command exit 1. Ctrl-C or SIGTERM stops the create where it is: whatever
/// was sent stays pending in the journal, and the message names the reference.
pub async fn run(checked: Checked, ctx: &Context, out: &Output) -> Result<(), Failure> {
    let journal = bootstrap::journal(&ctx.settings);
    journal_notice(&journal, out);
    for warning in &checked.warnings {
        out.warning(warning);
    }
    let prepared = PreparedCreate::new(checked.request);
    let stop = StopSignal::install().map_err(|e| Failure::Runtime(e.into()))?;
    let outcome = tokio::select! {
        result = ctx.webcast.create_prepared(&prepared, &journal) => result,
        () = stop.wait() => return Err(interrupted(&prepared, &ctx.settings.journal_path())),
    };
    let created = outcome.map_err(create_failure)?;
    let req = prepared.request();
    let mut warnings = checked.warnings;
    if let Some(w) = reused_under_another_name(req, &created) {
        out.warning(&w);
        warnings.push(w);
    }
    print(req, &created, &warnings, ctx, out);
    match created.pending.first() {
        None => Ok(()),
        Some(first) => Err(Failure::Api {
            message: format!(
                "event {} was created, but {} step(s) failed (first: {}: {}); {}",
                created.entry_id(),
                created.pending.len(),
                first.step.label(),
                first.error,
                first.how_to_finish
            ),
            code: first.code.clone(),
        }),
    }
}

/// The message of a create stopped by a signal: it may or may not have reached the service.
fn interrupted(prepared: &PreparedCreate, journal: &std::path::Path) -> Failure {
    Failure::Runtime(anyhow::anyhow!(
        "interrupted while creating {:?} (reference {}): if the request reached the service, the \
         event exists; the journal {} keeps the create pending: run `kwebcast recover` to settle \
         it (creating the same event again finds it instead of making a second)",
        prepared.request().name,
        prepared.reference(),
        journal.display()
    ))
}

fn create_failure(e: CreateError) -> Failure {
    match e {
        CreateError::Invalid(m) => Failure::Usage(m),
        CreateError::NotCreated(api) => {
            let inner = api_failure(api);
            Failure::Api {
                message: format!("the event was not created: {}", inner.message()),
                code: inner.code().map(str::to_string),
            }
        }
        other => Failure::Runtime(other.into()),
    }
}

/// An event found again by its `--ref` keeps what its first create set: when the name asked for
/// now differs, the operator may think they made a new event. Said, naming both.
fn reused_under_another_name(asked: &CreateRequest, created: &Created) -> Option<String> {
    let found = created.entry.name.trim();
    let wanted = asked.name.trim();
    (created.reused && found != wanted).then(|| {
        format!(
            "--ref {} already made event {} named {found:?}; it was reused as it is, not renamed \
             to {wanted:?} (give another --ref to create a new event)",
            created.reference,
            created.entry_id()
        )
    })
}

fn print(req: &CreateRequest, created: &Created, warnings: &[String], ctx: &Context, out: &Output) {
    // An event found again was asked for by its first request (a repeat may start later).
    let req = created.journal_record.request.as_ref().unwrap_or(req);
    let pending: Vec<_> = created
        .pending
        .iter()
        .map(|p| {
            json!({"step": p.step, "label": p.step.label(), "code": p.code,
                   "error": p.error, "how_to_finish": p.how_to_finish})
        })
        .collect();
    if out.json {
        out.json(json!({
            "entry_id": created.entry_id(),
            "name": created.entry.name,
            "reused": created.reused,
            "recovered": created.recovered,
            "reference": created.reference,
            "start": req.start,
            "end": req.end,
            "timezone": req.timezone,
            "complete": created.is_complete(),
            "pending": pending,
            "studio": created.studio.as_ref().map(|s| json!({
                "launch_url": s.launch_url,
                "windows_url": s.windows_url,
                "mac_url": s.mac_url,
                "expires_at": s.expires_at,
            })),
            "journal": ctx.settings.journal_path().display().to_string(),
            "warnings": warnings,
        }));
        return;
    }
    notice(ctx, out);
    let found_again;
    let verb = if created.recovered {
        found_again = format!(
            "found the event an interrupted create made (reference {})",
            created.reference
        );
        found_again.as_str()
    } else if created.reused {
        "found the existing event (same --ref)"
    } else {
        "created event"
    };
    out.line(format!(
        "{verb} {} {}",
        created.entry_id(),
        super::present::quoted_name(&created.entry.name)
    ));
    out.line(format!(
        "  scheduled {} to {} ({})",
        in_zone(req.start, &req.timezone),
        in_zone(req.end, &req.timezone),
        req.timezone
    ));
    out.line(format!("  reference {}", created.reference));
    for p in &created.pending {
        out.line(format!(
            "  NOT DONE: {}: {}; {}",
            p.step.label(),
            p.error,
            p.how_to_finish
        ));
    }
    if let Some(studio) = &created.studio {
        out.line(format!("  Studio launch: {}", studio.launch_url));
    }
    out.line(format!(
        "next: kwebcast links {} (attendee and moderator links), kwebcast status {} --watch",
        created.entry_id(),
        created.entry_id()
    ));
}
