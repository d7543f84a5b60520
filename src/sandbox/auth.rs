//! Who is calling: the KS checks in Kaltura's order (parse and signature first, expiry after the
//! parameters) and the entry-level rules (owner, entitled editors, `sview`/`edit` privileges).

use super::errors::{self, ApiError};
use super::store::Entry;
use crate::kaltura::ks::{self, KsInfo, SessionType};
use std::sync::Arc;

/// The caller of one API call, once its KS (if any) has been read.
#[derive(Debug, Clone)]
pub enum Caller {
    /// No KS and no partner: only `session.start` and `liveStream.isLive` work.
    Anonymous,
    /// A `partnerId` but no KS.
    PartnerOnly,
    /// A KS whose signature verified (not yet checked for expiry).
    Session(Arc<KsInfo>),
}

/// Parses and verifies `ks` with the partner's secrets (admin first, then user). A KS of another
/// partner or with a bad signature is `INVALID_KS` echoing the KS, as Kaltura's is.
pub fn parse_ks(
    raw: Option<&str>,
    partner_id_param: bool,
    partner_id: i64,
    secrets: [&str; 2],
) -> Result<Caller, ApiError> {
    let raw = match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None if partner_id_param => return Ok(Caller::PartnerOnly),
        None => return Ok(Caller::Anonymous),
        Some(r) => r,
    };
    let envelope = ks::decode(raw).map_err(|_| errors::invalid_ks(raw))?;
    if envelope.partner_id() != partner_id {
        return Err(errors::invalid_ks(raw));
    }
    secrets
        .iter()
        .filter(|s| !s.is_empty())
        .find_map(|s| envelope.open(s).ok())
        .filter(|info| info.partner_id == partner_id)
        .map(|info| Caller::Session(Arc::new(info)))
        .ok_or_else(|| errors::invalid_ks(raw))
}

impl Caller {
    /// The verified KS, if any.
    pub fn ks(&self) -> Option<&KsInfo> {
        match self {
            Caller::Session(info) => Some(info),
            _ => None,
        }
    }

    /// Admin sessions bypass every entry-level rule.
    pub fn is_admin(&self) -> bool {
        self.ks()
            .is_some_and(|k| k.session_type == SessionType::Admin)
    }

    /// The KS user ("" without a KS).
    pub fn user_id(&self) -> &str {
        self.ks().map_or("", |k| k.user_id.as_str())
    }

    fn has_value(&self, privilege: &str, id: &str) -> bool {
        self.ks().is_some_and(|k| {
            k.privilege_values(privilege)
                .flat_map(|v| v.split(';'))
                .any(|v| v == id || v == "*")
        })
    }

    /// Owner or a user listed in `entitledUsersEdit`: the producer of the event. User IDs
    /// compare as Kaltura compares them (`validateUser` lower-cases both sides; entitled users
    /// are resolved to Kaltura users case-insensitively), so `Moderator` is `moderator`.
    pub fn is_producer(&self, entry: &Entry) -> bool {
        let user = self.user_id();
        if user.is_empty() {
            return false;
        }
        entry.str("userId").eq_ignore_ascii_case(user)
            || entry
                .str("entitledUsersEdit")
                .split(',')
                .any(|u| u.trim().eq_ignore_ascii_case(user))
    }

    /// May change the entry (update, delete, metadata): admin, producer or `edit:{id}`.
    pub fn can_edit(&self, entry: &Entry) -> bool {
        self.is_admin() || self.is_producer(entry) || self.has_value("edit", entry.id())
    }

    /// May see the entry: admin, producer, `entitledUsersView`, `sview:{id}`/`sview:*`; a user
    /// KS with neither `sview` nor `enableentitlement` sees the partner's entries (Kaltura's
    /// default without entitlement enforcement); no KS sees none.
    pub fn can_view(&self, entry: &Entry) -> bool {
        let Some(k) = self.ks() else { return false };
        if self.can_edit(entry) {
            return true;
        }
        // A recording is covered by the privileges of its live entry.
        let root = entry.str("rootEntryId");
        if self.has_value("sview", entry.id())
            || (!root.is_empty() && self.has_value("sview", root))
        {
            return true;
        }
        let user = self.user_id();
        if !user.is_empty()
            && entry
                .str("entitledUsersView")
                .split(',')
                .any(|u| u.trim().eq_ignore_ascii_case(user))
        {
            return true;
        }
        k.privilege("sview").is_none() && k.privilege("enableentitlement").is_none()
    }

    /// Gets the stream keys and ingest URLs of the entry.
    pub fn sees_ingest(&self, entry: &Entry) -> bool {
        self.can_edit(entry)
    }

    /// Sees an explicit-live entry's preview (isLive true before Go Live): admin or producer,
    /// unless `restrictexplicitliveview:*` takes it away from the producer.
    pub fn sees_preview(&self, entry: &Entry) -> bool {
        if self.is_admin() {
            return true;
        }
        let restricted = self.ks().is_some_and(|k| {
            k.privilege_values("restrictexplicitliveview")
                .any(|v| v == "*")
        });
        !restricted && (self.is_producer(entry) || self.has_value("edit", entry.id()))
    }
}
