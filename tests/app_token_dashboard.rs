//! The dashboard under tmux signing in with an app token made by Kaltura's official Node client,
//! with no admin secret anywhere in its environment, tracing at `-vv`: create an event, open its
//! links and full-screen QR codes, quit. The QR codes decode to USER KSs minted from
//! single-purpose tokens with the seed's least privileges (`sview` of the one entry), and no
//! captured screen, QR payload or line of the log holds the token.

mod app_token_support;
mod cli_support;
mod needs_support;
mod tmux_support;

use app_token_support::{assert_no_token, operator_token};
use cli_support::{Home, SECRET, SpawnedSandbox, follow_short_link};
use kwebcast::kaltura::ks::{self, SessionType};
use needs_support::Need;
use std::time::{Duration, Instant};
use tmux_support::Tmux;

const UI_TIMEOUT: Duration = Duration::from_secs(30);

/// Decodes the half-block QR code on a captured screen (light modules drawn as ink).
fn decode_qr(screen: &str) -> Option<String> {
    let lines: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    let is_qr_row = |l: &Vec<char>| l.iter().filter(|c| **c == '█').count() >= 10;
    let top = lines.iter().position(is_qr_row)?;
    let bottom = lines.iter().rposition(is_qr_row)?;
    let left = lines[top].iter().position(|c| *c == '█')?;
    let right = lines[top].iter().rposition(|c| *c == '█')?;
    let (w, h) = (right - left + 1, bottom - top + 1);
    let (scale, margin) = (4usize, 16usize);
    let (pw, ph) = (w * scale + 2 * margin, h * 2 * scale + 2 * margin);
    let mut img = vec![255u8; pw * ph];
    for y in 0..h * 2 {
        for x in 0..w {
            let ch = lines[top + y / 2].get(left + x).copied().unwrap_or(' ');
            let light = matches!((ch, y % 2), ('█', _) | ('▀', 0) | ('▄', 1));
            if !light {
                for dy in 0..scale {
                    for dx in 0..scale {
                        img[(margin + y * scale + dy) * pw + margin + x * scale + dx] = 0;
                    }
                }
            }
        }
    }
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(pw, ph, |x, y| img[y * pw + x]);
    let grids = prepared.detect_grids();
    match grids.as_slice() {
        [one] => one.decode().ok().map(|(_, text)| text),
        _ => None,
    }
}

fn ks_of(url: &str) -> kwebcast::kaltura::ks::KsInfo {
    let ks = url
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("ks="))
        .expect("a ks parameter");
    let ks = percent_encoding::percent_decode_str(ks)
        .decode_utf8_lossy()
        .into_owned();
    ks::verify(&ks, SECRET).expect("the link KS verifies with the sandbox's admin secret")
}

fn the_dashboard_runs_on_an_app_token() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &["--speed", "1000"]);
    let token = operator_token(&sandbox);
    let log = home.dir.path().join("dash.log");
    let socket = format!("kwebcast-apptoken-{}", std::process::id());
    let script = format!(
        "env -u SSH_CONNECTION -u SSH_TTY -u DISPLAY -u WAYLAND_DISPLAY \\
         -u KALTURA_ADMIN_SECRET -u KALTURA_ADMIN_SECRET_FILE HOME='{home}' \\
         KALTURA_SERVICE_URL='{url}' KALTURA_PARTNER_ID='{pid}' KALTURA_APP_TOKEN_ID='{id}' \\
         KALTURA_APP_TOKEN='{value}' KWEBCAST_LOG_FILE='{log}' KWEBCAST_POLL_INTERVAL=1s \\
         KWEBCAST_CLIPBOARD=off NO_COLOR=1 '{bin}' -vv; sleep 600",
        home = home.dir.path().display(),
        url = sandbox.url,
        pid = sandbox.partner,
        id = token.id,
        value = token.token,
        log = log.display(),
        bin = env!("CARGO_BIN_EXE_kwebcast"),
    );
    let t = Tmux::new(socket, "s");
    let ok = t
        .cmd()
        .args([
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "s",
            "-x",
            "160",
            "-y",
            "50",
        ])
        .args(["sh", "-c", &script])
        .status()
        .unwrap()
        .success();
    assert!(ok, "tmux new-session");
    let mut screens = vec![t.wait_for("[1 Events]", UI_TIMEOUT)];
    t.keys(&["n"]);
    screens.push(t.wait_for("New webcast event", UI_TIMEOUT));
    assert!(
        t.cmd()
            .args(["send-keys", "-t", "s", "-l", "Token drill"])
            .status()
            .unwrap()
            .success()
    );
    t.keys(&["C-s"]);
    screens.push(t.wait_for("Created Token drill (", UI_TIMEOUT));
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(200));
    t.keys(&["3"]);
    // The links are signed (and the attendee's shortened) before `f` has a code to show.
    screens.push(t.wait("the signed links", UI_TIMEOUT, |s| {
        s.contains("[attendee] moderator:") && s.contains("QR: the ")
    }));
    t.keys(&["f"]);
    // Polled until the whole frame is on screen: a capture may catch one half drawn.
    let attendee_qr = t.wait("the attendee QR code, decodable", UI_TIMEOUT, |s| {
        s.contains("Esc closes") && decode_qr(s).is_some()
    });
    let attendee = decode_qr(&attendee_qr).expect("decoded above");
    screens.push(attendee_qr);
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(200));
    t.keys(&["t"]);
    screens.push(t.wait_for("attendee [moderator]:", UI_TIMEOUT));
    t.keys(&["f"]);
    let moderator_qr = t.wait("the moderator QR code, decodable", UI_TIMEOUT, |s| {
        s.contains("Esc closes") && decode_qr(s).is_some()
    });
    let moderator = decode_qr(&moderator_qr).expect("decoded above");
    screens.push(moderator_qr);
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(200));
    t.keys(&["q"]);

    for (i, s) in screens.iter().enumerate() {
        assert_no_token(&format!("screen {i}"), s, &token);
    }
    assert_no_token("attendee QR", &attendee, &token);
    assert_no_token("moderator QR", &moderator, &token);
    let attendee = follow_short_link(&attendee);
    assert_no_token("attendee link", &attendee, &token);
    let a = ks_of(&attendee);
    assert_eq!(a.session_type, SessionType::User);
    let play = a
        .privilege("restrictexplicitliveview")
        .expect("the seed's privileges");
    assert_eq!(a.privilege_values("sview").collect::<Vec<_>>(), [play]);
    assert!(a.privilege("apptoken").is_some(), "minted with a token");
    let m = ks_of(&moderator);
    assert_eq!(m.session_type, SessionType::User);
    assert_eq!(m.privilege("setrole"), Some("WEBCAST_PRODUCER_DEVICE_ROLE"));

    // The log was written (at -vv), says how it signed in, and never holds the token.
    let start = Instant::now();
    let text = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if text.contains("minted link KSs") || start.elapsed() > UI_TIMEOUT {
            break text;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        text.contains("opened a session with the app token"),
        "{text}"
    );
    assert!(text.contains("minted link KSs"), "{text}");
    assert_no_token("log file", &text, &token);
}

fn a_revoked_token_stops_the_dashboard_before_it_takes_the_terminal() {
    let home = Home::new();
    let sandbox = SpawnedSandbox::start(&home, &[]);
    let token = operator_token(&sandbox);
    app_token_support::node(&sandbox, &["delete", &token.id]).expect("appToken.delete");
    let socket = format!("kwebcast-apptoken-revoked-{}", std::process::id());
    let script = format!(
        "env -u KALTURA_ADMIN_SECRET HOME='{home}' KALTURA_SERVICE_URL='{url}' \\
         KALTURA_PARTNER_ID='{pid}' KALTURA_APP_TOKEN_ID='{id}' KALTURA_APP_TOKEN='{value}' \\
         NO_COLOR=1 '{bin}'; echo \"exit $?\"; sleep 600",
        home = home.dir.path().display(),
        url = sandbox.url,
        pid = sandbox.partner,
        id = token.id,
        value = token.token,
        bin = env!("CARGO_BIN_EXE_kwebcast"),
    );
    let t = Tmux::new(socket, "s");
    let ok = t
        .cmd()
        .args([
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "s",
            "-x",
            "160",
            "-y",
            "30",
        ])
        .args(["sh", "-c", &script])
        .status()
        .unwrap()
        .success();
    assert!(ok, "tmux new-session");
    let screen = t.wait_for("exit 1", UI_TIMEOUT);
    assert!(
        screen.contains(&format!("error: the app token {} (from environment variable KALTURA_APP_TOKEN_ID) is no longer active", token.id)),
        "{screen}"
    );
    assert!(
        !screen.contains("[1 Events]"),
        "the dashboard never drew:\n{screen}"
    );
    assert_no_token("screen", &screen, &token);
}

/// The tests, each with the programs it needs: a missing one makes the test ignored with the
/// reason (a failure under `CI=true`), which the default harness cannot show.
fn main() {
    needs_support::run(vec![
        needs_support::test(
            "the_dashboard_runs_on_an_app_token",
            &[Need::Tmux, Need::NodeClient],
            the_dashboard_runs_on_an_app_token,
        ),
        needs_support::test(
            "a_revoked_token_stops_the_dashboard_before_it_takes_the_terminal",
            &[Need::Tmux, Need::NodeClient],
            a_revoked_token_stops_the_dashboard_before_it_takes_the_terminal,
        ),
    ]);
}
