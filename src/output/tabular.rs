//! CSV, XLSX and Parquet: projects, indicators and warnings as three tables whose
//! columns come from the records themselves ([`super::flatten`]).
//!
//! Each record is flattened once, as its document comes in: its rows widen
//! the tables' columns and are spooled (a compact binary form, input order)
//! to a temporary file; at the end one pass over the spool writes the CSV
//! files and the workbook. Memory stays flat in the number of records
//! (CSV), and a key that appears late still gets its column in the right
//! place.

use super::flatten::{Cell, Columns, Names, Row};
use super::tables::BOM;
use super::{Doc, DocSummary, Records, Sink, temp_beside, write_atomic};
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The three tables, their CSV file names and XLSX sheet names.
pub const TABLES: [&str; 3] = ["projects", "indicators", "warnings"];
pub const XLSX_FILE: &str = "records.xlsx";
/// Rows per Parquet row group (and per Arrow batch written).
const PARQUET_BATCH: usize = 64 * 1024;
/// Excel's limits: rows per sheet and characters per cell.
const XLSX_MAX_ROWS: usize = 1_048_576;
const XLSX_MAX_CHARS: usize = 32_767;

pub struct Tabular {
    dir: PathBuf,
    csv: bool,
    xlsx: bool,
    parquet: bool,
    spool_path: PathBuf,
    spool: Option<BufWriter<File>>,
    names: Names,
    cols: [Columns; 3],
}

/// Spooled rows: per row its table (u8) and cell count (u32), then per cell
/// its column number (u32), a tag and the value (little-endian).
mod spool {
    use super::{Cell, Row};
    use std::io::{self, Read, Write};

    const NULL: u8 = 0;
    const FALSE: u8 = 1;
    const TRUE: u8 = 2;
    const INT: u8 = 3;
    const FLOAT: u8 = 4;
    const TEXT: u8 = 5;

    pub fn write(out: &mut impl Write, table: u8, row: &Row) -> io::Result<()> {
        out.write_all(&[table])?;
        out.write_all(&(row.len() as u32).to_le_bytes())?;
        for (id, cell) in row {
            out.write_all(&id.to_le_bytes())?;
            match cell {
                Cell::Null => out.write_all(&[NULL])?,
                Cell::Bool(false) => out.write_all(&[FALSE])?,
                Cell::Bool(true) => out.write_all(&[TRUE])?,
                Cell::Int(i) => {
                    out.write_all(&[INT])?;
                    out.write_all(&i.to_le_bytes())?;
                }
                Cell::Float(f) => {
                    out.write_all(&[FLOAT])?;
                    out.write_all(&f.to_bits().to_le_bytes())?;
                }
                Cell::Text(s) => {
                    out.write_all(&[TEXT])?;
                    out.write_all(&(s.len() as u32).to_le_bytes())?;
                    out.write_all(s.as_bytes())?;
                }
            }
        }
        Ok(())
    }

    fn u32_of(r: &mut impl Read) -> io::Result<u32> {
        let mut b = [0; 4];
        r.read_exact(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn u64_of(r: &mut impl Read) -> io::Result<u64> {
        let mut b = [0; 8];
        r.read_exact(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    /// The next row into `row` (cleared first), with its table; None at the
    /// end of the spool.
    pub fn read(r: &mut impl Read, row: &mut Row) -> io::Result<Option<u8>> {
        let mut t = [0u8; 1];
        if r.read(&mut t)? == 0 {
            return Ok(None);
        }
        row.clear();
        let n = u32_of(r)?;
        for _ in 0..n {
            let id = u32_of(r)?;
            let mut tag = [0u8; 1];
            r.read_exact(&mut tag)?;
            let cell = match tag[0] {
                NULL => Cell::Null,
                FALSE => Cell::Bool(false),
                TRUE => Cell::Bool(true),
                INT => Cell::Int(u64_of(r)? as i64),
                FLOAT => Cell::Float(f64::from_bits(u64_of(r)?)),
                TEXT => {
                    let len = u32_of(r)? as usize;
                    let mut b = vec![0u8; len];
                    r.read_exact(&mut b)?;
                    Cell::Text(String::from_utf8(b).map_err(io::Error::other)?)
                }
                _ => return Err(io::Error::other("tabular spool: bad cell tag")),
            };
            row.push((id, cell));
        }
        Ok(Some(t[0]))
    }
}

impl Tabular {
    pub fn create(dir: &Path, csv: bool, xlsx: bool) -> std::io::Result<Tabular> {
        let spool_path = temp_beside(&dir.join("tabular-spool.bin"));
        let spool = Some(BufWriter::with_capacity(
            1 << 20,
            File::create(&spool_path)?,
        ));
        Ok(Tabular {
            dir: dir.to_path_buf(),
            csv,
            xlsx,
            parquet: false,
            spool_path,
            spool,
            names: Names::default(),
            cols: Default::default(),
        })
    }

    /// Also writes projects.parquet, indicators.parquet, warnings.parquet.
    pub fn with_parquet(mut self, parquet: bool) -> Tabular {
        self.parquet = parquet;
        self
    }

    /// Runs `f` on every spooled row (table index, row), in order.
    fn each_row(
        &self,
        mut f: impl FnMut(usize, &Row) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut r = BufReader::with_capacity(1 << 20, File::open(&self.spool_path)?);
        let mut row = Row::new();
        while let Some(t) = spool::read(&mut r, &mut row)? {
            f(t as usize, &row)?;
        }
        Ok(())
    }

    /// The columns of the three tables, with the join columns for a table
    /// with no rows.
    fn columns(&mut self) -> [Columns; 3] {
        let mut cols = std::mem::take(&mut self.cols);
        super::columnar::complete_columns(&mut self.names, &mut cols);
        cols
    }

    fn header<'a>(&'a self, c: &Columns) -> Vec<&'a str> {
        c.ids.iter().map(|&id| self.names.name(id)).collect()
    }

    /// Writes the CSV files and the workbook in one pass over the spool.
    fn write(&self, cols: &[Columns; 3]) -> std::io::Result<()> {
        let mut csv_out = Vec::new();
        if self.csv {
            for (name, c) in TABLES.iter().zip(cols) {
                let path = self.dir.join(format!("{name}.csv"));
                let tmp = temp_beside(&path);
                let mut f = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
                f.write_all(BOM)?;
                let mut w = csv::Writer::from_writer(f);
                w.write_record(self.header(c))?;
                csv_out.push((w, tmp, path));
            }
        }
        let mut book = if self.xlsx {
            Some(Book::new(self, cols)?)
        } else {
            None
        };
        let mut parquet = Vec::new();
        if self.parquet {
            for (t, (name, c)) in TABLES.iter().zip(cols).enumerate() {
                parquet.push(Parquet::create(
                    &self.dir.join(format!("{name}.parquet")),
                    super::columnar::BatchBuilder::for_table(&self.names, c, t),
                )?);
            }
        }
        self.each_row(|t, row| {
            let cells = cols[t].arrange(row);
            if let Some(p) = parquet.get_mut(t) {
                p.put(&cells)?;
            }
            if let Some((w, _, _)) = csv_out.get_mut(t) {
                for cell in &cells {
                    w.write_field(cell.csv_text().as_bytes())?;
                }
                w.write_record(None::<&[u8]>)?;
            }
            if let Some(b) = book.as_mut() {
                b.put(t, &cells)?;
            }
            Ok(())
        })?;
        for (w, tmp, path) in csv_out {
            let f = w.into_inner().map_err(|e| e.into_error())?;
            f.into_inner().map_err(|e| e.into_error())?;
            std::fs::rename(tmp, path)?;
        }
        if let Some(b) = book {
            b.save(&self.dir.join(XLSX_FILE), cols)?;
        }
        for p in parquet {
            p.save()?;
        }
        Ok(())
    }
}

/// One Parquet file being written to a temporary file beside its path
/// (renamed into place by [`Parquet::save`], removed if dropped unsaved):
/// typed columns from [`super::columnar`], snappy-compressed.
struct Parquet {
    rows: super::columnar::BatchBuilder,
    writer: Option<parquet::arrow::ArrowWriter<BufWriter<File>>>,
    tmp: PathBuf,
    path: PathBuf,
}

fn perr(e: parquet::errors::ParquetError) -> std::io::Error {
    std::io::Error::other(format!("parquet: {e}"))
}

impl Parquet {
    fn create(path: &Path, rows: super::columnar::BatchBuilder) -> std::io::Result<Parquet> {
        use parquet::basic::Compression;
        use parquet::file::properties::WriterProperties;
        let tmp = temp_beside(path);
        let f = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_size(PARQUET_BATCH)
            .build();
        let writer = parquet::arrow::ArrowWriter::try_new(f, rows.schema(), Some(props));
        let mut p = Parquet {
            rows,
            writer: None,
            tmp,
            path: path.to_path_buf(),
        };
        p.writer = Some(writer.map_err(perr)?);
        Ok(p)
    }

    fn put(&mut self, cells: &[&Cell]) -> std::io::Result<()> {
        self.rows.push(cells.iter().copied());
        if self.rows.len() >= PARQUET_BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let batch = self.rows.finish();
        if let Some(w) = self.writer.as_mut() {
            w.write(&batch).map_err(perr)?;
        }
        Ok(())
    }

    fn save(mut self) -> std::io::Result<()> {
        if !self.rows.is_empty() {
            self.flush()?;
        }
        if let Some(w) = self.writer.take() {
            let f = w.into_inner().map_err(perr)?;
            f.into_inner().map_err(|e| e.into_error())?;
        }
        std::fs::rename(&self.tmp, &self.path)
    }
}

impl Drop for Parquet {
    fn drop(&mut self) {
        // Unsaved (an error on the way): no half-written file is left.
        if self.writer.is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

fn xerr(e: rust_xlsxwriter::XlsxError) -> std::io::Error {
    std::io::Error::other(format!("xlsx: {e}"))
}

/// records.xlsx being written: a sheet per table, header row in bold,
/// frozen, with an autofilter over the rows.
struct Book {
    book: rust_xlsxwriter::Workbook,
    next_row: [usize; 3],
}

impl Book {
    fn new(t: &Tabular, cols: &[Columns; 3]) -> std::io::Result<Book> {
        use rust_xlsxwriter::{Format, Workbook};
        let mut book = Workbook::new();
        // Deflate level 3 instead of 6: the workbook's compression was most
        // of its time (measured: xlsx added 3.8 s CPU to 2.2 s of jsonl on
        // 400 documents, two thirds of it in deflate's longest_match).
        book.set_zip_compression_level(3);
        let bold = Format::new().set_bold();
        for (name, c) in TABLES.iter().zip(cols) {
            let sheet = book.add_worksheet();
            sheet.set_name(*name).map_err(xerr)?;
            for (i, n) in t.header(c).iter().enumerate() {
                sheet
                    .write_string_with_format(0, i as u16, *n, &bold)
                    .map_err(xerr)?;
            }
            sheet.set_freeze_panes(1, 0).map_err(xerr)?;
        }
        Ok(Book {
            book,
            next_row: [1; 3],
        })
    }

    fn put(&mut self, t: usize, cells: &[&Cell]) -> std::io::Result<()> {
        let r = self.next_row[t];
        if r >= XLSX_MAX_ROWS {
            return Err(std::io::Error::other(format!(
                "xlsx: more than {XLSX_MAX_ROWS} rows in sheet {}; use --format csv",
                TABLES[t]
            )));
        }
        self.next_row[t] += 1;
        let sheet = self.book.worksheet_from_index(t).map_err(xerr)?;
        for (col, cell) in cells.iter().enumerate() {
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
    }

    fn save(mut self, path: &Path, cols: &[Columns; 3]) -> std::io::Result<()> {
        for (t, c) in cols.iter().enumerate() {
            let last_row = (self.next_row[t] - 1) as u32;
            let last_col = c.len().saturating_sub(1) as u16;
            let sheet = self.book.worksheet_from_index(t).map_err(xerr)?;
            sheet.autofilter(0, 0, last_row, last_col).map_err(xerr)?;
        }
        let bytes = self.book.save_to_buffer().map_err(xerr)?;
        write_atomic(path, &bytes)
    }
}

impl Sink<Records> for Tabular {
    fn document(&mut self, doc: &mut Doc<Records>) -> std::io::Result<()> {
        let (Some(body), Some(out)) = (&doc.body, &mut self.spool) else {
            return Ok(());
        };
        let cols = &mut self.cols;
        for i in 0..body.json.len() {
            let rows = body.rows(i, &mut self.names)?;
            cols[0].observe(&rows.project);
            spool::write(out, 0, &rows.project)?;
            for r in &rows.indicators {
                cols[1].observe(r);
                spool::write(out, 1, r)?;
            }
            for r in &rows.warnings {
                cols[2].observe(r);
                spool::write(out, 2, r)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, _docs: &[DocSummary]) -> std::io::Result<()> {
        let Some(spool) = self.spool.take() else {
            return Ok(());
        };
        spool.into_inner().map_err(|e| e.into_error())?;
        let cols = self.columns();
        self.write(&cols)?;
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
        if self.parquet {
            w.extend(TABLES.iter().map(|t| format!("{t}.parquet")));
        }
        w
    }
}

impl Drop for Tabular {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.spool_path);
    }
}
