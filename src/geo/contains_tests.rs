use super::*;
use geo_types::{polygon, LineString};

fn at(lon: f64, lat: f64) -> LonLat {
    LonLat { lon, lat }
}

/// A square 0..4 with a square hole 1..3 (plus a slanted outer edge at the top, so
/// not every edge is level), and a second polygon, a triangle at 10..12.
fn area_with_hole() -> MultiPolygon<f64> {
    let square = polygon!(
        exterior: [(x: 0.0, y: 0.0), (x: 4.0, y: 0.0), (x: 4.0, y: 4.0), (x: 2.0, y: 5.0), (x: 0.0, y: 4.0), (x: 0.0, y: 0.0)],
        interiors: [[(x: 1.0, y: 1.0), (x: 3.0, y: 1.0), (x: 3.0, y: 3.0), (x: 1.0, y: 3.0), (x: 1.0, y: 1.0)]],
    );
    let triangle =
        polygon![(x: 10.0, y: 0.0), (x: 12.0, y: 0.0), (x: 11.0, y: 2.0), (x: 10.0, y: 0.0)];
    MultiPolygon(vec![square, triangle])
}

/// The same index built both ways: every polygon tested plainly, and every polygon
/// through its complement's interval tree.
fn both_ways(areas: Vec<MultiPolygon<f64>>) -> [AreaIndex; 2] {
    let ids = || areas.clone().into_iter().enumerate();
    [
        AreaIndex::build(ids(), usize::MAX),
        AreaIndex::build(ids(), 0),
    ]
}

#[test]
fn inside_hole_edges_vertices_and_outside() {
    for index in both_ways(vec![area_with_hole()]) {
        let cases = [
            (at(0.5, 0.5), true, "inside"),
            (at(3.5, 2.0), true, "inside, level with the hole"),
            (at(2.0, 2.0), false, "in the hole"),
            (at(2.9, 1.1), false, "in the hole, near its corner"),
            (at(0.0, 2.0), true, "on the outer edge (left)"),
            (at(2.0, 0.0), true, "on the outer edge (bottom)"),
            (at(1.0, 4.5), true, "on the slanted outer edge"),
            (at(1.0, 2.0), true, "on the hole's edge (left)"),
            (at(2.0, 3.0), true, "on the hole's edge (top)"),
            (at(4.0, 4.0), true, "on an outer vertex"),
            (at(2.0, 5.0), true, "on the top vertex"),
            (at(3.0, 1.0), true, "on a hole's vertex"),
            (at(-0.1, 2.0), false, "just outside, left"),
            (at(3.0, 4.6), false, "outside, above the slanted edge"),
            (at(5.0, 5.0), false, "outside the box"),
            (at(11.0, 1.0), true, "inside the second polygon"),
            (at(11.0, 2.0), true, "on the second polygon's apex"),
            (
                at(10.2, 1.5),
                false,
                "outside the second polygon, in its box",
            ),
            (at(f64::NAN, 1.0), false, "not a number"),
        ];
        for (p, expected, what) in cases {
            assert_eq!(index.contains(p), expected, "{what}: {p:?} ({index:?})");
            let ids = index.containing(p);
            assert_eq!(ids, if expected { vec![0] } else { vec![] }, "{what}");
        }
    }
}

#[test]
fn the_two_ways_agree_on_a_grid_with_boundaries() {
    // Every quarter unit: many points fall exactly on edges and vertices.
    let mut reversed = area_with_hole();
    for p in reversed.0.iter_mut() {
        // The same rings, the other way round: the answer must not depend on winding.
        let (mut e, mut holes) = p.clone().into_inner();
        e.0.reverse();
        for h in holes.iter_mut() {
            h.0.reverse();
        }
        *p = Polygon::new(e, holes);
    }
    let [plain, tree] = both_ways(vec![area_with_hole(), reversed]);
    let mut inside = 0;
    for i in -4..=52 {
        for j in -4..=24 {
            let p = at(f64::from(i) * 0.25, f64::from(j) * 0.25);
            let c = Coord { x: p.lon, y: p.lat };
            let expected = area_with_hole().intersects(&c);
            assert_eq!(plain.contains(p), expected, "plain at {p:?}");
            assert_eq!(tree.contains(p), expected, "tree at {p:?}");
            assert_eq!(
                tree.containing(p),
                if expected { vec![0, 1] } else { vec![] }
            );
            inside += usize::from(expected);
        }
    }
    assert!(inside > 100, "the grid must reach inside: {inside}");
}

#[test]
fn ids_are_ascending_and_once() {
    let square = |x0: f64| {
        MultiPolygon(vec![
            polygon![(x: x0, y: 0.0), (x: x0 + 2.0, y: 0.0), (x: x0 + 2.0, y: 2.0), (x: x0, y: 2.0), (x: x0, y: 0.0)],
        ])
    };
    // Area 70 has two polygons that both hold (1.5, 1): it is listed once.
    let mut twice = square(0.0);
    twice.0.push(square(1.0).0.remove(0));
    let index = AreaIndex::with_ids(vec![
        (70_i64, twice),
        (5, square(1.0)),
        (9, square(5.0)),
        (1, MultiPolygon(vec![])),
    ]);
    assert_eq!(index.len(), 4);
    assert_eq!(index.containing(at(1.5, 1.0)), vec![5, 70]);
    assert_eq!(index.containing(at(6.0, 1.0)), vec![9]);
    assert_eq!(index.containing(at(4.0, 1.0)), Vec::<i64>::new());
    assert!(AreaIndex::new(vec![]).is_empty());
}

#[test]
fn a_big_polygon_goes_through_the_tree_and_answers_like_geo() {
    // A wavy ring of 2,000 positions (past PLAIN_MAX_POSITIONS) with a hole.
    let n = 2000;
    let ring: Vec<(f64, f64)> = (0..=n)
        .map(|k| {
            let a = f64::from(k % n) / f64::from(n) * std::f64::consts::TAU;
            let r = 1.0 + 0.05 * (a * 37.0).sin();
            (139.8 + r * a.cos(), 36.0 + r * a.sin())
        })
        .collect();
    let hole = LineString::from(vec![
        (139.7, 35.9),
        (139.9, 35.9),
        (139.9, 36.1),
        (139.7, 36.1),
        (139.7, 35.9),
    ]);
    let area = MultiPolygon(vec![Polygon::new(LineString::from(ring), vec![hole])]);
    let index = AreaIndex::new(vec![area.clone()]);
    assert!(matches!(index.parts[0].shape, Shape::Complement(_)));
    let mut agree = 0;
    for i in 0..120 {
        for j in 0..120 {
            let p = at(138.6 + f64::from(i) * 0.02, 34.8 + f64::from(j) * 0.02);
            let expected = area.intersects(&Coord { x: p.lon, y: p.lat });
            assert_eq!(index.contains(p), expected, "at {p:?}");
            agree += 1;
        }
    }
    assert_eq!(agree, 14_400);
    // On a vertex of the wavy ring, and in the hole.
    assert!(index.contains(at(
        area.0[0].exterior().0[17].x,
        area.0[0].exterior().0[17].y
    )));
    assert!(!index.contains(at(139.8, 36.0)));
}

#[test]
fn many_areas_against_a_brute_force_count() {
    // 2,500 small triangles and squares on a grid, 10,000 points: the index's answer
    // for each point is the areas that geo's Intersects finds by trying them all.
    let mut areas = Vec::new();
    for i in 0..50 {
        for j in 0..50 {
            let (x, y) = (139.0 + f64::from(i) * 0.01, 35.0 + f64::from(j) * 0.01);
            let p = if (i + j) % 2 == 0 {
                polygon![(x: x, y: y), (x: x + 0.015, y: y), (x: x, y: y + 0.015), (x: x, y: y)]
            } else {
                polygon![(x: x, y: y), (x: x + 0.012, y: y), (x: x + 0.012, y: y + 0.012), (x: x, y: y + 0.012), (x: x, y: y)]
            };
            areas.push(MultiPolygon(vec![p]));
        }
    }
    let index = AreaIndex::new(areas.clone());
    let (mut points, mut all) = (Vec::new(), Vec::new());
    let mut hits = 0;
    for k in 0..10_000_u32 {
        let p = at(
            139.0 + f64::from(k.wrapping_mul(7919) % 10007) / 10007.0 * 0.51,
            35.0 + f64::from(k.wrapping_mul(104_729) % 10009) / 10009.0 * 0.51,
        );
        let c = Coord { x: p.lon, y: p.lat };
        let expected: Vec<usize> = (0..areas.len())
            .filter(|&a| areas[a].intersects(&c))
            .collect();
        hits += expected.len();
        assert_eq!(index.containing(p), expected, "at {p:?}");
        points.push(p);
        all.push(expected);
    }
    assert!(hits > 3000, "the points must fall in areas: {hits}");
    // The batch answers the same, in the points' order.
    assert_eq!(index.containing_each(&points), all);
}
