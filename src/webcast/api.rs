//! [`Webcast`]: the handle the faces hold — the Kaltura client, the settings, and what has been
//! learnt about the account (its player uiConf) so later calls need not ask again.

use super::batch::{Answers, Batch, Slot};
use super::settings::WebcastSettings;
use crate::kaltura::client::KalturaClient;
use crate::kaltura::services::Pager;
use crate::kaltura::services::ui_conf::{self, UiConfFilter};
use crate::kaltura::types::ui_conf::V7_PLAYER_TAG;
use crate::kaltura::types::{UiConf, UiConfObjType};
use std::sync::{Arc, Mutex, OnceLock};

/// The webcast workflows over one account. Cheap to clone (shares the client's connection pool),
/// so the dashboard's IO task and the CLI can each hold one.
#[derive(Debug, Clone)]
pub struct Webcast {
    pub(crate) client: KalturaClient,
    pub(crate) settings: Arc<WebcastSettings>,
    /// The account's newest v7 player uiConf, found during a poll when none is configured.
    pub(crate) discovered_player: Arc<OnceLock<i64>>,
    /// What past polls read that later ones need not ask again (see `poll_cache`).
    pub(crate) poll_cache: Arc<Mutex<super::poll_cache::PollCache>>,
    /// Poll whole objects instead of only the fields kwebcast reads (benchmarks compare both).
    pub(crate) full_answers: bool,
    /// Short attendee links made so far, with the attendee KSs inside them (`short_link.rs`).
    pub(crate) short_links: Arc<super::short_link::ShortLinks>,
}

impl Webcast {
    /// Wraps a client (with an admin KS provider) and the webcast settings.
    pub fn new(client: KalturaClient, settings: WebcastSettings) -> Self {
        Webcast {
            client,
            settings: Arc::new(settings),
            discovered_player: Arc::new(OnceLock::new()),
            poll_cache: Arc::new(Mutex::new(super::poll_cache::PollCache::default())),
            full_answers: false,
            short_links: Arc::default(),
        }
    }

    /// The same, polling whole objects as Kaltura answers them by default (no response
    /// profile): what kwebcast did before trimming, kept for side-by-side measurements.
    pub fn with_full_answers(mut self) -> Self {
        self.full_answers = true;
        self
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

    /// What journal records (and the account memory, `accounts.json`) of this account are
    /// scoped by besides the partner: the service URL, or the in-process sandbox's instance (its URL changes every run, its data does not;
    /// a reset gives it a new instance, so the old events leave the board).
    pub fn journal_service(&self) -> &str {
        self.settings
            .journal_service
            .as_deref()
            .unwrap_or(self.client.service_url())
    }

    /// The player uiConf for attendee links: configured, or discovered by an earlier poll.
    pub fn player_uiconf(&self) -> Option<i64> {
        self.settings
            .uiconf_id
            .or_else(|| self.discovered_player.get().copied())
    }

    /// Queues `uiConf.list(objTypeEqual 1, tagsMultiLikeOr kalturaPlayerJs, -createdAt)` while
    /// no player uiConf is known, so the first poll, resolution, create or Studio lookup learns
    /// it without a round-trip of its own. Only v7 players will do: `embedPlaykitJs` refuses a
    /// v2 player, which an older account may list first.
    pub(crate) fn queue_player_lookup(&self, batch: &mut Batch) -> Option<Slot> {
        self.player_uiconf().is_none().then(|| {
            let filter = UiConfFilter {
                obj_type_equal: Some(UiConfObjType::Player),
                tags_multi_like_or: Some(V7_PLAYER_TAG.into()),
                order_by: Some("-createdAt".into()),
                ..UiConfFilter::default()
            };
            let req = ui_conf::list(&filter, Some(&Pager::first(PLAYER_PAGE)));
            batch.push(if self.full_answers {
                req
            } else {
                req.only_fields(&["id", "objType", "tags", "createdAt"])
            })
        })
    }

    /// Reads the lookup queued by [`Webcast::queue_player_lookup`]: the newest v7 player.
    /// Best effort: without one, links say so (naming `uiconf_id`); everything else works.
    pub(crate) fn take_player_lookup(&self, answers: &mut Answers, slot: Option<Slot>) {
        let Some(slot) = slot else { return };
        if let Some(id) = answers
            .take_list::<UiConf>(slot)
            .ok()
            .and_then(|l| newest_v7_player(&l))
        {
            let _ = self.discovered_player.set(id);
        }
    }
}

/// uiConfs read by one player lookup: enough to see past a page of tag look-alikes.
const PLAYER_PAGE: i64 = 30;

/// The newest v7 player among `found` (checked here too: the `tagsMultiLikeOr` filter matches
/// substrings, and a server may ignore it).
pub fn newest_v7_player(found: &[UiConf]) -> Option<i64> {
    found
        .iter()
        .filter(|u| u.is_v7_player())
        .max_by_key(|u| (u.created_at, u.id))
        .map(|u| u.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn picks_the_newest_v7_player_and_never_a_v2_one() {
        let confs: Vec<UiConf> = serde_json::from_value(json!([
            {"id": 30, "objType": 1, "tags": "html5studio,player", "html5Url": "/html5/v2", "createdAt": 300},
            {"id": 10, "objType": 1, "tags": "kalturaPlayerJs,player", "createdAt": 100},
            {"id": 20, "objType": 1, "tags": "kalturaPlayerJs,player", "createdAt": 200},
        ]))
        .unwrap();
        assert_eq!(newest_v7_player(&confs), Some(20));
        assert_eq!(newest_v7_player(&confs[..1]), None);
    }
}
