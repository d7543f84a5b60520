//! Driving the sandbox's simulated encoder from the dashboard and tests.
//!
//! The sandbox serves `/sandbox/entries/{id}/broadcast|golive|end|redirect` beside the Kaltura API
//! (reference section 8). This small HTTP client lives in `webcast/` so the dashboard can offer
//! its "simulate" keys without importing the simulator itself (only the bootstrap and tests do).

use serde_json::Value;
use std::time::Duration;

/// A lifecycle step the sandbox can simulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimulatedAction {
    /// The encoder connects (AUTHENTICATED → BROADCASTING → PLAYABLE).
    Broadcast,
    /// The producer presses Go Live.
    GoLive,
    /// The encoder disconnects; the recording becomes READY after processing.
    End,
    /// Point `redirectEntryId` at the newest recording.
    Redirect,
}

impl SimulatedAction {
    /// The endpoint's last path segment.
    pub fn path(self) -> &'static str {
        match self {
            SimulatedAction::Broadcast => "broadcast",
            SimulatedAction::GoLive => "golive",
            SimulatedAction::End => "end",
            SimulatedAction::Redirect => "redirect",
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

/// HTTP client for the sandbox control endpoints.
#[derive(Debug, Clone)]
pub struct SimulatorControl {
    base: String,
    http: reqwest::Client,
}

impl SimulatorControl {
    /// A client for the sandbox at `sandbox_url` (`http://127.0.0.1:PORT`).
    pub fn new(sandbox_url: &str) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap_or_default();
        SimulatorControl {
            base: sandbox_url.trim_end_matches('/').to_string(),
            http,
        }
    }

    /// Runs one step for `entry_id`; returns the live entry as the sandbox now shows it.
    pub async fn run(
        &self,
        entry_id: &str,
        action: SimulatedAction,
    ) -> Result<Value, SimulatorError> {
        let name = action.path();
        let url = format!(
            "{}/sandbox/entries/{}/{}",
            self.base,
            percent_encoding::utf8_percent_encode(entry_id, percent_encoding::NON_ALPHANUMERIC),
            name
        );
        let http_err = |e: reqwest::Error| SimulatorError::Http {
            action: name,
            detail: e.to_string(),
        };
        let resp = self.http.post(&url).send().await.map_err(http_err)?;
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

    /// Go Live.
    pub async fn go_live(&self, entry_id: &str) -> Result<Value, SimulatorError> {
        self.run(entry_id, SimulatedAction::GoLive).await
    }

    /// The session ends.
    pub async fn end(&self, entry_id: &str) -> Result<Value, SimulatorError> {
        self.run(entry_id, SimulatedAction::End).await
    }
}
