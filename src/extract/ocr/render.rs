//! A PDF page → an RGB image, with `hayro` (the renderer of the
//! `hayro-interpret` the PDF reader uses).
//!
//! Memory per page is bounded here: the rendered image holds at most
//! [`MAX_PAGE_PIXELS`] pixels and no side longer than [`MAX_RENDER_SIDE`]
//! (a larger page is rendered at a lower resolution), and everything after
//! it works on an image of at most [`super::MAX_SIDE`] pixels a side. A page
//! too thin to hold a line of text at that scale fails alone, with its size.

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::page::Page;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};

use super::OcrError;
use super::image::Rgb;

/// Most pixels of a rendered page: an A3 page at 200 dpi (2339 × 3307) fits;
/// a larger page is rendered at a lower resolution. The pixmap (RGBA) and
/// its RGB copy then take at most 7 bytes a pixel, 56 MB.
pub const MAX_PAGE_PIXELS: f32 = 8.0e6;
/// Longest rendered side in pixels (twice the working size: the image is
/// scaled to [`super::MAX_SIDE`] next anyway).
pub const MAX_RENDER_SIDE: f32 = 2.0 * super::MAX_SIDE as f32;
/// Shortest rendered side in pixels: a thinner page cannot hold a line of
/// text the detector sees (its input sides are multiples of 32).
pub const MIN_RENDER_SIDE: f32 = 32.0;

/// The render scale (pixels per point) of a `w × h` pt page at `dpi`:
/// lowered so that the image stays within [`MAX_RENDER_SIDE`] and
/// [`MAX_PAGE_PIXELS`]; an error when the page's short side would be under
/// [`MIN_RENDER_SIDE`] (or the size is not finite).
pub fn render_scale(w: f32, h: f32, dpi: f32) -> Result<f32, OcrError> {
    let too_small = || {
        OcrError::Render(format!(
            "page too small to read by OCR ({w:.0} × {h:.0} pt)"
        ))
    };
    if !(w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0) {
        return Err(too_small());
    }
    let scale = (dpi / 72.0)
        .min(MAX_RENDER_SIDE / w.max(h))
        .min((MAX_PAGE_PIXELS / (w * h)).sqrt());
    if w.min(h) * scale < MIN_RENDER_SIDE {
        return Err(too_small());
    }
    Ok(scale)
}

/// Renders `page` at `dpi` (lowered for large pages, see [`render_scale`])
/// on white. The page's size in points is `page.render_dimensions()`.
pub fn render_page(page: &Page<'_>, dpi: f32) -> Result<Rgb, OcrError> {
    let (w, h) = page.render_dimensions();
    let scale = render_scale(w, h, dpi)?;
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
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_scale_bounds_the_page_image() {
        // A4 at 200 dpi, as asked.
        let a4 = render_scale(595.0, 842.0, 200.0).unwrap();
        assert_eq!(a4, 200.0 / 72.0);
        // A3 fits too.
        assert_eq!(render_scale(842.0, 1191.0, 200.0).unwrap(), 200.0 / 72.0);
        // The largest PDF page (14,400 pt square) and a long strip: lowered
        // to the bounds.
        for (w, h) in [(14400.0, 14400.0), (14400.0, 600.0), (2000.0, 3000.0)] {
            let s = render_scale(w, h, 200.0).unwrap();
            assert!((w * s) * (h * s) <= MAX_PAGE_PIXELS * 1.0001, "{w}×{h}");
            assert!(w.max(h) * s <= MAX_RENDER_SIDE * 1.0001, "{w}×{h}");
        }
        // Too thin to hold a line of text, or no size: an error naming it.
        let e = render_scale(14400.0, 20.0, 200.0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "page image could not be rendered: page too small to read by OCR (14400 × 20 pt)"
        );
        assert!(render_scale(0.0, 800.0, 200.0).is_err());
        assert!(render_scale(f32::NAN, 800.0, 200.0).is_err());
    }
}
