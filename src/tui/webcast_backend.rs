//! The real `Backend`: the `webcast` workflows, the sandbox simulator, and the conversion of
//! their results into the dashboard's view-model. Runs on the IO task only.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::kaltura::types::{EntryStatus, LiveStreamEntry};
use crate::webcast::simulator::{SimulatedAction, SimulatorControl};
use crate::webcast::{
    ControlFacts, CreateRequest, EventSnapshot, Journal, Links, LiveAction, PlaybackReason,
    PreparedCreate, Presenter, Recovered, Recovery, StudioInfo, WatchFacts, Webcast,
};

use super::action::SimAction;
use super::backend::Backend;
use super::manage::{DeletedView, EditFormSource, EditedView};
use super::manage_backend;
use super::view::{
    CreatedView, EventDetail, EventView, Ingest, LinksView, NewEvent, RealtimeAudience,
    RealtimeFailure, RecordingView, RecoveryOutcome, RecoveryView, StudioView, ViewPageView,
};
use crate::webcast::AccountView;
use crate::webcast::EventEdit;
use crate::webcast::journal::follow::{BoardChange, JournalFollower};
use crate::webcast::time::now_unix;

/// `Backend` over a `Webcast`. Keeps the latest snapshot of each event so links need no poll of
/// their own (their KSs are signed locally, or minted with the app token and cached).
#[derive(Clone)]
pub struct WebcastBackend {
    webcast: Webcast,
    journal: Journal,
    simulator: Option<SimulatorControl>,
    snapshots: Arc<Mutex<HashMap<String, EventSnapshot>>>,
    /// Follows the journal for changes made by other kwebcasts. The board's own journal writes
    /// hold this lock until they are noted in it, and a check finding it held skips its turn:
    /// so a write of ours is never read back as another process's.
    follow: Arc<tokio::sync::Mutex<JournalFollower>>,
}

impl WebcastBackend {
    /// A backend; `sandbox_url` enables the simulator keys.
    pub fn new(webcast: Webcast, journal: Journal, sandbox_url: Option<&str>) -> Self {
        let follower = JournalFollower::new(
            journal.clone(),
            webcast.client().partner_id(),
            webcast.journal_service(),
        );
        WebcastBackend {
            webcast,
            journal,
            simulator: sandbox_url.map(SimulatorControl::new),
            snapshots: Arc::new(Mutex::new(HashMap::new())),
            follow: Arc::new(tokio::sync::Mutex::new(follower)),
        }
    }

    /// Starts following the journal from the board the dashboard read at start (`board_ids`),
    /// so a change made between that read and the first check still reaches the board. Without
    /// it the first check only learns the board.
    pub fn following_from(self, board_ids: Vec<String>) -> Self {
        let follower = JournalFollower::new(
            self.journal.clone(),
            self.webcast.client().partner_id(),
            self.webcast.journal_service(),
        )
        .with_board(board_ids);
        WebcastBackend {
            follow: Arc::new(tokio::sync::Mutex::new(follower)),
            ..self
        }
    }

    fn remember(&self, snaps: &[EventSnapshot]) {
        let mut map = self
            .snapshots
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        for s in snaps {
            map.insert(s.entry.id.clone(), s.for_links());
        }
    }

    /// Drops the snapshot links are signed from, after the event changed or left.
    fn forget_snapshot(&self, id: &str) {
        self.snapshots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(id);
    }

    fn cached(&self, id: &str) -> Option<EventSnapshot> {
        self.snapshots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(id)
            .cloned()
    }

    async fn snapshot(&self, id: &str) -> Result<EventSnapshot, String> {
        if let Some(s) = self.cached(id) {
            return Ok(s);
        }
        let snap = self
            .webcast
            .resolve_playback(id)
            .await
            .map_err(|e| e.to_string())?;
        self.remember(std::slice::from_ref(&snap));
        Ok(snap)
    }

    async fn links_view(&self, snap: &EventSnapshot) -> Result<LinksView, String> {
        self.webcast
            .links(snap)
            .await
            .map(links_view)
            .map_err(|e| e.to_string())
    }
}

fn links_view(l: Links) -> LinksView {
    LinksView {
        moderator_reach: l.moderator_reach.can(),
        moderator_reach_short: l.moderator_reach.short(),
        moderator_expires_at: l.moderator_expires_at,
        attendee_url: l.attendee_url,
        moderator_url: l.moderator_url,
        expires_at: l.expires_at,
        playback_id: l.play_entry_id,
        entry_id: l.entry_id,
        attendee_expires_at: l.attendee_expires_at,
        attendee_short_url: l.attendee_short.map(|s| s.url),
        attendee_url_without_ks: l.attendee_url_without_ks,
        short_link_note: l.short_link_note,
    }
}

fn recovery_view(r: Recovery) -> RecoveryView {
    RecoveryView {
        reference: r.attempt.reference,
        name: r.attempt.name,
        sent_at: r.attempt.recorded_at,
        outcome: match r.outcome {
            Recovered::Recorded(created) => RecoveryOutcome::Recorded {
                id: created.entry_id().to_string(),
            },
            Recovered::NotCreated => RecoveryOutcome::NotCreated,
            Recovered::StillPending(why) => RecoveryOutcome::StillPending { why },
        },
    }
}

fn studio_view(s: StudioInfo) -> StudioView {
    StudioView {
        windows_url: s.windows_url,
        mac_url: s.mac_url,
        launch_url: s.launch_url,
        params: s.params,
        expires_at: s.expires_at,
    }
}

fn entry_status_word(s: Option<EntryStatus>) -> String {
    match s {
        Some(EntryStatus::Ready) => "READY".into(),
        Some(EntryStatus::NoContent) => "RECORDING".into(),
        Some(EntryStatus::Preconvert) | Some(EntryStatus::Import) | Some(EntryStatus::Pending) => {
            "PROCESSING".into()
        }
        Some(EntryStatus::Deleted) => "DELETED".into(),
        Some(s) if s.is_error() => "FAILED".into(),
        Some(s) => format!("status {}", s.code()),
        None => "?".into(),
    }
}

/// What attendees get, in a few words that fit the table.
fn audience(snap: &EventSnapshot) -> String {
    match snap.playback.reason {
        PlaybackReason::LiveNow => "live".into(),
        PlaybackReason::NothingYet => "offline slate".into(),
        PlaybackReason::EntryUnavailable => "unavailable".into(),
        PlaybackReason::Redirect
        | PlaybackReason::RecordedEntry
        | PlaybackReason::NewestRecording => {
            format!("recording {}", snap.playback.entry_id)
        }
    }
}

fn ingest(e: &LiveStreamEntry) -> Ingest {
    let pairs = |v: &[(&str, &String)]| -> Vec<(String, String)> {
        v.iter()
            .filter(|(_, u)| !u.is_empty())
            .map(|(l, u)| (l.to_string(), u.to_string()))
            .collect()
    };
    let mut srt = pairs(&[
        ("SRT", &e.primary_srt_broadcasting_url),
        ("SRT backup", &e.secondary_srt_broadcasting_url),
    ]);
    if !e.primary_srt_stream_id.is_empty() {
        srt.push(("SRT stream ID".into(), e.primary_srt_stream_id.clone()));
    }
    Ingest {
        rtmp: pairs(&[
            ("RTMP", &e.primary_broadcasting_url),
            ("RTMP backup", &e.secondary_broadcasting_url),
            ("RTMPS", &e.primary_secured_broadcasting_url),
        ]),
        srt,
        stream_key: Some(e.stream_password.clone()).filter(|s| !s.is_empty()),
        srt_pass: Some(e.srt_pass.clone()).filter(|s| !s.is_empty()),
    }
}

/// Converts a snapshot into the board's row and detail pane.
pub fn event_view(snap: &EventSnapshot) -> EventView {
    let e = &snap.entry;
    let mut times = Vec::new();
    let mut push_time = |label: &str, t: i64| {
        if t > 0 {
            times.push((label.to_string(), t));
        }
    };
    push_time("Created", e.created_at);
    if let Some(s) = &snap.schedule {
        push_time("Starts", s.start);
        push_time("Ends", s.end);
    }
    push_time("First broadcast", e.first_broadcast);
    push_time("Last broadcast", e.last_broadcast);
    push_time("Last ended", e.last_broadcast_end_time);
    let mut facts = vec![
        ("State".to_string(), snap.state.meaning().to_string()),
        (
            "Playback".to_string(),
            format!("{} ({})", snap.playback_words(), snap.playback.entry_id),
        ),
    ];
    if let Some(s) = &snap.schedule {
        facts.push(("Time zone".into(), s.timezone.clone()));
    }
    if let Some(r) = e.record_status {
        let word = match r.code() {
            0 => "off".to_string(),
            1 => "appended".to_string(),
            2 => "per session".to_string(),
            n => format!("mode {n}"),
        };
        facts.push(("Recording".into(), word));
    }
    if let Some(x) = e.explicit_live {
        facts.push((
            "Explicit live".into(),
            if x {
                "yes (Go Live lets attendees in)"
            } else {
                "no"
            }
            .into(),
        ));
    }
    if !e.stream_name.is_empty() {
        facts.push(("Stream name".into(), e.stream_name.clone()));
    }
    if let Some(p) = &snap.problem {
        facts.push((crate::tui::view::PROBLEM_FACT.into(), p.message.clone()));
    }
    EventView {
        id: e.id.clone(),
        name: crate::webcast::snapshot::shown_name(&e.name).to_string(),
        status: snap.state,
        since: snap.since,
        audience: audience(snap),
        playback_id: snap.playback.entry_id.clone(),
        polled_at: snap.polled_at,
        viewers: snap.viewers,
        health: snap.health.clone(),
        detail: EventDetail {
            description: e.description.clone(),
            times,
            facts,
            recordings: snap
                .recordings
                .iter()
                .map(|r| RecordingView {
                    id: r.id.clone(),
                    name: r.name.clone(),
                    status: entry_status_word(r.status),
                    created_at: r.created_at,
                })
                .collect(),
            ingest: ingest(e),
        },
        control: ControlFacts::from_snapshot(snap),
        missing: snap
            .problem
            .as_ref()
            .is_some_and(|p| p.code.as_deref() == Some("ENTRY_ID_NOT_FOUND")),
        watch: WatchFacts::from_snapshot(snap),
        alerts: Vec::new(),
    }
}

/// The create the form asked for, with the reference the board chose for it (a fresh one:
/// nothing on the service can carry it yet).
fn prepared(ev: NewEvent) -> PreparedCreate {
    let reference = ev.reference.clone();
    let req = create_request(ev);
    match reference {
        Some(r) => PreparedCreate::with_fresh_reference(req, r),
        None => PreparedCreate::new(req),
    }
}

fn create_request(ev: NewEvent) -> CreateRequest {
    CreateRequest {
        name: ev.name,
        description: ev.description,
        start: ev.start,
        end: ev.end,
        timezone: ev.timezone,
        presenter: Presenter {
            name: ev.presenter_name,
            title: ev.presenter_title,
            ..Presenter::default()
        },
        recording: ev.recording,
        dvr: true,
        reference: None,
    }
}

impl Backend for WebcastBackend {
    async fn poll(&self, ids: Vec<String>) -> Result<Vec<EventView>, String> {
        let snaps = self.webcast.poll(&ids).await.map_err(|e| e.to_string())?;
        self.remember(&snaps);
        Ok(snaps.iter().map(event_view).collect())
    }

    async fn create(&self, event: NewEvent) -> Result<CreatedView, String> {
        let mut follow = self.follow.lock().await;
        let created = self
            .webcast
            .create_prepared(&prepared(event), &self.journal)
            .await
            .map_err(|e| e.to_string())?;
        let id = created.entry_id().to_string();
        follow.note_watched(&id);
        drop(follow);
        let notes: Vec<String> = created
            .pending
            .iter()
            .map(|p| {
                format!(
                    "{} did not complete: {} ({})",
                    p.step.label(),
                    p.error,
                    p.how_to_finish
                )
            })
            .collect();
        let snap = self
            .webcast
            .resolve_playback(&id)
            .await
            .map_err(|e| format!("{id} was created, but {e}"))?;
        self.remember(std::slice::from_ref(&snap));
        let links = self
            .links_view(&snap)
            .await
            .map_err(|e| format!("{id} was created, but its links failed: {e}"))?;
        Ok(CreatedView {
            id,
            name: created.entry.name.clone(),
            links,
            studio: created.studio.map(studio_view),
            notes,
        })
    }

    async fn links(&self, id: String) -> Result<LinksView, String> {
        let snap = self.snapshot(&id).await?;
        self.links_view(&snap).await
    }

    async fn studio(&self, id: String) -> Result<StudioView, String> {
        self.webcast
            .studio(&id)
            .await
            .map(studio_view)
            .map_err(|e| e.to_string())
    }

    async fn search(&self, text: String) -> Result<Vec<EventView>, String> {
        let snaps = self
            .webcast
            .search(&text)
            .await
            .map_err(|e| e.to_string())?;
        self.remember(&snaps);
        Ok(snaps.iter().map(event_view).collect())
    }

    async fn simulate(&self, id: String, action: SimAction) -> Result<(), String> {
        let Some(sim) = &self.simulator else {
            return Err("not running against the sandbox".into());
        };
        let result = match action {
            SimAction::Broadcast => sim.broadcast(&id).await,
            SimAction::BroadcastBackup => sim.run(&id, SimulatedAction::BroadcastBackup).await,
            SimAction::DisconnectPrimary => sim.run(&id, SimulatedAction::DisconnectPrimary).await,
            SimAction::DisconnectBackup => sim.run(&id, SimulatedAction::DisconnectBackup).await,
        };
        result.map(|_| ()).map_err(|e| e.to_string())
    }

    async fn live_action(&self, id: String, action: LiveAction) -> Result<EventView, String> {
        let known = self
            .snapshots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&id)
            .cloned();
        let outcome = self
            .webcast
            .run_action(&id, &action, known.as_ref())
            .await
            .map_err(|e| e.to_string())?;
        // A failed re-poll is not the action's failure (Kaltura applied it): the board shows
        // the update's answer now and the next poll brings the rest back.
        let snap = outcome.event;
        if let Some(e) = &outcome.repoll_error {
            tracing::warn!(entry = %id, "{} was applied, but reading the event again failed: {e}", action.title());
        }
        // Links are signed from a snapshot with its schedule: one built from the update alone
        // (no earlier snapshot, re-poll failed) waits for the next poll.
        if outcome.repoll_error.is_none() || known.is_some() {
            self.remember(std::slice::from_ref(&snap));
        }
        Ok(event_view(&snap))
    }

    async fn realtime(&self, id: String) -> Result<RealtimeAudience, RealtimeFailure> {
        self.webcast.realtime_audience(&id).await.map_err(|e| {
            // Kaltura answered that the account has no realtime analytics (the plugin is
            // missing, the service forbidden): asking again would not change that. Any
            // other failure — an expired KS, a server error, the network — is asked again.
            let never = e
                .code()
                .is_some_and(crate::webcast::audience::realtime_never_available);
            if never {
                RealtimeFailure::Unavailable(e.to_string())
            } else {
                RealtimeFailure::Failed(e.to_string())
            }
        })
    }

    async fn recover(&self) -> Result<Vec<RecoveryView>, String> {
        let mut follow = self.follow.lock().await;
        let list: Vec<RecoveryView> = self
            .webcast
            .recover(&self.journal)
            .await
            .map(|list| list.into_iter().map(recovery_view).collect())
            .map_err(|e| e.to_string())?;
        for r in &list {
            if let RecoveryOutcome::Recorded { id } = &r.outcome {
                follow.note_watched(id);
            }
        }
        Ok(list)
    }

    async fn edit_source(&self, id: String) -> Result<EditFormSource, String> {
        manage_backend::edit_source(&self.webcast, id).await
    }

    async fn edit(&self, id: String, edit: EventEdit) -> Result<EditedView, String> {
        let done = manage_backend::edit(&self.webcast, &self.journal, id.clone(), edit).await;
        self.forget_snapshot(&id);
        done
    }

    async fn delete_plan(&self, id: String) -> Result<(String, Vec<RecordingView>), String> {
        manage_backend::delete_plan(&self.webcast, id).await
    }

    async fn delete(&self, id: String, with_recordings: bool) -> Result<DeletedView, String> {
        let mut follow = self.follow.lock().await;
        let done =
            manage_backend::delete(&self.webcast, &self.journal, id.clone(), with_recordings).await;
        if done.is_ok() {
            follow.note_removed(&id);
        }
        self.forget_snapshot(&id);
        done
    }

    async fn forget(&self, id: String) -> Result<(), String> {
        let mut follow = self.follow.lock().await;
        let done = manage_backend::forget(&self.webcast, &self.journal, id.clone()).await;
        if done.is_ok() {
            follow.note_removed(&id);
        }
        self.forget_snapshot(&id);
        done
    }

    async fn follow_journal(&self) -> Result<Option<BoardChange>, String> {
        // One of the board's own journal writes is running: check on the next turn, once it is
        // noted.
        let Ok(mut follow) = self.follow.try_lock() else {
            return Ok(None);
        };
        // The stat, and the read when the file changed, run off the async workers.
        let mut follower = follow.clone();
        let (follower, change) = tokio::task::spawn_blocking(move || {
            let change = follower.check();
            (follower, change)
        })
        .await
        .map_err(|e| format!("the journal check stopped: {e}"))?;
        *follow = follower;
        change.map_err(|e| e.to_string())
    }

    async fn view_page(&self, view: AccountView, page: u32) -> Result<ViewPageView, String> {
        let p = self
            .webcast
            .view_page(view, page, now_unix())
            .await
            .map_err(|e| e.to_string())?;
        // Not remembered for links: only watched events have links, and a `w` polls at once.
        Ok(ViewPageView {
            rows: p.events.iter().map(event_view).collect(),
            total: p.total,
            has_more: p.has_more,
            beyond_limit: p.beyond_limit,
        })
    }

    async fn remember_watch(
        &self,
        id: String,
        name: String,
        schedule: Option<(i64, i64)>,
    ) -> Result<(), String> {
        let mut follow = self.follow.lock().await;
        let done = self
            .webcast
            .watch(&id, &name, schedule, &self.journal)
            .await
            .map(|_| ())
            .map_err(|e| format!("{name} ({id}) is watched now, but {e}"));
        follow.note_watched(&id);
        done
    }

    async fn record_gone(&self, id: String) -> Result<(), String> {
        self.forget_snapshot(&id);
        let mut follow = self.follow.lock().await;
        let done = self
            .webcast
            .record_vanished(&id, &self.journal)
            .await
            .map(|_| ())
            .map_err(|e| format!("{id} left the board, but the journal could not say so: {e}"));
        follow.note_removed(&id);
        done
    }
}
