//! The 位置参照情報 positions (`position_files`, `address_points`) and where each person's
//! home is (`person_positions`).
//!
//! A person's row is made `pending` by the triggers of schema step 16 when they are added
//! (once positions exist) or their address changes; [`place_pending`] places them before
//! the write that did it commits, so a position is never older than its address.

use rusqlite::{params, Connection};

use crate::error::{Result, SqlContext};
use crate::geo::gazetteer::{Gazetteer, MatchLevel, PositionEntry};
use crate::geo::LonLat;
use crate::model::map::{Placement, Position, PositionFileRecord};
use crate::model::PositionLevel;
use crate::store::sql::Cached;

/// Records an imported position file and its entries (an entry for a place already known
/// replaces it); returns the file's id.
pub(crate) fn insert_file(
    conn: &Connection,
    level: MatchLevel,
    name: &str,
    file_sha256: &str,
    entries: &[PositionEntry],
    at: &str,
    by: &str,
) -> Result<i64> {
    conn.exec(
        "INSERT INTO position_files (level, name, file_sha256, entries, imported_at, imported_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            level.token(),
            name,
            file_sha256,
            entries.len() as i64,
            at,
            by
        ],
    )
    .ctx("recording a position file")?;
    let id = conn.last_insert_rowid();
    let mut stmt = conn
        .prepare(
            "INSERT INTO address_points (city, town, koaza, block, lon, lat, file_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (city, town, koaza, block) DO UPDATE SET
                 lon = excluded.lon, lat = excluded.lat, file_id = excluded.file_id",
        )
        .ctx("adding positions")?;
    for e in entries {
        stmt.execute(params![
            e.city,
            e.town,
            e.koaza,
            i64::from(e.block.unwrap_or(0)),
            e.at.lon,
            e.at.lat,
            id
        ])
        .ctx("adding positions")?;
    }
    Ok(id)
}

/// The imported position files, by id.
pub(crate) fn files(conn: &Connection) -> Result<Vec<PositionFileRecord>> {
    let mut stmt = conn
        .prepare(
            "SELECT id, level, name, entries, imported_at, imported_by FROM position_files ORDER BY id",
        )
        .ctx("reading the position files")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(PositionFileRecord {
                id: r.get(0)?,
                level: r.get(1)?,
                name: r.get(2)?,
                entries: r.get(3)?,
                imported_at: r.get(4)?,
                imported_by: r.get(5)?,
            })
        })
        .ctx("reading the position files")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading the position files")
}

/// Every known position, as a gazetteer; `None` when no position file was imported.
pub(crate) fn gazetteer(conn: &Connection) -> Result<Option<Gazetteer>> {
    let mut stmt = conn
        .prepare_cached("SELECT city, town, koaza, block, lon, lat FROM address_points")
        .ctx("reading the address positions")?;
    let mut rows = stmt.query([]).ctx("reading the address positions")?;
    let mut entries = Vec::new();
    while let Some(r) = rows.next().ctx("reading the address positions")? {
        let block: i64 = r.get(3).ctx("reading the address positions")?;
        entries.push(PositionEntry {
            city: r.get(0).ctx("reading the address positions")?,
            town: r.get(1).ctx("reading the address positions")?,
            koaza: r.get(2).ctx("reading the address positions")?,
            block: u32::try_from(block).ok().filter(|b| *b > 0),
            at: LonLat {
                lon: r.get(4).ctx("reading the address positions")?,
                lat: r.get(5).ctx("reading the address positions")?,
            },
        });
    }
    Ok((!entries.is_empty()).then(|| Gazetteer::new(entries)))
}

/// Makes everyone's position `pending` except those set by hand (after a new position
/// file), adding a row for people who had none.
pub(crate) fn mark_all_pending(conn: &Connection) -> Result<()> {
    conn.exec(
        "INSERT INTO person_positions (person_id, level, address)
         SELECT id, 'pending', address FROM persons WHERE true
         ON CONFLICT (person_id) DO UPDATE SET
             level = 'pending', lon = NULL, lat = NULL, address = excluded.address,
             placed_at = '', placed_by = ''
         WHERE level <> 'manual'",
        [],
    )
    .ctx("marking positions to place again")?;
    Ok(())
}

/// Places every `pending` position with the gazetteer (loaded only when there is one to
/// place); returns the counts and the people placed (to check their zones).
pub(crate) fn place_pending(
    conn: &Connection,
    at: &str,
    by: &str,
) -> Result<(Placement, Vec<(i64, LonLat)>)> {
    let pending: Vec<(i64, String)> = {
        let mut stmt = conn
            .prepare_cached(
                "SELECT person_id, address FROM person_positions
                 INDEXED BY person_positions_pending WHERE level = 'pending'",
            )
            .ctx("reading the positions to place")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .ctx("reading the positions to place")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("reading the positions to place")?
    };
    let mut counts = Placement::default();
    let mut placed = Vec::new();
    if pending.is_empty() {
        return Ok((counts, placed));
    }
    let gazetteer = gazetteer(conn)?;
    let mut stmt = conn
        .prepare_cached(
            "UPDATE person_positions SET level = ?2, lon = ?3, lat = ?4, placed_at = ?5, placed_by = ?6
             WHERE person_id = ?1",
        )
        .ctx("placing homes")?;
    for (id, address) in pending {
        let found = gazetteer.as_ref().and_then(|g| g.locate(&address));
        let (level, at_point) = match found {
            Some(l) => match l.level {
                MatchLevel::Block => {
                    counts.block += 1;
                    (PositionLevel::Block, Some(l.at))
                }
                MatchLevel::Town => {
                    counts.town += 1;
                    (PositionLevel::Town, Some(l.at))
                }
            },
            None => {
                counts.unplaced += 1;
                (PositionLevel::Unplaced, None)
            }
        };
        stmt.execute(params![
            id,
            level.token(),
            at_point.map(|p| p.lon),
            at_point.map(|p| p.lat),
            at,
            by
        ])
        .ctx("placing homes")?;
        if let Some(p) = at_point {
            placed.push((id, p));
        }
    }
    Ok((counts, placed))
}

/// Sets person `id`'s position by hand.
pub(crate) fn set_manual(
    conn: &Connection,
    id: i64,
    at_point: LonLat,
    at: &str,
    by: &str,
) -> Result<()> {
    conn.exec(
        "INSERT INTO person_positions (person_id, level, lon, lat, address, placed_at, placed_by)
         SELECT id, 'manual', ?2, ?3, address, ?4, ?5 FROM persons WHERE id = ?1
         ON CONFLICT (person_id) DO UPDATE SET
             level = 'manual', lon = excluded.lon, lat = excluded.lat,
             address = excluded.address, placed_at = excluded.placed_at,
             placed_by = excluded.placed_by",
        params![id, at_point.lon, at_point.lat, at, by],
    )
    .ctx("setting a position")?;
    Ok(())
}

/// Person `id`'s position, if it has a row.
pub(crate) fn get(conn: &Connection, id: i64) -> Result<Option<Position>> {
    use rusqlite::OptionalExtension;
    conn.row(
        "SELECT person_id, level, lon, lat, address FROM person_positions WHERE person_id = ?1",
        [id],
        from_row,
    )
    .optional()
    .ctx("reading a position")
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Position> {
    let level: String = r.get(1)?;
    Ok(Position {
        person_id: r.get(0)?,
        level: PositionLevel::from_token(&level).unwrap_or(PositionLevel::Pending),
        lon: r.get(2)?,
        lat: r.get(3)?,
        address: r.get(4)?,
    })
}

/// How many people have each level now (people without a row count as unplaced).
pub(crate) fn counts(conn: &Connection) -> Result<Placement> {
    let mut stmt = conn
        .prepare(
            "SELECT coalesce(pp.level, 'none'), count(*) FROM persons p
             LEFT JOIN person_positions pp ON pp.person_id = p.id
             WHERE p.archived_on IS NULL GROUP BY 1",
        )
        .ctx("counting positions")?;
    let mut rows = stmt.query([]).ctx("counting positions")?;
    let mut c = Placement::default();
    while let Some(r) = rows.next().ctx("counting positions")? {
        let level: String = r.get(0).ctx("counting positions")?;
        let n: i64 = r.get(1).ctx("counting positions")?;
        let n = usize::try_from(n).unwrap_or(0);
        match PositionLevel::from_token(&level) {
            Some(PositionLevel::Block) => c.block += n,
            Some(PositionLevel::Town) => c.town += n,
            Some(PositionLevel::Manual) => c.manual += n,
            _ => c.unplaced += n,
        }
    }
    Ok(c)
}

/// Makes person `id`'s position `pending` (placed again from the address before the write
/// commits), even one set by hand.
pub(crate) fn mark_pending(conn: &Connection, id: i64) -> Result<()> {
    conn.exec(
        "INSERT INTO person_positions (person_id, level, address)
         SELECT id, 'pending', address FROM persons WHERE id = ?1
         ON CONFLICT (person_id) DO UPDATE SET
             level = 'pending', lon = NULL, lat = NULL, address = excluded.address,
             placed_at = '', placed_by = ''",
        [id],
    )
    .ctx("marking a position to place again")?;
    Ok(())
}
