//! Edit, reschedule, delete and forget through our client against the sandbox over loopback:
//! what Kaltura holds afterwards (read back with plain API calls), what the journal says, how
//! many round-trips it took, and Kaltura's refusals.

mod webcast_support;

use kwebcast::kaltura::services::{base_entry, live_stream, metadata};
use kwebcast::kaltura::types::{LiveStreamEntry, MediaEntry, Metadata};
use kwebcast::webcast::xml_merge::PresenterEdit;
use kwebcast::webcast::{Change, EditError, EditPart, EventEdit, RemovalKind, xml};
use webcast_support::*;

async fn created(
    w: &kwebcast::webcast::Webcast,
    j: &kwebcast::webcast::Journal,
    name: &str,
) -> String {
    let c = w.create(&request(name, None), j).await.expect("created");
    assert!(c.pending.is_empty(), "{:?}", c.pending);
    c.entry_id().to_string()
}

/// The entry's KMS_EVENTS3 record, read back with a plain API call.
async fn record(w: &kwebcast::webcast::Webcast, id: &str) -> Metadata {
    let source = w.edit_source(id).await.expect("readable");
    let r = source.record.expect("the event has a record");
    let direct: Metadata = w
        .client()
        .call_as(&metadata::get(r.id))
        .await
        .expect("metadata.get");
    assert_eq!(direct.xml, r.xml);
    direct
}

#[tokio::test]
async fn rename_and_reschedule_in_two_round_trips_keeping_other_fields() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().unwrap();
    let (w, j) = (webcast(&sb), journal(&dir));
    let id = created(&w, &j, "Town hall").await;
    // KMS keeps its own fields in the record: write one in, as another tool would.
    let before = record(&w, &id).await;
    let with_kms = before.xml.replace(
        "<PresenterBio></PresenterBio>",
        "<PresenterBio>Founded &amp; runs it</PresenterBio>",
    );
    let _: Metadata = w
        .client()
        .call_as(&metadata::update(before.id, &with_kms))
        .await
        .unwrap();

    let start = now() + 86_400;
    reset_stats(&sb).await;
    let edited = w
        .edit(
            &id,
            &EventEdit {
                name: Some("Town hall (moved)".into()),
                start: Some(start),
                end: Some(start + 1800),
                timezone: Some("America/New_York".into()),
                presenter: PresenterEdit {
                    name: None,
                    title: Some("Chief Executive".into()),
                },
                ..EventEdit::default()
            },
            &j,
        )
        .await
        .expect("edited");
    let (http, multi, calls) = stats(&sb).await;
    assert_eq!((http, multi), (2, 2), "read, then write: {calls}");
    assert_eq!(calls["liveStream.update"], 1);
    assert_eq!(calls["metadata.update"], 1);
    assert!(edited.failures.is_empty(), "{:?}", edited.failures);
    let fields: Vec<&str> = edited
        .changes
        .iter()
        .map(|c| match c {
            Change::Name { .. } => "name",
            Change::Schedule { .. } => "schedule",
            Change::PresenterTitle { .. } => "presenter_title",
            _ => "other",
        })
        .collect();
    assert_eq!(fields, ["name", "schedule", "presenter_title"]);

    let entry: LiveStreamEntry = w.client().call_as(&live_stream::get(&id)).await.unwrap();
    assert_eq!(entry.name, "Town hall (moved)");
    let after = record(&w, &id).await;
    assert_eq!(
        after.version,
        before.version + 2,
        "one write by the test, one by the edit"
    );
    let schedule = xml::parse_schedule(&after.xml).unwrap();
    assert_eq!((schedule.start, schedule.end), (start, start + 1800));
    assert_eq!(schedule.timezone, "America/New_York");
    assert_eq!(
        xml::element_text(&after.xml, "PresenterTitle").as_deref(),
        Some("Chief Executive")
    );
    assert_eq!(
        xml::element_text(&after.xml, "PresenterName").as_deref(),
        Some("Ann O'Neil & Co"),
        "fields not edited stay"
    );
    assert_eq!(
        xml::element_text(&after.xml, "PresenterBio").as_deref(),
        Some("Founded & runs it"),
        "what KMS wrote stays"
    );

    // The journal's newest record says so; the board reads that one.
    let latest = j
        .find_entry(sb.partner_id(), &sb.url(), &id)
        .unwrap()
        .unwrap();
    assert_eq!(latest.name, "Town hall (moved)");
    assert_eq!((latest.start, latest.end), (start, start + 1800));
    let req = latest.request.unwrap();
    assert_eq!(req.timezone, "America/New_York");
    assert_eq!(req.presenter.title, "Chief Executive");
    assert_eq!(
        j.load().unwrap().records.len(),
        2,
        "appended, not rewritten"
    );

    // The next poll shows the new name and schedule.
    let polled = w.poll(std::slice::from_ref(&id)).await.unwrap();
    assert_eq!(polled[0].entry.name, "Town hall (moved)");
    assert_eq!(polled[0].schedule.as_ref().unwrap().start, start);

    // Moving only the start keeps the length; the same values again change nothing.
    let edited = w
        .edit(
            &id,
            &EventEdit {
                start: Some(start + 600),
                ..EventEdit::default()
            },
            &j,
        )
        .await
        .unwrap();
    match &edited.changes[..] {
        [Change::Schedule { to, .. }] => {
            assert_eq!((to.start, to.end), (start + 600, start + 2400))
        }
        other => panic!("{other:?}"),
    }
    let again = w
        .edit(
            &id,
            &EventEdit {
                name: Some("Town hall (moved)".into()),
                ..EventEdit::default()
            },
            &j,
        )
        .await
        .unwrap();
    assert!(again.changes.is_empty() && again.failures.is_empty());
}

#[tokio::test]
async fn a_locked_field_while_broadcasting_is_refused_with_kalturas_code_and_changes_nothing() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().unwrap();
    let (w, j) = (webcast(&sb), journal(&dir));
    let id = created(&w, &j, "On air").await;
    post_json(&format!("{}/sandbox/entries/{id}/broadcast", sb.url())).await;
    wait_for(200, || async {
        let e: LiveStreamEntry = w.client().call_as(&live_stream::get(&id)).await.ok()?;
        (e.live_status.map(|s| s.code()) == Some(1)).then_some(())
    })
    .await;
    let before = record(&w, &id).await;
    let start = now() + 7200;
    let err = w
        .edit(
            &id,
            &EventEdit {
                name: Some("Renamed while on air".into()),
                start: Some(start),
                end: Some(start + 60),
                recording: Some(false),
                ..EventEdit::default()
            },
            &j,
        )
        .await
        .expect_err("recording is locked while broadcasting");
    assert!(matches!(err, EditError::Refused { .. }), "{err:?}");
    assert_eq!(
        err.code(),
        Some("CANNOT_UPDATE_FIELDS_WHILE_ENTRY_BROADCASTING")
    );
    let entry: LiveStreamEntry = w.client().call_as(&live_stream::get(&id)).await.unwrap();
    assert_eq!(entry.name, "On air", "nothing changed");
    assert_eq!(
        record(&w, &id).await.version,
        before.version,
        "nor the schedule"
    );
    assert_eq!(j.load().unwrap().records.len(), 1);

    // Names and schedules change while on air.
    let edited = w
        .edit(
            &id,
            &EventEdit {
                name: Some("Renamed while on air".into()),
                start: Some(start),
                end: Some(start + 60),
                ..EventEdit::default()
            },
            &j,
        )
        .await
        .unwrap();
    assert_eq!(edited.changes.len(), 2);
    assert!(edited.failures.is_empty());
}

#[tokio::test]
async fn a_record_changed_by_someone_else_meanwhile_is_not_overwritten() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().unwrap();
    let (w, j) = (webcast(&sb), journal(&dir));
    let id = created(&w, &j, "Contended").await;
    let source = w.edit_source(&id).await.unwrap();
    // KMS writes between our read and our write.
    let r = source.record.clone().unwrap();
    let _: Metadata = w
        .client()
        .call_as(&metadata::update(r.id, &r.xml.replace("CEO", "Founder")))
        .await
        .unwrap();
    let edited = w
        .edit_from(
            &source,
            &EventEdit {
                name: Some("Renamed".into()),
                presenter: PresenterEdit {
                    name: Some("Someone".into()),
                    title: None,
                },
                ..EventEdit::default()
            },
            &j,
        )
        .await
        .unwrap();
    assert_eq!(edited.changes.len(), 1, "the name went through");
    assert_eq!(edited.failures.len(), 1);
    assert_eq!(edited.failures[0].part, EditPart::Metadata);
    assert_eq!(
        edited.failures[0].code.as_deref(),
        Some("INVALID_METADATA_VERSION")
    );
    let now_xml = record(&w, &id).await.xml;
    assert!(
        now_xml.contains("<PresenterTitle>Founder</PresenterTitle>"),
        "{now_xml}"
    );
    assert!(!now_xml.contains("Someone"));
}

#[tokio::test]
async fn an_event_without_a_record_gets_one_and_unknown_events_are_kalturas_error() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().unwrap();
    let (w, j) = (webcast(&sb), journal(&dir));
    // An entry made elsewhere: no metadata at all, not in the journal.
    let bare: LiveStreamEntry = w
        .client()
        .call_as(&live_stream::add(
            &kwebcast::kaltura::types::NewLiveStream::new("Bare"),
        ))
        .await
        .unwrap();
    let start = now() + 600;
    let edited = w
        .edit(
            &bare.id,
            &EventEdit {
                start: Some(start),
                end: Some(start + 900),
                timezone: Some("UTC".into()),
                ..EventEdit::default()
            },
            &j,
        )
        .await
        .unwrap();
    assert!(edited.failures.is_empty(), "{:?}", edited.failures);
    assert!(
        edited.journal_record.is_none(),
        "not journaled: only Kaltura changed"
    );
    let r = record(&w, &bare.id).await;
    assert_eq!(xml::parse_schedule(&r.xml).unwrap().start, start);
    // Only one end given and no schedule to keep the other from: a clear refusal.
    let other: LiveStreamEntry = w
        .client()
        .call_as(&live_stream::add(
            &kwebcast::kaltura::types::NewLiveStream::new("Bare 2"),
        ))
        .await
        .unwrap();
    let err = w
        .edit(
            &other.id,
            &EventEdit {
                end: Some(start),
                ..EventEdit::default()
            },
            &j,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, EditError::Invalid(_)), "{err}");
    let err = w
        .edit(
            "0_nosuch00",
            &EventEdit {
                name: Some("x".into()),
                ..EventEdit::default()
            },
            &j,
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ENTRY_ID_NOT_FOUND"));
}

#[tokio::test]
async fn delete_keeps_recordings_unless_asked_and_forget_touches_nothing_on_kaltura() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().unwrap();
    let (w, j) = (webcast(&sb), journal(&dir));
    let mut ids = Vec::new();
    for name in ["Keep recordings", "Take recordings", "Forget me"] {
        ids.push(created(&w, &j, name).await);
    }
    // A session each for the first two: a recording each.
    for id in &ids[..2] {
        post_json(&format!("{}/sandbox/entries/{id}/broadcast", sb.url())).await;
        post_json(&format!("{}/sandbox/entries/{id}/end", sb.url())).await;
    }
    let plan = w.delete_plan(&ids[0]).await.unwrap();
    assert!(!plan.recordings.is_empty());
    let kept: Vec<String> = plan.recordings.iter().map(|r| r.id.clone()).collect();
    let deleted = w.delete(&plan, false, &j).await.unwrap();
    assert_eq!(deleted.recordings_kept, kept);
    assert!(deleted.recordings_deleted.is_empty());
    let gone = w
        .client()
        .call(&live_stream::get(&ids[0]))
        .await
        .unwrap_err();
    assert_eq!(gone.code(), Some("ENTRY_ID_NOT_FOUND"));
    for r in &kept {
        let rec: MediaEntry = w.client().call_as(&base_entry::get(r)).await.unwrap();
        assert_eq!(
            rec.root_entry_id(),
            Some(ids[0].as_str()),
            "keeps its rootEntryId"
        );
    }

    reset_stats(&sb).await;
    let plan = w.delete_plan(&ids[1]).await.unwrap();
    let recs: Vec<String> = plan.recordings.iter().map(|r| r.id.clone()).collect();
    assert!(!recs.is_empty());
    let deleted = w.delete(&plan, true, &j).await.unwrap();
    let (http, multi, calls) = stats(&sb).await;
    assert_eq!(
        (http, multi),
        (3, 2),
        "the plan, the event's delete, then the recordings': {calls}"
    );
    assert_eq!(deleted.recordings_deleted, recs);
    for r in &recs {
        let e = w.client().call(&base_entry::get(r)).await.unwrap_err();
        assert_eq!(e.code(), Some("ENTRY_ID_NOT_FOUND"));
    }

    reset_stats(&sb).await;
    let forgotten = w.forget(&ids[2], &j).await.unwrap();
    assert_eq!(forgotten.removed.unwrap().kind, RemovalKind::Forgotten);
    let (http, _, _) = stats(&sb).await;
    assert_eq!(http, 0, "forget asks Kaltura nothing");
    let still: LiveStreamEntry = w
        .client()
        .call_as(&live_stream::get(&ids[2]))
        .await
        .unwrap();
    assert_eq!(still.name, "Forget me");
    assert!(w.forget(&ids[2], &j).await.is_err(), "already forgotten");

    // The journal: nothing left on the board, every event's history readable.
    let load = j.load().unwrap();
    assert!(load.watched().is_empty());
    let latest = load.latest();
    assert_eq!(latest.len(), 3);
    let removal = |i: usize| latest[i].removed.clone().unwrap();
    assert_eq!(removal(0).kind, RemovalKind::Deleted);
    assert_eq!(removal(0).recordings_kept, kept);
    assert_eq!(removal(1).recordings_deleted, recs);
    // A refused delete deletes nothing (a user who may not edit the event).
    let refused = w.delete_plan("0_nosuch00").await.unwrap_err();
    assert_eq!(refused.code(), Some("ENTRY_ID_NOT_FOUND"));
}
