//! Deterministic fixtures: a fixed clock, UTC, fixed IDs and a fixed (fake) KS.

use jiff::tz::TimeZone;

use crate::kaltura::types::LiveStatus;
use crate::tui::state::{AppState, StateConfig, Watched};
use crate::tui::view::{
    EventDetail, EventView, Ingest, LinksView, RecordingView, Status, StreamHealth, StudioView,
};
use crate::webcast::actions::RecordingChoice;
use crate::webcast::health::{NodeHealth, StreamInfo};
use crate::webcast::state::{LiveFacts, RecordingFacts};
use crate::webcast::{ControlFacts, WatchFacts, WatchdogConfig};

/// 2026-11-25 13:00:00 UTC.
pub const NOW: i64 = 1_795_611_600;

pub const KS: &str = "djJ8MTAwMHzQ3Y2FkZjE0NmM4ODk5YTU5ZWM0ZDQ4ZDhkMGE1Nzc0NTQ1YzBiZjYwN2U1OWQ2ZTNhYjM5ZmQ5NDM3ZWM4MDE5OWVmYTYxZDkxZDM0NmE1NmRjNjg2ZjQ0ZGQ0Y2E4YTI3ZjBlZjVhNzQ3ZDY1ZmM0YjQ5ZDM4OWIzYjA1";

pub fn attendee_url(entry: &str) -> String {
    format!(
        "https://cdnapisec.kaltura.com/p/1000/embedPlaykitJs/uiconf_id/23448200?iframeembed=true&entry_id={entry}&ks={KS}"
    )
}

pub fn moderator_url(entry: &str) -> String {
    format!(
        "https://www.kaltura.com/apps/webcast/vlatest/index.html?MediaEntryId={entry}&ks={KS}&qnaModeratorMode=True&serverAddress=https%3A%2F%2Fwww.kaltura.com"
    )
}

pub fn links(entry: &str, playback: &str) -> LinksView {
    LinksView {
        attendee_url: attendee_url(playback),
        moderator_url: moderator_url(entry),
        expires_at: NOW + 3 * 3600,
        playback_id: playback.to_string(),
        entry_id: entry.to_string(),
        attendee_expires_at: Some(NOW + 3 * 3600),
        moderator_expires_at: NOW + 24 * 3600,
        attendee_short_url: Some("https://www.kaltura.com/tiny/k3x9".into()),
        attendee_url_without_ks: Some(attendee_url(playback).split("&ks=").next().unwrap().into()),
        short_link_note: None,
        moderator_reach: "moderate Q&A, change the event and read its stream key, on every event \
                          whose entitledUsersEdit lists kwebcast-moderator (moderator_scope = \
                          \"shared\"; \"event\" confines a link to its event)"
            .into(),
        moderator_reach_short: "every event listing kwebcast-moderator".into(),
    }
}

pub fn studio() -> StudioView {
    StudioView {
        windows_url:
            "https://cdnapisec.kaltura.com/content/webcast/studio/KalturaWebcastingStudio-2.9.1.msi"
                .into(),
        mac_url:
            "https://cdnapisec.kaltura.com/content/webcast/studio/KalturaWebcastingStudio-2.9.1.dmg"
                .into(),
        launch_url:
            "KalturaWebcast:a3M9ZGpKOE1UQXdNSHpRM1kyRmtaakUwTm1NNE9EazVZVFU1WldNMFpEUTRaRGhr".into(),
        params: vec![
            ("ks".into(), KS.into()),
            ("MediaEntryId".into(), "0_k3xq9z1a".into()),
            ("serverAddress".into(), "https://www.kaltura.com".into()),
            ("fromDate".into(), "2026-11-25T13:10:00+00:00".into()),
        ],
        expires_at: NOW + 24 * 3600,
    }
}

pub fn event(id: &str, name: &str, status: Status) -> EventView {
    let (audience, playback) = match status {
        Status::Live => ("live".to_string(), id.to_string()),
        Status::RecordingReady => ("recording 0_rec00001".to_string(), "0_rec00001".to_string()),
        _ => ("offline slate".to_string(), id.to_string()),
    };
    EventView {
        id: id.into(),
        name: name.into(),
        status,
        since: Some(NOW - 125),
        audience,
        playback_id: playback,
        polled_at: NOW - 3,
        viewers: (status == Status::Live).then_some(1234),
        health: Some(health(status)),
        detail: EventDetail {
            description: "Quarterly all-hands".into(),
            times: vec![
                ("Created".into(), NOW - 3600),
                ("Starts".into(), NOW + 600),
                ("Ends".into(), NOW + 4200),
            ],
            facts: vec![
                ("Recording".into(), "per session".into()),
                ("Explicit live".into(), "yes".into()),
            ],
            recordings: if status == Status::RecordingReady {
                vec![RecordingView {
                    id: "0_rec00001".into(),
                    name: format!("{name} 1"),
                    status: "READY".into(),
                    created_at: NOW - 7200,
                }]
            } else {
                Vec::new()
            },
            ingest: Ingest {
                rtmp: vec![(
                    "RTMP".into(),
                    "rtmp://1000.entrypoint.kaltura.com:1935/kLive/?t=5f3e1c2a".to_string(),
                )],
                srt: vec![(
                    "SRT".into(),
                    format!("srt://1000.srt.kaltura.com:7045?streamid=#:::e={id},st=0,p=5f3e1c2a"),
                )],
                stream_key: Some("5f3e1c2a".into()),
                srt_pass: Some("a1b2c3d4e5f6a7b8".into()),
            },
        },
        control: control(id, name, status),
        missing: false,
        watch: watch(id, name, status),
        alerts: Vec::new(),
    }
}

/// What the watchdog reads of a fixture event: no schedule (so no alert) unless a test sets
/// one.
pub fn watch(id: &str, name: &str, status: Status) -> WatchFacts {
    WatchFacts {
        schedule: None,
        state: status,
        since: Some(NOW - 125),
        live: control(id, name, status).live,
        recording_on: true,
        ingest: None,
    }
}

/// What the live actions decide from, consistent with `status`: an explicit-live event that
/// records per session; LIVE records, RECORDING READY redirects to its one READY recording.
pub fn control(id: &str, name: &str, status: Status) -> ControlFacts {
    let encoder = matches!(
        status,
        Status::Live | Status::Preview | Status::EndedFeedOn | Status::Connecting
    );
    let live_status = match status {
        Status::Connecting => 3,
        _ if encoder => 1,
        _ => 0,
    };
    let recordings = if status == Status::RecordingReady {
        vec![RecordingChoice {
            facts: RecordingFacts {
                id: "0_rec00001".into(),
                root_entry_id: id.into(),
                status: 2,
                created_at: NOW - 7200,
                updated_at: NOW - 3600,
            },
            name: format!("{name} 1"),
        }]
    } else {
        Vec::new()
    };
    ControlFacts {
        name: name.into(),
        state: status,
        live: LiveFacts {
            id: id.into(),
            status: 2,
            live_status,
            explicit_live: true,
            view_mode: i64::from(status == Status::Live),
            created_at: NOW - 3600,
            updated_at: NOW - 125,
            current_broadcast_start_time: if encoder { NOW - 200 } else { 0 },
            broadcast_time: if matches!(status, Status::Live | Status::EndedFeedOn) {
                NOW - 125
            } else {
                0
            },
            redirect_entry_id: if status == Status::RecordingReady {
                "0_rec00001".into()
            } else {
                String::new()
            },
            ..LiveFacts::default()
        },
        recordings,
        record_status: Some(2),
        recording_status: Some(if status == Status::Live { 2 } else { 0 }),
        problem: None,
    }
}

/// A LIVE event's ingest: a playable primary with video and audio, no backup; no encoder
/// otherwise.
pub fn health(status: Status) -> StreamHealth {
    let streams = vec![
        StreamInfo {
            bitrate_kbps: 2500,
            width: 1280,
            height: 720,
            frame_rate: 30,
            codec: "avc1".into(),
        },
        StreamInfo {
            bitrate_kbps: 128,
            codec: "mp4a".into(),
            ..StreamInfo::default()
        },
    ];
    match status {
        Status::Live | Status::Preview | Status::EndedFeedOn => StreamHealth {
            primary: Some(NodeHealth {
                status: LiveStatus::Playable,
                streams,
            }),
            backup: None,
        },
        _ => StreamHealth::default(),
    }
}

pub fn config(sandbox: bool, watch: &[&str]) -> StateConfig {
    StateConfig {
        sandbox,
        bell: true,
        color: false,
        poll_secs: 5,
        watch: watch.iter().map(|s| s.to_string()).collect(),
        log_file: Some("/home/operator/.local/state/kwebcast/kwebcast.log".into()),
        account: Some("partner 1000 @ www.kaltura.com".into()),
        reference_seed: "5eed5eed5eed".into(),
        insecure: None,
        notices: Vec::new(),
        log: Vec::new(),
        watchdog: WatchdogConfig::default(),
        viewers_secs: 30,
    }
}

pub fn state(sandbox: bool, size: (u16, u16)) -> AppState {
    AppState::new(config(sandbox, &[]), NOW, TimeZone::UTC, size)
}

/// A board with three polled events, the first LIVE, and links for it.
pub fn board(size: (u16, u16)) -> AppState {
    let mut s = state(true, size);
    s.events = vec![
        Watched {
            id: "0_k3xq9z1a".into(),
            view: Some(event("0_k3xq9z1a", "Town hall", Status::Live)),
        },
        Watched {
            id: "0_p8w2m4td".into(),
            view: Some(event("0_p8w2m4td", "Product launch", Status::Offline)),
        },
        Watched {
            id: "0_zz19ab7c".into(),
            view: Some(event(
                "0_zz19ab7c",
                "Training day 3",
                Status::RecordingReady,
            )),
        },
    ];
    s.set_links("0_k3xq9z1a".into(), links("0_k3xq9z1a", "0_k3xq9z1a"));
    s.studio.insert("0_k3xq9z1a".into(), studio());
    s.poll.last_ok = Some(NOW - 3);
    s.poll.next_at = NOW + 2;
    s.log.push_back(crate::tui::state::LogEntry {
        at: NOW - 125,
        text: "Town hall (0_k3xq9z1a) went LIVE".into(),
    });
    s.log.push_back(crate::tui::state::LogEntry {
        at: NOW - 60,
        text: "Training day 3 (0_zz19ab7c) RECORDING READY (links follow it)".into(),
    });
    s
}
