//! The rebuilt grid drawn over a rendered page: page points → pixels, each
//! cell tinted by the role the layout stage gave it, target tables outlined
//! in one colour and the other tables in another.

use super::canvas::{Canvas, PxRect};
use crate::model::{BBox, CellRole, Grid};
use rustc_hash::FxHashMap;

/// Pixels per PDF point: 1.75 gives 1,041 px for the width of an A4 page
/// (595 pt), readable for the small print of budget tables.
pub const SCALE: f32 = 1.75;
/// Largest side of a page image; bigger pages are drawn at a smaller scale
/// (a poster-sized page would otherwise take gigabytes).
pub const MAX_SIDE_PX: f32 = 6000.0;

/// Opacity of a cell's role tint (0–255): strong enough to tell the roles
/// apart, light enough to read the text through it.
pub const TINT_ALPHA: u8 = 100;
/// Cell borders of a table read as a target table.
pub const TARGET_LINE: [u8; 3] = [21, 101, 192];
/// Cell borders and outer frame of a table not read as a target table.
pub const OTHER_LINE: [u8; 3] = [245, 124, 0];
/// Frame of a cell read into something that carries a warning.
pub const WARNED_LINE: [u8; 3] = [213, 0, 0];
/// Thickness of cell borders, of table frames and of the warned frame, px.
const CELL_LINE_PX: i32 = 2;
const FRAME_PX: i32 = 4;
const WARNED_PX: i32 = 4;

/// The tint of each role, also used by the HTML legend and tables.
pub fn role_color(role: CellRole) -> [u8; 3] {
    match role {
        CellRole::HeaderLabel => [96, 125, 139],
        CellRole::HeaderValue => [0, 176, 255],
        CellRole::Level1 => [124, 77, 255],
        CellRole::Level2 => [240, 98, 146],
        CellRole::Name => [0, 200, 83],
        CellRole::Value => [255, 214, 0],
        CellRole::Unplaced => [121, 85, 72],
        CellRole::Warned => [255, 23, 68],
    }
}

/// Every role, in legend order.
pub const ROLES: [CellRole; 8] = [
    CellRole::HeaderLabel,
    CellRole::HeaderValue,
    CellRole::Level1,
    CellRole::Level2,
    CellRole::Name,
    CellRole::Value,
    CellRole::Unplaced,
    CellRole::Warned,
];

/// Words for each role, for the legend.
pub fn role_label(role: CellRole) -> &'static str {
    match role {
        CellRole::HeaderLabel => "header label (项目名称, 主管部门 …)",
        CellRole::HeaderValue => "header value",
        CellRole::Level1 => "level-1 indicator (一级指标)",
        CellRole::Level2 => "level-2 indicator (二级指标)",
        CellRole::Name => "indicator name (三级指标)",
        CellRole::Value => "indicator value (指标值)",
        CellRole::Unplaced => "unplaced: no field or indicator took it",
        CellRole::Warned => "read, but carries a warning",
    }
}

/// CSS class name of a role.
pub fn role_class(role: CellRole) -> &'static str {
    match role {
        CellRole::HeaderLabel => "header_label",
        CellRole::HeaderValue => "header_value",
        CellRole::Level1 => "level1",
        CellRole::Level2 => "level2",
        CellRole::Name => "name",
        CellRole::Value => "value",
        CellRole::Unplaced => "unplaced",
        CellRole::Warned => "warned",
    }
}

/// `color` blended over white at [`TINT_ALPHA`]: what a tinted empty cell
/// looks like on the image.
pub fn tint_on_white(color: [u8; 3]) -> [u8; 3] {
    let a = TINT_ALPHA as u32;
    color.map(|c| ((255 * (255 - a) + c as u32 * a + 127) / 255) as u8)
}

/// How a page in PDF points (top-left origin, /Rotate and the crop box
/// already applied by the extractor, which uses the same initial transform
/// as the renderer) maps to the page image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageGeom {
    pub width_pt: f32,
    pub height_pt: f32,
    pub scale: f32,
}

impl PageGeom {
    pub fn new(width_pt: f32, height_pt: f32) -> PageGeom {
        let side = width_pt.max(height_pt).max(1.0);
        let scale = SCALE.min(MAX_SIDE_PX / side);
        PageGeom {
            width_pt,
            height_pt,
            scale,
        }
    }

    /// Image size in pixels; truncated like the renderer's own.
    pub fn size_px(&self) -> (u32, u32) {
        (
            ((self.width_pt * self.scale) as u32).max(1),
            ((self.height_pt * self.scale) as u32).max(1),
        )
    }

    /// A box in page points → whole pixels (edges rounded to the nearest
    /// pixel; the caller's canvas clamps what falls outside).
    pub fn to_px(&self, b: BBox) -> PxRect {
        let s = self.scale;
        PxRect {
            x0: (b.x0 * s).round() as i32,
            y0: (b.y0 * s).round() as i32,
            x1: (b.x1 * s).round() as i32,
            y1: (b.y1 * s).round() as i32,
        }
    }

    /// A box as percentages of the page (left, top, width, height), for
    /// positioning HTML over the image whatever size it is shown at.
    pub fn percent(&self, b: BBox) -> [f32; 4] {
        let (w, h) = (self.width_pt.max(1e-3), self.height_pt.max(1e-3));
        [
            b.x0 / w * 100.0,
            b.y0 / h * 100.0,
            (b.x1 - b.x0) / w * 100.0,
            (b.y1 - b.y0) / h * 100.0,
        ]
    }
}

/// Roles by (table, row, col).
pub type MarkIndex = FxHashMap<(usize, u32, u32), CellRole>;

/// Draws the grids that lie on page `page` over its image. `grids` are all
/// the document's tables (index = table number of the marks); `targets`
/// tells, per table, whether the layout stage read it (it has marks).
pub fn draw_page(
    canvas: &mut Canvas,
    geom: &PageGeom,
    page: u32,
    grids: &[Grid],
    marks: &MarkIndex,
    targets: &[bool],
) {
    for (t, grid) in grids.iter().enumerate() {
        let on_page: Vec<_> = grid
            .cells
            .iter()
            .filter(|c| c.page == Some(page))
            .filter_map(|c| c.bbox.map(|b| (c, geom.to_px(b))))
            .collect();
        if on_page.is_empty() {
            continue;
        }
        let target = targets.get(t).copied().unwrap_or(false);
        // 1. Tints first, so that every line is drawn over them.
        if target {
            for (c, r) in &on_page {
                if let Some(role) = marks.get(&(t, c.row, c.col)) {
                    canvas.tint(*r, role_color(*role), TINT_ALPHA);
                }
            }
        }
        // 2. Cell borders: solid for a target table, dashed otherwise.
        let line = if target { TARGET_LINE } else { OTHER_LINE };
        for (_, r) in &on_page {
            canvas.outline(*r, line, CELL_LINE_PX, !target);
        }
        // 3. Warned cells get a thick frame of their own.
        if target {
            for (c, r) in &on_page {
                if marks.get(&(t, c.row, c.col)) == Some(&CellRole::Warned) {
                    canvas.outline(*r, WARNED_LINE, WARNED_PX, false);
                }
            }
        }
        // 4. A frame around the table's cells on this page.
        let frame = on_page.iter().fold(on_page[0].1, |a, (_, r)| PxRect {
            x0: a.x0.min(r.x0),
            y0: a.y0.min(r.y0),
            x1: a.x1.max(r.x1),
            y1: a.y1.max(r.y1),
        });
        canvas.outline(
            PxRect {
                x0: frame.x0 - FRAME_PX,
                y0: frame.y0 - FRAME_PX,
                x1: frame.x1 + FRAME_PX,
                y1: frame.y1 + FRAME_PX,
            },
            line,
            FRAME_PX,
            !target,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cell;

    fn bbox(x0: f32, y0: f32, x1: f32, y1: f32) -> BBox {
        BBox { x0, y0, x1, y1 }
    }

    #[test]
    fn a4_is_at_least_1000_px_wide() {
        let g = PageGeom::new(595.0, 842.0);
        let (w, h) = g.size_px();
        assert!(w >= 1000, "{w}");
        assert_eq!((w, h), (1041, 1473));
        // Landscape A4 keeps the same scale.
        assert_eq!(PageGeom::new(842.0, 595.0).size_px(), (1473, 1041));
    }

    #[test]
    fn points_map_to_pixels_by_the_scale() {
        let g = PageGeom::new(595.0, 842.0);
        let r = g.to_px(bbox(100.0, 200.0, 300.0, 220.0));
        assert_eq!(
            r,
            PxRect {
                x0: 175,
                y0: 350,
                x1: 525,
                y1: 385
            }
        );
        let p = g.percent(bbox(0.0, 421.0, 297.5, 842.0));
        assert!((p[0] - 0.0).abs() < 1e-4 && (p[1] - 50.0).abs() < 1e-4);
        assert!((p[2] - 50.0).abs() < 1e-4 && (p[3] - 50.0).abs() < 1e-4);
    }

    #[test]
    fn huge_pages_are_scaled_down() {
        let g = PageGeom::new(14400.0, 14400.0);
        let (w, h) = g.size_px();
        assert!(w as f32 <= MAX_SIDE_PX && h as f32 <= MAX_SIDE_PX);
        assert_eq!(g.to_px(bbox(0.0, 0.0, 14400.0, 14400.0)).x1, w as i32);
    }

    fn grid(page: u32) -> Grid {
        let cell = |row, col, b| Cell {
            row,
            col,
            rowspan: 1,
            colspan: 1,
            text: "x".into(),
            page: Some(page),
            bbox: Some(b),
            ocr_confidence: None,
        };
        Grid {
            rows: 1,
            cols: 2,
            cells: vec![
                cell(0, 0, bbox(100.0, 100.0, 200.0, 130.0)),
                cell(0, 1, bbox(200.0, 100.0, 300.0, 130.0)),
            ],
            row_origin: vec![],
        }
    }

    #[test]
    fn cells_are_tinted_by_role_and_tables_outlined() {
        let g = PageGeom::new(400.0, 300.0);
        let (w, h) = g.size_px();
        let grids = vec![grid(1), grid(2)];
        let mut marks = MarkIndex::default();
        marks.insert((0, 0, 0), CellRole::Name);
        marks.insert((0, 0, 1), CellRole::Value);

        let mut c = Canvas::white(w, h);
        draw_page(&mut c, &g, 1, &grids, &marks, &[true, true]);
        let mid = |b: BBox| {
            let r = g.to_px(b);
            c.pixel(((r.x0 + r.x1) / 2) as u32, ((r.y0 + r.y1) / 2) as u32)
        };
        assert_eq!(
            mid(bbox(100.0, 100.0, 200.0, 130.0)),
            tint_on_white(role_color(CellRole::Name))
        );
        assert_eq!(
            mid(bbox(200.0, 100.0, 300.0, 130.0)),
            tint_on_white(role_color(CellRole::Value))
        );
        let r = g.to_px(bbox(100.0, 100.0, 200.0, 130.0));
        assert_eq!(c.pixel(r.x0 as u32, (r.y0 + 10) as u32), TARGET_LINE);
        // Table 2 is on page 2: nothing of it on page 1.
        assert_eq!(c.pixel(5, 5), [255, 255, 255]);

        // A table with no marks: outlined in the other colour, not tinted.
        let mut c = Canvas::white(w, h);
        draw_page(&mut c, &g, 2, &grids, &marks, &[true, false]);
        let r = g.to_px(bbox(100.0, 100.0, 200.0, 130.0));
        assert_eq!(c.pixel(r.x0 as u32, (r.y0 + 2) as u32), OTHER_LINE);
        assert_eq!(
            c.pixel(((r.x0 + r.x1) / 2) as u32, ((r.y0 + r.y1) / 2) as u32),
            [255, 255, 255]
        );
    }
}
