//! The simulated live lifecycle (reference section 6). Steps that happen "later" are stored as
//! timers with a due time and applied lazily, in due order, whenever the store is next touched:
//! an idle sandbox runs no task at all. `speed` divides the delays; every timestamp written is
//! the real wall-clock time at which the step fell due.
//!
//! The encoder connects to an ingest point, primary or backup (reference section 9): each
//! connected point is a node (`encoder`) that goes AUTHENTICATED → BROADCASTING → PLAYABLE on
//! its own, and the entry's `liveStatus` is the highest of its nodes'. The first point to connect
//! starts the session; the last to disconnect ends it.

use super::encoder::{self, NodeKind};
use super::store::{Obj, Store, now_ms};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Connect → BROADCASTING after this many seconds (at speed 1).
const TO_BROADCASTING_S: f64 = 1.0;
/// Connect → PLAYABLE (within the 3 s the reference allows).
const TO_PLAYABLE_S: f64 = 2.0;
/// End → recording READY.
const PROCESSING_S: f64 = 60.0;
/// READY → auto-archive.
const ARCHIVE_S: f64 = 5.0;
/// A reconnect within this many seconds continues the same PER_SESSION recording.
const SAME_SESSION_S: i64 = 180;
/// APPENDED keeps writing to one recording for sessions within a day of the last one's end.
const APPEND_WINDOW_S: i64 = 86_400;

/// A lifecycle step waiting for its time.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Timer {
    /// Wall-clock milliseconds at which it applies.
    pub due_ms: i64,
    /// The live entry it concerns.
    pub entry_id: String,
    /// What happens.
    pub step: Step,
}

/// The delayed steps.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub enum Step {
    /// The primary point: AUTHENTICATED → BROADCASTING (state files of before the nodes).
    Broadcasting,
    /// The primary point: BROADCASTING → PLAYABLE (state files of before the nodes).
    Playable,
    /// A point (`serverType` "0"/"1"): AUTHENTICATED → BROADCASTING.
    NodeBroadcasting { server_type: String },
    /// A point: BROADCASTING → PLAYABLE.
    NodePlayable { server_type: String },
    /// The recording finished processing.
    RecordingReady { recording: String },
    /// PER_SESSION + shouldAutoArchive: rename, unhide, detach.
    AutoArchive { recording: String },
    /// `--auto-live-after`: the encoder connects by itself.
    AutoBroadcast,
}

/// Scales a delay by the speed factor.
pub fn delay_ms(secs: f64, speed: f64) -> i64 {
    let speed = if speed.is_finite() && speed > 0.0 {
        speed
    } else {
        1.0
    };
    (secs * 1000.0 / speed).round() as i64
}

fn schedule(store: &mut Store, due_ms: i64, entry_id: &str, step: Step) {
    store.timers.push(Timer {
        due_ms,
        entry_id: entry_id.to_string(),
        step,
    });
    store.touch();
}

/// Applies every timer due at `now_ms`, oldest first (a step may schedule the next one).
pub fn advance(store: &mut Store, now: i64, speed: f64) {
    loop {
        let next = store
            .timers
            .iter()
            .enumerate()
            .filter(|(_, t)| t.due_ms <= now && !held(store, t))
            .min_by_key(|(_, t)| t.due_ms)
            .map(|(i, _)| i);
        let Some(i) = next else { return };
        let timer = store.timers.remove(i);
        store.touch();
        apply(store, &timer, speed);
    }
}

/// A recording's processing the event's `hold-recording` keeps waiting.
fn held(store: &Store, timer: &Timer) -> bool {
    matches!(timer.step, Step::RecordingReady { .. })
        && store
            .entry(&timer.entry_id)
            .is_some_and(|e| e.recording_held)
}

/// `/sandbox/entries/{id}/hold-recording` (`hold`) and `release-recording`: while held, the
/// event's recordings stay un-READY past their processing time, as when Kaltura's conversion
/// queue is stalled; once released, those due finish at the next touch of the store. False
/// for a non-live entry.
pub fn hold_recording(store: &mut Store, id: &str, hold: bool) -> bool {
    match store.entry_mut(id) {
        Some(e) if e.entry_type() == 7 => {
            e.recording_held = hold;
            store.touch();
            true
        }
        _ => false,
    }
}

fn apply(store: &mut Store, timer: &Timer, speed: f64) {
    let at = timer.due_ms;
    let secs = at / 1000;
    let node_step = |server_type: &str, from: &'static [i64], to: i64| {
        NodeKind::from_server_type(server_type).map(|kind| (kind, from, to))
    };
    let moved = match &timer.step {
        Step::Broadcasting => node_step("0", &[3], 2),
        Step::Playable => node_step("0", &[2, 3], 1),
        Step::NodeBroadcasting { server_type } => node_step(server_type, &[3], 2),
        Step::NodePlayable { server_type } => node_step(server_type, &[2, 3], 1),
        _ => None,
    };
    if let Some((kind, from, to)) = moved {
        encoder::ensure_legacy_primary(store, &timer.entry_id, at);
        if encoder::set_status(store, &timer.entry_id, kind, from, to, at) {
            sync_live_status(store, &timer.entry_id, secs);
        }
        return;
    }
    match &timer.step {
        Step::Broadcasting
        | Step::Playable
        | Step::NodeBroadcasting { .. }
        | Step::NodePlayable { .. } => {}
        Step::RecordingReady { recording } => {
            let mut archive = false;
            let live = store.entry(&timer.entry_id).map(|e| e.obj.clone());
            if let Some(rec) = store.entry_mut(recording) {
                rec.obj.insert("status".into(), json!(2));
                rec.obj.insert("updatedAt".into(), json!(secs));
                archive = live.as_ref().is_some_and(|l| {
                    int(l, "recordStatus") == 2
                        && flag(l.get("recordingOptions"), "shouldAutoArchive")
                });
            }
            if archive {
                let step = Step::AutoArchive {
                    recording: recording.clone(),
                };
                schedule(
                    store,
                    at + delay_ms(ARCHIVE_S, speed),
                    &timer.entry_id,
                    step,
                );
            }
        }
        Step::AutoArchive { recording } => {
            let Some(live) = store.entry(&timer.entry_id).map(|e| e.obj.clone()) else {
                return;
            };
            // A session that ended before turning PLAYABLE has no lastBroadcast: use its end.
            let when = match int(&live, "lastBroadcast") {
                0 => int(&live, "lastBroadcastEndTime"),
                t => t,
            };
            let name = format!("{} {}", str_of(&live, "name"), archive_stamp(when));
            if let Some(rec) = store.entry_mut(recording) {
                rec.obj.insert("name".into(), json!(name));
                rec.obj.insert("displayInSearch".into(), json!(1));
                rec.obj.insert("updatedAt".into(), json!(secs));
            }
            set_live(store, &timer.entry_id, |o| {
                for field in ["redirectEntryId", "recordedEntryId"] {
                    if str_of(o, field) == recording {
                        o.insert(field.into(), json!(""));
                    }
                }
            });
        }
        Step::AutoBroadcast => {
            broadcast(store, &timer.entry_id, at, speed);
        }
    }
}

/// Sets the entry's `liveStatus` to the highest of its nodes' statuses. Turning PLAYABLE stamps
/// `lastBroadcast` (and `firstBroadcast` the first time), and `broadcastTime` when attendees
/// were already let in (Go Live before the stream was playable).
fn sync_live_status(store: &mut Store, id: &str, secs: i64) {
    let status = encoder::live_status_of(store, id);
    let Some(before) = store.entry(id).map(|e| e.int("liveStatus")) else {
        return;
    };
    if before == status {
        return;
    }
    set_live(store, id, |o| {
        o.insert("liveStatus".into(), json!(status));
        if status == 1 {
            o.insert("lastBroadcast".into(), json!(secs));
            if int(o, "firstBroadcast") == 0 {
                o.insert("firstBroadcast".into(), json!(secs));
            }
            if int(o, "viewMode") == 1 {
                o.insert("broadcastTime".into(), json!(secs));
            }
        }
    });
}

/// PHP's `date("M-d-Y H:i", t)` in UTC, as Kaltura names archived recordings.
fn archive_stamp(unix: i64) -> String {
    jiff::Timestamp::from_second(unix)
        .map(|t| t.strftime("%b-%d-%Y %H:%M").to_string())
        .unwrap_or_default()
}

fn set_live(store: &mut Store, id: &str, f: impl FnOnce(&mut Obj)) {
    if let Some(e) = store.entry_mut(id) {
        f(&mut e.obj);
        let now = now_ms() / 1000;
        e.obj.insert("updatedAt".into(), json!(now));
    }
    store.touch();
}

fn int(o: &Obj, f: &str) -> i64 {
    o.get(f).and_then(Value::as_i64).unwrap_or(0)
}

fn str_of<'a>(o: &'a Obj, f: &str) -> &'a str {
    o.get(f).and_then(Value::as_str).unwrap_or("")
}

fn flag(v: Option<&Value>, f: &str) -> bool {
    v.and_then(|o| o.get(f)).and_then(Value::as_bool) == Some(true)
}

/// Step 2: the encoder connects to the primary point. Returns false for an entry that is not a
/// live entry.
pub fn broadcast(store: &mut Store, id: &str, now: i64, speed: f64) -> bool {
    connect(store, id, NodeKind::Primary, now, speed)
}

/// An encoder connects to one point. The first point starts the session (step 2); a second one
/// joins it (a backup encoder, or the primary coming back). Connecting a connected point does
/// nothing. Returns false for an entry that is not a live entry.
pub fn connect(store: &mut Store, id: &str, kind: NodeKind, now: i64, speed: f64) -> bool {
    if store.entry(id).is_none_or(|e| e.entry_type() != 7) {
        return false;
    }
    encoder::ensure_legacy_primary(store, id, now);
    if encoder::node_status(store, id, kind).is_some() {
        return true; // already connected
    }
    if !encoder::has_nodes(store, id) {
        start_session(store, id, now);
    }
    encoder::add_node(store, id, kind, now);
    sync_live_status(store, id, now / 1000);
    sync_recording(store, id, now);
    let server_type = kind.server_type().to_string();
    schedule(
        store,
        now + delay_ms(TO_BROADCASTING_S, speed),
        id,
        Step::NodeBroadcasting {
            server_type: server_type.clone(),
        },
    );
    schedule(
        store,
        now + delay_ms(TO_PLAYABLE_S, speed),
        id,
        Step::NodePlayable { server_type },
    );
    true
}

/// An encoder disconnects from one point. The last point to go ends the session ([`end`]);
/// otherwise the entry goes on with the other (a failover). Returns false for an entry that is
/// not a live entry.
pub fn disconnect(store: &mut Store, id: &str, kind: NodeKind, now: i64, speed: f64) -> bool {
    if store.entry(id).is_none_or(|e| e.entry_type() != 7) {
        return false;
    }
    encoder::ensure_legacy_primary(store, id, now);
    if !encoder::remove_node(store, id, kind) {
        return true; // not connected
    }
    let server_type = kind.server_type();
    store.timers.retain(|t| {
        !(t.entry_id == id
            && match &t.step {
                Step::NodeBroadcasting { server_type: s }
                | Step::NodePlayable { server_type: s } => s == server_type,
                Step::Broadcasting | Step::Playable => kind == NodeKind::Primary,
                _ => false,
            })
    });
    store.touch();
    if encoder::has_nodes(store, id) {
        sync_live_status(store, id, now / 1000);
        true
    } else {
        end(store, id, now, speed)
    }
}

/// `stall?node=` (`stall`) and `unstall?node=`: a point's encoder stays connected but its stream
/// stops being playable (the media server gets no usable frames: the point is BROADCASTING, not
/// PLAYABLE), or plays again. Only a PLAYABLE point stalls and only a stalled one resumes; a
/// point that is still connecting is not touched. Returns false for an entry that is not a
/// live entry.
pub fn stall(store: &mut Store, id: &str, kind: NodeKind, stalled: bool, now: i64) -> bool {
    if store.entry(id).is_none_or(|e| e.entry_type() != 7) {
        return false;
    }
    encoder::ensure_legacy_primary(store, id, now);
    let (from, to): (&[i64], i64) = if stalled { (&[1], 2) } else { (&[2], 1) };
    let pending_playable = store.timers.iter().any(|t| {
        t.entry_id == id
            && match &t.step {
                Step::NodePlayable { server_type } => server_type == kind.server_type(),
                Step::Playable => kind == NodeKind::Primary,
                _ => false,
            }
    });
    // A point still on its way to PLAYABLE is connecting, not stalled.
    if !stalled && pending_playable {
        return true;
    }
    if encoder::set_status(store, id, kind, from, to, now) {
        sync_live_status(store, id, now / 1000);
    }
    true
}

/// A new session begins (the first point connected): its recording, `currentBroadcastStartTime`.
fn start_session(store: &mut Store, id: &str, now: i64) {
    let Some(entry) = store.entry(id) else {
        return;
    };
    let secs = now / 1000;
    let record_status = entry.int("recordStatus");
    let ended_within = |secs: i64| {
        entry
            .last_end_ms
            .is_some_and(|end| now - end <= secs * 1000)
    };
    let reconnect = ended_within(SAME_SESSION_S);
    let within_a_day = ended_within(APPEND_WINDOW_S);
    let existing = entry.str("recordedEntryId").to_string();
    let recording = match record_status {
        0 => None,
        // APPENDED reuses its recording for a day; PER_SESSION only on a quick reconnect.
        1 if within_a_day && !existing.is_empty() => Some(existing),
        2 if reconnect && !existing.is_empty() => Some(existing),
        _ => Some(new_recording(store, id, secs)),
    };
    // A reused recording is being written again: it is no longer ready.
    if let Some(rec) = &recording {
        store.timers.retain(|t| match &t.step {
            Step::RecordingReady { recording } | Step::AutoArchive { recording } => {
                recording != rec
            }
            _ => true,
        });
        if let Some(r) = store.entry_mut(rec) {
            r.obj.insert("status".into(), json!(7));
        }
    }
    store
        .timers
        .retain(|t| !(t.entry_id == id && t.step == Step::AutoBroadcast));
    set_live(store, id, |o| {
        o.insert("currentBroadcastStartTime".into(), json!(secs));
        o.insert("redirectEntryId".into(), json!(""));
        if let Some(rec) = &recording {
            o.insert("recordedEntryId".into(), json!(rec));
        }
    });
    if let Some(e) = store.entry_mut(id) {
        e.recorded_ms = 0;
        e.recording_since_ms = None;
    }
}

fn new_recording(store: &mut Store, live_id: &str, secs: i64) -> String {
    let rec_id = store.new_entry_id();
    let Some(live) = store.entry_mut(live_id) else {
        return rec_id;
    };
    live.sessions += 1;
    let session = live.sessions;
    let o = &live.obj;
    let per_session = int(o, "recordStatus") == 2;
    let name = if per_session {
        format!("{} {}", str_of(o, "name"), session)
    } else {
        str_of(o, "name").to_string()
    };
    let hidden = flag(o.get("recordingOptions"), "shouldMakeHidden");
    let rec = json!({
        "id": rec_id, "name": name, "description": str_of(o, "description"),
        "partnerId": o.get("partnerId").cloned().unwrap_or(Value::Null),
        "userId": str_of(o, "userId"), "creatorId": str_of(o, "creatorId"),
        "tags": str_of(o, "tags"), "adminTags": str_of(o, "adminTags"),
        "status": 7, "moderationStatus": 6, "type": 1, "mediaType": 1, "sourceType": "36",
        "createdAt": secs, "updatedAt": secs, "rootEntryId": live_id,
        "conversionProfileId": o.get("conversionProfileId").cloned().unwrap_or(json!(0)),
        "displayInSearch": if hidden { -1 } else { 1 }, "duration": 0, "msDuration": 0,
        "plays": 0, "views": 0, "entitledUsersEdit": str_of(o, "entitledUsersEdit"),
        "entitledUsersView": str_of(o, "entitledUsersView"), "redirectEntryId": "",
        "objectType": "KalturaMediaEntry",
    });
    if let Value::Object(obj) = rec {
        store.push_entry(obj);
    }
    rec_id
}

/// Step 3: Go Live as `/sandbox/entries/{id}/golive` does it for scripts: what Kaltura's console
/// sends (`viewMode` ALLOW_ALL, `recordingStatus` ACTIVE when the entry records). False for a
/// non-live entry.
pub fn go_live(store: &mut Store, id: &str, now: i64) -> bool {
    let Some(entry) = store.entry(id) else {
        return false;
    };
    if entry.entry_type() != 7 {
        return false;
    }
    let recording = entry.int("recordStatus") != 0;
    let was = entry.int("viewMode");
    set_live(store, id, |o| {
        o.insert("viewMode".into(), json!(1));
        if recording {
            o.insert("recordingStatus".into(), json!(2));
        }
    });
    let_in(store, id, was, now);
    sync_recording(store, id, now);
    true
}

/// After `viewMode` changed from `was`: a switch to ALLOW_ALL while the stream is playable lets
/// attendees in now, so `broadcastTime` records it; an early switch (not yet playable) is
/// recorded when it turns PLAYABLE (see `Step::Playable`). Resending ALLOW_ALL changes nothing.
pub fn let_in(store: &mut Store, id: &str, was: i64, now: i64) {
    let Some(e) = store.entry_mut(id) else { return };
    if was != 1 && e.int("viewMode") == 1 && e.int("liveStatus") == 1 {
        e.obj.insert("broadcastTime".into(), json!(now / 1000));
    }
}

/// The recording grows while an encoder is connected, the entry records, it has a recording
/// and `recordingStatus` is ACTIVE: what Kaltura's live recording does with PAUSED and STOPPED
/// (nothing is appended until it is ACTIVE again).
fn recording_grows(o: &Obj) -> bool {
    matches!(int(o, "liveStatus"), 1..=3)
        && int(o, "recordStatus") != 0
        && int(o, "recordingStatus") == 2
        && !str_of(o, "recordedEntryId").is_empty()
}

/// Starts or stops the recording's clock after anything that may have changed
/// [`recording_grows`] (a connect, an update of `recordingStatus`, a disconnect).
pub fn sync_recording(store: &mut Store, id: &str, now: i64) {
    let Some(e) = store.entry_mut(id) else { return };
    match (recording_grows(&e.obj), e.recording_since_ms) {
        (true, None) => e.recording_since_ms = Some(now),
        (false, Some(since)) => {
            e.recorded_ms += (now - since).max(0);
            e.recording_since_ms = None;
        }
        _ => {}
    }
}

/// Step 4: the session ends (every point disconnected); the recording turns READY after the
/// processing delay.
pub fn end(store: &mut Store, id: &str, now: i64, speed: f64) -> bool {
    let Some(entry) = store.entry(id) else {
        return false;
    };
    if entry.entry_type() != 7 {
        return false;
    }
    if entry.int("liveStatus") == 0 {
        encoder::remove_all(store, id);
        return true; // nothing is streaming
    }
    let secs = now / 1000;
    let explicit = entry.obj.get("explicitLive").and_then(Value::as_bool) == Some(true);
    let recording = entry.str("recordedEntryId").to_string();
    // The audience the end starts falling from.
    super::audience::observe(store, id, now, speed);
    encoder::remove_all(store, id);
    store.timers.retain(|t| {
        !(t.entry_id == id
            && matches!(
                t.step,
                Step::Broadcasting
                    | Step::Playable
                    | Step::NodeBroadcasting { .. }
                    | Step::NodePlayable { .. }
            ))
    });
    set_live(store, id, |o| {
        o.insert("liveStatus".into(), json!(0));
        o.insert("currentBroadcastStartTime".into(), json!(0));
        o.insert("lastBroadcastEndTime".into(), json!(secs));
        if explicit {
            o.insert("viewMode".into(), json!(0));
            o.insert("recordingStatus".into(), json!(0));
        }
        o.insert("redirectEntryId".into(), json!(recording));
    });
    sync_recording(store, id, now);
    let mut recorded_ms = 0;
    if let Some(e) = store.entry_mut(id) {
        e.last_end_ms = Some(now);
        recorded_ms = std::mem::take(&mut e.recorded_ms);
    }
    if !recording.is_empty() {
        if let Some(rec) = store.entry_mut(&recording) {
            let ms = rec.int("msDuration") + recorded_ms;
            rec.obj.insert("duration".into(), json!(ms / 1000));
            rec.obj.insert("msDuration".into(), json!(ms));
        }
        let step = Step::RecordingReady { recording };
        schedule(store, now + delay_ms(PROCESSING_S, speed), id, step);
    }
    true
}

/// `/sandbox/entries/{id}/redirect`: point `redirectEntryId` at the newest recording.
pub fn redirect_to_newest(store: &mut Store, id: &str) -> bool {
    if store.entry(id).is_none_or(|e| e.entry_type() != 7) {
        return false;
    }
    let newest = store
        .entries
        .iter()
        .filter(|e| !e.is_deleted() && e.entry_type() == 1 && e.str("rootEntryId") == id)
        .max_by_key(|e| (e.int("createdAt"), e.seq))
        .map(|e| e.id().to_string());
    if let Some(rec) = newest {
        set_live(store, id, |o| {
            o.insert("redirectEntryId".into(), json!(rec));
        });
    }
    true
}

/// `--auto-live-after`: schedules the encoder to connect by itself.
pub fn schedule_auto_broadcast(store: &mut Store, id: &str, due_ms: i64) {
    schedule(store, due_ms, id, Step::AutoBroadcast);
}
