//! Stage 3, normalization: grids → project parts with cleaned text and
//! parsed values.

pub mod labels;
pub mod part;
pub mod text;
pub mod value;
