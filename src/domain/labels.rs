//! Label lookups for the layout stage: matching label keys against the
//! domain tables, with the spelling variants real tables print
//! (`资金情况（万元）`, `年度资金总额：`, `成本指标(0-20)分`, `一级 指标`).

use crate::domain::layouts::{
    COLUMN_TITLE_ROW, COLUMN_TITLES, Field, FundsLabel, HEADER_LABELS, LAYOUTS, Layout,
    PERIOD_BLOCKS, Period, Role, SIGN_OFF_PREFIXES,
};
use crate::domain::{
    COST, COST_CHILDREN, LEVEL1, LEVEL2, MAX_CAPTION_CHARS, TABLE_CAPTION_MARKERS,
    TABLE_TITLE_MARKERS, UNIT_LINE_PREFIXES,
};
use crate::normalize::text::{chars_at_most, label_key};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

/// Labels are short; longer cells are never compared as labels.
pub const MAX_LABEL_CHARS: usize = 30;

/// Whether `key` matches `pattern`, where `…` in the pattern stands for any
/// text (`资金情况…`, `中期…目标`).
pub fn matches(pattern: &str, key: &str) -> bool {
    match Wild::new(pattern) {
        None => pattern == key,
        Some(w) => w.matches(key),
    }
}

/// A `…` pattern split once into its pieces (no allocation per match):
/// `first…middle…last`, `middle` itself holding any further `…`.
#[derive(Clone, Copy)]
struct Wild<'a> {
    first: &'a str,
    middle: Option<&'a str>,
    last: &'a str,
}

impl<'a> Wild<'a> {
    fn new(pattern: &'a str) -> Option<Wild<'a>> {
        let (first, tail) = pattern.split_once('…')?;
        let (middle, last) = match tail.rsplit_once('…') {
            Some((m, l)) => (Some(m), l),
            None => (None, tail),
        };
        Some(Wild {
            first,
            middle,
            last,
        })
    }

    fn matches(&self, key: &str) -> bool {
        if key.len() < self.first.len() + self.last.len() {
            return false;
        }
        let Some(mut rest) = key.strip_prefix(self.first) else {
            return false;
        };
        if let Some(middle) = self.middle {
            for m in middle.split('…') {
                match rest.find(m) {
                    Some(i) => rest = &rest[i + m.len()..],
                    None => return false,
                }
            }
        }
        rest.ends_with(self.last)
    }
}

/// The key without a trailing parenthetical (`资金情况(万元)` → `资金情况`,
/// `指标值(或计划水平)` stays findable as itself), and without a trailing
/// colon.
/// Each distinct spelling once (most keys have neither, and are one).
pub fn variants(key: &str) -> impl Iterator<Item = &str> {
    let no_colon = key.strip_suffix(':').unwrap_or(key);
    let no_paren = strip_trailing_paren(no_colon);
    [
        Some(key),
        (no_colon.len() != key.len()).then_some(no_colon),
        (no_paren.len() != no_colon.len()).then_some(no_paren),
    ]
    .into_iter()
    .flatten()
}

fn strip_trailing_paren(key: &str) -> &str {
    if let Some(stripped) = key.strip_suffix(')')
        && let Some(open) = stripped.rfind('(')
        && open > 0
    {
        return &key[..open];
    }
    key
}

/// A score range printed on a level-1 label or a section label:
/// `成本指标(0-20)分`, `产出指标(40-50)分`, `年度绩效目标(90分)`. Returns the
/// label without it, and what was removed.
pub fn strip_score(key: &str) -> Option<(&str, &str)> {
    let body = key.strip_suffix('分').unwrap_or(key);
    let body2 = body.strip_suffix(')')?;
    let open = body2.rfind('(')?;
    let inner = &body2[open + 1..];
    let scorelike = !inner.is_empty()
        && inner
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '~' | '—' | '分' | '.'));
    (scorelike && open > 0).then(|| (&key[..open], &key[open..]))
}

/// A set of characters looked up by one bit test for the Basic
/// Multilingual Plane (every label character), a hash set beyond it.
pub struct CharSet {
    bmp: Box<[u64; 1024]>,
    other: FxHashSet<char>,
}

impl FromIterator<char> for CharSet {
    fn from_iter<I: IntoIterator<Item = char>>(chars: I) -> Self {
        let mut set = CharSet {
            bmp: Box::new([0; 1024]),
            other: FxHashSet::default(),
        };
        for c in chars {
            let cp = c as usize;
            if cp < 0x10000 {
                set.bmp[cp >> 6] |= 1 << (cp & 63);
            } else {
                set.other.insert(c);
            }
        }
        set
    }
}

impl CharSet {
    #[inline]
    pub fn contains(&self, c: char) -> bool {
        let cp = c as usize;
        if cp < 0x10000 {
            self.bmp[cp >> 6] & (1 << (cp & 63)) != 0
        } else {
            self.other.contains(&c)
        }
    }
}

/// A table of patterns split for lookups: exact spellings in a hash map,
/// `…` patterns in a list tried in order after them.
struct Index<T: Copy + 'static> {
    exact: FxHashMap<&'static str, T>,
    wild: Vec<(&'static str, Wild<'static>, T)>,
    /// The first characters of every pattern: most keys (indicator names,
    /// values) start with none of them and are turned away at once. None
    /// when a `…` pattern starts with its wildcard (any key may match).
    firsts: Option<CharSet>,
}

impl<T: Copy + 'static> Index<T> {
    fn new(table: impl IntoIterator<Item = (&'static str, T)>) -> Self {
        let mut exact = FxHashMap::default();
        let mut wild = Vec::new();
        for (p, v) in table {
            if let Some(w) = Wild::new(p) {
                wild.push((p, w, v));
            } else {
                exact.entry(p).or_insert(v);
            }
        }
        let firsts = exact
            .keys()
            .copied()
            .chain(wild.iter().map(|(_, w, _)| w.first))
            .map(|p: &str| p.chars().next())
            .collect::<Option<CharSet>>();
        Index {
            exact,
            wild,
            firsts,
        }
    }

    /// False when no pattern can match the key (by its first character;
    /// the variants of a key share it).
    fn may_match(&self, key: &str) -> bool {
        match (&self.firsts, key.chars().next()) {
            (None, _) => true,
            (Some(f), Some(c)) => f.contains(c),
            (Some(_), None) => self.exact.contains_key(""),
        }
    }

    fn get(&self, key: &str) -> Option<T> {
        if !self.may_match(key) {
            return None;
        }
        self.exact.get(key).copied().or_else(|| {
            self.wild
                .iter()
                .find(|(_, w, _)| w.matches(key))
                .map(|&(_, _, v)| v)
        })
    }
}

static HEADER_INDEX: LazyLock<Index<Field>> =
    LazyLock::new(|| Index::new(HEADER_LABELS.iter().copied()));

/// Per layout (in [`LAYOUTS`] order), its funds labels.
static FUNDS_INDEX: LazyLock<Vec<Index<FundsLabel>>> = LazyLock::new(|| {
    LAYOUTS
        .iter()
        .map(|l| Index::new(l.funds.iter().copied()))
        .collect()
});

static COLUMN_INDEX: LazyLock<Index<Role>> =
    LazyLock::new(|| Index::new(COLUMN_TITLES.iter().copied()));

fn funds_index(layout: &Layout) -> Option<&'static Index<FundsLabel>> {
    // By address first (a layout is one of LAYOUTS), by id otherwise.
    let i = LAYOUTS
        .iter()
        .position(|l| std::ptr::eq(l, layout))
        .or_else(|| LAYOUTS.iter().position(|l| l.id == layout.id))?;
    FUNDS_INDEX.get(i)
}

/// Header field of a label in a table of `layout`: the layout's funds labels
/// first, then the labels every family shares.
pub fn header_field(layout: Option<&Layout>, key: &str) -> Option<Field> {
    if key.is_empty() || !chars_at_most(key, MAX_LABEL_CHARS) {
        return None;
    }
    let funds = layout.and_then(funds_index);
    // A key's variants and its score-stripped form share its first
    // character: a key no table may match is turned away once.
    if !HEADER_INDEX.may_match(key) && !funds.is_some_and(|i| i.may_match(key)) {
        return None;
    }
    for v in variants(key) {
        if let Some(f) = funds.and_then(|i| i.get(v)) {
            return Some(Field::Funds(f));
        }
        if let Some(f) = HEADER_INDEX.get(v) {
            return Some(f);
        }
    }
    let (stripped, _) = strip_score(key)?;
    HEADER_INDEX.get(stripped)
}

/// Most characters a label may have lost at its end (a vertical label whose
/// last character a PDF drew below its cell: 总 体 目 → 总体目标).
pub const MAX_CUT_CHARS: usize = 1;
/// Fewest characters a cut label must keep to be put back.
pub const MIN_CUT_KEEP: usize = 3;

/// A header label cut short at its end: the one shared label spelling that
/// starts with `key` and is at most [`MAX_CUT_CHARS`] longer, with its field.
pub fn cut_header_label(key: &str) -> Option<(&'static str, Field)> {
    let n = key.chars().count();
    if !(MIN_CUT_KEEP..=MAX_LABEL_CHARS).contains(&n) {
        return None;
    }
    let mut found = HEADER_INDEX.exact.iter().filter(|(label, _)| {
        label.starts_with(key)
            && label.chars().count() - n <= MAX_CUT_CHARS
            && label.len() > key.len()
    });
    let (&label, &field) = found.next()?;
    // Ambiguous cuts are left alone.
    found.next().is_none().then_some((label, field))
}

/// The signature patterns of every layout that a key matches (for layout
/// detection: a table is described by the set of patterns its keys hit).
pub fn signature_hits(key: &str, out: &mut FxHashSet<&'static str>) {
    static SIGNATURE: LazyLock<Index<()>> = LazyLock::new(|| {
        Index::new(LAYOUTS.iter().flat_map(|l| {
            l.signature
                .all
                .iter()
                .flat_map(|g| g.iter())
                .chain(l.signature.none.iter())
                .map(|p| (*p, ()))
        }))
    });
    // Labels are short: a goal or a long name is no signature label, and
    // scanning it against every `…` pattern was half the layout stage.
    if key.is_empty() || !chars_at_most(key, MAX_LABEL_CHARS) || !SIGNATURE.may_match(key) {
        return;
    }
    for v in variants(key) {
        if let Some(&p) = SIGNATURE.exact.get_key_value(v).map(|(k, _)| k) {
            out.insert(p);
        }
        for (p, w, _) in &SIGNATURE.wild {
            if w.matches(v) {
                out.insert(p);
            }
        }
    }
}

/// Whether a key is any layout's label (header, funds or column title): used
/// to detect a layout and to list what an unknown table holds.
pub fn is_any_label(key: &str) -> bool {
    column_role(key).is_some()
        || header_field(None, key).is_some()
        || LAYOUTS.iter().any(|l| header_field(Some(l), key).is_some())
}

/// Role of an indicator column title.
pub fn column_role(key: &str) -> Option<Role> {
    variants(key).find_map(|v| COLUMN_INDEX.get(v))
}

/// The column-title row holds 一级指标 somewhere, or a fused-levels title
/// (绩效指标) beside a value title (指标性质, 指标值, 度量单位).
pub fn is_column_title_row(keys: &[&str]) -> bool {
    is_column_title_keys(keys.iter().copied())
}

/// [`is_column_title_row`] over the keys of a row's cells, without
/// collecting them.
pub fn is_column_title_keys<'a>(keys: impl Iterator<Item = &'a str> + Clone) -> bool {
    use crate::domain::layouts::{FUSED_LEVEL_TITLES, FUSED_TITLE_ROW_WITH};
    keys.clone().any(|k| k == COLUMN_TITLE_ROW)
        || (keys.clone().any(|k| FUSED_LEVEL_TITLES.contains(&k))
            && keys.clone().any(|k| FUSED_TITLE_ROW_WITH.contains(&k)))
}

pub fn period_block(key: &str) -> Option<Period> {
    PERIOD_BLOCKS
        .iter()
        .find(|(l, _)| variants(key).any(|v| v == *l))
        .map(|&(_, p)| p)
}

/// A funds label's own unit: `资金情况(万元)` → 万元.
pub fn unit_in_label(key: &str) -> Option<&str> {
    let inner = key.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let u = &inner[open + 1..];
    crate::domain::MONEY_UNITS
        .iter()
        .any(|(m, _)| *m == u)
        .then_some(u)
}

/// Level-1 category (as published in LEVEL1, or with its score range
/// stripped, or a published variant such as 预期产出指标 / 效果指标).
pub fn is_level1(key: &str) -> bool {
    LEVEL1.contains(&key)
}

/// Level-1 parent of a level-2 category, by name (a trailing parenthetical
/// such as `数量指标(或建筑规模指标)` is ignored).
pub fn level2_parent(key: &str) -> Option<&'static str> {
    let k = strip_trailing_paren(key);
    LEVEL2.iter().find(|(l, _)| *l == k).map(|&(_, p)| p)
}

pub fn is_cost(key: &str) -> bool {
    key == COST
}

pub fn is_cost_child(key: &str) -> bool {
    COST_CHILDREN.contains(&key)
}

/// A label that looks like a category even if not in the hierarchy table:
/// short and ending in 指标 (预算(或投资规模)控制指标). Only trusted in a
/// column the column-title row names as a level column.
pub fn looks_like_category(key: &str) -> bool {
    let k = strip_trailing_paren(key);
    // A numbered item (`指标2：各项安全生产控制指标`) is an indicator's name:
    // categories carry no numbers.
    k.ends_with("指标") && k.chars().count() <= 16 && !k.chars().any(|c| c.is_ascii_digit())
}

/// `单位：万元` / `金额单位：元` → the unit (a money unit only: `预算单位：县民宗委`
/// is a budget unit, not an amount unit).
pub fn unit_line(text: &str) -> Option<String> {
    let key = label_key(text);
    UNIT_LINE_PREFIXES
        .iter()
        .find_map(|p| key.find(p).map(|i| &key[i + p.len()..]))
        .filter(|u| crate::domain::MONEY_UNITS.iter().any(|(m, _)| m == u))
        .map(str::to_string)
}

pub fn is_table_title(text: &str) -> bool {
    TABLE_TITLE_MARKERS.iter().any(|m| text.contains(m))
}

/// A table caption line ([`TABLE_CAPTION_MARKERS`]).
pub fn is_table_caption(text: &str) -> bool {
    TABLE_CAPTION_MARKERS.iter().any(|m| text.contains(m))
        && text.chars().count() <= MAX_CAPTION_CHARS
}

/// The unit and project a caption names (`301007_某某分局_某某项目绩效目标表` →
/// (某某分局, 某某项目)), or None for a caption naming a table kind only.
pub fn project_in_caption(caption: &str) -> Option<(Option<String>, String)> {
    use crate::domain::{CAPTION_SEPARATORS, GENERIC_CAPTION_NAMES, PROJECT_CAPTION_SUFFIXES};
    let text = caption.trim();
    let head = PROJECT_CAPTION_SUFFIXES
        .iter()
        .find_map(|s| text.strip_suffix(s))?;
    let mut parts: Vec<&str> = head
        .split(CAPTION_SEPARATORS)
        .map(str::trim)
        .filter(|p| !p.is_empty() && !p.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let name = parts.pop()?;
    // A year or a sequence number before the name (`1.`, `2026年`) names no
    // project (`2026年部门整体支出绩效目标表` is generic); a sequence number is
    // dropped, a year kept as printed (`2026年物业外包服务项目`: the
    // project_key drops years).
    let bare = name.trim_start_matches(|c: char| c.is_ascii_digit() || "．.、年度".contains(c));
    if bare.chars().count() < 2 || GENERIC_CAPTION_NAMES.contains(&label_key(bare).as_str()) {
        return None;
    }
    let digits = name.len() - name.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let name = match name[digits..].chars().next() {
        Some(c) if "．.、".contains(c) => {
            name[digits..].trim_start_matches(|c: char| "．.、".contains(c))
        }
        _ => name,
    };
    Some((parts.pop().map(str::to_string), label_spacing(name)))
}

/// A caption's words with the spaces a PDF drew between CJK and digits
/// removed (`2026 年物业外包服务项目` → `2026年物业外包服务项目`).
fn label_spacing(name: &str) -> String {
    crate::normalize::text::clean(name)
}

pub fn is_sign_off(key: &str) -> bool {
    SIGN_OFF_PREFIXES.iter().any(|p| key.starts_with(p)) || key == "注"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::layouts::Slot;

    #[test]
    fn char_set_holds_exactly_its_characters() {
        let members = ['项', '资', 'a', '(', '\u{FFFF}', '\u{20000}', '\u{10000}'];
        let set: CharSet = members.iter().copied().collect();
        for c in members {
            assert!(set.contains(c), "{c:?}");
        }
        for c in [
            '目',
            'b',
            ')',
            '\u{FFFE}',
            '\u{20001}',
            '\u{0}',
            '\u{10001}',
        ] {
            assert!(!set.contains(c), "{c:?}");
        }
    }

    fn ningxia() -> &'static Layout {
        LAYOUTS.iter().find(|l| l.id == "ningxia_2025").unwrap()
    }

    #[test]
    fn patterns() {
        assert!(matches("资金情况…", "资金情况(万元)"));
        assert!(matches("中期…目标", "中期滚动目标"));
        assert!(matches("本年度申请…", "本年度申请市财政预算资金(万元)"));
        assert!(!matches("中期…目标", "中期"));
        assert!(matches("项目名称", "项目名称"));
        assert!(matches("本年度…申请…资金", "本年度市申请财政资金"));
        assert!(!matches("本年度…申请…资金", "本年度市资金申请"));
        assert!(matches("资金情况…", "资金情况"));
    }

    #[test]
    fn cut_labels() {
        assert_eq!(
            cut_header_label("总体目"),
            Some(("总体目标", Field::OverallGoal))
        );
        assert_eq!(cut_header_label("总体目标"), None);
        assert_eq!(cut_header_label("项目"), None);
    }

    #[test]
    fn label_variants() {
        let l = Some(ningxia());
        assert_eq!(
            header_field(l, &label_key("其中：年度资金总额")),
            Some(Field::Funds(FundsLabel::Slot(Slot::AnnualTotal)))
        );
        assert_eq!(
            header_field(l, &label_key("年度总体 绩效目标")),
            Some(Field::AnnualGoal)
        );
        assert_eq!(
            header_field(l, &label_key("省级资金")),
            Some(Field::Funds(FundsLabel::Slot(Slot::TransferRegional)))
        );
        assert_eq!(
            header_field(None, &label_key("总 体 目 标")),
            Some(Field::OverallGoal)
        );
        assert_eq!(column_role(&label_key("指标值")), Some(Role::Value));
        assert_eq!(column_role(&label_key("一级 指标")), Some(Role::Level1));
        assert_eq!(column_role("计划指标值(或计划水平)"), Some(Role::Value));
        assert_eq!(unit_line("单位：万元").as_deref(), Some("万元"));
        assert_eq!(unit_line("金额单位:元").as_deref(), Some("元"));
        assert_eq!(level2_parent("可持续影响"), Some("效益指标"));
        assert_eq!(level2_parent("数量指标(或建筑规模指标)"), Some("产出指标"));
        assert_eq!(
            strip_score("成本指标(0-20)分"),
            Some(("成本指标", "(0-20)分"))
        );
        assert_eq!(
            strip_score("年度绩效目标(90分)"),
            Some(("年度绩效目标", "(90分)"))
        );
        assert_eq!(unit_in_label("资金情况(万元)"), Some("万元"));
    }
}
