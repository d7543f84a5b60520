//! The clap definitions of the commands that change or remove an event after its creation
//! (`edit`, `delete`, `forget`) and of the shell conventions (`completions`, `man`); listed
//! in `args::Command` like every other command.

use crate::config::{AccountChoice, Overrides};
use clap::{Args, ValueEnum};

/// `kwebcast edit`.
#[derive(Debug, Clone, Args)]
pub struct EditArgs {
    /// Live entry ID
    #[arg(value_name = "ENTRY")]
    pub entry: String,
    /// New name
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// New description ("" clears it)
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// New start: RFC 3339 or "YYYY-MM-DD HH:MM" in --timezone; alone, the event keeps its length
    #[arg(long, value_name = "TIME")]
    pub start: Option<String>,
    /// New end: RFC 3339 or "YYYY-MM-DD HH:MM" in --timezone; alone, the event keeps its start
    #[arg(long, value_name = "TIME")]
    pub end: Option<String>,
    /// IANA time zone written into the event's metadata, and in which wall-clock --start/--end
    /// are read [default: the metadata keeps its zone; wall-clock times are read in the system's]
    #[arg(long, value_name = "TZ")]
    pub timezone: Option<String>,
    /// Presenter's name
    #[arg(long, value_name = "NAME")]
    pub presenter: Option<String>,
    /// Presenter's title
    #[arg(long, value_name = "TITLE")]
    pub presenter_title: Option<String>,
    /// Record the sessions or not; Kaltura refuses the change while an encoder is connected
    #[arg(long, value_enum, value_name = "on|off")]
    pub recording: Option<OnOff>,
    /// DVR (attendees rewind up to 60 minutes) or not; refused while an encoder is connected
    #[arg(long, value_enum, value_name = "on|off")]
    pub dvr: Option<OnOff>,
    /// Print the result as JSON
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub choice: AccountChoice,
    #[command(flatten)]
    pub account: Overrides,
}

/// A setting switched on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

impl OnOff {
    /// True for `on`.
    pub fn is_on(self) -> bool {
        self == OnOff::On
    }
}

/// `kwebcast delete`.
#[derive(Debug, Clone, Args)]
pub struct DeleteArgs {
    /// Live entry ID
    #[arg(value_name = "ENTRY")]
    pub entry: String,
    /// Delete the event's recordings too (listed before asking); by default they are kept
    #[arg(long)]
    pub with_recordings: bool,
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

/// `kwebcast forget`.
#[derive(Debug, Clone, Args)]
pub struct ForgetArgs {
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

/// `kwebcast completions`.
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}
