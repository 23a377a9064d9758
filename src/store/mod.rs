//! The encrypted SQLite store. One [`Roster`] owns the one connection; every write is a
//! single IMMEDIATE transaction that carries its own audit row.

pub mod audit;
pub mod candidates;
pub mod consents;
pub mod disaster;
pub mod drill_board;
pub mod drill_print;
pub mod drill_warnings;
pub mod drills;
pub mod export;
pub mod imports;
pub mod issuance;
mod maintenance;
mod migrate;
mod operations;
pub mod persons;
pub mod places;
pub mod plan_worklists;
pub mod printing;
pub mod recipients;
pub mod review;
pub mod roster_page;
pub mod search_key;
pub mod settings;
pub mod sharing;
pub mod supporters;
pub mod worklists;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use zeroize::Zeroizing;

use crate::clock::{stamp, Clock};
use crate::error::{Error, Result, SqlContext};

pub use maintenance::{CheckReport, PurgeReport};
pub use migrate::{schema_sql, LATEST_VERSION};

/// The pinned SQLCipher settings. Pinned rather than left to the library's defaults, so a
/// future SQLCipher with other defaults still opens (and writes) rosters the same way.
pub const KDF_ITERATIONS: u32 = 256_000;
const HMAC_ALGORITHM: &str = "HMAC_SHA512";
const KDF_ALGORITHM: &str = "PBKDF2_HMAC_SHA512";
const PAGE_SIZE: u32 = 4096;
/// The operator named on audit rows nobody's act caused (disaster mode running out).
pub const SYSTEM_OPERATOR: &str = "system";

/// A passphrase, wiped from memory when dropped.
#[derive(Clone)]
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// Wraps a passphrase.
    pub fn new(s: String) -> Passphrase {
        Passphrase(Zeroizing::new(s))
    }

    fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// True when both are the same passphrase.
    pub fn matches(&self, other: &Passphrase) -> bool {
        self.0.as_str() == other.0.as_str()
    }

    /// Its length in characters (for a strength hint).
    pub fn char_count(&self) -> usize {
        self.0.chars().count()
    }

    /// True when it is empty (an empty key would mean "no encryption" to SQLCipher).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(***)")
    }
}

/// An open, unlocked roster.
pub struct Roster {
    conn: Connection,
    path: PathBuf,
    operator: String,
    clock: Arc<dyn Clock + Send + Sync>,
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
        let result = Connection::open_with_flags(path, flags)
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
        let conn = Connection::open_with_flags(path, flags).ctx("opening the roster file")?;
        let mut roster = Roster::configure(conn, path, passphrase, operator, clock)?;
        roster.write(|tx| tx.audit("roster.unlock", "", None, ""))?;
        Ok(roster)
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

/// Keys a fresh connection and proves the key: the first statements on any connection.
/// On a wrong key the connection is unusable and the file has not been touched.
fn unlock(conn: &Connection, path: &Path, passphrase: &Passphrase) -> Result<()> {
    // The key must be the very first statement: anything earlier would create or read
    // the file as plaintext.
    conn.pragma_update(None, "key", passphrase.as_str())
        .ctx("setting the key")?;
    // Until the key is proven, closing must not checkpoint a leftover WAL into the
    // file: a wrong passphrase has to leave every byte of the roster as it was.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
        .ctx("holding checkpoints until the key is proven")?;
    apply_cipher_settings(conn)?;
    let probe: rusqlite::Result<i64> =
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0));
    match probe {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            return Err(Error::WrongPassphrase(path.to_path_buf()));
        }
        Err(source) => {
            return Err(Error::Sql {
                context: "reading the roster with the key",
                source,
            })
        }
    }
    Ok(())
}

/// Opens a roster read-only (a backup being restored): keyed and proven, its schema
/// checked, and nothing written to it — not even an audit row.
pub(crate) fn open_read_only(path: &Path, passphrase: &Passphrase) -> Result<Connection> {
    if !path.is_file() {
        return Err(Error::RosterMissing(path.to_path_buf()));
    }
    if passphrase.is_empty() {
        return Err(Error::WrongPassphrase(path.to_path_buf()));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_EXRESCODE;
    let conn = Connection::open_with_flags(path, flags).ctx("opening the file read-only")?;
    unlock(&conn, path, passphrase)?;
    conn.pragma_update(None, "temp_store", "MEMORY")
        .ctx("setting temp_store")?;
    migrate::refuse_newer(&conn)?;
    Ok(conn)
}

/// A write in progress: the transaction, who is acting and when.
pub struct Tx<'a> {
    tx: Transaction<'a>,
    operator: &'a str,
    now: DateTime<Utc>,
}

impl Tx<'_> {
    /// The transaction.
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    /// The instant this write happens at.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Who is acting.
    pub fn operator(&self) -> &str {
        self.operator
    }

    /// The instant as stored.
    pub fn stamp(&self) -> String {
        stamp(self.now)
    }

    /// Appends an audit row in this transaction. `detail` must hold no personal data.
    pub fn audit(
        &mut self,
        action: &str,
        entity: &str,
        entity_id: Option<i64>,
        detail: &str,
    ) -> Result<()> {
        let operator = self.operator;
        self.audit_as(operator, action, entity, entity_id, detail)
    }

    /// [`Tx::audit`] for something no operator did (e.g. [`SYSTEM_OPERATOR`]).
    pub(crate) fn audit_as(
        &mut self,
        operator: &str,
        action: &str,
        entity: &str,
        entity_id: Option<i64>,
        detail: &str,
    ) -> Result<()> {
        audit::append(
            &self.tx,
            &audit::NewEntry {
                at: &stamp(self.now),
                operator,
                action,
                entity,
                entity_id,
                detail,
            },
        )
    }
}

fn apply_cipher_settings(conn: &Connection) -> Result<()> {
    // Silence SQLCipher's own stderr logging: a wrong key is reported by us, once.
    conn.pragma_update(None, "cipher_log_level", "NONE")
        .ctx("setting cipher_log_level")?;
    conn.pragma_update(None, "cipher_memory_security", "ON")
        .ctx("enabling cipher_memory_security")?;
    conn.pragma_update(None, "cipher_page_size", PAGE_SIZE)
        .ctx("pinning cipher_page_size")?;
    conn.pragma_update(None, "kdf_iter", KDF_ITERATIONS)
        .ctx("pinning kdf_iter")?;
    conn.pragma_update(None, "cipher_hmac_algorithm", HMAC_ALGORITHM)
        .ctx("pinning the HMAC")?;
    conn.pragma_update(None, "cipher_kdf_algorithm", KDF_ALGORITHM)
        .ctx("pinning the KDF")?;
    Ok(())
}

/// `execute` and `query_row` through the connection's statement cache: the store runs
/// the same few dozen statements for every person, and parsing them each time costs more
/// than running them in bulk work.
pub(crate) trait Cached {
    /// Like [`Connection::execute`], with the statement cached.
    fn exec<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize>;
    /// Like [`Connection::query_row`], with the statement cached.
    fn row<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>;
}

impl Cached for Connection {
    fn exec<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    fn row<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    {
        self.prepare_cached(sql)?.query_row(params, f)
    }
}

pub(crate) fn wal_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push("-wal");
    PathBuf::from(s)
}

pub(crate) fn shm_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push("-shm");
    PathBuf::from(s)
}

/// Makes the folder a new roster goes into. A folder made here is its owner's only, so the
/// write-ahead log and shared-memory files SQLite makes beside the roster (and remakes
/// after every close) inherit that; an existing folder is left as its owner set it.
pub(crate) fn create_folder(path: &Path) -> Result<()> {
    let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(());
    };
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        context: "cannot create the folder",
        path: dir.to_path_buf(),
        source,
    })?;
    restrict_permissions(dir);
    Ok(())
}

/// The roster (or a backup) is readable by its owner only. Best effort: a file system
/// that keeps no permissions (a FAT USB stick) must not stop a backup; `check` reports
/// a roster others can read.
fn restrict_permissions(path: &Path) {
    let _ = crate::platform::restrict_to_owner(path);
}

/// Ids as a JSON array, for `IN (SELECT value FROM json_each(?))`: one statement for a set
/// of thousands instead of a statement each.
pub(crate) fn id_list<'a>(ids: impl IntoIterator<Item = &'a i64>) -> String {
    let list: Vec<String> = ids.into_iter().map(i64::to_string).collect();
    format!("[{}]", list.join(","))
}

/// One row for each of `ids`, by id, in one statement. `sql` selects the id first and
/// filters with `IN (SELECT value FROM json_each(?1))`; `row` reads the other columns
/// (from index 1). `context` names the reading in errors.
pub(crate) fn rows_by_id<T>(
    conn: &Connection,
    sql: &str,
    ids: &std::collections::BTreeSet<i64>,
    context: &'static str,
    mut row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<std::collections::BTreeMap<i64, T>> {
    let mut stmt = conn.prepare_cached(sql).ctx(context)?;
    let rows = stmt
        .query_map([id_list(ids)], |r| Ok((r.get(0)?, row(r)?)))
        .ctx(context)?
        .collect::<rusqlite::Result<_>>()
        .ctx(context);
    rows
}
