//! The CLI names the states Kaltura's entry really is in: CONNECTING while the encoder
//! connects (liveStatus 3/2), and ENDED_FEED_ON after End while it keeps pushing — in `status`
//! text (symbol, word and meaning) and `--json` (the documented state names).

mod cli_support;

use cli_support::{Home, SECRET, SpawnedSandbox, control, json_line};

fn created(home: &Home, sandbox: &SpawnedSandbox) -> String {
    let out = home
        .account_cmd(sandbox, SECRET)
        .args(["create", "--name", "Town hall", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_line(&out.stdout)["entry_id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A JSON POST over a plain socket (the tests' HTTP client is async).
fn post_json(url: &str, path: &str, body: &serde_json::Value) -> serde_json::Value {
    use std::io::{Read, Write};
    let addr = url.strip_prefix("http://").expect("http URL");
    let body = body.to_string();
    let mut stream = std::net::TcpStream::connect(addr).expect("connect to the sandbox");
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    let json = answer.split_once("\r\n\r\n").expect("a body").1;
    serde_json::from_str(json).expect("a JSON answer")
}

fn status_json(home: &Home, sandbox: &SpawnedSandbox, id: &str) -> serde_json::Value {
    let out = home
        .account_cmd(sandbox, SECRET)
        .args(["status", id, "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    json_line(&out.stdout)["events"][0].clone()
}

#[test]
fn status_says_connecting_while_the_encoder_connects() {
    let home = Home::new();
    // Speed 0.01: the encoder stays AUTHENTICATED for 100 s.
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "0.01"]);
    let id = created(&home, &sandbox);
    control(&sandbox.url, &format!("/sandbox/entries/{id}/broadcast"));
    let event = status_json(&home, &sandbox, &id);
    assert_eq!(event["state"], "CONNECTING", "{event}");
    assert_eq!(event["label"], "◔ CONNECTING");
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["status", &id])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("◔ CONNECTING"), "{text}");
    assert!(text.contains("the stream is not playable yet"), "{text}");
}

#[test]
fn status_says_ended_while_the_encoder_still_pushes() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let id = created(&home, &sandbox);
    control(&sandbox.url, &format!("/sandbox/entries/{id}/broadcast"));
    let mut state = String::new();
    for _ in 0..200 {
        state = status_json(&home, &sandbox, &id)["state"]
            .as_str()
            .unwrap()
            .to_string();
        if state == "PREVIEW" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(state, "PREVIEW");
    control(&sandbox.url, &format!("/sandbox/entries/{id}/golive"));
    assert_eq!(status_json(&home, &sandbox, &id)["state"], "LIVE");
    // End, as Kaltura's live console does it, with an admin KS from `kwebcast ks`.
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["ks", "--type", "admin", "--json"])
        .output()
        .unwrap();
    let ks = json_line(&out.stdout)["ks"].as_str().unwrap().to_string();
    let body = serde_json::json!({"format": 1, "ks": ks, "entryId": id,
        "liveStreamEntry": {"objectType": "KalturaLiveStreamEntry", "viewMode": 0, "recordingStatus": 0}});
    let answer = post_json(
        &sandbox.url,
        "/api_v3/service/livestream/action/update",
        &body,
    );
    assert_eq!(answer["viewMode"], 0, "{answer}");
    let event = status_json(&home, &sandbox, &id);
    assert_eq!(event["state"], "ENDED_FEED_ON", "{event}");
    assert_eq!(event["label"], "▣ ENDED (FEED ON)");
    let out = home
        .account_cmd(&sandbox, SECRET)
        .args(["status", &id])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("ended for attendees, encoder still connected"),
        "{text}"
    );
}
