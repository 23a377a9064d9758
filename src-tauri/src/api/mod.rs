//! Request and response types of the IPC boundary, kept apart from the core's types so
//! either side can change without the other noticing. TypeScript twins of these are
//! generated into `ui/src/lib/bindings/` (see `bindings.rs`).

pub mod accounts;
pub mod admin;
pub mod backup;
pub mod commissions;
pub mod coverage;
pub mod drill;
pub mod map;
pub mod parties;
pub mod person;
pub mod print;
pub mod roster;
pub mod shelters;

pub use accounts::*;
pub use admin::*;
pub use backup::*;
pub use commissions::*;
pub use coverage::*;
pub use drill::*;
pub use map::*;
pub use parties::*;
pub use person::*;
pub use print::*;
pub use roster::*;
pub use shelters::*;
