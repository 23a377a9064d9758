//! 地区 / 自治会 / 班: looked up by name, created on first use.

use rusqlite::{params, Connection, OptionalExtension, ToSql};
use serde::Serialize;

use super::Cached;
use crate::error::{Result, SqlContext};

/// Ids of a person's place in the district / association / block hierarchy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlaceIds {
    /// 地区.
    pub district: Option<i64>,
    /// 自治会.
    pub association: Option<i64>,
    /// 班.
    pub block: Option<i64>,
}

/// A district with its head-count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct District {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// People on the roster (not archived) in it.
    pub persons: i64,
}

fn get_or_create(
    conn: &Connection,
    select: &str,
    insert: &str,
    args: &[&dyn ToSql],
) -> Result<i64> {
    let found: Option<i64> = conn
        .row(select, args, |r| r.get(0))
        .optional()
        .ctx("looking up a place")?;
    match found {
        Some(id) => Ok(id),
        None => {
            conn.exec(insert, args).ctx("adding a place")?;
            Ok(conn.last_insert_rowid())
        }
    }
}

/// Resolves names to ids, creating what does not exist yet.
pub(crate) fn resolve(
    conn: &Connection,
    district: Option<&str>,
    association: Option<&str>,
    block: Option<&str>,
) -> Result<PlaceIds> {
    let mut ids = PlaceIds::default();
    if let Some(d) = district {
        ids.district = Some(get_or_create(
            conn,
            "SELECT id FROM districts WHERE name = ?1",
            "INSERT INTO districts (name) VALUES (?1)",
            params![d],
        )?);
    }
    if let (Some(parent), Some(a)) = (ids.district, association) {
        ids.association = Some(get_or_create(
            conn,
            "SELECT id FROM associations WHERE district_id = ?1 AND name = ?2",
            "INSERT INTO associations (district_id, name) VALUES (?1, ?2)",
            params![parent, a],
        )?);
    }
    if let (Some(parent), Some(b)) = (ids.association, block) {
        ids.block = Some(get_or_create(
            conn,
            "SELECT id FROM blocks WHERE association_id = ?1 AND name = ?2",
            "INSERT INTO blocks (association_id, name) VALUES (?1, ?2)",
            params![parent, b],
        )?);
    }
    Ok(ids)
}

/// The id of the district called `name`, if there is one.
pub fn district_id(conn: &Connection, name: &str) -> Result<Option<i64>> {
    conn.row("SELECT id FROM districts WHERE name = ?1", [name], |r| {
        r.get(0)
    })
    .optional()
    .ctx("looking up a district")
}

/// The id of the district called `name`; an unknown name is an error on `district` that
/// says where the names are.
pub(crate) fn known_district_id(conn: &Connection, name: &str) -> Result<i64> {
    district_id(conn, name)?.ok_or_else(|| {
        crate::error::Error::invalid(
            "district",
            "no district has that name (see `yorisoi district list`)",
        )
    })
}

/// The id of the 自治会 called `name` in district `district`, if there is one.
pub(crate) fn association_id(conn: &Connection, district: i64, name: &str) -> Result<Option<i64>> {
    conn.row(
        "SELECT id FROM associations WHERE district_id = ?1 AND name = ?2",
        params![district, name],
        |r| r.get(0),
    )
    .optional()
    .ctx("looking up a 自治会")
}

/// The names of district `district`'s 自治会, in name order.
pub(crate) fn association_names(conn: &Connection, district: i64) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare_cached("SELECT name FROM associations WHERE district_id = ?1 ORDER BY name")
        .ctx("listing 自治会")?;
    let names = stmt
        .query_map([district], |r| r.get(0))
        .ctx("listing 自治会")?
        .collect::<rusqlite::Result<Vec<String>>>()
        .ctx("listing 自治会");
    names
}

/// All districts, by name, with their head-counts (from the narrow search rows and their
/// `(archived, district_id)` index: counting the wide person rows read the whole roster).
pub fn list_districts(conn: &Connection) -> Result<Vec<District>> {
    let mut stmt = conn
        .prepare(
            "SELECT d.id, d.name,
                    (SELECT count(*) FROM person_search s
                     WHERE s.archived = 0 AND s.district_id = d.id)
             FROM districts d ORDER BY d.name",
        )
        .ctx("listing districts")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(District {
                id: r.get(0)?,
                name: r.get(1)?,
                persons: r.get(2)?,
            })
        })
        .ctx("listing districts")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("listing districts")
}
