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
/// selection, so the handle lives as long as the process (arboard hands the text to a clipboard
/// manager when it is finally dropped); creating one per copy would lose the text at once.
static SYSTEM_CLIPBOARD: Mutex<Option<arboard::Clipboard>> = Mutex::new(None);

/// Sets this machine's clipboard through arboard.
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

/// Copies `text` per `policy`; OSC 52 goes to `terminal`. With `Auto`, a local session with a
/// display uses the system clipboard (falling back to OSC 52 if it fails); SSH or no display
/// uses OSC 52.
pub fn copy(
    text: &str,
    policy: ClipboardPolicy,
    env: &ClipboardEnv,
    terminal: &mut dyn Write,
) -> Result<CopyOutcome, ClipboardError> {
    copy_with(text, policy, env, terminal, &set_system)
}

/// [`copy`] with the system-clipboard setter as a parameter, so the choice logic is testable
/// without a display.
pub fn copy_with(
    text: &str,
    policy: ClipboardPolicy,
    env: &ClipboardEnv,
    terminal: &mut dyn Write,
    system: &dyn Fn(&str) -> Result<(), ClipboardError>,
) -> Result<CopyOutcome, ClipboardError> {
    let via_osc52 = |terminal: &mut dyn Write, why: &str| -> Result<CopyOutcome, ClipboardError> {
        write_osc52(terminal, text, env)?;
        Ok(CopyOutcome {
            path: CopyPath::Osc52,
            trusted: false,
            note: format!("sent via OSC 52{why}; paste to check (some terminals ignore it)"),
        })
    };
    let via_system = |system_ok: Result<(), ClipboardError>| {
        system_ok.map(|()| CopyOutcome {
            path: CopyPath::System,
            trusted: !env.ssh,
            note: if env.ssh {
                "copied to the remote machine's clipboard (over SSH: not yours)".to_string()
            } else {
                "copied to the clipboard".to_string()
            },
        })
    };
    match policy {
        ClipboardPolicy::Off => Ok(CopyOutcome {
            path: CopyPath::Off,
            trusted: false,
            note: "clipboard is off (policy)".to_string(),
        }),
        ClipboardPolicy::Osc52 => via_osc52(terminal, ""),
        ClipboardPolicy::System => via_system(system(text)),
        ClipboardPolicy::Auto if env.ssh || !env.display => via_osc52(terminal, ""),
        ClipboardPolicy::Auto => match system(text) {
            Ok(()) => via_system(Ok(())),
            Err(_) => via_osc52(terminal, " (system clipboard unavailable)"),
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
            &fail,
        );
        assert_eq!(out.unwrap().path, CopyPath::Osc52);
        assert!(!term.is_empty());
        let forced = copy_with(
            "t",
            ClipboardPolicy::System,
            &env(false, false, true),
            &mut term,
            &fail,
        );
        assert!(matches!(forced, Err(ClipboardError::System(_))));
    }

    #[test]
    fn off_writes_nothing() {
        let mut term = Vec::new();
        let out = copy_with(
            "t",
            ClipboardPolicy::Off,
            &env(false, false, true),
            &mut term,
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
