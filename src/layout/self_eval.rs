//! Reads a self-evaluation table (绩效自评表) into an [`EvalPart`].
//!
//! The table is read block by block, each opened by a label in a row's
//! first cell ([`crate::domain::self_eval::HEADER_LABELS`]): header pairs
//! (项目名称 | value | 实施单位 | value), the funds block (its column titles,
//! then one line per 年度资金总额 / 财政拨款 / …), a department's tasks
//! block, the goals block (预期目标 | 实际完成情况 and the row of texts
//! under them), the indicators block (column titles, then one row per
//! indicator, levels inherited from the row above), the 总分 row and the
//! 评价等级 row. A cell is put in the column whose title stands at its
//! position (or the nearest title to its left).
//!
//! Every row fed in is counted placed or warned, as in the target reader.

use super::indicator::{clean_name, weight};
use super::labels::{MAX_LABEL_CHARS, strip_score, unit_in_label, variants};
use super::part::{Header, RowTally};
use super::reader::{Row, RowCell, Start};
use crate::diag::Code;
use crate::diag::Diagnostics;
use crate::domain::self_eval::{
    DEPARTMENT_MARKERS, EvalCol, EvalField, FUNDS_COLUMNS, FUNDS_LINES, FundsCol, FundsLine,
    GOAL_COLUMNS, GoalCol, HEADER_LABELS, INDICATOR_COLUMNS, NO_AMOUNT, Subject, TASK_COLUMNS,
    TaskCol,
};
use crate::model::{CellMark, CellRole};
use crate::normalize::text::{chars_at_most, label_key};
use crate::normalize::value::{self, Value};

/// One line of the funds block, amounts as printed (in the table's unit).
#[derive(Debug, Clone, PartialEq)]
pub struct ExecLine {
    pub line: FundsLine,
    pub label: String,
    pub initial: Option<f64>,
    pub adjustment: Option<f64>,
    pub adjusted: Option<f64>,
    pub executed: Option<f64>,
    pub rate: Option<f64>,
    pub balance: Option<f64>,
    pub balance_rate: Option<f64>,
    pub weight: Option<f64>,
    pub score: Option<f64>,
}

impl ExecLine {
    fn new(line: FundsLine, label: &str) -> Self {
        ExecLine {
            line,
            label: label.to_string(),
            initial: None,
            adjustment: None,
            adjusted: None,
            executed: None,
            rate: None,
            balance: None,
            balance_rate: None,
            weight: None,
            score: None,
        }
    }

    fn set(&mut self, col: FundsCol, v: Option<f64>) {
        let slot = match col {
            FundsCol::Initial => &mut self.initial,
            FundsCol::Adjustment => &mut self.adjustment,
            FundsCol::Adjusted => &mut self.adjusted,
            FundsCol::Executed => &mut self.executed,
            FundsCol::Rate => &mut self.rate,
            FundsCol::Balance => &mut self.balance,
            FundsCol::BalanceRate => &mut self.balance_rate,
            FundsCol::Weight => &mut self.weight,
            FundsCol::Score => &mut self.score,
            FundsCol::Group => return,
        };
        *slot = v;
    }
}

/// Budget or execution of one task: 总额, 财政拨款, 其他资金.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TaskAmounts {
    pub total: Option<f64>,
    pub fiscal: Option<f64>,
    pub other: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Task {
    pub name: String,
    pub content: Option<String>,
    pub status: Option<String>,
    pub budget: TaskAmounts,
    pub executed: TaskAmounts,
    pub weight: Option<f64>,
    pub rate: Option<f64>,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EvalIndicator {
    pub level1: Option<String>,
    pub level2: Option<String>,
    pub name: String,
    pub core: bool,
    pub weight: Option<f64>,
    pub target: Value,
    pub actual: Option<Value>,
    pub score: Option<f64>,
    pub deviation: Option<String>,
    pub page: Option<u32>,
    /// 1-based row of the table, header rows included.
    pub row: u32,
    pub warnings: Diagnostics,
}

/// One self-evaluation table as read.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalPart {
    pub subject: Subject,
    pub year: Option<i32>,
    pub amount_unit: Option<String>,
    /// Project name, units, department code and the planned goal
    /// (`annual_goal`); funds stay empty (see `execution`).
    pub header: Header,
    pub goal_achieved: Option<String>,
    pub execution: Vec<ExecLine>,
    pub tasks: Vec<Task>,
    pub indicators: Vec<EvalIndicator>,
    pub total_weight: Option<f64>,
    pub total_score: Option<f64>,
    pub grade: Option<String>,
    pub warnings: Diagnostics,
    pub page: Option<u32>,
    pub line: Option<u32>,
}

/// What [`read`] gives back.
pub struct EvalRead {
    pub part: Option<EvalPart>,
    pub tally: RowTally,
    pub notes: Diagnostics,
    pub marks: Vec<CellMark>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Header,
    Funds,
    Tasks,
    Goals,
    Indicators,
}

/// The field of a header label, with its spelling variants.
pub fn eval_field(key: &str) -> Option<EvalField> {
    if key.is_empty() || !chars_at_most(key, MAX_LABEL_CHARS) {
        return None;
    }
    variants(key).find_map(|v| HEADER_LABELS.iter().find(|(l, _)| *l == v).map(|&(_, f)| f))
}

fn lookup<T: Copy>(table: &[(&str, T)], key: &str) -> Option<T> {
    if key.is_empty() || !chars_at_most(key, MAX_LABEL_CHARS) {
        return None;
    }
    variants(key).find_map(|v| {
        table
            .iter()
            .find(|(l, _)| super::labels::matches(l, v))
            .map(|&(_, t)| t)
    })
}

/// An indicator row's cells, by column ([`EvalReader::eval_cells`]).
#[derive(Default)]
struct EvalCells<'r> {
    name: Option<&'r RowCell>,
    target: Option<&'r RowCell>,
    actual: Option<&'r RowCell>,
    weight: Option<&'r RowCell>,
    score: Option<&'r RowCell>,
    /// The deviation cells' text, joined.
    deviation: Option<String>,
}

/// The group (全年预算数 / 全年执行数) a tasks-table sub-column sits under.
fn task_group(cols: &[(u32, TaskCol)], col: u32) -> Option<TaskCol> {
    cols.iter()
        .filter(|(c, t)| *c <= col && matches!(t, TaskCol::Budget | TaskCol::Executed))
        .max_by_key(|(c, _)| *c)
        .map(|&(_, t)| t)
}

/// A tasks-table cell's column: the sub-column titled at its position wins
/// over the group above it.
fn task_col(cols: &[(u32, TaskCol)], col: u32) -> Option<TaskCol> {
    let exact: Vec<TaskCol> = cols
        .iter()
        .filter(|(c, _)| *c == col)
        .map(|&(_, t)| t)
        .collect();
    exact
        .iter()
        .copied()
        .find(|t| matches!(t, TaskCol::Total | TaskCol::Fiscal | TaskCol::Other))
        .or(exact.first().copied())
        .or_else(|| at_col(cols, col))
}

/// The title at `col`, or the nearest one to its left.
fn at_col<T: Copy>(cols: &[(u32, T)], col: u32) -> Option<T> {
    cols.iter()
        .filter(|(c, _)| *c <= col)
        .max_by_key(|(c, _)| *c)
        .map(|&(_, t)| t)
}

/// An amount, score or rate cell: `2,495,142.55`, `100.00%`, `10.00`.
/// `Ok(None)` for a dash (no amount), `Err` for text that is no number.
fn amount(text: &str) -> Result<Option<f64>, ()> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',' && *c != '，')
        .collect();
    if t.is_empty() || NO_AMOUNT.contains(&t.as_str()) {
        return Ok(None);
    }
    let t = t.trim_end_matches(['%', '分']);
    t.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or(())
}

/// Whether the rows of a section (its label keys) make a department's
/// self-evaluation rather than a project's.
fn subject(keys: &[&str]) -> Subject {
    let project = keys
        .iter()
        .any(|k| variants(k).any(|v| v == "项目名称" || v == "主管部门"));
    let department = keys
        .iter()
        .any(|k| variants(k).any(|v| DEPARTMENT_MARKERS.contains(&v)));
    if department && !project {
        Subject::Department
    } else {
        Subject::Project
    }
}

struct EvalReader {
    part: EvalPart,
    mode: Mode,
    tally: RowTally,
    marks: Vec<CellMark>,
    funds_cols: Vec<(u32, FundsCol)>,
    task_cols: Vec<(u32, TaskCol)>,
    goal_cols: Vec<(u32, GoalCol)>,
    ind_cols: Vec<(u32, EvalCol)>,
    level1: Option<String>,
    level2: Option<String>,
    /// Rows fed so far (1-based row numbers of indicators).
    rows: u32,
    /// Warnings raised by the row being read.
    row_warned: bool,
}

/// Reads the rows of one self-evaluation section. Returns no part when the
/// rows hold neither indicators nor funds (the caller then notes the table).
pub fn read(rows: &[Row], start: &Start) -> EvalRead {
    let keys: Vec<&str> = rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.key()))
        .collect();
    let unit = start.unit.clone().or_else(|| {
        keys.iter()
            .filter(|k| eval_field(k).is_some() || lookup(TASK_COLUMNS, k).is_some())
            .find_map(|k| unit_in_label(k).map(str::to_string))
    });
    let mut r = EvalReader {
        part: EvalPart {
            subject: subject(&keys),
            year: start.year,
            amount_unit: unit,
            header: Header {
                unit_name: start.unit_name.clone(),
                ..Header::default()
            },
            goal_achieved: None,
            execution: Vec::new(),
            tasks: Vec::new(),
            indicators: Vec::new(),
            total_weight: None,
            total_score: None,
            grade: None,
            warnings: Diagnostics::new(),
            page: start.page,
            line: start.line,
        },
        mode: Mode::Header,
        tally: RowTally::default(),
        marks: Vec::new(),
        funds_cols: Vec::new(),
        task_cols: Vec::new(),
        goal_cols: Vec::new(),
        ind_cols: Vec::new(),
        level1: None,
        level2: None,
        rows: 0,
        row_warned: false,
    };
    for row in rows {
        r.feed(row);
    }
    let read_any = !r.part.indicators.is_empty() || !r.part.execution.is_empty();
    EvalRead {
        part: read_any.then_some(r.part),
        tally: r.tally,
        notes: Diagnostics::new(),
        marks: r.marks,
    }
}

fn at(row: &Row) -> String {
    match (row.page, row.line) {
        (_, Some(l)) => format!("line {l}"),
        (Some(p), None) => format!("page {p}"),
        _ => "a table".into(),
    }
}

impl EvalReader {
    fn mark(&mut self, row: &Row, c: &RowCell, role: CellRole) {
        if row.from_line {
            return;
        }
        self.marks.push(CellMark {
            table: row.table,
            row: row.grid_row,
            col: c.col,
            role,
        });
    }

    fn warn(&mut self, code: Code, field: impl Into<String>, message: impl Into<String>) {
        self.row_warned = true;
        self.part.warnings.warn(code, field, message);
    }

    fn unplaced(&mut self, row: &Row, c: &RowCell, what: &str) {
        self.mark(row, c, CellRole::Unplaced);
        let msg = format!(
            "{} row {}: {what}, not read: {}",
            at(row),
            self.rows,
            c.text
        );
        self.warn(Code::UnplacedCell, "evaluation", msg);
    }

    fn number(&mut self, row: &Row, c: &RowCell, field: &str) -> Option<f64> {
        match amount(&c.text) {
            Ok(v) => v,
            Err(()) => {
                let msg = format!(
                    "{} row {}: `{}` is no amount; left empty",
                    at(row),
                    self.rows,
                    c.text
                );
                self.warn(Code::AmountUnparsed, field.to_string(), msg);
                None
            }
        }
    }

    fn feed(&mut self, row: &Row) {
        self.rows += 1;
        self.row_warned = false;
        self.tally.rows_in += 1;
        let first = &row.cells[0];
        let field = eval_field(first.key());
        let rest = &row.cells[1..];
        match field {
            Some(
                EvalField::ProjectName
                | EvalField::UnitName
                | EvalField::CompetentDepartment
                | EvalField::ImplementingUnit
                | EvalField::DepartmentCode,
            ) => {
                self.mode = Mode::Header;
                self.header_row(row);
            }
            Some(EvalField::FundsBlock) => {
                self.block_label(row, first);
                self.mode = Mode::Funds;
                self.funds_row(row, rest);
            }
            Some(EvalField::TasksBlock) => {
                self.block_label(row, first);
                self.mode = Mode::Tasks;
                self.tasks_row(row, rest);
            }
            Some(EvalField::GoalsBlock) => {
                self.block_label(row, first);
                self.mode = Mode::Goals;
                self.goals_row(row, rest);
            }
            Some(EvalField::IndicatorsBlock) => {
                self.block_label(row, first);
                self.mode = Mode::Indicators;
                self.indicators_row(row, rest);
            }
            Some(EvalField::TotalScore) => {
                self.block_label(row, first);
                self.total_row(row, rest);
            }
            Some(EvalField::Grade) => {
                self.block_label(row, first);
                let text: Vec<&str> = rest.iter().map(|c| c.text.as_str()).collect();
                for c in rest {
                    self.mark(row, c, CellRole::HeaderValue);
                }
                if !text.is_empty() {
                    self.part.grade = Some(text.join(" "));
                }
            }
            None if self.mode != Mode::Indicators && is_indicator_title_row(&row.cells) => {
                self.mode = Mode::Indicators;
                self.indicators_row(row, &row.cells);
            }
            None => match self.mode {
                Mode::Header => {
                    for c in &row.cells {
                        self.unplaced(row, c, "a cell before any block of the table");
                    }
                }
                Mode::Funds => self.funds_row(row, &row.cells),
                Mode::Tasks => self.tasks_row(row, &row.cells),
                Mode::Goals => self.goals_row(row, &row.cells),
                Mode::Indicators => self.indicators_row(row, &row.cells),
            },
        }
        if self.row_warned {
            self.tally.rows_warned += 1;
        } else {
            self.tally.rows_placed += 1;
        }
    }

    fn block_label(&mut self, row: &Row, c: &RowCell) {
        self.mark(row, c, CellRole::HeaderLabel);
    }

    /// Label | value pairs along the row.
    fn header_row(&mut self, row: &Row) {
        let mut pending: Option<EvalField> = None;
        for c in &row.cells {
            if let Some(f) = eval_field(c.key()) {
                if let Some(p) = pending {
                    self.empty_field(row, p);
                }
                pending = Some(f);
                self.mark(row, c, CellRole::HeaderLabel);
                continue;
            }
            let Some(f) = pending.take() else {
                self.unplaced(row, c, "a header value with no label before it");
                continue;
            };
            let v = Some(c.text.clone());
            let h = &mut self.part.header;
            match f {
                EvalField::ProjectName => h.project_name = v,
                EvalField::UnitName => h.unit_name = v,
                EvalField::CompetentDepartment => {
                    // `[015001]某县交通运输局`, `315_烟台市统计局`: split as the
                    // target reader does, so that project_key agrees.
                    let (code, name) = match super::reader::split_bracket_code(&c.text) {
                        (None, name) => match super::reader::code_prefix(&name) {
                            Some((c, n)) => (Some(c.to_string()), n.to_string()),
                            None => (None, name),
                        },
                        found => found,
                    };
                    h.competent_department = Some(name);
                    if code.is_some() {
                        h.competent_department_code = code;
                    }
                }
                EvalField::ImplementingUnit => {
                    h.implementing_unit = Some(super::reader::split_bracket_code(&c.text).1)
                }
                EvalField::DepartmentCode => h.competent_department_code = v,
                _ => {
                    self.unplaced(row, c, "a value beside a block label");
                    continue;
                }
            }
            self.mark(row, c, CellRole::HeaderValue);
        }
        if let Some(p) = pending {
            self.empty_field(row, p);
        }
    }

    fn empty_field(&mut self, _row: &Row, _f: EvalField) {
        // A label printed with an empty value cell: nothing to read, nothing lost.
    }

    fn funds_row(&mut self, row: &Row, cells: &[RowCell]) {
        if cells.is_empty() {
            return;
        }
        let titles: Vec<Option<FundsCol>> = cells
            .iter()
            .map(|c| lookup(FUNDS_COLUMNS, c.key()))
            .collect();
        let n_titles = titles.iter().filter(|t| t.is_some()).count();
        if n_titles >= 2 && n_titles + 1 >= cells.len() {
            for (c, t) in cells.iter().zip(titles) {
                let Some(t) = t else {
                    self.unplaced(row, c, "a cell among the funds column titles");
                    continue;
                };
                if t != FundsCol::Group {
                    self.funds_cols.retain(|(col, _)| *col != c.col);
                    self.funds_cols.push((c.col, t));
                }
                self.mark(row, c, CellRole::HeaderLabel);
            }
            return;
        }
        let Some(line) = lookup(FUNDS_LINES, cells[0].key()) else {
            for c in cells {
                self.unplaced(row, c, "a funds cell on no funds line");
            }
            return;
        };
        self.mark(row, &cells[0], CellRole::Level2);
        let mut out = ExecLine::new(line, &cells[0].text);
        for c in &cells[1..] {
            let Some(col) = at_col(&self.funds_cols, c.col) else {
                self.unplaced(row, c, "a funds cell under no column title");
                continue;
            };
            let v = self.number(row, c, "evaluation.execution");
            out.set(col, v);
            self.mark(row, c, CellRole::Value);
        }
        self.part.execution.push(out);
    }

    /// A row of the tasks (funds execution) table: column titles (and the
    /// sub-titles under 全年预算数 / 全年执行数) set the columns; a 金额合计
    /// row gives the funds lines ([`Self::funds_total_row`]); any other
    /// row is a task ([`Self::task_row`]).
    fn tasks_row(&mut self, row: &Row, cells: &[RowCell]) {
        if cells.is_empty() {
            return;
        }
        let titles: Vec<Option<TaskCol>> = cells
            .iter()
            .map(|c| lookup(TASK_COLUMNS, c.key()))
            .collect();
        if titles.iter().all(Option::is_some) && self.task_cols.len() < 12 {
            let is_sub = titles
                .iter()
                .all(|t| matches!(t, Some(TaskCol::Total | TaskCol::Fiscal | TaskCol::Other)));
            if !is_sub || self.task_cols.iter().any(|(_, t)| *t == TaskCol::Budget) {
                for (c, t) in cells.iter().zip(titles) {
                    self.task_cols.push((c.col, t.unwrap()));
                    self.mark(row, c, CellRole::HeaderLabel);
                }
                self.task_cols.sort_by_key(|(c, _)| *c);
                return;
            }
        }
        if let Some(FundsLine::Total) = lookup(FUNDS_LINES, cells[0].key()) {
            self.funds_total_row(row, cells);
        } else {
            self.task_row(row, cells);
        }
    }

    /// 金额合计: the total line of the funds, and the fiscal and other lines
    /// its sub-columns give.
    fn funds_total_row(&mut self, row: &Row, cells: &[RowCell]) {
        // 金额合计: the total line of the funds.
        self.mark(row, &cells[0], CellRole::Level2);
        let mut total = ExecLine::new(FundsLine::Total, &cells[0].text);
        let mut fiscal = ExecLine::new(FundsLine::Fiscal, &cells[0].text);
        let mut other = ExecLine::new(FundsLine::Other, &cells[0].text);
        for c in &cells[1..] {
            let (Some(t), g) = (
                task_col(&self.task_cols, c.col),
                task_group(&self.task_cols, c.col),
            ) else {
                self.unplaced(row, c, "a total cell under no column title");
                continue;
            };
            let v = self.number(row, c, "evaluation.execution");
            let (line, col) = match (t, g) {
                (TaskCol::Total | TaskCol::Budget, Some(TaskCol::Budget)) => {
                    (&mut total, FundsCol::Adjusted)
                }
                (TaskCol::Total | TaskCol::Executed, Some(TaskCol::Executed)) => {
                    (&mut total, FundsCol::Executed)
                }
                (TaskCol::Fiscal, Some(TaskCol::Budget)) => (&mut fiscal, FundsCol::Adjusted),
                (TaskCol::Fiscal, Some(TaskCol::Executed)) => (&mut fiscal, FundsCol::Executed),
                (TaskCol::Other, Some(TaskCol::Budget)) => (&mut other, FundsCol::Adjusted),
                (TaskCol::Other, Some(TaskCol::Executed)) => (&mut other, FundsCol::Executed),
                (TaskCol::Weight, _) => (&mut total, FundsCol::Weight),
                (TaskCol::Rate, _) => (&mut total, FundsCol::Rate),
                (TaskCol::Score, _) => (&mut total, FundsCol::Score),
                _ => {
                    self.unplaced(row, c, "a total cell under a text column");
                    continue;
                }
            };
            line.set(col, v);
            self.mark(row, c, CellRole::Value);
        }
        self.part.execution.push(total);
        for l in [fiscal, other] {
            if l.adjusted.is_some() || l.executed.is_some() {
                self.part.execution.push(l);
            }
        }
    }

    /// One task: its name, content, status, weight, rate, score and the
    /// budget and executed amounts (by the group each sub-column sits under).
    fn task_row(&mut self, row: &Row, cells: &[RowCell]) {
        let mut task = Task::default();
        for c in cells {
            let (Some(t), g) = (
                task_col(&self.task_cols, c.col),
                task_group(&self.task_cols, c.col),
            ) else {
                self.unplaced(row, c, "a task cell under no column title");
                continue;
            };
            let text = Some(c.text.clone());
            match t {
                TaskCol::Name => task.name = c.text.clone(),
                TaskCol::Content => task.content = text,
                TaskCol::Status => task.status = text,
                TaskCol::Weight => task.weight = self.number(row, c, "evaluation.tasks"),
                TaskCol::Rate => task.rate = self.number(row, c, "evaluation.tasks"),
                TaskCol::Score => task.score = self.number(row, c, "evaluation.tasks"),
                TaskCol::Budget
                | TaskCol::Executed
                | TaskCol::Total
                | TaskCol::Fiscal
                | TaskCol::Other => {
                    let v = self.number(row, c, "evaluation.tasks");
                    let amounts = match g {
                        Some(TaskCol::Executed) => &mut task.executed,
                        _ => &mut task.budget,
                    };
                    match t {
                        TaskCol::Fiscal => amounts.fiscal = v,
                        TaskCol::Other => amounts.other = v,
                        _ => amounts.total = v,
                    }
                }
            }
            self.mark(row, c, CellRole::Value);
        }
        if task.name.is_empty() {
            let msg = format!(
                "{} row {}: a task row with no task name",
                at(row),
                self.rows
            );
            self.warn(Code::MissingName, "evaluation.tasks", msg);
        }
        self.part.tasks.push(task);
    }

    fn goals_row(&mut self, row: &Row, cells: &[RowCell]) {
        if cells.is_empty() {
            return;
        }
        let titles: Vec<Option<GoalCol>> = cells
            .iter()
            .map(|c| lookup(GOAL_COLUMNS, c.key()))
            .collect();
        if titles.iter().all(Option::is_some) {
            for (c, t) in cells.iter().zip(titles) {
                self.goal_cols.retain(|(col, _)| *col != c.col);
                self.goal_cols.push((c.col, t.unwrap()));
                self.mark(row, c, CellRole::HeaderLabel);
            }
            return;
        }
        for c in cells {
            let Some(g) = at_col(&self.goal_cols, c.col) else {
                self.unplaced(row, c, "a goal under no column title");
                continue;
            };
            let slot = match g {
                GoalCol::Planned => &mut self.part.header.annual_goal,
                GoalCol::Achieved => &mut self.part.goal_achieved,
            };
            match slot {
                Some(s) => {
                    s.push('\n');
                    s.push_str(&c.text);
                }
                None => *slot = Some(c.text.clone()),
            }
            self.mark(row, c, CellRole::HeaderValue);
        }
    }

    /// An indicator row of a self-evaluation table, in three steps: a row of
    /// column titles sets the columns; else each cell goes to its column
    /// ([`Self::eval_cells`]: levels set the open ones); a row with a name
    /// becomes an indicator, its values parsed ([`Self::eval_indicator`]).
    fn indicators_row(&mut self, row: &Row, cells: &[RowCell]) {
        if cells.is_empty() {
            return;
        }
        let titles: Vec<Option<EvalCol>> = cells
            .iter()
            .map(|c| lookup(INDICATOR_COLUMNS, c.key()))
            .collect();
        if titles.iter().filter(|t| t.is_some()).count() >= 3 && titles.iter().all(Option::is_some)
        {
            self.ind_cols.clear();
            for (c, t) in cells.iter().zip(titles) {
                self.ind_cols.push((c.col, t.unwrap()));
                self.mark(row, c, CellRole::HeaderLabel);
            }
            return;
        }
        if self.ind_cols.is_empty() {
            for c in cells {
                self.unplaced(row, c, "an indicator cell before the column titles");
            }
            return;
        }
        let placed = self.eval_cells(row, cells);
        let Some(name) = placed.name else {
            // A row of levels alone (a category row): nothing else to read.
            for c in [placed.target, placed.actual, placed.weight, placed.score]
                .into_iter()
                .flatten()
            {
                self.unplaced(row, c, "an indicator value with no indicator name");
            }
            return;
        };
        let indicator = self.eval_indicator(row, name, placed);
        self.part.indicators.push(indicator);
    }

    /// Each cell of an indicator row to its column: a level cell sets the
    /// open level (a new level 1 closes level 2), deviation cells join, a
    /// second cell in a value column or one under no title is unplaced.
    fn eval_cells<'r>(&mut self, row: &Row, cells: &'r [RowCell]) -> EvalCells<'r> {
        let mut placed = EvalCells::default();
        for c in cells {
            let Some(col) = at_col(&self.ind_cols, c.col) else {
                self.unplaced(row, c, "an indicator cell under no column title");
                continue;
            };
            let slot = match col {
                EvalCol::Level1 => {
                    self.level1 = Some(level_text(c));
                    self.level2 = None;
                    self.mark(row, c, CellRole::Level1);
                    continue;
                }
                EvalCol::Level2 => {
                    self.level2 = Some(level_text(c));
                    self.mark(row, c, CellRole::Level2);
                    continue;
                }
                EvalCol::Deviation => {
                    placed.deviation = Some(match placed.deviation.take() {
                        Some(d) => format!("{d} {}", c.text),
                        None => c.text.clone(),
                    });
                    self.mark(row, c, CellRole::Value);
                    continue;
                }
                EvalCol::Name => &mut placed.name,
                EvalCol::Target => &mut placed.target,
                EvalCol::Actual => &mut placed.actual,
                EvalCol::Weight => &mut placed.weight,
                EvalCol::Score => &mut placed.score,
            };
            if slot.is_some() {
                self.unplaced(row, c, "a second cell in one indicator column");
                continue;
            }
            *slot = Some(c);
        }
        placed
    }

    /// The indicator named by `name_cell`, with the row's values parsed
    /// (the target, the actual value, weight and score as numbers) and a
    /// warning for each repair or gap.
    fn eval_indicator(
        &mut self,
        row: &Row,
        name_cell: &RowCell,
        placed: EvalCells<'_>,
    ) -> EvalIndicator {
        let row_no = self.rows;
        let EvalCells {
            target,
            actual,
            weight: weight_c,
            score: score_c,
            deviation,
            ..
        } = placed;
        let mut warnings = Diagnostics::new();
        let (clean, core, removed) = clean_name(&name_cell.text);
        if !removed.is_empty() {
            warnings.warn(
                Code::TemplateLeftover,
                "name",
                format!(
                    "template text removed from the name: {}",
                    removed.join(", ")
                ),
            );
        }
        self.mark(row, name_cell, CellRole::Name);
        let parse = |c: &RowCell, field: &str, warnings: &mut Diagnostics| {
            let (v, repairs) = value::parse_cleaned(&c.text);
            for r in repairs {
                warnings.warn(r.code, field, r.message);
            }
            v
        };
        let target_v = match target {
            Some(c) => {
                self.mark(row, c, CellRole::Value);
                parse(c, "value", &mut warnings)
            }
            None => {
                warnings.warn(
                    Code::MissingValue,
                    "value",
                    format!("row {row_no}: no 年度指标值 printed"),
                );
                value::parse_cleaned("").0
            }
        };
        let actual_v = actual.map(|c| {
            self.mark(row, c, CellRole::Value);
            parse(c, "actual", &mut warnings)
        });
        let num = |c: Option<&RowCell>, field: &str, warnings: &mut Diagnostics| {
            let c = c?;
            match amount(&c.text) {
                Ok(v) => v,
                Err(()) => {
                    warnings.warn(
                        Code::AmountUnparsed,
                        field,
                        format!("row {row_no}: `{}` is no number; left empty", c.text),
                    );
                    None
                }
            }
        };
        let w = weight_c
            .and_then(|c| weight(&c.text).or_else(|| num(Some(c), "weight", &mut warnings)));
        let s = num(score_c, "score", &mut warnings);
        for c in [weight_c, score_c].into_iter().flatten() {
            self.mark(row, c, CellRole::Value);
        }
        if !warnings.is_empty() {
            self.row_warned = true;
        }
        EvalIndicator {
            level1: self.level1.clone(),
            level2: self.level2.clone(),
            name: clean,
            core,
            weight: w,
            target: target_v,
            actual: actual_v,
            score: s,
            deviation,
            page: row.page,
            row: row_no,
            warnings,
        }
    }

    /// 总分 | weights | score: two numbers are the total weight and score
    /// (by their columns); one alone is the total score.
    fn total_row(&mut self, row: &Row, cells: &[RowCell]) {
        let mut nums: Vec<(u32, f64)> = Vec::new();
        for c in cells {
            match amount(&c.text) {
                Ok(Some(v)) => {
                    nums.push((c.col, v));
                    self.mark(row, c, CellRole::Value);
                }
                Ok(None) => {}
                Err(()) => self.unplaced(row, c, "a 总分 cell that is no number"),
            }
        }
        match nums.as_slice() {
            [] => {}
            [(_, s)] => self.part.total_score = Some(*s),
            many => {
                for &(col, v) in many {
                    match at_col(&self.ind_cols, col) {
                        Some(EvalCol::Weight) => self.part.total_weight = Some(v),
                        Some(EvalCol::Score) => self.part.total_score = Some(v),
                        _ => {
                            let msg = format!(
                                "{} row {}: a 总分 number under no weight or score column: {v}",
                                at(row),
                                self.rows
                            );
                            self.warn(Code::UnplacedCell, "evaluation.total_score", msg);
                        }
                    }
                }
            }
        }
    }
}

/// A level cell without its score range (`产出指标（50分）`, `产出指标50分`,
/// `满意度指标10` → the name before it).
fn level_text(c: &RowCell) -> String {
    let key = label_key(&c.text);
    if let Some((body, _)) = strip_score(&key) {
        return body.to_string();
    }
    let body = key.strip_suffix('分').unwrap_or(&key);
    let body = body.trim_end_matches(|ch: char| ch.is_ascii_digit() || ch == '.');
    if body.len() < key.len() && body.ends_with("指标") {
        return body.to_string();
    }
    c.text.clone()
}

/// A row of indicator column titles (一级指标 among them).
fn is_indicator_title_row(cells: &[RowCell]) -> bool {
    let titles: Vec<Option<EvalCol>> = cells
        .iter()
        .map(|c| lookup(INDICATOR_COLUMNS, c.key()))
        .collect();
    titles.contains(&Some(EvalCol::Level1)) && titles.iter().all(Option::is_some)
}

/// Whether a section with these label keys is a self-evaluation table.
pub fn is_self_evaluation(keys: &[&str]) -> bool {
    use crate::domain::layouts::SELF_EVALUATION_LABELS;
    // The labels in a set, and their first characters: most keys start
    // with none of them (a key's variants share its first character).
    static LABELS: std::sync::LazyLock<(
        rustc_hash::FxHashSet<&'static str>,
        super::labels::CharSet,
    )> = std::sync::LazyLock::new(|| {
        (
            SELF_EVALUATION_LABELS.iter().copied().collect(),
            SELF_EVALUATION_LABELS
                .iter()
                .filter_map(|l| l.chars().next())
                .collect(),
        )
    });
    let (labels, firsts) = &*LABELS;
    keys.iter().any(|k| {
        k.chars().next().is_some_and(|c| firsts.contains(c))
            && chars_at_most(k, MAX_LABEL_CHARS)
            && variants(k).any(|v| labels.contains(v))
    })
}
