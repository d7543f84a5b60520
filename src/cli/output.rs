//! Printing results and errors, as text or as the documented `--json` contract (`docs/cli.md`):
//! one JSON object per line, `"schema": 1` and `"sandbox"` first, stable keys. Errors go to stderr
//! in the same mode, scrubbed of the secret and of whole KSs.
//!
//! Every byte the CLI writes goes through here, so this is where the terminal is guarded:
//! - Text mode: each line passes through [`crate::text::line`] (no ESC, BEL, C1, bidi or
//!   zero-width character reaches the terminal, whatever a server or a file said), the secret is
//!   scrubbed, and every KS is redacted except the USER-session KSs we signed for links (the
//!   product of `links` and `studio`). The one deliberate exception is `kwebcast ks`, which prints
//!   the KS it was asked for ([`Output::requested_ks`]).
//! - `--json`: values stay exact (JSON escapes C0 itself; DEL, C1 and the bidi/format characters
//!   are written as `\uXXXX` escapes too, so the bytes are inert on a terminal and the parsed value
//!   is unchanged), but KSs are redacted the same way wherever they appear, `error.code`
//!   included.

use super::failure::Failure;
use crate::kaltura::ks::{self, SessionType};
use crate::kaltura::secret::AdminSecret;
use crate::logging::scrub;
use serde_json::{Map, Value, json};
use std::io::Write;

/// The `--json` schema version; bumped only when a key changes meaning or disappears.
pub const SCHEMA: u64 = 1;

/// Where a command's results go.
#[derive(Debug, Clone)]
pub struct Output {
    /// `--json` was given.
    pub json: bool,
    /// The backend is the sandbox (every output says so).
    pub sandbox: bool,
    /// The secret to scrub from anything printed, as a last line of defence; an [`AdminSecret`] so
    /// that `{:?}` of an `Output` (a log line, a panic) cannot print it.
    secret: Option<AdminSecret>,
}

impl Output {
    /// An output for one run.
    pub fn new(json: bool, sandbox: bool, secret: Option<String>) -> Output {
        Output {
            json,
            sandbox,
            secret: secret.map(AdminSecret::new),
        }
    }

    fn secret(&self) -> Option<&str> {
        self.secret.as_ref().map(AdminSecret::expose)
    }

    /// Prints text to stdout (text mode only), one guarded line per `\n`-separated piece.
    pub fn line(&self, text: impl AsRef<str>) {
        if self.json {
            return;
        }
        let mut out = std::io::stdout().lock();
        for piece in text.as_ref().split('\n') {
            let _ = writeln!(out, "{}", guard(piece, self.secret()));
        }
    }

    /// Prints `warning: TEXT` to stderr (text mode), guarded like [`Output::line`].
    pub fn warning(&self, text: impl AsRef<str>) {
        eprint_guarded(&format!("warning: {}", text.as_ref()), self.secret());
    }

    /// Prints a KS the operator asked for (`kwebcast ks`): the one line whose KS is not redacted.
    /// Still cleaned for the terminal.
    pub fn requested_ks(&self, ks: &str) {
        if !self.json {
            println!("{}", crate::text::line(ks));
        }
    }

    /// The sandbox notice every text output starts with when the sandbox is in use.
    pub fn sandbox_notice(&self, url: &str) {
        if self.sandbox {
            self.line(format!(
                "sandbox: using the built-in Kaltura sandbox at {url} (no account configured, or --sandbox)"
            ));
        }
    }

    /// Prints one JSON object: `schema`, `sandbox`, then the fields of `body` in order. KSs other
    /// than our own user-session links are redacted.
    pub fn json(&self, body: Value) {
        self.write_json(body, true);
    }

    /// [`Output::json`] for `kwebcast ks --json`, whose `ks` field is the KS asked for.
    pub fn json_with_requested_ks(&self, body: Value) {
        self.write_json(body, false);
    }

    fn write_json(&self, body: Value, redact: bool) {
        let mut obj = Map::new();
        obj.insert("schema".into(), json!(SCHEMA));
        obj.insert("sandbox".into(), json!(self.sandbox));
        if let Value::Object(fields) = body {
            obj.extend(fields);
        }
        let mut value = Value::Object(obj);
        if redact {
            map_strings(&mut value, &|s| redact_kss(s, self.secret()));
        }
        let text = terminal_safe_json(&value);
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{text}");
        let _ = out.flush();
    }

    /// Prints a failure to stderr: `error: SENTENCE` or a JSON error object.
    pub fn failure(&self, failure: &Failure) {
        print_failure(failure, self.json, self.sandbox, self.secret());
    }

    /// Removes the secret and whole KSs from operator-facing text.
    pub fn clean(&self, text: &str) -> String {
        crate::text::line_owned(scrub(text, self.secret()))
    }
}

/// Prints a failure before an [`Output`] exists (usage and configuration errors). The message
/// and code are scrubbed of the secret and of anything shaped like a KS, and cleaned.
pub fn print_failure(failure: &Failure, json_mode: bool, sandbox: bool, secret: Option<&str>) {
    let message = crate::text::line_owned(scrub(&failure.message(), secret));
    if json_mode {
        let code = failure
            .code()
            .map(|c| crate::text::line_owned(scrub(c, secret)));
        let body = json!({
            "schema": SCHEMA,
            "sandbox": sandbox,
            "error": {
                "kind": failure.kind(),
                "message": message,
                "code": code,
                "exit_code": failure.exit_code(),
            }
        });
        eprintln!("{}", terminal_safe_json(&body));
    } else {
        eprintln!("error: {message}");
    }
}

/// Prints one line to stderr, guarded like [`Output::line`] (config warnings, before an
/// [`Output`] exists).
pub fn eprint_guarded(text: &str, secret: Option<&str>) {
    let mut err = std::io::stderr().lock();
    for piece in text.split('\n') {
        let _ = writeln!(err, "{}", guard(piece, secret));
    }
}

/// One line made safe for the terminal: the secret scrubbed, foreign and admin KSs redacted,
/// controls, bidi and zero-width characters cleaned.
pub fn guard(text: &str, secret: Option<&str>) -> String {
    let text = match secret {
        Some(s) if s.len() >= 4 => text.replace(s, "[redacted]"),
        _ => text.to_string(),
    };
    crate::text::line_owned(redact_kss(&text, secret))
}

/// Redacts every KS in `text` except the USER sessions signed with `secret` (the attendee,
/// moderator and Studio KSs in links, which are what `links` and `studio` are for): an admin KS,
/// or one we did not sign (a server echoing something), never reaches the output.
pub fn redact_kss(text: &str, secret: Option<&str>) -> String {
    let is_ks_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_ks_char) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(|c: char| !is_ks_char(c)).unwrap_or(rest.len());
        let word = &rest[..end];
        if is_other_ks(word, secret) {
            out.push_str(&ks::redact(word));
        } else if word.contains(['/', '=']) {
            // A KS in a URL (`/ks/KS/`, `?ks=KS`): base64's own `/` and `=` join it to its
            // neighbours, so each piece between them is looked at too.
            let mut piece_start = 0;
            for (i, c) in word.char_indices().chain([(word.len(), '/')]) {
                if c == '/' || c == '=' {
                    let piece = &word[piece_start..i];
                    if is_other_ks(piece, secret) {
                        out.push_str(&ks::redact(piece));
                    } else {
                        out.push_str(piece);
                    }
                    if i < word.len() {
                        out.push(c);
                    }
                    piece_start = i + 1;
                }
            }
        } else {
            out.push_str(word);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A KS that is not one of our user-session link KSs.
fn is_other_ks(word: &str, secret: Option<&str>) -> bool {
    word.len() >= 40 && ks::decode(word).is_ok() && !is_our_user_ks(word, secret)
}

fn is_our_user_ks(word: &str, secret: Option<&str>) -> bool {
    let Some(secret) = secret else { return false };
    ks::verify(word, secret).is_ok_and(|info| info.session_type == SessionType::User)
}

/// Applies `f` to every string in `value` (object keys stay: they are ours).
fn map_strings(value: &mut Value, f: &impl Fn(&str) -> String) {
    match value {
        Value::String(s) => *s = f(s),
        Value::Array(items) => items.iter_mut().for_each(|v| map_strings(v, f)),
        Value::Object(map) => map.values_mut().for_each(|v| map_strings(v, f)),
        _ => {}
    }
}

/// Compact JSON whose bytes are inert on a terminal: besides the C0 escapes JSON requires, DEL,
/// C1 controls, U+2028/U+2029 and format characters (bidi, zero-width) are written as `\uXXXX`.
/// The parsed value is exactly the same.
pub fn terminal_safe_json(value: &Value) -> String {
    let mut bytes = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut bytes, SafeFormatter);
    if serde::Serialize::serialize(value, &mut ser).is_err() {
        return value.to_string();
    }
    String::from_utf8(bytes).unwrap_or_else(|_| value.to_string())
}

struct SafeFormatter;

impl serde_json::ser::Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if crate::text::is_safe_char(c) {
                continue;
            }
            writer.write_all(&fragment.as_bytes()[start..i])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            start = i + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        let out = Output::new(false, false, Some("hunter2-output-secret".into()));
        assert!(!format!("{out:?}").contains("hunter2"));
        assert!(!format!("{out:#?}").contains("hunter2"));
        assert_eq!(out.clean("x hunter2-output-secret y"), "x [redacted] y");
    }

    fn sign(session_type: SessionType, secret: &str) -> String {
        ks::sign(
            secret,
            &ks::KsSpec {
                partner_id: 1,
                user_id: "u",
                session_type,
                expires_at: 2_000_000_000,
                privileges: "sview:0_abc",
            },
            ks::KsVersion::V2,
        )
    }

    #[test]
    fn only_our_user_kss_survive_the_guard() {
        let secret = "guard-test-secret-123";
        let user = sign(SessionType::User, secret);
        let admin = sign(SessionType::Admin, secret);
        let foreign = sign(SessionType::User, "someone-else");
        let text = format!("a {user} b ks/{admin}/c ({foreign}) ?ks={foreign}&x=1 \u{1b}]0;t\u{7}");
        let shown = guard(&text, Some(secret));
        assert!(shown.contains(&user), "{shown}");
        assert!(
            !shown.contains(&admin) && !shown.contains(&foreign),
            "{shown}"
        );
        assert!(shown.ends_with("�]0;t�"), "{shown}");
        // Without a secret to tell ours apart, every KS goes.
        assert!(!guard(&text, None).contains(&user));
    }

    #[test]
    fn json_bytes_are_inert_and_the_value_exact() {
        let v =
            json!({"name": "a\u{1b}[2J\u{7}\u{9b}\u{202e}\u{7f}\u{200b}\u{2028}\u{e0041}b é 🎉"});
        let text = terminal_safe_json(&v);
        assert!(
            text.is_ascii() || text.chars().all(crate::text::is_safe_char),
            "{text}"
        );
        assert!(!text.contains('\u{1b}') && !text.contains('\u{9b}') && !text.contains('\u{202e}'));
        assert!(
            text.contains("\\u009b") && text.contains("\\u202e") && text.contains("\\udb40\\udc41"),
            "{text}"
        );
        assert!(text.contains("é 🎉"), "{text}");
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), v);
    }
}
