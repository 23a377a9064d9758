//! Homes as an area reads them: those inside a bounding box, those not placed, and who
//! each person is.

use rusqlite::{params, Connection};

use crate::error::{Result, SqlContext};
use crate::geo::LonLat;
use crate::model::map::AreaPerson;
use crate::model::PositionLevel;
use crate::store::sql::Cached;

/// The placed homes of people not archived inside the box (degrees, bounds included).
pub(crate) fn placed_within(
    conn: &Connection,
    min: LonLat,
    max: LonLat,
) -> Result<Vec<(i64, LonLat)>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT pp.person_id, pp.lon, pp.lat
             FROM person_positions pp INDEXED BY person_positions_lon
             JOIN persons p ON p.id = pp.person_id
             WHERE pp.lon IS NOT NULL AND pp.lon BETWEEN ?1 AND ?2 AND pp.lat BETWEEN ?3 AND ?4
               AND p.archived_on IS NULL",
        )
        .ctx("reading the homes in an area")?;
    let rows = stmt
        .query_map(params![min.lon, max.lon, min.lat, max.lat], |r| {
            Ok((
                r.get(0)?,
                LonLat {
                    lon: r.get(1)?,
                    lat: r.get(2)?,
                },
            ))
        })
        .ctx("reading the homes in an area")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading the homes in an area")
}

/// The people not archived whose homes are not placed: everyone, when no position file
/// was ever imported.
pub(crate) fn unplaced(conn: &Connection) -> Result<Vec<i64>> {
    let any_file: bool = conn
        .row("SELECT EXISTS (SELECT 1 FROM position_files)", [], |r| {
            r.get(0)
        })
        .ctx("reading the position files")?;
    let sql = if any_file {
        // Once a file was imported every person has a row (schema step 16's triggers and
        // the import itself); those without a position are kept apart by an index.
        "SELECT pp.person_id FROM person_positions pp INDEXED BY person_positions_unplaced
         JOIN persons p ON p.id = pp.person_id
         WHERE pp.lon IS NULL AND p.archived_on IS NULL"
    } else {
        "SELECT id FROM persons WHERE archived_on IS NULL"
    };
    let mut stmt = conn
        .prepare_cached(sql)
        .ctx("reading the homes not placed")?;
    let rows = stmt
        .query_map([], |r| r.get(0))
        .ctx("reading the homes not placed")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading the homes not placed")
}

/// Who person `id` is, as an area lists them, with their district's id; `None` when
/// archived or gone.
pub(crate) fn person(
    conn: &Connection,
    id: i64,
) -> Result<Option<(AreaPerson, Option<i64>, String)>> {
    use rusqlite::OptionalExtension;
    conn.row(
        "SELECT p.id, p.name, p.address, d.name, pp.level, pp.lon, pp.lat, p.district_id, p.furigana
         FROM persons p
         LEFT JOIN person_positions pp ON pp.person_id = p.id
         LEFT JOIN districts d ON d.id = p.district_id
         WHERE p.id = ?1 AND p.archived_on IS NULL",
        [id],
        |r| {
            let level: Option<String> = r.get(4)?;
            Ok((
                AreaPerson {
                    person_id: r.get(0)?,
                    name: r.get(1)?,
                    address: r.get(2)?,
                    district: r.get(3)?,
                    level: level
                        .as_deref()
                        .and_then(PositionLevel::from_token)
                        .unwrap_or(PositionLevel::Unplaced),
                    lon: r.get(5)?,
                    lat: r.get(6)?,
                },
                r.get(7)?,
                r.get(8)?,
            ))
        },
    )
    .optional()
    .ctx("reading a person of an area")
}
