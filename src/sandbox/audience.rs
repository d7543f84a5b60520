//! The simulated audience of a live entry: what `liveStream.getLiveStreamStats` and the realtime
//! report (`report.getGraphs` 10005) give.
//!
//! While attendees can play (PLAYABLE and let in: `explicitLive` off or `viewMode` 1) the
//! audience rises towards a size of its own (40 to 199, from the entry ID) with a slow wobble of
//! a few percent; once they cannot (End, or the encoder gone) it falls by half every ~14
//! simulated seconds. Time is the entry's own: simulated seconds since attendees were let in
//! (`broadcastTime`, or `lastBroadcast` without explicit live), real seconds × `--speed`. The
//! same entry at the same moment always gives the same figure (tests can rely on the shape).
//! `POST /sandbox/entries/{id}/viewers {"count": N}` sets the figure exactly from then on
//! (`{"count": null}` gives the simulation back).

use super::store::{Entry, Store};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What the simulation remembers of one entry (kept in the state file).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AudienceSim {
    /// A figure set by the control, and when (ms): it holds from then on.
    #[serde(default)]
    pub set: Option<(i64, i64)>,
    /// Whether attendees could play at the last look.
    #[serde(default)]
    pub live: bool,
    /// When they stopped being able to (ms), and the audience then.
    #[serde(default)]
    pub ended: Option<(i64, i64)>,
}

/// Seconds (simulated) for the audience to rise to ~63% of its size.
const RISE_S: f64 = 60.0;
/// Seconds (simulated) for the audience to fall to ~37% after the end.
const FALL_S: f64 = 20.0;
/// The wobble: ±6% over a ~100-second period.
const WOBBLE: f64 = 0.06;
const WOBBLE_PERIOD_S: f64 = 100.0;

/// Whether attendees can play the entry now (reference section 6).
pub fn is_live(entry: &Entry) -> bool {
    let explicit = entry.obj.get("explicitLive").and_then(Value::as_bool) == Some(true);
    entry.int("liveStatus") == 1 && (!explicit || entry.int("viewMode") == 1)
}

/// The entry's own size of audience: 40 to 199, from its ID.
fn size(id: &str) -> f64 {
    let h = id.bytes().fold(2166136261u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16777619)
    });
    40.0 + f64::from(h % 160)
}

/// When attendees were let in, ms (the later of `broadcastTime` and `lastBroadcast`).
fn let_in_ms(entry: &Entry) -> i64 {
    entry.int("broadcastTime").max(entry.int("lastBroadcast")) * 1000
}

/// The rising audience `t` simulated seconds after attendees were let in.
pub fn rising(id: &str, t: f64) -> i64 {
    if t <= 0.0 {
        return 0;
    }
    let phase = size(id) / 7.0;
    let level = size(id)
        * (1.0 - (-t / RISE_S).exp())
        * (1.0 + WOBBLE * (t * std::f64::consts::TAU / WOBBLE_PERIOD_S + phase).sin());
    level.round().max(0.0) as i64
}

/// The falling audience `t` simulated seconds after the end, from `from` viewers.
pub fn falling(from: i64, t: f64) -> i64 {
    let level = from as f64 * (-t.max(0.0) / FALL_S).exp();
    if level < 0.5 { 0 } else { level.round() as i64 }
}

fn simulated_secs(ms: i64, speed: f64) -> f64 {
    let speed = if speed.is_finite() && speed > 0.0 {
        speed
    } else {
        1.0
    };
    ms as f64 / 1000.0 * speed
}

/// The audience of `entry` at `at_ms`, by what its memory says (no memory change).
pub fn level_at(entry: &Entry, at_ms: i64, speed: f64) -> i64 {
    let sim = &entry.audience;
    if let Some((count, since)) = sim.set
        && at_ms >= since
    {
        return count;
    }
    if let Some((end_ms, from)) = sim.ended
        && at_ms >= end_ms
        && !sim.live
    {
        return falling(from, simulated_secs(at_ms - end_ms, speed));
    }
    let start = let_in_ms(entry);
    let live_then =
        sim.live || is_live(entry) || sim.ended.is_some_and(|(end_ms, _)| at_ms < end_ms);
    if start == 0 || at_ms < start || !live_then {
        return 0;
    }
    rising(entry.id(), simulated_secs(at_ms - start, speed))
}

/// Brings entry `id`'s memory up to date at `now_ms`: notices attendees being let in or out
/// (the fall starts from the audience at the end). Call before reading and before a lifecycle
/// change that ends the live stream.
pub fn observe(store: &mut Store, id: &str, now_ms: i64, speed: f64) {
    let Some(entry) = store.entry(id) else {
        return;
    };
    let live = is_live(entry);
    if live == entry.audience.live {
        return;
    }
    let at_end = (!live).then(|| level_at(entry, now_ms, speed));
    if let Some(e) = store.entry_mut(id) {
        match at_end {
            Some(from) => e.audience.ended = Some((now_ms, from)),
            None => e.audience.ended = None,
        }
        e.audience.live = live;
    }
    store.touch();
}

/// The audience of entry `id` now (0 for an entry without one).
pub fn viewers(store: &mut Store, id: &str, now_ms: i64, speed: f64) -> i64 {
    observe(store, id, now_ms, speed);
    store.entry(id).map_or(0, |e| level_at(e, now_ms, speed))
}

/// Sets the figure from now on (`None`: back to the simulation).
pub fn set(store: &mut Store, id: &str, count: Option<i64>, now_ms: i64) {
    if let Some(e) = store.entry_mut(id) {
        e.audience.set = count.map(|c| (c.max(0), now_ms));
    }
    store.touch();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_audience_rises_wobbles_and_falls() {
        let id = "0_abcd1234";
        let top = size(id) as i64;
        assert_eq!(rising(id, 0.0), 0);
        let early = rising(id, 10.0);
        let later = rising(id, 120.0);
        assert!(0 < early && early < later, "{early} {later}");
        // Near its size after a few minutes, within the wobble.
        let settled: Vec<i64> = (300..400)
            .step_by(10)
            .map(|t| rising(id, t as f64))
            .collect();
        assert!(
            settled
                .iter()
                .all(|v| (*v - top).abs() as f64 <= top as f64 * 0.08),
            "{settled:?} around {top}"
        );
        assert!(settled.iter().min() != settled.iter().max(), "it wobbles");
        assert_eq!(rising(id, 200.0), rising(id, 200.0), "deterministic");
        assert_eq!(falling(100, 0.0), 100);
        assert!(falling(100, 20.0) < 40);
        assert_eq!(falling(100, 200.0), 0);
    }
}
