//! Arbitrary bytes as `word/document.xml` of a DOCX (the ZIP is built around
//! them, so mutations reach the XML reader instead of failing the ZIP CRC).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../common/mod.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let docx = common::stored_zip(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", data),
    ]);
    common::convert_and_check(&docx, "fuzz.docx");
});
