//! `--db PATH`: a SQLite corpus updated in place, run after run.
//!
//! Tables: `documents` (one per distinct content: sha256, size, status,
//! tool version, converted_at, and the report entry as JSON), `paths` (path
//! → sha256: the same bytes under two paths are one document), `records`
//! (the CSV columns of projects.csv plus `record_json`, the record exactly
//! as written to records.jsonl), `indicators` and `warnings` (the CSV
//! columns), each row keyed by `doc_sha256` and `rec_index`; and the view
//! `indicator_projects`, each indicator beside its project's columns, and
//! the view `target_vs_actual` (a self-evaluation's indicators beside the
//! target table's, joined by project_key, year and indicator name).
//!
//! Each document is written in one transaction, so a process killed at any
//! moment leaves whole documents only; a rerun converts what is missing.
//! Columns are added (ALTER TABLE) when records gain keys.

use super::flatten::{self, Cell, Names, Row};
use super::{Doc, DocSummary, Records, Sink, Status};
use crate::output::names::{Input, STDIN_ARG, Source};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, ToSql, params};
use rustc_hash::FxHashMap;
use std::collections::HashSet;
use std::path::Path;

/// The tool version stored with each document: a new version converts
/// every document again.
pub const TOOL_VERSION: &str = concat!(env!("CARGO_PKG_NAME"), " ", env!("CARGO_PKG_VERSION"));
/// Prepared statements kept (one per distinct column list).
const STATEMENT_CACHE: usize = 64;
/// The row tables.
const TABLES: [&str; 3] = ["records", "indicators", "warnings"];
const RECORDS: usize = 0;
const INDICATORS: usize = 1;
const WARNINGS: usize = 2;
/// Per-row key columns, kept apart from the record's own keys.
const DOC: &str = "doc_sha256";
const REC: &str = "rec_index";
const ITEM: &str = "item_index";
const JSON: &str = "record_json";
const VIEW: &str = "indicator_projects";
/// The view joining target and self-evaluation indicators.
pub const TARGET_VS_ACTUAL: &str = "target_vs_actual";
/// Columns the view reads, added when no record has given them yet.
const VIEW_RECORD_COLUMNS: &[&str] = &[
    "record_id",
    "project_key",
    "kind",
    "year",
    "competent_department",
    "unit_name",
    "project_name",
];
const VIEW_INDICATOR_COLUMNS: &[&str] = &[
    "level1",
    "level2",
    "name",
    "weight",
    "value_raw",
    "value_kind",
    "value_op",
    "value_number",
    "value_max",
    "value_unit",
    "value_yuan",
    "actual_raw",
    "actual_kind",
    "actual_op",
    "actual_number",
    "actual_unit",
    "actual_yuan",
    "score",
];

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
BEGIN;
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    status TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    converted_at TEXT NOT NULL,
    summary TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS paths (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS paths_sha256 ON paths(sha256);
CREATE TABLE IF NOT EXISTS records (
    doc_sha256 TEXT NOT NULL,
    rec_index INTEGER NOT NULL,
    record_json TEXT NOT NULL,
    PRIMARY KEY (doc_sha256, rec_index)
);
-- Indicator and warning rows are small: stored in their primary key's
-- B-tree (WITHOUT ROWID), one tree to write per row instead of two.
CREATE TABLE IF NOT EXISTS indicators (
    doc_sha256 TEXT NOT NULL,
    rec_index INTEGER NOT NULL,
    item_index INTEGER NOT NULL,
    PRIMARY KEY (doc_sha256, rec_index, item_index)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS warnings (
    doc_sha256 TEXT NOT NULL,
    rec_index INTEGER NOT NULL,
    item_index INTEGER NOT NULL,
    PRIMARY KEY (doc_sha256, rec_index, item_index)
) WITHOUT ROWID;
COMMIT;
";

impl ToSql for Cell {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Cell::Null => ValueRef::Null,
            Cell::Bool(b) => ValueRef::Integer(*b as i64),
            Cell::Int(i) => ValueRef::Integer(*i),
            Cell::Float(f) => ValueRef::Real(*f),
            Cell::Text(s) => ValueRef::Text(s.as_bytes()),
        }))
    }
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

pub struct Corpus {
    conn: Connection,
    /// Column names, numbered (rows carry the numbers).
    names: Names,
    /// Per row table ([`TABLES`]), whether it has each numbered column.
    has: [Vec<bool>; 3],
    /// Per row table, the columns it has now.
    columns: [HashSet<String>; 3],
    /// INSERT statements by table, then the row's column numbers.
    inserts: FxHashMap<Vec<u32>, String>,
    /// Scratch key for `inserts`.
    key: Vec<u32>,
    /// Folders walked this run (canonical): paths under them not listed
    /// this run are forgotten at the end.
    roots: Vec<String>,
    /// Every path listed this run (canonical), whatever became of it.
    listed: HashSet<String>,
    /// Indicator rows written this run (for the speed figure).
    pub indicator_rows: usize,
}

/// The key of an input in `paths`: its canonical path, `-` for stdin.
fn path_key(input: &Input) -> String {
    match &input.source {
        Source::Stdin => STDIN_ARG.into(),
        Source::File(p) => std::fs::canonicalize(p)
            .unwrap_or_else(|_| p.clone())
            .to_string_lossy()
            .into_owned(),
        Source::Unreadable(_) => input.path.clone(),
    }
}

impl Corpus {
    /// Opens (creating if need be) the corpus. `folders` are the folders
    /// given on the command line.
    pub fn open(path: &Path, folders: &[std::path::PathBuf]) -> rusqlite::Result<Corpus> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch(SCHEMA)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        let mut columns: [HashSet<String>; 3] = Default::default();
        for (t, have) in TABLES.iter().zip(&mut columns) {
            let mut st = conn.prepare(&format!("PRAGMA table_info({t})"))?;
            *have = st
                .query_map([], |r| r.get::<_, String>(1))?
                .collect::<Result<HashSet<_>, _>>()?;
        }
        let roots = folders
            .iter()
            .filter(|f| f.is_dir())
            .filter_map(|f| std::fs::canonicalize(f).ok())
            .map(|f| f.to_string_lossy().into_owned())
            .collect();
        Ok(Corpus {
            conn,
            names: Names::default(),
            has: Default::default(),
            columns,
            inserts: FxHashMap::default(),
            key: Vec::new(),
            roots,
            listed: HashSet::new(),
            indicator_rows: 0,
        })
    }

    /// Contents already converted by this tool version.
    pub fn known(&self) -> rusqlite::Result<HashSet<String>> {
        let mut st = self
            .conn
            .prepare("SELECT sha256 FROM documents WHERE tool_version = ?1")?;
        st.query_map([TOOL_VERSION], |r| r.get(0))?.collect()
    }

    /// Adds the row's missing columns to table `t`.
    fn widen(&mut self, t: usize, row: &Row) -> rusqlite::Result<()> {
        for (k, _) in row {
            let k = *k as usize;
            if self.has[t].get(k).copied().unwrap_or(false) {
                continue;
            }
            let name = self.names.name(k as u32);
            if !self.columns[t].contains(name) {
                self.conn.execute_batch(&format!(
                    "ALTER TABLE {} ADD COLUMN {}",
                    TABLES[t],
                    quote(name)
                ))?;
                self.columns[t].insert(name.to_string());
            }
            if self.has[t].len() <= k {
                self.has[t].resize(k + 1, false);
            }
            self.has[t][k] = true;
        }
        Ok(())
    }

    /// Inserts a row into table `t`: the key columns, then the row's.
    fn insert(&mut self, t: usize, keys: &[(&str, &dyn ToSql)], row: &Row) -> rusqlite::Result<()> {
        self.widen(t, row)?;
        self.key.clear();
        self.key.push(t as u32);
        self.key.extend(row.iter().map(|(k, _)| *k));
        if !self.inserts.contains_key(self.key.as_slice()) {
            let names: Vec<String> = keys
                .iter()
                .map(|(k, _)| quote(k))
                .chain(row.iter().map(|(k, _)| quote(self.names.name(*k))))
                .collect();
            let marks = vec!["?"; names.len()].join(",");
            let sql = format!(
                "INSERT INTO {} ({}) VALUES ({marks})",
                TABLES[t],
                names.join(",")
            );
            self.inserts.insert(self.key.clone(), sql);
        }
        let sql = &self.inserts[self.key.as_slice()];
        let mut st = self.conn.prepare_cached(sql)?;
        for (i, (_, v)) in keys.iter().enumerate() {
            st.raw_bind_parameter(i + 1, *v)?;
        }
        for (j, (_, c)) in row.iter().enumerate() {
            st.raw_bind_parameter(keys.len() + j + 1, c)?;
        }
        st.raw_execute()?;
        Ok(())
    }

    fn delete_document(&self, sha: &str) -> rusqlite::Result<()> {
        for t in TABLES {
            self.conn
                .prepare_cached(&format!("DELETE FROM {t} WHERE {DOC} = ?1"))?
                .execute([sha])?;
        }
        self.conn
            .prepare_cached("DELETE FROM documents WHERE sha256 = ?1")?
            .execute([sha])?;
        Ok(())
    }

    fn point(&self, path: &str, sha: Option<&str>) -> rusqlite::Result<()> {
        match sha {
            Some(sha) => self.conn.prepare_cached(
                "INSERT INTO paths (path, sha256, seen_at) VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ','now'))
                 ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, seen_at = excluded.seen_at",
            )?.execute([path, sha])?,
            None => self
                .conn
                .prepare_cached("DELETE FROM paths WHERE path = ?1")?
                .execute([path])?,
        };
        Ok(())
    }

    /// Stores a converted document with its records.
    fn store(&mut self, doc: &Doc<Records>, path: &str) -> rusqlite::Result<()> {
        let content = doc.content.as_ref().expect("hashed");
        let sha = content.sha256.as_str();
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let r = (|| {
            self.delete_document(sha)?;
            let summary = serde_json::to_string(&doc.summary)
                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
            self.conn
                .prepare_cached(
                    "INSERT INTO documents (sha256, size, status, tool_version, converted_at, summary)
                     VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?5)",
                )?
                .execute(params![
                    sha,
                    content.size as i64,
                    doc.summary.status.as_str(),
                    TOOL_VERSION,
                    summary
                ])?;
            if let Some(body) = &doc.body {
                for (i, json) in body.json.iter().enumerate() {
                    let rows = body
                        .rows(i, &mut self.names)
                        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
                    let i = i as i64;
                    self.insert(
                        RECORDS,
                        &[(DOC, &sha), (REC, &i), (JSON, json)],
                        &rows.project,
                    )?;
                    for (n, row) in rows.indicators.iter().enumerate() {
                        let n = n as i64;
                        self.insert(INDICATORS, &[(DOC, &sha), (REC, &i), (ITEM, &n)], row)?;
                    }
                    self.indicator_rows += rows.indicators.len();
                    for (n, row) in rows.warnings.iter().enumerate() {
                        let n = n as i64;
                        self.insert(WARNINGS, &[(DOC, &sha), (REC, &i), (ITEM, &n)], row)?;
                    }
                }
            }
            self.point(path, Some(sha))
        })();
        match r {
            Ok(()) => self.conn.execute_batch("COMMIT"),
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// Reads an unchanged document's report entry and records back.
    fn read_back(&self, doc: &mut Doc<Records>, path: &str) -> rusqlite::Result<()> {
        let sha = doc.content.as_ref().expect("hashed").sha256.clone();
        let summary: Option<String> = self
            .conn
            .prepare_cached("SELECT summary FROM documents WHERE sha256 = ?1")?
            .query_row([&sha], |r| r.get(0))
            .optional()?;
        let mut converted_as = None;
        if let Some(s) = summary.and_then(|s| serde_json::from_str::<DocSummary>(&s).ok()) {
            converted_as = Some(s.path.clone());
            doc.summary = DocSummary {
                path: doc.input.path.clone(),
                status: Status::Unchanged,
                error: None,
                output: None,
                ..s
            };
        }
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {JSON} FROM records WHERE {DOC} = ?1 ORDER BY {REC}"
        ))?;
        let mut json = st
            .query_map([&sha], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        // The same bytes converted under another path: the records say the
        // path they are read for now, as a fresh conversion would.
        if converted_as.as_deref() != Some(doc.input.path.as_str()) {
            for j in &mut json {
                if let Ok(mut v) = serde_json::from_str::<serde_json::Value>(j)
                    && let Some(d) = v.get_mut("document").and_then(|d| d.as_object_mut())
                {
                    d.insert("file".into(), doc.input.path.clone().into());
                    *j = v.to_string();
                }
            }
        }
        doc.body = Some(Records {
            json,
            records: Vec::new(),
            inspect: None,
        });
        self.point(path, Some(&sha))
    }

    /// The view of each indicator beside its project's columns, rebuilt
    /// when columns were added.
    fn rebuild_view(&self) -> rusqlite::Result<()> {
        let skip: HashSet<&str> = [DOC, REC, JSON]
            .into_iter()
            .chain(flatten::JOIN_KEYS.iter().copied())
            .collect();
        let mut st = self.conn.prepare("PRAGMA table_info(records)")?;
        let mut cols: Vec<String> = st
            .query_map([], |r| r.get::<_, String>(1))?
            .collect::<Result<_, _>>()?;
        let ind = &self.columns[INDICATORS];
        cols.retain(|c| !skip.contains(c.as_str()) && !ind.contains(c));
        let project_cols: Vec<String> = cols.iter().map(|c| format!("r.{}", quote(c))).collect();
        let mut select = String::from("i.*");
        for c in project_cols {
            select.push_str(", ");
            select.push_str(&c);
        }
        self.conn.execute_batch(&format!(
            "DROP VIEW IF EXISTS {VIEW};
             CREATE VIEW {VIEW} AS SELECT {select} FROM indicators i
             JOIN records r ON r.{DOC} = i.{DOC} AND r.{REC} = i.{REC};"
        ))?;
        self.target_vs_actual_view()
    }

    /// Adds the columns `cols` of table `t` that it lacks (a corpus with no
    /// self-evaluation yet still gets the view).
    fn ensure_columns(&mut self, t: usize, cols: &[&str]) -> rusqlite::Result<()> {
        for c in cols {
            if !self.columns[t].contains(*c) {
                self.conn.execute_batch(&format!(
                    "ALTER TABLE {} ADD COLUMN {}",
                    TABLES[t],
                    quote(c)
                ))?;
                self.columns[t].insert(c.to_string());
            }
        }
        Ok(())
    }

    /// The view `target_vs_actual`: each indicator of a self-evaluation
    /// beside the same indicator (same project_key, year and name) of the
    /// target table, with `met` from the parsed values (the rules of
    /// RECORD.md's `met`, applied to the target record's value).
    fn target_vs_actual_view(&self) -> rusqlite::Result<()> {
        self.conn.execute_batch(&format!(
            "DROP VIEW IF EXISTS {TARGET_VS_ACTUAL};
             CREATE VIEW {TARGET_VS_ACTUAL} AS
             SELECT project_key, year, department, project_name, level1, level2, indicator,
               target, actual,
               CASE
                 WHEN actual IS NULL OR actual = '' THEN 'unknown'
                 WHEN actual = target THEN 'yes'
                 WHEN a_kind IS NOT 'number' OR av IS NULL OR tv IS NULL
                      OR (a_op IS NOT NULL AND a_op <> '=') OR NOT comparable THEN 'unknown'
                 WHEN t_kind = 'number' AND t_op = '>=' THEN CASE WHEN av >= tv THEN 'yes' ELSE 'no' END
                 WHEN t_kind = 'number' AND t_op = '>' THEN CASE WHEN av > tv THEN 'yes' ELSE 'no' END
                 WHEN t_kind = 'number' AND t_op = '<=' THEN CASE WHEN av <= tv THEN 'yes' ELSE 'no' END
                 WHEN t_kind = 'number' AND t_op = '<' THEN CASE WHEN av < tv THEN 'yes' ELSE 'no' END
                 WHEN t_kind = 'number' AND t_op = '=' AND substr(target, 1, 1) IN ('=', '＝')
                      THEN CASE WHEN av = tv THEN 'yes' ELSE 'no' END
                 WHEN t_kind = 'number' AND av = tv THEN 'yes'
                 WHEN t_kind = 'range' AND t_max IS NOT NULL AND NOT by_yuan
                      THEN CASE WHEN av BETWEEN tv AND t_max THEN 'yes' ELSE 'no' END
                 ELSE 'unknown'
               END AS met,
               score, weight, target_record, evaluation_record
             FROM (
               SELECT er.project_key AS project_key, er.year AS year,
                 COALESCE(er.competent_department, er.unit_name) AS department,
                 er.project_name AS project_name,
                 ai.level1 AS level1, ai.level2 AS level2, ai.name AS indicator,
                 ti.value_raw AS target, ai.actual_raw AS actual,
                 ti.value_kind AS t_kind, ti.value_op AS t_op, ti.value_max AS t_max,
                 ai.actual_kind AS a_kind, ai.actual_op AS a_op,
                 (ti.value_yuan IS NOT NULL AND ai.actual_yuan IS NOT NULL) AS by_yuan,
                 CASE WHEN ti.value_yuan IS NOT NULL AND ai.actual_yuan IS NOT NULL
                      THEN ti.value_yuan ELSE ti.value_number END AS tv,
                 CASE WHEN ti.value_yuan IS NOT NULL AND ai.actual_yuan IS NOT NULL
                      THEN ai.actual_yuan ELSE ai.actual_number END AS av,
                 (ai.actual_unit IS NULL OR ti.value_unit IS NULL OR ai.actual_unit = ti.value_unit
                   OR (ti.value_yuan IS NOT NULL AND ai.actual_yuan IS NOT NULL)) AS comparable,
                 ai.score AS score, ai.weight AS weight,
                 tr.record_id AS target_record, er.record_id AS evaluation_record
               FROM indicators ai
               JOIN records er ON er.{DOC} = ai.{DOC} AND er.{REC} = ai.{REC}
                 AND er.kind = 'self_evaluation'
               JOIN records tr ON tr.project_key = er.project_key AND tr.year IS er.year
                 AND tr.kind <> 'self_evaluation'
               JOIN indicators ti ON ti.{DOC} = tr.{DOC} AND ti.{REC} = tr.{REC}
                 AND ti.name = ai.name
             );"
        ))
    }
}

impl Sink<Records> for Corpus {
    fn document(&mut self, doc: &mut Doc<Records>) -> std::io::Result<()> {
        let path = path_key(&doc.input);
        self.listed.insert(path.clone());
        let r = match (doc.summary.status, &doc.content) {
            (Status::Unchanged, Some(_)) => self.read_back(doc, &path),
            (Status::Ok | Status::NoTarget | Status::Skipped, Some(_)) => self.store(doc, &path),
            // Failed: the path no longer holds what the corpus has for it.
            (Status::Failed, _) => self.point(&path, None),
            _ => Ok(()),
        };
        r.map_err(|e| std::io::Error::other(format!("corpus: {e}")))
    }

    fn finish(&mut self, _docs: &[DocSummary]) -> std::io::Result<()> {
        let r = (|| -> rusqlite::Result<()> {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            // Paths under a folder walked this run that were not listed:
            // the file is gone.
            let mut gone = Vec::new();
            {
                let mut st = self.conn.prepare("SELECT path FROM paths")?;
                for p in st.query_map([], |r| r.get::<_, String>(0))? {
                    let p = p?;
                    let under = self
                        .roots
                        .iter()
                        .any(|root| Path::new(&p).starts_with(Path::new(root)));
                    if under && !self.listed.contains(&p) {
                        gone.push(p);
                    }
                }
            }
            for p in gone {
                self.point(&p, None)?;
            }
            // Documents no path points to any more, with their rows.
            let orphans: Vec<String> = {
                let mut st = self.conn.prepare(
                    "SELECT sha256 FROM documents WHERE sha256 NOT IN (SELECT sha256 FROM paths)",
                )?;
                st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?
            };
            for sha in orphans {
                self.delete_document(&sha)?;
            }
            self.ensure_columns(RECORDS, VIEW_RECORD_COLUMNS)?;
            self.ensure_columns(INDICATORS, VIEW_INDICATOR_COLUMNS)?;
            self.rebuild_view()?;
            self.conn.execute_batch("COMMIT")
        })();
        if r.is_err() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        r.map_err(|e| std::io::Error::other(format!("corpus: {e}")))
    }
}
