//! An alert area (避難指示の対象区域): everyone whose home is inside, and everyone who
//! could not be placed, listed apart (they may be inside: never silently left out).

use crate::error::{Error, Result};
use crate::geo::{AreaIndex, LonLat};
use crate::model::map::AreaPeople;
use crate::store::map::{homes, layers};
use crate::store::{places, Connection, Roster};
use geo_types::MultiPolygon;

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
        ids.push(places::district_id(conn, name)?.ok_or_else(|| {
            Error::invalid(
                "district",
                format!("no district is called {name}: see `yorisoi district list`"),
            )
        })?);
    }
    Ok(Some(ids))
}

fn collect(conn: &Connection, index: &AreaIndex, districts: Option<&[i64]>) -> Result<AreaPeople> {
    let mut inside = Vec::new();
    if let Some((min, max)) = index.bounds() {
        inside = homes::placed_within(conn, min, max)?
            .into_iter()
            .filter(|(_, at)| index.contains(*at))
            .map(|(id, _)| id)
            .collect();
    }
    let unplaced = homes::unplaced(conn)?;
    let mut out = AreaPeople::default();
    for (ids, into) in [(inside, &mut out.inside), (unplaced, &mut out.unplaced)] {
        let mut list: Vec<_> = homes::people(conn, ids)?
            .into_iter()
            .filter(|(_, district, _)| {
                districts.is_none_or(|ids| district.is_some_and(|d| ids.contains(&d)))
            })
            .map(|(person, _, furigana)| (furigana, person))
            .collect();
        list.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.person_id.cmp(&b.1.person_id)));
        into.extend(list.into_iter().map(|(_, p)| p));
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

    /// Everyone (not archived) whose home is inside, in 50音 order, and how many could
    /// not be placed (they may be inside: a print says how many it left off).
    pub(crate) fn inside(&self, conn: &Connection) -> Result<(Vec<i64>, usize)> {
        let people = collect(conn, &self.index, None)?;
        Ok((
            people.inside.iter().map(|p| p.person_id).collect(),
            people.unplaced.len(),
        ))
    }

    /// What the copy's cut says (交付台帳 and the list's heading).
    pub(crate) fn label(&self) -> &str {
        &self.label
    }
}
