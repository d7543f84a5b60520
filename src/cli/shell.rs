//! The shell conventions: `kwebcast completions SHELL` and `kwebcast man`, both generated from
//! the clap definitions (so they never lag behind a new flag) and printed to stdout, before any
//! configuration is read: a broken config file must not stop a shell from completing.
//!
//! Installing them (the README says so too):
//! `kwebcast completions bash > ~/.local/share/bash-completion/completions/kwebcast`,
//! `kwebcast man > ~/.local/share/man/man1/kwebcast.1`.

use super::args::Cli;
use clap::CommandFactory;
use std::io::Write;

/// Writes the completion script for `shell` to `out`.
pub fn completions(shell: clap_complete::Shell, out: &mut impl Write) {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "kwebcast", out);
}

/// Writes the man page (roff) to `out`: one page, `kwebcast(1)`, whose COMMANDS section holds
/// every subcommand's usage and options (there are no separate `kwebcast-edit(1)` pages to
/// refer to).
pub fn man(out: &mut impl Write) -> std::io::Result<()> {
    let mut page = Vec::new();
    render_page(&mut page)?;
    // clap_mangen opens every rendered section with the same two preamble lines: once is enough.
    let text = String::from_utf8_lossy(&page);
    let mut seen_preamble = false;
    for line in text.lines() {
        let preamble = line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq");
        if preamble {
            if seen_preamble {
                continue;
            }
            seen_preamble = line.starts_with(".el");
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn render_page(out: &mut impl Write) -> std::io::Result<()> {
    let mut cmd = Cli::command();
    cmd.build();
    let page = clap_mangen::Man::new(cmd.clone());
    page.render_title(out)?;
    page.render_name_section(out)?;
    page.render_synopsis_section(out)?;
    page.render_description_section(out)?;
    page.render_options_section(out)?;
    writeln!(out, ".SH COMMANDS")?;
    for sub in cmd.get_subcommands_mut().filter(|c| !c.is_hide_set()) {
        render_command(sub, "kwebcast", out)?;
    }
    page.render_extra_section(out)?;
    page.render_version_section(out)
}

/// One command as a subsection: its usage line, what it does, its options; nested commands
/// (`config check`, `recording pause`) after it.
fn render_command(
    cmd: &mut clap::Command,
    parent: &str,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let name = format!("{parent} {}", cmd.get_name());
    if cmd.get_name() == "help" {
        return Ok(());
    }
    writeln!(out, ".SS \"{name}\"")?;
    let usage = cmd.render_usage().to_string();
    let usage = usage.trim_start_matches("Usage: ").trim();
    writeln!(out, ".B {}", roff_escape(usage))?;
    writeln!(out, ".PP")?;
    let about = cmd
        .get_long_about()
        .or(cmd.get_about())
        .map(|a| a.to_string())
        .unwrap_or_default();
    writeln!(out, "{}", roff_escape(&about))?;
    let mut options = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render_options_section(&mut options)?;
    let options = String::from_utf8_lossy(&options);
    // The options of the subcommand, without their own section heading (nor the preamble
    // clap_mangen starts every rendering with: the page has it once, at the top).
    let body: String = options
        .lines()
        .filter(|l| {
            !(l.starts_with(".SH ") || l.starts_with(".ie \\n(.g") || l.starts_with(".el .ds Aq"))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    if !body.trim().is_empty() {
        writeln!(out, ".PP")?;
        write!(out, "{body}")?;
    }
    let children: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for child in children {
        if let Some(c) = cmd.find_subcommand_mut(&child) {
            render_command(c, &name, out)?;
        }
    }
    Ok(())
}

/// Text safe in a roff line: backslashes doubled, a leading `.` or `'` protected, dashes as
/// hyphen-minus.
fn roff_escape(text: &str) -> String {
    let mut t = text.replace('\\', "\\\\").replace('-', "\\-");
    if t.starts_with('.') || t.starts_with('\'') {
        t.insert_str(0, "\\&");
    }
    t.replace("\n.", "\n\\&.").replace("\n'", "\n\\&'")
}

/// Prints to stdout; a closed pipe (`kwebcast man | head`) is not an error worth a message.
pub fn print(write: impl FnOnce(&mut std::io::StdoutLock<'_>) -> std::io::Result<()>) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match write(&mut stdout).and_then(|()| stdout.flush()) {
        Ok(()) => super::EXIT_OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => super::EXIT_OK,
        Err(e) => {
            super::output::eprint_guarded(
                &format!("error: cannot write to stdout: {e}"),
                &super::output::Guard::default(),
            );
            super::EXIT_FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subcommands() -> Vec<String> {
        Cli::command()
            .get_subcommands()
            .filter(|c| !c.is_hide_set())
            .map(|c| c.get_name().to_string())
            .collect()
    }

    #[test]
    fn every_shell_gets_a_script_naming_every_subcommand() {
        let names = subcommands();
        assert!(names.len() >= 15, "{names:?}");
        for shell in [
            clap_complete::Shell::Bash,
            clap_complete::Shell::Zsh,
            clap_complete::Shell::Fish,
            clap_complete::Shell::PowerShell,
        ] {
            let mut script = Vec::new();
            completions(shell, &mut script);
            let script = String::from_utf8(script).unwrap();
            for name in &names {
                assert!(script.contains(name.as_str()), "{shell}: {name} missing");
            }
        }
    }

    #[test]
    fn the_man_page_is_roff_listing_every_subcommand() {
        let mut page = Vec::new();
        man(&mut page).unwrap();
        let page = String::from_utf8(page).unwrap();
        assert!(
            page.starts_with(".ie \\n(.g .ds Aq \\(aq"),
            "{}",
            &page[..80]
        );
        assert!(page.contains(".TH kwebcast 1"));
        for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH COMMANDS"] {
            assert!(page.contains(section), "{section}");
        }
        for name in subcommands() {
            assert!(
                page.contains(&format!(".SS \"kwebcast {name}\"")),
                "{name} missing from the man page"
            );
        }
        assert!(
            page.contains(".SS \"kwebcast config check\""),
            "nested commands too"
        );
        assert!(
            page.contains("\\-\\-with\\-recordings"),
            "a subcommand's options"
        );
        assert!(
            !page.contains("kwebcast\\-edit(1)"),
            "no pages that do not exist"
        );
    }
}
