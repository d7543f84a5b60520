//! Kaltura's wire format, as the official Node client speaks it: URLs, JSON bodies, multirequest
//! numbering and `{N:result}` tokens.
//!
//! Real users point kwebcast at `https://www.kaltura.com/`, so this must match Kaltura to the letter:
//! `POST {service_url}/api_v3/service/{service}/action/{action}` with a JSON body carrying
//! `format: 1`, `ks`, `clientTag`, `apiVersion` and the parameters; nested objects carry their
//! `objectType`, unset fields are omitted, nullable booleans travel as numbers. Pure functions, no IO.
//!
//! Public API: [`ApiRequest`] `{service, action, params, read_only}` with `new`, `param`,
//! `param_opt`, `object(name, objectType, &impl Serialize)`, `set_nested`, `read_only(bool)`, `name()`,
//! `wire_service()`, `needs_ks()`; [`result_ref`]; URL builders [`service_base`], [`call_url`],
//! [`multirequest_url`]; bodies [`call_body`], [`multirequest_body`] with [`Common`]; helpers
//! [`to_object`], [`strip_nulls`], [`nullable_bool`], [`null_key`], [`wire_service_id`],
//! [`default_client_tag`], [`API_VERSION`].

use serde::Serialize;
use serde_json::{Map, Value};

/// The API version our requests claim, as the official clients send theirs.
pub const API_VERSION: &str = "21.20.0";

/// `format=1`: answer in JSON.
pub const FORMAT_JSON: i64 = 1;

/// Our `clientTag`: lets Kaltura's logs (and support) tell our calls apart.
pub fn default_client_tag() -> String {
    format!("kwebcast:{}", env!("CARGO_PKG_VERSION"))
}

/// One Kaltura call, ready to be sent alone or inside a multirequest. Its Debug masks the
/// `secret`, `ks`, `token` and `tokenHash` parameters (at any depth): `session.start` carries the
/// admin secret, `appToken.startSession` a token hash.
#[derive(Clone, PartialEq)]
pub struct ApiRequest {
    /// The service as Kaltura's docs name it (`liveStream`, `metadataProfile`); see
    /// [`ApiRequest::wire_service`] for what goes on the wire.
    pub service: String,
    /// The action (`get`, `list`, `isLive`...).
    pub action: String,
    /// The parameters, in order, already in wire form.
    pub params: Map<String, Value>,
    /// True when repeating the call cannot change anything: only these are retried.
    pub read_only: bool,
}

impl ApiRequest {
    /// A call with no parameters yet; `get`, `list`, `count`, `isLive` and `listTemplates` are
    /// read-only (retried on transient faults), everything else is treated as a write.
    pub fn new(service: &str, action: &str) -> Self {
        let read_only = matches!(
            action.to_ascii_lowercase().as_str(),
            "get" | "list" | "count" | "islive" | "listtemplates"
        );
        ApiRequest {
            service: service.to_string(),
            action: action.to_string(),
            params: Map::new(),
            read_only,
        }
    }

    /// Adds (or replaces) a parameter.
    pub fn param(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.params.insert(name.to_string(), value.into());
        self
    }

    /// Adds a parameter only when there is a value: Kaltura wants unset ones omitted, not null.
    pub fn param_opt(self, name: &str, value: Option<impl Into<Value>>) -> Self {
        match value {
            Some(v) => self.param(name, v),
            None => self,
        }
    }

    /// Adds a nested object (a filter, an entry) under its Kaltura `objectType`.
    pub fn object(self, name: &str, object_type: &str, value: &impl Serialize) -> Self {
        self.param(name, Value::Object(to_object(object_type, value)))
    }

    /// Sets `field` inside the object parameter `object` (created when absent): how a multirequest
    /// puts a `{N:result:…}` token where a typed struct holds a number (`conversionProfileId`).
    pub fn set_nested(&mut self, object: &str, field: &str, value: impl Into<Value>) {
        let slot = self
            .params
            .entry(object.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        if let Value::Object(map) = slot {
            map.insert(field.to_string(), value.into());
        }
    }

    /// Asks Kaltura to answer only `fields` of each object (a `KalturaDetachedResponseProfile`
    /// of type 1 INCLUDE_FIELDS; `objectType` always comes, list wrappers stay whole). It is a
    /// parameter of this call: in a multirequest each sub-call carries its own.
    pub fn only_fields(self, fields: &[&str]) -> Self {
        self.param(
            "responseProfile",
            serde_json::json!({
                "objectType": "KalturaDetachedResponseProfile",
                "type": 1,
                "fields": fields.join(","),
            }),
        )
    }

    /// Overrides the read-only guess (e.g. `session.start` is safe to repeat).
    pub fn read_only(mut self, read_only: bool) -> Self {
        self.read_only = read_only;
        self
    }

    /// `service.action` as Kaltura's docs write it: how errors and logs name the call.
    pub fn name(&self) -> String {
        format!("{}.{}", self.service, self.action)
    }

    /// The service ID the official clients put on the wire: lower case, plugin services prefixed
    /// (`liveStream` → `livestream`, `metadataProfile` → `metadata_metadataprofile`).
    pub fn wire_service(&self) -> String {
        wire_service_id(&self.service)
    }

    /// False for the calls that open a session from nothing and so are sent without a KS
    /// (`session.start`, `session.startWidgetSession`).
    pub fn needs_ks(&self) -> bool {
        !(self.service.eq_ignore_ascii_case("session")
            && (self.action.eq_ignore_ascii_case("start")
                || self.action.eq_ignore_ascii_case("startWidgetSession")))
    }
}

impl std::fmt::Debug for ApiRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiRequest")
            .field("service", &self.service)
            .field("action", &self.action)
            .field("params", &masked_map(&self.params))
            .field("read_only", &self.read_only)
            .finish()
    }
}

/// Parameter names whose values are credentials: never formatted. `tokenHash` opens a session
/// with the KS it was computed over, so it is one too.
fn is_credential(name: &str) -> bool {
    ["secret", "ks", "tokenHash", "token"]
        .iter()
        .any(|c| name.eq_ignore_ascii_case(c))
}

fn masked_map(map: &Map<String, Value>) -> Map<String, Value> {
    map.iter()
        .map(|(k, v)| {
            let shown = if is_credential(k) {
                Value::String("[redacted]".into())
            } else {
                masked(v)
            };
            (k.clone(), shown)
        })
        .collect()
}

fn masked(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(masked_map(map)),
        Value::Array(items) => Value::Array(items.iter().map(masked).collect()),
        other => other.clone(),
    }
}

/// Maps a service name to its wire ID (see [`ApiRequest::wire_service`]).
pub fn wire_service_id(service: &str) -> String {
    let lower = service.to_ascii_lowercase();
    match lower.as_str() {
        "metadata" | "metadataprofile" => format!("metadata_{lower}"),
        _ => lower,
    }
}

/// The token a multirequest call uses to refer to an earlier call's result. `call_from_1` counts
/// calls from 1 as Kaltura does (the first call is `{1:result}`), whatever our 0-based keys say.
pub fn result_ref(call_from_1: usize, path: &[&str]) -> String {
    let mut token = format!("{{{call_from_1}:result");
    for part in path {
        token.push(':');
        token.push_str(part);
    }
    token.push('}');
    token
}

/// What every request carries besides its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Common<'a> {
    /// The KS; `None` for `session.start`.
    pub ks: Option<&'a str>,
    /// Our `clientTag`.
    pub client_tag: &'a str,
    /// The API version we claim.
    pub api_version: &'a str,
}

/// `{service_url}/api_v3/service`, tolerating a trailing slash and keeping any path prefix
/// (on-prem installs may live under one).
pub fn service_base(service_url: &str) -> String {
    format!(
        "{}/api_v3/service",
        service_url.trim().trim_end_matches('/')
    )
}

/// The URL of one call.
pub fn call_url(service_url: &str, req: &ApiRequest) -> String {
    format!(
        "{}/{}/action/{}",
        service_base(service_url),
        req.wire_service(),
        req.action
    )
}

/// The URL of a multirequest.
pub fn multirequest_url(service_url: &str) -> String {
    format!("{}/multirequest", service_base(service_url))
}

fn common_fields(body: &mut Map<String, Value>, common: &Common<'_>) {
    body.insert("format".into(), FORMAT_JSON.into());
    if let Some(ks) = common.ks {
        body.insert("ks".into(), ks.into());
    }
    body.insert("clientTag".into(), common.client_tag.into());
    body.insert("apiVersion".into(), common.api_version.into());
}

/// The JSON body of one call: the common fields, then the parameters without nulls.
pub fn call_body(req: &ApiRequest, common: &Common<'_>) -> Value {
    let mut body = Map::new();
    common_fields(&mut body, common);
    for (k, v) in &req.params {
        if !v.is_null() {
            body.insert(k.clone(), strip_nulls(v.clone()));
        }
    }
    Value::Object(body)
}

/// The JSON body of a multirequest: common fields at the top, then `"0"`, `"1"`... each holding
/// `service`, `action`, `format` and the call's parameters (the Node client's layout).
pub fn multirequest_body(reqs: &[ApiRequest], common: &Common<'_>) -> Value {
    let mut body = Map::new();
    common_fields(&mut body, common);
    for (i, req) in reqs.iter().enumerate() {
        let mut call = Map::new();
        call.insert("service".into(), req.wire_service().into());
        call.insert("action".into(), req.action.clone().into());
        call.insert("format".into(), FORMAT_JSON.into());
        for (k, v) in &req.params {
            if !v.is_null() {
                call.insert(k.clone(), strip_nulls(v.clone()));
            }
        }
        body.insert(i.to_string(), Value::Object(call));
    }
    Value::Object(body)
}

/// Drops null members at any depth: Kaltura reads a null as "set to empty", we mean "not set".
pub fn strip_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}

/// Serialises `value` as a Kaltura object: `objectType` first, then its set fields. Our request
/// types serialise to plain objects of strings and numbers, which cannot fail; anything else is a
/// programming error caught by the debug assertion and sent as an object with its type only.
pub fn to_object(object_type: &str, value: &impl Serialize) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("objectType".into(), object_type.into());
    match serde_json::to_value(value).map(strip_nulls) {
        Ok(Value::Object(fields)) => {
            out.extend(fields.into_iter().filter(|(k, _)| k != "objectType"))
        }
        other => debug_assert!(
            false,
            "{object_type} did not serialise to an object: {other:?}"
        ),
    }
    out
}

/// How a nullable boolean (`KalturaNullableBoolean`) travels: `1`/`0`, as the Node client sends.
pub fn nullable_bool(b: bool) -> Value {
    Value::from(if b { 1 } else { 0 })
}

/// The key that clears `field` on `update` (`"field__null": ""`): a plain omission leaves it as is.
pub fn null_key(field: &str) -> String {
    format!("{field}__null")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn debug_masks_secret_and_ks_at_any_depth() {
        let mut req = ApiRequest::new("session", "start")
            .param("secret", "hunter2-wire-secret")
            .param("ks", "djJ8KSKSKS-top")
            .param("partnerId", 42)
            .param(
                "nested",
                json!({"KS": "djJ8KSKSKS-nested", "list": [{"secret": "hunter2-deep"}]}),
            );
        req.set_nested("filter", "ks", "djJ8KSKSKS-filter");
        for shown in [format!("{req:?}"), format!("{req:#?}")] {
            assert!(!shown.contains("hunter2"), "{shown}");
            assert!(!shown.contains("KSKSKS"), "{shown}");
            assert!(shown.contains("partnerId"), "{shown}");
            assert!(shown.contains("42"), "{shown}");
            assert!(shown.contains("start"), "{shown}");
        }
        // The request itself is untouched.
        assert_eq!(req.params["secret"], json!("hunter2-wire-secret"));
        let start = ApiRequest::new("appToken", "startSession")
            .param("id", "0_tok")
            .param("tokenHash", "hunter2-hash");
        assert!(!format!("{start:?}").contains("hunter2"));
        assert!(format!("{start:?}").contains("0_tok"));
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Inner {
        should_make_hidden: Option<u8>,
        should_auto_archive: Option<u8>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Outer {
        name: String,
        description: Option<String>,
        options: Value,
    }

    const COMMON: Common<'static> = Common {
        ks: Some("KS"),
        client_tag: "kwebcast:test",
        api_version: API_VERSION,
    };

    #[test]
    fn urls_with_and_without_trailing_slash_and_prefix() {
        let get = ApiRequest::new("liveStream", "get");
        for base in [
            "https://www.kaltura.com",
            "https://www.kaltura.com/",
            " https://www.kaltura.com// ",
        ] {
            assert_eq!(
                call_url(base, &get),
                "https://www.kaltura.com/api_v3/service/livestream/action/get"
            );
            assert_eq!(
                multirequest_url(base),
                "https://www.kaltura.com/api_v3/service/multirequest"
            );
        }
        assert_eq!(
            call_url(
                "http://kaltura.corp:8080/video/",
                &ApiRequest::new("metadataProfile", "list")
            ),
            "http://kaltura.corp:8080/video/api_v3/service/metadata_metadataprofile/action/list"
        );
        assert_eq!(wire_service_id("metadata"), "metadata_metadata");
        assert_eq!(wire_service_id("uiConf"), "uiconf");
    }

    #[test]
    fn read_only_is_guessed_from_the_action() {
        assert!(ApiRequest::new("liveStream", "isLive").read_only);
        assert!(ApiRequest::new("uiConf", "listTemplates").read_only);
        assert!(!ApiRequest::new("liveStream", "add").read_only);
        assert!(!ApiRequest::new("metadata", "update").read_only);
        assert!(
            ApiRequest::new("session", "start")
                .read_only(true)
                .read_only
        );
        assert!(!ApiRequest::new("session", "start").needs_ks());
        assert!(ApiRequest::new("liveStream", "get").needs_ks());
        assert_eq!(
            ApiRequest::new("liveStream", "get").name(),
            "liveStream.get"
        );
    }

    #[test]
    fn nested_objects_carry_object_type_and_omit_unset_fields() {
        let entry = Outer {
            name: "Town hall".into(),
            description: None,
            options: Value::Object(to_object(
                "KalturaLiveEntryRecordingOptions",
                &Inner {
                    should_make_hidden: Some(1),
                    should_auto_archive: None,
                },
            )),
        };
        let req = ApiRequest::new("liveStream", "add")
            .object("liveStreamEntry", "KalturaLiveStreamEntry", &entry)
            .param("sourceType", "32")
            .param_opt("skipped", None::<String>)
            .param("nulled", Value::Null);
        let body = call_body(&req, &COMMON);
        assert_eq!(
            body,
            json!({"format": 1, "ks": "KS", "clientTag": "kwebcast:test", "apiVersion": "21.20.0",
                "liveStreamEntry": {"objectType": "KalturaLiveStreamEntry", "name": "Town hall",
                    "options": {"objectType": "KalturaLiveEntryRecordingOptions", "shouldMakeHidden": 1}},
                "sourceType": "32"})
        );
        // Order on the wire: objectType first, as the Node client writes it.
        let text = serde_json::to_string(&body["liveStreamEntry"]).unwrap();
        assert!(
            text.starts_with("{\"objectType\":\"KalturaLiveStreamEntry\""),
            "{text}"
        );
    }

    #[test]
    fn nested_fields_take_result_tokens() {
        let mut req = ApiRequest::new("liveStream", "update").object(
            "liveStreamEntry",
            "KalturaLiveStreamEntry",
            &json!({"name": "x"}),
        );
        req.set_nested(
            "liveStreamEntry",
            "conversionProfileId",
            result_ref(1, &["objects", "0", "id"]),
        );
        req.set_nested("filter", "rootEntryIdIn", "0_a,0_b");
        assert_eq!(
            Value::Object(req.params),
            json!({"liveStreamEntry": {"objectType": "KalturaLiveStreamEntry", "name": "x",
                "conversionProfileId": "{1:result:objects:0:id}"},
                "filter": {"rootEntryIdIn": "0_a,0_b"}})
        );
    }

    #[test]
    fn session_start_body_has_no_ks() {
        let req = ApiRequest::new("session", "start").param("partnerId", 1000);
        let body = call_body(&req, &Common { ks: None, ..COMMON });
        assert!(body.get("ks").is_none());
        assert_eq!(body["partnerId"], 1000);
    }

    #[test]
    fn helpers_for_nullable_booleans_and_clearing() {
        assert_eq!(nullable_bool(true), json!(1));
        assert_eq!(nullable_bool(false), json!(0));
        assert_eq!(null_key("referenceId"), "referenceId__null");
    }

    #[test]
    fn multirequest_numbering_and_result_refs() {
        let reqs = vec![
            ApiRequest::new("liveStream", "get").param("entryId", "0_abcd1234"),
            ApiRequest::new("baseEntry", "list").param(
                "filter",
                json!({"objectType": "KalturaBaseEntryFilter", "rootEntryIdEqual": result_ref(1, &["id"])}),
            ),
            ApiRequest::new("metadata", "list").param("objectIdEqual", result_ref(2, &["objects", "0", "id"])),
        ];
        let body = multirequest_body(&reqs, &COMMON);
        assert_eq!(
            body,
            json!({"format": 1, "ks": "KS", "clientTag": "kwebcast:test", "apiVersion": "21.20.0",
                "0": {"service": "livestream", "action": "get", "format": 1, "entryId": "0_abcd1234"},
                "1": {"service": "baseentry", "action": "list", "format": 1,
                      "filter": {"objectType": "KalturaBaseEntryFilter", "rootEntryIdEqual": "{1:result:id}"}},
                "2": {"service": "metadata_metadata", "action": "list", "format": 1,
                      "objectIdEqual": "{2:result:objects:0:id}"}})
        );
        assert_eq!(result_ref(1, &[]), "{1:result}");
    }
}
