//! jixiao: Chinese budget performance-target disclosures (项目支出预算绩效目标表)
//! → one JSON record per project.
//!
//! The pipeline, one module per stage:
//! [`extract`] (bytes → pages) → [`table`] (pages → lines and grids) →
//! [`layout`] (grids → project parts, by layout family; text cleanup and
//! values in [`normalize`]) → [`merge`] (parts → records, checks)
//! → [`output`] (files). [`batch`] runs it over many inputs in parallel.

pub mod batch;
pub mod diag;
pub mod domain;
pub mod error;
pub mod extract;
pub mod layout;
pub mod merge;
pub mod model;
pub mod normalize;
pub mod output;
pub mod record;
pub mod table;

pub use error::ConvertError;
pub use layout::part::RowTally;
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
    /// Tables read per layout id, in first-seen order.
    pub layouts: Vec<(&'static str, usize)>,
}

/// Bounds on one document, so that a pathological input cannot stall or
/// exhaust the batch.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Most pages read from one PDF.
    pub max_pages: u32,
    /// Most bytes of decoded stream data in one PDF.
    pub max_decoded_bytes: u64,
    /// Set by the extractor once it knows the page count (the batch's
    /// watchdog scales the time limit with it); a page read by OCR counts
    /// as several pages.
    pub pages: std::sync::Arc<std::sync::atomic::AtomicU32>,
    /// Set when the batch has given up on the document (time-out): the PDF
    /// reader stops at its next check instead of running on unseen.
    pub cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// Which PDF pages are read by OCR.
    pub ocr: extract::OcrMode,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_pages: 20_000,
            max_decoded_bytes: 2 << 30,
            pages: Default::default(),
            cancel: Default::default(),
            ocr: extract::OcrMode::current_default(),
        }
    }
}

/// Converts the bytes of one input. `file` is the path as the user gave it;
/// it goes into `document.file`.
pub fn convert_bytes(bytes: &[u8], file: &str) -> Result<Converted, ConvertError> {
    convert_bytes_limited(bytes, file, &Limits::default())
}

/// The tables the table stage finds in one input (text or PDF), in reading
/// order, whether or not they are performance-target tables.
pub fn read_tables(bytes: &[u8], limits: &Limits) -> Result<Vec<model::Grid>, ConvertError> {
    let doc = extract::extract(bytes, limits)?;
    Ok(table::blocks(&doc)
        .into_iter()
        .filter_map(|b| match b {
            model::Block::Table(g) => Some(g),
            model::Block::Line(_) => None,
        })
        .collect())
}

/// [`convert_bytes`] under explicit [`Limits`].
pub fn convert_bytes_limited(
    bytes: &[u8],
    file: &str,
    limits: &Limits,
) -> Result<Converted, ConvertError> {
    if file.to_ascii_lowercase().ends_with(".pdf") && !extract::is_pdf(bytes) {
        return Err(ConvertError::NamedPdf(extract::sniff_kind(bytes)));
    }
    let doc = extract::extract(bytes, limits)?;
    let blocks = table::blocks(&doc);
    let parsed = layout::read(&blocks);
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
        layouts: parsed.layouts,
    })
}
