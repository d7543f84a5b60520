//! Runs the dashboard's copies. OSC 52 is written on the UI task (it goes to the terminal the
//! dashboard owns and costs nothing); the system clipboard runs on a thread of its own, because
//! arboard connects to X11/Wayland and can stall when the display is slow or broken, and its
//! outcome comes back as `Msg::SystemCopied`. The status words live here too.

use std::io::Write;
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;

use super::action::{Msg, SystemCopy};
use crate::webcast::ClipboardPolicy;
use crate::webcast::clipboard::{
    self, ClipboardEnv, ClipboardError, CopyOutcome, CopyPath, CopyPlan, Holder,
};

/// Sets the system clipboard; blocking, so it is only called on a thread of its own.
pub type SystemSetter = Arc<dyn Fn(&str) -> Result<(), ClipboardError> + Send + Sync>;

/// The clipboard policy and session, fixed at start, plus the system-clipboard setter (injected
/// in tests).
#[derive(Clone)]
pub struct Copier {
    policy: ClipboardPolicy,
    env: ClipboardEnv,
    system: SystemSetter,
}

impl Copier {
    /// The real one: this process's environment and arboard.
    pub fn new(policy: ClipboardPolicy) -> Self {
        Self::with(
            policy,
            ClipboardEnv::from_process(),
            Arc::new(clipboard::set_system),
        )
    }

    /// Any policy, session and setter.
    pub fn with(policy: ClipboardPolicy, env: ClipboardEnv, system: SystemSetter) -> Self {
        Copier {
            policy,
            env,
            system,
        }
    }

    /// Starts a copy. OSC 52 and `off` finish here and return the status words (or the error);
    /// a system copy returns `None` and answers later on `tx`.
    pub fn start(
        &self,
        text: String,
        what: String,
        terminal: &mut dyn Write,
        tx: &UnboundedSender<Msg>,
    ) -> Option<Result<String, String>> {
        match clipboard::plan(self.policy, &self.env) {
            CopyPlan::Off => Some(Ok(status(&what, &clipboard::off_outcome()))),
            CopyPlan::Osc52 => Some(self.osc52(&text, &what, "", terminal)),
            CopyPlan::System { fallback_to_osc52 } => {
                let (system, env, tx) = (self.system.clone(), self.env, tx.clone());
                // A plain thread, not `spawn_blocking`: a call stuck on a dead display must not
                // hold up the runtime's shutdown when the operator quits.
                let spawned =
                    std::thread::Builder::new()
                        .name("clipboard".into())
                        .spawn(move || {
                            let result = system(&text)
                                .map(|()| clipboard::system_outcome(&env, Holder::Running))
                                .map_err(|e| e.to_string());
                            // The board may have quit meanwhile; nobody is left to tell.
                            let _ = tx.send(Msg::SystemCopied(Box::new(SystemCopy {
                                text,
                                what,
                                fallback_to_osc52,
                                result,
                            })));
                        });
                match spawned {
                    Ok(_) => None,
                    Err(e) => Some(Err(format!("cannot start the clipboard thread: {e}"))),
                }
            }
        }
    }

    /// Sends OSC 52 (a first choice, or the fallback when the system clipboard failed).
    pub fn osc52(
        &self,
        text: &str,
        what: &str,
        why: &str,
        terminal: &mut dyn Write,
    ) -> Result<String, String> {
        clipboard::send_osc52(terminal, text, &self.env, why)
            .map(|o| status(what, &o))
            .map_err(|e| e.to_string())
    }
}

/// The status line after a copy, saying which path and whether it can be trusted (OSC 52 is
/// never confirmed; the system clipboard over SSH is the remote machine's). The outcome comes
/// first and `what` last: a long `what` (the moderator link's reach and expiry) may lose its
/// end on an 80-column footer, never the words saying whether and where it was copied.
pub fn status(what: &str, outcome: &CopyOutcome) -> String {
    // Short enough for an 80-column footer beside nothing else: the fuller story (OSC 52 over
    // SSH, clipboard managers) is in `docs/cli.md`.
    match (outcome.path, outcome.trusted) {
        (CopyPath::Osc52, _) => {
            format!("copied via OSC 52 (unconfirmed: paste to check): the {what}")
        }
        (CopyPath::System, true) => format!("copied to the system clipboard: the {what}"),
        (CopyPath::System, false) => {
            format!("copied to this host's clipboard (over SSH: not yours): the {what}")
        }
        (CopyPath::Off, _) => format!("not copied, {}: the {what}", outcome.note),
    }
}
