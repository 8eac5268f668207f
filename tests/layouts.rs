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

/// Level-2 cells drawn one per row, the label printed by the middle row of
/// its group, the names numbered per group (指标1：… again at 1 under the
/// next category): the rows above the label take it, and a group that
/// printed no label gets none (another category, its label not printed),
/// each of its rows flagged `missing_level`.
#[test]
fn numbered_groups_give_the_label_printed_in_their_middle() {
    let mut rows = String::new();
    let groups: [(&str, &[&str]); 3] = [
        ("数量指标", &["", "", "数量指标", "", ""]),
        ("", &["", ""]),
        ("成本指标", &["成本指标", ""]),
    ];
    for (g, (_, cells)) in groups.iter().enumerate() {
        for (k, l2) in cells.iter().enumerate() {
            let l1 = if g == 0 && k == 0 {
                r#"<td rowspan="9">产出指标</td>"#
            } else {
                ""
            };
            rows.push_str(&format!(
                "<tr>{l1}<td>{l2}</td><td>指标{}：名称{g}{k}</td><td>{}</td></tr>\n",
                k + 1,
                10 + k
            ));
        }
    }
    let html = format!(
        "<html><body><table>\
         <tr><td>项目名称</td><td colspan=\"3\">测试项目</td></tr>\
         <tr><td>年度目标</td><td colspan=\"3\">完成测试。</td></tr>\
         <tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>指标值</td></tr>\n{rows}\
         </table></body></html>"
    );
    let c = jixiao::convert_bytes(html.as_bytes(), "numbered.html").unwrap();
    assert_eq!(c.records.len(), 1);
    let r = &c.records[0];
    let level2: Vec<Option<&str>> = r.indicators.iter().map(|i| i.level2.as_deref()).collect();
    let q = Some("数量指标");
    let cost = Some("成本指标");
    assert_eq!(level2, [q, q, q, q, q, None, None, cost, cost]);
    let of_code = |code: jixiao::diag::Code| r.warnings.iter().filter(move |w| w.code == code);
    let inferred: Vec<&str> = of_code(jixiao::diag::Code::LevelInferred)
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(inferred.len(), 1, "{inferred:?}");
    assert!(
        inferred[0].contains("given to the 2 row(s)"),
        "{inferred:?}"
    );
    // No row lost; the two rows of the unlabelled group flagged.
    let missing: Vec<&str> = of_code(jixiao::diag::Code::MissingLevel)
        .filter_map(|w| w.at.as_deref())
        .collect();
    assert_eq!(missing, ["indicators[5]", "indicators[6]"]);
}
