//! Office containers told by content: a ZIP archive is looked inside
//! (`[Content_Types].xml` parts for XLSX/DOCX, the `mimetype` entry for
//! ODS); an OLE2 compound file is an XLS when it holds a workbook stream,
//! and a refused legacy binary (Word/WPS, PowerPoint) otherwise. The ZIP
//! look also bounds what may be decompressed (zip bombs).

use crate::error::ConvertError;
use std::io::{Cursor, Read};

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const ZIP_EMPTY_MAGIC: &[u8] = b"PK\x05\x06";
const OLE2_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Most bytes all entries of an office ZIP may decompress to.
pub const MAX_UNZIPPED_BYTES: u64 = 256 << 20;
/// Most entries in an office ZIP.
pub const MAX_ZIP_ENTRIES: usize = 10_000;
/// Highest decompressed/compressed ratio of an entry larger than
/// [`RATIO_CHECK_FROM`] (office XML compresses 10–100×; deflate bombs reach
/// 1000×).
pub const MAX_ZIP_RATIO: u64 = 500;
/// Entries smaller than this are not ratio-checked (tiny repetitive parts
/// compress well and cannot hurt).
pub const RATIO_CHECK_FROM: u64 = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    Zip,
    Ole2,
    None,
}

pub fn sniff(bytes: &[u8]) -> Container {
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(ZIP_EMPTY_MAGIC) {
        Container::Zip
    } else if bytes.starts_with(OLE2_MAGIC) {
        Container::Ole2
    } else {
        Container::None
    }
}

/// For a folder walk, which sees only the head of a file: a ZIP whose first
/// entries are office parts.
pub fn zip_head_is_office(head: &[u8]) -> bool {
    const PARTS: [&[u8]; 5] = [
        b"[Content_Types].xml",
        b"mimetype",
        b"_rels/",
        b"docProps/",
        b"xl/",
    ];
    head.starts_with(ZIP_MAGIC)
        && head.len() >= 30
        && PARTS.iter().any(|p| head[30..].starts_with(p))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipKind {
    Xlsx,
    Docx,
    Ods,
}

fn zip_error(reason: impl Into<String>) -> ConvertError {
    ConvertError::Format {
        format: "ZIP container",
        reason: reason.into(),
    }
}

/// Opens a ZIP archive after checking its directory against the bounds.
pub fn open_zip(bytes: &[u8]) -> Result<zip::ZipArchive<Cursor<&[u8]>>, ConvertError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| zip_error(format!("not a readable ZIP archive ({e})")))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(zip_error(format!(
            "{} entries, over the cap of {MAX_ZIP_ENTRIES}",
            zip.len()
        )));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| zip_error(format!("entry {i} unreadable ({e})")))?;
        let (size, packed) = (f.size(), f.compressed_size().max(1));
        total = total.saturating_add(size);
        if total > MAX_UNZIPPED_BYTES {
            return Err(zip_error(format!(
                "decompresses to over {} MiB (zip bomb?)",
                MAX_UNZIPPED_BYTES >> 20
            )));
        }
        if size >= RATIO_CHECK_FROM && size / packed > MAX_ZIP_RATIO {
            return Err(zip_error(format!(
                "an entry decompresses {}× (over {MAX_ZIP_RATIO}×: zip bomb?)",
                size / packed
            )));
        }
    }
    Ok(zip)
}

/// Reads one entry whole, at most `cap` bytes (the directory's sizes may
/// lie; the read itself is bounded).
pub fn read_entry(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    cap: u64,
) -> Result<Option<Vec<u8>>, ConvertError> {
    let f = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(zip_error(format!("{name} unreadable ({e})"))),
    };
    let mut out = Vec::with_capacity(f.size().min(cap) as usize);
    f.take(cap + 1)
        .read_to_end(&mut out)
        .map_err(|e| zip_error(format!("{name} unreadable ({e})")))?;
    if out.len() as u64 > cap {
        return Err(zip_error(format!(
            "{name} decompresses to over {} MiB (zip bomb?)",
            cap >> 20
        )));
    }
    Ok(Some(out))
}

/// What office document a ZIP archive holds.
pub fn zip_kind(bytes: &[u8]) -> Result<ZipKind, ConvertError> {
    let mut zip = open_zip(bytes)?;
    let has = |zip: &zip::ZipArchive<Cursor<&[u8]>>, n: &str| zip.index_for_name(n).is_some();
    if has(&zip, "word/document.xml") {
        return Ok(ZipKind::Docx);
    }
    if has(&zip, "xl/workbook.xml") || has(&zip, "xl/workbook.bin") {
        return Ok(ZipKind::Xlsx);
    }
    if let Some(m) = read_entry(&mut zip, "mimetype", 256)? {
        let m = String::from_utf8_lossy(&m);
        if m.contains("opendocument.spreadsheet") {
            return Ok(ZipKind::Ods);
        }
        if m.contains("opendocument.text") {
            return Err(ConvertError::Legacy("an OpenDocument text (.odt)", ".docx"));
        }
    }
    if has(&zip, "ppt/presentation.xml") {
        return Err(ConvertError::Legacy(
            "a PowerPoint presentation",
            ".xlsx or .docx",
        ));
    }
    Err(zip_error(
        "a ZIP archive that is not an XLSX, DOCX or ODS document",
    ))
}

/// Accepts an OLE2 compound file that holds an Excel workbook; names the
/// format of any other (Word 97-2003 and WPS Writer documents, WPS
/// presentations, PowerPoint).
pub fn check_ole2(bytes: &[u8]) -> Result<(), ConvertError> {
    let cf = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| ConvertError::Format {
        format: "OLE2 compound file (.xls/.doc)",
        reason: format!("corrupt ({e})"),
    })?;
    let names: Vec<String> = cf
        .read_root_storage()
        .map(|e| e.name().to_string())
        .collect();
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if has("Workbook") || has("Book") {
        Ok(())
    } else if has("WordDocument") {
        Err(ConvertError::Legacy(
            "a Word 97-2003 / WPS Writer document (.doc/.wps)",
            ".docx",
        ))
    } else if has("PowerPoint Document") {
        Err(ConvertError::Legacy(
            "a PowerPoint 97-2003 presentation (.ppt/.dps)",
            ".xlsx or .docx",
        ))
    } else {
        Err(ConvertError::Legacy(
            "an OLE2 compound file that holds no Excel workbook (.et/.wps?)",
            ".xlsx or .docx",
        ))
    }
}
