//! `jixiao inspect`: per input, a folder with index.html and one PNG per
//! page showing what was read where; with several inputs, DIR/index.html
//! links them.

use anyhow::Context;
use jixiao::inspect::html::{IndexEntry, index};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(clap::Args)]
pub struct InspectArgs {
    /// PDF or text files.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Output folder. One input: its index.html and page images go here;
    /// several: one sub-folder each, named after the input, and an
    /// index.html that links them.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "DIR",
        default_value = "inspect"
    )]
    output: PathBuf,
}

pub fn run(args: InspectArgs) -> anyhow::Result<i32> {
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("cannot write to {}", args.output.display()))?;
    let shown: Vec<String> = args
        .files
        .iter()
        .map(|f| f.to_string_lossy().into_owned())
        .collect();
    let single = args.files.len() == 1;
    // One folder per input: its stem, made unique in input order (a, a-2).
    let mut used = std::collections::HashSet::new();
    let folders: Vec<String> = args
        .files
        .iter()
        .map(|f| {
            let stem = f
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .filter(|s| !s.is_empty() && !s.starts_with('.'))
                .unwrap_or_else(|| "input".into());
            let (mut name, mut n) = (stem.clone(), 1);
            while !used.insert(name.clone()) {
                n += 1;
                name = format!("{stem}-{n}");
            }
            name
        })
        .collect();
    // One input at a time per worker, as many workers as cores.
    let one = |i: usize| -> IndexEntry {
        let (path, shown, folder) = (&args.files[i], shown[i].as_str(), &folders[i]);
        let dir = if single {
            args.output.clone()
        } else {
            args.output.join(folder)
        };
        let result = if path.is_dir() {
            Err(jixiao::ConvertError::Unreadable(
                "is a folder; give the files in it".into(),
            ))
        } else {
            jixiao::inspect::inspect_file(path, shown, &dir)
        };
        match result {
            Ok(w) => {
                for e in &w.render_errors {
                    eprintln!("jixiao: {shown}: {e}");
                }
                IndexEntry {
                    file: shown.to_string(),
                    folder: Some(folder.clone()),
                    records: w.records,
                    warnings: w.warnings,
                    pages: w.pages,
                    error: None,
                }
            }
            Err(e) => {
                eprintln!("jixiao: {shown}: {e}");
                IndexEntry {
                    file: shown.to_string(),
                    folder: None,
                    records: 0,
                    warnings: 0,
                    pages: 0,
                    error: Some(e.to_string()),
                }
            }
        }
    };
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<IndexEntry>>> =
        Mutex::new((0..args.files.len()).map(|_| None).collect());
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(args.files.len());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= args.files.len() {
                        break;
                    }
                    // A panic fails that input alone.
                    let entry = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| one(i)))
                        .unwrap_or_else(|_| IndexEntry {
                            file: shown[i].clone(),
                            folder: None,
                            records: 0,
                            warnings: 0,
                            pages: 0,
                            error: Some("internal error while inspecting (please report)".into()),
                        });
                    done.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(entry);
                }
            });
        }
    });
    let entries: Vec<IndexEntry> = done
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .flatten()
        .collect();
    if !single {
        jixiao::output::write_atomic(&args.output.join("index.html"), index(&entries).as_bytes())
            .with_context(|| format!("cannot write to {}", args.output.display()))?;
    }
    let failed = entries.iter().filter(|e| e.error.is_some()).count();
    Ok(if failed > 0 { 1 } else { 0 })
}
