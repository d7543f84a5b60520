//! What can go wrong in a Kaltura call, told apart so callers can react (retry, re-sign, explain).
//!
//! Every variant that comes from a call names it (`liveStream.get`), so a message reaching the
//! operator says *what* failed. Nothing here may hold the admin secret or a whole KS: Kaltura's own
//! `INVALID_KS` message echoes the KS it got, so exceptions are scrubbed on the way in
//! ([`ApiException::from_value`]) and every free-text detail goes through [`scrub`]. The same
//! scrub passes the text through [`crate::text::line`]: a server's message or code can carry
//! terminal escapes, and an error ends up on the operator's screen.
//!
//! Public API: [`ApiException`] `{code, message, args}` with `from_value(&Value, secrets)` and
//! `is_expired_ks()`; [`Error`] (`Api`, `Timeout`, `Connect`, `Interrupted`, `HttpStatus`,
//! `Throttled`, `TooLarge`, `NotJson`, `Truncated`, `Decode`, `Ks`, `Config`, `Credentials`)
//! with `code()`, `exception()`, `is_transient()`, `call()`, `is_expired_ks()`; [`scrub`].

use crate::kaltura::ks::{self, KsError};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

/// A `KalturaAPIException` answer: Kaltura refused the call and said why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiException {
    /// Kaltura's code, e.g. `ENTRY_ID_NOT_FOUND`, `INVALID_KS`: what callers match on
    /// (scrubbed and cleaned like the message: a hostile server can put anything there).
    pub code: String,
    /// Kaltura's sentence, already scrubbed of KSs and secrets and cleaned of controls.
    pub message: String,
    /// The exception's arguments by name (`ENTRY_ID` → `0_abc`), names and values stringified,
    /// scrubbed and cleaned.
    pub args: BTreeMap<String, String>,
}

impl ApiException {
    /// Reads an exception out of an answer, if it is one. Kaltura marks it with
    /// `objectType: "KalturaAPIException"`; the official Node client settles for an object with
    /// both `code` and `message`, and so do we. `secrets` are strings known to be sensitive
    /// (the KS sent, the admin secret) that must not survive into the message or args.
    pub fn from_value(value: &Value, secrets: &[&str]) -> Option<ApiException> {
        let obj = value.as_object()?;
        let tagged = obj.get("objectType").and_then(Value::as_str) == Some("KalturaAPIException");
        let has_both = obj.contains_key("code") && obj.contains_key("message");
        if !tagged && !has_both {
            return None;
        }
        let args = match obj.get("args") {
            Some(Value::Object(map)) => map
                .iter()
                .map(|(k, v)| (scrub(k, secrets), scrub(&value_text(v), secrets)))
                .collect(),
            // `[]` when there are none; a list of `{name, value}` pairs in some XML-to-JSON paths.
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|item| {
                    let name = scrub(item.get("name")?.as_str()?, secrets);
                    let v = item.get("value").map(value_text).unwrap_or_default();
                    Some((name, scrub(&v, secrets)))
                })
                .collect(),
            _ => BTreeMap::new(),
        };
        Some(ApiException {
            code: scrub(
                &obj.get("code").map(value_text).unwrap_or_default(),
                secrets,
            ),
            message: scrub(
                &obj.get("message").map(value_text).unwrap_or_default(),
                secrets,
            ),
            args,
        })
    }

    /// True for Kaltura's "the KS has expired" (`INVALID_KS` with the reason `EXPIRED` in place of
    /// the KS): the one KS failure a fresh KS cures.
    pub fn is_expired_ks(&self) -> bool {
        self.code == "INVALID_KS"
            && (self.message.contains("\"EXPIRED\"")
                || self.args.get("KSID").map(String::as_str) == Some("EXPIRED"))
    }
}

impl ApiException {
    /// True for Kaltura's "this session was logged out" (`INVALID_KS`, error `-6,LOGOUT`): what a
    /// session started from an app token meets once the token is deleted. No fresh KS from the
    /// same token cures it.
    pub fn is_logged_out(&self) -> bool {
        self.code == "INVALID_KS"
            && (self.args.get("ERR_CODE").map(String::as_str) == Some("-6")
                || self.message.contains("\"-6,"))
    }
}

impl fmt::Display for ApiException {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

/// Why a Kaltura call failed. Transport kinds are kept apart from Kaltura's own refusals because
/// only the former are worth retrying, and only for reads. `Clone` so the dashboard can keep an
/// error history and send errors between tasks.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// Kaltura answered with an exception (HTTP 200, `KalturaAPIException`).
    #[error("{call}: Kaltura refused: {exception}")]
    Api {
        /// The call, e.g. `liveStream.get`.
        call: String,
        /// Kaltura's code, message and args.
        exception: ApiException,
    },
    /// No complete answer within the call's deadline (one deadline for the call, its retries
    /// included).
    #[error("{call}: Kaltura did not answer within {} (the limit for one call, retries included)", secs(*limit))]
    Timeout {
        /// The call, e.g. `liveStream.get`.
        call: String,
        /// The deadline that ran out.
        limit: Duration,
    },
    /// The server could not be reached (refused, unreachable, DNS, TLS): the request was never
    /// sent, so a write certainly did not happen.
    #[error("{call}: cannot reach Kaltura: {detail}")]
    Connect {
        /// The call, e.g. `liveStream.get`.
        call: String,
        /// What the network stack said (no URL query, no KS).
        detail: String,
    },
    /// The connection was made but failed before an answer came (closed or reset after the
    /// request was written): Kaltura may have carried the call out, so a write's fate is unknown.
    #[error("{call}: the connection to Kaltura failed before it answered: {detail}")]
    Interrupted {
        /// The call, e.g. `liveStream.add`.
        call: String,
        /// What the network stack said (no URL query, no KS).
        detail: String,
    },
    /// An HTTP status other than 2xx (Kaltura itself answers errors with 200).
    #[error("{call}: Kaltura answered HTTP {status}{}", status_hint(*status))]
    HttpStatus {
        /// The call, e.g. `liveStream.get`.
        call: String,
        /// The HTTP status code.
        status: u16,
    },
    /// HTTP 429 or 503 with a `Retry-After` longer than we wait (or beyond the call's deadline):
    /// retrying at once would only add load, waiting would hang the operator.
    #[error(
        "{call}: Kaltura is busy (HTTP {status}) and asked to wait {retry_after_secs} s before trying again, longer than kwebcast waits ({waits_secs} s); try again later"
    )]
    Throttled {
        /// The call, e.g. `liveStream.list`.
        call: String,
        /// 429 or 503.
        status: u16,
        /// What `Retry-After` asked for, seconds.
        retry_after_secs: u64,
        /// The most kwebcast would have waited, seconds.
        waits_secs: u64,
    },
    /// The answer's body (after decompression) grew past the configured limit: a runaway or
    /// hostile answer (a gzip bomb, an endless stream) is cut off before it eats the memory.
    #[error(
        "{call}: Kaltura's answer is larger than the limit of {} (max_answer_mb); if the account really lists pages this large, raise max_answer_mb", mib(*limit))]
    TooLarge {
        /// The call, e.g. `liveStream.list`.
        call: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// A 2xx answer that is not JSON (an HTML error page, a proxy's notice).
    #[error("{call}: Kaltura's answer is not JSON")]
    NotJson {
        /// The call, e.g. `liveStream.get`.
        call: String,
    },
    /// The answer was cut short (connection dropped mid-body, JSON ends early, empty body).
    #[error("{call}: Kaltura's answer was cut short")]
    Truncated {
        /// The call, e.g. `liveStream.get`.
        call: String,
    },
    /// Valid JSON of a shape we cannot read as the expected type.
    #[error("{call}: unexpected answer: {detail}")]
    Decode {
        /// The call, e.g. `liveStream.get`.
        call: String,
        /// What did not fit (scrubbed).
        detail: String,
    },
    /// A KS could not be read or trusted (e.g. when checking one we were given).
    #[error("KS problem: {0}")]
    Ks(#[from] KsError),
    /// The client's configuration cannot work (bad URL, missing secret for signing).
    #[error("Kaltura client configuration: {0}")]
    Config(String),
    /// The credentials did not open the session asked for (an app token Kaltura refused, a link
    /// KS Kaltura would only make broader than asked): one sentence for the operator that says
    /// which way authenticates and what to do, never holding the token or a KS.
    #[error("{message}")]
    Credentials {
        /// The call that failed, e.g. `appToken.startSession`.
        call: String,
        /// Kaltura's code when it gave one (`APP_TOKEN_NOT_ACTIVE`...).
        code: Option<String>,
        /// The sentence.
        message: String,
    },
}

impl Error {
    /// Kaltura's exception code (`ENTRY_ID_NOT_FOUND`...), for callers that branch on it.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api { exception, .. } => Some(&exception.code),
            Error::Credentials { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// The exception itself, when Kaltura refused the call.
    pub fn exception(&self) -> Option<&ApiException> {
        match self {
            Error::Api { exception, .. } => Some(exception),
            _ => None,
        }
    }

    /// True for faults a later identical request may not meet (timeouts, refused connections,
    /// 5xx/429, cut-short bodies). Kaltura's refusals are answers, not faults, and never retried.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Timeout { .. }
            | Error::Connect { .. }
            | Error::Interrupted { .. }
            | Error::Truncated { .. } => true,
            Error::HttpStatus { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }

    /// The `service.action` that failed, when the error came from a call.
    pub fn call(&self) -> Option<&str> {
        match self {
            Error::Api { call, .. }
            | Error::Timeout { call, .. }
            | Error::Connect { call, .. }
            | Error::Interrupted { call, .. }
            | Error::HttpStatus { call, .. }
            | Error::Throttled { call, .. }
            | Error::TooLarge { call, .. }
            | Error::NotJson { call }
            | Error::Truncated { call }
            | Error::Decode { call, .. }
            | Error::Credentials { call, .. } => Some(call),
            Error::Ks(_) | Error::Config(_) => None,
        }
    }

    /// True when Kaltura said the KS expired: a fresh KS and one more try fix it.
    pub fn is_expired_ks(&self) -> bool {
        self.exception().is_some_and(ApiException::is_expired_ks)
    }
}

/// What an operator can do about a status Kaltura itself never sends.
fn status_hint(status: u16) -> &'static str {
    match status {
        300..=399 => " (a redirect: set the service URL to where it leads, e.g. https://)",
        401 | 403 => " (refused before reaching Kaltura: check proxies and the service URL)",
        404 => " (no Kaltura API here: check the service URL)",
        _ => "",
    }
}

/// A duration for a message: `30 s`, `0.3 s`.
fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s:.1} s")
    }
}

/// A byte count for a message: `8 MiB`, `512 KiB`.
fn mib(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 1 << 10 {
        format!("{} KiB", bytes >> 10)
    } else {
        format!("{bytes} bytes")
    }
}

/// Text of an arg or message value: strings as they are, anything else as its JSON.
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The longest free text (an exception's message, a decode detail) kept, in characters.
pub const MAX_DETAIL_CHARS: usize = 2000;

/// Removes sensitive strings from free text: each of `secrets` (the KS we sent, the admin secret)
/// and any word that decodes as a KS (Kaltura echoes KSs in `INVALID_KS`), each replaced by
/// [`ks::redact`] or `[redacted]`; then cleans it for one line ([`crate::text::line`]) and cuts
/// it to [`MAX_DETAIL_CHARS`], since such text comes from outside and is shown.
pub fn scrub(text: &str, secrets: &[&str]) -> String {
    let clean = crate::text::line_owned(scrub_secrets(text, secrets));
    crate::text::shorten(&clean, MAX_DETAIL_CHARS).into_owned()
}

fn scrub_secrets(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_string();
    for secret in secrets.iter().filter(|s| s.len() >= 4) {
        if out.contains(secret) {
            let replacement = if ks::decode(secret).is_ok() {
                ks::redact(secret)
            } else {
                "[redacted]".to_string()
            };
            out = out.replace(secret, &replacement);
        }
    }
    let words: Vec<String> = out
        .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '-' | '_')))
        .filter(|w| w.len() >= 40 && ks::decode(w).is_ok())
        .map(str::to_string)
        .collect();
    for word in words {
        out = out.replace(&word, &ks::redact(&word));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kaltura::ks::{KsSpec, KsVersion, SessionType};
    use serde_json::json;

    fn a_ks() -> String {
        ks::sign(
            "s3cr3t-admin",
            &KsSpec {
                partner_id: 1000,
                user_id: "admin@example.com",
                session_type: SessionType::Admin,
                expires_at: 1_900_000_000,
                privileges: "disableentitlement",
            },
            KsVersion::V2,
        )
    }

    #[test]
    fn reads_an_exception_with_args_object() {
        let v = json!({"code": "ENTRY_ID_NOT_FOUND", "message": "Entry id \"0_nosuch00\" not found",
            "objectType": "KalturaAPIException", "args": {"ENTRY_ID": "0_nosuch00", "N": 3}});
        let e = ApiException::from_value(&v, &[]).unwrap();
        assert_eq!(e.code, "ENTRY_ID_NOT_FOUND");
        assert_eq!(e.message, "Entry id \"0_nosuch00\" not found");
        assert_eq!(e.args["ENTRY_ID"], "0_nosuch00");
        assert_eq!(e.args["N"], "3");
    }

    #[test]
    fn reads_an_exception_with_empty_args_list_and_without_object_type() {
        let v = json!({"code": "MISSING_KS", "message": "Missing KS, session not established", "args": []});
        let e = ApiException::from_value(&v, &[]).unwrap();
        assert_eq!(e.code, "MISSING_KS");
        assert!(e.args.is_empty());
        let tagged = json!({"objectType": "KalturaAPIException", "code": "X"});
        assert_eq!(ApiException::from_value(&tagged, &[]).unwrap().code, "X");
    }

    #[test]
    fn ordinary_objects_are_not_exceptions() {
        for v in [
            json!({"objectType": "KalturaLiveStreamEntry", "id": "0_x", "message": "hi"}),
            json!("djJ8..."),
            json!(true),
            json!(null),
            json!([{"code": "a", "message": "b"}]),
        ] {
            assert!(ApiException::from_value(&v, &[]).is_none(), "{v}");
        }
    }

    #[test]
    fn invalid_ks_echo_is_redacted_even_when_not_known() {
        let ks = a_ks();
        let v = json!({"code": "INVALID_KS", "objectType": "KalturaAPIException",
            "message": format!("Invalid KS \"{ks}\", Error \"-1,INVALID_STR\""),
            "args": {"KSID": ks, "ERR_CODE": -1, "ERR_DESC": "INVALID_STR"}});
        let e = ApiException::from_value(&v, &[]).unwrap();
        assert!(!e.message.contains(&ks), "{}", e.message);
        assert!(!e.args["KSID"].contains(&ks));
        assert!(e.message.contains(&ks::redact(&ks)));
        assert_eq!(e.args["ERR_CODE"], "-1");
        let err = Error::Api {
            call: "liveStream.get".into(),
            exception: e,
        };
        let text = err.to_string();
        assert!(text.starts_with("liveStream.get: "), "{text}");
        assert!(!text.contains(&ks));
        assert!(!format!("{err:?}").contains(&ks));
    }

    #[test]
    fn a_v1_ks_echo_is_redacted_too() {
        let v1 = ks::sign(
            "s3cr3t-admin",
            &KsSpec {
                partner_id: 1000,
                user_id: "someone@example.com",
                session_type: SessionType::User,
                expires_at: 1_900_000_000,
                privileges: "sview:0_abcd1234,enableentitlement",
            },
            KsVersion::V1,
        );
        let text = scrub(
            &format!("Invalid KS \"{v1}\", Error \"-1,INVALID_STR\""),
            &[],
        );
        assert!(!text.contains(&v1), "{text}");
        assert!(text.contains("Error \"-1,INVALID_STR\""), "{text}");
    }

    #[test]
    fn a_ks_inside_a_query_string_is_redacted() {
        let ks = a_ks();
        let text = scrub(&format!("GET /x?ks={ks}&a=1 failed"), &[]);
        assert!(!text.contains(&ks), "{text}");
        assert!(text.starts_with("GET /x?ks=djJ8"), "{text}");
    }

    #[test]
    fn known_secrets_are_scrubbed() {
        let v =
            json!({"code": "START_SESSION_ERROR", "message": "bad secret s3cr3t-admin for 1000"});
        let e = ApiException::from_value(&v, &["s3cr3t-admin"]).unwrap();
        assert_eq!(e.message, "bad secret [redacted] for 1000");
    }

    #[test]
    fn hostile_exceptions_are_cleaned_and_a_ks_in_the_code_is_redacted() {
        let ks = a_ks();
        let v = json!({"objectType": "KalturaAPIException",
            "code": format!("EVIL\u{1b}]52;c;eA==\u{7}{ks}"),
            "message": "bad\u{1b}[2J\r\nthing\u{9b}31m\u{202e}",
            "args": {"K\u{1b}": "v\u{7}"}});
        let e = ApiException::from_value(&v, &[]).unwrap();
        assert!(!e.code.contains(&ks), "{}", e.code);
        assert!(e.code.starts_with("EVIL�]52;c;eA==�djJ8"), "{}", e.code);
        assert_eq!(e.message, "bad�[2J thing�31m");
        assert_eq!(e.args["K�"], "v�");
        let shown = Error::Api {
            call: "liveStream.get".into(),
            exception: e,
        }
        .to_string();
        assert!(shown.chars().all(crate::text::is_safe_char), "{shown:?}");
    }

    #[test]
    fn a_huge_message_is_cut() {
        let v = json!({"code": "X", "message": "m".repeat(5_000_000)});
        let e = ApiException::from_value(&v, &[]).unwrap();
        assert!(e.message.len() < 2100, "{}", e.message.len());
        assert!(
            e.message.ends_with("… (5000000 characters)"),
            "{}",
            &e.message[1990..]
        );
    }

    #[test]
    fn expired_ks_is_recognised() {
        let v = json!({"code": "INVALID_KS", "message": "Invalid KS \"EXPIRED\", Error \"-1,INVALID_STR\"",
            "args": {"KSID": "EXPIRED"}});
        let err = Error::Api {
            call: "baseEntry.list".into(),
            exception: ApiException::from_value(&v, &[]).unwrap(),
        };
        assert!(err.is_expired_ks());
        assert!(!err.exception().unwrap().is_logged_out());
        assert_eq!(err.code(), Some("INVALID_KS"));
        assert!(!err.is_transient());
        assert_eq!(err.call(), Some("baseEntry.list"));
    }

    #[test]
    fn a_logged_out_session_is_recognised() {
        let v = json!({"code": "INVALID_KS", "message": "Invalid KS \"x\", Error \"-6,LOGOUT\"",
            "args": {"KSID": "x", "ERR_CODE": "-6", "ERR_DESC": "LOGOUT"}});
        let e = ApiException::from_value(&v, &[]).unwrap();
        assert!(e.is_logged_out());
        assert!(!e.is_expired_ks());
        let creds = Error::Credentials {
            call: "appToken.startSession".into(),
            code: Some("APP_TOKEN_NOT_ACTIVE".into()),
            message: "the app token 0_x is no longer active".into(),
        };
        assert_eq!(creds.code(), Some("APP_TOKEN_NOT_ACTIVE"));
        assert_eq!(creds.call(), Some("appToken.startSession"));
        assert_eq!(creds.to_string(), "the app token 0_x is no longer active");
        assert!(!creds.is_transient());
    }

    #[test]
    fn transient_kinds() {
        let c = || "media.list".to_string();
        assert!(
            Error::Timeout {
                call: c(),
                limit: Duration::from_secs(30)
            }
            .is_transient()
        );
        let throttled = Error::Throttled {
            call: c(),
            status: 429,
            retry_after_secs: 120,
            waits_secs: 10,
        };
        assert!(!throttled.is_transient());
        assert!(
            throttled.to_string().contains("asked to wait 120 s"),
            "{throttled}"
        );
        let big = Error::TooLarge {
            call: c(),
            limit: 8 << 20,
        };
        assert!(!big.is_transient());
        assert!(big.to_string().contains("limit of 8 MiB"), "{big}");
        assert!(
            Error::Connect {
                call: c(),
                detail: "refused".into()
            }
            .is_transient()
        );
        assert!(
            Error::Interrupted {
                call: c(),
                detail: "connection closed before message completed".into()
            }
            .is_transient()
        );
        assert!(Error::Truncated { call: c() }.is_transient());
        assert!(
            Error::HttpStatus {
                call: c(),
                status: 503
            }
            .is_transient()
        );
        assert!(
            !Error::HttpStatus {
                call: c(),
                status: 404
            }
            .is_transient()
        );
        assert!(!Error::NotJson { call: c() }.is_transient());
        assert!(
            !Error::Decode {
                call: c(),
                detail: "x".into()
            }
            .is_transient()
        );
        assert!(Error::Config("x".into()).call().is_none());
    }
}
