//! PDF bytes → [`Document`] of [`PdfPage`]s (positioned glyphs and ruling
//! lines), using `hayro-interpret`.
//!
//! Coordinates are PDF points, origin at the top-left of the (cropped,
//! rotated) page, y growing downwards.

use crate::error::panic_message;
use std::ops::Deref;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use hayro_interpret::font::{Glyph as HGlyph, GlyphRun};
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::hayro_syntax::{LoadPdfError, Pdf};
use hayro_interpret::kurbo::{Affine, BezPath, PathEl, PathSeg, Point, Rect, Shape};
use hayro_interpret::{
    BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image, ImageDrawProps,
    InterpreterCache, InterpreterSettings, Paint, SoftMask, interpret_page,
};

use super::OcrMode;
use crate::model::{BBox, Document, Glyph, Overflow, Page, PdfPage, Rule, SourceKind};
use crate::tuning::{PdfTuning, TUNING};

/// The numbers this reader is tuned by ([`PdfTuning`]).
const T: PdfTuning = TUNING.pdf;

/// Resource limits for one document.
#[derive(Debug, Clone)]
pub struct PdfLimits {
    /// Documents with more pages are refused.
    pub max_pages: u32,
    /// Cap on the decoded size of all page content streams together (bytes).
    /// Fonts and form XObjects are not counted (hayro offers no hook for them).
    pub max_decoded_bytes: u64,
    /// Cap on glyphs painted on one page (guards against pathological pages).
    pub max_glyphs_per_page: usize,
    /// Stop when this instant has passed (checked between pages and, coarsely,
    /// while a page is being interpreted).
    pub deadline: Option<Instant>,
    /// Set by a watchdog that has given up on this document: stop at the
    /// next check, as for the deadline.
    pub cancel: Option<Arc<std::sync::atomic::AtomicBool>>,
    /// Set to the page count as soon as it is known (before the pages are
    /// read), e.g. for a watchdog that scales its time limit with it.
    pub page_count: Option<Arc<AtomicU32>>,
    /// Which pages are read by OCR (see [`OcrMode`]).
    pub ocr: OcrMode,
}

impl Default for PdfLimits {
    fn default() -> Self {
        Self {
            max_pages: 20_000,
            max_decoded_bytes: 2 << 30,
            max_glyphs_per_page: 200_000,
            deadline: None,
            cancel: None,
            page_count: None,
            ocr: OcrMode::default(),
        }
    }
}

/// Why a PDF could not be turned into pages of text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error("encrypted PDF: it cannot be opened with an empty password")]
    Encrypted,
    #[error("corrupt PDF: {0}")]
    Corrupt(String),
    #[error("truncated PDF: {0}")]
    Truncated(String),
    #[error("not a PDF file (no %PDF- header)")]
    NotPdf,
    #[error("no text layer: scanned image? OCR is off (--ocr never) or not built in")]
    NoTextLayer,
    #[error("no text layer and no page image to read")]
    NoTextNoImage,
    /// Every page to read was an image and OCR failed on all of them.
    #[error("OCR failed on page {page}: {reason}")]
    Ocr { page: u32, reason: String },
    #[error("scanned image without text: OCR found no text on page(s) {pages}")]
    OcrNoText { pages: String },
    #[error("most glyphs have no Unicode mapping (page(s) {pages}): the text cannot be read")]
    Unmapped { pages: String },
    #[error("PDF limit exceeded: {0}")]
    LimitExceeded(String),
    /// hayro panicked while interpreting a page (caught; the page is named).
    #[error("internal error while reading page {page}: {message}")]
    Panic { page: u32, message: String },
}

/// Marker payload used to abort interpretation of a page when a limit is hit
/// (raised with `resume_unwind`, so no panic message is printed).
struct AbortPage(&'static str);

/// Reads a PDF into pages of glyphs and rules, in five steps: open the file
/// ([`open`]), check its page count against the limits ([`check_pages`]),
/// read each page's text layer ([`read_text_layers`]), read scanned pages
/// (or every page, with `--ocr always`) by OCR in their place
/// ([`TextLayers::ocr`]), and judge what was read ([`TextLayers::finish`]:
/// a document without text, or with mostly unmapped glyphs, is an error).
pub fn extract_pdf(bytes: &[u8], limits: &PdfLimits) -> Result<Document, PdfError> {
    if !super::is_pdf(bytes) {
        return Err(PdfError::NotPdf);
    }
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    let has_eof = find(tail, b"%%EOF").is_some();
    let pdf = open(bytes, has_eof)?;
    let pages = pdf.pages();
    check_pages(pages.len(), has_eof, limits)?;
    let mut layers = read_text_layers(&pdf, pages, limits)?;
    let ocr = layers.ocr(&pdf, limits)?;
    layers.finish(ocr, limits)
}

/// Whether the document's time is up (its deadline passed, or its watchdog
/// gave up on it).
fn out_of_time(limits: &PdfLimits) -> bool {
    limits.deadline.is_some_and(|d| Instant::now() > d)
        || limits
            .cancel
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
}

/// Parses the file (a parser panic is caught and reported as corruption).
fn open(bytes: &[u8], has_eof: bool) -> Result<Pdf, PdfError> {
    match catch_unwind(|| Pdf::new(bytes.to_vec())) {
        Ok(Ok(pdf)) => Ok(pdf),
        Ok(Err(LoadPdfError::Decryption(_))) => Err(PdfError::Encrypted),
        Ok(Err(LoadPdfError::Invalid)) if !has_eof => Err(PdfError::Truncated(
            "no %%EOF marker and the file cannot be repaired".into(),
        )),
        Ok(Err(LoadPdfError::Invalid)) => Err(PdfError::Corrupt(
            "cross-reference table or page tree unreadable".into(),
        )),
        Err(p) => Err(PdfError::Corrupt(format!(
            "parser failure: {}",
            panic_message(&*p)
        ))),
    }
}

/// Refuses a document without pages or with more than the limit, and tells
/// the watchdog the page count (before any page is read).
fn check_pages(count: usize, has_eof: bool, limits: &PdfLimits) -> Result<(), PdfError> {
    if count == 0 {
        return Err(if has_eof {
            PdfError::Corrupt("document has no pages".into())
        } else {
            PdfError::Truncated("no pages found and no %%EOF marker".into())
        });
    }
    if let Some(c) = &limits.page_count {
        c.store(u32::try_from(count).unwrap_or(u32::MAX), Ordering::Relaxed);
    }
    if count > limits.max_pages as usize {
        return Err(PdfError::LimitExceeded(format!(
            "{} pages, at most {} allowed",
            count, limits.max_pages
        )));
    }
    Ok(())
}

/// The pages as their text layers gave them, with what the later steps
/// need: glyph counts, unmapped glyphs per page, the pages to OCR.
struct TextLayers {
    pages: Vec<Page>,
    /// Glyphs on all pages.
    glyphs: usize,
    /// Glyphs without a Unicode mapping on all pages.
    unmapped: usize,
    /// (page number, unmapped glyphs, all glyphs) of each page with unmapped ones.
    unmapped_pages: Vec<(u32, usize, usize)>,
    /// Indexes of the pages to read by OCR.
    to_ocr: Vec<usize>,
}

/// What the OCR step did: the page numbers it read, and those it failed on
/// with the reason.
#[derive(Default)]
struct OcrOutcome {
    read: Vec<String>,
    failures: Vec<(u32, String)>,
}

/// Interprets every page (between pages: the time limit and the cap on
/// decoded content), collecting glyphs and rules; a page that is an image
/// and has no text is marked for OCR (or every page, with `--ocr always`).
fn read_text_layers(
    pdf: &Pdf,
    pages: &[hayro_interpret::hayro_syntax::page::Page<'_>],
    limits: &PdfLimits,
) -> Result<TextLayers, PdfError> {
    let settings = InterpreterSettings::default();
    let cache = InterpreterCache::new();
    let mut layers = TextLayers {
        pages: Vec::with_capacity(pages.len()),
        glyphs: 0,
        unmapped: 0,
        unmapped_pages: Vec::new(),
        to_ocr: Vec::new(),
    };
    let mut decoded_total: u64 = 0;
    for (i, page) in pages.iter().enumerate() {
        let number = i as u32 + 1;
        if out_of_time(limits) {
            return Err(PdfError::LimitExceeded(format!(
                "time limit reached before page {number}"
            )));
        }

        let result = catch_unwind(AssertUnwindSafe(|| {
            let stream_len = page.page_stream().map_or(0, |s| s.len()) as u64;
            decoded_total += stream_len;
            if decoded_total > limits.max_decoded_bytes {
                return Err(PdfError::LimitExceeded(format!(
                    "decoded content streams exceed {} bytes (at page {number})",
                    limits.max_decoded_bytes
                )));
            }
            let (width, height) = page.render_dimensions();
            let initial = Affine::new(page.initial_transform(true).as_coeffs());
            let bbox = Rect::new(0.0, 0.0, width as f64, height as f64);
            let mut ctx = Context::new(initial, bbox, &cache, pdf.xref(), settings.clone());
            let mut dev = Collector::new(width, height, limits);
            dev.fallback = CodeFallback::for_page(page);
            interpret_page(page, &mut ctx, &mut dev);
            let cover = dev.image_area / (width as f64 * height as f64).max(1.0);
            let (p, u) = dev.finish(number);
            Ok((p, u, cover))
        }));

        let (pdf_page, unmapped, image_cover) = match result {
            Ok(Ok(v)) => v,
            Ok(Err(e)) => return Err(e),
            Err(payload) => {
                if let Some(AbortPage(which)) = payload.downcast_ref::<AbortPage>() {
                    return Err(PdfError::LimitExceeded(format!(
                        "{which} (on page {number})"
                    )));
                }
                return Err(PdfError::Panic {
                    page: number,
                    message: panic_message(&*payload),
                });
            }
        };
        let scan = pdf_page.glyphs.is_empty() && image_cover >= T.scan_image_cover;
        if limits.ocr == OcrMode::Always || (limits.ocr == OcrMode::Auto && scan) {
            layers.to_ocr.push(i);
        }
        layers.glyphs += pdf_page.glyphs.len();
        layers.unmapped += unmapped;
        if unmapped > 0 {
            layers
                .unmapped_pages
                .push((number, unmapped, pdf_page.glyphs.len()));
        }
        layers.pages.push(Page::Pdf(pdf_page));
    }
    Ok(layers)
}

impl TextLayers {
    /// Reads the pages marked for OCR; each page read replaces its text
    /// layer (whose glyphs, mapped or not, no longer count).
    fn ocr(&mut self, pdf: &Pdf, limits: &PdfLimits) -> Result<OcrOutcome, PdfError> {
        let mut out = OcrOutcome::default();
        if self.to_ocr.is_empty() {
            return Ok(out);
        }
        if let Some(count) = &limits.page_count {
            count.fetch_add(
                (T.ocr_page_weight - 1).saturating_mul(self.to_ocr.len() as u32),
                Ordering::Relaxed,
            );
        }
        let results = ocr_pages(pdf, &self.to_ocr, limits);
        if out_of_time(limits) {
            return Err(PdfError::LimitExceeded(
                "time limit reached while reading pages by OCR".into(),
            ));
        }
        for (i, result) in results {
            let number = i as u32 + 1;
            match result {
                Ok(p) => {
                    if let Page::Pdf(old) = &self.pages[i] {
                        self.glyphs -= old.glyphs.len();
                    }
                    if let Some(k) = self.unmapped_pages.iter().position(|u| u.0 == number) {
                        self.unmapped -= self.unmapped_pages.remove(k).1;
                    }
                    self.glyphs += p.glyphs.len();
                    self.pages[i] = Page::Pdf(p);
                    out.read.push(number.to_string());
                }
                Err(reason) => out.failures.push((number, reason)),
            }
        }
        Ok(out)
    }

    /// The document, with notes on the pages read by OCR, the OCR failures
    /// and the unmapped glyphs; or the error when nothing readable is left
    /// (no text at all, or most glyphs unmapped).
    fn finish(self, ocr: OcrOutcome, limits: &PdfLimits) -> Result<Document, PdfError> {
        let mut notes = crate::diag::Diagnostics::new();
        if !ocr.read.is_empty() {
            notes.note(
                crate::diag::Code::OcrPages,
                format!("page(s) {} read by OCR", compress_ranges(&ocr.read)),
            );
        }
        for (n, reason) in &ocr.failures {
            notes.note(
                crate::diag::Code::OcrFailed,
                format!("page {n}: OCR failed: {reason}"),
            );
        }
        if self.glyphs == 0 {
            if let Some((page, reason)) = ocr.failures.into_iter().next() {
                return Err(PdfError::Ocr { page, reason });
            }
            if !ocr.read.is_empty() {
                return Err(PdfError::OcrNoText {
                    pages: compress_ranges(&ocr.read),
                });
            }
            return Err(if limits.ocr == OcrMode::Never || !cfg!(feature = "ocr") {
                PdfError::NoTextLayer
            } else {
                PdfError::NoTextNoImage
            });
        }
        if self.unmapped * 2 > self.glyphs {
            let bad: Vec<String> = self
                .unmapped_pages
                .iter()
                .filter(|(_, u, all)| u * 2 > *all)
                .map(|(n, _, _)| n.to_string())
                .collect();
            return Err(PdfError::Unmapped {
                pages: compress_ranges(&bad),
            });
        }
        for (n, u, _) in self.unmapped_pages {
            notes.note(
                crate::diag::Code::UnmappedGlyphs,
                format!("page {n}: {u} glyphs have no Unicode mapping (shown as U+FFFD)"),
            );
        }
        Ok(Document {
            kind: SourceKind::Pdf,
            pages: self.pages,
            notes,
        })
    }
}

/// Renders and reads the pages `indices` (0-based) by OCR, several at a
/// time (as many as rayon has threads: memory stays bounded by that many
/// page images and model runs). A page that fails gives its reason.
#[cfg(feature = "ocr")]
fn ocr_pages(
    pdf: &Pdf,
    indices: &[usize],
    limits: &PdfLimits,
) -> Vec<(usize, Result<PdfPage, String>)> {
    use rayon::prelude::*;
    let engine = match super::ocr::engine() {
        Ok(e) => e,
        Err(e) => return indices.iter().map(|&i| (i, Err(e.to_string()))).collect(),
    };
    let stopped = || {
        limits.deadline.is_some_and(|d| Instant::now() > d)
            || limits
                .cancel
                .as_ref()
                .is_some_and(|c| c.load(Ordering::Relaxed))
    };
    let pages = pdf.pages();
    let mut out = Vec::with_capacity(indices.len());
    for chunk in indices.chunks(rayon::current_num_threads().max(1)) {
        // hayro's pages are not shared between threads: render here, read
        // in parallel.
        let mut images = Vec::with_capacity(chunk.len());
        for &i in chunk {
            if stopped() {
                out.push((i, Err("time limit reached".to_string())));
                continue;
            }
            let page = &pages[i];
            let rendered = catch_unwind(AssertUnwindSafe(|| {
                super::ocr::render::render_page(page, super::ocr::RENDER_DPI)
            }));
            let (w, h) = page.render_dimensions();
            match rendered {
                Ok(Ok(img)) => images.push((i, img, w, h)),
                Ok(Err(e)) => out.push((i, Err(e.to_string()))),
                Err(p) => out.push((
                    i,
                    Err(format!(
                        "page could not be rendered: {}",
                        panic_message(&*p)
                    )),
                )),
            }
        }
        let read: Vec<(usize, Result<PdfPage, String>)> = images
            .into_par_iter()
            .map(|(i, img, w, h)| {
                if stopped() {
                    return (i, Err("time limit reached".to_string()));
                }
                let r = catch_unwind(AssertUnwindSafe(|| {
                    super::ocr::read_page(engine, img, w, h, i as u32 + 1)
                }));
                let r = match r {
                    Ok(Ok(p)) => Ok(p),
                    Ok(Err(e)) => Err(e.to_string()),
                    Err(p) => Err(format!("internal error: {}", panic_message(&*p))),
                };
                (i, r)
            })
            .collect();
        out.extend(read);
    }
    out.sort_by_key(|(i, _)| *i);
    out
}

/// Without the `ocr` feature, image pages cannot be read.
#[cfg(not(feature = "ocr"))]
fn ocr_pages(_: &Pdf, indices: &[usize], _: &PdfLimits) -> Vec<(usize, Result<PdfPage, String>)> {
    indices
        .iter()
        .map(|&i| {
            (
                i,
                Err("OCR is not built in (cargo feature `ocr`)".to_string()),
            )
        })
        .collect()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// "1,2,3,5" → "1-3, 5" (inputs are ascending page numbers).
fn compress_ranges(pages: &[String]) -> String {
    let nums: Vec<u32> = pages.iter().filter_map(|p| p.parse().ok()).collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < nums.len() {
        let mut j = i;
        while j + 1 < nums.len() && nums[j + 1] == nums[j] + 1 {
            j += 1;
        }
        out.push(if i == j {
            nums[i].to_string()
        } else {
            format!("{}-{}", nums[i], nums[j])
        });
        i = j + 1;
    }
    out.join(", ")
}

// ---------------------------------------------------------------------------
// The device

struct Collector {
    /// Area of the page covered by images (sum of their boxes, points²).
    image_area: f64,
    width: f32,
    height: f32,
    glyphs: Vec<Glyph>,
    rules: Vec<Rule>,
    /// Stack of clip bounding boxes (device space, already intersected).
    clips: Vec<Rect>,
    /// Glyphs painted outside a cell-sized clip: kept as overflow when
    /// their clip's box shows text too ([`Collector::finish`]).
    clipped: Vec<Overflow>,
    unmapped: usize,
    ops: u32,
    deadline: Option<Instant>,
    cancel: Option<Arc<std::sync::atomic::AtomicBool>>,
    max_glyphs: usize,
    /// How to read the character codes of unmapped glyphs, when every
    /// composite font of the page without ToUnicode uses one GB CMap.
    fallback: CodeFallback,
}

/// Decoding of character codes for composite fonts that have a predefined
/// Chinese CMap but no ToUnicode map (common in older Chinese PDFs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CodeFallback {
    None,
    /// GB-EUC-H, GBpc-EUC-H, GBK-EUC-H, GBK2K-H: the code is the GB18030
    /// byte sequence.
    Gb,
    /// UniGB-UCS2-H: the code is UCS-2.
    Ucs2,
    /// UniGB-UTF16-H: the code is UTF-16 (a pair for astral characters).
    Utf16,
}

impl CodeFallback {
    fn for_encoding(name: &str) -> Option<Self> {
        let base = name
            .strip_suffix("-H")
            .or_else(|| name.strip_suffix("-V"))?;
        Some(match base {
            "GB-EUC" | "GBpc-EUC" | "GBK-EUC" | "GBKp-EUC" | "GBK2K" => Self::Gb,
            "UniGB-UCS2" => Self::Ucs2,
            "UniGB-UTF16" => Self::Utf16,
            _ => return None,
        })
    }

    /// Looks at the page's fonts: composite fonts without ToUnicode must
    /// all use the same kind of GB CMap.
    fn for_page(page: &hayro_interpret::hayro_syntax::page::Page<'_>) -> Self {
        use hayro_interpret::hayro_syntax::object::{Dict, Name};
        let fonts = &page.resources().fonts;
        let mut found = Self::None;
        for key in fonts.keys() {
            let Some(font) = fonts.get::<Dict<'_>>(key.deref()) else {
                continue;
            };
            let is_type0 = font
                .get::<Name<'_>>("Subtype")
                .is_some_and(|n| n.as_str() == "Type0");
            if !is_type0
                || font
                    .get::<hayro_interpret::hayro_syntax::object::Object<'_>>("ToUnicode")
                    .is_some()
            {
                continue;
            }
            let kind = font
                .get::<Name<'_>>("Encoding")
                .and_then(|n| Self::for_encoding(n.as_str()));
            match (kind, found) {
                (None, _) => return Self::None,
                (Some(k), Self::None) => found = k,
                (Some(k), f) if k == f => {}
                _ => return Self::None,
            }
        }
        found
    }

    fn decode(self, code: u32, out: &mut String) -> bool {
        let start = out.len();
        match self {
            Self::None => return false,
            Self::Ucs2 => {
                if let Some(c) = char::from_u32(code) {
                    out.push(c);
                }
            }
            Self::Utf16 => {
                let units = if code > 0xFFFF {
                    vec![(code >> 16) as u16, code as u16]
                } else {
                    vec![code as u16]
                };
                for c in char::decode_utf16(units).flatten() {
                    out.push(c);
                }
            }
            Self::Gb => {
                let bytes = code.to_be_bytes();
                let skip = bytes.iter().position(|&b| b != 0).unwrap_or(3);
                let (text, _, bad) = encoding_rs::GB18030.decode(&bytes[skip..]);
                if !bad {
                    out.push_str(&text);
                }
            }
        }
        let ok = out.len() > start
            && !out[start..]
                .chars()
                .any(|c| c == '\u{FFFD}' || c.is_control());
        if !ok {
            out.truncate(start);
        }
        ok
    }
}

impl Collector {
    fn new(width: f32, height: f32, limits: &PdfLimits) -> Self {
        Self {
            image_area: 0.0,
            width,
            height,
            glyphs: Vec::new(),
            rules: Vec::new(),
            clips: vec![Rect::new(0.0, 0.0, width as f64, height as f64)],
            clipped: Vec::new(),
            unmapped: 0,
            ops: 0,
            deadline: limits.deadline,
            cancel: limits.cancel.clone(),
            max_glyphs: limits.max_glyphs_per_page,
            fallback: CodeFallback::None,
        }
    }

    fn clip(&self) -> Rect {
        *self.clips.last().expect("clip stack never empty")
    }

    fn tick(&mut self) {
        self.ops = self.ops.wrapping_add(1);
        if self.ops.is_multiple_of(T.ops_between_time_checks)
            && (self.deadline.is_some_and(|d| Instant::now() > d)
                || self
                    .cancel
                    .as_ref()
                    .is_some_and(|c| c.load(Ordering::Relaxed)))
        {
            resume_unwind(Box::new(AbortPage("time limit reached")));
        }
    }

    fn push_clip_bbox(&mut self, r: Rect) {
        let cur = self.clip();
        let mut n = cur.intersect(r);
        if n.width() < 0.0 || n.height() < 0.0 {
            n = Rect::new(n.x0, n.y0, n.x0, n.y0);
        }
        self.clips.push(n);
    }

    /// The current clip is the size of a table cell (not a page's body or
    /// a text frame): what it hides is a cell's overflowing text.
    fn clip_is_cell(&self) -> bool {
        let c = self.clip();
        self.clips.len() > 1
            && c.height() > 0.0
            && c.height() <= T.max_cell_clip_height
            && c.width() <= T.max_cell_clip_width
    }

    fn add_rule(&mut self, a: Point, b: Point, width: f64) {
        let (dx, dy) = ((b.x - a.x).abs(), (b.y - a.y).abs());
        let slant = T.rule_max_slant;
        let horizontal = if dy <= slant && dx > slant {
            true
        } else if dx <= slant && dy > slant {
            false
        } else {
            return;
        };
        if !(0.0..=T.rule_max_width).contains(&width) {
            return;
        }
        let slack = 1.0 + width / 2.0;
        let c = self.clip().inflate(slack, slack);
        let (mut x0, mut y0, mut x1, mut y1) = if horizontal {
            let y = (a.y + b.y) / 2.0;
            (a.x.min(b.x), y, a.x.max(b.x), y)
        } else {
            let x = (a.x + b.x) / 2.0;
            (x, a.y.min(b.y), x, a.y.max(b.y))
        };
        if horizontal {
            if y0 < c.y0 || y0 > c.y1 {
                return;
            }
            x0 = x0.max(c.x0);
            x1 = x1.min(c.x1);
            if x1 - x0 < T.rule_min_length {
                return;
            }
        } else {
            if x0 < c.x0 || x0 > c.x1 {
                return;
            }
            y0 = y0.max(c.y0);
            y1 = y1.min(c.y1);
            if y1 - y0 < T.rule_min_length {
                return;
            }
        }
        self.rules.push(Rule {
            x0: x0 as f32,
            y0: y0 as f32,
            x1: x1 as f32,
            y1: y1 as f32,
            width: width as f32,
        });
    }

    /// A filled axis-aligned box (device space): a rule if thin.
    fn add_filled_box(&mut self, r: Rect) {
        let (w, h) = (r.width(), r.height());
        let (thin, aspect) = (T.box_rule_max_thickness, T.box_rule_aspect);
        if h < thin && w >= thin && w > h * aspect {
            let y = (r.y0 + r.y1) / 2.0;
            self.add_rule(Point::new(r.x0, y), Point::new(r.x1, y), h);
        } else if w < thin && h >= thin && h > w * aspect {
            let x = (r.x0 + r.x1) / 2.0;
            self.add_rule(Point::new(x, r.y0), Point::new(x, r.y1), w);
        }
    }

    fn stroke_path(&mut self, path: &BezPath, t: Affine, line_width: f32) {
        let width = line_width as f64 * scale_of(t);
        for seg in path.segments() {
            if let PathSeg::Line(l) = seg {
                self.add_rule(t * l.p0, t * l.p1, width);
            }
        }
    }

    fn fill_path(&mut self, path: &BezPath, t: Affine) {
        // Each subpath made only of straight lines whose box is thin → rule.
        let mut start = 0;
        let els = path.elements();
        for i in 1..=els.len() {
            if i == els.len() || matches!(els[i], PathEl::MoveTo(_)) {
                let sub = &els[start..i];
                start = i;
                if sub
                    .iter()
                    .any(|e| matches!(e, PathEl::QuadTo(..) | PathEl::CurveTo(..)))
                {
                    continue;
                }
                let mut r: Option<Rect> = None;
                for e in sub {
                    let p = match e {
                        PathEl::MoveTo(p) | PathEl::LineTo(p) => t * *p,
                        _ => continue,
                    };
                    r = Some(match r {
                        None => Rect::from_points(p, p),
                        Some(r) => r.union_pt(p),
                    });
                }
                if let Some(r) = r {
                    self.add_filled_box(r);
                }
            }
        }
    }

    fn finish(mut self, number: u32) -> (PdfPage, usize) {
        dedupe_glyphs(&mut self.glyphs);
        // Overflow of a clip whose box shows no text is not a cell's text
        // running on (a merged cell's label centred on another page). The
        // shown part may be painted under another clip (the page body's)
        // than the hidden rest, so the box is tested, not the clip.
        let mut shows_text: rustc_hash::FxHashMap<[i32; 4], bool> = Default::default();
        let glyphs = &self.glyphs;
        let overflow: Vec<Overflow> = self
            .clipped
            .into_iter()
            .filter(|o| {
                let c = o.clip;
                *shows_text.entry(clip_key(&c)).or_insert_with(|| {
                    glyphs.iter().any(|g| {
                        let (x, y) = ((g.bbox.x0 + g.bbox.x1) / 2.0, (g.bbox.y0 + g.bbox.y1) / 2.0);
                        x >= c.x0 && x <= c.x1 && y >= c.y0 && y <= c.y1
                    })
                })
            })
            .collect();
        (
            PdfPage {
                number,
                width: self.width,
                height: self.height,
                glyphs: self.glyphs,
                rules: self.rules,
                overflow,
            },
            self.unmapped,
        )
    }
}

fn scale_of(t: Affine) -> f64 {
    t.determinant().abs().sqrt()
}

fn is_invisible_paint(p: &Paint<'_>) -> bool {
    match p {
        Paint::Color(c) => {
            let [r, g, b, a] = c.to_rgba().components();
            a < T.invisible_alpha
                || (r > T.white_channel && g > T.white_channel && b > T.white_channel)
        }
        Paint::Pattern(_) => false,
    }
}

impl<'a> Device<'a> for Collector {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, draw_mode: &DrawMode) {
        self.tick();
        if is_invisible_paint(&props.paint) {
            return;
        }
        match draw_mode {
            DrawMode::Stroke(sp) => self.stroke_path(path, props.transform, sp.line_width),
            DrawMode::FillAndStroke(_, sp) => {
                self.fill_path(path, props.transform);
                self.stroke_path(path, props.transform, sp.line_width)
            }
            DrawMode::Fill(_) => self.fill_path(path, props.transform),
            DrawMode::Invisible => {}
        }
    }

    fn draw_rect(&mut self, rect: &Rect, props: DrawProps<'a>, draw_mode: &DrawMode) {
        self.tick();
        if is_invisible_paint(&props.paint) {
            return;
        }
        let t = props.transform;
        let corners = [
            t * Point::new(rect.x0, rect.y0),
            t * Point::new(rect.x1, rect.y0),
            t * Point::new(rect.x1, rect.y1),
            t * Point::new(rect.x0, rect.y1),
        ];
        let stroke = |me: &mut Self, lw: f32| {
            let w = lw as f64 * scale_of(t);
            for i in 0..4 {
                me.add_rule(corners[i], corners[(i + 1) % 4], w);
            }
        };
        let fill = |me: &mut Self| {
            let mut r = Rect::from_points(corners[0], corners[2]);
            r = r.union_pt(corners[1]).union_pt(corners[3]);
            me.add_filled_box(r);
        };
        match draw_mode {
            DrawMode::Stroke(sp) => stroke(self, sp.line_width),
            DrawMode::FillAndStroke(_, sp) => {
                fill(self);
                stroke(self, sp.line_width);
            }
            DrawMode::Fill(_) => fill(self),
            DrawMode::Invisible => {}
        }
    }

    fn push_clip_path(&mut self, clip_path: &ClipPath) {
        let bb = clip_path.path.bounding_box();
        self.push_clip_bbox(bb);
    }

    fn push_clip_rect(&mut self, rect: &Rect) {
        self.push_clip_bbox(*rect);
    }

    fn pop_clip(&mut self) {
        if self.clips.len() > 1 {
            self.clips.pop();
        }
    }

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}

    fn pop_transparency_group(&mut self) {}

    fn draw_image(&mut self, image: Image<'a, '_>, props: ImageDrawProps<'a>) {
        self.tick();
        let (w, h) = (image.width(), image.height());
        let local = Rect::new(0.0, 0.0, w as f64, h as f64);
        let shown = props
            .transform
            .transform_rect_bbox(local)
            .intersect(self.clip());
        if shown.width() > 0.0 && shown.height() > 0.0 {
            self.image_area += shown.area();
        }
    }

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, _mode: &DrawMode) {
        self.tick();
        let clip = self.clip().inflate(T.glyph_clip_slack, T.glyph_clip_slack);
        let page = Rect::new(
            -T.page_slack,
            -T.page_slack,
            self.width as f64 + T.page_slack,
            self.height as f64 + T.page_slack,
        );
        for g in run.glyphs() {
            let t = props.transform * g.transform();
            let [a, b, c, d, e, f] = t.as_coeffs();
            // em vector (glyph space is 1000 units per em)
            let (vyx, vyy) = (c * 1000.0, d * 1000.0);
            let size = (vyx * vyx + vyy * vyy).sqrt();
            if size.is_nan() || size <= T.min_glyph_size || !size.is_finite() {
                continue;
            }
            let (text, adv_units) = match &**g {
                HGlyph::Outline(o) => (o.as_unicode(), o.advance_width()),
                HGlyph::Type3(t3) => (t3.as_unicode(), None),
            };
            let mut buf = String::new();
            let mut bad = false;
            match text {
                Some(BfString::Char(ch)) => push_mapped(&mut buf, ch, &mut bad),
                Some(BfString::String(s)) => {
                    for ch in s.chars() {
                        push_mapped(&mut buf, ch, &mut bad);
                    }
                }
                None => {
                    let code = g.char_code();
                    if code == 32 {
                        continue;
                    }
                    if self.fallback.decode(code, &mut buf) {
                        let mapped: String = buf.chars().map(map_cjk_compat).collect();
                        buf = mapped;
                    } else {
                        bad = true;
                    }
                }
            }
            if bad && buf.is_empty() {
                buf.push('\u{FFFD}');
            }
            if buf.chars().all(char::is_whitespace) {
                continue;
            }
            let first = buf.chars().next().unwrap_or(' ');
            let adv = match adv_units {
                Some(w) if w > 1.0 => w as f64,
                _ => {
                    if is_wide(first) {
                        1000.0
                    } else {
                        500.0
                    }
                }
            };
            let (vxx, vxy) = (a * adv, b * adv);
            // corners: origin + s*vx + u*vy, s∈{0,1}, u∈{-0.12, 0.88}
            let mut x0 = f64::MAX;
            let mut y0 = f64::MAX;
            let mut x1 = f64::MIN;
            let mut y1 = f64::MIN;
            for (s, u) in [(0.0, -0.12), (1.0, -0.12), (0.0, 0.88), (1.0, 0.88)] {
                let px = e + s * vxx + u * c * 1000.0;
                let py = f + s * vxy + u * d * 1000.0;
                x0 = x0.min(px);
                y0 = y0.min(py);
                x1 = x1.max(px);
                y1 = y1.max(py);
            }
            let cx = (x0 + x1) / 2.0;
            let cy = (y0 + y1) / 2.0;
            if !page.contains(Point::new(cx, cy)) {
                continue;
            }
            let hidden = !clip.contains(Point::new(cx, cy));
            if hidden && !self.clip_is_cell() {
                continue;
            }
            if bad {
                self.unmapped += 1;
            }
            if self.glyphs.len() + self.clipped.len() >= self.max_glyphs {
                resume_unwind(Box::new(AbortPage("too many glyphs on one page")));
            }
            let glyph = Glyph {
                text: buf,
                bbox: BBox {
                    x0: x0 as f32,
                    y0: y0 as f32,
                    x1: x1 as f32,
                    y1: y1 as f32,
                },
                size: size as f32,
                confidence: None,
            };
            if hidden {
                let c = self.clip();
                let clip = BBox {
                    x0: c.x0 as f32,
                    y0: c.y0 as f32,
                    x1: c.x1 as f32,
                    y1: c.y1 as f32,
                };
                self.clipped.push(Overflow { glyph, clip });
            } else {
                self.glyphs.push(glyph);
            }
        }
    }
}

/// A clip box to a tenth of a point, to compare clips pushed apart.
fn clip_key(b: &BBox) -> [i32; 4] {
    [b.x0, b.y0, b.x1, b.y1].map(|v| (v * 10.0).round() as i32)
}

fn push_mapped(buf: &mut String, ch: char, bad: &mut bool) {
    let c = map_cjk_compat(ch);
    match c {
        '\u{FFFD}' | '\u{E000}'..='\u{F8FF}' => *bad = true,
        '\0'..='\u{1F}' | '\u{7F}' => {}
        _ => buf.push(c),
    }
}

/// Wide (full-width) characters: CJK ideographs, kana, hangul, fullwidth forms.
pub fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{303E}'
        | '\u{3041}'..='\u{33FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{A000}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{20000}'..='\u{3FFFD}')
}

/// Drops glyphs painted twice at (nearly) the same spot: fake bold, fill then
/// stroke, shadow text. Keeps the first.
fn dedupe_glyphs(glyphs: &mut Vec<Glyph>) {
    if glyphs.len() < 2 {
        return;
    }
    let mut order: Vec<u32> = (0..glyphs.len() as u32).collect();
    order.sort_by(|&a, &b| {
        glyphs[a as usize]
            .bbox
            .x0
            .total_cmp(&glyphs[b as usize].bbox.x0)
            .then(a.cmp(&b))
    });
    let mut drop = vec![false; glyphs.len()];
    for (k, &i) in order.iter().enumerate() {
        if drop[i as usize] {
            continue;
        }
        let gi = &glyphs[i as usize];
        for &j in &order[k + 1..] {
            let gj = &glyphs[j as usize];
            if gj.bbox.x0 - gi.bbox.x0 > T.double_paint_distance {
                break;
            }
            if !drop[j as usize]
                && (gj.bbox.y0 - gi.bbox.y0).abs() <= T.double_paint_distance
                && (gj.size - gi.size).abs() <= T.double_paint_distance
                && gj.text == gi.text
            {
                // keep the earlier-painted one
                let lose = i.max(j);
                drop[lose as usize] = true;
                if lose == i {
                    break;
                }
            }
        }
    }
    let mut idx = 0;
    glyphs.retain(|_| {
        let keep = !drop[idx];
        idx += 1;
        keep
    });
}

// ---------------------------------------------------------------------------
// CJK compatibility ideographs and radicals → unified ideographs

/// Maps Kangxi radicals (U+2F00–U+2FD5), CJK Radicals Supplement
/// (U+2E80–U+2EF3) and CJK compatibility ideographs (U+F900–U+FAFF,
/// U+2F800–U+2FA1F) to the unified ideograph they stand for, preferring the
/// simplified form for radicals (⼾ → 户, ⾨ → 门, ⻓ → 长). Every other
/// character is returned unchanged (no NFKC: （）：， stay full-width).
pub fn map_cjk_compat(c: char) -> char {
    let cp = c as u32;
    if !((0x2E80..=0x2FDF).contains(&cp)
        || (0xF900..=0xFAFF).contains(&cp)
        || (0x2F800..=0x2FA1F).contains(&cp))
    {
        return c;
    }
    let table = cjk_table();
    match table.binary_search_by_key(&c, |&(k, _)| k) {
        Ok(i) => table[i].1,
        Err(_) => c,
    }
}

fn cjk_table() -> &'static [(char, char)] {
    static TABLE: OnceLock<Vec<(char, char)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut v = Vec::with_capacity(1400);
        let mut it = CJK_MAP.chars();
        while let (Some(a), Some(b)) = (it.next(), it.next()) {
            v.push((a, b));
        }
        v.sort_unstable();
        v
    })
}

// Generated by tools/gen_cjk_table.py from the Unicode data files
// (EquivalentUnifiedIdeograph.txt, canonical decompositions): pairs of
// (source, target) characters.
const CJK_MAP: &str = concat!(
    "⺁厂⺂乛⺃乚⺄乙⺅亻⺆冂⺇𠘨⺈刀⺉刂⺊卜⺋㔾⺌小⺍小⺎兀⺏尣⺐尢⺑𡯂⺒巳⺓幺⺔彑⺕𫜹⺖忄⺗心⺘扌⺙攵⺛旡⺜日⺝月⺞歺⺟母⺠民⺡氵",
    "⺢氺⺣灬⺤爫⺥爫⺦丬⺧牛⺨犭⺩王⺪𤴔⺫目⺬示⺭礻⺮𥫗⺯糹⺰纟⺱罓⺲罒⺳㓁⺴冗⺵𦉫⺶羊⺷𦍌⺸𦍋⺹耂⺺肀⺻聿⺼肉⺽𦥑⺾艹⺿艹⻀艹⻁虎",
    "⻂衤⻃覀⻄西⻅见⻆角⻇𧢲⻈讠⻉贝⻊𧾷⻋车⻌辶⻍辶⻎辶⻏邑⻐钅⻑长⻒镸⻓长⻔门⻕𨸏⻖阝⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻞𩙿⻟饣⻠饣⻡𩠐",
    "⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龟⻲亀⻳龟⼀一⼁丨⼂丶⼃丿⼄乙⼅亅⼆二⼇亠⼈人⼉儿⼊入⼋八⼌冂⼍冖",
    "⼎冫⼏几⼐凵⼑刀⼒力⼓勹⼔匕⼕匚⼖匸⼗十⼘卜⼙卩⼚厂⼛厶⼜又⼝口⼞囗⼟土⼠士⼡夂⼢夊⼣夕⼤大⼥女⼦子⼧宀⼨寸⼩小⼪尢⼫尸⼬屮⼭山",
    "⼮巛⼯工⼰己⼱巾⼲干⼳幺⼴广⼵廴⼶廾⼷弋⼸弓⼹彐⼺彡⼻彳⼼心⼽戈⼾户⼿手⽀支⽁攴⽂文⽃斗⽄斤⽅方⽆无⽇日⽈曰⽉月⽊木⽋欠⽌止⽍歹",
    "⽎殳⽏毋⽐比⽑毛⽒氏⽓气⽔水⽕火⽖爪⽗父⽘爻⽙爿⽚片⽛牙⽜牛⽝犬⽞玄⽟玉⽠瓜⽡瓦⽢甘⽣生⽤用⽥田⽦疋⽧疒⽨癶⽩白⽪皮⽫皿⽬目⽭矛",
    "⽮矢⽯石⽰示⽱禸⽲禾⽳穴⽴立⽵竹⽶米⽷糸⽸缶⽹网⽺羊⽻羽⽼老⽽而⽾耒⽿耳⾀聿⾁肉⾂臣⾃自⾄至⾅臼⾆舌⾇舛⾈舟⾉艮⾊色⾋艸⾌虍⾍虫",
    "⾎血⾏行⾐衣⾑襾⾒见⾓角⾔言⾕谷⾖豆⾗豕⾘豸⾙贝⾚赤⾛走⾜足⾝身⾞车⾟辛⾠辰⾡辵⾢邑⾣酉⾤釆⾥里⾦金⾧长⾨门⾩阜⾪隶⾫隹⾬雨⾭青",
    "⾮非⾯面⾰革⾱韦⾲韭⾳音⾴页⾵风⾶飞⾷食⾸首⾹香⾺马⾻骨⾼高⾽髟⾾斗⾿鬯⿀鬲⿁鬼⿂鱼⿃鸟⿄卤⿅鹿⿆麦⿇麻⿈黄⿉黍⿊黑⿋黹⿌黾⿍鼎",
    "⿎鼓⿏鼠⿐鼻⿑齐⿒齿⿓龙⿔龟⿕龠㇆𠃌㇏乀㇐一㇑丨㇒丿㇓丿㇔丶㇕𠃍㇖乛㇗𠃊㇘𠃎㇙𠄌㇚亅㇛𡿨㇜𠃋㇝乀㇞𠃑㇟乚㇠乙㇡𠄎豈豈更更車車賈賈",
    "滑滑串串句句龜龜龜龜契契金金喇喇奈奈懶懶癩癩羅羅蘿蘿螺螺裸裸邏邏樂樂洛洛烙烙珞珞落落酪酪駱駱亂亂卵卵欄欄爛爛蘭蘭鸞鸞嵐嵐濫濫藍藍",
    "襤襤拉拉臘臘蠟蠟廊廊朗朗浪浪狼狼郎郎來來冷冷勞勞擄擄櫓櫓爐爐盧盧老老蘆蘆虜虜路路露露魯魯鷺鷺碌碌祿祿綠綠菉菉錄錄鹿鹿論論壟壟弄弄",
    "籠籠聾聾牢牢磊磊賂賂雷雷壘壘屢屢樓樓淚淚漏漏累累縷縷陋陋勒勒肋肋凜凜凌凌稜稜綾綾菱菱陵陵讀讀拏拏樂樂諾諾丹丹寧寧怒怒率率異異北北",
    "磻磻便便復復不不泌泌數數索索參參塞塞省省葉葉說說殺殺辰辰沈沈拾拾若若掠掠略略亮亮兩兩凉凉梁梁糧糧良良諒諒量量勵勵呂呂女女廬廬旅旅",
    "濾濾礪礪閭閭驪驪麗麗黎黎力力曆曆歷歷轢轢年年憐憐戀戀撚撚漣漣煉煉璉璉秊秊練練聯聯輦輦蓮蓮連連鍊鍊列列劣劣咽咽烈烈裂裂說說廉廉念念",
    "捻捻殮殮簾簾獵獵令令囹囹寧寧嶺嶺怜怜玲玲瑩瑩羚羚聆聆鈴鈴零零靈靈領領例例禮禮醴醴隸隸惡惡了了僚僚寮寮尿尿料料樂樂燎燎療療蓼蓼遼遼",
    "龍龍暈暈阮阮劉劉杻杻柳柳流流溜溜琉琉留留硫硫紐紐類類六六戮戮陸陸倫倫崙崙淪淪輪輪律律慄慄栗栗率率隆隆利利吏吏履履易易李李梨梨泥泥",
    "理理痢痢罹罹裏裏裡裡里里離離匿匿溺溺吝吝燐燐璘璘藺藺隣隣鱗鱗麟麟林林淋淋臨臨立立笠笠粒粒狀狀炙炙識識什什茶茶刺刺切切度度拓拓糖糖",
    "宅宅洞洞暴暴輻輻行行降降見見廓廓兀兀嗀嗀塚塚晴晴凞凞猪猪益益礼礼神神祥祥福福靖靖精精羽羽蘒蘒諸諸逸逸都都飯飯飼飼館館鶴鶴郞郞隷隷",
    "侮侮僧僧免免勉勉勤勤卑卑喝喝嘆嘆器器塀塀墨墨層層屮屮悔悔慨慨憎憎懲懲敏敏既既暑暑梅梅海海渚渚漢漢煮煮爫爫琢琢碑碑社社祉祉祈祈祐祐",
    "祖祖祝祝禍禍禎禎穀穀突突節節練練縉縉繁繁署署者者臭臭艹艹艹艹著著褐褐視視謁謁謹謹賓賓贈贈辶辶逸逸難難響響頻頻恵恵𤋮𤋮舘舘並並况况",
    "全全侀侀充充冀冀勇勇勺勺喝喝啕啕喙喙嗢嗢塚塚墳墳奄奄奔奔婢婢嬨嬨廒廒廙廙彩彩徭徭惘惘慎慎愈愈憎憎慠慠懲懲戴戴揄揄搜搜摒摒敖敖晴晴",
    "朗朗望望杖杖歹歹殺殺流流滛滛滋滋漢漢瀞瀞煮煮瞧瞧爵爵犯犯猪猪瑱瑱甆甆画画瘝瘝瘟瘟益益盛盛直直睊睊着着磌磌窱窱節節类类絛絛練練缾缾",
    "者者荒荒華華蝹蝹襁襁覆覆視視調調諸諸請請謁謁諾諾諭諭謹謹變變贈贈輸輸遲遲醙醙鉶鉶陼陼難難靖靖韛韛響響頋頋頻頻鬒鬒龜龜𢡊𢡊𢡄𢡄𣏕𣏕",
    "㮝㮝䀘䀘䀹䀹𥉉𥉉𥳐𥳐𧻓𧻓齃齃龎龎丽丽丸丸乁乁𠄢𠄢你你侮侮侻侻倂倂偺偺備備僧僧像像㒞㒞𠘺𠘺免免兔兔兤兤具具𠔜𠔜㒹㒹內內再再𠕋𠕋冗冗",
    "冤冤仌仌冬冬况况𩇟𩇟凵凵刃刃㓟㓟刻刻剆剆割割剷剷㔕㔕勇勇勉勉勤勤勺勺包包匆匆北北卉卉卑卑博博即即卽卽卿卿卿卿卿卿𠨬𠨬灰灰及及叟叟",
    "𠭣𠭣叫叫叱叱吆吆咞咞吸吸呈呈周周咢咢哶哶唐唐啓啓啣啣善善善善喙喙喫喫喳喳嗂嗂圖圖嘆嘆圗圗噑噑噴噴切切壮壮城城埴埴堍堍型型堲堲報報",
    "墬墬𡓤𡓤売売壷壷夆夆多多夢夢奢奢𡚨𡚨𡛪𡛪姬姬娛娛娧娧姘姘婦婦㛮㛮㛼㛼嬈嬈嬾嬾嬾嬾𡧈𡧈寃寃寘寘寧寧寳寳𡬘𡬘寿寿将将当当尢尢㞁㞁屠屠",
    "屮屮峀峀岍岍𡷤𡷤嵃嵃𡷦𡷦嵮嵮嵫嵫嵼嵼巡巡巢巢㠯㠯巽巽帨帨帽帽幩幩㡢㡢𢆃𢆃㡼㡼庰庰庳庳庶庶廊廊𪎒𪎒廾廾𢌱𢌱𢌱𢌱舁舁弢弢弢弢㣇㣇𣊸𣊸",
    "𦇚𦇚形形彫彫㣣㣣徚徚忍忍志志忹忹悁悁㤺㤺㤜㤜悔悔𢛔𢛔惇惇慈慈慌慌慎慎慌慌慺慺憎憎憲憲憤憤憯憯懞懞懲懲懶懶成成戛戛扝扝抱抱拔拔捐捐",
    "𢬌𢬌挽挽拼拼捨捨掃掃揤揤𢯱𢯱搢搢揅揅掩掩㨮㨮摩摩摾摾撝撝摷摷㩬㩬敏敏敬敬𣀊𣀊旣旣書書晉晉㬙㬙暑暑㬈㬈㫤㫤冒冒冕冕最最暜暜肭肭䏙䏙",
    "朗朗望望朡朡杞杞杓杓𣏃𣏃㭉㭉柺柺枅枅桒桒梅梅𣑭𣑭梎梎栟栟椔椔㮝㮝楂楂榣榣槪槪檨檨𣚣𣚣櫛櫛㰘㰘次次𣢧𣢧歔歔㱎㱎歲歲殟殟殺殺殻殻𣪍𣪍",
    "𡴋𡴋𣫺𣫺汎汎𣲼𣲼沿沿泍泍汧汧洖洖派派海海流流浩浩浸浸涅涅𣴞𣴞洴洴港港湮湮㴳㴳滋滋滇滇𣻑𣻑淹淹潮潮𣽞𣽞𣾎𣾎濆濆瀹瀹瀞瀞瀛瀛㶖㶖灊灊",
    "災災灷灷炭炭𠔥𠔥煅煅𤉣𤉣熜熜𤎫𤎫爨爨爵爵牐牐𤘈𤘈犀犀犕犕𤜵𤜵𤠔𤠔獺獺王王㺬㺬玥玥㺸㺸㺸㺸瑇瑇瑜瑜瑱瑱璅璅瓊瓊㼛㼛甤甤𤰶𤰶甾甾𤲒𤲒",
    "異異𢆟𢆟瘐瘐𤾡𤾡𤾸𤾸𥁄𥁄㿼㿼䀈䀈直直𥃳𥃳𥃲𥃲𥄙𥄙𥄳𥄳眞眞真真真真睊睊䀹䀹瞋瞋䁆䁆䂖䂖𥐝𥐝硎硎碌碌磌磌䃣䃣𥘦𥘦祖祖𥚚𥚚𥛅𥛅福福秫秫",
    "䄯䄯穀穀穊穊穏穏𥥼𥥼𥪧𥪧𥪧𥪧竮竮䈂䈂𥮫𥮫篆篆築築䈧䈧𥲀𥲀糒糒䊠䊠糨糨糣糣紀紀𥾆𥾆絣絣䌁䌁緇緇縂縂繅繅䌴䌴𦈨𦈨𦉇𦉇䍙䍙𦋙𦋙罺罺𦌾𦌾",
    "羕羕翺翺者者𦓚𦓚𦔣𦔣聠聠𦖨𦖨聰聰𣍟𣍟䏕䏕育育脃脃䐋䐋脾脾媵媵𦞧𦞧𦞵𦞵𣎓𣎓𣎜𣎜舁舁舄舄辞辞䑫䑫芑芑芋芋芝芝劳劳花花芳芳芽芽苦苦𦬼𦬼",
    "若若茝茝荣荣莭莭茣茣莽莽菧菧著著荓荓菊菊菌菌菜菜𦰶𦰶𦵫𦵫𦳕𦳕䔫䔫蓱蓱蓳蓳蔖蔖𧏊𧏊蕤蕤𦼬𦼬䕝䕝䕡䕡𦾱𦾱𧃒𧃒䕫䕫虐虐虜虜虧虧虩虩蚩蚩",
    "蚈蚈蜎蜎蛢蛢蝹蝹蜨蜨蝫蝫螆螆䗗䗗蟡蟡蠁蠁䗹䗹衠衠衣衣𧙧𧙧裗裗裞裞䘵䘵裺裺㒻㒻𧢮𧢮𧥦𧥦䚾䚾䛇䛇誠誠諭諭變變豕豕𧲨𧲨貫貫賁賁贛贛起起",
    "𧼯𧼯𠠄𠠄跋跋趼趼跰跰𠣞𠣞軔軔輸輸𨗒𨗒𨗭𨗭邔邔郱郱鄑鄑𨜮𨜮鄛鄛鈸鈸鋗鋗鋘鋘鉼鉼鏹鏹鐕鐕𨯺𨯺開開䦕䦕閷閷𨵷𨵷䧦䧦雃雃嶲嶲霣霣𩅅𩅅𩈚𩈚",
    "䩮䩮䩶䩶韠韠𩐊𩐊䪲䪲𩒖𩒖頋頋頋頋頩頩𩖶𩖶飢飢䬳䬳餩餩馧馧駂駂駾駾䯎䯎𩬰𩬰鬒鬒鱀鱀鳽鳽䳎䳎䳭䳭鵧鵧𪃎𪃎䳸䳸𪄅𪄅𪈎𪈎𪊑𪊑麻麻䵖䵖黹黹",
    "黾黾鼅鼅鼏鼏鼖鼖鼻鼻𪘀𪘀",
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kangxi_and_compat_mapping() {
        assert_eq!(map_cjk_compat('⾦'), '金'); // U+2FA6
        assert_eq!(map_cjk_compat('⼾'), '户'); // U+2F3E, not 戶
        assert_eq!(map_cjk_compat('⾨'), '门'); // U+2FA8
        assert_eq!(map_cjk_compat('⻓'), '长'); // U+2ED3
        assert_eq!(map_cjk_compat('⺠'), '民'); // U+2EA0
        assert_eq!(map_cjk_compat('⽤'), '用'); // U+2F64
        assert_eq!(map_cjk_compat('⾏'), '行'); // U+2F8F
        assert_eq!(map_cjk_compat('\u{F900}'), '豈'); // compatibility ideograph
        assert_eq!(map_cjk_compat('\u{2F800}'), '丽');
        // untouched: full-width punctuation, unified ideographs, ASCII
        for c in ['（', '）', '：', '，', '户', '金', 'A', '1', '％'] {
            assert_eq!(map_cjk_compat(c), c);
        }
        // every Kangxi radical maps to a unified ideograph
        for cp in 0x2F00..=0x2FD5 {
            let c = char::from_u32(cp).unwrap();
            let m = map_cjk_compat(c);
            assert!(
                ('\u{4E00}'..='\u{9FFF}').contains(&m),
                "{c} U+{cp:04X} → {m}"
            );
        }
    }

    /// A tiny PDF writer for tests: one Helvetica font (F1) whose ToUnicode
    /// maps K → ⾦ (U+2FA6) and L → ⼾ (U+2F3E); pages are (content, /Rotate),
    /// 600 × 800 pt unless the content starts with `%size W H`.
    fn build_pdf(pages: &[(&str, i32)]) -> Vec<u8> {
        let cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap \
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def \
            /CMapName /T def /CMapType 2 def 1 begincodespacerange <00> <FF> endcodespacerange \
            2 beginbfchar <4B> <2FA6> <4C> <2F3E> endbfchar endcmap \
            CMapName currentdict /CMap defineresource pop end end";
        let mut objs: Vec<String> = Vec::new();
        objs.push("<< /Type /Catalog /Pages 2 0 R >>".into());
        let kids: Vec<String> = (0..pages.len())
            .map(|i| format!("{} 0 R", 5 + 2 * i))
            .collect();
        objs.push(format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        ));
        objs.push(
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode 4 0 R >>"
                .into(),
        );
        objs.push(format!(
            "<< /Length {} >>\nstream\n{cmap}\nendstream",
            cmap.len()
        ));
        for (i, (content, rotate)) in pages.iter().enumerate() {
            let size = content
                .strip_prefix("%size ")
                .and_then(|r| r.lines().next())
                .unwrap_or("600 800");
            objs.push(format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {size}] /Rotate {rotate} \
                 /Resources << /Font << /F1 3 0 R {} {} >> >> /Contents {} 0 R >>",
                if content.contains("/F2 ") {
                    format!("/F2 {} 0 R", 5 + 2 * pages.len())
                } else {
                    String::new()
                },
                if content.contains("/F3 ") {
                    format!("/F3 {} 0 R", 7 + 2 * pages.len())
                } else {
                    String::new()
                },
                6 + 2 * i
            ));
            objs.push(format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            ));
        }
        // F2: a composite font without ToUnicode (codes cannot be mapped).
        objs.push(format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H \
             /DescendantFonts [{} 0 R] >>",
            6 + 2 * pages.len()
        ));
        objs.push(
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo \
             << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 \
             /FontDescriptor << /Type /FontDescriptor /FontName /SimSun /Flags 4 \
             /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 \
             /CapHeight 700 /StemV 80 >> >>"
                .into(),
        );
        // F3: a composite font with the predefined GBK-EUC-H CMap and no
        // ToUnicode (not embedded).
        objs.push(format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /SimHei /Encoding /GBK-EUC-H \
             /DescendantFonts [{} 0 R] >>",
            8 + 2 * pages.len()
        ));
        objs.push(
            "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /SimHei /CIDSystemInfo \
             << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 \
             /FontDescriptor << /Type /FontDescriptor /FontName /SimHei /Flags 4 \
             /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 \
             /CapHeight 700 /StemV 80 >> >>"
                .into(),
        );
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objs.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes(),
        );
        for off in offsets {
            out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objs.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    fn page(doc: &Document, i: usize) -> &PdfPage {
        match &doc.pages[i] {
            Page::Pdf(p) => p,
            Page::Text(_) | Page::Blocks(_) => panic!("not a PDF page"),
        }
    }

    fn text_of(p: &PdfPage) -> String {
        p.glyphs.iter().map(|g| g.text.as_str()).collect()
    }

    const CONTENT: &str = "\
        BT /F1 10 Tf 100 700 Td (AB) Tj ET\n\
        BT /F1 10 Tf 100.3 700 Td (AB) Tj ET\n\
        BT /F1 10 Tf 100 680 Td (KL) Tj ET\n\
        BT /F1 10 Tf 100 900 Td (Z) Tj ET\n\
        q 50 50 100 100 re W n BT /F1 10 Tf 200 300 Td (Q) Tj ET BT /F1 10 Tf 60 60 Td (C) Tj ET Q\n\
        0.5 w 100 600 m 300 600 l S\n\
        100 500 200 0.6 re f\n\
        1 w 100 400 200 50 re S\n\
        100 300 m 200 350 l S\n\
        1 1 1 RG 100 200 m 300 200 l S\n";

    #[test]
    fn extracts_glyphs_and_rules() {
        let pdf = build_pdf(&[(CONTENT, 0)]);
        let doc = extract_pdf(&pdf, &PdfLimits::default()).unwrap();
        assert!(doc.notes.is_empty(), "{:?}", doc.notes);
        let p = page(&doc, 0);
        assert_eq!((p.number, p.width, p.height), (1, 600.0, 800.0));
        // fake bold deduped; K,L → 金户; Z off the page; Q outside the clip
        assert_eq!(text_of(p), "AB金户C");
        let a = &p.glyphs[0];
        assert!((a.size - 10.0).abs() < 0.01);
        assert!((a.bbox.x0 - 100.0).abs() < 0.01);
        // Helvetica A advance is 667/1000 em
        assert!((a.bbox.x1 - 106.67).abs() < 0.05, "{:?}", a.bbox);
        // baseline at y = 800 - 700 = 100 (top-left origin)
        assert!(a.bbox.y0 < 100.0 && a.bbox.y1 > 100.0, "{:?}", a.bbox);
        let h: Vec<&Rule> = p.rules.iter().filter(|r| r.is_horizontal()).collect();
        let v: Vec<&Rule> = p.rules.iter().filter(|r| !r.is_horizontal()).collect();
        // stroked line, thin filled rect, 2 edges of the stroked re; the
        // diagonal and the white line are ignored
        assert_eq!(h.len(), 4, "{:?}", p.rules);
        assert_eq!(v.len(), 2, "{:?}", p.rules);
        assert!(
            h.iter()
                .any(|r| (r.y0 - 200.0).abs() < 0.01 && r.x0 == 100.0 && r.x1 == 300.0)
        );
        assert!(
            h.iter()
                .any(|r| (r.y0 - 299.7).abs() < 0.01 && (r.width - 0.6).abs() < 0.01)
        );
        assert!(
            v.iter()
                .any(|r| r.x0 == 100.0 && r.y0 == 350.0 && r.y1 == 400.0)
        );
    }

    #[test]
    fn rotate_is_applied() {
        let pdf = build_pdf(&[(
            "BT /F1 10 Tf 100 700 Td (A) Tj ET 0.5 w 100 600 m 300 600 l S",
            90,
        )]);
        let doc = extract_pdf(&pdf, &PdfLimits::default()).unwrap();
        let p = page(&doc, 0);
        assert_eq!((p.width, p.height), (800.0, 600.0));
        // /Rotate 90 turns the page clockwise: PDF (x, y) → (y, x) in
        // top-left coordinates.
        let g = &p.glyphs[0];
        assert!(g.bbox.x0 > 690.0 && g.bbox.x1 < 710.0, "{:?}", g.bbox);
        assert!(g.bbox.y0 > 99.0 && g.bbox.y1 < 108.0, "{:?}", g.bbox);
        let r = p.rules[0];
        assert!(!r.is_horizontal());
        assert_eq!((r.x0, r.y0, r.y1), (600.0, 100.0, 300.0));
    }

    #[test]
    fn errors() {
        assert_eq!(
            extract_pdf(b"hello world", &PdfLimits::default()).unwrap_err(),
            PdfError::NotPdf
        );
        let no_text = build_pdf(&[("0.5 w 100 600 m 300 600 l S", 0)]);
        assert_eq!(
            extract_pdf(&no_text, &PdfLimits::default()).unwrap_err(),
            PdfError::NoTextNoImage
        );
        let never = PdfLimits {
            ocr: OcrMode::Never,
            ..PdfLimits::default()
        };
        assert_eq!(
            extract_pdf(&no_text, &never).unwrap_err(),
            PdfError::NoTextLayer
        );
        let pdf = build_pdf(&[(CONTENT, 0), (CONTENT, 0)]);
        let limits = PdfLimits {
            max_pages: 1,
            ..PdfLimits::default()
        };
        assert!(
            matches!(extract_pdf(&pdf, &limits), Err(PdfError::LimitExceeded(m)) if m.contains("pages"))
        );
        let limits = PdfLimits {
            deadline: Some(Instant::now()),
            ..PdfLimits::default()
        };
        assert!(
            matches!(extract_pdf(&pdf, &limits), Err(PdfError::LimitExceeded(m)) if m.contains("time"))
        );
        let limits = PdfLimits {
            cancel: Some(Arc::new(std::sync::atomic::AtomicBool::new(true))),
            ..PdfLimits::default()
        };
        assert!(
            matches!(extract_pdf(&pdf, &limits), Err(PdfError::LimitExceeded(m)) if m.contains("time"))
        );
        let limits = PdfLimits {
            max_decoded_bytes: 100,
            ..PdfLimits::default()
        };
        assert!(
            matches!(extract_pdf(&pdf, &limits), Err(PdfError::LimitExceeded(m)) if m.contains("bytes"))
        );
        // Cut in the middle: must not panic, and must either fail clearly or
        // read what is left.
        for cut in [20, pdf.len() / 3, pdf.len() / 2, pdf.len() - 10] {
            match extract_pdf(&pdf[..cut], &PdfLimits::default()) {
                Ok(_) => {}
                Err(e) => {
                    let msg = e.to_string();
                    assert!(!msg.is_empty() && !msg.contains('\n'), "{msg}");
                }
            }
        }
        assert!(matches!(
            extract_pdf(b"%PDF-1.4\n1 0 obj garbage", &PdfLimits::default()),
            Err(PdfError::Truncated(_) | PdfError::Corrupt(_))
        ));
    }

    #[test]
    fn unmapped_glyphs() {
        let bad = "BT /F2 10 Tf 100 700 Td <0021002200230024> Tj ET";
        let good = "BT /F1 10 Tf 100 700 Td (Hello world, this is text) Tj ET";
        let both = format!("{good} {bad}");
        // Mostly mapped: a note naming the page.
        let doc = extract_pdf(&build_pdf(&[(good, 0), (&both, 0)]), &PdfLimits::default()).unwrap();
        assert_eq!(doc.notes.len(), 1, "{:?}", doc.notes);
        assert_eq!(doc.notes[0].code, "unmapped_glyphs");
        assert!(
            doc.notes[0].message.starts_with("page 2: 4 glyphs"),
            "{}",
            doc.notes[0].message
        );
        assert!(text_of(page(&doc, 1)).ends_with("\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"));
        // Mostly unmapped: an error naming the pages.
        let short = "BT /F1 10 Tf 100 700 Td (OK) Tj ET";
        let err = extract_pdf(
            &build_pdf(&[(bad, 0), (bad, 0), (short, 0), (bad, 0)]),
            &PdfLimits::default(),
        )
        .unwrap_err();
        assert_eq!(
            err,
            PdfError::Unmapped {
                pages: "1-2, 4".into()
            }
        );
    }

    #[test]
    fn gbk_cmap_without_tounicode() {
        // 年度 in GBK, then ASCII "12" (one byte each in GBK-EUC-H)
        let content = "BT /F3 10 Tf 100 700 Td <C4EAB6C83132> Tj ET";
        let doc = extract_pdf(&build_pdf(&[(content, 0)]), &PdfLimits::default()).unwrap();
        assert!(doc.notes.is_empty(), "{:?}", doc.notes);
        assert_eq!(text_of(page(&doc, 0)), "年度12");
        // (hayro maps non-embedded Adobe-GB1 fonts itself; for embedded ones
        // without ToUnicode the code is decoded here.)
        let mut s = String::new();
        assert!(CodeFallback::Gb.decode(0xC4EA, &mut s));
        assert!(CodeFallback::Gb.decode(0x31, &mut s));
        assert!(CodeFallback::Ucs2.decode(0x5EA6, &mut s));
        assert!(CodeFallback::Utf16.decode(0xD840_DC00, &mut s));
        assert!(!CodeFallback::Gb.decode(0xFFFF, &mut s));
        assert!(!CodeFallback::None.decode(0x41, &mut s));
        assert_eq!(s, "年1度\u{20000}");
        assert_eq!(
            CodeFallback::for_encoding("GBK-EUC-H"),
            Some(CodeFallback::Gb)
        );
        assert_eq!(
            CodeFallback::for_encoding("UniGB-UCS2-H"),
            Some(CodeFallback::Ucs2)
        );
        assert_eq!(CodeFallback::for_encoding("Identity-H"), None);
    }

    /// A page whose OCR fails (here: too thin to render a line of text)
    /// fails alone: an `ocr_failed` note with its reason, the other pages
    /// read.
    #[cfg(feature = "ocr")]
    #[test]
    fn a_page_that_fails_ocr_fails_alone() {
        let text = "BT /F1 36 Tf 60 600 Td (Budget 2025) Tj ET";
        let thin = "%size 14400 20\n0.5 w 0 10 m 14400 10 l S";
        let always = PdfLimits {
            ocr: OcrMode::Always,
            ..PdfLimits::default()
        };
        let doc = extract_pdf(&build_pdf(&[(text, 0), (thin, 0)]), &always).unwrap();
        let notes: Vec<(&str, &str)> = doc
            .notes
            .iter()
            .map(|n| (n.code.as_str(), n.message.as_str()))
            .collect();
        assert_eq!(
            notes,
            vec![
                ("ocr_pages", "page(s) 1 read by OCR"),
                (
                    "ocr_failed",
                    "page 2: OCR failed: page image could not be rendered: page too small to read by OCR (14400 × 20 pt)"
                ),
            ]
        );
        let read: String = page(&doc, 0)
            .glyphs
            .iter()
            .map(|g| g.text.as_str())
            .collect();
        assert!(read.contains("2025"), "{read}");
        assert!(page(&doc, 0).glyphs.iter().all(|g| g.confidence.is_some()));
        assert!(page(&doc, 1).glyphs.is_empty());
        // Alone, the failed page fails the document with the same reason.
        let err = extract_pdf(&build_pdf(&[(thin, 0)]), &always).unwrap_err();
        assert_eq!(
            err.to_string(),
            PdfError::Ocr {
                page: 1,
                reason: "page image could not be rendered: page too small to read by OCR (14400 × 20 pt)".into()
            }
            .to_string()
        );
    }

    #[test]
    fn error_messages_are_one_line() {
        let all = [
            PdfError::Encrypted,
            PdfError::Corrupt("x".into()),
            PdfError::Truncated("x".into()),
            PdfError::NotPdf,
            PdfError::NoTextLayer,
            PdfError::NoTextNoImage,
            PdfError::Ocr {
                page: 1,
                reason: "x".into(),
            },
            PdfError::OcrNoText { pages: "1".into() },
            PdfError::Unmapped {
                pages: "1-3, 5".into(),
            },
            PdfError::LimitExceeded("x".into()),
            PdfError::Panic {
                page: 2,
                message: "boom".into(),
            },
        ];
        for e in all {
            assert!(!e.to_string().contains('\n'));
        }
        assert_eq!(
            PdfError::NoTextLayer.to_string(),
            "no text layer: scanned image? OCR is off (--ocr never) or not built in"
        );
        assert_eq!(
            compress_ranges(&["1".into(), "2".into(), "3".into(), "5".into()]),
            "1-3, 5"
        );
    }
}
