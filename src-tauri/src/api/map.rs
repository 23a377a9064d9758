//! The map screen: hazard layers, everyone placed as points, an area drawn on the map and
//! the people inside it, and a position set by hand.
//!
//! The points and a layer's outlines cross as raw little-endian bytes (a
//! `tauri::ipc::Response`, an `ArrayBuffer` in the page), not JSON: 484,758 people placed
//! are 6.3 MB read straight into typed arrays (packed in 5 ms), where JSON would be 12.1 MB
//! to write (110 ms) and to parse into half a million boxed numbers per column. The
//! layouts are below; `ui/src/lib/map.ts` reads them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use yorisoi::geo::LonLat;
use yorisoi::map::{LayerOutline, MapPoints};
use yorisoi::model::map::{AreaPerson, HazardLayer};

use crate::error::IpcError;

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A hazard layer as the map lists it.
#[derive(Debug, Serialize, TS)]
pub struct MapLayerRow {
    #[ts(type = "number")]
    pub id: i64,
    /// `flood` | `landslide` | `tsunami`.
    pub kind: String,
    pub name: String,
    /// 出典.
    pub source: String,
    /// The data's date (ISO).
    pub dated: String,
    pub features: u32,
    /// Not retired: its areas give the zones.
    pub in_use: bool,
}

impl From<HazardLayer> for MapLayerRow {
    fn from(l: HazardLayer) -> Self {
        MapLayerRow {
            id: l.id,
            kind: l.kind.token().to_owned(),
            name: l.name,
            source: l.source,
            dated: l.dated,
            features: u32::try_from(l.features).unwrap_or(0),
            in_use: l.retired_at.is_none(),
        }
    }
}

/// What the map screen opens with: the layers, and whether any position file was imported
/// (how many are placed each way comes with the points: counting reads the whole roster).
#[derive(Debug, Serialize, TS)]
pub struct MapOverview {
    pub layers: Vec<MapLayerRow>,
    /// Position files (位置参照情報) imported so far.
    pub position_files: u32,
}

impl MapOverview {
    pub fn new(layers: Vec<HazardLayer>, position_files: usize) -> Self {
        MapOverview {
            layers: layers.into_iter().map(MapLayerRow::from).collect(),
            position_files: count(position_files),
        }
    }
}

/// How to colour the points: by priority, or by where people stand in a drill.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MapPointsRequest {
    #[ts(type = "number | null")]
    pub drill_id: Option<i64>,
}

/// A hazard layer, by id.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MapLayerId {
    #[ts(type = "number")]
    pub id: i64,
}

/// A place on the map, in JGD2011 degrees.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MapLonLat {
    pub lon: f64,
    pub lat: f64,
}

impl From<MapLonLat> for LonLat {
    fn from(p: MapLonLat) -> Self {
        LonLat {
            lon: p.lon,
            lat: p.lat,
        }
    }
}

/// An alert area drawn on the map (its corners in order; it is closed by the backend),
/// optionally limited to districts.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MapAreaRequest {
    pub corners: Vec<MapLonLat>,
    pub districts: Vec<String>,
}

/// One person of an area's list.
#[derive(Debug, Serialize, TS)]
pub struct MapAreaPerson {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub address: String,
    pub district: Option<String>,
    /// `block` | `town` | `manual` | `none` | `pending`.
    pub level: String,
}

impl From<AreaPerson> for MapAreaPerson {
    fn from(p: AreaPerson) -> Self {
        MapAreaPerson {
            person_id: p.person_id,
            name: p.name,
            address: p.address,
            district: p.district,
            level: p.level.token().to_owned(),
        }
    }
}

/// Everyone placed inside the area, and apart those who could not be placed (they may be
/// inside).
#[derive(Debug, Serialize, TS)]
pub struct MapAreaPeople {
    pub inside: Vec<MapAreaPerson>,
    pub unplaced: Vec<MapAreaPerson>,
}

/// The person picked on the map or in the search (no address: the full record shows it,
/// audited).
#[derive(Debug, Serialize, TS)]
pub struct MapHome {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub district: Option<String>,
    /// `block` | `town` | `manual` | `none` | `pending`.
    pub level: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
}

impl From<AreaPerson> for MapHome {
    fn from(p: AreaPerson) -> Self {
        MapHome {
            person_id: p.person_id,
            name: p.name,
            district: p.district,
            level: p.level.token().to_owned(),
            lon: p.lon,
            lat: p.lat,
        }
    }
}

/// Sets a person's position by hand (a click on the map, confirmed).
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MapPositionRequest {
    #[ts(type = "number")]
    pub person_id: i64,
    pub at: MapLonLat,
}

/// What setting a position found: hazard zones to review, if the new place changes them.
#[derive(Debug, Serialize, TS)]
pub struct MapPositionSet {
    pub new_changes: u32,
}

/// The points' header: the counts, then the origin.
const POINTS_HEAD: usize = 40;

/// The middle of the values' range: the origin the offsets are counted from.
fn middle(values: &[f64]) -> f64 {
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    if lo.is_finite() {
        (lo + hi) / 2.0
    } else {
        0.0
    }
}

/// A degree as an `f32` offset from `origin`: within a municipality (a degree or so) that
/// keeps it to a centimetre, where an `f32` degree of longitude would be a metre.
fn offset(value: f64, origin: f64) -> [u8; 4] {
    ((value - origin) as f32).to_le_bytes()
}

/// The points, as bytes (little-endian):
///
/// | offset | what |
/// |---|---|
/// | 0 | `u32` n, people placed |
/// | 4, 8, 12, 16 | `u32` people not placed; placed at their 街区, their 町丁目, by hand |
/// | 20 | `u32` 0 |
/// | 24, 32 | `f64` origin longitude, latitude |
/// | 40 | n × `u32` person ids, ascending |
/// | 40 + 4n | n × `f32` longitude − origin |
/// | 40 + 8n | n × `f32` latitude − origin |
/// | 40 + 12n | n × `u8` colour class (`yorisoi::map::PointClass`) |
pub fn points_bytes(p: &MapPoints) -> Result<Vec<u8>, IpcError> {
    let n = p.ids.len();
    let too_many = || IpcError::internal("too many people for the map");
    let mut out = Vec::with_capacity(POINTS_HEAD + 13 * n);
    out.extend(u32::try_from(n).map_err(|_| too_many())?.to_le_bytes());
    let c = &p.placement;
    for k in [c.unplaced, c.block, c.town, c.manual, 0] {
        out.extend(count(k).to_le_bytes());
    }
    let (lon0, lat0) = (middle(&p.lon), middle(&p.lat));
    out.extend(lon0.to_le_bytes());
    out.extend(lat0.to_le_bytes());
    for id in &p.ids {
        out.extend(u32::try_from(*id).map_err(|_| too_many())?.to_le_bytes());
    }
    for v in &p.lon {
        out.extend(offset(*v, lon0));
    }
    for v in &p.lat {
        out.extend(offset(*v, lat0));
    }
    out.extend(&p.class);
    Ok(out)
}

/// A layer's rings, as bytes (little-endian):
///
/// | offset | what |
/// |---|---|
/// | 0 | `u32` r, rings |
/// | 4 | `u32` v, vertices of all rings |
/// | 8, 16 | `f64` origin longitude, latitude |
/// | 24 | r × `u32` vertices of each ring |
/// | 24 + 4r | v × (`f32` longitude − origin, `f32` latitude − origin) |
pub fn outline_bytes(o: &LayerOutline) -> Result<Vec<u8>, IpcError> {
    let too_big = || IpcError::internal("the layer is too large to draw");
    let vertices: usize = o.rings.iter().map(Vec::len).sum();
    let lons: Vec<f64> = o.rings.iter().flatten().map(|c| c.0).collect();
    let lats: Vec<f64> = o.rings.iter().flatten().map(|c| c.1).collect();
    let (lon0, lat0) = (middle(&lons), middle(&lats));
    let mut out = Vec::with_capacity(24 + 4 * o.rings.len() + 8 * vertices);
    out.extend(
        u32::try_from(o.rings.len())
            .map_err(|_| too_big())?
            .to_le_bytes(),
    );
    out.extend(
        u32::try_from(vertices)
            .map_err(|_| too_big())?
            .to_le_bytes(),
    );
    out.extend(lon0.to_le_bytes());
    out.extend(lat0.to_le_bytes());
    for ring in &o.rings {
        out.extend(
            u32::try_from(ring.len())
                .map_err(|_| too_big())?
                .to_le_bytes(),
        );
    }
    for (lon, lat) in o.rings.iter().flatten() {
        out.extend(offset(*lon, lon0));
        out.extend(offset(*lat, lat0));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use yorisoi::model::map::Placement;

    fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
    }
    fn f32_at(b: &[u8], at: usize) -> f32 {
        f32::from_le_bytes(b[at..at + 4].try_into().unwrap())
    }
    fn f64_at(b: &[u8], at: usize) -> f64 {
        f64::from_le_bytes(b[at..at + 8].try_into().unwrap())
    }

    #[test]
    fn points_are_laid_out_as_the_page_reads_them() {
        let p = MapPoints {
            ids: vec![3, 9],
            lon: vec![138.0, 138.002],
            lat: vec![35.0, 35.001],
            class: vec![2, 0],
            placement: Placement {
                unplaced: 5,
                block: 1,
                town: 0,
                manual: 1,
            },
        };
        let b = points_bytes(&p).unwrap();
        assert_eq!(b.len(), 40 + 13 * 2);
        let counts: Vec<u32> = (0..6).map(|k| u32_at(&b, 4 * k)).collect();
        assert_eq!(counts, [2, 5, 1, 0, 1, 0]);
        let (lon0, lat0) = (f64_at(&b, 24), f64_at(&b, 32));
        assert_eq!((u32_at(&b, 40), u32_at(&b, 44)), (3, 9));
        let lon1 = lon0 + f64::from(f32_at(&b, 40 + 8 + 4));
        let lat1 = lat0 + f64::from(f32_at(&b, 40 + 16 + 4));
        assert!((lon1 - 138.002).abs() < 1e-7 && (lat1 - 35.001).abs() < 1e-7);
        assert_eq!(&b[40 + 24..], &[2, 0]);
    }

    #[test]
    fn an_outline_lists_its_rings_then_their_vertices() {
        let o = LayerOutline {
            layer: HazardLayer {
                id: 1,
                kind: yorisoi::model::HazardKind::Flood,
                name: "f".into(),
                source: "s".into(),
                dated: "2024-01-01".into(),
                crs: String::new(),
                features: 1,
                imported_at: String::new(),
                imported_by: String::new(),
                retired_at: None,
            },
            rings: vec![vec![
                (138.0, 35.0),
                (138.1, 35.0),
                (138.0, 35.1),
                (138.0, 35.0),
            ]],
        };
        let b = outline_bytes(&o).unwrap();
        assert_eq!(b.len(), 24 + 4 + 4 * 8);
        assert_eq!((u32_at(&b, 0), u32_at(&b, 4), u32_at(&b, 24)), (1, 4, 4));
        let lon0 = f64_at(&b, 8);
        assert!((lon0 + f64::from(f32_at(&b, 28 + 8)) - 138.1).abs() < 1e-7);
    }
}
