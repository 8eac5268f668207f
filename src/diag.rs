//! One typed diagnostics vocabulary for every stage: record warnings and
//! document notes share [`Code`]. The README's table of codes is held
//! against [`Code::ALL`] by a test, so neither drifts.

use serde::Serialize;

/// One diagnostic of any stage: a document note (decoding, a table not
/// read), a repair made while reading a value, or a record warning. `at` is
/// where it applies: a path inside the record (`indicators[3].value`),
/// inside an indicator before the indicator has its place (`value`,
/// `name`), or none for a document note (then it is not serialized, so a
/// note reads `{code, message}` and a warning `{code, at, message}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    pub message: String,
}

/// The one collector of diagnostics: every stage hands its warnings and
/// notes to one of these (a document's notes, a part's or a project's
/// warnings, the repairs made in a cell or a value), by [`warn`] (a
/// diagnostic at a place) or [`note`] (a document note); the stage above
/// takes them over whole (by `extend`) or places them
/// ([`Diagnostics::placed`]). It reads as the slice it holds.
///
/// [`warn`]: Diagnostics::warn
/// [`note`]: Diagnostics::note
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    /// A diagnostic at `at` (a record path, or a field of an indicator).
    pub fn warn(&mut self, code: Code, at: impl Into<String>, message: impl Into<String>) {
        self.0.push(Diagnostic {
            code,
            at: Some(at.into()),
            message: message.into(),
        });
    }

    /// A document note: no place in a record.
    pub fn note(&mut self, code: Code, message: impl Into<String>) {
        self.0.push(Diagnostic {
            code,
            at: None,
            message: message.into(),
        });
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Copies of these diagnostics placed at `at(their own place)`: a part's
    /// `value` becomes the project's `indicators[3].value`.
    pub fn placed(
        &self,
        mut at: impl FnMut(Option<&str>) -> String,
    ) -> impl Iterator<Item = Diagnostic> {
        self.0.iter().map(move |d| Diagnostic {
            code: d.code,
            at: Some(at(d.at.as_deref())),
            message: d.message.clone(),
        })
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }
}

impl std::ops::Deref for Diagnostics {
    type Target = [Diagnostic];
    fn deref(&self) -> &[Diagnostic] {
        &self.0
    }
}

impl std::ops::DerefMut for Diagnostics {
    fn deref_mut(&mut self) -> &mut [Diagnostic] {
        &mut self.0
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(v: Vec<Diagnostic>) -> Self {
        Diagnostics(v)
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// A stable diagnostic code, serialized in snake_case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    // Record warnings.
    OcrComparator,
    OcrRepaired,
    OcrLowConfidence,
    PlaceholderValue,
    UnitSuspect,
    StaleYear,
    FundsMismatch,
    FundsProse,
    CostExceedsTotal,
    DuplicateIndicator,
    LevelInferred,
    DateRepaired,
    MissingValue,
    MissingName,
    MissingLevel,
    ExtraCells,
    EmptyIndicatorRow,
    PartMismatch,
    TableTruncated,
    AmountUnparsed,
    UnplacedCell,
    CellsSwapped,
    LabelRepaired,
    TemplateLeftover,
    JoinedIndicators,
    ScoreSumMismatch,
    ScoreOverWeight,
    ExecutionRateMismatch,
    MetMarkedDown,
    // Document notes.
    UndecodableBytes,
    UnmappedGlyphs,
    RowOutsideProject,
    NotTargetTable,
    EmptyTemplateTable,
    SelfEvaluationTable,
    UnknownLayout,
    UnreadableTable,
    SignOffRow,
    SubtotalRow,
    SkippedSheet,
    NulBytes,
    ReadAsHtml,
    OcrPages,
    OcrFailed,
}

impl Code {
    /// Every code, in the order of the README's tables.
    pub const ALL: &'static [Code] = &[
        Code::OcrComparator,
        Code::OcrRepaired,
        Code::OcrLowConfidence,
        Code::PlaceholderValue,
        Code::UnitSuspect,
        Code::StaleYear,
        Code::FundsMismatch,
        Code::FundsProse,
        Code::CostExceedsTotal,
        Code::DuplicateIndicator,
        Code::LevelInferred,
        Code::DateRepaired,
        Code::MissingValue,
        Code::MissingName,
        Code::MissingLevel,
        Code::ExtraCells,
        Code::EmptyIndicatorRow,
        Code::PartMismatch,
        Code::TableTruncated,
        Code::AmountUnparsed,
        Code::UnplacedCell,
        Code::CellsSwapped,
        Code::LabelRepaired,
        Code::TemplateLeftover,
        Code::JoinedIndicators,
        Code::ScoreSumMismatch,
        Code::ScoreOverWeight,
        Code::ExecutionRateMismatch,
        Code::MetMarkedDown,
        Code::UndecodableBytes,
        Code::UnmappedGlyphs,
        Code::RowOutsideProject,
        Code::NotTargetTable,
        Code::EmptyTemplateTable,
        Code::SelfEvaluationTable,
        Code::UnknownLayout,
        Code::UnreadableTable,
        Code::SignOffRow,
        Code::SubtotalRow,
        Code::SkippedSheet,
        Code::NulBytes,
        Code::ReadAsHtml,
        Code::OcrPages,
        Code::OcrFailed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::OcrComparator => "ocr_comparator",
            Code::OcrRepaired => "ocr_repaired",
            Code::OcrLowConfidence => "ocr_low_confidence",
            Code::PlaceholderValue => "placeholder_value",
            Code::UnitSuspect => "unit_suspect",
            Code::StaleYear => "stale_year",
            Code::FundsMismatch => "funds_mismatch",
            Code::FundsProse => "funds_prose",
            Code::CostExceedsTotal => "cost_exceeds_total",
            Code::DuplicateIndicator => "duplicate_indicator",
            Code::LevelInferred => "level_inferred",
            Code::DateRepaired => "date_repaired",
            Code::MissingValue => "missing_value",
            Code::MissingName => "missing_name",
            Code::MissingLevel => "missing_level",
            Code::ExtraCells => "extra_cells",
            Code::EmptyIndicatorRow => "empty_indicator_row",
            Code::PartMismatch => "part_mismatch",
            Code::TableTruncated => "table_truncated",
            Code::AmountUnparsed => "amount_unparsed",
            Code::UnplacedCell => "unplaced_cell",
            Code::CellsSwapped => "cells_swapped",
            Code::LabelRepaired => "label_repaired",
            Code::TemplateLeftover => "template_leftover",
            Code::JoinedIndicators => "joined_indicators",
            Code::ScoreSumMismatch => "score_sum_mismatch",
            Code::ScoreOverWeight => "score_over_weight",
            Code::ExecutionRateMismatch => "execution_rate_mismatch",
            Code::MetMarkedDown => "met_marked_down",
            Code::UndecodableBytes => "undecodable_bytes",
            Code::UnmappedGlyphs => "unmapped_glyphs",
            Code::RowOutsideProject => "row_outside_project",
            Code::NotTargetTable => "not_target_table",
            Code::EmptyTemplateTable => "empty_template_table",
            Code::SelfEvaluationTable => "self_evaluation_table",
            Code::UnknownLayout => "unknown_layout",
            Code::UnreadableTable => "unreadable_table",
            Code::SignOffRow => "sign_off_row",
            Code::SubtotalRow => "subtotal_row",
            Code::SkippedSheet => "skipped_sheet",
            Code::NulBytes => "nul_bytes",
            Code::ReadAsHtml => "read_as_html",
            Code::OcrPages => "ocr_pages",
            Code::OcrFailed => "ocr_failed",
        }
    }

    /// Document-level notes (report.json) rather than record warnings.
    pub fn is_note(self) -> bool {
        self >= Code::UndecodableBytes
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialized_name_is_as_str() {
        for c in Code::ALL {
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
        }
    }
}
