//! The drill report (the PDF holds the same) and the comparison with earlier drills.

use serde::Serialize;
use ts_rs::TS;
use yorisoi::drill::{DistrictReport, DrillCurve, DrillReport, NeverReached, SilentSupporter};

use super::arrivals::ShelterArrivalsView;
use super::board::DrillTally;
use super::session::{count, token, DrillRow};
use super::warnings::DrillWarnTally;

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
    /// Per shelter: expected, arrived, capacity, and who went elsewhere than planned.
    pub shelters: Vec<ShelterArrivalsView>,
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
            shelters: r
                .shelters
                .into_iter()
                .map(ShelterArrivalsView::from)
                .collect(),
        }
    }
}
