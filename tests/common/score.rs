//! Scoring records against hand-written expected records (tests/layouts.rs
//! on the family fixtures, tests/real_pages.rs on real published pages).
//!
//! Scores: records found; header fields exact; indicator rows (level1,
//! level2, name, raw value, period) exact; value parses and indicator extras
//! (op, number, unit, yuan, date, weight, direction, explanation, core) exact.
//! Indicators beyond the expected ones count against the rows score unless
//! a warning of the record names each of them (a cut-off row read as far as
//! it goes and flagged is not a silent error).

use serde_json::Value;
use std::path::Path;

#[derive(Default, Debug)]
pub struct Score {
    pub records: (usize, usize),
    pub header: (usize, usize),
    pub rows: (usize, usize),
    pub values: (usize, usize),
    pub misses: Vec<String>,
}

impl Score {
    /// Prints the totals under `label` and asserts every expected record was
    /// found and header, rows and values each reach `goal`.
    pub fn assert_goal(&self, label: &str, goal: f64) {
        eprintln!(
            "{label}: records {:.1}% ({:?}), header {:.1}% ({:?}), rows {:.1}% ({:?}), values {:.1}% ({:?})",
            100.0 * rate(self.records),
            self.records,
            100.0 * rate(self.header),
            self.header,
            100.0 * rate(self.rows),
            self.rows,
            100.0 * rate(self.values),
            self.values
        );
        assert_eq!(self.records.0, self.records.1, "{:#?}", self.misses);
        for (what, s) in [
            ("header", self.header),
            ("rows", self.rows),
            ("values", self.values),
        ] {
            assert!(
                rate(s) >= goal,
                "{what} {:.3} < {goal}: {:#?}",
                rate(s),
                self.misses
            );
        }
    }

    /// Prints one file's line (its label, then the four rates) and its
    /// misses, and adds it into `total`.
    pub fn report_into(self, label: &str, total: &mut Score) {
        eprintln!(
            "{label} records {:>5.1}%  header {:>5.1}%  rows {:>5.1}%  values {:>5.1}%",
            100.0 * rate(self.records),
            100.0 * rate(self.header),
            100.0 * rate(self.rows),
            100.0 * rate(self.values)
        );
        for m in &self.misses {
            eprintln!("    {m}");
        }
        for (a, b) in [
            (&mut total.records, self.records),
            (&mut total.header, self.header),
            (&mut total.rows, self.rows),
            (&mut total.values, self.values),
        ] {
            a.0 += b.0;
            a.1 += b.1;
        }
        total.misses.extend(self.misses);
    }

    pub fn add(&mut self, which: &str, ok: bool, what: impl FnOnce() -> String) {
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

pub fn path<'a>(v: &'a Value, dotted: &str) -> &'a Value {
    dotted.split('.').fold(v, |v, k| &v[k])
}

pub fn num_eq(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        _ => a == b,
    }
}

pub fn score_file(file: &Path, expected: &[Value], score: &mut Score) {
    score_file_prefix(file, expected, None, score)
}

/// As [`score_file`], for a file whose expected records list only its
/// first ones: `total` is how many records the file holds in all (counted
/// on the pages), the records found are checked against it, and the
/// expected ones against the first records found.
pub fn score_file_prefix(file: &Path, expected: &[Value], total: Option<usize>, score: &mut Score) {
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
    score_values_prefix(&got, expected, total, &name, score);
}

/// Scores records already converted (as JSON values) against the expected
/// ones, in order; `name` labels the misses.
pub fn score_values(got: &[Value], expected: &[Value], name: &str, score: &mut Score) {
    score_values_prefix(got, expected, None, name, score)
}

/// As [`score_values`]; `total` as in [`score_file_prefix`].
pub fn score_values_prefix(
    got: &[Value],
    expected: &[Value],
    total: Option<usize>,
    name: &str,
    score: &mut Score,
) {
    let want_len = total.unwrap_or(expected.len());
    score.add("records", got.len() == want_len, || {
        format!("{name}: {} records, expected {want_len}", got.len())
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
        // Extra indicators are fine only when each is flagged by a warning.
        let flagged = |k: usize| {
            let at = format!("indicators[{k}]");
            rec["warnings"].as_array().unwrap().iter().any(|w| {
                w["at"]
                    .as_str()
                    .is_some_and(|a| a == at || a.starts_with(&format!("{at}.")))
            })
        };
        let count_ok = inds.len() == want_inds.len()
            || (inds.len() > want_inds.len() && (want_inds.len()..inds.len()).all(flagged));
        score.add("rows", count_ok, || {
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
                    // A dotted key names a nested value (`actual.raw`).
                    _ => path(&g, k),
                };
                score.add("values", num_eq(got, v), || {
                    format!("{name}[{i}].indicators[{j}].{k}: {got} != {v}")
                });
            }
        }
    }
}

pub fn rate((ok, all): (usize, usize)) -> f64 {
    if all == 0 {
        1.0
    } else {
        ok as f64 / all as f64
    }
}
