//! The dashboard: what an operator keeps open for a whole event.
//!
//! Owns the terminal and nothing else: workflows live in `webcast`, the protocol in `kaltura`.
//! Shape: one UI task (`event_loop`) owns `AppState`; `update` is pure and returns effects; an IO
//! task (`io_task`) runs them against a `Backend` and answers with tagged messages; drawing
//! (`draw`, `tabs`, `widgets`) is a pure function of the state.

#![deny(missing_docs)]

pub mod action;
pub mod backend;
pub mod copy;
pub mod draw;
pub mod event_loop;
pub mod fmt;
pub mod form;
pub mod io_task;
pub mod keymap;
pub mod live_state;
pub mod manage;
pub mod manage_backend;
pub mod prompt;
pub mod state;
pub mod tabs;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;
pub mod webcast_backend;
pub mod widgets;

use std::path::PathBuf;
use std::time::Duration;

use jiff::tz::TimeZone;

pub use copy::Copier;

use crate::webcast::{ClipboardPolicy, Journal, WatchdogConfig, Webcast, watch_list};
use backend::Backend;
use state::{AppState, StateConfig};
use webcast_backend::WebcastBackend;

/// What the CLI passes to the dashboard (flags and config already resolved).
pub struct DashboardOptions {
    /// The in-process sandbox's URL: shows the SANDBOX label and enables the simulator keys.
    pub sandbox_url: Option<String>,
    /// Entry IDs to watch besides the journal's (`--watch ENTRY`).
    pub watch: Vec<String>,
    /// Capture the mouse (`--mouse`); off by default so terminal selection keeps working.
    pub mouse: bool,
    /// No colours (`--no-color`; `NO_COLOR` in the environment is honoured as well).
    pub no_color: bool,
    /// Seconds between background polls.
    pub poll_interval: Duration,
    /// How `c` copies.
    pub clipboard: ClipboardPolicy,
    /// Ring the terminal bell on transitions and new alerts.
    pub bell: bool,
    /// The watchdog's knobs for this backend.
    pub watchdog: WatchdogConfig,
    /// The journal: its events are watched at start and followed while the board is open
    /// (another kwebcast's creates join, its forgets and deletes leave), and creates append
    /// to it.
    pub journal: Journal,
    /// Where logs go (shown on the help screen; the CLI sets up the subscriber).
    pub log_file: PathBuf,
    /// `http://` URLs to other machines let through by `allow_insecure_http`, as (key, host):
    /// warned about in the header for as long as the board is open.
    pub insecure_urls: Vec<(&'static str, String)>,
}

/// Opens the dashboard on `webcast` and returns when the operator quits (or on SIGTERM/SIGHUP);
/// the terminal is restored on every path.
pub async fn run(webcast: Webcast, opts: DashboardOptions) -> anyhow::Result<()> {
    let client = webcast.client();
    let mut notices = Vec::new();
    let mut log = Vec::new();
    // Unreadable at start: followed from an empty board, so its events join once it reads.
    let journal_board: Vec<String> = match opts.journal.load() {
        Ok(load) => {
            notices.extend(load.skipped_notice());
            // Events of a built-in sandbox that was reset are gone with its data: they leave
            // the board once, with a note, and the journal remembers it.
            let left = watch_list::reset_sandbox_events(
                &load,
                client.partner_id(),
                webcast.journal_service(),
            );
            if let Some(note) = watch_list::sandbox_reset_note(&left) {
                match watch_list::record_sandbox_reset(&opts.journal, &left) {
                    Ok(()) => log.push(note),
                    Err(e) => {
                        notices.push(format!("{note}, but the journal could not say so: {e}"))
                    }
                }
            }
            load.board_ids(client.partner_id(), webcast.journal_service())
        }
        Err(e) => {
            tracing::warn!("journal unreadable, starting with --watch only: {e}");
            notices.push(format!(
                "the journal could not be read ({e}); watching --watch events only"
            ));
            Vec::new()
        }
    };
    let insecure = (!opts.insecure_urls.is_empty()).then(|| {
        let hosts: Vec<&str> = opts.insecure_urls.iter().map(|(_, h)| h.as_str()).collect();
        format!("http:// to {}", hosts.join(", "))
    });
    for (key, host) in &opts.insecure_urls {
        notices.push(
            crate::config::insecure_warning(key, host)
                .trim_start_matches("warning: ")
                .to_string(),
        );
    }
    let mut watch = journal_board.clone();
    watch.extend(opts.watch.iter().cloned());
    tracing::info!(events = watch.len(), sandbox = opts.sandbox_url.is_some(), log = %opts.log_file.display(), "dashboard starting");
    let account = {
        let host = client
            .service_url()
            .split("://")
            .nth(1)
            .unwrap_or(client.service_url());
        format!(
            "partner {} @ {}",
            client.partner_id(),
            host.trim_end_matches('/')
        )
    };
    let viewers_interval = Duration::from_secs(webcast.settings().viewers_interval.unsigned_abs());
    // Events other kwebcasts add to the journal or take off it from now on reach the board.
    let backend = WebcastBackend::new(webcast, opts.journal.clone(), opts.sandbox_url.as_deref())
        .following_from(journal_board);
    let ui = UiOptions {
        sandbox: opts.sandbox_url.is_some(),
        watch,
        mouse: opts.mouse,
        no_color: opts.no_color,
        poll_interval: opts.poll_interval,
        bell: opts.bell,
        watchdog: opts.watchdog,
        copier: Copier::new(opts.clipboard),
        log_file: Some(opts.log_file.display().to_string()),
        account: Some(account),
        insecure,
        notices,
        log,
        viewers_interval,
    };
    run_with(backend, ui).await
}

/// Options of the dashboard independent of the backend (what `run` derives from the CLI).
pub struct UiOptions {
    /// Running against the built-in sandbox.
    pub sandbox: bool,
    /// Entry IDs to watch at start (journal + `--watch`).
    pub watch: Vec<String>,
    /// Capture the mouse (off by default so terminal selection keeps working).
    pub mouse: bool,
    /// Drop all colours.
    pub no_color: bool,
    /// Seconds between polls.
    pub poll_interval: Duration,
    /// Ring the bell on transitions and new alerts.
    pub bell: bool,
    /// The watchdog's knobs.
    pub watchdog: WatchdogConfig,
    /// How `c` copies.
    pub copier: Copier,
    /// Where logs go (shown on the help screen).
    pub log_file: Option<String>,
    /// Which account, for the header ("partner 123 @ www.kaltura.com").
    pub account: Option<String>,
    /// What the header warns about ("http:// to kaltura.example.edu"), if anything.
    pub insecure: Option<String>,
    /// Shown once in the error bar at start (skipped journal lines, an insecure URL).
    pub notices: Vec<String>,
    /// Event-log lines about the board before it opened (events of a reset sandbox that left).
    pub log: Vec<String>,
    /// How often the selected live event's realtime audience graph is read.
    pub viewers_interval: Duration,
}

/// Runs the dashboard over any backend; `run` is this with the real `Webcast`.
pub async fn run_with<B: Backend>(backend: B, opts: UiOptions) -> anyhow::Result<()> {
    let color = !opts.no_color && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let cfg = StateConfig {
        sandbox: opts.sandbox,
        bell: opts.bell,
        color,
        poll_secs: i64::try_from(opts.poll_interval.as_secs())
            .unwrap_or(i64::MAX)
            .max(1),
        watch: opts.watch,
        log_file: opts.log_file,
        account: opts.account,
        reference_seed: {
            use rand::RngCore;
            let mut seed = [0u8; 6];
            rand::rngs::OsRng.fill_bytes(&mut seed);
            hex::encode(seed)
        },
        insecure: opts.insecure,
        notices: opts.notices,
        log: opts.log,
        watchdog: opts.watchdog,
        viewers_secs: i64::try_from(opts.viewers_interval.as_secs())
            .unwrap_or(i64::MAX)
            .max(1),
    };
    let state = AppState::new(cfg, event_loop::unix_now(), TimeZone::system(), (80, 24));
    event_loop::run(backend, state, opts.mouse, opts.copier).await
}

#[cfg(test)]
mod tests;
