//! Logging to a file, never the terminal: the dashboard owns the screen, and scripts own stdout.
//!
//! `-v` raises the level to debug (request tracing from the client), `-vv` to trace;
//! `KWEBCAST_LOG` takes a full `tracing` filter instead. Every line goes through [`Scrubber`],
//! which removes the admin secret, the app token and anything shaped like a KS, so a careless `debug!` elsewhere
//! still cannot leak one into the file, and cleans each line with [`crate::text::line`], so an
//! operator who `tail -f`s the log gets no terminal escapes from it either.

use crate::kaltura::ks;
use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

/// The shortest run of base64 characters treated as a KS. Real KSs are 100–400 characters; IDs,
/// hashes and URLs' words are far shorter.
const KS_MIN_LEN: usize = 80;

/// Starts logging to `log_file` (created with mode 600, new parent directories 700), scrubbing
/// `secrets` (the admin secret, the app token) from every line. Returns an error only when the
/// file cannot be opened; the caller carries on without a log.
pub fn init(
    log_file: &Path,
    verbosity: u8,
    secrets: &[&str],
    filter_override: Option<String>,
) -> io::Result<()> {
    if let Some(dir) = log_file.parent() {
        crate::files::create_private_dir_all(dir)?;
    }
    let file = crate::files::private_options()
        .create(true)
        .append(true)
        .open(log_file)?;
    let _ = crate::files::make_private(&file);
    let default = match verbosity {
        0 => "kwebcast=info,warn",
        1 => "kwebcast=debug,warn",
        _ => "kwebcast=trace,info",
    };
    let filter = filter_override
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| EnvFilter::new(default));
    let writer = Scrubber {
        file: Arc::new(Mutex::new(file)),
        secrets: secrets
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| s.to_string())
            .collect(),
    };
    // A second init in one process (tests) keeps the first subscriber; that is fine.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(writer)
        .try_init();
    Ok(())
}

/// A log writer that redacts before writing. The fmt layer hands it one whole event per write.
#[derive(Clone)]
pub struct Scrubber {
    file: Arc<Mutex<File>>,
    secrets: Vec<String>,
}

impl<'a> MakeWriter<'a> for Scrubber {
    type Writer = Scrubber;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl Write for Scrubber {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let secrets: Vec<&str> = self.secrets.iter().map(String::as_str).collect();
        let scrubbed = scrub_all(&text, &secrets);
        let mut clean = String::with_capacity(scrubbed.len());
        for line in scrubbed.split_inclusive('\n') {
            let (body, end) = match line.strip_suffix('\n') {
                Some(body) => (body, "\n"),
                None => (line, ""),
            };
            clean.push_str(&crate::text::line(body));
            clean.push_str(end);
        }
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        file.write_all(clean.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.lock().unwrap_or_else(|e| e.into_inner()).flush()
    }
}

/// Replaces the secret with `[redacted]` and every long base64 run (a KS, v1 or v2) with its
/// [`ks::redact`] form.
pub fn scrub(text: &str, secret: Option<&str>) -> String {
    scrub_all(text, secret.as_slice())
}

/// [`scrub`] for several secrets (the admin secret and the app token).
pub fn scrub_all(text: &str, secrets: &[&str]) -> String {
    let mut text = crate::kaltura::secret::scrub_runtime_secrets(text);
    for s in secrets.iter().filter(|s| !s.is_empty()) {
        text = text.replace(s, "[redacted]");
    }
    let is_b64 = |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-');
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() >= KS_MIN_LEN {
            out.push_str(&ks::redact(run));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if is_b64(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kaltura::ks::{KsSpec, KsVersion, SessionType, sign};

    #[test]
    fn scrub_removes_secrets_and_kss() {
        let spec = KsSpec {
            partner_id: 1,
            user_id: "a@b",
            session_type: SessionType::Admin,
            expires_at: 2_000_000_000,
            privileges: "",
        };
        for version in [KsVersion::V1, KsVersion::V2] {
            let k = sign("topsecret", &spec, version);
            let line = format!("POST liveStream.get ks={k}&entryId=0_abc secret topsecret\n");
            let clean = scrub(&line, Some("topsecret"));
            assert!(!clean.contains(&k), "{clean}");
            assert!(!clean.contains("topsecret"), "{clean}");
            assert!(clean.contains("entryId=0_abc"), "{clean}");
            assert!(clean.ends_with('\n'));
        }
    }

    #[test]
    fn the_log_file_is_written_scrubbed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/k.log");
        let writer = Scrubber {
            file: Arc::new(Mutex::new(File::create(dir.path().join("w.log")).unwrap())),
            secrets: vec!["hush".into(), "quiet-token".into()],
        };
        let mut w = writer.make_writer();
        w.write_all(b"the secret is hush, the token quiet-token\n")
            .unwrap();
        w.write_all("name \u{1b}]0;PWNED\u{7} \u{202e}x\n".as_bytes())
            .unwrap();
        w.flush().unwrap();
        let text = std::fs::read_to_string(dir.path().join("w.log")).unwrap();
        assert_eq!(
            text,
            "the secret is [redacted], the token [redacted]\nname �]0;PWNED� x\n"
        );
        init(&path, 1, &["hush"], None).unwrap();
        assert!(path.exists());
    }
}
