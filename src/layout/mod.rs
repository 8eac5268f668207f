//! Stage 3, layout: blocks (lines and grids) → project parts.
//!
//! The document is read in three steps:
//! 1. lines around the tables give the context (title, year, amount unit,
//!    publisher and date, the budget unit);
//! 2. table rows are cut into sections, one per printed project table (a
//!    section starts at a 项目名称 / 部门(单位)名称 row or a flat export's
//!    column-title row; a table broken by a page break goes on with the open
//!    section);
//! 3. each section is matched to a layout family by the labels it holds
//!    ([`crate::domain::layouts::LAYOUTS`], first match wins) and read by
//!    [`reader::Reader`] with that layout. A section that matches none, or
//!    is a self-evaluation table, gives a note and no part.
//!
//! Every non-empty row is counted in; each ends up placed (it filled a
//! field or an indicator) or warned (a warning or note names it).

pub mod indicator;
pub mod numbered;
/// The label lookups live with the data they read ([`crate::domain::labels`]),
/// so the table stage can use them without importing this stage.
pub use crate::domain::labels;
pub mod part;
pub mod reader;
pub mod self_eval;

use crate::diag::Code;
use crate::diag::Diagnostics;
use crate::domain::layouts::{Field, LAYOUTS, Layout};
use crate::model::{Block, Cell, Grid};
use crate::normalize::ocr;
use crate::normalize::text::{chars_at_most, clean, clean_plain, is_blank, label_key};
use crate::normalize::value::{self, ValueKind};
use labels::{
    MAX_LABEL_CHARS, header_field, is_any_label, is_column_title_keys, is_column_title_row,
    is_level1, is_sign_off, is_table_title, level2_parent, unit_line, variants,
};
pub use part::{DocContext, Parsed, ProjectPart, RowTally};
use reader::{Key, Reader, Row, RowCell, Start, joined};
use rustc_hash::FxHashSet;

/// Labels whose row starts a new project (or department) table.
const START_LABELS: &[&str] = &[
    "项目名称",
    "专项(项目)名称",
    // A special fund's table (烟台 专项资金绩效目标表) names the fund.
    "专项资金名称",
    "部门(单位)名称",
    "部门名称",
    "单位名称",
];

/// A table going on under its repeated caption starts with a category in
/// one of its first this many cells (绩效指标 | 产出指标 | 数量指标 | …).
const MAX_LEVEL_COLUMN: usize = 3;
/// The most labels listed in an `unknown_layout` note.
const MAX_LABELS_IN_NOTE: usize = 24;
/// A heading holding this word speaks of performance targets; one without
/// it gives way to a table title line that follows.
const TARGET_WORD: &str = "绩效";
/// Longest empty metadata field (`文号:`) cut off the end of a title line.
const MAX_EMPTY_FIELD_CHARS: usize = 6;

/// Rows of one printed project table, gathered before its layout is known.
struct Section {
    rows: Vec<Row>,
    start: Start,
    /// The section opened on a start row (else it is rows with no project
    /// start: a headerless indicator table).
    started: bool,
    /// A column-title row or a category row has been seen.
    in_indicators: bool,
    /// Opened by a self-evaluation's own start label (专项名称): the
    /// 部门（单位）名称 row after it goes on with it.
    eval_head: bool,
    /// The table caption printed above the section's first table.
    caption: Option<String>,
}

impl Section {
    fn push(&mut self, row: Row) {
        if !self.in_indicators {
            let first = row.cells[0].key();
            self.in_indicators = is_column_title_keys(row.cells.iter().map(|c| c.key()))
                || is_level1(first)
                || level2_parent(first).is_some();
        }
        self.rows.push(row);
    }

    fn in_indicators(&self) -> bool {
        self.in_indicators
    }

    /// Whether a table whose first row is `row` goes on with this section.
    fn continues_with(&self, row: &Row) -> bool {
        let cells = &row.cells;
        let key = cells[0].key();
        if self.header_value_cut(row) {
            return true;
        }
        if is_column_title_keys(cells.iter().map(|c| c.key()))
            || is_level1(key)
            || level2_parent(key).is_some()
        {
            return true;
        }
        if self.in_indicators() {
            // One cell at the head of the next page's table: the rest of a
            // cell the page break cut (`…社会治理新格` | `局`).
            let fragment = cells.len() == 1
                && cells[0].col > 0
                && header_field(None, key).is_none()
                && !labels::is_table_caption(&cells[0].text);
            return cells.len() >= 2 || fragment;
        }
        // A self-evaluation broken by a page break goes on with its next
        // block (年度总体目标完成情况, 绩效指标, 总分).
        if self_eval::is_self_evaluation(&self.keys()) && self_eval::eval_field(key).is_some() {
            return true;
        }
        header_field(None, key).is_some()
            || LAYOUTS.iter().any(|l| header_field(Some(l), key).is_some())
    }

    /// Whether a table under a caption goes on with this section: the
    /// caption is the one over the section's first table, printed again at
    /// the head of the next page (烟台 prints 政策和项目预算绩效目标表 over
    /// every page a table runs on), and the table starts with indicator
    /// rows. A table under any other caption is another table.
    fn continues_under(&self, caption: Option<&str>, row: &Row) -> bool {
        let later_page = matches!(
            (row.page, self.rows.last().and_then(|r| r.page)),
            (Some(p), Some(q)) if p > q
        );
        let indicator_head = row
            .cells
            .iter()
            .take(MAX_LEVEL_COLUMN)
            .any(|c| is_level1(c.key()) || level2_parent(c.key()).is_some());
        self.in_indicators
            && later_page
            && indicator_head
            && caption.is_some()
            && caption == self.caption.as_deref()
            && self.continues_with(row)
    }

    /// One cell at the head of the next page's table, in the column of the
    /// value that ends this section's last row, and no label: the rest of a
    /// header value the page break cut (福州: `项目名称 | …提升补助资` on one
    /// page, `金` over the 主管部门 row on the next). Before the indicators;
    /// the fragment rule in [`Self::continues_with`] covers them.
    fn header_value_cut(&self, row: &Row) -> bool {
        let [c] = row.cells.as_slice() else {
            return false;
        };
        let Some(last) = self.rows.last() else {
            return false;
        };
        let later_page = matches!((row.page, last.page), (Some(p), Some(q)) if p > q);
        !self.in_indicators
            && later_page
            && c.col > 0
            && last.cells.last().is_some_and(|v| v.col == c.col)
            && !is_any_label(c.key())
            && !labels::is_table_caption(&c.text)
    }

    fn at(&self) -> String {
        match (self.start.page, self.start.line) {
            (_, Some(l)) => format!("line {l}"),
            (Some(p), None) => format!("page {p}"),
            _ => "a table".into(),
        }
    }

    /// Every label key the section holds (short cells only).
    fn keys(&self) -> Vec<&str> {
        self.rows
            .iter()
            .flat_map(|r| r.cells.iter())
            .map(|c| c.key())
            .filter(|k| !k.is_empty())
            .collect()
    }
}

/// Whether a table part, described by the signature patterns its labels
/// hit, satisfies a layout's signature.
fn satisfies(layout: &Layout, hits: &FxHashSet<&'static str>) -> bool {
    layout
        .signature
        .all
        .iter()
        .all(|group| group.iter().any(|p| hits.contains(p)))
        && !layout.signature.none.iter().any(|p| hits.contains(p))
}

/// The layout a section with these label keys is read with.
pub fn detect(keys: &[&str]) -> Option<&'static Layout> {
    let mut hits = FxHashSet::default();
    for k in keys {
        labels::signature_hits(k, &mut hits);
    }
    LAYOUTS.iter().find(|l| satisfies(l, &hits))
}

/// Reads the blocks of one document into its context and project parts.
pub fn read(blocks: &[Block]) -> Parsed {
    let mut doc = DocReader::default();
    for block in blocks {
        match block {
            Block::Line(line) => {
                doc.line(&line.text, line.page, line.line);
            }
            Block::Table(grid) => doc.table(grid),
        }
    }
    doc.finish_section();
    if doc.out.parts.is_empty()
        && doc.out.evaluations.is_empty()
        && doc.out.notes.iter().all(|n| !explains_no_record(n.code))
    {
        unreadable_table_note(blocks, &mut doc.out.notes);
    }
    doc.out
}

/// A note that already says why a document gave no record.
fn explains_no_record(code: Code) -> bool {
    matches!(
        code,
        Code::UnknownLayout | Code::SelfEvaluationTable | Code::NotTargetTable
    )
}

/// A text that names a target table's labels but gave no table to read them
/// from (cells run together, indicators restated as prose, a matrix of
/// units by indicators): a note listing the words seen.
fn unreadable_table_note(blocks: &[Block], notes: &mut Diagnostics) {
    use crate::domain::layouts::{MIN_TARGET_WORDS, TARGET_TABLE_WORDS};
    let mut text = String::new();
    for block in blocks {
        match block {
            Block::Line(l) => text.push_str(&label_key(&l.text)),
            Block::Table(g) => g
                .cells
                .iter()
                .for_each(|c| text.push_str(&label_key(&c.text))),
        }
    }
    let seen: Vec<&str> = TARGET_TABLE_WORDS
        .iter()
        .copied()
        .filter(|w| text.contains(w))
        .collect();
    if seen.len() >= MIN_TARGET_WORDS {
        notes.note(Code::UnreadableTable, format!(
                "the text names a performance-target table ({}) but holds no table they could be read from (cells run together, indicators written as prose, or one row per unit); not read",
                seen.join(", ")
            ));
    }
}

#[derive(Default)]
struct DocReader {
    out: Parsed,
    year: Option<i32>,
    unit: Option<String>,
    unit_name: Option<String>,
    prev_line: Option<String>,
    seen_table: bool,
    /// A table title between two tables means the second is another table,
    /// not the first one going on after a page break.
    title_since_table: bool,
    /// The first line taken for the title was replaced by a table title.
    title_replaced: bool,
    /// Lines of the document heading joined so far, while it names no
    /// document kind yet ([`crate::domain::HEADING_WORDS`]); 0 once it is
    /// whole.
    heading_lines: usize,
    /// A table of contents has begun (目录) and no table has been read.
    in_contents: bool,
    tables: usize,
    current: Option<Section>,
    /// The layout of the last section read: a continuation keeps it.
    last_layout: Option<&'static Layout>,
    /// The caption line printed since the last table.
    caption: Option<String>,
    /// A start label and its value printed as a line above the next table
    /// (`部门（单位）名称 西安市气象局`): that table's first row.
    pending_start: Option<Row>,
    /// The unit a flat table's last rows were under ([`reader::Finished`]),
    /// with its layout and first row: a section of that layout with the
    /// same first row (the page header 部门名称：… printed again on every
    /// page, 广州) goes on under it until its own unit row.
    carried_unit: Option<(&'static str, String, String)>,
}

/// A line that only marks an attachment: `附件2`, `附件：`.
fn is_attachment_mark(text: &str) -> bool {
    text.strip_prefix(crate::domain::ATTACHMENT_MARK)
        .is_some_and(|n| {
            n.chars()
                .all(|c| c.is_ascii_digit() || c == '：' || c == ':')
        })
}

/// A heading that names what the document is ([`crate::domain::HEADING_WORDS`]).
fn heading_whole(text: &str) -> bool {
    crate::domain::HEADING_WORDS
        .iter()
        .any(|w| text.contains(w))
}

/// Rows of one table that lie outside any target table.
struct Outside {
    at: String,
    rows: usize,
    first: String,
}

/// The first row of a skipped table is quoted up to this many characters.
const MAX_OUTSIDE_ROW_CHARS: usize = 80;

pub(crate) fn cut_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

impl DocReader {
    /// A line of text around the tables (or a one-cell row that is one).
    /// Returns true when it gave context.
    fn line(&mut self, raw: &str, _page: Option<u32>, _line: Option<u32>) -> bool {
        let text = clean(raw.trim_start_matches('#'));
        if text.is_empty() || crate::normalize::text::is_chrome(&text) {
            return false;
        }
        // A heading goes on only on the line right after it.
        let heading_lines = std::mem::take(&mut self.heading_lines);
        // A period block label (年度绩效指标) that a grid reader gave as a
        // line of its own (a row of one merged cell) belongs to the open
        // table: it sets the period of the rows after it.
        if let Some(section) = self.current.as_mut()
            && labels::period_block(&label_key(&text)).is_some()
        {
            section.push(Row {
                cells: vec![RowCell::from_text(&text)],
                page: _page,
                line: _line,
                table: self.tables.saturating_sub(1),
                grid_row: 0,
                from_line: true,
                empty_cols: Vec::new(),
                grid_cols: 0,
                empty_foot_cols: Vec::new(),
                covered_cols: Vec::new(),
            });
            return true;
        }
        // `部门（单位）名称 西安市气象局` as a line: the next table starts with it.
        if let Some(cells) = start_line_cells(raw.trim()) {
            self.pending_start = Some(Row {
                cells,
                page: _page,
                line: _line,
                table: self.tables,
                grid_row: 0,
                from_line: true,
                empty_cols: Vec::new(),
                grid_cols: 0,
                empty_foot_cols: Vec::new(),
                covered_cols: Vec::new(),
            });
            self.title_since_table = true;
            return true;
        }
        let mut used = true;
        // A unit written at the end of a heading (`…申报表（2023年度）金额单位：元`,
        // two lines a PDF joined) gives the unit, and the rest reads on.
        let mut text = text;
        if let Some((head, unit)) = split_unit_suffix(&text) {
            self.unit = Some(unit);
            if head.is_empty() {
                self.prev_line = Some(text);
                return true;
            }
            text = head;
        }
        if let Some(y) = year_line(&text) {
            self.year = Some(y);
        } else if let Some(name) = unit_name_line(&text) {
            self.unit_name = Some(name);
        } else if !self.seen_table {
            // The heading is the first line, unless it says nothing of
            // performance targets (a site's breadcrumb or a notice heading
            // that is not the table's) and a table title follows.
            let weak = |t: &Option<String>| t.as_deref().is_none_or(|t| !t.contains(TARGET_WORD));
            self.in_contents |= chars_at_most(&text, crate::domain::MAX_CONTENTS_HEADING_CHARS)
                && crate::domain::CONTENTS_HEADINGS.contains(&label_key(&text).as_str());
            if Self::continues_heading(&text, heading_lines) {
                let title = self.out.context.title.get_or_insert_with(String::new);
                // A first line that only marks an attachment (`附件2`)
                // gives way to the line after it.
                if is_attachment_mark(title) {
                    title.clear();
                }
                title.push_str(&text);
                self.heading_lines = if heading_whole(&text) {
                    0
                } else {
                    heading_lines + 1
                };
            } else if self.out.context.title.is_none()
                || (weak(&self.out.context.title)
                    && is_table_title(&text)
                    && !self.title_replaced
                    && !self.in_contents)
            {
                self.title_replaced = self.out.context.title.is_some();
                let title = drop_empty_field_tail(&text).to_string();
                self.heading_lines = usize::from(!heading_whole(&title) && !self.title_replaced);
                self.out.context.title = Some(title);
            } else if let Some(d) = date_line(&text) {
                self.out.context.published = Some(d);
                self.out.context.publisher = self.prev_line.clone();
            } else {
                used = false;
            }
            if is_table_title(&text) && self.year.is_none() {
                self.year = year_in(&text);
            }
        } else if is_table_title(&text) {
            // Each table's own title says its year (a 部门预算 can mention
            // other years in its narrative before the target tables).
            if let Some(y) = year_in(&text) {
                self.year = Some(y);
            }
        } else {
            used = false;
        }
        if labels::is_table_caption(&text) {
            self.title_since_table = true;
            self.caption = Some(text.clone());
            used = true;
        }
        self.prev_line = Some(text);
        used
    }

    /// Whether `text` goes on with a document heading printed over several
    /// lines (see [`crate::domain::HEADING_WORDS`]): `heading_lines` lines
    /// of it came right before, naming no document kind, fewer than
    /// [`crate::domain::MAX_HEADING_LINES`]; `text` is short and not a
    /// table title.
    fn continues_heading(text: &str, heading_lines: usize) -> bool {
        use crate::domain::{MAX_HEADING_LINE_CHARS, MAX_HEADING_LINES};
        heading_lines > 0
            && heading_lines < MAX_HEADING_LINES
            && chars_at_most(text, MAX_HEADING_LINE_CHARS)
            && !is_table_title(text)
    }

    /// Reads one grid's rows: each becomes a [`Row`] ([`grid_row`]); page
    /// furniture (titles, unit lines, a web page's metadata, sign-offs) is
    /// read as such ([`Self::furniture_row`]); at the table's first row a
    /// section may start or go on ([`Self::section_boundary`]); a row then
    /// joins the open section, or is counted outside any target table and
    /// told once for the table.
    fn table(&mut self, grid: &Grid) {
        self.seen_table = true;
        let table = self.tables;
        self.tables += 1;
        let mut first_row = true;
        let mut outside: Option<Outside> = None;
        // Cells spanning down past the row read: they cover its columns.
        let mut spans: Vec<&Cell> = Vec::new();
        for (r, cells) in cells_by_row(grid).iter().enumerate() {
            let Some(row) = grid_row(grid, table, r, cells, &mut spans) else {
                continue;
            };
            if self.furniture_row(&row) {
                continue;
            }
            let keys: Vec<&str> = row.cells.iter().map(|c| c.key()).collect();
            if self.current.is_none() && crate::domain::CHROME_CELLS.contains(&keys[0]) {
                // A web page's metadata rows (索引号 | … | 主题分类 | …) outside
                // a project table are page furniture: read, not reported.
                self.out.tally.rows_in += 1;
                self.out.tally.rows_placed += 1;
                continue;
            }
            if is_sign_off(keys[0]) && self.current.is_some() {
                self.sign_off_row(&row);
                continue;
            }
            let (starts, caption_row) = self.section_boundary(&row, &keys, first_row);
            first_row = false;
            let eval_head = self
                .current
                .as_ref()
                .is_some_and(|s| s.eval_head && s.rows.len() == 1);
            if starts && !eval_head {
                self.finish_section();
                self.open(&row, true);
                if let (Some(name_row), Some(s)) = (caption_row, self.current.as_mut()) {
                    s.push(name_row);
                }
            } else if self.current.is_none() && (is_column_title_row(&keys) || is_level1(keys[0])) {
                // Indicator rows with no project start: read so that the
                // note can say what they held.
                self.open(&row, false);
            }
            match self.current.as_mut() {
                Some(s) => s.push(row),
                None => {
                    // Outside any target table (the narrative and the other
                    // tables of a 部门预算): counted, and told once per table.
                    self.out.tally.rows_in += 1;
                    self.out.tally.rows_warned += 1;
                    match outside.as_mut() {
                        Some(o) => o.rows += 1,
                        None => {
                            outside = Some(Outside {
                                at: at(&row),
                                rows: 1,
                                first: joined(&row),
                            })
                        }
                    }
                }
            }
        }
        if let Some(o) = outside {
            self.outside_note(o);
        }
        self.title_since_table = false;
        self.caption = None;
    }

    /// A one-cell row above a project table that is a title, year, unit or
    /// budget-unit line, or `预算单位： | 某某政府` split into two cells above
    /// a table: read as that line (true).
    fn furniture_row(&mut self, row: &Row) -> bool {
        let open_in_indicators = self.current.as_ref().is_some_and(Section::in_indicators);
        (row.cells.len() == 1 && !open_in_indicators && self.context_row(row))
            || (row.cells.len() == 2 && self.current.is_none() && self.unit_name_row(row))
    }

    /// A sign-off or note row after a table: counted, told, not read.
    fn sign_off_row(&mut self, row: &Row) {
        self.out.tally.rows_in += 1;
        self.out.tally.rows_warned += 1;
        self.out.notes.note(
            Code::SignOffRow,
            format!(
                "{}: sign-off or note row after a table, not read: {}",
                at(row),
                joined(row)
            ),
        );
    }

    /// Whether `row` starts a section, and the 项目名称 row a table that
    /// names its project only in its caption leaves out (it starts one
    /// too, with that row put first). At a table's first row that starts
    /// none: the start line above the table opens it, or the open section
    /// goes on (a table continued from the page before) or ends.
    fn section_boundary(
        &mut self,
        row: &Row,
        keys: &[&str],
        first_row: bool,
    ) -> (bool, Option<Row>) {
        let section_start = starts_section(keys);
        let caption_row = (first_row && !section_start)
            .then(|| self.caption_project_row(row, keys))
            .flatten();
        let starts = caption_row.is_some() || section_start;
        if first_row
            && !starts
            && let Some(start) = self.pending_start.take()
        {
            // The start line above the table opens it; its rows go on.
            self.finish_section();
            self.open(&start, true);
            if let Some(s) = self.current.as_mut() {
                s.push(start);
            }
            self.title_since_table = false;
        }
        if first_row {
            self.pending_start = None;
        }
        if first_row && !starts {
            let caption = self.caption.as_deref();
            let goes_on = self.current.as_ref().is_some_and(|s| {
                if self.title_since_table {
                    s.continues_under(caption, row)
                } else {
                    s.continues_with(row)
                }
            });
            if !goes_on {
                self.finish_section();
            }
        }
        (starts, caption_row)
    }

    /// The note on a table that is not a target table (its rows not read).
    fn outside_note(&mut self, o: Outside) {
        self.out.notes.note(
            Code::RowOutsideProject,
            format!(
                "{}: a table that is not a target table ({}), not read: {} row(s), the first: {}",
                o.at,
                self.caption.as_deref().unwrap_or("no caption"),
                o.rows,
                cut_chars(&o.first, MAX_OUTSIDE_ROW_CHARS)
            ),
        );
    }

    /// A target table that prints no 项目名称 row and names its project in
    /// its caption (`301007_某某分局_某某项目绩效目标表`): the project name
    /// row the table leaves out, made from the caption.
    fn caption_project_row(&self, row: &Row, keys: &[&str]) -> Option<Row> {
        let caption = self.caption.as_deref()?;
        if is_column_title_row(keys)
            || is_level1(keys[0])
            || !keys.iter().any(|k| labels::is_any_label(k))
        {
            return None;
        }
        let (unit, name) = labels::project_in_caption(caption)?;
        let mut cells = vec![RowCell::from_text("项目名称"), RowCell::from_text(&name)];
        if let Some(u) = unit {
            cells.push(RowCell::from_text("实施单位"));
            cells.push(RowCell::from_text(&u));
        }
        Some(Row {
            cells,
            page: row.page,
            line: row.line,
            table: row.table,
            grid_row: row.grid_row,
            from_line: true,
            empty_cols: Vec::new(),
            grid_cols: 0,
            empty_foot_cols: Vec::new(),
            covered_cols: Vec::new(),
        })
    }

    /// A two-cell row outside a table that is a budget-unit line.
    fn unit_name_row(&mut self, row: &Row) -> bool {
        let text = format!("{}{}", row.cells[0].text, row.cells[1].text);
        let Some(name) = unit_name_line(&text) else {
            return false;
        };
        self.unit_name = Some(name);
        self.out.tally.rows_in += 1;
        self.out.tally.rows_placed += 1;
        for c in &row.cells {
            self.out.marks.push(crate::model::CellMark {
                table: row.table,
                row: row.grid_row,
                col: c.col,
                role: crate::model::CellRole::HeaderLabel,
            });
        }
        true
    }

    fn context_row(&mut self, row: &Row) -> bool {
        let text = &row.cells[0].text;
        let context = year_line(text).is_some()
            || unit_line(text).is_some()
            || unit_name_line(text).is_some()
            || (is_table_title(text) && self.current.is_none());
        if !context {
            return false;
        }
        if is_table_title(text)
            && let Some(y) = year_in(text)
        {
            self.year = Some(y);
        }
        self.line(text, row.page, row.line);
        self.out.tally.rows_in += 1;
        self.out.tally.rows_placed += 1;
        self.out.marks.push(crate::model::CellMark {
            table: row.table,
            row: row.grid_row,
            col: row.cells[0].col,
            role: crate::model::CellRole::HeaderLabel,
        });
        true
    }

    fn open(&mut self, row: &Row, started: bool) {
        let year = self
            .year
            .or_else(|| self.out.context.title.as_deref().and_then(year_in));
        self.current = Some(Section {
            rows: Vec::new(),
            start: Start {
                year,
                unit: self.unit.clone(),
                unit_name: self.unit_name.clone(),
                page: row.page,
                line: row.line,
            },
            started,
            in_indicators: false,
            eval_head: row.cells.len() >= 2
                && crate::domain::self_eval::START_LABELS.contains(&row.cells[0].key()),
            caption: self.caption.clone(),
        });
    }

    fn finish_section(&mut self) {
        let Some(section) = self.current.take() else {
            return;
        };
        let n = section.rows.len();
        let keys = section.keys();
        // Self-evaluation tables report results: read by their own reader
        // into evaluation parts; one it cannot read gives a note.
        if let Some(k) = keys.iter().find(|k| self_eval::is_self_evaluation(&[**k])) {
            let read = self_eval::read(&section.rows, &section.start);
            if let Some(part) = read.part {
                self.out.tally.rows_in += read.tally.rows_in;
                self.out.tally.rows_placed += read.tally.rows_placed;
                self.out.tally.rows_warned += read.tally.rows_warned;
                self.out.notes.extend(read.notes);
                self.out.marks.extend(read.marks);
                let id = crate::domain::self_eval::layout_id(part.subject);
                match self.out.layouts.iter_mut().find(|(l, _)| *l == id) {
                    Some((_, n)) => *n += 1,
                    None => self.out.layouts.push((id, 1)),
                }
                self.out.evaluations.push(part);
                return;
            }
            self.out.tally.rows_in += n;
            self.out.tally.rows_warned += n;
            self.out.notes.note(
                Code::SelfEvaluationTable,
                format!(
                    "{}: a self-evaluation table (绩效自评表, it holds {k}) with no indicator or funds block that could be read: no record; its {n} row(s) were not read",
                    section.at()
                ),
            );
            return;
        }
        let layout = if section.started { detect(&keys) } else { None };
        let layout = layout.or(if section.started {
            None
        } else {
            self.last_layout
        });
        let layout = match layout {
            Some(l) => l,
            None => {
                let mut seen: Vec<&str> = Vec::new();
                for k in keys.iter().filter(|k| is_any_label(k)) {
                    if !seen.contains(k) && seen.len() < MAX_LABELS_IN_NOTE {
                        seen.push(k);
                    }
                }
                self.out.tally.rows_in += n;
                self.out.tally.rows_warned += n;
                let start_only = seen.iter().all(|k| START_LABELS.contains(k));
                if start_only {
                    // 项目名称 | 金额 (a 项目支出表): no target table at all.
                    self.out.notes.note(
                        Code::NotTargetTable,
                        format!(
                            "{}: a table with a 项目名称 row but no other field of a performance-target table; its {n} row(s) were not read",
                            section.at()
                        ),
                    );
                    return;
                }
                self.out.notes.note(
                    Code::UnknownLayout,
                    format!(
                        "{}: a table that matches no known layout, not read ({n} row(s)); labels seen: {}",
                        section.at(),
                        seen.join(" | ")
                    ),
                );
                return;
            }
        };
        let at = section.at();
        // The section's first row, joined only where a unit is carried.
        let head = || section.rows.first().map(joined).unwrap_or_default();
        let carried = self
            .carried_unit
            .take()
            .filter(|(id, h, _)| *id == layout.id && *h == head());
        let mut reader = Reader::new(layout, section.start);
        if let Some((_, _, unit)) = carried {
            reader.go_on_under_unit(unit);
        }
        for row in &section.rows {
            reader.feed(row);
        }
        let mut done = reader.finish(&at);
        if let Some(unit) = done.unit.take() {
            self.carried_unit = Some((layout.id, head(), unit));
        }
        self.out.tally.rows_in += done.tally.rows_in;
        self.out.tally.rows_placed += done.tally.rows_placed;
        self.out.tally.rows_warned += done.tally.rows_warned;
        self.out.notes.extend(done.notes);
        self.out.marks.extend(done.marks);
        if !done.parts.is_empty() {
            self.last_layout = Some(layout);
            match self.out.layouts.iter_mut().find(|(id, _)| *id == layout.id) {
                Some((_, n)) => *n += 1,
                None => self.out.layouts.push((layout.id, 1)),
            }
        }
        self.out.parts.extend(done.parts);
    }
}

fn at(row: &Row) -> String {
    match (row.page, row.line) {
        (_, Some(l)) => format!("line {l}"),
        (Some(p), None) => format!("page {p}"),
        _ => "a table".into(),
    }
}

/// A row that opens a project (or department) table.
fn starts_section(keys: &[&str]) -> bool {
    let first = keys[0];
    let first_is_start = START_LABELS
        .iter()
        .any(|l| variants(first).any(|v| v == *l));
    if keys.len() >= 2 && crate::domain::self_eval::START_LABELS.contains(&first) {
        return true;
    }
    let flat_titles = keys.contains(&"项目名称") && is_column_title_row(keys);
    // A flat table's project-column header (单位编码 | 单位（项目）名称 | …).
    let flat_header = keys
        .iter()
        .any(|k| crate::domain::FLAT_START_LABELS.contains(k));
    if flat_header {
        return true;
    }
    (first_is_start && (keys.len() >= 2 || first == "项目名称")) || flat_titles
}

/// A start label and its value on one line (`部门（单位）名称 西安市气象局`,
/// parted by spaces): the two cells of a table's first row.
fn start_line_cells(text: &str) -> Option<Vec<RowCell>> {
    let (label, value) = text.split_once(char::is_whitespace)?;
    let value = value.trim();
    let key = label_key(label);
    let is_start = START_LABELS.iter().any(|l| variants(&key).any(|v| v == *l));
    (is_start && !value.is_empty() && !value.contains(char::is_whitespace)).then(|| {
        vec![
            RowCell::from_text(&clean(label)),
            RowCell::from_text(&clean(value)),
        ]
    })
}

/// A header label and its value merged into one grid cell, parted by a
/// space (`专项（项目）名称 伯乐奖`, `主管部门 某某局`): the two cells. The
/// label must be a known one of at least [`MIN_MERGED_LABEL_CHARS`].
fn label_value_cells(text: &str) -> Option<Vec<RowCell>> {
    let (label, value) = text.split_once(char::is_whitespace)?;
    let value = value.trim();
    let key = label_key(label);
    let known = START_LABELS.iter().any(|l| variants(&key).any(|v| v == *l))
        || header_field(None, &key).is_some_and(|f| f != Field::Ignored);
    (known && !value.is_empty() && key.chars().count() >= MIN_MERGED_LABEL_CHARS).then(|| {
        vec![
            RowCell::from_text(&clean(label)),
            RowCell::from_text(&clean(value)),
        ]
    })
}

/// Shortest label read out of a `label value` cell (项目名称 and longer).
const MIN_MERGED_LABEL_CHARS: usize = 4;

/// A page's metadata line ends a title with an empty field (`…批复表（某工程）
/// - 文号:`): the title without it.
fn drop_empty_field_tail(text: &str) -> &str {
    let Some((head, tail)) = text.rsplit_once(" -").or_else(|| text.rsplit_once(" - ")) else {
        return text;
    };
    let tail = tail.trim();
    let empty_field = (tail.ends_with(':') || tail.ends_with('：'))
        && tail.chars().count() <= MAX_EMPTY_FIELD_CHARS
        && !tail.chars().any(|c| c.is_ascii_digit());
    if empty_field { head.trim_end() } else { text }
}

/// `…金额单位：元` → (`…`, `元`): the unit line at the end of a line.
fn split_unit_suffix(text: &str) -> Option<(String, String)> {
    if text.len() > 3 * MAX_LABEL_CHARS * 3 {
        return None;
    }
    let unit = unit_line(text)?;
    let marker = ["金额单位", "单位"]
        .iter()
        .filter_map(|m| text.rfind(m))
        .min()?;
    Some((text[..marker].trim().to_string(), unit))
}

/// `预算单位：某某局` / `填报单位（盖章）：某某镇` above a table → the unit.
fn unit_name_line(text: &str) -> Option<String> {
    if !chars_at_most(text, 3 * MAX_LABEL_CHARS) {
        return None;
    }
    let (label, value) = text.split_once(['：', ':'])?;
    let key = label_key(label);
    // Another field printed on the same line (`…委员会  保密审查情况：已审查`)
    // ends the unit name.
    let value = crate::domain::UNIT_LINE_TRAILING_FIELDS
        .iter()
        .filter_map(|f| {
            value
                .find(f)
                .filter(|&i| value[i + f.len()..].starts_with(['：', ':']))
        })
        .min()
        .map_or(value, |i| &value[..i])
        .trim();
    (header_field(None, &key) == Some(Field::UnitName) && !value.is_empty())
        .then(|| value.to_string())
}

/// `(2025年)`, `（2021年度）`, `2019年度)` → the year.
fn year_line(text: &str) -> Option<i32> {
    if text.len() > 3 * MAX_LABEL_CHARS {
        return None;
    }
    let key = label_key(text);
    let inner = key.strip_prefix('(').unwrap_or(&key);
    let inner = inner.strip_suffix(')')?;
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
/// cell once per row, which is quadratic in the size of the table.
/// Grid row `r` (its cells `cells`) of table number `table` as a [`Row`]
/// (`None`: no cell with text). `spans` holds the cells spanning down from
/// the rows above, which cover columns of this one.
fn grid_row<'g>(
    grid: &Grid,
    table: usize,
    r: usize,
    cells: &[&'g Cell],
    spans: &mut Vec<&'g Cell>,
) -> Option<Row> {
    let r32 = r as u32;
    spans.retain(|c| c.row + c.rowspan > r32);
    let covered_cols: Vec<u32> = spans
        .iter()
        .flat_map(|c| c.col..c.col + c.colspan)
        .collect();
    spans.extend(cells.iter().filter(|c| c.rowspan > 1));
    let row = cells;
    let mut cells = row_cells(row);
    if cells.is_empty() {
        return None;
    }
    // A start label and its value merged into one cell, parted by a
    // space (`专项（项目）名称 伯乐奖`): two cells.
    if cells.len() == 1
        && let Some(own) = row.iter().find(|c| !is_blank(&c.text))
        && let Some(split) = label_value_cells(own.text.trim())
    {
        cells = split;
        for c in &mut cells {
            c.col = own.col;
        }
    }
    // Cells of this row left empty (not covered by a span from above).
    // (`clean` trims: a cell is empty after it when its trimmed text is.)
    // Of those, the ones that reach down to the grid's last row, merged
    // over several rows or the last row's own (a cell the page break cuts:
    // 西安 p.47's last level-2 cell, its label 质量指标 printed on p.48).
    let mut empty_cols: Vec<u32> = Vec::new();
    let mut empty_foot_cols: Vec<u32> = Vec::new();
    for c in row.iter().filter(|c| is_blank(&c.text)) {
        empty_cols.push(c.col);
        if c.row + c.rowspan >= grid.rows {
            empty_foot_cols.push(c.col);
        }
    }
    let origin = grid.row_origin.get(r).copied().unwrap_or_default();
    let row = Row {
        cells,
        page: origin.page,
        line: origin.line,
        table,
        grid_row: r as u32,
        from_line: false,
        empty_cols,
        empty_foot_cols,
        covered_cols,
        grid_cols: grid.cols,
    };
    Some(row)
}

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
    let mut out = Vec::with_capacity(cells.len());
    out.extend(cells.iter().filter_map(|c| {
        let (text, mut plain) = clean_plain(&c.text);
        // Text read by OCR: its known confusions repaired.
        let (text, ocr_repairs) = if c.ocr_confidence.is_some() {
            plain = false;
            ocr::repair(&text)
        } else {
            (text, Diagnostics::new())
        };
        let key = if chars_at_most(&text, MAX_LABEL_CHARS) {
            // A text every character of which label_key keeps is its key.
            if plain {
                Key::Text
            } else {
                Key::Own(label_key(&text))
            }
        } else {
            Key::None
        };
        (!text.is_empty()).then(|| RowCell::new(c.col, text, key, c.ocr_confidence, ocr_repairs))
    }));
    out
}

#[cfg(test)]
mod tests;
