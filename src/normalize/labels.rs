//! Lookups into the domain tables by label key.

use crate::domain::{
    COST, COST_CHILDREN, HEADER_LABELS, HeaderField, INDICATOR_COLUMN_LABELS, LEVEL1, LEVEL2,
    MAX_CAPTION_CHARS, TABLE_CAPTION_MARKERS, TABLE_TITLE_MARKERS, UNIT_LINE_PREFIXES,
};
use crate::normalize::text::label_key;
use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

static HEADER_INDEX: LazyLock<HashMap<&'static str, HeaderField>> =
    LazyLock::new(|| HEADER_LABELS.iter().copied().collect());

static LEVEL2_INDEX: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| LEVEL2.iter().copied().collect());

/// Header field of a label, by its key ([`label_key`]).
pub fn header_field(key: &str) -> Option<HeaderField> {
    HEADER_INDEX.get(key).copied()
}

pub fn is_level1(key: &str) -> bool {
    LEVEL1.contains(&key)
}

/// Level-1 parent of a level-2 category.
pub fn level2_parent(key: &str) -> Option<&'static str> {
    LEVEL2_INDEX.get(key).copied()
}

pub fn is_cost(key: &str) -> bool {
    key == COST
}

pub fn is_cost_child(key: &str) -> bool {
    COST_CHILDREN.contains(&key)
}

/// Which column title (by key) of the indicator header row this is:
/// 0 level 1, 1 level 2, 2 name, 3 value.
pub fn indicator_column(key: &str) -> Option<usize> {
    let i = INDICATOR_COLUMN_LABELS.iter().position(|l| *l == key)?;
    Some(i.min(3))
}

/// `单位：万元` → `万元`.
pub fn unit_line(text: &str) -> Option<String> {
    let key = label_key(text);
    UNIT_LINE_PREFIXES
        .iter()
        .find_map(|p| key.strip_prefix(p))
        .filter(|u| !u.is_empty() && u.chars().count() <= 4)
        .map(str::to_string)
}

/// A table caption line ([`TABLE_CAPTION_MARKERS`]).
pub fn is_table_caption(text: &str) -> bool {
    TABLE_CAPTION_MARKERS.iter().any(|m| text.contains(m))
        && text.chars().count() <= MAX_CAPTION_CHARS
}

pub fn is_table_title(text: &str) -> bool {
    TABLE_TITLE_MARKERS.iter().any(|m| text.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_variants() {
        assert_eq!(
            header_field(&label_key("其中：年度资金总额")),
            Some(HeaderField::AnnualTotal)
        );
        assert_eq!(
            header_field(&label_key("其中:年度资金总额")),
            Some(HeaderField::AnnualTotal)
        );
        assert_eq!(
            header_field(&label_key("年度总体 绩效目标")),
            Some(HeaderField::AnnualGoal)
        );
        assert_eq!(
            header_field(&label_key("省级资金")),
            Some(HeaderField::TransferRegional)
        );
        assert_eq!(
            header_field(&label_key("市级资金")),
            Some(HeaderField::TransferRegional)
        );
        assert_eq!(
            header_field(&label_key("其中： 转移市县（区）资金")),
            Some(HeaderField::TransferBlock)
        );
        assert_eq!(indicator_column(&label_key("指标值")), Some(3));
        assert_eq!(indicator_column(&label_key("年度指标值")), Some(3));
        assert_eq!(unit_line("单位：万元").as_deref(), Some("万元"));
        assert_eq!(level2_parent("可持续影响"), Some("效益指标"));
    }
}
