//! Calls to supporters in a drill (`drill_warnings`), and the supporters a call list
//! reaches. Like results, never overwritten: a correction is a new row.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::jst_text;
use crate::clock::stamp;
use crate::error::{Result, SqlContext};
use crate::model::drill::WarningEntry;
use crate::store::rows_by_id;

/// Every warning entry of a drill, in entry order.
pub(crate) fn warnings(conn: &Connection, drill_id: i64) -> Result<Vec<WarningEntry>> {
    read(conn, "w.drill_id = ?1", params![drill_id])
}

/// Supporter `supporter_id`'s warning entries in a drill, in entry order (by the index,
/// not the whole drill).
pub(crate) fn supporter_warnings(
    conn: &Connection,
    drill_id: i64,
    supporter_id: i64,
) -> Result<Vec<WarningEntry>> {
    read(
        conn,
        "w.drill_id = ?1 AND w.supporter_id = ?2",
        params![drill_id, supporter_id],
    )
}

fn read(
    conn: &Connection,
    filter: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Vec<WarningEntry>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT w.id, w.supporter_id, w.reached, w.warned_at, w.warned_by, w.note, w.corrects,
                    (SELECT n.id FROM drill_warnings n WHERE n.corrects = w.id),
                    w.recorded_at, w.recorded_by
             FROM drill_warnings w WHERE {filter} ORDER BY w.id"
        ))
        .ctx("reading drill warnings")?;
    let rows = stmt
        .query_map(args, |r| {
            let warned_at: String = r.get(3)?;
            Ok(WarningEntry {
                id: r.get(0)?,
                supporter_id: r.get(1)?,
                reached: r.get(2)?,
                warned_at_jst: jst_text(&warned_at),
                warned_at,
                warned_by: r.get(4)?,
                note: r.get(5)?,
                corrects: r.get(6)?,
                corrected_by: r.get(7)?,
                recorded_at: r.get(8)?,
                recorded_by: r.get(9)?,
            })
        })
        .ctx("reading drill warnings")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading drill warnings")?;
    Ok(rows)
}

/// What the call list shows of a supporter: how to reach them and when they can help.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reach {
    pub name: String,
    pub phone: String,
    pub available_day: bool,
    pub available_night: bool,
}

/// How to reach each of `ids`, in one statement (a whole town's call list has thousands).
pub(crate) fn reach(conn: &Connection, ids: &BTreeSet<i64>) -> Result<BTreeMap<i64, Reach>> {
    rows_by_id(
        conn,
        "SELECT id, name, phone, available_day, available_night FROM supporters
         WHERE id IN (SELECT value FROM json_each(?1))",
        ids,
        "reading supporters to call",
        |r| {
            Ok(Reach {
                name: r.get(1)?,
                phone: r.get(2)?,
                available_day: r.get(3)?,
                available_night: r.get(4)?,
            })
        },
    )
}

/// The drill's people supporter `supporter_id` supports, each with the district of their
/// sheet (by the indexes: one supporter, not the whole call list).
pub(crate) fn supported(
    conn: &Connection,
    drill_id: i64,
    supporter_id: i64,
) -> Result<BTreeMap<i64, String>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT a.person_id, x.name FROM assignments a
             JOIN issuance_persons ip ON ip.person_id = a.person_id
             JOIN drill_sheets s ON s.issuance_id = ip.issuance_id
             JOIN districts x ON x.id = s.district_id
             WHERE s.drill_id = ?1 AND a.supporter_id = ?2",
        )
        .ctx("reading whom a supporter supports in a drill")?;
    let rows = stmt
        .query_map(params![drill_id, supporter_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .ctx("reading whom a supporter supports in a drill")?
        .collect::<rusqlite::Result<BTreeMap<i64, String>>>()
        .ctx("reading whom a supporter supports in a drill")?;
    Ok(rows)
}

/// A call as entered.
pub(crate) struct NewWarning<'a> {
    pub(crate) drill_id: i64,
    pub(crate) supporter_id: i64,
    pub(crate) reached: bool,
    pub(crate) at: DateTime<Utc>,
    pub(crate) by: &'a str,
    pub(crate) note: &'a str,
    pub(crate) corrects: Option<i64>,
    pub(crate) recorded_at: &'a str,
    pub(crate) recorded_by: &'a str,
}

/// Stores a call; its id.
pub(crate) fn insert(conn: &Connection, w: &NewWarning<'_>) -> Result<i64> {
    conn.execute(
        "INSERT INTO drill_warnings (drill_id, supporter_id, reached, warned_at, warned_by,
            note, corrects, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            w.drill_id,
            w.supporter_id,
            w.reached,
            stamp(w.at),
            w.by,
            w.note,
            w.corrects,
            w.recorded_at,
            w.recorded_by
        ],
    )
    .ctx("entering a warning")?;
    Ok(conn.last_insert_rowid())
}
