//! Checks on a merged project, in domain terms (parsed values, units as
//! enums, funds by slot); each adds warnings with a stable code.

use super::{MergedIndicator, Project};
use crate::diag::Code;
use crate::domain::layouts::{Period, Rel, Slot};
use crate::domain::{BARE_MONEY_UNITS, COST, Unit};
use crate::normalize::value::{ValueKind, money_factor, to_yuan};
use rustc_hash::FxHashMap as HashMap;

/// Runs every check, in a fixed order.
pub fn run(p: &mut Project) {
    bare_money_units(p);
    unit_suspect(p);
    placeholders(p);
    stale_year(p);
    funds(p);
    cost_total(p);
    duplicates(p);
    missing_levels(p);
}

/// An indicator with no level 1 or level 2: the table lost its category
/// cells (nothing in the hierarchy could give them).
fn missing_levels(p: &mut Project) {
    let found: Vec<(usize, String)> = p
        .indicators
        .iter()
        .enumerate()
        .filter(|(_, m)| m.ind.level1.is_none() || m.ind.level2.is_none())
        .map(|(j, m)| {
            let which = match (&m.ind.level1, &m.ind.level2) {
                (None, None) => "level 1 and level 2",
                (None, _) => "level 1",
                _ => "level 2",
            };
            (j, format!("{}: the table gives no {which}", m.ind.name))
        })
        .collect();
    for (j, msg) in found {
        p.warn(Code::MissingLevel, format!("indicators[{j}]"), msg);
    }
}

/// Level texts are cleaned already (no inner whitespace), so they compare
/// as they are.
pub fn is_cost(m: &MergedIndicator) -> bool {
    m.ind.level1.as_deref() == Some(COST) || m.ind.level2.as_deref() == Some(COST)
}

/// The money unit a bare spelling stands for in a cost (万 → 万元).
fn bare_money(unit: &Unit) -> Option<&'static str> {
    match unit {
        Unit::Other(u) => BARE_MONEY_UNITS
            .iter()
            .find(|(bare, _)| bare == u)
            .map(|&(_, money)| money),
        _ => None,
    }
}

/// Size in 元 of a value's unit, a bare 万 counted as 万元.
fn size_in_yuan(unit: &Unit) -> Option<f64> {
    unit.yuan()
        .or_else(|| bare_money(unit).and_then(money_factor))
}

/// `≤15万` in a 成本指标: read as 万元 (yuan filled), flagged.
fn bare_money_units(p: &mut Project) {
    let mut found = Vec::new();
    for (i, m) in p.indicators.iter_mut().enumerate() {
        if !is_cost(m) || m.ind.value.kind != ValueKind::Number {
            continue;
        }
        let Some(unit) = &m.ind.value.unit else {
            continue;
        };
        let Some(money) = bare_money(unit) else {
            continue;
        };
        if let Some(yuan) = m
            .ind
            .value
            .number
            .zip(money_factor(money))
            .and_then(|(n, f)| to_yuan(n, f))
        {
            found.push((i, format!("cost unit {} read as {money}", unit.as_str())));
            m.ind.value.yuan = Some(yuan);
        }
    }
    for (i, msg) in found {
        p.warn(Code::UnitSuspect, format!("indicators[{i}].value"), msg);
    }
}

/// A cost in 元 among siblings mostly in 万元 (≤4元 beside ≤3万元): likely a
/// missing 万. Per-unit costs (元/条) are left alone.
fn unit_suspect(p: &mut Project) {
    // Costs in money (per-unit ones aside): index and size of the unit.
    let money: Vec<(usize, Option<f64>)> = p
        .indicators
        .iter()
        .enumerate()
        .filter(|(_, m)| is_cost(m) && m.ind.value.yuan.is_some() && m.ind.value.per.is_none())
        .filter_map(|(i, m)| Some((i, size_in_yuan(m.ind.value.unit.as_ref()?))))
        .collect();
    let not_money: Vec<(usize, String)> = p
        .indicators
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            is_cost(m) && m.ind.value.kind == ValueKind::Number && m.ind.value.yuan.is_none()
        })
        .filter_map(|(i, m)| match m.ind.value.unit.as_ref()? {
            Unit::Percent => None,
            u => Some((i, u.as_str().to_string())),
        })
        .collect();
    for (i, unit) in not_money {
        let raw = p.indicators[i].ind.value.raw.clone();
        p.warn(
            Code::UnitSuspect,
            format!("indicators[{i}].value"),
            format!("{raw}: a cost indicator whose unit {unit} is not money"),
        );
    }
    let wan = money.iter().filter(|(_, size)| *size == Some(1e4)).count();
    let yuan_only: Vec<usize> = money
        .iter()
        .filter(|(_, size)| *size == Some(1.0))
        .map(|(i, _)| *i)
        .collect();
    if wan > yuan_only.len() {
        for i in yuan_only {
            let raw = p.indicators[i].ind.value.raw.clone();
            p.warn(
                Code::UnitSuspect,
                format!("indicators[{i}].value"),
                format!("{raw}: a cost in 元 beside {wan} sibling(s) in 万元"),
            );
        }
    }
}

fn placeholders(p: &mut Project) {
    let found: Vec<(usize, String)> = p
        .indicators
        .iter()
        .enumerate()
        .filter(|(_, m)| m.ind.value.kind == ValueKind::Placeholder)
        .map(|(i, m)| (i, m.ind.value.raw.clone()))
        .collect();
    for (i, raw) in found {
        p.warn(
            Code::PlaceholderValue,
            format!("indicators[{i}].value"),
            format!("{raw}: the number was not published"),
        );
    }
}

fn stale_year(p: &mut Project) {
    let Some(year) = p.year else { return };
    let found: Vec<(usize, String)> = p
        .indicators
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let d = m.ind.value.date.as_deref()?;
            let y: i32 = d.get(..4)?.parse().ok()?;
            (y != year).then(|| {
                (
                    i,
                    format!("{} is in {y}, the record's year is {year}", m.ind.value.raw),
                )
            })
        })
        .collect();
    for (i, msg) in found {
        p.warn(Code::StaleYear, format!("indicators[{i}].value"), msg);
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6 * a.abs().max(b.abs()).max(1.0)
}

/// The sums the layout says must hold between funds slots (本级 total =
/// 财政拨款 + 其他 + 结余结转, 项目总额 ≥ 年度资金总额, …), each checked when
/// every slot in it is published.
fn funds(p: &mut Project) {
    let mut found = Vec::new();
    for sum in p.layout.sums {
        let Some(total) = p.header.funds.get(sum.total) else {
            continue;
        };
        let parts: Option<Vec<f64>> = sum.parts.iter().map(|&s| p.header.funds.get(s)).collect();
        let Some(mut parts) = parts else { continue };
        let optional: Vec<(Slot, f64)> = sum
            .optional
            .iter()
            .filter_map(|&s| p.header.funds.get(s).map(|v| (s, v)))
            .collect();
        parts.extend(optional.iter().map(|o| o.1));
        let added: f64 = parts.iter().sum();
        let holds = match sum.rel {
            Rel::Eq => close(total, added),
            Rel::Ge => total + 1e-9 >= added,
        };
        if !holds {
            let names: Vec<String> = sum
                .parts
                .iter()
                .copied()
                .chain(optional.iter().map(|o| o.0))
                .zip(&parts)
                .map(|(s, v)| format!("{} {v}", slot_name(s)))
                .collect();
            let rel = match sum.rel {
                Rel::Eq => "≠",
                Rel::Ge => "<",
            };
            found.push((
                sum.at,
                format!(
                    "{} {total} {rel} {}",
                    slot_name(sum.total),
                    names.join(" + ")
                ),
            ));
        }
    }
    for (at, msg) in found {
        p.warn(Code::FundsMismatch, at.to_string(), msg);
    }
}

/// How a funds slot is named in messages.
fn slot_name(slot: Slot) -> &'static str {
    match slot {
        Slot::ProjectTotal => "项目总额",
        Slot::AnnualTotal => "年度资金总额",
        Slot::AnnualFiscal => "财政拨款",
        Slot::AnnualOther => "其他资金",
        Slot::OwnTotal => "本级资金 total",
        Slot::OwnFiscal => "财政拨款",
        Slot::OwnOther => "其他资金",
        Slot::OwnCarryover => "结余结转",
        Slot::TransferTotal => "转移资金 total",
        Slot::TransferCentral => "中央",
        Slot::TransferRegional => "地方",
        Slot::BasicExpenditure => "基本支出",
        Slot::ProjectExpenditure => "项目支出",
    }
}

/// The money cost indicators (not per-unit) add up to more than the annual
/// total.
fn cost_total(p: &mut Project) {
    let Some(total) = p.header.funds.get(Slot::AnnualTotal) else {
        return;
    };
    let Some(unit) = p.amount_unit.as_deref() else {
        return;
    };
    let Some(factor) = money_factor(unit) else {
        return;
    };
    let costs: Vec<f64> = p
        .indicators
        .iter()
        // The year's costs against the year's total (a mid-term cost is
        // for the whole period).
        .filter(|m| m.ind.period == Period::Annual)
        .filter(|m| {
            is_cost(m) && m.ind.value.per.is_none() && m.ind.value.kind == ValueKind::Number
        })
        .filter_map(|m| m.ind.value.yuan)
        .collect();
    let all: f64 = costs.iter().sum();
    // A total cost printed with its parts (烟台: 大厅运转成本 ≤145万元, then
    // 保洁 15.36, 保安 43.97, 印刷 5): two or more parts that add up to no
    // more than the largest cost are its parts; the largest is compared.
    let largest = costs.iter().copied().fold(0.0, f64::max);
    let parts_of_largest = costs.len() >= 3 && all - largest <= largest;
    let sum = if parts_of_largest { largest } else { all };
    let total_yuan = total * factor;
    if !costs.is_empty() && sum > total_yuan * 1.000001 + 0.005 {
        let msg = format!(
            "{} cost indicator(s) add up to {} {unit}, more than the annual total {} {unit}",
            costs.len(),
            fmt_num(sum / factor),
            fmt_num(total)
        );
        p.warn(Code::CostExceedsTotal, "indicators", msg);
    }
}

fn fmt_num(x: f64) -> String {
    let r = (x * 10000.0).round() / 10000.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// Same name under the same level-2 category with a different value; each
/// repeat is compared with the first indicator of that name and category.
/// The first ones are looked up by key (a scan of the earlier indicators for
/// each one is quadratic: thousands of rows took seconds).
fn duplicates(p: &mut Project) {
    let mut found = Vec::new();
    // Per period: a mid-term and an annual value of one indicator differ
    // by design.
    let mut first: HashMap<(&str, Option<&str>, Period), usize> = HashMap::default();
    for (j, b) in p.indicators.iter().enumerate() {
        if b.ind.name.is_empty() {
            continue;
        }
        let i = *first
            .entry((b.ind.name.as_str(), b.ind.level2.as_deref(), b.ind.period))
            .or_insert(j);
        if i != j {
            let a = &p.indicators[i];
            if a.ind.value.raw != b.ind.value.raw {
                found.push((
                    j,
                    format!(
                        "{} appears again with {} (indicators[{i}] has {})",
                        b.ind.name, b.ind.value.raw, a.ind.value.raw
                    ),
                ));
            }
        }
    }
    for (j, msg) in found {
        p.warn(Code::DuplicateIndicator, format!("indicators[{j}]"), msg);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::layouts::Layout;
    use crate::domain::layouts::{LAYOUTS, Period};
    use crate::layout::part::{Funds, Header, PartIndicator, ProjectPart};
    use crate::merge::projects;
    use crate::normalize::value::parse;

    fn ind(l2: &str, name: &str, value: &str) -> PartIndicator {
        PartIndicator {
            level1: Some("产出指标".into()),
            level2: Some(l2.into()),
            name: name.into(),
            period: Period::Annual,
            core: false,
            weight: None,
            direction: None,
            explanation: None,
            value: parse(value).0,
            page: None,
            row: 1,
            ocr_confidence: None,
            warnings: crate::diag::Diagnostics::new(),
        }
    }

    fn ningxia() -> &'static Layout {
        LAYOUTS.iter().find(|l| l.id == "ningxia_2025").unwrap()
    }

    fn record(funds: Funds, indicators: Vec<PartIndicator>) -> Project {
        let part = ProjectPart {
            year: Some(2025),
            amount_unit: Some("万元".into()),
            header: Header {
                project_name: Some("甲".into()),
                funds,
                ..Header::default()
            },
            indicators,
            ..ProjectPart::new(ningxia())
        };
        projects(vec![part]).remove(0)
    }

    fn codes(r: &Project) -> Vec<(&str, &str)> {
        r.warnings
            .iter()
            .map(|w| (w.code.as_str(), w.at.as_deref().unwrap_or("")))
            .collect()
    }

    fn funds(p: f64, a: f64, own: [f64; 4], tr: [f64; 3]) -> Funds {
        let mut f = Funds::default();
        let slots = [
            (Slot::ProjectTotal, p),
            (Slot::AnnualTotal, a),
            (Slot::OwnTotal, own[0]),
            (Slot::OwnFiscal, own[1]),
            (Slot::OwnOther, own[2]),
            (Slot::OwnCarryover, own[3]),
            (Slot::TransferTotal, tr[0]),
            (Slot::TransferCentral, tr[1]),
            (Slot::TransferRegional, tr[2]),
        ];
        for (s, v) in slots {
            f.set(s, Some(v));
        }
        f
    }

    #[test]
    fn consistent_funds_give_no_warning() {
        let r = record(
            funds(10.0, 10.0, [4.0, 3.0, 1.0, 0.0], [6.0, 1.0, 5.0]),
            vec![],
        );
        assert!(codes(&r).is_empty(), "{:?}", r.warnings);
    }

    #[test]
    fn funds_that_do_not_add_up() {
        let r = record(
            funds(8.0, 10.0, [4.0, 3.0, 0.0, 0.0], [5.0, 1.0, 5.0]),
            vec![],
        );
        let c = codes(&r);
        for at in [
            "funds.own_level",
            "funds.transfer",
            "funds.project_total",
            "funds.annual_total",
        ] {
            assert!(c.contains(&("funds_mismatch", at)), "{at}: {c:?}");
        }
    }

    #[test]
    fn costs_over_the_annual_total() {
        let f = funds(10.0, 10.0, [10.0, 10.0, 0.0, 0.0], [0.0, 0.0, 0.0]);
        let r = record(
            f,
            vec![
                ind("成本指标", "a", "≤6万元"),
                ind("成本指标", "b", "≤5万元"),
            ],
        );
        assert!(codes(&r).contains(&("cost_exceeds_total", "indicators")));
        // Per-unit costs are not summed.
        let r = record(
            f,
            vec![
                ind("成本指标", "a", "≤6万元/家"),
                ind("成本指标", "b", "≤5万元"),
            ],
        );
        assert!(codes(&r).is_empty(), "{:?}", r.warnings);
        // A total cost printed with its parts: the total is compared.
        let parts = |total: &str| {
            vec![
                ind("成本指标", "运转成本", total),
                ind("成本指标", "保洁", "≤2万元"),
                ind("成本指标", "保安", "≤3万元"),
            ]
        };
        let r = record(f, parts("≤10万元"));
        assert!(codes(&r).is_empty(), "{:?}", r.warnings);
        let r = record(f, parts("≤11万元"));
        assert!(codes(&r).contains(&("cost_exceeds_total", "indicators")));
    }

    #[test]
    fn suspect_units() {
        let f = funds(100.0, 100.0, [100.0, 100.0, 0.0, 0.0], [0.0, 0.0, 0.0]);
        let r = record(
            f,
            vec![
                ind("成本指标", "a", "≤6万元"),
                ind("成本指标", "b", "≤5万元"),
                ind("成本指标", "c", "≤4元"),
                ind("成本指标", "d", "≤15万"),
                ind("成本指标", "e", "100人/次"),
                ind("数量指标", "f", "≤4元"),
            ],
        );
        let c = codes(&r);
        assert!(
            c.contains(&("unit_suspect", "indicators[2].value")),
            "{c:?}"
        );
        assert!(
            c.contains(&("unit_suspect", "indicators[3].value")),
            "{c:?}"
        );
        assert!(
            c.contains(&("unit_suspect", "indicators[4].value")),
            "{c:?}"
        );
        assert!(
            !c.contains(&("unit_suspect", "indicators[5].value")),
            "{c:?}"
        );
        // The bare 万 is read as 万元, flagged.
        assert_eq!(r.indicators[3].ind.value.yuan, Some(150000.0));
    }

    #[test]
    fn duplicates_placeholders_and_stale_years() {
        let r = record(
            Funds::default(),
            vec![
                ind("数量指标", "a", "1项"),
                ind("数量指标", "a", "2项"),
                ind("成本指标", "a", "≤1万元"),
                ind("数量指标", "b", "***户"),
                ind("时效指标", "c", "2024年12月"),
            ],
        );
        let c = codes(&r);
        assert!(
            c.contains(&("duplicate_indicator", "indicators[1]")),
            "{c:?}"
        );
        assert!(
            !c.contains(&("duplicate_indicator", "indicators[2]")),
            "{c:?}"
        );
        assert!(
            c.contains(&("placeholder_value", "indicators[3].value")),
            "{c:?}"
        );
        assert!(c.contains(&("stale_year", "indicators[4].value")), "{c:?}");
        assert!(!c.iter().any(|(code, _)| *code == "missing_level"), "{c:?}");
    }

    #[test]
    fn an_indicator_without_levels_is_flagged() {
        let mut lost = ind("数量指标", "贫困地区新增特色产业数量", "≥1个");
        lost.level1 = None;
        lost.level2 = None;
        let r = record(Funds::default(), vec![lost]);
        assert!(
            codes(&r).contains(&("missing_level", "indicators[0]")),
            "{:?}",
            codes(&r)
        );
    }
}
