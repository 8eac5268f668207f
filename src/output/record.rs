//! The output contract (../shared/spec/RECORD.md, schema_version "2") as
//! Rust types (field order is the order of the JSON keys), and the output
//! step that writes merged projects as records: the record shape, the
//! identifiers (`record_id`, `project_key`) and the values as printed
//! (numbers, units and kinds as the schema spells them).

use crate::diag::Diagnostic;
use crate::domain::layouts::Slot;
use crate::domain::self_eval::{FundsLine, KIND, layout_id};
use crate::layout::part::{DocContext, Funds, Header};
use crate::layout::self_eval::{ExecLine, TaskAmounts};
use crate::merge::Project;
use crate::merge::self_eval::EvalProject;
use crate::normalize::text::label_key;
use crate::normalize::value::Value;
use serde::{Serialize, Serializer};

pub const SCHEMA_VERSION: &str = "2";

/// A number that prints as an integer when it is one (90, not 90.0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num(pub f64);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let x = self.0;
        if x.fract() == 0.0 && x.abs() < 9.0e15 {
            s.serialize_i64(x as i64)
        } else {
            s.serialize_f64(x)
        }
    }
}

pub fn num(x: Option<f64>) -> Option<Num> {
    x.map(Num)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    pub schema_version: &'static str,
    pub record_id: String,
    pub project_key: String,
    pub kind: &'static str,
    pub layout: &'static str,
    pub document: DocumentInfo,
    pub year: Option<i32>,
    pub amount_unit: Option<String>,
    pub unit_name: Option<String>,
    pub project_name: Option<String>,
    pub competent_department: Option<String>,
    pub competent_department_code: Option<String>,
    pub implementing_unit: Option<String>,
    pub project_attribute: Option<String>,
    pub project_period: Option<String>,
    pub project_leader: Option<String>,
    pub funds: FundsOut,
    pub annual_goal: Option<String>,
    pub mid_term_goal: Option<String>,
    pub duties: Vec<DutyOut>,
    /// What a self-evaluation record (kind `self_evaluation`) adds: the
    /// budget execution, the goals achieved, the total score and grade.
    /// Absent from target records.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<Evaluation>,
    pub indicators: Vec<Indicator>,
    pub parts: u32,
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentInfo {
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub file: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FundsOut {
    pub project_total: Option<Num>,
    pub annual_total: Option<Num>,
    pub annual_fiscal: Option<Num>,
    pub annual_other: Option<Num>,
    pub own_level: OwnLevel,
    pub transfer: Transfer,
    pub basic_expenditure: Option<Num>,
    pub project_expenditure: Option<Num>,
}

impl FundsOut {
    /// The amount in one slot.
    pub fn get(&self, slot: Slot) -> Option<f64> {
        let v = match slot {
            Slot::ProjectTotal => self.project_total,
            Slot::AnnualTotal => self.annual_total,
            Slot::AnnualFiscal => self.annual_fiscal,
            Slot::AnnualOther => self.annual_other,
            Slot::OwnTotal => self.own_level.total,
            Slot::OwnFiscal => self.own_level.fiscal,
            Slot::OwnOther => self.own_level.other,
            Slot::OwnCarryover => self.own_level.carryover,
            Slot::TransferTotal => self.transfer.total,
            Slot::TransferCentral => self.transfer.central,
            Slot::TransferRegional => self.transfer.regional,
            Slot::BasicExpenditure => self.basic_expenditure,
            Slot::ProjectExpenditure => self.project_expenditure,
        };
        v.map(|n| n.0)
    }
}

/// One duty of a department table (年度履职目标).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DutyOut {
    pub function: Option<String>,
    pub task: Option<String>,
    pub projects: Vec<String>,
    pub amount: Option<Num>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnLevel {
    pub total: Option<Num>,
    pub fiscal: Option<Num>,
    pub other: Option<Num>,
    pub carryover: Option<Num>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transfer {
    pub total: Option<Num>,
    pub central: Option<Num>,
    pub regional: Option<Num>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    pub level1: Option<String>,
    pub level2: Option<String>,
    pub name: String,
    pub period: &'static str,
    pub core: bool,
    pub weight: Option<Num>,
    pub direction: Option<String>,
    pub explanation: Option<String>,
    pub value: ValueOut,
    /// Self-evaluation records only (absent from target records): the
    /// actual value (实际完成值, parsed as `value` is), the score (得分),
    /// the reason given for a deviation, and whether the actual meets the
    /// target (`yes`, `no`, `unknown`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<Option<ValueOut>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<Option<Num>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deviation: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub met: Option<&'static str>,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueOut {
    pub raw: String,
    pub kind: &'static str,
    pub op: Option<&'static str>,
    pub number: Option<Num>,
    pub max: Option<Num>,
    pub unit: Option<String>,
    pub per: Option<String>,
    pub yuan: Option<Num>,
    pub date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub page: Option<u32>,
    pub part: u32,
    pub row: u32,
    pub ocr_confidence: Option<Num>,
}

/// The self-evaluation part of a record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// `project` or `department`.
    pub subject: &'static str,
    /// The total line of the funds block (年度资金总额, 合计, 金额合计).
    pub execution: Option<ExecutionLine>,
    /// The other lines of the funds block (财政拨款, 上年结转, 其他资金…).
    pub execution_lines: Vec<ExecutionLine>,
    /// A department's tasks (年度主要任务完成情况).
    pub tasks: Vec<TaskOut>,
    /// 实际完成情况: the goals as achieved (the planned ones are `annual_goal`).
    pub goal_achieved: Option<String>,
    /// The 总分 row: the sum of the weights and the total score.
    pub total_weight: Option<Num>,
    pub total_score: Option<Num>,
    /// 评价等级, as printed.
    pub grade: Option<String>,
}

/// One line of a self-evaluation's funds block, amounts in `amount_unit`,
/// rates in percent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExecutionLine {
    /// total, fiscal, carryover, other, central, provincial, local.
    pub line: &'static str,
    pub label: String,
    pub initial: Option<Num>,
    pub adjustment: Option<Num>,
    pub adjusted: Option<Num>,
    pub executed: Option<Num>,
    pub rate: Option<Num>,
    pub balance: Option<Num>,
    pub balance_rate: Option<Num>,
    pub weight: Option<Num>,
    pub score: Option<Num>,
}

/// One task of a department's self-evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskOut {
    pub name: String,
    pub content: Option<String>,
    pub status: Option<String>,
    pub budget: TaskFunds,
    pub executed: TaskFunds,
    pub weight: Option<Num>,
    pub rate: Option<Num>,
    pub score: Option<Num>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TaskFunds {
    pub total: Option<Num>,
    pub fiscal: Option<Num>,
    pub other: Option<Num>,
}

/// The records of a document's target projects, in document order.
pub fn target_records(ctx: &DocContext, projects: Vec<Project>, file: &str) -> Vec<Record> {
    let mut names = NameCounts::default();
    projects
        .into_iter()
        .map(|p| target_record(ctx, p, file, &mut names))
        .collect()
}

/// The records of a document's self-evaluations, in document order.
pub fn eval_records(ctx: &DocContext, projects: Vec<EvalProject>, file: &str) -> Vec<Record> {
    let mut names = NameCounts::default();
    projects
        .into_iter()
        .map(|p| eval_record(ctx, p, file, &mut names))
        .collect()
}

/// How many records of a document so far carry each name: the ordinal in
/// `record_id` that keeps two same-named projects apart.
#[derive(Default)]
struct NameCounts(rustc_hash::FxHashMap<String, usize>);

impl NameCounts {
    fn next(&mut self, name: &str) -> usize {
        let n = self.0.entry(name.to_string()).or_insert(0);
        *n += 1;
        *n
    }
}

fn document(ctx: &DocContext, file: &str) -> DocumentInfo {
    DocumentInfo {
        title: ctx.title.clone(),
        publisher: ctx.publisher.clone(),
        published: ctx.published.clone(),
        file: file.to_string(),
    }
}

fn target_record(ctx: &DocContext, p: Project, file: &str, names: &mut NameCounts) -> Record {
    let h = p.header;
    let name = h.project_name.clone().unwrap_or_default();
    let ordinal = names.next(&name);
    let f = &h.funds;
    let id = fnv1a(&[
        ctx.title.as_deref().unwrap_or(""),
        ctx.publisher.as_deref().unwrap_or(""),
        &p.year.map(|y| y.to_string()).unwrap_or_default(),
        &name,
        &format!(
            "{:?}/{:?}",
            f.get(Slot::ProjectTotal),
            f.get(Slot::AnnualTotal)
        ),
        &ordinal.to_string(),
    ]);
    let indicators = p
        .indicators
        .into_iter()
        .map(|m| {
            let i = m.ind;
            Indicator {
                level1: i.level1,
                level2: i.level2,
                name: i.name,
                period: i.period.as_str(),
                core: i.core,
                weight: num(i.weight),
                direction: i.direction,
                explanation: i.explanation,
                value: value_out(i.value),
                actual: None,
                score: None,
                deviation: None,
                met: None,
                source: Source {
                    page: i.page,
                    part: m.part,
                    row: i.row,
                    ocr_confidence: confidence(i.ocr_confidence),
                },
            }
        })
        .collect();
    Record {
        schema_version: SCHEMA_VERSION,
        record_id: format!("jx1-{id:016x}"),
        project_key: project_key(&h),
        kind: p.layout.kind.as_str(),
        layout: p.layout.id,
        document: document(ctx, file),
        year: p.year,
        amount_unit: p.amount_unit,
        funds: funds_out(&h.funds),
        unit_name: h.unit_name,
        project_name: h.project_name,
        competent_department: h.competent_department,
        competent_department_code: h.competent_department_code,
        implementing_unit: h.implementing_unit,
        project_attribute: h.project_attribute,
        project_period: h.project_period,
        project_leader: h.project_leader,
        annual_goal: h.annual_goal,
        mid_term_goal: h.mid_term_goal,
        duties: h
            .duties
            .into_iter()
            .map(|d| DutyOut {
                function: d.function,
                task: d.task,
                projects: d.projects,
                amount: num(d.amount),
            })
            .collect(),
        evaluation: None,
        indicators,
        parts: p.parts,
        warnings: p.warnings.into_vec(),
    }
}

fn eval_record(ctx: &DocContext, e: EvalProject, file: &str, names: &mut NameCounts) -> Record {
    let p = e.part;
    let h = &p.header;
    let name = h
        .project_name
        .clone()
        .or_else(|| h.unit_name.clone())
        .unwrap_or_default();
    let ordinal = names.next(&name);
    let id = fnv1a(&[
        KIND,
        ctx.title.as_deref().unwrap_or(""),
        ctx.publisher.as_deref().unwrap_or(""),
        &p.year.map(|y| y.to_string()).unwrap_or_default(),
        &name,
        &ordinal.to_string(),
    ]);
    let project_key = project_key(h);
    let h = p.header;
    let indicators = p
        .indicators
        .into_iter()
        .zip(&e.mets)
        .map(|(i, m)| Indicator {
            level1: i.level1,
            level2: i.level2,
            name: i.name,
            period: "annual",
            core: i.core,
            weight: num(i.weight),
            direction: None,
            explanation: None,
            value: value_out(i.target),
            actual: Some(i.actual.map(value_out)),
            score: Some(num(i.score)),
            deviation: Some(i.deviation),
            met: Some(m.as_str()),
            source: Source {
                page: i.page,
                part: 1,
                row: i.row,
                ocr_confidence: None,
            },
        })
        .collect();
    let total = p.execution.iter().find(|l| l.line == FundsLine::Total);
    Record {
        schema_version: SCHEMA_VERSION,
        record_id: format!("jx1-{id:016x}"),
        project_key,
        kind: KIND,
        layout: layout_id(p.subject),
        document: document(ctx, file),
        year: p.year,
        amount_unit: p.amount_unit,
        unit_name: h.unit_name,
        project_name: h.project_name,
        competent_department: h.competent_department,
        competent_department_code: h.competent_department_code,
        implementing_unit: h.implementing_unit,
        project_attribute: None,
        project_period: None,
        project_leader: None,
        funds: empty_funds(),
        annual_goal: h.annual_goal,
        mid_term_goal: None,
        duties: Vec::new(),
        evaluation: Some(Evaluation {
            subject: p.subject.as_str(),
            execution: total.map(line_out),
            execution_lines: p
                .execution
                .iter()
                .filter(|l| l.line != FundsLine::Total)
                .map(line_out)
                .collect(),
            tasks: p
                .tasks
                .into_iter()
                .map(|t| TaskOut {
                    name: t.name,
                    content: t.content,
                    status: t.status,
                    budget: task_funds(&t.budget),
                    executed: task_funds(&t.executed),
                    weight: num(t.weight),
                    rate: num(t.rate),
                    score: num(t.score),
                })
                .collect(),
            goal_achieved: p.goal_achieved,
            total_weight: num(p.total_weight),
            total_score: num(p.total_score),
            grade: p.grade,
        }),
        indicators,
        parts: 1,
        warnings: e.warnings.into_vec(),
    }
}

/// A value as the record writes it.
pub fn value_out(v: Value) -> ValueOut {
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

fn line_out(l: &ExecLine) -> ExecutionLine {
    ExecutionLine {
        line: l.line.as_str(),
        label: l.label.clone(),
        initial: num(l.initial),
        adjustment: num(l.adjustment),
        adjusted: num(l.adjusted),
        executed: num(l.executed),
        rate: num(l.rate),
        balance: num(l.balance),
        balance_rate: num(l.balance_rate),
        weight: num(l.weight),
        score: num(l.score),
    }
}

fn task_funds(a: &TaskAmounts) -> TaskFunds {
    TaskFunds {
        total: num(a.total),
        fiscal: num(a.fiscal),
        other: num(a.other),
    }
}

fn empty_funds() -> FundsOut {
    FundsOut {
        project_total: None,
        annual_total: None,
        annual_fiscal: None,
        annual_other: None,
        own_level: OwnLevel {
            total: None,
            fiscal: None,
            other: None,
            carryover: None,
        },
        transfer: Transfer {
            total: None,
            central: None,
            regional: None,
        },
        basic_expenditure: None,
        project_expenditure: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::layouts::LAYOUTS;
    use crate::layout::part::ProjectPart;

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
    fn same_named_projects_get_their_own_record_ids() {
        let part = |total: f64| {
            let mut funds = Funds::default();
            funds.set(Slot::ProjectTotal, Some(total));
            ProjectPart {
                year: Some(2025),
                header: Header {
                    project_name: Some("甲".into()),
                    funds,
                    ..Header::default()
                },
                ..ProjectPart::new(&LAYOUTS[0])
            }
        };
        // Same name and funds, apart in the document: two projects whose
        // ids differ by their ordinal; other funds give another id too.
        let parts = [part(50.0), part(360.0), part(50.0)];
        let recs = target_records(
            &DocContext::default(),
            crate::merge::projects(parts.to_vec()),
            "f",
        );
        assert_eq!(recs.len(), 3);
        assert_ne!(recs[0].record_id, recs[2].record_id);
        assert_ne!(recs[0].record_id, recs[1].record_id);
        assert_eq!(recs[0].project_key, recs[2].project_key);
    }
}
