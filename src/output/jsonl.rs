//! records.jsonl: every record of the batch, one compact JSON per line, in
//! input order. Written to a temporary file as documents come in and renamed
//! into place at the end, so a killed run leaves the old file or none.

use super::{Doc, DocSummary, Records, Sink, temp_beside};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

pub const FILE: &str = "records.jsonl";

pub struct Jsonl {
    path: PathBuf,
    tmp: PathBuf,
    out: Option<BufWriter<File>>,
}

impl Jsonl {
    pub fn create(dir: &std::path::Path) -> std::io::Result<Jsonl> {
        let path = dir.join(FILE);
        let tmp = temp_beside(&path);
        let out = Some(BufWriter::with_capacity(1 << 20, File::create(&tmp)?));
        Ok(Jsonl { path, tmp, out })
    }
}

/// Writes a document's records as JSON lines.
pub fn write_lines(out: &mut impl Write, body: &Records) -> std::io::Result<()> {
    for r in &body.json {
        out.write_all(r.as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

impl Sink<Records> for Jsonl {
    fn document(&mut self, doc: &mut Doc<Records>) -> std::io::Result<()> {
        match (&doc.body, &mut self.out) {
            (Some(body), Some(out)) => write_lines(out, body),
            _ => Ok(()),
        }
    }

    fn finish(&mut self, _docs: &[DocSummary]) -> std::io::Result<()> {
        if let Some(out) = self.out.take() {
            out.into_inner().map_err(|e| e.into_error())?;
            std::fs::rename(&self.tmp, &self.path)?;
        }
        Ok(())
    }

    fn written(&self) -> Vec<String> {
        vec![FILE.into()]
    }
}

impl Drop for Jsonl {
    fn drop(&mut self) {
        if self.out.is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}
