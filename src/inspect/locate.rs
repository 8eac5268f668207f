//! Where a record and each of its indicators were read: the table row and
//! cells, found again from the record's text (project name, indicator name
//! and value) among the grids, in document order, preferring cells the
//! layout stage marked with the matching role.
//!
//! Records are read as JSON values (not the Rust record type) so that this
//! module only depends on the record contract's key names.

use super::overlay::MarkIndex;
use crate::model::{CellRole, Grid};
use crate::normalize::text::clean;
use serde_json::Value;

/// One grid row and some of its cells (by column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    pub table: usize,
    pub row: u32,
    pub cols: Vec<u32>,
}

/// Where one record and its indicators are (None: not found).
#[derive(Debug, Clone, Default)]
pub struct RecordSpots {
    pub record: Option<Spot>,
    pub indicators: Vec<Option<Spot>>,
}

/// The text a cell and a record value are compared by: cleaned, no
/// whitespace, full-width ASCII folded.
pub fn match_key(s: &str) -> String {
    clean(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A grid row in document order.
struct RowEntry {
    table: usize,
    row: u32,
    page: Option<u32>,
    /// (column, match key) of the cells that start in this row.
    cells: Vec<(u32, String)>,
}

fn rows_of(grids: &[Grid]) -> Vec<RowEntry> {
    let mut out = Vec::new();
    for (t, g) in grids.iter().enumerate() {
        let mut rows: Vec<RowEntry> = (0..g.rows)
            .map(|r| RowEntry {
                table: t,
                row: r,
                page: None,
                cells: Vec::new(),
            })
            .collect();
        for c in &g.cells {
            if let Some(e) = rows.get_mut(c.row as usize) {
                e.page = e.page.or(c.page);
                e.cells.push((c.col, match_key(&c.text)));
            }
        }
        for e in &mut rows {
            e.cells.sort_by_key(|(col, _)| *col);
        }
        out.extend(rows.into_iter().filter(|e| !e.cells.is_empty()));
    }
    out
}

/// Scores of a candidate row; the first row (from the cursor on) with the
/// best score wins.
const EXACT_NAME: u32 = 4;
const PREFIX_NAME: u32 = 2;
const VALUE_TOO: u32 = 1;
const ROLE_TOO: u32 = 1;
/// A cell must be this long (chars) to count as part of a longer name (an
/// indicator whose name was joined from extra cells) or to hold the name
/// with more around it (template text such as `指标1：` removed).
const MIN_PREFIX_CHARS: usize = 2;

struct Finder<'a> {
    rows: Vec<RowEntry>,
    marks: &'a MarkIndex,
}

impl Finder<'_> {
    fn role(&self, e: &RowEntry, col: u32) -> Option<CellRole> {
        self.marks.get(&(e.table, e.row, col)).copied()
    }

    /// The best row holding `name` (and `value`, when given) on `page`,
    /// searching from `cursor` to the end and then from the start. Returns
    /// the row's position and the matching cells.
    fn find(
        &self,
        name: &str,
        value: Option<&str>,
        page: Option<u32>,
        name_role: CellRole,
        cursor: usize,
    ) -> Option<(usize, Spot)> {
        if name.is_empty() || self.rows.is_empty() {
            return None;
        }
        let n = self.rows.len();
        // The best score a row can get: stop at the first row that has it.
        let top = EXACT_NAME
            + if value.is_some() { VALUE_TOO } else { 0 }
            + if self.marks.is_empty() { 0 } else { ROLE_TOO };
        let mut best: Option<(u32, usize, Spot)> = None;
        for k in 0..n {
            let i = (cursor + k) % n;
            let e = &self.rows[i];
            if page.is_some() && e.page.is_some() && e.page != page {
                continue;
            }
            let Some((score, spot)) = self.score(e, name, value, name_role) else {
                continue;
            };
            if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                best = Some((score, i, spot));
            }
            if score >= top {
                break;
            }
        }
        best.map(|(_, i, spot)| (i, spot))
    }

    fn score(
        &self,
        e: &RowEntry,
        name: &str,
        value: Option<&str>,
        name_role: CellRole,
    ) -> Option<(u32, Spot)> {
        let (pos, name_score) = e.cells.iter().enumerate().find_map(|(p, (_, k))| {
            if k == name {
                Some((p, EXACT_NAME))
            } else if k.chars().count() >= MIN_PREFIX_CHARS
                && (name.starts_with(k.as_str())
                    || (name.chars().count() >= MIN_PREFIX_CHARS && k.contains(name)))
            {
                Some((p, PREFIX_NAME))
            } else {
                None
            }
        })?;
        let name_col = e.cells[pos].0;
        let mut score = name_score;
        let mut cols = vec![name_col];
        if self.role(e, name_col) == Some(name_role) {
            score += ROLE_TOO;
        }
        // The value: the cell that holds it, else a cell marked as a value,
        // else the next cell to the right.
        if let Some(v) = value {
            let after = &e.cells[pos + 1..];
            let by_text = after.iter().find(|(_, k)| !v.is_empty() && k == v);
            let by_role = after.iter().find(|(c, _)| {
                matches!(
                    self.role(e, *c),
                    Some(CellRole::Value | CellRole::Warned | CellRole::HeaderValue)
                )
            });
            if by_text.is_some() {
                score += VALUE_TOO;
            }
            if let Some((c, _)) = by_text.or(by_role).or(after.first()) {
                cols.push(*c);
            }
        }
        Some((
            score,
            Spot {
                table: e.table,
                row: e.row,
                cols,
            },
        ))
    }
}

fn str_at<'v>(v: &'v Value, path: &[&str]) -> Option<&'v str> {
    path.iter().try_fold(v, |v, k| v.get(k))?.as_str()
}

/// Finds every record and indicator of `records` (record JSON values, in
/// document order) in `grids`.
pub fn locate(grids: &[Grid], marks: &MarkIndex, records: &[Value]) -> Vec<RecordSpots> {
    let finder = Finder {
        rows: rows_of(grids),
        marks,
    };
    let mut cursor = 0usize;
    let mut out = Vec::with_capacity(records.len());
    for rec in records {
        let mut spots = RecordSpots::default();
        let indicators = rec
            .get("indicators")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        // 1. The project name: a header row "项目名称 | name".
        if let Some(name) = str_at(rec, &["project_name"]).map(match_key)
            && let Some((i, mut spot)) =
                finder.find(&name, None, None, CellRole::HeaderValue, cursor)
        {
            // Show the label too: the cell left of the name in its row.
            let e = &finder.rows[i];
            if let Some((c, _)) = e.cells.iter().rev().find(|(c, _)| *c < spot.cols[0]) {
                spot.cols.insert(0, *c);
            }
            cursor = i;
            spots.record = Some(spot);
        }
        // 2. Each indicator, from the record's rows on.
        let mut ind_cursor = cursor;
        for ind in indicators {
            let name = str_at(ind, &["name"]).map(match_key).unwrap_or_default();
            let value = str_at(ind, &["value", "raw"]).map(match_key);
            let page = ind
                .pointer("/source/page")
                .and_then(Value::as_u64)
                .map(|p| p as u32);
            let found = finder.find(&name, value.as_deref(), page, CellRole::Name, ind_cursor);
            if let Some((i, _)) = &found {
                ind_cursor = *i + 1;
            }
            spots.indicators.push(found.map(|(_, s)| s));
        }
        // A record without a project name (a department's table) is shown
        // at its first indicator.
        if spots.record.is_none() {
            spots.record = spots.indicators.iter().flatten().next().cloned();
        }
        cursor = ind_cursor.max(cursor);
        out.push(spots);
    }
    out
}

/// Index of the indicator a warning's `at` points into
/// (`indicators[6].value` → 6); None for record-level paths.
pub fn warning_indicator(at: &str) -> Option<usize> {
    let rest = at.strip_prefix("indicators[")?;
    rest[..rest.find(']')?].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cell;
    use serde_json::json;

    fn grid(rows: &[&[&str]], page: u32) -> Grid {
        let mut cells = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, t) in row.iter().enumerate() {
                cells.push(Cell {
                    row: r as u32,
                    col: c as u32,
                    rowspan: 1,
                    colspan: 1,
                    text: t.to_string(),
                    page: Some(page),
                    bbox: None,
                    ocr_confidence: None,
                });
            }
        }
        Grid {
            rows: rows.len() as u32,
            cols: rows.iter().map(|r| r.len()).max().unwrap_or(0) as u32,
            cells,
            row_origin: vec![],
        }
    }

    #[test]
    fn keys_ignore_spacing_and_width() {
        assert_eq!(match_key(" 项目 名称 "), "项目名称");
        assert_eq!(match_key("≥９５％"), match_key("≥95%"));
    }

    #[test]
    fn finds_records_and_repeated_names_in_order() {
        let grids = vec![
            grid(
                &[
                    &["项目名称", "甲 项目"],
                    &["产出指标", "数量指标", "培训人数", "≥ 10人"],
                ],
                1,
            ),
            grid(
                &[
                    &["项目名称", "乙项目"],
                    &["产出指标", "数量指标", "培训人数", "≥20人"],
                ],
                2,
            ),
        ];
        let recs = vec![
            json!({"project_name": "甲项目", "indicators": [
                {"name": "培训人数", "value": {"raw": "≥10人"}, "source": {"page": 1}}]}),
            json!({"project_name": "乙项目", "indicators": [
                {"name": "培训人数", "value": {"raw": "≥20人"}, "source": {"page": 2}},
                {"name": "没有这一行", "value": {"raw": "1"}, "source": {"page": 2}}]}),
        ];
        let spots = locate(&grids, &MarkIndex::default(), &recs);
        assert_eq!(
            spots[0].record,
            Some(Spot {
                table: 0,
                row: 0,
                cols: vec![0, 1]
            })
        );
        assert_eq!(
            spots[0].indicators[0],
            Some(Spot {
                table: 0,
                row: 1,
                cols: vec![2, 3]
            })
        );
        assert_eq!(
            spots[1].record,
            Some(Spot {
                table: 1,
                row: 0,
                cols: vec![0, 1]
            })
        );
        // Same name in both tables: the second record's is on page 2.
        assert_eq!(
            spots[1].indicators[0],
            Some(Spot {
                table: 1,
                row: 1,
                cols: vec![2, 3]
            })
        );
        assert_eq!(spots[1].indicators[1], None);
    }

    #[test]
    fn marked_cells_are_preferred() {
        // The same text twice in a row's table: a marked name cell wins.
        let grids = vec![grid(&[&["满意度", "x"], &["满意度", "≥90%"]], 1)];
        let mut marks = MarkIndex::default();
        marks.insert((0, 1, 0), CellRole::Name);
        marks.insert((0, 1, 1), CellRole::Value);
        let recs = vec![json!({"project_name": null, "indicators": [
            {"name": "满意度", "value": {"raw": "≥90%"}, "source": {"page": 1}}]})];
        let spots = locate(&grids, &marks, &recs);
        assert_eq!(
            spots[0].indicators[0],
            Some(Spot {
                table: 0,
                row: 1,
                cols: vec![0, 1]
            })
        );
        // No project name: the record is shown at its first indicator.
        assert_eq!(spots[0].record, spots[0].indicators[0]);
    }

    #[test]
    fn names_joined_or_trimmed_are_found() {
        let grids = vec![grid(
            &[
                &["指标1：新建水泥路长度", "2公里"],
                &["培训", "人数", "10人"],
            ],
            1,
        )];
        let recs = vec![json!({"project_name": null, "indicators": [
            {"name": "新建水泥路长度", "value": {"raw": "2公里"}, "source": {"page": 1}},
            {"name": "培训人数", "value": {"raw": "10人"}, "source": {"page": 1}}]})];
        let spots = locate(&grids, &MarkIndex::default(), &recs);
        assert_eq!(
            spots[0].indicators[0],
            Some(Spot {
                table: 0,
                row: 0,
                cols: vec![0, 1]
            })
        );
        assert_eq!(
            spots[0].indicators[1],
            Some(Spot {
                table: 0,
                row: 1,
                cols: vec![0, 2]
            })
        );
    }

    #[test]
    fn warning_paths() {
        assert_eq!(warning_indicator("indicators[6].value"), Some(6));
        assert_eq!(warning_indicator("indicators[12]"), Some(12));
        assert_eq!(warning_indicator("funds"), None);
    }
}
