//! CSV exports (budget systems, "save as CSV"): comma- or tab-separated
//! with quoted fields (which may hold the separator or line breaks), UTF-8
//! with or without BOM or GBK (decoded like text). A merged cell written on
//! its first row only leaves empty cells below it, as in the text path; the
//! layout stage inherits. A blank line ends a table; a title or unit row
//! above a table becomes a line.

use super::grid::{self, MAX_CELLS, MAX_GRID_COLS, MAX_GRID_ROWS, Placed};
use super::text::decode_text;
use crate::diag::Diagnostics;
use crate::error::ConvertError;
use crate::model::{Document, Page, RowOrigin, SourceKind};

/// Non-blank lines looked at to tell CSV from text.
const SNIFF_LINES: usize = 200;
/// Bytes of text looked at to tell CSV from text.
const SNIFF_BYTES: usize = 64 << 10;
/// Share of non-blank lines that must hold a comma for comma CSV.
const MIN_COMMA_SHARE: f64 = 0.6;
/// Fewest lines with a comma for comma CSV.
const MIN_COMMA_LINES: usize = 3;

/// Tells a CSV export from text and returns its delimiter: commas on most
/// lines (and no tabs), or tab-separated lines with quoted fields (which
/// the plain text path would split wrongly).
pub fn looks_csv(bytes: &[u8]) -> Option<u8> {
    looks_csv_text(&decode_text(bytes).0)
}

/// [`looks_csv`] on decoded text (its first [`SNIFF_LINES`] non-blank lines
/// within the first [`SNIFF_BYTES`]).
pub fn looks_csv_text(text: &str) -> Option<u8> {
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let lines: Vec<&str> = text[..end]
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(SNIFF_LINES)
        .collect();
    if lines.is_empty() {
        return None;
    }
    let tabs = lines.iter().filter(|l| l.contains('\t')).count();
    if tabs > 0 {
        let quoted = lines
            .iter()
            .any(|l| l.starts_with('"') || l.contains("\t\""));
        return quoted.then_some(b'\t');
    }
    let commas = lines.iter().filter(|l| l.contains(',')).count();
    (commas >= MIN_COMMA_LINES && commas as f64 >= MIN_COMMA_SHARE * lines.len() as f64)
        .then_some(b',')
}

/// Splits the text at blank lines outside quoted fields: (first line
/// number, chunk).
fn chunks(text: &str) -> Vec<(u32, &str)> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut start: Option<(u32, usize)> = None;
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let blank = !quoted && line.trim().is_empty();
        if blank {
            if let Some((l, s)) = start.take() {
                out.push((l, &text[s..offset]));
            }
        } else if start.is_none() {
            start = Some((i as u32 + 1, offset));
        }
        quoted ^= line.matches('"').count() % 2 == 1;
        offset += line.len();
    }
    if let Some((l, s)) = start {
        out.push((l, &text[s..]));
    }
    out
}

pub fn read(bytes: &[u8], delimiter: u8) -> Result<Document, ConvertError> {
    let (text, _, notes) = decode_text(bytes);
    read_text(&text, notes, delimiter)
}

/// [`read`] on decoded text, with the decoder's notes.
pub fn read_text(text: &str, notes: Diagnostics, delimiter: u8) -> Result<Document, ConvertError> {
    let err = |reason: String| ConvertError::Format {
        format: "CSV",
        reason,
    };
    let mut cells = Vec::new();
    let mut lines: Vec<u32> = Vec::new(); // per grid row: its first line
    let mut record = csv::StringRecord::new();
    for (first_line, chunk) in chunks(text) {
        // One blank row between chunks, so that a table ends there.
        if !lines.is_empty() {
            lines.push(first_line - 1);
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(chunk.as_bytes());
        let mut line = first_line;
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => return Err(err(format!("malformed ({e})"))),
            }
            let row = lines.len() as u32;
            if row >= MAX_GRID_ROWS {
                return Err(err(format!("more than {MAX_GRID_ROWS} rows")));
            }
            lines.push(line);
            let mut breaks = 0;
            for (col, field) in record.iter().enumerate() {
                breaks += field.matches('\n').count() as u32;
                if field.trim().is_empty() {
                    continue;
                }
                if col as u32 >= MAX_GRID_COLS {
                    return Err(err(format!("more than {MAX_GRID_COLS} columns")));
                }
                if cells.len() >= MAX_CELLS {
                    return Err(err(format!("more than {MAX_CELLS} cells")));
                }
                cells.push(Placed {
                    row,
                    col: col as u32,
                    rowspan: 1,
                    colspan: 1,
                    text: field.to_string(),
                });
            }
            line += 1 + breaks;
        }
    }
    let blocks = grid::blocks(
        cells,
        |r| RowOrigin {
            page: None,
            line: lines.get(r as usize).copied(),
        },
        true,
    );
    Ok(Document {
        kind: SourceKind::Csv,
        pages: vec![Page::Blocks(blocks)],
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;

    #[test]
    fn quoted_fields_gbk_and_blank_lines() {
        let src = "标题,,\n\n项目名称,\"防灾,减灾\",\n主管部门,\"厅\n局\",\n\n项目名称,乙,\n";
        let gbk = encoding_rs::GBK.encode(src).0.into_owned();
        assert_eq!(looks_csv(&gbk), Some(b','));
        let d = read(&gbk, b',').unwrap();
        let Page::Blocks(b) = &d.pages[0] else {
            panic!()
        };
        assert!(matches!(&b[0], Block::Line(l) if l.text == "标题"));
        let Block::Table(g) = &b[1] else { panic!() };
        assert_eq!(g.rows, 2);
        assert_eq!(g.cells[1].text, "防灾,减灾");
        assert_eq!(g.cells[3].text, "厅\n局");
        assert_eq!(g.row_origin[1].line, Some(4));
        assert!(matches!(&b[2], Block::Table(g) if g.row_origin[0].line == Some(7)));
    }

    #[test]
    fn text_is_not_csv() {
        assert_eq!(looks_csv("项目名称\t防灾\n单位：万元\n".as_bytes()), None);
        assert_eq!(
            looks_csv("一句话, 带逗号\n另一句\n第三句\n".as_bytes()),
            None
        );
    }
}
