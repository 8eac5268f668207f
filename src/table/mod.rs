//! Stage 2, table reconstruction: pages → blocks (lines and grids) in
//! reading order.

pub mod lattice;
pub mod text;

use crate::model::{Block, Document, Page};

pub fn blocks(doc: &Document) -> Vec<Block> {
    let mut out = Vec::new();
    for page in &doc.pages {
        match page {
            Page::Text(t) => out.extend(text::blocks(&t.lines)),
            Page::Pdf(p) => out.extend(lattice::page_blocks(p)),
            Page::Blocks(b) => out.extend(b.iter().cloned()),
        }
    }
    out
}
