//! End-to-end on the real Ningxia sample.

mod common;

use common::*;
use jixiao::{Record, convert_bytes};

fn records() -> Vec<Record> {
    convert_bytes(&sample_bytes(), "samples/ningxia-yingji-2025.txt")
        .expect("sample converts")
        .records
}

fn by_name<'a>(recs: &'a [Record], name: &str) -> Vec<&'a Record> {
    recs.iter()
        .filter(|r| r.project_name.as_deref() == Some(name))
        .collect()
}

#[test]
fn thirty_tables_give_twenty_five_records() {
    let c = convert_bytes(&sample_bytes(), "s.txt").unwrap();
    assert_eq!(c.records.len(), 25);
    let parts: u32 = c.records.iter().map(|r| r.parts).sum();
    assert_eq!(parts, 30);
    let d = &c.records[0].document;
    assert_eq!(
        d.title.as_deref(),
        Some("宁夏回族自治区应急管理厅2025年自治区本级部门项目支出预算绩效目标")
    );
    assert_eq!(d.publisher.as_deref(), Some("自治区应急管理厅"));
    assert_eq!(d.published.as_deref(), Some("2025-02-21"));
    assert!(c.records.iter().all(|r| r.year == Some(2025)));
    assert!(
        c.records
            .iter()
            .all(|r| r.amount_unit.as_deref() == Some("万元"))
    );
}

#[test]
fn every_row_is_placed_or_warned() {
    let c = convert_bytes(&sample_bytes(), "s.txt").unwrap();
    let t = c.tally;
    // 30 tables; count the non-empty tab rows independently of the parser.
    let tab_rows = sample_text()
        .lines()
        .filter(|l| l.contains('\t') && !l.trim().is_empty())
        .count();
    assert_eq!(t.rows_in, tab_rows);
    assert_eq!(t.rows_in, t.rows_placed + t.rows_warned);
    // Every indicator row became an indicator: rows minus 10 header rows per table.
    let indicators: usize = c.records.iter().map(|r| r.indicators.len()).sum();
    assert_eq!(indicators, tab_rows - 30 * 10);
}

#[test]
fn three_part_table_is_one_record() {
    let recs = records();
    let it = by_name(&recs, "应急管理信息化运维费");
    assert_eq!(it.len(), 1);
    let r = it[0];
    assert_eq!(r.parts, 3);
    assert_eq!(r.funds.project_total.unwrap().0, 606.0);
    // Parts in published order: 15 quantity rows, 14 quality/time rows, 20 cost and other rows.
    let parts: Vec<u32> = r.indicators.iter().map(|i| i.source.part).collect();
    assert!(parts.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(parts.iter().filter(|&&p| p == 1).count(), 15);
    assert_eq!(parts.iter().filter(|&&p| p == 2).count(), 14);
    assert_eq!(parts.iter().filter(|&&p| p == 3).count(), 20);
    assert_eq!(r.indicators[0].name, "无线AP");
    assert_eq!(r.indicators[14].name, "商用密码应用安全性评估");
    assert_eq!(r.indicators[14].level2.as_deref(), Some("数量指标"));
    // Part 3 has 实施单位 shifted right; its header still agrees.
    assert_eq!(
        r.implementing_unit.as_deref(),
        Some("宁夏回族自治区应急管理厅")
    );
}

#[test]
fn same_name_different_header_stays_two_records() {
    let recs = records();
    let teams = by_name(&recs, "自治区应急救援队伍建设专项资金");
    assert_eq!(teams.len(), 2);
    assert_eq!(teams[0].funds.project_total.unwrap().0, 50.0);
    assert_eq!(teams[1].funds.project_total.unwrap().0, 360.0);
    assert_ne!(teams[0].record_id, teams[1].record_id);
    assert_eq!(teams[1].funds.transfer.total.unwrap().0, 360.0);
}

#[test]
fn shifted_rows_are_put_back() {
    let recs = records();
    let r = by_name(&recs, "安全生产监管执法项目")[0];
    let find = |name: &str| {
        r.indicators
            .iter()
            .position(|i| i.name.starts_with(name))
            .unwrap()
    };
    // "| 完成国务院安委会…" sits in the level-2 column, value one column off.
    let i = find("完成国务院安委会考核巡查督查");
    assert_eq!(r.indicators[i].level1.as_deref(), Some("产出指标"));
    assert_eq!(r.indicators[i].level2.as_deref(), Some("质量指标"));
    assert_eq!(r.indicators[i].value.raw, "≥90%");
    // A shifted merged cell is read as it stands: no level_inferred (the
    // PDF of the same table, its cells in place, gives none either).
    assert!(
        recs.iter()
            .flat_map(|r| &r.warnings)
            .all(|w| w.code != "level_inferred")
    );
    // "事故举报奖励经费 | | | ≥20万元": name in column 0, value in column 3.
    let i = find("事故举报奖励经费");
    assert_eq!(r.indicators[i].level2.as_deref(), Some("成本指标"));
    assert_eq!(r.indicators[i].value.yuan.unwrap().0, 200000.0);
    // "| | 质量指标 | 安全隐患复查率 | | 100%": shifted right.
    let i = find("安全隐患复查率");
    assert_eq!(r.indicators[i].level2.as_deref(), Some("质量指标"));
    assert_eq!(r.indicators[i].value.number.unwrap().0, 100.0);

    // 防灾减灾业务费: cost rows continue at column 0.
    let r = by_name(&recs, "防灾减灾业务费")[0];
    let i = r
        .indicators
        .iter()
        .position(|i| i.name.starts_with("10.13系列"))
        .unwrap();
    assert_eq!(r.indicators[i].level1.as_deref(), Some("产出指标"));
    assert_eq!(r.indicators[i].level2.as_deref(), Some("成本指标"));
    assert_eq!(r.indicators[i].value.raw, "≤15万元");

    // 应急管理教育培训项目: value in the 4th column; 时效指标 shifted right.
    let r = by_name(&recs, "应急管理教育培训项目")[0];
    let i = r
        .indicators
        .iter()
        .position(|i| i.name == "各培训项目完成时限")
        .unwrap();
    assert_eq!(r.indicators[i].level2.as_deref(), Some("时效指标"));
    assert_eq!(r.indicators[i].value.date.as_deref(), Some("2025-12-31"));
    let i = r
        .indicators
        .iter()
        .position(|i| i.name == "培训师资费用")
        .unwrap();
    assert_eq!(r.indicators[i].level2.as_deref(), Some("成本指标"));
    assert_eq!(r.indicators[i].value.yuan.unwrap().0, 658500.0);

    // 自治区本级自然灾害救助资金: 时效指标 two columns right, placeholders.
    let r = by_name(&recs, "自治区本级自然灾害救助资金")[0];
    let i = r
        .indicators
        .iter()
        .position(|i| i.name.starts_with("根据指标文件规定时限"))
        .unwrap();
    assert_eq!(r.indicators[i].level2.as_deref(), Some("时效指标"));
    assert_eq!(r.indicators[i].value.raw, "≥95%");
    assert_eq!(r.funds.transfer.regional.unwrap().0, 2000.0);
    assert_eq!(
        r.warnings
            .iter()
            .filter(|w| w.code == "placeholder_value")
            .count(),
        5
    );
}

#[test]
fn ocr_comparator_repaired_and_flagged() {
    let recs = records();
    let r = &recs
        .iter()
        .find(|r| {
            r.project_name
                .as_deref()
                .unwrap()
                .starts_with("应急管理领域")
        })
        .unwrap();
    let i = r
        .indicators
        .iter()
        .position(|i| i.name == "应急能力全面提升规划预付款")
        .unwrap();
    let v = &r.indicators[i].value;
    assert_eq!(v.raw, "≤24万元");
    assert_eq!(v.op, Some("<="));
    assert_eq!(v.yuan.unwrap().0, 240000.0);
    assert!(r.warnings.iter().any(|w| w.code == "ocr_comparator"
        && w.at.as_deref() == Some(format!("indicators[{i}].value").as_str())));
    assert_eq!(
        r.warnings
            .iter()
            .filter(|w| w.code == "ocr_comparator")
            .count(),
        4
    );
}

#[test]
fn encodings_and_line_endings_give_the_same_records() {
    let text = sample_text();
    let utf8 = comparable(&records());
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let mut utf16le = vec![0xFF, 0xFE];
    utf16le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let mut utf16be = vec![0xFE, 0xFF];
    utf16be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
    let crlf = text.replace('\n', "\r\n").into_bytes();
    let cr = text.replace('\n', "\r").into_bytes();
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    for (name, bytes) in [
        ("gbk", gbk.into_owned()),
        ("utf16le", utf16le),
        ("utf16be", utf16be),
        ("crlf", crlf),
        ("cr", cr),
        ("bom", bom),
    ] {
        let c = convert_bytes(&bytes, name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(c.notes.is_empty(), "{name}: {:?}", c.notes);
        assert_eq!(comparable(&c.records), utf8, "{name}");
    }
}

#[test]
fn markdown_tables_give_the_same_records() {
    let md: String = sample_text()
        .lines()
        .map(|l| {
            if l.contains('\t') {
                format!("| {} |\n", l.split('\t').collect::<Vec<_>>().join(" | "))
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let c = convert_bytes(md.as_bytes(), "md").unwrap();
    assert_eq!(comparable(&c.records), comparable(&records()));
}

#[test]
fn record_ids_are_stable_and_unique() {
    let a = records();
    let b = convert_bytes(&sample_bytes(), "elsewhere/copy.txt")
        .unwrap()
        .records;
    let ids: Vec<&str> = a.iter().map(|r| r.record_id.as_str()).collect();
    let ids_b: Vec<&str> = b.iter().map(|r| r.record_id.as_str()).collect();
    assert_eq!(ids, ids_b);
    let mut uniq = ids.clone();
    uniq.sort();
    uniq.dedup();
    assert_eq!(uniq.len(), ids.len());
}

/// The sample re-dated to 2026 (every 2025 written as 2026: the title, the
/// year lines, project names such as 2025年…, dates): each project links to
/// its 2025 record by `project_key`, while `record_id`s differ.
#[test]
fn project_key_links_the_sample_across_years() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/ningxia-yingji-2025.txt"
    ))
    .unwrap();
    let y2025 = jixiao::convert_bytes(text.as_bytes(), "2025.txt")
        .unwrap()
        .records;
    let redated = text.replace("2025", "2026");
    let y2026 = jixiao::convert_bytes(redated.as_bytes(), "2026.txt")
        .unwrap()
        .records;
    assert_eq!(y2025.len(), y2026.len());
    let mut renamed = 0;
    for (a, b) in y2025.iter().zip(&y2026) {
        assert_eq!(a.year, Some(2025));
        assert_eq!(b.year, Some(2026));
        assert_eq!(a.project_key, b.project_key, "{:?}", a.project_name);
        assert_ne!(a.record_id, b.record_id);
        if a.project_name != b.project_name {
            renamed += 1;
        }
    }
    // Some names carry the year (2025年…): they still link.
    assert!(renamed > 0);
    // Keys tell projects apart, except the two that share a name (and a
    // department): 自治区应急救援队伍建设专项资金 50 and 360.
    let mut keys: Vec<&str> = y2025.iter().map(|r| r.project_key.as_str()).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), y2025.len() - 1);
}
