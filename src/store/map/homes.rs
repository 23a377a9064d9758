//! Everyone's home as an area list reads it: who, where, and how it was placed.

use rusqlite::Connection;

use crate::error::{Result, SqlContext};
use crate::model::map::AreaPerson;
use crate::model::PositionLevel;

/// Calls `each` with every person not archived (with their position, if any), in 50音
/// order, optionally only those of `districts`.
pub(crate) fn each(
    conn: &Connection,
    districts: Option<&[i64]>,
    mut each: impl FnMut(AreaPerson),
) -> Result<()> {
    let mut stmt = conn
        .prepare(
            "SELECT p.id, p.name, p.address, d.name, pp.level, pp.lon, pp.lat, p.district_id
             FROM persons p
             LEFT JOIN person_positions pp ON pp.person_id = p.id
             LEFT JOIN districts d ON d.id = p.district_id
             WHERE p.archived_on IS NULL
             ORDER BY p.furigana, p.id",
        )
        .ctx("reading the homes")?;
    let mut rows = stmt.query([]).ctx("reading the homes")?;
    while let Some(r) = rows.next().ctx("reading the homes")? {
        let district_id: Option<i64> = r.get(7).ctx("reading the homes")?;
        if let Some(ids) = districts {
            if !district_id.is_some_and(|d| ids.contains(&d)) {
                continue;
            }
        }
        let level: Option<String> = r.get(4).ctx("reading the homes")?;
        each(AreaPerson {
            person_id: r.get(0).ctx("reading the homes")?,
            name: r.get(1).ctx("reading the homes")?,
            address: r.get(2).ctx("reading the homes")?,
            district: r.get(3).ctx("reading the homes")?,
            level: level
                .as_deref()
                .and_then(PositionLevel::from_token)
                .unwrap_or(PositionLevel::Unplaced),
            lon: r.get(5).ctx("reading the homes")?,
            lat: r.get(6).ctx("reading the homes")?,
        });
    }
    Ok(())
}
