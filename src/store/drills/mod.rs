//! Drill sessions (`drills`), their districts, the check sheets printed for them, and who
//! they must reach; results in [`checks`], calls to supporters in [`warnings`]. The rules
//! for reading results are [`crate::model::drill`].

pub mod arrivals;
pub mod checks;
pub mod warnings;

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::clock::jst;
use crate::error::{Error, Result, SqlContext};

/// A drill session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Drill {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Day held (ISO).
    pub held_on: String,
    /// Scenario.
    pub scenario: String,
    /// Start (RFC 3339 UTC).
    pub starts_at: String,
    /// Start in Japan (`YYYY-MM-DD HH:MM`).
    pub starts_jst: String,
    /// Warnings target, minutes.
    pub warn_target_min: u32,
    /// Confirmation target, minutes.
    pub confirm_target_min: u32,
    /// A disaster-mode exercise.
    pub disaster: bool,
    /// Lessons noted.
    pub lessons: String,
    /// Districts taking part.
    pub districts: Vec<String>,
    /// Check sheets printed.
    pub sheets: usize,
    /// Results entered (corrections included).
    pub checks: usize,
}

impl Drill {
    /// The start as an instant.
    pub fn start(&self) -> Result<DateTime<Utc>> {
        instant(&self.starts_at)
    }
}

pub(crate) fn instant(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.to_utc())
        .map_err(|_| Error::Integrity(format!("a stored time is not RFC 3339: {s}")))
}

/// The Japanese wall-clock time of a stored instant.
pub(crate) fn jst_text(s: &str) -> String {
    instant(s)
        .map(|t| jst(t).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// The instant of a Japanese date and time.
pub fn jst_instant(day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    (day.and_time(time) - Duration::hours(9)).and_utc()
}

const DRILL_COLUMNS: &str = "d.id, d.name, d.held_on, d.scenario, d.starts_at, d.warn_target_min,
    d.confirm_target_min, d.disaster, d.lessons,
    (SELECT count(*) FROM drill_sheets s WHERE s.drill_id = d.id),
    (SELECT count(*) FROM drill_checks c WHERE c.drill_id = d.id)";

fn drill_from_row(r: &Row<'_>) -> rusqlite::Result<Drill> {
    let starts_at: String = r.get(4)?;
    Ok(Drill {
        id: r.get(0)?,
        name: r.get(1)?,
        held_on: r.get(2)?,
        scenario: r.get(3)?,
        starts_jst: jst_text(&starts_at),
        starts_at,
        warn_target_min: r.get(5)?,
        confirm_target_min: r.get(6)?,
        disaster: r.get::<_, i64>(7)? == 1,
        lessons: r.get(8)?,
        districts: Vec::new(),
        sheets: r.get::<_, i64>(9)?.try_into().unwrap_or(0),
        checks: r.get::<_, i64>(10)?.try_into().unwrap_or(0),
    })
}

/// The drill's districts, by id and name, in id order.
pub(crate) fn districts(conn: &Connection, drill_id: i64) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT x.id, x.name FROM drill_districts dd JOIN districts x ON x.id = dd.district_id
             WHERE dd.drill_id = ?1 ORDER BY x.id",
        )
        .ctx("reading a drill's districts")?;
    let rows = stmt
        .query_map([drill_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .ctx("reading a drill's districts")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading a drill's districts")?;
    Ok(rows)
}

/// One drill.
pub(crate) fn load(conn: &Connection, id: i64) -> Result<Drill> {
    let mut d = conn
        .query_row(
            &format!("SELECT {DRILL_COLUMNS} FROM drills d WHERE d.id = ?1"),
            [id],
            drill_from_row,
        )
        .optional()
        .ctx("reading a drill")?
        .ok_or(Error::NotFound { what: "drill", id })?;
    d.districts = districts(conn, id)?.into_iter().map(|(_, n)| n).collect();
    Ok(d)
}

/// Every drill, oldest first.
pub(crate) fn list(conn: &Connection) -> Result<Vec<Drill>> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {DRILL_COLUMNS} FROM drills d ORDER BY d.held_on, d.starts_at, d.id"
        ))
        .ctx("listing drills")?;
    let mut drills = stmt
        .query_map([], drill_from_row)
        .ctx("listing drills")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .ctx("listing drills")?;
    for d in &mut drills {
        d.districts = districts(conn, d.id)?.into_iter().map(|(_, n)| n).collect();
    }
    Ok(drills)
}

/// The people a drill must reach: everyone on its check sheets, with the sheet's district
/// (someone on sheets of two districts counts once, in the first sheet's district). No
/// `DISTINCT`: at city scale it sorted half a million pairs in a temporary b-tree; the map
/// drops the repeats.
pub(crate) fn population(conn: &Connection, drill_id: i64) -> Result<BTreeMap<i64, i64>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT ip.person_id, s.district_id
             FROM drill_sheets s JOIN issuance_persons ip ON ip.issuance_id = s.issuance_id
             WHERE s.drill_id = ?1 ORDER BY s.issuance_id",
        )
        .ctx("reading who a drill must reach")?;
    let mut rows = stmt
        .query([drill_id])
        .ctx("reading who a drill must reach")?;
    let mut out = BTreeMap::new();
    while let Some(r) = rows.next().ctx("reading who a drill must reach")? {
        let person: i64 = r.get(0).ctx("reading who a drill must reach")?;
        let district: i64 = r.get(1).ctx("reading who a drill must reach")?;
        out.entry(person).or_insert(district);
    }
    Ok(out)
}

/// A check sheet printed for a drill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DrillSheet {
    /// Its serial in the copy ledger.
    pub serial: String,
    /// The district it covers.
    pub district: String,
    /// The 自治会 / 班 cut, as printed.
    pub cut: String,
    /// Who holds it.
    pub recipient_name: String,
    /// People on it.
    pub persons: i64,
    /// When it was printed (RFC 3339).
    pub issued_at: String,
    /// `issued` | `returned` | `destroyed` | `lost`.
    pub status: String,
}

/// The check sheets printed for drill `drill_id`, oldest first.
pub(crate) fn sheets(conn: &Connection, drill_id: i64) -> Result<Vec<DrillSheet>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT i.serial, x.name, i.cut, i.recipient_name, i.person_count, i.issued_at,
                    i.status
             FROM drill_sheets s JOIN issuances i ON i.id = s.issuance_id
             JOIN districts x ON x.id = s.district_id
             WHERE s.drill_id = ?1 ORDER BY i.id",
        )
        .ctx("reading a drill's sheets")?;
    let rows = stmt
        .query_map([drill_id], |r| {
            Ok(DrillSheet {
                serial: r.get(0)?,
                district: r.get(1)?,
                cut: r.get(2)?,
                recipient_name: r.get(3)?,
                persons: r.get(4)?,
                issued_at: r.get(5)?,
                status: r.get(6)?,
            })
        })
        .ctx("reading a drill's sheets")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading a drill's sheets")?;
    Ok(rows)
}

/// The district of the drill sheet `person_id` is on; `None` when on none.
pub(crate) fn on_sheets(
    conn: &Connection,
    drill_id: i64,
    person_id: i64,
) -> Result<Option<String>> {
    conn.query_row(
        "SELECT x.name FROM drill_sheets s
         JOIN issuance_persons ip ON ip.issuance_id = s.issuance_id
         JOIN districts x ON x.id = s.district_id
         WHERE s.drill_id = ?1 AND ip.person_id = ?2 LIMIT 1",
        params![drill_id, person_id],
        |r| r.get(0),
    )
    .optional()
    .ctx("looking up a person on a drill's sheets")
}

/// A drill as stored: its row, and the ids of its districts.
pub(crate) struct DrillRow<'a> {
    pub(crate) name: &'a str,
    pub(crate) held_on: NaiveDate,
    pub(crate) scenario: &'a str,
    pub(crate) starts_at: &'a str,
    pub(crate) targets: (u32, u32),
    pub(crate) disaster: bool,
    pub(crate) districts: &'a [i64],
    pub(crate) created_at: &'a str,
    pub(crate) created_by: &'a str,
}

/// Stores a new drill with its districts; its id.
pub(crate) fn insert(conn: &Connection, d: &DrillRow<'_>) -> Result<i64> {
    conn.execute(
        "INSERT INTO drills (name, held_on, scenario, starts_at, warn_target_min,
            confirm_target_min, disaster, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            d.name,
            d.held_on.format("%Y-%m-%d").to_string(),
            d.scenario,
            d.starts_at,
            d.targets.0,
            d.targets.1,
            i64::from(d.disaster),
            d.created_at,
            d.created_by
        ],
    )
    .ctx("creating a drill")?;
    let id = conn.last_insert_rowid();
    for did in d.districts {
        conn.execute(
            "INSERT INTO drill_districts (drill_id, district_id) VALUES (?1, ?2)",
            params![id, did],
        )
        .ctx("naming a drill's districts")?;
    }
    Ok(id)
}

/// Sets the lessons noted for drill `id`.
pub(crate) fn set_lessons(conn: &Connection, id: i64, text: &str) -> Result<()> {
    conn.execute(
        "UPDATE drills SET lessons = ?2 WHERE id = ?1",
        params![id, text],
    )
    .ctx("noting a drill's lessons")?;
    Ok(())
}

/// Links a printed check sheet (its ledger copy) to its drill and district: who is on the
/// drill's sheets is who the drill must reach.
pub(crate) fn link_sheet(
    conn: &Connection,
    drill_id: i64,
    issuance_id: i64,
    district_id: i64,
) -> Result<()> {
    conn.execute(
        "INSERT INTO drill_sheets (drill_id, issuance_id, district_id) VALUES (?1, ?2, ?3)",
        params![drill_id, issuance_id, district_id],
    )
    .ctx("linking a check sheet to its drill")?;
    Ok(())
}
