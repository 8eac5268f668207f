//! Every layout family of RECORD.md, end to end, in every format its fixture
//! is written in (tests/fixtures/layouts/, made by make_fixtures.py): the
//! records found are scored against the fixture's expected records.
//!
//! Scores, per family and format: records found; header fields exact;
//! indicator rows (level1, level2, name, raw value, period) exact; value
//! parses and indicator extras (op, number, unit, yuan, date, weight,
//! direction, explanation, core) exact. The goal is 99 % on each.

mod common;

use common::score::{Score, score_file};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts")
}

/// Formats whose reader is in this build (the grid readers come with the
/// formats work; text and markdown are read since the first version).
fn readable(format: &str) -> bool {
    matches!(format, "txt" | "md" | "pdf" | "html" | "csv" | "xlsx")
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
            s.report_into(&format!("{family:<26} {format:<5}"), &mut total);
        }
    }
    total.assert_goal("all", 0.99);
}

/// A self-evaluation table gives a self-evaluation part (no target part)
/// and loses no row.
#[test]
fn a_self_evaluation_table_is_no_target() {
    let bytes = std::fs::read(dir().join("self_evaluation/self_evaluation.txt")).unwrap();
    let blocks = jixiao::table::blocks(
        &jixiao::extract::extract(&bytes, &Default::default(), &Default::default()).unwrap(),
    );
    let parsed = jixiao::layout::read(&blocks);
    assert!(parsed.parts.is_empty());
    assert_eq!(parsed.evaluations.len(), 1, "{:?}", parsed.notes);
    assert!(
        !parsed
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
