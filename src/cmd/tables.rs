//! `jixiao tables`: every table the table stage found, with its caption,
//! as JSON on stdout or as CSV files (one per table, spans filled). The
//! same batch as `convert` (folders, watchdog, interrupts) with other sinks.

use super::progress::{Progress, When};
use super::{exit_code, positive_seconds, signals};
use anyhow::Context;
use jixiao::batch::{self, Settings, Timeout};
use jixiao::output::tables::{self as out, Tables};
use jixiao::output::{Sink, Status};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;

#[derive(clap::Args)]
pub struct TablesArgs {
    /// Input files or folders (walked recursively); `-` reads standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Write CSV files (one per table, UTF-8 with BOM, merged cells' text
    /// repeated over their span) instead of JSON on stdout.
    #[arg(long)]
    csv: bool,
    /// Print only counts: one line per input (`tables cells file`, cells
    /// with text) and a total line; no JSON. For timing the table readers
    /// (`bench/formats.sh`) without the cost of printing every cell.
    #[arg(long, conflicts_with = "csv")]
    count: bool,
    /// Folder for the CSV files, named <input>-p002-t01-<caption>.csv.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "DIR",
        default_value = "tables"
    )]
    output: PathBuf,
    /// Only tables on these pages, e.g. 3-5,9 (text input is page 1).
    #[arg(long, value_name = "PAGES", value_parser = out::parse_pages)]
    pages: Option<out::Pages>,
    /// Number of documents read in parallel (default: all cores).
    #[arg(short = 'j', long = "jobs", value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// No progress, no per-file lines, no summary.
    #[arg(short = 'q', long)]
    quiet: bool,
    #[arg(long, value_enum, default_value = "auto", value_name = "WHEN")]
    progress: When,
    /// Time limit for one document, in seconds (as for convert).
    #[arg(long = "timeout-per-file", value_name = "SECONDS", value_parser = positive_seconds)]
    timeout_per_file: Option<std::time::Duration>,
}

/// `--count`: tables and non-empty cells per input, then the totals.
#[derive(Default)]
struct Counts {
    out: String,
    tables: usize,
    cells: usize,
}

impl Sink<Tables> for Counts {
    fn document(&mut self, doc: &mut jixiao::output::Doc<Tables>) -> std::io::Result<()> {
        let Some(found) = &doc.body else {
            return Ok(());
        };
        let cells: usize = found
            .iter()
            .map(|t| t.grid.cells.iter().filter(|c| !c.text.is_empty()).count())
            .sum();
        self.tables += found.len();
        self.cells += cells;
        use std::fmt::Write;
        let _ = writeln!(self.out, "{} {cells} {}", found.len(), doc.input.path);
        Ok(())
    }

    fn finish(&mut self, _docs: &[jixiao::output::DocSummary]) -> std::io::Result<()> {
        use std::fmt::Write;
        let _ = writeln!(self.out, "{} {} total", self.tables, self.cells);
        use std::io::Write as _;
        let mut stdout = std::io::stdout().lock();
        match stdout.write_all(self.out.as_bytes()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            r => r,
        }
    }
}

pub fn run(args: TablesArgs) -> anyhow::Result<i32> {
    let stop = signals::stop_flag();
    let skip = args.csv.then_some(args.output.as_path());
    let inputs = batch::collect_inputs(&args.inputs, skip);
    let settings = Settings {
        timeout: args
            .timeout_per_file
            .map(Timeout::Fixed)
            .unwrap_or_default(),
        jobs: args.jobs.map_or(0, usize::from),
        ..Settings::default()
    };
    let mut sink: Box<dyn Sink<Tables>> = if args.csv {
        std::fs::create_dir_all(&args.output)
            .with_context(|| format!("cannot write to {}", args.output.display()))?;
        Box::new(out::TablesCsv::new(&args.output))
    } else if args.count {
        Box::new(Counts::default())
    } else {
        Box::new(out::TablesJson::default())
    };
    let pages = args.pages.clone();
    let work: batch::Work<Tables> = Arc::new(move |bytes, file, limits, watch| {
        let found = jixiao::find_tables_in(&bytes, &bytes.format, &limits, &watch)?;
        let found = out::on_pages(found, pages.as_ref());
        let summary = out::summary(&file, &found);
        Ok((found, summary))
    });
    let mut progress = Progress::new(args.progress, args.quiet, inputs.len());
    let quiet = args.quiet;
    let mut tables = 0usize;
    let docs = batch::run(inputs, &settings, &work, sink.as_mut(), &stop, &mut |d| {
        tables += d.records;
        if !quiet && matches!(d.status, Status::Failed | Status::Skipped) {
            let what = if d.status == Status::Skipped {
                "skipped: "
            } else {
                ""
            };
            let why = d.error.as_deref().unwrap_or("");
            progress.println(&format!("jixiao: {}: {what}{why}", d.path));
        }
        progress.inc(|| format!("{tables} tables"));
    });
    progress.finish();
    sink.finish(&docs)?;
    let totals = jixiao::output::totals(&docs);
    if !quiet {
        let read = docs.iter().filter(|d| d.status == Status::Ok).count();
        let place = if args.csv {
            format!(
                " ({} CSV files in {})",
                sink.written().len(),
                args.output.display()
            )
        } else {
            String::new()
        };
        eprintln!(
            "jixiao: {tables} tables found in {read} of {} files{place}",
            docs.len()
        );
    }
    Ok(exit_code(&totals, stop.load(Ordering::Relaxed)))
}
