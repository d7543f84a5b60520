//! Request decoding: every way a Kaltura client sends parameters (JSON body, url-encoded or
//! multipart form with `obj:field` keys, the query string) becomes one nested JSON tree, and
//! typed readers accept what Kaltura accepts (numbers or numeric strings, `true`/`1`, ...).

use super::errors::{self, ApiError};
use axum::body::Body;
use axum::extract::{FromRequest, Multipart};
use axum::http::{Request, header::CONTENT_TYPE};
use serde_json::{Map, Value};

/// Parameters of one call (or of a whole multirequest), nested by the `:` separators.
pub type Params = Map<String, Value>;

/// Decodes query string and body into one tree; body values override query values, as the
/// server's `$_GET` + `$_POST` merge does. Malformed bodies yield an error text.
pub async fn decode(
    query: Option<&str>,
    content_type: Option<&str>,
    body: bytes::Bytes,
) -> Result<Params, String> {
    let mut out = Params::new();
    if let Some(q) = query {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(q).map_err(|e| format!("bad query string: {e}"))?;
        for (k, v) in pairs {
            insert_flat(&mut out, &k, Value::String(v));
        }
    }
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    let trimmed = body.iter().position(|b| !b.is_ascii_whitespace());
    let starts_with_brace = trimmed.is_some_and(|i| body[i] == b'{');
    if ct.starts_with("application/json") && starts_with_brace {
        let value: Value =
            serde_json::from_slice(&body).map_err(|e| format!("bad JSON body: {e}"))?;
        if let Value::Object(map) = value {
            for (k, v) in map {
                insert_flat(&mut out, &k, v);
            }
        }
    } else if ct.starts_with("multipart/form-data") {
        let req = Request::builder()
            .header(CONTENT_TYPE, content_type.unwrap_or_default())
            .body(Body::from(body))
            .map_err(|e| format!("bad multipart request: {e}"))?;
        let mut multipart = Multipart::from_request(req, &())
            .await
            .map_err(|e| format!("bad multipart body: {e}"))?;
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| format!("bad multipart body: {e}"))?
        {
            let name = field.name().unwrap_or_default().to_string();
            let is_file = field.file_name().is_some();
            let text = field
                .text()
                .await
                .map_err(|e| format!("bad multipart field: {e}"))?;
            if is_file || name.is_empty() {
                continue; // uploads are not part of the simulated API
            }
            if name == "json" && text.trim_start().starts_with('{') {
                // The Node client puts its JSON in a `json` part when it uploads files.
                if let Ok(Value::Object(map)) = serde_json::from_str::<Value>(&text) {
                    for (k, v) in map {
                        insert_flat(&mut out, &k, v);
                    }
                    continue;
                }
            }
            insert_flat(&mut out, &name, Value::String(text));
        }
    } else if !body.is_empty() && !starts_with_brace {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&body).map_err(|e| format!("bad form body: {e}"))?;
        for (k, v) in pairs {
            insert_flat(&mut out, &k, Value::String(v));
        }
    } else if starts_with_brace {
        // JSON without the JSON content type: Kaltura reads it only with the header; a form
        // parse of `{...}` yields nothing useful, so it is ignored as the server would.
    }
    Ok(out)
}

/// Inserts `a:b:c = v` as `{a: {b: {c: v}}}`; a JSON object value is merged the same way so
/// that flattened keys inside JSON bodies (`"0:service"`) work too.
pub fn insert_flat(map: &mut Params, key: &str, value: Value) {
    let mut parts = key.split(':').peekable();
    let mut cur = map;
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            match value {
                Value::Object(obj) => {
                    let slot = cur
                        .entry(part.to_string())
                        .or_insert_with(|| Value::Object(Map::new()));
                    if !slot.is_object() {
                        *slot = Value::Object(Map::new());
                    }
                    if let Value::Object(inner) = slot {
                        for (k, v) in obj {
                            insert_flat(inner, &k, v);
                        }
                    }
                }
                other => {
                    cur.insert(part.to_string(), other);
                }
            }
            return;
        }
        let slot = cur
            .entry(part.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        match slot {
            Value::Object(inner) => cur = inner,
            _ => return,
        }
    }
}

/// A value as text (numbers and booleans too); `None` for null, objects and arrays.
pub fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "1" } else { "0" }.to_string()),
        _ => None,
    }
}

/// Reads an integer the way Kaltura's deserialiser does: numbers or numeric strings; an empty
/// string counts as absent. `Err(())` for anything else.
pub fn int_of(v: &Value) -> Result<Option<i64>, ()> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
            .map(Some)
            .ok_or(()),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => s.trim().parse::<i64>().map(Some).map_err(|_| ()),
        Value::Bool(b) => Ok(Some(i64::from(*b))),
        _ => Err(()),
    }
}

/// Reads a (nullable) boolean: `true`/`false`, `1`/`0`, `"true"`/`"1"`; `-1` (NULL) is absent.
pub fn bool_of(v: &Value) -> Result<Option<bool>, ()> {
    match v {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(*b)),
        _ => match text(v).as_deref().map(str::trim) {
            Some("") | Some("-1") => Ok(None),
            Some("1") | Some("true") | Some("TRUE") | Some("True") => Ok(Some(true)),
            Some("0") | Some("false") | Some("FALSE") | Some("False") => Ok(Some(false)),
            _ => Err(()),
        },
    }
}

/// A named string parameter; empty strings count as absent (Kaltura ignores empty filters).
pub fn opt_str(p: &Params, name: &str) -> Option<String> {
    p.get(name).and_then(text).filter(|s| !s.is_empty())
}

/// A mandatory string parameter.
pub fn req_str(p: &Params, name: &str) -> Result<String, ApiError> {
    opt_str(p, name).ok_or_else(|| errors::missing_parameter(name))
}

/// An optional integer parameter; a non-number is Kaltura's numeric validation error.
pub fn opt_int(p: &Params, name: &str) -> Result<Option<i64>, ApiError> {
    match p.get(name) {
        None => Ok(None),
        Some(v) => int_of(v).map_err(|()| errors::not_numeric(name)),
    }
}

/// A mandatory integer parameter.
pub fn req_int(p: &Params, name: &str) -> Result<i64, ApiError> {
    opt_int(p, name)?.ok_or_else(|| errors::missing_parameter(name))
}

/// An integer enum parameter checked against its allowed values.
pub fn opt_enum_int(
    p: &Params,
    name: &str,
    allowed: &[i64],
    enum_type: &str,
) -> Result<Option<i64>, ApiError> {
    match p.get(name) {
        None => Ok(None),
        Some(v) => match int_of(v) {
            Ok(None) => Ok(None),
            Ok(Some(n)) if allowed.contains(&n) => Ok(Some(n)),
            _ => Err(errors::invalid_enum(
                &text(v).unwrap_or_default(),
                name,
                enum_type,
            )),
        },
    }
}

/// A string enum parameter (Kaltura's string enums carry numeric strings), checked.
pub fn opt_enum_str(
    p: &Params,
    name: &str,
    allowed: &[&str],
    enum_type: &str,
) -> Result<Option<String>, ApiError> {
    match opt_str(p, name) {
        None => Ok(None),
        Some(s) if allowed.contains(&s.as_str()) => Ok(Some(s)),
        Some(s) => Err(errors::invalid_enum(&s, name, enum_type)),
    }
}

/// A boolean parameter; bad spellings are an enum error, as for Kaltura's NullableBoolean.
pub fn opt_bool(p: &Params, name: &str) -> Result<Option<bool>, ApiError> {
    match p.get(name) {
        None => Ok(None),
        Some(v) => bool_of(v).map_err(|()| {
            errors::invalid_enum(&text(v).unwrap_or_default(), name, "KalturaNullableBoolean")
        }),
    }
}

/// An object parameter (filter, pager, entry); absent, null or empty string is `None`.
pub fn opt_obj<'a>(p: &'a Params, name: &str) -> Option<&'a Params> {
    p.get(name).and_then(Value::as_object)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattened_keys_nest() {
        let mut m = Params::new();
        insert_flat(
            &mut m,
            "liveStreamEntry:recordingOptions:shouldMakeHidden",
            "1".into(),
        );
        insert_flat(&mut m, "liveStreamEntry:name", "x".into());
        assert_eq!(
            m["liveStreamEntry"]["recordingOptions"]["shouldMakeHidden"],
            Value::String("1".into())
        );
        assert_eq!(m["liveStreamEntry"]["name"], Value::String("x".into()));
    }

    #[test]
    fn numbers_and_booleans_are_lenient() {
        assert_eq!(int_of(&Value::String("42".into())), Ok(Some(42)));
        assert_eq!(int_of(&serde_json::json!(7)), Ok(Some(7)));
        assert!(int_of(&Value::String("x".into())).is_err());
        assert_eq!(bool_of(&Value::String("1".into())), Ok(Some(true)));
        assert_eq!(bool_of(&serde_json::json!(0)), Ok(Some(false)));
        assert_eq!(bool_of(&serde_json::json!(-1)), Ok(None));
    }
}
