//! Lenient readers for Kaltura's loosely typed JSON, shared by every object type.
//!
//! Kaltura sends the same field as a number one day and a numeric string the next (`"sourceType":
//! "32"` but `"status": 2`), booleans as `true`, `1` or `"1"`, empty IDs as `""`, and `null` for
//! fields a KS may not see. These `deserialize_with` helpers accept all of that, so one odd field
//! never costs us a whole poll. Serialisers for the other direction live here too.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serializer};
use serde_json::Value;

/// Reads a number, a numeric string, or a float (truncated) as an integer.
pub(crate) fn int_of(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => {
            let s = s.trim();
            s.parse::<i64>()
                .ok()
                .or_else(|| s.parse::<f64>().ok().map(|f| f as i64))
        }
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

/// Reads Kaltura's boolean spellings; `None` for null, `-1` (NullableBoolean NULL) and `""`.
pub(crate) fn bool_of(v: &Value) -> Result<Option<bool>, String> {
    match v {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(*b)),
        Value::String(s) if s.is_empty() => Ok(None),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
        other => match int_of(other) {
            Some(-1) => Ok(None),
            Some(n) => Ok(Some(n != 0)),
            None => Err(format!("expected a boolean, got {other}")),
        },
    }
}

/// An integer that may come as a number or a string; null or missing is 0.
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(opt_int(d)?.unwrap_or(0))
}

/// An optional integer: null, `""` or missing is `None`.
pub fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let v = Value::deserialize(d)?;
    match &v {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        other => int_of(other)
            .map(Some)
            .ok_or_else(|| de::Error::custom(format!("expected an integer, got {other}"))),
    }
}

/// A string that may come as a number or a boolean; null or missing is `""`. Exactly as sent:
/// only for text we parse rather than show (XML, a uiConf's JSON `config`).
pub fn exact<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Null => String::new(),
        Value::String(s) => s,
        other => other.to_string(),
    })
}

/// A one-line text field (a name, tags, a user, a URL) read as [`exact`] and passed through
/// [`crate::text::line`]: controls become `�`, line breaks spaces, bidi and zero-width
/// characters go. Anyone with an editor's KS can set these, and they end up on a terminal.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    exact(d).map(crate::text::line_owned)
}

/// A multi-line text field (a description): as [`string`], but line breaks stay (as `\n`).
pub fn multiline<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    exact(d).map(crate::text::multiline_owned)
}

/// The longest entry ID accepted; Kaltura's are 10 characters (`1_abcd1234`).
pub const MAX_ID_LEN: usize = 64;

/// True when `text` can be an entry ID: ASCII letters, digits and `_`, at most [`MAX_ID_LEN`]
/// characters. The one rule for IDs typed by the operator (`webcast::entry_id`), read from the
/// journal and sent back by the service.
pub fn is_entry_id(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= MAX_ID_LEN
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// An entry ID field: `""` (Kaltura's "none") or a well-formed ID. Anything else fails the
/// object's decode (the call then reports an unexpected answer): an ID is put into URLs, KS
/// privileges, filters and the journal, so one with escapes or commas in it is refused, never
/// cleaned into some other ID and never shown.
pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let raw = exact(d)?;
    let trimmed = raw.trim();
    if trimmed.is_empty() || is_entry_id(trimmed) {
        return Ok(trimmed.to_string());
    }
    let shown: String = crate::text::line(trimmed).chars().take(40).collect();
    Err(de::Error::custom(format!(
        "{shown:?} is not an entry ID ({} characters; IDs are letters, digits and _)",
        trimmed.chars().count()
    )))
}

/// A plain boolean from `true`/`false`/`1`/`0`/`"1"`/`"0"`; null or missing is `false`.
pub fn boolean<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(opt_bool(d)?.unwrap_or(false))
}

/// A `KalturaNullableBoolean`: a boolean, or `None` for null / `-1`.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    bool_of(&Value::deserialize(d)?).map_err(de::Error::custom)
}

/// A nested object that may be absent, null, or (as PHP writes an empty object) `[]`.
pub fn opt_object<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::Array(a) if a.is_empty() => Ok(None),
        other => serde_json::from_value(other)
            .map(Some)
            .map_err(de::Error::custom),
    }
}

/// An optional value (an enum, usually) where null and `""` mean "not set".
pub fn opt<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        other => serde_json::from_value(other)
            .map(Some)
            .map_err(de::Error::custom),
    }
}

/// A list that may be null or missing (empty then).
pub fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    match Value::deserialize(d)? {
        Value::Null => Ok(Vec::new()),
        other => serde_json::from_value(other).map_err(de::Error::custom),
    }
}

/// Writes an optional boolean as a `KalturaNullableBoolean` number (`1`/`0`), the Node client's
/// form; use with `skip_serializing_if = "Option::is_none"`.
pub fn ser_nullable_bool<S: Serializer>(v: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(b) => s.serialize_i64(i64::from(*b)),
        None => s.serialize_none(),
    }
}

/// The ID in `s`, or `None` when Kaltura sent an empty one (`"recordedEntryId": ""`).
pub fn non_empty(s: &str) -> Option<&str> {
    let t = s.trim();
    if t.is_empty() { None } else { Some(t) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Deserialize, Default, Debug)]
    #[serde(default)]
    struct Probe {
        #[serde(deserialize_with = "int")]
        n: i64,
        #[serde(deserialize_with = "opt_int")]
        o: Option<i64>,
        #[serde(deserialize_with = "string")]
        s: String,
        #[serde(deserialize_with = "multiline")]
        m: String,
        #[serde(deserialize_with = "exact")]
        x: String,
        #[serde(deserialize_with = "id")]
        i: String,
        #[serde(deserialize_with = "boolean")]
        b: bool,
        #[serde(deserialize_with = "opt_bool")]
        nb: Option<bool>,
    }

    fn probe(v: Value) -> Probe {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn numbers_as_strings_and_floats() {
        assert_eq!(probe(json!({"n": "42"})).n, 42);
        assert_eq!(probe(json!({"n": 1550663808.75})).n, 1550663808);
        assert_eq!(probe(json!({"n": null})).n, 0);
        assert_eq!(probe(json!({"o": ""})).o, None);
        assert_eq!(probe(json!({"o": "-1"})).o, Some(-1));
        assert!(serde_json::from_value::<Probe>(json!({"n": "abc"})).is_err());
    }

    #[test]
    fn strings_from_anything_scalar() {
        assert_eq!(probe(json!({"s": 36})).s, "36");
        assert_eq!(probe(json!({"s": null})).s, "");
        assert_eq!(probe(json!({})).s, "");
    }

    #[test]
    fn text_is_cleaned_where_it_is_decoded_and_exact_fields_are_not() {
        let p = probe(
            json!({"s": "Evil\u{1b}]52;c;eA==\u{7}\r\n\u{202e}x", "m": "a\r\nb\u{9b}",
            "x": "<a>\n\t\u{1b}</a>"}),
        );
        assert_eq!(p.s, "Evil�]52;c;eA==� x");
        assert_eq!(p.m, "a\nb�");
        assert_eq!(p.x, "<a>\n\t\u{1b}</a>");
    }

    #[test]
    fn ids_are_validated_not_cleaned() {
        assert_eq!(probe(json!({"i": " 0_abc "})).i, "0_abc");
        assert_eq!(probe(json!({"i": ""})).i, "");
        assert_eq!(probe(json!({"i": null})).i, "");
        for bad in [
            "0_abc\u{1b}[2J",
            "0_a,0_b",
            "{1:result:id}",
            "0_\u{202e}abc",
        ] {
            let err = serde_json::from_value::<Probe>(json!({ "i": bad })).unwrap_err();
            let text = err.to_string();
            assert!(text.contains("is not an entry ID"), "{text}");
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{202e}'),
                "{text}"
            );
        }
        let huge = "a".repeat(10_000_000);
        let text = serde_json::from_value::<Probe>(json!({ "i": huge }))
            .unwrap_err()
            .to_string();
        assert!(text.len() < 200, "{}", text.len());
        assert!(is_entry_id("1_rdwhia6e") && !is_entry_id("") && !is_entry_id(&"a".repeat(65)));
    }

    #[test]
    fn booleans_in_all_spellings() {
        for t in [json!(true), json!(1), json!("1"), json!("true")] {
            assert!(probe(json!({"b": t, "nb": t})).b);
            assert_eq!(probe(json!({"nb": t})).nb, Some(true));
        }
        for f in [json!(false), json!(0), json!("0"), json!("false")] {
            assert!(!probe(json!({"b": f})).b);
            assert_eq!(probe(json!({"nb": f})).nb, Some(false));
        }
        assert_eq!(probe(json!({"nb": -1})).nb, None);
        assert_eq!(probe(json!({"nb": null})).nb, None);
        assert_eq!(probe(json!({})).nb, None);
    }

    #[test]
    fn empty_ids_are_none() {
        assert_eq!(non_empty(""), None);
        assert_eq!(non_empty(" "), None);
        assert_eq!(non_empty("0_abc"), Some("0_abc"));
    }
}
