//! `kwebcast studio ENTRY`: how to broadcast the event from the Kaltura Webcasting Studio — the
//! installers and the `KalturaWebcast:` launch URL a desktop with the Studio opens.

use super::args::StudioArgs;
use super::context::{Context, entry_failure, notice};
use super::failure::Failure;
use super::output::Output;
use super::present::time;
use serde_json::{Map, Value, json};

/// Looks up and prints.
pub async fn run(args: &StudioArgs, ctx: &Context, out: &Output) -> Result<(), Failure> {
    let info = ctx
        .webcast
        .studio(args.entry.trim())
        .await
        .map_err(|e| entry_failure(e, args.entry.trim(), ctx.partner_id()))?;
    // The Studio KS inside the parameters is one this run had issued.
    let ours: Vec<&str> = info.params.iter().map(|(_, v)| v.as_str()).collect();
    out.trust_links(&ours);
    if out.json {
        let params: Map<String, Value> = info
            .params
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        out.json(json!({
            "entry_id": args.entry.trim(),
            "launch_url": info.launch_url,
            "windows_url": info.windows_url,
            "mac_url": info.mac_url,
            "expires_at": info.expires_at,
            "params": params,
        }));
    } else {
        notice(ctx, out);
        out.line(format!("Studio for {}:", args.entry.trim()));
        out.line(format!("  install (Windows): {}", info.windows_url));
        out.line(format!("  install (macOS):   {}", info.mac_url));
        out.line(format!(
            "  launch (open on a desktop with the Studio; expires {}):",
            time(info.expires_at)
        ));
        out.line(format!("  {}", info.launch_url));
    }
    Ok(())
}
