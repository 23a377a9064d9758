//! The plan worklist (people without a plan or without two supporters, highest priority
//! first) and the stale worklist (records not verified within the renewal period).

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::error::Result;
use crate::priority::{score, Priority};
use crate::store::{persons, settings, Roster};

/// A line of the plan worklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanWorkItem {
    /// The person.
    pub person_id: i64,
    /// 氏名.
    pub name: String,
    /// 地区.
    pub district: Option<String>,
    /// Has an evacuation plan.
    pub has_plan: bool,
    /// Supporters assigned.
    pub supporters: u32,
    /// The score and its reasons.
    pub priority: Priority,
}

/// A line of the stale worklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaleItem {
    /// The person.
    pub person_id: i64,
    /// 氏名.
    pub name: String,
    /// 地区.
    pub district: Option<String>,
    /// Last verified (`None`: never).
    pub last_verified_on: Option<String>,
    /// The day the record was added (JST date).
    pub created_on: String,
}

/// The stale worklist with its cut-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaleReport {
    /// Today (JST).
    pub today: String,
    /// The renewal period in months.
    pub months: u32,
    /// Records verified before this day (or never, and added before it) are stale.
    pub cutoff: String,
    /// Stale records, oldest first.
    pub stale: Vec<StaleItem>,
}

impl Roster {
    /// People without a plan or with fewer than two supporters, highest priority first.
    pub fn plan_worklist(&self) -> Result<Vec<PlanWorkItem>> {
        let mut out: Vec<PlanWorkItem> = persons::plan_lines(self.conn(), self.clock().today())?
            .into_iter()
            .filter(|l| !l.has_plan || l.supporters < 2)
            .map(|l| PlanWorkItem {
                person_id: l.id,
                name: l.name,
                district: l.district,
                has_plan: l.has_plan,
                supporters: l.supporters,
                priority: score(&l.facts),
            })
            .collect();
        out.sort_by(|a, b| {
            b.priority
                .score
                .cmp(&a.priority.score)
                .then(a.person_id.cmp(&b.person_id))
        });
        Ok(out)
    }

    /// Records not verified within `months` (default: the setting consent.renewal_months,
    /// or 12 when that is 0), oldest first. A record never verified counts from the day it
    /// was added.
    pub fn stale_worklist(&self, months: Option<u32>) -> Result<StaleReport> {
        let today = self.clock().today();
        let months = match months {
            Some(m) => m,
            None => match settings::load(self.conn())?.renewal_months {
                0 => 12,
                m => m,
            },
        };
        let cutoff = today
            .checked_sub_months(Months::new(months))
            .unwrap_or(NaiveDate::MIN);
        let mut stale: Vec<StaleItem> = persons::plan_lines(self.conn(), today)?
            .into_iter()
            .filter_map(|l| {
                let created_on = crate::clock::jst_date_of(&l.created_at)
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                let basis = l
                    .last_verified
                    .clone()
                    .unwrap_or_else(|| created_on.clone());
                let basis = NaiveDate::parse_from_str(&basis, "%Y-%m-%d").ok()?;
                (basis < cutoff).then_some(StaleItem {
                    person_id: l.id,
                    name: l.name,
                    district: l.district,
                    last_verified_on: l.last_verified,
                    created_on,
                })
            })
            .collect();
        stale.sort_by(|a, b| {
            let key = |s: &StaleItem| {
                s.last_verified_on
                    .clone()
                    .unwrap_or_else(|| s.created_on.clone())
            };
            key(a).cmp(&key(b)).then(a.person_id.cmp(&b.person_id))
        });
        Ok(StaleReport {
            today: today.to_string(),
            months,
            cutoff: cutoff.to_string(),
            stale,
        })
    }
}
