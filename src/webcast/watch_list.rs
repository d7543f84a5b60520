//! What the board watches besides the events made here, kept in the journal so every start
//! shows the same board: events the operator picks from the account's views (`w`) join it, and
//! events that can no longer be read leave it once, with a note, instead of staying in ERROR.
//!
//! **Watching** appends a journal record like a create's, without a request or a reference (so
//! `finish` and create lookups never take it for one of ours); an event the journal already
//! holds is left as it is, or brought back when it had been removed (its record, request
//! included, is repeated without the removal).
//!
//! **Leaving** appends the latest record again with a [`Removal`]: [`RemovalKind::Vanished`]
//! when the service answered that the entry does not exist (the board waits for a second look
//! first), [`RemovalKind::SandboxReset`] for the events of a built-in sandbox that was reset.
//! `kwebcast status` of such an ID still asks Kaltura and reports its answer.

use super::api::Webcast;
use super::journal::{
    Journal, JournalError, JournalLoad, JournalRecord, Removal, RemovalKind, SANDBOX_JOURNAL_SCHEME,
};
use super::time::now_unix;

/// What [`Webcast::watch`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watched {
    /// A new record: the event joins the board.
    Added,
    /// The journal held it as removed: it is back.
    Restored,
    /// The journal already keeps it on the board.
    AlreadyWatched,
}

impl Webcast {
    /// Keeps `entry_id` on the board from now on (see the module docs). `schedule` is the
    /// event's planned (start, end), when known.
    pub async fn watch(
        &self,
        entry_id: &str,
        name: &str,
        schedule: Option<(i64, i64)>,
        journal: &Journal,
    ) -> Result<Watched, JournalError> {
        let (partner, service) = (self.client.partner_id(), self.journal_service());
        let latest = journal.find_entry(partner, service, entry_id)?;
        let now = now_unix();
        let (record, outcome) = match latest {
            Some(r) if r.is_watched() => return Ok(Watched::AlreadyWatched),
            Some(r) => (
                JournalRecord {
                    removed: None,
                    recorded_at: now,
                    ..r
                },
                Watched::Restored,
            ),
            None => {
                let (start, end) = schedule.unwrap_or((0, 0));
                (
                    JournalRecord {
                        entry_id: entry_id.to_string(),
                        name: name.to_string(),
                        start,
                        end,
                        partner_id: partner,
                        service_url: service.to_string(),
                        reference: None,
                        recorded_at: now,
                        request: None,
                        pending: Vec::new(),
                        removed: None,
                    },
                    Watched::Added,
                )
            }
        };
        journal.append_async(&record).await?;
        Ok(outcome)
    }

    /// Records that `entry_id` left the board because the service no longer has it; `false`
    /// when the journal does not keep it on the board (a `--watch` event: nothing to remember).
    pub async fn record_vanished(
        &self,
        entry_id: &str,
        journal: &Journal,
    ) -> Result<bool, JournalError> {
        let (partner, service) = (self.client.partner_id(), self.journal_service());
        let Some(record) = journal
            .find_entry(partner, service, entry_id)?
            .filter(JournalRecord::is_watched)
        else {
            return Ok(false);
        };
        self.forget_cached(entry_id);
        journal
            .append_async(&removal(&record, RemovalKind::Vanished, now_unix()))
            .await?;
        Ok(true)
    }
}

fn removal(record: &JournalRecord, kind: RemovalKind, at: i64) -> JournalRecord {
    record.removed(Removal {
        kind,
        at,
        recordings_deleted: Vec::new(),
        recordings_kept: Vec::new(),
    })
}

/// The journal's watched events of `partner` made on another built-in sandbox than
/// `current_service` (a `kwebcast-sandbox:{instance}` scope): events of a sandbox that was reset,
/// whose data (and events) went with it. Empty unless `current_service` is itself a built-in
/// sandbox's: only then is it known that the other instance is gone.
pub fn reset_sandbox_events(
    load: &JournalLoad,
    partner_id: i64,
    current_service: &str,
) -> Vec<JournalRecord> {
    if !current_service.starts_with(SANDBOX_JOURNAL_SCHEME) {
        return Vec::new();
    }
    load.watched()
        .into_iter()
        .filter(|r| {
            r.partner_id == partner_id
                && r.service_url.starts_with(SANDBOX_JOURNAL_SCHEME)
                && r.service_url != current_service
        })
        .collect()
}

/// Records that `records` (see [`reset_sandbox_events`]) left the board with their sandbox;
/// blocking, for the dashboard's start.
pub fn record_sandbox_reset(
    journal: &Journal,
    records: &[JournalRecord],
) -> Result<(), JournalError> {
    let now = now_unix();
    for r in records {
        journal.append(&removal(r, RemovalKind::SandboxReset, now))?;
    }
    Ok(())
}

/// The note the board shows for events of a reset sandbox (`None` when there are none).
pub fn sandbox_reset_note(records: &[JournalRecord]) -> Option<String> {
    const SHOWN: usize = 3;
    let names: Vec<String> = records
        .iter()
        .take(SHOWN)
        .map(|r| format!("{} ({})", super::snapshot::shown_name(&r.name), r.entry_id))
        .collect();
    let more = records.len().saturating_sub(SHOWN);
    let list = if more > 0 {
        format!("{} and {more} more", names.join(", "))
    } else {
        names.join(", ")
    };
    match records.len() {
        0 => None,
        1 => Some(format!(
            "{list} was made on a built-in sandbox that has since been reset; removed from the board"
        )),
        n => Some(format!(
            "{n} events made on a built-in sandbox that has since been reset left the board: {list}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: &str, service: &str) -> JournalRecord {
        JournalRecord {
            entry_id: id.into(),
            name: format!("Event {id}"),
            start: 1,
            end: 2,
            partner_id: 1000,
            service_url: service.into(),
            reference: None,
            recorded_at: 3,
            request: None,
            pending: Vec::new(),
            removed: None,
        }
    }

    #[test]
    fn only_another_sandbox_instances_events_are_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::in_dir(dir.path());
        for r in [
            rec("0_old00001", "kwebcast-sandbox:old"),
            rec("0_old00002", "kwebcast-sandbox:old"),
            rec("0_new00001", "kwebcast-sandbox:new"),
            rec("0_acct0001", "https://www.kaltura.com"),
            rec("0_port0001", "http://127.0.0.1:8089"),
        ] {
            j.append(&r).unwrap();
        }
        let load = j.load().unwrap();
        let left = reset_sandbox_events(&load, 1000, "kwebcast-sandbox:new");
        let ids: Vec<&str> = left.iter().map(|r| r.entry_id.as_str()).collect();
        assert_eq!(ids, ["0_old00001", "0_old00002"]);
        assert!(reset_sandbox_events(&load, 1000, "https://www.kaltura.com").is_empty());
        assert!(reset_sandbox_events(&load, 2000, "kwebcast-sandbox:new").is_empty());
        assert_eq!(
            sandbox_reset_note(&left).unwrap(),
            "2 events made on a built-in sandbox that has since been reset left the board: \
             Event 0_old00001 (0_old00001), Event 0_old00002 (0_old00002)"
        );
        record_sandbox_reset(&j, &left).unwrap();
        let load = j.load().unwrap();
        assert!(reset_sandbox_events(&load, 1000, "kwebcast-sandbox:new").is_empty());
        let kinds: Vec<_> = load
            .latest()
            .into_iter()
            .filter_map(|r| r.removed.map(|m| m.kind))
            .collect();
        assert_eq!(
            kinds,
            [RemovalKind::SandboxReset, RemovalKind::SandboxReset]
        );
        assert_eq!(sandbox_reset_note(&[]), None);
    }
}
