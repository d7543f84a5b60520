//! The board follows the journal: what another kwebcast adds joins with one log line and is
//! polled at once, what it forgets or deletes leaves with a note, the selection stays on its
//! event, and answers about rows the board already has (or no longer has) change nothing.

use super::fixtures::{NOW, board};
use crate::tui::action::{Effect, IoKind, IoReply, IoRequest, IoResult, Msg};
use crate::tui::state::AppState;
use crate::tui::update::{Outcome, update};
use crate::webcast::RemovalKind;
use crate::webcast::journal::follow::{BoardChange, Joined, Left};

fn requests(out: &Outcome) -> Vec<IoRequest> {
    out.effects
        .iter()
        .filter_map(|e| match e {
            Effect::Io(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

fn follow_tag(out: &Outcome) -> Option<u64> {
    requests(out)
        .into_iter()
        .find(|r| r.kind == IoKind::FollowJournal)
        .map(|r| r.tag)
}

fn answer(s: &mut AppState, tag: u64, result: Result<Option<BoardChange>, String>) -> Outcome {
    update(
        s,
        Msg::Io(Box::new(IoReply {
            tag,
            result: IoResult::JournalFollowed(result),
        })),
        NOW,
    )
}

/// Ticks once and returns the tag of the journal check it sent.
fn check(s: &mut AppState) -> u64 {
    let out = update(s, Msg::Tick, NOW);
    follow_tag(&out).expect("a journal check is due")
}

fn joined(id: &str, name: &str) -> BoardChange {
    BoardChange {
        joined: vec![Joined {
            id: id.into(),
            name: name.into(),
            created: true,
        }],
        left: Vec::new(),
    }
}

fn left(id: &str, kind: Option<RemovalKind>) -> BoardChange {
    BoardChange {
        joined: Vec::new(),
        left: vec![Left {
            id: id.into(),
            kind,
        }],
    }
}

fn ids(s: &AppState) -> Vec<&str> {
    s.events.iter().map(|w| w.id.as_str()).collect()
}

fn log_lines(s: &AppState) -> Vec<&str> {
    s.log.iter().map(|l| l.text.as_str()).collect()
}

#[test]
fn the_journal_is_checked_once_per_interval_and_not_while_paused() {
    let mut s = board((100, 30));
    let tag = check(&mut s);
    // In flight: no second check.
    assert_eq!(follow_tag(&update(&mut s, Msg::Tick, NOW)), None);
    // Unchanged: nothing to draw, nothing logged.
    let logged = s.log.len();
    let out = answer(&mut s, tag, Ok(None));
    assert!(!out.redraw && out.effects.is_empty());
    assert_eq!(s.log.len(), logged);
    // The next check waits for the poll interval.
    assert_eq!(follow_tag(&update(&mut s, Msg::Tick, NOW + 1)), None);
    let next = NOW + s.poll.interval;
    assert!(follow_tag(&update(&mut s, Msg::Tick, next)).is_some());
    // Paused with polling.
    let mut s = board((100, 30));
    update(
        &mut s,
        Msg::Key(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Char('p'),
        )),
        NOW,
    );
    assert!(s.poll.paused);
    assert_eq!(follow_tag(&update(&mut s, Msg::Tick, NOW)), None);
}

#[test]
fn an_event_created_elsewhere_joins_once_is_polled_and_keeps_the_selection() {
    let mut s = board((100, 30));
    s.selected = 1;
    let tag = check(&mut s);
    let out = answer(&mut s, tag, Ok(Some(joined("0_new00001", "Board meeting"))));
    assert_eq!(
        ids(&s),
        ["0_k3xq9z1a", "0_p8w2m4td", "0_zz19ab7c", "0_new00001"]
    );
    assert_eq!(s.selected, 1, "the selected event stays selected");
    assert_eq!(
        log_lines(&s).last().copied(),
        Some("Board meeting (0_new00001) created in another kwebcast: now on the board")
    );
    assert!(out.redraw);
    let polls: Vec<_> = requests(&out)
        .into_iter()
        .filter_map(|r| match r.kind {
            IoKind::Poll { ids } => Some(ids),
            _ => None,
        })
        .collect();
    assert_eq!(polls.len(), 1, "polled at once");
    assert!(polls[0].contains(&"0_new00001".to_string()));

    // The same event reported again (or one the board made itself): no row, no line.
    let lines = s.log.len();
    s.follow.next_at = NOW;
    let tag = check(&mut s);
    let out = answer(&mut s, tag, Ok(Some(joined("0_new00001", "Board meeting"))));
    assert_eq!(s.events.len(), 4);
    assert_eq!(s.log.len(), lines);
    assert!(!out.redraw);
}

#[test]
fn an_event_watched_elsewhere_is_said_so_and_a_nameless_one_is_named_by_its_id() {
    let mut s = board((100, 30));
    let tag = check(&mut s);
    let mut change = joined("0_new00002", "");
    change.joined[0].created = false;
    answer(&mut s, tag, Ok(Some(change)));
    assert_eq!(
        log_lines(&s).last().copied(),
        Some("an event (0_new00002) watched in another kwebcast: now on the board")
    );
}

#[test]
fn an_event_forgotten_elsewhere_leaves_with_a_note_and_the_selection_stays() {
    let mut s = board((100, 30));
    s.selected = 2; // Training day 3
    s.missing_since.insert("0_k3xq9z1a".into(), NOW - 5);
    let tag = check(&mut s);
    let out = answer(
        &mut s,
        tag,
        Ok(Some(left("0_k3xq9z1a", Some(RemovalKind::Forgotten)))),
    );
    assert!(out.redraw);
    assert_eq!(ids(&s), ["0_p8w2m4td", "0_zz19ab7c"]);
    assert_eq!(
        s.events[s.selected].id, "0_zz19ab7c",
        "still Training day 3"
    );
    assert_eq!(
        log_lines(&s).last().copied(),
        Some(
            "removed from the board: Town hall (0_k3xq9z1a) forgotten by another kwebcast \
             (Kaltura untouched)"
        )
    );
    assert!(!s.links.contains_key("0_k3xq9z1a"));
    assert!(!s.studio.contains_key("0_k3xq9z1a"));
    assert!(!s.missing_since.contains_key("0_k3xq9z1a"));
    // Not asked of the journal again: another kwebcast already wrote it.
    assert!(
        !requests(&out)
            .iter()
            .any(|r| matches!(r.kind, IoKind::RecordGone { .. }))
    );

    // Already off the board (the operator pressed `u`, or forgot it here): nothing.
    let lines = s.log.len();
    s.follow.next_at = NOW;
    let tag = check(&mut s);
    answer(
        &mut s,
        tag,
        Ok(Some(left("0_k3xq9z1a", Some(RemovalKind::Deleted)))),
    );
    assert_eq!(s.log.len(), lines);
    assert_eq!(s.events.len(), 2);
}

#[test]
fn each_removal_kind_is_worded() {
    for (kind, words) in [
        (Some(RemovalKind::Deleted), "deleted by another kwebcast"),
        (
            Some(RemovalKind::Vanished),
            "gone from the account, as another kwebcast saw",
        ),
        (Some(RemovalKind::SandboxReset), "gone with a sandbox reset"),
        (None, "no longer in the journal"),
    ] {
        let mut s = board((100, 30));
        let tag = check(&mut s);
        answer(&mut s, tag, Ok(Some(left("0_p8w2m4td", kind))));
        assert_eq!(
            log_lines(&s).last().copied(),
            Some(format!("removed from the board: Product launch (0_p8w2m4td) {words}").as_str())
        );
        assert_eq!(s.selected, 0);
    }
}

#[test]
fn the_selected_event_leaving_selects_its_neighbour_at_the_top_of_its_details() {
    let mut s = board((100, 30));
    s.selected = 2;
    s.detail_scroll = 4;
    s.reveal_key = true;
    let tag = check(&mut s);
    answer(
        &mut s,
        tag,
        Ok(Some(left("0_zz19ab7c", Some(RemovalKind::Deleted)))),
    );
    assert_eq!(s.selected, 1);
    assert_eq!(s.detail_scroll, 0);
    assert!(!s.reveal_key);
}

#[test]
fn an_unreadable_journal_is_one_counted_error_and_a_stale_answer_is_dropped() {
    let mut s = board((100, 30));
    let tag = check(&mut s);
    answer(
        &mut s,
        tag,
        Err("journal /x/events.jsonl: Permission denied".into()),
    );
    s.follow.next_at = NOW;
    let tag2 = check(&mut s);
    answer(
        &mut s,
        tag2,
        Err("journal /x/events.jsonl: Permission denied".into()),
    );
    let errors: Vec<_> = s
        .errors
        .iter()
        .filter(|e| e.text.starts_with("following the journal"))
        .collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].count, 2);
    // An answer to a check no longer wanted changes nothing.
    let out = answer(&mut s, tag, Ok(Some(joined("0_new00003", "Late"))));
    assert_eq!(s.events.len(), 3);
    assert!(!out.redraw);
}
