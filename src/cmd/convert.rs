//! `jixiao convert`: inputs → records.jsonl, per-input JSON, report.json.

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use jixiao::batch::Timeout;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct ConvertArgs {
    /// Input files or folders. Folders are walked recursively; files are
    /// taken by content (text or PDF), not by extension.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Output folder: records.jsonl, one <input-stem>.json per input, report.json.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "DIR",
        default_value = "output"
    )]
    output: PathBuf,
    /// Number of documents converted in parallel (default: all cores).
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    jobs: Option<usize>,
    /// No progress bar, no per-file error lines, no summary.
    #[arg(short = 'q', long)]
    quiet: bool,
    /// Time limit for one document, in seconds. Default: 30 s, or 3 s per
    /// page when that is more. A document over its limit fails with that
    /// reason; the batch goes on.
    #[arg(long = "timeout-per-file", value_name = "SECONDS")]
    timeout_per_file: Option<f64>,
    /// Which PDF pages are read by OCR: `auto` (pages without text that are
    /// mostly an image), `always` (every page, ignoring its text layer), or
    /// `never`.
    #[arg(long = "ocr", value_name = "WHEN", value_enum, default_value = "auto")]
    ocr: jixiao::extract::OcrMode,
}

pub fn run(args: ConvertArgs) -> anyhow::Result<i32> {
    let start = Instant::now();
    if let Some(n) = args.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("cannot start worker threads")?;
    }
    jixiao::extract::OcrMode::set_default(args.ocr);
    let inputs = jixiao::batch::collect_inputs(&args.inputs, Some(&args.output));
    let timeout = match args.timeout_per_file {
        Some(s) if s.is_finite() && s > 0.0 => Timeout::Fixed(Duration::from_secs_f64(s)),
        Some(_) => anyhow::bail!("--timeout-per-file must be a positive number of seconds"),
        None => Timeout::default(),
    };
    let writer = jixiao::output::Writer::create(&args.output)
        .with_context(|| format!("cannot write to {}", args.output.display()))?;
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let b = ProgressBar::new(inputs.len() as u64);
        b.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} files  {msg}  [{elapsed}]")
                .expect("valid template"),
        );
        b
    });
    let records = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let quiet = args.quiet;
    let docs = jixiao::batch::run(&inputs, &writer, timeout, &|d| {
        records.fetch_add(d.records, Ordering::Relaxed);
        if let Some(e) = &d.error {
            failed.fetch_add(1, Ordering::Relaxed);
            if !quiet {
                let line = format!("jixiao: {}: {e}", d.path);
                match &bar {
                    Some(b) => b.println(line),
                    None => eprintln!("{line}"),
                }
            }
        }
        if let Some(b) = &bar {
            b.inc(1);
            b.set_message(format!(
                "{} records, {} failed",
                records.load(Ordering::Relaxed),
                failed.load(Ordering::Relaxed)
            ));
        }
    });
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let totals = writer
        .finish(&docs)
        .with_context(|| format!("cannot write to {}", args.output.display()))?;
    if !quiet {
        eprintln!(
            "jixiao: {} files, {} records, {} warnings, {} failed, {:.2} s",
            totals.files,
            totals.records,
            totals.warnings,
            totals.failed,
            start.elapsed().as_secs_f64()
        );
    }
    Ok(if totals.failed > 0 { 1 } else { 0 })
}
