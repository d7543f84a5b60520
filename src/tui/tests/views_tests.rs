//! The Events tab's lists (Watched, Upcoming, Live now, Past) and events leaving the board:
//! `update` transitions and TestBackend snapshots of each view at 80×24 and 120×40.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::fixtures::{NOW, board, event};
use crate::tui::action::{Effect, IoKind, IoReply, IoRequest, IoResult, Msg};
use crate::tui::draw::draw;
use crate::tui::state::{AppState, EventsView, StateConfig};
use crate::tui::update::{GONE_AFTER_SECS, Outcome, update};
use crate::tui::view::{EventView, Status, ViewPageView};
use crate::webcast::AccountView;

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn code(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
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

fn render(s: &AppState) -> TestBackend {
    let mut t = Terminal::new(TestBackend::new(s.size.0, s.size.1)).expect("test terminal");
    t.draw(|f| draw(f, s)).expect("draw");
    t.backend().clone()
}

fn text(s: &AppState) -> String {
    render(s).to_string()
}

/// An upcoming event `n` (IDs `0_up000NNN`), starting `n` hours from now.
fn upcoming(n: usize) -> EventView {
    let id = format!("0_up{n:06}");
    let mut v = event(&id, &format!("Webinar {n}"), Status::Offline);
    let start = NOW + 3600 * n as i64;
    v.watch.schedule = Some((start, start + 3600));
    v
}

fn page(rows: Vec<EventView>, total: i64, has_more: bool) -> ViewPageView {
    ViewPageView {
        rows,
        total,
        has_more,
        beyond_limit: 0,
    }
}

/// The page request `out` holds: (tag, view, page).
fn page_request(out: &Outcome) -> (u64, AccountView, u32) {
    let reqs = requests(out);
    let found: Vec<_> = reqs
        .iter()
        .filter_map(|r| match r.kind {
            IoKind::ViewPage { view, page } => Some((r.tag, view, page)),
            _ => None,
        })
        .collect();
    assert_eq!(found.len(), 1, "one page request: {reqs:?}");
    found[0]
}

/// A board showing Upcoming with its first page (50 of 120) read.
fn upcoming_read(size: (u16, u16)) -> AppState {
    let mut s = board(size);
    let out = update(&mut s, key(']'), NOW);
    let (tag, view, p) = page_request(&out);
    assert_eq!((view, p), (AccountView::Upcoming, 1));
    let rows = (1..=50).map(upcoming).collect();
    update(
        &mut s,
        io(
            tag,
            IoResult::ViewPaged {
                view,
                page: 1,
                result: Ok(page(rows, 120, true)),
            },
        ),
        NOW,
    );
    s
}

#[test]
fn views_are_read_when_first_shown_and_kept_until_refreshed() {
    let mut s = upcoming_read((80, 24));
    assert_eq!(s.view, EventsView::Account(AccountView::Upcoming));
    let list = s.account_list(AccountView::Upcoming).unwrap();
    assert_eq!(
        (list.len(), list.total, list.has_more),
        (50, Some(120), true)
    );
    // Live now, then Past, each read once.
    let out = update(&mut s, key(']'), NOW);
    assert_eq!(page_request(&out).1, AccountView::LiveNow);
    let out = update(&mut s, key(']'), NOW);
    assert_eq!(page_request(&out).1, AccountView::Past);
    // Back round to Watched, then Upcoming again: what was read is shown, nothing asked.
    let out = update(&mut s, key(']'), NOW);
    assert_eq!(s.view, EventsView::Watched);
    assert!(requests(&out).is_empty());
    let out = update(&mut s, key(']'), NOW);
    assert!(requests(&out).is_empty(), "Upcoming is cached");
    assert_eq!(s.account_list(AccountView::Upcoming).unwrap().len(), 50);
    // `[` goes back; ticks poll the board only, never a view.
    update(&mut s, key('['), NOW);
    assert_eq!(s.view, EventsView::Watched);
    update(&mut s, key(']'), NOW);
    s.poll.next_at = NOW + 1000;
    s.follow.next_at = NOW + 1000;
    let out = update(&mut s, Msg::Tick, NOW + 1);
    assert!(requests(&out).is_empty());
    // `r` reads page 1 again; its answer replaces every page.
    let out = update(&mut s, key('r'), NOW);
    let (tag, view, p) = page_request(&out);
    assert_eq!((view, p), (AccountView::Upcoming, 1));
    update(
        &mut s,
        io(
            tag,
            IoResult::ViewPaged {
                view,
                page: 1,
                result: Ok(page(vec![upcoming(7)], 1, false)),
            },
        ),
        NOW + 5,
    );
    let list = s.account_list(AccountView::Upcoming).unwrap();
    assert_eq!((list.len(), list.total), (1, Some(1)));
    assert_eq!(list.loaded_at, Some(NOW + 5));
}

#[test]
fn reaching_the_end_reads_the_next_page_and_page_keys_move_by_pages() {
    let mut s = upcoming_read((80, 24));
    for _ in 0..48 {
        let out = update(&mut s, code(KeyCode::Down), NOW);
        assert!(requests(&out).is_empty());
    }
    // Onto the last row read: the next page is asked for.
    let out = update(&mut s, code(KeyCode::Down), NOW);
    let (tag, view, p) = page_request(&out);
    assert_eq!(p, 2);
    // Down again while it is read: no second request; the highlight moves there on arrival.
    let out = update(&mut s, code(KeyCode::Down), NOW);
    assert!(requests(&out).is_empty());
    // A stale answer (another tag) is dropped.
    update(
        &mut s,
        io(
            tag + 100,
            IoResult::ViewPaged {
                view,
                page: 2,
                result: Ok(page(vec![upcoming(999)], 120, false)),
            },
        ),
        NOW,
    );
    assert_eq!(s.account_list(view).unwrap().len(), 50);
    update(
        &mut s,
        io(
            tag,
            IoResult::ViewPaged {
                view,
                page: 2,
                result: Ok(page((51..=100).map(upcoming).collect(), 120, true)),
            },
        ),
        NOW,
    );
    let list = s.account_list(view).unwrap();
    assert_eq!((list.len(), list.selected), (100, 50));
    assert_eq!(list.selected_row().unwrap().id, "0_up000051");
    // `<` back to page 1, `>` to page 2 (read already: nothing asked), `>` reads page 3.
    update(&mut s, key('<'), NOW);
    assert_eq!(s.account_list(view).unwrap().selected, 0);
    let out = update(&mut s, key('>'), NOW);
    assert!(requests(&out).is_empty());
    assert_eq!(s.account_list(view).unwrap().selected, 50);
    let out = update(&mut s, key('>'), NOW);
    let (tag, _, p) = page_request(&out);
    assert_eq!(p, 3);
    update(
        &mut s,
        io(
            tag,
            IoResult::ViewPaged {
                view,
                page: 3,
                result: Ok(page((101..=120).map(upcoming).collect(), 120, false)),
            },
        ),
        NOW,
    );
    let list = s.account_list(view).unwrap();
    assert_eq!(
        (list.len(), list.selected, list.has_more),
        (120, 100, false)
    );
    let out = update(&mut s, key('>'), NOW);
    assert!(requests(&out).is_empty());
    assert_eq!(s.status.as_ref().unwrap().text, "this is the last page");
    // G: the last row; nothing more to read.
    let out = update(&mut s, key('G'), NOW);
    assert!(requests(&out).is_empty());
    assert_eq!(s.account_list(view).unwrap().selected, 119);
}

#[test]
fn w_puts_the_highlighted_event_on_the_board_and_in_the_journal() {
    let mut s = upcoming_read((80, 24));
    update(&mut s, code(KeyCode::Down), NOW);
    let out = update(&mut s, key('w'), NOW);
    assert!(s.is_watched("0_up000002"));
    assert_eq!(s.events.last().unwrap().id, "0_up000002");
    let reqs = requests(&out);
    assert!(
        reqs.iter().any(|r| r.kind
            == IoKind::RememberWatch {
                id: "0_up000002".into(),
                name: "Webinar 2".into(),
                schedule: Some((NOW + 7200, NOW + 10_800)),
            }),
        "{reqs:?}"
    );
    assert!(
        reqs.iter().any(
            |r| matches!(&r.kind, IoKind::Poll { ids } if ids.contains(&"0_up000002".to_string()))
        ),
        "polled at once: {reqs:?}"
    );
    assert!(
        s.status
            .as_ref()
            .unwrap()
            .text
            .starts_with("watching Webinar 2 (0_up000002)")
    );
    assert_eq!(
        s.log.back().unwrap().text,
        "Webinar 2 (0_up000002) watched by you"
    );
    // The Board column says so; `w` again changes nothing.
    assert!(text(&s).contains("✓"));
    let out = update(&mut s, key('w'), NOW);
    assert!(requests(&out).is_empty());
    assert_eq!(
        s.status.as_ref().unwrap().text,
        "Webinar 2 (0_up000002) is on the board already"
    );
    // A journal write that fails is said.
    update(
        &mut s,
        io(99, IoResult::Journaled(Err("disk full".into()))),
        NOW,
    );
    assert_eq!(s.errors.last().unwrap().text, "disk full");
}

#[test]
fn board_keys_are_refused_in_an_account_view() {
    let mut s = upcoming_read((80, 24));
    for c in ['v', 'x', 'R', 'V', 'd', 'e', 'D', 'F', 'b'] {
        let out = update(&mut s, key(c), NOW);
        assert!(requests(&out).is_empty(), "{c}");
        assert!(s.prompt.is_none(), "{c}");
        assert!(
            s.status
                .as_ref()
                .unwrap()
                .text
                .starts_with("that acts on the board's events"),
            "{c}"
        );
    }
    assert_eq!(s.events.len(), 3, "d did not unwatch the board's event");
}

#[test]
fn a_view_that_cannot_be_read_says_why() {
    let mut s = board((80, 24));
    update(&mut s, key(']'), NOW);
    let out = update(&mut s, key(']'), NOW);
    let (tag, view, _) = page_request(&out);
    update(
        &mut s,
        io(
            tag,
            IoResult::ViewPaged {
                view,
                page: 1,
                result: Err("liveStream.list: timed out".into()),
            },
        ),
        NOW,
    );
    assert_eq!(
        s.errors.last().unwrap().text,
        "Live now: liveStream.list: timed out"
    );
    let screen = text(&s);
    assert!(screen.contains("Live now could not be read"), "{screen}");
    let out = update(&mut s, key('r'), NOW);
    assert_eq!(page_request(&out).2, 1, "r tries again");
}

#[test]
fn an_event_deleted_on_the_account_leaves_the_board_with_a_note() {
    let mut s = board((80, 24));
    s.selected = 1;
    let gone = |at: i64| {
        let mut v = event("0_p8w2m4td", "(no name)", Status::Error);
        v.missing = true;
        v.polled_at = at;
        v
    };
    let poll = |s: &mut AppState, at: i64, views: Vec<EventView>| {
        s.poll.next_at = at;
        let out = update(s, Msg::Tick, at);
        let tag = requests(&out)
            .iter()
            .find(|r| matches!(r.kind, IoKind::Poll { .. }))
            .map(|r| r.tag)
            .expect("a poll");
        update(s, io(tag, IoResult::Polled(Ok(views))), at)
    };
    // First seen missing: still on the board, in ERROR, under the name it had.
    poll(&mut s, NOW, vec![gone(NOW)]);
    let row = s.events[1].view.as_ref().unwrap();
    assert_eq!(
        (row.status, row.name.as_str()),
        (Status::Error, "Product launch")
    );
    assert_eq!(s.missing_since.get("0_p8w2m4td"), Some(&NOW));
    // Still missing, but not for long enough: stays.
    poll(&mut s, NOW + GONE_AFTER_SECS - 1, vec![gone(NOW)]);
    assert!(s.is_watched("0_p8w2m4td"));
    // Read fine again: forgiven.
    poll(
        &mut s,
        NOW + GONE_AFTER_SECS,
        vec![event("0_p8w2m4td", "Product launch", Status::Offline)],
    );
    assert!(s.missing_since.is_empty());
    // Missing twice, far enough apart: it leaves, once, with a note and a journal record.
    poll(&mut s, NOW + 100, vec![gone(NOW)]);
    let out = poll(&mut s, NOW + 100 + GONE_AFTER_SECS, vec![gone(NOW)]);
    assert!(!s.is_watched("0_p8w2m4td"));
    let note = "removed from the board: Product launch (0_p8w2m4td) was deleted on the \
                account (Kaltura: ENTRY_ID_NOT_FOUND)";
    assert_eq!(s.log.back().unwrap().text, note);
    assert_eq!(s.status.as_ref().unwrap().text, note);
    assert!(requests(&out).iter().any(|r| r.kind
        == IoKind::RecordGone {
            id: "0_p8w2m4td".into()
        }));
    assert_eq!(s.events.len(), 2);
    assert_eq!(s.selected, 1, "the selection stays on a row");
    assert!(s.missing_since.is_empty());
    let lines = s.log.iter().filter(|l| l.text == note).count();
    assert_eq!(lines, 1);
}

#[test]
fn notes_from_before_the_board_opened_are_in_the_log_and_the_status_line() {
    let note = "Town hall (0_old00001) was made on a built-in sandbox that has since been reset; \
                removed from the board";
    let s = AppState::new(
        StateConfig {
            log: vec![note.into()],
            ..super::fixtures::config(true, &[])
        },
        NOW,
        jiff::tz::TimeZone::UTC,
        (80, 24),
    );
    assert_eq!(s.log.back().unwrap().text, note);
    assert_eq!(s.status.as_ref().unwrap().text, note);
}

/// Each view with rows, at both sizes.
fn view_states(size: (u16, u16)) -> Vec<(&'static str, AppState)> {
    let mut up = upcoming_read(size);
    // One of them on the board already, one in its slot now.
    up.events.push(crate::tui::state::Watched {
        id: "0_up000002".into(),
        view: Some(upcoming(2)),
    });
    if let Some(list) = up.account_views.get_mut(&AccountView::Upcoming) {
        list.pages[0][0].watch.schedule = Some((NOW - 300, NOW + 3300));
    }
    let mut live = board(size);
    update(&mut live, key(']'), NOW);
    let out = update(&mut live, key(']'), NOW);
    let (tag, view, _) = page_request(&out);
    let mut on_air = event("0_live0001", "All hands", Status::Live);
    on_air.watch.schedule = Some((NOW - 600, NOW + 3000));
    let mut preview = event("0_live0002", "Board rehearsal", Status::Preview);
    preview.watch.schedule = None;
    update(
        &mut live,
        io(
            tag,
            IoResult::ViewPaged {
                view,
                page: 1,
                result: Ok(page(vec![on_air, preview], 2, false)),
            },
        ),
        NOW,
    );
    let mut past = board(size);
    for _ in 0..3 {
        update(&mut past, key(']'), NOW);
    }
    let tag = past
        .account_list(AccountView::Past)
        .unwrap()
        .pending
        .unwrap()
        .0;
    let mut ended = event("0_zz19ab7c", "Training day 3", Status::RecordingReady);
    ended.watch.schedule = Some((NOW - 90_000, NOW - 86_400));
    let mut early = event("0_past0002", "Kick-off", Status::Ended);
    early.watch.schedule = Some((NOW - 200_000, NOW - 196_400));
    update(
        &mut past,
        io(
            tag,
            IoResult::ViewPaged {
                view: AccountView::Past,
                page: 1,
                result: Ok(ViewPageView {
                    rows: vec![ended, early],
                    total: 10_240,
                    has_more: true,
                    beyond_limit: 240,
                }),
            },
        ),
        NOW,
    );
    let mut reading = board(size);
    update(&mut reading, key(']'), NOW);
    vec![
        ("view_upcoming", up),
        ("view_live_now", live),
        ("view_past", past),
        ("view_reading", reading),
    ]
}

#[test]
fn each_view_renders_at_80x24_and_120x40() {
    for size in [(80, 24), (120, 40)] {
        for (name, s) in view_states(size) {
            insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), render(&s));
        }
    }
}
