//! The command line: outputs, report, exit codes, bad inputs, determinism.

mod common;

use common::*;
use std::path::Path;

fn report_entry<'a>(report: &'a serde_json::Value, path_end: &str) -> &'a serde_json::Value {
    report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"].as_str().unwrap().ends_with(path_end))
        .unwrap_or_else(|| panic!("no report entry for {path_end}: {report:#}"))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn help_explains_every_flag() {
    let out = jixiao(&["convert", "--help"]);
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in ["--output", "--jobs", "--quiet", "INPUT"] {
        assert!(help.contains(flag), "convert --help lacks {flag}");
    }
    let out = jixiao(&["--help"]);
    assert!(String::from_utf8(out.stdout).unwrap().contains("convert"));
}

#[test]
fn usage_error_exits_2() {
    assert_eq!(jixiao(&["convert"]).status.code(), Some(2));
    assert_eq!(jixiao(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        jixiao(&["convert", "--jobs", "x", "samples"]).status.code(),
        Some(2)
    );
}

#[test]
fn bad_inputs_fail_alone_and_the_batch_goes_on() {
    let dir = temp_dir("bad");
    let inp = dir.join("in");
    std::fs::create_dir_all(&inp).unwrap();
    let sample = sample_text();
    std::fs::write(inp.join("a-empty.txt"), b"").unwrap();
    std::fs::write(
        inp.join("b-notable.txt"),
        "单位：万元\n这里没有绩效目标表。\n",
    )
    .unwrap();
    // Cut off in the middle of the first table's header block.
    let cut = sample.find("其中： 本级资金").unwrap();
    std::fs::write(inp.join("c-cut.txt"), &sample[..cut]).unwrap();
    std::fs::write(
        inp.join("d-binary.dat"),
        [0u8, 1, 2, 3, 0xFF, 0xD8, 0, 0, 7, 9],
    )
    .unwrap();
    std::fs::write(inp.join("e-good.txt"), &sample).unwrap();
    let empty_dir = dir.join("nothing-here");
    std::fs::create_dir_all(&empty_dir).unwrap();
    let out = dir.join("out");
    let files = [
        "a-empty.txt",
        "b-notable.txt",
        "c-cut.txt",
        "d-binary.dat",
        "e-good.txt",
    ]
    .map(|f| inp.join(f));
    let mut args = vec!["convert", "-o", s(&out)];
    args.extend(files.iter().map(|p| s(p)));
    let missing = dir.join("missing.txt");
    args.push(s(&missing));
    args.push(s(&empty_dir));
    let res = jixiao(&args);
    assert_eq!(res.status.code(), Some(1));
    let stderr = String::from_utf8(res.stderr).unwrap();
    let report = read_json(&out.join("report.json"));
    assert_eq!(report["inputs"].as_array().unwrap().len(), 7);
    for (file, status, reason) in [
        ("a-empty.txt", "failed", "empty file"),
        ("d-binary.dat", "skipped", "not a document: binary file"),
        ("missing.txt", "failed", "cannot read"),
        ("nothing-here", "failed", "folder holds no files"),
    ] {
        let e = report_entry(&report, file);
        assert_eq!(e["status"], status, "{file}");
        assert!(e["error"].as_str().unwrap().contains(reason), "{file}: {e}");
        let line = stderr
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("no stderr line for {file}: {stderr}"));
        assert!(line.contains(reason), "{line}");
    }
    // No target table is not a failure, and gets no stderr line.
    let e = report_entry(&report, "b-notable.txt");
    assert_eq!(e["status"], "no_target");
    assert!(
        e["error"]
            .as_str()
            .unwrap()
            .contains("no performance-target table")
    );
    assert!(!stderr.contains("b-notable.txt"), "{stderr}");
    // The cut table converts with what it has, flagged, nothing lost.
    let cut = report_entry(&report, "c-cut.txt");
    assert_eq!(cut["status"], "ok");
    let recs = read_json(&out.join("c-cut.txt.json"));
    let w = recs[0]["warnings"].as_array().unwrap();
    assert!(w.iter().any(|w| w["code"] == "table_truncated"), "{w:?}");
    let good = report_entry(&report, "e-good.txt");
    assert_eq!(good["status"], "ok");
    assert_eq!(good["records"], 25);
    for e in report["inputs"].as_array().unwrap() {
        let (i, p, w) = (&e["rows_in"], &e["rows_placed"], &e["rows_warned"]);
        assert_eq!(
            i.as_u64().unwrap(),
            p.as_u64().unwrap() + w.as_u64().unwrap(),
            "{e}"
        );
    }
    let jsonl = std::fs::read_to_string(out.join("records.jsonl")).unwrap();
    assert_eq!(jsonl.lines().count(), 26);
    // Summary line at the end: each status and each warning code counted.
    let last = stderr.lines().last().unwrap();
    assert!(
        last.contains("7 files (2 ok, 1 no_target, 1 skipped, 3 failed), 26 records"),
        "{last}"
    );
    assert!(last.contains("table_truncated 1"), "{last}");
    assert_eq!(report["totals"]["no_target"], 1);
    assert_eq!(report["totals"]["warning_codes"]["table_truncated"], 1);
}

#[test]
fn all_good_exits_0_and_jobs_do_not_change_outputs() {
    let dir = temp_dir("jobs");
    let inp = dir.join("in");
    std::fs::create_dir_all(inp.join("sub")).unwrap();
    let sample = sample_bytes();
    std::fs::write(inp.join("x.txt"), &sample).unwrap();
    std::fs::write(inp.join("sub/x.txt"), &sample).unwrap();
    // A text file without the .txt extension is taken by content.
    std::fs::write(inp.join("sub/announcement"), &sample).unwrap();
    std::fs::write(
        inp.join("sub/picture.png"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    )
    .unwrap();
    let mut outputs = Vec::new();
    for jobs in ["1", "2"] {
        let out = dir.join(format!("out{jobs}"));
        let res = jixiao(&["convert", "-q", "--jobs", jobs, "-o", s(&out), s(&inp)]);
        assert_eq!(
            res.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&res.stderr)
        );
        assert!(res.stderr.is_empty());
        let mut names: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["records.jsonl", "report.json", "sub", "x.txt.json"]);
        let names = [
            "records.jsonl",
            "report.json",
            "sub/announcement.json",
            "sub/x.txt.json",
            "x.txt.json",
        ];
        let report = read_json(&out.join("report.json"));
        let e = report_entry(&report, "picture.png");
        assert_eq!(e["status"], "skipped");
        assert!(e["error"].as_str().unwrap().contains("image (PNG)"), "{e}");
        outputs.push(
            names
                .iter()
                .map(|n| std::fs::read(out.join(n)).unwrap())
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(outputs[0], outputs[1]);
}

#[test]
fn tables_prints_every_table_as_json_or_csv() {
    let res = jixiao(&["tables", "samples/ningxia-yingji-2025.txt"]);
    assert_eq!(res.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&res.stdout).unwrap();
    let tables = v[0]["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 30);
    let cell = &tables[0]["cells"][0];
    for key in ["row", "col", "rowspan", "colspan", "text", "page", "box"] {
        assert!(cell.get(key).is_some(), "cell lacks {key}: {cell}");
    }
    assert_eq!(cell["text"], "项目名称");

    // A PDF: cells carry pages and boxes; the CSV repeats a merged cell's
    // text over its span.
    let dir = temp_dir("tables");
    let pdf = "tests/fixtures/pdf/ningxia-libreoffice.pdf";
    let res = jixiao(&["tables", pdf]);
    let v: serde_json::Value = serde_json::from_slice(&res.stdout).unwrap();
    let first = &v[0]["tables"][0];
    assert_eq!(first["page"], 2);
    assert!(first["cells"][0]["box"]["x1"].as_f64().unwrap() > 0.0);
    let spanning = first["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"] == "项目名称")
        .unwrap();
    assert!(spanning["colspan"].as_u64().unwrap() >= 2, "{spanning}");
    let res = jixiao(&[
        "tables",
        "--csv",
        "-o",
        dir.to_str().unwrap(),
        pdf,
        "missing.pdf",
    ]);
    assert_eq!(res.status.code(), Some(1), "one input is missing");
    assert!(String::from_utf8_lossy(&res.stderr).contains("missing.pdf"));
    let mut csvs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    csvs.sort();
    assert!(csvs.len() >= 30, "{csvs:?}");
    assert!(
        csvs[0].starts_with("ningxia-libreoffice.pdf-p002-t01"),
        "{csvs:?}"
    );
    let text = std::fs::read_to_string(dir.join(&csvs[0])).unwrap();
    // UTF-8 with BOM, for Excel.
    let text = text.strip_prefix('\u{feff}').expect("BOM");
    let first_line = text.lines().next().unwrap();
    assert!(
        first_line.starts_with("项目名称,项目名称,安全生产标准化建设项目"),
        "{first_line}"
    );
}
