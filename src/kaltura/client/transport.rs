//! One HTTP exchange with Kaltura: send a JSON body, read the answer, sort failures into
//! [`Error`] kinds. Logs each exchange at debug level without KS, secret or body.
//!
//! The body is read as a stream and counted *after* decompression: a gzip bomb (2 MB that
//! inflate to gigabytes), an endless chunked answer or a 100 MB page stop at the configured
//! limit with [`Error::TooLarge`], so memory stays bounded whatever a server sends. Time is bounded
//! by the caller, which runs each exchange under the call's deadline.

use crate::kaltura::error::{ApiException, Error, scrub};
use crate::kaltura::wire::ApiRequest;
use serde_json::Value;
use std::time::{Duration, Instant};

/// Where and what to send, and what must not leak from the answer.
pub(crate) struct Exchange<'a> {
    /// The call's name for errors and logs (`liveStream.get`, `multirequest(...)`).
    pub call: &'a str,
    /// The full URL.
    pub url: &'a str,
    /// The JSON body.
    pub body: &'a Value,
    /// Strings to scrub from anything we report (the KS sent, the secret).
    pub secrets: &'a [&'a str],
    /// Which try this is (1-based), for the log.
    pub attempt: u32,
    /// The most bytes of answer (decompressed) we read.
    pub max_answer_bytes: u64,
}

/// What one exchange gave: the answer or the failure, and for a 429/503 the wait the server
/// asked for in `Retry-After`.
pub(crate) struct Outcome {
    /// The parsed JSON answer (exceptions included, unchecked), or why there is none.
    pub result: Result<Value, Error>,
    /// `Retry-After` of a 429 or 503, when it was given and readable.
    pub retry_after: Option<Duration>,
}

/// Sends one request and reads the answer (at most `max_answer_bytes` of it).
pub(crate) async fn post_json(http: &reqwest::Client, ex: &Exchange<'_>) -> Outcome {
    let call = ex.call;
    let fail = |e: Error| Outcome {
        result: Err(e),
        retry_after: None,
    };
    let body = match serde_json::to_vec(ex.body) {
        Ok(b) => b,
        Err(e) => {
            return fail(Error::Decode {
                call: call.to_string(),
                detail: format!("cannot encode the request: {e}"),
            });
        }
    };
    let sent = body.len();
    let started = Instant::now();
    let response = match http
        .post(ex.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(reqwest::header::ACCEPT, "application/json")
        .body(body)
        .send()
        .await
    {
        Ok(r) => r,
        Err(e) => return fail(classify(call, e, ex.secrets)),
    };
    let status = response.status();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| crate::text::line(v).chars().take(200).collect::<String>())
            .unwrap_or_default()
    };
    let (server, session) = (header("x-me"), header("x-kaltura-session"));
    let content_type = header("content-type");
    let retry_after = if matches!(status.as_u16(), 429 | 503) {
        parse_retry_after(&header("retry-after"), std::time::SystemTime::now())
    } else {
        None
    };
    let bytes = if status.is_success() {
        Some(read_capped(call, response, ex.max_answer_bytes, ex.secrets).await)
    } else {
        // An error status says all we need; its body is never read.
        None
    };
    let elapsed_ms = started.elapsed().as_millis() as u64;
    let received = match &bytes {
        Some(Ok(b)) => b.len(),
        _ => 0,
    };
    tracing::debug!(
        target: "kwebcast::kaltura",
        call,
        attempt = ex.attempt,
        status = status.as_u16(),
        elapsed_ms,
        sent,
        received,
        x_me = %server,
        x_kaltura_session = %session,
        content_type = %content_type,
        "kaltura call"
    );
    let result = match bytes {
        None => Err(Error::HttpStatus {
            call: call.to_string(),
            status: status.as_u16(),
        }),
        Some(Err(e)) => Err(e),
        Some(Ok(bytes)) => parse_body(call, &bytes),
    };
    Outcome {
        result,
        retry_after,
    }
}

/// Reads the body chunk by chunk (reqwest inflates gzip on the way), failing with
/// [`Error::TooLarge`] as soon as it would pass `limit`. A `Content-Length` above the limit is
/// refused before a byte is read.
async fn read_capped(
    call: &str,
    mut response: reqwest::Response,
    limit: u64,
    secrets: &[&str],
) -> Result<Vec<u8>, Error> {
    let too_large = || Error::TooLarge {
        call: call.to_string(),
        limit,
    };
    // Content-Length is of the encoded body; with gzip the inflated one is larger, still capped.
    let declared = response.content_length();
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let mut body: Vec<u8> =
        Vec::with_capacity(declared.unwrap_or(0).min(limit).min(1 << 20) as usize);
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| classify(call, e, secrets))?
    {
        if body.len() as u64 + chunk.len() as u64 > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Reads `Retry-After`: whole seconds, or an HTTP date (RFC 9110) counted from `now`. `None`
/// when absent or unreadable.
pub(crate) fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = jiff::fmt::rfc2822::parse(value).ok()?.timestamp();
    let now = jiff::Timestamp::try_from(now).ok()?;
    let secs = at.as_second().saturating_sub(now.as_second()).max(0);
    Some(Duration::from_secs(secs as u64))
}

/// Parses an answer body: cut-short JSON (or none at all) is [`Error::Truncated`], anything else
/// that is not JSON is [`Error::NotJson`].
pub(crate) fn parse_body(call: &str, bytes: &[u8]) -> Result<Value, Error> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Truncated {
            call: call.to_string(),
        });
    }
    serde_json::from_slice(bytes).map_err(|e| {
        if e.is_eof() {
            Error::Truncated {
                call: call.to_string(),
            }
        } else {
            Error::NotJson {
                call: call.to_string(),
            }
        }
    })
}

/// Sorts a reqwest failure into our kinds. The detail is the cause chain without the URL.
/// Only a failure to connect (or to build the request) proves nothing was sent
/// ([`Error::Connect`]); a connection that fails later may have delivered the request
/// ([`Error::Interrupted`]), which matters for writes.
fn classify(call: &str, e: reqwest::Error, secrets: &[&str]) -> Error {
    let call = call.to_string();
    if e.is_timeout() {
        // reqwest's own connect timeout; the call's deadline is enforced by the caller.
        return Error::Connect {
            call,
            detail: "the connection timed out".into(),
        };
    }
    if e.is_body() || e.is_decode() {
        return Error::Truncated { call };
    }
    let never_sent = e.is_connect() || e.is_builder();
    let mut parts = Vec::new();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    // hyper's outer layer ("client error (Connect)") says nothing the inner ones do not.
    if parts.len() > 1 && parts[0].starts_with("client error") {
        parts.remove(0);
    }
    let detail = if parts.is_empty() {
        e.without_url().to_string()
    } else {
        parts.join(": ")
    };
    let detail = scrub(&detail, secrets);
    if never_sent {
        Error::Connect { call, detail }
    } else {
        Error::Interrupted { call, detail }
    }
}

/// Turns one call's answer into its value or its exception.
pub(crate) fn check_exception(call: &str, value: Value, secrets: &[&str]) -> Result<Value, Error> {
    match ApiException::from_value(&value, secrets) {
        Some(exception) => Err(Error::Api {
            call: call.to_string(),
            exception,
        }),
        None => Ok(value),
    }
}

/// Splits a multirequest answer into one result per request: Kaltura answers an array with each
/// call's value or exception in its slot. A missing slot is a decode error for that call; an
/// answer that is not an array fails the whole batch.
pub(crate) fn split_multi(
    batch: &str,
    reqs: &[ApiRequest],
    value: Value,
    secrets: &[&str],
) -> Result<Vec<Result<Value, Error>>, Error> {
    let items = match value {
        Value::Array(items) => items,
        other => {
            check_exception(batch, other, secrets)?;
            return Err(Error::Decode {
                call: batch.to_string(),
                detail: "a multirequest answer must be an array".into(),
            });
        }
    };
    let mut items = items.into_iter();
    Ok(reqs
        .iter()
        .map(|req| match items.next() {
            Some(v) => check_exception(&req.name(), v, secrets),
            None => Err(Error::Decode {
                call: req.name(),
                detail: "the multirequest answer has no slot for this call".into(),
            }),
        })
        .collect())
}

/// A multirequest's name for errors: its calls, repeated ones counted
/// (`multirequest(liveStream.list, baseEntry.list×3)`).
pub(crate) fn batch_name(reqs: &[ApiRequest]) -> String {
    let mut parts: Vec<(String, usize)> = Vec::new();
    for req in reqs {
        let name = req.name();
        match parts.iter_mut().find(|(n, _)| *n == name) {
            Some((_, count)) => *count += 1,
            None => parts.push((name, 1)),
        }
    }
    let list: Vec<String> = parts
        .into_iter()
        .map(|(n, c)| if c == 1 { n } else { format!("{n}×{c}") })
        .collect();
    format!("multirequest({})", list.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn body_kinds() {
        assert!(matches!(
            parse_body("a.b", b""),
            Err(Error::Truncated { .. })
        ));
        assert!(matches!(
            parse_body("a.b", b"{\"id\": \"0_ab"),
            Err(Error::Truncated { .. })
        ));
        assert!(matches!(
            parse_body("a.b", b"<html>Bad gateway</html>"),
            Err(Error::NotJson { .. })
        ));
        assert_eq!(parse_body("a.b", b"null").unwrap(), Value::Null);
        assert_eq!(parse_body("a.b", b"\"djJ8\"").unwrap(), json!("djJ8"));
    }

    #[test]
    fn multirequest_slots() {
        let reqs = vec![
            ApiRequest::new("liveStream", "get"),
            ApiRequest::new("liveStream", "isLive"),
            ApiRequest::new("baseEntry", "list"),
        ];
        let answer = json!([{"id": "0_a"}, {"code": "INVALID_ENTRY_ID", "message": "Invalid entry id [\"0_a\"]",
            "objectType": "KalturaAPIException", "args": {"ENTRY_ID": "0_a"}}]);
        let slots = split_multi("mr", &reqs, answer, &[]).unwrap();
        assert_eq!(slots[0].as_ref().unwrap()["id"], "0_a");
        let err = slots[1].as_ref().unwrap_err();
        assert_eq!(err.code(), Some("INVALID_ENTRY_ID"));
        assert_eq!(err.call(), Some("liveStream.isLive"));
        assert!(matches!(&slots[2], Err(Error::Decode { call, .. }) if call == "baseEntry.list"));
        assert!(matches!(
            split_multi("mr", &reqs, json!({"id": 1}), &[]),
            Err(Error::Decode { .. })
        ));
        let whole = split_multi(
            "mr",
            &reqs,
            json!({"code": "MISSING_KS", "message": "m"}),
            &[],
        );
        assert_eq!(whole.unwrap_err().code(), Some("MISSING_KS"));
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now = std::time::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
    }

    #[test]
    fn batch_names_count_repeats() {
        let reqs = vec![
            ApiRequest::new("liveStream", "list"),
            ApiRequest::new("baseEntry", "list"),
            ApiRequest::new("baseEntry", "list"),
        ];
        assert_eq!(
            batch_name(&reqs),
            "multirequest(liveStream.list, baseEntry.list×2)"
        );
    }
}
