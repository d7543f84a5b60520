//! `kwebcast ks`: sign a KS for the configured partner, locally, as the official clients'
//! `generateSession` does. The KS is the last line of stdout so scripts can `| tail -1`.

use super::args::{KsArgs, KsFormat, KsType};
use super::context::Context;
use super::failure::Failure;
use super::output::Output;
use crate::kaltura::ks::{self, KsSpec, KsVersion, SessionType};
use serde_json::json;

/// Signs and prints.
pub fn run(args: &KsArgs, ctx: &Context, out: &Output) -> Result<(), Failure> {
    let s = &ctx.settings;
    let secret = s
        .admin_secret
        .as_ref()
        .ok_or_else(|| {
            Failure::Usage(
                "no admin secret is configured: `kwebcast ks` signs KSs locally with it (with an app token, links and studio mint their KSs themselves)"
                    .into(),
            )
        })?;
    let (session_type, default_user, default_expiry) = match args.session_type {
        KsType::Admin => (SessionType::Admin, &s.admin_email, s.admin_ks_expiry),
        KsType::User => (
            SessionType::User,
            &s.user_id,
            s.attendee_ks_expiry.unwrap_or(86_400),
        ),
    };
    let user = args.user.as_ref().unwrap_or(default_user);
    let version = match args.format {
        Some(KsFormat::V1) => KsVersion::V1,
        Some(KsFormat::V2) => KsVersion::V2,
        None => s.ks_version,
    };
    let expires_at = jiff::Timestamp::now()
        .as_second()
        .saturating_add(args.expiry.unwrap_or(default_expiry));
    let spec = KsSpec {
        partner_id: ctx.partner_id(),
        user_id: user,
        session_type,
        expires_at,
        privileges: &args.privileges,
    };
    let signed = ks::sign(secret.expose(), &spec, version);
    let format = match version {
        KsVersion::V1 => "v1",
        KsVersion::V2 => "v2",
    };
    tracing::info!(partner = spec.partner_id, %session_type, user, format, ks = %ks::redact(&signed), "signed a KS");
    if out.json {
        out.json_with_requested_ks(json!({
            "partner_id": spec.partner_id,
            "type": session_type.to_string(),
            "user_id": user,
            "privileges": args.privileges,
            "format": format,
            "expires_at": expires_at,
            "ks": signed,
        }));
    } else {
        if let Some(url) = ctx.backend.sandbox_url() {
            out.sandbox_notice(&url);
            out.line("sandbox: this KS is only valid for the sandbox while this command runs");
        }
        let when = jiff::Timestamp::from_second(expires_at)
            .map(|t| t.to_string())
            .unwrap_or_else(|_| expires_at.to_string());
        out.line(format!(
            "{session_type} KS ({format}) for partner {}, user {user:?}, expires {when}",
            spec.partner_id
        ));
        if session_type == SessionType::Admin {
            out.warning(admin_warning(spec.partner_id, &when));
        }
        out.requested_ks(&signed);
    }
    Ok(())
}

/// The stderr warning (after `warning: `) that goes with an admin KS printed on purpose: whoever holds it can do
/// anything on the account until it expires, so say so where the operator will see it (stdout's
/// last line stays the KS, for scripts).
fn admin_warning(partner_id: i64, until: &str) -> String {
    format!(
        "this admin KS grants full access to partner {partner_id} until {until}; do not share it"
    )
}
