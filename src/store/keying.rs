//! Keying a connection: the passphrase, the pinned SQLCipher settings, and proving the key
//! before anything else touches the file.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};
use zeroize::Zeroizing;

use super::migrate;
use crate::error::{Error, Result, SqlContext};

/// The pinned SQLCipher settings. Pinned rather than left to the library's defaults, so a
/// future SQLCipher with other defaults still opens (and writes) rosters the same way.
pub const KDF_ITERATIONS: u32 = 256_000;
const HMAC_ALGORITHM: &str = "HMAC_SHA512";
const KDF_ALGORITHM: &str = "PBKDF2_HMAC_SHA512";
const PAGE_SIZE: u32 = 4096;
/// A passphrase, wiped from memory when dropped.
#[derive(Clone)]
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// Wraps a passphrase.
    pub fn new(s: String) -> Passphrase {
        Passphrase(Zeroizing::new(s))
    }

    /// The passphrase itself, for keying a connection.
    pub(crate) fn as_str(&self) -> &str {
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

/// Opens a connection to the file at `path`, after SQLite and SQLCipher have finished
/// starting up in this process. SQLite marks itself started before it runs SQLCipher's
/// start-up, outside its own lock: a second thread opening its first connection in that
/// window gets one whose `PRAGMA key` fails. The first connection is therefore made here,
/// once, while every other opener waits (`tests/first_open.rs`).
pub(crate) fn connect(path: &Path, flags: OpenFlags) -> rusqlite::Result<Connection> {
    static STARTED: Once = Once::new();
    STARTED.call_once(|| {
        // In memory: touches no file. Its only purpose is SQLite's complete start-up;
        // should that fail, the real open below reports it.
        drop(Connection::open_in_memory());
    });
    Connection::open_with_flags(path, flags)
}

/// Keys a fresh connection and proves the key: the first statements on any connection.
/// On a wrong key the connection is unusable and the file has not been touched.
pub(crate) fn unlock(conn: &Connection, path: &Path, passphrase: &Passphrase) -> Result<()> {
    // The key must be the very first statement: anything earlier would create or read
    // the file as plaintext.
    conn.execute_batch(&key_statement(passphrase))
        .ctx("setting the key")?;
    // Until the key is proven, closing must not checkpoint a leftover WAL into the
    // file: a wrong passphrase has to leave every byte of the roster as it was.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
        .ctx("holding checkpoints until the key is proven")?;
    apply_cipher_settings(conn)?;
    keep_wal_files(conn)?;
    let probe: rusqlite::Result<i64> =
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0));
    match probe {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, _))
            if matches!(
                e.code,
                rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt
            ) =>
        {
            // A wrong key fails every page; a damaged file only some. Telling them apart
            // costs one pass over the file, and only when the first pages did not open.
            let pages = failing_pages(conn)?;
            let total = page_count(path);
            let some = !pages.is_empty() && (pages.len() as u64) < total;
            if some || e.code == rusqlite::ErrorCode::DatabaseCorrupt {
                return Err(Error::Damaged {
                    path: Some(path.to_path_buf()),
                    pages,
                });
            }
            return Err(Error::WrongPassphrase(path.to_path_buf()));
        }
        Err(source) => return Err(Error::from_sql("reading the roster with the key", source)),
    }
    Ok(())
}

/// The pages of the file behind `conn` (keyed) that fail SQLCipher's HMAC check, 1-based.
pub(crate) fn failing_pages(conn: &Connection) -> Result<Vec<u64>> {
    let mut stmt = conn
        .prepare("PRAGMA cipher_integrity_check")
        .ctx("checking the pages")?;
    let lines = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .ctx("checking the pages")?
        .collect::<rusqlite::Result<Vec<String>>>()
        .ctx("checking the pages")?;
    let mut pages: Vec<u64> = lines.iter().filter_map(|l| page_of(l)).collect();
    pages.sort_unstable();
    pages.dedup();
    Ok(pages)
}

/// The page a `cipher_integrity_check` line names (`HMAC verification failed for page 7`).
fn page_of(line: &str) -> Option<u64> {
    let at = line.find("page ")?;
    let digits: String = line[at + 5..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// How many pages the file at `path` holds (its size over the pinned page size).
fn page_count(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len().div_ceil(u64::from(PAGE_SIZE)))
}

/// `PRAGMA key = '…'` for `passphrase`, built in a buffer that is wiped when dropped
/// (rusqlite's `pragma_update` would build it in a plain `String`, freed unwiped). The key
/// is one SQL string literal with every `'` doubled, as `pragma_update` quoted it: the text
/// SQLCipher receives is the passphrase exactly, and a raw data key (`x'…'`, see
/// `keyfile::DataKey`) arrives as that text too, which SQLCipher takes as a raw key
/// instead of deriving one from it.
fn key_statement(passphrase: &Passphrase) -> Zeroizing<String> {
    const HEAD: &str = "PRAGMA key = '";
    const TAIL: &str = "';";
    let key = passphrase.as_str();
    let quotes = key.matches('\'').count();
    // Room for all of it up front: growing would leave unwiped copies behind.
    let mut sql = Zeroizing::new(String::with_capacity(
        HEAD.len() + key.len() + quotes + TAIL.len(),
    ));
    sql.push_str(HEAD);
    for c in key.chars() {
        if c == '\'' {
            sql.push('\'');
        }
        sql.push(c);
    }
    sql.push_str(TAIL);
    sql
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
    let conn = connect(path, flags).ctx("opening the file read-only")?;
    unlock(&conn, path, passphrase)?;
    conn.pragma_update(None, "temp_store", "MEMORY")
        .ctx("setting temp_store")?;
    migrate::refuse_newer(&conn)?;
    Ok(conn)
}

/// Keeps the write-ahead log and its index (`-wal`, `-shm`) beside the roster after the
/// last connection closes, instead of deleting them. Opening a roster in WAL mode needs the
/// index file: were it deleted at every close, a roster could not even be read once its
/// disk is full. Both files hold only encrypted pages and lock state.
fn keep_wal_files(conn: &Connection) -> Result<()> {
    set_persist_wal(conn, true)
}

/// Whether closing the write-ahead log (the connection closing, or leaving WAL mode)
/// keeps its files ([`keep_wal_files`]) or deletes them.
pub(super) fn set_persist_wal(conn: &Connection, keep: bool) -> Result<()> {
    let mut on: std::ffi::c_int = keep.into();
    // SAFETY: `conn.handle()` is this open connection's; "main" names its database; the
    // PERSIST_WAL file control reads and writes one int through the pointer, which lives
    // across the call.
    let rc = unsafe {
        rusqlite::ffi::sqlite3_file_control(
            conn.handle(),
            c"main".as_ptr(),
            rusqlite::ffi::SQLITE_FCNTL_PERSIST_WAL,
            (&raw mut on).cast(),
        )
    };
    if rc != rusqlite::ffi::SQLITE_OK {
        return Err(Error::Sql {
            context: "keeping the write-ahead log files",
            source: rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rc), None),
        });
    }
    Ok(())
}

/// Whether the connections of this process turn on SQLCipher's wiping of freed memory
/// (`cipher_memory_security`): always, unless the process said first that it holds only
/// made-up data ([`skip_memory_wiping_for_synthetic_data`]).
static WIPE_FREED_MEMORY: AtomicBool = AtomicBool::new(true);

/// For a process that holds nothing but synthetic data — the `demo` command, which fills a
/// new roster (it refuses an existing file) with made-up people and exits: its connections
/// leave SQLCipher's wiping of freed memory off. The wiping was 23 % of the demo's time
/// (README, "City scale: bulk additions"), and there is nothing in it to protect.
///
/// It must be called before the process opens its first roster. Once any connection has
/// turned the wiping on, SQLCipher keeps it on for the life of the process (it can be
/// enabled, never disabled), so calling this later changes nothing.
pub fn skip_memory_wiping_for_synthetic_data() {
    WIPE_FREED_MEMORY.store(false, Ordering::SeqCst);
}

fn apply_cipher_settings(conn: &Connection) -> Result<()> {
    // Silence SQLCipher's own stderr logging: a wrong key is reported by us, once.
    conn.pragma_update(None, "cipher_log_level", "NONE")
        .ctx("setting cipher_log_level")?;
    if WIPE_FREED_MEMORY.load(Ordering::SeqCst) {
        conn.pragma_update(None, "cipher_memory_security", "ON")
            .ctx("enabling cipher_memory_security")?;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_statement_quotes_the_passphrase_and_keeps_a_raw_key() {
        let p = |s: &str| key_statement(&Passphrase::new(s.to_string()));
        assert_eq!(p("it's").as_str(), "PRAGMA key = 'it''s';");
        assert_eq!(p("x'00ff'").as_str(), "PRAGMA key = 'x''00ff''';");
        assert_eq!(p("';DROP").as_str(), "PRAGMA key = ''';DROP';");
        // Never grown: the buffer that is wiped is the only one there was.
        let s = p("a'b'c 日本");
        assert_eq!(s.capacity(), s.len());
    }

    /// The statement keys a connection exactly as `pragma_update` did: a file keyed the
    /// old way opens the new way, for a passphrase with quotes and for a raw key, and a
    /// different key still does not.
    #[test]
    fn a_file_keyed_the_old_way_opens_the_new_way() {
        let dir = tempfile::tempdir().unwrap();
        let keys = [
            "o'brien's ''x",
            "x'2dd29ca851e7b56e4697b0e1f08507293d761a05ce4d1b628663f411a8086d99'",
        ];
        for (i, key) in keys.into_iter().enumerate() {
            let path = dir.path().join(format!("{i}.db"));
            let old = connect(&path, OpenFlags::default()).unwrap();
            old.pragma_update(None, "key", key).unwrap();
            old.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (42);")
                .unwrap();
            drop(old);
            let new = connect(&path, OpenFlags::default()).unwrap();
            unlock(&new, &path, &Passphrase::new(key.to_string())).unwrap();
            let x: i64 = new.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
            assert_eq!(x, 42);
            let wrong = connect(&path, OpenFlags::default()).unwrap();
            let other = Passphrase::new(key.replace('2', "3").replace("o'", "o"));
            assert!(matches!(
                unlock(&wrong, &path, &other),
                Err(Error::WrongPassphrase(_))
            ));
        }
    }
}
