//! Checks shared by the pipeline targets.

use jixiao::Converted;

/// What a converted document must satisfy: every counted row placed or
/// warned, every number finite, records and notes that serialize to valid
/// JSON (and re-indent for the pretty file).
pub fn check_converted(c: &Converted) {
    let t = c.tally;
    assert_eq!(
        t.rows_in,
        t.rows_placed + t.rows_warned,
        "row tally does not add up: {t:?}"
    );
    for r in &c.records {
        check_numbers(r);
        let line = serde_json::to_vec(r).expect("record serializes");
        let _ = jixiao::output::pretty::pretty_array([line.as_slice()]);
        serde_json::from_slice::<serde_json::Value>(&line).expect("record is valid JSON");
    }
    serde_json::to_vec(&c.notes).expect("notes serialize");
}

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

/// A ZIP (stored, no compression: cheap to build per input) of the given
/// entries, for the targets that fuzz the XML inside an office file.
#[allow(dead_code)] // not every target builds ZIPs
pub fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    for (name, data) in entries {
        w.start_file(*name, opts).expect("zip entry");
        w.write_all(data).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

/// Converts, checks a success, and checks that a failure is one line.
#[allow(dead_code)]
pub fn convert_and_check(data: &[u8], name: &str) {
    match jixiao::convert_bytes(data, name) {
        Ok(c) => check_converted(&c),
        Err(e) => assert!(!e.to_string().contains('\n'), "error on one line: {e}"),
    }
}
