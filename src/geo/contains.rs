//! Which areas hold a point, fast: an R-tree over the polygons' bounding boxes picks the
//! few candidates, and `geo` decides each one.
//!
//! A point ON a boundary — an outer edge, a hole's edge, a vertex — counts as inside: in
//! an evacuation, listing one person too many is the safe side.
//!
//! A polygon of up to [`PLAIN_MAX_POSITIONS`] positions is tested as it is (`geo`'s
//! `Intersects`, which walks every edge). A bigger one — a 浸水想定区域 outline can have
//! tens of thousands of positions — is tested through `geo`'s interval tree
//! ([`IntervalTreeMultiPolygon`]), which looks only at the edges level with the point.
//! That tree tells strict insides only, so it is built on the polygon's complement within
//! a frame around it (the frame with the outer ring as a hole, plus the polygon's holes as
//! areas of their own): a point is in the polygon or on its boundary exactly when it is
//! not strictly inside that complement. Both ways give the same answer for any valid
//! polygon (the tests check this on boundaries too); for a ring that crosses itself,
//! which has no agreed inside, they may differ — such a file should be repaired in a GIS.

use ::geo::indexed::IntervalTreeMultiPolygon;
use ::geo::orient::{Direction, Orient};
use ::geo::{BoundingRect, Contains, Intersects};
use geo_types::{Coord, MultiPolygon, Polygon, Rect};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::RTree;

use super::LonLat;

/// Polygons with at most this many positions (all rings together) are tested edge by
/// edge; bigger ones through an interval tree.
pub const PLAIN_MAX_POSITIONS: usize = 64;

/// A set of areas, each with an id, ready to be asked which of them hold a point.
pub struct AreaIndex<Id = usize> {
    tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
    parts: Vec<Part<Id>>,
    areas: usize,
}

/// One polygon of an area.
struct Part<Id> {
    id: Id,
    shape: Shape,
}

enum Shape {
    /// Tested edge by edge.
    Plain(Polygon<f64>),
    /// The complement within a frame around the polygon (see the module's note).
    Complement(IntervalTreeMultiPolygon<f64>),
}

impl AreaIndex<usize> {
    /// An index of `areas`, each known by its position in the vector.
    pub fn new(areas: Vec<MultiPolygon<f64>>) -> Self {
        AreaIndex::with_ids(areas.into_iter().enumerate())
    }
}

impl<Id: Copy + Ord> AreaIndex<Id> {
    /// An index of areas with the ids given (a stored area's row id, say). An area with
    /// no polygon, or polygons with no positions, holds no point.
    pub fn with_ids(areas: impl IntoIterator<Item = (Id, MultiPolygon<f64>)>) -> Self {
        Self::build(areas, PLAIN_MAX_POSITIONS)
    }

    fn build(areas: impl IntoIterator<Item = (Id, MultiPolygon<f64>)>, plain_max: usize) -> Self {
        let mut parts = Vec::new();
        let mut boxes = Vec::new();
        let mut count = 0;
        for (id, area) in areas {
            count += 1;
            for polygon in area {
                let Some(bbox) = polygon.bounding_rect() else {
                    continue;
                };
                let positions = polygon.exterior().0.len()
                    + polygon.interiors().iter().map(|r| r.0.len()).sum::<usize>();
                let shape = if positions <= plain_max {
                    Shape::Plain(polygon)
                } else {
                    Shape::Complement(complement(polygon, bbox))
                };
                boxes.push(GeomWithData::new(
                    Rectangle::from_corners(
                        [bbox.min().x, bbox.min().y],
                        [bbox.max().x, bbox.max().y],
                    ),
                    parts.len(),
                ));
                parts.push(Part { id, shape });
            }
        }
        AreaIndex {
            tree: RTree::bulk_load(boxes),
            parts,
            areas: count,
        }
    }

    /// How many areas were given (those with no polygon included).
    pub fn len(&self) -> usize {
        self.areas
    }

    /// Whether no area was given.
    pub fn is_empty(&self) -> bool {
        self.areas == 0
    }

    /// The box around every area (south-west and north-east corners); `None` when no area
    /// has a polygon. A point outside it is in no area.
    pub fn bounds(&self) -> Option<(LonLat, LonLat)> {
        if self.parts.is_empty() {
            return None;
        }
        let e = self.tree.root().envelope();
        let (min, max) = (e.lower(), e.upper());
        Some((
            LonLat {
                lon: min[0],
                lat: min[1],
            },
            LonLat {
                lon: max[0],
                lat: max[1],
            },
        ))
    }

    /// Whether some area holds `p` (inside or on its boundary). A point that is not a
    /// number is in none.
    pub fn contains(&self, p: LonLat) -> bool {
        self.candidates(p).any(|part| part.holds(p))
    }

    /// The ids of the areas that hold `p` (inside or on a boundary), ascending, each once.
    pub fn containing(&self, p: LonLat) -> Vec<Id> {
        let mut ids: Vec<Id> = self
            .candidates(p)
            .filter(|part| part.holds(p))
            .map(|part| part.id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// [`containing`](Self::containing) for each of `points`, in their order. The points
    /// are visited grouped by cells of about 1 km, so that neighbours ask the same
    /// polygons one after another: with big polygons this is several times faster than
    /// asking in a random order (500,000 points against 50,000 areas, 500 of them outlines
    /// of 2,000–20,000 positions: 2.0 s instead of 7.6 s on one core).
    pub fn containing_each(&self, points: &[LonLat]) -> Vec<Vec<Id>> {
        let cell = |v: f64| (v / 0.01).floor() as i64;
        let mut order: Vec<usize> = (0..points.len()).collect();
        order.sort_by_key(|&i| (cell(points[i].lat), cell(points[i].lon)));
        let mut out = vec![Vec::new(); points.len()];
        for i in order {
            out[i] = self.containing(points[i]);
        }
        out
    }

    /// The polygons whose bounding box holds `p` (edges included).
    fn candidates(&self, p: LonLat) -> impl Iterator<Item = &Part<Id>> + '_ {
        let finite = p.lon.is_finite() && p.lat.is_finite();
        self.tree
            .locate_all_at_point(&[p.lon, p.lat])
            .filter(move |_| finite)
            .filter_map(|g| self.parts.get(g.data))
    }
}

impl<Id> Part<Id> {
    /// Whether the polygon holds `p`, which lies in its bounding box.
    fn holds(&self, p: LonLat) -> bool {
        let c = Coord { x: p.lon, y: p.lat };
        match &self.shape {
            Shape::Plain(polygon) => polygon.intersects(&c),
            Shape::Complement(outside) => !outside.contains(&c),
        }
    }
}

/// The complement of `polygon` within a frame one degree wider than its box on every
/// side, oriented so that winding numbers add up: the frame counter-clockwise with the
/// outer ring as a clockwise hole, and each hole counter-clockwise as an area of its own.
fn complement(polygon: Polygon<f64>, bbox: Rect<f64>) -> IntervalTreeMultiPolygon<f64> {
    let frame = Rect::new(
        Coord {
            x: bbox.min().x - 1.0,
            y: bbox.min().y - 1.0,
        },
        Coord {
            x: bbox.max().x + 1.0,
            y: bbox.max().y + 1.0,
        },
    )
    .to_polygon()
    .into_inner()
    .0;
    let (exterior, holes) = polygon.into_inner();
    let mut parts = vec![Polygon::new(frame, vec![exterior]).orient(Direction::Default)];
    parts.extend(
        holes
            .into_iter()
            .map(|h| Polygon::new(h, Vec::new()).orient(Direction::Default)),
    );
    IntervalTreeMultiPolygon::new(&MultiPolygon(parts))
}

impl<Id> std::fmt::Debug for AreaIndex<Id> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AreaIndex")
            .field("areas", &self.areas)
            .field("polygons", &self.parts.len())
            .finish()
    }
}

#[cfg(test)]
#[path = "contains_tests.rs"]
mod tests;
