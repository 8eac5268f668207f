//! Web-page text whose table lost its tabs: each row is one line with its
//! cells separated by single spaces (`项目名称 某项目 项目分类 资产资源类`),
//! a label written down a column one piece per line (年度 / 预算 / 安排 /
//! （万元）) or cut by a space (`年度主要目标 和成果`, `总 体 目 标`), and a
//! goal written over several lines under its label.
//!
//! From the first line that holds a label beside other cells, every line is
//! a row of its space-separated tokens. Tokens, and one-token lines, whose
//! concatenation is a label are put back together; the lines under a lone
//! goal label are joined into its value. A table-title line ends the table
//! (another may follow). Which tokens are labels is asked of the layout
//! data through [`label_of`]; this module knows no spelling.
//!
//! A value holding a space of its own (`达布 15947711885`) becomes two
//! cells: the layout stage pairs the first with its label and reports the
//! second as a cell with no label, so nothing is lost silently.

use super::cells::{Label, label_of};
use crate::model::{Block, Grid, Line};
use crate::normalize::text::{chars_at_most, is_chrome, label_key};

/// Lines holding a label beside other cells needed to read a text this way.
const MIN_LABEL_ROWS: usize = 3;
/// Most pieces a broken label is put back together from.
const MAX_LABEL_PIECES: usize = 6;
/// Longest one-token line taken for a piece of a label written down a column.
const MAX_PIECE_CHARS: usize = 8;
/// Longest token that may be a label (longer tokens are values or prose).
const MAX_LABEL_CHARS: usize = 40;

fn is_label(text: &str) -> bool {
    chars_at_most(text, MAX_LABEL_CHARS) && label_of(text).is_some()
}

/// A goal label (年度目标, 年度总体目标…) whose value may run over lines.
fn is_goal_label(text: &str) -> bool {
    use crate::domain::labels::header_field;
    use crate::domain::layouts::{Field, LAYOUTS};
    let key = label_key(text);
    let field = header_field(None, &key)
        .or_else(|| LAYOUTS.iter().find_map(|l| header_field(Some(l), &key)));
    matches!(
        field,
        Some(Field::AnnualGoal | Field::MidTermGoal | Field::OverallGoal)
    )
}

/// The line's tokens with broken labels put back together.
fn row_tokens(line: &str) -> Vec<String> {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    join_label_pieces(&tokens, usize::MAX)
        .into_iter()
        .map(|(t, _)| t)
        .collect()
}

/// Joins runs of pieces whose concatenation is a label, longest run first,
/// when no piece after the first is a label of its own (so 一级指标 二级指标
/// stay two cells, and 产出指标 (40-50)分 become one). Pieces longer than
/// `max_piece` chars are never joined. Each token comes with the number of
/// pieces it was made of.
fn join_label_pieces<S: AsRef<str>>(pieces: &[S], max_piece: usize) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let mut joined = None;
        let longest = MAX_LABEL_PIECES.min(pieces.len() - i);
        for n in (2..=longest).rev() {
            let run = &pieces[i..i + n];
            if run.iter().any(|p| p.as_ref().chars().count() > max_piece)
                || run[1..].iter().any(|p| is_label(p.as_ref()))
            {
                continue;
            }
            let cat: String = run.iter().map(AsRef::as_ref).collect();
            if is_label(&cat) {
                joined = Some((cat, n));
                break;
            }
        }
        match joined {
            Some((cat, n)) => {
                out.push((cat, n));
                i += n;
            }
            None => {
                out.push((pieces[i].as_ref().to_string(), 1));
                i += 1;
            }
        }
    }
    out
}

/// A line that reads as a row of this kind: two or more tokens, a single
/// space between two of them, and a label among them.
fn is_label_row(line: &str) -> bool {
    let t = line.trim();
    if !t.contains(' ') || t.contains('\t') || t.contains('|') {
        return false;
    }
    let tokens = row_tokens(t);
    tokens.len() >= 2 && tokens.iter().any(|t| is_label(t))
}

/// True when the text holds its table as space-separated rows: enough
/// lines hold a label beside other cells, and more of them than lines
/// holding a label alone (a text with one cell per line, whose values may
/// hold spaces, is read as a cell sequence instead).
pub fn looks_spaced(lines: &[String]) -> bool {
    let rows = lines.iter().filter(|l| is_label_row(l)).count();
    let lone = lines
        .iter()
        .filter(|l| {
            let t = l.trim();
            !t.is_empty() && row_tokens(t).len() == 1 && is_label(t)
        })
        .count();
    rows >= MIN_LABEL_ROWS && rows > lone
}

/// Reads the lines into blocks: lines before and between tables stay
/// lines (chrome dropped), each table's rows become a grid.
pub fn blocks(lines: &[String]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut rows: Vec<(Vec<String>, u32)> = Vec::new();
    let mut in_table = false;
    for (i, raw) in lines.iter().enumerate() {
        let line_no = i as u32 + 1;
        let t = raw.trim();
        if t.is_empty() || is_chrome(t) {
            continue;
        }
        let title = label_of(t) == Some(Label::TitleLine) && !is_label_row(t);
        if in_table && title {
            out.extend(grid(std::mem::take(&mut rows)));
            in_table = false;
        }
        if !in_table && is_label_row(t) {
            in_table = true;
        }
        if in_table {
            rows.push((row_tokens(t), line_no));
        } else {
            out.push(Block::Line(Line {
                text: raw.clone(),
                page: None,
                line: Some(line_no),
            }));
        }
    }
    out.extend(grid(rows));
    out
}

/// One table's rows: labels written down a column joined, goal lines joined
/// under their label, then the grid.
fn grid(rows: Vec<(Vec<String>, u32)>) -> Option<Block> {
    let rows = join_goal_lines(join_column_labels(rows));
    if rows.is_empty() {
        return None;
    }
    let mut g = Grid::default();
    for (cells, line) in rows {
        g.push_text_row((0..).zip(cells), 0, line);
    }
    Some(Block::Table(g))
}

/// Runs of one-token rows whose pieces make a label (年度 / 预算 / 安排 /
/// （万元）) become one row.
fn join_column_labels(rows: Vec<(Vec<String>, u32)>) -> Vec<(Vec<String>, u32)> {
    let mut out: Vec<(Vec<String>, u32)> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let run_end = (i..rows.len())
            .take_while(|&j| rows[j].0.len() == 1)
            .last()
            .map_or(i, |j| j + 1);
        if run_end - i >= 2 {
            let pieces: Vec<&str> = rows[i..run_end].iter().map(|r| r.0[0].as_str()).collect();
            // Each joined token keeps the line of its first piece.
            let mut k = i;
            for (token, n) in join_label_pieces(&pieces, MAX_PIECE_CHARS) {
                out.push((vec![token], rows[k].1));
                k += n;
            }
            i = run_end;
        } else {
            out.push(rows[i].clone());
            i += 1;
        }
    }
    out
}

/// A lone goal label followed by one-token rows that are not labels: the
/// rows are its value, joined.
fn join_goal_lines(rows: Vec<(Vec<String>, u32)>) -> Vec<(Vec<String>, u32)> {
    let mut out: Vec<(Vec<String>, u32)> = Vec::new();
    let mut it = rows.into_iter().peekable();
    while let Some((mut cells, line)) = it.next() {
        if cells.len() == 1 && is_goal_label(&cells[0]) {
            let mut value = String::new();
            while let Some((next, _)) = it.peek() {
                if next.len() != 1 || is_label(&next[0]) {
                    break;
                }
                value.push_str(&next[0]);
                it.next();
            }
            if !value.is_empty() {
                cells.push(value);
            }
        }
        out.push((cells, line));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_string).collect()
    }

    fn rows(b: &[Block]) -> Vec<Vec<String>> {
        let g = b
            .iter()
            .find_map(|b| match b {
                Block::Table(g) => Some(g),
                _ => None,
            })
            .expect("a grid");
        (0..g.rows)
            .map(|r| g.row_cells(r).map(|c| c.text.clone()).collect())
            .collect()
    }

    #[test]
    fn broken_labels_are_put_back() {
        assert_eq!(
            row_tokens("年度主要目标 和成果 新建晾晒房一座"),
            ["年度主要目标和成果", "新建晾晒房一座"]
        );
        assert_eq!(row_tokens("总 体 目 标"), ["总体目标"]);
        assert_eq!(
            row_tokens("一级指标 二级指标 三级指标 指标值"),
            ["一级指标", "二级指标", "三级指标", "指标值"]
        );
    }

    #[test]
    fn a_spaced_table_becomes_rows() {
        let text = "某某审批表\n金额单位:万元\n项目名称 道路工程 项目分类 房屋类\n\
                    业务主管部门 县交通局 项目负责人 张三\n年度\n总体\n目标\n目标1:修路;\n目标2:建桥。\n\
                    项目总预算 65\n一级指标 二级指标 三级指标 指标值 分值\n\
                    成本指标 经济成本指标 项目建设成本 ≤65万元 10\n";
        let l = lines(text);
        assert!(looks_spaced(&l));
        let b = blocks(&l);
        assert!(matches!(&b[0], Block::Line(l) if l.text == "某某审批表"));
        assert_eq!(
            rows(&b),
            [
                vec!["项目名称", "道路工程", "项目分类", "房屋类"],
                vec!["业务主管部门", "县交通局", "项目负责人", "张三"],
                vec!["年度总体目标", "目标1:修路;目标2:建桥。"],
                vec!["项目总预算", "65"],
                vec!["一级指标", "二级指标", "三级指标", "指标值", "分值"],
                vec!["成本指标", "经济成本指标", "项目建设成本", "≤65万元", "10"],
            ]
        );
    }

    #[test]
    fn prose_is_not_a_spaced_table() {
        let l = lines("根据 有关 要求\n现将 绩效目标 公开\n自治区应急管理厅\n");
        assert!(!looks_spaced(&l));
    }
}
