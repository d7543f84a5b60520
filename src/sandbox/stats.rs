//! Request counters for `GET /sandbox/stats`: tests assert how many HTTP requests and calls a
//! client really made (e.g. that polling batches into multirequests).

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// The counters; `/sandbox/` requests are never counted.
#[derive(Debug, Default)]
pub struct Stats {
    http_requests: AtomicU64,
    multirequests: AtomicU64,
    response_bytes: AtomicU64,
    calls: Mutex<BTreeMap<String, u64>>,
}

impl Stats {
    /// One Kaltura API HTTP request arrived.
    pub fn http_request(&self) {
        self.http_requests.fetch_add(1, Ordering::Relaxed);
    }

    /// An API answer of `n` bytes (the body as rendered, before any injected fault) went out:
    /// what a client pays per poll, measured where a proxy would see it.
    pub fn response_bytes(&self, n: usize) {
        self.response_bytes.fetch_add(n as u64, Ordering::Relaxed);
    }

    /// The request was a multirequest.
    pub fn multirequest(&self) {
        self.multirequests.fetch_add(1, Ordering::Relaxed);
    }

    /// One call (alone or inside a multirequest), by canonical name (`liveStream.get`); the
    /// name is only built the first time it is counted.
    pub fn call(&self, service: &str, action: &str) {
        if let Ok(mut calls) = self.calls.lock() {
            let hit = calls.iter_mut().find(|(k, _)| {
                k.len() == service.len() + 1 + action.len()
                    && k.starts_with(service)
                    && k.ends_with(action)
                    && k.as_bytes()[service.len()] == b'.'
            });
            match hit {
                Some((_, n)) => *n += 1,
                None => {
                    calls.insert(format!("{service}.{action}"), 1);
                }
            }
        }
    }

    /// `{"http_requests": N, "calls": {...}, "multirequests": m, "response_bytes": b}`.
    pub fn snapshot(&self) -> Value {
        let calls = self.calls.lock().map(|c| c.clone()).unwrap_or_default();
        json!({
            "http_requests": self.http_requests.load(Ordering::Relaxed),
            "calls": calls,
            "multirequests": self.multirequests.load(Ordering::Relaxed),
            "response_bytes": self.response_bytes.load(Ordering::Relaxed),
        })
    }

    /// Zeroes every counter.
    pub fn reset(&self) {
        self.http_requests.store(0, Ordering::Relaxed);
        self.multirequests.store(0, Ordering::Relaxed);
        self.response_bytes.store(0, Ordering::Relaxed);
        if let Ok(mut calls) = self.calls.lock() {
            calls.clear();
        }
    }
}
