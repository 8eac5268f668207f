//! Scanned PDFs read by OCR give the records of the same pages of the
//! born-digital PDF (fixtures: tests/fixtures/scan/make_scans.sh, made from
//! tests/fixtures/pdf/ningxia-libreoffice.pdf). Kept to three OCR'd pages:
//! OCR takes seconds a page.
#![cfg(feature = "ocr")]

mod common;

use common::*;
use serde_json::Value;
use std::collections::HashMap;

/// Header fields compared (funds are compared leaf by leaf).
const HEADER: [&str; 7] = [
    "year",
    "amount_unit",
    "project_name",
    "competent_department",
    "implementing_unit",
    "project_attribute",
    "project_period",
];

/// Exact-match rates of scanned records against the born-digital ones.
#[derive(Debug)]
struct Scores {
    records: usize,
    header: f64,
    rows: f64,
    f1: f64,
    values: f64,
}

fn records_of(path: &str) -> Vec<Value> {
    let bytes = std::fs::read(root().join(path)).unwrap();
    let c = jixiao::convert_bytes(&bytes, path).unwrap();
    c.records
        .iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .collect()
}

/// The born-digital fixture's records whose indicators all lie on `pages`.
fn born_records(pages: &[u64]) -> Vec<Value> {
    records_of("tests/fixtures/pdf/ningxia-libreoffice.pdf")
        .into_iter()
        .filter(|r| {
            let ind = r["indicators"].as_array().unwrap();
            !ind.is_empty()
                && ind
                    .iter()
                    .all(|i| pages.contains(&i["source"]["page"].as_u64().unwrap()))
        })
        .collect()
}

fn leaves(prefix: &str, v: &Value, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                leaves(&format!("{prefix}.{k}"), x, out);
            }
        }
        _ => out.push((prefix.to_string(), v.clone())),
    }
}

fn header(r: &Value) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = HEADER
        .iter()
        .map(|k| (k.to_string(), r[*k].clone()))
        .collect();
    leaves("funds", &r["funds"], &mut out);
    out
}

fn row(i: &Value) -> String {
    format!(
        "{}|{}|{}|{}",
        i["level1"], i["level2"], i["name"], i["value"]["raw"]
    )
}

fn parsed(i: &Value) -> Vec<Value> {
    ["kind", "op", "number", "max", "unit", "per"]
        .iter()
        .map(|k| i["value"][*k].clone())
        .collect()
}

/// Compares records paired by project name; indicator rows as multisets
/// (level1, level2, name, raw value); values by their parse.
fn score(born: &[Value], scan: &[Value]) -> Scores {
    // Records paired by project name and occurrence (names can repeat).
    let mut by_name: HashMap<String, Vec<&Value>> = HashMap::new();
    for r in scan {
        by_name
            .entry(r["project_name"].to_string())
            .or_default()
            .push(r);
    }
    let mut nth_name: HashMap<String, usize> = HashMap::new();
    let (mut h_ok, mut h_all, mut v_ok, mut v_all) = (0, 0, 0, 0);
    let mut born_rows: HashMap<String, i64> = HashMap::new();
    let mut scan_rows: HashMap<String, i64> = HashMap::new();
    for b in born {
        let bi = b["indicators"].as_array().unwrap();
        for i in bi {
            *born_rows.entry(row(i)).or_default() += 1;
        }
        let name = b["project_name"].to_string();
        let nth = nth_name.entry(name.clone()).or_default();
        let s = by_name.get(&name).and_then(|v| v.get(*nth));
        *nth += 1;
        let hb = header(b);
        h_all += hb.len();
        v_all += bi.len();
        let Some(s) = s else {
            eprintln!("missing record {}", b["project_name"]);
            continue;
        };
        let hs: HashMap<String, Value> = header(s).into_iter().collect();
        for (k, v) in &hb {
            if hs.get(k) == Some(v) {
                h_ok += 1;
            } else {
                eprintln!("header {k}: {v} vs {:?}", hs.get(k));
            }
        }
        let si = s["indicators"].as_array().unwrap();
        for i in si {
            *scan_rows.entry(row(i)).or_default() += 1;
        }
        // Indicators paired by name and occurrence (a name can repeat with
        // another value), else by position.
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (k, i) in bi.iter().enumerate() {
            let nth = seen.entry(i["name"].to_string()).or_default();
            let j = si
                .iter()
                .filter(|j| j["name"] == i["name"])
                .nth(*nth)
                .or_else(|| si.get(k));
            *nth += 1;
            if j.is_some_and(|j| parsed(j) == parsed(i)) {
                v_ok += 1;
            } else {
                eprintln!("value {}: {} vs {:?}", i["name"], i["value"]["raw"], j);
            }
        }
    }
    let common: i64 = born_rows
        .iter()
        .map(|(k, n)| (*n).min(*scan_rows.get(k).unwrap_or(&0)))
        .sum();
    let nb: i64 = born_rows.values().sum();
    let ns: i64 = scan_rows.values().sum();
    for (k, n) in &born_rows {
        if scan_rows.get(k).unwrap_or(&0) < n {
            eprintln!("row not read: {k}");
        }
    }
    let p = common as f64 / ns.max(1) as f64;
    let r = common as f64 / nb.max(1) as f64;
    Scores {
        records: born.len(),
        header: h_ok as f64 / h_all.max(1) as f64,
        rows: r,
        f1: if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        },
        values: v_ok as f64 / v_all.max(1) as f64,
    }
}

#[test]
fn clean_scan_gives_the_born_digital_records() {
    let born = born_records(&[2, 3]);
    assert_eq!(born.len(), 2, "pages 2-3 hold two whole tables");
    let scan = records_of("tests/fixtures/scan/clean-p2-3.pdf");
    assert_eq!(scan.len(), born.len());
    let s = score(&born, &scan);
    eprintln!("clean scan, pages 2-3: {s:?}");
    assert!(s.f1 >= 0.95, "{s:?}");
    assert!(
        s.header >= 0.95 && s.rows >= 0.9 && s.values >= 0.95,
        "{s:?}"
    );
}

#[test]
fn mixed_pdf_is_read_page_by_page() {
    let path = "tests/fixtures/scan/mixed-p2-p4.pdf";
    let bytes = std::fs::read(root().join(path)).unwrap();
    let c = jixiao::convert_bytes(&bytes, path).unwrap();
    // The note names the OCR'd page (page 2 of this file), not the text page.
    let note = c.notes.iter().find(|n| n.code == "ocr_pages").unwrap();
    assert_eq!(note.message, "page(s) 2 read by OCR");
    let scan: Vec<Value> = c
        .records
        .iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .collect();
    let born = born_records(&[2, 4]);
    assert_eq!(born.len(), 2);
    let s = score(&born, &scan);
    eprintln!("born-digital page 2 + degraded scan of page 4: {s:?}");
    assert_eq!(s.records, scan.len());
    assert!(s.f1 >= 0.95, "{s:?}");
    assert!(
        s.header >= 0.95 && s.rows >= 0.9 && s.values >= 0.95,
        "{s:?}"
    );

    // Table cells read by OCR carry their lowest glyph confidence; those of
    // the text page carry none.
    let grids = jixiao::read_tables(
        &bytes,
        &jixiao::Limits::default(),
        &jixiao::Watch::default(),
    )
    .unwrap();
    let filled = |page: u32| {
        grids
            .iter()
            .flat_map(|g| &g.cells)
            .filter(move |c| c.page == Some(page) && !c.text.is_empty())
    };
    assert!(filled(1).count() > 20);
    assert!(filled(1).all(|c| c.ocr_confidence.is_none()));
    assert!(filled(2).count() > 20);
    for c in filled(2) {
        let conf = c.ocr_confidence.expect("OCR'd cell has a confidence");
        assert!(conf > 0.0 && conf <= 1.0, "{conf}");
    }
}

#[test]
fn ocr_never_leaves_image_pages_empty() {
    let dir = temp_dir("ocr-never");
    let out = dir.join("out");
    let scanned = root().join("tests/fixtures/scan/clean-p2-3.pdf");
    let mixed = root().join("tests/fixtures/scan/mixed-p2-p4.pdf");
    let res = jixiao(&[
        "convert",
        "--ocr",
        "never",
        "-o",
        out.to_str().unwrap(),
        scanned.to_str().unwrap(),
        mixed.to_str().unwrap(),
    ]);
    assert_eq!(res.status.code(), Some(1));
    let report = read_json(&out.join("report.json"));
    let entry = |name: &str| {
        report["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["path"].as_str().unwrap().ends_with(name))
            .unwrap()
            .clone()
    };
    let e = entry("clean-p2-3.pdf");
    assert_eq!(e["status"], "failed");
    assert!(
        e["error"]
            .as_str()
            .unwrap()
            .contains("no text layer: scanned image? OCR is off"),
        "{e}"
    );
    // The text page still converts; the scanned page is not read.
    let m = entry("mixed-p2-p4.pdf");
    assert_eq!(m["status"], "ok", "{m}");
    assert_eq!(m["records"], 1, "{m}");
}
