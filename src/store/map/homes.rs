//! Homes as an area reads them: those inside a bounding box, those not placed, and who
//! each person is.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Result, SqlContext};
use crate::geo::LonLat;
use crate::model::map::AreaPerson;
use crate::model::PositionLevel;
use crate::store::sql::Cached;

/// The placed homes inside the box (degrees, bounds included), archived people's too (the
/// details leave them out): read from the positions' index alone, without a person's page.
pub(crate) fn placed_within(
    conn: &Connection,
    min: LonLat,
    max: LonLat,
) -> Result<Vec<(i64, LonLat)>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT pp.person_id, pp.lon, pp.lat
             FROM person_positions pp INDEXED BY person_positions_lon
             WHERE pp.lon IS NOT NULL AND pp.lon BETWEEN ?1 AND ?2 AND pp.lat BETWEEN ?3 AND ?4",
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

/// The people whose homes are not placed: everyone not archived, when no position file
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
        // (archived people's too: the details leave them out)
        "SELECT pp.person_id FROM person_positions pp INDEXED BY person_positions_unplaced
         WHERE pp.lon IS NULL"
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

/// Who each of `ids` is, as an area lists them, with their district's id and furigana;
/// archived people and ids of nobody are left out. Read in id order, so each page of the
/// roster is decrypted once however the ids are spread over it (in the order a box gives
/// them, 78,000 homes of 500,000 read the same pages many times over).
pub(crate) fn people(
    conn: &Connection,
    mut ids: Vec<i64>,
) -> Result<Vec<(AreaPerson, Option<i64>, String)>> {
    ids.sort_unstable();
    ids.dedup();
    let districts: HashMap<i64, String> = {
        let mut stmt = conn
            .prepare_cached("SELECT id, name FROM districts")
            .ctx("reading the districts")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .ctx("reading the districts")?;
        rows.collect::<rusqlite::Result<_>>()
            .ctx("reading the districts")?
    };
    let mut persons = conn
        .prepare_cached(
            "SELECT p.name, p.address, p.district_id, p.furigana
             FROM persons p WHERE p.id = ?1 AND p.archived_on IS NULL",
        )
        .ctx("reading the people of an area")?;
    let mut positions = conn
        .prepare_cached("SELECT level, lon, lat FROM person_positions WHERE person_id = ?1")
        .ctx("reading the people of an area")?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let Some((name, address, district, furigana)) = persons
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()
            .ctx("reading the people of an area")?
        else {
            continue;
        };
        let (level, lon, lat) = positions
            .query_row([id], |r| {
                let level: String = r.get(0)?;
                Ok((PositionLevel::from_token(&level), r.get(1)?, r.get(2)?))
            })
            .optional()
            .ctx("reading the people of an area")?
            .unwrap_or((None, None, None));
        let district: Option<i64> = district;
        out.push((
            AreaPerson {
                person_id: id,
                name,
                address,
                district: district.and_then(|d| districts.get(&d).cloned()),
                level: level.unwrap_or(PositionLevel::Unplaced),
                lon,
                lat,
            },
            district,
            furigana,
        ));
    }
    Ok(out)
}
