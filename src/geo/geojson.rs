//! Reading a hazard file in GeoJSON: a FeatureCollection, one Feature, or a bare
//! geometry, of Polygons and MultiPolygons (a GeometryCollection of them too). Every
//! feature must be an area: a point, a line or a missing geometry is refused, naming the
//! feature, never dropped.

use std::collections::BTreeMap;

use ::geojson::{GeoJson, Geometry, GeometryValue, JsonObject, PolygonType};
use geo_types::{Coord, MultiPolygon, Polygon};

use super::crs::{Crs, Datum, Projector};
use super::error::{feature_at, GeoError};
use super::hazard_file::{ring, Feature, HazardFile};

/// Reads a GeoJSON hazard file. Its coordinate system is its `crs` member when it has
/// one (see [`Crs::from_geojson_crs`]); without one it is RFC 7946 GeoJSON, WGS84
/// longitude/latitude, and a position that cannot be degrees is refused. Positions are
/// (x, y) in GIS order: longitude then latitude, or easting then northing.
pub fn read_geojson(bytes: &[u8]) -> Result<HazardFile, GeoError> {
    let doc: GeoJson = serde_json::from_slice(bytes).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => GeoError::NotGeoJson(e.to_string()),
        _ => GeoError::NotJson {
            line: e.line(),
            column: e.column(),
        },
    })?;
    let (crs_member, items): (_, Vec<(Option<Geometry>, Option<JsonObject>)>) = match doc {
        GeoJson::FeatureCollection(fc) => (
            fc.foreign_members.and_then(|mut m| m.remove("crs")),
            fc.features
                .into_iter()
                .map(|f| (f.geometry, f.properties))
                .collect(),
        ),
        GeoJson::Feature(f) => (
            f.foreign_members.and_then(|mut m| m.remove("crs")),
            vec![(f.geometry, f.properties)],
        ),
        GeoJson::Geometry(mut g) => (
            g.foreign_members.as_mut().and_then(|m| m.remove("crs")),
            vec![(Some(g), None)],
        ),
    };
    let stated = crs_member.is_some();
    let crs = match &crs_member {
        Some(member) => Crs::from_geojson_crs(member)?,
        None => Crs::Geographic(Datum::Wgs84),
    };
    if items.is_empty() {
        return Err(GeoError::NoFeatures);
    }
    let projector = Projector::new(crs)?;
    let mut features = Vec::with_capacity(items.len());
    for (index, (geometry, properties)) in items.into_iter().enumerate() {
        let at = feature_at(index);
        let geometry = geometry.ok_or_else(|| GeoError::NoGeometry { at: at.clone() })?;
        let mut polygons = Vec::new();
        collect(&geometry.value, &projector, &at, &mut polygons).map_err(|e| match e {
            GeoError::NotDegrees { at, x, y, .. } if !stated => GeoError::NotDegrees {
                at,
                x,
                y,
                said: "the file names no coordinate system, so by GeoJSON's rule (RFC 7946) it must be longitude/latitude".to_string(),
            },
            e => e,
        })?;
        if polygons.is_empty() {
            return Err(GeoError::EmptyArea { at });
        }
        features.push(Feature {
            index,
            area: MultiPolygon(polygons),
            attributes: attributes(properties),
        });
    }
    Ok(HazardFile { crs, features })
}

/// Adds the polygons of `value` to `out`, converted; refuses anything but areas.
fn collect(
    value: &GeometryValue,
    projector: &Projector,
    at: &str,
    out: &mut Vec<Polygon<f64>>,
) -> Result<(), GeoError> {
    match value {
        GeometryValue::Polygon { coordinates } => {
            out.push(polygon(coordinates, out.len() + 1, projector, at)?);
        }
        GeometryValue::MultiPolygon { coordinates } => {
            for p in coordinates {
                out.push(polygon(p, out.len() + 1, projector, at)?);
            }
        }
        GeometryValue::GeometryCollection { geometries } => {
            for g in geometries {
                collect(&g.value, projector, at, out)?;
            }
        }
        other => {
            return Err(GeoError::NotAnArea {
                at: at.to_string(),
                kind: other.type_name().to_string(),
            })
        }
    }
    Ok(())
}

/// One polygon (`number` counts the feature's polygons from 1): its first ring is the
/// outer one, the rest are holes.
fn polygon(
    rings: &PolygonType,
    number: usize,
    projector: &Projector,
    at: &str,
) -> Result<Polygon<f64>, GeoError> {
    if rings.is_empty() {
        return Err(GeoError::EmptyArea { at: at.to_string() });
    }
    let mut converted = Vec::with_capacity(rings.len());
    for (r, positions) in rings.iter().enumerate() {
        let name = || format!("{} of polygon {number}", r + 1);
        if positions.iter().any(|p| p.len() < 2) {
            return Err(GeoError::BadRing {
                at: at.to_string(),
                ring: name(),
                problem: "has a position with fewer than two numbers".to_string(),
            });
        }
        let raw: Vec<Coord<f64>> = positions
            .iter()
            .map(|p| Coord { x: p[0], y: p[1] })
            .collect();
        converted.push(ring(&raw, projector, at, name)?);
    }
    let exterior = converted.remove(0);
    Ok(Polygon::new(exterior, converted))
}

fn attributes(properties: Option<JsonObject>) -> BTreeMap<String, String> {
    properties
        .into_iter()
        .flatten()
        .map(|(k, v)| {
            let text = match v {
                serde_json::Value::String(s) => s,
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            (k, text)
        })
        .collect()
}
