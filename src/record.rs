//! The output contract (../shared/spec/RECORD.md, schema_version "2") as
//! Rust types. Field order is the order of the JSON keys.

use crate::diag::Code;
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
    pub indicators: Vec<Indicator>,
    pub parts: u32,
    pub warnings: Vec<Warning>,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub code: Code,
    pub at: String,
    pub message: String,
}
