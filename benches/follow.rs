//! What following the journal costs the dashboard (`webcast::journal::follow`): one check of an
//! unchanged journal (a `stat`: what every poll interval of an idle board pays), and one check
//! after another kwebcast appended a record (the journal read again and the board compared),
//! for journals of 10, 1,000 and 10,000 events.
//!
//! `cargo bench --bench follow` (release). Prints a table; asserts nothing.

use std::time::{Duration, Instant};

use kwebcast::webcast::journal::follow::JournalFollower;
use kwebcast::webcast::{CreateRequest, Journal, JournalRecord, Presenter};

const SERVICE: &str = "http://127.0.0.1:9/";

fn record(i: usize) -> JournalRecord {
    let name = format!("Event {i}");
    JournalRecord {
        entry_id: format!("0_{i:08}"),
        name: name.clone(),
        start: 1_800_000_000,
        end: 1_800_003_600,
        partner_id: 7,
        service_url: SERVICE.into(),
        reference: Some(format!("kwebcast-bench-{i}")),
        recorded_at: 1_799_000_000,
        request: Some(CreateRequest {
            name,
            description: "a bench event".into(),
            start: 1_800_000_000,
            end: 1_800_003_600,
            timezone: "Europe/Paris".into(),
            presenter: Presenter::default(),
            recording: true,
            dvr: true,
            reference: Some(format!("kwebcast-bench-{i}")),
        }),
        pending: Vec::new(),
        removed: None,
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn us(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

fn main() {
    println!("| journal | unchanged check (median of 1,000) | changed check (median of 50) |");
    println!("|---|---|---|");
    for n in [10usize, 1_000, 10_000] {
        let dir = tempfile::tempdir().expect("temp dir");
        let journal = Journal::in_dir(dir.path());
        for i in 0..n {
            journal.append(&record(i)).expect("append");
        }
        let mut follower = JournalFollower::new(journal.clone(), 7, SERVICE);
        follower.check().expect("first read");
        let unchanged: Vec<Duration> = (0..1_000)
            .map(|_| {
                let t = Instant::now();
                assert!(follower.check().expect("check").is_none());
                t.elapsed()
            })
            .collect();
        let changed: Vec<Duration> = (0..50)
            .map(|k| {
                journal.append(&record(n + k)).expect("append");
                let t = Instant::now();
                let change = follower.check().expect("check");
                let d = t.elapsed();
                assert_eq!(change.map(|c| c.joined.len()), Some(1));
                d
            })
            .collect();
        println!(
            "| {n} events | {} | {} |",
            us(median(unchanged)),
            us(median(changed))
        );
    }
}
