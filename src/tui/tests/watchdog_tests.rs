//! The watchdog on the board (issue 14): alerts computed when a poll arrives, each new one logged
//! once with the bell (warnings without), `!` putting alerted events first and back, the Alerts
//! column kept on narrow terminals before less useful columns, the detail pane saying what is
//! wrong and what to do, and the create form taking a start in the past with a warning.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::fixtures::{NOW, board, event, state};
use crate::tui::action::{Effect, IoKind, IoReply, IoResult, Msg};
use crate::tui::draw::draw;
use crate::tui::form::FieldId;
use crate::tui::state::{AppState, Tab, Watched};
use crate::tui::tabs::events::{Column, columns};
use crate::tui::update::{Outcome, update};
use crate::tui::view::{EventView, Status};
use crate::webcast::{AlertKind, WatchdogConfig};

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Runs one poll cycle answering `views`; the outcome of the answer.
fn polled(s: &mut AppState, views: Vec<EventView>, now: i64) -> Outcome {
    s.poll.in_flight = None;
    s.poll.next_at = now;
    let tag = update(s, Msg::Tick, now)
        .effects
        .into_iter()
        .find_map(|e| match e {
            Effect::Io(r) if matches!(r.kind, IoKind::Poll { .. }) => Some(r.tag),
            _ => None,
        })
        .expect("a poll");
    update(
        s,
        Msg::Io(Box::new(IoReply {
            tag,
            result: IoResult::Polled(Ok(views)),
        })),
        now,
    )
}

/// An event scheduled from `start` to `start + 1 h`.
fn scheduled(id: &str, name: &str, status: Status, start: i64) -> EventView {
    let mut v = event(id, name, status);
    v.watch.schedule = Some((start, start + 3600));
    v
}

fn watching(ids: &[&str], size: (u16, u16)) -> AppState {
    let mut s = state(false, size);
    s.events = ids
        .iter()
        .map(|id| Watched {
            id: id.to_string(),
            view: None,
        })
        .collect();
    s
}

fn rang(out: &Outcome) -> bool {
    out.effects.contains(&Effect::Bell)
}

fn log_texts(s: &AppState) -> Vec<String> {
    s.log.iter().map(|l| l.text.clone()).collect()
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

#[test]
fn a_new_alert_is_logged_once_with_the_bell_and_again_after_it_clears() {
    let mut s = watching(&["0_a"], (120, 40));
    let late = || scheduled("0_a", "Town hall", Status::Offline, NOW - 300);
    let out = polled(&mut s, vec![late()], NOW);
    assert!(rang(&out), "a new alert rings");
    let alerts = &s.events[0].view.as_ref().unwrap().alerts;
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].kind, AlertKind::LateStart);
    assert_eq!(alerts[0].since, Some(NOW - 300 + 120));
    assert_eq!(
        log_texts(&s),
        [
            "Town hall (0_a) ⚠ late start: no encoder connected 5 min after the scheduled start; start the encoder"
        ]
    );
    // The next polls: the same alert, not logged again, no bell.
    for i in 1..4 {
        let out = polled(&mut s, vec![late()], NOW + 5 * i);
        assert!(!rang(&out));
    }
    assert_eq!(s.log.len(), 1);
    // The encoder connects (preview): late start clears; past the grace in preview, attendees
    // wait — a new alert whose advice names the board's key.
    let out = polled(
        &mut s,
        vec![scheduled("0_a", "Town hall", Status::Preview, NOW - 300)],
        NOW + 30,
    );
    assert!(rang(&out));
    let last = s.log.back().unwrap().text.clone();
    assert!(
        last.starts_with(
            "Town hall (0_a) ⚠ not live: the stream plays but attendees are not let in"
        ) && last.ends_with("; press Go Live (v)"),
        "{last}"
    );
    // Back to no encoder: late start again, logged again.
    polled(&mut s, vec![late()], NOW + 40);
    assert!(
        s.log
            .back()
            .unwrap()
            .text
            .starts_with("Town hall (0_a) ⚠ late start"),
        "{:?}",
        log_texts(&s)
    );
    let alerts_logged = log_texts(&s).iter().filter(|l| l.contains(" ⚠ ")).count();
    assert_eq!(alerts_logged, 3, "{:?}", log_texts(&s));
}

#[test]
fn warnings_are_logged_without_the_bell_and_the_bell_follows_the_setting() {
    let mut s = watching(&["0_a"], (120, 40));
    let out = polled(
        &mut s,
        vec![scheduled("0_a", "Board", Status::Offline, NOW + 300)],
        NOW,
    );
    assert!(!rang(&out), "a warning does not ring");
    assert_eq!(
        log_texts(&s),
        [
            "Board (0_a) △ starts soon: starts in 5 min and no encoder is connected; start the encoder"
        ]
    );
    let mut quiet = watching(&["0_a"], (120, 40));
    quiet.bell = false;
    let out = polled(
        &mut quiet,
        vec![scheduled("0_a", "Board", Status::Offline, NOW - 600)],
        NOW,
    );
    assert!(!rang(&out));
    assert_eq!(quiet.log.len(), 1, "logged even without the bell");
}

#[test]
fn overrun_advice_names_the_end_key_and_the_grace_is_the_boards() {
    let mut s = watching(&["0_a"], (120, 40));
    s.watchdog = WatchdogConfig::new(0, 900, None);
    // Scheduled to end exactly now, still live: with no grace, an overrun at once.
    polled(
        &mut s,
        vec![scheduled("0_a", "Town hall", Status::Live, NOW - 3600)],
        NOW,
    );
    let text = &s.log.back().unwrap().text;
    assert!(
        text.starts_with(
            "Town hall (0_a) ⚠ overrun: attendees still watching 0 s after the scheduled end"
        ) && text.ends_with("; press End (x)"),
        "{text}"
    );
}

#[test]
fn bang_puts_alerts_first_keeps_the_selection_and_restores_the_order() {
    let mut s = watching(&["0_ok", "0_soon", "0_late", "0_fine"], (120, 40));
    s.selected = 1;
    polled(
        &mut s,
        vec![
            scheduled("0_ok", "Ok", Status::Live, NOW - 60),
            scheduled("0_soon", "Soon", Status::Offline, NOW + 300),
            scheduled("0_late", "Late", Status::Offline, NOW - 600),
            event("0_fine", "Fine", Status::Offline),
        ],
        NOW,
    );
    let order = |s: &AppState| s.events.iter().map(|w| w.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        order(&s),
        ["0_ok", "0_soon", "0_late", "0_fine"],
        "unsorted by default"
    );
    update(&mut s, key('!'), NOW);
    assert!(s.alerts_first);
    assert_eq!(order(&s), ["0_late", "0_soon", "0_ok", "0_fine"]);
    assert_eq!(
        s.events[s.selected].id, "0_soon",
        "the selection follows its event"
    );
    assert!(screen(&s).contains("alerts first"));
    // A poll that raises an alert moves that event up at once.
    polled(
        &mut s,
        vec![
            scheduled("0_ok", "Ok", Status::Live, NOW - 7200),
            scheduled("0_soon", "Soon", Status::Offline, NOW + 300),
            scheduled("0_late", "Late", Status::Offline, NOW - 600),
            event("0_fine", "Fine", Status::Offline),
        ],
        NOW + 5,
    );
    assert_eq!(order(&s), ["0_late", "0_ok", "0_soon", "0_fine"]);
    // Again: the usual order back, the selection still on its event.
    update(&mut s, key('!'), NOW + 6);
    assert!(!s.alerts_first);
    assert_eq!(order(&s), ["0_ok", "0_soon", "0_late", "0_fine"]);
    assert_eq!(s.events[s.selected].id, "0_soon");
}

#[test]
fn unwatching_forgets_the_alerts() {
    let mut s = watching(&["0_a"], (120, 40));
    let late = || scheduled("0_a", "Town hall", Status::Offline, NOW - 300);
    polled(&mut s, vec![late()], NOW);
    assert_eq!(s.alert_tracker.active("0_a"), [AlertKind::LateStart]);
    update(&mut s, key('d'), NOW);
    assert!(s.events.is_empty());
    assert!(s.alert_tracker.active("0_a").is_empty());
}

#[test]
fn the_alerts_column_outlives_less_useful_columns() {
    let all = vec![
        Column::Marker,
        Column::Name,
        Column::Id,
        Column::State,
        Column::Alerts,
        Column::Viewers,
        Column::Ingest,
        Column::Since,
        Column::Audience,
        Column::Polled,
    ];
    assert_eq!(columns(118, true, true), all);
    // 100 columns: the ingest mark and the viewers give way first.
    let no_audience: Vec<Column> = all
        .iter()
        .copied()
        .filter(|c| !matches!(c, Column::Viewers | Column::Ingest))
        .collect();
    assert_eq!(columns(98, false, true), no_audience);
    // 80 columns: then the poll age and the state's age.
    assert_eq!(
        columns(78, false, true),
        vec![
            Column::Marker,
            Column::Name,
            Column::Id,
            Column::State,
            Column::Alerts,
            Column::Audience
        ]
    );
    // 60 columns: the entry ID goes before the alerts.
    assert_eq!(
        columns(58, false, true),
        vec![Column::Marker, Column::Name, Column::State, Column::Alerts]
    );
    assert_eq!(
        columns(30, false, true),
        vec![Column::Marker, Column::Name, Column::State]
    );
    // No event has an alert: no Alerts column, the table as it always was.
    assert!(!columns(118, true, false).contains(&Column::Alerts));
    assert!(columns(78, false, false).contains(&Column::Polled));
}

/// The board of the render tests, its Product launch late and its Town hall over its end.
fn alerted_board(size: (u16, u16)) -> AppState {
    let mut s = board(size);
    let views: Vec<EventView> = s
        .events
        .iter()
        .map(|w| {
            let mut v = w.view.clone().unwrap();
            v.watch.schedule = match v.id.as_str() {
                "0_k3xq9z1a" => Some((NOW - 7200, NOW - 600)),
                "0_p8w2m4td" => Some((NOW - 300, NOW + 3300)),
                _ => None,
            };
            // The detail pane's times say the same schedule.
            if let Some((start, end)) = v.watch.schedule {
                v.detail.times = vec![
                    ("Created".into(), NOW - 86_400),
                    ("Starts".into(), start),
                    ("Ends".into(), end),
                ];
            }
            v
        })
        .collect();
    s.selected = 1;
    s.poll.last_ok = None;
    polled(&mut s, views, NOW);
    s.poll.last_ok = Some(NOW - 3);
    s.poll.next_at = NOW + 2;
    s
}

#[test]
fn the_board_shows_alerts_in_words_and_symbols() {
    for size in [(80, 24), (120, 40)] {
        let s = alerted_board(size);
        let text = screen(&s);
        assert!(text.contains("⚠ late start"), "{size:?}: {text}");
        assert!(text.contains("⚠ overrun"), "{size:?}: {text}");
        assert!(text.contains("[Watched 3]"), "{size:?}: {text}");
        assert!(text.contains("Past · ⚠ 2 alerts"), "{size:?}: {text}");
        insta::assert_snapshot!(format!("watchdog_alerts_{}x{}", size.0, size.1), render(&s));
    }
    // The detail pane says what is wrong, since when and what to do.
    let s = alerted_board((120, 40));
    let text = screen(&s);
    assert!(
        text.contains("⚠ late start: no encoder connected 5 min after the scheduled start"),
        "{text}"
    );
    assert!(text.contains("(since 12:57:00)"), "{text}");
    assert!(text.contains("  → start the encoder"), "{text}");
    // 60 columns: the alert still shows beside the state.
    let s = alerted_board((60, 20));
    let text = screen(&s);
    let row = text
        .lines()
        .find(|l| l.contains("Product launch"))
        .expect("the row");
    assert!(
        row.contains("○ OFFLINE") && row.contains("⚠ late start"),
        "{row}"
    );
}

#[test]
fn the_form_takes_a_start_in_the_past_with_a_warning() {
    let mut s = state(false, (120, 40));
    update(&mut s, key('2'), NOW);
    assert_eq!(s.tab, Tab::Create);
    type_text(&mut s, "Town hall");
    let start = s
        .form
        .fields
        .iter()
        .position(|f| f.id == FieldId::Start)
        .unwrap();
    s.form.focus = start;
    update(&mut s, ctrl('u'), NOW);
    // 2026-11-25 13:00 UTC is NOW: two hours earlier, and the day before.
    type_text(&mut s, "2026-11-25 11:00");
    let field = &s.form.fields[start];
    assert_eq!(field.error, None, "not refused");
    assert_eq!(
        field.warning.as_deref(),
        Some("2 h 00 min ago: registered as already under way")
    );
    let text = screen(&s);
    assert!(
        text.contains("△ 2 h 00 min ago: registered as already under way"),
        "{text}"
    );
    update(&mut s, ctrl('u'), NOW);
    type_text(&mut s, "2026-11-24 09:30");
    assert_eq!(
        s.form.fields[start].error, None,
        "a day back is not refused either"
    );
    let out = update(&mut s, ctrl('s'), NOW);
    let created = out
        .effects
        .iter()
        .find_map(|e| match e {
            Effect::Io(r) => match &r.kind {
                IoKind::Create(event) => Some(event.clone()),
                _ => None,
            },
            _ => None,
        })
        .expect("the create is sent");
    assert_eq!(created.start, NOW - 27 * 3600 - 1800);
    // A start ahead, or now: nothing to say.
    s.form.focus = start;
    update(&mut s, ctrl('u'), NOW);
    type_text(&mut s, "now");
    assert_eq!(s.form.fields[start].warning, None);
}

fn type_text(s: &mut AppState, text: &str) {
    for c in text.chars() {
        update(s, key(c), NOW);
    }
}

#[test]
fn a_narrow_board_shortens_the_alert_count_in_its_title_and_never_cuts_a_word() {
    let wide = screen(&alerted_board((80, 24)));
    assert!(wide.contains("Past · ⚠ 2 alerts"), "{wide}");
    let mut s = alerted_board((60, 20));
    s.alerts_first = true;
    let narrow = screen(&s);
    let title = narrow.lines().nth(1).unwrap_or_default();
    assert!(title.contains("Past · ⚠2 ! "), "{narrow}");
    assert!(!title.contains("alert"), "no word cut in half: {title}");
}
