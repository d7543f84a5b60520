//! The command line, declared once with clap derive. Every command has `--help`; the flags that
//! print results take `--json` (the contract is in `docs/cli.md`).

use crate::config::{AccountChoice, GlobalArgs, Overrides};
use clap::{Args, Parser, Subcommand, ValueEnum};

pub use super::manage_args::{CompletionsArgs, DeleteArgs, EditArgs, ForgetArgs};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Create Kaltura webcast events, watch them go live, hand out attendee and moderator links.
///
/// Without a subcommand, opens the dashboard. With no account configured, everything runs
/// against the built-in Kaltura sandbox and says so.
#[derive(Debug, Parser)]
#[command(
    name = "kwebcast",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(
    after_help = "Exit codes: 0 success, 1 API or runtime failure, 2 usage or configuration error, \
3 an alert (watchdog --exit-on-alert).\n\
Configuration: flags > KALTURA_*/KWEBCAST_* environment > config file (--config, KWEBCAST_CONFIG, \
~/.config/kwebcast/config.toml) > defaults. Logs: ~/.local/state/kwebcast/kwebcast.log."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub choice: AccountChoice,
    #[command(flatten)]
    pub account: Overrides,
    #[command(flatten)]
    pub dashboard: DashboardArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Flags of the dashboard (the default command).
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Dashboard")]
pub struct DashboardArgs {
    /// Enable mouse support (clicks select rows and tabs)
    #[arg(long)]
    pub mouse: bool,
    /// Watch this entry from the start (repeatable)
    #[arg(long = "watch", value_name = "ENTRY")]
    pub watch: Vec<String>,
    /// No colours (also when NO_COLOR is set); states stay readable as words
    #[arg(long)]
    pub no_color: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the built-in Kaltura API sandbox over HTTP until Ctrl-C
    Sandbox(SandboxArgs),
    /// Create a webcast event (live entry, metadata, Studio launch)
    Create(CreateArgs),
    /// Complete an event whose create failed midway (metadata, conversion profile, editors)
    Finish(FinishArgs),
    /// Settle interrupted creates: look each pending one up by its reference and journal it
    Recover(RecoverArgs),
    /// Show events' states and what attendees see; --watch follows transitions
    Status(StatusArgs),
    /// Watch the day's events and print each alert as it appears (late start, not live,
    /// overrun, encoder lost, no recording; starting soon as a warning)
    Watchdog(WatchdogArgs),
    /// Print an event's attendee, embed and moderator links (QR codes, clipboard)
    Links(LinksArgs),
    /// Print how to launch the Kaltura Webcasting Studio for an event
    Studio(StudioArgs),
    /// Go Live: let attendees in (asks first; --yes when not on a terminal)
    #[command(name = "golive")]
    GoLive(LiveArgs),
    /// End the event for attendees (the encoder may keep pushing; asks first)
    End(LiveArgs),
    /// Pause or resume the event's recording while it is live (asks first)
    #[command(subcommand)]
    Recording(RecordingCommand),
    /// Send viewers to one of the event's recordings, or stop with --clear (asks first)
    #[command(
        override_usage = "kwebcast redirect [OPTIONS] <ENTRY> <RECORDING>\n       kwebcast redirect [OPTIONS] <ENTRY> --clear"
    )]
    Redirect(RedirectArgs),
    /// Change an event: name, description, schedule, presenter, recording, DVR
    Edit(EditArgs),
    /// Delete an event from Kaltura (its recordings are kept unless --with-recordings; asks first)
    Delete(DeleteArgs),
    /// Drop an event from the board and the journal; nothing changes on Kaltura
    Forget(ForgetArgs),
    /// Sign a Kaltura Session (KS) for the configured partner
    Ks(KsArgs),
    /// Manage the app tokens kwebcast made for links (prune the expired ones)
    #[command(subcommand)]
    Tokens(TokensCommand),
    /// Inspect the configuration
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print a shell completion script (bash, zsh, fish, powershell) to stdout
    Completions(CompletionsArgs),
    /// Print the man page (roff) to stdout
    Man,
}

/// `kwebcast sandbox`.
#[derive(Debug, Clone, Args)]
pub struct SandboxArgs {
    /// Address to listen on (port 0 picks a free one)
    #[arg(long, default_value = "127.0.0.1:8089", value_name = "ADDR:PORT")]
    pub bind: SocketAddr,
    /// Partner ID the sandbox simulates [default: 1000]
    #[arg(long, value_name = "ID")]
    pub partner_id: Option<i64>,
    /// Admin secret of the simulated partner (visible to `ps`: prefer --admin-secret-file or
    /// KWEBCAST_SANDBOX_ADMIN_SECRET) [default: random, printed once]
    #[arg(long, value_name = "SECRET", conflicts_with = "admin_secret_file")]
    pub admin_secret: Option<String>,
    /// Read the simulated partner's admin secret from FILE (readable by you only: chmod 600)
    #[arg(long, value_name = "FILE")]
    pub admin_secret_file: Option<PathBuf>,
    /// Speed up the simulated lifecycle delays (2 = twice as fast); clocks stay real
    #[arg(long, default_value_t = 1.0, value_name = "FACTOR")]
    pub speed: f64,
    /// Simulate an encoder that connects and goes live this many seconds after creation
    #[arg(long, value_name = "SECS")]
    pub auto_live_after: Option<f64>,
    /// Added latency per request, in milliseconds
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub latency_ms: u64,
    /// Fraction (0..1) of API calls answered with an internal error
    #[arg(long, default_value_t = 0.0, value_name = "RATE")]
    pub fail_rate: f64,
    /// How far the search index lags writes, in milliseconds [default: 2000 divided by --speed]
    #[arg(long, value_name = "MS")]
    pub index_lag_ms: Option<u64>,
    /// Keep the sandbox's data (and its admin secret, unless you choose one) in this file
    /// across restarts
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Start over: without --state, delete the in-process sandbox's data (events, secrets) in
    /// the data directory and exit; with --state FILE, empty FILE first, then serve
    #[arg(long)]
    pub reset: bool,
    /// Allow binding to a non-loopback address (the sandbox has no real security)
    #[arg(long)]
    pub allow_remote: bool,
}

/// `kwebcast create`.
#[derive(Debug, Clone, Args)]
pub struct CreateArgs {
    /// The event's name
    #[arg(long)]
    pub name: String,
    /// The event's description
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// Start: RFC 3339 or "YYYY-MM-DD HH:MM" in --timezone [default: now]; a past start is
    /// accepted (with a warning) for an event already under way
    #[arg(long, value_name = "TIME")]
    pub start: Option<String>,
    /// End: RFC 3339 or "YYYY-MM-DD HH:MM" in --timezone [default: an hour after the start]
    #[arg(long, value_name = "TIME", requires = "start")]
    pub end: Option<String>,
    /// IANA time zone for wall-clock times and the event metadata [default: the system's]
    #[arg(long, value_name = "TZ")]
    pub timezone: Option<String>,
    /// Presenter's name
    #[arg(long, value_name = "NAME")]
    pub presenter: Option<String>,
    /// Presenter's title, shown under the name (the dashboard's "Presenter title")
    #[arg(long, value_name = "TITLE")]
    pub presenter_title: Option<String>,
    /// Do not record the sessions
    #[arg(long)]
    pub no_recording: bool,
    /// No DVR (by default attendees can rewind up to 60 minutes, as the seed sets it)
    #[arg(long)]
    pub no_dvr: bool,
    /// DVR on (the default; kept for scripts written when it was off by default)
    #[arg(long, hide = true, conflicts_with = "no_dvr")]
    pub dvr: bool,
    /// Your own reference (idempotency key): the same --ref twice does not create twice
    #[arg(long = "ref", value_name = "KEY")]
    pub reference: Option<String>,
    /// Print the result as JSON
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub choice: AccountChoice,
    #[command(flatten)]
    pub account: Overrides,
}

/// `kwebcast finish`.
#[derive(Debug, Clone, Args)]
pub struct FinishArgs {
    /// Live entry ID of an event `kwebcast create` made (it is read back from the journal)
    #[arg(value_name = "ENTRY")]
    pub entry: String,
    /// Print the result as JSON
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub choice: AccountChoice,
    #[command(flatten)]
    pub account: Overrides,
}

/// `kwebcast recover`.
#[derive(Debug, Clone, Args)]
pub struct RecoverArgs {
    /// Print the result as JSON
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub choice: AccountChoice,
    #[command(flatten)]
    pub account: Overrides,
}

/// `kwebcast status`.
#[derive(Debug, Clone, Args)]
pub struct StatusArgs {
    /// Live entry IDs
    #[arg(
        value_name = "ENTRY",
        required_unless_present_any = ["upcoming", "live", "past"]
    )]
    pub entries: Vec<String>,
    /// Print the result as JSON (one object per line with --watch)
    #[arg(long)]
    pub json: bool,
    /// Instead of ENTRY…: the account's webcasts not over yet, soonest start first (50 a page)
    #[arg(long, group = "account_view", conflicts_with_all = ["entries", "watch"])]
    pub upcoming: bool,
    /// Instead of ENTRY…: the account's webcasts with an encoder connected
    #[arg(long, group = "account_view", conflicts_with_all = ["entries", "watch"])]
    pub live: bool,
    /// Instead of ENTRY…: the account's webcasts that ended, the latest first, with recordings
    #[arg(long, group = "account_view", conflicts_with_all = ["entries", "watch"])]
    pub past: bool,
    /// Which page of 50 with --upcoming, --live or --past [default: 1]
    #[arg(long, value_name = "N", requires = "account_view", value_parser = clap::value_parser!(u32).range(1..))]
    pub page: Option<u32>,
    /// Keep polling and print each state change with a timestamp until interrupted
    #[arg(long)]
    pub watch: bool,
    /// Seconds between polls with --watch [default: poll_interval from the config]
    #[arg(long, value_name = "SECS", requires = "watch")]
    pub interval: Option<u64>,
    #[command(flatten)]
    pub choice: AccountChoice,
    #[command(flatten)]
    pub account: Overrides,
}

/// `kwebcast watchdog`.
#[derive(Debug, Clone, Args)]
pub struct WatchdogArgs {
    /// Live entry IDs to watch besides the journal's events (as the dashboard does)
    #[arg(value_name = "ENTRY")]
    pub entries: Vec<String>,
    /// Print one JSON object per alert
    #[arg(long)]
    pub json: bool,
    /// Exit with code 3 at the first alert (warnings do not count), after printing it
    #[arg(long)]
    pub exit_on_alert: bool,
    #[command(flatten)]
    pub choice: AccountChoice,
    #[command(flatten)]
    pub account: Overrides,
}

/// `kwebcast links`.
#[derive(Debug, Clone, Args)]
pub struct LinksArgs {
    /// Live entry ID
    #[arg(value_name = "ENTRY")]
    pub entry: String,
    /// Print the result as JSON
    #[arg(long)]
    pub json: bool,
    /// Print each link as a QR code a phone can scan (the attendee's encodes its short link
    /// when the account has Kaltura's short-link service)
    #[arg(long)]
    pub qr: bool,
    /// The attendee QR encodes the full link (with its KS), not the short link
    #[arg(long, conflicts_with = "no_ks")]
    pub full: bool,
    /// The attendee QR encodes the link without a KS: plays only public entries (no access
    /// control demanding a KS), but is small without the short-link service
    #[arg(long)]
    pub no_ks: bool,
    /// Copy the attendee link to the clipboard (and say how)
    #[arg(long)]
    pub copy: bool,
    #[command(flatten)]
    pub choice: AccountChoice,
    #[command(flatten)]
    pub account: Overrides,
}

/// `kwebcast studio`.
#[derive(Debug, Clone, Args)]
pub struct StudioArgs {
    /// Live entry ID
    #[arg(value_name = "ENTRY")]
    pub entry: String,
    /// Print the result as JSON
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub choice: AccountChoice,
    #[command(flatten)]
    pub account: Overrides,
}

/// `kwebcast golive|end|recording pause|recording resume ENTRY`.
#[derive(Debug, Clone, Args)]
pub struct LiveArgs {
    /// Live entry ID
    #[arg(value_name = "ENTRY")]
    pub entry: String,
    /// Do it without asking (required when not on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Print the result as JSON
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub choice: AccountChoice,
    #[command(flatten)]
    pub account: Overrides,
}

/// `kwebcast recording ...`.
#[derive(Debug, Subcommand)]
pub enum RecordingCommand {
    /// Pause the recording (attendees keep watching; the recording skips until resumed)
    Pause(LiveArgs),
    /// Resume the recording
    Resume(LiveArgs),
}

/// `kwebcast redirect ENTRY RECORDING|--clear`.
#[derive(Debug, Clone, Args)]
pub struct RedirectArgs {
    /// Live entry ID
    #[arg(value_name = "ENTRY")]
    pub entry: String,
    /// Entry ID of one of the event's recordings (`kwebcast status ENTRY` lists them)
    #[arg(
        value_name = "RECORDING",
        required_unless_present = "clear",
        conflicts_with = "clear"
    )]
    pub recording: Option<String>,
    /// Stop sending viewers to a recording (attendees follow the event again)
    #[arg(long)]
    pub clear: bool,
    /// Do it without asking (required when not on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Print the result as JSON
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub choice: AccountChoice,
    #[command(flatten)]
    pub account: Overrides,
}

/// Session types for `kwebcast ks`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KsType {
    /// An admin session (all services)
    Admin,
    /// A user session, limited by its privileges
    User,
}

/// KS formats for `kwebcast ks`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KsFormat {
    /// Signed, readable
    V1,
    /// Encrypted (what session.start returns today)
    V2,
}

/// `kwebcast ks`.
#[derive(Debug, Clone, Args)]
pub struct KsArgs {
    /// Session type
    #[arg(long = "type", value_enum, value_name = "TYPE")]
    pub session_type: KsType,
    /// The session's user [default: admin_email for admin, user_id for user]
    #[arg(long, value_name = "ID")]
    pub user: Option<String>,
    /// Kaltura privileges, comma-separated (e.g. "sview:0_abc123de,enableentitlement")
    #[arg(long, default_value = "", value_name = "P")]
    pub privileges: String,
    /// Lifetime in seconds [default: admin_ks_expiry or attendee_ks_expiry from the config]
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(i64).range(1..))]
    pub expiry: Option<i64>,
    /// KS format [default: ks_format from the config, else v2]
    #[arg(long, value_enum)]
    pub format: Option<KsFormat>,
    /// Print the result as JSON
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub choice: AccountChoice,
    #[command(flatten)]
    pub account: Overrides,
}

/// `kwebcast tokens ...`.
#[derive(Debug, Subcommand)]
pub enum TokensCommand {
    /// Delete the expired app tokens kwebcast minted link KSs from (asks first)
    Prune(PruneArgs),
}

/// `kwebcast tokens prune`.
#[derive(Debug, Clone, Args)]
pub struct PruneArgs {
    /// Delete without asking (required when not on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Print the result as JSON
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub choice: AccountChoice,
    #[command(flatten)]
    pub account: Overrides,
}

/// `kwebcast config ...`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate the configuration and prove the credentials with one harmless API call
    Check(CheckArgs),
}

/// `kwebcast config check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Print the result as JSON
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub choice: AccountChoice,
    #[command(flatten)]
    pub account: Overrides,
}

impl Command {
    /// Whether the command was asked for JSON output.
    pub fn json(&self) -> bool {
        match self {
            Command::Sandbox(_) | Command::Completions(_) | Command::Man => false,
            Command::Create(a) => a.json,
            Command::Finish(a) => a.json,
            Command::Recover(a) => a.json,
            Command::Status(a) => a.json,
            Command::Watchdog(a) => a.json,
            Command::Links(a) => a.json,
            Command::Studio(a) => a.json,
            Command::GoLive(a) | Command::End(a) => a.json,
            Command::Recording(RecordingCommand::Pause(a) | RecordingCommand::Resume(a)) => a.json,
            Command::Redirect(a) => a.json,
            Command::Edit(a) => a.json,
            Command::Delete(a) => a.json,
            Command::Forget(a) => a.json,
            Command::Ks(a) => a.json,
            Command::Tokens(TokensCommand::Prune(a)) => a.json,
            Command::Config(ConfigCommand::Check(a)) => a.json,
        }
    }

    /// The command's own account choice (`--config`, `--profile`, `--sandbox`); `None` for
    /// `sandbox`, which takes none.
    pub fn choice(&self) -> Option<&AccountChoice> {
        self.account_flags().map(|(choice, _)| choice)
    }

    /// The command's own account flags.
    pub fn account(&self) -> Option<&Overrides> {
        self.account_flags().map(|(_, account)| account)
    }

    /// Both account flag groups of the command, from one list of the commands that take them.
    fn account_flags(&self) -> Option<(&AccountChoice, &Overrides)> {
        macro_rules! both {
            ($a:expr) => {
                Some((&$a.choice, &$a.account))
            };
        }
        match self {
            Command::Sandbox(_) | Command::Completions(_) | Command::Man => None,
            Command::Create(a) => both!(a),
            Command::Finish(a) => both!(a),
            Command::Recover(a) => both!(a),
            Command::Status(a) => both!(a),
            Command::Watchdog(a) => both!(a),
            Command::Links(a) => both!(a),
            Command::Studio(a) => both!(a),
            Command::GoLive(a) | Command::End(a) => both!(a),
            Command::Recording(RecordingCommand::Pause(a) | RecordingCommand::Resume(a)) => {
                both!(a)
            }
            Command::Redirect(a) => both!(a),
            Command::Edit(a) => both!(a),
            Command::Delete(a) => both!(a),
            Command::Forget(a) => both!(a),
            Command::Ks(a) => both!(a),
            Command::Tokens(TokensCommand::Prune(a)) => both!(a),
            Command::Config(ConfigCommand::Check(a)) => both!(a),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
