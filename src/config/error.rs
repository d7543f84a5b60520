//! Why a configuration was refused: one variant per mistake, each displayed as one sentence that
//! names the file (or variable), the field and the fix. The CLI prints it and exits with code 2
//! before the terminal is touched. No variant ever holds a secret's value.

use std::path::PathBuf;

/// A configuration that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The config file named by `--config` or `KWEBCAST_CONFIG` (or found at the XDG path) could
    /// not be read.
    #[error(
        "cannot read config file {path} (given by {given_by}): {reason}; check the path and its permissions"
    )]
    Unreadable {
        path: PathBuf,
        given_by: String,
        reason: String,
    },
    /// The file is not TOML.
    #[error("config file {path} is not valid TOML ({detail}); fix the syntax at that place")]
    Syntax { path: PathBuf, detail: String },
    /// A key no knob answers to, most often a misspelling.
    #[error(
        "config file {path} has an unknown key `{key}`{section}; remove it or correct its spelling (every key is listed in config/kwebcast.example.toml)"
    )]
    UnknownKey {
        path: PathBuf,
        key: String,
        section: String,
    },
    /// A value of the wrong TOML type, or an environment string that does not read as one.
    #[error("{origin}: `{key}` must be {expected}; {fix}")]
    WrongType {
        origin: String,
        key: String,
        expected: String,
        fix: String,
    },
    /// A value of the right type that is still unusable (a malformed URL, a zero interval...).
    #[error("{origin}: `{key}` {problem}; {fix}")]
    BadValue {
        origin: String,
        key: String,
        problem: String,
        fix: String,
    },
    /// `--profile NAME` (or `default_profile`/`KWEBCAST_PROFILE`) names a profile the file lacks.
    #[error(
        "profile `{profile}` (selected by {given_by}) is not in {file}; use one of the profiles it has ({known}) or add a [profiles.{profile}] section"
    )]
    UnknownProfile {
        profile: String,
        given_by: String,
        file: String,
        known: String,
    },
    /// A profile was asked for but there is no config file to hold it.
    #[error(
        "profile `{profile}` (selected by {given_by}) needs a config file, and none was found at {looked_for}; create it with a [profiles.{profile}] section, or pass --config FILE"
    )]
    ProfileWithoutFile {
        profile: String,
        given_by: String,
        looked_for: PathBuf,
    },
    /// A partner ID with no secret to sign its KSs.
    #[error(
        "{origin} sets partner_id but no admin secret is configured for it; add admin_secret_file = \"PATH\" beside it, or set KALTURA_ADMIN_SECRET (remove partner_id to use the built-in sandbox)"
    )]
    MissingSecret { origin: String },
    /// A secret with no partner to sign for.
    #[error(
        "{origin} provides an admin secret but no partner_id; add partner_id beside it or set KALTURA_PARTNER_ID"
    )]
    MissingPartner { origin: String },
    /// Both `admin_secret` and `admin_secret_file` in one place: which one is meant?
    #[error(
        "{origin} sets both admin_secret and admin_secret_file; keep only one of them (admin_secret_file is safer)"
    )]
    TwoSecrets { origin: String },
    /// `admin_secret_file` could not be read.
    #[error(
        "cannot read the admin secret file {path} (admin_secret_file in {origin}): {reason}; check the path"
    )]
    SecretFileUnreadable {
        path: PathBuf,
        origin: String,
        reason: String,
    },
    /// `admin_secret_file` is readable by others: the secret would not be a secret.
    #[error(
        "the admin secret file {path} (admin_secret_file in {origin}) can be read by other users; run `chmod 600 {path}`"
    )]
    SecretFileTooOpen { path: PathBuf, origin: String },
    /// `admin_secret_file` holds nothing.
    #[error(
        "the admin secret file {path} (admin_secret_file in {origin}) is empty; put the partner's admin secret in it"
    )]
    SecretFileEmpty { path: PathBuf, origin: String },
}
