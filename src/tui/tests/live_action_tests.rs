//! Live actions on the board, without a terminal: the y/N question (default no, twice when
//! there is a warning), refusals on the status line, the recordings picker, the answer logged
//! "by you", and the popups drawn.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::fixtures::{NOW, board, event};
use crate::tui::action::{Effect, IoKind, IoReply, IoRequest, IoResult, Msg};
use crate::tui::draw::draw;
use crate::tui::prompt::{PickRow, Prompt};
use crate::tui::state::{AppState, Watched};
use crate::tui::update::{Outcome, update};
use crate::tui::view::{RecordingView, Status};
use crate::webcast::LiveAction;
use crate::webcast::actions::RecordingChoice;
use crate::webcast::state::RecordingFacts;

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn code(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
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

/// A board whose selected event (first row) is in `status`.
fn with(status: Status) -> AppState {
    let mut s = board((120, 40));
    s.events[0].view = Some(event("0_k3xq9z1a", "Town hall", status));
    s
}

fn confirm(s: &AppState) -> &crate::tui::prompt::ActionPrompt {
    match &s.prompt {
        Some(Prompt::Confirm(p)) => p,
        other => panic!("expected a confirmation, got {other:?}"),
    }
}

fn status_text(s: &AppState) -> String {
    s.status
        .as_ref()
        .map(|l| l.text.clone())
        .unwrap_or_default()
}

#[test]
fn go_live_asks_first_and_n_cancels() {
    let mut s = with(Status::Preview);
    let out = update(&mut s, key('v'), NOW);
    assert!(requests(&out).is_empty(), "nothing is sent before y");
    let p = confirm(&s);
    assert_eq!(p.action, LiveAction::GoLive);
    assert_eq!(
        (p.id.as_str(), p.name.as_str()),
        ("0_k3xq9z1a", "Town hall")
    );
    assert_eq!(p.preflight.attendees, "the live stream");
    assert!(p.ready(), "no warning: one y is enough");
    let out = update(&mut s, key('n'), NOW);
    assert!(requests(&out).is_empty());
    assert!(s.prompt.is_none());
    assert!(status_text(&s).contains("not sent"), "{}", status_text(&s));
    // Enter is not a yes either: the default is no.
    update(&mut s, key('v'), NOW);
    assert!(requests(&update(&mut s, code(KeyCode::Enter), NOW)).is_empty());
    assert!(s.prompt.is_none());
}

#[test]
fn y_sends_go_live_once_and_the_answer_is_logged_by_you() {
    let mut s = with(Status::Preview);
    update(&mut s, key('v'), NOW);
    let reqs = requests(&update(&mut s, key('y'), NOW));
    assert_eq!(reqs.len(), 1);
    assert_eq!(
        reqs[0].kind,
        IoKind::LiveAction {
            id: "0_k3xq9z1a".into(),
            action: LiveAction::GoLive
        }
    );
    assert!(s.prompt.is_none());
    assert!(s.action_pending.is_some());
    // One action at a time.
    assert!(requests(&update(&mut s, key('x'), NOW)).is_empty());
    assert!(s.prompt.is_none());
    assert!(
        status_text(&s).contains("still sending"),
        "{}",
        status_text(&s)
    );

    let log_before = s.log.len();
    let live = event("0_k3xq9z1a", "Town hall", Status::Live);
    update(
        &mut s,
        Msg::Io(Box::new(IoReply {
            tag: reqs[0].tag,
            result: IoResult::LiveActed {
                id: "0_k3xq9z1a".into(),
                action: LiveAction::GoLive,
                result: Ok(Box::new(live)),
            },
        })),
        NOW + 1,
    );
    assert!(s.action_pending.is_none());
    assert_eq!(s.events[0].view.as_ref().unwrap().status, Status::Live);
    assert_eq!(
        s.log.len(),
        log_before + 1,
        "one line, not a second transition line"
    );
    let last = s.log.back().unwrap();
    assert_eq!(last.text, "Town hall (0_k3xq9z1a) went live by you");
    assert_eq!(last.at, NOW + 1);
}

#[test]
fn go_live_without_a_playable_stream_asks_twice() {
    let mut s = with(Status::Offline);
    update(&mut s, key('v'), NOW);
    let p = confirm(&s);
    assert!(
        p.preflight
            .warning
            .as_deref()
            .unwrap()
            .contains("offline slate")
    );
    assert_eq!(p.preflight.attendees, "the offline slate");
    assert!(
        requests(&update(&mut s, key('y'), NOW)).is_empty(),
        "first y"
    );
    assert!(confirm(&s).warned, "the question is asked again");
    assert_eq!(confirm(&s).yes_does(), "goes live anyway");
    let reqs = requests(&update(&mut s, key('Y'), NOW));
    assert_eq!(reqs.len(), 1, "second y sends");
    // Esc at the second question cancels.
    let mut s = with(Status::Connecting);
    update(&mut s, key('v'), NOW);
    update(&mut s, key('y'), NOW);
    assert!(requests(&update(&mut s, code(KeyCode::Esc), NOW)).is_empty());
    assert!(s.prompt.is_none());
}

#[test]
fn end_while_the_encoder_pushes_is_logged_as_such() {
    let mut s = with(Status::Live);
    update(&mut s, key('x'), NOW);
    let p = confirm(&s);
    assert_eq!(p.action, LiveAction::End);
    assert!(
        p.preflight
            .note
            .as_deref()
            .unwrap()
            .contains("ENDED (FEED ON)")
    );
    let req = requests(&update(&mut s, key('y'), NOW)).remove(0);
    update(
        &mut s,
        Msg::Io(Box::new(IoReply {
            tag: req.tag,
            result: IoResult::LiveActed {
                id: "0_k3xq9z1a".into(),
                action: LiveAction::End,
                result: Ok(Box::new(event(
                    "0_k3xq9z1a",
                    "Town hall",
                    Status::EndedFeedOn,
                ))),
            },
        })),
        NOW,
    );
    assert_eq!(
        s.log.back().unwrap().text,
        "Town hall (0_k3xq9z1a) ended by you: ended for attendees, encoder still connected"
    );
    assert!(status_text(&s).contains("encoder still connected"));
}

#[test]
fn kalturas_refusal_goes_to_the_error_bar_with_its_code() {
    let mut s = with(Status::Preview);
    update(&mut s, key('v'), NOW);
    let req = requests(&update(&mut s, key('y'), NOW)).remove(0);
    let refusal = "liveStream.update: Kaltura refused: Invalid KS \"\", Error \"-4,INVALID_TYPE\" (INVALID_KS)";
    update(
        &mut s,
        Msg::Io(Box::new(IoReply {
            tag: req.tag,
            result: IoResult::LiveActed {
                id: "0_k3xq9z1a".into(),
                action: LiveAction::GoLive,
                result: Err(refusal.into()),
            },
        })),
        NOW,
    );
    assert!(s.action_pending.is_none());
    assert!(s.error_visible);
    let shown = &s.errors.last().unwrap().text;
    assert!(
        shown.starts_with("Go Live for Town hall (0_k3xq9z1a) failed:"),
        "{shown}"
    );
    assert!(shown.contains("INVALID_KS"), "{shown}");
    assert_eq!(
        s.events[0].view.as_ref().unwrap().status,
        Status::Preview,
        "nothing changed on the board"
    );
}

#[test]
fn refusals_are_said_without_a_question() {
    let mut s = with(Status::Preview);
    update(&mut s, key('x'), NOW);
    assert!(s.prompt.is_none());
    assert!(
        status_text(&s).contains("nothing to end"),
        "{}",
        status_text(&s)
    );
    update(&mut s, key('R'), NOW);
    assert!(s.prompt.is_none());
    assert_eq!(
        status_text(&s),
        "Pause the recording: the recording can be paused only while the event is LIVE (it is PREVIEW)"
    );
    // Before the first poll there is nothing to decide from.
    let mut s = board((80, 24));
    s.events.insert(
        0,
        Watched {
            id: "0_unpolled".into(),
            view: None,
        },
    );
    s.selected = 0;
    update(&mut s, key('v'), NOW);
    assert!(s.prompt.is_none());
    assert!(status_text(&s).contains("not been polled yet"));
}

#[test]
fn r_pauses_a_live_recording_and_resumes_a_paused_one() {
    let mut s = with(Status::Live);
    update(&mut s, key('R'), NOW);
    assert_eq!(confirm(&s).action, LiveAction::PauseRecording);
    assert_eq!(confirm(&s).preflight.attendees, "the live stream");
    update(&mut s, key('n'), NOW);
    if let Some(v) = s.events[0].view.as_mut() {
        v.control.recording_status = Some(1);
    }
    update(&mut s, key('R'), NOW);
    assert_eq!(confirm(&s).action, LiveAction::ResumeRecording);
    let req = requests(&update(&mut s, key('y'), NOW)).remove(0);
    assert_eq!(
        req.kind,
        IoKind::LiveAction {
            id: "0_k3xq9z1a".into(),
            action: LiveAction::ResumeRecording
        }
    );
}

/// An ended event with two READY recordings, viewers sent to the newer one.
fn ended_with_two_recordings() -> AppState {
    let mut s = with(Status::RecordingReady);
    let v = s.events[0].view.as_mut().unwrap();
    v.detail.recordings = vec![
        RecordingView {
            id: "0_rec00002".into(),
            name: "Town hall 2".into(),
            status: "READY".into(),
            created_at: NOW - 3600,
        },
        RecordingView {
            id: "0_rec00001".into(),
            name: "Town hall 1".into(),
            status: "READY".into(),
            created_at: NOW - 7200,
        },
    ];
    v.control.recordings = v
        .detail
        .recordings
        .iter()
        .map(|r| RecordingChoice {
            facts: RecordingFacts {
                id: r.id.clone(),
                root_entry_id: "0_k3xq9z1a".into(),
                status: 2,
                created_at: r.created_at,
                updated_at: r.created_at + 60,
            },
            name: r.name.clone(),
        })
        .collect();
    v.control.live.redirect_entry_id = "0_rec00002".into();
    v.playback_id = "0_rec00002".into();
    v.audience = "recording 0_rec00002".into();
    s
}

#[test]
fn the_picker_lists_the_recordings_and_sends_viewers_to_the_chosen_one() {
    let mut s = ended_with_two_recordings();
    update(&mut s, key('V'), NOW);
    let Some(Prompt::PickRecording(p)) = &s.prompt else {
        panic!("the picker opens: {:?}", s.prompt)
    };
    assert_eq!(p.rows.len(), 3);
    assert_eq!(
        p.rows[0],
        PickRow::Clear,
        "a redirect is set: it can be cleared"
    );
    assert_eq!(p.selected, 1, "starts on the newest recording");
    assert_eq!(p.current, "0_rec00002");
    // Keys move the highlight and stay in the picker.
    update(&mut s, code(KeyCode::Down), NOW);
    update(&mut s, code(KeyCode::Down), NOW);
    let Some(Prompt::PickRecording(p)) = &s.prompt else {
        panic!()
    };
    assert_eq!(p.selected, 2, "stops at the last row");
    assert!(requests(&update(&mut s, code(KeyCode::Enter), NOW)).is_empty());
    let p = confirm(&s);
    assert_eq!(
        p.action,
        LiveAction::Redirect {
            recording: "0_rec00001".into()
        }
    );
    assert_eq!(
        p.preflight.attendees,
        "recording 0_rec00001 (\"Town hall 1\")"
    );
    let req = requests(&update(&mut s, key('y'), NOW)).remove(0);
    assert_eq!(
        req.kind,
        IoKind::LiveAction {
            id: "0_k3xq9z1a".into(),
            action: LiveAction::Redirect {
                recording: "0_rec00001".into()
            }
        }
    );
    let mut view = s.events[0].view.clone().unwrap();
    view.control.live.redirect_entry_id = "0_rec00001".into();
    view.playback_id = "0_rec00001".into();
    update(
        &mut s,
        Msg::Io(Box::new(IoReply {
            tag: req.tag,
            result: IoResult::LiveActed {
                id: "0_k3xq9z1a".into(),
                action: LiveAction::Redirect {
                    recording: "0_rec00001".into(),
                },
                result: Ok(Box::new(view)),
            },
        })),
        NOW,
    );
    assert_eq!(
        s.log.back().unwrap().text,
        "Town hall (0_k3xq9z1a) viewers sent to recording 0_rec00001 by you"
    );
    assert!(
        !s.links.contains_key("0_k3xq9z1a"),
        "the attendee link follows the redirect: re-signed on the next look"
    );
}

#[test]
fn the_picker_clears_the_redirect_and_esc_changes_nothing() {
    let mut s = ended_with_two_recordings();
    update(&mut s, key('V'), NOW);
    update(&mut s, code(KeyCode::Up), NOW);
    update(&mut s, code(KeyCode::Enter), NOW);
    assert_eq!(confirm(&s).action, LiveAction::ClearRedirect);
    update(&mut s, key('n'), NOW);
    update(&mut s, key('V'), NOW);
    assert!(requests(&update(&mut s, code(KeyCode::Esc), NOW)).is_empty());
    assert!(s.prompt.is_none());
    // Without recordings there is nothing to pick.
    let mut s = with(Status::Preview);
    update(&mut s, key('V'), NOW);
    assert!(s.prompt.is_none());
    assert!(status_text(&s).contains("no recordings yet"));
}

#[test]
fn an_open_question_takes_every_key_but_ctrl_c_still_quits() {
    let mut s = with(Status::Preview);
    update(&mut s, key('v'), NOW);
    update(&mut s, key('q'), NOW);
    assert!(!s.quit, "q answers no, it does not quit");
    assert!(s.prompt.is_none());
    update(&mut s, key('v'), NOW);
    update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        NOW,
    );
    assert!(s.quit);
}

#[test]
fn the_actions_work_on_an_account_too() {
    let mut s = with(Status::Preview);
    s.sandbox = false;
    update(&mut s, key('v'), NOW);
    assert_eq!(confirm(&s).action, LiveAction::GoLive);
}

fn render(s: &AppState) -> TestBackend {
    let mut t = Terminal::new(TestBackend::new(s.size.0, s.size.1)).expect("test terminal");
    t.draw(|f| draw(f, s)).expect("draw");
    t.backend().clone()
}

#[test]
fn the_second_question_is_drawn_with_its_warning() {
    let mut s = with(Status::Connecting);
    s.size = (80, 24);
    update(&mut s, key('v'), NOW);
    update(&mut s, key('y'), NOW);
    insta::assert_snapshot!("go_live_anyway_80x24", render(&s));
}

#[test]
fn the_end_question_names_the_event_and_what_attendees_see() {
    let mut s = with(Status::Live);
    update(&mut s, key('x'), NOW);
    insta::assert_snapshot!("end_question_120x40", render(&s));
}

#[test]
fn the_picker_is_drawn_with_names_statuses_and_dates() {
    let mut s = ended_with_two_recordings();
    update(&mut s, key('V'), NOW);
    insta::assert_snapshot!("recording_picker_120x40", render(&s));
}

#[test]
fn a_refusal_at_80_columns_keeps_its_reason_on_the_footer() {
    let mut s = with(Status::Preview);
    s.size = (80, 24);
    update(&mut s, key('x'), NOW);
    assert!(s.prompt.is_none());
    let backend = render(&s);
    let buf = backend.buffer();
    let footer: String = (0..buf.area.width)
        .map(|x| buf[(x, buf.area.height - 1)].symbol().to_string())
        .collect();
    assert!(
        footer.contains("End the event for attendees: nothing to end: attendees are"),
        "{footer}"
    );
}

/// Starts a poll at `at` and answers it with `views`.
fn poll(s: &mut AppState, views: Vec<crate::tui::view::EventView>, at: i64) {
    s.poll.next_at = at;
    let out = update(s, Msg::Tick, at);
    let tag = requests(&out)
        .into_iter()
        .find(|r| matches!(r.kind, IoKind::Poll { .. }))
        .expect("a poll")
        .tag;
    update(
        s,
        Msg::Io(Box::new(IoReply {
            tag,
            result: IoResult::Polled(Ok(views)),
        })),
        at,
    );
}

#[test]
fn an_open_question_follows_the_event_it_asks_about() {
    // Asked while CONNECTING (the offline-slate warning); the stream becomes playable before
    // the answer: the warning and its second question go, one y sends.
    let mut s = with(Status::Connecting);
    update(&mut s, key('v'), NOW);
    assert!(confirm(&s).preflight.warning.is_some());
    update(&mut s, key('y'), NOW);
    assert!(confirm(&s).warned);
    poll(
        &mut s,
        vec![event("0_k3xq9z1a", "Town hall", Status::Preview)],
        NOW + 5,
    );
    let p = confirm(&s);
    assert_eq!(p.state, "PREVIEW");
    assert!(p.preflight.warning.is_none(), "{:?}", p.preflight);
    assert!(!p.warned);
    assert!(!render_text(&s).contains("Warning"), "{}", render_text(&s));
    assert_eq!(requests(&update(&mut s, key('y'), NOW + 6)).len(), 1);

    // Someone else let attendees in meanwhile: the question closes and says why.
    let mut s = with(Status::Preview);
    update(&mut s, key('v'), NOW);
    poll(
        &mut s,
        vec![event("0_k3xq9z1a", "Town hall", Status::Live)],
        NOW + 5,
    );
    assert!(s.prompt.is_none());
    assert!(
        status_text(&s).contains("no longer asked"),
        "{}",
        status_text(&s)
    );
}

fn render_text(s: &AppState) -> String {
    let buffer = render(s).buffer().clone();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_question_is_tall_enough_for_its_words_on_a_narrow_terminal() {
    let mut s = board((60, 20));
    s.events[0].view = Some(event("0_k3xq9z1a", "Town hall", Status::Connecting));
    update(&mut s, key('v'), NOW);
    let warning = confirm(&s).preflight.warning.clone().unwrap();
    let last_word = warning.split_whitespace().last().unwrap().to_string();
    for answer in [None, Some('y')] {
        if let Some(c) = answer {
            update(&mut s, key(c), NOW);
        }
        let text = render_text(&s);
        assert!(text.contains(&last_word), "{last_word:?} missing:\n{text}");
        assert!(text.contains("any other key cancels"), "{text}");
    }
}
