//! `uiConf`: player configurations and the WEBCASTING template that names the Studio downloads.

use super::{Pager, list_request};
use crate::kaltura::types::UiConfObjType;
use crate::kaltura::wire::ApiRequest;
use serde::Serialize;

const FILTER_TYPE: &str = "KalturaUiConfFilter";

/// `KalturaUiConfFilter`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UiConfFilter {
    /// One uiConf by ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_equal: Option<i64>,
    /// uiConfs of this kind (21 WEBCASTING, 1 PLAYER).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub obj_type_equal: Option<UiConfObjType>,
    /// uiConfs whose name contains this text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_like: Option<String>,
    /// uiConfs whose tags match any of these comma-separated tags (`kalturaPlayerJs` for the
    /// v7 players).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags_multi_like_or: Option<String>,
    /// `+createdAt`, `-createdAt`, `+id`...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_by: Option<String>,
}

/// `uiConf.get(id)`.
pub fn get(id: i64) -> ApiRequest {
    ApiRequest::new("uiConf", "get").param("id", id)
}

/// `uiConf.list(filter, pager)`: the partner's own uiConfs.
pub fn list(filter: &UiConfFilter, pager: Option<&Pager>) -> ApiRequest {
    list_request("uiConf", FILTER_TYPE, filter, pager)
}

/// `uiConf.listTemplates(filter: {objTypeEqual})`: the system's templates of a kind (the
/// WEBCASTING one names the Studio downloads).
pub fn list_templates(obj_type: UiConfObjType) -> ApiRequest {
    let filter = UiConfFilter {
        obj_type_equal: Some(obj_type),
        ..Default::default()
    };
    ApiRequest::new("uiConf", "listTemplates").object("filter", FILTER_TYPE, &filter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn list_templates_filters_by_obj_type() {
        let req = list_templates(UiConfObjType::Webcasting);
        assert_eq!(req.name(), "uiConf.listTemplates");
        assert_eq!(req.wire_service(), "uiconf");
        assert!(req.read_only);
        assert_eq!(
            req.params["filter"],
            json!({"objectType": "KalturaUiConfFilter", "objTypeEqual": 21})
        );
        assert_eq!(get(7).params["id"], 7);
    }
}
