//! The Create form in edit mode: `e` on the board fills it with the selected event as Kaltura
//! holds it (name, description, schedule in the event's own zone, presenter, recording), and
//! Ctrl-S sends only what the operator changed. A field left as it was changes nothing, even
//! where the form cannot show the exact value (a start with seconds, a start in the past).

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::{CreateForm, FieldId, START_FORMAT};
use crate::tui::manage::EditFormSource;
use crate::tui::view::NewEvent;
use crate::webcast::EventEdit;
use crate::webcast::xml_merge::PresenterEdit;

/// The event a form in edit mode changes, and the texts it was filled with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditTarget {
    /// What Kaltura held when the form was filled.
    pub source: EditFormSource,
    /// The Duration text the form was filled with (the schedule is unchanged while the Start,
    /// Duration and Time zone texts are).
    pub duration_text: String,
    /// The texts the other fields were filled with: a field still holding its text changes
    /// nothing (Kaltura's value may have blanks the form trims, or line breaks it shows as
    /// spaces).
    pub texts: Vec<(FieldId, String)>,
    /// The tag of the edit in flight.
    pub pending: Option<u64>,
}

impl EditTarget {
    /// The text field `id` was filled with, for the fields filled from Kaltura's values.
    pub fn filled(&self, id: FieldId) -> Option<&str> {
        self.texts
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, t)| t.as_str())
    }
}

impl CreateForm {
    /// A form editing `source`: its values in the fields, times in the event's zone (the
    /// operator's when it has none).
    pub fn for_edit(source: EditFormSource, now: i64, tz: &TimeZone) -> CreateForm {
        let mut form = CreateForm::new(now, tz);
        let zone = source
            .schedule
            .as_ref()
            .and_then(|(_, _, z)| TimeZone::get(z).ok().map(|t| (z.clone(), t)));
        let mut duration_text = "60".to_string();
        if let Some((start, end, _)) = &source.schedule {
            let (zone_name, zone_tz) = zone
                .clone()
                .unwrap_or_else(|| (tz.iana_name().unwrap_or("UTC").to_string(), tz.clone()));
            let start_text = Timestamp::from_second(*start)
                .map(|t| t.to_zoned(zone_tz).strftime(START_FORMAT).to_string())
                .unwrap_or_default();
            duration_text = ((end - start) / 60).to_string();
            form.set(FieldId::Start, &start_text);
            form.set(FieldId::Duration, &duration_text);
            form.set(FieldId::Timezone, &zone_name);
            form.keep_start = Some((start_text, zone_name, *start));
        }
        // One line per field: a description's line breaks are shown as spaces.
        let one_line = |t: &str| t.split(['\r', '\n']).collect::<Vec<_>>().join(" ");
        let texts = vec![
            (FieldId::Name, one_line(&source.name)),
            (FieldId::Description, one_line(&source.description)),
            (FieldId::PresenterName, one_line(&source.presenter_name)),
            (FieldId::PresenterTitle, one_line(&source.presenter_title)),
            (
                FieldId::Record,
                if source.recording { "y" } else { "n" }.to_string(),
            ),
        ];
        for (id, text) in &texts {
            form.set(*id, text);
        }
        let texts = texts
            .into_iter()
            .map(|(id, _)| (id, form.value(id).to_string()))
            .collect();
        form.edit = Some(EditTarget {
            source,
            duration_text,
            texts,
            pending: None,
        });
        form.validate(now);
        form
    }

    fn set(&mut self, id: FieldId, value: &str) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.id == id) {
            f.input = tui_input::Input::new(value.to_string());
        }
    }

    /// Whether the field `id` still holds the text it was filled with.
    fn kept(&self, id: FieldId) -> bool {
        self.edit
            .as_ref()
            .and_then(|t| t.filled(id))
            .is_some_and(|text| text == self.value(id))
    }

    /// What the valid form `event` changes of the edited event; empty when nothing.
    pub fn changes(&self, event: &NewEvent) -> EventEdit {
        let Some(target) = &self.edit else {
            return EventEdit::default();
        };
        let src = &target.source;
        let mut edit = EventEdit::default();
        if !self.kept(FieldId::Name) && event.name != src.name {
            edit.name = Some(event.name.clone());
        }
        if !self.kept(FieldId::Description) && event.description != src.description {
            edit.description = Some(event.description.clone());
        }
        let same_times = self.keep_start.as_ref().is_some_and(|(start, zone, _)| {
            start == self.value(FieldId::Start) && zone == self.value(FieldId::Timezone)
        }) && self.value(FieldId::Duration) == target.duration_text;
        match &src.schedule {
            Some((_, _, zone)) if same_times => {
                if event.timezone != *zone {
                    edit.timezone = Some(event.timezone.clone());
                }
            }
            Some((start, end, zone)) => {
                if event.start != *start || event.end != *end {
                    edit.start = Some(event.start);
                    edit.end = Some(event.end);
                }
                if event.timezone != *zone {
                    edit.timezone = Some(event.timezone.clone());
                }
            }
            None => {
                edit.start = Some(event.start);
                edit.end = Some(event.end);
                edit.timezone = Some(event.timezone.clone());
            }
        }
        edit.presenter = PresenterEdit {
            name: (!self.kept(FieldId::PresenterName)
                && event.presenter_name != src.presenter_name)
                .then(|| event.presenter_name.clone()),
            title: (!self.kept(FieldId::PresenterTitle)
                && event.presenter_title != src.presenter_title)
                .then(|| event.presenter_title.clone()),
        };
        if !self.kept(FieldId::Record) && event.recording != src.recording {
            edit.recording = Some(event.recording);
        }
        edit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> EditFormSource {
        EditFormSource {
            id: "0_abcdefgh".into(),
            name: "Town hall".into(),
            description: "Quarterly".into(),
            // 2020-01-01 10:00:30 UTC: in the past, and not on a minute.
            schedule: Some((1_577_872_830, 1_577_876_430, "Europe/Paris".into())),
            presenter_name: "Ann".into(),
            presenter_title: "CEO".into(),
            recording: true,
        }
    }

    #[test]
    fn a_form_left_as_filled_changes_nothing_even_for_a_past_start() {
        let now = 1_800_000_000;
        let mut form = CreateForm::for_edit(source(), now, &TimeZone::UTC);
        let value = |f: &CreateForm, id| {
            f.fields
                .iter()
                .find(|x| x.id == id)
                .unwrap()
                .input
                .value()
                .to_string()
        };
        assert_eq!(
            value(&form, FieldId::Start),
            "2020-01-01 11:00",
            "in the event's zone"
        );
        assert_eq!(value(&form, FieldId::Timezone), "Europe/Paris");
        assert_eq!(value(&form, FieldId::Duration), "60");
        assert_eq!(value(&form, FieldId::Record), "y");
        let event = form
            .validate(now)
            .expect("valid although the start is long past");
        assert_eq!(
            event.start, 1_577_872_830,
            "the exact start, seconds included"
        );
        assert_eq!(form.changes(&event), EventEdit::default());

        // A new name and a new duration: those change, the start stays exact.
        form.set(FieldId::Name, "Town hall (Q3)");
        form.set(FieldId::Duration, "90");
        let event = form.validate(now).unwrap();
        let edit = form.changes(&event);
        assert_eq!(edit.name.as_deref(), Some("Town hall (Q3)"));
        assert_eq!(edit.start, Some(1_577_872_830));
        assert_eq!(edit.end, Some(1_577_872_830 + 5400));
        assert_eq!(edit.timezone, None);
        assert!(edit.presenter.is_empty() && edit.recording.is_none());

        // The start left as it was is not warned about, although long past.
        let start = form
            .fields
            .iter()
            .position(|f| f.id == FieldId::Start)
            .unwrap();
        assert_eq!(form.fields[start].warning, None);
        // A start typed anew is checked like a create's: in the past, warned about, not
        // refused (issue 14: operators register events already under way).
        form.set(FieldId::Start, "2020-01-02 11:00");
        let event = form.validate(now).expect("a past start is not refused");
        assert_eq!(
            form.changes(&event).start,
            Some(1_577_959_200),
            "11:00 in Paris"
        );
        assert!(
            form.fields[start]
                .warning
                .as_deref()
                .is_some_and(|w| w.ends_with("ago: the event moves into the past")),
            "{:?}",
            form.fields[start].warning
        );
    }

    #[test]
    fn kaltura_values_the_form_cannot_show_exactly_are_not_sent_back_unchanged() {
        let now = 1_800_000_000;
        let mut src = source();
        src.name = "  Spaced name ".into();
        src.description = format!("line one\nline two {}", "x".repeat(2100));
        let mut form = CreateForm::for_edit(src, now, &TimeZone::UTC);
        let event = form
            .validate(now)
            .expect("a long description left as it was is no error");
        assert_eq!(form.changes(&event), EventEdit::default());
        // Typed over, the description is the typed one (and checked).
        form.set(FieldId::Description, "short");
        let event = form.validate(now).unwrap();
        assert_eq!(form.changes(&event).description.as_deref(), Some("short"));
        form.set(FieldId::Description, &"y".repeat(2001));
        assert!(form.validate(now).is_none());
    }

    #[test]
    fn an_event_without_a_schedule_gets_the_forms() {
        let now = 1_800_000_000;
        let mut src = source();
        src.schedule = None;
        let mut form = CreateForm::for_edit(src, now, &TimeZone::UTC);
        form.set(FieldId::PresenterTitle, "Chair");
        form.set(FieldId::Record, "n");
        let event = form.validate(now).unwrap();
        let edit = form.changes(&event);
        assert_eq!(edit.start, Some(event.start));
        assert_eq!(edit.timezone.as_deref(), Some("UTC"));
        assert_eq!(edit.presenter.title.as_deref(), Some("Chair"));
        assert_eq!(edit.presenter.name, None);
        assert_eq!(edit.recording, Some(false));
    }
}
