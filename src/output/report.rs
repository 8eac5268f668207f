//! report.json: every input with its status and counts, the totals, and the
//! list of files the run wrote. The next run into the same folder removes
//! the files of that list it does not write again, and nothing else.

use super::{Doc, DocSummary, Sink, Totals, totals, write_atomic};
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

/// The report.json sink: it holds the batch's other sinks, hands each
/// document to them, and after they finish writes report.json (atomically)
/// with every report entry and the files they wrote, removing what the
/// previous run into the folder wrote and this one did not. So the command
/// only wires sinks; report.json comes last, after every other output is in
/// place.
pub struct ReportSink<T> {
    dir: std::path::PathBuf,
    previous: Vec<String>,
    inner: Vec<Box<dyn Sink<T>>>,
}

impl<T> ReportSink<T> {
    /// Reads the previous run's output list from `dir` now, before any sink
    /// writes.
    pub fn around(dir: &Path, inner: Vec<Box<dyn Sink<T>>>) -> ReportSink<T> {
        ReportSink {
            dir: dir.to_path_buf(),
            previous: previous_outputs(dir),
            inner,
        }
    }
}

impl<T> Sink<T> for ReportSink<T> {
    fn document(&mut self, doc: &mut Doc<T>) -> std::io::Result<()> {
        self.inner.document(doc)
    }

    fn finish(&mut self, docs: &[DocSummary]) -> std::io::Result<()> {
        self.inner.finish(docs)?;
        write(&self.dir, docs, self.inner.written(), &self.previous)?;
        Ok(())
    }

    fn written(&self) -> Vec<String> {
        let mut w = self.inner.written();
        w.push(FILE.into());
        w
    }
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
        schema_version: super::record::SCHEMA_VERSION.to_string(),
        inputs: docs.to_vec(),
        totals: t.clone(),
        outputs: written,
    };
    let mut bytes = serde_json::to_vec_pretty(&report)?;
    bytes.push(b'\n');
    write_atomic(&dir.join(FILE), &bytes)?;
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Records, Status};

    /// A sink that writes one named file in `finish`.
    struct OneFile(std::path::PathBuf, &'static str);

    impl Sink<Records> for OneFile {
        fn document(&mut self, _doc: &mut Doc<Records>) -> std::io::Result<()> {
            Ok(())
        }
        fn finish(&mut self, _docs: &[DocSummary]) -> std::io::Result<()> {
            std::fs::write(self.0.join(self.1), "x")
        }
        fn written(&self) -> Vec<String> {
            vec![self.1.to_string()]
        }
    }

    /// report.json comes after the sinks it holds finish, lists what they
    /// wrote, and the next run removes what it does not write again.
    #[test]
    fn the_report_lists_what_the_sinks_inside_it_wrote() {
        let dir = std::env::temp_dir().join(format!("jixiao-report-sink-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let docs = [DocSummary::new("a.txt", Status::Ok, None)];
        let run = |name: &'static str| {
            let inner: Vec<Box<dyn Sink<Records>>> = vec![Box::new(OneFile(dir.clone(), name))];
            let mut sink = ReportSink::around(&dir, inner);
            sink.finish(&docs).unwrap();
            assert_eq!(sink.written(), [name, FILE]);
        };
        run("first.json");
        assert_eq!(previous_outputs(&dir), ["first.json"]);
        run("second.json");
        assert_eq!(previous_outputs(&dir), ["second.json"]);
        assert!(
            !dir.join("first.json").exists(),
            "the previous run's file is removed"
        );
        assert!(dir.join("second.json").is_file());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
