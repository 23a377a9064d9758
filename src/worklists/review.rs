//! The 要見直し worklist: plans whose review date has passed, or that something they rely
//! on has changed since (the flags of schema step 19), each with its reasons.

use std::collections::BTreeMap;

use chrono::{Days, Months, NaiveDate};
use serde::Serialize;

use crate::error::Result;
use crate::store::{plan_review, settings, Roster};

/// Why a plan needs a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueReason {
    /// The token: `review-date`, `certification-ended`, `care-level`,
    /// `care-certification`, `disability`, `address`, `household`, `supporter-retired`,
    /// `supporter-withdrew`, `supporter-unreachable`, `drill-unreachable`, `drill-slow`.
    pub code: String,
    /// In Japanese.
    pub label: String,
    /// Since when (ISO date).
    pub since: String,
    /// What raised it (`supporter:3`, `drill-check:12`), when a record did.
    pub source: String,
}

/// A plan due for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanDue {
    /// The person.
    pub person_id: i64,
    /// 氏名.
    pub name: String,
    /// 地区.
    pub district: Option<String>,
    /// The plan's last review (the later of its update and its check with the person).
    pub last_reviewed: String,
    /// Its review date: `plan.review_months` after the last review, or the last day of the
    /// person's 要介護認定 where that comes first.
    pub review_on: String,
    /// Why it is due, oldest first.
    pub reasons: Vec<DueReason>,
    /// A commission under way for the person, if one (the review is in hand).
    pub commission_under_way: Option<i64>,
    /// The office that made the last approved plan: re-commission there in one step.
    pub last_office_id: Option<i64>,
    /// Its name.
    pub last_office_name: Option<String>,
}

/// The Japanese label of a reason token.
pub fn reason_label(code: &str) -> &'static str {
    match code {
        "review-date" => "見直し時期の経過",
        "certification-ended" => "要介護認定の有効期間満了",
        "care-level" => "要介護度の変更",
        "care-certification" => "要介護認定の更新",
        "disability" => "障害等級の変更",
        "address" => "住所の変更",
        "household" => "世帯の変更",
        "supporter-retired" => "支援者の解除・登録終了",
        "supporter-withdrew" => "支援者の同意撤回・不同意",
        "supporter-unreachable" => "訓練で支援者に連絡がつかない",
        "drill-unreachable" => "訓練で本人の安否確認ができない",
        "drill-slow" => "訓練で確認が目標時間を超過",
        "shelter-changed" => "避難先の指定の変更・廃止",
        "drill-elsewhere" => "訓練で計画と別の避難先に到着",
        _ => "その他",
    }
}

/// The next review date of a plan last reviewed on `last`.
pub fn review_date(last: NaiveDate, months: u32) -> NaiveDate {
    last.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

impl Roster {
    /// Plans due for review, most overdue first: their review date (`plan.review_months`
    /// after the last update or check, or the last day of the person's 要介護認定 where
    /// that comes first) has passed, or a flag is open.
    pub fn plans_due(&self) -> Result<Vec<PlanDue>> {
        let conn = self.conn();
        let today = self.clock().today();
        let months = settings::load(conn)?.review_months;
        let mut due: BTreeMap<i64, (String, NaiveDate, Vec<DueReason>)> = BTreeMap::new();
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        // Reviewed on or before about this day: due by date today. (A few days' margin:
        // counting months back and forth clamps at a month's end.)
        let cutoff = today
            .checked_sub_months(Months::new(months))
            .and_then(|d| d.checked_add_days(Days::new(4)))
            .unwrap_or(NaiveDate::MIN);
        for (id, last) in plan_review::reviewed_by(conn, &cutoff.to_string())? {
            let Some(on) = day(&last).map(|d| review_date(d, months)) else {
                continue;
            };
            if on > today {
                continue;
            }
            let reason = DueReason {
                code: "review-date".into(),
                label: reason_label("review-date").into(),
                since: on.to_string(),
                source: String::new(),
            };
            due.insert(id, (last, on, vec![reason]));
        }
        // The certification's period ended after the plan's last review.
        for (id, until, last) in plan_review::certifications_ended(conn, &today.to_string())? {
            let Some(on) = day(&last).map(|d| review_date(d, months)) else {
                continue;
            };
            let reason = DueReason {
                code: "certification-ended".into(),
                label: reason_label("certification-ended").into(),
                since: until,
                source: String::new(),
            };
            // The review date comes forward to the end below, with every other plan's.
            due.entry(id)
                .or_insert_with(|| (last, on, Vec::new()))
                .2
                .push(reason);
        }
        for f in plan_review::open_flags(conn)? {
            let Some(on) = day(&f.last).map(|d| review_date(d, months)) else {
                continue;
            };
            let e = due
                .entry(f.person_id)
                .or_insert_with(|| (f.last.clone(), on, Vec::new()));
            let since = crate::clock::jst_date_of(&f.raised_at)
                .map(|d| d.to_string())
                .unwrap_or_else(|| f.raised_at.chars().take(10).collect());
            e.2.push(DueReason {
                label: reason_label(&f.reason).into(),
                code: f.reason,
                since,
                source: f.source,
            });
        }
        due.retain(|_, e| !e.2.is_empty());
        let ids: Vec<i64> = due.keys().copied().collect();
        let names = plan_review::names(conn, &ids)?;
        // The certification's end comes first where it falls after the last review and
        // before the yearly review date.
        let latest = due.values().map(|e| e.1).max().unwrap_or(today);
        let ends = plan_review::certification_ends(conn, &latest.to_string())?;
        let commissions = plan_review::commissions_by_person(conn)?;
        let mut out: Vec<PlanDue> = due
            .into_iter()
            .filter_map(|(id, (last, on, mut reasons))| {
                let (name, district) = names.get(&id)?.clone();
                let on = ends
                    .get(&id)
                    .filter(|end| **end > last)
                    .and_then(|end| day(end))
                    .map_or(on, |end| on.min(end));
                reasons.sort_by(|a, b| (&a.since, &a.code).cmp(&(&b.since, &b.code)));
                reasons.dedup_by(|a, b| a.code == b.code && a.source == b.source);
                let (under_way, office) = commissions.get(&id).cloned().unwrap_or_default();
                Some(PlanDue {
                    person_id: id,
                    name,
                    district,
                    last_reviewed: last,
                    review_on: on.to_string(),
                    reasons,
                    commission_under_way: under_way,
                    last_office_id: office.as_ref().map(|o| o.0),
                    last_office_name: office.map(|o| o.1),
                })
            })
            .collect();
        out.sort_by(|a, b| {
            let first = |p: &PlanDue| p.reasons.first().map(|r| r.since.clone());
            (first(a), a.person_id).cmp(&(first(b), b.person_id))
        });
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_is_due_a_year_after_its_last_review() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        assert_eq!(review_date(d("2025-11-22"), 12), d("2026-11-22"));
        assert_eq!(review_date(d("2024-02-29"), 12), d("2025-02-28"));
        assert_eq!(reason_label("drill-slow"), "訓練で確認が目標時間を超過");
    }
}
