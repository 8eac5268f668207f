//! Small helpers shared by the XML-based readers (DOCX, ODS) over
//! quick-xml's streaming reader: attribute values, entity references
//! (predefined and character references only: a DOCTYPE's own entities are
//! never expanded, so an entity bomb expands to nothing) and a nesting cap.

use crate::error::ConvertError;
use quick_xml::events::{BytesRef, BytesStart};

/// Deepest element nesting read from an office XML part.
pub const MAX_XML_DEPTH: usize = 10_000;

/// The value of attribute `name` (qualified, e.g. `w:val`), unescaped.
pub fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.into_owned())
        })
}

/// The text an entity reference stands for; unknown entities give nothing.
pub fn entity(r: &BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = r.xml10_content();
    quick_xml::escape::resolve_predefined_entity(&name)
        .unwrap_or("")
        .to_string()
}

/// Tracks nesting depth; fails past [`MAX_XML_DEPTH`].
#[derive(Default)]
pub struct Depth(usize);

impl Depth {
    pub fn open(&mut self, format: &'static str) -> Result<(), ConvertError> {
        self.0 += 1;
        if self.0 > MAX_XML_DEPTH {
            return Err(ConvertError::Format {
                format,
                reason: format!("XML nested deeper than {MAX_XML_DEPTH}"),
            });
        }
        Ok(())
    }
    pub fn close(&mut self) {
        self.0 = self.0.saturating_sub(1);
    }
}

pub fn xml_error(format: &'static str, e: impl std::fmt::Display) -> ConvertError {
    ConvertError::Format {
        format,
        reason: format!("malformed XML ({e})"),
    }
}
