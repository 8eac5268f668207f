//! `jixiao tables`: every table the table stage found, as JSON on stdout or
//! as CSV files (one per table, spans filled), so users can take the other
//! tables of a disclosure and see what the tool saw.

use anyhow::Context;
use jixiao::model::Grid;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct TablesArgs {
    /// PDF or text files.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Write CSV files (one per table, merged cells' text repeated over
    /// their span) instead of JSON on stdout.
    #[arg(long)]
    csv: bool,
    /// Folder for the CSV files.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "DIR",
        default_value = "tables"
    )]
    output: PathBuf,
}

#[derive(Serialize)]
struct FileTables<'a> {
    file: &'a str,
    tables: Vec<TableOut<'a>>,
}

#[derive(Serialize)]
struct TableOut<'a> {
    table: usize,
    page: Option<u32>,
    rows: u32,
    cols: u32,
    cells: &'a [jixiao::model::Cell],
}

/// The grid as rows × cols of text, a spanning cell's text in every slot it
/// covers.
pub fn filled(grid: &Grid) -> Vec<Vec<&str>> {
    let mut m = vec![vec![""; grid.cols as usize]; grid.rows as usize];
    for c in &grid.cells {
        for r in c.row..(c.row + c.rowspan.max(1)).min(grid.rows) {
            for k in c.col..(c.col + c.colspan.max(1)).min(grid.cols) {
                m[r as usize][k as usize] = &c.text;
            }
        }
    }
    m
}

fn write_csv(path: &Path, grid: &Grid) -> anyhow::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .flexible(false)
        .from_writer(Vec::new());
    for row in filled(grid) {
        w.write_record(row)?;
    }
    let bytes = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    jixiao::output::write_atomic(path, &bytes)?;
    Ok(())
}

pub fn run(args: TablesArgs) -> anyhow::Result<i32> {
    let mut failed = 0;
    let mut all = Vec::new();
    let mut grids_per_file = Vec::new();
    for f in &args.files {
        let shown = f.to_string_lossy().into_owned();
        let result = std::fs::read(f)
            .map_err(jixiao::ConvertError::Io)
            .and_then(|b| jixiao::read_tables(&b, &jixiao::Limits::default()));
        match result {
            Ok(grids) => grids_per_file.push((shown, grids)),
            Err(e) => {
                eprintln!("jixiao: {shown}: {e}");
                failed += 1;
            }
        }
    }
    if args.csv {
        std::fs::create_dir_all(&args.output)
            .with_context(|| format!("cannot write to {}", args.output.display()))?;
        let names = jixiao::output::output_names(
            &grids_per_file
                .iter()
                .map(|(f, _)| f.clone())
                .collect::<Vec<_>>(),
        );
        for ((_, grids), name) in grids_per_file.iter().zip(names) {
            let stem = name.trim_end_matches(".json");
            for (i, g) in grids.iter().enumerate() {
                let page = g.cells.first().and_then(|c| c.page);
                let file = match page {
                    Some(p) => format!("{stem}-p{p:03}-t{:02}.csv", i + 1),
                    None => format!("{stem}-t{:02}.csv", i + 1),
                };
                write_csv(&args.output.join(file), g)?;
            }
        }
    } else {
        for (file, grids) in &grids_per_file {
            all.push(FileTables {
                file,
                tables: grids
                    .iter()
                    .enumerate()
                    .map(|(i, g)| TableOut {
                        table: i + 1,
                        page: g.cells.first().and_then(|c| c.page),
                        rows: g.rows,
                        cols: g.cols,
                        cells: &g.cells,
                    })
                    .collect(),
            });
        }
        let mut bytes = serde_json::to_vec_pretty(&all)?;
        bytes.push(b'\n');
        use std::io::Write;
        match std::io::stdout().lock().write_all(&bytes) {
            // A reader that stopped early (| head) is not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            r => r?,
        }
    }
    Ok(if failed > 0 { 1 } else { 0 })
}
