//! Kaltura's XML answer format (`format=2`), the only one the official Python client
//! (`KalturaApiClient`) reads: `<xml><result>…</result><executionTime>…</executionTime></xml>`,
//! object fields as elements, arrays as `<item>`s, exceptions as `<error>`.

use serde_json::Value;

/// The whole XML document for one answer (a call's result or a multirequest's array).
pub fn render(answer: &Value) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?><xml><result>");
    write_slot(answer, &mut out);
    out.push_str("</result><executionTime>0.001</executionTime></xml>");
    out
}

fn is_exception(v: &Value) -> bool {
    v.get("objectType").and_then(Value::as_str) == Some("KalturaAPIException")
}

/// A result slot: an exception goes inside `<error>`, anything else as is.
fn write_slot(v: &Value, out: &mut String) {
    if is_exception(v) {
        out.push_str("<error>");
        write_exception(v, out);
        out.push_str("</error>");
    } else {
        write_value(v, out);
    }
}

fn write_exception(v: &Value, out: &mut String) {
    for field in ["objectType", "code", "message"] {
        if let Some(s) = v.get(field).and_then(Value::as_str) {
            element(field, s, out);
        }
    }
    out.push_str("<args>");
    if let Some(args) = v.get("args").and_then(Value::as_object) {
        for (name, value) in args {
            out.push_str("<item><objectType>KalturaApiExceptionArg</objectType>");
            element("name", name, out);
            element("value", value.as_str().unwrap_or_default(), out);
            out.push_str("</item>");
        }
    }
    out.push_str("</args>");
}

fn element(name: &str, text: &str, out: &mut String) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    escape(text, out);
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn write_value(v: &Value, out: &mut String) {
    match v {
        Value::Null => {}
        Value::Bool(b) => out.push(if *b { '1' } else { '0' }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => escape(s, out),
        Value::Array(items) => {
            for item in items {
                out.push_str("<item>");
                write_slot(item, out);
                out.push_str("</item>");
            }
        }
        Value::Object(map) => {
            for (k, inner) in map {
                if inner.is_null() {
                    continue;
                }
                out.push('<');
                out.push_str(k);
                out.push('>');
                write_value(inner, out);
                out.push_str("</");
                out.push_str(k);
                out.push('>');
            }
        }
    }
}

fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn objects_arrays_and_errors() {
        let v = json!({"objects": [{"id": "0_a", "objectType": "KalturaMediaEntry"}], "totalCount": 1, "objectType": "KalturaMediaListResponse"});
        assert_eq!(
            render(&v),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><xml><result><objects><item><id>0_a</id><objectType>KalturaMediaEntry</objectType></item></objects><totalCount>1</totalCount><objectType>KalturaMediaListResponse</objectType></result><executionTime>0.001</executionTime></xml>"
        );
        let e = json!({"code": "X", "message": "a<b", "objectType": "KalturaAPIException", "args": {"ID": "1"}});
        assert!(render(&e).contains("<result><error><objectType>KalturaAPIException</objectType><code>X</code><message>a&lt;b</message><args><item>"));
        assert!(render(&json!(true)).contains("<result>1</result>"));
    }
}
