//! Shared helpers for the CLI tests: a `kwebcast` command isolated from the host (its own HOME and
//! XDG directories, no KALTURA_*/KWEBCAST_* variables), and a spawned `kwebcast sandbox`.
#![allow(dead_code)]

use assert_cmd::Command;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

/// A secret the tests give to a spawned sandbox and then look for in every output.
pub const SECRET: &str = "c1i-test-secret-0123456789abcdef";
/// The partner the spawned sandbox simulates.
pub const PARTNER: i64 = 4242;

/// The host's variables that would change kwebcast's behaviour.
pub fn host_vars() -> Vec<String> {
    std::env::vars()
        .map(|(k, _)| k)
        .filter(|k| {
            k.starts_with("KALTURA_") || k.starts_with("KWEBCAST_") || k.starts_with("XDG_")
        })
        .collect()
}

/// A temporary home for one test.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// `kwebcast` with this home and a clean environment.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("kwebcast").expect("binary");
        for key in host_vars() {
            cmd.env_remove(key);
        }
        cmd.env("HOME", self.dir.path())
            .env("NO_COLOR", "1")
            .timeout(std::time::Duration::from_secs(120));
        cmd
    }

    /// The same, pointed at an account (a spawned sandbox standing in for Kaltura).
    pub fn account_cmd(&self, sandbox: &SpawnedSandbox, secret: &str) -> Command {
        let mut cmd = self.cmd();
        cmd.env("KALTURA_SERVICE_URL", &sandbox.url)
            .env("KALTURA_PARTNER_ID", sandbox.partner.to_string())
            .env("KALTURA_ADMIN_SECRET", secret);
        cmd
    }

    /// Writes a file under the home with the given mode.
    pub fn write(&self, name: &str, text: &str, mode: u32) -> std::path::PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
        }
        path
    }

    /// The log file's text (empty when absent).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join(".local/state/kwebcast/kwebcast.log"))
            .unwrap_or_default()
    }
}

/// A `kwebcast sandbox --bind 127.0.0.1:0` child process; killed when dropped.
pub struct SpawnedSandbox {
    pub child: Child,
    pub url: String,
    pub partner: i64,
    pub first_line: String,
}

impl SpawnedSandbox {
    /// Spawns the sandbox with [`PARTNER`] and [`SECRET`] and reads the announced URL. Its
    /// search index does not lag (`--index-lag-ms 0`) unless `extra` says otherwise.
    pub fn start(home: &Home, extra: &[&str]) -> SpawnedSandbox {
        let bin = assert_cmd::cargo::cargo_bin("kwebcast");
        let mut command = std::process::Command::new(bin);
        for key in host_vars() {
            command.env_remove(key);
        }
        let lag: &[&str] = if extra.contains(&"--index-lag-ms") {
            &[]
        } else {
            &["--index-lag-ms", "0"]
        };
        let mut child = command
            .args(["sandbox", "--bind", "127.0.0.1:0", "--partner-id"])
            .arg(PARTNER.to_string())
            .args(["--admin-secret", SECRET])
            .args(lag)
            .args(extra)
            .env("HOME", home.dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn kwebcast sandbox");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the announcement");
        let first_line = line.trim_end().to_string();
        let url = first_line
            .strip_prefix("sandbox listening on ")
            .and_then(|rest| rest.split(' ').next())
            .unwrap_or_else(|| panic!("unexpected announcement {first_line:?}"))
            .to_string();
        SpawnedSandbox {
            child,
            url,
            partner: PARTNER,
            first_line,
        }
    }
}

impl Drop for SpawnedSandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Parses stdout's single JSON line.
pub fn json_line(bytes: &[u8]) -> serde_json::Value {
    let text = String::from_utf8_lossy(bytes);
    let line = text
        .lines()
        .last()
        .unwrap_or_else(|| panic!("no output: {text:?}"));
    serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
}

/// Asserts the secret appears in neither stream.
pub fn assert_no_secret(output: &std::process::Output, secret: &str) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stdout.contains(secret), "secret on stdout: {stdout}");
    assert!(!stderr.contains(secret), "secret on stderr: {stderr}");
}

/// POSTs to a sandbox control endpoint (`/sandbox/entries/{id}/broadcast`...) with a bare HTTP
/// request over loopback; returns the response body.
pub fn control(url: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let addr = url.strip_prefix("http://").expect("http URL");
    let mut stream = std::net::TcpStream::connect(addr).expect("connect to the sandbox");
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "control {path}: {answer}"
    );
    answer
}

/// One GET over loopback without following redirects: (status, Location).
pub fn get_location(url: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").expect("an http URL");
    let (addr, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = std::net::TcpStream::connect(addr).expect("connect to the sandbox");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let location = answer
        .lines()
        .find_map(|l| l.strip_prefix("location: "))
        .unwrap_or("")
        .trim()
        .to_string();
    (status, location)
}

/// The attendee QR holds the short link: `/tiny/{id}` → 301 → `goto` → 302 → the full link.
pub fn follow_short_link(short: &str) -> String {
    let (status, goto) = get_location(short);
    assert_eq!(status, 301, "{short}");
    let origin = &short[..short.find("/tiny/").expect("a short link")];
    let (status, full) = get_location(&format!("{origin}{goto}"));
    assert_eq!(status, 302, "{goto}");
    full
}

/// Decodes a QR code printed with half blocks (light modules inked, as on a dark terminal).
pub fn decode_half_block_qr(lines: &[String]) -> String {
    let width = lines[0].chars().count();
    let mut dark = vec![vec![false; width]; lines.len() * 2];
    for (row, line) in lines.iter().enumerate() {
        for (x, c) in line.chars().enumerate() {
            let (top_light, bottom_light) = match c {
                '█' => (true, true),
                '▀' => (true, false),
                '▄' => (false, true),
                _ => (false, false),
            };
            dark[2 * row][x] = !top_light;
            dark[2 * row + 1][x] = !bottom_light;
        }
    }
    dark.truncate(width); // an odd last half row is page background
    let scale = 4;
    let size = width * scale;
    let img = rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| {
        if dark[y / scale][x / scale] { 0 } else { 255 }
    });
    let mut img = img;
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    let (_meta, text) = grids[0].decode().expect("decodes");
    text
}

/// Asserts an object's keys, in order: the `--json` contract of `docs/cli.md`.
pub fn assert_keys(value: &serde_json::Value, keys: &[&str]) {
    let got: Vec<&str> = value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(got, keys, "keys of {value}");
}

/// POSTs a JSON body over a plain socket (to a `/sandbox/` control or the Kaltura API); returns
/// the HTTP status and the JSON answer.
pub fn post_json(url: &str, path: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
    use std::io::{Read, Write};
    let addr = url.strip_prefix("http://").expect("http URL");
    let body = body.to_string();
    let mut stream = std::net::TcpStream::connect(addr).expect("connect to the sandbox");
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let json = answer.split_once("\r\n\r\n").expect("a body").1;
    (status, serde_json::from_str(json).expect("a JSON answer"))
}

/// `GET /sandbox/stats` of a spawned sandbox.
pub fn sandbox_stats(url: &str) -> serde_json::Value {
    use std::io::{Read, Write};
    let addr = url.strip_prefix("http://").expect("http URL");
    let mut stream = std::net::TcpStream::connect(addr).expect("connect to the sandbox");
    write!(
        stream,
        "GET /sandbox/stats HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    let json = answer.split_once("\r\n\r\n").expect("a body").1;
    serde_json::from_str(json).expect("a JSON answer")
}
