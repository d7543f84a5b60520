//! [`Webcast::links`] and the Studio's KS: what each link's KS must be comes from `links.rs`;
//! the client issues them — signed locally with the admin secret (no round-trip) or, without it,
//! minted with the app token (two round-trips for all of one event's links — attendee, moderator
//! and, in the same batch, the Studio's — when cold, one when their tokens were kept by an
//! earlier run, none while the KSs are cached; see `kaltura::client::link_ks`). The attendee link is then shortened
//! (`short_link.rs`: one more call, none while its short link is cached); that call cannot join
//! the minting multirequests, since the URL it shortens holds the KS they answer.

use super::api::Webcast;
use super::links::{
    self, LinkError, Links, attendee_request, broadcaster_request, moderator_request,
};
use super::snapshot::EventSnapshot;
use super::studio::{self, StudioDownloads, StudioIds, StudioInfo};
use super::time::now_unix;
use super::xml::Schedule;
use crate::kaltura::client::IssuedKs;
use crate::kaltura::error::Error;

impl Webcast {
    /// Attendee and moderator links for a snapshot, with their KSs issued in one go.
    pub async fn links(&self, snapshot: &EventSnapshot) -> Result<Links, LinkError> {
        self.links_at(snapshot, now_unix()).await
    }

    /// [`Webcast::links`] at a given time (tests, and links planned ahead).
    pub async fn links_at(&self, snapshot: &EventSnapshot, now: i64) -> Result<Links, LinkError> {
        let s = &self.settings;
        let uiconf = self.player_uiconf().ok_or(LinkError::NoPlayer)?;
        let (entry_id, play_id) = (&snapshot.entry.id, &snapshot.playback.entry_id);
        let schedule = snapshot.schedule.as_ref();
        let want = s
            .attendee_ks
            .then(|| attendee_request(s, play_id, schedule, now));
        // The attendee KS of a short link made earlier is reused with it (no new short link).
        let kept = if s.short_links {
            self.short_links
                .attendee_ks(entry_id, play_id, want.as_ref(), now)
        } else {
            None
        };
        let mut reqs = vec![moderator_request(s, entry_id, now)];
        if let (Some(want), None) = (&want, &kept) {
            reqs.push(want.clone());
        }
        // Minted KSs cost round-trips: the Studio's joins the same batch, so the Studio launch
        // (the board shows it beside the links, `kwebcast studio` after them) needs no new token.
        if self.client.mints_link_kss() {
            let studio = broadcaster_request(s, entry_id, now);
            if studio.user_id != reqs[0].user_id || studio.privileges != reqs[0].privileges {
                reqs.push(studio);
            }
        }
        let mut issued = self
            .client
            .issue_user_kss(&reqs)
            .await
            .map_err(|e| LinkError::Session(e.to_string()))?
            .into_iter();
        let missing = || LinkError::Session("the link KSs came back incomplete".into());
        let moderator = issued.next().ok_or_else(missing)?;
        let attendee = match (kept, s.attendee_ks) {
            (Some(kept), _) => kept,
            (None, true) => Some(issued.next().ok_or_else(missing)?),
            (None, false) => None,
        };
        let mut links = links::assemble(
            s,
            Some(uiconf),
            entry_id,
            &snapshot.entry.name,
            play_id,
            schedule,
            attendee.as_ref(),
            &moderator,
        )?;
        if s.short_links {
            self.short_links
                .shorten(&self.client, &mut links, attendee.as_ref(), now)
                .await;
        } else {
            links.short_link_note = Some("short links are off (`short_links = false`)".into());
        }
        Ok(links)
    }

    /// The Studio's launch information with the broadcaster's KS issued by the client.
    pub(crate) async fn studio_info(
        &self,
        entry_id: &str,
        downloads: &StudioDownloads,
        ids: &StudioIds,
        schedule: Option<&Schedule>,
    ) -> Result<StudioInfo, Error> {
        let ks = self.broadcaster_ks(entry_id).await?;
        Ok(studio::build_with(
            &self.settings,
            entry_id,
            downloads,
            ids,
            schedule,
            &ks,
        ))
    }

    async fn broadcaster_ks(&self, entry_id: &str) -> Result<IssuedKs, Error> {
        let req = broadcaster_request(&self.settings, entry_id, now_unix());
        let mut issued = self
            .client
            .issue_user_kss(std::slice::from_ref(&req))
            .await?;
        issued.pop().ok_or_else(|| Error::Decode {
            call: "appToken.startSession".into(),
            detail: "no Studio KS came back".into(),
        })
    }
}
