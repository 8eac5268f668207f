//! Text longer than its cell: a spreadsheet export clips it to the cell,
//! the text layer keeps it. The hidden rest is read into the cell it
//! overflows (not into the neighbour it is painted over), and text hidden
//! under a clip that shows nothing is not read.

mod common;

use jixiao::model::Page;

/// A 2 × 2 ruled table (x 100–160–260, y 700–680–660 in PDF space). Cell
/// (0,0) paints `OVERFLOWING` under its own clip, running past x = 160;
/// (0,1) holds `B`; (1,0) holds `C`; (1,1) shows nothing, but `HIDDEN` is
/// painted under its clip, over cell (1,0).
fn table_pdf() -> Vec<u8> {
    let rules = "0.5 w 100 700 m 260 700 l S 100 680 m 260 680 l S 100 660 m 260 660 l S \
                 100 660 m 100 700 l S 160 660 m 160 700 l S 260 660 m 260 700 l S";
    let content = format!(
        "{rules}\n\
         q 100 680 60 20 re W n BT /F1 10 Tf 102 686 Td (OVERFLOWING) Tj ET Q\n\
         BT /F1 10 Tf 162 686 Td (B) Tj ET\n\
         BT /F1 10 Tf 102 666 Td (C) Tj ET\n\
         q 160 660 100 20 re W n BT /F1 10 Tf 120 666 Td (HIDDEN) Tj ET Q"
    );
    common::pdf::pdf_bytes([0, 0, 600, 800], None, 0, &content, common::pdf::HELVETICA)
}

#[test]
fn a_cells_clipped_text_is_read_into_that_cell() {
    let doc = jixiao::extract::pdf::extract_pdf(&table_pdf(), &Default::default()).unwrap();
    let Page::Pdf(page) = &doc.pages[0] else {
        panic!("not a PDF page")
    };
    // The shown glyphs only: the page's text is what is visible.
    let shown: String = page.glyphs.iter().map(|g| g.text.as_str()).collect();
    assert!(shown.starts_with("OVERF"), "{shown}");
    assert!(!shown.contains("OVERFLOWING"), "{shown}");
    assert!(!shown.contains("HIDDEN"), "{shown}");
    let tables = jixiao::table::lattice::page_tables(page);
    assert_eq!(tables.len(), 1);
    let text = |r: u32, c: u32| {
        tables[0]
            .cells
            .iter()
            .find(|x| x.row == r && x.col == c)
            .map_or("", |x| x.text.as_str())
    };
    assert_eq!(text(0, 0), "OVERFLOWING");
    assert_eq!(text(0, 1), "B");
    assert_eq!(text(1, 0), "C");
    assert_eq!(text(1, 1), "");
}
