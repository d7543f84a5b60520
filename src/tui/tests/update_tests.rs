//! `update` without a terminal: every test drives messages in and checks state and effects.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::fixtures::{self, NOW, board, event, links, state};
use crate::tui::action::{
    Effect, IoKind, IoReply, IoRequest, IoResult, Msg, SimAction, SystemCopy,
};
use crate::tui::keymap;
use crate::tui::state::{AppState, LOG_CAP, LinkKind, Tab};
use crate::tui::update::{Outcome, update};
use crate::tui::view::{CreatedView, Status};
use crate::webcast::clipboard::{ClipboardEnv, CopyOutcome, Holder, system_outcome};

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn code(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn io(tag: u64, result: IoResult) -> Msg {
    Msg::Io(Box::new(IoReply { tag, result }))
}

fn io_requests(out: &Outcome) -> Vec<IoRequest> {
    out.effects
        .iter()
        .filter_map(|e| match e {
            Effect::Io(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

fn only_request(out: &Outcome) -> IoRequest {
    let reqs = io_requests(out);
    assert_eq!(
        reqs.len(),
        1,
        "expected exactly one IO request, got {reqs:?}"
    );
    reqs[0].clone()
}

fn render(s: &AppState) -> String {
    let backend = ratatui::backend::TestBackend::new(s.size.0, s.size.1);
    let mut t = ratatui::Terminal::new(backend).expect("test terminal");
    t.draw(|f| crate::tui::draw::draw(f, s)).expect("draw");
    t.backend().to_string()
}

fn type_text(s: &mut AppState, text: &str) {
    for c in text.chars() {
        update(s, key(c), NOW);
    }
}

#[test]
fn first_tick_polls_all_watched_events_in_one_request() {
    let mut s = AppState::new(
        fixtures::config(false, &["0_a", "0_b", "0_a"]),
        NOW,
        jiff::tz::TimeZone::UTC,
        (80, 24),
    );
    let out = update(&mut s, Msg::Tick, NOW);
    let req = only_request(&out);
    assert_eq!(
        req.kind,
        IoKind::Poll {
            ids: vec!["0_a".into(), "0_b".into()]
        }
    );
    assert_eq!(s.poll.in_flight, Some(req.tag));
    // While it is in flight, neither ticks nor `r` start another cycle.
    assert!(io_requests(&update(&mut s, Msg::Tick, NOW + 10)).is_empty());
    assert!(io_requests(&update(&mut s, key('r'), NOW + 10)).is_empty());
    assert_eq!(
        s.status.as_ref().map(|x| x.text.as_str()),
        Some("a poll is already running")
    );
}

#[test]
fn poll_answer_schedules_next_cycle_after_the_interval() {
    let mut s = AppState::new(
        fixtures::config(false, &["0_a"]),
        NOW,
        jiff::tz::TimeZone::UTC,
        (80, 24),
    );
    let tag = only_request(&update(&mut s, Msg::Tick, NOW)).tag;
    update(
        &mut s,
        io(
            tag,
            IoResult::Polled(Ok(vec![event("0_a", "A", Status::Offline)])),
        ),
        NOW + 1,
    );
    assert_eq!(s.poll.in_flight, None);
    assert_eq!(s.poll.last_ok, Some(NOW + 1));
    assert!(io_requests(&update(&mut s, Msg::Tick, NOW + 5)).is_empty());
    assert_eq!(
        only_request(&update(&mut s, Msg::Tick, NOW + 6)).kind,
        IoKind::Poll {
            ids: vec!["0_a".into()]
        }
    );
}

#[test]
fn stale_poll_answer_is_dropped() {
    let mut s = AppState::new(
        fixtures::config(false, &["0_a"]),
        NOW,
        jiff::tz::TimeZone::UTC,
        (80, 24),
    );
    let tag = only_request(&update(&mut s, Msg::Tick, NOW)).tag;
    let out = update(
        &mut s,
        io(
            tag + 100,
            IoResult::Polled(Ok(vec![event("0_a", "A", Status::Live)])),
        ),
        NOW,
    );
    assert!(s.events[0].view.is_none());
    assert_eq!(s.poll.in_flight, Some(tag));
    assert!(!out.redraw);
}

#[test]
fn transitions_go_to_the_log_and_ring_the_bell() {
    let mut s = board((120, 40));
    let tag = only_request(&update(&mut s, Msg::Tick, NOW + 2)).tag;
    let log_before = s.log.len();
    let out = update(
        &mut s,
        io(
            tag,
            IoResult::Polled(Ok(vec![event(
                "0_p8w2m4td",
                "Product launch",
                Status::Live,
            )])),
        ),
        NOW + 3,
    );
    assert!(out.effects.contains(&Effect::Bell));
    assert_eq!(s.log.len(), log_before + 1);
    assert_eq!(
        s.log.back().map(|l| l.text.as_str()),
        Some("Product launch (0_p8w2m4td) went LIVE")
    );
    assert_eq!(s.log.back().map(|l| l.at), Some(NOW + 3));
}

#[test]
fn ending_for_attendees_while_the_encoder_pushes_is_logged_as_such() {
    let mut s = board((120, 40));
    // 0_k3xq9z1a is LIVE on the board; End leaves the encoder connected.
    let tag = only_request(&update(&mut s, Msg::Tick, NOW + 2)).tag;
    let out = update(
        &mut s,
        io(
            tag,
            IoResult::Polled(Ok(vec![event(
                "0_k3xq9z1a",
                "Town hall",
                Status::EndedFeedOn,
            )])),
        ),
        NOW + 3,
    );
    assert!(out.effects.contains(&Effect::Bell));
    assert_eq!(
        s.log.back().map(|l| l.text.as_str()),
        Some(
            "Town hall (0_k3xq9z1a) ended for attendees; the encoder is still connected (ENDED (FEED ON))"
        )
    );
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    t.draw(|f| crate::tui::draw::draw(f, &s)).unwrap();
    let buffer = t.backend().buffer();
    let screen: String = buffer
        .content()
        .chunks(buffer.area.width as usize)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>() + "\n")
        .collect();
    assert!(screen.contains("▣ ENDED (FEED ON)"), "{screen}");
}

#[test]
fn recording_ready_invalidates_links_and_refetches_them_on_the_links_tab() {
    let mut s = board((120, 40));
    update(&mut s, key('3'), NOW);
    assert_eq!(s.tab, Tab::Links);
    let tag = only_request(&update(&mut s, Msg::Tick, NOW + 2)).tag;
    let mut ready = event("0_k3xq9z1a", "Town hall", Status::RecordingReady);
    ready.playback_id = "0_rec00009".into();
    let out = update(&mut s, io(tag, IoResult::Polled(Ok(vec![ready]))), NOW + 3);
    assert!(!s.links.contains_key("0_k3xq9z1a"));
    let req = only_request(&out);
    assert_eq!(
        req.kind,
        IoKind::Links {
            id: "0_k3xq9z1a".into()
        }
    );
    assert_eq!(
        s.log.back().map(|l| l.text.as_str()),
        Some("Town hall (0_k3xq9z1a) RECORDING READY (links follow it)")
    );
}

#[test]
fn pause_stops_background_polling_and_refresh_polls_now() {
    let mut s = board((80, 24));
    update(&mut s, key('p'), NOW);
    assert!(s.poll.paused);
    assert!(io_requests(&update(&mut s, Msg::Tick, NOW + 60)).is_empty());
    let req = only_request(&update(&mut s, key('r'), NOW + 61));
    assert!(matches!(req.kind, IoKind::Poll { ref ids } if ids.len() == 3));
    update(&mut s, key('p'), NOW + 62);
    assert!(!s.poll.paused);
}

#[test]
fn answers_for_an_event_the_user_moved_away_from_are_dropped() {
    let mut s = board((120, 40));
    update(&mut s, key('j'), NOW);
    let first = only_request(&update(&mut s, key('3'), NOW));
    assert_eq!(
        first.kind,
        IoKind::Links {
            id: "0_p8w2m4td".into()
        }
    );
    let second = only_request(&update(&mut s, key('j'), NOW));
    assert_eq!(
        second.kind,
        IoKind::Links {
            id: "0_zz19ab7c".into()
        }
    );
    update(
        &mut s,
        io(
            first.tag,
            IoResult::Links {
                id: "0_p8w2m4td".into(),
                result: Ok(links("0_p8w2m4td", "0_p8w2m4td")),
            },
        ),
        NOW,
    );
    assert!(
        !s.links.contains_key("0_p8w2m4td"),
        "stale answer must be dropped"
    );
    update(
        &mut s,
        io(
            second.tag,
            IoResult::Links {
                id: "0_zz19ab7c".into(),
                result: Ok(links("0_zz19ab7c", "0_rec00001")),
            },
        ),
        NOW,
    );
    assert!(s.links.contains_key("0_zz19ab7c"));
}

#[test]
fn s_cycles_what_the_attendee_qr_encodes() {
    use crate::tui::view::QrTarget;
    let mut s = board((120, 40));
    update(&mut s, key('3'), NOW);
    let id = "0_k3xq9z1a";
    let seen: Vec<QrTarget> = (0..3)
        .map(|_| {
            update(&mut s, key('s'), NOW);
            s.links[id].attendee_target(s.qr_target)
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            QrTarget::FullLink,
            QrTarget::LinkWithoutKs,
            QrTarget::ShortLink
        ]
    );
    update(&mut s, key('s'), NOW);
    assert!(
        s.status
            .as_ref()
            .is_some_and(|l| l.text == "the attendee QR encodes the full link"),
        "{:?}",
        s.status
    );
    update(&mut s, key('t'), NOW);
    update(&mut s, key('s'), NOW);
    assert!(
        s.status
            .as_ref()
            .is_some_and(|l| l.text.contains("never shortened")),
        "{:?}",
        s.status
    );
}

#[test]
fn copy_uses_the_shown_link_and_t_switches_it() {
    let mut s = board((120, 40));
    update(&mut s, key('3'), NOW);
    let out = update(&mut s, key('c'), NOW);
    assert_eq!(
        out.effects,
        vec![Effect::Copy {
            text: fixtures::attendee_url("0_k3xq9z1a"),
            what: "attendee link".into()
        }]
    );
    update(&mut s, key('t'), NOW);
    assert_eq!(s.link_kind, LinkKind::Moderator);
    let out = update(&mut s, key('c'), NOW);
    // Copying the moderator link says what it reaches and until when.
    assert_eq!(
        out.effects,
        vec![Effect::Copy {
            text: fixtures::moderator_url("0_k3xq9z1a"),
            what: "moderator link (reach: every event listing kwebcast-moderator, until \
                   2026-11-26 13:00)"
                .into()
        }]
    );
}

#[test]
fn quitting_with_a_create_in_flight_asks_first() {
    let mut s = state(true, (80, 24));
    // Nothing in flight: q quits at once.
    let mut idle = state(true, (80, 24));
    update(&mut idle, key('q'), NOW);
    assert!(idle.quit);

    update(&mut s, key('2'), NOW);
    type_text(&mut s, "Town hall");
    let req = only_request(&update(&mut s, ctrl('s'), NOW));
    let IoKind::Create(event) = &req.kind else {
        panic!("a create: {req:?}")
    };
    let reference = event.reference.clone().expect("a reference before sending");
    assert_eq!(reference, format!("kwebcast-5eed5eed5eed-{}", req.tag));
    assert_eq!(
        s.form.pending_create,
        Some((reference.clone(), "Town hall".to_string()))
    );
    // Esc 1 q, the way the issue quit: asked, not quit.
    update(&mut s, code(KeyCode::Esc), NOW);
    update(&mut s, key('1'), NOW);
    update(&mut s, key('q'), NOW);
    assert!(s.confirm_quit && !s.quit);
    let screen = render(&s);
    assert!(
        screen.contains(&reference),
        "the question names the reference:\n{screen}"
    );
    // Anything but y keeps the board (and the create) going.
    update(&mut s, key('n'), NOW);
    assert!(!s.confirm_quit && !s.quit);
    // Ctrl-C asks too; y quits.
    update(&mut s, ctrl('c'), NOW);
    assert!(s.confirm_quit && !s.quit);
    update(&mut s, key('y'), NOW);
    assert!(s.quit);

    // The answer arriving closes the question: quitting is safe again.
    let mut t = state(true, (80, 24));
    update(&mut t, key('2'), NOW);
    type_text(&mut t, "Town hall");
    let req = only_request(&update(&mut t, ctrl('s'), NOW));
    update(&mut t, ctrl('c'), NOW);
    assert!(t.confirm_quit);
    update(
        &mut t,
        io(req.tag, IoResult::Created(Err("refused".into()))),
        NOW,
    );
    assert!(!t.confirm_quit && t.form.pending_create.is_none());
    update(&mut t, ctrl('c'), NOW);
    assert!(t.quit);
}

#[test]
fn the_board_settles_interrupted_creates_at_start_and_again_later() {
    use crate::tui::view::{RecoveryOutcome, RecoveryView};
    let mut s = state(true, (100, 30));
    let start = crate::tui::update::start(&mut s, NOW);
    let req = only_request(&start);
    assert_eq!(req.kind, IoKind::Recover);
    let view = |reference: &str, name: &str, outcome| RecoveryView {
        reference: reference.into(),
        name: name.into(),
        sent_at: NOW - 30,
        outcome,
    };
    let out = update(
        &mut s,
        io(
            req.tag,
            IoResult::Recovered(Ok(vec![
                view(
                    "kwebcast-aa",
                    "Town hall",
                    RecoveryOutcome::Recorded {
                        id: "0_found001".into(),
                    },
                ),
                view("kwebcast-bb", "Dry run", RecoveryOutcome::NotCreated),
                view(
                    "kwebcast-cc",
                    "Late",
                    RecoveryOutcome::StillPending {
                        why: "not found yet".into(),
                    },
                ),
            ])),
        ),
        NOW,
    );
    // The found event is watched and polled; every outcome is in the log with its reference.
    assert!(s.events.iter().any(|w| w.id == "0_found001"));
    assert!(io_requests(&out).iter().any(
        |r| matches!(&r.kind, IoKind::Poll { ids } if ids.contains(&"0_found001".to_string()))
    ));
    let log: Vec<&str> = s.log.iter().map(|l| l.text.as_str()).collect();
    assert!(
        log.iter()
            .any(|l| l.contains("0_found001") && l.contains("kwebcast-aa")),
        "{log:?}"
    );
    assert!(
        log.iter()
            .any(|l| l.contains("not created") && l.contains("kwebcast-bb"))
    );
    assert!(
        log.iter()
            .any(|l| l.contains("still pending") && l.contains("kwebcast-cc"))
    );
    assert!(
        s.status
            .as_ref()
            .is_some_and(|st| st.text.contains("recovered 1"))
    );
    // The one still pending is asked about again once it is old enough to conclude.
    let due = NOW - 30 + crate::webcast::recover::SETTLE_AFTER_SECS + 1;
    assert_eq!(s.recover.next_at, Some(due));
    assert!(
        !io_requests(&update(&mut s, Msg::Tick, due - 1))
            .iter()
            .any(|r| r.kind == IoKind::Recover)
    );
    let again = update(&mut s, Msg::Tick, due);
    assert!(
        io_requests(&again)
            .iter()
            .any(|r| r.kind == IoKind::Recover)
    );
}

#[test]
fn studio_tab_fetches_once_and_copies_the_launch_url() {
    let mut s = board((120, 40));
    update(&mut s, key('j'), NOW);
    let req = only_request(&update(&mut s, key('4'), NOW));
    assert_eq!(
        req.kind,
        IoKind::Studio {
            id: "0_p8w2m4td".into()
        }
    );
    update(
        &mut s,
        io(
            req.tag,
            IoResult::Studio {
                id: "0_p8w2m4td".into(),
                result: Ok(fixtures::studio()),
            },
        ),
        NOW,
    );
    assert!(io_requests(&update(&mut s, key('1'), NOW)).is_empty());
    assert!(io_requests(&update(&mut s, key('4'), NOW)).is_empty());
    let out = update(&mut s, key('c'), NOW);
    assert!(
        matches!(&out.effects[..], [Effect::Copy { text, .. }] if text.starts_with("KalturaWebcast:"))
    );
}

#[test]
fn fullscreen_qr_opens_and_closes() {
    let mut s = board((120, 40));
    update(&mut s, key('3'), NOW);
    update(&mut s, key('f'), NOW);
    assert!(s.qr_fullscreen);
    // Keys that mean something else elsewhere do nothing here.
    update(&mut s, key('j'), NOW);
    assert_eq!(s.selected, 0);
    update(&mut s, code(KeyCode::Esc), NOW);
    assert!(!s.qr_fullscreen);
}

#[test]
fn form_rejects_an_empty_name_inline_and_keeps_the_input() {
    let mut s = state(false, (80, 24));
    update(&mut s, key('n'), NOW);
    assert_eq!(s.tab, Tab::Create);
    update(&mut s, code(KeyCode::Tab), NOW);
    type_text(&mut s, "q&a session");
    let out = update(&mut s, ctrl('s'), NOW);
    assert!(io_requests(&out).is_empty());
    assert_eq!(s.form.focus, 0, "focus moves to the first invalid field");
    assert_eq!(
        s.form.fields[0].error.as_deref(),
        Some("a name is required")
    );
    assert_eq!(
        s.form.fields[1].input.value(),
        "q&a session",
        "nothing typed is lost"
    );
}

#[test]
fn form_validates_start_duration_and_time_zone() {
    let mut s = state(false, (80, 24));
    update(&mut s, key('2'), NOW);
    s.form.focus = 2;
    update(&mut s, ctrl('u'), NOW);
    type_text(&mut s, "tomorrow");
    assert_eq!(
        s.form.fields[2].error.as_deref(),
        Some("use YYYY-MM-DD HH:MM or now")
    );
    update(&mut s, ctrl('u'), NOW);
    type_text(&mut s, "2026-11-25 14:30");
    assert_eq!(s.form.fields[2].error, None);
    s.form.focus = 3;
    update(&mut s, ctrl('u'), NOW);
    type_text(&mut s, "0");
    assert!(s.form.fields[3].error.is_some());
    s.form.focus = 4;
    update(&mut s, ctrl('u'), NOW);
    type_text(&mut s, "Mars/Olympus");
    assert_eq!(
        s.form.fields[4].error.as_deref(),
        Some("unknown time zone 'Mars/Olympus'")
    );
}

#[test]
fn typing_q_in_the_form_types_it_and_ctrl_c_still_quits() {
    let mut s = state(false, (80, 24));
    update(&mut s, key('2'), NOW);
    type_text(&mut s, "q1");
    assert!(!s.quit);
    assert_eq!(s.form.fields[0].input.value(), "q1");
    update(&mut s, ctrl('c'), NOW);
    assert!(s.quit);
}

#[test]
fn successful_create_joins_the_board_and_polls() {
    let mut s = state(true, (80, 24));
    update(&mut s, key('2'), NOW);
    type_text(&mut s, "Town hall");
    // Enter walks the fields, then presses the button.
    let mut req = None;
    for _ in 0..s.form.fields.len() + 1 {
        let out = update(&mut s, code(KeyCode::Enter), NOW);
        if let Some(r) = io_requests(&out).pop() {
            req = Some(r);
        }
    }
    let req = req.expect("Enter on the button submits");
    let IoKind::Create(ev) = &req.kind else {
        panic!("expected a create request, got {:?}", req.kind)
    };
    assert_eq!(ev.name, "Town hall");
    assert_eq!(ev.start, NOW + 600);
    assert_eq!(ev.end, NOW + 600 + 3600);
    assert!(ev.recording);
    // A second submit while the first is running does nothing.
    assert!(io_requests(&update(&mut s, ctrl('s'), NOW)).is_empty());
    let created = CreatedView {
        id: "0_k3xq9z1a".into(),
        name: "Town hall".into(),
        links: links("0_k3xq9z1a", "0_k3xq9z1a"),
        studio: Some(fixtures::studio()),
        notes: Vec::new(),
    };
    let out = update(&mut s, io(req.tag, IoResult::Created(Ok(created))), NOW + 1);
    assert_eq!(s.events.len(), 1);
    assert_eq!(s.events[0].id, "0_k3xq9z1a");
    assert!(s.links.contains_key("0_k3xq9z1a"));
    assert_eq!(
        only_request(&out).kind,
        IoKind::Poll {
            ids: vec!["0_k3xq9z1a".into()]
        }
    );
}

#[test]
fn failed_create_keeps_the_form_and_shows_the_error() {
    let mut s = state(true, (80, 24));
    update(&mut s, key('2'), NOW);
    type_text(&mut s, "Town hall");
    let req = only_request(&update(&mut s, ctrl('s'), NOW));
    update(
        &mut s,
        io(
            req.tag,
            IoResult::Created(Err("liveStream.add: SERVICE_FORBIDDEN".into())),
        ),
        NOW,
    );
    assert_eq!(
        s.form.failure.as_deref(),
        Some("liveStream.add: SERVICE_FORBIDDEN")
    );
    assert_eq!(s.form.fields[0].input.value(), "Town hall");
    assert!(s.error_visible);
}

#[test]
fn errors_show_in_the_bar_until_esc_and_stay_in_the_history() {
    let mut s = board((80, 24));
    let tag = only_request(&update(&mut s, Msg::Tick, NOW + 2)).tag;
    update(
        &mut s,
        io(
            tag,
            IoResult::Polled(Err("liveStream.list: connection refused".into())),
        ),
        NOW + 3,
    );
    assert!(s.error_visible);
    assert_eq!(s.errors.len(), 1);
    // The board keeps its last known values and the next cycle is still scheduled.
    assert_eq!(
        s.events[0].view.as_ref().map(|v| v.status),
        Some(Status::Live)
    );
    assert_eq!(s.poll.next_at, NOW + 8);
    update(&mut s, code(KeyCode::Esc), NOW + 4);
    assert!(!s.error_visible);
    update(&mut s, key('E'), NOW + 4);
    assert!(s.show_errors);
    assert_eq!(s.errors.len(), 1);
}

#[test]
fn simulator_keys_work_only_in_sandbox_mode() {
    let mut s = board((80, 24));
    let out = update(&mut s, key('b'), NOW);
    assert_eq!(
        only_request(&out).kind,
        IoKind::Simulate {
            id: "0_k3xq9z1a".into(),
            action: SimAction::Broadcast
        }
    );
    let req = only_request(&out);
    let out = update(
        &mut s,
        io(
            req.tag,
            IoResult::Simulated {
                id: "0_k3xq9z1a".into(),
                action: SimAction::Broadcast,
                result: Ok(()),
            },
        ),
        NOW,
    );
    assert!(
        matches!(only_request(&out).kind, IoKind::Poll { .. }),
        "a simulator step polls at once"
    );
    s.sandbox = false;
    assert!(io_requests(&update(&mut s, key('b'), NOW)).is_empty());
}

#[test]
fn search_then_enter_watches_the_result() {
    let mut s = state(false, (80, 24));
    update(&mut s, key('/'), NOW);
    type_text(&mut s, "town");
    let req = only_request(&update(&mut s, code(KeyCode::Enter), NOW));
    assert_eq!(
        req.kind,
        IoKind::Search {
            text: "town".into()
        }
    );
    update(
        &mut s,
        io(
            req.tag,
            IoResult::Searched(Ok(vec![event("0_k3xq9z1a", "Town hall", Status::Offline)])),
        ),
        NOW,
    );
    let out = update(&mut s, code(KeyCode::Enter), NOW);
    assert!(s.search.is_none());
    assert_eq!(s.events.len(), 1);
    assert_eq!(
        only_request(&out).kind,
        IoKind::Poll {
            ids: vec!["0_k3xq9z1a".into()]
        }
    );
}

#[test]
fn idle_tick_does_not_redraw_but_a_changed_age_does() {
    let mut s = state(false, (80, 24));
    assert!(
        !update(&mut s, Msg::Tick, NOW).redraw,
        "empty board: nothing visible changes"
    );
    let mut s = board((80, 24));
    s.poll.paused = true;
    assert!(update(&mut s, Msg::Tick, NOW + 1).redraw, "ages advanced");
    assert!(
        !update(&mut s, Msg::Tick, NOW + 1).redraw,
        "same second: nothing changed"
    );
}

#[test]
fn status_line_expires() {
    let mut s = board((80, 24));
    s.poll.paused = true;
    update(&mut s, key('K'), NOW);
    s.set_status("copied");
    update(&mut s, Msg::Tick, NOW + 7);
    assert!(s.status.is_none());
}

#[test]
fn reveal_is_forgotten_when_the_selection_moves() {
    // Short enough that the details need scrolling.
    let mut s = board((80, 18));
    update(&mut s, key('K'), NOW);
    assert!(s.reveal_key);
    update(&mut s, code(KeyCode::PageDown), NOW);
    assert!(s.detail_scroll > 0);
    update(&mut s, code(KeyCode::Down), NOW);
    assert!(!s.reveal_key);
    assert_eq!(s.detail_scroll, 0, "a new event's details start at the top");
    assert_eq!(s.selected, 1);
}

#[test]
fn help_lists_every_binding_of_the_keymap() {
    let sections = keymap::help_sections(true);
    let listed: usize = sections.iter().map(|(_, l)| l.len()).sum();
    assert_eq!(listed, keymap::BINDINGS.len());
    let without_sandbox: usize = keymap::help_sections(false)
        .iter()
        .map(|(_, l)| l.len())
        .sum();
    // b, and the simulated encoder's B z Z (backup, failover).
    assert_eq!(without_sandbox, keymap::BINDINGS.len() - 4);
}

#[test]
fn footer_hints_come_from_the_keymap() {
    let hints = keymap::footer_hints(keymap::Scope::Links, false, false);
    assert_eq!(hints[0], ("t".to_string(), "attendee/moderator"));
    assert!(hints.iter().any(|(k, h)| k == "c" && *h == "copy"));
    assert!(hints.iter().any(|(k, h)| k == "?" && *h == "help"));
}

#[test]
fn ctrl_z_asks_for_suspension() {
    let mut s = board((80, 24));
    assert_eq!(
        update(&mut s, ctrl('z'), NOW).effects,
        vec![Effect::Suspend]
    );
}

#[test]
fn links_are_re_signed_before_their_ks_expires() {
    let mut s = board((120, 40));
    assert!(
        io_requests(&update(&mut s, key('3'), NOW)).is_empty(),
        "fresh links are reused"
    );
    update(&mut s, key('1'), NOW);
    let later = NOW + 3 * 3600 - 60;
    let req = only_request(&update(&mut s, key('3'), later));
    assert_eq!(
        req.kind,
        IoKind::Links {
            id: "0_k3xq9z1a".into()
        }
    );
}

#[test]
fn mouse_clicks_pick_tabs_and_rows() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let click = |x, y| {
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        })
    };
    let mut s = board((80, 24));
    // Header: " kwebcast  SANDBOX  [1 Events] 2 Create  3 Links ..." (see the snapshots).
    update(&mut s, click(42, 0), NOW);
    assert_eq!(s.tab, Tab::Links);
    update(&mut s, click(21, 0), NOW);
    assert_eq!(s.tab, Tab::Events);
    // Rows: body starts at 1, table border and header take two rows.
    update(&mut s, click(10, 5), NOW);
    assert_eq!(s.selected, 2);
    update(&mut s, click(10, 3), NOW);
    assert_eq!(s.selected, 0);
    update(&mut s, click(10, 12), NOW);
    assert_eq!(s.selected, 0, "a click below the table selects nothing");
}

#[test]
fn a_repeated_error_is_counted_and_stays_dismissed() {
    let mut s = board((80, 24));
    s.push_error("poll failed: connection refused");
    update(&mut s, code(KeyCode::Esc), NOW);
    assert!(!s.error_visible);
    s.push_error("poll failed: connection refused");
    assert!(
        !s.error_visible,
        "the same error does not bring the bar back"
    );
    assert_eq!(s.errors.len(), 1);
    assert_eq!(s.errors[0].count, 2);
    s.push_error("links for 0_a: refused");
    assert!(s.error_visible, "a new error does");
    assert_eq!(s.errors.len(), 2);
}

#[test]
fn studio_details_are_re_signed_before_their_ks_expires() {
    let mut s = board((120, 40));
    assert!(
        io_requests(&update(&mut s, key('4'), NOW)).is_empty(),
        "fresh Studio details are reused"
    );
    update(&mut s, key('1'), NOW);
    // The fixture's moderator KS lasts 24 h; an hour before it expires they are still fresh,
    // inside the renewal margin they are not.
    assert!(io_requests(&update(&mut s, key('4'), NOW + 23 * 3600)).is_empty());
    update(&mut s, key('1'), NOW + 23 * 3600);
    let later = NOW + 24 * 3600 - 60;
    let req = only_request(&update(&mut s, key('4'), later));
    assert_eq!(
        req.kind,
        IoKind::Studio {
            id: "0_k3xq9z1a".into()
        }
    );
    update(&mut s, key('1'), later);
    assert!(
        io_requests(&update(&mut s, key('4'), later)).is_empty(),
        "asked once while the answer is pending"
    );
    let renewed = crate::tui::view::StudioView {
        expires_at: later + 24 * 3600,
        ..fixtures::studio()
    };
    update(
        &mut s,
        io(
            req.tag,
            IoResult::Studio {
                id: "0_k3xq9z1a".into(),
                result: Ok(renewed),
            },
        ),
        later,
    );
    assert_eq!(s.studio["0_k3xq9z1a"].expires_at, later + 24 * 3600);
    update(&mut s, key('1'), later);
    assert!(io_requests(&update(&mut s, key('4'), later)).is_empty());
}

fn system_copied(fallback_to_osc52: bool, result: Result<CopyOutcome, String>) -> Msg {
    Msg::SystemCopied(Box::new(SystemCopy {
        text: "https://x/".into(),
        what: "attendee link".into(),
        fallback_to_osc52,
        result,
    }))
}

#[test]
fn system_copy_answers_reach_the_status_line_or_fall_back_to_osc52() {
    let mut s = board((80, 24));
    let env = ClipboardEnv {
        display: true,
        served_by_process: true,
        ..ClipboardEnv::default()
    };
    let ok = system_outcome(&env, Holder::Running);
    let out = update(&mut s, system_copied(true, Ok(ok)), NOW);
    assert!(out.redraw && out.effects.is_empty());
    assert_eq!(
        s.status.as_ref().map(|l| l.text.as_str()),
        Some("copied to the system clipboard: the attendee link")
    );

    let over_ssh = system_outcome(&ClipboardEnv { ssh: true, ..env }, Holder::Running);
    update(&mut s, system_copied(false, Ok(over_ssh)), NOW);
    assert!(
        s.status
            .as_ref()
            .is_some_and(|l| l.text.contains("over SSH: not yours")),
        "{:?}",
        s.status
    );

    let out = update(&mut s, system_copied(true, Err("no display".into())), NOW);
    assert_eq!(
        out.effects,
        vec![Effect::Osc52Fallback {
            text: "https://x/".into(),
            what: "attendee link".into()
        }]
    );
    assert!(s.errors.is_empty());

    update(&mut s, system_copied(false, Err("no display".into())), NOW);
    assert_eq!(
        s.errors.last().map(|e| e.text.as_str()),
        Some("copy failed: no display")
    );
}

#[test]
fn the_event_log_keeps_the_newest_lines() {
    let mut s = board((80, 24));
    for i in 0..LOG_CAP + 10 {
        s.push_log(format!("line {i}"));
    }
    assert_eq!(s.log.len(), LOG_CAP);
    assert_eq!(
        s.log.front().map(|l| l.text.as_str()),
        Some("line 10"),
        "the oldest lines went first"
    );
    assert_eq!(
        s.log.back().map(|l| l.text.clone()),
        Some(format!("line {}", LOG_CAP + 9))
    );
}
