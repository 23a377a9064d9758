//! TEMPORARY STUB for compile checks (replaced by the helpers' modules).
#![allow(missing_docs, unused)]
use geo_types::MultiPolygon;
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LonLat {
    pub lon: f64,
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
pub mod gazetteer {
    use super::LonLat;
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub enum MatchLevel {
        Block,
        Town,
    }
    pub struct PositionEntry {
        pub town: String,
        pub block: Option<u32>,
        pub at: LonLat,
    }
    pub struct Located {
        pub at: LonLat,
        pub level: MatchLevel,
    }
    pub struct Gazetteer;
    impl Gazetteer {
        pub fn new(e: impl IntoIterator<Item = PositionEntry>) -> Self {
            Gazetteer
        }
        pub fn locate(&self, a: &str) -> Option<Located> {
            None
        }
    }
    pub struct PositionFile {
        pub level: MatchLevel,
        pub entries: Vec<PositionEntry>,
    }
    pub fn read_position_reference(b: &[u8]) -> Result<PositionFile, super::GeoError> {
        Err(super::GeoError)
    }
}
