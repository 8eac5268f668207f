//! One pretty JSON file per input that gave records: `<name>.json` under the
//! output folder, `<name>` mirroring the input tree (see
//! [`crate::output::names::Input::name`]).

use super::{Doc, Records, Sink, Status, pretty, write_atomic};
use std::collections::HashSet;
use std::path::PathBuf;

pub struct JsonFiles {
    dir: PathBuf,
    made: HashSet<PathBuf>,
    written: Vec<String>,
}

impl JsonFiles {
    pub fn new(dir: &std::path::Path) -> JsonFiles {
        JsonFiles {
            dir: dir.to_path_buf(),
            made: HashSet::new(),
            written: Vec::new(),
        }
    }
}

impl Sink<Records> for JsonFiles {
    fn document(&mut self, doc: &mut Doc<Records>) -> std::io::Result<()> {
        let Some(body) = &doc.body else { return Ok(()) };
        if !matches!(doc.summary.status, Status::Ok | Status::Unchanged) || body.json.is_empty() {
            return Ok(());
        }
        let name = format!("{}.json", doc.input.name);
        let path = self.dir.join(&name);
        if let Some(parent) = path.parent()
            && self.made.insert(parent.to_path_buf())
        {
            std::fs::create_dir_all(parent)?;
        }
        let pretty = pretty::pretty_array(body.json.iter().map(|s| s.as_bytes()));
        write_atomic(&path, &pretty)?;
        doc.summary.output = Some(name.clone());
        self.written.push(name);
        Ok(())
    }

    fn finish(&mut self, _docs: &[super::DocSummary]) -> std::io::Result<()> {
        Ok(())
    }

    fn written(&self) -> Vec<String> {
        self.written.clone()
    }
}
