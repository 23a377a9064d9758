//! Results entered in a drill (`drill_checks`): never overwritten; a correction is a new
//! row naming the row it replaces.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::jst_text;
use crate::clock::stamp;
use crate::error::{Result, SqlContext};
use crate::model::drill::{CheckEntry, CheckStatus};

/// Every entered result of a drill, in entry order.
pub(crate) fn checks(conn: &Connection, drill_id: i64) -> Result<Vec<CheckEntry>> {
    read_checks(conn, "c.drill_id = ?1", params![drill_id])
}

/// One person's results in a drill, in entry order (by the index, not the whole drill:
/// the entry screen asks this for every number typed).
pub(crate) fn person_checks(
    conn: &Connection,
    drill_id: i64,
    person_id: i64,
) -> Result<Vec<CheckEntry>> {
    read_checks(
        conn,
        "c.drill_id = ?1 AND c.person_id = ?2",
        params![drill_id, person_id],
    )
}

fn read_checks(
    conn: &Connection,
    filter: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Vec<CheckEntry>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT c.id, c.person_id, c.status, c.checked_at, c.checked_by, c.note, c.corrects,
                    (SELECT n.id FROM drill_checks n WHERE n.corrects = c.id),
                    c.recorded_at, c.recorded_by
             FROM drill_checks c WHERE {filter} ORDER BY c.id"
        ))
        .ctx("reading drill results")?;
    let rows = stmt
        .query_map(args, |r| {
            let status: String = r.get(2)?;
            let checked_at: String = r.get(3)?;
            Ok(CheckEntry {
                id: r.get(0)?,
                person_id: r.get(1)?,
                status: CheckStatus::from_token(&status).unwrap_or(CheckStatus::Unreached),
                checked_at_jst: jst_text(&checked_at),
                checked_at,
                checked_by: r.get(4)?,
                note: r.get(5)?,
                corrects: r.get(6)?,
                corrected_by: r.get(7)?,
                recorded_at: r.get(8)?,
                recorded_by: r.get(9)?,
            })
        })
        .ctx("reading drill results")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading drill results")?;
    Ok(rows)
}

/// A result as entered.
pub(crate) struct NewCheck<'a> {
    pub(crate) drill_id: i64,
    pub(crate) person_id: i64,
    pub(crate) status: CheckStatus,
    pub(crate) at: DateTime<Utc>,
    pub(crate) by: &'a str,
    pub(crate) note: &'a str,
    pub(crate) corrects: Option<i64>,
    pub(crate) recorded_at: &'a str,
    pub(crate) recorded_by: &'a str,
}

/// Stores a result; its id.
pub(crate) fn insert(conn: &Connection, c: &NewCheck<'_>) -> Result<i64> {
    conn.execute(
        "INSERT INTO drill_checks (drill_id, person_id, status, checked_at, checked_by,
            note, corrects, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            c.drill_id,
            c.person_id,
            c.status.token(),
            stamp(c.at),
            c.by,
            c.note,
            c.corrects,
            c.recorded_at,
            c.recorded_by
        ],
    )
    .ctx("entering a drill result")?;
    Ok(conn.last_insert_rowid())
}
