//! Printing results and errors, as text or as the documented `--json` contract (`docs/cli.md`):
//! one JSON object per line, `"schema": 1` and `"sandbox"` first, stable keys. Errors go to stderr
//! in the same mode, scrubbed of the secret, the app token and whole KSs.
//!
//! Every byte the CLI writes goes through here, so this is where the terminal is guarded:
//! - Text mode: each line passes through [`crate::text::line`] (no ESC, BEL, C1, bidi or
//!   zero-width character reaches the terminal, whatever a server or a file said), the secret is
//!   scrubbed (and so are the link tokens minted or read back this run, in both modes), and every KS is redacted except the USER-session KSs we signed for links, or those
//!   the service issued for our links when we sign in with an app token ([`Output::trust_links`]):
//!   the product of `links` and `studio`. The one deliberate exception is `kwebcast ks`, which prints
//!   the KS it was asked for ([`Output::requested_ks`]).
//! - `--json`: values stay exact (JSON escapes C0 itself; DEL, C1 and the bidi/format characters
//!   are written as `\uXXXX` escapes too, so the bytes are inert on a terminal and the parsed value
//!   is unchanged), but KSs are redacted the same way wherever they appear, `error.code`
//!   included.

use super::failure::Failure;
use crate::kaltura::ks::{self, SessionType};
use crate::kaltura::secret::AdminSecret;
use crate::logging::scrub_all;
use serde_json::{Map, Value, json};
use std::collections::HashSet;
use std::io::Write;
use std::sync::{Arc, Mutex};

/// The `--json` schema version; bumped only when a key changes meaning or disappears.
pub const SCHEMA: u64 = 1;

/// Where a command's results go.
#[derive(Debug, Clone)]
pub struct Output {
    /// `--json` was given.
    pub json: bool,
    /// The backend is the sandbox (every output says so).
    pub sandbox: bool,
    /// What must not be printed and which KSs may be.
    guard: Guard,
}

/// What the terminal guard scrubs and spares: the secrets (the admin secret, the app token) as
/// [`AdminSecret`]s so that `{:?}` (a log line, a panic) cannot print them; the admin secret
/// again as the key that proves a link KS is ours; and the link KSs the service issued to us
/// (app-token sign-in), which no local key can verify.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    secrets: Vec<AdminSecret>,
    signer: Option<AdminSecret>,
    issued: Arc<Mutex<HashSet<String>>>,
}

impl Guard {
    /// A guard scrubbing the admin secret and the app token; the admin secret also verifies our
    /// own link KSs.
    pub fn new(admin_secret: Option<&str>, app_token: Option<&str>) -> Guard {
        Guard {
            secrets: admin_secret
                .into_iter()
                .chain(app_token)
                .filter(|s| !s.is_empty())
                .map(AdminSecret::new)
                .collect(),
            signer: admin_secret.filter(|s| !s.is_empty()).map(AdminSecret::new),
            issued: Arc::default(),
        }
    }

    fn secret_list(&self) -> Vec<&str> {
        self.secrets.iter().map(AdminSecret::expose).collect()
    }

    /// One line made safe for the terminal: the secrets scrubbed, foreign and admin KSs
    /// redacted, controls, bidi and zero-width characters cleaned.
    pub fn line(&self, text: &str) -> String {
        // Link tokens minted or read back this run ([`crate::kaltura::secret::hold_runtime_secret`]).
        let mut text = crate::kaltura::secret::scrub_runtime_secrets(text);
        for s in self.secrets.iter().map(AdminSecret::expose) {
            if s.len() >= 4 {
                text = text.replace(s, "[redacted]");
            }
        }
        crate::text::line_owned(self.redact_kss(&text))
    }

    /// Redacts every KS in `text` but our own link KSs (see [`redact_kss_with`]).
    pub fn redact_kss(&self, text: &str) -> String {
        let issued = self.issued.lock().unwrap_or_else(|e| e.into_inner());
        let signer = self.signer.as_ref().map(AdminSecret::expose);
        redact_kss_with(text, &|word| is_our_link_ks(word, signer, &issued))
    }

    /// Scrubs the secrets and whole KSs from free text (error messages, log lines) and cleans it.
    pub fn clean(&self, text: &str) -> String {
        crate::text::line_owned(scrub_all(text, &self.secret_list()))
    }

    fn trust(&self, text: &str) {
        let mut issued = self.issued.lock().unwrap_or_else(|e| e.into_inner());
        for_each_ks(text, &mut |word| {
            issued.insert(word.trim_end_matches('=').to_string());
        });
    }
}

impl Output {
    /// An output for one run, guarding the admin secret and the app token (when configured).
    pub fn new(json: bool, sandbox: bool, guard: Guard) -> Output {
        Output {
            json,
            sandbox,
            guard,
        }
    }

    /// Marks the KSs inside links this run built (attendee, moderator, embed, Studio) as
    /// printable: with an app token the service issued them and no local key can tell them from
    /// a foreign KS. Everything else that looks like a KS stays redacted.
    pub fn trust_links(&self, texts: &[&str]) {
        for text in texts {
            self.guard.trust(text);
        }
    }

    /// Prints text to stdout (text mode only), one guarded line per `\n`-separated piece.
    pub fn line(&self, text: impl AsRef<str>) {
        if self.json {
            return;
        }
        let mut out = std::io::stdout().lock();
        for piece in text.as_ref().split('\n') {
            let _ = writeln!(out, "{}", self.guard.line(piece));
        }
    }

    /// Prints `warning: TEXT` to stderr (text mode), guarded like [`Output::line`].
    pub fn warning(&self, text: impl AsRef<str>) {
        eprint_guarded(&format!("warning: {}", text.as_ref()), &self.guard);
    }

    /// Prints `text` to stderr as it is (no `warning:` prefix), guarded like [`Output::line`]:
    /// the context of a question, shown in both modes since stdout stays for the result.
    pub fn tell(&self, text: impl AsRef<str>) {
        eprint_guarded(text.as_ref(), &self.guard);
    }

    /// Prints a question to stderr without ending the line (the answer is typed after it),
    /// guarded like [`Output::line`].
    pub fn question(&self, text: &str) {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{}", self.guard.line(text));
        let _ = err.flush();
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
        map_strings(&mut value, &crate::kaltura::secret::scrub_runtime_secrets);
        if redact {
            map_strings(&mut value, &|s| self.guard.redact_kss(s));
        }
        let text = terminal_safe_json(&value);
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{text}");
        let _ = out.flush();
    }

    /// Prints a failure to stderr: `error: SENTENCE` or a JSON error object.
    pub fn failure(&self, failure: &Failure) {
        print_failure(failure, self.json, self.sandbox, &self.guard);
    }

    /// Removes the secrets and whole KSs from operator-facing text.
    pub fn clean(&self, text: &str) -> String {
        self.guard.clean(text)
    }
}

/// Prints a failure before an [`Output`] exists (usage and configuration errors). The message
/// and code are scrubbed of the secret and of anything shaped like a KS, and cleaned.
pub fn print_failure(failure: &Failure, json_mode: bool, sandbox: bool, guard: &Guard) {
    let message = guard.clean(&failure.message());
    if json_mode {
        let code = failure.code().map(|c| guard.clean(c));
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
pub fn eprint_guarded(text: &str, guard: &Guard) {
    let mut err = std::io::stderr().lock();
    for piece in text.split('\n') {
        let _ = writeln!(err, "{}", guard.line(piece));
    }
}

/// Calls `f` with every KS-shaped word of `text`, including those inside URLs (`/ks/KS/`,
/// `?ks=KS`), where base64's own `/` and `=` join a KS to its neighbours.
fn for_each_ks(text: &str, f: &mut dyn FnMut(&str)) {
    let is_ks_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-');
    for word in text.split(|c: char| !is_ks_char(c)) {
        if looks_like_ks(word) {
            f(word);
        } else {
            for piece in word.split(['/', '=']) {
                if looks_like_ks(piece) {
                    f(piece);
                }
            }
        }
    }
}

fn looks_like_ks(word: &str) -> bool {
    word.len() >= 40 && ks::decode(word).is_ok()
}

/// Redacts every KS in `text` for which `keep` says no: an admin KS, or one we did not sign or
/// were not issued (a server echoing something), never reaches the output.
pub fn redact_kss_with(text: &str, keep: &dyn Fn(&str) -> bool) -> String {
    let is_other_ks = |word: &str| looks_like_ks(word) && !keep(word);
    let is_ks_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_ks_char) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(|c: char| !is_ks_char(c)).unwrap_or(rest.len());
        let word = &rest[..end];
        if is_other_ks(word) {
            out.push_str(&ks::redact(word));
        } else if word.contains(['/', '=']) {
            let mut piece_start = 0;
            for (i, c) in word.char_indices().chain([(word.len(), '/')]) {
                if c == '/' || c == '=' {
                    let piece = &word[piece_start..i];
                    if is_other_ks(piece) {
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

/// One of our link KSs: a USER session signed with our admin secret, or one the service issued
/// for a link this run built.
fn is_our_link_ks(word: &str, signer: Option<&str>, issued: &HashSet<String>) -> bool {
    // Padding is cut where a KS was found inside a URL (`=` ends a piece there).
    issued.contains(word.trim_end_matches('='))
        || signer.is_some_and(|secret| {
            ks::verify(word, secret).is_ok_and(|info| info.session_type == SessionType::User)
        })
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
        let out = Output::new(
            false,
            false,
            Guard::new(Some("hunter2-output-secret"), Some("hunter2-app-token")),
        );
        assert!(!format!("{out:?}").contains("hunter2"));
        assert!(!format!("{out:#?}").contains("hunter2"));
        assert_eq!(
            out.clean("x hunter2-output-secret y hunter2-app-token"),
            "x [redacted] y [redacted]"
        );
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
        let shown = Guard::new(Some(secret), None).line(&text);
        assert!(shown.contains(&user), "{shown}");
        assert!(
            !shown.contains(&admin) && !shown.contains(&foreign),
            "{shown}"
        );
        assert!(shown.ends_with("�]0;t�"), "{shown}");
        // Without a secret to tell ours apart, every KS goes...
        let token_only = Guard::new(None, Some("an-app-token"));
        assert!(!token_only.line(&text).contains(&user));
        // ...but those of links this run built (issued by the service) are printed.
        let out = Output::new(false, false, token_only);
        out.trust_links(&[&format!("https://cdn/p/1/embedPlaykitJs?ks={user}&x=1")]);
        let shown = out.guard.line(&text);
        assert!(shown.contains(&user), "{shown}");
        assert!(!shown.contains(&foreign), "{shown}");
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
