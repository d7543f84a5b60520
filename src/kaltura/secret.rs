//! The admin secret, held so that it cannot leak by accident.
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
}
