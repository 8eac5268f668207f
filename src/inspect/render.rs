//! PDF pages → RGB images, with hayro (the renderer of the hayro-interpret
//! family the extractor uses, so both agree on /Rotate and the crop box).

use super::canvas::Canvas;
use super::overlay::PageGeom;
use crate::error::ConvertError;
use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_interpret::font::{FontData, FontQuery};
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, OnceLock};

/// System fonts for CJK text whose font is not embedded in the PDF (the
/// built-in fallbacks are Latin only), with the face index of Simplified
/// Chinese in a collection. The first that exists is used; the
/// `JIXIAO_CJK_FONT` environment variable names another file.
const CJK_FONTS: &[(&str, u32)] = &[
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    (
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        0,
    ),
];

/// The system CJK font, read once per process (None when there is none).
fn cjk_font() -> Option<(FontData, u32)> {
    static FONT: OnceLock<Option<(FontData, u32)>> = OnceLock::new();
    FONT.get_or_init(|| {
        let from_env = std::env::var("JIXIAO_CJK_FONT").ok().map(|p| (p, 0));
        from_env
            .into_iter()
            .chain(CJK_FONTS.iter().map(|(p, i)| (p.to_string(), *i)))
            .find_map(|(path, index)| {
                let data = std::fs::read(path).ok()?;
                Some((Arc::new(data) as FontData, index))
            })
    })
    .clone()
}

/// Whether a system CJK font was found for fonts that are not embedded.
pub fn has_cjk_font() -> bool {
    cjk_font().is_some()
}

/// hayro's settings with a CJK fallback: a CID font that is not embedded
/// is drawn with the system CJK font (glyphs found through Unicode), any
/// other missing font with hayro's built-in standard fonts.
fn interpreter_settings() -> InterpreterSettings {
    let default = InterpreterSettings::default();
    let standard = default.font_resolver.clone();
    InterpreterSettings {
        font_resolver: Arc::new(move |query| {
            if let FontQuery::Fallback(f) = query
                && f.character_collection.is_some()
                && let Some(font) = cjk_font()
            {
                return Some(font);
            }
            standard(query)
        }),
        ..default
    }
}

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
    let interpreter = interpreter_settings();
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
