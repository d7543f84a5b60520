//! A tmux server of the test's own (`-L SOCKET`, killed on drop) holding one session, for tests
//! that drive the dashboard in a real terminal: send keys, read the screen, wait for it.

#![allow(dead_code)]

use std::process::Command;
use std::time::{Duration, Instant};

/// One private tmux server and the name of the session the test started in it.
pub struct Tmux {
    socket: String,
    target: String,
}

impl Tmux {
    /// A handle on server `socket` (unique per test process) and session `target`; the test
    /// starts the session itself with [`Tmux::ok`] or [`Tmux::cmd`].
    pub fn new(socket: impl Into<String>, target: &str) -> Tmux {
        Tmux {
            socket: socket.into(),
            target: target.to_string(),
        }
    }

    /// Starts server `socket` with session `s` of `width`×`height` running `sh -c script`,
    /// the status line off and the pane kept after the program exits (so its last words and
    /// `EXITED n` can be read). The config file is written in `conf_dir`.
    pub fn start(
        socket: impl Into<String>,
        conf_dir: &std::path::Path,
        (width, height): (u16, u16),
        script: &str,
    ) -> Tmux {
        let t = Tmux::new(socket, "s");
        let conf = conf_dir.join("tmux.conf");
        std::fs::write(&conf, "set -g status off\nset -g remain-on-exit on\n").unwrap();
        let (w, h) = (width.to_string(), height.to_string());
        t.ok(&[
            "-f",
            conf.to_str().unwrap(),
            "new-session",
            "-d",
            "-s",
            "s",
            "-x",
            &w,
            "-y",
            &h,
            "sh",
            "-c",
            script,
        ]);
        t
    }

    /// A `tmux -L SOCKET` command to add arguments to.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket]);
        c
    }

    /// Runs a tmux command that must succeed.
    pub fn ok(&self, args: &[&str]) {
        let out = self.cmd().args(args).output().expect("tmux runs");
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `send-keys` to the session (tmux key names: `Escape`, `C-s`, ...).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", self.target.as_str()];
        args.extend_from_slice(keys);
        self.ok(&args);
    }

    /// The visible screen as text.
    pub fn screen(&self) -> String {
        let out = self
            .cmd()
            .args(["capture-pane", "-p", "-t", &self.target])
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Polls the screen until `pred` holds; fails the test with the last screen after `timeout`.
    pub fn wait(&self, what: &str, timeout: Duration, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            assert!(
                start.elapsed() < timeout,
                "timed out waiting for {what}:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// [`Tmux::wait`] for a text on screen.
    pub fn wait_for(&self, text: &str, timeout: Duration) -> String {
        self.wait(&format!("{text:?}"), timeout, |s| s.contains(text))
    }

    /// Resizes the session's window.
    pub fn resize(&self, width: u16, height: u16) {
        let (w, h) = (width.to_string(), height.to_string());
        self.ok(&["resize-window", "-t", &self.target, "-x", &w, "-y", &h]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").output();
    }
}
