//! Runs the pipeline over many inputs in parallel (rayon). One document's
//! failure, even a panic, is that document's failure, never the batch's.

use crate::error::ConvertError;
use crate::{Converted, convert_bytes, extract};
use rayon::prelude::*;
use std::io::Read;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

/// One input to convert, or one that could not even be listed.
#[derive(Debug, Clone)]
pub struct Input {
    /// As given on the command line, or joined under the folder given.
    pub path: String,
    /// Set when the input cannot be converted at all (unreadable path,
    /// folder with no matching files).
    pub error: Option<String>,
}

#[derive(Debug)]
pub struct FileOutcome {
    pub path: String,
    pub result: Result<Converted, ConvertError>,
}

/// A file in a folder is taken when it is a PDF or text by content.
fn wanted(path: &Path) -> bool {
    let mut head = [0u8; 8192];
    let Ok(mut f) = std::fs::File::open(path) else {
        return true;
    };
    let n = f.read(&mut head).unwrap_or(0);
    let head = &head[..n];
    n > 0 && (extract::is_pdf(head) || !extract::text::looks_binary(head))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
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
            walk(&p, out)?;
        } else if p.is_file() && wanted(&p) {
            out.push(p);
        }
    }
    Ok(())
}

/// Expands the command-line inputs: files as given, folders walked
/// recursively in sorted order.
pub fn collect_inputs(args: &[PathBuf]) -> Vec<Input> {
    let mut inputs = Vec::new();
    for arg in args {
        let shown = arg.to_string_lossy().into_owned();
        match std::fs::metadata(arg) {
            Err(e) => inputs.push(Input {
                path: shown,
                error: Some(format!("cannot read: {e}")),
            }),
            Ok(m) if m.is_dir() => {
                let mut files = Vec::new();
                match walk(arg, &mut files) {
                    Err(e) => inputs.push(Input {
                        path: shown,
                        error: Some(format!("cannot read folder: {e}")),
                    }),
                    Ok(()) if files.is_empty() => inputs.push(Input {
                        path: shown,
                        error: Some("folder holds no text or PDF files".into()),
                    }),
                    Ok(()) => inputs.extend(files.into_iter().map(|p| Input {
                        path: p.to_string_lossy().into_owned(),
                        error: None,
                    })),
                }
            }
            Ok(_) => inputs.push(Input {
                path: shown,
                error: None,
            }),
        }
    }
    inputs
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

/// Converts one input; never panics.
pub fn convert_one(input: &Input) -> FileOutcome {
    let result = match &input.error {
        Some(e) => Err(ConvertError::Unsupported(e.clone())),
        None => match std::fs::read(&input.path) {
            Err(e) => Err(ConvertError::Io(e)),
            Ok(bytes) => {
                std::panic::catch_unwind(AssertUnwindSafe(|| convert_bytes(&bytes, &input.path)))
                    .unwrap_or_else(|p| Err(ConvertError::Panic(panic_message(p))))
            }
        },
    };
    FileOutcome {
        path: input.path.clone(),
        result,
    }
}

/// Converts all inputs on the current rayon pool; outcomes come back in
/// input order whatever the number of threads. `each` is called as each
/// document finishes (for progress and error lines).
pub fn convert_all(inputs: &[Input], each: &(dyn Fn(&FileOutcome) + Sync)) -> Vec<FileOutcome> {
    inputs
        .par_iter()
        .map(|i| {
            let o = convert_one(i);
            each(&o);
            o
        })
        .collect()
}
