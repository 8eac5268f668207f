//! Arbitrary bytes through the whole text path: decode (UTF-8, GBK/GB18030,
//! UTF-16), table reconstruction, normalize, merge, then serde_json on every
//! record and note. Nothing may panic, and every counted row must be placed
//! or warned.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../common/mod.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    // The PDF path has its own target (pdf_pipeline).
    if jixiao::extract::is_pdf(data) {
        return;
    }
    if let Ok(c) = jixiao::convert_bytes(data, "fuzz") {
        common::check_converted(&c);
    }
});
