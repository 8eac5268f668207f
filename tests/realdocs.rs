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

/// The conversion of one real budget (None without $JIXIAO_REALDOCS).
fn converted(file: &str) -> Option<jixiao::Converted> {
    let dir = realdocs_dir()?;
    let bytes = std::fs::read(dir.join(file)).unwrap();
    Some(jixiao::convert_bytes(&bytes, file).unwrap())
}

/// An indicator as (page, level1, level2, name, raw value).
type Read = (u32, String, String, String, String);

/// The indicators of a real budget's record; the record is the one whose name or unit holds `of`
/// (the `nth` such).
fn indicators_of(file: &str, of: &str, nth: usize) -> Option<Vec<Read>> {
    let c = converted(file)?;
    let r = c
        .records
        .iter()
        .filter(|r| {
            r.project_name.as_deref().is_some_and(|n| n.contains(of))
                || r.unit_name.as_deref().is_some_and(|n| n.contains(of))
        })
        .nth(nth)
        .unwrap_or_else(|| panic!("{file}: no record {nth} of {of}"));
    Some(
        r.indicators
            .iter()
            .map(|i| {
                (
                    i.source.page.unwrap_or(0),
                    i.level1.clone().unwrap_or_default(),
                    i.level2.clone().unwrap_or_default(),
                    i.name.clone(),
                    i.value.raw.clone(),
                )
            })
            .collect(),
    )
}

/// Tables run on over page breaks, as the rendered pages print them:
/// xian-02's 附表15 (pp. 42-45): the 社会效益指标 cell starts at the foot
/// of p.42, runs down all of p.43 (its level columns ruled down the page,
/// closed by no rule, the label printed there) and ends on p.44; the
/// 满意度指标 | 服务对象满意度指标 cells start empty at the foot of p.44,
/// their labels on p.45; xian-07 p.47's last row starts the 质量指标 cell
/// that p.48 goes on with. yantai-03's 房地产发展研究及宣传推介 (p.74) ends on
/// p.75 under the table caption printed again.
#[test]
fn tables_run_on_over_page_breaks_keep_their_rows_and_levels() {
    let Some(x) = indicators_of("xian-02-bumen-2026.pdf", "西安市安全生产监督管理局", 1)
    else {
        return;
    };
    let social: Vec<_> = x.iter().filter(|i| i.2 == "社会效益指标").collect();
    assert_eq!(social.len(), 14, "{social:?}");
    assert_eq!(
        (social[0].0, social[0].3.as_str(), social[0].4.as_str()),
        (42, "全市安全生产形势", "保持稳定")
    );
    assert!(social.iter().all(|i| i.1 == "效益指标"));
    assert_eq!(social.iter().filter(|i| i.0 == 43).count(), 9);
    let satisfied: Vec<_> = x
        .iter()
        .filter(|i| (i.0, i.2.as_str()) == (44, "服务对象满意度指标"))
        .collect();
    assert_eq!(satisfied.len(), 6, "{satisfied:?}");
    assert!(satisfied.iter().all(|i| i.1 == "满意度指标"));

    // xian-07 p.47: the last row's level-2 cell is its own and empty (its
    // label 质量指标 clipped below the page's table, printed again on p.48).
    let x7 = indicators_of("xian-07-bumen-2026.pdf", "第四次全国农业普查", 0).unwrap();
    let accuracy = x7
        .iter()
        .find(|i| i.3.starts_with("普查数据准确率"))
        .unwrap();
    assert_eq!((accuracy.0, accuracy.2.as_str()), (47, "质量指标"));

    let y = indicators_of("yantai-03-bumen-2026.pdf", "房地产发展研究及宣传推介", 0).unwrap();
    assert_eq!(y.len(), 20);
    let p75: Vec<_> = y
        .iter()
        .filter(|i| i.0 == 75)
        .map(|i| (i.2.as_str(), i.3.as_str(), i.4.as_str()))
        .collect();
    assert_eq!(
        p75,
        [
            (
                "社会效益指标",
                "规范房地产开发企业销售人员及房地产经纪机构从业人员行为",
                "作用显著"
            ),
            ("可持续影响指标", "房地产市场供需平衡、结构合理", "作用显著"),
            ("服务对象满意度指标", "活动参与人员满意度", "≥90%"),
        ]
    );
}

/// 广州's flat table heads each unit's projects with a unit row
/// (`广州市数字政府运营中心 | 67,756.88`) and prints the department header
/// (部门名称：…) again on every page: projects on the pages after a unit row
/// are still that unit's. Their budgets add up to the printed subtotals.
#[test]
fn a_flat_tables_unit_goes_on_over_its_pages() {
    let Some(c) = converted("guangdong-guangzhou-zhengshuju-xiangmu-2026.pdf") else {
        return;
    };
    let mut by_unit: Vec<(String, f64, usize)> = Vec::new();
    for r in &c.records {
        let unit = r.unit_name.clone().unwrap_or_default();
        let amount = r.funds.annual_total.as_ref().map_or(0.0, |n| n.0);
        match by_unit.iter_mut().find(|u| u.0 == unit) {
            Some(u) => {
                u.1 += amount;
                u.2 += 1;
            }
            None => by_unit.push((unit, amount, 1)),
        }
    }
    // The subtotal rows as printed (pp. 1, 4, 10, 11), and how many
    // project rows each unit's group holds.
    let printed = [
        ("广州市政务服务和数据管理局", 16926.33, 21),
        ("广州市数字政府运营中心", 67756.88, 37),
        ("广州市政务服务中心", 834.36, 7),
        ("广州市市长专线电话受理中心", 729.08, 5),
    ];
    assert_eq!(by_unit.len(), printed.len(), "{by_unit:?}");
    for ((unit, sum, n), (want_unit, want_sum, want_n)) in by_unit.iter().zip(printed) {
        assert_eq!((unit.as_str(), *n), (want_unit, want_n), "{by_unit:?}");
        assert!((sum - want_sum).abs() < 0.05, "{unit}: {sum} != {want_sum}");
    }
}

/// xian-10 p.32's duties: the sub-header 总额 | 财政拨款 其他资金 (two titles
/// in one cell) is no duty and names the fiscal column of the 金额合计 row;
/// a task name printed in two stacked cells beside one merged 主要内容 and
/// 预算金额 is one duty.
#[test]
fn a_duties_table_as_printed() {
    let Some(c) = converted("xian-10-bumen-2026.pdf") else {
        return;
    };
    let r = c.records.iter().find(|r| !r.duties.is_empty()).unwrap();
    let duties: Vec<(Option<&str>, Option<f64>)> = r
        .duties
        .iter()
        .map(|d| (d.function.as_deref(), d.amount.as_ref().map(|n| n.0)))
        .collect();
    assert_eq!(
        duties,
        [
            (Some("基本履职"), Some(508.61)),
            (Some("气象防灾减灾"), Some(120.0)),
            (Some("人工影响天气"), Some(740.65)),
            (Some("国突预警发布及十四运气象服务保障"), Some(94.25)),
            (Some("气象防雷执法"), Some(30.0)),
        ]
    );
    let fiscal = r.funds.annual_fiscal.as_ref().map(|n| n.0);
    assert_eq!(fiscal, Some(1493.51));
}
