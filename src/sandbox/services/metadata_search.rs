//! `advancedSearch` on entry lists with a `KalturaMetadataSearchItem`: entries whose custom
//! metadata matches, as kaltura/server's `MetadataSearchFilter` (plugins/metadata) builds its
//! Sphinx query.
//!
//! - Only the profile's **searchable** fields count (`MetadataProfileFieldPeer::
//!   retrieveActiveByMetadataProfileId`: the XSD elements whose `xsd:appinfo` says
//!   `<searchable>true</searchable>`), named by their XPath
//!   (`/*[local-name()='metadata']/*[local-name()='StartTime']`). A condition on any other field
//!   matches nothing (`1 <> 1`).
//! - `KalturaSearchComparableCondition` (`field`, `value`, `comparison` 1 = … 6 <>) on a
//!   `dateType`/`intType` field compares the record's first value as an integer; every
//!   comparison but `=`/`<>` also requires the value to be non-zero (an entry without the field
//!   never matches `> 0`). A comparison Kaltura does not know skips the condition; a
//!   non-numeric value on a numeric field matches nothing.
//! - `KalturaSearchCondition` (`field`, `value`) matches text fields word by word (`*`: the
//!   field has a value).
//! - Items combine by `type` (1 AND, 2 OR); a nested `KalturaMetadataSearchItem` is one item.
//! - `orderBy` (`+xpath`/`-xpath`) on a searchable numeric field sorts the list by it
//!   (entries without a value count as 0); on anything else it is ignored.
//!
//! Kaltura reads the values from its search index; the sandbox reads the records as stored
//! (no index lag for metadata).

use super::super::errors::{self, ApiError};
use super::super::params::{self, Params};
use super::super::store::{Obj, Store};
use serde_json::Value;
use std::collections::HashMap;

/// `KalturaSearchConditionComparison`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comparison {
    Equal,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    NotEqual,
}

impl Comparison {
    fn parse(code: &str) -> Option<Comparison> {
        Some(match code {
            "1" => Comparison::Equal,
            "2" => Comparison::Greater,
            "3" => Comparison::GreaterOrEqual,
            "4" => Comparison::Less,
            "5" => Comparison::LessOrEqual,
            "6" => Comparison::NotEqual,
            _ => return None,
        })
    }

    fn holds(self, have: i64, want: i64) -> bool {
        let base = match self {
            Comparison::Equal => have == want,
            Comparison::Greater => have > want,
            Comparison::GreaterOrEqual => have >= want,
            Comparison::Less => have < want,
            Comparison::LessOrEqual => have <= want,
            Comparison::NotEqual => have != want,
        };
        match self {
            Comparison::Equal | Comparison::NotEqual => base,
            _ => base && have != 0,
        }
    }
}

/// One condition of a search item.
#[derive(Debug, Clone)]
enum Condition {
    /// Never matches (`1 <> 1`).
    Never,
    /// A numeric comparison on a searchable numeric field.
    Compare {
        xpath: String,
        op: Comparison,
        value: i64,
    },
    /// Words of `value` in a searchable text field (`*`: any value).
    Words { xpath: String, value: String },
    /// A nested item.
    Nested(MetadataSearch),
}

/// A parsed `KalturaMetadataSearchItem`.
#[derive(Debug, Clone)]
pub struct MetadataSearch {
    profile_id: i64,
    any: bool,
    conditions: Vec<Condition>,
    order: Option<(String, bool)>,
}

/// How a searchable field is indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldKind {
    Numeric,
    Text,
}

/// The items of a `KalturaSearchOperator`: a JSON array, or an object keyed `0`, `1`… as
/// form-encoded clients send arrays.
fn items_of(p: &Params) -> Vec<&Params> {
    match p.get("items") {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_object).collect(),
        Some(Value::Object(o)) => {
            let mut keyed: Vec<(i64, &Params)> = o
                .iter()
                .filter_map(|(k, v)| Some((k.parse::<i64>().ok()?, v.as_object()?)))
                .collect();
            keyed.sort_by_key(|(k, _)| *k);
            keyed.into_iter().map(|(_, v)| v).collect()
        }
        _ => Vec::new(),
    }
}

impl MetadataSearch {
    /// Reads `filter.advancedSearch`; `None` when absent. Item types the sandbox does not
    /// simulate are refused (`INVALID_OBJECT_TYPE`) rather than ignored, which would widen the
    /// list.
    pub fn read(filter: &Params) -> Result<Option<MetadataSearch>, ApiError> {
        let Some(search) = params::opt_obj(filter, "advancedSearch") else {
            return Ok(None);
        };
        match params::opt_str(search, "objectType").as_deref() {
            Some("KalturaMetadataSearchItem") | None => Self::item(search, None).map(Some),
            Some(other) => Err(errors::invalid_object_type(other)),
        }
    }

    fn item(p: &Params, parent_profile: Option<i64>) -> Result<MetadataSearch, ApiError> {
        let profile_id = params::opt_int(p, "metadataProfileId")?
            .or(parent_profile)
            .unwrap_or(0);
        let any = params::opt_int(p, "type")? == Some(2);
        let mut conditions = Vec::new();
        for item in items_of(p) {
            let field = params::opt_str(item, "field").unwrap_or_default();
            let value = params::opt_str(item, "value").unwrap_or_default();
            let condition = match params::opt_str(item, "objectType").as_deref() {
                Some("KalturaSearchComparableCondition") => {
                    let Some(op) = params::opt_str(item, "comparison")
                        .as_deref()
                        .and_then(Comparison::parse)
                    else {
                        continue; // Kaltura logs "Missing comparison type" and skips it
                    };
                    match value.trim().parse::<i64>() {
                        Ok(value) => Condition::Compare {
                            xpath: field,
                            op,
                            value,
                        },
                        Err(_) => Condition::Never,
                    }
                }
                Some("KalturaSearchCondition") | None => Condition::Words {
                    xpath: field,
                    value,
                },
                Some("KalturaMetadataSearchItem") => {
                    Condition::Nested(Self::item(item, Some(profile_id))?)
                }
                Some(other) => return Err(errors::invalid_object_type(other)),
            };
            conditions.push(condition);
        }
        let order = params::opt_str(p, "orderBy").and_then(|o| match o.split_at_checked(1) {
            Some(("+", f)) => Some((f.to_string(), true)),
            Some(("-", f)) => Some((f.to_string(), false)),
            _ => None,
        });
        Ok(MetadataSearch {
            profile_id,
            any,
            conditions,
            order,
        })
    }

    /// Prepares the search against the store: the profile's searchable fields and each
    /// entry's record of that profile.
    pub fn prepare<'a>(&'a self, store: &'a Store) -> PreparedSearch<'a> {
        let fields = store
            .metadata_profiles
            .iter()
            .find(|p| p.get("id").and_then(Value::as_i64) == Some(self.profile_id))
            .and_then(|p| p.get("xsd").and_then(Value::as_str))
            .map(searchable_fields)
            .unwrap_or_default();
        let records = store
            .metadata
            .iter()
            .filter(|m| {
                m.get("metadataProfileId")
                    .and_then(|v| params::int_of(v).ok().flatten())
                    == Some(self.profile_id)
                    && m.get("metadataObjectType")
                        .and_then(params::text)
                        .as_deref()
                        == Some("1")
            })
            .filter_map(|m| {
                let id = m.get("objectId").and_then(Value::as_str)?;
                let xml = m.get("xml").and_then(Value::as_str)?;
                Some((id, xml))
            })
            .collect();
        PreparedSearch {
            search: self,
            fields,
            records,
        }
    }
}

/// A search ready to match entries.
pub struct PreparedSearch<'a> {
    search: &'a MetadataSearch,
    fields: HashMap<String, FieldKind>,
    records: HashMap<&'a str, &'a str>,
}

impl PreparedSearch<'_> {
    /// Whether the entry `id` matches.
    pub fn matches(&self, id: &str) -> bool {
        let xml = self.records.get(id).copied();
        self.item_matches(self.search, xml)
    }

    fn item_matches(&self, item: &MetadataSearch, xml: Option<&str>) -> bool {
        let mut results = item.conditions.iter().map(|c| self.holds(c, xml));
        if item.conditions.is_empty() {
            return true;
        }
        if item.any {
            results.any(|r| r)
        } else {
            results.all(|r| r)
        }
    }

    fn holds(&self, c: &Condition, xml: Option<&str>) -> bool {
        match c {
            Condition::Never => false,
            Condition::Nested(inner) => self.item_matches(inner, xml),
            Condition::Compare { xpath, op, value } => match self.fields.get(xpath) {
                None => false,
                // A comparison on a text field has no index column: Kaltura skips it.
                Some(FieldKind::Text) => true,
                Some(FieldKind::Numeric) => op.holds(numeric_value(xml, xpath), *value),
            },
            Condition::Words { xpath, value } => {
                if !self.fields.contains_key(xpath) {
                    return false;
                }
                let Some(text) = xml.and_then(|x| first_value(x, xpath)) else {
                    return false;
                };
                value.trim() == "*" || super::entries::words_match(&text, value)
            }
        }
    }

    /// The sort key of `id` when the search orders the list: `(ascending, value)`.
    pub fn order_key(&self, id: &str) -> Option<(bool, i64)> {
        let (xpath, ascending) = self.search.order.as_ref()?;
        (self.fields.get(xpath) == Some(&FieldKind::Numeric)).then(|| {
            let xml = self.records.get(id).copied();
            (*ascending, numeric_value(xml, xpath))
        })
    }
}

/// The first value at `xpath` as Kaltura indexes a date or integer field (`intval`; 0 when
/// absent or not a number).
fn numeric_value(xml: Option<&str>, xpath: &str) -> i64 {
    xml.and_then(|x| first_value(x, xpath))
        .and_then(|v| {
            let t = v.trim();
            let digits: String = t
                .char_indices()
                .take_while(|(i, c)| c.is_ascii_digit() || (*i == 0 && (*c == '-' || *c == '+')))
                .map(|(_, c)| c)
                .collect();
            digits.parse::<i64>().ok()
        })
        .unwrap_or(0)
}

/// The element names of an XPath made of `/*[local-name()='X']` steps (or plain `/X` steps).
fn steps(xpath: &str) -> Vec<String> {
    xpath
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| match s.split_once("local-name()='") {
            Some((_, rest)) => rest.split('\'').next().unwrap_or("").to_string(),
            None => s.to_string(),
        })
        .collect()
}

/// The text of the first element at `xpath` in a metadata document.
fn first_value(xml: &str, xpath: &str) -> Option<String> {
    let path = steps(xpath);
    let mut rest = xml;
    for (depth, name) in path.iter().enumerate() {
        let open = format!("<{name}>");
        let start = rest.find(&open)? + open.len();
        let close = format!("</{name}>");
        let end = rest[start..].find(&close)? + start;
        rest = &rest[start..end];
        if depth + 1 == path.len() {
            return Some(unescape(rest));
        }
    }
    None
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The XPath Kaltura gives a profile field: `/*[local-name()='metadata']/*[local-name()='X']`.
pub fn field_xpath(path: &[&str]) -> String {
    path.iter()
        .map(|p| format!("/*[local-name()='{p}']"))
        .collect()
}

/// The searchable fields of a profile's XSD, by XPath: elements whose annotation's `appinfo`
/// holds `<searchable>true</searchable>` (kaltura/server `kXsd::findXpathsByAppInfo`), numeric
/// when of `dateType` or `intType`.
fn searchable_fields(xsd: &str) -> HashMap<String, FieldKind> {
    let mut out = HashMap::new();
    let mut path: Vec<String> = Vec::new();
    let mut rest = xsd;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if let Some(attrs) = tag.strip_prefix("xsd:element ") {
            let name = attr(attrs, "name").unwrap_or_default();
            let kind = match attr(attrs, "type").as_deref() {
                Some("dateType") | Some("intType") => FieldKind::Numeric,
                _ => FieldKind::Text,
            };
            let self_closing = attrs.trim_end().ends_with('/');
            path.push(name);
            // The element's own annotation comes before any child element or its end.
            let scope_end = ["<xsd:element", "</xsd:element>"]
                .iter()
                .filter_map(|m| rest.find(m))
                .min()
                .unwrap_or(rest.len());
            let own = if self_closing { "" } else { &rest[..scope_end] };
            if own.contains("<searchable>true</searchable>") {
                let steps: Vec<&str> = path.iter().map(String::as_str).collect();
                out.insert(field_xpath(&steps), kind);
            }
            if self_closing {
                path.pop();
            }
        } else if tag == "/xsd:element" {
            path.pop();
        }
    }
    out
}

fn attr(attrs: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let start = attrs.find(&key)? + key.len();
    let end = attrs[start..].find('"')? + start;
    Some(attrs[start..end].to_string())
}

/// Orders `objs` by the search's `orderBy`, when it names a searchable numeric field (a stable
/// sort: the list's own order breaks ties).
pub fn sort(objs: &mut [Obj], prepared: &PreparedSearch<'_>) {
    let key = |o: &Obj| {
        let id = o.get("id").and_then(Value::as_str).unwrap_or("");
        prepared.order_key(id)
    };
    if objs.first().and_then(key).is_none() {
        return;
    }
    objs.sort_by(|a, b| match (key(a), key(b)) {
        (Some((asc, x)), Some((_, y))) => {
            if asc {
                x.cmp(&y)
            } else {
                y.cmp(&x)
            }
        }
        _ => std::cmp::Ordering::Equal,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const XSD: &str = r#"<xsd:schema><xsd:element name="metadata"><xsd:complexType><xsd:sequence><xsd:element name="StartTime" type="dateType"><xsd:annotation><xsd:appinfo><searchable>true</searchable></xsd:appinfo></xsd:annotation></xsd:element><xsd:element name="Timezone" type="textType"/><xsd:element name="Room" type="textType"><xsd:annotation><xsd:appinfo><searchable>true</searchable></xsd:appinfo></xsd:annotation></xsd:element><xsd:element name="EndTime" type="dateType"><xsd:annotation><xsd:appinfo><searchable>false</searchable></xsd:appinfo></xsd:annotation></xsd:element></xsd:sequence></xsd:complexType></xsd:element></xsd:schema>"#;

    #[test]
    fn searchable_fields_are_read_from_appinfo() {
        let f = searchable_fields(XSD);
        assert_eq!(
            f.get(&field_xpath(&["metadata", "StartTime"])),
            Some(&FieldKind::Numeric)
        );
        assert_eq!(
            f.get(&field_xpath(&["metadata", "Room"])),
            Some(&FieldKind::Text)
        );
        assert!(!f.contains_key(&field_xpath(&["metadata", "EndTime"])));
        assert!(!f.contains_key(&field_xpath(&["metadata", "Timezone"])));
        assert_eq!(f.len(), 2);
    }

    #[test]
    fn values_are_read_by_xpath_as_kaltura_indexes_them() {
        let xml = "<metadata><StartTime>1800000000</StartTime><Room>A &amp; B</Room></metadata>";
        let start = field_xpath(&["metadata", "StartTime"]);
        assert_eq!(numeric_value(Some(xml), &start), 1_800_000_000);
        assert_eq!(
            first_value(xml, &field_xpath(&["metadata", "Room"])).as_deref(),
            Some("A & B")
        );
        assert_eq!(numeric_value(Some("<metadata/>"), &start), 0);
        assert_eq!(numeric_value(None, &start), 0);
        assert_eq!(steps("/metadata/StartTime"), ["metadata", "StartTime"]);
    }

    #[test]
    fn comparisons_other_than_equality_need_a_value() {
        assert!(Comparison::Greater.holds(5, 1));
        assert!(!Comparison::Less.holds(0, 10), "no value never matches <");
        assert!(Comparison::Equal.holds(0, 0));
        assert!(Comparison::NotEqual.holds(0, 3));
        assert!(Comparison::LessOrEqual.holds(3, 3));
        assert_eq!(Comparison::parse("7"), None);
    }
}
