//! Project parts → records: consecutive parts whose header blocks agree are
//! one project; then the checks add their warnings.

pub mod checks;

use crate::normalize::part::{DocContext, PartWarning, ProjectPart};
use crate::normalize::text::label_key;
use crate::normalize::value::Value;
use crate::record::{
    DocumentInfo, FundsOut, Indicator, OwnLevel, Record, SCHEMA_VERSION, Source, Transfer,
    ValueOut, Warning, num,
};

/// True when two parts carry the same header block: name, units,
/// attribute, period, funds and year. The annual goal is not compared (the
/// sample reprints it with small edits); [`records`] flags a difference.
pub fn same_project(a: &ProjectPart, b: &ProjectPart) -> bool {
    let (x, y) = (&a.header, &b.header);
    x.project_name == y.project_name
        && x.competent_department == y.competent_department
        && x.implementing_unit == y.implementing_unit
        && x.project_attribute == y.project_attribute
        && x.project_period == y.project_period
        && x.funds == y.funds
        && a.year == b.year
}

/// Groups consecutive parts of the same project. Returns index ranges.
pub fn group(parts: &[ProjectPart]) -> Vec<std::ops::Range<usize>> {
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        match groups.last_mut() {
            Some(g) if same_project(&parts[g.start], p) => g.end = i + 1,
            _ => groups.push(i..i + 1),
        }
    }
    groups
}

pub fn value_out(v: &Value) -> ValueOut {
    ValueOut {
        raw: v.raw.clone(),
        kind: v.kind.as_str(),
        op: v.op.map(|o| o.as_str()),
        number: num(v.number),
        max: num(v.max),
        unit: v.unit.clone(),
        per: v.per.clone(),
        yuan: num(v.yuan),
        date: v.date.clone(),
    }
}

/// 64-bit FNV-1a, for stable record ids (same on every run and machine).
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0x1f)) {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    h
}

fn part_warning(w: &PartWarning, at: String) -> Warning {
    Warning {
        code: w.code,
        at,
        message: w.message.clone(),
    }
}

/// Builds the records of one document, in document order.
pub fn records(ctx: &DocContext, parts: &[ProjectPart], file: &str) -> Vec<Record> {
    let mut out: Vec<Record> = Vec::new();
    let mut name_counts: rustc_hash::FxHashMap<String, usize> = Default::default();
    for range in group(parts) {
        let group = &parts[range];
        let first = &group[0];
        let h = &first.header;
        let mut indicators = Vec::new();
        let mut warnings = Vec::new();
        let goal_key = |p: &ProjectPart| p.header.annual_goal.as_deref().map(label_key);
        let first_goal = (group.len() > 1).then(|| goal_key(first)).flatten();
        for (pi, part) in group.iter().enumerate() {
            if pi > 0 && goal_key(part) != first_goal {
                warnings.push(Warning {
                    code: "part_mismatch",
                    at: "annual_goal".into(),
                    message: format!(
                        "part {} prints a different 年度总体绩效目标; part 1's is kept",
                        pi + 1
                    ),
                });
            }
            for w in &part.warnings {
                warnings.push(part_warning(w, w.field.clone()));
            }
            for ind in &part.indicators {
                let idx = indicators.len();
                for w in &ind.warnings {
                    warnings.push(part_warning(w, format!("indicators[{idx}].{}", w.field)));
                }
                indicators.push(Indicator {
                    level1: ind.level1.clone(),
                    level2: ind.level2.clone(),
                    name: ind.name.clone(),
                    value: value_out(&ind.value),
                    source: Source {
                        page: ind.page,
                        part: pi as u32 + 1,
                        row: ind.row,
                    },
                });
            }
        }
        let name = h.project_name.clone().unwrap_or_default();
        let ordinal = {
            let n = name_counts.entry(name.clone()).or_insert(0);
            *n += 1;
            *n
        };
        let f = &h.funds;
        let id = fnv1a(&[
            ctx.title.as_deref().unwrap_or(""),
            ctx.publisher.as_deref().unwrap_or(""),
            &first.year.map(|y| y.to_string()).unwrap_or_default(),
            &name,
            &format!("{:?}/{:?}", f.project_total, f.annual_total),
            &ordinal.to_string(),
        ]);
        let mut rec = Record {
            schema_version: SCHEMA_VERSION,
            record_id: format!("jx1-{id:016x}"),
            document: DocumentInfo {
                title: ctx.title.clone(),
                publisher: ctx.publisher.clone(),
                published: ctx.published.clone(),
                file: file.to_string(),
            },
            year: first.year,
            amount_unit: first.amount_unit.clone(),
            project_name: h.project_name.clone(),
            competent_department: h.competent_department.clone(),
            implementing_unit: h.implementing_unit.clone(),
            project_attribute: h.project_attribute.clone(),
            project_period: h.project_period.clone(),
            funds: FundsOut {
                project_total: num(f.project_total),
                annual_total: num(f.annual_total),
                own_level: OwnLevel {
                    total: num(f.own_total),
                    fiscal: num(f.own_fiscal),
                    other: num(f.own_other),
                    carryover: num(f.own_carryover),
                },
                transfer: Transfer {
                    total: num(f.transfer_total),
                    central: num(f.transfer_central),
                    regional: num(f.transfer_regional),
                },
            },
            annual_goal: h.annual_goal.clone(),
            indicators,
            parts: group.len() as u32,
            warnings,
        };
        checks::run(&mut rec);
        out.push(rec);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::part::{Funds, Header};

    fn part(name: &str, total: f64, goal: &str) -> ProjectPart {
        ProjectPart {
            year: Some(2025),
            header: Header {
                project_name: Some(name.into()),
                funds: Funds {
                    project_total: Some(total),
                    ..Funds::default()
                },
                annual_goal: Some(goal.into()),
                ..Header::default()
            },
            ..ProjectPart::default()
        }
    }

    #[test]
    fn consecutive_parts_with_the_same_header_merge() {
        let parts = [
            part("甲", 606.0, "目标"),
            part("甲", 606.0, "目标"),
            part("甲", 606.0, "目标"),
            part("乙", 1.0, "x"),
        ];
        assert_eq!(group(&parts), [0..3, 3..4]);
    }

    #[test]
    fn same_name_other_funds_or_not_consecutive_stay_apart() {
        let parts = [
            part("甲", 50.0, "g"),
            part("甲", 360.0, "g"),
            part("乙", 1.0, "g"),
            part("甲", 50.0, "g"),
        ];
        assert_eq!(group(&parts), [0..1, 1..2, 2..3, 3..4]);
        let recs = records(&DocContext::default(), &parts, "f");
        assert_eq!(recs.len(), 4);
        assert_ne!(recs[0].record_id, recs[3].record_id);
    }

    #[test]
    fn a_reprinted_goal_with_edits_merges_with_a_warning() {
        let parts = [
            part("甲", 1.0, "目标，一"),
            part("甲", 1.0, "目标,一"),
            part("甲", 1.0, "目标二"),
        ];
        let recs = records(&DocContext::default(), &parts, "f");
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].parts, 3);
        // Width of punctuation is no difference; other text is.
        let w: Vec<_> = recs[0]
            .warnings
            .iter()
            .filter(|w| w.code == "part_mismatch")
            .collect();
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("part 3"));
    }
}
