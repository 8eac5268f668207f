//! The output contract (../shared/spec/RECORD.md, schema_version "2") as
//! Rust types. Field order is the order of the JSON keys.

use crate::diag::Diagnostic;
use crate::domain::layouts::Slot;
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
