//! The keymap, declared once: it drives key handling, the footer hints and the help screen, so
//! the three can never disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere except while typing in a text field.
    Global,
    /// The Events tab.
    Events,
    /// The Events tab showing one of the account's views (Upcoming, Live now, Past): these
    /// keys first, then the Events ones.
    Views,
    /// The Create tab (form keys; printable keys type into the focused field).
    Create,
    /// The Links tab.
    Links,
    /// The Studio tab.
    Studio,
}

impl Scope {
    /// Heading on the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Everywhere",
            Scope::Events => "Events",
            Scope::Views => "Account views (Upcoming, Live now, Past)",
            Scope::Create => "Create (form)",
            Scope::Links => "Links",
            Scope::Studio => "Studio",
        }
    }
}

/// What a key does; `update` interprets these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Leave the dashboard.
    Quit,
    /// Show the next tab.
    NextTab,
    /// Show the previous tab.
    PrevTab,
    /// Show the Events tab.
    TabEvents,
    /// Show the Create form.
    TabCreate,
    /// Show the Links tab.
    TabLinks,
    /// Show the Studio tab.
    TabStudio,
    /// Show the help screen.
    Help,
    /// Dismiss the error bar, or leave the form.
    Dismiss,
    /// Open the error history.
    ErrorHistory,
    /// Select the previous event (or scroll help).
    Up,
    /// Select the next event (or scroll help).
    Down,
    /// Select the first event.
    Top,
    /// Select the last event.
    Bottom,
    /// Poll now.
    Refresh,
    /// Pause or resume background polling.
    TogglePause,
    /// Open the account search.
    Search,
    /// Stop watching the selected event.
    Unwatch,
    /// Edit the selected event in the Create form.
    EditEvent,
    /// Delete the selected event from Kaltura (asks first).
    DeleteEvent,
    /// Drop the selected event from the board and the journal (asks first).
    ForgetEvent,
    /// Show the next list on the Events tab (Watched → Upcoming → Live now → Past).
    NextView,
    /// Show the previous list on the Events tab.
    PrevView,
    /// Add the highlighted event of an account view to the board.
    WatchSelected,
    /// Go to the next page of an account view (reading it if needed).
    NextPage,
    /// Go to the previous page of an account view.
    PrevPage,
    /// Show or mask ingest secrets.
    RevealKey,
    /// Scroll the detail pane down.
    DetailDown,
    /// Scroll the detail pane up.
    DetailUp,
    /// Swap the detail pane for the event log (compact layout).
    ToggleLog,
    /// Put the events with alerts at the top of the table, or back in their order.
    ToggleAlertSort,
    /// Sandbox: connect the simulated encoder.
    Broadcast,
    /// Go Live: let attendees in (asks first).
    GoLive,
    /// End the event for attendees (asks first).
    EndLive,
    /// Pause the recording while live, or resume it (asks first).
    ToggleRecording,
    /// Choose a recording to send viewers to, or stop sending them (asks first).
    SendToRecording,
    /// Sandbox: connect a simulated backup encoder.
    BroadcastBackup,
    /// Sandbox: disconnect the simulated primary encoder (a failover when a backup is on).
    DisconnectPrimary,
    /// Sandbox: disconnect the simulated backup encoder.
    DisconnectBackup,
    /// Switch between the attendee and the moderator link.
    ToggleLinkKind,
    /// Show the QR code full screen.
    FullscreenQr,
    /// Cycle what the attendee QR encodes: short link, full link, link without a KS.
    CycleQrTarget,
    /// Copy the shown link or launch URL.
    Copy,
    /// Focus the next form field.
    NextField,
    /// Focus the previous form field.
    PrevField,
    /// Create the event from the form.
    Submit,
    /// Start a fresh form.
    ClearForm,
}

/// One key: a code and the modifiers that must be held (Shift is ignored for characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    /// The key code.
    pub code: KeyCode,
    /// Control/Alt modifiers required.
    pub mods: KeyModifiers,
}

const fn ch(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::NONE,
    }
}
const fn code(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

impl Key {
    /// Whether a terminal key event is this key. Shift is part of the character itself.
    pub fn matches(&self, ev: &KeyEvent) -> bool {
        let relevant = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let mods_ok = relevant == self.mods;
        match (self.code, ev.code) {
            (KeyCode::Char(a), KeyCode::Char(b)) => mods_ok && a == b,
            (KeyCode::BackTab, KeyCode::BackTab) => true,
            (a, b) => mods_ok && a == b,
        }
    }

    /// How the key is spelled in hints and help.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }
}

/// One declared binding.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    /// Where it applies.
    pub scope: Scope,
    /// The keys that trigger it (first one is shown in the footer).
    pub keys: &'static [Key],
    /// What it does.
    pub action: Action,
    /// Short footer hint ("refresh").
    pub hint: &'static str,
    /// Longer help-screen text.
    pub help: &'static str,
    /// Shown in the footer (the help screen always lists it).
    pub footer: bool,
    /// Only meaningful against the sandbox.
    pub sandbox_only: bool,
}

const fn b(
    scope: Scope,
    keys: &'static [Key],
    action: Action,
    hint: &'static str,
    help: &'static str,
    footer: bool,
) -> Binding {
    Binding {
        scope,
        keys,
        action,
        hint,
        help,
        footer,
        sandbox_only: false,
    }
}

const fn sb(
    scope: Scope,
    keys: &'static [Key],
    action: Action,
    hint: &'static str,
    help: &'static str,
) -> Binding {
    Binding {
        scope,
        keys,
        action,
        hint,
        help,
        footer: true,
        sandbox_only: true,
    }
}

/// A sandbox-only binding listed in the help but kept out of the footer (it has no room for
/// every simulator key).
const fn sb_help(
    scope: Scope,
    keys: &'static [Key],
    action: Action,
    hint: &'static str,
    help: &'static str,
) -> Binding {
    Binding {
        footer: false,
        ..sb(scope, keys, action, hint, help)
    }
}

use Action as A;
use Scope as S;

/// Every binding of the dashboard, in help-screen order.
pub const BINDINGS: &[Binding] = &[
    b(
        S::Global,
        &[ch('q')],
        A::Quit,
        "quit",
        "Quit (Ctrl-C works everywhere, Ctrl-Z suspends)",
        true,
    ),
    b(
        S::Global,
        &[code(KeyCode::Tab), code(KeyCode::Right), ch('l')],
        A::NextTab,
        "next tab",
        "Next tab",
        false,
    ),
    b(
        S::Global,
        &[code(KeyCode::BackTab), code(KeyCode::Left), ch('h')],
        A::PrevTab,
        "prev tab",
        "Previous tab",
        false,
    ),
    b(
        S::Global,
        &[ch('1')],
        A::TabEvents,
        "events",
        "Events tab",
        false,
    ),
    b(
        S::Global,
        &[ch('2'), ch('n')],
        A::TabCreate,
        "create",
        "Create tab (new event)",
        false,
    ),
    b(
        S::Global,
        &[ch('3'), ch('L')],
        A::TabLinks,
        "links",
        "Links tab for the selected event",
        false,
    ),
    b(
        S::Global,
        &[ch('4'), ch('S')],
        A::TabStudio,
        "studio",
        "Studio tab for the selected event",
        false,
    ),
    b(
        S::Global,
        &[ch('?'), code(KeyCode::F(1))],
        A::Help,
        "help",
        "This help (Esc or ? closes it)",
        true,
    ),
    b(
        S::Global,
        &[code(KeyCode::Esc)],
        A::Dismiss,
        "dismiss",
        "Dismiss the error bar / close a view",
        false,
    ),
    b(
        S::Global,
        &[ch('E')],
        A::ErrorHistory,
        "errors",
        "Error history",
        false,
    ),
    b(
        S::Global,
        &[code(KeyCode::Down), ch('j')],
        A::Down,
        "down",
        "Select the next event",
        false,
    ),
    b(
        S::Global,
        &[code(KeyCode::Up), ch('k')],
        A::Up,
        "up",
        "Select the previous event",
        false,
    ),
    b(
        S::Events,
        &[code(KeyCode::Home), ch('g')],
        A::Top,
        "first",
        "First event",
        false,
    ),
    b(
        S::Events,
        &[code(KeyCode::End), ch('G')],
        A::Bottom,
        "last",
        "Last event",
        false,
    ),
    b(
        S::Events,
        &[ch('v')],
        A::GoLive,
        "go live",
        "Go Live: let attendees in (asks first)",
        true,
    ),
    b(
        S::Events,
        &[ch('x')],
        A::EndLive,
        "end",
        "End the event for attendees (asks first)",
        true,
    ),
    b(
        S::Events,
        &[ch('r')],
        A::Refresh,
        "refresh",
        "Poll all watched events now",
        true,
    ),
    b(
        S::Events,
        &[ch('p')],
        A::TogglePause,
        "pause",
        "Pause / resume background polling",
        true,
    ),
    b(
        S::Events,
        &[ch('/')],
        A::Search,
        "search",
        "Search the account by name or entry ID and watch a result",
        true,
    ),
    b(
        S::Events,
        &[ch('R')],
        A::ToggleRecording,
        "rec pause",
        "Pause / resume the recording while live (asks first)",
        true,
    ),
    b(
        S::Events,
        &[ch('V')],
        A::SendToRecording,
        "to recording",
        "Send viewers to a recording, or stop it (asks first)",
        true,
    ),
    b(
        S::Events,
        &[ch('d')],
        A::Unwatch,
        "unwatch",
        "Stop watching the selected event (the journal keeps it)",
        false,
    ),
    b(
        S::Events,
        &[ch('e')],
        A::EditEvent,
        "edit",
        "Edit the selected event: name, description, schedule, presenter, recording (Ctrl-S saves)",
        true,
    ),
    b(
        S::Events,
        &[ch('D')],
        A::DeleteEvent,
        "delete",
        "Delete the selected event from Kaltura (asks first, naming its recordings)",
        false,
    ),
    b(
        S::Events,
        &[ch('F')],
        A::ForgetEvent,
        "forget",
        "Forget the selected event: off the board and the journal, Kaltura untouched (asks first)",
        false,
    ),
    b(
        S::Events,
        &[ch(']')],
        A::NextView,
        "view",
        "Next list: Watched → Upcoming → Live now → Past (the account's webcasts)",
        true,
    ),
    b(
        S::Events,
        &[ch('[')],
        A::PrevView,
        "prev view",
        "Previous list",
        false,
    ),
    b(
        S::Events,
        &[ch('K')],
        A::RevealKey,
        "reveal key",
        "Reveal / mask the stream key and SRT secrets",
        true,
    ),
    b(
        S::Events,
        &[code(KeyCode::PageDown), ch('J')],
        A::DetailDown,
        "scroll details",
        "Scroll the detail pane down",
        false,
    ),
    b(
        S::Events,
        &[code(KeyCode::PageUp), ch('U')],
        A::DetailUp,
        "scroll details up",
        "Scroll the detail pane up",
        false,
    ),
    b(
        S::Events,
        &[ch('o')],
        A::ToggleLog,
        "log",
        "Show the event log instead of the detail pane (compact layout)",
        true,
    ),
    b(
        S::Events,
        &[ch('!')],
        A::ToggleAlertSort,
        "alerts first",
        "Events with alerts (⚠) first, then warnings (△); again for the usual order",
        false,
    ),
    sb(
        S::Events,
        &[ch('b')],
        A::Broadcast,
        "encoder on",
        "Sandbox: the simulated encoder connects (PREVIEW)",
    ),
    sb_help(
        S::Events,
        &[ch('B')],
        A::BroadcastBackup,
        "backup",
        "Sandbox: connect a backup encoder (the backup ingest point)",
    ),
    sb_help(
        S::Events,
        &[ch('z')],
        A::DisconnectPrimary,
        "drop primary",
        "Sandbox: disconnect the primary encoder (the backup takes over; without one the session ends)",
    ),
    sb_help(
        S::Events,
        &[ch('Z')],
        A::DisconnectBackup,
        "drop backup",
        "Sandbox: disconnect the backup encoder",
    ),
    b(
        S::Views,
        &[ch('w')],
        A::WatchSelected,
        "watch",
        "Watch the highlighted event: it joins the board (and the journal, for the next start)",
        true,
    ),
    b(
        S::Views,
        &[ch(']')],
        A::NextView,
        "view",
        "Next list: Watched → Upcoming → Live now → Past",
        true,
    ),
    b(
        S::Views,
        &[ch('[')],
        A::PrevView,
        "prev view",
        "Previous list",
        false,
    ),
    b(
        S::Views,
        &[ch('>')],
        A::NextPage,
        "next page",
        "Next page of 50 (read from Kaltura when first shown; ↓ past the last row does too)",
        true,
    ),
    b(
        S::Views,
        &[ch('<')],
        A::PrevPage,
        "prev page",
        "Previous page",
        false,
    ),
    b(
        S::Views,
        &[ch('r')],
        A::Refresh,
        "refresh",
        "Read the list again from its first page (lists are read when shown, never polled)",
        true,
    ),
    b(
        S::Views,
        &[ch('/')],
        A::Search,
        "search",
        "Search the account by name or entry ID and watch a result",
        true,
    ),
    b(
        S::Views,
        &[ch('o')],
        A::ToggleLog,
        "log",
        "Show the event log instead of the detail pane (compact layout)",
        true,
    ),
    b(
        S::Links,
        &[ch('t'), ch('m')],
        A::ToggleLinkKind,
        "attendee/moderator",
        "Switch between the attendee and the moderator link",
        true,
    ),
    b(
        S::Links,
        &[ch('s')],
        A::CycleQrTarget,
        "QR short/full",
        "Switch what the attendee QR encodes: short link, full link, link without KS (public entries)",
        true,
    ),
    b(
        S::Links,
        &[ch('f')],
        A::FullscreenQr,
        "full-screen QR",
        "Full-screen QR code (Esc closes)",
        true,
    ),
    b(
        S::Links,
        &[ch('c')],
        A::Copy,
        "copy",
        "Copy the shown link",
        true,
    ),
    b(
        S::Studio,
        &[ch('c')],
        A::Copy,
        "copy launch URL",
        "Copy the Studio launch URL",
        true,
    ),
    b(
        S::Studio,
        &[code(KeyCode::PageDown), ch('J')],
        A::DetailDown,
        "scroll",
        "Scroll the Studio details down (parameters, launch URL)",
        false,
    ),
    b(
        S::Studio,
        &[code(KeyCode::PageUp), ch('U')],
        A::DetailUp,
        "scroll up",
        "Scroll the Studio details up",
        false,
    ),
    b(
        S::Create,
        &[code(KeyCode::Tab), code(KeyCode::Down)],
        A::NextField,
        "next field",
        "Next field",
        true,
    ),
    b(
        S::Create,
        &[code(KeyCode::BackTab), code(KeyCode::Up)],
        A::PrevField,
        "prev field",
        "Previous field",
        false,
    ),
    b(
        S::Create,
        &[ctrl('s')],
        A::Submit,
        "create",
        "Create the event, or save the edited one (Enter on the last field does too)",
        true,
    ),
    b(
        S::Create,
        &[ctrl('r')],
        A::ClearForm,
        "clear",
        "Clear the form for another event",
        false,
    ),
    b(
        S::Create,
        &[code(KeyCode::Esc)],
        A::Dismiss,
        "back",
        "Leave the form (its content is kept)",
        true,
    ),
];

/// The first key of the first binding of `action`, as hints spell it (`v` for Go Live).
pub fn key_for(action: Action) -> Option<String> {
    BINDINGS
        .iter()
        .find(|b| b.action == action)
        .map(|b| b.keys[0].label())
}

/// The action bound to `ev` in `scope` (scope first, then global), honouring sandbox-only keys.
pub fn lookup(scope: Scope, ev: &KeyEvent, sandbox: bool) -> Option<Action> {
    let find = |s: Scope| {
        BINDINGS
            .iter()
            .filter(|b| b.scope == s && (sandbox || !b.sandbox_only))
            .find(|b| b.keys.iter().any(|k| k.matches(ev)))
            .map(|b| b.action)
    };
    find(scope)
        .or_else(|| {
            (scope == Scope::Views)
                .then(|| find(Scope::Events))
                .flatten()
        })
        .or_else(|| {
            if scope == Scope::Create {
                None
            } else {
                find(Scope::Global)
            }
        })
}

/// The footer's word for a binding right now: the pause key says what it will do, so it reads
/// "resume" while polling is paused.
fn current_hint(b: &Binding, paused: bool) -> &'static str {
    match b.action {
        Action::TogglePause if paused => "resume",
        _ => b.hint,
    }
}

/// Footer hints for a scope: (key label, hint), scope bindings first, then global ones;
/// `paused` is whether background polling is paused.
pub fn footer_hints(scope: Scope, sandbox: bool, paused: bool) -> Vec<(String, &'static str)> {
    // Sandbox keys first: they are what a new user needs to see the lifecycle, and the footer
    // drops hints from the end of the scope's list when the terminal is narrow.
    let scoped = BINDINGS
        .iter()
        .filter(|b| b.scope == scope && b.sandbox_only)
        .chain(
            BINDINGS
                .iter()
                .filter(|b| b.scope == scope && !b.sandbox_only),
        );
    let global = BINDINGS
        .iter()
        .filter(|b| b.scope == Scope::Global && !matches!(scope, Scope::Create | Scope::Global));
    scoped
        .chain(global)
        .filter(|b| b.footer && (sandbox || !b.sandbox_only))
        .map(|b| (b.keys[0].label(), current_hint(b, paused)))
        .collect()
}

/// Help lines grouped by scope: (scope title, [(keys, help)]).
pub fn help_sections(sandbox: bool) -> Vec<(&'static str, Vec<(String, &'static str)>)> {
    [
        Scope::Global,
        Scope::Events,
        Scope::Views,
        Scope::Create,
        Scope::Links,
        Scope::Studio,
    ]
    .into_iter()
    .map(|scope| {
        let lines = BINDINGS
            .iter()
            .filter(|b| b.scope == scope && (sandbox || !b.sandbox_only))
            .map(|b| {
                let keys: Vec<String> = b.keys.iter().map(Key::label).collect();
                (keys.join(" "), b.help)
            })
            .collect();
        (scope.title(), lines)
    })
    .collect()
}
