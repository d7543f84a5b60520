//! The dashboard's IO side against the sandbox over real HTTP on loopback: `WebcastBackend`
//! turns the webcast workflows into the board's view-model, and the IO task answers tagged
//! requests. No terminal involved.

#[path = "webcast_support/mod.rs"]
mod webcast_support;

use std::time::{Duration, Instant};

use kwebcast::tui::action::{IoKind, IoRequest, IoResult, Msg, SimAction};
use kwebcast::tui::backend::Backend;
use kwebcast::tui::io_task;
use kwebcast::tui::view::{EventView, NewEvent, Status};
use kwebcast::tui::webcast_backend::WebcastBackend;
use kwebcast::webcast::{Journal, LiveAction};
use webcast_support::{now, sandbox, webcast};

fn new_event(name: &str) -> NewEvent {
    let start = now() + 600;
    NewEvent {
        name: name.into(),
        description: "made by the dashboard".into(),
        start,
        end: start + 3600,
        timezone: "Europe/Paris".into(),
        presenter_name: "Ada".into(),
        presenter_title: "Host".into(),
        recording: true,
        reference: Some(format!("kwebcast-board-{name}").replace(' ', "-")),
    }
}

async fn poll_until(backend: &WebcastBackend, id: &str, want: Status) -> EventView {
    let start = Instant::now();
    loop {
        let views = backend.poll(vec![id.to_string()]).await.expect("poll");
        let view = views
            .into_iter()
            .find(|v| v.id == id)
            .expect("the polled event");
        if view.status == want {
            return view;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{id} stuck in {:?}, wanted {want:?}",
            view.status
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn create_broadcast_end_and_links_follow_the_recording() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let backend = WebcastBackend::new(webcast(&sb), Journal::in_dir(dir.path()), Some(&sb.url()));

    let created = backend
        .create(new_event("Board town hall"))
        .await
        .expect("create");
    assert!(
        created.id.starts_with("0_") && created.id.len() == 10,
        "{}",
        created.id
    );
    assert_eq!(created.name, "Board town hall");
    // The entry carries the reference the board chose before sending (and named meanwhile).
    let record = Journal::in_dir(dir.path())
        .find_entry(sb.partner_id(), &sb.url(), &created.id)
        .unwrap()
        .expect("journaled");
    assert_eq!(
        record.reference.as_deref(),
        Some("kwebcast-board-Board-town-hall")
    );
    assert!(
        created
            .links
            .attendee_url
            .contains(&format!("entry_id={}", created.id))
    );
    assert!(
        created
            .links
            .moderator_url
            .contains(&format!("MediaEntryId={}", created.id))
    );
    let studio = created.studio.expect("Studio details");
    assert!(
        studio.launch_url.starts_with("KalturaWebcast:"),
        "{}",
        studio.launch_url
    );
    let id = created.id;

    let offline = poll_until(&backend, &id, Status::Offline).await;
    assert_eq!(offline.audience, "offline slate");
    assert!(
        !offline.detail.ingest.rtmp.is_empty(),
        "admin sees ingest URLs"
    );
    assert!(
        offline.detail.ingest.stream_key.is_some(),
        "admin sees the stream key"
    );
    assert!(
        offline.detail.times.iter().any(|(l, _)| l == "Starts"),
        "schedule from metadata"
    );

    backend
        .simulate(id.clone(), SimAction::Broadcast)
        .await
        .expect("broadcast");
    poll_until(&backend, &id, Status::Preview).await;
    // Go Live and End are the board's live actions (the Kaltura API): the answer is the event
    // as the re-poll after the update saw it.
    let live = backend
        .live_action(id.clone(), LiveAction::GoLive)
        .await
        .expect("go live");
    assert_eq!(live.status, Status::Live);
    assert_eq!(live.audience, "live");
    assert_eq!(live.playback_id, id);
    assert_eq!(live.control.recording_status, Some(2));
    let ended = backend
        .live_action(id.clone(), LiveAction::End)
        .await
        .expect("end for attendees");
    assert_eq!(ended.status, Status::EndedFeedOn);

    // The encoder stops (the sandbox's control, as a test script drives it).
    webcast_support::encoder_stops(&sb, &id).await;
    let ready = poll_until(&backend, &id, Status::RecordingReady).await;
    assert_ne!(ready.playback_id, id, "attendees get the recording");
    assert_eq!(ready.audience, format!("recording {}", ready.playback_id));
    assert!(
        ready
            .detail
            .recordings
            .iter()
            .any(|r| r.id == ready.playback_id && r.status == "READY")
    );

    let links = backend.links(id.clone()).await.expect("links");
    assert_eq!(links.playback_id, ready.playback_id);
    assert!(
        links
            .attendee_url
            .contains(&format!("entry_id={}", ready.playback_id))
    );

    let found = backend.search("Board town".into()).await.expect("search");
    assert!(found.iter().any(|v| v.id == id), "search finds it by name");
    let found = backend.search(id.clone()).await.expect("search");
    assert!(found.iter().any(|v| v.id == id), "search finds it by ID");

    let studio = backend.studio(id.clone()).await.expect("studio");
    assert!(
        studio
            .params
            .iter()
            .any(|(k, v)| k == "MediaEntryId" && *v == id)
    );
}

#[tokio::test]
async fn errors_are_sentences_not_panics() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let backend = WebcastBackend::new(webcast(&sb), Journal::in_dir(dir.path()), Some(&sb.url()));
    let err = backend
        .simulate("0_nosuch00".into(), SimAction::Broadcast)
        .await
        .expect_err("unknown entry");
    assert!(!err.is_empty());
    let err = backend
        .links("0_nosuch00".into())
        .await
        .expect_err("unknown entry");
    assert!(
        err.contains("ENTRY_ID_NOT_FOUND") || err.contains("not found"),
        "{err}"
    );
    let views = backend
        .poll(vec!["0_nosuch00".into()])
        .await
        .expect("a poll answers for missing events");
    assert_eq!(views.len(), 1);
    assert_eq!(views[0].status, Status::Error);

    let no_sandbox = WebcastBackend::new(webcast(&sb), Journal::in_dir(dir.path()), None);
    let err = no_sandbox
        .simulate("0_nosuch00".into(), SimAction::Broadcast)
        .await
        .expect_err("no simulator");
    assert!(err.contains("sandbox"), "{err}");
    // A live action on an unknown entry: Kaltura's code in the sentence.
    let err = no_sandbox
        .live_action("0_nosuch00".into(), LiveAction::GoLive)
        .await
        .expect_err("unknown entry");
    assert!(err.contains("ENTRY_ID_NOT_FOUND"), "{err}");
}

#[tokio::test]
async fn the_io_task_answers_with_the_request_tag() {
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let backend = WebcastBackend::new(webcast(&sb), Journal::in_dir(dir.path()), Some(&sb.url()));
    let (req_tx, req_rx) = tokio::sync::mpsc::unbounded_channel();
    let (msg_tx, mut msg_rx) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(io_task::run(backend, req_rx, msg_tx));
    req_tx
        .send(IoRequest {
            tag: 41,
            kind: IoKind::Search {
                text: "nothing like this".into(),
            },
        })
        .expect("send");
    req_tx
        .send(IoRequest {
            tag: 42,
            kind: IoKind::Poll {
                ids: vec!["0_nosuch00".into()],
            },
        })
        .expect("send");
    let mut seen = Vec::new();
    while seen.len() < 2 {
        let msg = tokio::time::timeout(Duration::from_secs(20), msg_rx.recv())
            .await
            .expect("an answer")
            .expect("open");
        let Msg::Io(reply) = msg else {
            panic!("only IO answers come from the IO task")
        };
        match (reply.tag, &reply.result) {
            (41, IoResult::Searched(Ok(found))) => assert!(found.is_empty()),
            (42, IoResult::Polled(Ok(views))) => assert_eq!(views[0].status, Status::Error),
            (tag, other) => panic!("unexpected answer {tag}: {other:?}"),
        }
        seen.push(reply.tag);
    }
    drop(req_tx);
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("the task ends with its channel")
        .expect("no panic");
}

/// Following the journal: what another kwebcast (another `Webcast` on the same journal) creates
/// or forgets is answered once; what the board itself creates, watches or forgets never is.
#[tokio::test]
async fn the_journal_follower_answers_other_kwebcasts_changes_and_not_the_boards_own() {
    use kwebcast::webcast::RemovalKind;
    use kwebcast::webcast::journal::follow::BoardChange;
    let sb = sandbox(1000.0).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let journal = Journal::in_dir(dir.path());
    let backend = WebcastBackend::new(webcast(&sb), journal.clone(), Some(&sb.url()))
        .following_from(Vec::new());
    assert_eq!(backend.follow_journal().await, Ok(None));

    // The board's own create: journaled, never answered as another's.
    let mine = backend.create(new_event("Mine")).await.expect("create");
    assert_eq!(backend.follow_journal().await, Ok(None));

    // Another kwebcast's create joins once, named, as a create.
    let other = webcast(&sb);
    let req = kwebcast::webcast::CreateRequest {
        name: "Theirs".into(),
        description: String::new(),
        start: now() + 600,
        end: now() + 4200,
        timezone: "UTC".into(),
        presenter: Default::default(),
        recording: true,
        dvr: true,
        reference: None,
    };
    let theirs = other.create(&req, &journal).await.expect("their create");
    let theirs = theirs.entry_id().to_string();
    let change: BoardChange = backend
        .follow_journal()
        .await
        .expect("readable")
        .expect("a change");
    assert_eq!(change.joined.len(), 1);
    assert_eq!(
        (
            change.joined[0].id.as_str(),
            change.joined[0].name.as_str(),
            change.joined[0].created
        ),
        (theirs.as_str(), "Theirs", true)
    );
    assert!(change.left.is_empty());
    assert_eq!(backend.follow_journal().await, Ok(None), "answered once");

    // The board forgets its own: not answered; another forgets theirs: answered with the kind.
    backend.forget(mine.id.clone()).await.expect("forget");
    assert_eq!(backend.follow_journal().await, Ok(None));
    other.forget(&theirs, &journal).await.expect("their forget");
    let change = backend.follow_journal().await.unwrap().expect("a change");
    assert_eq!(change.left.len(), 1);
    assert_eq!(change.left[0].id, theirs);
    assert_eq!(change.left[0].kind, Some(RemovalKind::Forgotten));

    // The board's own `w` of the forgotten event: not answered either.
    backend
        .remember_watch(theirs.clone(), "Theirs".into(), None)
        .await
        .expect("watched");
    assert_eq!(backend.follow_journal().await, Ok(None));
}
