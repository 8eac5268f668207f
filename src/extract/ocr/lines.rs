//! Ruling lines of a page image: the skew angle (from the dark pixels'
//! horizontal projection), the long straight runs of dark pixels that draw
//! table borders, and their erasure so that the recogniser does not read a
//! border as `|` or `1`.

use super::image::{Gray, Rgb};

/// Largest skew looked for, in degrees (scans are rotated by at most ~1°).
const MAX_SKEW_DEG: f32 = 2.0;
/// Step of the skew search, in degrees.
const SKEW_STEP_DEG: f32 = 0.05;
/// Skews smaller than this are not corrected (a rotation blurs the image).
pub const MIN_CORRECTED_SKEW_DEG: f32 = 0.04;
/// The skew search samples every n-th pixel of each row.
const SKEW_SAMPLE: usize = 2;
/// Gaps of up to this many pixels inside a rule are bridged (JPEG noise,
/// broken print).
const MAX_RUN_GAP: usize = 2;
/// A run of dark pixels drawn across this many rows/columns or more is a
/// filled area, not a rule.
const MAX_RULE_THICKNESS: usize = 8;
/// A rule must touch a perpendicular one within this many pixels (besides
/// half their thickness) to be kept: table borders meet, while the long
/// strokes of large title characters stand alone.
const JOIN_TOLERANCE_PX: f32 = 3.0;
/// Pixels next to a rule that are still this dark or darker are erased with
/// it (anti-aliased edges).
const ERASE_NEAR_LEVEL: u8 = 200;

/// A rule found in the image, in pixels: a horizontal one has `y0 == y1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PixelRule {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// Thickness in pixels.
    pub width: f32,
    pub horizontal: bool,
}

/// Otsu's threshold of a grayscale image: pixels at or below it are ink.
pub fn otsu_threshold(img: &Gray) -> u8 {
    let mut hist = [0u64; 256];
    for &p in &img.data {
        hist[p as usize] += 1;
    }
    let total = img.data.len() as f64;
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &n)| i as f64 * n as f64)
        .sum();
    // (best between-class variance, first and last threshold reaching it:
    // a two-level image has a plateau, whose middle is taken)
    let (mut w0, mut sum0, mut best, mut first, mut last) = (0.0, 0.0, -1.0, 127u8, 127u8);
    for (t, &n) in hist.iter().enumerate() {
        w0 += n as f64;
        sum0 += t as f64 * n as f64;
        let w1 = total - w0;
        if w0 == 0.0 || w1 == 0.0 {
            continue;
        }
        let (m0, m1) = (sum0 / w0, (sum_all - sum0) / w1);
        let between = w0 * w1 * (m0 - m1) * (m0 - m1);
        if between > best * (1.0 + 1e-9) {
            best = between;
            first = t as u8;
            last = t as u8;
        } else if between >= best * (1.0 - 1e-9) {
            last = t as u8;
        }
    }
    ((first as u16 + last as u16) / 2) as u8
}

/// The skew of the page's text lines and rules in degrees: positive when
/// lines descend to the right (y grows with x). Found by shearing the ink
/// pixels by each candidate angle and keeping the one whose row histogram
/// is sharpest (largest sum of squares).
pub fn skew_degrees(img: &Gray, threshold: u8) -> f32 {
    let mut ink: Vec<(f32, f32)> = Vec::new();
    for y in 0..img.height {
        for x in (0..img.width).step_by(SKEW_SAMPLE) {
            if img.data[y * img.width + x] <= threshold {
                ink.push((x as f32, y as f32));
            }
        }
    }
    if ink.len() < 100 {
        return 0.0;
    }
    let offset = (img.width as f32 * MAX_SKEW_DEG.to_radians().tan()).ceil() + 1.0;
    let bins = img.height + 2 * offset as usize + 2;
    let mut hist = vec![0u32; bins];
    let steps = (MAX_SKEW_DEG / SKEW_STEP_DEG).round() as i32;
    let mut best = (f64::MIN, 0.0f32);
    for k in -steps..=steps {
        let deg = k as f32 * SKEW_STEP_DEG;
        let t = deg.to_radians().tan();
        hist.iter_mut().for_each(|h| *h = 0);
        for &(x, y) in &ink {
            // Row of the point once the page is turned back by `deg`.
            let r = y - x * t + offset;
            if r >= 0.0 && (r as usize) < bins {
                hist[r as usize] += 1;
            }
        }
        let score: f64 = hist.iter().map(|&n| (n as f64) * (n as f64)).sum();
        // Ties (and near-ties) go to the smaller angle.
        if score > best.0 * (1.0 + 1e-9) || (score >= best.0 && deg.abs() < best.1.abs()) {
            best = (score, deg);
        }
    }
    best.1
}

/// Runs of ink along one line of pixels that are at least `min_len` long
/// (gaps up to [`MAX_RUN_GAP`] bridged): (start, end) with end exclusive.
fn long_runs(ink: impl Iterator<Item = bool>, min_len: usize, out: &mut Vec<(usize, usize)>) {
    out.clear();
    let mut start: Option<usize> = None;
    let mut last_ink = 0usize;
    for (i, dark) in ink.enumerate() {
        if dark {
            match start {
                Some(_) if i - last_ink <= MAX_RUN_GAP + 1 => {}
                Some(s) => {
                    if last_ink + 1 - s >= min_len {
                        out.push((s, last_ink + 1));
                    }
                    start = Some(i);
                }
                None => start = Some(i),
            }
            last_ink = i;
        }
    }
    if let Some(s) = start
        && last_ink + 1 - s >= min_len
    {
        out.push((s, last_ink + 1));
    }
}

/// A group of runs on neighbouring rows (or columns) that overlap: one rule.
#[derive(Debug, Clone, Copy)]
struct Band {
    first: usize,
    last: usize,
    a: usize,
    b: usize,
}

/// Finds the rules along one direction. `along` is the length of a line of
/// pixels, `across` the number of lines; `ink(line, i)` tells whether pixel
/// `i` of line `line` is ink.
fn find_bands(
    across: usize,
    along: usize,
    min_len: usize,
    ink: impl Fn(usize, usize) -> bool,
) -> Vec<Band> {
    let mut done: Vec<Band> = Vec::new();
    let mut open: Vec<Band> = Vec::new();
    let mut runs = Vec::new();
    for line in 0..across {
        long_runs((0..along).map(|i| ink(line, i)), min_len, &mut runs);
        // Bands not continued on this line or the previous one are closed.
        let (keep, closed): (Vec<Band>, Vec<Band>) =
            open.into_iter().partition(|b| b.last + 2 >= line);
        done.extend(closed);
        open = keep;
        for &(a, b) in &runs {
            if let Some(band) = open
                .iter_mut()
                .find(|band| band.last < line && a < band.b && b > band.a)
            {
                band.last = line;
                band.a = band.a.min(a);
                band.b = band.b.max(b);
            } else {
                open.push(Band {
                    first: line,
                    last: line,
                    a,
                    b,
                });
            }
        }
    }
    done.extend(open);
    done.retain(|b| b.last - b.first < MAX_RULE_THICKNESS);
    done
}

/// Horizontal rules at least `min_h` pixels long and vertical ones at least
/// `min_v` long, found in the ink (pixels ≤ `threshold`) of `img`; only
/// rules that meet a perpendicular rule are kept.
pub fn find_rules(img: &Gray, threshold: u8, min_h: usize, min_v: usize) -> Vec<PixelRule> {
    let (w, h) = (img.width, img.height);
    let data = &img.data;
    let mut out = Vec::new();
    for b in find_bands(h, w, min_h, |y, x| data[y * w + x] <= threshold) {
        let y = (b.first + b.last) as f32 / 2.0 + 0.5;
        out.push(PixelRule {
            x0: b.a as f32,
            y0: y,
            x1: b.b as f32,
            y1: y,
            width: (b.last - b.first + 1) as f32,
            horizontal: true,
        });
    }
    for b in find_bands(w, h, min_v, |x, y| data[y * w + x] <= threshold) {
        let x = (b.first + b.last) as f32 / 2.0 + 0.5;
        out.push(PixelRule {
            x0: x,
            y0: b.a as f32,
            x1: x,
            y1: b.b as f32,
            width: (b.last - b.first + 1) as f32,
            horizontal: false,
        });
    }
    let (hs, vs): (Vec<PixelRule>, Vec<PixelRule>) = out.iter().partition(|r| r.horizontal);
    out.retain(|r| {
        let others = if r.horizontal { &vs } else { &hs };
        others.iter().any(|o| meet(r, o))
    });
    out
}

/// Whether a horizontal and a vertical rule touch or cross.
fn meet(a: &PixelRule, b: &PixelRule) -> bool {
    let (h, v) = if a.horizontal { (a, b) } else { (b, a) };
    let tol = JOIN_TOLERANCE_PX + (h.width + v.width) / 2.0;
    v.x0 >= h.x0 - tol && v.x0 <= h.x1 + tol && h.y0 >= v.y0 - tol && h.y0 <= v.y1 + tol
}

/// Paints the rules white in `img`, with one pixel of margin on each side
/// where that margin is still darkish (anti-aliasing, JPEG ringing).
pub fn erase_rules(img: &mut Rgb, rules: &[PixelRule]) {
    let (w, h) = (img.width, img.height);
    for r in rules {
        let half = r.width / 2.0;
        let (x0, x1, y0, y1) = if r.horizontal {
            (r.x0, r.x1, r.y0 - half, r.y0 + half)
        } else {
            (r.x0 - half, r.x0 + half, r.y0, r.y1)
        };
        let xa = (x0.floor() as isize - 1).max(0) as usize;
        let xb = ((x1.ceil() as isize + 1).max(0) as usize).min(w);
        let ya = (y0.floor() as isize - 1).max(0) as usize;
        let yb = ((y1.ceil() as isize + 1).max(0) as usize).min(h);
        for y in ya..yb {
            for x in xa..xb {
                let edge = (r.horizontal && (y == ya || y + 1 == yb))
                    || (!r.horizontal && (x == xa || x + 1 == xb));
                let p = &mut img.data[(y * w + x) * 3..(y * w + x) * 3 + 3];
                if !edge || p.iter().any(|&c| c <= ERASE_NEAR_LEVEL) {
                    p.fill(255);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_with_lines(w: usize, h: usize, skew_deg: f32) -> Gray {
        let mut data = vec![255u8; w * h];
        let t = skew_deg.to_radians().tan();
        for &y0 in &[50usize, 120, 190] {
            for x in 20..w - 20 {
                let y = (y0 as f32 + x as f32 * t).round() as usize;
                data[y * w + x] = 0;
                data[(y + 1) * w + x] = 0;
            }
        }
        for &x in &[20usize, 150, 280] {
            for y in 50..192 {
                data[y * w + x] = 0;
            }
        }
        // A long stroke of a large title character, above the table.
        for y in 0..42 {
            data[y * w + 400] = 0;
        }
        Gray {
            width: w,
            height: h,
            data,
        }
    }

    #[test]
    fn skew_and_rules() {
        let img = page_with_lines(600, 260, 0.0);
        let t = otsu_threshold(&img);
        assert_eq!(skew_degrees(&img, t), 0.0);
        let rules = find_rules(&img, t, 60, 40);
        let hs: Vec<_> = rules.iter().filter(|r| r.horizontal).collect();
        let vs: Vec<_> = rules.iter().filter(|r| !r.horizontal).collect();
        assert_eq!(hs.len(), 3, "{rules:?}");
        assert_eq!(vs.len(), 3, "{rules:?}");
        assert_eq!(hs[0].y0, 51.0);
        assert_eq!(hs[0].width, 2.0);
        assert_eq!((vs[1].x0, vs[1].y0, vs[1].y1), (150.5, 50.0, 192.0));

        let skewed = page_with_lines(600, 260, 0.8);
        let s = skew_degrees(&skewed, t);
        assert!((s - 0.8).abs() <= 0.1, "{s}");
    }

    #[test]
    fn rotation_undoes_skew() {
        let g = page_with_lines(600, 260, 0.8);
        let rgb = Rgb {
            width: g.width,
            height: g.height,
            data: g.data.iter().flat_map(|&p| [p, p, p]).collect(),
        };
        let t = otsu_threshold(&g);
        let s = skew_degrees(&g, t);
        let fixed = rgb.rotate(s).to_gray();
        let t = otsu_threshold(&fixed);
        assert!(skew_degrees(&fixed, t).abs() <= 0.1);
        let mut img = fixed.clone();
        let rules = find_rules(&img, t, 60, 40);
        assert!(rules.iter().filter(|r| r.horizontal).count() >= 3);
        let mut rgb = rotate_back(&fixed);
        erase_rules(&mut rgb, &rules);
        img = rgb.to_gray();
        assert!(find_rules(&img, t, 60, 40).is_empty());
    }

    fn rotate_back(g: &Gray) -> Rgb {
        Rgb {
            width: g.width,
            height: g.height,
            data: g.data.iter().flat_map(|&p| [p, p, p]).collect(),
        }
    }
}
