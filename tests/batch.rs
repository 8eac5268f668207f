//! The batch end to end: statuses, exit codes, output names, reruns,
//! stdin, interrupts, progress, install aids (completions, man page).

mod common;

use common::*;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn entry<'a>(report: &'a serde_json::Value, path_end: &str) -> &'a serde_json::Value {
    report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"].as_str().unwrap().ends_with(path_end))
        .unwrap_or_else(|| panic!("no report entry for {path_end}: {report:#}"))
}

/// Every visible file under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    fn go(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                go(base, &p, out);
            } else {
                out.push(p.strip_prefix(base).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    let mut v = Vec::new();
    go(dir, dir, &mut v);
    v.sort();
    v
}

/// The mixed folder of the issue: text, PDF, image, archive, empty file,
/// a zip named .xlsx, a text file with a run of NULs, a legacy .doc, a
/// text without a target table, a hidden file.
fn mixed_folder(dir: &Path) -> std::path::PathBuf {
    let inp = dir.join("in");
    std::fs::create_dir_all(inp.join("省财政厅")).unwrap();
    std::fs::create_dir_all(inp.join("教育厅")).unwrap();
    let sample = sample_bytes();
    std::fs::write(inp.join("省财政厅/绩效目标表.txt"), &sample).unwrap();
    std::fs::write(inp.join("教育厅/绩效目标表.txt"), &sample).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/pdf/ningxia-libreoffice.pdf"),
        inp.join("省财政厅/绩效目标表.pdf"),
    )
    .unwrap();
    std::fs::write(inp.join("picture.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(inp.join("bundle.zip"), b"PK\x03\x04\x14\0\0\0\0\0hi.txt").unwrap();
    std::fs::write(inp.join("empty.txt"), b"").unwrap();
    std::fs::write(inp.join("budget.xlsx"), b"PK\x03\x04 not really a workbook").unwrap();
    let mut nuls = "项目名称 测试\n".as_bytes().to_vec();
    nuls.extend([0u8; 1024]);
    nuls.extend("更多文字\n".as_bytes());
    std::fs::write(inp.join("nuls.txt"), nuls).unwrap();
    let mut doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".to_vec();
    doc.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(inp.join("old.doc"), doc).unwrap();
    std::fs::write(
        inp.join("notable.txt"),
        "单位：万元\n这里没有绩效目标表。\n",
    )
    .unwrap();
    std::fs::write(inp.join(".hidden"), b"x").unwrap();
    inp
}

#[test]
fn every_file_of_a_mixed_folder_gets_a_status() {
    let dir = temp_dir("mixed");
    let inp = mixed_folder(&dir);
    let out = dir.join("out");
    let res = jixiao(&["convert", "-o", s(&out), s(&inp)]);
    let stderr = String::from_utf8(res.stderr).unwrap();
    assert_eq!(res.status.code(), Some(1), "{stderr}");
    let report = read_json(&out.join("report.json"));
    assert_eq!(report["inputs"].as_array().unwrap().len(), 10, "{report:#}");
    for (file, status, reason) in [
        ("省财政厅/绩效目标表.txt", "ok", ""),
        ("教育厅/绩效目标表.txt", "ok", ""),
        ("省财政厅/绩效目标表.pdf", "ok", ""),
        ("notable.txt", "no_target", "no performance-target table"),
        ("picture.png", "skipped", "image (PNG)"),
        ("bundle.zip", "skipped", "archive (ZIP)"),
        ("empty.txt", "failed", "empty file"),
        ("budget.xlsx", "failed", ""),
        ("nuls.txt", "failed", "binary"),
        ("old.doc", "failed", "save it as .docx"),
    ] {
        let e = entry(&report, file);
        assert_eq!(e["status"], status, "{file}: {e}");
        let err = e["error"].as_str().unwrap_or("");
        assert!(err.contains(reason), "{file}: {err}");
        if status != "ok" {
            assert!(!err.is_empty(), "{file} has no reason");
        }
    }
    assert!(!stderr.contains(".hidden"));
    let t = &report["totals"];
    assert_eq!(
        (
            t["ok"].as_u64(),
            t["no_target"].as_u64(),
            t["skipped"].as_u64(),
            t["failed"].as_u64()
        ),
        (Some(3), Some(1), Some(2), Some(4))
    );
    let last = stderr.lines().last().unwrap();
    assert!(
        last.contains("10 files (3 ok, 1 no_target, 2 skipped, 4 failed)"),
        "{last}"
    );
    // Each warning code is counted.
    assert!(last.contains("unit_suspect"), "{last}");
    // Names mirror the tree, the whole file name kept: the .txt and the .pdf
    // of one stem do not collide.
    assert_eq!(
        tree(&out),
        [
            "records.jsonl",
            "report.json",
            "教育厅/绩效目标表.txt.json",
            "省财政厅/绩效目标表.pdf.json",
            "省财政厅/绩效目标表.txt.json",
        ]
    );
}

/// A broken symbolic link (or anything else that is not a readable file)
/// in a folder is listed with its reason, not dropped: the batch goes on.
#[test]
#[cfg(unix)]
fn a_broken_link_in_a_folder_is_reported_not_skipped() {
    let dir = temp_dir("broken-link");
    let inp = dir.join("in");
    std::fs::create_dir_all(&inp).unwrap();
    std::fs::copy(
        root().join("samples/ningxia-yingji-2025.txt"),
        inp.join("a.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(dir.join("gone.pdf"), inp.join("b.pdf")).unwrap();
    let out = dir.join("out");
    let res = jixiao(&["convert", "-o", s(&out), s(&inp)]);
    let stderr = String::from_utf8(res.stderr).unwrap();
    assert_eq!(res.status.code(), Some(1), "{stderr}");
    let report = read_json(&out.join("report.json"));
    assert_eq!(report["inputs"].as_array().unwrap().len(), 2, "{report:#}");
    assert_eq!(entry(&report, "a.txt")["status"], "ok");
    let e = entry(&report, "b.pdf");
    assert_eq!(e["status"], "failed", "{e}");
    assert!(
        e["error"]
            .as_str()
            .unwrap()
            .contains("broken symbolic link"),
        "{e}"
    );
    assert!(stderr.contains("b.pdf: broken symbolic link"), "{stderr}");
}

#[test]
fn no_target_alone_exits_0_and_skips_alone_exit_0() {
    let dir = temp_dir("notarget");
    std::fs::write(dir.join("a.txt"), "没有表格\n").unwrap();
    std::fs::write(dir.join("b.png"), b"\x89PNG\r\n\x1a\n\0").unwrap();
    let res = jixiao(&[
        "convert",
        "-q",
        "-o",
        s(&dir.join("out")),
        s(&dir.join("a.txt")),
        s(&dir.join("b.png")),
    ]);
    assert_eq!(res.status.code(), Some(0));
}

#[test]
fn names_do_not_depend_on_what_else_is_in_the_batch() {
    let dir = temp_dir("names");
    let sample = sample_bytes();
    for d in ["a", "b", "c"] {
        std::fs::create_dir_all(dir.join("in").join(d)).unwrap();
        std::fs::write(dir.join("in").join(d).join("绩效目标表.txt"), &sample).unwrap();
    }
    let out = dir.join("out");
    assert_eq!(
        jixiao(&["convert", "-q", "-o", s(&out), s(&dir.join("in"))])
            .status
            .code(),
        Some(0)
    );
    let first = tree(&out);
    let a_bytes = std::fs::read(out.join("a/绩效目标表.txt.json")).unwrap();
    // A fourth department renames nothing.
    std::fs::create_dir_all(dir.join("in/0")).unwrap();
    std::fs::write(dir.join("in/0/绩效目标表.txt"), &sample).unwrap();
    assert_eq!(
        jixiao(&["convert", "-q", "-o", s(&out), s(&dir.join("in"))])
            .status
            .code(),
        Some(0)
    );
    let second = tree(&out);
    for n in &first {
        assert!(second.contains(n), "{n} vanished: {second:?}");
    }
    assert!(second.contains(&"0/绩效目标表.txt.json".to_string()));
    assert_eq!(
        std::fs::read(out.join("a/绩效目标表.txt.json")).unwrap(),
        a_bytes
    );

    // Two folders: each under its own name. A file given directly: at the
    // root. Two given files of one name: under their folder's name.
    let out2 = dir.join("out2");
    let res = jixiao(&[
        "convert",
        "-q",
        "-o",
        s(&out2),
        s(&dir.join("in/a")),
        s(&dir.join("in/b")),
        s(&dir.join("in/c/绩效目标表.txt")),
    ]);
    assert_eq!(res.status.code(), Some(0));
    assert_eq!(
        tree(&out2),
        [
            "a/绩效目标表.txt.json",
            "b/绩效目标表.txt.json",
            "records.jsonl",
            "report.json",
            "绩效目标表.txt.json"
        ]
    );
    let out3 = dir.join("out3");
    let res = jixiao(&[
        "convert",
        "-q",
        "-o",
        s(&out3),
        s(&dir.join("in/a/绩效目标表.txt")),
        s(&dir.join("in/b/绩效目标表.txt")),
    ]);
    assert_eq!(res.status.code(), Some(0));
    assert_eq!(
        tree(&out3),
        [
            "a/绩效目标表.txt.json",
            "b/绩效目标表.txt.json",
            "records.jsonl",
            "report.json"
        ]
    );
}

#[test]
fn a_rerun_removes_only_the_outputs_it_no_longer_writes() {
    let dir = temp_dir("rerun");
    let inp = dir.join("in");
    std::fs::create_dir_all(inp.join("sub")).unwrap();
    let sample = sample_bytes();
    std::fs::write(inp.join("x.txt"), &sample).unwrap();
    std::fs::write(inp.join("sub/y.txt"), &sample).unwrap();
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("mine.txt"), "the user's own file").unwrap();
    assert_eq!(
        jixiao(&[
            "convert",
            "-q",
            "--format",
            "jsonl,json,csv",
            "-o",
            s(&out),
            s(&inp)
        ])
        .status
        .code(),
        Some(0)
    );
    assert!(out.join("sub/y.txt.json").is_file());
    assert!(out.join("projects.csv").is_file());
    std::fs::remove_file(inp.join("sub/y.txt")).unwrap();
    assert_eq!(
        jixiao(&["convert", "-q", "-o", s(&out), s(&inp)])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        tree(&out),
        ["mine.txt", "records.jsonl", "report.json", "x.txt.json"],
        "stale outputs removed (the emptied folder too), the user's file kept"
    );
    let report = read_json(&out.join("report.json"));
    assert_eq!(
        report["outputs"],
        serde_json::json!(["records.jsonl", "x.txt.json"])
    );
}

#[test]
fn stdin_is_an_input() {
    let dir = temp_dir("stdin");
    let out = dir.join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["convert", "-q", "-o", s(&out), "-"])
        .current_dir(root())
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&sample_bytes())
        .unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
    assert_eq!(tree(&out), ["records.jsonl", "report.json", "stdin.json"]);
    let recs = read_json(&out.join("stdin.json"));
    assert_eq!(recs.as_array().unwrap().len(), 25);
    assert_eq!(
        entry(&read_json(&out.join("report.json")), "-")["status"],
        "ok"
    );
}

#[test]
fn usage_errors_exit_2() {
    let sample = sample_path();
    let sample = s(&sample);
    for args in [
        vec!["convert", "--timeout-per-file", "0", sample],
        vec!["convert", "--timeout-per-file", "-3", sample],
        vec!["convert", "--timeout-per-file", "soon", sample],
        vec!["convert", "--jobs", "0", sample],
        vec!["convert", "--format", "pdf", sample],
        vec!["convert", "--progress", "sometimes", sample],
        vec!["convert", "-o", "-", "--format", "jsonl,csv", sample],
        vec!["convert", "-", "-", "-o", "-"],
        vec!["tables", "--pages", "5-3", sample],
        vec!["tables", "--jobs", "0", sample],
        vec!["completions", "tcsh"],
    ] {
        let res = jixiao(&args);
        assert_eq!(
            res.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&res.stderr)
        );
        assert!(!res.stderr.is_empty());
    }
}

/// Starts a long batch (many copies of the sample, one job), lets it run
/// a while, sends `signal`, and checks what an interrupted batch leaves.
fn interrupt_with(signal: &str) {
    let dir = temp_dir(&format!("signal-{signal}"));
    let inp = dir.join("in");
    std::fs::create_dir_all(&inp).unwrap();
    let sample = sample_bytes();
    for i in 0..3000 {
        std::fs::write(inp.join(format!("d{i:04}.txt")), &sample).unwrap();
    }
    let out = dir.join("out");
    let child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args([
            "convert",
            "--jobs",
            "1",
            "--progress",
            "never",
            "-o",
            s(&out),
            s(&inp),
        ])
        .current_dir(root())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until some documents are done.
    for _ in 0..100 {
        std::thread::sleep(Duration::from_millis(50));
        let done = std::fs::read_dir(&out).map(|d| d.count()).unwrap_or(0);
        if done > 20 {
            break;
        }
    }
    let kill = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let res = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&res.stderr);
    assert_eq!(res.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    let report = read_json(&out.join("report.json"));
    let t = &report["totals"];
    let (ok, interrupted) = (
        t["ok"].as_u64().unwrap(),
        t["interrupted"].as_u64().unwrap(),
    );
    assert!(ok > 0 && interrupted > 0, "{t}");
    assert_eq!(ok + interrupted, 3000, "{t}");
    // records.jsonl holds exactly the finished documents' records, whole.
    let jsonl = std::fs::read_to_string(out.join("records.jsonl")).unwrap();
    assert_eq!(jsonl.lines().count() as u64, ok * 25);
    for line in jsonl.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
    // No temporaries left.
    let hidden: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

#[test]
fn sigint_writes_what_finished_and_exits_130() {
    interrupt_with("-INT");
}

#[test]
fn sigterm_too() {
    interrupt_with("-TERM");
}

#[test]
fn plain_progress_lines_when_not_a_terminal() {
    let dir = temp_dir("progress");
    let sample = sample_path();
    // The interval is cut to 0 here; by default it is 10 s.
    let res = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args([
            "convert",
            "--progress",
            "always",
            "-o",
            s(&dir),
            s(&sample),
            s(&sample),
        ])
        .env("JIXIAO_PROGRESS_EVERY_MS", "0")
        .current_dir(root())
        .output()
        .unwrap();
    let stderr = String::from_utf8(res.stderr).unwrap();
    assert!(stderr.contains("jixiao: 1/2 files,"), "{stderr}");
    assert!(stderr.contains("files/s, ETA"), "{stderr}");
    // auto without a terminal: no progress lines.
    let res = jixiao(&["convert", "-o", s(&dir), s(&sample)]);
    let stderr = String::from_utf8(res.stderr).unwrap();
    assert!(!stderr.contains("files/s"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish"] {
        let res = jixiao(&["completions", shell]);
        assert_eq!(res.status.code(), Some(0));
        let text = String::from_utf8(res.stdout).unwrap();
        assert!(
            text.contains("jixiao") && text.contains("timeout-per-file"),
            "{shell}"
        );
    }
    let res = jixiao(&["man"]);
    assert_eq!(res.status.code(), Some(0));
    let man = String::from_utf8(res.stdout).unwrap();
    assert!(
        man.starts_with(".ie") || man.contains(".TH jixiao"),
        "{}",
        &man[..200.min(man.len())]
    );
    assert!(
        man.contains("convert") && man.contains("Exit codes"),
        "man page lacks commands"
    );
}

#[test]
fn tables_reads_folders_pages_and_captions() {
    let dir = temp_dir("tables2");
    let inp = dir.join("in");
    std::fs::create_dir_all(&inp).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/pdf/ningxia-libreoffice.pdf"),
        inp.join("n.pdf"),
    )
    .unwrap();
    std::fs::write(inp.join("pic.png"), b"\x89PNG\r\n\x1a\n\0").unwrap();
    let res = jixiao(&["tables", "--pages", "2-3", s(&inp)]);
    assert_eq!(res.status.code(), Some(0));
    let stderr = String::from_utf8(res.stderr).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&res.stdout).unwrap();
    let files = v.as_array().unwrap();
    assert_eq!(files.len(), 1, "the image is skipped, not printed");
    let tables = files[0]["tables"].as_array().unwrap();
    assert!(!tables.is_empty());
    for t in tables {
        let p = t["page"].as_u64().unwrap();
        assert!((2..=3).contains(&p), "{p}");
        assert!(t.get("caption").is_some());
    }
    assert!(
        stderr.contains(&format!(
            "jixiao: {} tables found in 1 of 2 files",
            tables.len()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("pic.png: skipped"), "{stderr}");
    // The text sample: its tables' captions are the lines above them.
    let res = jixiao(&["tables", "samples/ningxia-yingji-2025.txt"]);
    let v: serde_json::Value = serde_json::from_slice(&res.stdout).unwrap();
    let captions: Vec<_> = v[0]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["caption"].as_str())
        .collect();
    assert!(!captions.is_empty(), "no caption found");
    // With --csv, the caption is in the file name.
    let csv_dir = dir.join("csv");
    let res = jixiao(&[
        "tables",
        "--csv",
        "-o",
        s(&csv_dir),
        "samples/ningxia-yingji-2025.txt",
    ]);
    assert_eq!(res.status.code(), Some(0));
    let names = tree(&csv_dir);
    assert!(
        names.iter().any(|n| captions
            .iter()
            .any(|c| n.contains(&c.chars().take(8).collect::<String>()))),
        "{names:?} / {captions:?}"
    );
}
