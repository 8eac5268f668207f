//! Analyst outputs read back and compared with records.jsonl: CSV, XLSX,
//! the SQLite corpus (refresh, changed and removed files, a kill at any
//! moment), and `-o -`.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn jsonl(p: &Path) -> Vec<Value> {
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The test's own flattening (independent of the library's): JSON path →
/// cell text, `.` written `_`, null empty, arrays as JSON text.
fn flat(prefix: &str, v: &Value, out: &mut BTreeMap<String, String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                let name = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}_{k}")
                };
                if prefix.is_empty() && (k == "indicators" || k == "warnings") {
                    continue;
                }
                flat(&name, x, out);
            }
        }
        Value::Null => {
            out.insert(prefix.into(), String::new());
        }
        Value::String(s) => {
            out.insert(prefix.into(), s.clone());
        }
        other => {
            out.insert(prefix.into(), other.to_string());
        }
    }
}

fn read_csv(p: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(p).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "{} lacks the BOM",
        p.display()
    );
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|row| row.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// Inputs with several records, indicators and warnings: the sample and
/// the PDF fixture.
fn inputs(dir: &Path) -> PathBuf {
    let inp = dir.join("in");
    std::fs::create_dir_all(&inp).unwrap();
    std::fs::write(inp.join("sample.txt"), sample_bytes()).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/pdf/ningxia-libreoffice.pdf"),
        inp.join("n.pdf"),
    )
    .unwrap();
    inp
}

#[test]
fn csv_and_xlsx_round_trip_to_records_jsonl() {
    let dir = temp_dir("csv");
    let inp = inputs(&dir);
    let out = dir.join("out");
    let res = jixiao(&[
        "convert",
        "-q",
        "--format",
        "jsonl,csv,xlsx",
        "-o",
        s(&out),
        s(&inp),
    ]);
    assert_eq!(
        res.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let records = jsonl(&out.join("records.jsonl"));
    assert!(records.len() > 25);
    // --format without json: no per-input files.
    assert!(!out.join("sample.txt.json").exists());

    // projects.csv: one row per record, every key, in the JSON's order.
    let (header, rows) = read_csv(&out.join("projects.csv"));
    assert_eq!(rows.len(), records.len());
    for key in [
        "record_id",
        "project_name",
        "competent_department",
        "funds_annual_total",
        "annual_goal",
        "year",
    ] {
        assert!(
            header.contains(&key.to_string()),
            "projects.csv lacks {key}: {header:?}"
        );
    }
    let mut first = BTreeMap::new();
    flat("", &records[0], &mut first);
    let order: Vec<&String> = header.iter().filter(|h| first.contains_key(*h)).collect();
    assert_eq!(
        order.len(),
        first.len(),
        "columns differ from the record's paths"
    );
    for (rec, row) in records.iter().zip(&rows) {
        let mut want = BTreeMap::new();
        flat("", rec, &mut want);
        let got: BTreeMap<String, String> =
            header.iter().cloned().zip(row.iter().cloned()).collect();
        assert_eq!(got, want);
    }

    // indicators.csv: one row per indicator, joined by record_id.
    let (ih, irows) = read_csv(&out.join("indicators.csv"));
    for key in [
        "record_id",
        "project_name",
        "level1",
        "level2",
        "name",
        "value_raw",
        "value_number",
        "value_unit",
        "source_page",
        "source_row",
    ] {
        assert!(
            ih.contains(&key.to_string()),
            "indicators.csv lacks {key}: {ih:?}"
        );
    }
    let want: Vec<BTreeMap<String, String>> = records
        .iter()
        .flat_map(|r| {
            r["indicators"].as_array().unwrap().iter().map(move |i| {
                let mut m = BTreeMap::new();
                flat("", i, &mut m);
                m.insert("record_id".into(), r["record_id"].as_str().unwrap().into());
                m.insert(
                    "project_name".into(),
                    r["project_name"].as_str().unwrap_or("").into(),
                );
                m
            })
        })
        .collect();
    let got: Vec<BTreeMap<String, String>> = irows
        .iter()
        .map(|row| ih.iter().cloned().zip(row.iter().cloned()).collect())
        .collect();
    assert_eq!(got, want);

    // warnings.csv likewise.
    let (wh, wrows) = read_csv(&out.join("warnings.csv"));
    let n_warn: usize = records
        .iter()
        .map(|r| r["warnings"].as_array().unwrap().len())
        .sum();
    assert!(n_warn > 0);
    assert_eq!(wrows.len(), n_warn);
    assert_eq!(&wh[..3], ["record_id", "project_name", "code"]);

    // records.xlsx: the same tables, numbers as numbers.
    use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(out.join("records.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["projects", "indicators", "warnings"]);
    let sheet = book.worksheet_range("projects").unwrap();
    let xh: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(xh, header);
    assert_eq!(sheet.rows().count(), records.len() + 1);
    let col = header
        .iter()
        .position(|h| h == "funds_annual_total")
        .unwrap();
    let cell = &sheet.rows().nth(1).unwrap()[col];
    assert!(
        matches!(cell, Data::Float(_) | Data::Int(_)),
        "{cell:?} is not a number"
    );
    assert_eq!(
        cell.as_f64().unwrap(),
        records[0]["funds"]["annual_total"].as_f64().unwrap()
    );
    let isheet = book.worksheet_range("indicators").unwrap();
    assert_eq!(isheet.rows().count(), irows.len() + 1);
    // Header frozen, filters on.
    let xml = unzip(&out.join("records.xlsx"), "xl/worksheets/sheet1.xml");
    assert!(xml.contains("state=\"frozen\""), "no frozen pane");
    assert!(xml.contains("<autoFilter"), "no autofilter");
}

fn unzip(path: &Path, member: &str) -> String {
    // calamine reads cells, not view settings; the sheet XML says those.
    let out = Command::new("python3")
        .args(["-c", "import sys,zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())", s(path), member])
        .output()
        .expect("python3");
    String::from_utf8(out.stdout).unwrap()
}

fn db_records(db: &Path) -> Vec<Value> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut st = conn
        .prepare("SELECT record_json FROM records ORDER BY doc_sha256, rec_index")
        .unwrap();
    st.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|j| serde_json::from_str(&j.unwrap()).unwrap())
        .collect()
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn statuses(out: &Path) -> BTreeMap<String, String> {
    let report = read_json(&out.join("report.json"));
    report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let p = e["path"].as_str().unwrap();
            (
                p.rsplit('/').next().unwrap().to_string(),
                e["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_corpus_round_trips_and_refreshes_in_place() {
    let dir = temp_dir("corpus");
    let inp = inputs(&dir);
    std::fs::write(inp.join("copy.txt"), sample_bytes()).unwrap();
    std::fs::write(inp.join("pic.png"), b"\x89PNG\r\n\x1a\n\0").unwrap();
    let db = dir.join("corpus.sqlite");
    let out = dir.join("out");
    let run = || {
        let res = jixiao(&["convert", "-q", "--db", s(&db), "-o", s(&out), s(&inp)]);
        assert_eq!(
            res.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&res.stderr)
        );
        std::fs::read(out.join("records.jsonl")).unwrap()
    };
    let first = run();
    let records = jsonl(&out.join("records.jsonl"));
    // Round trip: the stored JSON is the records.jsonl records (copy.txt
    // holds sample.txt's bytes: one document, stored once).
    let mut stored = db_records(&db);
    let mut written: Vec<Value> = records
        .iter()
        .filter(|r| {
            !r["document"]["file"]
                .as_str()
                .unwrap()
                .ends_with("copy.txt")
        })
        .cloned()
        .collect();
    let key = |v: &Value| format!("{}{}", v["document"]["file"], v["record_id"]);
    stored.sort_by_key(key);
    written.sort_by_key(key);
    assert!(
        stored == written,
        "the corpus's records differ from records.jsonl"
    );
    // The same bytes under two paths are one document.
    assert_eq!(count(&db, "SELECT count(*) FROM paths"), 4);
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), 3);
    assert_eq!(
        count(&db, "SELECT count(DISTINCT doc_sha256) FROM records"),
        2
    );
    let n_ind: usize = records
        .iter()
        .filter(|r| {
            !r["document"]["file"]
                .as_str()
                .unwrap()
                .ends_with("copy.txt")
        })
        .map(|r| r["indicators"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        count(&db, "SELECT count(*) FROM indicators") as usize,
        n_ind
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM indicator_projects WHERE year IS NOT NULL"
        ) as usize,
        n_ind
    );
    assert!(count(&db, "SELECT count(*) FROM warnings") > 0);

    // Rerun: nothing converted, the same outputs from the corpus.
    let second = run();
    assert_eq!(first, second);
    let st = statuses(&out);
    assert!(st.values().all(|s| s == "unchanged"), "{st:?}");

    // A changed file is converted again and points to the new document;
    // the old document, no longer pointed to, is gone with its rows.
    let mut changed = sample_bytes();
    changed.extend("\n".as_bytes());
    std::fs::write(inp.join("sample.txt"), &changed).unwrap();
    run();
    let st = statuses(&out);
    assert_eq!(st["sample.txt"], "ok");
    assert_eq!(st["copy.txt"], "unchanged");
    assert_eq!(
        count(&db, "SELECT count(*) FROM documents"),
        4,
        "copy.txt keeps the old content"
    );
    std::fs::remove_file(inp.join("copy.txt")).unwrap();
    run();
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), 3);
    assert_eq!(count(&db, "SELECT count(*) FROM paths"), 3);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM records WHERE doc_sha256 NOT IN (SELECT sha256 FROM documents)"
        ),
        0
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

#[test]
fn a_killed_corpus_run_stays_consistent_and_the_rerun_completes() {
    let dir = temp_dir("corpus-kill");
    let inp = dir.join("in");
    std::fs::create_dir_all(&inp).unwrap();
    let sample = sample_text();
    // Distinct contents, so each file is a document of its own.
    for i in 0..200 {
        std::fs::write(
            inp.join(format!("d{i:03}.txt")),
            format!("{sample}\n{}\n", " ".repeat(i)),
        )
        .unwrap();
    }
    let db = dir.join("corpus.sqlite");
    let out = dir.join("out");
    let args = ["convert", "-q", "--db", s(&db), "-o", s(&out), s(&inp)];
    for delay_ms in [30u64, 120, 300, 600] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(args)
            .current_dir(root())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if !db.exists() {
            continue;
        }
        let conn = rusqlite::Connection::open(&db).unwrap();
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'documents'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        if tables == 0 {
            continue; // killed before the schema was made
        }
        // No half document: each stored document has all its records.
        let mut st = conn
            .prepare("SELECT sha256, summary FROM documents")
            .unwrap();
        let docs: Vec<(String, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|x| x.unwrap())
            .collect();
        for (sha, summary) in docs {
            let want = serde_json::from_str::<Value>(&summary).unwrap()["records"]
                .as_i64()
                .unwrap();
            let got: i64 = conn
                .query_row(
                    "SELECT count(*) FROM records WHERE doc_sha256 = ?1",
                    [&sha],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(got, want, "document {sha} is partly stored");
        }
    }
    assert_eq!(jixiao(&args).status.code(), Some(0));
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), 200);
    assert_eq!(count(&db, "SELECT count(*) FROM records"), 200 * 25);
    let st = statuses(&out);
    assert_eq!(st.len(), 200);
}

#[test]
fn dash_o_writes_json_lines_on_stdout_only() {
    let dir = temp_dir("stdout");
    let sample = sample_path();
    let res = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["convert", "-o", "-", s(&sample)])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(0));
    let lines: Vec<Value> = String::from_utf8(res.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 25);
    let stderr = String::from_utf8(res.stderr).unwrap();
    assert!(stderr.contains("1 file (1 ok), 25 records"), "{stderr}");
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "a file was written"
    );
    // The same records as a file run.
    let out = dir.join("out");
    jixiao(&["convert", "-q", "-o", s(&out), s(&sample)]);
    assert_eq!(jsonl(&out.join("records.jsonl")), lines);
    // With --db, the corpus is the one file written.
    let db = dir.join("c.sqlite");
    let res = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["convert", "-q", "-o", "-", "--db", s(&db), s(&sample)])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(0));
    assert_eq!(res.stdout.iter().filter(|b| **b == b'\n').count(), 25);
    assert_eq!(count(&db, "SELECT count(*) FROM records"), 25);
}
