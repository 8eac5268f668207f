//! Hostile files in the new formats fail alone with a one-line reason,
//! without unbounded memory or time: zip bombs in XLSX and DOCX, XML entity
//! expansion, 100,000-deep XML nesting, colspan="1000000", sheets with a
//! million rows or columns, HTML tables nested 10,000 deep, and legacy
//! binaries. The files are generated here rather than committed.

mod common;

use common::office::*;
use common::*;
use jixiao::{ConvertError, convert_bytes};
use std::io::Write;

/// Converts and returns the one-line error (the input must fail).
fn fails(bytes: &[u8], name: &str) -> String {
    match convert_bytes(bytes, name) {
        Ok(c) => panic!("{name}: converted to {} records", c.records.len()),
        Err(e) => {
            let msg = e.to_string();
            assert!(!msg.contains('\n'), "{name}: one line: {msg}");
            msg
        }
    }
}

#[test]
fn zip_bombs_are_refused_by_ratio_and_size() {
    // One 64 MiB sheet of blanks, compressed ~1000x.
    let mut sheet = sheet_xml("");
    sheet.extend(std::iter::repeat_n(b' ', 64 << 20));
    let bomb = zip_at_level(
        &[
            ("[Content_Types].xml", CONTENT_TYPES),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/worksheets/sheet1.xml", &sheet),
        ],
        9,
    );
    let msg = fails(&bomb, "bomb.xlsx");
    assert!(msg.contains("zip bomb"), "{msg}");

    // 300 entries just under the ratio check's size: 300 MiB in all.
    let part = vec![b' '; (1 << 20) - 1];
    let names: Vec<String> = (0..300).map(|i| format!("word/media/p{i}.xml")).collect();
    let mut entries: Vec<(&str, &[u8])> = vec![("word/document.xml", b"<w:document/>")];
    entries.extend(names.iter().map(|n| (n.as_str(), part.as_slice())));
    let msg = fails(&zip_at_level(&entries, 1), "bomb.docx");
    assert!(msg.contains("MiB"), "{msg}");
}

#[test]
fn xml_entities_are_never_expanded() {
    let doc = office::billion_laughs();
    let msg = fails(&docx_with(doc.as_bytes(), 1), "lol.docx");
    assert!(msg.contains("no performance-target table"), "{msg}");
}

#[test]
fn deep_xml_nesting_is_refused() {
    let depth = 100_000;
    let mut doc = "<w:document><w:body>".to_string();
    doc.push_str(&"<w:p>".repeat(depth));
    doc.push_str(&"</w:p>".repeat(depth));
    doc.push_str("</w:body></w:document>");
    let msg = fails(&docx_with(doc.as_bytes(), 1), "deep.docx");
    assert!(msg.contains("nested deeper"), "{msg}");
}

#[test]
fn a_huge_colspan_is_clamped() {
    let page = std::fs::read_to_string(root().join("tests/fixtures/formats/ningxia.html")).unwrap();
    let page = page.replacen("<td", "<td colspan=\"1000000\"", 1);
    // The page still reads; the first cell spans the clamp, not a million.
    let c = convert_bytes(page.as_bytes(), "wide.html").unwrap();
    assert_eq!(c.records.len(), 25);
    let tables =
        jixiao::read_tables(page.as_bytes(), &Default::default(), &Default::default()).unwrap();
    assert_eq!(tables[0].cells[0].colspan, 1000);
}

#[test]
fn sheets_with_a_million_rows_or_columns_are_refused() {
    let far_row = sheet_xml(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c></row><row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>"#,
    );
    let msg = fails(&xlsx_with_sheet(&far_row, 1), "tall.xlsx");
    assert!(msg.contains("row"), "{msg}");

    // ODS: a row of content repeated a million times, a cell repeated a
    // million times.
    let msg = fails(
        &ods(
            r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row>"#,
        ),
        "tall.ods",
    );
    assert!(msg.contains("row") || msg.contains("cells"), "{msg}");
    let msg = fails(
        &ods(
            r#"<table:table-row><table:table-cell table:number-columns-repeated="1000000"><text:p>x</text:p></table:table-cell></table:table-row>"#,
        ),
        "wide.ods",
    );
    assert!(msg.contains("column"), "{msg}");
    // A million empty rows cost nothing and read as an empty sheet.
    let msg = fails(
        &ods(
            r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>"#,
        ),
        "empty.ods",
    );
    assert!(msg.contains("no performance-target table"), "{msg}");
}

#[test]
fn deeply_nested_html_is_refused() {
    let tables = "<table><tr><td>".repeat(10_000) + "项目名称";
    let msg = fails(tables.as_bytes(), "nested.html");
    assert!(msg.contains("HTML"), "{msg}");
    let divs = format!("<html><body>{}项目名称", "<div>".repeat(100_000));
    let msg = fails(divs.as_bytes(), "deep.html");
    assert!(msg.contains("nested deeper"), "{msg}");
}

#[test]
fn legacy_binaries_name_their_format() {
    let mut cf = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    cf.create_stream("WordDocument")
        .unwrap()
        .write_all(&[0u8; 512])
        .unwrap();
    cf.flush().unwrap();
    let doc = cf.into_inner().into_inner();
    let msg = fails(&doc, "old.doc");
    assert!(
        msg.contains("Word 97-2003") && msg.contains(".docx"),
        "{msg}"
    );
    let e = convert_bytes(&doc, "old.doc").unwrap_err();
    assert!(matches!(e, ConvertError::Legacy(..)));

    let other_zip = zip_at_level(&[("readme.txt", b"hello")], 1);
    let msg = fails(&other_zip, "a.zip");
    assert!(msg.contains("not an XLSX, DOCX or ODS"), "{msg}");
}
