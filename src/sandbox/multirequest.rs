//! Multirequest parsing and `{N:result:path}` references (reference section 1).

use super::params::{Params, text};
use serde_json::Value;

/// Parameters copied from the top level into every sub-call that lacks them: only these three,
/// as Kaltura's `KalturaFrontController::handleMultiRequest` does. Everything else (`language`,
/// `responseProfile`, ...) must be given per sub-call; `format` is the whole answer's, and a
/// sub-call's own is dropped.
const COMMON: &[&str] = &["clientTag", "ks", "partnerId"];

/// The sub-calls in order: `(service, action, params)`. Keys are numeric (from 0 or from 1);
/// the list stops at the first index lacking `service` or `action`.
pub fn split(params: &Params) -> Vec<(String, String, Params)> {
    let start = if params.contains_key("0") { 0 } else { 1 };
    let mut out = Vec::new();
    for i in start.. {
        let Some(Value::Object(sub)) = params.get(&i.to_string()) else {
            break;
        };
        let service = sub.get("service").and_then(text).filter(|s| !s.is_empty());
        let action = sub.get("action").and_then(text).filter(|s| !s.is_empty());
        let (Some(service), Some(action)) = (service, action) else {
            break;
        };
        let mut sub = sub.clone();
        sub.remove("format");
        for key in COMMON {
            if !sub.contains_key(*key)
                && let Some(v) = params.get(*key)
            {
                sub.insert((*key).to_string(), v.clone());
            }
        }
        out.push((service, action, sub));
    }
    out
}

/// Replaces every string value that is exactly `{N:result}` or `{N:result:a:b:0}` (at any
/// depth) with that earlier result's value; a failed call, a null or a missing path gives "".
pub fn resolve_refs(params: &mut Params, results: &[Value]) {
    for v in params.values_mut() {
        resolve_value(v, results);
    }
}

fn resolve_value(v: &mut Value, results: &[Value]) {
    match v {
        Value::String(s) => {
            if let Some(r) = lookup(s, results) {
                *v = r;
            }
        }
        Value::Object(m) => {
            for inner in m.values_mut() {
                resolve_value(inner, results);
            }
        }
        Value::Array(a) => {
            for inner in a {
                resolve_value(inner, results);
            }
        }
        _ => {}
    }
}

fn lookup(token: &str, results: &[Value]) -> Option<Value> {
    let inner = token.strip_prefix('{')?.strip_suffix('}')?;
    let mut parts = inner.split(':');
    let n: usize = parts.next()?.parse().ok()?;
    if parts.next()? != "result" {
        return None;
    }
    let empty = Value::String(String::new());
    let Some(mut cur) = n.checked_sub(1).and_then(|i| results.get(i)) else {
        return Some(empty);
    };
    if cur.get("objectType").and_then(Value::as_str) == Some("KalturaAPIException") {
        return Some(empty);
    }
    for part in parts {
        let next = match cur {
            Value::Object(m) => m.get(part),
            Value::Array(a) => part.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        };
        match next {
            Some(n) => cur = n,
            None => return Some(empty),
        }
    }
    match cur {
        Value::Null => Some(empty),
        // A bare reference resolves to the value's text, as PHP substitutes it into the string.
        Value::Bool(b) => Some(Value::String(if *b { "1" } else { "" }.into())),
        other => Some(other.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sub_calls_inherit_only_ks_partner_and_client_tag() {
        let top = json!({
            "ks": "K", "partnerId": 7, "clientTag": "t", "format": 1, "apiVersion": "21.20.0",
            "language": "fr", "responseProfile": {"type": 1, "fields": "id"},
            "0": {"service": "baseEntry", "action": "get", "format": 2, "clientTag": "own"},
        });
        let Value::Object(top) = top else {
            unreachable!()
        };
        let calls = split(&top);
        let sub = &calls[0].2;
        assert_eq!(sub["ks"], "K");
        assert_eq!(sub["partnerId"], 7);
        assert_eq!(sub["clientTag"], "own");
        for absent in ["format", "apiVersion", "language", "responseProfile"] {
            assert!(!sub.contains_key(absent), "{absent} inherited: {sub:?}");
        }
    }

    #[test]
    fn references_walk_fields_and_indexes() {
        let results = vec![
            json!({"objects": [{"id": "0_abc"}]}),
            json!({"code": "X", "objectType": "KalturaAPIException"}),
        ];
        assert_eq!(
            lookup("{1:result:objects:0:id}", &results),
            Some(json!("0_abc"))
        );
        assert_eq!(lookup("{2:result:id}", &results), Some(json!("")));
        assert_eq!(lookup("{1:result:nosuch}", &results), Some(json!("")));
        assert_eq!(lookup("{1:resultx}", &results), None);
        assert_eq!(lookup("plain", &results), None);
    }
}
