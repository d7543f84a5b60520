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

#[cfg(test)]
mod tests {
    use super::*;

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
