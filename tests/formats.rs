//! Every format the sample is published in gives the sample's records.
//! The fixtures (tests/fixtures/formats/make_fixtures.sh) carry the same
//! tables as XLSX, XLS, ODS, DOCX, HTML (UTF-8 and GBK, the GBK page inside
//! a layout table with site chrome), CSV (UTF-8 with BOM and GBK, merged
//! cells on their first row only) and web-page text. Each must give the
//! text path's 25 records in every field but `document.file` and `source`;
//! as for the PDF fixtures, `level_inferred` warnings may differ (the text
//! lost its merged cells, most of these formats keep them).

mod common;

use common::*;
use jixiao::convert_bytes;
use jixiao::model::SourceKind;
use serde_json::Value;

fn without_shift_warnings(mut v: Vec<Value>) -> Vec<Value> {
    for r in &mut v {
        let w = r["warnings"].as_array_mut().unwrap();
        w.retain(|w| w["code"] != "level_inferred");
    }
    v
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/fixtures/formats").join(name)).unwrap()
}

const FIXTURES: [(&str, SourceKind); 9] = [
    ("ningxia.xlsx", SourceKind::Xlsx),
    ("ningxia.xls", SourceKind::Xls),
    ("ningxia.ods", SourceKind::Ods),
    ("ningxia.docx", SourceKind::Docx),
    ("ningxia-nested.docx", SourceKind::Docx),
    ("ningxia.html", SourceKind::Html),
    ("ningxia-gbk.html", SourceKind::Html),
    ("ningxia-utf8bom.csv", SourceKind::Csv),
    ("ningxia-gbk.csv", SourceKind::Csv),
];

fn assert_same_records(name: &str, c: &jixiao::Converted, text: &jixiao::Converted) {
    let expected = without_shift_warnings(comparable(&text.records));
    let got = without_shift_warnings(comparable(&c.records));
    assert_eq!(got.len(), 25, "{name}");
    assert_eq!(got.len(), expected.len(), "{name}");
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g, e, "{name}: {}", e["project_name"]);
    }
    let t = c.tally;
    assert_eq!(t.rows_in, t.rows_placed + t.rows_warned, "{name}");
    assert_eq!(t.rows_warned, 0, "{name}: every row placed");
    let ids: Vec<_> = c.records.iter().map(|r| &r.record_id).collect();
    let text_ids: Vec<_> = text.records.iter().map(|r| &r.record_id).collect();
    assert_eq!(ids, text_ids, "{name}");
}

#[test]
fn every_format_gives_the_sample_records() {
    let text = convert_bytes(&sample_bytes(), "t").unwrap();
    for (name, kind) in FIXTURES {
        let c = convert_bytes(&fixture(name), name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(c.kind, kind, "{name}: told by content");
        assert!(c.notes.is_empty(), "{name}: {:?}", c.notes);
        assert_same_records(name, &c, &text);
    }
}

#[test]
fn web_page_text_gives_the_sample_records() {
    // One cell per line with blank lines between, chrome around.
    let text = convert_bytes(&sample_bytes(), "t").unwrap();
    let name = "ningxia-web.txt";
    let c = convert_bytes(&fixture(name), name).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(c.kind, SourceKind::Text);
    assert!(c.notes.is_empty(), "{name}: {:?}", c.notes);
    // Web text has no rows: its warnings name the same fields, but their
    // messages count rows of the cell sequence, not of the table.
    let strip = |v: Vec<Value>| -> Vec<Value> {
        without_shift_warnings(v)
            .into_iter()
            .map(|mut r| {
                for w in r["warnings"].as_array_mut().unwrap() {
                    w.as_object_mut().unwrap().remove("message");
                }
                r
            })
            .collect()
    };
    let got = strip(comparable(&c.records));
    let expected = strip(comparable(&text.records));
    assert_eq!(got.len(), 25);
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g, e, "{name}: {}", e["project_name"]);
    }
    assert_eq!(c.tally.rows_warned, 0, "{name}: every row placed");
}

#[test]
fn kind_is_told_by_content_not_name() {
    // The XLSX and the GBK page under misleading names.
    let c = convert_bytes(&fixture("ningxia.xlsx"), "table.txt").unwrap();
    assert_eq!(c.kind, SourceKind::Xlsx);
    let c = convert_bytes(&fixture("ningxia-gbk.html"), "attachment.pdf").unwrap();
    assert_eq!(c.kind, SourceKind::Html);
    assert_eq!(c.records.len(), 25);
    assert!(
        c.notes
            .iter()
            .any(|n| n.code == jixiao::diag::Code::ReadAsHtml),
        "{:?}",
        c.notes
    );
}

#[test]
fn a_stray_invalid_byte_keeps_every_record() {
    // Inside a goal text halfway through the file.
    let mut bytes = sample_bytes();
    let text = sample_text();
    let half = (text.len() / 2..)
        .find(|&i| text.is_char_boundary(i))
        .unwrap();
    let goal = text[half..].find("年度总体绩效目标\t").unwrap() + half;
    let start = goal + "年度总体绩效目标\t".len();
    let at = start + text[start..].char_indices().nth(4).unwrap().0;
    bytes.insert(at, 0xFF);
    let c = convert_bytes(&bytes, "t").unwrap();
    assert_eq!(c.records.len(), 25);
    assert_eq!(
        c.records
            .iter()
            .filter(|r| r
                .annual_goal
                .as_deref()
                .is_some_and(|g| g.contains('\u{FFFD}')))
            .count(),
        1
    );
    let n = c
        .notes
        .iter()
        .find(|n| n.code == "undecodable_bytes")
        .unwrap();
    assert!(n.message.contains(&format!("offset {at}")), "{}", n.message);
}

#[test]
fn a_run_of_nuls_is_reported_and_the_rest_converted() {
    let text = convert_bytes(&sample_bytes(), "t").unwrap();
    let mut bytes = sample_bytes();
    // 1 KB of NULs in the middle of the file, inside a line.
    let mid = bytes[bytes.len() / 2..]
        .iter()
        .position(|&b| b == b'\t')
        .unwrap()
        + bytes.len() / 2;
    bytes.splice(mid..mid, std::iter::repeat_n(0u8, 1024));
    let c = convert_bytes(&bytes, "t").unwrap();
    assert!(
        c.notes.iter().any(|n| n.code == "nul_bytes"),
        "{:?}",
        c.notes
    );
    assert_eq!(comparable(&c.records), comparable(&text.records));
}

/// The DOCX whose target tables sit inside a one-column frame table: the
/// frame is layout (no grid, its print-bar cell becomes a line) and each target
/// table is a grid of its own, as in the flat DOCX.
#[test]
fn docx_tables_nested_in_a_frame_table_are_grids() {
    let opts = Default::default();
    let flat = jixiao::read_tables(&fixture("ningxia.docx"), &opts, &Default::default()).unwrap();
    let nested =
        jixiao::read_tables(&fixture("ningxia-nested.docx"), &opts, &Default::default()).unwrap();
    assert_eq!(nested.len(), 30);
    assert_eq!(nested.len(), flat.len());
    for (n, f) in nested.iter().zip(&flat) {
        assert_eq!((n.rows, n.cols), (f.rows, f.cols));
        assert_eq!(n.cells, f.cells);
    }
}

#[test]
fn tables_lists_the_tables_of_a_spreadsheet() {
    let res = jixiao(&["tables", "tests/fixtures/formats/ningxia.xlsx"]);
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let v: Value = serde_json::from_slice(&res.stdout).unwrap();
    let tables = v[0]["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 30, "the sample's 30 target tables");
    // Merged cells keep their spans: 项目名称's label spans two columns,
    // the first level-1 label spans its indicator rows.
    let cells = tables[0]["cells"].as_array().unwrap();
    assert_eq!(cells[0]["text"], "项目名称");
    assert_eq!(cells[0]["colspan"], 2);
    let l1 = cells.iter().find(|c| c["text"] == "产出指标").unwrap();
    assert!(l1["rowspan"].as_u64().unwrap() > 1);
}
