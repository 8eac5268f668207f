//! PDF pages → RGB images, with hayro (the renderer of the hayro-interpret
//! family the extractor uses, so both agree on /Rotate and the crop box).

use super::canvas::Canvas;
use super::overlay::PageGeom;
use crate::error::ConvertError;
use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// One rendered page: its geometry and its image, or why it could not be
/// drawn (the overlay then goes on a white page of the same size).
pub struct RenderedPage {
    /// 1-based.
    pub number: u32,
    pub geom: PageGeom,
    pub image: Result<Canvas, String>,
}

/// Opens the PDF for rendering.
pub fn open(bytes: &[u8]) -> Result<Pdf, ConvertError> {
    catch_unwind(|| Pdf::new(bytes.to_vec()))
        .map_err(|_| ConvertError::Unreadable("PDF cannot be opened for rendering".into()))?
        .map_err(|e| ConvertError::Unreadable(format!("PDF cannot be opened for rendering: {e:?}")))
}

/// Renders the pages of `pdf` one by one, in order, handing each to `each`
/// (which writes it, so that only one page image is in memory at a time).
/// Stops at the first error `each` returns.
pub fn for_each_page<E>(
    pdf: &Pdf,
    mut each: impl FnMut(RenderedPage) -> Result<(), E>,
) -> Result<(), E> {
    let cache = RenderCache::new();
    let interpreter = InterpreterSettings::default();
    let settings = RenderSettings::default();
    for (i, page) in pdf.pages().iter().enumerate() {
        let (w, h) = page.render_dimensions();
        let geom = PageGeom::new(w, h);
        let image = catch_unwind(AssertUnwindSafe(|| {
            let pixmap = hayro::render(
                page,
                &cache,
                &interpreter,
                &settings,
                &PixmapSettings {
                    x_scale: geom.scale,
                    y_scale: geom.scale,
                    bg_color: WHITE,
                },
            );
            Canvas::from_opaque_rgba(
                pixmap.width() as u32,
                pixmap.height() as u32,
                pixmap.data_as_u8_slice(),
            )
        }))
        .map_err(|p| {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "renderer failure".into());
            format!("page {} could not be rendered: {msg}", i + 1)
        });
        each(RenderedPage {
            number: i as u32 + 1,
            geom,
            image,
        })?;
    }
    Ok(())
}
