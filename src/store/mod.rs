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
pub use maintenance::{CheckReport, PurgeReport};
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
    /// The account that unlocked, with its data key (to wrap for a new slot while open);
    /// `None` for a roster opened with the old shared passphrase.
    signed_in: Option<SignedIn>,
}

/// Who unlocked a roster by account.
pub struct SignedIn {
    pub(crate) account_id: i64,
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
    /// Creates a new, empty roster at `path`. Refuses to touch an existing file.
    pub fn create(
        path: &Path,
        passphrase: &Passphrase,
        operator: &str,
        clock: Arc<dyn Clock + Send + Sync>,
    ) -> Result<Roster> {
        if passphrase.is_empty() {
            return Err(Error::invalid("passphrase", "must not be empty"));
        }
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
                let mut roster = Roster::configure(conn, path, passphrase, operator, clock)?;
                restrict_permissions(path);
                roster.write(|tx| tx.audit("roster.create", "", None, ""))?;
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

    /// Opens an existing roster. A wrong passphrase is [`Error::WrongPassphrase`] and the
    /// file is left exactly as it was.
    pub fn open(
        path: &Path,
        passphrase: &Passphrase,
        operator: &str,
        clock: Arc<dyn Clock + Send + Sync>,
    ) -> Result<Roster> {
        let mut roster = Roster::open_unaudited(path, passphrase, operator, clock)?;
        roster.write(|tx| tx.audit("roster.unlock", "", None, ""))?;
        Ok(roster)
    }

    /// [`Roster::open`] without its audit row, for a caller that checks more before the
    /// unlock counts (opening by account).
    fn open_unaudited(
        path: &Path,
        passphrase: &Passphrase,
        operator: &str,
        clock: Arc<dyn Clock + Send + Sync>,
    ) -> Result<Roster> {
        if !path.is_file() {
            return Err(Error::RosterMissing(path.to_path_buf()));
        }
        crate::platform::ensure_local(path)?;
        if passphrase.is_empty() {
            return Err(Error::WrongPassphrase(path.to_path_buf()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_EXRESCODE;
        let conn = keying::connect(path, flags).ctx("opening the roster file")?;
        Roster::configure(conn, path, passphrase, operator, clock)
    }

    /// Keys the connection, proves the key, sets the pragmas and migrates.
    fn configure(
        conn: Connection,
        path: &Path,
        passphrase: &Passphrase,
        operator: &str,
        clock: Arc<dyn Clock + Send + Sync>,
    ) -> Result<Roster> {
        unlock(&conn, path, passphrase)?;
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
            operator: operator.to_string(),
            clock,
            signed_in: None,
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

    /// The operator whose name goes into the audit log.
    pub fn operator(&self) -> &str {
        &self.operator
    }

    /// The role of the account that unlocked (`None`: opened with the old shared
    /// passphrase).
    pub fn role(&self) -> Option<crate::model::account::Role> {
        self.signed_in.as_ref().map(|s| s.role)
    }

    /// Who unlocked, by account.
    pub(crate) fn signed_in(&self) -> Option<&SignedIn> {
        self.signed_in.as_ref()
    }

    /// The clock this roster uses.
    pub fn clock(&self) -> &(dyn Clock + Send + Sync) {
        self.clock.as_ref()
    }

    /// Runs `f` in one IMMEDIATE transaction: committed when it returns `Ok`, rolled back
    /// when it returns `Err`. Audit rows written through the [`Tx`] commit with it.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        let now = self.clock.now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx("starting a write")?;
        let mut w = Tx {
            tx,
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
