//! What the map screen draws: every placed home with the facts its colour is read from, and
//! one home with the person's name when it is picked.

use rusqlite::{Connection, OptionalExtension};

use crate::error::{Result, SqlContext};
use crate::model::map::AreaPerson;
use crate::model::{CareLevel, HouseholdKind, IntellectualGrade, Mobility, PositionLevel};
use crate::priority::Facts;

/// A person's home as the map reads it: where (when placed), how it was placed, and what
/// their priority is scored from (the age is left at 0: the score does not use it; the
/// facts are read only for a placed home).
pub(crate) struct MapHome {
    /// The person.
    pub(crate) id: i64,
    /// Longitude and latitude (JGD2011 degrees); `None` when not placed.
    pub(crate) at: Option<(f64, f64)>,
    /// How it was placed (`Unplaced` when the person has no position row).
    pub(crate) level: PositionLevel,
    /// What the priority score reads.
    pub(crate) facts: Facts,
}

/// Calls `each` with every person not archived, placed or not, by id: one pass over the
/// roster (on 500,000 people reading the persons' pages is most of the time, so the map's
/// points and its counts come from the same pass).
pub(crate) fn each_home(conn: &Connection, mut each: impl FnMut(MapHome)) -> Result<()> {
    let mut stmt = conn
        .prepare(
            "SELECT p.id, pp.lon, pp.lat, pp.level, p.care_level, p.physical_disability_grade,
                    p.intellectual_disability_grade, p.mental_disability_grade, p.mobility,
                    p.household, p.flood_zone, p.landslide_zone, p.tsunami_zone,
                    CASE WHEN pp.lon IS NOT NULL THEN
                        EXISTS (SELECT 1 FROM medical_devices m
                                WHERE m.person_id = p.id AND m.power_dependent = 1)
                    ELSE 0 END
             FROM persons p LEFT JOIN person_positions pp ON pp.person_id = p.id
             WHERE p.archived_on IS NULL
             ORDER BY p.id",
        )
        .ctx("reading the homes for the map")?;
    let mut rows = stmt.query([]).ctx("reading the homes for the map")?;
    while let Some(r) = rows.next().ctx("reading the homes for the map")? {
        let home = (|| -> rusqlite::Result<MapHome> {
            let tok = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
            let lon: Option<f64> = r.get(1)?;
            let lat: Option<f64> = r.get(2)?;
            Ok(MapHome {
                id: r.get(0)?,
                at: lon.zip(lat),
                level: tok(3)?
                    .as_deref()
                    .and_then(PositionLevel::from_token)
                    .unwrap_or(PositionLevel::Unplaced),
                facts: Facts {
                    age: 0,
                    care_level: tok(4)?.as_deref().and_then(CareLevel::from_token),
                    physical_grade: r.get(5)?,
                    intellectual: tok(6)?.as_deref().and_then(IntellectualGrade::from_token),
                    mental_grade: r.get(7)?,
                    mobility: tok(8)?.as_deref().and_then(Mobility::from_token),
                    household: tok(9)?.as_deref().and_then(HouseholdKind::from_token),
                    flood: r.get(10)?,
                    landslide: r.get(11)?,
                    tsunami: r.get(12)?,
                    power_device: r.get(13)?,
                },
            })
        })()
        .ctx("reading the homes for the map")?;
        each(home);
    }
    Ok(())
}

/// Person `id`'s home as an area list shows it (name, address, district, how it was
/// placed); `None` when nobody (not archived) has that id.
pub(crate) fn home(conn: &Connection, id: i64) -> Result<Option<AreaPerson>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT p.id, p.name, p.address, d.name, pp.level, pp.lon, pp.lat
             FROM persons p
             LEFT JOIN person_positions pp ON pp.person_id = p.id
             LEFT JOIN districts d ON d.id = p.district_id
             WHERE p.id = ?1 AND p.archived_on IS NULL",
        )
        .ctx("reading a home")?;
    stmt.query_row([id], |r| {
        let level: Option<String> = r.get(4)?;
        Ok(AreaPerson {
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
        })
    })
    .optional()
    .ctx("reading a home")
}
