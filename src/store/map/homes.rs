//! Homes as an area reads them: those inside a bounding box, those not placed, and who
//! each person is.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Result, SqlContext};
use crate::geo::LonLat;
use crate::model::map::AreaPerson;
use crate::model::PositionLevel;
use crate::store::sql::Cached;

use super::directory::Directory;

/// A home as an area reads it from the positions' indexes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Home {
    pub(crate) person_id: i64,
    pub(crate) level: PositionLevel,
    /// Where, when placed.
    pub(crate) at: Option<LonLat>,
}

fn level(token: &str) -> PositionLevel {
    PositionLevel::from_token(token).unwrap_or(PositionLevel::Unplaced)
}

/// The placed homes inside the box (degrees, bounds included), archived people's too (the
/// details leave them out): read from the positions' index alone.
pub(crate) fn placed_within(conn: &Connection, min: LonLat, max: LonLat) -> Result<Vec<Home>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT pp.person_id, pp.lon, pp.lat, pp.level
             FROM person_positions pp INDEXED BY person_positions_lon
             WHERE pp.lon IS NOT NULL AND pp.lon BETWEEN ?1 AND ?2 AND pp.lat BETWEEN ?3 AND ?4",
        )
        .ctx("reading the homes in an area")?;
    let rows = stmt
        .query_map(params![min.lon, max.lon, min.lat, max.lat], |r| {
            Ok(Home {
                person_id: r.get(0)?,
                at: Some(LonLat {
                    lon: r.get(1)?,
                    lat: r.get(2)?,
                }),
                level: level(r.get_ref(3)?.as_str()?),
            })
        })
        .ctx("reading the homes in an area")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading the homes in an area")
}

/// The homes not placed, archived people's too (the details leave them out): without a
/// position file, everyone's but those set by hand.
pub(crate) fn unplaced(conn: &Connection) -> Result<Vec<Home>> {
    let any_file: bool = conn
        .row("SELECT EXISTS (SELECT 1 FROM position_files)", [], |r| {
            r.get(0)
        })
        .ctx("reading the position files")?;
    let sql = if any_file {
        // Once a file was imported every person has a row (schema step 16's triggers and
        // the import itself); those without a position are kept apart by an index.
        "SELECT pp.person_id, pp.level FROM person_positions pp INDEXED BY person_positions_unplaced
         WHERE pp.lon IS NULL"
    } else {
        // Without a file, only a position set by hand places a home.
        "SELECT p.id, coalesce(pp.level, 'none') FROM persons p
         LEFT JOIN person_positions pp ON pp.person_id = p.id
         WHERE p.archived_on IS NULL AND pp.lon IS NULL"
    };
    let mut stmt = conn
        .prepare_cached(sql)
        .ctx("reading the homes not placed")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Home {
                person_id: r.get(0)?,
                level: level(r.get_ref(1)?.as_str()?),
                at: None,
            })
        })
        .ctx("reading the homes not placed")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading the homes not placed")
}

/// Who lives in each of `homes`, as an area lists them, with their district's id and
/// furigana; archived people and ids of nobody are left out. From `directory` when given,
/// else read in id order, so each page of the roster is decrypted once however the homes
/// are spread over it (in the order a box gives them, 78,000 homes of 500,000 read the
/// same pages many times over).
pub(crate) fn people(
    conn: &Connection,
    mut homes: Vec<Home>,
    directory: Option<&Directory>,
) -> Result<Vec<(AreaPerson, Option<i64>, String)>> {
    homes.sort_unstable_by_key(|h| h.person_id);
    homes.dedup_by_key(|h| h.person_id);
    let districts = district_names(conn)?;
    let mut persons = conn
        .prepare_cached(
            "SELECT p.name, p.address, p.district_id, p.furigana
             FROM persons p WHERE p.id = ?1 AND p.archived_on IS NULL",
        )
        .ctx("reading the people of an area")?;
    let mut out = Vec::with_capacity(homes.len());
    for home in homes {
        let id = home.person_id;
        let found = match directory {
            Some(d) => d.row_of(id).map(|row| d.entry(row)).map(|e| {
                (
                    e.name.to_string(),
                    e.address.to_string(),
                    e.district,
                    e.furigana.to_string(),
                )
            }),
            None => persons
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .optional()
                .ctx("reading the people of an area")?,
        };
        let Some((name, address, district, furigana)) = found else {
            continue;
        };
        let district: Option<i64> = district;
        out.push((
            AreaPerson {
                person_id: id,
                name,
                address,
                district: district.and_then(|d| districts.get(&d).cloned()),
                level: home.level,
                lon: home.at.map(|p| p.lon),
                lat: home.at.map(|p| p.lat),
            },
            district,
            furigana,
        ));
    }
    Ok(out)
}

/// Every district's name, by id.
pub(crate) fn district_names(conn: &Connection) -> Result<HashMap<i64, String>> {
    let mut stmt = conn
        .prepare_cached("SELECT id, name FROM districts")
        .ctx("reading the districts")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .ctx("reading the districts")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("reading the districts")
}
