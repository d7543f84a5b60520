//! The Events tab (home): the watched events table (or one of the account's views, drawn by
//! `tabs::views`), the highlighted event's details and the transition log. Wide terminals show
//! details and log side by side; 80×24 toggles them (`o`).

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, Wrap};

use crate::tui::fmt::{ago, alert_todo, clip, clock, datetime, hour, mask, when};
use crate::tui::state::AppState;
use crate::tui::theme::Theme;
use crate::tui::view::{EventView, Status, StreamHealth};
use crate::tui::widgets::scroll;
use crate::webcast::Severity;
use crate::webcast::audience::{self, thousands};
use crate::webcast::health::Node;

/// Whether the terminal is big enough for details and log side by side.
pub fn is_wide(state: &AppState) -> bool {
    state.size.0 >= 110 && state.size.1 >= 30
}

/// Rows of the list shown (the board, or the account view read so far).
fn rows_len(state: &AppState) -> usize {
    match state.account_view() {
        None => state.events.len(),
        Some(v) => state.account_list(v).map_or(0, |l| l.len()),
    }
}

/// The highlighted row of the list shown.
fn shown_selected(state: &AppState) -> usize {
    match state.account_view() {
        None => state.selected,
        Some(v) => state.account_list(v).map_or(0, |l| l.selected),
    }
}

fn table_height(state: &AppState, body_height: u16) -> u16 {
    let rows = u16::try_from(rows_len(state)).unwrap_or(u16::MAX);
    rows.saturating_add(3).clamp(5, body_height / 2)
}

/// First row shown in a table with room for `visible` rows: the selection stays in view.
pub(super) fn first_row(state: &AppState, visible: usize) -> usize {
    (shown_selected(state) + 1).saturating_sub(visible)
}

/// The event drawn at screen row `y` when the body starts at `body_top` (for mouse clicks);
/// mirrors `draw`.
pub fn row_at(state: &AppState, body_top: u16, body_height: u16, y: u16) -> Option<usize> {
    let table_h = table_height(state, body_height);
    let first_data = body_top + 2;
    let visible = table_h.saturating_sub(3) as usize;
    if y < first_data || y >= first_data + visible as u16 {
        return None;
    }
    let index = first_row(state, visible) + (y - first_data) as usize;
    (index < rows_len(state)).then_some(index)
}

/// Draws the tab.
pub fn draw(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    let table_h = table_height(state, area.height);
    let [top, bottom] =
        Layout::vertical([Constraint::Length(table_h), Constraint::Fill(1)]).areas(area);
    draw_table(f, top, state, theme);
    if is_wide(state) {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Fill(1)]).areas(bottom);
        draw_detail(f, left, state, theme);
        draw_log(f, right, state, theme);
    } else if state.show_log {
        draw_log(f, bottom, state, theme);
    } else {
        draw_detail(f, bottom, state, theme);
    }
}

/// The table's columns. When the terminal is narrow they are dropped in [`DROP_ORDER`] until
/// the Name column keeps [`NAME_MIN`] columns; Name and State are never dropped (an operator
/// reads which event is in which state before anything else).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// The selection marker.
    Marker,
    /// The event name (takes the room left).
    Name,
    /// The live entry ID.
    Id,
    /// Symbol and word.
    State,
    /// The watchdog's most important alert (symbol and words, e.g. `⚠ late start`).
    Alerts,
    /// Viewers now, while LIVE.
    Viewers,
    /// The ingest mark (`P● B—`).
    Ingest,
    /// How long the state has lasted.
    Since,
    /// What attendee links play.
    Audience,
    /// How old the row's data is (the header says when the board last polled).
    Polled,
    /// When the event starts (account views).
    Starts,
    /// When the event ended (Past).
    Ended,
    /// Its recordings (Past).
    Recordings,
    /// Whether it is on the board (account views).
    Board,
}

/// Least useful first: the ingest mark and the viewers (the detail pane has both, in words),
/// the poll age (the header shows polling), how long the state has lasted (the detail pane says
/// since when), what attendees get (the detail pane says it too), the entry ID (in the detail
/// pane's title), and last the watchdog's alerts (what the operator must act on; the table's
/// title counts them too).
pub const DROP_ORDER: [Column; 7] = [
    Column::Ingest,
    Column::Viewers,
    Column::Polled,
    Column::Since,
    Column::Audience,
    Column::Id,
    Column::Alerts,
];

/// The narrowest Name column kept before another column is dropped.
pub const NAME_MIN: u16 = 16;

/// The Alerts column: the longest label (`⚠ encoder lost`) whole.
const ALERTS_WIDTH: u16 = 14;

pub(super) fn fixed_width(c: Column, wide: bool) -> u16 {
    match c {
        Column::Starts | Column::Ended => 12,
        Column::Recordings => 10,
        Column::Board => 5,
        Column::Marker => 1,
        Column::Name => 0,
        Column::Id => 10,
        Column::State => 17,
        Column::Alerts => ALERTS_WIDTH,
        Column::Viewers => 7,
        Column::Ingest => 6,
        Column::Since => 5,
        Column::Audience => {
            if wide {
                22
            } else {
                15
            }
        }
        Column::Polled => 7,
    }
}

/// The columns drawn in a table `inner_width` columns wide (inside its border), in order; the
/// Alerts column only while some event has an alert or a warning (`alerts`).
pub fn columns(inner_width: u16, wide: bool, alerts: bool) -> Vec<Column> {
    let mut cols = vec![
        Column::Marker,
        Column::Name,
        Column::Id,
        Column::State,
        Column::Alerts,
        Column::Viewers,
        Column::Ingest,
        Column::Since,
        Column::Audience,
        Column::Polled,
    ];
    if !alerts {
        cols.retain(|c| *c != Column::Alerts);
    }
    fit(cols, &DROP_ORDER, inner_width, wide)
}

/// Drops columns of `cols` in `drop_order` until Name keeps [`NAME_MIN`] columns.
pub(super) fn fit(
    mut cols: Vec<Column>,
    drop_order: &[Column],
    inner_width: u16,
    wide: bool,
) -> Vec<Column> {
    let name_room = |cols: &[Column]| {
        let fixed: u16 = cols.iter().map(|c| fixed_width(*c, wide)).sum();
        let gaps = cols.len().saturating_sub(1) as u16;
        inner_width.saturating_sub(fixed + gaps)
    };
    for drop in drop_order {
        if name_room(&cols) >= NAME_MIN {
            break;
        }
        cols.retain(|c| c != drop);
    }
    cols
}

pub(super) fn title(c: Column) -> &'static str {
    match c {
        Column::Marker => "",
        Column::Name => "Name",
        Column::Id => "Entry ID",
        Column::State => "State",
        Column::Alerts => "Alerts",
        Column::Viewers => "Viewers",
        Column::Ingest => "Ingest",
        Column::Since => "Since",
        Column::Audience => "Attendees get",
        Column::Polled => "Polled",
        Column::Starts => "Starts",
        Column::Ended => "Ended",
        Column::Recordings => "Recordings",
        Column::Board => "Board",
    }
}

/// One cell of a row: `view` is `None` for a watched event not polled yet.
pub(super) fn cell(
    c: Column,
    id: &str,
    view: Option<&EventView>,
    state: &AppState,
    selected: bool,
    wide: bool,
    theme: Theme,
) -> Cell<'static> {
    let marker = if selected { "▶" } else { " " };
    let Some(v) = view else {
        return Cell::from(match c {
            Column::Marker => marker.to_string(),
            Column::Name => "…".into(),
            Column::Id => id.to_string(),
            Column::State => "… not polled yet".into(),
            _ => "-".into(),
        });
    };
    match c {
        Column::Marker => Cell::from(marker),
        Column::Name => Cell::from(v.name.clone()),
        Column::Id => Cell::from(v.id.clone()),
        Column::State => Cell::from(format!("{} {}", v.status.symbol(), v.status.word()))
            .style(theme.status(v.status)),
        Column::Alerts => alerts_cell(v, theme),
        Column::Viewers => {
            let n = v.viewers.map_or_else(|| "-".to_string(), thousands);
            Cell::from(Line::from(n).alignment(Alignment::Right))
        }
        Column::Ingest => Cell::from(
            v.health
                .as_ref()
                .filter(|h| !h.is_empty())
                .map_or_else(|| "-".to_string(), StreamHealth::mark),
        ),
        Column::Since => Cell::from(
            v.since
                .map(|t| ago(state.now, t))
                .unwrap_or_else(|| "-".into()),
        ),
        Column::Audience => Cell::from(if wide {
            v.audience.clone()
        } else {
            v.audience.replacen("recording ", "rec. ", 1)
        }),
        Column::Polled => Cell::from(format!("{} ago", ago(state.now, v.polled_at))),
        Column::Starts => Cell::from(match v.schedule() {
            Some((start, end)) if start <= state.now && state.now < end => {
                format!("now, {}", hour(start, &state.tz))
            }
            Some((start, _)) => when(start, &state.tz),
            None => "-".into(),
        }),
        Column::Ended => Cell::from(
            v.schedule()
                .map_or_else(|| "-".into(), |(_, e)| when(e, &state.tz)),
        ),
        Column::Recordings => Cell::from(recordings_word(v)),
        Column::Board => Cell::from(if state.is_watched(&v.id) { "✓" } else { "" }),
    }
}

/// A Past row's recordings in a word or two: "2 ready", "processing", "none".
fn recordings_word(v: &EventView) -> String {
    let recs = &v.detail.recordings;
    let ready = recs.iter().filter(|r| r.status == "READY").count();
    match (ready, recs.len()) {
        (0, 0) => "none".into(),
        (0, _) => "processing".into(),
        (n, _) => format!("{n} ready"),
    }
}

/// The most important alert's label; more are said by a `+N` when it fits, else by `…`.
fn alerts_cell(v: &EventView, theme: Theme) -> Cell<'static> {
    let Some(first) = v.alerts.first() else {
        return Cell::from("");
    };
    let mut text = first.kind.label();
    if v.alerts.len() > 1 {
        text.push_str(&format!(" +{}", v.alerts.len() - 1));
    }
    Cell::from(clip(&text, ALERTS_WIDTH as usize)).style(theme.alert(first.severity()))
}

/// `⚠ 2 alerts · △ 1 warning · alerts first`: what the board's alerts add to its title, when
/// there is any and it fits in `room` columns; on a narrow board the short form `⚠2 △1 !`
/// (never a word cut in half), and nothing when even that does not fit (the Alerts column and
/// the detail pane still say it).
fn alert_summary(state: &AppState, room: usize) -> Option<String> {
    let (mut alerts, mut warnings) = (0, 0);
    for a in state
        .events
        .iter()
        .filter_map(|w| w.view.as_ref())
        .flat_map(|v| &v.alerts)
    {
        match a.severity() {
            Severity::Alert => alerts += 1,
            Severity::Warning => warnings += 1,
        }
    }
    let (mut long, mut short) = (Vec::new(), Vec::new());
    if alerts > 0 {
        let symbol = Severity::Alert.symbol();
        long.push(format!("{symbol} {alerts} alert{}", plural(alerts)));
        short.push(format!("{symbol}{alerts}"));
    }
    if warnings > 0 {
        let symbol = Severity::Warning.symbol();
        long.push(format!("{symbol} {warnings} warning{}", plural(warnings)));
        short.push(format!("{symbol}{warnings}"));
    }
    if state.alerts_first {
        long.push("alerts first".into());
        short.push("!".into());
    }
    if long.is_empty() {
        return None;
    }
    [long.join(" · "), short.join(" ")]
        .into_iter()
        .map(|text| format!("· {text} "))
        .find(|text| text.chars().count() <= room)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn draw_table(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    if let Some(view) = state.account_view() {
        super::views::draw_table(f, area, state, view, theme);
        return;
    }
    let mut heading = super::views::title_line(state, theme);
    // The corners and a stretch of border stay visible beside the title.
    let room = usize::from(area.width)
        .saturating_sub(4)
        .saturating_sub(heading.width());
    if let Some(summary) = alert_summary(state, room) {
        heading.spans.push(Span::raw(summary));
    }
    let block = Block::bordered().title(heading);
    if state.events.is_empty() {
        let text = vec![
            Line::raw("No events watched yet."),
            Line::raw("Press n to create one, or / to search the account."),
        ];
        f.render_widget(
            Paragraph::new(text).block(block).wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let wide_table = area.width >= 110;
    let any_alert = state
        .events
        .iter()
        .any(|w| w.view.as_ref().is_some_and(|v| !v.alerts.is_empty()));
    let cols = columns(area.width.saturating_sub(2), wide_table, any_alert);
    let header = Row::new(cols.iter().map(|c| title(*c))).style(theme.heading());
    let visible = area.height.saturating_sub(3) as usize;
    let offset = first_row(state, visible);
    let rows = state
        .events
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, w)| {
            let selected = i == state.selected;
            let row = Row::new(
                cols.iter()
                    .map(|c| {
                        cell(
                            *c,
                            &w.id,
                            w.view.as_ref(),
                            state,
                            selected,
                            wide_table,
                            theme,
                        )
                    })
                    .collect::<Vec<_>>(),
            );
            if selected {
                row.style(theme.selected())
            } else {
                row
            }
        });
    f.render_widget(
        Table::new(rows, widths(&cols, wide_table))
            .header(header)
            .block(block),
        area,
    );
}

/// The table's column widths: Name takes the room left, the others their fixed width.
pub(super) fn widths(cols: &[Column], wide: bool) -> Vec<Constraint> {
    cols.iter()
        .map(|c| match c {
            Column::Name => Constraint::Fill(1),
            other => Constraint::Length(fixed_width(*other, wide)),
        })
        .collect()
}

/// Masks known secrets, and the `t=`/`p=` tokens ingest URLs carry, until the operator reveals.
fn masked(text: &str, secrets: &[&str], reveal: bool) -> String {
    let mut out = text.to_string();
    if reveal {
        return out;
    }
    for s in secrets.iter().filter(|s| !s.is_empty()) {
        out = out.replace(s, &mask(s));
    }
    for key in ["&t=", "?t=", ",p="] {
        if let Some(at) = out.find(key) {
            let start = at + key.len();
            let end = out[start..]
                .find(['&', ','])
                .map_or(out.len(), |e| start + e);
            let secret = out[start..end].to_string();
            if !secret.starts_with('•') {
                out.replace_range(start..end, &mask(&secret));
            }
        }
    }
    out
}

/// What the sparkline of the board's own polls says it is.
const POLLS_SUFFIX: &str = " last 30 min (polls)";

/// The audience and ingest lines of the detail pane: viewers now and the peak since watching,
/// the sparkline of the last 30 minutes from the board's own polls, Kaltura's realtime graph
/// when the account has it (saying which is shown), and each ingest point with its streams.
fn live_lines(v: &EventView, state: &AppState, theme: Theme, width: u16) -> Vec<Line<'static>> {
    let label = |s: &str| Span::styled(format!("{s}: "), theme.heading());
    let mut lines = Vec::new();
    let history = state.live.audience.get(&v.id);
    let live = v.status == Status::Live;
    if live || history.is_some() {
        let now = match v.viewers.filter(|_| live) {
            Some(n) => format!("{} now", thousands(n)),
            None if live => "not read yet".to_string(),
            None => "- (not live)".to_string(),
        };
        let peak = history
            .and_then(|h| h.peak())
            .map(|p| {
                format!(
                    " · peak {} at {}",
                    thousands(p.viewers),
                    clock(p.at, &state.tz)
                )
            })
            .unwrap_or_default();
        lines.push(Line::from(vec![label("Viewers"), Span::raw(now + &peak)]));
        // Room for the bars: the pane's inside, less the label and the words after.
        let bars = (width as usize)
            .saturating_sub(2 + "Audience: ".len() + POLLS_SUFFIX.chars().count())
            .clamp(10, 60);
        if let Some(h) = history {
            let spark = audience::sparkline(&h.buckets(state.now, bars));
            lines.push(Line::from(vec![
                label("Audience"),
                Span::raw(spark),
                Span::styled(POLLS_SUFFIX, theme.dim()),
            ]));
        }
        if live {
            let asking = state
                .live
                .realtime_pending
                .as_ref()
                .is_some_and(|(_, id)| *id == v.id);
            let realtime = match (
                &state.live.realtime_unavailable,
                state.live.realtime_of(&v.id),
            ) {
                (Some(_), _) => Some(Line::from(vec![
                    label("Realtime"),
                    Span::styled(
                        "not on this account (Kaltura analytics); the polls' line above stays",
                        theme.dim(),
                    ),
                ])),
                (None, Some(g)) if !g.points.is_empty() => {
                    let values: Vec<Option<i64>> = g.points.iter().map(|p| Some(p.1)).collect();
                    let now = g.now().map(thousands).unwrap_or_default();
                    Some(Line::from(vec![
                        label("Realtime"),
                        Span::raw(audience::sparkline(&values)),
                        Span::raw(format!(" {now}")),
                        Span::styled(" last 3 min (Kaltura analytics)", theme.dim()),
                    ]))
                }
                (None, Some(_)) => Some(Line::from(vec![
                    label("Realtime"),
                    Span::styled("no points yet (Kaltura analytics)", theme.dim()),
                ])),
                (None, None) if asking => Some(Line::from(vec![
                    label("Realtime"),
                    Span::styled("asking Kaltura analytics…", theme.dim()),
                ])),
                (None, None) => None,
            };
            lines.extend(realtime);
        }
    }
    let encoder_expected = matches!(
        v.status,
        Status::Connecting | Status::Preview | Status::Live | Status::EndedFeedOn
    );
    if let Some(h) = v
        .health
        .as_ref()
        .filter(|h| !h.is_empty() || encoder_expected)
    {
        for (name, node) in [("Primary", Node::Primary), ("Backup", Node::Backup)] {
            let mut text = h.describe(node);
            if let Some(n) = h.node(node).filter(|n| !n.streams.is_empty()) {
                let streams: Vec<String> = n.streams.iter().map(|s| s.describe()).collect();
                text.push_str(&format!(" · {}", streams.join(" + ")));
            }
            lines.push(Line::from(vec![label(name), Span::raw(text)]));
        }
    }
    lines
}

fn detail_lines(v: &EventView, state: &AppState, theme: Theme, width: u16) -> Vec<Line<'static>> {
    let label = |s: &str| Span::styled(format!("{s}: "), theme.heading());
    let mut lines = Vec::new();
    let since = v
        .since
        .map(|t| format!(" since {} ({} ago)", clock(t, &state.tz), ago(state.now, t)))
        .unwrap_or_default();
    lines.push(Line::from(vec![
        label("State"),
        Span::styled(
            format!("{} {}", v.status.symbol(), v.status.word()),
            theme.status(v.status),
        ),
        Span::raw(since),
    ]));
    lines.push(Line::from(vec![
        label("Attendees get"),
        Span::raw(v.audience.clone()),
    ]));
    // The watchdog's alerts, right under the state: what is wrong, since when, what to do.
    for a in &v.alerts {
        let since = a
            .since
            .map(|t| format!(" (since {})", clock(t, &state.tz)))
            .unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(a.kind.label(), theme.alert(a.severity())),
            Span::raw(format!(": {}{since}", a.message)),
        ]));
        lines.push(Line::from(vec![
            Span::raw("  → "),
            Span::raw(alert_todo(a.kind)),
        ]));
    }
    lines.extend(live_lines(v, state, theme, width));
    // A description keeps its line breaks (the decode turned every kind into `\n`): one
    // screen line each, under the label.
    for (i, text) in v.detail.description.lines().enumerate() {
        let head = if i == 0 {
            label("Description")
        } else {
            Span::raw(" ".repeat("Description: ".len()))
        };
        lines.push(Line::from(vec![head, Span::raw(text.to_string())]));
    }
    for (name, t) in &v.detail.times {
        lines.push(Line::from(vec![
            label(name),
            Span::raw(datetime(*t, &state.tz)),
        ]));
    }
    for (name, value) in &v.detail.facts {
        lines.push(Line::from(vec![label(name), Span::raw(value.clone())]));
    }
    if v.detail.recordings.is_empty() {
        lines.push(Line::from(vec![label("Recordings"), Span::raw("none yet")]));
    } else {
        lines.push(Line::from(label("Recordings")));
        for r in &v.detail.recordings {
            lines.push(Line::raw(format!("  {} {} {}", r.id, r.status, r.name)));
        }
    }
    let ing = &v.detail.ingest;
    let key = ing.stream_key.clone().unwrap_or_default();
    let pass = ing.srt_pass.clone().unwrap_or_default();
    let secrets = [key.as_str(), pass.as_str()];
    for (name, url) in ing.rtmp.iter().chain(ing.srt.iter()) {
        lines.push(Line::from(vec![
            label(name),
            Span::raw(masked(url, &secrets, state.reveal_key)),
        ]));
    }
    let hint = if state.reveal_key {
        " (K hides)"
    } else {
        " (K reveals)"
    };
    if !key.is_empty() {
        let shown = if state.reveal_key {
            key.clone()
        } else {
            mask(&key)
        };
        lines.push(Line::from(vec![
            label("Stream key"),
            Span::raw(shown),
            Span::styled(hint, theme.dim()),
        ]));
    }
    if !pass.is_empty() {
        let shown = if state.reveal_key {
            pass.clone()
        } else {
            mask(&pass)
        };
        lines.push(Line::from(vec![
            label("SRT passphrase"),
            Span::raw(shown),
            Span::styled(hint, theme.dim()),
        ]));
    }
    lines
}

/// The selected event's detail lines for a pane `width` columns wide (what it scrolls through).
fn selected_detail(
    state: &AppState,
    theme: Theme,
    width: u16,
) -> Option<(String, Vec<Line<'static>>)> {
    if state.account_view().is_some() {
        let v = state.shown_event()?;
        return Some((
            format!(" {} ({}) ", v.name, v.id),
            detail_lines(v, state, theme, width),
        ));
    }
    let w = state.selected_event()?;
    Some(match &w.view {
        Some(v) => (
            format!(" {} ({}) ", v.name, v.id),
            detail_lines(v, state, theme, width),
        ),
        None => (
            format!(" {} ", w.id),
            vec![Line::raw("waiting for the first poll…")],
        ),
    })
}

/// Where the detail pane is on a terminal of `state.size`, if shown (mirrors [`draw`]).
fn detail_area(state: &AppState) -> Option<Rect> {
    let area = crate::tui::draw::body_area(state);
    let table_h = table_height(state, area.height);
    let [_, bottom] =
        Layout::vertical([Constraint::Length(table_h), Constraint::Fill(1)]).areas(area);
    if is_wide(state) {
        let [left, _] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Fill(1)]).areas(bottom);
        Some(left)
    } else {
        (!state.show_log).then_some(bottom)
    }
}

/// The furthest the detail pane scrolls: its last line on its last row.
pub fn max_detail_scroll(state: &AppState) -> u16 {
    let Some(area) = detail_area(state) else {
        return 0;
    };
    let Some((_, lines)) = selected_detail(state, Theme { color: false }, area.width) else {
        return 0;
    };
    let (width, rows) = scroll::inner(area);
    scroll::max_offset(&lines, width, rows)
}

fn draw_detail(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    let Some((title, lines)) = selected_detail(state, theme, area.width) else {
        f.render_widget(
            Paragraph::new("").block(Block::bordered().title(" Details ")),
            area,
        );
        return;
    };
    let title = clip(&title, area.width.saturating_sub(4) as usize);
    scroll::draw(
        f,
        area,
        Block::bordered().title(title),
        lines,
        state.detail_scroll,
        ("PgDn", "PgUp"),
        theme,
    );
}

/// The event log, newest at the bottom and always in view.
fn draw_log(f: &mut Frame, area: Rect, state: &AppState, theme: Theme) {
    let block = Block::bordered().title(" Event log ");
    let height = area.height.saturating_sub(2) as usize;
    let lines: Vec<Line> = if state.log.is_empty() {
        vec![Line::styled("transitions appear here", theme.dim())]
    } else {
        let skip = state.log.len().saturating_sub(height);
        state
            .log
            .iter()
            .skip(skip)
            .map(|e| {
                Line::from(vec![
                    Span::styled(clock(e.at, &state.tz), theme.dim()),
                    Span::raw(format!(" {}", e.text)),
                ])
            })
            .collect()
    };
    // Entries wrap on a narrow pane: scroll by the rows they take, so the newest stays in view.
    let (width, rows) = scroll::inner(area);
    let offset = scroll::max_offset(&lines, width, rows);
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((offset, 0)),
        area,
    );
}
