//! Editing, deleting and forgetting from the board, without a terminal: `e` reads the event
//! and opens the form in edit mode (titled so), Ctrl-S sends only what changed and the log
//! says it was changed "by you"; `D` names the event and its recordings (kept unless `a`) and
//! asks, `F` asks and takes the event off the board; every question defaults to no.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::fixtures::{NOW, board};
use crate::tui::action::{Effect, IoKind, IoReply, IoRequest, IoResult, Msg};
use crate::tui::draw::draw;
use crate::tui::form::FieldId;
use crate::tui::manage::{
    DeletedView, EditFormSource, EditedView, ManageAnswer, ManageRequest, RemoveKind,
};
use crate::tui::prompt::Prompt;
use crate::tui::state::{AppState, Tab};
use crate::tui::update::{Outcome, update};
use crate::tui::view::RecordingView;

const ID: &str = "0_p8w2m4td";

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
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

fn answer(s: &mut AppState, tag: u64, answer: ManageAnswer) -> Outcome {
    update(
        s,
        Msg::Io(Box::new(IoReply {
            tag,
            result: IoResult::Managed {
                id: ID.into(),
                answer,
            },
        })),
        NOW + 1,
    )
}

/// The board with the second event ("Product launch") selected.
fn on_launch() -> AppState {
    let mut s = board((120, 40));
    s.selected = 1;
    s
}

fn status_text(s: &AppState) -> String {
    s.status
        .as_ref()
        .map(|l| l.text.clone())
        .unwrap_or_default()
}

fn screen(s: &AppState) -> String {
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    t.draw(|f| draw(f, s)).unwrap();
    let buf = t.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn source() -> EditFormSource {
    EditFormSource {
        id: ID.into(),
        name: "Product launch".into(),
        description: "The new thing".into(),
        schedule: Some((NOW + 3600, NOW + 7200, "UTC".into())),
        presenter_name: "Ann".into(),
        presenter_title: "CEO".into(),
        recording: true,
    }
}

fn type_text(s: &mut AppState, text: &str) {
    for c in text.chars() {
        update(s, key(c), NOW);
    }
}

#[test]
fn e_reads_the_event_then_the_form_edits_it_and_sends_only_what_changed() {
    let mut s = on_launch();
    let reqs = requests(&update(&mut s, key('e'), NOW));
    assert_eq!(
        reqs.iter().map(|r| r.kind.clone()).collect::<Vec<_>>(),
        [IoKind::Manage {
            id: ID.into(),
            request: ManageRequest::LoadForEdit
        }]
    );
    assert_eq!(s.tab, Tab::Events, "nothing opens before Kaltura answers");
    // One request at a time.
    assert!(requests(&update(&mut s, key('D'), NOW)).is_empty());
    assert!(
        status_text(&s).contains("still waiting"),
        "{}",
        status_text(&s)
    );

    answer(&mut s, reqs[0].tag, ManageAnswer::Loaded(Ok(source())));
    assert_eq!(s.tab, Tab::Create);
    assert!(s.form.edit.is_some());
    let text = screen(&s);
    assert!(text.contains("Edit Product launch (0_p8w2m4td)"), "{text}");
    assert!(text.contains("[ Save changes ]"), "{text}");
    assert!(text.contains("The new thing"), "{text}");

    // Ctrl-S with nothing changed sends nothing.
    assert!(requests(&update(&mut s, ctrl('s'), NOW)).is_empty());
    assert!(
        status_text(&s).contains("nothing to save"),
        "{}",
        status_text(&s)
    );

    // Rename: the name field is focused first; Ctrl-U clears it.
    assert_eq!(s.form.fields[s.form.focus].id, FieldId::Name);
    update(&mut s, ctrl('u'), NOW);
    type_text(&mut s, "Product launch v2");
    let reqs = requests(&update(&mut s, ctrl('s'), NOW));
    assert_eq!(reqs.len(), 1);
    let IoKind::Manage {
        id,
        request: ManageRequest::Edit(edit),
    } = &reqs[0].kind
    else {
        panic!("{:?}", reqs[0].kind)
    };
    assert_eq!(id, ID);
    assert_eq!(edit.name.as_deref(), Some("Product launch v2"));
    assert!(
        edit.start.is_none() && edit.end.is_none() && edit.timezone.is_none(),
        "the schedule was left as it was: {edit:?}"
    );
    assert!(edit.description.is_none() && edit.presenter.is_empty() && edit.recording.is_none());
    assert!(screen(&s).contains("[ Saving… ]"));
    // A second Ctrl-S while saving sends nothing.
    assert!(requests(&update(&mut s, ctrl('s'), NOW)).is_empty());

    let log_before = s.log.len();
    let out = answer(
        &mut s,
        reqs[0].tag,
        ManageAnswer::Edited(Ok(EditedView {
            name: "Product launch v2".into(),
            changes: vec![r#"renamed from "Product launch" to "Product launch v2""#.into()],
            failures: Vec::new(),
        })),
    );
    assert_eq!(s.log.len(), log_before + 1);
    assert_eq!(
        s.log.back().unwrap().text,
        r#"Product launch v2 (0_p8w2m4td) renamed from "Product launch" to "Product launch v2" by you"#
    );
    assert_eq!(s.tab, Tab::Events, "back on the board");
    assert!(s.form.edit.is_none(), "the form is a create form again");
    assert!(
        requests(&out)
            .iter()
            .any(|r| matches!(r.kind, IoKind::Poll { .. })),
        "the board polls to show the new name"
    );
}

#[test]
fn a_refused_edit_stays_in_the_form_with_kalturas_words() {
    let mut s = on_launch();
    let reqs = requests(&update(&mut s, key('e'), NOW));
    answer(&mut s, reqs[0].tag, ManageAnswer::Loaded(Ok(source())));
    // Recording off: the last field.
    for _ in 0..7 {
        update(&mut s, code(KeyCode::Tab), NOW);
    }
    assert_eq!(s.form.fields[s.form.focus].id, FieldId::Record);
    update(&mut s, ctrl('u'), NOW);
    type_text(&mut s, "n");
    let reqs = requests(&update(&mut s, ctrl('s'), NOW));
    let IoKind::Manage {
        request: ManageRequest::Edit(edit),
        ..
    } = &reqs[0].kind
    else {
        panic!()
    };
    assert_eq!(edit.recording, Some(false));
    answer(
        &mut s,
        reqs[0].tag,
        ManageAnswer::Edited(Err(
            "event 0_p8w2m4td was not changed: Cannot update [recordStatus] while entry is broadcasting [CANNOT_UPDATE_FIELDS_WHILE_ENTRY_BROADCASTING]".into(),
        )),
    );
    assert_eq!(s.tab, Tab::Create);
    assert!(s.form.edit.is_some(), "still editing: nothing is lost");
    let text = screen(&s);
    assert!(text.contains("Not saved"), "{text}");
    assert!(
        s.errors
            .last()
            .unwrap()
            .text
            .contains("CANNOT_UPDATE_FIELDS_WHILE_ENTRY_BROADCASTING")
    );
    // A stale answer (another tag) changes nothing.
    let before = s.form.failure.clone();
    answer(
        &mut s,
        999,
        ManageAnswer::Edited(Ok(EditedView {
            name: "x".into(),
            changes: vec!["renamed".into()],
            failures: Vec::new(),
        })),
    );
    assert_eq!(s.form.failure, before);
    assert!(s.form.edit.is_some());
}

fn recordings() -> Vec<RecordingView> {
    vec![
        RecordingView {
            id: "0_rec00002".into(),
            name: "Product launch 2".into(),
            status: "READY".into(),
            created_at: NOW - 100,
        },
        RecordingView {
            id: "0_rec00001".into(),
            name: "Product launch 1".into(),
            status: "READY".into(),
            created_at: NOW - 900,
        },
    ]
}

#[test]
fn d_names_the_event_and_its_recordings_and_only_y_or_a_deletes() {
    let mut s = on_launch();
    let reqs = requests(&update(&mut s, key('D'), NOW));
    assert_eq!(
        reqs[0].kind,
        IoKind::Manage {
            id: ID.into(),
            request: ManageRequest::PlanDelete
        }
    );
    assert!(s.prompt.is_none(), "asked once the recordings are known");
    answer(
        &mut s,
        reqs[0].tag,
        ManageAnswer::Planned(Ok(("Product launch".into(), recordings()))),
    );
    match &s.prompt {
        Some(Prompt::Remove(p)) => {
            assert_eq!(p.name, "Product launch");
            assert!(matches!(&p.kind, RemoveKind::Delete { recordings } if recordings.len() == 2));
        }
        other => panic!("{other:?}"),
    }
    let text = screen(&s);
    for words in [
        "Delete this event?",
        "Product launch (0_p8w2m4td)",
        "Its 2 recording(s), kept unless you press a:",
        "0_rec00002",
        "0_rec00001",
        "y deletes it, keeps the recordings",
        "a deletes it and the recordings",
    ] {
        assert!(text.contains(words), "{words}:\n{text}");
    }
    // Enter is no.
    assert!(requests(&update(&mut s, code(KeyCode::Enter), NOW)).is_empty());
    assert!(s.prompt.is_none());
    assert!(
        status_text(&s).contains("not deleted"),
        "{}",
        status_text(&s)
    );
    assert_eq!(s.events.len(), 3);

    // Again, and `a`: with the recordings.
    let reqs = requests(&update(&mut s, key('D'), NOW));
    answer(
        &mut s,
        reqs[0].tag,
        ManageAnswer::Planned(Ok(("Product launch".into(), recordings()))),
    );
    let reqs = requests(&update(&mut s, key('a'), NOW));
    assert_eq!(
        reqs[0].kind,
        IoKind::Manage {
            id: ID.into(),
            request: ManageRequest::Delete {
                with_recordings: true
            }
        }
    );
    answer(
        &mut s,
        reqs[0].tag,
        ManageAnswer::Deleted(Ok(DeletedView {
            recordings_deleted: vec!["0_rec00002".into(), "0_rec00001".into()],
            recordings_kept: Vec::new(),
            failures: Vec::new(),
        })),
    );
    assert_eq!(s.events.len(), 2);
    assert!(s.events.iter().all(|w| w.id != ID), "off the board");
    assert_eq!(
        s.log.back().unwrap().text,
        "Product launch (0_p8w2m4td) deleted by you with its 2 recording(s)"
    );
}

#[test]
fn y_deletes_keeping_recordings_and_a_refusal_keeps_the_event() {
    let mut s = on_launch();
    let reqs = requests(&update(&mut s, key('D'), NOW));
    answer(
        &mut s,
        reqs[0].tag,
        ManageAnswer::Planned(Ok(("Product launch".into(), recordings()))),
    );
    let reqs = requests(&update(&mut s, key('y'), NOW));
    assert_eq!(
        reqs[0].kind,
        IoKind::Manage {
            id: ID.into(),
            request: ManageRequest::Delete {
                with_recordings: false
            }
        }
    );
    // Kaltura refuses: the event stays, the error bar says why.
    answer(
        &mut s,
        reqs[0].tag,
        ManageAnswer::Deleted(Err(
            "Invalid KS \"\", Error \"-4,INVALID_TYPE\" [INVALID_KS]".into(),
        )),
    );
    assert_eq!(s.events.len(), 3);
    assert!(s.errors.last().unwrap().text.contains("was not deleted"));
    // And when it goes through: the log says the recordings were kept.
    let reqs = requests(&update(&mut s, key('D'), NOW));
    answer(
        &mut s,
        reqs[0].tag,
        ManageAnswer::Planned(Ok(("Product launch".into(), recordings()))),
    );
    let reqs = requests(&update(&mut s, key('y'), NOW));
    answer(
        &mut s,
        reqs[0].tag,
        ManageAnswer::Deleted(Ok(DeletedView {
            recordings_deleted: Vec::new(),
            recordings_kept: vec!["0_rec00002".into(), "0_rec00001".into()],
            failures: Vec::new(),
        })),
    );
    assert_eq!(
        s.log.back().unwrap().text,
        "Product launch (0_p8w2m4td) deleted by you; its 2 recording(s) kept: 0_rec00002, 0_rec00001"
    );
    assert_eq!(s.selected, 1, "the next event is selected");
    assert_eq!(s.events[1].id, "0_zz19ab7c");
}

#[test]
fn f_asks_then_forgets_without_asking_kaltura_anything_else() {
    let mut s = on_launch();
    let out = update(&mut s, key('F'), NOW);
    assert!(requests(&out).is_empty(), "the question needs no IO");
    let text = screen(&s);
    assert!(text.contains("Forget this event?"), "{text}");
    assert!(text.contains("Nothing changes on Kaltura"), "{text}");
    update(&mut s, key('n'), NOW);
    assert!(s.prompt.is_none());
    assert!(status_text(&s).contains("not forgotten"));
    update(&mut s, key('F'), NOW);
    let reqs = requests(&update(&mut s, key('y'), NOW));
    assert_eq!(
        reqs[0].kind,
        IoKind::Manage {
            id: ID.into(),
            request: ManageRequest::Forget
        }
    );
    answer(&mut s, reqs[0].tag, ManageAnswer::Forgot(Ok(())));
    assert!(s.events.iter().all(|w| w.id != ID));
    assert_eq!(
        s.log.back().unwrap().text,
        "Product launch (0_p8w2m4td) forgotten by you: off the board and the journal, Kaltura untouched"
    );
}

#[test]
fn the_help_and_footer_name_the_new_keys() {
    let s = on_launch();
    let text = screen(&s);
    assert!(text.contains("e edit"), "{text}");
    let help = crate::tui::keymap::help_sections(true);
    let events = &help.iter().find(|(t, _)| *t == "Events").unwrap().1;
    for key in ["e", "D", "F"] {
        assert!(events.iter().any(|(k, _)| k == key), "{key}");
    }
}
