//! Runs a job (convert, read tables) over many inputs on worker threads and
//! hands each finished document, in input order, to a [`Sink`]. One
//! document's failure, even a panic or a hang, is that document's failure,
//! never the batch's. Raising `stop` (SIGINT/SIGTERM in the CLI) stops
//! starting documents, abandons running ones, and lists the rest as
//! interrupted; the sinks still finish.

mod inputs;
mod watchdog;

pub use crate::output::names::{Input, STDIN_ARG, Source};
pub use inputs::collect_inputs;
pub use watchdog::{DOC_STACK, Timeout, guarded};

use crate::error::ConvertError;
use crate::extract::Sniffed;
use crate::extract::sniff::{self, Decision};
use crate::output::{Content, Doc, DocSummary, Records, Sink, Status};
use crate::{Limits, Watch};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};
use std::time::Duration;

/// How far ahead of the oldest unfinished document workers may run: the
/// finished documents waiting to be handed over in order are held in
/// memory, so a slow document early in the batch bounds the memory used.
const MAX_AHEAD: usize = 512;

/// How a batch runs.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub limits: Limits,
    pub timeout: Timeout,
    /// Documents converted at once (0 = number of cores).
    pub jobs: usize,
    /// Hash each input (sha256) for the corpus.
    pub hash: bool,
    /// Contents (sha256) already in the corpus: such inputs are not
    /// converted but handed over as `unchanged` for a sink to complete.
    pub known: HashSet<String>,
}

/// The work done on one document's bytes (with the format decided for
/// them), under the watchdog. `file` is the path as given. Returns the body
/// for the sinks and the report entry.
pub type Work<T> = std::sync::Arc<
    dyn Fn(Sniffed, String, Limits, Watch) -> Result<(T, DocSummary), ConvertError> + Send + Sync,
>;

/// Runs `work` over `inputs` and hands every document to `sink` in input
/// order; `each` is called after the sink, for progress and error lines.
/// Returns every report entry in input order. `sink.finish` is left to the
/// caller.
pub fn run<T: Send + 'static>(
    inputs: Vec<Input>,
    settings: &Settings,
    work: &Work<T>,
    sink: &mut dyn Sink<T>,
    stop: &AtomicBool,
    each: &mut dyn FnMut(&DocSummary),
) -> Vec<DocSummary> {
    let n = inputs.len();
    let jobs = if settings.jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        settings.jobs
    };
    let next = AtomicUsize::new(0);
    // The index of the next document to hand over, and a wake-up for
    // workers waiting for it to move.
    let handed = (Mutex::new(0usize), Condvar::new());
    let (tx, rx) = mpsc::channel::<Doc<T>>();
    let mut summaries = Vec::with_capacity(n);
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(n.max(1)) {
            let tx = tx.clone();
            let (next, handed, inputs) = (&next, &handed, &inputs);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= n {
                        break;
                    }
                    wait_for_room(i, handed, stop);
                    let doc = if stop.load(Ordering::Relaxed) {
                        interrupted(i, &inputs[i])
                    } else {
                        process(i, &inputs[i], settings, work, stop)
                    };
                    if tx.send(doc).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Hand documents over in input order as they come in.
        let mut waiting = BTreeMap::new();
        let mut want = 0;
        for doc in rx {
            waiting.insert(doc.index, doc);
            while let Some(mut doc) = waiting.remove(&want) {
                if let Err(e) = sink.document(&mut doc) {
                    doc.summary.status = Status::Failed;
                    doc.summary.error = Some(format!("cannot write output: {e}"));
                }
                each(&doc.summary);
                summaries.push(doc.summary);
                want += 1;
                *handed.0.lock().unwrap_or_else(|e| e.into_inner()) = want;
                handed.1.notify_all();
            }
        }
    });
    summaries
}

fn wait_for_room(i: usize, handed: &(Mutex<usize>, Condvar), stop: &AtomicBool) {
    let mut h = handed.0.lock().unwrap_or_else(|e| e.into_inner());
    while i >= *h + MAX_AHEAD && !stop.load(Ordering::Relaxed) {
        h = handed
            .1
            .wait_timeout(h, Duration::from_millis(100))
            .unwrap_or_else(|e| e.into_inner())
            .0;
    }
}

fn interrupted<T>(index: usize, input: &Input) -> Doc<T> {
    Doc {
        index,
        input: input.clone(),
        summary: DocSummary::new(
            &input.path,
            Status::Interrupted,
            Some(ConvertError::Interrupted.to_string()),
        ),
        body: None,
        content: None,
    }
}

/// Reads one input, decides whether it is a document, and runs the work on
/// it under the watchdog. Never panics.
fn process<T: Send + 'static>(
    index: usize,
    input: &Input,
    settings: &Settings,
    work: &Work<T>,
    stop: &AtomicBool,
) -> Doc<T> {
    match read_input(input) {
        Ok(bytes) => process_bytes(index, input, bytes, settings, work, stop),
        Err(why) => Doc {
            index,
            input: input.clone(),
            summary: DocSummary::new(&input.path, Status::Failed, Some(why)),
            body: None,
            content: None,
        },
    }
}

/// The bytes of one input, or the one-line reason they cannot be read.
pub fn read_input(input: &Input) -> Result<Vec<u8>, String> {
    let bytes = match &input.source {
        Source::File(p) => std::fs::read(p),
        Source::Stdin => {
            let mut b = Vec::new();
            std::io::stdin().lock().read_to_end(&mut b).map(|_| b)
        }
        Source::Unreadable(e) => return Err(e.clone()),
    };
    bytes.map_err(|e| ConvertError::Io(e).to_string())
}

/// [`process`] on bytes already read (the Python package hands bytes in):
/// decides whether they are a document and runs the work on them under the
/// watchdog. Never panics.
pub fn process_bytes<T: Send + 'static>(
    index: usize,
    input: &Input,
    bytes: Vec<u8>,
    settings: &Settings,
    work: &Work<T>,
    stop: &AtomicBool,
) -> Doc<T> {
    let mut doc = Doc {
        index,
        input: input.clone(),
        summary: DocSummary::new(&input.path, Status::Failed, None),
        body: None,
        content: None,
    };
    if settings.hash {
        let content = Content {
            sha256: hex(&Sha256::digest(&bytes)),
            size: bytes.len() as u64,
        };
        if settings.known.contains(&content.sha256) {
            doc.summary.status = Status::Unchanged;
            doc.content = Some(content);
            return doc;
        }
        doc.content = Some(content);
    }
    let format = match sniff::decide(&input.path, &bytes) {
        Decision::Read(format) => format,
        Decision::Skip(why) => {
            doc.summary = DocSummary::new(&input.path, Status::Skipped, Some(why));
            return doc;
        }
        Decision::Fail(why) => {
            doc.summary.error = Some(why);
            return doc;
        }
    };
    let input_bytes = Sniffed { bytes, format };
    let watch = Watch::default();
    let (limits, file, w) = (settings.limits, input.path.clone(), watch.clone());
    let work = work.clone();
    let result = guarded(settings.timeout, &watch, Some(stop), move || {
        work(input_bytes, file, limits, w)
    });
    match result {
        Ok((body, mut summary)) => {
            summary.path = input.path.clone();
            doc.summary = summary;
            doc.body = Some(body);
        }
        Err(e) => doc.summary = failure(&input.path, e),
    }
    doc
}

/// The report entry of a document the work gave up on.
fn failure(path: &str, e: ConvertError) -> DocSummary {
    let named = sniff::named_document(path);
    let status = match &e {
        ConvertError::NoTargetTable(_) => Status::NoTarget,
        ConvertError::Interrupted => Status::Interrupted,
        // Empty or binary with no document name: not a document.
        ConvertError::Empty | ConvertError::Binary if !named => Status::Skipped,
        _ => Status::Failed,
    };
    let why = match status {
        Status::Skipped => format!("not a document: {e}"),
        _ => e.to_string(),
    };
    let mut summary = DocSummary::new(path, status, Some(why));
    // What the layout stage saw instead of a target table stays readable.
    if let ConvertError::NoTargetTable(notes) = &e {
        summary.notes = notes
            .iter()
            .map(|n| serde_json::json!({"code": n.code.as_str(), "message": n.message}))
            .collect();
    }
    summary
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The work of `jixiao convert`: records, each serialized once here on the
/// worker thread, and the report entry with warnings counted by code.
pub fn convert_work(
    input: Sniffed,
    file: String,
    limits: Limits,
    watch: Watch,
) -> Result<(Records, DocSummary), ConvertError> {
    convert_work_keeping(input, file, limits, watch, false)
}

/// [`convert_work`], keeping what the inspect sink draws of a document
/// with warnings when `inspect` is set (`convert --inspect`).
pub fn convert_work_keeping(
    input: Sniffed,
    file: String,
    limits: Limits,
    watch: Watch,
    inspect: bool,
) -> Result<(Records, DocSummary), ConvertError> {
    let (c, kept) =
        crate::convert_read_keeping(&input.bytes, &input.format, &file, &limits, &watch, inspect)?;
    let mut s = DocSummary::new(&file, Status::Ok, None);
    s.kind = serde_json::to_value(c.kind)
        .ok()
        .and_then(|v| v.as_str().map(String::from));
    s.records = c.records.len();
    s.rows_in = c.tally.rows_in;
    s.rows_placed = c.tally.rows_placed;
    s.rows_warned = c.tally.rows_warned;
    let mut json = Vec::with_capacity(c.records.len());
    for r in &c.records {
        json.push(crate::output::json::to_string(r).map_err(|e| ConvertError::Io(e.into()))?);
        count_codes(r.warnings.iter().map(|w| w.code), &mut s);
    }
    count_codes(c.notes.iter().map(|n| n.code), &mut s);
    s.notes = c
        .notes
        .iter()
        .filter_map(|n| serde_json::to_value(n).ok())
        .collect();
    for (id, n) in &c.layouts {
        *s.layouts.entry(id.to_string()).or_default() += n;
    }
    // Only a document with warnings gets an inspect folder.
    let inspect = kept.filter(|_| s.warnings > 0).map(|inspected| {
        Box::new(crate::output::reading::Kept {
            inspected,
            bytes: input.bytes,
        })
    });
    Ok((
        Records {
            json,
            records: c.records,
            inspect,
        },
        s,
    ))
}

/// Adds each code to the summary's warning counts.
fn count_codes(codes: impl Iterator<Item = crate::diag::Code>, s: &mut DocSummary) {
    for code in codes {
        *s.warning_codes
            .entry(code.as_str().to_string())
            .or_default() += 1;
        s.warnings += 1;
    }
}
