//! OCR of page images: a rendered page → the same [`PdfPage`] (glyphs in
//! PDF points and ruling lines) that a text layer gives, so that the table,
//! layout and merge stages do not change.
//!
//! Steps for one page ([`read_page`]): scale to at most [`MAX_SIDE`] pixels,
//! deskew, find the ruling lines and erase them ([`lines`]), detect text
//! lines ([`det`]), cut each at the vertical rules it crosses (one box, one
//! cell), recognise them ([`rec`]), and turn each character into a glyph
//! carrying its confidence.
//!
//! Models: PP-OCRv4 mobile detection and recognition (Apache-2.0), as
//! shipped in the PyPI wheel rapidocr_onnxruntime 1.4.4; see models/README.md.
//! They are embedded in the binary and run on `rten` (pure Rust). No angle
//! classifier: it turned `≤5%` into `%S>` on these tables.

pub mod det;
pub mod image;
pub mod lines;
pub mod rec;
pub mod render;

use std::sync::OnceLock;

use rten::Model;

use crate::model::{BBox, Glyph, PdfPage, Rule};
use image::Rgb;
use lines::PixelRule;

/// The detection model (ONNX), embedded.
static DET_MODEL: &[u8] = include_bytes!("../../../models/ch_PP-OCRv4_det_infer.onnx");
/// The recognition model (ONNX), embedded.
static REC_MODEL: &[u8] = include_bytes!("../../../models/ch_PP-OCRv4_rec_infer.onnx");
/// The recogniser's 6,623 characters, one a line (also in the model's
/// `character` metadata).
static DICTIONARY: &str = include_str!("../../../models/ppocr_keys_v4.txt");

/// Longest side of the working image in pixels (RapidOCR's `max_side_len`;
/// 1280 lost lone "0" cells).
pub const MAX_SIDE: usize = 2000;
/// Resolution pages are rendered at before scaling to [`MAX_SIDE`].
pub const RENDER_DPI: f32 = 200.0;
/// Shortest horizontal rule, in points (cells are wider; strokes of text
/// are shorter).
const MIN_H_RULE_PT: f32 = 24.0;
/// Shortest vertical rule, in points (rows are taller than this; strokes
/// of body text are shorter).
const MIN_V_RULE_PT: f32 = 12.0;
/// Lines whose mean confidence is lower are dropped (RapidOCR's
/// `text_score`).
const MIN_LINE_CONFIDENCE: f32 = 0.5;
/// A box is cut at a vertical rule that is at least this far (pixels) inside
/// it and spans at least half of its height.
const CUT_MARGIN_PX: f32 = 4.0;
/// Pieces of a cut box narrower than this (pixels) are dropped.
const MIN_PIECE_PX: f32 = 6.0;
/// Glyph size (em) as a share of the detected box height (the box has the
/// line's padding).
const EM_PER_BOX_HEIGHT: f32 = 0.75;

/// Why OCR of a page failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OcrError {
    #[error("OCR model failed: {0}")]
    Model(String),
    #[error("page image could not be rendered: {0}")]
    Render(String),
}

/// The loaded models (loaded once per process, shared by all workers).
pub struct Engine {
    det: Model,
    rec: Model,
    classes: Vec<char>,
}

/// The shared engine, loaded on first use.
pub fn engine() -> Result<&'static Engine, OcrError> {
    static ENGINE: OnceLock<Result<Engine, OcrError>> = OnceLock::new();
    ENGINE
        .get_or_init(|| {
            let det = Model::load_static_slice(DET_MODEL)
                .map_err(|e| OcrError::Model(format!("detection model: {e}")))?;
            let rec = Model::load_static_slice(REC_MODEL)
                .map_err(|e| OcrError::Model(format!("recognition model: {e}")))?;
            Ok(Engine {
                det,
                rec,
                classes: rec::classes(DICTIONARY),
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// What OCR read on one page, in the working image's pixels (for tests and
/// the bench: the page before it becomes glyphs).
#[derive(Debug, Clone)]
pub struct Reading {
    /// Working-image pixels per PDF point.
    pub scale: f32,
    pub skew_degrees: f32,
    pub rules: Vec<PixelRule>,
    pub lines: Vec<(det::TextBox, rec::RecText)>,
}

/// Reads a page image. `page_w`/`page_h` are the page's size in points
/// (the image covers the whole page).
pub fn read_image(engine: &Engine, img: Rgb, page_w: f32) -> Result<Reading, OcrError> {
    // Step 1: working size.
    let mut img = img;
    let longest = img.width.max(img.height);
    if longest > MAX_SIDE {
        let r = MAX_SIDE as f32 / longest as f32;
        let (w, h) = (
            ((img.width as f32 * r) as usize).max(1),
            ((img.height as f32 * r) as usize).max(1),
        );
        img = img.resize(w, h);
    }
    let scale = img.width as f32 / page_w.max(1.0);

    // Step 2: deskew.
    let gray = img.to_gray();
    let threshold = lines::otsu_threshold(&gray);
    let skew = lines::skew_degrees(&gray, threshold);
    let gray = if skew.abs() >= lines::MIN_CORRECTED_SKEW_DEG {
        img = img.rotate(skew);
        img.to_gray()
    } else {
        gray
    };

    // Step 3: ruling lines, then erased.
    let rules = lines::find_rules(
        &gray,
        threshold,
        (MIN_H_RULE_PT * scale) as usize,
        (MIN_V_RULE_PT * scale) as usize,
    );
    drop(gray);
    lines::erase_rules(&mut img, &rules);

    // Step 4: text lines, cut at vertical rules, recognised.
    let boxes = det::detect(&engine.det, &img)?;
    let boxes = cut_at_rules(&boxes, &rules);
    let texts = rec::recognize(&engine.rec, &engine.classes, &img, &boxes)?;
    let lines = boxes
        .into_iter()
        .zip(texts)
        .filter(|(_, t)| !t.chars.is_empty() && t.mean_confidence() >= MIN_LINE_CONFIDENCE)
        .collect();
    Ok(Reading {
        scale,
        skew_degrees: skew,
        rules,
        lines,
    })
}

/// OCRs a rendered page into a [`PdfPage`] numbered `number`.
pub fn read_page(
    engine: &Engine,
    img: Rgb,
    page_w: f32,
    page_h: f32,
    number: u32,
) -> Result<PdfPage, OcrError> {
    let reading = read_image(engine, img, page_w)?;
    Ok(to_page(&reading, page_w, page_h, number))
}

/// A reading as glyphs and rules in points.
pub fn to_page(reading: &Reading, page_w: f32, page_h: f32, number: u32) -> PdfPage {
    let s = reading.scale.max(1e-3);
    let rules = reading
        .rules
        .iter()
        .map(|r| Rule {
            x0: r.x0 / s,
            y0: r.y0 / s,
            x1: r.x1 / s,
            y1: r.y1 / s,
            width: r.width / s,
        })
        .collect();
    let mut glyphs = Vec::new();
    for (b, text) in &reading.lines {
        let bbox = BBox {
            x0: b.x0 / s,
            y0: b.y0 / s,
            x1: b.x1 / s,
            y1: b.y1 / s,
        };
        line_glyphs(bbox, text, &mut glyphs);
    }
    PdfPage {
        number,
        width: page_w,
        height: page_h,
        glyphs,
        rules,
        overflow: Vec::new(),
    }
}

/// Width of a character in em: CJK and full-width forms 1, others ½.
fn em_width(c: char) -> f32 {
    if crate::extract::pdf::is_wide(c) || ('\u{FF01}'..='\u{FF60}').contains(&c) {
        1.0
    } else {
        0.5
    }
}

/// One glyph per character of a recognised line: the box's width is shared
/// out by the characters' em widths; a space leaves a gap.
fn line_glyphs(bbox: BBox, text: &rec::RecText, out: &mut Vec<Glyph>) {
    let total: f32 = text.chars.iter().map(|c| em_width(c.ch)).sum();
    if total <= 0.0 {
        return;
    }
    let unit = (bbox.x1 - bbox.x0) / total;
    let size = (bbox.y1 - bbox.y0) * EM_PER_BOX_HEIGHT;
    let mut x = bbox.x0;
    for c in &text.chars {
        let w = em_width(c.ch) * unit;
        if c.ch != ' ' {
            out.push(Glyph {
                text: c.ch.to_string(),
                bbox: BBox {
                    x0: x,
                    y0: bbox.y0,
                    x1: x + w,
                    y1: bbox.y1,
                },
                size,
                confidence: Some(c.confidence),
            });
        }
        x += w;
    }
}

/// Cuts each box at the vertical rules crossing it, so that text on both
/// sides of a border (detected as one line once the border is erased) goes
/// to its own cell.
fn cut_at_rules(boxes: &[det::TextBox], rules: &[PixelRule]) -> Vec<det::TextBox> {
    let mut out = Vec::with_capacity(boxes.len());
    for b in boxes {
        let mid_h = (b.y1 - b.y0) / 2.0;
        let mut cuts: Vec<f32> = rules
            .iter()
            .filter(|r| !r.horizontal)
            .filter(|r| r.x0 > b.x0 + CUT_MARGIN_PX && r.x0 < b.x1 - CUT_MARGIN_PX)
            .filter(|r| r.y1.min(b.y1) - r.y0.max(b.y0) >= mid_h)
            .map(|r| r.x0)
            .collect();
        cuts.sort_by(f32::total_cmp);
        let mut start = b.x0;
        for x in cuts.into_iter().chain([f32::INFINITY]) {
            let end = x.min(b.x1);
            if end - start >= MIN_PIECE_PX {
                out.push(det::TextBox {
                    x0: start,
                    x1: end,
                    ..*b
                });
            }
            start = x;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyphs_share_the_box_by_em_width() {
        let text = rec::RecText {
            chars: "≥9 年"
                .chars()
                .map(|ch| rec::RecChar {
                    ch,
                    confidence: 0.9,
                    at: 0.0,
                })
                .collect(),
        };
        let mut g = Vec::new();
        line_glyphs(
            BBox {
                x0: 0.0,
                y0: 0.0,
                x1: 25.0,
                y1: 10.0,
            },
            &text,
            &mut g,
        );
        // ≥ ½, 9 ½, space ½, 年 1: 2.5 em over 25 pt.
        let xs: Vec<(f32, f32)> = g.iter().map(|g| (g.bbox.x0, g.bbox.x1)).collect();
        assert_eq!(xs, vec![(0.0, 5.0), (5.0, 10.0), (15.0, 25.0)]);
        assert_eq!(g[2].confidence, Some(0.9));
    }

    #[test]
    fn boxes_are_cut_at_vertical_rules() {
        let b = det::TextBox {
            x0: 0.0,
            y0: 0.0,
            x1: 100.0,
            y1: 20.0,
            score: 0.9,
        };
        let rule = |x: f32, y0: f32, y1: f32| PixelRule {
            x0: x,
            y0,
            x1: x,
            y1,
            width: 2.0,
            horizontal: false,
        };
        let cut = cut_at_rules(&[b], &[rule(40.0, -50.0, 50.0), rule(98.0, -50.0, 50.0)]);
        assert_eq!(cut.len(), 2);
        assert_eq!(
            (cut[0].x0, cut[0].x1, cut[1].x0, cut[1].x1),
            (0.0, 40.0, 40.0, 100.0)
        );
        // A rule ending above the box does not cut it.
        assert_eq!(cut_at_rules(&[b], &[rule(40.0, -50.0, 2.0)]).len(), 1);
    }

    #[test]
    fn dictionary_matches_the_model() {
        let e = engine().unwrap();
        let meta = e
            .rec
            .metadata()
            .fields()
            .find(|(k, _)| *k == "character")
            .map(|(_, v)| v.to_string());
        let meta = meta.expect("character metadata");
        assert_eq!(meta.trim_end(), DICTIONARY.trim_end());
        assert_eq!(e.classes.len(), 6623 + 2);
    }
}
