//! "Prove it" performance figures, measured side by side in one run against an in-process
//! sandbox on loopback (round-trips from `/sandbox/stats`, wall time from the clock):
//!
//! 1. Poll cycle for N = 1, 50, 500 events at 0 and 100 ms injected latency: `Webcast::poll`
//!    against the seed's way (per event, sequentially: `liveStream.get`, `liveStream.isLive`,
//!    then `baseEntry.list(rootEntryIdEqual)` when neither redirect nor recording is set).
//! 2. Create + links for one event, and playback resolution after an event (recording ready),
//!    against the seed's sequential calls, at 100 ms latency.
//! 3. Dashboard drawing: one frame of 1,000 events on a 160×50 `TestBackend`.
//! 4. Bytes per polled event: `Webcast::poll` with response profiles and its cache (first and
//!    steady polls) against whole objects (`Webcast::with_full_answers`, what it did before).
//!
//! `cargo bench --bench perf` (release). `PERF_QUICK=1` skips the seed's N = 500 at 100 ms
//! (150 sequential seconds). Prints tables; asserts nothing.

use kwebcast::kaltura::client::{ClientConfig, KalturaClient, KsProvider};
use kwebcast::kaltura::ks::{KsVersion, SessionType};
use kwebcast::kaltura::secret::AdminSecret;
use kwebcast::kaltura::services::{
    EntryFilter, base_entry, conversion_profile, live_stream, metadata, metadata_profile, ui_conf,
};
use kwebcast::kaltura::types::{
    ListResponse, LiveStreamEntry, NewLiveStream, PlaybackProtocol, UiConfObjType,
};
use kwebcast::sandbox::{Sandbox, SandboxOptions};
use kwebcast::webcast::{
    CreateRequest, EventSnapshot, EventState, Journal, Presenter, Webcast, WebcastSettings, xml,
};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

struct Bench {
    sb: Sandbox,
    wc: Webcast,
    http: reqwest::Client,
}

impl Bench {
    async fn stats(&self) -> i64 {
        let v: Value = self
            .http
            .get(format!("{}/sandbox/stats", self.sb.url()))
            .send()
            .await
            .expect("stats")
            .json()
            .await
            .expect("json");
        v["http_requests"].as_i64().unwrap_or(-1)
    }
    /// Bytes of API answers since the last reset (`response_bytes` of `/sandbox/stats`).
    async fn bytes(&self) -> i64 {
        let v: Value = self
            .http
            .get(format!("{}/sandbox/stats", self.sb.url()))
            .send()
            .await
            .expect("stats")
            .json()
            .await
            .expect("json");
        v["response_bytes"].as_i64().unwrap_or(-1)
    }
    async fn reset(&self) {
        self.http
            .post(format!("{}/sandbox/stats/reset", self.sb.url()))
            .send()
            .await
            .expect("reset");
    }
    async fn latency(&self, ms: u64) {
        self.http
            .post(format!("{}/sandbox/faults", self.sb.url()))
            .json(&json!({ "latency_ms": ms }))
            .send()
            .await
            .expect("faults");
    }
    async fn control(&self, id: &str, what: &str) {
        self.http
            .post(format!("{}/sandbox/entries/{id}/{what}", self.sb.url()))
            .send()
            .await
            .expect("control");
    }
    fn client(&self) -> &KalturaClient {
        self.wc.client()
    }

    /// Runs `f` and returns (round-trips, wall time).
    async fn measure<F, Fut, T>(&self, f: F) -> (i64, Duration)
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = T>,
    {
        self.reset().await;
        let t = Instant::now();
        let _ = f().await;
        let elapsed = t.elapsed();
        (self.stats().await, elapsed)
    }
}

/// The seed's `/view` resolution for one event: get, isLive, then the fallbacks in order.
async fn seed_resolve(client: &KalturaClient, id: &str) -> String {
    let entry: LiveStreamEntry = client.call_as(&live_stream::get(id)).await.expect("get");
    let live: bool = client
        .call_as(&live_stream::is_live(id, PlaybackProtocol::Auto))
        .await
        .unwrap_or(false);
    if live {
        return entry.id;
    }
    if !entry.redirect_entry_id.is_empty() {
        return entry.redirect_entry_id;
    }
    if !entry.recorded_entry_id.is_empty() {
        return entry.recorded_entry_id;
    }
    let filter = EntryFilter {
        root_entry_id_equal: Some(id.to_string()),
        ..EntryFilter::default()
    };
    let list: ListResponse<Value> = client
        .call_as(&base_entry::list(&filter, None))
        .await
        .expect("list");
    list.objects
        .iter()
        .filter_map(|o| o["id"].as_str())
        .find(|i| *i != id)
        .unwrap_or(id)
        .to_string()
}

/// The seed's `/create`: eight sequential calls.
async fn seed_create(client: &KalturaClient, name: &str) -> String {
    let _ = client
        .call(&conversion_profile::list_by_name("Cloud transcode"))
        .await;
    let _ = client
        .call(&conversion_profile::list_by_system_name(
            "KMS54_NEW_DOC_CONV_IMAGE_WIDE",
        ))
        .await;
    let entry: LiveStreamEntry = client
        .call_as(&live_stream::add(&NewLiveStream::new(name.to_string())))
        .await
        .expect("add");
    for (profile, xml) in [
        ("KMS_KWEBCAST2", xml::kwebcast_xml(true)),
        (
            "KMS_EVENTS3",
            "<metadata><StartTime>1</StartTime></metadata>".to_string(),
        ),
    ] {
        let list: ListResponse<Value> = client
            .call_as(&metadata_profile::list_by_system_name(profile))
            .await
            .expect("profile");
        let pid = list.objects[0]["id"].as_i64().unwrap_or(0);
        let _ = client.call(&metadata::add(pid, &entry.id, &xml)).await;
    }
    let _ = client
        .call(&ui_conf::list_templates(UiConfObjType::Webcasting))
        .await;
    entry.id
}

/// Bytes per polled event, 50 events made by `Webcast::create` (both metadata records, a
/// description and a presenter), 10 of them broadcasting (5 of those LIVE, 2 with a backup
/// encoder too) and 10 ended with a recording. Every poll carries the ingest points
/// (`entryServerNode.list`) and, for live events, the viewers (`getLiveStreamStats`, at most
/// every `viewers_interval`): the figures include them.
async fn poll_bytes(b: &Bench) {
    let dir = tempfile::tempdir().expect("tempdir");
    let journal = Journal::in_dir(dir.path());
    let mut made = Vec::new();
    for i in 0..50 {
        let req = CreateRequest {
            description: "Quarterly results, then questions from the floor".into(),
            presenter: Presenter {
                name: "Ann O'Neil".into(),
                title: "Chief Executive Officer".into(),
                ..Presenter::default()
            },
            ..request(&format!("Town hall {i}"))
        };
        let created = b.wc.create(&req, &journal).await.expect("create");
        made.push(created.entry_id().to_string());
    }
    for (i, id) in made.iter().enumerate().take(20) {
        b.control(id, "broadcast").await;
        if i < 2 {
            b.control(id, "broadcast?node=backup").await;
        }
        if i < 5 {
            b.control(id, "golive").await;
        }
        if i >= 10 {
            b.control(id, "end").await;
        }
    }
    // A handle whose viewers and streams are due at every poll (a 1 s interval): what the poll
    // costs once every `viewers_interval` (30 s by default).
    let mut every_poll = b.wc.settings().clone();
    every_poll.viewers_interval = 1;
    let eager = Webcast::new(b.client().clone(), every_poll);
    let full = b.wc.clone().with_full_answers();
    let per_event = |bytes: i64| bytes as f64 / made.len() as f64;
    b.reset().await;
    b.wc.poll(&made).await.expect("poll");
    let first = b.bytes().await;
    b.reset().await;
    b.wc.poll(&made).await.expect("poll");
    let steady = b.bytes().await;
    eager.poll(&made).await.expect("poll");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    b.reset().await;
    eager.poll(&made).await.expect("poll");
    let with_viewers = b.bytes().await;
    b.reset().await;
    full.poll(&made).await.expect("poll");
    let whole = b.bytes().await;
    println!("## Bytes per polled event (N = 50, one multirequest)\n");
    println!("| poll | bytes per event | share of whole objects |");
    println!("|---|---|---|");
    println!(
        "| whole objects (no response profile, before) | {:.0} | 100% |",
        per_event(whole)
    );
    for (label, bytes) in [
        ("first poll (details and schedules read once)", first),
        ("steady poll (goal ≤ 25%)", steady),
        (
            "poll at the viewers interval (5 live events' viewers, 12 points' streams)",
            with_viewers,
        ),
    ] {
        println!(
            "| {label} | {:.0} | {:.1}% |",
            per_event(bytes),
            100.0 * bytes as f64 / whole as f64
        );
    }
    println!();
}

fn request(name: &str) -> CreateRequest {
    let start = now() + 3600;
    CreateRequest {
        name: name.into(),
        description: String::new(),
        start,
        end: start + 3600,
        timezone: "UTC".into(),
        presenter: Presenter::default(),
        recording: true,
        dvr: false,
        reference: None,
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let quick = std::env::var_os("PERF_QUICK").is_some();
    let sb = Sandbox::start(SandboxOptions {
        speed: 1000.0,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox");
    let client = KalturaClient::new(ClientConfig::new(
        sb.url(),
        sb.partner_id(),
        KsProvider::Local {
            secret: AdminSecret::new(sb.admin_secret()),
            partner_id: sb.partner_id(),
            user_id: "bench@example.com".into(),
            session_type: SessionType::Admin,
            privileges: "disableentitlement".into(),
            ttl_secs: 86_400,
            version: KsVersion::V2,
        },
    ))
    .expect("client");
    let wc = Webcast::new(
        client,
        WebcastSettings::new(
            sb.partner_id(),
            sb.url(),
            AdminSecret::new(sb.admin_secret()),
        ),
    );
    let b = Bench {
        sb,
        wc,
        http: reqwest::Client::new(),
    };

    // 500 events, added 50 per multirequest.
    let mut ids: Vec<String> = Vec::new();
    for chunk in 0..10 {
        let reqs: Vec<_> = (0..50)
            .map(|i| live_stream::add(&NewLiveStream::new(format!("Perf {}", chunk * 50 + i))))
            .collect();
        for slot in b.client().multirequest(&reqs).await.expect("adds") {
            ids.push(slot.expect("added")["id"].as_str().unwrap().to_string());
        }
    }
    let _ = b.wc.poll(&ids[..1]).await; // warm up: connection, player uiConf lookup
    poll_bytes(&b).await;

    println!("## Poll cycle (one refresh of N events)\n");
    println!(
        "| N | latency | kwebcast round-trips | kwebcast ms | seed round-trips | seed ms | round-trip ratio | speed-up |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for latency in [0u64, 100] {
        b.latency(latency).await;
        for n in [1usize, 50, 500] {
            let set = &ids[..n];
            let reps = if latency == 0 { 5 } else { 1 };
            let mut ours = (0, Duration::MAX);
            for _ in 0..reps {
                let (rt, t) = b
                    .measure(|| async { b.wc.poll(set).await.expect("poll") })
                    .await;
                if t < ours.1 {
                    ours = (rt, t);
                }
            }
            let seed = if quick && latency > 0 && n == 500 {
                None
            } else {
                let mut best = (0, Duration::MAX);
                for _ in 0..reps.min(if n == 500 { 1 } else { 3 }) {
                    let (rt, t) = b
                        .measure(|| async {
                            for id in set {
                                seed_resolve(b.client(), id).await;
                            }
                        })
                        .await;
                    if t < best.1 {
                        best = (rt, t);
                    }
                }
                Some(best)
            };
            let (seed_rt, seed_ms, ratio, speed) = match seed {
                Some((rt, t)) => (
                    rt.to_string(),
                    ms(t),
                    format!("{:.0}×", rt as f64 / ours.0 as f64),
                    format!("{:.1}×", t.as_secs_f64() / ours.1.as_secs_f64()),
                ),
                None => ("(3/event)".into(), "skipped".into(), "-".into(), "-".into()),
            };
            println!(
                "| {n} | {latency} ms | {} (goal {}) | {} | {seed_rt} | {seed_ms} | {ratio} | {speed} |",
                ours.0,
                n.div_ceil(50),
                ms(ours.1)
            );
        }
    }

    println!("\n## Create + links, playback resolution (100 ms latency)\n");
    println!(
        "| flow | kwebcast round-trips | kwebcast ms | seed round-trips | seed ms | speed-up |"
    );
    println!("|---|---|---|---|---|---|");
    b.latency(100).await;
    let dir = tempfile::tempdir().expect("tmp");
    let journal = Journal::in_dir(dir.path());
    let mut best = (0, Duration::MAX, 0, Duration::MAX);
    for i in 0..3 {
        let (rt, t) = b
            .measure(|| async {
                let created =
                    b.wc.create(&request(&format!("Create {i}")), &journal)
                        .await
                        .expect("create");
                let snap = EventSnapshot::derive(created.entry.clone(), Vec::new(), None, now());
                b.wc.links(&snap).await.expect("links")
            })
            .await;
        let (srt, st) = b
            .measure(|| async {
                let id = seed_create(b.client(), &format!("Seed {i}")).await;
                seed_resolve(b.client(), &id).await
            })
            .await;
        if t < best.1 {
            best = (rt, t, srt, st);
        }
    }
    println!(
        "| create + links | {} | {} | {} | {} | {:.1}× |",
        best.0,
        ms(best.1),
        best.2,
        ms(best.3),
        best.3.as_secs_f64() / best.1.as_secs_f64()
    );

    // An event that ran and whose recording is READY and auto-archived (the seed's fallback).
    b.latency(0).await;
    let id = ids[0].clone();
    b.control(&id, "broadcast").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    b.control(&id, "end").await;
    for _ in 0..100 {
        let s = b.wc.resolve_playback(&id).await.expect("resolve");
        if s.state == EventState::RecordingReady && s.entry.recorded_entry_id.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    b.latency(100).await;
    let mut best = (0, Duration::MAX, 0, Duration::MAX);
    for _ in 0..3 {
        let (rt, t) = b
            .measure(|| async { b.wc.resolve_playback(&id).await.expect("resolve") })
            .await;
        let (srt, st) = b.measure(|| seed_resolve(b.client(), &id)).await;
        if t < best.1 {
            best = (rt, t, srt, st);
        }
    }
    println!(
        "| playback after the event | {} | {} | {} | {} | {:.1}× |",
        best.0,
        ms(best.1),
        best.2,
        ms(best.3),
        best.3.as_secs_f64() / best.1.as_secs_f64()
    );
    b.latency(0).await;

    println!("\n## Dashboard drawing\n");
    draw_figures();
    watchdog_figures();
}

/// The watchdog over 1,000 events (every state, schedules around now): the alerts of all of
/// them, as `update` computes them when a poll arrives, best and median of 200 runs; and a frame
/// of the board with an Alerts column (one event in five alerted).
fn watchdog_figures() {
    use kwebcast::tui::state::{AppState, Watched};
    use kwebcast::tui::view::{EventDetail, EventView, Status};
    use kwebcast::webcast::state::LiveFacts;
    use kwebcast::webcast::watchdog::{self, WatchFacts, WatchdogConfig};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    let t0 = now();
    let statuses = [
        Status::Offline,
        Status::Connecting,
        Status::Preview,
        Status::Live,
        Status::EndedFeedOn,
        Status::Ended,
        Status::RecordingReady,
        Status::Error,
    ];
    let facts: Vec<WatchFacts> = (0..1000)
        .map(|i| {
            let status = statuses[i % statuses.len()];
            let start = t0 - 3600 + (i as i64 % 120) * 60;
            WatchFacts {
                schedule: Some((start, start + 3600)),
                state: status,
                since: Some(t0 - 60),
                live: LiveFacts {
                    id: format!("0_{i:08}"),
                    status: 2,
                    live_status: match status {
                        Status::Connecting => 2,
                        Status::Preview | Status::Live | Status::EndedFeedOn => 1,
                        _ => 0,
                    },
                    explicit_live: true,
                    view_mode: i64::from(status == Status::Live),
                    current_broadcast_start_time: t0 - 300,
                    last_broadcast: t0 - 298,
                    last_broadcast_end_time: if status == Status::Ended {
                        t0 - 1200
                    } else {
                        0
                    },
                    ..LiveFacts::default()
                },
                recording_on: true,
                ingest: None,
            }
        })
        .collect();
    let cfg = WatchdogConfig::default();
    let mut times = Vec::new();
    let mut alerted = 0;
    for _ in 0..200 {
        let t = Instant::now();
        alerted = facts
            .iter()
            .map(|f| watchdog::check(f, t0, &cfg))
            .filter(|a| !a.is_empty())
            .count();
        times.push(t.elapsed());
    }
    times.sort();
    let us = |d: Duration| format!("{:.0}", d.as_secs_f64() * 1e6);
    println!(
        "| alerts of 1,000 events ({alerted} with one), best / median of 200 | {} / {} µs |",
        us(times[0]),
        us(times[100])
    );

    let mut state = AppState::new(board_config(cfg), t0, jiff::tz::TimeZone::UTC, (160, 50));
    state.events = facts
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let id = f.live.id.clone();
            let alerts = if i % 5 == 0 {
                watchdog::check(f, t0, &cfg)
            } else {
                Vec::new()
            };
            Watched {
                id: id.clone(),
                view: Some(EventView {
                    id: id.clone(),
                    name: format!("Event number {i} with a longish title"),
                    status: f.state,
                    since: f.since,
                    audience: "offline slate".into(),
                    playback_id: id,
                    polled_at: t0,
                    viewers: None,
                    health: None,
                    detail: EventDetail::default(),
                    control: Default::default(),
                    missing: false,
                    watch: f.clone(),
                    alerts,
                }),
            }
        })
        .collect();
    let mut terminal = Terminal::new(TestBackend::new(160, 50)).expect("terminal");
    let mut frames = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        terminal
            .draw(|f| kwebcast::tui::draw::draw(f, &state))
            .expect("draw");
        frames.push(t.elapsed());
    }
    frames.sort();
    println!(
        "| one frame, 1,000 events with an Alerts column, 160×50 (best / median / worst of 200) | {} / {} / {} ms |",
        ms(frames[0]),
        ms(frames[100]),
        ms(frames[199])
    );
}

/// The sandbox board the frame figures draw, with the watchdog's knobs `watchdog`.
fn board_config(watchdog: kwebcast::webcast::WatchdogConfig) -> kwebcast::tui::state::StateConfig {
    kwebcast::tui::state::StateConfig {
        sandbox: true,
        bell: false,
        color: true,
        poll_secs: 5,
        watch: Vec::new(),
        log_file: None,
        account: Some("partner 1000 @ sandbox".into()),
        reference_seed: "5eed5eed5eed".into(),
        insecure: None,
        notices: Vec::new(),
        log: Vec::new(),
        watchdog,
        viewers_secs: 30,
    }
}

/// One frame of 1,000 events on a 160×50 TestBackend, best and median of 200 frames.
fn draw_figures() {
    use kwebcast::tui::state::{AppState, Watched};
    use kwebcast::tui::view::{EventDetail, EventView, Status};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    let t0 = now();
    let mut state = AppState::new(
        board_config(Default::default()),
        t0,
        jiff::tz::TimeZone::UTC,
        (160, 50),
    );
    let statuses = [
        Status::Offline,
        Status::Connecting,
        Status::Preview,
        Status::Live,
        Status::EndedFeedOn,
        Status::Ended,
        Status::RecordingReady,
        Status::Error,
    ];
    state.events = (0..1000)
        .map(|i| {
            let id = format!("0_{i:08}");
            Watched {
                id: id.clone(),
                view: Some(EventView {
                    id: id.clone(),
                    name: format!("Event number {i} with a longish title"),
                    status: statuses[i % statuses.len()],
                    since: Some(t0 - i as i64),
                    audience: "offline slate".into(),
                    playback_id: id,
                    polled_at: t0,
                    viewers: (i % 3 == 0).then_some(i as i64 * 7),
                    health: None,
                    detail: EventDetail::default(),
                    control: Default::default(),
                    missing: false,
                    watch: Default::default(),
                    alerts: Vec::new(),
                }),
            }
        })
        .collect();
    let mut terminal = Terminal::new(TestBackend::new(160, 50)).expect("terminal");
    let mut times = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        terminal
            .draw(|f| kwebcast::tui::draw::draw(f, &state))
            .expect("draw");
        times.push(t.elapsed());
    }
    times.sort();
    println!("| figure | value |");
    println!("|---|---|");
    println!(
        "| one frame, 1,000 events, 160×50 (best / median / worst of 200) | {} / {} / {} ms |",
        ms(times[0]),
        ms(times[100]),
        ms(times[199])
    );
}
