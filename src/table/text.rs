//! Text lines → blocks: tab-separated rows and markdown pipe tables become
//! grids; headings and other lines stay lines.

use crate::model::{Block, Grid, Line};
use crate::normalize::text::trim_fast;

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
    let t = trim_fast(line);
    if t.starts_with('|') && t.len() > 1 {
        let inner = t.trim_start_matches('|');
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        if !inner.is_empty() && inner.chars().all(|c| matches!(c, '-' | ':' | '|' | ' ')) {
            return LineKind::Rule;
        }
        return LineKind::Row(split_pipes(inner));
    }
    if memchr::memchr(b'\t', line.as_bytes()).is_some() {
        return LineKind::Row(split_byte(line, b'\t'));
    }
    LineKind::Text
}

/// A line of a web copy that writes each cell followed by a pipe and no
/// leading pipe (`项目名称 | 某项目 | ||||`). The copy pads a row with
/// empty cells up to the table's width, and writes a cell holding a line
/// break (`项目<br>名称`) with the break after its pipe, so one row may run
/// over several lines: `项目 名称 |` alone, then the rest of the row.
/// Returns the line's cells and whether it ends its row (its last cell is
/// an empty padding cell, or the line is pipes alone).
fn web_cells(line: &str) -> Option<(Vec<&str>, bool)> {
    let t = trim_fast(line);
    if t.starts_with('|') && !t.chars().all(|c| c == '|') {
        return None;
    }
    // The last line of a cut page may stop inside a row: `a | b`.
    let Some(body) = t.strip_suffix('|') else {
        return has_spaced_pipe(t).then(|| (split_pipes(t), true));
    };
    if t.contains('\t')
        || !(body.is_empty() || body.ends_with(' ') || body.ends_with('|') || !body.contains('|'))
    {
        return None;
    }
    let cells: Vec<&str> = split_pipes(body);
    let ends = cells.last().is_some_and(|c| c.trim().is_empty());
    Some((cells, ends))
}

/// `t.contains(" | ")`, by a memchr for the pipe (most lines have none).
fn has_spaced_pipe(t: &str) -> bool {
    let b = t.as_bytes();
    memchr::memchr_iter(b'|', b).any(|i| i > 0 && b[i - 1] == b' ' && b.get(i + 1) == Some(&b' '))
}

/// Splits on an ASCII byte (a tab): what `str::split` does, by memchr.
fn split_byte(line: &str, sep: u8) -> Vec<&str> {
    let mut cells = Vec::with_capacity(8);
    let mut start = 0;
    for i in memchr::memchr_iter(sep, line.as_bytes()) {
        cells.push(&line[start..i]);
        start = i + 1;
    }
    cells.push(&line[start..]);
    cells
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

/// A web-copy row being gathered over lines, with the line it started on.
#[derive(Default)]
struct WebRow<'a> {
    cells: Vec<&'a str>,
    line: u32,
}

impl<'a> WebRow<'a> {
    /// Writes the gathered row (if it holds any text) into the grid.
    fn flush(&mut self, grid: &mut Option<Grid>) {
        if self.cells.iter().any(|c| !trim_fast(c).is_empty()) {
            push_row(
                grid.get_or_insert_with(Grid::default),
                &self.cells,
                self.line,
            );
        }
        self.cells.clear();
    }
}

/// Groups consecutive table rows into grids. Line numbers are 1-based.
pub fn blocks(lines: &[String]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut grid: Option<Grid> = None;
    let mut web = WebRow::default();
    for (i, line) in lines.iter().enumerate() {
        let line_no = i as u32 + 1;
        if let Some((cells, ends)) = web_cells(line) {
            if web.cells.is_empty() {
                web.line = line_no;
            }
            web.cells.extend(cells);
            // A row that fills the table's width ends even without padding.
            let width = grid.as_ref().map_or(u32::MAX, |g| g.cols) as usize;
            if ends || web.cells.len() >= width {
                web.flush(&mut grid);
            }
            continue;
        }
        web.flush(&mut grid);
        match classify(line) {
            LineKind::Row(cells) => {
                push_row(grid.get_or_insert_with(Grid::default), &cells, line_no);
            }
            LineKind::Rule if grid.is_some() => {}
            LineKind::Rule | LineKind::Text => {
                if let Some(g) = grid.take() {
                    out.push(Block::Table(g));
                }
                if !trim_fast(line).is_empty() {
                    out.push(Block::Line(Line {
                        text: line.clone(),
                        page: None,
                        line: Some(line_no),
                    }));
                }
            }
        }
    }
    web.flush(&mut grid);
    if let Some(g) = grid.take() {
        out.push(Block::Table(g));
    }
    out
}

/// Appends one row of cells (empty ones keep their column) to a grid.
fn push_row(g: &mut Grid, cells: &[&str], line_no: u32) {
    let texts = cells.iter().enumerate().filter_map(|(col, text)| {
        let text = trim_fast(text);
        // A markdown cell may hold an escaped pipe.
        (!text.is_empty()).then(|| {
            let text = if memchr::memchr(b'\\', text.as_bytes()).is_some() {
                text.replace("\\|", "|")
            } else {
                text.to_string()
            };
            (col as u32, text)
        })
    });
    g.push_text_row(texts, cells.len() as u32, line_no);
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
