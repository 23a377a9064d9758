//! Safety-check drills (安否確認訓練): sessions, check sheets, result entry, the live board
//! and the report.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use yorisoi::drill::{CheckEntry, CheckStatus, Tally};
use yorisoi::drill::{
    DistrictBoard, DistrictReport, DrillBoard, DrillCurve, DrillReport, NeverReached,
    SilentSupporter, UnknownPerson,
};

use super::drill_warnings::{DrillSupporterToCall, DrillWarnTally};
use yorisoi::drill::{Drill, DrillPerson, DrillSheet};

pub(super) fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn token(s: Option<CheckStatus>) -> Option<String> {
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

/// A check sheet to print (saved through the system dialog).
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DrillSheetRequest {
    #[ts(type = "number")]
    pub drill_id: i64,
    pub district: String,
    pub association: Option<String>,
    pub block: Option<String>,
    /// `null`: the district's one 自治会 recipient.
    #[ts(type = "number | null")]
    pub recipient_id: Option<i64>,
    pub reprint_reason: Option<String>,
}

/// A check sheet printed for the drill.
#[derive(Debug, Serialize, TS)]
pub struct DrillSheetRow {
    pub serial: String,
    pub district: String,
    pub cut: String,
    pub recipient_name: String,
    #[ts(type = "number")]
    pub persons: i64,
    pub issued_at: String,
    pub status: String,
}

impl From<DrillSheet> for DrillSheetRow {
    fn from(s: DrillSheet) -> Self {
        DrillSheetRow {
            serial: s.serial,
            district: s.district,
            cut: s.cut,
            recipient_name: s.recipient_name,
            persons: s.persons,
            issued_at: s.issued_at,
            status: s.status,
        }
    }
}

/// Who a number on the sheets is.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DrillPersonRequest {
    #[ts(type = "number")]
    pub drill_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
}

/// One result as entered.
#[derive(Debug, Serialize, TS)]
pub struct DrillCheckRow {
    #[ts(type = "number")]
    pub id: i64,
    /// `safe` | `needs-help` | `not-home` | `unreached`.
    pub status: String,
    /// When found, Japan time `YYYY-MM-DD HH:MM`.
    pub checked_at_jst: String,
    pub checked_by: String,
    pub note: String,
    /// The entry this one corrects.
    #[ts(type = "number | null")]
    pub corrects: Option<i64>,
    /// The entry that corrected this one.
    #[ts(type = "number | null")]
    pub corrected_by: Option<i64>,
    pub recorded_by: String,
}

impl From<CheckEntry> for DrillCheckRow {
    fn from(e: CheckEntry) -> Self {
        DrillCheckRow {
            id: e.id,
            status: e.status.token().to_owned(),
            checked_at_jst: e.checked_at_jst,
            checked_by: e.checked_by,
            note: e.note,
            corrects: e.corrects,
            corrected_by: e.corrected_by,
            recorded_by: e.recorded_by,
        }
    }
}

/// A person of the drill with their results so far.
#[derive(Debug, Serialize, TS)]
pub struct DrillPersonView {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub furigana: String,
    pub district: String,
    /// Current status token, `null` before any result.
    pub current: Option<String>,
    pub history: Vec<DrillCheckRow>,
}

impl From<DrillPerson> for DrillPersonView {
    fn from(p: DrillPerson) -> Self {
        DrillPersonView {
            person_id: p.person_id,
            name: p.name,
            furigana: p.furigana,
            district: p.district,
            current: token(p.current),
            history: p.history.into_iter().map(DrillCheckRow::from).collect(),
        }
    }
}

/// One result to enter.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DrillCheckRequest {
    #[ts(type = "number")]
    pub drill_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    /// `safe` | `needs-help` | `not-home` | `unreached`.
    pub status: String,
    /// As written on the paper (`HH:MM`, `HHMM`, …); `null` or empty: now.
    pub at: Option<String>,
    pub by: String,
    pub note: String,
    /// Replace the person's latest result instead of adding one.
    pub correct: bool,
}

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

#[derive(Debug, Serialize, TS)]
pub struct DrillDistrictReport {
    pub district: String,
    pub tally: DrillTally,
    #[ts(type = "number | null")]
    pub to_50: Option<i64>,
    #[ts(type = "number | null")]
    pub to_90: Option<i64>,
    #[ts(type = "number | null")]
    pub to_100: Option<i64>,
    pub within_target: bool,
    pub warnings: DrillWarnTally,
    /// Minutes until every supporter was warned.
    #[ts(type = "number | null")]
    pub warn_to_100: Option<i64>,
    pub warned_within_target: bool,
}

impl From<DistrictReport> for DrillDistrictReport {
    fn from(d: DistrictReport) -> Self {
        DrillDistrictReport {
            district: d.district,
            tally: d.tally.into(),
            to_50: d.to_50,
            to_90: d.to_90,
            to_100: d.to_100,
            within_target: d.within_target,
            warnings: d.warnings.into(),
            warn_to_100: d.warn_to_100,
            warned_within_target: d.warned_within_target,
        }
    }
}

#[derive(Debug, Serialize, TS)]
pub struct DrillNeverReached {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub district: String,
    pub status: Option<String>,
    pub why: String,
    pub attempts: u32,
}

impl From<NeverReached> for DrillNeverReached {
    fn from(n: NeverReached) -> Self {
        DrillNeverReached {
            person_id: n.person_id,
            name: n.name,
            district: n.district,
            status: token(n.status),
            why: n.why,
            attempts: count(n.attempts),
        }
    }
}

/// A supporter named for people of the drill who is named on no result.
#[derive(Debug, Serialize, TS)]
pub struct DrillSilentSupporter {
    pub name: String,
    pub phone: String,
    #[ts(type = "Array<number>")]
    pub persons: Vec<i64>,
}

impl From<SilentSupporter> for DrillSilentSupporter {
    fn from(s: SilentSupporter) -> Self {
        DrillSilentSupporter {
            name: s.name,
            phone: s.phone,
            persons: s.persons,
        }
    }
}

/// One drill's confirmation over time.
#[derive(Debug, Serialize, TS)]
pub struct DrillCurveView {
    #[ts(type = "number")]
    pub drill_id: i64,
    pub name: String,
    pub held_on: String,
    pub confirmed_pct: f64,
    #[ts(type = "number | null")]
    pub to_50: Option<i64>,
    #[ts(type = "number | null")]
    pub to_90: Option<i64>,
    #[ts(type = "number | null")]
    pub to_100: Option<i64>,
    /// (minutes since start, percent confirmed) after each confirmation.
    #[ts(type = "Array<[number, number]>")]
    pub curve: Vec<(i64, f64)>,
}

impl From<DrillCurve> for DrillCurveView {
    fn from(c: DrillCurve) -> Self {
        DrillCurveView {
            drill_id: c.drill_id,
            name: c.name,
            held_on: c.held_on,
            confirmed_pct: c.tally.confirmed_pct,
            to_50: c.to_50,
            to_90: c.to_90,
            to_100: c.to_100,
            curve: c.curve,
        }
    }
}

/// The report (the PDF holds the same).
#[derive(Debug, Serialize, TS)]
pub struct DrillReportView {
    pub drill: DrillRow,
    pub districts: Vec<DrillDistrictReport>,
    pub total: DrillDistrictReport,
    pub never_reached: Vec<DrillNeverReached>,
    pub silent_supporters: Vec<DrillSilentSupporter>,
    /// Supporters the warning never reached.
    pub never_warned: Vec<DrillSilentSupporter>,
    /// This drill first, then earlier drills of the same districts.
    pub comparison: Vec<DrillCurveView>,
    pub checks: u32,
    pub corrections: u32,
    /// Calls to supporters entered.
    pub calls: u32,
}

impl From<DrillReport> for DrillReportView {
    fn from(r: DrillReport) -> Self {
        DrillReportView {
            drill: r.drill.into(),
            districts: r
                .districts
                .into_iter()
                .map(DrillDistrictReport::from)
                .collect(),
            total: r.total.into(),
            never_reached: r
                .never_reached
                .into_iter()
                .map(DrillNeverReached::from)
                .collect(),
            silent_supporters: r
                .silent_supporters
                .into_iter()
                .map(DrillSilentSupporter::from)
                .collect(),
            never_warned: r
                .never_warned
                .into_iter()
                .map(DrillSilentSupporter::from)
                .collect(),
            comparison: r.comparison.into_iter().map(DrillCurveView::from).collect(),
            checks: count(r.checks),
            corrections: count(r.corrections),
            calls: count(r.calls),
        }
    }
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DrillLessonsRequest {
    #[ts(type = "number")]
    pub id: i64,
    pub lessons: String,
}
