//! DOCX → lines and grids: `word/document.xml` read as a stream with
//! quick-xml. Paragraphs outside tables are lines; each top-level table is
//! a grid (`w:gridSpan` → colspan, `w:vMerge` restart/continue → rowspan,
//! `w:gridBefore` skips columns); paragraphs between tables stay in order.
//! A table that holds another table is layout, as in HTML: it gives no
//! grid, its own text becomes lines, and the tables inside it are read as
//! tables of their own (a target table inside a one-cell frame table
//! stays a grid).

use super::container::{open_zip, read_entry};
use super::grid::{self, MAX_CELLS, MAX_COLSPAN, MAX_GRID_COLS, MAX_GRID_ROWS, Placed};
use super::xml::{Depth, attr, entity, xml_error};
use crate::diag::Diagnostics;
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
        notes: Diagnostics::new(),
    })
}

/// Appends a paragraph break: a newline when the text already has some.
fn paragraph_break(text: &mut String) {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
}

/// One open `w:tbl`: its rows while it reads as a data table; once a table
/// turns up inside it, it is layout and its own text goes out as lines.
#[derive(Default)]
struct Frame {
    rows: Vec<DocRow>,
    layout: bool,
}

/// The reader's state: the open tables, innermost last.
struct State {
    out: Vec<Block>,
    frames: Vec<Frame>,
    /// A paragraph outside tables, or inside a layout table's cell.
    para: String,
    ncells: usize,
}

impl State {
    /// The text a run goes to: the open cell of a data table, else the
    /// paragraph.
    fn target(&mut self) -> &mut String {
        match self.frames.last_mut() {
            Some(f) if !f.layout => match f.rows.last_mut().and_then(|r| r.cells.last_mut()) {
                Some(c) => &mut c.text,
                // Text of a table before its first cell: nowhere in a grid.
                None => &mut self.para,
            },
            _ => &mut self.para,
        }
    }

    /// The innermost table, when it is read as a data table.
    fn data(&mut self) -> Option<&mut Frame> {
        self.frames.last_mut().filter(|f| !f.layout)
    }

    /// A table opens. Inside another table, every enclosing table becomes
    /// layout (as in HTML): the text their cells held so far goes out as
    /// lines, outermost first, which is document order.
    fn open_table(&mut self) {
        flush(&mut self.para, &mut self.out);
        for f in &mut self.frames {
            if f.layout {
                continue;
            }
            f.layout = true;
            for row in std::mem::take(&mut f.rows) {
                for c in row.cells {
                    for line in c.text.split('\n') {
                        let mut l = line.to_string();
                        flush(&mut l, &mut self.out);
                    }
                }
            }
        }
        self.frames.push(Frame::default());
    }

    fn close_table(&mut self) -> Result<(), ConvertError> {
        let Some(f) = self.frames.pop() else {
            return Ok(());
        };
        if f.layout {
            flush(&mut self.para, &mut self.out);
        } else {
            let blocks = table_blocks(f.rows)?;
            self.out.extend(blocks);
        }
        Ok(())
    }
}

fn document_blocks(xml: &str) -> Result<Vec<Block>, ConvertError> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut st = State {
        out: Vec::new(),
        frames: Vec::new(),
        para: String::new(),
        ncells: 0,
    };
    let mut depth = Depth::default();
    let mut in_text = false; // inside w:t
    let mut skip = 0usize; // inside w:delText, w:instrText, mc:Fallback

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
                    "w:tab" => st.target().push(' '),
                    "w:br" | "w:cr" => st.target().push('\n'),
                    "w:p" if st.data().is_some() => paragraph_break(st.target()),
                    "w:tbl" if !empty => st.open_table(),
                    "w:tr" => {
                        if let Some(f) = st.data() {
                            if f.rows.len() as u32 >= MAX_GRID_ROWS {
                                return Err(err(format!(
                                    "a table longer than {MAX_GRID_ROWS} rows"
                                )));
                            }
                            f.rows.push(DocRow::default());
                        }
                    }
                    "w:gridBefore" => {
                        if let Some(r) = st.data().and_then(|f| f.rows.last_mut()) {
                            r.before = num(attr(e, "w:val")).min(MAX_GRID_COLS);
                        }
                    }
                    "w:tc" if !st.frames.is_empty() => {
                        st.ncells += 1;
                        if st.ncells > MAX_CELLS {
                            return Err(err(format!("more than {MAX_CELLS} table cells")));
                        }
                        if let Some(r) = st.data().and_then(|f| f.rows.last_mut()) {
                            r.cells.push(DocCell {
                                span: 1,
                                vmerge: VMerge::None,
                                text: String::new(),
                            });
                        }
                    }
                    "w:gridSpan" => {
                        if let Some(c) = last_cell(&mut st) {
                            c.span = num(attr(e, "w:val")).clamp(1, MAX_COLSPAN);
                        }
                    }
                    "w:vMerge" => {
                        if let Some(c) = last_cell(&mut st) {
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
                    // A paragraph ends: outside tables and in a layout
                    // table's cells it is a line.
                    "w:p" | "w:tc" if st.data().is_none() => flush(&mut st.para, &mut st.out),
                    "w:tbl" => st.close_table()?,
                    _ => {}
                }
            }
            Event::Text(ref t) if in_text && skip == 0 => {
                let s = t.xml10_content();
                st.target().push_str(&s);
            }
            Event::GeneralRef(ref r) if in_text && skip == 0 => {
                let s = entity(r);
                st.target().push_str(&s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Tables left open at the end of a cut file still give what they hold.
    while !st.frames.is_empty() {
        st.close_table()?;
    }
    flush(&mut st.para, &mut st.out);
    Ok(st.out)
}

/// The last cell of the innermost data table.
fn last_cell(st: &mut State) -> Option<&mut DocCell> {
    st.data()
        .and_then(|f| f.rows.last_mut())
        .and_then(|r| r.cells.last_mut())
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

    fn lines_and_grids(b: &[Block]) -> Vec<String> {
        b.iter()
            .map(|b| match b {
                Block::Line(l) => format!("line {}", l.text),
                Block::Table(g) => {
                    let texts: Vec<&str> = g.cells.iter().map(|c| c.text.as_str()).collect();
                    format!("grid {}x{} {}", g.rows, g.cols, texts.join("|"))
                }
            })
            .collect()
    }

    fn tc(text: &str) -> String {
        format!("<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
    }

    #[test]
    fn a_table_inside_a_frame_table_is_its_own_grid() {
        let inner = format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            tc("项目名称"),
            tc("甲"),
            tc("主管部门"),
            tc("乙")
        );
        let xml = format!(
            "<w:document><w:body><w:p><w:r><w:t>前</w:t></w:r></w:p>\
             <w:tbl><w:tr>{}</w:tr><w:tr><w:tc><w:p><w:r><w:t>标题</w:t></w:r></w:p>{inner}\
             <w:p><w:r><w:t>注</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
             <w:p><w:r><w:t>后</w:t></w:r></w:p></w:body></w:document>",
            tc("首页")
        );
        assert_eq!(
            lines_and_grids(&document_blocks(&xml).unwrap()),
            [
                "line 前",
                "line 首页",
                "line 标题",
                "grid 2x2 项目名称|甲|主管部门|乙",
                "line 注",
                "line 后"
            ]
        );
        // Two levels of frames, and a data table after the nested one.
        let xml = format!(
            "<w:document><w:body><w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl>\
             </w:tc></w:tr></w:tbl><w:tbl><w:tr>{}{}</w:tr></w:tbl></w:body></w:document>",
            tc("a"),
            tc("b")
        );
        assert_eq!(
            lines_and_grids(&document_blocks(&xml).unwrap()),
            ["grid 2x2 项目名称|甲|主管部门|乙", "grid 1x2 a|b"]
        );
    }

    #[test]
    fn a_table_cut_off_still_gives_its_grid() {
        let xml = format!(
            "<w:document><w:body><w:tbl><w:tr>{}{}</w:tr>",
            tc("a"),
            tc("b")
        );
        assert_eq!(
            lines_and_grids(&document_blocks(&xml).unwrap()),
            ["grid 1x2 a|b"]
        );
    }
}
