//! report.json: every input with its status and counts, the totals, and the
//! list of files the run wrote. The next run into the same folder removes
//! the files of that list it does not write again, and nothing else.

use super::{DocSummary, Totals, totals, write_atomic};
use serde::{Deserialize, Serialize};
use std::path::{Component, Path};

pub const FILE: &str = "report.json";

#[derive(Serialize, Deserialize)]
struct Report {
    schema_version: String,
    inputs: Vec<DocSummary>,
    totals: Totals,
    /// Files written by this run, relative to the output folder.
    #[serde(default)]
    outputs: Vec<String>,
}

/// The files the previous run into `dir` wrote (from its report.json).
pub fn previous_outputs(dir: &Path) -> Vec<String> {
    let Ok(bytes) = std::fs::read(dir.join(FILE)) else {
        return Vec::new();
    };
    #[derive(Deserialize)]
    struct Outputs {
        #[serde(default)]
        outputs: Vec<String>,
    }
    serde_json::from_slice::<Outputs>(&bytes)
        .map(|o| o.outputs)
        .unwrap_or_default()
}

/// Writes report.json and removes the files of `previous` this run did not
/// write (only plain relative paths inside `dir`; folders left empty by
/// that are removed too).
pub fn write(
    dir: &Path,
    docs: &[DocSummary],
    mut written: Vec<String>,
    previous: &[String],
) -> std::io::Result<Totals> {
    written.sort();
    written.dedup();
    for old in previous {
        let rel = Path::new(old);
        let plain = rel.components().all(|c| matches!(c, Component::Normal(_)));
        if !plain || written.binary_search(old).is_ok() {
            continue;
        }
        let path = dir.join(rel);
        if path.is_file() && std::fs::remove_file(&path).is_ok() {
            // Folders this left empty (never the output folder itself).
            let mut up = path.parent();
            while let Some(p) = up {
                if p == dir || std::fs::remove_dir(p).is_err() {
                    break;
                }
                up = p.parent();
            }
        }
    }
    let t = totals(docs);
    let report = Report {
        schema_version: crate::record::SCHEMA_VERSION.to_string(),
        inputs: docs.to_vec(),
        totals: t.clone(),
        outputs: written,
    };
    let mut bytes = serde_json::to_vec_pretty(&report)?;
    bytes.push(b'\n');
    write_atomic(&dir.join(FILE), &bytes)?;
    Ok(t)
}
