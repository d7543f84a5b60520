//! Session objects: `KalturaSessionInfo` (what `appToken.startSession` and `session.get` answer),
//! `KalturaStartWidgetSessionResponse`, and `KalturaAppToken`. Each holds something that opens a
//! session (a KS, a token), so their Debug shows only redacted forms.

use super::lenient;
use crate::kaltura::ks::{self, Privilege, SessionType};
use crate::kaltura::secret::AppTokenSecret;
use serde::Deserialize;
use std::fmt;

/// `KalturaSessionInfo`: a session as Kaltura made it — the KS, and what it allows.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SessionInfo {
    /// The KS (empty in `session.get` answers, which describe a KS the caller already has).
    #[serde(deserialize_with = "lenient::string")]
    pub ks: String,
    /// `0` USER, `2` ADMIN.
    #[serde(deserialize_with = "lenient::int")]
    pub session_type: i64,
    /// The partner.
    #[serde(deserialize_with = "lenient::int")]
    pub partner_id: i64,
    /// The session's user ("" when none).
    #[serde(deserialize_with = "lenient::string")]
    pub user_id: String,
    /// When the KS expires, Unix seconds.
    #[serde(deserialize_with = "lenient::int")]
    pub expiry: i64,
    /// Kaltura's comma-separated privileges.
    #[serde(deserialize_with = "lenient::string")]
    pub privileges: String,
}

impl SessionInfo {
    /// The session type as ours (anything but 2 is a user session, as on the server).
    pub fn kind(&self) -> SessionType {
        SessionType::from_code(self.session_type)
    }

    /// The privileges, parsed.
    pub fn privilege_list(&self) -> Vec<Privilege> {
        Privilege::parse_list(&self.privileges)
    }
}

impl fmt::Debug for SessionInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionInfo")
            .field("ks", &ks::redact(&self.ks))
            .field("session_type", &self.session_type)
            .field("partner_id", &self.partner_id)
            .field("user_id", &self.user_id)
            .field("expiry", &self.expiry)
            .field("privileges", &self.privileges)
            .finish()
    }
}

/// `KalturaStartWidgetSessionResponse`: the anonymous widget session.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WidgetSession {
    /// The widget KS.
    #[serde(deserialize_with = "lenient::string")]
    pub ks: String,
    /// The widget's partner.
    #[serde(deserialize_with = "lenient::int")]
    pub partner_id: i64,
    /// `"0"`, the anonymous user.
    #[serde(deserialize_with = "lenient::string")]
    pub user_id: String,
}

impl fmt::Debug for WidgetSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WidgetSession")
            .field("ks", &ks::redact(&self.ks))
            .field("partner_id", &self.partner_id)
            .field("user_id", &self.user_id)
            .finish()
    }
}

/// `KalturaAppToken` as Kaltura answers it (the fields kwebcast reads).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppTokenObject {
    /// The token's ID.
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: String,
    /// The token's value: a secret.
    #[serde(default, deserialize_with = "secret")]
    pub token: AppTokenSecret,
    /// `2` ACTIVE, `3` DELETED (`1` DISABLED).
    #[serde(default, deserialize_with = "lenient::int")]
    pub status: i64,
    /// Unix time the token stops working (0: never).
    #[serde(default, deserialize_with = "lenient::int")]
    pub expiry: i64,
    /// `KalturaAppTokenHashType`.
    #[serde(default, deserialize_with = "lenient::string")]
    pub hash_type: String,
    /// Free text anyone who may manage tokens can set: hostile, never printed as is.
    #[serde(default, deserialize_with = "lenient::string")]
    pub description: String,
    /// `KalturaSessionType` of the sessions it starts: `0` USER, `2` ADMIN (`-1` when not
    /// answered).
    #[serde(default = "unknown_session_type", deserialize_with = "lenient::int")]
    pub session_type: i64,
    /// The privileges its sessions carry.
    #[serde(default, deserialize_with = "lenient::string")]
    pub session_privileges: String,
}

fn unknown_session_type() -> i64 {
    -1
}

fn secret<'de, D: serde::Deserializer<'de>>(d: D) -> Result<AppTokenSecret, D::Error> {
    lenient::string(d).map(AppTokenSecret::new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_session_info_leniently_and_never_prints_the_ks() {
        let ks = "djJ8MTAwMHw".repeat(10);
        let info: SessionInfo = serde_json::from_value(json!({
            "objectType": "KalturaSessionInfo", "ks": ks, "sessionType": "2", "partnerId": 1000,
            "userId": "op@x", "expiry": 1_900_000_000, "privileges": "sessionid:0_t,apptoken:0_t"
        }))
        .unwrap();
        assert_eq!(info.kind(), SessionType::Admin);
        assert_eq!(info.privilege_list().len(), 2);
        assert!(!format!("{info:?}").contains(&ks));
        let bare: SessionInfo = serde_json::from_value(json!({"sessionType": 0})).unwrap();
        assert_eq!(bare.kind(), SessionType::User);
    }

    #[test]
    fn an_app_token_object_hides_its_token() {
        let t: AppTokenObject = serde_json::from_value(json!({
            "objectType": "KalturaAppToken", "id": "0_abc", "token": "cafebabecafebabecafebabecafebabe",
            "status": 2, "hashType": "SHA256"
        }))
        .unwrap();
        assert_eq!(t.token.expose(), "cafebabecafebabecafebabecafebabe");
        assert!(!format!("{t:?}").contains("cafebabe"));
        assert_eq!(t.status, 2);
        assert_eq!(t.expiry, 0);
    }
}
