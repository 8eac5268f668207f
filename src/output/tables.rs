//! The sinks of `jixiao tables`: every table as JSON on stdout (one array
//! item per input), or one CSV file per table named after its input, page,
//! number and caption.

use super::{Doc, DocSummary, Sink, Status, write_atomic};
use crate::FoundTable;
use crate::model::Grid;
use serde::Serialize;
use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;

/// UTF-8 byte-order mark: Excel on Chinese Windows reads the file as UTF-8
/// only with it.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";
/// Most characters of a caption put into a file name.
const CAPTION_IN_NAME: usize = 40;

/// The tables of one input.
pub type Tables = Vec<FoundTable>;

/// One table as `jixiao tables` prints it (also the Python package's
/// `jixiao.tables`).
#[derive(Serialize)]
pub struct TableOut<'a> {
    table: usize,
    page: Option<u32>,
    caption: Option<&'a str>,
    rows: u32,
    cols: u32,
    cells: &'a [crate::model::Cell],
}

impl<'a> TableOut<'a> {
    /// Table `i` (from 0) of an input.
    pub fn new(i: usize, t: &'a FoundTable) -> TableOut<'a> {
        TableOut {
            table: i + 1,
            page: page_of(&t.grid),
            caption: t.caption.as_deref(),
            rows: t.grid.rows,
            cols: t.grid.cols,
            cells: &t.grid.cells,
        }
    }
}

fn page_of(g: &Grid) -> Option<u32> {
    g.cells.first().and_then(|c| c.page)
}

/// Page ranges (`3-5,9` → [(3, 5), (9, 9)]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pages(pub Vec<(u32, u32)>);

/// Keeps the tables on the chosen pages (`None`: all). Text input has no
/// pages and counts as page 1.
pub fn on_pages(tables: Tables, pages: Option<&Pages>) -> Tables {
    match pages {
        None => tables,
        Some(Pages(ranges)) => tables
            .into_iter()
            .filter(|t| {
                let p = page_of(&t.grid).unwrap_or(1);
                ranges.iter().any(|(a, b)| (*a..=*b).contains(&p))
            })
            .collect(),
    }
}

/// Parses `3-5,9` into ranges.
pub fn parse_pages(spec: &str) -> Result<Pages, String> {
    spec.split(',')
        .map(|part| {
            let part = part.trim();
            let num = |s: &str| {
                s.trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("bad page number {s:?} in --pages {spec:?}"))
            };
            match part.split_once('-') {
                Some((a, b)) => {
                    let (a, b) = (num(a)?, num(b)?);
                    if a > b {
                        return Err(format!("page range {part} runs backwards"));
                    }
                    Ok((a, b))
                }
                None => num(part).map(|n| (n, n)),
            }
        })
        .collect::<Result<_, _>>()
        .map(Pages)
}

/// The grid as rows × cols of text, a spanning cell's text in every slot it
/// covers.
pub fn filled(grid: &Grid) -> Vec<Vec<&str>> {
    let mut m = vec![vec![""; grid.cols as usize]; grid.rows as usize];
    for c in &grid.cells {
        for r in c.row..(c.row + c.rowspan.max(1)).min(grid.rows) {
            for k in c.col..(c.col + c.colspan.max(1)).min(grid.cols) {
                m[r as usize][k as usize] = &c.text;
            }
        }
    }
    m
}

/// A caption made safe for a file name.
fn caption_for_name(c: &str) -> String {
    let cleaned: String = c
        .chars()
        .filter(|ch| !ch.is_control())
        .map(|ch| match ch {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_whitespace() => '_',
            c => c,
        })
        .take(CAPTION_IN_NAME)
        .collect();
    cleaned.trim_matches(['_', '.']).to_string()
}

/// JSON on stdout: `[{"file": …, "tables": [{table, page, caption, rows,
/// cols, cells}]}, …]`, streamed one input at a time.
pub struct TablesJson {
    out: std::io::BufWriter<std::io::Stdout>,
    first: bool,
}

impl Default for TablesJson {
    fn default() -> Self {
        TablesJson {
            out: std::io::BufWriter::new(std::io::stdout()),
            first: true,
        }
    }
}

impl TablesJson {
    fn emit(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match self.out.write_all(bytes) {
            // A reader that stopped early (| head) is not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            r => r,
        }
    }
}

impl Sink<Tables> for TablesJson {
    fn document(&mut self, doc: &mut Doc<Tables>) -> std::io::Result<()> {
        let Some(tables) = &doc.body else {
            return Ok(());
        };
        #[derive(Serialize)]
        struct FileTables<'a> {
            file: &'a str,
            tables: Vec<TableOut<'a>>,
        }
        let item = FileTables {
            file: &doc.input.path,
            tables: tables
                .iter()
                .enumerate()
                .map(|(i, t)| TableOut::new(i, t))
                .collect(),
        };
        let mut bytes = if self.first {
            b"[\n".to_vec()
        } else {
            b",\n".to_vec()
        };
        self.first = false;
        let mut ser = serde_json::Serializer::with_formatter(
            &mut bytes,
            serde_json::ser::PrettyFormatter::with_indent(b"  "),
        );
        item.serialize(&mut ser)?;
        self.emit(&bytes)
    }

    fn finish(&mut self, _docs: &[DocSummary]) -> std::io::Result<()> {
        let end: &[u8] = if self.first { b"[]\n" } else { b"\n]\n" };
        self.emit(end)?;
        match self.out.flush() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            r => r,
        }
    }
}

/// One CSV per table (UTF-8 with BOM, merged cells' text repeated over
/// their span): `<input name>-p002-t01-<caption>.csv` under the output
/// folder, the input name mirroring the input tree.
pub struct TablesCsv {
    dir: PathBuf,
    made: HashSet<PathBuf>,
    written: Vec<String>,
}

impl TablesCsv {
    pub fn new(dir: &std::path::Path) -> TablesCsv {
        TablesCsv {
            dir: dir.to_path_buf(),
            made: HashSet::new(),
            written: Vec::new(),
        }
    }
}

impl Sink<Tables> for TablesCsv {
    fn document(&mut self, doc: &mut Doc<Tables>) -> std::io::Result<()> {
        let Some(tables) = &doc.body else {
            return Ok(());
        };
        for (i, t) in tables.iter().enumerate() {
            let mut name = doc.input.name.clone();
            if let Some(p) = page_of(&t.grid) {
                name.push_str(&format!("-p{p:03}"));
            }
            name.push_str(&format!("-t{:02}", i + 1));
            if let Some(c) = t.caption.as_deref().map(caption_for_name)
                && !c.is_empty()
            {
                name.push('-');
                name.push_str(&c);
            }
            name.push_str(".csv");
            let path = self.dir.join(&name);
            if let Some(parent) = path.parent()
                && self.made.insert(parent.to_path_buf())
            {
                std::fs::create_dir_all(parent)?;
            }
            let mut w = csv::WriterBuilder::new().from_writer(BOM.to_vec());
            for row in filled(&t.grid) {
                w.write_record(row)?;
            }
            let bytes = w.into_inner().map_err(|e| e.into_error())?;
            write_atomic(&path, &bytes)?;
            self.written.push(name);
        }
        Ok(())
    }

    fn finish(&mut self, _docs: &[DocSummary]) -> std::io::Result<()> {
        Ok(())
    }

    fn written(&self) -> Vec<String> {
        self.written.clone()
    }
}

/// The report entry of an input whose tables were read.
pub fn summary(path: &str, tables: &Tables) -> DocSummary {
    let mut s = DocSummary::new(path, Status::Ok, None);
    s.records = tables.len();
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_captions() {
        assert_eq!(parse_pages("3-5,9").unwrap().0, [(3, 5), (9, 9)]);
        assert!(parse_pages("5-3").is_err());
        assert!(parse_pages("0").is_err());
        assert!(parse_pages("x").is_err());
        assert_eq!(caption_for_name("表1 收支/总表:"), "表1_收支_总表");
    }
}
