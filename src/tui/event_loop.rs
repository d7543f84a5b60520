//! The UI task: one `select!` over terminal events, IO answers, signals and a slow tick. It owns
//! the state, applies `update`, runs the effects that need the terminal (clipboard via OSC 52,
//! bell, suspend; `copy` hands the system clipboard to a thread of its own) and redraws only
//! when `update` says something visible changed.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crossterm::event::{Event, EventStream, KeyCode, KeyEvent, KeyModifiers};
use futures::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc::unbounded_channel;
use tokio::time::MissedTickBehavior;

use super::action::{Effect, IoResult, Msg};
use super::backend::Backend;
use super::copy::Copier;
use super::draw::draw;
use super::io_task;
use super::state::AppState;
use super::terminal::TerminalGuard;
use super::update::{start, update};
use crate::webcast::clipboard;

/// The wall clock, in unix seconds; read here only, so `update` stays pure.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn to_msg(ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(k) => Some(Msg::Key(k)),
        Event::Paste(s) => Some(Msg::Paste(s)),
        Event::Mouse(m) => Some(Msg::Mouse(m)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        Event::FocusGained | Event::FocusLost => None,
    }
}

/// Runs the dashboard until the operator quits or a signal asks us to stop.
pub async fn run<B: Backend>(
    backend: B,
    mut state: AppState,
    mouse: bool,
    copier: Copier,
) -> anyhow::Result<()> {
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut sigint = signal(SignalKind::interrupt())?;
    let mut sigtstp = signal(SignalKind::from_raw(libc::SIGTSTP))?;
    let mut guard = TerminalGuard::enter(mouse)?;
    if let Ok(size) = guard.terminal.size() {
        state.size = (size.width, size.height);
    }
    let (io_tx, io_rx) = unbounded_channel();
    let (msg_tx, mut msg_rx) = unbounded_channel();
    let copy_tx = msg_tx.clone();
    let io = tokio::spawn(io_task::run(backend, io_rx, msg_tx));
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    // After a stall (suspend, slow terminal) run one tick, not a burst of them.
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    // Settle the creates an earlier run (or a killed `create`) left pending.
    for effect in start(&mut state, unix_now()).effects {
        if let Effect::Io(req) = effect {
            let _ = io_tx.send(req);
        }
    }
    guard.terminal.draw(|f| draw(f, &state))?;
    let result = loop {
        let msg = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(ev)) => match to_msg(ev) { Some(m) => m, None => continue },
                Some(Err(e)) => break Err(anyhow::anyhow!("reading the terminal failed: {e}")),
                None => break Ok(()),
            },
            Some(m) = msg_rx.recv() => m,
            _ = tick.tick() => Msg::Tick,
            _ = sigterm.recv() => break Ok(()),
            _ = sighup.recv() => break Ok(()),
            _ = sigint.recv() => break Ok(()),
            _ = sigtstp.recv() => Msg::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL)),
        };
        let polled = matches!(&msg, Msg::Io(reply) if matches!(reply.result, IoResult::Polled(_)));
        let outcome = update(&mut state, msg, unix_now());
        if polled {
            // The previous views are dropped now: give their pages back.
            crate::memory::release_free_pages();
        }
        let mut redraw = outcome.redraw;
        for effect in outcome.effects {
            match effect {
                Effect::Io(req) => {
                    tracing::debug!(tag = req.tag, kind = req.kind.name(), "io request");
                    if io_tx.send(req).is_err() {
                        state.push_error("the IO task stopped; restart kwebcast");
                    }
                }
                Effect::Copy { text, what } => {
                    if let Some(done) = copier.start(text, what, &mut std::io::stdout(), &copy_tx) {
                        report_copy(&mut state, done);
                        redraw = true;
                    }
                }
                Effect::Osc52Fallback { text, what } => {
                    let why = " (system clipboard unavailable)";
                    let done = copier.osc52(&text, &what, why, &mut std::io::stdout());
                    report_copy(&mut state, done);
                    redraw = true;
                }
                Effect::Bell => guard.bell(),
                Effect::Suspend => {
                    guard.suspend()?;
                    redraw = true;
                }
            }
        }
        if state.quit {
            break Ok(());
        }
        if redraw {
            guard.terminal.draw(|f| draw(f, &state))?;
        }
    };
    io.abort();
    drop(guard);
    // Stopped (quit after the question, SIGTERM, SIGHUP) with a create in flight: the journal
    // holds it as pending; say so, with its reference, now that the terminal is back.
    if let Some((reference, name)) = &state.form.pending_create {
        tracing::warn!(
            reference,
            "stopped with a create in flight; it stays pending in the journal"
        );
        // The name is the operator's typing (a paste may carry anything): cleaned like every
        // other line that reaches the terminal.
        eprintln!(
            "kwebcast: stopped while creating \"{}\" (reference {}): the journal keeps it \
             pending; the next start or `kwebcast recover` looks it up and records it",
            crate::text::line(name),
            crate::text::line(reference)
        );
    }
    // Offer what we copied to a clipboard manager: on X11 it is gone with us otherwise.
    clipboard::release_system();
    result
}

/// Puts a finished copy on the status line, or its failure in the error bar.
fn report_copy(state: &mut AppState, done: Result<String, String>) {
    match done {
        Ok(words) => state.set_status(words),
        Err(e) => state.push_error(format!("copy failed: {e}")),
    }
}
