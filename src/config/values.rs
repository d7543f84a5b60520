//! Raw setting values with the place each came from, and the one type check every source goes
//! through, so a wrong value in a flag, a variable or the file gets the same kind of message.

use super::error::ConfigError;
use super::knobs::{Kind, Knob, parse_duration, quoted_list};
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use toml::Value;

/// Where a value came from; printed at the start of every message about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A command-line flag, e.g. `--partner-id`.
    Flag(&'static str),
    /// An environment variable.
    Env(&'static str),
    /// The config file, at the top or inside `[profiles.NAME]`.
    File {
        path: PathBuf,
        profile: Option<String>,
    },
}

impl Origin {
    /// The value was written in the config file (TOML syntax applies to fixes).
    pub fn is_file(&self) -> bool {
        matches!(self, Origin::File { .. })
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag(flag) => write!(f, "flag {flag}"),
            Origin::Env(var) => write!(f, "environment variable {var}"),
            Origin::File {
                path,
                profile: None,
            } => write!(f, "config file {}", path.display()),
            Origin::File {
                path,
                profile: Some(p),
            } => write!(f, "config file {} [profiles.{p}]", path.display()),
        }
    }
}

/// One checked value and its origin.
#[derive(Clone)]
pub struct Entry {
    /// Normalised: durations are seconds, choices lower-case, URLs trimmed.
    pub value: Value,
    /// Where it came from.
    pub origin: Origin,
    /// The value is the admin secret: Debug prints `[redacted]` instead.
    secret: bool,
}

impl Entry {
    /// An entry for `knob`; remembering whether the knob is the secret keeps `{:?}` of any
    /// layer or config file from printing an inline `admin_secret`.
    pub fn new(knob: &Knob, value: Value, origin: Origin) -> Entry {
        Entry {
            value,
            origin,
            secret: knob.kind == Kind::Secret,
        }
    }
}

impl fmt::Debug for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Entry");
        if self.secret {
            s.field("value", &format_args!("[redacted]"));
        } else {
            s.field("value", &self.value);
        }
        s.field("origin", &self.origin).finish()
    }
}

/// The values one source provides, by knob key.
pub type Layer = BTreeMap<&'static str, Entry>;

/// Reads an environment string as the knob's kind, then checks it like any other value.
pub fn from_env(knob: &Knob, text: &str) -> Result<Value, ConfigError> {
    let origin = Origin::Env(knob.env);
    let value = match knob.kind {
        Kind::Int => match text.trim().parse::<i64>() {
            Ok(n) => Value::Integer(n),
            Err(_) => return Err(wrong_type(knob, &origin, "")),
        },
        Kind::Bool => match text.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Value::Boolean(true),
            "0" | "false" | "no" | "off" => Value::Boolean(false),
            _ => return Err(wrong_type(knob, &origin, "")),
        },
        _ => Value::String(text.to_string()),
    };
    check(knob, value, &origin)
}

/// Checks a value against its knob's kind and normalises it.
pub fn check(knob: &Knob, value: Value, origin: &Origin) -> Result<Value, ConfigError> {
    let got = type_name(&value);
    match (knob.kind, value) {
        (Kind::Int, Value::Integer(n)) => {
            if knob.key == "max_answer_mb" && n > MAX_ANSWER_MB {
                return Err(bad_value(
                    knob,
                    origin,
                    &format!("is above {MAX_ANSWER_MB} (MiB)"),
                    "use a number of MiB such as 8 (the default) or 64 for accounts with huge pages",
                ));
            }
            if n <= 0 {
                let fix = match knob.key {
                    "partner_id" | "uiconf_id" => {
                        "use the number shown in the KMC under Settings > Integration Settings"
                    }
                    _ => "use a whole number above zero",
                };
                return Err(bad_value(knob, origin, "must be a positive number", fix));
            }
            Ok(Value::Integer(n))
        }
        (Kind::Bool, Value::Boolean(b)) => Ok(Value::Boolean(b)),
        (Kind::Duration, Value::Integer(n)) => positive_secs(knob, origin, Some(n))
            .and_then(|v| capped_expiry(knob, origin, v))
            .and_then(|v| capped_timeout(knob, origin, v))
            .and_then(|v| capped_watchdog(knob, origin, v)),
        (Kind::Duration, Value::String(s)) => positive_secs(knob, origin, parse_duration(&s))
            .and_then(|v| capped_expiry(knob, origin, v))
            .and_then(|v| capped_timeout(knob, origin, v))
            .and_then(|v| capped_watchdog(knob, origin, v)),
        (Kind::Choice(words), Value::String(s)) => {
            let lower = s.trim().to_ascii_lowercase();
            if words.contains(&lower.as_str()) {
                Ok(Value::String(lower))
            } else {
                Err(bad_value(
                    knob,
                    origin,
                    &format!("is not one of {}", quoted_list(words)),
                    &format!("use one of {}", quoted_list(words)),
                ))
            }
        }
        (Kind::Url | Kind::Text | Kind::Path, Value::String(s))
            if !crate::text::is_clean_line(&s) =>
        {
            // The value is not echoed: it holds what a terminal would obey.
            Err(bad_value(
                knob,
                origin,
                "contains a control character, a line break or an invisible formatting \
                 character (bidi or zero-width)",
                "retype it as plain text",
            ))
        }
        (Kind::Url, Value::String(s)) => check_url(knob, origin, s.trim()).map(Value::String),
        (Kind::Text, Value::String(s)) if PRIVILEGE_KEYS.contains(&knob.key) => {
            check_privilege_text(knob, origin, s)
        }
        (Kind::Text | Kind::Path | Kind::Secret, Value::String(s)) => Ok(Value::String(s)),
        _ => Err(wrong_type(knob, origin, got)),
    }
}

/// Knobs whose text is written into KS privilege strings (`appid:…`, `sessionkey:…`) or into the
/// `;`-separated fields of a v1 KS: a `,`, `:` or `;` there would add privileges of its own
/// (`sview:*` in an attendee's KS).
const PRIVILEGE_KEYS: &[&str] = &[
    "app_id",
    "app_domain",
    "user_id",
    "moderator_user",
    "broadcaster_user",
];

/// Knobs that set how long a KS lives.
const KS_EXPIRY_KEYS: &[&str] = &[
    "admin_ks_expiry",
    "attendee_ks_expiry",
    "moderator_ks_expiry",
];

/// The largest answer cap accepted, MiB: above this the cap no longer protects the memory.
pub const MAX_ANSWER_MB: i64 = 4096;

/// The longest call deadline accepted, seconds: a call still running after an hour is hung.
pub const MAX_REQUEST_TIMEOUT_SECS: i64 = 3600;

/// The longest KS lifetime accepted: ten years, in seconds. Longer is surely a typo, and a
/// near-`i64::MAX` one would overflow the expiry time.
pub const MAX_KS_EXPIRY_SECS: i64 = 10 * 365 * 86_400;

fn check_privilege_text(knob: &Knob, origin: &Origin, s: String) -> Result<Value, ConfigError> {
    match s.chars().find(|c| matches!(c, ',' | ':' | ';')) {
        None => Ok(Value::String(s)),
        Some(c) => Err(bad_value(
            knob,
            origin,
            &format!("contains {c:?}, which would add privileges to the KSs it goes into"),
            "remove every ',', ':' and ';' from it",
        )),
    }
}

fn capped_expiry(knob: &Knob, origin: &Origin, value: Value) -> Result<Value, ConfigError> {
    match value {
        Value::Integer(n) if KS_EXPIRY_KEYS.contains(&knob.key) && n > MAX_KS_EXPIRY_SECS => {
            Err(bad_value(
                knob,
                origin,
                "is longer than ten years",
                &format!(
                    "use at most \"3650d\" ({MAX_KS_EXPIRY_SECS} seconds), and preferably far less"
                ),
            ))
        }
        other => Ok(other),
    }
}

/// The watchdog's durations (`watchdog_grace`, `watchdog_recording_wait`) are about one day's
/// events: longer than a day is surely a typo, and would silence the watchdog.
const MAX_WATCHDOG_SECS: i64 = 86_400;

/// Durations that may be zero.
const ZERO_ALLOWED_KEYS: &[&str] = &["watchdog_grace"];

fn capped_watchdog(knob: &Knob, origin: &Origin, value: Value) -> Result<Value, ConfigError> {
    match value {
        Value::Integer(n) if knob.key.starts_with("watchdog_") && n > MAX_WATCHDOG_SECS => {
            let default = if knob.key == "watchdog_grace" {
                "2m"
            } else {
                "15m"
            };
            Err(bad_value(
                knob,
                origin,
                "is longer than a day",
                &format!("use for example {} = \"{default}\" (the default)", knob.key),
            ))
        }
        other => Ok(other),
    }
}

fn capped_timeout(knob: &Knob, origin: &Origin, value: Value) -> Result<Value, ConfigError> {
    match value {
        Value::Integer(n) if knob.key == "request_timeout" && n > MAX_REQUEST_TIMEOUT_SECS => {
            Err(bad_value(
                knob,
                origin,
                "is longer than an hour",
                "use for example request_timeout = \"30s\" (the default) or \"2m\"",
            ))
        }
        other => Ok(other),
    }
}

fn positive_secs(knob: &Knob, origin: &Origin, secs: Option<i64>) -> Result<Value, ConfigError> {
    match secs {
        Some(n) if n > 0 => Ok(Value::Integer(n)),
        // No grace at all is a choice: alert the moment the start (or end) passes.
        Some(0) if ZERO_ALLOWED_KEYS.contains(&knob.key) => Ok(Value::Integer(0)),
        Some(_) => Err(bad_value(
            knob,
            origin,
            "must be longer than zero",
            &format!("write for example {} = \"30s\"", knob.key),
        )),
        None => Err(wrong_type(knob, origin, "")),
    }
}

fn check_url(knob: &Knob, origin: &Origin, text: &str) -> Result<String, ConfigError> {
    let fix = format!(
        "write a full URL such as {} = \"https://www.kaltura.com/\"",
        knob.key
    );
    match url::Url::parse(text) {
        // Never echoed: the password would land in the message, and from there in logs.
        Ok(u) if !u.username().is_empty() || u.password().is_some() => Err(bad_value(
            knob,
            origin,
            "carries a user name or password (user@ or user:password@ before the host)",
            &format!(
                "remove it: Kaltura signs in with the admin secret, and this URL is copied into \
                 links, the journal and the screen; write for example {} = \"https://www.kaltura.com/\"",
                knob.key
            ),
        )),
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
            Ok(text.to_string())
        }
        Ok(u) => Err(bad_value(
            knob,
            origin,
            &format!("uses the scheme {:?}, not http or https", u.scheme()),
            &fix,
        )),
        Err(e) => Err(bad_value(
            knob,
            origin,
            &format!("is not a valid URL ({e})"),
            &fix,
        )),
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "a string",
        Value::Integer(_) => "a number",
        Value::Float(_) => "a decimal number",
        Value::Boolean(_) => "a boolean",
        Value::Datetime(_) => "a date",
        Value::Array(_) => "an array",
        Value::Table(_) => "a table",
    }
}

/// A type error; `got` describes what was found (empty for unparsable environment text).
fn wrong_type(knob: &Knob, origin: &Origin, got: &str) -> ConfigError {
    let example = match knob.kind {
        Kind::Int => format!("{} = 1234567", knob.key),
        Kind::Bool => format!("{} = true", knob.key),
        Kind::Duration => format!("{} = \"15m\"", knob.key),
        Kind::Choice(words) => format!("{} = \"{}\"", knob.key, words.first().unwrap_or(&"")),
        Kind::Url => format!("{} = \"https://www.kaltura.com/\"", knob.key),
        _ => format!("{} = \"...\"", knob.key),
    };
    let fix = match origin {
        // `expected` was just said; the fix shows a value instead of repeating it.
        Origin::Env(var) => format!("set for example {var}={}", env_example(knob)),
        _ if got.is_empty() => format!("write for example {example}"),
        _ => format!("it is {got}; write for example {example}"),
    };
    ConfigError::WrongType {
        origin: origin.to_string(),
        key: knob.key.to_string(),
        expected: knob.kind.expected(),
        fix,
    }
}

/// A value of the knob's kind as an environment variable holds it.
fn env_example(knob: &Knob) -> String {
    match knob.kind {
        Kind::Int => "1234567".into(),
        Kind::Bool => "1".into(),
        Kind::Duration => "30s".into(),
        Kind::Choice(words) => words.first().copied().unwrap_or("").to_string(),
        Kind::Url => "https://www.kaltura.com/".into(),
        _ => "...".into(),
    }
}

fn bad_value(knob: &Knob, origin: &Origin, problem: &str, fix: &str) -> ConfigError {
    ConfigError::BadValue {
        origin: origin.to_string(),
        key: knob.key.to_string(),
        problem: problem.to_string(),
        fix: fix.to_string(),
    }
}

/// The URL knobs whose `http://` (to anything but this machine) would carry KSs in clear text.
pub const URL_KEYS: &[&str] = &["service_url", "cdn_url", "moderator_url"];

/// The host of an `http://` URL that does not point at this machine (loopback), or `None` for
/// https, loopback and unreadable URLs (those are refused elsewhere).
pub fn insecure_host(url_text: &str) -> Option<String> {
    let u = url::Url::parse(url_text.trim()).ok()?;
    if u.scheme() != "http" {
        return None;
    }
    let loopback = match u.host()? {
        url::Host::Domain(d) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    };
    (!loopback).then(|| u.host_str().unwrap_or_default().to_string())
}
