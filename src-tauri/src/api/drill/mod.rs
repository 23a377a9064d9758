//! Safety-check drills (安否確認訓練): sessions, check sheets, result entry, warnings to
//! supporters, the live board and the report.
//!
//! Layered, each file importing only from those named before it, so no two import each
//! other: `session` (the drill itself and the conversions every view shares); `entry` and
//! `warnings`; `board` (it shows the warnings); `report` (it reuses the board's tally).

mod board;
mod entry;
mod report;
mod session;
mod warnings;

pub use board::*;
pub use entry::*;
pub use report::*;
pub use session::*;
pub use warnings::*;
