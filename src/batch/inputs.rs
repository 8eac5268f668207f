//! The inputs of a batch: command-line arguments expanded (folders walked,
//! `-` for stdin), each named by [`crate::output::names`].

use crate::output::names::{
    Input, STDIN_ARG, Source, file_name, folder_name, settle_names, slash_path,
};
use std::path::{Path, PathBuf};

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
