//! Settling interrupted creates: every attempt the journal holds as pending is looked up by its
//! reference; an entry found is completed and journaled like any other, an attempt the service
//! has no entry for is marked not created — once it is old enough that no request of it can
//! still be on its way.
//!
//! The lookup is `liveStream.list(referenceIdIn)`, which Kaltura answers from its search index:
//! seconds behind writes. So a lookup that decides "not created" asks again across that lag
//! (`WebcastSettings::index_lag_window`, 10 s on a real account) before concluding; one that
//! finds everything stops at once.

use super::api::Webcast;
use super::create::{CreateError, Created};
use super::journal::{CreateAttempt, Journal, JournalError};
use super::time::now_unix;
use crate::kaltura::error::Error;
use crate::kaltura::services::{EntryFilter, Pager, live_stream};
use crate::kaltura::types::{ListResponse, LiveStreamEntry};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// A pending attempt younger than this is not declared "not created" when its entry is not
/// found: its request (30 s timeout, retries) may still be on its way to or inside the service.
pub const SETTLE_AFTER_SECS: i64 = 120;

/// Every status an entry can have, so a lookup finds a new entry still being provisioned.
const ANY_STATUS: &str = "-2,-1,0,1,2,4,5,6,7";

/// What a lookup by references found, and whether it could ask to the end.
#[derive(Debug, Default)]
pub(crate) struct Looked {
    /// The entries found, by reference (exact matches only).
    pub(crate) found: HashMap<String, LiveStreamEntry>,
    /// Set when the last lookup failed: the references not found are undecided, not absent.
    pub(crate) error: Option<Error>,
}

/// What became of one interrupted create.
#[derive(Debug)]
pub enum Recovered {
    /// The service has the entry: completed and journaled.
    Recorded(Box<Created>),
    /// The service has no entry with the reference, and the attempt is old enough to be sure.
    NotCreated,
    /// Still unknown: why (the lookup failed, or the attempt is too recent to give up on).
    StillPending(String),
}

/// One pending attempt and its outcome.
#[derive(Debug)]
pub struct Recovery {
    /// The attempt as the journal held it.
    pub attempt: CreateAttempt,
    /// What the lookup decided.
    pub outcome: Recovered,
}

impl Webcast {
    /// Looks the references up (`liveStream.list(referenceIdIn)`); `patient` asks again across
    /// the search index's lag until every reference is found or the window has passed.
    pub(crate) async fn find_references(&self, references: &[String], patient: bool) -> Looked {
        let mut looked = Looked::default();
        let deadline = Instant::now() + self.settings.index_lag_window;
        let mut pause = Duration::from_millis(250);
        loop {
            let missing: Vec<&String> = references
                .iter()
                .filter(|r| !looked.found.contains_key(r.as_str()))
                .collect();
            if missing.is_empty() {
                looked.error = None;
                return looked;
            }
            let filter = EntryFilter {
                reference_id_in: Some(
                    missing
                        .iter()
                        .map(|r| r.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                status_in: Some(ANY_STATUS.into()),
                order_by: Some("+createdAt".into()),
                ..EntryFilter::default()
            };
            let page = Pager::first((missing.len() * 2).clamp(10, 500) as i64);
            match self
                .client
                .call_as::<ListResponse<LiveStreamEntry>>(&live_stream::list(&filter, Some(&page)))
                .await
            {
                Ok(list) => {
                    looked.error = None;
                    // Guard against a filter the server ignored: only exact matches count, the
                    // oldest entry per reference.
                    for entry in list.objects {
                        if missing.iter().any(|r| **r == entry.reference_id) {
                            looked
                                .found
                                .entry(entry.reference_id.clone())
                                .or_insert(entry);
                        }
                    }
                }
                Err(e) => looked.error = Some(e),
            }
            // Only "not found yet" is worth asking again across the lag; a failure has had the
            // client's own retries already.
            let all = references.iter().all(|r| looked.found.contains_key(r));
            if all || looked.error.is_some() || !patient || Instant::now() + pause > deadline {
                return looked;
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_secs(2));
        }
    }

    /// Settles every pending create in the journal for this account (see the module doc).
    /// Journal failures are errors; a lookup that fails leaves the attempts pending.
    pub async fn recover(&self, journal: &Journal) -> Result<Vec<Recovery>, JournalError> {
        let (partner, service) = (self.client.partner_id(), self.journal_service());
        let attempts = journal.unsettled(partner, service)?;
        if attempts.is_empty() {
            return Ok(Vec::new());
        }
        let references: Vec<String> = attempts.iter().map(|a| a.reference.clone()).collect();
        let mut looked = self.find_references(&references, true).await;
        let now = now_unix();
        let mut out = Vec::with_capacity(attempts.len());
        for attempt in attempts {
            let outcome = match looked.found.remove(&attempt.reference) {
                Some(entry) => match self.record_found(entry, &attempt.request, journal).await {
                    Ok(mut created) => {
                        created.recovered = true;
                        Recovered::Recorded(Box::new(created))
                    }
                    Err(CreateError::JournalWrite { source, .. }) => return Err(source),
                    Err(e) => Recovered::StillPending(e.to_string()),
                },
                None => match &looked.error {
                    Some(e) => {
                        Recovered::StillPending(format!("the service could not be asked: {e}"))
                    }
                    None if now - attempt.recorded_at < SETTLE_AFTER_SECS => {
                        Recovered::StillPending(format!(
                            "not found yet; sent {} s ago, the service may still be working on it: run `kwebcast recover` again in a couple of minutes",
                            (now - attempt.recorded_at).max(0)
                        ))
                    }
                    None => {
                        self.settle_not_created(&attempt.request, &attempt.reference, journal)
                            .await;
                        Recovered::NotCreated
                    }
                },
            };
            out.push(Recovery { attempt, outcome });
        }
        Ok(out)
    }
}
