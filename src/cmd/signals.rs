//! SIGINT and SIGTERM raise a flag the batch watches: it stops starting
//! documents, abandons running ones, writes what finished, exits 130. A
//! second Ctrl-C ends the process at once.
//!
//! signal-hook (not ctrlc): it registers both signals onto a plain
//! AtomicBool with no extra thread, and offers the "second signal exits"
//! behaviour ready-made (`register_conditional_shutdown`).

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

pub fn stop_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // Order matters: the shutdown hook sees the flag before this signal
        // sets it, so only a second signal exits.
        let _ = signal_hook::flag::register_conditional_shutdown(
            sig,
            super::EXIT_INTERRUPTED,
            flag.clone(),
        );
        let _ = signal_hook::flag::register(sig, flag.clone());
    }
    flag
}
