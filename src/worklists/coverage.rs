//! 作成状況: the figures a municipality reports each year on its 個別避難計画 — people on the
//! roster; plans made, partly made, not made, by priority and by who made them — and the
//! five-year pace of the 2021 guidance: high-priority people with a current plan, by
//! district, and the 年度 all of them will have one at the pace of the last twelve months.
//!
//! A plan is *made* when it names a destination and the person has a supporter, *partly
//! made* when it lacks either, and *current* when it is made and not due for review (see
//! [`super::review`]). Priority bands by score (hazard × physical state × household, see
//! [`crate::priority`]): high 12 and over, middle 4–11, low 3 and under.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Result;
use crate::model::commission::fiscal_year;
use crate::model::PlanMaker;
use crate::priority::score;
use crate::store::{persons, plan_review, Roster};

/// High priority from this score up.
pub const HIGH: u32 = 12;
/// Middle priority from this score up (below: low).
pub const MIDDLE: u32 = 4;

/// Counts of one group of people.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// The group (高 / 中 / 低, a district, 全体).
    pub label: String,
    /// People in it.
    pub people: usize,
    /// With a plan made (a destination and a supporter).
    pub made: usize,
    /// With a plan lacking a destination or a supporter.
    pub partly: usize,
    /// Without a plan.
    pub not_made: usize,
    /// Of those without: given evacuation information only (a commission ended so).
    pub info_only: usize,
    /// With a plan made and not due for review.
    pub current: usize,
}

/// The figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// The day they were counted.
    pub today: String,
    /// Everyone on the roster.
    pub total: Counts,
    /// By priority band: 高, 中, 低.
    pub by_priority: Vec<Counts>,
    /// Plans by who made them (本人・家族, 地域, 福祉専門職, 未記入), with their counts.
    pub by_maker: Vec<(String, usize)>,
    /// High-priority people by district.
    pub high_by_district: Vec<Counts>,
    /// High-priority people whose first plan was made in the last twelve months.
    pub high_new_last_year: usize,
    /// High-priority people without a current plan.
    pub high_remaining: usize,
    /// The 年度 in which every high-priority person will have a current plan at that pace
    /// (`None`: none was made in the last twelve months).
    pub high_all_by: Option<i32>,
}

fn band(score: u32) -> usize {
    if score >= HIGH {
        0
    } else if score >= MIDDLE {
        1
    } else {
        2
    }
}

/// The 年度 in which `remaining` are done at `per_year` a year, counted from `today`.
pub fn year_done(today: NaiveDate, remaining: usize, per_year: usize) -> Option<i32> {
    if remaining == 0 {
        return Some(fiscal_year(today));
    }
    if per_year == 0 {
        return None;
    }
    let years = remaining.div_ceil(per_year);
    let end = today.checked_add_months(chrono::Months::new(u32::try_from(years * 12).ok()?))?;
    Some(fiscal_year(end))
}

impl Roster {
    /// The yearly figures and the five-year pace, counted now.
    pub fn plan_coverage(&self) -> Result<Coverage> {
        let conn = self.conn();
        let today = self.clock().today();
        let year_ago = today
            .checked_sub_months(chrono::Months::new(12))
            .unwrap_or(today);
        let plans = plan_review::plan_facts(conn)?;
        let informed = plan_review::informed_only(conn)?;
        let due: HashSet<i64> = self.plans_due()?.iter().map(|d| d.person_id).collect();
        let mut total = Counts {
            label: "全体".into(),
            ..Counts::default()
        };
        let mut bands: Vec<Counts> = ["高", "中", "低"]
            .iter()
            .map(|l| Counts {
                label: (*l).into(),
                ..Counts::default()
            })
            .collect();
        let mut makers: BTreeMap<usize, usize> = BTreeMap::new();
        let mut districts: BTreeMap<String, Counts> = BTreeMap::new();
        let (mut new_last_year, mut remaining) = (0, 0);
        for line in persons::plan_lines(conn, today)? {
            let high = band(score(&line.facts).score) == 0;
            let plan = plans.get(&line.id);
            let made = plan.is_some_and(|p| p.destinations > 0 && line.supporters > 0);
            let current = made && !due.contains(&line.id);
            let district = line
                .district
                .clone()
                .unwrap_or_else(|| "（地区なし）".into());
            let mut groups: Vec<&mut Counts> = vec![&mut total];
            groups.push(&mut bands[band(score(&line.facts).score)]);
            let d = districts.entry(district.clone()).or_insert_with(|| Counts {
                label: district,
                ..Counts::default()
            });
            if high {
                groups.push(d);
            }
            for g in groups {
                g.people += 1;
                match plan {
                    Some(_) if made => g.made += 1,
                    Some(_) => g.partly += 1,
                    None => {
                        g.not_made += 1;
                        g.info_only += usize::from(informed.contains(&line.id));
                    }
                }
                g.current += usize::from(current);
            }
            if let Some(p) = plan {
                let k = match p.made_by.as_deref().and_then(PlanMaker::from_token) {
                    Some(PlanMaker::SelfFamily) => 0,
                    Some(PlanMaker::Community) => 1,
                    Some(PlanMaker::Professional) => 2,
                    None => 3,
                };
                *makers.entry(k).or_default() += 1;
            }
            if high {
                if !current {
                    remaining += 1;
                }
                let created = NaiveDate::parse_from_str(
                    plan.map_or("", |p| p.created_on.as_str()),
                    "%Y-%m-%d",
                );
                if created.is_ok_and(|c| c > year_ago && c <= today) {
                    new_last_year += 1;
                }
            }
        }
        let labels = ["本人・家族", "地域", "福祉専門職", "未記入"];
        Ok(Coverage {
            today: today.to_string(),
            total,
            by_priority: bands,
            by_maker: (0..4)
                .map(|k| (labels[k].to_string(), makers.get(&k).copied().unwrap_or(0)))
                .collect(),
            high_by_district: districts.into_values().filter(|d| d.people > 0).collect(),
            high_new_last_year: new_last_year,
            high_remaining: remaining,
            high_all_by: year_done(today, remaining, new_last_year),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pace_gives_the_year_all_are_done() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        assert_eq!(year_done(d("2026-11-22"), 0, 0), Some(2026));
        assert_eq!(year_done(d("2026-11-22"), 10, 0), None);
        // 25 left at 10 a year: three more years, ending in 年度 2029.
        assert_eq!(year_done(d("2026-11-22"), 25, 10), Some(2029));
        assert_eq!(year_done(d("2026-11-22"), 10, 10), Some(2027));
        assert_eq!(band(12), 0);
        assert_eq!(band(11), 1);
        assert_eq!(band(3), 2);
    }
}
