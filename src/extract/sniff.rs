//! Which files of a folder are documents: a file is told by its content
//! first (magic numbers), by its name second. Not a document (an image, an
//! archive, media, a program) → skipped with the reason; a file whose name
//! says it is a document is handed to the pipeline, which fails it if it
//! cannot be read; legacy binary office files are failed with advice.
//! [`decide`] is the batch's one look at a file: the verdict and, for a
//! document, its [`Format`].

use super::Format;

/// What the batch does with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Hand it to the pipeline.
    Document,
    /// Not a document: listed as skipped with this reason.
    Skip(String),
    /// A document that will not be read: listed as failed with this reason.
    Fail(String),
}

/// Extensions that say "this is a document" (the pipeline's formats and
/// their usual spellings). An empty or garbled file with one of these names
/// is a failure, not a skip.
const DOCUMENT_EXTENSIONS: &[&str] = &[
    "txt", "text", "pdf", "html", "htm", "xhtml", "shtml", "mht", "mhtml", "xml", "xlsx", "xlsm",
    "xls", "ods", "docx", "odt", "csv", "tsv", "md", "rtf", "json", "doc", "wps", "et",
];

/// Legacy binary office formats no reader handles: (extension, what it is).
const LEGACY: &[(&str, &str)] = &[
    ("doc", "legacy Word .doc"),
    ("wps", "legacy WPS .wps"),
    ("et", "legacy WPS spreadsheet .et"),
];

/// Magic numbers of files that are not documents.
const NOT_DOCUMENTS: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "image (PNG)"),
    (b"\xff\xd8\xff", "image (JPEG)"),
    (b"GIF87a", "image (GIF)"),
    (b"GIF89a", "image (GIF)"),
    (b"II*\0", "image (TIFF)"),
    (b"MM\0*", "image (TIFF)"),
    (b"\0\0\x01\0", "image (ICO)"),
    (b"\x1f\x8b", "archive (gzip)"),
    (b"7z\xbc\xaf\x27\x1c", "archive (7z)"),
    (b"Rar!\x1a\x07", "archive (RAR)"),
    (b"\xfd7zXZ\0", "archive (xz)"),
    (b"\x28\xb5\x2f\xfd", "archive (zstd)"),
    (b"\x7fELF", "program (ELF)"),
    (b"ID3", "audio (MP3)"),
    (b"OggS", "audio/video (Ogg)"),
    (b"fLaC", "audio (FLAC)"),
    (b"\x1a\x45\xdf\xa3", "video (Matroska/WebM)"),
    (b"SQLite format 3\0", "database (SQLite)"),
];

const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";

/// The file's extension, lower-cased ("" when it has none).
pub fn extension(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base.rfind('.') {
        Some(i) if i > 0 => base[i + 1..].to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// True when the name says the file is a document.
pub fn named_document(name: &str) -> bool {
    DOCUMENT_EXTENSIONS.contains(&extension(name).as_str())
}

/// Decides what to do with a file from its name and its bytes.
pub fn classify(name: &str, bytes: &[u8]) -> Verdict {
    let ext = extension(name);
    if let Some((_, what)) = LEGACY.iter().find(|(e, _)| *e == ext) {
        // A .doc that is really RTF, HTML or text is read as such.
        if bytes.starts_with(OLE) {
            return Verdict::Fail(format!("{what} file: not read; save it as .docx or PDF"));
        }
        return Verdict::Document;
    }
    if super::is_pdf(bytes) {
        return Verdict::Document;
    }
    if bytes.starts_with(ZIP) {
        return zip(bytes, &ext);
    }
    if bytes.starts_with(OLE) {
        return ole(bytes, &ext);
    }
    if let Some(what) = media(bytes) {
        return if named_document(name) {
            Verdict::Fail(format!("named .{ext} but holds {what}"))
        } else {
            Verdict::Skip(format!("not a document: {what}"))
        };
    }
    Verdict::Document
}

/// What the batch does with one file, the format decided for a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Hand it to the pipeline, read as this format.
    Read(Format),
    /// Not a document: listed as skipped with this reason.
    Skip(String),
    /// A document that will not be read: listed as failed with this reason.
    Fail(String),
}

/// [`classify`], then, for a document, [`Format::of`]: decided once per
/// file, carried to the reader.
pub fn decide(name: &str, bytes: &[u8]) -> Decision {
    match classify(name, bytes) {
        Verdict::Document => Decision::Read(Format::of(bytes)),
        Verdict::Skip(why) => Decision::Skip(why),
        Verdict::Fail(why) => Decision::Fail(why),
    }
}

/// A ZIP is a document when it is an Office Open XML or OpenDocument file.
fn zip(bytes: &[u8], ext: &str) -> Verdict {
    let office = [
        &b"word/document"[..],
        b"xl/workbook",
        b"[Content_Types].xml",
        b"application/vnd.oasis.opendocument",
    ];
    if office.iter().any(|m| find(bytes, m)) || named_document(&format!("x.{ext}")) {
        Verdict::Document
    } else {
        Verdict::Skip("not a document: archive (ZIP)".into())
    }
}

/// An OLE compound file: an .xls workbook is a document; a legacy Word
/// file is refused with advice; anything else is skipped.
fn ole(bytes: &[u8], ext: &str) -> Verdict {
    let utf16 = |s: &str| {
        s.encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<u8>>()
    };
    if find(bytes, &utf16("WordDocument")) {
        Verdict::Fail("legacy Word .doc file: not read; save it as .docx or PDF".into())
    } else if find(bytes, &utf16("Workbook")) || find(bytes, &utf16("Book")) || ext == "xls" {
        Verdict::Document
    } else {
        Verdict::Skip("not a document: OLE compound file".into())
    }
}

fn media(bytes: &[u8]) -> Option<&'static str> {
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" {
        return Some(match &bytes[8..12] {
            b"WEBP" => "image (WebP)",
            b"WAVE" => "audio (WAV)",
            b"AVI " => "video (AVI)",
            _ => "media (RIFF)",
        });
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Some(match &bytes[8..12] {
            b"heic" | b"heix" | b"mif1" => "image (HEIC)",
            _ => "video (MP4/QuickTime)",
        });
    }
    // Two-letter magics need a second sign, or a text file starting "BM"
    // would be taken for an image.
    if bytes.len() >= 10 && bytes.starts_with(b"BM") && bytes[6..10] == [0, 0, 0, 0] {
        return Some("image (BMP)");
    }
    if bytes.starts_with(b"MZ") && find(&bytes[..bytes.len().min(1024)], b"PE\0\0") {
        return Some("program (Windows)");
    }
    if bytes.len() >= 10 && bytes.starts_with(b"BZh") && &bytes[4..10] == b"1AY&SY" {
        return Some("archive (bzip2)");
    }
    NOT_DOCUMENTS
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, what)| *what)
}

fn find(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_and_archives_are_skipped_documents_are_taken() {
        assert_eq!(
            classify("a.png", b"\x89PNG\r\n\x1a\n\0\0"),
            Verdict::Skip("not a document: image (PNG)".into())
        );
        assert!(matches!(
            classify("a.zip", b"PK\x03\x04junk"),
            Verdict::Skip(_)
        ));
        assert_eq!(
            classify("a.xlsx", b"PK\x03\x04junk"),
            Verdict::Document,
            "a zip named .xlsx is the pipeline's to fail"
        );
        assert_eq!(
            classify("noext", b"PK\x03\x04..xl/workbook.xml.."),
            Verdict::Document
        );
        assert_eq!(classify("a.txt", "项目名称".as_bytes()), Verdict::Document);
        assert_eq!(classify("a", b"%PDF-1.7"), Verdict::Document);
        assert!(matches!(
            classify("a.pdf", b"\xff\xd8\xff\xe0"),
            Verdict::Fail(_)
        ));
    }

    #[test]
    fn legacy_office_files_fail_with_advice() {
        let mut doc = OLE.to_vec();
        doc.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
        match classify("x.doc", &doc) {
            Verdict::Fail(m) => assert!(m.contains(".docx"), "{m}"),
            v => panic!("{v:?}"),
        }
        assert!(matches!(classify("x.wps", OLE), Verdict::Fail(_)));
        assert_eq!(classify("x.xls", OLE), Verdict::Document);
        assert_eq!(extension("dir.v2/a.PDF"), "pdf");
        assert_eq!(extension(".hidden"), "");
    }
}
