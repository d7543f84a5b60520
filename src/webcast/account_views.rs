//! The account's webcasts beyond the board: what starts next, what is live now, what has
//! ended, each a list paged with Kaltura's pager.
//!
//! **Which entries are webcasts.** Kaltura's consoles recognise them by their admin tags:
//! `liveStream.list` with `adminTagsMultiLikeOr: "kms-webcast-event,vpaas-webcast"` (KMS and
//! kwebcast write both; Kaltura's webcasting guide lists events by `kms-webcast-event`).
//!
//! **How each view is asked.** Every view is one `liveStream.list` answered by Kaltura's search
//! index, in the view's order, `pageSize` [`VIEW_PAGE`]:
//! - *Upcoming*: events whose `KMS_EVENTS3` `EndTime` is still ahead (so one in its slot without
//!   an encoder stays in sight), soonest `StartTime` first;
//! - *Live now*: `isLive` (an encoder connected, previews included), newest first;
//! - *Past*: events whose `EndTime` has passed, the most recently ended first.
//!
//! Upcoming and Past filter and sort on the server with a `KalturaMetadataSearchItem` in the
//! filter's `advancedSearch` (comparable conditions on the schedule's XPaths, `orderBy` on
//! them). Why on the server: an account with 1,200 events would otherwise be read whole (the
//! schedule of an event created long ago may lie ahead), at every refresh; here a page costs two
//! requests whatever the account holds. Kaltura searches only fields its schema marks
//! searchable, so the profile's XSD is read once (with its ID) and a schema without searchable
//! times is said plainly instead of showing empty views.
//!
//! **Cost of a page.** Two HTTP requests: the list (IDs only; the events profile looked up in
//! the same multirequest the first time), then [`Webcast::poll`] of those IDs, which gives the
//! rows the board's own state, playback, recordings and schedule. Nothing is polled in the
//! background: a view is read when shown, and again on request.
//!
//! **Limits.** Kaltura's search index cannot list past its 10,000th match
//! (`QUERY_EXCEEDED_MAX_MATCHES_ALLOWED`): a view stops there and says so.

use super::api::Webcast;
use super::batch::Batch;
use super::settings::{ADMIN_TAGS, EVENTS_PROFILE};
use super::snapshot::EventSnapshot;
use crate::kaltura::error::Error;
use crate::kaltura::services::metadata::{Comparison, MetadataSearch, field_xpath};
use crate::kaltura::services::{EntryFilter, Pager, live_stream, metadata_profile};
use crate::kaltura::types::{LiveStreamEntry, MetadataProfile};
use std::sync::PoisonError;

/// Rows per page: a screenful or two, and one poll multirequest.
pub const VIEW_PAGE: i64 = 50;

/// How far Kaltura's search index lists: no page may start at or past this offset.
pub const MAX_LISTED: i64 = 10_000;

/// One of the account's views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountView {
    /// Not over yet, soonest start first.
    Upcoming,
    /// An encoder connected.
    LiveNow,
    /// Over, most recently ended first.
    Past,
}

impl AccountView {
    /// Every view, in the order the board shows them.
    pub const ALL: [AccountView; 3] = [
        AccountView::Upcoming,
        AccountView::LiveNow,
        AccountView::Past,
    ];

    /// Its title.
    pub fn title(self) -> &'static str {
        match self {
            AccountView::Upcoming => "Upcoming",
            AccountView::LiveNow => "Live now",
            AccountView::Past => "Past",
        }
    }

    /// The word scripts use (`status --upcoming`, JSON).
    pub fn key(self) -> &'static str {
        match self {
            AccountView::Upcoming => "upcoming",
            AccountView::LiveNow => "live",
            AccountView::Past => "past",
        }
    }

    /// Whether the view needs the events' schedules.
    fn needs_schedule(self) -> bool {
        !matches!(self, AccountView::LiveNow)
    }
}

/// One page of a view.
#[derive(Debug, Clone)]
pub struct ViewPage {
    /// The view.
    pub view: AccountView,
    /// 1-based page number.
    pub page: u32,
    /// The events, in the view's order (an entry deleted between the list and the poll is left
    /// out).
    pub events: Vec<EventSnapshot>,
    /// How many events the view holds in all (Kaltura's `totalCount`).
    pub total: i64,
    /// Whether a next page can be asked for (more events, before the index's limit).
    pub has_more: bool,
    /// Events beyond the search index's limit, which no page can show.
    pub beyond_limit: i64,
}

/// Why a view cannot be listed.
#[derive(Debug, thiserror::Error)]
pub enum ViewError {
    /// The service refused or could not be reached.
    #[error(transparent)]
    Api(#[from] Error),
    /// No schedule profile on the account.
    #[error(
        "the account has no {EVENTS_PROFILE} metadata profile: Upcoming and Past list events by its StartTime and EndTime"
    )]
    NoEventsProfile,
    /// The schedule's times are not searchable on this account.
    #[error(
        "{EVENTS_PROFILE}'s StartTime and EndTime are not searchable on this account (Kaltura filters and sorts only by fields its schema marks searchable): Upcoming and Past cannot be listed; the board and Live now still work"
    )]
    ScheduleNotSearchable,
    /// The page starts where Kaltura's search index stops listing.
    #[error(
        "Kaltura lists at most {MAX_LISTED} matches: page {page} of {view} starts past them",
        view = .view.title()
    )]
    PastIndexLimit {
        /// The view.
        view: AccountView,
        /// The page asked for.
        page: u32,
    },
}

impl ViewError {
    /// Kaltura's error code, when the service gave one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ViewError::Api(e) => e.code(),
            _ => None,
        }
    }
}

/// What a schedule search needs to know of the events profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduleProfile {
    /// Its ID.
    pub id: i64,
    /// Whether its `StartTime` and `EndTime` are searchable (and so filterable and sortable).
    pub searchable: bool,
}

/// The XPaths of the schedule's times, as Kaltura names profile fields in searches.
pub fn start_xpath() -> String {
    field_xpath(&["metadata", "StartTime"])
}

/// See [`start_xpath`].
pub fn end_xpath() -> String {
    field_xpath(&["metadata", "EndTime"])
}

/// Whether an XSD marks `element` searchable (`<searchable>true</searchable>` in the
/// element's own `xsd:appinfo`, before any child element).
fn searchable(xsd: &str, element: &str) -> bool {
    let Some(at) = xsd.find(&format!("name=\"{element}\"")) else {
        return false;
    };
    let rest = &xsd[at..];
    let Some(tag_end) = rest.find('>') else {
        return false;
    };
    if rest[..tag_end].trim_end().ends_with('/') {
        return false;
    }
    let body = &rest[tag_end + 1..];
    let own_end = ["<xsd:element", "</xsd:element>"]
        .iter()
        .filter_map(|m| body.find(m))
        .min()
        .unwrap_or(body.len());
    body[..own_end].contains("<searchable>true</searchable>")
}

/// Whether a `KMS_EVENTS3` schema lets Kaltura filter and sort by the schedule's times.
pub fn schedule_searchable(xsd: &str) -> bool {
    searchable(xsd, "StartTime") && searchable(xsd, "EndTime")
}

/// The list filter of a view at `now`; `profile` is the events profile's ID (or a token).
fn view_filter(view: AccountView, profile: serde_json::Value, now: i64) -> EntryFilter {
    let (start, end) = (start_xpath(), end_xpath());
    let search = |comparison, order: String| {
        MetadataSearch {
            profile_id: profile.clone(),
            conditions: vec![(end.clone(), comparison, now)],
            order_by: Some(order),
        }
        .to_value()
    };
    let base = EntryFilter {
        admin_tags_multi_like_or: Some(ADMIN_TAGS.into()),
        ..EntryFilter::default()
    };
    match view {
        AccountView::Upcoming => EntryFilter {
            advanced_search: Some(search(Comparison::GreaterThan, format!("+{start}"))),
            ..base
        },
        AccountView::Past => EntryFilter {
            advanced_search: Some(search(Comparison::LessThanOrEqual, format!("-{end}"))),
            ..base
        },
        AccountView::LiveNow => EntryFilter {
            is_live: Some(true),
            order_by: Some("-createdAt".into()),
            ..base
        },
    }
}

impl Webcast {
    /// The events profile as a schedule search needs it, when known.
    fn known_schedule_profile(&self) -> Option<ScheduleProfile> {
        self.poll_cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .schedule_profile()
    }

    /// Page `page` (from 1) of `view` at `now` (Unix seconds): two HTTP requests (see the module
    /// docs).
    pub async fn view_page(
        &self,
        view: AccountView,
        page: u32,
        now: i64,
    ) -> Result<ViewPage, ViewError> {
        let page = page.max(1);
        let offset = i64::from(page - 1) * VIEW_PAGE;
        if offset >= MAX_LISTED {
            return Err(ViewError::PastIndexLimit { view, page });
        }
        let known = view
            .needs_schedule()
            .then(|| self.known_schedule_profile())
            .flatten();
        if known.is_some_and(|p| !p.searchable) {
            return Err(ViewError::ScheduleNotSearchable);
        }
        let mut batch = Batch::new();
        let lookup = (view.needs_schedule() && known.is_none()).then(|| {
            batch.push(
                metadata_profile::list_by_system_name(EVENTS_PROFILE).only_fields(&["id", "xsd"]),
            )
        });
        let profile: serde_json::Value = match (known, lookup) {
            (Some(p), _) => p.id.into(),
            (None, Some(slot)) => slot.reference(&["objects", "0", "id"]).into(),
            (None, None) => 0.into(),
        };
        let pager = Pager {
            page_size: Some(VIEW_PAGE),
            page_index: Some(i64::from(page)),
        };
        let list = batch.push(
            live_stream::list(&view_filter(view, profile, now), Some(&pager)).only_fields(&["id"]),
        );
        let mut answers = batch.send(&self.client).await?;
        if let Some(slot) = lookup {
            let found: Vec<MetadataProfile> = answers.take_list(slot)?;
            let Some(p) = found.first() else {
                return Err(ViewError::NoEventsProfile);
            };
            let profile = ScheduleProfile {
                id: p.id,
                searchable: schedule_searchable(&p.xsd),
            };
            self.poll_cache
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .set_schedule_profile(profile);
            if !profile.searchable {
                return Err(ViewError::ScheduleNotSearchable);
            }
        }
        let listed: crate::kaltura::types::ListResponse<LiveStreamEntry> = answers.take(list)?;
        let ids: Vec<String> = listed.objects.into_iter().map(|e| e.id).collect();
        let events = if ids.is_empty() {
            Vec::new()
        } else {
            self.poll(&ids)
                .await?
                .into_iter()
                .filter(|s| s.problem.as_ref().is_none_or(|p| p.code.is_none()))
                .collect()
        };
        let total = listed.total_count;
        let shown_up_to = offset + ids.len() as i64;
        Ok(ViewPage {
            view,
            page,
            events,
            total,
            has_more: shown_up_to < total.min(MAX_LISTED) && !ids.is_empty(),
            beyond_limit: (total - MAX_LISTED).max(0),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_schedule_must_be_searchable_in_the_schema() {
        let searchable_xsd = r#"<xsd:element name="metadata"><xsd:element name="StartTime" type="dateType"><xsd:annotation><xsd:appinfo><searchable>true</searchable></xsd:appinfo></xsd:annotation></xsd:element><xsd:element name="EndTime" type="dateType"><xsd:annotation><xsd:appinfo><searchable>true</searchable></xsd:appinfo></xsd:annotation></xsd:element></xsd:element>"#;
        assert!(schedule_searchable(searchable_xsd));
        let plain = r#"<xsd:element name="StartTime" type="dateType"/><xsd:element name="EndTime" type="dateType"><xsd:annotation><xsd:appinfo><searchable>true</searchable></xsd:appinfo></xsd:annotation></xsd:element>"#;
        assert!(!schedule_searchable(plain), "StartTime is not searchable");
        let off = searchable_xsd.replacen("true", "false", 1);
        assert!(!schedule_searchable(&off));
        assert!(!schedule_searchable(""));
    }

    #[test]
    fn each_view_asks_the_webcasts_in_its_order() {
        let up = serde_json::to_value(view_filter(AccountView::Upcoming, json!(12), 1000)).unwrap();
        assert_eq!(
            up["adminTagsMultiLikeOr"],
            "kms-webcast-event,vpaas-webcast"
        );
        assert_eq!(up["advancedSearch"]["metadataProfileId"], 12);
        assert_eq!(up["advancedSearch"]["items"][0]["field"], end_xpath());
        assert_eq!(up["advancedSearch"]["items"][0]["comparison"], "2");
        assert_eq!(up["advancedSearch"]["items"][0]["value"], "1000");
        assert_eq!(
            up["advancedSearch"]["orderBy"],
            format!("+{}", start_xpath())
        );
        let past = serde_json::to_value(view_filter(AccountView::Past, json!(12), 1000)).unwrap();
        assert_eq!(past["advancedSearch"]["items"][0]["comparison"], "5");
        assert_eq!(
            past["advancedSearch"]["orderBy"],
            format!("-{}", end_xpath())
        );
        let live = serde_json::to_value(view_filter(AccountView::LiveNow, json!(0), 1000)).unwrap();
        assert_eq!(live["isLive"], 1);
        assert_eq!(live["orderBy"], "-createdAt");
        assert!(live.get("advancedSearch").is_none());
    }
}
