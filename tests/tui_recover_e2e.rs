//! End to end under tmux: the dashboard creating an event against a slow service asks before
//! quitting, and a SIGTERM mid-create leaves the create pending in the journal (said on the
//! restored terminal, with its reference); `kwebcast recover` then turns it into exactly one
//! journaled entry that exists on the service, and the next dashboard start shows nothing left.

mod cli_support;
mod needs_support;
mod tmux_support;

use cli_support::{Home, SECRET, SpawnedSandbox, json_line};
use needs_support::Need;
use std::io::{Read, Write};
use std::process::Command;
use std::time::{Duration, Instant};
use tmux_support::Tmux;

const UI_TIMEOUT: Duration = Duration::from_secs(40);

fn set_faults(url: &str, body: &str) {
    let addr = url.strip_prefix("http://").unwrap();
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST /sandbox/faults HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

fn stats(url: &str) -> serde_json::Value {
    let addr = url.strip_prefix("http://").unwrap();
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET /sandbox/stats HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    serde_json::from_str(answer.split("\r\n\r\n").nth(1).unwrap()).unwrap()
}

fn journal_lines(home: &Home) -> Vec<serde_json::Value> {
    std::fs::read_to_string(home.dir.path().join(".local/share/kwebcast/events.jsonl"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

fn dashboard(t: &Tmux, home: &Home, sandbox: &SpawnedSandbox) {
    let script = format!(
        "env -u SSH_CONNECTION -u SSH_TTY -u DISPLAY -u WAYLAND_DISPLAY HOME='{home}' \
         KALTURA_SERVICE_URL='{url}' KALTURA_PARTNER_ID='{pid}' KALTURA_ADMIN_SECRET='{SECRET}' \
         KWEBCAST_POLL_INTERVAL=1s KWEBCAST_CLIPBOARD=off NO_COLOR=1 '{bin}'; echo EXITED $?; sleep 600",
        home = home.dir.path().display(),
        url = sandbox.url,
        pid = sandbox.partner,
        bin = env!("CARGO_BIN_EXE_kwebcast"),
    );
    assert!(
        t.cmd()
            .args([
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "d",
                "-x",
                "140",
                "-y",
                "40"
            ])
            .args(["sh", "-c", &script])
            .status()
            .unwrap()
            .success()
    );
}

fn sigterm_mid_create_leaves_it_pending_and_recover_records_exactly_one_entry() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    // Warm up the account memory: the dashboard's create is then one request, the add.
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["create", "--name", "Warm-up", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));

    let t = Tmux::new(format!("kwebcast-recover-{}", std::process::id()), "d");
    dashboard(&t, &home, &sandbox);
    t.wait("the board", UI_TIMEOUT, |s| {
        s.contains("[1 Events]") && s.contains("Warm-up")
    });

    // A slow service: the create stays in flight for seconds.
    set_faults(&sandbox.url, r#"{"latency_ms": 6000}"#);
    t.keys(&["n"]);
    t.wait_for("New webcast event", UI_TIMEOUT);
    t.keys(&["-l", "Slow town hall"]);
    t.keys(&["C-s"]);
    let start = Instant::now();
    let reference = loop {
        let found = journal_lines(&home).into_iter().find_map(|l| {
            (l["attempt"] == "pending" && l["name"] == "Slow town hall")
                .then(|| l["reference"].as_str().unwrap().to_string())
        });
        if let Some(r) = found {
            break r;
        }
        assert!(start.elapsed() < UI_TIMEOUT, "no pending record");
        std::thread::sleep(Duration::from_millis(50));
    };

    // Quitting asks first, naming the reference; any other key keeps the board.
    t.keys(&["Escape"]);
    t.wait_for("[1 Events]", UI_TIMEOUT);
    t.keys(&["q"]);
    let asked = t.wait_for("Quit while creating?", UI_TIMEOUT);
    assert!(asked.contains(&reference), "{asked}");
    t.keys(&["n"]);
    t.wait("the question closed", UI_TIMEOUT, |s| {
        !s.contains("Quit while creating?")
    });

    // SIGTERM while the create is still in flight.
    let shell = String::from_utf8(
        t.cmd()
            .args(["display", "-p", "-t", "d", "#{pane_pid}"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let child = Command::new("pgrep")
        .args(["-P", shell.trim()])
        .output()
        .unwrap();
    let pid = String::from_utf8_lossy(&child.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    assert!(!pid.is_empty(), "the dashboard's pid");
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let after = t.wait_for("EXITED", UI_TIMEOUT);
    assert!(after.contains("EXITED 0"), "{after}");
    let said = after.replace('\n', "");
    assert!(
        said.contains("stopped while creating") && said.contains(&reference),
        "the restored terminal says what is pending:\n{after}"
    );
    assert!(
        !journal_lines(&home)
            .iter()
            .any(|l| l["name"] == "Slow town hall" && l["entry_id"].is_string()),
        "nothing journaled as an entry yet"
    );

    // The service finishes the call it received; recover records exactly one entry.
    set_faults(&sandbox.url, "{}");
    let start = Instant::now();
    while stats(&sandbox.url)["calls"]["liveStream.add"] != 2 {
        assert!(
            start.elapsed() < UI_TIMEOUT,
            "the sandbox never ran the add"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["recover", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json_line(&out.stdout);
    assert_eq!(v["recovered"][0]["reference"], reference.as_str(), "{v}");
    assert_eq!(v["recovered"][0]["outcome"], "recorded", "{v}");
    let id = v["recovered"][0]["entry_id"].as_str().unwrap().to_string();
    let entries: Vec<_> = journal_lines(&home)
        .into_iter()
        .filter(|l| l["name"] == "Slow town hall" && l["entry_id"].is_string())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["entry_id"], id.as_str());
    let status = home
        .account_cmd(&sandbox, SECRET)
        .args(["status", &id, "--json"])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(0), "exists on the service");
}

fn the_dashboard_settles_an_interrupted_create_at_start() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["create", "--name", "Warm-up", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    // A `create` killed mid-request (its answer never came back).
    set_faults(&sandbox.url, r#"{"latency_ms": 3000}"#);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kwebcast"));
    for key in cli_support::host_vars() {
        child.env_remove(key);
    }
    let mut child = child
        .args(["create", "--name", "Killed create"])
        .env("HOME", home.dir.path())
        .env("KALTURA_SERVICE_URL", &sandbox.url)
        .env("KALTURA_PARTNER_ID", sandbox.partner.to_string())
        .env("KALTURA_ADMIN_SECRET", SECRET)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let reference = loop {
        let found = journal_lines(&home).into_iter().find_map(|l| {
            (l["attempt"] == "pending" && l["name"] == "Killed create")
                .then(|| l["reference"].as_str().unwrap().to_string())
        });
        if let Some(r) = found {
            break r;
        }
        assert!(start.elapsed() < UI_TIMEOUT, "no pending record");
        std::thread::sleep(Duration::from_millis(50));
    };
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    let _ = child.wait();
    set_faults(&sandbox.url, "{}");

    // The next dashboard finds it, records it, watches it and says so in the event log.
    let t = Tmux::new(format!("kwebcast-restart-{}", std::process::id()), "d");
    dashboard(&t, &home, &sandbox);
    let screen = t.wait("the recovered event on the board", UI_TIMEOUT, |s| {
        s.contains("Killed create") && s.contains("OFFLINE")
    });
    assert!(screen.contains("recovered 1"), "{screen}");
    t.keys(&["o"]);
    let log = t.wait("the event log", UI_TIMEOUT, |s| {
        s.contains("recovered: an") && s.contains(&reference)
    });
    assert!(log.contains("Killed create ("), "{log}");
    let entries: Vec<_> = journal_lines(&home)
        .into_iter()
        .filter(|l| l["name"] == "Killed create" && l["entry_id"].is_string())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    t.keys(&["q"]);
    t.wait_for("EXITED 0", UI_TIMEOUT);
}

/// The tests, each with the programs it needs: a missing one makes the test ignored with the
/// reason (a failure under `CI=true`), which the default harness cannot show.
fn main() {
    needs_support::run(vec![
        needs_support::test(
            "sigterm_mid_create_leaves_it_pending_and_recover_records_exactly_one_entry",
            &[Need::Tmux],
            sigterm_mid_create_leaves_it_pending_and_recover_records_exactly_one_entry,
        ),
        needs_support::test(
            "the_dashboard_settles_an_interrupted_create_at_start",
            &[Need::Tmux],
            the_dashboard_settles_an_interrupted_create_at_start,
        ),
    ]);
}
