//! Copying a link to the operator's clipboard, locally or over SSH.
//!
//! Two ways exist and neither always works: OSC 52 asks the *terminal* to set its clipboard (it
//! crosses SSH and tmux, but a terminal may ignore it silently and we cannot tell), and the
//! system clipboard (arboard) sets the clipboard of the machine we run on (certain, but over SSH
//! that is the remote machine, useless to the operator). [`copy`] picks per [`ClipboardPolicy`]
//! and reports honestly what it did, so the dashboard can say "copied" or "sent via OSC 52 —
//! paste to check".

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::io::Write;
use std::sync::Mutex;

/// How the operator wants copies made (config `clipboard = "auto"|"osc52"|"system"|"off"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClipboardPolicy {
    /// System clipboard when a local display exists and we are not over SSH, else OSC 52.
    #[default]
    Auto,
    /// Always OSC 52 (the terminal's clipboard).
    Osc52,
    /// Always the system clipboard.
    System,
    /// Never copy (shared screens, recordings).
    Off,
}

impl std::str::FromStr for ClipboardPolicy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Ok(Self::Auto),
            "osc52" => Ok(Self::Osc52),
            "system" => Ok(Self::System),
            "off" | "none" => Ok(Self::Off),
            other => Err(format!(
                "unknown clipboard policy {other:?}: use auto, osc52, system or off"
            )),
        }
    }
}

/// Which path a copy took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyPath {
    /// Written to the terminal as an OSC 52 sequence.
    Osc52,
    /// Set on this machine's clipboard.
    System,
    /// Nothing copied (policy `off`).
    Off,
}

/// What happened, in terms the operator can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyOutcome {
    /// The path used.
    pub path: CopyPath,
    /// True when we know the text reached a clipboard the operator can paste from. OSC 52 is
    /// never confirmed (terminals ignore it silently); the system clipboard over SSH lands on the
    /// remote machine.
    pub trusted: bool,
    /// One short sentence for the status line.
    pub note: String,
}

/// Why nothing could be copied.
#[derive(Debug, thiserror::Error)]
pub enum ClipboardError {
    /// Writing the escape sequence to the terminal failed.
    #[error("could not write the OSC 52 sequence to the terminal: {0}")]
    Terminal(#[from] std::io::Error),
    /// The system clipboard refused (no display, no clipboard manager).
    #[error("the system clipboard is not available: {0}")]
    System(String),
}

/// The facts about the session that decide the path, read once from the environment (and
/// built by hand in tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClipboardEnv {
    /// Inside tmux (`$TMUX` set): OSC 52 must be wrapped in a DCS passthrough.
    pub tmux: bool,
    /// Inside GNU screen (`$STY` set): likewise, screen's own DCS form.
    pub screen: bool,
    /// Over SSH (`$SSH_CONNECTION`/`$SSH_TTY`): the system clipboard is the remote one.
    pub ssh: bool,
    /// A display to own a clipboard (`$DISPLAY`/`$WAYLAND_DISPLAY`, or macOS/Windows).
    pub display: bool,
    /// The system clipboard is served by the process that set it (X11, and Wayland through
    /// XWayland), not kept by the OS (macOS, Windows): it lasts only while that process runs,
    /// unless a clipboard manager takes it over.
    pub served_by_process: bool,
}

impl ClipboardEnv {
    /// Reads the current process environment.
    pub fn from_process() -> Self {
        Self::from_lookup(&|k| std::env::var_os(k).filter(|v| !v.is_empty()).is_some())
    }

    /// Builds from a "is this variable set" lookup, so callers with their own environment view
    /// (the config loader, tests) can use it.
    pub fn from_lookup(is_set: &dyn Fn(&str) -> bool) -> Self {
        ClipboardEnv {
            tmux: is_set("TMUX"),
            screen: is_set("STY"),
            ssh: is_set("SSH_CONNECTION") || is_set("SSH_TTY") || is_set("SSH_CLIENT"),
            display: cfg!(any(target_os = "macos", target_os = "windows"))
                || is_set("DISPLAY")
                || is_set("WAYLAND_DISPLAY"),
            served_by_process: !cfg!(any(target_os = "macos", target_os = "windows")),
        }
    }
}

/// The OSC 52 sequence that sets the clipboard (`c`) to `text`, wrapped for screen passthrough
/// when needed. Inside tmux it is sent twice: plain, which tmux takes itself with
/// `set-clipboard on` (into its buffer, relayed to the outer terminal), and wrapped in a DCS
/// passthrough, which reaches the outer terminal with `allow-passthrough on`. We cannot read
/// tmux's settings from here, and either one alone fails silently under the other setting.
pub fn osc52_sequence(text: &str, env: &ClipboardEnv) -> String {
    let plain = format!("\x1b]52;c;{}\x07", STANDARD.encode(text.as_bytes()));
    if env.tmux {
        // tmux passthrough: DCS "tmux;" + the sequence with every ESC doubled + ST.
        let wrapped = format!("\x1bPtmux;{}\x1b\\", plain.replace('\x1b', "\x1b\x1b"));
        format!("{plain}{wrapped}")
    } else if env.screen {
        // screen forwards at most 768 bytes per DCS, so split into chunks.
        let mut out = String::new();
        let bytes = plain.as_bytes();
        for chunk in bytes.chunks(760) {
            out.push_str("\x1bP");
            out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
            out.push_str("\x1b\\");
        }
        out
    } else {
        plain
    }
}

/// Writes the OSC 52 sequence for `text` to `out` (the terminal) and flushes it.
pub fn write_osc52(out: &mut dyn Write, text: &str, env: &ClipboardEnv) -> std::io::Result<()> {
    out.write_all(osc52_sequence(text, env).as_bytes())?;
    out.flush()
}

/// The process's one arboard handle. On X11 the copying process must keep serving the
/// selection, so the handle lives as long as the process (see [`release_system`] for the
/// hand-over to a clipboard manager); creating one per copy would lose the text at once.
static SYSTEM_CLIPBOARD: Mutex<Option<arboard::Clipboard>> = Mutex::new(None);

/// Sets this machine's clipboard through the long-lived handle (the dashboard). It talks to the
/// display server and can block while that is slow: call it off any UI thread.
pub fn set_system(text: &str) -> Result<(), ClipboardError> {
    let mut guard = SYSTEM_CLIPBOARD.lock().unwrap_or_else(|p| p.into_inner());
    if guard.is_none() {
        *guard =
            Some(arboard::Clipboard::new().map_err(|e| ClipboardError::System(e.to_string()))?);
    }
    match guard.as_mut() {
        Some(board) => board
            .set_text(text.to_string())
            .map_err(|e| ClipboardError::System(e.to_string())),
        None => Err(ClipboardError::System("no clipboard handle".into())),
    }
}

/// Sets this machine's clipboard with a handle dropped at once: for a process about to exit (the
/// CLI). Dropping it offers the text to a running clipboard manager, which is the only way it
/// can outlive the process on X11.
pub fn set_system_once(text: &str) -> Result<(), ClipboardError> {
    let mut board = arboard::Clipboard::new().map_err(|e| ClipboardError::System(e.to_string()))?;
    board
        .set_text(text.to_string())
        .map_err(|e| ClipboardError::System(e.to_string()))
}

/// Drops the long-lived handle, offering its text to a clipboard manager; statics are never
/// dropped, so the dashboard calls this on its way out. A copy still stuck on a broken display
/// holds the handle: then it is left alone rather than waited for.
pub fn release_system() {
    let taken = match SYSTEM_CLIPBOARD.try_lock() {
        Ok(mut guard) => guard.take(),
        Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner().take(),
        Err(std::sync::TryLockError::WouldBlock) => None,
    };
    drop(taken);
}

/// Whether the copying process lives on after the copy, which decides how long the system
/// clipboard keeps the text where the clipboard is served by the copying process (X11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// The process keeps running and serving the text (the dashboard).
    Running,
    /// The process exits right after copying (the CLI).
    Exiting,
}

/// Where a copy goes, decided from the policy and the session alone (no IO), so a UI can write
/// OSC 52 itself and run the slow system clipboard elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyPlan {
    /// Copy nothing (policy `off`).
    Off,
    /// Write OSC 52 to the terminal.
    Osc52,
    /// Set the system clipboard.
    System {
        /// When it fails, send OSC 52 instead (policy `auto`) rather than report the failure.
        fallback_to_osc52: bool,
    },
}

/// Picks the path: with `Auto`, a local session with a display uses the system clipboard (OSC 52
/// if that fails); SSH or no display uses OSC 52.
pub fn plan(policy: ClipboardPolicy, env: &ClipboardEnv) -> CopyPlan {
    match policy {
        ClipboardPolicy::Off => CopyPlan::Off,
        ClipboardPolicy::Osc52 => CopyPlan::Osc52,
        ClipboardPolicy::System => CopyPlan::System {
            fallback_to_osc52: false,
        },
        ClipboardPolicy::Auto if env.ssh || !env.display => CopyPlan::Osc52,
        ClipboardPolicy::Auto => CopyPlan::System {
            fallback_to_osc52: true,
        },
    }
}

/// The outcome of [`CopyPlan::Off`].
pub fn off_outcome() -> CopyOutcome {
    CopyOutcome {
        path: CopyPath::Off,
        trusted: false,
        note: "clipboard is off (policy)".to_string(),
    }
}

/// Writes OSC 52 to `terminal` and words the (never confirmed) outcome; `why` is appended to
/// the note (" (system clipboard unavailable)").
pub fn send_osc52(
    terminal: &mut dyn Write,
    text: &str,
    env: &ClipboardEnv,
    why: &str,
) -> Result<CopyOutcome, ClipboardError> {
    write_osc52(terminal, text, env)?;
    Ok(CopyOutcome {
        path: CopyPath::Osc52,
        trusted: false,
        note: format!("sent via OSC 52{why}; paste to check (some terminals ignore it)"),
    })
}

/// The outcome of a successful system copy. Trusted only when the clipboard is ours (not over
/// SSH) and outlives the copy: where the copying process serves it (X11) and that process exits
/// now, the text survives only if a clipboard manager takes it, which we cannot see.
pub fn system_outcome(env: &ClipboardEnv, holder: Holder) -> CopyOutcome {
    let (trusted, note) = if env.ssh {
        (
            false,
            "copied to the remote machine's clipboard (over SSH: not yours)",
        )
    } else if env.served_by_process && holder == Holder::Exiting {
        (
            false,
            "copied to the clipboard, but kwebcast exits now: it is kept only if a clipboard \
             manager takes it (without one it is lost at exit); paste to check",
        )
    } else {
        (true, "copied to the clipboard")
    };
    CopyOutcome {
        path: CopyPath::System,
        trusted,
        note: note.to_string(),
    }
}

/// Copies `text` per `policy` (see [`plan`]); OSC 52 goes to `terminal`. A process that exits
/// right after (`Holder::Exiting`) sets the clipboard with a handle it drops at once.
pub fn copy(
    text: &str,
    policy: ClipboardPolicy,
    env: &ClipboardEnv,
    terminal: &mut dyn Write,
    holder: Holder,
) -> Result<CopyOutcome, ClipboardError> {
    let system: &dyn Fn(&str) -> Result<(), ClipboardError> = match holder {
        Holder::Running => &set_system,
        Holder::Exiting => &set_system_once,
    };
    copy_with(text, policy, env, terminal, holder, system)
}

/// [`copy`] with the system-clipboard setter as a parameter, so the choice logic is testable
/// without a display.
pub fn copy_with(
    text: &str,
    policy: ClipboardPolicy,
    env: &ClipboardEnv,
    terminal: &mut dyn Write,
    holder: Holder,
    system: &dyn Fn(&str) -> Result<(), ClipboardError>,
) -> Result<CopyOutcome, ClipboardError> {
    match plan(policy, env) {
        CopyPlan::Off => Ok(off_outcome()),
        CopyPlan::Osc52 => send_osc52(terminal, text, env, ""),
        CopyPlan::System { fallback_to_osc52 } => match system(text) {
            Ok(()) => Ok(system_outcome(env, holder)),
            Err(_) if fallback_to_osc52 => {
                send_osc52(terminal, text, env, " (system clipboard unavailable)")
            }
            Err(e) => Err(e),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(tmux: bool, ssh: bool, display: bool) -> ClipboardEnv {
        ClipboardEnv {
            tmux,
            screen: false,
            ssh,
            display,
            served_by_process: true,
        }
    }

    #[test]
    fn plain_osc52_is_base64_of_the_text() {
        let mut out = Vec::new();
        write_osc52(&mut out, "https://x/?a=1", &env(false, false, false)).unwrap();
        assert_eq!(out, b"\x1b]52;c;aHR0cHM6Ly94Lz9hPTE=\x07");
    }

    #[test]
    fn tmux_wraps_and_doubles_escapes() {
        let s = osc52_sequence("hi", &env(true, false, false));
        assert_eq!(
            s,
            "\x1b]52;c;aGk=\x07\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\"
        );
    }

    #[test]
    fn screen_chunks_long_sequences() {
        let e = ClipboardEnv {
            screen: true,
            ..ClipboardEnv::default()
        };
        let s = osc52_sequence(&"y".repeat(1200), &e);
        assert!(s.matches("\x1bP").count() >= 3);
        assert!(s.ends_with("\x1b\\"));
    }

    #[test]
    fn auto_prefers_system_locally_and_osc52_over_ssh() {
        let ok = |_: &str| Ok(());
        let mut term = Vec::new();
        let local = copy_with(
            "t",
            ClipboardPolicy::Auto,
            &env(false, false, true),
            &mut term,
            Holder::Running,
            &ok,
        );
        let local = local.unwrap();
        assert_eq!((local.path, local.trusted), (CopyPath::System, true));
        assert!(term.is_empty());

        let remote = copy_with(
            "t",
            ClipboardPolicy::Auto,
            &env(true, true, true),
            &mut term,
            Holder::Running,
            &ok,
        );
        let remote = remote.unwrap();
        assert_eq!((remote.path, remote.trusted), (CopyPath::Osc52, false));
        assert!(term.starts_with(b"\x1b]52;c;"));
        assert!(term.windows(7).any(|w| w == b"\x1bPtmux;"));
    }

    #[test]
    fn auto_falls_back_to_osc52_when_the_system_clipboard_fails() {
        let fail = |_: &str| Err(ClipboardError::System("no display".into()));
        let mut term = Vec::new();
        let out = copy_with(
            "t",
            ClipboardPolicy::Auto,
            &env(false, false, true),
            &mut term,
            Holder::Running,
            &fail,
        );
        assert_eq!(out.unwrap().path, CopyPath::Osc52);
        assert!(!term.is_empty());
        let forced = copy_with(
            "t",
            ClipboardPolicy::System,
            &env(false, false, true),
            &mut term,
            Holder::Running,
            &fail,
        );
        assert!(matches!(forced, Err(ClipboardError::System(_))));
    }

    #[test]
    fn a_copy_by_an_exiting_process_is_untrusted_where_the_process_serves_the_clipboard() {
        let ok = |_: &str| Ok(());
        let mut term = Vec::new();
        let x11 = copy_with(
            "t",
            ClipboardPolicy::System,
            &env(false, false, true),
            &mut term,
            Holder::Exiting,
            &ok,
        )
        .unwrap();
        assert_eq!((x11.path, x11.trusted), (CopyPath::System, false));
        assert!(x11.note.contains("clipboard manager"), "{}", x11.note);
        assert!(x11.note.contains("lost at exit"), "{}", x11.note);

        let kept_by_os = ClipboardEnv {
            served_by_process: false,
            ..env(false, false, true)
        };
        let mac = copy_with(
            "t",
            ClipboardPolicy::Auto,
            &kept_by_os,
            &mut term,
            Holder::Exiting,
            &ok,
        )
        .unwrap();
        assert_eq!((mac.path, mac.trusted), (CopyPath::System, true));

        let dashboard = system_outcome(&env(false, false, true), Holder::Running);
        assert!(dashboard.trusted);
        let over_ssh = system_outcome(&env(false, true, true), Holder::Exiting);
        assert!(!over_ssh.trusted && over_ssh.note.contains("remote"));
        assert!(
            term.is_empty(),
            "no OSC 52 when the system clipboard worked"
        );
    }

    #[test]
    fn plan_follows_policy_and_session() {
        let local = env(false, false, true);
        assert_eq!(
            plan(ClipboardPolicy::Auto, &local),
            CopyPlan::System {
                fallback_to_osc52: true
            }
        );
        assert_eq!(
            plan(ClipboardPolicy::Auto, &env(false, true, true)),
            CopyPlan::Osc52
        );
        assert_eq!(
            plan(ClipboardPolicy::Auto, &env(false, false, false)),
            CopyPlan::Osc52
        );
        assert_eq!(
            plan(ClipboardPolicy::System, &env(false, true, false)),
            CopyPlan::System {
                fallback_to_osc52: false
            }
        );
        assert_eq!(plan(ClipboardPolicy::Off, &local), CopyPlan::Off);
    }

    #[test]
    fn off_writes_nothing() {
        let mut term = Vec::new();
        let out = copy_with(
            "t",
            ClipboardPolicy::Off,
            &env(false, false, true),
            &mut term,
            Holder::Running,
            &|_| Ok(()),
        );
        assert_eq!(out.unwrap().path, CopyPath::Off);
        assert!(term.is_empty());
    }

    #[test]
    fn env_lookup() {
        let e = ClipboardEnv::from_lookup(&|k| k == "TMUX" || k == "SSH_TTY");
        assert!(e.tmux && e.ssh && !e.screen);
    }
}
