//! Where things are. This branch holds the address part: normalising a Japanese address
//! and placing it with the ministry's 位置参照情報. Pure: no database, no disk, no clock,
//! no network.

pub mod address;
pub mod gazetteer;

/// A point in JGD2011 geographic coordinates, in degrees (longitude east, latitude north).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LonLat {
    /// Longitude, degrees east.
    pub lon: f64,
    /// Latitude, degrees north.
    pub lat: f64,
}
