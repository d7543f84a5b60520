//! Checking a metadata record's XML against its profile's XSD, as Kaltura's
//! `kMetadataManager::validateMetadata` does (libxml's `schemaValidate`) on `metadata.add` and
//! `metadata.update`, refusing with `INVALID_METADATA_DATA`.
//!
//! The profiles the sandbox seeds use a small part of XML Schema, and that is the part read here:
//! `xsd:element` (`name`, `type`, `minOccurs`, `maxOccurs`), an anonymous `xsd:complexType`
//! holding one `xsd:sequence`, and named `xsd:simpleType`s restricting a built-in type. Elements
//! must come in the sequence's order and number, integer types must hold integers, element-only
//! content must hold no text. An XSD using anything else is not understood: the XML is then only
//! checked for being well formed (and the sandbox says so in docs/sandbox.md). Messages imitate
//! libxml's ("Element 'Foo': This element is not expected. Expected is ( StartTime ).").

use roxmltree::{Document, Node, ParsingOptions};
use std::collections::HashMap;

/// XML Schema's namespace.
const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";

/// The most nodes a record may hold; a record is a few dozen, and the cap keeps a hostile one
/// from costing the sandbox its memory.
const NODES_LIMIT: u32 = 20_000;

/// What an element declares.
#[derive(Debug, Clone, PartialEq)]
struct Decl {
    name: String,
    min: u32,
    /// `None` for `unbounded`.
    max: Option<u32>,
    content: Content,
}

#[derive(Debug, Clone, PartialEq)]
enum Content {
    /// Text of a simple type (the built-in type it comes down to: `int`, `long`, `string`...).
    Simple(String),
    /// Child elements in this order.
    Sequence(Vec<Decl>),
}

/// Parses `text` as Kaltura's XML parser would accept it: no DTD, a bounded number of nodes.
fn parse(text: &str) -> Result<Document<'_>, String> {
    Document::parse_with_options(
        text,
        ParsingOptions {
            allow_dtd: false,
            nodes_limit: NODES_LIMIT,
            ..ParsingOptions::default()
        },
    )
    .map_err(|e| format!("the XML is not well formed: {e}"))
}

/// Checks `xml` against `xsd`; the error is the sentence Kaltura puts after
/// "invalid metadata data: ".
pub fn validate(xsd: &str, xml: &str) -> Result<(), String> {
    let doc = parse(xml)?;
    let Some(roots) = read_schema(xsd) else {
        return Ok(());
    };
    let root = doc.root_element();
    let name = root.tag_name().name();
    match roots.iter().find(|d| d.name == name) {
        Some(decl) => check(root, decl),
        None => Err(format!(
            "Element '{name}': No matching global declaration available for the validation root."
        )),
    }
}

/// The schema's global element declarations, or `None` when it uses more of XML Schema than is
/// understood here.
fn read_schema(xsd: &str) -> Option<Vec<Decl>> {
    let doc = parse(xsd).ok()?;
    let schema = doc.root_element();
    if !is_xsd(schema, "schema") {
        return None;
    }
    let mut simple_types = HashMap::new();
    for t in schema.children().filter(|n| is_xsd(*n, "simpleType")) {
        let name = t.attribute("name")?;
        let base = t
            .children()
            .find(|n| is_xsd(*n, "restriction"))?
            .attribute("base")?;
        simple_types.insert(name.to_string(), local(base).to_string());
    }
    schema
        .children()
        .filter(|n| is_xsd(*n, "element"))
        .map(|e| read_element(e, &simple_types))
        .collect()
}

fn read_element(e: Node<'_, '_>, simple_types: &HashMap<String, String>) -> Option<Decl> {
    let name = e.attribute("name")?.to_string();
    let min = match e.attribute("minOccurs") {
        Some(v) => v.parse().ok()?,
        None => 1,
    };
    let max = match e.attribute("maxOccurs") {
        Some("unbounded") => None,
        Some(v) => Some(v.parse().ok()?),
        None => Some(1),
    };
    let content = match e.attribute("type") {
        Some(t) => {
            let t = local(t);
            Content::Simple(
                simple_types
                    .get(t)
                    .cloned()
                    .unwrap_or_else(|| t.to_string()),
            )
        }
        None => match e.children().find(|n| is_xsd(*n, "complexType")) {
            Some(complex) => {
                let children = match complex.children().find(|n| n.is_element()) {
                    None => Vec::new(),
                    Some(seq) if is_xsd(seq, "sequence") => seq
                        .children()
                        .filter(|n| n.is_element())
                        .map(|c| {
                            if is_xsd(c, "element") {
                                read_element(c, simple_types)
                            } else {
                                None
                            }
                        })
                        .collect::<Option<Vec<_>>>()?,
                    Some(_) => return None,
                };
                Content::Sequence(children)
            }
            None => Content::Simple("string".into()),
        },
    };
    Some(Decl {
        name,
        min,
        max,
        content,
    })
}

fn is_xsd(n: Node<'_, '_>, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(XSD_NS)
}

/// `xsd:long` → `long`.
fn local(qname: &str) -> &str {
    qname.rsplit(':').next().unwrap_or(qname)
}

fn check(node: Node<'_, '_>, decl: &Decl) -> Result<(), String> {
    let name = &decl.name;
    match &decl.content {
        Content::Simple(t) => {
            if let Some(child) = node.children().find(|n| n.is_element()) {
                return Err(format!(
                    "Element '{name}': Element content is not allowed, because the content type is a simple type (found '{}').",
                    child.tag_name().name()
                ));
            }
            let text: String = node.children().filter_map(|n| n.text()).collect();
            check_value(name, t, &text)
        }
        Content::Sequence(children) => {
            if node
                .children()
                .any(|n| n.is_text() && n.text().is_some_and(|t| !t.trim().is_empty()))
            {
                return Err(format!(
                    "Element '{name}': Character content other than whitespace is not allowed because the content type is 'element-only'."
                ));
            }
            let found: Vec<Node<'_, '_>> = node.children().filter(|n| n.is_element()).collect();
            let mut i = 0;
            for child in children {
                let mut count = 0;
                while i < found.len() && found[i].tag_name().name() == child.name {
                    if child.max.is_some_and(|m| count >= m) {
                        break;
                    }
                    check(found[i], child)?;
                    count += 1;
                    i += 1;
                }
                if count < child.min {
                    let what = found.get(i).map_or_else(
                        || format!("Element '{name}': Missing child element(s)."),
                        |n| {
                            format!(
                                "Element '{}': This element is not expected.",
                                n.tag_name().name()
                            )
                        },
                    );
                    return Err(format!("{what} Expected is ( {} ).", child.name));
                }
            }
            match found.get(i) {
                None => Ok(()),
                Some(extra) => Err(format!(
                    "Element '{}': This element is not expected.",
                    extra.tag_name().name()
                )),
            }
        }
    }
}

fn check_value(name: &str, simple: &str, text: &str) -> Result<(), String> {
    let integer = matches!(
        simple,
        "int" | "integer" | "long" | "short" | "byte" | "nonNegativeInteger" | "positiveInteger"
    );
    if integer && text.trim().parse::<i64>().is_err() {
        return Err(format!(
            "Element '{name}': '{}' is not a valid value of the atomic type 'xs:{simple}'.",
            text.chars().take(64).collect::<String>()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::validate;

    const XSD: &str = r#"<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"><xsd:element name="metadata"><xsd:complexType><xsd:sequence><xsd:element name="StartTime" minOccurs="0" maxOccurs="1" type="dateType"/><xsd:element name="Timezone" minOccurs="0" maxOccurs="1" type="xsd:string"/><xsd:element name="Presenter" minOccurs="0" maxOccurs="unbounded"><xsd:complexType><xsd:sequence><xsd:element name="PresenterName" minOccurs="0" maxOccurs="1" type="xsd:string"/></xsd:sequence></xsd:complexType></xsd:element></xsd:sequence></xsd:complexType></xsd:element><xsd:simpleType name="dateType"><xsd:restriction base="xsd:long"/></xsd:simpleType></xsd:schema>"#;

    #[test]
    fn records_follow_the_sequence_and_the_types() {
        for ok in [
            "<metadata/>",
            "<metadata><StartTime> 12 </StartTime></metadata>",
            "<metadata><Timezone>UTC</Timezone><Presenter><PresenterName>A &amp; B</PresenterName></Presenter><Presenter/></metadata>",
            "<?xml version=\"1.0\"?>\n<metadata>\n  <StartTime>1</StartTime>\n</metadata>",
        ] {
            assert_eq!(validate(XSD, ok), Ok(()), "{ok}");
        }
        let refused = |xml: &str| validate(XSD, xml).unwrap_err();
        assert!(
            refused("<metadata><Foo/></metadata>")
                .contains("Element 'Foo': This element is not expected")
        );
        assert!(
            refused("<metadata><Timezone>x</Timezone><StartTime>1</StartTime></metadata>")
                .contains("Element 'StartTime': This element is not expected"),
            "order counts"
        );
        assert!(
            refused("<metadata><StartTime>soon</StartTime></metadata>")
                .contains("'soon' is not a valid value")
        );
        assert!(
            refused("<metadata><StartTime></StartTime></metadata>").contains("not a valid value")
        );
        assert!(refused("<metadata>text</metadata>").contains("element-only"));
        assert!(refused("<other/>").contains("No matching global declaration"));
        assert!(
            refused("<metadata><StartTime>1</metadata>").starts_with("the XML is not well formed")
        );
        assert!(
            refused("<!DOCTYPE x [<!ENTITY a \"aaaa\">]><metadata/>")
                .starts_with("the XML is not well formed"),
            "no DTDs, no entity expansion"
        );
    }

    #[test]
    fn an_xsd_beyond_the_understood_part_only_asks_for_well_formed_xml() {
        let choice = r#"<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"><xsd:element name="metadata"><xsd:complexType><xsd:choice><xsd:element name="A"/></xsd:choice></xsd:complexType></xsd:element></xsd:schema>"#;
        assert_eq!(validate(choice, "<metadata><Z/></metadata>"), Ok(()));
        assert!(validate(choice, "<metadata>").is_err());
    }
}
