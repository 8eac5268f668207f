//! `jixiao inspect`: per input, a folder with index.html and one PNG per
//! page showing what was read where; with several inputs, DIR/index.html
//! links them.

use anyhow::Context;
use jixiao::inspect::html::{IndexEntry, index};
use rayon::prelude::*;
use std::path::PathBuf;

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
    let folders: Vec<String> = jixiao::output::output_names(&shown)
        .into_iter()
        .map(|n| n.trim_end_matches(".json").to_string())
        .collect();
    let entries: Vec<IndexEntry> = args
        .files
        .par_iter()
        .zip(shown.par_iter())
        .zip(folders.par_iter())
        .map(|((path, shown), folder)| {
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
                        file: shown.clone(),
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
                        file: shown.clone(),
                        folder: None,
                        records: 0,
                        warnings: 0,
                        pages: 0,
                        error: Some(e.to_string()),
                    }
                }
            }
        })
        .collect();
    if !single {
        jixiao::output::write_atomic(&args.output.join("index.html"), index(&entries).as_bytes())
            .with_context(|| format!("cannot write to {}", args.output.display()))?;
    }
    let failed = entries.iter().filter(|e| e.error.is_some()).count();
    Ok(if failed > 0 { 1 } else { 0 })
}
