//! One subcommand per file.

pub mod convert;
pub mod tables;
