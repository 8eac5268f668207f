//! `jixiao convert`: inputs → records (records.jsonl, per-input JSON, CSV,
//! XLSX, stdout, a SQLite corpus) and report.json.

use super::progress::{Progress, When};
use super::{UsageError, exit_code, positive_seconds, signals};
use anyhow::Context;
use jixiao::batch::{self, Settings, Timeout};
use jixiao::output::{self, Records, Sink, Status};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// records.jsonl: one record per line.
    Jsonl,
    /// One pretty <input name>.json per input.
    Json,
    /// projects.csv, indicators.csv, warnings.csv (UTF-8 with BOM).
    Csv,
    /// records.xlsx with sheets projects, indicators, warnings.
    Xlsx,
    /// projects.parquet, indicators.parquet, warnings.parquet (typed columns).
    Parquet,
}

#[derive(clap::Args)]
pub struct ConvertArgs {
    /// Input files or folders; `-` reads standard input. Folders are walked
    /// recursively and every file in them is listed in report.json
    /// (hidden files aside): documents are converted, other files skipped
    /// with the reason.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Output folder, or `-` for records as JSON lines on stdout (nothing
    /// else written). Per-input files mirror the input tree:
    /// out/省财政厅/绩效目标表.pdf.json.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "DIR",
        default_value = "output"
    )]
    output: PathBuf,
    /// Outputs to write, comma-separated [default: jsonl,json; with -o -: jsonl].
    #[arg(long, value_enum, value_delimiter = ',', value_name = "LIST")]
    format: Option<Vec<Format>>,
    /// SQLite corpus updated in place: documents already in it (same
    /// content, same tool version) are not converted again (status
    /// unchanged) and their records are read back from it.
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Number of documents converted in parallel (default: all cores).
    #[arg(short = 'j', long = "jobs", value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// No progress, no per-file lines, no summary.
    #[arg(short = 'q', long)]
    quiet: bool,
    /// Progress on stderr: a bar with rate and ETA on a terminal; `always`
    /// without a terminal prints a line every 10 s.
    #[arg(long, value_enum, default_value = "auto", value_name = "WHEN")]
    progress: When,
    /// Time limit for one document, in seconds. Default: 30 s, or 3 s per
    /// page when that is more. A document over its limit fails with that
    /// reason; the batch goes on.
    #[arg(long = "timeout-per-file", value_name = "SECONDS", value_parser = positive_seconds)]
    timeout_per_file: Option<std::time::Duration>,
    /// Also write an inspect folder (index.html and page images, see
    /// `jixiao inspect`) beside the records of each input that has
    /// warnings: <input-stem>-inspect/.
    #[arg(long)]
    inspect: bool,
    /// Which PDF pages are read by OCR: `auto` (pages without text that are
    /// mostly an image), `always` (every page, ignoring its text layer), or
    /// `never`.
    #[arg(long = "ocr", value_name = "WHEN", value_enum, default_value = "auto")]
    ocr: jixiao::extract::OcrMode,
}

pub fn run(args: ConvertArgs) -> anyhow::Result<i32> {
    let start = Instant::now();
    let to_stdout = args.output == Path::new("-");
    let formats = formats_of(&args, to_stdout)?;
    let stdin_count = args.inputs.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin_count > 1 {
        return Err(UsageError("`-` (standard input) may be given once".into()).into());
    }
    let stop = signals::stop_flag();
    let inputs = batch::collect_inputs(&args.inputs, (!to_stdout).then_some(args.output.as_path()));
    let mut settings = Settings {
        timeout: args
            .timeout_per_file
            .map(Timeout::Fixed)
            .unwrap_or_default(),
        jobs: args.jobs.map_or(0, usize::from),
        ..Settings::default()
    };
    settings.limits.ocr = args.ocr;
    let mut sinks = sinks_of(&args, &formats, to_stdout, &mut settings)?;

    let mut progress = Progress::new(args.progress, args.quiet, inputs.len());
    let mut records = 0usize;
    let mut failed = 0usize;
    let quiet = args.quiet;
    // With inspect folders, each conversion keeps what they draw.
    let keep = args.inspect && !to_stdout;
    let work: batch::Work<Records> = Arc::new(move |input, file, limits, watch| {
        batch::convert_work_keeping(input, file, limits, watch, keep)
    });
    let docs = batch::run(inputs, &settings, &work, &mut sinks, &stop, &mut |d| {
        if let Some(e) = &d.inspect_error
            && !quiet
        {
            progress.println(&format!("jixiao: {}: inspect: {e}", d.path));
        }
        records += d.records;
        if !quiet && matches!(d.status, Status::Failed | Status::Skipped) {
            if d.status == Status::Failed {
                failed += 1;
            }
            let why = d.error.as_deref().unwrap_or("");
            let what = if d.status == Status::Skipped {
                "skipped: "
            } else {
                ""
            };
            progress.println(&format!("jixiao: {}: {what}{why}", d.path));
        }
        progress.inc(|| format!("{records} records, {failed} failed"));
    });
    progress.finish();
    let interrupted = stop.load(Ordering::Relaxed);
    sinks
        .finish(&docs)
        .with_context(|| format!("cannot write to {}", args.output.display()))?;
    let totals = output::totals(&docs);
    if !quiet {
        let mut line = format!(
            "jixiao: {}, {:.2} s",
            totals.line(),
            start.elapsed().as_secs_f64()
        );
        if interrupted {
            line.push_str(" (interrupted)");
        }
        eprintln!("{line}");
    }
    Ok(exit_code(&totals, interrupted))
}

/// The output formats asked for: `-o -` writes JSON lines only; the
/// default is records.jsonl and one JSON file per input.
fn formats_of(args: &ConvertArgs, to_stdout: bool) -> anyhow::Result<Vec<Format>> {
    Ok(match (&args.format, to_stdout) {
        (Some(f), true) if f.iter().any(|f| *f != Format::Jsonl) => {
            return Err(
                UsageError("-o - writes JSON lines only: --format must be jsonl".into()).into(),
            );
        }
        (Some(f), _) => f.clone(),
        (None, true) => vec![Format::Jsonl],
        (None, false) => vec![Format::Jsonl, Format::Json],
    })
}

/// The sinks, in the order each document visits them: the corpus first
/// (it completes unchanged documents, so it sets `settings` to hash the
/// inputs and skip the known ones), then stdout or the files, report.json
/// around the files.
fn sinks_of(
    args: &ConvertArgs,
    formats: &[Format],
    to_stdout: bool,
    settings: &mut Settings,
) -> anyhow::Result<Vec<Box<dyn Sink<Records>>>> {
    let mut sinks: Vec<Box<dyn Sink<Records>>> = Vec::new();
    if let Some(db) = &args.db {
        let corpus = output::db::Corpus::open(db, &args.inputs)
            .with_context(|| format!("cannot open the corpus {}", db.display()))?;
        settings.hash = true;
        settings.known = corpus.known().context("cannot read the corpus")?;
        sinks.push(Box::new(corpus));
    }
    if to_stdout {
        sinks.push(Box::new(output::stdout::StdoutLines::default()));
        return Ok(sinks);
    }
    let dir = &args.output;
    let cannot = || format!("cannot write to {}", dir.display());
    std::fs::create_dir_all(dir).with_context(cannot)?;
    output::clean_temp_files(dir);
    if formats.contains(&Format::Json) {
        sinks.push(Box::new(output::json_files::JsonFiles::new(dir)));
    }
    if formats.contains(&Format::Jsonl) {
        sinks.push(Box::new(
            output::jsonl::Jsonl::create(dir).with_context(cannot)?,
        ));
    }
    let (csv, xlsx, parquet) = (
        formats.contains(&Format::Csv),
        formats.contains(&Format::Xlsx),
        formats.contains(&Format::Parquet),
    );
    if csv || xlsx || parquet {
        sinks.push(Box::new(
            output::tabular::Tabular::create(dir, csv, xlsx)
                .with_context(cannot)?
                .with_parquet(parquet),
        ));
    }
    // Inspect folders after the per-input files, whose names they take.
    if args.inspect {
        sinks.push(Box::new(jixiao::inspect::sink::InspectSink::new(dir)));
    }
    // report.json holds the others: it writes after they finish, with
    // the files they wrote.
    let files = std::mem::take(&mut sinks);
    sinks.push(Box::new(output::report::ReportSink::around(dir, files)));
    Ok(sinks)
}
