//! Why a document failed, as one line.

use crate::diag::Diagnostic;
use crate::diag::Diagnostics;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum ConvertError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("empty file")]
    Empty,
    #[error("binary file: neither text nor PDF")]
    Binary,
    #[error("named .pdf but not a PDF (no %PDF- header): {0}")]
    NamedPdf(&'static str),
    /// A legacy binary office format (Word 97-2003, WPS, PowerPoint):
    /// the format's name and the format to save it as.
    #[error("{0} is a legacy binary format jixiao does not read: save it as {1} and convert that")]
    Legacy(&'static str, &'static str),
    /// A file of a known format that cannot be read: its format and why
    /// (corrupt, or over one of the readers' bounds).
    #[error("{format}: {reason}")]
    Format {
        format: &'static str,
        reason: String,
    },
    /// No target table; the notes say what was seen instead (a table of no
    /// known layout, a self-evaluation table, labels with no readable table).
    #[error("no performance-target table found{}", no_target_why(.0))]
    NoTargetTable(Diagnostics),
    #[error("{0}")]
    Unreadable(String),
    #[error("timed out after {} s (--timeout-per-file)", .0.as_secs_f64())]
    Timeout(std::time::Duration),
    #[error("{0}")]
    Pdf(#[from] crate::extract::pdf::PdfError),
    #[error("internal error while converting (please report): {0}")]
    Panic(String),
    #[error("interrupted before it finished")]
    Interrupted,
}

/// The message of a caught panic, for a one-line error.
pub fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

/// The reason a document gave no record, for its one-line error: the first
/// note that explains it, else that no 项目名称 row was seen.
fn no_target_why(notes: &[Diagnostic]) -> String {
    use crate::diag::Code;
    const MAX_WHY_CHARS: usize = 160;
    let why = notes.iter().find(|n| {
        matches!(
            n.code,
            Code::UnknownLayout
                | Code::SelfEvaluationTable
                | Code::NotTargetTable
                | Code::UnreadableTable
        )
    });
    match why {
        Some(n) => {
            let mut m: String = n.message.chars().take(MAX_WHY_CHARS).collect();
            if n.message.chars().count() > MAX_WHY_CHARS {
                m.push('…');
            }
            format!(": {} ({m})", n.code.as_str())
        }
        None => " (no 项目名称 row)".to_string(),
    }
}
