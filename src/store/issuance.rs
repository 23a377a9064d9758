//! The copy ledger's rows (交付台帳): every printed list and plan sheet that leaves the
//! office, the people on it, and its status history. The ledger as officers work it is
//! `printing/copies.rs`.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use super::facts::parse_token;
use super::Cached;
use crate::error::{Error, Result, SqlContext};
use crate::model::{IssuanceKind, IssuanceStatus};

/// One copy in the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issuance {
    /// Row id.
    pub id: i64,
    /// 交付番号, printed on every page.
    pub serial: String,
    /// What it is.
    pub kind: IssuanceKind,
    /// The recipient (`None`: the office's or the person's own copy).
    pub recipient_id: Option<i64>,
    /// The recipient's name as printed.
    pub recipient_name: String,
    /// 管理責任者 when issued.
    pub custodian: String,
    /// District / association / block as printed.
    pub cut: String,
    /// The fields printed (tokens).
    pub profile: String,
    /// Made in disaster mode.
    pub disaster: bool,
    /// Locked with a password.
    pub locked: bool,
    /// People on it.
    pub person_count: i64,
    /// Pages.
    pub pages: i64,
    /// SHA-256 of the file as saved (identifies a found copy).
    pub sha256: String,
    /// When (RFC 3339).
    pub issued_at: String,
    /// By whom.
    pub issued_by: String,
    /// To be back by (ISO date), if it is to be collected.
    pub due_back: Option<String>,
    /// Where it is.
    pub status: IssuanceStatus,
    /// When the status last changed.
    pub status_at: Option<String>,
    /// Who recorded it.
    pub status_by: String,
    /// Their note.
    pub status_note: String,
    /// The serial this copy reprints.
    pub reprint_of: Option<String>,
    /// Why it was reprinted.
    pub reprint_reason: String,
}

const COLUMNS: &str = "i.id, i.serial, i.kind, i.recipient_id, i.recipient_name, i.custodian,
    i.cut, i.profile, i.disaster, i.locked, i.person_count, i.pages, i.sha256, i.issued_at,
    i.issued_by, i.due_back, i.status, i.status_at, i.status_by, i.status_note,
    (SELECT o.serial FROM issuances o WHERE o.id = i.reprint_of), i.reprint_reason";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Issuance> {
    Ok(Issuance {
        id: r.get(0)?,
        serial: r.get(1)?,
        kind: parse_token(r, 2, IssuanceKind::from_token)?,
        recipient_id: r.get(3)?,
        recipient_name: r.get(4)?,
        custodian: r.get(5)?,
        cut: r.get(6)?,
        profile: r.get(7)?,
        disaster: r.get(8)?,
        locked: r.get(9)?,
        person_count: r.get(10)?,
        pages: r.get(11)?,
        sha256: r.get(12)?,
        issued_at: r.get(13)?,
        issued_by: r.get(14)?,
        due_back: r.get(15)?,
        status: parse_token(r, 16, IssuanceStatus::from_token)?,
        status_at: r.get(17)?,
        status_by: r.get(18)?,
        status_note: r.get(19)?,
        reprint_of: r.get(20)?,
        reprint_reason: r.get(21)?,
    })
}

/// A copy about to be recorded.
pub(crate) struct NewIssuance<'a> {
    pub serial: &'a str,
    pub kind: IssuanceKind,
    pub recipient_id: Option<i64>,
    pub recipient_name: &'a str,
    pub custodian: &'a str,
    pub cut: &'a str,
    pub profile: &'a str,
    pub disaster: bool,
    pub locked: bool,
    pub pages: usize,
    pub sha256: &'a str,
    pub issued_at: &'a str,
    pub issued_by: &'a str,
    pub due_back: Option<NaiveDate>,
    pub reprint_of: Option<i64>,
    pub reprint_reason: &'a str,
}

/// The next serial of the year of `today`: `2026-00001`, `2026-00002` …
pub(crate) fn next_serial(conn: &Connection, today: NaiveDate) -> Result<String> {
    let year = today.format("%Y").to_string();
    let last: Option<String> = conn
        .row(
            "SELECT serial FROM issuances WHERE serial LIKE ?1 || '-%' ORDER BY serial DESC LIMIT 1",
            [&year],
            |r| r.get(0),
        )
        .optional()
        .ctx("reading the last serial")?;
    Ok(serial_after(last.as_deref(), today))
}

/// The serial that follows `last` (the year's last one, or `None` for none yet) on
/// `today`: what [`next_serial`] returns once `last` is recorded. A job of many copies in
/// one transaction numbers them ahead of recording them.
pub(crate) fn serial_after(last: Option<&str>, today: NaiveDate) -> String {
    let year = today.format("%Y").to_string();
    let n = last
        .filter(|s| s.split('-').next() == Some(year.as_str()))
        .and_then(|s| s.split('-').nth(1).and_then(|n| n.parse::<u32>().ok()))
        .unwrap_or(0);
    format!("{year}-{:05}", n + 1)
}

/// Records a copy and the people on it; returns its id.
pub(crate) fn insert(conn: &Connection, c: &NewIssuance<'_>, persons: &[i64]) -> Result<i64> {
    conn.exec(
        "INSERT INTO issuances (serial, kind, recipient_id, recipient_name, custodian, cut,
             profile, disaster, locked, person_count, pages, sha256, issued_at, issued_by,
             due_back, reprint_of, reprint_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![
            c.serial,
            c.kind.token(),
            c.recipient_id,
            c.recipient_name,
            c.custodian,
            c.cut,
            c.profile,
            c.disaster,
            c.locked,
            persons.len() as i64,
            c.pages as i64,
            c.sha256,
            c.issued_at,
            c.issued_by,
            c.due_back.map(|d| d.format("%Y-%m-%d").to_string()),
            c.reprint_of,
            c.reprint_reason,
        ],
    )
    .ctx("recording a copy")?;
    let id = conn.last_insert_rowid();
    let mut stmt = conn
        .prepare_cached("INSERT INTO issuance_persons (issuance_id, person_id) VALUES (?1, ?2)")
        .ctx("recording who is on a copy")?;
    for p in persons {
        stmt.execute(params![id, p])
            .ctx("recording who is on a copy")?;
    }
    Ok(id)
}

/// The copy with `serial`.
pub(crate) fn by_serial(conn: &Connection, serial: &str) -> Result<Issuance> {
    conn.row(
        &format!("SELECT {COLUMNS} FROM issuances i WHERE i.serial = ?1"),
        [serial.trim()],
        from_row,
    )
    .optional()
    .ctx("reading a copy")?
    .ok_or_else(|| {
        Error::invalid(
            "serial",
            "no copy has that serial (see `yorisoi issuance list`)",
        )
    })
}

/// The copies of `kind` still out with `recipient_id` for the same cut.
pub(crate) fn outstanding(
    conn: &Connection,
    recipient_id: Option<i64>,
    kind: IssuanceKind,
    cut: &str,
) -> Result<Vec<Issuance>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM issuances i
             WHERE i.recipient_id IS ?1 AND i.kind = ?2 AND i.cut = ?3 AND i.status = 'issued'
             ORDER BY i.serial"
        ))
        .ctx("reading outstanding copies")?;
    let rows = stmt
        .query_map(params![recipient_id, kind.token(), cut], from_row)
        .ctx("reading outstanding copies")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("reading outstanding copies")
}

/// One person on a copy (for telling people about a lost copy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyPerson {
    /// Id.
    pub person_id: i64,
    /// 氏名.
    pub name: String,
    /// 住所.
    pub address: String,
    /// 電話.
    pub phone: String,
}

/// One status change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuanceEvent {
    /// New status.
    pub status: IssuanceStatus,
    /// When (RFC 3339).
    pub at: String,
    /// Who recorded it.
    pub recorded_by: String,
    /// Note.
    pub note: String,
}

/// The ledger, oldest first, optionally only copies with `status`.
pub(crate) fn list(conn: &Connection, status: Option<IssuanceStatus>) -> Result<Vec<Issuance>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM issuances i WHERE ?1 IS NULL OR i.status = ?1 ORDER BY i.serial"
        ))
        .ctx("reading the ledger")?;
    let rows = stmt
        .query_map([status.map(IssuanceStatus::token)], from_row)
        .ctx("reading the ledger")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("reading the ledger")
}

/// Copy `issuance_id`'s status changes, oldest first.
pub(crate) fn events(conn: &Connection, issuance_id: i64) -> Result<Vec<IssuanceEvent>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT status, at, recorded_by, note FROM issuance_events
             WHERE issuance_id = ?1 ORDER BY id",
        )
        .ctx("reading a copy's history")?;
    let events = stmt
        .query_map([issuance_id], |r| {
            Ok(IssuanceEvent {
                status: parse_token(r, 0, IssuanceStatus::from_token)?,
                at: r.get(1)?,
                recorded_by: r.get(2)?,
                note: r.get(3)?,
            })
        })
        .ctx("reading a copy's history")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading a copy's history");
    events
}

/// The people on copy `issuance_id`, by id.
pub(crate) fn persons_on(conn: &Connection, issuance_id: i64) -> Result<Vec<CopyPerson>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT p.id, p.name, p.address, p.phone FROM issuance_persons ip
             JOIN persons p ON p.id = ip.person_id
             WHERE ip.issuance_id = ?1 ORDER BY p.id",
        )
        .ctx("reading the people on a copy")?;
    let persons = stmt
        .query_map([issuance_id], |r| {
            Ok(CopyPerson {
                person_id: r.get(0)?,
                name: r.get(1)?,
                address: r.get(2)?,
                phone: r.get(3)?,
            })
        })
        .ctx("reading the people on a copy")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading the people on a copy");
    persons
}

/// Sets copy `issuance_id`'s status and keeps the change in its history.
pub(crate) fn set_status(
    conn: &Connection,
    issuance_id: i64,
    status: IssuanceStatus,
    at: &str,
    by: &str,
    note: &str,
) -> Result<()> {
    conn.exec(
        "UPDATE issuances SET status = ?2, status_at = ?3, status_by = ?4,
             status_note = ?5 WHERE id = ?1",
        params![issuance_id, status.token(), at, by, note],
    )
    .ctx("recording a copy's status")?;
    conn.exec(
        "INSERT INTO issuance_events (issuance_id, status, at, recorded_by, note)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![issuance_id, status.token(), at, by, note],
    )
    .ctx("recording a copy's status")?;
    Ok(())
}

/// The people on copy `issuance_id` who withdrew (or refused) sharing with its recipient
/// at or after `since`, by id.
pub(crate) fn withdrawn_since(
    conn: &Connection,
    issuance_id: i64,
    since: &str,
) -> Result<Vec<i64>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT DISTINCT ip.person_id FROM issuance_persons ip
             JOIN issuances i ON i.id = ip.issuance_id
             JOIN recipients r ON r.id = i.recipient_id
             JOIN consents c ON c.person_id = ip.person_id
             WHERE ip.issuance_id = ?1 AND c.answer IN ('withdrawn', 'refused')
               AND c.recipient_kind = r.kind
               AND (c.recipient_id IS NULL OR c.recipient_id = r.id)
               AND c.recorded_at >= ?2
             ORDER BY ip.person_id",
        )
        .ctx("reading withdrawals")?;
    let ids = stmt
        .query_map(params![issuance_id, since], |r| r.get::<_, i64>(0))
        .ctx("reading withdrawals")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading withdrawals");
    ids
}
