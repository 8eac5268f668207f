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

pub fn read(bytes: &[u8]) -> Result<Vec<Sheet>, ConvertError> {
    let mut zip = open_zip(bytes)?;
    let content = read_entry(&mut zip, "content.xml", MAX_CONTENT_BYTES)?
        .ok_or_else(|| err("no content.xml".into()))?;
    let content = String::from_utf8_lossy(&content);
    let mut reader = Reader::from_str(&content);
    reader.config_mut().check_end_names = false;

    let mut sheets = Vec::new();
    let mut sheet: Option<Sheet> = None;
    let mut row: u32 = 0;
    let mut row_repeat: u32 = 1;
    let mut col: u32 = 0;
    let mut row_cells: Vec<Placed> = Vec::new();
    let mut cell: Option<OpenCell> = None;
    let mut depth = Depth::default();
    let mut total = 0usize;

    loop {
        let ev = reader.read_event().map_err(|e| xml_error(FORMAT, e))?;
        let (start, empty) = match &ev {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            if !empty {
                depth.open(FORMAT)?;
            }
            match e.name().as_ref() {
                "table:table" => {
                    sheet = Some(Sheet {
                        name: attr(e, "table:name").unwrap_or_default(),
                        cells: Vec::new(),
                        skip_reason: None,
                    });
                    row = 0;
                    if empty {
                        sheets.extend(sheet.take());
                    }
                }
                "table:table-row" => {
                    row_repeat = count(e, "table:number-rows-repeated");
                    col = 0;
                    row_cells.clear();
                    if empty {
                        row = row.saturating_add(row_repeat);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let c = OpenCell {
                        col,
                        repeat: count(e, "table:number-columns-repeated"),
                        rowspan: count(e, "table:number-rows-spanned"),
                        colspan: count(e, "table:number-columns-spanned"),
                        text: String::new(),
                        paragraphs: 0,
                    };
                    if e.name().as_ref() == "table:covered-table-cell" || empty {
                        col = col.saturating_add(c.repeat);
                    } else {
                        cell = Some(c);
                    }
                }
                "text:p" | "text:h" => {
                    if let Some(c) = cell.as_mut() {
                        if c.paragraphs > 0 {
                            c.text.push('\n');
                        }
                        c.paragraphs += 1;
                    }
                }
                "text:s" => {
                    if let Some(c) = cell.as_mut() {
                        let n = count(e, "text:c").min(64);
                        c.text.extend(std::iter::repeat_n(' ', n as usize));
                    }
                }
                "text:tab" => {
                    if let Some(c) = cell.as_mut() {
                        c.text.push(' ');
                    }
                }
                "text:line-break" => {
                    if let Some(c) = cell.as_mut() {
                        c.text.push('\n');
                    }
                }
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Text(t) => {
                if let Some(c) = cell.as_mut() {
                    c.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(c) = cell.as_mut() {
                    c.text.push_str(&entity(&r));
                }
            }
            Event::CData(t) => {
                if let Some(c) = cell.as_mut() {
                    c.text.push_str(&t);
                }
            }
            Event::End(e) => {
                depth.close();
                match e.name().as_ref() {
                    "table:table-cell" => {
                        if let Some(c) = cell.take() {
                            col = c.col.saturating_add(c.repeat);
                            if !c.text.trim().is_empty() {
                                for k in 0..c.repeat {
                                    let at = c.col.saturating_add(k);
                                    if at >= MAX_GRID_COLS {
                                        return Err(err(format!(
                                            "a cell beyond column {MAX_GRID_COLS}"
                                        )));
                                    }
                                    row_cells.push(Placed {
                                        row: 0,
                                        col: at,
                                        rowspan: c.rowspan,
                                        colspan: c.colspan,
                                        text: c.text.clone(),
                                    });
                                    total += 1;
                                    if total > MAX_CELLS {
                                        return Err(err(format!("more than {MAX_CELLS} cells")));
                                    }
                                }
                            }
                        }
                    }
                    "table:table-row" => {
                        if !row_cells.is_empty() {
                            let Some(s) = sheet.as_mut() else {
                                continue;
                            };
                            for k in 0..row_repeat {
                                let r = row.saturating_add(k);
                                if r >= MAX_GRID_ROWS {
                                    return Err(err(format!("a cell beyond row {MAX_GRID_ROWS}")));
                                }
                                total += row_cells.len();
                                if k > 0 && total > MAX_CELLS {
                                    return Err(err(format!("more than {MAX_CELLS} cells")));
                                }
                                s.cells.extend(row_cells.iter().map(|c| Placed {
                                    row: r,
                                    ..c.clone()
                                }));
                            }
                        }
                        row = row.saturating_add(row_repeat);
                        row_cells.clear();
                    }
                    "table:table" => sheets.extend(sheet.take()),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(sheets)
}
