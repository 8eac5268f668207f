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
pub mod inspect;
pub mod layout;
pub mod merge;
pub mod model;
pub mod normalize;
pub mod output;
pub mod table;
pub mod tuning;

pub use error::ConvertError;
pub use layout::part::RowTally;
pub use output::record::Record;

use crate::diag::Diagnostics;
use model::SourceKind;

/// The result of converting one document.
#[derive(Debug, Clone)]
pub struct Converted {
    pub kind: SourceKind,
    pub records: Vec<Record>,
    /// Document-level warnings (decoding problems, rows outside any project).
    pub notes: Diagnostics,
    pub tally: RowTally,
    /// Tables read per layout id, in first-seen order.
    pub layouts: Vec<(&'static str, usize)>,
}

/// Bounds on one document, so that a pathological input cannot stall or
/// exhaust the batch. Settings only: the watchdog's running state is
/// [`Watch`].
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Most pages read from one PDF.
    pub max_pages: u32,
    /// Most bytes of decoded stream data in one PDF.
    pub max_decoded_bytes: u64,
    /// Which PDF pages are read by OCR.
    pub ocr: extract::OcrMode,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_pages: 20_000,
            max_decoded_bytes: 2 << 30,
            ocr: extract::OcrMode::Auto,
        }
    }
}

/// What the batch's watchdog and one document's reader share while it runs.
#[derive(Debug, Clone, Default)]
pub struct Watch {
    /// Set by the extractor once it knows the page count (the watchdog
    /// scales the time limit with it); a page read by OCR counts as several
    /// pages.
    pub pages: std::sync::Arc<std::sync::atomic::AtomicU32>,
    /// Set when the batch has given up on the document (time-out,
    /// interrupt): the PDF reader stops at its next check instead of running
    /// on unseen.
    pub cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

/// Converts the bytes of one input. `file` is the path as the user gave it;
/// it goes into `document.file`.
pub fn convert_bytes(bytes: &[u8], file: &str) -> Result<Converted, ConvertError> {
    convert_bytes_limited(bytes, file, &Limits::default(), &Watch::default())
}

/// The tables the table stage finds in one input (text or PDF), in reading
/// order, whether or not they are performance-target tables.
pub fn read_tables(
    bytes: &[u8],
    limits: &Limits,
    watch: &Watch,
) -> Result<Vec<model::Grid>, ConvertError> {
    let doc = extract::extract(bytes, limits, watch)?;
    Ok(table::blocks(&doc)
        .into_iter()
        .filter_map(|b| match b {
            model::Block::Table(g) => Some(g),
            model::Block::Line(_) => None,
        })
        .collect())
}

/// A table found in a document, with its caption: the nearest text line
/// above it that names it (such as 财政拨款收支预算总表), passing over unit
/// lines (单位：万元, 部门：… 单位：万元), a bracketed year (（2025年）) and
/// page numbers.
#[derive(Debug, Clone)]
pub struct FoundTable {
    pub caption: Option<String>,
    pub grid: model::Grid,
}

/// How many lines above a table are looked at for its caption.
const CAPTION_LOOKBACK: usize = 3;

/// Lines between a caption and its table that are not the caption.
fn not_a_caption(text: &str) -> bool {
    let t = text.trim();
    let bare: String = t
        .chars()
        .filter(|c| !c.is_whitespace() && !"()（）".contains(*c))
        .collect();
    let year_only = bare.ends_with('年') || bare.ends_with("年度");
    let year_only = year_only
        && bare
            .trim_end_matches("年度")
            .trim_end_matches('年')
            .chars()
            .all(|c| c.is_ascii_digit());
    t.is_empty()
        || t.contains("单位：")
        || t.contains("单位:")
        || year_only
        || bare
            .chars()
            .all(|c| c.is_ascii_digit() || "-—第页/共".contains(c))
}

/// [`read_tables`] with each table's caption.
pub fn find_tables(
    bytes: &[u8],
    limits: &Limits,
    watch: &Watch,
) -> Result<Vec<FoundTable>, ConvertError> {
    find_tables_in(bytes, &extract::Format::of(bytes), limits, watch)
}

/// [`find_tables`] on bytes whose format is decided.
pub fn find_tables_in(
    bytes: &[u8],
    format: &extract::Format,
    limits: &Limits,
    watch: &Watch,
) -> Result<Vec<FoundTable>, ConvertError> {
    let doc = extract::read(bytes, format, limits, watch)?;
    let mut found = Vec::new();
    // Text lines since the last table, nearest last.
    let mut above: Vec<String> = Vec::new();
    for b in table::blocks(&doc) {
        match b {
            model::Block::Line(l) => above.push(l.text),
            model::Block::Table(grid) => {
                let caption = above
                    .iter()
                    .rev()
                    .take(CAPTION_LOOKBACK)
                    .find(|l| !not_a_caption(l))
                    .map(|l| l.trim().trim_start_matches('#').trim().to_string());
                above.clear();
                found.push(FoundTable { caption, grid });
            }
        }
    }
    Ok(found)
}

/// [`convert_bytes`] under explicit [`Limits`], watched through `watch`.
pub fn convert_bytes_limited(
    bytes: &[u8],
    file: &str,
    limits: &Limits,
    watch: &Watch,
) -> Result<Converted, ConvertError> {
    convert_read(bytes, &extract::Format::of(bytes), file, limits, watch)
}

/// [`convert_bytes_limited`] on bytes whose format is decided
/// ([`extract::Format::of`] on these bytes, carried by the batch).
pub fn convert_read(
    bytes: &[u8],
    format: &extract::Format,
    file: &str,
    limits: &Limits,
    watch: &Watch,
) -> Result<Converted, ConvertError> {
    convert_read_keeping(bytes, format, file, limits, watch, false).map(|(c, _)| c)
}

/// One document read through every stage to its records (target records,
/// then self-evaluation records), with what the stages made on the way:
/// what `inspect` shows besides the records.
pub struct Reading {
    pub doc: model::Document,
    pub blocks: Vec<model::Block>,
    pub parsed: layout::part::Parsed,
    /// Whether the layout stage found a target or self-evaluation table
    /// (a conversion without one is an error; inspect shows its tables).
    pub found: bool,
    pub records: Vec<output::record::Record>,
}

/// Reads one document through extraction, tables, layout, merge and the
/// records, on bytes whose format is decided. A document with no table to
/// read is no error here: `found` says so.
pub fn read_document(
    bytes: &[u8],
    format: &extract::Format,
    file: &str,
    limits: &Limits,
    watch: &Watch,
) -> Result<Reading, ConvertError> {
    let doc = extract::read(bytes, format, limits, watch)?;
    let blocks = table::blocks(&doc);
    let mut parsed = layout::read(&blocks);
    let found = !parsed.parts.is_empty() || !parsed.evaluations.is_empty();
    let projects = merge::projects(std::mem::take(&mut parsed.parts));
    let evaluations = merge::self_eval::projects(&parsed.evaluations);
    let mut records = output::record::target_records(&parsed.context, projects, file);
    records.extend(output::record::eval_records(
        &parsed.context,
        evaluations,
        file,
    ));
    Ok(Reading {
        doc,
        blocks,
        parsed,
        found,
        records,
    })
}

/// [`convert_read`], and when `keep` is set what `inspect` shows of the
/// document (its pages, grids, cell roles, records and notes), from the
/// same reading: `convert --inspect` reads each input once.
pub fn convert_read_keeping(
    bytes: &[u8],
    format: &extract::Format,
    file: &str,
    limits: &Limits,
    watch: &Watch,
    keep: bool,
) -> Result<(Converted, Option<output::reading::Inspected>), ConvertError> {
    // A web page saved under a .pdf name is read as the page it is (with a
    // note); anything else named .pdf that is not a PDF is refused, naming
    // what it is.
    let page_named_pdf = match format.named_pdf(file) {
        Some(true) => true,
        Some(false) => return Err(ConvertError::NamedPdf(extract::sniff_kind(bytes))),
        None => false,
    };
    let Reading {
        mut doc,
        blocks,
        parsed,
        found,
        records,
    } = read_document(bytes, format, file, limits, watch)?;
    if !found {
        return Err(if page_named_pdf {
            ConvertError::NamedPdf(
                "an HTML page with no performance-target table (a saved error page?)",
            )
        } else {
            ConvertError::NoTargetTable(parsed.notes)
        });
    }
    if page_named_pdf {
        doc.notes.note(
            crate::diag::Code::ReadAsHtml,
            "named .pdf but an HTML page: read as HTML",
        );
    }
    let kind = doc.kind;
    // Inspect takes the document itself (its pages are large); the
    // conversion keeps a copy of the notes only.
    let (mut notes, kept) = if keep {
        let notes = doc.notes.clone();
        let kept = output::reading::Inspected::of(file, doc, blocks, &parsed, &records);
        (notes, Some(kept))
    } else {
        (doc.notes, None)
    };
    notes.extend(parsed.notes);
    Ok((
        Converted {
            kind,
            records,
            notes,
            tally: parsed.tally,
            layouts: parsed.layouts,
        },
        kept,
    ))
}
