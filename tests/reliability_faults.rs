//! The client and the webcast workflows against the sandbox's fault switches (`/sandbox/faults`):
//! latency beyond the timeout, HTTP 5xx (all and 30%), connection resets, truncated and non-JSON
//! bodies, a KS that expires mid-run, and the sandbox killed (SIGKILL) and restarted on the same
//! port with its state file. Each fault must give an error of the right kind naming the call,
//! and everything must work again once `{}` clears the faults. A create that hit a fault must
//! leave exactly one journal line per event that exists on the service.
//!
//! Latencies are kept small and client timeouts short so every test takes a few seconds at most.

mod webcast_support;

use kwebcast::kaltura::client::{ClientConfig, KalturaClient, KsProvider};
use kwebcast::kaltura::error::Error;
use kwebcast::kaltura::ks::{self, KsSpec, KsVersion, SessionType};
use kwebcast::kaltura::secret::AdminSecret;
use kwebcast::kaltura::services::{EntryFilter, Pager, live_stream};
use kwebcast::kaltura::types::{ListResponse, LiveStreamEntry};
use kwebcast::sandbox::{Sandbox, SandboxOptions};
use kwebcast::webcast::{CreateError, EventState, Journal, Webcast};
use serde_json::{Value, json};
use std::time::Duration;
use webcast_support::{now, request, reset_stats, sandbox, settings, stats};

/// A client with the admin KS signed locally, a given timeout and read retries, and a 1 ms
/// backoff so retries cost nothing.
fn client(
    sb_url: &str,
    partner: i64,
    secret: &str,
    timeout_ms: u64,
    retries: u32,
) -> KalturaClient {
    let provider = KsProvider::Local {
        secret: AdminSecret::new(secret),
        partner_id: partner,
        user_id: "admin@example.com".into(),
        session_type: SessionType::Admin,
        privileges: "disableentitlement".into(),
        ttl_secs: 86_400,
        version: KsVersion::V2,
    };
    let mut config = ClientConfig::new(sb_url, partner, provider);
    config.timeout = Duration::from_millis(timeout_ms);
    config.read_retries = retries;
    config.retry_backoff = Duration::from_millis(1);
    KalturaClient::new(config).expect("client")
}

fn webcast_over(sb: &Sandbox, timeout_ms: u64, retries: u32) -> Webcast {
    Webcast::new(
        client(
            &sb.url(),
            sb.partner_id(),
            sb.admin_secret(),
            timeout_ms,
            retries,
        ),
        settings(sb),
    )
}

async fn set_faults(url: &str, faults: Value) {
    let answer: Value = reqwest::Client::new()
        .post(format!("{url}/sandbox/faults"))
        .json(&faults)
        .send()
        .await
        .expect("POST /sandbox/faults")
        .json()
        .await
        .expect("JSON");
    assert_eq!(answer["ok"], true, "{answer}");
}

/// One event created with faults off; returns its ID.
async fn one_event(sb: &Sandbox, journal: &Journal) -> String {
    let wc = webcast_over(sb, 10_000, 2);
    let created = wc
        .create(&request("Fault drill", None), journal)
        .await
        .expect("create without faults");
    created.entry.id.clone()
}

/// Polls once and checks the snapshot is the healthy one.
async fn assert_healthy(wc: &Webcast, id: &str) {
    let snaps = wc
        .poll(&[id.to_string()])
        .await
        .expect("poll after recovery");
    assert_eq!(snaps.len(), 1);
    assert_eq!(snaps[0].entry.id, id);
    assert_eq!(snaps[0].state, EventState::Offline);
    assert!(snaps[0].problem.is_none(), "{:?}", snaps[0].problem);
}

fn assert_names_the_poll(err: &Error) {
    let call = err.call().expect("the error names its call");
    assert!(
        call.starts_with("multirequest(liveStream.list"),
        "call {call:?} in {err}"
    );
    assert!(err.to_string().starts_with(call), "{err}");
}

#[tokio::test]
async fn latency_beyond_the_timeout_is_a_timeout_naming_the_call_then_recovers() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().unwrap();
    let id = one_event(&sb, &Journal::in_dir(dir.path())).await;
    let wc = webcast_over(&sb, 300, 0);

    set_faults(&sb.url(), json!({"latency_ms": 1200})).await;
    let err = wc
        .poll(std::slice::from_ref(&id))
        .await
        .expect_err("slower than the timeout");
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(err.is_transient());
    assert_names_the_poll(&err);
    assert!(err.to_string().contains("did not answer within"), "{err}");
    let err = wc
        .client()
        .call(&live_stream::get(&id))
        .await
        .expect_err("a single call too");
    assert_eq!(err.call(), Some("liveStream.get"), "{err}");

    // Latency under the timeout is only slow.
    set_faults(&sb.url(), json!({"latency_ms": 100})).await;
    assert_healthy(&wc, &id).await;

    set_faults(&sb.url(), json!({})).await;
    assert_healthy(&wc, &id).await;
}

#[tokio::test]
async fn a_body_dribbled_out_past_the_timeout_is_a_timeout() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().unwrap();
    let id = one_event(&sb, &Journal::in_dir(dir.path())).await;
    let wc = webcast_over(&sb, 300, 0);
    set_faults(&sb.url(), json!({"slow_body_ms": 1500})).await;
    let err = wc
        .poll(std::slice::from_ref(&id))
        .await
        .expect_err("slow body");
    assert!(
        matches!(err, Error::Timeout { .. } | Error::Truncated { .. }),
        "{err:?}"
    );
    assert_names_the_poll(&err);
    set_faults(&sb.url(), json!({})).await;
    assert_healthy(&wc, &id).await;
}

#[tokio::test]
async fn all_5xx_fails_after_the_read_retries_then_recovers() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().unwrap();
    let id = one_event(&sb, &Journal::in_dir(dir.path())).await;
    let wc = webcast_over(&sb, 5_000, 2);

    set_faults(&sb.url(), json!({"fail_rate": 1.0})).await;
    reset_stats(&sb).await;
    let err = wc
        .poll(std::slice::from_ref(&id))
        .await
        .expect_err("every answer is 5xx");
    let Error::HttpStatus { status, .. } = &err else {
        panic!("expected an HTTP status error, got {err:?}");
    };
    assert!(*status == 500 || *status == 503, "{status}");
    assert_names_the_poll(&err);
    let (http, _, _) = stats(&sb).await;
    assert_eq!(http, 3, "one try and two retries of a read-only batch");

    set_faults(&sb.url(), json!({})).await;
    assert_healthy(&wc, &id).await;
}

#[tokio::test]
async fn thirty_percent_5xx_is_absorbed_by_read_retries() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().unwrap();
    let id = one_event(&sb, &Journal::in_dir(dir.path())).await;
    // 10 retries: a poll fails only if 11 tries in a row fail (0.3^11 ≈ 2e-6).
    let wc = webcast_over(&sb, 5_000, 10);
    set_faults(&sb.url(), json!({"fail_rate": 0.3})).await;
    reset_stats(&sb).await;
    const POLLS: i64 = 40;
    for _ in 0..POLLS {
        assert_healthy(&wc, &id).await;
    }
    let (http, _, _) = stats(&sb).await;
    // With 40 polls at 30% the chance that none met a 5xx is 0.7^40 ≈ 6e-7.
    assert!(
        http > POLLS,
        "retries happened: {http} requests for {POLLS} polls"
    );
}

#[tokio::test]
async fn a_write_meeting_5xx_is_not_retried_and_creates_nothing() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::in_dir(dir.path());
    let wc = webcast_over(&sb, 5_000, 2);
    // Warm up: the live profile is remembered, so the create is one request, the write.
    wc.create(&request("Warm-up", None), &journal)
        .await
        .unwrap();
    set_faults(&sb.url(), json!({"fail_rate": 1.0})).await;
    reset_stats(&sb).await;
    let err = wc
        .create(&request("Refused", None), &journal)
        .await
        .expect_err("5xx");
    // A 5xx may come from a proxy after the write happened: the outcome is unknown.
    let CreateError::Unknown {
        source: inner,
        reference,
    } = &err
    else {
        panic!("expected Unknown, got {err:?}");
    };
    assert!(err.to_string().contains(reference.as_str()), "{err}");
    assert!(err.to_string().contains("MAY have been created"), "{err}");
    assert!(matches!(inner, Error::HttpStatus { .. }), "{inner:?}");
    assert!(
        inner.call().unwrap_or("").contains("liveStream.add"),
        "{inner}"
    );
    let (http, _, _) = stats(&sb).await;
    assert_eq!(
        http, 4,
        "the batch with the write is sent once; then the reference lookup, a read, is tried \
         once and retried twice"
    );
    // Only the warm-up is an entry; the refused create stays pending, by its reference.
    assert_eq!(journal.load().unwrap().records.len(), 1);
    let pending = journal.unsettled(sb.partner_id(), &sb.url()).unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(&pending[0].reference, reference);
    set_faults(&sb.url(), json!({})).await;
    assert_eq!(entries_named(&wc, "Refused").await, 0);
}

#[tokio::test]
async fn connection_resets_are_transient_errors_then_recover() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().unwrap();
    let id = one_event(&sb, &Journal::in_dir(dir.path())).await;
    let wc = webcast_over(&sb, 5_000, 1);
    set_faults(&sb.url(), json!({"reset_rate": 1.0})).await;
    let err = wc.poll(std::slice::from_ref(&id)).await.expect_err("reset");
    assert!(
        matches!(
            err,
            Error::Connect { .. } | Error::Interrupted { .. } | Error::Truncated { .. }
        ),
        "{err:?}"
    );
    assert!(err.is_transient());
    assert_names_the_poll(&err);
    set_faults(&sb.url(), json!({})).await;
    assert_healthy(&wc, &id).await;
}

#[tokio::test]
async fn truncated_bodies_are_truncated_errors_then_recover() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().unwrap();
    let id = one_event(&sb, &Journal::in_dir(dir.path())).await;
    let wc = webcast_over(&sb, 5_000, 1);
    set_faults(&sb.url(), json!({"truncate_rate": 1.0})).await;
    let err = wc
        .poll(std::slice::from_ref(&id))
        .await
        .expect_err("truncated");
    assert!(matches!(err, Error::Truncated { .. }), "{err:?}");
    assert!(err.to_string().contains("cut short"), "{err}");
    assert_names_the_poll(&err);
    set_faults(&sb.url(), json!({})).await;
    assert_healthy(&wc, &id).await;
}

#[tokio::test]
async fn non_json_bodies_are_not_json_errors_not_retried_then_recover() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().unwrap();
    let id = one_event(&sb, &Journal::in_dir(dir.path())).await;
    let wc = webcast_over(&sb, 5_000, 2);
    set_faults(&sb.url(), json!({"non_json_rate": 1.0})).await;
    reset_stats(&sb).await;
    let err = wc
        .poll(std::slice::from_ref(&id))
        .await
        .expect_err("HTML page");
    assert!(matches!(err, Error::NotJson { .. }), "{err:?}");
    assert!(err.to_string().contains("not JSON"), "{err}");
    assert_names_the_poll(&err);
    assert_eq!(
        stats(&sb).await.0,
        1,
        "an HTML answer is an answer: no retry"
    );
    set_faults(&sb.url(), json!({})).await;
    assert_healthy(&wc, &id).await;
}

#[tokio::test]
async fn a_ks_expiring_mid_run_is_renewed_transparently() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().unwrap();
    let id = one_event(&sb, &Journal::in_dir(dir.path())).await;
    let wc = webcast_over(&sb, 5_000, 0);
    // A fixed KS (no secret to renew with) shows the fault bites.
    let fixed_ks = ks::sign(
        sb.admin_secret(),
        &KsSpec {
            partner_id: sb.partner_id(),
            user_id: "admin@example.com",
            session_type: SessionType::Admin,
            expires_at: now() + 3600,
            privileges: "disableentitlement",
        },
        KsVersion::V2,
    );
    let fixed = KalturaClient::new(ClientConfig::new(
        sb.url(),
        sb.partner_id(),
        KsProvider::Fixed(fixed_ks.clone()),
    ))
    .unwrap();

    set_faults(&sb.url(), json!({"ks_ttl_secs": 1})).await;
    assert_healthy(&wc, &id).await; // the KS is seen for the first time now
    fixed.call(&live_stream::get(&id)).await.expect("fresh");
    tokio::time::sleep(Duration::from_millis(2100)).await;

    reset_stats(&sb).await;
    assert_healthy(&wc, &id).await;
    let (http, _, _) = stats(&sb).await;
    assert_eq!(http, 2, "one refused batch, one with a fresh KS");
    // Single calls renew too, once the renewed KS has aged past the TTL in its turn.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    reset_stats(&sb).await;
    let entry: LiveStreamEntry = wc
        .client()
        .call_as(&live_stream::get(&id))
        .await
        .expect("single call");
    assert_eq!(entry.id, id);
    assert_eq!(
        stats(&sb).await.0,
        2,
        "one refused call, one with a fresh KS"
    );

    let err = fixed
        .call(&live_stream::get(&id))
        .await
        .expect_err("a fixed KS cannot be renewed");
    assert!(err.is_expired_ks(), "{err:?}");
    assert_eq!(err.code(), Some("INVALID_KS"));
    assert!(!err.to_string().contains(&fixed_ks), "no KS in {err}");
    assert!(!format!("{err:?}").contains(sb.admin_secret()));
    set_faults(&sb.url(), json!({})).await;
}

/// How many live entries with this exact name the service holds.
async fn entries_named(wc: &Webcast, name: &str) -> usize {
    let filter = EntryFilter {
        name_like: Some(name.to_string()),
        ..EntryFilter::default()
    };
    let list: ListResponse<LiveStreamEntry> = wc
        .client()
        .call_as(&live_stream::list(&filter, Some(&Pager::first(100))))
        .await
        .expect("list");
    list.objects.iter().filter(|e| e.name == name).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_whose_answer_was_lost_is_journaled_exactly_once() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::in_dir(dir.path());
    let wc = webcast_over(&sb, 5_000, 1);
    let req = request("Lost answer", Some("drill-42"));
    // Warm up: the live profile is remembered, so after the reference lookup the create is one
    // request, the write.
    wc.create(&request("Warm-up", None), &journal)
        .await
        .unwrap();

    // The reference lookup is slowed down; once it is in flight (faults are drawn when a
    // request arrives) every later answer is cut short: the sandbox makes the entry, then
    // loses the batch's answer, and the lookup after it.
    set_faults(&sb.url(), json!({"latency_ms": 600})).await;
    reset_stats(&sb).await;
    let task = {
        let (wc, journal, req) = (wc.clone(), journal.clone(), req.clone());
        tokio::spawn(async move { wc.create(&req, &journal).await })
    };
    for _ in 0..500 {
        if stats(&sb).await.0 >= 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    set_faults(&sb.url(), json!({"truncate_rate": 1.0})).await;
    let err = task.await.unwrap().expect_err("answer lost");
    // The entry exists, so the error must not claim otherwise: see
    // `a_failed_lookup_after_a_lost_answer_is_unknown_not_not_created`.
    let (CreateError::NotCreated(inner) | CreateError::Unknown { source: inner, .. }) = &err else {
        panic!("expected NotCreated or Unknown, got {err:?}");
    };
    assert!(inner.is_transient(), "{inner:?}");
    assert_eq!(journal.load().unwrap().records.len(), 1, "the warm-up only");
    let calls = stats(&sb).await.2;
    assert_eq!(
        calls["liveStream.add"], 1,
        "the batch reached the sandbox: {calls}"
    );

    // Faults over: the same create finds the entry by reference instead of making another.
    set_faults(&sb.url(), json!({})).await;
    assert_eq!(entries_named(&wc, "Lost answer").await, 1, "made once");
    let created = wc.create(&req, &journal).await.expect("found again");
    assert!(created.reused);
    let again = wc.create(&req, &journal).await.expect("journal hit");
    assert_eq!(again.entry.id, created.entry.id);
    assert_eq!(
        entries_named(&wc, "Lost answer").await,
        1,
        "never duplicated"
    );
    let records: Vec<_> = journal
        .load()
        .unwrap()
        .records
        .into_iter()
        .filter(|r| r.name == "Lost answer")
        .collect();
    assert_eq!(records.len(), 1, "one line: {records:?}");
    assert_eq!(records[0].entry_id, created.entry.id);
    assert_eq!(records[0].reference.as_deref(), Some("drill-42"));
}

/// When the create batch's answer is lost and the reference lookup that follows fails too, the
/// entry may well exist: the outcome is `Unknown`, never "not created".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_lookup_after_a_lost_answer_is_unknown_not_not_created() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::in_dir(dir.path());
    let wc = webcast_over(&sb, 5_000, 1);
    let req = request("Lost twice", Some("drill-43"));
    // Warm up: the live profile is remembered, so after the reference lookup the create is one
    // request, the write.
    wc.create(&request("Warm-up", None), &journal)
        .await
        .unwrap();
    set_faults(&sb.url(), json!({"latency_ms": 600})).await;
    reset_stats(&sb).await;
    let task = {
        let (wc, journal, req) = (wc.clone(), journal.clone(), req.clone());
        tokio::spawn(async move { wc.create(&req, &journal).await })
    };
    for _ in 0..500 {
        if stats(&sb).await.0 >= 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    set_faults(&sb.url(), json!({"truncate_rate": 1.0})).await;
    let err = task.await.unwrap().expect_err("answer lost");
    set_faults(&sb.url(), json!({})).await;
    assert_eq!(
        entries_named(&wc, "Lost twice").await,
        1,
        "the entry exists"
    );
    assert!(
        matches!(err, CreateError::Unknown { .. }),
        "the entry exists, yet the create says {err}"
    );
}

#[tokio::test]
async fn creates_under_30_percent_faults_never_lose_or_duplicate() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::in_dir(dir.path());
    let wc = webcast_over(&sb, 5_000, 1);
    set_faults(
        &sb.url(),
        json!({"fail_rate": 0.1, "reset_rate": 0.1, "truncate_rate": 0.1}),
    )
    .await;
    let mut made = Vec::new();
    for i in 0..12 {
        let req = request(&format!("Storm {i}"), Some(&format!("storm-{i}")));
        // Retry like an operator would, with the same reference, until it succeeds.
        let mut done = None;
        for _ in 0..40 {
            match wc.create(&req, &journal).await {
                Ok(c) => {
                    done = Some(c);
                    break;
                }
                Err(
                    CreateError::NotCreated(e)
                    | CreateError::Unknown { source: e, .. }
                    | CreateError::Unsettled { source: e, .. }
                    | CreateError::Lookup { source: e, .. },
                ) => {
                    assert!(e.is_transient(), "{e}")
                }
                Err(other) => panic!("unexpected {other}"),
            }
        }
        made.push(done.expect("created within 40 tries").entry.id);
    }
    set_faults(&sb.url(), json!({})).await;
    let latest = journal.load().unwrap().latest();
    assert_eq!(latest.len(), 12, "every event journaled");
    for (i, id) in made.iter().enumerate() {
        assert_eq!(
            entries_named(&wc, &format!("Storm {i}")).await,
            1,
            "event {i}"
        );
        assert!(latest.iter().any(|r| &r.entry_id == id), "{id} journaled");
    }
    let records = journal.load().unwrap().records;
    let mut ids: Vec<&str> = records.iter().map(|r| r.entry_id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), records.len(), "one line per event: {records:?}");
}

/// A `kwebcast sandbox` child on a given port with a state file.
struct Child {
    child: std::process::Child,
    url: String,
}

impl Child {
    fn spawn(port: u16, state: &std::path::Path, secret: &str) -> Child {
        use std::io::BufRead;
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kwebcast"))
            .args(["sandbox", "--bind", &format!("127.0.0.1:{port}")])
            .args([
                "--partner-id",
                "777",
                "--admin-secret",
                secret,
                "--speed",
                "1000",
            ])
            .arg("--state")
            .arg(state)
            .env("HOME", state.parent().unwrap())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn kwebcast sandbox");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("announcement");
        let url = line
            .strip_prefix("sandbox listening on ")
            .and_then(|r| r.split(' ').next())
            .unwrap_or_else(|| panic!("unexpected announcement {line:?}"))
            .to_string();
        Child { child, url }
    }

    fn port(&self) -> u16 {
        self.url.rsplit(':').next().unwrap().parse().unwrap()
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn the_sandbox_killed_and_restarted_with_its_state_and_the_client_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("sandbox.json");
    let journal = Journal::in_dir(dir.path());
    let secret = "restart-secret-0123456789";
    let first = Child::spawn(0, &state, secret);
    let port = first.port();
    let url = first.url.clone();
    let mut ws =
        kwebcast::webcast::WebcastSettings::new(777, url.clone(), AdminSecret::new(secret));
    ws.sandbox = true;
    let wc = Webcast::new(client(&url, 777, secret, 2_000, 1), ws);
    let created = wc
        .create(&request("Survivor", Some("survivor")), &journal)
        .await
        .expect("create");
    let id = created.entry.id.clone();
    assert_healthy(&wc, &id).await;

    drop(first); // SIGKILL: no graceful shutdown
    let err = wc
        .poll(std::slice::from_ref(&id))
        .await
        .expect_err("nobody listening");
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert!(err.is_transient());
    assert_names_the_poll(&err);
    assert!(err.to_string().contains("cannot reach Kaltura"), "{err}");

    let second = Child::spawn(port, &state, secret);
    assert_eq!(second.url, url, "same port");
    assert_healthy(&wc, &id).await;
    // The reference still finds the same event: nothing duplicated across the restart.
    let again = wc
        .create(&request("Survivor", Some("survivor")), &journal)
        .await
        .expect("create again");
    assert_eq!(again.entry.id, id);
    assert_eq!(journal.load().unwrap().records.len(), 1);
    assert_eq!(entries_named(&wc, "Survivor").await, 1);
}

/// The sandbox as a library: shutdown and start again on the same port with the same state file.
#[tokio::test]
async fn an_in_process_sandbox_restarted_on_its_port_keeps_serving_the_same_client() {
    let dir = tempfile::tempdir().unwrap();
    let opts = SandboxOptions {
        speed: 1000.0,
        state_file: Some(dir.path().join("state.json")),
        ..SandboxOptions::default()
    };
    let sb = Sandbox::start(opts.clone()).await.unwrap();
    let journal = Journal::in_dir(dir.path());
    let id = one_event(&sb, &journal).await;
    let wc = webcast_over(&sb, 2_000, 1);
    assert_healthy(&wc, &id).await;
    let addr = sb.local_addr();
    sb.shutdown().await;
    assert!(wc.poll(std::slice::from_ref(&id)).await.is_err());
    let sb = Sandbox::start(SandboxOptions { bind: addr, ..opts })
        .await
        .expect("same port again");
    assert_healthy(&wc, &id).await;
    sb.shutdown().await;
}
