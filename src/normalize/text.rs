//! Text cleanup shared by labels, header values and indicator values.

use crate::domain::{COMPARATOR_FOLDS, TRAD_TO_SIMP};

/// True for characters written without spaces between them: CJK ideographs,
/// radicals, kana, CJK and full-width punctuation.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF      // radicals, Kangxi
        | 0x3000..=0x303F    // CJK symbols and punctuation
        | 0x3040..=0x30FF    // kana
        | 0x3400..=0x4DBF    // ext A
        | 0x4E00..=0x9FFF    // unified
        | 0xF900..=0xFAFF    // compatibility
        | 0xFE30..=0xFE4F    // compatibility forms
        | 0xFF00..=0xFFEF    // full-width forms
        | 0x20000..=0x2FA1F)
        || matches!(
            c,
            '“' | '”' | '‘' | '’' | '·' | '—' | '…' | '《' | '》' | '、'
        )
}

/// Whether two pieces of text a line break (or a page break) parted need a
/// space where they join: between two Latin letters or digits, not beside
/// CJK text.
pub fn needs_line_space(prev: char, next: char) -> bool {
    prev.is_alphanumeric() && next.is_alphanumeric() && !is_cjk(prev) && !is_cjk(next)
}

/// Most digits a number cut by a line break may have, both pieces
/// together: a longer run is a code (项目编码 `11000021Y000000390` above
/// the name `843-…` in its cell), whose line ended at its own end.
pub const MAX_WRAPPED_NUMBER_DIGITS: usize = 10;

/// Whether a break between lines (a cell's text wrapped, or cut by a page
/// break) parted two words that need a space where they join `head` and
/// `tail`: [`needs_line_space`], except inside a number. Words wrap at
/// their spaces; a number too long for a narrow cell of a Chinese table
/// wraps anywhere (`偏离目标29%-2` | `0%得15分` is `29%-20%`, not `2 0%`):
/// `head` ends in digits that follow no Latin letter, `tail` starts with
/// digits, together at most [`MAX_WRAPPED_NUMBER_DIGITS`].
pub fn wrap_needs_space(head: &str, tail: &str) -> bool {
    let (Some(prev), Some(next)) = (head.chars().next_back(), tail.chars().next()) else {
        return false;
    };
    if !needs_line_space(prev, next) {
        return false;
    }
    let head_digits = head.bytes().rev().take_while(u8::is_ascii_digit).count();
    let tail_digits = tail.bytes().take_while(u8::is_ascii_digit).count();
    let in_word = head.as_bytes()[..head.len() - head_digits]
        .last()
        .is_some_and(u8::is_ascii_alphabetic);
    let number_cut = head_digits > 0
        && tail_digits > 0
        && !in_word
        && head_digits + tail_digits <= MAX_WRAPPED_NUMBER_DIGITS;
    !number_cut
}

/// Two pieces of a text a break cut, joined ([`wrap_needs_space`]).
pub fn join_broken(head: &str, tail: &str) -> String {
    if wrap_needs_space(head, tail) {
        format!("{head} {tail}")
    } else {
        format!("{head}{tail}")
    }
}

/// One bit per BMP code point that [`TRAD_TO_SIMP`] folds, so the common
/// case (not in the table) costs one load. Built at compile time.
static TRAD_BITS: [u64; 1024] = trad_bits();

const fn trad_bits() -> [u64; 1024] {
    let mut bits = [0u64; 1024];
    let mut i = 0;
    while i < TRAD_TO_SIMP.len() {
        let cp = TRAD_TO_SIMP[i].0 as usize;
        if cp < 0x10000 {
            bits[cp >> 6] |= 1 << (cp & 63);
        }
        i += 1;
    }
    bits
}

fn is_trad(c: char) -> bool {
    let cp = c as usize;
    (0x4E00..0x10000).contains(&cp) && TRAD_BITS[cp >> 6] & (1 << (cp & 63)) != 0
}

fn fold_trad(c: char) -> char {
    if !is_trad(c) {
        return c;
    }
    TRAD_TO_SIMP
        .iter()
        .find(|(t, _)| *t == c)
        .map_or(c, |&(_, s)| s)
}

/// General cleanup of published text: trims, folds stray traditional
/// characters, removes whitespace that touches CJK text (line wrapping,
/// `2025 年` → `2025年`), collapses other whitespace runs to one space.
pub fn clean(s: &str) -> String {
    clean_plain(s).0
}

/// A character [`label_key`] keeps as it is.
#[inline]
fn key_plain(c: char) -> bool {
    match c as u32 {
        0x4E00..=0x9FFF => !is_trad(c),
        0..=0x7F => !is_ascii_ws(c),
        0x80..=0x1FFF => !c.is_whitespace(),
        _ => false,
    }
}

/// `char::is_whitespace` for an ASCII character (U+0009..U+000D, space).
#[inline]
fn is_ascii_ws(c: char) -> bool {
    matches!(c, ' ' | '\t'..='\r')
}

/// `char::is_whitespace`, deciding ideographs and ASCII without the
/// Unicode table.
#[inline]
fn is_ws(c: char) -> bool {
    match c as u32 {
        0x4E00..=0x9FFF => false,
        0..=0x7F => is_ascii_ws(c),
        _ => c.is_whitespace(),
    }
}

/// `s.trim()`, deciding the common ends (ASCII, ideographs) without the
/// Unicode table.
#[inline]
pub fn trim_fast(s: &str) -> &str {
    // Most texts start and end with a character no whitespace shares its
    // first byte with (whitespace is ASCII or starts with C2, E1, E2 or E3)
    // and end in ASCII or an ideograph: decided from three bytes.
    let b = s.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return s;
    };
    let head_clean = match first {
        0x00..=0x7F => !(first == b' ' || (b'\t'..=b'\r').contains(&first)),
        0xC2 | 0xE1..=0xE3 => false,
        _ => true,
    };
    let tail_clean = if last < 0x80 {
        !(last == b' ' || (b'\t'..=b'\r').contains(&last))
    } else {
        // The last character is three bytes led by E4..EF (U+4000..U+FFFF):
        // not whitespace.
        b.len() >= 3 && (0xE4..=0xEF).contains(&b[b.len() - 3])
    };
    if head_clean && tail_clean {
        return s;
    }
    s.trim_matches(is_ws)
}

/// Whether `s` holds any of `chars` (at most three; more are searched
/// the plain way), by a `memchr` search for their leading bytes, each hit
/// checked (most texts hold none: no char decoding).
pub fn contains_any_char(s: &str, chars: &[char]) -> bool {
    let hay = s.as_bytes();
    let mut encoded = [([0u8; 4], 0usize); 3];
    if chars.len() > encoded.len() || chars.is_empty() {
        return s.contains(chars);
    }
    for (&c, (buf, len)) in chars.iter().zip(encoded.iter_mut()) {
        *len = c.encode_utf8(buf).len();
    }
    let encoded = &encoded[..chars.len()];
    let at = |i: usize| {
        encoded
            .iter()
            .any(|(buf, len)| hay[i..].starts_with(&buf[..*len]))
    };
    let lead = |k: usize| encoded[k.min(chars.len() - 1)].0[0];
    match chars.len() {
        1 => memchr::memchr_iter(lead(0), hay).any(at),
        2 => memchr::memchr2_iter(lead(0), lead(1), hay).any(at),
        _ => memchr::memchr3_iter(lead(0), lead(1), lead(2), hay).any(at),
    }
}

/// `s.trim().is_empty()`, by the first character in the common case.
#[inline]
pub fn is_blank(s: &str) -> bool {
    s.chars().all(is_ws)
}

/// [`clean`], and whether its result is its own [`label_key`] (every
/// character one `label_key` keeps as it is), found in the same pass so a
/// caller that wants both keys the common cell by a copy.
pub fn clean_plain(s: &str) -> (String, bool) {
    let s = trim_fast(s);
    // Most cells need nothing: copy them as they are.
    let mut plain = true;
    let mut simple = true;
    for c in s.chars() {
        match c as u32 {
            0x4E00..=0x9FFF => {
                if is_trad(c) {
                    simple = false;
                    break;
                }
            }
            0..=0x7F => {
                if is_ascii_ws(c) {
                    simple = false;
                    break;
                }
            }
            _ => {
                if c.is_whitespace() || is_trad(c) {
                    simple = false;
                    break;
                }
                plain &= key_plain(c);
            }
        }
    }
    if simple {
        return (s.to_string(), plain);
    }
    let mut plain = true;
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' {
            pending_space = true;
            continue;
        }
        let c = fold_trad(c);
        if pending_space {
            if let Some(p) = prev
                && !is_cjk(p)
                && !is_cjk(c)
            {
                out.push(' ');
                plain = false;
            }
            pending_space = false;
        }
        out.push(c);
        plain &= key_plain(c);
        prev = Some(c);
    }
    (out, plain)
}

/// Full-width forms of ASCII used in values, to their ASCII form.
fn fold_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - 0xFF10 + '0' as u32).unwrap_or(c),
        '％' => '%',
        '．' => '.',
        '／' => '/',
        '～' | '〜' => '~',
        '－' => '-',
        // Not one of the comparators COMPARATOR_FOLDS folds (ideographs,
        // most punctuation): kept without a scan of the table.
        _ if !matches!(c as u32, 0x2266..=0x2267 | 0x2A7D..=0x2A7E | 0xFE64..=0xFE65 | 0xFF1C..=0xFF1E) => {
            c
        }
        _ => COMPARATOR_FOLDS
            .iter()
            .find(|(from, _)| *from == c)
            .map_or(c, |&(_, to)| to),
    }
}

/// Cleanup of a value cell: [`clean`] plus full-width digits, ％, ．, ／ and
/// ～ to ASCII, look-alike comparators folded.
pub fn clean_value(s: &str) -> String {
    fold_value(&clean(s))
}

/// The value folds alone, for text that is cleaned already.
pub fn fold_value(s: &str) -> String {
    // Most values fold nothing: copied as they are; else the head that
    // folds nothing is copied and the rest folded.
    match s.char_indices().find(|&(_, c)| fold_width(c) != c) {
        None => s.to_string(),
        Some((i, _)) => {
            let mut out = String::with_capacity(s.len());
            out.push_str(&s[..i]);
            out.extend(s[i..].chars().map(fold_width));
            out
        }
    }
}

/// One character of a label key: label punctuation to ASCII, other
/// characters width- and traditional-folded.
fn key_char(c: char) -> char {
    match c {
        '：' => ':',
        '（' => '(',
        '）' => ')',
        '，' => ',',
        '；' => ';',
        '【' | '［' => '[',
        '】' | '］' => ']',
        _ => fold_width(fold_trad(c)),
    }
}

/// The key a label is matched by: cleaned, no whitespace at all, full-width
/// punctuation folded (`其中：` and `其中:` give the same key).
pub fn label_key(s: &str) -> String {
    // Plain: ASCII-ish or an ideograph that is not a stray traditional one.
    // The plain head is copied as it is; the rest goes character by character.
    let Some(cut) = s
        .char_indices()
        .find(|&(_, c)| !key_plain(c))
        .map(|(i, _)| i)
    else {
        return s.to_string();
    };
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..cut]);
    for c in s[cut..].chars() {
        if key_plain(c) {
            out.push(c);
            continue;
        }
        if c.is_whitespace() || c == '\u{3000}' {
            continue;
        }
        let c = key_char(c);
        out.push(c);
    }
    out
}

/// `s.chars().count() <= n`, without counting when the byte length decides
/// it (a char is 1 to 4 bytes).
pub fn chars_at_most(s: &str, n: usize) -> bool {
    if s.len() <= n {
        return true;
    }
    if s.len() > 4 * n {
        return false;
    }
    s.chars().count() <= n
}

/// Site chrome or kept markup: page furniture, not document text.
pub fn is_chrome(line: &str) -> bool {
    use crate::domain::{CHROME_MARKERS, MARKUP_PREFIXES, MAX_CHROME_CHARS};
    let t = line.trim_start_matches(['-', ' ', '#']);
    let markup = MARKUP_PREFIXES.iter().any(|p| {
        t.strip_prefix(p)
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic()))
    });
    // The markers in one scan of the line (a substring search per marker
    // was a third of the cost of reading a line outside the tables).
    static MARKERS: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::new(CHROME_MARKERS).expect("chrome markers build")
        });
    markup || (chars_at_most(line, MAX_CHROME_CHARS) && MARKERS.is_match(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_cut_by_a_wrap_joins_without_a_space() {
        // A number a narrow cell wrapped (长沙's 评分标准 cells).
        assert_eq!(
            join_broken("偏离目标29%-2", "0%得15分"),
            "偏离目标29%-20%得15分"
        );
        assert_eq!(
            join_broken("5000-10000次得4分，300", "0-5000次"),
            "5000-10000次得4分，3000-5000次"
        );
        // Words and codes keep their space: Latin words, a code with a
        // letter in it, a digit run too long to be one number.
        assert_eq!(join_broken("ISO", "9001"), "ISO 9001");
        assert_eq!(
            join_broken("11000021Y000000390", "843-信息系统"),
            "11000021Y000000390 843-信息系统"
        );
        assert_eq!(join_broken("110000210000", "843"), "110000210000 843");
        assert_eq!(join_broken("GB50016", "2014"), "GB50016 2014");
        // Beside CJK text, never a space.
        assert_eq!(join_broken("受理率", "95%"), "受理率95%");
    }

    #[test]
    fn contains_any_char_agrees_with_a_char_pattern_search() {
        let sets: [&[char]; 4] = [
            &['；', ';'],
            &['；'],
            &['-', '—', '／'],
            &['a', 'b', 'c', 'd'],
        ];
        // A lead byte without its char (0xEF of （ before ； is sought) and
        // the chars at the ends of the text.
        let texts = [
            "",
            "面积；人次",
            "；",
            "a;",
            "（元）",
            "无",
            "x—",
            "人次／年",
            "dcba",
        ];
        for set in sets {
            for t in texts {
                assert_eq!(contains_any_char(t, set), t.contains(set), "{t:?} {set:?}");
            }
        }
    }

    #[test]
    fn fold_width_shortcut_leaves_every_comparator_fold_to_the_table() {
        for &(from, to) in COMPARATOR_FOLDS {
            assert_eq!(fold_width(from), to, "{from}");
        }
        let (text, plain) = clean_plain("年度 指标");
        assert_eq!(text, clean("年度 指标"));
        assert!(plain && label_key(&text) == text);
        let (text, plain) = clean_plain("其中：本级 资金");
        assert!(!plain && text == clean("其中：本级 资金"));
    }

    /// The shortcuts (is_blank, trim_fast, clean_plain's scan, label_key's
    /// plain head, fold_value's copy) give what the plain definitions give,
    /// over ASCII, Latin-1, the whitespace characters, punctuation and
    /// ideographs (traditional ones among them).
    #[test]
    fn shortcuts_agree_with_their_definitions() {
        let mut chars: Vec<char> = (0u32..0x300).filter_map(char::from_u32).collect();
        chars.extend(['\u{1680}', '\u{2000}', '\u{200a}', '\u{2028}', '\u{2029}']);
        chars.extend(['\u{202f}', '\u{205f}', '\u{3000}', '\u{85}', '\u{a0}']);
        chars.extend("：（），；【】［］０９％．／～〜－≧≦﹤﹥＜＝＞學習項目指标★".chars());
        chars.extend(TRAD_TO_SIMP.iter().take(40).map(|&(t, _)| t));
        let mut texts: Vec<String> = Vec::new();
        for &c in &chars {
            texts.push(c.to_string());
            texts.push(format!("项目{c}名称"));
            texts.push(format!("{c}年度 指标{c}"));
            texts.push(format!("  {c}9５%{c} "));
        }
        texts.extend(["", " ", "\u{3000}\u{a0}", "　项目　"].map(String::from));
        for t in &texts {
            assert_eq!(is_blank(t), t.trim().is_empty(), "{t:?}");
            assert_eq!(trim_fast(t), t.trim(), "{t:?}");
            let folded: String = t.chars().map(fold_width).collect();
            assert_eq!(fold_value(t), folded, "{t:?}");
            let (text, plain) = clean_plain(t);
            // label_key of a plain text is the text itself.
            if plain {
                assert_eq!(label_key(&text), text, "{t:?}");
                assert!(text.chars().all(key_plain), "{t:?}");
            }
            let mut key = String::new();
            for c in t.chars() {
                if c.is_whitespace() || c == '\u{3000}' {
                    continue;
                }
                key.push(key_char(c));
            }
            assert_eq!(label_key(t), key, "{t:?}");
        }
    }

    #[test]
    fn chars_at_most_counts_chars_not_bytes() {
        assert!(chars_at_most("", 0));
        assert!(chars_at_most("项目名称", 4));
        assert!(!chars_at_most("项目名称", 3));
        assert!(chars_at_most("abcd", 4));
        assert!(!chars_at_most("abcde", 4));
        assert!(!chars_at_most(&"项".repeat(31), 30));
        assert!(chars_at_most(&"项".repeat(30), 30));
    }

    #[test]
    fn chrome_and_markup_lines() {
        assert!(is_chrome("<image>data:image/png;base64,AAAA</image>"));
        assert!(is_chrome("〈meta name=“PubDate” content=“2019-12-31”〉"));
        assert!(is_chrome("当前位置:"));
        assert!(!is_chrome("<5%"));
        assert!(!is_chrome("<=60万元"));
        assert!(!is_chrome("项目名称"));
    }

    #[test]
    fn removes_wrap_spaces_in_cjk() {
        assert_eq!(clean("年度总体 绩效目标"), "年度总体绩效目标");
        assert_eq!(
            clean("宁夏回族自治区应急管理厅 2025 年 自治区本级"),
            "宁夏回族自治区应急管理厅2025年自治区本级"
        );
        assert_eq!(clean("  POE   交换机 "), "POE交换机");
        assert_eq!(clean("Wi-Fi  AP   devices"), "Wi-Fi AP devices");
    }

    #[test]
    fn folds_traditional_and_width() {
        assert_eq!(clean("學習"), "学习");
        assert_eq!(clean_value("≧９５％"), "≥95%");
        assert_eq!(clean_value("２０２５／１２／３１"), "2025/12/31");
        assert_eq!(clean_value("﹤5%"), "<5%");
    }

    #[test]
    fn label_keys_ignore_width() {
        assert_eq!(label_key("其中： 本级资金"), label_key("其中:本级资金"));
        assert_eq!(label_key("（2025年）"), "(2025年)");
        assert_eq!(label_key("转移市县（区）资金"), "转移市县(区)资金");
    }
}
