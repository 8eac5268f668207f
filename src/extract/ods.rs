//! ODS (OpenDocument spreadsheet) sheets, read from `content.xml` with
//! quick-xml rather than through calamine: the cell text is taken from its
//! paragraphs, i.e. as the cell displays it (`1,125.00`), merged cells come
//! from `number-columns-spanned` / `number-rows-spanned`, and repeated rows
//! and columns are counted without being materialised (a sheet that repeats
//! an empty row a million times costs nothing; repeated content is bounded
//! by the grid caps).

use super::container::{open_zip, read_entry};
use super::grid::{MAX_CELLS, MAX_GRID_COLS, MAX_GRID_ROWS, Placed};
use super::sheet::Sheet;
use super::xml::{Depth, attr, entity, xml_error};
use crate::error::ConvertError;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

const FORMAT: &str = "ODS";
/// Most bytes of `content.xml` read.
pub const MAX_CONTENT_BYTES: u64 = 256 << 20;

fn err(reason: String) -> ConvertError {
    ConvertError::Format {
        format: FORMAT,
        reason,
    }
}

fn count(e: &BytesStart<'_>, name: &str) -> u32 {
    attr(e, name)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}

/// The cell being read.
struct OpenCell {
    col: u32,
    repeat: u32,
    rowspan: u32,
    colspan: u32,
    text: String,
    /// Paragraphs seen (a new one starts a new line).
    paragraphs: u32,
}

/// The sheets of an ODS file: `content.xml`'s events handed to a
/// [`SheetReader`] (elements starting, text, elements ending).
pub fn read(bytes: &[u8]) -> Result<Vec<Sheet>, ConvertError> {
    let mut zip = open_zip(bytes)?;
    let content = read_entry(&mut zip, "content.xml", MAX_CONTENT_BYTES)?
        .ok_or_else(|| err("no content.xml".into()))?;
    let content = String::from_utf8_lossy(&content);
    let mut reader = Reader::from_str(&content);
    reader.config_mut().check_end_names = false;

    let mut r = SheetReader {
        row_repeat: 1,
        ..SheetReader::default()
    };
    let mut depth = Depth::default();
    loop {
        let ev = reader.read_event().map_err(|e| xml_error(FORMAT, e))?;
        match ev {
            Event::Start(e) => {
                depth.open(FORMAT)?;
                r.start(&e, false);
            }
            Event::Empty(e) => r.start(&e, true),
            Event::Text(t) => r.text(&t.xml10_content()),
            Event::GeneralRef(g) => r.text(&entity(&g)),
            Event::CData(t) => r.text(&t),
            Event::End(e) => {
                depth.close();
                r.end(e.name().as_ref())?;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(r.sheets)
}

/// Where the reading of `content.xml` is: the sheets done, the sheet, row
/// and cell open.
#[derive(Default)]
struct SheetReader {
    sheets: Vec<Sheet>,
    sheet: Option<Sheet>,
    /// The open row's number, and how many times it repeats.
    row: u32,
    row_repeat: u32,
    /// The next cell's column in the open row.
    col: u32,
    /// The open row's cells with text (placed at row 0; the row's end
    /// places them at each row it repeats at).
    row_cells: Vec<Placed>,
    cell: Option<OpenCell>,
    /// Cells placed so far, against [`MAX_CELLS`].
    total: usize,
}

impl SheetReader {
    /// An element starts (`empty`: and ends, `<x/>`).
    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        match e.name().as_ref() {
            "table:table" => {
                self.sheet = Some(Sheet {
                    name: attr(e, "table:name").unwrap_or_default(),
                    cells: Vec::new(),
                    skip_reason: None,
                });
                self.row = 0;
                if empty {
                    self.sheets.extend(self.sheet.take());
                }
            }
            "table:table-row" => {
                self.row_repeat = count(e, "table:number-rows-repeated");
                self.col = 0;
                self.row_cells.clear();
                if empty {
                    self.row = self.row.saturating_add(self.row_repeat);
                }
            }
            name @ ("table:table-cell" | "table:covered-table-cell") => {
                let c = OpenCell {
                    col: self.col,
                    repeat: count(e, "table:number-columns-repeated"),
                    rowspan: count(e, "table:number-rows-spanned"),
                    colspan: count(e, "table:number-columns-spanned"),
                    text: String::new(),
                    paragraphs: 0,
                };
                if name == "table:covered-table-cell" || empty {
                    self.col = self.col.saturating_add(c.repeat);
                } else {
                    self.cell = Some(c);
                }
            }
            "text:p" | "text:h" => {
                if let Some(c) = self.cell.as_mut() {
                    if c.paragraphs > 0 {
                        c.text.push('\n');
                    }
                    c.paragraphs += 1;
                }
            }
            "text:s" => {
                if let Some(c) = self.cell.as_mut() {
                    let n = count(e, "text:c").min(64);
                    c.text.extend(std::iter::repeat_n(' ', n as usize));
                }
            }
            "text:tab" => {
                if let Some(c) = self.cell.as_mut() {
                    c.text.push(' ');
                }
            }
            "text:line-break" => {
                if let Some(c) = self.cell.as_mut() {
                    c.text.push('\n');
                }
            }
            _ => {}
        }
    }

    /// Text inside the open cell (outside one it is not a cell's).
    fn text(&mut self, t: &str) {
        if let Some(c) = self.cell.as_mut() {
            c.text.push_str(t);
        }
    }

    /// Element `name` ends: a cell is placed (at each column it repeats
    /// at), a row's cells at each row it repeats at, a sheet is done.
    fn end(&mut self, name: &str) -> Result<(), ConvertError> {
        match name {
            "table:table-cell" => self.end_cell(),
            "table:table-row" => self.end_row(),
            "table:table" => {
                self.sheets.extend(self.sheet.take());
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn end_cell(&mut self) -> Result<(), ConvertError> {
        let Some(c) = self.cell.take() else {
            return Ok(());
        };
        self.col = c.col.saturating_add(c.repeat);
        if c.text.trim().is_empty() {
            return Ok(());
        }
        for k in 0..c.repeat {
            let at = c.col.saturating_add(k);
            if at >= MAX_GRID_COLS {
                return Err(err(format!("a cell beyond column {MAX_GRID_COLS}")));
            }
            self.row_cells.push(Placed {
                row: 0,
                col: at,
                rowspan: c.rowspan,
                colspan: c.colspan,
                text: c.text.clone(),
            });
            self.total += 1;
            if self.total > MAX_CELLS {
                return Err(err(format!("more than {MAX_CELLS} cells")));
            }
        }
        Ok(())
    }

    fn end_row(&mut self) -> Result<(), ConvertError> {
        if !self.row_cells.is_empty() {
            // A row outside any sheet is not read (nor counted).
            let Some(s) = self.sheet.as_mut() else {
                return Ok(());
            };
            for k in 0..self.row_repeat {
                let r = self.row.saturating_add(k);
                if r >= MAX_GRID_ROWS {
                    return Err(err(format!("a cell beyond row {MAX_GRID_ROWS}")));
                }
                self.total += self.row_cells.len();
                if k > 0 && self.total > MAX_CELLS {
                    return Err(err(format!("more than {MAX_CELLS} cells")));
                }
                s.cells.extend(self.row_cells.iter().map(|c| Placed {
                    row: r,
                    ..c.clone()
                }));
            }
        }
        self.row = self.row.saturating_add(self.row_repeat);
        self.row_cells.clear();
        Ok(())
    }
}
