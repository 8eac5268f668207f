//! The output contract (../shared/spec/RECORD.md, schema_version "1") as
//! Rust types. Field order is the order of the JSON keys.

use serde::{Serialize, Serializer};

pub const SCHEMA_VERSION: &str = "1";

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
    pub document: DocumentInfo,
    pub year: Option<i32>,
    pub amount_unit: Option<String>,
    pub project_name: Option<String>,
    pub competent_department: Option<String>,
    pub implementing_unit: Option<String>,
    pub project_attribute: Option<String>,
    pub project_period: Option<String>,
    pub funds: FundsOut,
    pub annual_goal: Option<String>,
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
    pub own_level: OwnLevel,
    pub transfer: Transfer,
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub code: &'static str,
    pub at: String,
    pub message: String,
}
