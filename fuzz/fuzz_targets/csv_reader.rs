//! Arbitrary bytes as a CSV export (quoted fields, GBK/UTF-8, blank-line
//! table breaks, title rows) through the whole pipeline; also the web-page
//! text reader when the bytes are a cell sequence.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../common/mod.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if jixiao::extract::is_pdf(data) {
        return;
    }
    if let Some(delimiter) = jixiao::extract::csv::looks_csv(data) {
        if let Ok(doc) = jixiao::extract::csv::read(data, delimiter) {
            let _ = jixiao::table::blocks(&doc);
        }
    }
    common::convert_and_check(data, "fuzz.csv");
});
