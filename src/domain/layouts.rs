//! The layout families of published performance-target tables, as data.
//!
//! A [`Layout`] says how to recognise a family (the labels its tables
//! hold), which funds labels fill which slot, which sums must hold, the
//! indicator columns to assume when a table part prints no column header,
//! and how its indicator groups map to periods. The layout stage
//! (`crate::layout`) reads these values; it has no code path of its own for
//! any family. Adding a family is a new entry in [`LAYOUTS`] plus a fixture.
//!
//! Labels are written as label keys ([`crate::normalize::text::label_key`]:
//! no whitespace, ASCII punctuation), so `资金情况（万元）` is `资金情况(万元)`.
//! A label ending in `…` matches any key that starts with the part before
//! it; a label holding `…` in the middle matches by start and end
//! (`本年度申请…资金`).

/// What a record is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Project,
    Department,
}

impl RecordKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Project => "project",
            RecordKind::Department => "department",
        }
    }
}

/// A header field of a target table (funds aside: see [`Slot`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    ProjectName,
    UnitName,
    CompetentDepartment,
    ImplementingUnit,
    ProjectAttribute,
    ProjectPeriod,
    ProjectLeader,
    AnnualGoal,
    MidTermGoal,
    /// 总体目标: heads a goal block; alone (no 年度/中期 beside it) it is the
    /// mid-term goal when an annual goal is also printed, else the annual one.
    OverallGoal,
    /// An amount slot, or the head of a funds block.
    Funds(FundsLabel),
    /// 年度履职目标: heads the duties sub-table of a department table.
    Duties,
    /// A label the record has no key for (联系电话, 项目概况…): read and set
    /// aside deliberately, its value is not a stray cell.
    Ignored,
}

impl Field {
    /// A field whose value is text that a grid may split over rows or a page
    /// break may cut, so that the pieces join back (names, units, goals; not
    /// amounts, and not the period, whose two labels join as start至end).
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Field::ProjectName
                | Field::UnitName
                | Field::CompetentDepartment
                | Field::ImplementingUnit
                | Field::ProjectAttribute
                | Field::ProjectLeader
                | Field::AnnualGoal
                | Field::MidTermGoal
                | Field::OverallGoal
        )
    }
}

/// Where an amount goes in `funds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    ProjectTotal,
    AnnualTotal,
    AnnualFiscal,
    AnnualOther,
    OwnTotal,
    OwnFiscal,
    OwnOther,
    OwnCarryover,
    TransferTotal,
    TransferCentral,
    TransferRegional,
    BasicExpenditure,
    ProjectExpenditure,
}

/// A block of funds labels (本级资金, 转移市县资金, 年度预算安排…): the
/// `资金总额` inside it is the block's total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Block {
    Own,
    Transfer,
    /// 资金情况 / 项目资金: the project's money as a whole.
    Project,
    /// 年度预算安排 (department tables).
    AnnualBudget,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FundsLabel {
    /// The label names its slot.
    Slot(Slot),
    /// The label opens a block; the value beside it (if any) is the block's total.
    Block(Block),
    /// `资金总额`: the total of the block it sits in.
    BlockTotal,
}

/// What an indicator column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Level1,
    Level2,
    Name,
    Value,
    /// 指标性质: ≥, ≤, =, 定性 in a cell of its own.
    Op,
    /// 度量单位 in a cell of its own.
    Unit,
    /// 权重, 分值.
    Weight,
    /// 指标方向性.
    Direction,
    /// 指标解释, 备注.
    Explanation,
    /// A column the record has no key for (年度总体目标完成情况); a
    /// non-empty cell in it is flagged, not dropped silently.
    Ignored,
    /// Level 1, level 2 and name in one cell (北京 预算13表's 绩效指标
    /// column: 产出指标质量指标来信扫描完成率), parted by the hierarchy.
    Fused,
}

/// Titles of a column holding level 1, level 2 and name in one cell, in a
/// column-title row without 一级指标 ([`Role::Fused`]).
pub const FUSED_LEVEL_TITLES: &[&str] = &["绩效指标"];
/// A fused-levels title makes a column-title row only beside one of these.
pub const FUSED_TITLE_ROW_WITH: &[&str] = &["指标性质", "指标值", "度量单位"];

/// Period of an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Annual,
    MidTerm,
}

impl Period {
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Annual => "annual",
            Period::MidTerm => "mid_term",
        }
    }
}

/// Relation a funds sum must satisfy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rel {
    /// total = the sum of the parts.
    Eq,
    /// total ≥ the sum of the parts.
    Ge,
}

/// A sum that must hold between funds slots (checked when all are present).
#[derive(Debug, Clone, Copy)]
pub struct Sum {
    pub total: Slot,
    pub rel: Rel,
    pub parts: &'static [Slot],
    /// Parts added when the table prints them (上年结转 beside 财政拨款 and
    /// 其他资金); the sum is checked with or without them.
    pub optional: &'static [Slot],
    /// Where the warning points (a record path).
    pub at: &'static str,
}

/// How a family is recognised from the label keys of one table part.
#[derive(Debug, Clone, Copy)]
pub struct Signature {
    /// Every group must have one of its labels present.
    pub all: &'static [&'static [&'static str]],
    /// None of these may be present.
    pub none: &'static [&'static str],
}

/// One layout family.
#[derive(Debug)]
pub struct Layout {
    /// The id written into records' `layout`.
    pub id: &'static str,
    pub kind: RecordKind,
    pub signature: Signature,
    /// Funds labels of this family (on top of nothing: funds spellings are
    /// family-specific because the same word fills different slots).
    pub funds: &'static [(&'static str, FundsLabel)],
    /// The slot a block's 资金总额 (or the value beside the block label) fills.
    pub block_totals: &'static [(Block, Slot)],
    pub sums: &'static [Sum],
    /// Indicator columns assumed before a column-title row is seen.
    pub default_columns: &'static [Role],
    /// Period of each indicator group, left to right (side-by-side tables
    /// have two groups in one row).
    pub group_periods: &'static [Period],
    /// One table holds many projects, each starting on the row that prints
    /// its project cells (flat system exports).
    pub flat: bool,
    /// Funds printed in side-by-side columns, each opened by a label and
    /// holding its own labels (上海: 项目资金总额 | 其中：财政资金 | 其他资金 beside
    /// 年度资金申请总额 | 其中：当年财政拨款 | 上年结转资金 | 其他资金): a label
    /// under an opener fills the opener's slot for it, not the family's.
    pub column_funds: &'static [ColumnFunds],
    /// Every indicator of a project serialized in one cell of a flat table
    /// (广州: `1、1-产出指标；11-数量指标；名称；实施周期指标值:≥1套；年度指标值:≥1套。`).
    pub serialized: Option<&'static Serialized>,
}

/// How a serialized indicator cell is read ([`Layout::serialized`]).
#[derive(Debug)]
pub struct Serialized {
    /// The column title of the cell (绩效指标).
    pub column: &'static str,
    /// Separators of an item's parts: level 1, level 2, name, then values.
    pub parts: &'static [char],
    /// Labels before a value and the period the value is for.
    pub values: &'static [(&'static str, Period)],
}

/// One side-by-side funds column ([`Layout::column_funds`]).
#[derive(Debug)]
pub struct ColumnFunds {
    /// The label heading the column (it fills its slot from `funds`).
    pub opener: &'static str,
    /// Labels under it and the slot each fills; None for a known label the
    /// record has no key for (the project-period 财政资金 and 其他资金).
    pub labels: &'static [(&'static str, Option<Slot>)],
}

use FundsLabel::{Block as B, BlockTotal, Slot as S};
use Role::*;

const TREE_VALUE: &[Role] = &[Level1, Level2, Name, Value];

/// 项目总额 ≥ 年度资金总额, in every family that prints both.
const PROJECT_COVERS_ANNUAL: Sum = Sum {
    total: Slot::ProjectTotal,
    rel: Rel::Ge,
    parts: &[Slot::AnnualTotal],
    optional: &[],
    at: "funds.project_total",
};

/// 年度资金总额 = 财政拨款 + 其他资金, in families without a 本级/转移 split.
const ANNUAL_IS_FISCAL_PLUS_OTHER: Sum = Sum {
    total: Slot::AnnualTotal,
    rel: Rel::Eq,
    parts: &[Slot::AnnualFiscal, Slot::AnnualOther],
    optional: &[Slot::OwnCarryover],
    at: "funds.annual_total",
};

/// The known families, most specific first: the first whose signature the
/// table satisfies is the one it is read with.
pub const LAYOUTS: &[Layout] = &[
    // 广州: one flat table of a department's projects, 项目名称（资金使用单位） |
    // 总计 | 财政拨款 | 财政专户拨款 | 其他资金 | 绩效目标 | 绩效指标, every
    // indicator of a project serialized in its 绩效指标 cell.
    Layout {
        id: "serialized_flat",
        kind: RecordKind::Project,
        signature: Signature {
            all: &[&["项目名称(资金使用单位)"], &["绩效指标"]],
            none: &["一级指标"],
        },
        funds: &[
            ("总计", S(Slot::AnnualTotal)),
            ("财政拨款", S(Slot::AnnualFiscal)),
            ("其他资金", S(Slot::AnnualOther)),
        ],
        block_totals: &[],
        sums: &[],
        default_columns: &[Level1, Level2, Name, Value],
        group_periods: &[Period::Annual],
        flat: true,
        column_funds: &[],
        serialized: Some(&Serialized {
            column: "绩效指标",
            parts: &['；', ';'],
            values: &[
                ("实施周期指标值", Period::MidTerm),
                ("年度指标值", Period::Annual),
            ],
        }),
    },
    // 长沙: a spreadsheet print, one row of project cells (单位编码 | 单位（项目）
    // 名称 | 资金总额 | 绩效目标) merged down its indicator rows, under a
    // two-row header whose second row holds the indicator columns (value,
    // its content, the scoring rule, unit, comparator, remark).
    Layout {
        id: "unit_project_flat",
        kind: RecordKind::Project,
        signature: Signature {
            all: &[&["单位(项目)名称"], &["一级指标"]],
            none: &[],
        },
        funds: &[("资金总额", S(Slot::AnnualTotal))],
        block_totals: &[],
        sums: &[],
        default_columns: &[
            Level1,
            Level2,
            Name,
            Value,
            Explanation,
            Explanation,
            Unit,
            Op,
            Explanation,
        ],
        group_periods: &[Period::Annual],
        flat: true,
        column_funds: &[],
        serialized: None,
    },
    // 长沙 部门整体: the same spreadsheet print for a department, under a
    // three-row header: 单位编码 | 单位名称 | 年度预算申请 (资金总额; 按收入性质分:
    // 一般公共预算 | 政府性基金拨款 | 财政专户管理资金 | 其他资金; 按支出性质分:
    // 基本支出 | 项目支出) | 整体绩效目标 | the indicator columns, the values of
    // the department cells merged down the indicator rows.
    Layout {
        id: "department_flat",
        kind: RecordKind::Department,
        signature: Signature {
            all: &[&["单位名称"], &["一级指标"], &["年度预算申请"]],
            none: &["项目名称", "单位(项目)名称"],
        },
        funds: &[
            ("年度预算申请", B(Block::AnnualBudget)),
            ("资金总额", BlockTotal),
            ("一般公共预算", S(Slot::AnnualFiscal)),
            ("其他资金", S(Slot::AnnualOther)),
            ("基本支出", S(Slot::BasicExpenditure)),
            ("项目支出", S(Slot::ProjectExpenditure)),
        ],
        block_totals: &[(Block::AnnualBudget, Slot::AnnualTotal)],
        sums: &[Sum {
            total: Slot::AnnualTotal,
            rel: Rel::Eq,
            parts: &[Slot::BasicExpenditure, Slot::ProjectExpenditure],
            optional: &[],
            at: "funds.annual_total",
        }],
        default_columns: &[
            Level1,
            Level2,
            Name,
            Op,
            Value,
            Unit,
            Explanation,
            Explanation,
            Explanation,
        ],
        group_periods: &[Period::Annual],
        flat: true,
        column_funds: &[],
        serialized: None,
    },
    Layout {
        id: "flat_export",
        kind: RecordKind::Project,
        signature: Signature {
            all: &[
                &["项目名称"],
                &["一级指标"],
                &[
                    "指标性质",
                    "预算数",
                    "单位名称",
                    "度量单位",
                    "绩效指标性质",
                    "绩效度量单位",
                ],
            ],
            none: &[],
        },
        funds: &[
            ("预算数", S(Slot::AnnualTotal)),
            ("预算数(元)", S(Slot::AnnualTotal)),
            // 北京 预算表12: 项目总额 | 其中：财政资金 | 其他资金 (a two-row header).
            ("项目总额", S(Slot::ProjectTotal)),
            ("财政资金", S(Slot::AnnualFiscal)),
            ("其他资金", S(Slot::AnnualOther)),
        ],
        block_totals: &[],
        sums: &[],
        default_columns: &[Level1, Level2, Name, Op, Value, Unit, Weight, Direction],
        group_periods: &[Period::Annual],
        flat: true,
        column_funds: &[],
        serialized: None,
    },
    Layout {
        id: "department_overall",
        kind: RecordKind::Department,
        signature: Signature {
            all: &[&[
                "部门(单位)名称",
                "部门名称",
                "单位名称",
                "年度履职目标",
                "年度预算安排…",
            ]],
            none: &["项目名称"],
        },
        funds: &[
            ("年度预算安排…", B(Block::AnnualBudget)),
            ("资金总额", BlockTotal),
            ("项目支出", S(Slot::ProjectExpenditure)),
            ("基本支出", S(Slot::BasicExpenditure)),
            // 北京 预算13表: 总体资金情况 → 预算支出总额 | 财政拨款 (合计 | 基本支出
            // | 项目支出) | 其他资金 (合计 | 基本支出 | 项目支出).
            ("总体资金情况…", B(Block::AnnualBudget)),
            ("预算支出总额", S(Slot::AnnualTotal)),
            ("财政拨款", S(Slot::AnnualFiscal)),
            ("其他资金", S(Slot::AnnualOther)),
        ],
        block_totals: &[(Block::AnnualBudget, Slot::AnnualTotal)],
        sums: &[Sum {
            total: Slot::AnnualTotal,
            rel: Rel::Eq,
            parts: &[Slot::BasicExpenditure, Slot::ProjectExpenditure],
            optional: &[],
            at: "funds.annual_total",
        }],
        default_columns: &[Level1, Level2, Name, Explanation, Value],
        group_periods: &[Period::Annual],
        flat: false,
        column_funds: &[
            ColumnFunds {
                opener: "财政拨款",
                labels: &[
                    ("合计", Some(Slot::AnnualFiscal)),
                    ("基本支出", Some(Slot::BasicExpenditure)),
                    ("项目支出", Some(Slot::ProjectExpenditure)),
                ],
            },
            ColumnFunds {
                opener: "其他资金",
                labels: &[
                    ("合计", Some(Slot::AnnualOther)),
                    ("基本支出", None),
                    ("项目支出", None),
                ],
            },
        ],
        serialized: None,
    },
    Layout {
        id: "mid_annual_side_by_side",
        kind: RecordKind::Project,
        signature: Signature {
            all: &[
                &["项目名称"],
                &[
                    "长期绩效指标",
                    "中期绩效指标",
                    "中期…目标",
                    "长期目标",
                    "实施周期目标",
                    "中期…预算",
                ],
            ],
            none: &[],
        },
        funds: &[
            ("中期…预算…", S(Slot::ProjectTotal)),
            ("本年度申请…", S(Slot::AnnualTotal)),
            ("年度资金总额", S(Slot::AnnualTotal)),
            ("年度资金总额:", S(Slot::AnnualTotal)),
            ("资金总额", S(Slot::ProjectTotal)),
            ("资金情况…", B(Block::Project)),
            ("资金总额及构成…", B(Block::Project)),
            ("其中:财政拨款", S(Slot::AnnualFiscal)),
            ("财政拨款", S(Slot::AnnualFiscal)),
            ("其他资金", S(Slot::AnnualOther)),
            ("其他", S(Slot::AnnualOther)),
        ],
        block_totals: &[(Block::Project, Slot::ProjectTotal)],
        sums: &[PROJECT_COVERS_ANNUAL],
        default_columns: &[Level1, Level2, Name, Value, Level2, Name, Value],
        group_periods: &[Period::MidTerm, Period::Annual],
        flat: false,
        column_funds: &[],
        serialized: None,
    },
    Layout {
        id: "approval_form",
        kind: RecordKind::Project,
        signature: Signature {
            all: &[
                &["项目名称"],
                &[
                    "项目总预算",
                    "当年年度预算",
                    "分值",
                    "项目分类",
                    "业务主管部门",
                ],
            ],
            // 年度资金总额 / 上年结转 beside a 分值 column are the 申报表's
            // funds (国家信访局), not an approval form's.
            none: &[
                "本级资金",
                "其中:本级资金",
                "年度资金总额",
                "年度资金总额:",
                "上年结转",
            ],
        },
        funds: &[
            ("项目总预算", S(Slot::ProjectTotal)),
            ("当年年度预算", S(Slot::AnnualTotal)),
            ("其中:财政资金", S(Slot::AnnualFiscal)),
            ("财政资金", S(Slot::AnnualFiscal)),
            ("其中:其它资金", S(Slot::AnnualOther)),
            ("其中:其他资金", S(Slot::AnnualOther)),
            ("其它资金", S(Slot::AnnualOther)),
            ("其他资金", S(Slot::AnnualOther)),
        ],
        block_totals: &[],
        sums: &[PROJECT_COVERS_ANNUAL, ANNUAL_IS_FISCAL_PLUS_OTHER],
        default_columns: &[Level1, Level2, Name, Value, Weight, Explanation],
        group_periods: &[Period::Annual],
        flat: false,
        column_funds: &[],
        serialized: None,
    },
    Layout {
        id: "ningxia_2025",
        kind: RecordKind::Project,
        signature: Signature {
            all: &[&["项目名称"], &["项目总额", "本级资金", "其中:本级资金"]],
            none: &[],
        },
        funds: &[
            ("项目总额", S(Slot::ProjectTotal)),
            ("项目资金总额", S(Slot::ProjectTotal)),
            ("其中:年度资金总额", S(Slot::AnnualTotal)),
            ("年度资金总额", S(Slot::AnnualTotal)),
            ("其中:本级资金", B(Block::Own)),
            ("本级资金", B(Block::Own)),
            ("其中:转移市县(区)资金", B(Block::Transfer)),
            ("转移市县(区)资金", B(Block::Transfer)),
            ("其中:转移市县资金", B(Block::Transfer)),
            ("转移市县资金", B(Block::Transfer)),
            ("资金总额", BlockTotal),
            ("其中:财政拨款", S(Slot::OwnFiscal)),
            ("财政拨款", S(Slot::OwnFiscal)),
            ("其他资金", S(Slot::OwnOther)),
            ("结余结转资金", S(Slot::OwnCarryover)),
            ("结转结余资金", S(Slot::OwnCarryover)),
            ("其中:中央资金", S(Slot::TransferCentral)),
            ("中央资金", S(Slot::TransferCentral)),
            ("自治区资金", S(Slot::TransferRegional)),
            ("省级资金", S(Slot::TransferRegional)),
            ("市级资金", S(Slot::TransferRegional)),
        ],
        block_totals: &[
            (Block::Own, Slot::OwnTotal),
            (Block::Transfer, Slot::TransferTotal),
        ],
        sums: &[
            Sum {
                total: Slot::OwnTotal,
                rel: Rel::Eq,
                parts: &[Slot::OwnFiscal, Slot::OwnOther, Slot::OwnCarryover],
                optional: &[],
                at: "funds.own_level",
            },
            Sum {
                total: Slot::TransferTotal,
                rel: Rel::Eq,
                parts: &[Slot::TransferCentral, Slot::TransferRegional],
                optional: &[],
                at: "funds.transfer",
            },
            PROJECT_COVERS_ANNUAL,
            Sum {
                total: Slot::AnnualTotal,
                rel: Rel::Eq,
                parts: &[Slot::OwnTotal, Slot::TransferTotal],
                optional: &[],
                at: "funds.annual_total",
            },
        ],
        default_columns: TREE_VALUE,
        group_periods: &[Period::Annual],
        flat: false,
        column_funds: &[],
        serialized: None,
    },
    // 上海 财政项目支出绩效目标填报表: 项目名称 | 项目性质 | 项目类别 on one row;
    // funds in 元 in two side-by-side columns (项目资金总额 / 其中：财政资金 /
    // 其他资金 and 年度资金申请总额 / 其中：当年财政拨款 / 上年结转资金 / 其他资金);
    // 项目总目标 | 年度总体目标 side by side; values such as ≥13459.00(平方米).
    Layout {
        id: "fiscal_fill_form",
        kind: RecordKind::Project,
        signature: Signature {
            all: &[&["年度资金申请总额"], &["项目资金总额"]],
            none: &[],
        },
        funds: &[
            ("项目资金…", B(Block::Project)),
            ("项目资金总额", S(Slot::ProjectTotal)),
            ("年度资金申请总额", S(Slot::AnnualTotal)),
        ],
        block_totals: &[(Block::Project, Slot::ProjectTotal)],
        sums: &[PROJECT_COVERS_ANNUAL, ANNUAL_IS_FISCAL_PLUS_OTHER],
        default_columns: &[Level1, Level2, Name, Value],
        group_periods: &[Period::Annual],
        flat: false,
        column_funds: &[
            ColumnFunds {
                opener: "项目资金总额",
                labels: &[
                    ("其中:财政资金", None),
                    ("财政资金", None),
                    ("其他资金", None),
                ],
            },
            ColumnFunds {
                opener: "年度资金申请总额",
                labels: &[
                    ("其中:当年财政拨款", Some(Slot::AnnualFiscal)),
                    ("当年财政拨款", Some(Slot::AnnualFiscal)),
                    ("上年结转资金", Some(Slot::OwnCarryover)),
                    ("其他资金", Some(Slot::AnnualOther)),
                ],
            },
        ],
        serialized: None,
    },
    Layout {
        id: "mof_shenbao",
        kind: RecordKind::Project,
        signature: Signature {
            all: &[
                &["项目名称", "专项(项目)名称", "专项资金名称"],
                &[
                    "资金情况…",
                    "年度资金总额",
                    "年度预算资金",
                    "年度资金总额:",
                    "年度目标",
                    "总体目标",
                    "年度总体目标",
                    "年度绩效目标",
                    "项目负责人及电话",
                    "专项资金情况…",
                    "年度预算资金总额",
                ],
            ],
            none: &[],
        },
        funds: &[
            ("资金情况…", B(Block::Project)),
            ("项目资金…", B(Block::Project)),
            ("资金总额", BlockTotal),
            ("年度资金总额", S(Slot::AnnualTotal)),
            ("年度资金总额:", S(Slot::AnnualTotal)),
            ("其中:年度资金总额", S(Slot::AnnualTotal)),
            ("当年资金总额", S(Slot::AnnualTotal)),
            ("年度预算资金总额", S(Slot::AnnualTotal)),
            // 年度预算资金（万元） (烟台 专项资金绩效目标表).
            ("年度预算资金", S(Slot::AnnualTotal)),
            ("上年结转", S(Slot::OwnCarryover)),
            ("上年结转资金", S(Slot::OwnCarryover)),
            ("其中:上年结转", S(Slot::OwnCarryover)),
            // 专项资金情况 → 资金总额 / 财政拨款 / 其他资金 (福州, 泉州): one
            // year's money, so its total is the annual total.
            ("专项资金情况…", B(Block::AnnualBudget)),
            ("资金金额…", B(Block::Project)),
            ("实施期资金总额", S(Slot::ProjectTotal)),
            ("其中:财政拨款", S(Slot::AnnualFiscal)),
            ("财政拨款", S(Slot::AnnualFiscal)),
            ("当年财政拨款", S(Slot::AnnualFiscal)),
            ("其中:财政资金", S(Slot::AnnualFiscal)),
            ("其他资金", S(Slot::AnnualOther)),
            ("当年其他资金", S(Slot::AnnualOther)),
            ("其中:其它资金", S(Slot::AnnualOther)),
            ("其中:其他资金", S(Slot::AnnualOther)),
        ],
        block_totals: &[
            (Block::Project, Slot::ProjectTotal),
            (Block::AnnualBudget, Slot::AnnualTotal),
        ],
        sums: &[PROJECT_COVERS_ANNUAL, ANNUAL_IS_FISCAL_PLUS_OTHER],
        default_columns: &[Level1, Level2, Name, Value, Explanation],
        group_periods: &[Period::Annual],
        flat: false,
        column_funds: &[],
        serialized: None,
    },
];

/// Header labels every family shares (funds aside). Matched on label keys;
/// a trailing parenthetical (`(万元)`, `(盖章)`) is also tried without.
pub const HEADER_LABELS: &[(&str, Field)] = &[
    ("项目名称", Field::ProjectName),
    ("项目名称(全称)", Field::ProjectName),
    ("单位(项目)名称", Field::ProjectName),
    ("专项(项目)名称", Field::ProjectName),
    ("专项资金名称", Field::ProjectName),
    ("单位编码", Field::Ignored),
    ("绩效目标", Field::AnnualGoal),
    ("单位名称", Field::UnitName),
    ("部门(单位)名称", Field::UnitName),
    ("部门名称", Field::UnitName),
    ("预算单位", Field::UnitName),
    ("预算单位:", Field::UnitName),
    ("填报单位", Field::UnitName),
    ("填报单位:", Field::UnitName),
    ("主管部门", Field::CompetentDepartment),
    ("主管单位", Field::CompetentDepartment),
    ("主管部门及编码", Field::CompetentDepartment),
    ("主管部门及代码", Field::CompetentDepartment),
    ("主管部门及单位代码", Field::CompetentDepartment),
    ("业务主管部门", Field::CompetentDepartment),
    ("项目主管部门", Field::CompetentDepartment),
    ("实施单位", Field::ImplementingUnit),
    ("项目执行单位", Field::ImplementingUnit),
    ("项目实施单位", Field::ImplementingUnit),
    ("项目单位", Field::ImplementingUnit),
    ("项目属性", Field::ProjectAttribute),
    ("项目分类", Field::ProjectAttribute),
    ("项目类别", Field::ProjectAttribute),
    ("项目类型", Field::ProjectAttribute),
    ("项目期", Field::ProjectPeriod),
    ("项目周期", Field::ProjectPeriod),
    ("项目起止时间", Field::ProjectPeriod),
    ("建设周期", Field::ProjectPeriod),
    ("实施周期", Field::ProjectPeriod),
    ("实施期限", Field::ProjectPeriod),
    ("计划开始日期", Field::ProjectPeriod),
    ("计划完成日期", Field::ProjectPeriod),
    // 经常性项目 / 阶段性项目 (上海): the record has no key for it.
    ("项目性质", Field::Ignored),
    ("项目负责人", Field::ProjectLeader),
    ("项目负责人及电话", Field::ProjectLeader),
    ("项目负责人及联系电话", Field::ProjectLeader),
    ("年度总体绩效目标", Field::AnnualGoal),
    ("年度绩效目标", Field::AnnualGoal),
    ("年度目标", Field::AnnualGoal),
    ("年度总体目标", Field::AnnualGoal),
    ("年度主要目标和成果", Field::AnnualGoal),
    ("中期目标", Field::MidTermGoal),
    ("长期目标", Field::MidTermGoal),
    ("中期滚动目标", Field::MidTermGoal),
    ("中期…目标", Field::MidTermGoal),
    ("实施周期目标", Field::MidTermGoal),
    ("总体目标", Field::OverallGoal),
    ("项目绩效目标", Field::OverallGoal),
    ("年度履职目标", Field::Duties),
    ("年度主要任务", Field::Duties),
    ("联系电话", Field::Ignored),
    ("主管部门编码", Field::Ignored),
    ("部门预算编码", Field::Ignored),
    ("项目审批", Field::Ignored),
    ("项目总体概况", Field::Ignored),
    ("项目概况", Field::Ignored),
    ("财政资金预算分类", Field::Ignored),
    ("财政资金科目代码", Field::Ignored),
    ("年度预算执行率", Field::Ignored),
    ("项目资金预算执行", Field::Ignored),
    ("绩效指标", Field::Ignored),
    ("绩效目标指标", Field::Ignored),
    ("备注", Field::Ignored),
    ("执行率分值", Field::Ignored),
    // Headings over the funds columns and the indicator block (长沙 部门整体).
    ("按收入性质分", Field::Ignored),
    ("按支出性质分", Field::Ignored),
    ("部门整体支出年度绩效目标", Field::Ignored),
    ("整体绩效目标", Field::AnnualGoal),
    ("项目实施期目标", Field::MidTermGoal),
    ("项目总目标", Field::MidTermGoal),
    ("实施期目标", Field::MidTermGoal),
    // 总体目标 | 实施期总目标 | 年度总目标 (西安 专项资金总体绩效目标表).
    ("实施期总目标", Field::MidTermGoal),
    ("年度总目标", Field::AnnualGoal),
    // The first character of a vertical section label (总/体/目/标 in four
    // rows) that a web copy kept in a cell of its own.
    ("总", Field::Ignored),
    ("绩", Field::Ignored),
    ("年度绩效指标", Field::Ignored),
];

/// Column titles of the indicator section. The column-title row is the
/// row holding 一级指标 (anywhere in it).
pub const COLUMN_TITLES: &[(&str, Role)] = &[
    ("一级指标", Role::Level1),
    ("二级指标", Role::Level2),
    ("三级指标", Role::Name),
    ("指标内容", Role::Name),
    ("绩效标准", Role::Name),
    ("指标名称", Role::Name),
    ("绩效值", Role::Value),
    ("指标值", Role::Value),
    ("年度指标值", Role::Value),
    ("目标值", Role::Value),
    ("当年预期实现值", Role::Value),
    ("计划指标值", Role::Value),
    ("指标值(或计划水平)", Role::Value),
    ("计划指标值(或计划水平)", Role::Value),
    ("中期指标值", Role::Value),
    ("指标性质", Role::Op),
    ("绩效指标性质", Role::Op),
    ("本年绩效指标值", Role::Value),
    ("度量单位", Role::Unit),
    ("绩效度量单位", Role::Unit),
    ("计量单位", Role::Unit),
    ("权重", Role::Weight),
    ("权重(%)", Role::Weight),
    ("分值", Role::Weight),
    ("分值权重", Role::Weight),
    ("权重分值", Role::Weight),
    ("指标权重", Role::Weight),
    ("指标方向性", Role::Direction),
    ("指标解释", Role::Explanation),
    ("指标值内容", Role::Explanation),
    ("评(扣)分标准", Role::Explanation),
    ("评分标准", Role::Explanation),
    ("指标值类型", Role::Op),
    ("备注", Role::Explanation),
    ("年度总体目标完成情况", Role::Ignored),
];

/// The label of the column-title row (it starts the indicator section).
pub const COLUMN_TITLE_ROW: &str = "一级指标";

/// Words (whitespace removed) that name a performance-target table. A text
/// that holds [`MIN_TARGET_WORDS`] of them but no table that could be read
/// gets an `unreadable_table` note, so that a user sees why it gave nothing.
pub const TARGET_TABLE_WORDS: &[&str] = &[
    "绩效目标表",
    "项目名称",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "指标内容",
    "绩效指标",
    "产出指标",
    "效益指标",
    "满意度指标",
    "数量指标",
    "质量指标",
    "时效指标",
];
pub const MIN_TARGET_WORDS: usize = 3;

/// Block labels that set the period of the indicator rows after them
/// (two blocks, 长期 then 年度).
pub const PERIOD_BLOCKS: &[(&str, Period)] = &[
    ("长期绩效指标", Period::MidTerm),
    ("中期绩效指标", Period::MidTerm),
    ("年度绩效指标", Period::Annual),
];

/// Where a column of a department table's duties sub-table goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DutySlot {
    Function,
    Task,
    Projects,
    Amount,
    /// A numbering column (任务名称: 任务1, 任务2 …).
    Numbering,
}

/// Column titles of a department table's duties sub-table (年度履职目标:
/// 部门职能 | 年度目标任务 | 支出项目名称 | 预算金额; 西安's 年度主要任务:
/// 任务名称 | 主要内容 | 预算金额).
pub const DUTY_COLUMNS: &[(&str, DutySlot)] = &[
    ("部门职能", DutySlot::Function),
    ("年度目标任务", DutySlot::Task),
    ("支出项目名称", DutySlot::Projects),
    ("预算金额…", DutySlot::Amount),
    ("任务名称", DutySlot::Numbering),
    ("主要内容", DutySlot::Task),
];

/// Words that number a duty in a 任务名称 cell (`任务1`): such a cell names
/// no task.
pub const DUTY_NUMBERING_WORDS: &[&str] = &["任务", "序号"];

/// Sub-columns under a duties sub-table's 预算金额 (总额 | 财政拨款 | 其他资金):
/// its 金额合计 row gives the department's annual funds.
pub const DUTY_FUNDS_COLUMNS: &[(&str, Slot)] = &[
    ("总额", Slot::AnnualTotal),
    ("财政拨款", Slot::AnnualFiscal),
    ("其他资金", Slot::AnnualOther),
];

/// The first cell of a duties sub-table's total row.
pub const DUTY_TOTAL_ROW_NAMES: &[&str] = &["金额合计", "合计", "总计"];

/// Labels of a self-evaluation table (绩效自评表): such a table is no
/// target table.
pub const SELF_EVALUATION_LABELS: &[&str] = &[
    "实际完成值",
    "全年实际值",
    "得分",
    "自评得分",
    "偏差原因分析及改进措施",
];

/// A table row starting with one of these is a sign-off or footnote row
/// after the table (not read; a note names it).
pub const SIGN_OFF_PREFIXES: &[&str] = &[
    "注:",
    "注1",
    "说明:",
    "审核意见",
    "主管部门审核意见",
    "财政部门审核意见",
    "盖章",
    "(盖章)",
    "填报人",
    "填表人",
    "联系人",
    "审核人",
    "单位负责人",
    "财务负责人",
    "填报日期",
    "填表日期",
];

/// Values of the 指标性质 column, and the comparator each means.
/// `定性` marks a qualitative value and writes nothing into `raw`.
pub const OP_CELLS: &[(&str, &str)] = &[
    ("≥", "≥"),
    (">=", "≥"),
    ("≤", "≤"),
    ("<=", "≤"),
    ("=", "="),
    ("＝", "="),
    (">", ">"),
    ("<", "<"),
    ("定性", ""),
    ("定量", ""),
];

/// Values of the 指标方向性 column.
pub const DIRECTIONS: &[&str] = &["正向指标", "反向指标", "中性指标", "正向", "反向"];

/// Marks of a core indicator (核心指标) at the start of its name.
pub const CORE_MARKS: &[char] = &['★', '☆', '*', '＊'];

/// Template text left inside indicator names: prefixes such as `指标1:`.
pub const TEMPLATE_NAME_PREFIX: &str = "指标";
/// Marks a template prints in an unused indicator row (`- | -`, `/ | /`).
pub const PLACEHOLDER_MARKS: &[char] = &['-', '/', '—', '－', '／', '–', '\\', '、'];
/// A 度量单位 cell that names no unit: a template's choice for values with
/// none (北京's flat exports print `定性 | 优 | 其他`). Like a cell of
/// [`PLACEHOLDER_MARKS`], it is not joined to the value (`优`, not `优其他`).
pub const NO_UNIT_WORDS: &[&str] = &["其他", "无"];
/// Several indicators printed in one row join their names (and their
/// values) with these: `物业管理面积；服务人次` | `17839平方米；每天3000人次`.
pub const JOINED_INDICATOR_SEPARATORS: &[char] = &['；', ';'];
/// Numbering a template prints before what is to be filled in (`指标1：`,
/// `目标2：`).
pub const TEMPLATE_NUMBERING: &[&str] = &["指标", "目标"];
/// Placeholder hints like `(≥**%)`: a parenthetical holding this.
pub const TEMPLATE_HINT_MARK: &str = "**";
