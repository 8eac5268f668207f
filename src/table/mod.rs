//! Stage 2, table reconstruction: pages → blocks (lines and grids) in
//! reading order.

pub mod cells;
pub mod lattice;
pub mod spaced;
pub mod text;

use crate::model::{Block, Document, Page};

pub fn blocks(doc: &Document) -> Vec<Block> {
    let mut out = Vec::new();
    for page in &doc.pages {
        match page {
            Page::Text(t) => {
                let b = text::blocks(&t.lines);
                // Web-page text keeps a table as a sequence of cells; read
                // it by its labels when the text path found no grid.
                // Rows whose cells are split by single spaces are read as
                // rows when enough lines hold a label beside other cells.
                let no_grid = !b.iter().any(|b| matches!(b, Block::Table(_)));
                if no_grid && spaced::looks_spaced(&t.lines) {
                    out.extend(spaced::blocks(&t.lines));
                } else if no_grid && cells::looks_like_cell_lines(&t.lines) {
                    out.extend(cells::blocks(&t.lines));
                } else {
                    out.extend(b);
                }
            }
            Page::Pdf(p) => out.extend(lattice::page_blocks(p)),
            Page::Blocks(b) => out.extend(b.iter().cloned()),
        }
    }
    out
}
