//! `appToken`: application tokens — created by an administrator (`add`), managed (`get`, `list`,
//! `update`, `delete`) and turned into sessions (`startSession`). kwebcast opens the operator's
//! session with a configured token and, without the admin secret, mints each link KS from a
//! single-purpose token it creates (see `kaltura::client::link_ks`).

use super::{Pager, list_request};
use crate::kaltura::app_token::TokenHash;
use crate::kaltura::ks::SessionType;
use crate::kaltura::wire::ApiRequest;
use serde::Serialize;

/// The object type of an app token on the wire.
pub const OBJECT_TYPE: &str = "KalturaAppToken";
const FILTER_TYPE: &str = "KalturaAppTokenFilter";

/// The writable fields of `KalturaAppToken` (for `add` and `update`); unset fields are omitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewAppToken {
    /// Unix time after which the token opens no session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry: Option<i64>,
    /// The session type every session gets (overrides the caller's), `None` to leave it open.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "session_type_code"
    )]
    pub session_type: Option<SessionType>,
    /// The user every session gets (overrides the caller's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_user_id: Option<String>,
    /// The longest session, seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration: Option<i64>,
    /// Privileges every session gets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_privileges: Option<String>,
    /// How `tokenHash` is computed.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "hash_name")]
    pub hash_type: Option<TokenHash>,
    /// Free text (shown in the KMC's token list).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

fn session_type_code<S: serde::Serializer>(
    t: &Option<SessionType>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_i64(t.code()),
        None => s.serialize_none(),
    }
}

fn hash_name<S: serde::Serializer>(h: &Option<TokenHash>, s: S) -> Result<S::Ok, S::Error> {
    match h {
        Some(h) => s.serialize_str(h.name()),
        None => s.serialize_none(),
    }
}

/// `KalturaAppTokenFilter` (the fields kwebcast uses).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppTokenFilter {
    /// One token by ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_equal: Option<String>,
    /// Tokens in one status (2 ACTIVE, 3 DELETED).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_equal: Option<i64>,
}

/// `appToken.add(appToken)`: answers the new `KalturaAppToken`, with its `id` and `token`.
pub fn add(token: &NewAppToken) -> ApiRequest {
    ApiRequest::new("appToken", "add").object("appToken", OBJECT_TYPE, token)
}

/// `appToken.get(id)`.
pub fn get(id: &str) -> ApiRequest {
    ApiRequest::new("appToken", "get").param("id", id)
}

/// `appToken.list(filter, pager)`.
pub fn list(filter: &AppTokenFilter, pager: Option<&Pager>) -> ApiRequest {
    list_request("appToken", FILTER_TYPE, filter, pager)
}

/// `appToken.update(id, appToken)`: changes the fields set in `token`.
pub fn update(id: &str, token: &NewAppToken) -> ApiRequest {
    ApiRequest::new("appToken", "update")
        .param("id", id)
        .object("appToken", OBJECT_TYPE, token)
}

/// `appToken.delete(id)`: the token opens no more sessions, and Kaltura logs out the ones it
/// opened.
pub fn delete(id: &str) -> ApiRequest {
    ApiRequest::new("appToken", "delete").param("id", id)
}

/// What `appToken.startSession` asks for besides the token; the token's own settings win where
/// it has them (type, user), and cap the expiry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionAsk {
    /// The session's user.
    pub user_id: Option<String>,
    /// The session's type.
    pub session_type: Option<SessionType>,
    /// Seconds the session should live.
    pub expiry_secs: Option<i64>,
    /// `sessionPrivileges`: appended to the token's, except server-reserved ones (`sview`,
    /// `setrole`, `enableentitlement`...) and names the token already sets, which Kaltura drops.
    pub session_privileges: Option<String>,
}

/// `appToken.startSession(id, tokenHash, userId, type, expiry, sessionPrivileges)`: answers a
/// `KalturaSessionInfo`. `token_hash` is computed over the KS this very call carries, so the
/// caller pins that KS with `ks` (a sub-call's own `ks` wins over a multirequest's). Safe to
/// repeat (it only opens a session).
pub fn start_session(id: &str, token_hash: &str, ks: &str, ask: &SessionAsk) -> ApiRequest {
    ApiRequest::new("appToken", "startSession")
        .param("id", id)
        .param("tokenHash", token_hash)
        .param_opt("userId", ask.user_id.as_deref())
        .param_opt("type", ask.session_type.map(SessionType::code))
        .param_opt("expiry", ask.expiry_secs)
        .param_opt("sessionPrivileges", ask.session_privileges.as_deref())
        .param("ks", ks)
        .read_only(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn add_sends_only_what_is_set_with_kalturas_spellings() {
        let req = add(&NewAppToken {
            session_type: Some(SessionType::User),
            session_user_id: Some("viewer".into()),
            session_privileges: Some("sview:0_a".into()),
            expiry: Some(1_900_000_000),
            hash_type: Some(TokenHash::Sha256),
            ..NewAppToken::default()
        });
        assert_eq!(req.wire_service(), "apptoken");
        assert!(!req.read_only, "add is a write");
        assert_eq!(
            req.params["appToken"],
            json!({"objectType": "KalturaAppToken", "expiry": 1_900_000_000, "sessionType": 0,
                   "sessionUserId": "viewer", "sessionPrivileges": "sview:0_a", "hashType": "SHA256"})
        );
    }

    #[test]
    fn start_session_pins_its_ks_and_omits_unset_asks() {
        let req = start_session("0_tok", "abc", "djJ8", &SessionAsk::default());
        assert!(req.read_only);
        assert_eq!(
            Value::Object(req.params.clone()),
            json!({"id": "0_tok", "tokenHash": "abc", "ks": "djJ8"})
        );
        let req = start_session(
            "0_tok",
            "abc",
            "djJ8",
            &SessionAsk {
                user_id: Some("op@x".into()),
                session_type: Some(SessionType::Admin),
                expiry_secs: Some(600),
                session_privileges: Some("appid:k".into()),
            },
        );
        assert_eq!(req.params["type"], 2);
        assert_eq!(req.params["userId"], "op@x");
        assert_eq!(req.params["sessionPrivileges"], "appid:k");
        assert_eq!(get("0_t").params["id"], "0_t");
        assert_eq!(delete("0_t").name(), "appToken.delete");
        assert_eq!(
            list(&AppTokenFilter::default(), None).params["filter"]["objectType"],
            "KalturaAppTokenFilter"
        );
        assert_eq!(update("0_t", &NewAppToken::default()).params["id"], "0_t");
    }
}
