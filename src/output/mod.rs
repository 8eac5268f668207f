//! Stage 5, output. The batch hands each finished document to a [`Sink`];
//! sinks own output names, formats and writing: per-input JSON files
//! ([`json_files`]), records.jsonl ([`jsonl`]) or stdout ([`stdout`]), CSV and
//! XLSX, Parquet ([`tabular`], typed by [`columnar`]), the SQLite corpus ([`db`]), report.json ([`report`]),
//! and the `jixiao tables` outputs ([`tables`]). Files are written atomically
//! (temporary file, then rename).

pub mod columnar;
pub mod db;
pub mod flatten;
pub mod json;
pub mod json_files;
pub mod jsonl;
pub mod names;
pub mod pretty;
pub mod reading;
pub mod record;
pub mod report;
pub mod sink;
pub mod stdout;
pub mod tables;
pub mod tabular;

pub use sink::{Content, Doc, DocSummary, Records, Sink, Status, Totals, totals};

use std::io::Write;
use std::path::Path;

/// Prefix of temporary files; leftovers from a killed run are removed.
pub const TMP_PREFIX: &str = ".jixiao-tmp-";

/// A temporary path beside `path` (same folder, so a rename is atomic).
pub fn temp_beside(path: &Path) -> std::path::PathBuf {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    dir.join(format!("{TMP_PREFIX}{}-{name}", std::process::id()))
}

/// Writes `bytes` to `path` through a temporary file in the same folder, so
/// that `path` is either the old file or the whole new one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_beside(path);
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        // No fsync: the rename makes the file whole-or-old for a killed
        // process; syncing each of hundreds of files costs more than it buys.
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Removes temporary files and folders a killed run left behind in `dir`
/// and its subfolders.
pub fn clean_temp_files(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            let temp = e.file_name().to_string_lossy().starts_with(TMP_PREFIX);
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            if temp && is_dir {
                let _ = std::fs::remove_dir_all(p);
            } else if temp {
                let _ = std::fs::remove_file(p);
            } else if is_dir {
                clean_temp_files(&p);
            }
        }
    }
}
