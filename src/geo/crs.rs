//! Coordinate systems of hazard files: which one a file is in (from its `.prj` or its
//! GeoJSON `crs`), and turning its coordinates into JGD2011 longitude/latitude.
//!
//! Read: JGD2011 and JGD2000 longitude/latitude, WGS84 longitude/latitude (GeoJSON's
//! own), and the 19 plane rectangular zones (平面直角座標系, 平成14年国土交通省告示第9号)
//! on JGD2011 or JGD2000. Refused, saying what the file says: the old Tokyo datum and
//! anything else.

use proj4rs::proj::Proj;

use super::error::GeoError;
use super::wkt::{self, Node};
use super::LonLat;

/// The geodetic datum of a file's coordinates.
///
/// All three are read as the same horizontal datum, JGD2011:
/// - JGD2000 and JGD2011 agree to centimetres in most of Japan, but in eastern Japan
///   (Tohoku, Kanto and parts of Chubu) the 2011 Tohoku earthquake moved the ground and
///   JGD2011 gave those places new coordinates: there a JGD2000 position can be up to
///   about 5 m off. A hazard boundary drawn on 1:25,000 maps is coarser than that.
/// - WGS84 (as GeoJSON files and GPS give it) agrees with JGD2011 to about a metre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Datum {
    /// 日本測地系2011 (JGD2011).
    Jgd2011,
    /// 日本測地系2000 (JGD2000).
    Jgd2000,
    /// WGS84, read as JGD2011 (see the type's note).
    Wgs84,
}

/// A coordinate system a hazard file may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Crs {
    /// Longitude and latitude in degrees.
    Geographic(Datum),
    /// A plane rectangular zone (平面直角座標系): easting and northing in metres from the
    /// zone's origin, transverse Mercator with scale 0.9999 on GRS80.
    PlaneRectangular {
        /// The zone, 1..=19 (第I系 .. 第XIX系).
        zone: u8,
        /// JGD2011 or JGD2000 (never WGS84: no such zone is defined).
        datum: Datum,
    },
}

/// The origins of the 19 zones (latitude, longitude in degrees and minutes), as the
/// notice gives them.
const ZONE_ORIGINS: [((f64, f64), (f64, f64)); 19] = [
    ((33.0, 0.0), (129.0, 30.0)), // I   長崎県, 鹿児島県の一部
    ((33.0, 0.0), (131.0, 0.0)),  // II  福岡県, 佐賀県, 熊本県, 大分県, 宮崎県, 鹿児島県の一部
    ((36.0, 0.0), (132.0, 10.0)), // III 山口県, 島根県, 広島県
    ((33.0, 0.0), (133.0, 30.0)), // IV  香川県, 愛媛県, 徳島県, 高知県
    ((36.0, 0.0), (134.0, 20.0)), // V   兵庫県, 鳥取県, 岡山県
    ((36.0, 0.0), (136.0, 0.0)),  // VI  京都府, 大阪府, 福井県, 滋賀県, 三重県, 奈良県, 和歌山県
    ((36.0, 0.0), (137.0, 10.0)), // VII 石川県, 富山県, 岐阜県, 愛知県
    ((36.0, 0.0), (138.0, 30.0)), // VIII 新潟県, 長野県, 山梨県, 静岡県
    ((36.0, 0.0), (139.0, 50.0)), // IX  東京都(一部), 福島県, 栃木県, 茨城県, 埼玉県, 千葉県, 群馬県, 神奈川県
    ((40.0, 0.0), (140.0, 50.0)), // X   青森県, 秋田県, 山形県, 岩手県, 宮城県
    ((44.0, 0.0), (140.0, 15.0)), // XI  北海道(西部)
    ((44.0, 0.0), (142.0, 15.0)), // XII 北海道(中部)
    ((44.0, 0.0), (144.0, 15.0)), // XIII 北海道(東部)
    ((26.0, 0.0), (142.0, 0.0)),  // XIV 東京都(小笠原)
    ((26.0, 0.0), (127.0, 30.0)), // XV  沖縄県(本島周辺)
    ((26.0, 0.0), (124.0, 0.0)),  // XVI 沖縄県(先島)
    ((26.0, 0.0), (131.0, 0.0)),  // XVII 沖縄県(大東)
    ((20.0, 0.0), (136.0, 0.0)),  // XVIII 東京都(沖ノ鳥島)
    ((26.0, 0.0), (154.0, 0.0)),  // XIX 東京都(南鳥島)
];

/// The zones' scale factor on their central meridian.
const ZONE_SCALE: f64 = 0.9999;

const ROMAN: [&str; 19] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
    "XVI", "XVII", "XVIII", "XIX",
];

/// The origin of `zone` (1..=19) as (latitude, longitude) in degrees.
pub fn zone_origin(zone: u8) -> Option<(f64, f64)> {
    let ((lat_d, lat_m), (lon_d, lon_m)) = *ZONE_ORIGINS.get(usize::from(zone).checked_sub(1)?)?;
    Some((lat_d + lat_m / 60.0, lon_d + lon_m / 60.0))
}

impl Crs {
    /// A short name for people: `JGD2011`, `JGD2011 / 平面直角座標系 第IX系`.
    pub fn label(&self) -> String {
        match self {
            Crs::Geographic(d) => datum_label(*d).to_string(),
            Crs::PlaneRectangular { zone, datum } => format!(
                "{} / 平面直角座標系 第{}系",
                datum_label(*datum),
                ROMAN
                    .get(usize::from(*zone).wrapping_sub(1))
                    .unwrap_or(&"?")
            ),
        }
    }

    /// The EPSG code (6668, 4612, 4326; 6669–6687; 2443–2461).
    pub fn epsg(&self) -> u32 {
        match self {
            Crs::Geographic(Datum::Jgd2011) => 6668,
            Crs::Geographic(Datum::Jgd2000) => 4612,
            Crs::Geographic(Datum::Wgs84) => 4326,
            Crs::PlaneRectangular { zone, datum } => match datum {
                Datum::Jgd2000 => 2442 + u32::from(*zone),
                _ => 6668 + u32::from(*zone),
            },
        }
    }

    /// The coordinate system of an EPSG code; the Tokyo datum and every other code are
    /// refused, naming the code.
    pub fn from_epsg(code: u32) -> Result<Crs, GeoError> {
        match code {
            6668 => Ok(Crs::Geographic(Datum::Jgd2011)),
            4612 => Ok(Crs::Geographic(Datum::Jgd2000)),
            4326 => Ok(Crs::Geographic(Datum::Wgs84)),
            6669..=6687 => Ok(Crs::PlaneRectangular {
                zone: (code - 6668) as u8,
                datum: Datum::Jgd2011,
            }),
            2443..=2461 => Ok(Crs::PlaneRectangular {
                zone: (code - 2442) as u8,
                datum: Datum::Jgd2000,
            }),
            4301 | 30161..=30179 => Err(GeoError::TokyoDatum {
                found: format!("EPSG:{code}"),
            }),
            _ => Err(GeoError::UnknownCrs {
                found: format!("EPSG:{code}"),
            }),
        }
    }

    /// Converts one position as stored in a file in this system — for a plane
    /// rectangular zone (x, y) = (easting, northing) in metres, GIS order (the survey's
    /// Y and X); for longitude/latitude (x, y) = (longitude, latitude) — into JGD2011
    /// longitude/latitude. For many positions, [`Projector`] does the set-up once.
    pub fn to_lon_lat(&self, x: f64, y: f64) -> Result<LonLat, GeoError> {
        Projector::new(*self)?.to_lon_lat(x, y, "the position")
    }

    /// The coordinate system an ESRI `.prj` (WKT) describes. Longitude/latitude on
    /// JGD2011, JGD2000 or WGS84; transverse Mercator on JGD2011 or JGD2000 that is one of
    /// the 19 zones — known by its EPSG code, its name (`JGD_2011_Japan_Zone_9`,
    /// `JGD2011 / Japan Plane Rectangular CS IX`) or its parameters (central meridian,
    /// latitude of origin, scale 0.9999, no false easting or northing, metres); when
    /// several are given they must agree. Everything else is refused, saying what it is.
    pub fn from_prj(text: &str) -> Result<Crs, GeoError> {
        let root = wkt::parse(text).map_err(GeoError::BadPrj)?;
        match root.keyword.as_str() {
            "COMPD_CS" | "COMPOUNDCRS" => {
                let horizontal = [GEOG_KEYS, PROJ_KEYS].concat();
                let first = root.child(&horizontal).ok_or_else(|| unknown(&root))?;
                from_wkt_node(first)
            }
            _ => from_wkt_node(&root),
        }
    }

    /// The coordinate system a GeoJSON `crs` member names (the 2008 GeoJSON form:
    /// `{"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::6668"}}`, also
    /// `EPSG:6668`, `…/def/crs/EPSG/0/6668`, `…:CRS84`; or `{"type": "EPSG",
    /// "properties": {"code": 6668}}`). RFC 7946 files have none and are WGS84.
    pub fn from_geojson_crs(crs: &serde_json::Value) -> Result<Crs, GeoError> {
        let props = crs.get("properties");
        let kind = crs.get("type").and_then(|t| t.as_str()).unwrap_or("");
        if kind.eq_ignore_ascii_case("epsg") {
            if let Some(code) = props.and_then(|p| p.get("code")).and_then(|c| c.as_u64()) {
                return u32::try_from(code)
                    .map_err(|_| GeoError::UnknownCrs {
                        found: format!("EPSG:{code}"),
                    })
                    .and_then(Crs::from_epsg);
            }
        }
        let name = props
            .and_then(|p| p.get("name"))
            .and_then(|n| n.as_str())
            .filter(|_| kind.eq_ignore_ascii_case("name"))
            .ok_or_else(|| GeoError::UnknownCrs {
                found: format!("a crs member the file does not name ({crs})"),
            })?;
        let upper = name.to_ascii_uppercase();
        if upper.ends_with("CRS84") || upper.ends_with("CRS:84") {
            return Ok(Crs::Geographic(Datum::Wgs84));
        }
        let digits: String = upper
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        match (upper.contains("EPSG"), digits.parse::<u32>()) {
            (true, Ok(code)) => Crs::from_epsg(code),
            _ => Err(GeoError::UnknownCrs {
                found: name.to_string(),
            }),
        }
    }
}

fn datum_label(d: Datum) -> &'static str {
    match d {
        Datum::Jgd2011 => "JGD2011",
        Datum::Jgd2000 => "JGD2000",
        Datum::Wgs84 => "WGS84",
    }
}

const GEOG_KEYS: &[&str] = &["GEOGCS", "GEOGCRS", "GEODCRS", "BASEGEOGCRS", "BASEGEODCRS"];
const PROJ_KEYS: &[&str] = &["PROJCS", "PROJCRS"];

/// What a datum's or system's name says it is.
enum NamedDatum {
    Known(Datum),
    Tokyo,
    Other,
}

/// Lower case, letters and digits only: `D_JGD_2011` and `JGD2011` compare equal.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn named_datum(name: &str) -> NamedDatum {
    let s = squash(name);
    if s.contains("jgd2011") || s.contains("geodeticdatum2011") || s.contains("日本測地系2011")
    {
        NamedDatum::Known(Datum::Jgd2011)
    } else if s.contains("jgd2000")
        || s.contains("geodeticdatum2000")
        || s.contains("日本測地系2000")
    {
        NamedDatum::Known(Datum::Jgd2000)
    } else if s.contains("tokyo") || s.contains("日本測地系") || s.contains("旧日本測地系")
    {
        NamedDatum::Tokyo
    } else if s.contains("wgs1984") || s.contains("wgs84") {
        NamedDatum::Known(Datum::Wgs84)
    } else {
        NamedDatum::Other
    }
}

fn unknown(node: &Node) -> GeoError {
    GeoError::UnknownCrs {
        found: format!("{} \"{}\"", node.keyword, node.name().unwrap_or("")),
    }
}

/// The EPSG code of a node (`AUTHORITY["EPSG","6677"]`, `ID["EPSG",6677]`).
fn epsg_of(node: &Node) -> Option<u32> {
    let id = node.child(&["AUTHORITY", "ID"])?;
    if !id.name()?.eq_ignore_ascii_case("EPSG") {
        return None;
    }
    id.args.iter().skip(1).find_map(|a| match a {
        wkt::Arg::Text(t) => t.trim().parse().ok(),
        wkt::Arg::Number(n) if n.fract() == 0.0 && *n > 0.0 && *n < 1e9 => Some(*n as u32),
        _ => None,
    })
}

/// The datum of a geographic node: its DATUM's name, else its own name.
fn datum_of(geog: &Node) -> NamedDatum {
    let datum = geog.child(&["DATUM", "GEODETICDATUM", "TRF", "ENSEMBLE", "DATUMENSEMBLE"]);
    match datum.and_then(Node::name).map(named_datum) {
        Some(NamedDatum::Other) | None => named_datum(geog.name().unwrap_or("")),
        Some(known) => known,
    }
}

/// The system of a WKT node. An EPSG code in it (`AUTHORITY`, `ID`) decides when the rest
/// says nothing clear, and must not be contradicted by what the rest says.
fn from_wkt_node(node: &Node) -> Result<Crs, GeoError> {
    let read = from_wkt_parts(node);
    let Some(code) = epsg_of(node) else {
        return read;
    };
    match (Crs::from_epsg(code), read) {
        (Ok(crs), Ok(read)) if same_system(crs, read) => Ok(crs),
        (Ok(crs), Ok(read)) => Err(GeoError::BadPrj(format!(
            "it says EPSG:{code} ({}) but describes {}",
            crs.label(),
            read.label()
        ))),
        (Ok(crs), Err(GeoError::UnknownCrs { .. })) => Ok(crs),
        (Err(e @ GeoError::TokyoDatum { .. }), _) | (Ok(_), Err(e)) => Err(e),
        (Err(_), Ok(read)) => Ok(read),
        (Err(_), Err(GeoError::UnknownCrs { .. })) => Err(GeoError::UnknownCrs {
            found: format!("EPSG:{code} \"{}\"", node.name().unwrap_or("")),
        }),
        (Err(_), Err(e)) => Err(e),
    }
}

/// JGD2000 and JGD2011 zones and systems are the same system for this check.
fn same_system(a: Crs, b: Crs) -> bool {
    match (a, b) {
        (Crs::Geographic(_), Crs::Geographic(_)) => true,
        (Crs::PlaneRectangular { zone: z1, .. }, Crs::PlaneRectangular { zone: z2, .. }) => {
            z1 == z2
        }
        _ => false,
    }
}

fn from_wkt_parts(node: &Node) -> Result<Crs, GeoError> {
    let name = node.name().unwrap_or("");
    if GEOG_KEYS.contains(&node.keyword.as_str()) {
        check_degrees(node)?;
        return match datum_of(node) {
            NamedDatum::Known(d) => Ok(Crs::Geographic(d)),
            NamedDatum::Tokyo => Err(GeoError::TokyoDatum {
                found: name.to_string(),
            }),
            NamedDatum::Other => Err(unknown(node)),
        };
    }
    if !PROJ_KEYS.contains(&node.keyword.as_str()) {
        return Err(unknown(node));
    }
    let datum = match node.child(GEOG_KEYS).map(datum_of) {
        Some(NamedDatum::Known(d)) => Some(d),
        Some(NamedDatum::Tokyo) => {
            return Err(GeoError::TokyoDatum {
                found: name.to_string(),
            })
        }
        _ => None,
    };
    let datum = match (datum, named_datum(name)) {
        (Some(d), _) | (None, NamedDatum::Known(d)) => d,
        (None, NamedDatum::Tokyo) => {
            return Err(GeoError::TokyoDatum {
                found: name.to_string(),
            })
        }
        (None, NamedDatum::Other) => return Err(unknown(node)),
    };
    if datum == Datum::Wgs84 {
        return Err(unknown(node));
    }
    let by_name = zone_from_name(name);
    let by_params = zone_from_params(node)?;
    let zone = match (by_name, by_params) {
        (Some(a), Some(b)) if a != b => {
            return Err(GeoError::BadPrj(format!(
                "its name says zone {} but its parameters are zone {}",
                ROMAN[usize::from(a) - 1],
                ROMAN[usize::from(b) - 1]
            )))
        }
        (Some(z), _) | (None, Some(z)) => z,
        (None, None) => return Err(unknown(node)),
    };
    Ok(Crs::PlaneRectangular { zone, datum })
}

/// Refuses an angular unit that is not the degree.
fn check_degrees(geog: &Node) -> Result<(), GeoError> {
    if let Some(unit) = geog.child(&["UNIT", "ANGLEUNIT"]) {
        if let Some(f) = unit.number() {
            if (f - std::f64::consts::PI / 180.0).abs() > 1e-12 {
                return Err(GeoError::UnknownCrs {
                    found: format!("longitude/latitude in {}", unit.name().unwrap_or("?")),
                });
            }
        }
    }
    Ok(())
}

/// A zone number from a name: `…Japan_Zone_9`, `…Plane Rectangular CS IX`, `第9系`,
/// `第IX系`. Only names that speak of Japan's zones are read.
fn zone_from_name(name: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let japanese = lower.contains("japan") || lower.contains("平面直角");
    let mut found = None;
    for w in tokens.windows(2) {
        if japanese && (w[0] == "zone" || w[0] == "cs") {
            found = found.or_else(|| zone_number(w[1]));
        }
    }
    if let Some(start) = lower.find('第') {
        let rest = &lower[start + '第'.len_utf8()..];
        if let Some(end) = rest.find('系') {
            found = found.or_else(|| zone_number(rest[..end].trim()));
        }
    }
    found
}

/// `9`, `09`, `ix` → 9, if 1..=19.
fn zone_number(t: &str) -> Option<u8> {
    let n = match t.parse::<u8>() {
        Ok(n) => n,
        Err(_) => {
            let upper = t.to_ascii_uppercase();
            let i = ROMAN.iter().position(|r| *r == upper)?;
            u8::try_from(i + 1).ok()?
        }
    };
    (1..=19).contains(&n).then_some(n)
}

/// The zone whose parameters a projected node gives, if it gives any. A transverse
/// Mercator that is none of the zones, or another projection, is refused.
fn zone_from_params(node: &Node) -> Result<Option<u8>, GeoError> {
    let mut params = Vec::new();
    node.descendants(&["PARAMETER"], GEOG_KEYS, &mut params);
    let mut methods = Vec::new();
    node.descendants(&["PROJECTION", "METHOD"], GEOG_KEYS, &mut methods);
    let method = methods.first().and_then(|m| m.name()).unwrap_or("");
    let tmerc = squash(method).contains("transversemercator") || squash(method).contains("gauss");
    if !method.is_empty() && !tmerc {
        return Err(GeoError::UnknownCrs {
            found: format!(
                "the projection {method} (\"{}\")",
                node.name().unwrap_or("")
            ),
        });
    }
    if let Some(unit) = node.child(&["UNIT", "LENGTHUNIT"]) {
        if unit.number().is_some_and(|f| (f - 1.0).abs() > 1e-12) {
            return Err(GeoError::UnknownCrs {
                found: format!("a plane in {}, not metres", unit.name().unwrap_or("?")),
            });
        }
    }
    let value = |names: &[&str]| -> Option<f64> {
        params.iter().find_map(|p| {
            let n = squash(p.name()?);
            names.contains(&n.as_str()).then(|| p.number()).flatten()
        })
    };
    let lon0 = value(&[
        "centralmeridian",
        "longitudeofnaturalorigin",
        "longitudeoforigin",
    ]);
    let lat0 = value(&["latitudeoforigin", "latitudeofnaturalorigin"]);
    let Some((lon0, lat0)) = lon0.zip(lat0) else {
        return Ok(None);
    };
    let k = value(&["scalefactor", "scalefactoratnaturalorigin"]).unwrap_or(f64::NAN);
    let fe = value(&["falseeasting"]).unwrap_or(0.0);
    let fnorth = value(&["falsenorthing"]).unwrap_or(0.0);
    let zone = (1..=19u8).find(|&z| {
        zone_origin(z)
            .is_some_and(|(lat, lon)| (lat - lat0).abs() < 1e-7 && (lon - lon0).abs() < 1e-7)
    });
    match zone {
        Some(z) if (k - ZONE_SCALE).abs() < 1e-9 && fe.abs() < 1e-6 && fnorth.abs() < 1e-6 => {
            Ok(Some(z))
        }
        _ => Err(GeoError::UnknownCrs {
            found: format!(
                "a transverse Mercator (origin {lat0}°N {lon0}°E, scale {k}, false easting {fe}, false northing {fnorth}) that is none of the 19 plane rectangular zones"
            ),
        }),
    }
}

/// Turns a file's positions into JGD2011 longitude/latitude: set up once per file.
pub struct Projector {
    crs: Crs,
    /// The zone's transverse Mercator and GRS80 longitude/latitude (no datum shift: see
    /// [`Datum`]).
    tmerc: Option<(Proj, Proj)>,
}

impl Projector {
    /// Sets up the conversion from `crs`.
    pub fn new(crs: Crs) -> Result<Projector, GeoError> {
        let tmerc = match crs {
            Crs::Geographic(_) => None,
            Crs::PlaneRectangular { zone, .. } => {
                let (lat0, lon0) = zone_origin(zone).ok_or_else(|| GeoError::UnknownCrs {
                    found: format!("plane rectangular zone {zone}"),
                })?;
                let from = Proj::from_proj_string(&format!(
                    "+proj=tmerc +lat_0={lat0} +lon_0={lon0} +k={ZONE_SCALE} +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs"
                ));
                let to = Proj::from_proj_string("+proj=longlat +ellps=GRS80 +no_defs");
                match (from, to) {
                    (Ok(from), Ok(to)) => Some((from, to)),
                    (Err(e), _) | (_, Err(e)) => {
                        return Err(GeoError::UnknownCrs {
                            found: format!("{} ({e})", crs.label()),
                        })
                    }
                }
            }
        };
        Ok(Projector { crs, tmerc })
    }

    /// The system converted from.
    pub fn crs(&self) -> Crs {
        self.crs
    }

    /// Converts (x, y) as stored (see [`Crs::to_lon_lat`]); `at` names the place for a
    /// message. Longitude/latitude must be within ±180 / ±90 degrees.
    pub fn to_lon_lat(&self, x: f64, y: f64, at: &str) -> Result<LonLat, GeoError> {
        let Some((from, to)) = &self.tmerc else {
            if !(x.is_finite() && y.is_finite() && x.abs() <= 180.0 && y.abs() <= 90.0) {
                return Err(GeoError::NotDegrees {
                    at: at.to_string(),
                    x,
                    y,
                    said: format!("the file says {}", self.crs.label()),
                });
            }
            return Ok(LonLat { lon: x, lat: y });
        };
        let fail = |detail: String| GeoError::Projection {
            at: at.to_string(),
            x,
            y,
            crs: self.crs.label(),
            detail,
        };
        // Beyond a few thousand kilometres a zone's projection means nothing.
        if !(x.is_finite() && y.is_finite() && x.abs() < 5.0e6 && y.abs() < 5.0e6) {
            return Err(fail("far outside any plane rectangular zone".to_string()));
        }
        let mut p = (x, y, 0.0);
        proj4rs::transform::transform(from, to, &mut p).map_err(|e| fail(e.to_string()))?;
        let (lon, lat) = (p.0.to_degrees(), p.1.to_degrees());
        if lon.is_finite() && lat.is_finite() {
            Ok(LonLat { lon, lat })
        } else {
            Err(fail("no longitude/latitude".to_string()))
        }
    }
}

#[cfg(test)]
#[path = "crs_tests.rs"]
pub(crate) mod tests;
