//! The inputs of a batch: command-line arguments expanded (folders walked,
//! `-` for stdin) and each given its output name, which mirrors the input
//! tree and never depends on what else a folder holds.

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
const RESERVED: &[&str] = &["report", "records"];

/// Expands the command-line inputs: files as given, folders walked
/// recursively in sorted order (every file listed, hidden entries and the
/// output folder `skip` left out, so `jixiao convert . -o output` does not
/// read its own output back), `-` as stdin.
///
/// Names: with one folder argument, its files are named relative to it;
/// with several, each folder's files go under the folder's own name. A file
/// given directly is named by its file name at the output root; two given
/// files of one name from different folders go under their folder's name.
pub fn collect_inputs(args: &[PathBuf], skip: Option<&Path>) -> Vec<Input> {
    let skip = skip.and_then(|s| std::fs::canonicalize(s).ok());
    let folders = args.iter().filter(|a| a.is_dir()).count();
    let mut inputs = Vec::new();
    for arg in args {
        let shown = arg.to_string_lossy().into_owned();
        if shown == STDIN_ARG {
            inputs.push(Input {
                path: shown,
                source: Source::Stdin,
                name: "stdin".into(),
            });
            continue;
        }
        match std::fs::metadata(arg) {
            Err(e) => inputs.push(Input {
                name: file_name(arg),
                path: shown,
                source: Source::Unreadable(format!("cannot read: {e}")),
            }),
            Ok(m) if m.is_dir() => {
                let prefix = (folders > 1).then(|| folder_name(arg));
                let mut files = Vec::new();
                let walked = walk(arg, skip.as_deref(), &mut files);
                let trouble = match walked {
                    Err(e) => Some(format!("cannot read folder: {e}")),
                    Ok(()) if files.is_empty() => Some("folder holds no files".into()),
                    Ok(()) => None,
                };
                if let Some(why) = trouble {
                    inputs.push(Input {
                        name: prefix.clone().unwrap_or_else(|| file_name(arg)),
                        path: shown.clone(),
                        source: Source::Unreadable(why),
                    });
                }
                for (p, trouble) in files {
                    let rel = p.strip_prefix(arg).unwrap_or(&p);
                    let rel = slash_path(rel);
                    let name = match &prefix {
                        Some(pre) => format!("{pre}/{rel}"),
                        None => rel,
                    };
                    inputs.push(Input {
                        path: p.to_string_lossy().into_owned(),
                        source: match trouble {
                            // Listed with its reason, never skipped silently.
                            Some(why) => Source::Unreadable(why),
                            None => Source::File(p),
                        },
                        name,
                    });
                }
            }
            Ok(_) => inputs.push(Input {
                name: file_name(arg),
                path: shown,
                source: Source::File(arg.clone()),
            }),
        }
    }
    settle_names(&mut inputs);
    inputs
}

/// Makes names unique and keeps them off the batch's own files: given files
/// that share a name move under their folder's name; what still collides
/// gets ` (2)`, ` (3)` in argument order.
fn settle_names(inputs: &mut [Input]) {
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

/// Files under `dir`, in name order, each with the reason it cannot be
/// read when it cannot (a broken symbolic link, a socket, a subfolder that
/// cannot be listed): such an entry is reported, not dropped.
fn walk(
    dir: &Path,
    skip: Option<&Path>,
    out: &mut Vec<(PathBuf, Option<String>)>,
) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        let hidden = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            // Never read our own output folder back in as input.
            if skip.is_some_and(|s| std::fs::canonicalize(&p).is_ok_and(|c| c == s)) {
                continue;
            }
            if let Err(e) = walk(&p, skip, out) {
                out.push((p, Some(format!("cannot read folder: {e}"))));
            }
        } else if p.is_file() {
            out.push((p, None));
        } else {
            let why = match std::fs::symlink_metadata(&p) {
                Ok(m) if m.file_type().is_symlink() => {
                    "broken symbolic link: its target does not exist".to_string()
                }
                Ok(_) => "not a regular file (a socket, pipe or device)".to_string(),
                Err(e) => format!("cannot read: {e}"),
            };
            out.push((p, Some(why)));
        }
    }
    Ok(())
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "input".into())
}

/// A folder's own name, also for `.` and `..` (the name they stand for).
fn folder_name(p: &Path) -> String {
    let named = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    file_name(&named)
}

/// A relative path written with `/` whatever the platform.
fn slash_path(rel: &Path) -> String {
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
