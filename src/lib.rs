//! Yorisoi (よりそい): the core of an offline, encrypted roster of people who need support
//! to evacuate in a disaster (避難行動要支援者名簿), their consents and supporters.
//!
//! The desktop app and the `yorisoi` command line are two ways into this library; nothing
//! here depends on a window.

pub mod accounts;
pub mod backups;
pub mod clock;
pub mod commissions;
pub mod demo;
pub mod drill;
pub mod error;
pub mod export;
pub mod geo;
pub mod intake;
pub mod io;
pub mod map;
pub mod model;
pub mod platform;
pub mod policy;
pub mod print;
pub mod printing;
pub mod priority;
pub mod progress;
pub mod records;
pub mod sharing;
pub mod shelters;
pub mod store;
pub mod worklists;

use std::path::PathBuf;

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{Error, ErrorCode, Result, ValidationError, WriteBlock};
pub use model::{PersonQuery, PersonSummary};
pub use store::{Passphrase, Roster, WriteState};

/// The default roster location: the platform's local app-data directory
/// (`~/.local/share/yorisoi/roster.db` on Linux,
/// `%LOCALAPPDATA%\Yorisoi\Yorisoi\data\roster.db` on Windows). Local, not roaming: a
/// roaming or redirected profile can put the file on a network share, where SQLite is
/// unsafe. The CLI and the desktop app share it.
pub fn default_roster_path() -> Result<PathBuf> {
    directories::ProjectDirs::from("jp", "Yorisoi", "Yorisoi")
        .map(|d| d.data_local_dir().join("roster.db"))
        .ok_or_else(|| Error::invalid("--db", "no home directory is known; pass --db PATH"))
}
