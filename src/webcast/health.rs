//! Stream health: what each ingest point (primary, backup) of an event is doing, read from
//! `entryServerNode.list` in the poll's own multirequest, and the changes an operator must hear
//! about (the backup took over, the primary was lost, the bitrate fell).
//!
//! Pure: [`StreamHealth::from_nodes`] turns Kaltura's nodes into the health of one event, and
//! [`HealthWatch`] compares successive healths of one event; the faces (the board's event log,
//! `status --json`) only show what these say.

use super::audience::thousands;
use crate::kaltura::types::{EntryServerNodeType, LiveEntryServerNode, LiveStatus};
use serde::Serialize;

/// One stream an ingest point receives, as the media server reported it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StreamInfo {
    /// Kilobits per second (0 when not reported).
    pub bitrate_kbps: i64,
    /// Pixels (0 when not reported, e.g. an audio stream).
    pub width: i64,
    /// Pixels.
    pub height: i64,
    /// Frames per second (0 when not reported).
    pub frame_rate: i64,
    /// Codec name, cleaned when read (`avc1`).
    pub codec: String,
}

impl StreamInfo {
    /// `2,500 kbps 1280×720 30 fps avc1`, leaving out what was not reported.
    pub fn describe(&self) -> String {
        let mut parts = vec![format!("{} kbps", thousands(self.bitrate_kbps))];
        if self.width > 0 && self.height > 0 {
            parts.push(format!("{}×{}", self.width, self.height));
        }
        if self.frame_rate > 0 {
            parts.push(format!("{} fps", self.frame_rate));
        }
        if !self.codec.is_empty() {
            parts.push(self.codec.clone());
        }
        parts.join(" ")
    }
}

/// One ingest point of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeHealth {
    /// What its encoder is doing.
    pub status: LiveStatus,
    /// What it receives (empty until the media server reports).
    pub streams: Vec<StreamInfo>,
}

impl NodeHealth {
    /// The total bitrate of its streams, kbps.
    pub fn bitrate_kbps(&self) -> i64 {
        self.streams.iter().map(|s| s.bitrate_kbps.max(0)).sum()
    }
}

/// Which ingest point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Node {
    /// `primaryBroadcastingUrl`.
    Primary,
    /// `secondaryBroadcastingUrl`.
    Backup,
}

impl Node {
    /// `primary` / `backup`.
    pub fn word(self) -> &'static str {
        match self {
            Node::Primary => "primary",
            Node::Backup => "backup",
        }
    }
}

/// Both ingest points of one event; `None` is a point no encoder is connected to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreamHealth {
    /// The primary ingest point.
    pub primary: Option<NodeHealth>,
    /// The backup ingest point.
    pub backup: Option<NodeHealth>,
}

/// A node status as a word: `PLAYABLE`, `BROADCASTING`, `AUTHENTICATED`, `STOPPED` (and
/// Kaltura's rarer ones), as `status --json` and the detail pane name them.
pub fn status_word(s: LiveStatus) -> String {
    match s {
        LiveStatus::Playable => "PLAYABLE".into(),
        LiveStatus::Broadcasting => "BROADCASTING".into(),
        LiveStatus::Authenticated => "AUTHENTICATED".into(),
        LiveStatus::Stopped => "STOPPED".into(),
        LiveStatus::Error => "ERROR".into(),
        LiveStatus::MarkedForDeletion => "MARKED_FOR_DELETION".into(),
        other => format!("STATUS_{}", other.code()),
    }
}

/// A node status as a symbol distinct in shape (never colour alone): ● playable, ◑
/// broadcasting, ◔ authenticated, ○ stopped, ✖ error; — for no node.
pub fn status_symbol(s: Option<LiveStatus>) -> &'static str {
    match s {
        None => "—",
        Some(LiveStatus::Playable) => "●",
        Some(LiveStatus::Broadcasting) => "◑",
        Some(LiveStatus::Authenticated) => "◔",
        Some(LiveStatus::Stopped) => "○",
        Some(LiveStatus::Error) => "✖",
        Some(_) => "?",
    }
}

impl StreamHealth {
    /// The health of entry `entry_id` from the nodes a list returned (other entries' nodes are
    /// skipped; a second node of the same kind, which Kaltura should not have, is ignored).
    pub fn from_nodes(entry_id: &str, nodes: &[LiveEntryServerNode]) -> StreamHealth {
        let mut health = StreamHealth::default();
        for n in nodes.iter().filter(|n| n.entry_id == entry_id) {
            let slot = match n.server_type {
                Some(EntryServerNodeType::LivePrimary) => &mut health.primary,
                Some(EntryServerNodeType::LiveBackup) => &mut health.backup,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(NodeHealth {
                    status: n.status.unwrap_or(LiveStatus::Stopped),
                    streams: n
                        .streams
                        .iter()
                        .map(|s| StreamInfo {
                            bitrate_kbps: s.bitrate,
                            width: s.width,
                            height: s.height,
                            frame_rate: s.frame_rate,
                            codec: s.codec.clone(),
                        })
                        .collect(),
                });
            }
        }
        health
    }

    /// One ingest point.
    pub fn node(&self, node: Node) -> Option<&NodeHealth> {
        match node {
            Node::Primary => self.primary.as_ref(),
            Node::Backup => self.backup.as_ref(),
        }
    }

    /// True when no encoder is connected to either point.
    pub fn is_empty(&self) -> bool {
        self.primary.is_none() && self.backup.is_none()
    }

    /// The compact mark of the board's table: `P● B—` (a letter names each point, a symbol
    /// of distinct shape says its status).
    pub fn mark(&self) -> String {
        format!(
            "P{} B{}",
            status_symbol(self.primary.as_ref().map(|n| n.status)),
            status_symbol(self.backup.as_ref().map(|n| n.status))
        )
    }

    /// `● PLAYABLE` or `— not connected`, for the detail pane.
    pub fn describe(&self, node: Node) -> String {
        match self.node(node) {
            Some(n) => format!(
                "{} {}",
                status_symbol(Some(n.status)),
                status_word(n.status)
            ),
            None => format!("{} not connected", status_symbol(None)),
        }
    }
}

/// A change of an event's ingest worth a line in the event log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HealthChange {
    /// The primary disconnected while the backup was connected: attendees now get the backup.
    BackupTookOver,
    /// The primary disconnected and no backup is connected.
    PrimaryLost,
    /// The backup disconnected while the primary kept going.
    BackupLost,
    /// The primary came back while the backup was carrying the stream.
    PrimaryBack,
    /// A point's bitrate fell below half of what it averaged in its first minute.
    BitrateDropped {
        /// Which point.
        node: Node,
        /// Its bitrate now, kbps.
        now_kbps: i64,
        /// Its first minute's average, kbps.
        first_minute_kbps: i64,
    },
}

impl HealthChange {
    /// The event log's words for it.
    pub fn describe(&self) -> String {
        match self {
            HealthChange::BackupTookOver => "primary encoder lost; the backup took over".into(),
            HealthChange::PrimaryLost => "primary encoder lost (no backup connected)".into(),
            HealthChange::BackupLost => "backup encoder lost (the primary goes on)".into(),
            HealthChange::PrimaryBack => "primary encoder back".into(),
            HealthChange::BitrateDropped {
                node,
                now_kbps,
                first_minute_kbps,
            } => format!(
                "{} bitrate dropped to {} kbps (first minute: {} kbps)",
                node.word(),
                thousands(*now_kbps),
                thousands(*first_minute_kbps)
            ),
        }
    }
}

/// How long a point's first-minute bitrate is averaged, seconds.
pub const BASELINE_SECS: i64 = 60;

/// The first minute of one point's bitrate, and whether a drop was already reported.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Baseline {
    /// When the point was first seen with a bitrate.
    since: i64,
    /// Sum and count of the samples of its first minute.
    sum: i64,
    samples: i64,
    /// A drop was reported and the bitrate has not recovered since.
    reported: bool,
}

impl Baseline {
    fn average(&self) -> Option<i64> {
        (self.samples > 0).then(|| self.sum / self.samples)
    }
}

/// Successive healths of one event, and the changes between them. Memory is two healths and
/// two baselines, whatever the length of the event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HealthWatch {
    last: Option<StreamHealth>,
    primary: Option<Baseline>,
    backup: Option<Baseline>,
}

impl HealthWatch {
    /// Takes the health polled at `at` and returns what changed since the last one. The first
    /// health only sets the scene. Losing both points at once is the end of the session, which
    /// the event's state already says: no health line for it.
    pub fn observe(&mut self, health: &StreamHealth, at: i64) -> Vec<HealthChange> {
        let mut changes = Vec::new();
        if let Some(last) = &self.last {
            let had = |n: Node| last.node(n).is_some();
            let has = |n: Node| health.node(n).is_some();
            if had(Node::Primary) && !has(Node::Primary) {
                if has(Node::Backup) {
                    changes.push(HealthChange::BackupTookOver);
                } else if !had(Node::Backup) {
                    changes.push(HealthChange::PrimaryLost);
                }
            }
            if had(Node::Backup) && !has(Node::Backup) && has(Node::Primary) {
                changes.push(HealthChange::BackupLost);
            }
            if !had(Node::Primary) && has(Node::Primary) && had(Node::Backup) && has(Node::Backup) {
                changes.push(HealthChange::PrimaryBack);
            }
        }
        for node in [Node::Primary, Node::Backup] {
            let slot = match node {
                Node::Primary => &mut self.primary,
                Node::Backup => &mut self.backup,
            };
            let Some(kbps) = health
                .node(node)
                .map(NodeHealth::bitrate_kbps)
                .filter(|k| *k > 0)
            else {
                // Gone (or not reporting): a reconnect starts a new first minute.
                if health.node(node).is_none() {
                    *slot = None;
                }
                continue;
            };
            let base = slot.get_or_insert_with(|| Baseline {
                since: at,
                ..Baseline::default()
            });
            if at - base.since < BASELINE_SECS {
                base.sum += kbps;
                base.samples += 1;
                continue;
            }
            let Some(first) = base.average() else {
                continue;
            };
            if kbps * 2 < first {
                if !base.reported {
                    base.reported = true;
                    changes.push(HealthChange::BitrateDropped {
                        node,
                        now_kbps: kbps,
                        first_minute_kbps: first,
                    });
                }
            } else {
                base.reported = false;
            }
        }
        self.last = Some(health.clone());
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kaltura::types::LiveStreamParams;

    fn node(kind: &str, status: i64, kbps: i64) -> LiveEntryServerNode {
        LiveEntryServerNode {
            entry_id: "0_a".into(),
            server_type: Some(EntryServerNodeType::from(kind)),
            status: Some(LiveStatus::from(status)),
            streams: (kbps > 0)
                .then(|| LiveStreamParams {
                    bitrate: kbps,
                    width: 1280,
                    height: 720,
                    frame_rate: 30,
                    codec: "avc1".into(),
                    ..LiveStreamParams::default()
                })
                .into_iter()
                .collect(),
            ..LiveEntryServerNode::default()
        }
    }

    fn health(nodes: &[LiveEntryServerNode]) -> StreamHealth {
        StreamHealth::from_nodes("0_a", nodes)
    }

    #[test]
    fn nodes_become_primary_and_backup_of_their_entry_only() {
        let mut other = node("0", 1, 900);
        other.entry_id = "0_b".into();
        let h = health(&[node("1", 2, 0), other, node("0", 1, 2500)]);
        assert_eq!(h.primary.as_ref().unwrap().status, LiveStatus::Playable);
        assert_eq!(h.primary.as_ref().unwrap().bitrate_kbps(), 2500);
        assert_eq!(h.backup.as_ref().unwrap().status, LiveStatus::Broadcasting);
        assert_eq!(h.mark(), "P● B◑");
        assert_eq!(StreamHealth::default().mark(), "P— B—");
        assert_eq!(h.describe(Node::Backup), "◑ BROADCASTING");
        assert_eq!(
            StreamHealth::default().describe(Node::Primary),
            "— not connected"
        );
        assert_eq!(
            h.primary.as_ref().unwrap().streams[0].describe(),
            "2,500 kbps 1280×720 30 fps avc1"
        );
    }

    #[test]
    fn failover_and_losses_are_reported_once() {
        let mut w = HealthWatch::default();
        let both = health(&[node("0", 1, 2500), node("1", 1, 2400)]);
        assert!(
            w.observe(&both, 0).is_empty(),
            "the first health sets the scene"
        );
        assert!(w.observe(&both, 5).is_empty());
        let backup_only = health(&[node("1", 1, 2400)]);
        assert_eq!(w.observe(&backup_only, 10), [HealthChange::BackupTookOver]);
        assert!(w.observe(&backup_only, 15).is_empty());
        assert_eq!(w.observe(&both, 20), [HealthChange::PrimaryBack]);
        let primary_only = health(&[node("0", 1, 2500)]);
        assert_eq!(w.observe(&primary_only, 25), [HealthChange::BackupLost]);
        assert_eq!(
            w.observe(&StreamHealth::default(), 30),
            [HealthChange::PrimaryLost]
        );
        // Both gone at once: the session ended, the state says so.
        let mut w = HealthWatch::default();
        w.observe(&both, 0);
        assert!(w.observe(&StreamHealth::default(), 5).is_empty());
    }

    #[test]
    fn a_bitrate_below_half_of_the_first_minute_is_reported_until_it_recovers() {
        let mut w = HealthWatch::default();
        let at = |kbps| health(&[node("0", 1, kbps)]);
        // First minute: 2000, 3000 → average 2500.
        assert!(w.observe(&at(2000), 100).is_empty());
        assert!(w.observe(&at(3000), 130).is_empty());
        assert!(w.observe(&at(1300), 160).is_empty(), "above half");
        assert_eq!(
            w.observe(&at(1200), 170),
            [HealthChange::BitrateDropped {
                node: Node::Primary,
                now_kbps: 1200,
                first_minute_kbps: 2500
            }]
        );
        assert!(w.observe(&at(1000), 175).is_empty(), "reported once");
        assert!(w.observe(&at(2400), 180).is_empty(), "recovered");
        assert_eq!(w.observe(&at(900), 185).len(), 1, "dropped again");
        assert_eq!(
            HealthChange::BitrateDropped {
                node: Node::Primary,
                now_kbps: 900,
                first_minute_kbps: 2500
            }
            .describe(),
            "primary bitrate dropped to 900 kbps (first minute: 2,500 kbps)"
        );
        // A reconnect starts a new first minute.
        w.observe(&StreamHealth::default(), 190);
        assert!(w.observe(&at(500), 200).is_empty());
        assert!(w.observe(&at(500), 300).is_empty());
    }
}
