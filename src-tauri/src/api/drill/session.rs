//! A drill session (安否確認訓練) itself: creating, finding and noting its lessons; and the
//! two conversions every drill view shares, kept here at the bottom of the layers so that
//! no two drill files import each other.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use yorisoi::drill::CheckStatus;
use yorisoi::drill::Drill;

/// A count as the IPC types carry it (`u32`); saturates rather than wraps.
pub(super) fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A status as its token: the UI branches on tokens, never on labels.
pub(super) fn token(s: Option<CheckStatus>) -> Option<String> {
    s.map(|s| s.token().to_owned())
}

/// A drill session.
#[derive(Debug, Serialize, TS)]
pub struct DrillRow {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// ISO date.
    pub held_on: String,
    pub scenario: String,
    /// Start in Japan, `YYYY-MM-DD HH:MM`.
    pub starts_jst: String,
    pub warn_target_min: u32,
    pub confirm_target_min: u32,
    /// A disaster-mode exercise.
    pub disaster: bool,
    pub lessons: String,
    pub districts: Vec<String>,
    pub sheets: u32,
    pub checks: u32,
}

impl From<Drill> for DrillRow {
    fn from(d: Drill) -> Self {
        DrillRow {
            id: d.id,
            name: d.name,
            held_on: d.held_on,
            scenario: d.scenario,
            starts_jst: d.starts_jst,
            warn_target_min: d.warn_target_min,
            confirm_target_min: d.confirm_target_min,
            disaster: d.disaster,
            lessons: d.lessons,
            districts: d.districts,
            sheets: count(d.sheets),
            checks: count(d.checks),
        }
    }
}

/// A new drill.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DrillNewRequest {
    pub name: String,
    /// The day, western or wareki.
    pub held_on: String,
    pub scenario: String,
    /// Start time in Japan, `HH:MM`.
    pub start: String,
    /// District names; empty for every district.
    pub districts: Vec<String>,
    pub warn_target_min: u32,
    pub confirm_target_min: u32,
    pub disaster: bool,
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DrillId {
    #[ts(type = "number")]
    pub id: i64,
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DrillLessonsRequest {
    #[ts(type = "number")]
    pub id: i64,
    pub lessons: String,
}
