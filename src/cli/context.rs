//! What a command that talks to Kaltura runs with: the completed settings, the backend (kept
//! alive so an in-process sandbox keeps serving) and the API client.

use super::failure::Failure;
use crate::bootstrap::{self, Backend};
use crate::config::Settings;
use crate::kaltura::client::KalturaClient;
use crate::webcast::Webcast;

/// A connected command's context.
pub struct Context {
    /// Settings with the backend's URL, partner and secret filled in.
    pub settings: Settings,
    /// The account or the running sandbox.
    pub backend: Backend,
    /// The API client with the operator's admin KS.
    pub client: KalturaClient,
    /// The webcast workflows over that client.
    pub webcast: Webcast,
}

impl Context {
    /// Connects: starts the sandbox when needed and builds the client.
    pub async fn connect(settings: Settings) -> Result<Context, Failure> {
        let (backend, settings) = bootstrap::connect(settings).await.map_err(|e| {
            Failure::Runtime(anyhow::Error::new(e).context("cannot start the built-in sandbox"))
        })?;
        let client = bootstrap::client(&settings).map_err(|e| Failure::Runtime(e.into()))?;
        let webcast = bootstrap::webcast(&settings, client.clone(), backend.is_sandbox())
            .ok_or_else(|| Failure::Usage("no account is configured".into()))?;
        Ok(Context {
            settings,
            backend,
            client,
            webcast,
        })
    }

    /// The partner ID (always set after connecting).
    pub fn partner_id(&self) -> i64 {
        self.client.partner_id()
    }

    /// The watchdog's knobs for this backend (the recording wait scaled by the in-process
    /// sandbox's speed).
    pub fn watchdog(&self) -> crate::webcast::WatchdogConfig {
        bootstrap::watchdog_config(&self.settings, self.backend.is_sandbox())
    }

    /// Stops the in-process sandbox, if any.
    pub async fn close(self) {
        self.backend.shutdown().await;
    }
}

/// Turns a Kaltura error into the operator's sentence and code.
pub fn api_failure(e: crate::kaltura::error::Error) -> Failure {
    Failure::Api {
        message: e.to_string(),
        code: e.code().map(str::to_string),
    }
}

/// [`api_failure`] for a call about one entry: an entry the account does not have is said in
/// the same sentence `status` uses, with Kaltura's code, whichever call found out.
pub fn entry_failure(e: crate::kaltura::error::Error, id: &str, partner_id: i64) -> Failure {
    match e.code() {
        Some("ENTRY_ID_NOT_FOUND") => Failure::Api {
            message: crate::webcast::poll::not_found_message(id, partner_id),
            code: Some("ENTRY_ID_NOT_FOUND".into()),
        },
        _ => api_failure(e),
    }
}

/// The sandbox notice, when the sandbox stands in (every text output starts with it).
pub fn notice(ctx: &Context, out: &super::output::Output) {
    if let Some(url) = ctx.backend.sandbox_url() {
        out.sandbox_notice(&url);
    }
}

/// Reads the journal once to say, in text mode, that lines were skipped ("3 unreadable journal
/// lines skipped, see the log"): commands that rely on the journal (create with `--ref`,
/// finish) should not lose events silently. The lines themselves are in the log.
pub fn journal_notice(journal: &crate::webcast::Journal, out: &super::output::Output) {
    if out.json {
        return;
    }
    if let Some(notice) = journal.load().ok().and_then(|l| l.skipped_notice()) {
        out.warning(format!("{notice} ({})", journal.path().display()));
    }
}
