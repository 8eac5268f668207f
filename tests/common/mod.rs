//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod office;
pub mod pdf;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample_path() -> PathBuf {
    root().join("samples/ningxia-yingji-2025.txt")
}

pub fn sample_bytes() -> Vec<u8> {
    std::fs::read(sample_path()).expect("sample present")
}

pub fn sample_text() -> String {
    String::from_utf8(sample_bytes()).expect("sample is UTF-8")
}

/// A fresh empty folder under the target dir.
pub fn temp_dir(name: &str) -> PathBuf {
    let base = root().join("target/test-tmp");
    remove_stale(&base, name);
    let d = base.join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Removes the `name-PID` folders of earlier runs whose process is gone:
/// each run makes its own, and they piled up (a mutation run leaves 385
/// MB). Only where /proc tells which processes live.
fn remove_stale(base: &Path, name: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for e in entries.flatten() {
        let file_name = e.file_name();
        let pid = file_name
            .to_str()
            .and_then(|s| s.strip_prefix(name))
            .and_then(|s| s.strip_prefix('-'))
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Runs the jixiao binary from the repository root.
pub fn jixiao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("jixiao runs")
}

pub fn read_json(p: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

/// Records as JSON with `document.file` and every `source` removed, for
/// comparing the same document read from different inputs.
pub fn comparable(records: &[jixiao::Record]) -> Vec<serde_json::Value> {
    records
        .iter()
        .map(|r| {
            let mut v = serde_json::to_value(r).unwrap();
            v["document"]["file"] = serde_json::Value::Null;
            for ind in v["indicators"].as_array_mut().unwrap() {
                ind.as_object_mut().unwrap().remove("source");
            }
            v
        })
        .collect()
}

pub mod score;

/// A folder of real documents kept beside the repository (never copied into
/// it): the one `env_var` names, else `../shared/<default>`. None, with a
/// SKIPPED line, when it is not there; under CI=true the variable must be
/// set when the folder exists (`.ci/run` sets it).
#[allow(dead_code)]
pub fn shared_dir(env_var: &str, default: &str, what: &str) -> Option<PathBuf> {
    let dir = match std::env::var_os(env_var) {
        Some(p) => {
            let p = PathBuf::from(p);
            assert!(p.is_dir(), "{env_var}={} is not a folder", p.display());
            p
        }
        None => root().join("../shared").join(default),
    };
    if !dir.is_dir() {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED ({what}): {} not found; set {env_var} to run them",
            dir.display()
        );
        return None;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        assert!(
            std::env::var_os(env_var).is_some(),
            "CI=true and {} exists, but {env_var} is not set (run .ci/run)",
            dir.display()
        );
    }
    Some(dir)
}
