//! A list's 地図 page, gathered: where the homes of the people on the list are, and the
//! hazard areas of the layers in use around them.
//!
//! Only people on the list can be drawn (the sharing rule made the list), and of those
//! only the ones whose address the list itself prints for this recipient: never a person
//! whose address is protected (支援措置), whatever else is released about them, and never
//! one whose address field is withheld or not given to the recipient at all. Everyone
//! else's number goes in the line of numbers not on the map, with no reason beside it.

use crate::error::Result;
use crate::geo::LonLat;
use crate::map::AreaShape;
use crate::model::PositionLevel;
use crate::print::map::{self, HazardArea, MapPage, MapPoint, MapSource};
use crate::store::map::{layers, positions};
use crate::store::Connection;

/// A person on the list, as the map sees them.
pub(super) struct OnList {
    /// Their number on the list.
    pub(super) no: usize,
    /// Their roster id.
    pub(super) person_id: i64,
    /// Whether their home may be drawn: their address is printed on this list for this
    /// recipient and is not protected.
    pub(super) may_draw: bool,
}

/// Builds the map page for the people of a list. `area` is the list's alert area, if it
/// was cut by one: layers it names are shaded even if retired since.
pub(super) fn gather(
    conn: &Connection,
    people: &[OnList],
    area: Option<&AreaShape>,
) -> Result<MapPage> {
    let mut points = Vec::new();
    let mut missing = Vec::new();
    for p in people {
        let placed = if p.may_draw {
            positions::get(conn, p.person_id)?.and_then(|pos| {
                let approximate = match pos.level {
                    PositionLevel::Block | PositionLevel::Manual => false,
                    PositionLevel::Town => true,
                    PositionLevel::Unplaced | PositionLevel::Pending => return None,
                };
                let at = LonLat {
                    lon: pos.lon?,
                    lat: pos.lat?,
                };
                (at.lon.is_finite() && at.lat.is_finite()).then_some((at, approximate))
            })
        } else {
            None
        };
        match placed {
            Some((at, approximate)) => points.push(MapPoint {
                no: p.no,
                at,
                approximate,
            }),
            None => missing.push(p.no),
        }
    }
    let named: &[i64] = match area {
        Some(AreaShape::Layers(ids)) => ids,
        _ => &[],
    };
    let in_use: Vec<_> = layers::list(conn)?
        .into_iter()
        .filter(|l| l.retired_at.is_none() || named.contains(&l.id))
        .collect();
    let mut areas = Vec::new();
    if let Some(e) = map::extent(&points) {
        let (south_west, north_east) = (
            LonLat {
                lon: e.min_lon,
                lat: e.min_lat,
            },
            LonLat {
                lon: e.max_lon,
                lat: e.max_lat,
            },
        );
        for l in &in_use {
            for area in layers::areas_within(conn, l.id, south_west, north_east)? {
                areas.push(HazardArea { kind: l.kind, area });
            }
        }
    }
    Ok(MapPage {
        points,
        areas,
        sources: in_use
            .into_iter()
            .map(|l| MapSource {
                kind: l.kind,
                origin: l.source,
                dated: l.dated,
            })
            .collect(),
        missing,
    })
}
