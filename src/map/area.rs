//! An alert area (避難指示の対象区域): everyone whose home is inside, and everyone who
//! could not be placed, listed apart (they may be inside: never silently left out).

use crate::error::{Error, Result};
use crate::geo::{AreaIndex, LonLat};
use crate::model::map::{AreaPeople, AreaPerson};
use crate::store::map::directory::{self, Directory};
use crate::store::map::homes::{self, Home};
use crate::store::map::layers;
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
        let districts = districts.as_deref();
        // From the directory in memory when it is current: a pass over memory. Else from
        // the positions' indexes, and a large area's people named from the directory (read
        // now, kept for the next areas while nothing changes), a small one's row by row.
        let held =
            self.with_current_directory(|conn, d| name_from_directory(conn, d, &index, districts))?;
        let people = match held {
            Some(people) => people,
            None => {
                let found = find(self.conn(), &index)?;
                if found.0.len() + found.1.len() >= directory::WORTH_READING {
                    self.with_directory(|conn, d| name(conn, found, districts, Some(d)))?
                } else {
                    name(self.conn(), found, districts, None)?
                }
            }
        };
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

/// The homes inside `index` and those not placed, from the positions' indexes alone.
fn find(conn: &Connection, index: &AreaIndex) -> Result<(Vec<Home>, Vec<Home>)> {
    let inside = match index.bounds() {
        Some((min, max)) => homes::placed_within(conn, min, max)?
            .into_iter()
            .filter(|h| h.at.is_some_and(|at| index.contains(at)))
            .collect(),
        None => Vec::new(),
    };
    Ok((inside, homes::unplaced(conn)?))
}

/// Who lives in the homes found, of `districts` only when given, each list in 50音 order.
fn name(
    conn: &Connection,
    (inside, unplaced): (Vec<Home>, Vec<Home>),
    districts: Option<&[i64]>,
    directory: Option<&Directory>,
) -> Result<AreaPeople> {
    let mut out = AreaPeople::default();
    for (found, into) in [(inside, &mut out.inside), (unplaced, &mut out.unplaced)] {
        let mut list: Vec<_> = homes::people(conn, found, directory)?
            .into_iter()
            .filter(|(_, district, _)| in_districts(districts, *district))
            .map(|(person, _, furigana)| (furigana, person))
            .collect();
        list.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.person_id.cmp(&b.1.person_id)));
        into.extend(list.into_iter().map(|(_, p)| p));
    }
    Ok(out)
}

fn in_districts(districts: Option<&[i64]>, district: Option<i64>) -> bool {
    districts.is_none_or(|ids| district.is_some_and(|d| ids.contains(&d)))
}

/// [`find`] and [`name`] in one pass over the directory.
fn name_from_directory(
    conn: &Connection,
    d: &Directory,
    index: &AreaIndex,
    districts: Option<&[i64]>,
) -> Result<AreaPeople> {
    let bounds = index.bounds();
    let (mut inside, mut unplaced) = (Vec::new(), Vec::new());
    for row in 0..d.len() {
        match (d.at(row), bounds) {
            (Some(at), Some((min, max))) => {
                if (min.lon..=max.lon).contains(&at.lon)
                    && (min.lat..=max.lat).contains(&at.lat)
                    && index.contains(at)
                {
                    inside.push(row);
                }
            }
            // An area with no extent holds no home; the unplaced are listed all the same.
            (Some(_), None) => {}
            (None, _) => unplaced.push(row),
        }
    }
    let district_names = homes::district_names(conn)?;
    let mut out = AreaPeople::default();
    for (rows, into) in [(inside, &mut out.inside), (unplaced, &mut out.unplaced)] {
        let mut entries: Vec<_> = rows
            .into_iter()
            .map(|row| d.entry(row))
            .filter(|e| in_districts(districts, e.district))
            .collect();
        entries.sort_by(|a, b| {
            a.furigana
                .cmp(b.furigana)
                .then(a.person_id.cmp(&b.person_id))
        });
        into.extend(entries.into_iter().map(|e| AreaPerson {
            person_id: e.person_id,
            name: e.name.to_string(),
            address: e.address.to_string(),
            district: e.district.and_then(|id| district_names.get(&id).cloned()),
            level: e.level,
            lon: e.at.map(|p| p.lon),
            lat: e.at.map(|p| p.lat),
        }));
    }
    Ok(out)
}

/// The polygons of a GeoJSON file of an area drawn elsewhere (JGD2011 or WGS84 degrees, or
/// a plane rectangular system its `crs` names).
pub fn drawn_area(bytes: &[u8]) -> Result<Vec<MultiPolygon<f64>>> {
    let file = crate::geo::read_geojson(bytes)?;
    Ok(file.features.into_iter().map(|f| f.area).collect())
}

/// Six hex digits of SHA-256 over the areas' corners (rings in order, little-endian).
fn fingerprint(areas: &[MultiPolygon<f64>]) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for area in areas {
        for polygon in &area.0 {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                for c in &ring.0 {
                    hash.update(c.x.to_le_bytes());
                    hash.update(c.y.to_le_bytes());
                }
                hash.update(b"|");
            }
        }
        hash.update(b"/");
    }
    hex::encode(&hash.finalize()[..3])
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
            // Named by a fingerprint of its corners too: two different areas drawn for one
            // recipient are two copies in the ledger, not a reprint of each other (the
            // label is short: it shares the cover's line with the recipient and the date).
            AreaShape::Drawn(areas) => format!(
                "区域：指定範囲（{}区画・{}）",
                areas.len(),
                fingerprint(areas)
            ),
        };
        Ok(AreaFilter {
            index: area_index(conn, shape)?,
            label,
        })
    }

    /// Whether a print for the area keeps person `id`: their home is inside. One whose
    /// home could not be placed is not kept and is counted in `unplaced` (they may live
    /// inside: the print says how many it left off).
    pub(crate) fn keeps(&self, conn: &Connection, id: i64, unplaced: &mut usize) -> Result<bool> {
        let at = crate::store::map::positions::get(conn, id)?.and_then(|p| {
            Some(LonLat {
                lon: p.lon?,
                lat: p.lat?,
            })
        });
        match at {
            Some(at) => Ok(self.index.contains(at)),
            None => {
                *unplaced += 1;
                Ok(false)
            }
        }
    }

    /// Everyone (not archived) whose home is inside, in 50音 order, and how many could
    /// not be placed (they may be inside: a print says how many it left off).
    pub(crate) fn inside(&self, conn: &Connection) -> Result<(Vec<i64>, usize)> {
        let people = name(conn, find(conn, &self.index)?, None, None)?;
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::model::{ArchiveReason, Person, PositionLevel};
    use crate::{FixedClock, Passphrase};

    fn person(name: &str, address: &str) -> Person {
        Person::from_json(
            &serde_json::json!({
                "name": name, "furigana": "たろう", "sex": "male", "date_of_birth": "1940-01-01",
                "address": address, "district": "中央地区"
            })
            .to_string(),
        )
        .unwrap()
    }

    fn square() -> Area {
        let ring = geo_types::LineString::from(vec![
            (137.99, 34.99),
            (138.01, 34.99),
            (138.01, 35.01),
            (137.99, 35.01),
            (137.99, 34.99),
        ]);
        Area {
            shape: AreaShape::Drawn(vec![MultiPolygon(vec![geo_types::Polygon::new(
                ring,
                vec![],
            )])]),
            districts: vec![],
        }
    }

    fn names(people: &[AreaPerson]) -> Vec<&str> {
        people.iter().map(|p| p.name.as_str()).collect()
    }

    /// In this crate's own tests every area is named from the directory (its threshold is
    /// 1), and from the second on found in it too: it follows every change.
    #[test]
    fn an_area_read_from_memory_follows_every_change() {
        assert_eq!(directory::WORTH_READING, 1);
        let dir = tempfile::tempdir().unwrap();
        let at = Utc.with_ymd_and_hms(2026, 6, 1, 1, 0, 0).single();
        let clock = Arc::new(FixedClock(at.unwrap_or_default()));
        let pass = Passphrase::new("area directory passphrase".into());
        let (mut r, _) = Roster::create(&dir.path().join("r.db"), "tester", &pass, clock).unwrap();
        let a = r
            .add_person(person("一 花子", "みどり市中央町1-1-1"))
            .unwrap();
        let b = r
            .add_person(person("二 次郎", "みどり市中央町1-2-1"))
            .unwrap();
        let c = r
            .add_person(person("三 三郎", "みどり市中央町1-3-1"))
            .unwrap();
        r.set_position(
            a,
            LonLat {
                lon: 138.0,
                lat: 35.0,
            },
        )
        .unwrap();
        r.set_position(
            b,
            LonLat {
                lon: 138.005,
                lat: 35.0,
            },
        )
        .unwrap();
        for _ in 0..2 {
            // The first from the indexes, the second from the directory: the same.
            let people = r.people_in_area(&square()).unwrap();
            assert_eq!(names(&people.inside), ["一 花子", "二 次郎"]);
            assert_eq!(names(&people.unplaced), ["三 三郎"]);
            assert_eq!(people.inside[1].level, PositionLevel::Manual);
            assert_eq!(people.inside[1].lon, Some(138.005));
            assert_eq!(people.inside[1].district.as_deref(), Some("中央地区"));
            assert_eq!(people.unplaced[0].level, PositionLevel::Unplaced);
        }

        // Renamed, moved out by hand, placed, archived: each is seen at the next area.
        let mut p = r.view_person(a).unwrap();
        p.name = "一 花江".into();
        r.update_person(a, p).unwrap();
        assert_eq!(
            names(&r.people_in_area(&square()).unwrap().inside),
            ["一 花江", "二 次郎"]
        );
        r.set_position(
            b,
            LonLat {
                lon: 138.5,
                lat: 35.0,
            },
        )
        .unwrap();
        r.set_position(
            c,
            LonLat {
                lon: 138.0,
                lat: 35.005,
            },
        )
        .unwrap();
        let people = r.people_in_area(&square()).unwrap();
        assert_eq!(names(&people.inside), ["一 花江", "三 三郎"]);
        assert!(people.unplaced.is_empty());
        r.archive_person(c, ArchiveReason::Moved, None, "").unwrap();
        let people = r.people_in_area(&square()).unwrap();
        assert_eq!(names(&people.inside), ["一 花江"]);
        // Limited to its own district: the same, from memory too.
        let central = Area {
            districts: vec!["中央地区".into()],
            ..square()
        };
        assert_eq!(
            names(&r.people_in_area(&central).unwrap().inside),
            ["一 花江"]
        );
    }
}
