//! The encrypted SQLite store. One [`Roster`] owns the one connection; every write is a
//! single IMMEDIATE transaction that carries its own audit row.

mod keying;
mod sql;
mod tx;

pub mod accounts;
pub mod audit;
pub mod candidates;
pub mod consents;
pub mod disaster;
pub mod drills;
pub mod facts;
pub mod imports;
pub mod issuance;
pub mod keyfile;
pub mod letters;
mod maintenance;
mod migrate;
pub mod persons;
pub mod places;
pub mod recipients;
pub mod roster_page;
pub mod search_key;
pub mod settings;
mod slots;
pub mod supporters;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::config::DbConfig;
use rusqlite::{OpenFlags, TransactionBehavior};

use crate::clock::Clock;
use crate::error::{Error, Result, SqlContext};

pub(crate) use keying::{open_read_only, unlock};
pub use keying::{Passphrase, KDF_ITERATIONS};
pub use maintenance::{CheckReport, KeyFileReport, PurgeReport};
pub use migrate::{schema_sql, LATEST_VERSION};
/// The connection, as the use-case rooms hand it to the aggregate modules (they run no
/// SQL on it themselves: `scripts/check-layers.sh`).
pub(crate) use rusqlite::Connection;
pub(crate) use sql::*;
pub use tx::Tx;

/// The operator named on audit rows nobody's act caused (disaster mode running out).
pub const SYSTEM_OPERATOR: &str = "system";

/// An open, unlocked roster.
pub struct Roster {
    conn: Connection,
    path: PathBuf,
    operator: String,
    clock: Arc<dyn Clock + Send + Sync>,
    /// The account that unlocked, with its data key (to wrap for a new slot while open).
    /// `None` only inside the store, between opening the file and checking the account:
    /// no write is allowed then.
    signed_in: Option<SignedIn>,
    /// What opening found worth telling the person who opened.
    notes: UnlockNotes,
}

/// What opening a roster found worth telling the person who opened it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct UnlockNotes {
    /// This open converted a roster from before accounts: its shared passphrase is now
    /// this account's (an admin's).
    pub converted: bool,
    /// The roster has no recovery key: an admin should make one (and print its sheet).
    pub recovery_key_missing: bool,
    /// The passphrase that opened it falls short of the strength rule (why, in Japanese):
    /// change it now.
    pub passphrase_weak: Option<String>,
}

/// Who unlocked a roster by account.
pub struct SignedIn {
    pub(crate) account_id: i64,
    pub(crate) account: String,
    pub(crate) role: crate::model::account::Role,
    pub(crate) key: keyfile::DataKey,
}

impl std::fmt::Debug for Roster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Roster")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Roster {
    /// Creates the roster file at `path`, keyed with `key` and migrated, with nothing in
    /// it yet (the caller signs in and audits). Refuses to touch an existing file; on
    /// failure removes only what it made.
    pub(super) fn create_file(
        path: &Path,
        key: &Passphrase,
        clock: Arc<dyn Clock + Send + Sync>,
    ) -> Result<Roster> {
        if path.exists() || wal_path(path).exists() {
            return Err(Error::AlreadyExists(path.to_path_buf()));
        }
        crate::platform::ensure_local(path)?;
        create_folder(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_EXRESCODE;
        let result = keying::connect(path, flags)
            .ctx("creating the roster file")
            .and_then(|conn| {
                let roster = Roster::configure(conn, path, key, clock)?;
                restrict_permissions(path);
                Ok(roster)
            });
        if result.is_err() {
            // Only a file this call has just made is removed: never an existing roster.
            for p in [path.to_path_buf(), wal_path(path), shm_path(path)] {
                let _ = std::fs::remove_file(p);
            }
        }
        result
    }

    /// Opens the roster file at `path` with `key` (proven, migrated), signed in as nobody
    /// and with nothing audited: the caller checks who is opening before the unlock counts.
    /// A wrong key is [`Error::WrongPassphrase`] and the file is left exactly as it was.
    pub(super) fn open_file(
        path: &Path,
        key: &Passphrase,
        clock: Arc<dyn Clock + Send + Sync>,
    ) -> Result<Roster> {
        if !path.is_file() {
            return Err(Error::RosterMissing(path.to_path_buf()));
        }
        crate::platform::ensure_local(path)?;
        if key.is_empty() {
            return Err(Error::WrongPassphrase(path.to_path_buf()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_EXRESCODE;
        let conn = keying::connect(path, flags).ctx("opening the roster file")?;
        Roster::configure(conn, path, key, clock)
    }

    /// Keys the connection, proves the key, sets the pragmas and migrates.
    fn configure(
        conn: Connection,
        path: &Path,
        key: &Passphrase,
        clock: Arc<dyn Clock + Send + Sync>,
    ) -> Result<Roster> {
        unlock(&conn, path, key)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .ctx("enabling foreign keys")?;
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
            .ctx("setting WAL mode")?;
        conn.pragma_update(None, "synchronous", "FULL")
            .ctx("setting synchronous")?;
        conn.pragma_update(None, "secure_delete", "ON")
            .ctx("setting secure_delete")?;
        // 64 MiB of page cache: a 100,000-person roster is a few hundred MB, and every
        // cache miss costs a page decryption and HMAC check.
        conn.pragma_update(None, "cache_size", -65_536)
            .ctx("setting cache_size")?;
        // Sorts and temporary tables stay in memory: no temp file can hold roster data.
        conn.pragma_update(None, "temp_store", "MEMORY")
            .ctx("setting temp_store")?;
        conn.set_prepared_statement_cache_capacity(128);
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .ctx("setting busy timeout")?;
        let mut roster = Roster {
            conn,
            path: path.to_path_buf(),
            operator: crate::platform::os_account().unwrap_or_default(),
            clock,
            signed_in: None,
            notes: UnlockNotes::default(),
        };
        migrate::migrate(&mut roster.conn)?;
        // Proven key, known schema: from here closing may checkpoint as usual.
        roster
            .conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)
            .ctx("allowing checkpoints")?;
        Ok(roster)
    }

    /// The roster's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The name the desk gave: the OS account, or a free-text name set with
    /// [`Roster::set_operator`] (a shared team account). Kept beside the account in the
    /// audit log as information only; it never decides anything.
    pub fn operator(&self) -> &str {
        &self.operator
    }

    /// Sets the free-text desk name recorded beside the account (e.g. the person at the
    /// desk when the account is a shared team one). Trimmed; empty keeps the OS account.
    pub fn set_operator(&mut self, name: &str) {
        let name = name.trim();
        if !name.is_empty() {
            self.operator = name.to_string();
        }
    }

    /// The account that unlocked: who does everything done through this handle.
    pub fn account(&self) -> &str {
        self.signed_in.as_ref().map_or("", |s| s.account.as_str())
    }

    /// The role of the account that unlocked.
    pub fn role(&self) -> crate::model::account::Role {
        self.signed_in
            .as_ref()
            .map_or(crate::model::account::Role::Viewer, |s| s.role)
    }

    /// What opening found worth telling the person who opened.
    pub fn unlock_notes(&self) -> &UnlockNotes {
        &self.notes
    }

    /// Who unlocked, by account.
    pub(crate) fn signed_in(&self) -> Option<&SignedIn> {
        self.signed_in.as_ref()
    }

    /// Refuses unless the account that unlocked may change the roster (an officer or an
    /// admin). [`Roster::write`] asks this first; a use-case that makes a file before its
    /// write (a backup, a sheet) asks it before making anything.
    pub(crate) fn require_writer(&self, what: &'static str) -> Result<()> {
        let role = self.role();
        if role.can_write() {
            Ok(())
        } else {
            Err(Error::Forbidden {
                role: role.token(),
                what,
            })
        }
    }

    /// Refuses unless the account that unlocked is an admin.
    pub(crate) fn require_admin(&self, what: &'static str) -> Result<()> {
        let role = self.role();
        if role == crate::model::account::Role::Admin {
            Ok(())
        } else {
            Err(Error::Forbidden {
                role: role.token(),
                what,
            })
        }
    }

    /// The clock this roster uses.
    pub fn clock(&self) -> &(dyn Clock + Send + Sync) {
        self.clock.as_ref()
    }

    /// Runs `f` — a change to the roster — in one IMMEDIATE transaction: committed when it
    /// returns `Ok`, rolled back when it returns `Err`. Audit rows written through the
    /// [`Tx`] commit with it. Only an officer or an admin may change the roster: a viewer
    /// is refused before anything runs.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        self.require_writer("change the roster, print or export")?;
        self.transact(f)
    }

    /// [`Roster::write`] for what any role may do because it records a reading, not a
    /// change: the unlock, viewing a record, a drill board, a share preview, one's own
    /// passphrase. Needs a signed-in account all the same.
    pub(crate) fn note<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        if self.signed_in.is_none() {
            return Err(Error::Forbidden {
                role: "none",
                what: "use a roster nobody has unlocked",
            });
        }
        self.transact(f)
    }

    fn transact<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        let now = self.clock.now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx("starting a write")?;
        let account = self.signed_in.as_ref().map_or("", |s| s.account.as_str());
        let mut w = Tx {
            tx,
            account,
            operator: &self.operator,
            now,
        };
        disaster::log_expiry(&mut w)?;
        let value = f(&mut w)?;
        w.tx.commit().ctx("committing")?;
        Ok(value)
    }

    /// The read connection (reads see only committed data).
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}
