//! The audit log: append-only rows, each hashed together with the previous row's hash, and
//! the head (newest seq and hash) kept beside it so dropping the newest rows shows too.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::Cached;
use crate::error::{Result, SqlContext};

pub mod head;

/// The hash before the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A row to append.
pub struct NewEntry<'a> {
    /// RFC 3339 instant.
    pub at: &'a str,
    /// The account that unlocked (empty in rows from before accounts).
    pub account: &'a str,
    /// The name the desk gave (OS account or free text), information only.
    pub operator: &'a str,
    /// What happened (`person.add`, `roster.unlock`, ...).
    pub action: &'a str,
    /// The kind of record concerned (`person`, ...) or empty.
    pub entity: &'a str,
    /// Its id.
    pub entity_id: Option<i64>,
    /// Ids, field names, counts — never personal data.
    pub detail: &'a str,
}

/// One stored audit row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// RFC 3339 instant.
    pub at: String,
    /// The account that unlocked: who did it (empty in rows from before accounts).
    pub account: String,
    /// The name the desk gave (the OS account, or a free-text name for a shared team
    /// account): information only.
    pub operator: String,
    /// What happened.
    pub action: String,
    /// Record kind.
    pub entity: String,
    /// Record id.
    pub entity_id: Option<i64>,
    /// Detail.
    pub detail: String,
    /// Previous row's hash.
    pub prev_hash: String,
    /// This row's hash.
    pub hash: String,
}

impl AuditEntry {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<AuditEntry> {
        Ok(AuditEntry {
            seq: r.get("seq")?,
            at: r.get("at")?,
            account: r.get("account")?,
            operator: r.get("operator")?,
            action: r.get("action")?,
            entity: r.get("entity")?,
            entity_id: r.get("entity_id")?,
            detail: r.get("detail")?,
            prev_hash: r.get("prev_hash")?,
            hash: r.get("hash")?,
        })
    }
}

/// The hash of a row: SHA-256 over its fields and the previous hash, separated by a byte
/// that cannot occur in them unescaped (unit separator), so fields cannot be shifted.
/// The account joins the hash only when there is one, so rows from before accounts keep
/// their hashes; blanking a later row's account changes what its hash covers, and shows.
pub fn row_hash(seq: i64, e: &NewEntry<'_>, prev_hash: &str) -> String {
    let mut h = Sha256::new();
    let account = (!e.account.is_empty()).then(|| format!("account={}", e.account));
    for part in account.as_deref().into_iter().chain([
        seq.to_string().as_str(),
        e.at,
        e.operator,
        e.action,
        e.entity,
        e.entity_id.map(|i| i.to_string()).as_deref().unwrap_or(""),
        e.detail,
        prev_hash,
    ]) {
        h.update(part.len().to_string().as_bytes());
        h.update(b":");
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    hex::encode(h.finalize())
}

/// Appends a row (inside the caller's transaction).
pub(crate) fn append(conn: &Connection, e: &NewEntry<'_>) -> Result<()> {
    let (prev_seq, prev_hash) = recorded_head(conn)?.unwrap_or((0, GENESIS.to_string()));
    let seq = prev_seq + 1;
    let hash = row_hash(seq, e, &prev_hash);
    conn.exec(
        "INSERT INTO audit_log (seq, at, account, operator, action, entity, entity_id, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![seq, e.at, e.account, e.operator, e.action, e.entity, e.entity_id, e.detail, prev_hash, hash],
    )
    .ctx("writing the audit log")?;
    conn.exec(
        "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
        params![seq, hash],
    )
    .ctx("writing the audit head")?;
    Ok(())
}

/// The outcome of verifying the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    /// Rows read.
    pub rows: i64,
    /// The head hash (printed in list footers).
    pub head: String,
    /// The first fault, if any: which row and what is wrong.
    pub first_fault: Option<String>,
}

/// Walks the whole chain in order and reports the first row that does not fit.
pub fn verify(conn: &Connection) -> Result<ChainReport> {
    let mut fault = None;
    let (rows, head) = walk(conn, |_, row_fault| {
        if fault.is_none() {
            fault = row_fault;
        }
    })?;
    if fault.is_none() {
        fault = recorded_head_fault(conn, rows, &head)?;
    }
    Ok(ChainReport {
        rows,
        head,
        first_fault: fault,
    })
}

/// Reads every stored row in stored order and checks each against the one stored before
/// it (its position, its link, its own hash); `visit` gets each row with its fault.
/// Returns how many rows there are and the last stored hash.
///
/// A value that is not text where text belongs (a damaged byte that is no longer UTF-8)
/// is that row's fault, not an error that stops the walk: `check` names the row.
pub(crate) fn walk(
    conn: &Connection,
    mut visit: impl FnMut(&AuditEntry, Option<String>),
) -> Result<(i64, String)> {
    let mut stmt = conn
        .prepare("SELECT seq, at, account, operator, action, entity, entity_id, detail, prev_hash, hash FROM audit_log ORDER BY rowid")
        .ctx("reading the audit log")?;
    let mut rows = stmt.query([]).ctx("reading the audit log")?;
    let mut expected_seq = 1;
    let mut prev = GENESIS.to_string();
    while let Some(row) = rows.next().ctx("reading an audit row")? {
        let (r, readable) = StoredRow::read(row).ctx("reading an audit row")?;
        let entry = NewEntry {
            at: &r.at,
            account: &r.account,
            operator: &r.operator,
            action: &r.action,
            entity: &r.entity,
            entity_id: r.entity_id,
            detail: &r.detail,
        };
        let fault = if !readable {
            Some(format!(
                "audit row {}: a stored value is not readable text (damaged)",
                r.seq
            ))
        } else if r.seq != expected_seq {
            Some(format!(
                "audit row {}: expected row {expected_seq} here (a row was deleted or moved)",
                r.seq
            ))
        } else if r.prev_hash != prev {
            Some(format!(
                "audit row {}: does not link to the row before it",
                r.seq
            ))
        } else if row_hash(r.seq, &entry, &r.prev_hash) != r.hash {
            Some(format!(
                "audit row {}: its content does not match its hash (edited)",
                r.seq
            ))
        } else {
            None
        };
        visit(&r, fault);
        prev = r.hash.clone();
        expected_seq += 1;
    }
    Ok((expected_seq - 1, prev))
}

/// The fault, if any, between the rows the walk read (`rows`, ending in `last_hash`) and
/// the head recorded beside them: rows removed from the end show here. A recorded hash
/// that is not text (a damaged byte) is a fault too, not an error.
pub(crate) fn recorded_head_fault(
    conn: &Connection,
    rows: i64,
    last_hash: &str,
) -> Result<Option<String>> {
    let head: Option<(i64, Option<String>)> = conn
        .row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| {
            let hash = match r.get_ref(1)? {
                rusqlite::types::ValueRef::Text(b) => {
                    std::str::from_utf8(b).ok().map(str::to_string)
                }
                _ => None,
            };
            Ok((r.get(0)?, hash))
        })
        .optional()
        .ctx("reading the audit head")?;
    let (head_seq, head_hash) = head.unwrap_or((0, Some(GENESIS.to_string())));
    let Some(head_hash) = head_hash else {
        return Ok(Some(
            "the recorded audit head is not readable text (damaged)".to_string(),
        ));
    };
    Ok((head_seq != rows || head_hash != last_hash).then(|| {
        format!(
            "audit log ends at row {rows} but its recorded head is row {head_seq} (rows were removed from the end)"
        )
    }))
}

/// The recorded head (`audit_head`), `None` before the first row.
fn recorded_head(conn: &Connection) -> Result<Option<(i64, String)>> {
    conn.row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()
    .ctx("reading the audit head")
}

/// A stored row read for checking: whatever its bytes, it reads; a value of the wrong
/// type or text that is not UTF-8 marks it unreadable (`false`) instead of failing.
struct StoredRow;

impl StoredRow {
    fn read(r: &Row<'_>) -> rusqlite::Result<(AuditEntry, bool)> {
        use rusqlite::types::ValueRef;
        let mut readable = true;
        let mut text = |i: usize| -> rusqlite::Result<String> {
            Ok(match r.get_ref(i)? {
                ValueRef::Text(b) => match std::str::from_utf8(b) {
                    Ok(s) => s.to_string(),
                    Err(_) => {
                        readable = false;
                        String::from_utf8_lossy(b).into_owned()
                    }
                },
                _ => {
                    readable = false;
                    String::new()
                }
            })
        };
        let (at, account, operator, action, entity) =
            (text(1)?, text(2)?, text(3)?, text(4)?, text(5)?);
        let (detail, prev_hash, hash) = (text(7)?, text(8)?, text(9)?);
        let entity_id = match r.get_ref(6)? {
            ValueRef::Null => None,
            ValueRef::Integer(i) => Some(i),
            _ => {
                readable = false;
                None
            }
        };
        let entry = AuditEntry {
            seq: r.get(0)?,
            at,
            account,
            operator,
            action,
            entity,
            entity_id,
            detail,
            prev_hash,
            hash,
        };
        Ok((entry, readable))
    }
}

/// Audit rows, newest first, optionally since an instant and for one record.
pub fn list(
    conn: &Connection,
    since: Option<&str>,
    entity: Option<(&str, i64)>,
    limit: Option<usize>,
) -> Result<Vec<AuditEntry>> {
    let limit = limit.map(|l| l as i64).unwrap_or(-1);
    let mut stmt = conn
        .prepare(
            "SELECT seq, at, account, operator, action, entity, entity_id, detail, prev_hash, hash FROM audit_log
             WHERE (?1 IS NULL OR at >= ?1)
               AND (?2 IS NULL OR (entity = ?2 AND entity_id = ?3))
             ORDER BY seq DESC LIMIT ?4",
        )
        .ctx("reading the audit log")?;
    let rows = stmt
        .query_map(
            params![since, entity.map(|e| e.0), entity.map(|e| e.1), limit],
            AuditEntry::from_row,
        )
        .ctx("reading the audit log")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading the audit log")
}

/// The chain's head as printed in every page's footer (`#seq hash`, `—` before the first
/// row), so a printed copy can be matched to the log that recorded it
/// ([`head::Head`] reads it back).
pub(crate) fn head_label(conn: &Connection) -> Result<String> {
    Ok(recorded_head(conn)?.map_or("—".to_string(), |(seq, hash)| {
        head::Head { seq, hash }.to_string()
    }))
}
