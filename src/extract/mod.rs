//! Stage 1, extraction: bytes → a [`Document`] of pages. The input kind is
//! told by content, never by file name: `%PDF-` near the start, a ZIP
//! container (looked inside: XLSX, DOCX or ODS), an OLE2 compound file
//! (XLS; Word/WPS binaries are refused with a reason), MHTML, HTML, CSV,
//! else text.
//!
//! The format is decided once, here: [`Format::of`] (or, in a batch,
//! [`sniff::decide`], which also tells documents from other files) looks at
//! the bytes, and the decision is carried ([`Sniffed`]) to [`read`], which
//! only dispatches on it. The batch, the library entry points and inspect
//! do no sniffing of their own.

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
pub mod sniff;
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

/// What an input is, decided once from its bytes by [`Format::of`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Format {
    pub kind: Kind,
    /// The head looks like an HTML page (told apart from the kind: an
    /// MHTML file may also start like one). A file named .pdf that is an
    /// HTML page is read as that page.
    pub looks_html: bool,
}

/// Which reader an input goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Nothing but whitespace.
    Empty,
    Pdf,
    /// A ZIP container: XLSX, ODS or DOCX (looked inside when read).
    Zip,
    /// An OLE2 compound file: XLS (Word/WPS binaries refused when read).
    Ole2,
    /// An MHTML archive: its HTML part, decoded.
    Mhtml(Vec<u8>),
    Html,
    Binary,
    /// Text: CSV or plain text, told apart once decoded.
    Text,
}

impl Format {
    /// Decides the format from content alone, in the order the readers
    /// are tried: empty, PDF, container, MHTML, HTML, binary, text.
    pub fn of(bytes: &[u8]) -> Format {
        let kind = if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            Kind::Empty
        } else if is_pdf(bytes) {
            Kind::Pdf
        } else {
            match container::sniff(bytes) {
                Container::Zip => Kind::Zip,
                Container::Ole2 => Kind::Ole2,
                Container::None => match html::mhtml_html_part(bytes) {
                    Some(page) => Kind::Mhtml(page),
                    None if html::looks_html(bytes) => Kind::Html,
                    None if text::looks_binary(bytes) => Kind::Binary,
                    None => Kind::Text,
                },
            }
        };
        let looks_html = match kind {
            Kind::Html => true,
            Kind::Empty | Kind::Pdf => false,
            _ => html::looks_html(bytes),
        };
        Format { kind, looks_html }
    }

    /// For an input named `name`: `Some(true)` when it is named .pdf but is
    /// an HTML page (read as the page, with a note), `Some(false)` when it is
    /// named .pdf and is neither (refused), `None` otherwise.
    pub fn named_pdf(&self, name: &str) -> Option<bool> {
        let named = name.to_ascii_lowercase().ends_with(".pdf") && self.kind != Kind::Pdf;
        named.then_some(self.looks_html)
    }
}

/// An input's bytes with their format decided: what a batch hands its work.
/// Dereferences to the bytes.
#[derive(Debug, Clone)]
pub struct Sniffed {
    pub bytes: Vec<u8>,
    pub format: Format,
}

impl Sniffed {
    pub fn new(bytes: Vec<u8>) -> Sniffed {
        let format = Format::of(&bytes);
        Sniffed { bytes, format }
    }
}

impl std::ops::Deref for Sniffed {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.bytes
    }
}

/// Extracts pages from an input of any supported kind.
pub fn extract(bytes: &[u8], limits: &Limits, watch: &Watch) -> Result<Document, ConvertError> {
    read(bytes, &Format::of(bytes), limits, watch)
}

/// Extracts pages from `bytes`, read as `format` says (decided by
/// [`Format::of`] on these bytes).
pub fn read(
    bytes: &[u8],
    format: &Format,
    limits: &Limits,
    watch: &Watch,
) -> Result<Document, ConvertError> {
    if !matches!(format.kind, Kind::Empty | Kind::Pdf) {
        // The other readers see one page.
        watch.pages.store(1, std::sync::atomic::Ordering::Relaxed);
    }
    match &format.kind {
        Kind::Empty => Err(ConvertError::Empty),
        Kind::Pdf => {
            let pdf_limits = pdf::PdfLimits {
                max_pages: limits.max_pages,
                max_decoded_bytes: limits.max_decoded_bytes,
                page_count: Some(watch.pages.clone()),
                cancel: Some(watch.cancel.clone()),
                ocr: limits.ocr,
                ..pdf::PdfLimits::default()
            };
            Ok(pdf::extract_pdf(bytes, &pdf_limits)?)
        }
        Kind::Zip => match container::zip_kind(bytes)? {
            container::ZipKind::Xlsx => sheet::read(bytes, sheet::Flavor::Xlsx),
            container::ZipKind::Ods => sheet::read(bytes, sheet::Flavor::Ods),
            container::ZipKind::Docx => docx::read(bytes),
        },
        Kind::Ole2 => {
            container::check_ole2(bytes)?;
            sheet::read(bytes, sheet::Flavor::Xls)
        }
        Kind::Mhtml(page) => html::read(page),
        Kind::Html => html::read(bytes),
        Kind::Binary => Err(ConvertError::Binary),
        Kind::Text => {
            // Decoded once, for the CSV sniff and whichever reader follows.
            let (decoded, _, notes) = text::decode_text(bytes);
            if let Some(delimiter) = csv::looks_csv_text(&decoded) {
                return csv::read_text(&decoded, notes, delimiter);
            }
            Ok(text::document(&decoded, notes))
        }
    }
}
