//! A batch of hostile files in the new formats converted by the binary in
//! one `jixiao convert DIR -o OUT` run: zip bombs (XLSX by ratio, DOCX by
//! ratio and by total size), an XML entity bomb, 100,000-deep XML,
//! colspan="1000000", a sheet with a cell in row 1,048,576, a real
//! million-row sheet (a million rows of cells, 30 MB of XML), million-row
//! and million-column ODS repeats, a cell in column 16,384+ of an XLSX,
//! HTML tables nested 10,000 deep and divs nested 100,000 deep, beside the
//! sample so the batch has work that succeeds.
//!
//! The child's peak RSS is read from `wait4` (its own rusage, so tests
//! running beside this one do not count) and must stay under 2 GiB; the
//! batch must finish within 5 minutes; each hostile file fails alone with
//! a one-line reason and the sample still converts. The files are generated
//! here (under target/test-tmp), never committed. The figures are printed
//! (`cargo test --release --test hostile_batch -- --nocapture`).

mod common;

use common::office::*;
use common::*;
use std::time::{Duration, Instant};

/// The hostile files, by name.
fn hostile_files() -> Vec<(&'static str, Vec<u8>)> {
    let mut files = Vec::new();

    // Zip bombs: one 64 MiB sheet of blanks (~1000x); a 64 MiB document of
    // blanks; 300 entries of 1 MiB each (300 MiB in all).
    let mut sheet = sheet_xml("");
    sheet.extend(std::iter::repeat_n(b' ', 64 << 20));
    files.push(("bomb-ratio.xlsx", xlsx_with_sheet(&sheet, 9)));
    let mut doc = b"<w:document><w:body>".to_vec();
    doc.extend(std::iter::repeat_n(b' ', 64 << 20));
    files.push(("bomb-ratio.docx", docx_with(&doc, 9)));
    let part = vec![b' '; (1 << 20) - 1];
    let names: Vec<String> = (0..300).map(|i| format!("word/media/p{i}.xml")).collect();
    let mut entries: Vec<(&str, &[u8])> = vec![("word/document.xml", b"<w:document/>")];
    entries.extend(names.iter().map(|n| (n.as_str(), part.as_slice())));
    files.push(("bomb-total.docx", zip_at_level(&entries, 1)));

    // Entity expansion (a billion laughs).
    let doc = office::billion_laughs();
    files.push(("entities.docx", docx_with(doc.as_bytes(), 1)));

    // 100,000-deep XML, and 100,000-deep nested DOCX tables.
    let depth = 100_000;
    let doc = format!(
        "<w:document><w:body>{}{}</w:body></w:document>",
        "<w:p>".repeat(depth),
        "</w:p>".repeat(depth)
    );
    files.push(("deep.docx", docx_with(doc.as_bytes(), 1)));
    let doc = format!(
        "<w:document><w:body>{}项目名称</w:body></w:document>",
        "<w:tbl><w:tr><w:tc>".repeat(depth / 3)
    );
    files.push(("deep-tables.docx", docx_with(doc.as_bytes(), 1)));

    // colspan="1000000" on every cell of the sample page.
    let page = std::fs::read_to_string(root().join("tests/fixtures/formats/ningxia.html")).unwrap();
    files.push((
        "colspan.html",
        page.replace("<td", "<td colspan=\"1000000\" rowspan=\"1000000\"")
            .into_bytes(),
    ));

    // A cell in the last row of a sheet; a cell far right.
    files.push((
        "far-row.xlsx",
        xlsx_with_sheet(
            &sheet_xml(
                r#"<row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c></row><row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>"#,
            ),
            1,
        ),
    ));
    files.push((
        "far-col.xlsx",
        xlsx_with_sheet(
            &sheet_xml(
                r#"<row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c><c r="ZZZZ1" t="inlineStr"><is><t>x</t></is></c></row>"#,
            ),
            1,
        ),
    ));

    // A real million-row sheet: every row has two cells.
    let mut rows = String::with_capacity(60 << 20);
    for r in 1..=1_000_000u32 {
        rows.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>项目名称</t></is></c><c r="B{r}"><v>{r}</v></c></row>"#
        ));
    }
    files.push(("million-rows.xlsx", xlsx_with_sheet(&sheet_xml(&rows), 1)));
    drop(rows);

    // ODS: a row repeated a million times, a cell repeated a million times,
    // both at once.
    files.push((
        "million-rows.ods",
        ods(
            r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row>"#,
        ),
    ));
    files.push((
        "million-cols.ods",
        ods(
            r#"<table:table-row><table:table-cell table:number-columns-repeated="1000000"><text:p>x</text:p></table:table-cell></table:table-row>"#,
        ),
    ));
    files.push((
        "million-both.ods",
        ods(
            r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000000"><text:p>x</text:p></table:table-cell></table:table-row>"#,
        ),
    ));

    // HTML: tables nested 10,000 deep; divs nested 100,000 deep.
    files.push((
        "nested-tables.html",
        ("<table><tr><td>".repeat(10_000) + "项目名称").into_bytes(),
    ));
    files.push((
        "deep-divs.html",
        format!("<html><body>{}项目名称", "<div>".repeat(100_000)).into_bytes(),
    ));
    files
}

/// Runs the binary and waits for it with `wait4`: exit code, peak RSS in
/// KiB, CPU seconds (user + system), wall time.
fn run_measured(args: &[&str]) -> (Option<i32>, u64, f64, Duration) {
    let start = Instant::now();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .current_dir(root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("jixiao runs");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a plain wait4 on our own child, with valid out-pointers; the
    // `Child` is forgotten so that std never waits on the reaped pid.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    std::mem::forget(child);
    assert_eq!(got, pid, "wait4 failed");
    let wall = start.elapsed();
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let cpu = tv(usage.ru_utime) + tv(usage.ru_stime);
    (code, usage.ru_maxrss as u64, cpu, wall)
}

#[test]
fn hostile_batch_stays_under_2_gib() {
    let dir = temp_dir("hostile-batch");
    let inp = dir.join("in");
    std::fs::create_dir_all(&inp).unwrap();
    let mut total = 0usize;
    let files = hostile_files();
    for (name, bytes) in &files {
        total += bytes.len();
        std::fs::write(inp.join(name), bytes).unwrap();
    }
    drop(files);
    std::fs::copy(sample_path(), inp.join("sample.txt")).unwrap();
    let out = dir.join("out");
    let (code, rss_kib, cpu, wall) = run_measured(&[
        "convert",
        "-q",
        inp.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    eprintln!(
        "hostile batch: {} files, {:.1} MB on disk: exit {code:?}, peak RSS {:.0} MiB, \
         CPU {cpu:.1} s, wall {:.1} s",
        std::fs::read_dir(&inp).unwrap().count(),
        total as f64 / 1e6,
        rss_kib as f64 / 1024.0,
        wall.as_secs_f64()
    );
    assert_eq!(code, Some(1), "exit 1: some inputs failed");
    assert!(rss_kib < 2 << 20, "peak RSS {rss_kib} KiB");
    assert!(wall < Duration::from_secs(300), "took {wall:?}");

    let report = read_json(&out.join("report.json"));
    let entries = report["inputs"].as_array().unwrap();
    assert_eq!(entries.len(), std::fs::read_dir(&inp).unwrap().count());
    for e in entries {
        let path = e["path"].as_str().unwrap();
        let err = e["error"].as_str().unwrap_or("");
        eprintln!("  {path}: {} {err}", e["status"]);
        assert!(!err.contains("internal error"), "panic on {path}: {err}");
        assert!(!err.contains("timed out"), "{path}: {err}");
        if path.ends_with("sample.txt") {
            assert_eq!(e["status"], "ok", "{e}");
        } else {
            assert_ne!(e["status"], "ok", "{e}");
            assert!(!err.is_empty() && !err.contains('\n'), "{e}");
        }
    }
}
