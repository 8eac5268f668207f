//! Progress on stderr: a bar with rate and ETA on a terminal; with
//! `--progress always` and no terminal, a plain line at most every
//! [`PLAIN_EVERY`].

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// Least time between two plain progress lines.
pub const PLAIN_EVERY: Duration = Duration::from_secs(10);

/// [`PLAIN_EVERY`], or `JIXIAO_PROGRESS_EVERY_MS` when set (for tests that
/// cannot wait 10 s).
fn plain_every() -> Duration {
    std::env::var("JIXIAO_PROGRESS_EVERY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(PLAIN_EVERY, Duration::from_millis)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum When {
    /// A bar when stderr is a terminal.
    Auto,
    /// A bar on a terminal, else a plain line every 10 s.
    Always,
    Never,
}

pub enum Progress {
    Off,
    Bar(ProgressBar),
    Plain {
        total: usize,
        done: usize,
        start: Instant,
        last: Instant,
        every: Duration,
    },
}

impl Progress {
    pub fn new(when: When, quiet: bool, total: usize) -> Progress {
        let tty = std::io::stderr().is_terminal();
        match when {
            _ if quiet => Progress::Off,
            When::Never => Progress::Off,
            When::Auto | When::Always if tty => {
                let b = ProgressBar::new(total as u64);
                b.set_style(
                    ProgressStyle::with_template(
                        "{bar:30} {pos}/{len} files  {per_sec}  ETA {eta}  {msg}",
                    )
                    .expect("valid template"),
                );
                Progress::Bar(b)
            }
            When::Auto => Progress::Off,
            When::Always => {
                let now = Instant::now();
                Progress::Plain {
                    total,
                    done: 0,
                    start: now,
                    last: now,
                    every: plain_every(),
                }
            }
        }
    }

    /// A line that must be seen (an error), printed above the bar.
    pub fn println(&self, line: &str) {
        match self {
            Progress::Bar(b) => b.println(line),
            _ => eprintln!("{line}"),
        }
    }

    /// One more document done; `msg` is the running count of records etc.
    pub fn inc(&mut self, msg: impl FnOnce() -> String) {
        match self {
            Progress::Off => {}
            Progress::Bar(b) => {
                b.inc(1);
                b.set_message(msg());
            }
            Progress::Plain {
                total,
                done,
                start,
                last,
                every,
            } => {
                *done += 1;
                if last.elapsed() >= *every {
                    *last = Instant::now();
                    let secs = start.elapsed().as_secs_f64();
                    let rate = *done as f64 / secs.max(1e-9);
                    let eta = (*total - *done) as f64 / rate.max(1e-9);
                    eprintln!(
                        "jixiao: {done}/{total} files, {rate:.1} files/s, ETA {eta:.0} s, {}",
                        msg()
                    );
                }
            }
        }
    }

    pub fn finish(&self) {
        if let Progress::Bar(b) = self {
            b.finish_and_clear();
        }
    }
}
