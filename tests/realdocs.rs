//! Real department budgets (../shared/realdocs, read in place through
//! $JIXIAO_REALDOCS; never copied into the repository): whole 部门预算 PDFs
//! with their performance-target tables near the end.
//!
//! 1. Records written by hand from the rendered target-table pages
//!    (tests/fixtures/realdocs/expected.json) are scored like the real pages:
//!    every record, header fields, indicator rows and value parses.
//! 2. Over the whole folder: every file with a filled target table gives
//!    records; a self-evaluation file gives its self_evaluation records
//!    (as many as the expected file's `self_evaluation` says); a file
//!    whose target table no layout reads yet says so in a note (listed in
//!    the expected file's `known_gaps`, each with the reason).

mod common;

use common::score::{Score, score_file_prefix};
use serde_json::Value;
use std::path::PathBuf;

/// The goal on hand-checked real budgets (issue 17): header fields 98 %,
/// indicator rows 97 %, values 98 %; the shared scorer takes one goal, the
/// lowest of the three, and every record must be found.
const GOAL: f64 = 0.97;

fn realdocs_dir() -> Option<PathBuf> {
    common::shared_dir("JIXIAO_REALDOCS", "realdocs", "real budgets")
}

fn expected() -> Value {
    common::read_json(&common::root().join("tests/fixtures/realdocs/expected.json"))
}

/// The PDFs of the folder, sorted.
fn real_pdfs(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    pdfs
}

#[test]
fn real_budgets_read_as_written_by_hand() {
    let Some(dir) = realdocs_dir() else { return };
    let spec = expected();
    let mut all = Score::default();
    let files = spec["files"].as_object().unwrap();
    assert!(files.len() >= 2, "the expected file lists the budgets");
    for (file, f) in files {
        let want = f["expected"].as_array().unwrap();
        // A file of many projects may list its first records only, with
        // the count of all of them (`records_total`).
        let total = f["records_total"].as_u64().map(|n| n as usize);
        let mut s = Score::default();
        score_file_prefix(&dir.join(file), want, total, &mut s);
        s.report_into(&format!("{file:<56}"), &mut all);
    }
    all.assert_goal("real budgets", GOAL);
}

/// Every file of the folder: records where a target table is printed,
/// self_evaluation records for self-evaluations, a note for the known gaps.
#[test]
fn every_real_budget_gives_records_or_says_why() {
    let Some(dir) = realdocs_dir() else { return };
    let spec = expected();
    // Self-evaluation files: how many self_evaluation records each gives.
    let self_eval = spec["self_evaluation"].as_object().unwrap();
    let gaps = spec["known_gaps"].as_object().unwrap();
    let pdfs = real_pdfs(&dir);
    assert!(pdfs.len() >= 30, "{} PDFs in {}", pdfs.len(), dir.display());
    let mut failures = Vec::new();
    for p in &pdfs {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(p).unwrap();
        let code_of = |n: &jixiao::diag::Diagnostic| n.code.as_str().to_string();
        // A file with no target table is an error that carries its notes.
        let (records, evaluations, notes): (usize, usize, Vec<String>) =
            match jixiao::convert_bytes(&bytes, &p.to_string_lossy()) {
                Ok(c) => (
                    c.records.len(),
                    c.records
                        .iter()
                        .filter(|r| r.kind == "self_evaluation")
                        .count(),
                    c.notes.iter().map(code_of).collect(),
                ),
                Err(jixiao::error::ConvertError::NoTargetTable(notes)) => {
                    (0, 0, notes.iter().map(code_of).collect())
                }
                Err(e) => {
                    failures.push(format!("{name}: failed: {e}"));
                    continue;
                }
            };
        if let Some(want) = self_eval.get(&name) {
            let want = want.as_u64().unwrap() as usize;
            if evaluations != want
                || records != want
                || notes.iter().any(|c| c == "self_evaluation_table")
            {
                failures.push(format!(
                    "{name}: a self-evaluation file gave {records} records ({evaluations} self_evaluation, expected {want}), notes {notes:?}"
                ));
            }
        } else if let Some(gap) = gaps.get(&name) {
            let code = gap["note"].as_str().unwrap();
            if records == 0 && !notes.iter().any(|c| c == code) {
                failures.push(format!("{name}: no record and no {code} note"));
            }
        } else if records == 0 {
            failures.push(format!("{name}: no record (notes {notes:?})"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The hierarchy holds on every real budget: an indicator whose level 2
/// has a parent by the hierarchy (服务对象满意度指标 → 满意度指标) is not
/// under another specific level 1, even where a page break cut both its
/// level cells and the labels were given from the next page.
#[test]
fn every_level2_sits_under_its_parent() {
    let Some(dir) = realdocs_dir() else { return };
    let pdfs = real_pdfs(&dir);
    let mut wrong = Vec::new();
    let mut checked = 0;
    for p in &pdfs {
        let bytes = std::fs::read(p).unwrap();
        let Ok(c) = jixiao::convert_bytes(&bytes, &p.to_string_lossy()) else {
            continue;
        };
        for r in c.records.iter().filter(|r| r.kind != "self_evaluation") {
            for i in &r.indicators {
                let (Some(l1), Some(l2)) = (&i.level1, &i.level2) else {
                    continue;
                };
                let key = |s: &str| jixiao::normalize::text::label_key(s);
                let Some(parent) = jixiao::domain::labels::level2_parent(&key(l2)) else {
                    continue;
                };
                let l1 = key(l1);
                let specific = jixiao::domain::LEVEL1.contains(&l1.as_str())
                    && !jixiao::domain::BROAD_LEVEL1.contains(&l1.as_str());
                checked += 1;
                if specific && l1 != parent {
                    wrong.push(format!(
                        "{}: p.{:?} row {}: {l1} / {l2}",
                        p.file_name().unwrap().to_string_lossy(),
                        i.source.page,
                        i.source.row
                    ));
                }
            }
        }
    }
    assert!(checked > 1000, "{checked} indicators checked");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
