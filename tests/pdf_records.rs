//! Each PDF fixture (the sample made into PDF by LibreOffice Calc and by
//! headless Chromium, tests/fixtures/pdf/make_fixtures.sh) gives the same
//! records as the text sample: every field but `document.file`, `source`
//! and `record_id`'s input (which is the same here), and but the
//! `level_inferred` warnings: those say that the *text* lost its merged
//! cells and shifted a row; the PDF keeps its cells where they are, so it
//! has nothing to infer.

mod common;

use common::*;
use jixiao::convert_bytes;
use serde_json::Value;

fn without_shift_warnings(mut v: Vec<Value>) -> Vec<Value> {
    for r in &mut v {
        let w = r["warnings"].as_array_mut().unwrap();
        w.retain(|w| w["code"] != "level_inferred");
    }
    v
}

#[test]
fn pdf_fixtures_give_the_sample_records() {
    let text = convert_bytes(&sample_bytes(), "t").unwrap();
    let expected = without_shift_warnings(comparable(&text.records));
    for name in ["ningxia-libreoffice.pdf", "ningxia-chromium.pdf"] {
        let bytes = std::fs::read(root().join("tests/fixtures/pdf").join(name)).unwrap();
        let c = convert_bytes(&bytes, name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(c.kind, jixiao::model::SourceKind::Pdf);
        assert!(c.notes.is_empty(), "{name}: {:?}", c.notes);
        let t = c.tally;
        assert_eq!(t.rows_in, t.rows_placed + t.rows_warned, "{name}");
        assert_eq!(
            t.rows_in, text.tally.rows_in,
            "{name}: same rows as the text"
        );
        assert!(
            c.records
                .iter()
                .flat_map(|r| &r.warnings)
                .all(|w| w.code != "level_inferred"),
            "{name}: a PDF with its cells in place has no shifted rows"
        );
        let got = without_shift_warnings(comparable(&c.records));
        assert_eq!(got.len(), expected.len(), "{name}");
        for (g, e) in got.iter().zip(&expected) {
            assert_eq!(g, e, "{name}: {}", e["project_name"]);
        }
        // The same input text gives the same record ids.
        let ids: Vec<_> = c.records.iter().map(|r| &r.record_id).collect();
        let text_ids: Vec<_> = text.records.iter().map(|r| &r.record_id).collect();
        assert_eq!(ids, text_ids, "{name}");
        // Every indicator knows its page.
        for r in &c.records {
            for i in &r.indicators {
                assert!(i.source.page.is_some_and(|p| p >= 2), "{name}: {}", i.name);
            }
        }
        // 安全生产监管执法项目 breaks across a page with no repeated header:
        // one part, its indicators on two pages.
        let r = c
            .records
            .iter()
            .find(|r| r.project_name.as_deref() == Some("安全生产监管执法项目"))
            .unwrap();
        assert_eq!(r.parts, 1);
        let pages: std::collections::BTreeSet<u32> =
            r.indicators.iter().filter_map(|i| i.source.page).collect();
        assert_eq!(pages.len(), 2, "{name}: {pages:?}");
        let rows: Vec<u32> = r.indicators.iter().map(|i| i.source.row).collect();
        assert!(
            rows.windows(2).all(|w| w[1] == w[0] + 1),
            "{name}: rows run on across the page"
        );
    }
}
