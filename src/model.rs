//! Plain data passed between the pipeline stages:
//! bytes → [`Document`] (pages) → [`Block`]s (lines and [`Grid`]s) →
//! project parts → records.
//!
//! Nothing in here knows about labels or values; the stages do.

use serde::Serialize;

/// What an input turned out to be, by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Text,
    Pdf,
    /// An HTML page (also the HTML part of an .mhtml, or a page named .pdf).
    Html,
    Xlsx,
    Xls,
    Ods,
    Docx,
    /// Comma- or tab-separated values read by a CSV parser (quoted fields).
    Csv,
}

/// Output of the extraction stage.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: SourceKind,
    pub pages: Vec<Page>,
    /// Problems found while decoding (replacement characters, unmapped glyphs).
    pub notes: crate::diag::Diagnostics,
}

/// One page: either lines of decoded text (text input is a single page) or
/// positioned glyphs and ruling lines (PDF input).
#[derive(Debug, Clone)]
pub enum Page {
    Text(TextPage),
    Pdf(PdfPage),
    /// Lines and grids that the format itself delimits (HTML tables,
    /// spreadsheet sheets, DOCX tables, CSV): the reader has already built
    /// them, in document order, and the table stage passes them through.
    /// Grids follow the [`Grid`] rules (cells row by row, a spanned cell
    /// once at its top-left, one `row_origin` per row).
    Blocks(Vec<Block>),
}

#[derive(Debug, Clone, Default)]
pub struct TextPage {
    /// Lines with their line ending removed (CRLF, CR and LF all end a line).
    pub lines: Vec<String>,
}

/// A PDF page in top-left coordinates (y grows downwards), /Rotate applied,
/// in PDF points.
#[derive(Debug, Clone, Default)]
pub struct PdfPage {
    /// 1-based page number.
    pub number: u32,
    pub width: f32,
    pub height: f32,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    /// Glyphs painted outside the clip of a cell they overflow (a text
    /// longer than its spreadsheet cell: the export clips it, the text
    /// layer keeps it). Only the table stage reads them, into the cell of
    /// their clip; they are not in `glyphs`.
    pub overflow: Vec<Overflow>,
}

/// A glyph of [`PdfPage::overflow`] and the clip (its cell) it overflows.
#[derive(Debug, Clone, PartialEq)]
pub struct Overflow {
    pub glyph: Glyph,
    pub clip: BBox,
}

/// One painted glyph with its Unicode text (usually one char, sometimes a
/// ligature) and its box.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub text: String,
    pub bbox: BBox,
    /// Font size in points (height of the em box after the text matrix).
    pub size: f32,
    /// Recognition confidence (0–1) when the glyph was read by OCR from a
    /// page image; None for a text layer.
    pub confidence: Option<f32>,
}

/// A ruling line: a stroked segment or a thin filled rectangle, reduced to an
/// axis-parallel segment. `horizontal` rules have y0 == y1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub width: f32,
}

impl Rule {
    pub fn is_horizontal(&self) -> bool {
        (self.y1 - self.y0).abs() <= (self.x1 - self.x0).abs()
    }
}

/// Axis-aligned box, top-left origin: x0 < x1, y0 < y1.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct BBox {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

/// Output of the table stage: the document as a sequence of text lines and
/// tables, in reading order.
#[derive(Debug, Clone)]
pub enum Block {
    Line(Line),
    Table(Grid),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub text: String,
    /// 1-based page for PDF input, None for text input.
    pub page: Option<u32>,
    /// 1-based line number in the decoded text (text input only).
    pub line: Option<u32>,
}

/// A reconstructed table. Cells are listed row by row; a cell spanning
/// several rows or columns is listed once, at its top-left position.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Grid {
    pub rows: u32,
    pub cols: u32,
    pub cells: Vec<Cell>,
    /// Per row: where it came from (page and, for text input, line number).
    pub row_origin: Vec<RowOrigin>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Cell {
    pub row: u32,
    pub col: u32,
    pub rowspan: u32,
    pub colspan: u32,
    pub text: String,
    pub page: Option<u32>,
    #[serde(rename = "box")]
    pub bbox: Option<BBox>,
    /// Lowest OCR confidence among the cell's glyphs; None unless read by OCR.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ocr_confidence: Option<f32>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct RowOrigin {
    pub page: Option<u32>,
    pub line: Option<u32>,
}

impl Grid {
    /// Cells whose top-left corner is in `row`, left to right.
    pub fn row_cells(&self, row: u32) -> impl Iterator<Item = &Cell> {
        self.cells.iter().filter(move |c| c.row == row)
    }

    /// Appends a row of one-by-one cells (column, text) read from text line
    /// `line`; `width` widens the grid to at least that many columns (empty
    /// cells keep their column but hold no cell).
    pub fn push_text_row(
        &mut self,
        cells: impl IntoIterator<Item = (u32, String)>,
        width: u32,
        line: u32,
    ) {
        let row = self.rows;
        self.cols = self.cols.max(width);
        for (col, text) in cells {
            self.cols = self.cols.max(col + 1);
            self.cells.push(Cell {
                row,
                col,
                rowspan: 1,
                colspan: 1,
                text,
                page: None,
                bbox: None,
                ocr_confidence: None,
            });
        }
        self.row_origin.push(RowOrigin {
            page: None,
            line: Some(line),
        });
        self.rows += 1;
    }
}

/// What the layout stage read a table cell as; `inspect` tints cells by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellRole {
    HeaderLabel,
    HeaderValue,
    Level1,
    Level2,
    Name,
    Value,
    /// A cell no field or indicator took.
    Unplaced,
    /// A cell read into a field or indicator that carries a warning.
    Warned,
}

/// One cell of one table with the role the layout stage gave it. `table` is
/// the index of the grid among the `Block::Table`s of [`crate::table::blocks`]
/// (in order); `row` and `col` are the cell's top-left position in that grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CellMark {
    pub table: usize,
    pub row: u32,
    pub col: u32,
    pub role: CellRole,
}
