//! The board's live side without a terminal: audience history and peak from polls, ingest
//! changes in the event log, the realtime graph asked for the selected LIVE event only (and never
//! again on an account without it), the simulated encoder's keys; and render snapshots of the
//! detail pane and of the table's low-priority columns.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::fixtures::{NOW, board, event, health};
use crate::kaltura::types::LiveStatus;
use crate::tui::action::{Effect, IoKind, IoReply, IoRequest, IoResult, Msg, SimAction};
use crate::tui::state::{AppState, Tab};
use crate::tui::update::{Outcome, update};
use crate::tui::view::{EventView, RealtimeAudience, RealtimeFailure, Status, StreamHealth};
use crate::webcast::health::NodeHealth;

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn io(tag: u64, result: IoResult) -> Msg {
    Msg::Io(Box::new(IoReply { tag, result }))
}

fn requests(out: &Outcome) -> Vec<IoRequest> {
    out.effects
        .iter()
        .filter_map(|e| match e {
            Effect::Io(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

fn realtime_asked(out: &Outcome) -> Option<(u64, String)> {
    requests(out).into_iter().find_map(|r| match r.kind {
        IoKind::Realtime { id } => Some((r.tag, id)),
        _ => None,
    })
}

/// Starts a poll at `at` and answers it with `views`.
fn poll(s: &mut AppState, views: Vec<EventView>, at: i64) -> Outcome {
    s.poll.next_at = at;
    let out = update(s, Msg::Tick, at);
    let tag = requests(&out)
        .into_iter()
        .find(|r| matches!(r.kind, IoKind::Poll { .. }))
        .expect("a poll")
        .tag;
    update(s, io(tag, IoResult::Polled(Ok(views))), at)
}

fn live(viewers: i64, at: i64, health: StreamHealth) -> EventView {
    EventView {
        viewers: Some(viewers),
        polled_at: at,
        health: Some(health),
        ..event("0_k3xq9z1a", "Town hall", Status::Live)
    }
}

fn backup_only() -> StreamHealth {
    let mut h = health(Status::Live);
    h.backup = h.primary.take();
    h
}

fn both_points() -> StreamHealth {
    let mut h = health(Status::Live);
    h.backup = h.primary.clone().map(|p| NodeHealth {
        status: LiveStatus::Playable,
        ..p
    });
    h
}

#[test]
fn polls_build_the_audience_history_and_the_peak() {
    let mut s = board((120, 40));
    s.events.truncate(1);
    for (i, v) in [10, 40, 25].into_iter().enumerate() {
        let at = NOW + 60 * i as i64;
        poll(&mut s, vec![live(v, at, health(Status::Live))], at);
    }
    let h = &s.live.audience["0_k3xq9z1a"];
    assert_eq!(h.len(), 3);
    assert_eq!(h.peak().map(|p| (p.viewers, p.at)), Some((40, NOW + 60)));
    // Not live: no sample, the peak stays.
    let mut ended = event("0_k3xq9z1a", "Town hall", Status::Ended);
    ended.polled_at = NOW + 200;
    poll(&mut s, vec![ended], NOW + 200);
    assert_eq!(s.live.audience["0_k3xq9z1a"].len(), 3);
    // Unwatching forgets it.
    s.tab = Tab::Events;
    update(&mut s, key('d'), NOW + 201);
    assert!(s.live.audience.is_empty() && s.live.health.is_empty());
}

#[test]
fn a_failover_and_its_end_go_to_the_event_log_once() {
    let mut s = board((120, 40));
    s.events.truncate(1);
    let before = s.log.len();
    poll(&mut s, vec![live(5, NOW, both_points())], NOW);
    poll(&mut s, vec![live(5, NOW + 5, backup_only())], NOW + 5);
    poll(&mut s, vec![live(5, NOW + 10, backup_only())], NOW + 10);
    let lines: Vec<&str> = s.log.iter().skip(before).map(|l| l.text.as_str()).collect();
    assert_eq!(
        lines,
        ["Town hall (0_k3xq9z1a) primary encoder lost; the backup took over"]
    );
    poll(&mut s, vec![live(5, NOW + 15, both_points())], NOW + 15);
    assert_eq!(
        s.log.back().unwrap().text,
        "Town hall (0_k3xq9z1a) primary encoder back"
    );
}

#[test]
fn the_realtime_graph_is_asked_for_the_selected_live_event_at_the_interval() {
    let mut s = board((120, 40));
    s.events.truncate(2); // Town hall LIVE (selected), Product launch OFFLINE
    let offline = event("0_p8w2m4td", "Product launch", Status::Offline);
    let out = poll(
        &mut s,
        vec![live(9, NOW, health(Status::Live)), offline.clone()],
        NOW,
    );
    let (tag, id) = realtime_asked(&out).expect("asked after the poll");
    assert_eq!(id, "0_k3xq9z1a");
    // Not again while one is in flight, nor within the interval once answered.
    let out = poll(
        &mut s,
        vec![live(9, NOW + 5, health(Status::Live))],
        NOW + 5,
    );
    assert!(realtime_asked(&out).is_none());
    let graph = RealtimeAudience {
        entry_id: id.clone(),
        points: vec![(NOW - 30, 7), (NOW - 20, 9)],
    };
    update(
        &mut s,
        io(
            tag,
            IoResult::Realtime {
                id: id.clone(),
                result: Ok(graph.clone()),
            },
        ),
        NOW + 6,
    );
    assert_eq!(s.live.realtime_of(&id), Some(&graph));
    let out = poll(
        &mut s,
        vec![live(9, NOW + 10, health(Status::Live))],
        NOW + 10,
    );
    assert!(realtime_asked(&out).is_none(), "within 30 s");
    let out = poll(
        &mut s,
        vec![live(9, NOW + 31, health(Status::Live))],
        NOW + 31,
    );
    let (tag2, _) = realtime_asked(&out).expect("after 30 s");
    // A stale answer (an older tag) is dropped.
    update(
        &mut s,
        io(
            tag,
            IoResult::Realtime {
                id: id.clone(),
                result: Ok(RealtimeAudience::default()),
            },
        ),
        NOW + 32,
    );
    assert_eq!(s.live.realtime_of(&id), Some(&graph));
    // Selecting the offline event asks nothing; other tabs ask nothing.
    update(
        &mut s,
        io(
            tag2,
            IoResult::Realtime {
                id: id.clone(),
                result: Err(RealtimeFailure::Failed("timed out".into())),
            },
        ),
        NOW + 33,
    );
    assert!(
        s.errors
            .last()
            .unwrap()
            .text
            .contains("realtime audience of 0_k3xq9z1a: timed out")
    );
    let out = update(&mut s, key('j'), NOW + 70);
    assert!(realtime_asked(&out).is_none());
    update(&mut s, key('k'), NOW + 71);
    s.tab = Tab::Links;
    let out = poll(
        &mut s,
        vec![live(9, NOW + 80, health(Status::Live))],
        NOW + 80,
    );
    assert!(realtime_asked(&out).is_none());
}

#[test]
fn an_account_without_the_realtime_report_is_never_asked_again() {
    let mut s = board((120, 40));
    s.events.truncate(1);
    let out = poll(&mut s, vec![live(9, NOW, health(Status::Live))], NOW);
    let (tag, id) = realtime_asked(&out).unwrap();
    let refusal = RealtimeFailure::Unavailable("report.getGraphs: SERVICE_FORBIDDEN".into());
    update(
        &mut s,
        io(
            tag,
            IoResult::Realtime {
                id,
                result: Err(refusal),
            },
        ),
        NOW + 1,
    );
    assert!(s.live.realtime_unavailable.is_some());
    assert!(
        s.status
            .as_ref()
            .unwrap()
            .text
            .contains("not available on this account")
    );
    assert!(s.errors.is_empty(), "not an error: the account lacks it");
    for t in [NOW + 40, NOW + 400] {
        let out = poll(&mut s, vec![live(9, t, health(Status::Live))], t);
        assert!(realtime_asked(&out).is_none());
    }
}

#[test]
fn the_simulated_encoder_keys_drive_the_sandbox_only() {
    for (c, action) in [
        ('B', SimAction::BroadcastBackup),
        ('z', SimAction::DisconnectPrimary),
        ('Z', SimAction::DisconnectBackup),
    ] {
        let mut s = board((120, 40));
        let out = update(&mut s, key(c), NOW);
        assert_eq!(
            requests(&out)
                .into_iter()
                .map(|r| r.kind)
                .collect::<Vec<_>>(),
            [IoKind::Simulate {
                id: "0_k3xq9z1a".into(),
                action
            }]
        );
        let mut account = board((120, 40));
        account.sandbox = false;
        assert!(requests(&update(&mut account, key(c), NOW)).is_empty());
    }
}

fn render(s: &AppState) -> TestBackend {
    let mut t = Terminal::new(TestBackend::new(s.size.0, s.size.1)).expect("test terminal");
    t.draw(|f| crate::tui::draw::draw(f, s)).expect("draw");
    t.backend().clone()
}

/// Town hall LIVE for 30 minutes, its audience rising then settling, after a failover.
fn live_board(size: (u16, u16)) -> AppState {
    let mut s = board(size);
    let history = s.live.audience.entry("0_k3xq9z1a".into()).or_default();
    for i in 0..=180 {
        let at = NOW - 1800 + 10 * i;
        let v = (1500 * i.min(60) / 60) - (i % 7) * 9;
        history.record(at, v.max(0));
    }
    history.record(NOW - 3, 1234);
    if let Some(v) = s.events[0].view.as_mut() {
        v.health = Some(backup_only());
    }
    s.log.push_back(crate::tui::state::LogEntry {
        at: NOW - 40,
        text: "Town hall (0_k3xq9z1a) primary encoder lost; the backup took over".into(),
    });
    s
}

#[test]
fn detail_pane_shows_viewers_peak_sparkline_realtime_and_the_ingest() {
    let mut s = live_board((120, 40));
    s.live.realtime = Some(RealtimeAudience {
        entry_id: "0_k3xq9z1a".into(),
        points: (0..17)
            .map(|i| (NOW - 200 + 10 * i, 1100 + 9 * i * (i % 3)))
            .collect(),
    });
    let text = render(&s).to_string();
    insta::assert_snapshot!("live_audience_failover_120x40", text);
    assert!(text.contains("1,234 now · peak 1,500"), "{text}");
    assert!(text.contains("last 30 min (polls)"));
    assert!(text.contains("last 3 min (Kaltura analytics)"));
    assert!(text.contains("Primary: — not connected"));
    assert!(text.contains("Backup: ● PLAYABLE"));
    assert!(text.contains("P— B●"));
}

#[test]
fn without_the_realtime_report_the_sparkline_stays_and_narrow_tables_drop_ingest_first() {
    let mut s = live_board((90, 30));
    s.live.realtime_unavailable = Some("SERVICE_FORBIDDEN".into());
    let text = render(&s).to_string();
    insta::assert_snapshot!("live_audience_no_realtime_90x30", text);
    assert!(text.contains("Viewers"), "the Viewers column fits: {text}");
    assert!(!text.contains("Ingest"), "Ingest goes first");
    assert!(text.contains("not on this account"));
    // Narrower still: both columns go, Name and State stay.
    let narrow = render(&live_board((80, 24))).to_string();
    assert!(
        !narrow.contains("Viewers ") && narrow.contains("Town hall") && narrow.contains("LIVE")
    );
}
