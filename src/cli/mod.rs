//! The command line: parse (clap), load the configuration (exit 2 on a bad one, before any
//! terminal work), start logging, connect (the account or the in-process sandbox), run one
//! command, print text or `--json`, exit 0/1/2.
//!
//! Workflow logic lives in `webcast/`; the files here only parse, call and print.

mod args;
mod config_check;
mod confirm;
mod context;
mod create;
mod dashboard;
mod delete;
mod edit;
mod failure;
mod finish;
mod hardening;
mod ks;
mod links;
mod live;
mod manage_args;
mod output;
mod present;
mod recover;
mod sandbox;
mod shell;
mod signals;
mod status;
mod studio;
mod time;
mod tokens;
mod watchdog;

pub use args::Cli;
pub use failure::{EXIT_ALERT, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, Failure};

use crate::webcast::LiveAction;
use args::{Command, ConfigCommand, RecordingCommand, TokensCommand};
use clap::Parser;
use clap::error::ErrorKind;
use context::Context;
use output::{Guard, Output, eprint_guarded, print_failure};
use std::ffi::OsString;
use std::process::ExitCode;

/// The binary's entry point: real arguments, real environment. Core dumps are switched off
/// first, before any secret is read (see `hardening.rs`).
pub fn main() -> ExitCode {
    if let Err(e) = hardening::no_core_dumps() {
        // Logged once logging starts; printing it would only alarm.
        let _ = HARDENING_ERROR.set(e.to_string());
    }
    crate::memory::use_one_arena();
    let args: Vec<OsString> = std::env::args_os().collect();
    ExitCode::from(run_with(args, &|k: &str| std::env::var(k).ok()))
}

/// Why core dumps could not be disabled, for the log.
static HARDENING_ERROR: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Runs one invocation; returns the exit code.
pub fn run_with(args: Vec<OsString>, env: &impl Fn(&str) -> Option<String>) -> u8 {
    let json_hint = args.iter().any(|a| a == "--json");
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => return usage_error(e, json_hint),
    };
    // Generated from the clap definitions alone: no configuration is read (a broken config file
    // must not stop a shell from completing).
    match &cli.command {
        Some(Command::Completions(a)) => {
            return shell::print(|out| {
                shell::completions(a.shell, out);
                Ok(())
            });
        }
        Some(Command::Man) => return shell::print(|out| shell::man(out)),
        _ => {}
    }
    let json = cli.command.as_ref().is_some_and(Command::json);
    if matches!(cli.command, Some(Command::Sandbox(_))) && cli.choice.is_given() {
        // They choose the account a command talks to; the sandbox command serves its own.
        let failure = Failure::Usage(
            "--config, --profile and --sandbox choose the account a command talks to; \
             `kwebcast sandbox` serves its own and takes none of them: leave them out"
                .into(),
        );
        print_failure(&failure, json, false, &Guard::default());
        return EXIT_USAGE;
    }
    let mut global = cli.global.clone();
    let choice = match cli.command.as_ref().and_then(Command::choice) {
        Some(sub) => sub.clone().or(&cli.choice),
        None => cli.choice.clone(),
    };
    global.config = choice.config;
    global.profile = choice.profile;
    global.sandbox = choice.sandbox;
    global.overrides = match cli.command.as_ref().and_then(Command::account) {
        Some(sub) => sub.clone().or(&cli.account),
        None => cli.account.clone(),
    };
    let settings = match crate::config::load(&global, env) {
        Ok(s) => s,
        Err(e) => {
            // The log's place may depend on the refused file: use the default one.
            let log_file = crate::config::AppDirs::resolve(env).log_file();
            if crate::logging::init(&log_file, 0, &[], env("KWEBCAST_LOG")).is_ok() {
                tracing::error!(kind = "config", "{e}");
            }
            print_failure(&Failure::Config(e), json, false, &Guard::default());
            return EXIT_USAGE;
        }
    };
    let guard = Guard::new(
        settings.admin_secret.as_ref().map(|s| s.expose()),
        settings.app_token.as_ref().map(|t| t.token.expose()),
    );
    for warning in &settings.warnings {
        eprint_guarded(warning, &guard);
    }
    let secrets: Vec<&str> = settings
        .admin_secret
        .iter()
        .map(|s| s.expose())
        .chain(settings.app_token.iter().map(|t| t.token.expose()))
        .collect();
    if let Err(e) = crate::logging::init(
        &settings.log_file,
        global.verbose,
        &secrets,
        env("KWEBCAST_LOG"),
    ) {
        eprint_guarded(
            &format!(
                "warning: cannot open the log file {} ({e}); continuing without a log",
                settings.log_file.display()
            ),
            &guard,
        );
    }
    if let Some(e) = HARDENING_ERROR.get() {
        tracing::warn!("cannot disable core dumps: {e}");
    }
    let out = Output::new(json, !settings.has_account(), guard);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            out.failure(&Failure::Runtime(e.into()));
            return EXIT_FAILURE;
        }
    };
    let result = runtime.block_on(dispatch(cli, settings, &out));
    match result {
        Ok(()) => EXIT_OK,
        Err(failure) if failure.is_silent() => {
            tracing::info!(kind = failure.kind(), "{}", out.clean(&failure.message()));
            failure.exit_code()
        }
        Err(failure) => {
            tracing::error!(kind = failure.kind(), "{}", out.clean(&failure.message()));
            out.failure(&failure);
            failure.exit_code()
        }
    }
}

async fn dispatch(
    cli: Cli,
    settings: crate::config::Settings,
    out: &Output,
) -> Result<(), Failure> {
    /// Connects (account or in-process sandbox), runs the body, stops the sandbox.
    macro_rules! connected {
        (|$ctx:ident| $body:expr) => {{
            let $ctx = Context::connect(settings).await?;
            let result = $body;
            $ctx.close().await;
            result
        }};
    }
    let Some(command) = cli.command else {
        // Shown on the board before their first poll: checked like any typed ID.
        for id in &cli.dashboard.watch {
            checked_entry_id(id).map_err(|_| watch_failure(id))?;
        }
        dashboard::require_terminal()?;
        return connected!(|ctx| dashboard::run(&cli.dashboard, &ctx).await);
    };
    match command {
        Command::Sandbox(args) => sandbox::run(&args, &settings, out).await,
        Command::Create(args) => {
            // Flags are checked before anything starts, so a usage error costs nothing.
            let req = create::request(&args)?;
            connected!(|ctx| create::run(req, &ctx, out).await)
        }
        Command::Finish(args) => {
            let entry_id = finish::entry_id(&args)?;
            connected!(|ctx| finish::run(&entry_id, &ctx, out).await)
        }
        Command::Recover(_) => connected!(|ctx| recover::run(&ctx, out).await),
        Command::Status(args) => {
            for id in &args.entries {
                checked_entry_id(id)?;
            }
            connected!(|ctx| status::run(&args, &ctx, out).await)
        }
        Command::Watchdog(args) => {
            for id in &args.entries {
                checked_entry_id(id)?;
            }
            connected!(|ctx| watchdog::run(&args, &ctx, out).await)
        }
        Command::Links(args) => {
            checked_entry_id(&args.entry)?;
            connected!(|ctx| links::run(&args, &ctx, out).await)
        }
        Command::Studio(args) => {
            checked_entry_id(&args.entry)?;
            connected!(|ctx| studio::run(&args, &ctx, out).await)
        }
        Command::GoLive(args) => {
            let req = live::request("golive", &args.entry, LiveAction::GoLive, args.yes)?;
            connected!(|ctx| live::run(req, &ctx, out).await)
        }
        Command::End(args) => {
            let req = live::request("end", &args.entry, LiveAction::End, args.yes)?;
            connected!(|ctx| live::run(req, &ctx, out).await)
        }
        Command::Recording(sub) => {
            let (name, args, action) = match &sub {
                RecordingCommand::Pause(a) => ("recording pause", a, LiveAction::PauseRecording),
                RecordingCommand::Resume(a) => ("recording resume", a, LiveAction::ResumeRecording),
            };
            let req = live::request(name, &args.entry, action, args.yes)?;
            connected!(|ctx| live::run(req, &ctx, out).await)
        }
        Command::Redirect(args) => {
            let action = match &args.recording {
                Some(recording) if !args.clear => LiveAction::Redirect {
                    recording: recording.trim().to_string(),
                },
                _ => LiveAction::ClearRedirect,
            };
            let req = live::request("redirect", &args.entry, action, args.yes)?;
            connected!(|ctx| live::run(req, &ctx, out).await)
        }
        Command::Edit(args) => {
            let cmd = edit::request(&args)?;
            connected!(|ctx| edit::run(cmd, &ctx, out).await)
        }
        Command::Delete(args) => {
            let cmd = delete::request(&args)?;
            connected!(|ctx| delete::run(cmd, &ctx, out).await)
        }
        Command::Forget(args) => {
            checked_entry_id(&args.entry)?;
            connected!(|ctx| delete::forget(&args, &ctx, out).await)
        }
        Command::Completions(_) | Command::Man => unreachable!("answered before the configuration"),
        Command::Ks(args) => connected!(|ctx| ks::run(&args, &ctx, out)),
        Command::Tokens(TokensCommand::Prune(args)) => {
            tokens::check(&args)?;
            connected!(|ctx| tokens::prune(&args, &ctx, out).await)
        }
        Command::Config(ConfigCommand::Check(_)) => {
            connected!(|ctx| config_check::run(&ctx, out).await)
        }
    }
}

/// An ENTRY argument checked before connecting anywhere: empty or malformed is a usage error
/// (exit 2) with one sentence, rather than a request that fails in some unrelated way.
fn checked_entry_id(text: &str) -> Result<String, Failure> {
    crate::webcast::entry_id::check(text)
        .map(str::to_string)
        .map_err(|e| {
            Failure::Usage(format!(
                "ENTRY: {e}; give the live entry ID that `kwebcast create` printed"
            ))
        })
}

/// A bad `--watch ENTRY`, said as the same sentence as a bad `status ENTRY`, naming the flag.
fn watch_failure(id: &str) -> Failure {
    match crate::webcast::entry_id::check(id) {
        Ok(_) => Failure::Usage(format!("--watch {id:?} is not usable")),
        Err(e) => Failure::Usage(format!(
            "--watch: {e}; give the live entry ID that `kwebcast create` printed"
        )),
    }
}

/// Prints a clap error; help and version are successes (0), everything else is a usage error (2).
fn usage_error(e: clap::Error, json: bool) -> u8 {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            EXIT_OK
        }
        _ if json => {
            let text = shorten_quoted(&e.render().to_string());
            let first = text
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("invalid arguments")
                .trim_start_matches("error: ")
                .to_string();
            print_failure(&Failure::Usage(first), true, false, &Guard::default());
            EXIT_USAGE
        }
        _ => {
            // clap quotes the offending argument, which may carry escapes: each line is cleaned.
            eprint_guarded(
                shorten_quoted(&e.render().to_string()).trim_end_matches('\n'),
                &Guard::default(),
            );
            EXIT_USAGE
        }
    }
}

/// Clap quotes the offending value in full: a 100 KB argument would make a 100 KB message.
/// Cuts every quoted value longer than 80 characters to its start and its length.
fn shorten_quoted(text: &str) -> String {
    const KEEP: usize = 40;
    let mut out = String::with_capacity(text.len().min(4096));
    let mut rest = text;
    while let Some(open) = rest.find('\'') {
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        let Some(close) = rest.find('\'') else {
            break;
        };
        let quoted = &rest[..close];
        let count = quoted.chars().count();
        if count > 2 * KEEP {
            out.extend(quoted.chars().take(KEEP));
            out.push_str(&format!("…' ({count} characters)"));
        } else {
            out.push_str(quoted);
            out.push('\'');
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn huge_quoted_values_are_cut() {
        let huge = "9".repeat(100_000);
        let text = format!("error: invalid value '{huge}' for '--partner-id <ID>': too large\n");
        let short = super::shorten_quoted(&text);
        assert!(short.len() < 200, "{short}");
        assert!(short.contains("(100000 characters)"), "{short}");
        assert!(short.contains("'--partner-id <ID>'"), "{short}");
        assert_eq!(super::shorten_quoted("plain 'x' text"), "plain 'x' text");
        assert_eq!(super::shorten_quoted("odd ' quote"), "odd ' quote");
    }
}
