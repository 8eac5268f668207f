//! Hostile and broken input: what the fuzz targets (fuzz/, see
//! fuzz/README.md) found, kept as ordinary tests. Each input must convert,
//! or fail with a reason, without panicking; in time linear in its size; with
//! every counted row placed or warned; and with records that serialize to
//! JSON holding no null where a number is promised.

use jixiao::{ConvertError, Converted, convert_bytes};
use std::time::Duration;

/// Converts `bytes` as the text_pipeline fuzz target does and checks what it
/// checks.
fn convert(bytes: &[u8]) -> Result<Converted, ConvertError> {
    convert_as(bytes, "fuzz")
}

/// [`convert`] with a file name (`.pdf` asks for the PDF path).
fn convert_as(bytes: &[u8], file: &str) -> Result<Converted, ConvertError> {
    let result = std::panic::catch_unwind(|| convert_bytes(bytes, file))
        .unwrap_or_else(|p| panic!("convert_bytes panicked: {p:?}"));
    if let Ok(c) = &result {
        let t = c.tally;
        assert_eq!(
            t.rows_in,
            t.rows_placed + t.rows_warned,
            "row tally does not add up: {t:?}"
        );
        for r in &c.records {
            let json: serde_json::Value =
                serde_json::from_str(&serde_json::to_string(r).unwrap()).unwrap();
            for ind in json["indicators"].as_array().unwrap() {
                let v = &ind["value"];
                if v["kind"] == "number" || v["kind"] == "range" {
                    assert!(v["number"].is_number(), "number lost in JSON: {v}");
                }
                if v["kind"] == "range" {
                    assert!(v["max"].is_number(), "max lost in JSON: {v}");
                }
            }
        }
        serde_json::to_string(&c.notes).unwrap();
    }
    result
}

/// A project table head: enough fields to be read as a target table.
const HEAD: &str = "项目名称\t\t测试项目\n\
                    主管部门\t\t某厅\t实施单位\t某厅\n\
                    项目总额\t\t90\t其中：年度资金总额\t90\n\
                    一级指标\t二级指标\t三级指标\t\t绩效值\n";

/// Converts `bytes` (with [`convert`]'s checks, not timed) and fails when
/// the conversion alone takes `limit` or more (five times that in an
/// unoptimized build). The limits are several times the linear cost and a
/// fraction of the quadratic one.
/// CPU time used by the calling thread so far.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec into the pointer given.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn convert_within(what: &str, limit: Duration, bytes: &[u8]) -> Converted {
    let limit = if cfg!(debug_assertions) {
        limit * 5
    } else {
        limit
    };
    // CPU time of this thread, not wall time: on a loaded machine (other
    // test threads, other builds) the wall clock measured the load, and the
    // guard is about work growing faster than the input.
    let start = thread_cpu();
    let converted = convert_bytes(bytes, "fuzz");
    let took = thread_cpu().saturating_sub(start);
    eprintln!("{what}: {took:?} CPU");
    assert!(
        took < limit,
        "{what} took {took:?} (limit {limit:?}): quadratic again?"
    );
    drop(converted);
    convert(bytes).expect("converts")
}

/// `normalize::part::parts` asked `Grid::row_cells` for each row, and that
/// scans every cell of the grid: a table of R rows cost R × cells. 64 KB of
/// short rows took about 15 s in the fuzz build; this 400 KB table took 27 s
/// in a release build. Now one pass buckets the cells by row.
#[test]
fn long_table_of_short_rows_is_linear() {
    let mut doc = String::from(HEAD);
    doc.push_str("产出指标\t数量指标\t甲\t\t1项\n");
    for _ in 0..100_000 {
        doc.push_str("a\tb\n");
    }
    let c = convert_within(
        "100,000 two-cell rows",
        Duration::from_secs(5),
        doc.as_bytes(),
    );
    assert_eq!(c.tally.rows_in, 100_005);
}

/// `merge::checks::duplicates` compared each indicator with every one
/// before it (quadratic in the indicators of a record: this table took 27 s
/// in a release build from that alone). Now the first indicator of each
/// name and category is looked up in a map.
#[test]
fn many_indicators_are_linear() {
    let mut doc = String::from(HEAD);
    for i in 0..100_000 {
        doc.push_str(&format!("产出指标\t数量指标\t指标{i}\t\t≤{i}家\n"));
    }
    let c = convert_within("100,000 indicators", Duration::from_secs(5), doc.as_bytes());
    assert_eq!(c.records[0].indicators.len(), 100_000);
    assert!(
        !c.records[0]
            .warnings
            .iter()
            .any(|w| w.code == "duplicate_indicator")
    );
}

/// The map lookup keeps what the scan did: each repeat is compared with the
/// first indicator of its name under its level-2 category.
#[test]
fn duplicates_still_found_after_the_map_rewrite() {
    let doc = format!(
        "{HEAD}产出指标\t数量指标\t甲\t\t1项\n\
         \t\t甲\t\t2项\n\
         \t\t甲\t\t1项\n\
         \t质量指标\t甲\t\t3项\n\
         \t\t\t\t4项\n\
         \t\t\t\t5项\n"
    );
    let c = convert(doc.as_bytes()).expect("converts");
    let dups: Vec<(&str, &str)> = c.records[0]
        .warnings
        .iter()
        .filter(|w| w.code == "duplicate_indicator")
        .map(|w| (w.at.as_deref().unwrap_or(""), w.message.as_str()))
        .collect();
    assert_eq!(
        dups,
        [(
            "indicators[1]",
            "甲 appears again with 2项 (indicators[0] has 1项)"
        )],
        "{:#?}",
        c.records[0].warnings
    );
}

/// More than 309 digits parse as an f64 infinity, which serde_json prints
/// as null: a value of kind "number" with number null, a fund of null with
/// no warning. `normalize::value::number` and `normalize::part::parse_amount`
/// now refuse non-finite numbers (the cell stays text, the fund is
/// `amount_unparsed`), and `to_yuan` gives no yuan when the amount in 元 is
/// beyond f64.
#[test]
fn numbers_too_long_for_f64() {
    let huge = "9".repeat(400);
    let big = "9".repeat(300); // finite, but × 亿 and × 100 overflow
    let doc = format!(
        "项目名称\t\t测试项目\n\
         项目总额\t\t{huge}\t其中：年度资金总额\t90\n\
         一级指标\t二级指标\t三级指标\t\t绩效值\n\
         产出指标\t数量指标\t甲\t\t≤{huge}家\n\
         \t\t乙\t\t{huge}-{huge}户\n\
         \t成本指标\t丙\t\t≤{big}亿元\n\
         \t\t丁\t\t≤{big}00000亿元\n\
         \t\t戊\t\t≤{big}亿\n"
    );
    let c = convert(doc.as_bytes()).expect("converts");
    let r = &c.records[0];
    assert_eq!(r.funds.project_total, None);
    assert!(
        r.warnings
            .iter()
            .any(|w| w.code == "amount_unparsed" && w.message.contains(&huge))
    );
    let kinds: Vec<&str> = r.indicators.iter().map(|i| i.value.kind).collect();
    assert_eq!(kinds, ["text", "text", "number", "number", "number"]);
    let yuan: Vec<Option<f64>> = r
        .indicators
        .iter()
        .map(|i| i.value.yuan.map(|y| y.0))
        .collect();
    // 1e300 亿元 = 1e308 元 still fits; 1e305 亿元 does not.
    assert!(yuan[2].is_some_and(f64::is_finite), "{yuan:?}");
    assert_eq!(yuan[3], None);
    assert!(yuan[4].is_some_and(f64::is_finite), "{yuan:?}");
}

#[test]
fn value_parser_refuses_infinity() {
    use jixiao::normalize::value::{ValueKind, parse, to_yuan};
    let (v, _) = parse(&"1".repeat(400));
    assert_eq!(v.kind, ValueKind::Text);
    let (v, _) = parse(&format!("1-{}", "1".repeat(400)));
    assert_eq!(v.kind, ValueKind::Text);
    assert_eq!(to_yuan(1e305, 1e8), None);
    assert_eq!(to_yuan(24.966, 1e4), Some(249660.0));
    assert_eq!(to_yuan(1e307, 1.0), Some(1e307));
}

/// The sample cut short anywhere (mid-line, mid-character) and in every
/// encoding the decoder reads: what the text_pipeline seeds start from.
#[test]
fn sample_cut_anywhere_in_any_encoding() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/ningxia-yingji-2025.txt"),
    )
    .expect("sample present");
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    let mut utf16le = vec![0xFF, 0xFE];
    utf16le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let mut utf16be = vec![0xFE, 0xFF];
    utf16be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
    for bytes in [text.as_bytes(), &gbk, &utf16le, &utf16be] {
        // 61 cuts, a prime step so that they land mid-character too.
        let step = bytes.len() / 61 + 1;
        for cut in (1..bytes.len()).step_by(step) {
            let _ = convert(&bytes[..cut]);
        }
        assert_eq!(convert(bytes).expect("whole sample").records.len(), 25);
    }
}

/// The PDF fixtures cut short and with bytes overwritten: a failure with a
/// reason or records, never a panic.
#[test]
fn pdf_fixtures_cut_and_corrupted() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf");
    for name in ["ningxia-chromium.pdf", "ningxia-libreoffice.pdf"] {
        let bytes = std::fs::read(dir.join(name)).expect("fixture present");
        for cut in (5..bytes.len()).step_by(bytes.len() / 13) {
            let _ = convert_as(&bytes[..cut], "fuzz.pdf");
        }
        // Overwrite 64 bytes at a spread of places (inside streams, the
        // xref table, the trailer).
        for at in (0..bytes.len()).step_by(bytes.len() / 17) {
            let mut b = bytes.clone();
            let end = (at + 64).min(b.len());
            b[at..end].iter_mut().for_each(|x| *x = b'9');
            b[..5].copy_from_slice(b"%PDF-");
            let _ = convert_as(&b, "fuzz.pdf");
        }
    }
}

/// sheet_reader found a mutated XLS (tests/fixtures/fuzz/xls-far-cell.xls)
/// whose value cells span so far that calamine's dense sheet range took a
/// gigabyte and more than 10 s. The reader now sums up the cell records'
/// bounds first and refuses a sheet over `MAX_XLS_AREA` cells in one line.
/// xls-far-cell-oom.xls, found later by the same target on the old code,
/// asked calamine for 27 GB (30,074 rows × 28,258 columns) and aborted.
#[test]
fn xls_with_a_far_cell_is_refused_quickly() {
    for name in ["xls-far-cell.xls", "xls-far-cell-oom.xls"] {
        xls_refused_quickly(name);
    }
}

fn xls_refused_quickly(name: &str) {
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fuzz")
            .join(name),
    )
    .unwrap();
    let limit = Duration::from_secs(if cfg!(debug_assertions) { 10 } else { 2 });
    let start = thread_cpu();
    let res = convert_as(&bytes, "fuzz.xls");
    let took = thread_cpu().saturating_sub(start);
    assert!(took < limit, "took {took:?}");
    match res {
        Ok(c) => panic!("converted to {} records", c.records.len()),
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.contains("span") && !msg.contains('\n'), "{msg}");
        }
    }
}

/// calamine reserves room for the cells a sheet's `Dimensions` record
/// declares before reading them. The sample's XLS with that record saying
/// 4,294,967,279 rows × 65,535 columns made it ask for 11 PB, and the
/// allocation failure aborted the whole process (no panic to catch, the
/// batch lost). A first row past the last one wraps around in calamine's
/// subtraction the same way. Found by reading calamine's `parse_dimensions`
/// while checking the fuzz fix above; the reader now refuses a declared
/// area over a full BIFF8 sheet (`MAX_XLS_DECLARED_AREA`) in one line.
#[test]
fn xls_declaring_huge_dimensions_is_refused() {
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/ningxia.xls"),
    )
    .unwrap();
    // The sheet's Dimensions record: type 0x0200, 14 bytes of data.
    let at: Vec<usize> = bytes
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == [0x00, 0x02, 0x0E, 0x00])
        .map(|(i, _)| i + 4)
        .collect();
    assert_eq!(at.len(), 1, "one Dimensions record in the fixture");
    let at = at[0];
    // (first row, last row + 1, first column, last column + 1)
    let huge: [(u32, u32, u16, u16); 2] = [(0, 0xFFFF_FFF0, 0, 0xFFFF), (1000, 10, 0, 0xFF)];
    for (rf, rl, cf, cl) in huge {
        let mut b = bytes.clone();
        b[at..at + 4].copy_from_slice(&rf.to_le_bytes());
        b[at + 4..at + 8].copy_from_slice(&rl.to_le_bytes());
        b[at + 8..at + 10].copy_from_slice(&cf.to_le_bytes());
        b[at + 10..at + 12].copy_from_slice(&cl.to_le_bytes());
        match convert_as(&b, "fuzz.xls") {
            Ok(c) => panic!("converted to {} records", c.records.len()),
            Err(e) => {
                let msg = e.to_string();
                assert!(msg.contains("declaring") && !msg.contains('\n'), "{msg}");
            }
        }
    }
    // The fixture's own record (a few thousand cells) still reads.
    assert_eq!(convert_as(&bytes, "ningxia.xls").unwrap().records.len(), 25);
}
