//! Records as flat rows for CSV, XLSX and SQLite, derived from the
//! serialized record itself (not from the Rust type), so that keys added to
//! the record appear as columns by themselves. Column names are JSON paths
//! with `.` written `_` (`funds.own_level.total` → `funds_own_level_total`);
//! scalar leaves become cells; arrays other than `indicators` and
//! `warnings` are written as JSON text; `indicators` and `warnings` become
//! rows of their own tables, each carrying the record's `record_id` and
//! `project_name` to join on.
//!
//! The rows are made by a serde [`Serializer`](serde::Serializer) that
//! flattens as it goes: a record is read once, from the Rust value (or from
//! a `serde_json::Value` for records read back as JSON), with no JSON text
//! parsed, and column names are interned ([`Names`]) so a cell carries a
//! number, not its name.

use rustc_hash::FxHashMap;
use serde::Serialize;
use serde::ser;
use serde_json::Value;

/// Arrays that become tables of their own.
pub const INDICATORS: &str = "indicators";
pub const WARNINGS: &str = "warnings";
/// Keys copied from the record into each indicator and warning row.
pub const JOIN_KEYS: &[&str] = &["record_id", "project_name"];

/// One cell of a flat row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

impl Cell {
    /// The cell as CSV text: empty for null, JSON spelling for numbers.
    pub fn csv_text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Cell::Null => "".into(),
            Cell::Bool(b) => if *b { "true" } else { "false" }.into(),
            Cell::Int(i) => i.to_string().into(),
            Cell::Float(f) => serde_json::Number::from_f64(*f)
                .map(|n| n.to_string())
                .unwrap_or_default()
                .into(),
            Cell::Text(s) => s.as_str().into(),
        }
    }

    /// A float cell (null when not finite, as serde_json writes it).
    pub fn float(f: f64) -> Cell {
        // serde_json writes a non-finite float as null.
        if f.is_finite() {
            Cell::Float(f)
        } else {
            Cell::Null
        }
    }
}

/// Column names, each given a number once.
#[derive(Debug, Default, Clone)]
pub struct Names {
    ids: FxHashMap<String, u32>,
    list: Vec<String>,
    /// The number of a path from its parent's number and a struct field
    /// name (a `&'static str`, known by its address): no hashing of the
    /// whole path per cell.
    fields: FxHashMap<(u32, usize, usize), u32>,
}

impl Names {
    /// The number of `name` (given one if new).
    pub fn id(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.ids.get(name) {
            return i;
        }
        let i = self.list.len() as u32;
        self.ids.insert(name.to_string(), i);
        self.list.push(name.to_string());
        i
    }

    /// The number of path `path`, made of the path numbered `parent` and
    /// the struct field `key`.
    fn field(&mut self, parent: u32, key: &'static str, path: &str) -> u32 {
        let k = (parent, key.as_ptr() as usize, key.len());
        if let Some(&i) = self.fields.get(&k) {
            return i;
        }
        let i = self.id(path);
        self.fields.insert(k, i);
        i
    }

    pub fn name(&self, id: u32) -> &str {
        &self.list[id as usize]
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// A flat row: (column number in [`Names`], cell) in the record's key order.
pub type Row = Vec<(u32, Cell)>;

/// The rows one record gives: its project row, its indicator rows and its
/// warning rows.
#[derive(Debug, Default)]
pub struct Rows {
    pub project: Row,
    pub indicators: Vec<Row>,
    pub warnings: Vec<Row>,
}

/// Which of a record's rows to make: the values of a table not wanted are
/// not walked at all (the Arrow tables of the Python package ask for one
/// table; the flat files want all three).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wanted {
    /// The project row (its join keys are always read: the item rows carry them).
    pub project: bool,
    pub indicators: bool,
    pub warnings: bool,
}

impl Wanted {
    pub const ALL: Wanted = Wanted {
        project: true,
        indicators: true,
        warnings: true,
    };

    /// Whether the record's top-level key `key` is walked.
    pub fn walks(self, key: &str) -> bool {
        match key {
            INDICATORS => self.indicators,
            WARNINGS => self.warnings,
            k if JOIN_KEYS.contains(&k) => true,
            _ => self.project,
        }
    }
}

/// Flattens one record (any serializable value; one that is not an object
/// gives no rows).
pub fn record<T: Serialize + ?Sized>(v: &T, names: &mut Names) -> Rows {
    record_rows(v, names, Wanted::ALL)
}

/// [`record`], making only the rows `wanted` asks for (the others are
/// empty; the project row holds at least the join keys).
pub fn record_rows<T: Serialize + ?Sized>(v: &T, names: &mut Names, wanted: Wanted) -> Rows {
    let mut f = Flat {
        wanted,
        names,
        path: String::new(),
        path_id: NO_PATH,
        rows: Rows {
            project: new_project_row(),
            ..Rows::default()
        },
        target: Target::Project,
        depth: 0,
        item_start: false,
        join: [Cell::Null, Cell::Null],
    };
    if v.serialize(&mut f).is_err() {
        return Rows::default();
    }
    let Flat { mut rows, join, .. } = f;
    join_items(&mut rows, names, join);
    rows
}

/// Fills each item row's first two cells (left for them by whoever made
/// the rows, as [`new_item_row`] does) with the record's join key values
/// `join` (null where the record has none), a child key equal to one of
/// them giving way ([`dedup`]). The last step of [`record_rows`], for rows
/// made another way (the Python package walks its dicts itself).
pub fn join_items(rows: &mut Rows, names: &mut Names, join: [Cell; 2]) {
    let ids = [names.id(JOIN_KEYS[0]), names.id(JOIN_KEYS[1])];
    for row in rows.indicators.iter_mut().chain(rows.warnings.iter_mut()) {
        row[0] = (ids[0], join[0].clone());
        row[1] = (ids[1], join[1].clone());
        dedup(row);
    }
}

/// A new item row of `items` (an indicator or warning of one record): as
/// long as the item before it (its siblings have the same keys, mostly, so
/// it grows in place), starting with the two cells [`join_items`] fills.
pub fn new_item_row(items: &[Row]) -> Row {
    let mut row = Vec::with_capacity(items.last().map_or(ITEM_ROW_CAPACITY, Vec::len));
    row.extend([(0, Cell::Null), (0, Cell::Null)]);
    row
}

/// A new project row, with room for a target record's cells.
pub fn new_project_row() -> Row {
    Vec::with_capacity(PROJECT_ROW_CAPACITY)
}

/// A child key equal to a join key (say a warning's own `record_id`) would
/// give two columns of one name; the last one wins, in its place.
fn dedup(row: &mut Row) {
    let n = row.len();
    // A bit per column number modulo 64 first: only a shared bit can be a
    // name given twice.
    let mut bits = 0u64;
    let maybe = row.iter().any(|(k, _)| {
        let b = 1u64 << (k % 64);
        let seen = bits & b != 0;
        bits |= b;
        seen
    });
    if !maybe || !(0..n).any(|i| (i + 1..n).any(|j| row[i].0 == row[j].0)) {
        return;
    }
    let mut kept: Row = Vec::with_capacity(n);
    for (k, c) in std::mem::take(row).into_iter().rev() {
        if !kept.iter().any(|(id, _)| *id == k) {
            kept.push((k, c));
        }
    }
    kept.reverse();
    *row = kept;
}

/// Cells room made for the first item row of a record (an indicator has
/// about 20 leaves; later rows take their predecessor's length).
const ITEM_ROW_CAPACITY: usize = 24;
/// Cells room made for a project row (a target record has about 50 leaves).
const PROJECT_ROW_CAPACITY: usize = 64;

/// The number of the empty path (the record itself, an item's start).
const NO_PATH: u32 = u32::MAX;

#[derive(Clone, Copy, PartialEq)]
enum Target {
    Project,
    Indicators,
    Warnings,
}

/// The serializer's state: the path of the value being written and the
/// row its leaves go to.
struct Flat<'n> {
    wanted: Wanted,
    names: &'n mut Names,
    /// Column name so far (`funds_own_level`).
    path: String,
    /// The number of `path` ([`NO_PATH`] while it is empty).
    path_id: u32,
    rows: Rows,
    target: Target,
    /// Objects entered: 1 inside the record.
    depth: usize,
    /// An indicator or warning item is about to be written: an object
    /// gives its keys as they are, anything else a `value` column.
    item_start: bool,
    join: [Cell; 2],
}

#[derive(Debug)]
pub struct FlatError(String);

impl std::fmt::Display for FlatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FlatError {}

impl ser::Error for FlatError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        FlatError(msg.to_string())
    }
}

impl Flat<'_> {
    fn row(&mut self) -> &mut Row {
        match self.target {
            Target::Project => &mut self.rows.project,
            Target::Indicators => self.rows.indicators.last_mut().expect("item row"),
            Target::Warnings => self.rows.warnings.last_mut().expect("item row"),
        }
    }

    /// A scalar at the current path.
    fn leaf(&mut self, cell: Cell) -> Result<(), FlatError> {
        if self.depth == 0 {
            return Ok(());
        }
        let id = if std::mem::take(&mut self.item_start) {
            self.names.id("value")
        } else {
            self.path_id()
        };
        self.row().push((id, cell));
        Ok(())
    }

    fn path_id(&mut self) -> u32 {
        if self.path_id == NO_PATH {
            self.path_id = self.names.id(&self.path);
        }
        self.path_id
    }

    /// Sets the path (and forgets its number).
    fn set_path_len(&mut self, len: usize) {
        self.path.truncate(len);
        self.path_id = NO_PATH;
    }

    /// Enters an object; returns what to restore at its end.
    fn enter(&mut self) -> Mode {
        if self.depth > 0 && std::mem::take(&mut self.item_start) {
            self.set_path_len(0);
        }
        self.depth += 1;
        Mode::Object { key: None }
    }

    /// Writes field `key` of the object being written; `name` is the key
    /// when it is a struct field's (static) name.
    fn field<T: Serialize + ?Sized>(
        &mut self,
        key: &str,
        name: Option<&'static str>,
        value: &T,
    ) -> Result<(), FlatError> {
        let top = self.depth == 1 && self.target == Target::Project;
        if top && !self.wanted.walks(key) {
            return Ok(());
        }
        let saved = self.path.len();
        let parent = if saved == 0 { NO_PATH } else { self.path_id() };
        if !self.path.is_empty() {
            self.path.push('_');
        }
        self.path.push_str(key);
        self.path_id = match name {
            Some(n) if saved == 0 || parent != NO_PATH => self.names.field(parent, n, &self.path),
            _ => self.names.id(&self.path),
        };
        let before = self.rows.project.len();
        let r = value.serialize(&mut *self);
        if top && let Some(j) = JOIN_KEYS.iter().position(|k| *k == key) {
            let id = self.names.id(key);
            if self.rows.project.len() == before + 1 && self.rows.project[before].0 == id {
                self.join[j] = self.rows.project[before].1.clone();
            }
        }
        self.path.truncate(saved);
        self.path_id = if saved == 0 { NO_PATH } else { parent };
        r
    }

    fn seq(&mut self) -> Mode {
        if self.depth == 0 {
            return Mode::Ignore;
        }
        if self.depth == 1 && self.target == Target::Project && !self.item_start {
            if self.path == INDICATORS {
                return Mode::Children(Target::Indicators);
            }
            if self.path == WARNINGS {
                return Mode::Children(Target::Warnings);
            }
        }
        let name = if std::mem::take(&mut self.item_start) {
            self.names.id("value")
        } else {
            self.path_id()
        };
        Mode::Json {
            name,
            items: Vec::new(),
        }
    }
}

enum Mode {
    Ignore,
    Object {
        key: Option<String>,
    },
    Children(Target),
    /// An array kept as JSON text in column `name`.
    Json {
        name: u32,
        items: Vec<Value>,
    },
}

struct Compound<'b, 'n> {
    flat: &'b mut Flat<'n>,
    mode: Mode,
}

impl Compound<'_, '_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FlatError> {
        match &mut self.mode {
            Mode::Ignore | Mode::Object { .. } => Ok(()),
            Mode::Json { items, .. } => {
                items.push(serde_json::to_value(value).map_err(ser::Error::custom)?);
                Ok(())
            }
            Mode::Children(t) => {
                let t = *t;
                let f = &mut *self.flat;
                // As long as the item before it (its siblings have the
                // same keys, mostly), so that it grows in place.
                let items = match t {
                    Target::Indicators => &mut f.rows.indicators,
                    _ => &mut f.rows.warnings,
                };
                items.push(new_item_row(items));
                let (path, path_id, depth) = (std::mem::take(&mut f.path), f.path_id, f.depth);
                f.path_id = NO_PATH;
                f.target = t;
                f.item_start = true;
                let r = value.serialize(&mut *f);
                f.item_start = false;
                f.target = Target::Project;
                f.path = path;
                f.path_id = path_id;
                f.depth = depth;
                r
            }
        }
    }

    fn done(self) -> Result<(), FlatError> {
        match self.mode {
            Mode::Ignore | Mode::Children(_) => {}
            Mode::Object { .. } => self.flat.depth -= 1,
            Mode::Json { name, items } => {
                let text = Value::Array(items).to_string();
                self.flat.row().push((name, Cell::Text(text)));
            }
        }
        Ok(())
    }
}

impl<'b, 'n> ser::Serializer for &'b mut Flat<'n> {
    type Ok = ();
    type Error = FlatError;
    type SerializeSeq = Compound<'b, 'n>;
    type SerializeTuple = Compound<'b, 'n>;
    type SerializeTupleStruct = Compound<'b, 'n>;
    type SerializeTupleVariant = Compound<'b, 'n>;
    type SerializeMap = Compound<'b, 'n>;
    type SerializeStruct = Compound<'b, 'n>;
    type SerializeStructVariant = Compound<'b, 'n>;

    fn serialize_bool(self, v: bool) -> Result<(), FlatError> {
        self.leaf(Cell::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<(), FlatError> {
        self.leaf(Cell::Int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<(), FlatError> {
        self.leaf(Cell::Int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<(), FlatError> {
        self.leaf(Cell::Int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<(), FlatError> {
        self.leaf(Cell::Int(v))
    }
    fn serialize_u8(self, v: u8) -> Result<(), FlatError> {
        self.leaf(Cell::Int(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<(), FlatError> {
        self.leaf(Cell::Int(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<(), FlatError> {
        self.leaf(Cell::Int(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<(), FlatError> {
        // As JSON read back: an integer beyond i64 is a float.
        self.leaf(match i64::try_from(v) {
            Ok(i) => Cell::Int(i),
            Err(_) => Cell::Float(v as f64),
        })
    }
    fn serialize_f32(self, v: f32) -> Result<(), FlatError> {
        // The f32's shortest spelling, as serde_json writes it, read as f64.
        let f = if v.is_finite() {
            v.to_string().parse().unwrap_or(f64::NAN)
        } else {
            f64::NAN
        };
        self.leaf(Cell::float(f))
    }
    fn serialize_f64(self, v: f64) -> Result<(), FlatError> {
        self.leaf(Cell::float(v))
    }
    fn serialize_char(self, v: char) -> Result<(), FlatError> {
        self.leaf(Cell::Text(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<(), FlatError> {
        self.leaf(Cell::Text(v.to_string()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), FlatError> {
        let text = serde_json::to_string(v).map_err(ser::Error::custom)?;
        self.leaf(Cell::Text(text))
    }
    fn serialize_none(self) -> Result<(), FlatError> {
        self.leaf(Cell::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), FlatError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), FlatError> {
        self.leaf(Cell::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), FlatError> {
        self.leaf(Cell::Null)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), FlatError> {
        self.leaf(Cell::Text(variant.to_string()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), FlatError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), FlatError> {
        // {"variant": value}
        let mode = self.enter();
        let c = Compound { flat: self, mode };
        c.flat.field(variant, Some(variant), value)?;
        c.done()
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'b, 'n>, FlatError> {
        let mode = self.seq();
        Ok(Compound { flat: self, mode })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'b, 'n>, FlatError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'b, 'n>, FlatError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'b, 'n>, FlatError> {
        // {"variant": [...]}: an object holding one array, kept as JSON.
        self.enter();
        let saved = self.path.len();
        if !self.path.is_empty() {
            self.path.push('_');
        }
        self.path.push_str(variant);
        let name = self.names.id(&self.path);
        self.set_path_len(saved);
        self.depth -= 1;
        Ok(Compound {
            flat: self,
            mode: Mode::Json {
                name,
                items: Vec::new(),
            },
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'b, 'n>, FlatError> {
        let mode = self.enter();
        Ok(Compound { flat: self, mode })
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'b, 'n>, FlatError> {
        let mode = self.enter();
        Ok(Compound { flat: self, mode })
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'b, 'n>, FlatError> {
        // {"variant": {...}}: the fields under `variant_`.
        self.enter();
        if !self.path.is_empty() {
            self.path.push('_');
        }
        self.path.push_str(variant);
        self.path_id = NO_PATH;
        self.depth += 1;
        Ok(Compound {
            flat: self,
            mode: Mode::Object {
                key: Some(variant.to_string()),
            },
        })
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = FlatError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FlatError> {
        self.element(value)
    }
    fn end(self) -> Result<(), FlatError> {
        self.done()
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = FlatError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FlatError> {
        self.element(value)
    }
    fn end(self) -> Result<(), FlatError> {
        self.done()
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = FlatError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FlatError> {
        self.element(value)
    }
    fn end(self) -> Result<(), FlatError> {
        self.done()
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = FlatError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FlatError> {
        self.element(value)
    }
    fn end(self) -> Result<(), FlatError> {
        self.done()
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = FlatError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), FlatError> {
        let k = match serde_json::to_value(key).map_err(ser::Error::custom)? {
            Value::String(s) => s,
            other => other.to_string(),
        };
        if let Mode::Object { key } = &mut self.mode {
            *key = Some(k);
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FlatError> {
        let key = match &mut self.mode {
            Mode::Object { key } => key.take().unwrap_or_default(),
            _ => return Ok(()),
        };
        self.flat.field(&key, None, value)
    }
    fn end(self) -> Result<(), FlatError> {
        self.done()
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = FlatError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), FlatError> {
        self.flat.field(key, Some(key), value)
    }
    fn end(self) -> Result<(), FlatError> {
        self.done()
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = FlatError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), FlatError> {
        self.flat.field(key, Some(key), value)
    }
    fn end(self) -> Result<(), FlatError> {
        // Leaves the variant's object and the object around it.
        if let Mode::Object { key: Some(variant) } = &self.mode {
            let cut = self.flat.path.len() - variant.len();
            let cut = if cut > 0 && self.flat.path.as_bytes()[cut - 1] == b'_' {
                cut - 1
            } else {
                cut
            };
            self.flat.set_path_len(cut);
        }
        self.flat.depth -= 2;
        Ok(())
    }
}

/// The columns of a table: the union of the rows' keys, each new key placed
/// right after the key that precedes it in the row where it first appears,
/// so the order is the records' own key order.
#[derive(Debug, Default, Clone)]
pub struct Columns {
    /// Column numbers ([`Names`]) in order.
    pub ids: Vec<u32>,
    /// Position of each column number (`usize::MAX`: not a column).
    pos: Vec<usize>,
}

impl Columns {
    pub fn from_ids(ids: Vec<u32>) -> Columns {
        let mut c = Columns {
            ids,
            pos: Vec::new(),
        };
        c.reindex();
        c
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Adds the row's new keys; true when any was added.
    pub fn observe(&mut self, row: &Row) -> bool {
        if row.len() == self.ids.len() && row.iter().zip(&self.ids).all(|((k, _), n)| k == n) {
            return false;
        }
        let mut added = false;
        let mut after: Option<usize> = None;
        for (k, _) in row {
            match self.position(*k) {
                Some(i) => after = Some(i),
                None => {
                    let at = after.map_or(0, |i| i + 1);
                    self.ids.insert(at, *k);
                    after = Some(at);
                    added = true;
                    self.reindex();
                }
            }
        }
        added
    }

    fn reindex(&mut self) {
        self.pos.clear();
        for (i, &id) in self.ids.iter().enumerate() {
            let id = id as usize;
            if self.pos.len() <= id {
                self.pos.resize(id + 1, usize::MAX);
            }
            self.pos[id] = i;
        }
    }

    pub fn position(&self, id: u32) -> Option<usize> {
        self.pos
            .get(id as usize)
            .copied()
            .filter(|&p| p != usize::MAX)
    }

    /// The row's cells in column order (null where the row lacks a column).
    pub fn arrange<'a>(&self, row: &'a Row) -> Vec<&'a Cell> {
        const NULL: &Cell = &Cell::Null;
        let mut out = vec![NULL; self.ids.len()];
        self.arrange_into(row, &mut out);
        out
    }

    /// [`Columns::arrange`] into a buffer kept between rows.
    pub fn arrange_into<'a>(&self, row: &'a Row, out: &mut Vec<&'a Cell>) {
        const NULL: &Cell = &Cell::Null;
        out.clear();
        out.resize(self.ids.len(), NULL);
        for (k, c) in row {
            if let Some(i) = self.position(*k) {
                out[i] = c;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names(n: &Names, row: &Row) -> Vec<String> {
        row.iter().map(|(k, _)| n.name(*k).to_string()).collect()
    }

    #[test]
    fn flattens_in_key_order_and_splits_children() {
        let v = json!({
            "schema_version": "2", "record_id": "r1", "project_name": "P",
            "funds": {"annual_total": 90, "own_level": {"total": 1.5}},
            "duties": [{"function": "f"}],
            "indicators": [{"name": "n", "value": {"raw": "≤18家", "number": 18}}],
            "warnings": [{"code": "c", "at": "x", "record_id": "w"}, 7],
            "parts": 1
        });
        let mut n = Names::default();
        let r = record(&v, &mut n);
        assert_eq!(
            names(&n, &r.project),
            [
                "schema_version",
                "record_id",
                "project_name",
                "funds_annual_total",
                "funds_own_level_total",
                "duties",
                "parts"
            ]
        );
        assert_eq!(r.project[5].1, Cell::Text(r#"[{"function":"f"}]"#.into()));
        assert_eq!(r.project[4].1, Cell::Float(1.5));
        assert_eq!(r.project[3].1, Cell::Int(90));
        assert_eq!(
            names(&n, &r.indicators[0]),
            [
                "record_id",
                "project_name",
                "name",
                "value_raw",
                "value_number"
            ]
        );
        assert_eq!(r.indicators[0][0].1, Cell::Text("r1".into()));
        assert_eq!(r.indicators[0][1].1, Cell::Text("P".into()));
        // The warning's own record_id wins, in its place.
        assert_eq!(
            names(&n, &r.warnings[0]),
            ["project_name", "code", "at", "record_id"]
        );
        assert_eq!(r.warnings[0][3].1, Cell::Text("w".into()));
        assert_eq!(
            names(&n, &r.warnings[1]),
            ["record_id", "project_name", "value"]
        );
        assert_eq!(r.warnings[1][2].1, Cell::Int(7));
    }

    /// The rows of a Record are those of its JSON read back.
    #[test]
    fn the_record_and_its_json_flatten_alike() {
        let c = crate::convert_bytes(
            &std::fs::read(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/samples/ningxia-yingji-2025.txt"
            ))
            .unwrap(),
            "s.txt",
        )
        .unwrap();
        let mut n = Names::default();
        for r in &c.records {
            let v: Value = serde_json::from_str(&serde_json::to_string(r).unwrap()).unwrap();
            let a = record(r, &mut n);
            let b = record(&v, &mut n);
            assert_eq!(a.project, b.project);
            assert_eq!(a.indicators, b.indicators);
            assert_eq!(a.warnings, b.warnings);
            assert!(!a.indicators.is_empty());
        }
    }

    #[test]
    fn new_keys_take_their_place_in_the_column_order() {
        let mut n = Names::default();
        let mut c = Columns::default();
        let mut row =
            |keys: &[&str]| -> Row { keys.iter().map(|k| (n.id(k), Cell::Null)).collect() };
        let (ac, abcd) = (row(&["a", "c"]), row(&["a", "b", "c", "d"]));
        assert!(c.observe(&ac));
        assert!(!c.observe(&ac));
        assert!(c.observe(&abcd));
        let d = abcd[3].0;
        assert_eq!(c.ids, [abcd[0].0, abcd[1].0, abcd[2].0, d]);
        let r = vec![(d, Cell::Int(4))];
        assert_eq!(
            c.arrange(&r),
            [&Cell::Null, &Cell::Null, &Cell::Null, &Cell::Int(4)]
        );
    }
}
