//! What the map screen draws: every placed home with the facts its colour is read from, and
//! one home with the person's name when it is picked.

use rusqlite::{Connection, OptionalExtension};

use crate::error::{Result, SqlContext};
use crate::model::map::AreaPerson;
use crate::model::{CareLevel, HouseholdKind, IntellectualGrade, Mobility, PositionLevel};
use crate::priority::Facts;

/// A placed home: the person, where, and what their priority is scored from (the age is
/// left at 0: the score does not use it).
pub(crate) struct PlacedHome {
    /// The person.
    pub(crate) id: i64,
    /// Longitude (JGD2011 degrees).
    pub(crate) lon: f64,
    /// Latitude (JGD2011 degrees).
    pub(crate) lat: f64,
    /// What the priority score reads.
    pub(crate) facts: Facts,
}

/// Calls `each` with every person not archived whose home is placed, by id.
pub(crate) fn each_placed(conn: &Connection, mut each: impl FnMut(PlacedHome)) -> Result<()> {
    let mut stmt = conn
        .prepare(
            "SELECT p.id, pp.lon, pp.lat, p.care_level, p.physical_disability_grade,
                    p.intellectual_disability_grade, p.mental_disability_grade, p.mobility,
                    p.household, p.flood_zone, p.landslide_zone, p.tsunami_zone,
                    EXISTS (SELECT 1 FROM medical_devices m
                            WHERE m.person_id = p.id AND m.power_dependent = 1)
             FROM persons p JOIN person_positions pp ON pp.person_id = p.id
             WHERE p.archived_on IS NULL AND pp.lon IS NOT NULL AND pp.lat IS NOT NULL
             ORDER BY p.id",
        )
        .ctx("reading the homes for the map")?;
    let mut rows = stmt.query([]).ctx("reading the homes for the map")?;
    while let Some(r) = rows.next().ctx("reading the homes for the map")? {
        let home = (|| -> rusqlite::Result<PlacedHome> {
            let tok = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
            Ok(PlacedHome {
                id: r.get(0)?,
                lon: r.get(1)?,
                lat: r.get(2)?,
                facts: Facts {
                    age: 0,
                    care_level: tok(3)?.as_deref().and_then(CareLevel::from_token),
                    physical_grade: r.get(4)?,
                    intellectual: tok(5)?.as_deref().and_then(IntellectualGrade::from_token),
                    mental_grade: r.get(6)?,
                    mobility: tok(7)?.as_deref().and_then(Mobility::from_token),
                    household: tok(8)?.as_deref().and_then(HouseholdKind::from_token),
                    flood: r.get(9)?,
                    landslide: r.get(10)?,
                    tsunami: r.get(11)?,
                    power_device: r.get(12)?,
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
