//! `kwebcast links ENTRY`: the attendee link (what plays is resolved first: live, or the
//! recording afterwards), the embed snippet and the moderator link, each with its expiry — and
//! the moderator link's reach (what it can do, until when, on which events).
//! `--qr` prints the links as terminal QR codes — the attendee's encodes the short link when the
//! account has Kaltura's short-link service (`--full`: the full link; `--no-ks`: the link without
//! a KS, for public entries); `--copy` puts the attendee link on the clipboard and says which way
//! it went.

use super::args::LinksArgs;
use super::context::{Context, entry_failure, notice};
use super::failure::Failure;
use super::output::Output;
use super::present::time;
use crate::webcast::ClipboardPolicy;
use crate::webcast::clipboard::{self, ClipboardEnv, CopyOutcome, CopyPath, Holder};
use crate::webcast::{LinkError, Links, QrTarget, qr};
use serde_json::{Value, json};
use std::io::Write;

/// Resolves, prints, optionally encodes and copies.
pub async fn run(args: &LinksArgs, ctx: &Context, out: &Output) -> Result<(), Failure> {
    let snapshot = ctx
        .webcast
        .resolve_playback(&args.entry)
        .await
        .map_err(|e| entry_failure(e, args.entry.trim(), ctx.partner_id()))?;
    let links = ctx.webcast.links(&snapshot).await.map_err(|e| match e {
        // Kaltura's answer about the link KSs: an API failure (exit 1), said as one sentence.
        LinkError::Session(message) => Failure::Api {
            message,
            code: None,
        },
        other => Failure::Runtime(other.into()),
    })?;
    out.trust_links(&[&links.attendee_url, &links.embed_html, &links.moderator_url]);
    let target = qr_target(args, &links);
    let copied = if args.copy {
        Some(copy(&links.attendee_url, ctx.settings.clipboard))
    } else {
        None
    };
    let qr_codes = if args.qr {
        Some(render_qr(&links, target)?)
    } else {
        None
    };
    let qr_url = links.qr_url(target).unwrap_or(&links.attendee_url);
    if out.json {
        out.json(json!({
            "entry_id": snapshot.id(),
            "state": super::present::state_key(snapshot.state),
            "play_entry_id": links.play_entry_id,
            "playback_reason": snapshot.playback.reason,
            "attendee_url": links.attendee_url,
            "attendee_expires_at": links.attendee_expires_at,
            "attendee_short_url": links.attendee_short.as_ref().map(|s| &s.url),
            "attendee_url_without_ks": links.attendee_url_without_ks,
            "short_link_note": links.short_link_note,
            "qr_encodes": target.key(),
            "qr_url": qr_url,
            "embed_html": links.embed_html,
            "moderator_url": links.moderator_url,
            "moderator_expires_at": links.moderator_expires_at,
            "moderator_reach": {
                "scope": links.moderator_reach.scope,
                "user": links.moderator_reach.user,
                "role": links.moderator_reach.role,
                "can": links.moderator_reach.can(),
                "expires_at": links.moderator_reach.expires_at,
            },
            "expires_at": links.expires_at,
            "copied": copied.as_ref().map(copied_json),
        }));
    } else {
        notice(ctx, out);
        out.line(format!(
            "{}  {}  {}",
            snapshot.id(),
            snapshot.state.label(),
            super::present::quoted_name(&snapshot.entry.name)
        ));
        out.line(format!(
            "plays {}: {}",
            links.play_entry_id,
            snapshot.playback_words()
        ));
        let attendee_expiry = links
            .attendee_expires_at
            .map_or("no KS (public entry)".to_string(), |t| {
                format!("expires {}", time(t))
            });
        out.line(format!("attendee ({attendee_expiry}):"));
        out.line(format!("  {}", links.attendee_url));
        match (&links.attendee_short, &links.short_link_note) {
            (Some(short), _) => out.line(format!(
                "  short link: {} ({} characters; redirects to the link above{})",
                short.url,
                short.url.chars().count(),
                short
                    .expires_at
                    .map_or(String::new(), |t| format!(", expires {}", time(t)))
            )),
            (None, Some(note)) => out.line(format!("  {note}")),
            (None, None) => {}
        }
        if let Some(codes) = &qr_codes {
            out.line(format!(
                "  QR code: the {} ({} characters){}",
                target.label(),
                qr_url.chars().count(),
                if target == QrTarget::LinkWithoutKs {
                    ": plays only if the entry is public (no access control demanding a KS)"
                } else {
                    ""
                }
            ));
            print_qr(out, &codes[0]);
        }
        out.line("embed:");
        out.line(format!("  {}", links.embed_html));
        out.line(format!(
            "moderator (expires {}):",
            time(links.moderator_expires_at)
        ));
        out.line(format!("  {}", links.moderator_url));
        out.line(format!(
            "  reach: until {} it can {}",
            time(links.moderator_reach.expires_at),
            links.moderator_reach.can()
        ));
        if let Some(codes) = &qr_codes {
            out.line(
                "  QR code: the full link (a moderator link is never shortened: short IDs are \
                 guessable and this one carries a producer KS)",
            );
            print_qr(out, &codes[1]);
        }
        if let Some(Ok(outcome)) = &copied {
            out.line(format!("attendee link: {}", describe(outcome)));
        }
    }
    match copied {
        Some(Err(e)) => Err(Failure::Runtime(
            anyhow::Error::new(e)
                .context("the links are above, but copying the attendee link failed"),
        )),
        _ => Ok(()),
    }
}

/// What the attendee QR encodes: the operator's choice when this link has that form, else the
/// short link when there is one, else the full link.
fn qr_target(args: &LinksArgs, links: &Links) -> QrTarget {
    let wanted = if args.full {
        Some(QrTarget::FullLink)
    } else if args.no_ks {
        Some(QrTarget::LinkWithoutKs)
    } else {
        None
    };
    wanted
        .filter(|t| links.qr_url(*t).is_some())
        .unwrap_or_else(|| links.default_qr_target())
}

/// Both links' QR codes, attendee first.
fn render_qr(links: &Links, target: QrTarget) -> Result<[Vec<String>; 2], Failure> {
    let encode = |what: &str, url: &str| {
        qr::render_half_blocks(url).map_err(|e| {
            Failure::Runtime(
                anyhow::Error::new(e).context(format!("cannot draw the {what} QR code")),
            )
        })
    };
    Ok([
        encode(
            "attendee",
            links.qr_url(target).unwrap_or(&links.attendee_url),
        )?,
        encode("moderator", &links.moderator_url)?,
    ])
}

fn print_qr(out: &Output, lines: &[String]) {
    for line in lines {
        out.line(line);
    }
}

/// Copies per the configured policy. OSC 52 goes to the controlling terminal (`/dev/tty`) so it
/// never mixes into piped stdout; without one, to stderr. We exit right after, so on X11 the
/// system clipboard keeps the text only if a clipboard manager takes it: reported as untrusted.
fn copy(text: &str, policy: ClipboardPolicy) -> Result<CopyOutcome, clipboard::ClipboardError> {
    let env = ClipboardEnv::from_process();
    let mut terminal: Box<dyn Write> =
        match std::fs::OpenOptions::new().write(true).open("/dev/tty") {
            Ok(tty) => Box::new(tty),
            Err(_) => Box::new(std::io::stderr()),
        };
    clipboard::copy(text, policy, &env, terminal.as_mut(), Holder::Exiting)
}

fn path_word(path: CopyPath) -> &'static str {
    match path {
        CopyPath::Osc52 => "osc52",
        CopyPath::System => "system",
        CopyPath::Off => "off",
    }
}

/// The copy's outcome said once: the note already names the way it went ("sent via OSC 52;
/// paste to check ...", "copied to the clipboard").
fn describe(outcome: &CopyOutcome) -> &str {
    &outcome.note
}

fn copied_json(result: &Result<CopyOutcome, clipboard::ClipboardError>) -> Value {
    match result {
        Ok(o) => json!({"path": path_word(o.path), "trusted": o.trusted, "note": o.note}),
        Err(e) => json!({"path": null, "trusted": false, "note": e.to_string()}),
    }
}
