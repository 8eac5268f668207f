//! A PDF page → an RGB image, with `hayro` (the renderer of the
//! `hayro-interpret` the PDF reader uses).

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::page::Page;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};

use super::image::Rgb;

/// Largest rendered side in pixels: larger pages are rendered at a lower
/// resolution (the image is scaled to [`super::MAX_SIDE`] next anyway; this
/// bounds a worker's memory to a 4000 px square).
const MAX_RENDER_SIDE: f32 = 2.0 * super::MAX_SIDE as f32;

/// Renders `page` at `dpi` (lowered for huge pages) on white. Returns the
/// image; the page's size in points is `page.render_dimensions()`.
pub fn render_page(page: &Page<'_>, dpi: f32) -> Rgb {
    let (w, h) = page.render_dimensions();
    let mut scale = dpi / 72.0;
    let longest = w.max(h).max(1.0);
    if longest * scale > MAX_RENDER_SIDE {
        scale = MAX_RENDER_SIDE / longest;
    }
    let cache = RenderCache::new();
    let pixmap = hayro::render(
        page,
        &cache,
        &InterpreterSettings::default(),
        &RenderSettings::default(),
        &PixmapSettings {
            x_scale: scale,
            y_scale: scale,
            bg_color: WHITE,
        },
    );
    let (pw, ph) = (pixmap.width() as usize, pixmap.height() as usize);
    let rgba = pixmap.data_as_u8_slice();
    let mut out = Rgb::new(pw, ph, 255);
    for (dst, src) in out.data.chunks_exact_mut(3).zip(rgba.chunks_exact(4)) {
        // Premultiplied RGBA over white.
        let a = 255 - src[3];
        for c in 0..3 {
            dst[c] = src[c].saturating_add(a);
        }
    }
    out
}
