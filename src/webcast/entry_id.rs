//! Entry IDs as the operator types them, checked before they reach a request.
//!
//! An ID goes into filters and multirequests where Kaltura gives some characters a meaning: `,`
//! splits an `idIn` list, and a whole value such as `{1:result:id}` is resolved as a reference to
//! another call's result. A typo'd or pasted ID must fail as "not an entry ID", not as some
//! unrelated error from a call it was spliced into.

use std::fmt;

/// Why a text is not an entry ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryIdError {
    /// Nothing but blanks.
    Empty,
    /// Characters no Kaltura entry ID has (the text is kept, cut short, for the message).
    Malformed(String),
}

impl fmt::Display for EntryIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EntryIdError::Empty => f.write_str("the entry ID is empty"),
            EntryIdError::Malformed(text) => write!(
                f,
                "{text:?} is not a Kaltura entry ID (they look like 1_abcd1234: digits, an \
                 underscore and letters or digits)"
            ),
        }
    }
}

impl std::error::Error for EntryIdError {}

/// Trims the text and checks that it can be an entry ID: ASCII letters, digits and `_` only,
/// at most 64 characters ([`crate::kaltura::types::lenient::is_entry_id`], the same rule the
/// client applies to IDs in Kaltura's answers and the journal reader to its lines).
/// Deliberately looser than Kaltura's `{digit}_{8 alnum}` so that an unusual on-prem ID still
/// reaches the service, which then says whether it exists.
pub fn check(text: &str) -> Result<&str, EntryIdError> {
    let id = text.trim();
    if id.is_empty() {
        return Err(EntryIdError::Empty);
    }
    let well_formed = crate::kaltura::types::lenient::is_entry_id(id);
    if well_formed {
        Ok(id)
    } else {
        let shown: String = crate::text::line(id).chars().take(40).collect();
        let shown = if id.chars().nth(40).is_some() {
            format!("{shown}…")
        } else {
            shown
        };
        Err(EntryIdError::Malformed(shown))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kaltura_ids_pass_trimmed() {
        assert_eq!(check(" 1_rdwhia6e\n"), Ok("1_rdwhia6e"));
        assert_eq!(check("0_ab12cd34"), Ok("0_ab12cd34"));
    }

    #[test]
    fn what_kaltura_would_interpret_is_refused() {
        assert_eq!(check("   "), Err(EntryIdError::Empty));
        for bad in [
            "{1:result:id}",
            "0_a,0_b",
            "0_abc 123",
            "0_abc\u{1b}[2J",
            "ü_abcdefgh",
        ] {
            assert!(
                matches!(check(bad), Err(EntryIdError::Malformed(_))),
                "{bad:?}"
            );
        }
        let huge = "a".repeat(100_000);
        let msg = check(&huge).unwrap_err().to_string();
        assert!(msg.len() < 200, "{msg}");
    }
}
