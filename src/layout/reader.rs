//! Reads the rows of one project table (a section) with its layout into
//! project parts. Every row is put back by what it holds, not where it
//! stands: header labels pair with the value cell after them (or, for a row
//! of labels alone, with the row below), indicator rows are read as
//! [level 1] [level 2] name, then the roles of the column titles; a row that
//! omits its levels inherits them from the row above.
//!
//! Each row fed in is counted placed (it filled a field or an indicator) or
//! warned (a warning names it); each cell read gets a [`CellMark`].

use super::indicator::{align, align_by_column, clean_name, is_printed_unit, op_cell, weight};
use super::labels::{
    column_role, header_field, is_column_title_keys, is_cost, is_cost_child, is_level1,
    level2_parent, looks_like_category, period_block, strip_score, unit_in_label,
};
use super::numbered::{self, Level2Cell, Numbered};
use super::part::{Duty, PartIndicator, ProjectPart, RowTally};
use crate::diag::Code;
use crate::diag::Diagnostics;
use crate::domain::layouts::{
    Block, DutySlot, Field, FundsLabel, Layout, Period, Role, Serialized, Slot,
};
use crate::domain::{BROAD_LEVEL1, LEVEL1, LEVEL2};
use crate::model::{CellMark, CellRole};
use crate::normalize::text::label_key;
use crate::normalize::value::{self, ValueKind};

/// An OCR'd value read below this confidence is flagged.
pub const LOW_OCR_CONFIDENCE: f32 = 0.8;

/// A flat row's leading cells, told apart by [`Reader::lead_cells`]: by
/// content first (web copies drop empty cells, so columns shift: a
/// `code-name` cell is the unit, a plain amount the budget), then by the
/// column titles, then by order (the first text the name, the next the
/// goal).
struct LeadCells<'r> {
    unit: Option<&'r RowCell>,
    name: Option<&'r RowCell>,
    amount: Option<&'r RowCell>,
    goal: Option<&'r RowCell>,
    /// Unit or project codes (201056) in columns of their own.
    codes: Vec<&'r RowCell>,
    /// Amounts under titled funds columns (资金总额 | 一般公共预算 | 基本支出 |
    /// 项目支出), each to its own slot.
    funds: Vec<(Field, &'r RowCell)>,
    /// A department table's unit cell (单位名称).
    dept_unit: Option<&'r RowCell>,
}

/// A non-empty cell after cleanup, with its label key (empty when the cell
/// is too long to be a label) and where it stands.
#[derive(Debug, Clone)]
pub struct RowCell {
    pub col: u32,
    pub text: String,
    /// The label key (see [`RowCell::key`]).
    key: Key,
    pub ocr_confidence: Option<f32>,
    /// OCR confusions repaired in `text` (cells read by OCR only); each
    /// becomes an `ocr_repaired` warning where the cell is read.
    pub ocr_repairs: Diagnostics,
}

impl RowCell {
    /// A cell made from a line of text (no grid position, not read by OCR).
    pub fn from_text(text: &str) -> Self {
        RowCell {
            col: 0,
            text: text.to_string(),
            key: Key::Own(crate::normalize::text::label_key(text)),
            ocr_confidence: None,
            ocr_repairs: Diagnostics::new(),
        }
    }
}

/// Where a cell's label key is: most cells' keys are their text (every
/// character one `label_key` keeps), held once; a long cell has none.
#[derive(Debug, Clone)]
pub enum Key {
    /// The key is the cell's text.
    Text,
    /// The key differs from the text.
    Own(String),
    /// Too long to be a label: the empty key.
    None,
}

impl RowCell {
    /// A grid cell cleaned by `clean` to `text`, with its key.
    pub fn new(
        col: u32,
        text: String,
        key: Key,
        ocr_confidence: Option<f32>,
        ocr_repairs: Diagnostics,
    ) -> Self {
        RowCell {
            col,
            text,
            key,
            ocr_confidence,
            ocr_repairs,
        }
    }

    /// The label key: the text cleaned, without whitespace, full-width
    /// punctuation folded; empty when the cell is too long to be a label.
    #[inline]
    pub fn key(&self) -> &str {
        match &self.key {
            Key::Text => &self.text,
            Key::Own(k) => k,
            Key::None => "",
        }
    }
}

/// One table row as the reader gets it.
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<RowCell>,
    pub page: Option<u32>,
    pub line: Option<u32>,
    /// Index of the grid among the document's tables, and the row in it.
    pub table: usize,
    pub grid_row: u32,
    /// A line of text read as a row (a period block heading a grid reader
    /// gave as a line): it has no cell on a grid to mark.
    pub from_line: bool,
    /// Columns of the row's own cells that are empty (a cell covered by a
    /// span from above is not the row's own).
    pub empty_cols: Vec<u32>,
    /// Columns of the row's grid (0 for a line read as a row).
    pub grid_cols: u32,
    /// Of `empty_cols`, those whose empty cell reaches down to the grid's
    /// last row (merged over several rows, or the last row's own).
    pub empty_foot_cols: Vec<u32>,
    /// Columns covered by a cell spanning down from a row above.
    pub covered_cols: Vec<u32>,
}

/// Column positions and roles from the column-title row.
#[derive(Debug, Clone, Default)]
struct Columns {
    /// (column, role, group) in column order.
    roles: Vec<(u32, Role, usize)>,
    /// Project columns of a flat export (单位名称, 项目名称, 预算数, 年度目标).
    project: Vec<(u32, Field)>,
    /// The roles come from a column-title row of the grid (not the layout's
    /// default order), so a cell's column tells its role.
    titled: bool,
    /// Columns of the grid the titles were read from.
    width: u32,
}

impl Columns {
    fn from_roles(roles: &[Role]) -> Self {
        let mut out = Columns::default();
        let mut group = 0;
        let mut seen_name = false;
        for (i, &r) in roles.iter().enumerate() {
            if matches!(r, Role::Level1 | Role::Level2) && seen_name {
                group += 1;
                seen_name = false;
            }
            seen_name |= r == Role::Name;
            out.roles.push((i as u32, r, group));
        }
        out
    }

    /// The column of the first level (一级指标) column title, if titled.
    fn first_level_col(&self) -> Option<u32> {
        self.roles
            .iter()
            .find(|(_, r, _)| matches!(r, Role::Level1 | Role::Level2 | Role::Fused))
            .map(|&(col, _, _)| col)
    }

    fn groups(&self) -> usize {
        self.roles.last().map_or(1, |r| r.2 + 1)
    }

    /// Columns of the roles after the name in `group` ([`Columns::tail`]'s
    /// order); None when the columns are not titled in the grid.
    fn tail_cols(&self, group: usize) -> Option<Vec<u32>> {
        if !self.titled {
            return None;
        }
        let mut after_name = false;
        let mut out = Vec::new();
        for &(col, r, g) in &self.roles {
            if g != group {
                continue;
            }
            if after_name {
                out.push(col);
            }
            after_name |= matches!(r, Role::Name | Role::Fused);
        }
        (!out.is_empty()).then_some(out)
    }

    /// Roles after the name in `group`, in order.
    fn tail(&self, group: usize) -> Vec<Role> {
        let mut after_name = false;
        let mut out = Vec::new();
        for &(_, r, g) in &self.roles {
            if g != group {
                continue;
            }
            if after_name {
                out.push(r);
            }
            after_name |= matches!(r, Role::Name | Role::Fused);
        }
        if out.is_empty() {
            vec![Role::Value]
        } else {
            out
        }
    }

    fn role_at(&self, col: u32) -> Option<(Role, usize)> {
        self.roles
            .iter()
            .find(|(c, _, _)| *c == col)
            .map(|&(_, r, g)| (r, g))
    }

    /// The group whose columns start at or before `col` (side-by-side tables).
    fn group_at(&self, col: u32) -> usize {
        self.roles
            .iter()
            .filter(|(c, _, _)| *c <= col)
            .map(|&(_, _, g)| g)
            .max()
            .unwrap_or(0)
    }
}

/// What the reader knows when a section starts.
#[derive(Debug, Clone, Default)]
pub struct Start {
    pub year: Option<i32>,
    pub unit: Option<String>,
    pub unit_name: Option<String>,
    pub page: Option<u32>,
    pub line: Option<u32>,
}

/// The columns of a duty row: its first cell's, and the others'.
#[derive(Debug, Clone)]
struct DutyRow {
    first_col: u32,
    other_cols: Vec<u32>,
}

/// Reads one section's rows into parts.
pub struct Reader {
    layout: &'static Layout,
    start: Start,
    part: Option<ProjectPart>,
    done: Vec<ProjectPart>,
    rows: u32,
    in_indicators: bool,
    in_duties: bool,
    duty_cols: Vec<(u32, DutySlot)>,
    /// A flat project was opened from its goal alone (its name prints on
    /// the next page).
    nameless_flat_part: bool,
    /// The row being read is the first of its grid (a page's table).
    first_row_of_table: bool,
    /// The row being read is on a grid whose columns the titles describe.
    on_titled_grid: bool,
    /// The row being read comes from a PDF page (its columns are printed).
    pdf_row: bool,
    /// The column of a serialized indicator cell ([`Layout::serialized`]).
    serial_col: Option<u32>,
    /// Indicators from this index on wait for a level-2 label printed on
    /// the next page ([`Reader::empty_level2_cell`]).
    level2_pending: Option<usize>,
    /// The grid of the last row read (a new one is the next page's table).
    last_table: Option<usize>,
    /// On a grid the titles do not describe (a page's table narrower than
    /// the titled one): the grid and the column its level-2 labels are in.
    untitled_level2_col: Option<(usize, u32)>,
    /// Side-by-side funds columns open in this table: (grid column, index
    /// into the layout's `column_funds`).
    funds_columns: Vec<(u32, usize)>,
    /// 总额 | 财政拨款 | 其他资金 under the duties' 预算金额.
    duty_funds_cols: Vec<(u32, Slot)>,
    columns: Columns,
    period: Option<Period>,
    fund_block: Option<Block>,
    /// Labels of a row that held labels only; the next row holds their values.
    pending_labels: Vec<(u32, Field)>,
    cur_l1: Option<String>,
    cur_l2: Vec<Option<String>>,
    /// Flat exports: the unit whose projects follow.
    cur_unit: Option<String>,
    /// Where the last duty row's cells stood (see
    /// [`Reader::duty_name_goes_on`]).
    last_duty_row: Option<DutyRow>,
    /// Header fields other than the project name that were filled.
    fields: usize,
    /// A numbering prefix removed from a name was told for this part.
    numbering_told: bool,
    /// The part's indicators as read, for the level-2 groups their
    /// numbering tells ([`numbered::regroup`]).
    numbered: Vec<Numbered>,
    /// The amount unit a label of this table gives (`资金金额（万元）`).
    unit_in_table: Option<String>,
    /// A row of ；-joined indicators split in this part was told.
    split_told: bool,
    /// The text header value that ended the last header row read, where it
    /// was printed: a page break may cut it ([`Reader::header_value_cut`]).
    last_header_value: Option<HeaderValue>,
    pub tally: RowTally,
    pub marks: Vec<CellMark>,
    pub notes: Diagnostics,
}

/// A text header value as read, with the grid column and page it was on.
struct HeaderValue {
    field: Field,
    col: u32,
    page: Option<u32>,
    text: String,
}

/// What one row did.
enum Outcome {
    Placed,
    Warned,
}

impl Reader {
    /// A flat table that goes on from the page before, where its last
    /// rows were `unit`'s projects (see [`Finished::unit`]).
    pub fn go_on_under_unit(&mut self, unit: String) {
        self.cur_unit = Some(unit);
    }

    pub fn new(layout: &'static Layout, start: Start) -> Self {
        let columns = Columns::from_roles(layout.default_columns);
        let cur_unit = start.unit_name.clone();
        let mut r = Reader {
            layout,
            start,
            part: None,
            done: Vec::new(),
            rows: 0,
            in_indicators: false,
            in_duties: false,
            duty_cols: Vec::new(),
            duty_funds_cols: Vec::new(),
            funds_columns: Vec::new(),
            last_table: None,
            untitled_level2_col: None,
            level2_pending: None,
            serial_col: None,
            pdf_row: false,
            on_titled_grid: false,
            first_row_of_table: false,
            nameless_flat_part: false,
            cur_l2: vec![None; columns.groups()],
            columns,
            period: None,
            fund_block: None,
            pending_labels: Vec::new(),
            cur_l1: None,
            cur_unit,
            last_duty_row: None,
            fields: 0,
            numbering_told: false,
            numbered: Vec::new(),
            split_told: false,
            last_header_value: None,
            unit_in_table: None,
            tally: RowTally::default(),
            marks: Vec::new(),
            notes: Diagnostics::new(),
        };
        if !layout.flat {
            r.open_part();
        }
        r
    }

    /// The open part is read: its level-2 groups settled, it is done.
    fn close_part(&mut self) {
        self.settle_level2_pending();
        let numbered = std::mem::take(&mut self.numbered);
        if let Some(mut p) = self.part.take() {
            numbered::regroup(&mut p.indicators, &numbered);
            self.done.push(p);
        }
    }

    fn open_part(&mut self) {
        self.close_part();
        let mut p = ProjectPart::new(self.layout);
        p.year = self.start.year;
        p.amount_unit = self
            .unit_in_table
            .clone()
            .or_else(|| self.start.unit.clone());
        p.page = self.start.page;
        p.line = self.start.line;
        p.header.unit_name = self.cur_unit.clone();
        self.part = Some(p);
        self.cur_l1 = None;
        self.cur_l2 = vec![None; self.columns.groups()];
        self.numbering_told = false;
        self.split_told = false;
    }

    /// A unit printed in a label of the table (`资金金额（万元）`): the first
    /// one wins over a unit line above the table, which may belong to the
    /// table before it (`单位：元` over a 部门预算's previous table).
    fn table_unit(&mut self, u: String) {
        if self.unit_in_table.is_none() {
            self.unit_in_table = Some(u.clone());
            self.part().amount_unit = Some(u);
        } else {
            self.part().amount_unit.get_or_insert(u);
        }
    }

    fn part(&mut self) -> &mut ProjectPart {
        if self.part.is_none() {
            self.open_part();
        }
        self.part.as_mut().expect("opened above")
    }

    fn warn(&mut self, code: Code, field: &str, message: impl Into<String>) {
        self.part().warnings.warn(code, field, message);
    }

    fn mark(&mut self, row: &Row, cell: &RowCell, role: CellRole) {
        if row.from_line {
            return;
        }
        self.marks.push(CellMark {
            table: row.table,
            row: row.grid_row,
            col: cell.col,
            role,
        });
    }

    /// Feeds one non-empty row and counts it.
    pub fn feed(&mut self, row: &Row) {
        self.rows += 1;
        match self.row(row) {
            Outcome::Placed => self.tally.rows_placed += 1,
            Outcome::Warned => self.tally.rows_warned += 1,
        }
        self.tally.rows_in += 1;
    }

    fn row(&mut self, row: &Row) -> Outcome {
        self.pdf_row = row.page.is_some();
        // Column positions hold for the grid the titles were read from and
        // for grids as wide (the next page's part of the same table).
        self.on_titled_grid = self.columns.titled && row.grid_cols == self.columns.width;
        let first_of_table = self.last_table != Some(row.table);
        self.last_table = Some(row.table);
        self.first_row_of_table = first_of_table;
        if !self.on_titled_grid
            && let Some(c) = row.cells.iter().find(|c| level2_parent(c.key()).is_some())
        {
            self.untitled_level2_col = Some((row.table, c.col));
        }
        if !first_of_table {
            self.empty_level2_cell(row);
        }
        let out = self.read_row(row);
        if first_of_table {
            self.fill_level2_from_next_page(row);
        }
        out
    }

    /// The grid column of group `group`'s level-2 cells on `row`'s grid: by
    /// the column titles on a grid they describe; on a narrower grid the
    /// titles do not describe, the column this grid printed its level-2
    /// labels in (one group only).
    fn level2_col(&self, row: &Row, group: usize) -> Option<u32> {
        if self.on_titled_grid {
            self.columns
                .roles
                .iter()
                .find(|(_, r, g)| *r == Role::Level2 && *g == group)
                .map(|p| p.0)
        } else {
            self.untitled_level2_col
                .filter(|(t, _)| *t == row.table && group == 0)
                .map(|p| p.1)
        }
    }

    /// What a row's level-2 cell of `group` holds: a label, nothing (its
    /// own empty cell), or a span from above; unknown where the row's
    /// columns are not known (text read as rows, a grid with no level-2
    /// column found).
    fn level2_cell(&self, row: &Row, group: usize, printed: bool) -> Level2Cell {
        if printed {
            return Level2Cell::Printed;
        }
        let col = if row.grid_cols == 0 {
            None
        } else {
            self.level2_col(row, group)
        };
        // A column no cell of the row stands in and no span covers is
        // empty too (grids that keep no empty cells, such as HTML's).
        match col {
            None => Level2Cell::Unknown,
            Some(c) if row.covered_cols.contains(&c) => Level2Cell::Covered,
            Some(c) if row.cells.iter().any(|x| x.col == c) => Level2Cell::Unknown,
            Some(_) => Level2Cell::Empty,
        }
    }

    /// Mid-table, on a PDF page, a row whose level-2 cell is its own, empty
    /// and reaches down to the foot of the page starts a category whose
    /// label is printed elsewhere (centred in
    /// a merged cell that a page break cuts, its label on the next page): it
    /// does not inherit the label above; the next page's label fills it.
    ///
    /// On a grid the titles do not describe (narrower: its first columns
    /// ran down the page with no rule across them), the level-2 column is
    /// the one this grid printed its level-2 labels in, and the level-1
    /// cell, not on this grid, goes on.
    fn empty_level2_cell(&mut self, row: &Row) {
        if !self.pdf_row || !self.in_indicators || self.part.is_none() {
            return;
        }
        let Some(col) = self.level2_col(row, 0) else {
            return;
        };
        // A merged empty cell (`[2v4]`): one category over its rows. Empty
        // cells of one row each beside a label in the middle are not.
        // The level-1 cell goes on from above (covered by its span, not an
        // empty cell of this row: a rule drawn across every column is no
        // new category), or is an empty cell merged down to the foot of the
        // page too (a new level 1 whose label the next page prints as well:
        // 西安's 满意度指标 | 服务对象满意度指标 under the last 效益指标 rows).
        let l1_covered = !self.on_titled_grid
            || self
                .columns
                .roles
                .iter()
                .find(|(_, r, g)| *r == Role::Level1 && *g == 0)
                .is_some_and(|&(c1, _, _)| {
                    let covered =
                        !row.empty_cols.contains(&c1) && !row.cells.iter().any(|c| c.col == c1);
                    covered || row.empty_foot_cols.contains(&c1)
                });
        if l1_covered
            && row.empty_foot_cols.contains(&col)
            && !row.cells.iter().any(|c| c.col < col)
        {
            self.settle_level2_pending();
            self.cur_l2[0] = None;
            let from = self.part.as_ref().map_or(0, |p| p.indicators.len());
            self.level2_pending = Some(from);
        }
    }

    /// The first row of the next page's table prints the level-2 label the
    /// rows above were waiting for (see [`Reader::empty_level2_cell`]).
    fn fill_level2_from_next_page(&mut self, row: &Row) {
        let Some(from) = self.level2_pending else {
            return;
        };
        let col = self
            .columns
            .roles
            .iter()
            .find(|(_, r, g)| *r == Role::Level2 && *g == 0)
            .map(|p| p.0);
        // On a grid the titles do not describe, the row's level-2 label
        // wherever it stands.
        let col = col.filter(|_| self.on_titled_grid);
        let label = row
            .cells
            .iter()
            .find(|c| col.is_none_or(|col| c.col == col) && level2_parent(c.key()).is_some())
            .map(|c| c.text.clone());
        let Some(label) = label else {
            self.settle_level2_pending();
            return;
        };
        self.level2_pending = None;
        let line_no = self.rows;
        let filled = self.give_level2(from, &label);
        numbered::told_from(&mut self.numbered, from);
        if filled > 0 {
            let msg = format!(
                "row {line_no}: level 2 {label}, printed on the next page of its merged cell, given to the {filled} row(s) above it cut by the page break"
            );
            self.warn(Code::LabelRepaired, "indicators", msg);
        }
    }

    /// `label` as the level 2 of the part's indicators from `from` on that
    /// have none; how many took it.
    /// A row whose level 1 the hierarchy puts elsewhere (满意度指标 for
    /// 服务对象满意度指标, its level-1 cell cut by the page break too) takes
    /// the label's parent, told (`level_inferred`).
    fn give_level2(&mut self, from: usize, label: &str) -> usize {
        let Some(p) = self.part.as_mut() else {
            return 0;
        };
        let mut given = 0;
        let mut moved: Vec<(u32, String, &'static str)> = Vec::new();
        for ind in p.indicators.iter_mut().skip(from) {
            if ind.level2.is_none() {
                ind.level2 = Some(label.to_string());
                given += 1;
                if let Some(l1) = ind.level1.clone()
                    && let Some(parent) = other_parent(Some(&l1), label)
                {
                    ind.level1 = Some(parent.to_string());
                    moved.push((ind.row, l1, parent));
                }
            }
        }
        if let (Some(first), Some(last)) = (moved.first(), moved.last()) {
            let msg = format!(
                "rows {}-{}: level1 set to {} as the parent of {label} (was {})",
                first.0, last.0, first.2, first.1
            );
            self.warn(Code::LevelInferred, "indicators", msg);
        }
        given
    }

    /// No label came for the rows after an empty level-2 cell at the foot
    /// of a page (blank on this page and the next): the label above is
    /// another cell's, so they are left with no level 2, which merge flags
    /// on each (`missing_level`), as it does the next page's rows of the
    /// same blank cell.
    fn settle_level2_pending(&mut self) {
        self.level2_pending = None;
    }

    fn read_row(&mut self, row: &Row) -> Outcome {
        let first_of_table = self.first_row_of_table;
        if first_of_table && let Some(o) = self.page_break_fragment(row) {
            return o;
        }
        let first = row.cells[0].key();
        if let Some(p) = period_block(first) {
            self.period = Some(p);
            self.in_indicators = true;
            self.mark(row, &row.cells[0], CellRole::HeaderLabel);
            if row.cells.len() == 1 {
                return Outcome::Placed;
            }
        }
        if is_column_title_keys(row.cells.iter().map(|c| c.key())) {
            self.column_titles(row);
            return Outcome::Placed;
        }
        if let Some(ser) = self.layout.serialized {
            return self.serialized_row(row, ser);
        }
        if self.flat_sub_header(row) {
            return Outcome::Placed;
        }
        if self.name_wrapped_under_value(row) {
            return Outcome::Placed;
        }
        // The first cell's field, looked up once for the rules below.
        let first_field = header_field(Some(self.layout), first);
        // A text field's label (年度总体目标 after the duties sub-table) ends
        // the duties: the rows after it go on with that field.
        if first_field.is_some_and(|f| f.is_text()) {
            self.in_duties = false;
        }
        if self.in_duties && !self.in_indicators && first_field.is_none() {
            return self.duty_row(row);
        }
        let first_is_level = is_level1(first)
            || level2_parent(first).is_some()
            || strip_score(first).is_some_and(|(k, _)| is_level1(k));
        // 绩效指标 | 产出指标 | …: a set-aside section label before the first
        // category also starts the indicators.
        let set_aside_then_level = first_field == Some(Field::Ignored)
            && row
                .cells
                .get(1)
                .is_some_and(|c| is_level1(c.key()) || level2_parent(c.key()).is_some());
        if !self.in_indicators && (first_is_level || set_aside_then_level) {
            // Indicator rows with no column-title row before them.
            self.in_indicators = true;
        }
        if self.in_indicators {
            let field = first_field;
            if field.is_some_and(|f| f != Field::Ignored) && !first_is_level {
                return self.header_row(row);
            }
            // A set-aside label with at most its text and no category after
            // it (备注 under the indicators): not an indicator.
            let next_is_category = row.cells.get(1).is_some_and(|c| {
                self.is_category(c, Role::Level1) || self.is_category(c, Role::Level2)
            });
            if field == Some(Field::Ignored)
                && !first_is_level
                && row.cells.len() <= MAX_SET_ASIDE_CELLS
                && !next_is_category
            {
                return self.header_row(row);
            }
            self.indicator_row(row)
        } else {
            self.header_row(row)
        }
    }

    /// A row of a flat table whose indicators are serialized in one cell
    /// ([`Layout::serialized`]): the label row gives the columns; a row
    /// naming a project gives its header and its indicators; a total or
    /// unit row (no goal, no indicators) is no project.
    fn serialized_row(&mut self, row: &Row, ser: &'static Serialized) -> Outcome {
        let is_title = |k: &str| super::labels::matches(ser.column, k);
        // The label row (repeated on every page): it holds the serialized
        // column's title; a label no family knows (财政专户拨款) names a
        // column with no record key.
        if let Some(title) = row.cells.iter().find(|c| is_title(c.key()))
            && row
                .cells
                .iter()
                .filter(|c| header_field(Some(self.layout), c.key()).is_some())
                .count()
                >= 2
        {
            self.serial_col = Some(title.col);
            self.columns.project = row
                .cells
                .iter()
                .filter_map(|c| header_field(Some(self.layout), c.key()).map(|f| (c.col, f)))
                .collect();
            self.in_indicators = true;
            for c in &row.cells {
                self.mark(row, c, CellRole::HeaderLabel);
            }
            return Outcome::Placed;
        }
        let field_at = |col: u32| {
            self.columns
                .project
                .iter()
                .find(|(c, _)| *c == col)
                .map(|p| p.1)
        };
        let mut name = None;
        let mut goal = None;
        let mut serial = None;
        let mut funds = Vec::new();
        let mut stray = Vec::new();
        for c in &row.cells {
            if Some(c.col) == self.serial_col {
                serial = Some(c);
                continue;
            }
            match field_at(c.col) {
                Some(Field::ProjectName) => name = Some(c),
                Some(Field::AnnualGoal) => goal = Some(c),
                Some(f @ Field::Funds(_)) => funds.push((f, c)),
                _ => stray.push(c),
            }
        }
        let Some(n) = name else {
            return self.unplaced_row(row, "a row of the serialized table with no project name");
        };
        // `合计 | 86,246.64` or `某某局 | 16,926.32`: a total or a unit row.
        if goal.is_none() && serial.is_none() {
            if !crate::domain::TOTAL_ROW_NAMES.contains(&n.key()) {
                self.cur_unit = Some(n.text.clone());
            }
            self.subtotal_row(row);
            return Outcome::Warned;
        }
        self.open_part();
        self.mark(row, n, CellRole::HeaderValue);
        self.assign(Field::ProjectName, &n.text, n);
        self.flat_funds_and_goal(row, None, funds, goal);
        for c in stray {
            self.mark(row, c, CellRole::Unplaced);
            let msg = format!("row {}: cell with no label: {}", self.rows, c.text);
            self.warn(Code::UnplacedCell, "", msg);
        }
        if let Some(c) = serial {
            self.mark(row, c, CellRole::Value);
            self.serialized_indicators(row, &c.text, ser);
        }
        Outcome::Placed
    }

    /// The indicators of one serialized cell: items numbered `1、`, `2、` …,
    /// each `level 1；level 2；name；label:value；label:value`, the level
    /// codes (`1-`, `11-`) dropped; one indicator per value, in its period.
    fn serialized_indicators(&mut self, row: &Row, text: &str, ser: &Serialized) {
        let line_no = self.rows;
        for item in serialized_items(text) {
            let parts: Vec<&str> = item
                .split(ser.parts)
                .map(|p| p.trim().trim_end_matches('。').trim())
                .filter(|p| !p.is_empty())
                .collect();
            // The parts before the first value label are the levels and
            // the name; each value runs from its label to the next one (a
            // value may hold ；itself: 一级事件≤1小时；二级事件≤2小时).
            let first_value = parts
                .iter()
                .position(|p| serialized_value(ser, p).is_some())
                .unwrap_or(parts.len());
            let heads = &parts[..first_value];
            let mut values: Vec<(Period, String)> = Vec::new();
            for p in &parts[first_value..] {
                match (serialized_value(ser, p), values.last_mut()) {
                    (Some((period, v)), _) => values.push((period, v.to_string())),
                    (None, Some((_, v))) => {
                        v.push('；');
                        v.push_str(p);
                    }
                    (None, None) => {}
                }
            }
            if heads.len() < 3 || values.is_empty() {
                let msg = format!(
                    "row {line_no}: an indicator item not read (levels, name and a value expected): {item}"
                );
                self.warn(Code::UnplacedCell, "indicators", msg);
                continue;
            }
            let l1 = drop_level_code(heads[0]).to_string();
            let l2 = drop_level_code(heads[1]).to_string();
            let (name, core, _) = clean_name(&heads[2..].join("；"));
            for (period, raw) in values {
                let (value, repairs) = value::parse_cleaned(&raw);
                let mut warnings = Diagnostics::new();
                for r in repairs {
                    warnings.warn(r.code, "value", r.message);
                }
                let ind = PartIndicator {
                    level1: Some(l1.clone()),
                    level2: Some(l2.clone()),
                    name: name.clone(),
                    period,
                    core,
                    weight: None,
                    direction: None,
                    explanation: None,
                    value,
                    page: row.page,
                    row: line_no,
                    ocr_confidence: None,
                    warnings,
                };
                self.part().indicators.push(ind);
            }
        }
    }

    /// A total or unit row of a flat table (`合计 | 270.00`): no project,
    /// one note quoting it.
    fn subtotal_row(&mut self, row: &Row) {
        let text = joined(row);
        self.notes.note(
            Code::SubtotalRow,
            format!("row {}: a subtotal row, not a project: {text}", self.rows),
        );
        for c in &row.cells {
            self.mark(row, c, CellRole::Unplaced);
        }
    }

    /// A row no rule reads: its cells unplaced, one warning.
    fn unplaced_row(&mut self, row: &Row, why: &str) -> Outcome {
        for c in &row.cells {
            self.mark(row, c, CellRole::Unplaced);
        }
        let msg = format!("row {}: {why}: {}", self.rows, joined(row));
        self.warn(Code::UnplacedCell, "", msg);
        Outcome::Warned
    }

    /// A flat table's second header row under the column titles, labels
    /// only, all left of the level columns (项目总额 | 其中： over 财政资金 |
    /// 其他资金): its labels join the project columns.
    fn flat_sub_header(&mut self, row: &Row) -> bool {
        if !self.layout.flat || !self.on_titled_grid || self.part.is_some() {
            return false;
        }
        let Some(first_level) = self.columns.first_level_col() else {
            return false;
        };
        let labels: Option<Vec<(u32, Field)>> = row
            .cells
            .iter()
            .map(|c| {
                (c.col < first_level)
                    .then(|| header_field(Some(self.layout), c.key()))
                    .flatten()
                    .map(|f| (c.col, f))
            })
            .collect();
        let Some(labels) = labels else {
            return false;
        };
        for c in &row.cells {
            self.mark(row, c, CellRole::HeaderLabel);
        }
        merge_labels(&mut self.columns.project, labels);
        true
    }

    /// A row holding one cell, in the name column, whose value column is
    /// covered by the value cell of the row above (no cell of its own, not
    /// even an empty one): the rest of that indicator's name, wrapped into
    /// a grid row of its own (`…治污减霾工` | `作` beside one merged value).
    fn name_wrapped_under_value(&mut self, row: &Row) -> bool {
        if !self.in_indicators || row.page.is_none() || row.cells.len() != 1 || !self.on_titled_grid
        {
            return false;
        }
        let c = &row.cells[0];
        if self.columns.role_at(c.col).map(|r| r.0) != Some(Role::Name) {
            return false;
        }
        let value_cols: Vec<u32> = self
            .columns
            .roles
            .iter()
            .filter(|(_, r, _)| *r == Role::Value)
            .map(|&(col, _, _)| col)
            .collect();
        let covered =
            !value_cols.is_empty() && value_cols.iter().all(|v| !row.empty_cols.contains(v));
        if !covered {
            return false;
        }
        let Some(ind) = self.part.as_mut().and_then(|p| p.indicators.last_mut()) else {
            return false;
        };
        ind.name.push_str(&c.text);
        self.mark(row, c, CellRole::Name);
        true
    }

    /// A cell in a [`Role::Fused`] column (产出指标质量指标来信扫描完成率) as
    /// three cells, level 1, level 2 and name, parted by the hierarchy's
    /// labels (longest first); None when the row has no such cell or it
    /// does not start with a level-1 label.
    fn split_fused_levels(&self, cells: &[RowCell]) -> Option<Vec<RowCell>> {
        let i = cells
            .iter()
            .position(|c| self.columns.role_at(c.col).map(|r| r.0) == Some(Role::Fused))?;
        let text = cells[i].text.as_str();
        let longest =
            |t: &str, labels: &mut dyn Iterator<Item = &'static str>| -> Option<&'static str> {
                labels.filter(|l| t.starts_with(l)).max_by_key(|l| l.len())
            };
        let l1 = longest(text, &mut LEVEL1.iter().copied())?;
        let rest = &text[l1.len()..];
        let l2 = longest(rest, &mut LEVEL2.iter().map(|&(l, _)| l));
        let rest = l2.map_or(rest, |l| &rest[l.len()..]);
        if rest.trim().is_empty() {
            return None;
        }
        let mut out = cells[..i].to_vec();
        let col = cells[i].col;
        for part in [Some(l1), l2, Some(rest.trim())].into_iter().flatten() {
            let mut c = RowCell::from_text(part);
            c.col = col;
            out.push(c);
        }
        out.extend_from_slice(&cells[i + 1..]);
        Some(out)
    }

    /// The first row of a page's table holding one cell that is no label
    /// or category, under the indicators: the rest of the last indicator's
    /// name or value, cut by the page break (PDF only). Joined to it, flagged.
    fn page_break_fragment(&mut self, row: &Row) -> Option<Outcome> {
        if row.page.is_none() || row.cells.len() != 1 || !self.in_indicators {
            return None;
        }
        let c = &row.cells[0];
        if is_level1(c.key())
            || level2_parent(c.key()).is_some()
            || header_field(Some(self.layout), c.key()).is_some()
            || column_role(c.key()).is_some()
        {
            return None;
        }
        let role = self.columns.role_at(c.col).map(|r| r.0)?;
        let line_no = self.rows;
        let ind = self.part.as_mut()?.indicators.last_mut()?;
        let at = match role {
            Role::Name => {
                ind.name.push_str(&c.text);
                "name"
            }
            Role::Value => {
                let raw = format!("{}{}", ind.value.raw, c.text);
                ind.value = value::parse_cleaned(&raw).0;
                "value"
            }
            _ => return None,
        };
        ind.warnings.warn(Code::LabelRepaired, at, format!(
                "row {line_no}: {} at the head of the next page is the rest of this {at}, cut by the page break",
                c.text
            ));
        self.mark(row, c, CellRole::Warned);
        Some(Outcome::Placed)
    }

    /// The row holding 一级指标: column positions and roles, and for flat
    /// exports the project columns before them.
    fn column_titles(&mut self, row: &Row) {
        self.in_indicators = true;
        self.in_duties = false;
        let mut roles = Vec::new();
        let mut project = Vec::new();
        let mut group = 0;
        let mut seen_name = false;
        let has_levels = row
            .cells
            .iter()
            .any(|c| matches!(column_role(c.key()), Some(Role::Level1 | Role::Level2)));
        for c in &row.cells {
            let fused =
                !has_levels && crate::domain::layouts::FUSED_LEVEL_TITLES.contains(&c.key());
            if let Some(r) = column_role(c.key()).or(fused.then_some(Role::Fused)) {
                if matches!(r, Role::Level1 | Role::Level2 | Role::Fused) && seen_name {
                    group += 1;
                    seen_name = false;
                }
                seen_name |= matches!(r, Role::Name | Role::Fused);
                roles.push((c.col, r, group));
                self.mark(row, c, CellRole::HeaderLabel);
            } else if let Some(f) = header_field(Some(self.layout), c.key()) {
                if let Some(u) = unit_in_label(c.key()).map(str::to_string) {
                    self.table_unit(u);
                }
                project.push((c.col, f));
                self.mark(row, c, CellRole::HeaderLabel);
            } else if let Some((k, removed)) = strip_score(c.key())
                && header_field(Some(self.layout), k).is_some()
            {
                // `年度绩效目标(90分)` heading the indicator block.
                let _ = removed;
                self.mark(row, c, CellRole::HeaderLabel);
            } else {
                self.mark(row, c, CellRole::Unplaced);
            }
        }
        // A two-row header: the project labels on the row above (单位（项目）
        // 名称 | 资金总额 | 绩效目标 over merged cells), their values below.
        // A header of three rows (长沙 部门整体): the labels above and those
        // of this row together, by column.
        if self.layout.flat && !self.pending_labels.is_empty() {
            let mut above = std::mem::take(&mut self.pending_labels);
            merge_labels(&mut above, project);
            project = above;
        }
        if !roles.is_empty() {
            self.columns = Columns {
                titled: true,
                width: row.grid_cols,
                roles,
                project: if project.is_empty() {
                    std::mem::take(&mut self.columns.project)
                } else {
                    project
                },
            };
            let groups = self.columns.groups();
            self.cur_l2.resize(groups, None);
        }
    }

    /// A header row: labels pair with the value cell after them.
    /// One cell alone in a header row, in the column of the text value that
    /// ended the last header row, and no label: the rest of that value. A
    /// grid splits a tall value cell into rows (西安's 年度总体目标 over two
    /// rows), and a page break cuts one (`项目名称 | …提升补助资`, then `金`
    /// at the head of the next page: flagged `label_repaired`).
    fn header_value_cut(&mut self, row: &Row) -> Option<Outcome> {
        let [c] = row.cells.as_slice() else {
            return None;
        };
        let last = self.last_header_value.as_ref()?;
        if c.col != last.col
            || header_field(Some(self.layout), c.key()).is_some()
            || super::labels::is_any_label(c.key())
        {
            return None;
        }
        let mut last = self.last_header_value.take()?;
        let later_page = matches!((row.page, last.page), (Some(p), Some(q)) if p > q);
        last.text = crate::normalize::text::join_broken(&last.text, &c.text);
        self.assign(last.field, &last.text, c);
        self.mark(row, c, CellRole::HeaderValue);
        if later_page {
            let msg = format!(
                "row {}: {} at the head of the next page is the rest of the value above it, cut by the page break",
                self.rows,
                super::cut_chars(&c.text, MAX_QUOTED_CHARS)
            );
            self.warn(Code::LabelRepaired, "", msg);
        }
        // The value may go on in the next row (or page) too.
        last.page = row.page;
        self.last_header_value = Some(last);
        Some(Outcome::Placed)
    }

    /// A text value just read: the next row (or page) may hold its rest
    /// ([`Reader::header_value_cut`]).
    fn remember_header_value(&mut self, field: Field, row: &Row, c: &RowCell) {
        self.last_header_value = Some(HeaderValue {
            field,
            col: c.col,
            page: row.page,
            text: c.text.clone(),
        });
    }

    fn header_row(&mut self, row: &Row) -> Outcome {
        if let Some(done) = self.header_value_cut(row) {
            return done;
        }
        self.last_header_value = None;
        let cells = &row.cells;
        let mut labels: Vec<Option<Field>> = cells
            .iter()
            .map(|c| header_field(Some(self.layout), c.key()))
            .collect();
        // A row-span label that lost its last character (总 体 目 标 drawn
        // down a merged cell, its 标 below the cell) is put back, flagged.
        if let (Some(c), Some(None)) = (cells.first(), labels.first())
            && cells.len() > 1
            && let Some((full, field)) = super::labels::cut_header_label(c.key())
        {
            labels[0] = Some(field);
            let msg = format!("row {}: {} read as the label {full}", self.rows, c.text);
            self.warn(Code::LabelRepaired, "", msg);
        }
        self.column_funds_labels(cells, &mut labels);
        // A row of labels alone: their values are on the row below.
        if labels.iter().all(Option::is_some) {
            return self.labels_row(row, &labels);
        }
        if labels.iter().all(Option::is_none) && !self.pending_labels.is_empty() {
            return self.pending_values(row);
        }
        self.pending_labels.clear();
        self.labels_and_values(row, &labels)
    }

    /// A header row of labels alone (`labels`: every cell's field): their
    /// values are on the row below (kept as pending labels by column), or
    /// the labels open a funds block or the duties.
    fn labels_row(&mut self, row: &Row, labels: &[Option<Field>]) -> Outcome {
        let cells = &row.cells;
        let goals = labels
            .iter()
            .filter(|f| matches!(f, Some(Field::AnnualGoal | Field::MidTermGoal)))
            .count();
        let mut pending = Vec::new();
        for (c, f) in cells.iter().zip(labels) {
            let f = f.expect("all labels");
            self.mark(row, c, CellRole::HeaderLabel);
            match f {
                // 总体目标 heading specific goals beside it is only a heading.
                Field::OverallGoal if goals > 0 => {}
                Field::Ignored => {}
                Field::Duties => self.in_duties = true,
                Field::Funds(FundsLabel::Block(b)) => {
                    self.fund_block = Some(b);
                    if let Some(u) = unit_in_label(c.key()).map(str::to_string) {
                        self.table_unit(u);
                    }
                }
                _ => pending.push((c.col, f)),
            }
        }
        if !pending.is_empty() {
            if self.layout.flat || !self.funds_columns.is_empty() {
                // A header of several label rows (a block label over its
                // columns): each column keeps its lowest label.
                merge_labels(&mut self.pending_labels, pending);
            } else {
                self.pending_labels = pending;
            }
        }
        Outcome::Placed
    }

    /// A header row of labels and values (`labels`: the field of each
    /// label cell): a value goes to the label before it, a label fused
    /// with its value is split, a unit cell sets the table's unit; a cell
    /// with no label is warned.
    fn labels_and_values(&mut self, row: &Row, labels: &[Option<Field>]) -> Outcome {
        let cells = &row.cells;
        let mut pending: Option<Field> = None;
        let mut placed = false;
        let mut stray = Vec::new();
        for (c, f) in cells.iter().zip(labels) {
            // A label fused with its value: `年度资金总额：50万`.
            // A block label's total may be given fused in the next cell
            // (`资金情况（万元） | 年度资金总额：50万`): the fused label wins.
            let block_open = matches!(pending, Some(Field::Funds(FundsLabel::BlockTotal)));
            let fused = (f.is_none() && (pending.is_none() || block_open))
                .then(|| split_fused(self.layout, &c.text))
                .flatten();
            if fused.is_some() {
                pending = None;
            }
            if let Some(field) = f {
                placed = true;
                self.mark(row, c, CellRole::HeaderLabel);
                if let Some(u) = unit_in_label(c.key()).map(str::to_string) {
                    self.table_unit(u);
                }
                pending = match *field {
                    Field::Funds(FundsLabel::Block(b)) => {
                        self.fund_block = Some(b);
                        Some(Field::Funds(FundsLabel::BlockTotal))
                    }
                    Field::Duties => {
                        self.in_duties = true;
                        self.duty_header(row);
                        return Outcome::Placed;
                    }
                    f => Some(f),
                };
            } else if let Some((field, value)) = fused {
                self.mark(row, c, CellRole::HeaderValue);
                self.assign(field, &value, c);
                placed = true;
            } else if let Some(field) = pending.take() {
                self.mark(row, c, CellRole::HeaderValue);
                self.assign(field, &c.text, c);
                if field.is_text() {
                    self.remember_header_value(field, row, c);
                }
                placed = true;
            } else if let Some(u) = unit_in_label(c.key()).filter(|_| c.key().starts_with('(')) {
                // `（万元）` in a cell of its own under 资金金额: the table's unit.
                self.mark(row, c, CellRole::HeaderLabel);
                self.table_unit(u.to_string());
                placed = true;
            } else {
                self.mark(row, c, CellRole::Unplaced);
                stray.push(c.text.as_str());
            }
        }
        if !stray.is_empty() {
            let msg = format!(
                "row {}: cell(s) with no label: {}",
                self.rows,
                stray.join(" | ")
            );
            self.warn(Code::UnplacedCell, "", msg);
        }
        if placed {
            Outcome::Placed
        } else {
            Outcome::Warned
        }
    }

    /// Side-by-side funds columns ([`Layout::column_funds`]): an opener
    /// label starts a column at its grid column (running to the next
    /// opener); a label below it there fills the opener's slot for it.
    fn column_funds_labels(&mut self, cells: &[RowCell], labels: &mut [Option<Field>]) {
        let families = self.layout.column_funds;
        if families.is_empty() {
            return;
        }
        let is = |p: &str, key: &str| {
            super::labels::matches(p, key)
                || super::labels::variants(key).any(|v| super::labels::matches(p, v))
        };
        for (c, label) in cells.iter().zip(labels.iter_mut()) {
            if let Some(k) = families.iter().position(|f| is(f.opener, c.key())) {
                self.funds_columns.retain(|(col, _)| *col != c.col);
                self.funds_columns.push((c.col, k));
            } else if let Some(&(_, k)) = self
                .funds_columns
                .iter()
                .filter(|(col, _)| *col <= c.col)
                .max_by_key(|(col, _)| *col)
                && let Some(&(_, slot)) = families[k].labels.iter().find(|(p, _)| is(p, c.key()))
            {
                *label = Some(slot.map_or(Field::Ignored, |s| Field::Funds(FundsLabel::Slot(s))));
            }
        }
    }

    /// Values on the row below a row of labels, paired by column when the
    /// grid has real columns, else in order.
    fn pending_values(&mut self, row: &Row) -> Outcome {
        let pending = std::mem::take(&mut self.pending_labels);
        for (i, c) in row.cells.iter().enumerate() {
            let by_col = pending
                .iter()
                .rev()
                .find(|(col, _)| *col <= c.col)
                .map(|p| p.1);
            let field = if row.cells.len() == pending.len() {
                Some(pending[i].1)
            } else {
                by_col.or(pending.get(i).map(|p| p.1))
            };
            match field {
                Some(f) => {
                    self.mark(row, c, CellRole::HeaderValue);
                    self.assign(f, &c.text, c);
                    if f.is_text() {
                        self.remember_header_value(f, row, c);
                    }
                }
                None => {
                    self.mark(row, c, CellRole::Unplaced);
                    let msg = format!("row {}: cell with no label: {}", self.rows, c.text);
                    self.warn(Code::UnplacedCell, "", msg);
                }
            }
        }
        Outcome::Placed
    }

    /// `ocr_repaired` warnings for the OCR confusions repaired in `cell`,
    /// read into `at`.
    fn ocr_repaired(&mut self, cell: &RowCell, at: &str) {
        for r in &cell.ocr_repairs {
            self.warn(Code::OcrRepaired, at, r.message.clone());
        }
    }

    /// Sets a header field from `text`, read out of `cell` (the text is the
    /// cell's, or its part after a fused label).
    fn assign(&mut self, field: Field, text: &str, cell: &RowCell) {
        let published = cell.text.as_str();
        if field != Field::ProjectName {
            self.fields += 1;
        }
        if !cell.ocr_repairs.is_empty() {
            let h = &self.part().header;
            let at = match field {
                Field::ProjectName => Some("project_name"),
                Field::UnitName => Some("unit_name"),
                Field::CompetentDepartment => Some("competent_department"),
                Field::ImplementingUnit => Some("implementing_unit"),
                Field::ProjectAttribute => Some("project_attribute"),
                Field::ProjectPeriod => Some("project_period"),
                Field::ProjectLeader => Some("project_leader"),
                Field::AnnualGoal => Some("annual_goal"),
                Field::MidTermGoal => Some("mid_term_goal"),
                Field::OverallGoal if h.annual_goal.is_none() => Some("annual_goal"),
                Field::OverallGoal => Some("mid_term_goal"),
                Field::Funds(_) => Some("funds"),
                Field::Duties | Field::Ignored => None,
            };
            if let Some(at) = at {
                self.ocr_repaired(cell, at);
            }
        }
        let rows = self.rows;
        let layout = self.layout;
        let block = self.fund_block;
        let h = &mut self.part().header;
        let set = |slot: &mut Option<String>| {
            if !text.is_empty() {
                *slot = Some(text.to_string());
            }
        };
        match field {
            Field::ProjectName => set(&mut h.project_name),
            Field::UnitName => h.unit_name = Some(drop_code_prefix(text)),
            Field::CompetentDepartment => {
                // `[292]国家信访局`, `315_烟台市统计局`, `136001-某某厅`.
                let (code, name) = match split_bracket_code(text) {
                    (None, name) => match code_prefix(&name) {
                        Some((c, n)) => (Some(c.to_string()), n.to_string()),
                        None => (None, name),
                    },
                    found => found,
                };
                h.competent_department = Some(name);
                h.competent_department_code = code;
            }
            Field::ImplementingUnit => h.implementing_unit = Some(split_bracket_code(text).1),
            Field::ProjectAttribute => set(&mut h.project_attribute),
            // Printed as two labels (计划开始日期 | … | 计划完成日期 | …): start至end.
            Field::ProjectPeriod => match h.project_period.as_mut() {
                Some(p) if !text.is_empty() && p != text => {
                    p.push_str(PERIOD_JOINER);
                    p.push_str(text);
                }
                _ => set(&mut h.project_period),
            },
            Field::ProjectLeader => set(&mut h.project_leader),
            Field::AnnualGoal => set(&mut h.annual_goal),
            Field::MidTermGoal => set(&mut h.mid_term_goal),
            Field::OverallGoal => {
                if h.annual_goal.is_none() {
                    set(&mut h.annual_goal)
                } else {
                    set(&mut h.mid_term_goal)
                }
            }
            Field::Duties | Field::Ignored => {}
            Field::Funds(label) => {
                let slot = match label {
                    FundsLabel::Slot(s) => Some(s),
                    FundsLabel::Block(_) | FundsLabel::BlockTotal => block_total(layout, block),
                };
                let Some(slot) = slot else { return };
                let (amount, prose) = parse_funds(text);
                h.funds.set(slot, amount);
                if amount.is_none() {
                    let msg = format!("row {rows}: amount not a number: {published}");
                    self.warn(Code::AmountUnparsed, "funds", msg);
                } else if prose {
                    let msg = format!("row {rows}: amount read out of prose: {published}");
                    self.warn(Code::FundsProse, "funds", msg);
                }
            }
        }
    }

    fn duty_header(&mut self, row: &Row) {
        self.duty_cols.clear();
        for c in &row.cells {
            if let Some(slot) = duty_column(c.key()) {
                self.duty_cols.push((c.col, slot));
                if let Some(u) = unit_in_label(c.key()).map(str::to_string) {
                    self.table_unit(u);
                }
            }
            self.mark(row, c, CellRole::HeaderLabel);
        }
    }

    /// A row of the 年度履职目标 sub-table: 部门职能 | 年度目标任务 | 支出项目名称 |
    /// 预算金额 (or 任务名称 | 主要内容 | 预算金额 over 总额 | 财政拨款 | 其他资金,
    /// closed by a 金额合计 row).
    fn duty_row(&mut self, row: &Row) -> Outcome {
        if row.cells.iter().any(|c| duty_column(c.key()).is_some()) {
            self.duty_header(row);
            return Outcome::Placed;
        }
        // 总额 | 财政拨款 | 其他资金 under 预算金额.
        let funds_cols: Option<Vec<(u32, Slot)>> = row
            .cells
            .iter()
            .map(|c| duty_funds_column(c.key()).map(|s| (c.col, s)))
            .collect();
        if let Some(cols) = funds_cols {
            for c in &row.cells {
                self.mark(row, c, CellRole::HeaderLabel);
            }
            self.duty_funds_cols = cols;
            return Outcome::Placed;
        }
        // 金额合计 | 5386.42 | 5386.42: the department's annual funds.
        if crate::domain::layouts::DUTY_TOTAL_ROW_NAMES.contains(&row.cells[0].key()) {
            return self.duty_total_row(row);
        }
        self.duty_line(row)
    }

    /// The duties' 金额合计 row: the department's annual funds, by the
    /// amount sub-columns (the first cell after the label the total when
    /// no sub-column titles were read).
    fn duty_total_row(&mut self, row: &Row) -> Outcome {
        self.mark(row, &row.cells[0], CellRole::HeaderLabel);
        for (i, c) in row.cells.iter().enumerate().skip(1) {
            let slot = self
                .duty_funds_cols
                .iter()
                .find(|(col, _)| *col == c.col)
                .map(|p| p.1)
                .or((i == 1).then_some(Slot::AnnualTotal));
            match slot {
                Some(slot) => {
                    self.mark(row, c, CellRole::HeaderValue);
                    self.assign(Field::Funds(FundsLabel::Slot(slot)), &c.text, c);
                }
                None => {
                    self.mark(row, c, CellRole::Unplaced);
                    let msg = format!("row {}: cell with no label: {}", self.rows, c.text);
                    self.warn(Code::UnplacedCell, "", msg);
                }
            }
        }
        Outcome::Placed
    }

    /// A duties row that is only the rest of the duty above's name: one
    /// cell, in the column of that duty's first cell, with every other
    /// column of the row covered by the duty's cells merged down (西安:
    /// `国突预警发布及十四运气象` / `服务保障` stacked beside one merged 主要内容
    /// and 预算金额). The text is joined to the name.
    fn duty_name_goes_on(&mut self, row: &Row) -> bool {
        let [c] = row.cells.as_slice() else {
            return false;
        };
        let Some(prev) = self.last_duty_row.as_ref() else {
            return false;
        };
        let same_col = prev.first_col == c.col;
        let rest_covered = !prev.other_cols.is_empty()
            && prev
                .other_cols
                .iter()
                .all(|col| row.covered_cols.contains(col));
        if !(same_col && rest_covered && row.grid_cols > 0) {
            return false;
        }
        let Some(duty) = self.part.as_mut().and_then(|p| p.header.duties.last_mut()) else {
            return false;
        };
        let name = if duty.function.is_some() {
            &mut duty.function
        } else {
            &mut duty.task
        };
        match name {
            Some(n) => n.push_str(&c.text),
            None => *name = Some(c.text.clone()),
        }
        self.mark(row, c, CellRole::HeaderValue);
        true
    }

    /// One duty of the duties sub-table (function, task, projects,
    /// amount), by the duty column titles when every cell sits under one,
    /// else by position.
    fn duty_line(&mut self, row: &Row) -> Outcome {
        if self.duty_name_goes_on(row) {
            return Outcome::Placed;
        }
        let mut slots: [Option<String>; 4] = Default::default();
        let slot_index = |s: DutySlot| match s {
            DutySlot::Function => Some(0),
            DutySlot::Task => Some(1),
            DutySlot::Projects => Some(2),
            DutySlot::Amount => Some(3),
            DutySlot::Numbering => None,
        };
        // By column when every cell sits under a duty column title (the
        // amount columns from 预算金额 on, its first sub-column the amount).
        let amount_from = self
            .duty_cols
            .iter()
            .find(|(_, s)| *s == DutySlot::Amount)
            .map(|p| p.0);
        let duty_cols = self.duty_cols.clone();
        let col_slot = |col: u32| -> Option<Option<usize>> {
            if let Some(&(_, s)) = duty_cols.iter().find(|(c, _)| *c == col) {
                return Some(slot_index(s));
            }
            // A later sub-column of 预算金额 (财政拨款, 其他资金): part of the total.
            amount_from.filter(|&a| col > a).map(|_| None)
        };
        let is_numbering_col = |col: u32| {
            duty_cols
                .iter()
                .any(|&(c, s)| c == col && s == DutySlot::Numbering)
        };
        let by_col =
            self.duty_cols.len() >= 3 && row.cells.iter().all(|c| col_slot(c.col).is_some());
        for (i, c) in row.cells.iter().enumerate() {
            let k = if by_col {
                col_slot(c.col).flatten()
            } else if row.cells.len() < 4 && i == row.cells.len() - 1 && weight(&c.text).is_some() {
                Some(3)
            } else {
                Some(i)
            };
            match k {
                Some(k) if k < 4 => {
                    slots[k] = Some(c.text.clone());
                    self.mark(row, c, CellRole::HeaderValue);
                    self.ocr_repaired(c, "duties");
                }
                // A 任务名称 cell that names the task (`1.机关运行及人员保障`,
                // not bare `任务1`): the duty's function, when no 部门职能
                // column gives one.
                _ if by_col && is_numbering_col(c.col) && !is_bare_numbering(&c.text) => {
                    if slots[0].is_none() {
                        slots[0] = Some(c.text.clone());
                    }
                    self.mark(row, c, CellRole::HeaderValue);
                }
                // Numbering (任务1) and the amount's sub-columns.
                _ if by_col => self.mark(row, c, CellRole::HeaderValue),
                _ => {}
            }
        }
        let [function, task, projects, amount] = slots;
        let duty = Duty {
            function,
            task,
            projects: projects
                .map(|p| {
                    // Not at 、: one project's name may hold it
                    // (地情、市志编纂与年鉴出版经费).
                    p.split([';', '；', '\n'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            amount: amount.as_deref().and_then(|a| parse_funds(a).0),
        };
        self.part().header.duties.push(duty);
        self.last_duty_row = row.cells.split_first().map(|(first, rest)| DutyRow {
            first_col: first.col,
            other_cols: rest.iter().map(|c| c.col).collect(),
        });
        self.fields += 1;
        Outcome::Placed
    }

    /// Flat exports: the project cells before the indicator cells of a row
    /// open a new project. Returns how many leading cells were project cells
    /// (`Err`: the row is done; it had no indicator cells).
    ///
    /// Steps: tell what each leading cell is ([`Reader::lead_cells`]); mark
    /// codes and the unit; a unit or total row of the table opens no
    /// project; a department table's unit cell opens a department part; at
    /// the head of a page the cells may finish a project the page before
    /// began ([`Reader::fill_nameless_part`], [`Reader::continue_cut_head`]),
    /// or begin one whose name is on the next page; else the name opens a
    /// project, with its funds and goal.
    fn flat_project_cells(&mut self, row: &Row, first_level: usize) -> Result<usize, Outcome> {
        if first_level == 0 {
            return Ok(0);
        }
        let LeadCells {
            unit,
            name,
            amount,
            goal,
            codes,
            funds,
            dept_unit,
        } = self.lead_cells(&row.cells[..first_level]);
        // The row is done when it has no cells after the project's.
        let done = if first_level == row.cells.len() {
            Err(Outcome::Placed)
        } else {
            Ok(first_level)
        };
        for c in codes {
            self.mark(row, c, CellRole::HeaderValue);
        }
        if let Some(u) = unit {
            self.cur_unit = Some(drop_code_prefix(&u.text));
            self.mark(row, u, CellRole::HeaderValue);
        }
        // `合计 | 270.00` or `201056 | 某某单位 | 270.00`: a total or a unit row
        // of a flat table (no indicator, no goal), not a project.
        let name = name.filter(|n| {
            let unit_row = first_level == row.cells.len()
                && goal.is_none()
                && self
                    .columns
                    .project
                    .iter()
                    .any(|p| p.1 == Field::AnnualGoal);
            if unit_row && !crate::domain::TOTAL_ROW_NAMES.contains(&n.key()) {
                self.cur_unit = Some(n.text.clone());
            }
            !unit_row
        });
        if let Some(u) = dept_unit {
            self.open_part();
            self.mark(row, u, CellRole::HeaderValue);
            self.assign(Field::UnitName, &u.text, u);
            if let Some(n) = name {
                // Text beside the department that no column title names.
                self.mark(row, n, CellRole::Unplaced);
                let msg = format!("row {}: cell with no label: {}", self.rows, n.text);
                self.warn(Code::UnplacedCell, "", msg);
            }
        }
        let name = name.filter(|_| dept_unit.is_none());
        let has_funds_cols = self
            .columns
            .project
            .iter()
            .any(|(_, f)| matches!(f, Field::Funds(_)));
        // The page before showed only the start of a project's goal (its
        // name and amounts, centred in their merged cells, print on this
        // page): they fill that project.
        if self.first_row_of_table
            && self.nameless_flat_part
            && let Some(n) = name
        {
            self.fill_nameless_part(row, n, amount, funds, goal);
            return done;
        }
        // The head of the next page's table in a flat export: the project
        // cells the page break cut go on (`项目` | `与质量，保障…`) and the
        // amounts, printed whole on the page before, are not repeated.
        if self.first_row_of_table
            && self.pdf_row
            && has_funds_cols
            && amount.is_none()
            && funds.is_empty()
            && dept_unit.is_none()
            && self.part.is_some()
            && (name.is_some() || goal.is_some())
        {
            self.continue_cut_head(row, name, goal);
            return done;
        }
        if name.is_none()
            && dept_unit.is_none()
            && goal.is_some()
            && self.pdf_row
            && self.on_titled_grid
            && first_level < row.cells.len()
        {
            // A project whose name is on the next page (see above).
            self.open_part();
            self.nameless_flat_part = true;
            self.flat_funds_and_goal(row, amount, funds, goal);
            return Ok(first_level);
        }
        let Some(name) = name else {
            if dept_unit.is_some() {
                self.flat_funds_and_goal(row, amount, funds, goal);
                return done;
            }
            if first_level == row.cells.len() {
                // `820-某某部门 | 8,827,620.53`: a subtotal of no project.
                self.subtotal_row(row);
                return Err(Outcome::Warned);
            }
            return Ok(first_level);
        };
        self.open_part();
        self.mark(row, name, CellRole::HeaderValue);
        self.assign(Field::ProjectName, &name.text, name);
        self.flat_funds_and_goal(row, amount, funds, goal);
        done
    }

    /// What each of a flat row's leading (project) cells is.
    fn lead_cells<'r>(&self, lead: &'r [RowCell]) -> LeadCells<'r> {
        let mut unit = None;
        let mut name = None;
        let mut amount = None;
        let mut goal = None;
        let mut codes = Vec::new();
        let mut funds: Vec<(Field, &RowCell)> = Vec::new();
        let mut dept_unit = None;
        // A department table's unit cell (单位名称): the department, no project.
        let department = self.layout.kind == crate::domain::layouts::RecordKind::Department;
        let by_col = |c: u32| {
            self.columns
                .project
                .iter()
                .find(|(pc, _)| *pc == c)
                .map(|p| p.1)
        };
        // By content first (web copies drop empty cells, so columns shift):
        // a `code-name` cell is the unit, a plain amount the budget; then
        // the column titles, then order: the first text the name, the next
        // the goal.
        for c in lead {
            let field = by_col(c.col);
            let (amount_v, prose) = parse_funds(&c.text);
            if field.is_none() && is_bare_code(&c.text) {
                // A unit or project code (201056) in a column of its own.
                codes.push(c);
                continue;
            }
            if department && field == Some(Field::UnitName) && dept_unit.is_none() {
                dept_unit = Some(c);
            } else if code_prefix(&c.text).is_some() && unit.is_none() && name.is_none() {
                unit = Some(c);
            } else if amount_v.is_some()
                && !prose
                && let Some(f @ Field::Funds(_)) = field
                && !funds.iter().any(|(g, _)| *g == f)
            {
                funds.push((f, c));
            } else if amount_v.is_some() && !prose && amount.is_none() {
                amount = Some(c);
            } else if field == Some(Field::AnnualGoal)
                && (name.is_some() || dept_unit.is_some() || (self.pdf_row && self.on_titled_grid))
            {
                goal = Some(c);
            } else if name.is_none() && amount.is_none() {
                name = Some(c);
            } else {
                goal = Some(c);
            }
        }
        LeadCells {
            unit,
            name,
            amount,
            goal,
            codes,
            funds,
            dept_unit,
        }
    }

    /// The first row of a page's table names the project whose goal began
    /// on the page before (its name and amounts, centred in their merged
    /// cells, print on this page): they fill that project.
    fn fill_nameless_part(
        &mut self,
        row: &Row,
        n: &RowCell,
        amount: Option<&RowCell>,
        funds: Vec<(Field, &RowCell)>,
        goal: Option<&RowCell>,
    ) {
        self.nameless_flat_part = false;
        self.mark(row, n, CellRole::HeaderValue);
        self.assign(Field::ProjectName, &n.text, n);
        if let Some(g) = goal
            && let Some(t) = self.part().header.annual_goal.as_mut()
        {
            t.push_str(&g.text);
            self.mark(row, g, CellRole::HeaderValue);
            self.flat_funds_and_goal(row, amount, funds, None);
        } else {
            self.flat_funds_and_goal(row, amount, funds, goal);
        }
        let msg = format!(
            "row {}: the project name and amounts of the rows on the page before, cut by the page break",
            self.rows
        );
        self.warn(Code::LabelRepaired, "project_name", msg);
    }

    /// The head of the next page's table: the name and goal cells the page
    /// break cut go on the open project's (flagged label_repaired).
    fn continue_cut_head(&mut self, row: &Row, name: Option<&RowCell>, goal: Option<&RowCell>) {
        for (c, field) in [(name, Field::ProjectName), (goal, Field::AnnualGoal)] {
            let Some(c) = c else { continue };
            let h = &mut self.part().header;
            let slot = match field {
                Field::ProjectName => &mut h.project_name,
                _ => &mut h.annual_goal,
            };
            match slot {
                Some(t) => t.push_str(&c.text),
                None => *slot = Some(c.text.clone()),
            }
            self.mark(row, c, CellRole::HeaderValue);
            let at = if field == Field::ProjectName {
                "project_name"
            } else {
                "annual_goal"
            };
            let msg = format!(
                "row {}: {} at the head of the next page is the rest of the {at}, cut by the page break",
                self.rows, c.text
            );
            self.warn(Code::LabelRepaired, at, msg);
        }
    }

    /// The amounts and the goal of a flat table's project (or department)
    /// row, into the part just opened: an untitled amount is the annual
    /// total, titled ones go to their columns' slots.
    fn flat_funds_and_goal(
        &mut self,
        row: &Row,
        amount: Option<&RowCell>,
        funds: Vec<(Field, &RowCell)>,
        goal: Option<&RowCell>,
    ) {
        if let Some(a) = amount {
            self.mark(row, a, CellRole::HeaderValue);
            self.assign(
                Field::Funds(FundsLabel::Slot(Slot::AnnualTotal)),
                &a.text,
                a,
            );
        }
        for (f, c) in funds {
            self.mark(row, c, CellRole::HeaderValue);
            self.assign(f, &c.text, c);
        }
        if let Some(g) = goal {
            self.mark(row, g, CellRole::HeaderValue);
            self.assign(Field::AnnualGoal, &g.text, g);
        }
        if let Some(p) = self.part.as_mut() {
            p.page = row.page;
            p.line = row.line;
        }
    }

    /// Whether a cell is a category of `role` (level 1 or 2): by the
    /// hierarchy table, or in a column the column titles name so.
    fn is_category(&self, c: &RowCell, role: Role) -> bool {
        let known = match role {
            Role::Level1 => {
                is_level1(c.key()) || strip_score(c.key()).is_some_and(|(k, _)| is_level1(k))
            }
            _ => level2_parent(c.key()).is_some(),
        };
        let in_column = self.columns.role_at(c.col).map(|r| r.0) == Some(role);
        // On a PDF page the grid's columns are the printed ones: a short
        // label in a titled level column is a category however it is
        // worded (一般性支出情况 in a 部门整体 table).
        let printed_column = in_column
            && self.pdf_row
            && self.on_titled_grid
            && c.key().chars().count() <= MAX_COLUMN_CATEGORY_CHARS
            && !c.key().chars().any(|ch| ch.is_ascii_digit());
        known
            || printed_column
            || (in_column && looks_like_category(strip_score(c.key()).map_or(c.key(), |s| s.0)))
    }

    /// Whether `c` is a section label standing before an indicator's levels:
    /// a label the header table sets aside (绩效指标, 年度绩效指标) followed by a
    /// category, or any non-category cell left of the column titles' level-1
    /// column when `next` sits in or after it.
    fn is_section_label(&self, c: &RowCell, next: &RowCell) -> bool {
        let set_aside = header_field(Some(self.layout), c.key()) == Some(Field::Ignored);
        // A set-aside label is no category even in the default level-1
        // column (a table with no column-title row), unless the hierarchy
        // knows it.
        let known = is_level1(c.key()) || level2_parent(c.key()).is_some();
        if known
            || (!set_aside
                && (self.is_category(c, Role::Level1) || self.is_category(c, Role::Level2)))
        {
            return false;
        }
        let next_is_category =
            self.is_category(next, Role::Level1) || self.is_category(next, Role::Level2);
        let first_level_col = self.columns.first_level_col();
        let in_label_col = first_level_col.is_some_and(|lc| c.col < lc && next.col >= lc);
        // A set-aside label (绩效指标) left of the level-1 column, before a
        // category or before a name whose levels are merged from above.
        (set_aside && (next_is_category || in_label_col)) || (in_label_col && next_is_category)
    }

    fn indicator_row(&mut self, row: &Row) -> Outcome {
        let joined = join_split_labels(&row.cells);
        let cells: &[RowCell] = joined.as_deref().unwrap_or(&row.cells);
        let unfused = self.split_fused_levels(cells);
        let cells: &[RowCell] = unfused.as_deref().unwrap_or(cells);
        // Flat exports: project cells come first.
        let start = if self.layout.flat {
            match self.flat_row_start(row, cells) {
                Ok(n) => n,
                Err(o) => return o,
            }
        } else {
            0
        };
        let mut cells = &cells[start..];
        // A section label before the levels (绩效指标 in a column of its own,
        // repeated on every row or merged down them, left of the 一级指标
        // column): a label of the block, not part of the indicator.
        while cells.len() > 1 && self.is_section_label(&cells[0], &cells[1]) {
            self.mark(row, &cells[0], CellRole::HeaderLabel);
            cells = &cells[1..];
        }
        if cells.is_empty() {
            return Outcome::Placed;
        }
        // Side-by-side groups: a group starts at the column titles' group of
        // its first cell, and the next group starts at a level-2 category
        // after a value.
        let groups = self.columns.groups();
        let mut group = if groups > 1 {
            self.columns.group_at(cells[0].col)
        } else {
            0
        };
        let mut i = 0;
        let mut placed_any = false;
        let mut warned = false;
        while i < cells.len() && group < groups {
            let end = if group + 1 < groups {
                // The next group starts at the next level-2 category after
                // this group's name.
                let from = i + 1;
                let mut k = from;
                while k < cells.len() {
                    let c = &cells[k];
                    let l2 = self.is_category(c, Role::Level2) && !is_level1(c.key());
                    if l2 && k > i + 1 {
                        break;
                    }
                    k += 1;
                }
                k
            } else {
                cells.len()
            };
            match self.indicator_group(row, &cells[i..end], group) {
                Some(true) => placed_any = true,
                Some(false) => warned = true,
                None => {}
            }
            i = end;
            group += 1;
        }
        if placed_any || !warned {
            Outcome::Placed
        } else {
            Outcome::Warned
        }
    }

    /// A flat export's indicator row: its project cells (read by
    /// [`Reader::flat_project_cells`], which may open the project) come
    /// before its indicator cells; how many they are. A row before any
    /// project is not read (a note).
    fn flat_row_start(&mut self, row: &Row, cells: &[RowCell]) -> Result<usize, Outcome> {
        // A row whose first cell sits in an indicator column holds no
        // project cells (the project's are merged down from above).
        let in_indicator_cols = !self.columns.project.is_empty()
            && self
                .columns
                .first_level_col()
                .is_some_and(|c| cells[0].col >= c);
        // On a PDF page, a row of indicator cells whose project cells
        // are its own and empty (not merged down from the project above)
        // starts a project whose cells print on the next page.
        if in_indicator_cols
            && self.pdf_row
            && self.part.is_some()
            && self
                .columns
                .project
                .iter()
                .all(|(c, _)| row.empty_cols.contains(c))
        {
            self.open_part();
            self.nameless_flat_part = true;
        }
        let first_level = if in_indicator_cols {
            0
        } else {
            cells
                .iter()
                .position(|c| {
                    self.is_category(c, Role::Level1) || self.is_category(c, Role::Level2)
                })
                .unwrap_or(cells.len())
        };
        let start = self.flat_project_cells(row, first_level)?;
        if self.part.is_none() {
            for c in cells {
                self.mark(row, c, CellRole::Unplaced);
            }
            let text = cells
                .iter()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>()
                .join(" | ");
            self.notes.note(
                Code::RowOutsideProject,
                format!(
                    "row {}: indicator row before any project, not read: {text}",
                    self.rows
                ),
            );
            return Err(Outcome::Warned);
        }
        Ok(start)
    }

    /// One group of an indicator row: levels, name and the tail roles.
    /// Some(true) when an indicator was read, Some(false) when only labels.
    ///
    /// The steps, in order: the category cells at its head
    /// ([`Reader::group_levels`]) move the running hierarchy
    /// ([`Reader::follow_hierarchy`]); the cell after them is the name and
    /// the rest go to the column titles' roles ([`Reader::name_and_tail`],
    /// [`Reader::tail_roles`]); their texts are gathered by role
    /// ([`RoleTexts::gather`]); a row of placeholder marks is no indicator
    /// ([`Reader::placeholder_row`]); names and values joined by ；are split
    /// ([`Reader::joined_pieces`]); and each piece becomes an indicator
    /// ([`Reader::push_indicators`]).
    fn indicator_group(&mut self, row: &Row, cells: &[RowCell], group: usize) -> Option<bool> {
        let cells = self.repair_cut_labels(row, cells);
        let cells: &[RowCell] = &cells;
        if cells.is_empty() {
            return None;
        }
        let line_no = self.rows;
        let mut warnings = Diagnostics::new();
        let (l1, l2, i) = self.group_levels(row, cells, line_no, &mut warnings);
        self.follow_hierarchy(l1.as_deref(), l2.as_deref(), group, line_no, &mut warnings);
        let rest = &cells[i..];
        let Some((name_cell, tail_cells)) = self.name_and_tail(cells, rest, line_no, &mut warnings)
        else {
            return Some(false);
        };
        let (name_extra, assigned) =
            self.tail_roles(row, rest.len(), tail_cells, group, line_no, &mut warnings);
        // OCR confusions repaired in the cells read, where they landed.
        let mut read_into: Vec<(&RowCell, &str)> = Vec::new();
        if l1.is_some() {
            read_into.push((&cells[0], "level1"));
        }
        if l2.is_some() {
            read_into.push((&cells[i - 1], "level2"));
        }
        read_into.extend(name_cell.iter().chain(&name_extra).map(|c| (*c, "name")));
        for (role, c) in &assigned {
            let at = match role {
                Role::Op | Role::Value | Role::Unit => "value",
                Role::Weight => "weight",
                Role::Direction => "direction",
                Role::Explanation => "explanation",
                _ => continue,
            };
            read_into.push((*c, at));
        }
        for (c, at) in read_into {
            for r in &c.ocr_repairs {
                warnings.warn(Code::OcrRepaired, at, r.message.clone());
            }
        }
        let texts = RoleTexts::gather(name_cell, name_extra, &assigned, line_no, &mut warnings);
        if self.placeholder_row(row, &texts, name_cell, &assigned, group, line_no) {
            return Some(false);
        }
        let RoleTexts {
            name,
            op,
            raw_value,
            unit,
            weight_text,
            direction,
            explanation,
        } = texts;
        let (pieces, weights) =
            self.joined_pieces(name, raw_value, weight_text, line_no, &mut warnings);
        let ocr_confidence = cells
            .iter()
            .filter_map(|c| c.ocr_confidence)
            .fold(None, |m: Option<f32>, c| Some(m.map_or(c, |m| m.min(c))));
        if let Some(conf) = ocr_confidence
            && conf < LOW_OCR_CONFIDENCE
        {
            warnings.warn(
                Code::OcrLowConfidence,
                "value",
                format!("row {line_no}: read by OCR with confidence {conf:.2}"),
            );
        }
        let shared = Shared {
            op,
            unit: unit.as_deref(),
            direction: direction.as_deref(),
            explanation: explanation.as_deref(),
            ocr_confidence,
            level2_cell: self.level2_cell(row, group, l2.is_some()),
        };
        let inds = self.indicators_of(row, group, pieces, weights, &shared, warnings);
        let cell_role = if inds.iter().any(|i| !i.warnings.is_empty()) {
            Some(CellRole::Warned)
        } else {
            None
        };
        if let Some(c) = name_cell {
            self.mark(row, c, cell_role.unwrap_or(CellRole::Name));
        }
        for (_, c) in &assigned {
            self.mark(row, c, cell_role.unwrap_or(CellRole::Value));
        }
        self.part().indicators.extend(inds);
        Some(true)
    }

    /// The category cells at the head of a group: its level 1 and level 2
    /// (either may be absent, inherited from the rows above) and how many
    /// cells they take.
    fn group_levels(
        &mut self,
        row: &Row,
        cells: &[RowCell],
        line_no: u32,
        warnings: &mut Diagnostics,
    ) -> (Option<String>, Option<String>, usize) {
        let mut i = 0;
        let mut l1: Option<String> = None;
        let mut l2: Option<String> = None;
        let level_text = |c: &RowCell, warnings: &mut Diagnostics| -> String {
            match strip_score(c.key()) {
                Some((k, removed)) if self_is_category(k) => {
                    warnings.warn(
                        Code::TemplateLeftover,
                        "level1",
                        format!(
                            "row {line_no}: score range {removed} removed from {}",
                            c.text
                        ),
                    );
                    k.to_string()
                }
                _ => c.text.clone(),
            }
        };
        if self.is_category(&cells[0], Role::Level1) && level2_parent(cells[0].key()).is_none()
            || (is_cost(cells[0].key()))
        {
            if is_cost(cells[0].key()) && !cells.get(1).is_some_and(|c| is_cost_child(c.key())) {
                // Older template: 成本指标 is the level-2 category under 产出指标.
                l2 = Some(cells[0].text.clone());
            } else {
                l1 = Some(level_text(&cells[0], warnings));
            }
            self.mark(
                row,
                &cells[0],
                if l1.is_some() {
                    CellRole::Level1
                } else {
                    CellRole::Level2
                },
            );
            i = 1;
        }
        if l2.is_none()
            && i < cells.len()
            && self.is_category(&cells[i], Role::Level2)
            && (!is_level1(cells[i].key()) || is_cost(cells[i].key()))
        {
            l2 = Some(level_text(&cells[i], warnings));
            self.mark(row, &cells[i], CellRole::Level2);
            i += 1;
        }
        (l1, l2, i)
    }

    /// The running hierarchy: level 1 shared by the groups, level 2 per group.
    fn follow_hierarchy(
        &mut self,
        l1: Option<&str>,
        l2: Option<&str>,
        group: usize,
        line_no: u32,
        warnings: &mut Diagnostics,
    ) {
        if let Some(a) = l1 {
            // The same level 1 printed again with no level-2 cell: the level
            // 2 is merged down from the row above (烟台), so it is kept.
            let same_again = l2.is_none() && self.cur_l1.as_deref() == Some(a);
            self.cur_l1 = Some(a.to_string());
            if !same_again {
                for g in self.cur_l2.iter_mut() {
                    *g = None;
                }
            }
        }
        if let Some(b) = l2 {
            // A level-2 category under another level 1 than the current one
            // (no level-1 cell printed for it): its parent by the hierarchy.
            if l1.is_none()
                && let Some(parent) = other_parent(self.cur_l1.as_deref(), b)
            {
                if self.cur_l1.is_some() {
                    warnings.warn(Code::LevelInferred, "level1", format!(
                            "row {line_no}: level1 set to {parent} as the parent of {b} (no level-1 cell printed for it)"
                        ));
                }
                self.cur_l1 = Some(parent.to_string());
            }
            self.cur_l2[group] = Some(b.to_string());
        }
    }

    /// The name cell and the cells after it (`rest`: the group's cells after
    /// its levels). None when the row holds only category labels (warned);
    /// one cell alone is the name or the value, by its column or its text.
    fn name_and_tail<'c>(
        &mut self,
        cells: &[RowCell],
        rest: &'c [RowCell],
        line_no: u32,
        warnings: &mut Diagnostics,
    ) -> Option<(Option<&'c RowCell>, &'c [RowCell])> {
        match rest.len() {
            0 => {
                let msg = format!(
                    "row {line_no} holds only category labels ({}), no indicator",
                    cells
                        .iter()
                        .map(|c| c.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" | ")
                );
                self.warn(Code::EmptyIndicatorRow, "indicators", msg);
                None
            }
            1 => {
                let (v, _) = value::parse_cleaned(&rest[0].text);
                let by_col = self.columns.role_at(rest[0].col).map(|r| r.0);
                let is_value = by_col.map_or(v.kind != ValueKind::Text, |r| r != Role::Name);
                if is_value {
                    warnings.warn(
                        Code::MissingName,
                        "name",
                        format!("row {line_no} has a value and no name"),
                    );
                    Some((None, rest))
                } else {
                    warnings.warn(
                        Code::MissingValue,
                        "value",
                        format!("row {line_no} has a name and no value"),
                    );
                    Some((Some(&rest[0]), &[][..]))
                }
            }
            _ => Some((Some(&rest[0]), &rest[1..])),
        }
    }

    /// The cells after the name to the column titles' roles of the group:
    /// by column on a grid that kept its empty cells, else by content
    /// ([`align`]). More cells than roles: the middle ones join the name
    /// (the first list). `rest_len` is the count of cells after the levels.
    fn tail_roles<'c>(
        &self,
        row: &Row,
        rest_len: usize,
        tail_cells: &'c [RowCell],
        group: usize,
        line_no: u32,
        warnings: &mut Diagnostics,
    ) -> (Vec<&'c RowCell>, Vec<(Role, &'c RowCell)>) {
        let tail_roles = self.columns.tail(group);
        let by_column = self
            .columns
            .tail_cols(group)
            // A grid that kept its empty cells (they are why cells are
            // missing here); a web copy that dropped them shifts columns.
            .filter(|_| self.on_titled_grid && !row.empty_cols.is_empty())
            .and_then(|cols| {
                let at: Vec<(u32, &str)> = tail_cells
                    .iter()
                    .map(|c| (c.col, c.text.as_str()))
                    .collect();
                align_by_column(&at, &cols, &tail_roles)
            });
        let by_content = || {
            let texts: Vec<&str> = tail_cells.iter().map(|c| c.text.as_str()).collect();
            align(&texts, &tail_roles)
        };
        match by_column.or_else(by_content) {
            Some(idx) => (
                Vec::new(),
                idx.iter()
                    .zip(tail_cells)
                    .map(|(&j, c)| (tail_roles[j], c))
                    .collect(),
            ),
            None => {
                // More cells than roles: the middle ones join the name.
                let keep = tail_roles.len().min(tail_cells.len());
                let split = tail_cells.len() - keep;
                let extra: Vec<&RowCell> = tail_cells[..split].iter().collect();
                let texts: Vec<&str> = tail_cells[split..]
                    .iter()
                    .map(|c| c.text.as_str())
                    .collect();
                let idx = align(&texts, &tail_roles).unwrap_or_else(|| (0..texts.len()).collect());
                warnings.warn(Code::ExtraCells, "name", format!(
                            "row {line_no} has {} cells after the levels; the middle ones were joined to the name",
                            rest_len
                        ));
                (
                    extra,
                    idx.iter()
                        .zip(&tail_cells[split..])
                        .map(|(&j, c)| (tail_roles[j], c))
                        .collect(),
                )
            }
        }
    }

    /// A row whose name and value are only placeholder marks (`- | -`,
    /// `/ | /` under 经济效益指标): the category is not used, no indicator
    /// (warned, its cells marked).
    fn placeholder_row(
        &mut self,
        row: &Row,
        texts: &RoleTexts,
        name_cell: Option<&RowCell>,
        assigned: &[(Role, &RowCell)],
        group: usize,
        line_no: u32,
    ) -> bool {
        let (name, raw_value) = (&texts.name, &texts.raw_value);
        if !(is_placeholder_mark(name)
            && (raw_value.trim().is_empty() || is_placeholder_mark(raw_value)))
        {
            return false;
        }
        let label = self.cur_l2[group]
            .clone()
            .or_else(|| self.cur_l1.clone())
            .unwrap_or_default();
        let msg = format!(
            "row {line_no}: {label} holds only placeholder marks ({} | {}), no indicator",
            name.trim(),
            raw_value.trim()
        );
        self.warn(Code::EmptyIndicatorRow, "indicators", msg);
        for c in name_cell
            .iter()
            .copied()
            .chain(assigned.iter().map(|(_, c)| *c))
        {
            self.mark(row, c, CellRole::Warned);
        }
        true
    }

    /// Several indicators printed in one row, their names and their values
    /// joined by ；(`物业管理面积；服务人次` | `17839平方米；每天3000人次`):
    /// one (name, value) piece per part when the value splits into as many
    /// parts, else the row whole; and the weight of each piece.
    #[allow(clippy::type_complexity)]
    fn joined_pieces(
        &mut self,
        name: String,
        raw_value: String,
        weight_text: Option<&str>,
        line_no: u32,
        warnings: &mut Diagnostics,
    ) -> (Vec<(String, String)>, Vec<Option<f64>>) {
        let (n_names, n_values) = (joined_count(&name), joined_count(&raw_value));
        let split = n_names >= 2 && n_names == n_values;
        if n_names >= 2 && !split {
            warnings.warn(Code::JoinedIndicators, "name", format!(
                    "row {line_no}: the name holds {} indicators joined by ；, the value {} part(s): left joined",
                    n_names, n_values
                ));
        } else if split && !self.split_told {
            self.split_told = true;
            warnings.warn(Code::JoinedIndicators, "name", format!(
                    "row {line_no}: {} indicators joined by ； in one row were split (told once per project)",
                    n_names
                ));
        }
        let pieces: Vec<(String, String)> = if split {
            joined_parts(&name)
                .iter()
                .zip(&joined_parts(&raw_value))
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect()
        } else {
            vec![(name, raw_value)]
        };
        let weights: Vec<Option<f64>> = match weight_text {
            // A weight printed per part goes with its part; one weight for
            // the whole row stays on the first part (the sum is kept).
            Some(w) if split && joined_count(w) == pieces.len() => {
                joined_parts(w).into_iter().map(weight).collect()
            }
            Some(w) => std::iter::once(weight(w))
                .chain(std::iter::repeat(None))
                .take(pieces.len())
                .collect(),
            None => vec![None; pieces.len()],
        };
        (pieces, weights)
    }

    /// One indicator per (name, value) piece of a row: the name cleaned of
    /// template text (warned; numbering told once per project), the value
    /// parsed with the row's comparator and unit. The row's own warnings go
    /// with its first indicator.
    fn indicators_of(
        &mut self,
        row: &Row,
        group: usize,
        pieces: Vec<(String, String)>,
        weights: Vec<Option<f64>>,
        shared: &Shared<'_>,
        mut warnings: Diagnostics,
    ) -> Vec<PartIndicator> {
        let line_no = self.rows;
        let Shared {
            op,
            unit,
            direction,
            explanation,
            ocr_confidence,
            level2_cell,
        } = *shared;
        let first_index = self.part.as_ref().map_or(0, |p| p.indicators.len());
        let period = self.period.unwrap_or_else(|| {
            *self
                .layout
                .group_periods
                .get(group)
                .unwrap_or(&Period::Annual)
        });
        let mut inds = Vec::with_capacity(pieces.len());
        for (k, ((name, raw_value), weight_v)) in pieces.into_iter().zip(weights).enumerate() {
            // The row's own warnings go with its first indicator.
            let mut warnings = if k == 0 {
                std::mem::take(&mut warnings)
            } else {
                Diagnostics::new()
            };
            let (name, core, removed) = clean_name(&name);
            let number = removed.iter().find_map(|r| {
                r.starts_with(crate::domain::layouts::TEMPLATE_NAME_PREFIX)
                    .then(|| numbered::prefix_number(r))
                    .flatten()
            });
            self.numbered.push(Numbered {
                index: first_index + inds.len(),
                group,
                number,
                level2: level2_cell,
            });
            for r in removed {
                // Numbering (`指标14：`) is on every row of a table that has it:
                // told once per project, not per row.
                let numbering = r.starts_with(crate::domain::layouts::TEMPLATE_NAME_PREFIX);
                if numbering && self.numbering_told {
                    continue;
                }
                self.numbering_told |= numbering;
                let message = if numbering {
                    format!(
                        "row {line_no}: numbering such as {r} removed from the indicator names (told once per project)"
                    )
                } else {
                    format!("row {line_no}: template text {r} removed from the name")
                };
                warnings.warn(Code::TemplateLeftover, "name", message);
            }
            // 指标性质 | 指标值 | 度量单位 read as one value (≥ 95 % → ≥95%).
            let raw_value = if op.is_some() || unit.is_some() {
                let unit_s = unit.unwrap_or("");
                let has_unit = !unit_s.is_empty() && !raw_value.ends_with(unit_s);
                format!(
                    "{}{}{}",
                    op.unwrap_or(""),
                    raw_value,
                    if has_unit { unit_s } else { "" }
                )
            } else {
                raw_value
            };
            let (mut value, repairs) = value::parse_cleaned(&raw_value);
            if value.kind == ValueKind::Number
                && value.unit.is_none()
                && let Some(u) = unit
            {
                value.unit = Some(crate::domain::Unit::parse(u));
            }
            if let Some(v) = value::with_name_unit(&value, &name) {
                value = v;
            }
            for r in repairs {
                warnings.warn(r.code, "value", r.message);
            }
            inds.push(PartIndicator {
                level1: self.cur_l1.clone(),
                level2: self.cur_l2[group].clone(),
                name,
                period,
                core,
                weight: weight_v,
                direction: direction.map(str::to_string),
                explanation: explanation.map(str::to_string),
                value,
                page: row.page,
                row: line_no,
                ocr_confidence,
                warnings,
            });
        }
        inds
    }

    /// A row-span label cut in two by a page break (PDF only, where columns
    /// are real): `产出` at the foot of one page reads as `产出指标`, and the
    /// `指标` at the head of the next is the rest of the label above.
    fn repair_cut_labels<'c>(
        &mut self,
        row: &Row,
        cells: &'c [RowCell],
    ) -> std::borrow::Cow<'c, [RowCell]> {
        if row.page.is_none() {
            return std::borrow::Cow::Borrowed(cells);
        }
        let mut out: Vec<RowCell> = Vec::with_capacity(cells.len());
        let line_no = self.rows;
        for (i, c) in cells.iter().enumerate() {
            let role = self.columns.role_at(c.col).map(|r| r.0);
            let (labels, current): (Vec<&str>, Option<String>) = match role {
                Some(Role::Level1) => (LEVEL1.to_vec(), self.cur_l1.clone()),
                Some(Role::Level2) => (
                    LEVEL2.iter().map(|&(l, _)| l).collect(),
                    self.cur_l2.first().cloned().flatten(),
                ),
                _ => {
                    out.push(c.clone());
                    continue;
                }
            };
            if is_level1(c.key()) || level2_parent(c.key()).is_some() || c.key().is_empty() {
                out.push(c.clone());
                continue;
            }
            // The labels it may be the start of; spellings of one label
            // (服务对象满意度, 服务对象满意度指标) count once, as the shortest.
            let mut completing: Vec<&str> = labels
                .into_iter()
                .filter(|l| l.starts_with(c.key()) && c.key().chars().count() >= 2)
                .collect();
            completing.sort_by_key(|l| l.len());
            if let Some(&shortest) = completing.first()
                && completing.iter().all(|l| l.starts_with(shortest))
            {
                completing.truncate(1);
            }
            let rest_of_current = current
                .as_deref()
                .is_some_and(|cur| cur != c.key() && cur.ends_with(c.key()));
            if completing.len() == 1 {
                let label = completing[0].to_string();
                self.warn(
                    Code::LabelRepaired,
                    "indicators",
                    format!(
                        "row {line_no}: {} read as {label} (a label cut short by a page break or a cell too narrow for it)",
                        c.text
                    ),
                );
                out.push(RowCell {
                    text: label,
                    key: Key::Text,
                    ..c.clone()
                });
            } else if rest_of_current && cells.len() - i >= 2 {
                self.warn(
                    Code::LabelRepaired,
                    "indicators",
                    format!(
                        "row {line_no}: {} is the rest of {} cut by a page break",
                        c.text,
                        current.as_deref().unwrap_or("-")
                    ),
                );
                self.mark(row, c, CellRole::Level1);
            } else {
                out.push(c.clone());
            }
        }
        std::borrow::Cow::Owned(out)
    }

    /// The parts read, with their row counts; a section that filled no
    /// field of a target table is a [`Code::NotTargetTable`] note instead.
    pub fn finish(mut self, at: &str) -> Finished {
        self.close_part();
        // Only a flat table's unit goes on (its unit rows set it).
        let lists_units = self.layout.flat || self.layout.serialized.is_some();
        let no_indicators = self.done.iter().all(|p| p.indicators.is_empty());
        if no_indicators && !self.in_indicators && self.fields < 2 {
            let name = self
                .done
                .first()
                .and_then(|p| p.header.project_name.clone())
                .unwrap_or_else(|| "-".into());
            let rows = self.tally.rows_in;
            self.notes.note(Code::NotTargetTable, format!(
                    "{at}: a table with a 项目名称 row ({name}) but no other field of a performance-target table; its {rows} row(s) were not read"
                ));
            self.tally.rows_warned = rows;
            self.tally.rows_placed = 0;
            self.marks.clear();
            return Finished {
                parts: Vec::new(),
                notes: self.notes,
                tally: self.tally,
                marks: self.marks,
                unit: None,
            };
        }
        // An empty template table (表16 printed with nothing filled in: no
        // project name, indicator names such as `指标1：` and no value): no
        // record, one note.
        let before = self.done.len();
        let rows = self.tally.rows_in;
        self.done.retain(|p| {
            let no_value = |i: &PartIndicator| {
                is_template_text(&i.value.raw) || i.value.kind == ValueKind::Placeholder
            };
            let project = p.layout.kind == crate::domain::layouts::RecordKind::Project;
            // A department table's template prints names as numbering only.
            let empty = p.header.project_name.is_none()
                && (project
                    || (!p.indicators.is_empty()
                        && p.indicators.iter().all(|i| is_template_text(&i.name))))
                && p.indicators.iter().all(no_value);
            !empty
        });
        if self.done.len() < before {
            self.notes.note(Code::EmptyTemplateTable, format!(
                    "{at}: an empty template table (no project name, no indicator value); its {rows} row(s) give no record"
                ));
            if self.done.is_empty() {
                self.tally.rows_warned = rows;
                self.tally.rows_placed = 0;
                self.marks.clear();
            }
        }
        for p in &mut self.done {
            if p.indicators.is_empty() {
                let msg = if self.in_indicators {
                    "the table ends before its first indicator row (cut off?)"
                } else {
                    "the table ends before its indicator section (cut off?)"
                };
                p.warnings
                    .warn(Code::TableTruncated, "indicators", msg.to_string());
            }
        }
        Finished {
            parts: self.done,
            notes: self.notes,
            tally: self.tally,
            marks: self.marks,
            unit: self.cur_unit.filter(|_| lists_units),
        }
    }
}

/// The texts of an indicator row's cells gathered by role (after
/// [`Reader::tail_roles`]): the name with any middle cells joined to it, the
/// comparator, value, unit, weight, direction and explanation.
struct RoleTexts<'c> {
    name: String,
    op: Option<&'static str>,
    raw_value: String,
    unit: Option<String>,
    weight_text: Option<&'c str>,
    direction: Option<String>,
    explanation: Option<String>,
}

impl<'c> RoleTexts<'c> {
    fn gather(
        name_cell: Option<&RowCell>,
        name_extra: Vec<&RowCell>,
        assigned: &[(Role, &'c RowCell)],
        line_no: u32,
        warnings: &mut Diagnostics,
    ) -> Self {
        let mut name = name_cell.map(|c| c.text.clone()).unwrap_or_default();
        for c in name_extra {
            name.push(' ');
            name.push_str(&c.text);
        }
        let mut op = None;
        let mut raw_value = String::new();
        let mut unit = None;
        let mut weight_text: Option<&str> = None;
        let mut direction = None;
        let mut explanation: Option<String> = None;
        let mut op_text: Option<&'c str> = None;
        for (role, c) in assigned {
            match role {
                Role::Op => {
                    op = op_cell(&c.text);
                    op_text = Some(c.text.as_str());
                }
                Role::Value => raw_value = c.text.clone(),
                // A unit cell that names no unit leaves the value as it is.
                Role::Unit if is_no_unit(&c.text) => {}
                Role::Unit => unit = Some(c.text.clone()),
                Role::Weight => weight_text = Some(c.text.as_str()),
                Role::Direction => direction = Some(c.text.clone()),
                Role::Explanation => match explanation.as_mut() {
                    // Several explanation columns (指标值内容, 评分标准, 备注).
                    Some(e) => {
                        e.push('；');
                        e.push_str(&c.text);
                    }
                    None => explanation = Some(c.text.clone()),
                },
                Role::Ignored => {
                    warnings.warn(
                        Code::UnplacedCell,
                        "value",
                        format!(
                            "row {line_no}: cell in a column with no record key: {}",
                            c.text
                        ),
                    );
                }
                _ => {}
            }
        }
        // A comparator and a unit printed in each other's columns (度量单位
        // `≥`, 指标值类型 `%`): read back in place, flagged.
        if let (None, Some(u), Some(t)) = (op, unit.as_deref(), op_text)
            && let Some(o) = op_cell(u).filter(|_| is_printed_unit(t))
        {
            warnings.warn(Code::CellsSwapped, "value", format!(
                    "row {line_no}: comparator {u} printed in the unit column and unit {t} in the comparator's; read as {}{raw_value}{t}",
                    if o.is_empty() { "" } else { u.trim() }
                ));
            op = Some(o);
            unit = Some(t.to_string());
        }
        // Any other text in the comparator's column is no comparator: kept
        // in a warning, not dropped.
        if let (None, Some(t)) = (op, op_text.map(str::trim).filter(|t| !t.is_empty())) {
            warnings.warn(
                Code::UnplacedCell,
                "value",
                format!("row {line_no}: {t} in the comparator's column is no comparator"),
            );
        }
        RoleTexts {
            name,
            op,
            raw_value,
            unit,
            weight_text,
            direction,
            explanation,
        }
    }
}

/// What every indicator read from one row shares besides its levels.
#[derive(Clone, Copy)]
struct Shared<'a> {
    op: Option<&'static str>,
    unit: Option<&'a str>,
    direction: Option<&'a str>,
    explanation: Option<&'a str>,
    ocr_confidence: Option<f32>,
    /// What the row's level-2 cell holds.
    level2_cell: Level2Cell,
}

/// What a section gave.
pub struct Finished {
    pub parts: Vec<ProjectPart>,
    pub notes: Diagnostics,
    pub tally: RowTally,
    pub marks: Vec<CellMark>,
    /// A flat (or serialized) table's unit whose projects its last rows
    /// were (set by a unit row): the table going on on the next page goes
    /// on with it. None for other layouts.
    pub unit: Option<String>,
}

fn self_is_category(k: &str) -> bool {
    is_level1(k) || level2_parent(k).is_some() || looks_like_category(k)
}

/// The slot a block's total fills: the block's own, else the layout's first.
fn block_total(layout: &Layout, block: Option<Block>) -> Option<Slot> {
    block
        .and_then(|b| layout.block_totals.iter().find(|(x, _)| *x == b))
        .or(layout.block_totals.first())
        .map(|&(_, s)| s)
}

/// `年度资金总额：50万` → (field, `50万`) when the text starts with a label.
fn split_fused(layout: &Layout, text: &str) -> Option<(Field, String)> {
    let key = label_key(text);
    let i = key.find(':')?;
    let (label, value) = (&key[..=i], &key[i + 1..]);
    if value.is_empty() {
        return None;
    }
    let field = header_field(Some(layout), label)?;
    if matches!(field, Field::Ignored | Field::Duties) {
        return None;
    }
    let field = match field {
        Field::Funds(FundsLabel::Block(_)) => return None,
        f => f,
    };
    // Keep the published value (with its spaces) after the colon.
    let published = text
        .split_once(['：', ':'])
        .map_or(value.to_string(), |(_, v)| v.trim().to_string());
    Some((field, published))
}

/// Longest label read as a category for standing in a titled level column.
const MAX_COLUMN_CATEGORY_CHARS: usize = 16;

/// Joins a project period printed as a start and an end label.
const PERIOD_JOINER: &str = "至";

/// A repair note quotes a cell's text up to this many characters.
const MAX_QUOTED_CHARS: usize = 40;

/// An amount: `1,234.5`, `50万`, `50万元`; or, out of prose,
/// `中央衔接推进乡村振兴补助资金50` (the number at the end; flagged).
/// Returns the amount and whether it came out of prose.
pub fn parse_funds(text: &str) -> (Option<f64>, bool) {
    if let Some(a) = parse_amount(text) {
        return (Some(a), false);
    }
    let t = crate::normalize::text::clean_value(text).replace(',', "");
    let t = t.trim();
    for suffix in ["万元", "元", "万"] {
        if let Some(n) = t.strip_suffix(suffix)
            && let Some(a) = parse_amount(n)
        {
            return (Some(a), false);
        }
    }
    // A number at the end of prose.
    let body = t.trim_end_matches(['万', '元']);
    let digits: String = body
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if !digits.is_empty() && digits.len() < body.len() {
        let a = digits
            .trim_start_matches('.')
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite());
        return (a, a.is_some());
    }
    (None, false)
}

/// `1,234.5` → 1234.5; None for anything that is not a plain amount (nor
/// for an amount too long for an f64: it would parse as infinity).
pub fn parse_amount(text: &str) -> Option<f64> {
    let t = crate::normalize::text::clean_value(text);
    let t = t.replace(',', "");
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return None;
    }
    t.parse().ok().filter(|n: &f64| n.is_finite())
}

/// A code printed alone (`201056`): digits only, at least [`MIN_CODE_DIGITS`].
fn is_bare_code(text: &str) -> bool {
    text.len() >= MIN_CODE_DIGITS && text.bytes().all(|b| b.is_ascii_digit())
}

/// Most cells of a set-aside label's row under the indicators (the label
/// and its text).
const MAX_SET_ASIDE_CELLS: usize = 2;

/// Fewest digits of a code printed alone in a flat table's code column.
const MIN_CODE_DIGITS: usize = 6;

/// `136001-某某厅` → (`136001`, `某某厅`).
pub(super) fn code_prefix(text: &str) -> Option<(&str, &str)> {
    let (code, rest) = text.split_once(['-', '－', '_', '＿'])?;
    (code.len() >= 2 && code.chars().all(|c| c.is_ascii_digit()) && !rest.trim().is_empty())
        .then(|| (code, rest.trim()))
}

fn drop_code_prefix(text: &str) -> String {
    code_prefix(text).map_or(text, |(_, r)| r).to_string()
}

/// `[015001]武汉市青山区教育局` → (Some(`015001`), `武汉市青山区教育局`).
pub(super) fn split_bracket_code(text: &str) -> (Option<String>, String) {
    let t = text.trim();
    for (open, close) in [('[', ']'), ('【', '】'), ('［', '］')] {
        if let Some(rest) = t.strip_prefix(open)
            && let Some((code, name)) = rest.split_once(close)
            && !code.is_empty()
            && code.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return (Some(code.to_string()), name.trim().to_string());
        }
    }
    (None, t.to_string())
}

/// Labels broken over two cells (`经济效益` | `指标`): joined when together
/// they are a category and the second is a fragment.
fn join_split_labels(cells: &[RowCell]) -> Option<Vec<RowCell>> {
    // Most rows have no split label: nothing is copied until one is found.
    let mut out: Option<Vec<RowCell>> = None;
    let mut i = 0;
    while i < cells.len() {
        if i + 1 < cells.len() {
            let a = &cells[i];
            let b = &cells[i + 1];
            let fragment = !b.key().is_empty() && b.key().chars().count() <= 3;
            if fragment && !is_level1(a.key()) {
                // (Two pushes, not `format!`: this runs for most rows.)
                let mut joined = String::with_capacity(a.key().len() + b.key().len());
                joined.push_str(a.key());
                joined.push_str(b.key());
                if is_level1(&joined) || level2_parent(&joined).is_some() {
                    let out = out.get_or_insert_with(|| cells[..i].to_vec());
                    out.push(RowCell {
                        text: joined,
                        key: Key::Text,
                        ..a.clone()
                    });
                    i += 2;
                    continue;
                }
            }
        }
        if let Some(out) = out.as_mut() {
            out.push(cells[i].clone());
        }
        i += 1;
    }
    out
}

/// The parts of a cell holding several indicators joined by one of
/// [`JOINED_INDICATOR_SEPARATORS`]; one part when it holds none.
fn joined_parts(s: &str) -> Vec<&str> {
    s.split(crate::domain::layouts::JOINED_INDICATOR_SEPARATORS)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// How many parts [`joined_parts`] gives, without collecting them (a text
/// with no separator, the common case, is one part or none).
fn joined_count(s: &str) -> usize {
    use crate::domain::layouts::JOINED_INDICATOR_SEPARATORS as SEPARATORS;
    if !crate::normalize::text::contains_any_char(s, SEPARATORS) {
        return usize::from(!crate::normalize::text::is_blank(s));
    }
    s.split(SEPARATORS)
        .filter(|p| !crate::normalize::text::is_blank(p))
        .count()
}

/// Adds the labels of a lower header row to those above, by column: a
/// column keeps its lowest label.
fn merge_labels(above: &mut Vec<(u32, Field)>, below: Vec<(u32, Field)>) {
    for (col, f) in below {
        above.retain(|(c, _)| *c != col);
        above.push((col, f));
    }
    above.sort_by_key(|(c, _)| *c);
}

/// A cell holding only placeholder marks ([`PLACEHOLDER_MARKS`]): `-`, `/`, `——`.
fn is_placeholder_mark(s: &str) -> bool {
    let t = crate::normalize::text::trim_fast(s);
    !t.is_empty()
        && t.chars()
            .all(|c| crate::domain::layouts::PLACEHOLDER_MARKS.contains(&c) || c.is_whitespace())
}

/// A unit cell that names no unit: placeholder marks or one of
/// [`NO_UNIT_WORDS`](crate::domain::layouts::NO_UNIT_WORDS).
fn is_no_unit(s: &str) -> bool {
    let t = crate::normalize::text::trim_fast(s);
    is_placeholder_mark(t) || crate::domain::layouts::NO_UNIT_WORDS.contains(&t)
}

/// The duties sub-table column a title names ([`DUTY_COLUMNS`]).
fn duty_column(key: &str) -> Option<DutySlot> {
    crate::domain::layouts::DUTY_COLUMNS
        .iter()
        .find(|(p, _)| {
            super::labels::matches(p, key)
                || super::labels::variants(key).any(|v| super::labels::matches(p, v))
        })
        .map(|p| p.1)
}

/// A sub-column of the duties' 预算金额 ([`DUTY_FUNDS_COLUMNS`]). Two titles
/// printed in one cell over one column (西安: `财政拨款 其他资金`) name it by
/// the first.
fn duty_funds_column(key: &str) -> Option<Slot> {
    use crate::domain::layouts::DUTY_FUNDS_COLUMNS;
    let exact = |k: &str| {
        DUTY_FUNDS_COLUMNS
            .iter()
            .find(|(p, _)| *p == k)
            .map(|p| p.1)
    };
    exact(key).or_else(|| {
        DUTY_FUNDS_COLUMNS.iter().find_map(|(p, slot)| {
            key.strip_prefix(p)
                .filter(|r| exact(r).is_some())
                .map(|_| *slot)
        })
    })
}

/// A duties cell that is numbering only (`任务1`, `1`, `（一）`): no name.
fn is_bare_numbering(s: &str) -> bool {
    let t = s.trim();
    let t = crate::domain::layouts::DUTY_NUMBERING_WORDS
        .iter()
        .find_map(|w| t.strip_prefix(w))
        .unwrap_or(t);
    t.chars().all(|c| {
        c.is_ascii_digit() || c.is_whitespace() || "一二三四五六七八九十.、)）(（:：".contains(c)
    })
}

/// Text a template prints where nothing was filled in: empty, numbering
/// (`指标1：`, `目标2：`) or an ellipsis (`……`).
fn is_template_text(s: &str) -> bool {
    let mut t = s.trim();
    loop {
        let before = t.len();
        for prefix in crate::domain::layouts::TEMPLATE_NUMBERING {
            if let Some(rest) = t.strip_prefix(prefix) {
                let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
                if let Some(rest) = rest.strip_prefix([':', '：']) {
                    t = rest.trim_start();
                }
            }
        }
        t = t.trim_start_matches(['…', '.', '。', ' ']);
        if t.len() == before {
            break;
        }
    }
    t.is_empty()
}

/// The parent of level-2 label `level2` by the hierarchy, when it is not
/// `level1` and `level1` is none or one of the specific level-1 labels (a
/// broad one such as 效果指标 holds several): the level 1 it belongs under.
fn other_parent(level1: Option<&str>, level2: &str) -> Option<&'static str> {
    let parent = level2_parent(&label_key(level2))?;
    let cur = level1.map(label_key);
    let cur_known = cur
        .as_deref()
        .is_some_and(|c| LEVEL1.contains(&c) && !BROAD_LEVEL1.contains(&c));
    (cur.as_deref() != Some(parent) && (cur.is_none() || cur_known)).then_some(parent)
}

/// A serialized item's part that is a value: its period and the value
/// after the label (`年度指标值:≥12次` → annual, `≥12次`).
fn serialized_value<'p>(ser: &Serialized, part: &'p str) -> Option<(Period, &'p str)> {
    ser.values.iter().find_map(|(label, period)| {
        part.strip_prefix(label)
            .and_then(|v| v.trim_start().strip_prefix([':', '：']))
            .map(|v| (*period, v.trim()))
    })
}

/// The numbered items of a serialized indicator cell (`1、…。2、…。`).
fn serialized_items(text: &str) -> Vec<&str> {
    let mut starts = Vec::new();
    let b = text.as_bytes();
    for (i, _) in text.char_indices() {
        let at_start =
            i == 0 || text[..i].ends_with('。') || text[..i].ends_with(char::is_whitespace);
        if !at_start || !b[i].is_ascii_digit() {
            continue;
        }
        let digits = text[i..].bytes().take_while(u8::is_ascii_digit).count();
        if text[i + digits..].starts_with('、') {
            starts.push((i, i + digits + '、'.len_utf8()));
        }
    }
    starts
        .iter()
        .enumerate()
        .map(|(k, &(_, body))| {
            let end = starts.get(k + 1).map_or(text.len(), |n| n.0);
            text[body..end].trim()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// A level label without its code (`11-数量指标` → `数量指标`).
fn drop_level_code(s: &str) -> &str {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    match s[digits..].strip_prefix(['-', '－', '.']) {
        Some(rest) if digits > 0 => rest.trim(),
        _ => s.trim(),
    }
}

/// A row's cells as `a | b | c`, for notes that quote it.
pub(super) fn joined(row: &Row) -> String {
    row.cells
        .iter()
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duty_funds_columns() {
        assert_eq!(duty_funds_column("财政拨款"), Some(Slot::AnnualFiscal));
        // Two titles in one cell over one column: the first names it.
        assert_eq!(
            duty_funds_column("财政拨款其他资金"),
            Some(Slot::AnnualFiscal)
        );
        assert_eq!(duty_funds_column("财政拨款项目"), None);
    }

    #[test]
    fn funds_cells() {
        assert_eq!(parse_funds("1,125.00"), (Some(1125.0), false));
        assert_eq!(parse_funds("50万"), (Some(50.0), false));
        assert_eq!(
            parse_funds("中央衔接推进乡村振兴补助资金(少数民族发展任务)50"),
            (Some(50.0), true)
        );
        assert_eq!(parse_funds("无"), (None, false));
    }

    #[test]
    fn joined_count_is_the_count_of_joined_parts() {
        for s in [
            "",
            " ",
            "；",
            "a",
            " a ",
            "a；b",
            "a;b；",
            "；a；；b；",
            "物业管理面积；服务人次",
            "17839平方米；每天3000人次",
            "≥95%",
            " ; ",
        ] {
            assert_eq!(joined_count(s), joined_parts(s).len(), "{s:?}");
        }
    }

    #[test]
    fn codes() {
        assert_eq!(
            split_bracket_code("[015001]武汉市青山区教育局"),
            (Some("015001".into()), "武汉市青山区教育局".into())
        );
        assert_eq!(drop_code_prefix("136001-某某厅"), "某某厅");
        assert_eq!(drop_code_prefix("某某厅"), "某某厅");
    }
}
