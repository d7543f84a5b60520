//! The copy runner: OSC 52 finishes on the calling (UI) task, the system clipboard answers later
//! as a message, without holding the caller while the setter blocks.

use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use crate::tui::action::Msg;
use crate::tui::copy::Copier;
use crate::webcast::ClipboardPolicy;
use crate::webcast::clipboard::{ClipboardEnv, ClipboardError, CopyPath};

fn local_display() -> ClipboardEnv {
    ClipboardEnv {
        display: true,
        served_by_process: true,
        ..ClipboardEnv::default()
    }
}

#[tokio::test]
async fn a_system_copy_answers_later_and_never_holds_the_ui_task() {
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let release_rx = Mutex::new(release_rx);
    let copied = Arc::new(Mutex::new(None::<String>));
    let seen = copied.clone();
    let copier = Copier::with(
        ClipboardPolicy::Auto,
        local_display(),
        Arc::new(move |text: &str| {
            // Like arboard on a slow display: blocks until the test lets it go.
            let rx = release_rx.lock().unwrap_or_else(|p| p.into_inner());
            rx.recv_timeout(Duration::from_secs(10))
                .map_err(|_| ClipboardError::System("never released".into()))?;
            *seen.lock().unwrap() = Some(text.to_string());
            Ok(())
        }),
    );
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut terminal = Vec::new();
    let started = copier.start(
        "https://x/".into(),
        "attendee link".into(),
        &mut terminal,
        &tx,
    );
    assert!(started.is_none(), "the answer comes later, as a message");
    assert!(terminal.is_empty(), "no OSC 52 while the system path runs");
    release_tx.send(()).expect("setter waiting");
    let msg = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("answer")
        .expect("open");
    let Msg::SystemCopied(done) = msg else {
        panic!("a system-copy answer")
    };
    let outcome = done.result.expect("copied");
    assert_eq!((outcome.path, outcome.trusted), (CopyPath::System, true));
    assert!(done.fallback_to_osc52, "policy auto falls back to OSC 52");
    assert_eq!(copied.lock().unwrap().as_deref(), Some("https://x/"));
}

#[tokio::test]
async fn osc52_and_off_finish_on_the_calling_task() {
    let never = |_: &str| -> Result<(), ClipboardError> { panic!("system clipboard used") };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut terminal = Vec::new();
    let osc52 = Copier::with(ClipboardPolicy::Osc52, local_display(), Arc::new(never));
    let words = osc52
        .start("t".into(), "attendee link".into(), &mut terminal, &tx)
        .expect("done at once")
        .expect("written");
    assert!(
        words.starts_with("copied via OSC 52 (unconfirmed: paste to check): the attendee link"),
        "{words}"
    );
    assert!(terminal.starts_with(b"\x1b]52;c;"));

    let off = Copier::with(ClipboardPolicy::Off, local_display(), Arc::new(never));
    let words = off
        .start("t".into(), "attendee link".into(), &mut Vec::new(), &tx)
        .expect("done at once")
        .expect("nothing to fail");
    assert!(words.contains("clipboard is off"), "{words}");
    assert!(rx.try_recv().is_err(), "no message for either");
}
