//! Every layout family of RECORD.md, end to end, in every format its fixture
//! is written in (tests/fixtures/layouts/, made by make_fixtures.py): the
//! records found are scored against the fixture's expected records.
//!
//! Scores, per family and format: records found; header fields exact;
//! indicator rows (level1, level2, name, raw value, period) exact; value
//! parses and indicator extras (op, number, unit, yuan, date, weight,
//! direction, explanation, core) exact. The goal is 99 % on each.

use serde_json::Value;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts")
}

/// Formats whose reader is in this build (the grid readers come with the
/// formats work; text and markdown are read since the first version).
fn readable(format: &str) -> bool {
    matches!(format, "txt" | "md" | "pdf")
}

#[derive(Default, Debug)]
struct Score {
    records: (usize, usize),
    header: (usize, usize),
    rows: (usize, usize),
    values: (usize, usize),
    misses: Vec<String>,
}

impl Score {
    fn add(&mut self, which: &str, ok: bool, what: impl FnOnce() -> String) {
        let slot = match which {
            "records" => &mut self.records,
            "header" => &mut self.header,
            "rows" => &mut self.rows,
            _ => &mut self.values,
        };
        slot.1 += 1;
        if ok {
            slot.0 += 1;
        } else {
            self.misses.push(what());
        }
    }
}

fn path<'a>(v: &'a Value, dotted: &str) -> &'a Value {
    dotted.split('.').fold(v, |v, k| &v[k])
}

fn num_eq(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        _ => a == b,
    }
}

fn score_file(file: &Path, expected: &[Value], score: &mut Score) {
    let bytes = std::fs::read(file).unwrap();
    let got: Vec<Value> = match jixiao::convert_bytes(&bytes, &file.to_string_lossy()) {
        Ok(c) => c
            .records
            .iter()
            .map(|r| serde_json::to_value(r).unwrap())
            .collect(),
        Err(e) => {
            if !expected.is_empty() {
                score.misses.push(format!("{}: {e}", file.display()));
            }
            Vec::new()
        }
    };
    let name = file.file_name().unwrap().to_string_lossy().to_string();
    score.add("records", got.len() == expected.len(), || {
        format!("{name}: {} records, expected {}", got.len(), expected.len())
    });
    for (i, want) in expected.iter().enumerate() {
        let Some(rec) = got.get(i) else {
            // Count every expected item of a missing record as missed.
            for _ in want.as_object().unwrap() {
                score.add("header", false, || format!("{name}: record {i} missing"));
            }
            continue;
        };
        for (k, v) in want.as_object().unwrap() {
            match k.as_str() {
                "indicators" | "warnings_include" => {}
                "duties" => {
                    score.add("header", &rec["duties"] == v, || {
                        format!("{name}[{i}] duties: {} != {v}", rec["duties"])
                    });
                }
                _ => {
                    let g = path(rec, k);
                    score.add("header", num_eq(g, v), || {
                        format!("{name}[{i}] {k}: {g} != {v}")
                    });
                }
            }
        }
        for code in want["warnings_include"].as_array().into_iter().flatten() {
            let has = rec["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| &w["code"] == code);
            score.add("header", has, || format!("{name}[{i}] no {code} warning"));
        }
        let inds = rec["indicators"].as_array().unwrap();
        let want_inds = want["indicators"].as_array().unwrap();
        score.add("rows", inds.len() == want_inds.len(), || {
            format!(
                "{name}[{i}] {} indicators, expected {}",
                inds.len(),
                want_inds.len()
            )
        });
        for (j, w) in want_inds.iter().enumerate() {
            let g = inds.get(j).cloned().unwrap_or(Value::Null);
            let row_ok = g["level1"] == w["level1"]
                && g["level2"] == w["level2"]
                && g["name"] == w["name"]
                && g["value"]["raw"] == w["raw"]
                && g["period"] == w["period"];
            score.add("rows", row_ok, || {
                format!(
                    "{name}[{i}].indicators[{j}]: got {} / {} / {} / {} / {}, expected {} / {} / {} / {} / {}",
                    g["level1"], g["level2"], g["name"], g["value"]["raw"], g["period"],
                    w["level1"], w["level2"], w["name"], w["raw"], w["period"]
                )
            });
            for (k, v) in w.as_object().unwrap() {
                let got = match k.as_str() {
                    "level1" | "level2" | "name" | "raw" | "period" => continue,
                    "op" | "number" | "unit" | "yuan" | "date" | "kind" => &g["value"][k],
                    _ => &g[k],
                };
                score.add("values", num_eq(got, v), || {
                    format!("{name}[{i}].indicators[{j}].{k}: {got} != {v}")
                });
            }
        }
    }
}

fn rate((ok, all): (usize, usize)) -> f64 {
    if all == 0 {
        1.0
    } else {
        ok as f64 / all as f64
    }
}

#[test]
fn every_family_reads_in_every_format() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap())
            .unwrap();
    let mut total = Score::default();
    for (family, spec) in expected.as_object().unwrap() {
        for format in spec["formats"].as_array().unwrap() {
            let format = format.as_str().unwrap();
            if !readable(format) {
                continue;
            }
            let file = dir().join(family).join(format!("{family}.{format}"));
            let mut s = Score::default();
            score_file(&file, spec["expected"].as_array().unwrap(), &mut s);
            eprintln!(
                "{family:<26} {format:<5} records {:>5.1}%  header {:>5.1}%  rows {:>5.1}%  values {:>5.1}%",
                100.0 * rate(s.records),
                100.0 * rate(s.header),
                100.0 * rate(s.rows),
                100.0 * rate(s.values)
            );
            for m in &s.misses {
                eprintln!("    {m}");
            }
            for (a, b) in [
                (&mut total.records, s.records),
                (&mut total.header, s.header),
                (&mut total.rows, s.rows),
                (&mut total.values, s.values),
            ] {
                a.0 += b.0;
                a.1 += b.1;
            }
            total.misses.extend(s.misses);
        }
    }
    eprintln!(
        "all: records {:.1}% ({:?}), header {:.1}% ({:?}), rows {:.1}% ({:?}), values {:.1}% ({:?})",
        100.0 * rate(total.records),
        total.records,
        100.0 * rate(total.header),
        total.header,
        100.0 * rate(total.rows),
        total.rows,
        100.0 * rate(total.values),
        total.values
    );
    assert_eq!(total.records.0, total.records.1, "{:#?}", total.misses);
    for (what, s) in [
        ("header", total.header),
        ("rows", total.rows),
        ("values", total.values),
    ] {
        assert!(
            rate(s) >= 0.99,
            "{what} {:.3} < 0.99: {:#?}",
            rate(s),
            total.misses
        );
    }
}

/// A self-evaluation table gives no record and a note that says why.
#[test]
fn a_self_evaluation_table_is_no_target() {
    let bytes = std::fs::read(dir().join("self_evaluation/self_evaluation.txt")).unwrap();
    let blocks = jixiao::table::blocks(
        &jixiao::extract::extract(&bytes, &Default::default(), &Default::default()).unwrap(),
    );
    let parsed = jixiao::layout::read(&blocks);
    assert!(parsed.parts.is_empty());
    assert!(
        parsed
            .notes
            .iter()
            .any(|n| n.code == jixiao::diag::Code::SelfEvaluationTable),
        "{:?}",
        parsed.notes
    );
    assert_eq!(
        parsed.tally.rows_in,
        parsed.tally.rows_placed + parsed.tally.rows_warned
    );
}
