//! How a command fails: the kind decides the exit code (2 for usage and configuration, 1 for API
//! and runtime failures); the message is one sentence for the operator, the chain goes to the log.

use crate::config::ConfigError;

/// Exit code for success.
pub const EXIT_OK: u8 = 0;
/// Exit code for an API or runtime failure.
pub const EXIT_FAILURE: u8 = 1;
/// Exit code for a usage or configuration error.
pub const EXIT_USAGE: u8 = 2;
/// Exit code of `kwebcast watchdog --exit-on-alert` once an alert appeared.
pub const EXIT_ALERT: u8 = 3;

/// Why a command failed, as the operator needs to hear it.
#[derive(Debug)]
pub enum Failure {
    /// Bad flags or arguments that clap could not catch (an end before the start...).
    Usage(String),
    /// A configuration refused by `config::load`.
    Config(ConfigError),
    /// Kaltura answered with an exception, or could not be reached.
    Api {
        /// One sentence.
        message: String,
        /// Kaltura's code (`ENTRY_ID_NOT_FOUND`) when there is one.
        code: Option<String>,
    },
    /// Anything else; the message is the top of the chain, the full chain is logged.
    Runtime(anyhow::Error),
    /// An action that makes no sense for the event now (Go Live twice, pausing a recording that
    /// is off): refused before anything was sent.
    Refused(String),
    /// The operator answered no to an action's question: nothing was sent.
    Cancelled(String),
    /// `watchdog --exit-on-alert` saw an alert (already printed): not a failure of the
    /// command, an answer for the script that ran it.
    Alerted(String),
}

impl Failure {
    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) | Failure::Config(_) => EXIT_USAGE,
            Failure::Api { .. }
            | Failure::Runtime(_)
            | Failure::Refused(_)
            | Failure::Cancelled(_) => EXIT_FAILURE,
            Failure::Alerted(_) => EXIT_ALERT,
        }
    }

    /// Nothing to print at exit: what it is about was printed already (the alert).
    pub fn is_silent(&self) -> bool {
        matches!(self, Failure::Alerted(_))
    }

    /// The `kind` field of a JSON error.
    pub fn kind(&self) -> &'static str {
        match self {
            Failure::Usage(_) => "usage",
            Failure::Config(_) => "config",
            Failure::Api { .. } => "api",
            Failure::Runtime(_) => "runtime",
            Failure::Refused(_) => "refused",
            Failure::Cancelled(_) => "cancelled",
            Failure::Alerted(_) => "alert",
        }
    }

    /// The one sentence shown to the operator (before scrubbing); for runtime failures, the
    /// whole cause chain joined by colons.
    pub fn message(&self) -> String {
        match self {
            Failure::Usage(m) => m.clone(),
            Failure::Config(e) => e.to_string(),
            Failure::Api { message, .. } => message.clone(),
            Failure::Runtime(e) => chain_once(e),
            Failure::Refused(m) | Failure::Cancelled(m) | Failure::Alerted(m) => m.clone(),
        }
    }

    /// Kaltura's error code, if any.
    pub fn code(&self) -> Option<&str> {
        match self {
            Failure::Api { code, .. } => code.as_deref(),
            _ => None,
        }
    }
}

/// The cause chain joined by colons, each cause said once: an error whose own message already
/// quotes its source ("cannot listen on X: Address already in use") does not get the source
/// repeated after it.
fn chain_once(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

impl From<ConfigError> for Failure {
    fn from(e: ConfigError) -> Self {
        Failure::Config(e)
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Runtime(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot listen on 127.0.0.1:8089: {source}")]
    struct Quoting {
        source: std::io::Error,
    }

    #[test]
    fn a_cause_already_quoted_is_not_repeated() {
        let io = std::io::Error::new(std::io::ErrorKind::AddrInUse, "Address already in use");
        let e = anyhow::Error::new(Quoting { source: io }).context("cannot start");
        assert_eq!(
            Failure::Runtime(e).message(),
            "cannot start: cannot listen on 127.0.0.1:8089: Address already in use"
        );
    }
}
