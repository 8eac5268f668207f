//! One subcommand per file, plus what they share: progress, interrupts,
//! usage errors.

pub mod convert;
pub mod progress;
pub mod signals;
pub mod tables;

/// A bad combination of flags found after parsing: exit code 2, like
/// clap's own usage errors.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Exit codes.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FAILED: i32 = 1;
pub const EXIT_USAGE: i32 = 2;
/// 128 + SIGINT, as shells report a process ended by Ctrl-C.
pub const EXIT_INTERRUPTED: i32 = 130;

/// `--timeout-per-file`: a positive number of seconds.
pub fn positive_seconds(s: &str) -> Result<std::time::Duration, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 && x < 1e9 => Ok(std::time::Duration::from_secs_f64(x)),
        _ => Err(format!("{s:?} is not a positive number of seconds")),
    }
}

/// The exit code of a finished batch.
pub fn exit_code(t: &jixiao::output::Totals, interrupted: bool) -> i32 {
    if interrupted {
        EXIT_INTERRUPTED
    } else if t.failed > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    }
}
