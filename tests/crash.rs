//! A batch killed with SIGKILL leaves only whole files in the output
//! folder, and a rerun converts everything again correctly.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Every visible file in `dir` is whole: JSON files parse, records.jsonl
/// parses line by line. Returns the visible file names.
fn assert_whole(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().into_string().unwrap();
        if name.starts_with('.') {
            // Temporary files and spool folders are hidden and named
            // .jixiao-tmp-*; nothing else may be hidden.
            assert!(name.starts_with(".jixiao-tmp-"), "unexpected {name}");
            continue;
        }
        let bytes = std::fs::read(e.path()).unwrap();
        if name.ends_with(".jsonl") {
            for line in bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
                serde_json::from_slice::<serde_json::Value>(line)
                    .unwrap_or_else(|err| panic!("{name}: a cut line: {err}"));
            }
            assert!(bytes.is_empty() || bytes.ends_with(b"\n"), "{name} is cut");
        } else {
            serde_json::from_slice::<serde_json::Value>(&bytes)
                .unwrap_or_else(|err| panic!("{name} is not whole: {err}"));
        }
        names.push(name);
    }
    names.sort();
    names
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    assert_whole(dir)
        .into_iter()
        .map(|n| {
            let b = std::fs::read(dir.join(&n)).unwrap();
            (n, b)
        })
        .collect()
}

#[test]
fn sigkill_leaves_whole_files_and_a_rerun_recovers() {
    let dir = temp_dir("crash");
    let inp = dir.join("in");
    std::fs::create_dir_all(&inp).unwrap();
    let sample = sample_bytes();
    for i in 0..300 {
        std::fs::write(inp.join(format!("dept-{i:03}.txt")), &sample).unwrap();
    }
    let out = dir.join("out");
    let args = [
        "convert",
        "-q",
        "-o",
        out.to_str().unwrap(),
        inp.to_str().unwrap(),
    ];
    assert_eq!(jixiao(&args).status.code(), Some(0));
    let baseline = snapshot(&out);
    assert_eq!(baseline.len(), 302);

    for delay_ms in [20u64, 60, 120, 250, 400, 700] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(args)
            .current_dir(root())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        assert_whole(&out);
    }

    // A fresh output folder killed early holds only whole files too.
    let out2 = dir.join("out2");
    let args2 = [
        "convert",
        "-q",
        "-o",
        out2.to_str().unwrap(),
        inp.to_str().unwrap(),
    ];
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args2)
        .current_dir(root())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(150));
    let _ = child.kill();
    let _ = child.wait();
    if out2.exists() {
        assert_whole(&out2);
    }

    // Rerun: everything converted again, identical to the first run, and no
    // temporary files left.
    assert_eq!(jixiao(&args).status.code(), Some(0));
    assert_eq!(snapshot(&out), baseline);
    let hidden = std::fs::read_dir(&out)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with('.')
        })
        .count();
    assert_eq!(hidden, 0, "temporary files left after a complete run");
}
