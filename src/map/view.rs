//! What the map screen shows: everyone placed as compact arrays with a colour class (their
//! priority band, or during a drill where they stand), the outlines of a hazard layer, one
//! picked home, and an area drawn on the screen turned into a polygon.

use std::collections::BTreeMap;

use geo::{Orient, Simplify};
use geo_types::{Coord, LineString, MultiPolygon, Polygon};

use crate::error::{Error, Result};
use crate::geo::LonLat;
use crate::model::drill::{outcome, CheckEntry, CheckStatus};
use crate::model::map::{AreaPerson, HazardLayer, Placement};
use crate::model::PositionLevel;
use crate::priority::score;
use crate::store::drills;
use crate::store::map::{layers, points};
use crate::store::Roster;

/// How the map colours people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapColouring {
    /// By their priority band ([`PointClass::Low`], `Medium`, `High`).
    Priority,
    /// By where they stand in drill `id` (`Safe` … `NotInDrill`).
    Drill(i64),
}

/// The colour class of a point. One numbering for both colourings, so the screen's legend
/// does not depend on which is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum PointClass {
    /// Priority score below [`MEDIUM_FROM`].
    Low = 0,
    /// Priority score from [`MEDIUM_FROM`] to below [`HIGH_FROM`].
    Medium = 1,
    /// Priority score [`HIGH_FROM`] or more.
    High = 2,
    /// 無事.
    Safe = 3,
    /// 要支援.
    NeedsHelp = 4,
    /// 不在.
    NotHome = 5,
    /// 未確認, or no result yet.
    Unreached = 6,
    /// Not on the drill's check sheets.
    NotInDrill = 7,
}

/// A priority score from here is in the medium band (e.g. 要介護1 and living alone: 2 × 3).
pub const MEDIUM_FROM: u32 = 6;
/// A priority score from here is in the high band (e.g. bedridden and living alone: 4 × 3,
/// or 要介護5 in a flood zone: 2 × 6).
pub const HIGH_FROM: u32 = 12;

impl PointClass {
    /// The band of a priority score.
    pub fn of_score(score: u32) -> PointClass {
        if score >= HIGH_FROM {
            PointClass::High
        } else if score >= MEDIUM_FROM {
            PointClass::Medium
        } else {
            PointClass::Low
        }
    }

    /// The class of a drill's current status (`None`: not checked yet).
    pub fn of_check(status: Option<CheckStatus>) -> PointClass {
        match status {
            Some(CheckStatus::Safe) => PointClass::Safe,
            Some(CheckStatus::NeedsHelp) => PointClass::NeedsHelp,
            Some(CheckStatus::NotHome) => PointClass::NotHome,
            Some(CheckStatus::Unreached) | None => PointClass::Unreached,
        }
    }

    /// Its number on the wire.
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// Everyone (not archived) whose home is placed, as parallel arrays in id order, and how
/// many are not placed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MapPoints {
    /// Person ids, ascending.
    pub ids: Vec<i64>,
    /// Longitudes (JGD2011 degrees).
    pub lon: Vec<f64>,
    /// Latitudes (JGD2011 degrees).
    pub lat: Vec<f64>,
    /// Colour classes ([`PointClass::code`]).
    pub class: Vec<u8>,
    /// How many people are placed each way, and how many are not.
    pub placement: Placement,
}

/// A hazard layer's areas as rings to draw: exteriors counter-clockwise, holes clockwise
/// (so a non-zero fill shows the holes and joins overlapping areas), simplified to about a
/// metre.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerOutline {
    /// The layer.
    pub layer: HazardLayer,
    /// Each ring, closed, as (longitude, latitude) pairs.
    pub rings: Vec<Vec<(f64, f64)>>,
}

/// Rings are simplified to this many degrees (about a metre): finer than a home's position.
const SIMPLIFY_DEGREES: f64 = 0.000_01;

impl Roster {
    /// Everyone placed, for the map, coloured as asked; audited as a reading (`map.view`,
    /// counts only). Any role that may read the roster may see it.
    pub fn map_points(&mut self, colouring: MapColouring) -> Result<MapPoints> {
        let mut out = MapPoints::default();
        let classes = match colouring {
            MapColouring::Priority => None,
            MapColouring::Drill(id) => Some(drill_classes(self, id)?),
        };
        let placement = &mut out.placement;
        let (ids, lon, lat, class) = (&mut out.ids, &mut out.lon, &mut out.lat, &mut out.class);
        points::each_home(self.conn(), |home| {
            // Counted as `positions::counts` counts them.
            let Some((x, y)) = home.at else {
                placement.unplaced += 1;
                return;
            };
            match home.level {
                PositionLevel::Block => placement.block += 1,
                PositionLevel::Town => placement.town += 1,
                _ => placement.manual += 1,
            }
            let c = match &classes {
                None => PointClass::of_score(score(&home.facts).score),
                Some(by_person) => by_person
                    .get(&home.id)
                    .copied()
                    .unwrap_or(PointClass::NotInDrill),
            };
            ids.push(home.id);
            lon.push(x);
            lat.push(y);
            class.push(c.code());
        })?;
        let detail = format!(
            "colour={} points={} unplaced={}",
            match colouring {
                MapColouring::Priority => "priority".to_string(),
                MapColouring::Drill(id) => format!("drill:{id}"),
            },
            out.ids.len(),
            out.placement.unplaced
        );
        self.note(|tx| tx.audit("map.view", "map", None, &detail))?;
        Ok(out)
    }

    /// The areas of hazard layer `id` as rings to draw (no personal data: not audited).
    pub fn layer_outlines(&self, id: i64) -> Result<LayerOutline> {
        let layer = layers::get(self.conn(), id)?;
        let mut rings = Vec::new();
        for area in layers::areas(self.conn(), id)? {
            let area = area
                .simplify(SIMPLIFY_DEGREES)
                .orient(geo::orient::Direction::Default);
            for polygon in area.0 {
                let (exterior, interiors) = polygon.into_inner();
                for ring in std::iter::once(exterior).chain(interiors) {
                    // A ring simplified to a line (a sliver) has nothing to fill.
                    if ring.0.len() >= 4 {
                        rings.push(ring.0.into_iter().map(|c| (c.x, c.y)).collect());
                    }
                }
            }
        }
        Ok(LayerOutline { layer, rings })
    }

    /// Person `id`'s home as the map's selection shows it (with their name); not audited,
    /// like a line of the roster table. `None` when they are archived.
    pub fn map_home(&self, id: i64) -> Result<Option<AreaPerson>> {
        crate::store::persons::ensure_exists(self.conn(), id)?;
        points::home(self.conn(), id)
    }
}

/// Where everyone on drill `id`'s check sheets stands now.
fn drill_classes(roster: &Roster, id: i64) -> Result<BTreeMap<i64, PointClass>> {
    drills::load(roster.conn(), id)?;
    let entries = drills::checks::checks(roster.conn(), id)?;
    let mut per_person: BTreeMap<i64, Vec<&CheckEntry>> = BTreeMap::new();
    for e in &entries {
        per_person.entry(e.person_id).or_default().push(e);
    }
    Ok(drills::population(roster.conn(), id)?
        .into_keys()
        .map(|person| {
            let o = outcome(per_person.get(&person).map_or(&[], Vec::as_slice));
            (person, PointClass::of_check(o.current))
        })
        .collect())
}

/// An area drawn on the map: one ring of (longitude, latitude) vertices, closed here. At
/// least three distinct vertices, each in Japan.
pub fn drawn_polygon(vertices: &[LonLat]) -> Result<MultiPolygon<f64>> {
    let mut ring: Vec<Coord<f64>> = Vec::with_capacity(vertices.len() + 1);
    for v in vertices {
        super::check_in_japan(*v)?;
        let c = Coord { x: v.lon, y: v.lat };
        if ring.last() != Some(&c) {
            ring.push(c);
        }
    }
    if ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    if ring.len() < 3 {
        return Err(Error::invalid(
            "area",
            "an area needs at least three distinct corners",
        ));
    }
    Ok(MultiPolygon::new(vec![Polygon::new(
        LineString::new(ring),
        Vec::new(),
    )]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_split_the_score_at_six_and_twelve() {
        assert_eq!(PointClass::of_score(1), PointClass::Low);
        assert_eq!(PointClass::of_score(5), PointClass::Low);
        assert_eq!(PointClass::of_score(6), PointClass::Medium);
        assert_eq!(PointClass::of_score(11), PointClass::Medium);
        assert_eq!(PointClass::of_score(12), PointClass::High);
        assert_eq!(PointClass::of_check(None), PointClass::Unreached);
        assert_eq!(PointClass::NotInDrill.code(), 7);
    }

    #[test]
    fn a_drawn_ring_is_closed_and_needs_three_corners() {
        let at = |lon, lat| LonLat { lon, lat };
        let area = drawn_polygon(&[
            at(138.0, 35.0),
            at(138.01, 35.0),
            at(138.01, 35.0),
            at(138.0, 35.01),
            at(138.0, 35.0),
        ])
        .unwrap();
        let ring = &area.0[0].exterior().0;
        assert_eq!(ring.len(), 4, "three corners, closed: {ring:?}");
        assert_eq!(ring.first(), ring.last());
        assert!(drawn_polygon(&[at(138.0, 35.0), at(138.01, 35.0)]).is_err());
        assert!(drawn_polygon(&[at(0.0, 0.0), at(1.0, 0.0), at(0.0, 1.0)]).is_err());
    }
}
