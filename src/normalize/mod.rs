//! Text cleanup and the value parser, shared by the layout stage: cleaned
//! text, label keys, parsed values and the repairs of OCR's confusions.

pub mod ocr;
pub mod text;
pub mod value;
