//! An RGB image the overlay is drawn on, with the few drawing operations
//! the overlay needs (tinted rectangles, outlines) and PNG encoding.

/// A rectangle in whole pixels, x0..x1 and y0..y1 half-open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PxRect {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

impl PxRect {
    pub fn is_empty(&self) -> bool {
        self.x1 <= self.x0 || self.y1 <= self.y0
    }
}

/// Opaque RGB pixels, row by row, 3 bytes a pixel.
#[derive(Debug, Clone)]
pub struct Canvas {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
}

/// Length of a dash and of the gap after it, in pixels.
const DASH_PX: i32 = 8;

impl Canvas {
    /// A white canvas.
    pub fn white(width: u32, height: u32) -> Canvas {
        Canvas {
            width,
            height,
            rgb: vec![255; width as usize * height as usize * 3],
        }
    }

    /// From premultiplied RGBA pixels rendered over an opaque background
    /// (so premultiplied and straight colour are the same): alpha dropped.
    pub fn from_opaque_rgba(width: u32, height: u32, rgba: &[u8]) -> Canvas {
        let mut rgb = Vec::with_capacity(width as usize * height as usize * 3);
        for px in rgba.chunks_exact(4) {
            rgb.extend_from_slice(&px[..3]);
        }
        Canvas { width, height, rgb }
    }

    pub fn pixel(&self, x: u32, y: u32) -> [u8; 3] {
        let i = (y as usize * self.width as usize + x as usize) * 3;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }

    /// `r` cut to the canvas.
    fn clamp(&self, r: PxRect) -> PxRect {
        PxRect {
            x0: r.x0.clamp(0, self.width as i32),
            y0: r.y0.clamp(0, self.height as i32),
            x1: r.x1.clamp(0, self.width as i32),
            y1: r.y1.clamp(0, self.height as i32),
        }
    }

    /// Tints the pixels of `r` like a highlighter: multiplies them by
    /// `color` mixed with white at opacity `alpha` (0–255). White becomes
    /// that mix; black text and rules stay black, so text stays readable.
    pub fn tint(&mut self, r: PxRect, color: [u8; 3], alpha: u8) {
        let r = self.clamp(r);
        if r.is_empty() {
            return;
        }
        let a = alpha as u32;
        // The highlighter's colour: `color` over white at `alpha`.
        let ink = color.map(|c| (255 * (255 - a) + c as u32 * a + 127) / 255);
        // Per channel: the tinted value of each possible source byte.
        let mut lut = [[0u8; 256]; 3];
        for (c, table) in lut.iter_mut().enumerate() {
            for (v, out) in table.iter_mut().enumerate() {
                *out = ((v as u32 * ink[c] + 127) / 255) as u8;
            }
        }
        let w = self.width as usize;
        for y in r.y0..r.y1 {
            let start = (y as usize * w + r.x0 as usize) * 3;
            let end = (y as usize * w + r.x1 as usize) * 3;
            for px in self.rgb[start..end].chunks_exact_mut(3) {
                px[0] = lut[0][px[0] as usize];
                px[1] = lut[1][px[1] as usize];
                px[2] = lut[2][px[2] as usize];
            }
        }
    }

    /// Paints `r` in `color` (opaque).
    pub fn fill(&mut self, r: PxRect, color: [u8; 3]) {
        let r = self.clamp(r);
        if r.is_empty() {
            return;
        }
        let w = self.width as usize;
        for y in r.y0..r.y1 {
            let start = (y as usize * w + r.x0 as usize) * 3;
            let end = (y as usize * w + r.x1 as usize) * 3;
            for px in self.rgb[start..end].chunks_exact_mut(3) {
                px.copy_from_slice(&color);
            }
        }
    }

    /// The outline of `r`, `width` pixels thick, drawn inside `r` (so the
    /// outline of a cell never covers its neighbour's inside).
    pub fn outline(&mut self, r: PxRect, color: [u8; 3], width: i32, dashed: bool) {
        if r.is_empty() {
            return;
        }
        let w = width
            .min((r.x1 - r.x0 + 1) / 2)
            .min((r.y1 - r.y0 + 1) / 2)
            .max(1);
        let top = PxRect { y1: r.y0 + w, ..r };
        let bottom = PxRect { y0: r.y1 - w, ..r };
        let left = PxRect { x1: r.x0 + w, ..r };
        let right = PxRect { x0: r.x1 - w, ..r };
        if dashed {
            for s in [top, bottom] {
                self.dashes(s, color, true);
            }
            for s in [left, right] {
                self.dashes(s, color, false);
            }
        } else {
            for s in [top, bottom, left, right] {
                self.fill(s, color);
            }
        }
    }

    /// Fills `r` as dashes along x (`along_x`) or y.
    fn dashes(&mut self, r: PxRect, color: [u8; 3], along_x: bool) {
        let (from, to) = if along_x { (r.x0, r.x1) } else { (r.y0, r.y1) };
        let mut p = from;
        while p < to {
            let q = (p + DASH_PX).min(to);
            let seg = if along_x {
                PxRect { x0: p, x1: q, ..r }
            } else {
                PxRect { y0: p, y1: q, ..r }
            };
            self.fill(seg, color);
            p += 2 * DASH_PX;
        }
    }

    /// PNG bytes (8-bit RGB), fast compression: the pages are mostly white
    /// and compress well at the fastest setting.
    pub fn to_png(&self) -> Result<Vec<u8>, png::EncodingError> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, self.width, self.height);
            enc.set_color(png::ColorType::Rgb);
            enc.set_depth(png::BitDepth::Eight);
            enc.set_compression(png::Compression::Fast);
            let mut w = enc.write_header()?;
            w.write_image_data(&self.rgb)?;
            w.finish()?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tint_blends_and_keeps_dark_pixels_dark() {
        let mut c = Canvas::white(4, 4);
        c.fill(
            PxRect {
                x0: 0,
                y0: 0,
                x1: 1,
                y1: 1,
            },
            [0, 0, 0],
        );
        c.tint(
            PxRect {
                x0: 0,
                y0: 0,
                x1: 2,
                y1: 2,
            },
            [255, 0, 0],
            128,
        );
        // White under half red: (255, 127, 127).
        assert_eq!(c.pixel(1, 1), [255, 127, 127]);
        // Black under it stays black.
        assert_eq!(c.pixel(0, 0), [0, 0, 0]);
        // Outside untouched.
        assert_eq!(c.pixel(3, 3), [255, 255, 255]);
    }

    #[test]
    fn outline_is_inside_and_clamped() {
        let mut c = Canvas::white(10, 10);
        c.outline(
            PxRect {
                x0: 2,
                y0: 2,
                x1: 8,
                y1: 8,
            },
            [0, 0, 255],
            2,
            false,
        );
        assert_eq!(c.pixel(2, 2), [0, 0, 255]);
        assert_eq!(c.pixel(7, 5), [0, 0, 255]);
        assert_eq!(c.pixel(4, 4), [255, 255, 255]);
        assert_eq!(c.pixel(1, 1), [255, 255, 255]);
        // Off the canvas: no panic.
        c.outline(
            PxRect {
                x0: -5,
                y0: -5,
                x1: 50,
                y1: 50,
            },
            [0, 0, 0],
            3,
            true,
        );
        c.tint(
            PxRect {
                x0: 8,
                y0: 8,
                x1: 80,
                y1: 80,
            },
            [0, 0, 0],
            10,
        );
    }

    #[test]
    fn png_round_trips() {
        let mut c = Canvas::white(3, 2);
        c.fill(
            PxRect {
                x0: 1,
                y0: 0,
                x1: 2,
                y1: 1,
            },
            [10, 20, 30],
        );
        let bytes = c.to_png().unwrap();
        let dec = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut r = dec.read_info().unwrap();
        let mut buf = vec![0; r.output_buffer_size().unwrap()];
        let info = r.next_frame(&mut buf).unwrap();
        assert_eq!((info.width, info.height), (3, 2));
        assert_eq!(&buf[3..6], &[10, 20, 30]);
    }
}
