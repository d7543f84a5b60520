//! `AppState`: everything the dashboard shows, owned by the UI task alone (no locks, no sharing).

use std::collections::{HashMap, VecDeque};

use jiff::tz::TimeZone;
use tui_input::Input;

use super::form::CreateForm;
use super::live_state::LiveState;
use super::prompt::Prompt;
use super::view::{EventView, LinksView, QrTarget, Status, StudioView};
use crate::webcast::AccountView;
use crate::webcast::qr::{self, QrMatrix};
use crate::webcast::{AlertTracker, WatchdogConfig};

/// The tabs, in header order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// The watched events (home).
    Events,
    /// The create form.
    Create,
    /// Attendee and moderator links with QR codes.
    Links,
    /// Studio downloads and launch URL.
    Studio,
    /// Keys, generated from the keymap.
    Help,
}

impl Tab {
    /// All tabs in header order.
    pub const ALL: [Tab; 5] = [Tab::Events, Tab::Create, Tab::Links, Tab::Studio, Tab::Help];

    /// Header title.
    pub fn title(self) -> &'static str {
        match self {
            Tab::Events => "1 Events",
            Tab::Create => "2 Create",
            Tab::Links => "3 Links",
            Tab::Studio => "4 Studio",
            Tab::Help => "? Help",
        }
    }
}

/// Which link the Links tab shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// The link attendees open.
    Attendee,
    /// The link moderators open.
    Moderator,
}

impl LinkKind {
    /// Words for titles and the status line.
    pub fn label(self) -> &'static str {
        match self {
            LinkKind::Attendee => "attendee link",
            LinkKind::Moderator => "moderator link",
        }
    }
}

/// An event's signed links with their QR codes, encoded once when the links arrive: drawing
/// runs on every redraw (clock ticks included) and must not re-encode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedLinks {
    /// The links.
    pub view: LinksView,
    /// The attendee link's codes, one per form it has (short link, full link, without KS), or
    /// why a form cannot be one.
    pub attendee_qrs: Vec<(QrTarget, Result<QrMatrix, String>)>,
    /// The moderator link's code, or why it cannot be one.
    pub moderator_qr: Result<QrMatrix, String>,
}

impl SignedLinks {
    /// Encodes every form of both links.
    pub fn new(view: LinksView) -> Self {
        let encode = |url: &str| qr::modules(url).map_err(|e| e.to_string());
        SignedLinks {
            attendee_qrs: view
                .qr_targets()
                .into_iter()
                .filter_map(|t| view.qr_url(t).map(|url| (t, encode(url))))
                .collect(),
            moderator_qr: encode(&view.moderator_url),
            view,
        }
    }

    /// The attendee QR's target: the operator's choice when this link has it, else the
    /// preferred one.
    pub fn attendee_target(&self, chosen: Option<QrTarget>) -> QrTarget {
        self.view.qr_target(chosen)
    }

    /// What the QR of one kind encodes (the moderator's is always its full link).
    pub fn qr_url(&self, kind: LinkKind, chosen: Option<QrTarget>) -> &str {
        match kind {
            LinkKind::Attendee => self
                .view
                .qr_url(self.attendee_target(chosen))
                .unwrap_or(&self.view.attendee_url),
            LinkKind::Moderator => &self.view.moderator_url,
        }
    }

    /// The link of one kind.
    pub fn url(&self, kind: LinkKind) -> &str {
        match kind {
            LinkKind::Attendee => &self.view.attendee_url,
            LinkKind::Moderator => &self.view.moderator_url,
        }
    }

    /// The QR code of one kind (the attendee's per the operator's choice).
    pub fn qr(&self, kind: LinkKind, chosen: Option<QrTarget>) -> Result<&QrMatrix, &str> {
        let code = match kind {
            LinkKind::Attendee => {
                let target = self.attendee_target(chosen);
                match self.attendee_qrs.iter().find(|(t, _)| *t == target) {
                    Some((_, code)) => code,
                    None => return Err("no QR code for this link"),
                }
            }
            LinkKind::Moderator => &self.moderator_qr,
        };
        code.as_ref().map_err(String::as_str)
    }
}

/// One watched event: its ID is known before its first poll answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Watched {
    /// Entry ID.
    pub id: String,
    /// Latest poll result for it.
    pub view: Option<EventView>,
}

/// Which list the Events tab shows: the board, or one of the account's views.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventsView {
    /// The watched events (journal, `--watch`, `w`), polled in the background.
    Watched,
    /// A view of the account's webcasts, read page by page when shown.
    Account(AccountView),
}

impl EventsView {
    /// Every view, in the order `]` cycles through them.
    pub const ALL: [EventsView; 4] = [
        EventsView::Watched,
        EventsView::Account(AccountView::Upcoming),
        EventsView::Account(AccountView::LiveNow),
        EventsView::Account(AccountView::Past),
    ];

    /// Its title.
    pub fn title(self) -> &'static str {
        match self {
            EventsView::Watched => "Watched",
            EventsView::Account(v) => v.title(),
        }
    }

    /// The account view, if it is one.
    pub fn account(self) -> Option<AccountView> {
        match self {
            EventsView::Watched => None,
            EventsView::Account(v) => Some(v),
        }
    }
}

/// An account view as read so far: its pages as they came (cached until `r`), where the
/// operator is in it, and the page being asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountList {
    /// The pages read, in order (page 1 first).
    pub pages: Vec<Vec<EventView>>,
    /// How many events the view holds in all, once a page answered.
    pub total: Option<i64>,
    /// Whether a next page exists (before Kaltura's listing limit).
    pub has_more: bool,
    /// Events beyond Kaltura's 10,000-match listing limit.
    pub beyond_limit: i64,
    /// The highlighted row (over all pages).
    pub selected: usize,
    /// (tag, page) of the page being read.
    pub pending: Option<(u64, u32)>,
    /// A row to move to once the page being read arrives (`>` on the last page read).
    pub jump_to: Option<usize>,
    /// Why the last read failed, until the next one succeeds.
    pub error: Option<String>,
    /// When page 1 was last read (unix seconds).
    pub loaded_at: Option<i64>,
}

impl AccountList {
    /// Rows read so far.
    pub fn len(&self) -> usize {
        self.pages.iter().map(Vec::len).sum()
    }

    /// Whether no row is read.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every row read, in order.
    pub fn rows(&self) -> impl Iterator<Item = &EventView> {
        self.pages.iter().flatten()
    }

    /// Row `i` (over all pages).
    pub fn row(&self, i: usize) -> Option<&EventView> {
        self.rows().nth(i)
    }

    /// The highlighted row.
    pub fn selected_row(&self) -> Option<&EventView> {
        self.row(self.selected)
    }

    /// The first row of page `page` (1-based), when the pages before it are read.
    pub fn page_start(&self, page: u32) -> usize {
        self.pages
            .iter()
            .take(page.saturating_sub(1) as usize)
            .map(Vec::len)
            .sum()
    }

    /// The page (1-based) holding row `i`.
    pub fn page_of(&self, i: usize) -> u32 {
        let mut start = 0;
        for (n, page) in self.pages.iter().enumerate() {
            if i < start + page.len() {
                return n as u32 + 1;
            }
            start += page.len();
        }
        self.pages.len().max(1) as u32
    }
}

/// A line of the event log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    /// When it was noticed (unix seconds).
    pub at: i64,
    /// The text ("Town hall (0_abc) went LIVE").
    pub text: String,
}

/// An error kept in the history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorEntry {
    /// When it happened (unix seconds).
    pub at: i64,
    /// One readable sentence.
    pub text: String,
    /// How many times in a row it happened (the last at `at`).
    pub count: u32,
}

/// Background polling bookkeeping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PollState {
    /// Seconds between cycles.
    pub interval: i64,
    /// Paused by the operator.
    pub paused: bool,
    /// Tag of the poll in flight.
    pub in_flight: Option<u64>,
    /// When the next cycle is due (unix seconds).
    pub next_at: i64,
    /// When the last cycle answered successfully.
    pub last_ok: Option<i64>,
}

/// Following the journal for other kwebcasts' changes (see `update::follow`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FollowState {
    /// Tag of the journal check in flight.
    pub in_flight: Option<u64>,
    /// When the next check is due (unix seconds); one per poll interval.
    pub next_at: i64,
}

/// The search popup.
#[derive(Clone, Debug, Default)]
pub struct SearchState {
    /// What is typed.
    pub input: Input,
    /// Results, once answered.
    pub results: Option<Vec<EventView>>,
    /// Highlighted result.
    pub selected: usize,
    /// Tag of the search in flight.
    pub pending: Option<u64>,
}

/// Settling the creates the journal holds as pending: asked once at start, again later for
/// those too recent to conclude.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecoverState {
    /// Tag of the recovery in flight.
    pub in_flight: Option<u64>,
    /// When to ask again (unix seconds), if something is still pending.
    pub next_at: Option<i64>,
}

/// The short-lived status line ("copied via OSC 52").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusLine {
    /// The text.
    pub text: String,
    /// When it disappears (unix seconds).
    pub until: i64,
}

/// The whole dashboard state.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The clock, set by the event loop (fixed in tests).
    pub now: i64,
    /// The zone times are shown in.
    pub tz: TimeZone,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// Keys (and pastes) ignored since the terminal became too small: the notice counts them,
    /// so the operator knows what was typed went nowhere.
    pub ignored_keys: u32,
    /// Running against the built-in sandbox: label and simulator keys.
    pub sandbox: bool,
    /// Ring the bell on transitions.
    pub bell: bool,
    /// Colours allowed (false with NO_COLOR).
    pub color: bool,
    /// The visible tab.
    pub tab: Tab,
    /// The tab to return to from Help.
    pub back_tab: Tab,
    /// Watched events in table order.
    pub events: Vec<Watched>,
    /// Selected row.
    pub selected: usize,
    /// What the Events tab lists.
    pub view: EventsView,
    /// The account views as read so far.
    pub account_views: HashMap<AccountView, AccountList>,
    /// Watched events the service said it does not have, and since when (unix seconds): one
    /// still missing a while later leaves the board (see `update::io`).
    pub missing_since: HashMap<String, i64>,
    /// Transitions, oldest first, at most `LOG_CAP` (older ones drop off the front).
    pub log: VecDeque<LogEntry>,
    /// Compact layout: the log replaces the detail pane.
    pub show_log: bool,
    /// Polling.
    pub poll: PollState,
    /// Following the journal.
    pub follow: FollowState,
    /// Show the stream key and SRT secrets in clear.
    pub reveal_key: bool,
    /// Detail pane scroll offset (lines), reset when the selection moves.
    pub detail_scroll: u16,
    /// Signed links (with their QR codes) per event ID; set through `set_links`.
    pub links: HashMap<String, SignedLinks>,
    /// (tag, id) of the links request that is still wanted.
    pub links_pending: Option<(u64, String)>,
    /// Which link the Links tab shows.
    pub link_kind: LinkKind,
    /// What the attendee QR encodes, when the operator chose (`s`); `None`: the short link when
    /// there is one, else the full link.
    pub qr_target: Option<QrTarget>,
    /// Full-screen QR view open.
    pub qr_fullscreen: bool,
    /// Studio tab scroll offset (lines), reset when the selection moves.
    pub studio_scroll: u16,
    /// Studio details per event ID.
    pub studio: HashMap<String, StudioView>,
    /// (tag, id) of the Studio request that is still wanted.
    pub studio_pending: Option<(u64, String)>,
    /// The create form.
    pub form: CreateForm,
    /// The search popup, when open.
    pub search: Option<SearchState>,
    /// Error history, oldest first.
    pub errors: Vec<ErrorEntry>,
    /// The newest error is shown in the error bar until dismissed.
    pub error_visible: bool,
    /// The error history popup is open.
    pub show_errors: bool,
    /// Help screen scroll offset (lines).
    pub help_scroll: u16,
    /// Where logs go, for the help screen.
    pub log_file: Option<String>,
    /// Which account the board talks to, for the header.
    pub account: Option<String>,
    /// Set when an `http://` URL to another machine is in use (`allow_insecure_http`): the
    /// header says so for as long as the board is open.
    pub insecure: Option<String>,
    /// Short-lived feedback.
    pub status: Option<StatusLine>,
    /// A live action's question (y/N) or the recordings picker, open over the board.
    pub prompt: Option<Prompt>,
    /// (tag, entry ID) of the live action being sent: one at a time.
    pub action_pending: Option<(u64, String)>,
    /// (tag, entry ID) of the edit load, delete or forget in flight (`e`, `D`, `F`): one at a
    /// time.
    pub manage_pending: Option<(u64, String)>,
    /// Next request tag.
    pub next_tag: u64,
    /// Random, per run: the references of this board's creates are derived from it, so a
    /// create's reference is known (and shown) before it is sent.
    pub reference_seed: String,
    /// Interrupted creates being settled.
    pub recover: RecoverState,
    /// The operator asked to quit while a create is in flight: the y/N question is open.
    pub confirm_quit: bool,
    /// The watchdog's knobs (grace, recording wait).
    pub watchdog: WatchdogConfig,
    /// Which alerts each event had at its last poll: each new one is logged once.
    pub alert_tracker: AlertTracker,
    /// Events with alerts first (`!`); the table keeps this order after every poll.
    pub alerts_first: bool,
    /// The table's order before `!` sorted it, restored when it is pressed again.
    pub order_before_sort: Option<Vec<String>>,
    /// Audience, ingest and the realtime graph of the live events.
    pub live: LiveState,
    /// Set when the operator quits.
    pub quit: bool,
}

/// Lines the event log keeps; a board open for days must not grow without bound.
pub const LOG_CAP: usize = 500;

/// Start-up parameters of the state, separate from the terminal and the IO.
#[derive(Clone, Debug)]
pub struct StateConfig {
    /// Sandbox mode.
    pub sandbox: bool,
    /// Bell on transitions.
    pub bell: bool,
    /// Colours allowed.
    pub color: bool,
    /// Poll interval in seconds (at least 1).
    pub poll_secs: i64,
    /// Event IDs to watch at start.
    pub watch: Vec<String>,
    /// Where logs go, for the help screen.
    pub log_file: Option<String>,
    /// Which account the board talks to ("partner 123 @ www.kaltura.com"), for the header.
    pub account: Option<String>,
    /// Random text the board's create references are made from (see `AppState::reference_seed`).
    pub reference_seed: String,
    /// What the header warns about while open ("http:// to kaltura.example.edu"), if anything.
    pub insecure: Option<String>,
    /// Problems found before the board opened (unreadable journal lines, an insecure URL),
    /// shown once in the error bar and kept in the error history.
    pub notices: Vec<String>,
    /// What happened to the board before it opened (events of a reset sandbox that left it),
    /// for the event log and, the first of them, the status line.
    pub log: Vec<String>,
    /// The watchdog's knobs.
    pub watchdog: WatchdogConfig,
    /// Seconds between two reads of the selected live event's realtime audience graph.
    pub viewers_secs: i64,
}

impl AppState {
    /// A fresh state at time `now`; the first poll is due at once.
    pub fn new(cfg: StateConfig, now: i64, tz: TimeZone, size: (u16, u16)) -> Self {
        let mut events: Vec<Watched> = Vec::new();
        for id in cfg.watch {
            if !events.iter().any(|w| w.id == id) {
                events.push(Watched { id, view: None });
            }
        }
        let form = CreateForm::new(now, &tz);
        let mut state = AppState {
            now,
            tz,
            size,
            ignored_keys: 0,
            sandbox: cfg.sandbox,
            bell: cfg.bell,
            color: cfg.color,
            tab: Tab::Events,
            back_tab: Tab::Events,
            events,
            selected: 0,
            view: EventsView::Watched,
            account_views: HashMap::new(),
            missing_since: HashMap::new(),
            log: VecDeque::new(),
            show_log: false,
            poll: PollState {
                interval: cfg.poll_secs.max(1),
                paused: false,
                in_flight: None,
                next_at: now,
                last_ok: None,
            },
            follow: FollowState::default(),
            reveal_key: false,
            detail_scroll: 0,
            links: HashMap::new(),
            links_pending: None,
            link_kind: LinkKind::Attendee,
            qr_target: None,
            qr_fullscreen: false,
            studio_scroll: 0,
            studio: HashMap::new(),
            studio_pending: None,
            form,
            search: None,
            errors: Vec::new(),
            error_visible: false,
            show_errors: false,
            help_scroll: 0,
            log_file: cfg.log_file,
            account: cfg.account,
            insecure: cfg.insecure,
            status: None,
            prompt: None,
            action_pending: None,
            manage_pending: None,
            next_tag: 1,
            reference_seed: cfg.reference_seed,
            recover: RecoverState::default(),
            confirm_quit: false,
            watchdog: cfg.watchdog,
            alert_tracker: AlertTracker::default(),
            alerts_first: false,
            order_before_sort: None,
            live: LiveState::new(cfg.viewers_secs),
            quit: false,
        };
        for notice in cfg.notices {
            state.push_error(notice);
        }
        if let Some(first) = cfg.log.first() {
            state.set_status(first.clone());
        }
        for line in cfg.log {
            state.push_log(line);
        }
        state
    }

    /// The account view shown, if the Events tab shows one.
    pub fn account_view(&self) -> Option<AccountView> {
        self.view.account()
    }

    /// The list of an account view (empty until read).
    pub fn account_list(&self, view: AccountView) -> Option<&AccountList> {
        self.account_views.get(&view)
    }

    /// The event the Events tab highlights: the board's selection, or the account view's.
    pub fn shown_event(&self) -> Option<&EventView> {
        match self.account_view() {
            None => self.selected_event().and_then(|w| w.view.as_ref()),
            Some(v) => self.account_list(v).and_then(AccountList::selected_row),
        }
    }

    /// Whether `id` is on the board.
    pub fn is_watched(&self, id: &str) -> bool {
        self.events.iter().any(|w| w.id == id)
    }

    /// The reference of the create with request tag `tag`: unique per run and per create.
    pub fn create_reference(&self, tag: u64) -> String {
        format!("kwebcast-{}-{tag}", self.reference_seed)
    }

    /// Stores an event's fresh links, encoding their QR codes once.
    pub fn set_links(&mut self, id: String, links: LinksView) {
        self.links.insert(id, SignedLinks::new(links));
    }

    /// Appends to the event log, dropping the oldest line beyond `LOG_CAP`.
    pub fn push_log(&mut self, text: String) {
        self.log.push_back(LogEntry { at: self.now, text });
        while self.log.len() > LOG_CAP {
            self.log.pop_front();
        }
    }

    /// Takes event `id` off the board with everything the board kept for it (links, Studio
    /// details, live history, alerts, missing watch). The selected event stays selected when
    /// a row above it leaves; when the selected one leaves, the row that moves into its place
    /// starts with its key masked and its panes at their top.
    pub fn drop_watched(&mut self, id: &str) -> Option<Watched> {
        let index = self.events.iter().position(|w| w.id == id)?;
        let w = self.events.remove(index);
        if index < self.selected {
            self.selected -= 1;
        } else if index == self.selected {
            self.reveal_key = false;
            self.detail_scroll = 0;
            self.studio_scroll = 0;
        }
        self.selected = self.selected.min(self.events.len().saturating_sub(1));
        self.links.remove(id);
        self.studio.remove(id);
        self.live.forget(id);
        self.alert_tracker.forget(id);
        self.missing_since.remove(id);
        Some(w)
    }

    /// A new request tag.
    pub fn tag(&mut self) -> u64 {
        let t = self.next_tag;
        self.next_tag += 1;
        t
    }

    /// The selected watched event, if any.
    pub fn selected_event(&self) -> Option<&Watched> {
        self.events.get(self.selected)
    }

    /// The selected event's status, if polled.
    pub fn selected_status(&self) -> Option<Status> {
        self.selected_event()
            .and_then(|w| w.view.as_ref())
            .map(|v| v.status)
    }

    /// Records an error for the bar and the history. The same error again (a poll failing every
    /// cycle while the network is down) is counted, not repeated, and does not bring back a bar
    /// the operator dismissed.
    pub fn push_error(&mut self, text: impl Into<String>) {
        let text = text.into();
        if let Some(last) = self.errors.last_mut().filter(|e| e.text == text) {
            last.count += 1;
            last.at = self.now;
            return;
        }
        self.errors.push(ErrorEntry {
            at: self.now,
            text,
            count: 1,
        });
        if self.errors.len() > 200 {
            self.errors.remove(0);
        }
        self.error_visible = true;
    }

    /// Shows a short-lived status message.
    pub fn set_status(&mut self, text: impl Into<String>) {
        self.status = Some(StatusLine {
            text: text.into(),
            until: self.now + 6,
        });
    }
}
