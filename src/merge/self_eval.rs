//! Self-evaluation parts → checked projects (written as records of kind
//! `self_evaluation` by the output stage), with the checks on their scores
//! and funds, and whether each actual value meets its target.
//!
//! Checks (warnings; nothing is changed):
//! - `score_sum_mismatch`: the indicator scores (plus the funds block's
//!   score, when printed) do not add up to the 总分; likewise the weights;
//! - `score_over_weight`: a score above its weight (分值);
//! - `execution_rate_mismatch`: a printed 执行率 that is not executed /
//!   adjusted budget;
//! - `met_marked_down`: an actual that meets its target, scored below the
//!   indicator's full marks.

use super::indicator_at;
use crate::diag::Code;
use crate::diag::Diagnostics;
use crate::domain::Op;
use crate::domain::self_eval::{FundsLine, RATE_TOLERANCE, SCORE_TOLERANCE};
use crate::layout::self_eval::{EvalPart, ExecLine};
use crate::normalize::value::{Value, ValueKind};

/// Whether an actual value meets its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Met {
    Yes,
    No,
    Unknown,
}

impl Met {
    pub fn as_str(self) -> &'static str {
        match self {
            Met::Yes => "yes",
            Met::No => "no",
            Met::Unknown => "unknown",
        }
    }
}

/// The actual number in the target's unit: the same unit, no unit printed
/// (宁德 prints `93.47` under `≤100%`), or two money units (by 元).
fn comparable(target: &Value, actual: &Value) -> Option<(f64, f64)> {
    let (t, a) = (target.number?, actual.number?);
    match (&target.unit, &actual.unit) {
        (_, None) => Some((t, a)),
        (Some(tu), Some(au)) if tu == au => Some((t, a)),
        (Some(tu), Some(au)) => match (tu.yuan(), au.yuan()) {
            (Some(ty), Some(ay)) => Some((t * ty, a * ay)),
            _ => None,
        },
        (None, Some(_)) => Some((t, a)),
    }
}

/// Compares an actual value with its target by their parsed values: a
/// number against the target's comparator (a target with none printed is
/// met by an equal number, else unknown), a range by its bounds; text is met when it reads
/// the same; anything else is unknown.
pub fn met(target: &Value, actual: Option<&Value>) -> Met {
    let Some(actual) = actual else {
        return Met::Unknown;
    };
    if actual.raw.is_empty() {
        return Met::Unknown;
    }
    if actual.raw == target.raw && !target.raw.is_empty() {
        return Met::Yes;
    }
    if actual.kind != ValueKind::Number || actual.op.is_some_and(|o| o != Op::Eq) {
        return Met::Unknown;
    }
    match target.kind {
        ValueKind::Number => {
            let Some((t, a)) = comparable(target, actual) else {
                return Met::Unknown;
            };
            let eps = 1e-9 * t.abs().max(1.0);
            // The parser writes `=` for a bare number (`16个`): only a
            // printed `=` asks for equality; a bare one is met when equal,
            // else unknown (240万元 budgeted, 229.19万元 spent is no failure).
            let printed_eq = target.raw.starts_with(['=', '＝']);
            let op = match target.op {
                Some(Op::Eq) if !printed_eq => None,
                op => op,
            };
            let ok = match op {
                Some(Op::Ge) => a >= t - eps,
                Some(Op::Gt) => a > t,
                Some(Op::Le) => a <= t + eps,
                Some(Op::Lt) => a < t,
                Some(Op::Eq) => (a - t).abs() <= eps,
                None => {
                    if (a - t).abs() <= eps {
                        return Met::Yes;
                    }
                    return Met::Unknown;
                }
            };
            if ok { Met::Yes } else { Met::No }
        }
        ValueKind::Range => {
            let (Some((lo, a)), Some(hi)) = (comparable(target, actual), target.max) else {
                return Met::Unknown;
            };
            if a >= lo && a <= hi {
                Met::Yes
            } else {
                Met::No
            }
        }
        _ => Met::Unknown,
    }
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

/// Rounds a sum for a message (no float noise).
fn r2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The checks of one part; warnings in record paths: the 总分 row against
/// the sums ([`total_checks`]), each indicator's score against its weight
/// and whether it met its target ([`indicator_checks`]), the funds lines
/// and the tasks (scores against weights, 执行率 against executed / budget).
pub fn checks(p: &EvalPart, mets: &[Met]) -> Diagnostics {
    let mut out = Diagnostics::new();
    let total = p.execution.iter().find(|l| l.line == FundsLine::Total);
    total_checks(p, total, &mut out);
    indicator_checks(p, mets, &mut out);
    for l in &p.execution {
        let at = if l.line == FundsLine::Total {
            "evaluation.execution".to_string()
        } else {
            format!("evaluation.execution_lines.{}", l.line.as_str())
        };
        if let (Some(s), Some(w)) = (l.score, l.weight)
            && s > w + SCORE_TOLERANCE
        {
            out.warn(
                Code::ScoreOverWeight,
                format!("{at}.score"),
                format!("funds score {s} is above the weight {w}"),
            );
        }
        rate_check(
            &mut out,
            format!("{at}.rate"),
            l.rate,
            l.executed,
            l.adjusted,
        );
    }
    for (i, t) in p.tasks.iter().enumerate() {
        let (ex, adj) = (t.executed.total, t.budget.total);
        rate_check(
            &mut out,
            format!("evaluation.tasks[{i}].rate"),
            t.rate,
            ex,
            adj,
        );
        if let (Some(s), Some(w)) = (t.score, t.weight)
            && s > w + SCORE_TOLERANCE
        {
            out.warn(
                Code::ScoreOverWeight,
                format!("evaluation.tasks[{i}].score"),
                format!("task score {s} is above the weight {w}"),
            );
        }
    }
    out
}

/// Scores and weights adding up to the 总分 row (some tables leave the
/// funds block's out of it: either sum holds).
fn total_checks(p: &EvalPart, total: Option<&ExecLine>, out: &mut Diagnostics) {
    let n = p.indicators.len() as f64;
    let tol = SCORE_TOLERANCE * n.max(1.0);
    let sum = |f: &dyn Fn(&crate::layout::self_eval::EvalIndicator) -> Option<f64>,
               extra: Option<f64>| {
        p.indicators.iter().filter_map(f).sum::<f64>() + extra.unwrap_or(0.0)
    };
    if let Some(ts) = p.total_score
        && !p.indicators.is_empty()
    {
        let s = sum(&|i| i.score, total.and_then(|l| l.score));
        let alone = sum(&|i| i.score, None);
        if !close(s, ts, tol) && !close(alone, ts, tol) {
            out.warn(
                Code::ScoreSumMismatch,
                "evaluation.total_score",
                format!(
                    "the indicator scores{} add up to {}, the 总分 row prints {ts}",
                    if total.and_then(|l| l.score).is_some() {
                        " and the funds score"
                    } else {
                        ""
                    },
                    r2(s)
                ),
            );
        }
    }
    // A funds block scored with no weight printed: the weights cannot add up.
    let weight_unknown = total.is_some_and(|l| l.score.is_some() && l.weight.is_none());
    if let Some(tw) = p.total_weight
        && !p.indicators.is_empty()
        && !weight_unknown
    {
        let s = sum(&|i| i.weight, total.and_then(|l| l.weight));
        let alone = sum(&|i| i.weight, None);
        if !close(s, tw, tol) && !close(alone, tw, tol) {
            out.warn(
                Code::ScoreSumMismatch,
                "evaluation.total_weight",
                format!("the weights add up to {}, the 总分 row prints {tw}", r2(s)),
            );
        }
    }
}

/// Each indicator's score: not above its weight, and not marked down when
/// its actual value meets the target.
fn indicator_checks(p: &EvalPart, mets: &[Met], out: &mut Diagnostics) {
    for (i, ind) in p.indicators.iter().enumerate() {
        if let (Some(s), Some(w)) = (ind.score, ind.weight) {
            if s > w + SCORE_TOLERANCE {
                out.warn(
                    Code::ScoreOverWeight,
                    format!("indicators[{i}].score"),
                    format!("score {s} is above the weight {w}"),
                );
            } else if mets.get(i) == Some(&Met::Yes) && s < w - SCORE_TOLERANCE {
                out.warn(
                    Code::MetMarkedDown,
                    format!("indicators[{i}].score"),
                    format!(
                        "the actual `{}` meets the target `{}` but scores {s} of {w}",
                        ind.actual.as_ref().map_or("", |a| a.raw.as_str()),
                        ind.target.raw
                    ),
                );
            }
        }
    }
}

/// A printed 执行率 against executed / budget (at `at`), when all three are
/// printed and the budget is not zero.
fn rate_check(
    out: &mut Diagnostics,
    at: String,
    rate: Option<f64>,
    executed: Option<f64>,
    budget: Option<f64>,
) {
    if let (Some(rate), Some(ex), Some(adj)) = (rate, executed, budget)
        && adj > 0.0
    {
        let want = ex / adj * 100.0;
        if !close(rate, want, RATE_TOLERANCE) {
            out.warn(
                Code::ExecutionRateMismatch,
                at,
                format!(
                    "执行率 {rate}% but executed {ex} / budget {adj} is {}%",
                    r2(want)
                ),
            );
        }
    }
}

/// A self-evaluation part, checked: whether each actual meets its target
/// and the warnings, in domain terms until the output stage writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalProject {
    pub part: EvalPart,
    /// [`met`] of each indicator, in indicator order.
    pub mets: Vec<Met>,
    /// The part's warnings (placed in the record), then the checks'.
    pub warnings: Diagnostics,
}

/// A document's self-evaluation parts, checked, in document order.
pub fn projects(parts: &[EvalPart]) -> Vec<EvalProject> {
    parts
        .iter()
        .map(|p| {
            let mets: Vec<Met> = p
                .indicators
                .iter()
                .map(|i| met(&i.target, i.actual.as_ref()))
                .collect();
            let mut warnings: Diagnostics = p
                .warnings
                .placed(|at| at.unwrap_or_default().to_string())
                .collect();
            for (idx, ind) in p.indicators.iter().enumerate() {
                warnings.extend(ind.warnings.placed(|at| indicator_at(idx, at)));
            }
            warnings.extend(checks(p, &mets));
            EvalProject {
                part: p.clone(),
                mets,
                warnings,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::value::parse_cleaned;

    fn m(t: &str, a: &str) -> Met {
        met(&parse_cleaned(t).0, Some(&parse_cleaned(a).0))
    }

    #[test]
    fn met_compares_parsed_values() {
        assert_eq!(m("≥800万人次", "2484万人次"), Met::Yes);
        assert_eq!(m("≥800人", "744人"), Met::No);
        assert_eq!(m("≤100%", "93.47"), Met::Yes);
        assert_eq!(m("≥30次", "20"), Met::No);
        assert_eq!(m("16个", "16个"), Met::Yes);
        assert_eq!(m("240万元", "229.19万元"), Met::Unknown);
        assert_eq!(m("全年", "全年"), Met::Yes);
        assert_eq!(m("长期", "长期实施"), Met::Unknown);
        assert_eq!(m("≥90%", "≥90%"), Met::Yes);
        assert_eq!(m("≤5万元", "40000元"), Met::Yes);
        assert_eq!(met(&parse_cleaned("≥1").0, None), Met::Unknown);
    }
}
