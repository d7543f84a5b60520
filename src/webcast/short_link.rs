//! Short attendee links, so the attendee QR code fits a normal terminal: a link with a KS is
//! ~420 characters (an 81×41-cell code), `{service}/tiny/{id}` about 35 (37×19).
//!
//! Kaltura's short-link plugin (`shortlink_shortlink.add`) makes one per (event, played entry,
//! attendee KS): its `expiresAt` is the KS's expiry, its `systemName` names what it is for. They
//! are cached with the attendee KS they wrap, so a redraw, a poll or the next `links` call of the
//! same process reuses both (no new short link while the KS is comfortably valid). An account
//! without the plugin answers `SERVICE_FORBIDDEN` (or `SERVICE_DOES_NOT_EXISTS` on a server
//! without it): that is remembered for the session, and the links say so and fall back to the
//! full link. Other failures fall back too, and are tried again next time.
//!
//! The moderator link is never shortened: Kaltura's short IDs are 4 characters and `/tiny/`
//! answers anyone without a KS, so a short link is *easier* to find than the long one — fine for
//! the attendee link (view one entry: what the QR hands out anyway), not for a producer KS.

use super::links::{Links, ShortUrl};
use crate::kaltura::client::{IssuedKs, KalturaClient, LinkKsRequest};
use crate::kaltura::error::Error;
use crate::kaltura::services::short_link::{self, NewShortLink};
use crate::kaltura::types::ShortLink;
use std::collections::HashMap;
use std::sync::Mutex;

/// A short link and the attendee KS inside the URL it leads to.
#[derive(Debug, Clone)]
struct Cached {
    attendee: Option<IssuedKs>,
    full_url: String,
    short: ShortUrl,
}

/// Short links made by this process, by (live entry, played entry).
#[derive(Debug, Default)]
pub struct ShortLinks {
    made: Mutex<HashMap<(String, String), Cached>>,
    /// Set once the account said it has no short-link service: why, in a few words.
    unavailable: Mutex<Option<String>>,
}

/// Reuse a cached attendee KS (and its short link) while it keeps at least three quarters of the
/// life asked for now, and never when it would outlive what is asked.
fn reusable(have: &IssuedKs, want: &LinkKsRequest, now: i64) -> bool {
    let wanted = (want.expires_at - now).max(1);
    let left = have.expires_at - now;
    have.expires_at <= want.expires_at + 60 && left.saturating_mul(4) >= wanted.saturating_mul(3)
}

/// An ID that can go into a URL as it is: Kaltura's are 4 characters of `[0-9a-z]`; anything
/// else from a server (control characters, slashes, a kilobyte) is not put on screen or in a QR.
fn usable_id(id: &str) -> bool {
    (1..=32).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The codes with which an account says it has no short-link service.
fn means_no_service(code: Option<&str>) -> bool {
    matches!(code, Some("SERVICE_FORBIDDEN" | "SERVICE_DOES_NOT_EXISTS"))
}

impl ShortLinks {
    /// A cached attendee KS for (entry, play) that still suits `want` (`None` without a KS).
    pub fn attendee_ks(
        &self,
        entry: &str,
        play: &str,
        want: Option<&LinkKsRequest>,
        now: i64,
    ) -> Option<Option<IssuedKs>> {
        let map = self.made.lock().unwrap_or_else(|p| p.into_inner());
        let cached = map.get(&(entry.to_string(), play.to_string()))?;
        match (&cached.attendee, want) {
            (Some(have), Some(want)) if reusable(have, want, now) => Some(Some(have.clone())),
            (None, None) => Some(None),
            _ => None,
        }
    }

    /// Puts a short link on `links` (cached, or made now with one call), or says why not.
    pub async fn shorten(
        &self,
        client: &KalturaClient,
        links: &mut Links,
        attendee: Option<&IssuedKs>,
        now: i64,
    ) {
        let key = (links.entry_id.clone(), links.play_entry_id.clone());
        let cached = self
            .made
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
            .filter(|c| c.full_url == links.attendee_url)
            .cloned();
        if let Some(c) = cached {
            links.attendee_short = Some(c.short);
            return;
        }
        if let Some(why) = self
            .unavailable
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
        {
            links.short_link_note = Some(why);
            return;
        }
        let expires_at = attendee.map(|a| a.expires_at);
        let req = short_link::add(&NewShortLink {
            full_url: links.attendee_url.clone(),
            expires_at,
            name: Some(format!(
                "kwebcast: attendee link for {} (plays {})",
                links.entry_id, links.play_entry_id
            )),
            system_name: format!("kwebcast-attendee-{}", links.play_entry_id),
            user_id: None,
        });
        match client.call_as::<ShortLink>(&req).await {
            Ok(made) if usable_id(&made.id) => {
                let short = ShortUrl {
                    url: short_link::tiny_url(client.service_url(), &made.id),
                    id: made.id,
                    expires_at,
                };
                tracing::info!(target: "kwebcast::webcast", entry = %links.entry_id, id = %short.id, "made a short attendee link");
                let mut map = self.made.lock().unwrap_or_else(|p| p.into_inner());
                map.retain(|_, c| c.attendee.as_ref().is_none_or(|a| a.expires_at > now));
                map.insert(
                    key,
                    Cached {
                        attendee: attendee.cloned(),
                        full_url: links.attendee_url.clone(),
                        short: short.clone(),
                    },
                );
                links.attendee_short = Some(short);
            }
            Ok(_) => {
                links.short_link_note = Some(
                    "no short link: Kaltura answered one without a usable ID; the QR code holds \
                     the full link"
                        .into(),
                );
            }
            Err(e) => links.short_link_note = Some(self.refused(&e)),
        }
    }

    /// The note for a refused `shortLink.add`; an account without the service is remembered.
    fn refused(&self, e: &Error) -> String {
        if means_no_service(e.code()) {
            let why = format!(
                "no short link: this account has no short-link service, or this session's role may \
                 not use it ({}); the QR code holds the full link",
                e.code().unwrap_or_default()
            );
            *self.unavailable.lock().unwrap_or_else(|p| p.into_inner()) = Some(why.clone());
            why
        } else {
            format!("no short link this time ({e}); the QR code holds the full link")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_url_safe_ids_are_used() {
        assert!(usable_id("k3x9"));
        for bad in ["", "a/b", "a\u{1b}[2J", "a b", &"x".repeat(33)] {
            assert!(!usable_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn only_an_absent_service_is_remembered() {
        assert!(means_no_service(Some("SERVICE_FORBIDDEN")));
        assert!(means_no_service(Some("SERVICE_DOES_NOT_EXISTS")));
        assert!(!means_no_service(Some("INVALID_KS")));
        assert!(!means_no_service(None));
    }
}
