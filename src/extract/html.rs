//! HTML pages (and the HTML part of an .mhtml) → lines and grids.
//!
//! Parsed by html5ever through scraper (the browsers' parsing algorithm, so
//! broken markup reads the way a browser shows it). The charset comes from
//! the BOM, else `<meta charset>` / `http-equiv`, else is sniffed like text
//! (UTF-8, else GB18030). Tables with no table inside are grids (rowspan and
//! colspan placed the HTML way, clamped); tables that wrap other tables are
//! layout and give no grid, their text becoming lines. Headings and
//! paragraphs around the tables are lines in document order; script, style,
//! navigation and other page chrome are skipped.

use super::grid::{self, RowPlacer};
use crate::error::ConvertError;
use crate::model::{Block, Document, Line, Note, Page, RowOrigin, SourceKind};
use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use encoding_rs::Encoding;
use scraper::{Html, Node};

/// Bytes at the start looked at for the HTML sniff and the `<meta>` charset.
const PRESCAN_BYTES: usize = 4096;
/// Most `<table` tags in one page (real pages have tens).
pub const MAX_TABLES: usize = 5_000;
/// Deepest element nesting read; deeper pages are refused.
pub const MAX_DEPTH: usize = 2_000;
/// Most bytes of markup in one page.
pub const MAX_HTML_BYTES: usize = 64 << 20;

fn html_error(reason: String) -> ConvertError {
    ConvertError::Format {
        format: "HTML",
        reason,
    }
}

/// True when the file starts (after a BOM and blanks) with markup of an
/// HTML page or fragment.
pub fn looks_html(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let start = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(0);
    let head = &b[start..b.len().min(start + PRESCAN_BYTES)];
    if head.first() != Some(&b'<') {
        return false;
    }
    let lower = head.to_ascii_lowercase();
    const TAGS: [&[u8]; 7] = [
        b"<html",
        b"<!doctype html",
        b"<table",
        b"<head",
        b"<body",
        b"<meta",
        b"<div",
    ];
    TAGS.iter().any(|t| lower.windows(t.len()).any(|w| w == *t))
}

/// The charset a page declares in a `<meta>` tag within its first bytes.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(PRESCAN_BYTES)].to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = find(&head[from..], b"<meta") {
        let tag_start = from + i;
        let tag_end = find(&head[tag_start..], b">").map_or(head.len(), |e| tag_start + e);
        let tag = &head[tag_start..tag_end];
        if let Some(c) = find(tag, b"charset=") {
            let v = &tag[c + 8..];
            let v = v.strip_prefix(b"\"").or(v.strip_prefix(b"'")).unwrap_or(v);
            let end = v
                .iter()
                .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                .unwrap_or(v.len());
            if let Some(enc) = Encoding::for_label(&v[..end]) {
                // A page cannot really be UTF-16 if its meta tag was read as
                // ASCII (the HTML standard's rule).
                return Some(
                    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                        encoding_rs::UTF_8
                    } else {
                        enc
                    },
                );
            }
        }
        from = tag_end.max(tag_start + 5);
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Decodes the page: BOM, else a charset given by the container (MHTML
/// part header), else `<meta>`, else sniffed. A declared charset that does
/// not fit the bytes, when the bytes are valid UTF-8, yields to UTF-8.
fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> (String, Vec<Note>) {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, bad) = enc.decode_without_bom_handling(&bytes[bom..]);
        let notes = bad_note(bad, enc, &text);
        return (text.into_owned(), notes);
    }
    let declared = declared.or_else(|| meta_charset(bytes));
    let enc = match declared {
        Some(e) if e == encoding_rs::UTF_8 => encoding_rs::UTF_8,
        Some(e) => {
            // Decoded once: kept unless it fails where UTF-8 does not.
            let (text, bad) = e.decode_without_bom_handling(bytes);
            if !(bad && std::str::from_utf8(bytes).is_ok()) {
                let notes = bad_note(bad, e, &text);
                return (text.into_owned(), notes);
            }
            encoding_rs::UTF_8
        }
        None => match super::text::assess(bytes).encoding {
            super::text::TextEncoding::Gb18030 => encoding_rs::GB18030,
            _ => encoding_rs::UTF_8,
        },
    };
    let (text, bad) = enc.decode_without_bom_handling(bytes);
    let notes = bad_note(bad, enc, &text);
    (text.into_owned(), notes)
}

fn bad_note(bad: bool, enc: &'static Encoding, text: &str) -> Vec<Note> {
    if !bad {
        return Vec::new();
    }
    let count = text.chars().filter(|&c| c == '\u{FFFD}').count();
    vec![Note {
        code: crate::diag::Code::UndecodableBytes,
        message: format!(
            "{count} byte sequence(s) not valid {}, replaced",
            enc.name()
        ),
    }]
}

/// Reads an HTML page.
pub fn read(bytes: &[u8]) -> Result<Document, ConvertError> {
    read_with_charset(bytes, None)
}

fn read_with_charset(
    bytes: &[u8],
    declared: Option<&'static Encoding>,
) -> Result<Document, ConvertError> {
    if bytes.len() > MAX_HTML_BYTES {
        return Err(html_error(format!(
            "page over {} MiB",
            MAX_HTML_BYTES >> 20
        )));
    }
    let (text, notes) = decode(bytes, declared);
    let (depth, tables) = markup_depth(&text);
    if tables > MAX_TABLES {
        return Err(html_error(format!(
            "{tables} tables, over the cap of {MAX_TABLES}"
        )));
    }
    if depth > MAX_DEPTH {
        return Err(html_error(format!(
            "elements nested deeper than {MAX_DEPTH} (about {depth} open tags)"
        )));
    }
    let page = Html::parse_document(&text);
    let blocks = page_blocks(&page)?;
    Ok(Document {
        kind: SourceKind::Html,
        pages: vec![Page::Blocks(blocks)],
        notes,
    })
}

/// Elements that never hold content or whose end tag may be left out (the
/// parser closes them itself): not counted by [`markup_depth`].
fn self_closing(name: &[u8]) -> bool {
    const NAMES: [&[u8]; 31] = [
        b"area",
        b"base",
        b"br",
        b"col",
        b"embed",
        b"hr",
        b"img",
        b"input",
        b"link",
        b"meta",
        b"param",
        b"source",
        b"track",
        b"wbr",
        b"p",
        b"li",
        b"dt",
        b"dd",
        b"tr",
        b"td",
        b"th",
        b"option",
        b"optgroup",
        b"thead",
        b"tbody",
        b"tfoot",
        b"colgroup",
        b"caption",
        b"html",
        b"head",
        b"body",
    ];
    if name.len() > 8 {
        return false;
    }
    let mut lower = [0u8; 8];
    lower[..name.len()].copy_from_slice(name);
    lower.make_ascii_lowercase();
    NAMES.contains(&&lower[..name.len()])
}

/// The deepest nesting of open tags, estimated from the markup before
/// parsing (html5ever's tree builder checks scopes by walking its stack of
/// open elements, so a page nested 100,000 deep would take minutes), and
/// the number of `<table` tags.
fn markup_depth(text: &str) -> (usize, usize) {
    let b = text.as_bytes();
    let (mut depth, mut max, mut tables) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        i += off + 1;
        let close = b.get(i) == Some(&b'/');
        let start = if close { i + 1 } else { i };
        let end = b[start..]
            .iter()
            .position(|c| !c.is_ascii_alphanumeric())
            .map_or(b.len(), |e| start + e);
        let name = &b[start..end];
        if end == start || !b[start].is_ascii_alphabetic() || self_closing(name) {
            continue;
        }
        if !close && name.eq_ignore_ascii_case(b"table") {
            tables += 1;
        }
        if close {
            depth = depth.saturating_sub(1);
        } else {
            let tag_end = b[end..]
                .iter()
                .position(|&c| c == b'>')
                .map_or(b.len(), |e| end + e);
            if tag_end > 0 && b.get(tag_end - 1) == Some(&b'/') {
                continue;
            }
            depth += 1;
            max = max.max(depth);
        }
        i = end;
    }
    (max, tables)
}

/// Elements whose content is never page text.
fn skipped(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "select"
            | "option"
            | "button"
            | "iframe"
            | "object"
            | "svg"
            | "textarea"
            | "form"
    )
}

/// Page chrome by class or id (menus, breadcrumbs, share and print bars).
fn chrome(el: &scraper::node::Element) -> bool {
    const WORDS: [&str; 7] = [
        "nav",
        "menu",
        "breadcrumb",
        "crumb",
        "share",
        "footer",
        "toolbar",
    ];
    let hit = |v: Option<&str>| {
        v.is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            WORDS
                .iter()
                .any(|w| v.split([' ', '-', '_']).any(|p| p == *w))
        })
    };
    hit(el.attr("class")) || hit(el.attr("id")) || {
        let style = el.attr("style").unwrap_or("").to_ascii_lowercase();
        style.replace(' ', "").contains("display:none")
    }
}

/// Elements that end a line of flowing text.
fn block_level(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "br"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "caption"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "center"
            | "blockquote"
            | "pre"
            | "hr"
            | "dd"
            | "dt"
            | "dl"
            | "title"
            | "body"
            | "main"
            | "form"
            | "address"
    )
}

/// Appends text, collapsing runs of whitespace (and &nbsp;) to one space.
fn push_text(buf: &mut String, s: &str) {
    // Runs between blanks are copied whole.
    let mut run = 0;
    for (i, ch) in s.char_indices() {
        if ch.is_whitespace() || ch == '\u{00A0}' {
            buf.push_str(&s[run..i]);
            if !buf.is_empty() && !buf.ends_with([' ', '\n']) {
                buf.push(' ');
            }
            run = i + ch.len_utf8();
        }
    }
    buf.push_str(&s[run..]);
}

fn flush_line(buf: &mut String, out: &mut Vec<Block>) {
    let t = buf.trim();
    if !t.is_empty() {
        out.push(Block::Line(Line {
            text: t.to_string(),
            page: None,
            line: None,
        }));
    }
    buf.clear();
}

/// Walks the page in document order, iteratively (deep pages cannot
/// overflow the stack).
fn page_blocks(page: &Html) -> Result<Vec<Block>, ConvertError> {
    let layout = layout_tables(page);
    let mut out = Vec::new();
    let mut buf = String::new();
    let mut depth = 0usize;
    // While inside a skipped or already-read subtree: its root.
    let mut skip: Option<ego_tree::NodeId> = None;
    for edge in page.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skip.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => push_text(&mut buf, t),
                    Node::Element(el) => {
                        depth += 1;
                        if depth > MAX_DEPTH {
                            return Err(html_error(format!(
                                "elements nested deeper than {MAX_DEPTH}"
                            )));
                        }
                        let name = el.name();
                        if skipped(name) || chrome(el) {
                            skip = Some(node.id());
                            continue;
                        }
                        if block_level(name) {
                            flush_line(&mut buf, &mut out);
                        }
                        if name == "table" && !layout.contains(&node.id()) {
                            out.extend(table_blocks(node)?);
                            skip = Some(node.id());
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    if skip == Some(node.id()) {
                        skip = None;
                    } else if skip.is_some() {
                        continue;
                    } else if block_level(el.name()) {
                        flush_line(&mut buf, &mut out);
                    }
                    depth -= 1;
                }
            }
        }
    }
    flush_line(&mut buf, &mut out);
    Ok(out)
}

/// Tables that hold another table: layout, not data. Each table marks its
/// ancestor tables, stopping at one already marked (linear overall).
fn layout_tables(page: &Html) -> rustc_hash::FxHashSet<ego_tree::NodeId> {
    let mut layout = rustc_hash::FxHashSet::default();
    for node in page.tree.root().descendants() {
        if !is_element(node, "table") {
            continue;
        }
        let mut up = node.parent();
        while let Some(p) = up {
            if is_element(p, "table") && !layout.insert(p.id()) {
                break;
            }
            up = p.parent();
        }
    }
    layout
}

fn is_element(node: NodeRef<'_, Node>, name: &str) -> bool {
    matches!(node.value(), Node::Element(e) if e.name() == name)
}

/// A span attribute: its leading digits, 1 when absent, zero or bad.
fn span(el: &scraper::node::Element, attr: &str) -> u32 {
    let v = el.attr(attr).unwrap_or("").trim().as_bytes();
    let n = v
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .take(9)
        .fold(0u32, |n, c| n * 10 + (c - b'0') as u32);
    if n > 0 { n } else { 1 }
}

/// A data table (no table inside): its caption as a line, then its grid
/// (and lines for title rows).
fn table_blocks(table: NodeRef<'_, Node>) -> Result<Vec<Block>, ConvertError> {
    let mut out = Vec::new();
    let mut placer = RowPlacer::default();
    for node in table.descendants() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        match el.name() {
            "caption" => {
                let mut b = cell_text(node);
                flush_line(&mut b, &mut out);
            }
            "tr" => placer.start_row().map_err(|e| html_error(e.to_string()))?,
            "td" | "th" => {
                let text = cell_text(node);
                placer
                    .push(text, span(el, "rowspan"), span(el, "colspan"))
                    .map_err(|e| html_error(e.to_string()))?;
            }
            _ => {}
        }
    }
    out.extend(grid::blocks(placer.cells, |_| RowOrigin::default(), false));
    Ok(out)
}

/// A cell's text: whitespace collapsed, `<br>` and block elements as line
/// breaks, script and style skipped.
fn cell_text(cell: NodeRef<'_, Node>) -> String {
    let mut buf = String::new();
    let mut skip: Option<ego_tree::NodeId> = None;
    for edge in cell.traverse() {
        match edge {
            Edge::Open(node) if skip.is_none() => match node.value() {
                Node::Text(t) => push_text(&mut buf, t),
                Node::Element(el) => {
                    if skipped(el.name()) {
                        skip = Some(node.id());
                    } else if node.id() != cell.id() && block_level(el.name()) {
                        newline(&mut buf);
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if skip == Some(node.id()) {
                    skip = None;
                } else if skip.is_none()
                    && node.id() != cell.id()
                    && matches!(node.value(), Node::Element(e) if block_level(e.name()))
                {
                    newline(&mut buf);
                }
            }
            _ => {}
        }
    }
    if !buf.contains('\n') {
        // One line: trimmed in place of split and join.
        let t = buf.trim();
        return if t.len() == buf.len() {
            buf
        } else {
            t.to_string()
        };
    }
    let lines: Vec<&str> = buf
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

fn newline(buf: &mut String) {
    while buf.ends_with(' ') {
        buf.pop();
    }
    if !buf.is_empty() && !buf.ends_with('\n') {
        buf.push('\n');
    }
}

// ---- MHTML ------------------------------------------------------------------

/// The decoded text/html part of an MHTML file (a page saved by a browser
/// as one file), or None when the bytes are not MHTML.
pub fn mhtml_html_part(bytes: &[u8]) -> Option<Vec<u8>> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let lower = head.to_ascii_lowercase();
    if find(&lower, b"mime-version:").is_none() || find(&lower, b"multipart/related").is_none() {
        return None;
    }
    let b = find(&lower, b"boundary=")?;
    let v = &head[b + 9..];
    let v = v.strip_prefix(b"\"").unwrap_or(v);
    let end = v
        .iter()
        .position(|&c| matches!(c, b'"' | b';' | b'\r' | b'\n'))
        .unwrap_or(v.len());
    let mut delim = b"--".to_vec();
    delim.extend_from_slice(&v[..end]);
    let mut rest = bytes;
    // Skip the preamble up to the first boundary.
    while let Some(i) = find(rest, &delim) {
        rest = &rest[i + delim.len()..];
        let part_end = find(rest, &delim).unwrap_or(rest.len());
        let part = &rest[..part_end];
        let (headers, body) = split_headers(part);
        let h = headers.to_ascii_lowercase();
        if find(&h, b"content-type: text/html").is_some()
            || find(&h, b"content-type:text/html").is_some()
        {
            let decoded = if find(&h, b"quoted-printable").is_some() {
                quoted_printable(body)
            } else if find(&h, b"base64").is_some() {
                base64(body)
            } else {
                body.to_vec()
            };
            // A charset given in the part header, made visible to the
            // <meta> prescan.
            if let Some(c) = find(&h, b"charset=") {
                let v = &h[c + 8..];
                let v = v.strip_prefix(b"\"").unwrap_or(v);
                let end = v
                    .iter()
                    .position(|&c| matches!(c, b'"' | b';' | b'\r' | b'\n' | b' '))
                    .unwrap_or(v.len());
                let label = String::from_utf8_lossy(&v[..end]).into_owned();
                let mut out = format!("<meta charset=\"{label}\">\n").into_bytes();
                out.extend_from_slice(&decoded);
                return Some(out);
            }
            return Some(decoded);
        }
    }
    None
}

fn split_headers(part: &[u8]) -> (&[u8], &[u8]) {
    let part = part
        .strip_prefix(b"\r\n")
        .or(part.strip_prefix(b"\n"))
        .unwrap_or(part);
    if let Some(i) = find(part, b"\r\n\r\n") {
        (&part[..i], &part[i + 4..])
    } else if let Some(i) = find(part, b"\n\n") {
        (&part[..i], &part[i + 2..])
    } else {
        (part, &[])
    }
}

fn quoted_printable(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    while i < body.len() {
        if body[i] == b'=' {
            match (body.get(i + 1), body.get(i + 2)) {
                (Some(b'\r'), Some(b'\n')) => i += 3,
                (Some(b'\n'), _) => i += 2,
                (Some(&a), Some(&b)) if hex(a).is_some() && hex(b).is_some() => {
                    out.push(hex(a).unwrap_or(0) * 16 + hex(b).unwrap_or(0));
                    i += 3;
                }
                _ => {
                    out.push(b'=');
                    i += 1;
                }
            }
        } else {
            out.push(body[i]);
            i += 1;
        }
    }
    out
}

fn base64(body: &[u8]) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in body {
        if c == b'=' {
            break;
        }
        let Some(v) = val(c) else { continue };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Grid;

    fn blocks(html: &str) -> Vec<Block> {
        match read(html.as_bytes()).unwrap().pages.remove(0) {
            Page::Blocks(b) => b,
            _ => unreachable!(),
        }
    }

    fn grids(b: &[Block]) -> Vec<&Grid> {
        b.iter()
            .filter_map(|b| match b {
                Block::Table(g) => Some(g),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn spans_entities_and_breaks() {
        let b = blocks(
            "<html><body><h1>标题</h1><script>x()</script>\
             <table><tr><td rowspan=2>一级&nbsp;指标</td><td colspan=\"2\">a<br>b</td></tr>\
             <tr><td>c &amp; d</td><td>e</td></tr></table><p>注</p></body></html>",
        );
        let g = grids(&b)[0];
        assert_eq!((g.rows, g.cols), (2, 3));
        assert_eq!(g.cells[0].text, "一级 指标");
        assert_eq!(g.cells[0].rowspan, 2);
        assert_eq!(g.cells[1].text, "a\nb");
        assert_eq!((g.cells[2].col, g.cells[2].text.as_str()), (1, "c & d"));
        assert!(matches!(&b[0], Block::Line(l) if l.text == "标题"));
        assert!(matches!(&b[2], Block::Line(l) if l.text == "注"));
        assert_eq!(g.row_origin.len(), 2);
    }

    #[test]
    fn layout_tables_give_no_grid() {
        let b = blocks(
            "<table><tr><td>站点标题</td></tr><tr><td>\
             <table><tr><td>项目名称</td><td>甲</td></tr></table></td></tr></table>",
        );
        let g = grids(&b);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].cells[0].text, "项目名称");
        assert!(matches!(&b[0], Block::Line(l) if l.text == "站点标题"));
    }

    #[test]
    fn gbk_page_by_meta() {
        let src = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head>\
                   <body><table><tr><td>项目名称</td><td>防灾</td></tr></table></body></html>";
        let bytes = encoding_rs::GBK.encode(src).0.into_owned();
        assert!(looks_html(&bytes));
        let d = read(&bytes).unwrap();
        assert!(d.notes.is_empty());
        let Page::Blocks(b) = &d.pages[0] else {
            panic!()
        };
        assert_eq!(grids(b)[0].cells[0].text, "项目名称");
    }

    #[test]
    fn mhtml_quoted_printable_part() {
        let html = "<html><body><table><tr><td>项目名称</td><td>甲</td></tr></table></body></html>";
        let mut qp = String::new();
        for b in html.bytes() {
            if b.is_ascii() && b != b'=' {
                qp.push(b as char);
            } else {
                qp.push_str(&format!("={b:02X}"));
            }
        }
        let m = format!(
            "From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----B\"\r\n\r\n------B\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{qp}\r\n------B--\r\n"
        );
        let part = mhtml_html_part(m.as_bytes()).unwrap();
        assert_eq!(String::from_utf8(part).unwrap().trim_end(), html);
        assert_eq!(base64(b"6aG555uu"), "项目".as_bytes());
    }
}
