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
    /// A key no knob answers to, most often a misspelling; `suggestion` names the nearest
    /// known key (" (did you mean `profiles`?)") when one is close.
    #[error(
        "config file {path} has an unknown key `{key}`{section}{suggestion}; remove it or correct its spelling (every key is listed in config/kwebcast.example.toml)"
    )]
    UnknownKey {
        path: PathBuf,
        key: String,
        section: String,
        suggestion: String,
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
    /// A partner ID with neither a secret nor an app token to open its sessions. `fix` is said
    /// in the syntax of the place the partner ID came from (environment names for a variable,
    /// TOML for the file).
    #[error(
        "{origin} sets partner_id but no admin secret or app token is configured for it; {fix}"
    )]
    MissingSecret { origin: String, fix: String },
    /// A secret with no partner to sign for.
    #[error("{origin} provides an admin secret but no partner_id; {fix}")]
    MissingPartner { origin: String, fix: String },
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
    /// An app token with no partner to open sessions for.
    #[error("{origin} provides an app token but no partner_id; {fix}")]
    TokenWithoutPartner { origin: String, fix: String },
    /// A token value without the token's ID.
    #[error(
        "{origin} provides an app token but no app_token_id; add app_token_id = \"ID\" (the token's ID, such as 0_ab12cd34) beside it, or set KALTURA_APP_TOKEN_ID"
    )]
    TokenWithoutId { origin: String },
    /// A token ID without the token's value.
    #[error(
        "{origin} sets app_token_id but no app token; add app_token_file = \"PATH\" (a file holding the token, mode 600) beside it, or set KALTURA_APP_TOKEN"
    )]
    TokenIdWithoutToken { origin: String },
    /// Both `app_token` and `app_token_file` in one place.
    #[error(
        "{origin} sets both app_token and app_token_file; keep only one of them (app_token_file is safer)"
    )]
    TwoTokens { origin: String },
    /// `app_token_file` could not be read.
    #[error(
        "cannot read the app token file {path} (app_token_file in {origin}): {reason}; check the path"
    )]
    TokenFileUnreadable {
        path: PathBuf,
        origin: String,
        reason: String,
    },
    /// `app_token_file` is readable by others: the token would not be a secret.
    #[error(
        "the app token file {path} (app_token_file in {origin}) can be read by other users; run `chmod 600 {path}`"
    )]
    TokenFileTooOpen { path: PathBuf, origin: String },
    /// `app_token_file` holds nothing.
    #[error(
        "the app token file {path} (app_token_file in {origin}) is empty; put the app token in it"
    )]
    TokenFileEmpty { path: PathBuf, origin: String },
}
