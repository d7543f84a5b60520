//! Settings: every knob of the seed app plus kwebcast's own, from flags, the environment, a TOML
//! file with named profiles, and defaults — in that order of precedence.
//!
//! A bad configuration is refused here, before any terminal work, with a [`ConfigError`] that is
//! one sentence naming the file (or variable), the field and the fix; the CLI exits with code 2.
//! No credentials at all is not an error: it selects the built-in sandbox (see `bootstrap`).

mod app_token;
mod error;
mod file;
mod knobs;
mod load;
mod paths;
mod settings;
mod values;

#[cfg(test)]
mod tests;

pub use error::ConfigError;
pub use file::readable_by_others;
pub use knobs::{KNOBS, Knob};
pub use load::insecure_warning;
pub use load::load;
pub use paths::AppDirs;
pub use settings::{
    ClipboardPolicy, DEFAULT_MAX_ANSWER_MB, DEFAULT_MODERATOR_URL, DEFAULT_REQUEST_TIMEOUT_SECS,
    DEFAULT_SANDBOX_SPEED, DEFAULT_SERVICE_URL, SAAS_CDN_URL, Settings, Theme,
};

use std::path::PathBuf;

/// What [`load`] reads the settings with: the account choice (from the top level and the
/// command, merged by the CLI), the verbosity and the account flags. Only `--verbose` is a clap
/// argument here (global: it works before or after the subcommand, `sandbox` included); the
/// rest is filled in from [`AccountChoice`] and [`Overrides`].
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Settings file (from [`AccountChoice::config`]).
    #[arg(skip)]
    pub config: Option<PathBuf>,
    /// Profile name (from [`AccountChoice::profile`]).
    #[arg(skip)]
    pub profile: Option<String>,
    /// Force the sandbox (from [`AccountChoice::sandbox`]).
    #[arg(skip)]
    pub sandbox: bool,
    /// Trace requests (secrets and KSs redacted) to the log file; -vv for more
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Per-command account flags, merged in by the CLI (they are not global because the
    /// `sandbox` command has its own `--partner-id`).
    #[arg(skip)]
    pub overrides: Overrides,
}

/// Which account a command talks to. Given before or after the command
/// (`kwebcast --profile prod status X` and `kwebcast status X --profile prod`), but only to
/// commands that talk to an account: `kwebcast sandbox` serves its own and takes none of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, clap::Args)]
#[command(next_help_heading = "Account")]
pub struct AccountChoice {
    /// Read settings from FILE [default: $KWEBCAST_CONFIG, else ~/.config/kwebcast/config.toml]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Use the [profiles.NAME] section of the config file [env: KWEBCAST_PROFILE]
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Use the built-in in-process sandbox even when an account is configured (complete or not)
    #[arg(long)]
    pub sandbox: bool,
}

impl AccountChoice {
    /// Fills every unset field from `other` (the command's flags win over the top level's).
    pub fn or(self, other: &AccountChoice) -> AccountChoice {
        AccountChoice {
            config: self.config.or_else(|| other.config.clone()),
            profile: self.profile.or_else(|| other.profile.clone()),
            sandbox: self.sandbox || other.sandbox,
        }
    }

    /// Whether any of them was given.
    pub fn is_given(&self) -> bool {
        self.config.is_some() || self.profile.is_some() || self.sandbox
    }
}

/// Account settings that may be given as flags, overriding the environment and the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, clap::Args)]
#[command(next_help_heading = "Account")]
pub struct Overrides {
    /// Kaltura partner ID [env: KALTURA_PARTNER_ID]
    #[arg(long, value_name = "ID")]
    pub partner_id: Option<i64>,
    /// Kaltura service URL [env: KALTURA_SERVICE_URL] [default: https://www.kaltura.com/]
    #[arg(long, value_name = "URL")]
    pub service_url: Option<String>,
    /// User of the admin KS [env: KALTURA_ADMIN_EMAIL]
    #[arg(long, value_name = "EMAIL")]
    pub admin_email: Option<String>,
    /// Player uiConf ID for attendee links [env: KALTURA_UICONF_ID]
    #[arg(long, value_name = "ID")]
    pub uiconf_id: Option<i64>,
    /// Attendee user ID in attendee KSs [env: KALTURA_USER_ID]
    #[arg(long, value_name = "ID")]
    pub user_id: Option<String>,
}

impl Overrides {
    /// Fills every unset field from `other` (the subcommand's flags win over the top level's).
    pub fn or(self, other: &Overrides) -> Overrides {
        Overrides {
            partner_id: self.partner_id.or(other.partner_id),
            service_url: self.service_url.or_else(|| other.service_url.clone()),
            admin_email: self.admin_email.or_else(|| other.admin_email.clone()),
            uiconf_id: self.uiconf_id.or(other.uiconf_id),
            user_id: self.user_id.or_else(|| other.user_id.clone()),
        }
    }
}
