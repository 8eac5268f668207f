//! Grids → project parts. Every table row is put back by what it holds, not
//! where it stands: header labels pair with the value cell after them,
//! indicator rows are read as [level 1] [level 2] name value, and a row that
//! omits its levels inherits them from the row above.
//!
//! Every non-empty row is counted in; each ends up placed (it filled a field
//! or an indicator) or warned (a warning names it).

use crate::domain::HeaderField;
use crate::model::{Block, Cell, Grid, Note};
use crate::normalize::labels::{
    header_field, indicator_column, is_cost, is_cost_child, is_level1, is_table_caption,
    is_table_title, level2_parent, unit_line,
};
use crate::normalize::text::{clean, label_key};
use crate::normalize::value::{self, Value, ValueKind};

/// Document-level facts read from the lines around the tables.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocContext {
    pub title: Option<String>,
    pub publisher: Option<String>,
    /// ISO date.
    pub published: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Funds {
    pub project_total: Option<f64>,
    pub annual_total: Option<f64>,
    pub own_total: Option<f64>,
    pub own_fiscal: Option<f64>,
    pub own_other: Option<f64>,
    pub own_carryover: Option<f64>,
    pub transfer_total: Option<f64>,
    pub transfer_central: Option<f64>,
    pub transfer_regional: Option<f64>,
}

/// The header block of a project table; two parts whose headers are equal
/// are parts of one project.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    pub project_name: Option<String>,
    pub competent_department: Option<String>,
    pub implementing_unit: Option<String>,
    pub project_attribute: Option<String>,
    pub project_period: Option<String>,
    pub funds: Funds,
    pub annual_goal: Option<String>,
}

/// A warning before it has a place in a record: `field` is the path inside
/// the indicator (`value`, `name`, `level1`) or inside the record.
#[derive(Debug, Clone, PartialEq)]
pub struct PartWarning {
    pub code: &'static str,
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartIndicator {
    pub level1: Option<String>,
    pub level2: Option<String>,
    pub name: String,
    pub value: Value,
    pub page: Option<u32>,
    /// 1-based row of the part's table, header rows included.
    pub row: u32,
    pub warnings: Vec<PartWarning>,
}

/// One printed table of one project (a continuation table gives several).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectPart {
    pub year: Option<i32>,
    pub amount_unit: Option<String>,
    pub header: Header,
    pub indicators: Vec<PartIndicator>,
    /// Record-level warnings (`field` is a record path such as `funds`).
    pub warnings: Vec<PartWarning>,
    pub page: Option<u32>,
    pub line: Option<u32>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowTally {
    pub rows_in: usize,
    pub rows_placed: usize,
    pub rows_warned: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub context: DocContext,
    pub parts: Vec<ProjectPart>,
    /// Warnings about rows outside any project table.
    pub notes: Vec<Note>,
    pub tally: RowTally,
    pub marks: Vec<crate::model::CellMark>,
}

/// Labels are short; longer cells are never compared as labels.
const MAX_LABEL_CHARS: usize = 24;

/// A non-empty cell after cleanup, with its label key (empty when the cell
/// is too long to be a label).
#[derive(Clone)]
struct RowCell {
    col: u32,
    text: String,
    key: String,
}

#[derive(Clone, Copy, PartialEq)]
enum Block2 {
    Own,
    Transfer,
}

/// Column positions from the indicator header row.
#[derive(Clone, Copy)]
struct Columns {
    level1: u32,
    level2: u32,
    name: u32,
}

impl Default for Columns {
    fn default() -> Self {
        Columns {
            level1: 0,
            level2: 1,
            name: 2,
        }
    }
}

/// Builds one part row by row.
struct PartBuilder {
    part: ProjectPart,
    rows: u32,
    in_indicators: bool,
    columns: Columns,
    fund_block: Option<Block2>,
    cur_l1: Option<String>,
    cur_l2: Option<String>,
    /// Header fields other than 项目名称 that were filled.
    fields: usize,
    placed: usize,
    warned: usize,
}

/// What became of a finished part.
#[allow(clippy::large_enum_variant)] // one per part, moved once
enum Finished {
    Part(ProjectPart),
    /// A table with a 项目名称 row but none of the target table's other
    /// fields (a 项目支出表 with 项目名称 | 金额 columns): not read.
    NotTarget(Note),
}

impl PartBuilder {
    fn new(year: Option<i32>, unit: Option<String>, page: Option<u32>, line: Option<u32>) -> Self {
        PartBuilder {
            part: ProjectPart {
                year,
                amount_unit: unit,
                page,
                line,
                ..ProjectPart::default()
            },
            rows: 0,
            in_indicators: false,
            columns: Columns::default(),
            fund_block: None,
            cur_l1: None,
            cur_l2: None,
            fields: 0,
            placed: 0,
            warned: 0,
        }
    }

    fn warn(&mut self, code: &'static str, field: &str, message: String) {
        self.part.warnings.push(PartWarning {
            code,
            field: field.to_string(),
            message,
        });
    }

    /// Feeds one non-empty row; returns true when the row was placed.
    fn row(&mut self, cells: &[RowCell], page: Option<u32>) -> bool {
        self.rows += 1;
        let first = cells[0].key.as_str();
        if indicator_column(first) == Some(0) {
            self.indicator_header(cells);
            return true;
        }
        if !self.in_indicators && (is_level1(first) || level2_parent(first).is_some()) {
            // Indicator rows with no 一级指标 header row before them.
            self.in_indicators = true;
        }
        if self.in_indicators {
            if header_field(first).is_some_and(|f| f != HeaderField::IndicatorHeader) {
                // A header label in the indicator section: read it as header.
                return self.header_row(cells);
            }
            self.indicator_row(cells, page)
        } else {
            self.header_row(cells)
        }
    }

    fn indicator_header(&mut self, cells: &[RowCell]) {
        self.in_indicators = true;
        let mut cols = Columns::default();
        for c in cells {
            match indicator_column(&c.key) {
                Some(0) => cols.level1 = c.col,
                Some(1) => cols.level2 = c.col,
                Some(2) => cols.name = c.col,
                _ => {}
            }
        }
        self.columns = cols;
    }

    fn header_row(&mut self, cells: &[RowCell]) -> bool {
        let mut pending: Option<HeaderField> = None;
        let mut placed = false;
        let mut stray = Vec::new();
        for c in cells {
            if let Some(field) = header_field(&c.key) {
                placed = true;
                match field {
                    HeaderField::OwnLevelBlock => self.fund_block = Some(Block2::Own),
                    HeaderField::TransferBlock => self.fund_block = Some(Block2::Transfer),
                    _ => {}
                }
                pending = Some(match field {
                    HeaderField::OwnLevelBlock | HeaderField::TransferBlock => {
                        HeaderField::BlockTotal
                    }
                    f => f,
                });
            } else if let Some(field) = pending.take() {
                self.assign(field, &c.text);
                placed = true;
            } else {
                stray.push(c.text.as_str());
            }
        }
        if !stray.is_empty() {
            let msg = format!(
                "row {}: cell(s) with no label: {}",
                self.rows,
                stray.join(" | ")
            );
            self.warn("unplaced_cell", "", msg);
        }
        placed
    }

    fn assign(&mut self, field: HeaderField, text: &str) {
        if field != HeaderField::ProjectName {
            self.fields += 1;
        }
        let h = &mut self.part.header;
        let text_value = text.to_string();
        let set_text = |slot: &mut Option<String>| *slot = Some(text_value.clone());
        match field {
            HeaderField::ProjectName => set_text(&mut h.project_name),
            HeaderField::CompetentDepartment => set_text(&mut h.competent_department),
            HeaderField::ImplementingUnit => set_text(&mut h.implementing_unit),
            HeaderField::ProjectAttribute => set_text(&mut h.project_attribute),
            HeaderField::ProjectPeriod => set_text(&mut h.project_period),
            HeaderField::AnnualGoal => set_text(&mut h.annual_goal),
            HeaderField::OwnLevelBlock
            | HeaderField::TransferBlock
            | HeaderField::IndicatorHeader => {}
            _ => {
                let amount = parse_amount(text);
                let slot = match (field, self.fund_block) {
                    (HeaderField::ProjectTotal, _) => &mut h.funds.project_total,
                    (HeaderField::AnnualTotal, _) => &mut h.funds.annual_total,
                    (HeaderField::BlockTotal, Some(Block2::Transfer)) => {
                        &mut h.funds.transfer_total
                    }
                    (HeaderField::BlockTotal, _) => &mut h.funds.own_total,
                    (HeaderField::OwnFiscal, _) => &mut h.funds.own_fiscal,
                    (HeaderField::OwnOther, _) => &mut h.funds.own_other,
                    (HeaderField::OwnCarryover, _) => &mut h.funds.own_carryover,
                    (HeaderField::TransferCentral, _) => &mut h.funds.transfer_central,
                    _ => &mut h.funds.transfer_regional,
                };
                *slot = amount;
                if amount.is_none() {
                    let msg = format!("row {}: amount not a number: {}", self.rows, text_value);
                    self.warn("amount_unparsed", "funds", msg);
                }
            }
        }
    }

    /// A row-span label cut in two by a page break (PDF only, where columns
    /// are real): `产出` at the foot of one page reads as `产出指标`, and the
    /// `指标` at the head of the next is the rest of the label above.
    fn repair_cut_labels(&mut self, cells: &[RowCell]) -> Option<Vec<RowCell>> {
        let cols = self.columns;
        let mut out: Vec<RowCell> = Vec::with_capacity(cells.len());
        let mut changed = false;
        for (i, c) in cells.iter().enumerate() {
            let column: Option<(Vec<&str>, Option<String>)> = if c.col == cols.level1 {
                Some((crate::domain::LEVEL1.to_vec(), self.cur_l1.clone()))
            } else if c.col == cols.level2 {
                let l2 = crate::domain::LEVEL2.iter().map(|&(l, _)| l).collect();
                Some((l2, self.cur_l2.clone()))
            } else {
                None
            };
            let Some((labels, current)) = column else {
                out.push(c.clone());
                continue;
            };
            if is_level1(&c.key) || level2_parent(&c.key).is_some() || c.key.is_empty() {
                out.push(c.clone());
                continue;
            }
            let completing: Vec<&str> = labels
                .into_iter()
                .filter(|l| l.starts_with(c.key.as_str()) && c.key.chars().count() >= 2)
                .collect();
            let rest_of_current = current
                .as_deref()
                .is_some_and(|cur| cur != c.key && cur.ends_with(c.key.as_str()));
            if completing.len() == 1 {
                let label = completing[0].to_string();
                self.warn(
                    "label_repaired",
                    "indicators",
                    format!(
                        "row {}: {} read as {label} (a label cut by a page break)",
                        self.rows, c.text
                    ),
                );
                out.push(RowCell {
                    col: c.col,
                    text: label.clone(),
                    key: label,
                });
                changed = true;
            } else if rest_of_current && cells.len() - i >= 2 {
                self.warn(
                    "label_repaired",
                    "indicators",
                    format!(
                        "row {}: {} is the rest of {} cut by a page break",
                        self.rows,
                        c.text,
                        current.as_deref().unwrap_or("-")
                    ),
                );
                changed = true;
            } else {
                out.push(c.clone());
            }
        }
        changed.then_some(out)
    }

    fn indicator_row(&mut self, cells: &[RowCell], page: Option<u32>) -> bool {
        let repaired = if page.is_some() {
            self.repair_cut_labels(cells)
        } else {
            None
        };
        let cells = repaired.as_deref().unwrap_or(cells);
        if cells.is_empty() {
            return false;
        }
        let row = self.rows;
        let cols = self.columns;
        let keys: Vec<&str> = cells.iter().map(|c| c.key.as_str()).collect();
        let mut i = 0;
        let mut l1: Option<String> = None;
        let mut l2: Option<String> = None;
        let mut shifted = false;
        let mut inferred_l1 = false;
        if is_level1(keys[0]) {
            if is_cost(keys[0]) && !keys.get(1).is_some_and(|k| is_cost_child(k)) {
                // Older template: 成本指标 is the level-2 category under 产出指标.
                l2 = Some(cells[0].text.clone());
                shifted |= cells[0].col < cols.level2;
            } else {
                l1 = Some(cells[0].text.clone());
            }
            i = 1;
        }
        if l2.is_none() && i < cells.len() && level2_parent(keys[i]).is_some() {
            l2 = Some(cells[i].text.clone());
            shifted |= cells[i].col < cols.level2;
            i += 1;
        }
        let rest = &cells[i..];
        if let Some(c) = rest.first() {
            shifted |= c.col < cols.name;
        }

        // Update the running hierarchy.
        let before = (self.cur_l1.clone(), self.cur_l2.clone());
        if let Some(a) = &l1 {
            self.cur_l1 = Some(a.clone());
            self.cur_l2 = None;
        }
        if let Some(b) = &l2 {
            let key = label_key(b);
            // The hierarchy table gives every level-2 category its parent
            // (成本指标 → 产出指标 in the older template).
            let parent = level2_parent(&key).unwrap_or("");
            if l1.is_none() && self.cur_l1.as_deref().map(label_key).as_deref() != Some(parent) {
                self.cur_l1 = Some(parent.to_string());
                inferred_l1 = true;
            }
            self.cur_l2 = Some(b.clone());
        }
        let mut warnings = Vec::new();
        if shifted && l1.is_none() {
            let what = if inferred_l1 || l2.is_none() {
                "level1 and level2"
            } else {
                "level1"
            };
            let taken = match (&l2, inferred_l1) {
                (Some(_), true) => "from the level-2 category's parent".to_string(),
                _ => format!(
                    "from the row above ({} / {})",
                    before.0.as_deref().unwrap_or("-"),
                    before.1.as_deref().unwrap_or("-")
                ),
            };
            warnings.push(PartWarning {
                code: "level_inferred",
                field: "level1".into(),
                message: format!("row {row} is shifted left; {what} taken {taken}"),
            });
        } else if inferred_l1 && l1.is_none() && before.0.is_some() {
            warnings.push(PartWarning {
                code: "level_inferred",
                field: "level1".into(),
                message: format!(
                    "row {row}: level1 set to {} as the parent of {}",
                    self.cur_l1.as_deref().unwrap_or("-"),
                    l2.as_deref().unwrap_or("-")
                ),
            });
        }

        let (name, raw_value) = match rest.len() {
            0 => {
                let msg = format!(
                    "row {row} holds only category labels ({}), no indicator",
                    cells
                        .iter()
                        .map(|c| c.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" | ")
                );
                self.warn("empty_indicator_row", "indicators", msg);
                return false;
            }
            1 => {
                let (v, _) = value::parse_cleaned(&rest[0].text);
                if v.kind == ValueKind::Text {
                    warnings.push(PartWarning {
                        code: "missing_value",
                        field: "value".into(),
                        message: format!("row {row} has a name and no value"),
                    });
                    (rest[0].text.clone(), String::new())
                } else {
                    warnings.push(PartWarning {
                        code: "missing_name",
                        field: "name".into(),
                        message: format!("row {row} has a value and no name"),
                    });
                    (String::new(), rest[0].text.clone())
                }
            }
            n => {
                if n > 2 {
                    warnings.push(PartWarning {
                        code: "extra_cells",
                        field: "name".into(),
                        message: format!(
                            "row {row} has {n} cells after the levels; the middle ones were joined to the name"
                        ),
                    });
                }
                let name = rest[..n - 1]
                    .iter()
                    .map(|c| c.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                (name, rest[n - 1].text.clone())
            }
        };
        let (value, repairs) = value::parse_cleaned(&raw_value);
        for r in repairs {
            warnings.push(PartWarning {
                code: r.code,
                field: "value".into(),
                message: r.message,
            });
        }
        self.part.indicators.push(PartIndicator {
            level1: self.cur_l1.clone(),
            level2: self.cur_l2.clone(),
            name,
            value,
            page,
            row,
            warnings,
        });
        true
    }

    /// Feeds a row and counts it placed or warned.
    fn take_row(&mut self, cells: &[RowCell], page: Option<u32>) {
        if self.row(cells, page) {
            self.placed += 1;
        } else {
            self.warned += 1;
        }
    }

    /// Whether a table that does not start with 项目名称 goes on with this
    /// part (a page break inside the table), judged by its first row.
    fn continues_with(&self, cells: &[RowCell]) -> bool {
        let key = cells[0].key.as_str();
        if indicator_column(key) == Some(0) || is_level1(key) || level2_parent(key).is_some() {
            return true;
        }
        if self.in_indicators {
            return cells.len() >= 2;
        }
        header_field(key).is_some()
    }

    fn finish(mut self, tally: &mut RowTally) -> Finished {
        if self.part.indicators.is_empty() && !self.in_indicators && self.fields < 2 {
            tally.rows_warned += self.placed + self.warned;
            let at = match (self.part.page, self.part.line) {
                (_, Some(l)) => format!("line {l}"),
                (Some(p), None) => format!("page {p}"),
                _ => "a table".into(),
            };
            return Finished::NotTarget(Note {
                code: "not_target_table",
                message: format!(
                    "{at}: a table with a 项目名称 row ({}) but no other field of a performance-target table; its {} row(s) were not read",
                    self.part.header.project_name.as_deref().unwrap_or("-"),
                    self.placed + self.warned
                ),
            });
        }
        tally.rows_placed += self.placed;
        tally.rows_warned += self.warned;
        if self.part.indicators.is_empty() {
            let msg = if self.in_indicators {
                "the table ends before its first indicator row (cut off?)"
            } else {
                "the table ends before its indicator section (cut off?)"
            };
            self.warn("table_truncated", "indicators", msg.to_string());
        }
        Finished::Part(self.part)
    }
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

/// `(2025年)` → 2025.
fn year_line(text: &str) -> Option<i32> {
    if text.len() > 3 * MAX_LABEL_CHARS {
        return None;
    }
    let key = label_key(text);
    let inner = key.strip_prefix('(')?.strip_suffix(')')?;
    let y = inner
        .strip_suffix("年度")
        .or_else(|| inner.strip_suffix('年'))?;
    (y.len() == 4).then(|| y.parse().ok()).flatten()
}

/// The first four-digit year followed by 年 in a title.
pub fn year_in(text: &str) -> Option<i32> {
    let key = label_key(text);
    let b = key.as_bytes();
    (0..b.len().saturating_sub(4)).find_map(|i| {
        let y = &key.get(i..i + 4)?;
        (y.bytes().all(|c| c.is_ascii_digit())
            && key[i + 4..].starts_with('年')
            && (i == 0 || !b[i - 1].is_ascii_digit()))
        .then(|| y.parse().ok())
        .flatten()
    })
}

/// `2025 年 2 月 21 日` → `2025-02-21`.
fn date_line(text: &str) -> Option<String> {
    if text.len() > 3 * MAX_LABEL_CHARS {
        return None;
    }
    let key = label_key(text);
    let (v, _) = value::parse(&key);
    match (v.kind, v.date) {
        (ValueKind::Date, Some(d)) if d.len() == 10 && key.ends_with('日') => Some(d),
        _ => None,
    }
}

/// The grid's cells bucketed by row, in listing order (left to right). One
/// pass over the cells: asking [`Grid::row_cells`] for each row scans every
/// cell once per row, which is quadratic in the size of the table (a 64 KB
/// file of short tab rows took seconds).
fn cells_by_row(grid: &Grid) -> Vec<Vec<&Cell>> {
    let mut rows: Vec<Vec<&Cell>> = vec![Vec::new(); grid.rows as usize];
    for c in &grid.cells {
        if let Some(r) = rows.get_mut(c.row as usize) {
            r.push(c);
        }
    }
    rows
}

fn row_cells(cells: &[&Cell]) -> Vec<RowCell> {
    cells
        .iter()
        .filter_map(|c| {
            let text = clean(&c.text);
            let key = if text.chars().count() <= MAX_LABEL_CHARS {
                label_key(&text)
            } else {
                String::new()
            };
            (!text.is_empty()).then_some(RowCell {
                col: c.col,
                text,
                key,
            })
        })
        .collect()
}

/// Reads the blocks of one document into its context and project parts.
pub fn parts(blocks: &[Block]) -> Parsed {
    let mut out = Parsed::default();
    let mut year: Option<i32> = None;
    let mut unit: Option<String> = None;
    let mut prev_line: Option<String> = None;
    let mut seen_table = false;
    // A table title between two tables means the second is another table,
    // not the first one going on after a page break.
    let mut title_since_table = false;
    let mut current: Option<PartBuilder> = None;
    let finish = |b: PartBuilder, out: &mut Parsed| match b.finish(&mut out.tally) {
        Finished::Part(p) => out.parts.push(p),
        Finished::NotTarget(note) => out.notes.push(note),
    };
    for block in blocks {
        match block {
            Block::Line(line) => {
                let text = clean(line.text.trim_start_matches('#'));
                if text.is_empty() {
                    continue;
                }
                if let Some(y) = year_line(&text) {
                    year = Some(y);
                } else if let Some(u) = (text.len() <= 3 * MAX_LABEL_CHARS)
                    .then(|| unit_line(&text))
                    .flatten()
                {
                    unit = Some(u);
                } else if !seen_table {
                    if out.context.title.is_none() {
                        out.context.title = Some(text.clone());
                    } else if let Some(d) = date_line(&text) {
                        out.context.published = Some(d);
                        out.context.publisher = prev_line.clone();
                    }
                } else if is_table_title(&text) && year.is_none() {
                    year = year_in(&text);
                }
                if is_table_caption(&text) {
                    title_since_table = true;
                }
                prev_line = Some(text);
            }
            Block::Table(grid) => {
                seen_table = true;
                let mut first_row = true;
                for (r, row) in cells_by_row(grid).iter().enumerate() {
                    let cells = row_cells(row);
                    if cells.is_empty() {
                        continue;
                    }
                    out.tally.rows_in += 1;
                    let origin = grid.row_origin.get(r).copied().unwrap_or_default();
                    let starts_project =
                        header_field(&cells[0].key) == Some(HeaderField::ProjectName);
                    if first_row && !starts_project {
                        // Another table, unless it continues the open part.
                        let goes_on = !title_since_table
                            && current.as_ref().is_some_and(|b| b.continues_with(&cells));
                        if !goes_on && let Some(b) = current.take() {
                            finish(b, &mut out);
                        }
                    }
                    first_row = false;
                    if starts_project {
                        if let Some(b) = current.take() {
                            finish(b, &mut out);
                        }
                        let y = year.or_else(|| out.context.title.as_deref().and_then(year_in));
                        current = Some(PartBuilder::new(y, unit.clone(), origin.page, origin.line));
                    }
                    match current.as_mut() {
                        Some(b) => b.take_row(&cells, origin.page),
                        None => {
                            out.tally.rows_warned += 1;
                            let at = match (origin.page, origin.line) {
                                (_, Some(l)) => format!("line {l}"),
                                (Some(p), None) => format!("page {p}"),
                                _ => "a table".into(),
                            };
                            out.notes.push(Note {
                                code: "row_outside_project",
                                message: format!(
                                    "{at}: row outside any project table, not read: {}",
                                    cells
                                        .iter()
                                        .map(|c| c.text.as_str())
                                        .collect::<Vec<_>>()
                                        .join(" | ")
                                ),
                            });
                        }
                    }
                }
                title_since_table = false;
            }
        }
    }
    if let Some(b) = current.take() {
        finish(b, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::text::blocks;

    fn parse_tsv(rows: &[&str]) -> Parsed {
        let lines: Vec<String> = rows.iter().map(|s| s.to_string()).collect();
        parts(&blocks(&lines))
    }

    const HEADER: &[&str] = &[
        "项目名称\t\t测试项目\t\t\t",
        "主管部门\t\t某厅\t实施单位\t某厅\t",
        "项目属性\t\t02-经常性项目\t项目期\t1年\t",
        "项目总额\t\t10\t其中:年度资金总额\t10\t",
        "其中：本级资金\t资金总额\t4\t其中：转移市县（区）资金\t资金总额\t6",
        "\t其中：财政拨款\t4\t\t其中：中央资金\t1",
        "\t其他资金\t0\t\t省级资金\t5",
        "\t结余结转资金\t0\t\t\t",
        "年度总体 绩效目标\t完成任务。\t\t\t\t",
    ];

    fn table(indicators: &[&str]) -> Parsed {
        let mut rows: Vec<&str> = HEADER.to_vec();
        rows.push("一级指标\t二级指标\t三级指标\t\t指标值\t");
        rows.extend_from_slice(indicators);
        parse_tsv(&rows)
    }

    fn levels(p: &Parsed) -> Vec<(String, String, String)> {
        p.parts[0]
            .indicators
            .iter()
            .map(|i| {
                (
                    i.level1.clone().unwrap_or_default(),
                    i.level2.clone().unwrap_or_default(),
                    i.name.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn header_labels_pair_with_values_wherever_they_stand() {
        let p = table(&["产出指标\t数量指标\t甲\t\t1项\t"]);
        let h = &p.parts[0].header;
        assert_eq!(h.project_name.as_deref(), Some("测试项目"));
        assert_eq!(h.competent_department.as_deref(), Some("某厅"));
        assert_eq!(h.project_period.as_deref(), Some("1年"));
        assert_eq!(h.annual_goal.as_deref(), Some("完成任务。"));
        let f = &h.funds;
        assert_eq!((f.project_total, f.annual_total), (Some(10.0), Some(10.0)));
        assert_eq!(
            (f.own_total, f.own_fiscal, f.own_other),
            (Some(4.0), Some(4.0), Some(0.0))
        );
        // 资金总额 is read in the block it sits in; 省级资金 is the regional share.
        assert_eq!(f.transfer_total, Some(6.0));
        assert_eq!(
            (f.transfer_central, f.transfer_regional),
            (Some(1.0), Some(5.0))
        );
        assert_eq!(p.tally.rows_in, p.tally.rows_placed + p.tally.rows_warned);
    }

    #[test]
    fn rows_classified_by_content_and_levels_inherited() {
        let p = table(&[
            "产出指标\t数量指标\t甲\t\t1项\t",
            "\t\t乙\t\t2项\t",
            "\t质量指标\t丙\t\t100%\t",
            // Shifted left: name in the level-2 column.
            "\t丁\t\t\t≥90%\t",
            // Shifted right: level 2 in the name column.
            "\t\t时效指标\t\t戊\t2025年12月底",
            // Older template: 成本指标 in column 0 is level 2 under 产出指标.
            "成本指标\t己\t\t≤2万元\t\t",
            "庚\t\t≤3万元\t\t\t",
            "效益指标\t社会效益\t辛\t\t持续提升\t",
            "可持续影响\t壬\t\t长期\t\t",
            "满意度指标\t服务对象满意度\t癸\t\t≥95%\t",
        ]);
        let l = levels(&p);
        let want = [
            ("产出指标", "数量指标", "甲"),
            ("产出指标", "数量指标", "乙"),
            ("产出指标", "质量指标", "丙"),
            ("产出指标", "质量指标", "丁"),
            ("产出指标", "时效指标", "戊"),
            ("产出指标", "成本指标", "己"),
            ("产出指标", "成本指标", "庚"),
            ("效益指标", "社会效益", "辛"),
            ("效益指标", "可持续影响", "壬"),
            ("满意度指标", "服务对象满意度", "癸"),
        ];
        for (got, want) in l.iter().zip(want) {
            assert_eq!((got.0.as_str(), got.1.as_str(), got.2.as_str()), want);
        }
        let values: Vec<&str> = p.parts[0]
            .indicators
            .iter()
            .map(|i| i.value.raw.as_str())
            .collect();
        assert_eq!(values[3], "≥90%");
        assert_eq!(values[4], "2025年12月底");
        assert_eq!(values[6], "≤3万元");
        // Shifted rows say that their levels were inferred; in-place rows do not.
        let inferred: Vec<u32> = p.parts[0]
            .indicators
            .iter()
            .filter(|i| i.warnings.iter().any(|w| w.code == "level_inferred"))
            .map(|i| i.row)
            .collect();
        assert_eq!(inferred, [14, 16, 17, 19]);
        assert_eq!(p.tally.rows_in, 20);
        assert_eq!(p.tally.rows_placed, 20);
    }

    #[test]
    fn cost_is_level_one_in_the_2021_template() {
        let p = table(&[
            "产出指标\t数量指标\t甲\t\t1项\t",
            "成本指标\t经济成本指标\t乙\t\t≤5万元\t",
            "\t社会成本指标\t丙\t\t无\t",
            "效益指标\t社会效益指标\t丁\t\t提升\t",
        ]);
        let l = levels(&p);
        assert_eq!(
            (l[1].0.as_str(), l[1].1.as_str()),
            ("成本指标", "经济成本指标")
        );
        assert_eq!(
            (l[2].0.as_str(), l[2].1.as_str()),
            ("成本指标", "社会成本指标")
        );
        assert_eq!(l[3].0, "效益指标");
    }

    #[test]
    fn row_with_only_a_name_or_only_labels_is_flagged_not_lost() {
        let p = table(&["产出指标\t数量指标\t甲\t\t\t", "效益指标\t经济效益\t\t\t\t"]);
        let part = &p.parts[0];
        assert_eq!(part.indicators.len(), 1);
        assert_eq!(part.indicators[0].warnings[0].code, "missing_value");
        assert!(
            part.warnings
                .iter()
                .any(|w| w.code == "empty_indicator_row")
        );
        assert_eq!(p.tally.rows_warned, 1);
        assert_eq!(p.tally.rows_in, p.tally.rows_placed + p.tally.rows_warned);
    }

    /// Cells of a PDF-like grid row (real columns, a page number).
    fn pdf_rows(rows: &[(u32, &[(u32, &str)])]) -> Vec<Block> {
        let mut lines: Vec<String> = HEADER.iter().map(|s| s.to_string()).collect();
        lines.push("一级指标\t二级指标\t三级指标\t\t指标值\t".into());
        let mut b = blocks(&lines);
        let crate::model::Block::Table(g) = &mut b[0] else {
            panic!()
        };
        for o in &mut g.row_origin {
            o.page = Some(1);
        }
        for (page, cells) in rows {
            let row = g.rows;
            for &(col, text) in cells.iter() {
                g.cells.push(crate::model::Cell {
                    row,
                    col,
                    rowspan: 1,
                    colspan: 1,
                    text: text.into(),
                    page: Some(*page),
                    bbox: None,
                    ocr_confidence: None,
                });
            }
            g.rows += 1;
            g.row_origin.push(crate::model::RowOrigin {
                page: Some(*page),
                line: None,
            });
        }
        b
    }

    #[test]
    fn a_label_cut_by_a_page_break_is_put_back() {
        let b = pdf_rows(&[
            (
                1,
                &[(0, "效益指标"), (1, "社会效益"), (2, "甲"), (4, "提升")],
            ),
            (
                1,
                &[(0, "满意"), (1, "服务对象满意度"), (2, "乙"), (4, "≥90%")],
            ),
            (2, &[(0, "度指标"), (2, "丙"), (4, "≥95%")]),
        ]);
        let p = parts(&b);
        let l = levels(&p);
        assert_eq!(
            l[1],
            ("满意度指标".into(), "服务对象满意度".into(), "乙".into())
        );
        assert_eq!(
            l[2],
            ("满意度指标".into(), "服务对象满意度".into(), "丙".into())
        );
        let w: Vec<_> = p.parts[0]
            .warnings
            .iter()
            .filter(|w| w.code == "label_repaired")
            .collect();
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!(p.tally.rows_in, p.tally.rows_placed + p.tally.rows_warned);
    }

    #[test]
    fn a_project_name_table_without_target_fields_is_no_record() {
        let p = parse_tsv(&["项目名称\t金额", "办公楼维修\t12.5", "设备购置\t3"]);
        assert!(p.parts.is_empty());
        assert_eq!(p.notes[0].code, "not_target_table");
        assert_eq!(p.tally.rows_warned, 3);
    }

    #[test]
    fn another_table_after_a_title_is_not_a_continuation() {
        let mut rows: Vec<&str> = HEADER.to_vec();
        rows.push("一级指标\t二级指标\t三级指标\t指标值");
        rows.push("产出指标\t数量指标\t甲\t1项");
        rows.push("表5 三公经费预算表");
        rows.push("项目\t金额");
        rows.push("公务接待费\t2");
        let p = parse_tsv(&rows);
        assert_eq!(p.parts.len(), 1);
        assert_eq!(p.parts[0].indicators.len(), 1);
        assert_eq!(p.notes.len(), 2);
        assert!(p.notes.iter().all(|n| n.code == "row_outside_project"));
    }
}
