//! Output names: each input of a batch gets its name once, when the inputs
//! are listed, and every sink writes under it (adding its extension). A
//! name mirrors the input tree and never depends on what else a folder
//! holds; [`settle_names`] keeps names unique and off the batch's own files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where an input's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Stdin,
    /// Could not be listed (missing path, unreadable folder): the reason.
    Unreadable(String),
}

/// One input of the batch.
#[derive(Debug, Clone)]
pub struct Input {
    /// As given on the command line, or joined under the folder given.
    pub path: String,
    pub source: Source,
    /// Output name without extension, `/`-separated, relative to the output
    /// folder: the input's path relative to the folder given (whole file
    /// name kept: `省财政厅/绩效目标表.pdf`), the file name for a file given
    /// directly, `stdin` for standard input. Sinks add their extension.
    pub name: String,
}

/// What stdin is called on the command line and in report.json.
pub const STDIN_ARG: &str = "-";
/// Output names a per-input file may not take (the batch's own files).
pub const RESERVED: &[&str] = &["report", "records"];

/// Makes names unique and keeps them off the batch's own files: given files
/// that share a name move under their folder's name; what still collides
/// gets ` (2)`, ` (3)` in argument order.
pub fn settle_names(inputs: &mut [Input]) {
    for i in inputs.iter_mut() {
        if RESERVED.contains(&i.name.as_str()) {
            i.name = format!("{}.input", i.name);
        }
    }
    let mut count: HashMap<String, usize> = HashMap::new();
    for i in inputs.iter() {
        *count.entry(i.name.clone()).or_default() += 1;
    }
    for i in inputs.iter_mut() {
        if count[&i.name] > 1
            && let Source::File(p) = &i.source
            && !i.name.contains('/')
            && let Some(parent) = p.parent()
        {
            i.name = format!("{}/{}", folder_name(parent), i.name);
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for i in inputs.iter_mut() {
        let n = seen.entry(i.name.clone()).or_default();
        *n += 1;
        if *n > 1 {
            i.name = format!("{} ({n})", i.name);
        }
    }
}

pub fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "input".into())
}

/// A folder's own name, also for `.` and `..` (the name they stand for).
pub fn folder_name(p: &Path) -> String {
    let named = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    file_name(&named)
}

/// A relative path written with `/` whatever the platform.
pub fn slash_path(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(path: &str, name: &str) -> Input {
        Input {
            path: path.into(),
            source: Source::File(path.into()),
            name: name.into(),
        }
    }

    #[test]
    fn given_files_of_one_name_go_under_their_folder() {
        let mut v = vec![
            input("a/x.txt", "x.txt"),
            input("b/x.txt", "x.txt"),
            input("y.txt", "y.txt"),
            input("report", "report"),
        ];
        settle_names(&mut v);
        let names: Vec<_> = v.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["a/x.txt", "b/x.txt", "y.txt", "report.input"]);
    }
}
