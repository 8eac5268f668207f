//! DOCX → lines and grids: `word/document.xml` read as a stream with
//! quick-xml. Paragraphs outside tables are lines; each top-level table is
//! a grid (`w:gridSpan` → colspan, `w:vMerge` restart/continue → rowspan,
//! `w:gridBefore` skips columns); paragraphs between tables stay in order.
//! A table nested in a cell gives its text to that cell.

use super::container::{open_zip, read_entry};
use super::grid::{self, MAX_CELLS, MAX_COLSPAN, MAX_GRID_COLS, MAX_GRID_ROWS, Placed};
use super::xml::{Depth, attr, entity, xml_error};
use crate::error::ConvertError;
use crate::model::{Block, Document, Line, Page, RowOrigin, SourceKind};
use quick_xml::Reader;
use quick_xml::events::Event;

const FORMAT: &str = "DOCX";
/// Most bytes of `word/document.xml` read.
pub const MAX_DOCUMENT_BYTES: u64 = 256 << 20;

fn err(reason: String) -> ConvertError {
    ConvertError::Format {
        format: FORMAT,
        reason,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum VMerge {
    None,
    Restart,
    Continue,
}

struct DocCell {
    span: u32,
    vmerge: VMerge,
    text: String,
}

#[derive(Default)]
struct DocRow {
    before: u32,
    cells: Vec<DocCell>,
}

pub fn read(bytes: &[u8]) -> Result<Document, ConvertError> {
    let mut zip = open_zip(bytes)?;
    let xml = read_entry(&mut zip, "word/document.xml", MAX_DOCUMENT_BYTES)?
        .ok_or_else(|| err("no word/document.xml".into()))?;
    let xml = String::from_utf8_lossy(&xml);
    Ok(Document {
        kind: SourceKind::Docx,
        pages: vec![Page::Blocks(document_blocks(&xml)?)],
        notes: Vec::new(),
    })
}

/// Appends a paragraph break: a newline when the text already has some.
fn paragraph_break(text: &mut String) {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
}

fn document_blocks(xml: &str) -> Result<Vec<Block>, ConvertError> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut out = Vec::new();
    let mut depth = Depth::default();
    let mut tables = 0usize; // nesting of w:tbl
    let mut rows: Vec<DocRow> = Vec::new();
    let mut para = String::new(); // paragraph outside tables
    let mut in_text = false; // inside w:t
    let mut skip = 0usize; // inside w:delText, w:instrText, mc:Fallback
    let mut ncells = 0usize;

    loop {
        let ev = reader.read_event().map_err(|e| xml_error(FORMAT, e))?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                if !empty {
                    depth.open(FORMAT)?;
                }
                let name = e.name();
                let name = name.as_ref();
                if skip > 0 {
                    if !empty {
                        skip += 1;
                    }
                    continue;
                }
                match name {
                    "w:delText" | "w:instrText" | "mc:Fallback" if !empty => skip = 1,
                    "w:t" if !empty => in_text = true,
                    "w:tab" => target(&mut rows, tables, &mut para).push(' '),
                    "w:br" | "w:cr" => target(&mut rows, tables, &mut para).push('\n'),
                    "w:p" if tables > 0 => paragraph_break(target(&mut rows, tables, &mut para)),
                    "w:tbl" if !empty => {
                        tables += 1;
                        if tables > 1 {
                            paragraph_break(target(&mut rows, tables, &mut para));
                        } else {
                            flush(&mut para, &mut out);
                            rows.clear();
                        }
                    }
                    "w:tr" if tables == 1 => {
                        if rows.len() as u32 >= MAX_GRID_ROWS {
                            return Err(err(format!("a table longer than {MAX_GRID_ROWS} rows")));
                        }
                        rows.push(DocRow::default());
                    }
                    "w:gridBefore" if tables == 1 => {
                        if let Some(r) = rows.last_mut() {
                            r.before = num(attr(e, "w:val")).min(MAX_GRID_COLS);
                        }
                    }
                    "w:tc" if tables == 1 => {
                        ncells += 1;
                        if ncells > MAX_CELLS {
                            return Err(err(format!("more than {MAX_CELLS} table cells")));
                        }
                        if let Some(r) = rows.last_mut() {
                            r.cells.push(DocCell {
                                span: 1,
                                vmerge: VMerge::None,
                                text: String::new(),
                            });
                        }
                    }
                    "w:gridSpan" if tables == 1 => {
                        if let Some(c) = rows.last_mut().and_then(|r| r.cells.last_mut()) {
                            c.span = num(attr(e, "w:val")).clamp(1, MAX_COLSPAN);
                        }
                    }
                    "w:vMerge" if tables == 1 => {
                        if let Some(c) = rows.last_mut().and_then(|r| r.cells.last_mut()) {
                            c.vmerge = match attr(e, "w:val").as_deref() {
                                Some("restart") => VMerge::Restart,
                                _ => VMerge::Continue,
                            };
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => {
                depth.close();
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.name().as_ref() {
                    "w:t" => in_text = false,
                    "w:p" if tables == 0 => flush(&mut para, &mut out),
                    "w:tbl" => {
                        tables = tables.saturating_sub(1);
                        if tables == 0 {
                            out.extend(table_blocks(std::mem::take(&mut rows))?);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(ref t) if in_text && skip == 0 => {
                let s = t.xml10_content();
                push_run(&mut rows, tables, &mut para, &s);
            }
            Event::GeneralRef(ref r) if in_text && skip == 0 => {
                let s = entity(r);
                push_run(&mut rows, tables, &mut para, &s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    flush(&mut para, &mut out);
    Ok(out)
}

/// The text a run goes to: the open cell, else the paragraph.
fn target<'a>(rows: &'a mut [DocRow], tables: usize, para: &'a mut String) -> &'a mut String {
    match rows.last_mut().and_then(|r| r.cells.last_mut()) {
        Some(c) if tables > 0 => &mut c.text,
        _ => para,
    }
}

fn push_run(rows: &mut [DocRow], tables: usize, para: &mut String, s: &str) {
    target(rows, tables, para).push_str(s);
}

fn num(v: Option<String>) -> u32 {
    v.and_then(|v| v.trim().parse().ok()).unwrap_or(1)
}

fn flush(para: &mut String, out: &mut Vec<Block>) {
    let t = para.trim();
    if !t.is_empty() {
        out.push(Block::Line(Line {
            text: t.to_string(),
            page: None,
            line: None,
        }));
    }
    para.clear();
}

/// Places a table's cells: columns by the running sum of grid spans, a
/// `vMerge` continuation growing the rowspan of the cell above it.
fn table_blocks(rows: Vec<DocRow>) -> Result<Vec<Block>, ConvertError> {
    let mut cells: Vec<Placed> = Vec::new();
    // Per column: the index in `cells` of a vertical merge still open there.
    let mut open: Vec<Option<usize>> = Vec::new();
    for (r, row) in rows.into_iter().enumerate() {
        let mut col = row.before;
        for c in row.cells {
            let end = col.saturating_add(c.span);
            if end > MAX_GRID_COLS {
                return Err(err(format!("a table wider than {MAX_GRID_COLS} columns")));
            }
            if open.len() < end as usize {
                open.resize(end as usize, None);
            }
            let anchor = open[col as usize];
            match (c.vmerge, anchor) {
                (VMerge::Continue, Some(i)) => {
                    let a: &mut Placed = &mut cells[i];
                    a.rowspan = (r as u32 - a.row + 1).min(grid::MAX_ROWSPAN);
                    if !c.text.trim().is_empty() {
                        a.text.push('\n');
                        a.text.push_str(c.text.trim());
                    }
                }
                _ => {
                    cells.push(Placed {
                        row: r as u32,
                        col,
                        rowspan: 1,
                        colspan: c.span,
                        text: c.text.trim().to_string(),
                    });
                    let idx = (c.vmerge == VMerge::Restart).then_some(cells.len() - 1);
                    for o in &mut open[col as usize..end as usize] {
                        *o = idx;
                    }
                }
            }
            col = end;
        }
    }
    Ok(grid::blocks(cells, |_| RowOrigin::default(), false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_span_and_vertical_merge() {
        let xml = r#"<w:document><w:body>
            <w:p><w:r><w:t>标题</w:t></w:r></w:p>
            <w:tbl>
              <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>产出指标</w:t></w:r></w:p></w:tc>
                    <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>a &amp; b</w:t></w:r></w:p><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
                    <w:tc><w:p><w:r><w:t>d</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>e</w:t></w:r></w:p></w:tc></w:tr>
            </w:tbl>
            <w:p><w:r><w:t>注</w:t></w:r></w:p></w:body></w:document>"#;
        let b = document_blocks(xml).unwrap();
        assert_eq!(b.len(), 3);
        let Block::Table(g) = &b[1] else { panic!() };
        assert_eq!((g.rows, g.cols), (2, 3));
        assert_eq!(
            (g.cells[0].rowspan, g.cells[0].text.as_str()),
            (2, "产出指标")
        );
        assert_eq!(
            (g.cells[1].colspan, g.cells[1].text.as_str()),
            (2, "a & b\nc")
        );
        assert_eq!((g.cells[2].row, g.cells[2].col), (1, 1));
        assert!(matches!(&b[2], Block::Line(l) if l.text == "注"));
    }
}
