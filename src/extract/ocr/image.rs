//! Minimal raster images for OCR: 8-bit RGB and grayscale buffers, bilinear
//! resizing, rotation about the centre and cropping. Sampling follows
//! OpenCV's `INTER_LINEAR` convention (pixel centres at +0.5), which the
//! reference pipeline (RapidOCR) uses.

/// An 8-bit RGB image, rows top to bottom, 3 bytes a pixel.
#[derive(Debug, Clone)]
pub struct Rgb {
    pub width: usize,
    pub height: usize,
    pub data: Vec<u8>,
}

/// An 8-bit grayscale image (0 = black).
#[derive(Debug, Clone)]
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub data: Vec<u8>,
}

impl Rgb {
    pub fn new(width: usize, height: usize, fill: u8) -> Self {
        Rgb {
            width,
            height,
            data: vec![fill; width * height * 3],
        }
    }

    /// Luma (ITU-R BT.601 weights, as OpenCV's BGR2GRAY).
    pub fn to_gray(&self) -> Gray {
        let data = self
            .data
            .chunks_exact(3)
            .map(|p| {
                ((p[0] as u32 * 299 + p[1] as u32 * 587 + p[2] as u32 * 114 + 500) / 1000) as u8
            })
            .collect();
        Gray {
            width: self.width,
            height: self.height,
            data,
        }
    }

    /// The sub-image `x0..x1 × y0..y1` (clamped to the image).
    pub fn crop(&self, x0: usize, y0: usize, x1: usize, y1: usize) -> Rgb {
        let (x1, y1) = (x1.min(self.width), y1.min(self.height));
        let (x0, y0) = (x0.min(x1), y0.min(y1));
        let (w, h) = (x1 - x0, y1 - y0);
        let mut data = Vec::with_capacity(w * h * 3);
        for y in y0..y1 {
            let row = (y * self.width + x0) * 3;
            data.extend_from_slice(&self.data[row..row + w * 3]);
        }
        Rgb {
            width: w,
            height: h,
            data,
        }
    }

    /// Bilinear resize to `w × h`.
    pub fn resize(&self, w: usize, h: usize) -> Rgb {
        let mut out = Rgb::new(w, h, 0);
        if self.width == 0 || self.height == 0 || w == 0 || h == 0 {
            return out;
        }
        let xs = axis_weights(self.width, w);
        let ys = axis_weights(self.height, h);
        for (oy, &(y0, y1, fy)) in ys.iter().enumerate() {
            let r0 = y0 * self.width;
            let r1 = y1 * self.width;
            for (ox, &(x0, x1, fx)) in xs.iter().enumerate() {
                for ch in 0..3 {
                    let p = |r: usize, x: usize| self.data[(r + x) * 3 + ch] as f32;
                    let top = p(r0, x0) + (p(r0, x1) - p(r0, x0)) * fx;
                    let bottom = p(r1, x0) + (p(r1, x1) - p(r1, x0)) * fx;
                    let v = top + (bottom - top) * fy;
                    out.data[(oy * w + ox) * 3 + ch] = v.round().clamp(0.0, 255.0) as u8;
                }
            }
        }
        out
    }

    /// Rotates by `degrees` (counter-clockwise in the image as displayed)
    /// about the centre, keeping the size; uncovered corners are white.
    pub fn rotate(&self, degrees: f32) -> Rgb {
        let (w, h) = (self.width, self.height);
        let mut out = Rgb::new(w, h, 255);
        let (s, c) = degrees.to_radians().sin_cos();
        let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
        for oy in 0..h {
            let dy = oy as f32 + 0.5 - cy;
            for ox in 0..w {
                let dx = ox as f32 + 0.5 - cx;
                // Inverse mapping: the source point that lands on (ox, oy).
                let sx = c * dx - s * dy + cx - 0.5;
                let sy = s * dx + c * dy + cy - 0.5;
                if sx < 0.0 || sy < 0.0 || sx > (w - 1) as f32 || sy > (h - 1) as f32 {
                    continue;
                }
                let (x0, y0) = (sx as usize, sy as usize);
                let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
                let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
                for ch in 0..3 {
                    let p = |x: usize, y: usize| self.data[(y * w + x) * 3 + ch] as f32;
                    let top = p(x0, y0) + (p(x1, y0) - p(x0, y0)) * fx;
                    let bottom = p(x0, y1) + (p(x1, y1) - p(x0, y1)) * fx;
                    out.data[(oy * w + ox) * 3 + ch] =
                        (top + (bottom - top) * fy).round().clamp(0.0, 255.0) as u8;
                }
            }
        }
        out
    }
}

impl Gray {
    /// Bilinear resize to `w × h`.
    pub fn resize(&self, w: usize, h: usize) -> Gray {
        let mut out = Gray {
            width: w,
            height: h,
            data: vec![0; w * h],
        };
        if self.width == 0 || self.height == 0 {
            return out;
        }
        let xs = axis_weights(self.width, w);
        let ys = axis_weights(self.height, h);
        for (oy, &(y0, y1, fy)) in ys.iter().enumerate() {
            for (ox, &(x0, x1, fx)) in xs.iter().enumerate() {
                let p = |x: usize, y: usize| self.data[y * self.width + x] as f32;
                let top = p(x0, y0) + (p(x1, y0) - p(x0, y0)) * fx;
                let bottom = p(x0, y1) + (p(x1, y1) - p(x0, y1)) * fx;
                out.data[oy * w + ox] = (top + (bottom - top) * fy).round() as u8;
            }
        }
        out
    }
}

/// For each output coordinate along one axis: the two source indices and
/// the weight of the second (half-pixel centres, clamped at the borders).
fn axis_weights(src: usize, dst: usize) -> Vec<(usize, usize, f32)> {
    let scale = src as f32 / dst as f32;
    (0..dst)
        .map(|o| {
            let s = ((o as f32 + 0.5) * scale - 0.5).max(0.0);
            let i0 = (s as usize).min(src - 1);
            let i1 = (i0 + 1).min(src - 1);
            (i0, i1, s - i0 as f32)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resize_crop_rotate() {
        let mut img = Rgb::new(4, 2, 0);
        for x in 0..4 {
            img.data[x * 3] = (x * 80) as u8;
        }
        let r = img.resize(2, 1);
        // Output pixel 0 samples source x = 0.5 (mean of 0 and 80) over
        // rows 0 and 1 (row 1 is black): 40 * 0.5.
        assert_eq!(r.width, 2);
        assert_eq!(r.data[0], 20);
        let c = img.crop(1, 0, 3, 1);
        assert_eq!((c.width, c.height, c.data[0], c.data[3]), (2, 1, 80, 160));
        // A zero rotation keeps the image.
        assert_eq!(img.rotate(0.0).data, img.data);
        let g = img.to_gray();
        assert_eq!(g.data[3], (240.0f32 * 0.299).round() as u8);
    }
}
