//! Arrivals at shelters in a drill (`drill_arrivals`): each one is also a `safe` result in
//! [`super::checks`], and an arrival whose result a later entry corrects is not counted.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use crate::clock::stamp;
use crate::error::{Result, SqlContext};

/// An arrival as entered.
pub(crate) struct NewArrival<'a> {
    pub(crate) drill_id: i64,
    pub(crate) person_id: i64,
    pub(crate) shelter_id: i64,
    pub(crate) check_id: i64,
    pub(crate) planned: bool,
    pub(crate) at: DateTime<Utc>,
    pub(crate) recorded_at: &'a str,
    pub(crate) recorded_by: &'a str,
}

/// Records an arrival; returns its id.
pub(crate) fn insert(conn: &Connection, a: &NewArrival<'_>) -> Result<i64> {
    conn.execute(
        "INSERT INTO drill_arrivals (drill_id, person_id, shelter_id, check_id, planned,
            arrived_at, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            a.drill_id,
            a.person_id,
            a.shelter_id,
            a.check_id,
            a.planned,
            stamp(a.at),
            a.recorded_at,
            a.recorded_by
        ],
    )
    .ctx("entering an arrival")?;
    Ok(conn.last_insert_rowid())
}

/// Raises the plan review flag `drill-elsewhere` for an arrival of `person_id` (entered as
/// check `check_id`) at a shelter their plan does not name, if they have a plan.
pub(crate) fn flag_elsewhere(
    conn: &Connection,
    person_id: i64,
    check_id: i64,
    shelter_id: i64,
    now: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO plan_review_flags (person_id, reason, source, drill_check_id, plan_as_of,
                                        raised_at)
         SELECT person_id, 'drill-elsewhere', 'shelter:' || ?3, ?2,
                max(updated_on, coalesce(verified_on, '')), ?4
         FROM plans WHERE person_id = ?1",
        params![person_id, check_id, shelter_id, now],
    )
    .ctx("raising a plan review flag")?;
    Ok(())
}

/// The shelters of the registry person `person_id`'s plan names (any hazard).
pub(crate) fn planned_shelters(conn: &Connection, person_id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT DISTINCT l.shelter_id FROM plan_destinations d
             JOIN plan_destination_shelters l ON l.destination_id = d.id
             WHERE d.person_id = ?1 AND l.shelter_id IS NOT NULL ORDER BY l.shelter_id",
        )
        .ctx("reading a plan's shelters")?;
    let rows = stmt
        .query_map([person_id], |r| r.get(0))
        .ctx("reading a plan's shelters")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("reading a plan's shelters")
}

/// An arrival that counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Counted {
    pub(crate) person_id: i64,
    pub(crate) shelter_id: i64,
    pub(crate) planned: bool,
    /// RFC 3339 UTC.
    pub(crate) arrived_at: String,
}

/// Each counted arrival of drill `drill_id` (the latest per person, its result not
/// corrected), by shelter and person.
pub(crate) fn counted(conn: &Connection, drill_id: i64) -> Result<Vec<Counted>> {
    let mut stmt = conn
        .prepare(
            "SELECT a.person_id, a.shelter_id, a.planned, a.arrived_at FROM drill_arrivals a
             WHERE a.drill_id = ?1
               AND NOT EXISTS (SELECT 1 FROM drill_checks c WHERE c.corrects = a.check_id)
               AND a.id = (SELECT max(b.id) FROM drill_arrivals b
                           WHERE b.drill_id = a.drill_id AND b.person_id = a.person_id
                             AND NOT EXISTS (SELECT 1 FROM drill_checks c
                                             WHERE c.corrects = b.check_id))
             ORDER BY a.shelter_id, a.person_id",
        )
        .ctx("reading a drill's arrivals")?;
    let rows = stmt
        .query_map([drill_id], |r| {
            Ok(Counted {
                person_id: r.get(0)?,
                shelter_id: r.get(1)?,
                planned: r.get(2)?,
                arrived_at: r.get(3)?,
            })
        })
        .ctx("reading a drill's arrivals")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("reading a drill's arrivals")
}

/// How many of the people on drill `drill_id`'s sheets each shelter of the registry is
/// named by (in their plans, for any hazard): (shelter, people).
pub(crate) fn expected(conn: &Connection, drill_id: i64) -> Result<Vec<(i64, usize)>> {
    let mut stmt = conn
        .prepare(
            "SELECT l.shelter_id, count(DISTINCT d.person_id)
             FROM plan_destination_shelters l
             JOIN plan_destinations d ON d.id = l.destination_id
             WHERE l.shelter_id IS NOT NULL
               AND d.person_id IN (SELECT ip.person_id FROM drill_sheets s
                                   JOIN issuance_persons ip ON ip.issuance_id = s.issuance_id
                                   WHERE s.drill_id = ?1)
             GROUP BY l.shelter_id ORDER BY l.shelter_id",
        )
        .ctx("reading who a drill expects at the shelters")?;
    let rows = stmt
        .query_map([drill_id], |r| {
            Ok((r.get(0)?, r.get::<_, i64>(1)? as usize))
        })
        .ctx("reading who a drill expects at the shelters")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("reading who a drill expects at the shelters")
}
