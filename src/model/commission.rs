//! Plans commissioned to care offices (委託・報償): the offices and their specialists, a
//! commission and the steps it takes, and the fee tables per 年度.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

tokens! {
    /// What kind of 事業所 an office is.
    OfficeKind {
        HomeCareSupport = "home-care-support", "居宅介護支援事業所";
        SpecifiedConsultation = "specified-consultation", "特定相談支援事業所";
        ChildConsultation = "child-consultation", "障害児相談支援事業所";
        CommunitySupportCentre = "community-support-centre", "地域包括支援センター";
        VisitingNursing = "visiting-nursing", "訪問看護事業所";
        Other = "other", "その他";
    }
}

tokens! {
    /// A specialist's qualification.
    Qualification {
        CareManager = "care-manager", "介護支援専門員（ケアマネジャー）";
        ConsultationSpecialist = "consultation-specialist", "相談支援専門員";
        Nurse = "nurse", "看護師";
        SocialWorker = "social-worker", "社会福祉士";
        Other = "other", "その他";
    }
}

tokens! {
    /// Where a commission stands: the last step it took.
    CommissionStatus {
        Requested = "requested", "依頼";
        Accepted = "accepted", "受託";
        Declined = "declined", "辞退";
        Visited = "visited", "訪問";
        Submitted = "submitted", "提出";
        Returned = "returned", "差戻し";
        Approved = "approved", "承認";
        Claimed = "claimed", "請求";
        Paid = "paid", "支払";
        Cancelled = "cancelled", "取消";
    }
}

tokens! {
    /// A new plan, or an update of the person's plan.
    PlanKind {
        New = "new", "新規";
        Update = "update", "更新";
    }
}

impl CommissionStatus {
    /// The steps that may follow this one. A commission is under way until it is approved,
    /// declined or cancelled; after approval only the payment steps remain.
    pub fn next(self) -> &'static [CommissionStatus] {
        use CommissionStatus::*;
        match self {
            Requested => &[Accepted, Declined, Cancelled],
            Accepted => &[Visited, Declined, Cancelled],
            Visited => &[Submitted, Cancelled],
            Submitted => &[Approved, Returned, Cancelled],
            Returned => &[Submitted, Cancelled],
            Approved => &[Claimed],
            Claimed => &[Paid],
            Declined | Paid | Cancelled => &[],
        }
    }

    /// Still with the office or the reviewer: the person may have no other commission.
    pub fn under_way(self) -> bool {
        use CommissionStatus::*;
        matches!(self, Requested | Accepted | Visited | Submitted | Returned)
    }

    /// Approved, claimed or paid: the plan was accepted and its fees fixed.
    pub fn approved(self) -> bool {
        use CommissionStatus::*;
        matches!(self, Approved | Claimed | Paid)
    }

    /// This step needs a reason (a declined or returned or cancelled commission says why).
    pub fn needs_reason(self) -> bool {
        use CommissionStatus::*;
        matches!(self, Declined | Returned | Cancelled)
    }
}

/// The 年度 (April to March) of a day: 2027-03-31 is in 年度 2026.
pub fn fiscal_year(day: NaiveDate) -> i32 {
    if day.month() >= 4 {
        day.year()
    } else {
        day.year() - 1
    }
}

/// A care office (事業所), as added and listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Office {
    /// Read-only: its recipient id (an office is a recipient of kind `care-office`).
    #[serde(default)]
    pub id: Option<i64>,
    /// What kind of office.
    pub kind: OfficeKind,
    /// Its name.
    pub name: String,
    /// 事業所番号.
    #[serde(default)]
    pub office_number: String,
    /// The district it is in, if one.
    #[serde(default)]
    pub district: Option<String>,
    /// 管理責任者: who keeps what is given to it.
    #[serde(default)]
    pub custodian: String,
    /// Address.
    #[serde(default)]
    pub address: String,
    /// Phone.
    #[serde(default)]
    pub phone: String,
    /// FAX.
    #[serde(default)]
    pub fax: String,
    /// Its specialists (on `office add`, added with it).
    #[serde(default)]
    pub specialists: Vec<Specialist>,
    /// Read-only: commissions under way now.
    #[serde(default)]
    pub under_way: u32,
}

/// A 福祉専門職 of an office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Specialist {
    /// Read-only id.
    #[serde(default)]
    pub id: Option<i64>,
    /// Name.
    pub name: String,
    /// Qualification.
    pub qualification: Qualification,
    /// Phone (when not the office's).
    #[serde(default)]
    pub phone: String,
}

/// A new commission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCommission<'a> {
    /// Whose plan.
    pub person_id: i64,
    /// To which office; `None`: the office that made the person's last approved plan
    /// (re-commissioning in one step).
    pub office_id: Option<i64>,
    /// To which of its specialists, if one is named.
    pub specialist_id: Option<i64>,
    /// The request's date (ISO); today when `None`.
    pub on: Option<&'a str>,
    /// A note for the office (no personal data beyond what the 依頼書 holds).
    pub note: &'a str,
}

/// A step asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommissionStep<'a> {
    /// The step.
    pub to: CommissionStatus,
    /// Its date (ISO); today when `None`.
    pub on: Option<&'a str>,
    /// Why (a decline, a return, a cancellation).
    pub reason: &'a str,
    /// On approval: the fee item (`new`, `update` or `info-only`); by default the
    /// commission's own kind.
    pub fee: Option<&'a str>,
    /// On approval: extra items of the fee table (e.g. `case-meeting`).
    pub extras: &'a [String],
}

/// One step a commission took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepRecord {
    /// The step.
    pub status: CommissionStatus,
    /// Its date.
    pub on: String,
    /// Why, when it says.
    pub reason: String,
    /// Who recorded it (the account).
    pub recorded_by: String,
}

/// One fee fixed on approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FixedFee {
    /// The fee table's item.
    pub item: String,
    /// Its label.
    pub label: String,
    /// The amount, in yen.
    pub yen: i64,
    /// The 年度 whose table it came from.
    pub year: i32,
    /// Why it differs from the table, when it does (e.g. an update paid once a 年度).
    pub note: String,
}

/// A commission as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commission {
    /// Its id.
    pub id: i64,
    /// Whose plan.
    pub person_id: i64,
    /// The person's name (for the officer's screen; never in the audit log).
    pub person_name: String,
    /// 地区.
    pub district: Option<String>,
    /// The office.
    pub office_id: i64,
    /// Its name.
    pub office_name: String,
    /// The specialist, if named.
    pub specialist_id: Option<i64>,
    /// Their name.
    pub specialist_name: Option<String>,
    /// New plan or update.
    pub plan_kind: PlanKind,
    /// Where it stands.
    pub status: CommissionStatus,
    /// The day of the last step.
    pub status_on: String,
    /// The request's date.
    pub requested_on: String,
    /// Every step, oldest first.
    pub steps: Vec<StepRecord>,
    /// The fees fixed on approval.
    pub fees: Vec<FixedFee>,
    /// Their sum, in yen.
    pub total_yen: i64,
    /// The steps that may follow.
    pub next: Vec<CommissionStatus>,
    /// Late, and why (a visit or a submission overdue), when it is.
    pub overdue: Option<String>,
}

/// One item of a fee table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeItem {
    /// `new`, `update`, `info-only`, or an extra's own token (e.g. `case-meeting`).
    pub item: String,
    /// The label printed on claims (新規, 更新, 個別ケース会議 …).
    pub label: String,
    /// The amount, in yen.
    pub yen: i64,
    /// Paid on top of the plan's own fee (a case meeting), when asked for on approval.
    #[serde(default)]
    pub extra: bool,
    /// Paid at most once a 年度 for one person (いの町: an update at most once a year).
    #[serde(default)]
    pub once_per_year: bool,
}

/// The fee table of a 年度.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeTable {
    /// Read-only: the 年度 (April to March).
    #[serde(default)]
    pub year: i32,
    /// Its items.
    pub items: Vec<FeeItem>,
}

/// The plan's own fee items: one of them is fixed on every approval.
pub const BASE_FEE_ITEMS: &[&str] = &["new", "update", "info-only"];
