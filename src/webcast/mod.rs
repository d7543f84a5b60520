//! The seed app's webcast workflows as a library: create an event, watch its state, resolve what
//! attendees should play, hand out links, launch the Studio — plus the local journal, QR codes
//! and clipboard copies the faces (CLI and dashboard) share.
//!
//! Owns no terminal and parses no flags; talks to Kaltura only through `kaltura::client`.
//!
//! | call | HTTP requests | how |
//! |---|---|---|
//! | [`Webcast::create`] | 1 with the live conversion profile known (configured or remembered), else 2 (+1 with a reference not in the journal, +1 with `moderator_scope = "event"`) | the lookups, then `liveStream.add` with a checked profile and the metadata by `{N:result}` reference, every dependent slot checked ([`create`]) |
//! | [`Webcast::recover`] | 1 per retry across the index lag, +1 per entry found | [`recover`] |
//! | [`Webcast::finish`] | 1, or 2 when a record exists / the profile must be set | [`finish`] |
//! | [`Webcast::edit`] | 2 (3 when an encoder is connected and recording or DVR changes) | read the entry and its `KMS_EVENTS3` record, then `liveStream.update` and `metadata.update` (merged XML, the version read) together ([`edit`]) |
//! | [`Webcast::delete_plan`], [`Webcast::delete`] | 1, then 1 (+1 with the recordings) | the entry and its recordings; `liveStream.delete`, then `baseEntry.delete` of each recording once Kaltura took the event's ([`delete`]) |
//! | [`Webcast::forget`] | 0 | a journal record only |
//! | [`Webcast::poll`] | ⌈N/50⌉ | one multirequest per 50 IDs (state, recordings, schedules, ingest health, live events' viewers), +1 for a chunk with over 500 recordings ([`poll`]) |
//! | [`Webcast::realtime_audience`] | 1 | `report.getGraphs` 10005 of one live event (the board's selected one, every `viewers_interval`) |
//! | [`Webcast::resolve_playback`] | 1 | [`poll`] |
//! | [`Webcast::studio`] | 1 (+2 with an app token) | `studio_flow.rs` |
//! | [`Webcast::search`] | 2 | a list, then a poll |
//! | [`Webcast::view_page`] | 2 per page of 50 | the account's webcasts (Upcoming, Live now, Past): a list from the search index in the view's order, then a poll ([`account_views`]) |
//! | [`Webcast::run_action`] | 2 | `liveStream.update`, then a poll of the event (`action_flow.rs`) |
//! | [`Webcast::links`] | 1 (the attendee short link); 3 with an app token (none while cached) | KSs signed locally, or minted with the app token (`link_flow.rs`); `shortlink_shortlink.add` (`short_link.rs`) |
//!
//! The pure parts ([`actions`], [`watchdog`], [`state`], [`playback`], [`links`], [`studio`], [`xml`], [`qr`],
//! [`clipboard`]) are usable without a client.

#![warn(missing_docs)]

pub mod account_views;
mod action_flow;
pub mod actions;
pub mod api;
pub mod audience;
mod batch;
pub mod clipboard;
pub mod create;
pub mod delete;
pub mod edit;
pub mod encode;
pub mod entry_id;
pub mod finish;
pub mod health;
pub mod journal;
mod link_flow;
pub mod links;
pub mod memory;
mod metadata_step;
pub mod playback;
pub mod poll;
pub mod poll_cache;
mod profiles;
pub mod qr;
pub mod recover;
pub mod request;
pub mod settings;
mod short_link;
pub mod simulator;
pub mod snapshot;
pub mod state;
pub mod studio;
mod studio_flow;
pub mod time;
pub mod token_prune;
pub mod watch_list;
pub mod watchdog;
pub mod xml;
pub mod xml_merge;

pub use account_views::{AccountView, ViewError, ViewPage};
pub use action_flow::ActionOutcome;
pub use actions::{ControlFacts, LiveAction, Preflight};
pub use api::Webcast;
pub use clipboard::{ClipboardPolicy, CopyOutcome, CopyPath};
pub use create::{CreateError, Created, PreparedCreate};
pub use delete::{DeleteError, DeletePlan, Deleted, ForgetError};
pub use edit::{Change, EditError, EditFailure, EditPart, EditSource, Edited, EventEdit};
pub use finish::{FinishError, Finished};
pub use health::StreamHealth;
pub use journal::{AttemptState, CreateAttempt, Journal, JournalRecord, Removal, RemovalKind};
pub use links::{LinkError, Links, QrTarget, ShortUrl};
pub use playback::{Playback, PlaybackReason};
pub use recover::{Recovered, Recovery};
pub use request::{CreateRequest, CreateStep, PendingStep};
pub use settings::{AttendeeExpiry, ModeratorScope, WebcastSettings};
pub use snapshot::{EventSnapshot, EventSummary, Problem};
pub use state::EventState;
pub use studio::StudioInfo;
pub use watchdog::{Alert, AlertKind, AlertTracker, Severity, WatchFacts, WatchdogConfig};
pub use xml::{Presenter, Schedule};
