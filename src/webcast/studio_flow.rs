//! [`Webcast::studio`]: the Studio downloads and launch URL for an existing event, in one
//! multirequest (the entry, the profile and template lookups, and the entry's metadata for the
//! schedule's from/to dates).

use super::api::Webcast;
use super::batch::Batch;
use super::profiles;
use super::studio::StudioInfo;
use super::xml;
use crate::kaltura::error::Error;
use crate::kaltura::services::metadata::MetadataFilter;
use crate::kaltura::services::{live_stream, metadata};
use crate::kaltura::types::{LiveStreamEntry, Metadata, MetadataObjectType};

impl Webcast {
    /// Studio downloads and launch parameters for `id`; a bad ID is `ENTRY_ID_NOT_FOUND`.
    pub async fn studio(&self, id: &str) -> Result<StudioInfo, Error> {
        let mut batch = Batch::new();
        let live = batch.push(live_stream::get(id));
        let lookups = profiles::queue(&mut batch, None);
        let records = batch.push(metadata::list(
            &MetadataFilter {
                metadata_object_type_equal: Some(MetadataObjectType::Entry),
                object_id_equal: Some(id.to_string()),
                ..MetadataFilter::default()
            },
            None,
        ));
        let player = self.queue_player_lookup(&mut batch);
        let mut answers = batch.send(&self.client).await?;
        let entry: LiveStreamEntry = answers.take(live)?;
        let found = profiles::take(&mut answers, &lookups, "");
        self.take_player_lookup(&mut answers, player);
        let records: Vec<Metadata> = answers.take_list(records).unwrap_or_default();
        // Prefer the KMS_EVENTS3 record; a record of another profile with the same fields is a
        // fallback only (the listing was not filtered by profile, on purpose: see profiles.rs).
        let events_id = found.events.as_ref().ok().copied();
        let schedule = records
            .iter()
            .filter(|m| m.object_id == entry.id)
            .filter(|m| events_id.is_none_or(|p| m.metadata_profile_id == p))
            .find_map(|m| xml::parse_schedule(&m.xml));
        self.studio_info(
            &entry.id,
            &found.downloads(),
            &found.studio_ids(self.player_uiconf()),
            schedule.as_ref(),
        )
        .await
    }
}
