//! Printing results and errors, as text or as the documented `--json` contract (`docs/cli.md`):
//! one JSON object per line, `"schema": 1` and `"sandbox"` first, stable keys. Errors go to stderr
//! in the same mode, scrubbed of the secret, the app token and whole KSs.

use super::failure::Failure;
use crate::kaltura::secret::AdminSecret;
use crate::logging::scrub_all;
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
    /// The secrets to scrub from anything printed (the admin secret, the app token), as a last
    /// line of defence; [`AdminSecret`]s so that `{:?}` of an `Output` (a log line, a panic)
    /// cannot print them.
    secrets: Vec<AdminSecret>,
}

impl Output {
    /// An output for one run.
    pub fn new(json: bool, sandbox: bool, secrets: Vec<String>) -> Output {
        Output {
            json,
            sandbox,
            secrets: secrets.into_iter().map(AdminSecret::new).collect(),
        }
    }

    fn secret_list(&self) -> Vec<&str> {
        self.secrets.iter().map(AdminSecret::expose).collect()
    }

    /// Prints a text line to stdout (text mode only).
    pub fn line(&self, text: impl AsRef<str>) {
        if !self.json {
            println!("{}", text.as_ref());
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

    /// Prints one JSON object: `schema`, `sandbox`, then the fields of `body` in order.
    pub fn json(&self, body: Value) {
        let mut obj = Map::new();
        obj.insert("schema".into(), json!(SCHEMA));
        obj.insert("sandbox".into(), json!(self.sandbox));
        if let Value::Object(fields) = body {
            obj.extend(fields);
        }
        let text = Value::Object(obj).to_string();
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{text}");
        let _ = out.flush();
    }

    /// Prints a failure to stderr: `error: SENTENCE` or a JSON error object.
    pub fn failure(&self, failure: &Failure) {
        print_failure(failure, self.json, self.sandbox, &self.secret_list());
    }

    /// Removes the secrets and whole KSs from operator-facing text.
    pub fn clean(&self, text: &str) -> String {
        scrub_all(text, &self.secret_list())
    }
}

/// Prints a failure before an [`Output`] exists (usage and configuration errors).
pub fn print_failure(failure: &Failure, json_mode: bool, sandbox: bool, secrets: &[&str]) {
    let message = scrub_all(&failure.message(), secrets);
    if json_mode {
        let body = json!({
            "schema": SCHEMA,
            "sandbox": sandbox,
            "error": {
                "kind": failure.kind(),
                "message": message,
                "code": failure.code(),
                "exit_code": failure.exit_code(),
            }
        });
        eprintln!("{body}");
    } else {
        eprintln!("error: {message}");
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
            vec!["hunter2-output-secret".into(), "hunter2-app-token".into()],
        );
        assert!(!format!("{out:?}").contains("hunter2"));
        assert!(!format!("{out:#?}").contains("hunter2"));
        assert_eq!(
            out.clean("x hunter2-output-secret y hunter2-app-token"),
            "x [redacted] y [redacted]"
        );
    }
}
