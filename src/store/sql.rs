//! Small helpers every aggregate module uses: cached statements, id sets in one
//! statement, the files SQLite keeps beside a roster, and making their folder private.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::{Error, Result, SqlContext};

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
pub(crate) fn restrict_permissions(path: &Path) {
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
