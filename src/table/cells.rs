//! Text copied from web pages, where a table has lost its columns: one cell
//! per line (blank lines between), or cells separated by runs of spaces, a
//! category label fused with its cell (`质量指标校舍维修改造质量合格率100%`),
//! and site chrome around the table (索引号, 发布日期, 字号 大 中 小, 扫一扫,
//! 打印本页, 关闭窗口). The cell sequence is read by its labels, not by
//! columns: a header label pairs with the next cell; the indicator header
//! row (一级指标 / 二级指标 / 三级指标 / 指标值) starts the indicator rows,
//! each `[level 1] [level 2] name value`, a category label starting a row.
//!
//! The only knowledge of labels is [`label_of`], which asks the layout data.

use crate::model::{Block, Grid, Line};
use crate::normalize::text::{is_chrome, label_key};

/// What a cell is as a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// 项目名称 (and its spellings): a project table starts.
    ProjectName,
    /// A header field label (项目名称, 主管部门, 资金总额 …).
    Header,
    /// A funds block label (其中：本级资金): pairs with a value, or with
    /// the 资金总额 label that follows.
    Block,
    /// 一级指标: the indicator header row starts.
    IndicatorHeader,
    /// Another indicator column title (二级指标, 三级指标, 指标值).
    IndicatorColumn,
    Level1,
    Level2,
    /// A line outside any table: title, year or unit line.
    TitleLine,
}

/// The one place this module reads label spellings (the layout data).
pub fn label_of(text: &str) -> Option<Label> {
    use crate::domain::labels::{
        column_role, header_field, is_level1, is_table_title, level2_parent, strip_score, unit_line,
    };
    use crate::domain::layouts::{COLUMN_TITLE_ROW, Field, FundsLabel, LAYOUTS};
    if text.chars().count() > 40 {
        return None;
    }
    let key = label_key(text);
    let field = header_field(None, &key)
        .or_else(|| LAYOUTS.iter().find_map(|l| header_field(Some(l), &key)));
    if let Some(f) = field {
        return Some(match f {
            Field::ProjectName => Label::ProjectName,
            Field::Funds(FundsLabel::Block(_)) => Label::Block,
            _ => Label::Header,
        });
    }
    if key == COLUMN_TITLE_ROW {
        return Some(Label::IndicatorHeader);
    }
    // A level-1 label may carry its score range (产出指标(40-50)分).
    if is_level1(&key) || strip_score(&key).is_some_and(|(head, _)| is_level1(head)) {
        return Some(Label::Level1);
    }
    if level2_parent(&key).is_some() {
        return Some(Label::Level2);
    }
    if column_role(&key).is_some() {
        return Some(Label::IndicatorColumn);
    }
    let year = key.starts_with('(') && key.ends_with(')') && key.contains('年');
    if is_table_title(&key) || unit_line(text).is_some() || year {
        return Some(Label::TitleLine);
    }
    None
}

/// Spaces in a row that separate two cells on one line.
const CELL_GAP: usize = 2;

/// True when lines hold a project table only as a cell sequence: no row of
/// the text path's grids, but a 项目名称 label on a line of its own or at
/// the start of a line.
pub fn looks_like_cell_lines(lines: &[String]) -> bool {
    lines.iter().any(|l| {
        let first = split_cells(l).into_iter().next().unwrap_or_default();
        label_of(&first) == Some(Label::ProjectName)
    })
}

/// A line's cells: split at runs of [`CELL_GAP`] spaces (or a full-width
/// space), trimmed.
fn split_cells(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut spaces = 0;
    for ch in line.trim().chars() {
        if ch == ' ' || ch == '\u{3000}' || ch == '\u{A0}' {
            spaces += if ch == ' ' { 1 } else { CELL_GAP };
            continue;
        }
        if spaces >= CELL_GAP && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        } else if spaces > 0 && !cur.is_empty() {
            cur.push(' ');
        }
        spaces = 0;
        cur.push(ch);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A cell that starts with a category label fused with more text
/// (`质量指标校舍维修改造质量合格率100%`) → the label and the rest.
fn unfuse(text: &str) -> Option<(String, String)> {
    // Longest label prefix first (经济效益指标 before 经济效益).
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for n in (2..chars.len().min(12)).rev() {
        let cut = chars[n].0;
        let (head, rest) = text.split_at(cut);
        if matches!(label_of(head), Some(Label::Level1) | Some(Label::Level2))
            && label_of(rest).is_none()
            && !label_key(rest).is_empty()
        {
            return Some((head.to_string(), rest.to_string()));
        }
    }
    None
}

/// A name fused with its value (`校舍维修改造质量合格率100%`): the trailing
/// comparator, number and unit, when the name has no value cell.
fn split_value(text: &str) -> Option<(String, String)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    // Walk back over a unit (non-digit, non-ideograph-of-name is hard to
    // tell; take % and up to 2 CJK unit chars), digits, and a comparator.
    let mut i = chars.len();
    let unit_end = i;
    while i > 0 && unit_end - i < 2 && !chars[i - 1].1.is_ascii_digit() {
        i -= 1;
    }
    let digits_end = i;
    while i > 0 && (chars[i - 1].1.is_ascii_digit() || chars[i - 1].1 == '.') {
        i -= 1;
    }
    if i == digits_end || i == 0 {
        return None;
    }
    while i > 0 && "≥≤><=＞＜≧≦".contains(chars[i - 1].1) {
        i -= 1;
    }
    let cut = chars[i].0;
    let (name, value) = text.split_at(cut);
    (!name.trim().is_empty()).then(|| (name.trim().to_string(), value.to_string()))
}

/// One cell of the sequence with the line it came from.
struct Seq {
    text: String,
    line: u32,
}

/// Rows being built for one table.
#[derive(Default)]
struct Builder {
    rows: Vec<(Vec<(u32, String)>, u32)>,
}

impl Builder {
    fn row(&mut self, line: u32) {
        self.rows.push((Vec::new(), line));
    }
    fn put(&mut self, col: u32, text: String, line: u32) {
        if self.rows.is_empty() {
            self.row(line);
        }
        if let Some(r) = self.rows.last_mut() {
            r.0.push((col, text));
        }
    }
    /// The open row holds one level-1 cell and nothing else.
    fn only_level1(&self) -> bool {
        self.rows
            .last()
            .is_some_and(|r| r.0.len() == 1 && r.0[0].0 == 0)
    }
    /// The open row holds its level-2 cell and no name yet.
    fn awaits_name(&self) -> bool {
        self.rows
            .last()
            .is_some_and(|r| r.0.iter().any(|c| c.0 == 1) && r.0.iter().all(|c| c.0 < 2))
    }
    /// Puts a name and (when the next cell is one, or it is fused) its
    /// value; returns how many cells beyond the name were used.
    fn name(&mut self, text: String, line: u32, next_is_value: bool, next: Option<&Seq>) -> usize {
        let cats_only = self
            .rows
            .last()
            .is_some_and(|r| r.0.iter().all(|(c, _)| *c < 2));
        if !cats_only {
            self.row(line);
        }
        match next {
            Some(n) if next_is_value => {
                self.put(2, text, line);
                self.put(3, n.text.clone(), n.line);
                1
            }
            _ => {
                match split_value(&text) {
                    Some((name, value)) => {
                        self.put(2, name, line);
                        self.put(3, value, line);
                    }
                    None => self.put(2, text, line),
                }
                0
            }
        }
    }
    fn grid(self) -> Option<Grid> {
        if self.rows.is_empty() {
            return None;
        }
        let mut g = Grid::default();
        for (cells, line) in self.rows {
            if cells.is_empty() {
                continue;
            }
            g.push_text_row(cells, 0, line);
        }
        Some(g)
    }
}

/// Reads lines of web-page text into blocks: lines outside tables stay
/// lines (chrome dropped), each table's cell sequence becomes a grid.
pub fn blocks(lines: &[String]) -> Vec<Block> {
    let mut seq = cell_sequence(lines);
    let mut out = Vec::new();
    let mut table: Option<Builder> = None;
    let mut indicators = false;
    let mut i = 0;
    let flush = |table: &mut Option<Builder>, out: &mut Vec<Block>| {
        if let Some(g) = table.take().and_then(Builder::grid) {
            out.push(Block::Table(g));
        }
    };
    while i < seq.len() {
        let (text, line) = (seq[i].text.clone(), seq[i].line);
        // In the indicator rows a header spelling is a name (项目资金支出时间
        // matches the 项目资金… funds pattern), unless it starts a new table.
        let read = |t: &str| match label_of(t) {
            Some(Label::Header) | Some(Label::Block) if indicators => None,
            l => l,
        };
        let next = seq.get(i + 1).map(|s| s.text.as_str());
        let next_is_value = next.is_some_and(|n| read(n).is_none() && unfuse(n).is_none());
        let label = read(&text);
        if label.is_none()
            && indicators
            && let Some((head, rest)) = unfuse(&text)
        {
            // Read the fused cell as two cells.
            seq[i].text = rest;
            seq.insert(i, Seq { text: head, line });
            continue;
        }
        if label == Some(Label::ProjectName) {
            flush(&mut table, &mut out);
            indicators = false;
        }
        if table.is_none()
            && !matches!(
                label,
                Some(Label::ProjectName) | Some(Label::Header) | Some(Label::Block)
            )
        {
            // Outside a table: a line of text.
            out.push(Block::Line(Line {
                text,
                page: None,
                line: Some(line),
            }));
            i += 1;
            continue;
        }
        if label == Some(Label::TitleLine) {
            flush(&mut table, &mut out);
            indicators = false;
            continue;
        }
        let t = table.get_or_insert_with(Builder::default);
        i += put_cell(
            t,
            label,
            text,
            line,
            &seq[i + 1..],
            next_is_value,
            &mut indicators,
        );
        i += 1;
    }
    flush(&mut table, &mut out);
    out
}

/// The cell sequence of web-page text: each line's cells, with chrome and
/// blank lines dropped.
fn cell_sequence(lines: &[String]) -> Vec<Seq> {
    let mut seq = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.trim().is_empty() || is_chrome(l) {
            continue;
        }
        for text in split_cells(l) {
            seq.push(Seq {
                text,
                line: i as u32 + 1,
            });
        }
    }
    seq
}

/// Puts one cell of the sequence (`text`, read as `label`) into the table
/// being built; `rest` are the cells after it. Returns how many of them it
/// took too (a label's value, an indicator header's column titles).
fn put_cell(
    t: &mut Builder,
    label: Option<Label>,
    text: String,
    line: u32,
    rest: &[Seq],
    next_is_value: bool,
    indicators: &mut bool,
) -> usize {
    let mut extra = 0;
    match label {
        Some(Label::ProjectName) | Some(Label::Header) | Some(Label::Block) => {
            // A label and, unless another label follows, its value.
            t.row(line);
            t.put(0, text, line);
            if next_is_value {
                t.put(1, rest[0].text.clone(), rest[0].line);
                extra += 1;
            }
        }
        Some(Label::IndicatorHeader) => {
            *indicators = true;
            t.row(line);
            t.put(0, text, line);
            let mut col = 1;
            while let Some(s) = rest.get(extra)
                && label_of(&s.text) == Some(Label::IndicatorColumn)
            {
                t.put(col, s.text.clone(), line);
                col += 1;
                extra += 1;
            }
        }
        Some(Label::Level1) | Some(Label::Level2) if *indicators && t.awaits_name() => {
            // A category's name spelled like the category
            // (服务对象满意度 under 服务对象满意度).
            return t.name(text, line, next_is_value, rest.first());
        }
        Some(Label::Level1) if !t.only_level1() => {
            t.row(line);
            t.put(0, text, line);
        }
        Some(Label::Level1) | Some(Label::Level2) => {
            // A level-2 label (成本指标 is both) goes beside a lone
            // level-1 cell, else starts a row.
            if !t.only_level1() {
                t.row(line);
            }
            t.put(1, text, line);
        }
        Some(Label::IndicatorColumn) | Some(Label::TitleLine) => {
            t.row(line);
            t.put(0, text, line);
        }
        None if *indicators => {
            return t.name(text, line, next_is_value, rest.first());
        }
        None => {
            // A value with no label before it: its own row.
            t.row(line);
            t.put(1, text, line);
        }
    }
    extra
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_string).collect()
    }

    fn rows(g: &Grid) -> Vec<Vec<String>> {
        (0..g.rows)
            .map(|r| {
                g.row_cells(r)
                    .map(|c| format!("{}:{}", c.col, c.text))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn splits_fuses_and_drops_chrome() {
        assert_eq!(
            split_cells("项目名称   防灾  减灾 项目"),
            ["项目名称", "防灾", "减灾 项目"]
        );
        assert_eq!(
            unfuse("质量指标校舍维修改造质量合格率100%"),
            Some(("质量指标".into(), "校舍维修改造质量合格率100%".into()))
        );
        assert_eq!(
            split_value("校舍维修改造质量合格率≥100%"),
            Some(("校舍维修改造质量合格率".into(), "≥100%".into()))
        );
        assert!(is_chrome("字号：大 中 小"));
    }

    #[test]
    fn a_cell_sequence_becomes_rows() {
        let text = "索引号：123\n\n标题\n\n项目名称\n\n防灾\n\n主管部门    厅\n\n其中：本级资金\n\n资金总额\n\n90\n\n\
                    一级指标\n\n二级指标\n\n三级指标\n\n指标值\n\n产出指标\n\n数量指标\n\n培训人数\n\n≥200人\n\n\
                    时效指标\n\n完成时间\n\n2025年12月\n\n质量指标校舍维修改造质量合格率100%\n\n打印本页\n";
        let l = lines(text);
        assert!(looks_like_cell_lines(&l));
        let b = blocks(&l);
        assert!(matches!(&b[0], Block::Line(l) if l.text == "标题"));
        let Block::Table(g) = &b[1] else {
            panic!("{b:?}")
        };
        assert_eq!(
            rows(g),
            [
                vec!["0:项目名称", "1:防灾"],
                vec!["0:主管部门", "1:厅"],
                vec!["0:其中：本级资金"],
                vec!["0:资金总额", "1:90"],
                vec!["0:一级指标", "1:二级指标", "2:三级指标", "3:指标值"],
                vec!["0:产出指标", "1:数量指标", "2:培训人数", "3:≥200人"],
                vec!["1:时效指标", "2:完成时间", "3:2025年12月"],
                vec!["1:质量指标", "2:校舍维修改造质量合格率", "3:100%"],
            ]
        );
        assert_eq!(b.len(), 2, "chrome dropped");
    }
}
