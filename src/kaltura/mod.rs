//! The Kaltura API v3 protocol layer: sessions, the wire format, the HTTP client, typed objects.
//!
//! Nothing here knows about webcasts; `webcast/` builds the workflows on top of it.

pub mod app_token;
pub mod client;
pub mod error;
pub mod ks;
pub mod secret;
pub mod services;
pub mod types;
pub mod wire;
