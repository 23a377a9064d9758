//! Safety-check drills (安否確認訓練): sessions, check sheets, result entry, warnings to
//! supporters, arrivals at shelters, the live board and the report.
//!
//! Layered, each file importing only from those named before it, so no two import each
//! other: `session` (the drill itself and the conversions every view shares); `entry`,
//! `warnings` and `arrivals`; `board` (it shows the warnings and the shelters); `report`
//! (it reuses the board's tally).

mod arrivals;
mod board;
mod entry;
mod report;
mod session;
mod warnings;

pub use arrivals::*;
pub use board::*;
pub use entry::*;
pub use report::*;
pub use session::*;
pub use warnings::*;
