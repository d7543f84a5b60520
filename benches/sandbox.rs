//! Sandbox throughput: `liveStream.get` over loopback from many keep-alive connections, the
//! load a dashboard fleet or a test suite puts on it. Plain `main`, no harness:
//! `cargo bench --bench sandbox` prints requests per second (goal: at least 20,000/s).

use kwebcast::kaltura::ks::{self, KsSpec, KsVersion, SessionType};
use kwebcast::sandbox::{Sandbox, SandboxOptions};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 32;
const WARMUP: Duration = Duration::from_millis(500);
const RUN: Duration = Duration::from_secs(4);

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(bench());
}

async fn bench() {
    let sb = Sandbox::start(SandboxOptions::default())
        .await
        .expect("sandbox");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let spec = KsSpec {
        partner_id: sb.partner_id(),
        user_id: "bench@example.com",
        session_type: SessionType::Admin,
        expires_at: now + 3600,
        privileges: "disableentitlement",
    };
    let ks = ks::sign(sb.admin_secret(), &spec, KsVersion::V2);
    let http = reqwest::Client::new();
    let base = sb.url();
    let added: Value = http
        .post(format!("{base}/api_v3/service/livestream/action/add"))
        .json(&json!({"format": 1, "ks": ks, "liveStreamEntry": {"objectType": "KalturaLiveStreamEntry", "name": "bench", "mediaType": 201}, "sourceType": "32"}))
        .send()
        .await
        .expect("add")
        .json()
        .await
        .expect("JSON");
    let id = added["id"].as_str().expect("entry id").to_string();
    let body = serde_json::to_vec(&json!({"format": 1, "ks": ks, "entryId": id})).expect("body");
    let mut request = format!(
        "POST /api_v3/service/livestream/action/get HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        sb.local_addr(),
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(&body);
    let request = Arc::new(request);

    let count = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let measure_from = start + WARMUP;
    let end = measure_from + RUN;
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let (request, addr) = (request.clone(), sb.local_addr());
        let (count, errors) = (count.clone(), errors.clone());
        tasks.push(tokio::spawn(async move {
            let Ok(mut conn) = tokio::net::TcpStream::connect(addr).await else {
                errors.fetch_add(1, Ordering::Relaxed);
                return;
            };
            let _ = conn.set_nodelay(true);
            let mut buf = Vec::with_capacity(16 * 1024);
            loop {
                let t = Instant::now();
                if t >= end {
                    break;
                }
                let ok = round_trip(&mut conn, &request, &mut buf).await;
                if t >= measure_from {
                    if ok {
                        count.fetch_add(1, Ordering::Relaxed);
                    } else {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
                if !ok {
                    break;
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let n = count.load(Ordering::Relaxed);
    let e = errors.load(Ordering::Relaxed);
    println!(
        "sandbox liveStream.get: {:.0} requests/s ({n} in {:.1} s, {CONNECTIONS} keep-alive connections, {e} errors)",
        n as f64 / RUN.as_secs_f64(),
        RUN.as_secs_f64()
    );
    sb.shutdown().await;
}

/// One keep-alive HTTP/1.1 exchange with a minimal client (so the figure measures the server,
/// not a client library): write the request, read headers and `Content-Length` bytes of body.
async fn round_trip(conn: &mut tokio::net::TcpStream, request: &[u8], buf: &mut Vec<u8>) -> bool {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    if conn.write_all(request).await.is_err() {
        return false;
    }
    buf.clear();
    let mut chunk = [0u8; 8192];
    let (head_end, length) = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let length = buf[..pos]
                .split(|b| *b == b'\n')
                .find_map(|l| {
                    let l = l.strip_suffix(b"\r").unwrap_or(l);
                    (l.len() > 15 && l[..15].eq_ignore_ascii_case(b"content-length:"))
                        .then(|| std::str::from_utf8(&l[15..]).ok())
                        .flatten()
                })
                .and_then(|v| v.trim().parse::<usize>().ok());
            match length {
                Some(n) => break (pos + 4, n),
                None => return false,
            }
        }
        match conn.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    while buf.len() < head_end + length {
        match conn.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    buf.starts_with(b"HTTP/1.1 200") && buf[head_end..].starts_with(b"{\"id\"")
}
