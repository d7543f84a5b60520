//! The dashboard's view of the outside world. The IO task is generic over `Backend`, so the event
//! loop and its tests do not depend on how events are fetched; `WebcastBackend` is the real one.

use std::future::Future;

use super::action::SimAction;
use super::manage::{DeletedView, EditFormSource, EditedView};
use super::view::RecordingView;
use super::view::{
    CreatedView, EventView, LinksView, NewEvent, RealtimeAudience, RealtimeFailure, RecoveryView,
    StudioView, ViewPageView,
};
use crate::webcast::journal::follow::BoardChange;
use crate::webcast::{AccountView, EventEdit, LiveAction};

/// The IO operations the dashboard needs; errors are one readable sentence each.
pub trait Backend: Clone + Send + Sync + 'static {
    /// Polls the given events in as few round-trips as possible.
    fn poll(&self, ids: Vec<String>)
    -> impl Future<Output = Result<Vec<EventView>, String>> + Send;
    /// Runs the create workflow.
    fn create(&self, event: NewEvent) -> impl Future<Output = Result<CreatedView, String>> + Send;
    /// Signs links for an event.
    fn links(&self, id: String) -> impl Future<Output = Result<LinksView, String>> + Send;
    /// Fetches Studio details for an event.
    fn studio(&self, id: String) -> impl Future<Output = Result<StudioView, String>> + Send;
    /// Searches the account.
    fn search(&self, text: String) -> impl Future<Output = Result<Vec<EventView>, String>> + Send;
    /// Drives the sandbox's simulated encoder.
    fn simulate(
        &self,
        id: String,
        action: SimAction,
    ) -> impl Future<Output = Result<(), String>> + Send;
    /// Runs a live action (Go Live, End, recording, redirect) through the Kaltura API and
    /// answers the event as the immediate re-poll saw it.
    fn live_action(
        &self,
        id: String,
        action: LiveAction,
    ) -> impl Future<Output = Result<EventView, String>> + Send;
    /// Settles the creates the journal holds as pending (interrupted ones).
    fn recover(&self) -> impl Future<Output = Result<Vec<RecoveryView>, String>> + Send;
    /// Reads page `page` (1-based) of an account view. Backends without an account (test
    /// doubles) say so.
    fn view_page(
        &self,
        view: AccountView,
        page: u32,
    ) -> impl Future<Output = Result<ViewPageView, String>> + Send {
        let _ = page;
        async move { Err(format!("{}: this backend lists no account", view.title())) }
    }
    /// Records in the journal that the operator watches `id` (a no-op when the journal already
    /// keeps it on the board).
    fn remember_watch(
        &self,
        id: String,
        name: String,
        schedule: Option<(i64, i64)>,
    ) -> impl Future<Output = Result<(), String>> + Send {
        let _ = (name, schedule);
        async move { Err(format!("{id}: this backend keeps no journal")) }
    }
    /// Records in the journal that `id` left the board because the service no longer has it.
    fn record_gone(&self, id: String) -> impl Future<Output = Result<(), String>> + Send {
        async move { Err(format!("{id}: this backend keeps no journal")) }
    }
    /// Reads Kaltura's realtime audience graph of one live event (a request of its own).
    fn realtime(
        &self,
        id: String,
    ) -> impl Future<Output = Result<RealtimeAudience, RealtimeFailure>> + Send;
    /// Reads an event as Kaltura holds it now, for the edit form. Backends that cannot edit
    /// (test doubles) say so.
    fn edit_source(
        &self,
        id: String,
    ) -> impl Future<Output = Result<EditFormSource, String>> + Send {
        async move { Err(format!("{id}: this backend cannot edit events")) }
    }
    /// Sends an edit of an event (the live entry and its schedule record) and journals it.
    fn edit(
        &self,
        id: String,
        edit: EventEdit,
    ) -> impl Future<Output = Result<EditedView, String>> + Send {
        let _ = edit;
        async move { Err(format!("{id}: this backend cannot edit events")) }
    }
    /// Reads an event's name and recordings, for the delete question.
    fn delete_plan(
        &self,
        id: String,
    ) -> impl Future<Output = Result<(String, Vec<RecordingView>), String>> + Send {
        async move { Err(format!("{id}: this backend cannot delete events")) }
    }
    /// Deletes an event from Kaltura (its recordings too when asked) and journals it.
    fn delete(
        &self,
        id: String,
        with_recordings: bool,
    ) -> impl Future<Output = Result<DeletedView, String>> + Send {
        let _ = with_recordings;
        async move { Err(format!("{id}: this backend cannot delete events")) }
    }
    /// What joined or left the board in the journal since the last call (another kwebcast's
    /// create, `w`, forget or delete): one `stat` while the journal is unchanged. Backends
    /// without a journal (test doubles) never see a change.
    fn follow_journal(&self) -> impl Future<Output = Result<Option<BoardChange>, String>> + Send {
        async { Ok(None) }
    }
    /// Drops an event from the journal (no call to Kaltura).
    fn forget(&self, id: String) -> impl Future<Output = Result<(), String>> + Send {
        async move { Err(format!("{id}: this backend cannot forget events")) }
    }
}
