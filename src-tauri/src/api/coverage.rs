//! 作成状況 (#21): the yearly figures of the 個別避難計画 and the five-year pace of the
//! high-priority people, as the home screen shows them. Labels are the core's (Japanese);
//! the page translates the priority bands by their place.

use serde::Serialize;
use ts_rs::TS;
use yorisoi::worklists::coverage::{Counts, Coverage};

fn n(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// Counts of one group of people (全体, a priority band, a district).
#[derive(Debug, Serialize, TS)]
pub struct CoverageCounts {
    pub label: String,
    pub people: u32,
    /// With a plan made (a destination and a supporter).
    pub made: u32,
    /// With a plan lacking a destination or a supporter.
    pub partly: u32,
    pub not_made: u32,
    /// Of those without: given evacuation information only.
    pub info_only: u32,
    /// With a plan made and not due for review.
    pub current: u32,
}

impl From<Counts> for CoverageCounts {
    fn from(c: Counts) -> Self {
        CoverageCounts {
            label: c.label,
            people: n(c.people),
            made: n(c.made),
            partly: n(c.partly),
            not_made: n(c.not_made),
            info_only: n(c.info_only),
            current: n(c.current),
        }
    }
}

/// Plans by who made them.
#[derive(Debug, Serialize, TS)]
pub struct CoverageMaker {
    pub label: String,
    pub plans: u32,
}

/// The figures, counted now.
#[derive(Debug, Serialize, TS)]
pub struct CoverageView {
    /// The day they were counted (ISO).
    pub today: String,
    pub total: CoverageCounts,
    /// 高, 中, 低.
    pub by_priority: Vec<CoverageCounts>,
    pub by_maker: Vec<CoverageMaker>,
    pub high_by_district: Vec<CoverageCounts>,
    /// High-priority people whose first plan was made in the last twelve months.
    pub high_new_last_year: u32,
    /// High-priority people without a current plan.
    pub high_remaining: u32,
    /// The 年度 all of them will have one at that pace; `null`: no pace to go by.
    pub high_all_by: Option<i32>,
}

impl From<Coverage> for CoverageView {
    fn from(c: Coverage) -> Self {
        CoverageView {
            today: c.today,
            total: c.total.into(),
            by_priority: c.by_priority.into_iter().map(Into::into).collect(),
            by_maker: c
                .by_maker
                .into_iter()
                .map(|(label, plans)| CoverageMaker {
                    label,
                    plans: n(plans),
                })
                .collect(),
            high_by_district: c.high_by_district.into_iter().map(Into::into).collect(),
            high_new_last_year: n(c.high_new_last_year),
            high_remaining: n(c.high_remaining),
            high_all_by: c.high_all_by,
        }
    }
}
