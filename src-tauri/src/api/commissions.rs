//! Plans commissioned to care offices (委託), the plans due for review (要見直し) and the
//! month's claim list, as the page sees them. Statuses, kinds and fee items travel as
//! tokens; the core says which steps may follow and which of them need a reason.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use yorisoi::commissions::claims::Claims;
use yorisoi::model::commission::{
    Commission, CommissionStatus, FeeTable, FixedFee, Office, StepRecord,
};
use yorisoi::worklists::review::PlanDue;

/// A care office with its specialists.
#[derive(Debug, Serialize, TS)]
pub struct OfficeRow {
    #[ts(type = "number")]
    pub id: i64,
    /// `home-care-support`, `specified-consultation` …
    pub kind: String,
    pub name: String,
    pub office_number: String,
    pub district: Option<String>,
    pub phone: String,
    pub specialists: Vec<SpecialistRow>,
    /// Commissions under way now.
    pub under_way: u32,
}

#[derive(Debug, Serialize, TS)]
pub struct SpecialistRow {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub qualification: String,
}

impl From<Office> for OfficeRow {
    fn from(o: Office) -> Self {
        OfficeRow {
            id: o.id.unwrap_or_default(),
            kind: o.kind.token().to_owned(),
            name: o.name,
            office_number: o.office_number,
            district: o.district,
            phone: o.phone,
            specialists: o
                .specialists
                .into_iter()
                .map(|s| SpecialistRow {
                    id: s.id.unwrap_or_default(),
                    name: s.name,
                    qualification: s.qualification.token().to_owned(),
                })
                .collect(),
            under_way: o.under_way,
        }
    }
}

/// Which commissions to list.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CommissionQuery {
    /// Status tokens; empty for all.
    pub statuses: Vec<String>,
    #[ts(type = "number | null")]
    pub office_id: Option<i64>,
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    pub overdue_only: bool,
}

/// A step that may follow, and whether it must say why.
#[derive(Debug, Serialize, TS)]
pub struct CommissionNext {
    pub status: String,
    pub needs_reason: bool,
}

/// One step a commission took.
#[derive(Debug, Serialize, TS)]
pub struct CommissionStepRow {
    pub status: String,
    pub on: String,
    pub reason: String,
    pub recorded_by: String,
}

impl From<StepRecord> for CommissionStepRow {
    fn from(s: StepRecord) -> Self {
        CommissionStepRow {
            status: s.status.token().to_owned(),
            on: s.on,
            reason: s.reason,
            recorded_by: s.recorded_by,
        }
    }
}

/// One fee fixed on approval (its label is the fee table's).
#[derive(Debug, Serialize, TS)]
pub struct CommissionFee {
    pub item: String,
    pub label: String,
    #[ts(type = "number")]
    pub yen: i64,
    pub year: i32,
    pub note: String,
}

impl From<FixedFee> for CommissionFee {
    fn from(f: FixedFee) -> Self {
        CommissionFee {
            item: f.item,
            label: f.label,
            yen: f.yen,
            year: f.year,
            note: f.note,
        }
    }
}

/// A commission with its steps and fees.
#[derive(Debug, Serialize, TS)]
pub struct CommissionRow {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    pub person_name: String,
    pub district: Option<String>,
    #[ts(type = "number")]
    pub office_id: i64,
    pub office_name: String,
    pub specialist_name: Option<String>,
    /// `new` | `update`.
    pub plan_kind: String,
    pub status: String,
    pub status_on: String,
    pub requested_on: String,
    pub steps: Vec<CommissionStepRow>,
    pub fees: Vec<CommissionFee>,
    #[ts(type = "number")]
    pub total_yen: i64,
    pub next: Vec<CommissionNext>,
    /// Why it is late (the core's Japanese sentence), when it is.
    pub overdue: Option<String>,
}

impl From<Commission> for CommissionRow {
    fn from(c: Commission) -> Self {
        CommissionRow {
            id: c.id,
            person_id: c.person_id,
            person_name: c.person_name,
            district: c.district,
            office_id: c.office_id,
            office_name: c.office_name,
            specialist_name: c.specialist_name,
            plan_kind: c.plan_kind.token().to_owned(),
            status: c.status.token().to_owned(),
            status_on: c.status_on,
            requested_on: c.requested_on,
            steps: c.steps.into_iter().map(CommissionStepRow::from).collect(),
            fees: c.fees.into_iter().map(CommissionFee::from).collect(),
            total_yen: c.total_yen,
            next: c
                .next
                .into_iter()
                .map(|s: CommissionStatus| CommissionNext {
                    status: s.token().to_owned(),
                    needs_reason: s.needs_reason(),
                })
                .collect(),
            overdue: c.overdue,
        }
    }
}

/// A new commission. `office_id` `null`: the office of the person's last approved plan.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CommissionNewRequest {
    #[ts(type = "number")]
    pub person_id: i64,
    #[ts(type = "number | null")]
    pub office_id: Option<i64>,
    #[ts(type = "number | null")]
    pub specialist_id: Option<i64>,
    /// ISO or wareki; empty for today.
    pub on: String,
    pub note: String,
}

/// One step of a commission.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CommissionStepRequest {
    #[ts(type = "number")]
    pub id: i64,
    /// The status token it moves to.
    pub to: String,
    /// ISO or wareki; empty for today.
    pub on: String,
    pub reason: String,
    /// On approval: `new`, `update` or `info-only` (`null`: the commission's own kind).
    pub fee: Option<String>,
    /// On approval: extra items of the fee table.
    pub extras: Vec<String>,
}

/// The fee table in force on a day (its 年度's).
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct FeeTableRequest {
    /// ISO or wareki; empty for today.
    pub on: String,
}

#[derive(Debug, Serialize, TS)]
pub struct FeeItemRow {
    pub item: String,
    pub label: String,
    #[ts(type = "number")]
    pub yen: i64,
    /// Paid on top of the plan's own fee (asked for on approval).
    pub extra: bool,
    pub once_per_year: bool,
}

/// The fee table of a 年度 (`items` empty when none was set).
#[derive(Debug, Serialize, TS)]
pub struct FeeTableView {
    pub year: i32,
    pub items: Vec<FeeItemRow>,
}

impl FeeTableView {
    pub fn of(year: i32, table: Option<FeeTable>) -> Self {
        FeeTableView {
            year,
            items: table
                .map(|t| t.items)
                .unwrap_or_default()
                .into_iter()
                .map(|i| FeeItemRow {
                    item: i.item,
                    label: i.label,
                    yen: i.yen,
                    extra: i.extra,
                    once_per_year: i.once_per_year,
                })
                .collect(),
        }
    }
}

/// Why a plan needs a review.
#[derive(Debug, Serialize, TS)]
pub struct PlanDueReason {
    pub code: String,
    /// In Japanese (the core's).
    pub label: String,
    pub since: String,
}

/// A plan due for review (要見直し).
#[derive(Debug, Serialize, TS)]
pub struct PlanDueRow {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub district: Option<String>,
    pub last_reviewed: String,
    pub review_on: String,
    pub reasons: Vec<PlanDueReason>,
    #[ts(type = "number | null")]
    pub commission_under_way: Option<i64>,
    #[ts(type = "number | null")]
    pub last_office_id: Option<i64>,
    pub last_office_name: Option<String>,
}

impl From<PlanDue> for PlanDueRow {
    fn from(p: PlanDue) -> Self {
        PlanDueRow {
            person_id: p.person_id,
            name: p.name,
            district: p.district,
            last_reviewed: p.last_reviewed,
            review_on: p.review_on,
            reasons: p
                .reasons
                .into_iter()
                .map(|r| PlanDueReason {
                    code: r.code,
                    label: r.label,
                    since: r.since,
                })
                .collect(),
            commission_under_way: p.commission_under_way,
            last_office_id: p.last_office_id,
            last_office_name: p.last_office_name,
        }
    }
}

/// The claim list of a month (`YYYY-MM`), of one office or all.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ClaimsRequest {
    pub month: String,
    #[ts(type = "number | null")]
    pub office_id: Option<i64>,
}

/// [`ClaimsRequest`] written to a file: `pdf` or `csv`.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ClaimsSaveRequest {
    pub month: String,
    #[ts(type = "number | null")]
    pub office_id: Option<i64>,
    pub format: String,
}

/// One office's claims of the month.
#[derive(Debug, Serialize, TS)]
pub struct OfficeClaimsRow {
    #[ts(type = "number")]
    pub office_id: i64,
    pub office_name: String,
    pub count: u32,
    #[ts(type = "number")]
    pub total_yen: i64,
}

/// The month's claim list, counted (what the PDF or CSV would hold).
#[derive(Debug, Serialize, TS)]
pub struct ClaimsView {
    pub month: String,
    pub offices: Vec<OfficeClaimsRow>,
    pub count: u32,
    #[ts(type = "number")]
    pub total_yen: i64,
}

impl From<Claims> for ClaimsView {
    fn from(c: Claims) -> Self {
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        ClaimsView {
            month: c.month,
            count: n(c.count),
            total_yen: c.total_yen,
            offices: c
                .offices
                .into_iter()
                .map(|o| OfficeClaimsRow {
                    office_id: o.office_id,
                    office_name: o.office_name,
                    count: n(o.lines.len()),
                    total_yen: o.total_yen,
                })
                .collect(),
        }
    }
}
