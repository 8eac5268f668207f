//! Stage 5, output: records.jsonl, one `<stem>.json` per input and
//! report.json, each written atomically (temporary file, then rename).

pub mod pretty;

use crate::model::{Note, SourceKind};
use crate::{ConvertError, Converted};
use serde::Serialize;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Prefix of temporary files; leftovers from a killed run are removed.
pub const TMP_PREFIX: &str = ".jixiao-tmp-";
const RESERVED: &[&str] = &["records", "report"];

/// Writes `bytes` to `path` through a temporary file in the same folder, so
/// that `path` is either the old file or the whole new one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!("{TMP_PREFIX}{}-{name}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        // No fsync: the rename makes the file whole-or-old for a killed
        // process; syncing each of hundreds of files costs more than it buys.
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Removes temporary files and spool folders a killed run left behind.
pub fn clean_temp_files(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(TMP_PREFIX) {
                let p = e.path();
                if p.is_dir() {
                    let _ = std::fs::remove_dir_all(p);
                } else {
                    let _ = std::fs::remove_file(p);
                }
            }
        }
    }
}

/// Output file names, one per input: the input's stem, made unique in input
/// order (`a.json`, `a-2.json`), never `records` or `report`.
pub fn output_names(paths: &[String]) -> Vec<String> {
    let mut used: HashSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    paths
        .iter()
        .map(|p| {
            let stem = Path::new(p)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .filter(|s| !s.is_empty() && !s.starts_with('.'))
                .unwrap_or_else(|| "input".into());
            let mut name = stem.clone();
            let mut n = 1;
            while !used.insert(name.clone()) {
                n += 1;
                name = format!("{stem}-{n}");
            }
            format!("{name}.json")
        })
        .collect()
}

/// What report.json says of one input.
#[derive(Debug, Clone, Serialize)]
pub struct DocSummary {
    pub path: String,
    pub status: Status,
    pub error: Option<String>,
    pub kind: Option<SourceKind>,
    pub output: Option<String>,
    pub records: usize,
    pub warnings: usize,
    pub rows_in: usize,
    pub rows_placed: usize,
    pub rows_warned: usize,
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Failed,
}

impl DocSummary {
    pub fn failed(path: &str, error: String) -> DocSummary {
        DocSummary {
            path: path.to_string(),
            status: Status::Failed,
            error: Some(error),
            kind: None,
            output: None,
            records: 0,
            warnings: 0,
            rows_in: 0,
            rows_placed: 0,
            rows_warned: 0,
            notes: Vec::new(),
        }
    }
}

#[derive(Serialize)]
struct Report<'a> {
    schema_version: &'static str,
    inputs: &'a [DocSummary],
    totals: Totals,
}

/// Counts over a batch.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Totals {
    pub files: usize,
    pub failed: usize,
    pub records: usize,
    pub warnings: usize,
}

pub fn totals(docs: &[DocSummary]) -> Totals {
    let mut t = Totals::default();
    for d in docs {
        t.files += 1;
        t.records += d.records;
        t.warnings += d.warnings;
        if d.status == Status::Failed {
            t.failed += 1;
        }
    }
    t
}

/// Writes a batch's outputs as documents finish, so memory stays flat in
/// the number of inputs: each document's pretty file at once, its
/// records.jsonl lines into a spool file; [`Writer::finish`] joins the
/// spool in input order into records.jsonl and writes report.json.
pub struct Writer {
    dir: PathBuf,
    spool: PathBuf,
}

impl Writer {
    pub fn create(dir: &Path) -> std::io::Result<Writer> {
        std::fs::create_dir_all(dir)?;
        clean_temp_files(dir);
        let spool = dir.join(format!("{TMP_PREFIX}spool-{}", std::process::id()));
        std::fs::create_dir_all(&spool)?;
        Ok(Writer {
            dir: dir.to_path_buf(),
            spool,
        })
    }

    fn spool_file(&self, index: usize) -> PathBuf {
        self.spool.join(format!("{index:08}.jsonl"))
    }

    /// Writes the outputs of input number `index` (its output file `name`)
    /// and returns its report entry.
    pub fn document(
        &self,
        index: usize,
        name: &str,
        path: &str,
        result: &Result<Converted, ConvertError>,
    ) -> DocSummary {
        let c = match result {
            Ok(c) => c,
            Err(e) => {
                // A stale output of an earlier run for this input would now
                // be misleading.
                let _ = std::fs::remove_file(self.dir.join(name));
                return DocSummary::failed(path, e.to_string());
            }
        };
        let written = (|| -> std::io::Result<()> {
            let mut jsonl = Vec::new();
            let mut spans = Vec::with_capacity(c.records.len());
            for r in &c.records {
                let start = jsonl.len();
                serde_json::to_writer(&mut jsonl, r)?;
                spans.push(start..jsonl.len());
                jsonl.push(b'\n');
            }
            let pretty = pretty::pretty_array(spans.iter().map(|s| &jsonl[s.clone()]));
            std::fs::write(self.spool_file(index), &jsonl)?;
            write_atomic(&self.dir.join(name), &pretty)
        })();
        if let Err(e) = written {
            return DocSummary::failed(path, format!("cannot write output: {e}"));
        }
        DocSummary {
            path: path.to_string(),
            status: Status::Ok,
            error: None,
            kind: Some(c.kind),
            output: Some(name.to_string()),
            records: c.records.len(),
            warnings: c.notes.len() + c.records.iter().map(|r| r.warnings.len()).sum::<usize>(),
            rows_in: c.tally.rows_in,
            rows_placed: c.tally.rows_placed,
            rows_warned: c.tally.rows_warned,
            notes: c.notes.clone(),
        }
    }

    /// Joins the spooled records in input order into records.jsonl, writes
    /// report.json, removes the spool.
    pub fn finish(self, docs: &[DocSummary]) -> std::io::Result<Totals> {
        let tmp = self
            .dir
            .join(format!("{TMP_PREFIX}{}-records.jsonl", std::process::id()));
        {
            let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
            for (i, d) in docs.iter().enumerate() {
                if d.status == Status::Ok {
                    let mut f = std::fs::File::open(self.spool_file(i))?;
                    std::io::copy(&mut f, &mut out)?;
                }
            }
            out.flush()?;
        }
        std::fs::rename(&tmp, self.dir.join("records.jsonl"))?;
        let t = totals(docs);
        let report = Report {
            schema_version: crate::record::SCHEMA_VERSION,
            inputs: docs,
            totals: t,
        };
        let mut bytes = serde_json::to_vec_pretty(&report)?;
        bytes.push(b'\n');
        write_atomic(&self.dir.join("report.json"), &bytes)?;
        let _ = std::fs::remove_dir_all(&self.spool);
        Ok(t)
    }
}
