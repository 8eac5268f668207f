//! One subcommand per file.

pub mod convert;
pub mod inspect;
pub mod tables;
