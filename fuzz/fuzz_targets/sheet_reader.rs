//! Spreadsheets: the first byte picks the format. 0: the rest is an ODS
//! `content.xml`; 1: the rest is an XLSX sheet (`xl/worksheets/sheet1.xml`);
//! otherwise the whole input as a file (XLS / OLE2, or any ZIP).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../common/mod.rs"]
mod common;

const WORKBOOK: &[u8] = br#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &[u8] = br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    match pick {
        0 => {
            let ods = common::stored_zip(&[
                ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
                ("content.xml", rest),
            ]);
            common::convert_and_check(&ods, "fuzz.ods");
        }
        1 => {
            let xlsx = common::stored_zip(&[
                ("[Content_Types].xml", b"<Types/>"),
                ("xl/workbook.xml", WORKBOOK),
                ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
                ("xl/worksheets/sheet1.xml", rest),
            ]);
            common::convert_and_check(&xlsx, "fuzz.xlsx");
        }
        _ => common::convert_and_check(data, "fuzz.xls"),
    }
});
