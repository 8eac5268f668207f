//! index.html of an inspect folder: the records on the left (project name,
//! funds, indicators, warnings), the pages on the right with the rebuilt
//! grid drawn on them, and the grids that have no page position (text,
//! HTML, spreadsheet inputs) as HTML tables in the same colours.
//!
//! No script and nothing fetched: a link to `#r3i5` makes the browser
//! scroll to a box over the indicator's cells, shown by CSS `:target`.

use super::locate::{RecordSpots, Spot, warning_indicator};
use super::overlay::{
    self, MarkIndex, OTHER_LINE, PageGeom, ROLES, TARGET_LINE, WARNED_LINE, role_class, role_color,
    role_label,
};
use crate::diag::Diagnostic;
use crate::model::{BBox, Grid};
use serde_json::Value;
use std::fmt::Write;

/// One page image of the folder.
pub struct PageInfo {
    pub number: u32,
    pub geom: PageGeom,
    pub file: String,
    /// Why the page could not be rendered (the overlay is on white).
    pub error: Option<String>,
}

/// What the document page is made from.
pub struct DocView<'a> {
    pub file: &'a str,
    pub kind: &'a str,
    pub pages: &'a [PageInfo],
    pub grids: &'a [Grid],
    pub marks: &'a MarkIndex,
    /// Per grid: read as a target table (it has marks).
    pub targets: &'a [bool],
    pub records: &'a [Value],
    pub spots: &'a [RecordSpots],
    pub notes: &'a [Diagnostic],
}

/// Above this many cells in PDF grids, cells get no hover box of their own
/// (a browser slows down with hundreds of thousands of elements).
const MAX_HOVER_CELLS: usize = 20_000;

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

fn rgba(c: [u8; 3]) -> String {
    format!(
        "rgba({},{},{},{:.3})",
        c[0],
        c[1],
        c[2],
        overlay::TINT_ALPHA as f32 / 255.0
    )
}

/// The style sheet; role colours come from the same constants as the
/// image overlay.
fn css() -> String {
    let mut s = String::from(
        r#":root{font-family:system-ui,"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;font-size:14px;color:#222}
body{margin:0;display:grid;grid-template-columns:minmax(340px,30%) 1fr}
aside{position:sticky;top:0;height:100vh;overflow:auto;box-sizing:border-box;padding:0 14px 40px;background:#f7f7f7;border-right:1px solid #ccc}
main{min-width:0;padding:0 20px 60px}
h1{font-size:17px;margin:14px 0 4px;word-break:break-all}
h2{font-size:15px;margin:18px 0 6px}
.meta{color:#555;margin:0 0 8px}
.bar{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid #ddd;padding:8px 0;display:flex;flex-wrap:wrap;gap:6px 14px;font-size:12.5px}
.sw{display:inline-block;width:22px;height:13px;vertical-align:-2px;margin-right:4px;border:1px solid #0002}
.sw.line{background:#fff;border:2px solid}
.sw.dash{background:#fff;border:2px dashed}
ol.recs{padding-left:0;list-style:none;margin:0}
ol.recs>li{border-bottom:1px solid #ddd;padding:6px 0}
summary{cursor:pointer}
.pname{font-weight:600}
.funds{color:#444;font-size:12.5px;display:block;margin:2px 0 0 16px}
.nw{color:#c62828;font-size:12.5px;margin-left:6px;white-space:nowrap}
table.ind{border-collapse:collapse;margin:6px 0 4px;font-size:12.5px;width:100%}
table.ind td,table.ind th{border:1px solid #ddd;padding:2px 4px;vertical-align:top;text-align:left}
table.ind th{background:#eee;font-weight:600}
table.ind tr.w td{background:#ffebee}
ul.warns{margin:4px 0;padding-left:18px;font-size:12.5px}
ul.warns code{color:#c62828}
a{color:#0b57d0;text-decoration:none}
a:hover{text-decoration:underline}
aside a:focus{background:#fff59d;outline:1px solid #f9a825}
.nf{color:#888}
section.page,section.grid{margin:18px 0 0;scroll-margin-top:80px}
.sheet{position:relative;overflow:hidden;border:1px solid #aaa;box-shadow:0 1px 4px #0003;background:#fff}
.sheet img{display:block;width:100%;height:auto}
.hl{position:absolute;display:none;outline:3px solid #d50000;outline-offset:1px;box-shadow:0 0 0 100vmax rgba(0,0,0,.28);scroll-margin:35vh 0;z-index:3}
.hl:target{display:block}
.c{position:absolute;z-index:2}
.c:hover{outline:2px solid #000}
.err{color:#c62828}
table.g{border-collapse:collapse;font-size:13px;margin:4px 0}
table.g td{border:1px solid "#,
    );
    let _ = writeln!(
        s,
        "{};padding:3px 6px;vertical-align:top;white-space:pre-wrap}}",
        hex(TARGET_LINE)
    );
    let _ = writeln!(
        s,
        "table.g.other td{{border:1px dashed {}}}\ntable.g.other{{outline:3px dashed {}}}",
        hex(OTHER_LINE),
        hex(OTHER_LINE)
    );
    let _ = writeln!(
        s,
        "table.g td.warned{{box-shadow:inset 0 0 0 3px {}}}\ntable.g:has(.a:target) td{{opacity:.35}}\ntable.g tr:has(.a:target) td{{opacity:1}}\ntable.g td:has(>.a:target){{outline:3px solid #111;outline-offset:-2px}}\n.a{{scroll-margin:35vh 0}}",
        hex(WARNED_LINE)
    );
    for role in ROLES {
        let _ = writeln!(
            s,
            ".r-{}{{background:{}}}",
            role_class(role),
            rgba(role_color(role))
        );
    }
    s
}

/// The legend: each role's colour, the two table outlines, the warned frame.
fn legend() -> String {
    let mut s = String::from("<div class=bar>");
    for role in ROLES {
        let _ = write!(
            s,
            "<span><span class=\"sw r-{}\"></span>{}</span>",
            role_class(role),
            escape(role_label(role))
        );
    }
    let _ = write!(
        s,
        "<span><span class=\"sw line\" style=\"border-color:{}\"></span>cell of a table read as a target table</span>\
         <span><span class=\"sw dash\" style=\"border-color:{}\"></span>table found but not read as a target table</span>\
         <span><span class=\"sw line\" style=\"border-color:{}\"></span>frame: warned cell</span></div>",
        hex(TARGET_LINE),
        hex(OTHER_LINE),
        hex(WARNED_LINE)
    );
    s
}

fn str_of<'v>(v: &'v Value, ptr: &str) -> Option<&'v str> {
    v.pointer(ptr).and_then(Value::as_str)
}

/// A JSON number or string as shown (90, not 90.0), "–" when absent.
fn shown(v: Option<&Value>) -> String {
    match v {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.clone(),
        _ => "–".into(),
    }
}

/// A spot's box on a page: the union of its cells' boxes, if they have one.
fn spot_box(grids: &[Grid], spot: &Spot) -> Option<(u32, BBox)> {
    let grid = grids.get(spot.table)?;
    let mut out: Option<(u32, BBox)> = None;
    for c in grid
        .cells
        .iter()
        .filter(|c| c.row == spot.row && spot.cols.contains(&c.col))
    {
        let (Some(p), Some(b)) = (c.page, c.bbox) else {
            continue;
        };
        out = Some(match out {
            None => (p, b),
            Some((q, a)) if q == p => (
                p,
                BBox {
                    x0: a.x0.min(b.x0),
                    y0: a.y0.min(b.y0),
                    x1: a.x1.max(b.x1),
                    y1: a.y1.max(b.y1),
                },
            ),
            Some(keep) => keep,
        });
    }
    out
}

/// Where each link target goes: a box over a page, or anchors in the
/// cells of an HTML table.
#[derive(Default)]
struct Targets {
    /// Per page number: (id, box in points).
    boxes: rustc_hash::FxHashMap<u32, Vec<(String, BBox)>>,
    /// Per (table, row, col): ids anchored in that HTML cell.
    anchors: rustc_hash::FxHashMap<(usize, u32, u32), Vec<String>>,
}

impl Targets {
    /// Registers `id` at `spot`; false if the spot has no place to show.
    fn add(&mut self, grids: &[Grid], id: &str, spot: &Spot) -> bool {
        if let Some((page, b)) = spot_box(grids, spot) {
            self.boxes
                .entry(page)
                .or_default()
                .push((id.to_string(), b));
            return true;
        }
        let has_cells = grids.get(spot.table).is_some_and(|g| {
            g.cells
                .iter()
                .any(|c| c.row == spot.row && spot.cols.contains(&c.col))
        });
        if has_cells {
            self.anchors
                .entry((spot.table, spot.row, spot.cols[0]))
                .or_default()
                .push(id.to_string());
        }
        has_cells
    }
}

/// The link to `id` when it was placed, else to the page, else nothing.
fn link(text: &str, id: Option<&str>, page: Option<u64>, pages: &[PageInfo]) -> String {
    match (id, page) {
        (Some(id), _) => format!("<a href=\"#{id}\">{text}</a>"),
        (None, Some(p)) if pages.iter().any(|x| x.number as u64 == p) => format!(
            "<a href=\"#p{p}\">{text}</a> <span class=nf>(cells not found; page {p})</span>"
        ),
        _ => format!("{text} <span class=nf>(cells not found)</span>"),
    }
}

/// The records list of the sidebar.
fn records_html(v: &DocView, t: &mut Targets) -> String {
    let mut s = String::new();
    if v.records.is_empty() {
        s.push_str("<p class=nf>No records: no table was read as a performance-target table.</p>");
        return s;
    }
    s.push_str("<ol class=recs>");
    for (ri, rec) in v.records.iter().enumerate() {
        let n = ri + 1;
        let spots = v.spots.get(ri);
        let rec_id = format!("r{n}");
        let rec_placed = spots
            .and_then(|s| s.record.as_ref())
            .is_some_and(|sp| t.add(v.grids, &rec_id, sp));
        let inds = rec
            .get("indicators")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut ind_ids: Vec<Option<String>> = Vec::with_capacity(inds.len());
        for (ii, _) in inds.iter().enumerate() {
            let id = format!("r{n}i{}", ii + 1);
            let placed = spots
                .and_then(|s| s.indicators.get(ii))
                .and_then(Option::as_ref)
                .is_some_and(|sp| t.add(v.grids, &id, sp));
            ind_ids.push(placed.then_some(id));
        }
        let warns = rec
            .get("warnings")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let first_page = inds
            .iter()
            .find_map(|i| i.pointer("/source/page").and_then(Value::as_u64));
        let name = str_of(rec, "/project_name")
            .map(escape)
            .unwrap_or_else(|| "(no project name)".into());
        let unit = str_of(rec, "/amount_unit").unwrap_or("");
        let _ = write!(
            s,
            "<li><details><summary>{n}. {}{}<span class=funds>project total {} · annual total {} {}{}</span></summary>",
            link(
                &format!("<span class=pname>{name}</span>"),
                rec_placed.then_some(rec_id.as_str()),
                first_page,
                v.pages
            ),
            if warns.is_empty() {
                String::new()
            } else {
                format!("<span class=nw>{} warning(s)</span>", warns.len())
            },
            escape(&shown(rec.pointer("/funds/project_total"))),
            escape(&shown(rec.pointer("/funds/annual_total"))),
            escape(unit),
            first_page
                .map(|p| format!(" · page {p}"))
                .unwrap_or_default(),
        );
        // Indicators, each a link to its row.
        let warned: Vec<Option<usize>> = warns
            .iter()
            .map(|w| str_of(w, "/at").and_then(warning_indicator))
            .collect();
        indicators_html(&mut s, v, inds, &warned, &ind_ids);
        let rec_link = (rec_placed.then(|| rec_id.clone()), first_page);
        warnings_html(&mut s, v, warns, &warned, (inds, &ind_ids), rec_link);
        s.push_str("</details></li>");
    }
    s.push_str("</ol>");
    s
}

/// A record's indicators as a table, each name a link to its row;
/// `warned` holds the indicator each warning names.
fn indicators_html(
    s: &mut String,
    v: &DocView,
    inds: &[Value],
    warned: &[Option<usize>],
    ind_ids: &[Option<String>],
) {
    s.push_str(
        "<table class=ind><tr><th>一级</th><th>二级</th><th>三级指标</th><th>指标值</th></tr>",
    );
    for (ii, ind) in inds.iter().enumerate() {
        let cls = if warned.contains(&Some(ii)) {
            " class=w"
        } else {
            ""
        };
        let _ = write!(
            s,
            "<tr{cls}><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(str_of(ind, "/level1").unwrap_or("")),
            escape(str_of(ind, "/level2").unwrap_or("")),
            link(
                &escape(str_of(ind, "/name").unwrap_or("")),
                ind_ids[ii].as_deref(),
                ind.pointer("/source/page").and_then(Value::as_u64),
                v.pages
            ),
            escape(str_of(ind, "/value/raw").unwrap_or("")),
        );
    }
    s.push_str("</table>");
}

/// A record's warnings, each a link to the indicator it names (else to
/// the record, `rec_link`).
fn warnings_html(
    s: &mut String,
    v: &DocView,
    warns: &[Value],
    warned: &[Option<usize>],
    (inds, ind_ids): (&[Value], &[Option<String>]),
    rec_link: (Option<String>, Option<u64>),
) {
    if !warns.is_empty() {
        s.push_str("<ul class=warns>");
        for (w, ind) in warns.iter().zip(warned) {
            let (id, page) = match ind {
                Some(i) => (
                    ind_ids.get(*i).cloned().flatten(),
                    inds.get(*i)
                        .and_then(|x| x.pointer("/source/page"))
                        .and_then(Value::as_u64),
                ),
                None => rec_link.clone(),
            };
            let at = str_of(w, "/at").unwrap_or("");
            let text = format!(
                "<code>{}</code>{}{}: {}",
                escape(str_of(w, "/code").unwrap_or("")),
                if at.is_empty() { "" } else { " " },
                escape(at),
                escape(str_of(w, "/message").unwrap_or(""))
            );
            let _ = write!(s, "<li>{}</li>", link(&text, id.as_deref(), page, v.pages));
        }
        s.push_str("</ul>");
    }
}

/// Document notes; a note that names a page links to it.
fn notes_html(v: &DocView) -> String {
    if v.notes.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "<details><summary><h2 style=\"display:inline\">Document notes ({})</h2></summary><ul class=warns>",
        v.notes.len()
    );
    for n in v.notes {
        let page = n
            .message
            .strip_prefix("page ")
            .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|d| d.parse::<u32>().ok())
            .filter(|p| v.pages.iter().any(|x| x.number == *p));
        let text = format!(
            "<code>{}</code> {}",
            escape(n.code.as_str()),
            escape(&n.message)
        );
        match page {
            Some(p) => {
                let _ = write!(s, "<li><a href=\"#p{p}\">{text}</a></li>");
            }
            None => {
                let _ = write!(s, "<li>{text}</li>");
            }
        }
    }
    s.push_str("</ul></details>");
    s
}

fn pct(x: f32) -> String {
    format!("{x:.3}%")
}

/// The page images with their link targets and hover boxes.
fn pages_html(v: &DocView, t: &Targets) -> String {
    let mut s = String::new();
    let pdf_cells: usize = v
        .grids
        .iter()
        .map(|g| g.cells.iter().filter(|c| c.bbox.is_some()).count())
        .sum();
    let hover = pdf_cells <= MAX_HOVER_CELLS;
    // Cells with a box, by page, for the hover boxes.
    let mut by_page: rustc_hash::FxHashMap<u32, Vec<(usize, &crate::model::Cell)>> =
        Default::default();
    if hover {
        for (ti, g) in v.grids.iter().enumerate() {
            for c in &g.cells {
                if let (Some(p), Some(_)) = (c.page, c.bbox) {
                    by_page.entry(p).or_default().push((ti, c));
                }
            }
        }
    }
    for p in v.pages {
        let (w, h) = p.geom.size_px();
        let _ = write!(
            s,
            "<section class=page id=p{n}><h2>Page {n}</h2>",
            n = p.number
        );
        if let Some(e) = &p.error {
            let _ = write!(s, "<p class=err>{}</p>", escape(e));
        }
        let _ = write!(
            s,
            "<div class=sheet style=\"max-width:{w}px\"><img src=\"{}\" width={w} height={h} loading=lazy alt=\"page {}\">",
            escape(&p.file),
            p.number
        );
        for (ti, c) in by_page
            .get(&p.number)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let Some(b) = c.bbox else { continue };
            let [l, tp, wd, ht] = p.geom.percent(b);
            let role = v
                .marks
                .get(&(*ti, c.row, c.col))
                .map(|r| role_label(*r))
                .unwrap_or(if v.targets.get(*ti).copied().unwrap_or(false) {
                    "no role"
                } else {
                    "table not read as a target table"
                });
            let _ = write!(
                s,
                "<div class=c style=\"left:{};top:{};width:{};height:{}\" title=\"table {} · row {} · col {} · {}\n{}\"></div>",
                pct(l),
                pct(tp),
                pct(wd),
                pct(ht),
                ti + 1,
                c.row + 1,
                c.col + 1,
                escape(role),
                escape(&c.text)
            );
        }
        for (id, b) in t
            .boxes
            .get(&p.number)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let [l, tp, wd, ht] = p.geom.percent(*b);
            let _ = write!(
                s,
                "<div class=hl id=\"{id}\" style=\"left:{};top:{};width:{};height:{}\"></div>",
                pct(l),
                pct(tp),
                pct(wd),
                pct(ht)
            );
        }
        s.push_str("</div></section>");
    }
    s
}

/// Grids with no page position, drawn as HTML tables in the same colours.
fn html_grids(v: &DocView, t: &Targets) -> String {
    let mut s = String::new();
    for (ti, g) in v.grids.iter().enumerate() {
        if g.cells.iter().any(|c| c.bbox.is_some()) || g.cells.is_empty() {
            continue;
        }
        let target = v.targets.get(ti).copied().unwrap_or(false);
        let lines = g
            .row_origin
            .iter()
            .filter_map(|o| o.line)
            .fold(None, |acc: Option<(u32, u32)>, l| {
                Some(acc.map_or((l, l), |(a, b)| (a.min(l), b.max(l))))
            });
        let _ = write!(
            s,
            "<section class=grid id=t{n}><h2>Table {n}{}{}</h2><table class=\"g{}\">",
            lines
                .map(|(a, b)| format!(" (lines {a}–{b})"))
                .unwrap_or_default(),
            if target {
                ""
            } else {
                " — not read as a target table"
            },
            if target { "" } else { " other" },
            n = ti + 1
        );
        let mut by_row: Vec<Vec<&crate::model::Cell>> = vec![Vec::new(); g.rows as usize];
        for c in &g.cells {
            if let Some(r) = by_row.get_mut(c.row as usize) {
                r.push(c);
            }
        }
        for (r, cells) in by_row.iter_mut().enumerate() {
            cells.sort_by_key(|c| c.col);
            let line = g.row_origin.get(r).and_then(|o| o.line);
            let _ = write!(
                s,
                "<tr{}>",
                line.map(|l| format!(" title=\"line {l}\""))
                    .unwrap_or_default()
            );
            for c in cells.iter() {
                let role = v.marks.get(&(ti, c.row, c.col));
                let mut cls = String::new();
                if let Some(role) = role {
                    cls = format!("r-{}", role_class(*role));
                    if *role == crate::model::CellRole::Warned {
                        cls.push_str(" warned");
                    }
                }
                let span = |n: u32, name: &str| {
                    if n > 1 {
                        format!(" {name}={n}")
                    } else {
                        String::new()
                    }
                };
                let _ = write!(
                    s,
                    "<td{}{}{}>",
                    if cls.is_empty() {
                        String::new()
                    } else {
                        format!(" class=\"{cls}\"")
                    },
                    span(c.rowspan, "rowspan"),
                    span(c.colspan, "colspan")
                );
                for id in t
                    .anchors
                    .get(&(ti, c.row, c.col))
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                {
                    let _ = write!(s, "<span class=a id=\"{id}\"></span>");
                }
                s.push_str(&escape(&c.text));
                s.push_str("</td>");
            }
            s.push_str("</tr>");
        }
        s.push_str("</table></section>");
    }
    s
}

/// The whole index.html of one document.
pub fn document(v: &DocView) -> String {
    let mut t = Targets::default();
    // The records list first: it registers the link targets.
    let records = records_html(v, &mut t);
    let warnings: usize = v
        .records
        .iter()
        .map(|r| {
            r.get("warnings")
                .and_then(Value::as_array)
                .map_or(0, Vec::len)
        })
        .sum();
    let read = v.targets.iter().filter(|x| **x).count();
    let mut s = String::new();
    let _ = write!(
        s,
        "<!doctype html><html lang=zh><head><meta charset=utf-8><meta name=viewport content=\"width=device-width\"><title>jixiao inspect · {}</title><style>{}</style></head><body>",
        escape(v.file),
        css()
    );
    let _ = write!(
        s,
        "<aside><h1>{}</h1><p class=meta>{}{} · {} table(s), {} read as target tables · {} record(s) · {} warning(s)</p><p class=meta>Click a project, an indicator or a warning to see its cells on the page. Hover a cell for its role and text.</p><h2>Records</h2>{}{}</aside>",
        escape(v.file),
        escape(v.kind),
        if v.pages.is_empty() {
            String::new()
        } else {
            format!(" · {} page(s)", v.pages.len())
        },
        v.grids.len(),
        read,
        v.records.len(),
        warnings,
        records,
        notes_html(v)
    );
    let _ = writeln!(
        s,
        "<main>{}{}{}</main></body></html>",
        legend(),
        pages_html(v, &t),
        html_grids(v, &t)
    );
    s
}

/// One line of the index of several inputs.
pub struct IndexEntry {
    pub file: String,
    /// Folder of the document's inspect page, relative to the index.
    pub folder: Option<String>,
    pub records: usize,
    pub warnings: usize,
    pub pages: usize,
    pub error: Option<String>,
}

/// DIR/index.html when several inputs were inspected.
pub fn index(entries: &[IndexEntry]) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<!doctype html><html lang=zh><head><meta charset=utf-8><title>jixiao inspect</title><style>\
         body{{font-family:system-ui,\"Noto Sans CJK SC\",sans-serif;font-size:14px;margin:20px}}\
         table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}\
         th{{background:#eee}}.err{{color:#c62828}}a{{color:#0b57d0}}</style></head><body>\
         <h1>jixiao inspect: {} input(s)</h1><table><tr><th>input</th><th>pages</th><th>records</th><th>warnings</th><th></th></tr>",
        entries.len()
    );
    for e in entries {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            match &e.folder {
                Some(f) => format!(
                    "<a href=\"{}/index.html\">{}</a>",
                    escape(f),
                    escape(&e.file)
                ),
                None => escape(&e.file),
            },
            e.pages,
            e.records,
            e.warnings,
            match &e.error {
                Some(err) => format!("<span class=err>{}</span>", escape(err)),
                None => String::new(),
            }
        );
    }
    s.push_str("</table></body></html>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn index_links_each_input_and_names_failures() {
        let html = index(&[
            IndexEntry {
                file: "a.pdf".into(),
                folder: Some("a".into()),
                records: 3,
                warnings: 1,
                pages: 2,
                error: None,
            },
            IndexEntry {
                file: "b<.pdf".into(),
                folder: None,
                records: 0,
                warnings: 0,
                pages: 0,
                error: Some("empty file".into()),
            },
        ]);
        assert!(html.contains("<a href=\"a/index.html\">a.pdf</a>"));
        assert!(html.contains("b&lt;.pdf"));
        assert!(html.contains("empty file"));
    }
}
