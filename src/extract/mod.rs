//! Stage 1, extraction: bytes → a [`Document`] of pages. The input kind is
//! told by content (`%PDF-` near the start), never by file name.

#[cfg(feature = "ocr")]
pub mod ocr;
pub mod pdf;
pub mod text;

/// Which PDF pages are read by OCR (`--ocr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OcrMode {
    /// Pages without text that are mostly covered by an image.
    #[default]
    Auto,
    /// Every page (its text layer is ignored).
    Always,
    /// None: a page without text stays empty.
    Never,
}

use crate::error::ConvertError;
use crate::model::Document;
use crate::{Limits, Watch};

/// Where `%PDF-` may start (some producers put junk before it).
const PDF_MAGIC_WINDOW: usize = 1024;

pub fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(PDF_MAGIC_WINDOW)];
    head.windows(5).any(|w| w == b"%PDF-")
}

/// What a file that is not a PDF looks like, for error messages.
pub fn sniff_kind(bytes: &[u8]) -> &'static str {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        "the file is empty"
    } else if head.contains("<html") || head.contains("<!doctype html") {
        "an HTML page (a saved error page?)"
    } else if text::looks_binary(bytes) {
        "binary data"
    } else {
        "text"
    }
}

/// Extracts pages from a text or PDF input.
pub fn extract(bytes: &[u8], limits: &Limits, watch: &Watch) -> Result<Document, ConvertError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ConvertError::Empty);
    }
    if is_pdf(bytes) {
        let pdf_limits = pdf::PdfLimits {
            max_pages: limits.max_pages,
            max_decoded_bytes: limits.max_decoded_bytes,
            page_count: Some(watch.pages.clone()),
            cancel: Some(watch.cancel.clone()),
            ocr: limits.ocr,
            ..pdf::PdfLimits::default()
        };
        return Ok(pdf::extract_pdf(bytes, &pdf_limits)?);
    }
    if text::looks_binary(bytes) {
        return Err(ConvertError::Binary);
    }
    watch.pages.store(1, std::sync::atomic::Ordering::Relaxed);
    Ok(text::decode(bytes).0)
}
