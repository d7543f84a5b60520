//! The shell conventions through the real binary: `kwebcast completions SHELL` and `kwebcast
//! man`, generated from the clap definitions, print to stdout even when the configuration is
//! broken, name every subcommand, and the man page renders with `man -l` (ignored, with the
//! reason, where `man` is not installed; its roff structure is checked everywhere).

mod cli_support;
mod needs_support;

use clap::CommandFactory;
use cli_support::Home;
use needs_support::Need;

fn subcommands() -> Vec<String> {
    kwebcast::cli::Cli::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_string())
        .collect()
}

fn stdout_of(home: &Home, args: &[&str]) -> String {
    let out = home
        .cmd()
        // A configuration that would refuse every other command.
        .env("KWEBCAST_CONFIG", home.dir.path().join("missing.toml"))
        .env("KALTURA_PARTNER_ID", "not-a-number")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn the_bash_script_completes_every_subcommand_and_the_others_exist() {
    let home = Home::new();
    let names = subcommands();
    for required in [
        "edit",
        "delete",
        "forget",
        "completions",
        "man",
        "create",
        "status",
    ] {
        assert!(names.iter().any(|n| n == required), "{required}");
    }
    let bash = stdout_of(&home, &["completions", "bash"]);
    assert!(
        bash.contains("complete -F _kwebcast"),
        "a bash completion script"
    );
    for name in &names {
        assert!(
            bash.contains(&format!("kwebcast,{name})")) || bash.contains(&format!(" {name} ")),
            "bash completion lacks {name}"
        );
    }
    assert!(bash.contains("--with-recordings"), "subcommand flags too");
    for (shell, marker) in [
        ("zsh", "#compdef kwebcast"),
        ("fish", "complete -c kwebcast"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = stdout_of(&home, &["completions", shell]);
        assert!(script.contains(marker), "{shell}");
        assert!(script.contains("forget"), "{shell}");
    }
    let out = home.cmd().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

fn the_man_page_lists_every_subcommand() {
    let home = Home::new();
    let page = stdout_of(&home, &["man"]);
    assert!(page.contains(".TH kwebcast 1"), "roff title");
    assert!(page.contains(".SH COMMANDS"));
    for name in subcommands() {
        assert!(
            page.contains(&format!(".SS \"kwebcast {name}\"")),
            "{name} missing"
        );
    }
}

fn man_renders_the_man_page_without_warnings() {
    let home = Home::new();
    let page = stdout_of(&home, &["man"]);
    let file = home.dir.path().join("kwebcast.1");
    std::fs::write(&file, &page).unwrap();
    let rendered = std::process::Command::new("man")
        .args(["--warnings", "-l"])
        .arg(&file)
        .env("MANWIDTH", "100")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
        .expect("man -l runs");
    assert!(rendered.status.success());
    let text = String::from_utf8_lossy(&rendered.stdout);
    let warnings = String::from_utf8_lossy(&rendered.stderr);
    assert!(warnings.trim().is_empty(), "roff warnings: {warnings}");
    assert!(text.contains("NAME"), "{text}");
    for name in subcommands() {
        assert!(
            text.contains(&format!("kwebcast {name}")),
            "{name} not rendered"
        );
    }
    assert!(text.contains("--with-recordings") || text.contains("‐‐with‐recordings"));
}

/// The tests, each with the programs it needs: a missing one makes the test ignored with the
/// reason (a failure under `CI=true`), which the default harness cannot show.
fn main() {
    needs_support::run(vec![
        needs_support::test(
            "the_bash_script_completes_every_subcommand_and_the_others_exist",
            &[],
            the_bash_script_completes_every_subcommand_and_the_others_exist,
        ),
        needs_support::test(
            "the_man_page_lists_every_subcommand",
            &[],
            the_man_page_lists_every_subcommand,
        ),
        needs_support::test(
            "man_renders_the_man_page_without_warnings",
            &[Need::Man],
            man_renders_the_man_page_without_warnings,
        ),
    ]);
}
