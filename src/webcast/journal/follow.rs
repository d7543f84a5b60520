//! Following the journal while a board is open.
//!
//! Why: the journal is shared by every kwebcast of the operator. An event made by `kwebcast
//! create` in another shell, or forgotten or deleted by another kwebcast, must join or leave an
//! open dashboard without a restart, as it would on any console of the account. A
//! [`JournalFollower`] costs one `stat` of the journal per check while the file is unchanged;
//! only when its [`FileStamp`] moved is it read again (through [`Journal::load`], which caps
//! lines and validates entry IDs), and what changed on the board since the last read is
//! answered as a [`BoardChange`]. The board's own writes are noted with [`JournalFollower::
//! note_watched`] and [`JournalFollower::note_removed`], so they never come back as changes
//! made elsewhere.

use std::collections::{HashMap, HashSet};

use super::{Journal, JournalError, JournalLoad, JournalRecord, RemovalKind};
use crate::files::FileStamp;

/// An event that joined the board in the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joined {
    /// Its entry ID (validated by the journal's reader).
    pub id: String,
    /// Its name as the journal keeps it (cleaned by the reader; may be empty).
    pub name: String,
    /// True when the journal holds its create request (made by `kwebcast create` or a form),
    /// false when it was only watched (`w`).
    pub created: bool,
}

/// An event that left the board in the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Left {
    /// Its entry ID.
    pub id: String,
    /// Why, as the journal says; `None` when its records are simply no longer there (the file
    /// was replaced or cut).
    pub kind: Option<RemovalKind>,
}

/// What changed on the journal's board since the follower last read it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BoardChange {
    /// Events now on the board, in journal order.
    pub joined: Vec<Joined>,
    /// Events no longer on the board.
    pub left: Vec<Left>,
}

impl BoardChange {
    /// True when nothing joined or left.
    pub fn is_empty(&self) -> bool {
        self.joined.is_empty() && self.left.is_empty()
    }
}

/// Watches the journal of one partner and service for events joining or leaving the board.
#[derive(Debug, Clone)]
pub struct JournalFollower {
    journal: Journal,
    partner_id: i64,
    service_url: String,
    stamp: Option<FileStamp>,
    /// The board IDs of the last read (with the board's own writes applied); `None` until the
    /// first read, which only sets it.
    board: Option<Vec<String>>,
}

impl JournalFollower {
    /// A follower whose first check only learns the board (nothing is reported).
    pub fn new(journal: Journal, partner_id: i64, service_url: impl Into<String>) -> Self {
        JournalFollower {
            journal,
            partner_id,
            service_url: service_url.into(),
            stamp: None,
            board: None,
        }
    }

    /// Starts from the board the caller read itself (the dashboard's start): a change made
    /// between that read and the first check is reported.
    pub fn with_board(mut self, ids: Vec<String>) -> Self {
        self.board = Some(ids);
        self
    }

    /// One `stat`; when the journal changed since the last check, reads it and answers what
    /// joined and left the board (`Ok(None)`: unchanged, or changed with the same board).
    pub fn check(&mut self) -> Result<Option<BoardChange>, JournalError> {
        let stamp = FileStamp::of(self.journal.path());
        if stamp.is_some() && stamp == self.stamp {
            return Ok(None);
        }
        let load = self.journal.load()?;
        // Stamped only after a successful read: a failed one is tried again next time.
        self.stamp = stamp;
        let ids = load.board_ids(self.partner_id, &self.service_url);
        let Some(before) = self.board.replace(ids.clone()) else {
            return Ok(None);
        };
        let change = diff(&load, &before, &ids);
        Ok((!change.is_empty()).then_some(change))
    }

    /// The board itself put `id` on the journal's board (a create, `w`, a recovery).
    pub fn note_watched(&mut self, id: &str) {
        if let Some(board) = &mut self.board
            && !board.iter().any(|b| b == id)
        {
            board.push(id.to_string());
        }
    }

    /// The board itself took `id` off the journal's board (delete, forget, gone).
    pub fn note_removed(&mut self, id: &str) {
        if let Some(board) = &mut self.board {
            board.retain(|b| b != id);
        }
    }
}

fn diff(load: &JournalLoad, before: &[String], now: &[String]) -> BoardChange {
    let (was, is): (HashSet<&str>, HashSet<&str>) = (
        before.iter().map(String::as_str).collect(),
        now.iter().map(String::as_str).collect(),
    );
    let joined: Vec<&String> = now.iter().filter(|id| !was.contains(id.as_str())).collect();
    let left: Vec<&String> = before
        .iter()
        .filter(|id| !is.contains(id.as_str()))
        .collect();
    if joined.is_empty() && left.is_empty() {
        return BoardChange::default();
    }
    let latest: HashMap<String, JournalRecord> = load
        .latest()
        .into_iter()
        .map(|r| (r.entry_id.clone(), r))
        .collect();
    BoardChange {
        joined: joined
            .into_iter()
            .map(|id| {
                let rec = latest.get(id);
                Joined {
                    id: id.clone(),
                    name: rec.map(|r| r.name.clone()).unwrap_or_default(),
                    // Made by a create, and not an event forgotten once and watched again.
                    created: rec.is_some_and(|r| r.request.is_some())
                        && !load
                            .records
                            .iter()
                            .any(|r| &r.entry_id == id && r.removed.is_some()),
                }
            })
            .collect(),
        left: left
            .into_iter()
            .map(|id| Left {
                id: id.clone(),
                kind: latest
                    .get(id)
                    .and_then(|r| r.removed.as_ref())
                    .map(|r| r.kind),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webcast::{CreateRequest, JournalRecord, Removal};

    const SERVICE: &str = "http://127.0.0.1:9/";

    fn record(id: &str, name: &str, partner_id: i64) -> JournalRecord {
        JournalRecord {
            entry_id: id.into(),
            name: name.into(),
            start: 0,
            end: 0,
            partner_id,
            service_url: SERVICE.into(),
            reference: None,
            recorded_at: 1,
            request: Some(CreateRequest {
                name: name.into(),
                description: String::new(),
                start: 0,
                end: 0,
                timezone: "UTC".into(),
                presenter: Default::default(),
                recording: true,
                dvr: true,
                reference: None,
            }),
            pending: Vec::new(),
            removed: None,
        }
    }

    fn removed(id: &str, kind: RemovalKind) -> JournalRecord {
        record(id, "x", 7).removed(Removal {
            kind,
            at: 2,
            recordings_deleted: Vec::new(),
            recordings_kept: Vec::new(),
        })
    }

    #[test]
    fn reports_what_joined_and_left_once_and_nothing_while_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::in_dir(dir.path());
        journal.append(&record("0_a", "Town hall", 7)).unwrap();
        let mut f = JournalFollower::new(journal.clone(), 7, SERVICE);
        assert_eq!(
            f.check().unwrap(),
            None,
            "the first read only learns the board"
        );
        assert_eq!(f.check().unwrap(), None);

        journal.append(&record("0_b", "Rehearsal", 7)).unwrap();
        // Another partner's events are not this board's.
        journal.append(&record("0_c", "Other", 8)).unwrap();
        let change = f.check().unwrap().expect("0_b joined");
        assert_eq!(
            change.joined,
            [Joined {
                id: "0_b".into(),
                name: "Rehearsal".into(),
                created: true
            }]
        );
        assert!(change.left.is_empty());
        assert_eq!(f.check().unwrap(), None, "reported once");

        journal
            .append(&removed("0_a", RemovalKind::Forgotten))
            .unwrap();
        journal
            .append(&removed("0_b", RemovalKind::Deleted))
            .unwrap();
        let change = f.check().unwrap().expect("both left");
        assert_eq!(
            change.left,
            [
                Left {
                    id: "0_a".into(),
                    kind: Some(RemovalKind::Forgotten)
                },
                Left {
                    id: "0_b".into(),
                    kind: Some(RemovalKind::Deleted)
                }
            ]
        );

        // Watched again after a forget: not "created".
        journal.append(&record("0_a", "Town hall", 7)).unwrap();
        let change = f.check().unwrap().expect("0_a is back");
        assert!(!change.joined[0].created);
    }

    #[test]
    fn the_boards_own_writes_are_not_reported() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::in_dir(dir.path());
        journal.append(&record("0_a", "Town hall", 7)).unwrap();
        let mut f =
            JournalFollower::new(journal.clone(), 7, SERVICE).with_board(vec!["0_a".into()]);
        journal.append(&record("0_b", "Mine", 7)).unwrap();
        f.note_watched("0_b");
        journal
            .append(&removed("0_a", RemovalKind::Forgotten))
            .unwrap();
        f.note_removed("0_a");
        assert_eq!(f.check().unwrap(), None);
    }

    #[test]
    fn a_change_after_the_callers_own_read_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::in_dir(dir.path());
        let mut f = JournalFollower::new(journal.clone(), 7, SERVICE).with_board(Vec::new());
        journal.append(&record("0_a", "Town hall", 7)).unwrap();
        assert_eq!(f.check().unwrap().unwrap().joined[0].id, "0_a");
    }

    #[test]
    fn an_unchanged_journal_is_not_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::in_dir(dir.path());
        journal.append(&record("0_a", "Town hall", 7)).unwrap();
        let mut f = JournalFollower::new(journal.clone(), 7, SERVICE);
        f.check().unwrap();
        // Unreadable now, but its stamp has not moved: the follower does not open it.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let path = journal.path();
            let meta = std::fs::metadata(path).unwrap();
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).unwrap();
            let can_still_open = std::fs::File::open(path).is_ok(); // root reads anyway
            let unchanged = f.check();
            std::fs::set_permissions(path, meta.permissions()).unwrap();
            assert_eq!(unchanged.unwrap(), None);
            if !can_still_open {
                // A changed, unreadable journal is an error, tried again next time.
                journal.append(&record("0_b", "B", 7)).unwrap();
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).unwrap();
                let failed = f.check();
                std::fs::set_permissions(path, meta.permissions()).unwrap();
                assert!(failed.is_err());
                assert_eq!(f.check().unwrap().unwrap().joined[0].id, "0_b");
            }
        }
    }
}
