//! `entryServerNode`: the ingest points (primary, backup) of live entries and what their
//! encoders are doing: how an operator sees a failover.

use super::{Pager, list_request};
use crate::kaltura::wire::ApiRequest;
use serde::Serialize;

/// `KalturaLiveEntryServerNodeFilter`: the fields we filter on. Kaltura refuses a list filtered
/// on neither entries nor server type (`MUST_FILTER_ON_ENTRY_AND_SERVER_TYPE`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LiveEntryServerNodeFilter {
    /// Nodes of these live entries, comma-separated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry_id_in: Option<String>,
}

/// `entryServerNode.list(filter: KalturaLiveEntryServerNodeFilter, pager)`: the connected
/// ingest points of the given live entries (none for an entry without an encoder).
pub fn list(entry_ids: &[String], pager: Option<&Pager>) -> ApiRequest {
    let filter = LiveEntryServerNodeFilter {
        entry_id_in: Some(entry_ids.join(",")),
    };
    list_request(
        "entryServerNode",
        "KalturaLiveEntryServerNodeFilter",
        &filter,
        pager,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn lists_by_entry_ids() {
        let req = list(&["0_a".into(), "0_b".into()], Some(&Pager::first(100)));
        assert_eq!(req.name(), "entryServerNode.list");
        assert_eq!(req.wire_service(), "entryservernode");
        assert!(req.read_only);
        assert_eq!(
            Value::Object(req.params),
            json!({"filter": {"objectType": "KalturaLiveEntryServerNodeFilter", "entryIdIn": "0_a,0_b"},
                "pager": {"objectType": "KalturaFilterPager", "pageSize": 100, "pageIndex": 1}})
        );
    }
}
