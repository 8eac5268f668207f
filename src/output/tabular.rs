//! CSV and XLSX: projects, indicators and warnings as three tables whose
//! columns come from the records themselves ([`super::flatten`]).
//!
//! Records are spooled (compact JSON, input order) to a temporary file as
//! documents come in; at the end a first pass over the spool settles each
//! table's columns and a second pass writes the rows, so memory stays flat
//! in the number of records (CSV) and a key that appears late still gets
//! its column in the right place.

use super::flatten::{self, Cell, Columns, Row};
use super::tables::BOM;
use super::{Doc, DocSummary, Records, Sink, temp_beside, write_atomic};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The three tables, their CSV file names and XLSX sheet names.
pub const TABLES: [&str; 3] = ["projects", "indicators", "warnings"];
pub const XLSX_FILE: &str = "records.xlsx";
/// Excel's limits: rows per sheet and characters per cell.
const XLSX_MAX_ROWS: usize = 1_048_576;
const XLSX_MAX_CHARS: usize = 32_767;

pub struct Tabular {
    dir: PathBuf,
    csv: bool,
    xlsx: bool,
    spool_path: PathBuf,
    spool: Option<BufWriter<File>>,
}

impl Tabular {
    pub fn create(dir: &Path, csv: bool, xlsx: bool) -> std::io::Result<Tabular> {
        let spool_path = temp_beside(&dir.join("tabular-spool.jsonl"));
        let spool = Some(BufWriter::with_capacity(
            1 << 20,
            File::create(&spool_path)?,
        ));
        Ok(Tabular {
            dir: dir.to_path_buf(),
            csv,
            xlsx,
            spool_path,
            spool,
        })
    }

    /// Runs `f` on the flat rows of every spooled record, in order.
    fn each_record(
        &self,
        mut f: impl FnMut(flatten::Rows) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let r = BufReader::with_capacity(1 << 20, File::open(&self.spool_path)?);
        for line in r.lines() {
            let line = line?;
            let v: serde_json::Value = serde_json::from_str(&line)?;
            f(flatten::record(&v))?;
        }
        Ok(())
    }

    fn columns(&self) -> std::io::Result<[Columns; 3]> {
        let mut cols: [Columns; 3] = Default::default();
        self.each_record(|rows| {
            cols[0].observe(&rows.project);
            for r in &rows.indicators {
                cols[1].observe(r);
            }
            for r in &rows.warnings {
                cols[2].observe(r);
            }
            Ok(())
        })?;
        // A table with no rows still gets its join columns.
        for c in &mut cols[1..] {
            if c.names.is_empty() {
                *c =
                    Columns::from_names(flatten::JOIN_KEYS.iter().map(|s| s.to_string()).collect());
            }
        }
        if cols[0].names.is_empty() {
            cols[0] = Columns::from_names(vec!["record_id".into()]);
        }
        Ok(cols)
    }

    fn write_csv(&self, cols: &[Columns; 3]) -> std::io::Result<()> {
        let mut writers = Vec::new();
        for (name, c) in TABLES.iter().zip(cols) {
            let path = self.dir.join(format!("{name}.csv"));
            let tmp = temp_beside(&path);
            let mut f = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
            f.write_all(BOM)?;
            let mut w = csv::Writer::from_writer(f);
            w.write_record(&c.names)?;
            writers.push((w, tmp, path));
        }
        let put =
            |w: &mut csv::Writer<BufWriter<File>>, c: &Columns, row: &Row| -> std::io::Result<()> {
                for cell in c.arrange(row) {
                    w.write_field(cell.csv_text().as_bytes())?;
                }
                w.write_record(None::<&[u8]>)?;
                Ok(())
            };
        self.each_record(|rows| {
            put(&mut writers[0].0, &cols[0], &rows.project)?;
            for r in &rows.indicators {
                put(&mut writers[1].0, &cols[1], r)?;
            }
            for r in &rows.warnings {
                put(&mut writers[2].0, &cols[2], r)?;
            }
            Ok(())
        })?;
        for (w, tmp, path) in writers {
            let f = w.into_inner().map_err(|e| e.into_error())?;
            f.into_inner().map_err(|e| e.into_error())?;
            std::fs::rename(tmp, path)?;
        }
        Ok(())
    }

    fn write_xlsx(&self, cols: &[Columns; 3]) -> std::io::Result<()> {
        use rust_xlsxwriter::{Format, Workbook};
        let xerr = |e: rust_xlsxwriter::XlsxError| std::io::Error::other(format!("xlsx: {e}"));
        let mut book = Workbook::new();
        let bold = Format::new().set_bold();
        for (name, c) in TABLES.iter().zip(cols) {
            let sheet = book.add_worksheet();
            sheet.set_name(*name).map_err(xerr)?;
            for (i, n) in c.names.iter().enumerate() {
                sheet
                    .write_string_with_format(0, i as u16, n, &bold)
                    .map_err(xerr)?;
            }
            sheet.set_freeze_panes(1, 0).map_err(xerr)?;
        }
        let mut next_row = [1usize; 3];
        let mut put = |book: &mut Workbook, t: usize, row: &Row| -> std::io::Result<()> {
            let r = next_row[t];
            if r >= XLSX_MAX_ROWS {
                return Err(std::io::Error::other(format!(
                    "xlsx: more than {XLSX_MAX_ROWS} rows in sheet {}; use --format csv",
                    TABLES[t]
                )));
            }
            next_row[t] += 1;
            let sheet = book.worksheet_from_index(t).map_err(xerr)?;
            for (col, cell) in cols[t].arrange(row).iter().enumerate() {
                let (r, col) = (r as u32, col as u16);
                match cell {
                    Cell::Null => {}
                    Cell::Bool(b) => {
                        sheet.write_boolean(r, col, *b).map_err(xerr)?;
                    }
                    Cell::Int(i) => {
                        sheet.write_number(r, col, *i as f64).map_err(xerr)?;
                    }
                    Cell::Float(f) => {
                        sheet.write_number(r, col, *f).map_err(xerr)?;
                    }
                    Cell::Text(s) => {
                        let s = match s.char_indices().nth(XLSX_MAX_CHARS) {
                            Some((cut, _)) => &s[..cut],
                            None => s.as_str(),
                        };
                        sheet.write_string(r, col, s).map_err(xerr)?;
                    }
                }
            }
            Ok(())
        };
        self.each_record(|rows| {
            put(&mut book, 0, &rows.project)?;
            for r in &rows.indicators {
                put(&mut book, 1, r)?;
            }
            for r in &rows.warnings {
                put(&mut book, 2, r)?;
            }
            Ok(())
        })?;
        for (t, c) in cols.iter().enumerate() {
            let last_row = (next_row[t] - 1) as u32;
            let last_col = c.names.len().saturating_sub(1) as u16;
            let sheet = book.worksheet_from_index(t).map_err(xerr)?;
            sheet.autofilter(0, 0, last_row, last_col).map_err(xerr)?;
        }
        let bytes = book.save_to_buffer().map_err(xerr)?;
        write_atomic(&self.dir.join(XLSX_FILE), &bytes)
    }
}

impl Sink<Records> for Tabular {
    fn document(&mut self, doc: &mut Doc<Records>) -> std::io::Result<()> {
        match (&doc.body, &mut self.spool) {
            (Some(body), Some(out)) => super::jsonl::write_lines(out, body),
            _ => Ok(()),
        }
    }

    fn finish(&mut self, _docs: &[DocSummary]) -> std::io::Result<()> {
        let Some(spool) = self.spool.take() else {
            return Ok(());
        };
        spool.into_inner().map_err(|e| e.into_error())?;
        let cols = self.columns()?;
        if self.csv {
            self.write_csv(&cols)?;
        }
        if self.xlsx {
            self.write_xlsx(&cols)?;
        }
        let _ = std::fs::remove_file(&self.spool_path);
        Ok(())
    }

    fn written(&self) -> Vec<String> {
        let mut w = Vec::new();
        if self.csv {
            w.extend(TABLES.iter().map(|t| format!("{t}.csv")));
        }
        if self.xlsx {
            w.push(XLSX_FILE.into());
        }
        w
    }
}

impl Drop for Tabular {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.spool_path);
    }
}
