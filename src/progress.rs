//! Long work — an import, a demo roster, a big print — says how far it has got and stops
//! when asked.
//!
//! The work calls [`Progress::step`] between units (a row, a person, a sheet). The command
//! line draws a line on stderr and turns Ctrl-C into a stop request; the window shows a bar
//! and a 中止 button. A stop is honoured only where nothing is half-written: the work
//! returns [`Error::Cancelled`] before its transaction commits, so the roster is as it was.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde::Serialize;

use crate::error::{Error, Result};

/// What long work is doing now: the window shows its label, the CLI its token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Reading and decoding a file.
    Read,
    /// Validating rows and matching them against the roster.
    Check,
    /// Writing records into the roster.
    Write,
    /// Drawing synthetic people (`demo`).
    Generate,
    /// Laying out and rendering pages.
    Print,
}

impl Stage {
    /// The word shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Read => "読込",
            Stage::Check => "照合",
            Stage::Write => "書込",
            Stage::Generate => "作成",
            Stage::Print => "印刷",
        }
    }
}

/// Where long work reports to, and where it learns it should stop.
pub trait Progress: Sync {
    /// `done` of `total` units of `stage` are finished (`total` 0: not known yet).
    fn report(&self, stage: Stage, done: u64, total: u64);

    /// Whether the user asked the work to stop.
    fn stop_requested(&self) -> bool {
        false
    }

    /// Reports and, if a stop was asked for, ends the work with [`Error::Cancelled`].
    /// Called between units, where stopping leaves nothing half-written.
    fn step(&self, stage: Stage, done: u64, total: u64) -> Result<()> {
        self.report(stage, done, total);
        if self.stop_requested() {
            return Err(Error::Cancelled);
        }
        Ok(())
    }
}

/// Reports nowhere and never stops: for tests, benchmarks and short work.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quiet;

impl Progress for Quiet {
    fn report(&self, _stage: Stage, _done: u64, _total: u64) {}
}

/// A stop request shared between the work and whoever may ask for it (a Ctrl-C handler,
/// the window's 中止 button). Cloning shares the same flag.
#[derive(Debug, Clone, Default)]
pub struct StopFlag(Arc<AtomicBool>);

impl StopFlag {
    /// A flag nobody has raised.
    pub fn new() -> StopFlag {
        StopFlag::default()
    }

    /// Asks the work to stop at its next unit.
    pub fn raise(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether a stop was asked for.
    pub fn is_raised(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    #[test]
    fn a_raised_flag_stops_the_next_step_and_reports_it_as_cancelled() {
        struct Recorder<'a>(&'a StopFlag, Mutex<Vec<(Stage, u64, u64)>>);
        impl Progress for Recorder<'_> {
            fn report(&self, stage: Stage, done: u64, total: u64) {
                self.1.lock().unwrap().push((stage, done, total));
            }
            fn stop_requested(&self) -> bool {
                self.0.is_raised()
            }
        }
        let stop = StopFlag::new();
        let p = Recorder(&stop, Mutex::new(Vec::new()));
        assert!(p.step(Stage::Write, 1, 5).is_ok());
        stop.clone().raise();
        assert!(matches!(p.step(Stage::Write, 2, 5), Err(Error::Cancelled)));
        assert_eq!(
            *p.1.lock().unwrap(),
            vec![(Stage::Write, 1, 5), (Stage::Write, 2, 5)],
            "each step is reported, the stopping one too"
        );
    }
}
