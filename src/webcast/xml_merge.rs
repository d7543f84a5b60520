//! Rescheduling an event without losing what others wrote into its `KMS_EVENTS3` record.
//!
//! KMS, the Studio or an administrator may keep fields of their own in the record (other
//! presenters, fields a newer profile version added, comments). A reschedule must change
//! `StartTime`, `EndTime`, `Timezone` and the presenter's name and title, and leave every other
//! byte as it was: the record is parsed (roxmltree: no DTD, bounded size) only to find where
//! these elements are, and the new text is spliced into the original. A field that is missing
//! is inserted where the profile's XSD sequence puts it (schedule first, then the presenter), so
//! Kaltura's validation still accepts the record.

use super::xml::{Schedule, escape};
use roxmltree::{Document, Node, ParsingOptions};
use std::ops::Range;

/// A record can hold a few dozen elements; anything this large is not one.
const NODES_LIMIT: u32 = 20_000;

/// The presenter fields an edit sets; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PresenterEdit {
    /// The presenter's display name.
    pub name: Option<String>,
    /// The presenter's job title.
    pub title: Option<String>,
}

impl PresenterEdit {
    /// True when no presenter field changes.
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.title.is_none()
    }
}

/// The `Presenter` group's fields, in the XSD's order.
const PRESENTER_FIELDS: [&str; 6] = [
    "PresenterId",
    "PresenterName",
    "PresenterTitle",
    "PresenterBio",
    "PresenterLink",
    "PresenterImage",
];

/// One change to the original text: replace `range` (empty for an insertion) with `text`.
struct Splice {
    range: Range<usize>,
    text: String,
}

/// `existing` with the schedule and presenter fields set; every other element, attribute,
/// comment and blank kept byte for byte. An unreadable record is an error naming why (it is not
/// overwritten blindly).
pub fn merge_events(
    existing: &str,
    schedule: Option<&Schedule>,
    presenter: &PresenterEdit,
) -> Result<String, String> {
    let doc = Document::parse_with_options(
        existing,
        ParsingOptions {
            allow_dtd: false,
            nodes_limit: NODES_LIMIT,
            ..ParsingOptions::default()
        },
    )
    .map_err(|e| format!("the event's KMS_EVENTS3 record is not readable XML ({e})"))?;
    let root = doc.root_element();
    let mut fields: Vec<(&str, String)> = Vec::new();
    if let Some(s) = schedule {
        fields.push(("StartTime", s.start.to_string()));
        fields.push(("EndTime", s.end.to_string()));
        fields.push(("Timezone", s.timezone.clone()));
    }
    let mut splices = Vec::new();
    let mut anchor = Insertion::start_of(root, existing);
    for (tag, value) in &fields {
        let element = format!("<{tag}>{}</{tag}>", escape(value));
        match child(root, tag) {
            Some(found) => {
                splices.push(Splice {
                    range: found.range(),
                    text: element,
                });
                splices.extend(
                    std::mem::replace(&mut anchor, Insertion::after(found)).into_splice(existing),
                );
            }
            None => anchor.push(element),
        }
    }
    if !presenter.is_empty() {
        let wanted: Vec<(&str, &str)> = [
            ("PresenterName", presenter.name.as_deref()),
            ("PresenterTitle", presenter.title.as_deref()),
        ]
        .into_iter()
        .filter_map(|(tag, v)| v.map(|v| (tag, v)))
        .collect();
        match child(root, "Presenter") {
            Some(group) => splices.extend(presenter_splices(group, existing, &wanted)),
            None => {
                // A new group gets every field, empty ones too, as `events_xml` writes them.
                let mut group = String::from("<Presenter>");
                for tag in PRESENTER_FIELDS {
                    let value = wanted.iter().find(|(t, _)| *t == tag).map_or("", |w| w.1);
                    group.push_str(&format!("<{tag}>{}</{tag}>", escape(value)));
                }
                group.push_str("</Presenter>");
                if schedule.is_some() {
                    anchor.push(group);
                } else {
                    // After whichever schedule fields the record has.
                    let mut after = Insertion::start_of(root, existing);
                    for tag in ["StartTime", "EndTime", "Timezone"] {
                        if let Some(found) = child(root, tag) {
                            after = Insertion::after(found);
                        }
                    }
                    after.push(group);
                    splices.extend(after.into_splice(existing));
                }
            }
        }
    }
    splices.extend(anchor.into_splice(existing));
    Ok(apply(existing, splices))
}

/// Splices setting `wanted` fields inside an existing `Presenter` group, in the XSD's order.
fn presenter_splices(group: Node<'_, '_>, text: &str, wanted: &[(&str, &str)]) -> Vec<Splice> {
    let mut splices = Vec::new();
    let mut anchor = Insertion::start_of(group, text);
    for tag in PRESENTER_FIELDS {
        let value = wanted.iter().find(|(t, _)| *t == tag).map(|w| w.1);
        match (child(group, tag), value) {
            (Some(found), value) => {
                if let Some(v) = value {
                    splices.push(Splice {
                        range: found.range(),
                        text: format!("<{tag}>{}</{tag}>", escape(v)),
                    });
                }
                splices.extend(
                    std::mem::replace(&mut anchor, Insertion::after(found)).into_splice(text),
                );
            }
            (None, Some(v)) => anchor.push(format!("<{tag}>{}</{tag}>", escape(v))),
            (None, None) => {}
        }
    }
    splices.extend(anchor.into_splice(text));
    splices
}

/// Text waiting to be inserted at one place of the original.
struct Insertion {
    /// Where (a byte offset), or the self-closed element to open when it has no content yet.
    at: Place,
    text: String,
}

enum Place {
    At(usize),
    /// `<metadata/>`: replaced by `<metadata>…</metadata>` (its start tag's text kept).
    SelfClosed {
        range: Range<usize>,
        name: String,
    },
}

impl Insertion {
    /// At the start of `element`'s content.
    fn start_of(element: Node<'_, '_>, text: &str) -> Insertion {
        let range = element.range();
        let at = match element.first_child() {
            Some(first) => Place::At(first.range().start),
            None => {
                let raw = &text[range.clone()];
                if raw.ends_with("/>") {
                    Place::SelfClosed {
                        range,
                        name: element.tag_name().name().to_string(),
                    }
                } else {
                    // `<x></x>`: just before the end tag.
                    Place::At(range.start + raw.rfind("</").unwrap_or(raw.len()))
                }
            }
        };
        Insertion {
            at,
            text: String::new(),
        }
    }

    /// Right after `node`.
    fn after(node: Node<'_, '_>) -> Insertion {
        Insertion {
            at: Place::At(node.range().end),
            text: String::new(),
        }
    }

    fn push(&mut self, element: String) {
        self.text.push_str(&element);
    }

    fn into_splice(self, text: &str) -> Option<Splice> {
        if self.text.is_empty() {
            return None;
        }
        Some(match self.at {
            Place::At(at) => Splice {
                range: at..at,
                text: self.text,
            },
            Place::SelfClosed { range, name } => {
                let raw = &text[range.clone()];
                let open = raw.trim_end_matches("/>").trim_end();
                Splice {
                    range,
                    text: format!("{open}>{}</{name}>", self.text),
                }
            }
        })
    }
}

/// The first child element named `tag`.
fn child<'a, 'input>(parent: Node<'a, 'input>, tag: &str) -> Option<Node<'a, 'input>> {
    parent
        .children()
        .find(|n| n.is_element() && n.tag_name().name() == tag)
}

/// Applies non-overlapping splices to `text`.
fn apply(text: &str, mut splices: Vec<Splice>) -> String {
    splices.sort_by_key(|s| (s.range.start, s.range.end));
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    for s in splices {
        if s.range.start < at {
            continue;
        }
        out.push_str(&text[at..s.range.start]);
        out.push_str(&s.text);
        at = s.range.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webcast::xml::{Presenter, element_text, events_xml, parse_schedule};

    fn schedule(start: i64) -> Schedule {
        Schedule {
            start,
            end: start + 3600,
            timezone: "Europe/Paris".into(),
        }
    }

    #[test]
    fn a_reschedule_keeps_every_other_field_byte_for_byte() {
        let kms = "<?xml version=\"1.0\"?>\n<metadata>\n  <!-- set by KMS -->\n  <StartTime>100</StartTime>\n  <EndTime>200</EndTime>\n  <Timezone>UTC</Timezone>\n  <Presenter><PresenterId>u1</PresenterId><PresenterName>Ann</PresenterName><PresenterTitle>CTO</PresenterTitle><PresenterBio>Long &amp; true</PresenterBio><PresenterLink/><PresenterImage>x.png</PresenterImage></Presenter>\n  <Presenter><PresenterName>Second</PresenterName></Presenter>\n  <KmsOwnField attr=\"1\">keep me</KmsOwnField>\n</metadata>";
        let out = merge_events(kms, Some(&schedule(5000)), &PresenterEdit::default()).unwrap();
        assert_eq!(
            out,
            kms.replace("<StartTime>100</StartTime>", "<StartTime>5000</StartTime>")
                .replace("<EndTime>200</EndTime>", "<EndTime>8600</EndTime>")
                .replace(
                    "<Timezone>UTC</Timezone>",
                    "<Timezone>Europe/Paris</Timezone>"
                )
        );
        assert_eq!(parse_schedule(&out), Some(schedule(5000)));

        let renamed = merge_events(
            kms,
            None,
            &PresenterEdit {
                name: Some("Bea <B&B>".into()),
                title: None,
            },
        )
        .unwrap();
        assert_eq!(
            renamed,
            kms.replace(
                "<PresenterName>Ann</PresenterName>",
                "<PresenterName>Bea &lt;B&amp;B&gt;</PresenterName>"
            ),
            "only the first presenter's name changes"
        );
        assert_eq!(
            element_text(&renamed, "PresenterName").as_deref(),
            Some("Bea <B&B>")
        );
    }

    #[test]
    fn missing_fields_are_inserted_in_the_xsds_order() {
        for bare in ["<metadata/>", "<metadata></metadata>", "<metadata />"] {
            let out = merge_events(
                bare,
                Some(&schedule(10)),
                &PresenterEdit {
                    name: Some("Ann".into()),
                    title: Some("CTO".into()),
                },
            )
            .unwrap();
            let presenter = Presenter {
                name: "Ann".into(),
                title: "CTO".into(),
                ..Presenter::default()
            };
            assert_eq!(out, events_xml(&schedule(10), &presenter), "{bare}");
        }
        // Only some fields there: the others go right where the sequence wants them.
        let partial = "<metadata><EndTime>2</EndTime><Presenter><PresenterId>u</PresenterId><PresenterBio>b</PresenterBio></Presenter></metadata>";
        // (StartTime goes before the EndTime found, Timezone after it.)
        let out = merge_events(
            partial,
            Some(&schedule(10)),
            &PresenterEdit {
                name: None,
                title: Some("Chair".into()),
            },
        )
        .unwrap();
        assert_eq!(
            out,
            "<metadata><StartTime>10</StartTime><EndTime>3610</EndTime><Timezone>Europe/Paris</Timezone><Presenter><PresenterId>u</PresenterId><PresenterTitle>Chair</PresenterTitle><PresenterBio>b</PresenterBio></Presenter></metadata>"
        );
        // A presenter added to a record that has a schedule goes after it.
        let out = merge_events(
            "<metadata><StartTime>1</StartTime><Other/></metadata>",
            None,
            &PresenterEdit {
                name: Some("Z".into()),
                title: None,
            },
        )
        .unwrap();
        assert!(
            out.starts_with("<metadata><StartTime>1</StartTime><Presenter><PresenterId></PresenterId><PresenterName>Z</PresenterName>"),
            "{out}"
        );
        assert!(out.ends_with("</Presenter><Other/></metadata>"), "{out}");
    }

    #[test]
    fn unreadable_records_are_refused_not_overwritten() {
        for bad in [
            "",
            "<metadata>",
            "not xml",
            "<!DOCTYPE m [<!ENTITY e \"x\">]><metadata/>",
        ] {
            assert!(
                merge_events(bad, Some(&schedule(1)), &PresenterEdit::default()).is_err(),
                "{bad:?}"
            );
        }
    }
}
