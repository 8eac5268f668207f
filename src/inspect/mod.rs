//! `jixiao inspect`: see what was read, on the page. For one input, a
//! self-contained folder (no network) with `index.html` and one PNG per PDF
//! page: the page rendered by hayro with the rebuilt grid drawn over it,
//! each cell tinted by the role the layout stage gave it; the records on
//! the side, each indicator and warning a link to its cells.
//!
//! Modules: [`render`] (PDF page → image, hayro), [`canvas`] (the image,
//! drawing, PNG encoding), [`overlay`] (page points → pixels, role
//! colours, the grid drawing), [`locate`] (a record's and an indicator's
//! cells, found again), [`html`] (index.html).

pub mod canvas;
pub mod html;
pub mod locate;
pub mod overlay;
pub mod render;
pub mod sink;

use crate::error::ConvertError;
use crate::layout::part::Parsed;
use crate::model::{CellMark, SourceKind};
/// What one reading keeps for the view; defined in the output stage so
/// that a sink's body can carry it.
pub use crate::output::reading::{Inspected, Kept};
use crate::{Limits, extract};
use overlay::MarkIndex;
use std::path::Path;

/// The roles the layout stage gave the cells.
pub fn marks_for(parsed: &Parsed) -> Vec<CellMark> {
    parsed.marks.clone()
}

/// Runs the pipeline on one input ([`crate::read_document`], as a
/// conversion does) and keeps what inspect needs: its target and
/// self-evaluation records. Unlike a conversion, a document with no target
/// table is not an error: its tables are still shown.
pub fn read(bytes: &[u8], file: &str, limits: &Limits) -> Result<Inspected, ConvertError> {
    let format = extract::Format::of(bytes);
    if format.named_pdf(file).is_some() {
        return Err(ConvertError::NamedPdf(extract::sniff_kind(bytes)));
    }
    let read = crate::read_document(bytes, &format, file, limits, &crate::Watch::default())?;
    Ok(Inspected::of(
        file,
        read.doc,
        read.blocks,
        &read.parsed,
        &read.records,
    ))
}

/// What was written for one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    pub pages: usize,
    pub records: usize,
    pub warnings: usize,
    /// Pages the renderer could not draw (their overlay is on white).
    pub render_errors: Vec<String>,
}

/// File name of page `n`'s image.
pub fn page_file(n: u32) -> String {
    format!("page-{n:03}.png")
}

/// Writes the inspect folder of `ins` (read from `bytes`) into `dir`.
pub fn write(ins: &Inspected, bytes: &[u8], dir: &Path) -> Result<Written, ConvertError> {
    std::fs::create_dir_all(dir)?;
    let marks: MarkIndex = ins
        .marks
        .iter()
        .map(|m| ((m.table, m.row, m.col), m.role))
        .collect();
    let mut targets = vec![false; ins.grids.len()];
    for m in &ins.marks {
        if let Some(t) = targets.get_mut(m.table) {
            *t = true;
        }
    }
    let mut written = Written::default();
    let mut pages = Vec::new();
    if ins.doc.kind == SourceKind::Pdf {
        let pdf = render::open(bytes)?;
        render::for_each_page(&pdf, |page| -> Result<(), ConvertError> {
            let (w, h) = page.geom.size_px();
            let (mut canvas, error) = match page.image {
                Ok(c) => (c, None),
                Err(e) => (canvas::Canvas::white(w, h), Some(e)),
            };
            overlay::draw_page(
                &mut canvas,
                &page.geom,
                page.number,
                &ins.grids,
                &marks,
                &targets,
            );
            let file = page_file(page.number);
            let png = canvas
                .to_png()
                .map_err(|e| ConvertError::Unreadable(format!("PNG encoding failed: {e}")))?;
            crate::output::write_atomic(&dir.join(&file), &png)?;
            if let Some(e) = &error {
                written.render_errors.push(e.clone());
            }
            pages.push(html::PageInfo {
                number: page.number,
                geom: page.geom,
                file,
                error,
            });
            Ok(())
        })?;
    }
    let records: Vec<serde_json::Value> = ins
        .records
        .iter()
        .map(|r| serde_json::to_value(r).unwrap_or_default())
        .collect();
    let spots = locate::locate(&ins.grids, &marks, &records);
    // The kind's name as report.json spells it (pdf, text …).
    let kind = serde_json::to_value(ins.doc.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let page = html::document(&html::DocView {
        file: &ins.file,
        kind: &kind,
        pages: &pages,
        grids: &ins.grids,
        marks: &marks,
        targets: &targets,
        records: &records,
        spots: &spots,
        notes: &ins.notes,
    });
    crate::output::write_atomic(&dir.join("index.html"), page.as_bytes())?;
    written.pages = pages.len();
    written.records = ins.records.len();
    written.warnings = ins.records.iter().map(|r| r.warnings.len()).sum();
    Ok(written)
}

/// Reads `path` and writes its inspect folder into `dir`; `shown` is the
/// path as the user gave it.
pub fn inspect_file(path: &Path, shown: &str, dir: &Path) -> Result<Written, ConvertError> {
    let bytes = std::fs::read(path)?;
    let ins = read(&bytes, shown, &Limits::default())?;
    write(&ins, &bytes, dir)
}

/// The folder of a converted input's inspect view, beside its records:
/// `<stem>-inspect/`, the stem of its per-input output file (`a-2.json` →
/// `a-2-inspect/`), else of the input.
pub fn folder_beside(input: &str, out_dir: &Path, output_name: Option<&str>) -> std::path::PathBuf {
    let stem = output_name
        .unwrap_or(input)
        .rsplit(['/', '\\'])
        .next()
        .and_then(|n| Path::new(n).file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "input".into());
    out_dir.join(format!("{stem}-inspect"))
}

/// Runs `f`, a panic in it becoming its error: one document's inspect
/// folder never stops the batch.
pub fn catching(
    f: impl FnOnce() -> Result<Written, ConvertError>,
) -> Result<Written, ConvertError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|p| {
        let msg = p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        Err(ConvertError::Panic(msg))
    })
}
