//! `-o -`: records as JSON lines on stdout, nothing else there. A reader
//! that stops early (`| head`) ends the output quietly, not the batch.

use super::{Doc, DocSummary, Records, Sink, jsonl::write_lines};
use std::io::{BufWriter, Stdout, Write};

pub struct StdoutLines {
    out: BufWriter<Stdout>,
    closed: bool,
}

impl Default for StdoutLines {
    fn default() -> Self {
        StdoutLines {
            out: BufWriter::with_capacity(1 << 16, std::io::stdout()),
            closed: false,
        }
    }
}

impl StdoutLines {
    fn quiet_pipe(&mut self, r: std::io::Result<()>) -> std::io::Result<()> {
        match r {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            r => r,
        }
    }
}

impl Sink<Records> for StdoutLines {
    fn document(&mut self, doc: &mut Doc<Records>) -> std::io::Result<()> {
        let Some(body) = &doc.body else { return Ok(()) };
        if self.closed {
            return Ok(());
        }
        // Flushed per document, so a reader sees records as they come.
        let r = write_lines(&mut self.out, body).and_then(|_| self.out.flush());
        self.quiet_pipe(r)
    }

    fn finish(&mut self, _docs: &[DocSummary]) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let r = self.out.flush();
        self.quiet_pipe(r)
    }
}
