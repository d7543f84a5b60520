//! The built-in Kaltura sandbox: a loopback HTTP server that speaks Kaltura API v3 (the subset
//! kwebcast uses) closely enough for Kaltura's official clients to work against it unchanged.
//! It is the default backend without credentials and the backbone of the tests; it verifies
//! KSs with `kaltura::ks` and keeps objects as Kaltura-shaped JSON, never using our client.
//! See `docs/sandbox.md`.

mod app;
mod audience;
mod auth;
mod control;
mod encoder;
mod errors;
mod faults;
mod lifecycle;
mod multirequest;
mod params;
mod persist;
mod response_profile;
mod seed;
mod server;
mod services;
mod shared;
mod stats;
mod store;
mod xml;

pub use faults::Faults;

use app::App;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How to run a sandbox.
#[derive(Debug, Clone)]
pub struct SandboxOptions {
    /// Where to listen; `127.0.0.1:0` picks a free port. Loopback only unless `allow_remote`.
    pub bind: SocketAddr,
    /// The simulated partner (account) ID.
    pub partner_id: i64,
    /// The partner's admin secret (signs and verifies KSs).
    pub admin_secret: String,
    /// The partner's user secret (`session.start` of USER sessions); a state file that already
    /// holds one keeps its own.
    pub user_secret: String,
    /// Divides lifecycle delays (broadcast → playable, processing); clocks stay real.
    pub speed: f64,
    /// New live entries start broadcasting by themselves after this delay.
    pub auto_live_after: Option<Duration>,
    /// Added to every API answer.
    pub latency: Duration,
    /// Share of API requests answered with HTTP 500/503.
    pub fail_rate: f64,
    /// How far the simulated search index runs behind writes (the `index_lag_ms` fault):
    /// zero by default, [`interactive_index_lag`] for a sandbox people use by hand.
    pub index_lag: Duration,
    /// Persist the partner's objects here across restarts.
    pub state_file: Option<PathBuf>,
    /// Permit a non-loopback `bind` (the sandbox has no real security).
    pub allow_remote: bool,
    /// The state file is shared with other processes (the in-process sandbox of every kwebcast
    /// command of one data directory): locked, reloaded and saved around every request.
    pub shared: bool,
    /// When the state file already holds an admin secret, use it instead of `admin_secret` (a
    /// restart keeps the secret scripts were given). Off when the operator chose a secret.
    pub admin_secret_from_state: bool,
}

impl Default for SandboxOptions {
    /// Loopback, free port, partner 1000, fresh random secrets.
    fn default() -> Self {
        SandboxOptions {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            partner_id: 1000,
            admin_secret: store::random_hex(32),
            user_secret: store::random_hex(32),
            speed: 1.0,
            auto_live_after: None,
            latency: Duration::ZERO,
            fail_rate: 0.0,
            index_lag: Duration::ZERO,
            state_file: None,
            allow_remote: false,
            shared: false,
            admin_secret_from_state: false,
        }
    }
}

/// Why a sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// A non-loopback address without `allow_remote`.
    #[error(
        "refusing to listen on {0}: the sandbox has no real security, so it binds loopback addresses only (use --allow-remote to override)"
    )]
    NonLoopback(SocketAddr),
    /// The port is taken or not permitted.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
    /// The state file exists but cannot be read.
    #[error("cannot read the sandbox state file {path}: {source}")]
    StateRead {
        /// The state file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The state file does not parse; it is left untouched.
    #[error(
        "the sandbox state file {path} is corrupt ({detail}); it was left untouched: fix it, move it away or pick another --state file"
    )]
    StateCorrupt {
        /// The state file.
        path: PathBuf,
        /// What the parser said.
        detail: String,
    },
    /// The state file holds another partner's objects.
    #[error(
        "the sandbox state file {path} belongs to partner {found}, not {wanted}: use --partner-id {found} or another --state file"
    )]
    PartnerMismatch {
        /// The state file.
        path: PathBuf,
        /// The partner in the file.
        found: i64,
        /// The partner asked for.
        wanted: i64,
    },
    /// An option out of range.
    #[error("invalid sandbox option: {0}")]
    InvalidOption(String),
}

/// Kaltura's search index lags writes by a couple of seconds; a sandbox people use by hand (the
/// in-process one, `kwebcast sandbox`) lags as much, divided by its `speed`, so that what
/// depends on it (a lookup right after a create) is seen to cope.
pub fn interactive_index_lag(speed: f64) -> Duration {
    const KALTURA_INDEX_LAG: Duration = Duration::from_secs(2);
    if speed.is_finite() && speed > 0.0 {
        KALTURA_INDEX_LAG.div_f64(speed.max(1e-3))
    } else {
        KALTURA_INDEX_LAG
    }
}

/// A running sandbox. Dropping it stops the server; [`Sandbox::shutdown`] also waits for it
/// and writes the state file a last time.
pub struct Sandbox {
    addr: SocketAddr,
    partner_id: i64,
    admin_secret: String,
    user_secret: String,
    instance_id: String,
    app: Arc<App>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Checks the options, loads or seeds the partner, binds, and serves in a background task.
    pub async fn start(opts: SandboxOptions) -> Result<Sandbox, SandboxError> {
        if !opts.bind.ip().is_loopback() && !opts.allow_remote {
            return Err(SandboxError::NonLoopback(opts.bind));
        }
        if !(opts.speed.is_finite() && opts.speed > 0.0) {
            return Err(SandboxError::InvalidOption(format!(
                "speed must be a positive number, got {}",
                opts.speed
            )));
        }
        if opts.admin_secret.is_empty() {
            return Err(SandboxError::InvalidOption(
                "the admin secret must not be empty".into(),
            ));
        }
        let faults = Faults {
            latency_ms: opts.latency.as_millis() as u64,
            fail_rate: opts.fail_rate,
            index_lag_ms: u64::try_from(opts.index_lag.as_millis()).unwrap_or(u64::MAX),
            ..Faults::default()
        };
        faults.validate().map_err(SandboxError::InvalidOption)?;
        let shared_path = opts.state_file.clone().filter(|_| opts.shared);
        // Shared: read (or create) the file under its lock, so a concurrent first start of two
        // processes makes one partner, not two.
        let _lock = match &shared_path {
            Some(path) => Some(
                shared::lock(path).map_err(|source| SandboxError::StateRead {
                    path: path.clone(),
                    source,
                })?,
            ),
            None => None,
        };
        let mut store = match &opts.state_file {
            Some(path) => match persist::load(path)? {
                Some(s) if s.partner_id != opts.partner_id => {
                    return Err(SandboxError::PartnerMismatch {
                        path: path.clone(),
                        found: s.partner_id,
                        wanted: opts.partner_id,
                    });
                }
                Some(s) => s,
                None => seed::fresh(opts.partner_id, store::now_ms() / 1000),
            },
            None => seed::fresh(opts.partner_id, store::now_ms() / 1000),
        };
        let user_secret = match store.user_secret.clone().filter(|s| !s.is_empty()) {
            Some(kept) => kept,
            None => {
                store.user_secret = Some(opts.user_secret.clone());
                store.touch();
                opts.user_secret.clone()
            }
        };
        let kept_admin = store.admin_secret.clone().filter(|s| !s.is_empty());
        let admin_secret = match kept_admin {
            Some(kept) if opts.admin_secret_from_state => kept,
            kept => {
                if kept.as_deref() != Some(opts.admin_secret.as_str()) {
                    store.admin_secret = Some(opts.admin_secret.clone());
                    store.touch();
                }
                opts.admin_secret.clone()
            }
        };
        if store.instance_id.is_none() {
            store.instance_id = Some(store::random_alnum(12));
            store.touch();
        }
        let instance_id = store.instance_id.clone().unwrap_or_default();
        if let Some(path) = &shared_path
            && (store.generation > 0 || !path.exists())
        {
            let bytes = serde_json::to_vec_pretty(&store).map_err(|e| SandboxError::StateRead {
                path: path.clone(),
                source: std::io::Error::other(e),
            })?;
            persist::save(path, &bytes).map_err(|source| SandboxError::StateRead {
                path: path.clone(),
                source,
            })?;
        }
        drop(_lock);
        let shared_file = shared_path.map(|path| {
            let (partner, admin, user) =
                (opts.partner_id, admin_secret.clone(), user_secret.clone());
            shared::SharedFile::new(path, move || {
                let mut fresh = seed::fresh(partner, store::now_ms() / 1000);
                fresh.admin_secret = Some(admin.clone());
                fresh.user_secret = Some(user.clone());
                fresh
            })
        });
        let listener = tokio::net::TcpListener::bind(opts.bind)
            .await
            .map_err(|source| SandboxError::Bind {
                addr: opts.bind,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| SandboxError::Bind {
            addr: opts.bind,
            source,
        })?;
        let app = Arc::new(App {
            store: Mutex::new(store),
            faults: Mutex::new(faults),
            stats: stats::Stats::default(),
            ks_first_seen: Mutex::new(HashMap::new()),
            admin_secret: admin_secret.clone(),
            user_secret: user_secret.clone(),
            speed: opts.speed,
            auto_live_after: opts.auto_live_after,
            // A shared file is saved by every request itself (`shared.rs`); the end-of-run write
            // would put this process's copy over newer work of another.
            state_file: opts.state_file.clone().filter(|_| shared_file.is_none()),
            persisted: Mutex::new(0),
            base_url: format!("http://{addr}"),
            partner_id: opts.partner_id,
            ks_cache: Mutex::new(HashMap::new()),
            stats_cache: Mutex::new(HashMap::new()),
            shared: shared_file,
        });
        // A new state file is written at once, so a bad path shows up now, not later.
        if let Some(path) = &app.state_file
            && !path.exists()
        {
            app.write_state()
                .map_err(|source| SandboxError::StateRead {
                    path: path.clone(),
                    source,
                })?;
        }
        let router = server::router(app.clone());
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let service = router.into_make_service_with_connect_info::<SocketAddr>();
            let result = axum::serve(listener, service)
                .with_graceful_shutdown(async {
                    let _ = stop_rx.await;
                })
                .await;
            if let Err(e) = result {
                tracing::warn!("sandbox server stopped: {e}");
            }
        });
        Ok(Sandbox {
            addr,
            partner_id: opts.partner_id,
            admin_secret,
            user_secret,
            instance_id,
            app,
            stop: Some(stop_tx),
            task: Some(task),
        })
    }

    /// The service URL to give a Kaltura client, e.g. `http://127.0.0.1:8089`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address actually bound (the port chosen for `:0`).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The simulated partner ID.
    pub fn partner_id(&self) -> i64 {
        self.partner_id
    }

    /// The partner's admin secret, to sign KSs locally as against a real account.
    pub fn admin_secret(&self) -> &str {
        &self.admin_secret
    }

    /// The partner's user secret (`session.start` of USER sessions), shown with the admin secret
    /// and kept in the state file.
    pub fn user_secret(&self) -> &str {
        &self.user_secret
    }

    /// Names this sandbox's data (kept in the state file, new after a reset): the journal scopes
    /// the in-process sandbox's events by it, since its URL changes every run.
    pub fn instance_id(&self) -> &str {
        &self.instance_id
    }

    /// Stops accepting, lets open requests finish (bounded), and writes the state file.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            // Keep-alive connections may hold graceful shutdown open; do not wait forever.
            if tokio::time::timeout(Duration::from_secs(2), task)
                .await
                .is_err()
            {
                tracing::warn!("sandbox connections still open after 2 s; stopping anyway");
            }
        }
        self.app.persist().await;
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
        if self.app.state_file.is_some()
            && let Err(e) = self.app.write_state()
        {
            tracing::warn!("could not write the sandbox state file: {e}");
        }
    }
}

impl App {
    /// Writes the state file if the store changed since the last write. Errors are logged:
    /// the answer to the client stands, and the next change tries again.
    pub(crate) async fn persist(self: &Arc<Self>) {
        if self.state_file.is_none() {
            return;
        }
        let generation = self.store.lock().map(|s| s.generation).unwrap_or(0);
        if self
            .persisted
            .lock()
            .map(|g| *g >= generation)
            .unwrap_or(true)
        {
            return;
        }
        let app = self.clone();
        let result = tokio::task::spawn_blocking(move || app.write_state()).await;
        match result {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!("could not write the sandbox state file: {e}"),
            Err(e) => tracing::warn!("state writer failed: {e}"),
        }
    }

    /// Serialises the store and writes it atomically (blocking).
    pub(crate) fn write_state(&self) -> std::io::Result<()> {
        let Some(path) = &self.state_file else {
            return Ok(());
        };
        let (generation, bytes) = {
            let store = self
                .store
                .lock()
                .map_err(|_| std::io::Error::other("store lock poisoned"))?;
            let bytes = serde_json::to_vec_pretty(&*store).map_err(std::io::Error::other)?;
            (store.generation, bytes)
        };
        let mut last = self
            .persisted
            .lock()
            .map_err(|_| std::io::Error::other("state lock poisoned"))?;
        if *last > generation || (*last == generation && generation > 0 && path.exists()) {
            return Ok(()); // a newer (or this very) state is on disk already
        }
        persist::save(path, &bytes)?;
        *last = generation;
        Ok(())
    }
}

/// Deletes a state file under its lock (`kwebcast sandbox --reset`); true when there was one.
/// Processes still running on a shared file start over at their next request.
pub fn reset_state(path: &std::path::Path) -> std::io::Result<bool> {
    shared::reset(path)
}

/// The state file of the in-process sandbox in a data directory.
pub fn in_process_state_file(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join(IN_PROCESS_STATE_FILE)
}

/// The in-process sandbox's state file name, beside the journal.
pub const IN_PROCESS_STATE_FILE: &str = "sandbox.json";

/// Runs a sandbox in the foreground for `kwebcast sandbox`: prints the line scripts wait for,
/// serves until Ctrl-C or SIGTERM, then shuts down cleanly (state written).
pub async fn run_foreground(opts: SandboxOptions) -> Result<(), SandboxError> {
    let sandbox = Sandbox::start(opts).await?;
    println!(
        "sandbox listening on {} (partner {})",
        sandbox.url(),
        sandbox.partner_id()
    );
    wait_for_signal().await;
    sandbox.shutdown().await;
    Ok(())
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
