//! `kwebcast status --upcoming | --live | --past [--page N]` through the real binary against a
//! spawned sandbox: the account's views for scripts, in the views' order, with their totals,
//! and usage errors for what does not go together.

mod cli_support;

use cli_support::{Home, SECRET, SpawnedSandbox, json_line};

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn created(home: &Home, sandbox: &SpawnedSandbox, name: &str, start: i64) -> String {
    let start = jiff::Timestamp::from_second(start).unwrap().to_string();
    let out = home
        .account_cmd(sandbox, SECRET)
        .args(["create", "--name", name, "--start", &start, "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    json_line(&out.stdout)["entry_id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn ids(v: &serde_json::Value) -> Vec<String> {
    v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn status_lists_the_accounts_views_for_scripts() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let now = now();
    let later = created(&home, &sandbox, "Later webinar", now + 7200);
    let sooner = created(&home, &sandbox, "Sooner webinar", now + 3600);
    let over = created(&home, &sandbox, "Last week", now - 7 * 86_400);
    let status = |args: &[&str]| {
        home.account_cmd(&sandbox, SECRET)
            .arg("status")
            .args(args)
            .output()
            .unwrap()
    };

    let out = status(&["--upcoming", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json_line(&out.stdout);
    assert_eq!(v["view"], "upcoming");
    assert_eq!(
        (v["page"].as_i64(), v["total"].as_i64()),
        (Some(1), Some(2))
    );
    assert_eq!(v["has_more"], false);
    assert_eq!(ids(&v), [sooner.clone(), later.clone()]);
    assert_eq!(v["events"][0]["state"], "OFFLINE");

    let out = status(&["--past", "--json"]);
    let v = json_line(&out.stdout);
    assert_eq!(ids(&v), [over]);
    let out = status(&["--live", "--json"]);
    let v = json_line(&out.stdout);
    assert_eq!(
        (v["view"].as_str(), v["total"].as_i64()),
        (Some("live"), Some(0))
    );
    let out = status(&["--upcoming", "--page", "2", "--json"]);
    assert!(ids(&json_line(&out.stdout)).is_empty());

    // Text: a heading line, then each event as `status ENTRY` prints it.
    let out = status(&["--upcoming"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Upcoming: 1–2 of 2\n"), "{text}");
    assert!(
        text.find(&sooner).unwrap() < text.find(&later).unwrap(),
        "{text}"
    );

    // What does not go together is a usage error.
    for args in [
        &["--upcoming", &sooner][..],
        &["--upcoming", "--past"][..],
        &["--page", "2", &sooner][..],
        &["--upcoming", "--watch"][..],
        &["--upcoming", "--page", "0"][..],
    ] {
        assert_eq!(status(args).status.code(), Some(2), "{args:?}");
    }
}
