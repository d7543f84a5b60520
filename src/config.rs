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

/// The options every command shares. Declared `global` so they work before or after the
/// subcommand (`kwebcast --profile prod status X` and `kwebcast status X --profile prod`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct GlobalArgs {
    /// Read settings from FILE [default: $KWEBCAST_CONFIG, else ~/.config/kwebcast/config.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Use the [profiles.NAME] section of the config file [env: KWEBCAST_PROFILE]
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// Use the built-in in-process sandbox even when an account is configured
    #[arg(long, global = true)]
    pub sandbox: bool,
    /// Trace requests (secrets and KSs redacted) to the log file; -vv for more
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Per-command account flags, merged in by the CLI (they are not global because the
    /// `sandbox` command has its own `--partner-id`).
    #[arg(skip)]
    pub overrides: Overrides,
}

/// Account settings that may be given as flags, overriding the environment and the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, clap::Args)]
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
