//! kwebcast: a Kaltura webcast client library, workflows, sandbox and dashboard.
//!
//! Layers (see `docs/architecture.md`): `kaltura` (protocol) ← `webcast` (workflows) ← `cli` and
//! `tui` (faces). `sandbox` stands beside `kaltura` and is used by the bootstrap and the tests.
//! `text` (the sanitiser for outside text) sits below them all.

pub mod bootstrap;
pub mod cli;
pub mod config;
pub mod files;
pub mod kaltura;
pub mod logging;
pub mod memory;
pub mod sandbox;
pub mod text;
pub mod tui;
pub mod webcast;
