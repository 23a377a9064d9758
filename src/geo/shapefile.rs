//! Reading a hazard file in ESRI Shapefile form: the `.shp` (Polygon, PolygonZ or
//! PolygonM shapes), its `.dbf` attributes, its `.prj` coordinate system and `.cpg`
//! encoding — loose, or in the ZIP that 国土数値情報 hands out.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use ::geo::coordinate_position::CoordPos;
use ::geo::{Area, BoundingRect, CoordinatePosition};
use ::shapefile::dbase::{self, FieldValue};
use ::shapefile::{PolygonRing, Shape, ShapeReader, ShapeType};
use geo_types::{Coord, LineString, MultiPolygon, Polygon};

use super::crs::{Crs, Projector};
use super::error::{record_at, GeoError};
use super::hazard_file::{ring, Feature, HazardFile};

/// The most a ZIP's chosen files (.shp, .dbf, .prj, .cpg) may unpack to together
/// (1 GiB). A prefecture's 浸水想定区域 shapefile is a few hundred MB; a "ZIP bomb"
/// unpacks a few kilobytes into many gigabytes. Counted as the bytes come out, whatever
/// the archive states.
pub const MAX_ZIP_UNPACKED_BYTES: u64 = 1024 * 1024 * 1024;

/// Reads a shapefile from its parts (the `.shx` index is not needed: the shapes are read
/// in order). Without the `.prj` it is refused: its coordinate system would be a guess.
/// Without the `.dbf` the features have no attributes; with one, it must have a record
/// for every shape. The `.dbf`'s text is decoded as the `.cpg` says (`UTF-8`,
/// `SHIFT_JIS`, `CP932`, or any encoding's standard label); without a `.cpg`, as
/// Shift_JIS when the `.dbf`'s language byte says Japanese, else as UTF-8 when all of it
/// is valid UTF-8, else as Shift_JIS (国土数値情報's usual encoding). Shift_JIS bytes that
/// are not a character become U+FFFD.
///
/// Rings follow the shapefile rule: clockwise rings are outer rings, counter-clockwise
/// ones holes. Each hole goes to the outer ring of the record that holds it (the
/// smallest, when outer rings are nested); a hole in none is refused. A record whose
/// rings all run counter-clockwise (written by a program that ignored the rule) is read
/// as outer rings.
pub fn read_shapefile(
    shp: &[u8],
    dbf: Option<&[u8]>,
    prj: Option<&[u8]>,
    cpg: Option<&[u8]>,
) -> Result<HazardFile, GeoError> {
    let prj = prj.ok_or(GeoError::MissingPrj)?;
    let crs = Crs::from_prj(&text_of(prj))?;
    let projector = Projector::new(crs)?;
    let mut reader =
        ShapeReader::new(Cursor::new(shp)).map_err(|e| GeoError::NotShapefile(e.to_string()))?;
    let shape_type = reader.header().shape_type;
    // The header's length bounds what is read: bytes past it would be records dropped.
    let stated = u64::try_from(reader.header().file_length).unwrap_or(0) * 2;
    if shp.len() as u64 > stated {
        return Err(GeoError::NotShapefile(format!(
            "it is {} bytes long but its header says {stated}",
            shp.len()
        )));
    }
    if !matches!(
        shape_type,
        ShapeType::Polygon | ShapeType::PolygonZ | ShapeType::PolygonM
    ) {
        return Err(GeoError::NotAnArea {
            at: "the .shp".to_string(),
            kind: format!("file of {shape_type} shapes"),
        });
    }
    let mut areas = Vec::new();
    for (i, shape) in reader.iter_shapes().enumerate() {
        let record = i + 1;
        let shape = shape.map_err(|e| GeoError::ShpDamaged {
            record,
            detail: e.to_string(),
        })?;
        let rings: Vec<(bool, Vec<Coord<f64>>)> = match shape {
            Shape::Polygon(p) => rings_of(p.into_inner(), |p| Coord { x: p.x, y: p.y }),
            Shape::PolygonM(p) => rings_of(p.into_inner(), |p| Coord { x: p.x, y: p.y }),
            Shape::PolygonZ(p) => rings_of(p.into_inner(), |p| Coord { x: p.x, y: p.y }),
            Shape::NullShape => return Err(GeoError::NullShape { record }),
            other => {
                return Err(GeoError::NotAnArea {
                    at: record_at(record),
                    kind: other.shapetype().to_string(),
                })
            }
        };
        areas.push(assemble(rings, &projector, record)?);
    }
    if areas.is_empty() {
        return Err(GeoError::NoFeatures);
    }
    let mut attributes = match dbf {
        Some(dbf) => read_dbf(dbf, cpg)?,
        None => vec![BTreeMap::new(); areas.len()],
    };
    if attributes.len() != areas.len() {
        return Err(GeoError::DbfCount {
            shp: areas.len(),
            dbf: attributes.len(),
        });
    }
    let features = areas
        .into_iter()
        .zip(attributes.drain(..))
        .enumerate()
        .map(|(index, (area, attributes))| Feature {
            index,
            area,
            attributes,
        })
        .collect();
    Ok(HazardFile { crs, features })
}

/// A .prj's text: UTF-8, else Shift_JIS (a Japanese program's names).
fn text_of(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::SHIFT_JIS.decode(bytes).0.into_owned(),
    }
}

fn rings_of<P>(
    rings: Vec<PolygonRing<P>>,
    xy: impl Fn(&P) -> Coord<f64>,
) -> Vec<(bool, Vec<Coord<f64>>)> {
    rings
        .into_iter()
        .map(|r| match r {
            PolygonRing::Outer(points) => (true, points.iter().map(&xy).collect()),
            PolygonRing::Inner(points) => (false, points.iter().map(&xy).collect()),
        })
        .collect()
}

/// One record's rings (outer or not, as stored) into polygons with their holes.
fn assemble(
    rings: Vec<(bool, Vec<Coord<f64>>)>,
    projector: &Projector,
    record: usize,
) -> Result<MultiPolygon<f64>, GeoError> {
    let at = record_at(record);
    let all_outer = !rings.iter().any(|(outer, _)| *outer);
    let mut outers: Vec<(LineString<f64>, Vec<LineString<f64>>)> = Vec::new();
    let mut holes: Vec<(usize, LineString<f64>)> = Vec::new();
    for (n, (outer, raw)) in rings.iter().enumerate() {
        let converted = ring(raw, projector, &at, || (n + 1).to_string())?;
        if *outer || all_outer {
            outers.push((converted, Vec::new()));
        } else {
            holes.push((n + 1, converted));
        }
    }
    if outers.is_empty() {
        return Err(GeoError::EmptyArea { at });
    }
    let shells: Vec<Polygon<f64>> = outers
        .iter()
        .map(|(e, _)| Polygon::new(e.clone(), Vec::new()))
        .collect();
    for (n, hole) in holes {
        let owner = if shells.len() == 1 {
            Some(0)
        } else {
            owner_of(&hole, &shells)
        };
        match owner {
            Some(i) => outers[i].1.push(hole),
            None => return Err(GeoError::StrayHole { at, ring: n }),
        }
    }
    Ok(MultiPolygon(
        outers
            .into_iter()
            .map(|(exterior, interiors)| Polygon::new(exterior, interiors))
            .collect(),
    ))
}

/// The outer ring holding `hole`: among those whose box holds the hole's box, the ones
/// that have some of the hole's first vertices inside and none outside (a hole may touch
/// its outer ring); the smallest of them.
fn owner_of(hole: &LineString<f64>, shells: &[Polygon<f64>]) -> Option<usize> {
    let hb = hole.bounding_rect()?;
    shells
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.bounding_rect().is_some_and(|b| {
                b.min().x <= hb.min().x
                    && b.min().y <= hb.min().y
                    && b.max().x >= hb.max().x
                    && b.max().y >= hb.max().y
            })
        })
        .filter(|(_, s)| {
            let mut inside = false;
            for c in hole.0.iter().take(16) {
                match s.coordinate_position(c) {
                    CoordPos::Outside => return false,
                    CoordPos::Inside => inside = true,
                    CoordPos::OnBoundary => {}
                }
            }
            inside
        })
        .min_by(|(_, a), (_, b)| a.unsigned_area().total_cmp(&b.unsigned_area()))
        .map(|(i, _)| i)
}

/// How the .dbf's text is decoded.
fn encoding_for(
    cpg: Option<&[u8]>,
    dbf: &[u8],
) -> Result<Option<&'static encoding_rs::Encoding>, GeoError> {
    let Some(cpg) = cpg else {
        // The language driver byte: 0x13 is Japanese Shift_JIS (code page 932).
        return Ok((dbf.get(29) == Some(&0x13)).then_some(encoding_rs::SHIFT_JIS));
    };
    let label = String::from_utf8_lossy(cpg)
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\0')
        .to_string();
    let upper = label.to_ascii_uppercase();
    match upper.as_str() {
        "UTF-8" | "UTF8" | "65001" => Ok(Some(encoding_rs::UTF_8)),
        "SHIFT_JIS" | "SHIFT-JIS" | "SJIS" | "CP932" | "932" | "MS932" | "WINDOWS-31J" => {
            Ok(Some(encoding_rs::SHIFT_JIS))
        }
        _ => encoding_rs::Encoding::for_label(label.as_bytes())
            .map(Some)
            .ok_or(GeoError::UnknownEncoding(label)),
    }
}

/// The .dbf's records as text, in order.
fn read_dbf(dbf: &[u8], cpg: Option<&[u8]>) -> Result<Vec<BTreeMap<String, String>>, GeoError> {
    let read =
        |encoding: dbase::encoding::DynEncoding| -> Result<Vec<dbase::Record>, dbase::Error> {
            dbase::ReaderBuilder::new()
                .with_encoding(encoding)
                .build(Cursor::new(dbf))?
                .read()
        };
    let sjis = || dbase::encoding::EncodingRs::from(encoding_rs::SHIFT_JIS).into();
    let records = match encoding_for(cpg, dbf)? {
        Some(e) => read(dbase::encoding::EncodingRs::from(e).into()),
        // Strict UTF-8 first: Shift_JIS text is almost never valid UTF-8.
        None => read(dbase::encoding::Unicode.into()).or_else(|_| read(sjis())),
    }
    .map_err(|e| GeoError::BadDbf(e.to_string()))?;
    Ok(records
        .into_iter()
        .map(|r| {
            std::collections::HashMap::from(r)
                .into_iter()
                .map(|(k, v)| (k, field_text(v)))
                .collect()
        })
        .collect())
}

fn field_text(v: FieldValue) -> String {
    match v {
        FieldValue::Character(s) => s.unwrap_or_default(),
        FieldValue::Memo(s) => s,
        FieldValue::Numeric(n) => n.map(|n| n.to_string()).unwrap_or_default(),
        FieldValue::Float(n) => n.map(|n| n.to_string()).unwrap_or_default(),
        FieldValue::Logical(b) => b.map(|b| b.to_string()).unwrap_or_default(),
        FieldValue::Date(d) => d
            .map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
            .unwrap_or_default(),
        FieldValue::Integer(i) => i.to_string(),
        FieldValue::Currency(n) | FieldValue::Double(n) => n.to_string(),
        FieldValue::DateTime(dt) => format!("{dt:?}"),
    }
}

/// The shapefiles (`.shp`, any case) in a ZIP, by their path inside it, in the archive's
/// order. Folders are allowed; macOS's `__MACOSX/` copies are left out.
pub fn shapefiles_in_zip(bytes: &[u8]) -> Result<Vec<String>, GeoError> {
    let archive = open_zip(bytes)?;
    Ok(shp_names(&archive))
}

/// Reads a shapefile from a ZIP (as 国土数値情報 hands them out): `shp` names the `.shp`
/// by its path inside the ZIP, as [`shapefiles_in_zip`] lists it; `None` takes the only
/// one, and refuses a ZIP with several, listing them. Its `.dbf`, `.prj` and `.cpg` are
/// the entries of the same path and name (extensions in any case). The files read may
/// unpack to [`MAX_ZIP_UNPACKED_BYTES`] together.
pub fn read_shapefile_zip(bytes: &[u8], shp: Option<&str>) -> Result<HazardFile, GeoError> {
    read_zip_within(bytes, shp, MAX_ZIP_UNPACKED_BYTES)
}

fn open_zip(bytes: &[u8]) -> Result<zip::ZipArchive<Cursor<&[u8]>>, GeoError> {
    zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| GeoError::NotZip(e.to_string()))
}

fn shp_names(archive: &zip::ZipArchive<Cursor<&[u8]>>) -> Vec<String> {
    (0..archive.len())
        .filter_map(|i| archive.name_for_index(i))
        .filter(|n| {
            let base = n.rsplit('/').next().unwrap_or(n);
            n.to_ascii_lowercase().ends_with(".shp")
                && !n.starts_with("__MACOSX/")
                && !base.starts_with("._")
        })
        .map(str::to_string)
        .collect()
}

pub(crate) fn read_zip_within(
    bytes: &[u8],
    shp: Option<&str>,
    limit: u64,
) -> Result<HazardFile, GeoError> {
    let mut archive = open_zip(bytes)?;
    let names = shp_names(&archive);
    let chosen = match shp {
        Some(want) => names
            .iter()
            .find(|n| n.as_str() == want)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(want)))
            .cloned()
            .ok_or_else(|| GeoError::ZipNoSuchShapefile(want.to_string()))?,
        None => match names.as_slice() {
            [] => return Err(GeoError::ZipNoShapefile),
            [one] => one.clone(),
            _ => return Err(GeoError::ZipSeveralShapefiles(names)),
        },
    };
    let stem = &chosen[..chosen.len() - ".shp".len()];
    let sibling = |archive: &zip::ZipArchive<Cursor<&[u8]>>, ext: &str| {
        let want = format!("{stem}.{ext}");
        (0..archive.len()).find(|&i| {
            archive
                .name_for_index(i)
                .is_some_and(|n| n.eq_ignore_ascii_case(&want))
        })
    };
    let mut budget = limit;
    let mut take = |archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
                    ext: &str|
     -> Result<Option<Vec<u8>>, GeoError> {
        let Some(index) = sibling(archive, ext) else {
            return Ok(None);
        };
        unpack(archive, index, &mut budget, limit).map(Some)
    };
    let shp_bytes =
        take(&mut archive, "shp")?.ok_or_else(|| GeoError::ZipNoSuchShapefile(chosen.clone()))?;
    let dbf = take(&mut archive, "dbf")?;
    let prj = take(&mut archive, "prj")?;
    let cpg = take(&mut archive, "cpg")?;
    read_shapefile(&shp_bytes, dbf.as_deref(), prj.as_deref(), cpg.as_deref())
}

/// Unpacks one entry, spending `budget`; beyond it the ZIP is refused.
fn unpack(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    budget: &mut u64,
    limit: u64,
) -> Result<Vec<u8>, GeoError> {
    let too_big = || GeoError::ZipTooBig {
        limit_mib: limit / (1024 * 1024),
    };
    let name = archive.name_for_index(index).unwrap_or("?").to_string();
    let entry = archive.by_index(index).map_err(|e| GeoError::ZipEntry {
        name: name.clone(),
        detail: e.to_string(),
    })?;
    if entry.size() > *budget {
        return Err(too_big());
    }
    let mut out = Vec::new();
    entry
        .take(budget.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| GeoError::ZipEntry {
            name,
            detail: e.to_string(),
        })?;
    let used = out.len() as u64;
    if used > *budget {
        return Err(too_big());
    }
    *budget -= used;
    Ok(out)
}
