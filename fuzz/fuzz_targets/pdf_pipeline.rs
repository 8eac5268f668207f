//! Bytes that start with `%PDF-` through the PDF path: parse, glyphs and
//! rules, table reconstruction, normalize, merge, serde_json. Nothing may
//! panic, and every counted row must be placed or warned.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../common/mod.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if !data.starts_with(b"%PDF-") {
        return;
    }
    if let Ok(c) = jixiao::convert_bytes(data, "fuzz.pdf") {
        common::check_converted(&c);
    }
});
