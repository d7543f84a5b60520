//! Driving the sandbox's simulated encoder from the dashboard and tests.
//!
//! The sandbox serves `/sandbox/entries/{id}/broadcast` and `…/disconnect` beside the Kaltura
//! API (reference section 8; `?node=primary|backup` picks the ingest point): an encoder
//! connecting or dropping, which no API call can do, and `…/viewers`, the simulated audience. This small HTTP client lives in
//! `webcast/` so the dashboard can offer its "simulated encoder" keys without importing the
//! simulator itself (only the bootstrap and tests do). What an operator does — Go Live, End, the
//! recording, the redirect — goes through the Kaltura API (`actions.rs`), never through the
//! sandbox's `golive`/`end`/`redirect` controls, which stay for scripts and tests.

use serde_json::Value;
use std::time::Duration;

/// What the simulated encoder can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimulatedAction {
    /// The encoder connects (AUTHENTICATED → BROADCASTING → PLAYABLE).
    Broadcast,
    /// A backup encoder connects to the backup ingest point.
    BroadcastBackup,
    /// The primary encoder disconnects (the backup carries on, if connected; else the session
    /// ends).
    DisconnectPrimary,
    /// The backup encoder disconnects.
    DisconnectBackup,
}

impl SimulatedAction {
    /// The endpoint's last path segment.
    pub fn path(self) -> &'static str {
        match self {
            SimulatedAction::Broadcast | SimulatedAction::BroadcastBackup => "broadcast",
            SimulatedAction::DisconnectPrimary | SimulatedAction::DisconnectBackup => "disconnect",
        }
    }

    /// The `?node=` the step names, if any.
    pub fn node(self) -> Option<&'static str> {
        match self {
            SimulatedAction::BroadcastBackup | SimulatedAction::DisconnectBackup => Some("backup"),
            SimulatedAction::DisconnectPrimary => Some("primary"),
            SimulatedAction::Broadcast => None,
        }
    }
}

/// Why a simulated step failed.
#[derive(Debug, thiserror::Error)]
pub enum SimulatorError {
    /// The sandbox could not be reached.
    #[error("sandbox {action}: {detail}")]
    Http {
        /// The endpoint (`broadcast`).
        action: &'static str,
        /// The transport error.
        detail: String,
    },
    /// The HTTP client could not be built (TLS backend unavailable...).
    #[error("sandbox control: cannot build the HTTP client: {detail}")]
    Client {
        /// reqwest's reason.
        detail: String,
    },
    /// The sandbox refused (unknown entry...).
    #[error("sandbox {action}: {message} (HTTP {status})")]
    Refused {
        /// The endpoint.
        action: &'static str,
        /// HTTP status.
        status: u16,
        /// The sandbox's `error` text.
        message: String,
    },
}

/// How long one control request may take: a stuck sandbox must not hang a key press.
const CONTROL_TIMEOUT: Duration = Duration::from_secs(10);

/// HTTP client for the sandbox control endpoints.
#[derive(Debug, Clone)]
pub struct SimulatorControl {
    base: String,
    /// The client, or why it could not be built (reported by every step rather than replaced
    /// by a client without the timeout).
    http: Result<reqwest::Client, String>,
}

impl SimulatorControl {
    /// A client for the sandbox at `sandbox_url` (`http://127.0.0.1:PORT`). Infallible so a
    /// dashboard can always hold one; if the HTTP client cannot be built, every step fails
    /// with that reason. Use [`SimulatorControl::try_new`] to learn it at once.
    pub fn new(sandbox_url: &str) -> Self {
        Self::with_builder(sandbox_url, reqwest::Client::builder())
    }

    /// Like [`SimulatorControl::new`], but a client that cannot be built is an error now.
    pub fn try_new(sandbox_url: &str) -> Result<Self, SimulatorError> {
        let control = Self::new(sandbox_url);
        match &control.http {
            Ok(_) => Ok(control),
            Err(detail) => Err(SimulatorError::Client {
                detail: detail.clone(),
            }),
        }
    }

    fn with_builder(sandbox_url: &str, builder: reqwest::ClientBuilder) -> Self {
        SimulatorControl {
            base: sandbox_url.trim_end_matches('/').to_string(),
            http: builder
                .timeout(CONTROL_TIMEOUT)
                .build()
                .map_err(|e| e.to_string()),
        }
    }

    /// Runs one step for `entry_id`; returns the live entry as the sandbox now shows it.
    pub async fn run(
        &self,
        entry_id: &str,
        action: SimulatedAction,
    ) -> Result<Value, SimulatorError> {
        let query = action
            .node()
            .map(|n| format!("?node={n}"))
            .unwrap_or_default();
        self.post(entry_id, action.path(), &query, None).await
    }

    /// Sets the audience the sandbox gives for `entry_id` from now on (`None`: back to its
    /// simulated audience).
    pub async fn set_viewers(
        &self,
        entry_id: &str,
        count: Option<u64>,
    ) -> Result<Value, SimulatorError> {
        let body = serde_json::json!({ "count": count });
        self.post(entry_id, "viewers", "", Some(body)).await
    }

    async fn post(
        &self,
        entry_id: &str,
        name: &'static str,
        query: &str,
        body: Option<Value>,
    ) -> Result<Value, SimulatorError> {
        let url = format!(
            "{}/sandbox/entries/{}/{}{}",
            self.base,
            percent_encoding::utf8_percent_encode(entry_id, percent_encoding::NON_ALPHANUMERIC),
            name,
            query
        );
        let http_err = |e: reqwest::Error| SimulatorError::Http {
            action: name,
            detail: e.to_string(),
        };
        let http = self.http.as_ref().map_err(|detail| SimulatorError::Http {
            action: name,
            detail: format!("cannot build the HTTP client: {detail}"),
        })?;
        let mut req = http.post(&url);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req.send().await.map_err(http_err)?;
        let status = resp.status().as_u16();
        let body: Value = resp.json().await.map_err(http_err)?;
        if body.get("ok").and_then(Value::as_bool) == Some(true) {
            Ok(body.get("entry").cloned().unwrap_or(Value::Null))
        } else {
            Err(SimulatorError::Refused {
                action: name,
                status,
                message: body
                    .get("error")
                    .and_then(Value::as_str)
                    .unwrap_or("no reason given")
                    .to_string(),
            })
        }
    }

    /// The encoder connects.
    pub async fn broadcast(&self, entry_id: &str) -> Result<Value, SimulatorError> {
        self.run(entry_id, SimulatedAction::Broadcast).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// rustls speaks no TLS 1.0, so a client capped at it cannot be built.
    fn broken_builder() -> reqwest::ClientBuilder {
        reqwest::Client::builder().max_tls_version(reqwest::tls::Version::TLS_1_0)
    }

    #[tokio::test]
    async fn a_client_that_cannot_be_built_is_an_error_not_a_client_without_timeout() {
        let control = SimulatorControl::with_builder("http://127.0.0.1:9", broken_builder());
        match control.run("0_abcd1234", SimulatedAction::Broadcast).await {
            Err(SimulatorError::Http { action, detail }) => {
                assert_eq!(action, "broadcast");
                assert!(detail.contains("cannot build the HTTP client"), "{detail}");
            }
            other => panic!("expected the builder's error, got {other:?}"),
        }
    }

    #[test]
    fn try_new_builds_a_working_client() {
        let control = SimulatorControl::try_new("http://127.0.0.1:9/").unwrap();
        assert_eq!(control.base, "http://127.0.0.1:9");
        assert!(control.http.is_ok());
    }
}
