//! Judging one `metadata.add` answer of the create or finish batch.

use super::profiles::existing_metadata_id;
use super::request::{CreateStep, PendingStep};
use crate::kaltura::error::Error;
use serde_json::Value;

/// What happened to one metadata record.
#[derive(Debug)]
pub(crate) enum MetadataOutcome {
    /// Added now.
    Added,
    /// Already there (`METADATA_ALREADY_EXISTS`), with the existing record's ID.
    Exists(i64),
    /// Not added; why and how to finish.
    Pending(PendingStep),
}

/// Judges the answer of `metadata.add` for `step`, given the profile lookup it referred to. A
/// failed lookup decides, whatever the add said: the add ran with an empty profile reference.
pub(crate) fn judge(
    step: CreateStep,
    entry_id: &str,
    profile: &Result<i64, String>,
    answer: Result<Value, Error>,
) -> MetadataOutcome {
    let profile_id = match profile {
        Ok(id) => *id,
        Err(why) => {
            return MetadataOutcome::Pending(PendingStep::new(
                step,
                entry_id,
                Some("METADATA_PROFILE_NOT_FOUND"),
                why.clone(),
            ));
        }
    };
    match answer {
        Ok(v) => {
            let written_to = v.get("metadataProfileId").and_then(|p| {
                p.as_i64()
                    .or_else(|| p.as_str().and_then(|s| s.parse().ok()))
            });
            if written_to.is_some_and(|p| p != profile_id) {
                MetadataOutcome::Pending(PendingStep::new(
                    step,
                    entry_id,
                    None,
                    format!("the record went to metadata profile {written_to:?}, not {profile_id}"),
                ))
            } else {
                MetadataOutcome::Added
            }
        }
        Err(e) => match existing_metadata_id(&e) {
            Some(id) => MetadataOutcome::Exists(id),
            None => {
                MetadataOutcome::Pending(PendingStep::new(step, entry_id, e.code(), e.to_string()))
            }
        },
    }
}
