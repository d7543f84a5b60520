//! Kaltura's API exceptions, with the codes, messages and argument names of Kaltura's
//! `KalturaErrors`/`APIErrors`/`MetadataErrors` tables, so clients written against the real
//! service recognise every failure the sandbox produces.

use serde_json::{Map, Value, json};

/// A `KalturaAPIException` about to be answered (always with HTTP 200, as Kaltura does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// Kaltura's code, e.g. `ENTRY_ID_NOT_FOUND`.
    pub code: &'static str,
    /// The message with its arguments filled in.
    pub message: String,
    /// Argument name → value, in Kaltura's order.
    pub args: Vec<(&'static str, String)>,
}

impl ApiError {
    fn new(code: &'static str, message: String, args: Vec<(&'static str, String)>) -> Self {
        ApiError {
            code,
            message,
            args,
        }
    }

    /// The JSON body Kaltura sends: `args` is `[]` when empty (PHP's empty array).
    pub fn to_value(&self) -> Value {
        let args = if self.args.is_empty() {
            Value::Array(Vec::new())
        } else {
            Value::Object(
                self.args
                    .iter()
                    .map(|(k, v)| ((*k).to_string(), Value::String(v.clone())))
                    .collect::<Map<_, _>>(),
            )
        };
        json!({"code": self.code, "message": self.message, "objectType": "KalturaAPIException", "args": args})
    }
}

/// A KS that cannot be read or whose signature does not match: the KS is echoed, as Kaltura does.
pub fn invalid_ks(ks: &str) -> ApiError {
    invalid_ks_with(ks, "-1", "INVALID_STR")
}

/// An expired KS: Kaltura puts the reason where the KS would be, and keeps `-1,INVALID_STR`.
pub fn expired_ks() -> ApiError {
    invalid_ks_with("EXPIRED", "-1", "INVALID_STR")
}

/// A user KS acting on another user's entry.
pub fn invalid_ks_type() -> ApiError {
    invalid_ks_with("", "-4", "INVALID_TYPE")
}

fn invalid_ks_with(ksid: &str, code: &str, desc: &str) -> ApiError {
    ApiError::new(
        "INVALID_KS",
        format!("Invalid KS \"{ksid}\", Error \"{code},{desc}\""),
        vec![
            ("KSID", ksid.to_string()),
            ("ERR_CODE", code.to_string()),
            ("ERR_DESC", desc.to_string()),
        ],
    )
}

/// No KS and no partner for an action that needs one.
pub fn missing_ks() -> ApiError {
    ApiError::new(
        "MISSING_KS",
        "Missing KS, session not established".into(),
        vec![],
    )
}

/// `service` is Kaltura's `service->action` in lower case, e.g. `livestream->add`.
pub fn service_forbidden(service: &str) -> ApiError {
    ApiError::new(
        "SERVICE_FORBIDDEN",
        format!("The access to service [{service}] is forbidden"),
        vec![("SERVICE", service.to_string())],
    )
}

/// `SERVICE_DOES_NOT_EXISTS` (sic).
pub fn service_not_exists(service: &str) -> ApiError {
    ApiError::new(
        "SERVICE_DOES_NOT_EXISTS",
        format!("Service \"{service}\" does not exists"),
        vec![("SRV_NAME", service.to_string())],
    )
}

/// `ACTION_DOES_NOT_EXISTS` (sic); both names lower-cased.
pub fn action_not_exists(action: &str, service: &str) -> ApiError {
    ApiError::new(
        "ACTION_DOES_NOT_EXISTS",
        format!("Action \"{action}\" does not exists for service \"{service}\""),
        vec![
            ("ACTION_NAME", action.to_string()),
            ("SERVICE_NAME", service.to_string()),
        ],
    )
}

/// A mandatory action parameter is absent.
pub fn missing_parameter(name: &str) -> ApiError {
    ApiError::new(
        "MISSING_MANDATORY_PARAMETER",
        format!("Missing parameter \"{name}\""),
        vec![("PARAM_NAME", name.to_string())],
    )
}

/// An `objectType` the action cannot take.
pub fn invalid_object_type(object_type: &str) -> ApiError {
    ApiError::new(
        "INVALID_OBJECT_TYPE",
        format!("Invalid object type \"{object_type}\""),
        vec![("INVALID_OBJ_TYPE", object_type.to_string())],
    )
}

/// A value outside its enum (or not a number where a number enum is expected).
pub fn invalid_enum(value: &str, param: &str, enum_type: &str) -> ApiError {
    ApiError::new(
        "INVALID_ENUM_VALUE",
        format!(
            "Invalid enumeration value \"{value}\" for parameter \"{param}\", expecting enumeration type \"{enum_type}\""
        ),
        vec![
            ("ENUM_VAL", value.to_string()),
            ("PARAM_NAME", param.to_string()),
            ("ENUM_TYPE", enum_type.to_string()),
        ],
    )
}

/// A required object field is missing.
pub fn cannot_be_null(prop: &str) -> ApiError {
    ApiError::new(
        "PROPERTY_VALIDATION_CANNOT_BE_NULL",
        format!("The property \"{prop}\" cannot be null"),
        vec![("PROP_NAME", prop.to_string())],
    )
}

/// An object ID the service does not hold (`KalturaErrors::INVALID_OBJECT_ID`).
pub fn invalid_object_id(id: &str) -> ApiError {
    ApiError::new(
        "INVALID_OBJECT_ID",
        format!("Invalid object id [{id}]"),
        vec![("ID", id.to_string())],
    )
}

/// A field that must be a number got something else.
pub fn not_numeric(prop: &str) -> ApiError {
    ApiError::new(
        "PROPERTY_VALIDATION_NUMERIC_VALUE",
        format!("The property \"{prop}\" must be numeric"),
        vec![("PROP_NAME", prop.to_string())],
    )
}

/// No such entry for this partner (also deleted ones, and ones the KS may not see).
pub fn entry_not_found(id: &str) -> ApiError {
    ApiError::new(
        "ENTRY_ID_NOT_FOUND",
        format!("Entry id \"{id}\" not found"),
        vec![("ENTRY_ID", id.to_string())],
    )
}

/// `liveStream.isLive` of an unknown or non-live entry.
pub fn invalid_entry_id(id: &str) -> ApiError {
    ApiError::new(
        "INVALID_ENTRY_ID",
        format!("Invalid entry id [\"{id}\"]"),
        vec![("ENTRY_ID", id.to_string())],
    )
}

/// An entry of the wrong type for the service (e.g. `liveStream.get` on a VOD entry).
pub fn invalid_entry_type(id: &str, wrong: i64, right: i64) -> ApiError {
    ApiError::new(
        "INVALID_ENTRY_TYPE",
        format!("Entry \"{id}\" type is \"{wrong}\", type must be \"{right}\""),
        vec![
            ("ENTRY_NAME", id.to_string()),
            ("WRONG_ENTRY_TYPE", wrong.to_string()),
            ("RIGHT_ENTRY_TYPE", right.to_string()),
        ],
    )
}

/// A field of a live entry that cannot change while an encoder is connected
/// (`KalturaErrors::CANNOT_UPDATE_FIELDS_WHILE_ENTRY_BROADCASTING`, argument `FIELD`).
pub fn cannot_update_while_broadcasting(field: &str) -> ApiError {
    ApiError::new(
        "CANNOT_UPDATE_FIELDS_WHILE_ENTRY_BROADCASTING",
        format!("Cannot update [{field}] while entry is broadcasting"),
        vec![("FIELD", field.to_string())],
    )
}

/// One metadata record per object and profile: use `metadata.update`.
pub fn metadata_exists(existing: i64) -> ApiError {
    ApiError::new(
        "METADATA_ALREADY_EXISTS",
        format!("Metadata already exists id [{existing}]"),
        vec![("ID", existing.to_string())],
    )
}

/// Unknown metadata profile.
pub fn metadata_profile_not_found(id: &str) -> ApiError {
    ApiError::new(
        "METADATA_PROFILE_NOT_FOUND",
        format!("metadata profile not found, id [{id}]"),
        vec![("ID", id.to_string())],
    )
}

/// Unknown metadata record.
pub fn metadata_not_found(id: &str) -> ApiError {
    ApiError::new(
        "METADATA_NOT_FOUND",
        format!("metadata not found, id [{id}]"),
        vec![("ID", id.to_string())],
    )
}

/// `metadata.update` with a `version` that is no longer the record's (another process changed
/// it): the argument is the record's current version (`MetadataErrors::INVALID_METADATA_VERSION`).
pub fn invalid_metadata_version(current: i64) -> ApiError {
    ApiError::new(
        "INVALID_METADATA_VERSION",
        format!("invalid metadata version [{current}]"),
        vec![("VERSION", current.to_string())],
    )
}

/// XML that the metadata profile's schema refuses (`MetadataErrors::INVALID_METADATA_DATA`);
/// Kaltura's message carries libxml's words, which the sandbox imitates.
pub fn invalid_metadata_data(why: &str) -> ApiError {
    ApiError::new(
        "INVALID_METADATA_DATA",
        format!("invalid metadata data: {why}"),
        vec![("ERR_MSG", why.to_string())],
    )
}

/// `metadata.list` without `metadataObjectTypeEqual`.
pub fn must_filter_object_type() -> ApiError {
    ApiError::new(
        "MUST_FILTER_ON_OBJECT_TYPE",
        "Must filter on object type".into(),
        vec![],
    )
}

/// `metadata.list` of entries without an object ID filter.
pub fn must_filter_object_id() -> ApiError {
    ApiError::new(
        "MUST_FILTER_ON_OBJECT_ID",
        "Must filter on object id".into(),
        vec![],
    )
}

/// Unknown uiConf.
pub fn uiconf_not_found(id: &str) -> ApiError {
    ApiError::new(
        "UICONF_ID_NOT_FOUND",
        format!("UI conf id \"{id}\" not found"),
        vec![("ID", id.to_string())],
    )
}

/// `session.start` with a secret that is not the partner's.
pub fn start_session_error(partner: i64) -> ApiError {
    ApiError::new(
        "START_SESSION_ERROR",
        format!("Error while starting session for partner [{partner}]"),
        vec![("PARTNER", partner.to_string())],
    )
}

/// A partner this server does not hold.
pub fn invalid_partner_id(partner: &str) -> ApiError {
    ApiError::new(
        "INVALID_PARTNER_ID",
        format!("Invalid partner id \"{partner}\""),
        vec![("PID", partner.to_string())],
    )
}

/// An admin session was needed (e.g. `session.start` type ADMIN with the user secret).
pub fn admin_ks_required() -> ApiError {
    ApiError::new(
        "ADMIN_KS_REQUIRED",
        "The access to this service is forbidden, ks of admin is required".into(),
        vec![],
    )
}

/// The server's own (misspelt) code for an unexpected failure.
pub fn internal() -> ApiError {
    ApiError::new(
        "INTERNAL_SERVERL_ERROR",
        "Internal server error occurred".into(),
        vec![],
    )
}

/// A request without a service name.
pub fn service_not_specified() -> ApiError {
    ApiError::new(
        "SERVICE_NOT_SPECIFIED",
        "Service name was not specified, please specify one".into(),
        vec![],
    )
}

/// A request without an action name.
pub fn action_not_specified() -> ApiError {
    ApiError::new(
        "ACTION_NOT_SPECIFIED",
        "Action name was not specified, please specify one".into(),
        vec![],
    )
}

/// A KS whose session was logged out: here, one opened by an app token since deleted
/// (`invalidSessionPeer` by the `sessionid` privilege). The KS is echoed, as for any invalid KS.
pub fn logged_out_ks(ks: &str) -> ApiError {
    invalid_ks_with(ks, "-6", "LOGOUT")
}

/// `appToken.*` of an ID the partner does not have.
pub fn app_token_not_found(id: &str) -> ApiError {
    ApiError::new(
        "APP_TOKEN_ID_NOT_FOUND",
        format!("Application token id \"{id}\" not found"),
        vec![("ID", id.to_string())],
    )
}

/// `appToken.startSession` of a token that is not ACTIVE (deleted or disabled).
pub fn app_token_not_active(id: &str) -> ApiError {
    ApiError::new(
        "APP_TOKEN_NOT_ACTIVE",
        format!("Application token id \"{id}\" not active"),
        vec![("ID", id.to_string())],
    )
}

/// `appToken.startSession` of a token past its `expiry`.
pub fn app_token_expired(id: &str) -> ApiError {
    ApiError::new(
        "APP_TOKEN_EXPIRED",
        format!("Application token id \"{id}\" expired"),
        vec![("ID", id.to_string())],
    )
}

/// `appToken.startSession` whose `tokenHash` is not the hash of the caller's KS and the token.
pub fn invalid_app_token_hash() -> ApiError {
    ApiError::new(
        "INVALID_APP_TOKEN_HASH",
        "Invalid application token hash".into(),
        vec![],
    )
}

/// `session.startWidgetSession` of a widget the partner does not have.
pub fn invalid_widget_id(id: &str) -> ApiError {
    ApiError::new(
        "INVALID_WIDGET_ID",
        format!("Unknown widget [{id}]"),
        vec![("WIDGET_ID", id.to_string())],
    )
}

/// An unknown conversion profile, or one of the wrong kind for the entry (Kaltura's
/// `KalturaLiveEntry::validateConversionProfile` refuses a VOD profile with the same error).
pub fn conversion_profile_not_found(id: &str) -> ApiError {
    ApiError::new(
        "CONVERSION_PROFILE_ID_NOT_FOUND",
        format!("Conversion profile id \"{id}\" not found"),
        vec![("ID", id.to_string())],
    )
}

/// An object field shorter than its minimum (`KalturaObject::validatePropertyMinLength`:
/// `conversionProfile.update` with an empty name, `shortLink.add` with a short `fullUrl`).
pub fn min_length(prop: &str, min: usize) -> ApiError {
    ApiError::new(
        "PROPERTY_VALIDATION_MIN_LENGTH",
        format!("The property \"{prop}\" must have a min length of {min} characters"),
        vec![
            ("PROP_NAME", prop.to_string()),
            ("MIN_LEN", min.to_string()),
        ],
    )
}

/// `entryServerNode.list` filtered on neither entries nor server type
/// (`KalturaEntryServerNodeFilter::getListResponse`). The message is the sandbox's: Kaltura's
/// error table was not at hand.
pub fn must_filter_on_entry_and_server_type() -> ApiError {
    ApiError::new(
        "MUST_FILTER_ON_ENTRY_AND_SERVER_TYPE",
        "Must filter on entry id and server type".into(),
        Vec::new(),
    )
}
