//! The account objects a webcast needs (conversion profiles, metadata profiles, the Studio's
//! uiConf template), looked up in whatever multirequest needs them.
//!
//! Lookups are by system name, as Kaltura's sample does; the answers are checked before anything
//! that referred to them is trusted, because a `{N:result:objects:0:id}` through an empty list
//! yields `""`, which Kaltura treats as "no filter" — or, for a `conversionProfileId`, as 0,
//! which refuses the whole `liveStream.add`. So the live conversion profile is never passed by
//! reference: it is looked up (by system name and LIVE_STREAM type, else the account's default
//! live profile) and checked first.

use super::batch::{Answers, Batch, Slot};
use super::settings::{EVENTS_PROFILE, KWEBCAST_PROFILE, SLIDES_CONVERSION_PROFILE};
use super::studio::{StudioDownloads, StudioIds, parse_downloads};
use crate::kaltura::error::Error;
use crate::kaltura::services::{conversion_profile, metadata_profile, ui_conf};
use crate::kaltura::types::{
    ConversionProfile, ConversionProfileType, MetadataProfile, UiConf, UiConfObjType,
};

/// The two lookups of the live conversion profile, asked together so that one round-trip
/// settles it: by system name (LIVE_STREAM only), and the account's default live profile.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LiveSlots {
    by_system_name: Slot,
    default: Slot,
}

/// Slots of the lookups queued in a batch.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ProfileSlots {
    pub(crate) live_conversion: Option<LiveSlots>,
    pub(crate) slides_conversion: Slot,
    pub(crate) kwebcast: Slot,
    pub(crate) events: Slot,
    pub(crate) studio_template: Slot,
}

/// What the lookups found; `Err` keeps the reason for the operator.
#[derive(Debug)]
pub(crate) struct Profiles {
    pub(crate) live_conversion: Option<Result<i64, String>>,
    /// Kaltura's error when the live profile lookup was refused (kept for its code).
    pub(crate) live_lookup_error: Option<Error>,
    pub(crate) slides_conversion: Result<i64, String>,
    pub(crate) kwebcast: Result<i64, String>,
    pub(crate) events: Result<i64, String>,
    pub(crate) studio: Result<(i64, StudioDownloads), String>,
}

impl Profiles {
    /// The IDs the Studio launch needs (the player uiConf is filled by the caller).
    pub(crate) fn studio_ids(&self, player: Option<i64>) -> StudioIds {
        StudioIds {
            studio_uiconf_id: self.studio.as_ref().ok().map(|(id, _)| *id),
            player_uiconf_id: player,
            events_profile_id: self.events.as_ref().ok().copied(),
            kwebcast_profile_id: self.kwebcast.as_ref().ok().copied(),
            slides_profile_id: self.slides_conversion.as_ref().ok().copied(),
        }
    }

    /// The Studio downloads, or empty URLs when the template was not found.
    pub(crate) fn downloads(&self) -> StudioDownloads {
        self.studio
            .as_ref()
            .map(|(_, d)| d.clone())
            .unwrap_or_default()
    }
}

/// Queues the lookups; the live conversion profile only when `live_system_name` is given.
pub(crate) fn queue(batch: &mut Batch, live_system_name: Option<&str>) -> ProfileSlots {
    ProfileSlots {
        live_conversion: live_system_name.map(|name| LiveSlots {
            by_system_name: batch.push(conversion_profile::list_live_by_system_name(name)),
            default: batch.push(conversion_profile::get_default(
                ConversionProfileType::LiveStream,
            )),
        }),
        slides_conversion: batch.push(conversion_profile::list_by_system_name(
            SLIDES_CONVERSION_PROFILE,
        )),
        kwebcast: batch.push(metadata_profile::list_by_system_name(KWEBCAST_PROFILE)),
        events: batch.push(metadata_profile::list_by_system_name(EVENTS_PROFILE)),
        studio_template: batch.push(ui_conf::list_templates(UiConfObjType::Webcasting)),
    }
}

fn first_id<T>(
    answers: &mut Answers,
    slot: Slot,
    what: &str,
    id: impl Fn(&T) -> i64,
) -> Result<i64, String>
where
    T: serde::de::DeserializeOwned,
{
    match answers.take_list::<T>(slot) {
        Ok(list) => list
            .first()
            .map(id)
            .ok_or_else(|| format!("{what} was not found on this account")),
        Err(e) => Err(format!("looking up {what} failed: {e}")),
    }
}

/// The live profile from its two lookups: the one with the system name if the account has
/// it, else the account's default live profile; only LIVE_STREAM profiles count (a filter the
/// server ignored must not hand a VOD profile to a live entry). With the reason when there is
/// none, the Kaltura error of a lookup that was refused (a KS without the permission...).
fn live_profile(
    answers: &mut Answers,
    slots: LiveSlots,
    system_name: &str,
) -> (Result<i64, String>, Option<Error>) {
    let is_live = |p: &ConversionProfile| {
        p.id > 0 && p.profile_type == Some(ConversionProfileType::LiveStream)
    };
    let named = answers.take_list::<ConversionProfile>(slots.by_system_name);
    let default = answers.take::<ConversionProfile>(slots.default);
    if let Some(p) = named
        .as_ref()
        .ok()
        .and_then(|l| l.iter().find(|p| is_live(p)))
    {
        return (Ok(p.id), None);
    }
    match (named, default) {
        (_, Ok(p)) if is_live(&p) => (Ok(p.id), None),
        (Err(e), _) => (
            Err(format!(
                "looking up the live conversion profile {system_name:?} failed: {e}"
            )),
            Some(e),
        ),
        (Ok(_), Err(e)) if e.code() != Some("CONVERSION_PROFILE_ID_NOT_FOUND") => (
            Err(format!(
                "the account has no live conversion profile {system_name:?} and its default \
                 live profile could not be read ({e})"
            )),
            Some(e),
        ),
        _ => (
            Err(format!(
                "the account has no live conversion profile {system_name:?} and no default live profile"
            )),
            None,
        ),
    }
}

/// Reads the lookups' answers.
pub(crate) fn take(answers: &mut Answers, slots: &ProfileSlots, live_name: &str) -> Profiles {
    let (live_conversion, live_lookup_error) = match slots.live_conversion {
        Some(live) => {
            let (found, error) = live_profile(answers, live, live_name);
            (Some(found), error)
        }
        None => (None, None),
    };
    let slides_conversion = first_id::<ConversionProfile>(
        answers,
        slots.slides_conversion,
        &format!("the slides conversion profile {SLIDES_CONVERSION_PROFILE}"),
        |p| p.id,
    );
    let kwebcast = first_id::<MetadataProfile>(
        answers,
        slots.kwebcast,
        &format!("the metadata profile {KWEBCAST_PROFILE}"),
        |p| p.id,
    );
    let events = first_id::<MetadataProfile>(
        answers,
        slots.events,
        &format!("the metadata profile {EVENTS_PROFILE}"),
        |p| p.id,
    );
    let studio = match answers.take_list::<UiConf>(slots.studio_template) {
        Ok(list) => list
            .into_iter()
            .find_map(|u| parse_downloads(&u.config).map(|d| (u.id, d)))
            .ok_or_else(|| "no WEBCASTING uiConf template with Studio downloads".to_string()),
        Err(e) => Err(format!("looking up the Studio template failed: {e}")),
    };
    Profiles {
        live_conversion,
        live_lookup_error,
        slides_conversion,
        kwebcast,
        events,
        studio,
    }
}

/// Kaltura's `METADATA_ALREADY_EXISTS` names the existing record: `args.ID`-like or
/// `Metadata already exists id [123]` in the message.
pub(crate) fn existing_metadata_id(error: &Error) -> Option<i64> {
    let exc = error.exception()?;
    if exc.code != "METADATA_ALREADY_EXISTS" {
        return None;
    }
    exc.args
        .values()
        .find_map(|v| v.trim().parse::<i64>().ok())
        .or_else(|| {
            let open = exc.message.rfind('[')?;
            let close = exc.message[open..].find(']')? + open;
            exc.message[open + 1..close].trim().parse().ok()
        })
}
