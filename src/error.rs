//! Why a document failed, as one line.

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
    #[error("no performance-target table found (no 项目名称 row)")]
    NoTargetTable,
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
