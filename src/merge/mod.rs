//! Project parts → projects: consecutive parts whose header blocks agree
//! are one project; then the checks add their warnings. The projects stay
//! in domain terms (parsed values, units as enums, funds by slot); the
//! output stage writes them as records (`output::record`).

pub mod checks;
pub mod self_eval;

use crate::diag::Code;
use crate::diag::Diagnostics;
use crate::domain::layouts::Layout;
use crate::layout::part::{Header, PartIndicator, ProjectPart};
use crate::normalize::text::label_key;

/// True when two parts carry the same header block: name, units,
/// attribute, period, funds and year. The annual goal is not compared (the
/// sample reprints it with small edits); [`projects`] flags a difference.
pub fn same_project(a: &ProjectPart, b: &ProjectPart) -> bool {
    let (x, y) = (&a.header, &b.header);
    x.project_name == y.project_name
        && x.competent_department == y.competent_department
        && x.implementing_unit == y.implementing_unit
        && x.project_attribute == y.project_attribute
        && x.project_period == y.project_period
        && x.funds == y.funds
        && x.unit_name == y.unit_name
        && a.year == b.year
        && a.layout.id == b.layout.id
}

/// Groups consecutive parts of the same project. Returns index ranges.
pub fn group(parts: &[ProjectPart]) -> Vec<std::ops::Range<usize>> {
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        match groups.last_mut() {
            Some(g) if same_project(&parts[g.start], p) => g.end = i + 1,
            _ => groups.push(i..i + 1),
        }
    }
    groups
}

/// Where an indicator's diagnostic at `at` (`value`) is in the record:
/// `indicators[3].value`.
pub(crate) fn indicator_at(idx: usize, at: Option<&str>) -> String {
    format!("indicators[{idx}].{}", at.unwrap_or_default())
}

/// One project merged from its parts, in domain terms (parsed values,
/// units as enums, funds by slot): what the checks read and complete, and
/// what the output stage writes as a record.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub layout: &'static Layout,
    pub year: Option<i32>,
    /// The unit the funds amounts are in (万元), as published.
    pub amount_unit: Option<String>,
    /// The first part's header (the parts agree on it, the goal aside).
    pub header: Header,
    pub indicators: Vec<MergedIndicator>,
    /// How many printed parts the project was merged from.
    pub parts: u32,
    /// Warnings from the parts, then from the checks.
    pub warnings: Diagnostics,
}

/// An indicator of a merged project: the part's indicator, whose value a
/// check may complete (a bare 万 in a 成本指标 read as 万元), and the part
/// it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct MergedIndicator {
    pub ind: PartIndicator,
    /// 1-based part of the project.
    pub part: u32,
}

impl Project {
    pub fn warn(&mut self, code: Code, at: impl Into<String>, message: impl Into<String>) {
        self.warnings.warn(code, at, message);
    }
}

/// Merges the parts of one project (a group from [`group`]), taking them
/// over: the first part's header, every part's indicators.
fn merge(group: Vec<ProjectPart>) -> Project {
    let n = group.len() as u32;
    let goal_key = |p: &ProjectPart| p.header.annual_goal.as_deref().map(label_key);
    let mut group = group.into_iter();
    let first = group.next().expect("a group holds a part");
    let first_goal = (n > 1).then(|| goal_key(&first)).flatten();
    let mut project = Project {
        layout: first.layout,
        year: first.year,
        amount_unit: first.amount_unit,
        header: first.header,
        indicators: Vec::new(),
        parts: n,
        warnings: Diagnostics::new(),
    };
    project.add_part(1, &first.warnings, first.indicators);
    for (pi, part) in group.enumerate() {
        let number = pi as u32 + 2;
        if goal_key(&part) != first_goal {
            project.warn(
                Code::PartMismatch,
                "annual_goal",
                format!("part {number} prints a different 年度总体绩效目标; part 1's is kept"),
            );
        }
        project.add_part(number, &part.warnings, part.indicators);
    }
    project
}

impl Project {
    /// Part `number`'s warnings and indicators, the indicators' warnings
    /// placed at their index in the project.
    fn add_part(&mut self, number: u32, warnings: &Diagnostics, indicators: Vec<PartIndicator>) {
        self.warnings
            .extend(warnings.placed(|at| at.unwrap_or_default().to_string()));
        for mut ind in indicators {
            let idx = self.indicators.len();
            let told = std::mem::take(&mut ind.warnings);
            self.warnings
                .extend(told.placed(|at| indicator_at(idx, at)));
            self.indicators.push(MergedIndicator { ind, part: number });
        }
    }
}

/// The projects of one document, in document order: each group of parts
/// merged into a [`Project`], then checked.
pub fn projects(parts: Vec<ProjectPart>) -> Vec<Project> {
    let groups = group(&parts);
    let mut parts = parts.into_iter();
    groups
        .into_iter()
        .map(|range| {
            let mut project = merge(parts.by_ref().take(range.len()).collect());
            checks::run(&mut project);
            project
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::layouts::{LAYOUTS, Slot};
    use crate::layout::part::Funds;

    fn part(name: &str, total: f64, goal: &str) -> ProjectPart {
        let mut funds = Funds::default();
        funds.set(Slot::ProjectTotal, Some(total));
        ProjectPart {
            year: Some(2025),
            header: Header {
                project_name: Some(name.into()),
                funds,
                annual_goal: Some(goal.into()),
                ..Header::default()
            },
            ..ProjectPart::new(&LAYOUTS[0])
        }
    }

    #[test]
    fn consecutive_parts_with_the_same_header_merge() {
        let parts = [
            part("甲", 606.0, "目标"),
            part("甲", 606.0, "目标"),
            part("甲", 606.0, "目标"),
            part("乙", 1.0, "x"),
        ];
        assert_eq!(group(&parts), [0..3, 3..4]);
    }

    #[test]
    fn same_name_other_funds_or_not_consecutive_stay_apart() {
        let parts = [
            part("甲", 50.0, "g"),
            part("甲", 360.0, "g"),
            part("乙", 1.0, "g"),
            part("甲", 50.0, "g"),
        ];
        assert_eq!(group(&parts), [0..1, 1..2, 2..3, 3..4]);
        assert_eq!(projects(parts.to_vec()).len(), 4);
    }

    #[test]
    fn a_reprinted_goal_with_edits_merges_with_a_warning() {
        let parts = [
            part("甲", 1.0, "目标，一"),
            part("甲", 1.0, "目标,一"),
            part("甲", 1.0, "目标二"),
        ];
        let recs = projects(parts.to_vec());
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].parts, 3);
        // Width of punctuation is no difference; other text is.
        let w: Vec<_> = recs[0]
            .warnings
            .iter()
            .filter(|w| w.code == Code::PartMismatch)
            .collect();
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("part 3"));
    }
}
