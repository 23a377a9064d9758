//! The live board: per district, counts, minutes against the targets, who is still unknown
//! and the supporters still to call.

use serde::Serialize;
use ts_rs::TS;
use yorisoi::drill::Tally;
use yorisoi::drill::{DistrictBoard, DrillBoard, UnknownPerson};

use super::session::{count, token, DrillRow};
use super::warnings::{DrillSupporterToCall, DrillWarnTally};

#[derive(Debug, Serialize, TS)]
pub struct DrillTally {
    pub people: u32,
    pub safe: u32,
    pub needs_help: u32,
    pub not_home: u32,
    pub not_reached: u32,
    pub confirmed: u32,
    pub confirmed_pct: f64,
}

impl From<Tally> for DrillTally {
    fn from(t: Tally) -> Self {
        DrillTally {
            people: count(t.people),
            safe: count(t.safe),
            needs_help: count(t.needs_help),
            not_home: count(t.not_home),
            not_reached: count(t.not_reached),
            confirmed: count(t.confirmed),
            confirmed_pct: t.confirmed_pct,
        }
    }
}

#[derive(Debug, Serialize, TS)]
pub struct DrillSupporterContact {
    pub position: u32,
    pub name: String,
    pub phone: String,
}

/// Someone still unknown, with their supporters' contacts.
#[derive(Debug, Serialize, TS)]
pub struct DrillUnknown {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub address: String,
    pub address_withheld: bool,
    pub phone: String,
    pub status: Option<String>,
    pub last_checked: Option<String>,
    pub note: String,
    pub supporters: Vec<DrillSupporterContact>,
}

impl From<UnknownPerson> for DrillUnknown {
    fn from(u: UnknownPerson) -> Self {
        DrillUnknown {
            person_id: u.person_id,
            name: u.name,
            address: u.address,
            address_withheld: u.address_withheld,
            phone: u.phone,
            status: token(u.status),
            last_checked: u.last_checked,
            note: u.note,
            supporters: u
                .supporters
                .into_iter()
                .map(|s| DrillSupporterContact {
                    position: s.position,
                    name: s.name,
                    phone: s.phone,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize, TS)]
pub struct DrillDistrictBoard {
    pub district: String,
    pub tally: DrillTally,
    /// Minutes from the start until everyone was confirmed.
    #[ts(type = "number | null")]
    pub minutes_to_all: Option<i64>,
    /// The confirmation target has passed with people still unconfirmed.
    pub over_target: bool,
    pub unknown: Vec<DrillUnknown>,
    /// Warnings to the supporters of the district's people.
    pub warnings: DrillWarnTally,
    /// Minutes from the start until every supporter was warned.
    #[ts(type = "number | null")]
    pub minutes_to_warn_all: Option<i64>,
    /// The warnings target has passed with supporters not yet warned.
    pub warn_over_target: bool,
    /// Supporters not yet warned: the first calls.
    pub not_warned: Vec<DrillSupporterToCall>,
}

impl From<DistrictBoard> for DrillDistrictBoard {
    fn from(d: DistrictBoard) -> Self {
        DrillDistrictBoard {
            district: d.district,
            tally: d.tally.into(),
            minutes_to_all: d.minutes_to_all,
            over_target: d.over_target,
            unknown: d.unknown.into_iter().map(DrillUnknown::from).collect(),
            warnings: d.warnings.into(),
            minutes_to_warn_all: d.minutes_to_warn_all,
            warn_over_target: d.warn_over_target,
            not_warned: d
                .not_warned
                .into_iter()
                .map(DrillSupporterToCall::from)
                .collect(),
        }
    }
}

/// The live board.
#[derive(Debug, Serialize, TS)]
pub struct DrillBoardView {
    pub drill: DrillRow,
    /// Now, Japan time.
    pub at: String,
    #[ts(type = "number")]
    pub minutes_since_start: i64,
    pub past_warn_target: bool,
    pub past_confirm_target: bool,
    pub districts: Vec<DrillDistrictBoard>,
    pub total: DrillTally,
    pub warned_total: DrillWarnTally,
}

impl From<DrillBoard> for DrillBoardView {
    fn from(b: DrillBoard) -> Self {
        DrillBoardView {
            drill: b.drill.into(),
            at: b.at,
            minutes_since_start: b.minutes_since_start,
            past_warn_target: b.past_warn_target,
            past_confirm_target: b.past_confirm_target,
            districts: b
                .districts
                .into_iter()
                .map(DrillDistrictBoard::from)
                .collect(),
            total: b.total.into(),
            warned_total: b.warned_total.into(),
        }
    }
}
