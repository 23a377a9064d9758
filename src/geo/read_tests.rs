//! The readers: the same area in two coordinate systems, a shapefile written with the
//! `shapefile` crate and read back, and broken files refused with the right message.

use std::io::{Cursor, Write};

use ::geo::Intersects;
use ::shapefile::dbase::{self, FieldValue, TableWriterBuilder};
use ::shapefile::{Point, Polygon as ShpPolygon, PolygonRing, ShapeWriter, Writer};
use geo_types::Coord;

use super::crs::tests::{gauss_kruger, TOKYO, ZONE9_ESRI};
use super::shapefile::read_zip_within;
use super::*;

/// A hazard area near Tsukuba in JGD2011 degrees: an outer ring of 7 positions with a
/// hole, and a second polygon a little east.
fn rings() -> Vec<Vec<Vec<(f64, f64)>>> {
    vec![
        vec![
            vec![
                (140.10, 36.05),
                (140.14, 36.052),
                (140.15, 36.08),
                (140.13, 36.10),
                (140.105, 36.095),
                (140.095, 36.07),
                (140.10, 36.05),
            ],
            vec![
                (140.115, 36.065),
                (140.115, 36.08),
                (140.13, 36.08),
                (140.13, 36.065),
                (140.115, 36.065),
            ],
        ],
        vec![vec![
            (140.17, 36.06),
            (140.19, 36.06),
            (140.18, 36.085),
            (140.17, 36.06),
        ]],
    ]
}

/// `rings()` as a GeoJSON FeatureCollection of one MultiPolygon, each position mapped.
fn geojson_of(crs: Option<&str>, map: impl Fn((f64, f64)) -> (f64, f64)) -> String {
    let coords: Vec<Vec<Vec<[f64; 2]>>> = rings()
        .into_iter()
        .map(|p| {
            p.into_iter()
                .map(|r| r.into_iter().map(|c| map(c).into()).collect())
                .collect()
        })
        .collect();
    let mut doc = serde_json::json!({
        "type": "FeatureCollection",
        "features": [{
            "type": "Feature",
            "properties": {"A31_001": 21, "名称": "桜川", "note": null, "flag": true},
            "geometry": {"type": "MultiPolygon", "coordinates": coords},
        }],
    });
    if let Some(name) = crs {
        doc["crs"] = serde_json::json!({"type": "name", "properties": {"name": name}});
    }
    doc.to_string()
}

/// A grid over the area's box and around it (about 100 m apart).
fn grid() -> Vec<LonLat> {
    let mut points = Vec::new();
    for i in 0..120 {
        for j in 0..70 {
            points.push(LonLat {
                lon: 140.085 + f64::from(i) * 0.00093,
                lat: 36.04 + f64::from(j) * 0.00091,
            });
        }
    }
    points
}

fn zone9_of((lon, lat): (f64, f64)) -> (f64, f64) {
    gauss_kruger(lat, lon, 9)
}

#[test]
fn the_same_area_in_degrees_and_in_zone_ix_holds_the_same_points() {
    let degrees =
        read_geojson(geojson_of(Some("urn:ogc:def:crs:EPSG::6668"), |c| c).as_bytes()).unwrap();
    let plane =
        read_geojson(geojson_of(Some("urn:ogc:def:crs:EPSG::6677"), zone9_of).as_bytes()).unwrap();
    assert_eq!(degrees.crs, Crs::Geographic(Datum::Jgd2011));
    assert_eq!(plane.crs.label(), "JGD2011 / 平面直角座標系 第IX系");
    // The plane file's vertices come back where they started, within 1e-9°.
    for (a, b) in degrees.features[0].area.0[0]
        .exterior()
        .0
        .iter()
        .zip(&plane.features[0].area.0[0].exterior().0)
    {
        assert!(
            (a.x - b.x).abs() < 1e-9 && (a.y - b.y).abs() < 1e-9,
            "{a:?} vs {b:?}"
        );
    }
    let d = AreaIndex::new(vec![degrees.features[0].area.clone()]);
    let p = AreaIndex::new(vec![plane.features[0].area.clone()]);
    let (mut inside, mut in_hole) = (0, 0);
    for point in grid() {
        assert_eq!(d.contains(point), p.contains(point), "at {point:?}");
        inside += usize::from(d.contains(point));
        let hole =
            point.lon > 140.116 && point.lon < 140.129 && point.lat > 36.066 && point.lat < 36.079;
        in_hole += usize::from(hole);
        if hole {
            assert!(!d.contains(point), "the hole holds nobody: {point:?}");
        }
    }
    assert!(
        inside > 1000 && in_hole > 100,
        "inside {inside}, in the hole {in_hole}"
    );
    // And an RFC 7946 file (no crs) reads the same as the JGD2011 one.
    let plain = read_geojson(geojson_of(None, |c| c).as_bytes()).unwrap();
    assert_eq!(plain.crs, Crs::Geographic(Datum::Wgs84));
    assert_eq!(plain.features, degrees.features);
}

#[test]
fn geojson_attributes_and_shapes() {
    let file = read_geojson(geojson_of(None, |c| c).as_bytes()).unwrap();
    let f = &file.features[0];
    assert_eq!(f.index, 0);
    assert_eq!(f.area.0.len(), 2);
    assert_eq!(f.area.0[0].interiors().len(), 1);
    assert_eq!(f.attributes["A31_001"], "21");
    assert_eq!(f.attributes["名称"], "桜川");
    assert_eq!(f.attributes["note"], "");
    assert_eq!(f.attributes["flag"], "true");
    // A bare Polygon, and a GeometryCollection of polygons.
    let bare = r#"{"type":"Polygon","coordinates":[[[140,36],[141,36],[141,37],[140,36]]]}"#;
    assert_eq!(
        read_geojson(bare.as_bytes()).unwrap().features[0]
            .area
            .0
            .len(),
        1
    );
    let gc = r#"{"type":"Feature","properties":null,"geometry":{"type":"GeometryCollection","geometries":[
        {"type":"Polygon","coordinates":[[[140,36],[141,36],[141,37],[140,36]]]},
        {"type":"MultiPolygon","coordinates":[[[[142,36],[143,36],[143,37],[142,36]]]]}]}}"#;
    assert_eq!(
        read_geojson(gc.as_bytes()).unwrap().features[0]
            .area
            .0
            .len(),
        2
    );
}

fn message(r: Result<HazardFile, GeoError>) -> String {
    match r {
        Ok(f) => panic!("accepted: {} features", f.features.len()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn broken_geojson_is_refused_with_the_right_message() {
    let m = message(read_geojson(b"<html>not json</html>"));
    assert!(m.contains("not JSON") && m.contains("line 1"), "{m}");
    let m = message(read_geojson(br#"{"hello": "world"}"#));
    assert!(m.contains("not GeoJSON"), "{m}");
    let point = r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[140,36],[141,36],[141,37],[140,36]]]}},
        {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[140,36]}}]}"#;
    let m = message(read_geojson(point.as_bytes()));
    assert!(m.contains("feature index 1 is a Point, not an area"), "{m}");
    let null = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null}]}"#;
    assert!(message(read_geojson(null.as_bytes())).contains("feature index 0 has no geometry"));
    let unclosed = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":
        {"type":"Polygon","coordinates":[[[140,36],[141,36],[141,37],[140,36]],[[140.5,36.2],[140.6,36.2],[140.6,36.3],[140.5,36.25]]]}}]}"#;
    let m = message(read_geojson(unclosed.as_bytes()));
    assert!(
        m.contains("feature index 0, ring 2 of polygon 1: is not closed"),
        "{m}"
    );
    // JSON has no NaN; a number too big for f64 is refused, not read as infinity.
    let huge = r#"{"type":"Polygon","coordinates":[[[1e999,36],[141,36],[141,37],[1e999,36]]]}"#;
    assert!(read_geojson(huge.as_bytes()).is_err());
    let short = r#"{"type":"Polygon","coordinates":[[[140,36],[141,36],[140,36]]]}"#;
    assert!(message(read_geojson(short.as_bytes())).contains("has 3 positions"));
    let epsg = geojson_of(Some("urn:ogc:def:crs:EPSG::3857"), |c| c);
    let m = message(read_geojson(epsg.as_bytes()));
    assert!(
        m.contains("EPSG:3857") && m.contains("does not read"),
        "{m}"
    );
    let metres = geojson_of(None, zone9_of);
    let m = message(read_geojson(metres.as_bytes()));
    assert!(
        m.contains("not longitude/latitude") && m.contains("names no coordinate system"),
        "{m}"
    );
    let tokyo = geojson_of(Some("EPSG:4301"), |c| c);
    assert!(message(read_geojson(tokyo.as_bytes())).contains("Tokyo datum"));
    let empty = r#"{"type":"FeatureCollection","features":[]}"#;
    assert!(message(read_geojson(empty.as_bytes())).contains("no areas"));
}

/// A shapefile in zone IX written with the `shapefile` crate, in memory: record 1 a
/// square 2 km wide with a square hole; record 2 two squares, the second with a hole,
/// written [second, first, hole] so the hole follows the wrong outer ring; a .dbf with a
/// Shift_JIS name and a rank. Returns (.shp, .dbf).
fn zone9_shapefile() -> (Vec<u8>, Vec<u8>) {
    let square = |x0: f64, y0: f64, w: f64| {
        vec![
            Point::new(x0, y0),
            Point::new(x0, y0 + w),
            Point::new(x0 + w, y0 + w),
            Point::new(x0 + w, y0),
            Point::new(x0, y0),
        ]
    };
    let first = ShpPolygon::with_rings(vec![
        PolygonRing::Outer(square(-1000.0, -1000.0, 2000.0)),
        PolygonRing::Inner(square(-200.0, -200.0, 400.0)),
    ]);
    let second = ShpPolygon::with_rings(vec![
        PolygonRing::Outer(square(5000.0, 0.0, 2000.0)),
        PolygonRing::Outer(square(3000.0, 0.0, 1000.0)),
        PolygonRing::Inner(square(5500.0, 500.0, 1000.0)),
    ]);
    let (mut shp, mut dbf) = (Cursor::new(Vec::new()), Cursor::new(Vec::new()));
    {
        let table = TableWriterBuilder::with_encoding(dbase::encoding::EncodingRs::from(
            encoding_rs::SHIFT_JIS,
        ))
        .add_character_field("NAME".try_into().unwrap(), 40)
        .add_numeric_field("RANK".try_into().unwrap(), 4, 0)
        .build_with_dest(&mut dbf);
        let mut writer = Writer::new(ShapeWriter::new(&mut shp), table);
        for (shape, name, rank) in [
            (first, "土砂災害警戒区域（急傾斜）", 1.0),
            (second, "桜川", 2.0),
        ] {
            let mut record = dbase::Record::default();
            record.insert(
                "NAME".to_string(),
                FieldValue::Character(Some(name.to_string())),
            );
            record.insert("RANK".to_string(), FieldValue::Numeric(Some(rank)));
            writer.write_shape_and_record(&shape, &record).unwrap();
        }
    }
    (shp.into_inner(), dbf.into_inner())
}

fn zone9_point(x: f64, y: f64) -> LonLat {
    Crs::from_epsg(6677).unwrap().to_lon_lat(x, y).unwrap()
}

#[test]
fn a_shapefile_reads_back_with_its_holes_and_shift_jis_names() {
    let (shp, dbf) = zone9_shapefile();
    assert_eq!(dbf[29], 0x13, "dbase marks the table Shift_JIS");
    let mut no_mark = dbf.clone();
    no_mark[29] = 0;
    // With the .cpg, with the table's mark, and with neither (UTF-8 fails, Shift_JIS).
    for (dbf, cpg) in [
        (&dbf, Some(&b"SHIFT_JIS\r\n"[..])),
        (&dbf, None),
        (&no_mark, None),
        (&no_mark, Some(&b"CP932"[..])),
    ] {
        let file = read_shapefile(&shp, Some(dbf), Some(ZONE9_ESRI.as_bytes()), cpg).unwrap();
        assert_eq!(file.crs.epsg(), 6677);
        assert_eq!(file.features.len(), 2);
        assert_eq!(
            file.features[0].attributes["NAME"],
            "土砂災害警戒区域（急傾斜）"
        );
        assert_eq!(file.features[1].attributes["NAME"], "桜川");
        assert_eq!(file.features[1].attributes["RANK"], "2");
        assert_eq!(file.features[1].index, 1);
    }
    let file = read_shapefile(&shp, Some(&dbf), Some(ZONE9_ESRI.as_bytes()), None).unwrap();
    let first = &file.features[0].area;
    assert_eq!((first.0.len(), first.0[0].interiors().len()), (1, 1));
    // The hole went to the outer ring holding it (the 2 km square), not the one before it.
    let second = &file.features[1].area;
    assert_eq!(second.0.len(), 2);
    assert_eq!(second.0[0].interiors().len(), 1);
    assert_eq!(second.0[1].interiors().len(), 0);
    let index = AreaIndex::new(file.features.iter().map(|f| f.area.clone()).collect());
    for (x, y, expected, what) in [
        (500.0, 500.0, vec![0], "inside the first"),
        (0.0, 0.0, vec![], "in the first's hole"),
        // A vertex: converted the same way as the ring's, so exactly on it. (The middle of
        // an edge is not: the edge is straight in degrees between converted vertices.)
        (-200.0, -200.0, vec![0], "on the first's hole corner"),
        (-210.0, 0.0, vec![0], "just beside the hole"),
        (1000.0, 1000.0, vec![0], "on the first's corner"),
        (1500.0, 0.0, vec![], "between"),
        (3500.0, 500.0, vec![1], "in the second's small square"),
        (5200.0, 1800.0, vec![1], "in the second's big square"),
        (6000.0, 1000.0, vec![], "in the second's hole"),
    ] {
        assert_eq!(index.containing(zone9_point(x, y)), expected, "{what}");
    }
}

#[test]
fn broken_shapefiles_are_refused_with_the_right_message() {
    let (shp, dbf) = zone9_shapefile();
    let prj = Some(ZONE9_ESRI.as_bytes());
    let m = message(read_shapefile(&shp, Some(&dbf), None, None));
    assert!(
        m.contains("no .prj") && m.contains("beside the .shp"),
        "{m}"
    );
    let m = message(read_shapefile(
        &shp,
        Some(&dbf),
        Some(TOKYO.as_bytes()),
        None,
    ));
    assert!(m.contains("Tokyo datum") && m.contains("GCS_Tokyo"), "{m}");
    let m = message(read_shapefile(
        &shp[..shp.len() - 30],
        Some(&dbf),
        prj,
        None,
    ));
    assert!(m.contains("cut short at record 2"), "{m}");
    let mut longer = shp.clone();
    longer.extend_from_slice(&shp[100..]);
    let m = message(read_shapefile(&longer, Some(&dbf), prj, None));
    assert!(m.contains("but its header says"), "{m}");
    let m = message(read_shapefile(&shp[..60], Some(&dbf), prj, None));
    assert!(m.contains("not a readable shapefile"), "{m}");
    let m = message(read_shapefile(&shp, Some(&dbf), prj, Some(b"KOI8-Q")));
    assert!(m.contains("KOI8-Q"), "{m}");
    // Points are not areas.
    let mut points = Cursor::new(Vec::new());
    {
        let w = ShapeWriter::new(&mut points);
        w.write_shapes(&[Point::new(0.0, 0.0), Point::new(10.0, 10.0)])
            .unwrap();
    }
    let m = message(read_shapefile(points.get_ref(), None, prj, None));
    assert!(m.contains("Point shapes, not an area"), "{m}");
    // A .dbf of another layer (one record short).
    let (one_shp, one_dbf) = {
        let mut shp1 = Cursor::new(Vec::new());
        let mut dbf1 = Cursor::new(Vec::new());
        {
            let table = TableWriterBuilder::new()
                .add_character_field("NAME".try_into().unwrap(), 10)
                .build_with_dest(&mut dbf1);
            let mut w = Writer::new(ShapeWriter::new(&mut shp1), table);
            let mut r = dbase::Record::default();
            r.insert("NAME".to_string(), FieldValue::Character(Some("a".into())));
            let sq = ShpPolygon::new(PolygonRing::Outer(vec![
                Point::new(0.0, 0.0),
                Point::new(0.0, 1.0),
                Point::new(1.0, 1.0),
                Point::new(0.0, 0.0),
            ]));
            w.write_shape_and_record(&sq, &r).unwrap();
        }
        (shp1.into_inner(), dbf1.into_inner())
    };
    assert!(read_shapefile(&one_shp, Some(&one_dbf), prj, None).is_ok());
    let m = message(read_shapefile(&shp, Some(&one_dbf), prj, None));
    assert!(m.contains("1 records but the .shp has 2"), "{m}");
    // A null shape: record 1's type patched to 0 (its header is at byte 100).
    let mut null = one_shp.clone();
    null[108..112].copy_from_slice(&0i32.to_le_bytes());
    let m = message(read_shapefile(&null, None, prj, None));
    assert!(m.contains("record 1 of the .shp has no shape"), "{m}");
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            z.start_file(*name, options).unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

#[test]
fn zipped_shapefiles() {
    let (shp, dbf) = zone9_shapefile();
    let one = zip_of(&[
        ("A33-20_08/A33-20_08Polygon.SHP", &shp),
        ("A33-20_08/A33-20_08Polygon.DBF", &dbf),
        ("A33-20_08/A33-20_08Polygon.prj", ZONE9_ESRI.as_bytes()),
        ("A33-20_08/A33-20_08Polygon.cpg", b"SHIFT_JIS"),
        ("__MACOSX/A33-20_08/._A33-20_08Polygon.SHP", b"junk"),
        ("A33-20_08/KS-META-A33-20_08.xml", b"<meta/>"),
    ]);
    assert_eq!(
        shapefiles_in_zip(&one).unwrap(),
        vec!["A33-20_08/A33-20_08Polygon.SHP"]
    );
    let file = read_shapefile_zip(&one, None).unwrap();
    assert_eq!(file.features[1].attributes["NAME"], "桜川");
    assert_eq!(file.features.len(), 2);
    // Two shapefiles: refused, naming both, unless one is chosen.
    let two = zip_of(&[
        ("a.shp", &shp),
        ("a.dbf", &dbf),
        ("a.prj", ZONE9_ESRI.as_bytes()),
        ("b/b.shp", &shp),
        ("b/b.prj", TOKYO.as_bytes()),
    ]);
    let m = message(read_shapefile_zip(&two, None));
    assert!(
        m.contains("2 shapefiles (a.shp, b/b.shp)") && m.contains("choose one"),
        "{m}"
    );
    assert_eq!(
        read_shapefile_zip(&two, Some("a.shp"))
            .unwrap()
            .features
            .len(),
        2
    );
    assert!(message(read_shapefile_zip(&two, Some("b/b.shp"))).contains("Tokyo datum"));
    assert!(message(read_shapefile_zip(&two, Some("c.shp"))).contains("has no c.shp"));
    // Without its .prj.
    let bare = zip_of(&[("a.shp", &shp), ("a.dbf", &dbf)]);
    assert!(message(read_shapefile_zip(&bare, None)).contains("no .prj"));
    assert!(
        message(read_shapefile_zip(&zip_of(&[("x.txt", b"x")]), None)).contains("no shapefile")
    );
    assert!(message(read_shapefile_zip(b"PK not a zip", None)).contains("not a readable ZIP"));
    // A bomb: 64 KiB of zeros in the .dbf against a 32 KiB limit (the real one is 1 GiB).
    let zeros = vec![0u8; 64 * 1024];
    let bomb = zip_of(&[
        ("a.shp", &shp),
        ("a.dbf", &zeros),
        ("a.prj", ZONE9_ESRI.as_bytes()),
    ]);
    assert!(bomb.len() < 8 * 1024, "the bomb is small: {}", bomb.len());
    let m = message(read_zip_within(&bomb, None, 32 * 1024));
    assert!(m.contains("unpacks to more than"), "{m}");
}

#[test]
fn containment_of_the_read_geojson_matches_geo_directly() {
    let file = read_geojson(geojson_of(None, |c| c).as_bytes()).unwrap();
    let index = AreaIndex::new(vec![file.features[0].area.clone()]);
    for p in grid() {
        let c = Coord { x: p.lon, y: p.lat };
        assert_eq!(index.contains(p), file.features[0].area.intersects(&c));
    }
}
