//! [`Webcast`]: the handle the faces hold — the Kaltura client, the settings, and what has been
//! learnt about the account (its player uiConf) so later calls need not ask again.

use super::settings::WebcastSettings;
use crate::kaltura::client::KalturaClient;
use std::sync::{Arc, OnceLock};

/// The webcast workflows over one account. Cheap to clone (shares the client's connection pool),
/// so the dashboard's IO task and the CLI can each hold one.
#[derive(Debug, Clone)]
pub struct Webcast {
    pub(crate) client: KalturaClient,
    pub(crate) settings: Arc<WebcastSettings>,
    /// The account's first player uiConf, found during a poll when none is configured.
    pub(crate) discovered_player: Arc<OnceLock<i64>>,
}

impl Webcast {
    /// Wraps a client (with an admin KS provider) and the webcast settings.
    pub fn new(client: KalturaClient, settings: WebcastSettings) -> Self {
        Webcast {
            client,
            settings: Arc::new(settings),
            discovered_player: Arc::new(OnceLock::new()),
        }
    }

    /// The underlying API client (for faces that make their own calls, e.g. `status --raw`).
    pub fn client(&self) -> &KalturaClient {
        &self.client
    }

    /// The settings in force.
    pub fn settings(&self) -> &WebcastSettings {
        &self.settings
    }

    /// True against the built-in sandbox (the faces show a SANDBOX label).
    pub fn is_sandbox(&self) -> bool {
        self.settings.sandbox
    }

    /// The player uiConf for attendee links: configured, or discovered by an earlier poll.
    pub fn player_uiconf(&self) -> Option<i64> {
        self.settings
            .uiconf_id
            .or_else(|| self.discovered_player.get().copied())
    }
}
