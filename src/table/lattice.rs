//! Ruled-table reconstruction on one PDF page: rules → grid lines → cells
//! (with row and column spans) → cell text; plus the text lines outside the
//! tables.

use crate::model::{BBox, Block, Cell, Glyph, Grid, Line, Overflow, PdfPage, RowOrigin, Rule};
use crate::normalize::text::{needs_line_space, wrap_needs_space};
use crate::tuning::{LatticeTuning, TUNING};

/// The numbers this reconstruction is tuned by ([`LatticeTuning`]).
const T: LatticeTuning = TUNING.lattice;
/// [`LatticeTuning::rule_tolerance`].
const TOL: f32 = T.rule_tolerance;
/// [`LatticeTuning::min_line_gap`].
const MIN_GAP: f32 = T.min_line_gap;

/// A merged axis-parallel segment: `pos` is y for horizontal segments and x
/// for vertical ones; `a..b` is the extent along the segment.
#[derive(Debug, Clone, Copy)]
struct Seg {
    pos: f32,
    a: f32,
    b: f32,
}

/// Reconstructs the ruled tables of a page, top to bottom.
pub fn page_tables(page: &PdfPage) -> Vec<Grid> {
    let (hs, vs) = split_rules(&page.rules);
    let hs = merge_segments(hs);
    let vs = merge_segments(vs);
    if hs.is_empty() || vs.is_empty() {
        return Vec::new();
    }
    let mut comps = components(&hs, &vs);
    attach_open_columns(&hs, &vs, &mut comps);

    // Glyph anchors, computed once: vertically their centre, across at
    // `column_anchor` of their width (a glyph over its cell's right rule by
    // half its width stays in that cell); then the overflow glyphs'
    // anchors: the point of their clip (their cell) nearest to their
    // center, so they join the cell they overflow and keep their own place
    // in its lines.
    let anchors: Vec<(f32, f32)> = page
        .glyphs
        .iter()
        .map(|g| {
            (
                g.bbox.x0 + T.column_anchor * (g.bbox.x1 - g.bbox.x0),
                (g.bbox.y0 + g.bbox.y1) / 2.0,
            )
        })
        .chain(page.overflow.iter().map(overflow_anchor))
        .collect();
    let mut taken = vec![false; anchors.len()];

    let mut out: Vec<(f32, Grid)> = Vec::new();
    for (hi, vi) in comps {
        let h: Vec<Seg> = hi.iter().map(|&i| hs[i]).collect();
        let v: Vec<Seg> = vi.iter().map(|&i| vs[i]).collect();
        if let Some((top, grid)) = build_grid(page, &h, &v, &anchors, &mut taken) {
            out.push((top, grid));
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out.into_iter().map(|(_, g)| g).collect()
}

/// The page as blocks in reading order: its tables ([`page_tables_or_text`])
/// and the text lines outside them, sorted by their top edge.
pub fn page_blocks(page: &PdfPage) -> Vec<Block> {
    let tables = page_tables_or_text(page);
    let lines = page_lines(page, &tables);
    let mut items: Vec<(f32, Block)> = Vec::with_capacity(tables.len() + lines.len());
    for (y, text) in lines {
        items.push((
            y,
            Block::Line(Line {
                text,
                page: Some(page.number),
                line: None,
            }),
        ));
    }
    for g in tables {
        let top = grid_bbox(&g).map_or(0.0, |b| b.y0);
        items.push((top, Block::Table(g)));
    }
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    items.into_iter().map(|(_, b)| b).collect()
}

/// Ruled tables of the page; when it has none, tables found from text
/// alignment alone ([`text_tables`]).
pub fn page_tables_or_text(page: &PdfPage) -> Vec<Grid> {
    let ruled = page_tables(page);
    if ruled.is_empty() {
        text_tables(page)
    } else {
        ruled
    }
}

/// Fallback for tables drawn without rules: runs of at least
/// [`LatticeTuning::min_text_rows`] consecutive lines that each split into two or more
/// blocks at wide gaps, where the blocks of all those lines line up in the
/// same columns (x ranges that never overlap across columns). One row per
/// line, no spans.
pub fn text_tables(page: &PdfPage) -> Vec<Grid> {
    let lines = group_lines(page.glyphs.iter().collect());
    // Each line → blocks (runs of glyphs separated by a gap wider than one em).
    let blocks: Vec<Vec<&[&Glyph]>> = lines.iter().map(|l| split_blocks(l)).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if blocks[i].len() < 2 {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < lines.len() && blocks[j].len() >= 2 {
            j += 1;
        }
        if j - i >= T.min_text_rows
            && let Some(g) = text_grid(page.number, &lines[i..j], &blocks[i..j])
        {
            out.push(g);
        }
        i = j;
    }
    out
}

fn split_blocks<'a, 'g>(line: &'a [&'g Glyph]) -> Vec<&'a [&'g Glyph]> {
    let mut out = Vec::new();
    let median = median_gap(line);
    let mut start = 0;
    for k in 1..line.len() {
        let size = line[k].size.max(line[k - 1].size).max(1.0);
        let gap = line[k].bbox.x0 - line[k - 1].bbox.x1;
        if T.block_gap.wide(gap, size, median) {
            out.push(&line[start..k]);
            start = k;
        }
    }
    if !line.is_empty() {
        out.push(&line[start..]);
    }
    out
}

fn text_grid(number: u32, lines: &[Vec<&Glyph>], blocks: &[Vec<&[&Glyph]>]) -> Option<Grid> {
    // Column bands: union of overlapping block x ranges.
    let mut spans: Vec<(f32, f32)> = blocks
        .iter()
        .flatten()
        .map(|b| {
            (
                b[0].bbox.x0,
                b.iter().map(|g| g.bbox.x1).fold(f32::MIN, f32::max),
            )
        })
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut bands: Vec<(f32, f32)> = Vec::new();
    for (a, b) in spans {
        match bands.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => bands.push((a, b)),
        }
    }
    if bands.len() < 2 {
        return None;
    }
    let nc = bands.len();
    let mut cells = Vec::new();
    for (r, (line, bl)) in lines.iter().zip(blocks).enumerate() {
        let y0 = line.iter().map(|g| g.bbox.y0).fold(f32::MAX, f32::min);
        let y1 = line.iter().map(|g| g.bbox.y1).fold(f32::MIN, f32::max);
        let mut texts = vec![String::new(); nc];
        let mut confidence: Vec<Option<f32>> = vec![None; nc];
        for b in bl {
            let c = bands
                .partition_point(|band| band.1 < b[0].bbox.x0)
                .min(nc - 1);
            if !texts[c].is_empty() {
                texts[c].push(' ');
            }
            texts[c].push_str(&join_line(b));
            confidence[c] = min_confidence(confidence[c], b.iter().copied());
        }
        for (c, text) in texts.into_iter().enumerate() {
            cells.push(Cell {
                row: r as u32,
                col: c as u32,
                rowspan: 1,
                colspan: 1,
                text,
                page: Some(number),
                bbox: Some(BBox {
                    x0: bands[c].0,
                    y0,
                    x1: bands[c].1,
                    y1,
                }),
                ocr_confidence: confidence[c],
            });
        }
    }
    Some(Grid {
        rows: lines.len() as u32,
        cols: nc as u32,
        cells,
        row_origin: vec![
            RowOrigin {
                page: Some(number),
                line: None,
            };
            lines.len()
        ],
    })
}

/// Text lines of the page outside every table, top to bottom, as
/// (top y, text).
pub fn page_lines(page: &PdfPage, tables: &[Grid]) -> Vec<(f32, String)> {
    let boxes: Vec<BBox> = tables
        .iter()
        .filter(|t| t.cells.iter().any(|c| c.page == Some(page.number)))
        .filter_map(grid_bbox)
        .collect();
    let glyphs: Vec<&Glyph> = page
        .glyphs
        .iter()
        .filter(|g| {
            let cx = (g.bbox.x0 + g.bbox.x1) / 2.0;
            let cy = (g.bbox.y0 + g.bbox.y1) / 2.0;
            !boxes
                .iter()
                .any(|b| cx >= b.x0 && cx <= b.x1 && cy >= b.y0 && cy <= b.y1)
        })
        .collect();
    let lines: Vec<TextLine> = group_lines(glyphs)
        .into_iter()
        .filter_map(|line| {
            let text = join_line(&line);
            (!text.is_empty()).then(|| TextLine {
                top: line.iter().map(|g| g.bbox.y0).fold(f32::MAX, f32::min),
                bottom: line.iter().map(|g| g.bbox.y1).fold(f32::MIN, f32::max),
                x0: line.iter().map(|g| g.bbox.x0).fold(f32::MAX, f32::min),
                x1: line.iter().map(|g| g.bbox.x1).fold(f32::MIN, f32::max),
                size: line.iter().map(|g| g.size).fold(0.0, f32::max),
                text,
            })
        })
        .collect();
    join_wrapped(lines)
        .into_iter()
        .map(|l| (l.top, l.text))
        .collect()
}

/// A line of text outside the tables, with its extent.
struct TextLine {
    top: f32,
    bottom: f32,
    x0: f32,
    x1: f32,
    size: f32,
    text: String,
}

/// Joins lines that a paragraph or a long heading wrapped: a wide line that
/// reaches the right edge of the text, followed at normal line spacing by a
/// line of the same size. Short lines (signatures, dates) stay apart.
fn join_wrapped(lines: Vec<TextLine>) -> Vec<TextLine> {
    let left = lines.iter().map(|l| l.x0).fold(f32::MAX, f32::min);
    let right = lines.iter().map(|l| l.x1).fold(f32::MIN, f32::max);
    let mut out: Vec<TextLine> = Vec::with_capacity(lines.len());
    for l in lines {
        if let Some(prev) = out.last_mut() {
            let size = prev.size.max(1.0);
            let wraps = (prev.size - l.size).abs() <= T.wrap_size_difference
                && l.top - prev.bottom >= T.wrap_min_leading * size
                && l.top - prev.bottom <= T.wrap_max_leading * size
                && prev.x1 >= right - T.wrap_right_slack * size
                && prev.x1 - prev.x0 >= T.wrap_min_width * (right - left);
            if wraps {
                if wrap_needs_space(&prev.text, &l.text) {
                    prev.text.push(' ');
                }
                prev.text.push_str(&l.text);
                // The next test is against the last physical line.
                prev.bottom = l.bottom;
                prev.x0 = l.x0;
                prev.x1 = l.x1;
                continue;
            }
        }
        out.push(l);
    }
    out
}

fn grid_bbox(g: &Grid) -> Option<BBox> {
    let mut it = g.cells.iter().filter_map(|c| c.bbox);
    let first = it.next()?;
    Some(it.fold(first, |a, b| BBox {
        x0: a.x0.min(b.x0),
        y0: a.y0.min(b.y0),
        x1: a.x1.max(b.x1),
        y1: a.y1.max(b.y1),
    }))
}

fn split_rules(rules: &[Rule]) -> (Vec<Seg>, Vec<Seg>) {
    let mut hs = Vec::new();
    let mut vs = Vec::new();
    for r in rules {
        if !(r.x0.is_finite() && r.x1.is_finite() && r.y0.is_finite() && r.y1.is_finite()) {
            continue;
        }
        if r.is_horizontal() {
            let (a, b) = (r.x0.min(r.x1), r.x0.max(r.x1));
            if b - a >= T.min_rule_length {
                hs.push(Seg {
                    pos: (r.y0 + r.y1) / 2.0,
                    a,
                    b,
                });
            }
        } else {
            let (a, b) = (r.y0.min(r.y1), r.y0.max(r.y1));
            if b - a >= T.min_rule_length {
                vs.push(Seg {
                    pos: (r.x0 + r.x1) / 2.0,
                    a,
                    b,
                });
            }
        }
    }
    (hs, vs)
}

/// Clusters segments by position (within [`TOL`]) and joins collinear
/// pieces that touch or overlap (gap up to [`TOL`]).
fn merge_segments(mut segs: Vec<Seg>) -> Vec<Seg> {
    segs.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    let mut out = Vec::new();
    let mut i = 0;
    while i < segs.len() {
        let mut j = i + 1;
        while j < segs.len()
            && segs[j].pos - segs[j - 1].pos <= TOL
            && segs[j].pos - segs[i].pos <= 2.0 * TOL
        {
            j += 1;
        }
        let cluster = &mut segs[i..j];
        let total: f32 = cluster.iter().map(|s| s.b - s.a).sum();
        let pos = if total > 0.0 {
            cluster.iter().map(|s| s.pos * (s.b - s.a)).sum::<f32>() / total
        } else {
            cluster[0].pos
        };
        cluster.sort_by(|a, b| a.a.total_cmp(&b.a));
        let mut cur = Seg {
            pos,
            a: cluster[0].a,
            b: cluster[0].b,
        };
        for s in &cluster[1..] {
            if s.a <= cur.b + TOL {
                cur.b = cur.b.max(s.b);
            } else {
                out.push(cur);
                cur = Seg {
                    pos,
                    a: s.a,
                    b: s.b,
                };
            }
        }
        out.push(cur);
        i = j;
    }
    out
}

/// Connected groups of crossing/touching horizontal and vertical segments.
fn components(hs: &[Seg], vs: &[Seg]) -> Vec<(Vec<usize>, Vec<usize>)> {
    let n = hs.len() + vs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            if v.pos >= h.a - TOL && v.pos <= h.b + TOL && h.pos >= v.a - TOL && h.pos <= v.b + TOL
            {
                let (a, b) = (find(&mut parent, i), find(&mut parent, hs.len() + j));
                if a != b {
                    parent[a] = b;
                }
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<usize>, Vec<usize>)> =
        Default::default();
    for i in 0..n {
        let r = find(&mut parent, i);
        let e = groups.entry(r).or_default();
        if i < hs.len() {
            e.0.push(i);
        } else {
            e.1.push(i - hs.len());
        }
    }
    groups
        .into_values()
        .filter(|(h, v)| !h.is_empty() && !v.is_empty() && h.len() + v.len() >= 3)
        .collect()
}

/// Vertical rules that touch no horizontal rule, beside a table and as
/// tall as it, are the rules of its columns whose cells a page break left
/// open (西安: the level columns of a table run on from the page before,
/// their merged cells closed on neither page): joined to that table, so
/// their text (社会效益指标) is read as cells merged down its rows, not
/// lost outside the grid. They join from the table's edge outwards, each
/// within [`LatticeTuning::open_column_max_width`] of the last.
fn attach_open_columns(hs: &[Seg], vs: &[Seg], comps: &mut [(Vec<usize>, Vec<usize>)]) {
    let mut used = vec![false; vs.len()];
    for (_, vi) in comps.iter() {
        for &j in vi {
            used[j] = true;
        }
    }
    for (hi, vi) in comps.iter_mut() {
        let h: Vec<Seg> = hi.iter().map(|&i| hs[i]).collect();
        let v: Vec<Seg> = vi.iter().map(|&i| vs[i]).collect();
        let (x0, x1, y0, y1) = table_box(&h, &v);
        let height = y1 - y0;
        let as_tall = |s: &Seg| {
            let overlap = s.b.min(y1) - s.a.max(y0);
            overlap >= T.open_column_min_cover * height && s.b - s.a <= height + 2.0 * MIN_GAP
        };
        let mut free: Vec<usize> = (0..vs.len())
            .filter(|&j| !used[j] && as_tall(&vs[j]))
            .collect();
        free.sort_by(|&a, &b| vs[a].pos.total_cmp(&vs[b].pos));
        let mut join = |j: usize, edge: &mut f32| {
            if (vs[j].pos - *edge).abs() > T.open_column_max_width {
                return false;
            }
            *edge = vs[j].pos;
            used[j] = true;
            vi.push(j);
            true
        };
        let mut left = x0;
        for &j in free.iter().rev().filter(|&&j| vs[j].pos < x0 - MIN_GAP) {
            if !join(j, &mut left) {
                break;
            }
        }
        let mut right = x1;
        for &j in free.iter().filter(|&&j| vs[j].pos > x1 + MIN_GAP) {
            if !join(j, &mut right) {
                break;
            }
        }
    }
}

/// Sorted positions, merging those closer than [`MIN_GAP`] (weighted mean).
fn grid_lines(mut vals: Vec<(f32, f32)>) -> Vec<f32> {
    vals.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<f32> = Vec::new();
    let mut i = 0;
    while i < vals.len() {
        let mut j = i + 1;
        while j < vals.len() && vals[j].0 - vals[j - 1].0 < MIN_GAP {
            j += 1;
        }
        let w: f32 = vals[i..j].iter().map(|v| v.1).sum();
        let p = if w > 0.0 {
            vals[i..j].iter().map(|v| v.0 * v.1).sum::<f32>() / w
        } else {
            vals[i].0
        };
        out.push(p);
        i = j;
    }
    out
}

/// Index of the grid line nearest to `p`, if within [`MIN_GAP`].
fn snap(lines: &[f32], p: f32) -> Option<usize> {
    let k = lines.partition_point(|&x| x < p);
    let mut best: Option<(usize, f32)> = None;
    for idx in [k.wrapping_sub(1), k] {
        if let Some(&x) = lines.get(idx) {
            let d = (x - p).abs();
            if d <= MIN_GAP && best.is_none_or(|(_, bd)| d < bd) {
                best = Some((idx, d));
            }
        }
    }
    best.map(|(i, _)| i)
}

/// Per grid line, the intervals covered by rules snapped to it.
fn coverage(lines: &[f32], segs: &[Seg]) -> Vec<Vec<(f32, f32)>> {
    let mut cov = vec![Vec::new(); lines.len()];
    for s in segs {
        if let Some(i) = snap(lines, s.pos) {
            cov[i].push((s.a, s.b));
        }
    }
    for c in &mut cov {
        c.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    cov
}

fn covered(intervals: &[(f32, f32)], a: f32, b: f32) -> bool {
    let len = b - a;
    if len <= 0.0 {
        return true;
    }
    let mut sum = 0.0;
    let mut reach = a;
    for &(s, e) in intervals {
        if s >= b {
            break;
        }
        let s = s.max(reach);
        let e = e.min(b);
        if e > s {
            sum += e - s;
            reach = e;
        }
    }
    sum >= T.border_cover * len
}

/// The table box of a set of rules: the extent of all of them (x0, x1,
/// y0, y1). Its edges are implied borders (a rowspan cut by a page break
/// has no closing rule).
fn table_box(hs: &[Seg], vs: &[Seg]) -> (f32, f32, f32, f32) {
    let x0 = hs
        .iter()
        .map(|s| s.a)
        .chain(vs.iter().map(|s| s.pos))
        .fold(f32::MAX, f32::min);
    let x1 = hs
        .iter()
        .map(|s| s.b)
        .chain(vs.iter().map(|s| s.pos))
        .fold(f32::MIN, f32::max);
    let y0 = vs
        .iter()
        .map(|s| s.a)
        .chain(hs.iter().map(|s| s.pos))
        .fold(f32::MAX, f32::min);
    let y1 = vs
        .iter()
        .map(|s| s.b)
        .chain(hs.iter().map(|s| s.pos))
        .fold(f32::MIN, f32::max);
    (x0, x1, y0, y1)
}

/// Puts the page's glyphs not yet taken into the cells by their anchors
/// (`owner`: the cell of each grid square, row-major; `xs`, `ys`: the grid
/// lines) and sets each cell's text and lowest OCR confidence.
fn fill_cells(
    page: &PdfPage,
    cells: &mut [Cell],
    owner: &[u32],
    (xs, ys): (&[f32], &[f32]),
    anchors: &[(f32, f32)],
    taken: &mut [bool],
) {
    let (nc, nr) = (xs.len() - 1, ys.len() - 1);
    let mut members: Vec<Vec<&Glyph>> = vec![Vec::new(); cells.len()];
    let (gx0, gx1, gy0, gy1) = (xs[0], xs[nc], ys[0], ys[nr]);
    for (i, &(cx, cy)) in anchors.iter().enumerate() {
        if taken[i] || cx < gx0 || cx > gx1 || cy < gy0 || cy > gy1 {
            continue;
        }
        let c = xs.partition_point(|&x| x <= cx).clamp(1, nc) - 1;
        let r = ys.partition_point(|&y| y <= cy).clamp(1, nr) - 1;
        let glyph = page
            .glyphs
            .get(i)
            .unwrap_or_else(|| &page.overflow[i - page.glyphs.len()].glyph);
        members[owner[r * nc + c] as usize].push(glyph);
        taken[i] = true;
    }
    for (cell, glyphs) in cells.iter_mut().zip(members) {
        if !glyphs.is_empty() {
            cell.ocr_confidence = min_confidence(None, glyphs.iter().copied());
            cell.text = cell_text(glyphs, cell.bbox.map(|b| b.x1));
        }
    }
}

fn build_grid(
    page: &PdfPage,
    hs: &[Seg],
    vs: &[Seg],
    anchors: &[(f32, f32)],
    taken: &mut [bool],
) -> Option<(f32, Grid)> {
    let (x0, x1, y0, y1) = table_box(hs, vs);
    if x1 - x0 < 2.0 * MIN_GAP || y1 - y0 < 2.0 * MIN_GAP {
        return None;
    }
    let big = 1e6;
    let mut xv: Vec<(f32, f32)> = vs.iter().map(|s| (s.pos, s.b - s.a)).collect();
    xv.push((x0, big));
    xv.push((x1, big));
    let mut yv: Vec<(f32, f32)> = hs.iter().map(|s| (s.pos, s.b - s.a)).collect();
    yv.push((y0, big));
    yv.push((y1, big));
    let xs = grid_lines(xv);
    let ys = grid_lines(yv);
    let (nc, nr) = (xs.len().checked_sub(1)?, ys.len().checked_sub(1)?);
    if nc == 0 || nr == 0 || nc * nr < 2 {
        return None;
    }
    let vcov = coverage(&xs, vs);
    let hcov = coverage(&ys, hs);
    // vborder(r, k): border on x line k within row r; outer lines always.
    let vborder = |r: usize, k: usize| k == 0 || k == nc || covered(&vcov[k], ys[r], ys[r + 1]);
    let hborder = |k: usize, c: usize| k == 0 || k == nr || covered(&hcov[k], xs[c], xs[c + 1]);

    let mut owner = vec![u32::MAX; nr * nc];
    let mut cells: Vec<Cell> = Vec::new();
    for r in 0..nr {
        for c in 0..nc {
            if owner[r * nc + c] != u32::MAX {
                continue;
            }
            let mut cs = 1;
            while c + cs < nc && !vborder(r, c + cs) && owner[r * nc + c + cs] == u32::MAX {
                cs += 1;
            }
            let mut rs = 1;
            while r + rs < nr
                && (c..c + cs).all(|k| !hborder(r + rs, k) && owner[(r + rs) * nc + k] == u32::MAX)
                && (c + 1..c + cs).all(|k| !vborder(r + rs, k))
            {
                rs += 1;
            }
            let id = cells.len() as u32;
            for rr in r..r + rs {
                for cc in c..c + cs {
                    owner[rr * nc + cc] = id;
                }
            }
            cells.push(Cell {
                row: r as u32,
                col: c as u32,
                rowspan: rs as u32,
                colspan: cs as u32,
                text: String::new(),
                page: Some(page.number),
                bbox: Some(BBox {
                    x0: xs[c],
                    y0: ys[r],
                    x1: xs[c + cs],
                    y1: ys[r + rs],
                }),
                ocr_confidence: None,
            });
        }
    }
    if cells.len() < 2 {
        return None;
    }

    fill_cells(page, &mut cells, &owner, (&xs, &ys), anchors, taken);
    let grid = Grid {
        rows: nr as u32,
        cols: nc as u32,
        cells,
        row_origin: vec![
            RowOrigin {
                page: Some(page.number),
                line: None,
            };
            nr
        ],
    };
    Some((ys[0], grid))
}

/// Where an overflow glyph is placed among the cells: its center moved
/// inside its clip, [`LatticeTuning::overflow_inset`] from the clip's edge.
fn overflow_anchor(o: &Overflow) -> (f32, f32) {
    let (cx, cy) = (
        (o.glyph.bbox.x0 + o.glyph.bbox.x1) / 2.0,
        (o.glyph.bbox.y0 + o.glyph.bbox.y1) / 2.0,
    );
    let clamp = |v: f32, lo: f32, hi: f32| {
        let (lo, hi) = (lo + T.overflow_inset, hi - T.overflow_inset);
        if lo > hi {
            (lo + hi) / 2.0
        } else {
            v.clamp(lo, hi)
        }
    };
    (
        clamp(cx, o.clip.x0, o.clip.x1),
        clamp(cy, o.clip.y0, o.clip.y1),
    )
}

/// The lowest OCR confidence among `glyphs` and `start` (None when no glyph
/// was read by OCR).
fn min_confidence<'g>(start: Option<f32>, glyphs: impl Iterator<Item = &'g Glyph>) -> Option<f32> {
    glyphs
        .filter_map(|g| g.confidence)
        .fold(start, |acc, c| Some(acc.map_or(c, |a| a.min(c))))
}

// ---------------------------------------------------------------------------
// Text assembly

/// Text of one cell: its lines top to bottom, joined without a separator
/// where either side is CJK, with one space between Latin words. Where a
/// space is in question, a line that reaches the cell's right edge
/// (`right`, within [`LatticeTuning::wrap_right_slack`] font sizes)
/// wrapped: a number it cut joins without one ([`wrap_needs_space`]); a
/// shorter line ended where its text did (amounts stacked in a cell stay
/// two).
fn cell_text(glyphs: Vec<&Glyph>, right: Option<f32>) -> String {
    let reaches_right = |line: &[&Glyph]| {
        right.is_some_and(|right| {
            let x1 = line.iter().map(|g| g.bbox.x1).fold(f32::MIN, f32::max);
            let size = line.iter().map(|g| g.size).fold(1.0, f32::max);
            x1 >= right - T.wrap_right_slack * size
        })
    };
    let lines = group_lines(glyphs);
    let mut out = String::new();
    let mut prev: Option<&[&Glyph]> = None;
    for line in &lines {
        let s = join_line(line);
        if s.is_empty() {
            continue;
        }
        if let (Some(p), Some(n), Some(above)) = (out.chars().next_back(), s.chars().next(), prev)
            && needs_line_space(p, n)
            && (!reaches_right(above) || wrap_needs_space(&out, &s))
        {
            out.push(' ');
        }
        out.push_str(&s);
        prev = Some(line);
    }
    out
}

/// One space between Latin words (letters or digits on both sides); none
/// next to CJK text or symbols (`≥` + `90%` is `≥90%`).
/// Groups glyphs into lines by vertical center, top to bottom; each line is
/// sorted left to right.
fn group_lines(mut glyphs: Vec<&Glyph>) -> Vec<Vec<&Glyph>> {
    let cy = |g: &Glyph| (g.bbox.y0 + g.bbox.y1) / 2.0;
    glyphs.sort_by(|a, b| cy(a).total_cmp(&cy(b)));
    let mut lines: Vec<Vec<&Glyph>> = Vec::new();
    let mut line_cy = 0.0f32;
    let mut line_size = 0.0f32;
    for g in glyphs {
        let y = cy(g);
        let size = g.size.max(1.0);
        if let Some(line) = lines.last_mut()
            && (y - line_cy).abs() <= T.same_line_sizes * size.min(line_size).max(1.0)
        {
            line.push(g);
            let n = line.len() as f32;
            line_cy += (y - line_cy) / n;
            line_size = line_size.max(size);
            continue;
        }
        lines.push(vec![g]);
        line_cy = y;
        line_size = size;
    }
    for line in &mut lines {
        line.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    }
    lines
}

/// Median of the (non-negative) gaps between neighbouring glyphs.
fn median_gap(line: &[&Glyph]) -> f32 {
    let mut gaps: Vec<f32> = line
        .windows(2)
        .map(|w| (w[1].bbox.x0 - w[0].bbox.x1).max(0.0))
        .collect();
    if gaps.is_empty() {
        return 0.0;
    }
    let mid = gaps.len() / 2;
    *gaps.select_nth_unstable_by(mid, |a, b| a.total_cmp(b)).1
}

/// Joins the glyphs of one line. No space next to CJK characters; between
/// Latin/digit runs a single space where the gap is clearly wider than the
/// line's usual letter gap; a single space for any very wide gap (separate
/// text blocks on the same line).
fn join_line(line: &[&Glyph]) -> String {
    let mut out = String::with_capacity(line.len() * 3);
    if line.is_empty() {
        return out;
    }
    let median = median_gap(line);
    out.push_str(&line[0].text);
    for w in line.windows(2) {
        let (a, b) = (w[0], w[1]);
        let gap = b.bbox.x0 - a.bbox.x1;
        let size = a.size.max(b.size).max(1.0);
        let p = a.text.chars().next_back().unwrap_or(' ');
        let n = b.text.chars().next().unwrap_or(' ');
        // A word space only between two Latin letters or digits: symbols
        // (≥, %, /) often carry side bearings that look like a gap.
        let latin = needs_line_space(p, n);
        let wide_gap = T.wide_space_gap.wide(gap, size, median);
        let word_gap =
            latin && gap > T.word_gap_sizes * size && gap > median + T.word_gap_over_median * size;
        if wide_gap || word_gap {
            out.push(' ');
        }
        out.push_str(&b.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::text::is_cjk;

    fn h(x0: f32, x1: f32, y: f32) -> Rule {
        Rule {
            x0,
            y0: y,
            x1,
            y1: y,
            width: 0.5,
        }
    }
    fn v(x: f32, y0: f32, y1: f32) -> Rule {
        Rule {
            x0: x,
            y0,
            x1: x,
            y1,
            width: 0.5,
        }
    }
    /// Glyphs for `s` starting at (x, baseline-ish top y), `size` points, CJK
    /// full width and Latin half width.
    fn text(glyphs: &mut Vec<Glyph>, s: &str, x: f32, y: f32, size: f32) {
        let mut x = x;
        for c in s.chars() {
            if c == ' ' {
                x += size * 0.3;
                continue;
            }
            let w = if is_cjk(c) { size } else { size * 0.5 };
            glyphs.push(Glyph {
                text: c.to_string(),
                bbox: BBox {
                    x0: x,
                    y0: y,
                    x1: x + w,
                    y1: y + size,
                },
                size,
                confidence: None,
            });
            x += w;
        }
    }
    /// An empty 600 × 800 pt page numbered `number`.
    fn page(number: u32) -> PdfPage {
        PdfPage {
            number,
            width: 600.0,
            height: 800.0,
            ..Default::default()
        }
    }
    fn cell(g: &Grid, r: u32, c: u32) -> &Cell {
        g.cells
            .iter()
            .find(|x| x.row == r && x.col == c)
            .unwrap_or_else(|| panic!("no cell {r},{c}"))
    }

    /// A number a line wrapped at the cell's right edge joins without a
    /// space (`29%-2` | `0%得15分`); amounts stacked on short lines of a
    /// wide cell stay apart; a cell of unknown width keeps the word space.
    #[test]
    fn a_number_wrapped_at_the_cell_edge_joins_without_a_space() {
        let mut wrapped = Vec::new();
        // 10 pt: `偏离目标` 40 pt + `29%-2` 25 pt = 65 pt, the cell ends at 66.
        text(&mut wrapped, "偏离目标29%-2", 1.0, 10.0, 10.0);
        text(&mut wrapped, "0%得15分", 1.0, 22.0, 10.0);
        let refs: Vec<&Glyph> = wrapped.iter().collect();
        assert_eq!(cell_text(refs.clone(), Some(66.0)), "偏离目标29%-20%得15分");
        assert_eq!(cell_text(refs, None), "偏离目标29%-2 0%得15分");
        let mut stacked = Vec::new();
        text(&mut stacked, "100", 1.0, 10.0, 10.0);
        text(&mut stacked, "200", 1.0, 22.0, 10.0);
        let refs: Vec<&Glyph> = stacked.iter().collect();
        assert_eq!(cell_text(refs, Some(120.0)), "100 200");
    }

    /// A glyph that runs over its cell's right rule by half its width (西安's
    /// `…-2022年` in a narrow cell, the 年 across the rule) stays with the
    /// text it ends; the next cell's text, starting after its rule, stays
    /// in that cell.
    #[test]
    fn a_glyph_over_the_right_rule_stays_in_its_cell() {
        let mut p = page(1);
        p.rules = vec![
            h(100.0, 300.0, 100.0),
            h(100.0, 300.0, 120.0),
            v(100.0, 100.0, 120.0),
            v(200.0, 100.0, 120.0),
            v(300.0, 100.0, 120.0),
        ];
        // `至2022` ends at 195 (CJK 10 pt, digits 5 pt); `年` at 195-205
        // crosses the rule at 200 by half its width.
        text(&mut p.glyphs, "至2022年", 165.0, 104.0, 10.0);
        text(&mut p.glyphs, "设备", 202.0, 104.0, 10.0);
        let t = page_tables(&p);
        assert_eq!(t.len(), 1);
        assert_eq!(cell(&t[0], 0, 0).text, "至2022年");
        assert_eq!(cell(&t[0], 0, 1).text, "设备");
    }

    /// 西安's table run on from the page before: its level columns have
    /// vertical rules down the whole page and no rule across (their merged
    /// cells are closed on neither page). They are the table's columns,
    /// each one cell down its rows, their labels read; a rule as tall in
    /// the margin far from the table is not.
    #[test]
    fn open_columns_beside_a_table_are_its_columns() {
        let mut p = page(43);
        p.rules = vec![
            // The closed part: name and value columns, two rows.
            h(300.0, 500.0, 100.0),
            h(300.0, 500.0, 140.0),
            h(300.0, 500.0, 180.0),
            v(300.0, 100.0, 180.0),
            v(400.0, 100.0, 180.0),
            v(500.0, 100.0, 180.0),
            // The open level-1 and level-2 columns.
            v(100.0, 100.0, 180.0),
            v(200.0, 100.0, 180.0),
            // A margin rule far to the right.
            v(800.0, 100.0, 180.0),
        ];
        text(&mut p.glyphs, "效益指标", 110.0, 150.0, 10.0);
        text(&mut p.glyphs, "社会效益指标", 205.0, 150.0, 10.0);
        text(&mut p.glyphs, "指标1", 305.0, 115.0, 10.0);
        text(&mut p.glyphs, "90%", 405.0, 115.0, 10.0);
        text(&mut p.glyphs, "指标2", 305.0, 155.0, 10.0);
        text(&mut p.glyphs, "95%", 405.0, 155.0, 10.0);
        let t = page_tables(&p);
        assert_eq!(t.len(), 1);
        let g = &t[0];
        assert_eq!((g.rows, g.cols), (2, 4));
        let l1 = cell(g, 0, 0);
        assert_eq!((l1.text.as_str(), l1.rowspan), ("效益指标", 2));
        let l2 = cell(g, 0, 1);
        assert_eq!((l2.text.as_str(), l2.rowspan), ("社会效益指标", 2));
        assert_eq!(cell(g, 1, 2).text, "指标2");
        assert_eq!(cell(g, 1, 3).text, "95%");
    }

    /// 3 columns × 3 rows; column 0 spans rows 1–2 (no rule between them).
    #[test]
    fn rowspan() {
        let mut p = page(3);
        p.rules = vec![
            h(100.0, 400.0, 100.0),
            h(100.0, 400.0, 120.0),
            h(200.0, 400.0, 140.0), // only under columns 1–2
            h(100.0, 400.0, 160.0),
            v(100.0, 100.0, 160.0),
            v(200.0, 100.0, 160.0),
            v(300.0, 100.0, 160.0),
            v(400.0, 100.0, 160.0),
        ];
        text(&mut p.glyphs, "项目名称", 105.0, 104.0, 10.0);
        text(&mut p.glyphs, "指标", 205.0, 104.0, 10.0);
        text(&mut p.glyphs, "指标值", 305.0, 104.0, 10.0);
        text(&mut p.glyphs, "产出指标", 105.0, 135.0, 10.0);
        text(&mut p.glyphs, "数量", 205.0, 124.0, 10.0);
        text(&mut p.glyphs, "100", 305.0, 124.0, 10.0);
        text(&mut p.glyphs, "质量", 205.0, 144.0, 10.0);
        text(&mut p.glyphs, "95%", 305.0, 144.0, 10.0);
        let t = page_tables(&p);
        assert_eq!(t.len(), 1);
        let g = &t[0];
        assert_eq!((g.rows, g.cols), (3, 3));
        assert_eq!(g.cells.len(), 8);
        let c = cell(g, 1, 0);
        assert_eq!((c.rowspan, c.colspan), (2, 1));
        assert_eq!(c.text, "产出指标");
        assert_eq!(cell(g, 2, 2).text, "95%");
        assert_eq!(cell(g, 0, 0).text, "项目名称");
        assert_eq!(c.page, Some(3));
        assert_eq!(
            c.bbox,
            Some(BBox {
                x0: 100.0,
                y0: 120.0,
                x1: 200.0,
                y1: 160.0
            })
        );
        assert!(g.row_origin.iter().all(|o| o.page == Some(3)));
        // No OCR, no confidence.
        assert!(g.cells.iter().all(|c| c.ocr_confidence.is_none()));
        // Glyphs read by OCR: a cell's confidence is its lowest glyph's.
        for (i, g) in p.glyphs.iter_mut().enumerate() {
            g.confidence = Some(0.99 - i as f32 * 0.01);
        }
        let t = page_tables(&p);
        let c = cell(&t[0], 1, 0);
        // 产出指标 are glyphs 9..=12 (项目名称 4, 指标 2, 指标值 3 before).
        assert_eq!(c.ocr_confidence, Some(0.99 - 12.0 * 0.01));
        assert!(t[0].cells.iter().all(|c| c.ocr_confidence.is_some()));
        assert_eq!(g.row_origin.len(), 3);
    }

    /// A header cell spanning two columns.
    #[test]
    fn colspan() {
        let mut p = page(1);
        p.rules = vec![
            h(100.0, 400.0, 100.0),
            h(100.0, 400.0, 120.0),
            h(100.0, 400.0, 140.0),
            v(100.0, 100.0, 140.0),
            v(200.0, 120.0, 140.0), // only in the second row
            v(300.0, 100.0, 140.0),
            v(400.0, 100.0, 140.0),
        ];
        text(&mut p.glyphs, "年度目标", 150.0, 104.0, 10.0);
        text(&mut p.glyphs, "A", 105.0, 124.0, 10.0);
        text(&mut p.glyphs, "B", 205.0, 124.0, 10.0);
        let t = page_tables(&p);
        let g = &t[0];
        assert_eq!((g.rows, g.cols), (2, 3));
        let c = cell(g, 0, 0);
        assert_eq!((c.rowspan, c.colspan), (1, 2));
        assert_eq!(c.text, "年度目标");
        assert_eq!(g.row_cells(0).count(), 2);
        assert_eq!(g.row_cells(1).count(), 3);
        assert_eq!(cell(g, 1, 1).text, "B");
    }

    /// A rowspan cut by the page break: the verticals run to the bottom of the
    /// page area but no closing horizontal rule is drawn.
    #[test]
    fn cut_rowspan() {
        let mut p = page(2);
        p.rules = vec![
            h(100.0, 400.0, 700.0),
            h(100.0, 400.0, 720.0),
            h(200.0, 400.0, 740.0),
            v(100.0, 700.0, 780.0),
            v(200.0, 700.0, 780.0),
            v(300.0, 700.0, 780.0),
            v(400.0, 700.0, 780.0),
        ];
        text(&mut p.glyphs, "效益指标", 105.0, 745.0, 10.0);
        text(&mut p.glyphs, "满意度", 205.0, 750.0, 10.0);
        text(&mut p.glyphs, "≥90%", 305.0, 750.0, 10.0);
        text(&mut p.glyphs, "第2页", 280.0, 790.0, 9.0);
        let t = page_tables(&p);
        assert_eq!(t.len(), 1);
        let g = &t[0];
        assert_eq!((g.rows, g.cols), (3, 3));
        let c = cell(g, 1, 0);
        assert_eq!((c.rowspan, c.colspan), (2, 1));
        assert_eq!(c.text, "效益指标");
        assert_eq!(c.bbox.unwrap().y1, 780.0);
        assert_eq!(cell(g, 2, 1).text, "满意度");
        assert_eq!(cell(g, 2, 2).text, "≥90%");
        let lines = page_lines(&p, &t);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].1, "第2页");
        let blocks = page_blocks(&p);
        assert!(matches!(&blocks[0], Block::Table(g) if g.rows == 3));
        assert!(matches!(&blocks[1], Block::Line(l) if l.text == "第2页" && l.page == Some(2)));
    }

    #[test]
    fn cjk_digit_joining() {
        let mut p = page(1);
        p.rules = vec![
            h(100.0, 500.0, 100.0),
            h(100.0, 500.0, 140.0),
            h(100.0, 500.0, 160.0),
            v(100.0, 100.0, 160.0),
            v(300.0, 100.0, 160.0),
            v(500.0, 100.0, 160.0),
        ];
        // "2025" then "年" with a small gap (separate text objects)
        text(&mut p.glyphs, "2025", 105.0, 104.0, 10.0);
        text(&mut p.glyphs, "年完成", 126.5, 104.0, 10.0);
        // wrapped CJK line inside the same cell
        text(&mut p.glyphs, "率", 105.0, 118.0, 10.0);
        // Latin words with a word gap, wrapped onto a second line
        text(&mut p.glyphs, "Word 2007", 305.0, 104.0, 10.0);
        text(&mut p.glyphs, "export", 305.0, 118.0, 10.0);
        // number in the next row
        text(&mut p.glyphs, "1,234.50", 105.0, 144.0, 10.0);
        text(&mut p.glyphs, "万元", 146.0, 144.0, 10.0);
        let t = page_tables(&p);
        let g = &t[0];
        assert_eq!(cell(g, 0, 0).text, "2025年完成率");
        assert_eq!(cell(g, 0, 1).text, "Word 2007 export");
        assert_eq!(cell(g, 1, 0).text, "1,234.50万元");
    }

    #[test]
    fn lines_outside_tables() {
        let mut p = page(1);
        text(&mut p.glyphs, "项目支出预算绩效目标表", 200.0, 50.0, 16.0);
        text(&mut p.glyphs, "编制单位：某某局", 50.0, 80.0, 10.0);
        text(&mut p.glyphs, "单位：万元", 450.0, 80.5, 10.0);
        text(&mut p.glyphs, "收 支 预 算", 50.0, 120.0, 10.0);
        let lines = page_lines(&p, &[]);
        let texts: Vec<&str> = lines.iter().map(|l| l.1.as_str()).collect();
        assert_eq!(
            texts,
            [
                "项目支出预算绩效目标表",
                "编制单位：某某局 单位：万元",
                "收支预算"
            ]
        );
        assert!(lines[0].0 < lines[1].0);
    }

    #[test]
    fn collinear_pieces_and_double_rules_merge() {
        let mut p = page(1);
        // Borders drawn per cell (pieces), one drawn 1pt off, plus a
        // double rule at the bottom.
        p.rules = vec![
            h(100.0, 200.0, 100.0),
            h(200.0, 300.0, 100.5),
            h(100.0, 200.0, 120.0),
            h(200.5, 300.0, 120.0),
            h(100.0, 300.0, 140.0),
            h(100.0, 300.0, 142.0),
            v(100.0, 100.0, 142.0),
            v(200.0, 100.0, 121.0),
            v(201.0, 119.0, 142.0),
            v(300.0, 100.0, 142.0),
        ];
        let t = page_tables(&p);
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].rows, t[0].cols), (2, 2));
        assert_eq!(t[0].cells.len(), 4);
    }

    #[test]
    fn text_aligned_table_without_rules() {
        let mut p = page(4);
        text(&mut p.glyphs, "收支预算总表", 200.0, 40.0, 16.0);
        text(
            &mut p.glyphs,
            "这是一段说明文字，没有任何表格的结构。",
            50.0,
            70.0,
            10.0,
        );
        text(&mut p.glyphs, "项目", 50.0, 100.0, 10.0);
        text(&mut p.glyphs, "金额", 300.0, 100.0, 10.0);
        text(&mut p.glyphs, "一般公共预算拨款", 50.0, 115.0, 10.0);
        text(&mut p.glyphs, "1,234.50", 290.0, 115.0, 10.0);
        text(&mut p.glyphs, "收入合计", 50.0, 130.0, 10.0);
        text(&mut p.glyphs, "11,234.50", 287.5, 130.0, 10.0);
        assert!(page_tables(&p).is_empty());
        let t = page_tables_or_text(&p);
        assert_eq!(t.len(), 1);
        let g = &t[0];
        assert_eq!((g.rows, g.cols), (3, 2));
        assert_eq!(cell(g, 2, 0).text, "收入合计");
        assert_eq!(cell(g, 2, 1).text, "11,234.50");
        assert_eq!(cell(g, 1, 1).page, Some(4));
        let lines = page_lines(&p, &t);
        let texts: Vec<&str> = lines.iter().map(|l| l.1.as_str()).collect();
        assert_eq!(
            texts,
            ["收支预算总表", "这是一段说明文字，没有任何表格的结构。"]
        );
    }

    #[test]
    fn a_box_alone_is_not_a_table() {
        let mut p = page(1);
        p.rules = vec![
            h(10.0, 590.0, 10.0),
            h(10.0, 590.0, 790.0),
            v(10.0, 10.0, 790.0),
            v(590.0, 10.0, 790.0),
        ];
        assert!(page_tables(&p).is_empty());
    }
}
