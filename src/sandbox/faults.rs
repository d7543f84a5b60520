//! Injected failures, so clients can be tested against a misbehaving network or server without
//! one: latency, HTTP 5xx, dropped connections, truncated and slow bodies, HTML error pages,
//! early KS expiry, and the search index's lag behind writes.

use serde::{Deserialize, Serialize};

/// The faults in force; every field is optional in `POST /sandbox/faults`, `{}` clears all.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Delay added before every API answer, milliseconds.
    pub latency_ms: u64,
    /// Share of API requests answered HTTP 500 or 503 (0.0–1.0).
    pub fail_rate: f64,
    /// Share of API requests whose connection is closed without an answer.
    pub reset_rate: f64,
    /// Share of answers cut in half (full `Content-Length` declared, half the body sent).
    pub truncate_rate: f64,
    /// Time over which each answer body is dribbled out, milliseconds (0 = at once).
    pub slow_body_ms: u64,
    /// Share of API requests answered with an HTML error page instead of JSON.
    pub non_json_rate: f64,
    /// KSs first seen longer ago than this many seconds are treated as expired (0 = off).
    pub ks_ttl_secs: u64,
    /// Plugin services this account lacks (`"shortLink"`): every call to one answers
    /// `SERVICE_FORBIDDEN`, as Kaltura answers a partner without the plugin's permission.
    pub missing_plugins: Vec<String>,
    /// How far Kaltura's search index runs behind writes, milliseconds: entry lists filtered by
    /// anything but entry IDs match a new entry only this long after it was added, and a
    /// changed entry by its previous version until this long after its last change.
    pub index_lag_ms: u64,
}

/// What to do with one request, drawn from the rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Answer normally.
    Normal,
    /// Close the connection without an answer.
    Reset,
    /// HTTP 500 or 503.
    Fail(u16),
    /// An HTML page with HTTP 200.
    NonJson,
}

impl Faults {
    /// Rejects rates outside 0..=1 so a typo does not silently do nothing.
    pub fn validate(&self) -> Result<(), String> {
        for (name, rate) in [
            ("fail_rate", self.fail_rate),
            ("reset_rate", self.reset_rate),
            ("truncate_rate", self.truncate_rate),
            ("non_json_rate", self.non_json_rate),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!("{name} must be between 0 and 1, got {rate}"));
            }
        }
        Ok(())
    }

    /// Draws the fate of one request.
    pub fn draw(&self) -> Fate {
        use rand::Rng;
        let mut rng = rand::thread_rng();
        if hit(&mut rng, self.reset_rate) {
            Fate::Reset
        } else if hit(&mut rng, self.fail_rate) {
            Fate::Fail(if rng.gen_bool(0.5) { 500 } else { 503 })
        } else if hit(&mut rng, self.non_json_rate) {
            Fate::NonJson
        } else {
            Fate::Normal
        }
    }

    /// Whether this answer is to be truncated.
    pub fn truncate(&self) -> bool {
        hit(&mut rand::thread_rng(), self.truncate_rate)
    }
}

fn hit(rng: &mut impl rand::Rng, rate: f64) -> bool {
    rate >= 1.0 || (rate > 0.0 && rng.gen_bool(rate))
}
