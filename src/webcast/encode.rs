//! The two query-string encodings the webcast apps were written against.
//!
//! The Studio launcher (`KAppLauncher.js`) builds its parameters with jQuery's `$.param`, and the
//! seed app builds the moderator URL with Python's `urlencode`. They differ in which punctuation
//! stays literal; matching each exactly keeps our links byte-identical to the originals, which
//! matters when someone diffs them against what the seed produced.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What JavaScript's `encodeURIComponent` leaves alone: `A-Z a-z 0-9 - _ . ! ~ * ' ( )`.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// What Python's `quote_plus` leaves alone: `A-Z a-z 0-9 _ . - ~`.
const PYTHON_SAFE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Encodes pairs as jQuery's `$.param` does: `encodeURIComponent` on keys and values, `%20`
/// turned into `+`, pairs joined by `&`.
pub fn jquery_param(pairs: &[(String, String)]) -> String {
    join(pairs, |s| {
        utf8_percent_encode(s, URI_COMPONENT)
            .to_string()
            .replace("%20", "+")
    })
}

/// Encodes pairs as Python's `urllib.parse.urlencode` does (`quote_plus`: spaces as `+`).
pub fn python_urlencode(pairs: &[(String, String)]) -> String {
    join(pairs, python_quote_plus)
}

/// Python's `quote_plus` for one value; also right for a single query value in a URL we build.
pub fn python_quote_plus(s: &str) -> String {
    utf8_percent_encode(s, PYTHON_SAFE)
        .to_string()
        .replace("%20", "+")
}

fn join(pairs: &[(String, String)], enc: impl Fn(&str) -> String) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(k: &str, v: &str) -> (String, String) {
        (k.to_string(), v.to_string())
    }

    #[test]
    fn jquery_keeps_uri_component_marks_and_uses_plus() {
        let s = jquery_param(&[p("a b", "x y*(!)'~"), p("url", "https://h/p?q=1&r=2")]);
        assert_eq!(s, "a+b=x+y*(!)'~&url=https%3A%2F%2Fh%2Fp%3Fq%3D1%26r%3D2");
    }

    #[test]
    fn python_encodes_star_and_parens() {
        let s = python_urlencode(&[p("k", "a b*(x)=~")]);
        assert_eq!(s, "k=a+b%2A%28x%29%3D~");
    }

    #[test]
    fn non_ascii_is_utf8_percent_encoded() {
        assert_eq!(python_quote_plus("é"), "%C3%A9");
        assert_eq!(jquery_param(&[p("n", "é")]), "n=%C3%A9");
    }
}
