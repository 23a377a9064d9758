//! What a hazard file holds once read: its coordinate system and its areas, each with
//! its attributes, in JGD2011 longitude/latitude. And the ring checks both readers share.

use std::collections::BTreeMap;

use geo_types::{Coord, LineString, MultiPolygon};

use super::crs::{Crs, Projector};
use super::error::GeoError;

/// One area of a hazard file.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// Its position in the file, from 0 (a GeoJSON feature's index; a shapefile's record
    /// number less one).
    pub index: usize,
    /// The area, in JGD2011 longitude/latitude (x = longitude, y = latitude). Holes kept.
    pub area: MultiPolygon<f64>,
    /// Its attributes as text (GeoJSON properties: strings as they are, numbers and
    /// booleans written out, null as "", objects and arrays as JSON; shapefile .dbf
    /// fields: text trimmed, numbers written out, an empty value as "").
    pub attributes: BTreeMap<String, String>,
}

/// A hazard file read: every feature, none dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct HazardFile {
    /// The coordinate system the file was in (its positions are converted already).
    pub crs: Crs,
    /// The features, in file order.
    pub features: Vec<Feature>,
}

/// Checks one ring as stored — at least 4 positions, closed (the last position equal to
/// the first), finite numbers — and converts it to JGD2011 longitude/latitude. `at` and
/// `ring` name it in a message (`feature index 3`, `2 of polygon 1`).
pub(crate) fn ring(
    raw: &[Coord<f64>],
    projector: &Projector,
    at: &str,
    ring: impl Fn() -> String,
) -> Result<LineString<f64>, GeoError> {
    let bad = |problem: String| GeoError::BadRing {
        at: at.to_string(),
        ring: ring(),
        problem,
    };
    if raw.len() < 4 {
        return Err(bad(format!(
            "has {} positions; a ring needs at least 4, the last one equal to the first",
            raw.len()
        )));
    }
    if let Some(c) = raw.iter().find(|c| !(c.x.is_finite() && c.y.is_finite())) {
        return Err(bad(format!(
            "has a position that is not a number ({}, {})",
            c.x, c.y
        )));
    }
    if raw.first() != raw.last() {
        return Err(bad(
            "is not closed (its last position is not its first)".to_string()
        ));
    }
    raw.iter()
        .map(|c| {
            projector
                .to_lon_lat(c.x, c.y, at)
                .map(|p| Coord { x: p.lon, y: p.lat })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(LineString)
}
