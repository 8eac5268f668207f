//! `to_arrow`'s own walk of records that are plain JSON data (what
//! `json.loads` and `jixiao.convert` give: dicts with str keys, lists, str,
//! int, float, bool, None, each of its exact type), straight into the flat
//! rows of [`jixiao::output::flatten`], with the same columns and cells as
//! the serde walk ([`crate::Py2Serde`] through `flatten::record_rows`) that
//! reads everything else.
//!
//! Why a second walk: through serde each key is looked up twice (its
//! object to an interned name, then the name under its parent to a column)
//! and each value goes through the serializer's dispatch; here one lookup
//! by (parent column, key object) gives the column. Measured with
//! callgrind on realdocs' 461 records: see the commit that added it.
//!
//! A record holding anything else (a key that is not an exact str, a value
//! of another type, a str that is not valid UTF-8) is left to the serde
//! walk whole ([`Walker::record`] returns `None`), so the two walks never
//! disagree on what a record gives: `python/tests/test_arrow.py` checks
//! them against each other on every table.

use jixiao::output::flatten::{
    self, Cell, INDICATORS, JOIN_KEYS, Names, Row, Rows, WARNINGS, Wanted,
};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString};
use rustc_hash::FxHashMap;

/// Calls `f` on each (key, value) of dict `d`, both borrowed from the dict:
/// no reference counting per entry (pyo3's iterator takes a reference to
/// each key and value and asks the dict's size at every step).
///
/// Sound because no borrowed entry is used across Python code that could
/// drop it: the walk reads exact str / int / float / bool / None through
/// the C API (no Python code runs), takes its own reference to every dict
/// and list before walking into it (so each container outlives whatever
/// runs inside it), and owns a list before [`crate::json_text`] reads it
/// (the one place Python code may run: `str()` of an object inside an
/// array). `PyDict_Next` stays memory-safe on a dict such code changed (it
/// reads the dict's current table).
fn entries<'py, E>(
    d: &Bound<'py, PyDict>,
    mut f: impl FnMut(&Bound<'py, PyAny>, &Bound<'py, PyAny>) -> Result<(), E>,
) -> Result<(), E> {
    let py = d.py();
    let mut pos: pyo3::ffi::Py_ssize_t = 0;
    let mut k: *mut pyo3::ffi::PyObject = std::ptr::null_mut();
    let mut v: *mut pyo3::ffi::PyObject = std::ptr::null_mut();
    // SAFETY: `d` is a live dict the caller holds a reference to; when
    // PyDict_Next returns non-zero, `k` and `v` are borrowed and non-null.
    while unsafe { pyo3::ffi::PyDict_Next(d.as_ptr(), &mut pos, &mut k, &mut v) } != 0 {
        let (k, v) = unsafe { (Borrowed::from_ptr(py, k), Borrowed::from_ptr(py, v)) };
        f(&k, &v)?;
    }
    Ok(())
}

/// The parent of a record's own keys (and of an item's: both name their
/// columns from an empty path).
const ROOT: u32 = u32::MAX;

/// Most (parent, key object) pairs [`Walker`] remembers: past this many it
/// forgets them all. Records from `json.loads` have key objects of their
/// own (one per distinct key in each), so pairs from records before are of
/// no use and a small table stays in the cache; records built in Python
/// with literal keys share them, and stay found.
const MAX_REMEMBERED_KEYS: usize = 1024;

/// Not plain JSON data: the record goes to the serde walk.
struct NotPlain;

/// Column numbers of the names the walk tests keys against.
#[derive(Clone, Copy)]
struct Known {
    indicators: u32,
    warnings: u32,
    join: [u32; 2],
    value: u32,
}

/// The walk over one `to_arrow` call's records.
#[derive(Default)]
pub struct Walker<'py> {
    /// Column of each (parent column, key object): the key objects of
    /// `json.loads` are one per distinct key in a record, so most keys are
    /// found by address. Each entry holds its key, so an address cannot be
    /// reused while it is here.
    columns: FxHashMap<(u32, usize), (u32, Bound<'py, PyAny>)>,
    /// A column name being made (parent name, `_`, key).
    scratch: String,
    known: Option<Known>,
}

impl<'py> Walker<'py> {
    pub fn new() -> Walker<'py> {
        Walker {
            columns: FxHashMap::with_capacity_and_hasher(MAX_REMEMBERED_KEYS, Default::default()),
            scratch: String::new(),
            known: None,
        }
    }

    /// The rows of record `r`, or `None` when it is not plain JSON data.
    pub fn record(
        &mut self,
        r: &Bound<'py, PyAny>,
        names: &mut Names,
        wanted: Wanted,
    ) -> Option<Rows> {
        if !r.is_exact_instance_of::<PyDict>() {
            return None;
        }
        // SAFETY: checked just above.
        let d = unsafe { r.cast_unchecked::<PyDict>() };
        let known = *self.known.get_or_insert_with(|| Known {
            indicators: names.id(INDICATORS),
            warnings: names.id(WARNINGS),
            join: [names.id(JOIN_KEYS[0]), names.id(JOIN_KEYS[1])],
            value: names.id("value"),
        });
        let mut rows = Rows {
            project: flatten::new_project_row(),
            ..Rows::default()
        };
        let mut join = [Cell::Null, Cell::Null];
        let walked = entries(d, |k, v| {
            let id = self.column(ROOT, k, names)?;
            if id == known.indicators || id == known.warnings {
                let items = id == known.indicators;
                if !(if items {
                    wanted.indicators
                } else {
                    wanted.warnings
                }) {
                    return Ok(());
                }
                if v.is_exact_instance_of::<PyList>() {
                    // Owned while walked (see `entries`).
                    let l = unsafe { v.cast_unchecked::<PyList>() }.to_owned();
                    let target = if items {
                        &mut rows.indicators
                    } else {
                        &mut rows.warnings
                    };
                    return self.items(&l, names, known.value, target);
                }
                return self.value(v, id, names, &mut rows.project);
            }
            if let Some(j) = known.join.iter().position(|&k| k == id) {
                let before = rows.project.len();
                self.value(v, id, names, &mut rows.project)?;
                if rows.project.len() == before + 1 && rows.project[before].0 == id {
                    join[j] = rows.project[before].1.clone();
                }
                return Ok(());
            }
            if !wanted.project {
                return Ok(());
            }
            self.value(v, id, names, &mut rows.project)
        });
        walked.ok()?;
        flatten::join_items(&mut rows, names, join);
        Some(rows)
    }

    /// The column of key `k` (an exact str) under column `parent`.
    fn column(
        &mut self,
        parent: u32,
        k: &Bound<'py, PyAny>,
        names: &mut Names,
    ) -> Result<u32, NotPlain> {
        if !k.is_exact_instance_of::<PyString>() {
            return Err(NotPlain);
        }
        let at = (parent, k.as_ptr() as usize);
        if let Some((id, _)) = self.columns.get(&at) {
            return Ok(*id);
        }
        // SAFETY: checked above.
        let text = unsafe { k.cast_unchecked::<PyString>() }
            .to_str()
            .map_err(|_| NotPlain)?;
        // As the serde walk joins a path: `_` after a non-empty parent.
        self.scratch.clear();
        if parent != ROOT && !names.name(parent).is_empty() {
            self.scratch.push_str(names.name(parent));
            self.scratch.push('_');
        }
        self.scratch.push_str(text);
        let id = names.id(&self.scratch);
        if self.columns.len() >= MAX_REMEMBERED_KEYS {
            self.columns.clear();
        }
        self.columns.insert(at, (id, k.clone()));
        Ok(id)
    }

    /// The items of a record's `indicators` or `warnings`, each a row of
    /// `target`: an object's keys name their own columns, anything else is
    /// a `value` column.
    fn items(
        &mut self,
        l: &Bound<'py, PyList>,
        names: &mut Names,
        value: u32,
        target: &mut Vec<Row>,
    ) -> Result<(), NotPlain> {
        for item in l.iter() {
            let mut row = flatten::new_item_row(target);
            if item.is_exact_instance_of::<PyDict>() {
                let d = unsafe { item.cast_unchecked::<PyDict>() };
                entries(d, |k, v| {
                    let id = self.column(ROOT, k, names)?;
                    self.value(v, id, names, &mut row)
                })?;
            } else {
                self.value(&item, value, names, &mut row)?;
            }
            target.push(row);
        }
        Ok(())
    }

    /// Value `v` at column `id`: a scalar is a cell, an object its keys'
    /// cells under `id`, an array its JSON text.
    fn value(
        &mut self,
        v: &Bound<'py, PyAny>,
        id: u32,
        names: &mut Names,
        row: &mut Row,
    ) -> Result<(), NotPlain> {
        // The exact types only, each a pointer compare; SAFETY of each
        // cast: checked just before.
        let cell = if v.is_none() {
            Cell::Null
        } else if v.is_exact_instance_of::<PyString>() {
            let t = unsafe { v.cast_unchecked::<PyString>() };
            Cell::Text(t.to_str().map_err(|_| NotPlain)?.to_string())
        } else if v.is_exact_instance_of::<PyDict>() {
            // Owned while walked (see `entries`).
            let d = unsafe { v.cast_unchecked::<PyDict>() }.to_owned();
            return entries(&d, |k, c| {
                let child = self.column(id, k, names)?;
                self.value(c, child, names, row)
            });
        } else if v.is_exact_instance_of::<PyFloat>() {
            Cell::float(unsafe { v.cast_unchecked::<PyFloat>() }.value())
        } else if v.is_exact_instance_of::<PyInt>() {
            match v.extract::<i64>() {
                Ok(i) => Cell::Int(i),
                Err(_) => Cell::float(v.extract::<f64>().map_err(|_| NotPlain)?),
            }
        } else if v.is_exact_instance_of::<PyBool>() {
            Cell::Bool(unsafe { v.cast_unchecked::<PyBool>() }.is_true())
        } else if v.is_exact_instance_of::<PyList>() {
            // As the serde walk keeps an array: each item as a JSON value.
            Cell::Text(crate::json_text(&v.to_owned()).ok_or(NotPlain)?)
        } else {
            return Err(NotPlain);
        };
        row.push((id, cell));
        Ok(())
    }
}
