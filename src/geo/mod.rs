//! TEMPORARY STUB for compile checks of the geometry part (replaced by the geometry
//! helper's modules); the address part (address, gazetteer) is real.
#![allow(missing_docs, unused)]
pub mod address;
pub mod gazetteer;
use geo_types::MultiPolygon;
/// A point in JGD2011 geographic coordinates, in degrees (longitude east, latitude north).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LonLat {
    /// Longitude, degrees east.
    pub lon: f64,
    /// Latitude, degrees north.
    pub lat: f64,
}
pub struct Crs;
impl Crs {
    pub fn label(&self) -> String {
        String::new()
    }
}
pub struct Feature {
    pub index: usize,
    pub area: MultiPolygon<f64>,
    pub attributes: std::collections::BTreeMap<String, String>,
}
pub struct HazardFile {
    pub crs: Crs,
    pub features: Vec<Feature>,
}
#[derive(Debug, thiserror::Error)]
#[error("x")]
pub struct GeoError;
impl From<GeoError> for crate::error::Error {
    fn from(_: GeoError) -> Self {
        crate::error::Error::invalid("file", "x")
    }
}
pub fn read_geojson(b: &[u8]) -> Result<HazardFile, GeoError> {
    Err(GeoError)
}
pub fn read_shapefile(
    a: &[u8],
    b: Option<&[u8]>,
    c: Option<&[u8]>,
    d: Option<&[u8]>,
) -> Result<HazardFile, GeoError> {
    Err(GeoError)
}
pub fn read_shapefile_zip(b: &[u8]) -> Result<HazardFile, GeoError> {
    Err(GeoError)
}
pub struct AreaIndex;
impl AreaIndex {
    pub fn new(a: Vec<MultiPolygon<f64>>) -> Self {
        AreaIndex
    }
    pub fn contains(&self, p: LonLat) -> bool {
        false
    }
    pub fn containing(&self, p: LonLat) -> Vec<usize> {
        vec![]
    }
}
pub mod stored {
    use geo_types::MultiPolygon;
    pub fn encode(a: &MultiPolygon<f64>) -> Vec<u8> {
        vec![]
    }
    pub fn decode(b: &[u8]) -> Result<MultiPolygon<f64>, super::GeoError> {
        Err(super::GeoError)
    }
}
