//! Self-evaluation tables (绩效自评表) as data: the labels of their header
//! fields, blocks, funds columns and lines, task columns and indicator
//! columns. The reader (`crate::layout::self_eval`) has no spelling of its
//! own; a new city's spelling is a line here.
//!
//! Labels are label keys ([`crate::normalize::text::label_key`]: no
//! whitespace, ASCII punctuation); a label ending in `…` matches any key
//! that starts with the part before it, and a trailing parenthetical
//! (`(万元)`, `(A)`, `(50分)`) is also tried without.

/// What a self-evaluation reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Project,
    Department,
}

impl Subject {
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Project => "project",
            Subject::Department => "department",
        }
    }
}

/// The record kind of every self-evaluation record.
pub const KIND: &str = "self_evaluation";

/// Layout ids written into records' `layout`, by subject.
pub const LAYOUT_IDS: &[(Subject, &str)] = &[
    (Subject::Project, "self_evaluation_project"),
    (Subject::Department, "self_evaluation_department"),
];

/// The layout id of a subject.
pub fn layout_id(subject: Subject) -> &'static str {
    LAYOUT_IDS
        .iter()
        .find(|(s, _)| *s == subject)
        .map_or("self_evaluation_project", |&(_, id)| id)
}

/// A label in the first cell of a row (or anywhere in a header row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvalField {
    ProjectName,
    UnitName,
    CompetentDepartment,
    ImplementingUnit,
    /// 部门预算编码: the department's code.
    DepartmentCode,
    /// Opens the funds block (项目资金 / 财政资金安排和使用情况).
    FundsBlock,
    /// Opens a department's tasks block (年度主要任务完成情况).
    TasksBlock,
    /// Opens the goals block (年度总体目标完成情况).
    GoalsBlock,
    /// Opens the indicators block (绩效指标).
    IndicatorsBlock,
    /// 总分: the total weight and score.
    TotalScore,
    /// 评价等级.
    Grade,
}

pub const HEADER_LABELS: &[(&str, EvalField)] = &[
    ("项目名称", EvalField::ProjectName),
    ("专项名称", EvalField::ProjectName),
    ("部门(单位)名称", EvalField::UnitName),
    ("部门名称", EvalField::UnitName),
    ("单位名称", EvalField::UnitName),
    ("主管部门", EvalField::CompetentDepartment),
    ("主管单位", EvalField::CompetentDepartment),
    ("实施单位", EvalField::ImplementingUnit),
    ("部门预算编码", EvalField::DepartmentCode),
    ("项目资金", EvalField::FundsBlock),
    ("项目资金(万元)", EvalField::FundsBlock),
    ("财政资金安排和使用情况", EvalField::FundsBlock),
    ("年度主要任务完成情况", EvalField::TasksBlock),
    ("年度总体目标完成情况", EvalField::GoalsBlock),
    ("年度总体目标", EvalField::GoalsBlock),
    // The goals label printed over two cells (年度 / 总体目标, 西安).
    ("年度", EvalField::GoalsBlock),
    ("总体目标", EvalField::GoalsBlock),
    ("绩效指标", EvalField::IndicatorsBlock),
    ("年度绩效指标完成情况", EvalField::IndicatorsBlock),
    ("总分", EvalField::TotalScore),
    ("总分值、评价总分(S)", EvalField::TotalScore),
    ("总分值,评价总分(S)", EvalField::TotalScore),
    ("评价总分", EvalField::TotalScore),
    ("评价等级", EvalField::Grade),
];

/// Labels that start a self-evaluation table where a target table's start
/// labels do not (宁德 prints 专项名称 above 部门（单位）名称).
pub const START_LABELS: &[&str] = &["专项名称"];

/// A column of the funds block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FundsCol {
    /// 年初预算数.
    Initial,
    /// 年中调整金额.
    Adjustment,
    /// 全年预算数: the budget after adjustments.
    Adjusted,
    /// 全年执行数.
    Executed,
    /// 执行率, in percent.
    Rate,
    /// 本年度结余金额.
    Balance,
    /// 资金结余率, in percent.
    BalanceRate,
    Weight,
    Score,
    /// A title over other columns (预算安排, 拨付情况): read, holds no value.
    Group,
}

pub const FUNDS_COLUMNS: &[(&str, FundsCol)] = &[
    ("年初预算数", FundsCol::Initial),
    ("年初部门预算安排金额…", FundsCol::Initial),
    ("年初预算…", FundsCol::Initial),
    ("年中调整金额…", FundsCol::Adjustment),
    ("全年预算数", FundsCol::Adjusted),
    ("全年预算数(A)", FundsCol::Adjusted),
    ("小计…", FundsCol::Adjusted),
    ("全年执行数", FundsCol::Executed),
    ("全年执行数(B)", FundsCol::Executed),
    ("年度拨付金额…", FundsCol::Executed),
    ("执行率", FundsCol::Rate),
    ("执行率(B/A)", FundsCol::Rate),
    ("支出实现率…", FundsCol::Rate),
    ("本年度结余金额…", FundsCol::Balance),
    ("资金结余率…", FundsCol::BalanceRate),
    ("分值", FundsCol::Weight),
    ("得分", FundsCol::Score),
    ("预算安排", FundsCol::Group),
    ("拨付情况", FundsCol::Group),
    ("结余情况", FundsCol::Group),
];

/// A line of the funds block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FundsLine {
    Total,
    Fiscal,
    Carryover,
    Other,
    Central,
    Provincial,
    Local,
}

impl FundsLine {
    pub fn as_str(self) -> &'static str {
        match self {
            FundsLine::Total => "total",
            FundsLine::Fiscal => "fiscal",
            FundsLine::Carryover => "carryover",
            FundsLine::Other => "other",
            FundsLine::Central => "central",
            FundsLine::Provincial => "provincial",
            FundsLine::Local => "local",
        }
    }
}

pub const FUNDS_LINES: &[(&str, FundsLine)] = &[
    ("年度资金总额", FundsLine::Total),
    ("合计", FundsLine::Total),
    ("金额合计", FundsLine::Total),
    ("其中:当年财政拨款", FundsLine::Fiscal),
    ("当年财政拨款", FundsLine::Fiscal),
    ("其中:财政拨款", FundsLine::Fiscal),
    ("财政资金小计", FundsLine::Fiscal),
    ("上年结转资金", FundsLine::Carryover),
    ("上年结转", FundsLine::Carryover),
    ("其他资金", FundsLine::Other),
    ("其他资金小计", FundsLine::Other),
    ("①中央财政资金", FundsLine::Central),
    ("中央财政资金", FundsLine::Central),
    ("②省级财政资金", FundsLine::Provincial),
    ("省级财政资金", FundsLine::Provincial),
    ("③地方财政资金", FundsLine::Local),
    ("地方财政资金", FundsLine::Local),
];

/// A column of a department's tasks block (年度主要任务完成情况).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskCol {
    Name,
    Content,
    Status,
    /// 全年预算数 (a group over 总额 / 财政拨款 / 其他资金).
    Budget,
    /// 全年执行数 (a group likewise).
    Executed,
    Weight,
    Rate,
    Score,
    /// Sub-columns of a group.
    Total,
    Fiscal,
    Other,
}

pub const TASK_COLUMNS: &[(&str, TaskCol)] = &[
    ("任务名称", TaskCol::Name),
    ("主要内容", TaskCol::Content),
    ("完成情况", TaskCol::Status),
    ("全年预算数", TaskCol::Budget),
    ("全年预算数(万元)", TaskCol::Budget),
    ("全年执行数", TaskCol::Executed),
    ("全年执行数(万元)", TaskCol::Executed),
    ("分值", TaskCol::Weight),
    ("执行率", TaskCol::Rate),
    ("得分", TaskCol::Score),
    ("总额", TaskCol::Total),
    ("财政拨款", TaskCol::Fiscal),
    ("其他资金", TaskCol::Other),
];

/// Column titles of the goals block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalCol {
    Planned,
    Achieved,
}

pub const GOAL_COLUMNS: &[(&str, GoalCol)] = &[
    ("预期目标", GoalCol::Planned),
    ("预期目标(年初设定)", GoalCol::Planned),
    ("实际完成情况", GoalCol::Achieved),
    ("目标实际完成情况", GoalCol::Achieved),
];

/// A column of the indicators block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvalCol {
    Level1,
    Level2,
    Name,
    /// 年度指标值: the year's target.
    Target,
    /// 实际完成值.
    Actual,
    Weight,
    Score,
    /// 偏差原因分析及改进措施.
    Deviation,
}

pub const INDICATOR_COLUMNS: &[(&str, EvalCol)] = &[
    ("一级指标", EvalCol::Level1),
    ("二级指标", EvalCol::Level2),
    ("三级指标", EvalCol::Name),
    ("指标内容", EvalCol::Name),
    ("指标名称", EvalCol::Name),
    ("年度指标值", EvalCol::Target),
    ("指标值", EvalCol::Target),
    ("年度目标值", EvalCol::Target),
    ("实际完成值", EvalCol::Actual),
    ("全年实际值", EvalCol::Actual),
    ("实际值", EvalCol::Actual),
    ("分值", EvalCol::Weight),
    ("指标分值", EvalCol::Weight),
    ("权重", EvalCol::Weight),
    ("得分", EvalCol::Score),
    ("自评得分", EvalCol::Score),
    ("偏差原因分析及改进措施", EvalCol::Deviation),
    ("偏差原因分析…", EvalCol::Deviation),
];

/// The label of a department table's unit: a table holding it (and no
/// 项目名称 beside 主管部门) is a department's self-evaluation.
pub const DEPARTMENT_MARKERS: &[&str] = &["部门(单位)名称", "部门名称", "年度主要任务完成情况"];

/// Cells meaning "no amount" in a funds or score cell.
pub const NO_AMOUNT: &[&str] = &["—", "-", "--", "——", "/", "／", "无", "－"];

/// Tolerance of the checks on scores and rates (a score printed to two
/// decimals, a rate rounded to two).
pub const SCORE_TOLERANCE: f64 = 0.011;
pub const RATE_TOLERANCE: f64 = 0.06;
