//! The encrypted SQLite store. One [`Roster`] owns the one connection; every write is a
//! single IMMEDIATE transaction that carries its own audit row.

mod keying;
mod page_memo;
mod sql;
mod tx;

pub mod accounts;
pub mod audit;
pub mod candidates;
mod check_lists;
pub(crate) mod commission_forms;
pub mod commissions;
pub mod consents;
pub mod disaster;
pub mod drills;
pub mod facts;
pub mod imports;
pub mod issuance;
pub mod keyfile;
pub mod letters;
mod maintenance;
pub(crate) mod map;
mod migrate;
pub(crate) mod offices;
pub mod persons;
pub mod places;
pub(crate) mod plan_review;
pub mod recipients;
pub mod roster_page;
mod rows;
pub mod search_key;
pub mod settings;
pub(crate) mod shelter_plans;
pub(crate) mod shelters;
mod slots;
pub mod supporters;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::config::DbConfig;
use rusqlite::{OpenFlags, TransactionBehavior};

use crate::clock::Clock;
use crate::error::{Error, Result, SqlContext, WriteBlock};

pub(crate) use keying::{open_read_only, unlock};
pub use keying::{skip_memory_wiping_for_synthetic_data, Passphrase, KDF_ITERATIONS};
pub use maintenance::{CheckReport, KeyFileReport, PurgeReport};
pub use migrate::{schema_sql, LATEST_VERSION};
/// The connection, as the use-case rooms hand it to the aggregate modules (they run no
/// SQL on it themselves: `scripts/check-layers.sh`).
pub(crate) use rusqlite::Connection;
pub(crate) use sql::*;
use tx::HeldEntry;
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
    /// Why the last write could not be made (`None` once one succeeds): readings go on,
    /// their audit rows held in `held`.
    blocked: Option<WriteBlock>,
    /// Audit rows of readings made while the roster could not be written, oldest first:
    /// written before anything else at the next write.
    held: Vec<HeldEntry>,
    /// The roster page's copy of the search table in memory (`page_memo`), read at the
    /// first page filtered by a text, and again after the table changes.
    page_memo: std::cell::RefCell<Option<page_memo::Memo>>,
    /// Counts the writes to the search table on this connection, for `page_memo`.
    search_writes: page_memo::SearchWrites,
    /// Who everyone is, for the people of a large area (`map::directory`), read at the
    /// first such area and again after the roster changes.
    area_directory: std::cell::RefCell<Option<map::directory::Directory>>,
}

/// Whether the roster can be written now, for a banner: readings go on either way.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WriteState {
    /// Why the last write could not be made; `None` when it could.
    pub blocked: Option<WriteBlock>,
    /// Audit rows (readings: the unlock, records viewed) not yet written; they are written
    /// first at the next write that succeeds.
    pub held_audit_rows: usize,
}

/// How long a reading waits for another program's write before it goes on without
/// writing its audit row (held for later). A change waits longer ([`WRITE_WAIT`]).
const NOTE_WAIT: std::time::Duration = std::time::Duration::from_millis(1500);
/// How long a change waits for another program's write before it says the roster is in
/// use.
const WRITE_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

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

    /// A second connection to the roster, keyed with the data key of the account that
    /// unlocked, for one long read of the whole search table (`page_memo`): with a small
    /// page cache of its own it passes over the table without growing this connection's
    /// cache or evicting its working set (the pages of the indexes, the people just
    /// opened), and it is closed straight after. Opened read-only, as a backup is
    /// ([`open_read_only`]). `None` before an account has signed in.
    fn side_reader(&self) -> Result<Option<Connection>> {
        let Some(signed_in) = &self.signed_in else {
            return Ok(None);
        };
        let conn = open_read_only(&self.path, &slots::raw(&signed_in.key))?;
        // A reading waits for another program's write as the roster's own readings do.
        conn.busy_timeout(NOTE_WAIT).ctx("setting busy timeout")?;
        // 2 MiB: the table is read once, in order; no page is wanted again.
        conn.pragma_update(None, "cache_size", -2048)
            .ctx("setting cache_size")?;
        Ok(Some(conn))
    }

    /// Keys the connection, proves the key, sets the pragmas and migrates.
    fn configure(
        mut conn: Connection,
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
        // The write-ahead log is kept (it and its index must exist to open a roster on a
        // full disk: `keying::keep_wal_files`), but emptied after each checkpoint: no old
        // pages linger in it.
        conn.pragma_update(None, "journal_size_limit", 0)
            .ctx("setting journal_size_limit")?;
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
        conn.busy_timeout(WRITE_WAIT).ctx("setting busy timeout")?;
        let search_writes = page_memo::SearchWrites::default();
        search_writes.watch(&mut conn)?;
        let mut roster = Roster {
            conn,
            path: path.to_path_buf(),
            operator: crate::platform::os_account().unwrap_or_default(),
            clock,
            signed_in: None,
            notes: UnlockNotes::default(),
            blocked: None,
            held: Vec::new(),
            page_memo: Default::default(),
            search_writes,
            area_directory: Default::default(),
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

    /// Account `account_id` now has `role`: when it is the one that unlocked, this handle
    /// acts with the new role from now on.
    pub(crate) fn role_changed(&mut self, account_id: i64, role: crate::model::account::Role) {
        if let Some(me) = self
            .signed_in
            .as_mut()
            .filter(|me| me.account_id == account_id)
        {
            me.role = role;
        }
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

    /// [`Roster::write`] for filling a roster that holds nothing yet (the demo): the
    /// transaction runs in rollback-journal mode and the roster is back in WAL mode, as
    /// [`Roster::configure`] set it, before this returns, whatever `f` returned.
    ///
    /// In WAL mode every page of a bulk fill is written twice: into the log, then by the
    /// checkpoint into the file (a 500,000-person demo wrote its 2.3 GB twice, the
    /// checkpoint a tenth of its time). A rollback journal keeps only the pages the file
    /// had before the transaction — for an empty roster a few dozen — and the pages added
    /// past its end are written once. Atomic all the same: an error or a stop rolls back
    /// from the journal (which SQLCipher encrypts like every page) and cuts the file back
    /// to its old length; a crash leaves a hot journal that the next open rolls back.
    pub(crate) fn fill_empty<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        self.require_writer("change the roster, print or export")?;
        // With the log kept (`keying::keep_wal_files`) its file would stay, and SQLite
        // opens a roster whose log file exists in WAL mode again at the next read.
        keying::set_persist_wal(&self.conn, false)?;
        let left = self
            .conn
            .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))
            .ctx("leaving WAL mode for a bulk fill");
        let filled = match left {
            Ok(mode) if mode.eq_ignore_ascii_case("delete") => self.transact(f),
            Ok(_) => Err(mode_unchanged("leaving WAL mode for a bulk fill")),
            Err(e) => Err(e),
        };
        let back = self.return_to_wal();
        let value = filled?;
        back?;
        Ok(value)
    }

    /// WAL mode again after [`Roster::fill_empty`], its log files kept and made again.
    fn return_to_wal(&mut self) -> Result<()> {
        let mode = self
            .conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
            .ctx("returning to WAL mode");
        // The log files are kept again whether or not the mode came back.
        keying::set_persist_wal(&self.conn, true)?;
        if !mode?.eq_ignore_ascii_case("wal") {
            return Err(mode_unchanged("returning to WAL mode"));
        }
        // A read opens the log, which makes its two files again: they must exist to open
        // the roster on a full disk.
        self.conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
            .ctx("returning to WAL mode")?;
        Ok(())
    }

    /// [`Roster::write`] for what any role may do because it records a reading, not a
    /// change: the unlock, viewing a record, a drill board, a share preview. Needs a
    /// signed-in account all the same.
    ///
    /// Reading goes on when writing cannot (another program holds the write lock past a
    /// short wait, the disk is full, the file is read-only): `f` then runs again in a
    /// read transaction, its audit rows are held in memory and written first at the next
    /// write that succeeds ([`Roster::write_state`] says how many wait). So `f` must only
    /// read and audit.
    pub(crate) fn note<T>(&mut self, mut f: impl FnMut(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        self.require_signed_in()?;
        // A short wait for another program's write: a reading should not hang.
        let _ = self.conn.busy_timeout(NOTE_WAIT);
        let written = self.transact(&mut f);
        let _ = self.conn.busy_timeout(WRITE_WAIT);
        match written {
            Err(e) if e.is_cannot_write() => self.read_holding(f),
            other => other,
        }
    }

    /// [`Roster::write`] for the one change any role may make: its own passphrase. Not a
    /// reading: refused, like any write, when the roster cannot be written.
    pub(crate) fn write_own<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        self.require_signed_in()?;
        self.transact(f)
    }

    fn require_signed_in(&self) -> Result<()> {
        if self.signed_in.is_none() {
            return Err(Error::Forbidden {
                role: "none",
                what: "use a roster nobody has unlocked",
            });
        }
        Ok(())
    }

    /// Whether the roster can be written now (as the last write found it), and how many
    /// audit rows of readings wait to be written.
    pub fn write_state(&self) -> WriteState {
        WriteState {
            blocked: self.blocked.clone(),
            held_audit_rows: self.held.len(),
        }
    }

    /// Writes the audit rows held since the roster could not be written, if it can be
    /// written now. Returns how many were written. A window calls this now and then, so a
    /// held row does not wait for the next change.
    pub fn write_held_audit(&mut self) -> Result<usize> {
        let n = self.held.len();
        if n == 0 {
            return Ok(0);
        }
        self.require_signed_in()?;
        self.transact(|_| Ok(()))?;
        Ok(n)
    }

    /// One IMMEDIATE transaction: the held audit rows first, then `f`, committed together.
    /// A roster that cannot be written says why ([`Error::CannotWrite`], with the
    /// programs holding it where the system says) and keeps the held rows for later.
    fn transact<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        let held = std::mem::take(&mut self.held);
        match self.transact_with(&held, f) {
            Ok(value) => {
                self.blocked = None;
                Ok(value)
            }
            Err(e) => {
                self.held = held;
                Err(match e {
                    Error::CannotWrite(block) => {
                        let block = match block {
                            WriteBlock::Busy { .. } => WriteBlock::Busy {
                                holders: crate::platform::holders_of(&self.path),
                            },
                            other => other,
                        };
                        self.blocked = Some(block.clone());
                        Error::CannotWrite(block)
                    }
                    Error::Damaged { path: None, pages } => Error::Damaged {
                        path: Some(self.path.clone()),
                        pages,
                    },
                    other => other,
                })
            }
        }
    }

    fn transact_with<T>(
        &mut self,
        held: &[HeldEntry],
        f: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        let now = self.clock.now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx("starting a write")?;
        for row in held {
            row.append(&tx)?;
        }
        let account = self.signed_in.as_ref().map_or("", |s| s.account.as_str());
        let mut w = Tx {
            tx,
            account,
            operator: &self.operator,
            now,
            held: None,
        };
        disaster::log_expiry(&mut w)?;
        let value = f(&mut w)?;
        map::place_before_commit(w.conn(), &w.stamp(), w.account())?;
        w.tx.commit().ctx("committing")?;
        Ok(value)
    }

    /// [`Roster::note`] when the roster cannot be written: `f` in a read transaction, its
    /// audit rows held for the next write.
    fn read_holding<T>(&mut self, mut f: impl FnMut(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        let now = self.clock.now();
        let mut held = Vec::new();
        let value = {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Deferred)
                .ctx("starting a reading")?;
            let account = self.signed_in.as_ref().map_or("", |s| s.account.as_str());
            let mut w = Tx {
                tx,
                account,
                operator: &self.operator,
                now,
                held: Some(&mut held),
            };
            let value = f(&mut w)?;
            // Nothing was written: ending the reading cannot fail for want of space.
            drop(w);
            value
        };
        self.held.extend(held);
        Ok(value)
    }

    /// The read connection (reads see only committed data).
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// SQLite keeps the journal mode it had, without an error, when another connection has the
/// roster open: the roster is busy.
fn mode_unchanged(context: &'static str) -> Error {
    let busy = rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY);
    Error::from_sql(context, rusqlite::Error::SqliteFailure(busy, None))
}

impl Drop for Roster {
    /// A last try at the audit rows held while the roster could not be written.
    fn drop(&mut self) {
        if !self.held.is_empty() && self.signed_in.is_some() {
            let _ = self.transact(|_| Ok(()));
        }
    }
}
