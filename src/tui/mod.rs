//! The dashboard: what an operator keeps open for a whole event.
//!
//! Owns the terminal and nothing else: workflows live in `webcast`, the protocol in `kaltura`.
//! Shape: one UI task (`event_loop`) owns `AppState`; `update` is pure and returns effects; an IO
//! task (`io_task`) runs them against a `Backend` and answers with tagged messages; drawing
//! (`draw`, `tabs`, `widgets`) is a pure function of the state.

pub mod action;
pub mod backend;
pub mod draw;
pub mod event_loop;
pub mod fmt;
pub mod form;
pub mod io_task;
pub mod keymap;
pub mod state;
pub mod tabs;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;
pub mod widgets;

use std::time::Duration;

use jiff::tz::TimeZone;

pub use event_loop::Copier;

use backend::Backend;
use state::{AppState, StateConfig};

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
    /// Ring the bell on transitions.
    pub bell: bool,
    /// How `c` copies.
    pub copier: Copier,
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
    };
    let state = AppState::new(cfg, event_loop::unix_now(), TimeZone::system(), (80, 24));
    event_loop::run(backend, state, opts.mouse, opts.copier).await
}

#[cfg(test)]
mod tests;
