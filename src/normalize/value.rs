//! The value parse: a published 绩效值 cell into comparator, number, unit,
//! range, date or placeholder, as RECORD.md's value table says.

use crate::diag::Diagnostics;
use crate::domain::{
    DEADLINE_SUFFIXES, MEASURE_WORDS, MONEY_UNITS, OCR_COMPARATORS, Op, PREFIX_COMPARATORS,
    RANGE_SEPARATORS, SUFFIX_COMPARATORS, UNIT_BRACKETS, UNIT_JOINERS, UNIT_MULTIPLIERS, Unit,
    VALUE_SCOPE_WORDS,
};
use crate::normalize::text::{clean_value, fold_value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Number,
    Range,
    Date,
    Placeholder,
    Text,
}

impl ValueKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ValueKind::Number => "number",
            ValueKind::Range => "range",
            ValueKind::Date => "date",
            ValueKind::Placeholder => "placeholder",
            ValueKind::Text => "text",
        }
    }
}

/// A parsed value. `raw` is the cell after cleanup and repair.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub raw: String,
    pub kind: ValueKind,
    pub op: Option<Op>,
    pub number: Option<f64>,
    pub max: Option<f64>,
    pub unit: Option<Unit>,
    pub per: Option<String>,
    pub yuan: Option<f64>,
    pub date: Option<String>,
}

impl Value {
    fn text(raw: String) -> Value {
        Value {
            raw,
            kind: ValueKind::Text,
            op: None,
            number: None,
            max: None,
            unit: None,
            per: None,
            yuan: None,
            date: None,
        }
    }
}

/// Size in 元 of a money unit, None for other units.
pub fn money_factor(unit: &str) -> Option<f64> {
    MONEY_UNITS
        .iter()
        .find(|(u, _)| *u == unit)
        .map(|&(_, f)| f)
}

/// Amount in 元, rounded to the cent so that 24.966万元 is 249660, not
/// 249659.99999999997. None when the amount is beyond f64 (a 300-digit
/// 亿元): JSON has no infinity, serde_json would print null.
pub fn to_yuan(number: f64, factor: f64) -> Option<f64> {
    let yuan = number * factor;
    let cents = (yuan * 100.0).round() / 100.0;
    if cents.is_finite() {
        Some(cents)
    } else {
        // Too big to take to the cent; past 2^53 there are no cents anyway.
        yuan.is_finite().then_some(yuan)
    }
}

/// Parses a published value cell.
pub fn parse(published: &str) -> (Value, Diagnostics) {
    parse_value(clean_value(published))
}

/// Parses a cell that has been through [`crate::normalize::text::clean`]
/// already; only the value folds are applied.
pub fn parse_cleaned(cleaned: &str) -> (Value, Diagnostics) {
    parse_value(fold_value(cleaned))
}

/// A number printed without its unit, beside a name that ends with one in
/// brackets (`保障考试正常运行率（%）` | `100`): the value with that unit
/// (and its 元 amount); `raw` stays as printed. None when the value is no
/// number or range, has a unit already, or the name ends with none.
pub fn with_name_unit(value: &Value, name: &str) -> Option<Value> {
    if !matches!(value.kind, ValueKind::Number | ValueKind::Range) || value.unit.is_some() {
        return None;
    }
    let unit = name_unit(name)?;
    let (v, _) = parse_cleaned(&format!("{}{unit}", value.raw));
    (v.kind == value.kind && v.number == value.number && v.max == value.max && v.unit.is_some())
        .then(|| Value {
            raw: value.raw.clone(),
            ..v
        })
}

/// The unit a name ends with in brackets, when it is made of measure words
/// ([`crate::domain::MEASURE_WORDS`]).
fn name_unit(name: &str) -> Option<&str> {
    let name = name.trim_end();
    let (open, close) = UNIT_BRACKETS
        .iter()
        .find(|(_, close)| name.ends_with(*close))?;
    let inner = &name[..name.len() - close.len_utf8()];
    let start = inner.rfind(*open)?;
    let unit = inner[start + open.len_utf8()..].trim();
    let is_word = |w: &str| {
        let w = w.strip_prefix('每').unwrap_or(w);
        let w = UNIT_MULTIPLIERS
            .iter()
            .find_map(|m| w.strip_prefix(m).filter(|r| !r.is_empty()))
            .unwrap_or(w);
        MEASURE_WORDS.contains(&w) || w == "％" || !matches!(Unit::parse(w), Unit::Other(_))
    };
    (!unit.is_empty() && unit.split(UNIT_JOINERS).all(is_word)).then_some(unit)
}

fn parse_value(mut s: String) -> (Value, Diagnostics) {
    let mut repairs = Diagnostics::new();
    // OCR: 《 printed where ≤ was meant, only where a number follows.
    if let Some(first) = s.chars().next()
        && let Some(&(from, to)) = OCR_COMPARATORS.iter().find(|(f, _)| *f == first)
    {
        let rest = &s[first.len_utf8()..];
        if rest.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
            repairs.note(
                crate::diag::Code::OcrComparator,
                format!("{from} read as {to}"),
            );
            s = format!("{to}{}", rest.trim_start());
        }
    }
    let value = parse_placeholder(&s)
        .or_else(|| parse_date(&s, &mut repairs))
        .or_else(|| parse_range(&s))
        .or_else(|| parse_number(&s))
        .unwrap_or_else(|| Value::text(s.clone()));
    (value, repairs)
}

fn parse_placeholder(s: &str) -> Option<Value> {
    let star = s.find(['*', '＊', '×'])?;
    // Only stars standing in for a number: "***户", "**%", "***户、***间".
    let before = &s[..star];
    if !before.is_empty() && !before.chars().all(is_comparator_char) {
        return None;
    }
    let after = s[star..].trim_start_matches(['*', '＊', '×']);
    let unit: String = after
        .chars()
        .take_while(|c| !matches!(c, '、' | ',' | '，' | ';' | '；' | '*' | '/' | ' '))
        .collect();
    let mut v = Value::text(s.to_string());
    v.kind = ValueKind::Placeholder;
    v.unit = (!unit.is_empty()).then(|| Unit::parse(&unit));
    Some(v)
}

fn is_comparator_char(c: char) -> bool {
    matches!(c, '≤' | '≥' | '<' | '>' | '=')
}

/// Reads ASCII digits at the start of `s`; returns (value, rest).
fn digits(s: &str) -> Option<(u32, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 || end > 4 {
        return None;
    }
    Some((s[..end].parse().ok()?, &s[end..]))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn deadline_suffix(rest: &str) -> Option<Option<Op>> {
    if rest.is_empty() {
        return Some(None);
    }
    DEADLINE_SUFFIXES.contains(&rest).then_some(Some(Op::Le))
}

fn date_value(raw: &str, date: String, op: Option<Op>) -> Value {
    let mut v = Value::text(raw.to_string());
    v.kind = ValueKind::Date;
    v.date = Some(date);
    v.op = op;
    v
}

fn parse_date(s: &str, repairs: &mut Diagnostics) -> Option<Value> {
    let (year, rest) = digits(s)?;
    if !(1900..=2200).contains(&year) {
        return None;
    }
    // 2025/12/31, 2025-12-31, 2025.12.31
    if let Some(sep) = rest.chars().next().filter(|c| matches!(c, '/' | '-' | '.')) {
        let (month, rest) = digits(&rest[1..])?;
        let rest = rest.strip_prefix(sep)?;
        let (day, rest) = digits(rest)?;
        let op = deadline_suffix(rest)?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        return Some(date_value(s, format!("{year:04}-{month:02}-{day:02}"), op));
    }
    let rest = rest.strip_prefix('年')?;
    if rest.is_empty() {
        return Some(date_value(s, format!("{year:04}"), None));
    }
    if let Some(r) = rest.strip_prefix('底').or_else(|| rest.strip_prefix('末')) {
        let op = deadline_suffix(r)?;
        return Some(date_value(s, format!("{year:04}-12-31"), op));
    }
    if let Some(op) = deadline_suffix(rest) {
        return Some(date_value(s, format!("{year:04}"), op));
    }
    let (month, rest) = digits(rest)?;
    if !(1..=12).contains(&month) {
        return None;
    }
    let rest = rest.strip_prefix('月')?;
    if let Some(r) = rest.strip_prefix('底').or_else(|| rest.strip_prefix('末')) {
        let op = deadline_suffix(r)?;
        let day = days_in_month(year, month);
        return Some(date_value(s, format!("{year:04}-{month:02}-{day:02}"), op));
    }
    if let Some(op) = deadline_suffix(rest) {
        return Some(date_value(s, format!("{year:04}-{month:02}"), op));
    }
    let (day, rest) = digits(rest)?;
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let (rest, repaired) = match rest.strip_prefix(['日', '号']) {
        Some(r) => (r, false),
        None => (rest, true),
    };
    let op = deadline_suffix(rest)?;
    if repaired {
        repairs.note(
            crate::diag::Code::DateRepaired,
            format!("日 missing after the day in {s}"),
        );
    }
    Some(date_value(s, format!("{year:04}-{month:02}-{day:02}"), op))
}

/// Reads a decimal number (digits, optional thousands commas, optional
/// fraction) at the start of `s`.
fn number(s: &str) -> Option<(f64, &str)> {
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut commas = false;
    let mut dot = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
        } else if b == b','
            && i > 0
            && !dot
            && bytes.len() >= i + 4
            && bytes[i + 1..i + 4].iter().all(u8::is_ascii_digit)
        {
            commas = true; // thousands separator
        } else if b == b'.' && i > 0 && !dot && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            dot = true;
        } else {
            break;
        }
        i += 1;
    }
    if i == 0 {
        return None;
    }
    let n: f64 = if commas {
        s[..i].replace(',', "").parse().ok()?
    } else {
        s[..i].parse().ok()?
    };
    // More than 309 digits parse as infinity, which JSON cannot hold (it
    // would print as null beside kind "number"): not a number then.
    if !n.is_finite() {
        return None;
    }
    Some((n, &s[i..]))
}

fn strip_prefix_op(s: &str) -> (Option<Op>, &str) {
    for &(word, op) in PREFIX_COMPARATORS {
        if let Some(rest) = s.strip_prefix(word) {
            return (Some(op), rest.trim_start());
        }
    }
    (None, s)
}

fn strip_suffix_op(s: &str) -> (Option<Op>, &str) {
    for &(word, op) in SUFFIX_COMPARATORS {
        if let Some(rest) = s.strip_suffix(word) {
            return (Some(op), rest.trim_end());
        }
    }
    (None, s)
}

/// A unit is a short run of non-digit text: 家, %, 万元, 篇（次）, 人次.
fn valid_unit(u: &str) -> bool {
    !u.is_empty()
        && u.chars().count() <= 8
        && !u.chars().any(|c| {
            c.is_ascii_digit()
                || c.is_whitespace()
                || is_comparator_char(c)
                || matches!(c, '，' | ',' | '。' | ';' | '；' | '、')
        })
}

fn parse_range(s: &str) -> Option<Value> {
    let (lo, rest) = number(s)?;
    let sep_at = rest.find(|c: char| RANGE_SEPARATORS.iter().any(|sep| sep.starts_with(c)))?;
    let unit_lo = rest[..sep_at].trim();
    let rest = &rest[sep_at..];
    let sep = RANGE_SEPARATORS
        .iter()
        .find(|sep| rest.starts_with(**sep))?;
    let (hi, unit) = number(rest[sep.len()..].trim_start())?;
    let unit = unit.trim();
    if !unit_lo.is_empty() && unit_lo != unit {
        return None;
    }
    if !unit.is_empty() && !valid_unit(unit) {
        return None;
    }
    let mut v = Value::text(s.to_string());
    v.kind = ValueKind::Range;
    v.number = Some(lo);
    v.max = Some(hi);
    v.unit = (!unit.is_empty()).then(|| Unit::parse(unit));
    Some(v)
}

/// Longest measure word taken after 每 (季度, 人次, 平方米).
const MAX_PER_WORD_CHARS: usize = 3;

fn parse_number(s: &str) -> Option<Value> {
    let mut rest = VALUE_SCOPE_WORDS
        .iter()
        .find_map(|w| s.strip_prefix(w))
        .map_or(s, str::trim_start);
    let mut per = None;
    // 每期≤1万元: "per" written in front, once or more (每生每年4000元 is
    // per 生/年). Only a measure word counts: in 每月站点正常运行率≥95% the
    // words after 每 are what is measured, and the cell stays text.
    let mut words: Vec<&str> = Vec::new();
    while let Some(r) = rest.strip_prefix('每') {
        let end = r.find(|c: char| {
            c == '每'
                || c.is_ascii_digit()
                || is_comparator_char(c)
                || !crate::normalize::text::is_cjk(c)
        })?;
        if end == 0 || r[..end].chars().count() > MAX_PER_WORD_CHARS {
            return None;
        }
        words.push(&r[..end]);
        rest = &r[end..];
    }
    if !words.is_empty() {
        per = Some(words.join("/"));
    }
    let (prefix_op, r) = strip_prefix_op(rest);
    let (n, r) = number(r)?;
    let (suffix_op, r) = strip_suffix_op(r.trim());
    if prefix_op.is_some() && suffix_op.is_some() {
        return None;
    }
    let (unit, per_after) = match r.split_once('/') {
        Some((u, p)) => (u.trim(), Some(p.trim())),
        None => (r.trim(), None),
    };
    if !unit.is_empty() && !valid_unit(unit) {
        return None;
    }
    if let Some(p) = per_after {
        if per.is_some() || !valid_unit(p) {
            return None;
        }
        per = Some(p.to_string());
    }
    let mut v = Value::text(s.to_string());
    v.kind = ValueKind::Number;
    v.op = Some(prefix_op.or(suffix_op).unwrap_or(Op::Eq));
    v.number = Some(n);
    v.unit = (!unit.is_empty()).then(|| Unit::parse(unit));
    v.per = per;
    v.yuan = v
        .unit
        .as_ref()
        .and_then(Unit::yuan)
        .and_then(|f| to_yuan(n, f));
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One row of RECORD.md's value table.
    #[allow(clippy::too_many_arguments)]
    fn check(
        published: &str,
        raw: &str,
        kind: ValueKind,
        op: Option<&str>,
        number: Option<f64>,
        max: Option<f64>,
        unit: Option<&str>,
        per: Option<&str>,
        yuan: Option<f64>,
        date: Option<&str>,
    ) {
        let (v, _) = parse(published);
        assert_eq!(v.raw, raw, "raw of {published}");
        assert_eq!(v.kind, kind, "kind of {published}");
        assert_eq!(v.op.map(Op::as_str), op, "op of {published}");
        assert_eq!(v.number, number, "number of {published}");
        assert_eq!(v.max, max, "max of {published}");
        assert_eq!(
            v.unit.as_ref().map(Unit::as_str),
            unit,
            "unit of {published}"
        );
        assert_eq!(v.per.as_deref(), per, "per of {published}");
        assert_eq!(v.yuan, yuan, "yuan of {published}");
        assert_eq!(v.date.as_deref(), date, "date of {published}");
    }

    use ValueKind::*;

    #[test]
    fn record_md_value_table() {
        check(
            "≤18家",
            "≤18家",
            Number,
            Some("<="),
            Some(18.0),
            None,
            Some("家"),
            None,
            None,
            None,
        );
        check(
            "≥95%",
            "≥95%",
            Number,
            Some(">="),
            Some(95.0),
            None,
            Some("%"),
            None,
            None,
            None,
        );
        check(
            "100%",
            "100%",
            Number,
            Some("="),
            Some(100.0),
            None,
            Some("%"),
            None,
            None,
            None,
        );
        check(
            "95%以上",
            "95%以上",
            Number,
            Some(">="),
            Some(95.0),
            None,
            Some("%"),
            None,
            None,
            None,
        );
        check(
            "小于5%",
            "小于5%",
            Number,
            Some("<"),
            Some(5.0),
            None,
            Some("%"),
            None,
            None,
            None,
        );
        check(
            "≤2.5万元/家",
            "≤2.5万元/家",
            Number,
            Some("<="),
            Some(2.5),
            None,
            Some("万元"),
            Some("家"),
            Some(25000.0),
            None,
        );
        check(
            "每期≤1万元",
            "每期≤1万元",
            Number,
            Some("<="),
            Some(1.0),
            None,
            Some("万元"),
            Some("期"),
            Some(10000.0),
            None,
        );
        check(
            "≤20元/条",
            "≤20元/条",
            Number,
            Some("<="),
            Some(20.0),
            None,
            Some("元"),
            Some("条"),
            Some(20.0),
            None,
        );
        check(
            "《24万元",
            "≤24万元",
            Number,
            Some("<="),
            Some(24.0),
            None,
            Some("万元"),
            None,
            Some(240000.0),
            None,
        );
        check(
            "45万元",
            "45万元",
            Number,
            Some("="),
            Some(45.0),
            None,
            Some("万元"),
            None,
            Some(450000.0),
            None,
        );
        check(
            "0-2000户",
            "0-2000户",
            Range,
            None,
            Some(0.0),
            Some(2000.0),
            Some("户"),
            None,
            None,
            None,
        );
        check(
            "150-4500元",
            "150-4500元",
            Range,
            None,
            Some(150.0),
            Some(4500.0),
            Some("元"),
            None,
            None,
            None,
        );
        check(
            "2025/12/31",
            "2025/12/31",
            Date,
            None,
            None,
            None,
            None,
            None,
            None,
            Some("2025-12-31"),
        );
        check(
            "2025年12月31日前",
            "2025年12月31日前",
            Date,
            Some("<="),
            None,
            None,
            None,
            None,
            None,
            Some("2025-12-31"),
        );
        check(
            "2025年11月底",
            "2025年11月底",
            Date,
            None,
            None,
            None,
            None,
            None,
            None,
            Some("2025-11-30"),
        );
        check(
            "2025年12月前",
            "2025年12月前",
            Date,
            Some("<="),
            None,
            None,
            None,
            None,
            None,
            Some("2025-12"),
        );
        check(
            "***户",
            "***户",
            Placeholder,
            None,
            None,
            None,
            Some("户"),
            None,
            None,
            None,
        );
        check(
            "持续提升",
            "持续提升",
            Text,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        );
        check("无", "无", Text, None, None, None, None, None, None, None);
    }

    #[test]
    fn ocr_repair_is_reported() {
        let (v, r) = parse("《24万元");
        assert_eq!(v.raw, "≤24万元");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].code, "ocr_comparator");
        // Not a comparator where no number follows: a title in book marks.
        let (v, r) = parse("《宁夏应急管理》");
        assert_eq!(v.kind, Text);
        assert!(r.is_empty());
    }

    #[test]
    fn more_values_from_the_sample() {
        check(
            "2025年12月31",
            "2025年12月31",
            Date,
            None,
            None,
            None,
            None,
            None,
            None,
            Some("2025-12-31"),
        );
        assert_eq!(parse("2025年12月31").1[0].code, "date_repaired");
        check(
            "2025年12月31日之前",
            "2025年12月31日之前",
            Date,
            Some("<="),
            None,
            None,
            None,
            None,
            None,
            Some("2025-12-31"),
        );
        check(
            "2024年12月",
            "2024年12月",
            Date,
            None,
            None,
            None,
            None,
            None,
            None,
            Some("2024-12"),
        );
        check(
            "2025/8/30",
            "2025/8/30",
            Date,
            None,
            None,
            None,
            None,
            None,
            None,
            Some("2025-08-30"),
        );
        check(
            "2025年12月底",
            "2025年12月底",
            Date,
            None,
            None,
            None,
            None,
            None,
            None,
            Some("2025-12-31"),
        );
        check(
            "0-25万人次",
            "0-25万人次",
            Range,
            None,
            Some(0.0),
            Some(25.0),
            Some("万人次"),
            None,
            None,
            None,
        );
        check(
            "**%",
            "**%",
            Placeholder,
            None,
            None,
            None,
            Some("%"),
            None,
            None,
            None,
        );
        check(
            "***户、***间",
            "***户、***间",
            Placeholder,
            None,
            None,
            None,
            Some("户"),
            None,
            None,
            None,
        );
        check(
            "100人/次",
            "100人/次",
            Number,
            Some("="),
            Some(100.0),
            None,
            Some("人"),
            Some("次"),
            None,
            None,
        );
        check(
            "≥50篇（次）",
            "≥50篇（次）",
            Number,
            Some(">="),
            Some(50.0),
            None,
            Some("篇（次）"),
            None,
            None,
            None,
        );
        check(
            "≥1",
            "≥1",
            Number,
            Some(">="),
            Some(1.0),
            None,
            None,
            None,
            None,
            None,
        );
        check(
            "40",
            "40",
            Number,
            Some("="),
            Some(40.0),
            None,
            None,
            None,
            None,
            None,
        );
        check(
            "<5%",
            "<5%",
            Number,
            Some("<"),
            Some(5.0),
            None,
            Some("%"),
            None,
            None,
            None,
        );
        check(
            "≤24.966万元",
            "≤24.966万元",
            Number,
            Some("<="),
            Some(24.966),
            None,
            Some("万元"),
            None,
            Some(249660.0),
            None,
        );
        check(
            "≤15万",
            "≤15万",
            Number,
            Some("<="),
            Some(15.0),
            None,
            Some("万"),
            None,
            None,
            None,
        );
        check(
            "完成率100%",
            "完成率100%",
            Text,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        );
        check(
            "≥1,200人",
            "≥1,200人",
            Number,
            Some(">="),
            Some(1200.0),
            None,
            Some("人"),
            None,
            None,
            None,
        );
        check(
            "１００％",
            "100%",
            Number,
            Some("="),
            Some(100.0),
            None,
            Some("%"),
            None,
            None,
            None,
        );
        check(
            "2025年13月",
            "2025年13月",
            Text,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        );
    }

    /// 每 takes a measure word, once or more; longer words after 每 are what
    /// is measured, so the cell is text (real cells from a 2026 budget).
    #[test]
    fn per_word_in_front() {
        let (v, _) = parse("每生每年4000元");
        assert_eq!(
            (v.kind, v.number, v.per.as_deref(), v.yuan),
            (Number, Some(4000.0), Some("生/年"), Some(4000.0))
        );
        let (v, _) = parse("每季度100%");
        assert_eq!((v.kind, v.per.as_deref()), (Number, Some("季度")));
        for text in ["每月站点正常运行率≥95%", "每年累计收入约1100万元"] {
            let (v, _) = parse(text);
            assert_eq!((v.kind, v.per, v.number), (Text, None, None), "{text}");
        }
    }

    /// 全年 before a value says it is the year's whole count: the number
    /// is read, with no `per` (广州's 全年≥50个 beside 每年≥20场).
    #[test]
    fn a_scope_word_in_front_is_no_per() {
        let (v, _) = parse("全年≥50个");
        assert_eq!(
            (v.kind, v.op, v.number, v.per.as_deref(), v.raw.as_str()),
            (Number, Some(Op::Ge), Some(50.0), None, "全年≥50个")
        );
        assert_eq!(parse("全年").0.kind, Text);
    }

    /// A bare number takes the unit its name ends with in brackets; the
    /// published raw stays; a bracketed word that is no unit gives none.
    #[test]
    fn a_unit_in_brackets_at_the_end_of_the_name() {
        let unit = |name: &str, cell: &str| {
            let (v, _) = parse(cell);
            with_name_unit(&v, name)
                .map(|v| (v.raw, v.unit.map(|u| u.as_str().to_string()), v.per, v.yuan))
        };
        assert_eq!(
            unit("保障考试正常运行率（%）", "100"),
            Some(("100".into(), Some("%".into()), None, None))
        );
        assert_eq!(
            unit("劳务费（元/天）", "≤300"),
            Some((
                "≤300".into(),
                Some("元".into()),
                Some("天".into()),
                Some(300.0)
            ))
        );
        assert_eq!(
            unit("短表户数（万户）", "≥109.3"),
            Some(("≥109.3".into(), Some("万户".into()), None, None))
        );
        assert_eq!(
            unit("发放数量(万台)", "2").map(|v| v.1),
            Some(Some("万台".into()))
        );
        // No unit: a word in brackets, a value with its own unit, text.
        assert_eq!(unit("满意度（试行）", "95"), None);
        assert_eq!(unit("满意度（%）", "95分"), None);
        assert_eq!(unit("完成情况（%）", "按时完成"), None);
        assert_eq!(unit("完成率", "100"), None);
    }

    /// Comparators written as words before the number (real cells: 等于100%,
    /// 至少1次).
    #[test]
    fn word_comparators_before_the_number() {
        for (text, op, n) in [
            ("等于100%", Op::Eq, 100.0),
            ("至少1次", Op::Ge, 1.0),
            ("大于等于90%", Op::Ge, 90.0),
        ] {
            let (v, _) = parse(text);
            assert_eq!(
                (v.kind, v.op, v.number),
                (Number, Some(op), Some(n)),
                "{text}"
            );
        }
    }
}
