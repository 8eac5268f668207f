//! The tuning numbers of the geometric stages, each named and explained
//! once: the PDF reader's ([`crate::extract::pdf`]: what is a rule, a scan,
//! a cell's clip) and the ruled-table reconstruction's
//! ([`crate::table::lattice`]: when lines meet, when a gap splits text).
//! Lengths are PDF points unless a field says it is in font sizes (the
//! glyph's size, so the rule holds for any type size).
//!
//! These were set by reading real published PDFs (../shared/realdocs and
//! ../shared/realworld); changing one changes what every PDF reads as, and
//! the real-document tests are the check.

/// All tuning numbers ([`TUNING`] holds the ones in use).
#[derive(Debug, Clone, Copy)]
pub struct Tuning {
    pub pdf: PdfTuning,
    pub lattice: LatticeTuning,
}

/// The PDF reader's numbers.
#[derive(Debug, Clone, Copy)]
pub struct PdfTuning {
    /// A page is a scan when images cover at least this share of it and it
    /// has no text.
    pub scan_image_cover: f64,
    /// Largest clip taken for one table cell: a glyph painted outside a
    /// clip this size or smaller is its cell's overflowing text; a larger
    /// clip is a page body or a frame, and what it hides is not read.
    pub max_cell_clip_height: f64,
    pub max_cell_clip_width: f64,
    /// An OCR'd page counts as this many pages for the time limit that
    /// scales with the page count (OCR takes seconds a page).
    pub ocr_page_weight: u32,
    /// Drawing operations between two looks at the clock while a page is
    /// interpreted.
    pub ops_between_time_checks: u32,
    /// A stroked segment is a horizontal (vertical) rule when it moves at
    /// most this much across and more than this much along.
    pub rule_max_slant: f64,
    /// Widest stroke taken for a rule.
    pub rule_max_width: f64,
    /// Shortest rule kept once clipped.
    pub rule_min_length: f64,
    /// A filled box is a rule when it is thinner than this and at least
    /// [`PdfTuning::box_rule_aspect`] times longer than thick.
    pub box_rule_max_thickness: f64,
    pub box_rule_aspect: f64,
    /// Paint this transparent (alpha below) is invisible.
    pub invisible_alpha: f32,
    /// Paint whose red, green and blue all exceed this is white on white.
    pub white_channel: f32,
    /// How far outside its clip a glyph may be painted and still count as
    /// inside it.
    pub glyph_clip_slack: f64,
    /// How far outside the page a glyph may be painted and still be read.
    pub page_slack: f64,
    /// Glyphs smaller than this are not text.
    pub min_glyph_size: f64,
    /// Two glyphs of one text within this distance (left edges, tops) and
    /// size of each other are one glyph painted twice (fake bold).
    pub double_paint_distance: f32,
}

/// A gap between two glyphs of a line is wide when it exceeds `sizes`
/// font sizes and `medians` times the line's median gap plus `margin` font
/// sizes (not just the letter spacing of justified text).
#[derive(Debug, Clone, Copy)]
pub struct GapRule {
    pub sizes: f32,
    pub medians: f32,
    pub margin: f32,
}

impl GapRule {
    /// Whether `gap` is wide on a line of glyphs of `size` whose median gap
    /// is `median`.
    pub fn wide(&self, gap: f32, size: f32, median: f32) -> bool {
        gap > self.sizes * size && gap > self.medians * median + self.margin * size
    }
}

/// The ruled-table reconstruction's numbers.
#[derive(Debug, Clone, Copy)]
pub struct LatticeTuning {
    /// Rules whose positions differ by at most this much are the same
    /// line, and collinear pieces with gaps up to this much are joined.
    pub rule_tolerance: f32,
    /// Grid lines closer than this are merged (no text fits between them).
    pub min_line_gap: f32,
    /// An edge has a border when rules cover at least this share of it.
    pub border_cover: f32,
    /// Shortest rule taken into the grid.
    pub min_rule_length: f32,
    /// Widest column whose cells a page break left open (vertical rules
    /// only, beside a table and as tall as it) that is joined to the table.
    pub open_column_max_width: f32,
    /// Such a rule runs along at least this share of the table's height.
    pub open_column_min_cover: f32,
    /// Fewest lines a text-aligned (unruled) table must have.
    pub min_text_rows: usize,
    /// How far inside its clip an overflow glyph is anchored.
    pub overflow_inset: f32,
    /// Where across its width (from its left edge) a glyph's column is
    /// decided: left of its centre, so a glyph that runs over its cell's
    /// right rule by half its width (text a narrow cell does not hold)
    /// stays with the text it ends, while a cell's own text, which starts
    /// after the rule, is not moved.
    pub column_anchor: f32,
    /// Glyphs are on one line when their centres are within this many
    /// font sizes (of the smaller) vertically.
    pub same_line_sizes: f32,
    /// A gap that splits a line into text blocks (columns of an unruled
    /// table).
    pub block_gap: GapRule,
    /// A gap written as a space between any two glyphs.
    pub wide_space_gap: GapRule,
    /// A gap written as a space between two Latin letters or digits: more
    /// than this many font sizes, and more than the median gap plus
    /// [`LatticeTuning::word_gap_over_median`] font sizes.
    pub word_gap_sizes: f32,
    pub word_gap_over_median: f32,
    /// A line wraps into the next (a paragraph or a long heading) when
    /// their sizes differ by at most `wrap_size_difference`, the next
    /// starts between `wrap_min_leading` and `wrap_max_leading` font sizes
    /// below it, and it reaches within `wrap_right_slack` font sizes of the
    /// text's right edge (CJK lines without justification stop up to two
    /// characters short) over at least `wrap_min_width` of the text's width.
    pub wrap_size_difference: f32,
    pub wrap_min_leading: f32,
    pub wrap_max_leading: f32,
    pub wrap_right_slack: f32,
    pub wrap_min_width: f32,
}

/// The numbers in use.
pub const TUNING: Tuning = Tuning {
    pdf: PdfTuning {
        scan_image_cover: 0.5,
        max_cell_clip_height: 200.0,
        max_cell_clip_width: 500.0,
        ocr_page_weight: 20,
        ops_between_time_checks: 512,
        rule_max_slant: 0.6,
        rule_max_width: 6.0,
        rule_min_length: 0.5,
        box_rule_max_thickness: 2.0,
        box_rule_aspect: 2.0,
        invisible_alpha: 0.05,
        white_channel: 0.92,
        glyph_clip_slack: 0.5,
        page_slack: 1.0,
        min_glyph_size: 0.1,
        double_paint_distance: 1.0,
    },
    lattice: LatticeTuning {
        rule_tolerance: 2.0,
        min_line_gap: 4.0,
        open_column_max_width: 260.0,
        open_column_min_cover: 0.9,
        border_cover: 0.5,
        min_rule_length: 1.0,
        min_text_rows: 3,
        overflow_inset: 1.0,
        column_anchor: 0.4,
        same_line_sizes: 0.45,
        block_gap: GapRule {
            sizes: 1.5,
            medians: 3.0,
            margin: 0.5,
        },
        wide_space_gap: GapRule {
            sizes: 1.5,
            medians: 2.0,
            margin: 0.5,
        },
        word_gap_sizes: 0.2,
        word_gap_over_median: 0.1,
        wrap_size_difference: 0.5,
        wrap_min_leading: -0.2,
        wrap_max_leading: 1.0,
        wrap_right_slack: 2.5,
        wrap_min_width: 0.6,
    },
};
