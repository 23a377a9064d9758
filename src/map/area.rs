//! An alert area (避難指示の対象区域): everyone whose home is inside, and everyone who
//! could not be placed, listed apart (they may be inside: never silently left out).

use geo_types::MultiPolygon;
use rusqlite::Connection;

use crate::error::{Error, Result, SqlContext};
use crate::geo::{AreaIndex, LonLat};
use crate::model::map::{AreaPeople, AreaPerson};
use crate::model::PositionLevel;
use crate::store::map::layers;
use crate::store::Roster;

/// The shape of an alert area.
#[derive(Debug, Clone)]
pub enum AreaShape {
    /// The areas of these hazard layers (retired ones too: the officer named them).
    Layers(Vec<i64>),
    /// Areas drawn on the map or read from a GeoJSON file, in JGD2011 degrees.
    Drawn(Vec<MultiPolygon<f64>>),
}

/// An alert area, and the districts it is limited to (none: the whole roster).
#[derive(Debug, Clone)]
pub struct Area {
    /// Its shape.
    pub shape: AreaShape,
    /// 地区 names it is limited to.
    pub districts: Vec<String>,
}

impl Area {
    /// What the audit row says about the area (no personal data).
    fn describe(&self) -> String {
        let shape = match &self.shape {
            AreaShape::Layers(ids) => format!(
                "layers={}",
                ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
            ),
            AreaShape::Drawn(areas) => format!("drawn={}", areas.len()),
        };
        if self.districts.is_empty() {
            shape
        } else {
            format!("{shape} districts={}", self.districts.len())
        }
    }
}

impl Roster {
    /// Everyone (not archived) whose home is inside `area`, and everyone who could not be
    /// placed, in 50音 order. Audited as a reading (names and addresses were seen).
    pub fn people_in_area(&mut self, area: &Area) -> Result<AreaPeople> {
        let index = area_index(self.conn(), &area.shape)?;
        let districts = district_ids(self.conn(), &area.districts)?;
        let people = collect(self.conn(), &index, districts.as_deref())?;
        let detail = format!(
            "{} inside={} unplaced={}",
            area.describe(),
            people.inside.len(),
            people.unplaced.len()
        );
        self.note(|tx| tx.audit("area.people", "area", None, &detail))?;
        Ok(people)
    }
}

fn area_index(conn: &Connection, shape: &AreaShape) -> Result<AreaIndex> {
    match shape {
        AreaShape::Layers(ids) => {
            if ids.is_empty() {
                return Err(Error::invalid("layer", "name at least one hazard layer"));
            }
            let mut areas = Vec::new();
            for id in ids {
                layers::get(conn, *id)?;
                areas.extend(layers::areas(conn, *id)?);
            }
            Ok(AreaIndex::new(areas))
        }
        AreaShape::Drawn(areas) => {
            if areas.is_empty() {
                return Err(Error::invalid("area", "the area holds no polygon"));
            }
            Ok(AreaIndex::new(areas.clone()))
        }
    }
}

fn district_ids(conn: &Connection, names: &[String]) -> Result<Option<Vec<i64>>> {
    if names.is_empty() {
        return Ok(None);
    }
    let mut ids = Vec::new();
    for name in names {
        let id: Option<i64> = conn
            .query_row("SELECT id FROM districts WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })
            .ctx("reading a district")?;
        ids.push(id.ok_or_else(|| {
            Error::invalid(
                "district",
                format!("no district is called {name}: see `yorisoi district list`"),
            )
        })?);
    }
    Ok(Some(ids))
}

fn collect(conn: &Connection, index: &AreaIndex, districts: Option<&[i64]>) -> Result<AreaPeople> {
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
    let mut out = AreaPeople::default();
    while let Some(r) = rows.next().ctx("reading the homes")? {
        let district_id: Option<i64> = r.get(7).ctx("reading the homes")?;
        if let Some(ids) = districts {
            if !district_id.is_some_and(|d| ids.contains(&d)) {
                continue;
            }
        }
        let level: Option<String> = r.get(4).ctx("reading the homes")?;
        let lon: Option<f64> = r.get(5).ctx("reading the homes")?;
        let lat: Option<f64> = r.get(6).ctx("reading the homes")?;
        let person = AreaPerson {
            person_id: r.get(0).ctx("reading the homes")?,
            name: r.get(1).ctx("reading the homes")?,
            address: r.get(2).ctx("reading the homes")?,
            district: r.get(3).ctx("reading the homes")?,
            level: level
                .as_deref()
                .and_then(PositionLevel::from_token)
                .unwrap_or(PositionLevel::Unplaced),
            lon,
            lat,
        };
        match (lon, lat) {
            (Some(lon), Some(lat)) => {
                if index.contains(LonLat { lon, lat }) {
                    out.inside.push(person);
                }
            }
            _ => out.unplaced.push(person),
        }
    }
    Ok(out)
}

/// The polygons of a GeoJSON file of an area drawn elsewhere (JGD2011 or WGS84 degrees, or
/// a plane rectangular system its `crs` names).
pub fn drawn_area(bytes: &[u8]) -> Result<Vec<MultiPolygon<f64>>> {
    let file = crate::geo::read_geojson(bytes)?;
    Ok(file.features.into_iter().map(|f| f.area).collect())
}

/// An alert area as a print tests its people: whose home is inside, and what the copy's
/// cut says about it.
pub struct AreaFilter {
    index: AreaIndex,
    label: String,
}

impl AreaFilter {
    /// Reads the area's shapes.
    pub(crate) fn new(conn: &Connection, shape: &AreaShape) -> Result<AreaFilter> {
        let label = match shape {
            AreaShape::Layers(ids) => {
                let mut names = Vec::new();
                for id in ids {
                    let l = layers::get(conn, *id)?;
                    names.push(format!("{}（{} {}）", l.kind.label(), l.name, l.dated));
                }
                format!("区域：{}", names.join("・"))
            }
            AreaShape::Drawn(areas) => format!("区域：指定範囲（{}区画）", areas.len()),
        };
        Ok(AreaFilter {
            index: area_index(conn, shape)?,
            label,
        })
    }

    /// Whether person `id`'s home is inside; `None` when it is not placed.
    pub(crate) fn holds(&self, conn: &Connection, id: i64) -> Result<Option<bool>> {
        let at = crate::store::map::positions::get(conn, id)?.and_then(|p| {
            Some(LonLat {
                lon: p.lon?,
                lat: p.lat?,
            })
        });
        Ok(at.map(|p| self.index.contains(p)))
    }

    /// What the copy's cut says (交付台帳 and the list's heading).
    pub(crate) fn label(&self) -> &str {
        &self.label
    }
}
