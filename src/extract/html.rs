//! HTML pages (and the HTML part of an .mhtml) → lines and grids.
//!
//! Parsed by html5ever's tree builder into scraper's tree (the browsers'
//! tree construction, so broken markup reads the way a browser shows it),
//! fed by this module's tokenizer ([`tok`]) instead of html5ever's, which
//! cost three quarters of the parse. The charset comes from
//! the BOM, else `<meta charset>` / `http-equiv`, else is sniffed like text
//! (UTF-8, else GB18030). Tables with no table inside are grids (rowspan and
//! colspan placed the HTML way, clamped); tables that wrap other tables are
//! layout and give no grid, their text becoming lines. Headings and
//! paragraphs around the tables are lines in document order; script, style,
//! navigation and other page chrome are skipped.

use super::grid::{self, RowPlacer};
use crate::diag::Diagnostic;
use crate::diag::Diagnostics;
use crate::error::ConvertError;
use crate::model::{Block, Document, Line, Page, RowOrigin, SourceKind};
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
fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> (String, Diagnostics) {
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

fn bad_note(bad: bool, enc: &'static Encoding, text: &str) -> Diagnostics {
    if !bad {
        return Diagnostics::new();
    }
    let count = text.chars().filter(|&c| c == '\u{FFFD}').count();
    Diagnostics::from(vec![Diagnostic {
        code: crate::diag::Code::UndecodableBytes,
        at: None,
        message: format!(
            "{count} byte sequence(s) not valid {}, replaced",
            enc.name()
        ),
    }])
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
    let page = parse(&text);
    let blocks = page_blocks(&page)?;
    Ok(Document {
        kind: SourceKind::Html,
        pages: vec![Page::Blocks(blocks)],
        notes,
    })
}

/// The page as html5ever's tree builder builds it (into scraper's tree),
/// from the tokens of [`tok`].
fn parse(text: &str) -> Html {
    let sink = scraper::HtmlTreeSink::new(Html::new_document());
    let builder = html5ever::tree_builder::TreeBuilder::new(sink, Default::default());
    tok::run(text, &builder);
    builder.sink.0.into_inner()
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

// ---- Tokenizer --------------------------------------------------------------

/// An HTML tokenizer for html5ever's tree builder, in place of html5ever's
/// own (which moves the page through its buffer queue one character at a
/// time: three quarters of the parse). It follows the WHATWG tokenizer's
/// states for what pages hold: text runs found with memchr, start and end
/// tags with their attributes (names lowercased, first of a duplicate
/// kept, character references in values), comments (`<!-- -->`, `--!>`,
/// the abrupt `<!-->`), bogus comments (`<?…>`, `<!…>`, `</ …>`), the
/// doctype's name and identifiers (which decide quirks mode), the raw text
/// the tree builder asks for after `<script>`, `<style>`, `<title>`,
/// `<textarea>`, `<xmp>`, `<iframe>`, `<noembed>`, `<noframes>`,
/// `<noscript>` and `<plaintext>`, named and numeric character references
/// (html5ever's entity table and its C1 replacements), NUL characters, a
/// tag cut off by the end of the page dropped. Not followed: the escaped
/// `<!--<script>` states inside a script (its text is skipped anyway) and
/// CDATA sections in SVG/MathML (read as bogus comments). Parse errors are
/// not reported (nothing reads them). The input has its CR and CRLF made
/// LF first, as the standard's input stream does.
mod tok {
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::states::RawKind;
    use html5ever::tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult};
    use html5ever::{Attribute, LocalName, QualName, ns};

    fn is_space(b: u8) -> bool {
        matches!(b, b'\t' | b'\n' | b'\x0C' | b' ')
    }

    /// What the tree builder asked the tokenizer to read next.
    enum Mode {
        Data,
        /// Raw text up to the end tag of the element named (entities
        /// decoded when `rcdata`; a script's `<!--` escapes followed).
        Raw {
            name: String,
            rcdata: bool,
            script: bool,
        },
        Plaintext,
    }

    struct Run<'a, S: TokenSink> {
        sink: &'a S,
        src: &'a str,
        text: String,
        mode: Mode,
    }

    /// Tokenizes `src` into `sink`, then ends it.
    pub fn run<S: TokenSink>(src: &str, sink: &S) {
        let src = src.strip_prefix('\u{FEFF}').unwrap_or(src);
        let normalized;
        let src = if memchr::memchr(b'\r', src.as_bytes()).is_some() {
            normalized = src.replace("\r\n", "\n").replace('\r', "\n");
            normalized.as_str()
        } else {
            src
        };
        let mut r = Run {
            sink,
            src,
            text: String::new(),
            mode: Mode::Data,
        };
        r.tokenize();
        r.flush();
        let _ = sink.process_token(Token::EOFToken, 1);
        sink.end();
    }

    impl<S: TokenSink> Run<'_, S> {
        fn flush(&mut self) {
            if !self.text.is_empty() {
                let t = StrTendril::from_slice(&self.text);
                self.text.clear();
                let _ = self.sink.process_token(Token::CharacterTokens(t), 1);
            }
        }

        fn emit(&mut self, token: Token) -> TokenSinkResult<S::Handle> {
            self.flush();
            self.sink.process_token(token, 1)
        }

        /// Text with NULs: each NUL its own token (data state), or U+FFFD
        /// (raw text).
        fn push_text(&mut self, s: &str, nul_token: bool) {
            let mut rest = s;
            while let Some(i) = memchr::memchr(0, rest.as_bytes()) {
                self.text.push_str(&rest[..i]);
                if nul_token {
                    let _ = self.emit(Token::NullCharacterToken);
                } else {
                    self.text.push('\u{FFFD}');
                }
                rest = &rest[i + 1..];
            }
            self.text.push_str(rest);
        }

        fn tokenize(&mut self) {
            let src = self.src;
            let b = src.as_bytes();
            let mut i = 0;
            while i < b.len() {
                match std::mem::replace(&mut self.mode, Mode::Data) {
                    Mode::Plaintext => {
                        self.push_text(&src[i..], false);
                        return;
                    }
                    Mode::Raw {
                        name,
                        rcdata,
                        script,
                    } => {
                        let end = if script {
                            script_end(b, i)
                        } else {
                            raw_end(b, i, name.as_bytes())
                        };
                        let end = end.unwrap_or(b.len());
                        if rcdata {
                            let mut out = String::new();
                            decode_refs(&src[i..end], &mut out);
                            self.push_text(&out, false);
                        } else {
                            self.push_text(&src[i..end], false);
                        }
                        i = end;
                        continue;
                    }
                    Mode::Data => {}
                }
                let Some(off) = memchr::memchr3(b'<', b'&', 0, &b[i..]) else {
                    self.text.push_str(&src[i..]);
                    return;
                };
                let j = i + off;
                self.text.push_str(&src[i..j]);
                i = match b[j] {
                    0 => {
                        let _ = self.emit(Token::NullCharacterToken);
                        j + 1
                    }
                    b'&' => char_ref(src, j, &mut self.text, None),
                    _ => self.tag_open(j),
                };
            }
        }

        /// At a `<`: a tag, comment, doctype or plain text. Returns where
        /// reading goes on.
        fn tag_open(&mut self, at: usize) -> usize {
            let src = self.src;
            let b = src.as_bytes();
            let k = at + 1;
            match b.get(k) {
                Some(c) if c.is_ascii_alphabetic() => self.tag(k, TagKind::StartTag),
                Some(b'/') => match b.get(k + 1) {
                    Some(c) if c.is_ascii_alphabetic() => self.tag(k + 1, TagKind::EndTag),
                    Some(b'>') => k + 2,
                    Some(_) => bogus_comment(b, k + 1),
                    None => {
                        self.text.push_str("</");
                        b.len()
                    }
                },
                Some(b'!') => {
                    let rest = &b[k + 1..];
                    if rest.starts_with(b"--") {
                        comment_end(b, k + 3)
                    } else if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"doctype") {
                        let (doctype, end) = doctype(src, k + 8);
                        let _ = self.emit(Token::DoctypeToken(doctype));
                        end
                    } else {
                        bogus_comment(b, k + 1)
                    }
                }
                Some(b'?') => bogus_comment(b, k),
                _ => {
                    self.text.push('<');
                    k
                }
            }
        }

        /// A tag whose name starts at `at`; returns where reading goes on.
        /// A tag cut off by the end of the input is dropped.
        fn tag(&mut self, at: usize, kind: TagKind) -> usize {
            let src = self.src;
            let b = src.as_bytes();
            let mut i = at;
            while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
                i += 1;
            }
            if i >= b.len() {
                return b.len();
            }
            let name = lower(&src[at..i]);
            let mut attrs: Vec<Attribute> = Vec::new();
            let mut names: Option<rustc_hash::FxHashSet<String>> = None;
            let mut duplicate = false;
            let mut self_closing = false;
            loop {
                while i < b.len() && is_space(b[i]) {
                    i += 1;
                }
                let Some(&c) = b.get(i) else {
                    return b.len();
                };
                if c == b'>' {
                    i += 1;
                    break;
                }
                if c == b'/' {
                    i += 1;
                    if b.get(i) == Some(&b'>') {
                        self_closing = true;
                        i += 1;
                        break;
                    }
                    continue;
                }
                // An attribute name: its first character may be `=`.
                let n0 = i;
                i += 1;
                while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
                    i += 1;
                }
                let attr_name = &src[n0..i];
                while i < b.len() && is_space(b[i]) {
                    i += 1;
                }
                let mut value = StrTendril::new();
                if b.get(i) == Some(&b'=') {
                    i += 1;
                    while i < b.len() && is_space(b[i]) {
                        i += 1;
                    }
                    match b.get(i) {
                        None => return b.len(),
                        Some(&q @ (b'"' | b'\'')) => {
                            let Some(e) = memchr::memchr(q, &b[i + 1..]) else {
                                return b.len();
                            };
                            let v = &src[i + 1..i + 1 + e];
                            attr_value(v, Some(q), &mut value);
                            i += e + 2;
                        }
                        Some(b'>') => {}
                        Some(_) => {
                            let v0 = i;
                            while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                                i += 1;
                            }
                            if i >= b.len() {
                                return b.len();
                            }
                            attr_value(&src[v0..i], Some(b'>'), &mut value);
                        }
                    }
                }
                if kind == TagKind::StartTag {
                    let attr_name = lower(attr_name);
                    // Duplicates looked up in a set past a few attributes
                    // (a tag with a million distinct ones stays linear).
                    let seen = if attrs.len() < 32 {
                        attrs.iter().any(|a| *a.name.local == *attr_name)
                    } else {
                        let names = names.get_or_insert_with(|| {
                            attrs.iter().map(|a| a.name.local.to_string()).collect()
                        });
                        !names.insert(attr_name.to_string())
                    };
                    if seen {
                        duplicate = true;
                    } else {
                        attrs.push(Attribute {
                            name: QualName::new(None, ns!(), LocalName::from(attr_name)),
                            value,
                        });
                    }
                }
            }
            let tag = Tag {
                kind,
                name: LocalName::from(&*name),
                self_closing,
                attrs,
                had_duplicate_attributes: duplicate,
            };
            let result = self.emit(Token::TagToken(tag));
            if kind == TagKind::StartTag {
                self.mode = match result {
                    TokenSinkResult::RawData(kind) => Mode::Raw {
                        name: name.into_owned(),
                        rcdata: kind == RawKind::Rcdata,
                        script: kind == RawKind::ScriptData,
                    },
                    TokenSinkResult::Plaintext => Mode::Plaintext,
                    _ => Mode::Data,
                };
            }
            i
        }
    }

    /// ASCII letters lowercased, NUL as U+FFFD (borrowed when there is
    /// neither, as in most pages).
    fn lower(s: &str) -> std::borrow::Cow<'_, str> {
        if !s.bytes().any(|c| c.is_ascii_uppercase() || c == 0) {
            return std::borrow::Cow::Borrowed(s);
        }
        let mut out = s.to_ascii_lowercase();
        if out.contains('\0') {
            out = out.replace('\0', "\u{FFFD}");
        }
        std::borrow::Cow::Owned(out)
    }

    /// An attribute value with its character references decoded (the
    /// attribute rule for a named reference without `;`) and NUL as
    /// U+FFFD.
    fn attr_value(v: &str, allowed: Option<u8>, out: &mut StrTendril) {
        let b = v.as_bytes();
        if memchr::memchr2(b'&', 0, b).is_none() {
            out.push_slice(v);
            return;
        }
        let mut s = String::new();
        let mut i = 0;
        while let Some(off) = memchr::memchr2(b'&', 0, &b[i..]) {
            s.push_str(&v[i..i + off]);
            let j = i + off;
            if b[j] == 0 {
                s.push('\u{FFFD}');
                i = j + 1;
            } else {
                i = char_ref(v, j, &mut s, allowed.or(Some(0)));
            }
        }
        s.push_str(&v[i..]);
        out.push_slice(&s);
    }

    /// RCDATA text (`<title>`, `<textarea>`) with its references decoded.
    fn decode_refs(v: &str, out: &mut String) {
        let b = v.as_bytes();
        let mut i = 0;
        while let Some(off) = memchr::memchr(b'&', &b[i..]) {
            out.push_str(&v[i..i + off]);
            i = char_ref(v, i + off, out, None);
        }
        out.push_str(&v[i..]);
    }

    /// The character reference at `src[amp]` (`&`) appended to `out`
    /// (or the `&` alone when there is none); returns where reading goes
    /// on. `attr` is Some in an attribute value (with the quote that ends
    /// it, which stops a reference).
    fn char_ref(src: &str, amp: usize, out: &mut String, attr: Option<u8>) -> usize {
        let b = src.as_bytes();
        let k = amp + 1;
        let Some(&c) = b.get(k) else {
            out.push('&');
            return k;
        };
        if matches!(c, b'\t' | b'\n' | b'\x0C' | b' ' | b'<' | b'&') || (attr == Some(c) && c != 0)
        {
            out.push('&');
            return k;
        }
        if c == b'#' {
            let hex = matches!(b.get(k + 1), Some(b'x' | b'X'));
            let d0 = if hex { k + 2 } else { k + 1 };
            let mut d = d0;
            let (mut num, mut too_big) = (0u32, false);
            while let Some(&x) = b.get(d) {
                let v = match x {
                    b'0'..=b'9' => (x - b'0') as u32,
                    b'a'..=b'f' if hex => (x - b'a' + 10) as u32,
                    b'A'..=b'F' if hex => (x - b'A' + 10) as u32,
                    _ => break,
                };
                num = num
                    .saturating_mul(if hex { 16 } else { 10 })
                    .saturating_add(v);
                if num > 0x10FFFF {
                    too_big = true;
                }
                d += 1;
            }
            if d == d0 {
                out.push_str(&src[amp..d0]);
                return d0;
            }
            if b.get(d) == Some(&b';') {
                d += 1;
            }
            out.push(numeric_char(num, too_big));
            return d;
        }
        // Named: the longest name in the table, as html5ever matches it
        // (the table holds every prefix of a name, with 0 for those that
        // are not names themselves).
        let mut end = k;
        let mut best: Option<((u32, u32), usize)> = None;
        while end < b.len() && b[end].is_ascii() {
            match html5ever::data::NAMED_ENTITIES.get(&src[k..end + 1]) {
                Some(&m) => {
                    end += 1;
                    if m.0 != 0 {
                        best = Some((m, end));
                    }
                }
                None => break,
            }
        }
        let Some(((c1, c2), mend)) = best else {
            out.push('&');
            return k;
        };
        if attr.is_some()
            && b[mend - 1] != b';'
            && b.get(mend)
                .is_some_and(|&n| n == b'=' || n.is_ascii_alphanumeric())
        {
            out.push('&');
            return k;
        }
        out.extend(char::from_u32(c1));
        if c2 != 0 {
            out.extend(char::from_u32(c2));
        }
        mend
    }

    fn numeric_char(n: u32, too_big: bool) -> char {
        match n {
            _ if too_big || n > 0x10FFFF => '\u{FFFD}',
            0 | 0xD800..=0xDFFF => '\u{FFFD}',
            0x80..=0x9F => html5ever::data::C1_REPLACEMENTS[(n - 0x80) as usize]
                .unwrap_or_else(|| char::from_u32(n).unwrap_or('\u{FFFD}')),
            n => char::from_u32(n).unwrap_or('\u{FFFD}'),
        }
    }

    /// Where the raw text of element `name` ends: at `</name` followed by
    /// a blank, `/` or `>` (any case).
    fn raw_end(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
        let mut i = from;
        while let Some(off) = memchr::memmem::find(&b[i..], b"</") {
            let at = i + off;
            let n = at + 2;
            if b.len() >= n + name.len()
                && b[n..n + name.len()].eq_ignore_ascii_case(name)
                && b.get(n + name.len())
                    .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
            {
                return Some(at);
            }
            i = at + 2;
        }
        None
    }

    /// Where a script's text ends: at `</script` followed by a blank, `/`
    /// or `>`, outside the escapes the standard's script data states
    /// follow (`<!--` escapes until `-->`; inside it, `<script` starts a
    /// double escape in which `</script` does not end the script, and
    /// `</script` ends the double escape).
    fn script_end(b: &[u8], from: usize) -> Option<usize> {
        #[derive(PartialEq)]
        enum S {
            Data,
            Escaped,
            Double,
        }
        let named = |at: usize| {
            b.len() >= at + 6
                && b[at..at + 6].eq_ignore_ascii_case(b"script")
                && b.get(at + 6)
                    .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
        };
        let mut s = S::Data;
        let mut dashes = 0;
        let mut i = from;
        while i < b.len() {
            if s == S::Data {
                let at = i + memchr::memchr(b'<', &b[i..])?;
                if b[at + 1..].starts_with(b"!--") {
                    s = S::Escaped;
                    dashes = 2;
                    i = at + 4;
                } else if b.get(at + 1) == Some(&b'/') && named(at + 2) {
                    return Some(at);
                } else {
                    i = at + 1;
                }
                continue;
            }
            let c = b[i];
            if c == b'-' {
                dashes += 1;
                i += 1;
                continue;
            }
            if c == b'>' && dashes >= 2 {
                s = S::Data;
                dashes = 0;
                i += 1;
                continue;
            }
            dashes = 0;
            if c == b'<' {
                let slash = b.get(i + 1) == Some(&b'/');
                match s {
                    S::Escaped if slash && named(i + 2) => return Some(i),
                    S::Escaped if named(i + 1) => {
                        s = S::Double;
                        i += 7;
                        continue;
                    }
                    S::Double if slash && named(i + 2) => {
                        s = S::Escaped;
                        i += 8;
                        continue;
                    }
                    _ => {}
                }
            }
            i += 1;
        }
        None
    }

    /// After `<!--` (its data starting at `from`): where the comment ends.
    fn comment_end(b: &[u8], from: usize) -> usize {
        let rest = &b[from.min(b.len())..];
        if rest.starts_with(b">") {
            return from + 1;
        }
        if rest.starts_with(b"->") {
            return from + 2;
        }
        let mut i = from;
        while let Some(off) = memchr::memmem::find(&b[i..], b"--") {
            let at = i + off;
            if b.get(at + 2) == Some(&b'>') {
                return at + 3;
            }
            if b.get(at + 2) == Some(&b'!') && b.get(at + 3) == Some(&b'>') {
                return at + 4;
            }
            i = at + 1;
        }
        b.len()
    }

    /// A bogus comment from `from` to the next `>`.
    fn bogus_comment(b: &[u8], from: usize) -> usize {
        memchr::memchr(b'>', &b[from..]).map_or(b.len(), |e| from + e + 1)
    }

    /// After `<!DOCTYPE` (at `from`): the doctype and where it ends.
    fn doctype(src: &str, from: usize) -> (Doctype, usize) {
        let b = src.as_bytes();
        let mut d = Doctype {
            name: None,
            public_id: None,
            system_id: None,
            force_quirks: false,
        };
        let end = memchr::memchr(b'>', &b[from..]).map(|e| from + e);
        let Some(end) = end else {
            // Cut off by the end of the input: quirks.
            d.force_quirks = true;
            let s = skip_space(b, from);
            if s < b.len() {
                d.name = Some(StrTendril::from_slice(&lower(&src[s..])));
            }
            return (d, b.len());
        };
        let mut i = skip_space(b, from);
        if i >= end {
            d.force_quirks = true;
            return (d, end + 1);
        }
        let n0 = i;
        while i < end && !is_space(b[i]) {
            i += 1;
        }
        d.name = Some(StrTendril::from_slice(&lower(&src[n0..i])));
        i = skip_space(b, i);
        if i >= end {
            return (d, end + 1);
        }
        let rest = &b[i..end];
        let keyword = |k: &[u8]| rest.len() >= k.len() && rest[..k.len()].eq_ignore_ascii_case(k);
        let public = keyword(b"public");
        if !public && !keyword(b"system") {
            d.force_quirks = true;
            return (d, end + 1);
        }
        i = skip_space(b, i + 6);
        let Some((first, after, closed)) = quoted(src, i, end) else {
            d.force_quirks = true;
            return (d, end + 1);
        };
        if !closed {
            d.force_quirks = true;
        }
        if public {
            d.public_id = Some(first);
            i = skip_space(b, after);
            if i < end {
                match quoted(src, i, end) {
                    Some((sys, _, closed)) => {
                        d.system_id = Some(sys);
                        d.force_quirks |= !closed;
                    }
                    None => d.force_quirks = true,
                }
            }
        } else {
            d.system_id = Some(first);
        }
        (d, end + 1)
    }

    fn skip_space(b: &[u8], mut i: usize) -> usize {
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        i
    }

    /// A quoted identifier at `i` (before `end`): its text, what follows
    /// the closing quote, and whether the quote closed before `end` (the
    /// `>`; an unclosed one runs to it, and the doctype is quirks).
    fn quoted(src: &str, i: usize, end: usize) -> Option<(StrTendril, usize, bool)> {
        let b = src.as_bytes();
        if i >= end {
            return None;
        }
        let q = *b.get(i).filter(|&&q| q == b'"' || q == b'\'')?;
        match memchr::memchr(q, &b[i + 1..end]) {
            Some(e) => Some((
                StrTendril::from_slice(&src[i + 1..i + 1 + e]),
                i + 2 + e,
                true,
            )),
            None => Some((StrTendril::from_slice(&src[i + 1..end]), end, false)),
        }
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

    /// The blocks of a page parsed by html5ever whole (its own tokenizer)
    /// and by [`parse`] (the tokenizer of this module into the same tree
    /// builder).
    fn both(text: &str) -> (String, String) {
        let theirs = page_blocks(&Html::parse_document(text));
        let ours = page_blocks(&parse(text));
        (format!("{theirs:?}"), format!("{ours:?}"))
    }

    #[test]
    fn tokenizer_builds_what_html5ever_builds() {
        let cases = [
            "<p>a &amp; b &notin; &notit; &not &#x4E00;&#19968;&#0;&#x110000;&#150; &#; &#x; &</p>",
            "<table><tr><td title='a&ampb' class=nav>x</td><td class=\"q\">y<br/>z</td></table>",
            "<table>stray<tr><td>1<td>2<tr><th colspan=2>3</table>after",
            "<!DOCTYPE html><p>p<table><tr><td>t</td></tr></table>q",
            "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\"><p>p<table><td>t</table>q",
            "<!doctype html public \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\"><p>x",
            "<!DOCTYPE html SYSTEM 'about:legacy-compat'><div>a</div>",
            "<!doctype><b>q",
            "<html><head><title>t &amp; </title><style>td{}</style><script>if(a<b)document.write('</td>')</script>\
             <noscript>n</noscript><meta charset=utf-8></head><body><div id=menu>m</div><h1>标题</h1></body></html>tail",
            "<!-- c --><!--> x <!---> y <!-- a -- b --!> z <? pi > <!bogus> </ x> </> w",
            "<textarea>&lt;b&gt;</textarea><xmp><b></xmp><plaintext><table><td>x",
            "<table><tr><td>a<table><tr><td>in</td></tr></table></td></tr></table>",
            "<ul><li>a<li>b</ul><dl><dt>x<dd>y</dl><p>one<p>two",
            "<a class=share href=x>分享<p>after</a>more",
            "<td>lonely</td><tr>row</tr>",
            "<table><caption>表1</caption><colgroup><col span=2></colgroup><tbody><tr><td rowspan=\"2\" colspan=3x>a</td></tr></tbody></table>",
            "<div style=\"display: none\">hidden</div><div style=display:none>h2</div>shown",
            "<p>\0nul<td>\0</td><title>\0</title>",
            "<div a b=1 c='2' d=\"3\" e = 4 =f g/ h/>x</div><br/ ><img src=a>y",
            "<select><option>o</select><form><input value=\"v\"></form><svg><text>s</text></svg>",
            "<table><tr><td>a</td></tr><div>in table</div><tr><td>b</td></tr></table>",
            "x<table><tr><td>a</tr></td></table><table><table><tr><td>b</table></table>",
            "<script><!--<script>x</script>-->y</script>z",
            "<script><!--x</script>y",
            "<script><!-->x</script>y<script><!--->a</script>b",
            "<script>a<!--b<script>c</SCRIPT >d-->e</script>f<script><!-- --- > </script>g",
            "<script><!--<scriptx></script>h<script><!--<script>--></script>i",
            "<p>\r\ncr\rlf</p>\u{FEFF}",
            "<P CLASS=Nav>upper</P><TABLE><TR><TD>U</TD></TR></TABLE>",
            "<div title=\"unclosed>x</div>",
            "<div",
            "<table><tr><td>a</td><td>b",
            "&",
            "<",
            "</",
            "<!",
            "<!-",
            "<!DOCTYPE",
        ];
        for c in cases {
            let (theirs, ours) = both(c);
            assert_eq!(ours, theirs, "{c:?}");
        }
    }

    /// Pages of the fixtures, and mutations of them: markup characters put
    /// in at 400 places each (a fixed generator), each parsed both ways.
    #[test]
    fn tokenizer_agrees_on_fixtures_and_mutations() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut pages = Vec::new();
        let mut dirs = vec![root.join("formats")];
        for e in std::fs::read_dir(root.join("layouts")).unwrap() {
            dirs.push(e.unwrap().path());
        }
        for dir in dirs.iter().filter(|d| d.is_dir()) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.extension().is_some_and(|x| x == "html") {
                    pages.push(decode(&std::fs::read(&p).unwrap(), None).0);
                }
            }
        }
        assert!(pages.len() >= 3);
        const BITS: [&str; 36] = [
            "<",
            ">",
            "&",
            "\"",
            "'",
            "/",
            "!",
            "-",
            "=",
            " ",
            "\n",
            "<!--",
            "-->",
            "</td>",
            "<td>",
            "<tr>",
            "</table>",
            "<table>",
            "&amp",
            "&#",
            "<p>",
            "</script>",
            "<br>",
            "\0",
            "<script>",
            "<title>",
            "<textarea>",
            "<style>",
            "<!DOCTYPE html>",
            "&nbsp",
            "&#x",
            "<div class=nav>",
            " colspan=2",
            "<caption>",
            "</tr>",
            "\r",
        ];
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for page in &pages {
            let (theirs, ours) = both(page);
            assert_eq!(ours, theirs);
            // Mutations of 6,000-byte windows of the page.
            let mut from = 0;
            for k in 0..400 {
                if k % 100 == 0 && k > 0 {
                    from = next(page.len());
                    while !page.is_char_boundary(from) {
                        from -= 1;
                    }
                }
                let mut cut = page.len().min(from + 6000);
                while !page.is_char_boundary(cut) {
                    cut -= 1;
                }
                let base = &page[from..cut];
                let mut m = base.to_string();
                for _ in 0..3 {
                    let mut at = next(m.len() + 1);
                    while !m.is_char_boundary(at) {
                        at -= 1;
                    }
                    m.insert_str(at, BITS[next(BITS.len())]);
                }
                let (theirs, ours) = both(&m);
                assert_eq!(ours, theirs, "{m:?}");
            }
        }
    }

    #[test]
    fn many_attributes_stay_linear() {
        let mut page = String::from("<table><tr><td");
        for i in 0..200_000 {
            page.push_str(&format!(" a{i}=1 a{}=2", i / 2));
        }
        page.push_str(">x</td></tr></table>");
        let start = std::time::Instant::now();
        let ours = format!("{:?}", page_blocks(&parse(&page)));
        assert!(ours.contains("\"x\""), "{ours}");
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
        // Past the set's threshold the first of a duplicate still wins.
        let mut page = String::from("<table><tr><td");
        for i in 0..100 {
            page.push_str(&format!(" a{i}=1"));
        }
        page.push_str(" colspan=2 a5=x colspan=3 rowspan=2>x</td><td>y</td></tr></table>");
        let (theirs, ours) = both(&page);
        assert!(ours.contains("colspan: 2"), "{ours}");
        assert_eq!(ours, theirs);
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
