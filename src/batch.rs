//! Runs the pipeline over many inputs in parallel (rayon). One document's
//! failure, even a panic, is that document's failure, never the batch's.

use crate::error::ConvertError;
use crate::output::{DocSummary, Writer, output_names};
use crate::{Converted, Limits, convert_bytes_limited, extract};
use rayon::prelude::*;
use std::io::Read;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// One input to convert, or one that could not even be listed.
#[derive(Debug, Clone)]
pub struct Input {
    /// As given on the command line, or joined under the folder given.
    pub path: String,
    /// Set when the input cannot be converted at all (unreadable path,
    /// folder with no matching files).
    pub error: Option<String>,
}

/// A file in a folder is taken when it is a PDF, an office document or text
/// by content.
fn wanted(path: &Path) -> bool {
    let mut head = [0u8; 8192];
    let Ok(mut f) = std::fs::File::open(path) else {
        return true;
    };
    let n = f.read(&mut head).unwrap_or(0);
    let head = &head[..n];
    n > 0 && extract::wanted_head(head)
}

fn walk(dir: &Path, skip: Option<&Path>, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
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
            walk(&p, skip, out)?;
        } else if p.is_file() && wanted(&p) {
            out.push(p);
        }
    }
    Ok(())
}

/// Expands the command-line inputs: files as given, folders walked
/// recursively in sorted order, skipping hidden entries and the output
/// folder `skip` (so `jixiao convert . -o output` does not read its own
/// output back).
pub fn collect_inputs(args: &[PathBuf], skip: Option<&Path>) -> Vec<Input> {
    let skip = skip.and_then(|s| std::fs::canonicalize(s).ok());
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
                match walk(arg, skip.as_deref(), &mut files) {
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

/// How long one document may take.
#[derive(Debug, Clone, Copy)]
pub enum Timeout {
    /// `floor`, or `per_page` times the document's pages when that is more.
    PerPage {
        floor: Duration,
        per_page: Duration,
    },
    Fixed(Duration),
}

impl Default for Timeout {
    fn default() -> Self {
        Timeout::PerPage {
            floor: Duration::from_secs(30),
            per_page: Duration::from_secs(3),
        }
    }
}

impl Timeout {
    fn limit(self, pages: u32) -> Duration {
        match self {
            Timeout::Fixed(d) => d,
            Timeout::PerPage { floor, per_page } => floor.max(per_page * pages),
        }
    }
}

/// Converts bytes on a thread of its own, with a watchdog: a document that
/// panics fails alone, one that runs past its time limit fails with the
/// reason and its thread is left to the process's end.
pub fn convert_guarded(
    bytes: Vec<u8>,
    file: &str,
    timeout: Timeout,
) -> Result<Converted, ConvertError> {
    let limits = Limits::default();
    let pages = limits.pages.clone();
    let cancel = limits.cancel.clone();
    let file = file.to_string();
    guarded(timeout, pages, cancel, move || {
        convert_bytes_limited(&bytes, &file, &limits)
    })
}

/// Runs `work` on a thread of its own under the watchdog. `pages` is read
/// while it runs, for a limit that scales with the page count; `cancel` is
/// set when the limit is passed, so that work which checks it stops.
pub fn guarded<T: Send + 'static>(
    timeout: Timeout,
    pages: std::sync::Arc<std::sync::atomic::AtomicU32>,
    cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
    work: impl FnOnce() -> Result<T, ConvertError> + Send + 'static,
) -> Result<T, ConvertError> {
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("jixiao-doc".into())
        .spawn(move || {
            let r = std::panic::catch_unwind(AssertUnwindSafe(work))
                .unwrap_or_else(|p| Err(ConvertError::Panic(panic_message(p))));
            let _ = tx.send(r);
        });
    if let Err(e) = spawned {
        return Err(ConvertError::Io(e));
    }
    let start = Instant::now();
    loop {
        let limit = timeout.limit(pages.load(Ordering::Relaxed));
        let left = limit.saturating_sub(start.elapsed());
        if left.is_zero() {
            cancel.store(true, Ordering::Relaxed);
            return Err(ConvertError::Timeout(limit));
        }
        match rx.recv_timeout(left.min(Duration::from_millis(200))) {
            Ok(r) => return r,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(ConvertError::Panic("worker ended without a result".into()));
            }
        }
    }
}

/// Converts one input; never panics.
pub fn convert_one(input: &Input, timeout: Timeout) -> Result<Converted, ConvertError> {
    if let Some(e) = &input.error {
        return Err(ConvertError::Unreadable(e.clone()));
    }
    let bytes = std::fs::read(&input.path)?;
    convert_guarded(bytes, &input.path, timeout)
}

/// Converts all inputs on the current rayon pool and writes each one's
/// outputs as it finishes. Summaries come back in input order whatever the
/// number of threads. `each` is called as each document finishes (for
/// progress and error lines).
pub fn run(
    inputs: &[Input],
    writer: &Writer,
    timeout: Timeout,
    each: &(dyn Fn(&DocSummary) + Sync),
) -> Vec<DocSummary> {
    let paths: Vec<String> = inputs.iter().map(|i| i.path.clone()).collect();
    let names = output_names(&paths);
    inputs
        .par_iter()
        .zip(names.par_iter())
        .enumerate()
        .map(|(index, (input, name))| {
            let result = convert_one(input, timeout);
            let summary = writer.document(index, name, &input.path, &result);
            each(&summary);
            summary
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_the_documents_failure() {
        let r: Result<(), _> = guarded(
            Timeout::default(),
            Default::default(),
            Default::default(),
            || panic!("boom in one document"),
        );
        match r {
            Err(ConvertError::Panic(m)) => assert!(m.contains("boom")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_hang_is_cut_at_the_time_limit() {
        let start = Instant::now();
        let cancel: std::sync::Arc<std::sync::atomic::AtomicBool> = Default::default();
        let r: Result<(), _> = guarded(
            Timeout::Fixed(Duration::from_millis(300)),
            Default::default(),
            cancel.clone(),
            || {
                std::thread::sleep(Duration::from_secs(30));
                Ok(())
            },
        );
        assert!(matches!(r, Err(ConvertError::Timeout(_))), "{r:?}");
        // The work is told to stop.
        assert!(cancel.load(Ordering::Relaxed));
        assert!(start.elapsed() < Duration::from_secs(5));
        assert!(r.unwrap_err().to_string().contains("timed out"));
    }

    #[test]
    fn the_limit_scales_with_pages() {
        let t = Timeout::default();
        assert_eq!(t.limit(1), Duration::from_secs(30));
        assert_eq!(t.limit(1000), Duration::from_secs(3000));
    }
}
