//! Seeded mutation test: a few hundred broken copies of the sample and of
//! the PDF fixtures (truncated, bytes flipped, ranges deleted or
//! duplicated, re-encoded, a table cut mid-row), converted in one batch.
//! Asserts: no panic, every input in report.json, exit 0 or 1, and
//! rows_in = rows_placed + rows_warned for every document that converted.

mod common;

use common::*;

/// xorshift64*: small, seeded, repeatable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, src: &[u8], kind: usize) -> Vec<u8> {
    let mut b = src.to_vec();
    let n = b.len();
    match kind {
        0 => b.truncate(rng.below(n)),
        1 => {
            for _ in 0..1 + rng.below(16) {
                let i = rng.below(n);
                b[i] ^= 1 << rng.below(8);
            }
        }
        2 => {
            let i = rng.below(n);
            let len = rng.below((n - i).min(4096));
            b.drain(i..i + len);
        }
        3 => {
            let i = rng.below(n);
            let len = rng.below((n - i).min(4096));
            let chunk = b[i..i + len].to_vec();
            let at = rng.below(n);
            b.splice(at..at, chunk);
        }
        4 => {
            // Random bytes over a range.
            let i = rng.below(n);
            for x in b.iter_mut().skip(i).take(1 + rng.below(64)) {
                *x = rng.next() as u8;
            }
        }
        _ => {}
    }
    b
}

/// Text-only mutations: other encodings, a table cut in the middle of a row.
fn mutate_text(rng: &mut Rng, text: &str, kind: usize) -> Vec<u8> {
    match kind {
        0 => encoding_rs::GBK.encode(text).0.into_owned(),
        1 => {
            let mut v = vec![0xFF, 0xFE];
            v.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
            // And cut it at an odd byte.
            let cut = v.len() - 1 - rng.below(v.len() / 2);
            v.truncate(cut);
            v
        }
        2 => {
            // Cut in the middle of a tab-separated row.
            let rows: Vec<usize> = text.match_indices('\t').map(|(i, _)| i).collect();
            let at = rows[rng.below(rows.len())];
            text[..at].as_bytes().to_vec()
        }
        _ => {
            // Shuffle a few lines around.
            let mut lines: Vec<&str> = text.lines().collect();
            for _ in 0..5 {
                let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                lines.swap(a, b);
            }
            lines.join("\n").into_bytes()
        }
    }
}

#[test]
fn mutants_never_break_the_batch() {
    let dir = temp_dir("mutants");
    let inp = dir.join("in");
    std::fs::create_dir_all(&inp).unwrap();
    let mut rng = Rng(0x6A69_7869_616F_2025);
    let text = sample_text();
    let mut sources: Vec<(String, Vec<u8>)> = vec![("sample".into(), sample_bytes())];
    for e in std::fs::read_dir(root().join("tests/fixtures/pdf")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "pdf") {
            sources.push((
                p.file_stem().unwrap().to_string_lossy().into(),
                std::fs::read(&p).unwrap(),
            ));
        }
    }
    let mut count = 0;
    for (name, bytes) in &sources {
        for i in 0..100 {
            let m = mutate(&mut rng, bytes, i % 5);
            std::fs::write(inp.join(format!("{name}-{i:03}.bin")), m).unwrap();
            count += 1;
        }
    }
    for i in 0..60 {
        let m = mutate_text(&mut rng, &text, i % 4);
        std::fs::write(inp.join(format!("text-{i:03}.txt")), m).unwrap();
        count += 1;
    }
    let out = dir.join("out");
    // Files given one by one, so that every mutant (binary ones too) is an input.
    let mut files: Vec<String> = std::fs::read_dir(&inp)
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut args = vec![
        "convert",
        "-q",
        "--timeout-per-file",
        "20",
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(files.iter().map(String::as_str));
    let res = jixiao(&args);
    let code = res.status.code();
    assert!(
        matches!(code, Some(0) | Some(1)),
        "exit {code:?}: {}",
        String::from_utf8_lossy(&res.stderr)
    );
    let report = read_json(&out.join("report.json"));
    let entries = report["inputs"].as_array().unwrap();
    assert_eq!(entries.len(), count);
    let mut ok = 0;
    for e in entries {
        let err = e["error"].as_str().unwrap_or("");
        assert!(
            !err.contains("internal error"),
            "panic on {}: {err}",
            e["path"]
        );
        if e["status"] == "ok" {
            ok += 1;
            let (i, p, w) = (&e["rows_in"], &e["rows_placed"], &e["rows_warned"]);
            assert_eq!(
                i.as_u64().unwrap(),
                p.as_u64().unwrap() + w.as_u64().unwrap(),
                "{e}"
            );
        } else {
            assert!(!err.is_empty(), "a failed entry without a reason: {e}");
        }
    }
    // Most text mutants still convert; the test would be hollow otherwise.
    assert!(ok >= 60, "only {ok} of {count} mutants converted");
    // Every line of records.jsonl is a whole record.
    let jsonl = std::fs::read_to_string(out.join("records.jsonl")).unwrap();
    for line in jsonl.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["schema_version"], "2");
    }
}
