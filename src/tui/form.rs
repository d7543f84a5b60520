//! The create form: fields backed by `tui_input::Input`, inline validation, and the conversion of
//! what the operator typed into a `NewEvent`. Pure: the clock and the time zone are passed in.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use tui_input::{Input, InputRequest};

use super::view::{CreatedView, NewEvent};

pub mod edit;

/// Which field a form slot holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldId {
    /// The event title.
    Name,
    /// Free text for attendees.
    Description,
    /// Scheduled start.
    Start,
    /// Length in minutes.
    Duration,
    /// IANA zone the schedule is written in.
    Timezone,
    /// The presenter's name.
    PresenterName,
    /// The presenter's title.
    PresenterTitle,
    /// Whether sessions are recorded.
    Record,
}

/// One text field with its label, hint and current validation error.
#[derive(Clone, Debug)]
pub struct Field {
    /// Which field.
    pub id: FieldId,
    /// Label shown left of the input.
    pub label: &'static str,
    /// Hint shown when the field is focused and valid.
    pub hint: &'static str,
    /// The editable text.
    pub input: Input,
    /// Whether the operator has edited it (errors show only then, or after a submit attempt).
    pub touched: bool,
    /// The current validation error, if any.
    pub error: Option<String>,
    /// Something worth saying that does not stop the create (a start already past), if any.
    pub warning: Option<String>,
}

/// The whole form and the outcome of its last submission.
#[derive(Clone, Debug)]
pub struct CreateForm {
    /// The fields, in display order.
    pub fields: Vec<Field>,
    /// Focused slot: `fields.len()` is the Create button.
    pub focus: usize,
    /// Whether the operator tried to submit (shows every error).
    pub attempted: bool,
    /// The tag of the create request in flight.
    pub pending: Option<u64>,
    /// The reference and name of the create in flight (named by every message about it).
    pub pending_create: Option<(String, String)>,
    /// The last successful creation.
    pub created: Option<CreatedView>,
    /// The last failure, as a sentence.
    pub failure: Option<String>,
    /// The field texts the create in flight was made from: when it succeeds and the form still
    /// holds them, the form is cleared (edits made meanwhile are kept).
    pub submitted: Option<Vec<String>>,
    /// The y/N question open before creating an event whose name is already on the board.
    pub confirm: Option<DuplicateQuestion>,
    /// Set when the form edits an existing event (`e` on the board) instead of creating one.
    pub edit: Option<edit::EditTarget>,
    /// A start the form keeps as it is, with the Start and Time zone texts that stand for it:
    /// an edited event's own start (it may be in the past, and carry seconds the field hides).
    pub keep_start: Option<(String, String, i64)>,
}

/// Creating an event whose name an event on the board already has: asked before sending, since
/// a second `Ctrl-S` after a success would otherwise make an identical second event silently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateQuestion {
    /// The event the form would create.
    pub event: NewEvent,
    /// The event already on the board with that name: (name, entry ID).
    pub existing: (String, String),
}

fn field(id: FieldId, label: &'static str, hint: &'static str, value: String) -> Field {
    Field {
        id,
        label,
        hint,
        input: Input::new(value),
        touched: false,
        error: None,
        warning: None,
    }
}

/// A start this far in the past (seconds) is warned about; less is the time it took to type.
const PAST_START_SLACK_SECS: i64 = 60;

/// The time format the Start field accepts and shows.
pub const START_FORMAT: &str = "%Y-%m-%d %H:%M";

impl CreateForm {
    /// A fresh form: start in 10 minutes (rounded to 5), one hour long, in the operator's zone.
    pub fn new(now: i64, tz: &TimeZone) -> Self {
        let start = (now + 600 + 299) / 300 * 300;
        let start_text = Timestamp::from_second(start)
            .map(|t| t.to_zoned(tz.clone()).strftime(START_FORMAT).to_string())
            .unwrap_or_default();
        let tz_name = tz.iana_name().unwrap_or("UTC").to_string();
        let mut form = CreateForm {
            fields: vec![
                field(
                    FieldId::Name,
                    "Name",
                    "what attendees see as the title (required)",
                    String::new(),
                ),
                field(
                    FieldId::Description,
                    "Description",
                    "optional",
                    String::new(),
                ),
                field(
                    FieldId::Start,
                    "Start",
                    "YYYY-MM-DD HH:MM in the time zone below, or 'now'",
                    start_text,
                ),
                field(
                    FieldId::Duration,
                    "Duration (min)",
                    "1 to 1440 minutes",
                    "60".into(),
                ),
                field(
                    FieldId::Timezone,
                    "Time zone",
                    "IANA name, e.g. Europe/Paris",
                    tz_name,
                ),
                field(
                    FieldId::PresenterName,
                    "Presenter",
                    "optional",
                    String::new(),
                ),
                field(
                    FieldId::PresenterTitle,
                    "Presenter title",
                    "optional",
                    String::new(),
                ),
                field(
                    FieldId::Record,
                    "Record (y/n)",
                    "y: record each session (attendees get the recording after the event)",
                    "y".into(),
                ),
            ],
            focus: 0,
            attempted: false,
            pending: None,
            pending_create: None,
            created: None,
            failure: None,
            submitted: None,
            confirm: None,
            edit: None,
            keep_start: None,
        };
        form.validate(now);
        form
    }

    /// A fresh form for the next event after a create, in the same time zone as this one (the
    /// operator's choice of zone outlives one event; a zone that does not parse is not kept).
    pub fn cleared(&self, now: i64, tz: &TimeZone) -> Self {
        let typed = self.value(FieldId::Timezone);
        match TimeZone::get(typed) {
            Ok(zone) if tz.iana_name() != Some(typed) => {
                let mut form = CreateForm::new(now, &zone);
                if let Some(f) = form.fields.iter_mut().find(|f| f.id == FieldId::Timezone) {
                    f.input = Input::new(typed.to_string());
                }
                form.validate(now);
                form
            }
            _ => CreateForm::new(now, tz),
        }
    }

    /// Every field's text, in display order (to tell whether the form changed since a submit).
    pub fn texts(&self) -> Vec<String> {
        self.fields
            .iter()
            .map(|f| f.input.value().to_string())
            .collect()
    }

    /// Whether the Create button (not a field) has the focus.
    pub fn on_button(&self) -> bool {
        self.focus >= self.fields.len()
    }

    /// Moves the focus forward, wrapping after the button.
    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % (self.fields.len() + 1);
    }

    /// Moves the focus back, wrapping before the first field.
    pub fn prev(&mut self) {
        let n = self.fields.len() + 1;
        self.focus = (self.focus + n - 1) % n;
    }

    /// Applies an editing request to the focused field; returns whether its text changed.
    pub fn edit(&mut self, req: InputRequest, now: i64) -> bool {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return false;
        };
        let changed = f.input.handle(req).is_some_and(|c| c.value || c.cursor);
        if changed {
            f.touched = true;
            self.validate(now);
        }
        changed
    }

    fn value(&self, id: FieldId) -> &str {
        self.fields
            .iter()
            .find(|f| f.id == id)
            .map(|f| f.input.value().trim())
            .unwrap_or("")
    }

    /// Re-validates every field, storing errors inline; returns the event when all are valid.
    pub fn validate(&mut self, now: i64) -> Option<NewEvent> {
        let name = self.value(FieldId::Name).to_string();
        let name_err = if name.is_empty() {
            Some("a name is required".to_string())
        } else if name.chars().count() > 256 {
            Some("at most 256 characters".to_string())
        } else {
            None
        };
        let tz_text = self.value(FieldId::Timezone).to_string();
        let tz = TimeZone::get(&tz_text);
        let tz_err = tz
            .as_ref()
            .err()
            .map(|_| format!("unknown time zone '{tz_text}'"));
        let start_text = self.value(FieldId::Start);
        let kept_start = self
            .keep_start
            .as_ref()
            .filter(|(text, zone, _)| text == start_text && *zone == tz_text)
            .map(|(_, _, at)| *at);
        let start = match kept_start {
            Some(at) => Ok(at),
            None => parse_start(
                start_text,
                now,
                tz.as_ref().ok().map(|z| (z, tz_text.as_str())),
            ),
        };
        let start_err = start.as_ref().err().cloned();
        // Operators register events already under way: said, not refused (a minute's slack
        // for the time it takes to type). An edited event's own start, left as it was, is not
        // news.
        let start_warning = start
            .as_ref()
            .ok()
            .filter(|s| kept_start.is_none() && **s < now - PAST_START_SLACK_SECS)
            .map(|s| {
                let ago = crate::webcast::watchdog::span(now - s);
                if self.edit.is_some() {
                    format!("{ago} ago: the event moves into the past")
                } else {
                    format!("{ago} ago: registered as already under way")
                }
            });
        let duration = self
            .value(FieldId::Duration)
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=1440).contains(d));
        let dur_err = duration
            .is_none()
            .then(|| "1 to 1440 (whole minutes)".to_string());
        let serve = match self.value(FieldId::Record).to_ascii_lowercase().as_str() {
            "y" | "yes" => Ok(true),
            "n" | "no" => Ok(false),
            _ => Err("y or n".to_string()),
        };
        let serve_err = serve.as_ref().err().cloned();
        // An edited event's own description may be longer than a new one may be: left as it
        // was, it is not sent, so it is not refused either.
        let desc_kept = self.edit.as_ref().is_some_and(|t| {
            t.filled(FieldId::Description) == Some(self.value(FieldId::Description))
        });
        let desc_err = (!desc_kept && self.value(FieldId::Description).chars().count() > 2000)
            .then(|| "at most 2000 characters".to_string());
        for f in &mut self.fields {
            f.error = match f.id {
                FieldId::Name => name_err.clone(),
                FieldId::Description => desc_err.clone(),
                FieldId::Start => start_err.clone(),
                FieldId::Duration => dur_err.clone(),
                FieldId::Timezone => tz_err.clone(),
                FieldId::Record => serve_err.clone(),
                FieldId::PresenterName | FieldId::PresenterTitle => None,
            };
            f.warning = match f.id {
                FieldId::Start => start_warning.clone(),
                _ => None,
            };
        }
        let start = start.ok()?;
        let end = start + duration? * 60;
        if self.fields.iter().any(|f| f.error.is_some()) {
            return None;
        }
        Some(NewEvent {
            name,
            description: self.value(FieldId::Description).to_string(),
            start,
            end,
            timezone: tz_text,
            presenter_name: self.value(FieldId::PresenterName).to_string(),
            presenter_title: self.value(FieldId::PresenterTitle).to_string(),
            recording: serve.ok()?,
            reference: None,
        })
    }

    /// Index of the first invalid field, to move the focus there after a failed submit.
    pub fn first_error(&self) -> Option<usize> {
        self.fields.iter().position(|f| f.error.is_some())
    }
}

fn parse_start(text: &str, now: i64, tz: Option<(&TimeZone, &str)>) -> Result<i64, String> {
    if text.eq_ignore_ascii_case("now") {
        return Ok(now);
    }
    let dt = DateTime::strptime(START_FORMAT, text)
        .map_err(|_| "use YYYY-MM-DD HH:MM or now".to_string())?;
    let Some((tz, name)) = tz else {
        return Err("fix the time zone first".to_string());
    };
    crate::webcast::time::wall_clock_to_unix(dt, tz, name)
}
