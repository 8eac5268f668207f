//! Stage 1, extraction: bytes → a [`Document`] of pages. The input kind is
//! told by content, never by file name: `%PDF-` near the start, a ZIP
//! container (looked inside: XLSX, DOCX or ODS), an OLE2 compound file
//! (XLS; Word/WPS binaries are refused with a reason), MHTML, HTML, CSV,
//! else text.

pub mod container;
pub mod csv;
pub mod docx;
pub mod grid;
pub mod html;
#[cfg(feature = "ocr")]
pub mod ocr;
pub mod ods;
pub mod pdf;
pub mod sheet;
pub mod text;
pub mod xml;

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
use container::Container;

/// Where `%PDF-` may start (some producers put junk before it).
const PDF_MAGIC_WINDOW: usize = 1024;

pub fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(PDF_MAGIC_WINDOW)];
    head.windows(5).any(|w| w == b"%PDF-")
}

/// What a file that is not a PDF looks like, for error messages.
pub fn sniff_kind(bytes: &[u8]) -> &'static str {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        "the file is empty"
    } else if html::looks_html(bytes) {
        "an HTML page (a saved error page?)"
    } else if container::sniff(bytes) != Container::None {
        "an office document or archive"
    } else if text::looks_binary(bytes) {
        "binary data"
    } else {
        "text"
    }
}

/// True when the first bytes of a file (as read by a folder walk) look like
/// something jixiao reads: PDF, an office container, or text.
pub fn wanted_head(head: &[u8]) -> bool {
    is_pdf(head)
        || matches!(container::sniff(head), Container::Ole2)
        || container::zip_head_is_office(head)
        || !text::looks_binary(head)
}

/// Extracts pages from an input of any supported kind.
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
    watch.pages.store(1, std::sync::atomic::Ordering::Relaxed);
    match container::sniff(bytes) {
        Container::Zip => {
            return match container::zip_kind(bytes)? {
                container::ZipKind::Xlsx => sheet::read(bytes, sheet::Flavor::Xlsx),
                container::ZipKind::Ods => sheet::read(bytes, sheet::Flavor::Ods),
                container::ZipKind::Docx => docx::read(bytes),
            };
        }
        Container::Ole2 => {
            container::check_ole2(bytes)?;
            return sheet::read(bytes, sheet::Flavor::Xls);
        }
        Container::None => {}
    }
    if let Some(page) = html::mhtml_html_part(bytes) {
        return html::read(&page);
    }
    if html::looks_html(bytes) {
        return html::read(bytes);
    }
    if text::looks_binary(bytes) {
        return Err(ConvertError::Binary);
    }
    // Decoded once, for the CSV sniff and whichever reader follows.
    let (decoded, _, notes) = text::decode_text(bytes);
    if let Some(delimiter) = csv::looks_csv_text(&decoded) {
        return csv::read_text(&decoded, notes, delimiter);
    }
    Ok(text::document(&decoded, notes))
}
