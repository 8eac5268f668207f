//! Records as flat rows for CSV, XLSX and SQLite, derived from the
//! serialized record itself (not from the Rust type), so that keys added to
//! the record appear as columns by themselves. Column names are JSON paths
//! with `.` written `_` (`funds.own_level.total` → `funds_own_level_total`);
//! scalar leaves become cells; arrays other than `indicators` and
//! `warnings` are written as JSON text; `indicators` and `warnings` become
//! rows of their own tables, each carrying the record's `record_id` and
//! `project_name` to join on.

use serde_json::{Map, Value};
use std::collections::HashMap;

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
    fn of(v: &Value) -> Cell {
        match v {
            Value::Null => Cell::Null,
            Value::Bool(b) => Cell::Bool(*b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => Cell::Int(i),
                None => Cell::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => Cell::Text(s.clone()),
            // Arrays and objects left at a leaf are kept as JSON text.
            other => Cell::Text(other.to_string()),
        }
    }

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
}

/// A flat row: (column, cell) in the record's key order.
pub type Row = Vec<(String, Cell)>;

/// The rows one record gives: its project row, its indicator rows and its
/// warning rows.
#[derive(Debug, Default)]
pub struct Rows {
    pub project: Row,
    pub indicators: Vec<Row>,
    pub warnings: Vec<Row>,
}

/// Flattens one record.
pub fn record(v: &Value) -> Rows {
    let mut rows = Rows::default();
    let Some(obj) = v.as_object() else {
        return rows;
    };
    let join: Row = JOIN_KEYS
        .iter()
        .map(|k| (k.to_string(), Cell::of(obj.get(*k).unwrap_or(&Value::Null))))
        .collect();
    for (k, val) in obj {
        match (k.as_str(), val) {
            (INDICATORS, Value::Array(items)) => {
                rows.indicators = items.iter().map(|i| child(&join, i)).collect()
            }
            (WARNINGS, Value::Array(items)) => {
                rows.warnings = items.iter().map(|i| child(&join, i)).collect()
            }
            _ => leaf_or_object(k, val, &mut rows.project),
        }
    }
    rows
}

fn child(join: &Row, item: &Value) -> Row {
    let mut row = join.clone();
    match item.as_object() {
        Some(o) => object("", o, &mut row),
        None => row.push(("value".into(), Cell::of(item))),
    }
    // A child key equal to a join key (say a warning's own `record_id`)
    // would give two columns of one name; the child's wins.
    let mut seen = std::collections::HashSet::new();
    let mut deduped: Row = Vec::with_capacity(row.len());
    for (k, c) in row.into_iter().rev() {
        if seen.insert(k.clone()) {
            deduped.push((k, c));
        }
    }
    deduped.reverse();
    deduped
}

fn object(prefix: &str, o: &Map<String, Value>, row: &mut Row) {
    for (k, v) in o {
        let name = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}_{k}")
        };
        leaf_or_object(&name, v, row);
    }
}

fn leaf_or_object(name: &str, v: &Value, row: &mut Row) {
    match v {
        Value::Object(o) => object(name, o, row),
        _ => row.push((name.to_string(), Cell::of(v))),
    }
}

/// The columns of a table: the union of the rows' keys, each new key placed
/// right after the key that precedes it in the row where it first appears,
/// so the order is the records' own key order.
#[derive(Debug, Default, Clone)]
pub struct Columns {
    pub names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Columns {
    pub fn from_names(names: Vec<String>) -> Columns {
        let mut c = Columns::default();
        for n in names {
            c.index.insert(n.clone(), c.names.len());
            c.names.push(n);
        }
        c
    }

    /// Adds the row's new keys; true when any was added.
    pub fn observe(&mut self, row: &Row) -> bool {
        if row.len() == self.names.len() && row.iter().zip(&self.names).all(|((k, _), n)| k == n) {
            return false;
        }
        let mut added = false;
        let mut after: Option<usize> = None;
        for (k, _) in row {
            match self.index.get(k) {
                Some(&i) => after = Some(i),
                None => {
                    let at = after.map_or(0, |i| i + 1);
                    self.names.insert(at, k.clone());
                    after = Some(at);
                    added = true;
                    self.reindex();
                }
            }
        }
        added
    }

    fn reindex(&mut self) {
        self.index = self
            .names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .collect();
    }

    pub fn position(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The row's cells in column order (null where the row lacks a column).
    pub fn arrange<'a>(&self, row: &'a Row) -> Vec<&'a Cell> {
        const NULL: &Cell = &Cell::Null;
        let mut out = vec![NULL; self.names.len()];
        for (k, c) in row {
            if let Some(i) = self.position(k) {
                out[i] = c;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flattens_in_key_order_and_splits_children() {
        let v = json!({
            "schema_version": "2", "record_id": "r1", "project_name": "P",
            "funds": {"annual_total": 90, "own_level": {"total": 1.5}},
            "duties": [{"function": "f"}],
            "indicators": [{"name": "n", "value": {"raw": "≤18家", "number": 18}}],
            "warnings": [{"code": "c", "at": "x"}],
            "parts": 1
        });
        let r = record(&v);
        let names: Vec<_> = r.project.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
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
        let ind: Vec<_> = r.indicators[0].iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            ind,
            [
                "record_id",
                "project_name",
                "name",
                "value_raw",
                "value_number"
            ]
        );
        assert_eq!(r.warnings[0][2], ("code".into(), Cell::Text("c".into())));
    }

    #[test]
    fn new_keys_take_their_place_in_the_column_order() {
        let mut c = Columns::default();
        let row =
            |keys: &[&str]| -> Row { keys.iter().map(|k| (k.to_string(), Cell::Null)).collect() };
        assert!(c.observe(&row(&["a", "c"])));
        assert!(!c.observe(&row(&["a", "c"])));
        assert!(c.observe(&row(&["a", "b", "c", "d"])));
        assert_eq!(c.names, ["a", "b", "c", "d"]);
        let r = vec![("d".to_string(), Cell::Int(4))];
        assert_eq!(
            c.arrange(&r),
            [&Cell::Null, &Cell::Null, &Cell::Null, &Cell::Int(4)]
        );
    }
}
