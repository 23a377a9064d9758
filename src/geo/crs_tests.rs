use super::*;

/// An independent forward projection for checking proj4rs: Gauss–Krüger by Krüger's
/// n-series to n⁵, as the GSI computes plane rectangular coordinates (河瀬 2011;
/// Karney 2011 eq. 35 for the coefficients). Returns (easting, northing) in metres.
pub(crate) fn gauss_kruger(lat: f64, lon: f64, zone: u8) -> (f64, f64) {
    let (lat0, lon0) = zone_origin(zone).unwrap();
    let a = 6_378_137.0;
    let f = 1.0 / 298.257_222_101;
    let m0 = 0.9999;
    let n: f64 = f / (2.0 - f);
    let (n2, n3, n4, n5) = (n * n, n.powi(3), n.powi(4), n.powi(5));
    let alpha = [
        n / 2.0 - 2.0 * n2 / 3.0 + 5.0 * n3 / 16.0 + 41.0 * n4 / 180.0 - 127.0 * n5 / 288.0,
        13.0 * n2 / 48.0 - 3.0 * n3 / 5.0 + 557.0 * n4 / 1440.0 + 281.0 * n5 / 630.0,
        61.0 * n3 / 240.0 - 103.0 * n4 / 140.0 + 15061.0 * n5 / 26880.0,
        49561.0 * n4 / 161_280.0 - 179.0 * n5 / 168.0,
        34729.0 * n5 / 80640.0,
    ];
    let a_bar = m0 * a / (1.0 + n) * (1.0 + n2 / 4.0 + n4 / 64.0);
    let e = 2.0 * n.sqrt() / (1.0 + n);
    let conformal_t = |phi: f64| (phi.sin().atanh() - e * (e * phi.sin()).atanh()).sinh();
    let series = |xi: f64, eta: f64| {
        let mut x = xi;
        let mut y = eta;
        for (j, al) in alpha.iter().enumerate() {
            let k = 2.0 * (j + 1) as f64;
            x += al * (k * xi).sin() * (k * eta).cosh();
            y += al * (k * xi).cos() * (k * eta).sinh();
        }
        (a_bar * x, a_bar * y)
    };
    let t = conformal_t(lat.to_radians());
    let dl = (lon - lon0).to_radians();
    let xi = (t / dl.cos()).atan();
    let eta = (dl.sin() / (1.0 + t * t).sqrt()).atanh();
    let (north, east) = series(xi, eta);
    let (origin_north, _) = series(conformal_t(lat0.to_radians()).atan(), 0.0);
    (east, north - origin_north)
}

fn zone9() -> Crs {
    Crs::PlaneRectangular {
        zone: 9,
        datum: Datum::Jgd2011,
    }
}

#[test]
fn the_origin_of_zone_ix_is_36n_139_50e() {
    let p = zone9().to_lon_lat(0.0, 0.0).unwrap();
    assert!((p.lon - (139.0 + 50.0 / 60.0)).abs() < 1e-9, "{p:?}");
    assert!((p.lat - 36.0).abs() < 1e-9, "{p:?}");
    // Every zone's origin comes back as the notice gives it.
    for zone in 1..=19 {
        let crs = Crs::PlaneRectangular {
            zone,
            datum: Datum::Jgd2000,
        };
        let (lat0, lon0) = zone_origin(zone).unwrap();
        let p = crs.to_lon_lat(0.0, 0.0).unwrap();
        assert!(
            (p.lon - lon0).abs() < 1e-9 && (p.lat - lat0).abs() < 1e-9,
            "zone {zone}"
        );
    }
    assert_eq!(zone_origin(0), None);
    assert_eq!(zone_origin(20), None);
}

#[test]
fn proj4rs_agrees_with_the_gsi_series_to_a_tenth_of_a_millimetre() {
    // A few km off the origin, and far off (150 km, the edge of a zone's use).
    for (lat, lon, zone) in [
        (36.05, 139.9, 9),
        (35.98, 139.78, 9),
        (35.2, 140.9, 9),
        (43.06, 141.35, 12), // 札幌
        (26.21, 127.68, 15), // 那覇
        (33.59, 130.40, 2),  // 福岡
    ] {
        let (x, y) = gauss_kruger(lat, lon, zone);
        let crs = Crs::PlaneRectangular {
            zone,
            datum: Datum::Jgd2011,
        };
        let p = crs.to_lon_lat(x, y).unwrap();
        assert!(
            (p.lon - lon).abs() < 1e-9 && (p.lat - lat).abs() < 1e-9,
            "zone {zone} ({x:.4}, {y:.4}) came back as {p:?}, not ({lon}, {lat})"
        );
    }
    // The series' own sanity: 0.01° of latitude north of the origin is about 1,109 m
    // (the meridian's degree at 36° is 110.96 km) times the scale 0.9999; no easting.
    let (x, y) = gauss_kruger(36.01, 139.0 + 50.0 / 60.0, 9);
    assert!(x.abs() < 1e-6 && (y - 1109.5).abs() < 0.5, "({x}, {y})");
}

#[test]
fn labels_and_codes() {
    assert_eq!(zone9().label(), "JGD2011 / 平面直角座標系 第IX系");
    assert_eq!(Crs::Geographic(Datum::Jgd2011).label(), "JGD2011");
    assert_eq!(zone9().epsg(), 6677);
    assert_eq!(
        Crs::PlaneRectangular {
            zone: 19,
            datum: Datum::Jgd2000
        }
        .epsg(),
        2461
    );
    for code in [6668, 4612, 4326, 6669, 6677, 6687, 2443, 2451, 2461] {
        assert_eq!(Crs::from_epsg(code).unwrap().epsg(), code);
    }
    assert_eq!(Crs::from_epsg(6677).unwrap(), zone9());
    assert!(matches!(
        Crs::from_epsg(4301),
        Err(GeoError::TokyoDatum { .. })
    ));
    assert!(matches!(
        Crs::from_epsg(30169),
        Err(GeoError::TokyoDatum { .. })
    ));
    let e = Crs::from_epsg(3857).unwrap_err();
    assert!(e.to_string().contains("EPSG:3857"), "{e}");
}

#[test]
fn geographic_positions_must_be_degrees() {
    let jgd = Crs::Geographic(Datum::Jgd2011);
    assert_eq!(
        jgd.to_lon_lat(139.5, 35.5).unwrap(),
        LonLat {
            lon: 139.5,
            lat: 35.5
        }
    );
    assert!(matches!(
        jgd.to_lon_lat(35.5, 139.5),
        Err(GeoError::NotDegrees { .. })
    ));
    assert!(matches!(
        zone9().to_lon_lat(f64::NAN, 0.0),
        Err(GeoError::Projection { .. })
    ));
}

const GCS_JGD2011: &str = r#"GEOGCS["GCS_JGD_2011",DATUM["D_JGD_2011",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
pub(crate) const ZONE9_ESRI: &str = r#"PROJCS["JGD_2011_Japan_Zone_9",GEOGCS["GCS_JGD_2011",DATUM["D_JGD_2011",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",139.8333333333333],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",36.0],UNIT["Meter",1.0]]"#;
pub(crate) const TOKYO: &str = r#"GEOGCS["GCS_Tokyo",DATUM["D_Tokyo",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;

#[test]
fn reads_the_prj_of_each_system() {
    assert_eq!(
        Crs::from_prj(GCS_JGD2011).unwrap(),
        Crs::Geographic(Datum::Jgd2011)
    );
    assert_eq!(
        Crs::from_prj(&GCS_JGD2011.replace("2011", "2000")).unwrap(),
        Crs::Geographic(Datum::Jgd2000)
    );
    let wgs = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
    assert_eq!(Crs::from_prj(wgs).unwrap(), Crs::Geographic(Datum::Wgs84));
    assert_eq!(Crs::from_prj(ZONE9_ESRI).unwrap(), zone9());
    assert_eq!(
        Crs::from_prj(&ZONE9_ESRI.replace("2011", "2000")).unwrap(),
        Crs::PlaneRectangular {
            zone: 9,
            datum: Datum::Jgd2000
        }
    );
    // GDAL's OGC WKT, with its EPSG code.
    let ogc = r#"PROJCS["JGD2011 / Japan Plane Rectangular CS IX",GEOGCS["JGD2011",DATUM["Japanese_Geodetic_Datum_2011",SPHEROID["GRS 1980",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","6668"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",36],PARAMETER["central_meridian",139.833333333333],PARAMETER["scale_factor",0.9999],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","6677"]]"#;
    assert_eq!(Crs::from_prj(ogc).unwrap(), zone9());
    // Only the parameters, under a name that says nothing: matched against the zones.
    let anon = ZONE9_ESRI
        .replace("JGD_2011_Japan_Zone_9", "Custom")
        .replace("139.8333333333333", "140.8333333333333")
        .replace("\"Latitude_Of_Origin\",36.0", "\"Latitude_Of_Origin\",40.0");
    assert_eq!(
        Crs::from_prj(&anon).unwrap(),
        Crs::PlaneRectangular {
            zone: 10,
            datum: Datum::Jgd2011
        }
    );
    // Only the name.
    let named = r#"PROJCS["JGD2011 / Japan Plane Rectangular CS XIII",GEOGCS["JGD2011",DATUM["Japanese_Geodetic_Datum_2011",SPHEROID["GRS 1980",6378137,298.257222101]]]]"#;
    assert_eq!(
        Crs::from_prj(named).unwrap().label(),
        "JGD2011 / 平面直角座標系 第XIII系"
    );
}

#[test]
fn refuses_the_tokyo_datum_and_strangers_saying_what_they_are() {
    let e = Crs::from_prj(TOKYO).unwrap_err();
    assert!(matches!(e, GeoError::TokyoDatum { .. }), "{e:?}");
    assert!(
        e.to_string().contains("GCS_Tokyo") && e.to_string().contains("JGD2011"),
        "{e}"
    );
    let tokyo_zone = ZONE9_ESRI
        .replace("JGD_2011", "Tokyo")
        .replace("GCS_JGD_2011", "GCS_Tokyo")
        .replace("D_JGD_2011", "D_Tokyo");
    assert!(matches!(
        Crs::from_prj(&tokyo_zone),
        Err(GeoError::TokyoDatum { .. })
    ));
    let utm = r#"PROJCS["WGS_1984_UTM_Zone_54N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",141.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
    let e = Crs::from_prj(utm).unwrap_err();
    assert!(e.to_string().contains("WGS_1984_UTM_Zone_54N"), "{e}");
    let jgd_utm = utm
        .replace("WGS_1984_UTM", "JGD_2011_UTM")
        .replace("GCS_WGS_1984", "GCS_JGD_2011")
        .replace("D_WGS_1984", "D_JGD_2011");
    let e = Crs::from_prj(&jgd_utm).unwrap_err();
    assert!(e.to_string().contains("none of the 19"), "{e}");
    // The name says zone 9, the parameters zone 10.
    let mixed = ZONE9_ESRI
        .replace("139.8333333333333", "140.8333333333333")
        .replace("\"Latitude_Of_Origin\",36.0", "\"Latitude_Of_Origin\",40.0");
    let e = Crs::from_prj(&mixed).unwrap_err();
    assert!(
        e.to_string().contains("zone IX") && e.to_string().contains("zone X"),
        "{e}"
    );
    assert!(matches!(
        Crs::from_prj("not a prj"),
        Err(GeoError::BadPrj(_))
    ));
    let feet = ZONE9_ESRI.replace(
        "UNIT[\"Meter\",1.0]",
        "UNIT[\"Foot_US\",0.3048006096012192]",
    );
    assert!(Crs::from_prj(&feet)
        .unwrap_err()
        .to_string()
        .contains("Foot_US"));
}

#[test]
fn reads_geojson_crs_members() {
    let named = |name: &str| serde_json::json!({"type": "name", "properties": {"name": name}});
    for (name, crs) in [
        (
            "urn:ogc:def:crs:EPSG::6668",
            Crs::Geographic(Datum::Jgd2011),
        ),
        ("EPSG:4612", Crs::Geographic(Datum::Jgd2000)),
        (
            "urn:ogc:def:crs:OGC:1.3:CRS84",
            Crs::Geographic(Datum::Wgs84),
        ),
        ("urn:ogc:def:crs:EPSG::4326", Crs::Geographic(Datum::Wgs84)),
        ("urn:ogc:def:crs:EPSG::6677", zone9()),
        (
            "http://www.opengis.net/def/crs/EPSG/0/2451",
            Crs::PlaneRectangular {
                zone: 9,
                datum: Datum::Jgd2000,
            },
        ),
    ] {
        assert_eq!(Crs::from_geojson_crs(&named(name)).unwrap(), crs, "{name}");
    }
    let old = serde_json::json!({"type": "EPSG", "properties": {"code": 6669}});
    assert_eq!(Crs::from_geojson_crs(&old).unwrap().epsg(), 6669);
    let e = Crs::from_geojson_crs(&named("urn:ogc:def:crs:EPSG::3857")).unwrap_err();
    assert!(e.to_string().contains("EPSG:3857"), "{e}");
    assert!(matches!(
        Crs::from_geojson_crs(&named("urn:ogc:def:crs:EPSG::4301")),
        Err(GeoError::TokyoDatum { .. })
    ));
    let link = serde_json::json!({"type": "link", "properties": {"href": "x.prj"}});
    assert!(matches!(
        Crs::from_geojson_crs(&link),
        Err(GeoError::UnknownCrs { .. })
    ));
}
