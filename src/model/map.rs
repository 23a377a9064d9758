//! Where people live: hazard layers, the positions of homes, the hazard zones those give
//! (as changes to review) and the people inside an area.

use serde::Serialize;

use super::{HazardKind, PositionLevel};

/// An imported hazard file (浸水想定区域, 土砂災害警戒区域, 津波浸水想定).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HazardLayer {
    /// The layer's id.
    pub id: i64,
    /// What kind of hazard area it holds.
    pub kind: HazardKind,
    /// The file's name.
    pub name: String,
    /// 出典: where the data came from, as the officer wrote it.
    pub source: String,
    /// The data's date (ISO).
    pub dated: String,
    /// The file's coordinate system.
    pub crs: String,
    /// How many areas it holds.
    pub features: i64,
    /// When and by which account it was imported.
    pub imported_at: String,
    /// The account that imported it.
    pub imported_by: String,
    /// When it was retired (no longer used); `None` while in use.
    pub retired_at: Option<String>,
}

/// An imported 位置参照情報 file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PositionFileRecord {
    /// The file's id.
    pub id: i64,
    /// `block` (街区レベル) or `town` (大字・町丁目レベル).
    pub level: String,
    /// The file's name.
    pub name: String,
    /// How many positions it held.
    pub entries: i64,
    /// When it was imported.
    pub imported_at: String,
    /// The account that imported it.
    pub imported_by: String,
}

/// Where a person's home is on the map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Position {
    /// The person.
    pub person_id: i64,
    /// How it was placed.
    pub level: PositionLevel,
    /// Longitude (JGD2011 degrees), when placed.
    pub lon: Option<f64>,
    /// Latitude (JGD2011 degrees), when placed.
    pub lat: Option<f64>,
    /// The address it was placed for.
    pub address: String,
}

/// How many people each way of placing gave (after a position file, or on demand).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Placement {
    /// Matched to their 街区.
    pub block: usize,
    /// Matched to their 町丁目 only.
    pub town: usize,
    /// Set by hand (kept).
    pub manual: usize,
    /// Not found in the position files.
    pub unplaced: usize,
}

/// A hazard zone the layers give that differs from a person's record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZoneChange {
    /// The change's id.
    pub id: i64,
    /// The person.
    pub person_id: i64,
    /// Their name (the officers' own list).
    pub name: String,
    /// Which zone.
    pub kind: HazardKind,
    /// The record's value when the change was found.
    pub old: bool,
    /// What the layers say.
    pub new: bool,
    /// The layers that decided it, with their dates.
    pub layers: Vec<LayerRef>,
    /// When it was found.
    pub found_at: String,
    /// `pending`, `accepted`, `rejected` or `superseded`.
    pub status: String,
}

/// A layer named by a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LayerRef {
    /// The layer's id.
    pub id: i64,
    /// The file's name.
    pub name: String,
    /// The data's date.
    pub dated: String,
}

/// What a check of the hazard zones found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ZoneCheck {
    /// People whose homes were checked.
    pub checked: usize,
    /// New changes to review.
    pub new_changes: usize,
    /// Changes waiting already, still standing.
    pub still_pending: usize,
    /// Changes waiting that the layers no longer give (superseded).
    pub superseded: usize,
    /// People who could not be placed: their zones were not checked.
    pub unplaced: usize,
    /// The kinds checked (those with a layer in use).
    pub kinds: Vec<HazardKind>,
}

/// One person in (or unplaced for) an area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaPerson {
    /// The person.
    pub person_id: i64,
    /// Name.
    pub name: String,
    /// Address.
    pub address: String,
    /// 地区.
    pub district: Option<String>,
    /// How the home was placed.
    pub level: PositionLevel,
    /// Longitude, when placed.
    pub lon: Option<f64>,
    /// Latitude, when placed.
    pub lat: Option<f64>,
}

/// The people inside an area, and those who could not be placed (who may be inside: never
/// silently left out).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AreaPeople {
    /// Placed inside the area.
    pub inside: Vec<AreaPerson>,
    /// Not placed (no position, or not found): they may be inside.
    pub unplaced: Vec<AreaPerson>,
}
