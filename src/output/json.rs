//! Compact JSON text of any `Serialize` value, byte for byte what
//! `serde_json::to_string` writes (the tests hold it to that), for the
//! record lines of records.jsonl and the per-input files.
//!
//! Why not serde_json itself: its string writer looks every byte up in an
//! escape table, about seven instructions a byte, and a record is mostly
//! CJK text that never needs escaping: it was a fifth of a text
//! document's conversion. This writer tests eight bytes at a time
//! ([`escape_marks`]) and copies the runs between escapes. Numbers are
//! written by the crates serde_json uses (itoa, zmij), so they print alike.

use serde::ser::{self, Serialize};
use std::fmt;

/// The compact JSON text of `value`.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut out = String::with_capacity(INITIAL_CAPACITY);
    value.serialize(&mut Json { out: &mut out })?;
    Ok(out)
}

/// Bytes reserved up front: a project record's text is a few kilobytes,
/// so most records grow their buffer once or twice, not a dozen times.
const INITIAL_CAPACITY: usize = 4096;

/// A value JSON cannot hold here (a map key that is no string or number,
/// or an error a `Serialize` implementation raised).
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

impl From<Error> for std::io::Error {
    fn from(e: Error) -> Self {
        std::io::Error::other(e.0)
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The bytes of `w` (eight, little-endian) that must be escaped in a JSON
/// string, each marked by its high bit: a control character (below 0x20),
/// `"` or `\\`. (`x - ONES & !x & HIGHS` marks the bytes of `x` that are
/// zero; a borrow can mark a byte above a marked one, never one below the
/// lowest, so the lowest mark is exact.)
#[inline]
fn escape_marks(w: u64) -> u64 {
    let control = w.wrapping_sub(0x20 * ONES) & !w;
    let quote = w ^ (u64::from(b'"') * ONES);
    let backslash = w ^ (u64::from(b'\\') * ONES);
    let quote = quote.wrapping_sub(ONES) & !quote;
    let backslash = backslash.wrapping_sub(ONES) & !backslash;
    (control | quote | backslash) & HIGHS
}

/// Whether a JSON string escapes byte `b`.
#[inline]
fn escaped(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// The first byte from `from` on that must be escaped: eight bytes at a
/// time, the last few one by one.
#[inline]
fn next_escape(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(chunk) = b.get(i..i + 8) {
        let marks = escape_marks(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        if marks != 0 {
            return Some(i + (marks.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b[i..].iter().position(|&c| escaped(c)).map(|p| i + p)
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The escape of byte `b`, as serde_json writes it.
fn push_escape(out: &mut String, b: u8) {
    let named = match b {
        b'"' => "\\\"",
        b'\\' => "\\\\",
        0x08 => "\\b",
        0x09 => "\\t",
        0x0A => "\\n",
        0x0C => "\\f",
        0x0D => "\\r",
        _ => "",
    };
    if named.is_empty() {
        out.push_str("\\u00");
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xF)]));
    } else {
        out.push_str(named);
    }
}

/// `s` as a JSON string, quotes included: the runs between escapes are
/// copied whole.
fn write_str(out: &mut String, s: &str) {
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push('"');
    // `run` is where the text not yet copied starts; an escaped byte is
    // ASCII, so the runs between them are whole characters.
    let mut run = 0;
    while let Some(at) = next_escape(b, run) {
        out.push_str(&s[run..at]);
        push_escape(out, b[at]);
        run = at + 1;
    }
    out.push_str(&s[run..]);
    out.push('"');
}

fn write_f64(out: &mut String, v: f64) {
    // serde_json writes NaN and the infinities as null.
    if v.is_finite() {
        out.push_str(zmij::Buffer::new().format_finite(v));
    } else {
        out.push_str("null");
    }
}

fn write_f32(out: &mut String, v: f32) {
    if v.is_finite() {
        out.push_str(zmij::Buffer::new().format_finite(v));
    } else {
        out.push_str("null");
    }
}

fn write_int<I: itoa::Integer>(out: &mut String, v: I) {
    out.push_str(itoa::Buffer::new().format(v));
}

/// The ten integer methods of a `Serializer`, each `|ser, v| body`.
macro_rules! integers {
    (|$ser:ident, $v:ident| $body:expr) => {
        integers!(@ $ser $v $body; serialize_i8 i8, serialize_i16 i16, serialize_i32 i32,
            serialize_i64 i64, serialize_i128 i128, serialize_u8 u8, serialize_u16 u16,
            serialize_u32 u32, serialize_u64 u64, serialize_u128 u128);
    };
    (@ $ser:ident $v:ident $body:expr; $($name:ident $t:ty),*) => {
        $(fn $name(self, $v: $t) -> Result<(), Error> {
            let $ser = self;
            $body
        })*
    };
}

/// The serializer: appends to `out`.
struct Json<'o> {
    out: &'o mut String,
}

/// An array or object being written; `first` until its first item.
pub struct Compound<'a, 'o> {
    ser: &'a mut Json<'o>,
    first: bool,
    /// Closing bytes: `]`, `}`, or `]}` / `}}` for an enum variant's.
    close: &'static str,
}

impl Compound<'_, '_> {
    fn comma(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.ser.out.push(',');
        }
    }

    /// A struct field's name: a Rust field name (or its serde rename),
    /// which holds nothing JSON escapes, so it is copied as it is.
    fn key(&mut self, key: &'static str) {
        debug_assert!(next_escape(key.as_bytes(), 0).is_none(), "{key}");
        self.comma();
        let out = &mut *self.ser.out;
        out.reserve(key.len() + 3);
        out.push('"');
        out.push_str(key);
        out.push_str("\":");
    }

    fn end(self) {
        self.ser.out.push_str(self.close);
    }
}

impl<'a, 'o> Json<'o> {
    fn open(&'a mut self, open: &str, close: &'static str) -> Compound<'a, 'o> {
        self.out.push_str(open);
        Compound {
            ser: self,
            first: true,
            close,
        }
    }

    /// `{"variant":` before an enum variant's content.
    fn variant_key(&mut self, variant: &str) {
        self.out.push('{');
        write_str(self.out, variant);
        self.out.push(':');
    }
}

impl<'a, 'o> ser::Serializer for &'a mut Json<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, 'o>;
    type SerializeTuple = Compound<'a, 'o>;
    type SerializeTupleStruct = Compound<'a, 'o>;
    type SerializeTupleVariant = Compound<'a, 'o>;
    type SerializeMap = Compound<'a, 'o>;
    type SerializeStruct = Compound<'a, 'o>;
    type SerializeStructVariant = Compound<'a, 'o>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    integers!(|ser, v| {
        write_int(ser.out, v);
        Ok(())
    });
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        write_f32(self.out, v);
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        write_f64(self.out, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        // serde_json writes bytes as an array of numbers.
        let mut seq = self.open("[", "]");
        for b in v {
            seq.comma();
            write_int(seq.ser.out, *b);
        }
        seq.end();
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.variant_key(variant);
        value.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, 'o>, Error> {
        Ok(self.open("[", "]"))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a, 'o>, Error> {
        Ok(self.open("[", "]"))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'o>, Error> {
        Ok(self.open("[", "]"))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'o>, Error> {
        self.variant_key(variant);
        Ok(self.open("[", "]}"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, 'o>, Error> {
        Ok(self.open("{", "}"))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a, 'o>, Error> {
        Ok(self.open("{", "}"))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'o>, Error> {
        self.variant_key(variant);
        Ok(self.open("{", "}}"))
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}

/// Tuples of every kind are arrays, their items written as a sequence's.
macro_rules! tuple_of_items {
    ($($kind:ident::$item:ident),*) => {
        $(impl ser::$kind for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn $item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                ser::SerializeSeq::serialize_element(self, value)
            }
            fn end(self) -> Result<(), Error> {
                Compound::end(self);
                Ok(())
            }
        })*
    };
}

tuple_of_items!(
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        key.serialize(MapKey {
            out: &mut *self.ser.out,
        })?;
        self.ser.out.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.key(key);
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}

/// A map key: JSON keys are strings, so a number is quoted (as serde_json
/// does); any other kind of key is an error.
struct MapKey<'o> {
    out: &'o mut String,
}

impl MapKey<'_> {
    fn quoted(self, text: &str) -> Result<(), Error> {
        self.out.push('"');
        self.out.push_str(text);
        self.out.push('"');
        Ok(())
    }
}

fn key_must_be_a_string() -> Error {
    Error("key must be a string".into())
}

impl ser::Serializer for MapKey<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.quoted(if v { "true" } else { "false" })
    }
    integers!(|ser, v| ser.quoted(itoa::Buffer::new().format(v)));
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        if !v.is_finite() {
            return Err(key_must_be_a_string());
        }
        self.quoted(zmij::Buffer::new().format_finite(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        if !v.is_finite() {
            return Err(key_must_be_a_string());
        }
        self.quoted(zmij::Buffer::new().format_finite(v))
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    fn same_as_serde_json<T: Serialize + ?Sized>(v: &T) {
        assert_eq!(
            to_string(v).unwrap(),
            serde_json::to_string(v).unwrap(),
            "differs from serde_json"
        );
    }

    #[test]
    fn strings_escape_as_serde_json_does() {
        // Every control character, the quote and the backslash, at every
        // offset of an eight-byte word, beside CJK and ASCII text.
        let mut cases: Vec<String> = Vec::new();
        for b in (0u8..0x20).chain([b'"', b'\\', 0x7F]) {
            for pad in 0..10 {
                let c = char::from(b);
                cases.push(format!("{}{c}绩效目标{c}", "a".repeat(pad)));
                cases.push(format!("项目{}{c}", "x".repeat(pad)));
            }
        }
        cases.push(String::new());
        cases.push("≥95%".into());
        cases.push("一二三四五六七八九十".into());
        cases.push("emoji 😀 and \u{2028}\u{2029}".into());
        for s in &cases {
            same_as_serde_json(s);
        }
        assert_eq!(to_string("a\"b\\c\n\u{1}").unwrap(), r#""a\"b\\c\n\u0001""#);
    }

    #[test]
    fn numbers_print_as_serde_json_prints_them() {
        for f in [
            0.0,
            -0.0,
            0.1,
            1.5e-7,
            689.15746,
            1e21,
            1e300,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            same_as_serde_json(&f);
            same_as_serde_json(&(f as f32));
        }
        same_as_serde_json(&[i64::MIN, -1, 0, i64::MAX]);
        same_as_serde_json(&[u64::MAX]);
        same_as_serde_json(&(i128::MIN, u128::MAX, 7u8, -7i8));
    }

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Shape {
        Unit,
        New(u32),
        Tuple(u32, String),
        Struct { a: Option<f64>, b: Vec<bool> },
    }

    #[derive(Serialize)]
    struct Nested {
        name: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        none: Option<u8>,
        shapes: Vec<Shape>,
        #[serde(flatten)]
        extra: BTreeMap<String, i32>,
        by_number: BTreeMap<u32, char>,
        unit: (),
        bytes: &'static [u8],
    }

    #[test]
    fn structures_match_serde_json() {
        let v = Nested {
            name: "应急管理\t信息化",
            skipped: None,
            none: None,
            shapes: vec![
                Shape::Unit,
                Shape::New(3),
                Shape::Tuple(1, "二".into()),
                Shape::Struct {
                    a: Some(2.5),
                    b: vec![true, false],
                },
            ],
            extra: [("x\"y".to_string(), 1), ("z".to_string(), -2)].into(),
            by_number: [(1, '≤'), (20, '"')].into(),
            unit: (),
            bytes: b"\x00\xff",
        };
        same_as_serde_json(&v);
        same_as_serde_json(&serde_json::json!({"a": [1, {"b": null}], "c": "d"}));
        same_as_serde_json(&Vec::<u8>::new());
        same_as_serde_json(&BTreeMap::<String, u8>::new());
    }

    #[test]
    fn a_map_key_that_is_no_string_is_an_error() {
        let m: BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
        assert!(to_string(&m).is_err());
        assert!(serde_json::to_string(&m).is_err());
    }
}
