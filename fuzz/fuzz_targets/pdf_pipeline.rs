//! Bytes that start with `%PDF-` through the PDF path: parse, glyphs and
//! rules, table reconstruction, normalize, merge, serde_json. Nothing may
//! panic, and every counted row must be placed or warned.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if !data.starts_with(b"%PDF-") {
        return;
    }
    if let Ok(c) = jixiao::convert_bytes(data, "fuzz.pdf") {
        let t = c.tally;
        assert_eq!(
            t.rows_in,
            t.rows_placed + t.rows_warned,
            "row tally does not add up: {t:?}"
        );
        for r in &c.records {
            let line = serde_json::to_vec(r).expect("record serializes");
            serde_json::from_slice::<serde_json::Value>(&line).expect("record is valid JSON");
        }
        serde_json::to_vec(&c.notes).expect("notes serialize");
    }
});
