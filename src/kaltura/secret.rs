//! The admin secret and application tokens, held so that they cannot leak by accident.
//!
//! Anything that formats an [`AdminSecret`] — a log line, an error, a `{:?}` in a panic — prints
//! `[redacted]`. The only way to the bytes is [`AdminSecret::expose`], called where a KS is signed.

use std::fmt;

/// The partner's admin secret. Debug and Display never print it, so it can travel inside
/// configuration structs that are logged or shown in errors.
#[derive(Clone, PartialEq, Eq)]
pub struct AdminSecret(String);

impl AdminSecret {
    /// Wraps a secret read from a flag, the environment or a file (surrounding whitespace, such as
    /// the newline at the end of a secret file, is trimmed).
    pub fn new(secret: impl Into<String>) -> Self {
        let s: String = secret.into();
        let trimmed = s.trim();
        if trimmed.len() == s.len() {
            AdminSecret(s)
        } else {
            AdminSecret(trimmed.to_string())
        }
    }

    /// The secret itself; call it only to sign or to compare, never to format.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True for an empty secret, which no Kaltura partner has.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for AdminSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AdminSecret([redacted])")
    }
}

impl fmt::Display for AdminSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// An application token's secret value (`KalturaAppToken.token`): whoever holds it and the
/// token's ID can open the sessions the token allows, so it is held like the admin secret —
/// Debug and Display print `[redacted]`, and [`AppTokenSecret::expose`] is called only to hash it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct AppTokenSecret(String);

impl AppTokenSecret {
    /// Wraps a token read from a flag, the environment, a file or an `appToken.add` answer
    /// (surrounding whitespace trimmed, as for the admin secret).
    pub fn new(token: impl Into<String>) -> Self {
        AppTokenSecret(token.into().trim().to_string())
    }

    /// The token itself; call it only to hash it (or to scrub it from text), never to format.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True for an empty token, which Kaltura never issues.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for AppTokenSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AppTokenSecret([redacted])")
    }
}

impl fmt::Display for AppTokenSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Token values kwebcast was handed while running (the single-purpose link tokens it minted or
/// read back from its kept-tokens file): not configured, so no guard was built with them, yet
/// each opens a link's session. Every scrub (the output guard, the log) removes them too.
static RUNTIME_SECRETS: std::sync::RwLock<Vec<String>> = std::sync::RwLock::new(Vec::new());

/// The most runtime secrets held (a bound on the scrub's work; the kept file holds fewer).
const MAX_RUNTIME_SECRETS: usize = 4_096;

/// Adds a token value to those every scrub removes ([`scrub_runtime_secrets`]).
pub fn hold_runtime_secret(value: &AppTokenSecret) {
    let value = value.expose();
    if value.len() < 8 {
        return;
    }
    let mut held = RUNTIME_SECRETS.write().unwrap_or_else(|e| e.into_inner());
    if held.len() < MAX_RUNTIME_SECRETS && !held.iter().any(|h| h == value) {
        held.push(value.to_string());
    }
}

/// `text` with every runtime secret replaced by `[redacted]`.
pub fn scrub_runtime_secrets(text: &str) -> String {
    let held = RUNTIME_SECRETS.read().unwrap_or_else(|e| e.into_inner());
    let mut text = text.to_string();
    for s in held.iter() {
        if text.contains(s.as_str()) {
            text = text.replace(s.as_str(), "[redacted]");
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_secrets_are_scrubbed_once_held() {
        let minted = AppTokenSecret::new("feedc0de-runtime-link-token");
        let line = "answer: feedc0de-runtime-link-token";
        assert_eq!(scrub_runtime_secrets(line), line);
        hold_runtime_secret(&minted);
        assert_eq!(scrub_runtime_secrets(line), "answer: [redacted]");
        assert!(!crate::logging::scrub_all(line, &[]).contains("feedc0de"));
    }

    #[test]
    fn formatting_never_shows_the_secret() {
        let s = AdminSecret::new("hunter2-very-secret\n");
        assert_eq!(s.expose(), "hunter2-very-secret");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(!format!("{s}").contains("hunter2"));
        assert!(!format!("{:#?}", Some(&s)).contains("hunter2"));
    }

    #[test]
    fn an_app_token_never_formats_either() {
        let t = AppTokenSecret::new(" 0123456789abcdef0123456789abcdef\n");
        assert_eq!(t.expose(), "0123456789abcdef0123456789abcdef");
        assert!(!format!("{t:?}").contains("0123"));
        assert!(!format!("{t}").contains("0123"));
        assert!(AppTokenSecret::new("  ").is_empty());
    }
}
