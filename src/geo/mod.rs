//! Where things are: hazard areas read from the official files (国土数値情報 浸水想定区域,
//! 土砂災害警戒区域, 津波浸水想定), their coordinate systems, their stored form, and
//! which areas hold a point. Pure: no database, no disk, no clock, no network.

/// A point in JGD2011 geographic coordinates, in degrees (longitude east, latitude north).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LonLat {
    /// Longitude, degrees east.
    pub lon: f64,
    /// Latitude, degrees north.
    pub lat: f64,
}

pub mod address;
pub mod contains;
pub mod crs;
mod error;
pub mod gazetteer;
mod geojson;
mod hazard_file;
mod shapefile;
pub mod stored;
mod wkt;

pub use contains::AreaIndex;
pub use crs::{Crs, Datum, Projector};
pub use error::GeoError;
pub use geojson::read_geojson;
pub use hazard_file::{Feature, HazardFile};
pub use shapefile::{
    read_shapefile, read_shapefile_zip, shapefiles_in_zip, MAX_ZIP_UNPACKED_BYTES,
};

#[cfg(test)]
mod read_tests;
