//! Builds [`Grid`]s for the readers of ready-made-grid formats (HTML, sheets,
//! DOCX, CSV): places cells with their spans, keeps the grid rules of the
//! text and lattice paths (cells row by row, a spanned cell once at its
//! top-left, one `row_origin` per row) and turns single-cell title rows
//! (a sheet's title or `单位：万元` row) into lines, as the text path sees them.

use crate::model::{Block, Cell, Grid, Line, RowOrigin};

/// Largest colspan honoured; HTML itself clamps colspan to 1000.
pub const MAX_COLSPAN: u32 = 1000;
/// Largest rowspan honoured; HTML itself clamps rowspan to 65534.
pub const MAX_ROWSPAN: u32 = 65_534;
/// Widest table read (Excel's column limit).
pub const MAX_GRID_COLS: u32 = 16_384;
/// Longest table read: a disclosure's table has hundreds of rows at most.
pub const MAX_GRID_ROWS: u32 = 200_000;
/// Most non-empty cells read from one document's tables.
pub const MAX_CELLS: usize = 2_000_000;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum GridError {
    #[error("a table wider than {MAX_GRID_COLS} columns")]
    TooWide,
    #[error("a table longer than {MAX_GRID_ROWS} rows")]
    TooLong,
    #[error("more than {MAX_CELLS} table cells")]
    TooManyCells,
}

/// A cell placed at its top-left position.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub row: u32,
    pub col: u32,
    pub rowspan: u32,
    pub colspan: u32,
    pub text: String,
}

/// Places cells given row by row, left to right, the HTML way: a cell takes
/// the first column not already covered by a rowspan from above.
#[derive(Debug, Default)]
pub struct RowPlacer {
    /// Per column: the first row that column is free again.
    free_from: Vec<u32>,
    /// Row being filled (rows so far - 1).
    row: Option<u32>,
    col: u32,
    pub cells: Vec<Placed>,
}

impl RowPlacer {
    pub fn start_row(&mut self) -> Result<(), GridError> {
        let next = self.row.map_or(0, |r| r + 1);
        if next >= MAX_GRID_ROWS {
            return Err(GridError::TooLong);
        }
        self.row = Some(next);
        self.col = 0;
        Ok(())
    }

    /// Rows started so far.
    pub fn rows(&self) -> u32 {
        self.row.map_or(0, |r| r + 1)
    }

    pub fn push(&mut self, text: String, rowspan: u32, colspan: u32) -> Result<(), GridError> {
        if self.row.is_none() {
            self.start_row()?;
        }
        let row = self.row.unwrap_or(0);
        let rowspan = rowspan.clamp(1, MAX_ROWSPAN);
        let colspan = colspan.clamp(1, MAX_COLSPAN);
        while self
            .free_from
            .get(self.col as usize)
            .is_some_and(|&f| f > row)
        {
            self.col += 1;
        }
        let col = self.col;
        let end = col.checked_add(colspan).ok_or(GridError::TooWide)?;
        if end > MAX_GRID_COLS {
            return Err(GridError::TooWide);
        }
        if self.free_from.len() < end as usize {
            self.free_from.resize(end as usize, 0);
        }
        for f in &mut self.free_from[col as usize..end as usize] {
            *f = row.saturating_add(rowspan);
        }
        self.col = end;
        if self.cells.len() >= MAX_CELLS {
            return Err(GridError::TooManyCells);
        }
        self.cells.push(Placed {
            row,
            col,
            rowspan,
            colspan,
            text,
        });
        Ok(())
    }
}

/// Turns placed cells (any order) of one table into blocks: grids, and
/// lines for title rows. `origin(r)` tells where row `r` came from.
/// With `split_on_blank`, an empty row ends a table (sheets and CSV put a
/// blank row between tables; HTML tables are delimited by their markup).
pub fn blocks(
    mut cells: Vec<Placed>,
    origin: impl Fn(u32) -> RowOrigin,
    split_on_blank: bool,
) -> Vec<Block> {
    cells.retain(|c| !c.text.trim().is_empty());
    if cells.is_empty() {
        return Vec::new();
    }
    cells.sort_by_key(|c| (c.row, c.col));
    if !split_on_blank {
        return segment_blocks(cells, &origin);
    }
    // Tables end at a blank row (one no cell starts in or spans into); each
    // stretch between blank rows is read on its own, so that its title rows
    // are told by its own first and last body rows.
    let mut out = Vec::new();
    let mut segment: Vec<Placed> = Vec::new();
    let mut reach = 0u32; // first row after everything in the segment
    for c in cells {
        if !segment.is_empty() && c.row > reach {
            out.extend(segment_blocks(std::mem::take(&mut segment), &origin));
        }
        reach = if segment.is_empty() { 0 } else { reach };
        reach = reach.max(c.row + c.rowspan.max(1));
        segment.push(c);
    }
    out.extend(segment_blocks(segment, &origin));
    out
}

/// [`blocks`] for cells sorted by row and column, none empty.
fn segment_blocks(mut cells: Vec<Placed>, origin: &impl Fn(u32) -> RowOrigin) -> Vec<Block> {
    if cells.is_empty() {
        return Vec::new();
    }
    // Rows counted from the segment's first row.
    let base = cells[0].row;
    for c in &mut cells {
        c.row -= base;
    }
    let origin = |r: u32| origin(r + base);
    // Spans never reach past the last row / column that holds anything.
    let rows = cells.iter().map(|c| c.row + 1).max().unwrap_or(0);
    let cols = cells.iter().map(|c| c.col + 1).max().unwrap_or(0);
    for c in &mut cells {
        c.rowspan = c.rowspan.min(rows - c.row);
        c.colspan = c.colspan.min(cols.max(c.col + 1) - c.col);
    }
    let cols = cells.iter().map(|c| c.col + c.colspan).max().unwrap_or(0);

    // Per row: its cells (a range of `cells`) and whether a span from an
    // earlier row covers it.
    let mut row_range = vec![(0usize, 0usize); rows as usize];
    let mut covered = vec![false; rows as usize];
    let mut i = 0;
    while i < cells.len() {
        let r = cells[i].row;
        let start = i;
        while i < cells.len() && cells[i].row == r {
            i += 1;
        }
        row_range[r as usize] = (start, i);
        for c in &cells[start..i] {
            for k in c.row + 1..c.row + c.rowspan {
                covered[k as usize] = true;
            }
        }
    }
    let count = |r: usize| row_range[r].1 - row_range[r].0;
    let first_body = (0..rows as usize).find(|&r| count(r) >= 2 || covered[r]);
    let last_body = (0..rows as usize)
        .rev()
        .find(|&r| count(r) >= 2 || covered[r]);
    let is_line = |r: usize| {
        if count(r) != 1 || covered[r] {
            return false;
        }
        let c = &cells[row_range[r].0];
        c.rowspan == 1
            && (c.colspan == cols
                || first_body.is_none_or(|f| r < f)
                || last_body.is_none_or(|l| r > l))
    };

    let mut out = Vec::new();
    let mut grid: Option<(u32, Grid)> = None; // (first source row, grid)
    let flush = |grid: &mut Option<(u32, Grid)>, out: &mut Vec<Block>| {
        if let Some((_, g)) = grid.take() {
            out.push(Block::Table(g));
        }
    };
    for r in 0..rows as usize {
        let o = origin(r as u32);
        if count(r) == 0 && !covered[r] {
            continue;
        }
        if is_line(r) {
            flush(&mut grid, &mut out);
            out.push(Block::Line(Line {
                text: cells[row_range[r].0].text.clone(),
                page: o.page,
                line: o.line,
            }));
            continue;
        }
        let (first, g) = grid.get_or_insert_with(|| (r as u32, Grid::default()));
        // Rows skipped inside a grid (blank rows without split) keep their
        // place so that spans stay right.
        while g.rows < r as u32 - *first {
            let skipped = origin(*first + g.rows);
            g.row_origin.push(skipped);
            g.rows += 1;
        }
        let (a, b) = row_range[r];
        for c in &cells[a..b] {
            g.cells.push(Cell {
                row: g.rows,
                col: c.col,
                rowspan: c.rowspan,
                colspan: c.colspan,
                text: c.text.trim().to_string(),
                page: o.page,
                bbox: None,
                ocr_confidence: None,
            });
        }
        g.cols = cols;
        g.row_origin.push(o);
        g.rows += 1;
    }
    flush(&mut grid, &mut out);
    // A span cut by a title row or a split is clipped to its grid.
    for b in &mut out {
        if let Block::Table(g) = b {
            let rows = g.rows;
            for c in &mut g.cells {
                c.rowspan = c.rowspan.min(rows - c.row);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(b: &[Block]) -> Vec<String> {
        b.iter()
            .map(|b| match b {
                Block::Line(l) => format!("L:{}", l.text),
                Block::Table(g) => format!("T:{}x{}:{}", g.rows, g.cols, g.cells.len()),
            })
            .collect()
    }

    #[test]
    fn rowspan_pushes_later_cells_right() {
        let mut p = RowPlacer::default();
        p.start_row().unwrap();
        p.push("a".into(), 2, 1).unwrap();
        p.push("b".into(), 1, 2).unwrap();
        p.start_row().unwrap();
        p.push("c".into(), 1, 1).unwrap();
        assert_eq!(p.cells[2].col, 1, "column 0 is covered by a's rowspan");
        assert_eq!(p.cells[1].colspan, 2);
    }

    #[test]
    fn huge_spans_are_clamped_without_allocating() {
        let mut p = RowPlacer::default();
        p.push("x".into(), 1, 1_000_000).unwrap();
        p.push("y".into(), u32::MAX, 1).unwrap();
        assert_eq!(p.cells[0].colspan, MAX_COLSPAN);
        assert!(p.free_from.len() <= MAX_COLSPAN as usize + 1);
        let b = blocks(p.cells, |_| RowOrigin::default(), false);
        let Block::Table(g) = &b[0] else { panic!() };
        assert_eq!(g.cells[1].rowspan, 1, "rowspan clipped to the table");
    }

    #[test]
    fn title_rows_become_lines() {
        let cell = |row, col, colspan, t: &str| Placed {
            row,
            col,
            rowspan: 1,
            colspan,
            text: t.into(),
        };
        let cells = vec![
            cell(0, 0, 3, "标题"),
            cell(1, 2, 1, "单位：万元"),
            cell(2, 0, 1, "项目名称"),
            cell(2, 1, 2, "甲"),
            cell(3, 1, 1, "只有一格"),
            cell(4, 0, 1, "a"),
            cell(4, 1, 1, "b"),
            cell(6, 0, 1, "c"),
            cell(6, 1, 1, "d"),
        ];
        let b = blocks(cells.clone(), |_| RowOrigin::default(), true);
        assert_eq!(
            texts(&b),
            ["L:标题", "L:单位：万元", "T:3x3:5", "T:1x2:2"],
            "a single cell inside a table stays a cell"
        );
        let b = blocks(cells, |_| RowOrigin::default(), false);
        assert_eq!(texts(&b), ["L:标题", "L:单位：万元", "T:5x3:7"]);
    }
}
