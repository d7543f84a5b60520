//! `session`: opening a KS on the server (`session.start` for accounts that prefer it to local
//! signing; `session.startWidgetSession`, the unprivileged first step of app-token
//! authentication) and reading one back (`session.get`). `session.start` carries the secret as a
//! parameter, so the request must never be logged with its body.

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

/// `session.startWidgetSession(widgetId: "_{partnerId}", expiry)`: answers a
/// `KalturaStartWidgetSessionResponse` whose `ks` is an anonymous, unprivileged USER session —
/// what `appToken.startSession` is then called with. Sent without a KS; safe to repeat.
pub fn start_widget_session(partner_id: i64, expiry_secs: i64) -> ApiRequest {
    ApiRequest::new("session", "startWidgetSession")
        .param("widgetId", format!("_{partner_id}"))
        .param("expiry", expiry_secs)
        .read_only(true)
}

/// `session.get(session)`: a `KalturaSessionInfo` (type, user, privileges, expiry) for the given
/// KS, or for the calling one when `session` is `None`.
pub fn get(session: Option<&str>) -> ApiRequest {
    ApiRequest::new("session", "get").param_opt("session", session)
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

    #[test]
    fn widget_session_params() {
        let req = start_widget_session(4242, 600);
        assert!(
            !req.needs_ks(),
            "the widget session is how a KS is had at all"
        );
        assert!(req.read_only);
        assert_eq!(req.wire_service(), "session");
        assert_eq!(
            Value::Object(req.params),
            json!({"widgetId": "_4242", "expiry": 600})
        );
        assert!(get(None).params.is_empty());
        assert!(get(None).read_only);
    }
}
