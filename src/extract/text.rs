//! Bytes of a text file → lines, whatever the encoding: UTF-8 (with or
//! without BOM), UTF-16 LE/BE with BOM, else GB18030 (a superset of GBK).

use crate::diag::Diagnostics;
use crate::model::{Document, Page, SourceKind, TextPage};
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

/// Picks the encoding (see [`assess`]). Returns the encoding and the BOM
/// length.
pub fn sniff(bytes: &[u8]) -> (TextEncoding, usize) {
    let a = assess(bytes);
    (a.encoding, a.bom)
}

/// Share of a file's bytes that must decode (in one encoding, as printable
/// text or tab/line breaks) for it to be text: 90 %. Below that it is binary.
pub const MIN_TEXT_SHARE: f64 = 0.90;
/// Share of the non-ASCII bytes that must form valid UTF-8 sequences for a
/// file without BOM to be read as UTF-8 (a stray invalid byte does not turn
/// a UTF-8 file into GB18030; GBK text is almost never valid UTF-8).
pub const MIN_UTF8_SHARE: f64 = 0.90;

/// What a look over the bytes found: the encoding to read them with and
/// how many bytes would not come out as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assessment {
    pub encoding: TextEncoding,
    pub bom: usize,
    /// Bytes in malformed sequences of that encoding.
    pub undecodable: usize,
    pub nuls: usize,
    /// Control bytes other than tab, line feed, carriage return, form feed
    /// and NUL.
    pub controls: usize,
}

impl Assessment {
    /// The rule: text when at least [`MIN_TEXT_SHARE`] of the bytes decode
    /// to text (neither malformed, NUL nor control bytes).
    pub fn is_text(&self, len: usize) -> bool {
        let bad = self.undecodable + self.nuls + self.controls;
        (len - bad.min(len)) as f64 >= MIN_TEXT_SHARE * len as f64
    }
}

/// Chooses the encoding (BOM, else UTF-8 when at least [`MIN_UTF8_SHARE`]
/// of its non-ASCII bytes are valid UTF-8, else GB18030) and counts the
/// bytes that would not decode.
pub fn assess(bytes: &[u8]) -> Assessment {
    let (bom_enc, bom) = match bytes {
        [0xEF, 0xBB, 0xBF, ..] => (Some(TextEncoding::Utf8), 3),
        [0xFF, 0xFE, ..] => (Some(TextEncoding::Utf16Le), 2),
        [0xFE, 0xFF, ..] => (Some(TextEncoding::Utf16Be), 2),
        _ => (None, 0),
    };
    let body = &bytes[bom..];
    if matches!(
        bom_enc,
        Some(TextEncoding::Utf16Le) | Some(TextEncoding::Utf16Be)
    ) {
        let enc = bom_enc.unwrap_or(TextEncoding::Utf16Le);
        let (text, _) = enc.encoding().decode_without_bom_handling(body);
        let undecodable = 2 * text.chars().filter(|&c| c == '\u{FFFD}').count();
        let nuls = 2 * text.chars().filter(|&c| c == '\0').count();
        let controls = 2 * text.chars().filter(|&c| is_control(c as u32)).count();
        return Assessment {
            encoding: enc,
            bom,
            undecodable,
            nuls,
            controls,
        };
    }
    let (nuls, controls) = count_nuls_controls(body);
    // Valid UTF-8 is the common case: one vectorised validation, no
    // per-chunk counting.
    if simdutf8::basic::from_utf8(body).is_ok() {
        return Assessment {
            encoding: TextEncoding::Utf8,
            bom,
            undecodable: 0,
            nuls,
            controls,
        };
    }
    let mut invalid = 0;
    let mut non_ascii = 0;
    for chunk in body.utf8_chunks() {
        non_ascii += chunk.valid().bytes().filter(|b| !b.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    non_ascii += invalid;
    let utf8 = bom_enc.is_some()
        || invalid == 0
        || (non_ascii - invalid) as f64 >= MIN_UTF8_SHARE * non_ascii as f64;
    let (encoding, undecodable) = if utf8 {
        (TextEncoding::Utf8, invalid)
    } else {
        let (text, _) = GB18030.decode_without_bom_handling(body);
        let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
        (TextEncoding::Gb18030, bad)
    };
    Assessment {
        encoding,
        bom,
        undecodable,
        nuls,
        controls,
    }
}

/// NUL bytes and other control bytes (see [`is_control`]), in one pass.
fn count_nuls_controls(body: &[u8]) -> (usize, usize) {
    let (mut nuls, mut controls) = (0, 0);
    // Most blocks hold no byte below 0x20 but tab and line breaks: a
    // branch-free count (which the compiler vectorises) clears them.
    for block in body.chunks(CONTROL_SCAN_BLOCK) {
        // u8 sums over 255 bytes at most: 16 bytes a vector instruction.
        let odd: u32 = block
            .chunks(255)
            .map(|c| {
                c.iter().fold(0u8, |n, &b| {
                    n + u8::from((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r'))
                }) as u32
            })
            .sum();
        if odd == 0 {
            continue;
        }
        for &b in block {
            nuls += usize::from(b == 0);
            controls += usize::from(is_control(b as u32));
        }
    }
    (nuls, controls)
}

/// Bytes checked at once for control bytes (see [`count_nuls_controls`]).
const CONTROL_SCAN_BLOCK: usize = 4096;

fn is_control(c: u32) -> bool {
    c < 0x20 && !matches!(c, 0x00 | 0x09 | 0x0A | 0x0D | 0x0C)
}

/// Most bytes looked at to tell text from binary.
const SNIFF_BYTES: usize = 1 << 20;

/// True when the bytes are not text by the [`MIN_TEXT_SHARE`] rule (looking
/// at the first [`SNIFF_BYTES`]).
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    !assess(head).is_text(head.len())
}

/// Splits on CRLF, CR and LF.
pub fn split_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::with_capacity(text.len() / 40 + 1);
    let mut rest = text;
    while let Some(i) = memchr::memchr2(b'\r', b'\n', rest.as_bytes()) {
        lines.push(rest[..i].to_string());
        let skip = if rest.as_bytes()[i..].starts_with(b"\r\n") {
            2
        } else {
            1
        };
        rest = &rest[i + skip..];
    }
    if !rest.is_empty() {
        lines.push(rest.to_string());
    }
    lines
}

/// Decodes a text file into a one-page document. Replacement characters are
/// counted and reported with the first byte offset; NUL bytes are dropped and
/// reported (a run of them inside a text loses nothing else).
pub fn decode(bytes: &[u8]) -> (Document, TextEncoding) {
    let (text, enc, notes) = decode_text(bytes);
    (document(&text, notes), enc)
}

/// The one-page document of a decoded text.
pub fn document(text: &str, notes: Diagnostics) -> Document {
    Document {
        kind: SourceKind::Text,
        pages: vec![Page::Text(TextPage {
            lines: split_lines(text),
        })],
        notes,
    }
}

/// Decodes text bytes to a string (see [`decode`]) with its notes. Also used
/// by the CSV reader.
pub fn decode_text(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, TextEncoding, Diagnostics) {
    // Valid UTF-8 (after an optional BOM) is by far the common case: one
    // validation pass, no copy.
    let bom_len = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    let (enc, bom, mut text, had_errors) = match simdutf8::basic::from_utf8(&bytes[bom_len..]) {
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
            let a = assess(bytes);
            let (enc, bom) = (a.encoding, a.bom);
            let (text, bad) = enc.encoding().decode_without_bom_handling(&bytes[bom..]);
            (enc, bom, text, bad)
        }
    };
    let body = &bytes[bom..];
    let mut notes = Diagnostics::new();
    if had_errors {
        let count = text.chars().filter(|&c| c == '\u{FFFD}').count();
        let first = first_bad_offset(enc, body).map_or(0, |o| o + bom);
        notes.note(
            crate::diag::Code::UndecodableBytes,
            format!(
                "{count} byte sequence(s) not valid {:?}, replaced; first at byte offset {first}",
                enc
            ),
        );
    }
    if text.contains('\0') {
        let count = text.chars().filter(|&c| c == '\0').count();
        let first = body.iter().position(|&b| b == 0).map_or(0, |o| o + bom);
        notes.note(
            crate::diag::Code::NulBytes,
            format!("{count} NUL character(s) dropped; first at byte offset {first}"),
        );
        text = std::borrow::Cow::Owned(text.replace('\0', ""));
    }
    (text, enc, notes)
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
    fn a_stray_byte_keeps_utf8() {
        let mut b = "项目名称\t防灾减灾\n单位：万元\n".as_bytes().to_vec();
        b.insert(5, 0xFF);
        let (doc, enc) = decode(&b);
        assert_eq!(enc, TextEncoding::Utf8);
        assert_eq!(doc.notes[0].code, crate::diag::Code::UndecodableBytes);
        assert!(lines(&b)[1] == "单位：万元");
    }

    #[test]
    fn nul_runs_are_dropped_and_noted() {
        let mut b = "项目名称\t防灾\n".repeat(100).into_bytes();
        b.splice(300..300, std::iter::repeat_n(0u8, 20));
        assert!(!looks_binary(&b));
        let (doc, _) = decode(&b);
        assert_eq!(doc.notes[0].code, crate::diag::Code::NulBytes);
        assert!(doc.notes[0].message.contains("offset 300"));
        assert!(lines(&b).iter().all(|l| !l.contains('\0')));
    }

    #[test]
    fn control_bytes_are_counted_in_any_block() {
        // A control byte far into a long text, a form feed (allowed) and a
        // NUL: each counted once, whichever block it falls in.
        let mut b = "项目名称\t防灾\r\n".repeat(2000).into_bytes();
        b[9000] = 0x01;
        b[100] = 0x0C;
        b[5] = 0;
        let a = assess(&b);
        assert_eq!((a.nuls, a.controls), (1, 1));
        assert_eq!(count_nuls_controls(&b), (1, 1));
        assert_eq!(count_nuls_controls(b"\t\n\r plain"), (0, 0));
    }

    #[test]
    fn binary_detection() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(!looks_binary("项目名称\t安全".as_bytes()));
    }
}
