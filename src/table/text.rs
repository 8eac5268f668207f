//! Text lines → blocks: tab-separated rows and markdown pipe tables become
//! grids; headings and other lines stay lines.

use crate::model::{Block, Cell, Grid, Line, RowOrigin};

/// How a line of text reads.
#[derive(Debug, PartialEq)]
pub enum LineKind<'a> {
    /// A table row and its cells (untrimmed).
    Row(Vec<&'a str>),
    /// A markdown rule line (`|---|:--:|`): belongs to the table, holds nothing.
    Rule,
    Text,
}

pub fn classify(line: &str) -> LineKind<'_> {
    let t = line.trim();
    if t.starts_with('|') && t.len() > 1 {
        let inner = t.trim_start_matches('|');
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        if !inner.is_empty() && inner.chars().all(|c| matches!(c, '-' | ':' | '|' | ' ')) {
            return LineKind::Rule;
        }
        return LineKind::Row(split_pipes(inner));
    }
    if line.contains('\t') {
        return LineKind::Row(line.split('\t').collect());
    }
    // A web copy's row without its leading pipe: `项目名称 | 某项目 | ||||`.
    if t.contains(" | ") && t.ends_with('|') {
        let inner = t.trim_end_matches('|');
        return LineKind::Row(split_pipes(inner));
    }
    LineKind::Text
}

/// A web copy that keeps one cell per line, each ending in a pipe
/// (`项目名称 |`), and ends a row with a line of pipes alone (`|||||`).
enum CellLine<'a> {
    Cell(&'a str),
    RowEnd,
}

fn cell_line(line: &str) -> Option<CellLine<'_>> {
    let t = line.trim();
    if !t.is_empty() && t.chars().all(|c| c == '|') {
        return Some(CellLine::RowEnd);
    }
    let body = t.strip_suffix('|')?;
    (!body.contains('|') && !body.trim().is_empty()).then(|| CellLine::Cell(body.trim()))
}

/// Splits a markdown row on `|`, keeping `\|` inside a cell.
fn split_pipes(inner: &str) -> Vec<&str> {
    let mut cells = Vec::new();
    let mut start = 0;
    let bytes = inner.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'|' && (i == 0 || bytes[i - 1] != b'\\') {
            cells.push(&inner[start..i]);
            start = i + 1;
        }
    }
    cells.push(&inner[start..]);
    cells
}

/// Groups consecutive table rows into grids. Line numbers are 1-based.
pub fn blocks(lines: &[String]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut grid: Option<Grid> = None;
    // Cells of a one-cell-per-line row, and the line it started on.
    let mut pending: Vec<&str> = Vec::new();
    let mut pending_line = 0;
    for (i, line) in lines.iter().enumerate() {
        let line_no = i as u32 + 1;
        match cell_line(line) {
            Some(CellLine::Cell(c)) => {
                if pending.is_empty() {
                    pending_line = line_no;
                }
                pending.push(c);
                continue;
            }
            Some(CellLine::RowEnd) if !pending.is_empty() => {
                push_row(
                    grid.get_or_insert_with(Grid::default),
                    &pending,
                    pending_line,
                );
                pending.clear();
                continue;
            }
            Some(CellLine::RowEnd) if grid.is_some() => continue,
            _ => {
                if !pending.is_empty() {
                    push_row(
                        grid.get_or_insert_with(Grid::default),
                        &pending,
                        pending_line,
                    );
                    pending.clear();
                }
            }
        }
        match classify(line) {
            LineKind::Row(cells) => {
                push_row(grid.get_or_insert_with(Grid::default), &cells, line_no);
            }
            LineKind::Rule if grid.is_some() => {}
            LineKind::Rule | LineKind::Text => {
                if let Some(g) = grid.take() {
                    out.push(Block::Table(g));
                }
                if !line.trim().is_empty() {
                    out.push(Block::Line(Line {
                        text: line.clone(),
                        page: None,
                        line: Some(line_no),
                    }));
                }
            }
        }
    }
    if !pending.is_empty() {
        push_row(
            grid.get_or_insert_with(Grid::default),
            &pending,
            pending_line,
        );
    }
    if let Some(g) = grid.take() {
        out.push(Block::Table(g));
    }
    out
}

/// Appends one row of cells (empty ones keep their column) to a grid.
fn push_row(g: &mut Grid, cells: &[&str], line_no: u32) {
    let row = g.rows;
    for (col, text) in cells.iter().enumerate() {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let text = if text.contains("\\|") {
            text.replace("\\|", "|")
        } else {
            text.to_string()
        };
        g.cells.push(Cell {
            row,
            col: col as u32,
            rowspan: 1,
            colspan: 1,
            text,
            page: None,
            bbox: None,
            ocr_confidence: None,
        });
    }
    g.cols = g.cols.max(cells.len() as u32);
    g.rows += 1;
    g.row_origin.push(RowOrigin {
        page: None,
        line: Some(line_no),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_and_markdown_rows() {
        assert_eq!(classify("a\t\tb"), LineKind::Row(vec!["a", "", "b"]));
        assert_eq!(classify("| a | b |"), LineKind::Row(vec![" a ", " b "]));
        assert_eq!(classify("|---|:--:|"), LineKind::Rule);
        assert_eq!(classify("# 标题"), LineKind::Text);
        assert_eq!(
            classify("| a \\| b | c |"),
            LineKind::Row(vec![" a \\| b ", " c "])
        );
    }

    #[test]
    fn grids_keep_columns_and_lines() {
        let lines: Vec<String> = ["# t", "", "项目名称\t\t防灾", "\t其他资金\t0", "", "单位"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let b = blocks(&lines);
        assert_eq!(b.len(), 3);
        let Block::Table(g) = &b[1] else { panic!() };
        assert_eq!(g.rows, 2);
        assert_eq!(g.cells[1].col, 2);
        assert_eq!(g.cells[2].row, 1);
        assert_eq!(g.row_origin[1].line, Some(4));
    }

    #[test]
    fn markdown_table() {
        let lines: Vec<String> = [
            "| 项目名称 | | 防灾 |",
            "|---|---|---|",
            "| 主管部门 | | 厅 |",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let b = blocks(&lines);
        assert_eq!(b.len(), 1);
        let Block::Table(g) = &b[0] else { panic!() };
        assert_eq!(g.rows, 2);
        assert_eq!(g.cells[1].text, "防灾");
        assert_eq!(g.cells[1].col, 2);
    }
}
