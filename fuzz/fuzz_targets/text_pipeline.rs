//! Arbitrary bytes through the whole text path: decode (UTF-8, GBK/GB18030,
//! UTF-16), table reconstruction, normalize, merge, then serde_json on every
//! record and note. Nothing may panic, and every counted row must be placed
//! or warned.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The PDF path has its own target (pdf_pipeline).
    if jixiao::extract::is_pdf(data) {
        return;
    }
    if let Ok(c) = jixiao::convert_bytes(data, "fuzz") {
        let t = c.tally;
        assert_eq!(
            t.rows_in,
            t.rows_placed + t.rows_warned,
            "row tally does not add up: {t:?}"
        );
        for r in &c.records {
            check_numbers(r);
            let line = serde_json::to_vec(r).expect("record serializes");
            // Pretty output is a re-indent of the compact form.
            let _ = jixiao::output::pretty::pretty_array([line.as_slice()]);
            serde_json::from_slice::<serde_json::Value>(&line).expect("record is valid JSON");
        }
        serde_json::to_vec(&c.notes).expect("notes serialize");
    }
});

/// Every number in a record is finite (serde_json would print NaN or
/// infinity as null, and a number-kind value with a null number breaks the
/// record contract).
fn check_numbers(r: &jixiao::Record) {
    let f = &r.funds;
    let funds = [
        f.project_total,
        f.annual_total,
        f.own_level.total,
        f.own_level.fiscal,
        f.own_level.other,
        f.own_level.carryover,
        f.transfer.total,
        f.transfer.central,
        f.transfer.regional,
    ];
    for n in funds.into_iter().flatten() {
        assert!(n.0.is_finite(), "non-finite fund in {:?}", r.funds);
    }
    for ind in &r.indicators {
        let v = &ind.value;
        for n in [v.number, v.max, v.yuan].into_iter().flatten() {
            assert!(n.0.is_finite(), "non-finite number in {v:?}");
        }
        if v.kind == "number" || v.kind == "range" {
            assert!(v.number.is_some(), "{} value without number: {v:?}", v.kind);
        }
    }
}
