//! What the layout stage hands to merge: project parts with their header
//! fields, funds by slot and indicators with parsed values.

use crate::diag::Diagnostics;
use crate::domain::layouts::{Layout, Period, Slot};
use crate::model::CellMark;
use crate::normalize::value::Value;

/// Document-level facts read from the lines around the tables.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocContext {
    pub title: Option<String>,
    pub publisher: Option<String>,
    /// ISO date.
    pub published: Option<String>,
}

/// Amounts by [`Slot`], in the table's amount unit.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Funds {
    slots: [Option<f64>; Funds::SLOTS],
}

impl Funds {
    const SLOTS: usize = 13;

    fn index(slot: Slot) -> usize {
        match slot {
            Slot::ProjectTotal => 0,
            Slot::AnnualTotal => 1,
            Slot::AnnualFiscal => 2,
            Slot::AnnualOther => 3,
            Slot::OwnTotal => 4,
            Slot::OwnFiscal => 5,
            Slot::OwnOther => 6,
            Slot::OwnCarryover => 7,
            Slot::TransferTotal => 8,
            Slot::TransferCentral => 9,
            Slot::TransferRegional => 10,
            Slot::BasicExpenditure => 11,
            Slot::ProjectExpenditure => 12,
        }
    }

    pub fn get(&self, slot: Slot) -> Option<f64> {
        self.slots[Self::index(slot)]
    }

    pub fn set(&mut self, slot: Slot, v: Option<f64>) {
        self.slots[Self::index(slot)] = v;
    }
}

/// One line of a department table's 年度履职目标 sub-table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Duty {
    pub function: Option<String>,
    pub task: Option<String>,
    pub projects: Vec<String>,
    pub amount: Option<f64>,
}

/// The header block of a project table; two parts whose headers are equal
/// are parts of one project.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    pub project_name: Option<String>,
    pub unit_name: Option<String>,
    pub competent_department: Option<String>,
    pub competent_department_code: Option<String>,
    pub implementing_unit: Option<String>,
    pub project_attribute: Option<String>,
    pub project_period: Option<String>,
    pub project_leader: Option<String>,
    pub funds: Funds,
    pub annual_goal: Option<String>,
    pub mid_term_goal: Option<String>,
    pub duties: Vec<Duty>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartIndicator {
    pub level1: Option<String>,
    pub level2: Option<String>,
    pub name: String,
    pub period: Period,
    pub core: bool,
    pub weight: Option<f64>,
    pub direction: Option<String>,
    pub explanation: Option<String>,
    pub value: Value,
    pub page: Option<u32>,
    /// 1-based row of the part's table, header rows included.
    pub row: u32,
    /// Lowest OCR confidence among the indicator's cells.
    pub ocr_confidence: Option<f32>,
    pub warnings: Diagnostics,
}

/// One printed table of one project (a continuation table gives several).
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectPart {
    pub layout: &'static Layout,
    pub year: Option<i32>,
    pub amount_unit: Option<String>,
    pub header: Header,
    pub indicators: Vec<PartIndicator>,
    /// Record-level warnings (`field` is a record path such as `funds`).
    pub warnings: Diagnostics,
    pub page: Option<u32>,
    pub line: Option<u32>,
}

impl ProjectPart {
    pub fn new(layout: &'static Layout) -> Self {
        ProjectPart {
            layout,
            year: None,
            amount_unit: None,
            header: Header::default(),
            indicators: Vec::new(),
            warnings: Diagnostics::new(),
            page: None,
            line: None,
        }
    }
}

impl PartialEq for Layout {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowTally {
    pub rows_in: usize,
    pub rows_placed: usize,
    pub rows_warned: usize,
}

/// The layout stage's output for one document.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub context: DocContext,
    pub parts: Vec<ProjectPart>,
    /// Self-evaluation tables read (绩效自评表).
    pub evaluations: Vec<super::self_eval::EvalPart>,
    /// Document notes (rows outside any project, tables not read).
    pub notes: Diagnostics,
    pub tally: RowTally,
    /// The role each read cell played, for `inspect`.
    pub marks: Vec<CellMark>,
    /// Tables (project parts) read per layout id, in first-seen order.
    pub layouts: Vec<(&'static str, usize)>,
}
