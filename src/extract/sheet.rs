//! Spreadsheets → lines and grids, every sheet in order. XLSX and XLS are
//! read by calamine (XLSX cell by cell, so a sparse sheet with a far corner
//! costs nothing); ODS by [`super::ods`]. Merged regions become spans;
//! numbers read as the cell shows them where the format says so
//! (`#,##0.00` → `1,125.00`), whole numbers without `.0`, dates as dates.
//! A title or `单位：万元` row above a table becomes a line (see
//! [`super::grid::blocks`]). An empty sheet or a chart sheet is skipped
//! with a note.

use super::grid::{self, MAX_CELLS, MAX_GRID_COLS, MAX_GRID_ROWS, Placed};
use crate::error::ConvertError;
use crate::model::{Block, Document, Page, RowOrigin, SourceKind};
use calamine::{Data, DataRef, Reader, SheetType};
use std::io::Cursor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    Xlsx,
    Xls,
    Ods,
}

impl Flavor {
    fn name(self) -> &'static str {
        match self {
            Flavor::Xlsx => "XLSX",
            Flavor::Xls => "XLS",
            Flavor::Ods => "ODS",
        }
    }
}

/// A merged region: its top-left and bottom-right (row, column), 0-based.
pub type Region = ((u32, u32), (u32, u32));

/// Most merged regions read from one sheet.
pub const MAX_MERGES: usize = 100_000;

/// One sheet as read: its name and cells (spans from merged regions).
pub struct Sheet {
    pub name: String,
    pub cells: Vec<Placed>,
    /// Set when the sheet is not a worksheet (a chart sheet).
    pub skip_reason: Option<&'static str>,
}

pub fn read(bytes: &[u8], flavor: Flavor) -> Result<Document, ConvertError> {
    let err = |reason: String| ConvertError::Format {
        format: flavor.name(),
        reason,
    };
    // The ZIP directory is checked against the bomb caps first.
    let zip = match flavor {
        Flavor::Xlsx => Some(super::container::open_zip(bytes)?),
        _ => None,
    };
    let sheets = match (flavor, zip) {
        (Flavor::Xlsx, Some(zip)) => read_xlsx(bytes, zip).map_err(err)?,
        (Flavor::Xls, _) => read_xls(bytes).map_err(err)?,
        (_, _) => super::ods::read(bytes)?,
    };
    let kind = match flavor {
        Flavor::Xlsx => SourceKind::Xlsx,
        Flavor::Xls => SourceKind::Xls,
        Flavor::Ods => SourceKind::Ods,
    };
    Ok(sheets_document(sheets, kind))
}

/// Sheets → one page of blocks; each sheet's row origin is its sheet
/// number (as `page`) and 1-based row (as `line`).
pub fn sheets_document(sheets: Vec<Sheet>, kind: SourceKind) -> Document {
    let mut blocks: Vec<Block> = Vec::new();
    let mut notes = crate::diag::Diagnostics::new();
    for (i, sheet) in sheets.into_iter().enumerate() {
        let number = i as u32 + 1;
        if let Some(why) = sheet.skip_reason {
            notes.note(
                crate::diag::Code::SkippedSheet,
                format!("sheet {number} ({}) skipped: {why}", sheet.name),
            );
            continue;
        }
        let b = grid::blocks(
            sheet.cells,
            |r| RowOrigin {
                page: Some(number),
                line: Some(r + 1),
            },
            true,
        );
        if b.is_empty() {
            notes.note(
                crate::diag::Code::SkippedSheet,
                format!("sheet {number} ({}) skipped: empty", sheet.name),
            );
        }
        blocks.extend(b);
    }
    Document {
        kind,
        pages: vec![Page::Blocks(blocks)],
        notes,
    }
}

/// Regions larger than this are matched against the cells one by one
/// instead of position by position.
const REGION_SCAN_AREA: u64 = 4096;
/// Most cell-against-region comparisons spent on large merged regions.
const MAX_MERGE_WORK: u64 = 100_000_000;

/// Applies merged regions to cells placed at their own positions: the
/// top-left cell takes the span, the others in the region are dropped.
pub fn apply_merges(cells: &mut Vec<Placed>, merges: &[Region]) -> Result<(), String> {
    if merges.is_empty() {
        return Ok(());
    }
    let mut index: rustc_hash::FxHashMap<(u32, u32), usize> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| ((c.row, c.col), i))
        .collect();
    let mut drop = vec![false; cells.len()];
    let mut large = Vec::new();
    for &((r0, c0), (r1, c1)) in merges {
        if r1 < r0 || c1 < c0 {
            continue;
        }
        let rowspan = (r1 - r0 + 1).min(grid::MAX_ROWSPAN);
        let colspan = (c1 - c0 + 1).min(grid::MAX_COLSPAN);
        let i = *index.entry((r0, c0)).or_insert_with(|| {
            cells.push(Placed {
                row: r0,
                col: c0,
                rowspan: 1,
                colspan: 1,
                text: String::new(),
            });
            drop.push(false);
            cells.len() - 1
        });
        cells[i].rowspan = rowspan;
        cells[i].colspan = colspan;
        let area = rowspan as u64 * colspan as u64;
        if area <= REGION_SCAN_AREA {
            for r in r0..r0 + rowspan {
                for c in c0..c0 + colspan {
                    if (r, c) != (r0, c0)
                        && let Some(&j) = index.get(&(r, c))
                    {
                        drop[j] = true;
                    }
                }
            }
        } else {
            large.push((r0, c0, r0 + rowspan, c0 + colspan));
        }
    }
    if large.len() as u64 * cells.len() as u64 > MAX_MERGE_WORK {
        return Err(format!("{} large merged regions", large.len()));
    }
    for (j, c) in cells.iter().enumerate() {
        if large.iter().any(|&(r0, c0, r1, c1)| {
            (c.row, c.col) != (r0, c0) && c.row >= r0 && c.row < r1 && c.col >= c0 && c.col < c1
        }) {
            drop[j] = true;
        }
    }
    let mut k = 0;
    cells.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
    Ok(())
}

/// Adds a one-by-one cell with text (an empty one is skipped) within the
/// grid bounds.
fn place(cells: &mut Vec<Placed>, row: u32, col: u32, text: String) -> Result<(), String> {
    if text.is_empty() {
        return Ok(());
    }
    check_bounds(row, col, cells.len())?;
    cells.push(Placed {
        row,
        col,
        rowspan: 1,
        colspan: 1,
        text,
    });
    Ok(())
}

fn check_bounds(row: u32, col: u32, cells: usize) -> Result<(), String> {
    if row >= MAX_GRID_ROWS {
        Err(format!("a cell beyond row {MAX_GRID_ROWS}"))
    } else if col >= MAX_GRID_COLS {
        Err(format!("a cell beyond column {MAX_GRID_COLS}"))
    } else if cells >= MAX_CELLS {
        Err(format!("more than {MAX_CELLS} cells"))
    } else {
        Ok(())
    }
}

/// The workbook's reader with the positions it seeks to recorded, so that
/// the ZIP entry calamine opens for a sheet is known (see [`sheet_entry`]).
struct SeekSpy<'a> {
    inner: Cursor<&'a [u8]>,
    seeks: std::rc::Rc<std::cell::RefCell<Vec<u64>>>,
}

impl std::io::Read for SeekSpy<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.inner.read(buf)
    }
}

impl std::io::Seek for SeekSpy<'_> {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        let at = self.inner.seek(pos)?;
        self.seeks.borrow_mut().push(at);
        Ok(at)
    }
}

/// The one ZIP entry whose local header (or data) starts at a position
/// sought while calamine opened a sheet; `None` when not exactly one.
fn sheet_entry(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, seeks: &[u64]) -> Option<usize> {
    let mut found = None;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).ok()?;
        let starts = [Some(f.header_start()), f.data_start()];
        if seeks.iter().any(|s| starts.contains(&Some(*s))) {
            if found.is_some() {
                return None;
            }
            found = Some(i);
        }
    }
    found
}

/// The merged regions of a worksheet part, read from the part's bytes
/// after `</sheetData>` (where they are) without reparsing the cells the
/// way calamine's `merge_cells_by_sheet_name` does (half the reading time
/// of a sheet). Gives the same regions as calamine, or `None` — then
/// calamine reads them — whenever the part is anything but plain: a
/// comment, CDATA or `mergeCell` text before `</sheetData>`, malformed
/// markup after it, or a reference other than `A1` / `A1:B2` in capitals.
fn xlsx_merges(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, entry: usize) -> Option<Vec<Region>> {
    use quick_xml::events::Event;
    use std::io::Read;
    let mut xml = Vec::new();
    let f = zip.by_index(entry).ok()?;
    let cap = super::container::MAX_UNZIPPED_BYTES;
    f.take(cap + 1).read_to_end(&mut xml).ok()?;
    if xml.len() as u64 > cap {
        return None;
    }
    let end = memchr::memmem::find(&xml, b"</sheetData>")?;
    let head = &xml[..end];
    if memchr::memmem::find(head, b"<!").is_some()
        || memchr::memmem::find(head, b"mergeCell").is_some()
        || memchr::memmem::find_iter(head, b"<?").count() > 1
    {
        return None;
    }
    let mut r = quick_xml::Reader::from_reader(&xml[end + b"</sheetData>".len()..]);
    let config = r.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut merges = Vec::new();
    loop {
        match r.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == "mergeCells" => break,
            Event::Eof => return Some(merges),
            _ => {}
        }
    }
    loop {
        match r.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == "mergeCell" => {
                let mut value = None;
                for a in e.attributes() {
                    let a = a.ok()?;
                    if a.key.as_ref() == "ref" {
                        value = Some(a.value);
                        break;
                    }
                }
                if let Some(v) = value {
                    merges.push(simple_range(v.as_bytes())?);
                }
            }
            Event::End(e) if e.local_name().as_ref() == "mergeCells" => return Some(merges),
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// `A1` or `A1:B2` (capital letters, at most 3, then a row from 1 with at
/// most 7 digits) as 0-based (row, column) corners; `None` for anything
/// else.
fn simple_range(v: &[u8]) -> Option<Region> {
    fn cell(c: &[u8]) -> Option<(u32, u32)> {
        let letters = c.iter().take_while(|b| b.is_ascii_uppercase()).count();
        let digits = &c[letters..];
        if !(1..=3).contains(&letters)
            || !(1..=7).contains(&digits.len())
            || !digits.iter().all(u8::is_ascii_digit)
            || digits[0] == b'0'
        {
            return None;
        }
        let col = c[..letters]
            .iter()
            .fold(0u32, |n, b| n * 26 + (b - b'A') as u32 + 1);
        let row = digits.iter().fold(0u32, |n, b| n * 10 + (b - b'0') as u32);
        Some((row - 1, col - 1))
    }
    match v.iter().position(|&b| b == b':') {
        None => cell(v).map(|c| (c, c)),
        Some(i) => Some((cell(&v[..i])?, cell(&v[i + 1..])?)),
    }
}

fn read_xlsx(bytes: &[u8], mut zip: zip::ZipArchive<Cursor<&[u8]>>) -> Result<Vec<Sheet>, String> {
    let seeks = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let spy = SeekSpy {
        inner: Cursor::new(bytes),
        seeks: seeks.clone(),
    };
    let mut wb: calamine::Xlsx<_> =
        calamine::Xlsx::new(spy).map_err(|e| format!("unreadable ({e})"))?;
    let meta: Vec<(String, SheetType)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.typ))
        .collect();
    let mut out = Vec::new();
    for (name, typ) in meta {
        if typ != SheetType::WorkSheet {
            out.push(Sheet {
                name,
                cells: Vec::new(),
                skip_reason: Some("a chart or macro sheet"),
            });
            continue;
        }
        let mut cells = Vec::new();
        let entry;
        {
            seeks.borrow_mut().clear();
            let mut reader = wb
                .worksheet_cells_reader(&name)
                .map_err(|e| format!("sheet {name} unreadable ({e})"))?;
            let styles: Vec<Option<String>> = reader
                .styles()
                .iter()
                .map(|s| s.number_format.as_ref().map(|f| f.format_code.clone()))
                .collect();
            entry = sheet_entry(&mut zip, &seeks.borrow());
            while let Some((cell, style)) = reader
                .next_cell_with_style_id()
                .map_err(|e| format!("sheet {name} unreadable ({e})"))?
            {
                let (row, col) = cell.get_position();
                let format = styles.get(style).and_then(|f| f.as_deref());
                place(
                    &mut cells,
                    row,
                    col,
                    data_ref_text(cell.get_value(), format),
                )?;
            }
        }
        let merges = match entry.and_then(|i| xlsx_merges(&mut zip, i)) {
            Some(m) => m,
            None => wb
                .merge_cells_by_sheet_name(&name)
                .map_err(|e| format!("sheet {name}: merged cells unreadable ({e})"))?
                .iter()
                .map(|d| (d.start, d.end))
                .collect(),
        };
        if merges.len() > MAX_MERGES {
            return Err(format!("sheet {name}: over {MAX_MERGES} merged regions"));
        }
        apply_merges(&mut cells, &merges)?;
        out.push(Sheet {
            name,
            cells,
            skip_reason: None,
        });
    }
    Ok(out)
}

/// Largest area (rows × columns between a sheet's first and last value
/// cell) of an XLS sheet read. calamine builds each XLS sheet as a dense
/// range over that area (and a second one for formulas), so a stray cell
/// at row 65,535, column 65,535 would ask for billions of cells; the fuzzer
/// found one that took a gigabyte and over 10 s. A full BIFF8 sheet
/// (65,536 × 256) is 16.7 M; real tables are a few thousand.
pub const MAX_XLS_AREA: u64 = 4_000_000;

/// The value-cell records of BIFF8 whose data start with row and column.
const XLS_CELL_RECORDS: [u16; 8] = [
    0x0203, 0x0204, 0x00D6, 0x0205, 0x0006, 0x027E, 0x00FD, 0x00BD,
];

/// Reads the cell records of the `Workbook` stream without building
/// anything and refuses a sheet whose value cells span more than
/// [`MAX_XLS_AREA`].
fn check_xls_area(bytes: &[u8]) -> Result<(), String> {
    use std::io::Read;
    let Ok(mut cf) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return Ok(()); // calamine gives the reason
    };
    let mut data = Vec::new();
    let opened = cf
        .open_stream("/Workbook")
        .or_else(|_| cf.open_stream("/Book"));
    let Ok(mut stream) = opened else {
        return Ok(());
    };
    if stream.read_to_end(&mut data).is_err() {
        return Ok(());
    }
    let mut bounds: Option<(u32, u32, u32, u32)> = None;
    let check = |b: &mut Option<(u32, u32, u32, u32)>| -> Result<(), String> {
        if let Some((r0, r1, c0, c1)) = *b {
            let area = (r1 - r0 + 1) as u64 * (c1 - c0 + 1) as u64;
            if area > MAX_XLS_AREA {
                return Err(format!(
                    "a sheet whose cells span {} rows × {} columns (over {MAX_XLS_AREA} cells)",
                    r1 - r0 + 1,
                    c1 - c0 + 1
                ));
            }
        }
        *b = None;
        Ok(())
    };
    let mut i = 0usize;
    while i + 4 <= data.len() {
        let typ = u16::from_le_bytes([data[i], data[i + 1]]);
        let len = u16::from_le_bytes([data[i + 2], data[i + 3]]) as usize;
        let rec = &data[i + 4..data.len().min(i + 4 + len)];
        i += 4 + len;
        match typ {
            // BOF and EOF: a sheet starts or ends.
            0x0809 | 0x000A => check(&mut bounds)?,
            0x0200 => check_xls_dimensions(rec)?,
            t if XLS_CELL_RECORDS.contains(&t) && rec.len() >= 4 => {
                let row = u16::from_le_bytes([rec[0], rec[1]]) as u32;
                let col = u16::from_le_bytes([rec[2], rec[3]]) as u32;
                // MulRk: the last column is in the last two bytes.
                let last = if t == 0x00BD && rec.len() >= 6 {
                    u16::from_le_bytes([rec[rec.len() - 2], rec[rec.len() - 1]]) as u32
                } else {
                    col
                };
                let (lo, hi) = (col.min(last), col.max(last));
                bounds = Some(match bounds {
                    None => (row, row, lo, hi),
                    Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(lo), c1.max(hi)),
                });
            }
            _ => {}
        }
    }
    check(&mut bounds)
}

/// Largest area a sheet's `Dimensions` record may declare: a full BIFF8
/// sheet (65,536 rows × 256 columns). calamine reserves room for that many
/// cells before reading a sheet's cells, so a record declaring billions of
/// rows and 65,535 columns asked for 11 PB and aborted the process.
pub const MAX_XLS_DECLARED_AREA: u64 = 65_536 * 256;

/// Refuses a `Dimensions` record (0x0200) whose area, computed the way
/// calamine does (`parse_dimensions`: last row and column exclusive, a
/// first column over 255 or past the last read as 0, wrapping
/// subtraction), is over [`MAX_XLS_DECLARED_AREA`]. calamine rejects
/// other lengths itself.
fn check_xls_dimensions(rec: &[u8]) -> Result<(), String> {
    let u16_at = |i: usize| u16::from_le_bytes([rec[i], rec[i + 1]]) as u32;
    let u32_at = |i: usize| u32::from_le_bytes([rec[i], rec[i + 1], rec[i + 2], rec[i + 3]]);
    let (rf, rl, mut cf, cl) = match rec.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        _ => return Ok(()),
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    if rl < 1 || cl < 1 {
        return Ok(());
    }
    let rows = (rl - 1).wrapping_sub(rf).wrapping_add(1) as u64;
    let cols = (cl - 1).wrapping_sub(cf).wrapping_add(1) as u64;
    let area = rows.saturating_mul(cols);
    if area > MAX_XLS_DECLARED_AREA {
        return Err(format!(
            "a sheet declaring {rows} rows × {cols} columns (over {MAX_XLS_DECLARED_AREA} cells)"
        ));
    }
    Ok(())
}

fn read_xls(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    check_xls_area(bytes)?;
    let mut wb: calamine::Xls<_> =
        calamine::Xls::new(Cursor::new(bytes)).map_err(|e| format!("unreadable ({e})"))?;
    let meta: Vec<(String, SheetType)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.typ))
        .collect();
    let mut out = Vec::new();
    for (name, typ) in meta {
        if typ != SheetType::WorkSheet {
            out.push(Sheet {
                name,
                cells: Vec::new(),
                skip_reason: Some("a chart or macro sheet"),
            });
            continue;
        }
        // calamine hands out a copy of the sheet: its strings are moved
        // out, not copied again.
        let mut range = wb
            .worksheet_range(&name)
            .map_err(|e| format!("sheet {name} unreadable ({e})"))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut cells = Vec::new();
        for r in 0..range.height() {
            for (c, v) in range[r].iter_mut().enumerate() {
                let text = match v {
                    Data::Empty => continue,
                    Data::String(s) => std::mem::take(s),
                    v => data_text(v),
                };
                place(&mut cells, r as u32 + r0, c as u32 + c0, text)?;
            }
        }
        let merges = wb
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| format!("sheet {name}: merged cells unreadable ({e})"))?;
        let merges: Vec<_> = merges.iter().map(|d| (d.start, d.end)).collect();
        apply_merges(&mut cells, &merges)?;
        out.push(Sheet {
            name,
            cells,
            skip_reason: None,
        });
    }
    Ok(out)
}

fn data_text(v: &Data) -> String {
    match v {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f, None),
        Data::String(s) => s.clone(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::DateTime(d) if d.is_datetime() => date_text(d.as_f64(), None),
        Data::DateTime(d) => number_text(d.as_f64(), None),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

fn data_ref_text(v: &DataRef<'_>, format: Option<&str>) -> String {
    match v {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f, format),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        DataRef::DateTime(d) if d.is_datetime() => date_text(d.as_f64(), format),
        DataRef::DateTime(d) => number_text(d.as_f64(), None),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

/// A number as its cell shows it: by the number format's first section when
/// it has one (thousands separators, fixed decimals, percent), else whole
/// numbers without `.0` and others in their shortest form.
pub fn number_text(f: f64, format: Option<&str>) -> String {
    if !f.is_finite() {
        return String::new();
    }
    if let Some(code) = format.map(|c| c.split(';').next().unwrap_or(c))
        && code.contains('0')
    {
        let percent = code.contains('%');
        let v = if percent { f * 100.0 } else { f };
        let decimals = code
            .split_once('.')
            .map_or(0, |(_, d)| d.chars().take_while(|&c| c == '0').count());
        let mut s = format!("{:.*}", decimals, v.abs());
        if code.contains("#,##") || code.contains("#,#") {
            s = group_thousands(&s);
        }
        if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
            s.insert(0, '-');
        }
        if percent {
            s.push('%');
        }
        return s;
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn group_thousands(s: &str) -> String {
    let (int, frac) = s.split_once('.').map_or((s, None), |(a, b)| (a, Some(b)));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// An Excel serial date as a date: `2025/12/31` when the format writes
/// slashes, `2025年12月31日` when it writes 年, else `2025-12-31`.
pub fn date_text(serial: f64, format: Option<&str>) -> String {
    // Excel's day 60 is the non-existent 1900-02-29; serials from 61 on
    // count from 1899-12-30.
    let days = serial.floor() as i64 - 25_569; // days from 1970-01-01
    let (y, m, d) = civil_from_days(days);
    let fmt = format.unwrap_or("");
    if fmt.contains('年') {
        format!("{y}年{m}月{d}日")
    } else if fmt.contains('/') {
        format!("{y}/{m}/{d}")
    } else {
        format!("{y:04}-{m:02}-{d:02}")
    }
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_shown() {
        assert_eq!(number_text(1125.0, Some("#,##0.00")), "1,125.00");
        assert_eq!(number_text(1125.0, None), "1125");
        assert_eq!(number_text(2.5, None), "2.5");
        assert_eq!(number_text(0.95, Some("0%")), "95%");
        assert_eq!(number_text(-1234567.891, Some("#,##0.0")), "-1,234,567.9");
    }

    #[test]
    fn dates_as_dates() {
        assert_eq!(date_text(46022.0, None), "2025-12-31");
        assert_eq!(date_text(46022.0, Some("yyyy/m/d")), "2025/12/31");
        assert_eq!(
            date_text(46022.0, Some("yyyy\"年\"m\"月\"d\"日\"")),
            "2025年12月31日"
        );
    }

    #[test]
    fn merges_become_spans() {
        let cell = |row, col, t: &str| Placed {
            row,
            col,
            rowspan: 1,
            colspan: 1,
            text: t.into(),
        };
        let mut cells = vec![cell(0, 0, "a"), cell(0, 1, ""), cell(1, 2, "b")];
        apply_merges(&mut cells, &[((0, 0), (1, 1))]).unwrap();
        assert_eq!(cells.len(), 2);
        assert_eq!((cells[0].rowspan, cells[0].colspan), (2, 2));
    }
}
