//! Unit tests of the layout stage on small built tables.
use super::*;
use crate::diag::Code;
use crate::domain::layouts::Slot;
use crate::layout::read as parts;
use crate::table::text::blocks;

fn parse_tsv(rows: &[&str]) -> Parsed {
    let lines: Vec<String> = rows.iter().map(|s| s.to_string()).collect();
    parts(&blocks(&lines))
}

const HEADER: &[&str] = &[
    "项目名称\t\t测试项目\t\t\t",
    "主管部门\t\t某厅\t实施单位\t某厅\t",
    "项目属性\t\t02-经常性项目\t项目期\t1年\t",
    "项目总额\t\t10\t其中:年度资金总额\t10\t",
    "其中：本级资金\t资金总额\t4\t其中：转移市县（区）资金\t资金总额\t6",
    "\t其中：财政拨款\t4\t\t其中：中央资金\t1",
    "\t其他资金\t0\t\t省级资金\t5",
    "\t结余结转资金\t0\t\t\t",
    "年度总体 绩效目标\t完成任务。\t\t\t\t",
];

fn table(indicators: &[&str]) -> Parsed {
    let mut rows: Vec<&str> = HEADER.to_vec();
    rows.push("一级指标\t二级指标\t三级指标\t\t指标值\t");
    rows.extend_from_slice(indicators);
    parse_tsv(&rows)
}

fn levels(p: &Parsed) -> Vec<(String, String, String)> {
    p.parts[0]
        .indicators
        .iter()
        .map(|i| {
            (
                i.level1.clone().unwrap_or_default(),
                i.level2.clone().unwrap_or_default(),
                i.name.clone(),
            )
        })
        .collect()
}

#[test]
fn header_labels_pair_with_values_wherever_they_stand() {
    let p = table(&["产出指标\t数量指标\t甲\t\t1项\t"]);
    let h = &p.parts[0].header;
    assert_eq!(h.project_name.as_deref(), Some("测试项目"));
    assert_eq!(h.competent_department.as_deref(), Some("某厅"));
    assert_eq!(h.project_period.as_deref(), Some("1年"));
    assert_eq!(h.annual_goal.as_deref(), Some("完成任务。"));
    let f = &h.funds;
    assert_eq!(
        (f.get(Slot::ProjectTotal), f.get(Slot::AnnualTotal)),
        (Some(10.0), Some(10.0))
    );
    assert_eq!(
        (
            f.get(Slot::OwnTotal),
            f.get(Slot::OwnFiscal),
            f.get(Slot::OwnOther)
        ),
        (Some(4.0), Some(4.0), Some(0.0))
    );
    // 资金总额 is read in the block it sits in; 省级资金 is the regional share.
    assert_eq!(f.get(Slot::TransferTotal), Some(6.0));
    assert_eq!(
        (f.get(Slot::TransferCentral), f.get(Slot::TransferRegional)),
        (Some(1.0), Some(5.0))
    );
    assert_eq!(p.tally.rows_in, p.tally.rows_placed + p.tally.rows_warned);
}

#[test]
fn rows_classified_by_content_and_levels_inherited() {
    let p = table(&[
        "产出指标\t数量指标\t甲\t\t1项\t",
        "\t\t乙\t\t2项\t",
        "\t质量指标\t丙\t\t100%\t",
        // Shifted left: name in the level-2 column.
        "\t丁\t\t\t≥90%\t",
        // Shifted right: level 2 in the name column.
        "\t\t时效指标\t\t戊\t2025年12月底",
        // Older template: 成本指标 in column 0 is level 2 under 产出指标.
        "成本指标\t己\t\t≤2万元\t\t",
        "庚\t\t≤3万元\t\t\t",
        "效益指标\t社会效益\t辛\t\t持续提升\t",
        "可持续影响\t壬\t\t长期\t\t",
        "满意度指标\t服务对象满意度\t癸\t\t≥95%\t",
    ]);
    let l = levels(&p);
    let want = [
        ("产出指标", "数量指标", "甲"),
        ("产出指标", "数量指标", "乙"),
        ("产出指标", "质量指标", "丙"),
        ("产出指标", "质量指标", "丁"),
        ("产出指标", "时效指标", "戊"),
        ("产出指标", "成本指标", "己"),
        ("产出指标", "成本指标", "庚"),
        ("效益指标", "社会效益", "辛"),
        ("效益指标", "可持续影响", "壬"),
        ("满意度指标", "服务对象满意度", "癸"),
    ];
    for (got, want) in l.iter().zip(want) {
        assert_eq!((got.0.as_str(), got.1.as_str(), got.2.as_str()), want);
    }
    let values: Vec<&str> = p.parts[0]
        .indicators
        .iter()
        .map(|i| i.value.raw.as_str())
        .collect();
    assert_eq!(values[3], "≥90%");
    assert_eq!(values[4], "2025年12月底");
    assert_eq!(values[6], "≤3万元");
    // Shifted cells are the normal reading of merged cells: no warning.
    assert!(
        p.parts[0]
            .indicators
            .iter()
            .all(|i| i.warnings.iter().all(|w| w.code != Code::LevelInferred))
    );
    assert_eq!(p.tally.rows_in, 20);
    assert_eq!(p.tally.rows_placed, 20);
}

#[test]
fn cost_is_level_one_in_the_2021_template() {
    let p = table(&[
        "产出指标\t数量指标\t甲\t\t1项\t",
        "成本指标\t经济成本指标\t乙\t\t≤5万元\t",
        "\t社会成本指标\t丙\t\t无\t",
        "效益指标\t社会效益指标\t丁\t\t提升\t",
    ]);
    let l = levels(&p);
    assert_eq!(
        (l[1].0.as_str(), l[1].1.as_str()),
        ("成本指标", "经济成本指标")
    );
    assert_eq!(
        (l[2].0.as_str(), l[2].1.as_str()),
        ("成本指标", "社会成本指标")
    );
    assert_eq!(l[3].0, "效益指标");
}

#[test]
fn row_with_only_a_name_or_only_labels_is_flagged_not_lost() {
    let p = table(&["产出指标\t数量指标\t甲\t\t\t", "效益指标\t经济效益\t\t\t\t"]);
    let part = &p.parts[0];
    assert_eq!(part.indicators.len(), 1);
    assert_eq!(
        part.indicators[0].warnings[0].code.as_str(),
        "missing_value"
    );
    assert!(
        part.warnings
            .iter()
            .any(|w| w.code.as_str() == "empty_indicator_row")
    );
    assert_eq!(p.tally.rows_warned, 1);
    assert_eq!(p.tally.rows_in, p.tally.rows_placed + p.tally.rows_warned);
}

/// Cells of a PDF-like grid row (real columns, a page number).
fn pdf_rows(rows: &[(u32, &[(u32, &str)])]) -> Vec<Block> {
    let mut lines: Vec<String> = HEADER.iter().map(|s| s.to_string()).collect();
    lines.push("一级指标\t二级指标\t三级指标\t\t指标值\t".into());
    let mut b = blocks(&lines);
    let crate::model::Block::Table(g) = &mut b[0] else {
        panic!()
    };
    for o in &mut g.row_origin {
        o.page = Some(1);
    }
    for (page, cells) in rows {
        let row = g.rows;
        for &(col, text) in cells.iter() {
            g.cells.push(crate::model::Cell {
                row,
                col,
                rowspan: 1,
                colspan: 1,
                text: text.into(),
                page: Some(*page),
                bbox: None,
                ocr_confidence: None,
            });
        }
        g.rows += 1;
        g.row_origin.push(crate::model::RowOrigin {
            page: Some(*page),
            line: None,
        });
    }
    b
}

#[test]
fn a_label_cut_by_a_page_break_is_put_back() {
    let b = pdf_rows(&[
        (
            1,
            &[(0, "效益指标"), (1, "社会效益"), (2, "甲"), (4, "提升")],
        ),
        (
            1,
            &[(0, "满意"), (1, "服务对象满意度"), (2, "乙"), (4, "≥90%")],
        ),
        (2, &[(0, "度指标"), (2, "丙"), (4, "≥95%")]),
    ]);
    let p = parts(&b);
    let l = levels(&p);
    assert_eq!(
        l[1],
        ("满意度指标".into(), "服务对象满意度".into(), "乙".into())
    );
    assert_eq!(
        l[2],
        ("满意度指标".into(), "服务对象满意度".into(), "丙".into())
    );
    let w: Vec<_> = p.parts[0]
        .warnings
        .iter()
        .filter(|w| w.code.as_str() == "label_repaired")
        .collect();
    assert_eq!(w.len(), 2, "{w:?}");
    assert_eq!(p.tally.rows_in, p.tally.rows_placed + p.tally.rows_warned);
}

#[test]
fn a_project_name_table_without_target_fields_is_no_record() {
    let p = parse_tsv(&["项目名称\t金额", "办公楼维修\t12.5", "设备购置\t3"]);
    assert!(p.parts.is_empty());
    assert_eq!(p.notes[0].code.as_str(), "not_target_table");
    assert_eq!(p.tally.rows_warned, 3);
}

#[test]
fn another_table_after_a_title_is_not_a_continuation() {
    let mut rows: Vec<&str> = HEADER.to_vec();
    rows.push("一级指标\t二级指标\t三级指标\t指标值");
    rows.push("产出指标\t数量指标\t甲\t1项");
    rows.push("表5 三公经费预算表");
    rows.push("项目\t金额");
    rows.push("公务接待费\t2");
    let p = parse_tsv(&rows);
    assert_eq!(p.parts.len(), 1);
    assert_eq!(p.parts[0].indicators.len(), 1);
    // One note for the other table (not one per row), naming its caption
    // and how many rows it held; both rows are counted as not read.
    assert_eq!(p.notes.len(), 1, "{:?}", p.notes);
    assert_eq!(p.notes[0].code.as_str(), "row_outside_project");
    assert!(
        p.notes[0].message.contains("三公经费预算表"),
        "{}",
        p.notes[0].message
    );
    assert!(
        p.notes[0].message.contains("2 row(s)"),
        "{}",
        p.notes[0].message
    );
    assert_eq!(p.tally.rows_in, p.tally.rows_placed + p.tally.rows_warned);
}

#[test]
fn a_section_label_column_before_the_levels_is_not_part_of_the_indicator() {
    // 烟台: 绩效指标 repeated on every indicator row, left of 一级指标, and a
    // title row whose first cell is empty.
    let rows = [
        "项目名称	某某运行维护资金",
        "主管部门及代码	340_某某局	实施单位	某某局",
        "项目资金（万元）	年度预算资金总额：	60.00",
        "	其中：财政拨款	60.00",
        "总体目标	保障运行",
        "	一级指标	二级指标	三级指标	指标值",
        "绩效指标	成本指标	经济成本	总成本控制	≤60万元",
        "绩效指标	产出指标	数量指标	运维项目总数	≥12个",
    ];
    let p = parse_tsv(&rows);
    assert_eq!(p.parts.len(), 1);
    let part = &p.parts[0];
    assert_eq!(part.header.competent_department.as_deref(), Some("某某局"));
    assert_eq!(
        part.header.competent_department_code.as_deref(),
        Some("340")
    );
    let names: Vec<(&str, &str, &str)> = part
        .indicators
        .iter()
        .map(|i| {
            (
                i.level1.as_deref().unwrap_or(""),
                i.level2.as_deref().unwrap_or(""),
                i.name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("成本指标", "经济成本", "总成本控制"),
            ("产出指标", "数量指标", "运维项目总数")
        ]
    );
}

#[test]
fn a_caption_names_the_project_of_a_table_without_a_name_row() {
    use crate::layout::labels::project_in_caption;
    assert_eq!(
        project_in_caption("301007_某某分局_机场综合修缮改造项目绩效目标表"),
        Some((
            Some("某某分局".to_string()),
            "机场综合修缮改造项目".to_string()
        ))
    );
    assert_eq!(project_in_caption("政策和项目预算绩效目标表"), None);
    assert_eq!(project_in_caption("收支总体情况表"), None);
}

#[test]
fn a_level_two_under_another_level_one_is_flagged() {
    let p = table(&[
        "产出指标\t数量指标\t甲\t\t1项\t",
        // No 效益指标 cell printed for this group.
        "\t社会效益\t乙\t\t提升\t",
    ]);
    let l = levels(&p);
    assert_eq!((l[1].0.as_str(), l[1].1.as_str()), ("效益指标", "社会效益"));
    let w = &p.parts[0].indicators[1].warnings;
    assert_eq!(w[0].code, Code::LevelInferred, "{w:?}");
    assert!(p.parts[0].indicators[0].warnings.is_empty());
}

#[test]
fn a_table_of_no_known_layout_is_a_note_that_lists_its_labels() {
    let p = parse_tsv(&[
        "项目名称\t测试项目",
        "主管部门\t某厅",
        "一级指标\t二级指标\t三级指标\t指标值",
        "产出指标\t数量指标\t甲\t1项",
    ]);
    assert!(p.parts.is_empty());
    let n = &p.notes[0];
    assert_eq!(n.code, Code::UnknownLayout);
    for label in ["项目名称", "主管部门", "一级指标", "指标值"] {
        assert!(n.message.contains(label), "{}", n.message);
    }
    assert_eq!(p.tally.rows_in, 4);
    assert_eq!(p.tally.rows_warned, 4);
}

#[test]
fn each_family_is_detected_by_its_labels() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["项目名称", "项目总额", "本级资金", "一级指标"],
            "ningxia_2025",
        ),
        (
            &["项目名称", "资金情况(万元)", "年度资金总额:", "一级指标"],
            "mof_shenbao",
        ),
        (
            &["项目名称", "中期滚动目标(2019年--2021年)", "年度目标"],
            "mid_annual_side_by_side",
        ),
        (
            &["项目名称", "长期绩效指标", "年度绩效指标"],
            "mid_annual_side_by_side",
        ),
        (
            &["单位名称", "项目名称", "预算数", "一级指标", "指标性质"],
            "flat_export",
        ),
        (
            &["项目名称", "项目总预算", "当年年度预算", "分值"],
            "approval_form",
        ),
        (
            &["部门(单位)名称", "年度预算安排(万元)", "年度履职目标"],
            "department_overall",
        ),
    ];
    for (keys, id) in cases {
        assert_eq!(
            crate::layout::detect(keys).map(|l| l.id),
            Some(*id),
            "{keys:?}"
        );
    }
    assert!(crate::layout::detect(&["项目名称", "一级指标"]).is_none());
}

/// A period block given as a line of its own (a one-cell merged row a grid
/// reader wrote as text) sets the period of the rows after it, and leaves
/// no mark on a grid cell it is not.
#[test]
fn a_period_line_sets_the_period_and_marks_nothing() {
    let mut rows: Vec<&str> = HEADER.to_vec();
    rows.push("一级指标\t二级指标\t三级指标\t\t指标值\t");
    rows.push("产出指标\t数量指标\t培训人数\t\t≥200人\t");
    rows.push("年度绩效指标");
    rows.push("产出指标\t数量指标\t培训场次\t\t≥4场\t");
    let p = parse_tsv(&rows);
    let periods: Vec<&str> = p.parts[0]
        .indicators
        .iter()
        .map(|i| i.period.as_str())
        .collect();
    assert_eq!(periods.last(), Some(&"annual"), "{periods:?}");
    // Each cell is marked once (the line used to mark the first cell of
    // the grid before it a second time), and every mark is a grid cell.
    let mut seen = std::collections::HashSet::new();
    for m in &p.marks {
        assert!(seen.insert((m.table, m.row, m.col)), "{m:?} marked twice");
    }
    let lines: Vec<String> = rows.iter().map(|s| s.to_string()).collect();
    let grids: Vec<crate::model::Grid> = blocks(&lines)
        .into_iter()
        .filter_map(|b| match b {
            Block::Table(g) => Some(g),
            _ => None,
        })
        .collect();
    for m in &p.marks {
        let g = &grids[m.table];
        assert!(
            g.cells.iter().any(|c| c.row == m.row && c.col == m.col),
            "mark {m:?} points at no cell"
        );
    }
}

/// The same built table read from text and as if read by OCR (every cell
/// with a confidence).
fn text_and_ocr(rows: &[&str]) -> (Parsed, Parsed) {
    let lines: Vec<String> = rows.iter().map(|s| s.to_string()).collect();
    let text = parts(&blocks(&lines));
    let mut b = blocks(&lines);
    for block in &mut b {
        if let crate::model::Block::Table(g) = block {
            for c in &mut g.cells {
                c.ocr_confidence = Some(0.99);
            }
        }
    }
    (text, parts(&b))
}

#[test]
fn ocr_confusions_are_repaired_in_ocr_cells_only_with_a_warning() {
    let mut rows: Vec<&str> = HEADER[..8].to_vec();
    rows.push("年度总体 绩效目标\t按照《通知》（应急[2021）83号）要求，对二级企业(民营）给予奖励。\t\t\t\t");
    rows.push("一级指标\t二级指标\t三级指标\t\t指标值\t");
    rows.push("产出指标\t数量指标\t5.12全国防灾减灾日宣传费\t\t≥50篇（次)\t");
    rows.push("\t\t5.12系列活动集中宣传\t\t《24万元\t");
    let (text, ocr) = text_and_ocr(&rows);

    // Read by OCR: repaired, each repair a warning where the text landed.
    let part = &ocr.parts[0];
    assert_eq!(
        part.header.annual_goal.as_deref(),
        Some("按照《通知》（应急〔2021〕83号）要求，对二级企业（民营）给予奖励。")
    );
    let header: Vec<(&str, &str, &str)> = part
        .warnings
        .iter()
        .map(|w| {
            (
                w.code.as_str(),
                w.at.as_deref().unwrap_or(""),
                w.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        header,
        vec![
            ("ocr_repaired", "annual_goal", "[2021） read as 〔2021〕"),
            ("ocr_repaired", "annual_goal", "(民营） read as （民营）"),
        ]
    );
    let ind = &part.indicators;
    assert_eq!(ind[0].name, "5·12全国防灾减灾日宣传费");
    assert_eq!(ind[0].value.raw, "≥50篇（次）");
    assert_eq!(
        ind[0].value.unit.as_ref().map(crate::domain::Unit::as_str),
        Some("篇（次）")
    );
    let w0: Vec<(&str, &str, &str)> = ind[0]
        .warnings
        .iter()
        .map(|w| {
            (
                w.code.as_str(),
                w.at.as_deref().unwrap_or(""),
                w.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        w0,
        vec![
            ("ocr_repaired", "name", "5.12 read as 5·12"),
            ("ocr_repaired", "value", "（次) read as （次）"),
        ]
    );
    // 5.12 with no named day after it is as printed; 《 is the comparator
    // repair every input gets.
    assert_eq!(ind[1].name, "5.12系列活动集中宣传");
    assert_eq!(ind[1].value.raw, "≤24万元");
    let codes: Vec<&str> = ind[1].warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, vec!["ocr_comparator"]);

    // The same cells with a text layer read as printed, without a warning.
    let part = &text.parts[0];
    assert_eq!(
        part.header.annual_goal.as_deref(),
        Some("按照《通知》（应急[2021）83号）要求，对二级企业(民营）给予奖励。")
    );
    assert!(part.warnings.is_empty(), "{:?}", part.warnings);
    assert_eq!(part.indicators[0].name, "5.12全国防灾减灾日宣传费");
    assert_eq!(part.indicators[0].value.raw, "≥50篇（次)");
    assert!(part.indicators[0].warnings.is_empty());
}

/// A grid of one page's table: rows of (column, text) cells, one by one.
fn page_grid(page: u32, cols: u32, rows: &[&[(u32, &str)]]) -> Block {
    let mut g = crate::model::Grid {
        cols,
        ..Default::default()
    };
    for cells in rows {
        let row = g.rows;
        for &(col, text) in cells.iter() {
            g.cells.push(crate::model::Cell {
                row,
                col,
                rowspan: 1,
                colspan: 1,
                text: text.into(),
                page: Some(page),
                bbox: None,
                ocr_confidence: None,
            });
        }
        g.rows += 1;
        g.row_origin.push(crate::model::RowOrigin {
            page: Some(page),
            line: None,
        });
    }
    Block::Table(g)
}

#[test]
fn a_header_value_cut_by_a_page_break_is_joined_back() {
    // Page 1 holds only the 项目名称 row, its name cut; page 2 goes on with
    // the rest of the name alone in the value's column.
    let b = vec![
        page_grid(1, 2, &[&[(0, "项目名称"), (1, "医疗服务能力提升补助资")]]),
        page_grid(
            2,
            5,
            &[
                &[(1, "金")],
                &[(0, "主管部门"), (1, "某局"), (3, "实施单位"), (4, "某局")],
                &[(0, "专项资金情况（万元）"), (1, "资金总额"), (3, "745.00")],
                &[(1, "财政拨款"), (3, "745.00")],
                &[(0, "年度目标"), (1, "完成任务。")],
                &[
                    (0, "绩效目标指标"),
                    (1, "一级指标"),
                    (2, "二级指标"),
                    (3, "三级指标"),
                    (4, "指标值"),
                ],
                &[
                    (1, "产出指标"),
                    (2, "数量指标"),
                    (3, "开展宣传活动次数"),
                    (4, "≥18次"),
                ],
            ],
        ),
    ];
    let p = parts(&b);
    assert_eq!(p.parts.len(), 1, "{:?}", p.notes);
    let part = &p.parts[0];
    assert_eq!(
        part.header.project_name.as_deref(),
        Some("医疗服务能力提升补助资金")
    );
    assert_eq!(part.header.funds.get(Slot::AnnualTotal), Some(745.0));
    assert_eq!(part.indicators.len(), 1);
    assert!(part.warnings.iter().any(|w| w.code == Code::LabelRepaired));
    assert_eq!(p.tally.rows_in, p.tally.rows_placed + p.tally.rows_warned);
}

#[test]
fn a_goal_split_over_rows_and_pages_stays_one_goal() {
    // 年度总体目标 over two grid rows, the rest on the next page above the
    // indicators: one goal, one record.
    let b = vec![
        page_grid(
            1,
            4,
            &[
                &[(0, "部门（单位）名称"), (2, "某局")],
                &[(0, "年度总体目标"), (1, "目标1：甲。")],
                &[(1, "目标2：乙。")],
            ],
        ),
        page_grid(
            2,
            4,
            &[
                &[(1, "目标3：丙。")],
                &[
                    (0, "一级指标"),
                    (1, "二级指标"),
                    (2, "指标内容"),
                    (3, "指标值"),
                ],
                &[
                    (0, "产出指标"),
                    (1, "数量指标"),
                    (2, "检查次数"),
                    (3, "≥20次"),
                ],
            ],
        ),
    ];
    let p = parts(&b);
    assert_eq!(p.parts.len(), 1, "{:?}", p.notes);
    let h = &p.parts[0].header;
    assert_eq!(
        h.annual_goal.as_deref(),
        Some("目标1：甲。目标2：乙。目标3：丙。")
    );
    assert_eq!(p.parts[0].indicators.len(), 1);
    assert!(
        !p.parts[0]
            .warnings
            .iter()
            .any(|w| w.code == Code::UnplacedCell)
    );
}

#[test]
fn a_numbered_indicator_ending_in_zhibiao_is_no_category() {
    // `指标2：各项安全生产控制指标` ends in 指标 but is numbered: a name.
    let p = table(&[
        "产出指标\t数量指标\t指标1：检查次数\t\t≥20次\t",
        // In the level-2 column (a grid narrower than the titles' puts
        // names there): still a name, under the level 2 above.
        "\t指标2：各项安全生产控制指标\t\t\t低于全省平均水平\t",
    ]);
    let l = levels(&p);
    assert_eq!(l.len(), 2, "{l:?}");
    assert_ne!(l[1].1, "指标2：各项安全生产控制指标", "{l:?}");
    assert!(l[1].2.contains("各项安全生产控制指标"), "{l:?}");
}

/// A serialized item whose value holds ；itself (广州:
/// `实施周期指标值:一级事件≤1小时；二级事件≤2小时；年度指标值:…`): the value
/// runs to the next value label, the name stays the name.
#[test]
fn a_serialized_value_may_hold_semicolons() {
    let p = parse_tsv(&[
        "项目名称（资金使用单位）\t总计\t财政拨款\t绩效目标\t绩效指标",
        "运维项目\t10.00\t10.00\t保障运行。\t1、1-产出指标；12-质量指标；平均故障恢复时间；实施周期指标值:一级事件≤1小时；二级事件≤2小时；年度指标值:一级事件≤1小时；二级事件≤4小时。2、1-产出指标；11-数量指标；巡检次数；实施周期指标值:≥12次；年度指标值:≥12次。",
    ]);
    let inds = &p.parts[0].indicators;
    let got: Vec<(&str, &str)> = inds
        .iter()
        .map(|i| (i.name.as_str(), i.value.raw.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("平均故障恢复时间", "一级事件≤1小时；二级事件≤2小时"),
            ("平均故障恢复时间", "一级事件≤1小时；二级事件≤4小时"),
            ("巡检次数", "≥12次"),
            ("巡检次数", "≥12次"),
        ]
    );
}

/// A comparator and a unit printed in each other's columns (长沙 prints `≥`
/// under 度量单位 and `%` under 指标值类型 on some rows) are read back in
/// place and flagged; the rows printed right are read as before.
#[test]
fn a_comparator_and_unit_in_each_others_columns_are_put_back() {
    let mut rows: Vec<&str> = HEADER.to_vec();
    rows.push("一级指标\t二级指标\t三级指标\t指标值\t度量单位\t指标值类型");
    rows.push("产出指标\t数量指标\t招录完成率\t90\t≥\t%");
    rows.push("产出指标\t质量指标\t培训合格率\t80\t%\t≥");
    let p = parse_tsv(&rows);
    let ind = &p.parts[0].indicators;
    assert_eq!(ind.len(), 2);
    for (i, want) in [(0, "≥90%"), (1, "≥80%")] {
        assert_eq!(ind[i].value.raw, want);
        assert_eq!(ind[i].value.unit.as_ref().map(|u| u.as_str()), Some("%"));
    }
    let swapped: Vec<_> = ind
        .iter()
        .flat_map(|i| &i.warnings)
        .filter(|w| w.code == Code::CellsSwapped)
        .collect();
    assert_eq!(swapped.len(), 1, "{ind:?}");
    assert!(ind[1].warnings.is_empty(), "{:?}", ind[1].warnings);
    assert!(
        swapped[0].message.starts_with("row "),
        "{}",
        swapped[0].message
    );
}

/// A 度量单位 cell that names no unit (`其他`, `无`, `/`) is not joined to
/// the value: `定性 | 优 | 其他` reads `优`, a number keeps no unit; a real
/// unit is still joined.
#[test]
fn a_unit_cell_naming_no_unit_is_not_joined_to_the_value() {
    let mut rows: Vec<&str> = HEADER.to_vec();
    rows.push("一级指标\t二级指标\t三级指标\t指标值\t度量单位");
    rows.push("效益指标\t社会效益指标\t保障部门稳定运行\t优\t其他");
    rows.push("产出指标\t数量指标\t培训人数\t12\t/");
    rows.push("产出指标\t数量指标\t受理件数\t30\t无");
    rows.push("产出指标\t数量指标\t接访人次\t40\t人次");
    let p = parse_tsv(&rows);
    let ind = &p.parts[0].indicators;
    let raw: Vec<&str> = ind.iter().map(|i| i.value.raw.as_str()).collect();
    assert_eq!(raw, ["优", "12", "30", "40人次"]);
    assert!(ind[1].value.unit.is_none() && ind[2].value.unit.is_none());
}

/// A caption line printed on `page`.
fn caption_line(page: u32, text: &str) -> Block {
    Block::Line(crate::model::Line {
        text: text.into(),
        page: Some(page),
        line: None,
    })
}

/// 烟台 prints its table caption at the head of every page: a table run
/// on to the next page under the same caption, from indicator rows on,
/// goes on with the project (its rows were a "not a target table" note);
/// under another caption it is another table.
fn captioned_pages(second_caption: &str) -> Parsed {
    let indicator = |level1, level2, name, value| -> Vec<(u32, &str)> {
        vec![
            (0, "绩效指标"),
            (1, level1),
            (2, level2),
            (3, name),
            (4, value),
        ]
    };
    let first = [
        vec![(0, "项目名称"), (1, "房地产发展研究")],
        vec![(0, "年度目标"), (1, "完成任务。")],
        vec![
            (0, "绩效指标"),
            (1, "一级指标"),
            (2, "二级指标"),
            (3, "三级指标"),
            (4, "指标值"),
        ],
        indicator("产出指标", "数量指标", "推介会", "≥2次"),
        indicator("效益指标", "社会效益指标", "规范市场秩序", "作用显著"),
    ];
    let second = [
        indicator("效益指标", "社会效益指标", "规范经纪机构行为", "作用显著"),
        indicator("满意度指标", "服务对象满意度指标", "参与人员满意度", "≥90%"),
    ];
    let first: Vec<&[(u32, &str)]> = first.iter().map(Vec::as_slice).collect();
    let second: Vec<&[(u32, &str)]> = second.iter().map(Vec::as_slice).collect();
    parts(&[
        caption_line(1, "政策和项目预算绩效目标表"),
        page_grid(1, 5, &first),
        caption_line(2, second_caption),
        page_grid(2, 5, &second),
    ])
}

#[test]
fn a_table_under_its_caption_repeated_on_the_next_page_goes_on() {
    let p = captioned_pages("政策和项目预算绩效目标表");
    assert_eq!(p.parts.len(), 1, "{:?}", p.notes);
    let names: Vec<&str> = p.parts[0]
        .indicators
        .iter()
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "推介会",
            "规范市场秩序",
            "规范经纪机构行为",
            "参与人员满意度"
        ]
    );
    assert!(
        p.notes.iter().all(|n| n.code != Code::RowOutsideProject),
        "{:?}",
        p.notes
    );
    assert_eq!(p.tally.rows_in, p.tally.rows_placed + p.tally.rows_warned);

    let other = captioned_pages("部门整体支出绩效目标表");
    assert_eq!(other.parts.len(), 1);
    assert_eq!(other.parts[0].indicators.len(), 2);
    assert_eq!(
        other.tally.rows_in,
        other.tally.rows_placed + other.tally.rows_warned
    );
}

fn title_of(lines: &[&str]) -> Option<String> {
    let mut rows: Vec<&str> = lines.to_vec();
    rows.extend_from_slice(HEADER);
    rows.push("一级指标\t二级指标\t三级指标\t\t指标值\t");
    rows.push("产出指标\t数量指标\t甲\t\t1项\t");
    parse_tsv(&rows).context.title
}

/// A cover heading printed over several lines is one title, joined until it
/// names the document's kind; a table title listed under 目录 does not
/// replace it; an attachment mark gives way to the line after it.
#[test]
fn a_heading_over_several_lines_is_one_title() {
    assert_eq!(
        title_of(&[
            "长沙市公安局",
            "2025 年部门预算公开",
            "目 录",
            "9、项目支出绩效目标表"
        ])
        .as_deref(),
        Some("长沙市公安局2025年部门预算公开")
    );
    assert_eq!(
        title_of(&["2026 年度", "福州市公安局治安管理", "支队", "单位预算"]).as_deref(),
        Some("2026年度福州市公安局治安管理支队单位预算")
    );
    assert_eq!(
        title_of(&["附件2", "2019年部门综合预算公开报表"]).as_deref(),
        Some("2019年部门综合预算公开报表")
    );
    // A whole heading takes no line after it; nor does one cut off by
    // another kind of line.
    assert_eq!(
        title_of(&["某某厅关于下达资金的通知", "某财发[2020]1号"]).as_deref(),
        Some("某某厅关于下达资金的通知")
    );
    // Without 目录 a table title after a heading that says nothing of
    // performance targets is the title (a web page's breadcrumb first).
    assert_eq!(
        title_of(&["首页 > 政务公开", "项目支出绩效目标表"]).as_deref(),
        Some("项目支出绩效目标表")
    );
}

/// An empty level-2 cell at the foot of a page whose label neither page
/// prints (长沙 p.52-53, a blank merged cell): its rows get no level 2 (merge
/// flags them), not the label of the cell above.
#[test]
fn a_blank_level2_cell_at_a_page_foot_gives_no_label() {
    let b = vec![
        page_grid(
            1,
            4,
            &[
                &[(0, "项目名称"), (1, "某项目")],
                &[(0, "年度目标"), (1, "完成任务。")],
                &[
                    (0, "一级指标"),
                    (1, "二级指标"),
                    (2, "三级指标"),
                    (3, "指标值"),
                ],
                &[(0, "效益指标"), (1, "经济效益指标"), (2, "甲"), (3, "1项")],
                &[(0, ""), (1, ""), (2, "乙"), (3, "2项")],
            ],
        ),
        page_grid(2, 4, &[&[(0, ""), (1, ""), (2, "丙"), (3, "3项")]]),
    ];
    let p = parts(&b);
    assert_eq!(p.parts.len(), 1, "{:?}", p.notes);
    let l2: Vec<(&str, Option<&str>)> = p.parts[0]
        .indicators
        .iter()
        .map(|i| (i.name.as_str(), i.level2.as_deref()))
        .collect();
    assert_eq!(
        l2,
        [("甲", Some("经济效益指标")), ("乙", None), ("丙", None)]
    );
}
