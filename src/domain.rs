//! Domain knowledge as data: label spellings, the indicator hierarchy, OCR
//! confusions, units and character folds. A new province's template should be
//! a change to these tables, not to the code that reads them.
//!
//! Labels are compared after [`crate::normalize::text::label_key`], which
//! removes whitespace and folds full-width punctuation, so `其中：` and
//! `其中:` are the same label here.

/// The header fields of a project table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeaderField {
    ProjectName,
    CompetentDepartment,
    ImplementingUnit,
    ProjectAttribute,
    ProjectPeriod,
    ProjectTotal,
    AnnualTotal,
    /// 本级资金 block header; its value cell is `资金总额` → own_level.total.
    OwnLevelBlock,
    /// 转移市县（区）资金 block header; followed by `资金总额` → transfer.total.
    TransferBlock,
    /// `资金总额`: total of whichever block it sits in.
    BlockTotal,
    OwnFiscal,
    OwnOther,
    OwnCarryover,
    TransferCentral,
    TransferRegional,
    AnnualGoal,
    /// The 一级指标/二级指标/三级指标/绩效值 row that starts the indicators.
    IndicatorHeader,
}

/// Label spellings → header field. Matched on the label key (whitespace
/// removed, punctuation folded to ASCII).
pub const HEADER_LABELS: &[(&str, HeaderField)] = &[
    ("项目名称", HeaderField::ProjectName),
    ("主管部门", HeaderField::CompetentDepartment),
    ("主管单位", HeaderField::CompetentDepartment),
    ("实施单位", HeaderField::ImplementingUnit),
    ("项目属性", HeaderField::ProjectAttribute),
    ("项目期", HeaderField::ProjectPeriod),
    ("项目周期", HeaderField::ProjectPeriod),
    ("项目总额", HeaderField::ProjectTotal),
    ("项目资金总额", HeaderField::ProjectTotal),
    ("其中:年度资金总额", HeaderField::AnnualTotal),
    ("年度资金总额", HeaderField::AnnualTotal),
    ("其中:本级资金", HeaderField::OwnLevelBlock),
    ("本级资金", HeaderField::OwnLevelBlock),
    ("其中:转移市县(区)资金", HeaderField::TransferBlock),
    ("转移市县(区)资金", HeaderField::TransferBlock),
    ("其中:转移市县资金", HeaderField::TransferBlock),
    ("转移市县资金", HeaderField::TransferBlock),
    ("资金总额", HeaderField::BlockTotal),
    ("其中:财政拨款", HeaderField::OwnFiscal),
    ("财政拨款", HeaderField::OwnFiscal),
    ("其他资金", HeaderField::OwnOther),
    ("结余结转资金", HeaderField::OwnCarryover),
    ("结转结余资金", HeaderField::OwnCarryover),
    ("其中:中央资金", HeaderField::TransferCentral),
    ("中央资金", HeaderField::TransferCentral),
    ("自治区资金", HeaderField::TransferRegional),
    ("省级资金", HeaderField::TransferRegional),
    ("市级资金", HeaderField::TransferRegional),
    ("年度总体绩效目标", HeaderField::AnnualGoal),
    ("年度绩效目标", HeaderField::AnnualGoal),
    ("一级指标", HeaderField::IndicatorHeader),
];

/// Column titles of the indicator header row (besides 一级指标); the value
/// column has several spellings.
pub const INDICATOR_COLUMN_LABELS: &[&str] = &[
    "一级指标",
    "二级指标",
    "三级指标",
    "绩效值",
    "指标值",
    "年度指标值",
];

/// Level-1 indicator categories.
pub const LEVEL1: &[&str] = &[
    "产出指标",
    "效益指标",
    "满意度指标",
    "成本指标",
    "预期产出指标",
    "效果指标",
];

/// Level-1 categories published under a broader name (批复表 of some
/// cities): kept as published, and their level-2 children are not moved to
/// the parent the hierarchy gives them by name.
pub const BROAD_LEVEL1: &[&str] = &["预期产出指标", "效果指标"];

/// Level-2 categories and their fixed level-1 parent. 成本指标 is special:
/// see [`COST`] and [`COST_CHILDREN`].
pub const LEVEL2: &[(&str, &str)] = &[
    ("数量指标", "产出指标"),
    ("质量指标", "产出指标"),
    ("时效指标", "产出指标"),
    ("成本指标", "产出指标"),
    ("经济效益指标", "效益指标"),
    ("社会效益指标", "效益指标"),
    ("生态效益指标", "效益指标"),
    ("可持续影响指标", "效益指标"),
    ("经济效益", "效益指标"),
    ("社会效益", "效益指标"),
    ("生态效益", "效益指标"),
    ("可持续影响", "效益指标"),
    ("预算(或投资规模)控制指标", "产出指标"),
    ("预算控制指标", "产出指标"),
    ("社会、经济、生态效益指标", "效益指标"),
    ("社会经济生态效益指标", "效益指标"),
    ("服务对象满意度指标", "满意度指标"),
    ("社会公众或服务对象满意度指标", "满意度指标"),
    ("服务对象满意度", "满意度指标"),
    ("经济成本指标", "成本指标"),
    ("社会成本指标", "成本指标"),
    ("生态环境成本指标", "成本指标"),
    // Short spellings some cities print (烟台: 经济成本 under 成本指标).
    ("经济成本", "成本指标"),
    ("社会成本", "成本指标"),
    ("生态环境成本", "成本指标"),
];

/// The label that is level 1 in the 2021+ template and level 2 (under
/// 产出指标) in the older one.
pub const COST: &str = "成本指标";
/// Children that make [`COST`] a level-1 category when they follow it.
pub const COST_CHILDREN: &[&str] = &[
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
    "经济成本",
    "社会成本",
    "生态环境成本",
];

/// OCR confusions in value cells: (published, meant). Applied only where a
/// number follows.
pub const OCR_COMPARATORS: &[(char, char)] = &[('《', '≤'), ('》', '≥')];

/// Where a confusion of [`OCR_CONFUSIONS`] is repaired: each context is a
/// pattern in which only one reading makes sense, so the repair is never a
/// guess about text that could have been printed that way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OcrContext {
    /// The bracket opening the year of a document number: `[2019〕7号`,
    /// `【2019）9号` (a year of four digits, a closing bracket, a number
    /// and 号 follow; an ideograph comes before, the issuer's code). A pair
    /// of round brackets alone (`（2019）7号`) is left as read: it may be
    /// printed so.
    DocNumberOpen,
    /// The bracket closing the year of a document number.
    DocNumberClose,
    /// A half-width parenthesis whose partner is full-width: `（区)`,
    /// `(民营）`: one half of the pair was misread.
    FullWidthPartner,
    /// The separator of a month and a day that name a day (`5·12全国防灾减灾日`,
    /// `10·13国际减灾日`: month 1–12, day 1–31, then at least two ideographs
    /// and 日).
    NamedDay,
}

/// OCR confusions repaired in text read by OCR, with an `ocr_repaired`
/// warning: (read, meant, where). The comparators of value cells are
/// [`OCR_COMPARATORS`] (repaired in every input, code `ocr_comparator`).
pub const OCR_CONFUSIONS: &[(char, char, OcrContext)] = &[
    // 〔〕 around the year of a document number read as [] 【】 ［］ () （）﹝﹞.
    ('[', '〔', OcrContext::DocNumberOpen),
    ('【', '〔', OcrContext::DocNumberOpen),
    ('［', '〔', OcrContext::DocNumberOpen),
    ('(', '〔', OcrContext::DocNumberOpen),
    ('（', '〔', OcrContext::DocNumberOpen),
    ('﹝', '〔', OcrContext::DocNumberOpen),
    (']', '〕', OcrContext::DocNumberClose),
    ('】', '〕', OcrContext::DocNumberClose),
    ('］', '〕', OcrContext::DocNumberClose),
    (')', '〕', OcrContext::DocNumberClose),
    ('）', '〕', OcrContext::DocNumberClose),
    ('﹞', '〕', OcrContext::DocNumberClose),
    // （ read as ( (and ） as )) where the other half of the pair is full-width.
    ('(', '（', OcrContext::FullWidthPartner),
    (')', '）', OcrContext::FullWidthPartner),
    // · read as . (or -, •, ・) between the month and day of a named day.
    ('.', '·', OcrContext::NamedDay),
    ('-', '·', OcrContext::NamedDay),
    ('•', '·', OcrContext::NamedDay),
    ('・', '·', OcrContext::NamedDay),
    ('．', '·', OcrContext::NamedDay),
];

/// Look-alike comparator code points folded without a warning.
pub const COMPARATOR_FOLDS: &[(char, char)] = &[
    ('﹤', '<'),
    ('﹥', '>'),
    ('＜', '<'),
    ('＞', '>'),
    ('≦', '≤'),
    ('≧', '≥'),
    ('＝', '='),
    ('⩽', '≤'),
    ('⩾', '≥'),
];

/// Comparators, written as symbols or words, before the number.
/// Longest spellings first.
pub const PREFIX_COMPARATORS: &[(&str, Op)] = &[
    ("不低于", Op::Ge),
    ("不少于", Op::Ge),
    ("不小于", Op::Ge),
    ("不高于", Op::Le),
    ("不超过", Op::Le),
    ("不多于", Op::Le),
    ("不大于", Op::Le),
    ("小于等于", Op::Le),
    ("大于等于", Op::Ge),
    ("小于", Op::Lt),
    ("低于", Op::Lt),
    ("少于", Op::Lt),
    ("大于", Op::Gt),
    ("高于", Op::Gt),
    ("超过", Op::Gt),
    ("至少", Op::Ge),
    ("等于", Op::Eq),
    ("≤", Op::Le),
    ("≥", Op::Ge),
    ("<=", Op::Le),
    (">=", Op::Ge),
    ("<", Op::Lt),
    (">", Op::Gt),
    ("=", Op::Eq),
];

/// Comparators written after the number and unit (95%以上).
pub const SUFFIX_COMPARATORS: &[(&str, Op)] = &[
    ("及以上", Op::Ge),
    ("以上", Op::Ge),
    ("及以下", Op::Le),
    ("以下", Op::Le),
    ("以内", Op::Le),
];

/// Words after a date that make it a deadline (op <=).
pub const DEADLINE_SUFFIXES: &[&str] = &["之前", "以前", "前"];

/// Words before a value that say over what span it is counted, not what
/// is counted (`全年≥50个`: the year's whole count): the number after them
/// is read, the word kept in `raw` only. (每年, a rate, is `per`.)
pub const VALUE_SCOPE_WORDS: &[&str] = &["全年"];

/// Money units and their size in 元.
pub const MONEY_UNITS: &[(&str, f64)] = &[("亿元", 1e8), ("万元", 1e4), ("千元", 1e3), ("元", 1.0)];

/// The percent unit.
pub const PERCENT: &str = "%";

/// The unit of a parsed value, kept as a domain value until the output step
/// writes its published spelling: a money unit (one of [`MONEY_UNITS`],
/// with its size in 元), percent, or any other unit as published (家, 人次,
/// 篇（次）: an open set).
#[derive(Debug, Clone, PartialEq)]
pub enum Unit {
    Money { spelling: &'static str, yuan: f64 },
    Percent,
    Other(String),
}

/// Brackets a unit may be printed in after its number.
pub const UNIT_BRACKETS: &[(char, char)] = &[('(', ')'), ('（', '）'), ('[', ']'), ('【', '】')];

impl Unit {
    pub fn parse(text: &str) -> Unit {
        // A unit printed in brackets after its number (`≥13459.00(平方米)`,
        // 上海): the brackets are no part of it.
        let text = UNIT_BRACKETS
            .iter()
            .find_map(|(open, close)| {
                text.strip_prefix(*open)
                    .and_then(|t| t.strip_suffix(*close))
                    .filter(|t| !t.is_empty())
            })
            .unwrap_or(text);
        if let Some(&(spelling, yuan)) = MONEY_UNITS.iter().find(|(u, _)| *u == text) {
            Unit::Money { spelling, yuan }
        } else if text == PERCENT {
            Unit::Percent
        } else {
            Unit::Other(text.to_string())
        }
    }

    /// The spelling the record writes.
    pub fn as_str(&self) -> &str {
        match self {
            Unit::Money { spelling, .. } => spelling,
            Unit::Percent => PERCENT,
            Unit::Other(s) => s,
        }
    }

    /// Size in 元 of a money unit.
    pub fn yuan(&self) -> Option<f64> {
        match self {
            Unit::Money { yuan, .. } => Some(*yuan),
            _ => None,
        }
    }
}

/// Measure words a unit is made of, for a unit printed in brackets at the
/// end of an indicator's name (`考务培训次数（次）`, `考试机位单价(元/小时)`): a
/// unit there is one of these, [`MONEY_UNITS`] or [`PERCENT`], or several
/// joined by [`UNIT_JOINERS`], each maybe after [`UNIT_MULTIPLIERS`] or 每.
/// Other bracketed words (`（试行）`, `（年度）`) are no unit.
pub const MEASURE_WORDS: &[&str] = &[
    "个",
    "次",
    "人",
    "人次",
    "户",
    "家",
    "家次",
    "件",
    "项",
    "篇",
    "期",
    "张",
    "份",
    "本",
    "册",
    "套",
    "台",
    "辆",
    "箱",
    "批",
    "场",
    "场次",
    "所",
    "座",
    "处",
    "条",
    "部",
    "名",
    "例",
    "株",
    "棵",
    "头",
    "只",
    "天",
    "日",
    "工作日",
    "个工作日",
    "月",
    "年",
    "小时",
    "分钟",
    "秒",
    "周",
    "米",
    "公里",
    "千米",
    "平方米",
    "㎡",
    "亩",
    "公顷",
    "吨",
    "千克",
    "公斤",
    "字",
    "千字",
    "分",
    "课时",
    "学时",
    "床",
    "间",
    "栋",
    "节",
    "门",
    "所次",
    "GB",
    "TB",
    "M",
    "G",
];

/// What joins the words of one unit (`元/小时`, `台、套`).
pub const UNIT_JOINERS: &[char] = &['/', '、', '／'];

/// Words before a measure word that scale it (`万人`, `万台`).
pub const UNIT_MULTIPLIERS: &[&str] = &["万", "亿", "千", "百"];

/// Units that look like money with the 元 left out; read as the money unit
/// beside them only in a 成本指标, with a `unit_suspect` warning.
pub const BARE_MONEY_UNITS: &[(&str, &str)] = &[("万", "万元"), ("亿", "亿元")];

/// Range separators between two numbers (0-2000户).
pub const RANGE_SEPARATORS: &[&str] = &["-", "~", "—", "–", "－", "至", "到"];

/// Traditional characters that slip into simplified text, folded to their
/// simplified form. Deliberately small: only characters seen in budget
/// disclosures, never a general converter.
pub const TRAD_TO_SIMP: &[(char, char)] = &[
    ('學', '学'),
    ('習', '习'),
    ('國', '国'),
    ('體', '体'),
    ('資', '资'),
    ('產', '产'),
    ('務', '务'),
    ('業', '业'),
    ('費', '费'),
    ('額', '额'),
    ('項', '项'),
    ('標', '标'),
    ('級', '级'),
    ('質', '质'),
    ('數', '数'),
    ('時', '时'),
    ('經', '经'),
    ('濟', '济'),
    ('會', '会'),
    ('態', '态'),
    ('續', '续'),
    ('響', '响'),
    ('滿', '满'),
    ('對', '对'),
    ('應', '应'),
    ('實', '实'),
    ('門', '门'),
    ('區', '区'),
    ('縣', '县'),
    ('轉', '转'),
    ('發', '发'),
    ('預', '预'),
    ('總', '总'),
    ('與', '与'),
    ('個', '个'),
    ('為', '为'),
    ('災', '灾'),
    ('險', '险'),
    ('備', '备'),
    ('條', '条'),
    ('萬', '万'),
    ('貳', '贰'),
    ('處', '处'),
    ('檢', '检'),
    ('測', '测'),
    ('評', '评'),
    ('審', '审'),
    ('運', '运'),
    ('維', '维'),
    ('護', '护'),
    ('訓', '训'),
    ('練', '练'),
    ('戶', '户'),
    ('員', '员'),
    ('開', '开'),
    ('關', '关'),
    ('計', '计'),
    ('劃', '划'),
    ('設', '设'),
    ('監', '监'),
    ('廳', '厅'),
    ('財', '财'),
    ('撥', '拨'),
    ('結', '结'),
    ('餘', '余'),
];

/// Comparison operator of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Lt,
    Le,
    Eq,
    Ge,
    Gt,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Eq => "=",
            Op::Ge => ">=",
            Op::Gt => ">",
        }
    }
}

/// Heading text that marks a performance-target table (used to tell a
/// document with such tables from one without).
pub const TABLE_TITLE_MARKERS: &[&str] = &[
    "绩效目标表",
    "绩效目标申报表",
    "绩效目标审批表",
    "绩效目标批复表",
];

/// A document heading is whole once it names what the document is: a cover
/// printed over several lines (`长沙市公安局` / `2025 年部门预算公开`, `2026 年度`
/// / `福州市公安局治安管理` / `支队` / `单位预算`) is joined line by line until
/// it holds one of these, over at most [`MAX_HEADING_LINES`] lines of at most
/// [`MAX_HEADING_LINE_CHARS`] characters.
pub const HEADING_WORDS: &[&str] = &[
    "预算", "决算", "公开", "说明", "报表", "表", "自评", "绩效", "通知", "公告", "公示", "批复",
    "决定", "报告",
];
pub const MAX_HEADING_LINES: usize = 4;
pub const MAX_HEADING_LINE_CHARS: usize = 30;
/// A first line that only marks an attachment (`附件2`): the heading is the
/// line after it.
pub const ATTACHMENT_MARK: &str = "附件";
/// The heading of a table of contents: the table titles listed under it
/// (`9、项目支出绩效目标表`) do not replace the document's heading.
pub const CONTENTS_HEADINGS: &[&str] = &["目录"];
/// Longest line looked up among [`CONTENTS_HEADINGS`] (`目 录` with its
/// spaces): a longer one is not keyed at all.
pub const MAX_CONTENTS_HEADING_CHARS: usize = 6;

/// Site chrome: a line of a saved web page holding one of these (at most
/// [`MAX_CHROME_CHARS`] long) is page furniture, not document text.
pub const CHROME_MARKERS: &[&str] = &[
    "索引号",
    "发布日期",
    "发布时间",
    "字号",
    "扫一扫",
    "打印本页",
    "关闭窗口",
    "【打印】",
    "【关闭】",
    "分享到",
    "浏览次数",
    "访问量",
    "当前位置",
    "下载积分",
    "资源ID",
    "友情提示",
];
/// Longest line that may be taken for chrome.
pub const MAX_CHROME_CHARS: usize = 60;
/// The first cell of a row of a web page's metadata table (索引号 |
/// 0001115012MW/2021-00346 | 主题分类 | 民族事务), whitespace removed: the
/// row is page furniture. Matched whole, since 文号 or 标题 also occur in text.
pub const CHROME_CELLS: &[&str] = &[
    "索引号",
    "主题分类",
    "发布机构",
    "成文日期",
    "发文日期",
    "发文时间",
    "公文时效",
    "文号",
    "发文机关",
    "公开方式",
    "有效性",
];
/// A line that is markup a web copy kept (`<image>…`, `〈meta name=…〉`):
/// one of these followed by an ASCII letter (so `<5%` stays a value).
pub const MARKUP_PREFIXES: &[&str] = &["<", "〈", "</", "〈/"];

/// A short line holding one of these is a table caption (表5 三公经费…):
/// a table after it is a new table, not the previous one going on.
/// Endings of a caption that names its project (`…某某项目绩效目标表`: the
/// project is `某某项目`), longest first: what is left before one is the project (after a unit and a code,
/// `301007_某某分局_`), used when the table prints no 项目名称 row.
pub const PROJECT_CAPTION_SUFFIXES: &[&str] =
    &["项目支出绩效目标表", "绩效目标申报表", "绩效目标表"];
/// What is left of a caption that names no project: a table kind.
pub const GENERIC_CAPTION_NAMES: &[&str] = &[
    // 西安 表16 专项资金总体绩效目标表, a template often printed empty.
    "专项资金总体",
    "专项资金整体",
    "政策和项目预算",
    "项目预算",
    "项目支出",
    "项目支出预算",
    "部门整体支出",
    "部门整体",
    "部门",
    "单位",
    "预算",
    "整体支出",
];
/// Separators between the code, unit and project of a caption.
pub const CAPTION_SEPARATORS: &[char] = &['_', '＿'];

/// Labels that head the project columns of a flat table wherever they sit
/// in its first row (a code column may come first).
/// Fields printed after the unit on a budget-unit line (`预算单位：某某委员会
/// 保密审查情况：已审查`): each ends the unit name where it starts, when a
/// colon follows it.
pub const UNIT_LINE_TRAILING_FIELDS: &[&str] =
    &["保密审查情况", "金额单位", "填报日期", "联系电话"];

/// Names of a flat table's total rows.
pub const TOTAL_ROW_NAMES: &[&str] = &["合计", "总计", "小计"];

pub const FLAT_START_LABELS: &[&str] = &["单位(项目)名称", "单位名称"];

pub const TABLE_CAPTION_MARKERS: &[&str] = &["表"];
/// Captions are at most this many characters; longer lines are prose.
pub const MAX_CAPTION_CHARS: usize = 60;

/// Labels of the line that gives the table's money unit.
pub const UNIT_LINE_PREFIXES: &[&str] = &["单位:", "金额单位:"];
/// Label lookups over these tables, for the table and layout stages.
pub mod labels;
pub mod layouts;
pub mod self_eval;
