//! Webcast workflow figures against an in-process sandbox on loopback: HTTP requests and
//! wall time per create, resolve and poll (120 events), QR encode/render time and size, and the
//! account views paging through 1,200 webcasts.
//! Run with `cargo bench --bench webcast`; prints figures, asserts nothing.

use kwebcast::kaltura::client::{ClientConfig, KalturaClient, KsProvider};
use kwebcast::kaltura::ks::{KsVersion, SessionType};
use kwebcast::kaltura::secret::AdminSecret;
use kwebcast::kaltura::services::live_stream;
use kwebcast::kaltura::types::{LiveStreamEntry, NewLiveStream};
use kwebcast::sandbox::{Sandbox, SandboxOptions};
use kwebcast::webcast::{CreateRequest, Journal, Presenter, Webcast, WebcastSettings, qr};
use std::time::Instant;

async fn http_requests(sb: &Sandbox) -> i64 {
    let v: serde_json::Value = reqwest::get(format!("{}/sandbox/stats", sb.url()))
        .await
        .expect("stats")
        .json()
        .await
        .expect("json");
    v["http_requests"].as_i64().unwrap_or(-1)
}

async fn reset(sb: &Sandbox) {
    reqwest::Client::new()
        .post(format!("{}/sandbox/stats/reset", sb.url()))
        .send()
        .await
        .expect("reset");
}

#[tokio::main]
async fn main() {
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
    let dir = std::env::temp_dir().join(format!("kwebcast-bench-{}", std::process::id()));
    let journal = Journal::in_dir(&dir);
    let now = jiff::Timestamp::now().as_second();

    let rounds = 20;
    reset(&sb).await;
    let t = Instant::now();
    let mut last = String::new();
    for i in 0..rounds {
        let req = CreateRequest {
            name: format!("bench {i}"),
            description: String::new(),
            start: now + 3600,
            end: now + 7200,
            timezone: "UTC".into(),
            presenter: Presenter::default(),
            recording: true,
            dvr: true,
            reference: None,
        };
        last = wc.create(&req, &journal).await.expect("create").entry.id;
    }
    println!(
        "create: {:.2} ms each, {} HTTP requests for {rounds}",
        t.elapsed().as_secs_f64() * 1000.0 / rounds as f64,
        http_requests(&sb).await
    );

    reset(&sb).await;
    let t = Instant::now();
    for _ in 0..rounds {
        wc.resolve_playback(&last).await.expect("resolve");
    }
    println!(
        "resolve_playback: {:.2} ms each, {} HTTP requests for {rounds}",
        t.elapsed().as_secs_f64() * 1000.0 / rounds as f64,
        http_requests(&sb).await
    );

    let adds: Vec<_> = (0..120)
        .map(|i| live_stream::add(&NewLiveStream::new(format!("poll {i}"))))
        .collect();
    let ids: Vec<String> = wc
        .client()
        .multirequest(&adds)
        .await
        .expect("adds")
        .into_iter()
        .filter_map(|a| a.ok())
        .filter_map(|v| serde_json::from_value::<LiveStreamEntry>(v).ok())
        .map(|e| e.id)
        .collect();
    reset(&sb).await;
    let t = Instant::now();
    for _ in 0..rounds {
        wc.poll(&ids).await.expect("poll");
    }
    println!(
        "poll of {} events: {:.2} ms each, {} HTTP requests for {rounds} polls",
        ids.len(),
        t.elapsed().as_secs_f64() * 1000.0 / rounds as f64,
        http_requests(&sb).await
    );

    let snap = wc.resolve_playback(&last).await.expect("resolve");
    let links = wc.links(&snap).await.expect("links");
    let t = Instant::now();
    let n = 200;
    for _ in 0..n {
        std::hint::black_box(qr::render_half_blocks(&links.attendee_url).expect("qr"));
    }
    let m = qr::modules(&links.attendee_url).expect("qr");
    println!(
        "QR of the attendee link ({} chars): version {}, {}×{} cells, {:.1} µs to encode and render",
        links.attendee_url.len(),
        m.version(),
        m.columns(),
        m.rows(),
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
    account_views(&sb, &wc, now).await;
    let _ = std::fs::remove_dir_all(&dir);
    sb.shutdown().await;
}

async fn response_bytes(sb: &Sandbox) -> i64 {
    let v: serde_json::Value = reqwest::get(format!("{}/sandbox/stats", sb.url()))
        .await
        .expect("stats")
        .json()
        .await
        .expect("json");
    v["response_bytes"].as_i64().unwrap_or(-1)
}

/// 1,200 scheduled webcasts (half ahead, half over), then every Upcoming page and the first
/// Past page: requests, bytes and time per page.
async fn account_views(sb: &Sandbox, wc: &Webcast, now: i64) {
    use kwebcast::kaltura::services::{metadata, metadata_profile};
    use kwebcast::kaltura::types::{ListResponse, MetadataProfile};
    use kwebcast::webcast::{AccountView, Schedule, xml::events_xml};
    let profiles: ListResponse<MetadataProfile> = wc
        .client()
        .call_as(&metadata_profile::list_by_system_name("KMS_EVENTS3"))
        .await
        .expect("profile");
    let profile = profiles.objects[0].id;
    for chunk in (0..1200i64).collect::<Vec<_>>().chunks(100) {
        let mut reqs = Vec::new();
        for &i in chunk {
            let entry = NewLiveStream {
                admin_tags: Some("kms-webcast-event,vpaas-webcast".into()),
                ..NewLiveStream::new(format!("webcast {i}"))
            };
            reqs.push(live_stream::add(&entry));
            let start = now + ((i * 7919) % 1200 - 600) * 600;
            let schedule = Schedule {
                start,
                end: start + 3600,
                timezone: "UTC".into(),
            };
            let token = format!("{{{}:result:id}}", reqs.len());
            reqs.push(metadata::add(
                profile,
                &token,
                &events_xml(&schedule, &Presenter::default()),
            ));
        }
        wc.client().multirequest(&reqs).await.expect("seed");
    }
    reset(sb).await;
    let t = Instant::now();
    let (mut page, mut rows) = (1, 0);
    loop {
        let p = wc
            .view_page(AccountView::Upcoming, page, now)
            .await
            .expect("page");
        rows += p.events.len();
        if !p.has_more {
            break;
        }
        page += 1;
    }
    println!(
        "Upcoming of 1,200 webcasts: {rows} rows in {page} pages, {:.1} ms a page, {} HTTP requests, {} response bytes a page",
        t.elapsed().as_secs_f64() * 1000.0 / f64::from(page),
        http_requests(sb).await,
        response_bytes(sb).await / i64::from(page)
    );
    reset(sb).await;
    let t = Instant::now();
    let p = wc.view_page(AccountView::Past, 1, now).await.expect("past");
    println!(
        "Past, first page of {}: {:.1} ms, {} HTTP requests, {} response bytes",
        p.total,
        t.elapsed().as_secs_f64() * 1000.0,
        http_requests(sb).await,
        response_bytes(sb).await
    );
}
