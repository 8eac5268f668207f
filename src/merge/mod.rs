//! Project parts → records: consecutive parts whose header blocks agree are
//! one project; then the checks add their warnings.

pub mod checks;
pub mod self_eval;

use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::domain::layouts::{Layout, Slot};
use crate::layout::part::{DocContext, Funds, Header, PartIndicator, ProjectPart};
use crate::normalize::text::label_key;
use crate::normalize::value::Value;
use crate::record::{
    DocumentInfo, DutyOut, FundsOut, Indicator, Num, OwnLevel, Record, SCHEMA_VERSION, Source,
    Transfer, ValueOut, num,
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
        && x.unit_name == y.unit_name
        && a.year == b.year
        && a.layout.id == b.layout.id
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

/// A value as the record writes it (the output step).
pub fn value_into(v: Value) -> ValueOut {
    ValueOut {
        raw: v.raw,
        kind: v.kind.as_str(),
        op: v.op.map(|o| o.as_str()),
        number: num(v.number),
        max: num(v.max),
        unit: v.unit.map(|u| u.as_str().to_string()),
        per: v.per,
        yuan: num(v.yuan),
        date: v.date,
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

fn part_warning(w: &Diagnostic, at: String) -> Diagnostic {
    Diagnostic {
        code: w.code,
        at: Some(at),
        message: w.message.clone(),
    }
}

/// `project_key`: links one project across years and re-publications. A
/// hash of the competent department (its code when published, else its
/// cleaned name; the unit name where no department is printed) and the
/// project name with year numbers, 年度 and 年 removed.
pub fn project_key(h: &Header) -> String {
    let dept = h
        .competent_department_code
        .clone()
        .or_else(|| h.competent_department.as_deref().map(label_key))
        .or_else(|| h.unit_name.as_deref().map(label_key))
        .unwrap_or_default();
    let name = h.project_name.as_deref().map(yearless).unwrap_or_default();
    format!("jxk-{:016x}", fnv1a(&[&dept, &name]))
}

/// A project name without its year: `2025年安全生产宣传项目` and
/// `2026年度安全生产宣传项目` give the same text.
fn yearless(name: &str) -> String {
    let key = label_key(name);
    let mut out = String::with_capacity(key.len());
    let chars: Vec<char> = key.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let digits = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 4 {
            i += 4;
            if chars.get(i) == Some(&'年') {
                i += 1;
                if chars.get(i) == Some(&'度') {
                    i += 1;
                }
            }
            continue;
        }
        if digits > 0 {
            out.extend(&chars[i..i + digits]);
            i += digits;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn funds_out(f: &Funds) -> FundsOut {
    let n = |s: Slot| num(f.get(s));
    FundsOut {
        project_total: n(Slot::ProjectTotal),
        annual_total: n(Slot::AnnualTotal),
        annual_fiscal: n(Slot::AnnualFiscal),
        annual_other: n(Slot::AnnualOther),
        own_level: OwnLevel {
            total: n(Slot::OwnTotal),
            fiscal: n(Slot::OwnFiscal),
            other: n(Slot::OwnOther),
            carryover: n(Slot::OwnCarryover),
        },
        transfer: Transfer {
            total: n(Slot::TransferTotal),
            central: n(Slot::TransferCentral),
            regional: n(Slot::TransferRegional),
        },
        basic_expenditure: n(Slot::BasicExpenditure),
        project_expenditure: n(Slot::ProjectExpenditure),
    }
}

/// OCR confidences kept to four decimals (an f32 printed as f64 would show
/// noise digits).
fn confidence(c: Option<f32>) -> Option<Num> {
    c.map(|c| Num((c as f64 * 1e4).round() / 1e4))
}

/// One project merged from its parts, still in domain terms (parsed
/// values, units as enums, funds by slot): what the checks read and
/// complete. [`records`] writes it out as a [`Record`] last.
pub struct Project<'p> {
    pub layout: &'static Layout,
    pub year: Option<i32>,
    /// The unit the funds amounts are in (万元), as published.
    pub amount_unit: Option<&'p str>,
    pub funds: &'p Funds,
    pub indicators: Vec<MergedIndicator<'p>>,
    /// Warnings from the parts, then from the checks.
    pub warnings: Vec<Diagnostic>,
}

/// An indicator of a merged project: the part's indicator, the part it
/// came from, and its value, which a check may complete (a bare 万 in a
/// 成本指标 read as 万元).
pub struct MergedIndicator<'p> {
    pub ind: &'p PartIndicator,
    /// 1-based part of the project.
    pub part: u32,
    pub value: Value,
}

impl Project<'_> {
    pub fn warn(&mut self, code: Code, at: String, message: String) {
        self.warnings.push(Diagnostic {
            code,
            at: Some(at),
            message,
        });
    }
}

/// Merges the parts of one project (a group from [`group`]).
fn merge(group: &[ProjectPart]) -> Project<'_> {
    let first = &group[0];
    let mut project = Project {
        layout: first.layout,
        year: first.year,
        amount_unit: first.amount_unit.as_deref(),
        funds: &first.header.funds,
        indicators: Vec::new(),
        warnings: Vec::new(),
    };
    let goal_key = |p: &ProjectPart| p.header.annual_goal.as_deref().map(label_key);
    let first_goal = (group.len() > 1).then(|| goal_key(first)).flatten();
    for (pi, part) in group.iter().enumerate() {
        if pi > 0 && goal_key(part) != first_goal {
            project.warn(
                Code::PartMismatch,
                "annual_goal".into(),
                format!(
                    "part {} prints a different 年度总体绩效目标; part 1's is kept",
                    pi + 1
                ),
            );
        }
        for w in &part.warnings {
            project
                .warnings
                .push(part_warning(w, w.at.clone().unwrap_or_default()));
        }
        for ind in &part.indicators {
            let idx = project.indicators.len();
            for w in &ind.warnings {
                project.warnings.push(part_warning(
                    w,
                    format!("indicators[{idx}].{}", w.at.as_deref().unwrap_or_default()),
                ));
            }
            project.indicators.push(MergedIndicator {
                ind,
                part: pi as u32 + 1,
                value: ind.value.clone(),
            });
        }
    }
    project
}

/// Builds the records of one document, in document order: each group of
/// parts merged into a [`Project`], checked, then written as a [`Record`].
pub fn records(ctx: &DocContext, parts: &[ProjectPart], file: &str) -> Vec<Record> {
    let mut out: Vec<Record> = Vec::new();
    let mut name_counts: rustc_hash::FxHashMap<String, usize> = Default::default();
    for range in group(parts) {
        let group = &parts[range];
        let first = &group[0];
        let h = &first.header;
        let mut project = merge(group);
        checks::run(&mut project);
        let indicators = project
            .indicators
            .into_iter()
            .map(|m| Indicator {
                level1: m.ind.level1.clone(),
                level2: m.ind.level2.clone(),
                name: m.ind.name.clone(),
                period: m.ind.period.as_str(),
                core: m.ind.core,
                weight: num(m.ind.weight),
                direction: m.ind.direction.clone(),
                explanation: m.ind.explanation.clone(),
                value: value_into(m.value),
                actual: None,
                score: None,
                deviation: None,
                met: None,
                source: Source {
                    page: m.ind.page,
                    part: m.part,
                    row: m.ind.row,
                    ocr_confidence: confidence(m.ind.ocr_confidence),
                },
            })
            .collect();
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
            &format!(
                "{:?}/{:?}",
                f.get(Slot::ProjectTotal),
                f.get(Slot::AnnualTotal)
            ),
            &ordinal.to_string(),
        ]);
        let layout = first.layout;
        let rec = Record {
            schema_version: SCHEMA_VERSION,
            record_id: format!("jx1-{id:016x}"),
            project_key: project_key(h),
            kind: layout.kind.as_str(),
            layout: layout.id,
            document: DocumentInfo {
                title: ctx.title.clone(),
                publisher: ctx.publisher.clone(),
                published: ctx.published.clone(),
                file: file.to_string(),
            },
            year: first.year,
            amount_unit: first.amount_unit.clone(),
            unit_name: h.unit_name.clone(),
            project_name: h.project_name.clone(),
            competent_department: h.competent_department.clone(),
            competent_department_code: h.competent_department_code.clone(),
            implementing_unit: h.implementing_unit.clone(),
            project_attribute: h.project_attribute.clone(),
            project_period: h.project_period.clone(),
            project_leader: h.project_leader.clone(),
            funds: funds_out(f),
            annual_goal: h.annual_goal.clone(),
            mid_term_goal: h.mid_term_goal.clone(),
            duties: h
                .duties
                .iter()
                .map(|d| DutyOut {
                    function: d.function.clone(),
                    task: d.task.clone(),
                    projects: d.projects.clone(),
                    amount: num(d.amount),
                })
                .collect(),
            evaluation: None,
            indicators,
            parts: group.len() as u32,
            warnings: project.warnings,
        };
        out.push(rec);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::layouts::LAYOUTS;

    fn part(name: &str, total: f64, goal: &str) -> ProjectPart {
        let mut funds = Funds::default();
        funds.set(Slot::ProjectTotal, Some(total));
        ProjectPart {
            year: Some(2025),
            header: Header {
                project_name: Some(name.into()),
                funds,
                annual_goal: Some(goal.into()),
                ..Header::default()
            },
            ..ProjectPart::new(&LAYOUTS[0])
        }
    }

    #[test]
    fn project_key_ignores_the_year() {
        let h = |name: &str| Header {
            project_name: Some(name.into()),
            competent_department: Some("某厅".into()),
            ..Header::default()
        };
        assert_eq!(
            project_key(&h("2025年安全生产宣传项目")),
            project_key(&h("2026年度安全生产宣传项目"))
        );
        assert_ne!(
            project_key(&h("2025年安全生产宣传项目")),
            project_key(&h("安全培训项目"))
        );
        let coded = Header {
            competent_department_code: Some("015001".into()),
            ..h("甲")
        };
        let renamed = Header {
            competent_department: Some("青山区教育局".into()),
            ..coded.clone()
        };
        assert_eq!(project_key(&coded), project_key(&renamed));
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
            .filter(|w| w.code == Code::PartMismatch)
            .collect();
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("part 3"));
    }
}
