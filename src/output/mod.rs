//! Stage 5, output: records.jsonl, one `<stem>.json` per input and
//! report.json, each written atomically (temporary file, then rename).

pub mod pretty;

use crate::batch::FileOutcome;
use crate::model::Note;
use serde::Serialize;
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

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

/// Removes temporary files a killed run left behind.
pub fn clean_temp_files(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(TMP_PREFIX) {
                let _ = std::fs::remove_file(e.path());
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

#[derive(Serialize)]
struct ReportEntry<'a> {
    path: &'a str,
    status: &'static str,
    error: Option<String>,
    kind: Option<crate::model::SourceKind>,
    output: Option<&'a str>,
    records: usize,
    warnings: usize,
    rows_in: usize,
    rows_placed: usize,
    rows_warned: usize,
    notes: &'a [Note],
}

#[derive(Serialize)]
struct Report<'a> {
    schema_version: &'static str,
    inputs: Vec<ReportEntry<'a>>,
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

pub fn totals(outcomes: &[FileOutcome]) -> Totals {
    let mut t = Totals::default();
    for o in outcomes {
        t.files += 1;
        match &o.result {
            Ok(c) => {
                t.records += c.records.len();
                t.warnings += warning_count(c);
            }
            Err(_) => t.failed += 1,
        }
    }
    t
}

fn warning_count(c: &crate::Converted) -> usize {
    c.notes.len() + c.records.iter().map(|r| r.warnings.len()).sum::<usize>()
}

/// Writes every output file of a batch into `dir`.
pub fn write_all(dir: &Path, outcomes: &[FileOutcome]) -> std::io::Result<Totals> {
    std::fs::create_dir_all(dir)?;
    clean_temp_files(dir);
    let paths: Vec<String> = outcomes.iter().map(|o| o.path.clone()).collect();
    let names = output_names(&paths);
    let mut jsonl = Vec::new();
    let mut entries = Vec::new();
    for (o, name) in outcomes.iter().zip(&names) {
        match &o.result {
            Ok(c) => {
                // Serialize each record once; the pretty file re-indents it.
                let mut spans = Vec::with_capacity(c.records.len());
                for r in &c.records {
                    let start = jsonl.len();
                    serde_json::to_writer(&mut jsonl, r)?;
                    spans.push(start..jsonl.len());
                    jsonl.push(b'\n');
                }
                let pretty = pretty::pretty_array(spans.iter().map(|s| &jsonl[s.clone()]));
                write_atomic(&dir.join(name), &pretty)?;
                entries.push(ReportEntry {
                    path: &o.path,
                    status: "ok",
                    error: None,
                    kind: Some(c.kind),
                    output: Some(name),
                    records: c.records.len(),
                    warnings: warning_count(c),
                    rows_in: c.tally.rows_in,
                    rows_placed: c.tally.rows_placed,
                    rows_warned: c.tally.rows_warned,
                    notes: &c.notes,
                });
            }
            Err(e) => {
                // A stale output of an earlier run for this input would now
                // be misleading.
                let _ = std::fs::remove_file(dir.join(name));
                entries.push(ReportEntry {
                    path: &o.path,
                    status: "failed",
                    error: Some(e.to_string()),
                    kind: None,
                    output: None,
                    records: 0,
                    warnings: 0,
                    rows_in: 0,
                    rows_placed: 0,
                    rows_warned: 0,
                    notes: &[],
                });
            }
        }
    }
    write_atomic(&dir.join("records.jsonl"), &jsonl)?;
    let t = totals(outcomes);
    let report = Report {
        schema_version: crate::record::SCHEMA_VERSION,
        inputs: entries,
        totals: t,
    };
    let mut bytes = serde_json::to_vec_pretty(&report)?;
    bytes.push(b'\n');
    write_atomic(&dir.join("report.json"), &bytes)?;
    Ok(t)
}
