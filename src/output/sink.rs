//! What the batch hands to sinks: one finished document ([`Doc`]) with its
//! report entry ([`DocSummary`]), and the [`Sink`] trait.

use crate::output::names::Input;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What became of one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Read; records written.
    Ok,
    /// Read fine; holds no performance-target table.
    NoTarget,
    /// Not a document (image, archive, unknown binary).
    Skipped,
    /// Could not be read or written.
    Failed,
    /// The batch was interrupted before this input finished.
    Interrupted,
    /// Already in the `--db` corpus with this content and tool version.
    Unchanged,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Ok,
        Status::NoTarget,
        Status::Skipped,
        Status::Failed,
        Status::Interrupted,
        Status::Unchanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::NoTarget => "no_target",
            Status::Skipped => "skipped",
            Status::Failed => "failed",
            Status::Interrupted => "interrupted",
            Status::Unchanged => "unchanged",
        }
    }
}

/// What report.json says of one input.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DocSummary {
    pub path: String,
    pub status: Status,
    /// The one-line reason for any status but ok and unchanged.
    pub error: Option<String>,
    pub kind: Option<String>,
    /// The per-input output file, relative to the output folder.
    pub output: Option<String>,
    pub records: usize,
    pub warnings: usize,
    /// Warnings (record warnings and document notes) counted by code.
    #[serde(default)]
    pub warning_codes: BTreeMap<String, usize>,
    /// Tables read per layout family.
    #[serde(default)]
    pub layouts: BTreeMap<String, usize>,
    pub rows_in: usize,
    pub rows_placed: usize,
    pub rows_warned: usize,
    pub notes: Vec<serde_json::Value>,
    /// Why the document's inspect folder could not be written: a line for
    /// the person running the batch, not part of report.json (the records
    /// were written).
    #[serde(skip)]
    pub inspect_error: Option<String>,
}

impl DocSummary {
    pub fn new(path: &str, status: Status, error: Option<String>) -> DocSummary {
        DocSummary {
            path: path.to_string(),
            status,
            error,
            kind: None,
            output: None,
            records: 0,
            warnings: 0,
            warning_codes: BTreeMap::new(),
            layouts: BTreeMap::new(),
            rows_in: 0,
            rows_placed: 0,
            rows_warned: 0,
            notes: Vec::new(),
            inspect_error: None,
        }
    }
}

/// A document's records, each serialized once as compact JSON (the form of
/// records.jsonl lines; the per-input files re-indent it), and the records
/// themselves when freshly converted (the flat outputs read them, not the
/// JSON; records read back from the corpus have only their JSON).
#[derive(Debug, Clone, Default)]
pub struct Records {
    pub json: Vec<String>,
    pub records: Vec<crate::Record>,
    /// What the inspect sink draws, kept from the same reading when the
    /// batch was asked for inspect folders (`convert --inspect`).
    pub inspect: Option<Box<super::reading::Kept>>,
}

impl Records {
    /// The flat rows of record `i`: from the record when present, else from
    /// its JSON.
    pub fn rows(
        &self,
        i: usize,
        names: &mut super::flatten::Names,
    ) -> std::io::Result<super::flatten::Rows> {
        if self.records.len() == self.json.len() {
            Ok(super::flatten::record(&self.records[i], names))
        } else {
            let v: serde_json::Value = serde_json::from_str(&self.json[i])?;
            Ok(super::flatten::record(&v, names))
        }
    }
}

/// The identity of an input's bytes, for the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    pub sha256: String,
    pub size: u64,
}

/// One finished input, handed to each sink in input order.
#[derive(Debug)]
pub struct Doc<T> {
    /// Position in the batch.
    pub index: usize,
    pub input: Input,
    pub summary: DocSummary,
    /// What the work produced (None unless ok or unchanged).
    pub body: Option<T>,
    /// Set when the batch hashes inputs (`--db`).
    pub content: Option<Content>,
}

/// Receives finished documents in input order, on one thread, and writes
/// them somewhere. An error from [`Sink::document`] fails that document
/// ("cannot write output: …"); one from [`Sink::finish`] fails the batch.
pub trait Sink<T> {
    /// One document. A sink may complete the document: the corpus fills in
    /// an unchanged document's records from its stored copy.
    fn document(&mut self, doc: &mut Doc<T>) -> std::io::Result<()>;
    /// After the last document (also after an interrupt), with every
    /// report entry in input order.
    fn finish(&mut self, docs: &[DocSummary]) -> std::io::Result<()>;
    /// Files this sink wrote, relative to the output folder (report.json
    /// lists them; the next run removes those it does not write again).
    fn written(&self) -> Vec<String> {
        Vec::new()
    }
}

/// Several sinks in a row, each seeing a document after the one before.
impl<T> Sink<T> for Vec<Box<dyn Sink<T>>> {
    fn document(&mut self, doc: &mut Doc<T>) -> std::io::Result<()> {
        for s in self.iter_mut() {
            s.document(doc)?;
        }
        Ok(())
    }
    fn finish(&mut self, docs: &[DocSummary]) -> std::io::Result<()> {
        for s in self.iter_mut() {
            s.finish(docs)?;
        }
        Ok(())
    }
    fn written(&self) -> Vec<String> {
        self.iter().flat_map(|s| s.written()).collect()
    }
}

/// Counts over a batch.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Totals {
    pub files: usize,
    pub ok: usize,
    pub no_target: usize,
    pub skipped: usize,
    pub failed: usize,
    pub interrupted: usize,
    pub unchanged: usize,
    pub records: usize,
    pub warnings: usize,
    pub warning_codes: BTreeMap<String, usize>,
    /// Tables read per layout family, over the batch.
    #[serde(default)]
    pub layouts: BTreeMap<String, usize>,
}

impl Totals {
    pub fn count(&self, s: Status) -> usize {
        match s {
            Status::Ok => self.ok,
            Status::NoTarget => self.no_target,
            Status::Skipped => self.skipped,
            Status::Failed => self.failed,
            Status::Interrupted => self.interrupted,
            Status::Unchanged => self.unchanged,
        }
    }

    /// The summary line: files by status, records, warnings by code.
    pub fn line(&self) -> String {
        let statuses: Vec<String> = Status::ALL
            .iter()
            .filter(|s| self.count(**s) > 0)
            .map(|s| format!("{} {}", self.count(*s), s.as_str()))
            .collect();
        let mut line = format!(
            "{} file{} ({}), {} records, {} warnings",
            self.files,
            if self.files == 1 { "" } else { "s" },
            statuses.join(", "),
            self.records,
            self.warnings
        );
        if !self.warning_codes.is_empty() {
            let codes: Vec<String> = self
                .warning_codes
                .iter()
                .map(|(c, n)| format!("{c} {n}"))
                .collect();
            line.push_str(&format!(" ({})", codes.join(", ")));
        }
        line
    }
}

pub fn totals(docs: &[DocSummary]) -> Totals {
    let mut t = Totals::default();
    for d in docs {
        t.files += 1;
        t.records += d.records;
        t.warnings += d.warnings;
        for (c, n) in &d.warning_codes {
            *t.warning_codes.entry(c.clone()).or_default() += n;
        }
        for (l, n) in &d.layouts {
            *t.layouts.entry(l.clone()).or_default() += n;
        }
        match d.status {
            Status::Ok => t.ok += 1,
            Status::NoTarget => t.no_target += 1,
            Status::Skipped => t.skipped += 1,
            Status::Failed => t.failed += 1,
            Status::Interrupted => t.interrupted += 1,
            Status::Unchanged => t.unchanged += 1,
        }
    }
    t
}
