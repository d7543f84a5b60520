//! Render snapshots with ratatui's TestBackend, every tab at 80×24 and 120×40. Deterministic:
//! fixed clock, UTC, fixed IDs and KS.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::fixtures::{NOW, board, links, state, studio};
use crate::tui::draw::draw;
use crate::tui::state::{AppState, LinkKind, SearchState, Tab};
use crate::tui::view::{CreatedView, Status};

fn render(s: &AppState) -> TestBackend {
    let mut t = Terminal::new(TestBackend::new(s.size.0, s.size.1)).expect("test terminal");
    t.draw(|f| draw(f, s)).expect("draw");
    t.backend().clone()
}

fn both(f: impl Fn((u16, u16)) -> AppState, name: &str) {
    for size in [(80, 24), (120, 40)] {
        let s = f(size);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), render(&s));
    }
}

#[test]
fn events_tab() {
    both(board, "events");
}

#[test]
fn events_tab_compact_log() {
    let mut s = board((80, 24));
    s.show_log = true;
    insta::assert_snapshot!("events_log_80x24", render(&s));
}

#[test]
fn events_tab_revealed_key_on_recording_ready() {
    let mut s = board((120, 40));
    s.selected = 2;
    s.reveal_key = true;
    insta::assert_snapshot!("events_revealed_120x40", render(&s));
}

#[test]
fn events_tab_empty() {
    both(|size| state(true, size), "events_empty");
}

#[test]
fn events_tab_with_error_bar_and_status() {
    let mut s = board((80, 24));
    s.push_error(
        "poll failed: liveStream.list: cannot connect to http://127.0.0.1:9 (connection refused)",
    );
    s.set_status("polling paused (p resumes)");
    s.poll.paused = true;
    insta::assert_snapshot!("events_error_80x24", render(&s));
}

#[test]
fn events_search_popup() {
    let mut s = board((80, 24));
    let mut search = SearchState {
        input: "town".into(),
        ..SearchState::default()
    };
    search.results = Some(vec![super::fixtures::event(
        "0_k3xq9z1a",
        "Town hall",
        Status::Live,
    )]);
    s.search = Some(search);
    insta::assert_snapshot!("events_search_80x24", render(&s));
}

#[test]
fn error_history_popup() {
    let mut s = board((80, 24));
    s.push_error("poll failed: liveStream.list: timed out");
    s.push_error("links for 0_p8w2m4td: entry not found (ENTRY_ID_NOT_FOUND)");
    s.show_errors = true;
    insta::assert_snapshot!("errors_popup_80x24", render(&s));
}

#[test]
fn create_tab_fresh() {
    both(
        |size| {
            let mut s = state(true, size);
            s.tab = Tab::Create;
            s
        },
        "create",
    );
}

#[test]
fn create_tab_with_errors() {
    let mut s = state(true, (80, 24));
    s.tab = Tab::Create;
    s.form.attempted = true;
    s.form.fields[3].input = "0".into();
    s.form.validate(NOW);
    s.form.focus = 0;
    insta::assert_snapshot!("create_errors_80x24", render(&s));
}

#[test]
fn create_tab_after_success() {
    both(
        |size| {
            let mut s = board(size);
            s.tab = Tab::Create;
            s.form.focus = s.form.fields.len();
            s.form.created = Some(CreatedView {
                id: "0_k3xq9z1a".into(),
                name: "Town hall".into(),
                links: links("0_k3xq9z1a", "0_k3xq9z1a"),
                studio: Some(studio()),
                notes: vec![
                    "metadata (KMS_EVENTS3) is pending: run `kwebcast finish 0_k3xq9z1a`".into(),
                ],
            });
            s
        },
        "create_done",
    );
}

#[test]
fn links_tab() {
    both(
        |size| {
            let mut s = board(size);
            s.tab = Tab::Links;
            s
        },
        "links",
    );
}

#[test]
fn links_tab_moderator() {
    let mut s = board((120, 40));
    s.tab = Tab::Links;
    s.link_kind = LinkKind::Moderator;
    insta::assert_snapshot!("links_moderator_120x40", render(&s));
}

#[test]
fn links_fullscreen_qr() {
    both(
        |size| {
            let mut s = board(size);
            s.tab = Tab::Links;
            s.qr_fullscreen = true;
            s
        },
        "links_fullscreen",
    );
}

#[test]
fn studio_tab() {
    both(
        |size| {
            let mut s = board(size);
            s.tab = Tab::Studio;
            s
        },
        "studio",
    );
}

#[test]
fn help_tab() {
    both(
        |size| {
            let mut s = board(size);
            s.tab = Tab::Help;
            s
        },
        "help",
    );
}

#[test]
fn terminal_too_small() {
    let s = board((10, 5));
    insta::assert_snapshot!("too_small_10x5", render(&s));
    let s = board((1, 1));
    let _ = render(&s);
}

#[test]
fn every_tab_draws_at_odd_sizes_without_panicking() {
    for size in [(60, 16), (61, 17), (79, 23), (200, 60), (300, 100)] {
        for tab in Tab::ALL {
            let mut s = board(size);
            s.tab = tab;
            let _ = render(&s);
            s.qr_fullscreen = true;
            let _ = render(&s);
        }
    }
}

#[test]
fn no_color_draws_no_colour_anywhere_and_keeps_the_words() {
    use ratatui::style::Color;
    for tab in Tab::ALL {
        let mut s = board((120, 40));
        s.tab = tab;
        s.push_error("poll failed: timed out");
        let plain = render(&s);
        let coloured = plain
            .buffer()
            .content
            .iter()
            .filter(|c| c.fg != Color::Reset || c.bg != Color::Reset)
            .count();
        assert_eq!(coloured, 0, "{tab:?} uses colour under NO_COLOR");
        s.color = true;
        let rich = render(&s);
        assert!(
            rich.buffer()
                .content
                .iter()
                .any(|c| c.fg != Color::Reset || c.bg != Color::Reset)
        );
        // The same text either way: state is never carried by colour alone.
        let text = |b: &TestBackend| {
            b.buffer()
                .content
                .iter()
                .map(|c| c.symbol().to_string())
                .collect::<String>()
        };
        assert_eq!(text(&plain), text(&rich), "{tab:?}");
    }
}

#[test]
fn account_mode_header_names_the_account_and_hides_sandbox_keys() {
    let mut s = board((120, 40));
    s.sandbox = false;
    insta::assert_snapshot!("events_account_120x40", render(&s));
}

#[test]
fn events_tab_before_the_first_poll() {
    let mut s = state(false, (80, 24));
    s.events.push(crate::tui::state::Watched {
        id: "0_abcdefgh".into(),
        view: None,
    });
    insta::assert_snapshot!("events_unpolled_80x24", render(&s));
}

#[test]
fn quit_question_with_a_create_in_flight() {
    let mut s = board((80, 24));
    s.form.pending = Some(7);
    s.form.pending_create = Some(("kwebcast-5eed5eed5eed-7".into(), "Town hall".into()));
    s.confirm_quit = true;
    insta::assert_snapshot!("quit_question_80x24", render(&s));
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

#[test]
fn an_insecure_url_is_in_the_header_and_start_notices_in_the_error_bar() {
    let mut cfg = super::fixtures::config(false, &[]);
    cfg.insecure = Some("http:// to kaltura.example.edu".into());
    cfg.notices = vec!["3 unreadable journal lines skipped, see the log".into()];
    let s = AppState::new(cfg, NOW, jiff::tz::TimeZone::UTC, (120, 24));
    let text = screen(&s);
    let header = text.lines().next().unwrap_or_default();
    assert!(
        header.contains("INSECURE: http:// to kaltura.example.edu"),
        "{header}"
    );
    assert!(
        text.contains("3 unreadable journal lines skipped, see the log"),
        "{text}"
    );
    // Too narrow for the whole badge: the word still shows.
    let mut narrow = s.clone();
    narrow.size = (80, 24);
    assert!(
        screen(&narrow)
            .lines()
            .next()
            .unwrap_or_default()
            .contains("INSECURE")
    );
}

#[test]
fn a_description_keeps_its_lines_in_the_detail_pane() {
    let mut s = board((120, 40));
    if let Some(v) = s.events[0].view.as_mut() {
        v.detail.description = "first line\nsecond line".into();
    }
    let text = screen(&s);
    let first = text
        .lines()
        .position(|l| l.contains("Description: first line"))
        .expect("the first line, labelled");
    let next = text.lines().nth(first + 1).unwrap_or_default();
    assert!(next.contains("second line"), "{text}");
}
