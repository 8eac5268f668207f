//! The parts of an indicator row after its levels: name, then the roles the
//! column titles give (value; or 指标性质 | 指标值 | 度量单位; weight,
//! direction, explanation), aligned by content when cells are missing.

use crate::domain::layouts::{
    CORE_MARKS, DIRECTIONS, OP_CELLS, Role, TEMPLATE_HINT_MARK, TEMPLATE_NAME_PREFIX,
};

/// How well a cell fits a role: None when it cannot be that role.
fn fit(role: Role, text: &str) -> Option<i32> {
    let t = text.trim();
    match role {
        Role::Op => op_cell(t).map(|_| 3),
        Role::Direction => DIRECTIONS.contains(&t).then_some(3),
        Role::Weight => weight(t).map(|_| 1),
        Role::Unit => is_unit_cell(t).then_some(1),
        Role::Value => Some(if t.chars().any(|c| c.is_ascii_digit()) {
            2
        } else {
            1
        }),
        Role::Explanation | Role::Ignored | Role::Name => Some(0),
        Role::Level1 | Role::Level2 | Role::Fused => None,
    }
}

/// Whether every cell fits the role of its column; with `swapped`, the
/// comparator's column holds a unit and the unit's column a comparator.
fn pairs_as_printed(cells: &[&str], roles: &[Role], swapped: bool) -> bool {
    let fits = |c: &str, r: Role| match r {
        Role::Op if swapped => is_printed_unit(c),
        Role::Unit if swapped => op_cell(c.trim()).is_some(),
        _ => fit(r, c).is_some(),
    };
    (!swapped || roles.contains(&Role::Op) && roles.contains(&Role::Unit))
        && cells.iter().zip(roles).all(|(c, r)| fits(c, *r))
}

/// Whether a cell can be a 度量单位 cell: short, no digits, no comparator
/// or direction.
fn is_unit_cell(t: &str) -> bool {
    let t = t.trim();
    let short = t.chars().count() <= MAX_UNIT_CHARS;
    let numeric = t.chars().any(|c| c.is_ascii_digit());
    short && !numeric && op_cell(t).is_none() && !DIRECTIONS.contains(&t)
}

/// A unit cell that holds text (an empty cell fits the unit's role too).
pub fn is_printed_unit(t: &str) -> bool {
    !t.trim().is_empty() && is_unit_cell(t)
}

/// The longest 度量单位 cell (`人次/年`, `万平方米`).
const MAX_UNIT_CHARS: usize = 6;

/// The comparator a 指标性质 cell stands for (`定性` → "").
pub fn op_cell(t: &str) -> Option<&'static str> {
    OP_CELLS.iter().find(|(c, _)| *c == t).map(|&(_, op)| op)
}

/// A weight or score: `10`, `10分`, `10%`.
pub fn weight(t: &str) -> Option<f64> {
    let t = t.trim_end_matches('分').trim_end_matches('%');
    t.parse::<f64>().ok().filter(|w| w.is_finite() && *w >= 0.0)
}

/// Aligns `cells` (texts after the name) to `roles` in order, skipping roles
/// a row leaves empty. Returns, per cell, the index of its role. When there
/// are as many cells as roles they pair up as printed (also when only the
/// comparator and the unit stand in each other's columns, which the reader
/// puts back); with fewer cells the alignment maximises how well each cell
/// fits its role and requires the value to be filled.
pub fn align(cells: &[&str], roles: &[Role]) -> Option<Vec<usize>> {
    if cells.len() > roles.len() {
        return None;
    }
    if cells.len() == roles.len()
        && (pairs_as_printed(cells, roles, false) || pairs_as_printed(cells, roles, true))
    {
        return Some((0..cells.len()).collect());
    }
    // best[i][j]: best score placing cells[i..] into roles[j..].
    const NONE: i32 = i32::MIN / 4;
    let (n, m) = (cells.len(), roles.len());
    let mut best = vec![vec![NONE; m + 1]; n + 1];
    let value_bonus = |r: Role| if r == Role::Value { 10 } else { 0 };
    best[n].fill(0);
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let skip = best[i][j + 1];
            let take = match fit(roles[j], cells[i]) {
                Some(s) if best[i + 1][j + 1] > NONE => {
                    best[i + 1][j + 1] + s + value_bonus(roles[j])
                }
                _ => NONE,
            };
            best[i][j] = skip.max(take);
        }
    }
    if best[0][0] <= NONE {
        return None;
    }
    let mut out = Vec::with_capacity(n);
    let (mut i, mut j) = (0, 0);
    while i < n {
        let take = fit(roles[j], cells[i])
            .filter(|_| best[i + 1][j + 1] > NONE)
            .map(|s| best[i + 1][j + 1] + s + value_bonus(roles[j]));
        if take == Some(best[i][j]) {
            out.push(j);
            i += 1;
        }
        j += 1;
    }
    Some(out)
}

/// Pairs cells with roles by their grid columns (`cols[j]` is the column
/// titled with `roles[j]`): Some when every cell sits in a titled column, in
/// column order, and fits its role. A grid with real columns says which cell
/// is which better than content does (`无 | 不适用 | 不适用 | 定性` under
/// 指标值 | 指标值内容 | 评分标准 | 指标值类型, the empty 度量单位 between them).
pub fn align_by_column(cells: &[(u32, &str)], cols: &[u32], roles: &[Role]) -> Option<Vec<usize>> {
    let mut out = Vec::with_capacity(cells.len());
    for &(col, text) in cells {
        let j = cols.iter().position(|&c| c == col)?;
        if out.last().is_some_and(|&last| j <= last) || fit(roles[j], text).is_none() {
            return None;
        }
        out.push(j);
    }
    Some(out)
}

/// A name with its core mark and template leftovers removed; returns the
/// clean name, whether it was marked core, and what was removed.
pub fn clean_name(name: &str) -> (String, bool, Vec<String>) {
    let mut s = crate::normalize::text::trim_fast(name);
    let mut core = false;
    if let Some(c) = s.chars().next()
        && CORE_MARKS.contains(&c)
    {
        core = true;
        s = s[c.len_utf8()..].trim_start();
    }
    if let Some(c) = s.chars().last()
        && c == '★'
    {
        core = true;
        s = s[..s.len() - c.len_utf8()].trim_end();
    }
    let mut removed = Vec::new();
    let mut out = s.to_string();
    // `指标1:` / `指标2：` prefixes, and a bare `指标：`.
    if let Some(rest) = out.strip_prefix(TEMPLATE_NAME_PREFIX) {
        let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
        let after = &rest[digits..];
        if let Some(tail) = after.strip_prefix([':', '：'])
            && !tail.trim().is_empty()
        {
            let prefix = &out[..out.len() - tail.len()];
            let mut tail = tail.trim_start();
            // The same numbering printed twice (西安: `指标1：指标1：系统故障…`).
            while let Some(t) = tail.strip_prefix(prefix)
                && !t.trim().is_empty()
            {
                tail = t.trim_start();
            }
            removed.push(prefix.to_string());
            out = tail.to_string();
        }
    }
    // Placeholder hints: a parenthetical holding `**` (looked for only in
    // a name that holds the mark's first byte at all: most do not).
    let may_hint = memchr::memchr(TEMPLATE_HINT_MARK.as_bytes()[0], out.as_bytes()).is_some();
    for (open, close) in [('(', ')'), ('（', '）')].into_iter().filter(|_| may_hint) {
        while let Some(a) = out.find(open) {
            let Some(b) = out[a..].find(close).map(|b| a + b) else {
                break;
            };
            let inner = &out[a..b + close.len_utf8()];
            if inner.contains(TEMPLATE_HINT_MARK) {
                removed.push(inner.to_string());
                out = format!("{}{}", &out[..a], &out[b + close.len_utf8()..]);
            } else {
                break;
            }
        }
    }
    let trimmed = crate::normalize::text::trim_fast(&out);
    let out = if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_string()
    };
    (out, core, removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Role::*;

    #[test]
    fn as_many_cells_as_roles_pair_up() {
        let roles = [Op, Value, Unit, Weight, Direction];
        assert_eq!(
            align(&["≥", "95", "%", "10", "正向指标"], &roles),
            Some(vec![0, 1, 2, 3, 4])
        );
    }

    #[test]
    fn missing_cells_align_by_content() {
        let roles = [Op, Value, Unit, Weight, Direction];
        // 定性, no unit.
        assert_eq!(
            align(&["定性", "持续提升", "10", "正向指标"], &roles),
            Some(vec![0, 1, 3, 4])
        );
        // No op, no direction.
        assert_eq!(align(&["95", "%", "10"], &roles), Some(vec![1, 2, 3]));
        let roles = [Value, Explanation];
        assert_eq!(align(&["≥95%"], &roles), Some(vec![0]));
        let roles = [Explanation, Value];
        assert_eq!(align(&["100%"], &roles), Some(vec![1]));
        assert_eq!(align(&["a", "b", "c"], &roles), None);
    }

    #[test]
    fn a_comparator_and_unit_in_each_others_columns_pair_as_printed() {
        // 长沙: 度量单位 `≥`, 指标值类型 `%` (the reader swaps them back).
        let roles = [Value, Unit, Op, Weight];
        assert_eq!(
            align(&["90", "≥", "%", "6"], &roles),
            Some(vec![0, 1, 2, 3])
        );
        // Both sides must be swapped.
        assert!(!pairs_as_printed(&["90", "≥", "≥", "6"], &roles, true));
        assert!(!pairs_as_printed(&["90", "%", "%", "6"], &roles, true));
    }

    #[test]
    fn cells_pair_with_roles_by_their_columns() {
        use Role::*;
        let roles = [Value, Explanation, Explanation, Unit, Op, Ignored];
        let cols = [7, 8, 9, 10, 11, 12];
        // The empty 度量单位 cell is missing: by content 不适用 would be the unit.
        let cells = [(7, "无"), (8, "不适用"), (9, "不适用"), (11, "定性")];
        assert_eq!(
            align_by_column(&cells, &cols, &roles),
            Some(vec![0, 1, 2, 4])
        );
        // A cell outside the titled columns, or one that cannot be its role.
        assert_eq!(align_by_column(&[(6, "无")], &cols, &roles), None);
        assert_eq!(align_by_column(&[(10, "95")], &cols, &roles), None);
    }

    #[test]
    fn names_lose_marks_and_leftovers() {
        assert_eq!(clean_name("★培训人数"), ("培训人数".into(), true, vec![]));
        assert_eq!(clean_name("*培训人数"), ("培训人数".into(), true, vec![]));
        assert_eq!(
            clean_name("指标1：指标1：系统故障修复响应时间"),
            ("系统故障修复响应时间".into(), false, vec!["指标1：".into()])
        );
        // Another numbering after the first is part of the name.
        assert_eq!(clean_name("指标1：指标2：甲").0, "指标2：甲");
        let (n, core, removed) = clean_name("指标1：培训合格率(≥**%)");
        assert_eq!((n.as_str(), core), ("培训合格率", false));
        assert_eq!(removed, ["指标1：", "(≥**%)"]);
    }
}
