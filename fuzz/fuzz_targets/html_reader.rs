//! Arbitrary bytes as an HTML page (charset sniffing, html5ever, layout and
//! data tables, spans, MHTML parts) through the whole pipeline.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../common/mod.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if !jixiao::extract::html::looks_html(data) && jixiao::extract::html::mhtml_html_part(data).is_none() {
        return;
    }
    common::convert_and_check(data, "fuzz.html");
});
