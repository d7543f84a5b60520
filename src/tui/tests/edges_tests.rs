//! The rough edges a newcomer met in the first hour (issue 12, "Dashboard"): each test fails on
//! the board as it was. `update` tests drive messages; render tests draw with TestBackend, with
//! insta snapshots at 80×24 and 120×40 where a screen is the point.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::fixtures::{self, NOW, board, event, links, state};
use crate::tui::action::{Effect, IoKind, IoReply, IoRequest, IoResult, Msg};
use crate::tui::draw::draw;
use crate::tui::state::{AppState, Tab};
use crate::tui::tabs::events::{Column, columns};
use crate::tui::update::{Outcome, update};
use crate::tui::view::{CreatedView, EventView, Status};

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

fn requests(out: &Outcome) -> Vec<IoRequest> {
    out.effects
        .iter()
        .filter_map(|e| match e {
            Effect::Io(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

fn create_request(out: &Outcome) -> Option<IoRequest> {
    requests(out)
        .into_iter()
        .find(|r| matches!(r.kind, IoKind::Create(_)))
}

fn type_text(s: &mut AppState, text: &str) {
    for c in text.chars() {
        update(s, key(c), NOW);
    }
}

fn render(s: &AppState) -> TestBackend {
    let mut t = Terminal::new(TestBackend::new(s.size.0, s.size.1)).expect("test terminal");
    t.draw(|f| draw(f, s)).expect("draw");
    t.backend().clone()
}

fn screen(s: &AppState) -> String {
    let backend = render(s);
    let buf = backend.buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn both(f: impl Fn((u16, u16)) -> AppState, name: &str) {
    for size in [(80, 24), (120, 40)] {
        let s = f(size);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), render(&s));
    }
}

fn created(id: &str, name: &str) -> CreatedView {
    CreatedView {
        id: id.into(),
        name: name.into(),
        links: links(id, id),
        studio: Some(fixtures::studio()),
        notes: Vec::new(),
    }
}

fn polled(s: &mut AppState, views: Vec<EventView>, now: i64) {
    s.poll.in_flight = None;
    s.poll.next_at = now;
    let tag = requests(&update(s, Msg::Tick, now))
        .into_iter()
        .find(|r| matches!(r.kind, IoKind::Poll { .. }))
        .expect("a poll")
        .tag;
    update(s, io(tag, IoResult::Polled(Ok(views))), now);
}

// ---- Create: no silent second event ----

#[test]
fn a_success_clears_the_form_and_the_same_name_again_is_asked_about() {
    let mut s = state(true, (80, 24));
    update(&mut s, key('2'), NOW);
    s.form.focus = 4;
    update(&mut s, ctrl('u'), NOW);
    type_text(&mut s, "Europe/Paris");
    s.form.focus = 0;
    type_text(&mut s, "Town hall");
    let req = create_request(&update(&mut s, ctrl('s'), NOW)).expect("a create");
    update(
        &mut s,
        io(
            req.tag,
            IoResult::Created(Ok(created("0_k3xq9z1a", "Town hall"))),
        ),
        NOW + 1,
    );
    // Cleared for the next event, in the zone the operator chose; the result stays.
    assert_eq!(s.form.fields[0].input.value(), "");
    assert_eq!(s.form.fields[4].input.value(), "Europe/Paris");
    assert_eq!(s.form.focus, 0);
    assert!(s.form.created.is_some());

    // The same name again (any case): asked, nothing sent.
    type_text(&mut s, "town hall");
    let out = update(&mut s, ctrl('s'), NOW + 2);
    assert!(create_request(&out).is_none(), "{out:?}");
    let q = s.form.confirm.as_ref().expect("the y/N question");
    assert_eq!(q.existing, ("Town hall".into(), "0_k3xq9z1a".into()));
    let text = screen(&s);
    assert!(
        text.contains("Create another one named \"town hall\"? y/N"),
        "{text}"
    );
    // No (any key but y): back to the form, nothing sent, nothing typed.
    let out = update(&mut s, key('n'), NOW + 2);
    assert!(create_request(&out).is_none());
    assert!(s.form.confirm.is_none());
    assert_eq!(s.form.fields[0].input.value(), "town hall");
    // Yes: sent.
    update(&mut s, ctrl('s'), NOW + 3);
    let out = update(&mut s, key('y'), NOW + 3);
    let IoKind::Create(ev) = create_request(&out).expect("created after y").kind else {
        unreachable!()
    };
    assert_eq!(ev.name, "town hall");
}

#[test]
fn a_name_already_polled_on_the_board_is_asked_about_too() {
    let mut s = board((120, 40));
    update(&mut s, key('2'), NOW);
    type_text(&mut s, "Product launch ");
    assert!(create_request(&update(&mut s, ctrl('s'), NOW)).is_none());
    assert_eq!(
        s.form.confirm.as_ref().map(|q| q.existing.1.as_str()),
        Some("0_p8w2m4td")
    );
    // Another name is sent at once.
    update(&mut s, code(KeyCode::Esc), NOW);
    type_text(&mut s, "2");
    assert!(create_request(&update(&mut s, ctrl('s'), NOW)).is_some());
}

#[test]
fn edits_made_while_a_create_runs_are_kept_and_ctrl_r_keeps_the_create() {
    let mut s = state(true, (80, 24));
    update(&mut s, key('2'), NOW);
    type_text(&mut s, "Town hall");
    let req = create_request(&update(&mut s, ctrl('s'), NOW)).expect("a create");
    type_text(&mut s, " 2");
    update(
        &mut s,
        io(
            req.tag,
            IoResult::Created(Ok(created("0_k3xq9z1a", "Town hall"))),
        ),
        NOW + 1,
    );
    assert_eq!(s.form.fields[0].input.value(), "Town hall 2");

    // Ctrl-R while a create is in flight: its answer still lands.
    let req = create_request(&update(&mut s, ctrl('s'), NOW + 2)).expect("a create");
    update(&mut s, ctrl('r'), NOW + 2);
    assert_eq!(s.form.fields[0].input.value(), "");
    assert_eq!(s.form.pending, Some(req.tag));
    update(
        &mut s,
        io(
            req.tag,
            IoResult::Created(Ok(created("0_p8w2m4td", "Town hall 2"))),
        ),
        NOW + 3,
    );
    assert_eq!(
        s.form.created.as_ref().map(|c| c.id.as_str()),
        Some("0_p8w2m4td")
    );
    assert!(s.events.iter().any(|w| w.id == "0_p8w2m4td"));
}

#[test]
fn same_name_question_screen() {
    both(
        |size| {
            let mut s = board(size);
            update(&mut s, key('2'), NOW);
            type_text(&mut s, "Town hall");
            update(&mut s, ctrl('s'), NOW);
            assert!(s.form.confirm.is_some());
            s
        },
        "edges_same_name",
    );
}

// ---- Selection, small terminals, the footer ----

#[test]
fn a_new_selection_from_search_or_create_starts_its_details_at_the_top() {
    let mut s = board((80, 18));
    update(&mut s, code(KeyCode::PageDown), NOW);
    assert!(s.detail_scroll > 0);
    // Watching a search result selects it.
    update(&mut s, key('/'), NOW);
    type_text(&mut s, "x");
    let tag = requests(&update(&mut s, code(KeyCode::Enter), NOW))[0].tag;
    update(
        &mut s,
        io(
            tag,
            IoResult::Searched(Ok(vec![event("0_new00001", "New", Status::Offline)])),
        ),
        NOW,
    );
    update(&mut s, code(KeyCode::Enter), NOW);
    assert_eq!(s.selected, 3);
    assert_eq!(s.detail_scroll, 0);
    // A create selects the new event.
    update(&mut s, code(KeyCode::PageDown), NOW);
    assert!(s.detail_scroll > 0);
    update(&mut s, key('2'), NOW);
    type_text(&mut s, "Fresh");
    let req = create_request(&update(&mut s, ctrl('s'), NOW)).expect("a create");
    update(
        &mut s,
        io(
            req.tag,
            IoResult::Created(Ok(created("0_fresh001", "Fresh"))),
        ),
        NOW,
    );
    assert_eq!(s.selected, 4);
    assert_eq!(s.detail_scroll, 0);
}

#[test]
fn only_quit_acts_while_the_terminal_is_too_small() {
    let mut s = board((50, 10));
    s.tab = Tab::Create;
    type_text(&mut s, "x3");
    update(&mut s, ctrl('s'), NOW);
    update(&mut s, Msg::Paste("pasted".into()), NOW);
    assert_eq!(s.form.fields[0].input.value(), "", "nothing typed unseen");
    assert_eq!(s.tab, Tab::Create);
    assert!(s.form.pending.is_none());
    assert!(screen(&s).contains("4 keys ignored"), "{}", screen(&s));
    update(&mut s, Msg::Resize(80, 24), NOW);
    assert_eq!(s.ignored_keys, 0, "counted again from the next time");
    update(&mut s, key('x'), NOW);
    assert_eq!(s.form.fields[0].input.value(), "x", "keys act again");
    update(&mut s, Msg::Resize(50, 10), NOW);
    assert!(screen(&s).contains("press q to quit"));
    update(&mut s, key('q'), NOW);
    assert!(s.quit);
}

#[test]
fn the_footer_says_resume_while_paused() {
    let mut s = board((120, 40));
    assert!(
        screen(&s)
            .lines()
            .last()
            .unwrap_or_default()
            .contains("p pause")
    );
    update(&mut s, key('p'), NOW);
    s.status = None;
    let footer = screen(&s).lines().last().unwrap_or_default().to_string();
    assert!(footer.contains("p resume"), "{footer}");
    assert!(!footer.contains("p pause"), "{footer}");
}

// ---- Text cut mid-word ----

#[test]
fn a_copy_message_fits_an_80_column_footer_whole() {
    use crate::webcast::clipboard::{CopyOutcome, CopyPath};
    let mut s = board((80, 24));
    s.tab = Tab::Links;
    for (path, trusted) in [(CopyPath::Osc52, false), (CopyPath::System, false)] {
        let outcome = CopyOutcome {
            path,
            trusted,
            note: String::new(),
        };
        let words = crate::tui::copy::status("moderator link", &outcome);
        s.set_status(words.clone());
        let footer = screen(&s).lines().last().unwrap_or_default().to_string();
        assert!(footer.contains(&words), "{footer}");
    }
    // A status too long for the line loses whole words, with an ellipsis.
    s.set_status(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen",
    );
    let footer = screen(&s).lines().last().unwrap_or_default().to_string();
    assert!(footer.contains("thirteen…"), "{footer}");
}

#[test]
fn copying_the_moderator_link_says_how_first_at_80_columns() {
    use crate::tui::action::SystemCopy;
    use crate::webcast::clipboard::{CopyOutcome, CopyPath};
    let mut s = board((80, 24));
    update(&mut s, key('3'), NOW);
    update(&mut s, key('t'), NOW);
    let out = update(&mut s, key('c'), NOW);
    let [Effect::Copy { what, .. }] = &out.effects[..] else {
        panic!("one copy: {:?}", out.effects);
    };
    // The moderator link's reach and expiry ride along: long enough to lose words.
    assert!(what.contains("reach: "), "{what}");
    for (path, trusted, how) in [
        (
            CopyPath::Osc52,
            false,
            "copied via OSC 52 (unconfirmed: paste to check): the moderator link",
        ),
        (
            CopyPath::System,
            false,
            "copied to this host's clipboard (over SSH: not yours): the moderator link",
        ),
    ] {
        let outcome = CopyOutcome {
            path,
            trusted,
            note: String::new(),
        };
        let done = SystemCopy {
            text: "https://x/".into(),
            what: what.clone(),
            fallback_to_osc52: false,
            result: Ok(outcome),
        };
        update(&mut s, Msg::SystemCopied(Box::new(done)), NOW);
        let footer = screen(&s).lines().last().unwrap_or_default().to_string();
        assert!(footer.contains(how), "{footer}");
    }
}

#[test]
fn form_errors_show_whole_at_80_columns() {
    let mut s = state(true, (80, 24));
    s.tab = Tab::Create;
    s.form.attempted = true;
    s.form.fields[3].input = "0".into();
    s.form.validate(NOW);
    let text = screen(&s);
    assert!(text.contains("✖ 1 to 1440 (whole minutes)"), "{text}");
    assert!(text.contains("✖ a name is required"), "{text}");
}

#[test]
fn a_start_in_a_dst_gap_is_named_as_such_in_the_form() {
    let mut s = state(true, (120, 40));
    s.form.fields[4].input = "Europe/Paris".into();
    s.form.fields[2].input = "2026-03-29 02:30".into();
    assert!(s.form.validate(1_774_000_000).is_none());
    assert_eq!(
        s.form.fields[2].error.as_deref(),
        Some(
            "2026-03-29 02:30 does not exist in Europe/Paris (clocks jump forward from 02:00 to \
             03:00); pick a time outside the jump"
        )
    );
}

#[test]
fn the_create_result_keeps_every_line_on_screen() {
    both(
        |size| {
            let mut s = board(size);
            update(&mut s, key('2'), NOW);
            type_text(&mut s, "Board meeting");
            let req = create_request(&update(&mut s, ctrl('s'), NOW)).expect("a create");
            let mut c = created("0_b0ard001", "Board meeting");
            c.notes = vec!["metadata (KMS_EVENTS3) did not complete: timed out (run `kwebcast finish 0_b0ard001`)".into()];
            update(&mut s, io(req.tag, IoResult::Created(Ok(c))), NOW + 1);
            s
        },
        "edges_create_result",
    );
    let mut s = board((80, 24));
    update(&mut s, key('2'), NOW);
    type_text(&mut s, "Board meeting");
    let req = create_request(&update(&mut s, ctrl('s'), NOW)).expect("a create");
    update(
        &mut s,
        io(
            req.tag,
            IoResult::Created(Ok(created("0_b0ard001", "Board meeting"))),
        ),
        NOW + 1,
    );
    let text = screen(&s);
    assert!(
        text.contains("Moderator: https://www.kaltura.com/"),
        "{text}"
    );
    assert!(text.contains("3: both links whole"), "{text}");
}

// ---- Scrolling: hints and clamps ----

#[test]
fn studio_details_scroll_with_a_hint() {
    // As the Studio's launch parameters really are: two dozen, and a launch URL of ~1000
    // characters.
    let real_studio = |s: &mut AppState| {
        let mut studio = fixtures::studio();
        for (k, v) in [
            ("uiConfID", "10005"),
            ("eventsMetadataProfileId", "10004"),
            ("kwebcastMetadataProfileId", "10003"),
            ("appName", "kwebcast"),
            ("instanceProfile", "kwebcast"),
            ("toDate", "2026-11-25T14:10:00+00:00"),
            ("userId", "kwebcast-moderator"),
            ("userRole", "adminRole"),
            ("QnAEnabled", "true"),
            ("pollsEnabled", "true"),
            ("selfServeEnabled", "true"),
            ("verifySSL", "true"),
            ("playerUIConf", "10006"),
            ("presentationConversionProfileId", "10002"),
            ("referer", "localhost"),
            ("appHostUrl", "localhost"),
        ] {
            studio.params.push((k.into(), v.into()));
        }
        studio.launch_url = format!("KalturaWebcast:{}END", "a3M9ZGpKOE1UQXdNSHpR".repeat(50));
        s.studio.insert("0_k3xq9z1a".into(), studio);
    };
    both(
        |size| {
            let mut s = board(size);
            real_studio(&mut s);
            s.tab = Tab::Studio;
            s
        },
        "edges_studio_top",
    );
    let mut s = board((80, 24));
    real_studio(&mut s);
    update(&mut s, key('4'), NOW);
    assert!(screen(&s).contains("more below ↓ PgDn"));
    for _ in 0..50 {
        update(&mut s, code(KeyCode::PageDown), NOW);
    }
    let max = crate::tui::tabs::studio::max_scroll(&s);
    assert!(max > 0);
    assert_eq!(s.studio_scroll, max, "stops at the last line");
    let text = screen(&s);
    assert!(text.contains("back up ↑ PgUp"), "{text}");
    assert!(!text.contains("more below"), "{text}");
    // The launch URL's last characters are on screen.
    assert!(text.contains("END"), "{text}");
    update(&mut s, key('j'), NOW);
    assert_eq!(s.studio_scroll, 0, "another event starts at the top");
}

#[test]
fn the_detail_pane_says_there_is_more_and_stops_at_its_end() {
    let mut s = board((80, 18));
    let text = screen(&s);
    assert!(text.contains("more below ↓ PgDn"), "{text}");
    for _ in 0..60 {
        update(&mut s, key('J'), NOW);
    }
    let max = crate::tui::tabs::events::max_detail_scroll(&s);
    assert!(max > 0);
    assert_eq!(s.detail_scroll, max);
    let text = screen(&s);
    // The last detail line (the SRT passphrase) is on the pane's last row.
    assert!(text.contains("SRT passphrase"), "{text}");
    update(&mut s, key('U'), NOW);
    assert_eq!(s.detail_scroll, max - 5);
}

#[test]
fn help_stops_scrolling_at_its_last_line() {
    let mut s = board((80, 24));
    update(&mut s, key('?'), NOW);
    for _ in 0..200 {
        update(&mut s, key('j'), NOW);
    }
    let max = crate::tui::tabs::help::max_scroll(&s);
    assert!(max > 0);
    assert_eq!(s.help_scroll, max);
    let text = screen(&s);
    let rows: Vec<&str> = text.lines().collect();
    // The row above the bottom border holds the last help line, not a blank.
    assert!(rows[rows.len() - 3].contains("States:"), "{text}");
    update(&mut s, key('k'), NOW);
    assert_eq!(s.help_scroll, max - 1, "one step up is one line up");
    // A taller terminal needs less scrolling: the offset follows.
    update(&mut s, Msg::Resize(120, 60), NOW);
    assert_eq!(s.help_scroll, crate::tui::tabs::help::max_scroll(&s));
}

// ---- The events table at every width ----

#[test]
fn narrow_tables_drop_the_least_useful_columns_first() {
    let all = vec![
        Column::Marker,
        Column::Name,
        Column::Id,
        Column::State,
        Column::Since,
        Column::Audience,
        Column::Polled,
    ];
    // Viewers and Ingest (the audience's side) come first to go.
    let mut every = all.clone();
    every.splice(4..4, [Column::Viewers, Column::Ingest]);
    assert_eq!(columns(118, true, false), every);
    assert_eq!(columns(98, false, false), every);
    let mut no_ingest = every.clone();
    no_ingest.retain(|c| *c != Column::Ingest);
    assert_eq!(columns(88, false, false), no_ingest);
    assert_eq!(columns(78, false, false), all);
    assert_eq!(
        columns(58, false, false),
        vec![Column::Marker, Column::Name, Column::Id, Column::State]
    );
    assert_eq!(
        columns(20, false, false),
        vec![Column::Marker, Column::Name, Column::State]
    );
    for width in [60u16, 80, 100, 120] {
        let mut s = board((width, 24));
        s.selected = 2;
        let text = screen(&s);
        assert!(text.contains("Training day 3"), "{width}: {text}");
        assert!(text.contains("▶ RECORDING READY"), "{width}: {text}");
        assert!(text.contains("Product launch"), "{width}: {text}");
    }
    insta::assert_snapshot!("edges_events_60x16", render(&board((60, 16))));
}

// ---- The event log and "since" ----

#[test]
fn an_event_that_ends_is_logged_as_ended_not_dropped() {
    let mut s = board((120, 40));
    polled(
        &mut s,
        vec![event("0_k3xq9z1a", "Town hall", Status::Ended)],
        NOW + 3,
    );
    let line = s.log.back().map(|l| l.text.clone()).unwrap_or_default();
    assert_eq!(
        line,
        "Town hall (0_k3xq9z1a) ended: the broadcast stopped (ENDED)"
    );
    assert!(!s.log.iter().any(|l| l.text.contains("dropped")));
}

#[test]
fn recording_ready_since_stays_where_it_was_first_seen() {
    let mut s = board((120, 40));
    let first = s.events[2].view.as_ref().and_then(|v| v.since);
    // The recording was archived (renamed): its updatedAt moved, the state did not.
    let mut later = event("0_zz19ab7c", "Training day 3", Status::RecordingReady);
    later.since = Some(NOW + 1);
    polled(&mut s, vec![later], NOW + 5);
    assert_eq!(s.events[2].view.as_ref().and_then(|v| v.since), first);
    // A new state takes the new time.
    let mut live = event("0_zz19ab7c", "Training day 3", Status::Live);
    live.since = Some(NOW + 9);
    polled(&mut s, vec![live], NOW + 10);
    assert_eq!(
        s.events[2].view.as_ref().and_then(|v| v.since),
        Some(NOW + 9)
    );
}

// ---- E shows events in ERROR ----

#[test]
fn the_error_view_lists_events_in_error() {
    both(
        |size| {
            let mut s = board(size);
            if let Some(v) = s.events[1].view.as_mut() {
                v.status = Status::Error;
                v.detail.facts.push((
                    crate::tui::view::PROBLEM_FACT.into(),
                    "entry 0_p8w2m4td was not found on partner 1000 (deleted, or not a live \
                     entry of this account)"
                        .into(),
                ));
            }
            update(&mut s, key('E'), NOW);
            s
        },
        "edges_errors_events",
    );
    let mut s = board((80, 24));
    if let Some(v) = s.events[1].view.as_mut() {
        v.status = Status::Error;
    }
    update(&mut s, key('E'), NOW);
    let text = screen(&s);
    assert!(text.contains("Events in ERROR (1):"), "{text}");
    assert!(!text.contains("no errors so far"), "{text}");
}

#[test]
fn quitting_while_too_small_during_a_create_asks_in_words() {
    let mut s = state(true, (80, 24));
    update(&mut s, key('2'), NOW);
    type_text(&mut s, "Town hall");
    assert!(create_request(&update(&mut s, ctrl('s'), NOW)).is_some());
    update(&mut s, Msg::Resize(40, 10), NOW);
    update(&mut s, key('q'), NOW);
    assert!(!s.quit, "a create is in flight: asked first");
    assert!(s.confirm_quit);
    let words = screen(&s).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("being created: y quits anyway"), "{words}");
    update(&mut s, key('y'), NOW);
    assert!(s.quit);
}

// ---- The event log keeps its newest entry in view ----

#[test]
fn the_event_log_shows_its_newest_entry_when_older_ones_wrap() {
    let mut s = board((80, 24));
    s.show_log = true;
    for i in 0..12 {
        s.push_log(format!(
            "Town hall (0_k3xq9z1a) \u{25b3} starts soon: started {i} s ago and no encoder is \
             connected; start the encoder"
        ));
    }
    s.push_log("Town hall (0_k3xq9z1a) RECORDING READY (links follow it)".into());
    let text = screen(&s);
    assert!(text.contains("Event log"), "{text}");
    assert!(
        text.contains("Town hall (0_k3xq9z1a) RECORDING READY (links follow it)"),
        "{text}"
    );
}

// ---- The Links tab keeps the link itself when the QR code cannot fit ----

#[test]
fn a_qr_that_cannot_fit_leaves_the_link_text_on_screen() {
    use crate::tui::state::LinkKind;
    // The moderator link's code (its full link) never fits 80×24.
    let mut s = board((80, 24));
    s.tab = Tab::Links;
    s.link_kind = LinkKind::Moderator;
    let text = screen(&s);
    assert!(text.contains("The QR code needs"), "{text}");
    assert!(text.contains("This link can, until"), "{text}");
    assert!(
        text.contains("https://www.kaltura.com/apps/webcast/vlatest/index.html?MediaEntryId="),
        "{text}"
    );
    // The attendee's at 60×20: the link, whole, above the line on the code's size.
    let mut s = board((60, 20));
    s.tab = Tab::Links;
    let text = screen(&s);
    assert!(text.contains("The QR code needs"), "{text}");
    let url = fixtures::attendee_url("0_k3xq9z1a");
    let joined: String = text.lines().map(str::trim_end).collect();
    assert!(joined.contains(&url), "{text}");
}

// ---- Help wraps its descriptions under themselves ----

#[test]
fn help_descriptions_wrap_under_their_own_column_at_60_columns() {
    let mut s = board((60, 20));
    update(&mut s, key('?'), NOW);
    let text = screen(&s);
    let rows: Vec<&str> = text.lines().collect();
    let quit = rows
        .iter()
        .position(|l| l.contains("  q               Quit"))
        .unwrap_or_else(|| panic!("the quit line:\n{text}"));
    // "│" then 18 columns of the keys' width, then the rest of the sentence.
    let next: String = rows[quit + 1].chars().skip(1).collect();
    assert!(next.starts_with(&" ".repeat(18)), "{text}");
    assert!(
        next.trim_start().starts_with("suspends)") || next.contains("Ctrl-Z"),
        "{text}"
    );
}

#[test]
fn the_create_result_keeps_its_links_at_60x20() {
    let mut s = board((60, 20));
    update(&mut s, key('2'), NOW);
    type_text(&mut s, "Board meeting with a long name");
    let req = create_request(&update(&mut s, ctrl('s'), NOW)).expect("a create");
    update(
        &mut s,
        io(
            req.tag,
            IoResult::Created(Ok(created("0_b0ard001", "Board meeting with a long name"))),
        ),
        NOW + 1,
    );
    let text = screen(&s);
    assert!(text.contains("│Moderator: https://"), "{text}");
    assert!(
        text.contains("│3: links whole, QR codes, copy · 4: Studio"),
        "{text}"
    );
    // The form keeps its fields and its button.
    assert!(text.contains("Record (y/n)"), "{text}");
    assert!(text.contains("[ Create ]"), "{text}");
}
