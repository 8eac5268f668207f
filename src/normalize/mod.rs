//! Text cleanup and the value parser, shared by the layout stage: cleaned
//! text, label keys and parsed values.

pub mod text;
pub mod value;
