//! Warnings to supporters in a drill (伝達): the call list and one call entered.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use yorisoi::drill::DrillSupporter;
use yorisoi::drill::SupporterToCall;
use yorisoi::drill::{WarnTally, WarningEntry};

use super::session::count;

/// How far the warnings to a group of supporters have got.
#[derive(Debug, Serialize, TS)]
pub struct DrillWarnTally {
    pub supporters: u32,
    pub warned: u32,
    pub warned_pct: f64,
}

impl From<WarnTally> for DrillWarnTally {
    fn from(t: WarnTally) -> Self {
        DrillWarnTally {
            supporters: count(t.supporters),
            warned: count(t.warned),
            warned_pct: t.warned_pct,
        }
    }
}

/// A supporter not yet warned, on the board.
#[derive(Debug, Serialize, TS)]
pub struct DrillSupporterToCall {
    #[ts(type = "number")]
    pub supporter_id: i64,
    pub name: String,
    pub phone: String,
    pub available_day: bool,
    pub available_night: bool,
    pub persons: u32,
    /// The last call that did not get through (Japan time).
    pub last_call: Option<String>,
    pub note: String,
}

impl From<SupporterToCall> for DrillSupporterToCall {
    fn from(s: SupporterToCall) -> Self {
        DrillSupporterToCall {
            supporter_id: s.supporter_id,
            name: s.name,
            phone: s.phone,
            available_day: s.available_day,
            available_night: s.available_night,
            persons: count(s.persons),
            last_call: s.last_call,
            note: s.note,
        }
    }
}

/// One call entered.
#[derive(Debug, Serialize, TS)]
pub struct DrillWarningRow {
    #[ts(type = "number")]
    pub id: i64,
    pub reached: bool,
    /// Japan time, `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub by: String,
    pub note: String,
    #[ts(type = "number | null")]
    pub corrects: Option<i64>,
    #[ts(type = "number | null")]
    pub corrected_by: Option<i64>,
}

impl From<WarningEntry> for DrillWarningRow {
    fn from(e: WarningEntry) -> Self {
        DrillWarningRow {
            id: e.id,
            reached: e.reached,
            at: e.warned_at_jst,
            by: e.warned_by,
            note: e.note,
            corrects: e.corrects,
            corrected_by: e.corrected_by,
        }
    }
}

/// A supporter on the drill's call list.
#[derive(Debug, Serialize, TS)]
pub struct DrillSupporterRow {
    #[ts(type = "number")]
    pub supporter_id: i64,
    pub name: String,
    pub phone: String,
    pub available_day: bool,
    pub available_night: bool,
    pub districts: Vec<String>,
    pub persons: u32,
    pub warned: bool,
    /// When the warning first got through (Japan time).
    pub warned_at: Option<String>,
    /// The latest counting call.
    pub last: Option<DrillWarningRow>,
    pub history: Vec<DrillWarningRow>,
}

impl From<DrillSupporter> for DrillSupporterRow {
    fn from(s: DrillSupporter) -> Self {
        DrillSupporterRow {
            supporter_id: s.supporter_id,
            name: s.name,
            phone: s.phone,
            available_day: s.available_day,
            available_night: s.available_night,
            districts: s.districts,
            persons: count(s.persons),
            warned: s.warned,
            warned_at: s.warned_at_jst,
            last: s.last.map(DrillWarningRow::from),
            history: s.history.into_iter().map(DrillWarningRow::from).collect(),
        }
    }
}

/// One call to enter.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DrillWarnRequest {
    #[ts(type = "number")]
    pub drill_id: i64,
    #[ts(type = "number")]
    pub supporter_id: i64,
    /// The warning got through.
    pub reached: bool,
    /// As written (`HH:MM`, `HHMM`, …); `null` or empty: now.
    pub at: Option<String>,
    pub by: String,
    pub note: String,
    /// Replace the supporter's latest call instead of adding one.
    pub correct: bool,
}
