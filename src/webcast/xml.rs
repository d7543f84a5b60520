//! The two custom-metadata documents a webcast event carries, and reading them back.
//!
//! Kaltura's webcasting apps (KMS, the Studio) recognise an event by the `KMS_KWEBCAST2` record and
//! schedule it by the `KMS_EVENTS3` record; the element order follows the profiles' XSDs, which
//! Kaltura validates. User text goes through [`escape`] so a presenter called `A & B <Co>` cannot
//! break the document. Reading back needs only a few flat fields, so a tiny extractor does it
//! rather than a full XML parser.

use serde::{Deserialize, Serialize};

/// Who presents the event, as the `KMS_EVENTS3` `Presenter` group describes them. Every field is
/// optional text; empty fields are written as empty elements, as KMS does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Presenter {
    /// A stable ID for the presenter (KMS uses a user ID).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Job title shown under the name.
    pub title: String,
    /// Short biography.
    pub bio: String,
    /// A link to the presenter's page.
    pub link: String,
    /// A URL of the presenter's picture.
    pub image: String,
}

/// The event schedule as the `KMS_EVENTS3` record holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// Start, Unix seconds.
    pub start: i64,
    /// End, Unix seconds.
    pub end: i64,
    /// IANA time zone name the event was planned in (`Europe/Paris`).
    pub timezone: String,
}

/// Escapes text for an XML element body or attribute: the five predefined entities, and control
/// characters (which XML 1.0 forbids) dropped, since Kaltura would reject the whole record.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Reverses [`escape`] (and numeric character references) for values read back from the service.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let Some(semi) = after.find(';') else {
            out.push_str(after);
            return out;
        };
        let entity = &after[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse::<u32>().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `KMS_KWEBCAST2` document that marks an entry as a webcast. `self_serve` = broadcast from
/// the Studio by WebRTC (what the seed sets); false = an external encoder.
pub fn kwebcast_xml(self_serve: bool) -> String {
    format!(
        "<metadata><SlidesDocEntryId></SlidesDocEntryId><IsKwebcastEntry>1</IsKwebcastEntry>\
         <IsSelfServe>{}</IsSelfServe></metadata>",
        u8::from(self_serve)
    )
}

/// The `KMS_EVENTS3` document: schedule and presenter.
pub fn events_xml(schedule: &Schedule, presenter: &Presenter) -> String {
    format!(
        "<metadata><StartTime>{}</StartTime><EndTime>{}</EndTime><Timezone>{}</Timezone>\
         <Presenter><PresenterId>{}</PresenterId><PresenterName>{}</PresenterName>\
         <PresenterTitle>{}</PresenterTitle><PresenterBio>{}</PresenterBio>\
         <PresenterLink>{}</PresenterLink><PresenterImage>{}</PresenterImage></Presenter></metadata>",
        schedule.start,
        schedule.end,
        escape(&schedule.timezone),
        escape(&presenter.id),
        escape(&presenter.name),
        escape(&presenter.title),
        escape(&presenter.bio),
        escape(&presenter.link),
        escape(&presenter.image),
    )
}

/// The text of the first `<tag>…</tag>` (unescaped), `Some("")` for `<tag/>`, `None` if absent.
pub fn element_text(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    if let Some(start) = xml.find(&open) {
        let body = &xml[start + open.len()..];
        let end = body.find(&format!("</{tag}>"))?;
        return Some(unescape(&body[..end]));
    }
    if xml.contains(&format!("<{tag}/>")) || xml.contains(&format!("<{tag} />")) {
        return Some(String::new());
    }
    None
}

/// Reads the schedule back from a `KMS_EVENTS3` document; `None` when the times are missing or
/// not numbers (a record some other tool wrote badly).
pub fn parse_schedule(xml: &str) -> Option<Schedule> {
    let start = element_text(xml, "StartTime")?.trim().parse().ok()?;
    let end = element_text(xml, "EndTime")?.trim().parse().ok()?;
    // Shown beside the times: cleaned where it leaves the (exact) XML.
    let timezone = crate::text::line_owned(element_text(xml, "Timezone").unwrap_or_default());
    Some(Schedule {
        start,
        end,
        timezone,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_user_text() {
        assert_eq!(
            escape("A & B <Co> \"q\" 'x'\u{7}"),
            "A &amp; B &lt;Co&gt; &quot;q&quot; &apos;x&apos;"
        );
        assert_eq!(
            unescape(&escape("A & B <Co> \"q\" 'x'")),
            "A & B <Co> \"q\" 'x'"
        );
        assert_eq!(unescape("&#233;&#xE9;&bogus; &"), "éé&bogus; &");
    }

    #[test]
    fn kwebcast_document_matches_the_seed() {
        assert_eq!(
            kwebcast_xml(true),
            "<metadata><SlidesDocEntryId></SlidesDocEntryId><IsKwebcastEntry>1</IsKwebcastEntry>\
             <IsSelfServe>1</IsSelfServe></metadata>"
        );
    }

    #[test]
    fn events_document_round_trips_schedule_and_escapes_presenter() {
        let schedule = Schedule {
            start: 1_800_000_000,
            end: 1_800_003_600,
            timezone: "Europe/Paris".into(),
        };
        let presenter = Presenter {
            name: "Ann & <Bob>".into(),
            ..Presenter::default()
        };
        let xml = events_xml(&schedule, &presenter);
        assert!(xml.contains("<PresenterName>Ann &amp; &lt;Bob&gt;</PresenterName>"));
        assert!(xml.starts_with("<metadata><StartTime>1800000000</StartTime>"));
        assert_eq!(parse_schedule(&xml), Some(schedule));
        assert_eq!(
            element_text(&xml, "PresenterName").as_deref(),
            Some("Ann & <Bob>")
        );
        assert_eq!(element_text(&xml, "PresenterBio").as_deref(), Some(""));
        assert_eq!(
            parse_schedule("<metadata><StartTime>x</StartTime></metadata>"),
            None
        );
    }
}
