//! What one reading of a document produced, kept for the inspect view:
//! its pages, the table stage's grids, the roles the layout stage gave the
//! cells, the records and the notes. Part of the output stage, so a batch
//! body (`output::Records`) can carry it to the inspect sink; it gathers
//! from the stages below.

use super::record::Record;
use crate::diag::Diagnostics;
use crate::layout::part::Parsed;
use crate::model::{Block, CellMark, Document, Grid};

/// Everything inspect shows of one document.
#[derive(Debug, Clone)]
pub struct Inspected {
    pub file: String,
    pub doc: Document,
    /// The `Block::Table` grids of the table stage, in order: the index is
    /// a [`CellMark`]'s `table`.
    pub grids: Vec<Grid>,
    pub marks: Vec<CellMark>,
    pub records: Vec<Record>,
    /// Document notes (decoding, rows outside any project, other tables).
    pub notes: Diagnostics,
}

impl Inspected {
    /// What inspect shows of a document read through the stages: `blocks`
    /// of the table stage, `parsed` of the layout stage, the merged
    /// `records`.
    pub fn of(
        file: &str,
        doc: Document,
        blocks: Vec<Block>,
        parsed: &Parsed,
        records: &[Record],
    ) -> Inspected {
        let mut notes = doc.notes.clone();
        notes.extend(parsed.notes.iter().cloned());
        let grids = blocks
            .into_iter()
            .filter_map(|b| match b {
                Block::Table(g) => Some(g),
                Block::Line(_) => None,
            })
            .collect();
        Inspected {
            file: file.to_string(),
            doc,
            grids,
            marks: parsed.marks.clone(),
            records: records.to_vec(),
            notes,
        }
    }
}

/// A converted document kept for its inspect folder: what was read and
/// the input's bytes (the pages are rendered from them).
#[derive(Debug, Clone)]
pub struct Kept {
    pub inspected: Inspected,
    pub bytes: Vec<u8>,
}
