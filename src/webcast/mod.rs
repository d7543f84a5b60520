//! The seed app's webcast workflows as a library: create an event, watch its state, resolve what
//! attendees should play, hand out links, launch the Studio — plus the local journal, QR codes
//! and clipboard copies the faces (CLI and dashboard) share.
//!
//! Owns no terminal and parses no flags; talks to Kaltura only through `kaltura::client`.

pub mod clipboard;
pub mod encode;
pub mod journal;
pub mod links;
pub mod playback;
pub mod qr;
pub mod request;
pub mod settings;
pub mod simulator;
pub mod state;
pub mod studio;
pub mod time;
pub mod xml;

pub use clipboard::{ClipboardPolicy, CopyOutcome, CopyPath};
pub use journal::{Journal, JournalRecord};
pub use links::{LinkError, Links};
pub use playback::{Playback, PlaybackReason};
pub use request::{CreateRequest, CreateStep, PendingStep};
pub use settings::{AttendeeExpiry, WebcastSettings};
pub use state::EventState;
pub use studio::StudioInfo;
pub use xml::{Presenter, Schedule};
