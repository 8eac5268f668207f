//! jixiao: Chinese budget performance-target disclosures (项目支出预算绩效目标表)
//! → one JSON record per project.
//!
//! The pipeline, one module per stage:
//! [`extract`] (bytes → pages) → [`table`] (pages → lines and grids) →
//! [`normalize`] (grids → project parts) → [`merge`] (parts → records, checks)
//! → [`output`] (files). [`batch`] runs it over many inputs in parallel.

pub mod batch;
pub mod domain;
pub mod error;
pub mod extract;
pub mod merge;
pub mod model;
pub mod normalize;
pub mod output;
pub mod record;
pub mod table;

pub use error::ConvertError;
pub use normalize::part::RowTally;
pub use record::Record;

use model::{Note, SourceKind};

/// The result of converting one document.
#[derive(Debug, Clone)]
pub struct Converted {
    pub kind: SourceKind,
    pub records: Vec<Record>,
    /// Document-level warnings (decoding problems, rows outside any project).
    pub notes: Vec<Note>,
    pub tally: RowTally,
}

/// Converts the bytes of one input. `file` is the path as the user gave it;
/// it goes into `document.file`.
pub fn convert_bytes(bytes: &[u8], file: &str) -> Result<Converted, ConvertError> {
    let doc = extract::extract(bytes)?;
    let blocks = table::blocks(&doc);
    let parsed = normalize::part::parts(&blocks);
    if parsed.parts.is_empty() {
        return Err(ConvertError::NoTargetTable);
    }
    let records = merge::records(&parsed.context, &parsed.parts, file);
    let mut notes = doc.notes;
    notes.extend(parsed.notes);
    Ok(Converted {
        kind: doc.kind,
        records,
        notes,
        tally: parsed.tally,
    })
}
