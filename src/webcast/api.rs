//! [`Webcast`]: the handle the faces hold — the Kaltura client, the settings, and what has been
//! learnt about the account (its player uiConf) so later calls need not ask again.

use super::batch::{Answers, Batch, Slot};
use super::settings::WebcastSettings;
use crate::kaltura::client::KalturaClient;
use crate::kaltura::services::Pager;
use crate::kaltura::services::ui_conf::{self, UiConfFilter};
use crate::kaltura::types::{UiConf, UiConfObjType};
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

    /// Queues `uiConf.list(objTypeEqual 1, pageSize 1)` while no player uiConf is known, so the
    /// first poll, resolution, create or Studio lookup learns it without a round-trip of its own.
    pub(crate) fn queue_player_lookup(&self, batch: &mut Batch) -> Option<Slot> {
        self.player_uiconf().is_none().then(|| {
            let filter = UiConfFilter {
                obj_type_equal: Some(UiConfObjType::Player),
                ..UiConfFilter::default()
            };
            batch.push(ui_conf::list(&filter, Some(&Pager::first(1))))
        })
    }

    /// Reads the lookup queued by [`Webcast::queue_player_lookup`]. Best effort: without a
    /// player, links say so; everything else works.
    pub(crate) fn take_player_lookup(&self, answers: &mut Answers, slot: Option<Slot>) {
        let Some(slot) = slot else { return };
        if let Some(first) = answers
            .take_list::<UiConf>(slot)
            .ok()
            .and_then(|l| l.into_iter().next())
        {
            let _ = self.discovered_player.set(first.id);
        }
    }
}
