//! `jixiao._jixiao`: the native half of the Python package. It runs the
//! library's own batch step ([`jixiao::batch::process_bytes`]: sniffing,
//! the watchdog with its time limit, the one-line reasons) on a rayon pool
//! with the GIL released, and hands back records as the JSON lines
//! records.jsonl holds, tables as `jixiao tables` prints them, and Arrow
//! tables ([`jixiao::output::columnar`]) through the Arrow C stream
//! interface (a PyCapsule pyarrow imports without copying).
//! The Python half (`python/jixiao/__init__.py`) parses the JSON, raises
//! `JixiaoError` and wraps the capsule in a `pyarrow.Table`.

use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{RecordBatch, RecordBatchIterator};
use jixiao::batch::{self, Input, Settings, Source, Timeout, Work};
use jixiao::output::columnar::{self, Collect};
use jixiao::output::tables::{TableOut, Tables};
use jixiao::output::{Doc, DocSummary, Records, Status};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyCapsule, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use rayon::prelude::*;
use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct};
use std::ffi::CString;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

mod plain;

/// mimalloc, as the CLI: the flattening in to_arrow allocates a string per
/// cell (measured: malloc and free were a third of its time).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// One item of a batch: a path (file or folder, walked as the CLI walks
/// it) or bytes with the name they go by (`document.file`).
enum Item {
    Path(PathBuf),
    Bytes(String, Vec<u8>),
}

fn items(py_items: &Bound<'_, PyList>) -> PyResult<Vec<Item>> {
    let mut out = Vec::with_capacity(py_items.len());
    for it in py_items.iter() {
        if let Ok(t) = it.cast::<PyTuple>() {
            let name: String = t.get_item(0)?.extract()?;
            let data = t.get_item(1)?;
            let bytes: Vec<u8> = match data.cast::<PyBytes>() {
                Ok(b) => b.as_bytes().to_vec(),
                Err(_) => data.extract()?,
            };
            out.push(Item::Bytes(name, bytes));
        } else {
            let p: PathBuf = it.extract()?;
            out.push(Item::Path(p));
        }
    }
    Ok(out)
}

/// The batch's inputs: folders expanded as `jixiao convert` expands them.
fn inputs(items: Vec<Item>) -> Vec<(Input, Option<Vec<u8>>)> {
    let mut out = Vec::new();
    for it in items {
        match it {
            Item::Path(p) => {
                for input in batch::collect_inputs(std::slice::from_ref(&p), None) {
                    out.push((input, None));
                }
            }
            Item::Bytes(name, bytes) => out.push((
                Input {
                    path: name.clone(),
                    source: Source::File(PathBuf::from(&name)),
                    name,
                },
                Some(bytes),
            )),
        }
    }
    out
}

fn settings(ocr: &str, timeout: Option<f64>) -> PyResult<Settings> {
    let mut s = Settings::default();
    s.limits.ocr = match ocr {
        "auto" => jixiao::extract::OcrMode::Auto,
        "always" => jixiao::extract::OcrMode::Always,
        "never" => jixiao::extract::OcrMode::Never,
        other => {
            return Err(PyValueError::new_err(format!(
                "ocr must be \"auto\", \"always\" or \"never\", not {other:?}"
            )));
        }
    };
    if let Some(t) = timeout {
        if !(t.is_finite() && t > 0.0 && t < 1e9) {
            return Err(PyValueError::new_err(format!(
                "timeout must be a positive number of seconds, not {t}"
            )));
        }
        s.timeout = Timeout::Fixed(std::time::Duration::from_secs_f64(t));
    }
    Ok(s)
}

/// How often a batch that runs with the GIL released looks for a pending
/// signal (Ctrl-C) on the calling thread.
const SIGNAL_POLL: Duration = Duration::from_millis(50);

/// The report entry of a document not started because the batch was
/// interrupted (as the CLI lists it).
fn interrupted<T>(index: usize, input: Input) -> Doc<T> {
    Doc {
        index,
        summary: DocSummary::new(
            &input.path,
            Status::Interrupted,
            Some(jixiao::error::ConvertError::Interrupted.to_string()),
        ),
        input,
        body: None,
        content: None,
    }
}

/// Runs `work` over the inputs on `jobs` threads (0: all cores), in input
/// order, each document through the library's batch step. Raising `stop`
/// abandons the running documents and starts no more (the CLI's Ctrl-C).
fn run<T: Send + 'static>(
    inputs: Vec<(Input, Option<Vec<u8>>)>,
    settings: &Settings,
    work: &Work<T>,
    jobs: usize,
    stop: &AtomicBool,
) -> PyResult<Vec<Doc<T>>> {
    let one = |(i, (input, bytes)): (usize, (Input, Option<Vec<u8>>))| -> Doc<T> {
        if stop.load(Ordering::Relaxed) {
            return interrupted(i, input);
        }
        let bytes = match bytes {
            Some(b) => Ok(b),
            None => batch::read_input(&input),
        };
        match bytes {
            Ok(b) => batch::process_bytes(i, &input, b, settings, work, stop),
            Err(why) => Doc {
                index: i,
                summary: DocSummary::new(&input.path, Status::Failed, Some(why)),
                input,
                body: None,
                content: None,
            },
        }
    };
    if inputs.len() <= 1 {
        return Ok(inputs.into_iter().enumerate().map(one).collect());
    }
    let threads = if jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        jobs
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.min(inputs.len()))
        .thread_name(|i| format!("jixiao-py-{i}"))
        .build()
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(pool.install(|| inputs.into_par_iter().enumerate().map(one).collect()))
}

/// [`run`] with the GIL released, on a thread of its own, while the calling
/// thread looks for signals every [`SIGNAL_POLL`]: a Ctrl-C (any signal
/// whose Python handler raises) stops the batch as the CLI's does, waits for
/// the running documents to be abandoned, and raises the handler's
/// exception (KeyboardInterrupt) with no results.
fn run_interruptible<T: Send + 'static>(
    py: Python<'_>,
    items: Vec<Item>,
    settings: &Settings,
    work: &Work<T>,
    jobs: usize,
) -> PyResult<Vec<Doc<T>>> {
    let stop = AtomicBool::new(false);
    let stop = &stop;
    py.detach(|| {
        std::thread::scope(|s| {
            let (done, finished) = mpsc::channel::<()>();
            let batch = std::thread::Builder::new()
                .name("jixiao-py-batch".into())
                .spawn_scoped(s, move || {
                    let docs = run(inputs(items), settings, work, jobs, stop);
                    drop(done);
                    docs
                })
                .map_err(|e| PyRuntimeError::new_err(format!("cannot start the batch: {e}")))?;
            let mut signal = None;
            while let Err(mpsc::RecvTimeoutError::Timeout) = finished.recv_timeout(SIGNAL_POLL) {
                if signal.is_none()
                    && let Err(e) = Python::attach(|py| py.check_signals())
                {
                    stop.store(true, Ordering::Relaxed);
                    signal = Some(e);
                }
            }
            let docs = batch
                .join()
                .map_err(|_| PyRuntimeError::new_err("the batch ended without its results"))?;
            match signal {
                Some(e) => Err(e),
                None => docs,
            }
        })
    })
}

/// (path, status, error) of one document; the error is the one-line reason
/// the CLI prints after the path.
type Outcome = (String, String, Option<String>);

fn outcome(s: &DocSummary) -> Outcome {
    (
        s.path.clone(),
        s.status.as_str().to_string(),
        s.error.clone(),
    )
}

fn convert_work() -> Work<Records> {
    Arc::new(batch::convert_work)
}

/// One input of `convert_many`: its name, status, error and its records
/// as JSON.
type ConvertedItem = (String, String, Option<String>, Vec<String>);

/// convert_many(items, jobs, ocr, timeout) -> [(path, status, error, [record JSON])]
#[pyfunction]
#[pyo3(signature = (items, jobs=0, ocr="auto", timeout=None))]
fn convert_many(
    py: Python<'_>,
    items: &Bound<'_, PyList>,
    jobs: usize,
    ocr: &str,
    timeout: Option<f64>,
) -> PyResult<Vec<ConvertedItem>> {
    let items = self::items(items)?;
    let settings = settings(ocr, timeout)?;
    let docs = run_interruptible(py, items, &settings, &convert_work(), jobs)?;
    Ok(docs
        .into_iter()
        .map(|d| {
            let (p, s, e) = outcome(&d.summary);
            (p, s, e, d.body.map(|b| b.json).unwrap_or_default())
        })
        .collect())
}

/// The Arrow C stream capsule of one batch.
fn capsule<'py>(py: Python<'py>, batch: RecordBatch) -> PyResult<Bound<'py, PyCapsule>> {
    let schema = batch.schema();
    let reader = RecordBatchIterator::new(vec![Ok(batch)], schema);
    let stream = FFI_ArrowArrayStream::new(Box::new(reader));
    let name = CString::new("arrow_array_stream").expect("no NUL");
    PyCapsule::new(py, stream, Some(name))
}

/// The number of table `table` ([`columnar::JOINED`] for "indicators").
fn table_number(table: &str) -> PyResult<usize> {
    Ok(match table {
        "indicators" => columnar::JOINED,
        "indicators_only" => columnar::INDICATORS,
        "projects" => columnar::PROJECTS,
        "warnings" => columnar::WARNINGS,
        other => {
            return Err(PyValueError::new_err(format!(
                "table must be \"indicators\", \"indicators_only\", \"projects\" or \"warnings\", not {other:?}"
            )));
        }
    })
}

/// Table `table` (a [`table_number`]) of the records in `c`.
fn table_of(c: &mut Collect, table: usize) -> RecordBatch {
    if table == columnar::JOINED {
        c.joined()
    } else {
        c.table(table)
    }
}

/// convert_arrow_many(items, table, jobs, ocr, timeout) -> (capsule, [(path, status, error)])
#[pyfunction]
#[pyo3(signature = (items, table="indicators", jobs=0, ocr="auto", timeout=None))]
fn convert_arrow_many<'py>(
    py: Python<'py>,
    items: &Bound<'py, PyList>,
    table: &str,
    jobs: usize,
    ocr: &str,
    timeout: Option<f64>,
) -> PyResult<(Bound<'py, PyCapsule>, Vec<Outcome>)> {
    let table = table_number(table)?;
    let items = self::items(items)?;
    let settings = settings(ocr, timeout)?;
    let docs = run_interruptible(py, items, &settings, &convert_work(), jobs)?;
    let (batch, outcomes) = py.detach(|| -> PyResult<_> {
        let mut c = Collect::for_table(table);
        let mut outcomes = Vec::with_capacity(docs.len());
        for d in docs {
            outcomes.push(outcome(&d.summary));
            if let Some(b) = d.body {
                for r in &b.records {
                    c.add(r);
                }
            }
        }
        Ok((table_of(&mut c, table), outcomes))
    })?;
    Ok((capsule(py, batch)?, outcomes))
}

/// Most distinct dict keys interned (leaked once each) per thread; past
/// it, dicts go through the slower map path.
const MAX_INTERNED: usize = 4096;

thread_local! {
    static KEYS: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, &'static str>> =
        Default::default();
}

fn interner_has_room(keys: usize) -> bool {
    KEYS.with(|m| m.borrow().len() + keys <= MAX_INTERNED)
}

/// The one `&'static str` of `k` (call after [`interner_has_room`]).
fn intern(k: &str) -> &'static str {
    KEYS.with(|m| {
        let mut m = m.borrow_mut();
        if let Some(s) = m.get(k) {
            return *s;
        }
        let s: &'static str = Box::leak(k.into());
        m.insert(k.into(), s);
        s
    })
}

/// Distinct dict key objects of a record from `json.loads` (which makes one
/// object per distinct key name in each call: a target record has about
/// 60 names, its own, its funds' and its indicators').
const KEY_OBJECTS_PER_RECORD: usize = 64;
/// The most key-cache entries made room for up front.
const MAX_KEY_CACHE_ROOM: usize = 1 << 20;

/// The interned name of each exact-`str` dict key object met in one
/// `to_arrow` call, by the object's address: the keys of records from
/// `json.loads` are one object per distinct key in each record, so most
/// keys are found without reading or hashing their text. The cache holds a
/// reference to each key, so an address cannot be reused while it lives.
type KeyCache<'py> =
    std::cell::RefCell<rustc_hash::FxHashMap<usize, (Bound<'py, PyString>, &'static str)>>;

/// Value `v` as the JSON text the flattening keeps an array as (each item
/// a JSON value); `None` when it cannot be read.
fn json_text(v: &Bound<'_, PyAny>) -> Option<String> {
    let keys = KeyCache::new(Default::default());
    let value = serde_json::to_value(Py2Serde { o: v, keys: &keys }).ok()?;
    Some(value.to_string())
}

/// A Python value (dicts, lists, str, int, float, bool, None) as serde
/// sees it, so that the flattening of the CSV files reads it directly.
struct Py2Serde<'a, 'py> {
    o: &'a Bound<'py, PyAny>,
    keys: &'a KeyCache<'py>,
}

impl<'a, 'py> Py2Serde<'a, 'py> {
    fn of<'b>(&self, o: &'b Bound<'py, PyAny>) -> Py2Serde<'b, 'py>
    where
        'a: 'b,
    {
        Py2Serde { o, keys: self.keys }
    }

    /// The interned name of dict key `k` (call after [`interner_has_room`]).
    fn key<E: serde::ser::Error>(&self, k: &Bound<'py, PyAny>) -> Result<&'static str, E> {
        if k.is_exact_instance_of::<PyString>() {
            let at = k.as_ptr() as usize;
            if let Some((_, s)) = self.keys.borrow().get(&at) {
                return Ok(s);
            }
            // SAFETY: checked just above.
            let t = unsafe { k.cast_unchecked::<PyString>() };
            let s = intern(t.to_str().map_err(E::custom)?);
            self.keys.borrow_mut().insert(at, (t.clone(), s));
            return Ok(s);
        }
        Ok(match k.cast::<PyString>() {
            Ok(k) => intern(k.to_str().map_err(E::custom)?),
            Err(_) => intern(&k.str().map_err(E::custom)?.to_string()),
        })
    }

    fn dict<S: serde::Serializer>(&self, d: &Bound<'py, PyDict>, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error;
        // As a struct with interned keys while the interner has room:
        // the flattening then numbers each column by its parent and the
        // key's address, without hashing the whole path (measured: that
        // hashing was a seventh of to_arrow's time).
        if interner_has_room(d.len()) {
            let mut m = s.serialize_struct("", d.len())?;
            for (k, v) in d.iter() {
                m.serialize_field(self.key(&k)?, &self.of(&v))?;
            }
            return m.end();
        }
        let mut m = s.serialize_map(Some(d.len()))?;
        for (k, v) in d.iter() {
            match k.cast::<PyString>() {
                Ok(k) => m.serialize_entry(k.to_str().map_err(S::Error::custom)?, &self.of(&v))?,
                Err(_) => m.serialize_entry(
                    &k.str().map_err(S::Error::custom)?.to_string(),
                    &self.of(&v),
                )?,
            }
        }
        m.end()
    }

    fn list<S: serde::Serializer>(&self, l: &Bound<'py, PyList>, s: S) -> Result<S::Ok, S::Error> {
        let mut q = s.serialize_seq(Some(l.len()))?;
        for v in l.iter() {
            q.serialize_element(&self.of(&v))?;
        }
        q.end()
    }

    fn int<S: serde::Serializer>(i: &Bound<'py, PyInt>, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error;
        match i.extract::<i64>() {
            Ok(i) => s.serialize_i64(i),
            Err(_) => s.serialize_f64(i.extract::<f64>().map_err(S::Error::custom)?),
        }
    }
}

impl serde::Serialize for Py2Serde<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error;
        let o = self.o;
        if o.is_none() {
            return s.serialize_none();
        }
        // The exact types of what json.loads makes first, each a pointer
        // compare (the subclass checks below call into the interpreter
        // under the limited API). SAFETY of each cast: checked just before.
        if o.is_exact_instance_of::<PyString>() {
            let t = unsafe { o.cast_unchecked::<PyString>() };
            return s.serialize_str(t.to_str().map_err(S::Error::custom)?);
        }
        if o.is_exact_instance_of::<PyDict>() {
            return self.dict(unsafe { o.cast_unchecked::<PyDict>() }, s);
        }
        if o.is_exact_instance_of::<PyFloat>() {
            return s.serialize_f64(unsafe { o.cast_unchecked::<PyFloat>() }.value());
        }
        if o.is_exact_instance_of::<PyInt>() {
            return Self::int(unsafe { o.cast_unchecked::<PyInt>() }, s);
        }
        if o.is_exact_instance_of::<PyBool>() {
            return s.serialize_bool(unsafe { o.cast_unchecked::<PyBool>() }.is_true());
        }
        if o.is_exact_instance_of::<PyList>() {
            return self.list(unsafe { o.cast_unchecked::<PyList>() }, s);
        }
        // Subclasses (and tuples), as their base types.
        if let Ok(t) = o.cast::<PyString>() {
            return s.serialize_str(t.to_str().map_err(S::Error::custom)?);
        }
        if let Ok(d) = o.cast::<PyDict>() {
            return self.dict(d, s);
        }
        if let Ok(b) = o.cast::<PyBool>() {
            return s.serialize_bool(b.is_true());
        }
        if let Ok(i) = o.cast::<PyInt>() {
            return Self::int(i, s);
        }
        if let Ok(f) = o.cast::<PyFloat>() {
            return s.serialize_f64(f.value());
        }
        if let Ok(l) = o.cast::<PyList>() {
            return self.list(l, s);
        }
        if let Ok(l) = o.cast::<PyTuple>() {
            let mut q = s.serialize_seq(Some(l.len()))?;
            for v in l.iter() {
                q.serialize_element(&self.of(&v))?;
            }
            return q.end();
        }
        s.serialize_str(&o.str().map_err(S::Error::custom)?.to_string())
    }
}

/// to_arrow(records, table, plain=True) -> capsule
///
/// `plain=False` reads every record by the serde walk, not only those that
/// are not plain JSON data ([`plain`]): for the tests that hold the two
/// walks against each other.
#[pyfunction]
#[pyo3(signature = (records, table="indicators", plain=true))]
fn to_arrow<'py>(
    py: Python<'py>,
    records: &Bound<'py, PyAny>,
    table: &str,
    plain: bool,
) -> PyResult<Bound<'py, PyCapsule>> {
    let table = table_number(table)?;
    let mut c = Collect::for_table(table);
    // The serde walk's cache: with the plain walk it sees only the records
    // the plain walk leaves to it, and starts empty; alone, room for the key
    // objects of every record at once (each json.loads call makes its own),
    // so it does not grow step by step.
    let room = if plain {
        0
    } else {
        records
            .len()
            .unwrap_or(0)
            .saturating_mul(KEY_OBJECTS_PER_RECORD)
            .min(MAX_KEY_CACHE_ROOM)
    };
    let keys = KeyCache::new(rustc_hash::FxHashMap::with_capacity_and_hasher(
        room,
        Default::default(),
    ));
    let mut walker = plain::Walker::new();
    let wanted = c.wanted();
    for r in records.try_iter()? {
        let r = r?;
        match plain
            .then(|| walker.record(&r, c.names(), wanted))
            .flatten()
        {
            Some(rows) => c.add_rows(rows),
            None => c.add(&Py2Serde { o: &r, keys: &keys }),
        }
    }
    drop((keys, walker));
    let batch = py.detach(|| table_of(&mut c, table));
    capsule(py, batch)
}

/// The leaf paths of schema node `node` under `path`, in the schema's
/// order (serde_json keeps it: `preserve_order`), a child key equal to one
/// already listed taking its place last (as the flattening's dedup).
fn schema_leaves(
    root: &serde_json::Value,
    node: &serde_json::Value,
    path: &str,
    skip: &[&str],
    out: &mut Vec<String>,
) {
    let node = columnar::nullable_object(root, node);
    match node
        .get("properties")
        .and_then(serde_json::Value::as_object)
    {
        Some(props) => {
            for (k, v) in props {
                if path.is_empty() && skip.contains(&k.as_str()) {
                    continue;
                }
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}_{k}")
                };
                schema_leaves(root, v, &p, &[], out);
            }
        }
        None => {
            out.retain(|c| c != path);
            out.push(path.to_string());
        }
    }
}

/// Every column the record's JSON Schema can give table `table`, typed.
fn schema_fields(table: &str) -> PyResult<Vec<(String, columnar::Kind)>> {
    use jixiao::output::flatten::{INDICATORS, JOIN_KEYS, WARNINGS};
    let root: serde_json::Value = serde_json::from_str(columnar::SCHEMA)
        .map_err(|e| PyRuntimeError::new_err(format!("record.schema.json: {e}")))?;
    let items = |key: &str| -> Vec<String> {
        let mut out: Vec<String> = JOIN_KEYS.iter().map(|k| k.to_string()).collect();
        schema_leaves(&root, &root["properties"][key]["items"], "", &[], &mut out);
        out
    };
    let typed = |t: usize, names: Vec<String>| -> Vec<(String, columnar::Kind)> {
        names
            .into_iter()
            .map(|n| {
                let k = columnar::kind_of(t, &n);
                (n, k)
            })
            .collect()
    };
    let mut projects = Vec::new();
    schema_leaves(&root, &root, "", &[INDICATORS, WARNINGS], &mut projects);
    Ok(match table {
        "indicators_only" => typed(columnar::INDICATORS, items(INDICATORS)),
        "projects" => typed(columnar::PROJECTS, projects),
        "warnings" => typed(columnar::WARNINGS, items(WARNINGS)),
        "indicators" => {
            // As Collect::joined: the indicator columns, then the project
            // columns but the join keys, `_project` on a name taken.
            let mut fields = typed(columnar::INDICATORS, items(INDICATORS));
            let taken: std::collections::HashSet<String> =
                fields.iter().map(|(n, _)| n.clone()).collect();
            for n in projects {
                if JOIN_KEYS.contains(&n.as_str()) {
                    continue;
                }
                let k = columnar::kind_of(columnar::PROJECTS, &n);
                let shown = if taken.contains(&n) {
                    format!("{n}_project")
                } else {
                    n
                };
                fields.push((shown, k));
            }
            fields
        }
        other => {
            return Err(PyValueError::new_err(format!(
                "table must be \"indicators\", \"indicators_only\", \"projects\" or \"warnings\", not {other:?}"
            )));
        }
    })
}

/// schema(table) -> capsule of a table with no rows and every column
#[pyfunction]
#[pyo3(signature = (table="indicators"))]
fn schema<'py>(py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyCapsule>> {
    let batch = columnar::BatchBuilder::new(schema_fields(table)?).finish();
    capsule(py, batch)
}

/// One input of `tables_many`: its name, status, error and the JSON array
/// of its tables.
type TablesItem = (String, String, Option<String>, String);

/// tables_many(items, jobs, timeout) -> [(path, status, error, JSON array of tables)]
#[pyfunction]
#[pyo3(signature = (items, jobs=0, timeout=None))]
fn tables_many(
    py: Python<'_>,
    items: &Bound<'_, PyList>,
    jobs: usize,
    timeout: Option<f64>,
) -> PyResult<Vec<TablesItem>> {
    let items = self::items(items)?;
    let settings = settings("auto", timeout)?;
    // The work of `jixiao tables` (src/cmd/tables.rs), all pages.
    let work: Work<Tables> = Arc::new(|bytes, file, limits, watch| {
        let found = jixiao::find_tables(&bytes, &limits, &watch)?;
        let summary = jixiao::output::tables::summary(&file, &found);
        Ok((found, summary))
    });
    let docs = run_interruptible(py, items, &settings, &work, jobs)?;
    let mut out = Vec::with_capacity(docs.len());
    for d in docs {
        let (p, s, e) = outcome(&d.summary);
        let json = match &d.body {
            Some(found) => {
                #[derive(serde::Serialize)]
                struct WithGrid<'a> {
                    #[serde(flatten)]
                    table: TableOut<'a>,
                    grid: Vec<Vec<&'a str>>,
                }
                let t: Vec<WithGrid> = found
                    .iter()
                    .enumerate()
                    .map(|(i, t)| WithGrid {
                        table: TableOut::new(i, t),
                        grid: jixiao::output::tables::filled(&t.grid),
                    })
                    .collect();
                serde_json::to_string(&t).map_err(|e| PyValueError::new_err(e.to_string()))?
            }
            None => "[]".to_string(),
        };
        out.push((p, s, e, json));
    }
    Ok(out)
}

#[pymodule]
fn _jixiao(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // As the CLI (src/main.rs): a panic inside one document is caught and
    // becomes that document's one-line failure; it prints nothing.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some("jixiao-doc") {
            default_hook(info);
        }
    }));
    m.add_function(wrap_pyfunction!(convert_many, m)?)?;
    m.add_function(wrap_pyfunction!(convert_arrow_many, m)?)?;
    m.add_function(wrap_pyfunction!(to_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(tables_many, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
