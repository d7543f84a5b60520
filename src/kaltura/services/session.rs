//! `session`: opening a KS on the server, for accounts that prefer `session.start` to local
//! signing. The secret travels as a parameter, so the request must never be logged with its body.

use crate::kaltura::ks::SessionType;
use crate::kaltura::secret::AdminSecret;
use crate::kaltura::wire::ApiRequest;

/// `session.start(secret, userId, type, partnerId, expiry, privileges)`: answers a KS string.
/// Sent without a KS; marked safe to repeat (it creates nothing lasting).
pub fn start(
    secret: &AdminSecret,
    user_id: &str,
    session_type: SessionType,
    partner_id: i64,
    expiry_secs: i64,
    privileges: &str,
) -> ApiRequest {
    ApiRequest::new("session", "start")
        .param("secret", secret.expose())
        .param("userId", user_id)
        .param("type", session_type.code())
        .param("partnerId", partner_id)
        .param("expiry", expiry_secs)
        .param_opt("privileges", (!privileges.is_empty()).then_some(privileges))
        .read_only(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn start_params() {
        let req = start(
            &AdminSecret::new("sec"),
            "admin@x",
            SessionType::Admin,
            1000,
            86400,
            "",
        );
        assert!(!req.needs_ks());
        assert!(req.read_only);
        assert_eq!(
            Value::Object(req.params),
            json!({"secret": "sec", "userId": "admin@x", "type": 2, "partnerId": 1000, "expiry": 86400})
        );
    }
}
