//! [`Webcast::run_action`]: one `liveStream.update` (what `actions.rs` says the action changes),
//! then an immediate re-poll of the event, so the face shows the state the action led to.
//!
//! Two HTTP requests. The re-poll lists the entry (Kaltura's lists may lag a write by seconds,
//! reference section 10), so the entry the update answered — written by this very call — wins
//! over a listed one that is older; the recordings and the schedule come from the poll.

use super::actions::LiveAction;
use super::api::Webcast;
use super::snapshot::EventSnapshot;
use crate::kaltura::error::Error;
use crate::kaltura::services::live_stream;
use crate::kaltura::types::LiveStreamEntry;

/// What an action led to: the event as it is now, and whether the re-poll after the update
/// failed (the action itself was applied: Kaltura answered the update).
#[derive(Debug)]
pub struct ActionOutcome {
    /// The event after the action: the re-poll's snapshot with the update's entry when that is
    /// fresher; when the re-poll failed, the update's entry over what was `known` before.
    pub event: EventSnapshot,
    /// The re-poll's failure, when there was one: the caller says the action was applied but
    /// the event could not be read again (recordings and health are then as known before).
    pub repoll_error: Option<Error>,
}

impl Webcast {
    /// Sends `action` for the live entry `id` and returns the event as it is now. Kaltura's
    /// refusal (a KS without edit rights: `INVALID_KS`; an unknown entry: `ENTRY_ID_NOT_FOUND`)
    /// is the error, with its code; nothing is retried (an update is not idempotent for
    /// `broadcastTime`). Once the update is answered the action has happened: a failing
    /// re-poll never turns it into an error (it is `repoll_error`, and the event is built from
    /// the update's answer over `known`, the last snapshot the caller had).
    pub async fn run_action(
        &self,
        id: &str,
        action: &LiveAction,
        known: Option<&EventSnapshot>,
    ) -> Result<ActionOutcome, Error> {
        let id = id.trim();
        let updated: LiveStreamEntry = self
            .client
            .call_as(&live_stream::update(id, &action.update()))
            .await?;
        tracing::info!(entry = id, action = action.key(), "live action sent");
        let repolled = self.poll(&[id.to_string()]).await.and_then(|mut list| {
            list.pop().ok_or_else(|| Error::Decode {
                call: "liveStream.list".into(),
                detail: format!("the re-poll after {} did not return {id}", action.key()),
            })
        });
        Ok(match repolled {
            Ok(polled) => ActionOutcome {
                event: fresher(updated, polled),
                repoll_error: None,
            },
            Err(e) => {
                tracing::warn!(entry = id, "the re-poll after {} failed: {e}", action.key());
                let event = match known {
                    Some(k) => over_known(updated, k.clone()),
                    None => EventSnapshot::derive(
                        updated,
                        Vec::new(),
                        None,
                        crate::webcast::time::now_unix(),
                    ),
                };
                ActionOutcome {
                    event,
                    repoll_error: Some(e),
                }
            }
        })
    }
}

/// The update's entry over a snapshot known before the action (the re-poll failed): its
/// recordings and schedule kept, the state derived from what the update answered.
fn over_known(mut updated: LiveStreamEntry, known: EventSnapshot) -> EventSnapshot {
    if updated.record_status.is_none() {
        updated.record_status = known.entry.record_status;
    }
    let mut fresh =
        EventSnapshot::derive(updated, known.recordings, known.schedule, known.polled_at);
    fresh.health = known.health;
    fresh
}

/// The snapshot with the update's own answer as the entry when the listed one is older (or
/// missing), keeping the poll's recordings, schedule, the details it reads once and the ingest
/// (the update does not touch the encoders; the viewers only while still LIVE).
fn fresher(mut updated: LiveStreamEntry, polled: EventSnapshot) -> EventSnapshot {
    let listed = &polled.entry;
    let listed_is_current = polled.problem.is_none()
        && listed.id == updated.id
        && listed.updated_at >= updated.updated_at;
    if listed_is_current || updated.id.is_empty() {
        return polled;
    }
    if updated.record_status.is_none() {
        updated.record_status = listed.record_status;
    }
    let mut fresh = EventSnapshot::derive(
        updated,
        polled.recordings,
        polled.schedule,
        polled.polled_at,
    );
    fresh.health = polled.health;
    fresh.viewers = polled
        .viewers
        .filter(|_| fresh.state == super::state::EventState::Live);
    fresh
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kaltura::types::{LiveStatus, RecordStatus, ViewMode};
    use crate::webcast::EventState;

    fn entry(view_mode: ViewMode, updated_at: i64) -> LiveStreamEntry {
        LiveStreamEntry {
            id: "0_live".into(),
            name: "Town hall".into(),
            status: Some(crate::kaltura::types::EntryStatus::Ready),
            live_status: Some(LiveStatus::Playable),
            explicit_live: Some(true),
            view_mode: Some(view_mode),
            updated_at,
            ..LiveStreamEntry::default()
        }
    }

    #[test]
    fn a_lagging_list_does_not_hide_what_the_update_wrote() {
        let mut stale = entry(ViewMode::Preview, 100);
        stale.record_status = Some(RecordStatus::PerSession);
        let polled = EventSnapshot::derive(stale, Vec::new(), None, 200);
        assert_eq!(polled.state, EventState::Preview);
        let now = fresher(entry(ViewMode::AllowAll, 150), polled.clone());
        assert_eq!(now.state, EventState::Live);
        assert_eq!(now.entry.record_status, Some(RecordStatus::PerSession));
        // A list as new as the update (or newer) is kept.
        let same = fresher(entry(ViewMode::AllowAll, 90), polled);
        assert_eq!(same.state, EventState::Preview);
    }

    #[test]
    fn a_failed_re_poll_keeps_what_was_known_under_the_update() {
        let mut before = entry(ViewMode::Preview, 100);
        before.record_status = Some(RecordStatus::PerSession);
        let known = EventSnapshot::derive(before, Vec::new(), None, 200);
        let now = over_known(entry(ViewMode::AllowAll, 150), known);
        assert_eq!(
            now.state,
            EventState::Live,
            "the update's answer decides the state"
        );
        assert_eq!(now.entry.record_status, Some(RecordStatus::PerSession));
    }
}
