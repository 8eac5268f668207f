//! The watchdog: one document runs on a thread of its own, so that a panic
//! fails that document alone and one that runs past its time limit (or is
//! interrupted) is abandoned with the reason while the batch goes on.

use crate::Watch;
use crate::error::{ConvertError, panic_message};
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How often the watchdog looks at the clock and the interrupt flag.
const POLL: Duration = Duration::from_millis(100);

/// How long one document may take.
#[derive(Debug, Clone, Copy)]
pub enum Timeout {
    /// `floor`, or `per_page` times the document's pages when that is more.
    PerPage {
        floor: Duration,
        per_page: Duration,
    },
    Fixed(Duration),
}

impl Default for Timeout {
    fn default() -> Self {
        Timeout::PerPage {
            floor: Duration::from_secs(30),
            per_page: Duration::from_secs(3),
        }
    }
}

impl Timeout {
    pub(crate) fn limit(self, pages: u32) -> Duration {
        match self {
            Timeout::Fixed(d) => d,
            Timeout::PerPage { floor, per_page } => floor.max(per_page * pages),
        }
    }
}

/// Runs `work` on a thread of its own under the watchdog. `watch.pages` is
/// read while it runs, for a limit that scales with the page count;
/// `watch.cancel` is set when the limit is passed or `stop` is raised, so
/// that work which checks it stops. The thread of abandoned work is left to
/// the process's end.
pub fn guarded<T: Send + 'static>(
    timeout: Timeout,
    watch: &Watch,
    stop: Option<&AtomicBool>,
    work: impl FnOnce() -> Result<T, ConvertError> + Send + 'static,
) -> Result<T, ConvertError> {
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("jixiao-doc".into())
        // Deep recursion in the PDF reader needs more than the default 2 MiB
        // in unoptimised builds.
        .stack_size(DOC_STACK)
        .spawn(move || {
            let r = std::panic::catch_unwind(AssertUnwindSafe(work))
                .unwrap_or_else(|p| Err(ConvertError::Panic(panic_message(&*p))));
            let _ = tx.send(r);
        });
    if let Err(e) = spawned {
        return Err(ConvertError::Io(e));
    }
    let start = Instant::now();
    loop {
        if stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
            watch.cancel.store(true, Ordering::Relaxed);
            return Err(ConvertError::Interrupted);
        }
        let limit = timeout.limit(watch.pages.load(Ordering::Relaxed));
        let left = limit.saturating_sub(start.elapsed());
        if left.is_zero() {
            watch.cancel.store(true, Ordering::Relaxed);
            return Err(ConvertError::Timeout(limit));
        }
        match rx.recv_timeout(left.min(POLL)) {
            Ok(r) => return r,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(ConvertError::Panic("worker ended without a result".into()));
            }
        }
    }
}

/// Stack of a document's thread.
pub const DOC_STACK: usize = 64 << 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_the_documents_failure() {
        let r: Result<(), _> = guarded(Timeout::default(), &Watch::default(), None, || {
            panic!("boom in one document")
        });
        match r {
            Err(ConvertError::Panic(m)) => assert!(m.contains("boom")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_hang_is_cut_at_the_time_limit() {
        let start = Instant::now();
        let watch = Watch::default();
        let r: Result<(), _> = guarded(
            Timeout::Fixed(Duration::from_millis(300)),
            &watch,
            None,
            || {
                std::thread::sleep(Duration::from_secs(30));
                Ok(())
            },
        );
        assert!(matches!(r, Err(ConvertError::Timeout(_))), "{r:?}");
        // The work is told to stop.
        assert!(watch.cancel.load(Ordering::Relaxed));
        assert!(start.elapsed() < Duration::from_secs(5));
        assert!(r.unwrap_err().to_string().contains("timed out"));
    }

    #[test]
    fn an_interrupt_abandons_the_work() {
        let stop = AtomicBool::new(true);
        let watch = Watch::default();
        let r: Result<(), _> = guarded(Timeout::default(), &watch, Some(&stop), || {
            std::thread::sleep(Duration::from_secs(30));
            Ok(())
        });
        assert!(matches!(r, Err(ConvertError::Interrupted)), "{r:?}");
        assert!(watch.cancel.load(Ordering::Relaxed));
    }

    #[test]
    fn the_limit_scales_with_pages() {
        let t = Timeout::default();
        assert_eq!(t.limit(1), Duration::from_secs(30));
        assert_eq!(t.limit(1000), Duration::from_secs(3000));
    }
}
