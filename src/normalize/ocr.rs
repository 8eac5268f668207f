//! Repairs of OCR's known confusions in text read by OCR (table cells whose
//! characters came from a page image): the brackets of a document number
//! (`[2021）83号` → `〔2021〕83号`), a half-width parenthesis whose partner is
//! full-width (`（区)` → `（区）`), and the dot of a named day (`5.12全国防灾减灾日`
//! → `5·12全国防灾减灾日`). What is confused with what, and where, is the
//! table [`OCR_CONFUSIONS`]; each repair is returned so that the layout
//! stage can warn (`ocr_repaired`) where the text lands. Text with a text
//! layer is never touched: it reads as it was published.

use crate::diag::Diagnostics;
use crate::diag::{Code, Diagnostic};
use crate::domain::{OCR_CONFUSIONS, OcrContext};

/// One repair, as an `ocr_repaired` diagnostic not yet placed: the text as
/// read and as repaired, both short (`[2021） read as 〔2021〕`).
fn repaired(read: String, meant: String) -> Diagnostic {
    Diagnostic {
        code: Code::OcrRepaired,
        at: None,
        message: format!("{read} read as {meant}"),
    }
}

/// What `c` is repaired to in `ctx`, if it is one of the confusions there.
fn meant(c: char, ctx: OcrContext) -> Option<char> {
    OCR_CONFUSIONS
        .iter()
        .find(|&&(read, _, x)| read == c && x == ctx)
        .map(|&(_, m, _)| m)
}

fn is_confusable(c: char) -> bool {
    OCR_CONFUSIONS.iter().any(|&(read, _, _)| read == c)
}

fn ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Repairs `text` (read by OCR and cleaned); returns it with the repairs
/// made, in text order within each kind.
pub fn repair(text: &str) -> (String, Diagnostics) {
    if !text.chars().any(is_confusable) {
        return (text.to_string(), Diagnostics::new());
    }
    let mut chars: Vec<char> = text.chars().collect();
    let mut repairs = Diagnostics::new();
    doc_numbers(&mut chars, &mut repairs);
    named_days(&mut chars, &mut repairs);
    partners(&mut chars, &mut repairs);
    if repairs.is_empty() {
        return (text.to_string(), repairs);
    }
    (chars.into_iter().collect(), repairs)
}

fn span(chars: &[char]) -> String {
    chars.iter().collect()
}

/// `发[2021）83号`: an ideograph, an opening bracket, a year, a closing
/// bracket, a number, 号. Both brackets become 〔〕 unless both are round.
fn doc_numbers(chars: &mut [char], repairs: &mut Diagnostics) {
    let round = |c: char| matches!(c, '(' | '（' | ')' | '）');
    let mut i = 1;
    while i + 7 < chars.len() {
        let open = chars[i];
        let close_at = i + 5;
        let fits = ideograph(chars[i - 1])
            && (open == '〔' || meant(open, OcrContext::DocNumberOpen).is_some())
            && chars.get(i + 1..close_at).is_some_and(|y| {
                y.iter().all(char::is_ascii_digit) && matches!(y[..2], ['1', '9'] | ['2', '0'])
            })
            && chars
                .get(close_at)
                .is_some_and(|&c| c == '〕' || meant(c, OcrContext::DocNumberClose).is_some());
        if !fits {
            i += 1;
            continue;
        }
        let close = chars[close_at];
        let digits = chars[close_at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let number_ok =
            (1..=4).contains(&digits) && chars.get(close_at + 1 + digits) == Some(&'号');
        let changes = open != '〔' || close != '〕';
        if number_ok && changes && !(round(open) && round(close)) {
            let read = span(&chars[i..=close_at]);
            if open != '〔' {
                chars[i] = meant(open, OcrContext::DocNumberOpen).unwrap_or('〔');
            }
            if close != '〕' {
                chars[close_at] = meant(close, OcrContext::DocNumberClose).unwrap_or('〕');
            }
            repairs.push(repaired(read, span(&chars[i..=close_at])));
        }
        i = close_at + 1;
    }
}

/// `5.12全国防灾减灾日`: month, separator, day, then ideographs ending in 日
/// (at least two before it). Not inside a longer number (`2025.5.12`).
fn named_days(chars: &mut [char], repairs: &mut Diagnostics) {
    let number = |s: &[char]| -> Option<u32> {
        (!s.is_empty() && s.len() <= 2 && s.iter().all(char::is_ascii_digit))
            .then(|| s.iter().collect::<String>().parse().ok())
            .flatten()
    };
    for i in 1..chars.len() {
        let Some(to) = meant(chars[i], OcrContext::NamedDay) else {
            continue;
        };
        let a = i - chars[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let b = i
            + 1
            + chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
        let inside_number = a > 0
            && (chars[a - 1].is_ascii_alphanumeric()
                || matches!(chars[a - 1], '.' | '-' | '/' | '·' | '年' | '月'));
        let (Some(month), Some(day)) = (number(&chars[a..i]), number(&chars[i + 1..b])) else {
            continue;
        };
        if inside_number || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            continue;
        }
        let run = chars[b..].iter().take_while(|&&c| ideograph(c)).count();
        let names_day = chars[b..b + run]
            .iter()
            .enumerate()
            .any(|(k, &c)| c == '日' && k >= 2);
        if !names_day {
            continue;
        }
        let read = span(&chars[a..b]);
        chars[i] = to;
        repairs.push(repaired(read, span(&chars[a..b])));
    }
}

/// `（区)`: a pair of parentheses of mixed widths; the half-width half
/// becomes full-width.
fn partners(chars: &mut [char], repairs: &mut Diagnostics) {
    /// Longest pair quoted whole in the message.
    const QUOTE_CHARS: usize = 16;
    let mut open: Vec<usize> = Vec::new();
    for j in 0..chars.len() {
        match chars[j] {
            '(' | '（' => open.push(j),
            ')' | '）' => {
                let Some(i) = open.pop() else { continue };
                let (o, c) = (chars[i], chars[j]);
                let fix = if o == '（' && c == ')' {
                    j
                } else if o == '(' && c == '）' {
                    i
                } else {
                    continue;
                };
                let Some(to) = meant(chars[fix], OcrContext::FullWidthPartner) else {
                    continue;
                };
                let quoted = j - i < QUOTE_CHARS;
                let read = if quoted {
                    span(&chars[i..=j])
                } else {
                    chars[fix].to_string()
                };
                chars[fix] = to;
                repairs.push(repaired(
                    read,
                    if quoted {
                        span(&chars[i..=j])
                    } else {
                        to.to_string()
                    },
                ));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(s: &str) -> (String, Vec<String>) {
        let (t, r) = repair(s);
        (t, r.iter().map(|d| d.message.clone()).collect())
    }

    #[test]
    fn document_number_brackets() {
        assert_eq!(
            fixed("《通知》（应急[2021）83号）《自"),
            (
                "《通知》（应急〔2021〕83号）《自".into(),
                vec!["[2021） read as 〔2021〕".into()]
            )
        );
        assert_eq!(fixed("宁政办规发[2019]7号").0, "宁政办规发〔2019〕7号");
        assert_eq!(fixed("宁党发【2019）9号").0, "宁党发〔2019〕9号");
        assert_eq!(fixed("宁财发〔2022]3号").0, "宁财发〔2022〕3号");
        // Already right, both round (may be printed so), no 号, no issuer,
        // not a year: left as read.
        for s in [
            "宁财发〔2022〕3号",
            "宁财发（2022）3号",
            "宁财发[2022]文件",
            "[2022]3号",
            "宁财发[3022]3号",
        ] {
            assert_eq!(fixed(s), (s.to_string(), vec![]), "{s}");
        }
    }

    #[test]
    fn named_days() {
        assert_eq!(
            fixed("5.12全国防灾减灾日“宣传周"),
            (
                "5·12全国防灾减灾日“宣传周".into(),
                vec!["5.12 read as 5·12".into()]
            )
        );
        assert_eq!(fixed("10-13国际减灾日“宣传费").0, "10·13国际减灾日“宣传费");
        assert_eq!(
            fixed("开展“5.12全国防灾减灾日”“10.13国际减灾日”").0,
            "开展“5·12全国防灾减灾日”“10·13国际减灾日”"
        );
        // No named day after it, a decimal, a range, a longer date, a month
        // or day out of range: left as read.
        for s in [
            "5.12系列活动集中宣传",
            "1.5万元",
            "5-12日",
            "2025.5.12全国防灾减灾日",
            "13.12全国防灾减灾日",
            "5.32全国防灾减灾日",
        ] {
            assert_eq!(fixed(s), (s.to_string(), vec![]), "{s}");
        }
    }

    #[test]
    fn mixed_width_parentheses() {
        assert_eq!(
            fixed("转移市县（区)资金"),
            (
                "转移市县（区）资金".into(),
                vec!["（区) read as （区）".into()]
            )
        );
        assert_eq!(
            fixed("二级企业(民营）给予奖励").0,
            "二级企业（民营）给予奖励"
        );
        assert_eq!(fixed("≥50篇（次)").0, "≥50篇（次）");
        // A long pair names the bracket alone.
        assert_eq!(
            fixed("考试（命审题、制卷费、阅卷费等费用，含各类考务费用)").1,
            vec![") read as ）".to_string()]
        );
        // Pairs of one width, and unpaired brackets, are as printed.
        for s in [
            "注册安全工程师职业资格考试(命审题、制卷费)",
            "化工园区（集中区）",
            "(2025年",
            "区)",
        ] {
            assert_eq!(fixed(s), (s.to_string(), vec![]), "{s}");
        }
    }

    #[test]
    fn nothing_to_repair() {
        assert_eq!(fixed("≤2.5万元/家"), ("≤2.5万元/家".into(), vec![]));
        assert_eq!(fixed(""), (String::new(), vec![]));
    }
}
