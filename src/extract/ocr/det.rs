//! Text detection with the PP-OCRv4 DB model: image → probability map →
//! text-line boxes. Post-processing follows PaddleOCR's `DBPostProcess`
//! (threshold, 2×2 dilation, box score, unclip), with axis-parallel boxes:
//! the page has been deskewed before detection, so a region's bounding box
//! is its minimum-area rectangle.

use rten::Model;
use rten_tensor::{Layout, NdTensor};

use super::OcrError;
use super::image::Rgb;

/// Probability above which a pixel is text.
const BIN_THRESHOLD: f32 = 0.3;
/// Regions whose mean probability is lower are dropped.
const BOX_THRESHOLD: f32 = 0.5;
/// How far a region is grown back (DB shrinks text regions when training).
const UNCLIP_RATIO: f32 = 1.6;
/// Regions whose short side is smaller (in map pixels) are dropped.
const MIN_SIZE: f32 = 3.0;
/// The detector's input sides are multiples of this.
const STRIDE: usize = 32;
/// At most this many regions are kept per page (guards pathological input).
const MAX_CANDIDATES: usize = 5000;

/// A detected text line in image pixels (x1, y1 exclusive), with the mean
/// probability of its region.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextBox {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub score: f32,
}

/// Runs the detector on `img` (already at working size) and returns its
/// text boxes in `img` pixels, top to bottom.
pub fn detect(model: &Model, img: &Rgb) -> Result<Vec<TextBox>, OcrError> {
    // Step 1: resize to multiples of 32 and normalise to [-1, 1] (BGR order
    // as the model was trained with OpenCV images).
    let round32 = |v: usize| (((v as f32 / STRIDE as f32).round() as usize) * STRIDE).max(STRIDE);
    let (w, h) = (round32(img.width), round32(img.height));
    let resized = img.resize(w, h);
    let mut input = NdTensor::<f32, 4>::zeros([1, 3, h, w]);
    {
        let data = input.data_mut().expect("contiguous");
        let plane = w * h;
        for (i, px) in resized.data.chunks_exact(3).enumerate() {
            for (c, &v) in [px[2], px[1], px[0]].iter().enumerate() {
                data[c * plane + i] = v as f32 / 127.5 - 1.0;
            }
        }
    }
    drop(resized);

    // Step 2: the probability map.
    let out = model
        .run_one(input.into(), None)
        .map_err(|e| OcrError::Model(format!("text detection: {e}")))?;
    let prob: NdTensor<f32, 4> = out
        .try_into()
        .map_err(|e| OcrError::Model(format!("text detection output: {e:?}")))?;
    let shape = prob.shape();
    let (mh, mw) = (shape[2], shape[3]);
    let prob = prob.into_data();

    // Step 3: threshold and dilate with a 2×2 kernel (the pixel and its
    // left, upper and upper-left neighbours).
    let mut mask = vec![false; mw * mh];
    for y in 0..mh {
        for x in 0..mw {
            let on = |xx: usize, yy: usize| prob[yy * mw + xx] > BIN_THRESHOLD;
            mask[y * mw + x] = on(x, y)
                || (x > 0 && on(x - 1, y))
                || (y > 0 && on(x, y - 1))
                || (x > 0 && y > 0 && on(x - 1, y - 1));
        }
    }

    // Step 4: connected regions (8-neighbourhood) → boxes.
    let sx = img.width as f32 / mw as f32;
    let sy = img.height as f32 / mh as f32;
    let mut boxes = Vec::new();
    for (x0, y0, x1, y1) in regions(&mask, mw, mh).into_iter().take(MAX_CANDIDATES) {
        let (bw, bh) = ((x1 - x0) as f32, (y1 - y0) as f32);
        if bw.min(bh) < MIN_SIZE {
            continue;
        }
        let score = mean_in(&prob, mw, x0, y0, x1, y1);
        if score < BOX_THRESHOLD {
            continue;
        }
        // Unclip: grow by area × ratio / perimeter on every side.
        let d = bw * bh * UNCLIP_RATIO / (2.0 * (bw + bh));
        if (bw + 2.0 * d).min(bh + 2.0 * d) < MIN_SIZE + 2.0 {
            continue;
        }
        let b = TextBox {
            x0: ((x0 as f32 - d) * sx).round().clamp(0.0, img.width as f32),
            y0: ((y0 as f32 - d) * sy).round().clamp(0.0, img.height as f32),
            x1: ((x1 as f32 + d) * sx).round().clamp(0.0, img.width as f32),
            y1: ((y1 as f32 + d) * sy).round().clamp(0.0, img.height as f32),
            score,
        };
        if b.x1 - b.x0 > 3.0 && b.y1 - b.y0 > 3.0 {
            boxes.push(b);
        }
    }
    boxes.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    Ok(boxes)
}

/// Mean of `prob` over the box `x0..x1 × y0..y1`.
fn mean_in(prob: &[f32], w: usize, x0: usize, y0: usize, x1: usize, y1: usize) -> f32 {
    let mut sum = 0.0f64;
    for y in y0..y1 {
        sum += prob[y * w + x0..y * w + x1]
            .iter()
            .map(|&p| p as f64)
            .sum::<f64>();
    }
    (sum / ((x1 - x0) * (y1 - y0)).max(1) as f64) as f32
}

/// Bounding boxes (x0, y0, x1, y1; ends exclusive) of the 8-connected
/// regions of `mask`, in scan order of their first pixel.
fn regions(mask: &[bool], w: usize, h: usize) -> Vec<(usize, usize, usize, usize)> {
    let mut seen = vec![false; mask.len()];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for start in 0..mask.len() {
        if !mask[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x + 1);
            y1 = y1.max(y + 1);
            for dy in -1isize..=1 {
                for dx in -1isize..=1 {
                    let (nx, ny) = (x as isize + dx, y as isize + dy);
                    if nx < 0 || ny < 0 || nx >= w as isize || ny >= h as isize {
                        continue;
                    }
                    let j = ny as usize * w + nx as usize;
                    if mask[j] && !seen[j] {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
        }
        out.push((x0, y0, x1, y1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_8_connected() {
        #[rustfmt::skip]
        let m = [
            1, 0, 0, 0,
            0, 1, 0, 1,
            0, 0, 0, 1,
        ].map(|v| v == 1);
        let r = regions(&m, 4, 3);
        assert_eq!(r, vec![(0, 0, 2, 2), (3, 1, 4, 3)]);
        let p = [0.0, 1.0, 1.0, 0.0];
        assert_eq!(mean_in(&p, 2, 0, 0, 2, 2), 0.5);
    }
}
