//! From degrees to millimetres: the part of the earth the map's frame shows, and where a
//! point or a hazard area falls in it.
//!
//! The projection is equirectangular with the longitude scaled by the cosine of the
//! frame's middle latitude: x = R·Δλ·cos φ₀, y = R·Δφ. Across a district (a few km) the
//! scale is then true to well under one per cent anywhere on the page — far finer than a
//! 街区's representative point is true to a house — and straight lines stay straight, so a
//! hazard area is clipped to the frame after projecting, exactly as before.

use geo::{BooleanOps, Coord, MapCoords, MultiPolygon, Rect, Simplify};

use crate::geo::LonLat;

/// The map frame's width, mm (A4 portrait between the margins).
pub const FRAME_W: f32 = 186.0;
/// The map frame's height, mm.
pub const FRAME_H: f32 = 196.0;
/// Room kept free around the outermost homes, mm (for their numbers).
const PAD: f64 = 16.0;
/// The least ground the frame shows across, m (one home, or a few in one 街区, still
/// shows its streets' scale rather than a single block blown up).
const MIN_SPAN_M: f64 = 400.0;
/// Metres per degree of latitude (mean earth radius 6,371,008.8 m).
const M_PER_DEG: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0;
/// Shapes are simplified to this many mm: finer than a printer draws, far fewer points.
const SIMPLIFY_MM: f64 = 0.08;

/// The part of the earth a map shows, in JGD2011 degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    /// West edge.
    pub min_lon: f64,
    /// South edge.
    pub min_lat: f64,
    /// East edge.
    pub max_lon: f64,
    /// North edge.
    pub max_lat: f64,
}

/// The frame's projection: its centre and its scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct View {
    lon0: f64,
    lat0: f64,
    m_per_lon: f64,
    mm_per_m: f64,
}

impl View {
    /// The view that fits `points` with a margin, centred; `None` when there is no
    /// (finite) point.
    pub(super) fn fit(points: impl IntoIterator<Item = LonLat>) -> Option<View> {
        let mut b: Option<(f64, f64, f64, f64)> = None;
        for p in points
            .into_iter()
            .filter(|p| p.lon.is_finite() && p.lat.is_finite())
        {
            b = Some(match b {
                None => (p.lon, p.lat, p.lon, p.lat),
                Some((a, c, d, e)) => (a.min(p.lon), c.min(p.lat), d.max(p.lon), e.max(p.lat)),
            });
        }
        let (min_lon, min_lat, max_lon, max_lat) = b?;
        let lat0 = (min_lat + max_lat) / 2.0;
        let m_per_lon = M_PER_DEG * lat0.to_radians().cos();
        let span_x = ((max_lon - min_lon) * m_per_lon).max(MIN_SPAN_M);
        let span_y = ((max_lat - min_lat) * M_PER_DEG).max(MIN_SPAN_M);
        let mm_per_m = ((f64::from(FRAME_W) - 2.0 * PAD) / span_x)
            .min((f64::from(FRAME_H) - 2.0 * PAD) / span_y);
        Some(View {
            lon0: (min_lon + max_lon) / 2.0,
            lat0,
            m_per_lon,
            mm_per_m,
        })
    }

    /// Where `p` falls, mm from the frame's top-left corner (north up).
    pub(super) fn at(&self, p: LonLat) -> (f64, f64) {
        (
            f64::from(FRAME_W) / 2.0 + (p.lon - self.lon0) * self.m_per_lon * self.mm_per_m,
            f64::from(FRAME_H) / 2.0 - (p.lat - self.lat0) * M_PER_DEG * self.mm_per_m,
        )
    }

    /// The ground the whole frame shows.
    pub(super) fn extent(&self) -> Extent {
        let half_w = f64::from(FRAME_W) / 2.0 / self.mm_per_m;
        let half_h = f64::from(FRAME_H) / 2.0 / self.mm_per_m;
        Extent {
            min_lon: self.lon0 - half_w / self.m_per_lon,
            max_lon: self.lon0 + half_w / self.m_per_lon,
            min_lat: self.lat0 - half_h / M_PER_DEG,
            max_lat: self.lat0 + half_h / M_PER_DEG,
        }
    }

    /// The scale as 1 : n.
    pub(super) fn denominator(&self) -> f64 {
        1000.0 / self.mm_per_m
    }

    /// A scale bar: the longest round length (1, 2 or 5 × 10ⁿ m) no longer than `max_mm`
    /// on the page, and its length in mm.
    pub(super) fn scale_bar(&self, max_mm: f64) -> (f64, f64) {
        let most = max_mm / self.mm_per_m;
        let mut step = 10f64.powf(most.log10().floor());
        for k in [5.0, 2.0, 1.0] {
            if k * step <= most {
                step *= k;
                break;
            }
        }
        (step, step * self.mm_per_m)
    }

    /// The part of `area` inside the frame, projected and simplified: polygons, each its
    /// rings (the first the outside, then the holes), in mm from the frame's corner.
    pub(super) fn clip(&self, area: &MultiPolygon<f64>) -> Vec<Vec<Vec<(f32, f32)>>> {
        let projected = area.map_coords(|c| {
            let (x, y) = self.at(LonLat { lon: c.x, lat: c.y });
            Coord { x, y }
        });
        let frame = Rect::new(
            Coord { x: 0.0, y: 0.0 },
            Coord {
                x: f64::from(FRAME_W),
                y: f64::from(FRAME_H),
            },
        )
        .to_polygon();
        let inside = projected.intersection(&frame).simplify(SIMPLIFY_MM);
        inside
            .0
            .iter()
            .map(|polygon| {
                std::iter::once(polygon.exterior())
                    .chain(polygon.interiors())
                    .map(|ring| {
                        let mut points: Vec<(f32, f32)> =
                            ring.0.iter().map(|c| (c.x as f32, c.y as f32)).collect();
                        // The ring's closing point is the renderer's to add.
                        if points.len() > 1 && points.first() == points.last() {
                            points.pop();
                        }
                        points
                    })
                    .filter(|ring| ring.len() >= 3)
                    .collect::<Vec<_>>()
            })
            .filter(|rings| !rings.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, MultiPolygon};

    fn p(lon: f64, lat: f64) -> LonLat {
        LonLat { lon, lat }
    }

    #[test]
    fn points_fit_inside_the_frame_north_up_with_true_distances() {
        // 1 km east–west and 0.5 km north–south at 35°N.
        let east = 1000.0 / (M_PER_DEG * 35f64.to_radians().cos());
        let v = View::fit([p(138.0, 35.0), p(138.0 + east, 35.0045)]).unwrap();
        let (x0, y0) = v.at(p(138.0, 35.0));
        let (x1, y1) = v.at(p(138.0 + east, 35.0045));
        assert!(x1 > x0 && y1 < y0, "east is right, north is up");
        for (x, y) in [(x0, y0), (x1, y1)] {
            assert!(
                x >= PAD - 1e-6 && x <= f64::from(FRAME_W) - PAD + 1e-6,
                "{x}"
            );
            assert!(y >= 0.0 && y <= f64::from(FRAME_H), "{y}");
        }
        // 1 km across is (x1 - x0) mm: the scale says the same (the cosine is taken at
        // the middle latitude, 35.00225°, so to a few parts in 10⁵).
        let mm_per_km = x1 - x0;
        assert!((v.denominator() / (1e6 / mm_per_km) - 1.0).abs() < 1e-4);
        // North–south uses the same scale (0.0045° ≈ 500.4 m).
        assert!(((y0 - y1) / mm_per_km * 1000.0 - 0.0045 * M_PER_DEG).abs() < 0.05);
        let e = v.extent();
        assert!(e.min_lon < 138.0 && e.max_lon > 138.0 + east);
        assert!(e.min_lat < 35.0 && e.max_lat > 35.0045);
    }

    #[test]
    fn one_point_still_shows_some_ground_and_the_bar_is_round() {
        let v = View::fit([p(138.0, 35.0)]).unwrap();
        assert_eq!(
            v.at(p(138.0, 35.0)),
            (f64::from(FRAME_W) / 2.0, f64::from(FRAME_H) / 2.0)
        );
        let (m, mm) = v.scale_bar(40.0);
        assert!(mm <= 40.0 && mm > 14.0, "{m} m is {mm} mm");
        assert!([1.0, 2.0, 5.0].iter().any(|k| {
            let e = (m / k).log10();
            (e - e.round()).abs() < 1e-9
        }));
        assert!(View::fit([p(f64::NAN, 35.0)]).is_none());
        assert!(View::fit(Vec::new()).is_none());
    }

    #[test]
    fn an_area_is_clipped_to_the_frame_and_keeps_its_hole() {
        let v = View::fit([p(138.0, 35.0)]).unwrap();
        let e = v.extent();
        // Much wider than the frame, with a hole around the centre.
        let big = MultiPolygon(vec![polygon!(
            exterior: [(x: 137.9, y: 34.9), (x: 138.1, y: 34.9), (x: 138.1, y: 35.1), (x: 137.9, y: 35.1)],
            interiors: [[(x: 137.9995, y: 34.9995), (x: 138.0005, y: 34.9995), (x: 138.0005, y: 35.0005), (x: 137.9995, y: 35.0005)]],
        )]);
        let shapes = v.clip(&big);
        assert_eq!(shapes.len(), 1);
        assert_eq!(shapes[0].len(), 2, "the outside and the hole");
        for ring in &shapes[0] {
            for &(x, y) in ring {
                assert!((-1e-3..=FRAME_W + 1e-3).contains(&x), "{x}");
                assert!((-1e-3..=FRAME_H + 1e-3).contains(&y), "{y}");
            }
        }
        // Wholly outside: nothing.
        let away = MultiPolygon(vec![polygon![
            (x: e.max_lon + 0.01, y: 35.0), (x: e.max_lon + 0.02, y: 35.0), (x: e.max_lon + 0.02, y: 35.01)
        ]]);
        assert!(v.clip(&away).is_empty());
    }
}
