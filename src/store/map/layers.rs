//! Hazard layers (`hazard_layers`) and their areas (`hazard_shapes`).

use geo_types::MultiPolygon;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result, SqlContext};
use crate::geo::stored;
use crate::model::map::HazardLayer;
use crate::model::HazardKind;
use crate::store::sql::Cached;

/// A layer to add.
pub(crate) struct NewLayer<'a> {
    pub(crate) kind: HazardKind,
    pub(crate) name: &'a str,
    pub(crate) source: &'a str,
    pub(crate) dated: &'a str,
    pub(crate) crs: &'a str,
    pub(crate) file_sha256: &'a str,
    pub(crate) areas: &'a [MultiPolygon<f64>],
    pub(crate) at: &'a str,
    pub(crate) by: &'a str,
}

/// Adds a layer and its areas; returns its id.
pub(crate) fn insert(conn: &Connection, l: &NewLayer<'_>) -> Result<i64> {
    conn.exec(
        "INSERT INTO hazard_layers (kind, name, source, dated, crs, file_sha256, features,
                                    imported_at, imported_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            l.kind.token(),
            l.name,
            l.source,
            l.dated,
            l.crs,
            l.file_sha256,
            l.areas.len() as i64,
            l.at,
            l.by
        ],
    )
    .ctx("adding a hazard layer")?;
    let id = conn.last_insert_rowid();
    let mut stmt = conn
        .prepare(
            "INSERT INTO hazard_shapes (layer_id, feature, min_lon, min_lat, max_lon, max_lat, geometry)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .ctx("adding a hazard layer's areas")?;
    for (feature, area) in l.areas.iter().enumerate() {
        let Some(b) = geo::BoundingRect::bounding_rect(area) else {
            return Err(Error::invalid(
                "file",
                format!("area {feature} of the file is empty"),
            ));
        };
        stmt.execute(params![
            id,
            feature as i64,
            b.min().x,
            b.min().y,
            b.max().x,
            b.max().y,
            stored::encode(area)
        ])
        .ctx("adding a hazard layer's areas")?;
    }
    Ok(id)
}

const SELECT: &str = "SELECT id, kind, name, source, dated, crs, features, imported_at,
                             imported_by, retired_at
                      FROM hazard_layers";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<HazardLayer> {
    let kind: String = r.get(1)?;
    Ok(HazardLayer {
        id: r.get(0)?,
        kind: HazardKind::from_token(&kind).unwrap_or(HazardKind::Flood),
        name: r.get(2)?,
        source: r.get(3)?,
        dated: r.get(4)?,
        crs: r.get(5)?,
        features: r.get(6)?,
        imported_at: r.get(7)?,
        imported_by: r.get(8)?,
        retired_at: r.get(9)?,
    })
}

/// Every layer, retired ones too, by id.
pub(crate) fn list(conn: &Connection) -> Result<Vec<HazardLayer>> {
    let mut stmt = conn
        .prepare(&format!("{SELECT} ORDER BY id"))
        .ctx("reading the hazard layers")?;
    let rows = stmt
        .query_map([], from_row)
        .ctx("reading the hazard layers")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading the hazard layers")
}

/// Layer `id`.
pub(crate) fn get(conn: &Connection, id: i64) -> Result<HazardLayer> {
    conn.row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()
        .ctx("reading a hazard layer")?
        .ok_or(Error::NotFound {
            what: "hazard layer",
            id,
        })
}

/// Retires layer `id`: it is no longer used for zones or areas.
pub(crate) fn retire(conn: &Connection, id: i64, at: &str, by: &str) -> Result<()> {
    conn.exec(
        "UPDATE hazard_layers SET retired_at = ?2, retired_by = ?3 WHERE id = ?1 AND retired_at IS NULL",
        params![id, at, by],
    )
    .ctx("retiring a hazard layer")?;
    Ok(())
}

/// The areas of layer `id`, in file order.
pub(crate) fn areas(conn: &Connection, id: i64) -> Result<Vec<MultiPolygon<f64>>> {
    let mut stmt = conn
        .prepare_cached("SELECT geometry FROM hazard_shapes WHERE layer_id = ?1 ORDER BY feature")
        .ctx("reading a hazard layer's areas")?;
    let mut rows = stmt.query([id]).ctx("reading a hazard layer's areas")?;
    let mut out = Vec::new();
    while let Some(r) = rows.next().ctx("reading a hazard layer's areas")? {
        let bytes: Vec<u8> = r.get(0).ctx("reading a hazard layer's areas")?;
        out.push(stored::decode(&bytes).map_err(|_| {
            Error::Integrity(format!("an area of hazard layer {id} cannot be read"))
        })?);
    }
    Ok(out)
}

/// The areas of layer `id` whose bounding box holds one of `points` (each once).
pub(crate) fn areas_near(
    conn: &Connection,
    id: i64,
    points: &[crate::geo::LonLat],
) -> Result<Vec<MultiPolygon<f64>>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT feature, geometry FROM hazard_shapes
             WHERE layer_id = ?1 AND min_lon <= ?2 AND max_lon >= ?2 AND min_lat <= ?3 AND max_lat >= ?3",
        )
        .ctx("reading a hazard layer's areas")?;
    let mut seen = std::collections::BTreeMap::new();
    for p in points {
        let mut rows = stmt
            .query(params![id, p.lon, p.lat])
            .ctx("reading a hazard layer's areas")?;
        while let Some(r) = rows.next().ctx("reading a hazard layer's areas")? {
            let feature: i64 = r.get(0).ctx("reading a hazard layer's areas")?;
            if seen.contains_key(&feature) {
                continue;
            }
            let bytes: Vec<u8> = r.get(1).ctx("reading a hazard layer's areas")?;
            let area = stored::decode(&bytes).map_err(|_| {
                Error::Integrity(format!("an area of hazard layer {id} cannot be read"))
            })?;
            seen.insert(feature, area);
        }
    }
    Ok(seen.into_values().collect())
}

/// The areas of layer `id` whose bounding box reaches into the box from `south_west` to
/// `north_east` (a map's frame), in file order.
pub(crate) fn areas_within(
    conn: &Connection,
    id: i64,
    south_west: crate::geo::LonLat,
    north_east: crate::geo::LonLat,
) -> Result<Vec<MultiPolygon<f64>>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT geometry FROM hazard_shapes
             WHERE layer_id = ?1 AND min_lon <= ?4 AND max_lon >= ?2
               AND min_lat <= ?5 AND max_lat >= ?3
             ORDER BY feature",
        )
        .ctx("reading a hazard layer's areas")?;
    let mut rows = stmt
        .query(params![
            id,
            south_west.lon,
            south_west.lat,
            north_east.lon,
            north_east.lat
        ])
        .ctx("reading a hazard layer's areas")?;
    let mut out = Vec::new();
    while let Some(r) = rows.next().ctx("reading a hazard layer's areas")? {
        let bytes: Vec<u8> = r.get(0).ctx("reading a hazard layer's areas")?;
        out.push(stored::decode(&bytes).map_err(|_| {
            Error::Integrity(format!("an area of hazard layer {id} cannot be read"))
        })?);
    }
    Ok(out)
}
