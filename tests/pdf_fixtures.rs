//! The two ningxia fixtures of the main repository (LibreOffice and Chromium
//! renderings of the same 30 项目支出预算绩效目标表), read where they are:
//! $JIXIAO_FIXTURES, default tests/fixtures/pdf.

use std::path::PathBuf;

use jixiao::extract::pdf::{PdfLimits, extract_pdf};
use jixiao::model::{Grid, Page};
use jixiao::table::lattice::{page_lines, page_tables};

fn dir() -> PathBuf {
    std::env::var_os("JIXIAO_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf"))
}

fn text(g: &Grid, r: u32, c: u32) -> &str {
    g.cells
        .iter()
        .find(|x| x.row == r && x.col == c)
        .map_or("", |x| x.text.as_str())
}

#[test]
fn ningxia_fixtures() {
    let dir = dir();
    for name in ["ningxia-libreoffice.pdf", "ningxia-chromium.pdf"] {
        let path = dir.join(name);
        let bytes = std::fs::read(&path).expect("fixture committed beside its script");
        let doc = extract_pdf(&bytes, &PdfLimits::default()).unwrap();
        assert!(doc.notes.is_empty(), "{name}: {:?}", doc.notes);
        let mut starts = 0;
        let mut continuations = 0;
        let mut titles = 0;
        for p in &doc.pages {
            let Page::Pdf(p) = p else { continue };
            let tables = page_tables(p);
            let lines = page_lines(p, &tables);
            titles += lines
                .iter()
                .filter(|(_, l)| l == "2025年自治区本级部门项目支出预算绩效目标表")
                .count();
            for g in &tables {
                if text(g, 0, 0) == "项目名称" {
                    starts += 1;
                    assert_eq!(g.cols, 6, "{name} p{}", p.number);
                    assert!(
                        g.cells.iter().any(|c| c.text == "一级指标"),
                        "{name} p{}",
                        p.number
                    );
                    let first = &g.cells[0];
                    assert_eq!(
                        (first.rowspan, first.colspan),
                        (1, 2),
                        "{name} p{}",
                        p.number
                    );
                } else {
                    // a table running on from the previous page: its first
                    // cells are the cut rowspans of 一级/二级指标
                    continuations += 1;
                    assert_eq!(text(g, 0, 0), "", "{name} p{}", p.number);
                    assert!(g.cells[0].rowspan >= 1);
                }
                assert!(g.row_origin.iter().all(|o| o.page == Some(p.number)));
            }
        }
        assert_eq!(starts, 30, "{name}");
        assert_eq!(titles, 30, "{name}");
        let expected_continuations = if name.contains("chromium") { 2 } else { 1 };
        assert_eq!(continuations, expected_continuations, "{name}");
    }
}
