//! Level-2 groups told by the names' numbering.
//!
//! Many tables number their indicators per level-2 category (`指标1：`,
//! `指标2：`, … starting again at 1 under the next category). Where the
//! level-2 cells are drawn one per row, the label is often printed in the
//! middle row of its group and the cells above and below it are empty; the
//! reader's running hierarchy then leaves the rows above the label without
//! a level 2 (or with the previous group's) and lets a group whose label
//! was never printed inherit the one above. The numbering says where each
//! group starts, so once a part is read:
//!
//! - a group holding one printed label gives it to its rows that did not
//!   print one (warned `level_inferred`);
//! - a group that printed no label keeps the level 2 it inherited, but the
//!   inheritance is flagged (`level_inferred`): the numbering says it is
//!   another category.
//!
//! Only a part whose numbering follows its labels is regrouped: at least
//! [`MIN_LABELLED_GROUPS`] groups each printed exactly one label and no
//! group printed two different ones. Otherwise the numbering is not per
//! category (one run over the whole table, or per level 1) and nothing
//! changes.

use crate::diag::Code;
use crate::layout::part::PartIndicator;

/// Groups that must each print one label before the numbering is taken to
/// run per level-2 category.
pub const MIN_LABELLED_GROUPS: usize = 2;

/// What the reader knew of one indicator when it read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Numbered {
    /// Index of the indicator in its part.
    pub index: usize,
    /// The column group (side-by-side indicator columns number apart).
    pub group: usize,
    /// The number of its `指标N：` prefix, if it had one.
    pub number: Option<u32>,
    /// What its row's level-2 cell held.
    pub level2: Level2Cell,
}

/// A row's level-2 cell, as the reader saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level2Cell {
    /// A label.
    Printed,
    /// Empty, but the reader gave it a label and told so (the next page's
    /// label of a merged cell a page break cut).
    Told,
    /// The row's own cell, empty.
    Empty,
    /// Covered by a cell spanning down from a row above.
    Covered,
    /// Not known (text read as rows).
    Unknown,
}

impl Level2Cell {
    fn labelled(self) -> bool {
        matches!(self, Level2Cell::Printed | Level2Cell::Told)
    }
}

/// The reader gave the indicators from `from` on a label (and told so).
pub fn told_from(marks: &mut [Numbered], from: usize) {
    for m in marks.iter_mut().filter(|m| m.index >= from) {
        if m.level2 != Level2Cell::Printed {
            m.level2 = Level2Cell::Told;
        }
    }
}

/// The number in a removed numbering prefix such as `指标12：`.
pub fn prefix_number(prefix: &str) -> Option<u32> {
    let digits: String = prefix
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// One numbered group: its indicators' marks, in order.
type Run = Vec<Numbered>;

/// Applies the groups the numbering tells to `indicators` (see the module
/// text). `marks` are in reading order.
pub fn regroup(indicators: &mut [PartIndicator], marks: &[Numbered]) {
    let groups = marks.iter().map(|m| m.group).max().map_or(0, |g| g + 1);
    for group in 0..groups {
        let runs = runs_of(indicators, marks.iter().filter(|m| m.group == group));
        let labels: Vec<Vec<String>> = runs.iter().map(|r| printed(indicators, r)).collect();
        let labelled = labels.iter().filter(|l| l.len() == 1).count();
        if labelled < MIN_LABELLED_GROUPS || labels.iter().any(|l| l.len() > 1) {
            continue;
        }
        for (run, labels) in runs.iter().zip(&labels) {
            match labels.first() {
                Some(label) => give(indicators, run, label),
                None => clear_inherited(indicators, run),
            }
        }
    }
}

/// Cuts the marks into runs: a run starts at number 1, at a number not
/// above the one before, or where level 1 changes. Unnumbered rows and
/// gaps in the indices end a run and belong to none.
fn runs_of<'m>(
    indicators: &[PartIndicator],
    marks: impl Iterator<Item = &'m Numbered>,
) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut open: Option<Run> = None;
    for m in marks {
        let Some(n) = m.number else {
            runs.extend(open.take());
            continue;
        };
        let continues = open.as_ref().is_some_and(|r| {
            let last = r.last().expect("a run holds a member");
            n > 1
                && last.number.is_some_and(|p| n > p)
                && indicators[last.index].level1 == indicators[m.index].level1
        });
        if !continues {
            runs.extend(open.take());
            open = Some(Run::new());
        }
        open.as_mut().expect("opened above").push(*m);
    }
    runs.extend(open);
    runs
}

/// The distinct level-2 labels the run's rows printed.
fn printed(indicators: &[PartIndicator], run: &[Numbered]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in run.iter().filter(|m| m.level2.labelled()) {
        if let Some(l) = &indicators[m.index].level2
            && !out.contains(l)
        {
            out.push(l.clone());
        }
    }
    out
}

/// `label` to the run's rows that printed none and hold another (or none).
/// A row under a span from above keeps what the span gave it.
fn give(indicators: &mut [PartIndicator], run: &[Numbered], label: &str) {
    let mut given: Vec<u32> = Vec::new();
    let takes = |c: Level2Cell| matches!(c, Level2Cell::Empty | Level2Cell::Unknown);
    for m in run.iter().filter(|m| takes(m.level2)) {
        let ind = &mut indicators[m.index];
        if ind.level2.as_deref() != Some(label) {
            ind.level2 = Some(label.to_string());
            given.push(ind.row);
        }
    }
    if let (Some(&first), Some(&last)) = (given.first(), given.last()) {
        let at = run[0].index;
        let n = run.len();
        indicators[at].warnings.warn(Code::LevelInferred, "level2", format!(
                "rows {first}-{last}: level 2 {label}, printed once in its numbered group of {n} (指标1…), given to the {} row(s) of the group without it",
                given.len()
            ));
    }
}

/// A run that printed no label and restarted the numbering in a cell of
/// its own (not under a span from above, which would hold the label for
/// it) is another category whose label the page does not print: its rows
/// do not keep the group above's (西安 p.32: 指标1… under a blank cell
/// after the 数量指标 group, its names 准确率, 及时率); they are left with no
/// level 2, which merge flags on each (`missing_level`).
fn clear_inherited(indicators: &mut [PartIndicator], run: &[Numbered]) {
    let first = run[0];
    if first.number != Some(1) || first.level2 != Level2Cell::Empty {
        return;
    }
    for m in run.iter().filter(|m| m.level2 == Level2Cell::Empty) {
        indicators[m.index].level2 = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::value;

    fn ind(row: u32, level2: Option<&str>) -> PartIndicator {
        PartIndicator {
            level1: Some("产出指标".into()),
            level2: level2.map(str::to_string),
            name: format!("n{row}"),
            period: crate::domain::layouts::Period::Annual,
            core: false,
            weight: None,
            direction: None,
            explanation: None,
            value: value::parse("1").0,
            page: Some(1),
            row,
            ocr_confidence: None,
            warnings: crate::diag::Diagnostics::new(),
        }
    }

    /// Rows as the reader leaves them: (number, printed label or None,
    /// level 2 after the running hierarchy); the unprinted cells are empty
    /// cells of their own.
    fn part(rows: &[(u32, Option<&str>, Option<&str>)]) -> (Vec<PartIndicator>, Vec<Numbered>) {
        let inds = rows
            .iter()
            .enumerate()
            .map(|(i, &(_, p, l))| ind(i as u32 + 1, p.or(l)))
            .collect();
        let marks = rows
            .iter()
            .enumerate()
            .map(|(i, &(n, p, _))| Numbered {
                index: i,
                group: 0,
                number: Some(n),
                level2: if p.is_some() {
                    Level2Cell::Printed
                } else {
                    Level2Cell::Empty
                },
            })
            .collect();
        (inds, marks)
    }

    fn level2s(inds: &[PartIndicator]) -> Vec<Option<&str>> {
        inds.iter().map(|i| i.level2.as_deref()).collect()
    }

    #[test]
    fn prefix_numbers() {
        assert_eq!(prefix_number("指标12："), Some(12));
        assert_eq!(prefix_number("指标 3:"), Some(3));
        assert_eq!(prefix_number("指标："), None);
    }

    /// The 西安 shape: 数量指标 printed by the 3rd of 5 rows; a group of
    /// 2 with no label (left with none); 成本指标 printed on its first row.
    #[test]
    fn label_in_the_middle_fills_its_group_and_unlabelled_group_gets_none() {
        let q = Some("数量指标");
        let c = Some("成本指标");
        let (mut inds, marks) = part(&[
            (1, None, None),
            (2, None, None),
            (3, q, q),
            (4, None, q),
            (5, None, q),
            (1, None, q),
            (2, None, q),
            (1, c, c),
            (2, None, c),
        ]);
        regroup(&mut inds, &marks);
        assert_eq!(level2s(&inds), [q, q, q, q, q, None, None, c, c]);
        let codes: Vec<(usize, Code)> = inds
            .iter()
            .enumerate()
            .flat_map(|(i, x)| x.warnings.iter().map(move |w| (i, w.code)))
            .collect();
        assert_eq!(codes, [(0, Code::LevelInferred)]);
        assert!(inds[0].warnings[0].message.contains("rows 1-2"));
    }

    /// Numbering that runs on across printed labels is not per category:
    /// nothing changes.
    #[test]
    fn numbering_across_labels_changes_nothing() {
        let q = Some("数量指标");
        let z = Some("质量指标");
        let rows = [
            (1, q, q),
            (2, None, q),
            (3, z, z),
            (4, None, z),
            (1, None, z),
        ];
        let (mut inds, marks) = part(&rows);
        let before = inds.clone();
        regroup(&mut inds, &marks);
        assert_eq!(inds, before);
    }

    /// One labelled group is not enough to tell the convention.
    #[test]
    fn one_labelled_group_changes_nothing() {
        let q = Some("数量指标");
        let (mut inds, marks) = part(&[(1, None, None), (2, q, q), (1, None, q)]);
        let before = inds.clone();
        regroup(&mut inds, &marks);
        assert_eq!(inds, before);
    }

    /// 生态效益指标 merged over two runs 1,2,1,2: the second run is under
    /// the span, so it keeps the label unflagged.
    #[test]
    fn run_under_a_span_keeps_its_label() {
        let e = Some("生态效益指标");
        let k = Some("可持续影响指标");
        let (mut inds, mut marks) = part(&[
            (1, e, e),
            (2, None, e),
            (1, None, e),
            (2, None, e),
            (1, k, k),
        ]);
        for m in &mut marks[1..4] {
            m.level2 = Level2Cell::Covered;
        }
        let before = inds.clone();
        regroup(&mut inds, &marks);
        assert_eq!(inds, before);
    }

    /// Rows the reader gave the next page's label count as labelled.
    #[test]
    fn told_rows_are_labelled() {
        let q = Some("数量指标");
        let z = Some("质量指标");
        let (mut inds, mut marks) = part(&[(1, q, q), (2, None, q), (1, None, z), (2, None, z)]);
        told_from(&mut marks, 2);
        let before = inds.clone();
        regroup(&mut inds, &marks);
        assert_eq!(inds, before);
    }
}
