//! The table of configuration knobs: one row per setting, naming its TOML key, its environment
//! variable and the kind of value it takes.
//!
//! One table drives the file parser (unknown keys), the environment reader and the type checks, so
//! a new knob is one line here plus one field in `Settings`.

/// What kind of value a knob takes; decides how an environment string is read and what a type
/// error in the file says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole number (`partner_id = 1234567`).
    Int,
    /// Free text.
    Text,
    /// An http(s) URL.
    Url,
    /// `true` or `false`.
    Bool,
    /// A duration: whole seconds or a string such as `"90s"`, `"15m"`, `"24h"`, `"7d"`.
    Duration,
    /// One word out of a fixed list.
    Choice(&'static [&'static str]),
    /// A filesystem path (`~/` is expanded).
    Path,
    /// The admin secret or an app token: text that must never be echoed.
    Secret,
}

impl Kind {
    /// How a type error describes the expected value.
    pub fn expected(self) -> String {
        match self {
            Kind::Int => "a whole number".into(),
            Kind::Text => "a string".into(),
            Kind::Url => "a URL string such as \"https://www.kaltura.com/\"".into(),
            Kind::Bool => "true or false".into(),
            Kind::Duration => "a number of seconds or a string such as \"15m\" or \"24h\"".into(),
            Kind::Choice(words) => format!("one of {}", quoted_list(words)),
            Kind::Path => "a path string".into(),
            Kind::Secret => "a string".into(),
        }
    }
}

/// One configuration knob.
#[derive(Debug, Clone, Copy)]
pub struct Knob {
    /// The key in the TOML file and in `[profiles.NAME]`.
    pub key: &'static str,
    /// The environment variable that overrides the file.
    pub env: &'static str,
    /// The kind of value.
    pub kind: Kind,
}

/// Clipboard policies, spelled as in the file.
pub const CLIPBOARD_WORDS: &[&str] = &["auto", "osc52", "system", "off"];
/// Dashboard themes, spelled as in the file.
pub const THEME_WORDS: &[&str] = &["dark", "light", "mono"];
/// KS formats, spelled as in the file.
pub const KS_FORMAT_WORDS: &[&str] = &["v1", "v2"];
/// Moderator scopes, spelled as in the file.
pub const MODERATOR_SCOPE_WORDS: &[&str] = &["shared", "event"];
/// App token hash types (`KalturaAppTokenHashType`), in any case in the file.
pub const TOKEN_HASH_WORDS: &[&str] = &["md5", "sha1", "sha256", "sha512"];

const fn knob(key: &'static str, env: &'static str, kind: Kind) -> Knob {
    Knob { key, env, kind }
}

/// Every knob. The seed app's own settings keep the seed's `KALTURA_*` environment names;
/// kwebcast's additions use `KWEBCAST_*`.
pub const KNOBS: &[Knob] = &[
    knob("partner_id", "KALTURA_PARTNER_ID", Kind::Int),
    knob("admin_secret", "KALTURA_ADMIN_SECRET", Kind::Secret),
    knob("admin_secret_file", "KALTURA_ADMIN_SECRET_FILE", Kind::Path),
    knob("admin_email", "KALTURA_ADMIN_EMAIL", Kind::Text),
    knob("app_token_id", "KALTURA_APP_TOKEN_ID", Kind::Text),
    knob("app_token", "KALTURA_APP_TOKEN", Kind::Secret),
    knob("app_token_file", "KALTURA_APP_TOKEN_FILE", Kind::Path),
    knob(
        "app_token_hash",
        "KALTURA_APP_TOKEN_HASH",
        Kind::Choice(TOKEN_HASH_WORDS),
    ),
    knob("service_url", "KALTURA_SERVICE_URL", Kind::Url),
    knob("uiconf_id", "KALTURA_UICONF_ID", Kind::Int),
    knob("user_id", "KALTURA_USER_ID", Kind::Text),
    knob("moderator_user", "KALTURA_MODERATOR_USER", Kind::Text),
    knob("broadcaster_user", "KALTURA_BROADCASTER_USER", Kind::Text),
    knob(
        "moderator_scope",
        "KWEBCAST_MODERATOR_SCOPE",
        Kind::Choice(MODERATOR_SCOPE_WORDS),
    ),
    knob("app_name", "KALTURA_APP_NAME", Kind::Text),
    knob("app_id", "KALTURA_APP_ID", Kind::Text),
    knob("app_domain", "KALTURA_APP_DOMAIN", Kind::Text),
    knob("cdn_url", "KALTURA_CDN_URL", Kind::Url),
    knob("moderator_url", "KALTURA_MODERATOR_URL", Kind::Url),
    knob(
        "ks_format",
        "KWEBCAST_KS_FORMAT",
        Kind::Choice(KS_FORMAT_WORDS),
    ),
    knob(
        "admin_ks_expiry",
        "KWEBCAST_ADMIN_KS_EXPIRY",
        Kind::Duration,
    ),
    knob(
        "attendee_ks_expiry",
        "KWEBCAST_ATTENDEE_KS_EXPIRY",
        Kind::Duration,
    ),
    knob(
        "moderator_ks_expiry",
        "KWEBCAST_MODERATOR_KS_EXPIRY",
        Kind::Duration,
    ),
    knob("attendee_ks", "KWEBCAST_ATTENDEE_KS", Kind::Bool),
    knob("short_links", "KWEBCAST_SHORT_LINKS", Kind::Bool),
    knob("poll_interval", "KWEBCAST_POLL_INTERVAL", Kind::Duration),
    knob("watchdog_grace", "KWEBCAST_WATCHDOG_GRACE", Kind::Duration),
    knob(
        "watchdog_recording_wait",
        "KWEBCAST_WATCHDOG_RECORDING_WAIT",
        Kind::Duration,
    ),
    knob(
        "viewers_interval",
        "KWEBCAST_VIEWERS_INTERVAL",
        Kind::Duration,
    ),
    knob(
        "clipboard",
        "KWEBCAST_CLIPBOARD",
        Kind::Choice(CLIPBOARD_WORDS),
    ),
    knob("theme", "KWEBCAST_THEME", Kind::Choice(THEME_WORDS)),
    knob("bell", "KWEBCAST_BELL", Kind::Bool),
    knob(
        "use_session_start",
        "KWEBCAST_USE_SESSION_START",
        Kind::Bool,
    ),
    knob(
        "conversion_profile",
        "KWEBCAST_CONVERSION_PROFILE",
        Kind::Text,
    ),
    knob(
        "conversion_profile_id",
        "KALTURA_CONVERSION_PROFILE_ID",
        Kind::Int,
    ),
    knob("sandbox_speed", "KWEBCAST_SANDBOX_SPEED", Kind::Int),
    knob(
        "request_timeout",
        "KWEBCAST_REQUEST_TIMEOUT",
        Kind::Duration,
    ),
    knob("max_answer_mb", "KWEBCAST_MAX_ANSWER_MB", Kind::Int),
    knob(
        "allow_insecure_http",
        "KWEBCAST_ALLOW_INSECURE_HTTP",
        Kind::Bool,
    ),
    knob("data_dir", "KWEBCAST_DATA_DIR", Kind::Path),
    knob("log_file", "KWEBCAST_LOG_FILE", Kind::Path),
];

/// Keys allowed at the top of the file only (not inside a profile).
pub const TOP_ONLY_KEYS: &[&str] = &["default_profile", "profiles"];

/// Looks a knob up by its TOML key.
pub fn by_key(key: &str) -> Option<&'static Knob> {
    KNOBS.iter().find(|k| k.key == key)
}

/// `"a", "b" or "c"` for messages.
pub fn quoted_list(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// Parses a duration as the file and the environment accept it: whole seconds, or a number
/// followed by `s`, `m`, `h` or `d`. Returns seconds.
pub fn parse_duration(text: &str) -> Option<i64> {
    let t = text.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => t.split_at(i),
        None => (t, ""),
    };
    let n: i64 = digits.parse().ok()?;
    let factor = match unit.trim() {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return None,
    };
    n.checked_mul(factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_units() {
        assert_eq!(parse_duration("90"), Some(90));
        assert_eq!(parse_duration("15m"), Some(900));
        assert_eq!(parse_duration("24h"), Some(86_400));
        assert_eq!(parse_duration("2d"), Some(172_800));
        assert_eq!(parse_duration("5x"), None);
        assert_eq!(parse_duration("m"), None);
    }

    #[test]
    fn every_knob_has_a_distinct_key_and_env_name() {
        let mut keys: Vec<_> = KNOBS.iter().map(|k| k.key).collect();
        let mut envs: Vec<_> = KNOBS.iter().map(|k| k.env).collect();
        keys.sort();
        keys.dedup();
        envs.sort();
        envs.dedup();
        assert_eq!(keys.len(), KNOBS.len());
        assert_eq!(envs.len(), KNOBS.len());
    }
}
