//! Text recognition with the PP-OCRv4 CRNN model: a text-line crop →
//! characters with confidences, by greedy CTC decoding (as PaddleOCR's
//! `CTCLabelDecode`: best class per time step, repeats merged, blanks
//! dropped; a character's confidence is its first step's probability).

use rten::Model;
use rten_tensor::{Layout, NdTensor};

use super::OcrError;
use super::det::TextBox;
use super::image::Rgb;

/// Height of the recogniser's input.
const REC_HEIGHT: usize = 48;
/// Narrowest input width (the model's nominal 320 px, as RapidOCR pads).
/// Most table cells are far shorter, and the padding is about a third of
/// the recogniser's work, but 96 px misread the shortest cells of the
/// whole-sample scan (`1台` as `冶`, `≥1` as `≥`): kept at 320.
const REC_MIN_WIDTH: usize = 320;
/// Crops recognised together (sorted by aspect ratio, padded to the widest).
const REC_BATCH: usize = 6;
/// Widest crop in input pixels (a guard; a page-wide line is ~60 em).
const REC_MAX_WIDTH: usize = 48 * 80;

/// One recognised character: its text, probability, and the horizontal
/// position of its centre as a fraction of the crop's width.
#[derive(Debug, Clone, PartialEq)]
pub struct RecChar {
    pub ch: char,
    pub confidence: f32,
    pub at: f32,
}

/// The text read from one box.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecText {
    pub chars: Vec<RecChar>,
}

impl RecText {
    pub fn text(&self) -> String {
        self.chars.iter().map(|c| c.ch).collect()
    }

    /// Mean character confidence (0 when empty), as RapidOCR scores a line.
    pub fn mean_confidence(&self) -> f32 {
        if self.chars.is_empty() {
            return 0.0;
        }
        self.chars.iter().map(|c| c.confidence).sum::<f32>() / self.chars.len() as f32
    }
}

/// The model's classes: blank, the dictionary, then space.
pub fn classes(dictionary: &str) -> Vec<char> {
    let mut out = vec!['\0'];
    out.extend(dictionary.lines().filter_map(|l| l.chars().next()));
    out.push(' ');
    out
}

/// Recognises the text of each box of `img`.
pub fn recognize(
    model: &Model,
    classes: &[char],
    img: &Rgb,
    boxes: &[TextBox],
) -> Result<Vec<RecText>, OcrError> {
    let crops: Vec<Rgb> = boxes
        .iter()
        .map(|b| {
            img.crop(
                b.x0.floor().max(0.0) as usize,
                b.y0.floor().max(0.0) as usize,
                b.x1.ceil() as usize,
                b.y1.ceil() as usize,
            )
        })
        .collect();
    let ratio = |c: &Rgb| c.width as f32 / c.height.max(1) as f32;
    let mut order: Vec<usize> = (0..crops.len()).collect();
    order.sort_by(|&a, &b| ratio(&crops[a]).total_cmp(&ratio(&crops[b])));

    let mut out = vec![RecText::default(); crops.len()];
    for batch in order.chunks(REC_BATCH) {
        // Step 1: common input width from the widest crop of the batch.
        let max_ratio = batch
            .iter()
            .map(|&i| ratio(&crops[i]))
            .fold(REC_MIN_WIDTH as f32 / REC_HEIGHT as f32, f32::max);
        let width = ((REC_HEIGHT as f32 * max_ratio) as usize).min(REC_MAX_WIDTH);
        // Step 2: each crop resized to the input height, normalised to
        // [-1, 1] in BGR order, zero-padded on the right.
        let mut input = NdTensor::<f32, 4>::zeros([batch.len(), 3, REC_HEIGHT, width]);
        let mut used = Vec::with_capacity(batch.len());
        {
            let data = input.data_mut().expect("contiguous");
            let plane = REC_HEIGHT * width;
            for (k, &i) in batch.iter().enumerate() {
                let c = &crops[i];
                let w = ((REC_HEIGHT as f32 * ratio(c)).ceil() as usize).clamp(1, width);
                used.push(w);
                if c.width == 0 || c.height == 0 {
                    continue;
                }
                let r = c.resize(w, REC_HEIGHT);
                for y in 0..REC_HEIGHT {
                    for x in 0..w {
                        let p = &r.data[(y * w + x) * 3..(y * w + x) * 3 + 3];
                        for (ch, &v) in [p[2], p[1], p[0]].iter().enumerate() {
                            data[k * 3 * plane + ch * plane + y * width + x] =
                                v as f32 / 127.5 - 1.0;
                        }
                    }
                }
            }
        }
        // Step 3: class probabilities per time step, decoded.
        let value = model
            .run_one(input.into(), None)
            .map_err(|e| OcrError::Model(format!("text recognition: {e}")))?;
        let probs: NdTensor<f32, 3> = value
            .try_into()
            .map_err(|e| OcrError::Model(format!("text recognition output: {e:?}")))?;
        let [n, steps, n_classes] = probs.shape();
        if n != batch.len() || n_classes != classes.len() {
            return Err(OcrError::Model(format!(
                "recognition output has {n_classes} classes, the dictionary {}",
                classes.len()
            )));
        }
        let data = probs.into_data();
        for (k, &i) in batch.iter().enumerate() {
            let rows = &data[k * steps * n_classes..(k + 1) * steps * n_classes];
            out[i] = decode(rows, steps, classes, used[k], width);
        }
    }
    Ok(out)
}

/// Greedy CTC decoding of one line's `steps × classes` probabilities.
/// `used` of the `width` input columns held the crop (the rest padding).
fn decode(rows: &[f32], steps: usize, classes: &[char], used: usize, width: usize) -> RecText {
    let n_classes = classes.len();
    let mut chars: Vec<RecChar> = Vec::new();
    let mut prev = 0usize;
    // (index into chars, first step, last step) of the character being read.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for t in 0..steps {
        let row = &rows[t * n_classes..(t + 1) * n_classes];
        let (best, p) =
            row.iter().enumerate().fold(
                (0, f32::MIN),
                |acc, (j, &v)| if v > acc.1 { (j, v) } else { acc },
            );
        if best != 0 && best != prev {
            chars.push(RecChar {
                ch: classes[best],
                confidence: p,
                at: 0.0,
            });
            spans.push((t, t));
        } else if best != 0
            && best == prev
            && let Some(s) = spans.last_mut()
        {
            s.1 = t;
        }
        prev = best;
    }
    let scale = width as f32 / steps.max(1) as f32 / used.max(1) as f32;
    for (c, (a, b)) in chars.iter_mut().zip(spans) {
        c.at = (((a + b) as f32 / 2.0 + 0.5) * scale).clamp(0.0, 1.0);
    }
    RecText { chars }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctc_decoding() {
        let classes = classes("a\nb\n");
        assert_eq!(classes, vec!['\0', 'a', 'b', ' ']);
        // steps: a a blank a b space
        let best = [1, 1, 0, 1, 2, 3];
        let mut rows = vec![0.0f32; best.len() * 4];
        for (t, &c) in best.iter().enumerate() {
            rows[t * 4 + c] = 0.9 - t as f32 * 0.1;
        }
        let r = decode(&rows, 6, &classes, 48, 48);
        assert_eq!(r.text(), "aab ");
        for (c, want) in r.chars.iter().zip([0.9, 0.6, 0.5, 0.4]) {
            assert!((c.confidence - want).abs() < 1e-6);
        }
        assert!((r.chars[0].at - 1.0 / 6.0).abs() < 1e-6);
    }
}
