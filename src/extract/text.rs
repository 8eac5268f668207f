//! Bytes of a text file → lines, whatever the encoding: UTF-8 (with or
//! without BOM), UTF-16 LE/BE with BOM, else GB18030 (a superset of GBK).

use crate::model::{Document, Note, Page, SourceKind, TextPage};
use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// The encoding a text file was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

impl TextEncoding {
    fn encoding(self) -> &'static Encoding {
        match self {
            TextEncoding::Utf8 => UTF_8,
            TextEncoding::Utf16Le => UTF_16LE,
            TextEncoding::Utf16Be => UTF_16BE,
            TextEncoding::Gb18030 => GB18030,
        }
    }
}

/// Picks the encoding from the BOM, else UTF-8 when the bytes are valid
/// UTF-8, else GB18030. Returns the encoding and the BOM length.
pub fn sniff(bytes: &[u8]) -> (TextEncoding, usize) {
    match bytes {
        [0xEF, 0xBB, 0xBF, ..] => (TextEncoding::Utf8, 3),
        [0xFF, 0xFE, ..] => (TextEncoding::Utf16Le, 2),
        [0xFE, 0xFF, ..] => (TextEncoding::Utf16Be, 2),
        _ if std::str::from_utf8(bytes).is_ok() => (TextEncoding::Utf8, 0),
        _ => (TextEncoding::Gb18030, 0),
    }
}

/// True when the bytes look like a binary file rather than text: NUL bytes
/// (outside UTF-16) or many control characters.
pub fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    head.contains(&0) || controls * 20 > head.len().max(1)
}

/// Splits on CRLF, CR and LF.
pub fn split_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::with_capacity(text.len() / 40 + 1);
    let mut rest = text;
    while let Some(i) = rest.find(['\r', '\n']) {
        lines.push(rest[..i].to_string());
        let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[i + skip..];
    }
    if !rest.is_empty() {
        lines.push(rest.to_string());
    }
    lines
}

/// Decodes a text file into a one-page document. Replacement characters are
/// counted and reported with the first byte offset.
pub fn decode(bytes: &[u8]) -> (Document, TextEncoding) {
    // Valid UTF-8 (after an optional BOM) is by far the common case: one
    // validation pass, no copy.
    let bom_len = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    let (enc, bom, text, had_errors) = match std::str::from_utf8(&bytes[bom_len..]) {
        Ok(t)
            if bom_len == 3
                || !bytes.starts_with(&[0xFF, 0xFE]) && !bytes.starts_with(&[0xFE, 0xFF]) =>
        {
            (
                TextEncoding::Utf8,
                bom_len,
                std::borrow::Cow::Borrowed(t),
                false,
            )
        }
        _ => {
            let (enc, bom) = sniff(bytes);
            let (text, bad) = enc.encoding().decode_without_bom_handling(&bytes[bom..]);
            (enc, bom, text, bad)
        }
    };
    let body = &bytes[bom..];
    let mut notes = Vec::new();
    if had_errors {
        let count = text.chars().filter(|&c| c == '\u{FFFD}').count();
        let first = first_bad_offset(enc, body).map_or(0, |o| o + bom);
        notes.push(Note {
            code: crate::diag::Code::UndecodableBytes,
            message: format!(
                "{count} byte sequence(s) not valid {:?}, replaced; first at byte offset {first}",
                enc
            ),
        });
    }
    let doc = Document {
        kind: SourceKind::Text,
        pages: vec![Page::Text(TextPage {
            lines: split_lines(&text),
        })],
        notes,
    };
    (doc, enc)
}

/// Byte offset of the first malformed sequence.
fn first_bad_offset(enc: TextEncoding, body: &[u8]) -> Option<usize> {
    let mut decoder = enc.encoding().new_decoder_without_bom_handling();
    let cap = decoder.max_utf8_buffer_length_without_replacement(body.len())?;
    let mut out = String::with_capacity(cap);
    let (res, read) = decoder.decode_to_string_without_replacement(body, &mut out, true);
    match res {
        encoding_rs::DecoderResult::Malformed(bad, extra) => {
            Some(read.saturating_sub(extra as usize + bad as usize))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(bytes: &[u8]) -> Vec<String> {
        match &decode(bytes).0.pages[0] {
            Page::Text(t) => t.lines.clone(),
            _ => unreachable!(),
        }
    }

    #[test]
    fn encodings() {
        let s = "项目名称\t防灾\r\n单位：万元\r其中\n";
        assert_eq!(
            lines(s.as_bytes()),
            ["项目名称\t防灾", "单位：万元", "其中"]
        );
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(s.as_bytes());
        assert_eq!(lines(&bom), lines(s.as_bytes()));
        let (gbk, _, _) = GB18030.encode(s);
        assert_eq!(sniff(&gbk).0, TextEncoding::Gb18030);
        assert_eq!(lines(&gbk), lines(s.as_bytes()));
        let mut le = vec![0xFF, 0xFE];
        le.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(lines(&le), lines(s.as_bytes()));
        let mut be = vec![0xFE, 0xFF];
        be.extend(s.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(lines(&be), lines(s.as_bytes()));
    }

    #[test]
    fn bad_bytes_are_counted_with_offset() {
        // Valid GB18030 text with a truncated two-byte sequence at the end.
        let mut gbk = GB18030.encode("单位：万元").0.into_owned();
        let at = gbk.len();
        gbk.push(0x81);
        let (doc, enc) = decode(&gbk);
        assert_eq!(enc, TextEncoding::Gb18030);
        assert_eq!(doc.notes.len(), 1);
        assert!(
            doc.notes[0].message.contains(&format!("offset {at}")),
            "{}",
            doc.notes[0].message
        );
    }

    #[test]
    fn binary_detection() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(!looks_binary("项目名称\t安全".as_bytes()));
    }
}
