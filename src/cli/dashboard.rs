//! `kwebcast` with no subcommand: the dashboard. The configuration has been checked and the
//! backend connected before the terminal is taken over, so a bad config never leaves a garbled
//! screen; the dashboard restores the terminal on every exit path.

use super::args::DashboardArgs;
use super::context::{Context, api_failure};
use super::failure::Failure;
use crate::bootstrap;
use crate::config::Theme;
use crate::kaltura::client::AuthMethod;
use crate::kaltura::error::Error;
use crate::tui::{self, DashboardOptions};
use std::io::IsTerminal;

/// Refuses early (before the sandbox starts) when there is no terminal to draw on.
pub fn require_terminal() -> Result<(), Failure> {
    if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        Ok(())
    } else {
        Err(Failure::Usage(
            "the dashboard needs a terminal; in scripts use the subcommands (kwebcast --help)"
                .into(),
        ))
    }
}

/// Opens the dashboard until the operator quits. Signed in with an app token, the token is tried
/// first: a wrong, revoked or expired one is one sentence and exit 1 before the terminal is
/// touched (a network that is down is not: the dashboard shows it and keeps trying).
pub async fn run(args: &DashboardArgs, ctx: &Context) -> Result<(), Failure> {
    if matches!(ctx.client.auth_method(), AuthMethod::AppToken { .. })
        && let Err(e @ Error::Credentials { .. }) = ctx.client.current_ks().await
    {
        return Err(api_failure(e));
    }
    let s = &ctx.settings;
    let opts = DashboardOptions {
        sandbox_url: ctx.backend.sandbox_url(),
        watch: args.watch.clone(),
        mouse: args.mouse,
        no_color: args.no_color || s.theme == Theme::Mono,
        poll_interval: s.poll_interval,
        clipboard: s.clipboard,
        bell: s.bell,
        watchdog: ctx.watchdog(),
        journal: bootstrap::journal(s),
        log_file: s.log_file.clone(),
        insecure_urls: s.insecure_urls(),
    };
    tui::run(ctx.webcast.clone(), opts)
        .await
        .map_err(Failure::Runtime)
}
