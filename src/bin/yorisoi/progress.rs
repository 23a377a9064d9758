//! Long work on the command line: a progress line on stderr (when it is a terminal) and
//! Ctrl-C as a stop request.
//!
//! The first Ctrl-C asks the work to stop at its next unit, where nothing is half-written;
//! the command then ends with exit code 130 and "nothing was written". A second Ctrl-C
//! ends the process at once (SQLite then rolls back the open transaction on the next open).

use std::io::{IsTerminal, Write};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use yorisoi::progress::{Progress, Stage, StopFlag};

/// The process's one stop flag, raised by Ctrl-C.
fn stop_flag() -> &'static StopFlag {
    static STOP: OnceLock<StopFlag> = OnceLock::new();
    STOP.get_or_init(|| {
        let stop = StopFlag::new();
        let raised = stop.clone();
        // Without a handler Ctrl-C still ends the process, which loses nothing either.
        let _ = ctrlc::set_handler(move || {
            if raised.is_raised() {
                std::process::exit(130);
            }
            raised.raise();
            eprintln!("\n中止します… stopping (Ctrl-C again ends at once)");
        });
        stop
    })
}

/// A progress line for `what` (`import`, `demo`, `print`).
pub struct Line {
    what: &'static str,
    stop: &'static StopFlag,
    terminal: bool,
    last: Mutex<Option<Instant>>,
}

impl Line {
    /// Starts reporting, and makes Ctrl-C a stop request from here on.
    pub fn new(what: &'static str) -> Line {
        Line {
            what,
            stop: stop_flag(),
            terminal: std::io::stderr().is_terminal(),
            last: Mutex::new(None),
        }
    }
}

impl Progress for Line {
    fn report(&self, stage: Stage, done: u64, total: u64) {
        if !self.terminal {
            return;
        }
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        let finished = total > 0 && done >= total;
        if !finished && last.is_some_and(|t| t.elapsed() < Duration::from_millis(200)) {
            return;
        }
        *last = Some(Instant::now());
        let mut err = std::io::stderr().lock();
        let _ = match (done * 100).checked_div(total) {
            Some(percent) => write!(
                err,
                "\r{}: {} {done}/{total} ({percent}%)   ",
                self.what,
                stage.label(),
            ),
            None => write!(err, "\r{}: {} {done}   ", self.what, stage.label()),
        };
        if finished {
            let _ = writeln!(err);
        }
    }

    fn stop_requested(&self) -> bool {
        self.stop.is_raised()
    }
}
