//! The live board: per district, counts, minutes against the targets, who is still unknown
//! and the supporters still to call.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use yorisoi::drill::Tally;
use yorisoi::drill::{BoardPage, DistrictBoard, DistrictLimits, DrillBoard, UnknownPerson};

use crate::error::IpcError;

use super::arrivals::ShelterArrivalsView;
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
    /// The first of the still unknown (as many as asked for).
    pub unknown: Vec<DrillUnknown>,
    /// How many are still unknown in all.
    pub unknown_total: u32,
    /// Warnings to the supporters of the district's people.
    pub warnings: DrillWarnTally,
    /// Minutes from the start until every supporter was warned.
    #[ts(type = "number | null")]
    pub minutes_to_warn_all: Option<i64>,
    /// The warnings target has passed with supporters not yet warned.
    pub warn_over_target: bool,
    /// Supporters not yet warned: the first calls (as many as asked for).
    pub not_warned: Vec<DrillSupporterToCall>,
    /// How many are not yet warned in all.
    pub not_warned_total: u32,
}

impl From<DistrictBoard> for DrillDistrictBoard {
    fn from(d: DistrictBoard) -> Self {
        DrillDistrictBoard {
            district: d.district,
            tally: d.tally.into(),
            minutes_to_all: d.minutes_to_all,
            over_target: d.over_target,
            unknown: d.unknown.into_iter().map(DrillUnknown::from).collect(),
            unknown_total: count(d.unknown_total),
            warnings: d.warnings.into(),
            minutes_to_warn_all: d.minutes_to_warn_all,
            warn_over_target: d.warn_over_target,
            not_warned: d
                .not_warned
                .into_iter()
                .map(DrillSupporterToCall::from)
                .collect(),
            not_warned_total: count(d.not_warned_total),
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
    /// Per shelter: expected, arrived, capacity, and who went elsewhere than planned.
    pub shelters: Vec<ShelterArrivalsView>,
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
            shelters: b
                .shelters
                .into_iter()
                .map(ShelterArrivalsView::from)
                .collect(),
        }
    }
}

/// The most of one list a screen asks for at once (a page is 50; "more" adds 50).
pub const BOARD_LIST_MAX: u32 = 5_000;

/// How many of a district's lists the screen shows, when more than the first page.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DrillBoardLonger {
    pub district: String,
    pub unknown: u32,
    pub not_warned: u32,
}

/// The board, with the first `limit` of each district's lists (the still unknown, the
/// supporters not yet warned), or more for the districts in `longer`.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DrillBoardRequest {
    #[ts(type = "number")]
    pub id: i64,
    pub limit: u32,
    pub longer: Vec<DrillBoardLonger>,
}

fn list_limit(field: &str, n: u32) -> Result<usize, IpcError> {
    if n > BOARD_LIST_MAX {
        return Err(IpcError::invalid(
            field,
            &format!("at most {BOARD_LIST_MAX} at once"),
        ));
    }
    Ok(n as usize)
}

impl DrillBoardRequest {
    /// The page the core reads (the limits checked).
    pub fn page(&self) -> Result<BoardPage, IpcError> {
        if self.longer.len() > 1_000 {
            return Err(IpcError::invalid("longer", "at most 1000 districts"));
        }
        Ok(BoardPage {
            district: None,
            offset: 0,
            limit: Some(list_limit("limit", self.limit)?),
            longer: self
                .longer
                .iter()
                .map(|l| {
                    Ok(DistrictLimits {
                        district: l.district.clone(),
                        unknown: list_limit("unknown", l.unknown)?,
                        not_warned: list_limit("not_warned", l.not_warned)?,
                    })
                })
                .collect::<Result<_, IpcError>>()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(limit: u32, longer: Vec<DrillBoardLonger>) -> DrillBoardRequest {
        DrillBoardRequest {
            id: 1,
            limit,
            longer,
        }
    }

    #[test]
    fn a_board_request_becomes_the_page_the_core_reads() {
        let page = request(
            50,
            vec![DrillBoardLonger {
                district: "中央地区".into(),
                unknown: 150,
                not_warned: 50,
            }],
        )
        .page()
        .unwrap();
        assert_eq!(
            page,
            BoardPage {
                district: None,
                offset: 0,
                limit: Some(50),
                longer: vec![DistrictLimits {
                    district: "中央地区".into(),
                    unknown: 150,
                    not_warned: 50,
                }],
            }
        );
    }

    #[test]
    fn a_board_request_for_too_many_at_once_is_refused() {
        let e = request(BOARD_LIST_MAX + 1, Vec::new()).page().unwrap_err();
        assert!(format!("{e:?}").contains("limit"), "{e:?}");
        let e = request(
            50,
            vec![DrillBoardLonger {
                district: "中央地区".into(),
                unknown: BOARD_LIST_MAX + 1,
                not_warned: 50,
            }],
        )
        .page()
        .unwrap_err();
        assert!(format!("{e:?}").contains("unknown"), "{e:?}");
        assert!(request(BOARD_LIST_MAX, Vec::new()).page().is_ok());
    }
}
