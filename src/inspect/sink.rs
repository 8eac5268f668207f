//! `convert --inspect` as a sink of the batch: the inspect folder of each
//! converted document that has warnings, drawn from the reading the
//! conversion kept ([`crate::inspect::Kept`]), so an input is read once.

use super::{Kept, catching, folder_beside, inspect_file, write};
use crate::output::{Doc, DocSummary, Records, Sink, Status};
use std::path::{Path, PathBuf};

/// Writes `<stem>-inspect/` beside the records in `dir`. It runs after the
/// per-input JSON sink, whose file name gives the stem. A folder that cannot
/// be written is the document's `inspect_error` (its records stand).
pub struct InspectSink {
    dir: PathBuf,
}

impl InspectSink {
    pub fn new(dir: &Path) -> InspectSink {
        InspectSink {
            dir: dir.to_path_buf(),
        }
    }
}

impl Sink<Records> for InspectSink {
    fn document(&mut self, doc: &mut Doc<Records>) -> std::io::Result<()> {
        let path = doc.input.path.clone();
        if doc.summary.warnings == 0 || path == "-" {
            return Ok(());
        }
        let folder = folder_beside(&path, &self.dir, doc.summary.output.as_deref());
        let kept: Option<Box<Kept>> = doc.body.as_mut().and_then(|b| b.inspect.take());
        let result = match kept {
            Some(k) => catching(|| write(&k.inspected, &k.bytes, &folder)),
            // Records the corpus filled in for an unchanged input were not
            // read this run: read it for its folder.
            None if doc.summary.status == Status::Unchanged => {
                catching(|| inspect_file(Path::new(&path), &path, &folder))
            }
            None => return Ok(()),
        };
        if let Err(e) = result {
            doc.summary.inspect_error = Some(e.to_string());
        }
        Ok(())
    }

    fn finish(&mut self, _docs: &[DocSummary]) -> std::io::Result<()> {
        Ok(())
    }
}
