//! Bad PDFs each fail with a clear one-line reason and the batch goes on
//! (fixtures: tests/fixtures/bad/make_bad.sh).

mod common;

use common::*;

#[test]
fn bad_pdfs_fail_alone_with_clear_reasons() {
    let dir = temp_dir("badpdf");
    let fixture = std::fs::read(root().join("tests/fixtures/pdf/ningxia-chromium.pdf")).unwrap();
    std::fs::write(dir.join("truncated.pdf"), &fixture[..fixture.len() / 3]).unwrap();
    std::fs::write(
        dir.join("error-page.pdf"),
        "<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>",
    )
    .unwrap();
    let mut garbage = b"%PDF-1.7\n".to_vec();
    garbage.extend((0..5000u32).map(|i| (i.wrapping_mul(2654435761u32) >> 24) as u8));
    std::fs::write(dir.join("garbage.pdf"), garbage).unwrap();
    let bad = root().join("tests/fixtures/bad");
    let out = dir.join("out");
    let files = [
        bad.join("encrypted-user.pdf"),
        bad.join("encrypted-owner.pdf"),
        bad.join("scanned.pdf"),
        dir.join("truncated.pdf"),
        dir.join("error-page.pdf"),
        dir.join("garbage.pdf"),
        sample_path(),
    ];
    let mut args = vec![
        "convert".to_string(),
        "-o".into(),
        out.to_string_lossy().into(),
    ];
    // A debug build runs OCR about ten times slower: the default 60 s per
    // file would time the scanned page out before OCR says it found nothing.
    if cfg!(debug_assertions) {
        args.extend(["--timeout-per-file".to_string(), "900".to_string()]);
    }
    args.extend(files.iter().map(|f| f.to_string_lossy().into_owned()));
    let res = jixiao(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(res.status.code(), Some(1));
    let stderr = String::from_utf8(res.stderr).unwrap();
    let report = read_json(&out.join("report.json"));
    let entry = |name: &str| {
        report["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["path"].as_str().unwrap().ends_with(name))
            .unwrap()
            .clone()
    };
    for (name, reason) in [
        ("encrypted-user.pdf", "encrypted PDF"),
        // One blank 8×8 grey image: read by OCR (--ocr auto), nothing found.
        (
            "scanned.pdf",
            "scanned image without text: OCR found no text on page(s) 1",
        ),
        ("error-page.pdf", "named .pdf but not a PDF"),
        ("garbage.pdf", "PDF"),
    ] {
        let e = entry(name);
        assert_eq!(e["status"], "failed", "{name}");
        let err = e["error"].as_str().unwrap();
        assert!(err.contains(reason), "{name}: {err}");
        assert!(!err.contains('\n'));
        let line = stderr
            .lines()
            .find(|l| l.contains(name))
            .expect("a stderr line");
        assert!(line.contains(reason), "{line}");
    }
    // A truncated download: fails with a reason, or converts what is left,
    // never a panic.
    let t = entry("truncated.pdf");
    assert!(
        !t["error"].as_str().unwrap_or("").contains("internal error"),
        "{t}"
    );
    // An empty user password opens the file.
    let owner = entry("encrypted-owner.pdf");
    assert_eq!(owner["status"], "ok", "{owner}");
    assert_eq!(owner["records"], 1);
    // The batch went on.
    assert_eq!(entry("ningxia-yingji-2025.txt")["records"], 25);
}
