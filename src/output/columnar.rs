//! Arrow tables (for `--format parquet` and the Python package) from the
//! same flat rows as CSV and XLSX ([`super::flatten`]): the same columns in
//! the same order, typed by the record's JSON Schema
//! (`schema/record.schema.json`): `number` → float64, `integer` → int64,
//! `boolean` → bool, a string with the ISO-date pattern (`document.published`)
//! → date32, anything else (strings, enums, lists written as JSON text) →
//! utf8. `value.date` stays utf8: it keeps the precision published
//! ("2025-12-31", "2025-12" or "2025"), which a date32 cannot hold.
//! A column the schema does not know is utf8 (its CSV text).

use super::flatten::{Cell, Columns, JOIN_KEYS, Names, Row, Rows, Wanted};
use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch, UInt32Array};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// The three tables: projects, indicators, warnings (as [`super::tabular::TABLES`]).
pub const PROJECTS: usize = 0;
pub const INDICATORS: usize = 1;
pub const WARNINGS: usize = 2;
/// The indicator rows joined with their records' project rows ([`Collect::joined`]).
pub const JOINED: usize = 3;

/// The Arrow type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Float,
    Bool,
    Date,
    Text,
}

impl Kind {
    pub fn data_type(self) -> DataType {
        match self {
            Kind::Int => DataType::Int64,
            Kind::Float => DataType::Float64,
            Kind::Bool => DataType::Boolean,
            Kind::Date => DataType::Date32,
            Kind::Text => DataType::Utf8,
        }
    }
}

/// The record's JSON Schema (`schema/record.schema.json`).
pub const SCHEMA: &str = include_str!("../../schema/record.schema.json");
const ISO_DATE: &str = "^\\d{4}-\\d{2}-\\d{2}$";

/// Column name → kind, per table, read from the record's JSON Schema once.
fn schema_kinds() -> &'static [HashMap<String, Kind>; 3] {
    static KINDS: OnceLock<[HashMap<String, Kind>; 3]> = OnceLock::new();
    KINDS.get_or_init(|| {
        let root: Value = serde_json::from_str(SCHEMA).expect("record.schema.json is JSON");
        let mut t: [HashMap<String, Kind>; 3] = Default::default();
        walk(&root, &root, "", &mut t[PROJECTS]);
        t[PROJECTS].remove(super::flatten::INDICATORS);
        t[PROJECTS].remove(super::flatten::WARNINGS);
        let props = &root["properties"];
        walk(&root, &props["indicators"]["items"], "", &mut t[INDICATORS]);
        walk(&root, &props["warnings"]["items"], "", &mut t[WARNINGS]);
        for k in JOIN_KEYS {
            for m in &mut t[1..] {
                m.insert(k.to_string(), Kind::Text);
            }
        }
        t
    })
}

/// The `$ref` target of a schema node, else the node.
pub fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let mut n = root;
            for part in r.trim_start_matches("#/").split('/') {
                n = &n[part];
            }
            n
        }
        None => node,
    }
}

/// The object a nullable object (`oneOf` / `anyOf` of an object and
/// `null`, as `actual` and `evaluation.execution`) stands for, else the node.
pub fn nullable_object<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    let node = resolve(root, node);
    let branches = node.get("oneOf").or_else(|| node.get("anyOf"));
    if let Some(b) = branches.and_then(Value::as_array) {
        let objects: Vec<&Value> = b
            .iter()
            .map(|n| resolve(root, n))
            .filter(|n| n.get("properties").is_some())
            .collect();
        if let [one] = objects[..] {
            return one;
        }
    }
    node
}

fn walk(root: &Value, node: &Value, path: &str, out: &mut HashMap<String, Kind>) {
    let node = nullable_object(root, node);
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        for (k, v) in props {
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}_{k}")
            };
            walk(root, v, &p, out);
        }
        return;
    }
    let types: Vec<&str> = match node.get("type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let kind = if types.contains(&"number") {
        Kind::Float
    } else if types.contains(&"integer") {
        Kind::Int
    } else if types.contains(&"boolean") {
        Kind::Bool
    } else if types.contains(&"string")
        && node.get("pattern").and_then(Value::as_str) == Some(ISO_DATE)
    {
        Kind::Date
    } else {
        Kind::Text
    };
    out.insert(path.to_string(), kind);
}

/// The kind of column `name` of table `table`.
pub fn kind_of(table: usize, name: &str) -> Kind {
    schema_kinds()[table]
        .get(name)
        .copied()
        .unwrap_or(Kind::Text)
}

/// Days since 1970-01-01 of an ISO date `YYYY-MM-DD`.
pub fn date32(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s[..4].parse().ok()?;
    let m: i64 = s[5..7].parse().ok()?;
    let d: i64 = s[8..].parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i32::try_from(era * 146_097 + doe - 719_468).ok()
}

enum Col {
    Int(Int64Builder),
    Float(Float64Builder),
    Bool(BooleanBuilder),
    Date(Date32Builder),
    Text(StringBuilder),
}

/// Rows of room a builder starts with when the count is not known (as
/// arrow's own builders' `new`).
const BUILDER_ROWS: usize = 1024;
/// Bytes of text room made per row of a text column, when the number of
/// rows is known up front ([`BatchBuilder::with_rows`]).
const TEXT_BYTES_PER_ROW: usize = 16;

impl Col {
    /// A builder of kind `k` with room for `rows` values.
    fn new(k: Kind, rows: usize) -> Col {
        match k {
            Kind::Int => Col::Int(Int64Builder::with_capacity(rows)),
            Kind::Float => Col::Float(Float64Builder::with_capacity(rows)),
            Kind::Bool => Col::Bool(BooleanBuilder::with_capacity(rows)),
            Kind::Date => Col::Date(Date32Builder::with_capacity(rows)),
            Kind::Text => Col::Text(StringBuilder::with_capacity(
                rows,
                rows.saturating_mul(TEXT_BYTES_PER_ROW),
            )),
        }
    }

    fn push(&mut self, c: &Cell) {
        match (self, c) {
            (Col::Int(b), Cell::Int(i)) => b.append_value(*i),
            (Col::Int(b), Cell::Float(f)) if f.fract() == 0.0 && f.abs() < 9e15 => {
                b.append_value(*f as i64)
            }
            (Col::Int(b), _) => b.append_null(),
            (Col::Float(b), Cell::Float(f)) => b.append_value(*f),
            (Col::Float(b), Cell::Int(i)) => b.append_value(*i as f64),
            (Col::Float(b), _) => b.append_null(),
            (Col::Bool(b), Cell::Bool(v)) => b.append_value(*v),
            (Col::Bool(b), _) => b.append_null(),
            (Col::Date(b), Cell::Text(s)) => b.append_option(date32(s)),
            (Col::Date(b), _) => b.append_null(),
            (Col::Text(b), Cell::Null) => b.append_null(),
            (Col::Text(b), Cell::Text(s)) => b.append_value(s),
            (Col::Text(b), other) => b.append_value(other.csv_text()),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Col::Int(b) => Arc::new(b.finish()),
            Col::Float(b) => Arc::new(b.finish()),
            Col::Bool(b) => Arc::new(b.finish()),
            Col::Date(b) => Arc::new(b.finish()),
            Col::Text(b) => Arc::new(b.finish()),
        }
    }
}

/// Column builders for one table: rows in, [`RecordBatch`]es out.
pub struct BatchBuilder {
    schema: SchemaRef,
    cols: Vec<Col>,
    rows: usize,
}

impl BatchBuilder {
    /// For columns `fields` (name, kind), in order.
    pub fn new(fields: Vec<(String, Kind)>) -> BatchBuilder {
        BatchBuilder::with_rows(fields, BUILDER_ROWS)
    }

    /// [`BatchBuilder::new`] with room for `rows` rows (more may be pushed).
    pub fn with_rows(fields: Vec<(String, Kind)>, rows: usize) -> BatchBuilder {
        let schema = Arc::new(Schema::new(
            fields
                .iter()
                .map(|(n, k)| Field::new(n, k.data_type(), true))
                .collect::<Vec<_>>(),
        ));
        BatchBuilder {
            schema,
            cols: fields.iter().map(|(_, k)| Col::new(*k, rows)).collect(),
            rows: 0,
        }
    }

    /// For table `table` with columns `cols`.
    pub fn for_table(names: &Names, cols: &Columns, table: usize) -> BatchBuilder {
        BatchBuilder::for_table_rows(names, cols, table, BUILDER_ROWS)
    }

    /// [`BatchBuilder::for_table`] with room for `rows` rows.
    pub fn for_table_rows(
        names: &Names,
        cols: &Columns,
        table: usize,
        rows: usize,
    ) -> BatchBuilder {
        BatchBuilder::with_rows(
            cols.ids
                .iter()
                .map(|&id| {
                    let n = names.name(id);
                    (n.to_string(), kind_of(table, n))
                })
                .collect(),
            rows,
        )
    }

    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// One row, its cells in column order (as [`Columns::arrange`] gives them).
    pub fn push<'a>(&mut self, cells: impl IntoIterator<Item = &'a Cell>) {
        for (col, c) in self.cols.iter_mut().zip(cells) {
            col.push(c);
        }
        self.rows += 1;
    }

    /// The rows pushed since the last call, as a batch.
    pub fn finish(&mut self) -> RecordBatch {
        let arrays: Vec<ArrayRef> = self.cols.iter_mut().map(Col::finish).collect();
        self.rows = 0;
        RecordBatch::try_new(self.schema.clone(), arrays)
            .expect("every column got one value per row")
    }
}

/// The columns of the three tables, with the join columns for a table with
/// no rows (as the CSV files have them).
pub fn complete_columns(names: &mut Names, cols: &mut [Columns; 3]) {
    for c in &mut cols[1..] {
        if c.is_empty() {
            *c = Columns::from_ids(JOIN_KEYS.iter().map(|k| names.id(k)).collect());
        }
    }
    if cols[0].is_empty() {
        cols[0] = Columns::from_ids(vec![names.id("record_id")]);
    }
}

/// Records collected in memory and turned into Arrow tables: what the
/// Python package's `to_arrow` / `convert_arrow` build.
#[derive(Default)]
pub struct Collect {
    /// The one table asked for ([`Collect::for_table`]; none: any).
    only: Option<usize>,
    names: Names,
    cols: [Columns; 3],
    rows: [Vec<Row>; 3],
    /// For each indicator row, the project row of its record.
    project_of: Vec<usize>,
}

impl Collect {
    /// A collection for the one table `table` ([`PROJECTS`], [`INDICATORS`],
    /// [`WARNINGS`], or [`JOINED`]): the values no other table needs are not
    /// read ([`Wanted`]), and only that table may be asked for.
    pub fn for_table(table: usize) -> Collect {
        Collect {
            only: Some(table),
            ..Collect::default()
        }
    }

    /// The parts of a record the table asked for needs.
    pub fn wanted(&self) -> Wanted {
        let Some(t) = self.only else {
            return Wanted::ALL;
        };
        Wanted {
            project: t == PROJECTS || t == JOINED,
            indicators: t == INDICATORS || t == JOINED,
            warnings: t == WARNINGS,
        }
    }

    /// Adds one record (a [`crate::Record`] or its JSON).
    pub fn add<T: serde::Serialize + ?Sized>(&mut self, record: &T) {
        let wanted = self.wanted();
        let rows = super::flatten::record_rows(record, &mut self.names, wanted);
        self.add_rows(rows);
    }

    /// Adds the rows of one record made elsewhere (as [`add`](Self::add)
    /// makes them, with [`Collect::names`] numbering the columns).
    pub fn add_rows(&mut self, rows: Rows) {
        let p = self.rows[PROJECTS].len();
        self.cols[PROJECTS].observe(&rows.project);
        self.rows[PROJECTS].push(rows.project);
        for r in rows.indicators {
            self.cols[INDICATORS].observe(&r);
            self.rows[INDICATORS].push(r);
            self.project_of.push(p);
        }
        for r in rows.warnings {
            self.cols[WARNINGS].observe(&r);
            self.rows[WARNINGS].push(r);
        }
    }

    /// The column names the rows are numbered by.
    pub fn names(&mut self) -> &mut Names {
        &mut self.names
    }

    pub fn records(&self) -> usize {
        self.rows[PROJECTS].len()
    }

    /// Table `table` (projects, indicators or warnings) with the CSV
    /// file's columns.
    pub fn table(&mut self, table: usize) -> RecordBatch {
        debug_assert!(self.only.is_none_or(|t| t == table));
        complete_columns(&mut self.names, &mut self.cols);
        self.build(table)
    }

    /// Table `table` from its rows (after [`complete_columns`]).
    fn build(&self, table: usize) -> RecordBatch {
        let cols = &self.cols[table];
        let rows = &self.rows[table];
        let mut b = BatchBuilder::for_table_rows(&self.names, cols, table, rows.len());
        let mut cells = Vec::new();
        for r in rows {
            cols.arrange_into(r, &mut cells);
            b.push(cells.iter().copied());
        }
        b.finish()
    }

    /// One row per indicator: the indicators.csv columns, then the
    /// projects.csv columns of its record (all but the join keys; a name
    /// both tables have gets `_project` on the project's column, as in
    /// `indicators.merge(projects, on="record_id", suffixes=("", "_project"))`).
    ///
    /// The two tables are built on their own, then each project column is
    /// repeated for the project's indicators by the `take` kernel (one
    /// row index per indicator), not cell by cell.
    pub fn joined(&mut self) -> RecordBatch {
        debug_assert!(self.only.is_none_or(|t| t == JOINED));
        complete_columns(&mut self.names, &mut self.cols);
        let indicators = self.build(INDICATORS);
        let projects = self.build(PROJECTS);
        let mut fields: Vec<Field> = indicators
            .schema()
            .fields()
            .iter()
            .map(|f| f.as_ref().clone())
            .collect();
        let mut arrays: Vec<ArrayRef> = indicators.columns().to_vec();
        let taken: std::collections::HashSet<String> =
            fields.iter().map(|f| f.name().clone()).collect();
        let rows = UInt32Array::from_iter_values(self.project_of.iter().map(|&p| p as u32));
        for (f, a) in projects.schema().fields().iter().zip(projects.columns()) {
            let n = f.name().as_str();
            if JOIN_KEYS.contains(&n) {
                continue;
            }
            let shown = if taken.contains(n) {
                format!("{n}_project")
            } else {
                n.to_string()
            };
            fields.push(Field::new(shown, f.data_type().clone(), true));
            arrays.push(
                arrow_select::take::take(a.as_ref(), &rows, None)
                    .expect("every project row index is a row of the projects table"),
            );
        }
        RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
            .expect("every column has one value per indicator")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_count_days_from_1970() {
        assert_eq!(date32("1970-01-01"), Some(0));
        assert_eq!(date32("2000-03-01"), Some(11_017));
        assert_eq!(date32("2025-02-21"), Some(20_140));
        assert_eq!(date32("2025-02"), None);
        assert_eq!(date32("2025-13-01"), None);
    }

    #[test]
    fn the_schema_types_the_columns() {
        assert_eq!(kind_of(PROJECTS, "funds_own_level_total"), Kind::Float);
        assert_eq!(kind_of(PROJECTS, "year"), Kind::Int);
        assert_eq!(kind_of(PROJECTS, "document_published"), Kind::Date);
        assert_eq!(kind_of(PROJECTS, "duties"), Kind::Text);
        assert_eq!(kind_of(INDICATORS, "value_number"), Kind::Float);
        assert_eq!(kind_of(INDICATORS, "value_date"), Kind::Text);
        assert_eq!(kind_of(INDICATORS, "core"), Kind::Bool);
        assert_eq!(kind_of(INDICATORS, "source_page"), Kind::Int);
        assert_eq!(kind_of(INDICATORS, "record_id"), Kind::Text);
        assert_eq!(kind_of(WARNINGS, "code"), Kind::Text);
        // Nullable objects (oneOf object / null) are walked into.
        assert_eq!(kind_of(INDICATORS, "actual_number"), Kind::Float);
        assert_eq!(kind_of(INDICATORS, "actual_kind"), Kind::Text);
        assert_eq!(kind_of(PROJECTS, "evaluation_execution_rate"), Kind::Float);
        assert_eq!(kind_of(PROJECTS, "evaluation_total_score"), Kind::Float);
    }

    #[test]
    fn the_sample_gives_typed_tables() {
        let c = crate::convert_bytes(
            &std::fs::read(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/samples/ningxia-yingji-2025.txt"
            ))
            .unwrap(),
            "s.txt",
        )
        .unwrap();
        let mut t = Collect::default();
        for r in &c.records {
            t.add(r);
        }
        let p = t.table(PROJECTS);
        let i = t.table(INDICATORS);
        let j = t.joined();
        assert_eq!(p.num_rows(), c.records.len());
        let n: usize = c.records.iter().map(|r| r.indicators.len()).sum();
        assert_eq!(i.num_rows(), n);
        assert_eq!(j.num_rows(), n);
        assert_eq!(
            j.num_columns(),
            i.num_columns() + p.num_columns() - JOIN_KEYS.len()
        );
        let s = p.schema();
        assert_eq!(
            s.field_with_name("document_published").unwrap().data_type(),
            &DataType::Date32
        );
        assert_eq!(
            i.schema()
                .field_with_name("value_number")
                .unwrap()
                .data_type(),
            &DataType::Float64
        );
    }
}
