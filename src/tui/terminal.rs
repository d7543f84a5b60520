//! The terminal guard: raw mode, alternate screen, bracketed paste and (optionally) mouse capture,
//! undone on every exit path: drop, panic (hook), signals (the event loop returns, the guard
//! drops) and around Ctrl-Z suspension. Nothing else in the dashboard touches terminal modes.

use std::cell::Cell;
use std::future::Future;
use std::io::{self, Stdout, Write};
use std::pin::Pin;
use std::sync::Once;
use std::task::{Context, Poll};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// The terminal, owned for the dashboard's lifetime.
pub struct TerminalGuard {
    /// The ratatui terminal drawing to stdout.
    pub terminal: Terminal<CrosstermBackend<Stdout>>,
    mouse: bool,
}

static PANIC_HOOK: Once = Once::new();

thread_local! {
    /// Set while this thread polls an IO job (see `contained`).
    static IN_IO_JOB: Cell<bool> = const { Cell::new(false) };
}

/// Restores the terminal before the default panic message prints, so it is readable. A panic
/// inside an IO job is different: the job's task dies, the IO task answers with an error, and
/// the board keeps running, so the terminal must stay as it is and the message goes to the log.
fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if IN_IO_JOB.with(Cell::get) {
                tracing::error!("panic in an IO job: {info}");
                return;
            }
            restore(true);
            previous(info);
        }));
    });
}

/// Marks a future as an IO job for the panic hook (see `install_panic_hook`).
pub fn contained<F: Future>(job: F) -> Contained<F> {
    Contained { job: Box::pin(job) }
}

/// A future polled with the IO-job mark set.
pub struct Contained<F> {
    job: Pin<Box<F>>,
}

struct Unmark;

impl Drop for Unmark {
    fn drop(&mut self) {
        IN_IO_JOB.with(|f| f.set(false));
    }
}

impl<F: Future> Future for Contained<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        IN_IO_JOB.with(|f| f.set(true));
        let _unmark = Unmark;
        self.job.as_mut().poll(cx)
    }
}

fn setup(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, EnableBracketedPaste)?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    Ok(())
}

/// Puts the terminal back as the shell expects it. Idempotent and infallible on purpose: it runs
/// on error paths where nothing better can be done with a failure.
pub fn restore(mouse: bool) {
    let mut out = io::stdout();
    if mouse {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

impl TerminalGuard {
    /// Takes the terminal over.
    pub fn enter(mouse: bool) -> io::Result<Self> {
        install_panic_hook();
        if let Err(e) = setup(mouse) {
            restore(mouse);
            return Err(e);
        }
        let terminal = match Terminal::new(CrosstermBackend::new(io::stdout())) {
            Ok(t) => t,
            Err(e) => {
                restore(mouse);
                return Err(e);
            }
        };
        Ok(TerminalGuard { terminal, mouse })
    }

    /// Ctrl-Z: give the terminal back, stop the process like a shell job, and take the terminal
    /// again when the shell continues us (`fg`). The next draw repaints everything.
    pub fn suspend(&mut self) -> io::Result<()> {
        restore(self.mouse);
        // SIGSTOP rather than SIGTSTP: the event loop handles SIGTSTP itself (to restore the
        // terminal first), so raising it would only come back to us.
        // SAFETY: raise has no memory-safety preconditions.
        unsafe {
            libc::raise(libc::SIGSTOP);
        }
        setup(self.mouse)?;
        self.terminal.clear()
    }

    /// Rings the terminal bell.
    pub fn bell(&mut self) {
        let mut out = io::stdout();
        let _ = out.write_all(b"\x07").and_then(|()| out.flush());
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore(self.mouse);
    }
}
