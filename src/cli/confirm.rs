//! Asking the operator before an action that changes what attendees see: on a terminal the
//! question goes to stderr (stdout stays for the result, `--json` included) and the answer is
//! read from stdin, no by default; elsewhere `--yes` is required (a script must say so).

use super::output::Output;
use std::io::IsTerminal;

/// Both ends of a conversation are a terminal: the question can be seen and answered.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Prints `question` (ending in `[y/N] `) and reads one line: true for `y` or `yes` in any case;
/// anything else, an empty line, the end of input or a read error is no.
pub async fn ask(out: &Output, question: &str) -> bool {
    out.question(question);
    let answer = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        match std::io::stdin().read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line),
        }
    })
    .await
    .ok()
    .flatten();
    match answer {
        Some(line) => is_yes(&line),
        None => {
            // The end of input left the cursor after the question.
            out.tell("");
            false
        }
    }
}

fn is_yes(line: &str) -> bool {
    matches!(line.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_y_or_yes_is_yes() {
        for yes in ["y\n", "Y\n", "yes\n", " YES \r\n"] {
            assert!(super::is_yes(yes), "{yes:?}");
        }
        for no in ["\n", "n\n", "no\n", "yess\n", "ja\n", "", "y y\n"] {
            assert!(!super::is_yes(no), "{no:?}");
        }
    }
}
